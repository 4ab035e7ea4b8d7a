//! `cspdesk backup …`: a copy to a file of one's choice (`--out`), and the app's backups
//! (`now`, `list`, `show`, `restore`) in the folder the app uses (`backups.json` beside the
//! database; `backups/` by default), or another one (`--dir`).

use std::path::{Path, PathBuf};

use chrono::Utc;
use clap::Subcommand;
use cspdesk::backups::{self, BackupContents, BackupKind, Config};
use cspdesk::db::Location;
use cspdesk::problem::ProblemCode;
use cspdesk::{Error, Result};

#[derive(Subcommand)]
pub enum BackupCommand {
    /// Take a verified backup into the backup folder, then delete those the rotation no longer
    /// keeps (the last 3 of today, one a day for 7 days, one a week for 8 weeks, unless the
    /// app's Settings say otherwise). What the app does on start and every few hours.
    Now {
        /// The backup folder. Default: the one chosen in the app, else backups/ beside the database.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// List the backups in the backup folder, newest first, with what each holds (`show`
    /// checks one whole).
    List {
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Show what a backup file holds (when it was taken, its schema version and counts), after
    /// checking it whole.
    Show {
        file: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Restore a backup in place of the database. The database as it was is backed up first
    /// (named …-before-restore.sqlite3): restoring that file undoes the restore. An older
    /// version's backup is upgraded; a newer version's, or a file that is not a CSP Desk
    /// database, is refused and nothing changes.
    Restore {
        file: PathBuf,
        /// Where the copy of the database as it was goes. Default: the backup folder.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

/// The database file of a solo desk; a team desk is backed up by its server.
fn file(path: &Location) -> Result<&Path> {
    path.file().ok_or_else(|| Error::invalid("db", ProblemCode::ServerBackups, &[]))
}

fn folder(db: &Path, dir: Option<PathBuf>) -> Result<PathBuf> {
    match dir {
        Some(dir) => Ok(dir),
        None => Ok(Config::load(db)?.folder(db)),
    }
}

pub fn run(path: &Location, command: BackupCommand) -> Result<()> {
    match command {
        BackupCommand::Now { dir } => {
            let db = file(path)?;
            let (folder, policy) = (folder(db, dir)?, Config::load(db)?.policy);
            crate::clean_up_on_interrupt(&folder.join("x"));
            let started = std::time::Instant::now();
            let done = backups::back_up(db, &folder, Utc::now(), &policy, crate::local_zone())?;
            outln!(
                "Backed up {path} to {} ({}, verified, {:.1} s)",
                done.file.path.display(),
                size(done.file.size),
                started.elapsed().as_secs_f64()
            );
            for gone in &done.deleted {
                outln!("Deleted {} (no longer kept by the rotation)", gone.name);
            }
            Ok(())
        }
        BackupCommand::List { dir, json } => {
            let db = file(path)?;
            let folder = folder(db, dir)?;
            let files = backups::list(&folder)?;
            // What each holds (not checked page by page: `show` does); a file that cannot be
            // read is listed with why.
            let listed: Vec<(backups::BackupFile, Result<BackupContents>)> =
                files.into_iter().map(|f| (f.clone(), backups::glance(&f.path))).collect();
            if json {
                let rows: Vec<serde_json::Value> = listed
                    .iter()
                    .map(|(f, c)| match c {
                        Ok(c) => serde_json::json!(c),
                        Err(e) => serde_json::json!({ "file": f, "error": e.to_string() }),
                    })
                    .collect();
                crate::output::json(&rows);
                return Ok(());
            }
            outln!("Backups in {}", folder.display());
            if listed.is_empty() {
                outln!("(none yet: cspdesk backup now)");
            }
            for (f, contents) in &listed {
                let what = match contents {
                    Ok(c) => holds(c),
                    Err(e) => format!("cannot be read: {e}"),
                };
                outln!("{}  {:>9}  {what}  {}", local(f.taken), size(f.size), f.name);
            }
            Ok(())
        }
        BackupCommand::Show { file, json } => {
            let contents = backups::inspect(&file)?;
            if json {
                crate::output::json(&contents);
            } else {
                outln!("{}", file.display());
                outln!("Taken:          {}", local(contents.file.taken));
                outln!("Size:           {}", size(contents.file.size));
                outln!("{}", holds(&contents));
            }
            Ok(())
        }
        BackupCommand::Restore { file: backup, dir } => {
            let db = file(path)?;
            let folder = folder(db, dir)?;
            crate::clean_up_on_interrupt(db);
            let done = backups::restore(db, &backup, &folder, Utc::now())?;
            outln!(
                "Restored {} (taken {}): {}",
                backup.display(),
                local(done.restored.file.taken),
                holds(&done.restored)
            );
            if let Some(undo) = done.undo {
                outln!("The database as it was is in {}", undo.path.display());
                outln!("To undo: cspdesk backup restore \"{}\"", undo.path.display());
            }
            Ok(())
        }
    }
}

fn holds(c: &BackupContents) -> String {
    let h = &c.holds;
    let kind = match c.file.kind {
        BackupKind::Regular => "",
        BackupKind::BeforeRestore => "  (before a restore)",
    };
    format!(
        "schema {}, {} customers, {} calls, {} time entries{kind}",
        h.schema_version, h.customers, h.calls, h.time_entries
    )
}

fn local(at: chrono::DateTime<Utc>) -> String {
    at.with_timezone(&crate::local_zone()).format("%Y-%m-%d %H:%M").to_string()
}

fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{:.1} MB", b as f64 / (1 << 20) as f64),
        b => format!("{} kB", b.div_ceil(1024)),
    }
}
