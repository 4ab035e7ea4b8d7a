//! The closed days of a plan's calendar: national holidays plus the partner's own days.

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use super::{ServiceHours, TimeOfDay};
use crate::holidays::holidays_between;
use crate::settings::Language;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ClosedDayView {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub date: NaiveDate,
    /// The holiday's name in the requested language, or the partner's own label.
    pub label: String,
    /// For a shortened day: the time support closes.
    pub closes_at: Option<TimeOfDay>,
    /// From the national calendar (true) or the partner's own list (false).
    pub public_holiday: bool,
}

/// The closed and shortened days from `from` on, at most `limit` of them and none after `until`,
/// counting only days on which the plan would otherwise be open. The partner's own entry wins
/// over a holiday on the same date.
pub fn upcoming_closed_days(
    hours: &ServiceHours,
    from: NaiveDate,
    until: NaiveDate,
    limit: usize,
    lang: Language,
) -> Vec<ClosedDayView> {
    let open_on = |date: NaiveDate| {
        let day = super::Day::from_chrono(date.weekday());
        hours.windows.iter().any(|w| w.day == day)
    };
    let mut days: Vec<ClosedDayView> = hours
        .closed_days
        .iter()
        .filter(|d| d.date >= from && d.date <= until)
        .map(|d| ClosedDayView {
            date: d.date,
            label: d.label.or_other(lang).to_owned(),
            closes_at: d.closes_at,
            public_holiday: false,
        })
        .collect();
    if let Some(country) = hours.holidays {
        for h in holidays_between(country, from, until) {
            if days.iter().any(|d| d.date == h.date) {
                continue;
            }
            let name = h.holiday.name(lang);
            let label = if h.observed {
                match lang {
                    Language::En => format!("{name} (observed)"),
                    Language::Sv => format!("{name} (ersättningsdag)"),
                }
            } else {
                name.to_owned()
            };
            days.push(ClosedDayView { date: h.date, label, closes_at: None, public_holiday: true });
        }
    }
    days.retain(|d| open_on(d.date));
    days.sort_by_key(|d| d.date);
    days.truncate(limit);
    days
}

/// The day a year after `date` (28 February for 29 February).
pub fn one_year_after(date: NaiveDate) -> NaiveDate {
    date.with_year(date.year() + 1).unwrap_or(date + Duration::days(365))
}
