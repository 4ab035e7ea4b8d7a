//! Backups of a solo desk (a file): taken, verified, kept in a folder by a rotation, listed,
//! examined and restored. A team desk (PostgreSQL) is backed up by its server.
//!
//! Invariants:
//! - A backup is SQLite's backup API into a temporary file beside the target, checked with
//!   `PRAGMA integrity_check`, then renamed into place (`db::backup_verified`): a file under a
//!   backup's name is a whole, verified copy. A failure is an error, never a silence.
//! - Backup files are named `cspdesk-YYYY-MM-DDTHHMMSSZ.sqlite3` (UTC, so names sort in the
//!   order the backups were taken, across summer time; no colons, so Windows accepts them);
//!   the copy taken before a restore ends `-before-restore.sqlite3`. Only files so named are
//!   listed, rotated or deleted: a folder shared with other files (OneDrive, Dropbox) loses
//!   nothing else.
//! - Which to keep is [`rotation::to_delete`], pure. The newest copy taken before a restore is
//!   always kept: the restore's undo.
//! - A restore examines the backup first (refusing another program's file, a newer version's,
//!   a damaged one, changing nothing), then backs up the current database (the undo), then puts
//!   the backup in place (`db::replace_with`).
//! - The settings (folder, policy) live in `backups.json` beside the database, not in it: a
//!   restore must not roll them back, they must be readable when the database is not, and the
//!   folder is a path on this computer. The last backup's time and size are read from the folder.
//! - Like the rest of the core: paths, `now` and the time zone come from the caller.

pub mod rotation;

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

pub use rotation::Policy;

use crate::db::Examined;
use crate::{Error, Result};

/// The settings file, beside the database.
pub const CONFIG_FILE: &str = "backups.json";

/// Where backups go and how many are kept (`backups.json` beside the database).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Config {
    /// The folder chosen by the user; `None`: `backups/` beside the database.
    #[serde(default)]
    pub folder: Option<PathBuf>,
    #[serde(default)]
    pub policy: Policy,
}

impl Config {
    /// The settings of the database at `db`; a missing file is the defaults.
    pub fn load(db: &Path) -> Result<Config> {
        let path = config_path(db);
        match std::fs::read(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(Error::Io { path, source: e }),
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| Error::Io {
                path,
                source: std::io::Error::other(format!("not a backup settings file: {e}")),
            }),
        }
    }

    /// Keeps the settings (through a temporary file and a rename). The policy is checked first.
    pub fn save(&self, db: &Path) -> Result<()> {
        Error::check(self.policy.problems())?;
        let mut json = serde_json::to_vec_pretty(self).expect("settings serialise");
        json.push(b'\n');
        crate::files::write_atomically("file", &config_path(db), &json, Some(db))
    }

    /// The folder backups of `db` go to.
    pub fn folder(&self, db: &Path) -> PathBuf {
        self.folder.clone().unwrap_or_else(|| default_folder(db))
    }
}

fn config_path(db: &Path) -> PathBuf {
    db.with_file_name(CONFIG_FILE)
}

/// `backups/` beside the database.
pub fn default_folder(db: &Path) -> PathBuf {
    db.with_file_name("backups")
}

/// Why a backup was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum BackupKind {
    /// On schedule, or "Back up now".
    Regular,
    /// The database as it was just before a restore: restoring it undoes the restore.
    BeforeRestore,
}

/// A backup in the folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BackupFile {
    pub path: PathBuf,
    pub name: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub taken: DateTime<Utc>,
    /// Bytes.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size: u64,
    pub kind: BackupKind,
}

/// A backup and what it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BackupContents {
    pub file: BackupFile,
    pub holds: Examined,
}

/// What a restore did: what is now in place, and the backup that undoes it (the database as it
/// was), when there was a database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Restored {
    pub restored: BackupContents,
    pub undo: Option<BackupFile>,
}

const PREFIX: &str = "cspdesk-";
const SUFFIX: &str = ".sqlite3";
const BEFORE_RESTORE: &str = "-before-restore";
const STAMP: &str = "%Y-%m-%dT%H%M%SZ";

/// The file name of a backup taken at `at`; `n` > 0 tells apart two taken in the same second.
pub fn file_name(at: DateTime<Utc>, kind: BackupKind, n: u32) -> String {
    let stamp = at.format(STAMP);
    let n = if n == 0 { String::new() } else { format!("-{n}") };
    let kind = match kind {
        BackupKind::Regular => "",
        BackupKind::BeforeRestore => BEFORE_RESTORE,
    };
    format!("{PREFIX}{stamp}{n}{kind}{SUFFIX}")
}

/// When and why the backup named `name` was taken; `None` for any other file.
pub fn parse_name(name: &str) -> Option<(DateTime<Utc>, BackupKind)> {
    let rest = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    let (stamp, rest) = rest.split_at_checked(18)?;
    let at = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?.and_utc();
    let (rest, kind) = match rest.strip_suffix(BEFORE_RESTORE) {
        Some(rest) => (rest, BackupKind::BeforeRestore),
        None => (rest, BackupKind::Regular),
    };
    let counter_ok = rest.is_empty()
        || rest
            .strip_prefix('-')
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    counter_ok.then_some((at, kind))
}

/// The backups in `folder`, newest first; a missing folder holds none.
pub fn list(folder: &Path) -> Result<Vec<BackupFile>> {
    let entries = match std::fs::read_dir(folder) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::Io { path: folder.to_path_buf(), source: e }),
        Ok(entries) => entries,
    };
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::Io { path: folder.to_path_buf(), source: e })?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((taken, kind)) = parse_name(&name) else { continue };
        let Ok(meta) = entry.metadata() else { continue };
        if meta.is_file() {
            files.push(BackupFile { path: entry.path(), name, taken, size: meta.len(), kind });
        }
    }
    files.sort_by(|a, b| b.taken.cmp(&a.taken).then_with(|| b.name.cmp(&a.name)));
    Ok(files)
}

/// Takes a verified backup of the database file `db` into `folder` (made when missing).
pub fn take(db: &Path, folder: &Path, now: DateTime<Utc>, kind: BackupKind) -> Result<BackupFile> {
    std::fs::create_dir_all(folder)
        .map_err(|e| Error::Io { path: folder.to_path_buf(), source: e })?;
    for n in 0..100 {
        let name = file_name(now, kind, n);
        let path = folder.join(&name);
        match crate::db::backup_verified(db, &path) {
            // Another backup in the same second (the CLI and the app): the next name.
            Err(Error::Invalid(p))
                if p.iter().any(|p| p.code == crate::problem::ProblemCode::FileExists) =>
            {
                continue
            }
            Err(e) => return Err(e),
            Ok(()) => {
                let size =
                    path.metadata().map_err(|e| Error::Io { path: path.clone(), source: e })?.len();
                return Ok(BackupFile { path, name, taken: now, size, kind });
            }
        }
    }
    Err(Error::Database(format!("{} holds 100 backups taken at {now}", folder.display())))
}

/// A scheduled (or "Back up now") backup: taken, verified, then the folder rotated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackedUp {
    pub file: BackupFile,
    /// The backups the policy no longer keeps, deleted.
    pub deleted: Vec<BackupFile>,
}

/// Takes a backup of `db` into `folder` and deletes those `policy` no longer keeps (days and
/// weeks in `zone`).
pub fn back_up(
    db: &Path,
    folder: &Path,
    now: DateTime<Utc>,
    policy: &Policy,
    zone: Tz,
) -> Result<BackedUp> {
    let file = take(db, folder, now, BackupKind::Regular)?;
    let deleted = rotate(folder, now, policy, zone)?;
    Ok(BackedUp { file, deleted })
}

/// Deletes the backups in `folder` that `policy` no longer keeps; returns them.
pub fn rotate(
    folder: &Path,
    now: DateTime<Utc>,
    policy: &Policy,
    zone: Tz,
) -> Result<Vec<BackupFile>> {
    let files = list(folder)?;
    let newest_undo = files.iter().position(|f| f.kind == BackupKind::BeforeRestore);
    let taken: Vec<rotation::Taken> = files
        .iter()
        .enumerate()
        .map(|(i, f)| rotation::Taken { at: f.taken, pinned: Some(i) == newest_undo })
        .collect();
    let mut deleted = Vec::new();
    for i in rotation::to_delete(&taken, now, policy, zone) {
        let file = &files[i];
        std::fs::remove_file(&file.path)
            .map_err(|e| Error::Io { path: file.path.clone(), source: e })?;
        deleted.push(file.clone());
    }
    Ok(deleted)
}

/// Whether a backup is due, given the times the backups in the folder were `taken`: none yet,
/// or the newest taken no later than `now` is `max_age` old or more. One dated later (a clock
/// set wrong once) does not stop the backups until that time comes.
pub fn is_due(
    taken: impl IntoIterator<Item = DateTime<Utc>>,
    now: DateTime<Utc>,
    max_age: chrono::Duration,
) -> bool {
    let newest = taken.into_iter().filter(|at| *at <= now).max();
    newest.is_none_or(|at| now.signed_duration_since(at) >= max_age)
}

/// What the backup file at `path` holds (any file: one in the folder, or one the user chose),
/// checked whole; refused as [`crate::db::examine`] refuses.
pub fn inspect(path: &Path) -> Result<BackupContents> {
    contents(path, crate::db::examine(path)?)
}

/// Like [`inspect`] without the integrity check (which reads every page): for a list.
pub fn glance(path: &Path) -> Result<BackupContents> {
    contents(path, crate::db::glance(path)?)
}

fn contents(path: &Path, holds: Examined) -> Result<BackupContents> {
    let meta = path.metadata().map_err(|e| Error::Io { path: path.to_path_buf(), source: e })?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let (taken, kind) = parse_name(&name).unwrap_or_else(|| {
        let modified = meta.modified().map(DateTime::<Utc>::from).unwrap_or_default();
        (modified, BackupKind::Regular)
    });
    let file = BackupFile { path: path.to_path_buf(), name, taken, size: meta.len(), kind };
    Ok(BackupContents { file, holds })
}

/// Restores the desk in `backup` as the database file `db` (whose connections the caller has
/// closed): examined first, then the current database backed up into `folder` (the undo), then
/// the backup put in place, upgraded when older. Refused, changing nothing, when the backup is
/// not a CSP Desk database, is a newer version's or is damaged.
pub fn restore(db: &Path, backup: &Path, folder: &Path, now: DateTime<Utc>) -> Result<Restored> {
    let restored = inspect(backup)?;
    let undo =
        if db.exists() { Some(take(db, folder, now, BackupKind::BeforeRestore)?) } else { None };
    crate::db::replace_with(db, backup)?;
    Ok(Restored { restored, undo })
}
