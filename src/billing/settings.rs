//! The partner's billing settings: the VAT rate and the article code of each kind of invoice
//! line (the codes the accounting program knows the articles by: Fortnox, Visma).

use serde::{Deserialize, Serialize};

use crate::problem::{ProblemCode, Problems};
use crate::{params, Db, Error, Result};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BillingSettings {
    /// VAT in hundredths of a percent: 2500 is 25 %.
    pub vat_rate: u32,
    pub articles: ArticleCodes,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ArticleCodes {
    pub hourly: String,
    pub incident: String,
    pub monthly: String,
    pub block: String,
    pub overage: String,
}

/// The longest article code (Fortnox allows 40 characters, Visma 16; we take the longer).
pub const MAX_ARTICLE: usize = 40;
/// The highest VAT rate accepted: 100 %.
pub const MAX_VAT: u32 = 10_000;

impl BillingSettings {
    pub fn problems(&self) -> Vec<crate::problem::Problem> {
        let mut p = Problems::default();
        if self.vat_rate > MAX_VAT {
            p.add_with(
                "vatRate",
                ProblemCode::OutOfRange,
                &[("min", "0".into()), ("max", "100".into())],
            );
        }
        let a = &self.articles;
        for (field, code) in [
            ("articles.hourly", &a.hourly),
            ("articles.incident", &a.incident),
            ("articles.monthly", &a.monthly),
            ("articles.block", &a.block),
            ("articles.overage", &a.overage),
        ] {
            p.text(field, code, false, MAX_ARTICLE);
            if code.trim().contains(char::is_whitespace) || code.contains(';') {
                p.add(field, ProblemCode::InvalidArticleCode);
            }
        }
        p.0
    }
}

pub fn billing_settings(db: &Db) -> Result<BillingSettings> {
    read(db.conn())
}

pub(crate) fn read(conn: &crate::db::Conn) -> Result<BillingSettings> {
    conn.query_row(
        "SELECT vat_rate, article_hourly, article_incident, article_monthly, article_block, article_overage
         FROM partner_profile WHERE id = 1",
        &[],
        |r| {
            Ok(BillingSettings {
                vat_rate: r.get::<i64>(0)?.clamp(0, i64::from(MAX_VAT)) as u32,
                articles: ArticleCodes {
                    hourly: r.get(1)?,
                    incident: r.get(2)?,
                    monthly: r.get(3)?,
                    block: r.get(4)?,
                    overage: r.get(5)?,
                },
            })
        },
    )
}

/// Saves the billing settings (owners only).
pub fn save_billing_settings(db: &mut Db, s: &BillingSettings) -> Result<()> {
    crate::team::require_owner(db.me()?, "billing")?;
    Error::check(s.problems())?;
    let a = &s.articles;
    db.write(|tx| {
        tx.execute(
            "UPDATE partner_profile SET vat_rate = ?1, article_hourly = ?2, article_incident = ?3,
                 article_monthly = ?4, article_block = ?5, article_overage = ?6 WHERE id = 1",
            params![
                i64::from(s.vat_rate),
                a.hourly.trim(),
                a.incident.trim(),
                a.monthly.trim(),
                a.block.trim(),
                a.overage.trim()
            ],
        )?;
        Ok(())
    })
}
