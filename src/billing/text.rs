//! The words of an invoice basis in the customer's or the accountant's language: line
//! descriptions, units and numbers. Shared by the CSV and the printed basis.

use super::{Line, LineKind, Unit};
use crate::settings::Language;

/// What a line is, in `lang`: its kind, the call it is for and the call's summary (or the
/// adjustment's reason).
pub fn describe(line: &Line, lang: Language) -> String {
    let sv = lang == Language::Sv;
    let call = line.call_id.map(|id| format!("#{id}"));
    let with_call = |head: &str| match (&call, line.text.trim()) {
        (Some(c), "") => format!("{head} {c}"),
        (Some(c), text) => format!("{head} {c}: {text}"),
        (None, _) => head.to_owned(),
    };
    let mut text = match line.kind {
        LineKind::Hours => with_call(if sv { "Support, ärende" } else { "Support, call" }),
        LineKind::Incident => with_call(if sv { "Ärende" } else { "Incident" }),
        LineKind::Subscription => match (line.unit, sv) {
            (Unit::User, true) => "Supportabonnemang per användare".to_owned(),
            (Unit::User, false) => "Support subscription per user".to_owned(),
            (_, true) => "Supportabonnemang per tenant".to_owned(),
            (_, false) => "Support subscription per tenant".to_owned(),
        },
        LineKind::BlockBought => {
            let h = hours(line.minutes, lang);
            if sv {
                format!("Förbetalt timblock, {h} tim")
            } else {
                format!("Prepaid block of hours, {h} h")
            }
        }
        LineKind::BlockUsed => with_call(if sv {
            "Avräknat från timbanken, ärende"
        } else {
            "Drawn from the block, call"
        }),
        LineKind::BlockAdjustment => {
            let h = hours(line.minutes, lang);
            let head = if sv { "Justering av timbanken" } else { "Adjustment of the block" };
            format!(
                "{head} ({}{h} {}): {}",
                if line.minutes > 0 { "+" } else { "" },
                if sv { "tim" } else { "h" },
                line.text.trim()
            )
        }
        LineKind::Overage => {
            if sv {
                "Tid utöver timbanken".to_owned()
            } else {
                "Time beyond the block".to_owned()
            }
        }
        LineKind::Covered => {
            with_call(if sv { "Ingår i avtalet, ärende" } else { "Covered by the plan, call" })
        }
        LineKind::NonBillable => {
            with_call(if sv { "Debiteras inte, ärende" } else { "Not billed, call" })
        }
    };
    if let Some(m) = line.work_month {
        text = if sv {
            format!("{text} (tillägg för {m})")
        } else {
            format!("{text} (correction for {m})")
        };
    }
    text
}

/// A unit as an invoice shows it.
pub fn unit(unit: Unit, lang: Language) -> &'static str {
    match (unit, lang) {
        (Unit::Hour, Language::Sv) => "tim",
        (Unit::Hour, Language::En) => "h",
        (Unit::Incident, Language::Sv) => "st",
        (Unit::Incident, Language::En) => "pcs",
        (Unit::User, Language::Sv) => "användare",
        (Unit::User, Language::En) => "users",
        (Unit::Tenant, _) => "tenant",
        (Unit::Block, Language::Sv) => "block",
        (Unit::Block, Language::En) => "block",
    }
}

/// `minutes` as hours with two decimals, in `lang`'s decimal sign: 90 → `1.50` / `1,50`.
pub fn hours(minutes: i64, lang: Language) -> String {
    let hundredths = super::div_round(i128::from(minutes) * 100, 60);
    fixed(hundredths, lang)
}

/// An amount in minor units with two decimals (`190000` → `1900.00` / `1900,00`), no grouping.
pub fn amount(minor: i64, lang: Language) -> String {
    fixed(minor, lang)
}

/// A VAT rate in hundredths of a percent, as a percentage: 2500 → `25`, 1250 → `12.5` / `12,5`.
pub fn percent(rate: u32, lang: Language) -> String {
    let whole = rate / 100;
    let frac = rate % 100;
    if frac == 0 {
        whole.to_string()
    } else {
        let f = format!("{frac:02}");
        format!("{whole}{}{}", decimal_sign(lang), f.trim_end_matches('0'))
    }
}

/// A line's quantity: hours for time, else the count.
pub fn quantity(line: &Line, lang: Language) -> String {
    match line.unit {
        Unit::Hour => hours(line.quantity, lang),
        _ => line.quantity.to_string(),
    }
}

/// A number a person typed with at most two decimals (`8500`, `8 500,50`, `1.5`, `-2`) in
/// hundredths: `8500,50` → 850050. Spaces group thousands; `,` or `.` is the decimal sign.
/// Anything else is a problem of `field`.
pub fn parse_hundredths(field: &str, s: &str) -> crate::Result<i64> {
    let bad = || {
        crate::Error::invalid(
            field,
            crate::problem::ProblemCode::InvalidNumber,
            &[("value", crate::problem::quote(s.trim()))],
        )
    };
    let t: String =
        s.trim().chars().filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}')).collect();
    let (negative, t) = match t.strip_prefix(['-', '−']) {
        Some(rest) => (true, rest.to_owned()),
        None => (false, t.strip_prefix('+').unwrap_or(&t).to_owned()),
    };
    let (whole, frac) = match t.split_once([',', '.']) {
        Some((w, f)) => (w.to_owned(), f.to_owned()),
        None => (t.clone(), String::new()),
    };
    if whole.is_empty() && frac.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || frac.len() > 2
        || whole.len() > 15
    {
        return Err(bad());
    }
    let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| bad())? };
    let frac: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    let n = whole * 100 + frac;
    Ok(if negative { -n } else { n })
}

fn decimal_sign(lang: Language) -> char {
    match lang {
        Language::Sv => ',',
        Language::En => '.',
    }
}

fn fixed(hundredths: i64, lang: Language) -> String {
    let sign = if hundredths < 0 { "-" } else { "" };
    let n = hundredths.unsigned_abs();
    format!("{sign}{}{}{:02}", n / 100, decimal_sign(lang), n % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_numbers() {
        assert_eq!(parse_hundredths("p", "8500").unwrap(), 850000);
        assert_eq!(parse_hundredths("p", "8 500,5").unwrap(), 850050);
        assert_eq!(parse_hundredths("p", "1.25").unwrap(), 125);
        assert_eq!(parse_hundredths("p", "-1,5").unwrap(), -150);
        assert_eq!(parse_hundredths("p", "+2").unwrap(), 200);
        assert_eq!(parse_hundredths("p", ",5").unwrap(), 50);
        for bad in ["", "1.234", "1,2,3", "ten", "1e3", "-", "1 000 000 000 000 000 000"] {
            assert!(parse_hundredths("p", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn numbers_in_each_language() {
        assert_eq!(hours(90, Language::En), "1.50");
        assert_eq!(hours(95, Language::Sv), "1,58");
        assert_eq!(amount(190000, Language::Sv), "1900,00");
        assert_eq!(amount(-5, Language::En), "-0.05");
        assert_eq!(percent(2500, Language::Sv), "25");
        assert_eq!(percent(1250, Language::Sv), "12,5");
        assert_eq!(percent(605, Language::En), "6.05");
    }
}
