//! Moving a desk between engines (a file to a team server, and back): every table copied with
//! its ids, in one transaction on the target, then verified by counting and checksumming each
//! table on both sides. The source is only read, in one read transaction (a consistent
//! snapshot while others keep working on it).

use serde::Serialize;

use super::sql::{Conn, Engine, Row, ToValue, Value};
use super::Db;
use crate::problem::ProblemCode;
use crate::{Error, Result};

/// The tables of a desk in an order where every row's references are copied before it, each
/// with the columns that order its rows.
pub(super) const TABLES: &[(&str, &str)] = &[
    ("setting", "key"),
    ("person", "id"),
    ("partner_profile", "id"),
    ("plan", "id"),
    ("plan_window", "plan_id, weekday, start_minute"),
    ("plan_closed_day", "plan_id, date"),
    ("plan_customary_day", "plan_id, day"),
    ("plan_contact", "id"),
    ("severity", "id"),
    ("plan_scope_item", "id"),
    ("customer", "id"),
    ("contact", "id"),
    ("call", "id"),
    ("call_event", "id"),
    ("time_entry", "id"),
    ("customer_users", "customer_id, from_month"),
    ("plan_history", "customer_id, from_month"),
    ("block_entry", "id"),
    ("billing_month", "month"),
    ("closed_basis", "month, customer_id"),
    ("month_event", "id"),
    ("erasure", "id"),
];

/// Tables whose rows are what makes a desk "not empty".
const CONTENT: &[&str] = &["setting", "plan", "customer", "call"];

/// Rows per INSERT (one round trip to a server for each): as many as fit well under both
/// engines' limits on parameters per statement (SQLite 32,766; PostgreSQL 65,535).
pub(super) fn per_statement(columns: usize) -> usize {
    (20_000 / columns.max(1)).clamp(1, 500)
}

/// `INSERT INTO table (columns) VALUES (?1, ?2), (?3, ?4), ...` for `rows` rows.
pub(super) fn insert_sql(table: &str, columns: &[String], rows: usize) -> String {
    let tuples: Vec<String> = (0..rows)
        .map(|r| {
            let marks: Vec<String> =
                (1..=columns.len()).map(|c| format!("?{}", r * columns.len() + c)).collect();
            format!("({})", marks.join(", "))
        })
        .collect();
    format!("INSERT INTO {table} ({}) VALUES {}", columns.join(", "), tuples.join(", "))
}

/// Refuses a target that holds plans, customers, calls or settings.
pub(super) fn require_empty(target: &Conn) -> Result<()> {
    for table in CONTENT {
        let rows: i64 =
            target.query_row(&format!("SELECT count(*) FROM {table}"), &[], |r| r.get(0))?;
        if rows > 0 {
            return Err(Error::conflict(
                "to",
                ProblemCode::TargetNotEmpty,
                &[("table", (*table).to_owned())],
            ));
        }
    }
    Ok(())
}

/// Rows read and written per round trip (a page of any table; see [`each_page`]).
const BATCH: i64 = 2_000;

/// One table as copied: its rows and a checksum of their values, equal on both sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TableCopy {
    pub table: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub rows: u64,
    /// FNV-1a over every value of every row, in key order, as 16 hex digits.
    pub checksum: String,
}

/// Copies the whole desk in `from` into `to`, which must hold no plans, customers, calls or
/// settings (a new file or an empty server database). Nothing is written to `to` unless every
/// table is copied and checks out.
pub fn copy(from: &Db, to: &mut Db) -> Result<Vec<TableCopy>> {
    from.conn().read(|source| {
        to.write(|target| {
            require_empty(target)?;
            // A new database has its one profile row and its first person already; the
            // source's replace them.
            target.execute("DELETE FROM partner_profile", &[])?;
            target.execute("DELETE FROM person", &[])?;
            let mut report = Vec::new();
            for (table, order) in TABLES {
                let columns = columns(source, table)?;
                let copied = copy_table(source, target, table, order, &columns)?;
                let check = checksum_table(target, table, order, &columns)?;
                if check.rows != copied.rows || check.checksum != copied.checksum {
                    return Err(Error::Database(format!(
                        "the copy of {table} does not match its source ({} rows, checksum {}; the copy: {} rows, checksum {}); nothing was written. Try the copy again; if it fails the same way, report it with this message",
                        copied.rows, copied.checksum, check.rows, check.checksum
                    )));
                }
                report.push(copied);
            }
            if target.engine() == Engine::Postgres {
                // Identities continue after the copied ids.
                for (table, _) in TABLES.iter().filter(|(_, order)| *order == "id") {
                    target.query_row(
                        &format!(
                            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 0) + 1, false) FROM {table}"
                        ),
                        &[],
                        |_| Ok(()),
                    )?;
                }
                // On a server everyone signs in: the file's owner (who has no login) becomes
                // the login making the copy. When that login is still not on the team (a desk
                // copied from another server), it is added as an owner: whoever moved the desk
                // can open it.
                target.execute(
                    "UPDATE person SET login = session_user
                     WHERE id = (SELECT min(id) FROM person WHERE login IS NULL AND role = 'owner' AND active = 1)
                       AND NOT EXISTS (SELECT 1 FROM person WHERE login = session_user)",
                    &[],
                )?;
                target.execute(
                    "INSERT INTO person (login, name, role)
                     SELECT session_user, session_user, 'owner'
                     WHERE NOT EXISTS (SELECT 1 FROM person WHERE login = session_user)",
                    &[],
                )?;
                // The others keep working here when their login exists on this server (they
                // join this desk's group roles); a login this server lacks is disabled until an
                // owner sees to it (`team enable` once the login exists).
                target.execute_batch(
                    "DO $$
                     DECLARE p record;
                     BEGIN
                         FOR p IN SELECT login FROM person
                                  WHERE login IS NOT NULL AND login <> session_user AND active = 1 LOOP
                             IF EXISTS (SELECT FROM pg_roles WHERE rolname = p.login) THEN
                                 PERFORM cspdesk_team_enable(p.login);
                             ELSE
                                 UPDATE person SET active = 0 WHERE login = p.login;
                             END IF;
                         END LOOP;
                     END $$",
                )?;
                // Fresh statistics, so the planner picks the indexes from the first query on
                // (after a million-call copy the first page took 6.7 ms without, 2.2 ms with).
                // Only the desk's own tables: a bare ANALYZE takes every table of the database.
                let tables: Vec<&str> = TABLES.iter().map(|(t, _)| *t).collect();
                target.execute_batch(&format!("ANALYZE {}", tables.join(", ")))?;
            }
            Ok(report)
        })
    })
}

/// The columns of `table` in the source, in their declared order.
pub(super) fn columns(conn: &Conn, table: &str) -> Result<Vec<String>> {
    let sql = match conn.engine() {
        Engine::Sqlite => "SELECT name FROM pragma_table_info(?1) ORDER BY cid",
        Engine::Postgres => {
            "SELECT column_name::text FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = ?1 ORDER BY ordinal_position"
        }
    };
    let columns: Vec<String> = conn.query_map(sql, crate::params![table], |r| r.get(0))?;
    if columns.is_empty() {
        return Err(Error::Database(format!("the source has no table {table}")));
    }
    Ok(columns)
}

/// Calls `each` with the rows of `table` in `order`, a page of [`BATCH`] rows at a time, so
/// that no table is ever held whole in memory (a million calls; the closed months' bases,
/// whose lines are large). Pages follow the order's key: `WHERE (a, b) > (last a, last b)`,
/// which both engines answer from the primary key. Every order is a table's primary key, so
/// its columns are never NULL and no two rows share a key.
pub(crate) fn each_page(
    conn: &Conn,
    table: &str,
    order: &str,
    columns: &[String],
    each: impl FnMut(&[Row]) -> Result<()>,
) -> Result<()> {
    each_page_of(conn, table, order, columns, BATCH, each)
}

/// [`each_page`] with pages of `batch` rows.
fn each_page_of(
    conn: &Conn,
    table: &str,
    order: &str,
    columns: &[String],
    batch: i64,
    mut each: impl FnMut(&[Row]) -> Result<()>,
) -> Result<()> {
    let list = columns.join(", ");
    let keys: Vec<&str> = order.split(',').map(str::trim).collect();
    let at: Vec<usize> = keys
        .iter()
        .map(|k| {
            columns.iter().position(|c| c == k).ok_or_else(|| {
                Error::Database(format!("the table {table} has no column {k} to page by"))
            })
        })
        .collect::<Result<_>>()?;
    let first = format!("SELECT {list} FROM {table} ORDER BY {order} LIMIT {batch}");
    let marks: Vec<String> = (1..=keys.len()).map(|i| format!("?{i}")).collect();
    let next = format!(
        "SELECT {list} FROM {table} WHERE ({order}) > ({}) ORDER BY {order} LIMIT {batch}",
        marks.join(", ")
    );
    let mut page = conn.query_map(&first, &[], |r| Ok(r.clone()))?;
    loop {
        let Some(end) = page.last() else { return Ok(()) };
        let last: Vec<Value> = at.iter().map(|&i| end.values()[i].clone()).collect();
        let full = page.len() as i64 == batch;
        each(&page)?;
        if !full {
            return Ok(());
        }
        let params: Vec<&dyn ToValue> = last.iter().map(|v| v as &dyn ToValue).collect();
        page = conn.query_map(&next, &params, |r| Ok(r.clone()))?;
    }
}

fn copy_table(
    source: &Conn,
    target: &Conn,
    table: &str,
    order: &str,
    columns: &[String],
) -> Result<TableCopy> {
    let per_statement = per_statement(columns.len());
    let insert = |n: usize| insert_sql(table, columns, n);
    let full = insert(per_statement);
    let mut sum = Checksum::new();
    let mut rows = 0u64;
    each_page(source, table, order, columns, |page| {
        for chunk in page.chunks(per_statement) {
            let values: Vec<&dyn ToValue> = chunk
                .iter()
                .flat_map(|row| row.values().iter().map(|v| v as &dyn ToValue))
                .collect();
            if chunk.len() == per_statement {
                target.execute(&full, &values)?;
            } else {
                target.execute(&insert(chunk.len()), &values)?;
            }
            for row in chunk {
                sum.add(row);
            }
            rows += chunk.len() as u64;
        }
        Ok(())
    })?;
    Ok(TableCopy { table: table.to_owned(), rows, checksum: sum.hex() })
}

pub(super) fn checksum_table(
    conn: &Conn,
    table: &str,
    order: &str,
    columns: &[String],
) -> Result<TableCopy> {
    checksum_table_in(conn, table, order, columns, BATCH)
}

fn checksum_table_in(
    conn: &Conn,
    table: &str,
    order: &str,
    columns: &[String],
    batch: i64,
) -> Result<TableCopy> {
    let mut sum = Checksum::new();
    let mut rows = 0u64;
    each_page_of(conn, table, order, columns, batch, |page| {
        for row in page {
            sum.add(row);
            rows += 1;
        }
        Ok(())
    })?;
    Ok(TableCopy { table: table.to_owned(), rows, checksum: sum.hex() })
}

/// Counts and checksums every table of a desk, as [`copy`] reports them: two desks with equal
/// lists hold the same data.
pub fn checksums(db: &Db) -> Result<Vec<TableCopy>> {
    db.conn().read(|conn| {
        TABLES
            .iter()
            .map(|(table, order)| checksum_table(conn, table, order, &columns(conn, table)?))
            .collect()
    })
}

/// [`checksums`] read in pages of `batch` rows: for tests that every table's paging (by keys
/// of one, two and three columns) gives each row once, in order, on either engine.
#[doc(hidden)]
pub fn checksums_in_pages(db: &Db, batch: i64) -> Result<Vec<TableCopy>> {
    db.conn().read(|conn| {
        TABLES
            .iter()
            .map(|(table, order)| {
                checksum_table_in(conn, table, order, &columns(conn, table)?, batch)
            })
            .collect()
    })
}

/// 64-bit FNV-1a over each value with a tag for its kind, so that 1 and "1" differ.
pub(super) struct Checksum(u64);

impl Checksum {
    pub(super) fn new() -> Checksum {
        Checksum(0xcbf2_9ce4_8422_2325)
    }

    fn bytes(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    pub(super) fn add(&mut self, row: &Row) {
        for value in row.values() {
            match value {
                Value::Null => self.bytes(b"N"),
                Value::Int(i) => {
                    self.bytes(b"I");
                    self.bytes(&i.to_le_bytes());
                }
                Value::Real(r) => {
                    self.bytes(b"R");
                    self.bytes(&r.to_le_bytes());
                }
                Value::Text(t) => {
                    self.bytes(b"T");
                    self.bytes(&(t.len() as u64).to_le_bytes());
                    self.bytes(t.as_bytes());
                }
                Value::Blob(b) => {
                    self.bytes(b"B");
                    self.bytes(&(b.len() as u64).to_le_bytes());
                    self.bytes(b);
                }
            }
        }
        self.bytes(b"\n");
    }

    pub(super) fn hex(&self) -> String {
        format!("{:016x}", self.0)
    }
}
