//! `cspdesk customer …`, `cspdesk call …` and `cspdesk demo`: the call log from the command line.

use chrono::{DateTime, Local, Utc};
use cspdesk::calls::{
    self, Action, CallFilter, CallRow, CallSort, Channel, Escalation, Hint, NewCall, Service,
    Status,
};
use cspdesk::customers::{self, Contact, Customer, CustomerRelationship};
use cspdesk::db::Location;
use cspdesk::offering::EscalationCategory;
use cspdesk::{Db, Result};

use crate::output::{json, json_text};
use crate::{open, Access, At, CallCommand, CustomerCommand, TeamCommand};
use cspdesk::team::{self, Role};

/// RFC 3339, or a local wall-clock time "YYYY-MM-DD HH:MM" in this computer's time zone.
pub fn parse_time(field: &str, s: &str) -> Result<DateTime<Utc>> {
    cspdesk::when::parse_instant(field, s, crate::local_zone())
}

fn at(a: &At, now: DateTime<Utc>) -> Result<DateTime<Utc>> {
    a.at.as_deref().map_or(Ok(now), |s| parse_time("--at", s))
}

pub fn customer(path: &Location, command: CustomerCommand) -> Result<()> {
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
            let mut db = open(path, Access::Create)?;
            let plan_id = match plan {
                Some(name) => crate::plan_id(&db, &name)?,
                None => cspdesk::offering::default_plan_id(&db)?,
            };
            let contacts = contact
                .map(|name| Contact {
                    id: None,
                    name,
                    email: contact_email,
                    phone: contact_phone,
                    role: String::new(),
                    may_request_changes: false,
                    anonymised: false,
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
                language: None,
                version: None,
            };
            outln!("{}", customers::add_customer(&mut db, &c, Utc::now())?);
        }
        CustomerCommand::List { all, limit, offset, json: as_json } => {
            let list =
                customers::list_customers(&open(path, Access::Existing)?, all, limit, offset)?;
            if as_json {
                json(&list);
            } else {
                for c in list {
                    let archived = if c.archived { "  (archived)" } else { "" };
                    outln!(
                        "{:>6}  {:<40} {:<36} {:<14} {} open{archived}",
                        c.id,
                        c.name,
                        c.tenant_domain,
                        c.plan,
                        c.open_calls
                    );
                }
            }
        }
        CustomerCommand::Export { id, out } => {
            let db = open(path, Access::Existing)?;
            let record = cspdesk::privacy::customer_record(&db, id)?;
            crate::clean_up_on_interrupt(&out);
            let text = json_text(&record);
            cspdesk::files::write_atomically("--out", &out, text.as_bytes(), path.file())?;
            outln!(
                "Wrote {}: {}, {} contacts, {} calls.",
                out.display(),
                record.customer.name,
                record.customer.contacts.len(),
                record.calls.len()
            );
        }
        CustomerCommand::Users { id, users, from } => {
            crate::month_end::users(path, id, users, from.as_deref())?;
        }
        CustomerCommand::Show { id, json: as_json } => {
            let c = customers::get_customer(&open(path, Access::Existing)?, id)?;
            if as_json {
                json(&c);
            } else {
                outln!(
                    "{}\nTenant:   {} {}\nPlan id:  {}",
                    c.name,
                    c.tenant_domain,
                    c.tenant_id.as_deref().unwrap_or(""),
                    c.plan_id
                );
                for k in c.contacts {
                    outln!("Contact:  {} {} {} {}", k.name, k.email, k.phone, k.role);
                }
            }
        }
    }
    Ok(())
}

pub fn call(path: &Location, command: CallCommand) -> Result<()> {
    let now = Utc::now();
    // Every option is read before the database is opened: bad input changes nothing.
    let (id, actions, when) = match command {
        CallCommand::Log {
            customer,
            severity,
            summary,
            description,
            channel,
            service,
            contact,
            assign,
            at: when,
        } => {
            let mut call = NewCall {
                customer_id: customer,
                received_at: at(&when, now)?,
                channel: Channel::parse("--channel", &channel)?,
                contact_id: None,
                contact_name: contact,
                service: Service::parse("--service", &service)?,
                severity,
                summary,
                description,
                assignee: None,
            };
            let mut db = open(path, Access::Existing)?;
            call.assignee = assign.map(|login| person_id(&db, "--assign", &login)).transpose()?;
            let id = calls::log_call(&mut db, &call, now)?;
            let row = calls::get_call(&db, id, now)?.row;
            outln!("{id}");
            eprintln!(
                "First response due {}; resolution due {}",
                due(&row.first_response.due),
                due(&row.resolution.due)
            );
            return Ok(());
        }
        CallCommand::Show { id, json: as_json } => {
            let c = calls::get_call(&open(path, Access::Existing)?, id, now)?;
            if as_json {
                json(&c);
            } else {
                print_row(&c.row);
                outln!("Contact: {} ({})\n{}", c.contact, c.channel, c.description);
                outln!(
                    "Logged by: {}\nAssigned to: {}",
                    c.logged_by.as_deref().unwrap_or("—"),
                    c.row.assignee.as_deref().unwrap_or("no one")
                );
                for e in &c.events {
                    let at = e.at.with_timezone(&Local).format("%Y-%m-%d %H:%M");
                    let by =
                        e.by.as_deref()
                            .filter(|b| !b.is_empty())
                            .map(|b| format!("  ({b})"))
                            .unwrap_or_default();
                    outln!("  {at}  {}{by}", happened(&e.what));
                }
                for t in &c.time_entries {
                    let at = t.at.with_timezone(&Local).format("%Y-%m-%d %H:%M");
                    let billable = if t.billable { "" } else { ", not billable" };
                    outln!(
                        "  {at}  {} min{billable}  {}  {}",
                        t.minutes,
                        t.by.as_deref().unwrap_or(""),
                        t.note
                    );
                }
            }
            return Ok(());
        }
        CallCommand::List {
            status,
            customer,
            mine,
            unassigned,
            assignee,
            severity,
            overdue,
            due_soon,
            from,
            to,
            search,
            sort,
            limit,
            offset,
            after,
            json: as_json,
        } => {
            let db = open(path, Access::Existing)?;
            let assignee = match (mine, assignee) {
                (true, _) => Some(db.me()?.id),
                (false, Some(login)) => Some(person_id(&db, "--assignee", &login)?),
                (false, None) => None,
            };
            let filter = CallFilter {
                statuses: status
                    .iter()
                    .map(|s| Status::parse("--status", s))
                    .collect::<Result<_>>()?,
                customer_id: customer,
                assignee,
                unassigned,
                severity,
                overdue,
                due_soon,
                from: from.map(|s| parse_time("--from", &s)).transpose()?,
                to: to.map(|s| parse_time("--to", &s)).transpose()?,
                query: search,
                sort: sort.map(|s| CallSort::parse("--sort", &s)).transpose()?,
                after,
            };
            let rows = calls::list_calls(&db, &filter, now, limit, offset)?;
            if as_json {
                json(&rows);
            } else {
                rows.iter().for_each(print_row);
            }
            return Ok(());
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
            let mut actions = Vec::new();
            if let Some(reference) = health {
                actions.push(Action::Health { reference, known_issue });
            }
            if let Some(notes) = notes {
                actions.push(Action::Troubleshoot { notes });
            }
            if let Some(minutes) = minutes {
                actions.push(Action::Time { minutes, billable: !not_billable, note: time_note });
            }
            if let Some(s) = status {
                actions.push(Action::SetStatus { status: Status::parse("--status", &s)? });
            }
            if actions.is_empty() {
                return Err(cspdesk::Error::invalid(
                    "update",
                    cspdesk::problem::ProblemCode::NothingToDo,
                    &[("options", "--status, --health, --notes or --minutes".into())],
                ));
            }
            (id, actions, when)
        }
        CallCommand::Respond { id, at: when } => (id, vec![Action::Respond], when),
        CallCommand::Wait { id, at: when } => (id, vec![Action::Wait], when),
        CallCommand::Resume { id, at: when } => (id, vec![Action::Resume], when),
        CallCommand::Resolve { id, resolution, at: when } => {
            (id, vec![Action::Resolve { resolution }], when)
        }
        CallCommand::Assign { id, to, nobody: _, at: when } => {
            let when = at(&when, now)?;
            let mut db = open(path, Access::Existing)?;
            let to = to.map(|login| person_id(&db, "--to", &login)).transpose()?;
            calls::apply(&mut db, id, &[Action::Assign { to }], when, now)?;
            return Ok(());
        }
        CallCommand::Escalate { id, microsoft, provider: _, reference, at: when } => {
            let escalation = match microsoft {
                Some(category) => Escalation::Microsoft {
                    category: EscalationCategory::parse("--microsoft", &category)?,
                    reference,
                },
                None => Escalation::Provider { reference },
            };
            (id, vec![Action::Escalate { escalation }], when)
        }
    };
    let when = at(&when, now)?;
    let mut db = open(path, Access::Existing)?;
    for hint in calls::apply(&mut db, id, &actions, when, now)? {
        eprintln!(
            "note: {}",
            match hint {
                Hint::CheckServiceHealthFirst => "service health was not checked first; record it with `call update --health`",
                Hint::EscalateViaProvider => "you are an indirect reseller: escalations usually go to your indirect provider (--provider)",
            }
        );
    }
    Ok(())
}

fn due(d: &Option<DateTime<Utc>>) -> String {
    d.map_or_else(
        || "—".to_owned(),
        |t| t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string(),
    )
}

fn print_row(r: &CallRow) {
    outln!(
        "{:>7}  {}  {:<3} {:<17} {:<28} {:<50}  {:<16}  response {} ({:?})  resolution {} ({:?})",
        r.id,
        r.received_at.with_timezone(&Local).format("%Y-%m-%d %H:%M"),
        r.severity,
        r.status.code(),
        r.customer.chars().take(28).collect::<String>(),
        r.summary.chars().take(50).collect::<String>(),
        r.assignee.as_deref().unwrap_or("-").chars().take(16).collect::<String>(),
        due(&r.first_response.due),
        r.first_response.state,
        due(&r.resolution.due),
        r.resolution.state,
    );
}

pub fn demo(path: &Location, customers: u32, calls: u32, seed: u64) -> Result<()> {
    let mut db: Db = open(path, Access::Create)?;
    let started = std::time::Instant::now();
    let made = cspdesk::demo::fill(
        &mut db,
        &cspdesk::demo::DemoSize { customers, calls, seed },
        Utc::now(),
    )?;
    outln!(
        "Added {} customers and {} calls in {:.1} s",
        made.customers,
        made.calls,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// A history entry as a line of English.
fn happened(what: &calls::Happened) -> String {
    use calls::{EscalationTarget, Happened};
    match what {
        Happened::Status { status } => format!("status {status}"),
        Happened::Responded {} => "responded".into(),
        Happened::Health { reference, known_issue } => {
            let finding = if *known_issue { "known issue" } else { "no known issue" };
            format!("service health checked: {} {finding}", reference).replace(":  ", ": ")
        }
        Happened::Troubleshooting {} => "troubleshooting notes saved".into(),
        Happened::Escalated { to, category, reference } => {
            let to = match to {
                EscalationTarget::Provider => "the indirect provider",
                _ => "Microsoft",
            };
            let category = category.map(|c| format!(" ({c})")).unwrap_or_default();
            format!("escalated to {to}{category}: {reference}")
        }
        Happened::Assigned { to: Some(_), name } => format!("assigned to {name}"),
        Happened::Assigned { to: None, .. } => "unassigned".into(),
    }
}

/// The person a login names ("me": whoever is signed in); a problem of `option` otherwise.
fn person_id(db: &Db, option: &str, login: &str) -> Result<i64> {
    if login.eq_ignore_ascii_case("me") {
        return Ok(db.me()?.id);
    }
    team::find(db, login).map(|p| p.id).map_err(|mut e| {
        for p in e.problems_mut() {
            p.field = option.to_owned();
        }
        e
    })
}

pub fn team(path: &Location, command: TeamCommand) -> Result<()> {
    match command {
        TeamCommand::List { json: as_json } => {
            let people = team::list(&open(path, Access::Existing)?)?;
            if as_json {
                json(&people);
            } else {
                for p in people {
                    let state = if p.active { "" } else { "  (disabled)" };
                    outln!(
                        "{:<24} {:<32} {}{state}",
                        p.login.as_deref().unwrap_or("-"),
                        p.name,
                        p.role
                    );
                }
            }
        }
        TeamCommand::Whoami { json: as_json } => {
            let db = open(path, Access::Existing)?;
            let me = db.me()?;
            if as_json {
                json(me);
            } else {
                outln!(
                    "{} ({}, {})",
                    me.name,
                    me.login.as_deref().unwrap_or("the desk's owner"),
                    me.role
                );
            }
        }
        TeamCommand::Add { login, role, name, password_stdin } => {
            let role = Role::parse("--role", &role)?;
            // Read before anything is written; never a prompt (stdin may be a script's pipe).
            let password = if password_stdin {
                let mut line = String::new();
                std::io::stdin()
                    .read_line(&mut line)
                    .map_err(|e| cspdesk::Error::Io { path: "standard input".into(), source: e })?;
                Some(line.trim_end_matches(['\r', '\n']).to_owned())
            } else {
                None
            };
            let mut db = open(path, Access::Existing)?;
            let generated = match &password {
                Some(_) => None,
                None if team::find(&db, &login).is_err() && !login_exists(&db, &login)? => {
                    let mut random = [0u8; 20];
                    getrandom::fill(&mut random).map_err(|e| {
                        cspdesk::Error::Database(format!("no random numbers for a password: {e}"))
                    })?;
                    Some(team::generated_password(&random))
                }
                None => None,
            };
            let added = team::add(
                &mut db,
                &login,
                &name,
                role,
                password.as_deref().or(generated.as_deref()),
            )?;
            match (&generated, added.login_created) {
                (Some(pw), true) => {
                    eprintln!(
                        "Added {} as {}. Their first password (shown once; they sign in with it):",
                        login, role
                    );
                    outln!("{pw}");
                }
                (_, true) => eprintln!("Added {} as {}, with the password given.", login, role),
                (_, false) => eprintln!(
                    "Added the existing login {} as {}; its password is unchanged.",
                    login, role
                ),
            }
        }
        TeamCommand::Disable { login } => {
            let p = team::disable(&mut open(path, Access::Existing)?, &login, Utc::now())?;
            eprintln!(
                "{} ({}) can no longer sign in; their calls and time stay theirs.",
                p.name, login
            );
        }
        TeamCommand::Enable { login } => {
            let p = team::enable(&mut open(path, Access::Existing)?, &login)?;
            eprintln!("{} ({}) can sign in and work again, as {}.", p.name, login, p.role);
        }
        TeamCommand::SetName { name } => {
            let me = team::set_my_name(&mut open(path, Access::Existing)?, &name)?;
            eprintln!("You are shown as {}.", me.name);
        }
    }
    Ok(())
}

/// Whether the server already has a login of this name (then `team add` sets no password).
fn login_exists(db: &Db, login: &str) -> Result<bool> {
    team::login_exists(db, login)
}
