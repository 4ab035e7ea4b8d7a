//! The support offering: the partner's profile and its support plans.
//!
//! These types are what the app edits, what the offering file holds and what the terms sheet
//! prints. Each has a `problems` check that lists every field that breaks a rule; storing a value
//! with problems is refused with [`crate::Error::Invalid`].

mod bilingual;
mod calendar;
mod defaults;
pub mod file;
mod logo;
mod store;
mod time;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::holidays::Country;
use crate::problem::{ProblemCode, Problems};
use crate::settings::Language;

pub use bilingual::Bilingual;
pub use calendar::{
    customary_choices, one_year_after, upcoming_closed_days, ClosedDayView, CustomaryChoice,
};
pub use defaults::{default_plan, Defaults};
pub use logo::Logo;
pub use store::{
    check_plan, default_plan_id, delete_plan, duplicate_plan, ensure_default_plan, list_plans,
    load_plan, load_profile, new_plan, plan_by_name, save_plan, save_profile, set_plan_archived,
    PlanSummary,
};
pub(crate) use store::{complete_starter_texts_tx, read_plan, read_profile};
pub use time::{Day, TimeOfDay};

/// Longest single-line text field.
pub const MAX_LINE: usize = 200;
/// Longest free text (descriptions, addresses).
pub const MAX_TEXT: usize = 4000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Profile {
    pub legal_name: String,
    pub registration_number: String,
    pub postal_address: String,
    pub support_website: String,
    pub support_email: String,
    pub support_phone: String,
    pub logo: Option<Logo>,
    pub relationship: Relationship,
    /// The indirect provider (distributor); required for an indirect reseller.
    pub provider: Provider,
    pub microsoft_route: MicrosoftRoute,
    /// What "other" means, when `microsoft_route` is `other`.
    pub microsoft_route_other: String,
    pub document_language: Language,
    /// The version this copy was loaded at (see `crate::edits`); never in an offering file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional, type = "number"))]
    pub version: Option<i64>,
}

crate::enums::text_enum!(
    Relationship {
        /// Bills the customer directly and escalates to Microsoft itself.
        DirectBill => "direct_bill" | "directBill",
        /// Works through an indirect provider, who escalates onward.
        IndirectReseller => "indirect_reseller" | "indirectReseller",
    }
);

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Provider {
    pub name: String,
    pub support_contact: String,
    /// How to reach the provider's escalation desk.
    pub escalation: String,
}

crate::enums::text_enum!(
    MicrosoftRoute {
        PartnerCenter => "partner_center" | "partnerCenter",
        AdvancedSupport => "advanced_support" | "advancedSupport",
        Unified => "unified",
        Other => "other",
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Plan {
    pub name: Bilingual,
    pub description: Bilingual,
    /// The plan new customers get.
    pub is_default: bool,
    /// Kept for the customers that have it, not offered to new ones.
    pub archived: bool,
    pub support: Support,
    pub hours: ServiceHours,
    pub contacts: Vec<ContactMethod>,
    pub pricing: Pricing,
    pub severities: Vec<Severity>,
    pub scope: Scope,
    pub escalated_by: EscalatedBy,
    /// Which waits stop the resolution clock besides waiting on the customer (which always
    /// does). Files before format 3 have none: both off.
    #[serde(default)]
    pub pauses: ClockPauses,
    /// The share of targets (first response and resolution) the partner aims to meet, in
    /// percent; the SLA report and the service report measure against it. `None`: no goal
    /// promised. Files before format 4 have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub sla_goal_percent: Option<u8>,
    /// The version this copy was loaded at (see `crate::edits`); never in an offering file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional, type = "number"))]
    pub version: Option<i64>,
}

/// Which waits stop a plan's resolution clock, besides waiting on the customer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClockPauses {
    /// While the call waits on Microsoft (escalated to Microsoft support).
    pub waiting_microsoft: bool,
    /// While the call waits on the indirect provider.
    pub waiting_provider: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Support {
    pub model: SupportModel,
    /// The company support is outsourced to or resold from.
    pub company: String,
    /// For outsourced support: which parts, when not all of it.
    pub parts: Bilingual,
}

crate::enums::text_enum!(
    SupportModel { Direct => "direct", Outsourced => "outsourced", Resold => "resold" }
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ServiceHours {
    /// IANA time zone, e.g. `Europe/Stockholm`.
    pub time_zone: String,
    /// Weekly windows; several a day allowed, `end` may be `24:00`.
    pub windows: Vec<Window>,
    /// The national calendar whose public holidays are closed days; none for "open on holidays".
    pub holidays: Option<Country>,
    /// The partner's own closed and shortened days.
    pub closed_days: Vec<ClosedDay>,
    /// The customary days of the calendar (see [`crate::holidays::customary_days`]) the plan
    /// closes or shortens; the others are open as usual. Empty without a calendar.
    pub customary_days: Vec<CustomaryDay>,
}

impl ServiceHours {
    /// The customary days a plan on `country`'s calendar closes when nothing else is said: a
    /// new plan, and one from before plans chose.
    pub fn default_customary_days(country: Option<Country>) -> Vec<CustomaryDay> {
        country
            .map(crate::holidays::customary_days)
            .unwrap_or_default()
            .iter()
            .filter(|c| c.closed_by_default)
            .map(|c| CustomaryDay { day: c.holiday, closes_at: None })
            .collect()
    }

    /// What the plan does on the customary day `day`: `None` open as usual, `Some(None)` closed,
    /// `Some(Some(t))` open until `t`.
    pub fn customary(&self, day: crate::holidays::Holiday) -> Option<Option<TimeOfDay>> {
        self.customary_days.iter().find(|c| c.day == day).map(|c| c.closes_at)
    }
}

/// A customary day the plan closes (`closes_at` none) or shortens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CustomaryDay {
    pub day: crate::holidays::Holiday,
    /// Open as usual until this time; `None`: closed all day.
    pub closes_at: Option<TimeOfDay>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Window {
    pub day: Day,
    pub start: TimeOfDay,
    pub end: TimeOfDay,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClosedDay {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub date: NaiveDate,
    pub label: Bilingual,
    /// Set for a shortened day: open as usual until this time. `None`: closed all day.
    pub closes_at: Option<TimeOfDay>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContactMethod {
    pub method: ContactKind,
    /// The number or address. Empty for phone and e-mail: the support phone or e-mail of the
    /// profile.
    pub address: String,
    pub availability: Availability,
    pub note: Bilingual,
}

crate::enums::text_enum!(
    ContactKind {
        Phone => "phone",
        Email => "email",
        Portal => "portal",
        Chat => "chat",
        Remote => "remote",
    }
);

crate::enums::text_enum!(
    Availability { ServiceHours => "service_hours" | "serviceHours", Always => "always" }
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Pricing {
    /// ISO 4217, e.g. SEK.
    pub currency: String,
    /// Whether the prices shown include VAT.
    pub vat_included: bool,
    pub model: PriceModel,
}

/// How support is charged. Amounts are in minor units (öre, cents): 95000 is 950.00.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
#[cfg_attr(
    feature = "ts",
    ts(tag = "kind", rename_all = "snake_case", rename_all_fields = "camelCase")
)]
pub enum PriceModel {
    /// Included in the subscription price. (A struct variant: serde refuses unknown fields
    /// only in those.)
    Included {},
    #[serde(alias = "perIncident")]
    PerIncident {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        price: i64,
    },
    Hourly {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        rate: i64,
        /// Time is billed in steps of this many minutes.
        increment_minutes: u32,
        /// The least time billed for a call.
        minimum_minutes: u32,
    },
    Monthly {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        price: i64,
        basis: MonthlyBasis,
    },
    /// A prepaid block of hours.
    Block {
        hours: u32,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        price: i64,
        rollover: bool,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        overage_rate: i64,
        /// Warn (on the customer and on new calls) when fewer hours than this are left; `None`:
        /// no warning. Files before format 4 have none.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        low_balance_hours: Option<u32>,
    },
}

crate::enums::text_enum!(
    MonthlyBasis { PerUser => "per_user" | "perUser", PerTenant => "per_tenant" | "perTenant" }
);

/// The longest first-response or resolution target a severity may have: a year. The SLA clocks
/// search far enough ahead to meet it on a sparse plan (see `sla`).
pub const MAX_TARGET_MINUTES: u32 = 365 * 24 * 60;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Severity {
    /// Short code used in the call log, e.g. A.
    pub code: String,
    pub name: Bilingual,
    /// What the severity means, as customers read it.
    pub description: Bilingual,
    pub first_response_minutes: u32,
    pub resolution_minutes: u32,
    pub clock: Clock,
}

crate::enums::text_enum!(
    Clock {
        /// Targets count only service hours.
        ServiceHours => "service_hours" | "serviceHours",
        /// Targets count around the clock.
        Calendar => "calendar",
    }
);

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Scope {
    pub included: Vec<Bilingual>,
    pub excluded: Vec<Bilingual>,
}

crate::enums::text_enum!(
    /// Who hands problems over to Microsoft.
    EscalatedBy { Partner => "partner", Provider => "provider" }
);

crate::enums::text_enum!(
    /// The five kinds of problem a CSP partner hands over to Microsoft (a fixed list).
    EscalationCategory {
        Undocumented => "undocumented",
        Unavailable => "unavailable",
        Defect => "defect",
        Network => "network",
        Regional => "regional",
    }
);

/// Who hands problems over to Microsoft, as the terms sheet and the call desk say it. It follows
/// the partner's relationship: an indirect reseller cannot open Microsoft support cases for its
/// customers and goes through its provider; a direct-bill partner escalates itself.
pub fn escalation_route(profile: &Profile) -> EscalatedBy {
    match profile.relationship {
        Relationship::IndirectReseller => EscalatedBy::Provider,
        Relationship::DirectBill => EscalatedBy::Partner,
    }
}

/// Warnings (not errors: the plan can be saved) about `plan` under `profile`: a choice of who
/// escalates that the profile's relationship overrules.
pub fn plan_warnings(profile: &Profile, plan: &Plan) -> Vec<crate::problem::Problem> {
    let route = escalation_route(profile);
    if plan.escalated_by == route {
        return Vec::new();
    }
    let problem = match route {
        EscalatedBy::Provider => crate::problem::Problem::with(
            "escalatedBy",
            ProblemCode::EscalationFollowsProvider,
            &[("provider", profile.provider.name.trim().to_owned())],
        ),
        EscalatedBy::Partner => {
            crate::problem::Problem::new("escalatedBy", ProblemCode::EscalationFollowsPartner)
        }
    };
    vec![problem]
}

impl Profile {
    pub fn problems(&self) -> Vec<crate::problem::Problem> {
        let mut p = Problems::default();
        p.text("legalName", &self.legal_name, false, MAX_LINE);
        p.text("registrationNumber", &self.registration_number, false, 40);
        p.multiline("postalAddress", &self.postal_address, false, 400);
        p.text("supportWebsite", &self.support_website, false, MAX_LINE);
        if !self.support_website.trim().is_empty() && !is_website(&self.support_website) {
            p.add("supportWebsite", ProblemCode::InvalidWebsite);
        }
        p.text("supportEmail", &self.support_email, false, MAX_LINE);
        if !self.support_email.trim().is_empty() && !is_email(&self.support_email) {
            p.add("supportEmail", ProblemCode::InvalidEmail);
        }
        p.text("supportPhone", &self.support_phone, false, 40);
        if !self.support_phone.trim().is_empty() && !is_phone(&self.support_phone) {
            p.add("supportPhone", ProblemCode::InvalidPhone);
        }
        if let Some(logo) = &self.logo {
            logo.check("logo", &mut p);
        }
        let indirect = self.relationship == Relationship::IndirectReseller;
        p.text("provider.name", &self.provider.name, indirect, MAX_LINE);
        p.text("provider.supportContact", &self.provider.support_contact, indirect, MAX_LINE);
        p.multiline("provider.escalation", &self.provider.escalation, false, MAX_TEXT);
        let other = self.microsoft_route == MicrosoftRoute::Other;
        p.text("microsoftRouteOther", &self.microsoft_route_other, other, MAX_LINE);
        p.0
    }
}

impl Plan {
    pub fn problems(&self) -> Vec<crate::problem::Problem> {
        let mut p = Problems::default();
        p.bilingual("name", &self.name, true, 80);
        p.bilingual_multiline("description", &self.description, false, MAX_TEXT);
        if self.is_default && self.archived {
            p.add("archived", ProblemCode::DefaultArchived);
        }
        let needs_company = self.support.model != SupportModel::Direct;
        p.text("support.company", &self.support.company, needs_company, MAX_LINE);
        p.bilingual_multiline("support.parts", &self.support.parts, false, MAX_TEXT);
        self.hours.check(&mut p);
        if self.contacts.is_empty() {
            p.add("contacts", ProblemCode::NoContacts);
        }
        for (i, c) in self.contacts.iter().enumerate() {
            let f = format!("contacts[{i}]");
            let own = matches!(c.method, ContactKind::Phone | ContactKind::Email);
            p.text(&format!("{f}.address"), &c.address, !own, MAX_LINE);
            let address = c.address.trim();
            if !address.is_empty() {
                match c.method {
                    ContactKind::Email if !is_email(address) => {
                        p.add(format!("{f}.address"), ProblemCode::InvalidEmail)
                    }
                    ContactKind::Phone if !is_phone(address) => {
                        p.add(format!("{f}.address"), ProblemCode::InvalidPhone)
                    }
                    _ => {}
                }
            }
            p.bilingual(&format!("{f}.note"), &c.note, false, MAX_LINE);
        }
        self.pricing.check(&mut p);
        if self.severities.is_empty() {
            p.add("severities", ProblemCode::NoSeverities);
        }
        if let Some(goal) = self.sla_goal_percent {
            if !(1..=100).contains(&goal) {
                p.add_with(
                    "slaGoalPercent",
                    ProblemCode::OutOfRange,
                    &[("min", "1".into()), ("max", "100".into())],
                );
            }
        }
        // Targets counted in service hours need service hours, or they could never be met.
        if self.hours.windows.is_empty()
            && self.severities.iter().any(|s| s.clock == Clock::ServiceHours)
        {
            p.add("hours.windows", ProblemCode::NoOpenHours);
        }
        for (i, s) in self.severities.iter().enumerate() {
            let f = format!("severities[{i}]");
            p.text(&format!("{f}.code"), &s.code, true, 8);
            if self.severities[..i]
                .iter()
                .any(|o| o.code.trim().eq_ignore_ascii_case(s.code.trim()))
                && !s.code.trim().is_empty()
            {
                p.add_with(
                    format!("{f}.code"),
                    ProblemCode::DuplicateCode,
                    &[("code", s.code.trim().to_owned())],
                );
            }
            p.bilingual(&format!("{f}.name"), &s.name, true, 60);
            p.bilingual_multiline(&format!("{f}.description"), &s.description, false, 1000);
            for (field, minutes) in [
                ("firstResponseMinutes", s.first_response_minutes),
                ("resolutionMinutes", s.resolution_minutes),
            ] {
                if minutes == 0 {
                    p.add(format!("{f}.{field}"), ProblemCode::NotPositive);
                } else if minutes > MAX_TARGET_MINUTES {
                    p.add_with(
                        format!("{f}.{field}"),
                        ProblemCode::OutOfRange,
                        &[("min", "1".into()), ("max", MAX_TARGET_MINUTES.to_string())],
                    );
                }
            }
            if s.first_response_minutes > s.resolution_minutes && s.resolution_minutes > 0 {
                p.add(format!("{f}.firstResponseMinutes"), ProblemCode::ResponseAfterResolution);
            }
        }
        for (list, items) in
            [("scope.included", &self.scope.included), ("scope.excluded", &self.scope.excluded)]
        {
            for (i, item) in items.iter().enumerate() {
                p.bilingual(&format!("{list}[{i}]"), item, true, 300);
            }
        }
        p.0
    }
}

impl ServiceHours {
    fn check(&self, p: &mut Problems) {
        if self.time_zone.parse::<chrono_tz::Tz>().is_err() {
            p.add_with(
                "hours.timeZone",
                ProblemCode::InvalidTimeZone,
                &[("value", self.time_zone.clone())],
            );
        }
        for (i, w) in self.windows.iter().enumerate() {
            let f = format!("hours.windows[{i}]");
            if w.end <= w.start {
                p.add(format!("{f}.end"), ProblemCode::WindowOrder);
                continue;
            }
            if let Some(o) = self.windows[..i]
                .iter()
                .find(|o| o.day == w.day && o.start < w.end && w.start < o.end)
            {
                p.add_with(
                    format!("{f}.start"),
                    ProblemCode::WindowOverlap,
                    &[("other", format!("{}–{}", o.start, o.end))],
                );
            }
        }
        for (i, d) in self.closed_days.iter().enumerate() {
            let f = format!("hours.closedDays[{i}]");
            if self.closed_days[..i].iter().any(|o| o.date == d.date) {
                p.add_with(
                    format!("{f}.date"),
                    ProblemCode::DuplicateDate,
                    &[("date", d.date.to_string())],
                );
            }
            p.bilingual(&format!("{f}.label"), &d.label, false, 100);
            if let Some(t) = d.closes_at {
                if t.minutes() == 0 || t.minutes() >= 24 * 60 {
                    p.add(format!("{f}.closesAt"), ProblemCode::ClosesAtOutsideHours);
                }
            }
        }
        let candidates = self.holidays.map(crate::holidays::customary_days).unwrap_or_default();
        for (i, c) in self.customary_days.iter().enumerate() {
            let f = format!("hours.customaryDays[{i}]");
            if !candidates.iter().any(|k| k.holiday == c.day) {
                let expected = candidates
                    .iter()
                    .map(|k| k.holiday.name(crate::settings::Language::En))
                    .collect::<Vec<_>>();
                p.add_with(
                    format!("{f}.day"),
                    ProblemCode::NotCustomaryDay,
                    &[
                        ("day", c.day.name(crate::settings::Language::En).to_owned()),
                        (
                            "expected",
                            if expected.is_empty() {
                                "none without a holiday calendar".to_owned()
                            } else {
                                expected.join(", ")
                            },
                        ),
                    ],
                );
            } else if self.customary_days[..i].iter().any(|o| o.day == c.day) {
                p.add_with(
                    format!("{f}.day"),
                    ProblemCode::DuplicateCustomaryDay,
                    &[("day", c.day.name(crate::settings::Language::En).to_owned())],
                );
            }
            if let Some(t) = c.closes_at {
                if t.minutes() == 0 || t.minutes() >= 24 * 60 {
                    p.add(format!("{f}.closesAt"), ProblemCode::ClosesAtOutsideHours);
                }
            }
        }
    }
}

impl Pricing {
    fn check(&self, p: &mut Problems) {
        if !(self.currency.len() == 3 && self.currency.chars().all(|c| c.is_ascii_uppercase())) {
            p.add_with(
                "pricing.currency",
                ProblemCode::InvalidCurrency,
                &[("value", self.currency.clone())],
            );
        }
        let mut positive = |field: &str, value: i64| {
            if value <= 0 {
                p.add(format!("pricing.model.{field}"), ProblemCode::NotPositive);
            }
        };
        match &self.model {
            PriceModel::Included {} => {}
            PriceModel::PerIncident { price } | PriceModel::Monthly { price, .. } => {
                positive("price", *price)
            }
            PriceModel::Hourly { rate, increment_minutes, minimum_minutes } => {
                positive("rate", *rate);
                if !(1..=60).contains(increment_minutes) {
                    p.add_with(
                        "pricing.model.incrementMinutes",
                        ProblemCode::OutOfRange,
                        &[("min", "1".into()), ("max", "60".into())],
                    );
                }
                if *minimum_minutes > 480 {
                    p.add_with(
                        "pricing.model.minimumMinutes",
                        ProblemCode::OutOfRange,
                        &[("min", "0".into()), ("max", "480".into())],
                    );
                }
            }
            PriceModel::Block { hours, price, overage_rate, .. } => {
                positive("hours", i64::from(*hours));
                positive("price", *price);
                if *overage_rate < 0 {
                    p.add("pricing.model.overageRate", ProblemCode::NotPositive);
                }
            }
        }
    }
}

pub(crate) fn is_email(s: &str) -> bool {
    let s = s.trim();
    let Some((local, domain)) = s.split_once('@') else { return false };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(char::is_whitespace)
        && !domain.contains('@')
}

fn is_website(s: &str) -> bool {
    let s = s.trim();
    let rest = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://")).unwrap_or(s);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    host.contains('.') && !host.starts_with('.') && !s.chars().any(char::is_whitespace)
}

pub(crate) fn is_phone(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    digits >= 3 && s.chars().all(|c| c.is_ascii_digit() || " +-()./".contains(c))
}
