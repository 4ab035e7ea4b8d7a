//! The clocks of calls: pauses read from the history, the targets that apply, and the stored
//! due and warning instants (`first_response_due`, `first_response_warn`, `resolution_due`,
//! `resolution_warn`) that make "overdue" and "due soon" index lookups.
//!
//! Every function here runs inside the caller's transaction: a call's change, a plan's save, a
//! customer's new plan and an offering import recompute the due times they affect in the same
//! transaction as the change itself. This is the one place the offering reaches up into the
//! call log (a plan's hours and targets drive its customers' open calls).

use chrono::{DateTime, Utc};

use super::{from_ts, ts, Status, WARN_AT};
use crate::db::{Conn, ToValue};
use crate::offering::Clock;
use crate::sla::{Pause, Schedule};
use crate::{params, Result};

/// The pauses of the resolution clock: time spent waiting on the customer, and on Microsoft or
/// the provider where the plan says so.
pub(crate) fn pauses(
    conn: &Conn,
    id: i64,
    rules: crate::offering::ClockPauses,
) -> Result<Vec<Pause>> {
    let stops = |status: Status| match status {
        Status::WaitingCustomer => true,
        Status::WaitingMicrosoft => rules.waiting_microsoft,
        Status::WaitingProvider => rules.waiting_provider,
        _ => false,
    };
    let events: Vec<(i64, Status)> = conn
        .prepare(
            "SELECT at, detail FROM call_event WHERE call_id = ?1 AND kind = 'status' ORDER BY at, id",
        )?
        .query_map(params![id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let mut out = Vec::new();
    let mut open: Option<i64> = None;
    for (at, status) in events {
        match (open, stops(status)) {
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

/// The targets that apply to a call: the severity with the call's code in the customer's
/// current plan (plans change while calls are open), else the one the call was logged with.
pub(crate) struct Targets {
    pub plan_id: i64,
    pub clock: Clock,
    pub first_response: u32,
    pub resolution: u32,
}

pub(crate) fn targets(conn: &Conn, id: i64) -> Result<Targets> {
    conn.query_row(
        "SELECT c.plan_id, coalesce(now_s.clock, s.clock), coalesce(now_s.first_response_minutes, s.first_response_minutes),
                coalesce(now_s.resolution_minutes, s.resolution_minutes)
         FROM call JOIN severity s ON s.id = call.severity_id
         JOIN customer c ON c.id = call.customer_id
         LEFT JOIN severity now_s ON now_s.plan_id = c.plan_id AND now_s.code = s.code
         WHERE call.id = ?1", params![id],
        |r| {
            Ok(Targets {
                plan_id: r.get(0)?,
                clock: r.get(1)?,
                first_response: r.get(2)?,
                resolution: r.get(3)?,
            })
        },
    )
}

/// A call's stored clock instants (seconds): when each target is due, and when it reaches the
/// warning share. None: not running (paused, or never due).
pub(crate) struct Stored {
    pub first_due: Option<i64>,
    pub first_warn: Option<i64>,
    pub resolution_due: Option<i64>,
    pub resolution_warn: Option<i64>,
}

impl Stored {
    /// The instants for a call received at `received` with these targets. The warning instant
    /// is when the clock has counted the warning share of its target: the same moment from
    /// which `sla::status` says "due soon" (`used >= WARN_AT * target`, in whole minutes).
    pub(crate) fn compute(
        schedule: &Schedule,
        clock: Clock,
        received: DateTime<Utc>,
        first_response: u32,
        resolution: u32,
        pauses: &[Pause],
    ) -> Stored {
        let at = |minutes: u32, pauses: &[Pause]| {
            schedule.due(clock, received, minutes, pauses).at().map(ts)
        };
        let warn = |target: u32| (WARN_AT * f64::from(target)).ceil() as u32;
        Stored {
            first_due: at(first_response, &[]),
            first_warn: at(warn(first_response), &[]),
            resolution_due: at(resolution, pauses),
            resolution_warn: at(warn(resolution), pauses),
        }
    }
}

/// Recomputes and stores a call's due and warning instants.
pub(crate) fn recompute(conn: &Conn, id: i64) -> Result<()> {
    let t = targets(conn, id)?;
    let plan = crate::offering::read_plan(conn, t.plan_id)?;
    let schedule = Schedule::new(&plan.hours)?;
    let received: i64 =
        conn.query_row("SELECT received_at FROM call WHERE id = ?1", params![id], |r| r.get(0))?;
    let s = Stored::compute(
        &schedule,
        t.clock,
        from_ts(received),
        t.first_response,
        t.resolution,
        &pauses(conn, id, plan.pauses)?,
    );
    conn.execute(
        "UPDATE call SET first_response_due = ?2, first_response_warn = ?3, resolution_due = ?4,
             resolution_warn = ?5
         WHERE id = ?1",
        params![id, s.first_due, s.first_warn, s.resolution_due, s.resolution_warn],
    )?;
    Ok(())
}

/// Recomputes the clocks of every open call (a file upgraded from a schema without warning
/// instants).
pub(crate) fn recompute_open(conn: &Conn) -> Result<()> {
    recompute_where(conn, "status NOT IN ('resolved', 'closed')", &[])
}

/// Recomputes the due times of a customer's open calls (its plan changed).
pub(crate) fn recompute_customer(conn: &Conn, customer: i64) -> Result<()> {
    recompute_where(
        conn,
        "customer_id = ?1 AND status NOT IN ('resolved', 'closed')",
        params![customer],
    )
}

/// Recomputes the due times of the open calls of a plan's customers (its hours or targets
/// changed). Pauses are kept: they come from each call's history.
pub(crate) fn recompute_plan(conn: &Conn, plan: i64) -> Result<()> {
    recompute_where(
        conn,
        "customer_id IN (SELECT id FROM customer WHERE plan_id = ?1) AND status NOT IN ('resolved', 'closed')",
        params![plan],
    )
}

/// Recomputes every call's due times (a file upgraded from a schema without them).
pub(crate) fn recompute_all(conn: &Conn) -> Result<()> {
    recompute_where(conn, "TRUE", &[])
}

fn recompute_where(conn: &Conn, filter: &str, values: &[&dyn ToValue]) -> Result<()> {
    let ids: Vec<i64> =
        conn.query_map(&format!("SELECT id FROM call WHERE {filter}"), values, |r| r.get(0))?;
    for id in ids {
        recompute(conn, id)?;
    }
    Ok(())
}
