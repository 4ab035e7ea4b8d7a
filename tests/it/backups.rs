//! Backups of a solo desk: the rotation (a pure function, days and weeks in the user's zone),
//! verified copies, and restores: an older version's file upgraded, a newer version's and
//! another program's file refused without a change, and a restore undone.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use cspdesk::backups::rotation::{to_delete, Taken};
use cspdesk::backups::{self, BackupKind, Config, Policy};
use cspdesk::customers::{add_customer, list_customers};
use cspdesk::problem::ProblemCode;
use cspdesk::{Db, Error};

const STOCKHOLM: Tz = chrono_tz::Europe::Stockholm;

/// A local time in `zone`, "YYYY-MM-DD HH:MM".
fn at(zone: Tz, local: &str) -> DateTime<Utc> {
    let naive = NaiveDateTime::parse_from_str(local, "%Y-%m-%d %H:%M").unwrap();
    zone.from_local_datetime(&naive).earliest().unwrap().with_timezone(&Utc)
}

/// The backups (local times in `zone`) the policy keeps at `now`, in the order given.
fn kept(zone: Tz, now: &str, policy: Policy, backups: &[&str]) -> Vec<String> {
    let taken: Vec<Taken> =
        backups.iter().map(|b| Taken { at: at(zone, b), pinned: false }).collect();
    let gone = to_delete(&taken, at(zone, now), &policy, zone);
    backups
        .iter()
        .enumerate()
        .filter(|(i, _)| !gone.contains(i))
        .map(|(_, b)| b.to_string())
        .collect()
}

fn policy(today: u32, days: u32, weeks: u32) -> Policy {
    Policy { today, days, weeks }
}

#[test]
fn rotation_keeps_the_newest_of_today() {
    let today = ["2026-11-30 08:00", "2026-11-30 10:00", "2026-11-30 12:00", "2026-11-30 14:00"];
    assert_eq!(
        kept(STOCKHOLM, "2026-11-30 15:00", policy(3, 0, 0), &today),
        ["2026-11-30 10:00", "2026-11-30 12:00", "2026-11-30 14:00"]
    );
    assert_eq!(kept(STOCKHOLM, "2026-11-30 15:00", policy(1, 0, 0), &today), ["2026-11-30 14:00"]);
    // Yesterday's are not today's: with no days kept only the newest of all would stay.
    assert_eq!(
        kept(
            STOCKHOLM,
            "2026-11-30 15:00",
            policy(3, 0, 0),
            &["2026-11-29 20:00", "2026-11-29 22:00"]
        ),
        ["2026-11-29 22:00"]
    );
}

#[test]
fn rotation_keeps_one_a_day_for_the_days_before_today() {
    // Two a day from the 20th to the 29th; today is Monday the 30th.
    let backups: Vec<String> = (20..=29)
        .flat_map(|d| [format!("2026-11-{d} 09:00"), format!("2026-11-{d} 17:00")])
        .collect();
    let backups: Vec<&str> = backups.iter().map(String::as_str).collect();
    assert_eq!(
        kept(STOCKHOLM, "2026-11-30 08:00", policy(3, 7, 0), &backups),
        (23..=29).map(|d| format!("2026-11-{d} 17:00")).collect::<Vec<_>>()
    );
    assert_eq!(
        kept(STOCKHOLM, "2026-11-30 08:00", policy(3, 2, 0), &backups),
        ["2026-11-28 17:00", "2026-11-29 17:00"]
    );
}

#[test]
fn rotation_keeps_one_a_week_for_the_weeks_before_this_week() {
    // Today is Wednesday 2 December 2026; this week began on Monday 30 November.
    let backups = [
        "2026-10-20 12:00", // week 43: beyond four weeks
        "2026-11-02 09:00", // week 45
        "2026-11-04 09:00", // week 45, newer
        "2026-11-15 23:59", // week 46 (Sunday)
        "2026-11-16 00:01", // week 47 (Monday)
        "2026-11-29 23:30", // week 48 (Sunday night)
        "2026-11-30 00:30", // this week (Monday just after midnight)
        "2026-12-02 07:00", // today
    ];
    assert_eq!(
        kept(STOCKHOLM, "2026-12-02 08:00", policy(3, 0, 4), &backups),
        [
            "2026-11-04 09:00",
            "2026-11-15 23:59",
            "2026-11-16 00:01",
            "2026-11-29 23:30",
            "2026-12-02 07:00"
        ]
    );
    // One week: only the week before this one.
    assert_eq!(
        kept(STOCKHOLM, "2026-12-02 08:00", policy(3, 0, 1), &backups),
        ["2026-11-29 23:30", "2026-12-02 07:00"]
    );
}

#[test]
fn rotation_counts_days_and_weeks_in_the_users_zone() {
    // 00:30 in Stockholm is 23:30 UTC the day before: it is today for the person at the desk.
    let backups = ["2026-11-30 00:30", "2026-11-29 23:50"];
    assert_eq!(
        kept(STOCKHOLM, "2026-11-30 10:00", policy(1, 0, 0), &backups),
        ["2026-11-30 00:30"]
    );
    assert_eq!(
        kept(STOCKHOLM, "2026-11-30 10:00", policy(1, 1, 0), &backups),
        ["2026-11-30 00:30", "2026-11-29 23:50"]
    );
    // The same instants judged in UTC: both fall on the 29th, one is kept.
    let utc: Vec<Taken> =
        backups.iter().map(|b| Taken { at: at(STOCKHOLM, b), pinned: false }).collect();
    assert_eq!(
        to_delete(&utc, at(STOCKHOLM, "2026-11-30 10:00"), &policy(1, 1, 0), chrono_tz::UTC),
        [1]
    );
    // Monday starts the week at local midnight: Sunday 23:50 is last week, Monday 00:30 this.
    let monday = ["2026-11-23 10:00", "2026-11-29 23:50", "2026-11-30 00:30"];
    assert_eq!(
        kept(STOCKHOLM, "2026-12-01 10:00", policy(1, 0, 1), &monday),
        ["2026-11-29 23:50", "2026-11-30 00:30"]
    );
}

#[test]
fn rotation_across_the_change_from_summer_time() {
    // Sunday 25 October 2026 has 25 hours in Stockholm (02:00-03:00 twice): still one day.
    let backups = ["2026-10-25 00:30", "2026-10-25 02:30", "2026-10-25 23:30", "2026-10-26 00:10"];
    assert_eq!(
        kept(STOCKHOLM, "2026-10-26 09:00", policy(1, 1, 0), &backups),
        ["2026-10-25 23:30", "2026-10-26 00:10"]
    );
    assert_eq!(
        kept(STOCKHOLM, "2026-10-25 23:45", policy(3, 0, 0), &backups[..3]),
        ["2026-10-25 00:30", "2026-10-25 02:30", "2026-10-25 23:30"]
    );
}

#[test]
fn rotation_always_keeps_the_newest_the_pinned_and_the_future() {
    // A desk left alone for months: its last backup stays.
    assert_eq!(
        kept(STOCKHOLM, "2027-03-01 09:00", Policy::default(), &["2026-11-01 09:00"]),
        ["2026-11-01 09:00"]
    );
    let now = at(STOCKHOLM, "2026-11-30 12:00");
    let backups = [
        Taken { at: at(STOCKHOLM, "2026-01-01 09:00"), pinned: true },
        Taken { at: at(STOCKHOLM, "2026-02-01 09:00"), pinned: false },
        Taken { at: at(STOCKHOLM, "2026-12-24 09:00"), pinned: false },
        Taken { at: at(STOCKHOLM, "2026-11-30 11:00"), pinned: false },
    ];
    assert_eq!(to_delete(&backups, now, &policy(1, 0, 0), STOCKHOLM), [1]);
    assert_eq!(to_delete(&[], now, &Policy::default(), STOCKHOLM), Vec::<usize>::new());
}

#[test]
fn rotation_of_a_long_run_keeps_at_most_three_seven_and_eight() {
    // Six backups a day for 120 days, judged every day at 23:00: never more than 3 + 7 + 8.
    let start = at(STOCKHOLM, "2026-06-01 01:00");
    let all: Vec<DateTime<Utc>> =
        (0..120 * 6).map(|i| start + chrono::Duration::hours(4 * i)).collect();
    for day in [10, 40, 77, 119] {
        let now = start + chrono::Duration::days(day) + chrono::Duration::hours(21);
        let taken: Vec<Taken> =
            all.iter().filter(|a| **a <= now).map(|a| Taken { at: *a, pinned: false }).collect();
        let left = taken.len() - to_delete(&taken, now, &Policy::default(), STOCKHOLM).len();
        assert!(left <= 3 + 7 + 8, "day {day}: {left} kept");
        assert!(left >= 3 + 7 + day.min(56) as usize / 7 - 2, "day {day}: {left} kept");
    }
}

#[test]
fn a_policy_out_of_range_is_refused_field_by_field() {
    assert!(Policy::default().problems().is_empty());
    let problems = policy(0, 400, 0).problems();
    let fields: Vec<(&str, ProblemCode)> =
        problems.iter().map(|p| (p.field.as_str(), p.code)).collect();
    assert_eq!(fields, [("today", ProblemCode::OutOfRange), ("days", ProblemCode::OutOfRange)]);
}

#[test]
fn names_sort_as_the_backups_were_taken_and_read_back() {
    let times = ["2026-03-29 01:59", "2026-03-29 03:00", "2026-10-25 02:30", "2026-11-30 10:25"];
    let names: Vec<String> = times
        .iter()
        .map(|t| backups::file_name(at(STOCKHOLM, t), BackupKind::Regular, 0))
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(sorted, names);
    assert_eq!(names[3], "cspdesk-2026-11-30T092500Z.sqlite3");
    for name in &names {
        assert!(!name.contains([':', '\\', '/', '*', '?', '"', '<', '>', '|']), "{name}");
    }
    let when = at(STOCKHOLM, "2026-11-30 10:25");
    for (kind, n) in [
        (BackupKind::Regular, 0),
        (BackupKind::BeforeRestore, 0),
        (BackupKind::Regular, 2),
        (BackupKind::BeforeRestore, 12),
    ] {
        assert_eq!(backups::parse_name(&backups::file_name(when, kind, n)), Some((when, kind)));
    }
    for other in [
        "notes.txt",
        "cspdesk.sqlite3",
        "cspdesk-2026-11-30.sqlite3",
        "cspdesk-2026-11-30T092500Z-x.sqlite3",
        "cspdesk-2026-11-30T092500Z.sqlite3.partial",
    ] {
        assert_eq!(backups::parse_name(other), None, "{other}");
    }
}

/// A desk file in a temporary folder, with the default plan and the customers named.
fn desk(customers: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cspdesk.sqlite3");
    let mut db = Db::open(&path).unwrap();
    let (plan, _) = crate::calls::setup_on(&mut db);
    for name in customers {
        add_customer(
            &mut db,
            &crate::calls::customer(name, plan),
            at(STOCKHOLM, "2026-11-01 10:00"),
        )
        .unwrap();
    }
    (dir, path)
}

fn customer_names(path: &Path) -> Vec<String> {
    let db = Db::open(path).unwrap();
    let mut names: Vec<String> =
        list_customers(&db, true, 1000, 0).unwrap().into_iter().map(|c| c.name).collect();
    names.sort();
    names
}

fn add(path: &Path, name: &str) {
    let mut db = Db::open(path).unwrap();
    let plan = cspdesk::offering::list_plans(&db).unwrap()[0].id;
    add_customer(&mut db, &crate::calls::customer(name, plan), at(STOCKHOLM, "2026-11-02 10:00"))
        .unwrap();
}

fn code(e: &Error) -> Option<ProblemCode> {
    e.problems().first().map(|p| p.code)
}

#[test]
fn a_backup_is_verified_listed_and_rotated_leaving_other_files_alone() {
    let (dir, db) = desk(&["Alfa AB"]);
    let folder = backups::default_folder(&db);
    assert_eq!(folder, dir.path().join("backups"));
    assert_eq!(backups::list(&folder).unwrap(), []);
    let now = at(STOCKHOLM, "2026-11-30 10:00");
    let done = backups::back_up(&db, &folder, now, &Policy::default(), STOCKHOLM).unwrap();
    assert_eq!(done.file.name, "cspdesk-2026-11-30T090000Z.sqlite3");
    assert!(done.deleted.is_empty());
    let contents = backups::inspect(&done.file.path).unwrap();
    assert_eq!(
        (contents.holds.customers, contents.holds.calls, contents.holds.time_entries),
        (2, 0, 0)
    );
    assert_eq!(contents.holds.schema_version, cspdesk::db::latest_version());
    assert_eq!(contents.file.size, std::fs::metadata(&done.file.path).unwrap().len());
    // The same counts without reading every page (for a list of many backups).
    assert_eq!(backups::glance(&done.file.path).unwrap(), contents);
    // The same second again: a second name, not an error.
    let again = backups::take(&db, &folder, now, BackupKind::Regular).unwrap();
    assert_eq!(again.name, "cspdesk-2026-11-30T090000Z-1.sqlite3");
    // Files of others in the folder (a synced folder) are never listed or deleted.
    for other in ["notes.txt", "cspdesk-old.sqlite3"] {
        std::fs::write(folder.join(other), "not ours").unwrap();
    }
    for h in [11, 12, 13] {
        backups::back_up(
            &db,
            &folder,
            at(STOCKHOLM, &format!("2026-11-30 {h}:00")),
            &Policy::default(),
            STOCKHOLM,
        )
        .unwrap();
    }
    let names: Vec<String> = backups::list(&folder).unwrap().into_iter().map(|f| f.name).collect();
    assert_eq!(
        names,
        [
            "cspdesk-2026-11-30T120000Z.sqlite3",
            "cspdesk-2026-11-30T110000Z.sqlite3",
            "cspdesk-2026-11-30T100000Z.sqlite3"
        ]
    );
    assert!(folder.join("notes.txt").exists() && folder.join("cspdesk-old.sqlite3").exists());
    // Nothing half-written is left beside them.
    let partial = std::fs::read_dir(&folder)
        .unwrap()
        .filter_map(|e| e.ok())
        .any(|e| e.file_name().to_string_lossy().contains("partial"));
    assert!(!partial);
}

#[test]
fn a_damaged_backup_is_refused_and_changes_nothing() {
    let (_dir, db) = desk(&["Alfa AB"]);
    let folder = backups::default_folder(&db);
    let file = backups::take(&db, &folder, at(STOCKHOLM, "2026-11-30 10:00"), BackupKind::Regular)
        .unwrap();
    // Zeros over the pages after the first: the header still says CSP Desk.
    let mut bytes = std::fs::read(&file.path).unwrap();
    let len = bytes.len();
    bytes[4096..len].fill(0x55);
    std::fs::write(&file.path, bytes).unwrap();
    let e = backups::inspect(&file.path).unwrap_err();
    assert_eq!(code(&e), Some(ProblemCode::BackupDamaged), "{e}");
    let e =
        backups::restore(&db, &file.path, &folder, at(STOCKHOLM, "2026-11-30 11:00")).unwrap_err();
    assert_eq!(code(&e), Some(ProblemCode::BackupDamaged), "{e}");
    assert_eq!(customer_names(&db), ["Alfa AB", "Södertälje Bygg AB"]);
    assert_eq!(backups::list(&folder).unwrap().len(), 1, "no copy taken before a refused restore");
}

#[test]
fn a_restore_brings_back_the_backup_and_its_undo_brings_back_the_rest() {
    let (_dir, db) = desk(&["Alfa AB"]);
    let folder = backups::default_folder(&db);
    let backup =
        backups::take(&db, &folder, at(STOCKHOLM, "2026-11-30 10:00"), BackupKind::Regular)
            .unwrap();
    add(&db, "Beta AB");
    // The CLI (or another window) keeps the file open through the restore.
    let other = Db::open(&db).unwrap();
    let done =
        backups::restore(&db, &backup.path, &folder, at(STOCKHOLM, "2026-11-30 11:00")).unwrap();
    assert_eq!(done.restored.holds.customers, 2);
    assert_eq!(customer_names(&db), ["Alfa AB", "Södertälje Bygg AB"]);
    let seen: Vec<String> =
        list_customers(&other, true, 1000, 0).unwrap().into_iter().map(|c| c.name).collect();
    assert_eq!(seen.len(), 2, "the other connection sees the restored desk: {seen:?}");
    drop(other);
    let undo = done.undo.unwrap();
    assert_eq!(undo.kind, BackupKind::BeforeRestore);
    assert_eq!(undo.name, "cspdesk-2026-11-30T100000Z-before-restore.sqlite3");
    assert_eq!(backups::inspect(&undo.path).unwrap().holds.customers, 3);
    // The backup itself is unchanged, and no work files are left in the data folder.
    assert_eq!(backups::inspect(&backup.path).unwrap().holds.customers, 2);
    let leftovers: Vec<String> = std::fs::read_dir(db.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    let undone =
        backups::restore(&db, &undo.path, &folder, at(STOCKHOLM, "2026-11-30 11:05")).unwrap();
    assert_eq!(customer_names(&db), ["Alfa AB", "Beta AB", "Södertälje Bygg AB"]);
    assert_eq!(undone.restored.holds.customers, 3);
    // The rotation keeps the newest copy taken before a restore, whatever the policy says.
    let kept =
        backups::rotate(&folder, at(STOCKHOLM, "2026-11-30 11:10"), &policy(1, 0, 0), STOCKHOLM)
            .unwrap();
    let names: Vec<String> = backups::list(&folder).unwrap().into_iter().map(|f| f.name).collect();
    assert_eq!(names, ["cspdesk-2026-11-30T100500Z-before-restore.sqlite3"], "deleted {kept:?}");
}

#[test]
fn a_backup_from_an_older_version_is_upgraded_on_restore() {
    let (dir, db) = desk(&["Alfa AB"]);
    let folder = backups::default_folder(&db);
    let old = dir.path().join("old-desk.sqlite3");
    drop(Db::open_up_to(&old, 8).unwrap());
    assert_eq!(backups::inspect(&old).unwrap().holds.schema_version, 8);
    let done = backups::restore(&db, &old, &folder, at(STOCKHOLM, "2026-11-30 11:00")).unwrap();
    assert_eq!(done.restored.holds.schema_version, 8);
    let restored = Db::open(&db).unwrap();
    assert_eq!(restored.schema_version().unwrap(), cspdesk::db::latest_version());
    assert_eq!(customer_names(&db), Vec::<String>::new());
    // The backup stays as it was (schema 8), and the upgrade's own copy is not left behind.
    assert_eq!(backups::inspect(&old).unwrap().holds.schema_version, 8);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains(".schema-")), "{names:?}");
}

#[test]
fn a_newer_versions_file_and_a_file_not_ours_are_refused_and_change_nothing() {
    let (dir, db) = desk(&["Alfa AB"]);
    let folder = backups::default_folder(&db);
    let now = at(STOCKHOLM, "2026-11-30 11:00");
    let newer = dir.path().join("newer.sqlite3");
    cspdesk::db::backup_file(&db, &newer).unwrap();
    rusqlite::Connection::open(&newer).unwrap().pragma_update(None, "user_version", 999).unwrap();
    let text = dir.path().join("notes.sqlite3");
    std::fs::write(&text, "Dear customer, ...").unwrap();
    let foreign = dir.path().join("other-app.sqlite3");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let empty = dir.path().join("empty.sqlite3");
    std::fs::write(&empty, "").unwrap();
    let cases = [
        (&newer, ProblemCode::NewerDatabase),
        (&text, ProblemCode::NotCspDeskDatabase),
        (&foreign, ProblemCode::NotCspDeskDatabase),
        (&empty, ProblemCode::NotCspDeskDatabase),
        (&dir.path().join("missing.sqlite3"), ProblemCode::NoSuchFile),
    ];
    let before = std::fs::read(&db).unwrap();
    for (file, expected) in cases {
        let e = backups::restore(&db, file, &folder, now).unwrap_err();
        assert_eq!(code(&e), Some(expected), "{}: {e}", file.display());
    }
    let e = backups::inspect(&newer).unwrap_err();
    assert!(e.to_string().contains("newer version"), "{e}");
    assert_eq!(std::fs::read(&db).unwrap(), before, "the database is byte for byte as it was");
    assert!(backups::list(&folder).unwrap().is_empty(), "no copy taken before a refused restore");
    assert_eq!(std::fs::read(&text).unwrap(), b"Dear customer, ...");
}

#[test]
fn a_restore_onto_a_new_computer_makes_the_database() {
    let (dir, db) = desk(&["Alfa AB"]);
    let folder = backups::default_folder(&db);
    let backup =
        backups::take(&db, &folder, at(STOCKHOLM, "2026-11-30 10:00"), BackupKind::Regular)
            .unwrap();
    let fresh = dir.path().join("new").join("cspdesk.sqlite3");
    let done =
        backups::restore(&fresh, &backup.path, &folder, at(STOCKHOLM, "2026-11-30 11:00")).unwrap();
    assert!(done.undo.is_none());
    assert_eq!(customer_names(&fresh), ["Alfa AB", "Södertälje Bygg AB"]);
}

#[test]
fn the_settings_live_beside_the_database_and_default_to_a_backups_folder() {
    let (dir, db) = desk(&[]);
    assert_eq!(Config::load(&db).unwrap(), Config::default());
    assert_eq!(Config::default().folder(&db), dir.path().join("backups"));
    let chosen = Config {
        folder: Some(dir.path().join("OneDrive").join("CSP Desk")),
        policy: policy(2, 14, 12),
    };
    chosen.save(&db).unwrap();
    assert_eq!(Config::load(&db).unwrap(), chosen);
    assert!(dir.path().join(backups::CONFIG_FILE).exists());
    let bad = Config { policy: policy(0, 7, 8), ..Config::default() };
    assert_eq!(code(&bad.save(&db).unwrap_err()), Some(ProblemCode::OutOfRange));
    assert_eq!(Config::load(&db).unwrap(), chosen);
}

#[test]
fn a_backup_is_due_when_none_is_as_new_as_asked() {
    let now = at(STOCKHOLM, "2026-11-30 10:00");
    let hour = chrono::Duration::hours(1);
    let second = chrono::Duration::seconds(1);
    assert!(backups::is_due([], now, hour));
    assert!(backups::is_due([now - hour], now, hour));
    assert!(!backups::is_due([now - hour + second], now, hour));
    assert!(
        !backups::is_due([now - hour * 5, now - hour + second], now, hour),
        "the newest counts"
    );
    // One dated in the future (a clock set wrong once) is not the newest until its time.
    assert!(backups::is_due([now + hour * 24, now - hour * 2], now, hour));
}
