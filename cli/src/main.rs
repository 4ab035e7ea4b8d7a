//! `cspdesk`: the command-line face of CSP Desk, thin over the core library.
//!
//! Every command opens the database given by `--db` (or `CSPDESK_DB`), falling back to the file
//! the desktop app uses, does one thing, and prints the result for people or, with `--json`, for
//! scripts. Errors go to stderr with exit code 1 (bad input) or 2 (storage).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use cspdesk::{Db, ErrorKind};

/// Must match `identifier` in src-tauri/tauri.conf.json: the desktop app keeps its database in
/// the OS data folder under this name.
const APP_IDENTIFIER: &str = "se.cspdesk.desk";
const DB_FILE_NAME: &str = "cspdesk.sqlite3";

#[derive(Parser)]
#[command(name = "cspdesk", version, about = "CSP Desk from the command line", long_about = None)]
struct Cli {
    /// The database file. Default: the desktop app's database in the OS data folder.
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
    /// Write a consistent copy of the database, safe while the app is running.
    Backup {
        /// Where to write the copy. An existing file is not overwritten.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
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
    match run(&path, cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(match e.kind() {
                ErrorKind::Validation | ErrorKind::NotFound | ErrorKind::Conflict => 1,
                ErrorKind::Storage => 2,
            })
        }
    }
}

fn run(path: &Path, command: Command) -> cspdesk::Result<()> {
    match command {
        Command::Info { json } => info(path, json),
        Command::Backup { out } => backup(path, &out),
    }
}

fn info(path: &Path, json: bool) -> cspdesk::Result<()> {
    let db = Db::open(path)?;
    let info = cspdesk::info::db_info(&db)?;
    if json {
        let value = serde_json::json!({ "path": path, "info": info });
        println!("{}", serde_json::to_string_pretty(&value).expect("JSON of plain data"));
    } else {
        println!("Database:       {}", path.display());
        println!("Schema version: {}", info.schema_version);
        println!("Plans:          {}", info.plans);
        println!("Customers:      {}", info.customers);
        println!("Calls:          {}", info.calls);
    }
    Ok(())
}

fn backup(path: &Path, out: &Path) -> cspdesk::Result<()> {
    if out.exists() {
        return Err(cspdesk::Error::validation(
            "--out",
            format!("{} already exists; choose a new file name", out.display()),
        ));
    }
    if !path.exists() {
        return Err(cspdesk::Error::NotFound(format!(
            "there is no database at {}; nothing to back up",
            path.display()
        )));
    }
    let db = Db::open(path)?;
    db.backup_to(out)?;
    println!("Backed up {} to {}", path.display(), out.display());
    Ok(())
}

fn default_db_path() -> Option<PathBuf> {
    Some(dirs::data_dir()?.join(APP_IDENTIFIER).join(DB_FILE_NAME))
}
