//! Which backups to keep: a pure function of the backups' times, `now`, the policy and the
//! user's time zone.
//!
//! The rule (as restic's `--keep-last/--keep-daily/--keep-weekly`, counted from today):
//! - the newest `today` backups taken today;
//! - the newest backup of each of the `days` days before today;
//! - the newest backup of each of the `weeks` weeks before this week (ISO weeks, Monday to
//!   Sunday);
//! - and always: the newest backup of all (so a desk left alone for months still has one), a
//!   pinned one (the copy taken before the latest restore, which its undo needs), and one
//!   dated after `now` (the clock was wrong; nothing is deleted on a guess).
//!
//! Days and weeks are the user's: midnight and Monday in the zone the caller passes (the
//! computer's), so "today" is what the person at the desk calls today, also across a change to
//! or from summer time.

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::problem::{Problem, ProblemCode};

/// How many backups are kept; see the module's rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "BackupPolicy"))]
#[serde(rename_all = "camelCase")]
pub struct Policy {
    /// The newest backups of today.
    pub today: u32,
    /// One a day for this many days before today.
    pub days: u32,
    /// One a week for this many weeks before this week.
    pub weeks: u32,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy { today: 3, days: 7, weeks: 8 }
    }
}

/// The largest numbers a policy may hold: a backup a day for a year, a week for ten years.
pub const MAX_TODAY: u32 = 24;
pub const MAX_DAYS: u32 = 366;
pub const MAX_WEEKS: u32 = 520;

impl Policy {
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        for (field, value, min, max) in [
            ("today", self.today, 1, MAX_TODAY),
            ("days", self.days, 0, MAX_DAYS),
            ("weeks", self.weeks, 0, MAX_WEEKS),
        ] {
            if !(min..=max).contains(&value) {
                problems.push(Problem::with(
                    field,
                    ProblemCode::OutOfRange,
                    &[("min", min.to_string()), ("max", max.to_string())],
                ));
            }
        }
        problems
    }
}

/// A backup as the rule sees it: when it was taken, and whether it must stay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Taken {
    pub at: DateTime<Utc>,
    pub pinned: bool,
}

/// The indices (into `backups`) of the backups the policy no longer keeps, in ascending order.
pub fn to_delete(backups: &[Taken], now: DateTime<Utc>, policy: &Policy, zone: Tz) -> Vec<usize> {
    let day = |at: DateTime<Utc>| at.with_timezone(&zone).date_naive();
    let today = day(now);
    let monday = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
    // Newest first; the same instant keeps its order.
    let mut order: Vec<usize> = (0..backups.len()).collect();
    order.sort_by(|&a, &b| backups[b].at.cmp(&backups[a].at));

    let mut keep = vec![false; backups.len()];
    if let Some(&newest) = order.first() {
        keep[newest] = true;
    }
    for (i, b) in backups.iter().enumerate() {
        if b.pinned || b.at > now {
            keep[i] = true;
        }
    }
    // The newest `n` in a range of local days [from, until).
    let mut newest_in = |from: NaiveDate, until: NaiveDate, n: usize| {
        for &i in order.iter().filter(|&&i| (from..until).contains(&day(backups[i].at))).take(n) {
            keep[i] = true;
        }
    };
    newest_in(today, today + Days::new(1), policy.today as usize);
    for back in 1..=u64::from(policy.days) {
        let date = today - Days::new(back);
        newest_in(date, date + Days::new(1), 1);
    }
    for back in 1..=u64::from(policy.weeks) {
        let start = monday - Days::new(7 * back);
        newest_in(start, start + Days::new(7), 1);
    }
    (0..backups.len()).filter(|&i| !keep[i]).collect()
}
