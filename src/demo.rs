//! Realistic, reproducible demo data: customers and a call log, from a seed.
//!
//! Written in one transaction with prepared statements so a million calls take about a minute.
//! Due times are computed with the same `sla` code as real calls.

use chrono::{DateTime, Duration, Utc};

use crate::calls::clocks::Stored;
use crate::db::Conn;
use crate::holidays::Country;
use crate::offering::{ensure_default_plan, load_plan, Defaults};
use crate::settings::Language;
use crate::sla::{Pause, Schedule};
use crate::{params, Db, Result};

pub struct DemoSize {
    pub customers: u32,
    pub calls: u32,
    pub seed: u64,
}

pub struct DemoMade {
    pub customers: u32,
    pub calls: u32,
}

/// xorshift64*: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const FIRST: &[&str] = &[
    "Nordlys",
    "Fjäll",
    "Skärgård",
    "Älv",
    "Björk",
    "Gran",
    "Hav",
    "Sol",
    "Vind",
    "Ljung",
    "Ek",
    "Rönn",
    "Sjö",
    "Dal",
    "Berg",
    "Strand",
];
const SECOND: &[&str] = &[
    "Bygg",
    "Redovisning",
    "Tandvård",
    "Logistik",
    "Fastigheter",
    "Advokatbyrå",
    "Konsult",
    "Trä",
    "Måleri",
    "Elteknik",
    "Bageri",
    "Transport",
];
const FORM: &[&str] = &["AB", "AB", "AB", "HB", "Oy", "AS", "ApS"];
const PEOPLE: &[&str] = &[
    "Åsa Lind",
    "Erik Nilsson",
    "Maria Öberg",
    "Jonas Ek",
    "Sara Holm",
    "Anders Ström",
    "Lena Björk",
    "Mikael Sjöberg",
    "Karin Dahl",
    "Per Lundqvist",
];
const CHANNELS: &[&str] =
    &["phone", "phone", "phone", "email", "email", "portal", "chat", "on_site"];
/// Service, summary, description, resolution.
const PROBLEMS: &[(&str, &str, &str, &str)] = &[
    (
        "exchange_online",
        "Mail stuck in the outbox",
        "Outlook leaves messages in the outbox since this morning.",
        "Cleared a corrupt OST cache and re-created the profile.",
    ),
    (
        "exchange_online",
        "Shared mailbox not visible",
        "A new employee cannot see the shared mailbox for orders.",
        "Granted full access and waited for automapping.",
    ),
    (
        "teams",
        "Teams calls drop after a minute",
        "Calls in Teams drop for the whole office after about one minute.",
        "Opened UDP 3478-3481 in the firewall.",
    ),
    (
        "teams",
        "Cannot join external meetings",
        "Guests from a partner company cannot be admitted.",
        "Adjusted the external access policy.",
    ),
    (
        "sharepoint_online",
        "Document library is read-only",
        "Users cannot edit files in the project library.",
        "Restored inherited permissions on the library.",
    ),
    (
        "onedrive",
        "OneDrive not syncing",
        "OneDrive shows a red cross and stopped syncing.",
        "Signed the client out and in again; reset the sync client.",
    ),
    (
        "entra_id",
        "User locked out after password change",
        "A user cannot sign in after changing the password on the phone.",
        "Cleared the smart lockout and re-registered MFA.",
    ),
    (
        "entra_id",
        "MFA prompts in a loop",
        "The Authenticator app keeps asking to approve.",
        "Removed stale MFA methods and re-registered.",
    ),
    (
        "intune",
        "Laptop not compliant",
        "A laptop is blocked by conditional access as not compliant.",
        "Triggered a sync; BitLocker was pending.",
    ),
    (
        "defender",
        "Phishing alert for a user",
        "Defender raised an alert about a suspicious sign-in.",
        "Reset the password, revoked sessions, checked inbox rules.",
    ),
    (
        "m365_apps",
        "Excel crashes when opening files",
        "Excel closes as soon as a file from the server opens.",
        "Repaired Office and disabled a faulty add-in.",
    ),
    (
        "azure",
        "Virtual machine unreachable",
        "The accounting VM cannot be reached over RDP.",
        "Restarted the VM after a host update; checked the NSG.",
    ),
    (
        "dynamics_365",
        "Sales app slow",
        "Opening opportunities takes a minute.",
        "Microsoft confirmed a regional incident; resolved on their side.",
    ),
    (
        "power_platform",
        "Flow stopped running",
        "A Power Automate flow for invoices stopped.",
        "Re-authenticated the connection.",
    ),
    (
        "billing",
        "Invoice shows too many licences",
        "The invoice lists 25 licences; the company has 20 users.",
        "Reduced the subscription to 20 licences.",
    ),
    (
        "other",
        "Question about the new plan",
        "The customer asks what the Premium plan includes.",
        "Sent the terms sheet.",
    ),
];

/// The most demo customers and calls one run makes.
pub const MAX_CUSTOMERS: u32 = 100_000;
pub const MAX_CALLS: u32 = 10_000_000;

pub fn fill(db: &mut Db, size: &DemoSize, now: DateTime<Utc>) -> Result<DemoMade> {
    let mut p = crate::problem::Problems::default();
    for (field, value, max) in
        [("customers", size.customers, MAX_CUSTOMERS), ("calls", size.calls, MAX_CALLS)]
    {
        if value == 0 || value > max {
            p.add_with(
                field,
                crate::problem::ProblemCode::OutOfRange,
                &[("min", "1".into()), ("max", max.to_string())],
            );
        }
    }
    crate::Error::check(p.0)?;
    let defaults = Defaults {
        time_zone: "Europe/Stockholm".into(),
        country: Some(Country::SE),
        language: Language::Sv,
    };
    ensure_default_plan(db, &defaults, now)?;
    // A partner to show on screens and paper: a demo desk is set up, not a first start.
    let mut profile = crate::offering::load_profile(db)?;
    if profile.legal_name.trim().is_empty() {
        profile.legal_name = "Demo IT-partner AB".into();
        profile.registration_number = "559000-0000".into();
        profile.support_email = "support@demo-partner.se".into();
        profile.support_phone = "+46 8 123 456 00".into();
        crate::offering::save_profile(db, &profile, now)?;
    }
    // The demo's calls are logged, and their history written, by whoever fills the desk.
    let me = db.me()?.id;
    let default_id = crate::offering::default_plan_id(db)?;
    let default = load_plan(db, default_id)?;
    let schedule = Schedule::new(&default.hours)?;
    // A plan of each pricing model, copies of the default with their own prices, and the
    // share of customers on each.
    let mut plans = vec![(default_id, 2)];
    for (sv, en, model, share) in priced_plans() {
        let id = match crate::offering::plan_by_name(db, en)? {
            Some((id, _)) => id,
            None => {
                let mut plan = default.clone();
                plan.name = crate::offering::Bilingual { sv: sv.into(), en: en.into() };
                plan.is_default = false;
                plan.version = None;
                plan.pricing.currency = "SEK".into();
                plan.pricing.model = model;
                crate::offering::save_plan(db, None, &plan, now)?
            }
        };
        plans.push((id, share));
    }
    let mut severities = std::collections::HashMap::new();
    for &(id, _) in &plans {
        let rows: Vec<SeverityRow> = db
            .conn()
            .prepare("SELECT id, code, clock, first_response_minutes, resolution_minutes FROM severity WHERE plan_id = ?1 ORDER BY position")?
            .query_map(params![id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?;
        severities.insert(id, rows);
    }
    let mut rng = Rng(size.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let zone = default.hours.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let desk = Desk { plans: &plans, me, schedule: &schedule, zone, severities: &severities };
    db.write(|tx| fill_tx(tx, size, now, &desk, &mut rng))
}

/// The demo's priced plans: Swedish and English name, pricing, share of customers (of 10,
/// with the default plan's 2).
fn priced_plans() -> Vec<(&'static str, &'static str, crate::offering::PriceModel, u32)> {
    use crate::offering::{MonthlyBasis, PriceModel};
    vec![
        (
            "Löpande räkning",
            "Time and materials",
            PriceModel::Hourly { rate: 95_000, increment_minutes: 30, minimum_minutes: 30 },
            3,
        ),
        (
            "Timbank",
            "Block of hours",
            PriceModel::Block {
                hours: 10,
                price: 850_000,
                rollover: true,
                overage_rate: 110_000,
                low_balance_hours: Some(2),
            },
            2,
        ),
        (
            "Supportabonnemang",
            "Support subscription",
            PriceModel::Monthly { price: 12_500, basis: MonthlyBasis::PerUser },
            2,
        ),
        ("Per ärende", "Per incident", PriceModel::PerIncident { price: 150_000 }, 1),
    ]
}

/// What the demo fills in: the plan its customers get, who logs the calls, and the plan's
/// hours and severities.
struct Desk<'a> {
    /// Each plan and its share of customers.
    plans: &'a [(i64, u32)],
    me: i64,
    schedule: &'a Schedule<'a>,
    /// The plans' time zone (the months' edges).
    zone: chrono_tz::Tz,
    severities: &'a std::collections::HashMap<i64, Vec<SeverityRow>>,
}

type SeverityRow = (i64, String, crate::offering::Clock, u32, u32);

fn fill_tx(
    tx: &Conn,
    size: &DemoSize,
    now: DateTime<Utc>,
    desk: &Desk,
    rng: &mut Rng,
) -> Result<DemoMade> {
    let Desk { plans, me, schedule, zone, severities } = *desk;
    // Calls spread over the past, about one per ten minutes per thousand calls of history,
    // and at least four months (a small desk gets a few calls a day).
    let span = (i64::from(size.calls.max(1)) * 600).max(120 * 86_400);
    let created = now - Duration::seconds(span) - Duration::days(1);
    let shares: u32 = plans.iter().map(|p| p.1).sum();
    let mut customer_ids = Vec::with_capacity(size.customers as usize);
    let mut customer_plan = std::collections::HashMap::new();
    {
        let mut add = tx.prepare("INSERT INTO customer (name, tenant_domain, tenant_id, registration_number, plan_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
        let mut contact = tx.prepare("INSERT INTO contact (customer_id, name, email, phone, role, may_request_changes) VALUES (?1, ?2, ?3, ?4, 'IT', 1)")?;
        for i in 0..size.customers {
            let name =
                format!("{} {} {} {}", rng.pick(FIRST), rng.pick(SECOND), i + 1, rng.pick(FORM));
            let slug: String =
                name.to_lowercase().chars().filter(char::is_ascii_alphanumeric).collect();
            let guid = format!(
                "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
                rng.next() as u32,
                rng.next() as u16,
                rng.below(0xfff),
                rng.below(0xfff),
                rng.next() & 0xffff_ffff_ffff
            );
            let mut pick = rng.below(u64::from(shares)) as u32;
            let plan_id = plans
                .iter()
                .find(|(_, share)| {
                    let here = pick < *share;
                    pick = pick.saturating_sub(*share);
                    here
                })
                .map_or(plans[0].0, |p| p.0);
            let id = add.insert(params![
                name,
                format!("{slug}.onmicrosoft.com"),
                guid,
                format!("55{:04}-{:04}", rng.below(10_000), rng.below(10_000)),
                plan_id,
                created.timestamp()
            ])?;
            customer_plan.insert(id, plan_id);
            let person = rng.pick(PEOPLE);
            contact.execute(params![
                id,
                person,
                format!("it@{slug}.se"),
                format!(
                    "+46 8 {} {:02} {:02}",
                    100 + rng.below(900),
                    rng.below(100),
                    rng.below(100)
                )
            ])?;
            customer_ids.push(id);
        }
    }
    {
        let mut call = tx.prepare(
            "INSERT INTO call (customer_id, contact_name, received_at, channel, service, severity_id, summary, description, status,
                 health_checked_at, health_reference, known_issue, first_response_at, resolved_at, resolution, updated_at,
                 first_response_due, first_response_warn, resolution_due, resolution_warn, logged_by, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?21)",
        )?;
        let mut event = tx.prepare(
            "INSERT INTO call_event (call_id, at, kind, detail, person_id) VALUES (?1, ?2, 'status', ?3, ?4)",
        )?;
        let mut time = tx.prepare(
            "INSERT INTO time_entry (call_id, at, minutes, billable, note, person_id, work_month, billing_month)
             VALUES (?1, ?2, ?3, ?4, '', ?5, ?6, ?6)",
        )?;
        for _ in 0..size.calls {
            let received = now - Duration::seconds(rng.below(span as u64) as i64 + 60);
            let age = now - received;
            let customer = *rng.pick(&customer_ids);
            let (service, summary, description, resolution) = *rng.pick(PROBLEMS);
            let (severity_id, _, clock, first, res) =
                rng.pick(&severities[&customer_plan[&customer]]).clone();
            let status = if age > Duration::days(14) {
                if rng.below(10) < 8 {
                    "closed"
                } else {
                    "resolved"
                }
            } else {
                *rng.pick(&[
                    "new",
                    "in_progress",
                    "in_progress",
                    "waiting_customer",
                    "waiting_microsoft",
                    "resolved",
                    "resolved",
                    "closed",
                ])
            };
            let responded =
                (status != "new").then(|| received + Duration::minutes(5 + rng.below(90) as i64));
            let resolved = matches!(status, "resolved" | "closed")
                .then(|| {
                    responded.unwrap_or(received) + Duration::minutes(30 + rng.below(2000) as i64)
                })
                .map(|t| t.min(now));
            let waiting_since = (status == "waiting_customer")
                .then(|| responded.unwrap_or(received).max(now - Duration::hours(20)));
            let pauses: Vec<Pause> =
                waiting_since.map(|from| Pause { from, to: None }).into_iter().collect();
            let clocks = Stored::compute(schedule, clock, received, first, res, &pauses);
            let health = rng.below(3) == 0;
            let id = call.insert(params![
                customer,
                rng.pick(PEOPLE),
                received.timestamp(),
                rng.pick(CHANNELS),
                service,
                severity_id,
                summary,
                description,
                status,
                health.then(|| received.timestamp() + 300),
                if health {
                    format!(
                        "{}{}",
                        if service == "exchange_online" { "EX" } else { "MO" },
                        100_000 + rng.below(900_000)
                    )
                } else {
                    String::new()
                },
                health.then_some(false),
                responded.map(|t| t.timestamp()),
                resolved.map(|t| t.timestamp()),
                if resolved.is_some() { resolution } else { "" },
                now.timestamp(),
                clocks.first_due,
                clocks.first_warn,
                clocks.resolution_due,
                clocks.resolution_warn,
                me,
            ])?;
            event.execute(params![id, received.timestamp(), "new", me])?;
            if let Some(t) = responded {
                event.execute(params![id, t.timestamp(), "in_progress", me])?;
            }
            if let Some(t) = waiting_since {
                event.execute(params![id, t.timestamp(), "waiting_customer", me])?;
            }
            if let Some(t) = resolved {
                event.execute(params![id, t.timestamp(), "resolved", me])?;
            }
            // Time worked: two to four entries after the first response, most billable.
            if let Some(start) = responded {
                let end = resolved.unwrap_or(now);
                for _ in 0..2 + rng.below(3) {
                    let room = (end - start).num_seconds().max(1) as u64;
                    let at = start + Duration::seconds(rng.below(room) as i64);
                    let minutes = 5 * (1 + rng.below(18) as i64);
                    let month = crate::billing::Month::of(at, zone).to_string();
                    time.execute(params![
                        id,
                        at.timestamp(),
                        minutes,
                        rng.below(100) < 85,
                        me,
                        month
                    ])?;
                }
            }
        }
    }
    // Licensed users of the subscription customers; blocks of hours bought.
    let first = crate::billing::Month::of(created, zone);
    let this = crate::billing::Month::of(now, zone);
    for &id in &customer_ids {
        let plan = crate::offering::read_plan(tx, customer_plan[&id])?;
        match plan.pricing.model {
            crate::offering::PriceModel::Monthly { .. } => {
                tx.execute(
                    "INSERT INTO customer_users (customer_id, from_month, users) VALUES (?1, ?2, ?3)",
                    params![id, first.to_string(), 5 + rng.below(60) as i64],
                )?;
            }
            crate::offering::PriceModel::Block { hours, price, .. } => {
                // Each month about as many blocks as the month's time needs: some months carry
                // hours over, some run into overage.
                let used: Vec<(String, i64)> = tx.query_map(
                    "SELECT t.billing_month, sum(t.minutes) FROM time_entry t JOIN call c ON c.id = t.call_id
                     WHERE c.customer_id = ?1 AND t.billable = 1 GROUP BY t.billing_month",
                    params![id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?;
                let block = i64::from(hours) * 60;
                for (m, minutes) in used {
                    let n = (minutes + rng.below(block as u64) as i64) / block;
                    if n > 0 {
                        let at = m.parse::<crate::billing::Month>().map_or(now, |m| m.start(zone));
                        tx.execute(
                            "INSERT INTO block_entry (customer_id, month, kind, minutes, price_minor, at, person_id)
                             VALUES (?1, ?2, 'bought', ?3, ?4, ?5, ?6)",
                            params![id, m, n * block, n * price, at.timestamp(), me],
                        )?;
                    }
                }
            }
            _ => {}
        }
    }
    // The desk bills monthly: every month before last month is closed.
    let last_closed = this.previous().previous();
    if first <= last_closed {
        crate::billing::close_through(tx, last_closed, now, me)?;
    }
    Ok(DemoMade { customers: size.customers, calls: size.calls })
}
