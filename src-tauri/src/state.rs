//! The app's state: the open database (or why it could not be opened) and the OS language.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

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
    db: Arc<Mutex<Result<Db, ApiError>>>,
    /// The app's own database file (the solo desk; also what "Use this computer's file" opens).
    pub db_path: PathBuf,
    /// The desk opened instead of the file: a team server, and its password for this session.
    pub team: Arc<Mutex<Option<Team>>>,
    pub os: OsDefaults,
    /// For the commands that open native dialogs or other programs.
    pub app: tauri::AppHandle,
    /// The file the last export wrote: the only file "open" may open.
    pub last_export: Mutex<Option<PathBuf>>,
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
    /// Opens (and migrates) the database. A failure is kept and reported by every command, so
    /// the window still opens and tells the user what is wrong.
    pub fn open(path: &Path, app: tauri::AppHandle) -> AppState {
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
            Some(why) => Err(ApiError::storage(format!(
                "the saved choice of database cannot be read ({why}); choose again in Settings"
            ))),
            None => open_db(path, team.as_ref(), &os.plan),
        };
        AppState {
            db: Arc::new(Mutex::new(db)),
            team: Arc::new(Mutex::new(team)),
            db_path: path.to_path_buf(),
            os,
            app,
            last_export: Mutex::new(None),
        }
    }

    /// Runs `f` on the database on a blocking worker thread, never on the main thread.
    pub async fn with_db<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Db) -> cspdesk::Result<T> + Send + 'static,
    {
        let (db, path, defaults, team) = (
            Arc::clone(&self.db),
            self.db_path.clone(),
            self.os.plan.clone(),
            Arc::clone(&self.team),
        );
        tauri::async_runtime::spawn_blocking(move || {
            let mut guard =
                db.lock().map_err(|_| ApiError::internal("the database lock was poisoned"))?;
            if guard.is_err() {
                // The user fixed the cause (closed the other program, freed disk, the server
                // is back) and retries: each command tries again.
                let team =
                    team.lock().map_err(|_| ApiError::internal("the lock was poisoned"))?.clone();
                *guard = open_db(&path, team.as_ref(), &defaults);
            }
            let result = match guard.as_mut() {
                Ok(db) => f(db).map_err(|e| (e.is_disconnected(), ApiError::from(e))),
                Err(e) => Err((false, e.clone())),
            };
            match result {
                Ok(value) => Ok(value),
                Err((lost, e)) => {
                    if lost {
                        // The server went away: the next command connects again.
                        *guard = Err(e.clone());
                    }
                    Err(e)
                }
            }
        })
        .await
        .map_err(|e| ApiError::internal(format!("a database task failed: {e}")))?
    }

    /// Replaces the open desk (Settings → Database): `db` is already open and migrated.
    pub fn switch(&self, db: Db, team: Option<Team>) -> Result<(), ApiError> {
        *self.team.lock().map_err(|_| ApiError::internal("the lock was poisoned"))? = team;
        *self.db.lock().map_err(|_| ApiError::internal("the database lock was poisoned"))? = Ok(db);
        Ok(())
    }

    /// The team server in use, if any.
    pub fn server(&self) -> Option<Server> {
        self.team.lock().ok().and_then(|t| t.as_ref().map(|(s, _)| s.clone()))
    }

    /// Why the desk is not open, if it is not.
    pub fn failure(&self) -> Option<String> {
        self.db.lock().ok().and_then(|g| g.as_ref().err().map(|e| e.message.clone()))
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
    if cfg!(debug_assertions) {
        let mut name = dir.file_name().unwrap_or_default().to_os_string();
        name.push(".dev");
        return Ok(dir.with_file_name(name));
    }
    Ok(dir)
}
