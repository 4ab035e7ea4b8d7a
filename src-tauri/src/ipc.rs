//! The command table: one list that is both what Tauri dispatches and what the UI's generated
//! TypeScript says each command takes and returns. An entry whose types do not match its
//! function does not compile.

use ts_rs::TS;

use crate::backups::BackupStatus;
use crate::commands::{
    AppInfo, CallActionResult, ChangeMark, Connected, DatabaseView, Id, Int, Moved, Settings,
    Starting, TeamAdded, TermsPreview, UsersFrom,
};
use cspdesk::billing::BillingSettings;
use cspdesk::calls::{Action, CallDetail, CallFilter, CallRow, NewCall};
use cspdesk::customers::{CallChoices, Customer, CustomerPick, CustomerSummary};
use cspdesk::db::server::{Probe, Server};
use cspdesk::holidays::Country;
use cspdesk::info::FirstSteps;
use cspdesk::offering::{ClosedDayView, CustomaryChoice, Plan, PlanSummary, Profile, ServiceHours};
use cspdesk::problem::Problem;
use cspdesk::settings::Language;
use cspdesk::team::{Person, Role};
use cspdesk::terms::{Choices, Request};

macro_rules! command_table {
    ($( $name:ident ( $($arg:ident : $ty:ty),* ) -> $ret:ty; )*) => {
        /// The invoke handler for every command in the table.
        pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$(crate::commands::$name),*]
        }

        // Each entry's argument and result types are those of its function.
        $(
            const _: () = {
                #[allow(dead_code)]
                async fn signature_matches(
                    state: tauri::State<'_, crate::state::AppState>,
                    $($arg: $ty),*
                ) -> Result<$ret, crate::error::ApiError> {
                    crate::commands::$name(state, $($arg),*).await
                }
            };
        )*

        /// `export interface Commands { name: { args: {...}; result: T } ... }`
        pub fn typescript_commands() -> String {
            let mut out = String::from("export interface Commands {\n");
            $(
                let args: Vec<String> = vec![$(format!("{}: {}", camel_case(stringify!($arg)), <$ty as TS>::name())),*];
                out.push_str(&format!(
                    "  {}: {{ args: {{ {} }}; result: {} }};\n",
                    stringify!($name),
                    args.join("; "),
                    <$ret as TS>::name(),
                ));
            )*
            out.push_str("}\n");
            out
        }
    };
}

command_table! {
    starting() -> Starting;
    app_info() -> AppInfo;
    first_steps() -> FirstSteps;
    get_settings() -> Settings;
    set_language(language: Language) -> Settings;
    get_profile() -> Profile;
    save_profile(profile: Profile) -> Profile;
    check_profile(profile: Profile) -> Vec<Problem>;
    list_plans() -> Vec<PlanSummary>;
    get_plan(id: Id) -> Plan;
    new_plan() -> Plan;
    check_plan(id: Option<Id>, plan: Plan) -> Vec<Problem>;
    plan_warnings(plan: Plan) -> Vec<Problem>;
    save_plan(id: Option<Id>, plan: Plan) -> Id;
    duplicate_plan(id: Id) -> Id;
    set_plan_archived(id: Id, archived: bool) -> ();
    delete_plan(id: Id) -> ();
    preview_closed_days(hours: ServiceHours, language: Language) -> Vec<ClosedDayView>;
    customary_days(country: Country, language: Language) -> Vec<CustomaryChoice>;
    time_zones() -> Vec<String>;
    terms_choices() -> Choices;
    preview_terms(request: Request) -> TermsPreview;
    export_terms(request: Request) -> Option<String>;
    open_exported() -> ();
    list_customers(include_archived: bool) -> Vec<CustomerSummary>;
    get_customer(id: Id) -> Customer;
    save_customer(id: Option<Id>, customer: Customer) -> Id;
    set_customer_archived(id: Id, archived: bool) -> ();
    check_customer(customer: Customer) -> Vec<Problem>;
    customer_picks() -> Vec<CustomerPick>;
    others_changes() -> ChangeMark;
    call_choices(customer: Id) -> CallChoices;
    severity_codes() -> Vec<String>;
    list_calls(filter: CallFilter, limit: u32, offset: u32) -> Vec<CallRow>;
    get_call(id: Id) -> CallDetail;
    log_call(call: NewCall) -> Id;
    call_action(id: Id, action: Action, seen: Option<u32>) -> CallActionResult;
    whoami() -> Person;
    team_list() -> Vec<Person>;
    team_add(login: String, name: String, role: Role) -> TeamAdded;
    team_disable(login: String) -> Person;
    team_enable(login: String) -> Person;
    set_my_name(name: String) -> Person;
    database_settings() -> DatabaseView;
    test_connection(server: Server, password: Option<String>) -> Probe;
    connect_server(server: Server, password: Option<String>, remember: bool) -> Connected;
    move_desk_to_server(server: Server, password: Option<String>, remember: bool) -> Moved;
    use_local_file() -> DatabaseView;
    billing_month(month: String) -> cspdesk::billing::BillingMonth;
    close_month(month: String) -> Vec<String>;
    reopen_month(month: String, reason: String) -> ();
    billing_settings() -> BillingSettings;
    save_billing_settings(settings: BillingSettings) -> BillingSettings;
    export_billing_csv(month: String, language: Language) -> Option<String>;
    add_block(customer: Id, month: String, hours: Option<u32>, price: Option<Int>) -> ();
    adjust_block(customer: Id, month: String, minutes: Int, reason: String) -> ();
    export_basis_pdf(customer: Id, month: String, language: Option<Language>, paper: cspdesk::terms::Paper) -> Option<String>;
    export_service_report(customer: Id, month: String, language: Option<Language>, paper: cspdesk::terms::Paper) -> Option<String>;
    licensed_users(customer: Id) -> Vec<UsersFrom>;
    block_status(customer: Id) -> Option<cspdesk::billing::BlockStatus>;
    set_licensed_users(customer: Id, from: String, users: u32) -> Vec<UsersFrom>;
    sla_report(from: String, to: String, customer: Option<Id>) -> cspdesk::reports::SlaReport;
    workload_report(from: String, to: String, customer: Option<Id>) -> cspdesk::reports::WorkloadReport;
    export_archive() -> Option<crate::archive::ArchiveExported>;
    person_record(contact: Id) -> cspdesk::privacy::PersonRecord;
    export_person_pdf(contact: Id, language: Option<Language>) -> Option<String>;
    anonymise_person(contact: Id, redact: bool) -> cspdesk::privacy::Erased;
    erase_person(contact: Id, redact: bool) -> cspdesk::privacy::Erased;
    backup_status() -> BackupStatus;
    back_up_now() -> BackupStatus;
    list_backups() -> Vec<cspdesk::backups::BackupFile>;
    inspect_backup(path: String) -> cspdesk::backups::BackupContents;
    choose_backup_file() -> Option<cspdesk::backups::BackupContents>;
    restore_backup(path: String) -> cspdesk::backups::Restored;
    choose_backup_folder() -> Option<BackupStatus>;
    use_default_backup_folder() -> BackupStatus;
    set_backup_policy(policy: cspdesk::backups::Policy) -> BackupStatus;
    update_status() -> crate::updates::UpdateStatus;
    check_for_update() -> Option<crate::updates::UpdateFound>;
    set_daily_update_check(daily: bool) -> crate::updates::UpdateStatus;
    install_update() -> ();
}

/// Tauri passes Rust's snake_case argument names to JavaScript as camelCase.
fn camel_case(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}
