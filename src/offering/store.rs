//! Storing the profile and the plans in SQLite (tables `partner_profile`, `plan`, `plan_*`,
//! `severity`). Every write checks the value first and happens in one transaction.

use crate::db::{Conn, FromValue, Row, ToValue, Value};
use crate::params;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::*;
use crate::holidays::{Country, Holiday};
use crate::problem::Problem;
use crate::settings::Language;
use crate::{Db, Error, Result};

/// A plan as the plan list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PlanSummary {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub name: Bilingual,
    pub is_default: bool,
    pub archived: bool,
    /// How many customers have this plan.
    pub customers: u32,
}

/// Text stored for an enum, and back.
macro_rules! db_enum {
    ($ty:ty { $($variant:path => $text:literal),* $(,)? }) => {
        impl ToValue for $ty {
            fn to_value(&self) -> Value {
                Value::Text(match self { $($variant => $text),* }.to_owned())
            }
        }
        impl FromValue for $ty {
            fn from_value(v: &Value) -> std::result::Result<Self, String> {
                match String::from_value(v)?.as_str() {
                    $($text => Ok($variant),)*
                    other => Err(format!("unknown {} '{other}'", stringify!($ty))),
                }
            }
        }
    };
}

db_enum!(crate::settings::Language { crate::settings::Language::En => "en", crate::settings::Language::Sv => "sv" });
db_enum!(Country {
    Country::SE => "SE",
    Country::NO => "NO",
    Country::DK => "DK",
    Country::FI => "FI",
    Country::DE => "DE",
    Country::GB => "GB",
    Country::US => "US",
});

fn time(minutes: u16) -> crate::Result<TimeOfDay> {
    TimeOfDay::from_minutes(minutes)
        .ok_or_else(|| Error::Database(format!("{minutes} is not a time of day in minutes")))
}

fn bilingual(r: &Row, sv: usize, en: usize) -> crate::Result<Bilingual> {
    Ok(Bilingual { sv: r.get(sv)?, en: r.get(en)? })
}

fn no_such_plan(id: i64) -> Error {
    Error::not_found("id", ProblemCode::NoSuchPlan, &[("plan", id.to_string())])
}

pub fn load_profile(db: &Db) -> Result<Profile> {
    read_profile(db.conn())
}

pub(crate) fn read_profile(conn: &Conn) -> Result<Profile> {
    conn.query_row(
        "SELECT legal_name, registration_number, postal_address, support_website, support_email,
                support_phone, logo, logo_mime, relationship, provider_name, provider_contact,
                provider_escalation, microsoft_route, microsoft_route_other, document_language,
                version
         FROM partner_profile WHERE id = 1",
        &[],
        |r| {
            let logo: Option<Vec<u8>> = r.get(6)?;
            let mime: Option<String> = r.get(7)?;
            Ok(Profile {
                legal_name: r.get(0)?,
                registration_number: r.get(1)?,
                postal_address: r.get(2)?,
                support_website: r.get(3)?,
                support_email: r.get(4)?,
                support_phone: r.get(5)?,
                logo: logo.map(|bytes| Logo {
                    mime: mime.unwrap_or_default(),
                    ..Logo::from_bytes(&bytes)
                }),
                relationship: r.get(8)?,
                provider: Provider {
                    name: r.get(9)?,
                    support_contact: r.get(10)?,
                    escalation: r.get(11)?,
                },
                microsoft_route: r.get(12)?,
                microsoft_route_other: r.get(13)?,
                document_language: r.get(14)?,
                version: r.get(15)?,
            })
        },
    )
}

/// Saves the profile (owners only). A copy loaded before someone else's save
/// (`profile.version`) is refused, with who saved and when.
pub fn save_profile(db: &mut Db, profile: &Profile, now: DateTime<Utc>) -> Result<()> {
    let me = db.me()?.id;
    crate::team::require_owner(db.me()?, "profile")?;
    Error::check(profile.problems())?;
    db.write(|tx| {
        crate::edits::check_seen(tx, "partner_profile", 1, profile.version)?;
        write_profile_tx(tx, profile)?;
        crate::edits::stamp(tx, "partner_profile", 1, me, now.timestamp())
    })
}

pub(crate) fn write_profile_tx(conn: &Conn, p: &Profile) -> Result<()> {
    conn.execute(
        "UPDATE partner_profile SET legal_name = ?1, registration_number = ?2, postal_address = ?3,
             support_website = ?4, support_email = ?5, support_phone = ?6, logo = ?7, logo_mime = ?8,
             relationship = ?9, provider_name = ?10, provider_contact = ?11,
             provider_escalation = ?12, microsoft_route = ?13, microsoft_route_other = ?14,
             document_language = ?15, version = version + 1
         WHERE id = 1",
        params![
            p.legal_name.trim(),
            p.registration_number.trim(),
            p.postal_address.trim(),
            p.support_website.trim(),
            p.support_email.trim(),
            p.support_phone.trim(),
            p.logo.as_ref().and_then(Logo::bytes),
            p.logo.as_ref().map(|l| l.mime.as_str()),
            p.relationship,
            p.provider.name.trim(),
            p.provider.support_contact.trim(),
            p.provider.escalation.trim(),
            p.microsoft_route,
            p.microsoft_route_other.trim(),
            p.document_language,
        ],
    )?;
    Ok(())
}

pub fn list_plans(db: &Db) -> Result<Vec<PlanSummary>> {
    let rows = db.conn().query_map(
        "SELECT id, name_sv, name_en, is_default, archived,
                (SELECT count(*) FROM customer WHERE customer.plan_id = plan.id)
         FROM plan
         ORDER BY archived, is_default DESC, name_sv COLLATE NOCASE, name_en COLLATE NOCASE",
        &[],
        |r| {
            Ok(PlanSummary {
                id: r.get(0)?,
                name: Bilingual::new(r.get::<String>(1)?, r.get::<String>(2)?),
                is_default: r.get(3)?,
                archived: r.get(4)?,
                customers: r.get(5)?,
            })
        },
    )?;
    Ok(rows)
}

/// The id of the default plan (new customers get it; sheets describe it unless told otherwise).
pub fn default_plan_id(db: &Db) -> Result<i64> {
    db.conn()
        .query_opt("SELECT id FROM plan WHERE is_default = 1", &[], |r| r.get(0))?
        .ok_or_else(|| Error::not_found("plan", ProblemCode::NoDefaultPlan, &[]))
}

/// The plan with this name in either language (ignoring case); the Swedish name wins when a
/// plan's Swedish name is another plan's English one.
pub fn plan_by_name(db: &Db, name: &str) -> Result<Option<(i64, Plan)>> {
    let id: Option<i64> = db.conn().query_opt(
        "SELECT id FROM plan WHERE name_sv = ?1 COLLATE NOCASE OR name_en = ?1 COLLATE NOCASE
             ORDER BY name_sv = ?1 COLLATE NOCASE DESC LIMIT 1",
        params![name.trim()],
        |r| r.get(0),
    )?;
    match id {
        Some(id) => Ok(Some((id, read_plan(db.conn(), id)?))),
        None => Ok(None),
    }
}

/// A new, unsaved plan: unnamed, not the default, with the starter plan's texts and targets
/// and the partner's own settings from its default plan: time zone, public holidays, opening
/// hours and closed days, contact methods, currency and VAT. Without a default plan, the
/// computer's (`defaults`).
pub fn new_plan(db: &Db, defaults: &Defaults) -> Result<Plan> {
    let mut plan = default_plan(defaults);
    plan.name = Bilingual::default();
    plan.is_default = false;
    let own = db
        .conn()
        .query_opt("SELECT id FROM plan WHERE is_default = 1", &[], |r| r.get::<i64>(0))?;
    if let Some(id) = own {
        let own = read_plan(db.conn(), id)?;
        plan.hours = own.hours;
        plan.contacts = own.contacts;
        plan.pricing.currency = own.pricing.currency;
        plan.pricing.vat_included = own.pricing.vat_included;
    }
    plan.escalated_by = super::escalation_route(&read_profile(db.conn())?);
    Ok(plan)
}

pub fn load_plan(db: &Db, id: i64) -> Result<Plan> {
    read_plan(db.conn(), id)
}

pub(crate) fn read_plan(conn: &Conn, id: i64) -> Result<Plan> {
    let plan = conn.query_opt(
        "SELECT name_sv, name_en, is_default, archived, support_model, support_company,
                    outsourced_parts_sv, time_zone, holiday_country, pricing_model, currency,
                    prices_include_vat, price_minor, hourly_rate_minor, billing_increment_minutes,
                    minimum_minutes, monthly_basis, block_hours, block_rollover, overage_rate_minor,
                    escalated_by, description_sv, description_en, outsourced_parts_en, version,
                    pause_waiting_microsoft, pause_waiting_provider, sla_goal_percent, block_low_hours
             FROM plan WHERE id = ?1",
        params![id],
        |r| {
            let model = match r.get::<String>(9)?.as_str() {
                "per_incident" => PriceModel::PerIncident { price: r.get(12)? },
                "hourly" => PriceModel::Hourly {
                    rate: r.get(13)?,
                    increment_minutes: r.get(14)?,
                    minimum_minutes: r.get(15)?,
                },
                "monthly" => PriceModel::Monthly { price: r.get(12)?, basis: r.get(16)? },
                "block" => PriceModel::Block {
                    hours: r.get(17)?,
                    price: r.get(12)?,
                    rollover: r.get(18)?,
                    overage_rate: r.get(19)?,
                    low_balance_hours: r
                        .get::<Option<i64>>(28)?
                        .and_then(|h| u32::try_from(h).ok()),
                },
                _ => PriceModel::Included {},
            };
            Ok(Plan {
                name: bilingual(r, 0, 1)?,
                description: bilingual(r, 21, 22)?,
                is_default: r.get(2)?,
                archived: r.get(3)?,
                support: Support {
                    model: r.get(4)?,
                    company: r.get(5)?,
                    parts: bilingual(r, 6, 23)?,
                },
                hours: ServiceHours {
                    time_zone: r.get(7)?,
                    windows: Vec::new(),
                    holidays: r.get(8)?,
                    closed_days: Vec::new(),
                    customary_days: Vec::new(),
                },
                contacts: Vec::new(),
                pricing: Pricing { currency: r.get(10)?, vat_included: r.get(11)?, model },
                severities: Vec::new(),
                scope: Scope::default(),
                escalated_by: r.get(20)?,
                pauses: ClockPauses { waiting_microsoft: r.get(25)?, waiting_provider: r.get(26)? },
                sla_goal_percent: r
                    .get::<Option<i64>>(27)?
                    .and_then(|g| u8::try_from(g).ok())
                    .filter(|g| (1..=100).contains(g)),
                version: r.get(24)?,
            })
        },
    )?;
    let mut plan = plan.ok_or_else(|| no_such_plan(id))?;

    plan.hours.windows = conn.query_map("SELECT weekday, start_minute, end_minute FROM plan_window WHERE plan_id = ?1 ORDER BY weekday, start_minute", params![id], |r| {
            let day = Day::from_index(r.get(0)?)
                .ok_or_else(|| Error::Database("a weekday outside 0 to 6".into()))?;
            Ok(Window { day, start: time(r.get(1)?)?, end: time(r.get(2)?)? })
        })?;

    plan.hours.closed_days = conn.query_map("SELECT date, label_sv, label_en, closes_at_minute FROM plan_closed_day WHERE plan_id = ?1 ORDER BY date", params![id], |r| {
            let date: String = r.get(0)?;
            let date = date
                .parse::<NaiveDate>()
                .map_err(|e| Error::Database(format!("closed day {date:?}: {e}")))?;
            let closes_at: Option<u16> = r.get(3)?;
            Ok(ClosedDay {
                date,
                label: bilingual(r, 1, 2)?,
                closes_at: closes_at.map(time).transpose()?,
            })
        })?;
    plan.hours.customary_days = conn.query_map(
        "SELECT day, closes_at_minute FROM plan_customary_day WHERE plan_id = ?1",
        params![id],
        |r| {
            let code: String = r.get(0)?;
            let day = Holiday::from_code(&code)
                .ok_or_else(|| Error::Database(format!("customary day {code:?}: not a holiday")))?;
            let closes_at: Option<u16> = r.get(1)?;
            Ok(CustomaryDay { day, closes_at: closes_at.map(time).transpose()? })
        },
    )?;
    // In the calendar's order, as the plan editor and the terms sheet list them.
    let order = plan.hours.holidays.map(crate::holidays::customary_days).unwrap_or_default();
    plan.hours
        .customary_days
        .sort_by_key(|c| order.iter().position(|o| o.holiday == c.day).unwrap_or(usize::MAX));

    plan.contacts = conn.query_map("SELECT method, address, availability, note_sv, note_en FROM plan_contact WHERE plan_id = ?1 ORDER BY position", params![id], |r| {
            Ok(ContactMethod {
                method: r.get(0)?,
                address: r.get(1)?,
                availability: r.get(2)?,
                note: bilingual(r, 3, 4)?,
            })
        })?;

    plan.severities = conn.query_map(
        "SELECT code, name_sv, name_en, description_sv, description_en, first_response_minutes,
                resolution_minutes, clock
         FROM severity WHERE plan_id = ?1 ORDER BY position",
        params![id],
        |r| {
            Ok(Severity {
                code: r.get(0)?,
                name: bilingual(r, 1, 2)?,
                description: bilingual(r, 3, 4)?,
                first_response_minutes: r.get(5)?,
                resolution_minutes: r.get(6)?,
                clock: r.get(7)?,
            })
        },
    )?;

    for (included, text) in conn.query_map("SELECT included, text_sv, text_en FROM plan_scope_item WHERE plan_id = ?1 ORDER BY position", params![id], |r| Ok((r.get::<bool>(0)?, bilingual(r, 1, 2)?)))? {
        if included { &mut plan.scope.included } else { &mut plan.scope.excluded }.push(text);
    }
    Ok(plan)
}

/// Creates (`id` None) or replaces a plan. Returns its id.
/// The open calls of the plan's customers follow its new hours and targets, in the same
/// transaction.
///
/// Owners only. A copy loaded before someone else's save (`plan.version`) is refused, with who
/// saved and when.
pub fn save_plan(db: &mut Db, id: Option<i64>, plan: &Plan, now: DateTime<Utc>) -> Result<i64> {
    let me = db.me()?.id;
    crate::team::require_owner(db.me()?, "plan")?;
    db.write(|tx| {
        if let Some(id) = id {
            crate::edits::check_seen(tx, "plan", id, plan.version)?;
        }
        let id = save_plan_tx(tx, id, plan, now)?;
        crate::edits::stamp(tx, "plan", id, me, now.timestamp())?;
        Ok(id)
    })
}

pub(crate) fn save_plan_tx(
    tx: &Conn,
    id: Option<i64>,
    plan: &Plan,
    now: DateTime<Utc>,
) -> Result<i64> {
    let id = write_plan(tx, id, plan, now)?;
    // Every way a plan is written raises its version (see `crate::edits`).
    tx.execute("UPDATE plan SET version = version + 1 WHERE id = ?1", params![id])?;
    crate::calls::clocks::recompute_plan(tx, id)?;
    // The partner has shaped its offering: the first-start checklist's plan step is done.
    tx.execute(
        "INSERT INTO setting (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING",
        params![crate::info::PLAN_SAVED_KEY, now.to_rfc3339()],
    )?;
    Ok(id)
}

/// Every problem saving `plan` as plan `id` (None: a new plan) would meet, without saving.
pub fn check_plan(db: &Db, id: Option<i64>, plan: &Plan) -> Result<Vec<Problem>> {
    plan_problems(db.conn(), id, plan)
}

/// The problems of `plan` as stored with `id`: its own, plus a clash of names and the rule that
/// one plan is the default.
pub(crate) fn plan_problems(conn: &Conn, id: Option<i64>, plan: &Plan) -> Result<Vec<Problem>> {
    let mut problems = plan.problems();
    let other = id.unwrap_or(-1);
    for lang in Language::ALL {
        let name = plan.name.get(lang);
        if name.is_empty() {
            continue;
        }
        let taken: bool = conn.query_row(
            &format!(
                "SELECT EXISTS (SELECT 1 FROM plan WHERE name_{} = ?1 COLLATE NOCASE AND id != ?2)",
                lang.code()
            ),
            params![name, other],
            |r| r.get(0),
        )?;
        if taken {
            problems.push(Problem::with(
                format!("name.{}", lang.code()),
                ProblemCode::NameTaken,
                &[("name", name.to_owned())],
            ));
        }
    }
    let other_default: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM plan WHERE is_default = 1 AND id != ?1)",
        params![other],
        |r| r.get(0),
    )?;
    if !plan.is_default && !other_default {
        problems.push(Problem::new("isDefault", ProblemCode::DefaultRequired));
    }
    Ok(problems)
}

pub(crate) fn write_plan(
    tx: &Conn,
    id: Option<i64>,
    plan: &Plan,
    now: DateTime<Utc>,
) -> Result<i64> {
    if let Some(id) = id {
        let exists: bool =
            tx.query_row("SELECT EXISTS (SELECT 1 FROM plan WHERE id = ?1)", params![id], |r| {
                r.get(0)
            })?;
        if !exists {
            return Err(no_such_plan(id));
        }
    }
    Error::check(plan_problems(tx, id, plan)?)?;
    if plan.is_default {
        tx.execute(
            "UPDATE plan SET is_default = 0, version = version + 1 WHERE is_default = 1 AND id != ?1",
            params![id.unwrap_or(-1)],
        )?;
    }
    let (model, price, rate, increment, minimum, basis, hours, rollover, overage) =
        match &plan.pricing.model {
            PriceModel::Included {} => ("included", None, None, None, None, None, None, None, None),
            PriceModel::PerIncident { price } => {
                ("per_incident", Some(*price), None, None, None, None, None, None, None)
            }
            PriceModel::Hourly { rate, increment_minutes, minimum_minutes } => (
                "hourly",
                None,
                Some(*rate),
                Some(*increment_minutes),
                Some(*minimum_minutes),
                None,
                None,
                None,
                None,
            ),
            PriceModel::Monthly { price, basis } => {
                ("monthly", Some(*price), None, None, None, Some(*basis), None, None, None)
            }
            PriceModel::Block { hours, price, rollover, overage_rate, .. } => (
                "block",
                Some(*price),
                None,
                None,
                None,
                None,
                Some(*hours),
                Some(*rollover),
                Some(*overage_rate),
            ),
        };
    let values = params![
        plan.name.get(Language::Sv),
        plan.name.get(Language::En),
        plan.description.get(Language::Sv),
        plan.description.get(Language::En),
        plan.is_default,
        plan.archived,
        plan.support.model,
        plan.support.company.trim(),
        plan.support.parts.get(Language::Sv),
        plan.support.parts.get(Language::En),
        plan.hours.time_zone,
        plan.hours.holidays,
        model,
        plan.pricing.currency,
        plan.pricing.vat_included,
        price,
        rate,
        increment,
        minimum,
        basis,
        hours,
        rollover,
        overage,
        plan.escalated_by,
        now.timestamp(),
        plan.pauses.waiting_microsoft,
        plan.pauses.waiting_provider,
        plan.sla_goal_percent.map(i64::from),
        match plan.pricing.model {
            PriceModel::Block { low_balance_hours, .. } => low_balance_hours.map(i64::from),
            _ => None,
        },
    ];
    let columns = "name_sv, name_en, description_sv, description_en, is_default, archived,
        support_model, support_company, outsourced_parts_sv, outsourced_parts_en, time_zone, holiday_country, pricing_model, currency, prices_include_vat,
        price_minor, hourly_rate_minor, billing_increment_minutes, minimum_minutes, monthly_basis,
        block_hours, block_rollover, overage_rate_minor, escalated_by, updated_at,
        pause_waiting_microsoft, pause_waiting_provider, sla_goal_percent, block_low_hours";
    let id = match id {
        Some(id) => {
            let sets: Vec<String> = columns
                .split(',')
                .enumerate()
                .map(|(i, c)| format!("{} = ?{}", c.trim(), i + 1))
                .collect();
            let mut stmt =
                tx.prepare(&format!("UPDATE plan SET {} WHERE id = {id}", sets.join(", ")))?;
            stmt.execute(values)?;
            id
        }
        None => {
            let marks: Vec<String> =
                (1..=columns.split(',').count()).map(|i| format!("?{i}")).collect();
            tx.insert(
                &format!("INSERT INTO plan ({columns}) VALUES ({})", marks.join(", ")),
                values,
            )?
        }
    };

    for table in ["plan_window", "plan_closed_day", "plan_customary_day", "plan_contact"] {
        tx.execute(&format!("DELETE FROM {table} WHERE plan_id = ?1"), params![id])?;
    }
    for w in &plan.hours.windows {
        tx.execute(
            "INSERT INTO plan_window (plan_id, weekday, start_minute, end_minute) VALUES (?1, ?2, ?3, ?4)",
            params![id, w.day.index(), w.start.minutes(), w.end.minutes()],
        )?;
    }
    for d in &plan.hours.closed_days {
        tx.execute(
            "INSERT INTO plan_closed_day (plan_id, date, label_sv, label_en, closes_at_minute)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                id,
                d.date.to_string(),
                d.label.get(Language::Sv),
                d.label.get(Language::En),
                d.closes_at.map(TimeOfDay::minutes)
            ],
        )?;
    }
    for c in &plan.hours.customary_days {
        tx.execute(
            "INSERT INTO plan_customary_day (plan_id, day, closes_at_minute) VALUES (?1, ?2, ?3)",
            params![id, c.day.code(), c.closes_at.map(TimeOfDay::minutes)],
        )?;
    }
    for (i, c) in plan.contacts.iter().enumerate() {
        tx.execute(
            "INSERT INTO plan_contact (plan_id, position, method, address, availability, note_sv, note_en)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                id,
                i,
                c.method,
                c.address.trim(),
                c.availability,
                c.note.get(Language::Sv),
                c.note.get(Language::En)
            ],
        )?;
    }
    write_scope(tx, id, &plan.scope)?;
    write_severities(tx, id, &plan.severities)?;
    Ok(id)
}

fn write_scope(tx: &Conn, plan_id: i64, scope: &Scope) -> Result<()> {
    tx.execute("DELETE FROM plan_scope_item WHERE plan_id = ?1", params![plan_id])?;
    let items = scope.included.iter().map(|t| (true, t));
    for (i, (included, text)) in items.chain(scope.excluded.iter().map(|t| (false, t))).enumerate()
    {
        tx.execute(
            "INSERT INTO plan_scope_item (plan_id, position, included, text_sv, text_en)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![plan_id, i, included, text.get(Language::Sv), text.get(Language::En)],
        )?;
    }
    Ok(())
}

/// Gives the starter plan's texts that an older schema stored in one language their other
/// language (see [`super::defaults::complete_starter_texts`]). Run once, when a database is
/// upgraded to schema 4.
pub(crate) fn complete_starter_texts_tx(tx: &Conn) -> Result<()> {
    let ids: Vec<i64> = tx.prepare("SELECT id FROM plan")?.query_map(&[], |r| r.get(0))?;
    for id in ids {
        let mut plan = read_plan(tx, id)?;
        if !super::defaults::complete_starter_texts(&mut plan) {
            continue;
        }
        // Only texts change: no check, no new updated_at, no recompute.
        for (column, text) in [("name", &plan.name), ("description", &plan.description)] {
            tx.execute(
                &format!("UPDATE plan SET {column}_sv = ?2, {column}_en = ?3 WHERE id = ?1"),
                params![id, text.get(Language::Sv), text.get(Language::En)],
            )?;
        }
        for s in &plan.severities {
            tx.execute(
                "UPDATE severity SET name_sv = ?3, name_en = ?4, description_sv = ?5,
                     description_en = ?6
                 WHERE plan_id = ?1 AND code = ?2",
                params![
                    id,
                    s.code,
                    s.name.get(Language::Sv),
                    s.name.get(Language::En),
                    s.description.get(Language::Sv),
                    s.description.get(Language::En)
                ],
            )?;
        }
        write_scope(tx, id, &plan.scope)?;
    }
    Ok(())
}

/// Severities are matched by code, so the calls that refer to one keep it across edits. A
/// severity that calls use cannot be removed.
fn write_severities(tx: &Conn, plan_id: i64, severities: &[Severity]) -> Result<()> {
    let codes: Vec<String> = severities.iter().map(|s| s.code.trim().to_owned()).collect();
    let existing: Vec<(i64, String)> =
        tx.query_map("SELECT id, code FROM severity WHERE plan_id = ?1", params![plan_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    for (sid, code) in &existing {
        if !codes.iter().any(|c| c.eq_ignore_ascii_case(code)) {
            let calls: i64 = tx.query_row(
                "SELECT count(*) FROM call WHERE severity_id = ?1",
                params![sid],
                |r| r.get(0),
            )?;
            if calls > 0 {
                return Err(Error::conflict(
                    "severities",
                    ProblemCode::SeverityInUse,
                    &[("code", code.clone()), ("calls", calls.to_string())],
                ));
            }
            tx.execute("DELETE FROM severity WHERE id = ?1", params![sid])?;
        }
    }
    // Positions are moved out of the way first, so reordering never clashes.
    tx.execute(
        "UPDATE severity SET position = -1 - position WHERE plan_id = ?1",
        params![plan_id],
    )?;
    for (i, s) in severities.iter().enumerate() {
        let values = params![
            plan_id,
            i,
            s.code.trim(),
            s.name.get(Language::Sv),
            s.name.get(Language::En),
            s.description.get(Language::Sv),
            s.description.get(Language::En),
            s.first_response_minutes,
            s.resolution_minutes,
            s.clock
        ];
        let updated = tx.execute(
            "UPDATE severity SET position = ?2, code = ?3, name_sv = ?4, name_en = ?5,
                 description_sv = ?6, description_en = ?7, first_response_minutes = ?8,
                 resolution_minutes = ?9, clock = ?10
             WHERE plan_id = ?1 AND code = ?3 COLLATE NOCASE",
            values,
        )?;
        if updated == 0 {
            tx.execute(
                "INSERT INTO severity (plan_id, position, code, name_sv, name_en, description_sv,
                     description_en, first_response_minutes, resolution_minutes, clock)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                values,
            )?;
        }
    }
    Ok(())
}

/// A copy of plan `id` under a free name ("Standard (2)"), neither default nor archived.
pub fn duplicate_plan(db: &mut Db, id: i64, now: DateTime<Utc>) -> Result<i64> {
    let me = db.me()?.id;
    crate::team::require_owner(db.me()?, "plan")?;
    db.write(|tx| {
        let mut plan = read_plan(tx, id)?;
        // Lowered here, not by SQLite's lower() (ASCII only), like the candidate names.
        let names: Vec<String> = tx
            .prepare("SELECT name_sv FROM plan UNION SELECT name_en FROM plan")?
            .query_map(&[], |r| Ok(r.get::<String>(0)?.trim().to_lowercase()))?;
        let base = plan.name.clone();
        let free = |candidate: &Bilingual| {
            Language::ALL.iter().all(|&l| {
                let name = candidate.get(l).to_lowercase();
                name.is_empty() || !names.contains(&name)
            })
        };
        let mut n = 2;
        plan.name = loop {
            let numbered = |text: &str| {
                if text.trim().is_empty() {
                    String::new()
                } else {
                    format!("{} ({n})", text.trim())
                }
            };
            let candidate = Bilingual::new(numbered(&base.sv), numbered(&base.en));
            if free(&candidate) {
                break candidate;
            }
            n += 1;
        };
        plan.is_default = false;
        plan.archived = false;
        let copy = save_plan_tx(tx, None, &plan, now)?;
        crate::edits::stamp(tx, "plan", copy, me, now.timestamp())?;
        Ok(copy)
    })
}

pub fn set_plan_archived(db: &mut Db, id: i64, archived: bool, now: DateTime<Utc>) -> Result<()> {
    let me = db.me()?.id;
    crate::team::require_owner(db.me()?, "plan")?;
    db.write(|tx| {
        let mut plan = read_plan(tx, id)?;
        if archived && plan.is_default {
            return Err(Error::invalid("archived", ProblemCode::DefaultArchived, &[]));
        }
        plan.archived = archived;
        save_plan_tx(tx, Some(id), &plan, now)?;
        crate::edits::stamp(tx, "plan", id, me, now.timestamp())
    })
}

/// Deletes a plan no customer uses. Plans in use are archived instead.
pub fn delete_plan(db: &mut Db, id: i64) -> Result<()> {
    crate::team::require_owner(db.me()?, "plan")?;
    db.write(|tx| {
        let plan = read_plan(tx, id)?;
        let customers: i64 =
            // Customers on it now, or in a month it billed them (their plan history).
            tx.query_row("SELECT count(*) FROM customer WHERE plan_id = ?1 OR id IN (SELECT customer_id FROM plan_history WHERE plan_id = ?1)", params![id], |r| {
                r.get(0)
            })?;
        if customers > 0 {
            return Err(Error::conflict(
                "id",
                ProblemCode::PlanInUse,
                &[("name", plan.name.to_string()), ("customers", customers.to_string())],
            ));
        }
        if plan.is_default {
            return Err(Error::invalid("isDefault", ProblemCode::DefaultRequired, &[]));
        }
        tx.execute("DELETE FROM plan WHERE id = ?1", params![id])?;
        Ok(())
    })
}

/// Gives a database without plans its first, ready plan, and sets the profile's document
/// language to the user's. Returns whether it did. The app does this when it opens a database
/// and the CLI when it creates one: the same ready offering either way.
pub fn ensure_default_plan(db: &mut Db, defaults: &Defaults, now: DateTime<Utc>) -> Result<bool> {
    // A technician on an empty team desk waits for an owner to shape the offering.
    if !db.me()?.is_owner() {
        return Ok(false);
    }
    db.write(|tx| {
        let plans: i64 = tx.query_row("SELECT count(*) FROM plan", &[], |r| r.get(0))?;
        if plans > 0 {
            return Ok(false);
        }
        write_plan(tx, None, &default_plan(defaults), now)?;
        // A new database also writes its documents in the user's language.
        tx.execute(
            "UPDATE partner_profile SET document_language = ?1 WHERE id = 1",
            params![defaults.language],
        )?;
        Ok(true)
    })
}
