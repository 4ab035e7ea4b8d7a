//! The call log: customers' support requests, worked in the CSP order (service health, own
//! troubleshooting, escalation), with their history, time entries and SLA clocks.
//!
//! - `mod.rs`: the types, and reading one call;
//! - [`workflow`]: logging a call and the [`Action`]s done to it, each applied in one
//!   transaction that also appends to `call_event` and recomputes the call's clocks;
//! - [`clocks`]: pauses, targets and the stored due times (recomputed in the caller's
//!   transaction, also when a plan or a customer's plan changes);
//! - [`list`]: filtered, sorted pages of calls; [`search`]: the full-text query and ranking.

use chrono::{DateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use crate::enums::text_enum;
use crate::offering::EscalationCategory;
use crate::problem::ProblemCode;
use crate::sla::ClockState;
use crate::{params, Db, Error, Result};

pub mod clocks;
pub mod list;
pub mod search;
pub mod workflow;

pub use list::{list_calls, CallFilter, CallSort};
pub use search::{fts_query, ts_query};
pub use workflow::{apply, apply_seen, log_call, Action};

/// Share of a target after which a clock is "due soon".
pub const WARN_AT: f64 = 0.8;
pub const MAX_SUMMARY: usize = 200;
pub const MAX_DESCRIPTION: usize = 20_000;

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

text_enum!(
    /// Who a call was handed to.
    EscalationTarget { None => "none", Microsoft => "microsoft", Provider => "provider" }
);
text_enum!(
    /// What an entry in a call's history records.
    EventKind {
        Status => "status",
        Responded => "responded",
        Health => "health",
        Troubleshooting => "troubleshooting",
        Escalated => "escalated",
        Assigned => "assigned",
    }
);

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
    /// Who works the call (a person's id); `None`: unassigned.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub assignee: Option<i64>,
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
    /// Why there is no due time, when the state is `noDueTime`.
    pub no_due_reason: Option<crate::sla::NoDueReason>,
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
    /// Who works the call (their name), if anyone.
    pub assignee: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub assignee_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CallEvent {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub at: DateTime<Utc>,
    pub what: Happened,
    /// Who did it (their name); `None` when not recorded.
    pub by: Option<String>,
}

/// What a history entry records, as values (each face writes it in its user's language).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case", rename_all_fields = "camelCase")]
#[cfg_attr(
    feature = "ts",
    ts(tag = "kind", rename_all = "snake_case", rename_all_fields = "camelCase")
)]
pub enum Happened {
    Status {
        status: Status,
    },
    Responded {},
    Health {
        reference: String,
        known_issue: bool,
    },
    Troubleshooting {},
    Escalated {
        to: EscalationTarget,
        category: Option<EscalationCategory>,
        reference: String,
    },
    /// Given to a person (`to`: their id, `name`: their name then), or to no one.
    Assigned {
        #[cfg_attr(feature = "ts", ts(type = "number | null"))]
        to: Option<i64>,
        name: String,
    },
}

impl Happened {
    pub fn kind(&self) -> EventKind {
        match self {
            Happened::Status { .. } => EventKind::Status,
            Happened::Responded {} => EventKind::Responded,
            Happened::Health { .. } => EventKind::Health,
            Happened::Troubleshooting {} => EventKind::Troubleshooting,
            Happened::Escalated { .. } => EventKind::Escalated,
            Happened::Assigned { .. } => EventKind::Assigned,
        }
    }

    /// The stored `detail`: the status code for a status change (the clocks read it), JSON of
    /// the values otherwise.
    pub(crate) fn detail(&self) -> String {
        match self {
            Happened::Status { status } => status.code().to_owned(),
            Happened::Responded {} | Happened::Troubleshooting {} => String::new(),
            other => serde_json::to_string(other).expect("event values serialise"),
        }
    }

    /// Reads a stored event. Entries written before schema 4's builds held English text
    /// ("EX123 no known issue", "microsoft 2511…"); they are read as well.
    pub(crate) fn read(kind: EventKind, detail: &str) -> Happened {
        if detail.starts_with('{') {
            if let Ok(h) = serde_json::from_str::<Happened>(detail) {
                if h.kind() == kind {
                    return h;
                }
            }
        }
        match kind {
            EventKind::Status => Happened::Status {
                status: Status::parse("status", detail).unwrap_or(Status::InProgress),
            },
            EventKind::Responded => Happened::Responded {},
            EventKind::Troubleshooting => Happened::Troubleshooting {},
            EventKind::Health => {
                let known_issue = !detail.ends_with("no known issue");
                let reference = detail
                    .trim_end_matches("no known issue")
                    .trim_end_matches("known issue")
                    .trim()
                    .to_owned();
                Happened::Health { reference, known_issue }
            }
            EventKind::Assigned => Happened::Assigned { to: None, name: String::new() },
            EventKind::Escalated => {
                let (to, reference) = detail.trim().split_once(' ').unwrap_or((detail.trim(), ""));
                Happened::Escalated {
                    to: EscalationTarget::parse("to", to).unwrap_or(EscalationTarget::Microsoft),
                    category: None,
                    reference: reference.trim().to_owned(),
                }
            }
        }
    }
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
    /// Who worked (their name); `None` when not recorded.
    pub by: Option<String>,
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
    pub escalation: EscalationTarget,
    pub escalation_category: Option<EscalationCategory>,
    pub escalation_reference: String,
    /// Where a problem for Microsoft goes from this desk: the provider for an indirect reseller
    /// (see [`crate::offering::escalation_route`]), Microsoft otherwise. The form's default.
    pub escalate_to: EscalationTarget,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub first_response_at: Option<DateTime<Utc>>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub resolved_at: Option<DateTime<Utc>>,
    pub resolution_text: String,
    pub events: Vec<CallEvent>,
    pub time_entries: Vec<TimeEntry>,
    /// Who logged the call (their name).
    pub logged_by: Option<String>,
    /// Raised by every change: what a change made from this copy says it saw (see
    /// [`workflow::apply_seen`]).
    pub version: i64,
}

fn ts(t: DateTime<Utc>) -> i64 {
    t.timestamp()
}

pub(crate) fn from_ts(s: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(s, 0).single().unwrap_or_default()
}

fn no_such_call(id: i64) -> Error {
    Error::not_found("id", ProblemCode::NoSuchCall, &[("id", id.to_string())])
}

/// Everything about one call.
pub fn get_call(db: &Db, id: i64, now: DateTime<Utc>) -> Result<CallDetail> {
    let conn = db.conn();
    // A list row's columns (0 to 14, read by `call_row`), then the detail's from 15 on.
    let sql = format!(
        "SELECT {}, call.customer_id, call.channel, call.contact_name, call.description,
                call.health_checked_at, call.health_reference, call.known_issue,
                call.troubleshooting_notes, call.escalation, call.escalation_category,
                call.escalation_reference, call.resolution,
                (SELECT coalesce(nullif(name, ''), login, '') FROM person WHERE person.id = call.logged_by),
                call.version
         {} WHERE call.id = ?1",
        list::ROW_COLUMNS,
        list::FROM
    );
    let Some(r) = conn.query_opt(&sql, params![id], |r| Ok(r.clone()))? else {
        return Err(no_such_call(id));
    };
    let r = &r;
    let row = list::call_row(conn, r, now, &mut list::PlanCache::new())?;
    let category: Option<EscalationCategory> = r.get(24)?;
    let events = conn.query_map(
        "SELECT at, kind, detail, (SELECT coalesce(nullif(name, ''), login, '') FROM person WHERE person.id = call_event.person_id)
         FROM call_event WHERE call_id = ?1 ORDER BY at, id",
        params![id],
        |r| {
            let (kind, detail): (EventKind, String) = (r.get(1)?, r.get(2)?);
            Ok(CallEvent { at: from_ts(r.get(0)?), what: Happened::read(kind, &detail), by: r.get(3)? })
        },
    )?;
    let time_entries = conn.query_map(
        "SELECT at, minutes, billable, note, (SELECT coalesce(nullif(name, ''), login, '') FROM person WHERE person.id = time_entry.person_id)
         FROM time_entry WHERE call_id = ?1 ORDER BY at, id",
        params![id],
        |r| {
            Ok(TimeEntry {
                at: from_ts(r.get(0)?),
                minutes: r.get(1)?,
                billable: r.get(2)?,
                note: r.get(3)?,
                by: r.get(4)?,
            })
        },
    )?;
    let escalate_to = match crate::offering::escalation_route(&crate::offering::read_profile(conn)?)
    {
        crate::offering::EscalatedBy::Provider => EscalationTarget::Provider,
        crate::offering::EscalatedBy::Partner => EscalationTarget::Microsoft,
    };
    Ok(CallDetail {
        escalate_to,
        customer_id: r.get(15)?,
        channel: r.get(16)?,
        contact: r.get(17)?,
        description: r.get(18)?,
        health_checked_at: r.get::<Option<i64>>(19)?.map(from_ts),
        health_reference: r.get(20)?,
        known_issue: r.get(21)?,
        troubleshooting_notes: r.get(22)?,
        escalation: r.get(23)?,
        escalation_category: category,
        escalation_reference: r.get(25)?,
        first_response_at: r.get::<Option<i64>>(8)?.map(from_ts),
        resolved_at: r.get::<Option<i64>>(10)?.map(from_ts),
        resolution_text: r.get(26)?,
        events,
        time_entries,
        logged_by: r.get(27)?,
        version: r.get(28)?,
        row,
    })
}
