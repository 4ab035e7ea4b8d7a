//! SLA clocks: when a first response or a resolution is due, and how a clock stands.
//!
//! Pure arithmetic over a plan's service hours: weekly windows in the plan's time zone, the
//! national holidays and the partner's own closed and shortened days, and the pauses of a call
//! (time waiting on the customer does not count toward resolution). Instants are UTC; the
//! windows are wall-clock times, mapped to instants day by day, so daylight-saving changes are
//! handled where they happen:
//! - a window boundary in a spring-forward gap moves to the first instant after the gap;
//! - in a fall-back overlap a window starts at the first and ends at the second occurrence, so
//!   it covers all the wall-clock time it names.

use std::cell::RefCell;
use std::collections::HashMap;

use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc,
};
use chrono_tz::Tz;
use serde::Serialize;

use crate::holidays::holidays;
use crate::offering::{Clock, Day, ServiceHours, TimeOfDay};
use crate::{Error, Result};

/// How far ahead a due time is searched for: a target that cannot be met within this many days
/// of service hours is "never due" (a plan without open hours).
const HORIZON_DAYS: i64 = 3 * 366;

/// A time span during which a clock does not run; `to: None` while it is still running.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pause {
    pub from: DateTime<Utc>,
    pub to: Option<DateTime<Utc>>,
}

/// When a clock's target falls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    At(DateTime<Utc>),
    /// The clock is paused (waiting on the customer); `remaining` minutes are left.
    Paused {
        remaining_minutes: u32,
    },
    /// The plan has no service hours in which the target could be met.
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum ClockState {
    OnTrack,
    /// At least the warning share (e.g. 80 %) of the target is used.
    DueSoon,
    Breached,
    Met,
    Paused,
}

/// A plan's service hours, ready for arithmetic.
pub struct Schedule<'a> {
    hours: &'a ServiceHours,
    tz: Tz,
    holidays: RefCell<HashMap<i32, Vec<NaiveDate>>>,
}

impl<'a> Schedule<'a> {
    pub fn new(hours: &'a ServiceHours) -> Result<Schedule<'a>> {
        let tz = hours.time_zone.parse::<Tz>().map_err(|_| {
            Error::invalid(
                "hours.timeZone",
                crate::problem::ProblemCode::InvalidTimeZone,
                &[("value", hours.time_zone.clone())],
            )
        })?;
        Ok(Schedule { hours, tz, holidays: RefCell::default() })
    }

    pub fn time_zone(&self) -> Tz {
        self.tz
    }

    fn is_holiday(&self, date: NaiveDate) -> bool {
        let Some(country) = self.hours.holidays else { return false };
        let mut cache = self.holidays.borrow_mut();
        let days = cache.entry(date.year()).or_insert_with(|| {
            holidays(country, date.year()).into_iter().map(|h| h.date).collect()
        });
        days.contains(&date)
    }

    /// The open intervals of one local calendar day, as UTC instants, in order.
    pub fn day(&self, date: NaiveDate) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        let own = self.hours.closed_days.iter().find(|d| d.date == date);
        let closes_at = match own {
            Some(d) => match d.closes_at {
                Some(t) => Some(t),
                None => return Vec::new(),
            },
            None if self.is_holiday(date) => return Vec::new(),
            None => None,
        };
        let day = Day::from_chrono(date.weekday());
        let mut out: Vec<_> = self
            .hours
            .windows
            .iter()
            .filter(|w| w.day == day)
            .filter_map(|w| {
                let end = closes_at.map_or(w.end, |c| w.end.min(c));
                (end > w.start).then(|| {
                    (self.instant(date, w.start, Edge::Start), self.instant(date, end, Edge::End))
                })
            })
            .filter(|(s, e)| e > s)
            .collect();
        out.sort();
        out
    }

    fn instant(&self, date: NaiveDate, time: TimeOfDay, edge: Edge) -> DateTime<Utc> {
        let minutes = i64::from(time.minutes());
        let local = date.and_time(NaiveTime::MIN) + Duration::minutes(minutes);
        to_utc(self.tz, local, edge)
    }

    /// The open time of `clock` from `start` on, minus `pauses`, as UTC intervals in order.
    /// Calendar clocks are open all the time. Ends at the horizon.
    fn counted(
        &self,
        clock: Clock,
        start: DateTime<Utc>,
        pauses: &[Pause],
    ) -> impl Iterator<Item = (DateTime<Utc>, DateTime<Utc>)> + '_ {
        let horizon = start + Duration::days(HORIZON_DAYS);
        let first_day = start.with_timezone(&self.tz).date_naive() - Duration::days(1);
        let open: Box<dyn Iterator<Item = (DateTime<Utc>, DateTime<Utc>)> + '_> = match clock {
            Clock::Calendar => Box::new(std::iter::once((start, horizon))),
            Clock::ServiceHours => Box::new(
                (0..=HORIZON_DAYS)
                    .map(move |i| first_day + Duration::days(i))
                    .flat_map(move |d| self.day(d))
                    .filter(move |(_, e)| *e > start)
                    .map(move |(s, e)| (s.max(start), e)),
            ),
        };
        let mut pauses: Vec<(DateTime<Utc>, DateTime<Utc>)> = pauses
            .iter()
            .map(|p| (p.from, p.to.unwrap_or(horizon)))
            .filter(|(f, t)| t > f)
            .collect();
        pauses.sort();
        open.flat_map(move |interval| subtract(interval, &pauses))
    }

    /// When `minutes` of `clock` time have passed since `start`, not counting `pauses`.
    pub fn due(&self, clock: Clock, start: DateTime<Utc>, minutes: u32, pauses: &[Pause]) -> Due {
        let mut remaining = Duration::minutes(i64::from(minutes));
        for (s, e) in self.counted(clock, start, pauses) {
            let span = e - s;
            if remaining <= span {
                return Due::At(s + remaining);
            }
            remaining -= span;
        }
        let open_pause = pauses.iter().any(|p| p.to.is_none());
        if open_pause {
            let left = u32::try_from(remaining.num_minutes()).unwrap_or(u32::MAX);
            // The clock would run on once the pause ends: it is paused, not never due.
            return Due::Paused { remaining_minutes: left.min(minutes) };
        }
        Due::Never
    }

    /// The minutes of `clock` time between `start` and `until`, not counting `pauses`.
    pub fn elapsed(
        &self,
        clock: Clock,
        start: DateTime<Utc>,
        until: DateTime<Utc>,
        pauses: &[Pause],
    ) -> u32 {
        if until <= start {
            return 0;
        }
        let mut total = Duration::zero();
        for (s, e) in self.counted(clock, start, pauses) {
            if s >= until {
                break;
            }
            total += e.min(until) - s;
        }
        u32::try_from(total.num_minutes()).unwrap_or(u32::MAX)
    }
}

/// A clock as a call shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockStatus {
    pub due: Due,
    pub state: ClockState,
    /// Minutes of the target used so far (may exceed the target).
    pub used_minutes: u32,
}

/// What a clock needs to know about a call.
#[derive(Debug, Clone, Copy)]
pub struct ClockInput<'p> {
    pub clock: Clock,
    pub start: DateTime<Utc>,
    pub target_minutes: u32,
    pub pauses: &'p [Pause],
    /// When the target was reached (first response given, call resolved), if it was.
    pub met_at: Option<DateTime<Utc>>,
    /// Share of the target after which the clock is "due soon", e.g. 0.8.
    pub warn_at: f64,
}

pub fn status(schedule: &Schedule, input: ClockInput, now: DateTime<Utc>) -> ClockStatus {
    let due = schedule.due(input.clock, input.start, input.target_minutes, input.pauses);
    let until = input.met_at.unwrap_or(now);
    let used_minutes = schedule.elapsed(input.clock, input.start, until, input.pauses);
    let state = match (input.met_at, due) {
        (Some(met), Due::At(d)) if met > d => ClockState::Breached,
        (Some(_), _) => ClockState::Met,
        (None, Due::At(d)) if now >= d => ClockState::Breached,
        (None, Due::Paused { .. }) => ClockState::Paused,
        (None, _) if f64::from(used_minutes) >= input.warn_at * f64::from(input.target_minutes) => {
            ClockState::DueSoon
        }
        (None, _) => ClockState::OnTrack,
    };
    ClockStatus { due, state, used_minutes }
}

#[derive(Clone, Copy)]
enum Edge {
    Start,
    End,
}

/// A wall-clock time in `tz` as an instant: in a gap, the first instant after it; in an overlap,
/// the first occurrence for a start and the second for an end.
fn to_utc(tz: Tz, local: NaiveDateTime, edge: Edge) -> DateTime<Utc> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(first, second) => match edge {
            Edge::Start => first.with_timezone(&Utc),
            Edge::End => second.with_timezone(&Utc),
        },
        LocalResult::None => {
            // Gaps are at most a few hours; step to the first wall-clock minute that exists.
            let mut t = local;
            for _ in 0..24 * 60 {
                t += Duration::minutes(1);
                if let LocalResult::Single(x) | LocalResult::Ambiguous(x, _) =
                    tz.from_local_datetime(&t)
                {
                    return x.with_timezone(&Utc);
                }
            }
            Utc.from_utc_datetime(&local)
        }
    }
}

/// `interval` minus the sorted `pauses`.
fn subtract(
    (mut s, e): (DateTime<Utc>, DateTime<Utc>),
    pauses: &[(DateTime<Utc>, DateTime<Utc>)],
) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let mut out = Vec::new();
    for &(ps, pe) in pauses {
        if pe <= s || ps >= e {
            continue;
        }
        if ps > s {
            out.push((s, ps));
        }
        s = s.max(pe);
        if s >= e {
            return out;
        }
    }
    if s < e {
        out.push((s, e));
    }
    out
}
