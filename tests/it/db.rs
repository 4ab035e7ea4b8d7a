//! Opening, migrating, refusing and backing up database files.

use std::path::Path;

use cspdesk::db::{backup_path, latest_version, upgrade_pending, MIGRATIONS};
use cspdesk::{Db, Error, ErrorKind};
use rusqlite::Connection;

/// Everything that makes up a schema, in a stable order: objects with their SQL, then every
/// table's columns as SQLite reports them.
fn schema(conn: &Connection) -> String {
    let mut out = String::new();
    let mut stmt = conn
        .prepare(
            "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema ORDER BY type, name",
        )
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok(format!(
                "{} {} on {}: {}\n",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?
            ))
        })
        .unwrap();
    for row in rows {
        out.push_str(&row.unwrap());
    }
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for table in tables {
        let mut stmt = conn.prepare(&format!("PRAGMA table_xinfo(\"{table}\")")).unwrap();
        let columns = stmt
            .query_map([], |r| {
                Ok(format!(
                    "  {table}.{} {} notnull={} default={:?} pk={}\n",
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, i64>(5)?
                ))
            })
            .unwrap();
        for c in columns {
            out.push_str(&c.unwrap());
        }
    }
    out
}

fn user_version(path: &Path) -> u32 {
    Connection::open(path).unwrap().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap()
}

#[test]
fn migrations_are_numbered_one_by_one() {
    for (i, m) in MIGRATIONS.iter().enumerate() {
        assert_eq!(m.version as usize, i + 1, "migration {} is out of order", m.name);
    }
    assert_eq!(latest_version(), MIGRATIONS.len() as u32);
}

#[test]
fn a_new_file_gets_the_latest_schema_and_the_pragmas() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.sqlite3");
    let db = Db::open(&path).unwrap();
    assert_eq!(db.schema_version().unwrap(), latest_version());
    let conn = db.sqlite_connection();
    let fk: bool = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
    let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
    let sync: i64 = conn.pragma_query_value(None, "synchronous", |r| r.get(0)).unwrap();
    let timeout: i64 = conn.pragma_query_value(None, "busy_timeout", |r| r.get(0)).unwrap();
    assert!(fk);
    assert_eq!(mode, "wal");
    assert_eq!(sync, 1, "synchronous = NORMAL");
    assert_eq!(timeout, 10_000);
    // No backup is made of a file that had no schema yet.
    assert_eq!(
        std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".bak"))
            .count(),
        0
    );
}

#[test]
fn every_table_is_strict() {
    let db = Db::open_in_memory().unwrap();
    let loose: Vec<String> = db
        .sqlite_connection()
        .prepare(
            "SELECT name FROM pragma_table_list
             WHERE schema = 'main' AND type = 'table' AND strict = 0
               AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'call_search%'",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(loose, Vec::<String>::new(), "tables without STRICT");
}

#[test]
fn upgrading_step_by_step_gives_exactly_the_fresh_schema() {
    let fresh = schema(Db::open_in_memory().unwrap().sqlite_connection());
    for start in 0..latest_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite3");
        drop(Db::open_up_to(&path, start).unwrap());
        assert_eq!(user_version(&path), start);
        // One version at a time, reopening in between, as users upgrade release by release.
        for step in start + 1..=latest_version() {
            drop(Db::open_up_to(&path, step).unwrap());
        }
        let upgraded = Db::open(&path).unwrap();
        assert_eq!(schema(upgraded.sqlite_connection()), fresh, "upgrade from schema {start}");
    }
}

/// What the app asks before it opens a file, to say "upgrading" while the copy is made.
#[test]
fn an_upgrade_is_pending_only_for_an_older_desk() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.sqlite3");
    assert_eq!(upgrade_pending(&missing), None, "a missing file");
    assert!(!missing.exists(), "asking does not create the file");

    let empty = dir.path().join("empty.sqlite3");
    std::fs::write(&empty, b"").unwrap();
    assert_eq!(upgrade_pending(&empty), None, "an empty file becomes a new desk");

    let foreign = dir.path().join("foreign.sqlite3");
    Connection::open(&foreign).unwrap().execute_batch("CREATE TABLE t (x);").unwrap();
    assert_eq!(upgrade_pending(&foreign), None, "another program's file is refused on opening");

    let old = dir.path().join("old.sqlite3");
    drop(Db::open_up_to(&old, 9).unwrap());
    let before = std::fs::read(&old).unwrap();
    assert_eq!(upgrade_pending(&old), Some(9));
    assert_eq!(std::fs::read(&old).unwrap(), before, "asking changes nothing");
    drop(Db::open(&old).unwrap());
    assert_eq!(upgrade_pending(&old), None, "once upgraded");
}

#[test]
fn data_survives_a_migration_and_a_backup_is_made_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cspdesk.sqlite3");
    {
        let db = Db::open_up_to(&path, 1).unwrap();
        db.sqlite_connection()
            .execute_batch(
                "INSERT INTO plan (id, name, time_zone, updated_at) VALUES (1, 'Standard', 'Europe/Stockholm', 0);
                 INSERT INTO severity (plan_id, position, code, name, first_response_minutes, resolution_minutes)
                     VALUES (1, 0, 'A', 'Critical', 60, 240);
                 INSERT INTO customer (id, name, plan_id, created_at) VALUES (1, 'Åkerlund & Söner AB', 1, 0);
                 INSERT INTO call (customer_id, received_at, channel, service, severity_id, summary, updated_at)
                     VALUES (1, 0, 'phone', 'exchange', 1, 'Mail stuck in outbox', 0);",
            )
            .unwrap();
    }
    let db = Db::open(&path).unwrap();
    assert_eq!(db.schema_version().unwrap(), latest_version());

    let backup = backup_path(&path, 1);
    assert!(backup.exists(), "no backup at {}", backup.display());
    assert_eq!(user_version(&backup), 1, "the backup holds the database as it was");

    let hits: i64 = db
        .sqlite_connection()
        .query_row("SELECT count(*) FROM call_search WHERE call_search MATCH 'outbox'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(hits, 1, "calls from before schema 2 are indexed by its migration");
}

#[test]
fn a_file_from_a_newer_version_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.sqlite3");
    {
        let conn = Connection::open(&path).unwrap();
        // A newer CSP Desk stamps its files with the application id too.
        conn.execute_batch(&format!(
            "CREATE TABLE future (x INTEGER) STRICT; PRAGMA user_version = 999; PRAGMA application_id = {};",
            cspdesk::db::APPLICATION_ID
        ))
        .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Db::open(&path).err().expect("a newer file must be refused");
    assert!(matches!(err, Error::NewerSchema { found: 999, .. }), "{err:?}");
    assert_eq!(err.kind(), ErrorKind::Storage);
    let message = err.to_string();
    assert!(message.contains("newer version of CSP Desk"), "{message}");
    assert!(message.contains("999"), "{message}");
    assert_eq!(std::fs::read(&path).unwrap(), before, "the file was changed");
    assert!(!dir.path().join("future.sqlite3-wal").exists(), "WAL mode was switched on");
}

#[test]
fn a_file_that_is_not_a_database_gets_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.sqlite3");
    std::fs::write(&path, "These are my notes, not a database. ".repeat(200)).unwrap();
    let err = Db::open(&path).err().expect("must fail");
    assert_eq!(err.kind(), ErrorKind::Storage);
    let message = err.to_string();
    assert!(message.contains("is not a CSP Desk database"), "{message}");
    assert!(message.contains("notes.sqlite3"), "{message}");
}

#[test]
fn backup_copies_a_consistent_database_while_another_connection_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("live.sqlite3");
    let app = Db::open(&path).unwrap();
    app.sqlite_connection()
        .execute("INSERT INTO plan (name_en, time_zone, updated_at) VALUES ('Basic', 'UTC', 0)", [])
        .unwrap();
    // The "app" holds an open write transaction with uncommitted work while the backup runs.
    app.sqlite_connection().execute_batch("BEGIN; INSERT INTO plan (name_en, time_zone, updated_at) VALUES ('Uncommitted', 'UTC', 0);").unwrap();

    let tool = Db::open(&path).unwrap();
    let out = dir.path().join("copy.sqlite3");
    tool.backup_to(&out).unwrap();
    app.sqlite_connection().execute_batch("COMMIT").unwrap();

    let copy = Db::open(&out).unwrap();
    let names: Vec<String> = copy
        .sqlite_connection()
        .prepare("SELECT name_en FROM plan ORDER BY name_en")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(names, ["Basic"]);
    assert_eq!(copy.schema_version().unwrap(), latest_version());
}

#[test]
fn call_search_follows_calls_and_customer_renames() {
    let db = Db::open_in_memory().unwrap();
    let conn = db.sqlite_connection();
    conn.execute_batch(
        "INSERT INTO plan (id, name_en, time_zone, updated_at) VALUES (1, 'Standard', 'Europe/Stockholm', 0);
         INSERT INTO severity (id, plan_id, position, code, name_en, first_response_minutes, resolution_minutes)
             VALUES (1, 1, 0, 'A', 'Critical', 60, 240);
         INSERT INTO customer (id, name, plan_id, created_at) VALUES (1, 'Södertälje Bygg AB', 1, 0);
         INSERT INTO call (id, customer_id, received_at, channel, service, severity_id, summary, updated_at)
             VALUES (7, 1, 0, 'phone', 'teams', 1, 'Teams calls drop after a minute', 0);",
    )
    .unwrap();
    let find = |q: &str| -> Vec<i64> {
        conn.prepare("SELECT rowid FROM call_search WHERE call_search MATCH ?1")
            .unwrap()
            .query_map([q], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(find("sodertalje"), [7], "diacritics are folded");
    assert_eq!(find("drop"), [7]);
    conn.execute("UPDATE customer SET name = 'Norrtälje Bygg AB' WHERE id = 1", []).unwrap();
    assert_eq!(find("norrtalje"), [7]);
    assert_eq!(find("sodertalje"), Vec::<i64>::new());
    conn.execute("UPDATE call SET resolution = 'Firewall UDP ports opened' WHERE id = 7", [])
        .unwrap();
    assert_eq!(find("firewall"), [7]);
    conn.execute("DELETE FROM call WHERE id = 7", []).unwrap();
    assert_eq!(find("drop"), Vec::<i64>::new());
    conn.execute("INSERT INTO call_search (call_search) VALUES ('integrity-check')", []).unwrap();
}

/// The PostgreSQL schema has the same tables and columns as a fresh SQLite file (one SQL text
/// serves both engines), and the same version. Runs when CSPDESK_TEST_POSTGRES is set (it is,
/// under `cargo xtask test`).
#[test]
fn the_postgres_schema_matches_the_sqlite_schema() {
    let pg = crate::fresh_db();
    if pg.conn().engine() != cspdesk::db::Engine::Postgres {
        eprintln!("notice: no CSPDESK_TEST_POSTGRES; the PostgreSQL schema was not compared");
        return;
    }
    assert_eq!(pg.schema_version().unwrap(), latest_version());
    let sqlite = Db::open_in_memory().unwrap();
    let ours: Vec<String> = sqlite
        .conn()
        .query_map(
            "SELECT m.name || '.' || c.name FROM sqlite_schema m, pragma_table_info(m.name) c
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE 'call_search%'
             ORDER BY 1",
            &[],
            |r| r.get(0),
        )
        .unwrap();
    let theirs: Vec<String> = pg
        .conn()
        .query_map(
            "SELECT table_name || '.' || column_name FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name NOT IN ('call_search', 'cspdesk_schema')
             ORDER BY (table_name || '.' || column_name) COLLATE \"C\"",
            &[],
            |r| r.get(0),
        )
        .unwrap();
    let mut ours_sorted = ours.clone();
    ours_sorted.sort();
    assert_eq!(theirs, ours_sorted);
}

/// A PostgreSQL database holding another program's tables, or a newer CSP Desk schema, is
/// refused and left as it was.
#[test]
fn postgres_refuses_foreign_and_newer_schemas() {
    let Ok(url) = std::env::var("CSPDESK_TEST_POSTGRES") else {
        eprintln!("notice: no CSPDESK_TEST_POSTGRES; PostgreSQL refusals not tested");
        return;
    };
    if url.is_empty() {
        return;
    }
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let schema = format!("foreign_{}", std::process::id());
    admin
        .batch_execute(&format!("CREATE SCHEMA {schema}; CREATE TABLE {schema}.orders (id int)"))
        .unwrap();
    let joiner = if url.contains('?') { '&' } else { '?' };
    let in_schema = |s: &str| format!("{url}{joiner}options=-csearch_path%3D{s}");
    let err = Db::connect(&in_schema(&schema), None).err().expect("another program's tables");
    assert!(err.to_string().contains("another program"), "{err}");
    let tables: i64 = admin
        .query_one("SELECT count(*) FROM pg_tables WHERE schemaname = $1", &[&schema])
        .unwrap()
        .get(0);
    assert_eq!(tables, 1, "nothing was added");

    let newer = format!("newer_{}", std::process::id());
    admin.batch_execute(&format!("CREATE SCHEMA {newer}")).unwrap();
    drop(Db::connect(&in_schema(&newer), None).unwrap());
    admin.batch_execute(&format!("UPDATE {newer}.cspdesk_schema SET version = 999")).unwrap();
    match Db::connect(&in_schema(&newer), None) {
        Err(Error::NewerSchema { found: 999, .. }) => {}
        other => panic!("expected a newer-schema refusal, got {:?}", other.map(|_| ())),
    }
}

/// A desk moved to another database and back (through PostgreSQL when CSPDESK_TEST_POSTGRES
/// is set, else through a second SQLite database) holds the same data: every table's count
/// and checksum (but the owner's login, see below), the offering file and the call list are equal. Copying into a database that
/// already holds a desk is refused and changes nothing.
#[test]
fn a_desk_copied_there_and_back_is_the_same() {
    use cspdesk::db::copy::{checksums, copy};
    let dir = tempfile::tempdir().unwrap();
    let mut source = Db::open(&dir.path().join("desk.sqlite3")).unwrap();
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-30T09:00:00Z").unwrap().to_utc();
    cspdesk::demo::fill(
        &mut source,
        &cspdesk::demo::DemoSize { customers: 15, calls: 400, seed: 7 },
        now,
    )
    .unwrap();
    let mut middle = crate::fresh_db();
    let there = copy(&source, &mut middle).unwrap();
    let mut back = Db::open(&dir.path().join("back.sqlite3")).unwrap();
    let again = copy(&middle, &mut back).unwrap();
    let original = checksums(&source).unwrap();
    assert_eq!(there, original);
    // On a server everyone has a login: the file's owner (who has none) became the login that
    // made the copy, and comes back with it. Everything else is as it was.
    let people = |t: &[cspdesk::db::copy::TableCopy]| -> Vec<_> {
        t.iter().filter(|t| t.table != "person").cloned().collect()
    };
    assert_eq!(people(&again), people(&original));
    assert_eq!(checksums(&back).unwrap(), again);
    let owner = cspdesk::team::list(&back).unwrap();
    assert_eq!(owner.len(), 1);
    assert_eq!(
        owner[0].login.is_some(),
        std::env::var("CSPDESK_TEST_POSTGRES").is_ok_and(|u| !u.is_empty())
    );
    assert_eq!(back.me().unwrap().id, 1);
    assert!(original.iter().any(|t| t.table == "call" && t.rows == 400), "{original:?}");
    assert!(original.iter().any(|t| t.table == "call_event" && t.rows > 400), "{original:?}");
    assert_eq!(
        cspdesk::offering::file::export(&back).unwrap(),
        cspdesk::offering::file::export(&source).unwrap()
    );
    let list = |db: &Db| {
        cspdesk::calls::list_calls(db, &cspdesk::calls::CallFilter::default(), now, 100, 0).unwrap()
    };
    assert_eq!(list(&middle), list(&source));
    assert_eq!(list(&back), list(&source));
    // The search index was built on the way: the same words find the same calls.
    let found = |db: &Db| {
        let filter = cspdesk::calls::CallFilter {
            query: Some("outbox".into()),
            ..cspdesk::calls::CallFilter::default()
        };
        cspdesk::calls::list_calls(db, &filter, now, 100, 0).unwrap()
    };
    assert!(!found(&source).is_empty());
    assert_eq!(found(&middle).len(), found(&source).len());
    assert_eq!(found(&back), found(&source));
    // New rows continue after the copied ids.
    let mut customer = cspdesk::customers::get_customer(&source, 1).unwrap();
    customer.name = "Ny Kund AB".into();
    for c in &mut customer.contacts {
        c.id = None;
    }
    let next = cspdesk::customers::add_customer(&mut middle, &customer, now).unwrap();
    assert_eq!(next, 16);

    let err = copy(&source, &mut back).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert_eq!(checksums(&back).unwrap(), again, "a refused copy changes nothing");
}

/// The app learns that someone else changed the desk: another connection's commit changes the
/// mark (within a second, on PostgreSQL by LISTEN/NOTIFY); this connection's own commits do not.
#[test]
fn another_connections_change_is_noticed() {
    let (mut mine, mut theirs, _dir) = crate::two_connections();
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-30T09:00:00Z").unwrap().to_utc();
    let defaults = cspdesk::offering::Defaults {
        time_zone: "Europe/Stockholm".into(),
        country: None,
        language: cspdesk::settings::Language::En,
    };
    cspdesk::offering::ensure_default_plan(&mut mine, &defaults, now).unwrap();
    // Notifications of the set-up may still be on their way.
    std::thread::sleep(std::time::Duration::from_millis(200));
    let before = mine.others_changes().unwrap();
    cspdesk::settings::set_language(&mut mine, cspdesk::settings::Language::Sv).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert_eq!(mine.others_changes().unwrap(), before, "my own change");
    let seen = mine.others_changes().unwrap();
    cspdesk::settings::set_language(&mut theirs, cspdesk::settings::Language::En).unwrap();
    // PostgreSQL delivers the notification once the other's transaction commits; the app
    // looks every second and must show the change within two.
    let waited = std::time::Instant::now();
    while mine.others_changes().unwrap() == seen {
        assert!(waited.elapsed().as_millis() < 1000, "another connection's change was not noticed");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// On PostgreSQL a ranked search reads the newest 20,000 calls first and the older ones only
/// when those hold too few matches; on a desk of 24,000 calls both steps run, and the calls
/// found and their order are SQLite's.
#[test]
fn a_postgres_search_beyond_the_newest_calls_finds_what_sqlite_finds() {
    let mut pg = crate::fresh_db();
    if pg.conn().engine() != cspdesk::db::Engine::Postgres {
        eprintln!("notice: no CSPDESK_TEST_POSTGRES; the PostgreSQL search was not compared");
        return;
    }
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-30T09:00:00Z").unwrap().to_utc();
    let mut source = Db::open_in_memory().unwrap();
    let size = cspdesk::demo::DemoSize { customers: 48, calls: 24_000, seed: 3 };
    cspdesk::demo::fill(&mut source, &size, now).unwrap();
    cspdesk::db::copy::copy(&source, &mut pg).unwrap();
    // One customer's name: about 500 calls, some 80 of them older than the newest 20,000.
    let name = cspdesk::customers::get_customer(&source, 7).unwrap().name;
    for query in [name.as_str(), "outbox", "mailbox permissions"] {
        let filter = cspdesk::calls::CallFilter {
            query: Some(query.to_owned()),
            ..cspdesk::calls::CallFilter::default()
        };
        let ids = |db: &Db| -> Vec<i64> {
            cspdesk::calls::list_calls(db, &filter, now, 500, 0)
                .unwrap()
                .into_iter()
                .map(|row| row.id)
                .collect()
        };
        let (ours, theirs) = (ids(&source), ids(&pg));
        assert_eq!(theirs, ours, "search {query:?}");
        if query == name {
            assert!(!ours.is_empty() && ours.iter().any(|&id| id <= 4_000), "{query:?}: {ours:?}");
        }
    }
}

/// Schema 10: each plan lists the customary days it closes. A plan from before closes what its
/// calendar closed then (Sweden: Easter Saturday, Midsummer Eve, Christmas Eve, New Year's Eve),
/// so no clock moves on the upgrade.
#[test]
fn plans_keep_their_customary_closed_days_across_the_upgrade_to_schema_10() {
    use cspdesk::holidays::Holiday::*;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cspdesk.sqlite3");
    {
        let db = Db::open_up_to(&path, 9).unwrap();
        db.sqlite_connection()
            .execute_batch(
                "INSERT INTO plan (id, name_en, time_zone, holiday_country, updated_at) VALUES
                     (1, 'Sweden', 'Europe/Stockholm', 'SE', 0),
                     (2, 'Denmark', 'Europe/Copenhagen', 'DK', 0),
                     (3, 'United States', 'America/New_York', 'US', 0),
                     (4, 'No calendar', 'Europe/Stockholm', NULL, 0);",
            )
            .unwrap();
    }
    let db = Db::open(&path).unwrap();
    let days = |id| -> Vec<_> {
        let plan = cspdesk::offering::load_plan(&db, id).unwrap();
        assert!(plan.hours.customary_days.iter().all(|c| c.closes_at.is_none()));
        plan.hours.customary_days.iter().map(|c| c.day).collect()
    };
    assert_eq!(days(1), [HolySaturday, MidsummerEve, ChristmasEve, NewYearsEve]);
    assert_eq!(days(2), [ConstitutionDayDenmark, ChristmasEve, NewYearsEve]);
    assert_eq!(days(3), [], "no customary day closed the US calendar before");
    assert_eq!(days(4), []);
}

/// A desk from schema 8 (before month end) with plans on three calendars and time worked on
/// either side of a month's end in the plan's zone, upgraded to the latest schema on the
/// engine under test (PostgreSQL when `CSPDESK_TEST_POSTGRES` names one): each time entry gets
/// the month its plan's clock says, each plan the customary days its calendar closed before,
/// and the upgraded desk takes new work.
#[test]
fn a_desk_with_data_upgrades_from_schema_8_on_either_engine() {
    use cspdesk::holidays::Holiday::*;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cspdesk.sqlite3");
    let server = std::env::var("CSPDESK_TEST_POSTGRES").ok().filter(|u| !u.is_empty());
    let url = server.as_deref().map(crate::new_schema);
    let old = match &url {
        Some(url) => Db::connect_up_to(url, None, 8).unwrap(),
        None => Db::open_up_to(&path, 8).unwrap(),
    };
    assert_eq!(old.schema_version().unwrap(), 8);
    // Ids are left to each engine (1, 2, 3 on a new desk), as the app leaves them.
    old.conn()
        .execute_batch(
            "INSERT INTO plan (name_en, time_zone, holiday_country, updated_at) VALUES
                 ('Sweden', 'Europe/Stockholm', 'SE', 0),
                 ('Denmark', 'Europe/Copenhagen', 'DK', 0),
                 ('United States', 'America/New_York', 'US', 0);
             INSERT INTO severity (plan_id, position, code, name_en, first_response_minutes, resolution_minutes)
                 VALUES (1, 0, 'A', 'Critical', 60, 240);
             INSERT INTO customer (name, plan_id, created_at) VALUES ('Åkerlund & Söner AB', 1, 0);
             INSERT INTO call (customer_id, received_at, channel, service, severity_id, summary, updated_at)
                 VALUES (1, 1793480400, 'phone', 'exchange', 1, 'Mail stuck in outbox', 1793480400);
             -- 23:30 on 31 October and 00:30 on 1 November in Stockholm (UTC+1).
             INSERT INTO time_entry (call_id, at, minutes) VALUES (1, 1793485800, 30), (1, 1793489400, 45);",
        )
        .unwrap();
    drop(old);

    let mut db = match &url {
        Some(url) => Db::connect(url, None).unwrap(),
        None => Db::open(&path).unwrap(),
    };
    assert_eq!(db.schema_version().unwrap(), latest_version());
    let months: Vec<(String, String)> = db
        .conn()
        .query_map("SELECT work_month, billing_month FROM time_entry ORDER BY at", &[], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    let month = |m: &str| (m.to_owned(), m.to_owned());
    assert_eq!(months, [month("2026-10"), month("2026-11")], "months in Stockholm time");
    let days = |id| -> Vec<_> {
        let plan = cspdesk::offering::load_plan(&db, id).unwrap();
        plan.hours.customary_days.iter().map(|c| c.day).collect()
    };
    assert_eq!(days(1), [HolySaturday, MidsummerEve, ChristmasEve, NewYearsEve]);
    assert_eq!(days(2), [ConstitutionDayDenmark, ChristmasEve, NewYearsEve]);
    assert_eq!(days(3), []);

    let november = cspdesk::billing::Month::parse("month", "2026-11").unwrap();
    let basis = cspdesk::billing::basis(&db, 1, november).unwrap();
    assert_eq!(basis.billable_minutes + basis.non_billable_minutes, 45, "{basis:?}");
    let customer = crate::calls::customer("Nordlys IT AB", 1);
    let id = cspdesk::customers::add_customer(&mut db, &customer, chrono::Utc::now()).unwrap();
    assert_eq!(id, 2, "new rows follow the upgraded desk's own");
}
