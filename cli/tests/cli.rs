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
