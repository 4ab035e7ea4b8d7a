//! National public-holiday calendars, computed for any year.
//!
//! Each calendar lists the days a business in that country is normally closed: the public
//! holidays by law (`statutory`) and the days that are closed by custom though not by law
//! (`statutory == false`: Swedish Midsummer Eve, Christmas Eve, New Year's Eve, ...). Dates
//! that move are computed: Easter (the Gregorian computus), Midsummer and All Saints' Day
//! (Saturdays in a date range), "n-th weekday of a month", and the substitute ("observed") days
//! of the United Kingdom and the United States.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::settings::Language;
use crate::{Error, Result};

/// A country with a built-in holiday calendar (ISO 3166-1 alpha-2 in files and the CLI).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Country {
    SE,
    NO,
    DK,
    FI,
    DE,
    /// England and Wales (bank holidays).
    GB,
    /// Federal holidays.
    US,
}

impl Country {
    pub const ALL: [Country; 7] =
        [Country::SE, Country::NO, Country::DK, Country::FI, Country::DE, Country::GB, Country::US];

    pub fn code(self) -> &'static str {
        match self {
            Country::SE => "SE",
            Country::NO => "NO",
            Country::DK => "DK",
            Country::FI => "FI",
            Country::DE => "DE",
            Country::GB => "GB",
            Country::US => "US",
        }
    }

    pub fn parse(field: &str, code: &str) -> Result<Country> {
        let upper = code.trim().to_ascii_uppercase();
        Country::ALL
            .into_iter()
            .find(|c| c.code() == upper || (upper == "UK" && *c == Country::GB))
            .ok_or_else(|| {
                Error::invalid(
                    field,
                    crate::problem::ProblemCode::InvalidCountry,
                    &[
                        ("value", code.trim().to_owned()),
                        ("expected", Country::ALL.map(Country::code).join(", ")),
                    ],
                )
            })
    }

    /// The country of an OS locale tag such as `sv-SE`, `en_GB.UTF-8` or `nb-NO`.
    pub fn from_locale(tag: &str) -> Option<Country> {
        let region = tag.split(['.', '@']).next()?.split(['-', '_']).nth(1)?;
        Country::parse("", region).ok()
    }

    /// The usual currency (ISO 4217) of the country.
    pub fn currency(self) -> &'static str {
        match self {
            Country::SE => "SEK",
            Country::NO => "NOK",
            Country::DK => "DKK",
            Country::FI | Country::DE => "EUR",
            Country::GB => "GBP",
            Country::US => "USD",
        }
    }

    pub fn name(self, lang: Language) -> &'static str {
        use Language::*;
        match (self, lang) {
            (Country::SE, En) => "Sweden",
            (Country::SE, Sv) => "Sverige",
            (Country::NO, En) => "Norway",
            (Country::NO, Sv) => "Norge",
            (Country::DK, En) => "Denmark",
            (Country::DK, Sv) => "Danmark",
            (Country::FI, En) => "Finland",
            (Country::FI, Sv) => "Finland",
            (Country::DE, En) => "Germany",
            (Country::DE, Sv) => "Tyskland",
            (Country::GB, En) => "United Kingdom (England and Wales)",
            (Country::GB, Sv) => "Storbritannien (England och Wales)",
            (Country::US, En) => "United States (federal holidays)",
            (Country::US, Sv) => "USA (federala helgdagar)",
        }
    }
}

/// Which holiday a date is; names are in [`Holiday::name`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Holiday {
    NewYearsDay,
    /// Twelfth Night, the eve of Epiphany (5 January).
    EpiphanyEve,
    Epiphany,
    MaundyThursday,
    GoodFriday,
    HolySaturday,
    EasterSunday,
    EasterMonday,
    /// Walpurgis Night (30 April).
    WalpurgisNight,
    MayDay,
    AscensionDay,
    WhitSunday,
    WhitMonday,
    NationalDaySweden,
    ConstitutionDayNorway,
    ConstitutionDayDenmark,
    MidsummerEve,
    MidsummerDay,
    /// The Friday before the Swedish and Finnish All Saints' Day.
    AllSaintsEve,
    AllSaintsDay,
    IndependenceDayFinland,
    GermanUnityDay,
    EarlyMayBankHoliday,
    SpringBankHoliday,
    SummerBankHoliday,
    ChristmasEve,
    ChristmasDay,
    BoxingDay,
    NewYearsEve,
    MartinLutherKingDay,
    WashingtonsBirthday,
    MemorialDay,
    Juneteenth,
    IndependenceDayUs,
    LaborDay,
    ColumbusDay,
    VeteransDay,
    Thanksgiving,
    DayAfterThanksgiving,
}

impl Holiday {
    /// The name in files and databases (`midsummer_eve`).
    pub fn code(self) -> String {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::String(code)) => code,
            _ => unreachable!("a unit variant serializes as its name"),
        }
    }

    pub fn from_code(code: &str) -> Option<Holiday> {
        serde_json::from_value(serde_json::Value::String(code.to_owned())).ok()
    }

    /// The name inside a sentence: Swedish writes holidays in lower case ("på midsommarafton"),
    /// except where the name begins with a country's.
    pub fn name_in_text(self, lang: Language) -> String {
        let name = self.name(lang);
        let proper = ["Sveriges", "Norges", "Danmarks", "Finlands", "Tysklands", "USA", "Martin"];
        if lang == Language::En || proper.iter().any(|p| name.starts_with(p)) {
            return name.to_owned();
        }
        let mut chars = name.chars();
        chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default()
    }

    pub fn name(self, lang: Language) -> &'static str {
        use Holiday::*;
        let (en, sv) = match self {
            NewYearsDay => ("New Year's Day", "Nyårsdagen"),
            EpiphanyEve => ("Twelfth Night", "Trettondagsafton"),
            Epiphany => ("Epiphany", "Trettondedag jul"),
            MaundyThursday => ("Maundy Thursday", "Skärtorsdagen"),
            GoodFriday => ("Good Friday", "Långfredagen"),
            HolySaturday => ("Easter Saturday", "Påskafton"),
            EasterSunday => ("Easter Sunday", "Påskdagen"),
            EasterMonday => ("Easter Monday", "Annandag påsk"),
            WalpurgisNight => ("Walpurgis Night", "Valborgsmässoafton"),
            MayDay => ("May Day", "Första maj"),
            AscensionDay => ("Ascension Day", "Kristi himmelsfärdsdag"),
            WhitSunday => ("Whit Sunday", "Pingstdagen"),
            WhitMonday => ("Whit Monday", "Annandag pingst"),
            NationalDaySweden => ("National Day of Sweden", "Sveriges nationaldag"),
            ConstitutionDayNorway => ("Constitution Day", "Norges nationaldag"),
            ConstitutionDayDenmark => ("Constitution Day", "Danmarks grundlagsdag"),
            MidsummerEve => ("Midsummer Eve", "Midsommarafton"),
            MidsummerDay => ("Midsummer Day", "Midsommardagen"),
            AllSaintsEve => ("All Saints' Eve", "Allhelgonaafton"),
            AllSaintsDay => ("All Saints' Day", "Alla helgons dag"),
            IndependenceDayFinland => ("Independence Day", "Finlands självständighetsdag"),
            GermanUnityDay => ("German Unity Day", "Tysklands återföreningsdag"),
            EarlyMayBankHoliday => ("Early May bank holiday", "Bankhelgdag i början av maj"),
            SpringBankHoliday => ("Spring bank holiday", "Bankhelgdag på våren"),
            SummerBankHoliday => ("Summer bank holiday", "Bankhelgdag på sommaren"),
            ChristmasEve => ("Christmas Eve", "Julafton"),
            ChristmasDay => ("Christmas Day", "Juldagen"),
            BoxingDay => ("Boxing Day", "Annandag jul"),
            NewYearsEve => ("New Year's Eve", "Nyårsafton"),
            MartinLutherKingDay => ("Martin Luther King Jr. Day", "Martin Luther King-dagen"),
            WashingtonsBirthday => ("Washington's Birthday", "Washingtons födelsedag"),
            MemorialDay => ("Memorial Day", "Memorial Day"),
            Juneteenth => ("Juneteenth", "Juneteenth"),
            IndependenceDayUs => ("Independence Day", "USA:s självständighetsdag"),
            LaborDay => ("Labor Day", "Labor Day"),
            ColumbusDay => ("Columbus Day", "Columbusdagen"),
            VeteransDay => ("Veterans Day", "Veterandagen"),
            Thanksgiving => ("Thanksgiving Day", "Thanksgiving"),
            DayAfterThanksgiving => ("Day after Thanksgiving", "Dagen efter Thanksgiving"),
        };
        match lang {
            Language::En => en,
            Language::Sv => sv,
        }
    }
}

/// One closed day of a national calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HolidayDate {
    pub date: NaiveDate,
    pub holiday: Holiday,
    /// A public holiday by law; false for days closed by custom.
    pub statutory: bool,
    /// The weekday substitute of a holiday that falls on a weekend (UK, US).
    pub observed: bool,
}

/// Every closed day of `country` in `year`, in date order.
pub fn holidays(country: Country, year: i32) -> Vec<HolidayDate> {
    // Observed days can cross New Year (US: 1 January on a Saturday is observed on 31 December),
    // so compute the neighbouring years too and keep what falls in `year`.
    let mut all: Vec<HolidayDate> = (year - 1..=year + 1)
        .flat_map(|y| raw(country, y))
        .filter(|h| h.date.year() == year)
        .collect();
    // On a date with several, a public holiday first: it closes, whatever a customary day says.
    all.sort_by_key(|h| (h.date, !h.statutory, h.observed));
    all
}

/// Every closed day of `country` from `from` to `to`, both included.
pub fn holidays_between(country: Country, from: NaiveDate, to: NaiveDate) -> Vec<HolidayDate> {
    (from.year()..=to.year())
        .flat_map(|y| holidays(country, y))
        .filter(|h| h.date >= from && h.date <= to)
        .collect()
}

/// Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm, "Meeus/Jones/
/// Butcher").
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    ymd(year, month as u32, day as u32)
}

fn raw(country: Country, year: i32) -> Vec<HolidayDate> {
    use Holiday::*;
    let easter = easter_sunday(year);
    let e = |days: i64| easter + Duration::days(days);
    let d = |m: u32, day: u32| ymd(year, m, day);
    let law = |date: NaiveDate, holiday: Holiday| HolidayDate {
        date,
        holiday,
        statutory: true,
        observed: false,
    };
    let mut days = match country {
        Country::SE => vec![
            law(d(1, 1), NewYearsDay),
            law(d(1, 6), Epiphany),
            law(e(-2), GoodFriday),
            law(e(0), EasterSunday),
            law(e(1), EasterMonday),
            law(d(5, 1), MayDay),
            law(e(39), AscensionDay),
            law(e(49), WhitSunday),
            law(d(6, 6), NationalDaySweden),
            law(weekday_between(year, 6, 20, Weekday::Sat), MidsummerDay),
            law(weekday_between(year, 10, 31, Weekday::Sat), AllSaintsDay),
            law(d(12, 25), ChristmasDay),
            law(d(12, 26), BoxingDay),
        ],
        Country::NO => vec![
            law(d(1, 1), NewYearsDay),
            law(e(-3), MaundyThursday),
            law(e(-2), GoodFriday),
            law(e(0), EasterSunday),
            law(e(1), EasterMonday),
            law(d(5, 1), MayDay),
            law(d(5, 17), ConstitutionDayNorway),
            law(e(39), AscensionDay),
            law(e(49), WhitSunday),
            law(e(50), WhitMonday),
            law(d(12, 25), ChristmasDay),
            law(d(12, 26), BoxingDay),
        ],
        Country::DK => vec![
            law(d(1, 1), NewYearsDay),
            law(e(-3), MaundyThursday),
            law(e(-2), GoodFriday),
            law(e(0), EasterSunday),
            law(e(1), EasterMonday),
            law(e(39), AscensionDay),
            law(e(49), WhitSunday),
            law(e(50), WhitMonday),
            law(d(12, 25), ChristmasDay),
            law(d(12, 26), BoxingDay),
        ],
        Country::FI => vec![
            law(d(1, 1), NewYearsDay),
            law(d(1, 6), Epiphany),
            law(e(-2), GoodFriday),
            law(e(0), EasterSunday),
            law(e(1), EasterMonday),
            law(d(5, 1), MayDay),
            law(e(39), AscensionDay),
            law(e(49), WhitSunday),
            law(weekday_between(year, 6, 20, Weekday::Sat), MidsummerDay),
            law(weekday_between(year, 10, 31, Weekday::Sat), AllSaintsDay),
            law(d(12, 6), IndependenceDayFinland),
            law(d(12, 25), ChristmasDay),
            law(d(12, 26), BoxingDay),
        ],
        Country::DE => vec![
            law(d(1, 1), NewYearsDay),
            law(e(-2), GoodFriday),
            law(e(1), EasterMonday),
            law(d(5, 1), MayDay),
            law(e(39), AscensionDay),
            law(e(50), WhitMonday),
            law(d(10, 3), GermanUnityDay),
            law(d(12, 25), ChristmasDay),
            law(d(12, 26), BoxingDay),
        ],
        Country::GB => {
            let mut days = vec![
                law(e(-2), GoodFriday),
                law(e(1), EasterMonday),
                law(nth_weekday(year, 5, Weekday::Mon, 1), EarlyMayBankHoliday),
                law(last_weekday(year, 5, Weekday::Mon), SpringBankHoliday),
                law(last_weekday(year, 8, Weekday::Mon), SummerBankHoliday),
            ];
            days.extend(uk_substitutes(year));
            days
        }
        Country::US => {
            let mut days = vec![
                law(nth_weekday(year, 1, Weekday::Mon, 3), MartinLutherKingDay),
                law(nth_weekday(year, 2, Weekday::Mon, 3), WashingtonsBirthday),
                law(last_weekday(year, 5, Weekday::Mon), MemorialDay),
                law(nth_weekday(year, 9, Weekday::Mon, 1), LaborDay),
                law(nth_weekday(year, 10, Weekday::Mon, 2), ColumbusDay),
                law(nth_weekday(year, 11, Weekday::Thu, 4), Thanksgiving),
            ];
            for (date, holiday) in [
                (d(1, 1), NewYearsDay),
                (d(6, 19), Juneteenth),
                (d(7, 4), IndependenceDayUs),
                (d(11, 11), VeteransDay),
                (d(12, 25), ChristmasDay),
            ] {
                days.push(law(date, holiday));
                // Saturday is observed on the Friday before, Sunday on the Monday after.
                let shift = match date.weekday() {
                    Weekday::Sat => -1,
                    Weekday::Sun => 1,
                    _ => 0,
                };
                if shift != 0 {
                    days.push(HolidayDate {
                        date: date + Duration::days(shift),
                        holiday,
                        statutory: true,
                        observed: true,
                    });
                }
            }
            days
        }
    };
    days.extend(customary_days(country).iter().filter_map(|c| {
        let date = customary_date(c.holiday, year)?;
        Some(HolidayDate { date, holiday: c.holiday, statutory: false, observed: false })
    }));
    days
}

/// A customary day of a country's calendar: closed or shortened by custom, not by law, so each
/// plan says what it does on it (`ServiceHours::customary_days`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Customary {
    pub holiday: Holiday,
    /// Closed all day in a plan that says nothing else: a new plan, and a plan from before
    /// plans chose (offering files before format 5, databases before schema 10).
    pub closed_by_default: bool,
}

/// The customary days a plan on `country`'s calendar may close or shorten, in calendar order.
pub fn customary_days(country: Country) -> &'static [Customary] {
    use Holiday::*;
    const fn closed(holiday: Holiday) -> Customary {
        Customary { holiday, closed_by_default: true }
    }
    const fn open(holiday: Holiday) -> Customary {
        Customary { holiday, closed_by_default: false }
    }
    const SE: &[Customary] = &[
        open(EpiphanyEve),
        open(MaundyThursday),
        closed(HolySaturday),
        open(WalpurgisNight),
        closed(MidsummerEve),
        open(AllSaintsEve),
        closed(ChristmasEve),
        closed(NewYearsEve),
    ];
    const NO: &[Customary] = &[closed(ChristmasEve), open(NewYearsEve)];
    const DK: &[Customary] =
        &[closed(ConstitutionDayDenmark), closed(ChristmasEve), closed(NewYearsEve)];
    const FI: &[Customary] = &[closed(MidsummerEve), closed(ChristmasEve), open(NewYearsEve)];
    const EVES: &[Customary] = &[open(ChristmasEve), open(NewYearsEve)];
    const US: &[Customary] = &[open(DayAfterThanksgiving), open(ChristmasEve), open(NewYearsEve)];
    match country {
        Country::SE => SE,
        Country::NO => NO,
        Country::DK => DK,
        Country::FI => FI,
        Country::DE | Country::GB => EVES,
        Country::US => US,
    }
}

/// The date of a customary day in `year`; `None` for a holiday that is never customary.
fn customary_date(holiday: Holiday, year: i32) -> Option<NaiveDate> {
    use Holiday::*;
    let easter = easter_sunday(year);
    Some(match holiday {
        EpiphanyEve => ymd(year, 1, 5),
        MaundyThursday => easter - Duration::days(3),
        HolySaturday => easter - Duration::days(1),
        WalpurgisNight => ymd(year, 4, 30),
        ConstitutionDayDenmark => ymd(year, 6, 5),
        MidsummerEve => weekday_between(year, 6, 19, Weekday::Fri),
        AllSaintsEve => weekday_between(year, 10, 30, Weekday::Fri),
        DayAfterThanksgiving => nth_weekday(year, 11, Weekday::Thu, 4) + Duration::days(1),
        ChristmasEve => ymd(year, 12, 24),
        NewYearsEve => ymd(year, 12, 31),
        _ => return None,
    })
}

/// New Year's Day, Christmas Day and Boxing Day in England and Wales, with their substitute
/// weekdays when they fall on a weekend.
fn uk_substitutes(year: i32) -> Vec<HolidayDate> {
    use Holiday::*;
    let mut out = Vec::new();
    let mut taken: Vec<NaiveDate> = Vec::new();
    for (date, holiday) in [
        (ymd(year, 1, 1), NewYearsDay),
        (ymd(year, 12, 25), ChristmasDay),
        (ymd(year, 12, 26), BoxingDay),
    ] {
        out.push(HolidayDate { date, holiday, statutory: true, observed: false });
        if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            // The next weekday that is not already a holiday or a substitute.
            let mut sub = date + Duration::days(1);
            while matches!(sub.weekday(), Weekday::Sat | Weekday::Sun)
                || taken.contains(&sub)
                || sub == ymd(year, 12, 26) && holiday == ChristmasDay
            {
                sub += Duration::days(1);
            }
            taken.push(sub);
            out.push(HolidayDate { date: sub, holiday, statutory: true, observed: true });
        }
    }
    out
}

fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a valid calendar date")
}

/// The first `weekday` on or after `month`/`day`.
fn weekday_between(year: i32, month: u32, day: u32, weekday: Weekday) -> NaiveDate {
    let start = ymd(year, month, day);
    let ahead = (7 + weekday.num_days_from_monday() as i64
        - start.weekday().num_days_from_monday() as i64)
        % 7;
    start + Duration::days(ahead)
}

fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u8) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, n)
        .expect("every month has four of each weekday")
}

fn last_weekday(year: i32, month: u32, weekday: Weekday) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, 5)
        .unwrap_or_else(|| nth_weekday(year, month, weekday, 4))
}
