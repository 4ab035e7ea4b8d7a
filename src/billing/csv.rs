//! The invoice basis as CSV for the accountant and for import into an accounting program: one
//! row per line. It opens correctly in Excel on a Swedish and an English Windows: UTF-8 with a
//! byte-order mark, `;` and decimal comma in Swedish, `,` and `.` in English, CRLF line ends,
//! fields quoted when they hold the separator, a quote or a line break.

use super::{text, Basis};
use crate::settings::Language;

/// The columns, in order.
const HEADER_EN: [&str; 12] = [
    "Customer number",
    "Customer",
    "Organisation number",
    "Article",
    "Description",
    "Quantity",
    "Unit",
    "Unit price",
    "Amount",
    "VAT %",
    "Period",
    "Reference",
];
const HEADER_SV: [&str; 12] = [
    "Kundnummer",
    "Kund",
    "Organisationsnummer",
    "Artikel",
    "Beskrivning",
    "Antal",
    "Enhet",
    "À-pris",
    "Belopp",
    "Moms %",
    "Period",
    "Referens",
];

/// The bases' lines as CSV bytes in `lang`. Amounts are in the plan's currency with two
/// decimals (each basis names its currency; the accountant's import is per currency).
pub fn basis_csv(bases: &[Basis], lang: Language) -> Vec<u8> {
    let sep = match lang {
        Language::Sv => ';',
        Language::En => ',',
    };
    let mut out = String::from("\u{feff}");
    let header = match lang {
        Language::Sv => HEADER_SV,
        Language::En => HEADER_EN,
    };
    row(&mut out, sep, header.iter().map(|h| (*h).to_owned()));
    for b in bases {
        for line in &b.lines {
            row(
                &mut out,
                sep,
                [
                    b.customer_id.to_string(),
                    b.customer.clone(),
                    b.registration_number.clone(),
                    line.article.clone(),
                    text::describe(line, lang),
                    text::quantity(line, lang),
                    text::unit(line.unit, lang).to_owned(),
                    text::amount(line.unit_price, lang),
                    text::amount(line.amount, lang),
                    text::percent(b.vat_rate, lang),
                    b.month.to_string(),
                    line.call_id.map(|id| format!("#{id}")).unwrap_or_default(),
                ]
                .into_iter(),
            );
        }
    }
    out.into_bytes()
}

fn row(out: &mut String, sep: char, fields: impl Iterator<Item = String>) {
    for (i, f) in fields.enumerate() {
        if i > 0 {
            out.push(sep);
        }
        field(out, sep, &f);
    }
    out.push_str("\r\n");
}

/// One field, quoted when it holds the separator or a quote. Text Excel would run as a
/// formula (beginning with `=`, `+`, `@`, or `-` and not a number) gets a leading apostrophe,
/// as OWASP advises against CSV injection; a line break inside a field becomes a space.
fn field(out: &mut String, sep: char, value: &str) {
    let value = value.replace(['\r', '\n'], " ");
    let number = value.replace(',', ".").parse::<f64>().is_ok();
    let formula = value.starts_with(['=', '+', '@']) || (value.starts_with('-') && !number);
    let value = if formula { format!("'{value}") } else { value };
    if value.contains([sep, '"']) {
        out.push('"');
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(&value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::billing::{Line, LineKind, Month, Unit};
    use crate::offering::Bilingual;

    fn basis() -> Basis {
        let line = |kind, call_id, text: &str, quantity, unit, unit_price, amount| Line {
            kind,
            article: "SUP-H".into(),
            call_id,
            text: text.into(),
            work_month: None,
            minutes: quantity,
            quantity,
            unit,
            unit_price,
            amount,
        };
        Basis {
            customer_id: 7,
            customer: "Bygg; \"Söder\" AB".into(),
            registration_number: "556000-0000".into(),
            month: "2026-11".parse::<Month>().unwrap(),
            plan: Bilingual { sv: "Bas".into(), en: "Basic".into() },
            pricing: "hourly".into(),
            currency: "SEK".into(),
            vat_rate: 2500,
            prices_include_vat: false,
            lines: vec![
                line(
                    LineKind::Hours,
                    Some(12),
                    "Teams drops, calls",
                    90,
                    Unit::Hour,
                    95000,
                    142500,
                ),
                line(LineKind::NonBillable, Some(13), "=HYPERLINK(\"x\")", 30, Unit::Hour, 0, 0),
            ],
            net: 142500,
            vat: 35625,
            total: 178125,
            billable_minutes: 90,
            non_billable_minutes: 30,
            block: None,
            users_missing: false,
            closed: false,
        }
    }

    #[test]
    fn swedish_and_english_excel_read_it() {
        let sv = String::from_utf8(basis_csv(&[basis()], Language::Sv)).unwrap();
        let lines: Vec<&str> = sv.split("\r\n").collect();
        assert!(sv.starts_with('\u{feff}'));
        assert_eq!(lines.len(), 4, "{sv}");
        assert_eq!(lines[3], "");
        assert!(!sv.replace("\r\n", "").contains('\n'));
        assert_eq!(lines[0], "\u{feff}Kundnummer;Kund;Organisationsnummer;Artikel;Beskrivning;Antal;Enhet;À-pris;Belopp;Moms %;Period;Referens");
        assert_eq!(lines[1], "7;\"Bygg; \"\"Söder\"\" AB\";556000-0000;SUP-H;Support, ärende #12: Teams drops, calls;1,50;tim;950,00;1425,00;25;2026-11;#12");
        assert_eq!(lines[2], "7;\"Bygg; \"\"Söder\"\" AB\";556000-0000;SUP-H;\"Debiteras inte, ärende #13: =HYPERLINK(\"\"x\"\")\";0,50;tim;0,00;0,00;25;2026-11;#13");
        let en = String::from_utf8(basis_csv(&[basis()], Language::En)).unwrap();
        let lines: Vec<&str> = en.split("\r\n").collect();
        assert_eq!(lines[1], "7,\"Bygg; \"\"Söder\"\" AB\",556000-0000,SUP-H,\"Support, call #12: Teams drops, calls\",1.50,h,950.00,1425.00,25,2026-11,#12");
    }

    #[test]
    fn formulas_are_text() {
        let mut out = String::new();
        field(&mut out, ';', "=1+1");
        field(&mut out, ';', "-12,5");
        field(&mut out, ';', "-cmd");
        assert_eq!(out, "'=1+1-12,5'-cmd");
    }
}
