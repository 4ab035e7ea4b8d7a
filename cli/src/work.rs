//! `cspdesk customer …`, `cspdesk call …` and `cspdesk demo`: the call log from the command line.

use std::path::Path;

use chrono::{DateTime, Local, LocalResult, NaiveDateTime, TimeZone, Utc};
use cspdesk::calls::{
    self, CallFilter, CallRow, Channel, Escalation, Hint, NewCall, Service, Status,
};
use cspdesk::customers::{self, Contact, Customer, CustomerRelationship};
use cspdesk::offering::EscalationCategory;
use cspdesk::{Db, Error, Result};

use crate::{At, CallCommand, CustomerCommand};

fn open(path: &Path) -> Result<Db> {
    if !path.exists() {
        return Err(Error::NotFound(format!(
            "there is no database at {}; start the app once or pass --db",
            path.display()
        )));
    }
    Db::open(path)
}

fn json(value: &impl serde::Serialize) {
    println!("{}", serde_json::to_string_pretty(value).expect("JSON of plain data"));
}

/// RFC 3339, or a local wall-clock time "YYYY-MM-DD HH:MM" in this computer's time zone.
pub fn parse_time(field: &str, s: &str) -> Result<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    let naive = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M"))
        .map_err(|_| Error::validation(field, format!("'{s}' is not a time; expected 2026-11-23T10:00:00+01:00 or \"2026-11-23 10:00\"")))?;
    match Local.from_local_datetime(&naive) {
        LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(a, b) => Err(Error::validation(
            field,
            format!("'{s}' happens twice here (the clocks go back); give the offset: {} or {}", a.to_rfc3339(), b.to_rfc3339()),
        )),
        LocalResult::None => Err(Error::validation(
            field,
            format!("'{s}' does not exist here (the clocks jump forward then); give a time before or after the change"),
        )),
    }
}

fn at(a: &At) -> Result<DateTime<Utc>> {
    a.at.as_deref().map_or_else(|| Ok(Utc::now()), |s| parse_time("--at", s))
}

pub fn customer(path: &Path, command: CustomerCommand) -> Result<()> {
    match command {
        CustomerCommand::Add {
            name,
            domain,
            tenant_id,
            registration_number,
            via_provider,
            plan,
            notes,
            contact,
            contact_email,
            contact_phone,
        } => {
            let mut db = open(path)?;
            let plan_id = match plan {
                Some(name) => {
                    cspdesk::offering::plan_by_name(&db, &name)?.map(|(id, _)| id).ok_or_else(
                        || Error::validation("--plan", format!("there is no plan called '{name}'")),
                    )?
                }
                None => cspdesk::offering::list_plans(&db)?
                    .into_iter()
                    .find(|p| p.is_default)
                    .map(|p| p.id)
                    .ok_or_else(|| {
                        Error::NotFound(
                            "there is no default plan; start the app once, or import an offering"
                                .into(),
                        )
                    })?,
            };
            let contacts = contact
                .map(|name| Contact {
                    id: None,
                    name,
                    email: contact_email,
                    phone: contact_phone,
                    role: String::new(),
                    may_request_changes: false,
                })
                .into_iter()
                .collect();
            let c = Customer {
                name,
                tenant_domain: domain,
                tenant_id,
                registration_number,
                relationship: if via_provider {
                    CustomerRelationship::ViaProvider
                } else {
                    CustomerRelationship::Direct
                },
                plan_id,
                notes,
                contacts,
            };
            println!("{}", customers::add_customer(&mut db, &c, Utc::now())?);
        }
        CustomerCommand::List { all, limit, offset, json: as_json } => {
            let list = customers::list_customers(&open(path)?, all, limit, offset)?;
            if as_json {
                json(&list);
            } else {
                for c in list {
                    let archived = if c.archived { "  (archived)" } else { "" };
                    println!(
                        "{:>6}  {:<40} {:<36} {:<14} {} open{archived}",
                        c.id, c.name, c.tenant_domain, c.plan, c.open_calls
                    );
                }
            }
        }
        CustomerCommand::Show { id, json: as_json } => {
            let c = customers::get_customer(&open(path)?, id)?;
            if as_json {
                json(&c);
            } else {
                println!(
                    "{}\nTenant:   {} {}\nPlan id:  {}",
                    c.name,
                    c.tenant_domain,
                    c.tenant_id.as_deref().unwrap_or(""),
                    c.plan_id
                );
                for k in c.contacts {
                    println!("Contact:  {} {} {} {}", k.name, k.email, k.phone, k.role);
                }
            }
        }
    }
    Ok(())
}

pub fn call(path: &Path, command: CallCommand) -> Result<()> {
    let mut db = open(path)?;
    let now = Utc::now();
    match command {
        CallCommand::Log {
            customer,
            severity,
            summary,
            description,
            channel,
            service,
            contact,
            at: when,
        } => {
            let call = NewCall {
                customer_id: customer,
                received_at: at(&when)?,
                channel: Channel::parse("--channel", &channel)?,
                contact_id: None,
                contact_name: contact,
                service: Service::parse("--service", &service)?,
                severity,
                summary,
                description,
            };
            let id = calls::log_call(&mut db, &call, now)?;
            let row = calls::get_call(&db, id, now)?.row;
            println!("{id}");
            eprintln!(
                "First response due {}; resolution due {}",
                due(&row.first_response.due),
                due(&row.resolution.due)
            );
        }
        CallCommand::Show { id, json: as_json } => {
            let c = calls::get_call(&db, id, now)?;
            if as_json {
                json(&c);
            } else {
                print_row(&c.row);
                println!("Contact: {} ({})\n{}", c.contact, c.channel, c.description);
                for e in &c.events {
                    println!(
                        "  {}  {} {}",
                        e.at.with_timezone(&Local).format("%Y-%m-%d %H:%M"),
                        e.kind,
                        e.detail
                    );
                }
            }
        }
        CallCommand::List {
            status,
            customer,
            severity,
            overdue,
            due_soon,
            from,
            to,
            search,
            sort,
            limit,
            offset,
            json: as_json,
        } => {
            let sort = sort
                .map(|s| {
                    serde_json::from_value(serde_json::Value::String(s.trim().to_ascii_lowercase())).map_err(|_| {
                        Error::validation("--sort", format!("'{s}' is not an order; expected newest, oldest, due, severity or customer"))
                    })
                })
                .transpose()?;
            let filter = CallFilter {
                statuses: status
                    .iter()
                    .map(|s| Status::parse("--status", s))
                    .collect::<Result<_>>()?,
                customer_id: customer,
                severity,
                overdue,
                due_soon,
                from: from.map(|s| parse_time("--from", &s)).transpose()?,
                to: to.map(|s| parse_time("--to", &s)).transpose()?,
                query: search,
                sort,
            };
            let rows = calls::list_calls(&db, &filter, now, limit, offset)?;
            if as_json {
                json(&rows);
            } else {
                rows.iter().for_each(print_row);
            }
        }
        CallCommand::Update {
            id,
            status,
            health,
            known_issue,
            notes,
            minutes,
            not_billable,
            time_note,
            at: when,
        } => {
            let when = at(&when)?;
            let mut did = false;
            if let Some(reference) = health {
                calls::check_service_health(&mut db, id, &reference, known_issue, when)?;
                did = true;
            }
            if let Some(notes) = notes {
                calls::troubleshoot(&mut db, id, &notes, when)?;
                did = true;
            }
            if let Some(m) = minutes {
                calls::add_time(&mut db, id, m, !not_billable, &time_note, when)?;
                did = true;
            }
            if let Some(s) = status {
                calls::set_call_status(&mut db, id, Status::parse("--status", &s)?, when)?;
                did = true;
            }
            if !did {
                return Err(Error::validation(
                    "update",
                    "nothing to do; give --status, --health, --notes or --minutes",
                ));
            }
        }
        CallCommand::Respond { id, at: when } => calls::respond(&mut db, id, at(&when)?)?,
        CallCommand::Wait { id, at: when } => calls::wait_on_customer(&mut db, id, at(&when)?)?,
        CallCommand::Resume { id, at: when } => calls::resume(&mut db, id, at(&when)?)?,
        CallCommand::Resolve { id, resolution, at: when } => {
            calls::resolve(&mut db, id, &resolution, at(&when)?)?
        }
        CallCommand::Escalate { id, microsoft, provider: _, reference, at: when } => {
            let escalation = match microsoft {
                Some(category) => {
                    Escalation::Microsoft { category: category_of(&category)?, reference }
                }
                None => Escalation::Provider { reference },
            };
            for hint in calls::escalate(&mut db, id, &escalation, at(&when)?)? {
                eprintln!(
                    "note: {}",
                    match hint {
                        Hint::CheckServiceHealthFirst => "service health was not checked first; record it with `call update --health`",
                        Hint::EscalateViaProvider => "you are an indirect reseller: escalations usually go to your indirect provider (--provider)",
                    }
                );
            }
        }
    }
    Ok(())
}

fn category_of(s: &str) -> Result<EscalationCategory> {
    serde_json::from_value(serde_json::Value::String(s.trim().to_ascii_lowercase())).map_err(|_| {
        Error::validation("--microsoft", format!("'{s}' is not a category; expected undocumented, unavailable, defect, network or regional"))
    })
}

fn due(d: &Option<DateTime<Utc>>) -> String {
    d.map_or_else(
        || "—".to_owned(),
        |t| t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string(),
    )
}

fn print_row(r: &CallRow) {
    println!(
        "{:>7}  {}  {:<3} {:<17} {:<28} {:<50}  response {} ({:?})  resolution {} ({:?})",
        r.id,
        r.received_at.with_timezone(&Local).format("%Y-%m-%d %H:%M"),
        r.severity,
        r.status.code(),
        r.customer.chars().take(28).collect::<String>(),
        r.summary.chars().take(50).collect::<String>(),
        due(&r.first_response.due),
        r.first_response.state,
        due(&r.resolution.due),
        r.resolution.state,
    );
}

pub fn demo(path: &Path, customers: u32, calls: u32, seed: u64) -> Result<()> {
    let mut db = Db::open(path)?;
    let started = std::time::Instant::now();
    let made = cspdesk::demo::fill(
        &mut db,
        &cspdesk::demo::DemoSize { customers, calls, seed },
        Utc::now(),
    )?;
    println!(
        "Added {} customers and {} calls in {:.1} s",
        made.customers,
        made.calls,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
