//! Everything held about one customer, for the customer when it leaves (a request of access on
//! its behalf, or its records to take along): its details and contacts, and every call with its
//! history and time. The whole desk's archive is `db::archive`; this is one customer's share.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::customers::Customer;
use crate::{params, Db, Result};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerRecord {
    pub format: &'static str,
    pub version: u32,
    pub id: i64,
    pub customer: Customer,
    pub calls: Vec<CallRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CallRecord {
    pub id: i64,
    pub received_at: DateTime<Utc>,
    pub status: String,
    pub severity: String,
    pub contact: String,
    pub summary: String,
    pub description: String,
    pub troubleshooting_notes: String,
    pub resolution: String,
    pub resolved_at: Option<DateTime<Utc>>,
    pub history: Vec<EventRecord>,
    pub time: Vec<TimeRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventRecord {
    pub at: DateTime<Utc>,
    pub kind: String,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TimeRecord {
    pub at: DateTime<Utc>,
    pub minutes: i64,
    pub billable: bool,
    pub note: String,
}

/// Customer `id`'s record, calls oldest first, read in one consistent snapshot.
pub fn customer_record(db: &Db, id: i64) -> Result<CustomerRecord> {
    let from_ts = crate::calls::from_ts;
    db.conn().read(|conn| {
        let customer = crate::customers::read_customer(conn, id)?;
        let mut calls = conn.query_map(
            "SELECT call.id, call.received_at, call.status, severity.code,
                    coalesce(contact.name, call.contact_name), call.summary, call.description,
                    call.troubleshooting_notes, call.resolution, call.resolved_at
             FROM call JOIN severity ON severity.id = call.severity_id
                  LEFT JOIN contact ON contact.id = call.contact_id
             WHERE call.customer_id = ?1 ORDER BY call.received_at, call.id",
            params![id],
            |r| {
                Ok(CallRecord {
                    id: r.get(0)?,
                    received_at: from_ts(r.get(1)?),
                    status: r.get(2)?,
                    severity: r.get(3)?,
                    contact: r.get(4)?,
                    summary: r.get(5)?,
                    description: r.get(6)?,
                    troubleshooting_notes: r.get(7)?,
                    resolution: r.get(8)?,
                    resolved_at: r.get::<Option<i64>>(9)?.map(from_ts),
                    history: Vec::new(),
                    time: Vec::new(),
                })
            },
        )?;
        let events = conn.query_map(
            "SELECT call_event.call_id, call_event.at, call_event.kind, call_event.detail
             FROM call_event JOIN call ON call.id = call_event.call_id
             WHERE call.customer_id = ?1 ORDER BY call_event.call_id, call_event.at, call_event.id",
            params![id],
            |r| {
                let call: i64 = r.get(0)?;
                Ok((
                    call,
                    EventRecord { at: from_ts(r.get(1)?), kind: r.get(2)?, detail: r.get(3)? },
                ))
            },
        )?;
        let times = conn.query_map(
            "SELECT time_entry.call_id, time_entry.at, time_entry.minutes, time_entry.billable,
                    time_entry.note
             FROM time_entry JOIN call ON call.id = time_entry.call_id
             WHERE call.customer_id = ?1 ORDER BY time_entry.call_id, time_entry.at, time_entry.id",
            params![id],
            |r| {
                let call: i64 = r.get(0)?;
                Ok((
                    call,
                    TimeRecord {
                        at: from_ts(r.get(1)?),
                        minutes: r.get(2)?,
                        billable: r.get(3)?,
                        note: r.get(4)?,
                    },
                ))
            },
        )?;
        let index: std::collections::HashMap<i64, usize> =
            calls.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
        for (call, e) in events {
            calls[index[&call]].history.push(e);
        }
        for (call, t) in times {
            calls[index[&call]].time.push(t);
        }
        Ok(CustomerRecord { format: "cspdesk-customer", version: 1, id, customer, calls })
    })
}
