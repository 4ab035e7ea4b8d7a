//! Integration tests of the core library: one test binary, a module per area.

mod archive;
mod backups;
mod billing;
mod calls;
mod db;
mod holidays;
mod offering;
mod privacy;
mod reports;
mod safety;
mod settings;
mod sla;
mod team;
mod terms;

/// A new, empty, migrated database for one test: in memory (SQLite), or, when
/// `CSPDESK_TEST_POSTGRES` names a throwaway PostgreSQL database (`cargo xtask test` starts
/// one), a schema of its own there. The tests of customers, calls, the offering and settings
/// run on both engines; those of SQLite's own file (db, safety) on SQLite.
pub fn fresh_db() -> cspdesk::Db {
    match std::env::var("CSPDESK_TEST_POSTGRES") {
        Ok(url) if !url.is_empty() => cspdesk::Db::connect(&new_schema(&url), None).unwrap(),
        _ => cspdesk::Db::open_in_memory().unwrap(),
    }
}

/// The URL of a new, empty schema on the test server.
pub fn new_schema(url: &str) -> String {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let schema = format!("test_{}_{n}", std::process::id());
    let mut admin = postgres::Client::connect(url, postgres::NoTls)
        .unwrap_or_else(|e| panic!("CSPDESK_TEST_POSTGRES={url}: {e}"));
    admin.batch_execute(&format!("CREATE SCHEMA {schema}")).unwrap();
    let joiner = if url.contains('?') { '&' } else { '?' };
    format!("{url}{joiner}options=-csearch_path%3D{schema}")
}

/// A new desk opened twice, as two technicians (or the app and the CLI) have it: two
/// connections to one schema on the test server, or to one temporary file. The folder of the
/// file, if any, lives as long as the returned guard.
pub fn two_connections() -> (cspdesk::Db, cspdesk::Db, Option<tempfile::TempDir>) {
    match std::env::var("CSPDESK_TEST_POSTGRES") {
        Ok(url) if !url.is_empty() => {
            let at = new_schema(&url);
            let a = cspdesk::Db::connect(&at, None).unwrap();
            (a, cspdesk::Db::connect(&at, None).unwrap(), None)
        }
        _ => {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("desk.sqlite3");
            let a = cspdesk::Db::open(&path).unwrap();
            (a, cspdesk::Db::open(&path).unwrap(), Some(dir))
        }
    }
}
