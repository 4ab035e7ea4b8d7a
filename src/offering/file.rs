//! The offering file: the profile and every plan as one versioned JSON document
//! (`docs/offering-format.md`). Export is deterministic; import checks everything before it
//! writes anything, and writes all of it in one transaction.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::store::{plan_problems, save_plan_tx};
use super::{list_plans, load_plan, load_profile, Plan, Profile};
use crate::problem::{Problem, ProblemCode};
use crate::{Db, Error, Result};

pub const FORMAT: &str = "cspdesk-offering";
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OfferingFile {
    pub format: String,
    pub version: u32,
    pub profile: Profile,
    pub plans: Vec<Plan>,
}

/// The offering as pretty JSON with a final newline. Plans in the order they were created.
pub fn export(db: &Db) -> Result<String> {
    let mut ids: Vec<i64> = list_plans(db)?.into_iter().map(|p| p.id).collect();
    ids.sort_unstable();
    let plans = ids.into_iter().map(|id| load_plan(db, id)).collect::<Result<Vec<_>>>()?;
    let file =
        OfferingFile { format: FORMAT.into(), version: VERSION, profile: load_profile(db)?, plans };
    let mut json = serde_json::to_string_pretty(&file).expect("the offering serialises");
    json.push('\n');
    Ok(json)
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportSummary {
    pub created: Vec<String>,
    pub updated: Vec<String>,
    pub deleted: Vec<String>,
}

/// Replaces the offering with the file's: the profile, and the plans matched by name (created,
/// updated; plans missing from the file are deleted, which is refused for plans customers use).
/// Either all of it is written, with the due times of the open calls it affects, or nothing.
pub fn import(db: &mut Db, bytes: &[u8], now: DateTime<Utc>) -> Result<ImportSummary> {
    let file = parse(bytes)?;
    let mut problems: Vec<Problem> =
        file.profile.problems().into_iter().map(|p| prefixed("profile", p)).collect();
    for (i, plan) in file.plans.iter().enumerate() {
        if file.plans[..i].iter().any(|o| o.name.trim().eq_ignore_ascii_case(plan.name.trim())) {
            problems.push(Problem::with(
                format!("plans[{i}].name"),
                ProblemCode::NameTaken,
                &[("name", plan.name.trim().to_owned())],
            ));
        }
        // Checked as if alone: names and the default rule are checked for the whole file below.
        problems.extend(plan.problems().into_iter().map(|p| prefixed(&format!("plans[{i}]"), p)));
    }
    if file.plans.iter().filter(|p| p.is_default).count() != 1 {
        problems.push(Problem::new("plans", ProblemCode::DefaultRequired));
    }
    Error::check(problems)?;
    db.write(|tx| {
        let existing: Vec<(i64, String, u32)> = {
            let mut stmt = tx.prepare(
                "SELECT id, name, (SELECT count(*) FROM customer WHERE plan_id = plan.id) FROM plan",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let id_of = |name: &str| {
            existing
                .iter()
                .find(|(_, n, _)| n.eq_ignore_ascii_case(name.trim()))
                .map(|(id, ..)| *id)
        };
        let mut summary = ImportSummary::default();
        for (id, name, customers) in &existing {
            if !file.plans.iter().any(|p| p.name.trim().eq_ignore_ascii_case(name)) {
                if *customers > 0 {
                    return Err(Error::conflict(
                        "plans",
                        ProblemCode::PlanMissingFromFile,
                        &[("name", name.clone()), ("customers", customers.to_string())],
                    ));
                }
                tx.execute("DELETE FROM plan WHERE id = ?1", [id])?;
                summary.deleted.push(name.clone());
            }
        }
        // The default plan first, so that every plan written after it sees a default.
        let mut order: Vec<(usize, &Plan)> = file.plans.iter().enumerate().collect();
        order.sort_by_key(|(_, p)| !p.is_default);
        for (i, plan) in order {
            let id = id_of(&plan.name);
            let problems = plan_problems(tx, id, plan)?;
            if !problems.is_empty() {
                return Err(Error::Invalid(
                    problems.into_iter().map(|p| prefixed(&format!("plans[{i}]"), p)).collect(),
                ));
            }
            save_plan_tx(tx, id, plan, now).map_err(|e| prefix_error(e, &format!("plans[{i}]")))?;
            match id {
                Some(_) => summary.updated.push(plan.name.trim().to_owned()),
                None => summary.created.push(plan.name.trim().to_owned()),
            }
        }
        super::store::write_profile_tx(tx, &file.profile)?;
        Ok(summary)
    })
}

/// Reads an offering file; an error names the JSON path of what is wrong. A UTF-8 byte-order
/// mark (what Windows Notepad writes) is skipped; bytes that are not UTF-8 are refused with
/// their offset.
pub fn parse(bytes: &[u8]) -> Result<OfferingFile> {
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    let (skipped, bytes) = match bytes.strip_prefix(BOM) {
        Some(rest) => (BOM.len(), rest),
        None => (0, bytes),
    };
    let json = std::str::from_utf8(bytes).map_err(|e| {
        // The offset in the file, as a hex editor shows it.
        let offset = skipped + e.valid_up_to();
        Error::invalid("file", ProblemCode::InvalidUtf8, &[("offset", offset.to_string())])
    })?;
    // The header first, so a file from a newer version gets that message, not a field error.
    #[derive(Deserialize)]
    struct Header {
        format: Option<String>,
        version: Option<u32>,
    }
    let header: Header = serde_json::from_str(json)
        .map_err(|e| Error::invalid("file", ProblemCode::NotJson, &[("detail", e.to_string())]))?;
    if header.format.as_deref() != Some(FORMAT) {
        return Err(Error::invalid("format", ProblemCode::NotOfferingFile, &[]));
    }
    let version = |v: Option<u32>| v.map_or_else(|| "none".to_owned(), |v| v.to_string());
    match header.version {
        Some(VERSION) => {}
        Some(v) if v > VERSION => {
            return Err(Error::invalid(
                "version",
                ProblemCode::NewerFileVersion,
                &[("found", v.to_string()), ("supported", VERSION.to_string())],
            ))
        }
        other => {
            return Err(Error::invalid(
                "version",
                ProblemCode::UnsupportedFileVersion,
                &[("found", version(other)), ("supported", VERSION.to_string())],
            ))
        }
    }
    let de = &mut serde_json::Deserializer::from_str(json);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner().to_string();
        // serde_json appends " at line L column C"; keep it, it helps find the spot.
        Error::invalid(
            if path == "." { "file".to_owned() } else { path },
            ProblemCode::InvalidFileValue,
            &[("detail", inner)],
        )
    })
}

fn prefix_error(mut e: Error, prefix: &str) -> Error {
    for p in e.problems_mut() {
        p.field = format!("{prefix}.{}", p.field);
    }
    e
}

fn prefixed(prefix: &str, mut p: Problem) -> Problem {
    p.field = format!("{prefix}.{}", p.field);
    p
}
