//! The workload report: calls received and resolved per week, per Microsoft service and per
//! channel; escalations to Microsoft per category and to the provider; time per customer.
//!
//! Rules:
//! - Weeks are ISO weeks (Monday to Sunday) on the clocks of each call's plan; every week that
//!   overlaps the range is listed, also an empty one, and the first and last may be partial
//!   (only the days in the range count).
//! - Received counts the calls received in the range, resolved the calls whose (latest)
//!   resolution lies in it, wherever they were received; a call reopened and not resolved again
//!   is not resolved.
//! - Escalations count the calls received in the range by where they were last handed: to
//!   Microsoft (per category; `microsoft_total` also counts calls from older builds whose
//!   category was not recorded) or to the indirect provider.
//! - Time is the minutes of the time entries whose work month lies in the range, billable and
//!   not, per customer (the billing basis shows where each was billed).

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use super::{instant, of_customer, Scope};
use crate::billing::Month;
use crate::calls::{Channel, EscalationTarget, Service};
use crate::db::Conn;
use crate::offering::EscalationCategory;
use crate::{params, Db, Result};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct WorkloadReport {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub from: Month,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub to: Month,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub received: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub resolved: i64,
    /// Every week that overlaps the range, in order.
    pub weeks: Vec<WeekLoad>,
    /// The services with calls received or resolved, in the order of `Service::ALL`.
    pub services: Vec<ServiceLoad>,
    /// The channels with calls received or resolved, in the order of `Channel::ALL`.
    pub channels: Vec<ChannelLoad>,
    pub escalations: Escalations,
    /// The customers with calls or time in the range, by name; the one asked for, always.
    pub customers: Vec<CustomerLoad>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub billable_minutes: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub non_billable_minutes: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct WeekLoad {
    /// The ISO week-numbering year and week (week 1 holds the year's first Thursday).
    pub iso_year: i32,
    pub week: u32,
    /// The week's Monday (`YYYY-MM-DD`); may lie before the range.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub monday: NaiveDate,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub received: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub resolved: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ServiceLoad {
    pub service: Service,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub received: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub resolved: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ChannelLoad {
    pub channel: Channel,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub received: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub resolved: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Escalations {
    /// All five categories, in the order of `EscalationCategory::ALL`, also those without calls.
    pub microsoft: Vec<CategoryLoad>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub microsoft_total: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub provider: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CategoryLoad {
    pub category: EscalationCategory,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub calls: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CustomerLoad {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub customer_id: i64,
    pub customer: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub received: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub resolved: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub billable_minutes: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub non_billable_minutes: i64,
}

/// The workload of the months `from` through `to`, of `customer` or of every customer.
pub fn workload_report(
    db: &Db,
    from: Month,
    to: Month,
    customer: Option<i64>,
) -> Result<WorkloadReport> {
    db.conn().read(|tx| {
        let scope = Scope::read(tx, from, to, customer)?;
        compute(tx, &scope, from, to, customer)
    })
}

fn compute(
    tx: &Conn,
    scope: &Scope,
    from: Month,
    to: Month,
    customer: Option<i64>,
) -> Result<WorkloadReport> {
    let first_monday = monday(from.first_day());
    let weeks_count = (monday(to.last_day()) - first_monday).num_days() / 7 + 1;
    let mut weeks: Vec<WeekLoad> = (0..weeks_count)
        .map(|i| {
            let monday = first_monday + Duration::days(7 * i);
            let iso = monday.iso_week();
            WeekLoad { iso_year: iso.year(), week: iso.week(), monday, received: 0, resolved: 0 }
        })
        .collect();
    // The week of an instant on the clocks of a plan.
    let week_of = |plan: i64, at: i64| {
        let date = instant(at).with_timezone(&scope.zone(plan)).date_naive();
        usize::try_from((monday(date) - first_monday).num_days() / 7).ok()
    };
    let mut services: HashMap<Service, (i64, i64)> = HashMap::new();
    let mut channels: HashMap<Channel, (i64, i64)> = HashMap::new();
    let mut customers: HashMap<i64, CustomerLoad> = HashMap::new();
    if let Some(id) = customer {
        customers.insert(id, CustomerLoad::default());
    }
    let mut categories: HashMap<EscalationCategory, i64> = HashMap::new();
    let (mut received, mut resolved, mut microsoft_total, mut provider) = (0, 0, 0, 0);

    type Received = (i64, i64, String, Channel, EscalationTarget, Option<EscalationCategory>);
    let rows: Vec<Received> = tx.query_map(
        &format!(
            "SELECT customer_id, received_at, service, channel, escalation, escalation_category
             FROM call WHERE received_at >= ?1 AND received_at < ?2 AND {}",
            of_customer("customer_id", customer)
        ),
        params![scope.start, scope.end, customer],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
    )?;
    for (cust, at, service, channel, escalation, category) in rows {
        let Some(plan) = scope.plan_of(cust).filter(|&p| scope.contains(p, at)) else { continue };
        received += 1;
        if let Some(w) = week_of(plan, at).and_then(|i| weeks.get_mut(i)) {
            w.received += 1;
        }
        services.entry(service_of(&service)).or_default().0 += 1;
        channels.entry(channel).or_default().0 += 1;
        customers.entry(cust).or_default().received += 1;
        match escalation {
            EscalationTarget::Microsoft => {
                microsoft_total += 1;
                if let Some(c) = category {
                    *categories.entry(c).or_default() += 1;
                }
            }
            EscalationTarget::Provider => provider += 1,
            EscalationTarget::None => {}
        }
    }

    let rows: Vec<(i64, i64, String, Channel)> = tx.query_map(
        &format!(
            "SELECT customer_id, resolved_at, service, channel FROM call
             WHERE resolved_at >= ?1 AND resolved_at < ?2 AND {}",
            of_customer("customer_id", customer)
        ),
        params![scope.start, scope.end, customer],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    for (cust, at, service, channel) in rows {
        let Some(plan) = scope.plan_of(cust).filter(|&p| scope.contains(p, at)) else { continue };
        resolved += 1;
        if let Some(w) = week_of(plan, at).and_then(|i| weeks.get_mut(i)) {
            w.resolved += 1;
        }
        services.entry(service_of(&service)).or_default().1 += 1;
        channels.entry(channel).or_default().1 += 1;
        customers.entry(cust).or_default().resolved += 1;
    }

    // The work months' entries, found through the index of billing months: an entry is billed
    // in its work month, or, added when that month was closed, in the month after the latest
    // closed one then (never after the month after the latest month ever closed).
    let last_closed: Option<String> =
        tx.query_row("SELECT max(month) FROM month_event WHERE kind = 'closed'", &[], |r| {
            r.get(0)
        })?;
    let billed_by =
        last_closed.and_then(|m| m.parse::<Month>().ok()).map_or(to, |m| m.next().max(to));
    let rows: Vec<(i64, i64, i64)> = tx.query_map(
        &format!(
            "SELECT c.customer_id, sum(CASE WHEN t.billable = 1 THEN t.minutes ELSE 0 END),
                    sum(CASE WHEN t.billable = 0 THEN t.minutes ELSE 0 END)
             FROM time_entry t JOIN call c ON c.id = t.call_id
             WHERE t.billing_month >= ?1 AND t.billing_month <= ?4
               AND t.work_month >= ?1 AND t.work_month <= ?2 AND {}
             GROUP BY c.customer_id",
            of_customer("c.customer_id", customer)
        ),
        params![from.to_string(), to.to_string(), customer, billed_by.to_string()],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let (mut billable_minutes, mut non_billable_minutes) = (0, 0);
    for (cust, billable, non_billable) in rows {
        if scope.plan_of(cust).is_none() {
            continue;
        }
        billable_minutes += billable;
        non_billable_minutes += non_billable;
        let c = customers.entry(cust).or_default();
        c.billable_minutes += billable;
        c.non_billable_minutes += non_billable;
    }

    let customers = scope
        .sorted(customers.keys().copied())
        .into_iter()
        .filter_map(|id| {
            let c = customers.remove(&id)?;
            Some(CustomerLoad { customer_id: id, customer: scope.name(id), ..c })
        })
        .collect();
    Ok(WorkloadReport {
        from,
        to,
        received,
        resolved,
        weeks,
        services: Service::ALL
            .iter()
            .filter_map(|&service| {
                let &(received, resolved) = services.get(&service)?;
                Some(ServiceLoad { service, received, resolved })
            })
            .collect(),
        channels: Channel::ALL
            .iter()
            .filter_map(|&channel| {
                let &(received, resolved) = channels.get(&channel)?;
                Some(ChannelLoad { channel, received, resolved })
            })
            .collect(),
        escalations: Escalations {
            microsoft: EscalationCategory::ALL
                .iter()
                .map(|&category| CategoryLoad {
                    category,
                    calls: categories.get(&category).copied().unwrap_or(0),
                })
                .collect(),
            microsoft_total,
            provider,
        },
        customers,
        billable_minutes,
        non_billable_minutes,
    })
}

/// The Monday of `date`'s ISO week.
fn monday(date: NaiveDate) -> NaiveDate {
    date - Duration::days(i64::from(date.weekday().num_days_from_monday()))
}

/// A stored service; a word this build does not know counts as other.
fn service_of(code: &str) -> Service {
    Service::ALL.iter().copied().find(|s| s.code() == code).unwrap_or(Service::Other)
}
