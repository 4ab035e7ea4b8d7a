//! Requests about a person (GDPR): finding a customer's contact person, everything held about
//! them (the right of access), and erasure, two ways:
//!
//! - **Anonymise**: their name, e-mail, phone and role are emptied (`contact.anonymised_at`
//!   set), and the calls they raised keep their time and clocks for billing and the SLA
//!   figures. The texts that mention them (a call's description, a time note, an invoice
//!   basis's line, ...) are listed; `redact` replaces each mention with "[…]" in the same step.
//! - **Erase with their calls**: the calls they raised go, with their history and time;
//!   refused while any of those calls is in a closed billing month (the invoice basis sent
//!   for it must not change), with the month named.
//!
//! Each erasure is written to the erasure log (what kind, when, by whom, the contact's and the
//! customer's numbers, how many records), never the erased data. Afterwards the database is
//! scrubbed (`Db::scrub`): on SQLite no byte of the erased texts stays in the file, its
//! write-ahead log or the full-text index.

use chrono::{DateTime, Utc};
use serde::Serialize;

mod customer;
mod pdf;
pub use customer::{customer_record, CallRecord, CustomerRecord, EventRecord, TimeRecord};
pub use pdf::{person_pdf, place};

use crate::db::sql::{ToValue, Value};
use crate::db::Conn;
use crate::problem::ProblemCode;
use crate::{params, Db, Error, Result};

/// What a mention is replaced with: the same in every language.
pub const REDACTED: &str = "[…]";

/// A contact person found by `find_people`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PersonHit {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub contact_id: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub customer_id: i64,
    pub customer: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    /// Calls they raised (see `raised_calls`).
    pub calls: u32,
    pub anonymised: bool,
}

/// Where a text mentions the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Mention {
    pub table: String,
    /// The row: its id, or `month/customer` for an invoice basis of a closed month.
    pub key: String,
    pub field: String,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub call_id: Option<i64>,
    /// The text around the first mention.
    pub excerpt: String,
}

/// Everything held about one contact person: for a request of access.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PersonRecord {
    pub person: PersonHit,
    pub role: String,
    pub may_request_changes: bool,
    /// The calls they raised, oldest first.
    pub calls: Vec<RaisedCall>,
    /// Other texts that mention their name, e-mail or phone.
    pub mentions: Vec<Mention>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RaisedCall {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub received_at: DateTime<Utc>,
    pub status: String,
    pub summary: String,
    pub description: String,
    pub resolution: String,
}

crate::enums::text_enum!(
    ErasureKind { Anonymise => "anonymise", Redact => "redact", Erase => "erase" }
);

/// A line of the erasure log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Erasure {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub at: DateTime<Utc>,
    pub kind: ErasureKind,
    /// Who did it (the team member's name), empty when not known.
    pub by: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub contact_id: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub customer_id: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub records: i64,
}

/// Contact persons whose name, e-mail or phone contains `text` (any case), by customer and name.
pub fn find_people(db: &Db, text: &str) -> Result<Vec<PersonHit>> {
    let needle = text.trim();
    if needle.is_empty() {
        return Err(Error::invalid("text", ProblemCode::Required, &[]));
    }
    let needle = [lowered(needle)];
    let mut hits: Vec<PersonHit> = people(db.conn(), None)?
        .into_iter()
        .filter(|p| [&p.name, &p.email, &p.phone].iter().any(|f| find(f, &needle).is_some()))
        .collect();
    for hit in &mut hits {
        hit.calls = raised_calls(db.conn(), hit)?.len().try_into().unwrap_or(u32::MAX);
    }
    hits.sort_by(|a, b| {
        (&a.customer, &a.name, a.contact_id).cmp(&(&b.customer, &b.name, b.contact_id))
    });
    Ok(hits)
}

fn people(conn: &Conn, id: Option<i64>) -> Result<Vec<PersonHit>> {
    conn.query_map(
        &format!(
            "SELECT contact.id, contact.customer_id, customer.name, contact.name, contact.email,
                    contact.phone, contact.anonymised_at IS NOT NULL
             FROM contact JOIN customer ON customer.id = contact.customer_id
             WHERE {}",
            if id.is_some() { "contact.id = ?1" } else { "?1 = 0" }
        ),
        params![id.unwrap_or(0)],
        |r| {
            Ok(PersonHit {
                contact_id: r.get(0)?,
                customer_id: r.get(1)?,
                customer: r.get(2)?,
                name: r.get(3)?,
                email: r.get(4)?,
                phone: r.get(5)?,
                anonymised: r.get(6)?,
                calls: 0,
            })
        },
    )
}

fn person(conn: &Conn, id: i64) -> Result<PersonHit> {
    let mut p = people(conn, Some(id))?.into_iter().next().ok_or_else(|| {
        Error::not_found("contact", ProblemCode::NoSuchContact, &[("id", id.to_string())])
    })?;
    p.calls = raised_calls(conn, &p)?.len().try_into().unwrap_or(u32::MAX);
    Ok(p)
}

/// What identifies the person in free text, in lower case: the name, the e-mail and the phone
/// number, each when long enough not to match ordinary words.
fn needles(p: &PersonHit) -> Vec<Vec<char>> {
    [&p.name, &p.email, &p.phone]
        .into_iter()
        .map(|s| s.trim())
        .filter(|s| s.chars().filter(|c| c.is_alphanumeric()).count() >= 4)
        .map(lowered)
        .collect()
}

/// `text` in lower case, as the needles are kept.
fn lowered(text: &str) -> Vec<char> {
    text.chars().flat_map(char::to_lowercase).collect()
}

/// The byte range of the first match of any needle in `text`, ignoring case.
fn find(text: &str, needles: &[Vec<char>]) -> Option<(usize, usize)> {
    text.char_indices().find_map(|(at, _)| {
        needles.iter().find_map(|n| matches_at(&text[at..], n).map(|len| (at, at + len)))
    })
}

/// The length in bytes of `needle` (lower case) at the start of `text`, ignoring case.
fn matches_at(text: &str, needle: &[char]) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    let mut want = needle.iter();
    let mut next = want.next();
    for (i, c) in text.char_indices() {
        for l in c.to_lowercase() {
            match next {
                Some(w) if *w == l => next = want.next(),
                _ => return None,
            }
        }
        if next.is_none() {
            return Some(i + c.len_utf8());
        }
    }
    None
}

/// `text` with every match of the needles replaced by [`REDACTED`]; `None` when nothing
/// matches.
fn redact(text: &str, needles: &[Vec<char>]) -> Option<String> {
    let mut out = String::new();
    let mut rest = text;
    let mut any = false;
    while let Some((start, end)) = find(rest, needles) {
        out.push_str(&rest[..start]);
        out.push_str(REDACTED);
        rest = &rest[end..];
        any = true;
    }
    any.then(|| out + rest)
}

fn excerpt(text: &str, (start, end): (usize, usize)) -> String {
    let from = text[..start].char_indices().rev().nth(39).map_or(0, |(i, _)| i);
    let to = text[end..].char_indices().nth(40).map_or(text.len(), |(i, _)| end + i);
    let mut s = text[from..to].split_whitespace().collect::<Vec<_>>().join(" ");
    if from > 0 {
        s.insert(0, '…');
    }
    if to < text.len() {
        s.push('…');
    }
    s
}

/// A table's free texts that may mention someone.
struct Texts {
    table: &'static str,
    /// Its key columns (as [`crate::db::copy`] pages it).
    keys: &'static [&'static str],
    /// The column of the call a row belongs to, if any.
    call: Option<&'static str>,
    columns: &'static [&'static str],
}

/// Every table's free texts that may mention someone.
const TEXTS: &[Texts] = &[
    Texts {
        table: "call",
        keys: &["id"],
        call: Some("id"),
        columns: &[
            "summary",
            "description",
            "troubleshooting_notes",
            "resolution",
            "contact_name",
            "escalation_reference",
        ],
    },
    Texts { table: "call_event", keys: &["id"], call: Some("call_id"), columns: &["detail"] },
    Texts { table: "time_entry", keys: &["id"], call: Some("call_id"), columns: &["note"] },
    Texts { table: "customer", keys: &["id"], call: None, columns: &["notes"] },
    Texts { table: "block_entry", keys: &["id"], call: None, columns: &["reason"] },
    Texts { table: "month_event", keys: &["id"], call: None, columns: &["reason"] },
    Texts {
        table: "closed_basis",
        keys: &["month", "customer_id"],
        call: None,
        columns: &["basis"],
    },
];

/// A text that mentions the person: where, and the text whole (to redact it).
struct Hit {
    mention: Mention,
    /// The row's key, typed, in the order of its [`TEXTS`] key columns.
    key: Vec<Value>,
    text: String,
}

/// Every text that mentions the person, in the order of [`TEXTS`], each table read in pages
/// by its key (a million calls are never held at once); `except_calls`' own rows (the calls
/// they raised, listed on their own) left out.
fn find_mentions(conn: &Conn, needles: &[Vec<char>], except_calls: &[i64]) -> Result<Vec<Hit>> {
    let mut out = Vec::new();
    if needles.is_empty() {
        return Ok(out);
    }
    for Texts { table, keys, call, columns: texts } in TEXTS {
        let mut columns: Vec<String> = keys.iter().map(|k| (*k).to_owned()).collect();
        if let Some(call) = call.filter(|c| !keys.contains(c)) {
            columns.push(call.to_owned());
        }
        let first_text = columns.len();
        columns.extend(texts.iter().map(|t| (*t).to_owned()));
        let call_at = call.map(|c| columns.iter().position(|k| k == c).expect("listed above"));
        crate::db::copy::each_page(conn, table, &keys.join(", "), &columns, |page| {
            for row in page {
                let call_id: Option<i64> = call_at.map(|at| row.get(at)).transpose()?;
                if *table == "call" && call_id.is_some_and(|c| except_calls.contains(&c)) {
                    continue;
                }
                let key = row.values()[..keys.len()].to_vec();
                for (i, field) in texts.iter().enumerate() {
                    let Some(text) = row.get::<Option<String>>(first_text + i)? else { continue };
                    let Some(range) = find(&text, needles) else { continue };
                    let shown: Vec<String> = key
                        .iter()
                        .map(|v| match v {
                            Value::Int(i) => i.to_string(),
                            Value::Text(t) => t.clone(),
                            other => other.to_string(),
                        })
                        .collect();
                    out.push(Hit {
                        mention: Mention {
                            table: (*table).to_owned(),
                            key: shown.join("/"),
                            field: (*field).to_owned(),
                            call_id,
                            excerpt: excerpt(&text, range),
                        },
                        key: key.clone(),
                        text,
                    });
                }
            }
            Ok(())
        })?;
    }
    Ok(out)
}

/// The calls `p` raised: linked to them, or logged with their name and no saved contact
/// (a call taken before they were saved as a contact).
fn raised_calls(conn: &Conn, p: &PersonHit) -> Result<Vec<RaisedCall>> {
    let name = lowered(p.name.trim());
    let rows = conn.query_map(
        "SELECT id, received_at, status, summary, description, resolution, contact_id, contact_name
         FROM call
         WHERE contact_id = ?1 OR (contact_id IS NULL AND customer_id = ?2 AND contact_name <> '')
         ORDER BY received_at, id",
        params![p.contact_id, p.customer_id],
        |r| {
            let linked = r.get::<Option<i64>>(6)?.is_some();
            let named: String = r.get(7)?;
            let same = !name.is_empty() && lowered(named.trim()) == name;
            if !(linked || same) {
                return Ok(None);
            }
            Ok(Some(RaisedCall {
                id: r.get(0)?,
                received_at: crate::calls::from_ts(r.get(1)?),
                status: r.get(2)?,
                summary: r.get(3)?,
                description: r.get(4)?,
                resolution: r.get(5)?,
            }))
        },
    )?;
    Ok(rows.into_iter().flatten().collect())
}

/// Everything held about contact `id`: their details, the calls they raised, and the texts
/// elsewhere that mention them.
pub fn person_record(db: &Db, id: i64) -> Result<PersonRecord> {
    db.conn().read(|conn| {
        let person = person(conn, id)?;
        let (role, may_request_changes) = conn.query_row(
            "SELECT role, may_request_changes FROM contact WHERE id = ?1",
            params![id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let calls = raised_calls(conn, &person)?;
        let ids: Vec<i64> = calls.iter().map(|c| c.id).collect();
        let mentions = find_mentions(conn, &needles(&person), &ids)?;
        let mentions = mentions.into_iter().map(|h| h.mention).collect();
        Ok(PersonRecord { person, role, may_request_changes, calls, mentions })
    })
}

/// What an erasure did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Erased {
    /// The log's new lines.
    pub logged: Vec<Erasure>,
    /// Texts that still mention the person (not redacted), for review.
    pub mentions: Vec<Mention>,
    /// False when another program (a CSP Desk window or command line) was reading the desk, so
    /// old copies of the erased texts stay in its write-ahead log until that program closes.
    pub scrubbed: bool,
}

/// Anonymises contact `id`; with `redact`, every text that mentions them too. Owners only.
pub fn anonymise(
    db: &mut Db,
    id: i64,
    redact_mentions: bool,
    now: DateTime<Utc>,
) -> Result<Erased> {
    let me = db.me()?.clone();
    crate::team::require_owner(&me, "contact")?;
    let erased = db.write(|tx| {
        let p = person(tx, id)?;
        let needles = needles(&p);
        let mut logged = Vec::new();
        let mut calls = 0;
        for call in raised_calls(tx, &p)? {
            calls += tx.execute(
                "UPDATE call SET contact_name = '' WHERE id = ?1 AND contact_name <> ''",
                params![call.id],
            )?;
        }
        tx.execute(
            "UPDATE contact SET name = '', email = '', phone = '', role = '',
                    may_request_changes = 0, anonymised_at = ?2
             WHERE id = ?1",
            params![id, now.timestamp()],
        )?;
        logged.push(log(tx, ErasureKind::Anonymise, &me, &p, 1 + calls as i64, now)?);
        finish(tx, logged, &needles, redact_mentions, &me, &p, now)
    })?;
    Ok(Erased { scrubbed: db.scrub()?, ..erased })
}

/// The end of an erasure: the texts that still mention the person, redacted (and logged) or
/// listed for review.
fn finish(
    tx: &Conn,
    mut logged: Vec<Erasure>,
    needles: &[Vec<char>],
    redact_mentions: bool,
    me: &crate::team::Person,
    p: &PersonHit,
    now: DateTime<Utc>,
) -> Result<Erased> {
    let found = find_mentions(tx, needles, &[])?;
    if !redact_mentions {
        let mentions = found.into_iter().map(|h| h.mention).collect();
        return Ok(Erased { logged, mentions, scrubbed: false });
    }
    let fields = redact_all(tx, &found, needles)?;
    if fields > 0 {
        logged.push(log(tx, ErasureKind::Redact, me, p, fields, now)?);
    }
    Ok(Erased { logged, mentions: Vec::new(), scrubbed: false })
}

/// Replaces each mention found with [`REDACTED`], by the row's typed key (its primary key's
/// index); returns the number of fields changed.
fn redact_all(tx: &Conn, found: &[Hit], needles: &[Vec<char>]) -> Result<i64> {
    let mut changed = 0;
    for hit in found {
        let Some(new) = redact(&hit.text, needles) else { continue };
        let keys =
            TEXTS.iter().find(|t| t.table == hit.mention.table).expect("hits come from TEXTS").keys;
        let at: Vec<String> =
            keys.iter().enumerate().map(|(i, k)| format!("{k} = ?{}", i + 2)).collect();
        let update = format!(
            "UPDATE {} SET {} = ?1 WHERE {}",
            hit.mention.table,
            hit.mention.field,
            at.join(" AND ")
        );
        let mut values: Vec<&dyn ToValue> = vec![&new];
        values.extend(hit.key.iter().map(|v| v as &dyn ToValue));
        changed += tx.execute(&update, &values)? as i64;
    }
    Ok(changed)
}

/// Deletes contact `id` with the calls they raised (their history and time go with them); with
/// `redact`, the texts elsewhere that mention them are redacted too. Refused while any of
/// those calls is in a closed billing month. Owners only.
pub fn erase_with_calls(
    db: &mut Db,
    id: i64,
    redact_mentions: bool,
    now: DateTime<Utc>,
) -> Result<Erased> {
    let me = db.me()?.clone();
    crate::team::require_owner(&me, "contact")?;
    let erased = db.write(|tx| {
        let p = person(tx, id)?;
        let needles = needles(&p);
        let raised: Vec<i64> = raised_calls(tx, &p)?.into_iter().map(|c| c.id).collect();
        if let Some(last) = crate::billing::closed_through(tx)? {
            let last = last.to_string();
            for &call in &raised {
                let month: Option<String> = tx.query_row(
                    "SELECT coalesce(
                            (SELECT min(billing_month) FROM time_entry
                             WHERE call_id = ?1 AND billing_month <= ?2),
                            (SELECT incident_month FROM call
                             WHERE id = ?1 AND incident_month <= ?2))",
                    params![call, last],
                    |r| r.get(0),
                )?;
                if let Some(month) = month {
                    return Err(Error::conflict(
                        "calls",
                        ProblemCode::CallInClosedMonth,
                        &[("call", call.to_string()), ("month", month)],
                    ));
                }
            }
        }
        let mut records = 1;
        for &call in &raised {
            let count = |sql: &str| tx.query_row(sql, params![call], |r| r.get::<i64>(0));
            records += 1
                + count("SELECT count(*) FROM call_event WHERE call_id = ?1")?
                + count("SELECT count(*) FROM time_entry WHERE call_id = ?1")?;
            tx.execute("DELETE FROM call WHERE id = ?1", params![call])?;
        }
        tx.execute("DELETE FROM contact WHERE id = ?1", params![id])?;
        let logged = vec![log(tx, ErasureKind::Erase, &me, &p, records, now)?];
        finish(tx, logged, &needles, redact_mentions, &me, &p, now)
    })?;
    Ok(Erased { scrubbed: db.scrub()?, ..erased })
}

fn log(
    tx: &Conn,
    kind: ErasureKind,
    me: &crate::team::Person,
    p: &PersonHit,
    records: i64,
    now: DateTime<Utc>,
) -> Result<Erasure> {
    tx.execute(
        "INSERT INTO erasure (at, person_id, kind, contact_id, customer_id, records)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![now.timestamp(), me.id, kind, p.contact_id, p.customer_id, records],
    )?;
    Ok(Erasure {
        at: now,
        kind,
        by: me.name.clone(),
        contact_id: p.contact_id,
        customer_id: p.customer_id,
        records,
    })
}

/// The erasure log, newest first.
pub fn erasure_log(db: &Db) -> Result<Vec<Erasure>> {
    db.conn().query_map(
        "SELECT erasure.at, erasure.kind, coalesce(person.name, ''), erasure.contact_id,
                erasure.customer_id, erasure.records
         FROM erasure LEFT JOIN person ON person.id = erasure.person_id
         ORDER BY erasure.at DESC, erasure.id DESC",
        &[],
        |r| {
            Ok(Erasure {
                at: crate::calls::from_ts(r.get(0)?),
                kind: r.get(1)?,
                by: r.get(2)?,
                contact_id: r.get(3)?,
                customer_id: r.get(4)?,
                records: r.get(5)?,
            })
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_are_found_and_redacted_in_any_case_and_script() {
        let needles = vec![lowered("Åsa Öberg"), lowered("asa.oberg@example.se")];
        let text = "Ringde ÅSA ÖBERG (Asa.Oberg@Example.se) igen; åsa öberg väntar.";
        assert_eq!(find(text, &needles), Some(("Ringde ".len(), "Ringde ÅSA ÖBERG".len())));
        assert_eq!(redact(text, &needles).unwrap(), "Ringde […] ([…]) igen; […] väntar.");
        assert_eq!(redact("Nothing here", &needles), None);
        let long = format!("{} Åsa Öberg {}", "x".repeat(100), "y".repeat(100));
        let e = excerpt(&long, find(&long, &needles).unwrap());
        assert!(e.starts_with('…') && e.ends_with('…') && e.contains("Åsa Öberg"), "{e}");
    }
}
