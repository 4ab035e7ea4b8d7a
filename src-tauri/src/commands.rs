//! The IPC commands. Each takes the state and its input, calls the core, and maps the result.
//! Register a new command in the table in `ipc.rs`.

use cspdesk::settings::{self, Language};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::error::ApiError;
use crate::state::AppState;

type Answer<T> = Result<T, ApiError>;

/// What the status bar and the About box show.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: String,
    pub db_path: String,
    pub db: cspdesk::info::DbInfo,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// The language in effect: the one chosen in Settings, else the OS language.
    pub language: Language,
    /// Whether the user chose it (false: it follows the OS).
    pub language_chosen: bool,
}

#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> Answer<AppInfo> {
    let (version, db_path) =
        (env!("CARGO_PKG_VERSION").to_owned(), state.db_path.display().to_string());
    let db = state.with_db(|db| cspdesk::info::db_info(db)).await?;
    Ok(AppInfo { version, db_path, db })
}

#[tauri::command]
pub async fn get_settings(state: State<'_, AppState>) -> Answer<Settings> {
    let chosen = state.with_db(|db| settings::language(db)).await?;
    Ok(Settings {
        language: chosen.unwrap_or(state.os_language),
        language_chosen: chosen.is_some(),
    })
}

#[tauri::command]
pub async fn set_language(state: State<'_, AppState>, language: Language) -> Answer<Settings> {
    state.with_db(move |db| settings::set_language(db, language)).await?;
    Ok(Settings { language, language_chosen: true })
}
