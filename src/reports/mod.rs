//! Month-end reports of how the desk worked: the SLA report (targets met and breached, response
//! and resolution times) and the workload report (calls per week, service and channel,
//! escalations, time per customer), for a month or a range of months, for every customer or one.
//!
//! Rules shared by both (the worked examples are the tests in `tests/it/reports.rs`):
//! - A call belongs to the range by its `received_at`, a resolution by its `resolved_at`, each on
//!   the clocks of the time zone of the customer's current plan: 00:30 on 1 December in
//!   Stockholm is December's, though it is still November in UTC.
//! - A time entry belongs to the range by its work month (`work_month`, the month the work was
//!   done in, in the plan's zone), wherever it was billed.
//! - Everything is read in one snapshot (`Conn::read`), with a fixed number of queries however
//!   many calls the range holds; the results carry numbers, codes and the partner's own texts
//!   (customer names, severity names in both languages), never English words: each face writes
//!   them in its user's language.

pub mod service;
mod sla;
mod workload;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

pub use sla::{sla_report, ClockFigures, CustomerSla, SeveritySla, SlaFigures, SlaReport};
pub use workload::{
    workload_report, CategoryLoad, ChannelLoad, CustomerLoad, Escalations, ServiceLoad, WeekLoad,
    WorkloadReport,
};

use crate::billing::Month;
use crate::db::Conn;
use crate::offering::Plan;
use crate::problem::ProblemCode;
use crate::{params, Error, Result};

/// What both reports read first: the customers they cover, their plans, and the range as
/// instants on each plan's clocks.
struct Scope {
    /// Customer id to (name, plan id).
    customers: HashMap<i64, (String, i64)>,
    plans: HashMap<i64, Plan>,
    /// Plan id to `[start, end)` of the range in the plan's zone, in Unix seconds.
    ranges: HashMap<i64, (i64, i64)>,
    zones: HashMap<i64, Tz>,
    /// `[start, end)` covering every plan's range: what the queries ask for.
    start: i64,
    end: i64,
}

impl Scope {
    /// The customers of the report (`customer`, or all, archived ones too) and their plans, for
    /// the months `from` through `to`. A range that ends before it starts is a problem of `to`;
    /// an unknown customer is not found.
    fn read(tx: &Conn, from: Month, to: Month, customer: Option<i64>) -> Result<Scope> {
        if to < from {
            return Err(Error::invalid(
                "to",
                ProblemCode::OutOfRange,
                &[("min", from.to_string()), ("max", "9999-12".to_owned())],
            ));
        }
        let rows: Vec<(i64, String, i64)> = tx.query_map(
            "SELECT id, name, plan_id FROM customer WHERE CAST(?1 AS BIGINT) IS NULL OR id = ?1",
            params![customer],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        if let (Some(id), true) = (customer, rows.is_empty()) {
            return Err(Error::not_found(
                "customer",
                ProblemCode::NoSuchCustomer,
                &[("id", id.to_string())],
            ));
        }
        let mut plans = HashMap::new();
        for &(_, _, plan) in &rows {
            if let std::collections::hash_map::Entry::Vacant(e) = plans.entry(plan) {
                e.insert(crate::offering::read_plan(tx, plan)?);
            }
        }
        let zones: HashMap<i64, Tz> = plans
            .iter()
            .map(|(&id, p)| (id, p.hours.time_zone.parse().unwrap_or(chrono_tz::UTC)))
            .collect();
        let ranges: HashMap<i64, (i64, i64)> = zones
            .iter()
            .map(|(&id, &tz)| (id, (from.start(tz).timestamp(), to.next().start(tz).timestamp())))
            .collect();
        let utc =
            (from.start(chrono_tz::UTC).timestamp(), to.next().start(chrono_tz::UTC).timestamp());
        let start = ranges.values().map(|r| r.0).min().unwrap_or(utc.0);
        let end = ranges.values().map(|r| r.1).max().unwrap_or(utc.1);
        let customers = rows.into_iter().map(|(id, name, plan)| (id, (name, plan))).collect();
        Ok(Scope { customers, plans, ranges, zones, start, end })
    }

    /// The SLA goal of a customer's plan.
    fn goal(&self, customer: i64) -> Option<u8> {
        let (_, plan) = self.customers.get(&customer)?;
        self.plans.get(plan)?.sla_goal_percent
    }

    /// The plan of a customer of the report (`None`: not one of them).
    fn plan_of(&self, customer: i64) -> Option<i64> {
        self.customers.get(&customer).map(|c| c.1)
    }

    /// Whether `at` (Unix seconds) lies in the range on the clocks of `plan`.
    fn contains(&self, plan: i64, at: i64) -> bool {
        self.ranges.get(&plan).is_some_and(|&(s, e)| s <= at && at < e)
    }

    fn zone(&self, plan: i64) -> Tz {
        self.zones.get(&plan).copied().unwrap_or(chrono_tz::UTC)
    }

    /// Customer ids (each once) in the order reports list them: by name, then id.
    fn sorted(&self, ids: impl IntoIterator<Item = i64>) -> Vec<i64> {
        let mut ids: Vec<i64> = ids.into_iter().collect();
        ids.sort_by_cached_key(|id| {
            (self.customers.get(id).map(|c| c.0.to_lowercase()).unwrap_or_default(), *id)
        });
        ids
    }

    fn name(&self, customer: i64) -> String {
        self.customers.get(&customer).map(|c| c.0.clone()).unwrap_or_default()
    }
}

/// The condition on the customer of a query whose `?3` is the report's customer: `column = ?3`
/// for one customer, so that both engines read it through the customer's index (written as
/// `?3 IS NULL OR column = ?3`, it would hide the index from them and read the whole range);
/// always true for every customer.
fn of_customer(column: &str, customer: Option<i64>) -> String {
    match customer {
        Some(_) => format!("{column} = ?3"),
        None => "CAST(?3 AS BIGINT) IS NULL".to_owned(),
    }
}

fn instant(seconds: i64) -> DateTime<Utc> {
    crate::calls::from_ts(seconds)
}
