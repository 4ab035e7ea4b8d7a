//! The plan a new database starts with: weekdays 08:00–17:00 in the computer's time zone, its
//! country's public holidays, severities A/B/C, phone and e-mail, and a scope drawn from what a
//! CSP partner owes its customers. Written in Swedish and English; all of it can be edited.

use super::{
    Availability, Bilingual, Clock, ContactKind, ContactMethod, Day, EscalatedBy, Plan, PriceModel,
    Pricing, Scope, ServiceHours, Severity, Support, SupportModel, TimeOfDay, Window,
};
use crate::holidays::Country;
use crate::settings::Language;

/// What the computer tells about where the partner is; the caller reads it from the OS.
#[derive(Debug, Clone)]
pub struct Defaults {
    /// IANA time zone; falls back to UTC when not a known zone.
    pub time_zone: String,
    pub country: Option<Country>,
    pub language: Language,
}

impl Defaults {
    /// The defaults for an OS locale tag (`sv-SE`, `en_GB.UTF-8`) and time zone, as the app and
    /// the CLI read them: both faces seed a new database the same way.
    pub fn from_os(locale: &str, time_zone: Option<&str>) -> Defaults {
        Defaults {
            time_zone: time_zone
                .filter(|tz| tz.parse::<chrono_tz::Tz>().is_ok())
                .unwrap_or("UTC")
                .to_owned(),
            country: Country::from_locale(locale),
            language: Language::from_locale(locale),
        }
    }
}

pub fn default_plan(d: &Defaults) -> Plan {
    let tr = |en: &str, sv: &str| Bilingual::new(sv, en);
    let time_zone = if d.time_zone.parse::<chrono_tz::Tz>().is_ok() {
        d.time_zone.clone()
    } else {
        "UTC".to_owned()
    };
    let windows = Day::ALL[..5]
        .iter()
        .map(|&day| Window { day, start: TimeOfDay::hm(8, 0), end: TimeOfDay::hm(17, 0) })
        .collect();
    let severity =
        |code: &str, en: (&str, &str), sv_text: (&str, &str), first: u32, resolution: u32| {
            Severity {
                code: code.to_owned(),
                name: tr(en.0, sv_text.0),
                description: tr(en.1, sv_text.1),
                first_response_minutes: first,
                resolution_minutes: resolution,
                clock: Clock::ServiceHours,
            }
        };
    let contact = |method| ContactMethod {
        method,
        address: String::new(),
        availability: Availability::ServiceHours,
        note: Bilingual::default(),
    };
    Plan {
        name: Bilingual::same("Standard"),
        description: tr(
            "Support for your Microsoft cloud services during office hours.",
            "Support för era Microsoft-molntjänster under kontorstid.",
        ),
        is_default: true,
        archived: false,
        support: Support { model: SupportModel::Direct, company: String::new(), parts: Bilingual::default() },
        hours: ServiceHours {
            time_zone,
            windows,
            holidays: d.country,
            closed_days: Vec::new(),
            customary_days: ServiceHours::default_customary_days(d.country),
        },
        contacts: vec![contact(ContactKind::Phone), contact(ContactKind::Email)],
        pricing: Pricing {
            currency: d.country.map_or("EUR", Country::currency).to_owned(),
            vat_included: false,
            model: PriceModel::Included {},
        },
        severities: vec![
            severity(
                "A",
                ("Critical", "Business stopped: a service is down or unusable for many users, with no workaround."),
                ("Kritisk", "Verksamheten står still: en tjänst är nere eller oanvändbar för många användare och det finns ingen tillfällig lösning."),
                60,
                8 * 60,
            ),
            severity(
                "B",
                ("Moderate", "Work is hampered: a service is degraded or fails for some users, or a workaround exists."),
                ("Måttlig", "Arbetet försvåras: en tjänst fungerar sämre eller inte alls för några användare, eller det finns en tillfällig lösning."),
                4 * 60,
                3 * 9 * 60,
            ),
            severity(
                "C",
                ("Minimal", "Little impact: questions, advice and changes that can wait."),
                ("Låg", "Liten påverkan: frågor, råd och ändringar som kan vänta."),
                8 * 60,
                5 * 9 * 60,
            ),
        ],
        scope: Scope {
            included: [
                ("Receiving and logging your support requests", "Vi tar emot och registrerar era supportärenden"),
                ("Checking Microsoft's service health for known problems", "Vi kontrollerar Microsofts tjänststatus för kända problem"),
                (
                    "Troubleshooting settings, configuration and licences in your Microsoft 365 and Azure tenant with our administrator rights",
                    "Felsökning av inställningar, konfiguration och licenser i er Microsoft 365- och Azure-miljö med våra administratörsbehörigheter",
                ),
                (
                    "Handing problems only Microsoft can fix over to Microsoft, and following them up",
                    "Vi lämnar över problem som bara Microsoft kan åtgärda till Microsoft och följer upp dem",
                ),
                ("Buying, changing and cancelling subscriptions", "Köp, ändring och uppsägning av prenumerationer"),
            ]
            .iter()
            .map(|(en, s)| tr(en, s))
            .collect(),
            excluded: [
                ("Computers, printers and local networks", "Datorer, skrivare och lokala nätverk"),
                ("Software not delivered by Microsoft", "Programvara som inte levereras av Microsoft"),
                ("Training, projects and migrations (quoted separately)", "Utbildning, projekt och migreringar (offereras separat)"),
                ("Services you have not bought through us", "Tjänster som ni inte har köpt via oss"),
            ]
            .iter()
            .map(|(en, s)| tr(en, s))
            .collect(),
        },
        escalated_by: EscalatedBy::Partner,
        pauses: super::ClockPauses::default(),
        sla_goal_percent: Some(90),
        version: None,
    }
}

/// Completes texts of the starter plan that exist in one language only: a plan from before
/// texts had two languages, or from a version-1 offering file, was written in one. A text equal
/// to one of the starter plan's (in either language, in either slot) gets the starter's pair.
/// Returns whether anything changed.
pub(crate) fn complete_starter_texts(plan: &mut Plan) -> bool {
    let starter = default_plan(&Defaults {
        time_zone: "UTC".to_owned(),
        country: None,
        language: Language::En,
    });
    let mut known: Vec<Bilingual> = vec![starter.name, starter.description];
    for s in starter.severities {
        known.push(s.name);
        known.push(s.description);
    }
    known.extend(starter.scope.included);
    known.extend(starter.scope.excluded);
    let mut changed = false;
    let mut complete = |text: &mut Bilingual| {
        if text.sv.trim().is_empty() == text.en.trim().is_empty() {
            return; // both written, or neither
        }
        let written = if text.sv.trim().is_empty() { text.en.trim() } else { text.sv.trim() };
        if let Some(pair) = known.iter().find(|k| k.matches(written)) {
            *text = pair.clone();
            changed = true;
        }
    };
    complete(&mut plan.name);
    complete(&mut plan.description);
    for s in &mut plan.severities {
        complete(&mut s.name);
        complete(&mut s.description);
    }
    plan.scope.included.iter_mut().chain(plan.scope.excluded.iter_mut()).for_each(&mut complete);
    changed
}
