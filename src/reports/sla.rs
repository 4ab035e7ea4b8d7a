//! The SLA report: per severity, per customer and in total, how many calls had a target, how
//! many met and breached it, and how long first responses and resolutions took.
//!
//! Rules:
//! - A call's targets and clock are those `calls::clocks` gives it: the severity with the call's
//!   code in the customer's current plan, else the one it was logged with; the plan's service
//!   hours, holidays and own closed days for a service-hours clock, every minute for a calendar
//!   one. Severities of different plans with the same code are one row.
//! - The first-response clock runs from `received_at` and never pauses (as the call's own
//!   clock). The resolution clock stops while the call waits on the customer, and on Microsoft
//!   or the provider when the plan's `pauses` say so, read from the call's status history.
//! - **Met** is the answer (first response, resolution) given at or before the instant the clock
//!   makes due; **breached** is one given after it, or none given while that instant has passed
//!   (`now`): it can no longer be met. **Running**: neither, the call is open and not yet due
//!   (also while its clock is paused). This is `sla::state`, the rule of the call list.
//! - A clock that can never be due (a plan without open hours) has **no target**: the call is
//!   counted among the calls, and in no other figure.
//! - **On time** is met / (met + breached), in percent; none while nothing is decided.
//! - Times are the minutes the clock counted from receipt to the answer (pauses left out, closed
//!   hours left out on a service-hours clock), for the calls with a target that got the answer.
//!   The median and the 90th percentile are nearest-rank: the value at rank ⌈p·n⌉ of the n times
//!   in order, so each is a time some call took. A customer's and the total row mix severities:
//!   each call's time is in its own severity's clock.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{instant, of_customer, Scope};
use crate::billing::Month;
use crate::calls::Status;
use crate::db::Conn;
use crate::offering::{Bilingual, Clock, ClockPauses};
use crate::sla::{ClockState, Due, Pause, Schedule};
use crate::{params, Db, Result};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SlaReport {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub from: Month,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub to: Month,
    /// Every severity code of the covered customers' plans (and any other their calls were
    /// counted under), in the plans' order, also those without calls.
    pub severities: Vec<SeveritySla>,
    /// The customers with calls in the range, by name; the one asked for, always.
    pub customers: Vec<CustomerSla>,
    pub total: SlaFigures,
    /// The share of targets the covered customers' plans aim to meet, when they all promise
    /// the same (see `Plan::sla_goal_percent`).
    pub goal_percent: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SeveritySla {
    pub code: String,
    /// The name of the first severity with this code, in plan order.
    pub name: Bilingual,
    /// The clock of the severities with this code; none when they differ between plans.
    pub clock: Option<Clock>,
    pub figures: SlaFigures,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CustomerSla {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub customer_id: i64,
    pub customer: String,
    pub figures: SlaFigures,
    /// The goal of the customer's plan, if it promises one.
    pub goal_percent: Option<u8>,
}

/// The figures of one row.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SlaFigures {
    /// Calls received in the range.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub calls: i64,
    pub first_response: ClockFigures,
    pub resolution: ClockFigures,
}

/// One clock's figures: `with_target = met + breached + running`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ClockFigures {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub with_target: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub met: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub breached: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub running: i64,
    /// met / (met + breached) × 100; none when neither.
    pub on_time_percent: Option<f64>,
    /// Minutes of the clock's own time (see the module); none without answered calls.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub median_minutes: Option<i64>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub p90_minutes: Option<i64>,
}

/// The SLA report of the calls received in the months `from` through `to` (of `customer`, or of
/// every customer), as the clocks stand at `now`.
pub fn sla_report(
    db: &Db,
    from: Month,
    to: Month,
    customer: Option<i64>,
    now: DateTime<Utc>,
) -> Result<SlaReport> {
    db.conn().read(|tx| {
        let scope = Scope::read(tx, from, to, customer)?;
        compute(tx, &scope, from, to, customer, now)
    })
}

/// A severity as the report needs it.
struct SeverityRow {
    plan: i64,
    order: (i64, i64),
    code: String,
    name: Bilingual,
    clock: Clock,
    first_response: u32,
    resolution: u32,
}

struct CallRow {
    id: i64,
    customer: i64,
    plan: i64,
    severity: i64,
    received: i64,
    responded: Option<i64>,
    resolved: Option<i64>,
}

fn compute(
    tx: &Conn,
    scope: &Scope,
    from: Month,
    to: Month,
    customer: Option<i64>,
    now: DateTime<Utc>,
) -> Result<SlaReport> {
    let severities: HashMap<i64, SeverityRow> = tx
        .query_map(
            "SELECT id, plan_id, position, code, name_sv, name_en, clock, first_response_minutes,
                    resolution_minutes
             FROM severity",
            &[],
            |r| {
                let id: i64 = r.get(0)?;
                Ok((
                    id,
                    SeverityRow {
                        plan: r.get(1)?,
                        order: (r.get(2)?, id),
                        code: r.get(3)?,
                        name: Bilingual::new(r.get::<String>(4)?, r.get::<String>(5)?),
                        clock: r.get(6)?,
                        first_response: r.get(7)?,
                        resolution: r.get(8)?,
                    },
                ))
            },
        )?
        .into_iter()
        .collect();
    let by_code: HashMap<(i64, &str), i64> =
        severities.iter().map(|(&id, s)| ((s.plan, s.code.as_str()), id)).collect();

    let calls: Vec<CallRow> = tx
        .query_map(
            &format!(
                "SELECT id, customer_id, severity_id, received_at, first_response_at, resolved_at
                 FROM call WHERE received_at >= ?1 AND received_at < ?2 AND {}",
                of_customer("customer_id", customer)
            ),
            params![scope.start, scope.end, customer],
            |r| {
                let customer: i64 = r.get(1)?;
                Ok(CallRow {
                    id: r.get(0)?,
                    customer,
                    plan: scope.plan_of(customer).unwrap_or(-1),
                    severity: r.get(2)?,
                    received: r.get(3)?,
                    responded: r.get(4)?,
                    resolved: r.get(5)?,
                })
            },
        )?
        .into_iter()
        .filter(|c| scope.contains(c.plan, c.received))
        .collect();
    let pauses = pauses(tx, scope, &calls, customer)?;

    let schedules: HashMap<i64, Schedule> = scope
        .plans
        .iter()
        .map(|(&id, plan)| Ok((id, Schedule::new(&plan.hours)?)))
        .collect::<Result<_>>()?;

    // Rows: every severity of the covered plans, then any other a call is counted under.
    let mut groups: HashMap<String, Group> = HashMap::new();
    for s in severities.values().filter(|s| scope.plans.contains_key(&s.plan)) {
        Group::join(&mut groups, s);
    }

    let mut customers: HashMap<i64, Tally> = HashMap::new();
    if let Some(id) = customer {
        customers.insert(id, Tally::default());
    }
    let mut total = Tally::default();
    for call in &calls {
        let Some(logged) = severities.get(&call.severity) else { continue };
        let applied = by_code
            .get(&(call.plan, logged.code.as_str()))
            .and_then(|id| severities.get(id))
            .unwrap_or(logged);
        let Some(schedule) = schedules.get(&call.plan) else { continue };
        let received = instant(call.received);
        let first = outcome(
            schedule,
            applied.clock,
            received,
            applied.first_response,
            &[],
            call.responded.map(instant),
            now,
        );
        let resolution = outcome(
            schedule,
            applied.clock,
            received,
            applied.resolution,
            pauses.get(&call.id).map_or(&[], Vec::as_slice),
            call.resolved.map(instant),
            now,
        );
        let rows = [
            &mut Group::join(&mut groups, applied).tally,
            customers.entry(call.customer).or_default(),
            &mut total,
        ];
        for tally in rows {
            tally.calls += 1;
            tally.first.add(first);
            tally.resolution.add(resolution);
        }
    }

    let mut groups: Vec<(String, Group)> = groups.into_iter().collect();
    groups.sort_by(|a, b| a.1.order.cmp(&b.1.order).then_with(|| a.0.cmp(&b.0)));
    let severities = groups
        .into_iter()
        .map(|(code, mut g)| SeveritySla {
            code,
            name: g.name,
            clock: match g.clocks[..] {
                [one] => Some(one),
                _ => None,
            },
            figures: g.tally.figures(),
        })
        .collect();
    let customers = scope
        .sorted(customers.keys().copied())
        .into_iter()
        .map(|id| CustomerSla {
            customer_id: id,
            customer: scope.name(id),
            figures: customers.get_mut(&id).map(Tally::figures).expect("a key of the map"),
            goal_percent: scope.goal(id),
        })
        .collect();
    let goals: std::collections::BTreeSet<Option<u8>> =
        scope.plans.values().map(|p| p.sla_goal_percent).collect();
    let goal_percent = match goals.into_iter().collect::<Vec<_>>()[..] {
        [one] => one,
        _ => None,
    };
    Ok(SlaReport { from, to, severities, customers, total: total.figures(), goal_percent })
}

/// The pauses of the resolution clock of each of `calls` that has any, from one query of their
/// status history: a pause begins where the call starts waiting (on the customer; on Microsoft
/// or the provider where its plan says so) and ends at its next status that is no such wait.
/// The same rule as the call's own clock (`calls::clocks::pauses`).
fn pauses(
    tx: &Conn,
    scope: &Scope,
    calls: &[CallRow],
    customer: Option<i64>,
) -> Result<HashMap<i64, Vec<Pause>>> {
    let rules: HashMap<i64, ClockPauses> =
        calls.iter().filter_map(|c| Some((c.id, scope.plans.get(&c.plan)?.pauses))).collect();
    // Sorted here: asked of SQLite, the order would tempt it to walk the whole history by
    // call instead of the range's calls and then their events.
    let mut events: Vec<(i64, i64, i64, Status)> = tx.query_map(
        &format!(
            "SELECT e.call_id, e.at, e.id, e.detail FROM call c JOIN call_event e ON e.call_id = c.id
             WHERE c.received_at >= ?1 AND c.received_at < ?2 AND {} AND e.kind = 'status'",
            of_customer("c.customer_id", customer)
        ),
        params![scope.start, scope.end, customer],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    events.sort_unstable_by_key(|&(call, at, id, _)| (call, at, id));
    let mut out: HashMap<i64, Vec<Pause>> = HashMap::new();
    let mut open: Option<(i64, i64)> = None; // (call, since)
    for (call, at, _, status) in events {
        let Some(rules) = rules.get(&call) else { continue };
        if let Some((was, since)) = open {
            if was != call {
                out.entry(was).or_default().push(Pause { from: instant(since), to: None });
                open = None;
            }
        }
        let stops = match status {
            Status::WaitingCustomer => true,
            Status::WaitingMicrosoft => rules.waiting_microsoft,
            Status::WaitingProvider => rules.waiting_provider,
            _ => false,
        };
        match (open, stops) {
            (None, true) => open = Some((call, at)),
            (Some((_, since)), false) => {
                out.entry(call)
                    .or_default()
                    .push(Pause { from: instant(since), to: Some(instant(at)) });
                open = None;
            }
            _ => {}
        }
    }
    if let Some((call, since)) = open {
        out.entry(call).or_default().push(Pause { from: instant(since), to: None });
    }
    Ok(out)
}

/// How one clock of one call counts.
#[derive(Clone, Copy)]
enum Outcome {
    NoTarget,
    /// Met, in so many minutes of the clock.
    Met(u32),
    /// Breached; the minutes when the answer was given (none while it is still awaited).
    Breached(Option<u32>),
    Running,
}

/// The outcome of the clock that starts at `start` with `target` minutes, answered at `done`
/// (if it was), decided by `sla::state` against the due instant `Schedule::due` gives.
fn outcome(
    schedule: &Schedule,
    clock: Clock,
    start: DateTime<Utc>,
    target: u32,
    pauses: &[Pause],
    done: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Outcome {
    let due = schedule.due(clock, start, target, pauses);
    if let Due::Never(_) = due {
        return Outcome::NoTarget;
    }
    let minutes = || done.map(|at| schedule.elapsed(clock, start, at, pauses));
    match crate::sla::state(due, done, now, || false) {
        ClockState::Met => Outcome::Met(minutes().unwrap_or(0)),
        ClockState::Breached => Outcome::Breached(minutes()),
        _ => Outcome::Running,
    }
}

/// The severities with one code: the row's name is the first one's in plan order.
struct Group {
    order: (i64, i64),
    name: Bilingual,
    clocks: Vec<Clock>,
    tally: Tally,
}

impl Group {
    /// The row of `s`'s code, with `s` among its severities.
    fn join<'g>(groups: &'g mut HashMap<String, Group>, s: &SeverityRow) -> &'g mut Group {
        let g = groups.entry(s.code.clone()).or_insert_with(|| Group {
            order: s.order,
            name: s.name.clone(),
            clocks: Vec::new(),
            tally: Tally::default(),
        });
        if s.order < g.order {
            g.order = s.order;
            g.name = s.name.clone();
        }
        if !g.clocks.contains(&s.clock) {
            g.clocks.push(s.clock);
        }
        g
    }
}

#[derive(Default)]
struct Tally {
    calls: i64,
    first: ClockTally,
    resolution: ClockTally,
}

impl Tally {
    fn figures(&mut self) -> SlaFigures {
        SlaFigures {
            calls: self.calls,
            first_response: self.first.figures(),
            resolution: self.resolution.figures(),
        }
    }
}

#[derive(Default)]
struct ClockTally {
    met: i64,
    breached: i64,
    running: i64,
    minutes: Vec<u32>,
}

impl ClockTally {
    fn add(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::NoTarget => {}
            Outcome::Met(m) => {
                self.met += 1;
                self.minutes.push(m);
            }
            Outcome::Breached(m) => {
                self.breached += 1;
                self.minutes.extend(m);
            }
            Outcome::Running => self.running += 1,
        }
    }

    fn figures(&mut self) -> ClockFigures {
        self.minutes.sort_unstable();
        let decided = self.met + self.breached;
        ClockFigures {
            with_target: decided + self.running,
            met: self.met,
            breached: self.breached,
            running: self.running,
            on_time_percent: (decided > 0).then(|| self.met as f64 * 100.0 / decided as f64),
            median_minutes: percentile(&self.minutes, 50),
            p90_minutes: percentile(&self.minutes, 90),
        }
    }
}

/// The nearest-rank `p`th percentile of `sorted`: the value at rank ⌈p·n/100⌉.
fn percentile(sorted: &[u32], p: usize) -> Option<i64> {
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).map(|&m| i64::from(m))
}

#[cfg(test)]
mod tests {
    use super::percentile;

    #[test]
    fn nearest_rank() {
        assert_eq!(percentile(&[], 50), None);
        assert_eq!(percentile(&[7], 50), Some(7));
        assert_eq!(percentile(&[7], 90), Some(7));
        assert_eq!(percentile(&[10, 20], 50), Some(10));
        assert_eq!(percentile(&[10, 20], 90), Some(20));
        assert_eq!(percentile(&[1, 2, 3, 4, 5], 50), Some(3));
        assert_eq!(percentile(&[1, 2, 3, 4, 5], 90), Some(5));
        let ten: Vec<u32> = (1..=10).collect();
        assert_eq!((percentile(&ten, 50), percentile(&ten, 90)), (Some(5), Some(9)));
        let eleven: Vec<u32> = (1..=11).collect();
        assert_eq!((percentile(&eleven, 50), percentile(&eleven, 90)), (Some(6), Some(10)));
    }
}
