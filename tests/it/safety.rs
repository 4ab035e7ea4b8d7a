//! Safety rules that cut across areas: where SQL and transactions may live, opening and
//! migrating files (also concurrently), refusing other programs' files, backups, atomic writes,
//! all-or-nothing call changes, time input, the offering file's bytes and bounded messages.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier};

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use cspdesk::calls::*;
use cspdesk::customers::*;
use cspdesk::db::{backup_file, backup_path, latest_version, APPLICATION_ID};
use cspdesk::files::write_atomically;
use cspdesk::holidays::Country;
use cspdesk::offering::file::{export, import, parse};
use cspdesk::offering::*;
use cspdesk::problem::{ProblemCode, MAX_QUOTED};
use cspdesk::settings::Language;
use cspdesk::when::{parse_instant, zone_from_env};
use cspdesk::{Db, Error, ErrorKind};
use rusqlite::Connection;

const TZ: Tz = chrono_tz::Europe::Stockholm;

/// Wall-clock time in Stockholm.
fn t(s: &str) -> DateTime<Utc> {
    TZ.from_local_datetime(&NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap())
        .single()
        .unwrap()
        .with_timezone(&Utc)
}

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// "Now" for every test here: after all the fixture times.
fn now() -> DateTime<Utc> {
    t("2026-11-27 12:00")
}

fn defaults() -> Defaults {
    Defaults {
        time_zone: "Europe/Stockholm".into(),
        country: Some(Country::SE),
        language: Language::En,
    }
}

fn customer(plan_id: i64) -> Customer {
    Customer {
        name: "Södertälje Bygg AB".into(),
        tenant_domain: "sodertaljebygg.onmicrosoft.com".into(),
        tenant_id: None,
        registration_number: "556000-0000".into(),
        relationship: CustomerRelationship::Direct,
        plan_id,
        notes: String::new(),
        contacts: vec![],
        language: None,
        version: None,
    }
}

fn new_call(
    customer_id: i64,
    received_at: DateTime<Utc>,
    severity: &str,
    summary: &str,
) -> NewCall {
    NewCall {
        customer_id,
        received_at,
        channel: Channel::Phone,
        contact_id: None,
        contact_name: "Åsa Lind".into(),
        service: Service::Teams,
        severity: severity.into(),
        summary: summary.into(),
        description: String::new(),
        assignee: None,
    }
}

/// A migrated database with the default plan and one customer: (db, plan, customer).
fn ready(db: Db) -> (Db, i64, i64) {
    let mut db = db;
    ensure_default_plan(&mut db, &defaults(), now()).unwrap();
    let plan = list_plans(&db).unwrap()[0].id;
    let customer = add_customer(&mut db, &customer(plan), now()).unwrap();
    (db, plan, customer)
}

fn count(conn: &Connection, table: &str) -> i64 {
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn partial_files(dir: &Path) -> Vec<String> {
    files_in(dir).into_iter().filter(|n| n.ends_with(".partial")).collect()
}

fn codes(err: &Error) -> Vec<(String, ProblemCode)> {
    err.problems().iter().map(|p| (p.field.clone(), p.code)).collect()
}

fn pragma_i64(path: &Path, pragma: &str) -> i64 {
    Connection::open(path).unwrap().pragma_query_value(None, pragma, |r| r.get(0)).unwrap()
}

// ---------------------------------------------------------------------------------------------
// 1. Source rules

fn rust_and_sql_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_and_sql_files(&path, out);
        } else if matches!(path.extension().and_then(|e| e.to_str()), Some("rs" | "sql")) {
            out.push(path);
        }
    }
}

/// Whether `text` begins an SQL transaction (`BEGIN;`, `BEGIN IMMEDIATE`, `"BEGIN"`, …). A
/// trigger body's `BEGIN` (followed by a statement) is not one.
fn sql_begin(text: &str) -> bool {
    let upper = text.to_ascii_uppercase();
    let bytes = upper.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut from = 0;
    while let Some(i) = upper[from..].find("BEGIN").map(|i| i + from) {
        from = i + 5;
        if (i > 0 && word(bytes[i - 1])) || bytes.get(i + 5).is_some_and(|&b| word(b)) {
            continue;
        }
        let rest = upper[i + 5..].trim_start();
        if rest.is_empty()
            || rest.starts_with([';', '"', '\'', ')'])
            || ["DEFERRED", "IMMEDIATE", "EXCLUSIVE", "TRANSACTION"].iter().any(|w| {
                rest.starts_with(w) && !rest.as_bytes().get(w.len()).is_some_and(|&b| word(b))
            })
        {
            return true;
        }
    }
    false
}

#[test]
fn sql_begin_detector_finds_transactions_but_not_trigger_bodies() {
    for (text, expected) in [
        ("conn.execute_batch(\"BEGIN IMMEDIATE\")", true),
        ("conn.execute_batch(\"BEGIN; INSERT INTO x VALUES (1); COMMIT;\")", true),
        ("conn.execute(\"begin\", [])", true),
        ("begin transaction;", true),
        ("CREATE TRIGGER a AFTER INSERT ON call BEGIN\n  INSERT INTO b VALUES (1);\nEND;", false),
        ("// the clocks begin at the call's receipt", false),
        ("let begin_at = 1; beginning(); BEGINS", false),
    ] {
        assert_eq!(sql_begin(text), expected, "{text:?}");
    }
}

#[test]
fn only_the_storage_module_begins_transactions() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let storage = root.join("src/db/sql.rs");
    let mut files = Vec::new();
    rust_and_sql_files(&root.join("src"), &mut files);
    assert!(files.len() > 10, "the walk found only {} files under src/", files.len());
    assert!(files.contains(&storage), "src/db/sql.rs was not found by the walk");
    let mut offenders = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let mut found: Vec<&str> =
            [".transaction(", "transaction_with_behavior", "unchecked_transaction"]
                .into_iter()
                .filter(|needle| text.contains(needle))
                .collect();
        if sql_begin(&text) {
            found.push("an SQL BEGIN");
        }
        if file == &storage {
            // The rule is real: the one place that begins transactions is seen by the scan.
            assert!(found.contains(&"an SQL BEGIN"), "the scan missed src/db/sql.rs");
        } else if !found.is_empty() {
            offenders.push(format!(
                "{}: {}",
                file.strip_prefix(root).unwrap().display(),
                found.join(", ")
            ));
        }
    }
    assert_eq!(offenders, Vec::<String>::new(), "transactions begun outside src/db/sql.rs");
}

#[test]
fn the_faces_hold_no_sql() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut offenders = Vec::new();
    for face in ["src-tauri/src", "cli/src"] {
        let mut files = Vec::new();
        rust_and_sql_files(&root.join(face), &mut files);
        assert!(!files.is_empty(), "no source files found under {face}");
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for needle in ["rusqlite", ".sqlite_connection()", "SELECT ", "INSERT INTO"] {
                if text.contains(needle) {
                    offenders
                        .push(format!("{}: {needle}", file.strip_prefix(root).unwrap().display()));
                }
            }
        }
    }
    assert_eq!(offenders, Vec::<String>::new(), "SQL in the faces; it belongs in the core");
}

// ---------------------------------------------------------------------------------------------
// 2 and 3. Migrations: concurrent opens, and due times filled in on upgrade

/// The calls of the upgrade fixtures: what happens to each, as (status, when) steps after it is
/// received. Stockholm wall-clock times in a week of November 2026.
struct Story {
    received: &'static str,
    severity: &'static str,
    summary: &'static str,
    /// Status changes in order (the last one is the call's status).
    steps: &'static [(&'static str, &'static str)],
}

const STORIES: &[Story] = &[
    Story { received: "2026-11-23 09:00", severity: "A", summary: "Open call", steps: &[] },
    Story {
        received: "2026-11-23 10:00",
        severity: "B",
        summary: "Paused call",
        steps: &[("in_progress", "2026-11-23 10:30"), ("waiting_customer", "2026-11-23 11:00")],
    },
    Story {
        received: "2026-11-23 16:00",
        severity: "B",
        summary: "Paused and resumed call",
        steps: &[
            ("in_progress", "2026-11-23 16:10"),
            ("waiting_customer", "2026-11-23 16:30"),
            ("in_progress", "2026-11-24 09:15"),
        ],
    },
    Story {
        received: "2026-11-23 13:00",
        severity: "C",
        summary: "Resolved call",
        steps: &[("resolved", "2026-11-24 15:00")],
    },
];

/// Writes the stories into an old-schema file with plain SQL, as an older CSP Desk would have
/// stored them (no due times).
fn write_stories_raw(path: &Path) {
    let conn = Connection::open(path).unwrap();
    let plan: i64 =
        conn.query_row("SELECT id FROM plan WHERE is_default = 1", [], |r| r.get(0)).unwrap();
    conn.execute(
        "INSERT INTO customer (name, plan_id, created_at) VALUES ('Södertälje Bygg AB', ?1, ?2)",
        rusqlite::params![plan, now().timestamp()],
    )
    .unwrap();
    let customer = conn.last_insert_rowid();
    for s in STORIES {
        let severity: i64 = conn
            .query_row(
                "SELECT id FROM severity WHERE plan_id = ?1 AND code = ?2",
                rusqlite::params![plan, s.severity],
                |r| r.get(0),
            )
            .unwrap();
        let status = s.steps.last().map_or("new", |(status, _)| status);
        let resolved =
            s.steps.iter().find(|(st, _)| *st == "resolved").map(|(_, at)| t(at).timestamp());
        conn.execute(
            "INSERT INTO call (customer_id, contact_name, received_at, channel, service, severity_id, summary, status,
                               first_response_at, resolved_at, resolution, updated_at)
             VALUES (?1, 'Åsa Lind', ?2, 'phone', 'teams', ?3, ?4, ?5, ?6, ?6, ?7, ?8)",
            rusqlite::params![
                customer,
                t(s.received).timestamp(),
                severity,
                s.summary,
                status,
                resolved,
                if resolved.is_some() { "Fixed" } else { "" },
                now().timestamp()
            ],
        )
        .unwrap();
        let call = conn.last_insert_rowid();
        let event = |at: i64, status: &str| {
            conn.execute(
                "INSERT INTO call_event (call_id, at, kind, detail) VALUES (?1, ?2, 'status', ?3)",
                rusqlite::params![call, at, status],
            )
            .unwrap();
        };
        event(t(s.received).timestamp(), "new");
        for (status, at) in s.steps {
            event(t(at).timestamp(), status);
        }
    }
}

/// The same stories through the public API, in a fresh database.
fn stories_through_the_api() -> Db {
    let (mut db, _, customer) = ready(Db::open_in_memory().unwrap());
    for s in STORIES {
        let id =
            log_call(&mut db, &new_call(customer, t(s.received), s.severity, s.summary), now())
                .unwrap();
        let mut previous = "new";
        for (status, at) in s.steps {
            let action = match *status {
                "in_progress" if previous == "waiting_customer" => Action::Resume,
                "in_progress" => Action::SetStatus { status: Status::InProgress },
                "waiting_customer" => Action::Wait,
                "resolved" => Action::Resolve { resolution: "Fixed".into() },
                other => panic!("no action for {other}"),
            };
            apply(&mut db, id, &[action], t(at), now()).unwrap();
            previous = status;
        }
    }
    db
}

/// Summary, status, and the stored due and warning instants of the first response and resolution.
type DueRow = (String, String, Option<i64>, Option<i64>, Option<i64>, Option<i64>);

fn due_times(conn: &Connection) -> Vec<DueRow> {
    conn.prepare(
        "SELECT summary, status, first_response_due, resolution_due, first_response_warn, resolution_warn
         FROM call ORDER BY received_at",
    )
    .unwrap()
    .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

/// An old-schema file with the default plan (written through the API, which the plan tables of
/// schemas 1 and 2 support) and the stories.
fn old_file(path: &Path, version: u32) {
    let db = Db::open_up_to(path, version).unwrap();
    assert_eq!(db.schema_version().unwrap(), version);
    drop(db);
    write_plan_raw(path, &default_plan(&defaults()), Language::En);
    write_stories_raw(path);
}

/// `plan` as a schema 1 to 3 file stores it: each text in one language, `lang`.
fn write_plan_raw(path: &Path, plan: &Plan, lang: Language) {
    let conn = Connection::open(path).unwrap();
    let text = |b: &Bilingual| b.get(lang).to_owned();
    conn.execute(
        "INSERT INTO plan (name, description, is_default, time_zone, holiday_country, currency, updated_at)
         VALUES (?1, ?2, 1, ?3, ?4, ?5, 0)",
        rusqlite::params![
            text(&plan.name),
            text(&plan.description),
            plan.hours.time_zone,
            plan.hours.holidays.map(|c| format!("{c:?}")),
            plan.pricing.currency
        ],
    )
    .unwrap();
    let id = conn.last_insert_rowid();
    for w in &plan.hours.windows {
        conn.execute(
            "INSERT INTO plan_window (plan_id, weekday, start_minute, end_minute) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![id, w.day.index(), w.start.minutes(), w.end.minutes()],
        )
        .unwrap();
    }
    for (i, c) in plan.contacts.iter().enumerate() {
        conn.execute(
            "INSERT INTO plan_contact (plan_id, position, method, address, note) VALUES (?1, ?2, ?3, '', ?4)",
            rusqlite::params![id, i, c.method.code(), text(&c.note)],
        )
        .unwrap();
    }
    for (i, s) in plan.severities.iter().enumerate() {
        conn.execute(
            "INSERT INTO severity (plan_id, position, code, name, description, first_response_minutes, resolution_minutes, clock)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            rusqlite::params![
                id,
                i,
                s.code,
                text(&s.name),
                text(&s.description),
                s.first_response_minutes,
                s.resolution_minutes,
                s.clock.code()
            ],
        )
        .unwrap();
    }
    let items = plan.scope.included.iter().map(|t| (true, t));
    for (i, (included, item)) in
        items.chain(plan.scope.excluded.iter().map(|t| (false, t))).enumerate()
    {
        conn.execute(
            "INSERT INTO plan_scope_item (plan_id, position, included, text) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![id, i, included, text(item)],
        )
        .unwrap();
    }
    conn.execute("UPDATE partner_profile SET document_language = ?1", [lang.code()]).unwrap();
}

#[test]
fn an_upgrade_gives_the_starter_plan_both_languages_and_keeps_own_texts_in_theirs() {
    let starter = default_plan(&defaults());
    for (version, lang) in [(1, Language::En), (3, Language::Sv)] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite3");
        drop(Db::open_up_to(&path, version).unwrap());
        let mut own = starter.clone();
        own.severities[2].name = Bilingual::only(lang, "Egen nivå");
        own.scope.excluded.push(Bilingual::only(lang, "Skrivare på plats"));
        write_plan_raw(&path, &own, lang);
        let db = Db::open(&path).unwrap();
        let (id, plan) = plan_by_name(&db, "Standard").unwrap().expect("the plan is kept");
        assert_eq!(plan.name, starter.name, "from schema {version}");
        assert_eq!(plan.description, starter.description, "from schema {version}");
        assert_eq!(plan.severities[0].name, Bilingual::new("Kritisk", "Critical"));
        assert_eq!(plan.severities[1].description, starter.severities[1].description);
        assert_eq!(
            plan.severities[2].name,
            Bilingual::only(lang, "Egen nivå"),
            "own text, own language"
        );
        assert_eq!(plan.scope.included, starter.scope.included);
        assert_eq!(
            plan.scope.excluded.last().unwrap(),
            &Bilingual::only(lang, "Skrivare på plats")
        );
        assert_eq!(
            cspdesk::terms::missing_texts(&plan, cspdesk::settings::Language::En),
            if lang == Language::Sv {
                vec!["severities[2].name".to_owned(), "scope.excluded[4]".to_owned()]
            } else {
                vec![]
            }
        );
        assert_eq!(load_plan(&db, id).unwrap(), plan);
    }
}

#[test]
fn an_upgrade_fills_in_the_due_times_a_fresh_database_would_store() {
    let fresh = stories_through_the_api();
    let expected = due_times(fresh.sqlite_connection());
    assert_eq!(expected.len(), STORIES.len());
    assert!(
        expected[0].2.is_some() && expected[0].3.is_some() && expected[0].4 < expected[0].2,
        "the open call has due times: {expected:?}"
    );
    // The pauses matter: the paused calls' resolution due times differ from a call without one.
    assert_eq!(expected[1].3, None, "a call waiting on the customer is not due: {expected:?}");
    for version in [1, 2] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite3");
        old_file(&path, version);
        let db = Db::open(&path).unwrap();
        assert_eq!(db.schema_version().unwrap(), latest_version());
        // A desk in use does not get the first-start checklist's plan step again.
        assert!(cspdesk::info::first_steps(&db).unwrap().plan, "from schema {version}");
        let got = due_times(db.sqlite_connection());
        assert_eq!(got.len(), expected.len(), "from schema {version}");
        for (g, e) in got.iter().zip(&expected) {
            assert_eq!(g, e, "from schema {version}: call '{}'", e.0);
        }
    }
}

#[test]
fn four_processes_opening_an_old_file_at_once_migrate_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.sqlite3");
    old_file(&path, 1);
    let threads = 4;
    let barrier = Arc::new(Barrier::new(threads));
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let (barrier, path) = (barrier.clone(), path.clone());
            std::thread::spawn(move || {
                barrier.wait();
                Db::open(&path).map(|db| db.schema_version().unwrap()).map_err(|e| e.to_string())
            })
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), Ok(latest_version()));
    }
    assert_eq!(pragma_i64(&path, "user_version"), i64::from(latest_version()));
    assert_eq!(pragma_i64(&path, "application_id"), i64::from(APPLICATION_ID));
    let backups: Vec<String> =
        files_in(dir.path()).into_iter().filter(|n| n.contains(".bak")).collect();
    assert_eq!(backups, ["shared.sqlite3.schema-1.bak"], "one backup, of schema 1");
    let backup = backup_path(&path, 1);
    assert_eq!(pragma_i64(&backup, "user_version"), 1, "the backup holds the file as it was");
    assert_eq!(count(&Connection::open(&backup).unwrap(), "call"), STORIES.len() as i64);
    assert_eq!(partial_files(dir.path()), Vec::<String>::new());
    // Migrated once, completely: the calls got their due times.
    let db = Db::open(&path).unwrap();
    let open_due: Option<i64> = db
        .sqlite_connection()
        .query_row("SELECT first_response_due FROM call WHERE summary = 'Open call'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(open_due.is_some());
}

// ---------------------------------------------------------------------------------------------
// 4 and 5. Whose file is it; a missing file

#[test]
fn another_programs_sqlite_file_is_refused_untouched() {
    for user_version in [0, 7] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(&format!(
                "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
                 INSERT INTO notes (body) VALUES ('buy milk');
                 PRAGMA user_version = {user_version};"
            ))
            .unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = Db::open(&path).err().expect("another program's file must be refused");
        assert_eq!(err.kind(), ErrorKind::Storage, "user_version {user_version}");
        assert!(
            err.to_string().contains("not a CSP Desk database"),
            "user_version {user_version}: {err}"
        );
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "user_version {user_version}: the file changed"
        );
        assert_eq!(
            files_in(dir.path()),
            ["notes.db"],
            "user_version {user_version}: files appeared"
        );
    }
}

#[test]
fn a_new_file_is_stamped_and_a_legacy_file_gets_stamped() {
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("new.sqlite3");
    drop(Db::open(&new).unwrap());
    assert_eq!(pragma_i64(&new, "application_id"), i64::from(APPLICATION_ID));

    let legacy = dir.path().join("legacy.sqlite3");
    drop(Db::open_up_to(&legacy, 3).unwrap());
    Connection::open(&legacy).unwrap().execute_batch("PRAGMA application_id = 0").unwrap();
    assert_eq!(pragma_i64(&legacy, "application_id"), 0);
    let db = Db::open(&legacy).expect("a CSP Desk file from before the id opens");
    assert_eq!(db.schema_version().unwrap(), latest_version());
    drop(db);
    assert_eq!(pragma_i64(&legacy, "application_id"), i64::from(APPLICATION_ID));
    // Schema 3 is older than this build's: the upgrade made its copy first.
    assert!(
        files_in(dir.path()).iter().any(|n| n.ends_with(".schema-3.bak")),
        "{:?}",
        files_in(dir.path())
    );
}

#[test]
fn open_existing_refuses_a_missing_file_and_creates_none() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typo.sqlite3");
    let err = Db::open_existing(&path).err().expect("a missing file must be refused");
    assert_eq!(err.kind(), ErrorKind::Storage);
    assert!(err.to_string().contains(&path.display().to_string()), "{err}");
    assert!(!path.exists());
    assert_eq!(files_in(dir.path()), Vec::<String>::new());
}

// ---------------------------------------------------------------------------------------------
// 6. Backups

#[test]
fn backup_file_copies_a_database_that_another_thread_keeps_writing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("live.sqlite3");
    let (_app, _, customer) = ready(Db::open(&path).unwrap());
    let start = Arc::new(Barrier::new(2));
    let writer = {
        let (path, start) = (path.clone(), start.clone());
        std::thread::spawn(move || {
            let mut db = Db::open(&path).unwrap();
            start.wait();
            for i in 0..200 {
                let received = t("2026-11-23 09:00") + chrono::Duration::minutes(i);
                log_call(&mut db, &new_call(customer, received, "A", &format!("Call {i}")), now())
                    .unwrap();
            }
        })
    };
    start.wait();
    let copy = dir.path().join("copy.sqlite3");
    backup_file(&path, &copy).unwrap();
    writer.join().unwrap();

    let conn = Connection::open(&copy).unwrap();
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    let calls = count(&conn, "call");
    assert!((0..=200).contains(&calls), "{calls} calls");
    assert_eq!(count(&conn, "customer"), 1);
    drop(conn);
    assert_eq!(partial_files(dir.path()), Vec::<String>::new());

    let first_copy = std::fs::read(&copy).unwrap();
    let err = backup_file(&path, &copy).expect_err("an existing copy must not be overwritten");
    assert_eq!(codes(&err), [("out".to_string(), ProblemCode::FileExists)], "{err}");
    assert_eq!(std::fs::read(&copy).unwrap(), first_copy, "the first copy changed");
    assert_eq!(partial_files(dir.path()), Vec::<String>::new());

    let foreign = dir.path().join("notes.db");
    Connection::open(&foreign).unwrap().execute_batch("CREATE TABLE notes (body TEXT)").unwrap();
    let out = dir.path().join("notes-copy.db");
    let err = backup_file(&foreign, &out).expect_err("another program's file is not backed up");
    assert!(err.to_string().contains("not a CSP Desk database"), "{err}");
    assert!(!out.exists());
}

// ---------------------------------------------------------------------------------------------
// 7. Atomic writes never hit the database

/// `path` spelled relative to the current directory (without changing it: tests run in parallel).
/// Up to the root with `..` for each folder of the current directory, then down to `path`
/// (its root or drive left out, so it works on Windows too, on the same drive).
fn relative_to_cwd(path: &Path) -> PathBuf {
    let named = |p: &Path| {
        p.components()
            .filter(|c| matches!(c, std::path::Component::Normal(_)))
            .map(|c| c.as_os_str().to_owned())
            .collect::<Vec<_>>()
    };
    let cwd = std::env::current_dir().unwrap();
    let mut rel: PathBuf = named(&cwd).iter().map(|_| "..").collect();
    rel.extend(named(path));
    rel
}

#[test]
fn write_atomically_refuses_every_spelling_of_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("dir");
    std::fs::create_dir(&sub).unwrap();
    let db_path = sub.join("cspdesk.sqlite3");
    let db = Db::open(&db_path).unwrap();
    let file = |suffix: &str| PathBuf::from(format!("{}{suffix}", db_path.display()));
    assert!(file("-wal").exists() && file("-shm").exists(), "WAL files are present while open");
    let snapshot = || -> Vec<Vec<u8>> {
        ["", "-wal"].iter().map(|s| std::fs::read(file(s)).unwrap()).collect()
    };
    let before = snapshot();
    #[allow(unused_mut)]
    let mut cases: Vec<(&str, PathBuf)> = vec![
        ("the database", db_path.clone()),
        ("its -wal", file("-wal")),
        ("its -shm", file("-shm")),
        ("through ..", dir.path().join("dir/../dir/cspdesk.sqlite3")),
        ("relative", relative_to_cwd(&db_path)),
        ("relative -wal", relative_to_cwd(&file("-wal"))),
    ];
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&sub, dir.path().join("link")).unwrap();
        cases.push(("through a symbolic link", dir.path().join("link/cspdesk.sqlite3")));
    }
    for (name, dest) in cases {
        assert!(dest.exists(), "{name}: {} does not name the file", dest.display());
        let err = write_atomically("out", &dest, b"terms sheet", Some(&db_path))
            .err()
            .unwrap_or_else(|| panic!("{name}: {} was overwritten", dest.display()));
        assert_eq!(codes(&err), [("out".to_string(), ProblemCode::OutputIsDatabase)], "{name}");
    }
    assert_eq!(snapshot(), before, "the database changed");
    assert_eq!(count(db.sqlite_connection(), "partner_profile"), 1, "the database still reads");

    let out = sub.join("terms.pdf");
    write_atomically("out", &out, b"first", Some(&db_path)).unwrap();
    write_atomically("out", &out, b"second", Some(&db_path)).unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), b"second");
    assert_eq!(partial_files(&sub), Vec::<String>::new());
    assert_eq!(partial_files(dir.path()), Vec::<String>::new());
}

// ---------------------------------------------------------------------------------------------
// 8. Call changes: all or nothing, and in order

struct CallState {
    status: String,
    health_reference: String,
    time_entries: i64,
    events: i64,
    updated_at: i64,
}

fn call_state(db: &Db, id: i64) -> CallState {
    let conn = db.sqlite_connection();
    let (status, health_reference, updated_at) = conn
        .query_row(
            "SELECT status, health_reference, updated_at FROM call WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let n = |table: &str| -> i64 {
        conn.query_row(&format!("SELECT count(*) FROM {table} WHERE call_id = ?1"), [id], |r| {
            r.get(0)
        })
        .unwrap()
    };
    CallState {
        status,
        health_reference,
        time_entries: n("time_entry"),
        events: n("call_event"),
        updated_at,
    }
}

fn assert_unchanged(db: &Db, id: i64, before: &CallState, case: &str) {
    let after = call_state(db, id);
    assert_eq!(after.status, before.status, "{case}: status");
    assert_eq!(after.health_reference, before.health_reference, "{case}: health reference");
    assert_eq!(after.time_entries, before.time_entries, "{case}: time entries");
    assert_eq!(after.events, before.events, "{case}: events");
    assert_eq!(after.updated_at, before.updated_at, "{case}: updated_at");
}

fn time(minutes: u32) -> Action {
    Action::Time { minutes, billable: true, note: String::new() }
}

#[test]
fn a_call_change_is_all_or_nothing_and_in_order() {
    let (mut db, _, customer) = ready(Db::open_in_memory().unwrap());
    let received = t("2026-11-23 09:00");
    let id =
        log_call(&mut db, &new_call(customer, received, "A", "Teams calls drop"), now()).unwrap();
    let health = Action::Health { reference: "EX123456".into(), known_issue: false };
    let later = t("2026-11-23 10:00");

    // (case, actions, at, now, kind, field, code)
    type Case = (
        &'static str,
        Vec<Action>,
        DateTime<Utc>,
        DateTime<Utc>,
        ErrorKind,
        &'static str,
        ProblemCode,
    );
    let cases: Vec<Case> = vec![
        (
            "health with a zero time entry",
            vec![health.clone(), time(0)],
            later,
            now(),
            ErrorKind::Validation,
            "minutes",
            ProblemCode::OutOfRange,
        ),
        (
            "time then close an open call",
            vec![time(5), Action::Close],
            later,
            now(),
            ErrorKind::Conflict,
            "status",
            ProblemCode::StatusChange,
        ),
        (
            "health then close an open call",
            vec![health.clone(), Action::Close],
            later,
            now(),
            ErrorKind::Conflict,
            "status",
            ProblemCode::StatusChange,
        ),
        (
            "at in the future",
            vec![time(5)],
            now() + chrono::Duration::minutes(1),
            now(),
            ErrorKind::Validation,
            "at",
            ProblemCode::InTheFuture,
        ),
        (
            "at before 2000",
            vec![time(5)],
            utc("1999-12-31T23:59:59Z"),
            now(),
            ErrorKind::Validation,
            "at",
            ProblemCode::TooEarly,
        ),
        (
            "at before the call was received",
            vec![time(5)],
            received - chrono::Duration::minutes(1),
            now(),
            ErrorKind::Validation,
            "at",
            ProblemCode::BeforeReceived,
        ),
    ];
    for (case, actions, at, now, kind, field, code) in cases {
        let before = call_state(&db, id);
        let err = apply(&mut db, id, &actions, at, now)
            .err()
            .unwrap_or_else(|| panic!("{case}: applied"));
        assert_eq!(err.kind(), kind, "{case}: {err}");
        assert_eq!(codes(&err), [(field.to_string(), code)], "{case}");
        assert_unchanged(&db, id, &before, case);
    }
    assert_eq!(call_state(&db, id).health_reference, "");
    assert_eq!(call_state(&db, id).time_entries, 0);

    // Resume before the wait began: refused, and the call stays waiting.
    apply(&mut db, id, &[Action::Wait], t("2026-11-23 11:00"), now()).unwrap();
    let before = call_state(&db, id);
    assert_eq!(before.status, "waiting_customer");
    let err = apply(&mut db, id, &[Action::Resume], t("2026-11-23 10:59"), now()).unwrap_err();
    assert_eq!(codes(&err), [("at".to_string(), ProblemCode::BeforePreviousEvent)], "{err}");
    assert_unchanged(&db, id, &before, "resume before the wait");
    apply(&mut db, id, &[Action::Resume], t("2026-11-23 11:00"), now())
        .expect("at the same instant is in order");
    assert_eq!(call_state(&db, id).status, "in_progress");
}

#[test]
fn a_call_received_in_the_future_or_before_2000_is_not_logged() {
    let (mut db, _, customer) = ready(Db::open_in_memory().unwrap());
    for (case, received, code) in [
        ("a minute from now", now() + chrono::Duration::minutes(1), ProblemCode::InTheFuture),
        ("in 1999", utc("1999-06-01T12:00:00Z"), ProblemCode::TooEarly),
    ] {
        let err = log_call(&mut db, &new_call(customer, received, "A", "Teams calls drop"), now())
            .err()
            .unwrap_or_else(|| panic!("{case}: logged"));
        assert_eq!(err.kind(), ErrorKind::Validation, "{case}");
        assert_eq!(codes(&err), [("receivedAt".to_string(), code)], "{case}");
        assert_eq!(count(db.sqlite_connection(), "call"), 0, "{case}");
        assert_eq!(count(db.sqlite_connection(), "call_event"), 0, "{case}");
    }
    log_call(&mut db, &new_call(customer, now(), "A", "Teams calls drop"), now())
        .expect("now itself is fine");
}

// ---------------------------------------------------------------------------------------------
// 9. Times as people type them

#[test]
fn wall_clock_times_around_daylight_saving_changes() {
    // (input, Ok(UTC) or Err(code)). Stockholm: 2026-03-29 02:00 -> 03:00; 2025-10-26 03:00 -> 02:00.
    let cases: Vec<(&str, Result<&str, ProblemCode>)> = vec![
        ("2026-03-29 01:59", Ok("2026-03-29T00:59:00Z")),
        ("2026-03-29 02:00", Err(ProblemCode::LocalTimeMissing)),
        ("2026-03-29 02:30", Err(ProblemCode::LocalTimeMissing)),
        ("2026-03-29 03:00", Ok("2026-03-29T01:00:00Z")),
        ("2025-10-26 01:59", Ok("2025-10-25T23:59:00Z")),
        ("2025-10-26 02:00", Err(ProblemCode::LocalTimeAmbiguous)),
        ("2025-10-26 02:59", Err(ProblemCode::LocalTimeAmbiguous)),
        ("2025-10-26 03:00", Ok("2025-10-26T02:00:00Z")),
        ("2026-11-23T10:00", Ok("2026-11-23T09:00:00Z")),
        ("  2026-11-23 10:00  ", Ok("2026-11-23T09:00:00Z")),
        ("2026-11-23T10:00:00+01:00", Ok("2026-11-23T09:00:00Z")),
        ("2026-03-29T02:30:00+01:00", Ok("2026-03-29T01:30:00Z")),
        ("2025-10-26T02:30:00Z", Ok("2025-10-26T02:30:00Z")),
        ("yesterday", Err(ProblemCode::InvalidDateTime)),
        ("2026-13-01 10:00", Err(ProblemCode::InvalidDateTime)),
        ("2026-11-23 25:00", Err(ProblemCode::InvalidDateTime)),
        ("", Err(ProblemCode::InvalidDateTime)),
    ];
    for (input, expected) in cases {
        let got = parse_instant("at", input, TZ);
        match (&got, expected) {
            (Ok(t), Ok(e)) => assert_eq!(*t, utc(e), "{input:?}"),
            (Err(err), Err(code)) => {
                assert_eq!(codes(err), [("at".to_string(), code)], "{input:?}");
                assert_eq!(err.kind(), ErrorKind::Validation);
            }
            _ => panic!("{input:?}: got {got:?}, expected {expected:?}"),
        }
    }
    // The ambiguous time's message offers both readings.
    let err = parse_instant("at", "2025-10-26 02:30", TZ).unwrap_err();
    let p = &err.problems()[0];
    assert_eq!(p.params["first"], "2025-10-26T02:30:00+02:00");
    assert_eq!(p.params["second"], "2025-10-26T02:30:00+01:00");
}

#[test]
fn time_zones_from_the_environment() {
    for (value, expected) in [
        ("Europe/Stockholm", Some(TZ)),
        (":Europe/Stockholm", Some(TZ)),
        ("/usr/share/zoneinfo/Europe/Stockholm", Some(TZ)),
        (" UTC ", Some(chrono_tz::UTC)),
        ("nonsense", None),
        ("", None),
    ] {
        assert_eq!(zone_from_env(value), expected, "{value:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// 10 and 11. The offering file's bytes; bounded messages

fn offering_db() -> Db {
    let mut db = Db::open_in_memory().unwrap();
    ensure_default_plan(&mut db, &defaults(), now()).unwrap();
    db
}

#[test]
fn an_offering_file_with_a_byte_order_mark_imports() {
    let source = offering_db();
    let json = export(&source).unwrap();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(json.as_bytes());
    let mut target = Db::open_in_memory().unwrap();
    let summary = import(&mut target, &bytes, now()).expect("a BOM is skipped");
    assert_eq!(summary.created.len(), 1);
    assert_eq!(export(&target).unwrap(), json);
}

/// The export with byte `offset` replaced by one that is never UTF-8, after an optional prefix.
fn broken_export(prefix: &[u8], offset_in_json: usize) -> Vec<u8> {
    let mut bytes = prefix.to_vec();
    bytes.extend_from_slice(export(&offering_db()).unwrap().as_bytes());
    bytes[prefix.len() + offset_in_json] = 0xFF;
    bytes
}

#[test]
fn an_offering_file_that_is_not_utf8_names_the_offset() {
    for offset in [0, 1, 57, 300] {
        let err = parse(&broken_export(b"", offset)).unwrap_err();
        assert_eq!(
            codes(&err),
            [("file".to_string(), ProblemCode::InvalidUtf8)],
            "offset {offset}"
        );
        assert_eq!(err.problems()[0].params["offset"], offset.to_string());
    }
}

#[test]
fn an_offering_file_with_a_byte_order_mark_that_is_not_utf8_names_the_file_offset() {
    // The offset a user looks up in a hex editor counts the byte-order mark too.
    let offset_in_json = 57;
    let file_offset = 3 + offset_in_json;
    let err = parse(&broken_export(b"\xEF\xBB\xBF", offset_in_json)).unwrap_err();
    assert_eq!(codes(&err), [("file".to_string(), ProblemCode::InvalidUtf8)]);
    assert_eq!(
        err.problems()[0].params["offset"],
        file_offset.to_string(),
        "the offset is counted after the byte-order mark, not in the file"
    );
}

/// Imports the default offering with `model` as the first plan's price model: refused as a
/// validation error naming the price model and the unknown field "bogus", nothing changed.
fn assert_price_model_refused(name: &str, model: serde_json::Value) {
    let mut db = offering_db();
    let before = export(&db).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&before).unwrap();
    v["plans"][0]["pricing"]["model"] = model;
    let json = serde_json::to_string(&v).unwrap();
    match import(&mut db, json.as_bytes(), now()) {
        Ok(_) => panic!("{name}: a price model with the unknown field \"bogus\" was imported"),
        Err(err) => {
            assert_eq!(err.kind(), ErrorKind::Validation, "{name}: {err}");
            let field = err.field().unwrap_or_default();
            assert!(field.starts_with("plans[0].pricing"), "{name}: names {field:?} ({err})");
            assert!(err.to_string().contains("bogus"), "{name}: {err}");
        }
    }
    assert_eq!(export(&db).unwrap(), before, "{name}: the offering changed");
}

#[test]
fn an_unknown_field_in_a_price_model_with_fields_is_refused() {
    for (name, model) in [
        (
            "hourly",
            serde_json::json!({"kind": "hourly", "rate": 95000, "incrementMinutes": 15, "minimumMinutes": 30, "bogus": 1}),
        ),
        ("perIncident", serde_json::json!({"kind": "perIncident", "price": 95000, "bogus": 1})),
        (
            "block",
            serde_json::json!({"kind": "block", "hours": 10, "price": 950000, "rollover": true, "overageRate": 110000, "bogus": 1}),
        ),
    ] {
        assert_price_model_refused(name, model);
    }
}

#[test]
fn an_unknown_field_next_to_the_included_price_model_is_refused() {
    // `included` has no fields: serde reads an internally tagged unit variant without looking
    // at the other keys, so deny_unknown_fields does not reach it.
    assert_price_model_refused("included", serde_json::json!({"kind": "included", "bogus": 1}));
}

#[test]
fn a_ten_megabyte_time_zone_gets_a_short_message() {
    let huge = "Europe/".to_string() + &"x".repeat(10 * 1024 * 1024);
    let mut db = offering_db();
    let id = list_plans(&db).unwrap()[0].id;
    let mut plan = load_plan(&db, id).unwrap();
    plan.hours.time_zone = huge.clone();
    let before = export(&db).unwrap();

    let check = |name: &str, err: Error| {
        assert_eq!(err.kind(), ErrorKind::Validation, "{name}");
        let p = err
            .problems()
            .iter()
            .find(|p| p.code == ProblemCode::InvalidTimeZone)
            .unwrap_or_else(|| panic!("{name}: {:?}", codes(&err)));
        assert!(p.field.ends_with("hours.timeZone"), "{name}: {}", p.field);
        assert!(p.params.values().all(|v| v.chars().count() <= MAX_QUOTED), "{name}");
        assert!(
            p.message.chars().count() <= 200,
            "{name}: message of {} characters",
            p.message.chars().count()
        );
        let whole = err.to_string();
        assert!(
            whole.chars().count() <= 250,
            "{name}: error of {} characters",
            whole.chars().count()
        );
    };
    check("save_plan", save_plan(&mut db, Some(id), &plan, now()).unwrap_err());

    let mut v: serde_json::Value = serde_json::from_str(&before).unwrap();
    v["plans"][0]["hours"]["timeZone"] = huge.clone().into();
    check(
        "import",
        import(&mut db, serde_json::to_string(&v).unwrap().as_bytes(), now()).unwrap_err(),
    );
    let err = parse_instant("at", &huge, TZ).unwrap_err();
    assert!(
        err.to_string().chars().count() <= 200,
        "parse_instant: {} characters",
        err.to_string().chars().count()
    );
    assert_eq!(export(&db).unwrap(), before, "the offering changed");
}

// ---------------------------------------------------------------------------------------------
// 12 and 13. Demo sizes; a plan without hours

#[test]
fn demo_fill_refuses_empty_sizes_and_writes_nothing() {
    use cspdesk::demo::{fill, DemoSize};
    for (customers, calls, fields) in
        [(0, 10, vec!["customers"]), (10, 0, vec!["calls"]), (0, 0, vec!["customers", "calls"])]
    {
        let mut db = Db::open_in_memory().unwrap();
        let err = fill(&mut db, &DemoSize { customers, calls, seed: 1 }, now())
            .err()
            .unwrap_or_else(|| panic!("{customers} customers, {calls} calls: filled"));
        assert_eq!(err.kind(), ErrorKind::Validation);
        let expected: Vec<(String, ProblemCode)> =
            fields.iter().map(|f| (f.to_string(), ProblemCode::OutOfRange)).collect();
        assert_eq!(codes(&err), expected, "{customers} customers, {calls} calls");
        for table in ["plan", "customer", "call"] {
            assert_eq!(
                count(db.sqlite_connection(), table),
                0,
                "{customers} customers, {calls} calls: {table}"
            );
        }
    }
}

#[test]
fn a_plan_without_hours_needs_around_the_clock_targets() {
    let mut db = offering_db();
    let id = list_plans(&db).unwrap()[0].id;
    let mut plan = load_plan(&db, id).unwrap();
    assert!(plan.severities.iter().all(|s| s.clock == Clock::ServiceHours));
    plan.hours.windows.clear();
    let no_hours = |p: &Plan| {
        p.problems()
            .iter()
            .any(|p| p.field == "hours.windows" && p.code == ProblemCode::NoOpenHours)
    };
    assert!(no_hours(&plan), "{:?}", plan.problems());
    let err = save_plan(&mut db, Some(id), &plan, now()).unwrap_err();
    assert!(
        codes(&err).contains(&("hours.windows".to_string(), ProblemCode::NoOpenHours)),
        "{:?}",
        codes(&err)
    );
    assert_eq!(load_plan(&db, id).unwrap().hours.windows.len(), 5, "the plan changed");

    // Around the clock, a plan needs no hours.
    for s in &mut plan.severities {
        s.clock = Clock::Calendar;
    }
    assert!(!no_hours(&plan), "{:?}", plan.problems());
    save_plan(&mut db, Some(id), &plan, now()).unwrap();
}

/// A plan saved before open hours were required (here: its windows removed behind the app's
/// back) cannot meet a service-hours target: the clock says so, with the reason, instead of
/// "on track" forever.
#[test]
fn a_clock_that_can_never_be_met_says_why() {
    let (mut db, plan, customer) = ready(Db::open_in_memory().unwrap());
    let received = now() - chrono::Duration::hours(1);
    let id = log_call(&mut db, &new_call(customer, received, "A", "Outlook hangs"), now()).unwrap();
    let open = get_call(&db, id, now()).unwrap().row;
    assert_ne!(open.first_response.state, cspdesk::sla::ClockState::NoDueTime);
    db.write(|tx| {
        tx.execute("DELETE FROM plan_window WHERE plan_id = ?1", cspdesk::params![plan])?;
        Ok(())
    })
    .unwrap();
    let id = log_call(&mut db, &new_call(customer, received, "A", "Teams drops"), now()).unwrap();
    let row = get_call(&db, id, now()).unwrap().row;
    for clock in [&row.first_response, &row.resolution] {
        assert_eq!(clock.state, cspdesk::sla::ClockState::NoDueTime, "{row:?}");
        assert_eq!(clock.no_due_reason, Some(cspdesk::sla::NoDueReason::NoServiceHours));
        assert_eq!(clock.due, None);
    }
    let listed = list_calls(&db, &CallFilter::default(), now(), 10, 0).unwrap();
    assert!(listed.iter().any(|r| r.id == id && r.resolution.no_due_reason.is_some()));
}
