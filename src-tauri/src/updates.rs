//! Settings → Updates: the Tauri updater, asked only when the user says so.
//!
//! The app looks for a newer version when the user presses "Check for updates", or, if they
//! ticked "Check once a day", on a thread of its own at most once a day (the time of the last
//! check is remembered). Nothing else ever goes to the network. What it reads is the release's
//! `latest.json` (`plugins.updater.endpoints` in `tauri.conf.json`, set by the release
//! workflow); a download is installed only if its signature matches the public key there.
//!
//! The choice and the last check's time are this computer's, not the desk's: they live in
//! `updates.json` beside the database file (like `backups.json`), never in the database, which
//! may be a team server shared by computers that update on their own.
//!
//! A server that cannot be reached (offline, a firewall, GitHub down) is an error of kind
//! `network`, which the UI says in the user's language; the app works on as before.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use tauri::{Manager, State};
use tauri_plugin_updater::{Update, UpdaterExt};
use ts_rs::TS;

use crate::error::{ApiError, ApiErrorKind};
use crate::state::{lock, AppState};

/// The file beside the database that keeps this computer's choice and last check.
pub const CONFIG_FILE: &str = "updates.json";
/// The daily check: at most this often.
pub const DAILY: TimeDelta = TimeDelta::days(1);
/// How often the thread looks whether the daily check is due.
const LOOK_EVERY: Duration = Duration::from_secs(60 * 60);
/// A server that does not answer in this time counts as unreachable.
const TIMEOUT: Duration = Duration::from_secs(30);
/// Debug builds only: the `latest.json` to read instead of the configured endpoint, so the
/// end-to-end tests can serve one from a local HTTP server.
const TEST_ENDPOINT: &str = "CSPDESK_E2E_UPDATE_URL";

type Answer<T> = Result<T, ApiError>;

/// This computer's update settings (`updates.json`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Config {
    /// "Check once a day": off until the user ticks it.
    #[serde(default)]
    pub daily: bool,
    /// When the app last asked the server (by hand or by the daily check), answered or not.
    #[serde(default)]
    pub last_check: Option<DateTime<Utc>>,
}

impl Config {
    /// The settings beside `db`; a missing file is the defaults, and so is a damaged one (it
    /// holds only a preference, rewritten on the next change).
    pub fn load(db: &Path) -> Config {
        std::fs::read(config_path(db))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    pub fn save(&self, db: &Path) -> Answer<()> {
        let mut json = serde_json::to_vec_pretty(self).expect("settings serialise");
        json.push(b'\n');
        Ok(cspdesk::files::write_atomically("updates", &config_path(db), &json, Some(db))?)
    }
}

fn config_path(db: &Path) -> PathBuf {
    db.with_file_name(CONFIG_FILE)
}

/// Whether the daily check should run now: only when the user opted in, and when the last
/// check is a day old or more (or there was none). A last check later than `now` (the clock
/// was set back since) does not hold the checks off until that time comes.
pub fn daily_check_due(daily: bool, last_check: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    daily
        && match last_check {
            None => true,
            Some(last) => last > now || now - last >= DAILY,
        }
}

/// The update found by the last check of this session, kept for "Install and restart".
#[derive(Default)]
pub struct Updates {
    found: Mutex<Option<Update>>,
    /// Held while a check or an install runs: they take turns.
    work: tauri::async_runtime::Mutex<()>,
}

/// A newer version on the server.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UpdateFound {
    pub version: String,
    /// The release notes, as written on the release.
    pub notes: Option<String>,
    /// When it was published (RFC 3339), if the server says.
    pub date: Option<String>,
}

/// Settings → Updates.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UpdateStatus {
    /// The running version.
    pub version: String,
    /// "Check once a day".
    pub daily: bool,
    /// When the app last asked the server (RFC 3339), answered or not.
    pub last_check: Option<String>,
    /// A newer version found by this session's last check (by hand or daily).
    pub available: Option<UpdateFound>,
}

fn found(update: &Update) -> UpdateFound {
    UpdateFound {
        version: update.version.clone(),
        notes: update.body.clone().filter(|n| !n.trim().is_empty()),
        date: update
            .date
            .and_then(|d| DateTime::from_timestamp(d.unix_timestamp(), 0))
            .map(rfc3339),
    }
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn status(app: &tauri::AppHandle, db: &Path) -> Answer<UpdateStatus> {
    let config = Config::load(db);
    let available = lock(&app.state::<Updates>().found)?.as_ref().map(found);
    Ok(UpdateStatus {
        version: app.package_info().version.to_string(),
        daily: config.daily,
        last_check: config.last_check.map(rfc3339),
        available,
    })
}

/// The server could not be reached, or did not answer with update information.
fn network(message: String) -> ApiError {
    ApiError { kind: ApiErrorKind::Network, message, field: None, problems: Vec::new() }
}

fn update_error(e: tauri_plugin_updater::Error) -> ApiError {
    use tauri_plugin_updater::Error as E;
    match e {
        E::Reqwest(_) | E::Network(_) | E::ReleaseNotFound => {
            network(format!("the update server could not be reached: {e}"))
        }
        other => ApiError::internal(format!("the update failed: {other}")),
    }
}

/// Asks the server once and remembers when (whatever the answer): None when this is the newest
/// version. The update found is kept for "Install and restart".
async fn check(app: &tauri::AppHandle, db: &Path) -> Answer<Option<UpdateFound>> {
    let updates = app.state::<Updates>();
    let _turn = updates.work.lock().await;
    let mut builder = app.updater_builder().timeout(TIMEOUT);
    if cfg!(debug_assertions) {
        if let Some(url) = std::env::var_os(TEST_ENDPOINT) {
            let url = url
                .to_string_lossy()
                .parse()
                .map_err(|e| ApiError::internal(format!("{TEST_ENDPOINT} is not a URL: {e}")))?;
            builder = builder.endpoints(vec![url]).map_err(update_error)?;
        }
    }
    let answer = match builder.build() {
        Ok(updater) => updater.check().await.map_err(update_error),
        Err(e) => Err(update_error(e)),
    };
    let config = Config { last_check: Some(Utc::now()), ..Config::load(db) };
    config.save(db)?;
    let update = answer?;
    let shown = update.as_ref().map(found);
    *lock(&updates.found)? = update;
    Ok(shown)
}

/// Starts the thread of the daily check; it asks the server only while the user opted in.
pub fn start(app: tauri::AppHandle) {
    std::thread::Builder::new()
        .name("updates".into())
        .spawn(move || loop {
            let db = app.state::<AppState>().db_path.clone();
            let config = Config::load(&db);
            if daily_check_due(config.daily, config.last_check, Utc::now()) {
                // What it finds shows in the status bar and Settings; a failure waits for the
                // next day (or the button).
                let _ = tauri::async_runtime::block_on(check(&app, &db));
            }
            std::thread::sleep(LOOK_EVERY);
        })
        .expect("the update thread starts");
}

#[tauri::command]
pub async fn update_status(state: State<'_, AppState>) -> Answer<UpdateStatus> {
    status(&state.app, &state.db_path)
}

/// "Check for updates": the newer version, or None when this one is the newest.
#[tauri::command]
pub async fn check_for_update(state: State<'_, AppState>) -> Answer<Option<UpdateFound>> {
    check(&state.app, &state.db_path).await
}

/// "Check once a day" ticked or not.
#[tauri::command]
pub async fn set_daily_update_check(
    state: State<'_, AppState>,
    daily: bool,
) -> Answer<UpdateStatus> {
    let config = Config { daily, ..Config::load(&state.db_path) };
    config.save(&state.db_path)?;
    status(&state.app, &state.db_path)
}

/// "Install and restart": downloads the update found, checks its signature against the public
/// key, installs it and starts the new version.
#[tauri::command]
pub async fn install_update(state: State<'_, AppState>) -> Answer<()> {
    let updates = state.app.state::<Updates>();
    let _turn = updates.work.lock().await;
    let update = lock(&updates.found)?
        .clone()
        .ok_or_else(|| ApiError::internal("no update was found to install; check again"))?;
    update.download_and_install(|_, _| {}, || {}).await.map_err(update_error)?;
    state.app.restart()
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::{daily_check_due, Config};

    #[test]
    fn the_daily_check_is_due_once_a_day_and_only_when_opted_in() {
        let now = Utc.with_ymd_and_hms(2026, 11, 30, 9, 0, 0).unwrap();
        let hours = |h: i64| Some(now - chrono::TimeDelta::hours(h));
        // Never without the user's yes, however long ago the last check was.
        assert!(!daily_check_due(false, None, now));
        assert!(!daily_check_due(false, hours(24 * 400), now));
        // Opted in: the first check at once, then once a day.
        assert!(daily_check_due(true, None, now));
        assert!(!daily_check_due(true, hours(0), now));
        assert!(!daily_check_due(true, hours(23), now));
        assert!(!daily_check_due(true, Some(now - chrono::TimeDelta::seconds(86_399)), now));
        assert!(daily_check_due(true, hours(24), now));
        assert!(daily_check_due(true, hours(24 * 30), now));
        // A last check "in the future" (the clock was set back) does not stop the checks.
        assert!(daily_check_due(true, Some(now + chrono::TimeDelta::days(300)), now));
    }

    #[test]
    fn the_settings_are_kept_beside_the_database_and_default_to_off() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("Åsa").join(crate::DB_FILE_NAME);
        std::fs::create_dir_all(db.parent().unwrap()).unwrap();
        assert_eq!(Config::load(&db), Config { daily: false, last_check: None });
        let when = Utc.with_ymd_and_hms(2026, 11, 30, 9, 25, 0).unwrap();
        let config = Config { daily: true, last_check: Some(when) };
        config.save(&db).unwrap();
        assert_eq!(Config::load(&db), config);
        let text = std::fs::read_to_string(db.with_file_name("updates.json")).unwrap();
        assert!(text.contains("\"lastCheck\": \"2026-11-30T09:25:00Z\""), "{text}");
        // A damaged file is the defaults: the check stays off until the user ticks it again.
        std::fs::write(db.with_file_name("updates.json"), b"{ not json").unwrap();
        assert_eq!(Config::load(&db), Config::default());
    }
}
