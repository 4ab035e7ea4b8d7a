//! SLA clocks: when a first response or a resolution is due, and how a clock stands.
//!
//! Pure arithmetic over a plan's service hours: weekly windows in the plan's time zone, the
//! national holidays and the partner's own closed and shortened days, and the pauses of a call
//! (time waiting on the customer does not count toward resolution). Instants are UTC; the
//! windows are wall-clock times, mapped to instants day by day, so daylight-saving changes are
//! handled where they happen:
//! - a window boundary in a spring-forward gap moves to the first instant after the gap;
//! - in a fall-back overlap a window starts at the first and ends at the second occurrence, so
//!   it covers all the wall-clock time it names;
//! - except an end exactly where the repeated time begins (02:00 in Stockholm when 03:00 CEST
//!   goes back to 02:00 CET): that end is its first occurrence, where the wall clock first
//!   reaches it, so `00:00-02:00` is two real hours and the repeated hour is left to the windows
//!   that name it;
//! - the intervals of a day are merged (sorted, overlapping and touching ones joined), and the
//!   stream of days is clipped so that an interval never starts before the previous one ended
//!   (a day ending at a repeated midnight cannot overlap the next): no instant counts twice
//!   (`00:00-02:00, 02:00-24:00` covers the repeated hour once). Clipping rather than joining
//!   across days keeps the stream lazy: joining would read ahead to the horizon on a plan open
//!   around the clock.
//!
//! The search for a due time reaches far enough for the longest target a severity may have on a
//! plan open 30 minutes a week ([`HORIZON_DAYS`]). A clock that cannot be due says why
//! ([`NoDueReason`]): a plan without open hours, or a target beyond the horizon.

use std::cell::RefCell;
use std::collections::HashMap;

use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset,
    TimeZone, Utc,
};
use chrono_tz::Tz;
use serde::Serialize;

use crate::holidays::{holidays, HolidayDate};
use crate::offering::{Clock, Day, ServiceHours, TimeOfDay, MAX_TARGET_MINUTES};
use crate::{Error, Result};

/// The sparsest plan whose longest target must still get a due time: open 30 minutes a week.
const SPARSEST_WEEKLY_MINUTES: i64 = 30;

/// How far ahead a due time is searched for, in days. The longest target (a year of minutes) on
/// the sparsest plan takes 17,520 weeks; doubled for holidays, own closed days and DST days that
/// take the open day, plus ten weeks: 35,050 weeks, about 672 years. The search is lazy and
/// stops at the due time, so only the plans that need the far end pay for it.
pub const HORIZON_DAYS: i64 = 7 * (2 * (MAX_TARGET_MINUTES as i64) / SPARSEST_WEEKLY_MINUTES + 10);

/// The most a week can give beyond the wall-clock length of its windows: a fall-back overlap
/// repeats at most two hours (Antarctica/Troll), with room to spare.
const OVERLAP_MINUTES_PER_WEEK: i64 = 180;

/// An open interval of a clock, as UTC instants: from the first up to the second.
type Interval = (DateTime<Utc>, DateTime<Utc>);

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
    /// No service hours can meet the target.
    Never(NoDueReason),
}

impl Due {
    /// The due time as stored: an instant, or none while paused or never due.
    pub fn at(self) -> Option<DateTime<Utc>> {
        match self {
            Due::At(t) => Some(t),
            _ => None,
        }
    }
}

/// Why a clock has no due time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum NoDueReason {
    /// The plan has no open hours at all: no windows (or every day closed).
    NoServiceHours,
    /// The plan has open hours, but too few to meet the target within [`HORIZON_DAYS`].
    BeyondHorizon,
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
    /// The clock has no due time ([`Due::Never`]): the plan has no open hours, or too few.
    NoDueTime,
}

/// A plan's service hours, ready for arithmetic.
pub struct Schedule<'a> {
    hours: &'a ServiceHours,
    tz: Tz,
    /// Wall-clock minutes of the weekly windows (a day's overlapping windows counted once).
    weekly_minutes: i64,
    holidays: RefCell<HashMap<i32, Vec<HolidayDate>>>,
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
        let weekly_minutes = Day::ALL
            .iter()
            .flat_map(|&day| {
                merge(
                    hours
                        .windows
                        .iter()
                        .filter(|w| w.day == day && w.end > w.start)
                        .map(|w| (i64::from(w.start.minutes()), i64::from(w.end.minutes())))
                        .collect(),
                )
            })
            .map(|(s, e)| e - s)
            .sum();
        Ok(Schedule { hours, tz, weekly_minutes, holidays: RefCell::default() })
    }

    pub fn time_zone(&self) -> Tz {
        self.tz
    }

    /// What the holiday calendar makes of `date`: `None` an ordinary day, `Some(None)` closed,
    /// `Some(Some(t))` open until `t` (a customary day the plan shortens). A public holiday
    /// closes; a customary day does what the plan says, and is ordinary when the plan does not
    /// list it.
    fn holiday(&self, date: NaiveDate) -> Option<Option<TimeOfDay>> {
        let country = self.hours.holidays?;
        let mut cache = self.holidays.borrow_mut();
        let days = cache.entry(date.year()).or_insert_with(|| holidays(country, date.year()));
        let mut rule: Option<Option<TimeOfDay>> = None;
        for h in days.iter().filter(|h| h.date == date) {
            let this = if h.statutory { Some(None) } else { self.hours.customary(h.holiday) };
            rule = match (rule, this) {
                (Some(None), _) | (_, Some(None)) => Some(None),
                (Some(Some(a)), Some(Some(b))) => Some(Some(a.min(b))),
                (a, b) => a.or(b),
            };
        }
        rule
    }

    /// The open intervals of one local calendar day, as UTC instants, in order, merged: no two
    /// overlap or touch.
    pub fn day(&self, date: NaiveDate) -> Vec<Interval> {
        let own = self.hours.closed_days.iter().find(|d| d.date == date);
        let closes_at = match own {
            Some(d) => match d.closes_at {
                Some(t) => Some(t),
                None => return Vec::new(),
            },
            None => match self.holiday(date) {
                Some(None) => return Vec::new(),
                Some(until) => until,
                None => None,
            },
        };
        let day = Day::from_chrono(date.weekday());
        let out: Vec<_> = self
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
        merge(out)
    }

    fn instant(&self, date: NaiveDate, time: TimeOfDay, edge: Edge) -> DateTime<Utc> {
        let minutes = i64::from(time.minutes());
        let local = date.and_time(NaiveTime::MIN) + Duration::minutes(minutes);
        to_utc(self.tz, local, edge)
    }

    /// The open time of `clock` from `start` up to `end`, as UTC intervals in order, none
    /// overlapping another. Calendar clocks are open all the time.
    fn open(
        &self,
        clock: Clock,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Box<dyn Iterator<Item = Interval> + '_> {
        if end <= start {
            return Box::new(std::iter::empty());
        }
        match clock {
            Clock::Calendar => Box::new(std::iter::once((start, end))),
            Clock::ServiceHours if self.weekly_minutes == 0 => Box::new(std::iter::empty()),
            Clock::ServiceHours => {
                // A day's intervals lie within its local date, give or take a DST change.
                let first_day = start.with_timezone(&self.tz).date_naive() - Duration::days(1);
                let last_day = end.with_timezone(&self.tz).date_naive() + Duration::days(1);
                Box::new(
                    first_day
                        .iter_days()
                        .take_while(move |d| *d <= last_day)
                        .flat_map(move |d| self.day(d))
                        // Days are merged in themselves; across days, an interval starts where
                        // the time counted so far ends (from `start` on), so none counts twice.
                        .scan(start, |counted_to, (s, e)| {
                            let s = s.max(*counted_to);
                            Some(if e > s {
                                *counted_to = e;
                                Some((s, e))
                            } else {
                                None
                            })
                        })
                        .flatten()
                        .take_while(move |(s, _)| *s < end)
                        .map(move |(s, e)| (s, e.min(end))),
                )
            }
        }
    }

    /// The open time of `clock` from `start` up to `end`, minus the ended `pauses`, as UTC
    /// intervals in order. (A pause still running is the caller's `end`.)
    fn counted<'s>(
        &'s self,
        clock: Clock,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        pauses: &[Pause],
    ) -> impl Iterator<Item = Interval> + 's {
        let mut pauses: Vec<Interval> =
            pauses.iter().filter_map(|p| Some((p.from, p.to?))).filter(|(f, t)| t > f).collect();
        pauses.sort();
        self.open(clock, start, end).flat_map(move |interval| subtract(interval, &pauses))
    }

    /// Where counting stops: at the horizon, or where the earliest pause still running began.
    fn stop(start: DateTime<Utc>, pauses: &[Pause]) -> (DateTime<Utc>, Option<DateTime<Utc>>) {
        let horizon = start + Duration::days(HORIZON_DAYS);
        let running = pauses.iter().filter(|p| p.to.is_none()).map(|p| p.from.max(start)).min();
        (running.map_or(horizon, |r| r.min(horizon)), running)
    }

    /// Whether `minutes` of service hours could fit within the horizon at all: a week gives at
    /// most its windows' wall-clock minutes plus a repeated fall-back hour or two.
    fn fits_horizon(&self, minutes: u32) -> bool {
        let per_week = (self.weekly_minutes + OVERLAP_MINUTES_PER_WEEK).min(7 * 24 * 60);
        i64::from(minutes) <= (HORIZON_DAYS / 7 + 1) * per_week
    }

    /// When `minutes` of `clock` time have passed since `start`, not counting `pauses`.
    pub fn due(&self, clock: Clock, start: DateTime<Utc>, minutes: u32, pauses: &[Pause]) -> Due {
        if clock == Clock::ServiceHours {
            if self.weekly_minutes == 0 {
                return Due::Never(NoDueReason::NoServiceHours);
            }
            if !self.fits_horizon(minutes) {
                return Due::Never(NoDueReason::BeyondHorizon);
            }
        }
        let (end, running) = Schedule::stop(start, pauses);
        let mut remaining = Duration::minutes(i64::from(minutes));
        for (s, e) in self.counted(clock, start, end, pauses) {
            let span = e - s;
            if remaining <= span {
                return Due::At(s + remaining);
            }
            remaining -= span;
        }
        if running.is_some() {
            let left = u32::try_from(remaining.num_minutes()).unwrap_or(u32::MAX);
            // The clock would run on once the pause ends: it is paused, not never due.
            return Due::Paused { remaining_minutes: left.min(minutes) };
        }
        let horizon = start + Duration::days(HORIZON_DAYS);
        if self.open(clock, start, horizon).next().is_none() {
            // Windows, but every day closed.
            Due::Never(NoDueReason::NoServiceHours)
        } else {
            Due::Never(NoDueReason::BeyondHorizon)
        }
    }

    /// The minutes of `clock` time between `start` and `until`, not counting `pauses`.
    pub fn elapsed(
        &self,
        clock: Clock,
        start: DateTime<Utc>,
        until: DateTime<Utc>,
        pauses: &[Pause],
    ) -> u32 {
        let (end, _) = Schedule::stop(start, pauses);
        let total = self
            .counted(clock, start, end.min(until), pauses)
            .fold(Duration::zero(), |total, (s, e)| total + (e - s));
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
    let state = state(due, input.met_at, now, || {
        f64::from(used_minutes) >= input.warn_at * f64::from(input.target_minutes)
    });
    ClockStatus { due, state, used_minutes }
}

/// The one rule for a clock's state: from its due time, when its target was met (if it was),
/// and, asked only for a running clock not yet breached, whether the warning share is used.
/// Lists call it with the stored due time, so they agree with [`status`] without recomputing.
pub fn state(
    due: Due,
    met_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    warning: impl FnOnce() -> bool,
) -> ClockState {
    match (met_at, due) {
        (Some(met), Due::At(d)) if met > d => ClockState::Breached,
        (Some(_), _) => ClockState::Met,
        (None, Due::At(d)) if now >= d => ClockState::Breached,
        (None, Due::Paused { .. }) => ClockState::Paused,
        (None, Due::Never(_)) => ClockState::NoDueTime,
        (None, Due::At(_)) if warning() => ClockState::DueSoon,
        (None, Due::At(_)) => ClockState::OnTrack,
    }
}

#[derive(Clone, Copy)]
enum Edge {
    Start,
    End,
}

/// A wall-clock time in `tz` as an instant: in a gap, the first instant after it; in an overlap,
/// the first occurrence for a start and the second for an end, except an end exactly where the
/// repeated time begins, which is the first occurrence.
fn to_utc(tz: Tz, local: NaiveDateTime, edge: Edge) -> DateTime<Utc> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(first, second) => match edge {
            Edge::Start => first.with_timezone(&Utc),
            Edge::End if repetition_begins(tz, &second) => first.with_timezone(&Utc),
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

/// Whether `second`, the later occurrence of an ambiguous wall-clock time, is the change itself:
/// the wall-clock time is where the repeated time begins (the instant before has the old offset).
fn repetition_begins(tz: Tz, second: &DateTime<Tz>) -> bool {
    let before = second.naive_utc() - Duration::seconds(1);
    tz.offset_from_utc_datetime(&before).fix() != second.offset().fix()
}

/// `intervals` sorted, with overlapping and touching ones joined.
fn merge<T: Ord + Copy>(mut intervals: Vec<(T, T)>) -> Vec<(T, T)> {
    intervals.sort();
    let mut out: Vec<(T, T)> = Vec::with_capacity(intervals.len());
    for (s, e) in intervals {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// `interval` minus the sorted `pauses`.
fn subtract((mut s, e): Interval, pauses: &[Interval]) -> Vec<Interval> {
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
