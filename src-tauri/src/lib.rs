//! CSP Desk desktop shell: a Tauri 2 window over the core library.
//!
//! This crate decides where the database lives, owns the one connection, and exposes the core
//! to the UI as IPC commands. Commands are a few lines each: they take input, call the core off
//! the main thread, and map errors to [`error::ApiError`]. The command table in [`ipc`] is also
//! the source of the UI's generated TypeScript bindings.

mod archive;
mod backups;
pub mod bindings;
mod commands;
pub mod desk;
pub mod error;
pub mod ipc;
mod privacy;
pub mod state;
pub mod updates;

use tauri::Manager;

/// The database file name inside the app-data folder.
pub const DB_FILE_NAME: &str = "cspdesk.sqlite3";

pub fn run() {
    tauri::Builder::default()
        // First, so a second launch hands over to the running app and exits.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.set_focus();
            }
        }))
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        // Settings → Updates: used only from the app's own commands (`updates`), never the UI.
        .plugin(tauri_plugin_updater::Builder::new().build())
        .setup(|app| {
            let path = state::data_dir(app.handle())?.join(DB_FILE_NAME);
            app.manage(state::AppState::new(&path, app.handle().clone()));
            app.manage(updates::Updates::default());
            updates::start(app.handle().clone());
            // The desk opens after the window shows: the copy before an upgrade of a large
            // desk, or a team server that does not answer, takes seconds. The first backup
            // waits for it.
            let handle = app.handle().clone();
            std::thread::Builder::new().name("open the desk".into()).spawn(move || {
                handle.state::<state::AppState>().open_desk();
                backups::start(handle);
            })?;
            Ok(())
        })
        .invoke_handler(ipc::handler())
        .run(tauri::generate_context!())
        .expect("the desktop shell failed to start");
}
