//! Storage: the one place that opens SQLite connections and migrates the schema.
//!
//! Migrations are plain, append-only SQL files in `src/db/migrations/`, numbered from 1 and
//! tracked by `PRAGMA user_version`. Each is applied in its own transaction. Before an existing
//! database is migrated it is copied next to itself with SQLite's backup API; a database written
//! by a newer version is refused before anything is written to it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::{Error, Result};

/// One step of the schema. `version` is the `user_version` after the step.
pub struct Migration {
    pub version: u32,
    pub name: &'static str,
    pub sql: &'static str,
}

/// Every migration, in order. Append only: never edit a migration that has shipped.
pub const MIGRATIONS: &[Migration] = &[
    Migration { version: 1, name: "initial", sql: include_str!("migrations/0001_initial.sql") },
    Migration {
        version: 2,
        name: "call search",
        sql: include_str!("migrations/0002_call_search.sql"),
    },
    Migration {
        version: 3,
        name: "call clocks",
        sql: include_str!("migrations/0003_call_clocks.sql"),
    },
];

/// The schema version this build writes.
pub fn latest_version() -> u32 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// An open, migrated database.
pub struct Db {
    conn: Connection,
    path: Option<PathBuf>,
}

impl Db {
    /// Opens (creating if needed) the database file at `path` and migrates it to the latest
    /// schema.
    pub fn open(path: &Path) -> Result<Db> {
        Db::open_up_to(path, latest_version())
    }

    /// A private, empty, migrated database in memory (tests, previews).
    pub fn open_in_memory() -> Result<Db> {
        let mut conn = Connection::open_in_memory()?;
        configure(&conn)?;
        migrate(&mut conn, 0, latest_version())?;
        Ok(Db { conn, path: None })
    }

    /// Opens `path` and migrates it only up to `target`. For tests of the migration path; the
    /// app and the CLI always use [`Db::open`].
    #[doc(hidden)]
    pub fn open_up_to(path: &Path, target: u32) -> Result<Db> {
        let database_error = |e: rusqlite::Error| describe_open_error(path, e);
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(database_error)?;
        conn.busy_timeout(Duration::from_secs(5)).map_err(database_error)?;
        // Read the version before any pragma that writes to the file.
        let found = user_version(&conn).map_err(database_error)?;
        let known = latest_version();
        if found > known {
            return Err(Error::NewerSchema { found, known });
        }
        configure(&conn).map_err(database_error)?;
        if found > 0 && found < target {
            backup(&conn, &backup_path(path, found))?;
        }
        migrate(&mut conn, found, target)?;
        Ok(Db { conn, path: Some(path.to_path_buf()) })
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// The file this database was opened from; `None` in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn schema_version(&self) -> Result<u32> {
        Ok(user_version(&self.conn)?)
    }

    /// Writes a consistent copy of the database to `dest`, even while other connections (the
    /// desktop app) are writing to it.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        backup(&self.conn, dest)
    }
}

/// Where the copy made before migrating from schema `version` goes: next to the database.
pub fn backup_path(db: &Path, version: u32) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".schema-{version}.bak"));
    db.with_file_name(name)
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // In memory, journal_mode stays "memory"; the pragma answers with the mode in effect.
    let _mode: String = conn.pragma_update_and_check(None, "journal_mode", "wal", |r| r.get(0))?;
    conn.pragma_update(None, "synchronous", "normal")?;
    Ok(())
}

fn user_version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
}

fn migrate(conn: &mut Connection, from: u32, to: u32) -> Result<()> {
    for m in MIGRATIONS.iter().filter(|m| m.version > from && m.version <= to) {
        let tx = conn.transaction()?;
        tx.execute_batch(m.sql).map_err(|e| {
            Error::Database(format!("schema migration {} ({}) failed: {e}", m.version, m.name))
        })?;
        tx.pragma_update(None, "user_version", m.version)?;
        tx.commit()?;
    }
    Ok(())
}

fn backup(conn: &Connection, dest: &Path) -> Result<()> {
    let io_error = |e: rusqlite::Error| Error::Io {
        path: dest.to_path_buf(),
        source: std::io::Error::other(format!("could not write the backup: {e}")),
    };
    let mut target = Connection::open(dest).map_err(io_error)?;
    let backup = rusqlite::backup::Backup::new(conn, &mut target).map_err(io_error)?;
    backup.run_to_completion(256, Duration::from_millis(10), None).map_err(io_error)?;
    Ok(())
}

fn describe_open_error(path: &Path, e: rusqlite::Error) -> Error {
    let detail = match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => {
            "is not a CSP Desk database (or it is damaged). Choose another file, or restore a backup."
                .to_string()
        }
        Some(rusqlite::ErrorCode::CannotOpen) => {
            "cannot be opened: check that the folder exists and that you may write to it.".to_string()
        }
        _ => format!("cannot be opened: {e}"),
    };
    Error::Database(format!("{} {detail}", path.display()))
}
