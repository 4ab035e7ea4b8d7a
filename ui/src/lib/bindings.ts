// Generated from the Rust types by `cargo xtask bindings`. Do not edit by hand.

export type ApiErrorKind = "validation" | "not_found" | "conflict" | "storage" | "internal" | "network";

export type ApiError = { kind: ApiErrorKind, message: string, 
/**
 * For validation errors: the field, as named in the form.
 */
field?: string | null, 
/**
 * Every problem found (validation, not found, conflict), each with its field and a code
 * the UI translates.
 */
problems?: Array<Problem>, };

export type ProblemCode = "required" | "too_long" | "control_characters" | "invalid_email" | "invalid_website" | "invalid_phone" | "invalid_time_zone" | "invalid_time" | "window_order" | "window_overlap" | "duplicate_date" | "closes_at_outside_hours" | "not_customary_day" | "not_archive" | "call_in_closed_month" | "duplicate_customary_day" | "invalid_currency" | "not_positive" | "out_of_range" | "duplicate_code" | "no_severities" | "no_contacts" | "response_after_resolution" | "name_taken" | "default_required" | "default_archived" | "logo_format" | "logo_too_large" | "logo_dimensions" | "invalid_domain" | "invalid_guid" | "in_the_future" | "unknown_severity" | "invalid_health_reference" | "unknown_value" | "no_such_customer" | "no_such_call" | "no_such_plan" | "no_such_contact" | "no_default_plan" | "customer_archived" | "status_change" | "not_waiting" | "already_resolved" | "use_resolve" | "before_received" | "before_previous_event" | "too_early" | "severity_in_use" | "plan_in_use" | "plan_missing_from_file" | "customer_has_calls" | "not_json" | "not_offering_file" | "newer_file_version" | "unsupported_file_version" | "invalid_file_value" | "invalid_utf8" | "invalid_date" | "invalid_date_time" | "local_time_ambiguous" | "local_time_missing" | "invalid_language" | "invalid_paper" | "invalid_country" | "output_is_database" | "file_exists" | "nothing_to_do" | "logo_unprintable" | "no_open_hours" | "escalation_follows_provider" | "escalation_follows_partner" | "plan_name_ambiguous" | "target_not_empty" | "same_database" | "stale" | "already_responded" | "not_on_team" | "login_disabled" | "no_such_person" | "person_disabled" | "owners_only" | "surrounding_space" | "reserved_login" | "password_too_short" | "already_on_team" | "login_exists" | "disable_self" | "solo_desk" | "invalid_host" | "disable_first_owner" | "no_such_login" | "invalid_month" | "month_closed" | "month_not_over" | "month_not_closed" | "later_month_closed" | "not_block_plan" | "invalid_article_code" | "invalid_number" | "no_such_file" | "not_csp_desk_database" | "newer_database" | "backup_damaged" | "server_backups";

export type Problem = { field: string, code: ProblemCode, 
/**
 * Values for the message's placeholders, e.g. `max`.
 */
params: { [key in string]?: string }, 
/**
 * The problem in English, for the CLI and logs; the UI shows its own translation of `code`.
 */
message: string, };

export type Id = number;

export type ChangeMark = number;

export type Language = "en" | "sv";

export type Role = "owner" | "technician";

export type Person = { id: number, 
/**
 * The server login; `None` for the solo desk's owner.
 */
login: string | null, 
/**
 * The name others see; the login when none is set.
 */
name: string, role: Role, 
/**
 * A disabled person can no longer sign in; what they did stays attributed to them.
 */
active: boolean, };

export type Added = { person: Person, 
/**
 * False when the login already existed on the server (e.g. made by the server's
 * administrator) and was only added to the team: its password is unchanged.
 */
loginCreated: boolean, };

export type TeamAdded = { added: Added, password: string | null, };

export type Server = { host: string, port: number, database: string, 
/**
 * The login (e.g. anna).
 */
user: string, 
/**
 * Encrypted (TLS, the default). Off only on purpose, shown as such.
 */
tls: boolean, };

export type Probe = { 
/**
 * The server's version, e.g. "16.4".
 */
serverVersion: string, encrypted: boolean, 
/**
 * The desk's schema version; `None` when the database holds no desk yet (connecting sets
 * it up, and the login becomes its first owner).
 */
schemaVersion: number | null, 
/**
 * Whether the login is on the desk's team (and may sign in); `None` when there is no desk.
 */
onTeam: boolean | null, };

export type DatabaseView = { 
/**
 * This computer's own database file.
 */
file: string, 
/**
 * The team server in use instead, if any.
 */
server: Server | null, 
/**
 * Whether the credential store keeps the server's password (else it is asked for at start).
 */
passwordSaved: boolean, 
/**
 * Why the desk is not open right now (the server cannot be reached, say), if it is not.
 */
failure: string | null, };

export type Connected = { database: DatabaseView, 
/**
 * Why the credential store did not keep the password, when it was asked to and could not.
 */
passwordNotSaved: string | null, };

export type Moved = { connected: Connected, 
/**
 * Each table copied: its rows and checksum, equal on both sides.
 */
tables: Array<TableCopy>, };

export type TableCopy = { table: string, rows: number, 
/**
 * FNV-1a over every value of every row, in key order, as 16 hex digits.
 */
checksum: string, };

export type DbInfo = { schemaVersion: number, plans: number, customers: number, calls: number, };

export type FirstSteps = { 
/**
 * The company name and a support phone or e-mail, which the terms sheet prints.
 */
profile: boolean, 
/**
 * A plan saved by the partner (the starter plan reviewed, or one of its own).
 */
plan: boolean, customer: boolean, };

export type AppInfo = { version: string, dbPath: string, 
/**
 * Whether the desk is on a team server (else this computer's file).
 */
teamServer: boolean, db: DbInfo, };

export type Starting = { 
/**
 * The computer's language (the desk's own setting is read once it is open).
 */
language: Language, 
/**
 * The schema of the desk file when the app started, if opening it upgrades it (a copy of
 * it is made first).
 */
upgradingFrom: Int | null, };

export type Settings = { 
/**
 * The language in effect: the one chosen in Settings, else the OS language.
 */
language: Language, 
/**
 * Whether the user chose it (false: it follows the OS).
 */
languageChosen: boolean, };

export type Country = "SE" | "NO" | "DK" | "FI" | "DE" | "GB" | "US";

export type Relationship = "direct_bill" | "indirect_reseller";

export type Provider = { name: string, supportContact: string, 
/**
 * How to reach the provider's escalation desk.
 */
escalation: string, };

export type MicrosoftRoute = "partner_center" | "advanced_support" | "unified" | "other";

export type Logo = { 
/**
 * `image/png` or `image/jpeg`.
 */
mime: string, 
/**
 * The image file, base64.
 */
data: string, };

export type Profile = { legalName: string, registrationNumber: string, postalAddress: string, supportWebsite: string, supportEmail: string, supportPhone: string, logo: Logo | null, relationship: Relationship, 
/**
 * The indirect provider (distributor); required for an indirect reseller.
 */
provider: Provider, microsoftRoute: MicrosoftRoute, 
/**
 * What "other" means, when `microsoft_route` is `other`.
 */
microsoftRouteOther: string, documentLanguage: Language, 
/**
 * The version this copy was loaded at (see `crate::edits`); never in an offering file.
 */
version?: number, };

export type PlanSummary = { id: number, name: Bilingual, isDefault: boolean, archived: boolean, 
/**
 * How many customers have this plan.
 */
customers: number, };

export type Plan = { name: Bilingual, description: Bilingual, 
/**
 * The plan new customers get.
 */
isDefault: boolean, 
/**
 * Kept for the customers that have it, not offered to new ones.
 */
archived: boolean, support: Support, hours: ServiceHours, contacts: Array<ContactMethod>, pricing: Pricing, severities: Array<Severity>, scope: Scope, escalatedBy: EscalatedBy, 
/**
 * Which waits stop the resolution clock besides waiting on the customer (which always
 * does). Files before format 3 have none: both off.
 */
pauses: ClockPauses, 
/**
 * The share of targets (first response and resolution) the partner aims to meet, in
 * percent; the SLA report and the service report measure against it. `None`: no goal
 * promised. Files before format 4 have none.
 */
slaGoalPercent?: number, 
/**
 * The version this copy was loaded at (see `crate::edits`); never in an offering file.
 */
version?: number, };

export type Bilingual = { sv: string, en: string, };

export type Support = { model: SupportModel, 
/**
 * The company support is outsourced to or resold from.
 */
company: string, 
/**
 * For outsourced support: which parts, when not all of it.
 */
parts: Bilingual, };

export type SupportModel = "direct" | "outsourced" | "resold";

export type ServiceHours = { 
/**
 * IANA time zone, e.g. `Europe/Stockholm`.
 */
timeZone: string, 
/**
 * Weekly windows; several a day allowed, `end` may be `24:00`.
 */
windows: Array<Window>, 
/**
 * The national calendar whose public holidays are closed days; none for "open on holidays".
 */
holidays: Country | null, 
/**
 * The partner's own closed and shortened days.
 */
closedDays: Array<ClosedDay>, 
/**
 * The customary days of the calendar (see [`crate::holidays::customary_days`]) the plan
 * closes or shortens; the others are open as usual. Empty without a calendar.
 */
customaryDays: Array<CustomaryDay>, };

export type Day = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";

export type TimeOfDay = string;

export type Window = { day: Day, start: TimeOfDay, end: TimeOfDay, };

export type ClosedDay = { date: string, label: Bilingual, 
/**
 * Set for a shortened day: open as usual until this time. `None`: closed all day.
 */
closesAt: TimeOfDay | null, };

export type ClosedDayView = { date: string, 
/**
 * The holiday's name in the requested language, or the partner's own label.
 */
label: string, 
/**
 * For a shortened day: the time support closes.
 */
closesAt: TimeOfDay | null, 
/**
 * From the national calendar, a public holiday or a customary day the plan closes or
 * shortens (true), or the partner's own list (false).
 */
publicHoliday: boolean, };

export type CustomaryDay = { day: Holiday, 
/**
 * Open as usual until this time; `None`: closed all day.
 */
closesAt: TimeOfDay | null, };

export type CustomaryChoice = { day: Holiday, 
/**
 * Its name in the requested language.
 */
name: string, 
/**
 * What a plan does on it when nothing else is said (see `ServiceHours::customary_days`).
 */
closedByDefault: boolean, };

export type Holiday = "new_years_day" | "epiphany_eve" | "epiphany" | "maundy_thursday" | "good_friday" | "holy_saturday" | "easter_sunday" | "easter_monday" | "walpurgis_night" | "may_day" | "ascension_day" | "whit_sunday" | "whit_monday" | "national_day_sweden" | "constitution_day_norway" | "constitution_day_denmark" | "midsummer_eve" | "midsummer_day" | "all_saints_eve" | "all_saints_day" | "independence_day_finland" | "german_unity_day" | "early_may_bank_holiday" | "spring_bank_holiday" | "summer_bank_holiday" | "christmas_eve" | "christmas_day" | "boxing_day" | "new_years_eve" | "martin_luther_king_day" | "washingtons_birthday" | "memorial_day" | "juneteenth" | "independence_day_us" | "labor_day" | "columbus_day" | "veterans_day" | "thanksgiving" | "day_after_thanksgiving";

export type ContactMethod = { method: ContactKind, 
/**
 * The number or address. Empty for phone and e-mail: the support phone or e-mail of the
 * profile.
 */
address: string, availability: Availability, note: Bilingual, };

export type ContactKind = "phone" | "email" | "portal" | "chat" | "remote";

export type Availability = "service_hours" | "always";

export type Pricing = { 
/**
 * ISO 4217, e.g. SEK.
 */
currency: string, 
/**
 * Whether the prices shown include VAT.
 */
vatIncluded: boolean, model: PriceModel, };

export type PriceModel = { "kind": "included", } | { "kind": "per_incident", price: number, } | { "kind": "hourly", rate: number, 
/**
 * Time is billed in steps of this many minutes.
 */
incrementMinutes: number, 
/**
 * The least time billed for a call.
 */
minimumMinutes: number, } | { "kind": "monthly", price: number, basis: MonthlyBasis, } | { "kind": "block", hours: number, price: number, rollover: boolean, overageRate: number, 
/**
 * Warn (on the customer and on new calls) when fewer hours than this are left; `None`:
 * no warning. Files before format 4 have none.
 */
lowBalanceHours?: number, };

export type MonthlyBasis = "per_user" | "per_tenant";

export type Severity = { 
/**
 * Short code used in the call log, e.g. A.
 */
code: string, name: Bilingual, 
/**
 * What the severity means, as customers read it.
 */
description: Bilingual, firstResponseMinutes: number, resolutionMinutes: number, clock: Clock, };

export type Clock = "service_hours" | "calendar";

export type ClockPauses = { 
/**
 * While the call waits on Microsoft (escalated to Microsoft support).
 */
waitingMicrosoft: boolean, 
/**
 * While the call waits on the indirect provider.
 */
waitingProvider: boolean, };

export type Scope = { included: Array<Bilingual>, excluded: Array<Bilingual>, };

export type EscalatedBy = "partner" | "provider";

export type EscalationCategory = "undocumented" | "unavailable" | "defect" | "network" | "regional";

export type Paper = "a4" | "letter";

export type Source = { "kind": "plan", "id": number } | { "kind": "customer", "id": number };

export type CustomerChoice = { id: number, name: string, };

export type TermsChoices = { plans: Array<PlanSummary>, customers: Array<CustomerChoice>, documentLanguage: Language, };

export type TermsRequest = { source: Source, language: Language | null, paper: Paper, effective: string, };

export type TermsPreview = { 
/**
 * The PDF, base64: exactly the bytes an export writes.
 */
pdf: string, pages: number, 
/**
 * Characters the font cannot print; shown as a warning.
 */
missingGlyphs: string, fileName: string, 
/**
 * Field paths of the plan's texts missing in the sheet's language (printed in the other).
 */
missingTexts: Array<string>, };

export type CustomerRelationship = "direct" | "via_provider";

export type Contact = { 
/**
 * Kept when editing, so calls keep pointing at the same person; None for a new contact.
 */
id: number | null, name: string, email: string, phone: string, role: string, 
/**
 * May order, change or cancel subscriptions.
 */
mayRequestChanges: boolean, 
/**
 * Anonymised on request (`crate::privacy`): no name, e-mail or phone, and none can be set
 * again. Read from the database; what a caller sends is ignored.
 */
anonymised?: boolean, };

export type Customer = { name: string, 
/**
 * The tenant's primary domain, e.g. contoso.onmicrosoft.com.
 */
tenantDomain: string, 
/**
 * The Microsoft Entra tenant ID (a GUID), if known.
 */
tenantId: string | null, registrationNumber: string, relationship: CustomerRelationship, planId: number, notes: string, contacts: Array<Contact>, 
/**
 * The language of the customer's documents (service report, invoice basis); `None`: the
 * profile's document language.
 */
language?: Language, 
/**
 * The version this copy was loaded at (see [`crate::edits`]); `None` for a new customer,
 * or a save that need not check.
 */
version?: number, };

export type CustomerSummary = { id: number, name: string, tenantDomain: string, plan: Bilingual, archived: boolean, openCalls: number, };

export type ContactPick = { id: number, name: string, };

export type SeverityPick = { code: string, name: Bilingual, };

export type CustomerPick = { id: number, name: string, tenantDomain: string, };

export type CallChoices = { severities: Array<SeverityPick>, contacts: Array<ContactPick>, };

export type Channel = "phone" | "email" | "portal" | "chat" | "on_site";

export type Service = "exchange_online" | "sharepoint_online" | "onedrive" | "teams" | "entra_id" | "intune" | "defender" | "m365_apps" | "azure" | "dynamics_365" | "power_platform" | "billing" | "other";

export type Status = "new" | "in_progress" | "waiting_customer" | "waiting_microsoft" | "waiting_provider" | "resolved" | "closed";

export type ClockState = "onTrack" | "dueSoon" | "breached" | "met" | "paused" | "noDueTime";

export type NoDueReason = "noServiceHours" | "beyondHorizon";

export type ClockView = { due: string | null, state: ClockState, 
/**
 * Why there is no due time, when the state is `noDueTime`.
 */
noDueReason: NoDueReason | null, };

export type CallRow = { id: number, receivedAt: string, customer: string, severity: string, service: Service, summary: string, status: Status, firstResponse: ClockView, resolution: ClockView, 
/**
 * Who works the call (their name), if anyone.
 */
assignee: string | null, assigneeId: number | null, };

export type CallEvent = { at: string, what: Happened, 
/**
 * Who did it (their name); `None` when not recorded.
 */
by: string | null, };

export type Happened = { "kind": "status", status: Status, } | { "kind": "responded", } | { "kind": "health", reference: string, knownIssue: boolean, } | { "kind": "troubleshooting", } | { "kind": "escalated", to: EscalationTarget, category: EscalationCategory | null, reference: string, } | { "kind": "assigned", to: number | null, name: string, };

export type TimeEntry = { at: string, minutes: number, billable: boolean, note: string, 
/**
 * Who worked (their name); `None` when not recorded.
 */
by: string | null, };

export type CallDetail = { customerId: number, channel: Channel, contact: string, description: string, healthCheckedAt: string | null, healthReference: string, knownIssue: boolean | null, troubleshootingNotes: string, escalation: EscalationTarget, escalationCategory: EscalationCategory | null, escalationReference: string, 
/**
 * Where a problem for Microsoft goes from this desk: the provider for an indirect reseller
 * (see [`crate::offering::escalation_route`]), Microsoft otherwise. The form's default.
 */
escalateTo: EscalationTarget, firstResponseAt: string | null, resolvedAt: string | null, resolutionText: string, events: Array<CallEvent>, timeEntries: Array<TimeEntry>, 
/**
 * Who logged the call (their name).
 */
loggedBy: string | null, 
/**
 * Raised by every change: what a change made from this copy says it saw (see
 * [`workflow::apply_seen`]).
 */
version: bigint, id: number, receivedAt: string, customer: string, severity: string, service: Service, summary: string, status: Status, firstResponse: ClockView, resolution: ClockView, 
/**
 * Who works the call (their name), if anyone.
 */
assignee: string | null, assigneeId: number | null, };

export type NewCall = { customerId: number, receivedAt: string, channel: Channel, contactId: number | null, 
/**
 * Who called, when not a saved contact.
 */
contactName: string, service: Service, 
/**
 * A severity code of the customer's plan, e.g. "A".
 */
severity: string, summary: string, description: string, 
/**
 * Who works the call (a person's id); `None`: unassigned.
 */
assignee: number | null, };

export type CallSort = "newest" | "oldest" | "due" | "severity" | "customer";

export type CallFilter = { statuses: Array<Status>, customerId: number | null, 
/**
 * Only the calls of this person (a person's id: "Mine" is the signed-in person's).
 */
assignee: number | null, 
/**
 * Only the calls nobody works.
 */
unassigned: boolean, severity: string | null, 
/**
 * Only calls past a due time.
 */
overdue: boolean, 
/**
 * Only open calls with a clock at or past the warning share, not yet breached.
 */
dueSoon: boolean, from: string | null, to: string | null, 
/**
 * Words to find in summary, description, notes, resolution or customer name.
 */
query: string | null, 
/**
 * The order of the list; a search orders by best match unless asked otherwise.
 */
sort: CallSort | null, 
/**
 * Continue after this call (keyset paging): the rows that follow it in the list's order,
 * read from where it stands instead of counted from the top, so a page far down a long
 * list comes as quickly as the first. The call need not match the filter any more.
 */
after: number | null, };

export type Hint = "check_service_health_first" | "escalate_via_provider";

export type Escalation = { "to": "microsoft", category: EscalationCategory, reference: string, } | { "to": "provider", reference: string, };

export type EscalationTarget = "none" | "microsoft" | "provider";

export type EventKind = "status" | "responded" | "health" | "troubleshooting" | "escalated" | "assigned";

export type CallAction = { "action": "respond" } | { "action": "wait" } | { "action": "resume" } | { "action": "resolve", resolution: string, } | { "action": "close" } | { "action": "reopen" } | { "action": "setStatus", status: Status, } | { "action": "health", reference: string, knownIssue: boolean, } | { "action": "troubleshoot", notes: string, } | { "action": "escalate", escalation: Escalation, } | { "action": "time", minutes: number, billable: boolean, note: string, } | { "action": "assign", to: number | null, };

export type CallActionResult = { call: CallDetail, hints: Array<Hint>, };

export type LineKind = "hours" | "incident" | "subscription" | "block_bought" | "block_used" | "block_adjustment" | "overage" | "covered" | "non_billable";

export type Unit = "hour" | "incident" | "user" | "tenant" | "block";

export type Line = { kind: LineKind, 
/**
 * The article code of the line's kind (from the billing settings); may be empty.
 */
article: string, callId: number | null, 
/**
 * The call's summary, or the adjustment's reason.
 */
text: string, 
/**
 * Set on a correction: the (closed) month the work was done in.
 */
workMonth: string | null, 
/**
 * The time the line is about: time worked, a block's size, the overage.
 */
minutes: number, 
/**
 * Minutes when the unit is an hour, else a count.
 */
quantity: number, unit: Unit, 
/**
 * Minor units per hour or per unit.
 */
unitPrice: number, amount: number, };

export type BlockBalance = { starting: number, bought: number, adjustments: number, used: number, remaining: number, overage: number, expired: number, carried: number, };

export type Basis = { customerId: number, customer: string, registrationNumber: string, month: string, plan: Bilingual, 
/**
 * The plan's pricing kind (`hourly`, `block`, …).
 */
pricing: string, currency: string, 
/**
 * Hundredths of a percent.
 */
vatRate: number, pricesIncludeVat: boolean, lines: Array<Line>, 
/**
 * Without VAT.
 */
net: number, vat: number, 
/**
 * With VAT.
 */
total: number, 
/**
 * Time worked, billed in this month.
 */
billableMinutes: number, nonBillableMinutes: number, block: BlockBalance | null, 
/**
 * A per-user plan without a count of licensed users for the month.
 */
usersMissing: boolean, 
/**
 * Read from what was stored when the month was closed.
 */
closed: boolean, };

export type MonthEventKind = "closed" | "reopened";

export type MonthEvent = { month: string, kind: MonthEventKind, reason: string, at: string, by: string, };

export type ArticleCodes = { hourly: string, incident: string, monthly: string, block: string, overage: string, };

export type BillingSettings = { 
/**
 * VAT in hundredths of a percent: 2500 is 25 %.
 */
vatRate: number, articles: ArticleCodes, };

export type BillingMonth = { month: string, 
/**
 * By customer name.
 */
bases: Array<Basis>, 
/**
 * The latest closed month (it and every month before it are closed), if any.
 */
closedThrough: string | null, 
/**
 * Every close and reopen, latest first.
 */
log: Array<MonthEvent>, 
/**
 * Customers with nothing to bill this month.
 */
quietCustomers: number, };

export type Int = number;

export type BlockStatus = { 
/**
 * Hours left this month, in minutes (negative: over the block).
 */
remainingMinutes: number, 
/**
 * The plan's warning threshold, in hours.
 */
lowBalanceHours: number | null, 
/**
 * Fewer hours left than the threshold.
 */
low: boolean, };

export type UsersFrom = { from: string, users: number, };

export type ClockFigures = { withTarget: number, met: number, breached: number, running: number, 
/**
 * met / (met + breached) × 100; none when neither.
 */
onTimePercent: number | null, 
/**
 * Minutes of the clock's own time (see the module); none without answered calls.
 */
medianMinutes: number | null, p90Minutes: number | null, };

export type SlaFigures = { 
/**
 * Calls received in the range.
 */
calls: number, firstResponse: ClockFigures, resolution: ClockFigures, };

export type SeveritySla = { code: string, 
/**
 * The name of the first severity with this code, in plan order.
 */
name: Bilingual, 
/**
 * The clock of the severities with this code; none when they differ between plans.
 */
clock: Clock | null, figures: SlaFigures, };

export type CustomerSla = { customerId: number, customer: string, figures: SlaFigures, 
/**
 * The goal of the customer's plan, if it promises one.
 */
goalPercent: number | null, };

export type SlaReport = { from: string, to: string, 
/**
 * Every severity code of the covered customers' plans (and any other their calls were
 * counted under), in the plans' order, also those without calls.
 */
severities: Array<SeveritySla>, 
/**
 * The customers with calls in the range, by name; the one asked for, always.
 */
customers: Array<CustomerSla>, total: SlaFigures, 
/**
 * The share of targets the covered customers' plans aim to meet, when they all promise
 * the same (see `Plan::sla_goal_percent`).
 */
goalPercent: number | null, };

export type WeekLoad = { 
/**
 * The ISO week-numbering year and week (week 1 holds the year's first Thursday).
 */
isoYear: number, week: number, 
/**
 * The week's Monday (`YYYY-MM-DD`); may lie before the range.
 */
monday: string, received: number, resolved: number, };

export type ServiceLoad = { service: Service, received: number, resolved: number, };

export type ChannelLoad = { channel: Channel, received: number, resolved: number, };

export type CategoryLoad = { category: EscalationCategory, calls: number, };

export type Escalations = { 
/**
 * All five categories, in the order of `EscalationCategory::ALL`, also those without calls.
 */
microsoft: Array<CategoryLoad>, microsoftTotal: number, provider: number, };

export type CustomerLoad = { customerId: number, customer: string, received: number, resolved: number, billableMinutes: number, nonBillableMinutes: number, };

export type WorkloadReport = { from: string, to: string, received: number, resolved: number, 
/**
 * Every week that overlaps the range, in order.
 */
weeks: Array<WeekLoad>, 
/**
 * The services with calls received or resolved, in the order of `Service::ALL`.
 */
services: Array<ServiceLoad>, 
/**
 * The channels with calls received or resolved, in the order of `Channel::ALL`.
 */
channels: Array<ChannelLoad>, escalations: Escalations, 
/**
 * The customers with calls or time in the range, by name; the one asked for, always.
 */
customers: Array<CustomerLoad>, billableMinutes: number, nonBillableMinutes: number, };

export type BackupPolicy = { 
/**
 * The newest backups of today.
 */
today: number, 
/**
 * One a day for this many days before today.
 */
days: number, 
/**
 * One a week for this many weeks before this week.
 */
weeks: number, };

export type BackupKind = "regular" | "before_restore";

export type BackupFile = { path: string, name: string, taken: string, 
/**
 * Bytes.
 */
size: number, kind: BackupKind, };

export type Examined = { schemaVersion: number, customers: number, calls: number, timeEntries: number, };

export type BackupContents = { file: BackupFile, holds: Examined, };

export type Restored = { restored: BackupContents, undo: BackupFile | null, };

export type BackupStatus = { 
/**
 * False on a team server: its backups are the server's job.
 */
available: boolean, folder: string, 
/**
 * Whether the folder is the default, `backups/` beside the database.
 */
defaultFolder: boolean, policy: BackupPolicy, 
/**
 * The newest backup in the folder.
 */
last: BackupFile | null, 
/**
 * Why the last backup failed, until one succeeds.
 */
failure: ApiError | null, 
/**
 * Hours between automatic backups.
 */
everyHours: number, };

export type ArchiveExported = { path: string, rows: number, tables: number, };

export type PersonRecord = { person: PersonHit, role: string, mayRequestChanges: boolean, 
/**
 * The calls they raised, oldest first.
 */
calls: Array<RaisedCall>, 
/**
 * Other texts that mention their name, e-mail or phone.
 */
mentions: Array<Mention>, };

export type PersonHit = { contactId: number, customerId: number, customer: string, name: string, email: string, phone: string, 
/**
 * Calls they raised (see `raised_calls`).
 */
calls: number, anonymised: boolean, };

export type RaisedCall = { id: number, receivedAt: string, status: string, summary: string, description: string, resolution: string, };

export type Mention = { table: string, 
/**
 * The row: its id, or `month/customer` for an invoice basis of a closed month.
 */
key: string, field: string, callId: number | null, 
/**
 * The text around the first mention.
 */
excerpt: string, };

export type Erased = { 
/**
 * The log's new lines.
 */
logged: Array<Erasure>, 
/**
 * Texts that still mention the person (not redacted), for review.
 */
mentions: Array<Mention>, 
/**
 * False when another program (a CSP Desk window or command line) was reading the desk, so
 * old copies of the erased texts stay in its write-ahead log until that program closes.
 */
scrubbed: boolean, };

export type Erasure = { at: string, kind: ErasureKind, 
/**
 * Who did it (the team member's name), empty when not known.
 */
by: string, contactId: number, customerId: number, records: number, };

export type ErasureKind = "anonymise" | "redact" | "erase";

export type UpdateFound = { version: string, 
/**
 * The release notes, as written on the release.
 */
notes: string | null, 
/**
 * When it was published (RFC 3339), if the server says.
 */
date: string | null, };

export type UpdateStatus = { 
/**
 * The running version.
 */
version: string, 
/**
 * "Check once a day".
 */
daily: boolean, 
/**
 * When the app last asked the server (RFC 3339), answered or not.
 */
lastCheck: string | null, 
/**
 * A newer version found by this session's last check (by hand or daily).
 */
available: UpdateFound | null, };

export const CHANNELS: readonly Channel[] = ["phone", "email", "portal", "chat", "on_site"];

export const SERVICES: readonly Service[] = ["exchange_online", "sharepoint_online", "onedrive", "teams", "entra_id", "intune", "defender", "m365_apps", "azure", "dynamics_365", "power_platform", "billing", "other"];

export const STATUSES: readonly Status[] = ["new", "in_progress", "waiting_customer", "waiting_microsoft", "waiting_provider", "resolved", "closed"];

export const CALL_SORTS: readonly CallSort[] = ["newest", "oldest", "due", "severity", "customer"];

export const ESCALATION_CATEGORIES: readonly EscalationCategory[] = ["undocumented", "unavailable", "defect", "network", "regional"];

export const SUPPORT_MODELS: readonly SupportModel[] = ["direct", "outsourced", "resold"];

export const CONTACT_KINDS: readonly ContactKind[] = ["phone", "email", "portal", "chat", "remote"];

export const AVAILABILITIES: readonly Availability[] = ["service_hours", "always"];

export const CLOCKS: readonly Clock[] = ["service_hours", "calendar"];

export const MONTHLY_BASES: readonly MonthlyBasis[] = ["per_user", "per_tenant"];

export const RELATIONSHIPS: readonly Relationship[] = ["direct_bill", "indirect_reseller"];

export const MICROSOFT_ROUTES: readonly MicrosoftRoute[] = ["partner_center", "advanced_support", "unified", "other"];

export const ESCALATED_BY: readonly EscalatedBy[] = ["partner", "provider"];

export const COUNTRIES: readonly Country[] = ["SE", "NO", "DK", "FI", "DE", "GB", "US"];

export const CUSTOMER_RELATIONSHIPS: readonly CustomerRelationship[] = ["direct", "via_provider"];

export interface Commands {
  starting: { args: {  }; result: Starting };
  app_info: { args: {  }; result: AppInfo };
  first_steps: { args: {  }; result: FirstSteps };
  get_settings: { args: {  }; result: Settings };
  set_language: { args: { language: Language }; result: Settings };
  get_profile: { args: {  }; result: Profile };
  save_profile: { args: { profile: Profile }; result: Profile };
  check_profile: { args: { profile: Profile }; result: Array<Problem> };
  list_plans: { args: {  }; result: Array<PlanSummary> };
  get_plan: { args: { id: Id }; result: Plan };
  new_plan: { args: {  }; result: Plan };
  check_plan: { args: { id: Id | null; plan: Plan }; result: Array<Problem> };
  plan_warnings: { args: { plan: Plan }; result: Array<Problem> };
  save_plan: { args: { id: Id | null; plan: Plan }; result: Id };
  duplicate_plan: { args: { id: Id }; result: Id };
  set_plan_archived: { args: { id: Id; archived: boolean }; result: null };
  delete_plan: { args: { id: Id }; result: null };
  preview_closed_days: { args: { hours: ServiceHours; language: Language }; result: Array<ClosedDayView> };
  customary_days: { args: { country: Country; language: Language }; result: Array<CustomaryChoice> };
  time_zones: { args: {  }; result: Array<string> };
  terms_choices: { args: {  }; result: TermsChoices };
  preview_terms: { args: { request: TermsRequest }; result: TermsPreview };
  export_terms: { args: { request: TermsRequest }; result: string | null };
  open_exported: { args: {  }; result: null };
  list_customers: { args: { includeArchived: boolean }; result: Array<CustomerSummary> };
  get_customer: { args: { id: Id }; result: Customer };
  save_customer: { args: { id: Id | null; customer: Customer }; result: Id };
  set_customer_archived: { args: { id: Id; archived: boolean }; result: null };
  check_customer: { args: { customer: Customer }; result: Array<Problem> };
  customer_picks: { args: {  }; result: Array<CustomerPick> };
  others_changes: { args: {  }; result: ChangeMark };
  call_choices: { args: { customer: Id }; result: CallChoices };
  severity_codes: { args: {  }; result: Array<string> };
  list_calls: { args: { filter: CallFilter; limit: number; offset: number }; result: Array<CallRow> };
  get_call: { args: { id: Id }; result: CallDetail };
  log_call: { args: { call: NewCall }; result: Id };
  call_action: { args: { id: Id; action: CallAction; seen: number | null }; result: CallActionResult };
  whoami: { args: {  }; result: Person };
  team_list: { args: {  }; result: Array<Person> };
  team_add: { args: { login: string; name: string; role: Role }; result: TeamAdded };
  team_disable: { args: { login: string }; result: Person };
  team_enable: { args: { login: string }; result: Person };
  set_my_name: { args: { name: string }; result: Person };
  database_settings: { args: {  }; result: DatabaseView };
  test_connection: { args: { server: Server; password: string | null }; result: Probe };
  connect_server: { args: { server: Server; password: string | null; remember: boolean }; result: Connected };
  move_desk_to_server: { args: { server: Server; password: string | null; remember: boolean }; result: Moved };
  use_local_file: { args: {  }; result: DatabaseView };
  billing_month: { args: { month: string }; result: BillingMonth };
  close_month: { args: { month: string }; result: Array<string> };
  reopen_month: { args: { month: string; reason: string }; result: null };
  billing_settings: { args: {  }; result: BillingSettings };
  save_billing_settings: { args: { settings: BillingSettings }; result: BillingSettings };
  export_billing_csv: { args: { month: string; language: Language }; result: string | null };
  add_block: { args: { customer: Id; month: string; hours: number | null; price: Int | null }; result: null };
  adjust_block: { args: { customer: Id; month: string; minutes: Int; reason: string }; result: null };
  export_basis_pdf: { args: { customer: Id; month: string; language: Language | null; paper: Paper }; result: string | null };
  export_service_report: { args: { customer: Id; month: string; language: Language | null; paper: Paper }; result: string | null };
  licensed_users: { args: { customer: Id }; result: Array<UsersFrom> };
  block_status: { args: { customer: Id }; result: BlockStatus | null };
  set_licensed_users: { args: { customer: Id; from: string; users: number }; result: Array<UsersFrom> };
  sla_report: { args: { from: string; to: string; customer: Id | null }; result: SlaReport };
  workload_report: { args: { from: string; to: string; customer: Id | null }; result: WorkloadReport };
  export_archive: { args: {  }; result: ArchiveExported | null };
  person_record: { args: { contact: Id }; result: PersonRecord };
  export_person_pdf: { args: { contact: Id; language: Language | null }; result: string | null };
  anonymise_person: { args: { contact: Id; redact: boolean }; result: Erased };
  erase_person: { args: { contact: Id; redact: boolean }; result: Erased };
  backup_status: { args: {  }; result: BackupStatus };
  back_up_now: { args: {  }; result: BackupStatus };
  list_backups: { args: {  }; result: Array<BackupFile> };
  inspect_backup: { args: { path: string }; result: BackupContents };
  choose_backup_file: { args: {  }; result: BackupContents | null };
  restore_backup: { args: { path: string }; result: Restored };
  choose_backup_folder: { args: {  }; result: BackupStatus | null };
  use_default_backup_folder: { args: {  }; result: BackupStatus };
  set_backup_policy: { args: { policy: BackupPolicy }; result: BackupStatus };
  update_status: { args: {  }; result: UpdateStatus };
  check_for_update: { args: {  }; result: UpdateFound | null };
  set_daily_update_check: { args: { daily: boolean }; result: UpdateStatus };
  install_update: { args: {  }; result: null };
}
