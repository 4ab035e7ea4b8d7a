//! `cspdesk person …` and `cspdesk erasure log`: requests about a customer's contact person
//! (GDPR) from the command line.

use std::path::PathBuf;

use chrono::Utc;
use clap::Subcommand;
use cspdesk::db::Location;
use cspdesk::privacy::{self, Erased, Mention};
use cspdesk::settings::Language;
use cspdesk::terms::Paper;
use cspdesk::Result;

use crate::{open, Access};

#[derive(Subcommand)]
pub enum PersonCommand {
    /// Contact persons whose name, e-mail or phone contains TEXT (any case).
    Find {
        text: String,
        #[arg(long)]
        json: bool,
    },
    /// Everything held about contact ID (a request of access): their details, the calls they
    /// raised, and every text that mentions them; JSON, or a PDF when FILE ends in .pdf.
    Export {
        id: i64,
        #[arg(long, value_name = "FILE.json|FILE.pdf")]
        out: PathBuf,
        /// Language of the PDF. Default: the customer's.
        #[arg(long)]
        lang: Option<String>,
        /// Paper size of the PDF: a4 or letter.
        #[arg(long, default_value = "a4")]
        paper: String,
    },
    /// Empty contact ID's name, e-mail, phone and role; their calls and time stay. The texts
    /// that mention them are listed, or with --redact replaced with […].
    Anonymise {
        id: i64,
        #[arg(long)]
        redact: bool,
    },
    /// Delete contact ID with the calls they raised (refused for a call in a closed month).
    Erase {
        id: i64,
        /// Required: the calls they raised, with their history and time, go too.
        #[arg(long, required = true)]
        with_calls: bool,
        #[arg(long)]
        redact: bool,
    },
}

#[derive(Subcommand)]
pub enum ErasureCommand {
    /// Every erasure, newest first: what kind, when, by whom, how many records.
    Log {
        #[arg(long)]
        json: bool,
    },
}

pub fn person(path: &Location, command: PersonCommand) -> Result<()> {
    match command {
        PersonCommand::Find { text, json } => {
            let db = open(path, Access::Existing)?;
            let hits = privacy::find_people(&db, &text)?;
            if json {
                crate::output::json(&hits);
                return Ok(());
            }
            if hits.is_empty() {
                outln!("No contact person's name, e-mail or phone contains {:?}.", text.trim());
            }
            for h in hits {
                let name = if h.anonymised { "(anonymised)".to_owned() } else { h.name };
                outln!(
                    "{:>6}  {name}  {}  {}  — {} (customer {}), {} calls",
                    h.contact_id,
                    h.email,
                    h.phone,
                    h.customer,
                    h.customer_id,
                    h.calls
                );
            }
            Ok(())
        }
        PersonCommand::Export { id, out, lang, paper } => {
            let db = open(path, Access::Existing)?;
            let record = privacy::person_record(&db, id)?;
            crate::clean_up_on_interrupt(&out);
            let pdf = out.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
            let bytes = if pdf {
                let lang = lang.as_deref().map(Language::parse).transpose()?;
                let paper = Paper::parse("--paper", &paper)?;
                privacy::person_pdf(&db, id, lang, paper, Utc::now())?.rendered.bytes
            } else {
                crate::output::json_text(&record).into_bytes()
            };
            cspdesk::files::write_atomically("--out", &out, &bytes, path.file())?;
            outln!(
                "Wrote {}: contact {id}, {} calls raised, {} mentions elsewhere.",
                out.display(),
                record.calls.len(),
                record.mentions.len()
            );
            Ok(())
        }
        PersonCommand::Anonymise { id, redact } => {
            let mut db = open(path, Access::Existing)?;
            let erased = privacy::anonymise(&mut db, id, redact, Utc::now())?;
            report(id, &erased, "Anonymised");
            Ok(())
        }
        PersonCommand::Erase { id, redact, .. } => {
            let mut db = open(path, Access::Existing)?;
            let erased = privacy::erase_with_calls(&mut db, id, redact, Utc::now())?;
            report(id, &erased, "Erased");
            Ok(())
        }
    }
}

fn report(id: i64, erased: &Erased, what: &str) {
    let records: i64 = erased.logged.iter().map(|e| e.records).sum();
    outln!("{what} contact {id} ({records} records; see `cspdesk erasure log`).");
    if !erased.scrubbed {
        outln!(
            "Another program was reading the desk, so old copies of the erased text stay in its write-ahead log until every CSP Desk window and command line using it has closed."
        );
    }
    if !erased.mentions.is_empty() {
        outln!("These texts still mention them; review them, or run again with --redact:");
        for m in &erased.mentions {
            outln!("  {}", place(m));
        }
    }
}

/// Where a mention is, as the PDF names it ("Call 12, description"), with its text.
fn place(m: &Mention) -> String {
    format!("{}: {}", privacy::place(m, Language::En), m.excerpt)
}

pub fn erasure(path: &Location, command: ErasureCommand) -> Result<()> {
    let ErasureCommand::Log { json } = command;
    let db = open(path, Access::Existing)?;
    let log = privacy::erasure_log(&db)?;
    if json {
        crate::output::json(&log);
        return Ok(());
    }
    if log.is_empty() {
        outln!("No erasures.");
    }
    for e in log {
        let by = if e.by.is_empty() { "—".to_owned() } else { e.by };
        outln!(
            "{}  {:<9}  contact {:>6}  customer {:>6}  {:>6} records  by {by}",
            e.at.format("%Y-%m-%d %H:%M UTC"),
            e.kind.code(),
            e.contact_id,
            e.customer_id,
            e.records
        );
    }
    Ok(())
}
