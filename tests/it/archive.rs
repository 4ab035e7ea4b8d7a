//! The full archive: everything out and back in, on either engine, all or nothing.

use std::io::Cursor;

use chrono::{DateTime, Utc};
use cspdesk::db::archive::{export, import, ArchiveSummary, FORMAT, VERSION};
use cspdesk::db::copy::checksums;
use cspdesk::problem::ProblemCode;
use cspdesk::{Db, Error};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-30T09:00:00Z").unwrap().to_utc()
}

/// A desk with some of everything: plans, customers, contacts, calls with their history, time
/// entries, licensed users, blocks of hours, a closed month, settings and a logo.
fn desk() -> Db {
    let mut db = Db::open_in_memory().unwrap();
    let size = cspdesk::demo::DemoSize { customers: 12, calls: 600, seed: 5 };
    cspdesk::demo::fill(&mut db, &size, now()).unwrap();
    let mut profile = cspdesk::offering::load_profile(&db).unwrap();
    profile.logo =
        Some(cspdesk::offering::Logo::from_bytes(include_bytes!("../../icons/32x32.png")));
    cspdesk::offering::save_profile(&mut db, &profile, now()).unwrap();
    if cspdesk::billing::closed_months(&db).unwrap().is_empty() {
        cspdesk::billing::close_month(&mut db, "2026-09".parse().unwrap(), now()).unwrap();
    }
    db
}

fn bytes(db: &Db) -> (Vec<u8>, ArchiveSummary) {
    let mut out = Vec::new();
    let summary = export(db, &mut out).unwrap();
    (out, summary)
}

fn read(archive: &[u8], target: &mut Db) -> cspdesk::Result<ArchiveSummary> {
    let staging = tempfile::tempdir().unwrap();
    import(&mut Cursor::new(archive), staging.path(), target)
}

fn problem(e: Error) -> (String, ProblemCode, String) {
    match e {
        Error::Invalid(p) => (p[0].field.clone(), p[0].code, p[0].message.clone()),
        other => panic!("expected a problem, got {other:?}"),
    }
}

#[test]
fn an_archive_round_trips_byte_for_byte_on_either_engine() {
    let source = desk();
    let (first, summary) = bytes(&source);
    assert!(summary.rows("call") == 600 && summary.rows("time_entry") > 600, "{summary:?}");
    assert!(summary.rows("billing_month") > 0 && summary.rows("block_entry") > 0, "{summary:?}");
    let text = std::str::from_utf8(&first).unwrap();
    assert!(text.starts_with(&format!(
        "{{\n  \"format\": \"{FORMAT}\",\n  \"version\": {VERSION},\n  \"schema\": {},",
        cspdesk::db::latest_version()
    )));
    // Readable without CSP Desk: plain JSON, a row a line, the logo as base64.
    let parsed: serde_json::Value = serde_json::from_slice(&first).unwrap();
    let profile = parsed["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "partner_profile")
        .unwrap();
    let logo_at = profile["columns"].as_array().unwrap().iter().position(|c| c == "logo").unwrap();
    assert!(profile["rows"][0][logo_at]["base64"].as_str().unwrap().starts_with("iVBORw0KGgo"));

    let mut target = crate::fresh_db();
    let read = read(&first, &mut target).unwrap();
    assert_eq!(read.tables, summary.tables, "every table counted and checksummed");
    let (second, _) = bytes(&target);
    if target.conn().engine() == cspdesk::db::Engine::Postgres {
        // The same bytes from the server, but for the owner, who becomes the login that
        // imported the archive (as a copy does).
        let (a, b) = (String::from_utf8(first).unwrap(), String::from_utf8(second).unwrap());
        let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
        assert_eq!(a.len(), b.len());
        let mut table = "";
        for (x, y) in a.iter().zip(&b) {
            if let Some(name) = x.trim().strip_prefix("\"name\": ") {
                table = name;
            }
            assert!(x == y || table == "\"person\",", "{table}: {x} became {y}");
        }
    } else {
        assert!(first == second, "export → import → export changed the bytes");
    }
    let month = |db: &Db| cspdesk::billing::billing_month(db, "2026-09".parse().unwrap()).unwrap();
    let (theirs, ours) = (month(&target), month(&source));
    assert!(theirs.bases == ours.bases, "a closed month's bases come back as they were");
    let log = |m: &cspdesk::billing::BillingMonth| -> Vec<String> {
        m.log.iter().map(|e| format!("{} {:?} {}", e.month, e.kind, e.at)).collect()
    };
    assert_eq!(log(&theirs), log(&ours));
}

#[test]
fn a_bad_archive_changes_nothing_and_says_where() {
    let (good, _) = bytes(&desk());
    let text = String::from_utf8(good.clone()).unwrap();
    let mut target = crate::fresh_db();
    let before = checksums(&target).unwrap();

    // Cut off in the middle (a copy that did not finish): not JSON, with the line.
    let (field, code, message) = problem(read(&good[..good.len() / 2], &mut target).unwrap_err());
    assert_eq!((field.as_str(), code), ("file", ProblemCode::NotJson));
    assert!(message.contains("line"), "{message}");

    // A value no table holds, named by its path.
    let damaged = text.replacen("[\n        [", "[\n        [true, ", 1);
    let (field, code, message) = problem(read(damaged.as_bytes(), &mut target).unwrap_err());
    assert_eq!(code, ProblemCode::InvalidFileValue, "{message}");
    assert!(field.starts_with("tables[0].rows[0]"), "{field}: {message}");

    // A reference to a row that is not there: refused by the database, nothing written.
    let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut broken = parsed.clone();
    let tables = broken["tables"].as_array_mut().unwrap();
    let calls = tables.iter_mut().find(|t| t["name"] == "call").unwrap();
    let customer_at =
        calls["columns"].as_array().unwrap().iter().position(|c| c == "customer_id").unwrap();
    calls["rows"][0][customer_at] = 999_999.into();
    let (field, code, message) =
        problem(read(broken.to_string().as_bytes(), &mut target).unwrap_err());
    assert_eq!((field.as_str(), code), ("tables", ProblemCode::InvalidFileValue));
    assert!(message.contains("a row of call") && message.contains("customer"), "{message}");

    // A table missing, a table that is not ours, another program's file.
    let mut missing = parsed.clone();
    missing["tables"].as_array_mut().unwrap().retain(|t| t["name"] != "time_entry");
    let (field, _, message) =
        problem(read(missing.to_string().as_bytes(), &mut target).unwrap_err());
    assert_eq!(field, "tables", "{message}");
    assert!(message.contains("time_entry"), "{message}");
    let mut foreign = parsed.clone();
    foreign["tables"][2]["name"] = "users".into();
    let (field, _, _) = problem(read(foreign.to_string().as_bytes(), &mut target).unwrap_err());
    assert_eq!(field, "tables[2].name");
    let (field, code, _) =
        problem(read(br#"{"format": "cspdesk-offering", "version": 5}"#, &mut target).unwrap_err());
    assert_eq!((field.as_str(), code), ("format", ProblemCode::NotArchive));

    // From a newer CSP Desk: the format or the schema.
    let mut newer = parsed.clone();
    newer["version"] = (VERSION + 1).into();
    let (field, code, _) = problem(read(newer.to_string().as_bytes(), &mut target).unwrap_err());
    assert_eq!((field.as_str(), code), ("version", ProblemCode::NewerFileVersion));
    let mut newer = parsed;
    newer["schema"] = (cspdesk::db::latest_version() + 1).into();
    let (field, code, _) = problem(read(newer.to_string().as_bytes(), &mut target).unwrap_err());
    assert_eq!((field.as_str(), code), ("schema", ProblemCode::NewerFileVersion));

    assert_eq!(checksums(&target).unwrap(), before, "the target is as it was");

    // A desk that holds data is not overwritten.
    let mut used = crate::fresh_db();
    let size = cspdesk::demo::DemoSize { customers: 2, calls: 5, seed: 1 };
    cspdesk::demo::fill(&mut used, &size, now()).unwrap();
    let before = checksums(&used).unwrap();
    let err = read(&good, &mut used).unwrap_err();
    assert!(matches!(&err, Error::Conflict(p) if p.code == ProblemCode::TargetNotEmpty), "{err:?}");
    assert_eq!(checksums(&used).unwrap(), before);
}

/// docs/archive-format.md names every table and every column an archive holds.
#[test]
fn the_documented_tables_are_the_archives() {
    let doc = include_str!("../../docs/archive-format.md");
    let (text, _) = bytes(&Db::open_in_memory().unwrap());
    let archive: serde_json::Value = serde_json::from_slice(&text).unwrap();
    for table in archive["tables"].as_array().unwrap() {
        let name = table["name"].as_str().unwrap();
        let columns: Vec<&str> =
            table["columns"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
        let row = doc
            .lines()
            .find(|l| l.starts_with(&format!("| `{name}` |")))
            .unwrap_or_else(|| panic!("{name} is not documented"));
        assert!(row.ends_with(&format!("| {} |", columns.join(", "))), "{name}: {columns:?}");
    }
}

/// An archive written at schema 10 (before the erasure log) is read at its schema and upgraded.
#[test]
fn an_archive_from_an_older_schema_is_upgraded_as_it_is_read() {
    let source = desk();
    let (text, _) = bytes(&source);
    let mut old: serde_json::Value = serde_json::from_slice(&text).unwrap();
    old["schema"] = 10.into();
    let tables = old["tables"].as_array_mut().unwrap();
    tables.retain(|t| t["name"] != "erasure");
    let contact = tables.iter_mut().find(|t| t["name"] == "contact").unwrap();
    let at =
        contact["columns"].as_array().unwrap().iter().position(|c| c == "anonymised_at").unwrap();
    contact["columns"].as_array_mut().unwrap().remove(at);
    for row in contact["rows"].as_array_mut().unwrap() {
        row.as_array_mut().unwrap().remove(at);
    }
    let mut target = crate::fresh_db();
    let read = read(old.to_string().as_bytes(), &mut target).unwrap();
    assert_eq!(read.schema, 10, "what the archive held");
    assert_eq!(target.schema_version().unwrap(), cspdesk::db::latest_version());
    assert_eq!(read.rows("call"), 600);
    // A table of a later schema in an older archive is not one of its tables.
    let mut odd = old.clone();
    odd["tables"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"name": "erasure", "columns": [], "rows": []}));
    let err = read_into_new(&odd);
    assert!(matches!(&err, Error::Invalid(p) if p[0].field.ends_with(".name")), "{err:?}");
}

fn read_into_new(archive: &serde_json::Value) -> Error {
    read(archive.to_string().as_bytes(), &mut crate::fresh_db()).unwrap_err()
}

/// Every table is read in pages by its key (one, two or three columns): in pages of 1, 2, 3
/// and 7 rows, each row comes once and in the same order as in one page, on the engine under
/// test.
#[test]
fn tables_read_in_pages_give_every_row_once_in_order() {
    let source = desk();
    let (archive, _) = bytes(&source);
    let mut target = crate::fresh_db();
    read(&archive, &mut target).unwrap();
    let whole = checksums(&target).unwrap();
    let rows = |table: &str| whole.iter().find(|t| t.table == table).unwrap().rows;
    for table in ["plan_window", "plan_customary_day", "customer_users", "closed_basis"] {
        assert!(rows(table) >= 3, "{table} has rows on several pages: {whole:?}");
    }
    for batch in [1, 2, 3, 7] {
        let paged = cspdesk::db::copy::checksums_in_pages(&target, batch).unwrap();
        assert_eq!(paged, whole, "pages of {batch}");
    }
}
