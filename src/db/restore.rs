//! Restoring a desk from a backup file: what a file holds ([`examine`]), and putting it in place
//! of the database ([`replace_with`]).
//!
//! Invariants:
//! - A file is examined before anything is written: one that is missing, not a CSP Desk
//!   database, written by a newer version or damaged is refused with a problem the UI
//!   translates, and nothing changes.
//! - The backup itself is never opened for writing. It is copied into a temporary folder beside
//!   the database, upgraded there when it is older (the same migrations as any older file),
//!   checked again, and only then put in place.
//! - It is put in place by SQLite's backup API, *into* the database: one write transaction on
//!   the file, taken under the write lock like any other change, so a crash leaves the old desk
//!   or the restored one and another process that has the file open (the CLI) sees the restored
//!   desk with its next read. Renaming a file over the database would leave such a process
//!   writing to the old, unlinked file (and fails on Windows while the file is open); the
//!   database's own `-wal` would even be replayed onto the new file. The app closes its own
//!   connection first and opens it again after.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use super::{
    backup_file, describe_open_error, identify, integrity, latest_version, stamp, BUSY_TIMEOUT,
};
use crate::problem::ProblemCode;
use crate::{Db, Error, Result};

/// What a desk file holds, read without changing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Examined {
    pub schema_version: u32,
    pub customers: u32,
    pub calls: u32,
    pub time_entries: u32,
}

/// What the desk file at `path` holds. A missing file, another program's file (or an empty
/// one), a file written by a newer CSP Desk and a damaged one (`PRAGMA integrity_check`) are
/// refused with a problem at `file`; the file is opened read-only.
pub fn examine(path: &Path) -> Result<Examined> {
    examine_with(path, true)
}

/// Like [`examine`] without the integrity check, which reads every page: for listing many
/// backups (`cspdesk backup list`). A damaged file may still be refused when it is counted.
pub fn glance(path: &Path) -> Result<Examined> {
    examine_with(path, false)
}

fn examine_with(path: &Path, check: bool) -> Result<Examined> {
    let shown = || path.display().to_string();
    if !path.metadata().is_ok_and(|m| m.is_file()) {
        return Err(Error::not_found("file", ProblemCode::NoSuchFile, &[("path", shown())]));
    }
    let not_ours = || Error::invalid("file", ProblemCode::NotCspDeskDatabase, &[("path", shown())]);
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| describe_open_error(path, e))?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(|e| describe_open_error(path, e))?;
    let damaged = |detail: String| {
        Error::invalid("file", ProblemCode::BackupDamaged, &[("path", shown()), ("detail", detail)])
    };
    let header = match stamp(&conn) {
        Ok(header) => header,
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) => {
            return Err(not_ours())
        }
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseCorrupt) => {
            return Err(damaged(e.to_string()))
        }
        Err(e) => return Err(describe_open_error(path, e)),
    };
    if !header.ours || !header.desk {
        return Err(not_ours());
    }
    let known = latest_version();
    if header.version > known {
        return Err(Error::invalid(
            "file",
            ProblemCode::NewerDatabase,
            &[("found", header.version.to_string()), ("known", known.to_string())],
        ));
    }
    if check {
        let verdict = integrity(&conn).map_err(|e| damaged(e.to_string()))?;
        if verdict != "ok" {
            return Err(damaged(verdict));
        }
    }
    conn.query_row(
        "SELECT (SELECT count(*) FROM customer), (SELECT count(*) FROM call),
                (SELECT count(*) FROM time_entry)",
        [],
        |r| {
            Ok(Examined {
                schema_version: header.version,
                customers: r.get(0)?,
                calls: r.get(1)?,
                time_entries: r.get(2)?,
            })
        },
    )
    .map_err(|e| damaged(e.to_string()))
}

/// Puts the desk in the backup file `backup` in place of the database file `db` (see the
/// module's invariants); an older backup is upgraded on the way. The caller closes its own
/// connection to `db` first. A missing `db` is made from the backup (a restore on a new
/// computer). The backup file is not changed.
pub fn replace_with(db: &Path, backup: &Path) -> Result<()> {
    examine(backup)?;
    let folder = match db.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let io_error = |e: std::io::Error| Error::Io { path: folder.to_path_buf(), source: e };
    std::fs::create_dir_all(folder).map_err(io_error)?;
    // Removed with everything in it (the copy, the copy an upgrade makes) however this ends.
    let work = tempfile::Builder::new()
        .prefix(".cspdesk-restore-")
        .tempdir_in(folder)
        .map_err(io_error)?;
    let staged = work.path().join("restore.sqlite3");
    backup_file(backup, &staged)?;
    // Upgraded like any older file; closed again (its WAL folded back into the file).
    drop(Db::open(&staged)?);
    examine(&staged)?;

    if !db.exists() {
        let temp = crate::files::temp_beside(db, ".cspdesk-copy-").map_err(io_error)?;
        std::fs::copy(&staged, temp.path()).map_err(io_error)?;
        temp.as_file().sync_all().map_err(io_error)?;
        temp.persist_noclobber(db).map_err(|e| io_error(e.error))?;
        return Ok(());
    }

    let source = Connection::open_with_flags(
        &staged,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| describe_open_error(&staged, e))?;
    let mut target = Connection::open_with_flags(
        db,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| describe_open_error(db, e))?;
    target.busy_timeout(BUSY_TIMEOUT).map_err(|e| describe_open_error(db, e))?;
    // Only over a CSP Desk database: never over another program's file.
    identify(&target, db)?;
    {
        let copy = rusqlite::backup::Backup::new(&source, &mut target)?;
        let started = std::time::Instant::now();
        loop {
            match copy.step(-1)? {
                rusqlite::backup::StepResult::Done => break,
                _ if started.elapsed() > BUSY_TIMEOUT => {
                    return Err(Error::Database(format!(
                        "{} stayed busy (another program is writing to it); nothing was restored. Close it and try again.",
                        db.display()
                    )))
                }
                _ => std::thread::sleep(Duration::from_millis(10)),
            }
        }
    }
    // The restored pages from the write-ahead log into the file itself.
    target.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(())
}
