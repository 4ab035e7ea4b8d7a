//! The app's state: the open database (or why it could not be opened) and the OS language.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use cspdesk::db::server::Server;
use cspdesk::offering::{ensure_default_plan, Defaults};
use cspdesk::settings::Language;
use cspdesk::Db;
use tauri::Manager;

use crate::error::ApiError;

/// A team server in use, and its password for this session (if one is needed).
pub type Team = (Server, Option<String>);

pub struct AppState {
    /// The open desk, or why it could not be opened (with its problems, so the UI can say it in
    /// the user's language: not on the team, a disabled login, a newer schema).
    db: Arc<Mutex<Desk>>,
    /// The app's own database file (the solo desk; also what "Use this computer's file" opens).
    pub db_path: PathBuf,
    /// The desk opened instead of the file: a team server, and its password for this session.
    pub team: Arc<Mutex<Option<Team>>>,
    pub os: OsDefaults,
    /// For the commands that open native dialogs or other programs.
    pub app: tauri::AppHandle,
    /// The file the last export wrote: the only file "open" may open.
    pub last_export: Mutex<Option<PathBuf>>,
    /// Automatic backups and restore (Settings → Backups).
    pub backups: crate::backups::Backups,
    /// The schema of the desk file when it was opened, if opening upgraded it (asked on the
    /// opening thread, not on the start-up path).
    upgrading_from: Mutex<Option<u32>>,
    /// A second connection to the desk for reports over months (see [`AppState::with_reader`]).
    reader: Arc<Mutex<Option<Db>>>,
    /// How many times the desk has been opened, or tried to be: a command that waited for the
    /// lock while an attempt failed reports that failure instead of trying again at once.
    attempts: Arc<AtomicU64>,
}

/// When a command may try to open a desk that is not open.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Reopen {
    /// Any command the user triggers: the cause may have been fixed (the other program
    /// closed, disk freed, the server back).
    Always,
    /// The watcher that asks every second: only a team server, which comes back by itself. A
    /// file that failed to open (an upgrade that ran out of disk) is tried again when the
    /// user says so, not copied every second.
    ServerOnly,
}

/// The desk as the app holds it.
enum Desk {
    /// Before the first attempt to open it (see [`AppState::open_desk`]).
    NotYetOpen,
    Open(Db),
    /// Why it could not be opened, or was closed (a restore, a server gone away).
    Failed(ApiError),
}

impl From<Result<Db, ApiError>> for Desk {
    fn from(opened: Result<Db, ApiError>) -> Desk {
        match opened {
            Ok(db) => Desk::Open(db),
            Err(e) => Desk::Failed(e),
        }
    }
}

/// What the computer says about the user, read once at start: it seeds a new database's plan
/// and the UI language until the user picks one.
#[derive(Debug, Clone)]
pub struct OsDefaults {
    pub language: Language,
    pub plan: Defaults,
}

impl OsDefaults {
    pub fn read() -> OsDefaults {
        let locale = sys_locale::get_locale().unwrap_or_default();
        let plan = Defaults::from_os(&locale, iana_time_zone::get_timezone().ok().as_deref());
        OsDefaults { language: plan.language, plan }
    }
}

impl AppState {
    /// The app's state before its desk is open: commands wait for [`AppState::open_desk`]
    /// (or open it themselves, should one come first). The window shows meanwhile: an
    /// upgrade's copy of a large desk, or a team server that does not answer, takes seconds.
    pub fn new(path: &Path, app: tauri::AppHandle) -> AppState {
        let os = OsDefaults::read();
        let dir = path.parent().unwrap_or(Path::new("."));
        let (server, unreadable) = crate::desk::read_choice(dir);
        // The password kept by the credential store; else PGPASSWORD, as psql reads it (a
        // Linux session without a kernel keyring, a scripted start).
        let team = server.map(|s| {
            let password = crate::desk::saved_password(&s)
                .or_else(|| std::env::var("PGPASSWORD").ok().filter(|p| !p.is_empty()));
            (s, password)
        });
        let db = match unreadable {
            Some(why) => Desk::Failed(ApiError::storage(format!(
                "the saved choice of database cannot be read ({why}); choose again in Settings"
            ))),
            None => Desk::NotYetOpen,
        };
        AppState {
            db: Arc::new(Mutex::new(db)),
            team: Arc::new(Mutex::new(team)),
            db_path: path.to_path_buf(),
            os,
            app,
            last_export: Mutex::new(None),
            backups: Default::default(),
            upgrading_from: Mutex::new(None),
            reader: Arc::default(),
            attempts: Arc::default(),
        }
    }

    /// Opens (and migrates) the desk, unless a command did meanwhile. A failure is kept and
    /// reported by every command, so the window tells the user what is wrong. Call it once, on
    /// a thread of its own.
    pub fn open_desk(&self) {
        let Ok(mut guard) = self.db.lock() else { return };
        if !matches!(*guard, Desk::NotYetOpen) {
            return;
        }
        let team = self.team.lock().ok().and_then(|t| t.clone());
        if team.is_none() {
            if let Ok(mut from) = self.upgrading_from.lock() {
                *from = cspdesk::db::upgrade_pending(&self.db_path);
            }
            // A copy before an upgrade stopped half-way (the window closed meanwhile) leaves a
            // temporary file the size of the desk; one idle for two minutes is abandoned.
            let idle = std::time::SystemTime::now() - std::time::Duration::from_secs(120);
            if let Some(dir) = self.db_path.parent() {
                cspdesk::files::remove_abandoned(dir, idle);
            }
        }
        // End-to-end tests see what the window shows while a desk takes long to open.
        #[cfg(debug_assertions)]
        if let Some(ms) = std::env::var("CSPDESK_E2E_SLOW_OPEN").ok().and_then(|v| v.parse().ok()) {
            std::thread::sleep(std::time::Duration::from_millis(ms));
        }
        // A panic while opening must not poison the lock every command takes.
        let opened = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            open_db(&self.db_path, team.as_ref(), &self.os.plan)
        }));
        *guard = opened
            .unwrap_or_else(|_| {
                Err(ApiError::internal(
                    "opening the desk failed unexpectedly; press Try again, and if it fails the same way, restore the newest backup (Settings → Backups)",
                ))
            })
            .into();
        self.attempts.fetch_add(1, Ordering::SeqCst);
    }

    /// Runs `f` on the database on a blocking worker thread, never on the main thread.
    pub async fn with_db<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Db) -> cspdesk::Result<T> + Send + 'static,
    {
        self.with_db_reopening(Reopen::Always, f).await
    }

    /// [`AppState::with_db`], trying to open a desk that is not open only as `reopen` says.
    pub async fn with_db_reopening<T, F>(&self, reopen: Reopen, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Db) -> cspdesk::Result<T> + Send + 'static,
    {
        let (db, path, defaults, team, attempts) = (
            Arc::clone(&self.db),
            self.db_path.clone(),
            self.os.plan.clone(),
            Arc::clone(&self.team),
            Arc::clone(&self.attempts),
        );
        let seen = attempts.load(Ordering::SeqCst);
        tauri::async_runtime::spawn_blocking(move || {
            let mut guard = lock(&db)?;
            let may = match &*guard {
                Desk::Open(_) => false,
                Desk::NotYetOpen => true,
                // Not when an attempt ended while this command waited: its answer is fresh.
                Desk::Failed(_) => {
                    attempts.load(Ordering::SeqCst) == seen
                        && (reopen == Reopen::Always || lock(&team)?.is_some())
                }
            };
            if may {
                let team = lock(&team)?.clone();
                *guard = open_db(&path, team.as_ref(), &defaults).into();
                attempts.fetch_add(1, Ordering::SeqCst);
            }
            let result = match &mut *guard {
                Desk::Open(db) => f(db).map_err(|e| (e.is_disconnected(), ApiError::from(e))),
                Desk::Failed(e) => Err((false, e.clone())),
                Desk::NotYetOpen => Err((false, ApiError::internal("the desk was not opened"))),
            };
            result.map_err(|(lost, e)| {
                if lost {
                    // The server went away: the next command connects again.
                    *guard = Desk::Failed(e.clone());
                }
                e
            })
        })
        .await
        .map_err(|e| ApiError::internal(format!("a database task failed: {e}")))?
    }

    /// Runs `f`, a long read (the SLA or workload report over months: seconds on a large
    /// desk), on a second connection to the desk, so that every other command, and the watcher
    /// that asks each second what changed, goes on meanwhile instead of waiting for the desk's
    /// lock. `f` reads in one transaction, so it sees one consistent desk. The connection is
    /// made on first use and dropped when the desk is switched or restored, or lost.
    pub async fn with_reader<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: Fn(&Db) -> cspdesk::Result<T> + Send + 'static,
    {
        // Before the first report the desk is opened (upgraded, checked) by its own
        // connection. After, a report does not wait for the desk's lock: that is its point.
        let kept = match self.reader.try_lock() {
            Ok(reader) => reader.is_some(),
            // A report runs on it now.
            Err(std::sync::TryLockError::WouldBlock) => true,
            Err(std::sync::TryLockError::Poisoned(_)) => false,
        };
        if !kept {
            self.with_db(|_| Ok(())).await?;
        }
        let (reader, path, team) =
            (Arc::clone(&self.reader), self.db_path.clone(), Arc::clone(&self.team));
        blocking(move || {
            let mut guard = lock(&reader)?;
            // Which desk, read under the reader's lock: a switch sets it before it drops the
            // reader (under this lock), so no report opens the desk switched from.
            let team = lock(&team)?.clone();
            read_on(&mut guard, || open_reader(&path, team.as_ref()), f)
        })
        .await
    }

    /// Drops the second connection (the desk is being switched or restored, or a person
    /// erased: a report's snapshot would keep the erased text in the write-ahead log); the
    /// next report opens another. Waits for a report that is running.
    pub fn drop_reader(&self) {
        if let Ok(mut reader) = self.reader.lock() {
            *reader = None;
        }
    }

    /// [`AppState::drop_reader`] on a worker thread (it waits for a running report).
    pub async fn close_reader(&self) -> Result<(), ApiError> {
        let reader = Arc::clone(&self.reader);
        blocking(move || {
            *lock(&reader)? = None;
            Ok(())
        })
        .await
    }

    /// Runs `f` on the app's own database file with the app's connection closed (a restore),
    /// then opens the file again. Commands wait meanwhile; call it on a worker thread.
    pub fn with_file_closed<T>(
        &self,
        f: impl FnOnce(&Path) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let mut guard = lock(&self.db)?;
        // No report reads the file meanwhile, nor opens it again before it is back (the
        // reader's lock is held throughout; a report waits for it).
        let mut reader = lock(&self.reader)?;
        *reader = None;
        // Dropping the connection closes the file (and folds its write-ahead log into it).
        *guard = Desk::Failed(ApiError::storage("the database is being restored"));
        let result = f(&self.db_path);
        *guard = open_db(&self.db_path, None, &self.os.plan).into();
        self.attempts.fetch_add(1, Ordering::SeqCst);
        drop(reader);
        result
    }

    /// Replaces the open desk (Settings → Database): `db` is already open and migrated.
    pub fn switch(&self, db: Db, team: Option<Team>) -> Result<(), ApiError> {
        *lock(&self.team)? = team;
        *lock(&self.db)? = Desk::Open(db);
        self.drop_reader();
        Ok(())
    }

    /// The team server in use, if any.
    pub fn server(&self) -> Option<Server> {
        self.team.lock().ok().and_then(|t| t.as_ref().map(|(s, _)| s.clone()))
    }

    /// Why the desk is not open, if it is not.
    pub fn failure(&self) -> Option<String> {
        match &*self.db.lock().ok()? {
            Desk::Failed(e) => Some(e.message.clone()),
            Desk::NotYetOpen | Desk::Open(_) => None,
        }
    }

    /// The schema the desk was upgraded from when it was opened, if it was.
    pub fn upgrading_from(&self) -> Option<u32> {
        self.upgrading_from.lock().ok().and_then(|from| *from)
    }
}

/// Locks a part of the app's state; one poisoned (a panic while it was held) is an internal
/// error, never a crash.
pub(crate) fn lock<T>(m: &Mutex<T>) -> Result<MutexGuard<'_, T>, ApiError> {
    m.lock().map_err(|_| ApiError::internal("a lock of the app's state was poisoned"))
}

/// Runs `f` (a database, a file, a dialog, the network) on a worker thread, never on the async
/// runtime's threads or the main one.
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| ApiError::internal(format!("a worker task failed: {e}")))?
}

/// Runs `f` on the connection in `slot`, opened with `open` when there is none. A kept
/// connection found lost (a server's idle timeout closed it between reports) is replaced and
/// `f` run once more; one lost on a new connection is dropped, and the next call opens another.
fn read_on<T>(
    slot: &mut Option<Db>,
    open: impl Fn() -> cspdesk::Result<Db>,
    f: impl Fn(&Db) -> cspdesk::Result<T>,
) -> Result<T, ApiError> {
    let kept = slot.is_some();
    let db = match slot {
        Some(db) => db,
        None => slot.insert(open()?),
    };
    match f(db) {
        Ok(value) => Ok(value),
        Err(e) if e.is_disconnected() && kept => {
            *slot = None;
            let db = slot.insert(open()?);
            f(db).map_err(|e| {
                if e.is_disconnected() {
                    *slot = None;
                }
                ApiError::from(e)
            })
        }
        Err(e) => {
            if e.is_disconnected() {
                *slot = None;
            }
            Err(ApiError::from(e))
        }
    }
}

/// A second connection to the desk the app has open: the team server, or the file (which
/// exists: the app's own connection opened it first).
fn open_reader(path: &Path, team: Option<&Team>) -> cspdesk::Result<Db> {
    match team {
        Some((server, password)) => Db::connect_quiet(&server.url(), password.as_deref()),
        None => Db::open_existing(path),
    }
}

/// Opens the desk (the file, or the team server), and gives a new one its first, ready plan.
pub fn open_db(path: &Path, team: Option<&Team>, defaults: &Defaults) -> Result<Db, ApiError> {
    let mut db = match team {
        Some((server, password)) => Db::connect(&server.url(), password.as_deref())?,
        None => {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| {
                    ApiError::storage(format!("cannot create the folder {}: {e}", dir.display()))
                })?;
            }
            Db::open(path)?
        }
    };
    ensure_default_plan(&mut db, defaults, chrono::Utc::now())?;
    Ok(db)
}

/// The folder the database lives in. Development builds use their own folder (identifier plus
/// `.dev`), so running from source never touches a real partner's data.
pub fn data_dir<R: tauri::Runtime>(app: &tauri::AppHandle<R>) -> tauri::Result<PathBuf> {
    let dir = app.path().app_data_dir()?;
    Ok(if cfg!(debug_assertions) { development_folder(&dir) } else { dir })
}

/// `<identifier>.dev` beside the app-data folder `dir`. The name is extended as the operating
/// system spells it (`OsString`), never through text, so a user folder that is not ASCII
/// (`C:\Users\Åsa`), or on Linux not even UTF-8, stays exactly as it was.
pub fn development_folder(dir: &Path) -> PathBuf {
    let mut name = dir.file_name().unwrap_or_default().to_os_string();
    name.push(".dev");
    dir.with_file_name(name)
}

/// The app's folders and the files a user picks, where the user's name or the file's is not
/// ASCII: what CI on Linux can check of what Windows and macOS users have.
#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use cspdesk::offering::{list_plans, Defaults};

    use super::{development_folder, open_db, open_reader, read_on};

    #[test]
    fn the_development_folder_keeps_the_users_folder_as_it_is() {
        for data in [
            r"C:\Users\Åsa\AppData\Roaming",
            "/Users/Åsa Öberg/Library/Application Support",
            "/home/åsa/.local/share",
            "/home/пётр/.local/share",
        ] {
            let dir = Path::new(data).join("se.cspdesk.desk");
            let dev = development_folder(&dir);
            assert_eq!(dev, Path::new(data).join("se.cspdesk.desk.dev"), "{data}");
        }
    }

    /// Reports run on a second connection: opened once, it sees what the app's own
    /// connection committed after it was opened, and a lost one is opened again.
    #[test]
    fn the_reports_connection_reads_what_the_desk_last_committed() {
        use cspdesk::settings::{self, Language};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cspdesk.sqlite3");
        let mut desk =
            open_db(&path, None, &Defaults::from_os("en-GB", Some("Europe/London"))).unwrap();
        let mut slot = None;
        let read = |slot: &mut Option<cspdesk::Db>| {
            read_on(slot, || open_reader(&path, None), settings::language)
        };
        assert_eq!(read(&mut slot).unwrap(), None);
        assert!(slot.is_some(), "the connection is kept for the next report");
        settings::set_language(&mut desk, Language::Sv).unwrap();
        let again = read_on(
            &mut slot,
            || panic!("a kept connection is not opened again"),
            settings::language,
        );
        assert_eq!(again.unwrap(), Some(Language::Sv), "a report sees the desk as committed");

        // A kept connection closed meanwhile (a server's idle timeout): replaced, run again.
        let runs = std::cell::Cell::new(0);
        let after_idle = read_on(
            &mut slot,
            || open_reader(&path, None),
            |db| {
                runs.set(runs.get() + 1);
                if runs.get() == 1 {
                    return Err(cspdesk::Error::Unreachable("closed while idle".into()));
                }
                settings::language(db)
            },
        );
        assert_eq!(after_idle.unwrap(), Some(Language::Sv));
        assert_eq!(runs.get(), 2, "run once more on a new connection");

        // A new connection lost: dropped, and the next report opens another.
        let mut fresh = None;
        let lost = read_on(
            &mut fresh,
            || open_reader(&path, None),
            |_| -> cspdesk::Result<()> {
                Err(cspdesk::Error::Unreachable("the server went away".into()))
            },
        );
        assert!(lost.is_err());
        assert!(fresh.is_none(), "a lost connection is dropped");
        assert_eq!(read(&mut fresh).unwrap(), Some(Language::Sv), "and the next report opens one");

        let missing = dir.path().join("gone.sqlite3");
        let refused = read_on(&mut None, || open_reader(&missing, None), |_| Ok(()));
        assert!(refused.is_err(), "a reader never creates a desk");
        assert!(!missing.exists());
    }

    /// A Linux user folder in Latin-1 (`Å` as the one byte 0xC5) is no UTF-8 at all.
    #[cfg(unix)]
    #[test]
    fn the_development_folder_keeps_a_folder_name_that_is_not_utf8() {
        use std::os::unix::ffi::OsStrExt;
        let dir =
            Path::new(std::ffi::OsStr::from_bytes(b"/home/\xc5sa/.local/share/se.cspdesk.desk"));
        let dev = development_folder(dir);
        assert_eq!(dev.as_os_str().as_bytes(), b"/home/\xc5sa/.local/share/se.cspdesk.desk.dev");
    }

    /// The first start in a user folder whose name is not ASCII: the folders are made, the
    /// database created and its first plan saved, as `setup` does it.
    #[test]
    fn a_first_start_under_a_user_name_that_is_not_ascii_creates_the_database() {
        let home = tempfile::tempdir().unwrap();
        let mut users = vec![PathBuf::from("Åsa Öberg"), PathBuf::from("Jürgen 山田")];
        #[cfg(unix)]
        users.push(<std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(b"\xc5sa").into());
        for user in users {
            let db_path = home
                .path()
                .join(&user)
                .join("AppData")
                .join("Roaming")
                .join("se.cspdesk.desk")
                .join(crate::DB_FILE_NAME);
            let db = open_db(&db_path, None, &Defaults::from_os("sv-SE", Some("Europe/Stockholm")))
                .unwrap_or_else(|e| panic!("{}: {}", db_path.display(), e.message));
            assert!(db_path.is_file(), "{}", db_path.display());
            assert_eq!(list_plans(&db).unwrap().len(), 1, "{}", db_path.display());
        }
    }

    /// What `save_as` does with the path the save dialog returns: names with spaces, dashes,
    /// non-ASCII letters and punctuation a user may type are written as they are, in a folder
    /// whose name is not ASCII either; the database itself is refused however it is spelled.
    #[test]
    fn files_the_user_names_are_written_as_named() {
        let home = tempfile::tempdir().unwrap();
        let folder = home.path().join("Åsa").join("Skrivbord – kunder");
        std::fs::create_dir_all(&folder).unwrap();
        let db_path = folder.join("cspdesk.sqlite3");
        std::fs::write(&db_path, b"SQLite format 3\0").unwrap();
        for name in [
            "Supportvillkor – Nordlys IT AB – Bas.pdf",
            "fakturaunderlag-Åkerlund-Bygg-AB-2026-11.pdf",
            "Rapport #3 (slutlig) [v2] 100% klar; ok!.csv",
            "サポート条件.pdf",
            "utan ändelse",
        ] {
            let path = folder.join(name);
            cspdesk::files::write_atomically("file", &path, name.as_bytes(), Some(&db_path))
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(std::fs::read(&path).unwrap(), name.as_bytes(), "{name}");
        }
        let names: Vec<_> =
            std::fs::read_dir(&folder).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 6, "no temporary file is left: {names:?}");
        let again = folder.join("..").join("Skrivbord – kunder").join("cspdesk.sqlite3");
        assert!(cspdesk::files::write_atomically("file", &again, b"x", Some(&db_path)).is_err());
        assert_eq!(std::fs::read(&db_path).unwrap(), b"SQLite format 3\0");
    }
}
