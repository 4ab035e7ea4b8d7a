//! `cspdesk report billing`, `cspdesk month …`, `cspdesk block …`, `cspdesk billing …` and
//! `cspdesk customer users`: month end from the command line.

use std::path::PathBuf;

use chrono::Utc;
use clap::Subcommand;
use cspdesk::billing::{self, text, Basis, Month};
use cspdesk::db::Location;
use cspdesk::settings::Language;
use cspdesk::Result;

use crate::output::json;
use crate::{open, Access};

#[derive(Subcommand)]
pub enum ReportCommand {
    /// What to bill each customer for a month (the invoice basis).
    Billing {
        /// The month, YYYY-MM. Default: last month.
        #[arg(long)]
        month: Option<String>,
        /// One customer, by id. Default: every customer with something to bill.
        #[arg(long)]
        customer: Option<i64>,
        /// Print JSON instead of text.
        #[arg(long, conflicts_with_all = ["csv", "pdf"])]
        json: bool,
        /// Write the lines as CSV for Excel or the accounting program.
        #[arg(long, value_name = "FILE.csv", conflicts_with = "pdf")]
        csv: Option<PathBuf>,
        /// Write one customer's invoice basis as a PDF (needs --customer). Default language:
        /// the customer's.
        #[arg(long, value_name = "FILE.pdf", requires = "customer")]
        pdf: Option<PathBuf>,
        /// Paper size of the PDF: a4 or letter.
        #[arg(long, default_value = "a4")]
        paper: String,
        /// Language of the text and the CSV (sv: `;` and decimal comma). Default: the profile's
        /// document language.
        #[arg(long)]
        lang: Option<String>,
    },
    /// How the desk kept its promises: per severity, per customer and in total, first response
    /// and resolution met, breached and running, % on time, median and 90th percentile.
    Sla {
        #[command(flatten)]
        period: Period,
        #[arg(long)]
        json: bool,
        /// The language of the report, its headings and the severity names: sv or en.
        /// Default: the profile's document language.
        #[arg(long)]
        lang: Option<String>,
    },
    /// Calls received and resolved per week, by service and channel, escalations, hours per
    /// customer.
    Workload {
        #[command(flatten)]
        period: Period,
        #[arg(long)]
        json: bool,
        /// The language of the report, its headings and the names of services, channels and
        /// kinds of escalation: sv or en. Default: the profile's document language.
        #[arg(long)]
        lang: Option<String>,
    },
    /// Time entries as CSV (for Excel): whose work is in the month or range.
    Time {
        #[command(flatten)]
        period: Period,
        #[arg(long, value_name = "FILE.csv")]
        csv: PathBuf,
        /// sv: `;` and decimal comma; en: `,` and `.`. Default: the profile's document language.
        #[arg(long)]
        lang: Option<String>,
    },
    /// Calls received in the month or range as CSV (for Excel).
    Calls {
        #[command(flatten)]
        period: Period,
        #[arg(long, value_name = "FILE.csv")]
        csv: PathBuf,
        #[arg(long)]
        lang: Option<String>,
    },
    /// A customer's monthly service report as a PDF, in the customer's language.
    Service {
        #[arg(long)]
        month: Option<String>,
        #[arg(long)]
        customer: i64,
        #[arg(long, value_name = "FILE.pdf")]
        pdf: PathBuf,
        #[arg(long)]
        lang: Option<String>,
        #[arg(long, default_value = "a4")]
        paper: String,
    },
}

/// The months a report covers, and whose.
#[derive(clap::Args)]
pub struct Period {
    /// The first month, YYYY-MM. Default: last month.
    #[arg(long)]
    month: Option<String>,
    /// The last month of a range (default: --month).
    #[arg(long)]
    to: Option<String>,
    /// One customer, by id. Default: all.
    #[arg(long)]
    customer: Option<i64>,
}

impl Period {
    /// The first and last month.
    fn range(&self) -> Result<(Month, Month)> {
        let from = month_or("--month", self.month.as_deref(), 1)?;
        let to = match &self.to {
            Some(t) => Month::parse("--to", t)?,
            None => from,
        };
        Ok((from, to))
    }
}

#[derive(Subcommand)]
pub enum MonthCommand {
    /// Close a month for billing (owners): its invoice bases are kept as they are now, and
    /// time added for it later is billed in the next open month. Earlier open months close with
    /// it.
    Close { month: String },
    /// Reopen the latest closed month (owners), with the reason; recorded.
    Reopen {
        month: String,
        #[arg(long)]
        reason: String,
    },
    /// The closed months and every close and reopen.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum BlockCommand {
    /// Record a block of hours a customer bought (owners). Default: the plan's block.
    Add {
        #[arg(long)]
        customer: i64,
        /// The month it is billed in, YYYY-MM. Default: this month.
        #[arg(long)]
        month: Option<String>,
        #[arg(long)]
        hours: Option<u32>,
        /// Its price, e.g. 8500 or 8500,00 (in the plan's currency).
        #[arg(long)]
        price: Option<String>,
    },
    /// Add hours to (or, negative, take hours from) a customer's block, with the reason.
    Adjust {
        #[arg(long)]
        customer: i64,
        /// The month, YYYY-MM. Default: this month.
        #[arg(long)]
        month: Option<String>,
        /// Hours, e.g. 2 or -1,5.
        #[arg(long, allow_hyphen_values = true)]
        hours: String,
        #[arg(long)]
        reason: String,
    },
    /// A customer's blocks, adjustments and the balance of a month.
    Show {
        #[arg(long)]
        customer: i64,
        /// Default: this month.
        #[arg(long)]
        month: Option<String>,
        #[arg(long)]
        json: bool,
        /// sv or en. Default: the profile's document language.
        #[arg(long)]
        lang: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum BillingCommand {
    /// The VAT rate and the article codes.
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Change the VAT rate or article codes (owners); what is not given stays.
    Set {
        /// VAT in percent, e.g. 25 or 12,5.
        #[arg(long)]
        vat: Option<String>,
        #[arg(long)]
        article_hourly: Option<String>,
        #[arg(long)]
        article_incident: Option<String>,
        #[arg(long)]
        article_monthly: Option<String>,
        #[arg(long)]
        article_block: Option<String>,
        #[arg(long)]
        article_overage: Option<String>,
    },
}

/// `--lang` when given, else the profile's document language.
fn lang_or_profile(db: &cspdesk::Db, lang: Option<Language>) -> Result<Language> {
    match lang {
        Some(l) => Ok(l),
        None => Ok(cspdesk::offering::load_profile(db)?.document_language),
    }
}

/// `--month`, or the month `now` is in on this computer's clocks, stepped back `back` months.
fn month_or(field: &str, month: Option<&str>, back: u32) -> Result<Month> {
    match month {
        Some(m) => Month::parse(field, m),
        None => {
            let mut m = Month::of(Utc::now(), crate::local_zone());
            for _ in 0..back {
                m = m.previous();
            }
            Ok(m)
        }
    }
}

pub fn report(path: &Location, command: ReportCommand) -> Result<()> {
    match command {
        ReportCommand::Sla { period, json: as_json, lang } => {
            let (from, to) = period.range()?;
            let lang = lang.as_deref().map(Language::parse).transpose()?;
            let db = open(path, Access::Existing)?;
            let r = cspdesk::reports::sla_report(&db, from, to, period.customer, Utc::now())?;
            if as_json {
                json(&r);
                return Ok(());
            }
            // One language throughout: the headings and the partner's severity names alike.
            let lang = lang_or_profile(&db, lang)?;
            let sv = lang == Language::Sv;
            let until = if sv { "till" } else { "to" };
            outln!(
                "SLA {from}{}",
                if to == from { String::new() } else { format!(" {until} {to}") }
            );
            outln!(
                "  {:<28} {:>6}   {:<34} {}",
                "",
                if sv { "ärenden" } else { "calls" },
                if sv {
                    "första svar: i tid/missade/pågående, andel i tid"
                } else {
                    "first response: met/breached/running, on time"
                },
                if sv { "lösning" } else { "resolution" }
            );
            let row = |name: &str, f: &cspdesk::reports::SlaFigures| {
                let clock = |c: &cspdesk::reports::ClockFigures| {
                    let pct = c.on_time_percent.map_or("–".to_owned(), |p| format!("{p:.0} %"));
                    let median = c.median_minutes.map_or("–".to_owned(), |m| format!("{m} min"));
                    format!("{}/{}/{} {pct:>5}, median {median}", c.met, c.breached, c.running)
                };
                outln!(
                    "  {:<28} {:>6}   {:<34} {}",
                    cut(name, 28),
                    f.calls,
                    clock(&f.first_response),
                    clock(&f.resolution)
                );
            };
            for s in &r.severities {
                row(&format!("{} {}", s.code, s.name.or_other(lang)), &s.figures);
            }
            for c in &r.customers {
                row(&c.customer, &c.figures);
            }
            row(if sv { "Totalt" } else { "Total" }, &r.total);
            Ok(())
        }
        ReportCommand::Workload { period, json: as_json, lang } => {
            use cspdesk::reports::service::{category_name, channel_name, service_name};
            let (from, to) = period.range()?;
            let lang = lang.as_deref().map(Language::parse).transpose()?;
            let db = open(path, Access::Existing)?;
            let r = cspdesk::reports::workload_report(&db, from, to, period.customer)?;
            if as_json {
                json(&r);
                return Ok(());
            }
            let lang = lang_or_profile(&db, lang)?;
            let sv = lang == Language::Sv;
            let say = |en: &'static str, sv_text: &'static str| if sv { sv_text } else { en };
            let (received, resolved) = (say("received", "mottagna"), say("resolved", "lösta"));
            let until = say("to", "till");
            outln!(
                "{} {from}{}",
                say("Workload", "Arbetsbelastning"),
                if to == from { String::new() } else { format!(" {until} {to}") }
            );
            outln!("  {received} {}, {resolved} {}", r.received, r.resolved);
            outln!("{}", say("Per week", "Per vecka"));
            for w in &r.weeks {
                outln!(
                    "  {}-W{:02}  {received} {:>6}  {resolved} {:>6}",
                    w.iso_year,
                    w.week,
                    w.received,
                    w.resolved
                );
            }
            outln!("{}", say("Per service", "Per tjänst"));
            for s in &r.services {
                outln!(
                    "  {:<26} {received} {:>6}  {resolved} {:>6}",
                    service_name(s.service, lang),
                    s.received,
                    s.resolved
                );
            }
            outln!("{}", say("Per channel", "Per kanal"));
            for c in &r.channels {
                outln!(
                    "  {:<26} {received} {:>6}  {resolved} {:>6}",
                    channel_name(c.channel, lang),
                    c.received,
                    c.resolved
                );
            }
            let e = &r.escalations;
            outln!(
                "{} Microsoft {}, {} {}",
                say("Escalated to", "Eskalerade till"),
                e.microsoft_total,
                say("to the provider", "till leverantören"),
                e.provider
            );
            for c in &e.microsoft {
                outln!("  {:<26} {:>6}", category_name(c.category, lang), c.calls);
            }
            let (billable, not) =
                (text::hours(r.billable_minutes, lang), text::hours(r.non_billable_minutes, lang));
            // "h" in both languages here, as the report has always printed it.
            outln!(
                "{}: {} {billable} h, {} {not} h",
                say("Time", "Tid"),
                say("billable", "debiterbar"),
                say("not billable", "inte debiterbar")
            );
            Ok(())
        }
        ReportCommand::Time { period, csv, lang } => {
            export_csv(path, &period, &csv, lang.as_deref(), billing::time_csv)
        }
        ReportCommand::Calls { period, csv, lang } => {
            export_csv(path, &period, &csv, lang.as_deref(), billing::calls_csv)
        }
        ReportCommand::Service { month, customer, pdf, lang, paper } => {
            let month = month_or("--month", month.as_deref(), 1)?;
            let lang = lang.as_deref().map(Language::parse).transpose()?;
            let paper = cspdesk::terms::Paper::parse("--paper", &paper)?;
            let db = open(path, Access::Existing)?;
            let made = cspdesk::reports::service::service_report_pdf(
                &db,
                customer,
                month,
                lang,
                paper,
                Utc::now(),
            )?;
            crate::clean_up_on_interrupt(&pdf);
            cspdesk::files::write_atomically("--pdf", &pdf, &made.rendered.bytes, path.file())?;
            outln!(
                "Wrote {} ({} pages, {})",
                pdf.display(),
                made.rendered.pages,
                made.language.code()
            );
            Ok(())
        }
        ReportCommand::Billing { month, customer, json: as_json, csv, pdf, paper, lang } => {
            let month = month_or("--month", month.as_deref(), 1)?;
            let lang = lang.as_deref().map(Language::parse).transpose()?;
            let paper = cspdesk::terms::Paper::parse("--paper", &paper)?;
            let db = open(path, Access::Existing)?;
            if let (Some(out), Some(id)) = (pdf, customer) {
                let made = billing::pdf::basis_pdf(&db, id, month, lang, paper)?;
                crate::clean_up_on_interrupt(&out);
                cspdesk::files::write_atomically("--pdf", &out, &made.rendered.bytes, path.file())?;
                outln!("Wrote {} ({} pages)", out.display(), made.rendered.pages);
                return Ok(());
            }
            let lang = lang_or_profile(&db, lang)?;
            let bases = match customer {
                Some(id) => vec![billing::basis(&db, id, month)?],
                None => billing::month_bases(&db, month)?,
            };
            if let Some(out) = csv {
                crate::clean_up_on_interrupt(&out);
                let bytes = billing::basis_csv(&bases, lang);
                cspdesk::files::write_atomically("--csv", &out, &bytes, path.file())?;
                let lines: usize = bases.iter().map(|b| b.lines.len()).sum();
                outln!("Wrote {} ({lines} lines, {} customers)", out.display(), bases.len());
            } else if as_json {
                json(&bases);
            } else {
                print_bases(&bases, month, lang);
            }
            Ok(())
        }
    }
}

type CsvOf = fn(&cspdesk::Db, Month, Month, Option<i64>, Language) -> Result<Vec<u8>>;

/// Writes `period`'s rows made by `rows` as CSV in `lang` (default: the profile's document
/// language) to `out`.
fn export_csv(
    path: &Location,
    period: &Period,
    out: &std::path::Path,
    lang: Option<&str>,
    rows: CsvOf,
) -> Result<()> {
    let (from, to) = period.range()?;
    let lang = lang.map(Language::parse).transpose()?;
    let db = open(path, Access::Existing)?;
    let lang = lang_or_profile(&db, lang)?;
    let bytes = rows(&db, from, to, period.customer, lang)?;
    crate::clean_up_on_interrupt(out);
    cspdesk::files::write_atomically("--csv", out, &bytes, path.file())?;
    let lines = bytes.iter().filter(|b| **b == b'\n').count().saturating_sub(1);
    outln!("Wrote {} ({lines} rows)", out.display());
    Ok(())
}

fn print_bases(bases: &[Basis], month: Month, lang: Language) {
    if bases.is_empty() {
        outln!("Nothing to bill for {month}.");
        return;
    }
    let mut totals: std::collections::BTreeMap<&str, (i64, i64, i64)> = Default::default();
    for b in bases {
        let closed = if b.closed { "  (closed)" } else { "" };
        outln!("{} (#{}) — {} {}{closed}", b.customer, b.customer_id, b.plan.get(lang), b.month);
        if b.users_missing {
            outln!("  ! licensed users not set for {month}: cspdesk customer users {} N --from {month}", b.customer_id);
        }
        for l in &b.lines {
            outln!(
                "  {:<60} {:>8} {:<4} {:>10} {:>12}",
                cut(&text::describe(l, lang), 60),
                text::quantity(l, lang),
                text::unit(l.unit, lang),
                text::amount(l.unit_price, lang),
                text::amount(l.amount, lang)
            );
        }
        if let Some(k) = b.block {
            outln!(
                "  Block: starting {} + bought {} + adjustments {} - used {} = remaining {} h{}",
                text::hours(k.starting, lang),
                text::hours(k.bought, lang),
                text::hours(k.adjustments, lang),
                text::hours(k.used, lang),
                text::hours(k.remaining, lang),
                if k.expired > 0 {
                    format!(" ({} h expire)", text::hours(k.expired, lang))
                } else {
                    String::new()
                }
            );
        }
        outln!(
            "  Net {} {c}, VAT {} % {} {c}, total {} {c}{}",
            text::amount(b.net, lang),
            text::percent(b.vat_rate, lang),
            text::amount(b.vat, lang),
            text::amount(b.total, lang),
            if b.prices_include_vat { " (prices include VAT)" } else { "" },
            c = b.currency
        );
        let t = totals.entry(b.currency.as_str()).or_default();
        t.0 += b.net;
        t.1 += b.vat;
        t.2 += b.total;
    }
    for (currency, (net, vat, total)) in totals {
        outln!(
            "All customers, {currency}: net {}, VAT {}, total {}",
            text::amount(net, lang),
            text::amount(vat, lang),
            text::amount(total, lang)
        );
    }
}

fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        let mut c: String = s.chars().take(n - 1).collect();
        c.push('…');
        c
    }
}

pub fn month(path: &Location, command: MonthCommand) -> Result<()> {
    match command {
        MonthCommand::Close { month } => {
            let month = Month::parse("MONTH", &month)?;
            let mut db = open(path, Access::Existing)?;
            let closed = billing::close_month(&mut db, month, Utc::now())?;
            let names: Vec<String> = closed.iter().map(Month::to_string).collect();
            outln!("Closed {}", names.join(", "));
        }
        MonthCommand::Reopen { month, reason } => {
            let month = Month::parse("MONTH", &month)?;
            let mut db = open(path, Access::Existing)?;
            billing::reopen_month(&mut db, month, &reason, Utc::now())?;
            outln!("Reopened {month}");
        }
        MonthCommand::List { json: as_json } => {
            let db = open(path, Access::Existing)?;
            let closed = billing::closed_months(&db)?;
            let log = billing::month_log(&db)?;
            if as_json {
                json(&serde_json::json!({ "closed": closed, "log": log }));
                return Ok(());
            }
            match closed.first() {
                Some(latest) => outln!("Closed through {}", latest.month),
                None => outln!("No month is closed."),
            }
            let zone = crate::local_zone();
            for e in log {
                let at = e.at.with_timezone(&zone).format("%Y-%m-%d %H:%M");
                let reason =
                    if e.reason.is_empty() { String::new() } else { format!(": {}", e.reason) };
                let by = if e.by.is_empty() { "—" } else { e.by.as_str() };
                outln!("{}  {} {} by {by}{reason}", at, e.month, e.kind.code());
            }
        }
    }
    Ok(())
}

pub fn block(path: &Location, command: BlockCommand) -> Result<()> {
    match command {
        BlockCommand::Add { customer, month, hours, price } => {
            let month = month_or("--month", month.as_deref(), 0)?;
            let price =
                price.as_deref().map(|p| text::parse_hundredths("--price", p)).transpose()?;
            let mut db = open(path, Access::Existing)?;
            billing::add_block(&mut db, customer, month, hours, price, Utc::now())?;
            outln!("Recorded a block for customer {customer} in {month}");
        }
        BlockCommand::Adjust { customer, month, hours, reason } => {
            let month = month_or("--month", month.as_deref(), 0)?;
            let minutes = billing::minutes_of_hours(text::parse_hundredths("--hours", &hours)?);
            let mut db = open(path, Access::Existing)?;
            billing::adjust_block(&mut db, customer, month, minutes, &reason, Utc::now())?;
            outln!("Adjusted the block of customer {customer} in {month}");
        }
        BlockCommand::Show { customer, month, json: as_json, lang } => {
            let month = month_or("--month", month.as_deref(), 0)?;
            let lang = lang.as_deref().map(Language::parse).transpose()?;
            let db = open(path, Access::Existing)?;
            let entries = billing::block_entries(&db, customer)?;
            let basis = billing::basis(&db, customer, month)?;
            if as_json {
                json(
                    &serde_json::json!({ "entries": entries, "month": month, "balance": basis.block }),
                );
                return Ok(());
            }
            let lang = lang_or_profile(&db, lang)?;
            let sv = lang == Language::Sv;
            let say = |en: &'static str, sv_text: &'static str| if sv { sv_text } else { en };
            let h = |minutes: i64| text::hours(minutes, lang);
            // "h" / "tim", as an invoice shows the unit.
            let unit = text::unit(billing::Unit::Hour, lang);
            for e in &entries {
                let what = match e.kind {
                    billing::BlockEntryKind::Bought => format!(
                        "{} {} {unit} {} {} {}",
                        say("bought", "köpt"),
                        h(e.minutes),
                        say("for", "för"),
                        text::amount(e.price, lang),
                        basis.currency
                    ),
                    billing::BlockEntryKind::Adjustment => {
                        format!(
                            "{} {} {unit}: {}",
                            say("adjusted", "justerat"),
                            h(e.minutes),
                            e.reason
                        )
                    }
                };
                let by = if e.by.is_empty() { "—" } else { e.by.as_str() };
                outln!("{}  {what} ({} {by})", e.month, say("by", "av"));
            }
            match basis.block {
                Some(k) => outln!(
                    "{month}: {} {} + {} {} + {} {} - {} {} = {} {} {unit}",
                    say("starting", "ingående"),
                    h(k.starting),
                    say("bought", "köpt"),
                    h(k.bought),
                    say("adjustments", "justeringar"),
                    h(k.adjustments),
                    say("used", "använt"),
                    h(k.used),
                    say("remaining", "kvar"),
                    h(k.remaining)
                ),
                None => outln!(
                    "{}",
                    say(
                        "The customer's plan is not a block of hours.",
                        "Kundens plan är ingen timbank."
                    )
                ),
            }
            if let Some(s) = billing::block_status(&db, customer, Utc::now())?.filter(|s| s.low) {
                let (left, threshold) = (h(s.remaining_minutes), s.low_balance_hours.unwrap_or(0));
                outln!(
                    "{}: {left} {unit} {}, {} {threshold} {unit}",
                    say("Warning", "Varning"),
                    say("left this month", "kvar den här månaden"),
                    say("fewer than the plan's", "färre än planens")
                );
            }
        }
    }
    Ok(())
}

pub fn settings(path: &Location, command: BillingCommand) -> Result<()> {
    match command {
        BillingCommand::Show { json: as_json } => {
            let db = open(path, Access::Existing)?;
            let s = billing::billing_settings(&db)?;
            if as_json {
                json(&s);
                return Ok(());
            }
            let a = &s.articles;
            outln!("VAT:              {} %", text::percent(s.vat_rate, Language::En));
            for (name, code) in [
                ("hourly", &a.hourly),
                ("incident", &a.incident),
                ("monthly", &a.monthly),
                ("block", &a.block),
                ("overage", &a.overage),
            ] {
                outln!("Article {name:<9} {}", if code.is_empty() { "—" } else { code });
            }
        }
        BillingCommand::Set {
            vat,
            article_hourly,
            article_incident,
            article_monthly,
            article_block,
            article_overage,
        } => {
            let vat = vat.as_deref().map(|v| text::parse_hundredths("--vat", v)).transpose()?;
            let mut db = open(path, Access::Existing)?;
            let mut s = billing::billing_settings(&db)?;
            if let Some(v) = vat {
                s.vat_rate = u32::try_from(v).unwrap_or(u32::MAX);
            }
            let a = &mut s.articles;
            for (slot, value) in [
                (&mut a.hourly, article_hourly),
                (&mut a.incident, article_incident),
                (&mut a.monthly, article_monthly),
                (&mut a.block, article_block),
                (&mut a.overage, article_overage),
            ] {
                if let Some(v) = value {
                    *slot = v;
                }
            }
            billing::save_billing_settings(&mut db, &s)?;
            outln!("Saved the billing settings");
        }
    }
    Ok(())
}

/// `cspdesk customer users ID N --from MONTH`.
pub fn users(path: &Location, id: i64, users: u32, from: Option<&str>) -> Result<()> {
    let from = month_or("--from", from, 0)?;
    let mut db = open(path, Access::Existing)?;
    cspdesk::customers::set_licensed_users(&mut db, id, from, users)?;
    outln!("Customer {id} has {users} licensed users from {from}");
    Ok(())
}
