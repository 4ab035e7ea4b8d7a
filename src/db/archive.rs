//! The full archive: every table of a desk as one JSON document (`docs/archive-format.md`),
//! readable without CSP Desk, and read back into an empty desk on either engine.
//!
//! Export reads the desk in one read transaction (a consistent snapshot while others work) and
//! writes the tables in the order of [`super::copy`], each row on a line of its own, columns in
//! name order, so the same desk gives the same bytes on SQLite and PostgreSQL. Import streams
//! the document into a staging SQLite file at the archive's schema version (never the whole
//! document in memory), upgrades it like any older file, and copies it into the target with
//! [`super::copy::copy`]: one transaction, every table counted and checksummed, nothing written
//! unless all of it is.

use std::cell::RefCell;
use std::fmt;
use std::io::{BufRead, Write};
use std::path::Path;

use base64::Engine as _;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Serialize;

use super::copy::{self, TableCopy, TABLES};
use super::sql::{Conn, ToValue, Value};
use super::{latest_version, Db};
use crate::problem::ProblemCode;
use crate::{Error, Result};

pub const FORMAT: &str = "cspdesk-archive";
/// Version 1: the tables of schema 10 and later, by name, with their columns.
pub const VERSION: u32 = 1;
/// The first schema an archive can hold (the schema of the release that introduced them).
const FIRST_SCHEMA: u32 = 10;

/// What an export wrote or an import read: each table's rows and checksum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ArchiveSummary {
    pub schema: u32,
    pub tables: Vec<TableCopy>,
}

impl ArchiveSummary {
    /// The rows of `table`, 0 when it is not listed.
    pub fn rows(&self, table: &str) -> u64 {
        self.tables.iter().find(|t| t.table == table).map_or(0, |t| t.rows)
    }
}

/// Writes the whole desk to `out`. The caller writes `out` to a temporary file and renames it
/// (see `crate::files::write_atomically_with`).
pub fn export(db: &Db, out: &mut dyn Write) -> Result<ArchiveSummary> {
    let schema = db.schema_version()?;
    let io = |e: std::io::Error| Error::Io { path: "archive".into(), source: e };
    db.conn().read(|conn| {
        write!(
            out,
            "{{\n  \"format\": \"{FORMAT}\",\n  \"version\": {VERSION},\n  \"schema\": {schema},\n  \"tables\": ["
        )
        .map_err(io)?;
        let mut summary = ArchiveSummary { schema, tables: Vec::new() };
        for (i, (table, order)) in TABLES.iter().enumerate() {
            // Read once, in the table's own column order (as a copy checksums it); written in
            // the order of the columns' names.
            let columns = copy::columns(conn, table)?;
            let mut by_name: Vec<usize> = (0..columns.len()).collect();
            by_name.sort_by(|a, b| columns[*a].cmp(&columns[*b]));
            let names: Vec<&str> = by_name.iter().map(|&c| columns[c].as_str()).collect();
            let names = serde_json::to_string(&names).expect("JSON of strings");
            write!(
                out,
                "{}\n    {{\n      \"name\": \"{table}\",\n      \"columns\": {names},\n      \"rows\": [",
                if i == 0 { "" } else { "," }
            )
            .map_err(io)?;
            let mut rows = 0u64;
            let mut sum = copy::Checksum::new();
            copy::each_page(conn, table, order, &columns, |page| {
                for row in page {
                    sum.add(row);
                    let values: Vec<serde_json::Value> =
                        by_name.iter().map(|&c| to_json(&row.values()[c])).collect();
                    let line = serde_json::to_string(&values).expect("JSON of plain values");
                    write!(out, "{}\n        {line}", if rows == 0 { "" } else { "," })
                        .map_err(io)?;
                    rows += 1;
                }
                Ok(())
            })?;
            let close = if rows == 0 { "]\n    }" } else { "\n      ]\n    }" };
            out.write_all(close.as_bytes()).map_err(io)?;
            summary.tables.push(copy::TableCopy {
                table: (*table).to_owned(),
                rows,
                checksum: sum.hex(),
            });
        }
        out.write_all(b"\n  ]\n}\n").map_err(io)?;
        out.flush().map_err(io)?;
        Ok(summary)
    })
}

fn to_json(value: &Value) -> serde_json::Value {
    match value {
        Value::Null => serde_json::Value::Null,
        Value::Int(i) => (*i).into(),
        Value::Real(r) => {
            serde_json::Number::from_f64(*r).map_or(serde_json::Value::Null, Into::into)
        }
        Value::Text(t) => t.clone().into(),
        Value::Blob(b) => {
            serde_json::json!({ "base64": base64::engine::general_purpose::STANDARD.encode(b) })
        }
    }
}

/// Reads an archive into `target`, which must be empty (a new file or an empty server
/// database). `staging` is a folder the caller made for this import and removes afterwards;
/// the archive is read into a file there first. Nothing is written to `target` unless the
/// whole archive reads, upgrades and copies.
pub fn import(
    archive: &mut dyn BufRead,
    staging: &Path,
    target: &mut Db,
) -> Result<ArchiveSummary> {
    // The target first: an import that cannot land is refused before the archive is read.
    copy::require_empty(target.conn())?;
    let path = staging.join("archive.sqlite3");
    let schema = read_into(archive, &path)?;
    // Older archives are upgraded like any older file (a copy of it is kept beside it, in
    // `staging`).
    let staged = Db::open(&path)?;
    let tables = copy::copy(&staged, target)?;
    Ok(ArchiveSummary { schema, tables })
}

/// Streams the archive into a new SQLite file at its schema; returns the schema.
fn read_into(archive: &mut dyn BufRead, path: &Path) -> Result<u32> {
    let state = State { path, db: RefCell::new(None), problem: RefCell::new(None) };
    let mut de = serde_json::Deserializer::from_reader(archive);
    let result = (&state).deserialize(&mut de).and_then(|()| de.end());
    if let Some(problem) = state.problem.into_inner() {
        return Err(problem);
    }
    if let Err(e) = result {
        return Err(match e.classify() {
            serde_json::error::Category::Io => {
                Error::Io { path: "archive".into(), source: e.into() }
            }
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                Error::invalid("file", ProblemCode::NotJson, &[("detail", e.to_string())])
            }
            serde_json::error::Category::Data => {
                Error::invalid("file", ProblemCode::InvalidFileValue, &[("detail", e.to_string())])
            }
        });
    }
    let db = state.db.into_inner().ok_or_else(|| missing("tables"))?;
    // A row that refers to a row the archive does not hold is named before the commit
    // refuses it.
    let dangling: Option<(String, i64, String)> = db
        .sqlite_connection()
        .query_row("PRAGMA foreign_key_check", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .ok();
    if let Some((table, rowid, parent)) = dangling {
        return Err(Error::invalid(
            "tables",
            ProblemCode::InvalidFileValue,
            &[(
                "detail",
                format!(
                    "a row of {table} (row id {rowid}) refers to a row of {parent} that is not in the archive"
                ),
            )],
        ));
    }
    db.conn().commit_staging()?;
    let schema = db.schema_version()?;
    Ok(schema)
}

fn missing(field: &str) -> Error {
    Error::invalid(
        "file",
        ProblemCode::InvalidFileValue,
        &[("detail", format!("the archive has no \"{field}\""))],
    )
}

/// The reader's state: the staging file once the schema is known, and the first problem found
/// (kept as a `Problem`, while serde carries only a message up to the top).
struct State<'p> {
    path: &'p Path,
    db: RefCell<Option<Db>>,
    problem: RefCell<Option<Error>>,
}

impl State<'_> {
    /// Records `problem` and gives serde an error to stop with.
    fn fail<E: de::Error>(&self, problem: Error) -> E {
        let message = problem.to_string();
        self.problem.borrow_mut().get_or_insert(problem);
        E::custom(message)
    }

    fn invalid<E: de::Error>(&self, field: String, detail: String) -> E {
        self.fail(Error::invalid(field, ProblemCode::InvalidFileValue, &[("detail", detail)]))
    }
}

impl<'de> DeserializeSeed<'de> for &State<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_map(DocumentVisitor(self))
    }
}

struct DocumentVisitor<'s, 'p>(&'s State<'p>);

impl<'de> Visitor<'de> for DocumentVisitor<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a CSP Desk archive (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let state = self.0;
        let (mut format, mut version, mut schema) = (None::<String>, None::<u32>, None::<u32>);
        let mut tables = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" => {
                    let value: String = map.next_value()?;
                    if value != FORMAT {
                        return Err(state.fail(Error::invalid(
                            "format",
                            ProblemCode::NotArchive,
                            &[],
                        )));
                    }
                    format = Some(value);
                }
                "version" => {
                    let v: u32 = map.next_value()?;
                    if v != VERSION {
                        let code = if v > VERSION {
                            ProblemCode::NewerFileVersion
                        } else {
                            ProblemCode::UnsupportedFileVersion
                        };
                        return Err(state.fail(Error::invalid(
                            "version",
                            code,
                            &[("found", v.to_string()), ("supported", VERSION.to_string())],
                        )));
                    }
                    version = Some(v);
                }
                "schema" => schema = Some(map.next_value()?),
                "tables" => {
                    // The format and the schema before the tables, which are read into a file
                    // at that schema (the version may come anywhere: a file is only kept once
                    // all of it is read).
                    if format.is_none() {
                        return Err(state.fail(Error::invalid(
                            "format",
                            ProblemCode::NotArchive,
                            &[],
                        )));
                    }
                    let Some(schema) = schema else { return Err(state.fail(missing("schema"))) };
                    let latest = latest_version();
                    if schema > latest {
                        return Err(state.fail(Error::invalid(
                            "schema",
                            ProblemCode::NewerFileVersion,
                            &[("found", schema.to_string()), ("supported", latest.to_string())],
                        )));
                    }
                    if schema < FIRST_SCHEMA {
                        return Err(state.invalid(
                            "schema".into(),
                            format!("schema {schema} is older than any archive ({FIRST_SCHEMA})"),
                        ));
                    }
                    let db = Db::open_up_to(state.path, schema).map_err(|e| state.fail(e))?;
                    // The new file's own first rows (its profile, its first person) make way
                    // for the archive's; then one transaction for all of it. References are
                    // checked at the end: the tables may come in any order.
                    let conn = db.conn();
                    conn.begin_staging().map_err(|e| state.fail(e))?;
                    let present =
                        TABLES.iter().rev().filter(|(t, _)| copy::columns(conn, t).is_ok());
                    for (table, _) in present {
                        conn.execute(&format!("DELETE FROM {table}"), &[])
                            .map_err(|e| state.fail(e))?;
                    }
                    *state.db.borrow_mut() = Some(db);
                    map.next_value_seed(TablesSeed(state))?;
                    tables = true;
                }
                other => {
                    return Err(
                        state.invalid(other.to_owned(), "is not a field of an archive".into())
                    )
                }
            }
        }
        if version.is_none() {
            return Err(state.fail(missing("version")));
        }
        if !tables {
            return Err(state.fail(missing("tables")));
        }
        Ok(())
    }
}

struct TablesSeed<'s, 'p>(&'s State<'p>);

impl<'de> DeserializeSeed<'de> for TablesSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for TablesSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of tables")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        let state = self.0;
        let mut seen: Vec<String> = Vec::new();
        let mut index = 0;
        while let Some(name) = seq.next_element_seed(TableSeed { state, index, seen: &seen })? {
            seen.push(name);
            index += 1;
        }
        // Every table of the archive's schema (an older schema has fewer).
        let db = state.db.borrow();
        let conn = db.as_ref().expect("the schema came first").conn();
        let missing = TABLES
            .iter()
            .find(|(t, _)| !seen.iter().any(|s| s == t) && copy::columns(conn, t).is_ok());
        if let Some((table, _)) = missing {
            return Err(state.invalid("tables".into(), format!("the table {table} is missing")));
        }
        Ok(())
    }
}

struct TableSeed<'s, 'p, 'v> {
    state: &'s State<'p>,
    index: usize,
    seen: &'v [String],
}

impl<'de> DeserializeSeed<'de> for TableSeed<'_, '_, '_> {
    type Value = String;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> std::result::Result<String, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TableSeed<'_, '_, '_> {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a table: its name, columns and rows")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<String, A::Error> {
        let state = self.state;
        let at = format!("tables[{}]", self.index);
        let (mut name, mut columns) = (None::<String>, None::<Vec<String>>);
        let mut rows = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "name" => {
                    let n: String = map.next_value()?;
                    let exists = state
                        .db
                        .borrow()
                        .as_ref()
                        .is_some_and(|db| copy::columns(db.conn(), &n).is_ok());
                    if !TABLES.iter().any(|(t, _)| *t == n) || !exists {
                        return Err(state.invalid(
                            format!("{at}.name"),
                            format!("{n:?} is not a table of a desk"),
                        ));
                    }
                    if self.seen.contains(&n) {
                        return Err(state.invalid(
                            format!("{at}.name"),
                            format!("the table {n} is listed twice"),
                        ));
                    }
                    name = Some(n);
                }
                "columns" => columns = Some(map.next_value()?),
                "rows" => {
                    let (Some(table), Some(cols)) = (&name, &columns) else {
                        return Err(state.invalid(
                            at.clone(),
                            "\"name\" and \"columns\" must come before \"rows\"".into(),
                        ));
                    };
                    let db = state.db.borrow();
                    let conn = db.as_ref().expect("the schema came first").conn();
                    let mut expected = copy::columns(conn, table).map_err(|e| state.fail(e))?;
                    drop(db);
                    expected.sort();
                    let mut given = cols.clone();
                    given.sort();
                    if given != expected {
                        return Err(state.invalid(
                            format!("{at}.columns"),
                            format!("the table {table} has the columns {}", expected.join(", ")),
                        ));
                    }
                    map.next_value_seed(RowsSeed { state, at: &at, table, columns: cols })?;
                    rows = true;
                }
                other => {
                    let _: IgnoredAny = map.next_value()?;
                    return Err(
                        state.invalid(format!("{at}.{other}"), "is not a field of a table".into())
                    );
                }
            }
        }
        match (name, rows) {
            (Some(name), true) => Ok(name),
            _ => Err(state.invalid(at, "a table needs \"name\", \"columns\" and \"rows\"".into())),
        }
    }
}

struct RowsSeed<'s, 'p, 'a> {
    state: &'s State<'p>,
    at: &'a str,
    table: &'a str,
    columns: &'a [String],
}

impl<'de> DeserializeSeed<'de> for RowsSeed<'_, '_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for RowsSeed<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of rows")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
        let state = self.state;
        let db = state.db.borrow();
        let conn = db.as_ref().expect("the schema came first").conn();
        let per = copy::per_statement(self.columns.len());
        let mut batch: Vec<Value> = Vec::with_capacity(per * self.columns.len());
        let mut index = 0usize;
        while let Some(row) = seq.next_element::<Vec<serde_json::Value>>()? {
            let at = format!("{}.rows[{index}]", self.at);
            if row.len() != self.columns.len() {
                return Err(state.invalid(
                    at,
                    format!(
                        "has {} values; the table {} has {} columns",
                        row.len(),
                        self.table,
                        self.columns.len()
                    ),
                ));
            }
            for (i, v) in row.into_iter().enumerate() {
                batch.push(
                    from_json(v).map_err(|detail| state.invalid(format!("{at}[{i}]"), detail))?,
                );
            }
            index += 1;
            if batch.len() == per * self.columns.len() {
                insert(conn, self.table, self.columns, &batch)
                    .map_err(|e| state.fail(at_rows(e, self.at, index)))?;
                batch.clear();
            }
        }
        if !batch.is_empty() {
            insert(conn, self.table, self.columns, &batch)
                .map_err(|e| state.fail(at_rows(e, self.at, index)))?;
        }
        Ok(())
    }
}

/// A row the database refused (a broken reference, a value out of range), named by where its
/// batch ends in the archive.
fn at_rows(e: Error, at: &str, index: usize) -> Error {
    Error::invalid(
        format!("{at}.rows"),
        ProblemCode::InvalidFileValue,
        &[(
            "detail",
            format!("a row up to row {} is refused by the database: {e}", index.saturating_sub(1)),
        )],
    )
}

fn from_json(v: serde_json::Value) -> std::result::Result<Value, String> {
    use serde_json::Value as J;
    Ok(match v {
        J::Null => Value::Null,
        J::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => Value::Real(n.as_f64().ok_or("is not a number a database holds")?),
        },
        J::String(s) => Value::Text(s),
        J::Object(o) => match (o.len(), o.get("base64")) {
            (1, Some(J::String(b))) => Value::Blob(
                base64::engine::general_purpose::STANDARD
                    .decode(b)
                    .map_err(|e| format!("is not base64: {e}"))?,
            ),
            _ => return Err("expected null, a number, a string or {\"base64\": \"...\"}".into()),
        },
        J::Bool(_) | J::Array(_) => {
            return Err("expected null, a number, a string or {\"base64\": \"...\"}".into())
        }
    })
}

fn insert(conn: &Conn, table: &str, columns: &[String], values: &[Value]) -> Result<()> {
    let sql = copy::insert_sql(table, columns, values.len() / columns.len());
    let params: Vec<&dyn ToValue> = values.iter().map(|v| v as &dyn ToValue).collect();
    conn.execute(&sql, &params)?;
    Ok(())
}
