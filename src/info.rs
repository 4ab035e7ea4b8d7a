//! What is in a database, at a glance: for the status bar, `cspdesk info` and support.

use rusqlite::Connection;
use serde::Serialize;

use crate::{Db, Result};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DbInfo {
    pub schema_version: u32,
    pub plans: u32,
    pub customers: u32,
    pub calls: u32,
}

pub fn db_info(db: &Db) -> Result<DbInfo> {
    let conn = db.conn();
    Ok(DbInfo {
        schema_version: db.schema_version()?,
        plans: count(conn, "plan")?,
        customers: count(conn, "customer")?,
        calls: count(conn, "call")?,
    })
}

fn count(conn: &Connection, table: &str) -> Result<u32> {
    Ok(conn.query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |r| r.get(0))?)
}
