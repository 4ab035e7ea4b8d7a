//! The IPC commands. Each takes the state and its input, calls the core, and maps the result.
//! Register a new command in the table in `ipc.rs`.

use cspdesk::calls::{self, CallDetail, CallFilter, CallRow, Escalation, Hint, NewCall, Status};
use cspdesk::customers::{self, Customer, CustomerSummary};
use cspdesk::offering::{
    self as offering, ClosedDayView, Plan, PlanSummary, Profile, ServiceHours,
};
use cspdesk::problem::Problem;
use cspdesk::settings::{self, Language};
use cspdesk::terms::{Paper, Source};
use serde::{Deserialize, Serialize};
use tauri::State;
use ts_rs::TS;

use crate::error::ApiError;
use crate::state::AppState;

type Answer<T> = Result<T, ApiError>;

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
    state
        .with_db(move |db| {
            offering::save_profile(db, &profile).and_then(|()| offering::load_profile(db))
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

/// A new plan with the computer's defaults, not yet saved and not named.
#[tauri::command]
pub async fn new_plan(state: State<'_, AppState>) -> Answer<Plan> {
    let language = state.with_db(|db| settings::language(db)).await?.unwrap_or(state.os.language);
    let defaults = offering::Defaults { language, ..state.os.plan.clone() };
    Ok(Plan { name: String::new(), is_default: false, ..offering::default_plan(&defaults) })
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

/// A customer the terms sheet can be made for.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CustomerChoice {
    pub id: Id,
    pub name: String,
}

/// What the Terms sheet screen offers to choose from.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TermsChoices {
    pub plans: Vec<PlanSummary>,
    pub customers: Vec<CustomerChoice>,
    pub document_language: Language,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TermsRequest {
    pub source: Source,
    pub language: Language,
    pub paper: Paper,
    /// YYYY-MM-DD
    pub effective: String,
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
}

#[tauri::command]
pub async fn terms_choices(state: State<'_, AppState>) -> Answer<TermsChoices> {
    state
        .with_db(|db| {
            let customers = db
                .conn()
                .prepare(
                    "SELECT id, name FROM customer WHERE archived = 0 ORDER BY name COLLATE NOCASE",
                )?
                .query_map([], |r| Ok(CustomerChoice { id: Id(r.get(0)?), name: r.get(1)? }))?
                .collect::<rusqlite::Result<_>>()?;
            let plans = offering::list_plans(db)?.into_iter().filter(|p| !p.archived).collect();
            let document_language = offering::load_profile(db)?.document_language;
            Ok(TermsChoices { plans, customers, document_language })
        })
        .await
}

#[tauri::command]
pub async fn preview_terms(
    state: State<'_, AppState>,
    request: TermsRequest,
) -> Answer<TermsPreview> {
    use base64::Engine;
    let (rendered, file_name) = state.with_db(move |db| render_terms(db, &request)).await?;
    Ok(TermsPreview {
        pdf: base64::engine::general_purpose::STANDARD.encode(&rendered.bytes),
        pages: rendered.pages as u32,
        missing_glyphs: rendered.missing_glyphs.iter().collect(),
        file_name,
    })
}

/// Asks where to save (a native dialog) and writes the PDF. Returns the path, or None when the
/// user cancelled.
#[tauri::command]
pub async fn export_terms(
    state: State<'_, AppState>,
    request: TermsRequest,
) -> Answer<Option<String>> {
    use tauri_plugin_dialog::DialogExt;
    let (rendered, file_name) = state.with_db(move |db| render_terms(db, &request)).await?;
    let dialog = state.app.dialog().file().set_file_name(&file_name).add_filter("PDF", &["pdf"]);
    let Some(chosen) = dialog.blocking_save_file() else { return Ok(None) };
    let path =
        chosen.into_path().map_err(|e| ApiError::internal(format!("the chosen file: {e}")))?;
    std::fs::write(&path, &rendered.bytes)
        .map_err(|e| ApiError::storage(format!("{} could not be written: {e}", path.display())))?;
    *state.last_export.lock().map_err(|_| ApiError::internal("export lock poisoned"))? =
        Some(path.clone());
    Ok(Some(path.display().to_string()))
}

/// Opens the file the last export wrote, in the system's PDF viewer.
#[tauri::command]
pub async fn open_exported(state: State<'_, AppState>) -> Answer<()> {
    use tauri_plugin_opener::OpenerExt;
    let path =
        state.last_export.lock().map_err(|_| ApiError::internal("export lock poisoned"))?.clone();
    let path = path.ok_or_else(|| ApiError::internal("nothing has been exported yet"))?;
    state
        .app
        .opener()
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|e| ApiError::storage(format!("{} could not be opened: {e}", path.display())))
}

fn render_terms(
    db: &mut cspdesk::Db,
    request: &TermsRequest,
) -> cspdesk::Result<(cspdesk::terms::Rendered, String)> {
    let effective = chrono::NaiveDate::parse_from_str(request.effective.trim(), "%Y-%m-%d")
        .map_err(|_| {
            cspdesk::Error::validation(
                "effective",
                format!("'{}' is not a date; expected YYYY-MM-DD", request.effective),
            )
        })?;
    let loaded = cspdesk::terms::load(db, request.source)?;
    let sheet = cspdesk::terms::Sheet {
        profile: &loaded.profile,
        plan: &loaded.plan,
        customer: loaded.customer.as_ref(),
        language: request.language,
        paper: request.paper,
        effective,
    };
    Ok((cspdesk::terms::render(&sheet)?, cspdesk::terms::file_name(&loaded, request.language)))
}

/// A customer as the new-call form picks it: with its plan's severities and its contacts.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CustomerPick {
    pub id: Id,
    pub name: String,
    pub tenant_domain: String,
    pub severities: Vec<SeverityPick>,
    pub contacts: Vec<ContactPick>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SeverityPick {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ContactPick {
    pub id: Id,
    pub name: String,
}

/// Something done to a call.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(tag = "action", rename_all = "camelCase", rename_all_fields = "camelCase")]
#[ts(rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum CallAction {
    Respond,
    Wait,
    Resume,
    Resolve { resolution: String },
    Close,
    Reopen,
    Health { reference: String, known_issue: bool },
    Troubleshoot { notes: String },
    Escalate { escalation: Escalation },
    Time { minutes: u32, billable: bool, note: String },
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
            Some(id) => customers::update_customer(db, id.0, &customer).map(|()| id),
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
    state.with_db(move |db| customers::set_customer_archived(db, id.0, archived)).await
}

#[tauri::command]
pub async fn customer_picks(state: State<'_, AppState>) -> Answer<Vec<CustomerPick>> {
    state
        .with_db(|db| {
            let conn = db.conn();
            let severities: Vec<(i64, String, String)> = conn
                .prepare("SELECT plan_id, code, name FROM severity ORDER BY plan_id, position")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let contacts: Vec<(i64, i64, String)> = conn
                .prepare("SELECT customer_id, id, name FROM contact ORDER BY name")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let mut stmt = conn.prepare("SELECT id, name, tenant_domain, plan_id FROM customer WHERE archived = 0 ORDER BY name COLLATE NOCASE")?;
            let picks = stmt
                .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, i64>(3)?)))?
                .map(|row| {
                    let (id, name, tenant_domain, plan) = row?;
                    Ok(CustomerPick {
                        id: Id(id),
                        name,
                        tenant_domain,
                        severities: severities.iter().filter(|s| s.0 == plan).map(|s| SeverityPick { code: s.1.clone(), name: s.2.clone() }).collect(),
                        contacts: contacts.iter().filter(|c| c.0 == id).map(|c| ContactPick { id: Id(c.1), name: c.2.clone() }).collect(),
                    })
                })
                .collect::<rusqlite::Result<_>>()?;
            Ok(picks)
        })
        .await
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
    action: CallAction,
) -> Answer<CallActionResult> {
    let now = chrono::Utc::now();
    state
        .with_db(move |db| {
            let id = id.0;
            let mut hints = Vec::new();
            match action {
                CallAction::Respond => calls::respond(db, id, now)?,
                CallAction::Wait => calls::wait_on_customer(db, id, now)?,
                CallAction::Resume => calls::resume(db, id, now)?,
                CallAction::Resolve { resolution } => calls::resolve(db, id, &resolution, now)?,
                CallAction::Close => calls::set_call_status(db, id, Status::Closed, now)?,
                CallAction::Reopen => calls::set_call_status(db, id, Status::InProgress, now)?,
                CallAction::Health { reference, known_issue } => {
                    calls::check_service_health(db, id, &reference, known_issue, now)?
                }
                CallAction::Troubleshoot { notes } => calls::troubleshoot(db, id, &notes, now)?,
                CallAction::Escalate { escalation } => {
                    hints = calls::escalate(db, id, &escalation, now)?
                }
                CallAction::Time { minutes, billable, note } => {
                    calls::add_time(db, id, minutes, billable, &note, now)?
                }
            }
            Ok(CallActionResult { call: calls::get_call(db, id, now)?, hints })
        })
        .await
}

/// Every IANA time zone, for the plan editor's picker.
#[tauri::command]
pub async fn time_zones(_state: State<'_, AppState>) -> Answer<Vec<String>> {
    Ok(chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name().to_owned()).collect())
}
