//! The invoice basis of one customer for a month, printed: for the accountant, or to attach to
//! the invoice. The terms sheet's renderer (`terms::layout`, `terms::pdf`) lays it out; the same
//! input gives the same bytes (the document is dated the month's last day).

use chrono::{NaiveTime, TimeZone, Utc};

use super::{text, Basis, LineKind, Month};
use crate::offering::Profile;
use crate::settings::Language;
use crate::terms::layout::{self, Block, Draw, Frame, Typesetter, BODY};
use crate::terms::text::Words;
use crate::terms::{Paper, Rendered};
use crate::Result;

/// What the printed basis shows.
pub struct BasisDocument<'a> {
    pub profile: &'a Profile,
    pub basis: &'a Basis,
    pub language: Language,
    pub paper: Paper,
}

/// The month as a heading says it: "November 2026" / "november 2026".
pub fn month_name(month: Month, lang: Language) -> String {
    Words::new(lang).month_year(month.number(), month.year())
}

/// An amount in minor units with grouped thousands: `1 900,00` / `1,900.00`.
pub fn money(minor: i64, lang: Language) -> String {
    let plain = text::amount(minor, lang);
    let (sign, digits) = plain.strip_prefix('-').map_or(("", plain.as_str()), |d| ("-", d));
    let (whole, frac) = digits.split_at(digits.len() - 3);
    let group = match lang {
        Language::Sv => '\u{a0}',
        Language::En => ',',
    };
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}{frac}")
}

/// The file name a save dialog proposes.
pub fn basis_file_name(basis: &Basis, lang: Language) -> String {
    let name = slug(&basis.customer);
    match lang {
        Language::Sv => format!("fakturaunderlag-{name}-{}.pdf", basis.month),
        Language::En => format!("invoice-basis-{name}-{}.pdf", basis.month),
    }
}

/// A name as a file name's part: letters and digits, the rest one dash (`Åkerlund Bygg AB` →
/// `Åkerlund-Bygg-AB`), safe on every file system.
pub(crate) fn slug(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// The language a customer's documents are in: the customer's own, else the profile's.
pub fn customer_language(db: &crate::Db, customer: i64) -> Result<Language> {
    let own: Option<String> = db
        .conn()
        .query_opt("SELECT language FROM customer WHERE id = ?1", crate::params![customer], |r| {
            r.get(0)
        })?
        .flatten();
    match own.and_then(|l| Language::parse(&l).ok()) {
        Some(l) => Ok(l),
        None => Ok(crate::offering::load_profile(db)?.document_language),
    }
}

/// A made invoice basis: the PDF and the file name to propose.
pub struct MadeBasis {
    pub rendered: Rendered,
    pub file_name: String,
    pub language: Language,
}

/// The invoice basis of `customer` for `month` as a PDF, in `language` (default: the
/// customer's language).
pub fn basis_pdf(
    db: &crate::Db,
    customer: i64,
    month: Month,
    language: Option<Language>,
    paper: Paper,
) -> Result<MadeBasis> {
    let basis = super::basis(db, customer, month)?;
    let language = match language {
        Some(l) => l,
        None => customer_language(db, customer)?,
    };
    let profile = crate::offering::load_profile(db)?;
    let rendered =
        render_basis(&BasisDocument { profile: &profile, basis: &basis, language, paper })?;
    Ok(MadeBasis { rendered, file_name: basis_file_name(&basis, language), language })
}

pub fn render_basis(doc: &BasisDocument) -> Result<Rendered> {
    let (b, lang) = (doc.basis, doc.language);
    let x = Words::new(lang);
    let stationery = crate::terms::Stationery::new(doc.profile, lang, doc.paper)?;
    let ts = stationery.typesetter();
    let partner = stationery.partner.clone();
    let title = x.pick("Invoice basis", "Fakturaunderlag");
    let month = month_name(b.month, lang);
    let mut facts = vec![
        format!(
            "{}: {}{}",
            x.pick("Customer", "Kund"),
            b.customer,
            if b.registration_number.trim().is_empty() {
                String::new()
            } else {
                format!(" ({})", b.registration_number.trim())
            }
        ),
        format!(
            "{}: {} · {}: {}",
            x.pick("Customer number", "Kundnummer"),
            b.customer_id,
            x.pick("Period", "Period"),
            month
        ),
        format!(
            "{}: {} · {}: {}",
            x.pick("Plan", "Avtal"),
            b.plan.or_other(lang),
            x.pick("Currency", "Valuta"),
            b.currency
        ),
    ];
    if b.closed {
        facts.push(
            x.pick(
                "The month is closed: this basis is final.",
                "Månaden är stängd: underlaget är slutligt.",
            )
            .to_owned(),
        );
    }
    let mut blocks = vec![stationery.letterhead(&ts, &format!("{title} {month}"), &facts)];

    let charged: Vec<&super::Line> =
        b.lines.iter().filter(|l| l.amount != 0 || is_charge(l.kind)).collect();
    let free: Vec<&super::Line> =
        b.lines.iter().filter(|l| l.amount == 0 && !is_charge(l.kind)).collect();
    let header = vec![
        x.pick("Description", "Beskrivning").to_owned(),
        x.pick("Quantity", "Antal").to_owned(),
        x.pick("Unit", "Enhet").to_owned(),
        x.pick("Unit price", "À-pris").to_owned(),
        x.pick("Amount", "Belopp").to_owned(),
    ];
    let widths = vec![0.5, 0.11, 0.11, 0.13, 0.15];
    let row = |l: &super::Line| {
        vec![
            text::describe(l, lang),
            text::quantity(l, lang),
            text::unit(l.unit, lang).to_owned(),
            if l.unit_price == 0 { String::new() } else { money(l.unit_price, lang) },
            money(l.amount, lang),
        ]
    };
    blocks.push(Block::Heading(x.pick("To bill", "Att fakturera").to_owned()));
    if charged.is_empty() {
        blocks.push(Block::Paragraph {
            text: x
                .pick("Nothing to bill this month.", "Inget att fakturera denna månad.")
                .to_owned(),
            style: BODY,
        });
    } else {
        blocks.push(Block::Table {
            widths: widths.clone(),
            header: header.clone(),
            rows: charged.iter().map(|l| row(l)).collect(),
            right: vec![1, 3, 4],
        });
    }
    // The sums, right-aligned under the amounts.
    let vat = text::percent(b.vat_rate, lang);
    let sums = if b.prices_include_vat {
        vec![
            (x.pick("Net", "Netto").to_owned(), money(b.net, lang)),
            (format!("{} {vat} %", x.pick("of which VAT", "varav moms")), money(b.vat, lang)),
            (format!("{} ({})", x.pick("Total", "Att betala"), b.currency), money(b.total, lang)),
        ]
    } else {
        vec![
            (x.pick("Net", "Netto").to_owned(), money(b.net, lang)),
            (format!("{} {vat} %", x.pick("VAT", "Moms")), money(b.vat, lang)),
            (format!("{} ({})", x.pick("Total", "Att betala"), b.currency), money(b.total, lang)),
        ]
    };
    blocks.push(Block::Raw(sum_chunk(&ts, &stationery.frame, &sums)));

    if let Some(k) = b.block {
        let h = |m: i64| text::hours(m, lang);
        let unit = text::unit(super::Unit::Hour, lang);
        blocks.push(Block::Heading(x.pick("Block of hours", "Timbank").to_owned()));
        blocks.push(Block::Table {
            widths: vec![0.7, 0.3],
            header: vec![
                x.pick("This month", "Denna månad").to_owned(),
                x.pick("Hours", "Timmar").to_owned(),
            ],
            rows: vec![
                vec![x.pick("Balance at the start", "Ingående saldo").to_owned(), h(k.starting)],
                vec![x.pick("Bought", "Köpt").to_owned(), h(k.bought)],
                vec![x.pick("Adjustments", "Justeringar").to_owned(), h(k.adjustments)],
                vec![x.pick("Used", "Förbrukat").to_owned(), h(-k.used)],
                vec![x.pick("Remaining", "Kvar").to_owned(), h(k.remaining)],
            ],
            right: vec![1],
        });
        let mut notes = Vec::new();
        if k.overage > 0 {
            notes.push(match lang {
                Language::Sv => format!(
                    "{} {unit} utöver timbanken debiteras till överskridandepriset.",
                    h(k.overage)
                ),
                Language::En => format!(
                    "{} {unit} beyond the block are billed at the overage rate.",
                    h(k.overage)
                ),
            });
        }
        if k.expired > 0 {
            notes.push(match lang {
                Language::Sv => {
                    format!("{} {unit} som inte använts förfaller vid månadens slut.", h(k.expired))
                }
                Language::En => {
                    format!("{} {unit} not used expire at the end of the month.", h(k.expired))
                }
            });
        }
        if k.carried > 0 {
            notes.push(match lang {
                Language::Sv => format!("{} {unit} förs över till nästa månad.", h(k.carried)),
                Language::En => format!("{} {unit} carry over to next month.", h(k.carried)),
            });
        }
        if !notes.is_empty() {
            blocks.push(Block::Paragraph { text: notes.join(" "), style: BODY });
        }
    }

    blocks.push(Block::Heading(x.pick("Time this month", "Tid denna månad").to_owned()));
    blocks.push(Block::Paragraph {
        text: match lang {
            Language::Sv => format!(
                "Debiterbar tid {} tim · tid som inte debiteras {} tim.",
                text::hours(b.billable_minutes, lang),
                text::hours(b.non_billable_minutes, lang)
            ),
            Language::En => format!(
                "Billable time {} h · time not billed {} h.",
                text::hours(b.billable_minutes, lang),
                text::hours(b.non_billable_minutes, lang)
            ),
        },
        style: BODY,
    });
    if !free.is_empty() {
        blocks.push(Block::Table {
            widths,
            header,
            rows: free.iter().map(|l| row(l)).collect(),
            right: vec![1, 3, 4],
        });
    }

    let date = b.month.last_day().and_time(NaiveTime::MIN);
    let about = crate::terms::About {
        title: format!("{title} – {} – {month}", b.customer),
        subject: format!("{title} {}", b.month),
        date: Utc.from_utc_datetime(&date).timestamp(),
        footer_left: format!("{partner} · {title} · {} · {month}", b.customer),
        author: partner,
    };
    stationery.print(ts, &blocks, &about)
}

/// Kinds that are charges even when their amount is 0 (a block bought for nothing).
fn is_charge(kind: LineKind) -> bool {
    matches!(
        kind,
        LineKind::Hours
            | LineKind::Incident
            | LineKind::Subscription
            | LineKind::BlockBought
            | LineKind::Overage
    )
}

/// Label–amount pairs right-aligned at the text's right edge, the last one bold.
fn sum_chunk(ts: &Typesetter, frame: &Frame, sums: &[(String, String)]) -> layout::Chunk {
    use layout::{Style, RULE, SMALL, SMALL_BOLD};
    let right = frame.margin_x + frame.text_width() - 5.0;
    let label_right = right - frame.text_width() * 0.17;
    let mut draws = Vec::new();
    let mut y = 6.0;
    for (i, (label, amount)) in sums.iter().enumerate() {
        let style: Style = if i + 1 == sums.len() { SMALL_BOLD } else { SMALL };
        if i + 1 == sums.len() {
            draws.push(Draw::Rect {
                x: label_right - 140.0,
                y: y - 3.0,
                w: right - label_right + 145.0,
                h: 0.8,
                color: RULE,
            });
        }
        draws.push(Draw::Text {
            x: label_right - ts.width(label, style),
            y,
            text: label.clone(),
            style,
        });
        draws.push(Draw::Text {
            x: right - ts.width(amount, style),
            y,
            text: amount.clone(),
            style,
        });
        y += style.line_height() + 2.0;
    }
    layout::Chunk {
        height: y + 4.0,
        space_before: 0.0,
        draws,
        keep_with_next: false,
        repeat_header: None,
    }
}
