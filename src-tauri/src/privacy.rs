//! Customers → a contact → "Request about this person": what is held (on screen and as a PDF),
//! anonymise, or erase with their calls (`cspdesk::privacy`).

use cspdesk::privacy::{self, Erased, PersonRecord};
use cspdesk::settings::Language;
use tauri::State;

use crate::commands::{save_as, Answer, Id};
use crate::state::AppState;

#[tauri::command]
pub async fn person_record(state: State<'_, AppState>, contact: Id) -> Answer<PersonRecord> {
    state.with_db(move |db| privacy::person_record(db, contact.0)).await
}

/// Saves what is held about `contact` as a PDF (default language: the customer's).
#[tauri::command]
pub async fn export_person_pdf(
    state: State<'_, AppState>,
    contact: Id,
    language: Option<Language>,
) -> Answer<Option<String>> {
    let now = chrono::Utc::now();
    let made = state
        .with_db(move |db| {
            privacy::person_pdf(db, contact.0, language, cspdesk::terms::Paper::A4, now)
        })
        .await?;
    save_as(&state, &made.file_name, "PDF", made.rendered.bytes).await
}

#[tauri::command]
pub async fn anonymise_person(
    state: State<'_, AppState>,
    contact: Id,
    redact: bool,
) -> Answer<Erased> {
    let now = chrono::Utc::now();
    // A report's snapshot would keep the erased text in the write-ahead log (see `Db::scrub`).
    state.close_reader().await?;
    state.with_db(move |db| privacy::anonymise(db, contact.0, redact, now)).await
}

#[tauri::command]
pub async fn erase_person(state: State<'_, AppState>, contact: Id, redact: bool) -> Answer<Erased> {
    let now = chrono::Utc::now();
    state.close_reader().await?;
    state.with_db(move |db| privacy::erase_with_calls(db, contact.0, redact, now)).await
}
