//! SLA clocks: due times in service hours and around the clock, with holidays, own closed and
//! shortened days, several windows a day, windows ending at midnight, DST gaps and overlaps,
//! and pauses. One line per case; times are wall-clock times in the plan's time zone. A case
//! whose due time is "never: …" expects no due time for that reason.

use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use cspdesk::holidays::{Country, Holiday};
use cspdesk::offering::{Clock, ClosedDay, CustomaryDay, Day, ServiceHours, Window};
use cspdesk::sla::{status, ClockInput, ClockState, Due, NoDueReason, Pause, Schedule};
use proptest::prelude::*;

/// Service hours from a short spec: `"mon-fri 08:00-17:00; sat 10:00-14:00"`; windows of a day
/// separated by commas.
fn hours(
    tz: &str,
    spec: &str,
    holidays: Option<Country>,
    closed: &[(&str, Option<&str>)],
) -> ServiceHours {
    let mut windows = Vec::new();
    for part in spec.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let (days, ranges) = part.split_once(' ').unwrap();
        let days: Vec<Day> = match days.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (day(a).index(), day(b).index());
                (a..=b).map(|i| Day::from_index(i).unwrap()).collect()
            }
            None => vec![day(days)],
        };
        for range in ranges.split(',') {
            let (s, e) = range.trim().split_once('-').unwrap();
            for &d in &days {
                windows.push(Window { day: d, start: s.parse().unwrap(), end: e.parse().unwrap() });
            }
        }
    }
    ServiceHours {
        time_zone: tz.into(),
        windows,
        holidays,
        customary_days: ServiceHours::default_customary_days(holidays),
        closed_days: closed
            .iter()
            .map(|(date, closes)| ClosedDay {
                date: date.parse().unwrap(),
                label: Default::default(),
                closes_at: closes.map(|c| c.parse().unwrap()),
            })
            .collect(),
    }
}

/// `hours` closing or shortening exactly these customary days (the others open as usual).
fn customary(mut hours: ServiceHours, days: &[(Holiday, Option<&str>)]) -> ServiceHours {
    hours.customary_days = days
        .iter()
        .map(|(day, closes)| CustomaryDay {
            day: *day,
            closes_at: closes.map(|c| c.parse().unwrap()),
        })
        .collect();
    hours
}

fn day(s: &str) -> Day {
    Day::ALL
        [["mon", "tue", "wed", "thu", "fri", "sat", "sun"].iter().position(|d| *d == s).unwrap()]
}

/// "2026-11-23 16:30" in `tz`, or with an explicit offset "2026-10-25 02:30+01:00".
fn at(tz: Tz, s: &str) -> DateTime<Utc> {
    if s.len() > 16 {
        return DateTime::parse_from_str(&format!("{s}:00"), "%Y-%m-%d %H:%M%:z:%S")
            .or_else(|_| DateTime::parse_from_str(s, "%Y-%m-%d %H:%M%:z"))
            .unwrap_or_else(|e| panic!("{s}: {e}"))
            .with_timezone(&Utc);
    }
    let naive = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
    tz.from_local_datetime(&naive)
        .single()
        .unwrap_or_else(|| panic!("{s} is not a single instant in {tz}"))
        .with_timezone(&Utc)
}

struct Case<'a> {
    name: &'a str,
    hours: ServiceHours,
    clock: Clock,
    received: &'a str,
    minutes: u32,
    pauses: &'a [(&'a str, &'a str)],
    due: &'a str,
}

/// `None` if the case holds, else what went wrong.
fn check(case: Case) -> Option<String> {
    let tz: Tz = case.hours.time_zone.parse().unwrap();
    let schedule = Schedule::new(&case.hours).unwrap();
    let pauses: Vec<Pause> =
        case.pauses.iter().map(|(f, t)| Pause { from: at(tz, f), to: Some(at(tz, t)) }).collect();
    let got = schedule.due(case.clock, at(tz, case.received), case.minutes, &pauses);
    let want = match case.due {
        "never: no service hours" => Due::Never(NoDueReason::NoServiceHours),
        "never: beyond the horizon" => Due::Never(NoDueReason::BeyondHorizon),
        due => Due::At(at(tz, due)),
    };
    (got != want).then(|| {
        let (utc, local) = match got {
            Due::At(t) => (t.to_rfc3339(), t.with_timezone(&tz).to_rfc3339()),
            other => (format!("{other:?}"), String::new()),
        };
        format!("{}: due {utc} (local {local}), expected {}", case.name, case.due)
    })
}

const STHLM: &str = "Europe/Stockholm";
const NY: &str = "America/New_York";
const LONDON: &str = "Europe/London";
const HAVANA: &str = "America/Havana";
const OFFICE: &str = "mon-fri 08:00-17:00";
const LUNCH: &str = "mon-fri 08:00-12:00,13:00-17:00";
const SH: Clock = Clock::ServiceHours;
const CAL: Clock = Clock::Calendar;

fn office() -> ServiceHours {
    hours(STHLM, OFFICE, Some(Country::SE), &[])
}

#[test]
fn due_times() {
    #[rustfmt::skip]
    let cases = vec![
        // Plain office hours (Monday 2026-11-23).
        Case { name: "inside hours", hours: office(), clock: SH, received: "2026-11-23 10:00", minutes: 60, pauses: &[], due: "2026-11-23 11:00" },
        Case { name: "runs over the evening", hours: office(), clock: SH, received: "2026-11-23 16:30", minutes: 60, pauses: &[], due: "2026-11-24 08:30" },
        Case { name: "runs over the weekend", hours: office(), clock: SH, received: "2026-11-27 16:30", minutes: 60, pauses: &[], due: "2026-11-30 08:30" },
        Case { name: "received on a Saturday", hours: office(), clock: SH, received: "2026-11-28 10:00", minutes: 60, pauses: &[], due: "2026-11-30 09:00" },
        Case { name: "received late Sunday", hours: office(), clock: SH, received: "2026-11-29 23:00", minutes: 60, pauses: &[], due: "2026-11-30 09:00" },
        Case { name: "received before opening", hours: office(), clock: SH, received: "2026-11-23 07:00", minutes: 60, pauses: &[], due: "2026-11-23 09:00" },
        Case { name: "received at closing", hours: office(), clock: SH, received: "2026-11-23 17:00", minutes: 60, pauses: &[], due: "2026-11-24 09:00" },
        Case { name: "received at opening", hours: office(), clock: SH, received: "2026-11-23 08:00", minutes: 1, pauses: &[], due: "2026-11-23 08:01" },
        Case { name: "ends exactly at closing", hours: office(), clock: SH, received: "2026-11-23 16:00", minutes: 60, pauses: &[], due: "2026-11-23 17:00" },
        Case { name: "a whole day", hours: office(), clock: SH, received: "2026-11-23 08:00", minutes: 540, pauses: &[], due: "2026-11-23 17:00" },
        Case { name: "a day and a minute", hours: office(), clock: SH, received: "2026-11-23 08:00", minutes: 541, pauses: &[], due: "2026-11-24 08:01" },
        Case { name: "three days", hours: office(), clock: SH, received: "2026-11-23 08:00", minutes: 3 * 540, pauses: &[], due: "2026-11-25 17:00" },
        // Several windows a day.
        Case { name: "over lunch", hours: hours(STHLM, LUNCH, None, &[]), clock: SH, received: "2026-11-23 11:30", minutes: 60, pauses: &[], due: "2026-11-23 13:30" },
        Case { name: "received at lunch", hours: hours(STHLM, LUNCH, None, &[]), clock: SH, received: "2026-11-23 12:15", minutes: 30, pauses: &[], due: "2026-11-23 13:30" },
        Case { name: "three windows", hours: hours(STHLM, "mon-fri 06:00-08:00,10:00-12:00,14:00-16:00", None, &[]), clock: SH, received: "2026-11-23 07:30", minutes: 120, pauses: &[], due: "2026-11-23 11:30" },
        // Windows ending at midnight.
        Case { name: "evening window to midnight", hours: hours(STHLM, "mon-fri 20:00-24:00", None, &[]), clock: SH, received: "2026-11-23 23:30", minutes: 60, pauses: &[], due: "2026-11-24 20:30" },
        Case { name: "across midnight in two windows", hours: hours(STHLM, "mon 20:00-24:00; tue 00:00-02:00", None, &[]), clock: SH, received: "2026-11-23 23:30", minutes: 60, pauses: &[], due: "2026-11-24 00:30" },
        Case { name: "ends exactly at midnight", hours: hours(STHLM, "mon-fri 20:00-24:00", None, &[]), clock: SH, received: "2026-11-23 23:00", minutes: 60, pauses: &[], due: "2026-11-24 00:00" },
        // Public holidays and own days.
        Case { name: "Christmas Eve to Boxing Day and a weekend", hours: office(), clock: SH, received: "2026-12-23 16:30", minutes: 60, pauses: &[], due: "2026-12-28 08:30" },
        Case { name: "Midsummer Eve", hours: office(), clock: SH, received: "2027-06-24 16:30", minutes: 60, pauses: &[], due: "2027-06-28 08:30" },
        Case { name: "Easter", hours: office(), clock: SH, received: "2027-03-25 16:30", minutes: 60, pauses: &[], due: "2027-03-30 08:30" },
        Case { name: "received on a holiday", hours: office(), clock: SH, received: "2026-12-25 10:00", minutes: 60, pauses: &[], due: "2026-12-28 09:00" },
        Case { name: "no holiday calendar", hours: hours(STHLM, OFFICE, None, &[]), clock: SH, received: "2026-12-23 16:30", minutes: 60, pauses: &[], due: "2026-12-24 08:30" },
        Case { name: "own closed day", hours: hours(STHLM, OFFICE, None, &[("2026-11-25", None)]), clock: SH, received: "2026-11-24 16:30", minutes: 60, pauses: &[], due: "2026-11-26 08:30" },
        Case { name: "shortened day", hours: hours(STHLM, OFFICE, None, &[("2026-11-25", Some("13:00"))]), clock: SH, received: "2026-11-25 12:30", minutes: 60, pauses: &[], due: "2026-11-26 08:30" },
        Case { name: "received after a shortened day closed", hours: hours(STHLM, OFFICE, None, &[("2026-11-25", Some("13:00"))]), clock: SH, received: "2026-11-25 14:00", minutes: 60, pauses: &[], due: "2026-11-26 09:00" },
        Case { name: "shortened before the afternoon window", hours: hours(STHLM, "mon-fri 13:00-17:00", None, &[("2026-11-25", Some("12:00"))]), clock: SH, received: "2026-11-25 09:00", minutes: 60, pauses: &[], due: "2026-11-26 14:00" },
        Case { name: "own shortened day on a holiday", hours: hours(STHLM, OFFICE, Some(Country::SE), &[("2026-12-24", Some("12:00"))]), clock: SH, received: "2026-12-23 16:30", minutes: 60, pauses: &[], due: "2026-12-24 08:30" },
        Case { name: "US observed New Year on Friday 31 December", hours: hours("America/New_York", OFFICE, Some(Country::US), &[]), clock: SH, received: "2027-12-30 16:30", minutes: 60, pauses: &[], due: "2028-01-03 08:30" },
        Case { name: "UK Boxing Day substitute", hours: hours("Europe/London", OFFICE, Some(Country::GB), &[]), clock: SH, received: "2027-12-24 16:30", minutes: 60, pauses: &[], due: "2027-12-29 08:30" },
        // Customary days: what the plan says (the defaults close Midsummer Eve, Christmas Eve, ...).
        Case { name: "a Swedish plan open on Midsummer Eve", hours: customary(office(), &[(Holiday::ChristmasEve, None)]), clock: SH, received: "2027-06-24 16:30", minutes: 60, pauses: &[], due: "2027-06-25 08:30" },
        Case { name: "Walpurgis Night until 13:00, then May Day and a weekend", hours: customary(office(), &[(Holiday::WalpurgisNight, Some("13:00"))]), clock: SH, received: "2027-04-30 12:30", minutes: 60, pauses: &[], due: "2027-05-03 08:30" },
        Case { name: "Maundy Thursday until 13:00, then Easter", hours: customary(office(), &[(Holiday::MaundyThursday, Some("13:00")), (Holiday::HolySaturday, None)]), clock: SH, received: "2027-03-25 12:00", minutes: 120, pauses: &[], due: "2027-03-30 09:00" },
        Case { name: "Maundy Thursday open as usual by default", hours: office(), clock: SH, received: "2027-03-25 12:00", minutes: 120, pauses: &[], due: "2027-03-25 14:00" },
        Case { name: "All Saints' Eve until 15:00", hours: customary(office(), &[(Holiday::AllSaintsEve, Some("15:00"))]), clock: SH, received: "2026-10-30 14:00", minutes: 120, pauses: &[], due: "2026-11-02 09:00" },
        Case { name: "a Norwegian plan closing New Year's Eve", hours: customary(hours("Europe/Oslo", OFFICE, Some(Country::NO), &[]), &[(Holiday::ChristmasEve, None), (Holiday::NewYearsEve, None)]), clock: SH, received: "2026-12-30 16:30", minutes: 60, pauses: &[], due: "2027-01-04 08:30" },
        Case { name: "a Danish plan open on Constitution Day", hours: customary(hours("Europe/Copenhagen", OFFICE, Some(Country::DK), &[]), &[]), clock: SH, received: "2026-06-04 16:30", minutes: 60, pauses: &[], due: "2026-06-05 08:30" },
        Case { name: "US Christmas observed on Christmas Eve closes a shortened Christmas Eve", hours: customary(hours(NY, OFFICE, Some(Country::US), &[]), &[(Holiday::ChristmasEve, Some("12:00"))]), clock: SH, received: "2027-12-23 16:30", minutes: 60, pauses: &[], due: "2027-12-27 08:30" },
        Case { name: "US day after Thanksgiving closed", hours: customary(hours(NY, OFFICE, Some(Country::US), &[]), &[(Holiday::DayAfterThanksgiving, None)]), clock: SH, received: "2026-11-25 16:30", minutes: 60, pauses: &[], due: "2026-11-30 08:30" },
        Case { name: "one short window a week", hours: hours(STHLM, "wed 10:00-12:00", None, &[]), clock: SH, received: "2026-11-23 09:00", minutes: 240, pauses: &[], due: "2026-12-02 12:00" },
        Case { name: "Tokyo, no daylight saving", hours: hours("Asia/Tokyo", "mon-fri 09:00-18:00", None, &[]), clock: SH, received: "2026-11-27 17:00", minutes: 120, pauses: &[], due: "2026-11-30 10:00" },
        // Around the clock.
        Case { name: "calendar clock ignores closing", hours: office(), clock: CAL, received: "2026-11-27 16:30", minutes: 60, pauses: &[], due: "2026-11-27 17:30" },
        Case { name: "calendar clock over a weekend", hours: office(), clock: CAL, received: "2026-11-28 10:00", minutes: 24 * 60, pauses: &[], due: "2026-11-29 10:00" },
        Case { name: "calendar clock over Christmas", hours: office(), clock: CAL, received: "2026-12-24 10:00", minutes: 60, pauses: &[], due: "2026-12-24 11:00" },
        // Daylight saving time (Stockholm: 2027-03-28 02:00 → 03:00; 2026-10-25 03:00 → 02:00).
        Case { name: "calendar clock over the spring gap", hours: office(), clock: CAL, received: "2027-03-28 01:30", minutes: 60, pauses: &[], due: "2027-03-28 03:30" },
        Case { name: "calendar clock over the autumn overlap", hours: office(), clock: CAL, received: "2026-10-25 01:30", minutes: 120, pauses: &[], due: "2026-10-25 02:30+01:00" },
        Case { name: "around-the-clock hours over the spring gap", hours: hours(STHLM, "mon-sun 00:00-24:00", None, &[]), clock: SH, received: "2027-03-27 23:00", minutes: 180, pauses: &[], due: "2027-03-28 03:00" },
        Case { name: "window through the spring gap is shorter", hours: hours(STHLM, "sun 01:00-04:00", None, &[]), clock: SH, received: "2027-03-28 01:00", minutes: 90, pauses: &[], due: "2027-03-28 03:30" },
        Case { name: "window through the autumn overlap is longer", hours: hours(STHLM, "sun 00:00-04:00", None, &[]), clock: SH, received: "2026-10-25 00:00", minutes: 270, pauses: &[], due: "2026-10-25 03:30+01:00" },
        Case { name: "window starting in the spring gap", hours: hours(STHLM, "sun 02:30-05:00", None, &[]), clock: SH, received: "2027-03-28 00:00", minutes: 60, pauses: &[], due: "2027-03-28 04:00" },
        Case { name: "office hours over the spring change (no holidays)", hours: hours(STHLM, OFFICE, None, &[]), clock: SH, received: "2027-03-26 16:30", minutes: 60, pauses: &[], due: "2027-03-29 08:30" },
        Case { name: "Good Friday and Easter Monday around the spring change", hours: office(), clock: SH, received: "2027-03-26 16:30", minutes: 60, pauses: &[], due: "2027-03-30 09:00" },
        // Autumn 2025 in Stockholm: 2025-10-26 03:00 CEST → 02:00 CET, 02:00–03:00 repeated; the
        // first 02:00 is 00:00Z, the second (the change) 01:00Z.
        // 01:00 CEST (23:00Z) to the first 02:00 is 60 minutes; the other 30 are Monday 10:00–10:30 CET
        // (09:30Z). Ending at the second 02:00, the window was 3 hours and the clock due 00:30Z.
        Case { name: "window ending where the repeated hour begins ends at its first occurrence", hours: hours(STHLM, "sun 00:00-02:00; mon-fri 10:00-17:00", None, &[]), clock: SH, received: "2025-10-26 01:00", minutes: 90, pauses: &[], due: "2025-10-27 10:30" },
        // 00:00 CEST (22:00Z) to the second 02:30 (02:30 CET, 01:30Z): 210 minutes, all in the window.
        Case { name: "window ending inside the repeated hour ends at its second occurrence", hours: hours(STHLM, "sun 00:00-02:30", None, &[]), clock: SH, received: "2025-10-26 00:00", minutes: 210, pauses: &[], due: "2025-10-26 02:30+01:00" },
        // The first 02:30 (02:30 CEST, 00:30Z) to 04:00 CET (03:00Z): 150 minutes.
        Case { name: "window starting inside the repeated hour starts at its first occurrence", hours: hours(STHLM, "sun 02:30-04:00", None, &[]), clock: SH, received: "2025-10-25 23:00", minutes: 150, pauses: &[], due: "2025-10-26 04:00" },
        // The first 02:00 (00:00Z) to 03:00 CET (02:00Z): the repeated hour counts both times, 120 minutes.
        Case { name: "window starting where the repeated hour begins", hours: hours(STHLM, "sun 02:00-03:00", None, &[]), clock: SH, received: "2025-10-25 23:00", minutes: 120, pauses: &[], due: "2025-10-26 03:00" },
        // Open from 00:00 CEST (22:00Z) without a break, each instant once: 300 minutes later is 03:00Z,
        // 04:00 CET. Counting the repeated hour twice made it 02:00Z.
        Case { name: "two windows meeting at the change count the repeated hour once", hours: hours(STHLM, "sun 00:00-02:00,02:00-24:00", None, &[]), clock: SH, received: "2025-10-26 00:00", minutes: 300, pauses: &[], due: "2025-10-26 04:00" },
        // The first window ends at the second 02:30 (01:30Z), the second starts at the first (00:30Z):
        // they overlap for an hour. Merged, the day runs 22:00Z–23:00Z once: due 03:00Z, 04:00 CET.
        Case { name: "two windows meeting inside the repeated hour are merged", hours: hours(STHLM, "sun 00:00-02:30,02:30-24:00", None, &[]), clock: SH, received: "2025-10-26 00:00", minutes: 300, pauses: &[], due: "2025-10-26 04:00" },
        // Shortened to close at 02:00, the first one (00:00Z): 120 minutes that Sunday, 30 the next.
        Case { name: "shortened day closing where the repeated hour begins", hours: hours(STHLM, "sun 00:00-04:00", None, &[("2025-10-26", Some("02:00"))]), clock: SH, received: "2025-10-26 00:00", minutes: 150, pauses: &[], due: "2025-11-02 00:30" },
        // Havana, 2025-11-02 01:00 CDT → 00:00 CST: midnight to 01:00 repeats. Saturday's 24:00 is where the
        // repetition begins, the first midnight (04:00Z), and Sunday starts there: 02:00Z–06:00Z (01:00
        // CST) is 240 minutes. Saturday ended at the second midnight (05:00Z) and 04:00Z–05:00Z counted twice.
        Case { name: "evening to a repeated midnight and the next day do not overlap", hours: hours(HAVANA, "sat 22:00-24:00; sun 00:00-01:00", None, &[]), clock: SH, received: "2025-11-01 22:00", minutes: 240, pauses: &[], due: "2025-11-02 01:00" },
        // New York, 2025-11-02 02:00 EDT → 01:00 EST: 01:00–02:00 repeated, first 01:00 = 05:00Z, second 06:00Z.
        // 00:30 EDT (04:30Z) to the first 01:00: 30 minutes; 30 more on Monday from 09:00 EST.
        Case { name: "New York: window ending where the repeated hour begins", hours: hours(NY, "sun 00:00-01:00; mon-fri 09:00-17:00", None, &[]), clock: SH, received: "2025-11-02 00:30", minutes: 60, pauses: &[], due: "2025-11-03 09:30" },
        // From 00:00 EDT (04:00Z) without a break: 180 minutes later is 07:00Z, 02:00 EST.
        Case { name: "New York: two windows meeting at the change", hours: hours(NY, "sun 00:00-01:00,01:00-24:00", None, &[]), clock: SH, received: "2025-11-02 00:00", minutes: 180, pauses: &[], due: "2025-11-02 02:00" },
        // 00:00 EDT (04:00Z) to the second 01:30 (01:30 EST, 06:30Z): 150 minutes.
        Case { name: "New York: window ending inside the repeated hour", hours: hours(NY, "sun 00:00-01:30", None, &[]), clock: SH, received: "2025-11-02 00:00", minutes: 150, pauses: &[], due: "2025-11-02 01:30-05:00" },
        // New York, 2026-03-08 02:00 EST → 03:00 EDT (07:00Z). 01:00 EST (06:00Z) to 04:00 EDT (08:00Z) is
        // 120 minutes; 90 of them end at 07:30Z, 03:30 EDT.
        Case { name: "New York: window through the spring gap is shorter", hours: hours(NY, "sun 01:00-04:00", None, &[]), clock: SH, received: "2026-03-08 01:00", minutes: 90, pauses: &[], due: "2026-03-08 03:30" },
        // 02:30 does not exist: the window starts at 03:00 EDT.
        Case { name: "New York: window starting in the spring gap", hours: hours(NY, "sun 02:30-05:00", None, &[]), clock: SH, received: "2026-03-08 00:00", minutes: 60, pauses: &[], due: "2026-03-08 04:00" },
        // The end 02:30 moves to 03:00 EDT (07:00Z): 00:00 EST (05:00Z) to then is 120 minutes; the 121st
        // is Monday 09:00–09:01.
        Case { name: "New York: window ending in the spring gap", hours: hours(NY, "sun 00:00-02:30; mon-fri 09:00-17:00", None, &[]), clock: SH, received: "2026-03-08 00:00", minutes: 121, pauses: &[], due: "2026-03-09 09:01" },
        // London, 2025-10-26 02:00 BST → 01:00 GMT: 01:00–02:00 repeated, first 01:00 = 00:00Z, second 01:00Z.
        // 00:15 BST (23:15Z) to the first 01:00: 45 minutes; 15 more on Monday from 09:00 GMT.
        Case { name: "London: window ending where the repeated hour begins", hours: hours(LONDON, "sun 00:00-01:00; mon-fri 09:00-17:00", None, &[]), clock: SH, received: "2025-10-26 00:15", minutes: 60, pauses: &[], due: "2025-10-27 09:15" },
        // From 00:00 BST (23:00Z) without a break: 240 minutes later is 03:00Z, 03:00 GMT.
        Case { name: "London: two windows meeting at the change", hours: hours(LONDON, "sun 00:00-01:00,01:00-24:00", None, &[]), clock: SH, received: "2025-10-26 00:00", minutes: 240, pauses: &[], due: "2025-10-26 03:00" },
        // The first 01:30 (01:30 BST, 00:30Z) to 03:00 GMT (03:00Z): 150 minutes.
        Case { name: "London: window starting inside the repeated hour", hours: hours(LONDON, "sun 01:30-03:00", None, &[]), clock: SH, received: "2025-10-25 23:00", minutes: 150, pauses: &[], due: "2025-10-26 03:00" },
        // London, 2026-03-29 01:00 GMT → 02:00 BST (01:00Z). 00:00 GMT (00:00Z) to 03:00 BST (02:00Z) is 120
        // minutes; 90 of them end at 01:30Z, 02:30 BST.
        Case { name: "London: window through the spring gap is shorter", hours: hours(LONDON, "sun 00:00-03:00", None, &[]), clock: SH, received: "2026-03-29 00:00", minutes: 90, pauses: &[], due: "2026-03-29 02:30" },
        // 01:30 does not exist: the window starts at 02:00 BST (01:00Z); 60 minutes later is 03:00 BST.
        Case { name: "London: window starting in the spring gap", hours: hours(LONDON, "sun 01:30-04:00", None, &[]), clock: SH, received: "2026-03-29 00:00", minutes: 60, pauses: &[], due: "2026-03-29 03:00" },
        // Pauses (waiting on the customer).
        Case { name: "pause over the night", hours: office(), clock: SH, received: "2026-11-23 16:00", minutes: 120, pauses: &[("2026-11-23 16:30", "2026-11-24 09:00")], due: "2026-11-24 10:30" },
        Case { name: "pause over the weekend", hours: office(), clock: SH, received: "2026-11-27 16:00", minutes: 120, pauses: &[("2026-11-27 16:30", "2026-11-30 10:00")], due: "2026-11-30 11:30" },
        Case { name: "pause outside hours changes nothing", hours: office(), clock: SH, received: "2026-11-27 16:30", minutes: 60, pauses: &[("2026-11-28 10:00", "2026-11-29 10:00")], due: "2026-11-30 08:30" },
        Case { name: "two pauses", hours: office(), clock: SH, received: "2026-11-23 08:00", minutes: 120, pauses: &[("2026-11-23 08:30", "2026-11-23 09:00"), ("2026-11-23 09:30", "2026-11-23 10:00")], due: "2026-11-23 11:00" },
        Case { name: "pause started before the call counts from the call", hours: office(), clock: SH, received: "2026-11-23 08:00", minutes: 60, pauses: &[("2026-11-23 07:00", "2026-11-23 09:00")], due: "2026-11-23 10:00" },
        Case { name: "pause on a calendar clock", hours: office(), clock: CAL, received: "2026-11-23 10:00", minutes: 120, pauses: &[("2026-11-23 10:30", "2026-11-23 11:30")], due: "2026-11-23 13:00" },
        // No due time, and the search horizon.
        Case { name: "no windows: no due time", hours: hours(STHLM, "", None, &[]), clock: SH, received: "2026-11-23 08:00", minutes: 30, pauses: &[], due: "never: no service hours" },
        Case { name: "no windows: a calendar clock is still due", hours: hours(STHLM, "", None, &[]), clock: CAL, received: "2026-11-23 08:00", minutes: 30, pauses: &[], due: "2026-11-23 08:30" },
        // The longest target (365 × 24 × 60 = 525,600 minutes) on a plan open 30 minutes a week: 17,520
        // windows, the last 17,519 weeks (122,633 days) after Wednesday 2026-11-25, on 2362-08-29.
        Case { name: "longest target on a plan open 30 minutes a week", hours: hours("UTC", "wed 10:00-10:30", None, &[]), clock: SH, received: "2026-11-25 09:00", minutes: 525_600, pauses: &[], due: "2362-08-29 10:30" },
        Case { name: "a target beyond the horizon", hours: hours(STHLM, "wed 10:00-12:00", None, &[]), clock: SH, received: "2026-11-23 08:00", minutes: u32::MAX, pauses: &[], due: "never: beyond the horizon" },
    ];
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let failed: Vec<String> = cases.into_iter().filter_map(check).collect();
    assert!(failed.is_empty(), "{} failed:\n{}", failed.len(), failed.join("\n"));
}

#[test]
fn an_open_pause_stops_the_clock() {
    let h = office();
    let tz: Tz = STHLM.parse().unwrap();
    let s = Schedule::new(&h).unwrap();
    let pause = [Pause { from: at(tz, "2026-11-23 09:00"), to: None }];
    assert_eq!(
        s.due(SH, at(tz, "2026-11-23 08:00"), 120, &pause),
        Due::Paused { remaining_minutes: 60 }
    );
    // A target met before the pause began is due as usual.
    assert_eq!(
        s.due(SH, at(tz, "2026-11-23 08:00"), 30, &pause),
        Due::At(at(tz, "2026-11-23 08:30"))
    );
    assert_eq!(
        Schedule::new(&hours(STHLM, "", None, &[])).unwrap().due(
            SH,
            at(tz, "2026-11-23 08:00"),
            30,
            &[]
        ),
        Due::Never(NoDueReason::NoServiceHours)
    );
    // Without open hours the clock would not run after the pause either: no due time.
    assert_eq!(
        Schedule::new(&hours(STHLM, "", None, &[])).unwrap().due(
            SH,
            at(tz, "2026-11-23 08:00"),
            30,
            &pause
        ),
        Due::Never(NoDueReason::NoServiceHours)
    );
}

#[test]
fn a_plan_changed_while_a_call_is_open_recomputes_and_keeps_pauses() {
    let tz: Tz = STHLM.parse().unwrap();
    let pauses = [Pause { from: at(tz, "2026-11-23 16:30"), to: Some(at(tz, "2026-11-24 07:30")) }];
    let received = at(tz, "2026-11-23 16:00");
    // Office hours: 16:00–16:30 Monday, then 08:00–09:30 Tuesday.
    let before = Schedule::new(&office()).unwrap().due(SH, received, 120, &pauses);
    assert_eq!(before, Due::At(at(tz, "2026-11-24 09:30")));
    // Longer hours: 16:00–16:30 Monday (the rest of Monday is paused), then 07:30–09:00 Tuesday.
    let longer = hours(STHLM, "mon-fri 07:00-19:00", None, &[]);
    let after = Schedule::new(&longer).unwrap().due(SH, received, 120, &pauses);
    assert_eq!(after, Due::At(at(tz, "2026-11-24 09:00")));
}

#[test]
fn clock_states() {
    let h = office();
    let tz: Tz = STHLM.parse().unwrap();
    let s = Schedule::new(&h).unwrap();
    let input = |met: Option<&str>| ClockInput {
        clock: SH,
        start: at(tz, "2026-11-23 08:00"),
        target_minutes: 100,
        pauses: &[],
        met_at: met.map(|m| at(tz, m)),
        warn_at: 0.8,
    };
    let cases = [
        (None, "2026-11-23 09:00", ClockState::OnTrack, 60),
        (None, "2026-11-23 09:20", ClockState::DueSoon, 80),
        (None, "2026-11-23 09:40", ClockState::Breached, 100),
        (Some("2026-11-23 09:30"), "2026-11-23 12:00", ClockState::Met, 90),
        (Some("2026-11-23 10:00"), "2026-11-23 12:00", ClockState::Breached, 120),
        // Outside hours the used time stands still.
        (None, "2026-11-22 09:00", ClockState::OnTrack, 0),
    ];
    for (met, now, state, used) in cases {
        let got = status(&s, input(met), at(tz, now));
        assert_eq!((got.state, got.used_minutes), (state, used), "met {met:?} now {now}");
    }
    let paused = [Pause { from: at(tz, "2026-11-23 08:30"), to: None }];
    let got = status(&s, ClockInput { pauses: &paused, ..input(None) }, at(tz, "2026-11-24 12:00"));
    assert_eq!((got.state, got.used_minutes), (ClockState::Paused, 30));
    // A plan without open hours: no due time, not on track forever; a met clock is still met.
    let closed = hours(STHLM, "", None, &[]);
    let c = Schedule::new(&closed).unwrap();
    let got = status(&c, input(None), at(tz, "2026-11-30 12:00"));
    assert_eq!(
        (got.due, got.state, got.used_minutes),
        (Due::Never(NoDueReason::NoServiceHours), ClockState::NoDueTime, 0)
    );
    let got = status(&c, input(Some("2026-11-23 09:30")), at(tz, "2026-11-30 12:00"));
    assert_eq!(got.state, ClockState::Met);
    let far = status(
        &s,
        ClockInput { target_minutes: u32::MAX, ..input(None) },
        at(tz, "2026-11-24 12:00"),
    );
    assert_eq!(
        (far.due, far.state),
        (Due::Never(NoDueReason::BeyondHorizon), ClockState::NoDueTime)
    );
    assert_eq!(serde_json::to_value(ClockState::NoDueTime).unwrap(), "noDueTime");
    assert_eq!(serde_json::to_value(NoDueReason::NoServiceHours).unwrap(), "noServiceHours");
    assert_eq!(serde_json::to_value(NoDueReason::BeyondHorizon).unwrap(), "beyondHorizon");
}

#[test]
fn the_longest_target_is_met_on_a_sparse_plan_with_holidays() {
    // 30 minutes a week, on a weekday with holidays (Christmas Eve, New Year's Eve, …), with DST.
    let h = hours(STHLM, "wed 10:00-10:30", Some(Country::SE), &[("2027-01-13", None)]);
    let tz: Tz = STHLM.parse().unwrap();
    let s = Schedule::new(&h).unwrap();
    let received = at(tz, "2026-11-23 08:00");
    let due = s.due(SH, received, cspdesk::offering::MAX_TARGET_MINUTES, &[]);
    let Due::At(due) = due else { panic!("no due time: {due:?}") };
    // At least 17,520 Wednesdays, and not twice as many.
    assert!(due >= received + Duration::weeks(17_520 - 1), "{due}");
    assert!(due < received + Duration::weeks(2 * 17_520), "{due}");
    assert_eq!(s.elapsed(SH, received, due, &[]), cspdesk::offering::MAX_TARGET_MINUTES);
}

/// Plans for the property tests: office hours, with lunch, evenings to midnight, around the
/// clock, and a sparse week; with and without holidays, in zones with and without DST.
fn any_hours() -> impl Strategy<Value = ServiceHours> {
    let specs = prop::sample::select(vec![
        OFFICE,
        LUNCH,
        "mon-fri 20:00-24:00",
        "mon-sun 00:00-24:00",
        "wed 10:00-12:00; sat 01:30-03:30",
    ]);
    let zones = prop::sample::select(vec![STHLM, "America/New_York", "Asia/Tokyo", "UTC"]);
    let countries =
        prop::sample::select(vec![None, Some(Country::SE), Some(Country::US), Some(Country::GB)]);
    (specs, zones, countries).prop_map(|(spec, tz, c)| {
        hours(tz, spec, c, &[("2027-03-26", Some("13:00")), ("2026-12-30", None)])
    })
}

fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    // 2026-01-01 .. 2028-12-31, minute resolution: covers DST changes and holidays.
    (0i64..3 * 365 * 24 * 60)
        .prop_map(|m| Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap() + Duration::minutes(m))
}

/// Plans whose windows meet or end around the DST changes, in zones with a change.
fn dst_hours() -> impl Strategy<Value = ServiceHours> {
    let specs = prop::sample::select(vec![
        "sun 00:00-02:00,02:00-24:00; mon-sat 08:00-17:00",
        "mon-sun 00:00-01:00,01:00-02:30,02:30-24:00",
        "sat 20:00-24:00; sun 00:00-01:00,01:30-03:00",
        "sun 00:00-02:00,02:30-04:00",
        OFFICE,
    ]);
    let zones = prop::sample::select(vec![STHLM, NY, LONDON, HAVANA]);
    (specs, zones).prop_map(|(spec, tz)| hours(tz, spec, None, &[]))
}

/// Instants within two days of a DST change (UTC dates of 2025–2026 changes in the zones above).
fn near_dst() -> impl Strategy<Value = DateTime<Utc>> {
    let days = prop::sample::select(vec![
        "2025-10-26",
        "2025-11-02",
        "2026-03-08",
        "2026-03-29",
        "2026-10-25",
        "2026-11-01",
    ]);
    (days, -2 * 24 * 60i64..2 * 24 * 60).prop_map(|(d, m)| {
        let day: chrono::NaiveDate = d.parse().unwrap();
        Utc.from_utc_datetime(&day.and_hms_opt(0, 0, 0).unwrap()) + Duration::minutes(m)
    })
}

fn at_or_never(d: Due) -> Option<DateTime<Utc>> {
    match d {
        Due::At(t) => Some(t),
        _ => None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn due_is_never_before_received(h in any_hours(), received in instant(), minutes in 1u32..5000, calendar in any::<bool>()) {
        let s = Schedule::new(&h).unwrap();
        let clock = if calendar { CAL } else { SH };
        if let Due::At(due) = s.due(clock, received, minutes, &[]) {
            prop_assert!(due > received);
        }
    }

    #[test]
    fn pausing_never_makes_a_clock_due_earlier(h in any_hours(), received in instant(), minutes in 1u32..3000, offset in 0i64..5000, length in 1i64..5000) {
        let s = Schedule::new(&h).unwrap();
        let from = received + Duration::minutes(offset);
        let pause = [Pause { from, to: Some(from + Duration::minutes(length)) }];
        let plain = at_or_never(s.due(SH, received, minutes, &[]));
        let paused = at_or_never(s.due(SH, received, minutes, &pause));
        if let (Some(a), Some(b)) = (plain, paused) {
            prop_assert!(b >= a, "paused {b} before unpaused {a}");
        }
    }

    /// No instant counts twice: service time never runs ahead of real time.
    #[test]
    fn service_time_never_runs_faster_than_real_time(h in dst_hours(), received in near_dst(), minutes in 1u32..3000, until in 0i64..3000) {
        let s = Schedule::new(&h).unwrap();
        let Due::At(due) = s.due(SH, received, minutes, &[]) else { panic!("no due time") };
        prop_assert!(due >= received + Duration::minutes(i64::from(minutes)), "due {due}");
        let used = s.elapsed(SH, received, received + Duration::minutes(until), &[]);
        prop_assert!(i64::from(used) <= until, "{used} minutes used in {until}");
    }

    /// Counting `a` then `b` minutes ends where `a + b` minutes do, and the time elapsed until a
    /// due time is its target.
    #[test]
    fn counting_is_additive_around_dst(h in dst_hours(), received in near_dst(), a in 1u32..1500, b in 1u32..1500) {
        let s = Schedule::new(&h).unwrap();
        let Due::At(first) = s.due(SH, received, a, &[]) else { panic!("no due time") };
        let whole = s.due(SH, received, a + b, &[]);
        prop_assert_eq!(whole, s.due(SH, first, b, &[]));
        prop_assert_eq!(s.elapsed(SH, received, first, &[]), a);
    }

    /// A day's intervals are in order and neither overlap nor touch.
    #[test]
    fn a_day_is_merged(h in dst_hours(), day in near_dst()) {
        let s = Schedule::new(&h).unwrap();
        let day = s.day(day.with_timezone(&s.time_zone()).date_naive());
        for pair in day.windows(2) {
            prop_assert!(pair[0].1 < pair[1].0, "{:?}", pair);
        }
        prop_assert!(day.iter().all(|(s, e)| s < e));
    }

    #[test]
    fn a_longer_target_is_never_due_earlier(h in any_hours(), received in instant(), minutes in 1u32..3000, more in 1u32..3000) {
        let s = Schedule::new(&h).unwrap();
        let short = at_or_never(s.due(SH, received, minutes, &[]));
        let long = at_or_never(s.due(SH, received, minutes + more, &[]));
        if let (Some(a), Some(b)) = (short, long) {
            prop_assert!(b >= a);
        }
    }
}
