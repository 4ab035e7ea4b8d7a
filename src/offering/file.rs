//! The offering file: the profile and every plan as one versioned JSON document
//! (`docs/offering-format.md`). Export is deterministic; import checks everything before it
//! writes anything, and writes all of it in one transaction.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::store::{plan_problems, save_plan_tx};
use super::{list_plans, load_plan, load_profile, Bilingual, Plan, Profile};
use crate::problem::{Problem, ProblemCode};
use crate::settings::Language;
use crate::{params, Db, Error, Result};

pub const FORMAT: &str = "cspdesk-offering";
/// Version 5: each plan lists the customary days of its calendar it closes or shortens
/// (`hours.customaryDays`); an earlier file's plans close the days the calendar closed until
/// then (those marked closed by default in `crate::holidays::customary_days`). Version 4: each
/// plan may promise a share of targets met (`slaGoalPercent`; earlier files have
/// none). Version 3: each plan says which waits stop its resolution clock (`pauses`; version 2
/// files, without it, read as none). Version 2: customer-facing texts in Swedish and English
/// (`{"sv": …, "en": …}`). Version 1 held one string each, in the profile's document language;
/// it is still read.
pub const VERSION: u32 = 5;

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
    // Versions are the desk's own bookkeeping, not part of the offering.
    let plans = ids
        .into_iter()
        .map(|id| load_plan(db, id).map(|p| Plan { version: None, ..p }))
        .collect::<Result<Vec<_>>>()?;
    let profile = Profile { version: None, ..load_profile(db)? };
    let file = OfferingFile { format: FORMAT.into(), version: VERSION, profile, plans };
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
    crate::team::require_owner(db.me()?, "offering")?;
    let me = db.me()?.id;
    let mut file = parse(bytes)?;
    file.profile.version = None;
    for plan in &mut file.plans {
        plan.version = None;
    }
    let mut problems: Vec<Problem> =
        file.profile.problems().into_iter().map(|p| prefixed("profile", p)).collect();
    for (i, plan) in file.plans.iter().enumerate() {
        for lang in Language::ALL {
            if file.plans[..i].iter().any(|o| same_in(lang, &o.name, &plan.name)) {
                problems.push(Problem::with(
                    format!("plans[{i}].name.{}", lang.code()),
                    ProblemCode::NameTaken,
                    &[("name", plan.name.get(lang).to_owned())],
                ));
            }
        }
        // Checked as if alone: names and the default rule are checked for the whole file below.
        problems.extend(plan.problems().into_iter().map(|p| prefixed(&format!("plans[{i}]"), p)));
    }
    if file.plans.iter().filter(|p| p.is_default).count() != 1 {
        problems.push(Problem::new("plans", ProblemCode::DefaultRequired));
    }
    Error::check(problems)?;
    db.write(|tx| {
        let existing: Vec<(i64, Bilingual, u32)> = {
            tx.query_map(
                "SELECT id, name_sv, name_en,
                        (SELECT count(*) FROM customer WHERE plan_id = plan.id)
                 FROM plan",
                &[],
                |r| {
                    Ok((
                        r.get(0)?,
                        Bilingual::new(r.get::<String>(1)?, r.get::<String>(2)?),
                        r.get(3)?,
                    ))
                },
            )?
        };
        // Which stored plan each plan in the file is, decided for all before anything is
        // written: a file plan that names two stored plans, or two file plans that name one,
        // would overwrite a plan with another's terms.
        let mut ids: Vec<Option<i64>> = Vec::new();
        for (i, plan) in file.plans.iter().enumerate() {
            let found: Vec<i64> = existing
                .iter()
                .filter(|(_, n, _)| same_plan(n, &plan.name))
                .map(|(id, ..)| *id)
                .collect();
            let id = found.first().copied();
            if found.len() > 1 || (id.is_some() && ids.contains(&id)) {
                return Err(Error::invalid(
                    format!("plans[{i}].name"),
                    ProblemCode::PlanNameAmbiguous,
                    &[("name", plan.name.to_string())],
                ));
            }
            ids.push(id);
        }
        let id_of = |i: usize| ids[i];
        let mut summary = ImportSummary::default();
        for (id, name, customers) in &existing {
            if !file.plans.iter().any(|p| same_plan(&p.name, name)) {
                if *customers > 0 {
                    return Err(Error::conflict(
                        "plans",
                        ProblemCode::PlanMissingFromFile,
                        &[("name", name.to_string()), ("customers", customers.to_string())],
                    ));
                }
                tx.execute("DELETE FROM plan WHERE id = ?1", params![id])?;
                summary.deleted.push(name.to_string());
            }
        }
        // The default plan first, so that every plan written after it sees a default.
        let mut order: Vec<(usize, &Plan)> = file.plans.iter().enumerate().collect();
        order.sort_by_key(|(_, p)| !p.is_default);
        for (i, plan) in order {
            let id = id_of(i);
            let problems = plan_problems(tx, id, plan)?;
            if !problems.is_empty() {
                return Err(Error::Invalid(
                    problems.into_iter().map(|p| prefixed(&format!("plans[{i}]"), p)).collect(),
                ));
            }
            let saved = save_plan_tx(tx, id, plan, now)
                .map_err(|e| prefix_error(e, &format!("plans[{i}]")))?;
            crate::edits::stamp(tx, "plan", saved, me, now.timestamp())?;
            match id {
                Some(_) => summary.updated.push(plan.name.to_string()),
                None => summary.created.push(plan.name.to_string()),
            }
        }
        super::store::write_profile_tx(tx, &file.profile)?;
        crate::edits::stamp(tx, "partner_profile", 1, me, now.timestamp())?;
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
        Some(VERSION) | Some(4) | Some(3) | Some(2) | Some(1) => {}
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
    let invalid = |path: String, detail: String| {
        Error::invalid(
            if path == "." { "file".to_owned() } else { path },
            ProblemCode::InvalidFileValue,
            &[("detail", detail)],
        )
    };
    if header.version != Some(VERSION) {
        let mut value: serde_json::Value = serde_json::from_str(json).map_err(|e| {
            Error::invalid("file", ProblemCode::NotJson, &[("detail", e.to_string())])
        })?;
        if header.version == Some(1) {
            upgrade_v1(&mut value)?;
        }
        add_customary_days(&mut value);
        let mut file: OfferingFile = serde_path_to_error::deserialize(value)
            .map_err(|e| invalid(e.path().to_string(), e.into_inner().to_string()))?;
        file.version = VERSION;
        if header.version == Some(1) {
            for plan in &mut file.plans {
                super::defaults::complete_starter_texts(plan);
            }
        }
        return Ok(file);
    }
    let de = &mut serde_json::Deserializer::from_str(json);
    // serde_json appends " at line L column C" to its messages; kept, it helps find the spot.
    serde_path_to_error::deserialize(de)
        .map_err(|e| invalid(e.path().to_string(), e.into_inner().to_string()))
}

/// A file before version 5: each plan's hours close the customary days its calendar closed
/// then. A plan whose calendar is not one we know is left for the reader to refuse with its
/// path.
fn add_customary_days(file: &mut serde_json::Value) {
    use serde_json::Value;
    let Some(plans) = file.get_mut("plans").and_then(Value::as_array_mut) else { return };
    for plan in plans {
        let Some(hours) = plan.get_mut("hours").and_then(Value::as_object_mut) else { continue };
        if hours.contains_key("customaryDays") {
            continue;
        }
        let country = match hours.get("holidays") {
            Some(Value::String(code)) => match crate::holidays::Country::parse("", code) {
                Ok(c) => Some(c),
                Err(_) => continue,
            },
            _ => None,
        };
        let days = super::ServiceHours::default_customary_days(country);
        hours.insert(
            "customaryDays".into(),
            serde_json::to_value(days).expect("JSON of plain data"),
        );
    }
}

/// A version-1 file as version 2: each customer-facing string becomes a text in the profile's
/// document language (English when the file does not say). Anything of another shape is left
/// for the reader to refuse with its path.
fn upgrade_v1(file: &mut serde_json::Value) -> Result<()> {
    use serde_json::Value;
    let lang = match file.pointer("/profile/documentLanguage").and_then(Value::as_str) {
        Some("sv") => Language::Sv,
        _ => Language::En,
    };
    // A text of a version-1 file is one string; anything else is named in version-1 terms.
    let text = |v: &mut Value, path: String| -> Result<()> {
        let Value::String(s) = v else {
            return Err(Error::invalid(
                path,
                ProblemCode::InvalidFileValue,
                &[("detail", format!("expected a string (a version-1 file holds each text as one string), found {v}"))],
            ));
        };
        let mut b = serde_json::Map::new();
        for l in Language::ALL {
            let t = if l == lang { std::mem::take(s) } else { String::new() };
            b.insert(l.code().to_owned(), Value::String(t));
        }
        *v = Value::Object(b);
        Ok(())
    };
    let Some(plans) = file.get_mut("plans").and_then(Value::as_array_mut) else { return Ok(()) };
    for (p, plan) in plans.iter_mut().enumerate() {
        for (pointer, name) in [
            ("/name", "name"),
            ("/description", "description"),
            ("/support/parts", "support.parts"),
        ] {
            if let Some(v) = plan.pointer_mut(pointer) {
                text(v, format!("plans[{p}].{name}"))?;
            }
        }
        let lists: [(&str, &str, &[&str]); 5] = [
            ("/hours/closedDays", "hours.closedDays", &["label"]),
            ("/contacts", "contacts", &["note"]),
            ("/severities", "severities", &["name", "description"]),
            ("/scope/included", "scope.included", &[]),
            ("/scope/excluded", "scope.excluded", &[]),
        ];
        for (pointer, list, fields) in lists {
            let Some(items) = plan.pointer_mut(pointer).and_then(Value::as_array_mut) else {
                continue;
            };
            for (i, item) in items.iter_mut().enumerate() {
                if fields.is_empty() {
                    text(item, format!("plans[{p}].{list}[{i}]"))?;
                }
                for f in fields {
                    if let Some(v) = item.get_mut(*f) {
                        text(v, format!("plans[{p}].{list}[{i}].{f}"))?;
                    }
                }
            }
        }
    }
    Ok(())
}

/// Whether two plans have the same name in `lang` (ignoring case; an empty name is nobody's).
fn same_in(lang: Language, a: &Bilingual, b: &Bilingual) -> bool {
    let (a, b) = (a.get(lang), b.get(lang));
    !a.is_empty() && a.to_lowercase() == b.to_lowercase()
}

/// Whether a plan in a file is a stored plan: the same name in either language.
fn same_plan(a: &Bilingual, b: &Bilingual) -> bool {
    Language::ALL.iter().any(|&l| same_in(l, a, b))
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
