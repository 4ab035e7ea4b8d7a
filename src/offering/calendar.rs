//! The closed days of a plan's calendar: national holidays plus the partner's own days.

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use super::{ServiceHours, TimeOfDay};
use crate::holidays::{customary_days, holidays_between, Country, Holiday};
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
    /// From the national calendar, a public holiday or a customary day the plan closes or
    /// shortens (true), or the partner's own list (false).
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
            // A public holiday closes; a customary day does what the plan says.
            let closes_at = match (h.statutory, hours.customary(h.holiday)) {
                (true, _) => None,
                (false, Some(rule)) => rule,
                (false, None) => continue,
            };
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
            days.push(ClosedDayView { date: h.date, label, closes_at, public_holiday: true });
        }
    }
    days.retain(|d| open_on(d.date));
    days.sort_by_key(|d| d.date);
    days.truncate(limit);
    days
}

/// A customary day a plan may close or shorten, for the plan editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CustomaryChoice {
    pub day: Holiday,
    /// Its name in the requested language.
    pub name: String,
    /// What a plan does on it when nothing else is said (see `ServiceHours::customary_days`).
    pub closed_by_default: bool,
}

/// The customary days of `country`'s calendar, in calendar order.
pub fn customary_choices(country: Country, lang: Language) -> Vec<CustomaryChoice> {
    customary_days(country)
        .iter()
        .map(|c| CustomaryChoice {
            day: c.holiday,
            name: c.holiday.name(lang).to_owned(),
            closed_by_default: c.closed_by_default,
        })
        .collect()
}

/// The day a year after `date` (28 February for 29 February).
pub fn one_year_after(date: NaiveDate) -> NaiveDate {
    date.with_year(date.year() + 1).unwrap_or(date + Duration::days(365))
}
