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

/// A solo desk has one person, the owner: they name themself, take calls and see them under
/// "mine"; adding technicians needs a team server, and says so.
#[test]
fn a_solo_owner_takes_calls_and_is_told_a_team_needs_a_server() {
    let dir = tempfile::tempdir().unwrap();
    let (db, id) = one_call(dir.path());
    let out = cspdesk(&db, &["team", "set-name", "Anna Berg"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = cspdesk(&db, &["team", "whoami", "--json"]);
    let me: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((me["name"].as_str(), me["role"].as_str()), (Some("Anna Berg"), Some("owner")));
    let ids = |args: &[&str]| -> Vec<String> {
        let out = cspdesk(&db, &[&["call", "list", "--json"], args].concat());
        assert!(out.status.success(), "{}", stderr(&out));
        let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        rows.as_array().unwrap().iter().map(|r| r["id"].to_string()).collect()
    };
    assert_eq!(ids(&["--unassigned"]), vec![id.clone()]);
    assert!(ids(&["--mine"]).is_empty());
    let out = cspdesk(&db, &["call", "assign", &id, "--to", "me"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(ids(&["--mine"]), vec![id.clone()]);
    assert!(ids(&["--unassigned"]).is_empty());
    let call = show(&db, &id);
    assert_eq!(call["assignee"], "Anna Berg");
    let last = call["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (last["what"]["kind"].as_str(), last["by"].as_str()),
        (Some("assigned"), Some("Anna Berg"))
    );

    let out = cspdesk(&db, &["call", "assign", &id, "--to", "bo"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--to: there is no one called bo"), "{}", stderr(&out));
    let out = cspdesk(&db, &["team", "add", "bo", "--role", "technician"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("move it to a team server"), "{}", stderr(&out));
    assert!(stdout(&out).is_empty(), "no password is printed for a login that was not made");
    let out = cspdesk(&db, &["team", "add", "bo", "--role", "boss"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--role: 'boss' is not known"), "{}", stderr(&out));
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
    let db = seeded(dir.path());
    let out = cspdesk(&db, &["info"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains(&db.display().to_string()), "{text}");
    assert!(text.contains(&format!("Schema version: {}", cspdesk::db::latest_version())), "{text}");

    let out = cspdesk(&db, &["info", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["info"]["schemaVersion"], cspdesk::db::latest_version());
    assert_eq!(json["info"]["calls"], 0);
    assert_eq!(json["info"]["plans"], 1);
    assert_eq!(json["path"], db.display().to_string());
}

#[test]
fn backup_writes_a_database_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded(dir.path());
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
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("there is no database"), "{}", stderr(&out));
    assert!(stderr(&out).contains(&db.display().to_string()), "{}", stderr(&out));
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
    db.sqlite_connection().pragma_update(None, "user_version", 999).unwrap();
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

    // A new file is created with the app's default plan, which the import then replaces.
    let other = dir.path().join("other.sqlite3");
    let out = cspdesk(&other, &["offering", "import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("Created a new database at"), "{}", stderr(&out));
    assert!(stdout(&out).contains("Plans updated: Standard"), "{}", stdout(&out));
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
        (&["call", "log", "--customer", "999", "--severity", "A", "--summary", "x"], "--customer"),
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
        (&["customer", "add", "--name", "X", "--tenant-id", "not-a-guid"], "--tenant-id"),
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
        let rows: Vec<String> = conn
            .conn()
            .query_map("SELECT summary || status || severity_id FROM call ORDER BY id", &[], |r| {
                r.get(0)
            })
            .unwrap();
        rows
    };
    assert_eq!(summaries(&a).len(), 300);
    assert_eq!(summaries(&a), summaries(&b));
}

// ---------------------------------------------------------------------------------------------
// Exit codes, missing and foreign files, output files, pipes, messages, times, offering bytes.
// ---------------------------------------------------------------------------------------------

/// `cspdesk` with exactly these arguments (no `--db`), in a clean environment.
fn cspdesk_bare(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cspdesk"))
        .args(args)
        .env_remove("CSPDESK_DB")
        .output()
        .expect("run cspdesk")
}

fn assert_no_panic(o: &Output, what: &str) {
    assert!(!stderr(o).contains("panicked"), "{what}: {}", stderr(o));
}

#[test]
fn every_argument_error_is_exit_1_and_help_and_version_are_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("never.sqlite3");
    let db_arg = db.to_str().unwrap();
    let bad: &[&[&str]] = &[
        &[],                                      // no subcommand
        &["--db", db_arg],                        // no subcommand, with --db
        &["--db", db_arg, "call"],                // no sub-subcommand
        &["--db", db_arg, "frobnicate"],          // unknown subcommand
        &["--db", db_arg, "info", "--bogus"],     // unknown option
        &["--db", db_arg, "info", "--db"],        // missing value
        &["--db", db_arg, "backup"],              // missing required option
        &["--db", db_arg, "call", "show", "abc"], // a value of the wrong type
        &["--db", db_arg, "call", "list", "--limit", "-3"],
        &["--db", db_arg, "call", "escalate", "1", "--reference", "x"], // needs --microsoft or --provider
        &["--db", db_arg, "terms", "--out", "x.pdf", "--plan", "P", "--customer", "1"], // conflict
        &["--db", db_arg, "holidays", "--country", "SE"],               // missing --year
    ];
    for args in bad {
        let out = cspdesk_bare(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).is_empty(), "{args:?}: an error says something");
        assert_no_panic(&out, &format!("{args:?}"));
    }
    for args in [
        &["--help"][..],
        &["--version"],
        &["call", "--help"],
        &["call", "log", "--help"],
        &["help"],
    ] {
        let out = cspdesk_bare(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert!(!stdout(&out).is_empty(), "{args:?}");
    }
    assert!(!db.exists(), "no argument error touches the database");
}

#[test]
fn commands_that_only_read_refuse_a_missing_database_and_create_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mistyped.sqlite3");
    let out_file = dir.path().join("out.file");
    let out_arg = out_file.to_str().unwrap();
    let commands: &[&[&str]] = &[
        &["info"],
        &["info", "--json"],
        &["backup", "--out", out_arg],
        &["offering", "export"],
        &["offering", "export", "--out", out_arg],
        &["terms", "--out", out_arg],
        &["customer", "list"],
        &["customer", "show", "1"],
        &["call", "list"],
        &["call", "show", "1"],
        &["call", "log", "--customer", "1", "--severity", "A", "--summary", "x"],
        &["call", "update", "1", "--minutes", "5"],
        &["call", "respond", "1"],
        &["call", "wait", "1"],
        &["call", "resume", "1"],
        &["call", "resolve", "1", "--resolution", "fixed"],
        &["call", "escalate", "1", "--provider", "--reference", "T-1"],
    ];
    for args in commands {
        let out = cspdesk(&db, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(&db.display().to_string()), "{args:?}: {}", stderr(&out));
        assert!(stdout(&out).is_empty(), "{args:?}: {}", stdout(&out));
        let left: Vec<_> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert!(left.is_empty(), "{args:?} created {left:?}");
    }
}

#[test]
fn commands_that_create_make_a_ready_database_and_say_so() {
    let dir = tempfile::tempdir().unwrap();

    // customer add: a new file with the app's default plan, so the customer gets a plan at once.
    let db = dir.path().join("new.sqlite3");
    let out = cspdesk(&db, &["customer", "add", "--name", "Första Kund AB"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("Created a new database at {}", db.display())),
        "{}",
        stderr(&out)
    );
    let id = stdout(&out).trim().to_owned();
    let shown: serde_json::Value =
        serde_json::from_slice(&cspdesk(&db, &["customer", "show", &id, "--json"]).stdout).unwrap();
    assert_eq!(shown["name"], "Första Kund AB");
    let info: serde_json::Value =
        serde_json::from_slice(&cspdesk(&db, &["info", "--json"]).stdout).unwrap();
    assert_eq!(info["info"]["plans"], 1, "{info}");
    assert_eq!(info["info"]["customers"], 1, "{info}");
    // A second run opens the file: nothing is said about creating it.
    let out = cspdesk(&db, &["customer", "add", "--name", "Andra Kund AB"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("Created"), "{}", stderr(&out));

    // The new database's offering exports and imports again, into itself and into a new file.
    let file = dir.path().join("offering.json");
    let out = cspdesk(&db, &["offering", "export", "--out", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = cspdesk(&db, &["offering", "import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let fresh = dir.path().join("fresh.sqlite3");
    let out = cspdesk(&fresh, &["offering", "import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("Created a new database at {}", fresh.display())),
        "{}",
        stderr(&out)
    );
    assert_eq!(cspdesk(&fresh, &["offering", "export"]).stdout, std::fs::read(&file).unwrap());

    // offering import of a bad file creates nothing.
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{ not json").unwrap();
    let never = dir.path().join("never.sqlite3");
    let out = cspdesk(&never, &["offering", "import", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!never.exists());

    // demo
    let demo = dir.path().join("demo.sqlite3");
    let out = cspdesk(&demo, &["demo", "--customers", "2", "--calls", "5"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("Created a new database at {}", demo.display())),
        "{}",
        stderr(&out)
    );
}

fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn output_files_replace_whole_and_never_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded(dir.path());
    let db_bytes = std::fs::read(&db).unwrap();
    let export = cspdesk(&db, &["offering", "export"]).stdout;

    // Every spelling of the database, its -wal and its -shm is refused, for both commands.
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let targets = [
        db.display().to_string(),
        format!("{}-wal", db.display()),
        format!("{}-shm", db.display()),
        "desk.sqlite3".to_owned(),
        "./desk.sqlite3-wal".to_owned(),
        "sub/../desk.sqlite3-shm".to_owned(),
        dir.path().join("sub").join("..").join("desk.sqlite3").display().to_string(),
    ];
    for target in &targets {
        for args in [
            &["offering", "export", "--out", target.as_str()][..],
            &["terms", "--out", target.as_str()],
        ] {
            let out = Command::new(env!("CARGO_BIN_EXE_cspdesk"))
                .current_dir(dir.path())
                .arg("--db")
                .arg("desk.sqlite3")
                .args(args)
                .env_remove("CSPDESK_DB")
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
            assert!(stderr(&out).contains("--out"), "{args:?}: {}", stderr(&out));
            assert_eq!(std::fs::read(&db).unwrap(), db_bytes, "{args:?} changed the database");
        }
    }
    assert_eq!(cspdesk(&db, &["offering", "export"]).stdout, export);
    // backup --out the database itself is refused too.
    let out = cspdesk(&db, &["backup", "--out", db.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(std::fs::read(&db).unwrap(), db_bytes);

    // An existing output is replaced by a new file (a rename), not rewritten in place: a hard
    // link to the old file keeps the old bytes.
    let json = dir.path().join("offering.json");
    let pdf = dir.path().join("terms.pdf");
    for (path, args) in [
        (&json, vec!["offering", "export", "--out", json.to_str().unwrap()]),
        (&pdf, vec!["terms", "--out", pdf.to_str().unwrap()]),
    ] {
        std::fs::write(path, b"old contents").unwrap();
        let link = path.with_extension("old");
        std::fs::hard_link(path, &link).unwrap();
        let out = cspdesk(&db, &args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert_eq!(std::fs::read(&link).unwrap(), b"old contents", "{args:?} wrote in place");
        assert_ne!(std::fs::read(path).unwrap(), b"old contents", "{args:?}");
    }
    assert_eq!(std::fs::read(&json).unwrap(), export);
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    let names = file_names(dir.path());
    assert!(!names.iter().any(|n| n.ends_with(".partial")), "{names:?}");

    // A folder that does not exist: exit 2, nothing left behind.
    let out = cspdesk(
        &db,
        &["offering", "export", "--out", dir.path().join("nope/x.json").to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn another_programs_sqlite_file_is_refused_and_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("notes.sqlite3");
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('hello');",
        )
        .unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    let offering = dir.path().join("offering.json");
    let good = seeded(dir.path());
    assert!(cspdesk(&good, &["offering", "export", "--out", offering.to_str().unwrap()])
        .status
        .success());
    let copy = dir.path().join("copy.sqlite3");
    let commands: &[&[&str]] = &[
        &["info"],
        &["customer", "add", "--name", "X"],
        &["customer", "list"],
        &["call", "list"],
        &["demo", "--customers", "1", "--calls", "1"],
        &["offering", "import", offering.to_str().unwrap()],
        &["offering", "export"],
        &["backup", "--out", copy.to_str().unwrap()],
    ];
    for args in commands {
        let out = cspdesk(&db, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("not a CSP Desk database"), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(&db.display().to_string()), "{args:?}: {}", stderr(&out));
        assert_eq!(std::fs::read(&db).unwrap(), before, "{args:?} changed the file");
        assert!(!copy.exists());
    }
    let names = file_names(dir.path());
    assert!(
        !names.iter().any(|n| n.starts_with("notes.sqlite3") && n != "notes.sqlite3"),
        "{names:?}"
    );
}

/// A demo database with many calls, so `call list` writes more than a pipe holds.
fn demo_db(dir: &Path, calls: &str) -> std::path::PathBuf {
    let db = dir.join("demo.sqlite3");
    let out = cspdesk(&db, &["demo", "--customers", "5", "--calls", calls, "--seed", "3"]);
    assert!(out.status.success(), "{}", stderr(&out));
    db
}

#[test]
fn a_closed_stdout_ends_quietly_with_exit_0() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "1000");
    let cases: &[&[&str]] = &[
        &["call", "list", "--limit", "1000"],
        &["call", "list", "--limit", "1000", "--json"],
        &["customer", "list", "--json"],
        &["offering", "export"],
        &["holidays", "--country", "SE", "--year", "2027"],
    ];
    for args in cases {
        for read_a_line in [true, false] {
            let mut child = Command::new(env!("CARGO_BIN_EXE_cspdesk"))
                .arg("--db")
                .arg(&db)
                .args(*args)
                .env_remove("CSPDESK_DB")
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            let stdout = child.stdout.take().unwrap();
            if read_a_line {
                let mut line = String::new();
                BufReader::new(stdout).read_line(&mut line).unwrap();
                assert!(!line.is_empty(), "{args:?}");
            } else {
                drop(stdout);
            }
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{args:?} (read a line: {read_a_line}): {:?} {}",
                out.status,
                stderr(&out)
            );
            assert_no_panic(&out, &format!("{args:?}"));
            assert!(stderr(&out).is_empty(), "{args:?}: {}", stderr(&out));
        }
    }
}

#[test]
fn demo_with_no_customers_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite3");
    let out = cspdesk(&db, &["demo", "--customers", "0"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("--customers"), "{}", stderr(&out));
    assert_no_panic(&out, "demo --customers 0");
}

/// A database with one customer (in Stockholm time) and one call received at 2025-10-20 10:00.
fn one_call(dir: &Path) -> (std::path::PathBuf, String) {
    let db = seeded(dir);
    let out = cspdesk_tz(&db, &["customer", "add", "--name", "Kund AB"]);
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
            "Mail",
            "--at",
            "2025-10-20 10:00",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    (db, stdout(&out).trim().to_owned())
}

fn show(db: &Path, id: &str) -> serde_json::Value {
    let out = cspdesk_tz(db, &["call", "show", id, "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn messages_name_the_options_typed_and_quote_values_briefly() {
    let dir = tempfile::tempdir().unwrap();
    let (db, id) = one_call(dir.path());
    let customer = show(&db, &id)["customerId"].to_string();

    let future = (chrono::Utc::now() + chrono::Duration::days(30)).to_rfc3339();
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
            "x",
            "--at",
            &future,
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("--at"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("receivedAt"), "{}", stderr(&out));

    let out = cspdesk_tz(&db, &["call", "update", &id, "--health", "bad id"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("--health"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("healthReference"), "{}", stderr(&out));

    let long = "x".repeat(10_000);
    for args in [
        &["call", "list", "--status", long.as_str()][..],
        &["call", "list", "--sort", long.as_str()],
        &["call", "list", "--from", long.as_str()],
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
            long.as_str(),
        ],
        &["holidays", "--country", long.as_str(), "--year", "2027"],
    ] {
        let out = cspdesk_tz(&db, args);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(stderr(&out).contains("xxxxxxxxxx"), "the value is quoted: {}", stderr(&out));
        assert!(stderr(&out).len() < 300, "{} characters: {}", stderr(&out).len(), stderr(&out));
    }
    assert_eq!(show(&db, &id)["events"].as_array().unwrap().len(), 1, "nothing was recorded");
}

#[test]
fn a_failed_update_saves_none_of_its_parts() {
    let dir = tempfile::tempdir().unwrap();
    let (db, id) = one_call(dir.path());
    let before = show(&db, &id);

    let out = cspdesk_tz(&db, &["call", "update", &id, "--minutes", "5", "--status", "bogus"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("--status"), "{}", stderr(&out));
    let after = show(&db, &id);
    assert_eq!(after["timeEntries"].as_array().unwrap().len(), 0, "{after}");

    let out = cspdesk_tz(&db, &["call", "update", &id, "--health", "EX123456", "--minutes", "0"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("--minutes"), "{}", stderr(&out));
    let after = show(&db, &id);
    assert_eq!(after["healthReference"], "", "{after}");
    assert_eq!(after["healthCheckedAt"], serde_json::Value::Null, "{after}");
    assert_eq!(after["timeEntries"].as_array().unwrap().len(), 0, "{after}");
    assert_eq!(after["events"], before["events"]);

    // The same update, valid, saves both parts.
    let out = cspdesk_tz(&db, &["call", "update", &id, "--health", "EX123456", "--minutes", "5"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let after = show(&db, &id);
    assert_eq!(after["healthReference"], "EX123456");
    assert_eq!(after["timeEntries"][0]["minutes"], 5);

    let out = cspdesk_tz(&db, &["call", "update", "999", "--minutes", "5"]);
    assert_eq!(out.status.code(), Some(1), "not found is bad input: {}", stderr(&out));
}

#[test]
fn local_times_around_daylight_saving_changes_are_never_guessed() {
    let dir = tempfile::tempdir().unwrap();
    let (db, id) = one_call(dir.path());

    // Autumn 2025: 02:00–02:59 happen twice in Stockholm; 03:00 once.
    let out = cspdesk_tz(&db, &["call", "respond", &id, "--at", "2025-10-26 02:30"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("--at"), "{}", stderr(&out));
    assert!(stderr(&out).contains("twice"), "{}", stderr(&out));
    assert!(stderr(&out).contains("+02:00") && stderr(&out).contains("+01:00"), "{}", stderr(&out));
    assert_eq!(show(&db, &id)["firstResponseAt"], serde_json::Value::Null);

    let out = cspdesk_tz(&db, &["call", "respond", &id, "--at", "2025-10-26 03:00"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(show(&db, &id)["firstResponseAt"], "2025-10-26T02:00:00Z", "03:00 CET");

    // Spring 2026: 02:00–02:59 do not exist in Stockholm.
    let out = cspdesk_tz(&db, &["call", "wait", &id, "--at", "2026-03-29 02:00"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("--at"), "{}", stderr(&out));
    assert!(stderr(&out).contains("does not exist"), "{}", stderr(&out));
    assert_eq!(show(&db, &id)["status"], "in_progress");
    let out = cspdesk_tz(&db, &["call", "wait", &id, "--at", "2026-03-29 03:00"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(show(&db, &id)["status"], "waiting_customer");

    // An offset settles an ambiguous time; going back in time is refused.
    let out = cspdesk_tz(&db, &["call", "resume", &id, "--at", "2025-10-26T02:30:00+01:00"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("--at"), "{}", stderr(&out));
}

#[test]
fn offering_files_with_a_bom_import_and_invalid_utf8_names_the_offset() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded(dir.path());
    let export = cspdesk(&db, &["offering", "export"]).stdout;

    let bom = dir.path().join("bom.json");
    std::fs::write(&bom, [b"\xEF\xBB\xBF".as_slice(), &export].concat()).unwrap();
    let out = cspdesk(&db, &["offering", "import", bom.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(cspdesk(&db, &["offering", "export"]).stdout, export);

    let at = export.windows(8).position(|w| w == b"Standard").unwrap() + 3;
    let mut broken = export.clone();
    broken[at] = 0xFF;
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, &broken).unwrap();
    let out = cspdesk(&db, &["offering", "import", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains(&format!("offset {at}")), "byte {at}: {}", stderr(&out));
    assert_eq!(cspdesk(&db, &["offering", "export"]).stdout, export);

    // With a BOM as well, the offset is still the byte's place in the file.
    std::fs::write(&bad, [b"\xEF\xBB\xBF".as_slice(), &broken].concat()).unwrap();
    let out = cspdesk(&db, &["offering", "import", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("offset {}", at + 3)),
        "byte {}: {}",
        at + 3,
        stderr(&out)
    );
    assert_eq!(cspdesk(&db, &["offering", "export"]).stdout, export);
}

// ---------------------------------------------------------------------------------------------
// Concurrency: separate processes writing and backing up the same file at once.
// ---------------------------------------------------------------------------------------------

/// One process's failure: what it ran and what it said.
type Failure = String;

fn run_logged(
    db: &Path,
    args: &[&str],
    failures: &std::sync::Mutex<Vec<Failure>>,
) -> Option<Output> {
    let out = cspdesk(db, args);
    if out.status.success() {
        Some(out)
    } else {
        failures.lock().unwrap().push(format!(
            "{args:?}: {:?}: {}",
            out.status,
            stderr(&out).trim()
        ));
        None
    }
}

#[test]
fn two_writers_and_a_backup_loop_lose_nothing() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Mutex};
    const LOGS: usize = 300;
    const UPDATES: usize = 150;

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.sqlite3");
    let backups = dir.path().join("backups");
    std::fs::create_dir(&backups).unwrap();
    let mut customers = Vec::new();
    for name in ["Alfa AB", "Beta AB", "Gamma AB", "Delta AB"] {
        let out = cspdesk(&db, &["customer", "add", "--name", name]);
        assert!(out.status.success(), "{}", stderr(&out));
        customers.push(stdout(&out).trim().to_owned());
    }
    let mut update_calls = Vec::new();
    for (customer, summary) in [(&customers[2], "C's call"), (&customers[3], "D's call")] {
        let out = cspdesk(
            &db,
            &["call", "log", "--customer", customer, "--severity", "B", "--summary", summary],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        update_calls.push(stdout(&out).trim().to_owned());
    }

    let started = std::time::Instant::now();
    let failures: Arc<Mutex<Vec<Failure>>> = Arc::default();
    let writers_done = Arc::new(AtomicBool::new(false));
    let mut writers = Vec::new();
    for (tag, customer) in [("A", customers[0].clone()), ("B", customers[1].clone())] {
        let (db, failures) = (db.clone(), failures.clone());
        writers.push(std::thread::spawn(move || {
            for n in 0..LOGS {
                let summary = format!("{tag}-{n}");
                run_logged(
                    &db,
                    &[
                        "call",
                        "log",
                        "--customer",
                        &customer,
                        "--severity",
                        "A",
                        "--summary",
                        &summary,
                    ],
                    &failures,
                );
            }
        }));
    }
    for call in update_calls.clone() {
        let (db, failures) = (db.clone(), failures.clone());
        writers.push(std::thread::spawn(move || {
            for _ in 0..UPDATES {
                run_logged(&db, &["call", "update", &call, "--minutes", "1"], &failures);
            }
        }));
    }
    let backup_loop = {
        let (db, backups, failures, done) =
            (db.clone(), backups.clone(), failures.clone(), writers_done.clone());
        std::thread::spawn(move || {
            let mut made = Vec::new();
            let mut n = 0;
            // At least one backup, even if the writers were done first.
            while n == 0 || !done.load(Ordering::SeqCst) {
                let out = backups.join(format!("b{n}.sqlite3"));
                if run_logged(&db, &["backup", "--out", out.to_str().unwrap()], &failures).is_some()
                {
                    made.push(out);
                }
                n += 1;
            }
            made
        })
    };
    for w in writers {
        w.join().unwrap();
    }
    writers_done.store(true, Ordering::SeqCst);
    let made = backup_loop.join().unwrap();
    let elapsed = started.elapsed();

    let failures = failures.lock().unwrap().clone();
    let conn =
        rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let mut counts = std::collections::HashMap::<String, i64>::new();
    {
        let mut stmt = conn.prepare("SELECT summary, count(*) FROM call GROUP BY summary").unwrap();
        let rows =
            stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))).unwrap();
        for row in rows {
            let (summary, count) = row.unwrap();
            counts.insert(summary, count);
        }
    }
    let mut lost = Vec::new();
    let mut doubled = Vec::new();
    for tag in ["A", "B"] {
        for n in 0..LOGS {
            let summary = format!("{tag}-{n}");
            match counts.get(&summary).copied().unwrap_or(0) {
                0 => lost.push(summary),
                1 => {}
                _ => doubled.push(summary),
            }
        }
    }
    let logged: i64 = counts
        .iter()
        .filter(|(s, _)| s.starts_with("A-") || s.starts_with("B-"))
        .map(|(_, c)| c)
        .sum();
    let minutes: Vec<i64> = update_calls
        .iter()
        .map(|id| {
            conn.query_row(
                "SELECT coalesce(sum(minutes), 0) FROM time_entry WHERE call_id = ?1",
                [id.parse::<i64>().unwrap()],
                |r| r.get(0),
            )
            .unwrap()
        })
        .collect();
    let lost_minutes: i64 = minutes.iter().map(|m| UPDATES as i64 - m).sum();

    let mut bad_backups = Vec::new();
    for b in &made {
        let copy =
            rusqlite::Connection::open_with_flags(b, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                .unwrap();
        let check: String = copy.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        let calls: i64 = copy.query_row("SELECT count(*) FROM call", [], |r| r.get(0)).unwrap();
        if check != "ok" || calls < 2 {
            bad_backups.push(format!("{}: {check}, {calls} calls", b.display()));
        }
    }
    let partials: Vec<String> = [dir.path(), backups.as_path()]
        .iter()
        .flat_map(|d| file_names(d))
        .filter(|n| n.ends_with(".partial"))
        .collect();

    eprintln!(
        "writers 4, calls logged {logged}, updates {}, failures {}, lost {}, backups {} ({}), elapsed {:.1}s",
        minutes.iter().sum::<i64>(),
        failures.len(),
        lost.len() + lost_minutes.max(0) as usize,
        made.len(),
        if bad_backups.is_empty() { "all ok".to_owned() } else { format!("{} bad", bad_backups.len()) },
        elapsed.as_secs_f64()
    );
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
    assert!(lost.is_empty(), "lost {lost:?}");
    assert!(doubled.is_empty(), "twice {doubled:?}");
    assert_eq!(logged, 2 * LOGS as i64);
    assert_eq!(minutes, vec![UPDATES as i64; 2], "minutes on C's and D's calls");
    assert!(!made.is_empty());
    assert!(bad_backups.is_empty(), "{bad_backups:?}");
    assert!(partials.is_empty(), "{partials:?}");
}

/// Several scripts adding the first customers to a new file at once: every one succeeds, and
/// the file has one default plan.
#[test]
fn customer_add_racing_to_create_the_file_all_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.sqlite3");
    let adders: Vec<_> = (0..6)
        .map(|i| {
            let db = db.clone();
            std::thread::spawn(move || {
                cspdesk(&db, &["customer", "add", "--name", &format!("K{i}")])
            })
        })
        .collect();
    for a in adders {
        let out = a.join().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let info: serde_json::Value =
        serde_json::from_slice(&cspdesk(&db, &["info", "--json"]).stdout).unwrap();
    assert_eq!(info["info"]["plans"], 1, "{info}");
    assert_eq!(info["info"]["customers"], 6, "{info}");
}

/// An empty file (made by `touch`, or left by another tool) is a new database to `customer add`.
#[test]
fn customer_add_on_an_empty_file_gets_the_default_plan() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty.sqlite3");
    std::fs::write(&db, b"").unwrap();
    // A command that only reads leaves the empty file alone.
    let out = cspdesk(&db, &["info"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(std::fs::metadata(&db).unwrap().len(), 0);
    let out = cspdesk(&db, &["customer", "add", "--name", "X"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("Created a new database at"), "{}", stderr(&out));
}

/// Four processes open a schema-1 file at the same moment: one migrates, the others wait for it
/// and open the upgraded file; none fails, and one copy of the old file is kept.
#[test]
fn four_processes_opening_an_old_file_at_once_all_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.sqlite3");
    drop(cspdesk::Db::open_up_to(&db, 1).unwrap());
    {
        // A schema-1 file as CSP Desk 0.1 wrote it: without the application id.
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch("PRAGMA application_id = 0;").unwrap();
    }
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(4));
    let runs: Vec<_> = (0..4)
        .map(|_| {
            let (db, barrier) = (db.clone(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                cspdesk(&db, &["info", "--json"])
            })
        })
        .collect();
    for run in runs {
        let out = run.join().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["info"]["schemaVersion"], cspdesk::db::latest_version());
    }
    assert!(cspdesk::db::backup_path(&db, 1).exists());
}

/// Ctrl+C during a backup leaves no file behind: neither the copy nor its temporary file.
#[cfg(unix)]
#[test]
fn an_interrupted_backup_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.sqlite3");
    let out = cspdesk(&db, &["demo", "--customers", "50", "--calls", "30000"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let copies = tempfile::tempdir().unwrap();
    let mut interrupted = 0;
    for (i, delay_ms) in [2u64, 5, 10, 20, 40, 80].into_iter().enumerate() {
        let dest = copies.path().join(format!("copy-{i}.sqlite3"));
        let child = Command::new(env!("CARGO_BIN_EXE_cspdesk"))
            .arg("--db")
            .arg(&db)
            .args(["backup", "--out"])
            .arg(&dest)
            .env_remove("CSPDESK_DB")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        // SAFETY: signals a child process this test started and has not yet waited for.
        unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
        let status = child.wait_with_output().unwrap().status;
        eprintln!("backup interrupted after {delay_ms} ms: {status:?}");
        let left: Vec<String> = std::fs::read_dir(copies.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        // 130: our handler cleaned up; signal 2: stopped before it was installed, before
        // anything was written. The signal can also land between the rename and the exit:
        // then the copy is there, and it is whole.
        use std::os::unix::process::ExitStatusExt;
        if status.code() == Some(130) || status.signal() == Some(2) {
            interrupted += 1;
            if dest.exists() {
                let check = cspdesk(&dest, &["info"]);
                assert!(
                    check.status.success(),
                    "a copy left by an interrupted backup: {}",
                    stderr(&check)
                );
                assert!(stdout(&check).contains("30000"), "{}", stdout(&check));
            }
        } else {
            assert!(status.success(), "{status:?}");
            assert!(dest.exists());
        }
        assert!(left.iter().all(|f| !f.contains(".partial")), "{left:?}");
    }
    assert!(interrupted > 0, "no backup was slow enough to interrupt; make the database larger");
}

#[test]
fn terms_warns_about_texts_missing_in_the_sheets_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded(dir.path());
    let pdf = dir.path().join("terms.pdf");
    let pdf_arg = pdf.to_str().unwrap();
    let out = cspdesk(&db, &["terms", "--out", pdf_arg, "--lang", "sv"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("warning"), "the starter plan has both: {}", stderr(&out));

    // A scope item written in English only.
    let file = dir.path().join("offering.json");
    assert!(cspdesk(&db, &["offering", "export", "--out", file.to_str().unwrap()])
        .status
        .success());
    let mut offering: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    offering["plans"][0]["scope"]["excluded"][1]["sv"] = "".into();
    std::fs::write(&file, serde_json::to_vec(&offering).unwrap()).unwrap();
    let out = cspdesk(&db, &["offering", "import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));

    let out = cspdesk(&db, &["terms", "--out", pdf_arg, "--lang", "sv"]);
    assert!(out.status.success(), "a sheet is still made: {}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("warning: 1 of the plan's texts are not written in 'sv'"), "{err}");
    assert!(err.contains("scope.excluded[1]"), "{err}");
    let out = cspdesk(&db, &["terms", "--out", pdf_arg, "--lang", "en"]);
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
}

#[test]
fn call_list_pages_after_a_call_like_by_offset() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "300");
    let ids = |args: &[&str]| -> Vec<i64> {
        let mut all = vec!["call", "list", "--json"];
        all.extend_from_slice(args);
        let out = cspdesk(&db, &all);
        assert!(out.status.success(), "{}", stderr(&out));
        let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        rows.as_array().unwrap().iter().map(|r| r["id"].as_i64().unwrap()).collect()
    };
    for sort in ["newest", "due", "customer"] {
        let first = ids(&["--sort", sort, "--limit", "20"]);
        let by_offset = ids(&["--sort", sort, "--limit", "20", "--offset", "20"]);
        let last = first.last().unwrap().to_string();
        let after = ids(&["--sort", sort, "--limit", "20", "--after", &last]);
        assert_eq!(after, by_offset, "--sort {sort}");
    }
    let out = cspdesk(&db, &["call", "list", "--after", "999999"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("--after"), "{}", stderr(&out));
}

/// A team server's address is shown without its password, also when the server cannot be
/// reached (nothing listens on port 1).
#[test]
fn a_server_address_never_shows_its_password() {
    let out = cspdesk(Path::new("postgres://anna:hemligt-lösen@127.0.0.1:1/desk"), &["info"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("postgres://anna:***@127.0.0.1:1/desk"), "{err}");
    assert!(!err.contains("hemligt"), "{err}");
}

/// The same commands on a team server (CSPDESK_TEST_POSTGRES, set by `cargo xtask test`): a
/// desk is filled, listed, searched and described, in a schema of its own.
#[test]
fn the_cli_works_on_a_team_server() {
    let url = match std::env::var("CSPDESK_TEST_POSTGRES") {
        Ok(url) if !url.is_empty() => url,
        _ => {
            eprintln!("notice: no CSPDESK_TEST_POSTGRES; the CLI was not tried on PostgreSQL");
            return;
        }
    };
    let schema = format!("cli_{}", std::process::id());
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    admin.batch_execute(&format!("CREATE SCHEMA {schema}")).unwrap();
    let joiner = if url.contains('?') { '&' } else { '?' };
    let desk = format!("{url}{joiner}options=-csearch_path%3D{schema}");
    let db = Path::new(&desk);
    let out = cspdesk(db, &["demo", "--customers", "12", "--calls", "300"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = cspdesk(db, &["info", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["info"]["calls"], 300);
    assert_eq!(json["info"]["schemaVersion"], cspdesk::db::latest_version());
    let out = cspdesk(db, &["call", "list", "--limit", "5", "--json"]);
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows.as_array().map(Vec::len), Some(5), "{}", stderr(&out));
    let out = cspdesk(db, &["call", "list", "--search", "outbox", "--json"]);
    let found: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found = found.as_array().unwrap();
    assert!(!found.is_empty(), "{}", stderr(&out));
    assert!(
        found.iter().any(|r| r["summary"].as_str().unwrap().to_lowercase().contains("outbox")),
        "{found:?}"
    );
    let out = cspdesk(db, &["backup", "--out", "/nonexistent/x.sqlite3"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("backed up by its server"), "{}", stderr(&out));

    // The team desk copied back into a file holds the same calls.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("from-the-server.sqlite3");
    let out = Command::new(env!("CARGO_BIN_EXE_cspdesk"))
        .args(["db", "copy", "--from", &desk, "--to"])
        .arg(&file)
        .env_remove("CSPDESK_DB")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = cspdesk(&file, &["info", "--json"]);
    let copied: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(copied["info"]["calls"], 300);

    // The team: an owner adds a technician, who signs in with the password printed once.
    let login = format!("cli_tech_{}", std::process::id());
    let out =
        cspdesk(db, &["team", "add", &login, "--role", "technician", "--name", "Tove Tekniker"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let password = stdout(&out).trim().to_owned();
    assert_eq!((password.len(), password.lines().count()), (24, 1), "{password}");
    assert!(stderr(&out).contains("shown once"), "{}", stderr(&out));
    let out = cspdesk(db, &["team", "add", &login, "--role", "technician"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("already on the team"), "{}", stderr(&out));
    // A password from standard input, never a prompt.
    let second = format!("cli_owner_{}", std::process::id());
    let mut child = Command::new(env!("CARGO_BIN_EXE_cspdesk"))
        .args(["--db", &desk, "team", "add", &second, "--role", "owner", "--password-stdin"])
        .env_remove("CSPDESK_DB")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    child.stdin.take().unwrap().write_all(b"a chosen password 42\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).is_empty(), "a given password is not printed");
    let listed = stdout(&cspdesk(db, &["team", "list", "--json"]));
    let people: serde_json::Value = serde_json::from_str(&listed).unwrap();
    assert_eq!(people.as_array().unwrap().len(), 3, "{people}");

    let (scheme, rest) = desk.split_once("://").unwrap();
    let host = &rest[rest.rfind('@').unwrap()..];
    let as_tech = format!("{scheme}://{login}:{password}{host}");
    let tech = Path::new(&as_tech);
    let out = cspdesk(tech, &["team", "whoami"]);
    assert!(
        stdout(&out).contains("Tove Tekniker") && stdout(&out).contains("technician"),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let out = cspdesk(
        tech,
        &[
            "call",
            "log",
            "--customer",
            "1",
            "--severity",
            "A",
            "--summary",
            "Skrivaren",
            "--assign",
            "me",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let id = stdout(&out).trim().to_owned();
    let out = cspdesk(tech, &["call", "list", "--mine", "--json"]);
    let mine: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(mine.as_array().unwrap().len(), 1, "{mine}");
    assert_eq!(mine[0]["assignee"], "Tove Tekniker");
    let out = cspdesk(tech, &["customer", "add", "--name", "Ny AB"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("only an owner"), "{}", stderr(&out));
    let out = cspdesk(tech, &["team", "disable", &second]);
    assert_eq!(out.status.code(), Some(1));
    // The owner takes the call over, then disables the technician: who did what stays.
    let out = cspdesk(db, &["call", "assign", &id, "--to", "me"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = cspdesk(db, &["team", "disable", &login]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = cspdesk(tech, &["info"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not permitted to log in"), "{}", stderr(&out));
    let out = cspdesk(db, &["call", "show", &id, "--json"]);
    let call: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(call["loggedBy"], "Tove Tekniker");
    assert_ne!(call["assignee"], "Tove Tekniker");

    // The password can come from PGPASSWORD instead of the address (when the test server asks
    // for one: `cargo xtask test`'s does), and a wrong one is refused without being shown.
    let Some((before, after)) = desk.split_once('@') else { return };
    let Some((user_part, password)) = before.rsplit_once(':').filter(|(u, _)| u.contains("//"))
    else {
        return;
    };
    let bare = format!("{user_part}@{after}");
    let with = |pw: &str| {
        Command::new(env!("CARGO_BIN_EXE_cspdesk"))
            .args(["--db", &bare, "info"])
            .env_remove("CSPDESK_DB")
            .env("PGPASSWORD", pw)
            .output()
            .unwrap()
    };
    let out = with(password);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = with("wrong-secret");
    assert!(!out.status.success());
    assert!(stderr(&out).contains("password"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("wrong-secret"), "{}", stderr(&out));
}

/// `db copy` moves a desk into a new file with every table verified; a target that already
/// holds a desk, or the source itself, is refused and left as it was.
#[test]
fn db_copy_moves_a_desk_and_refuses_a_full_target() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.sqlite3");
    let b = dir.path().join("b.sqlite3");
    let out = cspdesk(&a, &["demo", "--customers", "8", "--calls", "120"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let copy = |from: &Path, to: &Path| {
        Command::new(env!("CARGO_BIN_EXE_cspdesk"))
            .args(["db", "copy", "--json", "--from"])
            .arg(from)
            .arg("--to")
            .arg(to)
            .env_remove("CSPDESK_DB")
            .output()
            .unwrap()
    };
    let out = copy(&a, &b);
    assert!(out.status.success(), "{}", stderr(&out));
    let tables: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let calls = tables.as_array().unwrap().iter().find(|t| t["table"] == "call").unwrap();
    assert_eq!(calls["rows"], 120);
    let export = |db: &Path| stdout(&cspdesk(db, &["offering", "export"]));
    assert_eq!(export(&a), export(&b));
    let list = |db: &Path| stdout(&cspdesk(db, &["call", "list", "--limit", "200", "--json"]));
    assert_eq!(list(&a), list(&b));

    let out = copy(&a, &b);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("--to: the database to copy into already holds data"),
        "{}",
        stderr(&out)
    );
    let out = copy(&a, &a);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("is the database being copied"), "{}", stderr(&out));
    assert_eq!(list(&a), list(&b), "the refused copies changed nothing");

    // A missing source is an error (exit 2), and no target file is made for it.
    let missing = dir.path().join("missing.sqlite3");
    let out = copy(&missing, &dir.path().join("c.sqlite3"));
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.path().join("c.sqlite3").exists());
}

/// Month end from the command line: the basis as text, JSON and CSV (Swedish and English
/// Excel form), closing and reopening, the block ledger, and bad input refused with exit 1.
#[test]
fn month_end_bills_closes_and_refuses_bad_input() {
    use cspdesk::billing::Month;
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "600");
    let zone: chrono_tz::Tz = "Europe/Stockholm".parse().unwrap();
    let this = Month::of(chrono::Utc::now(), zone);
    let last = this.previous().to_string();

    let out = cspdesk(&db, &["report", "billing", "--month", &last, "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let bases: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let bases = bases.as_array().unwrap();
    assert!(bases.len() > 3, "a demo desk bills most of its customers");
    for b in bases {
        let lines: i64 =
            b["lines"].as_array().unwrap().iter().map(|l| l["amount"].as_i64().unwrap()).sum();
        let (net, vat, total) =
            (b["net"].as_i64().unwrap(), b["vat"].as_i64().unwrap(), b["total"].as_i64().unwrap());
        assert_eq!(net + vat, total);
        assert_eq!(lines, if b["pricesIncludeVat"].as_bool().unwrap() { total } else { net });
    }

    let csv = dir.path().join("basis.csv");
    let out = cspdesk(
        &db,
        &["report", "billing", "--month", &last, "--csv", csv.to_str().unwrap(), "--lang", "sv"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = std::fs::read(&csv).unwrap();
    assert!(bytes.starts_with(b"\xef\xbb\xbfKundnummer;Kund;"), "UTF-8 BOM and ; in Swedish");
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.ends_with("\r\n") && !text.replace("\r\n", "").contains('\n'), "CRLF line ends");
    assert!(text.lines().nth(1).unwrap().split(';').count() >= 12);
    let out = cspdesk(
        &db,
        &["report", "billing", "--month", &last, "--csv", csv.to_str().unwrap(), "--lang", "en"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read(&csv).unwrap().starts_with(b"\xef\xbb\xbfCustomer number,Customer,"));

    // The month is not over: refused. The demo closed every month before last month.
    let out = cspdesk(&db, &["month", "close", &this.to_string()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("is not over yet"), "{}", stderr(&out));
    let out = cspdesk(&db, &["month", "close", &last]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), format!("Closed {last}"));
    let out = cspdesk(&db, &["report", "billing", "--month", &last, "--json"]);
    let closed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(closed.as_array().unwrap().iter().all(|b| b["closed"] == true));
    let out = cspdesk(&db, &["month", "reopen", &last]);
    assert_eq!(out.status.code(), Some(1), "a reason is required");
    let out = cspdesk(&db, &["month", "reopen", &last, "--reason", "Forgot a block"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = cspdesk(&db, &["month", "list"]);
    assert!(
        stdout(&out).contains("reopened by — : Forgot a block")
            || stdout(&out).contains(": Forgot a block"),
        "{}",
        stdout(&out)
    );

    for (args, says) in [
        (
            vec!["report", "billing", "--month", "2026-13"],
            "--month: '2026-13' is not a month; expected YYYY-MM",
        ),
        (vec!["month", "close", "nov"], "MONTH: 'nov' is not a month"),
        (
            vec!["block", "adjust", "--customer", "1", "--hours", "1,234", "--reason", "x"],
            "--hours: '1,234' is not a number",
        ),
        (vec!["billing", "set", "--vat", "120"], "--vat: must be from 0 to 100"),
    ] {
        let out = cspdesk(&db, &args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    }
}

/// The customers' names, as `customer list --json` gives them.
fn customer_names(db: &Path) -> Vec<String> {
    let out = cspdesk(db, &["customer", "list", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rows: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let mut names: Vec<String> =
        rows.as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap().to_owned()).collect();
    names.sort();
    names
}

/// `backup list --json`: each backup's file and what it holds.
fn listed(db: &Path) -> Vec<serde_json::Value> {
    let out = cspdesk(db, &["backup", "list", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str::<serde_json::Value>(&stdout(&out)).unwrap().as_array().unwrap().clone()
}

#[test]
fn backup_now_list_restore_and_undo() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded(dir.path());
    assert!(cspdesk(&db, &["customer", "add", "--name", "Alfa AB"]).status.success());
    let out = cspdesk(&db, &["backup", "now"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("verified"), "{}", stdout(&out));
    let backups = dir.path().join("backups");
    let list = cspdesk(&db, &["backup", "list"]);
    assert!(stdout(&list).contains("1 customers, 0 calls, 0 time entries"), "{}", stdout(&list));
    assert!(cspdesk(&db, &["customer", "add", "--name", "Beta AB"]).status.success());

    let rows = listed(&db);
    assert_eq!(rows.len(), 1);
    let backup = rows[0]["file"]["path"].as_str().unwrap().to_owned();
    assert!(backup.starts_with(backups.to_str().unwrap()), "{backup}");
    let out = cspdesk(&db, &["backup", "restore", &backup]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("To undo: cspdesk backup restore"), "{}", stdout(&out));
    assert_eq!(customer_names(&db), ["Alfa AB"]);

    // The copy taken before the restore undoes it.
    let rows = listed(&db);
    let undo: Vec<&serde_json::Value> =
        rows.iter().filter(|r| r["file"]["kind"] == "before_restore").collect();
    assert_eq!(undo.len(), 1, "{rows:?}");
    assert_eq!(undo[0]["holds"]["customers"], 2);
    let show = cspdesk(&db, &["backup", "show", undo[0]["file"]["path"].as_str().unwrap()]);
    assert!(stdout(&show).contains("2 customers"), "{}", stdout(&show));
    let out = cspdesk(&db, &["backup", "restore", undo[0]["file"]["path"].as_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(customer_names(&db), ["Alfa AB", "Beta AB"]);
    // Nothing but backups in the folder: no -wal, -shm or half-written files.
    let names = file_names(&backups);
    assert!(
        names.iter().all(|n| n.starts_with("cspdesk-") && n.ends_with(".sqlite3")),
        "{names:?}"
    );
}

#[test]
fn a_restore_of_a_newer_versions_file_or_another_programs_file_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded(dir.path());
    let newer = dir.path().join("newer.sqlite3");
    rusqlite_free_newer_file(&newer);
    let text = dir.path().join("letter.txt");
    std::fs::write(&text, "not a database").unwrap();
    let before = std::fs::read(&db).unwrap();
    for (file, says) in [
        (&newer, "newer version of CSP Desk"),
        (&text, "is not a CSP Desk database; nothing was changed"),
        (&dir.path().join("missing.sqlite3"), "there is no file at"),
    ] {
        for command in ["restore", "show"] {
            let out = cspdesk(&db, &["backup", command, file.to_str().unwrap()]);
            assert_eq!(
                out.status.code(),
                Some(1),
                "{command} {}: {}",
                file.display(),
                stderr(&out)
            );
            assert!(stderr(&out).contains(says), "{}", stderr(&out));
        }
    }
    assert_eq!(std::fs::read(&db).unwrap(), before);
    assert!(!dir.path().join("backups").exists(), "no copy taken before a refused restore");
}

#[test]
fn backups_go_to_the_apps_chosen_folder_or_dir() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded(dir.path());
    let synced = dir.path().join("OneDrive").join("CSP Desk");
    let settings =
        serde_json::json!({ "folder": synced, "policy": { "today": 1, "days": 0, "weeks": 0 } });
    std::fs::write(dir.path().join("backups.json"), settings.to_string()).unwrap();
    for _ in 0..2 {
        let out = cspdesk(&db, &["backup", "now"]);
        assert!(out.status.success(), "{}", stderr(&out));
        std::thread::sleep(std::time::Duration::from_millis(1100));
    }
    // The app's policy: one of today.
    assert_eq!(file_names(&synced).len(), 1, "{:?}", file_names(&synced));
    let elsewhere = dir.path().join("elsewhere");
    let out = cspdesk(&db, &["backup", "now", "--dir", elsewhere.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(file_names(&elsewhere).len(), 1);
    assert!(!dir.path().join("backups").exists());
    // A team desk is backed up by its server; nothing is connected to for saying so.
    let out = cspdesk_bare(&["--db", "postgres://anna@127.0.0.1:1/desk", "backup", "list"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("--db: a team desk is backed up by its server"),
        "{}",
        stderr(&out)
    );
    // --out and a subcommand together are bad input.
    let out = cspdesk(&db, &["backup", "--out", "x.sqlite3", "now"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

/// The whole desk out and into a new file, and out again: the same bytes. An archive never
/// overwrites a file, never fills a desk that holds data, and a damaged one says where.
#[test]
fn an_archive_goes_out_and_back_in_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.sqlite3");
    let out = cspdesk(&db, &["demo", "--customers", "6", "--calls", "200", "--seed", "3"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let first = dir.path().join("first.json");
    let out = cspdesk(&db, &["archive", "export", "--out", first.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("rows, schema"), "{}", stdout(&out));

    let again = cspdesk(&db, &["archive", "export", "--out", first.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("already exists"), "{}", stderr(&again));

    let copy = dir.path().join("new").join("copy.sqlite3");
    std::fs::create_dir(copy.parent().unwrap()).unwrap();
    let out = cspdesk(&copy, &["archive", "import", first.to_str().unwrap(), "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let read: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let calls = read["tables"].as_array().unwrap().iter().find(|t| t["table"] == "call").unwrap();
    assert_eq!(calls["rows"], 200);
    let leftovers: Vec<_> = std::fs::read_dir(copy.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".cspdesk"))
        .collect();
    assert!(leftovers.is_empty(), "the staging folder is left behind: {leftovers:?}");
    let second = dir.path().join("second.json");
    let out = cspdesk(&copy, &["archive", "export", "--out", second.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read(&first).unwrap() == std::fs::read(&second).unwrap());

    // Into a desk with data: refused, unchanged.
    let before = std::fs::read(&db).unwrap().len();
    let out = cspdesk(&db, &["archive", "import", first.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("already holds data"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&db).unwrap().len(), before);

    // A damaged archive: where, and no new file left behind.
    let text = std::fs::read_to_string(&first).unwrap();
    let damaged = dir.path().join("damaged.json");
    std::fs::write(&damaged, text.replacen("\"schema\":", "\"schema\": \"ten\", \"x\":", 1))
        .unwrap();
    let target = dir.path().join("never.sqlite3");
    let out = cspdesk(&target, &["archive", "import", damaged.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("line 4"), "{}", stderr(&out));
    assert!(!target.exists(), "a failed import leaves no database behind");
}

/// A request about a person from the command line: find, export what is held, anonymise with
/// redaction, and the erasure log; erasing needs --with-calls said out loud.
#[test]
fn a_person_is_found_exported_anonymised_and_logged() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.sqlite3");
    let out = cspdesk(&db, &["demo", "--customers", "4", "--calls", "120", "--seed", "2"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = cspdesk(&db, &["person", "find", "IT@", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let hits: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let hit = hits.as_array().unwrap().iter().max_by_key(|h| h["calls"].as_u64()).unwrap().clone();
    let (id, name) = (hit["contactId"].to_string(), hit["name"].as_str().unwrap().to_owned());
    assert!(hit["calls"].as_u64().unwrap() > 0, "{hit}");

    let file = dir.path().join("access.json");
    let out = cspdesk(&db, &["person", "export", &id, "--out", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let record: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(record["person"]["name"], name.as_str());
    assert_eq!(record["calls"].as_array().unwrap().len() as u64, hit["calls"].as_u64().unwrap());

    // The customer's own records, to take along when it leaves.
    let customer = hit["customerId"].to_string();
    let taken = dir.path().join("customer.json");
    let out = cspdesk(&db, &["customer", "export", &customer, "--out", taken.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let record: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&taken).unwrap()).unwrap();
    assert_eq!(record["format"], "cspdesk-customer");
    assert!(!record["calls"].as_array().unwrap().is_empty());

    let refused = cspdesk(&db, &["person", "erase", &id]);
    assert_ne!(refused.status.code(), Some(0));
    assert!(stderr(&refused).contains("--with-calls"), "{}", stderr(&refused));

    let out = cspdesk(&db, &["person", "anonymise", &id, "--redact"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains(&format!("Anonymised contact {id}")), "{}", stdout(&out));
    let out = cspdesk(&db, &["person", "find", &name]);
    assert!(stdout(&out).contains("No contact person"), "{}", stdout(&out));

    let out = cspdesk(&db, &["erasure", "log", "--json"]);
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(log[0]["contactId"].to_string(), id);
    assert!(!String::from_utf8_lossy(&out.stdout).contains(&name));
    let text = stdout(&cspdesk(&db, &["erasure", "log"]));
    assert!(text.contains("anonymise"), "{text}");

    let missing = cspdesk(&db, &["person", "export", "99999", "--out", "x.json"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("99999"), "{}", stderr(&missing));
}

/// `cspdesk report sla` speaks one language: its headings and the partner's severity names
/// follow `--lang` (default: the profile's document language), never English headings over
/// Swedish severity names.
#[test]
fn the_sla_report_is_in_one_language() {
    use cspdesk::billing::Month;
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "300");
    let zone: chrono_tz::Tz = "Europe/Stockholm".parse().unwrap();
    let last = Month::of(chrono::Utc::now(), zone).previous().to_string();
    let report = |lang: &str| {
        let out = cspdesk(&db, &["report", "sla", "--month", &last, "--lang", lang]);
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    };
    let en = report("en");
    assert!(en.contains("A Critical") && en.contains("calls") && en.contains("Total"), "{en}");
    assert!(!en.contains("Kritisk") && !en.contains("ärenden") && !en.contains("Totalt"), "{en}");
    let sv = report("sv");
    assert!(sv.contains("A Kritisk") && sv.contains("ärenden") && sv.contains("Totalt"), "{sv}");
    assert!(!sv.contains("Critical") && !sv.contains("first response"), "{sv}");
    let out = cspdesk(&db, &["report", "sla", "--month", &last, "--lang", "de"]);
    assert_eq!(out.status.code(), Some(1), "an unknown language is refused");
}

/// `cspdesk report workload` says its figures in `--lang`: headings, services, channels and
/// kinds of escalation alike, and the same figures as its JSON.
#[test]
fn the_workload_report_is_in_one_language_with_the_figures_of_its_json() {
    use cspdesk::billing::Month;
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "300");
    let zone: chrono_tz::Tz = "Europe/Stockholm".parse().unwrap();
    let last = Month::of(chrono::Utc::now(), zone).previous().to_string();
    let run = |args: &[&str]| {
        let mut all = vec!["report", "workload", "--month", &last];
        all.extend_from_slice(args);
        let out = cspdesk(&db, &all);
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    };
    let figures: serde_json::Value = serde_json::from_str(&run(&["--json"])).unwrap();
    let received = figures["received"].as_i64().unwrap();
    assert!(received > 0, "the demo desk received calls last month: {figures}");
    let en = run(&["--lang", "en"]);
    assert!(en.contains(&format!("received {received},")), "{en}");
    assert!(
        en.contains("Per service") && en.contains("Phone") && en.contains("Time: billable"),
        "{en}"
    );
    let sv = run(&["--lang", "sv"]);
    assert!(sv.contains(&format!("mottagna {received},")), "{sv}");
    assert!(
        sv.contains("Per tjänst") && sv.contains("Telefon") && sv.contains("Tid: debiterbar"),
        "{sv}"
    );
    for english in ["received", "Per service", "Phone", "Escalated", "Time:", "week"] {
        assert!(!sv.contains(english), "English {english:?} in the Swedish report:\n{sv}");
    }
    let out = cspdesk(&db, &["report", "workload", "--month", &last, "--lang", "de"]);
    assert_eq!(out.status.code(), Some(1), "an unknown language is refused");
}

/// `cspdesk block show` speaks `--lang` (default: the profile's document language) in its words
/// as in its numbers, never English words around Swedish decimals.
#[test]
fn a_block_is_shown_in_one_language() {
    use cspdesk::billing::Month;
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path(), "300");
    let zone: chrono_tz::Tz = "Europe/Stockholm".parse().unwrap();
    let last = Month::of(chrono::Utc::now(), zone).previous().to_string();
    let out = cspdesk(&db, &["report", "billing", "--month", &last, "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let bases: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let id = bases
        .as_array()
        .unwrap()
        .iter()
        .find(|b| !b["block"].is_null())
        .map(|b| b["customerId"].as_i64().unwrap())
        .expect("the demo desk has a customer on a block of hours");
    let id = id.to_string();
    let show = |lang: &str| {
        let out =
            cspdesk(&db, &["block", "show", "--customer", &id, "--month", &last, "--lang", lang]);
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    };
    let en = show("en");
    assert!(en.contains("starting") && en.contains("remaining"), "{en}");
    let sv = show("sv");
    assert!(sv.contains("ingående") && sv.contains("kvar") && sv.contains(" tim"), "{sv}");
    for english in ["starting", "bought", "remaining", "by ", "Warning"] {
        assert!(!sv.contains(english), "English {english:?} in Swedish:\n{sv}");
    }
}
