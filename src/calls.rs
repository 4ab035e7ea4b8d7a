//! The call log: customers' support requests, worked in the CSP order (service health, own
//! troubleshooting, escalation), with their history, time entries and SLA clocks.
//!
//! Every change is one transaction that also appends to `call_event` and recomputes the call's
//! stored due times (`sla`). Pauses of the resolution clock are the spans the call spent in
//! "waiting on customer", read from its history.

use std::fmt;

use chrono::{DateTime, Duration, TimeZone, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::offering::{EscalationCategory, Relationship};
use crate::problem::{Problem, ProblemCode, Problems};
use crate::sla::{status as clock_status, ClockInput, ClockState, Due, Pause, Schedule};
use crate::{Db, Error, Result};

/// Share of a target after which a clock is "due soon".
pub const WARN_AT: f64 = 0.8;
pub const MAX_SUMMARY: usize = 200;
pub const MAX_DESCRIPTION: usize = 20_000;
/// A search ranks the most recent this many matching calls.
pub const RANKED_MATCHES: u32 = 500;

macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        pub enum $name { $(#[serde(rename = $text)] $variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];
            pub fn code(self) -> &'static str { match self { $($name::$variant => $text),* } }
            pub fn parse(field: &str, s: &str) -> Result<$name> {
                let s = s.trim().to_ascii_lowercase().replace('-', "_");
                $name::ALL.iter().copied().find(|v| v.code() == s).ok_or_else(|| Error::validation(
                    field,
                    format!("'{s}' is not known; expected one of {}", $name::ALL.iter().map(|v| v.code()).collect::<Vec<_>>().join(", ")),
                ))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.code()) }
        }
    };
}

text_enum!(Channel { Phone => "phone", Email => "email", Portal => "portal", Chat => "chat", OnSite => "on_site" });
text_enum!(
    /// The Microsoft service a call is about.
    Service {
        ExchangeOnline => "exchange_online",
        SharePointOnline => "sharepoint_online",
        OneDrive => "onedrive",
        Teams => "teams",
        EntraId => "entra_id",
        Intune => "intune",
        Defender => "defender",
        M365Apps => "m365_apps",
        Azure => "azure",
        Dynamics365 => "dynamics_365",
        PowerPlatform => "power_platform",
        Billing => "billing",
        Other => "other",
    }
);
text_enum!(Status {
    New => "new",
    InProgress => "in_progress",
    WaitingCustomer => "waiting_customer",
    WaitingMicrosoft => "waiting_microsoft",
    WaitingProvider => "waiting_provider",
    Resolved => "resolved",
    Closed => "closed",
});

impl Status {
    pub fn is_open(self) -> bool {
        !matches!(self, Status::Resolved | Status::Closed)
    }
}

/// A call as it is logged.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewCall {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub customer_id: i64,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub received_at: DateTime<Utc>,
    pub channel: Channel,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub contact_id: Option<i64>,
    /// Who called, when not a saved contact.
    pub contact_name: String,
    pub service: Service,
    /// A severity code of the customer's plan, e.g. "A".
    pub severity: String,
    pub summary: String,
    pub description: String,
}

/// What a partner may be told while working a call: guidance, never a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Hint {
    /// Escalating before service health was checked.
    CheckServiceHealthFirst,
    /// An indirect reseller escalating straight to Microsoft: the route is via the provider.
    EscalateViaProvider,
}

/// Where a call is escalated.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "to", rename_all = "camelCase", deny_unknown_fields)]
pub enum Escalation {
    /// A service request with Microsoft, in one of the five categories.
    Microsoft { category: EscalationCategory, reference: String },
    /// A ticket with the indirect provider.
    Provider { reference: String },
}

/// One clock of a call, for lists and details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ClockView {
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub due: Option<DateTime<Utc>>,
    pub state: ClockState,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CallRow {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub received_at: DateTime<Utc>,
    pub customer: String,
    pub severity: String,
    pub service: Service,
    pub summary: String,
    pub status: Status,
    pub first_response: ClockView,
    pub resolution: ClockView,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CallEvent {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub at: DateTime<Utc>,
    pub kind: String,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TimeEntry {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub at: DateTime<Utc>,
    pub minutes: u32,
    pub billable: bool,
    pub note: String,
}

/// Everything about one call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CallDetail {
    #[serde(flatten)]
    pub row: CallRow,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub customer_id: i64,
    pub channel: Channel,
    pub contact: String,
    pub description: String,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub health_checked_at: Option<DateTime<Utc>>,
    pub health_reference: String,
    pub known_issue: Option<bool>,
    pub troubleshooting_notes: String,
    pub escalation: String,
    pub escalation_category: Option<EscalationCategory>,
    pub escalation_reference: String,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub first_response_at: Option<DateTime<Utc>>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub resolved_at: Option<DateTime<Utc>>,
    pub resolution_text: String,
    pub events: Vec<CallEvent>,
    pub time_entries: Vec<TimeEntry>,
}

fn ts(t: DateTime<Utc>) -> i64 {
    t.timestamp()
}

fn from_ts(s: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(s, 0).single().unwrap_or_default()
}

/// Logs a call. Returns its id.
pub fn log_call(db: &mut Db, call: &NewCall, now: DateTime<Utc>) -> Result<i64> {
    let mut p = Problems::default();
    p.text("summary", &call.summary, true, MAX_SUMMARY);
    p.multiline("description", &call.description, false, MAX_DESCRIPTION);
    p.text("contactName", &call.contact_name, false, 200);
    if call.received_at > now + Duration::minutes(5) {
        p.add("receivedAt", ProblemCode::InTheFuture);
    }
    let conn = db.conn();
    let customer: Option<(i64, bool)> = conn
        .query_row(
            "SELECT plan_id, archived FROM customer WHERE id = ?1",
            [call.customer_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((plan_id, archived)) = customer else {
        return Err(Error::validation(
            "customerId",
            format!("there is no customer with id {}", call.customer_id),
        ));
    };
    if archived {
        return Err(Error::validation(
            "customerId",
            "the customer is archived; restore it before logging calls",
        ));
    }
    let severity: Option<i64> = conn
        .query_row(
            "SELECT id FROM severity WHERE plan_id = ?1 AND code = ?2 COLLATE NOCASE",
            params![plan_id, call.severity.trim()],
            |r| r.get(0),
        )
        .optional()?;
    if severity.is_none() {
        let codes: Vec<String> = conn
            .prepare("SELECT code FROM severity WHERE plan_id = ?1 ORDER BY position")?
            .query_map([plan_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        p.add_with(
            "severity",
            ProblemCode::UnknownSeverity,
            &[("value", call.severity.trim().to_owned()), ("codes", codes.join(", "))],
        );
    }
    let contact_name = match call.contact_id {
        Some(id) => {
            let name: Option<String> = conn
                .query_row(
                    "SELECT name FROM contact WHERE id = ?1 AND customer_id = ?2",
                    params![id, call.customer_id],
                    |r| r.get(0),
                )
                .optional()?;
            match name {
                Some(n) => n,
                None => {
                    return Err(Error::validation(
                        "contactId",
                        format!("contact {id} is not a contact of this customer"),
                    ))
                }
            }
        }
        None => call.contact_name.trim().to_owned(),
    };
    if !p.0.is_empty() {
        return Err(Error::Invalid(p.0));
    }
    let tx = db.conn_mut().transaction()?;
    tx.execute(
        "INSERT INTO call (customer_id, contact_id, contact_name, received_at, channel, service, severity_id, summary, description, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            call.customer_id,
            call.contact_id,
            contact_name,
            ts(call.received_at),
            call.channel.code(),
            call.service.code(),
            severity,
            call.summary.trim(),
            call.description.trim(),
            ts(now)
        ],
    )?;
    let id = tx.last_insert_rowid();
    event(&tx, id, call.received_at, "status", Status::New.code())?;
    recompute(&tx, id)?;
    tx.commit()?;
    Ok(id)
}

fn event(conn: &Connection, call: i64, at: DateTime<Utc>, kind: &str, detail: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO call_event (call_id, at, kind, detail) VALUES (?1, ?2, ?3, ?4)",
        params![call, ts(at), kind, detail],
    )?;
    Ok(())
}

struct Current {
    status: Status,
    received_at: DateTime<Utc>,
    health_checked: bool,
}

fn current(conn: &Connection, id: i64) -> Result<Current> {
    conn.query_row(
        "SELECT status, received_at, health_checked_at IS NOT NULL FROM call WHERE id = ?1",
        [id],
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, bool>(2)?)),
    )
    .optional()?
    .map(|(s, r, h)| {
        Ok(Current {
            status: Status::parse("status", &s)?,
            received_at: from_ts(r),
            health_checked: h,
        })
    })
    .unwrap_or_else(|| Err(Error::NotFound(format!("there is no call with id {id}"))))
}

/// Runs `change` on call `id` at `at` in one transaction, then recomputes its clocks.
fn change<T>(
    db: &mut Db,
    id: i64,
    at: DateTime<Utc>,
    change: impl FnOnce(&Connection, &Current) -> Result<T>,
) -> Result<T> {
    let tx = db.conn_mut().transaction()?;
    let cur = current(&tx, id)?;
    if at < cur.received_at {
        return Err(Error::validation("at", "is before the call was received"));
    }
    let out = change(&tx, &cur)?;
    tx.execute("UPDATE call SET updated_at = ?2 WHERE id = ?1", params![id, ts(at)])?;
    recompute(&tx, id)?;
    tx.commit()?;
    Ok(out)
}

fn set_status(
    conn: &Connection,
    id: i64,
    cur: &Current,
    next: Status,
    at: DateTime<Utc>,
) -> Result<()> {
    let allowed = match (cur.status, next) {
        (a, b) if a == b => return Ok(()),
        (Status::Closed, Status::InProgress) | (Status::Resolved, Status::InProgress) => true, // reopen
        (Status::Resolved, Status::Closed) => true,
        (Status::Closed, _) => false,
        (Status::Resolved, _) => false,
        (_, Status::New) => false,
        (_, Status::Closed) => false,
        _ => true,
    };
    if !allowed {
        return Err(Error::Conflict(format!("a call that is {} cannot become {next}", cur.status)));
    }
    conn.execute("UPDATE call SET status = ?2 WHERE id = ?1", params![id, next.code()])?;
    event(conn, id, at, "status", next.code())
}

/// Moves a call to `status` (reopen: `in_progress` from resolved or closed).
pub fn set_call_status(db: &mut Db, id: i64, status: Status, at: DateTime<Utc>) -> Result<()> {
    if status == Status::Resolved {
        return Err(Error::validation("status", "use resolve, which records the resolution"));
    }
    change(db, id, at, |conn, cur| {
        if matches!(cur.status, Status::Resolved | Status::Closed) && status == Status::InProgress {
            conn.execute("UPDATE call SET resolved_at = NULL WHERE id = ?1", [id])?;
        }
        set_status(conn, id, cur, status, at)
    })
}

/// Records the first response (once) and starts work on a new call.
pub fn respond(db: &mut Db, id: i64, at: DateTime<Utc>) -> Result<()> {
    change(db, id, at, |conn, cur| {
        let n = conn.execute(
            "UPDATE call SET first_response_at = ?2 WHERE id = ?1 AND first_response_at IS NULL",
            params![id, ts(at)],
        )?;
        if n > 0 {
            event(conn, id, at, "responded", "")?;
        }
        if cur.status == Status::New {
            set_status(conn, id, cur, Status::InProgress, at)?;
        }
        Ok(())
    })
}

pub fn wait_on_customer(db: &mut Db, id: i64, at: DateTime<Utc>) -> Result<()> {
    change(db, id, at, |conn, cur| set_status(conn, id, cur, Status::WaitingCustomer, at))
}

pub fn resume(db: &mut Db, id: i64, at: DateTime<Utc>) -> Result<()> {
    change(db, id, at, |conn, cur| {
        if !matches!(
            cur.status,
            Status::WaitingCustomer | Status::WaitingMicrosoft | Status::WaitingProvider
        ) {
            return Err(Error::Conflict(format!("the call is {}, not waiting", cur.status)));
        }
        set_status(conn, id, cur, Status::InProgress, at)
    })
}

pub fn resolve(db: &mut Db, id: i64, resolution: &str, at: DateTime<Utc>) -> Result<()> {
    let mut p = Problems::default();
    p.multiline("resolution", resolution, true, MAX_DESCRIPTION);
    if !p.0.is_empty() {
        return Err(Error::Invalid(p.0));
    }
    change(db, id, at, |conn, cur| {
        if !cur.status.is_open() {
            return Err(Error::Conflict(format!("the call is already {}", cur.status)));
        }
        conn.execute(
            "UPDATE call SET status = 'resolved', resolved_at = ?2, resolution = ?3,
                 first_response_at = coalesce(first_response_at, ?2) WHERE id = ?1",
            params![id, ts(at), resolution.trim()],
        )?;
        event(conn, id, at, "status", Status::Resolved.code())
    })
}

/// Step 1: service health was checked; `reference` is the incident or advisory id (EX123456).
pub fn check_service_health(
    db: &mut Db,
    id: i64,
    reference: &str,
    known_issue: bool,
    at: DateTime<Utc>,
) -> Result<()> {
    let reference = reference.trim().to_ascii_uppercase();
    if !reference.is_empty() && !is_health_reference(&reference) {
        return Err(Error::Invalid(vec![Problem::with(
            "healthReference",
            ProblemCode::InvalidHealthReference,
            &[("value", reference)],
        )]));
    }
    change(db, id, at, |conn, _| {
        conn.execute(
            "UPDATE call SET health_checked_at = ?2, health_reference = ?3, known_issue = ?4 WHERE id = ?1",
            params![id, ts(at), reference, known_issue],
        )?;
        event(
            conn,
            id,
            at,
            "health",
            &format!("{reference} {}", if known_issue { "known issue" } else { "no known issue" }),
        )
    })
}

/// Step 2: what troubleshooting with admin rights found.
pub fn troubleshoot(db: &mut Db, id: i64, notes: &str, at: DateTime<Utc>) -> Result<()> {
    let mut p = Problems::default();
    p.multiline("troubleshootingNotes", notes, true, MAX_DESCRIPTION);
    if !p.0.is_empty() {
        return Err(Error::Invalid(p.0));
    }
    change(db, id, at, |conn, _| {
        conn.execute(
            "UPDATE call SET troubleshooting_notes = ?2 WHERE id = ?1",
            params![id, notes.trim()],
        )?;
        event(conn, id, at, "troubleshooting", "")
    })
}

/// Step 3: hands the call to Microsoft or the indirect provider. Returns guidance (never a
/// refusal): check service health first; an indirect reseller escalates via its provider.
pub fn escalate(
    db: &mut Db,
    id: i64,
    escalation: &Escalation,
    at: DateTime<Utc>,
) -> Result<Vec<Hint>> {
    let reference = match escalation {
        Escalation::Microsoft { reference, .. } | Escalation::Provider { reference } => {
            reference.trim().to_owned()
        }
    };
    let mut p = Problems::default();
    p.text("reference", &reference, true, 100);
    if !p.0.is_empty() {
        return Err(Error::Invalid(p.0));
    }
    let relationship = crate::offering::load_profile(db)?.relationship;
    change(db, id, at, |conn, cur| {
        let mut hints = Vec::new();
        if !cur.health_checked {
            hints.push(Hint::CheckServiceHealthFirst);
        }
        let (to, category, status) = match escalation {
            Escalation::Microsoft { category, .. } => {
                if relationship == Relationship::IndirectReseller {
                    hints.push(Hint::EscalateViaProvider);
                }
                ("microsoft", Some(*category), Status::WaitingMicrosoft)
            }
            Escalation::Provider { .. } => ("provider", None, Status::WaitingProvider),
        };
        let category_code = category.map(|c| match c {
            EscalationCategory::Undocumented => "undocumented",
            EscalationCategory::Unavailable => "unavailable",
            EscalationCategory::Defect => "defect",
            EscalationCategory::Network => "network",
            EscalationCategory::Regional => "regional",
        });
        conn.execute(
            "UPDATE call SET escalation = ?2, escalation_category = ?3, escalation_reference = ?4 WHERE id = ?1",
            params![id, to, category_code, reference],
        )?;
        event(conn, id, at, "escalated", &format!("{to} {reference}"))?;
        set_status(conn, id, cur, status, at)?;
        Ok(hints)
    })
}

pub fn add_time(
    db: &mut Db,
    id: i64,
    minutes: u32,
    billable: bool,
    note: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    let mut p = Problems::default();
    if minutes == 0 || minutes > 24 * 60 {
        p.add_with(
            "minutes",
            ProblemCode::OutOfRange,
            &[("min", "1".into()), ("max", (24 * 60).to_string())],
        );
    }
    p.text("note", note, false, 500);
    if !p.0.is_empty() {
        return Err(Error::Invalid(p.0));
    }
    change(db, id, at, |conn, _| {
        conn.execute(
            "INSERT INTO time_entry (call_id, at, minutes, billable, note) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, ts(at), minutes, billable, note.trim()],
        )?;
        Ok(())
    })
}

fn is_health_reference(s: &str) -> bool {
    let letters = s.chars().take_while(char::is_ascii_uppercase).count();
    (2..=3).contains(&letters)
        && s.len() - letters >= 5
        && s[letters..].chars().all(|c| c.is_ascii_digit())
}

/// The pauses of the resolution clock: time spent waiting on the customer.
fn pauses(conn: &Connection, id: i64) -> Result<Vec<Pause>> {
    let events: Vec<(i64, String)> = conn
        .prepare_cached("SELECT at, detail FROM call_event WHERE call_id = ?1 AND kind = 'status' ORDER BY at, id")?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    let mut open: Option<i64> = None;
    for (at, status) in events {
        match (open, status == Status::WaitingCustomer.code()) {
            (None, true) => open = Some(at),
            (Some(from), false) => {
                out.push(Pause { from: from_ts(from), to: Some(from_ts(at)) });
                open = None;
            }
            _ => {}
        }
    }
    if let Some(from) = open {
        out.push(Pause { from: from_ts(from), to: None });
    }
    Ok(out)
}

/// The severity that applies: the one with the call's code in the customer's current plan
/// (plans change while calls are open), else the one the call was logged with.
fn targets(conn: &Connection, id: i64) -> Result<(i64, crate::offering::Clock, u32, u32)> {
    Ok(conn.query_row(
        "SELECT c.plan_id, coalesce(now_s.clock, s.clock), coalesce(now_s.first_response_minutes, s.first_response_minutes),
                coalesce(now_s.resolution_minutes, s.resolution_minutes)
         FROM call JOIN severity s ON s.id = call.severity_id
         JOIN customer c ON c.id = call.customer_id
         LEFT JOIN severity now_s ON now_s.plan_id = c.plan_id AND now_s.code = s.code
         WHERE call.id = ?1",
        [id],
        |r| {
            let clock = if r.get::<_, String>(1)? == "calendar" { crate::offering::Clock::Calendar } else { crate::offering::Clock::ServiceHours };
            Ok((r.get(0)?, clock, r.get(2)?, r.get(3)?))
        },
    )?)
}

/// Recomputes and stores a call's due times.
fn recompute(conn: &Connection, id: i64) -> Result<()> {
    let (plan_id, clock, first, resolution) = targets(conn, id)?;
    let plan = crate::offering::store_read_plan(conn, plan_id)?;
    let schedule = Schedule::new(&plan.hours)?;
    let received: i64 =
        conn.query_row("SELECT received_at FROM call WHERE id = ?1", [id], |r| r.get(0))?;
    let received = from_ts(received);
    let at = |d: Due| match d {
        Due::At(t) => Some(ts(t)),
        _ => None,
    };
    let first_due = at(schedule.due(clock, received, first, &[]));
    let resolution_due = at(schedule.due(clock, received, resolution, &pauses(conn, id)?));
    conn.execute(
        "UPDATE call SET first_response_due = ?2, resolution_due = ?3 WHERE id = ?1",
        params![id, first_due, resolution_due],
    )?;
    Ok(())
}

/// Recomputes the due times of a customer's open calls (its plan changed).
pub fn recompute_customer(db: &mut Db, customer: i64) -> Result<()> {
    recompute_where(db, "customer_id = ?1", customer)
}

/// Recomputes the due times of the open calls of a plan's customers (its hours or targets
/// changed). Pauses are kept: they come from each call's history.
pub fn recompute_plan(db: &mut Db, plan: i64) -> Result<()> {
    recompute_where(db, "customer_id IN (SELECT id FROM customer WHERE plan_id = ?1)", plan)
}

fn recompute_where(db: &mut Db, filter: &str, value: i64) -> Result<()> {
    let tx = db.conn_mut().transaction()?;
    let ids: Vec<i64> = tx
        .prepare(&format!(
            "SELECT id FROM call WHERE {filter} AND status NOT IN ('resolved', 'closed')"
        ))?
        .query_map([value], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in ids {
        recompute(&tx, id)?;
    }
    tx.commit()?;
    Ok(())
}

/// Which calls a list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", default)]
pub struct CallFilter {
    pub statuses: Vec<Status>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub customer_id: Option<i64>,
    pub severity: Option<String>,
    /// Only calls past a due time.
    pub overdue: bool,
    /// Only open calls with a clock at or past the warning share, not yet breached.
    pub due_soon: bool,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub from: Option<DateTime<Utc>>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub to: Option<DateTime<Utc>>,
    /// Words to find in summary, description, notes, resolution or customer name.
    pub query: Option<String>,
    /// The order of the list; a search orders by best match unless asked otherwise.
    pub sort: Option<CallSort>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum CallSort {
    Newest,
    Oldest,
    /// The nearest due time first (first response until given, then resolution).
    Due,
    Severity,
    Customer,
}

/// A page of calls, newest first (or best match first when searching).
pub fn list_calls(
    db: &Db,
    filter: &CallFilter,
    now: DateTime<Utc>,
    limit: u32,
    offset: u32,
) -> Result<Vec<CallRow>> {
    const FROM: &str = "FROM call JOIN customer ON customer.id = call.customer_id JOIN severity ON severity.id = call.severity_id";
    let (mut wheres, mut args) = filter_clauses(filter, now);
    let query = filter.query.as_deref().map(fts_query).filter(|q| !q.is_empty());
    if let Some(q) = &query {
        wheres.insert(0, "call_search MATCH ?".into());
        args.insert(0, q.clone().into());
    }
    let where_sql =
        if wheres.is_empty() { String::new() } else { format!(" WHERE {}", wheres.join(" AND ")) };
    let search_join =
        if query.is_some() { " JOIN call_search ON call_search.rowid = call.id" } else { "" };

    if query.is_some() && filter.sort.is_none() {
        // Best match first. Ranking every match of a common word in a million calls with FTS5's
        // bm25 takes a tenth of a second, so the newest RANKED_MATCHES matches (cheap: the index
        // is read in rowid order and stops early) are ranked here.
        let words = search_words(filter.query.as_deref().unwrap_or_default());
        let sql = format!(
            "SELECT call.id, call.summary, customer.name, call.description, call.troubleshooting_notes, call.resolution
             {FROM}{search_join}{where_sql} ORDER BY call_search.rowid DESC LIMIT {RANKED_MATCHES}"
        );
        let mut stmt = db.conn().prepare(&sql)?;
        let mut scored: Vec<(u32, i64)> = stmt
            .query_map(rusqlite::params_from_iter(args), |r| {
                let texts: [String; 5] = [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?];
                Ok((relevance(&words, &texts), r.get(0)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        // Higher score first; newer (larger id) first among equals.
        scored.sort_by(|a, b| b.cmp(a));
        let ids: Vec<i64> = scored.into_iter().map(|(_, id)| id).collect();
        return rows_for(db, filter, &ids, now, limit, offset);
    }

    let order = match filter.sort {
        None | Some(CallSort::Newest) => "call.received_at DESC, call.id DESC",
        Some(CallSort::Oldest) => "call.received_at, call.id",
        Some(CallSort::Due) => {
            "coalesce(CASE WHEN call.first_response_at IS NULL THEN call.first_response_due END,
                      CASE WHEN call.resolved_at IS NULL THEN call.resolution_due END) IS NULL,
             coalesce(CASE WHEN call.first_response_at IS NULL THEN call.first_response_due END,
                      CASE WHEN call.resolved_at IS NULL THEN call.resolution_due END),
             call.received_at DESC"
        }
        Some(CallSort::Severity) => "severity.position, call.received_at DESC",
        Some(CallSort::Customer) => "customer.name COLLATE NOCASE, call.received_at DESC",
    };
    // "Due soon" needs the clocks, computed per row: read on until the page is full.
    let (sql_limit, sql_offset) = if filter.due_soon { (u32::MAX, 0) } else { (limit, offset) };
    let sql = format!(
        "SELECT {ROW_COLUMNS} {FROM}{search_join}{where_sql} ORDER BY {order} LIMIT {sql_limit} OFFSET {sql_offset}"
    );
    let conn = db.conn();
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
    let mut plans = PlanCache::new();
    // Without "due soon" the database already skipped `offset` rows.
    let skip = if filter.due_soon { offset } else { 0 };
    page(filter, limit, skip, || match rows.next()? {
        Some(r) => call_row(conn, r, now, &mut plans).map(Some),
        None => Ok(None),
    })
}

/// Takes rows from `next` until `limit` are collected, after dropping those that are not due
/// soon (when the filter asks for that) and then the first `skip`.
fn page(
    filter: &CallFilter,
    limit: u32,
    skip: u32,
    mut next: impl FnMut() -> Result<Option<CallRow>>,
) -> Result<Vec<CallRow>> {
    let mut out = Vec::new();
    let mut skipped = 0;
    while out.len() < limit as usize {
        let Some(row) = next()? else { break };
        if filter.due_soon && !is_due_soon(&row) {
            continue;
        }
        if skipped < skip {
            skipped += 1;
            continue;
        }
        out.push(row);
    }
    Ok(out)
}

const ROW_COLUMNS: &str = "call.id, call.received_at, customer.name, severity.code, call.service, call.summary, call.status,
     call.first_response_due, call.first_response_at, call.resolution_due, call.resolved_at";

fn is_due_soon(row: &CallRow) -> bool {
    [row.first_response.state, row.resolution.state].contains(&ClockState::DueSoon)
}

/// The filters other than the search words, as SQL conditions and their values.
fn filter_clauses(
    filter: &CallFilter,
    now: DateTime<Utc>,
) -> (Vec<String>, Vec<rusqlite::types::Value>) {
    let mut wheres: Vec<String> = Vec::new();
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    if !filter.statuses.is_empty() {
        wheres.push(format!("call.status IN ({})", vec!["?"; filter.statuses.len()].join(", ")));
        args.extend(filter.statuses.iter().map(|s| s.code().to_owned().into()));
    }
    if let Some(c) = filter.customer_id {
        wheres.push("call.customer_id = ?".into());
        args.push(c.into());
    }
    if let Some(s) = &filter.severity {
        wheres.push("severity.code = ? COLLATE NOCASE".into());
        args.push(s.trim().to_owned().into());
    }
    if let Some(f) = filter.from {
        wheres.push("call.received_at >= ?".into());
        args.push(ts(f).into());
    }
    if let Some(t) = filter.to {
        wheres.push("call.received_at < ?".into());
        args.push(ts(t).into());
    }
    if filter.overdue {
        wheres.push(
            "(call.id IN (SELECT id FROM call WHERE first_response_at IS NULL AND first_response_due IS NOT NULL AND first_response_due <= ?)
              OR call.id IN (SELECT id FROM call WHERE resolved_at IS NULL AND resolution_due IS NOT NULL AND resolution_due <= ?))"
                .into(),
        );
        args.push(ts(now).into());
        args.push(ts(now).into());
    }
    if filter.due_soon {
        wheres.push("call.status NOT IN ('resolved', 'closed')".into());
    }
    (wheres, args)
}

/// The rows of `ids`, in that order, after the due-soon filter, one page of them.
fn rows_for(
    db: &Db,
    filter: &CallFilter,
    ids: &[i64],
    now: DateTime<Utc>,
    limit: u32,
    offset: u32,
) -> Result<Vec<CallRow>> {
    let conn = db.conn();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ROW_COLUMNS} FROM call JOIN customer ON customer.id = call.customer_id
         JOIN severity ON severity.id = call.severity_id WHERE call.id = ?1"
    ))?;
    let mut plans = PlanCache::new();
    let mut ids = ids.iter();
    page(filter, limit, offset, || {
        for id in ids.by_ref() {
            let mut rows = stmt.query([id])?;
            if let Some(r) = rows.next()? {
                return call_row(conn, r, now, &mut plans).map(Some);
            }
        }
        Ok(None)
    })
}

/// The words of a search, folded like the index folds them; the last one may be a prefix.
fn search_words(input: &str) -> Vec<String> {
    input
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(16)
        .map(fold)
        .collect()
}

/// Lower case without diacritics: "Södertälje" → "sodertalje".
fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
            'ç' | 'ć' | 'č' => 'c',
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' | 'ń' | 'ň' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ő' => 'o',
            'ù' | 'ú' | 'û' | 'ü' | 'ű' | 'ů' => 'u',
            'ý' | 'ÿ' => 'y',
            'ł' => 'l',
            'ř' => 'r',
            'š' | 'ś' => 's',
            'ž' | 'ź' | 'ż' => 'z',
            other => other,
        })
        .collect()
}

/// How well a call matches: each search word found in the summary counts 6, in the customer's
/// name 4, in the description 2, in notes or resolution 1. The last word matches as a prefix.
fn relevance(words: &[String], texts: &[String; 5]) -> u32 {
    const WEIGHTS: [u32; 5] = [6, 4, 2, 1, 1];
    let folded: Vec<Vec<String>> = texts.iter().map(|t| search_words(t)).collect();
    let mut score = 0;
    for (i, word) in words.iter().enumerate() {
        let last = i + 1 == words.len();
        for (tokens, weight) in folded.iter().zip(WEIGHTS) {
            if tokens.iter().any(|t| t == word || (last && t.starts_with(word.as_str()))) {
                score += weight;
            }
        }
    }
    score
}

/// Plans read while listing, by id: a page of calls usually shares a few plans.
type PlanCache = std::collections::HashMap<i64, crate::offering::Plan>;

fn call_row(
    conn: &Connection,
    r: &rusqlite::Row,
    now: DateTime<Utc>,
    plans: &mut PlanCache,
) -> Result<CallRow> {
    let id: i64 = r.get(0)?;
    let received_at = from_ts(r.get(1)?);
    let status = Status::parse("status", &r.get::<_, String>(6)?)?;
    let (first_due, first_at, res_due, res_at): (
        Option<i64>,
        Option<i64>,
        Option<i64>,
        Option<i64>,
    ) = (r.get(7)?, r.get(8)?, r.get(9)?, r.get(10)?);
    let mut clock =
        |due: Option<i64>, met: Option<i64>, target_is_first: bool| -> Result<ClockView> {
            let state = match (met, due) {
                (Some(m), Some(d)) if m > d => ClockState::Breached,
                (Some(_), _) => ClockState::Met,
                (None, Some(d)) if ts(now) >= d => ClockState::Breached,
                (None, None) if !target_is_first && status == Status::WaitingCustomer => {
                    ClockState::Paused
                }
                (None, _) => {
                    // Due soon needs the share used: computed with the plan's hours.
                    let (plan_id, clock, first, resolution) = targets(conn, id)?;
                    if let std::collections::hash_map::Entry::Vacant(e) = plans.entry(plan_id) {
                        e.insert(crate::offering::store_read_plan(conn, plan_id)?);
                    }
                    let schedule = Schedule::new(&plans[&plan_id].hours)?;
                    let pauses = if target_is_first { Vec::new() } else { pauses(conn, id)? };
                    let target = if target_is_first { first } else { resolution };
                    let input = ClockInput {
                        clock,
                        start: received_at,
                        target_minutes: target,
                        pauses: &pauses,
                        met_at: None,
                        warn_at: WARN_AT,
                    };
                    clock_status(&schedule, input, now).state
                }
            };
            Ok(ClockView { due: due.map(from_ts), state })
        };
    Ok(CallRow {
        id,
        received_at,
        customer: r.get(2)?,
        severity: r.get(3)?,
        service: Service::parse("service", &r.get::<_, String>(4)?)?,
        summary: r.get(5)?,
        status,
        first_response: clock(first_due, first_at, true)?,
        resolution: clock(res_due, res_at, false)?,
    })
}

/// A user's words as an FTS5 query: each word quoted (so quotes, operators and unbalanced input
/// are plain text), all words required, the last one as a prefix.
pub fn fts_query(input: &str) -> String {
    let words: Vec<String> = input
        .split(|c: char| c.is_whitespace() || (c.is_ascii_punctuation() && c != '-' && c != '\''))
        .filter(|w| !w.is_empty())
        .take(16)
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect();
    match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} {last}*", rest.join(" ")),
        Some((last, _)) => format!("{last}*"),
        None => String::new(),
    }
}

pub fn get_call(db: &Db, id: i64, now: DateTime<Utc>) -> Result<CallDetail> {
    let conn = db.conn();
    let mut stmt = conn.prepare(
        "SELECT call.id, call.received_at, customer.name, severity.code, call.service, call.summary, call.status,
                call.first_response_due, call.first_response_at, call.resolution_due, call.resolved_at,
                call.customer_id, call.channel, call.contact_name, call.description, call.health_checked_at,
                call.health_reference, call.known_issue, call.troubleshooting_notes, call.escalation,
                call.escalation_category, call.escalation_reference, call.resolution
         FROM call JOIN customer ON customer.id = call.customer_id JOIN severity ON severity.id = call.severity_id
         WHERE call.id = ?1",
    )?;
    let mut rows = stmt.query([id])?;
    let Some(r) = rows.next()? else {
        return Err(Error::NotFound(format!("there is no call with id {id}")));
    };
    let row = call_row(conn, r, now, &mut PlanCache::new())?;
    let category = r.get::<_, Option<String>>(20)?.and_then(|c| {
        EscalationCategory::ALL.into_iter().find(|x| {
            serde_json::to_value(x).ok().and_then(|v| v.as_str().map(str::to_owned)).as_deref()
                == Some(c.as_str())
        })
    });
    let events = conn
        .prepare("SELECT at, kind, detail FROM call_event WHERE call_id = ?1 ORDER BY at, id")?
        .query_map([id], |r| {
            Ok(CallEvent { at: from_ts(r.get(0)?), kind: r.get(1)?, detail: r.get(2)? })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let time_entries = conn
        .prepare(
            "SELECT at, minutes, billable, note FROM time_entry WHERE call_id = ?1 ORDER BY at, id",
        )?
        .query_map([id], |r| {
            Ok(TimeEntry {
                at: from_ts(r.get(0)?),
                minutes: r.get(1)?,
                billable: r.get(2)?,
                note: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(CallDetail {
        customer_id: r.get(11)?,
        channel: Channel::parse("channel", &r.get::<_, String>(12)?)?,
        contact: r.get(13)?,
        description: r.get(14)?,
        health_checked_at: r.get::<_, Option<i64>>(15)?.map(from_ts),
        health_reference: r.get(16)?,
        known_issue: r.get(17)?,
        troubleshooting_notes: r.get(18)?,
        escalation: r.get(19)?,
        escalation_category: category,
        escalation_reference: r.get(21)?,
        first_response_at: r.get::<_, Option<i64>>(8)?.map(from_ts),
        resolved_at: r.get::<_, Option<i64>>(10)?.map(from_ts),
        resolution_text: r.get(22)?,
        events,
        time_entries,
        row,
    })
}
