// The one module that talks to Tauri. Screens call `api.*`; tests replace the transport.
import { invoke } from "@tauri-apps/api/core";
import type {
  ApiError,
  BackupPolicy,
  BillingSettings,
  Commands,
  Country,
  Id,
  Language,
  Paper,
  Plan,
  Problem,
  Profile,
  ServiceHours,
  TermsRequest,
  CallAction,
  CallFilter,
  Customer,
  NewCall,
  Role,
  Server,
} from "./bindings";

type Transport = <K extends keyof Commands>(
  command: K,
  args: Commands[K]["args"],
) => Promise<Commands[K]["result"]>;

let transport: Transport = (command, args) => invoke(command, args);

/** Tests call this with a fake backend. */
export function setTransport(next: Transport): void {
  transport = next;
}

/** An error from a command, always in the `{ kind, message, field }` shape. */
export class CommandError extends Error {
  readonly kind: ApiError["kind"];
  readonly field: string | null;
  readonly problems: Problem[];
  constructor(error: ApiError) {
    super(error.message);
    this.kind = error.kind;
    this.field = error.field ?? null;
    this.problems = error.problems ?? [];
  }
}

function isApiError(value: unknown): value is ApiError {
  return typeof value === "object" && value !== null && "kind" in value && "message" in value;
}

async function call<K extends keyof Commands>(
  command: K,
  args: Commands[K]["args"],
): Promise<Commands[K]["result"]> {
  try {
    return await transport(command, args);
  } catch (e) {
    if (isApiError(e)) throw new CommandError(e);
    throw new CommandError({ kind: "internal", message: String(e) });
  }
}

export const api = {
  starting: () => call("starting", {}),
  appInfo: () => call("app_info", {}),
  firstSteps: () => call("first_steps", {}),
  getSettings: () => call("get_settings", {}),
  setLanguage: (language: Language) => call("set_language", { language }),
  getProfile: () => call("get_profile", {}),
  saveProfile: (profile: Profile) => call("save_profile", { profile }),
  checkProfile: (profile: Profile) => call("check_profile", { profile }),
  checkCustomer: (customer: Customer) => call("check_customer", { customer }),
  listPlans: () => call("list_plans", {}),
  getPlan: (id: Id) => call("get_plan", { id }),
  newPlan: () => call("new_plan", {}),
  checkPlan: (id: Id | null, plan: Plan) => call("check_plan", { id, plan }),
  planWarnings: (plan: Plan) => call("plan_warnings", { plan }),
  savePlan: (id: Id | null, plan: Plan) => call("save_plan", { id, plan }),
  duplicatePlan: (id: Id) => call("duplicate_plan", { id }),
  setPlanArchived: (id: Id, archived: boolean) => call("set_plan_archived", { id, archived }),
  deletePlan: (id: Id) => call("delete_plan", { id }),
  previewClosedDays: (hours: ServiceHours, language: Language) =>
    call("preview_closed_days", { hours, language }),
  customaryDays: (country: Country, language: Language) => call("customary_days", { country, language }),
  timeZones: () => call("time_zones", {}),
  termsChoices: () => call("terms_choices", {}),
  previewTerms: (request: TermsRequest) => call("preview_terms", { request }),
  exportTerms: (request: TermsRequest) => call("export_terms", { request }),
  openExported: () => call("open_exported", {}),
  listCustomers: (includeArchived: boolean) => call("list_customers", { includeArchived }),
  getCustomer: (id: Id) => call("get_customer", { id }),
  saveCustomer: (id: Id | null, customer: Customer) => call("save_customer", { id, customer }),
  setCustomerArchived: (id: Id, archived: boolean) => call("set_customer_archived", { id, archived }),
  customerPicks: () => call("customer_picks", {}),
  othersChanges: () => call("others_changes", {}),
  callChoices: (customer: Id) => call("call_choices", { customer }),
  /** A block customer's hours this month and the plan's warning; null for other plans. */
  blockStatus: (customer: Id) => call("block_status", { customer }),
  severityCodes: () => call("severity_codes", {}),
  listCalls: (filter: CallFilter, limit: number, offset: number) => call("list_calls", { filter, limit, offset }),
  getCall: (id: Id) => call("get_call", { id }),
  logCall: (newCall: NewCall) => call("log_call", { call: newCall }),
  /** `seen`: the `version` of the copy of the call the user looked at (refused as `stale` if
   * someone changed the call since); null when the action need not check. */
  callAction: (id: Id, action: CallAction, seen: number | bigint | null) =>
    call("call_action", { id, action, seen: seen === null ? null : Number(seen) }),
  whoami: () => call("whoami", {}),
  teamList: () => call("team_list", {}),
  teamAdd: (login: string, name: string, role: Role) => call("team_add", { login, name, role }),
  teamDisable: (login: string) => call("team_disable", { login }),
  teamEnable: (login: string) => call("team_enable", { login }),
  setMyName: (name: string) => call("set_my_name", { name }),
  databaseSettings: () => call("database_settings", {}),
  testConnection: (server: Server, password: string | null) =>
    call("test_connection", { server, password }),
  connectServer: (server: Server, password: string | null, remember: boolean) =>
    call("connect_server", { server, password, remember }),
  moveDeskToServer: (server: Server, password: string | null, remember: boolean) =>
    call("move_desk_to_server", { server, password, remember }),
  useLocalFile: () => call("use_local_file", {}),
  /** Every customer's invoice basis for `month` ("2026-11"), the closed months and their log. */
  billingMonth: (month: string) => call("billing_month", { month }),
  /** Closes `month` and every earlier open month; returns the months closed, oldest first. */
  closeMonth: (month: string) => call("close_month", { month }),
  reopenMonth: (month: string, reason: string) => call("reopen_month", { month, reason }),
  billingSettings: () => call("billing_settings", {}),
  saveBillingSettings: (settings: BillingSettings) => call("save_billing_settings", { settings }),
  /** Asks where to save (a native dialog); the path written, or null when the user cancelled. */
  exportBillingCsv: (month: string, language: Language) => call("export_billing_csv", { month, language }),
  /** A block bought: whole `hours` at `price` (minor units); null: the plan's. */
  addBlock: (customer: Id, month: string, hours: number | null, price: number | null) =>
    call("add_block", { customer, month, hours, price }),
  /** Adds (negative: takes away) `minutes` of the customer's block, with the reason. */
  adjustBlock: (customer: Id, month: string, minutes: number, reason: string) =>
    call("adjust_block", { customer, month, minutes, reason }),
  /** Asks where to save (a native dialog) and writes the customer's invoice basis for `month`
   * as a PDF in `language` (null: the customer's document language); the path written, or null
   * when the user cancelled. `openExported` opens it. */
  exportBasisPdf: (customer: Id, month: string, language: Language | null, paper: Paper) =>
    call("export_basis_pdf", { customer, month, language, paper }),
  /** The same for the customer's monthly service report (calls, targets, escalations, hours). */
  exportServiceReport: (customer: Id, month: string, language: Language | null, paper: Paper) =>
    call("export_service_report", { customer, month, language, paper }),
  /** The customer's licensed users over time, oldest first. */
  licensedUsers: (customer: Id) => call("licensed_users", { customer }),
  /** `users` licensed from the month `from` on (an owner's change; a closed month is refused);
   * returns the whole history. */
  setLicensedUsers: (customer: Id, from: string, users: number) => call("set_licensed_users", { customer, from, users }),
  /** Targets met and breached, and response and resolution times, for the months `from` to
   * `to` (both "YYYY-MM"), one customer or all (null). */
  slaReport: (from: string, to: string, customer: Id | null) => call("sla_report", { from, to, customer }),
  /** Calls per week, service and channel, escalations and time per customer, for the same range. */
  workloadReport: (from: string, to: string, customer: Id | null) => call("workload_report", { from, to, customer }),
  /** Settings → Backups: the folder, the policy, the newest backup and a failure not yet cleared. */
  exportArchive: () => call("export_archive", {}),
  personRecord: (contact: Id) => call("person_record", { contact }),
  exportPersonPdf: (contact: Id, language: Language | null) => call("export_person_pdf", { contact, language }),
  anonymisePerson: (contact: Id, redact: boolean) => call("anonymise_person", { contact, redact }),
  erasePerson: (contact: Id, redact: boolean) => call("erase_person", { contact, redact }),
  backupStatus: () => call("backup_status", {}),
  /** A verified backup now (and the folder rotated). */
  backUpNow: () => call("back_up_now", {}),
  /** The backups in the folder, newest first. */
  listBackups: () => call("list_backups", {}),
  /** What a backup in the folder holds (date, schema version, counts). */
  inspectBackup: (path: string) => call("inspect_backup", { path }),
  /** Asks for a backup file elsewhere (a native dialog); what it holds, or null when cancelled. */
  chooseBackupFile: () => call("choose_backup_file", {}),
  /** Restores a backup (the current desk is backed up first; `undo` restores that copy). */
  restoreBackup: (path: string) => call("restore_backup", { path }),
  /** Asks for another folder (a native dialog) and backs up into it; null when cancelled. */
  chooseBackupFolder: () => call("choose_backup_folder", {}),
  useDefaultBackupFolder: () => call("use_default_backup_folder", {}),
  setBackupPolicy: (policy: BackupPolicy) => call("set_backup_policy", { policy }),
  /** Settings → Updates: the running version, "Check once a day", the last check, what it found. */
  updateStatus: () => call("update_status", {}),
  /** Asks the update server now: the newer version, or null when this is the newest. A server
   * that cannot be reached is an error of kind "network". */
  checkForUpdate: () => call("check_for_update", {}),
  setDailyUpdateCheck: (daily: boolean) => call("set_daily_update_check", { daily }),
  /** Downloads the version found, checks its signature, installs it and restarts the app. */
  installUpdate: () => call("install_update", {}),
};
