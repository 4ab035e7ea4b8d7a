//! The answer to a request of access on paper: what is held about one contact person, in the
//! customer's language, on the partner's letterhead, from the terms sheet's renderer.

use chrono::{DateTime, Utc};

use super::{Mention, PersonRecord};
use crate::reports::service::{status_name, MadeReport};
use crate::settings::Language;
use crate::terms::layout::{self, Block, BODY};
use crate::terms::text::Words;
use crate::terms::Paper;
use crate::{Db, Result};

/// Where a mention is, in words: "Call 12, description".
pub fn place(m: &Mention, lang: Language) -> String {
    let w = Words::new(lang);
    let field = match m.field.as_str() {
        "summary" => w.pick("summary", "sammanfattning"),
        "description" => w.pick("description", "beskrivning"),
        "troubleshooting_notes" => w.pick("troubleshooting notes", "felsökningsanteckningar"),
        "resolution" => w.pick("resolution", "lösning"),
        "contact_name" => w.pick("caller", "kontakt"),
        "escalation_reference" => w.pick("escalation reference", "eskaleringsreferens"),
        "detail" => w.pick("history", "historik"),
        "note" => w.pick("time note", "tidsanteckning"),
        "notes" => w.pick("customer notes", "kundanteckningar"),
        "reason" => w.pick("reason", "anledning"),
        "basis" => w.pick("invoice basis", "fakturaunderlag"),
        other => return other.to_owned(),
    };
    match (m.table.as_str(), m.call_id) {
        (_, Some(call)) => format!("{} {call}, {field}", w.pick("Call", "Ärende")),
        ("closed_basis", None) => {
            format!(
                "{} {}, {field}",
                w.pick("Closed month", "Stängd månad"),
                m.key.split('/').next().unwrap_or("")
            )
        }
        _ => {
            let mut s = field.to_owned();
            if let Some(first) = s.get(..1) {
                s = first.to_uppercase() + &s[1..];
            }
            s
        }
    }
}

/// What is held about contact `id`, as a PDF in `language` (default: the customer's).
pub fn person_pdf(
    db: &Db,
    id: i64,
    language: Option<Language>,
    paper: Paper,
    now: DateTime<Utc>,
) -> Result<MadeReport> {
    let record: PersonRecord = super::person_record(db, id)?;
    let p = &record.person;
    let lang = match language {
        Some(l) => l,
        None => crate::billing::pdf::customer_language(db, p.customer_id)?,
    };
    let w = Words::new(lang);
    let profile = crate::offering::load_profile(db)?;
    let stationery = crate::terms::Stationery::new(&profile, lang, paper)?;
    let ts = stationery.typesetter();
    let partner = stationery.partner.clone();
    let title = w.pick("Personal data we hold", "Personuppgifter vi har");
    let shown = if p.anonymised {
        w.pick("(anonymised)", "(anonymiserad)").to_owned()
    } else {
        p.name.clone()
    };
    let date = now.format("%Y-%m-%d").to_string();
    let facts = vec![
        format!("{}: {shown}", w.pick("About", "Om")),
        format!("{}: {}", w.pick("Customer", "Kund"), p.customer),
        format!("{}: {date}", w.pick("Date", "Datum")),
    ];
    let mut blocks = vec![stationery.letterhead(&ts, title, &facts)];
    let para = |text: String| Block::Paragraph { text, style: BODY };
    blocks.push(para(
        w.pick("This is everything our support desk holds about you: your contact details, the support requests you raised, and the other places in our records that mention your name, e-mail address or phone number.",
            "Det här är allt vår supportdesk har om dig: dina kontaktuppgifter, de supportärenden du har anmält och de andra ställen i våra register där ditt namn, din e-postadress eller ditt telefonnummer nämns.",
        )
        .to_owned(),
    ));

    blocks.push(Block::Heading(w.pick("Your details", "Dina uppgifter").to_owned()));
    let yes_no =
        |b: bool| w.pick(if b { "Yes" } else { "No" }, if b { "Ja" } else { "Nej" }).to_owned();
    let rows = vec![
        vec![w.pick("Name", "Namn").to_owned(), p.name.clone()],
        vec![w.pick("E-mail", "E-post").to_owned(), p.email.clone()],
        vec![w.pick("Phone", "Telefon").to_owned(), p.phone.clone()],
        vec![w.pick("Role", "Roll").to_owned(), record.role.clone()],
        vec![
            w.pick("May order or change subscriptions", "Får beställa eller ändra abonnemang")
                .to_owned(),
            yes_no(record.may_request_changes),
        ],
    ];
    let header =
        vec![w.pick("What", "Uppgift").to_owned(), w.pick("What we hold", "Det vi har").to_owned()];
    blocks.push(Block::Table { widths: vec![0.4, 0.6], header, rows, right: vec![] });

    blocks.push(Block::Heading(
        w.pick("Support requests you raised", "Ärenden du har anmält").to_owned(),
    ));
    if record.calls.is_empty() {
        blocks.push(para(w.pick("None.", "Inga.").to_owned()));
    } else {
        blocks.push(Block::Table {
            widths: vec![0.09, 0.15, 0.5, 0.26],
            header: vec![
                "#".to_owned(),
                w.pick("Received", "Mottaget").to_owned(),
                w.pick("Summary", "Sammanfattning").to_owned(),
                w.pick("Status", "Status").to_owned(),
            ],
            rows: record
                .calls
                .iter()
                .map(|c| {
                    let status = crate::calls::Status::parse("status", &c.status)
                        .map(|s| status_name(s, lang).to_owned())
                        .unwrap_or_else(|_| c.status.clone());
                    vec![
                        c.id.to_string(),
                        c.received_at.format("%Y-%m-%d").to_string(),
                        c.summary.clone(),
                        status,
                    ]
                })
                .collect(),
            right: vec![0],
        });
    }

    blocks.push(Block::Heading(w.pick("Other mentions", "Andra omnämnanden").to_owned()));
    if record.mentions.is_empty() {
        blocks.push(para(w.pick("None.", "Inga.").to_owned()));
    } else {
        blocks.push(Block::Table {
            widths: vec![0.3, 0.7],
            header: vec![w.pick("Where", "Var").to_owned(), w.pick("Text", "Text").to_owned()],
            rows: record.mentions.iter().map(|m| vec![place(m, lang), m.excerpt.clone()]).collect(),
            right: vec![],
        });
    }
    blocks.push(Block::Paragraph {
        text: w
            .pick(
                "You may ask us to correct or erase this. Write to us at the address above.",
                "Du kan be oss rätta eller radera uppgifterna. Skriv till oss på adressen ovan.",
            )
            .to_owned(),
        style: layout::SMALL,
    });

    let about = crate::terms::About {
        title: format!("{title} – {shown}"),
        subject: title.to_owned(),
        date: now.timestamp(),
        footer_left: format!("{partner} · {title}"),
        author: partner,
    };
    let rendered = stationery.print(ts, &blocks, &about)?;
    let file_name = match lang {
        Language::Sv => format!("personuppgifter-kontakt-{id}-{date}.pdf"),
        Language::En => format!("personal-data-contact-{id}-{date}.pdf"),
    };
    Ok(MadeReport { rendered, file_name, language: lang })
}
