//! Logging a call and working it. Every user action is one [`Action`] (or, from the CLI, a few
//! given together), applied by [`apply`] in one IMMEDIATE transaction: the input is checked
//! first, then the call is read under the write lock, the change is made, the history appended
//! and the clocks recomputed, all or nothing.

use chrono::{DateTime, NaiveDate, Utc};

use serde::Deserialize;

use super::{
    clocks, from_ts, no_such_call, ts, Escalation, EscalationTarget, Happened, Hint, NewCall,
    Status, MAX_DESCRIPTION, MAX_SUMMARY,
};
use crate::db::Conn;
use crate::offering::Relationship;
use crate::problem::{Problem, ProblemCode, Problems};
use crate::{params, Db, Error, Result};

/// Something done to a call: what both the app's buttons and `cspdesk call …` do.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "action", rename_all = "camelCase", rename_all_fields = "camelCase")]
#[cfg_attr(
    feature = "ts",
    ts(rename = "CallAction", rename_all = "camelCase", rename_all_fields = "camelCase")
)]
pub enum Action {
    /// The first response was given (once); a new call is then in progress.
    Respond,
    /// Waiting on the customer: the resolution clock stops.
    Wait,
    /// Work goes on after waiting (on the customer, Microsoft or the provider).
    Resume,
    Resolve {
        resolution: String,
    },
    Close,
    /// A resolved or closed call is in progress again.
    Reopen,
    /// Any status but resolved (which needs a resolution).
    SetStatus {
        status: Status,
    },
    /// Step 1: service health was checked; `reference` is the incident or advisory id.
    Health {
        reference: String,
        known_issue: bool,
    },
    /// Step 2: what troubleshooting with admin rights found.
    Troubleshoot {
        notes: String,
    },
    /// Step 3: handed to Microsoft (in a category) or to the indirect provider.
    Escalate {
        escalation: Escalation,
    },
    /// Minutes of work on the call.
    Time {
        minutes: u32,
        billable: bool,
        note: String,
    },
    /// Given to a person (their id), or to no one.
    Assign {
        #[cfg_attr(feature = "ts", ts(type = "number | null"))]
        to: Option<i64>,
    },
}

/// The longest time entry: a day.
pub const MAX_MINUTES: u32 = 24 * 60;

/// The earliest time anything can have happened to a call.
pub fn earliest() -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(2000, 1, 1)
        .expect("a date")
        .and_hms_opt(0, 0, 0)
        .expect("a time")
        .and_utc()
}

impl Action {
    /// What is wrong with the action's own input, before the call is looked at.
    pub fn problems(&self) -> Vec<Problem> {
        let mut p = Problems::default();
        match self {
            Action::Resolve { resolution } => {
                p.multiline("resolution", resolution, true, MAX_DESCRIPTION)
            }
            Action::SetStatus { status: Status::Resolved } => {
                p.add("status", ProblemCode::UseResolve)
            }
            Action::Health { reference, .. } => {
                let reference = reference.trim().to_ascii_uppercase();
                if !reference.is_empty() && !is_health_reference(&reference) {
                    p.add_with(
                        "healthReference",
                        ProblemCode::InvalidHealthReference,
                        &[("value", reference)],
                    );
                }
            }
            Action::Troubleshoot { notes } => {
                p.multiline("troubleshootingNotes", notes, true, MAX_DESCRIPTION)
            }
            Action::Escalate { escalation } => {
                let (Escalation::Microsoft { reference, .. } | Escalation::Provider { reference }) =
                    escalation;
                p.text("reference", reference.trim(), true, 100);
            }
            Action::Time { minutes, note, .. } => {
                if *minutes == 0 || *minutes > MAX_MINUTES {
                    p.add_with(
                        "minutes",
                        ProblemCode::OutOfRange,
                        &[("min", "1".into()), ("max", MAX_MINUTES.to_string())],
                    );
                }
                p.text("note", note, false, 500);
            }
            Action::Respond
            | Action::Wait
            | Action::Resume
            | Action::Close
            | Action::Reopen
            | Action::Assign { .. }
            | Action::SetStatus { .. } => {}
        }
        p.0
    }
}

/// Logs a call. Returns its id.
pub fn log_call(db: &mut Db, call: &NewCall, now: DateTime<Utc>) -> Result<i64> {
    let mut p = Problems::default();
    p.text("summary", &call.summary, true, MAX_SUMMARY);
    p.multiline("description", &call.description, false, MAX_DESCRIPTION);
    p.text("contactName", &call.contact_name, false, 200);
    check_time(&mut p, "receivedAt", call.received_at, now);
    let me = db.me()?.id;
    db.write(|tx| {
        let customer: Option<(i64, bool)> = tx
            .query_opt(
                "SELECT plan_id, archived FROM customer WHERE id = ?1", params![call.customer_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            ?;
        let Some((plan_id, archived)) = customer else {
            p.add_with(
                "customerId",
                ProblemCode::NoSuchCustomer,
                &[("id", call.customer_id.to_string())],
            );
            return Err(Error::Invalid(p.0));
        };
        if archived {
            p.add("customerId", ProblemCode::CustomerArchived);
        }
        let severity: Option<i64> = tx
            .query_opt(
                "SELECT id FROM severity WHERE plan_id = ?1 AND code = ?2 COLLATE NOCASE",
                params![plan_id, call.severity.trim()],
                |r| r.get(0),
            )
            ?;
        if severity.is_none() {
            let codes: Vec<String> = tx
                .prepare("SELECT code FROM severity WHERE plan_id = ?1 ORDER BY position")?
                .query_map(params![plan_id], |r| r.get(0))?;
            p.add_with(
                "severity",
                ProblemCode::UnknownSeverity,
                &[("value", call.severity.trim().to_owned()), ("codes", codes.join(", "))],
            );
        }
        let contact_name = match call.contact_id {
            Some(id) => tx
                .query_opt(
                    "SELECT name FROM contact WHERE id = ?1 AND customer_id = ?2",
                    params![id, call.customer_id],
                    |r| r.get::<String>(0),
                )
                ?
                .unwrap_or_else(|| {
                    p.add_with("contactId", ProblemCode::NoSuchContact, &[("id", id.to_string())]);
                    String::new()
                }),
            None => call.contact_name.trim().to_owned(),
        };
        if let Some(to) = call.assignee {
            if let Err(e) = crate::team::assignable(tx, "assignee", to) {
                p.0.extend(e.problems().iter().cloned());
            }
        }
        Error::check(std::mem::take(&mut p.0))?;
        let id = tx.insert(
            "INSERT INTO call (customer_id, contact_id, contact_name, received_at, channel, service, severity_id, summary, description, updated_at,
                               logged_by, updated_by, assignee_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12)",
            params![
                call.customer_id,
                call.contact_id,
                contact_name,
                ts(call.received_at),
                call.channel,
                call.service,
                severity,
                call.summary.trim(),
                call.description.trim(),
                ts(now),
                me,
                call.assignee
            ],
        )?;
        event(tx, id, me, call.received_at, &Happened::Status { status: Status::New })?;
        clocks::recompute(tx, id)?;
        Ok(id)
    })
}

/// Applies `actions` to call `id`, as done at `at`, in one transaction: all of them or none.
/// Returns guidance (never a refusal): check service health first; an indirect reseller
/// escalates via its provider.
pub fn apply(
    db: &mut Db,
    id: i64,
    actions: &[Action],
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Vec<Hint>> {
    apply_seen(db, id, None, actions, at, now)
}

/// Like [`apply`], from a copy of the call at version `seen` (what the user looked at): when
/// someone else changed the call since, nothing is done and the problem says who and when.
/// Time entries only add to a call and go through whatever happened meanwhile.
pub fn apply_seen(
    db: &mut Db,
    id: i64,
    seen: Option<i64>,
    actions: &[Action],
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Vec<Hint>> {
    let me = db.me()?.id;
    let mut p = Problems::default();
    for action in actions {
        p.0.extend(action.problems());
    }
    check_time(&mut p, "at", at, now);
    Error::check(p.0)?;
    db.write(|tx| {
        let mut cur = current(tx, id, me)?;
        let additive = actions.iter().all(|a| matches!(a, Action::Time { .. }));
        if let Some(seen) = seen.filter(|_| !additive) {
            if seen != cur.version {
                return Err(crate::edits::stale(tx, "call", id)?);
            }
        }
        if at < cur.received_at {
            return Err(Error::invalid("at", ProblemCode::BeforeReceived, &[]));
        }
        if at < cur.last_event {
            return Err(Error::invalid(
                "at",
                ProblemCode::BeforePreviousEvent,
                &[("previous", cur.last_event.to_rfc3339())],
            ));
        }
        let relationship = crate::offering::read_profile(tx)?.relationship;
        let mut hints = Vec::new();
        for action in actions {
            hints.extend(step(tx, id, &mut cur, action, at, relationship)?);
        }
        // Time only adds to a call: a colleague's open copy of it stays current.
        if !additive {
            tx.execute(
                "UPDATE call SET updated_at = ?2, updated_by = ?3, version = version + 1 WHERE id = ?1",
                params![id, ts(at), me],
            )?;
        }
        clocks::recompute(tx, id)?;
        Ok(hints)
    })
}

/// An instant of the history: not before 2000, not in the future.
fn check_time(p: &mut Problems, field: &str, at: DateTime<Utc>, now: DateTime<Utc>) {
    if at < earliest() {
        p.add(field, ProblemCode::TooEarly);
    } else if at > now {
        p.add(field, ProblemCode::InTheFuture);
    }
}

/// What a change needs to know of the call, kept up to date as the actions apply.
struct Current {
    /// Who is acting.
    by: i64,
    version: i64,
    status: Status,
    received_at: DateTime<Utc>,
    health_checked: bool,
    last_event: DateTime<Utc>,
}

fn current(conn: &Conn, id: i64, by: i64) -> Result<Current> {
    conn.query_opt(
        "SELECT status, received_at, health_checked_at IS NOT NULL,
                (SELECT max(at) FROM call_event WHERE call_id = call.id), version
         FROM call WHERE id = ?1",
        params![id],
        |r| {
            let received: i64 = r.get(1)?;
            Ok(Current {
                by,
                version: r.get(4)?,
                status: r.get(0)?,
                received_at: from_ts(received),
                health_checked: r.get(2)?,
                last_event: from_ts(r.get::<Option<i64>>(3)?.unwrap_or(received)),
            })
        },
    )?
    .ok_or_else(|| no_such_call(id))
}

fn step(
    conn: &Conn,
    id: i64,
    cur: &mut Current,
    action: &Action,
    at: DateTime<Utc>,
    relationship: Relationship,
) -> Result<Vec<Hint>> {
    match action {
        Action::Respond => {
            let n = conn.execute(
                "UPDATE call SET first_response_at = ?2 WHERE id = ?1 AND first_response_at IS NULL",
                params![id, ts(at)],
            )?;
            if n == 0 {
                return Err(already_responded(conn, id)?);
            }
            event(conn, id, cur.by, at, &Happened::Responded {})?;
            if cur.status == Status::New {
                set_status(conn, id, cur, Status::InProgress, at)?;
            }
        }
        Action::Wait => set_status(conn, id, cur, Status::WaitingCustomer, at)?,
        Action::Resume => {
            if !matches!(
                cur.status,
                Status::WaitingCustomer | Status::WaitingMicrosoft | Status::WaitingProvider
            ) {
                return Err(Error::conflict(
                    "status",
                    ProblemCode::NotWaiting,
                    &[("status", cur.status.code().into())],
                ));
            }
            set_status(conn, id, cur, Status::InProgress, at)?;
        }
        Action::Resolve { resolution } => {
            if !cur.status.is_open() {
                return Err(Error::conflict(
                    "status",
                    ProblemCode::AlreadyResolved,
                    &[("status", cur.status.code().into())],
                ));
            }
            conn.execute(
                "UPDATE call SET resolved_at = ?2, resolution = ?3,
                     first_response_at = coalesce(first_response_at, ?2) WHERE id = ?1",
                params![id, ts(at), resolution.trim()],
            )?;
            set_status(conn, id, cur, Status::Resolved, at)?;
        }
        Action::Close => set_status(conn, id, cur, Status::Closed, at)?,
        Action::Reopen => reopen(conn, id, cur, at)?,
        Action::SetStatus { status: Status::InProgress } if !cur.status.is_open() => {
            reopen(conn, id, cur, at)?
        }
        Action::SetStatus { status } => set_status(conn, id, cur, *status, at)?,
        Action::Health { reference, known_issue } => {
            let reference = reference.trim().to_ascii_uppercase();
            conn.execute(
                "UPDATE call SET health_checked_at = ?2, health_reference = ?3, known_issue = ?4 WHERE id = ?1",
                params![id, ts(at), reference, known_issue],
            )?;
            event(
                conn,
                id,
                cur.by,
                at,
                &Happened::Health { reference, known_issue: *known_issue },
            )?;
            cur.health_checked = true;
        }
        Action::Troubleshoot { notes } => {
            conn.execute(
                "UPDATE call SET troubleshooting_notes = ?2 WHERE id = ?1",
                params![id, notes.trim()],
            )?;
            event(conn, id, cur.by, at, &Happened::Troubleshooting {})?;
        }
        Action::Escalate { escalation } => {
            return escalate(conn, id, cur, escalation, at, relationship)
        }
        Action::Time { minutes, billable, note } => {
            let zone: String = conn.query_row(
                "SELECT p.time_zone FROM call c JOIN customer cu ON cu.id = c.customer_id
                 JOIN plan p ON p.id = cu.plan_id WHERE c.id = ?1",
                params![id],
                |r| r.get(0),
            )?;
            let (work, billing) =
                crate::billing::entry_months(conn, at, zone.parse().unwrap_or(chrono_tz::UTC))?;
            conn.execute(
                "INSERT INTO time_entry (call_id, at, minutes, billable, note, person_id, work_month, billing_month)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![id, ts(at), minutes, billable, note.trim(), cur.by, work.to_string(), billing.to_string()],
            )?;
        }
        Action::Assign { to } => {
            let (current, name): (Option<i64>, String) = match to {
                Some(to) => (Some(*to), crate::team::assignable(conn, "to", *to)?.name),
                None => (None, String::new()),
            };
            let n = conn.execute(
                "UPDATE call SET assignee_id = ?2 WHERE id = ?1 AND assignee_id IS DISTINCT FROM ?2",
                params![id, current],
            )?;
            if n > 0 {
                event(conn, id, cur.by, at, &Happened::Assigned { to: current, name })?;
            }
        }
    }
    Ok(Vec::new())
}

fn reopen(conn: &Conn, id: i64, cur: &mut Current, at: DateTime<Utc>) -> Result<()> {
    if !cur.status.is_open() {
        conn.execute("UPDATE call SET resolved_at = NULL WHERE id = ?1", params![id])?;
    }
    set_status(conn, id, cur, Status::InProgress, at)
}

fn escalate(
    conn: &Conn,
    id: i64,
    cur: &mut Current,
    escalation: &Escalation,
    at: DateTime<Utc>,
    relationship: Relationship,
) -> Result<Vec<Hint>> {
    let mut hints = Vec::new();
    if !cur.health_checked {
        hints.push(Hint::CheckServiceHealthFirst);
    }
    let (to, category, reference, status) = match escalation {
        Escalation::Microsoft { category, reference } => {
            if relationship == Relationship::IndirectReseller {
                hints.push(Hint::EscalateViaProvider);
            }
            (EscalationTarget::Microsoft, Some(*category), reference, Status::WaitingMicrosoft)
        }
        Escalation::Provider { reference } => {
            (EscalationTarget::Provider, None, reference, Status::WaitingProvider)
        }
    };
    let reference = reference.trim();
    conn.execute(
        "UPDATE call SET escalation = ?2, escalation_category = ?3, escalation_reference = ?4 WHERE id = ?1",
        params![id, to, category, reference],
    )?;
    let reference = reference.to_owned();
    event(conn, id, cur.by, at, &Happened::Escalated { to, category, reference })?;
    set_status(conn, id, cur, status, at)?;
    Ok(hints)
}

fn set_status(
    conn: &Conn,
    id: i64,
    cur: &mut Current,
    next: Status,
    at: DateTime<Utc>,
) -> Result<()> {
    let allowed = match (cur.status, next) {
        (a, b) if a == b => return Ok(()),
        (Status::Closed | Status::Resolved, Status::InProgress) => true, // reopen
        (Status::Resolved, Status::Closed) => true,
        (Status::Closed | Status::Resolved, _) => false,
        (_, Status::New | Status::Closed) => false,
        _ => true,
    };
    if !allowed {
        return Err(Error::conflict(
            "status",
            ProblemCode::StatusChange,
            &[("from", cur.status.code().into()), ("to", next.code().into())],
        ));
    }
    conn.execute("UPDATE call SET status = ?2 WHERE id = ?1", params![id, next])?;
    event(conn, id, cur.by, at, &Happened::Status { status: next })?;
    cur.status = next;
    Ok(())
}

fn event(conn: &Conn, call: i64, by: i64, at: DateTime<Utc>, what: &Happened) -> Result<()> {
    conn.execute(
        "INSERT INTO call_event (call_id, at, kind, detail, person_id) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![call, ts(at), what.kind(), what.detail(), by],
    )?;
    Ok(())
}

/// The refusal of a second first response: who gave the first, when.
fn already_responded(conn: &Conn, id: i64) -> Result<Error> {
    let (who, when): (Option<String>, Option<i64>) = conn.query_row(
        "SELECT (SELECT coalesce(nullif(p.name, ''), p.login, '') FROM call_event e JOIN person p ON p.id = e.person_id
                 WHERE e.call_id = call.id AND e.kind = 'responded' ORDER BY e.at DESC, e.id DESC LIMIT 1),
                first_response_at
         FROM call WHERE id = ?1",
        params![id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(Error::conflict(
        "action",
        ProblemCode::AlreadyResponded,
        &[
            ("who", who.unwrap_or_default()),
            ("when", when.map(|t| from_ts(t).to_rfc3339()).unwrap_or_default()),
        ],
    ))
}

fn is_health_reference(s: &str) -> bool {
    let letters = s.chars().take_while(char::is_ascii_uppercase).count();
    (2..=3).contains(&letters)
        && s.len() - letters >= 5
        && s[letters..].chars().all(|c| c.is_ascii_digit())
}
