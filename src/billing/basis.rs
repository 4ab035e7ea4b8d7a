//! The invoice basis of a customer for a month (see the module above for the rules).

use std::collections::{BTreeMap, HashMap};

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::{div_round, months, settings, Month};
use crate::db::Conn;
use crate::offering::{Bilingual, MonthlyBasis, Plan, PriceModel};
use crate::{params, Db, Error, Result};

crate::enums::text_enum!(
    /// What an invoice line is for.
    LineKind {
        /// Billable time of a call on an hourly plan.
        Hours => "hours",
        /// A call resolved in the month, on a per-incident plan.
        Incident => "incident",
        /// The month's subscription: per user or per tenant.
        Subscription => "subscription",
        /// A block of hours bought.
        BlockBought => "block_bought",
        /// Time of a call drawn from the block (no amount).
        BlockUsed => "block_used",
        /// A manual change of the block's hours, with its reason (no amount).
        BlockAdjustment => "block_adjustment",
        /// Time beyond the block, at the overage rate.
        Overage => "overage",
        /// Billable time covered by the plan's price (included, per incident, monthly).
        Covered => "covered",
        /// Time recorded as not billable (no amount).
        NonBillable => "non_billable",
    }
);

crate::enums::text_enum!(
    /// What a line's quantity counts.
    Unit {
        /// Quantity in minutes, priced per hour.
        Hour => "hour",
        Incident => "incident",
        User => "user",
        Tenant => "tenant",
        Block => "block",
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Line {
    pub kind: LineKind,
    /// The article code of the line's kind (from the billing settings); may be empty.
    pub article: String,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub call_id: Option<i64>,
    /// The call's summary, or the adjustment's reason.
    pub text: String,
    /// Set on a correction: the (closed) month the work was done in.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub work_month: Option<Month>,
    /// The time the line is about: time worked, a block's size, the overage.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub minutes: i64,
    /// Minutes when the unit is an hour, else a count.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub quantity: i64,
    pub unit: Unit,
    /// Minor units per hour or per unit.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub unit_price: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub amount: i64,
}

/// A customer's prepaid hours in the month, in minutes:
/// `starting + bought + adjustments − used = remaining`; a negative remaining is `overage`.
/// What is carried to the next month is the positive remaining when the plan rolls over (else
/// it `expired`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BlockBalance {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub starting: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bought: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub adjustments: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub used: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub remaining: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub overage: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub expired: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub carried: i64,
}

impl BlockBalance {
    fn settle(starting: i64, bought: i64, adjustments: i64, used: i64, rollover: bool) -> Self {
        let remaining = starting + bought + adjustments - used;
        let left = remaining.max(0);
        BlockBalance {
            starting,
            bought,
            adjustments,
            used,
            remaining,
            overage: (-remaining).max(0),
            expired: if rollover { 0 } else { left },
            carried: if rollover { left } else { 0 },
        }
    }
}

/// What to bill one customer for one month. A closed month keeps its bases as this type's
/// JSON (`closed_basis`): a field added later must carry `#[serde(default)]`, or the stored
/// bases of closed months can no longer be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Basis {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub customer_id: i64,
    pub customer: String,
    pub registration_number: String,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub month: Month,
    pub plan: Bilingual,
    /// The plan's pricing kind (`hourly`, `block`, …).
    pub pricing: String,
    pub currency: String,
    /// Hundredths of a percent.
    pub vat_rate: u32,
    pub prices_include_vat: bool,
    pub lines: Vec<Line>,
    /// Without VAT.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub net: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub vat: i64,
    /// With VAT.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub total: i64,
    /// Time worked, billed in this month.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub billable_minutes: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub non_billable_minutes: i64,
    pub block: Option<BlockBalance>,
    /// A per-user plan without a count of licensed users for the month.
    pub users_missing: bool,
    /// Read from what was stored when the month was closed.
    pub closed: bool,
}

impl Basis {
    /// Nothing to bill and nothing to show.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty() && self.block.is_none() && !self.users_missing
    }

    /// As stored for a closed month.
    pub(crate) fn closed(&self) -> Basis {
        Basis { closed: true, ..self.clone() }
    }
}

/// The invoice basis of one customer for `month` (empty lines when there is nothing to bill).
pub fn basis(db: &Db, customer: i64, month: Month) -> Result<Basis> {
    db.conn().read(|tx| {
        let exists: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM customer WHERE id = ?1)",
            params![customer],
            |r| r.get(0),
        )?;
        if !exists {
            return Err(Error::not_found(
                "customer",
                crate::problem::ProblemCode::NoSuchCustomer,
                &[("id", customer.to_string())],
            ));
        }
        let mut all = compute(tx, month, Some(customer))?;
        match all.pop() {
            Some(b) => Ok(b),
            None => Err(Error::Database(format!("no basis computed for customer {customer}"))),
        }
    })
}

/// A month at month end, read as one snapshot: every customer's basis with something to bill
/// or show, how many customers have nothing, and where closing stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BillingMonth {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub month: Month,
    /// By customer name.
    pub bases: Vec<Basis>,
    /// The latest closed month (it and every month before it are closed), if any.
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub closed_through: Option<Month>,
    /// Every close and reopen, latest first.
    pub log: Vec<super::MonthEvent>,
    /// Customers with nothing to bill this month.
    pub quiet_customers: u32,
}

pub fn billing_month(db: &Db, month: Month) -> Result<BillingMonth> {
    db.conn().read(|tx| {
        let all = compute(tx, month, None)?;
        let customers = all.len();
        let bases: Vec<Basis> = all.into_iter().filter(|b| !b.is_empty()).collect();
        Ok(BillingMonth {
            month,
            quiet_customers: u32::try_from(customers - bases.len()).unwrap_or(u32::MAX),
            bases,
            closed_through: months::closed_through(tx)?,
            log: months::read_log(tx)?,
        })
    })
}

/// The bases of every customer with something to bill or show for `month`, by customer name.
pub fn month_bases(db: &Db, month: Month) -> Result<Vec<Basis>> {
    db.conn().read(|tx| {
        let mut all = compute(tx, month, None)?;
        all.retain(|b| !b.is_empty());
        Ok(all)
    })
}

struct CustomerRow {
    id: i64,
    name: String,
    registration_number: String,
    /// The customer's plan in the month (see `plan_history`).
    plan_id: i64,
    created_at: i64,
    archived_at: Option<i64>,
}

/// One call's time billed in the month, per work month.
struct CallTime {
    call_id: i64,
    customer_id: i64,
    summary: String,
    work_month: Month,
    billable: i64,
    non_billable: i64,
}

/// The bases of `customer` (one) or of every customer, for `month`, in name order. Within a
/// caller's transaction: closing a month computes and stores them in its own.
pub(crate) fn compute(tx: &Conn, month: Month, customer: Option<i64>) -> Result<Vec<Basis>> {
    let mut customers: Vec<CustomerRow> = tx.query_map(
        "SELECT id, name, registration_number, plan_id, created_at,
                CASE WHEN archived = 1 THEN coalesce(archived_at, 0) END
         FROM customer WHERE CAST(?1 AS BIGINT) IS NULL OR id = ?1 ORDER BY name, id",
        params![customer],
        |r| {
            Ok(CustomerRow {
                id: r.get(0)?,
                name: r.get(1)?,
                registration_number: r.get(2)?,
                plan_id: r.get(3)?,
                created_at: r.get(4)?,
                archived_at: r.get(5)?,
            })
        },
    )?;
    // A customer whose plan changed is billed by the plan of each month.
    let history: HashMap<i64, i64> = tx
        .query_map(
            "SELECT customer_id, plan_id FROM plan_history
             WHERE from_month <= ?1 AND (CAST(?2 AS BIGINT) IS NULL OR customer_id = ?2)
             ORDER BY customer_id, from_month",
            params![month.to_string(), customer],
            |r| Ok((r.get::<i64>(0)?, r.get::<i64>(1)?)),
        )?
        .into_iter()
        .collect();
    for c in &mut customers {
        if let Some(&plan) = history.get(&c.id) {
            c.plan_id = plan;
        }
    }
    let closed = months::closed_through(tx)?;
    if closed.is_some_and(|last| month <= last) {
        let mut stored: HashMap<i64, Basis> = HashMap::new();
        for (id, json) in tx.query_map(
            "SELECT customer_id, basis FROM closed_basis WHERE month = ?1 AND (CAST(?2 AS BIGINT) IS NULL OR customer_id = ?2)",
            params![month.to_string(), customer],
            |r| Ok((r.get::<i64>(0)?, r.get::<String>(1)?)),
        )? {
            let b: Basis = serde_json::from_str(&json).map_err(|e| {
                Error::Database(format!("the stored basis of customer {id} for {month} cannot be read: {e}"))
            })?;
            stored.insert(id, b);
        }
        let billing = settings::read(tx)?;
        let mut plans = Plans::default();
        return customers
            .iter()
            .map(|c| match stored.remove(&c.id) {
                Some(b) => Ok(b),
                None => {
                    let plan = plans.get(tx, c.plan_id)?;
                    Ok(Basis { closed: true, ..empty(c, month, plan, billing.vat_rate) })
                }
            })
            .collect();
    }

    let billing = settings::read(tx)?;
    let mut plans = Plans::default();
    for c in &customers {
        plans.get(tx, c.plan_id)?;
    }
    let by_customer: HashMap<i64, usize> =
        customers.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    let mut bases: Vec<Basis> =
        customers.iter().map(|c| empty(c, month, &plans.0[&c.plan_id], billing.vat_rate)).collect();

    // Time billed in the month, per call and work month.
    let times: Vec<CallTime> = tx.query_map(
        "SELECT c.id, c.customer_id, c.summary, t.work_month,
                sum(CASE WHEN t.billable = 1 THEN t.minutes ELSE 0 END),
                sum(CASE WHEN t.billable = 0 THEN t.minutes ELSE 0 END)
         FROM time_entry t JOIN call c ON c.id = t.call_id
         WHERE t.billing_month = ?1 AND (CAST(?2 AS BIGINT) IS NULL OR c.customer_id = ?2)
         GROUP BY c.id, t.work_month ORDER BY c.id, t.work_month",
        params![month.to_string(), customer],
        |r| {
            let work: String = r.get(3)?;
            Ok(CallTime {
                call_id: r.get(0)?,
                customer_id: r.get(1)?,
                summary: r.get(2)?,
                work_month: work.parse().unwrap_or(month),
                billable: r.get(4)?,
                non_billable: r.get(5)?,
            })
        },
    )?;
    let a = &billing.articles;
    for t in &times {
        let Some(&i) = by_customer.get(&t.customer_id) else { continue };
        let b = &mut bases[i];
        let plan = &plans.0[&customers[i].plan_id];
        b.billable_minutes += t.billable;
        b.non_billable_minutes += t.non_billable;
        let work_month = (t.work_month != month).then_some(t.work_month);
        let line = |kind, article: &str, quantity, unit_price, amount| Line {
            kind,
            article: article.to_owned(),
            call_id: Some(t.call_id),
            text: t.summary.clone(),
            work_month,
            minutes: t.billable,
            quantity,
            unit: Unit::Hour,
            unit_price,
            amount,
        };
        if t.billable > 0 {
            match plan.pricing.model {
                PriceModel::Hourly { rate, increment_minutes, minimum_minutes } => {
                    let round = |m: i64| billed_minutes(m, increment_minutes, minimum_minutes);
                    let billed = match work_month {
                        None => round(t.billable),
                        // What the late time adds to the call's rounded time of its month.
                        Some(work) => {
                            let before: i64 = tx.query_row(
                                "SELECT coalesce(sum(minutes), 0) FROM time_entry
                                 WHERE call_id = ?1 AND work_month = ?2 AND billing_month < ?3 AND billable = 1",
                                params![t.call_id, work.to_string(), month.to_string()],
                                |r| r.get(0),
                            )?;
                            round(before + t.billable) - round(before)
                        }
                    };
                    let amount = hourly_amount(rate, billed);
                    b.lines.push(line(LineKind::Hours, &a.hourly, billed, rate, amount));
                }
                PriceModel::Block { .. } => {
                    b.lines.push(line(LineKind::BlockUsed, &a.block, t.billable, 0, 0))
                }
                _ => b.lines.push(line(LineKind::Covered, "", t.billable, 0, 0)),
            }
        }
        if t.non_billable > 0 {
            let mut l = line(LineKind::NonBillable, "", t.non_billable, 0, 0);
            l.minutes = t.non_billable;
            b.lines.push(l);
        }
    }

    // Per incident: calls resolved in the month, by the clocks of each plan's zone.
    let mut zones: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, c) in customers.iter().enumerate() {
        let plan = &plans.0[&c.plan_id];
        if matches!(plan.pricing.model, PriceModel::PerIncident { .. }) {
            zones.entry(plan.hours.time_zone.clone()).or_default().push(i);
        }
    }
    let per_incident_plans: Vec<String> = plans
        .0
        .iter()
        .filter(|(_, p)| matches!(p.pricing.model, PriceModel::PerIncident { .. }))
        .map(|(id, _)| id.to_string())
        .collect();
    for (zone, members) in zones {
        let (start, end) = month.range(zone.parse().unwrap_or(chrono_tz::UTC));
        // Only the calls of customers on a per-incident plan (the ids are numbers from the
        // database, written into the statement). The unary `+` keeps SQLite on the
        // resolved-at index: through the customers' index it read 100,000 calls, not 4,000
        // (293 ms instead of 84 for every customer's month at a million calls).
        let resolved: Vec<(i64, i64, String, i64, i64)> = tx.query_map(
            &format!(
                "SELECT c.id, c.customer_id, c.summary,
                        (SELECT count(*) FROM time_entry t WHERE t.call_id = c.id),
                        (SELECT count(*) FROM time_entry t WHERE t.call_id = c.id AND t.billable = 1)
                 FROM call c WHERE c.resolved_at >= ?1 AND c.resolved_at < ?2
                     AND (CAST(?3 AS BIGINT) IS NULL OR c.customer_id = ?3)
                     AND (c.incident_month IS NULL OR c.incident_month = ?4)
                     AND +c.customer_id IN (SELECT id FROM customer WHERE plan_id IN ({}))
                 ORDER BY c.id",
                per_incident_plans.join(", ")
            ),
            params![start.timestamp(), end.timestamp(), customer, month.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )?;
        for (call, cust, summary, entries, billable) in resolved {
            let Some(&i) = by_customer.get(&cust) else { continue };
            if !members.contains(&i) || (entries > 0 && billable == 0) {
                continue;
            }
            let PriceModel::PerIncident { price } = plans.0[&customers[i].plan_id].pricing.model
            else {
                continue;
            };
            bases[i].lines.push(Line {
                kind: LineKind::Incident,
                article: a.incident.clone(),
                call_id: Some(call),
                text: summary,
                work_month: None,
                minutes: 0,
                quantity: 1,
                unit: Unit::Incident,
                unit_price: price,
                amount: price,
            });
        }
    }

    // Monthly: per user (that month's count) or per tenant, for customers of the month.
    let users = users_in(tx, month, customer)?;
    for (i, c) in customers.iter().enumerate() {
        let plan = &plans.0[&c.plan_id];
        let PriceModel::Monthly { price, basis } = plan.pricing.model else { continue };
        let tz: Tz = plan.hours.time_zone.parse().unwrap_or(chrono_tz::UTC);
        // Billed from the month it became a customer until the month it was archived in.
        if c.archived_at.is_some_and(|at| at < month.start(tz).timestamp())
            || c.created_at >= month.next().start(tz).timestamp()
        {
            continue;
        }
        let (quantity, unit) = match basis {
            MonthlyBasis::PerTenant => (1, Unit::Tenant),
            MonthlyBasis::PerUser => match users.get(&c.id) {
                Some(&n) => (n, Unit::User),
                None => {
                    bases[i].users_missing = true;
                    continue;
                }
            },
        };
        bases[i].lines.insert(
            0,
            Line {
                kind: LineKind::Subscription,
                article: a.monthly.clone(),
                call_id: None,
                text: String::new(),
                work_month: None,
                minutes: 0,
                quantity,
                unit,
                unit_price: price,
                amount: price.saturating_mul(quantity),
            },
        );
    }

    // Blocks: the ledger, from the last closed month's balance on.
    let rollovers: HashMap<i64, bool> = customers
        .iter()
        .filter_map(|c| match plans.0[&c.plan_id].pricing.model {
            PriceModel::Block { rollover, .. } => Some((c.id, rollover)),
            _ => None,
        })
        .collect();
    let balances = block_balances(tx, &rollovers, month, closed, customer)?;
    let mut block_entries: HashMap<i64, Vec<(String, i64, i64, String)>> = HashMap::new();
    for (id, kind, minutes, price, reason) in tx.query_map(
        "SELECT customer_id, kind, minutes, price_minor, reason FROM block_entry
         WHERE month = ?1 AND (CAST(?2 AS BIGINT) IS NULL OR customer_id = ?2) ORDER BY at, id",
        params![month.to_string(), customer],
        |r| Ok((r.get::<i64>(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )? {
        block_entries.entry(id).or_default().push((kind, minutes, price, reason));
    }
    let bought = |minutes: i64, price: i64| Line {
        kind: LineKind::BlockBought,
        article: a.block.clone(),
        call_id: None,
        text: String::new(),
        work_month: None,
        minutes,
        quantity: 1,
        unit: Unit::Block,
        unit_price: price,
        amount: price,
    };
    for (i, c) in customers.iter().enumerate() {
        let entries = block_entries.remove(&c.id).unwrap_or_default();
        let b = &mut bases[i];
        let PriceModel::Block { overage_rate, .. } = plans.0[&c.plan_id].pricing.model else {
            // A block bought in a month whose plan is another by the month's end (the plan
            // changed after the purchase) is still billed: it was sold.
            for (kind, minutes, price, _) in entries {
                if kind == "bought" {
                    b.lines.push(bought(minutes, price));
                }
            }
            continue;
        };
        let balance = balances.get(&c.id).copied().unwrap_or_default();
        let head = entries.into_iter().map(|(kind, minutes, price, reason)| match kind.as_str() {
            "bought" => bought(minutes, price),
            _ => Line {
                kind: LineKind::BlockAdjustment,
                article: String::new(),
                call_id: None,
                text: reason,
                work_month: None,
                minutes,
                quantity: 0,
                unit: Unit::Hour,
                unit_price: 0,
                amount: 0,
            },
        });
        b.lines.splice(0..0, head);
        if balance.overage > 0 {
            b.lines.push(Line {
                kind: LineKind::Overage,
                article: a.overage.clone(),
                call_id: None,
                text: String::new(),
                work_month: None,
                minutes: balance.overage,
                quantity: balance.overage,
                unit: Unit::Hour,
                unit_price: overage_rate,
                amount: hourly_amount(overage_rate, balance.overage),
            });
        }
        b.block = Some(balance);
    }

    for b in &mut bases {
        b.lines.sort_by_key(|l| (order(l.kind), l.work_month, l.call_id));
        let sum: i64 = b.lines.iter().map(|l| l.amount).sum();
        let rate = i128::from(b.vat_rate);
        if b.prices_include_vat {
            b.total = sum;
            b.vat = div_round(i128::from(sum) * rate, 10_000 + rate);
            b.net = sum - b.vat;
        } else {
            b.net = sum;
            b.vat = div_round(i128::from(sum) * rate, 10_000);
            b.total = sum + b.vat;
        }
    }
    Ok(bases)
}

/// The order lines are shown in: the month's charges, then the calls, then what is not billed.
fn order(kind: LineKind) -> u8 {
    match kind {
        LineKind::Subscription => 0,
        LineKind::BlockBought => 1,
        LineKind::BlockAdjustment => 2,
        LineKind::Hours | LineKind::Incident => 3,
        LineKind::BlockUsed | LineKind::Covered => 4,
        LineKind::Overage => 5,
        LineKind::NonBillable => 6,
    }
}

/// What `minutes` cost at `rate` an hour: the hours as printed (two decimals) times the rate,
/// so that quantity × unit price is the amount on every line an accounting program reads.
pub fn hourly_amount(rate: i64, minutes: i64) -> i64 {
    let hundredths = div_round(i128::from(minutes) * 100, 60);
    div_round(i128::from(rate) * i128::from(hundredths), 100)
}

/// `minutes` rounded up to whole `increment`s, at least `minimum`; no time bills nothing.
pub fn billed_minutes(minutes: i64, increment: u32, minimum: u32) -> i64 {
    if minutes <= 0 {
        return 0;
    }
    let inc = i64::from(increment.max(1));
    let up = (minutes + inc - 1) / inc * inc;
    up.max(i64::from(minimum))
}

#[derive(Default)]
struct Plans(HashMap<i64, Plan>);

impl Plans {
    fn get(&mut self, tx: &Conn, id: i64) -> Result<&Plan> {
        if let std::collections::hash_map::Entry::Vacant(e) = self.0.entry(id) {
            e.insert(crate::offering::read_plan(tx, id)?);
        }
        Ok(&self.0[&id])
    }
}

fn empty(c: &CustomerRow, month: Month, plan: &Plan, vat_rate: u32) -> Basis {
    Basis {
        customer_id: c.id,
        customer: c.name.clone(),
        registration_number: c.registration_number.clone(),
        month,
        plan: plan.name.clone(),
        pricing: pricing_kind(&plan.pricing.model).to_owned(),
        currency: plan.pricing.currency.clone(),
        vat_rate,
        prices_include_vat: plan.pricing.vat_included,
        lines: Vec::new(),
        net: 0,
        vat: 0,
        total: 0,
        billable_minutes: 0,
        non_billable_minutes: 0,
        block: None,
        users_missing: false,
        closed: false,
    }
}

pub(crate) fn pricing_kind(model: &PriceModel) -> &'static str {
    match model {
        PriceModel::Included {} => "included",
        PriceModel::PerIncident { .. } => "per_incident",
        PriceModel::Hourly { .. } => "hourly",
        PriceModel::Monthly { .. } => "monthly",
        PriceModel::Block { .. } => "block",
    }
}

/// Each customer's licensed users in `month`: the count from the latest month on or before it.
fn users_in(tx: &Conn, month: Month, customer: Option<i64>) -> Result<HashMap<i64, i64>> {
    let rows: Vec<(i64, i64)> = tx.query_map(
        "SELECT customer_id, users FROM customer_users
         WHERE from_month <= ?1 AND (CAST(?2 AS BIGINT) IS NULL OR customer_id = ?2) ORDER BY customer_id, from_month",
        params![month.to_string(), customer],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(rows.into_iter().collect())
}

/// The block balances in `month` of the customers in `rollovers` (each with whether its plan
/// rolls over): the balances carried out of the latest closed month (as stored), then each open
/// month folded in turn, every month read once for all of them (a month's time through the
/// index on `billing_month`). With no month closed, the fold starts at the first month with
/// time or blocks.
fn block_balances(
    tx: &Conn,
    rollovers: &HashMap<i64, bool>,
    month: Month,
    closed: Option<Month>,
    customer: Option<i64>,
) -> Result<HashMap<i64, BlockBalance>> {
    let mut balances: HashMap<i64, BlockBalance> =
        rollovers.keys().map(|&id| (id, BlockBalance::default())).collect();
    if rollovers.is_empty() {
        return Ok(balances);
    }
    let mut carried: HashMap<i64, i64> = HashMap::new();
    let first = match closed {
        Some(last) => {
            for (id, json) in tx.query_map(
                "SELECT customer_id, basis FROM closed_basis
                 WHERE month = ?1 AND (CAST(?2 AS BIGINT) IS NULL OR customer_id = ?2)",
                params![last.to_string(), customer],
                |r| Ok((r.get::<i64>(0)?, r.get::<String>(1)?)),
            )? {
                if !rollovers.contains_key(&id) {
                    continue;
                }
                let b: Basis = serde_json::from_str(&json).map_err(|e| {
                    Error::Database(format!(
                        "the stored basis of customer {id} for {last} cannot be read: {e}"
                    ))
                })?;
                carried.insert(id, b.block.map_or(0, |b| b.carried));
            }
            last.next()
        }
        // Before a customer's first block nothing is carried (time used then is overage):
        // the fold starts at the first block of any of them.
        None => {
            let m: Option<String> = tx.query_row(
                "SELECT min(month) FROM block_entry WHERE CAST(?1 AS BIGINT) IS NULL OR customer_id = ?1",
                params![customer],
                |r| r.get(0),
            )?;
            m.and_then(|m| m.parse().ok()).unwrap_or(month)
        }
    }
    .min(month);
    for m in first.through(month) {
        let mut used: HashMap<i64, i64> = HashMap::new();
        for (id, minutes) in tx.query_map(
            "SELECT c.customer_id, sum(t.minutes) FROM time_entry t JOIN call c ON c.id = t.call_id
             WHERE t.billing_month = ?1 AND t.billable = 1 AND (CAST(?2 AS BIGINT) IS NULL OR c.customer_id = ?2)
             GROUP BY c.customer_id",
            params![m.to_string(), customer],
            |r| Ok((r.get::<i64>(0)?, r.get::<i64>(1)?)),
        )? {
            used.insert(id, minutes);
        }
        let mut entries: HashMap<i64, (i64, i64)> = HashMap::new();
        for (id, kind, minutes) in tx.query_map(
            "SELECT customer_id, kind, minutes FROM block_entry
             WHERE month = ?1 AND (CAST(?2 AS BIGINT) IS NULL OR customer_id = ?2)",
            params![m.to_string(), customer],
            |r| Ok((r.get::<i64>(0)?, r.get::<String>(1)?, r.get::<i64>(2)?)),
        )? {
            let e = entries.entry(id).or_default();
            if kind == "bought" {
                e.0 += minutes;
            } else {
                e.1 += minutes;
            }
        }
        for (&id, &rollover) in rollovers {
            let (bought, adjusted) = entries.get(&id).copied().unwrap_or_default();
            let start = carried.get(&id).copied().unwrap_or(0);
            let b = BlockBalance::settle(
                start,
                bought,
                adjusted,
                used.get(&id).copied().unwrap_or(0),
                rollover,
            );
            carried.insert(id, b.carried);
            balances.insert(id, b);
        }
    }
    Ok(balances)
}
