//! The monthly service report a partner sends each customer: their calls, first response and
//! resolution against their plan's targets, what went to Microsoft, and the hours used with the
//! block balance, in the customer's language. Printed by the terms sheet's renderer; everything
//! is judged as at the end of the month (or now, for the running month), so the same data gives
//! the same bytes.

use chrono::{DateTime, NaiveTime, TimeZone, Utc};

use super::{sla_report, ClockFigures};
use crate::billing::pdf::{customer_language, month_name};
use crate::billing::{text, Month};
use crate::calls::{list_calls, CallFilter, CallSort, Service, Status};
use crate::offering::EscalationCategory;
use crate::settings::Language;
use crate::sla::ClockState;
use crate::terms::layout::{self, Block, BODY};
use crate::terms::text::Words;
use crate::terms::{Paper, Rendered};
use crate::{params, Db, Error, Result};

/// The most calls one report lists (a month of a very busy customer); the figures count all.
pub const MAX_LISTED: u32 = 500;

/// A made service report: the PDF and the file name to propose.
pub struct MadeReport {
    pub rendered: Rendered,
    pub file_name: String,
    pub language: Language,
}

/// The service report of `customer` for `month`, in `language` (default: the customer's), as
/// at the end of the month or `now`, whichever comes first.
pub fn service_report_pdf(
    db: &Db,
    customer: i64,
    month: Month,
    language: Option<Language>,
    paper: Paper,
    now: DateTime<Utc>,
) -> Result<MadeReport> {
    let lang = match language {
        Some(l) => l,
        None => customer_language(db, customer)?,
    };
    let (name, registration, plan_id): (String, String, i64) = db
        .conn()
        .query_opt(
            "SELECT name, registration_number, plan_id FROM customer WHERE id = ?1",
            params![customer],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?
        .ok_or_else(|| {
            Error::not_found(
                "customer",
                crate::problem::ProblemCode::NoSuchCustomer,
                &[("id", customer.to_string())],
            )
        })?;
    let plan = crate::offering::load_plan(db, plan_id)?;
    let profile = crate::offering::load_profile(db)?;
    let tz: chrono_tz::Tz = plan.hours.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let (start, end) = month.range(tz);
    let as_at = end.min(now);
    let sla = sla_report(db, month, month, Some(customer), as_at)?;
    let work = super::workload_report(db, month, month, Some(customer))?;
    let basis = crate::billing::basis(db, customer, month)?;
    let filter = CallFilter {
        customer_id: Some(customer),
        from: Some(start),
        to: Some(end - chrono::Duration::seconds(1)),
        sort: Some(CallSort::Oldest),
        ..CallFilter::default()
    };
    let calls = list_calls(db, &filter, as_at, MAX_LISTED, 0)?;
    let escalated: Vec<(i64, String, Option<EscalationCategory>, String)> = db.conn().query_map(
        "SELECT id, escalation, escalation_category, escalation_reference FROM call
         WHERE customer_id = ?1 AND received_at >= ?2 AND received_at < ?3 AND escalation <> 'none'
         ORDER BY received_at, id",
        params![customer, start.timestamp(), end.timestamp()],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;

    let x = Words::new(lang);
    let stationery = crate::terms::Stationery::new(&profile, lang, paper)?;
    let ts = stationery.typesetter();
    let partner = stationery.partner.clone();
    let title = x.pick("Service report", "Servicerapport");
    let period = month_name(month, lang);
    let as_at_text = if as_at == end {
        x.pick("figures as at the end of the month", "läget vid månadens slut").to_owned()
    } else {
        format!(
            "{} {}",
            x.pick("figures as at", "läget den"),
            as_at.with_timezone(&tz).format("%Y-%m-%d %H:%M")
        )
    };
    let facts = vec![
        format!(
            "{}: {name}{}",
            x.pick("Customer", "Kund"),
            if registration.trim().is_empty() {
                String::new()
            } else {
                format!(" ({})", registration.trim())
            }
        ),
        format!("{}: {}", x.pick("Plan", "Avtal"), plan.name.or_other(lang)),
        format!("{}: {period} · {as_at_text}", x.pick("Period", "Period")),
    ];
    let mut blocks = vec![stationery.letterhead(&ts, &format!("{title} {period}"), &facts)];
    let p = |text: String| Block::Paragraph { text, style: BODY };

    // In short.
    blocks.push(Block::Heading(x.pick("In short", "I korthet").to_owned()));
    let total = &sla.total;
    let (received, resolved) = (work.received, work.resolved);
    let goal = plan.sla_goal_percent;
    blocks.push(p(match lang {
        Language::Sv => format!(
            "{received} {} togs emot och {resolved} löstes under {period}. Första svar inom målet: {}. Lösning inom målet: {}.",
            if received == 1 { "ärende" } else { "ärenden" },
            on_time(&total.first_response, &x),
            on_time(&total.resolution, &x)
        ) + &goal.map(|g| format!(" Avtalets mål: minst {g} % inom mål.")).unwrap_or_default(),
        Language::En => format!(
            "{received} {} received and {resolved} resolved in {period}. First response within the target: {}. Resolution within the target: {}.",
            if received == 1 { "call was" } else { "calls were" },
            on_time(&total.first_response, &x),
            on_time(&total.resolution, &x)
        ) + &goal.map(|g| format!(" Your plan's goal: at least {g} % on time.")).unwrap_or_default(),
    }));

    // Against the plan's targets, per severity.
    blocks
        .push(Block::Heading(x.pick("Against your plan's targets", "Mot avtalets mål").to_owned()));
    let rows: Vec<Vec<String>> = sla
        .severities
        .iter()
        .filter(|s| s.figures.calls > 0)
        .map(|s| {
            vec![
                format!("{} {}", s.code, s.name.or_other(lang)),
                s.figures.calls.to_string(),
                on_time(&s.figures.first_response, &x),
                s.figures
                    .first_response
                    .median_minutes
                    .map(|m| duration(m, lang))
                    .unwrap_or_default(),
                on_time(&s.figures.resolution, &x),
                s.figures.resolution.median_minutes.map(|m| duration(m, lang)).unwrap_or_default(),
            ]
        })
        .collect();
    if rows.is_empty() {
        blocks.push(p(x.pick("No calls this month.", "Inga ärenden denna månad.").to_owned()));
    } else {
        blocks.push(Block::Table {
            widths: vec![0.24, 0.1, 0.2, 0.13, 0.2, 0.13],
            header: vec![
                x.pick("Severity", "Prioritet").to_owned(),
                x.pick("Calls", "Antal").to_owned(),
                x.pick("First response on time", "Första svar inom mål").to_owned(),
                x.pick("Median", "Median").to_owned(),
                x.pick("Resolution on time", "Lösning inom mål").to_owned(),
                x.pick("Median", "Median").to_owned(),
            ],
            rows,
            right: vec![1, 2, 3, 4, 5],
        });
        blocks.push(Block::Paragraph {
            text: x
                .pick(
                    "On time: answered within the plan's target. Median: the middle time, in hours and minutes. Targets in service hours count service hours only, and time spent waiting for you does not count towards the resolution.",
                    "Inom mål: besvarat inom avtalets mål. Median: den mittersta tiden, i timmar och minuter. Mål i servicetid räknar bara servicetid, och tid då vi väntar på er räknas inte in i lösningstiden.",
                )
                .to_owned(),
            style: layout::SMALL,
        });
    }

    // The calls.
    if !calls.is_empty() {
        blocks.push(Block::Heading(x.pick("Your calls", "Era ärenden").to_owned()));
        blocks.push(Block::Table {
            widths: vec![0.09, 0.14, 0.37, 0.12, 0.14, 0.14],
            header: vec![
                "#".to_owned(),
                x.pick("Received", "Mottaget").to_owned(),
                x.pick("Summary", "Sammanfattning").to_owned(),
                x.pick("Severity", "Prioritet").to_owned(),
                x.pick("First response", "Första svar").to_owned(),
                x.pick("Resolution", "Lösning").to_owned(),
            ],
            rows: calls
                .iter()
                .map(|c| {
                    vec![
                        c.id.to_string(),
                        c.received_at.with_timezone(&tz).format("%Y-%m-%d").to_string(),
                        format!("{} ({})", c.summary, service_name(c.service, lang)),
                        c.severity.clone(),
                        state(c.first_response.state, c.status, &x),
                        state(c.resolution.state, c.status, &x),
                    ]
                })
                .collect(),
            right: vec![0],
        });
    }

    // Escalations to Microsoft.
    blocks.push(Block::Heading(
        x.pick("Handed over to Microsoft", "Lämnat över till Microsoft").to_owned(),
    ));
    if escalated.is_empty() {
        blocks.push(p(x
            .pick(
                "No call needed Microsoft this month.",
                "Inget ärende behövde Microsoft denna månad.",
            )
            .to_owned()));
    } else {
        blocks.push(Block::Table {
            widths: vec![0.12, 0.22, 0.4, 0.26],
            header: vec![
                "#".to_owned(),
                x.pick("To", "Till").to_owned(),
                x.pick("Kind of problem", "Typ av problem").to_owned(),
                x.pick("Case number", "Ärendenummer").to_owned(),
            ],
            rows: escalated
                .iter()
                .map(|(id, to, category, reference)| {
                    vec![
                        id.to_string(),
                        if to == "provider" {
                            x.pick("Our provider", "Vår leverantör").to_owned()
                        } else {
                            "Microsoft".to_owned()
                        },
                        category.map(|c| category_words(c, &x).to_owned()).unwrap_or_default(),
                        reference.clone(),
                    ]
                })
                .collect(),
            right: vec![0],
        });
    }

    // Hours and the block.
    blocks.push(Block::Heading(x.pick("Hours", "Timmar").to_owned()));
    let h = |m: i64| text::hours(m, lang);
    let unit = text::unit(crate::billing::Unit::Hour, lang);
    blocks.push(p(match lang {
        Language::Sv => format!(
            "Arbetad tid {} {unit}, varav {} {unit} debiterbar.",
            h(work.billable_minutes + work.non_billable_minutes),
            h(work.billable_minutes)
        ),
        Language::En => format!(
            "Time worked {} {unit}, of which {} {unit} billable.",
            h(work.billable_minutes + work.non_billable_minutes),
            h(work.billable_minutes)
        ),
    }));
    if let Some(k) = basis.block {
        blocks.push(p(match lang {
            Language::Sv => format!(
                "Timbank: ingående {} + köpt {} + justeringar {} – förbrukat {} = kvar {} {unit}.",
                h(k.starting),
                h(k.bought),
                h(k.adjustments),
                h(k.used),
                h(k.remaining)
            ),
            Language::En => format!(
                "Block of hours: starting {} + bought {} + adjustments {} – used {} = remaining {} {unit}.",
                h(k.starting),
                h(k.bought),
                h(k.adjustments),
                h(k.used),
                h(k.remaining)
            ),
        }));
    }

    let date = month.last_day().and_time(NaiveTime::MIN);
    let about = crate::terms::About {
        title: format!("{title} – {name} – {period}"),
        subject: format!("{title} {month}"),
        date: Utc.from_utc_datetime(&date).timestamp(),
        footer_left: format!("{partner} · {title} · {name} · {period}"),
        author: partner,
    };
    let rendered = stationery.print(ts, &blocks, &about)?;
    let slug = crate::billing::pdf::slug(&name);
    let file_name = match lang {
        Language::Sv => format!("servicerapport-{slug}-{month}.pdf"),
        Language::En => format!("service-report-{slug}-{month}.pdf"),
    };
    Ok(MadeReport { rendered, file_name, language: lang })
}

/// "92 % (12 of 13)", or a dash when nothing was decided.
fn on_time(f: &ClockFigures, x: &Words) -> String {
    match f.on_time_percent {
        Some(p) => {
            format!(
                "{} % ({} {} {})",
                p.round() as i64,
                f.met,
                x.pick("of", "av"),
                f.met + f.breached
            )
        }
        None => "–".to_owned(),
    }
}

/// A duration as hours and minutes: `5:05 h` / `5:05 tim`.
fn duration(minutes: i64, lang: Language) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    format!("{h}:{m:02}\u{a0}{}", text::unit(crate::billing::Unit::Hour, lang))
}

fn state(s: ClockState, status: Status, x: &Words) -> String {
    match s {
        ClockState::Met => x.pick("Met", "Inom mål"),
        ClockState::Breached => x.pick("Late", "Över mål"),
        ClockState::Paused => x.pick("Paused", "Pausad"),
        ClockState::NoDueTime => "–",
        ClockState::OnTrack | ClockState::DueSoon if status.is_open() => x.pick("Running", "Pågår"),
        ClockState::OnTrack | ClockState::DueSoon => x.pick("Met", "Inom mål"),
    }
    .to_owned()
}

/// A kind of problem handed over to Microsoft, in a few words.
pub fn category_name(c: EscalationCategory, lang: Language) -> &'static str {
    let x = Words::new(lang);
    category_words(c, &x)
}

fn category_words(c: EscalationCategory, x: &Words) -> &'static str {
    match c {
        EscalationCategory::Undocumented => {
            x.pick("Not as documented", "Fungerar inte som beskrivet")
        }
        EscalationCategory::Unavailable => x.pick("Service unavailable", "Tjänst otillgänglig"),
        EscalationCategory::Defect => x.pick("Fault in the service", "Fel i tjänsten"),
        EscalationCategory::Network => x.pick("Network disruption", "Nätverksstörning"),
        EscalationCategory::Regional => x.pick("Regional problem", "Regionalt problem"),
    }
}

/// A Microsoft service as customers call it.
pub fn service_name(s: Service, lang: Language) -> &'static str {
    let sv = lang == Language::Sv;
    match s {
        Service::ExchangeOnline => "Exchange Online",
        Service::SharePointOnline => "SharePoint Online",
        Service::OneDrive => "OneDrive",
        Service::Teams => "Microsoft Teams",
        Service::EntraId => "Microsoft Entra ID",
        Service::Intune => "Microsoft Intune",
        Service::Defender => "Microsoft Defender",
        Service::M365Apps => "Microsoft 365 Apps",
        Service::Azure => "Azure",
        Service::Dynamics365 => "Dynamics 365",
        Service::PowerPlatform => "Power Platform",
        Service::Billing if sv => "Fakturering och licenser",
        Service::Billing => "Billing and licences",
        Service::Other if sv => "Övrigt",
        Service::Other => "Other",
    }
}

/// How a call came in, as a report says it.
pub fn channel_name(c: crate::calls::Channel, lang: Language) -> &'static str {
    use crate::calls::Channel::*;
    let sv = lang == Language::Sv;
    match c {
        Phone if sv => "Telefon",
        Phone => "Phone",
        Email if sv => "E-post",
        Email => "E-mail",
        Portal => "Portal",
        Chat => "Chat",
        OnSite if sv => "På plats",
        OnSite => "On site",
    }
}

/// A call's status, as a report says it.
pub fn status_name(s: Status, lang: Language) -> &'static str {
    let sv = lang == Language::Sv;
    match s {
        Status::New if sv => "Ny",
        Status::New => "New",
        Status::InProgress if sv => "Pågår",
        Status::InProgress => "In progress",
        Status::WaitingCustomer if sv => "Väntar på kunden",
        Status::WaitingCustomer => "Waiting for the customer",
        Status::WaitingMicrosoft if sv => "Väntar på Microsoft",
        Status::WaitingMicrosoft => "Waiting for Microsoft",
        Status::WaitingProvider if sv => "Väntar på leverantören",
        Status::WaitingProvider => "Waiting for the provider",
        Status::Resolved if sv => "Löst",
        Status::Resolved => "Resolved",
        Status::Closed if sv => "Stängt",
        Status::Closed => "Closed",
    }
}
