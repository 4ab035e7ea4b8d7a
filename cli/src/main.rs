//! `cspdesk`: the command-line face of CSP Desk, thin over the core library.
//!
//! Every command opens the database given by `--db` (or `CSPDESK_DB`), falling back to the file
//! the desktop app uses, does one thing, and prints the result for people or, with `--json`, for
//! scripts. Errors go to stderr with exit code 1 (bad input) or 2 (storage).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[macro_use]
mod output;
mod backups;
mod month_end;
mod privacy;
mod work;
use cspdesk::db::Location;
use cspdesk::{Db, ErrorKind};

/// Must match `identifier` in src-tauri/tauri.conf.json: the desktop app keeps its database in
/// the OS data folder under this name.
const APP_IDENTIFIER: &str = "se.cspdesk.desk";
const DB_FILE_NAME: &str = "cspdesk.sqlite3";

#[derive(Parser)]
#[command(name = "cspdesk", version, about = "CSP Desk from the command line", long_about = None)]
struct Cli {
    /// The database: a file, or a team server as a URL (postgres://anna@desk.example.se/cspdesk;
    /// TLS is required unless the URL says sslmode=disable). Default: the desktop app's
    /// database file in the OS data folder.
    #[arg(long, global = true, env = "CSPDESK_DB", value_name = "FILE")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Show where the database is, its schema version and what it holds.
    Info {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Back up and restore: `backup --out FILE` writes a consistent copy (safe while the app
    /// is running); `backup now|list|show|restore` work with the app's backup folder.
    #[command(args_conflicts_with_subcommands = true, arg_required_else_help = true)]
    Backup {
        /// Where to write the copy. An existing file is not overwritten.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        #[command(subcommand)]
        command: Option<backups::BackupCommand>,
    },
    /// Export or import the support offering (profile and plans) as JSON.
    #[command(subcommand)]
    Offering(OfferingCommand),
    /// Move a whole desk between a file and a team server (either way).
    #[command(subcommand)]
    Db(DbCommand),
    /// Requests about a customer's contact person (GDPR): find, export, anonymise, erase.
    #[command(subcommand)]
    Person(privacy::PersonCommand),
    /// The erasure log: what was erased, when and by whom (never the erased data).
    #[command(subcommand)]
    Erasure(privacy::ErasureCommand),
    /// Everything out as one JSON file (docs/archive-format.md), and back into an empty desk.
    #[command(subcommand)]
    Archive(ArchiveCommand),
    /// Write the customer-facing support-terms sheet as a PDF.
    Terms {
        /// The PDF file to write.
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        /// Language of the sheet: sv or en. Default: the document language of the profile.
        #[arg(long)]
        lang: Option<String>,
        /// Paper size: a4 or letter.
        #[arg(long, default_value = "a4")]
        paper: String,
        /// The plan to describe, by name. Default: the default plan.
        #[arg(long, conflicts_with = "customer")]
        plan: Option<String>,
        /// Make the sheet for one customer (by id), with that customer's plan.
        #[arg(long)]
        customer: Option<i64>,
        /// The date the terms take effect (YYYY-MM-DD). Default: today.
        #[arg(long)]
        date: Option<String>,
    },
    /// Add, list and show customers.
    #[command(subcommand)]
    Customer(CustomerCommand),
    /// Log and work support calls.
    #[command(subcommand)]
    Call(CallCommand),
    /// The people of a team desk: who you are, adding and disabling technicians and owners.
    #[command(subcommand)]
    Team(TeamCommand),
    /// Month-end reports: what to bill (the invoice basis).
    #[command(subcommand)]
    Report(month_end::ReportCommand),
    /// Close and reopen billing months.
    #[command(subcommand)]
    Month(month_end::MonthCommand),
    /// Prepaid blocks of hours: buy, adjust, show.
    #[command(subcommand)]
    Block(month_end::BlockCommand),
    /// The VAT rate and the article codes of invoice lines.
    #[command(subcommand)]
    Billing(month_end::BillingCommand),
    /// Fill the database with realistic, reproducible demo data.
    Demo {
        #[arg(long, default_value_t = 20)]
        customers: u32,
        #[arg(long, default_value_t = 200)]
        calls: u32,
        /// The same seed gives the same data.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// List the closed days of a national holiday calendar.
    Holidays {
        /// SE, NO, DK, FI, DE, GB (England and Wales) or US (federal).
        #[arg(long)]
        country: String,
        #[arg(long)]
        year: i32,
        /// Language of the holiday names.
        #[arg(long, default_value = "en")]
        lang: String,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

// Parsed once per run: the size of a variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum CustomerCommand {
    /// Add a customer; prints its id.
    Add {
        #[arg(long)]
        name: String,
        /// Tenant primary domain, e.g. contoso.onmicrosoft.com.
        #[arg(long, default_value = "")]
        domain: String,
        /// Tenant ID (GUID).
        #[arg(long)]
        tenant_id: Option<String>,
        #[arg(long, default_value = "")]
        registration_number: String,
        /// Billed via our indirect provider (default: billed directly by us).
        #[arg(long)]
        via_provider: bool,
        /// The plan, by name. Default: the default plan.
        #[arg(long)]
        plan: Option<String>,
        #[arg(long, default_value = "")]
        notes: String,
        /// A contact person: name.
        #[arg(long)]
        contact: Option<String>,
        #[arg(long, default_value = "")]
        contact_email: String,
        #[arg(long, default_value = "")]
        contact_phone: String,
    },
    /// List customers by name.
    List {
        /// Include archived customers.
        #[arg(long)]
        all: bool,
        #[arg(long, default_value_t = 100)]
        limit: u32,
        #[arg(long, default_value_t = 0)]
        offset: u32,
        #[arg(long)]
        json: bool,
    },
    /// Show one customer with its contacts.
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Everything held about one customer, as JSON, for the customer when it leaves: its
    /// details and contacts, and every call with its history and time.
    Export {
        id: i64,
        #[arg(long, value_name = "FILE.json")]
        out: PathBuf,
    },
    /// Set a customer's licensed users from a month on (what a per-user plan bills).
    Users {
        id: i64,
        users: u32,
        /// The first month of this count, YYYY-MM. Default: this month.
        #[arg(long)]
        from: Option<String>,
    },
}

#[derive(Subcommand)]
enum TeamCommand {
    /// Everyone on the desk, with their role and whether they may sign in.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Who you are signed in as.
    Whoami {
        #[arg(long)]
        json: bool,
    },
    /// Add a person (owners only, team server only). The login is created on the server with
    /// a generated first password, printed once, unless --password-stdin gives one. A login
    /// that already exists on the server is only added to the team.
    Add {
        /// The login, exactly as given (e.g. anna).
        login: String,
        /// owner or technician.
        #[arg(long)]
        role: String,
        /// The name others see (default: the login).
        #[arg(long, default_value = "")]
        name: String,
        /// Read the first password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Stop a person signing in (owners only). Their open calls become unassigned; what they
    /// did stays, attributed to them.
    Disable { login: String },
    /// Let a disabled person sign in and work again (owners only).
    Enable { login: String },
    /// Set the name you are shown by.
    SetName { name: String },
}

#[derive(Subcommand)]
enum CallCommand {
    /// Log a call; prints its id and due times.
    Log {
        #[arg(long)]
        customer: i64,
        /// Severity code of the customer's plan, e.g. A.
        #[arg(long)]
        severity: String,
        #[arg(long)]
        summary: String,
        #[arg(long, default_value = "")]
        description: String,
        /// phone, email, portal, chat or on_site.
        #[arg(long, default_value = "phone")]
        channel: String,
        /// exchange_online, sharepoint_online, onedrive, teams, entra_id, intune, defender,
        /// m365_apps, azure, dynamics_365, power_platform, billing or other.
        #[arg(long, default_value = "other")]
        service: String,
        /// Who called.
        #[arg(long, default_value = "")]
        contact: String,
        /// Who works the call: a login of the team, or "me". Default: no one yet.
        #[arg(long, value_name = "LOGIN")]
        assign: Option<String>,
        #[command(flatten)]
        at: At,
    },
    /// Show a call with its triage, history, time and clocks.
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// List calls, newest first (best match first with --search).
    List {
        /// Comma-separated statuses: new, in_progress, waiting_customer, waiting_microsoft,
        /// waiting_provider, resolved, closed.
        #[arg(long, value_delimiter = ',')]
        status: Vec<String>,
        #[arg(long)]
        customer: Option<i64>,
        /// Only the calls assigned to you.
        #[arg(long, conflicts_with_all = ["unassigned", "assignee"])]
        mine: bool,
        /// Only the calls nobody is assigned to.
        #[arg(long, conflicts_with = "assignee")]
        unassigned: bool,
        /// Only the calls of this login.
        #[arg(long, value_name = "LOGIN")]
        assignee: Option<String>,
        #[arg(long)]
        severity: Option<String>,
        /// Only calls past a due time.
        #[arg(long)]
        overdue: bool,
        /// Only calls with a clock at 80 % or more of its target.
        #[arg(long)]
        due_soon: bool,
        /// Received on or after this time.
        #[arg(long)]
        from: Option<String>,
        /// Received before this time.
        #[arg(long)]
        to: Option<String>,
        /// Words to find in summary, description, notes, resolution and customer name.
        #[arg(long)]
        search: Option<String>,
        /// newest, oldest, due (nearest due time first), severity or customer.
        #[arg(long)]
        sort: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long, default_value_t = 0)]
        offset: u32,
        /// The calls after this one in the list's order (the next page, from the last id shown:
        /// as quick far down a long list as at the top).
        #[arg(long)]
        after: Option<i64>,
        #[arg(long)]
        json: bool,
    },
    /// Record a triage step or time on a call, or change its status.
    Update {
        id: i64,
        /// New status (in_progress reopens a resolved or closed call).
        #[arg(long)]
        status: Option<String>,
        /// Service health checked: the incident or advisory id (e.g. EX123456); "" for none.
        #[arg(long)]
        health: Option<String>,
        /// With --health: the problem is a known issue.
        #[arg(long)]
        known_issue: bool,
        /// Troubleshooting notes.
        #[arg(long)]
        notes: Option<String>,
        /// Minutes of work to log.
        #[arg(long)]
        minutes: Option<u32>,
        /// With --minutes: not billable.
        #[arg(long)]
        not_billable: bool,
        #[arg(long, default_value = "")]
        time_note: String,
        #[command(flatten)]
        at: At,
    },
    /// Record the first response.
    Respond {
        id: i64,
        #[command(flatten)]
        at: At,
    },
    /// Wait on the customer (pauses the resolution clock).
    Wait {
        id: i64,
        #[command(flatten)]
        at: At,
    },
    /// Resume work after waiting.
    Resume {
        id: i64,
        #[command(flatten)]
        at: At,
    },
    /// Resolve a call.
    Resolve {
        id: i64,
        #[arg(long)]
        resolution: String,
        #[command(flatten)]
        at: At,
    },
    /// Give a call to someone on the team (or to no one).
    Assign {
        id: i64,
        /// A login of the team, or "me".
        #[arg(
            long,
            value_name = "LOGIN",
            required_unless_present = "nobody",
            conflicts_with = "nobody"
        )]
        to: Option<String>,
        /// Unassign the call.
        #[arg(long)]
        nobody: bool,
        #[command(flatten)]
        at: At,
    },
    /// Escalate to Microsoft (with a category) or to the indirect provider.
    Escalate {
        id: i64,
        /// Microsoft, in this category: undocumented, unavailable, defect, network, regional.
        #[arg(long, conflicts_with = "provider", required_unless_present = "provider")]
        microsoft: Option<String>,
        /// The indirect provider.
        #[arg(long)]
        provider: bool,
        /// The service-request number or ticket reference.
        #[arg(long)]
        reference: String,
        #[command(flatten)]
        at: At,
    },
}

/// When a change happened; default now. Scripts replay history with it.
#[derive(clap::Args)]
struct At {
    /// RFC 3339 (2026-11-23T10:00:00+01:00) or local "YYYY-MM-DD HH:MM".
    #[arg(long = "at")]
    at: Option<String>,
}

#[derive(Subcommand)]
enum DbCommand {
    /// Copy everything (profile, plans, customers, contacts, calls with their history and time
    /// entries, settings) into a new file or an empty server database, keeping every id. One
    /// transaction on the target; each table is counted and checksummed on both sides. The
    /// source is only read.
    Copy {
        /// The desk to copy: a file, or a postgres:// URL.
        #[arg(long, value_name = "FILE|URL")]
        from: PathBuf,
        /// Where to: a new file, or an empty database on a server (a postgres:// URL).
        #[arg(long, value_name = "FILE|URL")]
        to: PathBuf,
        /// Print the tables copied as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum ArchiveCommand {
    /// Write the whole desk (profile, plans, customers, contacts, calls with their history,
    /// time, ledgers, closed months, settings, the logo) to FILE.
    Export {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Fill an empty desk (a new file, or an empty server database) from an archive. All or
    /// nothing: an archive with any problem changes nothing and says where it is.
    Import {
        file: PathBuf,
        /// Print the tables read as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum OfferingCommand {
    /// Write the offering as JSON (format: docs/offering-format.md) to a file or to stdout.
    Export {
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Replace the offering with a file's. All or nothing: a file with any problem changes nothing.
    Import { file: PathBuf },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version are answers; every other parsing error is bad input (exit 1).
            use clap::error::ErrorKind as Clap;
            let code = match e.kind() {
                Clap::DisplayHelp | Clap::DisplayVersion => 0,
                _ => 1,
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let path = match cli.db {
        Some(path) => path,
        None => match default_db_path() {
            Some(path) => path,
            None => {
                eprintln!(
                    "error: cannot find the OS data folder; pass the database with --db FILE"
                );
                return ExitCode::from(2);
            }
        },
    };
    let location = Location::parse(path.as_os_str()).with_password(pg_password());
    match run(&location, cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(mut e) => {
            for p in e.problems_mut() {
                p.field = option_name(&p.field);
            }
            if e.problems().is_empty() {
                eprintln!("error: {e}");
            }
            for p in e.problems() {
                eprintln!("error: {p}");
            }
            ExitCode::from(match e.kind() {
                ErrorKind::Validation | ErrorKind::NotFound | ErrorKind::Conflict => 1,
                ErrorKind::Storage => 2,
            })
        }
    }
}

/// The option a person typed for a field the core names (`receivedAt` is `--at`). Paths into
/// a file (`plans[0].name`) are left as they are.
fn option_name(field: &str) -> String {
    let option = match field {
        "at" | "receivedAt" => "--at",
        "customerId" => "--customer",
        "contactName" => "--contact",
        "healthReference" => "--health",
        "troubleshootingNotes" => "--notes",
        "note" => "--time-note",
        "tenantDomain" => "--domain",
        "tenantId" => "--tenant-id",
        "registrationNumber" => "--registration-number",
        "contacts[0].name" => "--contact",
        "contacts[0].email" => "--contact-email",
        "contacts[0].phone" => "--contact-phone",
        "planId" | "plan" => "--plan",
        "language" => "--lang",
        "effective" => "--date",
        "customer" => "--customer",
        "vatRate" => "--vat",
        "articles.hourly" => "--article-hourly",
        "articles.incident" => "--article-incident",
        "articles.monthly" => "--article-monthly",
        "articles.block" => "--article-block",
        "articles.overage" => "--article-overage",
        "summary" | "description" | "severity" | "minutes" | "resolution" | "reference"
        | "status" | "name" | "notes" | "customers" | "calls" | "out" | "channel" | "service"
        | "sort" | "country" | "year" | "paper" | "after" | "to" | "from" | "login" | "role"
        | "password" | "assignee" | "month" | "hours" | "price" | "reason" | "users" | "db" => {
            return format!("--{field}")
        }
        _ => return field.to_owned(),
    };
    option.to_owned()
}

fn run(path: &Location, command: Command) -> cspdesk::Result<()> {
    match command {
        Command::Info { json } => info(path, json),
        Command::Backup { out: Some(out), .. } => backup(path, &out),
        Command::Backup { command: Some(c), .. } => backups::run(path, c),
        Command::Backup { .. } => Err(cspdesk::Error::invalid(
            "out",
            cspdesk::problem::ProblemCode::NothingToDo,
            &[("options", "--out FILE, or now, list, show or restore".into())],
        )),
        Command::Offering(OfferingCommand::Export { out }) => offering_export(path, out.as_deref()),
        Command::Offering(OfferingCommand::Import { file }) => offering_import(path, &file),
        Command::Archive(ArchiveCommand::Export { out }) => archive_export(path, &out),
        Command::Archive(ArchiveCommand::Import { file, json }) => {
            archive_import(path, &file, json)
        }
        Command::Db(DbCommand::Copy { from, to, json }) => db_copy(
            &Location::parse(from.as_os_str()).with_password(pg_password()),
            &Location::parse(to.as_os_str()).with_password(pg_password()),
            json,
        ),
        Command::Holidays { country, year, lang, json } => holidays(&country, year, &lang, json),
        Command::Customer(c) => work::customer(path, c),
        Command::Person(c) => privacy::person(path, c),
        Command::Erasure(c) => privacy::erasure(path, c),
        Command::Report(c) => month_end::report(path, c),
        Command::Month(c) => month_end::month(path, c),
        Command::Block(c) => month_end::block(path, c),
        Command::Billing(c) => month_end::settings(path, c),
        Command::Call(c) => work::call(path, c),
        Command::Team(c) => work::team(path, c),
        Command::Demo { customers, calls, seed } => work::demo(path, customers, calls, seed),
        Command::Terms { out, lang, paper, plan, customer, date } => {
            terms(path, &out, TermsOptions { lang, paper, plan, customer, date })
        }
    }
}

/// How a command uses the database file.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// The file must exist: a mistyped path is an error, not a new, empty database.
    Existing,
    /// A missing file is created, with the same ready plan the app gives a new database, and
    /// the user is told.
    Create,
}

pub fn open(path: &Location, access: Access) -> cspdesk::Result<Db> {
    match access {
        Access::Existing => Ok(Db::open_at(path, false)?.0),
        Access::Create => {
            let (mut db, opened) = Db::open_at(path, true)?;
            // Always: another process may have created the file a moment ago and not yet given
            // it its plan. The check and the plan are one transaction, so this is idempotent.
            let locale = sys_locale::get_locale().unwrap_or_default();
            let zone = local_zone();
            let defaults = cspdesk::offering::Defaults::from_os(&locale, Some(zone.name()));
            cspdesk::offering::ensure_default_plan(&mut db, &defaults, chrono::Utc::now())?;
            if opened == cspdesk::db::Opened::Created {
                eprintln!("Created a new database at {path}");
            }
            Ok(db)
        }
    }
}

/// This computer's time zone: `TZ` when it names one, else the system's, else UTC.
pub fn local_zone() -> chrono_tz::Tz {
    std::env::var("TZ")
        .ok()
        .and_then(|tz| cspdesk::when::zone_from_env(&tz))
        .or_else(|| iana_time_zone::get_timezone().ok().and_then(|tz| tz.parse().ok()))
        .unwrap_or(chrono_tz::UTC)
}

fn offering_export(path: &Location, out: Option<&Path>) -> cspdesk::Result<()> {
    let db = open(path, Access::Existing)?;
    let json = cspdesk::offering::file::export(&db)?;
    match out {
        Some(out) => {
            clean_up_on_interrupt(out);
            cspdesk::files::write_atomically("--out", out, json.as_bytes(), path.file())?
        }
        None => out!("{json}"),
    }
    Ok(())
}

fn offering_import(path: &Location, file: &Path) -> cspdesk::Result<()> {
    let bytes = std::fs::read(file)
        .map_err(|source| cspdesk::Error::Io { path: file.to_path_buf(), source })?;
    // Check the file before a missing database is created for it.
    cspdesk::offering::file::parse(&bytes)?;
    let mut db = open(path, Access::Create)?;
    let summary = cspdesk::offering::file::import(&mut db, &bytes, chrono::Utc::now())?;
    for (what, names) in [
        ("created", &summary.created),
        ("updated", &summary.updated),
        ("deleted", &summary.deleted),
    ] {
        if !names.is_empty() {
            outln!("Plans {what}: {}", names.join(", "));
        }
    }
    outln!("Imported the offering from {}", file.display());
    Ok(())
}

struct TermsOptions {
    lang: Option<String>,
    paper: String,
    plan: Option<String>,
    customer: Option<i64>,
    date: Option<String>,
}

fn terms(path: &Location, out: &Path, o: TermsOptions) -> cspdesk::Result<()> {
    use cspdesk::terms::{make, Paper, Request, Source};
    let paper = Paper::parse("--paper", &o.paper)?;
    let language = o.lang.as_deref().map(cspdesk::settings::Language::parse).transpose()?;
    let effective = o.date.unwrap_or_else(|| chrono::Local::now().date_naive().to_string());
    let db = open(path, Access::Existing)?;
    let source = match (o.customer, &o.plan) {
        (Some(id), _) => Source::Customer(id),
        (None, Some(name)) => Source::Plan(plan_id(&db, name)?),
        (None, None) => cspdesk::terms::default_source(&db)?,
    };
    let made = make(&db, &Request { source, language, paper, effective })?;
    let rendered = &made.rendered;
    clean_up_on_interrupt(out);
    cspdesk::files::write_atomically("--out", out, &rendered.bytes, path.file())?;
    outln!("Wrote {} ({} pages)", out.display(), rendered.pages);
    if !made.missing_texts.is_empty() {
        eprintln!(
            "warning: {} of the plan's texts are not written in '{}'; the sheet prints the other language's: {}",
            made.missing_texts.len(),
            made.language.code(),
            made.missing_texts.join(", ")
        );
    }
    if !rendered.missing_glyphs.is_empty() {
        eprintln!(
            "warning: these characters cannot be printed with the embedded font and are blank: {}",
            rendered.missing_glyphs.iter().collect::<String>()
        );
    }
    Ok(())
}

/// The id of the plan called `name`.
pub fn plan_id(db: &Db, name: &str) -> cspdesk::Result<i64> {
    cspdesk::offering::plan_by_name(db, name)?.map(|(id, _)| id).ok_or_else(|| {
        cspdesk::Error::invalid(
            "--plan",
            cspdesk::problem::ProblemCode::NoSuchPlan,
            &[("plan", format!("'{}'", name.trim()))],
        )
    })
}

fn holidays(country: &str, year: i32, lang: &str, json: bool) -> cspdesk::Result<()> {
    use cspdesk::holidays::{customary_days, holidays, Country};
    let country = Country::parse("--country", country)?;
    let lang = cspdesk::settings::Language::parse(lang)?;
    if !(1900..=2200).contains(&year) {
        return Err(cspdesk::Error::invalid(
            "--year",
            cspdesk::problem::ProblemCode::OutOfRange,
            &[("min", "1900".into()), ("max", "2200".into())],
        ));
    }
    let days = holidays(country, year);
    if json {
        let rows: Vec<_> = days
            .iter()
            .map(|h| {
                serde_json::json!({
                    "date": h.date.to_string(),
                    "name": h.holiday.name(lang),
                    "holiday": h.holiday,
                    "statutory": h.statutory,
                    "observed": h.observed,
                })
            })
            .collect();
        output::json(&rows);
        return Ok(());
    }
    outln!("{} {year}", country.name(lang));
    for h in days {
        let mut notes = Vec::new();
        if h.observed {
            notes.push("observed");
        }
        if !h.statutory {
            let closed = customary_days(country)
                .iter()
                .any(|c| c.holiday == h.holiday && c.closed_by_default);
            notes.push(if closed {
                "customary: closed unless the plan opens it"
            } else {
                "customary: open unless the plan closes it"
            });
        }
        let notes =
            if notes.is_empty() { String::new() } else { format!("  ({})", notes.join(", ")) };
        outln!("{}  {:<3} {}{notes}", h.date, h.date.format("%a"), h.holiday.name(lang));
    }
    Ok(())
}

fn info(path: &Location, json: bool) -> cspdesk::Result<()> {
    let db = open(path, Access::Existing)?;
    let info = cspdesk::info::db_info(&db)?;
    if json {
        let value = serde_json::json!({ "path": path.to_string(), "info": info });
        output::json(&value);
    } else {
        outln!("Database:       {path}");
        outln!("Schema version: {}", info.schema_version);
        outln!("Plans:          {}", info.plans);
        outln!("Customers:      {}", info.customers);
        outln!("Calls:          {}", info.calls);
    }
    Ok(())
}

/// Ctrl+C while a file is being written into `dest`'s folder: the temporary files this run
/// started there (`.cspdesk-*.partial*`) are removed before the process ends (exit 130), so an
/// interrupted backup or export leaves nothing behind. (SIGKILL cannot be caught; the target
/// is still never half-written, as it only appears by a rename.)
pub fn clean_up_on_interrupt(dest: &Path) {
    let dir = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let partials = |dir: &Path| -> Vec<PathBuf> {
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| {
                        let name = p.file_name().unwrap_or_default().to_string_lossy();
                        name.starts_with(".cspdesk-") && name.contains(".partial")
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let before = partials(&dir);
    let _ = ctrlc::set_handler(move || {
        for file in partials(&dir).into_iter().filter(|f| !before.contains(f)) {
            let _ = std::fs::remove_file(file);
        }
        std::process::exit(130);
    });
}

/// A team server's password, when its address has none: PGPASSWORD, as psql reads it.
fn pg_password() -> Option<String> {
    std::env::var("PGPASSWORD").ok().filter(|p| !p.is_empty())
}

fn db_copy(from: &Location, to: &Location, json: bool) -> cspdesk::Result<()> {
    if from == to {
        return Err(cspdesk::Error::invalid(
            "to",
            cspdesk::problem::ProblemCode::SameDatabase,
            &[("to", to.to_string())],
        ));
    }
    let source = Db::open_at(from, false)?.0;
    // A file made for the copy is removed again when the copy fails.
    let made = to.file().filter(|f| !f.exists()).map(Path::to_path_buf);
    let copied = Db::open_at(to, true)
        .and_then(|(mut target, _)| cspdesk::db::copy::copy(&source, &mut target));
    let tables = copied.inspect_err(|_| remove_made(made))?;
    if json {
        out!("{}", serde_json::to_string_pretty(&tables).unwrap_or_default());
        outln!("");
    } else {
        for t in &tables {
            outln!("{:<16} {:>9} rows  checksum {}", t.table, t.rows, t.checksum);
        }
        outln!("Copied {from} to {to}; every table matches its source.");
    }
    Ok(())
}

/// Removes a database file made for a copy or an import that failed, with its `-wal` and `-shm`.
fn remove_made(made: Option<PathBuf>) {
    let Some(file) = made else { return };
    for suffix in ["", "-wal", "-shm"] {
        let mut name = file.clone().into_os_string();
        name.push(suffix);
        let _ = std::fs::remove_file(name);
    }
}

fn archive_export(path: &Location, out: &Path) -> cspdesk::Result<()> {
    // An archive is kept as a record: never written over an earlier one.
    if out.exists() {
        return Err(cspdesk::Error::invalid(
            "--out",
            cspdesk::problem::ProblemCode::FileExists,
            &[("path", out.display().to_string())],
        ));
    }
    let db = open(path, Access::Existing)?;
    clean_up_on_interrupt(out);
    let summary = cspdesk::files::write_atomically_with("--out", out, path.file(), |w| {
        cspdesk::db::archive::export(&db, w)
    })?;
    let rows: u64 = summary.tables.iter().map(|t| t.rows).sum();
    outln!(
        "Wrote {} ({} tables, {rows} rows, schema {}).",
        out.display(),
        summary.tables.len(),
        summary.schema
    );
    Ok(())
}

fn archive_import(path: &Location, file: &Path, json: bool) -> cspdesk::Result<()> {
    let reader = std::fs::File::open(file)
        .map_err(|source| cspdesk::Error::Io { path: file.to_path_buf(), source })?;
    let mut reader = std::io::BufReader::with_capacity(1 << 20, reader);
    // Staged beside a target file (the disk the user chose has room for the desk), else in
    // the system's temporary folder.
    let folder = path
        .file()
        .and_then(Path::parent)
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(std::env::temp_dir, Path::to_path_buf);
    let staging = tempfile::Builder::new()
        .prefix(".cspdesk-archive-")
        .tempdir_in(&folder)
        .map_err(|source| cspdesk::Error::Io { path: folder.clone(), source })?;
    // A file made for the import is removed again when the import fails.
    let made = path.file().filter(|f| !f.exists()).map(Path::to_path_buf);
    let read = Db::open_at(path, true).and_then(|(mut target, _)| {
        cspdesk::db::archive::import(&mut reader, staging.path(), &mut target)
    });
    let summary = read.inspect_err(|_| remove_made(made))?;
    if json {
        out!("{}", serde_json::to_string_pretty(&summary).unwrap_or_default());
        outln!("");
    } else {
        for t in &summary.tables {
            outln!("{:<18} {:>9} rows  checksum {}", t.table, t.rows, t.checksum);
        }
        outln!("Imported {} into {path}; every table matches the archive.", file.display());
    }
    Ok(())
}

fn backup(path: &Location, out: &Path) -> cspdesk::Result<()> {
    clean_up_on_interrupt(out);
    cspdesk::db::backup(path, out)?;
    outln!("Backed up {path} to {}", out.display());
    Ok(())
}

fn default_db_path() -> Option<PathBuf> {
    Some(dirs::data_dir()?.join(APP_IDENTIFIER).join(DB_FILE_NAME))
}
