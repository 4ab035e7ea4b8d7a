//! The IPC commands. Each takes the state and its input, calls the core, and maps the result.
//! Register a new command in the table in `ipc.rs`.

use cspdesk::calls::{self, Action, CallDetail, CallFilter, CallRow, Hint, NewCall};
use cspdesk::customers::{self, CallChoices, Customer, CustomerPick, CustomerSummary};
use cspdesk::db::copy::TableCopy;
use cspdesk::db::server::{Probe, Server};
use cspdesk::holidays::Country;
use cspdesk::offering::{
    self as offering, ClosedDayView, Plan, PlanSummary, Profile, ServiceHours,
};
use cspdesk::problem::Problem;
use cspdesk::settings::{self, Language};
use cspdesk::team::{self, Added, Person, Role};
use cspdesk::terms::{self, Choices, Request};
use serde::{Deserialize, Serialize};
use tauri::State;
use ts_rs::TS;

use crate::error::ApiError;
use crate::state::{blocking, lock, AppState};
// Settings → Backups (the commands and their `#[tauri::command]` helpers, for the table in `ipc.rs`).
pub use crate::backups::*;
// Settings → Your data → Export everything.
pub use crate::archive::*;
// Customers → a contact → a request about the person.
pub use crate::privacy::*;
// Settings → Updates.
pub use crate::updates::*;

pub(crate) type Answer<T> = Result<T, ApiError>;

/// A database row id. A plain number in TypeScript (ids stay far below 2^53).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(transparent)]
#[ts(type = "number")]
pub struct Id(pub i64);

/// What the status bar and the About box show.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: String,
    pub db_path: String,
    /// Whether the desk is on a team server (else this computer's file).
    pub team_server: bool,
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
    let server = state.server();
    let team_server = server.is_some();
    let db_path = match server {
        Some(server) => server.url(),
        None => state.db_path.display().to_string(),
    };
    let version = env!("CARGO_PKG_VERSION").to_owned();
    let db = state.with_db(|db| cspdesk::info::db_info(db)).await?;
    Ok(AppInfo { version, db_path, team_server, db })
}

/// What the window can say before the desk is open, in the computer's language.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Starting {
    /// The computer's language (the desk's own setting is read once it is open).
    pub language: Language,
    /// The schema of the desk file when the app started, if opening it upgrades it (a copy of
    /// it is made first).
    pub upgrading_from: Option<Int>,
}

/// Answers at once, also while the desk is being opened.
#[tauri::command]
pub async fn starting(state: State<'_, AppState>) -> Answer<Starting> {
    Ok(Starting {
        language: state.os.language,
        upgrading_from: state.upgrading_from().map(|v| Int(i64::from(v))),
    })
}

/// A whole number that is not an id (minutes, an amount in minor units): a plain number in
/// TypeScript (the values stay far below 2^53).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(transparent)]
#[ts(type = "number")]
pub struct Int(pub i64);

/// A mark that changes when someone else changed the desk (see `Db::others_changes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(transparent)]
#[ts(type = "number")]
pub struct ChangeMark(pub i64);

#[tauri::command]
pub async fn others_changes(state: State<'_, AppState>) -> Answer<ChangeMark> {
    // Asked every second: a desk file that failed to open is not tried again each time.
    state
        .with_db_reopening(crate::state::Reopen::ServerOnly, |db| {
            db.others_changes().map(ChangeMark)
        })
        .await
}

#[tauri::command]
pub async fn first_steps(state: State<'_, AppState>) -> Answer<cspdesk::info::FirstSteps> {
    state.with_db(|db| cspdesk::info::first_steps(db)).await
}

#[tauri::command]
pub async fn get_settings(state: State<'_, AppState>) -> Answer<Settings> {
    let chosen = state.with_db(|db| settings::language(db)).await?;
    Ok(Settings {
        language: chosen.unwrap_or(state.os.language),
        language_chosen: chosen.is_some(),
    })
}

#[tauri::command]
pub async fn set_language(state: State<'_, AppState>, language: Language) -> Answer<Settings> {
    state.with_db(move |db| settings::set_language(db, language)).await?;
    Ok(Settings { language, language_chosen: true })
}

#[tauri::command]
pub async fn get_profile(state: State<'_, AppState>) -> Answer<Profile> {
    state.with_db(|db| offering::load_profile(db)).await
}

#[tauri::command]
pub async fn save_profile(state: State<'_, AppState>, profile: Profile) -> Answer<Profile> {
    let now = chrono::Utc::now();
    state
        .with_db(move |db| {
            offering::save_profile(db, &profile, now).and_then(|()| offering::load_profile(db))
        })
        .await
}

#[tauri::command]
pub async fn check_profile(_state: State<'_, AppState>, profile: Profile) -> Answer<Vec<Problem>> {
    Ok(profile.problems())
}

#[tauri::command]
pub async fn list_plans(state: State<'_, AppState>) -> Answer<Vec<PlanSummary>> {
    state.with_db(|db| offering::list_plans(db)).await
}

#[tauri::command]
pub async fn get_plan(state: State<'_, AppState>, id: Id) -> Answer<Plan> {
    state.with_db(move |db| offering::load_plan(db, id.0)).await
}

/// Warnings about a plan (it can still be saved): see `offering::plan_warnings`.
#[tauri::command]
pub async fn plan_warnings(state: State<'_, AppState>, plan: Plan) -> Answer<Vec<Problem>> {
    state.with_db(move |db| Ok(offering::plan_warnings(&offering::load_profile(db)?, &plan))).await
}

/// A new plan, not yet saved and not named, starting from the partner's own settings.
#[tauri::command]
pub async fn new_plan(state: State<'_, AppState>) -> Answer<Plan> {
    let defaults = state.os.plan.clone();
    state.with_db(move |db| offering::new_plan(db, &defaults)).await
}

#[tauri::command]
pub async fn check_plan(
    state: State<'_, AppState>,
    id: Option<Id>,
    plan: Plan,
) -> Answer<Vec<Problem>> {
    state.with_db(move |db| offering::check_plan(db, id.map(|i| i.0), &plan)).await
}

#[tauri::command]
pub async fn save_plan(state: State<'_, AppState>, id: Option<Id>, plan: Plan) -> Answer<Id> {
    let now = chrono::Utc::now();
    state.with_db(move |db| offering::save_plan(db, id.map(|i| i.0), &plan, now).map(Id)).await
}

#[tauri::command]
pub async fn duplicate_plan(state: State<'_, AppState>, id: Id) -> Answer<Id> {
    let now = chrono::Utc::now();
    state.with_db(move |db| offering::duplicate_plan(db, id.0, now).map(Id)).await
}

#[tauri::command]
pub async fn set_plan_archived(state: State<'_, AppState>, id: Id, archived: bool) -> Answer<()> {
    let now = chrono::Utc::now();
    state.with_db(move |db| offering::set_plan_archived(db, id.0, archived, now)).await
}

#[tauri::command]
pub async fn delete_plan(state: State<'_, AppState>, id: Id) -> Answer<()> {
    state.with_db(move |db| offering::delete_plan(db, id.0)).await
}

/// The next ten closed days of `hours` from today, named in `language`.
#[tauri::command]
pub async fn preview_closed_days(
    _state: State<'_, AppState>,
    hours: ServiceHours,
    language: Language,
) -> Answer<Vec<ClosedDayView>> {
    let today = chrono::Local::now().date_naive();
    let until = offering::one_year_after(offering::one_year_after(today));
    Ok(offering::upcoming_closed_days(&hours, today, until, 10, language))
}

/// The customary days a plan on `country`'s calendar may close or shorten, named in `language`.
#[tauri::command]
pub async fn customary_days(
    _state: State<'_, AppState>,
    country: Country,
    language: Language,
) -> Answer<Vec<offering::CustomaryChoice>> {
    Ok(offering::customary_choices(country, language))
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TermsPreview {
    /// The PDF, base64: exactly the bytes an export writes.
    pub pdf: String,
    pub pages: u32,
    /// Characters the font cannot print; shown as a warning.
    pub missing_glyphs: String,
    pub file_name: String,
    /// Field paths of the plan's texts missing in the sheet's language (printed in the other).
    pub missing_texts: Vec<String>,
}

#[tauri::command]
pub async fn terms_choices(state: State<'_, AppState>) -> Answer<Choices> {
    state.with_db(|db| terms::choices(db)).await
}

#[tauri::command]
pub async fn preview_terms(state: State<'_, AppState>, request: Request) -> Answer<TermsPreview> {
    use base64::Engine;
    let made = state.with_db(move |db| terms::make(db, &request)).await?;
    Ok(TermsPreview {
        pdf: base64::engine::general_purpose::STANDARD.encode(&made.rendered.bytes),
        pages: made.rendered.pages as u32,
        missing_glyphs: made.rendered.missing_glyphs.iter().collect(),
        file_name: made.file_name,
        missing_texts: made.missing_texts,
    })
}

/// Asks where to save (a native dialog) and writes the PDF (through a temporary file; the
/// database itself is refused as a target). Returns the path, or None when the user cancelled.
#[tauri::command]
pub async fn export_terms(state: State<'_, AppState>, request: Request) -> Answer<Option<String>> {
    let made = state.with_db(move |db| terms::make(db, &request)).await?;
    save_as(&state, &made.file_name, "PDF", made.rendered.bytes).await
}

/// Asks where to save `bytes` (a native dialog proposing `name`, offering files of `kind`: "PDF"
/// or "CSV") and writes them whole, through a temporary file, never onto the database. The file
/// is the one `open_exported` opens. Returns the path, or None when the user cancelled.
pub(crate) async fn save_as(
    state: &AppState,
    name: &str,
    kind: &str,
    bytes: Vec<u8>,
) -> Answer<Option<String>> {
    let Some(path) = choose_save_path(state, name, kind).await? else { return Ok(None) };
    let (dest, database) = (path.clone(), state.db_path.clone());
    blocking(move || Ok(cspdesk::files::write_atomically("file", &dest, &bytes, Some(&database))?))
        .await?;
    *lock(&state.last_export)? = Some(path.clone());
    Ok(Some(path.display().to_string()))
}

/// The file to save `name` as, from the system's Save dialog (`kind`: "PDF", "CSV", "JSON");
/// `None` when cancelled. A debug build run with `CSPDESK_E2E_SAVE_DIR` saves into that folder
/// under `name` without asking (see [`chosen_path`]).
pub(crate) async fn choose_save_path(
    state: &AppState,
    name: &str,
    kind: &str,
) -> Answer<Option<std::path::PathBuf>> {
    use tauri_plugin_dialog::DialogExt;
    let test = test_answer("CSPDESK_E2E_SAVE_DIR").map(|dir| dir.join(name));
    let extension = kind.to_ascii_lowercase();
    let dialog =
        state.app.dialog().file().set_file_name(name).add_filter(kind, &[extension.as_str()]);
    chosen_path(test, move || dialog.blocking_save_file()).await
}

/// What the end-to-end tests answer for a native dialog, which they cannot click: the path in
/// the environment variable `var`, in debug builds only.
pub(crate) fn test_answer(var: &str) -> Option<std::path::PathBuf> {
    if cfg!(debug_assertions) {
        std::env::var_os(var).map(std::path::PathBuf::from)
    } else {
        None
    }
}

/// The path chosen in a native dialog: `ask` shows it on a worker thread, since it waits for
/// the user (the async runtime's threads must not); `test` answers instead when given. `None`
/// when the user cancelled.
pub(crate) async fn chosen_path(
    test: Option<std::path::PathBuf>,
    ask: impl FnOnce() -> Option<tauri_plugin_dialog::FilePath> + Send + 'static,
) -> Answer<Option<std::path::PathBuf>> {
    if let Some(path) = test {
        return Ok(Some(path));
    }
    blocking(move || match ask() {
        None => Ok(None),
        Some(chosen) => chosen
            .into_path()
            .map(Some)
            .map_err(|e| ApiError::internal(format!("the chosen path: {e}"))),
    })
    .await
}

/// Opens the file the last export wrote (a PDF or a CSV) in the program the system opens it with.
#[tauri::command]
pub async fn open_exported(state: State<'_, AppState>) -> Answer<()> {
    use tauri_plugin_opener::OpenerExt;
    let path = lock(&state.last_export)?.clone();
    let path = path.ok_or_else(|| ApiError::internal("nothing has been exported yet"))?;
    state
        .app
        .opener()
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|e| ApiError::storage(format!("{} could not be opened: {e}", path.display())))
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CallActionResult {
    pub call: CallDetail,
    pub hints: Vec<Hint>,
}

#[tauri::command]
pub async fn list_customers(
    state: State<'_, AppState>,
    include_archived: bool,
) -> Answer<Vec<CustomerSummary>> {
    state.with_db(move |db| customers::list_customers(db, include_archived, 10_000, 0)).await
}

#[tauri::command]
pub async fn get_customer(state: State<'_, AppState>, id: Id) -> Answer<Customer> {
    state.with_db(move |db| customers::get_customer(db, id.0)).await
}

#[tauri::command]
pub async fn save_customer(
    state: State<'_, AppState>,
    id: Option<Id>,
    customer: Customer,
) -> Answer<Id> {
    let now = chrono::Utc::now();
    state
        .with_db(move |db| match id {
            Some(id) => customers::update_customer(db, id.0, &customer, now).map(|()| id),
            None => customers::add_customer(db, &customer, now).map(Id),
        })
        .await
}

#[tauri::command]
pub async fn set_customer_archived(
    state: State<'_, AppState>,
    id: Id,
    archived: bool,
) -> Answer<()> {
    let now = chrono::Utc::now();
    state.with_db(move |db| customers::set_customer_archived(db, id.0, archived, now)).await
}

/// The problems of a customer as typed, without saving (checked as the user types).
#[tauri::command]
pub async fn check_customer(
    _state: State<'_, AppState>,
    customer: Customer,
) -> Answer<Vec<Problem>> {
    Ok(customer.problems())
}

#[tauri::command]
pub async fn customer_picks(state: State<'_, AppState>) -> Answer<Vec<CustomerPick>> {
    state.with_db(|db| customers::picks(db)).await
}

#[tauri::command]
pub async fn call_choices(state: State<'_, AppState>, customer: Id) -> Answer<CallChoices> {
    state.with_db(move |db| customers::call_choices(db, customer.0)).await
}

#[tauri::command]
pub async fn severity_codes(state: State<'_, AppState>) -> Answer<Vec<String>> {
    state.with_db(|db| customers::severity_codes(db)).await
}

#[tauri::command]
pub async fn list_calls(
    state: State<'_, AppState>,
    filter: CallFilter,
    limit: u32,
    offset: u32,
) -> Answer<Vec<CallRow>> {
    let now = chrono::Utc::now();
    state.with_db(move |db| calls::list_calls(db, &filter, now, limit.min(500), offset)).await
}

#[tauri::command]
pub async fn get_call(state: State<'_, AppState>, id: Id) -> Answer<CallDetail> {
    let now = chrono::Utc::now();
    state.with_db(move |db| calls::get_call(db, id.0, now)).await
}

#[tauri::command]
pub async fn log_call(state: State<'_, AppState>, call: NewCall) -> Answer<Id> {
    let now = chrono::Utc::now();
    state.with_db(move |db| calls::log_call(db, &call, now).map(Id)).await
}

#[tauri::command]
pub async fn call_action(
    state: State<'_, AppState>,
    id: Id,
    action: Action,
    seen: Option<u32>,
) -> Answer<CallActionResult> {
    let now = chrono::Utc::now();
    state
        .with_db(move |db| {
            let hints = calls::apply_seen(
                db,
                id.0,
                seen.map(i64::from),
                std::slice::from_ref(&action),
                now,
                now,
            )?;
            Ok(CallActionResult { call: calls::get_call(db, id.0, now)?, hints })
        })
        .await
}

/// Every IANA time zone, for the plan editor's picker.
#[tauri::command]
pub async fn time_zones(_state: State<'_, AppState>) -> Answer<Vec<String>> {
    Ok(chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name().to_owned()).collect())
}

/// Who is signed in, and whether they may change the offering and the team.
#[tauri::command]
pub async fn whoami(state: State<'_, AppState>) -> Answer<Person> {
    state.with_db(|db| db.me().cloned()).await
}

#[tauri::command]
pub async fn team_list(state: State<'_, AppState>) -> Answer<Vec<Person>> {
    state.with_db(|db| team::list(db)).await
}

/// A person added from the Team screen, and the first password made for them: shown once,
/// for the owner to hand over; `None` when the login already existed on the server.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TeamAdded {
    pub added: Added,
    pub password: Option<String>,
}

/// Adds a technician or an owner. A new login gets a generated first password.
#[tauri::command]
pub async fn team_add(
    state: State<'_, AppState>,
    login: String,
    name: String,
    role: Role,
) -> Answer<TeamAdded> {
    state
        .with_db(move |db| {
            let password = if team::login_exists(db, &login)? {
                None
            } else {
                let mut random = [0u8; 20];
                getrandom::fill(&mut random).map_err(|e| {
                    cspdesk::Error::Database(format!("no random numbers for a password: {e}"))
                })?;
                Some(team::generated_password(&random))
            };
            let added = team::add(db, &login, &name, role, password.as_deref())?;
            let password = password.filter(|_| added.login_created);
            Ok(TeamAdded { added, password })
        })
        .await
}

#[tauri::command]
pub async fn team_disable(state: State<'_, AppState>, login: String) -> Answer<Person> {
    let now = chrono::Utc::now();
    state.with_db(move |db| team::disable(db, &login, now)).await
}

/// Lets a disabled person work again.
#[tauri::command]
pub async fn team_enable(state: State<'_, AppState>, login: String) -> Answer<Person> {
    state.with_db(move |db| team::enable(db, &login)).await
}

/// The name the signed-in person is shown by.
#[tauri::command]
pub async fn set_my_name(state: State<'_, AppState>, name: String) -> Answer<Person> {
    state.with_db(move |db| team::set_my_name(db, &name)).await
}

/// Where the desk is: Settings → Database.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DatabaseView {
    /// This computer's own database file.
    pub file: String,
    /// The team server in use instead, if any.
    pub server: Option<Server>,
    /// Whether the credential store keeps the server's password (else it is asked for at start).
    pub password_saved: bool,
    /// Why the desk is not open right now (the server cannot be reached, say), if it is not.
    pub failure: Option<String>,
}

fn database_view(state: &AppState) -> DatabaseView {
    let server = state.server();
    DatabaseView {
        file: state.db_path.display().to_string(),
        password_saved: server.as_ref().is_some_and(|s| crate::desk::saved_password(s).is_some()),
        server,
        failure: state.failure(),
    }
}

#[tauri::command]
pub async fn database_settings(state: State<'_, AppState>) -> Answer<DatabaseView> {
    Ok(database_view(&state))
}

/// "Test connection": what is on the server, changing nothing.
#[tauri::command]
pub async fn test_connection(
    _state: State<'_, AppState>,
    server: Server,
    password: Option<String>,
) -> Answer<Probe> {
    cspdesk::Error::check(server.problems())?;
    blocking(move || Ok(cspdesk::db::probe(&server.url(), password.as_deref())?)).await
}

/// The folder of the app's own database file, where `desk.json` lives.
fn data_folder(state: &AppState) -> std::path::PathBuf {
    state.db_path.parent().unwrap_or(std::path::Path::new(".")).to_path_buf()
}

/// What connecting to a team server did with the password.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Connected {
    pub database: DatabaseView,
    /// Why the credential store did not keep the password, when it was asked to and could not.
    pub password_not_saved: Option<String>,
}

/// Works on the team server from now on (and at the next start): connects (setting up an empty
/// database), keeps the choice in `desk.json` and, if `remember`, the password in the
/// operating system's credential store.
#[tauri::command]
pub async fn connect_server(
    state: State<'_, AppState>,
    server: Server,
    password: Option<String>,
    remember: bool,
) -> Answer<Connected> {
    cspdesk::Error::check(server.problems())?;
    let defaults = state.os.plan.clone();
    let team = (server.clone(), password.clone());
    let path = state.db_path.clone();
    let db = blocking(move || crate::state::open_db(&path, Some(&team), &defaults)).await?;
    crate::desk::write_choice(&data_folder(&state), Some(&server))?;
    let password_not_saved = match (&password, remember) {
        (Some(password), true) => crate::desk::save_password(&server, password).err(),
        _ => {
            crate::desk::forget_password(&server);
            None
        }
    };
    state.switch(db, Some((server, password)))?;
    Ok(Connected { database: database_view(&state), password_not_saved })
}

/// What moving the desk to a team server did.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Moved {
    pub connected: Connected,
    /// Each table copied: its rows and checksum, equal on both sides.
    pub tables: Vec<TableCopy>,
}

/// "Move this desk to a team server": copies everything in this computer's file to an empty
/// server database (one transaction there, each table verified; the file stays as it was),
/// then works on the server, as [`connect_server`] does.
#[tauri::command]
pub async fn move_desk_to_server(
    state: State<'_, AppState>,
    server: Server,
    password: Option<String>,
    remember: bool,
) -> Answer<Moved> {
    cspdesk::Error::check(server.problems())?;
    let (path, url, pw) = (state.db_path.clone(), server.url(), password.clone());
    let tables = blocking(move || {
        let from = cspdesk::Db::open_existing(&path)?;
        let mut to = cspdesk::Db::connect(&url, pw.as_deref())?;
        Ok(cspdesk::db::copy::copy(&from, &mut to)?)
    })
    .await?;
    let connected = connect_server(state, server, password, remember).await?;
    Ok(Moved { connected, tables })
}

/// Works on this computer's own file again; the server and its saved password are forgotten.
#[tauri::command]
pub async fn use_local_file(state: State<'_, AppState>) -> Answer<DatabaseView> {
    let defaults = state.os.plan.clone();
    let path = state.db_path.clone();
    let db = blocking(move || crate::state::open_db(&path, None, &defaults)).await?;
    crate::desk::write_choice(&data_folder(&state), None)?;
    if let Some(server) = state.server() {
        crate::desk::forget_password(&server);
    }
    state.switch(db, None)?;
    Ok(database_view(&state))
}

fn month(text: &str) -> Result<cspdesk::billing::Month, ApiError> {
    Ok(cspdesk::billing::Month::parse("month", text)?)
}

/// Month end: the invoice bases of a month and where closing stands.
#[tauri::command]
pub async fn billing_month(
    state: State<'_, AppState>,
    month: String,
) -> Answer<cspdesk::billing::BillingMonth> {
    let m = self::month(&month)?;
    state.with_db(move |db| cspdesk::billing::billing_month(db, m)).await
}

/// Closes the month (and earlier open months); returns the months closed.
#[tauri::command]
pub async fn close_month(state: State<'_, AppState>, month: String) -> Answer<Vec<String>> {
    let m = self::month(&month)?;
    let now = chrono::Utc::now();
    let closed = state.with_db(move |db| cspdesk::billing::close_month(db, m, now)).await?;
    Ok(closed.iter().map(ToString::to_string).collect())
}

#[tauri::command]
pub async fn reopen_month(state: State<'_, AppState>, month: String, reason: String) -> Answer<()> {
    let m = self::month(&month)?;
    let now = chrono::Utc::now();
    state.with_db(move |db| cspdesk::billing::reopen_month(db, m, &reason, now)).await
}

#[tauri::command]
pub async fn billing_settings(
    state: State<'_, AppState>,
) -> Answer<cspdesk::billing::BillingSettings> {
    state.with_db(|db| cspdesk::billing::billing_settings(db)).await
}

#[tauri::command]
pub async fn save_billing_settings(
    state: State<'_, AppState>,
    settings: cspdesk::billing::BillingSettings,
) -> Answer<cspdesk::billing::BillingSettings> {
    state
        .with_db(move |db| {
            cspdesk::billing::save_billing_settings(db, &settings)?;
            cspdesk::billing::billing_settings(db)
        })
        .await
}

/// Asks where to save and writes the month's invoice basis as CSV in `language` (Swedish:
/// `;` and decimal comma). Returns the path, or None when the user cancelled.
#[tauri::command]
pub async fn export_billing_csv(
    state: State<'_, AppState>,
    month: String,
    language: Language,
) -> Answer<Option<String>> {
    let m = self::month(&month)?;
    let bases = state.with_db(move |db| cspdesk::billing::month_bases(db, m)).await?;
    let bytes = cspdesk::billing::basis_csv(&bases, language);
    let name = match language {
        Language::Sv => format!("fakturaunderlag-{m}.csv"),
        Language::En => format!("invoice-basis-{m}.csv"),
    };
    save_as(&state, &name, "CSV", bytes).await
}

/// Records a block bought (default: the plan's block).
#[tauri::command]
pub async fn add_block(
    state: State<'_, AppState>,
    customer: Id,
    month: String,
    hours: Option<u32>,
    price: Option<Int>,
) -> Answer<()> {
    let m = self::month(&month)?;
    let now = chrono::Utc::now();
    let price = price.map(|p| p.0);
    state
        .with_db(move |db| {
            cspdesk::billing::add_block(db, customer.0, m, hours, price, now).map(drop)
        })
        .await
}

/// Adds (or, negative, takes away) minutes of a customer's block, with the reason.
#[tauri::command]
pub async fn adjust_block(
    state: State<'_, AppState>,
    customer: Id,
    month: String,
    minutes: Int,
    reason: String,
) -> Answer<()> {
    let m = self::month(&month)?;
    let now = chrono::Utc::now();
    state
        .with_db(move |db| {
            cspdesk::billing::adjust_block(db, customer.0, m, minutes.0, &reason, now).map(drop)
        })
        .await
}

/// Asks where to save and writes one customer's invoice basis for the month as a PDF, in
/// `language` (default: the customer's). Returns the path, or None when the user cancelled.
#[tauri::command]
pub async fn export_basis_pdf(
    state: State<'_, AppState>,
    customer: Id,
    month: String,
    language: Option<Language>,
    paper: cspdesk::terms::Paper,
) -> Answer<Option<String>> {
    let m = self::month(&month)?;
    let made = state
        .with_db(move |db| cspdesk::billing::pdf::basis_pdf(db, customer.0, m, language, paper))
        .await?;
    save_as(&state, &made.file_name, "PDF", made.rendered.bytes).await
}

/// A customer's licensed users from a month on.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UsersFrom {
    pub from: String,
    pub users: u32,
}

/// The customer's licensed users over time, oldest first.
#[tauri::command]
pub async fn licensed_users(state: State<'_, AppState>, customer: Id) -> Answer<Vec<UsersFrom>> {
    let rows = state.with_db(move |db| customers::licensed_users(db, customer.0)).await?;
    Ok(rows.into_iter().map(|(m, users)| UsersFrom { from: m.to_string(), users }).collect())
}

/// Sets the customer's licensed users from `from` on.
#[tauri::command]
pub async fn set_licensed_users(
    state: State<'_, AppState>,
    customer: Id,
    from: String,
    users: u32,
) -> Answer<Vec<UsersFrom>> {
    let from = cspdesk::billing::Month::parse("from", &from)?;
    let rows = state
        .with_db(move |db| {
            customers::set_licensed_users(db, customer.0, from, users)?;
            customers::licensed_users(db, customer.0)
        })
        .await?;
    Ok(rows.into_iter().map(|(m, users)| UsersFrom { from: m.to_string(), users }).collect())
}

/// The SLA report for the months `from` to `to`, one customer or all.
#[tauri::command]
pub async fn sla_report(
    state: State<'_, AppState>,
    from: String,
    to: String,
    customer: Option<Id>,
) -> Answer<cspdesk::reports::SlaReport> {
    let (from, to) = (
        cspdesk::billing::Month::parse("from", &from)?,
        cspdesk::billing::Month::parse("to", &to)?,
    );
    let now = chrono::Utc::now();
    state
        .with_reader(move |db| {
            cspdesk::reports::sla_report(db, from, to, customer.map(|c| c.0), now)
        })
        .await
}

/// The workload report for the months `from` to `to`, one customer or all.
#[tauri::command]
pub async fn workload_report(
    state: State<'_, AppState>,
    from: String,
    to: String,
    customer: Option<Id>,
) -> Answer<cspdesk::reports::WorkloadReport> {
    let (from, to) = (
        cspdesk::billing::Month::parse("from", &from)?,
        cspdesk::billing::Month::parse("to", &to)?,
    );
    state
        .with_reader(move |db| {
            cspdesk::reports::workload_report(db, from, to, customer.map(|c| c.0))
        })
        .await
}

/// Asks where to save and writes the customer's monthly service report as a PDF, in
/// `language` (default: the customer's). Returns the path, or None when the user cancelled.
#[tauri::command]
pub async fn export_service_report(
    state: State<'_, AppState>,
    customer: Id,
    month: String,
    language: Option<Language>,
    paper: cspdesk::terms::Paper,
) -> Answer<Option<String>> {
    let m = self::month(&month)?;
    let now = chrono::Utc::now();
    let made = state
        .with_db(move |db| {
            cspdesk::reports::service::service_report_pdf(db, customer.0, m, language, paper, now)
        })
        .await?;
    save_as(&state, &made.file_name, "PDF", made.rendered.bytes).await
}

/// Where a block customer's hours stand this month, with the plan's low-balance warning;
/// null when the customer's plan is not a block.
#[tauri::command]
pub async fn block_status(
    state: State<'_, AppState>,
    customer: Id,
) -> Answer<Option<cspdesk::billing::BlockStatus>> {
    let now = chrono::Utc::now();
    state.with_db(move |db| cspdesk::billing::block_status(db, customer.0, now)).await
}
