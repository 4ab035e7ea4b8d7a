//! Closing a billing month: its invoice bases are stored as they are and its time can no longer
//! change; time added later for it is billed in the next open month as a correction. Months close
//! in order: closing a month closes every earlier month too (a desk that starts closing has its
//! history closed with it), and only the latest closed month can be reopened.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use super::{basis, Month};
use crate::db::Conn;
use crate::problem::ProblemCode;
use crate::{params, Db, Error, Result};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct MonthState {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub month: Month,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub closed_at: DateTime<Utc>,
    pub closed_by: String,
}

crate::enums::text_enum!(MonthEventKind { Closed => "closed", Reopened => "reopened" });

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct MonthEvent {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub month: Month,
    pub kind: MonthEventKind,
    pub reason: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub at: DateTime<Utc>,
    pub by: String,
}

const PERSON_NAME: &str =
    "coalesce((SELECT coalesce(nullif(name, ''), login, '') FROM person WHERE id = ?), '')";

/// The latest closed month: it and every month before it are closed.
pub(crate) fn closed_through(conn: &Conn) -> Result<Option<Month>> {
    let m: Option<String> =
        conn.query_row("SELECT max(month) FROM billing_month", &[], |r| r.get(0))?;
    Ok(m.and_then(|m| m.parse().ok()))
}

/// Refused when `month` is closed (`field` names what was asked for).
pub(crate) fn require_open(conn: &Conn, field: &str, month: Month) -> Result<()> {
    match closed_through(conn)? {
        Some(last) if month <= last => {
            Err(Error::conflict(field, ProblemCode::MonthClosed, &[("month", month.to_string())]))
        }
        _ => Ok(()),
    }
}

/// The closed months, latest first.
pub fn closed_months(db: &Db) -> Result<Vec<MonthState>> {
    db.conn().query_map(
        &format!(
            "SELECT month, closed_at, {} FROM billing_month ORDER BY month DESC",
            PERSON_NAME.replace('?', "billing_month.closed_by")
        ),
        &[],
        |r| {
            Ok(MonthState {
                month: parse(&r.get::<String>(0)?)?,
                closed_at: crate::calls::from_ts(r.get(1)?),
                closed_by: r.get(2)?,
            })
        },
    )
}

/// Every close and reopen, latest first.
pub fn month_log(db: &Db) -> Result<Vec<MonthEvent>> {
    read_log(db.conn())
}

pub(crate) fn read_log(conn: &Conn) -> Result<Vec<MonthEvent>> {
    conn.query_map(
        &format!(
            "SELECT month, kind, reason, at, {} FROM month_event ORDER BY at DESC, id DESC",
            PERSON_NAME.replace('?', "month_event.person_id")
        ),
        &[],
        |r| {
            Ok(MonthEvent {
                month: parse(&r.get::<String>(0)?)?,
                kind: r.get(1)?,
                reason: r.get(2)?,
                at: crate::calls::from_ts(r.get(3)?),
                by: r.get(4)?,
            })
        },
    )
}

/// Closes `month` and every open month before it that has anything to bill, storing their
/// invoice bases; returns the months closed, oldest first. Owners only; the month must be over
/// on the clocks of every plan.
pub fn close_month(db: &mut Db, month: Month, now: DateTime<Utc>) -> Result<Vec<Month>> {
    let me = db.me()?.id;
    crate::team::require_owner(db.me()?, "month")?;
    db.write(|tx| close_through(tx, month, now, me))
}

/// [`close_month`] within the caller's transaction, as `me`.
pub(crate) fn close_through(
    tx: &Conn,
    month: Month,
    now: DateTime<Utc>,
    me: i64,
) -> Result<Vec<Month>> {
    let last = closed_through(tx)?;
    if let Some(last) = last {
        if month <= last {
            return Err(Error::conflict(
                "month",
                ProblemCode::MonthClosed,
                &[("month", month.to_string())],
            ));
        }
    }
    let ends = zones(tx)?.into_iter().map(|tz| month.next().start(tz)).max();
    if ends.is_some_and(|end| now < end) {
        return Err(Error::conflict(
            "month",
            ProblemCode::MonthNotOver,
            &[("month", month.to_string())],
        ));
    }
    let first = match last {
        Some(last) => last.next(),
        None => first_activity(tx)?.filter(|f| *f < month).unwrap_or(month),
    };
    let mut closed = Vec::new();
    for m in first.through(month) {
        // Computed while the month is still open; earlier months are closed by now, so
        // a block's starting balance comes from what was stored for them.
        let bases = basis::compute(tx, m, None)?;
        tx.execute(
            "INSERT INTO billing_month (month, closed_at, closed_by) VALUES (?1, ?2, ?3)",
            params![m.to_string(), now.timestamp(), me],
        )?;
        for b in bases.into_iter().filter(|b| !b.is_empty()) {
            // An incident is billed once: a call reopened and resolved again later is not.
            for l in b.lines.iter().filter(|l| l.kind == super::LineKind::Incident) {
                tx.execute(
                    "UPDATE call SET incident_month = ?2 WHERE id = ?1",
                    params![l.call_id, m.to_string()],
                )?;
            }
            let json = serde_json::to_string(&b.closed())
                .map_err(|e| Error::Database(format!("cannot store a basis: {e}")))?;
            tx.execute(
                "INSERT INTO closed_basis (month, customer_id, basis) VALUES (?1, ?2, ?3)",
                params![m.to_string(), b.customer_id, json],
            )?;
        }
        tx.execute(
            "INSERT INTO month_event (month, kind, reason, at, person_id) VALUES (?1, 'closed', '', ?2, ?3)",
            params![m.to_string(), now.timestamp(), me],
        )?;
        closed.push(m);
    }
    Ok(closed)
}

/// Reopens the latest closed month, with the reason; its stored bases are thrown away and the
/// reopening is recorded. Owners only.
pub fn reopen_month(db: &mut Db, month: Month, reason: &str, now: DateTime<Utc>) -> Result<()> {
    let me = db.me()?.id;
    crate::team::require_owner(db.me()?, "month")?;
    let mut p = crate::problem::Problems::default();
    p.text("reason", reason, true, super::ledger::MAX_REASON);
    Error::check(p.0)?;
    db.write(|tx| {
        match closed_through(tx)? {
            Some(last) if last == month => {}
            Some(last) if last > month => {
                return Err(Error::conflict(
                    "month",
                    ProblemCode::LaterMonthClosed,
                    &[("month", month.to_string()), ("later", last.to_string())],
                ))
            }
            _ => {
                return Err(Error::conflict(
                    "month",
                    ProblemCode::MonthNotClosed,
                    &[("month", month.to_string())],
                ))
            }
        }
        tx.execute("DELETE FROM closed_basis WHERE month = ?1", params![month.to_string()])?;
        tx.execute(
            "UPDATE call SET incident_month = NULL WHERE incident_month = ?1",
            params![month.to_string()],
        )?;
        tx.execute("DELETE FROM billing_month WHERE month = ?1", params![month.to_string()])?;
        tx.execute(
            "INSERT INTO month_event (month, kind, reason, at, person_id) VALUES (?1, 'reopened', ?2, ?3, ?4)",
            params![month.to_string(), reason.trim(), now.timestamp(), me],
        )?;
        Ok(())
    })
}

/// The time zones of the desk's plans (the months' edges).
pub(crate) fn zones(conn: &Conn) -> Result<Vec<Tz>> {
    let names: Vec<String> =
        conn.query_map("SELECT DISTINCT time_zone FROM plan", &[], |r| r.get(0))?;
    Ok(names.iter().filter_map(|n| n.parse().ok()).collect())
}

/// The earliest month anything could be billed in: of time, blocks, licensed users, or the
/// first customer (a subscription bills from the month a customer came; UTC is early enough,
/// as a month closed too early holds nothing).
fn first_activity(conn: &Conn) -> Result<Option<Month>> {
    let (m, created): (Option<String>, Option<i64>) = conn.query_row(
        "SELECT (SELECT min(m) FROM (SELECT min(billing_month) AS m FROM time_entry
                                     UNION ALL SELECT min(month) FROM block_entry
                                     UNION ALL SELECT min(from_month) FROM customer_users) AS months),
                (SELECT min(created_at) FROM customer)",
        &[],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let created = created.map(|at| Month::of(crate::calls::from_ts(at), chrono_tz::UTC));
    Ok(match (m.and_then(|m| m.parse::<Month>().ok()), created) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    })
}

fn parse(s: &str) -> Result<Month> {
    s.parse().map_err(|()| Error::Database(format!("a stored month that is not one: {s}")))
}
