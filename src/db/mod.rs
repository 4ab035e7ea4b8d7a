//! Storage: the one place that opens SQLite connections, migrates the schema and begins write
//! transactions.
//!
//! The rest of the core reads and writes through [`sql::Conn`], the seam between the domain
//! and the engine.
//!
//! Invariants:
//! - **Every write goes through [`Db::write`]**, which begins the transaction IMMEDIATE: the
//!   write lock is taken (waiting up to the busy timeout) before the first read, so two
//!   processes never deadlock on a read-to-write upgrade, which SQLite answers with an instant
//!   "database is locked". A test fails when a transaction is begun anywhere but `sql.rs`.
//! - A file is ours only when its `application_id` says so (or it is empty, or an older CSP
//!   Desk file from before the id was stamped). Another program's SQLite file is refused before
//!   anything is written to it, as is a file written by a newer version.
//! - Migrations are plain, append-only SQL files in `src/db/migrations/`, tracked by
//!   `PRAGMA user_version`, applied together in one IMMEDIATE transaction with the version read
//!   again inside it: when several processes open an old file at once, one migrates and the
//!   others wait and find it done. The file is copied next to itself first
//!   (`<file>.schema-N.bak`). Work a migration needs from Rust (due times computed by `sla`)
//!   runs in the same transaction, so an upgraded file equals a fresh one with the same data.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

pub mod archive;
pub mod copy;
mod restore;
pub mod server;
pub mod sql;
pub use restore::{examine, glance, replace_with, Examined};
pub use sql::{dyn_params, Conn, Engine, FromValue, Row, ToValue, Value};

use crate::problem::ProblemCode;
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
    Migration {
        version: 4,
        name: "bilingual texts",
        sql: include_str!("migrations/0004_bilingual_texts.sql"),
    },
    Migration {
        version: 5,
        name: "call list order",
        sql: include_str!("migrations/0005_call_list_order.sql"),
    },
    Migration {
        version: 6,
        name: "open calls by customer",
        sql: include_str!("migrations/0006_open_calls_by_customer.sql"),
    },
    Migration { version: 7, name: "people", sql: include_str!("migrations/0007_people.sql") },
    Migration {
        version: 8,
        name: "pause rules",
        sql: include_str!("migrations/0008_pause_rules.sql"),
    },
    Migration { version: 9, name: "month end", sql: include_str!("migrations/0009_month_end.sql") },
    Migration {
        version: 10,
        name: "customary days",
        sql: include_str!("migrations/0010_customary_days.sql"),
    },
    Migration { version: 11, name: "erasure", sql: include_str!("migrations/0011_erasure.sql") },
];

/// The PostgreSQL migrations. The first is the whole schema at version 6 (what the SQLite
/// migrations 1 to 6 build); from there both engines take one migration per version.
pub const POSTGRES_MIGRATIONS: &[Migration] = &[
    Migration { version: 6, name: "initial", sql: include_str!("postgres/0006_initial.sql") },
    Migration { version: 7, name: "people", sql: include_str!("postgres/0007_people.sql") },
    Migration {
        version: 8,
        name: "pause rules",
        sql: include_str!("postgres/0008_pause_rules.sql"),
    },
    Migration { version: 9, name: "month end", sql: include_str!("postgres/0009_month_end.sql") },
    Migration {
        version: 10,
        name: "customary days",
        sql: include_str!("postgres/0010_customary_days.sql"),
    },
    Migration { version: 11, name: "erasure", sql: include_str!("postgres/0011_erasure.sql") },
];

/// `PRAGMA application_id` of a CSP Desk database: "CSPD" in ASCII.
pub const APPLICATION_ID: i32 = 0x4353_5044;

/// How long a connection waits for another writer before it reports "busy".
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The schema version this build writes.
pub fn latest_version() -> u32 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// An open, migrated database.
pub struct Db {
    conn: Conn,
    path: Option<PathBuf>,
    /// Who is working (see [`crate::team`]); `None` below schema 7 (tests of old schemas).
    me: Option<crate::team::Person>,
}

/// Where a desk keeps its data: a file (the solo desk) or a PostgreSQL server (the team desk),
/// as `--db` and `CSPDESK_DB` name it: a path, or a `postgres://` URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    File(PathBuf),
    /// A server's URL, and the password when it is not in the URL (the core reads no
    /// environment: the face passes `PGPASSWORD`, or the app its credential store's).
    Server(String, Option<Password>),
}

/// A password, never printed: its `Debug` is `***`.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(pub String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

impl Location {
    pub fn parse(text: &std::ffi::OsStr) -> Location {
        match text.to_str() {
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                Location::Server(url.to_owned(), None)
            }
            _ => Location::File(PathBuf::from(text)),
        }
    }

    /// The file, for a solo desk.
    pub fn file(&self) -> Option<&Path> {
        match self {
            Location::File(path) => Some(path),
            Location::Server(..) => None,
        }
    }

    /// The same location with `password` for a server whose URL has none.
    pub fn with_password(self, password: Option<String>) -> Location {
        match self {
            Location::Server(url, None) => Location::Server(url, password.map(Password)),
            other => other,
        }
    }
}

/// The file's path, or the server's address without its password.
impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::File(path) => write!(f, "{}", path.display()),
            Location::Server(url, _) => f.write_str(&redact(url)),
        }
    }
}

/// A consistent copy of the desk at `location` in the file `dest` (see [`backup_file`]). A
/// team database is backed up by its server.
pub fn backup(location: &Location, dest: &Path) -> Result<()> {
    match location {
        Location::File(path) => backup_file(path, dest),
        Location::Server(..) => Err(server_backups()),
    }
}

fn server_backups() -> Error {
    Error::Database(
        "a team database is backed up by its server (pg_dump, or the managed service's backups)"
            .into(),
    )
}

/// Whether [`Db::create_or_open`] made a new file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opened {
    Existing,
    Created,
}

impl Db {
    /// Opens the database file at `path`, creating it when missing, and migrates it to the
    /// latest schema.
    pub fn open(path: &Path) -> Result<Db> {
        Db::create_or_open(path).map(|(db, _)| db)
    }

    /// Like [`Db::open`], and says whether the file was created.
    pub fn create_or_open(path: &Path) -> Result<(Db, Opened)> {
        let empty = path.metadata().map_or(true, |m| m.len() == 0);
        let opened = if empty { Opened::Created } else { Opened::Existing };
        Ok((Db::open_up_to(path, latest_version())?, opened))
    }

    /// Opens the desk at `location`: a file (created when missing if `create`; else a missing
    /// file is an error) or a server (see [`Db::connect`]).
    pub fn open_at(location: &Location, create: bool) -> Result<(Db, Opened)> {
        match location {
            Location::File(path) if create => Db::create_or_open(path),
            Location::File(path) => Ok((Db::open_existing(path)?, Opened::Existing)),
            Location::Server(url, password) => {
                Ok((Db::connect(url, password.as_ref().map(|p| p.0.as_str()))?, Opened::Existing))
            }
        }
    }

    /// Connects to a CSP Desk database on a PostgreSQL server, given as a URL
    /// (`postgres://anna@desk.example.se/cspdesk`), and brings its schema up to date. TLS is
    /// required unless the URL says otherwise (`sslmode=disable` or `prefer`). An empty
    /// database (or schema) gets the tables; one holding another program's tables, or a newer
    /// schema, is refused without being changed. `password` is used when the URL has none.
    pub fn connect(url: &str, password: Option<&str>) -> Result<Db> {
        let db = Db::connect_up_to(url, password, latest_version())?;
        let schema: String =
            db.conn.query_row("SELECT current_schema()::text", &[], |r| r.get(0))?;
        db.conn.listen(&format!("cspdesk {schema}"))?;
        Ok(db)
    }

    /// Connects like [`Db::connect`] but does not listen for others' changes: a second
    /// connection that only reads (the app's reports), whose notifications nobody would take.
    pub fn connect_quiet(url: &str, password: Option<&str>) -> Result<Db> {
        Db::connect_up_to(url, password, latest_version())
    }

    /// Connects like [`Db::connect_quiet`] and brings the schema only up to `target`. For
    /// tests of the upgrade path; the app and the CLI always use [`Db::connect`].
    #[doc(hidden)]
    pub fn connect_up_to(url: &str, password: Option<&str>, target: u32) -> Result<Db> {
        let client = pg_client(url, password)?;
        let mut conn = Conn::postgres(client);
        migrate_postgres(&mut conn, target)?;
        Db::with_me(conn, None)
    }

    /// Opens an existing database file; a missing file is an error naming the path (a mistyped
    /// path must not become a new, empty database).
    pub fn open_existing(path: &Path) -> Result<Db> {
        require_file(path)?;
        Db::open(path)
    }

    /// A private, empty, migrated database in memory (tests, previews).
    pub fn open_in_memory() -> Result<Db> {
        let conn = Connection::open_in_memory()?;
        configure(&conn)?;
        let mut conn = Conn::sqlite(conn);
        migrate(&mut conn, None, latest_version())?;
        Db::with_me(conn, None)
    }

    /// Opens `path` and migrates it only up to `target`. For tests of the migration path; the
    /// app and the CLI always use [`Db::open`].
    #[doc(hidden)]
    pub fn open_up_to(path: &Path, target: u32) -> Result<Db> {
        let database_error = |e: rusqlite::Error| describe_open_error(path, e);
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(database_error)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(database_error)?;
        // Who wrote the file, and which version, before any pragma that writes to it. While
        // another process creates the file or turns on its WAL, SQLite can answer "locked"
        // without waiting: try again, within the same busy timeout as every write.
        let started = std::time::Instant::now();
        loop {
            match identify(&conn, path).and_then(|()| configure(&conn).map_err(database_error)) {
                Err(e) if e.is_busy() && started.elapsed() < BUSY_TIMEOUT => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                other => break other?,
            }
        }
        let mut conn = Conn::sqlite(conn);
        migrate(&mut conn, Some(path), target)?;
        Db::with_me(conn, Some(path.to_path_buf()))
    }

    fn with_me(conn: Conn, path: Option<PathBuf>) -> Result<Db> {
        let mut db = Db { conn, path, me: None };
        if db.schema_version()? >= 7 {
            db.me = Some(crate::team::whoami(&db.conn)?);
        }
        Ok(db)
    }

    /// The person working on this desk: the login on a team server, the owner of a file.
    pub fn me(&self) -> Result<&crate::team::Person> {
        self.me
            .as_ref()
            .ok_or_else(|| Error::Database("this database predates people (schema 7)".into()))
    }

    pub(crate) fn set_me(&mut self, me: crate::team::Person) {
        self.me = Some(me);
    }

    /// For reads. Writes go through [`Db::write`].
    pub fn conn(&self) -> &Conn {
        &self.conn
    }

    /// The SQLite connection under a file database: for tests of what only SQLite has (its
    /// pragmas, its schema table, its full-text index). The core itself goes through `conn`.
    #[doc(hidden)]
    pub fn sqlite_connection(&self) -> &Connection {
        sqlite(&self.conn)
    }

    /// Runs `f` in one IMMEDIATE transaction: the write lock is taken first, and everything
    /// `f` writes is committed together, or nothing when it fails.
    pub fn write<T>(&mut self, f: impl FnOnce(&Conn) -> Result<T>) -> Result<T> {
        self.conn.write(f)
    }

    /// The file this database was opened from; `None` in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// A number that changes when another connection (another process, another technician)
    /// commits a change to the desk, and not when this one does. Read every second by the app
    /// to show others' work without a reload. SQLite: `PRAGMA data_version`. PostgreSQL: the
    /// count of notifications other sessions sent on the desk's channel (triggers notify on
    /// every change of what the app shows; see `postgres/0007_people.sql`).
    pub fn others_changes(&self) -> Result<i64> {
        match self.conn.as_sqlite() {
            Some(c) => Ok(c.query_row("PRAGMA data_version", [], |r| r.get(0))?),
            None => self.conn.others_notified(),
        }
    }

    /// After an erasure: on SQLite the full-text index is rewritten without what it still held
    /// of the old texts, and the write-ahead log is emptied into the file and truncated, so no
    /// old page survives beside it (deleted content is zeroed: `secure_delete`). On a server,
    /// dead rows go when it vacuums; its own logs and backups are the server's. Returns false
    /// when another program was reading the desk throughout the busy timeout: the log then
    /// keeps the old pages until it is emptied next (by SQLite, or when the last connection
    /// closes); the erasure itself is saved either way.
    pub(crate) fn scrub(&self) -> Result<bool> {
        if self.conn().engine() == Engine::Sqlite {
            self.conn()
                .execute_batch("INSERT INTO call_search (call_search) VALUES ('optimize')")?;
            let busy: i64 =
                self.conn().query_row("PRAGMA wal_checkpoint(TRUNCATE)", &[], |r| r.get(0))?;
            return Ok(busy == 0);
        }
        Ok(true)
    }

    pub fn schema_version(&self) -> Result<u32> {
        match self.conn.as_sqlite() {
            Some(c) => Ok(user_version(c)?),
            None => self.conn.query_row("SELECT version FROM cspdesk_schema", &[], |r| r.get(0)),
        }
    }

    /// Writes a consistent copy of the database to `dest` (see [`backup_file`]).
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        match self.conn.as_sqlite() {
            Some(c) => copy_to(c, dest, Replace::No, Check::No),
            None => Err(server_backups()),
        }
    }
}

/// The SQLite connection behind `conn`: the file, its pragmas and its backup API.
fn sqlite(conn: &Conn) -> &Connection {
    conn.as_sqlite().expect("a SQLite database")
}

/// Writes a consistent copy of the database file `src` to `dest`, which must not exist, even
/// while other processes (the desktop app) write to it. The file is read as it is, without
/// migrating it. Under WAL the copy is one read transaction, so writers never restart it; it is
/// written to a temporary file beside `dest` and renamed, so a failed copy leaves nothing.
pub fn backup_file(src: &Path, dest: &Path) -> Result<()> {
    backup_checked(src, dest, Check::No)
}

/// Like [`backup_file`], and the copy passes `PRAGMA integrity_check` before it is renamed into
/// place: a copy that does not is removed and the error says why. The automatic backups.
pub fn backup_verified(src: &Path, dest: &Path) -> Result<()> {
    backup_checked(src, dest, Check::Integrity)
}

fn backup_checked(src: &Path, dest: &Path, check: Check) -> Result<()> {
    require_file(src)?;
    if crate::files::is_database_file(dest, src) {
        return Err(Error::invalid(
            "out",
            ProblemCode::OutputIsDatabase,
            &[("path", dest.display().to_string())],
        ));
    }
    let conn = Connection::open_with_flags(
        src,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| describe_open_error(src, e))?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(|e| describe_open_error(src, e))?;
    identify(&conn, src)?;
    copy_to(&conn, dest, Replace::No, check)
}

/// An existing, non-empty file (an empty file, e.g. made by `touch`, holds no database).
fn require_file(path: &Path) -> Result<()> {
    if path.metadata().is_ok_and(|m| m.is_file() && m.len() > 0) {
        Ok(())
    } else {
        Err(Error::Database(format!(
            "there is no database at {}; check the path (--db or CSPDESK_DB)",
            path.display()
        )))
    }
}

/// Where the copy made before migrating from schema `version` goes: next to the database.
pub fn backup_path(db: &Path, version: u32) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".schema-{version}.bak"));
    db.with_file_name(name)
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // In memory, journal_mode stays "memory"; the pragma answers with the mode in effect.
    let _mode: String = conn.pragma_update_and_check(None, "journal_mode", "wal", |r| r.get(0))?;
    conn.pragma_update(None, "synchronous", "normal")?;
    // What is deleted or overwritten is zeroed in the file, not left in free space: an erased
    // person leaves no trace (see `crate::privacy`).
    conn.pragma_update(None, "secure_delete", true)?;
    Ok(())
}

fn user_version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
}

fn application_id(conn: &Connection) -> rusqlite::Result<i32> {
    conn.pragma_query_value(None, "application_id", |r| r.get(0))
}

/// Refuses a file CSP Desk did not write, and one written by a newer version, without
/// writing to it.
fn identify(conn: &Connection, path: &Path) -> Result<()> {
    let read = |e: rusqlite::Error| describe_open_error(path, e);
    let Stamp { ours, version: found, .. } = stamp(conn).map_err(read)?;
    if !ours {
        return Err(Error::Database(format!(
            "{} is not a CSP Desk database (another program's file); it was not changed. \
             Choose a CSP Desk database, or a new file name.",
            path.display()
        )));
    }
    let known = latest_version();
    if found > known {
        return Err(Error::NewerSchema { found, known });
    }
    Ok(())
}

/// The schema of the desk in the file at `path` when opening it will upgrade it: a CSP Desk
/// desk from an older version. Opening then first copies it beside itself, which on a large
/// desk takes a while, so the app says so meanwhile. `None` for a missing, new or current file,
/// and for one that opening refuses (it says why). Only reads.
pub fn upgrade_pending(path: &Path) -> Option<u32> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .ok()?;
    let Stamp { ours, version, desk } = stamp(&conn).ok()?;
    (ours && desk && version > 0 && version < latest_version()).then_some(version)
}

/// Who wrote a file, as its header says.
struct Stamp {
    /// Written by CSP Desk (or empty, or an older CSP Desk file from before the id was stamped).
    ours: bool,
    /// Its `user_version`: the schema.
    version: u32,
    /// Whether it holds a desk (the profile's table): false for an empty file.
    desk: bool,
}

fn stamp(conn: &Connection) -> rusqlite::Result<Stamp> {
    // One statement, so one snapshot: another process may be creating or migrating the file
    // right now, and separate reads could see the id from before its commit and the tables
    // from after.
    let (id, found, tables, profile): (i32, u32, i64, bool) = conn
        .query_row(
            "SELECT (SELECT application_id FROM pragma_application_id),
                    (SELECT user_version FROM pragma_user_version),
                    (SELECT count(*) FROM sqlite_schema),
                    EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'partner_profile')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
    let ours = match id {
        APPLICATION_ID => true,
        // An empty file, or one from before CSP Desk stamped its id (schemas 1 to 3).
        0 => (tables == 0 && found == 0) || (profile && (1..=3).contains(&found)),
        _ => false,
    };
    Ok(Stamp { ours, version: found, desk: profile })
}

/// Brings the schema up to `to` in one IMMEDIATE transaction. The version is read inside the
/// lock: another process may have migrated the file meanwhile. A file (not memory) with data is
/// copied next to itself first.
fn migrate(conn: &mut Conn, path: Option<&Path>, to: u32) -> Result<()> {
    if user_version(sqlite(conn))? >= to && application_id(sqlite(conn))? == APPLICATION_ID {
        return Ok(());
    }
    // A migration may rebuild a table others refer to; SQLite asks for foreign keys off while
    // it does (the setting cannot change inside a transaction). They are checked before commit.
    sqlite(conn).pragma_update(None, "foreign_keys", false)?;
    let migrated = conn.write(|tx| {
        let from = user_version(sqlite(tx))?;
        if from > 0 && from < to {
            if let Some(path) = path {
                // Read through a second connection: it sees the file as last committed, while
                // this one holds the write lock (a backup from the writing connection itself
                // would wait for that lock forever).
                let reader = Connection::open_with_flags(
                    path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )
                .map_err(|e| describe_open_error(path, e))?;
                copy_to(&reader, &backup_path(path, from), Replace::Yes, Check::No)?;
            }
        }
        for m in MIGRATIONS.iter().filter(|m| m.version > from && m.version <= to) {
            tx.execute_batch(m.sql).map_err(|e| {
                Error::Database(format!("schema migration {} ({}) failed: {e}", m.version, m.name))
            })?;
            sqlite(tx).pragma_update(None, "user_version", m.version)?;
        }
        // Calls logged before schema 3 get the due times a fresh database would store.
        // (Only to the latest schema: the recompute reads plans with this build's code.)
        if from > 0 && from < 3 && to == latest_version() {
            crate::calls::clocks::recompute_all(tx)?;
        }
        // Open calls from before the warning instants were stored get them ("due soon").
        if (3..5).contains(&from) && to == latest_version() {
            crate::calls::clocks::recompute_open(tx)?;
        }
        // Plans written before texts had two languages: the starter plan's texts get both.
        if from > 0 && from < 4 && to == latest_version() {
            crate::offering::complete_starter_texts_tx(tx)?;
        }
        // Time entries recorded before schema 9 get their months (the plan's time zone).
        if from > 0 && from < 9 && to == latest_version() {
            crate::billing::backfill_entry_months(tx)?;
        }
        let broken: i64 =
            tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", &[], |r| r.get(0))?;
        if broken > 0 {
            return Err(Error::Database(format!(
                "schema migration to {to} left {broken} broken references; nothing was changed"
            )));
        }
        sqlite(tx).pragma_update(None, "application_id", APPLICATION_ID)?;
        Ok(())
    });
    sqlite(conn).pragma_update(None, "foreign_keys", true)?;
    migrated
}

/// A session on the server at `url` (TLS required unless the URL says `sslmode=`).
fn pg_client(url: &str, password: Option<&str>) -> Result<postgres::Client> {
    let mut config: postgres::Config = url.parse().map_err(|e| {
        Error::Database(format!(
            "{} is not a database server address ({e}); write it as postgres://USER@HOST[:PORT]/DATABASE",
            redact(url)
        ))
    })?;
    if let (None, Some(password)) = (config.get_password(), password) {
        config.password(password);
    }
    if !url.contains("sslmode=") {
        config.ssl_mode(postgres::config::SslMode::Require);
    }
    config.connect_timeout(Duration::from_secs(10));
    // A server gone quiet (a laptop asleep, a dropped VPN) is noticed in about a minute, not
    // after the operating system's hours: the app then says so and connects again.
    config
        .keepalives(true)
        .keepalives_idle(Duration::from_secs(30))
        .keepalives_interval(Duration::from_secs(10))
        .keepalives_retries(3)
        .tcp_user_timeout(Duration::from_secs(60));
    let tls = native_tls::TlsConnector::new()
        .map_err(|e| Error::Database(format!("TLS is not available on this computer: {e}")))?;
    config.connect(postgres_native_tls::MakeTlsConnector::new(tls)).map_err(|e| {
        let tls_hint = if !url.contains("sslmode=") && e.to_string().contains("TLS") {
            ". CSP Desk requires an encrypted connection unless the address ends in \
             ?sslmode=disable (only on a network you trust)"
        } else {
            ""
        };
        Error::Unreachable(format!(
            "cannot connect to {}: {}{tls_hint}",
            redact(url),
            Error::Postgres(e)
        ))
    })
}

/// Connects to the server at `url` and says what is there, without creating or changing
/// anything: "Test connection" in Settings.
pub fn probe(url: &str, password: Option<&str>) -> Result<server::Probe> {
    let mut client = pg_client(url, password)?;
    let pg = |e: postgres::Error| Error::Postgres(e);
    let row = client
        .query_one(
            "SELECT current_setting('server_version'),
                    coalesce((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), false),
                    to_regclass('cspdesk_schema') IS NOT NULL,
                    to_regclass('person') IS NOT NULL",
            &[],
        )
        .map_err(pg)?;
    let (server_version, encrypted, has_desk, has_people): (String, bool, bool, bool) =
        (row.get(0), row.get(1), row.get(2), row.get(3));
    let schema_version = if has_desk {
        let v: i32 =
            client.query_one("SELECT version FROM cspdesk_schema", &[]).map_err(pg)?.get(0);
        Some(v as u32)
    } else {
        None
    };
    // Answered by the desk for any login, also one without rights on its tables.
    let on_team = if has_people {
        let state: String =
            client.query_one("SELECT cspdesk_login_state()", &[]).map_err(pg)?.get(0);
        Some(state == "active")
    } else {
        None
    };
    Ok(server::Probe { server_version, encrypted, schema_version, on_team })
}

/// A server address without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let user_info = &url[scheme + 3..at];
            match user_info.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Brings a PostgreSQL schema up to date in one transaction, under an advisory lock, so that
/// several technicians starting at once migrate it once. The version lives in
/// `cspdesk_schema`; a schema without it is ours only when it holds no tables.
fn migrate_postgres(conn: &mut Conn, to: u32) -> Result<()> {
    conn.write(|tx| {
        tx.execute_batch("SELECT pg_advisory_xact_lock(1129533508)")?; // "CSPD"
        let ours: bool =
            tx.query_row("SELECT to_regclass('cspdesk_schema') IS NOT NULL", &[], |r| r.get(0))?;
        let found: u32 = if ours {
            tx.query_row("SELECT version FROM cspdesk_schema", &[], |r| r.get(0))?
        } else {
            let tables: i64 = tx.query_row(
                "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()",
                &[],
                |r| r.get(0),
            )?;
            if tables > 0 {
                return Err(Error::Database(
                    "this database holds another program's tables; it was not changed. Create an empty database for CSP Desk.".into(),
                ));
            }
            tx.execute_batch(
                "CREATE TABLE cspdesk_schema (version integer NOT NULL);
                 INSERT INTO cspdesk_schema (version) VALUES (0);",
            )?;
            0
        };
        let known = latest_version();
        if found > known {
            return Err(Error::NewerSchema { found, known });
        }
        for m in POSTGRES_MIGRATIONS.iter().filter(|m| m.version > found && m.version <= to) {
            tx.execute_batch(m.sql).map_err(|e| {
                let privilege = matches!(&e, Error::Postgres(p) if p.code() == Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE));
                if privilege && found == 0 {
                    Error::Database(
                        "setting up a desk here needs a login that may create tables in this database and has CREATEROLE (ALTER ROLE … CREATEROLE, as the server's administrator); nothing was changed".into(),
                    )
                } else if privilege {
                    Error::Database(format!(
                        "this version of CSP Desk needs the desk's schema {known} (it is {found}), which only the login owning the desk's tables (its first owner, with CREATEROLE) can make: ask them to start this version once; nothing was changed"
                    ))
                } else {
                    Error::Database(format!("schema migration {} ({}) failed: {e}", m.version, m.name))
                }
            })?;
            tx.execute("UPDATE cspdesk_schema SET version = ?1", crate::params![m.version])?;
        }
        // Time entries recorded before schema 9 get their months, on their plan's clocks: one
        // statement (the server knows the zones), not a round trip per entry as the SQLite path
        // (`billing::backfill_entry_months`) takes.
        if found > 0 && found < 9 && to >= 9 {
            tx.execute_batch(
                "UPDATE time_entry t
                 SET work_month = to_char(to_timestamp(t.at) AT TIME ZONE p.time_zone, 'YYYY-MM'),
                     billing_month = to_char(to_timestamp(t.at) AT TIME ZONE p.time_zone, 'YYYY-MM')
                 FROM call c JOIN customer cu ON cu.id = c.customer_id JOIN plan p ON p.id = cu.plan_id
                 WHERE c.id = t.call_id AND t.work_month IS NULL",
            )?;
        }
        Ok(())
    })
}

/// Copies the database behind `conn` to `dest` in one backup step (one read transaction, so
/// concurrent writers cannot force a restart), through a temporary file renamed into place.
/// An existing `dest` is an error unless `replace` says otherwise.
fn copy_to(conn: &Connection, dest: &Path, replace: Replace, check: Check) -> Result<()> {
    let io_error = |e: std::io::Error| Error::Io { path: dest.to_path_buf(), source: e };
    let sqlite_error = |e: rusqlite::Error| Error::Io {
        path: dest.to_path_buf(),
        source: std::io::Error::other(format!("could not write the copy: {e}")),
    };
    if replace == Replace::No && dest.exists() {
        return Err(Error::invalid(
            "out",
            ProblemCode::FileExists,
            &[("path", dest.display().to_string())],
        ));
    }
    let temp = crate::files::temp_beside(dest, ".cspdesk-copy-").map_err(io_error)?;
    {
        let mut target = Connection::open(temp.path()).map_err(sqlite_error)?;
        // The copy is thrown away if anything fails, so it needs no rollback journal on disk
        // (which an interrupted copy would leave behind).
        let _mode: String = target
            .pragma_update_and_check(None, "journal_mode", "memory", |r| r.get(0))
            .map_err(sqlite_error)?;
        let backup = rusqlite::backup::Backup::new(conn, &mut target).map_err(sqlite_error)?;
        // -1: every page in one step. Busy or locked: another connection holds a lock we need
        // for a moment (a checkpoint); try again.
        let started = std::time::Instant::now();
        loop {
            match backup.step(-1).map_err(sqlite_error)? {
                rusqlite::backup::StepResult::Done => break,
                _ if started.elapsed() > BUSY_TIMEOUT => {
                    return Err(sqlite_error(rusqlite::Error::SqliteFailure(
                        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                        Some("the database stayed busy".into()),
                    )))
                }
                _ => std::thread::sleep(Duration::from_millis(10)),
            }
        }
        drop(backup);
        // A copy is one file: in rollback-journal mode, so that reading it (listing what a
        // backup holds) leaves no `-wal` and `-shm` beside it. A database opened from it
        // turns WAL on again (`configure`).
        let _mode: String = target
            .pragma_update_and_check(None, "journal_mode", "delete", |r| r.get(0))
            .map_err(sqlite_error)?;
        if check == Check::Integrity {
            let verdict = integrity(&target).map_err(sqlite_error)?;
            if verdict != "ok" {
                return Err(Error::Io {
                    path: dest.to_path_buf(),
                    source: std::io::Error::other(format!(
                        "the copy failed its integrity check ({verdict}); it was not kept"
                    )),
                });
            }
        }
    }
    temp.as_file().sync_all().map_err(io_error)?;
    match replace {
        Replace::No => temp.persist_noclobber(dest).map_err(|e| io_error(e.error))?,
        Replace::Yes => temp.persist(dest).map_err(|e| io_error(e.error))?,
    };
    Ok(())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Replace {
    No,
    Yes,
}

/// Whether a copy is checked (`PRAGMA integrity_check`) before it is renamed into place.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Check {
    No,
    Integrity,
}

/// `PRAGMA integrity_check` in one line: "ok", or the first problems it lists.
fn integrity(conn: &Connection) -> rusqlite::Result<String> {
    let mut statement = conn.prepare("PRAGMA integrity_check(10)")?;
    let lines: Vec<String> =
        statement.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(lines.join("; "))
}

fn describe_open_error(path: &Path, e: rusqlite::Error) -> Error {
    let detail = match e.sqlite_error_code() {
        // Kept as it is, so that the opening can wait and try again (see `open_up_to`).
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
            return Error::Sqlite(e)
        }
        Some(rusqlite::ErrorCode::NotADatabase) => {
            "is not a CSP Desk database (or it is damaged); it was not changed. Choose another file, or restore a backup."
                .to_string()
        }
        Some(rusqlite::ErrorCode::CannotOpen) => {
            "cannot be opened: check that the folder exists and that you may write to it.".to_string()
        }
        _ => format!("cannot be opened: {e}"),
    };
    Error::Database(format!("{} {detail}", path.display()))
}
