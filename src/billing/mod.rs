//! Month end: what to bill each customer for a month (the invoice basis), the prepaid-hours
//! ledger, and closing a month.
//!
//! Rules (the worked examples are the tests in `tests/billing.rs`):
//! - Amounts are integers in minor units (öre, cents), in the currency of the customer's plan.
//! - A time entry belongs to the month its work was done in (`work_month`, on the clocks of the
//!   plan's time zone) and is billed in that month, unless the month was closed when the entry
//!   was added: then in the next open month, as a correction line.
//! - **Hourly**: a call's billable minutes of the month are rounded up to the plan's increment,
//!   with the plan's minimum, per call (45 + 45 + 5 minutes on one call, with a 60-minute
//!   minimum and increment, bill 2 hours). A correction bills what the late time adds to the
//!   call's rounded time of its month.
//! - **Per incident**: each call resolved in the month, unless it has time and none of that time
//!   is billable (the technician recorded it as no charge).
//! - **Monthly**: per user, the customer's licensed users of that month (their history) times
//!   the price; per tenant, the price.
//! - **Block**: a ledger per customer. Starting + Bought + Adjustments − Used = Remaining, every
//!   month. Used is the billable minutes of the month. A negative remaining is overage, billed at
//!   the overage rate; what remains is carried to the next month when the plan rolls over, and
//!   expires otherwise.
//! - **Included**: no amount; the hours are shown.
//! - Non-billable time is shown on every basis, as lines with no amount.
//! - VAT from the profile's rate: added to the prices, or contained in them when the plan says
//!   prices include VAT; computed on the basis's total, rounded half away from zero.
//! - A closed month's bases are stored as they were when it was closed (prices and plans may
//!   change later); reopening it is recorded and throws them away.

mod basis;
mod csv;
mod ledger;
mod month;
mod months;
pub mod pdf;
mod settings;
pub mod text;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

pub use basis::{
    basis, billed_minutes, billing_month, month_bases, Basis, BillingMonth, BlockBalance, Line,
    LineKind, Unit,
};
pub use csv::{basis_csv, calls_csv, time_csv};
pub use ledger::{
    add_block, adjust_block, block_entries, block_status, BlockEntry, BlockEntryKind, BlockStatus,
};
pub use month::Month;
pub use months::{
    close_month, closed_months, month_log, reopen_month, MonthEvent, MonthEventKind, MonthState,
};
pub(crate) use months::{close_through, closed_through, require_open};
pub use settings::{billing_settings, save_billing_settings, ArticleCodes, BillingSettings};

use crate::db::Conn;
use crate::{params, Result};

/// The months a time entry done at `at` for a customer on a plan in `tz` belongs to: its work
/// month, and the month it is billed in (the first open month from the work month on).
pub(crate) fn entry_months(conn: &Conn, at: DateTime<Utc>, tz: Tz) -> Result<(Month, Month)> {
    let work = Month::of(at, tz);
    let billing = match months::closed_through(conn)? {
        Some(last) if work <= last => last.next(),
        _ => work,
    };
    Ok((work, billing))
}

/// Records that `customer` moved from plan `old` to `new` at `now`: the new plan bills from the
/// month `now` is in (on the old plan's clocks), earlier months keep the old one.
pub(crate) fn record_plan_change(
    tx: &Conn,
    customer: i64,
    old: i64,
    new: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    let zone: String =
        tx.query_row("SELECT time_zone FROM plan WHERE id = ?1", params![old], |r| r.get(0))?;
    let month = Month::of(now, zone.parse().unwrap_or(chrono_tz::UTC)).to_string();
    let known: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM plan_history WHERE customer_id = ?1)",
        params![customer],
        |r| r.get(0),
    )?;
    if !known {
        // Before the first change: the plan it had (a key before every month).
        tx.execute(
            "INSERT INTO plan_history (customer_id, from_month, plan_id) VALUES (?1, '0000-00', ?2)",
            params![customer, old],
        )?;
    }
    tx.execute(
        "DELETE FROM plan_history WHERE customer_id = ?1 AND from_month = ?2",
        params![customer, month.clone()],
    )?;
    tx.execute(
        "INSERT INTO plan_history (customer_id, from_month, plan_id) VALUES (?1, ?2, ?3)",
        params![customer, month, new],
    )?;
    Ok(())
}

/// Fills in the months of time entries recorded before schema 9 (the migration's Rust step).
pub(crate) fn backfill_entry_months(conn: &Conn) -> Result<()> {
    let zones: Vec<(i64, String)> =
        conn.query_map("SELECT id, time_zone FROM plan", &[], |r| Ok((r.get(0)?, r.get(1)?)))?;
    for (plan, zone) in zones {
        let tz: Tz = zone.parse().unwrap_or(chrono_tz::UTC);
        let entries: Vec<(i64, i64)> = conn.query_map(
            "SELECT t.id, t.at FROM time_entry t JOIN call c ON c.id = t.call_id
             JOIN customer cu ON cu.id = c.customer_id WHERE cu.plan_id = ?1 AND t.work_month IS NULL",
            params![plan],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let mut update = conn
            .prepare("UPDATE time_entry SET work_month = ?2, billing_month = ?2 WHERE id = ?1")?;
        for (id, at) in entries {
            let month = Month::of(crate::calls::from_ts(at), tz).to_string();
            update.execute(params![id, month])?;
        }
    }
    Ok(())
}

/// Hours in hundredths (`150` is 1.5 h) as whole minutes, rounded.
pub fn minutes_of_hours(hundredths: i64) -> i64 {
    div_round(i128::from(hundredths) * 60, 100)
}

/// Rounds `n / d` half away from zero (`d` > 0).
pub(crate) fn div_round(n: i128, d: i128) -> i64 {
    let q = if n >= 0 { (n + d / 2) / d } else { (n - d / 2) / d };
    i64::try_from(q).unwrap_or(if q > 0 { i64::MAX } else { i64::MIN })
}

#[cfg(test)]
mod tests {
    use super::div_round;

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(div_round(5, 10), 1);
        assert_eq!(div_round(4, 10), 0);
        assert_eq!(div_round(-5, 10), -1);
        assert_eq!(div_round(95000 * 90, 60), 142500);
        assert_eq!(div_round(100 * 2500, 12500), 20);
    }
}
