//! Automatic backups of the solo desk, and restore, for Settings → Backups.
//!
//! A thread of its own backs the file up on start when the newest backup is older than an hour,
//! then whenever it is [`EVERY`] old, and rotates the folder (`cspdesk::backups`). A backup reads
//! the file through a connection of its own, so it never waits for or holds the app's database
//! lock: typing and saving go on while it runs. A failure is kept and shown in the status bar
//! until a backup succeeds. "Back up now", a restore and the thread take turns (`work`).
//!
//! A restore closes the app's connection, puts the backup in place (the core backs up the
//! current file first, for the undo) and opens the file again; the UI then reloads. On a team
//! server none of this runs: the server backs up its databases.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use chrono::Utc;
use cspdesk::backups::{self, BackupContents, BackupFile, Config, Policy, Restored};
use serde::Serialize;
use tauri::{Manager, State};
use ts_rs::TS;

use crate::error::ApiError;
use crate::state::{blocking, lock, AppState};

/// A backup is taken when the newest is this old (on start: one hour).
pub const EVERY: chrono::TimeDelta = chrono::TimeDelta::hours(4);
const ON_START: chrono::TimeDelta = chrono::TimeDelta::hours(1);
/// How often the thread looks whether a backup is due.
const LOOK_EVERY: Duration = Duration::from_secs(5 * 60);

#[derive(Default)]
pub struct Backups {
    /// Held while a backup or a restore runs: they take turns.
    work: Mutex<()>,
    /// Why the last backup failed, until one succeeds.
    failure: Mutex<Option<ApiError>>,
    /// The file last chosen in the open dialog: besides those in the backup folder, the only
    /// file the UI may ask to examine or restore.
    chosen: Mutex<Option<PathBuf>>,
}

/// Settings → Backups and the status bar.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupStatus {
    /// False on a team server: its backups are the server's job.
    pub available: bool,
    pub folder: String,
    /// Whether the folder is the default, `backups/` beside the database.
    pub default_folder: bool,
    pub policy: Policy,
    /// The newest backup in the folder.
    pub last: Option<BackupFile>,
    /// Why the last backup failed, until one succeeds.
    pub failure: Option<ApiError>,
    /// Hours between automatic backups.
    pub every_hours: u32,
}

type Answer<T> = Result<T, ApiError>;

/// The computer's time zone: days and weeks of the rotation are the user's.
fn zone() -> chrono_tz::Tz {
    iana_time_zone::get_timezone().ok().and_then(|z| z.parse().ok()).unwrap_or(chrono_tz::UTC)
}

fn status(state: &AppState) -> Answer<BackupStatus> {
    let db = &state.db_path;
    let config = Config::load(db)?;
    let folder = config.folder(db);
    // A folder that cannot be read (a drive gone) has no last backup to show; the failure says why.
    let last = backups::list(&folder).ok().and_then(|files| files.into_iter().next());
    Ok(BackupStatus {
        available: state.server().is_none(),
        folder: folder.display().to_string(),
        default_folder: config.folder.is_none(),
        policy: config.policy,
        last,
        failure: lock(&state.backups.failure)?.clone(),
        every_hours: EVERY.num_hours() as u32,
    })
}

/// Takes a backup now (and rotates the folder); the failure, if any, is kept for the status bar.
fn back_up(state: &AppState) -> Answer<()> {
    let _turn = lock(&state.backups.work)?;
    let db = &state.db_path;
    let done = Config::load(db).and_then(|config| {
        backups::back_up(db, &config.folder(db), Utc::now(), &config.policy, zone())
    });
    let mut failure = lock(&state.backups.failure)?;
    match done {
        Ok(_) => {
            *failure = None;
            Ok(())
        }
        Err(e) => {
            let e = ApiError::from(e);
            *failure = Some(e.clone());
            Err(e)
        }
    }
}

/// Starts the thread of automatic backups.
pub fn start(app: tauri::AppHandle) {
    std::thread::Builder::new()
        .name("backups".into())
        .spawn(move || {
            let mut max_age = ON_START;
            loop {
                let state = app.state::<AppState>();
                if state.server().is_none() && state.db_path.exists() {
                    let taken = Config::load(&state.db_path)
                        .and_then(|c| backups::list(&c.folder(&state.db_path)))
                        .unwrap_or_default();
                    if backups::is_due(taken.iter().map(|f| f.taken), Utc::now(), max_age) {
                        // Kept for the status bar; nothing else to do with it here.
                        let _ = back_up(&state);
                    }
                }
                max_age = EVERY;
                std::thread::sleep(LOOK_EVERY);
            }
        })
        .expect("the backup thread starts");
}

/// Runs `f` with the app's state on a worker thread.
async fn with_state<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&AppState) -> Answer<T> + Send + 'static,
) -> Answer<T> {
    let app = state.app.clone();
    blocking(move || f(&app.state::<AppState>())).await
}

fn solo(state: &AppState) -> Answer<()> {
    match state.server() {
        None => Ok(()),
        Some(_) => Err(cspdesk::Error::invalid(
            "backups",
            cspdesk::problem::ProblemCode::ServerBackups,
            &[],
        )
        .into()),
    }
}

#[tauri::command]
pub async fn backup_status(state: State<'_, AppState>) -> Answer<BackupStatus> {
    with_state(&state, status).await
}

/// "Back up now": a failure is returned and kept for the status bar.
#[tauri::command]
pub async fn back_up_now(state: State<'_, AppState>) -> Answer<BackupStatus> {
    solo(&state)?;
    with_state(&state, |s| back_up(s).and_then(|()| status(s))).await
}

/// The backups in the folder, newest first.
#[tauri::command]
pub async fn list_backups(state: State<'_, AppState>) -> Answer<Vec<BackupFile>> {
    with_state(&state, |s| {
        let config = Config::load(&s.db_path)?;
        Ok(backups::list(&config.folder(&s.db_path))?)
    })
    .await
}

/// A file the UI may name: one in the backup folder, or the one last chosen in the dialog.
fn allowed(state: &AppState, path: &str) -> Answer<PathBuf> {
    let path = PathBuf::from(path);
    let folder = Config::load(&state.db_path)?.folder(&state.db_path);
    let chosen = lock(&state.backups.chosen)?.clone();
    if may_read(&path, &folder, chosen.as_deref()) {
        Ok(path)
    } else {
        Err(ApiError::internal(format!("{} is not a backup the app listed", path.display())))
    }
}

/// Whether `path` names a backup in `folder` (by its backup name) or the file `chosen`.
fn may_read(path: &Path, folder: &Path, chosen: Option<&Path>) -> bool {
    let named =
        path.file_name().is_some_and(|n| backups::parse_name(&n.to_string_lossy()).is_some());
    (named && path.parent() == Some(folder)) || chosen == Some(path)
}

#[cfg(test)]
mod tests {
    use super::may_read;
    use std::path::Path;

    #[test]
    fn the_ui_may_name_only_a_backup_in_the_folder_or_the_file_chosen() {
        let folder = Path::new("/data/backups");
        let backup = folder.join("cspdesk-2026-11-30T092500Z.sqlite3");
        assert!(may_read(&backup, folder, None));
        assert!(!may_read(&folder.join("notes.txt"), folder, None));
        assert!(!may_read(&folder.join("../cspdesk-2026-11-30T092500Z.sqlite3"), folder, None));
        assert!(!may_read(Path::new("/etc/cspdesk-2026-11-30T092500Z.sqlite3"), folder, None));
        let chosen = Path::new("/home/anna/OneDrive/desk.sqlite3");
        assert!(may_read(chosen, folder, Some(chosen)));
        assert!(!may_read(Path::new("/home/anna/other.sqlite3"), folder, Some(chosen)));
    }
}

/// What a backup holds: when it was taken, its schema version, its counts.
#[tauri::command]
pub async fn inspect_backup(state: State<'_, AppState>, path: String) -> Answer<BackupContents> {
    with_state(&state, move |s| Ok(backups::inspect(&allowed(s, &path)?)?)).await
}

/// Asks for a backup file elsewhere (a native dialog; `CSPDESK_E2E_PICK_FILE` in tests) and says
/// what it holds; None when the user cancelled.
#[tauri::command]
pub async fn choose_backup_file(state: State<'_, AppState>) -> Answer<Option<BackupContents>> {
    use tauri_plugin_dialog::DialogExt;
    let dialog =
        state.app.dialog().file().add_filter("CSP Desk", &["sqlite3", "sqlite", "db", "bak"]);
    let test = crate::commands::test_answer("CSPDESK_E2E_PICK_FILE");
    let Some(path) =
        crate::commands::chosen_path(test, move || dialog.blocking_pick_file()).await?
    else {
        return Ok(None);
    };
    *lock(&state.backups.chosen)? = Some(path.clone());
    with_state(&state, move |_| Ok(Some(backups::inspect(&path)?))).await
}

/// Restores a backup: the connection is closed, the core backs up the current file (the undo)
/// and puts the backup in place, and the file is opened again. The UI reloads after.
#[tauri::command]
pub async fn restore_backup(state: State<'_, AppState>, path: String) -> Answer<Restored> {
    solo(&state)?;
    with_state(&state, move |s| {
        let backup = allowed(s, &path)?;
        let _turn = lock(&s.backups.work)?;
        let folder = Config::load(&s.db_path)?.folder(&s.db_path);
        let restored =
            s.with_file_closed(|db| Ok(backups::restore(db, &backup, &folder, Utc::now())?))?;
        // A restore replaces the desk, not a failed backup's cause: the next backup says.
        Ok(restored)
    })
    .await
}

/// Asks for another backup folder (a native dialog; `CSPDESK_E2E_PICK_FOLDER` in tests), keeps
/// it, and backs up into it at once; None when the user cancelled.
#[tauri::command]
pub async fn choose_backup_folder(state: State<'_, AppState>) -> Answer<Option<BackupStatus>> {
    use tauri_plugin_dialog::DialogExt;
    solo(&state)?;
    let dialog = state.app.dialog().file();
    let test = crate::commands::test_answer("CSPDESK_E2E_PICK_FOLDER");
    let Some(folder) =
        crate::commands::chosen_path(test, move || dialog.blocking_pick_folder()).await?
    else {
        return Ok(None);
    };
    set_folder(&state, Some(folder)).await.map(Some)
}

/// Backups go to `backups/` beside the database again.
#[tauri::command]
pub async fn use_default_backup_folder(state: State<'_, AppState>) -> Answer<BackupStatus> {
    solo(&state)?;
    set_folder(&state, None).await
}

async fn set_folder(state: &AppState, folder: Option<PathBuf>) -> Answer<BackupStatus> {
    with_state(state, move |s| {
        let config = Config { folder, ..Config::load(&s.db_path)? };
        config.save(&s.db_path)?;
        back_up(s)?;
        status(s)
    })
    .await
}

/// How many backups are kept; checked by the core (problems at `today`, `days`, `weeks`).
#[tauri::command]
pub async fn set_backup_policy(state: State<'_, AppState>, policy: Policy) -> Answer<BackupStatus> {
    with_state(&state, move |s| {
        let config = Config { policy, ..Config::load(&s.db_path)? };
        config.save(&s.db_path)?;
        status(s)
    })
    .await
}
