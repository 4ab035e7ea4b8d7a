//! Customers: the companies the partner supports, their tenants, contacts and plans.

use chrono::{DateTime, Utc};

use serde::{Deserialize, Serialize};

use crate::db::Conn;
use crate::offering::{Bilingual, MAX_LINE};
use crate::problem::{Problem, ProblemCode, Problems};
use crate::{params, Db, Error, Result};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Customer {
    pub name: String,
    /// The tenant's primary domain, e.g. contoso.onmicrosoft.com.
    pub tenant_domain: String,
    /// The Microsoft Entra tenant ID (a GUID), if known.
    pub tenant_id: Option<String>,
    pub registration_number: String,
    pub relationship: CustomerRelationship,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub plan_id: i64,
    pub notes: String,
    pub contacts: Vec<Contact>,
    /// The language of the customer's documents (service report, invoice basis); `None`: the
    /// profile's document language.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub language: Option<crate::settings::Language>,
    /// The version this copy was loaded at (see [`crate::edits`]); `None` for a new customer,
    /// or a save that need not check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional, type = "number"))]
    pub version: Option<i64>,
}

crate::enums::text_enum!(
    /// How the customer is billed.
    CustomerRelationship {
        /// Billed directly by us.
        Direct => "direct",
        /// Billed through our indirect provider.
        ViaProvider => "via_provider",
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Contact {
    /// Kept when editing, so calls keep pointing at the same person; None for a new contact.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub id: Option<i64>,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub role: String,
    /// May order, change or cancel subscriptions.
    pub may_request_changes: bool,
    /// Anonymised on request (`crate::privacy`): no name, e-mail or phone, and none can be set
    /// again. Read from the database; what a caller sends is ignored.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "ts", ts(as = "Option<bool>", optional))]
    pub anonymised: bool,
}

/// A customer in lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CustomerSummary {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub name: String,
    pub tenant_domain: String,
    pub plan: Bilingual,
    pub archived: bool,
    pub open_calls: u32,
}

impl Customer {
    pub fn problems(&self) -> Vec<Problem> {
        let mut p = Problems::default();
        p.text("name", &self.name, true, MAX_LINE);
        p.text("tenantDomain", &self.tenant_domain, false, 253);
        let domain = self.tenant_domain.trim();
        if !domain.is_empty() && !is_domain(domain) {
            p.add("tenantDomain", ProblemCode::InvalidDomain);
        }
        if let Some(id) = self.tenant_id.as_deref().map(clean_tenant_id) {
            if !id.is_empty() && !is_guid(&id) {
                p.add_with("tenantId", ProblemCode::InvalidGuid, &[("value", id)]);
            }
        }
        p.text("registrationNumber", &self.registration_number, false, 40);
        p.multiline("notes", &self.notes, false, 20_000);
        for (i, c) in self.contacts.iter().enumerate() {
            let f = format!("contacts[{i}]");
            p.text(&format!("{f}.name"), &c.name, !c.anonymised, MAX_LINE);
            p.text(&format!("{f}.email"), &c.email, false, MAX_LINE);
            if !c.email.trim().is_empty() && !crate::offering::is_email(&c.email) {
                p.add(format!("{f}.email"), ProblemCode::InvalidEmail);
            }
            p.text(&format!("{f}.phone"), &c.phone, false, 40);
            if !c.phone.trim().is_empty() && !crate::offering::is_phone(&c.phone) {
                p.add(format!("{f}.phone"), ProblemCode::InvalidPhone);
            }
            p.text(&format!("{f}.role"), &c.role, false, MAX_LINE);
        }
        p.0
    }
}

/// A tenant ID as people paste it: surrounding spaces and the braces some tools write
/// (`{72F988BF-…}`) removed, in lower case.
pub fn clean_tenant_id(s: &str) -> String {
    let s = s.trim();
    let s = s.strip_prefix('{').and_then(|s| s.strip_suffix('}')).unwrap_or(s);
    s.trim().to_lowercase()
}

/// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, hexadecimal, any case.
pub fn is_guid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

fn is_domain(s: &str) -> bool {
    let labels: Vec<&str> = s.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
}

fn check_plan(conn: &Conn, plan_id: i64) -> Result<()> {
    let exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM plan WHERE id = ?1)",
        params![plan_id],
        |r| r.get(0),
    )?;
    if exists {
        Ok(())
    } else {
        Err(Error::invalid("planId", ProblemCode::NoSuchPlan, &[("plan", plan_id.to_string())]))
    }
}

fn no_such_customer(id: i64) -> Error {
    Error::not_found("id", ProblemCode::NoSuchCustomer, &[("id", id.to_string())])
}

/// A customer's own fields as stored: trimmed, domain and tenant ID in lower case, an empty
/// tenant ID as NULL. In the column order name, tenant_domain, tenant_id, registration_number,
/// relationship, plan_id, notes.
fn stored(c: &Customer) -> Vec<crate::db::Value> {
    let tenant_id = c.tenant_id.as_deref().map(clean_tenant_id).filter(|s| !s.is_empty());
    vec![
        c.name.trim().to_owned().into(),
        c.tenant_domain.trim().to_lowercase().into(),
        tenant_id.into(),
        c.registration_number.trim().to_owned().into(),
        c.relationship.code().to_owned().into(),
        c.plan_id.into(),
        c.notes.trim().to_owned().into(),
        c.language.map(|l| l.code().to_owned()).into(),
    ]
}

pub fn add_customer(db: &mut Db, c: &Customer, now: DateTime<Utc>) -> Result<i64> {
    let me = db.me()?.clone();
    crate::team::require_owner(&me, "customer")?;
    Error::check(c.problems())?;
    db.write(|tx| {
        check_plan(tx, c.plan_id)?;
        let mut values = stored(c);
        values.push(now.timestamp().into());
        values.push(me.id.into());
        let id = tx.insert(
            "INSERT INTO customer (name, tenant_domain, tenant_id, registration_number, relationship, plan_id, notes, language, created_at, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10)",
            &crate::db::dyn_params(&values),
        )?;
        write_contacts(tx, id, &c.contacts)?;
        Ok(id)
    })
}

/// Saves a customer; a new plan means new targets and hours for its open calls, recomputed in
/// the same transaction. A technician may change only the contacts and the notes. A copy
/// loaded before someone else's save (`c.version`) is refused, with who saved and when.
pub fn update_customer(db: &mut Db, id: i64, c: &Customer, now: DateTime<Utc>) -> Result<()> {
    let me = db.me()?.clone();
    Error::check(c.problems())?;
    db.write(|tx| {
        crate::edits::check_seen(tx, "customer", id, c.version)?;
        if !me.is_owner() {
            let stored_now = read_customer(tx, id)?;
            if stored(&Customer { notes: c.notes.clone(), ..stored_now }) != stored(c) {
                return Err(Error::conflict("customer", ProblemCode::OwnersOnly, &[]));
            }
            tx.execute("UPDATE customer SET notes = ?2 WHERE id = ?1", params![id, c.notes.trim()])?;
            write_contacts(tx, id, &c.contacts)?;
            crate::edits::touch(tx, "customer", id, me.id, now.timestamp())?;
            return Ok(());
        }
        check_plan(tx, c.plan_id)?;
        let old_plan: Option<i64> = tx
            .query_opt("SELECT plan_id FROM customer WHERE id = ?1", params![id], |r| r.get(0))
            ?;
        let mut values = stored(c);
        values.push(id.into());
        let changed = tx.execute(
            "UPDATE customer SET name = ?1, tenant_domain = ?2, tenant_id = ?3, registration_number = ?4,
                 relationship = ?5, plan_id = ?6, notes = ?7, language = ?8 WHERE id = ?9",
            &crate::db::dyn_params(&values),
        )?;
        if changed == 0 {
            return Err(no_such_customer(id));
        }
        write_contacts(tx, id, &c.contacts)?;
        crate::edits::touch(tx, "customer", id, me.id, now.timestamp())?;
        if let Some(old) = old_plan.filter(|old| *old != c.plan_id) {
            crate::calls::clocks::recompute_customer(tx, id)?;
            crate::billing::record_plan_change(tx, id, old, c.plan_id, now)?;
        }
        Ok(())
    })
}

/// Contacts are matched by id, so calls keep their contact; removed contacts are deleted (calls
/// keep the name they were logged with).
fn write_contacts(tx: &Conn, customer: i64, contacts: &[Contact]) -> Result<()> {
    let keep: Vec<i64> = contacts.iter().filter_map(|c| c.id).collect();
    let existing: Vec<i64> = tx
        .prepare("SELECT id FROM contact WHERE customer_id = ?1")?
        .query_map(params![customer], |r| r.get(0))?;
    for id in existing.iter().filter(|id| !keep.contains(id)) {
        tx.execute("DELETE FROM contact WHERE id = ?1", params![id])?;
    }
    for c in contacts {
        let values = params![
            customer,
            c.name.trim(),
            c.email.trim(),
            c.phone.trim(),
            c.role.trim(),
            c.may_request_changes
        ];
        match c.id.filter(|id| existing.contains(id)) {
            Some(id) => {
                tx.execute(
                    // An anonymised contact stays as it is.
                    "UPDATE contact SET customer_id = ?1, name = ?2, email = ?3, phone = ?4, role = ?5, may_request_changes = ?6 WHERE id = ?7 AND anonymised_at IS NULL",
                    params![customer, c.name.trim(), c.email.trim(), c.phone.trim(), c.role.trim(), c.may_request_changes, id],
                )?;
            }
            None => {
                tx.execute(
                    "INSERT INTO contact (customer_id, name, email, phone, role, may_request_changes) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    values,
                )?;
            }
        }
    }
    Ok(())
}

pub fn get_customer(db: &Db, id: i64) -> Result<Customer> {
    read_customer(db.conn(), id)
}

pub(crate) fn read_customer(conn: &Conn, id: i64) -> Result<Customer> {
    let mut c = conn
        .query_opt(
            "SELECT name, tenant_domain, tenant_id, registration_number, relationship, plan_id, notes, version, language FROM customer WHERE id = ?1", params![id],
            |r| {
                Ok(Customer {
                    name: r.get(0)?,
                    tenant_domain: r.get(1)?,
                    tenant_id: r.get(2)?,
                    registration_number: r.get(3)?,
                    relationship: r.get(4)?,
                    plan_id: r.get(5)?,
                    notes: r.get(6)?,
                    contacts: Vec::new(),
                    version: r.get(7)?,
                    language: r
                        .get::<Option<String>>(8)?
                        .and_then(|l| crate::settings::Language::parse(&l).ok()),
                })
            },
        )
        ?
        .ok_or_else(|| no_such_customer(id))?;
    c.contacts = conn
        .prepare("SELECT id, name, email, phone, role, may_request_changes, anonymised_at IS NOT NULL FROM contact WHERE customer_id = ?1 ORDER BY name")?
        .query_map(params![id], |r| {
            Ok(Contact { id: Some(r.get(0)?), name: r.get(1)?, email: r.get(2)?, phone: r.get(3)?, role: r.get(4)?, may_request_changes: r.get(5)?, anonymised: r.get(6)? })
        })?;
    Ok(c)
}

/// Customers by name; archived ones only when asked for.
pub fn list_customers(
    db: &Db,
    include_archived: bool,
    limit: u32,
    offset: u32,
) -> Result<Vec<CustomerSummary>> {
    let rows = db.conn().query_map("SELECT c.id, c.name, c.tenant_domain, p.name_sv, p.name_en, c.archived,
                (SELECT count(*) FROM call WHERE call.customer_id = c.id AND call.status NOT IN ('resolved', 'closed'))
         FROM customer c JOIN plan p ON p.id = c.plan_id
         WHERE ?1 OR c.archived = 0
         ORDER BY c.name COLLATE NOCASE, c.id LIMIT ?2 OFFSET ?3", params![include_archived, limit, offset], |r| {
        Ok(CustomerSummary {
            id: r.get(0)?,
            name: r.get(1)?,
            tenant_domain: r.get(2)?,
            plan: Bilingual::new(r.get::<String>(3)?, r.get::<String>(4)?),
            archived: r.get(5)?,
            open_calls: r.get(6)?,
        })
    })?;
    Ok(rows)
}

/// Archives a customer (kept with its calls), or restores one.
/// Archives a customer (kept, not offered for new calls; months after `now` bill it no
/// subscription) or brings it back.
pub fn set_customer_archived(
    db: &mut Db,
    id: i64,
    archived: bool,
    now: DateTime<Utc>,
) -> Result<()> {
    crate::team::require_owner(db.me()?, "customer")?;
    db.write(|tx| {
        let n = tx.execute(
            "UPDATE customer SET archived = ?2, archived_at = CASE WHEN ?2 = 1 THEN CAST(?3 AS BIGINT) END WHERE id = ?1",
            params![id, archived, now.timestamp()],
        )?;
        if n == 0 {
            return Err(no_such_customer(id));
        }
        Ok(())
    })
}

/// Deletes a customer without calls; one with calls is archived instead.
pub fn delete_customer(db: &mut Db, id: i64) -> Result<()> {
    crate::team::require_owner(db.me()?, "customer")?;
    db.write(|tx| {
        let calls: i64 =
            tx.query_row("SELECT count(*) FROM call WHERE customer_id = ?1", params![id], |r| {
                r.get(0)
            })?;
        if calls > 0 {
            return Err(Error::conflict(
                "id",
                ProblemCode::CustomerHasCalls,
                &[("calls", calls.to_string())],
            ));
        }
        let n = tx.execute("DELETE FROM customer WHERE id = ?1", params![id])?;
        if n == 0 {
            return Err(no_such_customer(id));
        }
        Ok(())
    })
}

/// A customer as a type-ahead lists it: the filter on the call list and the new-call form.
/// Light, so a desk with thousands of customers keeps them all in the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CustomerPick {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub name: String,
    pub tenant_domain: String,
}

/// What logging a call for one customer offers: its plan's severities and its contacts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CallChoices {
    pub severities: Vec<SeverityPick>,
    pub contacts: Vec<ContactPick>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SeverityPick {
    pub code: String,
    pub name: Bilingual,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ContactPick {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub name: String,
}

/// Every active customer, by name.
pub fn picks(db: &Db) -> Result<Vec<CustomerPick>> {
    let conn = db.conn();
    let rows = conn.query_map("SELECT id, name, tenant_domain FROM customer WHERE archived = 0 ORDER BY name COLLATE NOCASE, id", &[], |r| {
        Ok(CustomerPick { id: r.get(0)?, name: r.get(1)?, tenant_domain: r.get(2)? })
    })?;
    Ok(rows)
}

/// The severities of the customer's plan, in the plan's order, and the customer's contacts by
/// name.
pub fn call_choices(db: &Db, customer: i64) -> Result<CallChoices> {
    let conn = db.conn();
    let plan: i64 = conn
        .query_opt("SELECT plan_id FROM customer WHERE id = ?1", params![customer], |r| r.get(0))?
        .ok_or_else(|| no_such_customer(customer))?;
    let severities = conn.query_map(
        "SELECT code, name_sv, name_en FROM severity WHERE plan_id = ?1 ORDER BY position, id",
        params![plan],
        |r| {
            Ok(SeverityPick {
                code: r.get(0)?,
                name: Bilingual::new(r.get::<String>(1)?, r.get::<String>(2)?),
            })
        },
    )?;
    let mut stmt =
        conn.prepare("SELECT id, name FROM contact WHERE customer_id = ?1 ORDER BY name, id")?;
    let contacts =
        stmt.query_map(params![customer], |r| Ok(ContactPick { id: r.get(0)?, name: r.get(1)? }))?;
    Ok(CallChoices { severities, contacts })
}

/// Every severity code any plan uses, sorted: what the call list can be narrowed by.
pub fn severity_codes(db: &Db) -> Result<Vec<String>> {
    let conn = db.conn();
    let codes =
        conn.query_map("SELECT DISTINCT code FROM severity ORDER BY code", &[], |r| r.get(0))?;
    Ok(codes)
}

/// The customer's licensed users from `from` on (until a later month's count): what a
/// per-user monthly plan bills. Owners only; the month must be open for billing.
pub fn set_licensed_users(
    db: &mut Db,
    id: i64,
    from: crate::billing::Month,
    users: u32,
) -> Result<()> {
    crate::team::require_owner(db.me()?, "users")?;
    if users > MAX_USERS {
        return Err(Error::invalid(
            "users",
            ProblemCode::OutOfRange,
            &[("min", "0".into()), ("max", MAX_USERS.to_string())],
        ));
    }
    db.write(|tx| {
        let exists: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM customer WHERE id = ?1)",
            params![id],
            |r| r.get(0),
        )?;
        if !exists {
            return Err(no_such_customer(id));
        }
        crate::billing::require_open(tx, "from", from)?;
        tx.execute(
            "DELETE FROM customer_users WHERE customer_id = ?1 AND from_month = ?2",
            params![id, from.to_string()],
        )?;
        tx.execute(
            "INSERT INTO customer_users (customer_id, from_month, users) VALUES (?1, ?2, ?3)",
            params![id, from.to_string(), i64::from(users)],
        )?;
        Ok(())
    })
}

/// The most licensed users a customer may have.
pub const MAX_USERS: u32 = 1_000_000;

/// The customer's licensed users over time: (from month, count), oldest first.
pub fn licensed_users(db: &Db, id: i64) -> Result<Vec<(crate::billing::Month, u32)>> {
    let rows: Vec<(String, i64)> = db.conn().query_map(
        "SELECT from_month, users FROM customer_users WHERE customer_id = ?1 ORDER BY from_month",
        params![id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(rows
        .into_iter()
        .filter_map(|(m, n)| Some((m.parse().ok()?, u32::try_from(n).ok()?)))
        .collect())
}
