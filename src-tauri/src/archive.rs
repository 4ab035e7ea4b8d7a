//! Settings → Your data → "Export everything": the whole desk as one archive file
//! (`cspdesk::db::archive`), written piece by piece to a temporary file beside the one chosen
//! and renamed, so a large desk is never held in memory. Importing an archive fills an empty
//! desk, which is the CLI's job (`cspdesk archive import`), not a button next to live data.

use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::error::ApiError;
use crate::state::AppState;

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ArchiveExported {
    pub path: String,
    #[ts(type = "number")]
    pub rows: u64,
    pub tables: u32,
}

/// Asks where, then writes the archive there; `None` when the dialog is cancelled.
#[tauri::command]
pub async fn export_archive(
    state: State<'_, AppState>,
) -> Result<Option<ArchiveExported>, ApiError> {
    let name = format!("cspdesk-archive-{}.json", chrono::Local::now().format("%Y-%m-%d"));
    let Some(path) = crate::commands::choose_save_path(&state, &name, "JSON").await? else {
        return Ok(None);
    };
    let (dest, database) = (path.clone(), state.db_path.clone());
    let summary = state
        .with_db(move |db| {
            cspdesk::files::write_atomically_with("file", &dest, Some(&database), |out| {
                cspdesk::db::archive::export(db, out)
            })
        })
        .await?;
    Ok(Some(ArchiveExported {
        path: path.display().to_string(),
        rows: summary.tables.iter().map(|t| t.rows).sum(),
        tables: summary.tables.len() as u32,
    }))
}
