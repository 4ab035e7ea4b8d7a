//! What is in a database, at a glance: for the status bar, `cspdesk info` and support.

use serde::Serialize;

use crate::db::Conn;
use crate::{params, Db, Result};

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

/// What a new desk still has to set up, in order; the app shows a checklist until all is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct FirstSteps {
    /// The company name and a support phone or e-mail, which the terms sheet prints.
    pub profile: bool,
    /// A plan saved by the partner (the starter plan reviewed, or one of its own).
    pub plan: bool,
    pub customer: bool,
}

impl FirstSteps {
    pub fn done(&self) -> bool {
        self.profile && self.plan && self.customer
    }
}

/// The setting written when the partner saves a plan (see `offering::save_plan`).
pub(crate) const PLAN_SAVED_KEY: &str = "plan_saved";

pub fn first_steps(db: &Db) -> Result<FirstSteps> {
    let (profile, plan, customer) = db.conn().query_row(
        "SELECT EXISTS (SELECT 1 FROM partner_profile WHERE legal_name <> ''
                        AND (support_email <> '' OR support_phone <> '')),
                EXISTS (SELECT 1 FROM setting WHERE key = ?1),
                EXISTS (SELECT 1 FROM customer)",
        params![PLAN_SAVED_KEY],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    Ok(FirstSteps { profile, plan, customer })
}

fn count(conn: &Conn, table: &str) -> Result<u32> {
    conn.query_row(&format!("SELECT count(*) FROM \"{table}\""), &[], |r| r.get(0))
}
