//! The `cspdesk` binary, run as a user or a script runs it.

use std::path::Path;
use std::process::{Command, Output};

fn cspdesk(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cspdesk"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("CSPDESK_DB")
        .output()
        .expect("run cspdesk")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn help_documents_every_command() {
    let out = Command::new(env!("CARGO_BIN_EXE_cspdesk")).arg("--help").output().unwrap();
    assert!(out.status.success());
    let help = stdout(&out);
    for command in ["info", "backup", "--db"] {
        assert!(help.contains(command), "--help does not mention {command}:\n{help}");
    }
}

#[test]
fn info_reports_the_path_schema_and_counts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.sqlite3");
    let out = cspdesk(&db, &["info"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains(&db.display().to_string()), "{text}");
    assert!(text.contains(&format!("Schema version: {}", cspdesk::db::latest_version())), "{text}");

    let out = cspdesk(&db, &["info", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["info"]["schemaVersion"], cspdesk::db::latest_version());
    assert_eq!(json["info"]["calls"], 0);
    assert_eq!(json["path"], db.display().to_string());
}

#[test]
fn backup_writes_a_database_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.sqlite3");
    assert!(cspdesk(&db, &["info"]).status.success());
    let copy = dir.path().join("copy.sqlite3");
    let out = cspdesk(&db, &["backup", "--out", copy.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let info = cspdesk(&copy, &["info", "--json"]);
    assert!(info.status.success());

    let before = std::fs::read(&copy).unwrap();
    let again = cspdesk(&db, &["backup", "--out", copy.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("--out"), "{}", stderr(&again));
    assert!(stderr(&again).contains("already exists"), "{}", stderr(&again));
    assert_eq!(std::fs::read(&copy).unwrap(), before);
}

#[test]
fn backup_of_a_missing_database_says_so_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("missing.sqlite3");
    let copy = dir.path().join("copy.sqlite3");
    let out = cspdesk(&db, &["backup", "--out", copy.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("there is no database"), "{}", stderr(&out));
    assert!(!db.exists() && !copy.exists());
}

#[test]
fn a_newer_database_is_refused_with_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("future.sqlite3");
    rusqlite_free_newer_file(&db);
    let out = cspdesk(&db, &["info"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("newer version of CSP Desk"), "{}", stderr(&out));
}

/// A database whose schema version is far beyond this build's, made through the core so this
/// test needs no SQLite of its own.
fn rusqlite_free_newer_file(path: &Path) {
    let db = cspdesk::Db::open(path).unwrap();
    db.conn().pragma_update(None, "user_version", 999).unwrap();
}

/// A database with the app's first plan, as the desktop app would create it.
fn seeded(dir: &Path) -> std::path::PathBuf {
    use cspdesk::offering::{ensure_default_plan, Defaults};
    let db_path = dir.join("desk.sqlite3");
    let mut db = cspdesk::Db::open(&db_path).unwrap();
    let defaults = Defaults {
        time_zone: "Europe/Oslo".into(),
        country: Some(cspdesk::holidays::Country::NO),
        language: cspdesk::settings::Language::En,
    };
    ensure_default_plan(&mut db, &defaults, chrono::Utc::now()).unwrap();
    db_path
}

#[test]
fn offering_export_import_export_is_identical_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded(dir.path());
    let file = dir.path().join("offering.json");
    let out = cspdesk(&db, &["offering", "export", "--out", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let stdout_export = cspdesk(&db, &["offering", "export"]);
    assert_eq!(stdout_export.stdout, std::fs::read(&file).unwrap());

    let other = dir.path().join("other.sqlite3");
    let out = cspdesk(&other, &["offering", "import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Plans created: Standard"), "{}", stdout(&out));
    let again = cspdesk(&other, &["offering", "export"]);
    assert_eq!(again.stdout, std::fs::read(&file).unwrap());
}

#[test]
fn a_bad_offering_file_names_the_json_path_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded(dir.path());
    let before = cspdesk(&db, &["offering", "export"]).stdout;
    let mut json: serde_json::Value = serde_json::from_slice(&before).unwrap();
    json["plans"][0]["hours"]["windows"][2]["start"] = "9 o'clock".into();
    let file = dir.path().join("bad.json");
    std::fs::write(&file, json.to_string()).unwrap();
    let out = cspdesk(&db, &["offering", "import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("plans[0].hours.windows[2].start"), "{}", stderr(&out));
    assert_eq!(cspdesk(&db, &["offering", "export"]).stdout, before);

    let missing = cspdesk(&db, &["offering", "import", "no-such-file.json"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("no-such-file.json"), "{}", stderr(&missing));
}

#[test]
fn holidays_lists_a_calendar_and_rejects_unknown_countries() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("unused.sqlite3");
    let out = cspdesk(&db, &["holidays", "--country", "SE", "--year", "2027", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let days: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let midsummer =
        days.as_array().unwrap().iter().find(|d| d["holiday"] == "midsummer_eve").unwrap();
    assert_eq!(midsummer["date"], "2027-06-25");
    assert_eq!(midsummer["statutory"], false);

    let text = stdout(&cspdesk(&db, &["holidays", "--country", "GB", "--year", "2027"]));
    assert!(text.contains("2027-12-28  Tue Boxing Day  (observed)"), "{text}");

    let bad = cspdesk(&db, &["holidays", "--country", "XX", "--year", "2027"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("--country"), "{}", stderr(&bad));
    assert!(!db.exists(), "holidays needs no database");
}

fn cspdesk_tz(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cspdesk"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("TZ", "Europe/Stockholm")
        .output()
        .unwrap()
}

#[test]
fn a_call_replayed_with_at_gets_its_due_times_and_states() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded(dir.path());
    let out = cspdesk_tz(
        &db,
        &[
            "customer",
            "add",
            "--name",
            "Åkerlund Bygg AB",
            "--domain",
            "akerlund.onmicrosoft.com",
            "--tenant-id",
            "72f988bf-86f1-41af-91ab-2d7cd011db47",
            "--contact",
            "Åsa Lind",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let customer = stdout(&out).trim().to_owned();
    let out = cspdesk_tz(
        &db,
        &[
            "call",
            "log",
            "--customer",
            &customer,
            "--severity",
            "A",
            "--summary",
            "Teams calls drop",
            "--service",
            "teams",
            "--at",
            "2026-11-23 16:00",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let id = stdout(&out).trim().to_owned();
    for step in [
        &["call", "wait", &id, "--at", "2026-11-23 16:30"][..],
        &["call", "resume", &id, "--at", "2026-11-24 10:00"],
        &["call", "update", &id, "--health", "EX123456", "--at", "2026-11-24 10:05"],
    ] {
        let out = cspdesk_tz(&db, step);
        assert!(out.status.success(), "{step:?}: {}", stderr(&out));
    }
    let shown: serde_json::Value =
        serde_json::from_slice(&cspdesk_tz(&db, &["call", "show", &id, "--json"]).stdout).unwrap();
    // The default plan of `seeded` is Oslo office hours; A: response 1 h, resolution 8 h.
    assert_eq!(shown["firstResponse"]["due"], "2026-11-23T16:00:00Z", "17:00 Oslo");
    assert_eq!(
        shown["resolution"]["due"], "2026-11-25T07:30:00Z",
        "30 min Monday, paused to 10:00 Tuesday, 7.5 h"
    );
    assert_eq!(shown["firstResponse"]["state"], "breached");
    assert_eq!(shown["healthReference"], "EX123456");
    let listed: serde_json::Value = serde_json::from_slice(
        &cspdesk_tz(&db, &["call", "list", "--search", "teams \"drop", "--json"]).stdout,
    )
    .unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);
}

#[test]
fn bad_call_input_names_the_field_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded(dir.path());
    let customer =
        stdout(&cspdesk_tz(&db, &["customer", "add", "--name", "Kund AB"])).trim().to_owned();
    let cases: &[(&[&str], &str)] = &[
        (&["call", "log", "--customer", "999", "--severity", "A", "--summary", "x"], "customerId"),
        (
            &["call", "log", "--customer", &customer, "--severity", "Z", "--summary", "x"],
            "expected one of A, B, C",
        ),
        (
            &[
                "call",
                "log",
                "--customer",
                &customer,
                "--severity",
                "A",
                "--summary",
                "x",
                "--at",
                "2027-03-28 02:30",
            ],
            "does not exist here",
        ),
        (
            &[
                "call",
                "log",
                "--customer",
                &customer,
                "--severity",
                "A",
                "--summary",
                "x",
                "--service",
                "myspace",
            ],
            "--service",
        ),
        (&["customer", "add", "--name", "X", "--tenant-id", "not-a-guid"], "tenantId"),
    ];
    for (args, expected) in cases {
        let out = cspdesk_tz(&db, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(stderr(&out).contains(expected), "{args:?}: {}", stderr(&out));
    }
    let listed: serde_json::Value =
        serde_json::from_slice(&cspdesk_tz(&db, &["call", "list", "--json"]).stdout).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 0);
}

#[test]
fn demo_data_is_reproducible() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.sqlite3"), dir.path().join("b.sqlite3"));
    for db in [&a, &b] {
        let out = cspdesk(db, &["demo", "--customers", "5", "--calls", "300", "--seed", "7"]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let summaries = |db: &Path| -> Vec<String> {
        let conn = cspdesk::Db::open(db).unwrap();
        let mut stmt = conn
            .conn()
            .prepare("SELECT summary || status || severity_id FROM call ORDER BY id")
            .unwrap();
        let rows: Vec<String> =
            stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
        rows
    };
    assert_eq!(summaries(&a).len(), 300);
    assert_eq!(summaries(&a), summaries(&b));
}
