//! Holiday calendars against an independent reference (python-holidays, see the data file) and
//! against dates looked up by hand.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use cspdesk::holidays::{customary_days, easter_sunday, holidays, Country, Holiday};

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn statutory_holidays_match_the_reference_for_2024_to_2030() {
    let reference: BTreeSet<(String, NaiveDate)> = include_str!("data/holidays-reference.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let (c, d) = l.split_once(' ').unwrap();
            (c.to_owned(), date(d))
        })
        .collect();
    assert!(reference.len() > 500, "the reference is missing");
    for country in Country::ALL {
        for year in 2024..=2030 {
            let ours = holidays(country, year);
            let all: BTreeSet<NaiveDate> = ours.iter().map(|h| h.date).collect();
            let statutory: BTreeSet<NaiveDate> =
                ours.iter().filter(|h| h.statutory).map(|h| h.date).collect();
            let expected: BTreeSet<NaiveDate> = reference
                .iter()
                .filter(|(c, d)| {
                    c == country.code() && d.format("%Y").to_string() == year.to_string()
                })
                .map(|(_, d)| *d)
                .collect();
            let missing: Vec<_> = expected.difference(&all).collect();
            assert!(
                missing.is_empty(),
                "{country:?} {year}: the reference has {missing:?}, we do not"
            );
            let extra: Vec<_> = statutory.difference(&expected).collect();
            assert!(
                extra.is_empty(),
                "{country:?} {year}: we call {extra:?} statutory, the reference does not"
            );
        }
    }
}

#[test]
fn easter_sunday_for_known_years() {
    let cases = [
        (1961, "1961-04-02"),
        (2000, "2000-04-23"),
        (2008, "2008-03-23"),
        (2011, "2011-04-24"),
        (2024, "2024-03-31"),
        (2025, "2025-04-20"),
        (2026, "2026-04-05"),
        (2027, "2027-03-28"),
        (2028, "2028-04-16"),
        (2029, "2029-04-01"),
        (2030, "2030-04-21"),
        (2038, "2038-04-25"),
        (2285, "2285-03-22"),
    ];
    for (year, expected) in cases {
        assert_eq!(easter_sunday(year), date(expected), "{year}");
    }
}

fn day_of(country: Country, year: i32, holiday: Holiday) -> Vec<NaiveDate> {
    holidays(country, year).into_iter().filter(|h| h.holiday == holiday).map(|h| h.date).collect()
}

#[test]
fn moving_days_by_hand() {
    let cases: &[(Country, i32, Holiday, &[&str])] = &[
        (Country::SE, 2024, Holiday::MidsummerEve, &["2024-06-21"]),
        (Country::SE, 2026, Holiday::MidsummerEve, &["2026-06-19"]),
        (Country::SE, 2027, Holiday::MidsummerEve, &["2027-06-25"]),
        (Country::SE, 2027, Holiday::MidsummerDay, &["2027-06-26"]),
        (Country::SE, 2025, Holiday::AllSaintsDay, &["2025-11-01"]),
        (Country::SE, 2027, Holiday::AllSaintsDay, &["2027-11-06"]),
        (Country::FI, 2028, Holiday::MidsummerDay, &["2028-06-24"]),
        // UK: Christmas on a Saturday, Boxing Day on a Sunday: substitutes on 27 and 28 December.
        (Country::GB, 2027, Holiday::ChristmasDay, &["2027-12-25", "2027-12-27"]),
        (Country::GB, 2027, Holiday::BoxingDay, &["2027-12-26", "2027-12-28"]),
        // Christmas on a Sunday: Boxing Day is Monday, Christmas is observed on Tuesday.
        (Country::GB, 2022, Holiday::ChristmasDay, &["2022-12-25", "2022-12-27"]),
        (Country::GB, 2022, Holiday::BoxingDay, &["2022-12-26"]),
        (Country::GB, 2028, Holiday::NewYearsDay, &["2028-01-01", "2028-01-03"]),
        // US: 1 January 2028 is a Saturday, observed on Friday 31 December 2027.
        (Country::US, 2027, Holiday::NewYearsDay, &["2027-01-01", "2027-12-31"]),
        (Country::US, 2028, Holiday::NewYearsDay, &["2028-01-01"]),
        (Country::US, 2026, Holiday::IndependenceDayUs, &["2026-07-03", "2026-07-04"]),
        (Country::US, 2026, Holiday::Thanksgiving, &["2026-11-26"]),
        (Country::US, 2030, Holiday::MemorialDay, &["2030-05-27"]),
        (Country::NO, 2027, Holiday::WhitMonday, &["2027-05-17"]),
        (Country::NO, 2027, Holiday::ConstitutionDayNorway, &["2027-05-17"]),
        (Country::DE, 2026, Holiday::WhitMonday, &["2026-05-25"]),
    ];
    for (country, year, holiday, expected) in cases {
        let expected: Vec<NaiveDate> = expected.iter().map(|d| date(d)).collect();
        assert_eq!(day_of(*country, *year, *holiday), expected, "{country:?} {year} {holiday:?}");
    }
}

#[test]
fn customary_closing_days_are_listed_but_not_called_statutory() {
    let se = holidays(Country::SE, 2026);
    for (d, holiday) in [
        ("2026-06-19", Holiday::MidsummerEve),
        ("2026-12-24", Holiday::ChristmasEve),
        ("2026-12-31", Holiday::NewYearsEve),
    ] {
        let h = se.iter().find(|h| h.date == date(d)).unwrap_or_else(|| panic!("{d} missing"));
        assert_eq!(h.holiday, holiday);
        assert!(!h.statutory, "{d}");
    }
}

#[test]
fn calendars_are_sorted_and_in_their_year_for_any_year() {
    for country in Country::ALL {
        for year in [1990, 2000, 2024, 2031, 2050, 2100] {
            let days = holidays(country, year);
            assert!(days.len() >= 8, "{country:?} {year}: only {} days", days.len());
            assert!(days.windows(2).all(|w| w[0].date <= w[1].date), "{country:?} {year} unsorted");
            assert!(days.iter().all(|h| h.date.format("%Y").to_string() == year.to_string()));
        }
    }
}

#[test]
fn countries_parse_from_codes_and_locales() {
    assert_eq!(Country::parse("country", "se").unwrap(), Country::SE);
    assert_eq!(Country::parse("country", "UK").unwrap(), Country::GB);
    let err = Country::parse("--country", "XX").unwrap_err();
    assert_eq!(err.field(), Some("--country"));
    assert!(err.to_string().contains("SE, NO, DK, FI, DE, GB, US"), "{err}");
    assert_eq!(Country::from_locale("sv-SE"), Some(Country::SE));
    assert_eq!(Country::from_locale("nb_NO.UTF-8"), Some(Country::NO));
    assert_eq!(Country::from_locale("en"), None);
    assert_eq!(Country::from_locale("fr-FR"), None);
}

/// The customary days a plan may close or shorten fall where custom puts them, and every one of
/// them is in its country's calendar every year, never called statutory.
#[test]
fn customary_days_are_dated_and_in_their_calendars() {
    for (country, year, holiday, expected) in [
        (Country::SE, 2027, Holiday::EpiphanyEve, "2027-01-05"),
        (Country::SE, 2027, Holiday::MaundyThursday, "2027-03-25"),
        (Country::SE, 2027, Holiday::HolySaturday, "2027-03-27"),
        (Country::SE, 2027, Holiday::WalpurgisNight, "2027-04-30"),
        (Country::SE, 2026, Holiday::AllSaintsEve, "2026-10-30"),
        (Country::SE, 2027, Holiday::AllSaintsEve, "2027-11-05"),
        (Country::US, 2026, Holiday::DayAfterThanksgiving, "2026-11-27"),
        (Country::DE, 2026, Holiday::ChristmasEve, "2026-12-24"),
        (Country::NO, 2026, Holiday::NewYearsEve, "2026-12-31"),
    ] {
        let found: Vec<_> = holidays(country, year)
            .into_iter()
            .filter(|h| h.holiday == holiday && !h.statutory)
            .map(|h| h.date)
            .collect();
        assert_eq!(found, [date(expected)], "{country:?} {year} {holiday:?}");
    }
    for country in Country::ALL {
        for year in 2000..=2100 {
            let days = holidays(country, year);
            for c in customary_days(country) {
                assert_eq!(
                    days.iter().filter(|h| h.holiday == c.holiday && !h.statutory).count(),
                    1,
                    "{country:?} {year} {:?}",
                    c.holiday
                );
            }
        }
    }
    // What closed before plans chose stays closed by default: Sweden's four, Denmark's three.
    let closed = |c: Country| -> Vec<Holiday> {
        customary_days(c).iter().filter(|d| d.closed_by_default).map(|d| d.holiday).collect()
    };
    use Holiday::*;
    assert_eq!(closed(Country::SE), [HolySaturday, MidsummerEve, ChristmasEve, NewYearsEve]);
    assert_eq!(closed(Country::DK), [ConstitutionDayDenmark, ChristmasEve, NewYearsEve]);
    assert_eq!(closed(Country::US), []);
}
