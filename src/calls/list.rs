//! Pages of calls: filters, sorts, and each row with its clocks.

use crate::db::{dyn_params, Conn, Engine, Row, Value};
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::search::{best_matches, full_text, match_query};
use super::{clocks, from_ts, ts, CallRow, ClockView, Status, WARN_AT};
use crate::sla::{self, status as clock_status, ClockInput, ClockState, Due, Schedule};
use crate::{Db, Result};

/// Which calls a list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", default)]
pub struct CallFilter {
    pub statuses: Vec<Status>,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub customer_id: Option<i64>,
    /// Only the calls of this person (a person's id: "Mine" is the signed-in person's).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub assignee: Option<i64>,
    /// Only the calls nobody works.
    pub unassigned: bool,
    pub severity: Option<String>,
    /// Only calls past a due time.
    pub overdue: bool,
    /// Only open calls with a clock at or past the warning share, not yet breached.
    pub due_soon: bool,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub from: Option<DateTime<Utc>>,
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub to: Option<DateTime<Utc>>,
    /// Words to find in summary, description, notes, resolution or customer name.
    pub query: Option<String>,
    /// The order of the list; a search orders by best match unless asked otherwise.
    pub sort: Option<CallSort>,
    /// Continue after this call (keyset paging): the rows that follow it in the list's order,
    /// read from where it stands instead of counted from the top, so a page far down a long
    /// list comes as quickly as the first. The call need not match the filter any more.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub after: Option<i64>,
}

crate::enums::text_enum!(
    /// The order of a list of calls.
    CallSort {
        Newest => "newest",
        Oldest => "oldest",
        /// The nearest due time first (first response until given, then resolution).
        Due => "due",
        Severity => "severity",
        Customer => "customer",
    }
);

/// A page of calls, newest first (or best match first when searching).
pub fn list_calls(
    db: &Db,
    filter: &CallFilter,
    now: DateTime<Utc>,
    limit: u32,
    offset: u32,
) -> Result<Vec<CallRow>> {
    let (mut wheres, mut args) = filter_clauses(filter, now);
    // A list of most calls (all, or the done ones) in customer or severity order is read by
    // walking customers (severities) in order and each one's calls newest first: the join
    // order is forced, since SQLite would rather sort the whole table. Narrow lists (open,
    // overdue, found) are few rows, which the planner reads through their own indexes.
    let broad = filter.query.is_none()
        && !filter.overdue
        && !filter.due_soon
        && filter.customer_id.is_none()
        && filter.assignee.is_none()
        && !filter.unassigned
        && !open_only(filter);
    // (SQLite keeps the order of a CROSS JOIN; PostgreSQL's planner needs no such hint and
    // has no CROSS JOIN with a condition.)
    let from = match (filter.sort, db.conn().engine()) {
        (Some(CallSort::Customer), Engine::Sqlite) if broad => "FROM customer CROSS JOIN call ON call.customer_id = customer.id JOIN severity ON severity.id = call.severity_id",
        (Some(CallSort::Severity), Engine::Sqlite) if broad => "FROM severity CROSS JOIN call ON call.severity_id = severity.id JOIN customer ON customer.id = call.customer_id",
        _ => FROM,
    };
    let engine = db.conn().engine();
    // A call's number ("784455" or "#784455") finds that call first, if the other conditions
    // let it through.
    let number = filter
        .query
        .as_deref()
        .map(|q| q.trim().trim_start_matches('#'))
        .filter(|q| !q.is_empty() && q.len() <= 18 && q.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|q| q.parse::<i64>().ok());
    let numbered: Option<i64> = match number {
        Some(id) => {
            let mut w = wheres.clone();
            w.push("call.id = ?".into());
            let mut a = args.clone();
            a.push(id.into());
            let sql = format!("SELECT call.id {FROM}{}", where_clause(&w));
            db.conn().query_opt(&sql, &dyn_params(&a), |r| r.get(0))?
        }
        None => None,
    };
    let query = filter.query.as_deref().map(|q| match_query(engine, q)).filter(|q| !q.is_empty());
    if let Some(q) = &query {
        wheres.insert(0, full_text(engine).matches.into());
        args.insert(0, q.clone().into());
    }
    let search_join = if query.is_some() { full_text(engine).join } else { "" };

    if query.is_some() && filter.sort.is_none() {
        let where_sql = where_clause(&wheres);
        let mut ids = best_matches(
            db.conn(),
            &format!("{FROM}{search_join}{where_sql}"),
            args,
            filter.query.as_deref().unwrap_or_default(),
        )?;
        if let Some(id) = numbered {
            ids.retain(|&i| i != id);
            ids.insert(0, id);
        }
        // After a call: the matches that follow it in the ranking.
        let start = filter
            .after
            .and_then(|after| ids.iter().position(|&id| id == after))
            .map_or(0, |p| p + 1);
        return rows_for(db, &ids[start..], now, limit, offset);
    }

    let keys = sort_keys(filter.sort);
    // Each order is one an index delivers (schema 5), so the first page is read, not sorted.
    let order = keys
        .iter()
        .map(|(key, descending)| if *descending { format!("{key} DESC") } else { key.to_string() })
        .collect::<Vec<_>>()
        .join(", ");
    if let Some(after) = filter.after {
        let (condition, values) = after_condition(db.conn(), keys, after)?;
        wheres.push(condition);
        args.extend(values);
    }
    let where_sql = where_clause(&wheres);
    let sql = if offset > 0 && query.is_none() {
        // A page far down the list: the rows to skip are counted in the ids alone (an index
        // walk, without the joins when nothing needs them), and only the page's rows are read.
        let needs_joins = filter.severity.is_some()
            || matches!(filter.sort, Some(CallSort::Customer | CallSort::Severity));
        let inner_from = if needs_joins { from } else { "FROM call" };
        format!(
            "SELECT {ROW_COLUMNS} {FROM} WHERE call.id IN
                 (SELECT call.id {inner_from}{where_sql} ORDER BY {order} LIMIT {limit} OFFSET {offset})
             ORDER BY {order}"
        )
    } else {
        format!(
            "SELECT {ROW_COLUMNS} {from}{search_join}{where_sql} ORDER BY {order} LIMIT {limit} OFFSET {offset}"
        )
    };
    let conn = db.conn();
    let mut plans = PlanCache::new();
    conn.query_map(&sql, &dyn_params(&args), |r| call_row(conn, r, now, &mut plans))
}

/// A call with its customer and severity: what a list row (and a call's detail) reads.
pub(super) const FROM: &str = "FROM call JOIN customer ON customer.id = call.customer_id JOIN severity ON severity.id = call.severity_id";

pub(super) const ROW_COLUMNS: &str = "call.id, call.received_at, customer.name, severity.code, call.service, call.summary, call.status,
     call.first_response_due, call.first_response_at, call.resolution_due, call.resolved_at,
     call.first_response_warn, call.resolution_warn,
     (SELECT coalesce(nullif(name, ''), login, '') FROM person WHERE person.id = call.assignee_id), call.assignee_id";

/// The keys of a list order, each with whether it runs descending. Each order ends with the
/// call's id (as its index stores it), so that equal keys (calls logged at the same minute)
/// keep one order from page to page.
fn sort_keys(sort: Option<CallSort>) -> &'static [(&'static str, bool)] {
    const DUE: &str =
        "coalesce(CASE WHEN call.first_response_at IS NULL THEN call.first_response_due END,
                      CASE WHEN call.resolved_at IS NULL THEN call.resolution_due END)";
    const NO_DUE: &str =
        "(coalesce(CASE WHEN call.first_response_at IS NULL THEN call.first_response_due END,
                      CASE WHEN call.resolved_at IS NULL THEN call.resolution_due END) IS NULL)";
    match sort {
        None | Some(CallSort::Newest) => &[("call.received_at", true), ("call.id", true)],
        Some(CallSort::Oldest) => &[("call.received_at", false), ("call.id", false)],
        Some(CallSort::Due) => {
            &[(NO_DUE, false), (DUE, false), ("call.received_at", true), ("call.id", false)]
        }
        Some(CallSort::Severity) => &[
            ("severity.position", false),
            ("severity.id", false),
            ("call.received_at", true),
            ("call.id", false),
        ],
        Some(CallSort::Customer) => &[
            ("customer.name COLLATE NOCASE", false),
            ("customer.id", false),
            ("call.received_at", true),
            ("call.id", false),
        ],
    }
}

/// The rows after call `after` in the order of `keys`: its key values are read, and a row
/// follows it when it is equal on the first keys and beyond it on the next one. A range on the
/// first key, implied by that, lets SQLite start its index walk at the call.
fn after_condition(conn: &Conn, keys: &[(&str, bool)], after: i64) -> Result<(String, Vec<Value>)> {
    let exprs: Vec<&str> = keys.iter().map(|(key, _)| *key).collect();
    let anchor: Option<Vec<Value>> = conn.query_opt(
        &format!("SELECT {} {FROM} WHERE call.id = ?1", exprs.join(", ")),
        crate::params![after],
        |r| Ok(r.values().to_vec()),
    )?;
    let Some(anchor) = anchor else {
        return Err(crate::Error::not_found(
            "after",
            crate::problem::ProblemCode::NoSuchCall,
            &[("id", after.to_string())],
        ));
    };
    let beyond = |descending: bool| if descending { "<" } else { ">" };
    let mut values = vec![anchor[0].clone()];
    let mut alternatives = Vec::new();
    for (i, (key, descending)) in keys.iter().enumerate() {
        let mut parts: Vec<String> =
            keys[..i].iter().map(|(k, _)| format!("{k} IS NOT DISTINCT FROM ?")).collect();
        values.extend(anchor[..i].iter().cloned());
        parts.push(format!("{key} {} ?", beyond(*descending)));
        values.push(anchor[i].clone());
        alternatives.push(format!("({})", parts.join(" AND ")));
    }
    let (first, first_descending) = keys[0];
    let at_or_beyond = if first_descending { "<=" } else { ">=" };
    let condition = format!("{first} {at_or_beyond} ? AND ({})", alternatives.join(" OR "));
    Ok((condition, values))
}

fn where_clause(wheres: &[String]) -> String {
    if wheres.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", wheres.join(" AND "))
    }
}

/// Whether the filter asks only for open calls (a few thousand of a million).
fn open_only(filter: &CallFilter) -> bool {
    !filter.statuses.is_empty() && filter.statuses.iter().all(|s| s.is_open())
}

/// The filters other than the search words, as SQL conditions and their values.
pub(super) fn filter_clauses(filter: &CallFilter, now: DateTime<Utc>) -> (Vec<String>, Vec<Value>) {
    let mut wheres: Vec<String> = Vec::new();
    let mut args: Vec<Value> = Vec::new();
    if !filter.statuses.is_empty() {
        wheres.push(format!("call.status IN ({})", vec!["?"; filter.statuses.len()].join(", ")));
        args.extend(filter.statuses.iter().map(|s| s.code().to_owned().into()));
        if open_only(filter) {
            // Said in the words of the open calls' partial index, so SQLite may use it.
            wheres.push("call.status NOT IN ('resolved', 'closed')".into());
        }
    }
    if let Some(c) = filter.customer_id {
        wheres.push("call.customer_id = ?".into());
        args.push(c.into());
    }
    if let Some(a) = filter.assignee {
        wheres.push("call.assignee_id = ?".into());
        args.push(a.into());
    }
    if filter.unassigned {
        // Open calls nobody works: read through the open calls' index (a thousand rows), not
        // the assignee index's run of unassigned calls (nearly all of a million, most of them
        // resolved: 5.4 s instead of 0.03 s on the benchmark desk). The unary plus keeps
        // SQLite from choosing the latter; PostgreSQL reads it as the same condition.
        wheres.push(
            if open_only(filter) {
                "+call.assignee_id IS NULL"
            } else {
                "call.assignee_id IS NULL"
            }
            .into(),
        );
    }
    if let Some(s) = &filter.severity {
        wheres.push("severity.code = ? COLLATE NOCASE".into());
        args.push(s.trim().to_owned().into());
    }
    if let Some(f) = filter.from {
        wheres.push("call.received_at >= ?".into());
        args.push(ts(f).into());
    }
    if let Some(t) = filter.to {
        wheres.push("call.received_at < ?".into());
        args.push(ts(t).into());
    }
    if filter.overdue {
        wheres.push(
            "(call.id IN (SELECT id FROM call WHERE first_response_at IS NULL AND first_response_due IS NOT NULL AND first_response_due <= ?)
              OR call.id IN (SELECT id FROM call WHERE resolved_at IS NULL AND resolution_due IS NOT NULL AND resolution_due <= ?))"
                .into(),
        );
        args.push(ts(now).into());
        args.push(ts(now).into());
    }
    if filter.due_soon {
        // A running clock past its warning instant and not yet due, through the warning
        // instants' indexes (the state rule of `sla::state` with the stored instants).
        wheres.push(
            "(call.id IN (SELECT id FROM call WHERE first_response_at IS NULL AND first_response_warn IS NOT NULL
                            AND first_response_warn <= ? AND first_response_due > ?)
              OR call.id IN (SELECT id FROM call WHERE resolved_at IS NULL AND resolution_warn IS NOT NULL
                            AND resolution_warn <= ? AND resolution_due > ?))"
                .into(),
        );
        args.extend([ts(now), ts(now), ts(now), ts(now)].map(Into::into));
    }
    (wheres, args)
}

/// The rows of `ids` (already filtered), in that order, one page of them.
fn rows_for(
    db: &Db,
    ids: &[i64],
    now: DateTime<Utc>,
    limit: u32,
    offset: u32,
) -> Result<Vec<CallRow>> {
    let start = (offset as usize).min(ids.len());
    let page = &ids[start..(start + limit as usize).min(ids.len())];
    if page.is_empty() {
        return Ok(Vec::new());
    }
    // One query for the page (one round trip to a server), then the rows in the ids' order.
    let conn = db.conn();
    let marks = vec!["?"; page.len()].join(", ");
    let values: Vec<Value> = page.iter().map(|&id| Value::Int(id)).collect();
    let mut plans = PlanCache::new();
    let mut rows: std::collections::HashMap<i64, CallRow> = conn
        .query_map(
            &format!("SELECT {ROW_COLUMNS} {FROM} WHERE call.id IN ({marks})"),
            &dyn_params(&values),
            |r| call_row(conn, r, now, &mut plans).map(|row| (row.id, row)),
        )?
        .into_iter()
        .collect();
    Ok(page.iter().filter_map(|id| rows.remove(id)).collect())
}

/// Plans read while listing, by id: a page of calls usually shares a few plans.
pub(super) type PlanCache = std::collections::HashMap<i64, crate::offering::Plan>;

pub(super) fn call_row(
    conn: &Conn,
    r: &Row,
    now: DateTime<Utc>,
    plans: &mut PlanCache,
) -> Result<CallRow> {
    let id: i64 = r.get(0)?;
    let received_at = from_ts(r.get(1)?);
    let status: Status = r.get(6)?;
    let (first_due, first_at, res_due, res_at): (
        Option<i64>,
        Option<i64>,
        Option<i64>,
        Option<i64>,
    ) = (r.get(7)?, r.get(8)?, r.get(9)?, r.get(10)?);
    let (first_warn, res_warn): (Option<i64>, Option<i64>) = (r.get(11)?, r.get(12)?);
    // The clock as `sla::status` reads it, with the plan's hours: needed only for a clock
    // without a stored due time (paused, or never due).
    let mut computed = |met: Option<i64>, target_is_first: bool| -> Result<sla::ClockStatus> {
        let t = clocks::targets(conn, id)?;
        if let std::collections::hash_map::Entry::Vacant(e) = plans.entry(t.plan_id) {
            e.insert(crate::offering::read_plan(conn, t.plan_id)?);
        }
        let schedule = Schedule::new(&plans[&t.plan_id].hours)?;
        let pauses = if target_is_first {
            Vec::new()
        } else {
            clocks::pauses(conn, id, plans[&t.plan_id].pauses)?
        };
        let input = ClockInput {
            clock: t.clock,
            start: received_at,
            target_minutes: if target_is_first { t.first_response } else { t.resolution },
            pauses: &pauses,
            met_at: met.map(from_ts),
            warn_at: WARN_AT,
        };
        Ok(clock_status(&schedule, input, now))
    };
    let mut clock = |due: Option<i64>,
                     warn: Option<i64>,
                     met: Option<i64>,
                     target_is_first: bool|
     -> Result<ClockView> {
        let mut no_due_reason = None;
        let state = match due {
            // The stored instants decide, as `sla::status` would (see `clocks::Stored`).
            Some(d) => sla::state(Due::At(from_ts(d)), met.map(from_ts), now, || {
                warn.is_some_and(|w| now >= from_ts(w))
            }),
            // Met with no stored due time: `status` would say met too (a breach needs a
            // due time), so no need to read the plan.
            None if met.is_some() => ClockState::Met,
            None => {
                let status = computed(met, target_is_first)?;
                if let (ClockState::NoDueTime, Due::Never(reason)) = (status.state, status.due) {
                    no_due_reason = Some(reason);
                }
                status.state
            }
        };
        Ok(ClockView { due: due.map(from_ts), state, no_due_reason })
    };
    Ok(CallRow {
        id,
        received_at,
        customer: r.get(2)?,
        severity: r.get(3)?,
        service: r.get(4)?,
        summary: r.get(5)?,
        status,
        first_response: clock(first_due, first_warn, first_at, true)?,
        resolution: clock(res_due, res_warn, res_at, false)?,
        assignee: r.get(13)?,
        assignee_id: r.get(14)?,
    })
}
