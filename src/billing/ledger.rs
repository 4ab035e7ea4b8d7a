//! The prepaid-hours ledger of a customer on a block plan: blocks bought and adjustments, each
//! in a month. (Hours used come from the time entries; see `basis`.)

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{months, Month};
use crate::offering::PriceModel;
use crate::problem::ProblemCode;
use crate::{params, Db, Error, Result};

crate::enums::text_enum!(BlockEntryKind { Bought => "bought", Adjustment => "adjustment" });

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BlockEntry {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub month: Month,
    pub kind: BlockEntryKind,
    /// Hours bought or added (negative: taken away), in minutes.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub minutes: i64,
    /// What a bought block costs, in minor units; 0 for an adjustment.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub price: i64,
    pub reason: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub at: DateTime<Utc>,
    pub by: String,
}

/// The longest reason for an adjustment.
pub const MAX_REASON: usize = 200;
/// The most hours one entry may add or take away.
pub const MAX_BLOCK_HOURS: i64 = 10_000;

/// Records a block bought by `customer` in `month`: `hours` at `price` (minor units), each
/// defaulting to the plan's block. Owners only; the month must be open.
pub fn add_block(
    db: &mut Db,
    customer: i64,
    month: Month,
    hours: Option<u32>,
    price: Option<i64>,
    now: DateTime<Utc>,
) -> Result<i64> {
    let me = db.me()?.id;
    crate::team::require_owner(db.me()?, "block")?;
    db.write(|tx| {
        let (plan_hours, plan_price) = block_plan(tx, customer)?;
        let hours = i64::from(hours.unwrap_or(plan_hours));
        let price = price.unwrap_or(plan_price);
        let mut problems = Vec::new();
        if hours <= 0 || hours > MAX_BLOCK_HOURS {
            problems.push(crate::problem::Problem::with(
                "hours",
                ProblemCode::OutOfRange,
                &[("min", "1".into()), ("max", MAX_BLOCK_HOURS.to_string())],
            ));
        }
        if price < 0 {
            problems.push(crate::problem::Problem::new("price", ProblemCode::NotPositive));
        }
        Error::check(problems)?;
        months::require_open(tx, "month", month)?;
        tx.insert(
            "INSERT INTO block_entry (customer_id, month, kind, minutes, price_minor, reason, at, person_id)
             VALUES (?1, ?2, 'bought', ?3, ?4, '', ?5, ?6)",
            params![customer, month.to_string(), hours * 60, price, now.timestamp(), me],
        )
    })
}

/// Adds (or, negative, takes away) `minutes` of a customer's prepaid time in `month`, with the
/// reason. Owners only; the month must be open.
pub fn adjust_block(
    db: &mut Db,
    customer: i64,
    month: Month,
    minutes: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<i64> {
    let me = db.me()?.id;
    crate::team::require_owner(db.me()?, "block")?;
    let mut p = crate::problem::Problems::default();
    if minutes == 0 || minutes.abs() > MAX_BLOCK_HOURS * 60 {
        p.add_with(
            "minutes",
            ProblemCode::OutOfRange,
            &[("min", "1".into()), ("max", (MAX_BLOCK_HOURS * 60).to_string())],
        );
    }
    p.text("reason", reason, true, MAX_REASON);
    Error::check(p.0)?;
    db.write(|tx| {
        block_plan(tx, customer)?;
        months::require_open(tx, "month", month)?;
        tx.insert(
            "INSERT INTO block_entry (customer_id, month, kind, minutes, price_minor, reason, at, person_id)
             VALUES (?1, ?2, 'adjustment', ?3, 0, ?4, ?5, ?6)",
            params![customer, month.to_string(), minutes, reason.trim(), now.timestamp(), me],
        )
    })
}

/// A customer's blocks and adjustments, oldest first.
pub fn block_entries(db: &Db, customer: i64) -> Result<Vec<BlockEntry>> {
    db.conn().query_map(
        "SELECT b.id, b.month, b.kind, b.minutes, b.price_minor, b.reason, b.at,
                coalesce((SELECT coalesce(nullif(name, ''), login, '') FROM person WHERE id = b.person_id), '')
         FROM block_entry b WHERE b.customer_id = ?1 ORDER BY b.month, b.at, b.id",
        params![customer],
        |r| {
            let month: String = r.get(1)?;
            Ok(BlockEntry {
                id: r.get(0)?,
                month: month.parse().map_err(|()| {
                    Error::Database(format!("block entry with a month that is not one: {month}"))
                })?,
                kind: r.get(2)?,
                minutes: r.get(3)?,
                price: r.get(4)?,
                reason: r.get(5)?,
                at: crate::calls::from_ts(r.get(6)?),
                by: r.get(7)?,
            })
        },
    )
}

/// The plan `customer` is on now.
fn plan_of(conn: &crate::db::Conn, customer: i64) -> Result<crate::offering::Plan> {
    let plan: i64 = conn
        .query_opt("SELECT plan_id FROM customer WHERE id = ?1", params![customer], |r| r.get(0))?
        .ok_or_else(|| {
            Error::not_found(
                "customer",
                ProblemCode::NoSuchCustomer,
                &[("id", customer.to_string())],
            )
        })?;
    crate::offering::read_plan(conn, plan)
}

/// The plan's block (hours, price) of `customer`; refused when its plan is not a block.
fn block_plan(tx: &crate::db::Conn, customer: i64) -> Result<(u32, i64)> {
    match plan_of(tx, customer)?.pricing.model {
        PriceModel::Block { hours, price, .. } => Ok((hours, price)),
        _ => Err(Error::conflict("customer", ProblemCode::NotBlockPlan, &[])),
    }
}

/// Where a block customer's prepaid hours stand now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BlockStatus {
    /// Hours left this month, in minutes (negative: over the block).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub remaining_minutes: i64,
    /// The plan's warning threshold, in hours.
    pub low_balance_hours: Option<u32>,
    /// Fewer hours left than the threshold.
    pub low: bool,
}

/// The block balance of `customer` in the month `now` is in, with the plan's low-balance
/// warning; `None` when the customer's plan is not a block.
pub fn block_status(db: &Db, customer: i64, now: DateTime<Utc>) -> Result<Option<BlockStatus>> {
    let plan = plan_of(db.conn(), customer)?;
    let PriceModel::Block { low_balance_hours, .. } = plan.pricing.model else { return Ok(None) };
    let month = Month::of(now, plan.hours.time_zone.parse().unwrap_or(chrono_tz::UTC));
    let remaining = super::basis(db, customer, month)?.block.map_or(0, |b| b.remaining);
    Ok(Some(BlockStatus {
        remaining_minutes: remaining,
        low_balance_hours,
        low: low_balance_hours.is_some_and(|h| remaining < i64::from(h) * 60),
    }))
}
