//! No lost edits: the rows a user edits in a form (calls, customers, plans, the profile) carry a
//! version, raised by every change, with who changed the row last and when. A save says which
//! version its copy was loaded at; when someone else saved in between, the save is refused
//! with their name and the time, and the face keeps what the user typed.

use chrono::{TimeZone, Utc};

use crate::db::Conn;
use crate::problem::ProblemCode;
use crate::{params, Error, Result};

/// Refuses a save of row `id` of `table` made from a copy at version `seen` when the row is at
/// another version now. `None`: the caller read and writes in one go (the CLI, a file import).
pub(crate) fn check_seen(conn: &Conn, table: &str, id: i64, seen: Option<i64>) -> Result<()> {
    let Some(seen) = seen else { return Ok(()) };
    let now: Option<i64> =
        conn.query_opt(&format!("SELECT version FROM {table} WHERE id = ?1"), params![id], |r| {
            r.get(0)
        })?;
    match now {
        Some(v) if v != seen => Err(stale(conn, table, id)?),
        _ => Ok(()),
    }
}

/// Records that person `by` changed row `id` of `table` at `at` (Unix seconds); the version
/// is raised where the row is written.
pub(crate) fn stamp(conn: &Conn, table: &str, id: i64, by: i64, at: i64) -> Result<()> {
    conn.execute(
        &format!("UPDATE {table} SET updated_by = ?2, updated_at = ?3 WHERE id = ?1"),
        params![id, by, at],
    )?;
    Ok(())
}

/// Marks row `id` of `table` changed by person `by` at `at` (Unix seconds): a new version.
pub(crate) fn touch(conn: &Conn, table: &str, id: i64, by: i64, at: i64) -> Result<()> {
    conn.execute(
        &format!("UPDATE {table} SET version = version + 1, updated_by = ?2, updated_at = ?3 WHERE id = ?1"),
        params![id, by, at],
    )?;
    Ok(())
}

/// The refusal of a change made from a stale copy of a `table` row: who changed it last, when.
pub(crate) fn stale(conn: &Conn, table: &str, id: i64) -> Result<Error> {
    let (who, when): (Option<String>, Option<i64>) = conn.query_row(
        &format!(
            "SELECT (SELECT coalesce(nullif(name, ''), login, '') FROM person WHERE person.id = t.updated_by), t.updated_at
             FROM {table} t WHERE t.id = ?1"
        ),
        params![id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(Error::conflict(
        "version",
        ProblemCode::Stale,
        &[
            ("who", who.unwrap_or_default()),
            (
                "when",
                when.map(|t| Utc.timestamp_opt(t, 0).single().unwrap_or_default().to_rfc3339())
                    .unwrap_or_default(),
            ),
        ],
    ))
}
