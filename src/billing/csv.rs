//! The invoice basis as CSV for the accountant and for import into an accounting program: one
//! row per line; the last column says whether the plan's prices include VAT. It opens correctly in Excel on a Swedish and an English Windows: UTF-8 with a
//! byte-order mark, `;` and decimal comma in Swedish, `,` and `.` in English, CRLF line ends,
//! fields quoted when they hold the separator, a quote or a line break.

use super::{text, Basis};
use crate::settings::Language;

/// The columns, in order.
const HEADER_EN: [&str; 13] = [
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
    "Prices include VAT",
];
const HEADER_SV: [&str; 13] = [
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
    "Priser inkl. moms",
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
                    match (b.prices_include_vat, lang) {
                        (true, Language::Sv) => "ja",
                        (false, Language::Sv) => "nej",
                        (true, Language::En) => "yes",
                        (false, Language::En) => "no",
                    }
                    .to_owned(),
                ]
                .into_iter(),
            );
        }
    }
    out.into_bytes()
}

/// A CSV document in `lang`'s Excel form: `header` (English, Swedish) and the rows.
fn document(
    lang: Language,
    header: &[(&str, &str)],
    rows: impl Iterator<Item = Vec<String>>,
) -> Vec<u8> {
    let sep = match lang {
        Language::Sv => ';',
        Language::En => ',',
    };
    let mut out = String::from("\u{feff}");
    row(
        &mut out,
        sep,
        header.iter().map(|(en, sv)| if lang == Language::Sv { *sv } else { *en }.to_owned()),
    );
    for r in rows {
        row(&mut out, sep, r.into_iter());
    }
    out.into_bytes()
}

/// The time entries whose work is in the months `from` to `to` (one customer or all), one row
/// each: date and time (in the plan's zone), customer, call, who, minutes, hours, billable, note,
/// work month and billing month.
pub fn time_csv(
    db: &crate::Db,
    from: super::Month,
    to: super::Month,
    customer: Option<i64>,
    lang: Language,
) -> crate::Result<Vec<u8>> {
    type TimeLine =
        (i64, i64, String, i64, String, String, i64, bool, String, String, String, String);
    let rows: Vec<TimeLine> = db.conn().query_map(
            "SELECT t.at, cu.id, cu.name, c.id, c.summary,
                    coalesce((SELECT coalesce(nullif(name, ''), login, '') FROM person WHERE id = t.person_id), ''),
                    t.minutes, t.billable, t.note, t.work_month, t.billing_month, p.time_zone
             FROM time_entry t JOIN call c ON c.id = t.call_id JOIN customer cu ON cu.id = c.customer_id
             JOIN plan p ON p.id = cu.plan_id
             WHERE t.work_month >= ?1 AND t.work_month <= ?2 AND t.billing_month >= ?1
                 AND (CAST(?3 AS BIGINT) IS NULL OR cu.id = ?3)
             ORDER BY t.at, t.id",
            crate::params![from.to_string(), to.to_string(), customer],
            |r| {
                Ok((
                    r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?,
                    r.get(7)?, r.get(8)?, r.get(9)?, r.get(10)?, r.get(11)?,
                ))
            },
        )?;
    let yes_no = |b: bool| match (b, lang) {
        (true, Language::Sv) => "ja",
        (false, Language::Sv) => "nej",
        (true, Language::En) => "yes",
        (false, Language::En) => "no",
    };
    Ok(document(
        lang,
        &[
            ("Date", "Datum"),
            ("Customer number", "Kundnummer"),
            ("Customer", "Kund"),
            ("Call", "Ärende"),
            ("Summary", "Sammanfattning"),
            ("By", "Utfört av"),
            ("Minutes", "Minuter"),
            ("Hours", "Timmar"),
            ("Billable", "Debiterbar"),
            ("Note", "Anteckning"),
            ("Work month", "Arbetsmånad"),
            ("Billing month", "Faktureringsmånad"),
        ],
        rows.into_iter().map(
            |(at, cid, cname, call, summary, by, minutes, billable, note, work, billing, zone)| {
                let tz: chrono_tz::Tz = zone.parse().unwrap_or(chrono_tz::UTC);
                vec![
                    crate::calls::from_ts(at)
                        .with_timezone(&tz)
                        .format("%Y-%m-%d %H:%M")
                        .to_string(),
                    cid.to_string(),
                    cname,
                    format!("#{call}"),
                    summary,
                    by,
                    minutes.to_string(),
                    text::hours(minutes, lang),
                    yes_no(billable).to_owned(),
                    note,
                    work,
                    billing,
                ]
            },
        ),
    ))
}

/// The calls received in the months `from` to `to` (one customer or all), one row each.
pub fn calls_csv(
    db: &crate::Db,
    from: super::Month,
    to: super::Month,
    customer: Option<i64>,
    lang: Language,
) -> crate::Result<Vec<u8>> {
    // The months' edges in each plan's zone: read with the zone, filtered here.
    type CallLine = (
        i64,
        i64,
        i64,
        String,
        String,
        crate::calls::Channel,
        crate::calls::Service,
        String,
        String,
        crate::calls::Status,
        Option<i64>,
        Option<i64>,
        String,
        Option<crate::offering::EscalationCategory>,
        String,
        String,
        String,
    );
    let rows: Vec<CallLine> = db.conn().query_map(
        "SELECT c.id, c.received_at, cu.id, cu.name, c.contact_name, c.channel, c.service,
                coalesce((SELECT code FROM severity WHERE id = c.severity_id), ''), c.summary, c.status,
                c.first_response_at, c.resolved_at, c.escalation, c.escalation_category, c.escalation_reference,
                coalesce((SELECT coalesce(nullif(name, ''), login, '') FROM person WHERE id = c.assignee_id), ''),
                p.time_zone
         FROM call c JOIN customer cu ON cu.id = c.customer_id JOIN plan p ON p.id = cu.plan_id
         WHERE c.received_at >= ?1 AND c.received_at < ?2 AND (CAST(?3 AS BIGINT) IS NULL OR cu.id = ?3)
         ORDER BY c.received_at, c.id",
        crate::params![
            from.start(chrono_tz::Etc::GMTMinus14).timestamp(),
            to.next().start(chrono_tz::Etc::GMTPlus12).timestamp(),
            customer
        ],
        |r| {
            Ok((
                r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?,
                r.get(8)?, r.get(9)?, r.get(10)?, r.get(11)?, r.get(12)?, r.get(13)?, r.get(14)?,
                r.get(15)?, r.get(16)?,
            ))
        },
    )?;
    let local = |at: Option<i64>, tz: chrono_tz::Tz| {
        at.map(|at| {
            crate::calls::from_ts(at).with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
        })
        .unwrap_or_default()
    };
    Ok(document(
        lang,
        &[
            ("Call", "Ärende"),
            ("Received", "Mottaget"),
            ("Customer number", "Kundnummer"),
            ("Customer", "Kund"),
            ("Contact", "Kontakt"),
            ("Channel", "Kanal"),
            ("Service", "Tjänst"),
            ("Severity", "Prioritet"),
            ("Summary", "Sammanfattning"),
            ("Status", "Status"),
            ("First response", "Första svar"),
            ("Resolved", "Löst"),
            ("Escalated to", "Eskalerat till"),
            ("Category", "Kategori"),
            ("Reference", "Referens"),
            ("Assigned to", "Tilldelad"),
        ],
        rows.into_iter().filter_map(move |r| {
            let tz: chrono_tz::Tz = r.16.parse().unwrap_or(chrono_tz::UTC);
            let month = super::Month::of(crate::calls::from_ts(r.1), tz);
            (from <= month && month <= to).then(|| {
                vec![
                    format!("#{}", r.0),
                    local(Some(r.1), tz),
                    r.2.to_string(),
                    r.3,
                    r.4,
                    crate::reports::service::channel_name(r.5, lang).to_owned(),
                    crate::reports::service::service_name(r.6, lang).to_owned(),
                    r.7,
                    r.8,
                    crate::reports::service::status_name(r.9, lang).to_owned(),
                    local(r.10, tz),
                    local(r.11, tz),
                    match r.12.as_str() {
                        "microsoft" => "Microsoft".to_owned(),
                        "provider" if lang == Language::Sv => "Leverantören".to_owned(),
                        "provider" => "The provider".to_owned(),
                        _ => String::new(),
                    },
                    r.13.map(|c| crate::reports::service::category_name(c, lang).to_owned())
                        .unwrap_or_default(),
                    r.14,
                    r.15,
                ]
            })
        }),
    ))
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
    let formula =
        value.starts_with(['=', '+', '@', '\t', '\r']) || (value.starts_with('-') && !number);
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
        assert_eq!(lines[0], "\u{feff}Kundnummer;Kund;Organisationsnummer;Artikel;Beskrivning;Antal;Enhet;À-pris;Belopp;Moms %;Period;Referens;Priser inkl. moms");
        assert_eq!(lines[1], "7;\"Bygg; \"\"Söder\"\" AB\";556000-0000;SUP-H;Support, ärende #12: Teams drops, calls;1,50;tim;950,00;1425,00;25;2026-11;#12;nej");
        assert_eq!(lines[2], "7;\"Bygg; \"\"Söder\"\" AB\";556000-0000;SUP-H;\"Debiteras inte, ärende #13: =HYPERLINK(\"\"x\"\")\";0,50;tim;0,00;0,00;25;2026-11;#13;nej");
        let en = String::from_utf8(basis_csv(&[basis()], Language::En)).unwrap();
        let lines: Vec<&str> = en.split("\r\n").collect();
        assert_eq!(lines[1], "7,\"Bygg; \"\"Söder\"\" AB\",556000-0000,SUP-H,\"Support, call #12: Teams drops, calls\",1.50,h,950.00,1425.00,25,2026-11,#12,no");
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
