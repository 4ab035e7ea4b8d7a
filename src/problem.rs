//! Validation problems: what is wrong with which field.
//!
//! A problem names its field as a path (`plans[1].hours.windows[2].end`), carries a code the UI
//! translates (with `params` for the placeholders) and an English message for the CLI and logs.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ProblemCode {
    Required,
    TooLong,
    ControlCharacters,
    InvalidEmail,
    InvalidWebsite,
    InvalidPhone,
    InvalidTimeZone,
    InvalidTime,
    WindowOrder,
    WindowOverlap,
    DuplicateDate,
    ClosesAtOutsideHours,
    NotCustomaryDay,
    NotArchive,
    CallInClosedMonth,
    DuplicateCustomaryDay,
    InvalidCurrency,
    NotPositive,
    OutOfRange,
    DuplicateCode,
    NoSeverities,
    NoContacts,
    ResponseAfterResolution,
    NameTaken,
    DefaultRequired,
    DefaultArchived,
    LogoFormat,
    LogoTooLarge,
    LogoDimensions,
    InvalidDomain,
    InvalidGuid,
    InTheFuture,
    UnknownSeverity,
    InvalidHealthReference,
    /// A word from a fixed list (a status, a service, a channel) that is not on it.
    UnknownValue,
    NoSuchCustomer,
    NoSuchCall,
    NoSuchPlan,
    NoSuchContact,
    NoDefaultPlan,
    CustomerArchived,
    StatusChange,
    NotWaiting,
    AlreadyResolved,
    UseResolve,
    BeforeReceived,
    BeforePreviousEvent,
    TooEarly,
    SeverityInUse,
    PlanInUse,
    PlanMissingFromFile,
    CustomerHasCalls,
    NotJson,
    NotOfferingFile,
    NewerFileVersion,
    UnsupportedFileVersion,
    InvalidFileValue,
    InvalidUtf8,
    InvalidDate,
    InvalidDateTime,
    LocalTimeAmbiguous,
    LocalTimeMissing,
    InvalidLanguage,
    InvalidPaper,
    InvalidCountry,
    OutputIsDatabase,
    FileExists,
    NothingToDo,
    LogoUnprintable,
    NoOpenHours,
    /// A warning, not an error: the plan's escalation choice differs from what the profile's
    /// relationship allows; the sheet and the call desk follow the profile.
    EscalationFollowsProvider,
    EscalationFollowsPartner,
    PlanNameAmbiguous,
    TargetNotEmpty,
    SameDatabase,
    /// Someone else saved the record after this copy of it was loaded (`who`, `when`).
    Stale,
    /// The first response was already given (`who`, `when`).
    AlreadyResponded,
    NotOnTeam,
    LoginDisabled,
    NoSuchPerson,
    PersonDisabled,
    OwnersOnly,
    SurroundingSpace,
    ReservedLogin,
    PasswordTooShort,
    AlreadyOnTeam,
    LoginExists,
    DisableSelf,
    SoloDesk,
    InvalidHost,
    DisableFirstOwner,
    NoSuchLogin,
    InvalidMonth,
    MonthClosed,
    MonthNotOver,
    MonthNotClosed,
    LaterMonthClosed,
    NotBlockPlan,
    InvalidArticleCode,
    InvalidNumber,
    /// A file chosen to restore that does not exist (`path`).
    NoSuchFile,
    /// A file chosen to restore that another program wrote, or an empty one (`path`).
    NotCspDeskDatabase,
    /// A database written by a newer CSP Desk (`found`, `known`).
    NewerDatabase,
    /// A backup that fails SQLite's integrity check (`path`, `detail`).
    BackupDamaged,
    /// A team desk is backed up by its server.
    ServerBackups,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Problem {
    pub field: String,
    pub code: ProblemCode,
    /// Values for the message's placeholders, e.g. `max`.
    pub params: BTreeMap<String, String>,
    /// The problem in English, for the CLI and logs; the UI shows its own translation of `code`.
    pub message: String,
}

impl Problem {
    pub fn new(field: impl Into<String>, code: ProblemCode) -> Problem {
        Problem::with(field, code, &[])
    }

    pub fn with(field: impl Into<String>, code: ProblemCode, params: &[(&str, String)]) -> Problem {
        let params: BTreeMap<String, String> =
            params.iter().map(|(k, v)| ((*k).to_owned(), quote_param(k, v))).collect();
        let message = english(code, &params);
        Problem { field: field.into(), code, params, message }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// The longest value a message repeats; a longer one is cut with an ellipsis, so a 10 MB paste
/// is not echoed back whole.
pub const MAX_QUOTED: usize = 80;

/// `value`, at most [`MAX_QUOTED`] characters of it.
pub fn quote(value: &str) -> String {
    cut(value, MAX_QUOTED)
}

/// A parser's explanation (`detail`) names the spot and what was expected: it may be longer.
fn quote_param(key: &str, value: &str) -> String {
    cut(value, if key == "detail" { 3 * MAX_QUOTED } else { MAX_QUOTED })
}

fn cut(value: &str, max: usize) -> String {
    if value.chars().count() <= max {
        return value.to_owned();
    }
    let mut cut: String = value.chars().take(max - 1).collect();
    cut.push('…');
    cut
}

fn english(code: ProblemCode, params: &BTreeMap<String, String>) -> String {
    let p = |k: &str| params.get(k).cloned().unwrap_or_default();
    use ProblemCode::*;
    match code {
        Required => "is required".into(),
        TooLong => format!("is too long; at most {} characters", p("max")),
        ControlCharacters => "contains control characters; use plain text".into(),
        InvalidEmail => "is not an e-mail address; expected name@example.com".into(),
        InvalidWebsite => "is not a web address; expected https://example.com".into(),
        InvalidPhone => "is not a phone number; use digits, spaces, + - ( ) only".into(),
        InvalidTimeZone => {
            format!("'{}' is not an IANA time zone; expected e.g. Europe/Stockholm", p("value"))
        }
        InvalidTime => {
            format!("'{}' is not a time of day; expected HH:MM from 00:00 to 24:00", p("value"))
        }
        WindowOrder => "must end after it starts".into(),
        WindowOverlap => format!("overlaps the window {} on the same day", p("other")),
        DuplicateDate => format!("{} is listed twice", p("date")),
        ClosesAtOutsideHours => "a shortened day must close after 00:00 and before 24:00".into(),
        NotCustomaryDay => format!(
            "{} is not a customary day of the plan's holiday calendar; expected one of: {}",
            p("day"),
            p("expected")
        ),
        DuplicateCustomaryDay => format!("{} is listed twice", p("day")),
        CallInClosedMonth => format!("call {} has time billed in {}, a closed month: its invoice basis must not change; anonymise the person instead (their calls stay), or reopen the month", p("call"), p("month")),
        NotArchive => "is not a CSP Desk archive (expected \"format\": \"cspdesk-archive\"); choose a file written by `cspdesk archive export`".into(),
        InvalidCurrency => format!(
            "'{}' is not a currency code; expected three capital letters such as SEK or EUR",
            p("value")
        ),
        NotPositive => "must be greater than zero".into(),
        OutOfRange => format!("must be from {} to {}", p("min"), p("max")),
        DuplicateCode => format!("the code '{}' is used by another severity", p("code")),
        NoSeverities => "a plan needs at least one severity".into(),
        NoContacts => "a plan needs at least one way to contact support".into(),
        ResponseAfterResolution => {
            "the first-response target must not be longer than the resolution target".into()
        }
        NameTaken => format!("another plan is already called '{}'", p("name")),
        DefaultRequired => {
            "one plan must be the default; make another plan the default instead".into()
        }
        DefaultArchived => {
            "the default plan cannot be archived; make another plan the default first".into()
        }
        LogoFormat => "must be a PNG or JPEG image".into(),
        LogoTooLarge => format!("is too large; at most {} KB", p("max")),
        LogoDimensions => format!("must be from {} to {} pixels wide and high", p("min"), p("max")),
        InvalidDomain => "is not a domain name; expected e.g. contoso.onmicrosoft.com".into(),
        InvalidGuid => format!("'{}' is not a tenant ID; expected a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47", p("value")),
        InTheFuture => "is in the future; give a time no later than now".into(),
        UnknownSeverity => format!("'{}' is not a severity of the customer's plan; expected one of {}", p("value"), p("codes")),
        InvalidHealthReference => format!("'{}' is not a service-health id; expected letters and digits such as EX123456 or MO123456", p("value")),
        UnknownValue => format!("'{}' is not known; expected one of {}", p("value"), p("expected")),
        NoSuchCustomer => format!("there is no customer with id {}", p("id")),
        NoSuchCall => format!("there is no call with id {}", p("id")),
        NoSuchPlan => format!("there is no plan {}", p("plan")),
        NoSuchContact => format!("contact {} is not a contact of this customer", p("id")),
        NoDefaultPlan => "there is no default plan; start the app once, or import an offering".into(),
        CustomerArchived => "the customer is archived; restore it before logging calls".into(),
        StatusChange => format!("a call that is {} cannot become {}", p("from"), p("to")),
        NotWaiting => format!("only a waiting call can be resumed; this one is {}", p("status")),
        AlreadyResolved => format!("the call is already {}; reopen it first (--status in_progress)", p("status")),
        UseResolve => "use resolve, which records the resolution".into(),
        BeforeReceived => "is before the call was received; give a later time".into(),
        BeforePreviousEvent => format!("is before the call's last change ({}); changes are recorded in order", p("previous")),
        TooEarly => "is before the year 2000; give a later time".into(),
        SeverityInUse => format!("severity {} is used by {} calls and cannot be removed; keep it, or rename it instead", p("code"), p("calls")),
        PlanInUse => format!("the plan '{}' is used by {} customers and cannot be deleted; archive it instead", p("name"), p("customers")),
        PlanMissingFromFile => format!("the plan '{}' is used by {} customers but is not in the file; add it to the file (with \"archived\": true to stop offering it) and import again", p("name"), p("customers")),
        CustomerHasCalls => format!("the customer has {} calls and cannot be deleted; archive it instead", p("calls")),
        NotJson => format!("is not JSON: {}", p("detail")),
        NotOfferingFile => "is not a CSP Desk offering file (expected \"format\": \"cspdesk-offering\"); choose a file written by `cspdesk offering export`".into(),
        NewerFileVersion => format!("the file is format version {}, written by a newer CSP Desk; this version reads up to version {}: update CSP Desk", p("found"), p("supported")),
        UnsupportedFileVersion => format!("the file is format version {}, which this CSP Desk cannot read (it reads {}); export it again", p("found"), p("supported")),
        InvalidFileValue => p("detail"),
        InvalidUtf8 => format!("is not UTF-8 text: the byte at offset {} is not valid; save the file as UTF-8", p("offset")),
        InvalidDate => format!("'{}' is not a date; expected YYYY-MM-DD", p("value")),
        InvalidDateTime => format!("'{}' is not a time; expected 2026-11-23T10:00:00+01:00 or \"2026-11-23 10:00\"", p("value")),
        LocalTimeAmbiguous => format!("'{}' happens twice here (the clocks go back); give the offset: {} or {}", p("value"), p("first"), p("second")),
        LocalTimeMissing => format!("'{}' does not exist here (the clocks jump forward then); give a time before or after the change", p("value")),
        InvalidLanguage => format!("'{}' is not a language CSP Desk speaks; expected en or sv", p("value")),
        InvalidPaper => format!("'{}' is not a paper size; expected a4 or letter", p("value")),
        InvalidCountry => format!("'{}' has no built-in holiday calendar; expected one of {}", p("value"), p("expected")),
        OutputIsDatabase => format!("{} is the database itself (or one of its files); choose another file name", p("path")),
        FileExists => format!("{} already exists; choose a new file name", p("path")),
        NothingToDo => format!("nothing to do; give {}", p("options")),
        LogoUnprintable => format!("cannot be printed ({}); choose another PNG or JPEG image", p("detail")),
        NoOpenHours => "the plan has no service hours, so targets counted in service hours could never be met; add hours or count the targets around the clock".into(),
        EscalationFollowsProvider => format!("the profile says you are an indirect reseller, so problems for Microsoft go through {}; the terms sheet says so", p("provider")),
        EscalationFollowsPartner => "the profile says you bill directly, so you hand problems over to Microsoft yourself; the terms sheet says so".into(),
        SameDatabase => format!("{} is the database being copied; copy into another one", p("to")),
        TargetNotEmpty => format!(
            "the database to copy into already holds data (table {}); copy into a new file or an empty server database",
            p("table")
        ),
        Stale => format!("{} changed this at {} after you opened it; look at their change, then apply yours again", someone(&p("who")), p("when")),
        AlreadyResponded => format!("{} already gave the first response, at {}", someone(&p("who")), p("when")),
        NotOnTeam => format!("the login {} is not on this desk's team; ask an owner to add it (cspdesk team add {})", p("login"), p("login")),
        LoginDisabled => format!("the login {} has been disabled on this desk; ask an owner", p("login")),
        NoSuchPerson => format!("there is no one called {} on this desk's team", p("login")),
        PersonDisabled => format!("{} has been disabled; choose someone on the team", p("name")),
        OwnersOnly => "only an owner of the desk may do this".into(),
        SurroundingSpace => "begins or ends with a space; remove it".into(),
        ReservedLogin => "is a name the server keeps for itself; choose another".into(),
        PasswordTooShort => format!("is too short; at least {} characters", p("min")),
        AlreadyOnTeam => format!("{} is already on the team", p("login")),
        LoginExists => format!("the login {} already exists on the server and keeps its own password; add it without a password", p("login")),
        DisableSelf => "you cannot disable yourself; ask another owner".into(),
        SoloDesk => "a solo desk (a file) has one person; move it to a team server (cspdesk db copy) to add technicians".into(),
        DisableFirstOwner => format!("{} owns the desk's tables (its first owner) and cannot be disabled", p("login")),
        NoSuchLogin => format!("the server has no login {}; ask its administrator, or add a new person", p("login")),
        InvalidHost => format!("'{}' is not a server name; expected a host name such as desk.example.se or an IP address, without a port or path", p("value")),
        InvalidMonth => format!("'{}' is not a month; expected YYYY-MM, e.g. 2026-11", p("value")),
        MonthClosed => format!("{} is closed for billing; reopen it first (cspdesk month reopen {} --reason …)", p("month"), p("month")),
        MonthNotOver => format!("{} is not over yet; a month can be closed once it has ended", p("month")),
        MonthNotClosed => format!("{} is not closed", p("month")),
        LaterMonthClosed => format!("{} is closed too; reopen the latest closed month first", p("later")),
        NotBlockPlan => "the customer's plan is not a prepaid block of hours".into(),
        InvalidNumber => format!("'{}' is not a number; expected e.g. 8500 or 1,5 (at most two decimals)", p("value")),
        InvalidArticleCode => "an article code is one word, without spaces or semicolons".into(),
        NoSuchFile => format!("there is no file at {}", p("path")),
        NotCspDeskDatabase => format!("{} is not a CSP Desk database; nothing was changed. Choose a backup CSP Desk made", p("path")),
        NewerDatabase => format!("the file was written by a newer version of CSP Desk (schema {}; this version knows up to {}); nothing was changed. Install the newest CSP Desk to restore it", p("found"), p("known")),
        BackupDamaged => format!("{} is damaged ({}); nothing was changed. Choose another backup", p("path"), p("detail")),
        ServerBackups => "a team desk is backed up by its server (pg_dump, or the managed service's backups)".into(),
        PlanNameAmbiguous => format!("'{}' matches more than one plan by its Swedish and English names; give each plan in the file the names of one stored plan", p("name")),
    }
}

/// A person's name in a message; a person without one (a solo desk's owner who set none) is
/// "someone" (the UI says it in its own language).
fn someone(name: &str) -> &str {
    if name.is_empty() {
        "someone"
    } else {
        name
    }
}

/// Collects problems while a value is checked.
#[derive(Default)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    pub fn add(&mut self, field: impl Into<String>, code: ProblemCode) {
        self.0.push(Problem::new(field, code));
    }

    pub fn add_with(
        &mut self,
        field: impl Into<String>,
        code: ProblemCode,
        params: &[(&str, String)],
    ) {
        self.0.push(Problem::with(field, code, params));
    }

    /// Plain single-line text: not empty when `required`, at most `max` characters, no control
    /// characters.
    pub fn text(&mut self, field: &str, value: &str, required: bool, max: usize) {
        self.text_impl(field, value, required, max, false);
    }

    /// Like [`Problems::text`], but line breaks and tabs are allowed.
    pub fn multiline(&mut self, field: &str, value: &str, required: bool, max: usize) {
        self.text_impl(field, value, required, max, true);
    }

    fn text_impl(&mut self, field: &str, value: &str, required: bool, max: usize, lines: bool) {
        if required && value.trim().is_empty() {
            self.add(field, ProblemCode::Required);
        } else if value.chars().count() > max {
            self.add_with(field, ProblemCode::TooLong, &[("max", max.to_string())]);
        } else if value
            .chars()
            .any(|c| c.is_control() && !(lines && matches!(c, '\n' | '\r' | '\t')))
        {
            self.add(field, ProblemCode::ControlCharacters);
        }
    }
}
