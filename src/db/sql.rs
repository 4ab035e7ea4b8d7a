//! The seam between the domain and the database engine. Every module of the core reads and
//! writes through [`Conn`]: SQL text with numbered parameters (`?1`, `?2`, ...), parameters as
//! [`ToValue`], and rows as [`Row`]s of [`Value`]s read back with [`FromValue`]. Nothing outside
//! `db` names an engine's crate, so the domain does not know which engine it runs on.
//!
//! Rows are read whole into memory: every query of the core asks for a page, one record or a
//! small set (the largest is the customer list, 2,000 rows), and owned rows let each engine
//! keep its own borrowing rules inside this module.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;

use crate::{Error, Result};

/// The engines the core runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// The embedded file of a solo desk.
    Sqlite,
    /// The team server.
    Postgres,
}

/// One value of a column or a parameter. Truth values are integers 0 and 1, times are Unix
/// seconds (as SQLite stores them).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("NULL"),
            Value::Int(i) => write!(f, "the number {i}"),
            Value::Real(r) => write!(f, "the number {r}"),
            Value::Text(t) => write!(f, "the text {t:?}"),
            Value::Blob(b) => write!(f, "{} bytes", b.len()),
        }
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}

impl From<String> for Value {
    fn from(t: String) -> Value {
        Value::Text(t)
    }
}

impl From<&str> for Value {
    fn from(t: &str) -> Value {
        Value::Text(t.to_owned())
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

impl FromValue for Value {
    fn from_value(value: &Value) -> std::result::Result<Self, String> {
        Ok(value.clone())
    }
}

/// Parameters gathered at run time (a filter's conditions), as a statement takes them.
pub fn dyn_params(values: &[Value]) -> Vec<&dyn ToValue> {
    values.iter().map(|v| v as &dyn ToValue).collect()
}

/// A Rust value as a parameter.
pub trait ToValue {
    fn to_value(&self) -> Value;
}

/// A Rust value read from a column. The error says what was expected.
pub trait FromValue: Sized {
    fn from_value(value: &Value) -> std::result::Result<Self, String>;
}

impl ToValue for Value {
    fn to_value(&self) -> Value {
        self.clone()
    }
}

impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }
}

impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToValue::to_value)
    }
}

macro_rules! integers {
    ($($t:ty),*) => {$(
        impl ToValue for $t {
            fn to_value(&self) -> Value {
                Value::Int(i64::try_from(*self).unwrap_or(i64::MAX))
            }
        }
        impl FromValue for $t {
            fn from_value(value: &Value) -> std::result::Result<Self, String> {
                match value {
                    Value::Int(i) => <$t>::try_from(*i)
                        .map_err(|_| format!("{i} is out of range for {}", stringify!($t))),
                    other => Err(format!("expected a whole number, found {other}")),
                }
            }
        }
    )*};
}
integers!(i64, i32, i16, u32, u16, u8, usize);

impl ToValue for bool {
    fn to_value(&self) -> Value {
        Value::Int(i64::from(*self))
    }
}

impl FromValue for bool {
    fn from_value(value: &Value) -> std::result::Result<Self, String> {
        match value {
            Value::Int(i) => Ok(*i != 0),
            other => Err(format!("expected 0 or 1, found {other}")),
        }
    }
}

impl ToValue for f64 {
    fn to_value(&self) -> Value {
        Value::Real(*self)
    }
}

impl FromValue for f64 {
    fn from_value(value: &Value) -> std::result::Result<Self, String> {
        match value {
            Value::Real(r) => Ok(*r),
            Value::Int(i) => Ok(*i as f64),
            other => Err(format!("expected a number, found {other}")),
        }
    }
}

impl ToValue for str {
    fn to_value(&self) -> Value {
        Value::Text(self.to_owned())
    }
}

impl ToValue for String {
    fn to_value(&self) -> Value {
        Value::Text(self.clone())
    }
}

impl FromValue for String {
    fn from_value(value: &Value) -> std::result::Result<Self, String> {
        match value {
            Value::Text(t) => Ok(t.clone()),
            other => Err(format!("expected text, found {other}")),
        }
    }
}

impl ToValue for [u8] {
    fn to_value(&self) -> Value {
        Value::Blob(self.to_vec())
    }
}

impl ToValue for Vec<u8> {
    fn to_value(&self) -> Value {
        Value::Blob(self.clone())
    }
}

impl FromValue for Vec<u8> {
    fn from_value(value: &Value) -> std::result::Result<Self, String> {
        match value {
            Value::Blob(b) => Ok(b.clone()),
            other => Err(format!("expected bytes, found {other}")),
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: &Value) -> std::result::Result<Self, String> {
        match value {
            Value::Null => Ok(None),
            v => T::from_value(v).map(Some),
        }
    }
}

/// Parameters for one statement: `params![a, b, c]`.
#[macro_export]
macro_rules! params {
    () => { &[] as &[&dyn $crate::db::sql::ToValue] };
    ($($p:expr),+ $(,)?) => { &[$(&$p as &dyn $crate::db::sql::ToValue),+] as &[&dyn $crate::db::sql::ToValue] };
}
pub use crate::params;

/// One row of a result, read whole.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    values: Vec<Value>,
}

impl Row {
    /// The value of column `i` (from 0) as a `T`.
    pub fn get<T: FromValue>(&self, i: usize) -> Result<T> {
        let value = self.values.get(i).ok_or_else(|| {
            Error::Database(format!("a query asked for column {i} of {}", self.values.len()))
        })?;
        T::from_value(value).map_err(|e| Error::Database(format!("column {i}: {e}")))
    }

    /// Every value of the row.
    pub fn values(&self) -> &[Value] {
        &self.values
    }
}

/// An open connection to either engine.
pub struct Conn {
    inner: Inner,
}

enum Inner {
    Sqlite(rusqlite::Connection),
    Postgres(Box<RefCell<Pg>>),
}

/// How many prepared statements a PostgreSQL session keeps (SQLite's statement cache is
/// bounded too). Lists put their page size into the SQL, so the texts are many but few recur.
const PREPARED: usize = 64;

/// A PostgreSQL session and the statements it has prepared, by their SQL as the core wrote it.
struct Pg {
    client: postgres::Client,
    statements: HashMap<String, postgres::Statement>,
    /// This session's server process, to tell its own notifications from others'.
    pid: i32,
    /// Notifications from other sessions received so far.
    others: i64,
}

impl Pg {
    fn statement(&mut self, sql: &str) -> Result<postgres::Statement> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let prepared = self.client.prepare(&dollar_params(sql)).map_err(pg_error)?;
        if self.statements.len() >= PREPARED {
            // Dropped statements are closed on the server.
            self.statements.clear();
        }
        self.statements.insert(sql.to_owned(), prepared.clone());
        Ok(prepared)
    }
}

/// Values as the `postgres` crate takes parameters.
fn pg_params(values: &[Value]) -> Vec<&(dyn postgres::types::ToSql + Sync)> {
    values.iter().map(|v| v as &(dyn postgres::types::ToSql + Sync)).collect()
}

fn pg_error(e: postgres::Error) -> Error {
    Error::Postgres(e)
}

/// The core's numbered parameters (`?1`, or `?` counted in order) as PostgreSQL's `$1`;
/// quoted text and names are left as they are.
pub(crate) fn dollar_params(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.chars().peekable();
    let mut counted = 0;
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                out.push(c);
                for d in chars.by_ref() {
                    out.push(d);
                    if d == c {
                        break;
                    }
                }
            }
            '?' => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(*d);
                    chars.next();
                }
                if digits.is_empty() {
                    counted += 1;
                    digits = counted.to_string();
                }
                out.push('$');
                out.push_str(&digits);
            }
            _ => out.push(c),
        }
    }
    out
}

fn pg_value(row: &postgres::Row, i: usize) -> Result<Value> {
    use postgres::types::Type;
    let ty = row.columns()[i].type_().clone();
    let read = |e: postgres::Error| Error::Postgres(e);
    Ok(match ty {
        Type::INT8 => {
            row.try_get::<_, Option<i64>>(i).map_err(read)?.map_or(Value::Null, Value::Int)
        }
        Type::INT4 => row
            .try_get::<_, Option<i32>>(i)
            .map_err(read)?
            .map_or(Value::Null, |v| Value::Int(v.into())),
        Type::INT2 => row
            .try_get::<_, Option<i16>>(i)
            .map_err(read)?
            .map_or(Value::Null, |v| Value::Int(v.into())),
        Type::BOOL => row
            .try_get::<_, Option<bool>>(i)
            .map_err(read)?
            .map_or(Value::Null, |v| Value::Int(v.into())),
        Type::FLOAT8 => {
            row.try_get::<_, Option<f64>>(i).map_err(read)?.map_or(Value::Null, Value::Real)
        }
        Type::FLOAT4 => row
            .try_get::<_, Option<f32>>(i)
            .map_err(read)?
            .map_or(Value::Null, |v| Value::Real(v.into())),
        Type::BYTEA => {
            row.try_get::<_, Option<Vec<u8>>>(i).map_err(read)?.map_or(Value::Null, Value::Blob)
        }
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME => {
            row.try_get::<_, Option<String>>(i).map_err(read)?.map_or(Value::Null, Value::Text)
        }
        other => {
            return Err(Error::Database(format!(
                "column {} has the PostgreSQL type {other}, which the core does not read",
                row.columns()[i].name()
            )))
        }
    })
}

impl postgres::types::ToSql for Value {
    fn to_sql(
        &self,
        ty: &postgres::types::Type,
        out: &mut bytes::BytesMut,
    ) -> std::result::Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>>
    {
        use postgres::types::Type;
        match self {
            Value::Null => Ok(postgres::types::IsNull::Yes),
            Value::Int(i) => match *ty {
                Type::INT8 => i.to_sql(ty, out),
                Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
                Type::BOOL => (*i != 0).to_sql(ty, out),
                Type::FLOAT8 => (*i as f64).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR => i.to_string().to_sql(ty, out),
                _ => Err(format!("a whole number where PostgreSQL expects {ty}").into()),
            },
            Value::Real(r) => match *ty {
                Type::FLOAT4 => (*r as f32).to_sql(ty, out),
                _ => r.to_sql(ty, out),
            },
            Value::Text(t) => t.as_str().to_sql(ty, out),
            Value::Blob(b) => b.as_slice().to_sql(ty, out),
        }
    }

    fn accepts(_: &postgres::types::Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

impl Conn {
    pub(crate) fn sqlite(conn: rusqlite::Connection) -> Conn {
        Conn { inner: Inner::Sqlite(conn) }
    }

    pub(crate) fn postgres(client: postgres::Client) -> Conn {
        let pg = Pg { client, statements: HashMap::new(), pid: 0, others: 0 };
        Conn { inner: Inner::Postgres(Box::new(RefCell::new(pg))) }
    }

    /// PostgreSQL: listens on `channel` from now on (see [`Conn::others_notified`]).
    pub(crate) fn listen(&self, channel: &str) -> Result<()> {
        if let Inner::Postgres(pg) = &self.inner {
            let mut pg = pg.borrow_mut();
            let pid = pg.client.query_one("SELECT pg_backend_pid()", &[]).map_err(pg_error)?;
            pg.pid = pid.get(0);
            let quoted = format!("\"{}\"", channel.replace('"', "\"\""));
            pg.client.batch_execute(&format!("LISTEN {quoted}")).map_err(pg_error)?;
        }
        Ok(())
    }

    /// PostgreSQL: how many notifications other sessions have sent on the channel listened
    /// to, counting those that arrived since the last call (read without waiting).
    pub(crate) fn others_notified(&self) -> Result<i64> {
        match &self.inner {
            Inner::Postgres(pg) => {
                let mut pg = pg.borrow_mut();
                let pid = pg.pid;
                use postgres::fallible_iterator::FallibleIterator;
                // The client reads the socket only while it waits on the server: one round
                // trip takes in every notification the server has sent until now.
                pg.client.batch_execute("SELECT 1").map_err(pg_error)?;
                let mut arrived = 0;
                {
                    let mut notifications = pg.client.notifications();
                    let mut waiting = notifications.iter();
                    while let Some(n) = waiting.next().map_err(pg_error)? {
                        if n.process_id() != pid {
                            arrived += 1;
                        }
                    }
                }
                pg.others += arrived;
                Ok(pg.others)
            }
            Inner::Sqlite(_) => Ok(0),
        }
    }

    pub fn engine(&self) -> Engine {
        match self.inner {
            Inner::Sqlite(_) => Engine::Sqlite,
            Inner::Postgres(_) => Engine::Postgres,
        }
    }

    /// The SQLite connection, for what only SQLite has (pragmas, the backup API).
    pub(crate) fn as_sqlite(&self) -> Option<&rusqlite::Connection> {
        match &self.inner {
            Inner::Sqlite(c) => Some(c),
            Inner::Postgres(_) => None,
        }
    }

    /// A statement to run several times (each row of a list written, say). Engines keep
    /// statements prepared by their text, so this costs one preparation however often it runs.
    pub fn prepare<'c>(&'c self, sql: &str) -> Result<Stmt<'c>> {
        Ok(Stmt { conn: self, sql: sql.to_owned() })
    }

    /// Runs one statement; the number of rows it changed.
    pub fn execute(&self, sql: &str, params: &[&dyn ToValue]) -> Result<usize> {
        match &self.inner {
            Inner::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                Ok(stmt.execute(rusqlite::params_from_iter(params.iter().map(|p| p.to_value())))?)
            }
            Inner::Postgres(pg) => {
                let mut pg = pg.borrow_mut();
                let stmt = pg.statement(sql)?;
                let values: Vec<Value> = params.iter().map(|p| p.to_value()).collect();
                Ok(pg.client.execute(&stmt, &pg_params(&values)).map_err(pg_error)? as usize)
            }
        }
    }

    /// Opens a transaction left open across calls, for filling a private staging file (an
    /// archive being read, `db::archive`): references are checked at [`Conn::commit_staging`],
    /// so rows may come in any order. Never for a desk someone works in: use `write`.
    pub(crate) fn begin_staging(&self) -> Result<()> {
        self.execute_batch("BEGIN IMMEDIATE; PRAGMA defer_foreign_keys = ON;")
    }

    pub(crate) fn commit_staging(&self) -> Result<()> {
        self.execute_batch("COMMIT")
    }

    /// Runs statements separated by semicolons, without parameters.
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        match &self.inner {
            Inner::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Inner::Postgres(pg) => pg.borrow_mut().client.batch_execute(sql).map_err(pg_error),
        }
    }

    /// Runs an INSERT into a table with an `id` key and gives the new row's id.
    pub fn insert(&self, sql: &str, params: &[&dyn ToValue]) -> Result<i64> {
        let sql = format!("{sql} RETURNING id");
        self.query_row(&sql, params, |r| r.get(0))
    }

    /// Every row of a query, each made into a `T` by `f`.
    pub fn query_map<T>(
        &self,
        sql: &str,
        params: &[&dyn ToValue],
        mut f: impl FnMut(&Row) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut out = Vec::new();
        self.each_row(sql, params, |row| {
            out.push(f(&row)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// The first row of a query, or `None` when there is none.
    pub fn query_opt<T>(
        &self,
        sql: &str,
        params: &[&dyn ToValue],
        f: impl FnOnce(&Row) -> Result<T>,
    ) -> Result<Option<T>> {
        let mut first = None;
        self.each_row(sql, params, |row| {
            if first.is_none() {
                first = Some(row);
            }
            Ok(())
        })?;
        first.as_ref().map(f).transpose()
    }

    /// The first row of a query that always has one (a count, a row known to exist).
    pub fn query_row<T>(
        &self,
        sql: &str,
        params: &[&dyn ToValue],
        f: impl FnOnce(&Row) -> Result<T>,
    ) -> Result<T> {
        self.query_opt(sql, params, f)?.ok_or_else(|| {
            Error::Database(format!("a query that always returns a row returned none: {sql}"))
        })
    }

    fn each_row(
        &self,
        sql: &str,
        params: &[&dyn ToValue],
        mut f: impl FnMut(Row) -> Result<()>,
    ) -> Result<()> {
        match &self.inner {
            Inner::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                let columns = stmt.column_count();
                let mut rows =
                    stmt.query(rusqlite::params_from_iter(params.iter().map(|p| p.to_value())))?;
                while let Some(r) = rows.next()? {
                    let mut values = Vec::with_capacity(columns);
                    for i in 0..columns {
                        values.push(match r.get_ref(i)? {
                            rusqlite::types::ValueRef::Null => Value::Null,
                            rusqlite::types::ValueRef::Integer(i) => Value::Int(i),
                            rusqlite::types::ValueRef::Real(r) => Value::Real(r),
                            rusqlite::types::ValueRef::Text(t) => {
                                Value::Text(String::from_utf8_lossy(t).into_owned())
                            }
                            rusqlite::types::ValueRef::Blob(b) => Value::Blob(b.to_vec()),
                        });
                    }
                    f(Row { values })?;
                }
                Ok(())
            }
            Inner::Postgres(pg) => {
                let rows = {
                    let mut pg = pg.borrow_mut();
                    let stmt = pg.statement(sql)?;
                    let values: Vec<Value> = params.iter().map(|p| p.to_value()).collect();
                    pg.client.query(&stmt, &pg_params(&values)).map_err(pg_error)?
                };
                // The session is free again: `f` may run queries of its own.
                for row in &rows {
                    let values =
                        (0..row.len()).map(|i| pg_value(row, i)).collect::<Result<Vec<_>>>()?;
                    f(Row { values })?;
                }
                Ok(())
            }
        }
    }

    /// Runs `f` in one write transaction that takes the desk's write lock first: everything
    /// `f` writes is committed together, or nothing when it fails or panics. SQLite: BEGIN
    /// IMMEDIATE. PostgreSQL: a transaction-scoped advisory lock for the desk's schema, so
    /// that writers take turns there too and each one validates against what the previous one
    /// committed (two technicians resolving one call at once: one resolves it, the other is
    /// told it is resolved). Reads never wait for it. A desk's writes are a person's clicks,
    /// so taking turns costs nothing noticeable.
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&Conn) -> Result<T>) -> Result<T> {
        self.within(
            match self.engine() {
                Engine::Sqlite => "BEGIN IMMEDIATE",
                Engine::Postgres => {
                    "BEGIN; SELECT pg_advisory_xact_lock(hashtext('cspdesk write ' || current_schema()))"
                }
            },
            f,
        )
    }

    /// Runs `f` in one read-only transaction: everything it reads is one consistent snapshot,
    /// while others go on writing (SQLite: a deferred transaction under WAL; PostgreSQL:
    /// REPEATABLE READ, READ ONLY). Ending it either way releases the snapshot.
    pub(crate) fn read<T>(&self, f: impl FnOnce(&Conn) -> Result<T>) -> Result<T> {
        self.within(
            match self.engine() {
                Engine::Sqlite => "BEGIN DEFERRED",
                Engine::Postgres => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
            },
            f,
        )
    }

    fn within<T>(&self, begin: &str, f: impl FnOnce(&Conn) -> Result<T>) -> Result<T> {
        self.execute_batch(begin)?;
        let open = Open { conn: self, done: false };
        let out = f(open.conn);
        open.end(out)
    }
}

/// A statement bound to its connection: see [`Conn::prepare`].
pub struct Stmt<'c> {
    conn: &'c Conn,
    sql: String,
}

impl Stmt<'_> {
    pub fn execute(&mut self, params: &[&dyn ToValue]) -> Result<usize> {
        self.conn.execute(&self.sql, params)
    }

    pub fn insert(&mut self, params: &[&dyn ToValue]) -> Result<i64> {
        self.conn.insert(&self.sql, params)
    }

    pub fn query_map<T>(
        &mut self,
        params: &[&dyn ToValue],
        f: impl FnMut(&Row) -> Result<T>,
    ) -> Result<Vec<T>> {
        self.conn.query_map(&self.sql, params, f)
    }
}

/// A transaction in progress: committed by `end` when its work succeeded, else rolled back,
/// and rolled back when dropped without `end` (a panic in the work).
struct Open<'a> {
    conn: &'a Conn,
    done: bool,
}

impl Open<'_> {
    fn end<T>(mut self, out: Result<T>) -> Result<T> {
        self.done = true;
        match out {
            Ok(v) => match self.conn.execute_batch("COMMIT") {
                Ok(()) => Ok(v),
                Err(e) => {
                    let _ = self.conn.execute_batch("ROLLBACK");
                    Err(e)
                }
            },
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }
}

impl Drop for Open<'_> {
    fn drop(&mut self) {
        if !self.done {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}

impl rusqlite::types::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null => ValueRef::Null,
            Value::Int(i) => ValueRef::Integer(*i),
            Value::Real(r) => ValueRef::Real(*r),
            Value::Text(t) => ValueRef::Text(t.as_bytes()),
            Value::Blob(b) => ValueRef::Blob(b),
        }))
    }
}
