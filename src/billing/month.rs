//! A calendar month (`2026-11`): the period a desk bills, closes and reports.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::problem::ProblemCode;
use crate::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    month: u32,
}

impl Month {
    /// `None` unless `month` is 1 to 12 and the year is one we can print (1970 to 9999).
    pub fn new(year: i32, month: u32) -> Option<Month> {
        ((1970..=9999).contains(&year) && (1..=12).contains(&month))
            .then_some(Month { year, month })
    }

    /// `2026-11`, as typed into `field`; anything else is a problem naming the field.
    pub fn parse(field: &str, text: &str) -> Result<Month> {
        text.trim().parse().map_err(|()| {
            Error::invalid(
                field,
                ProblemCode::InvalidMonth,
                &[("value", crate::problem::quote(text.trim()))],
            )
        })
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn number(self) -> u32 {
        self.month
    }

    pub fn next(self) -> Month {
        if self.month == 12 {
            Month { year: self.year + 1, month: 1 }
        } else {
            Month { year: self.year, month: self.month + 1 }
        }
    }

    pub fn previous(self) -> Month {
        if self.month == 1 {
            Month { year: self.year - 1, month: 12 }
        } else {
            Month { year: self.year, month: self.month - 1 }
        }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("a month's first day exists")
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().expect("a month has a last day")
    }

    /// The month `at` falls in, on the clocks of `tz`.
    pub fn of(at: DateTime<Utc>, tz: Tz) -> Month {
        let local = at.with_timezone(&tz);
        Month { year: local.year(), month: local.month() }
    }

    /// The instant the month begins on the clocks of `tz` (midnight of its first day; no zone
    /// moves its clocks at midnight on a first of the month, and one that did would begin the
    /// month at the first instant that exists).
    pub fn start(self, tz: Tz) -> DateTime<Utc> {
        let midnight = self.first_day().and_hms_opt(0, 0, 0).expect("midnight exists");
        tz.from_local_datetime(&midnight)
            .earliest()
            .or_else(|| tz.from_local_datetime(&(midnight + chrono::Duration::hours(1))).earliest())
            .map_or_else(|| Utc.from_utc_datetime(&midnight), |t| t.with_timezone(&Utc))
    }

    /// `[start, end)` of the month on the clocks of `tz`.
    pub fn range(self, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
        (self.start(tz), self.next().start(tz))
    }

    /// The months from `self` to `last`, both included.
    pub fn through(self, last: Month) -> impl Iterator<Item = Month> {
        std::iter::successors(Some(self), move |m| (*m < last).then(|| m.next()))
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for Month {
    type Err = ();

    fn from_str(s: &str) -> std::result::Result<Month, ()> {
        let (y, m) = s.split_once('-').ok_or(())?;
        if y.len() != 4 || m.len() != 2 || !(y.bytes().chain(m.bytes())).all(|b| b.is_ascii_digit())
        {
            return Err(());
        }
        Month::new(y.parse().map_err(|_| ())?, m.parse().map_err(|_| ())?).ok_or(())
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Month, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(|()| serde::de::Error::custom(format!("'{s}' is not a month (YYYY-MM)")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_year_dash_month() {
        assert_eq!("2026-11".parse(), Ok(Month { year: 2026, month: 11 }));
        for bad in ["2026-13", "2026-00", "2026-1", "26-11", "2026/11", "2026-11-01", "", "x"] {
            assert_eq!(bad.parse::<Month>(), Err(()), "{bad}");
        }
        let e = Month::parse("month", " nov ").unwrap_err();
        assert!(e.to_string().contains("'nov'"), "{e}");
    }

    #[test]
    fn steps_and_bounds_in_a_time_zone() {
        let nov: Month = "2026-11".parse().unwrap();
        assert_eq!(nov.next().to_string(), "2026-12");
        assert_eq!(nov.next().next().to_string(), "2027-01");
        assert_eq!(nov.next().next().previous().to_string(), "2026-12");
        assert_eq!(nov.last_day().to_string(), "2026-11-30");
        let tz: Tz = "Europe/Stockholm".parse().unwrap();
        let (start, end) = nov.range(tz);
        assert_eq!(start.to_rfc3339(), "2026-10-31T23:00:00+00:00");
        assert_eq!(end.to_rfc3339(), "2026-11-30T23:00:00+00:00");
        // 00:30 on 1 December in Stockholm is still 30 November in UTC, but December's work.
        assert_eq!(Month::of(end + chrono::Duration::minutes(30), tz).to_string(), "2026-12");
        assert_eq!(
            nov.previous().through(nov.next()).map(|m| m.to_string()).collect::<Vec<_>>(),
            ["2026-10", "2026-11", "2026-12"]
        );
    }
}
