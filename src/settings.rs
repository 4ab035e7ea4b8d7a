//! Application settings kept in the database, so they travel with a backup.

use serde::{Deserialize, Serialize};

use crate::{params, Db, Error, Result};

/// A language the product speaks, in the UI and in documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Language {
    En,
    Sv,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::En, Language::Sv];

    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Sv => "sv",
        }
    }

    pub fn parse(code: &str) -> Result<Language> {
        match code.trim().to_ascii_lowercase().as_str() {
            "en" => Ok(Language::En),
            "sv" => Ok(Language::Sv),
            _ => Err(Error::invalid(
                "language",
                crate::problem::ProblemCode::InvalidLanguage,
                &[("value", code.trim().to_owned())],
            )),
        }
    }

    /// The language for an OS locale tag such as `sv-SE`, `sv_FI.UTF-8` or `en-US`: Swedish for
    /// any Swedish locale, English otherwise.
    pub fn from_locale(tag: &str) -> Language {
        let primary = tag.split(['-', '_', '.', '@']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("sv") {
            Language::Sv
        } else {
            Language::En
        }
    }
}

/// The language the signed-in person chose in Settings; `None` until they choose one. Each
/// person of a team has their own.
pub fn language(db: &Db) -> Result<Option<Language>> {
    let value: Option<String> = db
        .conn()
        .query_opt("SELECT language FROM person WHERE id = ?1", params![db.me()?.id], |r| r.get(0))?
        .flatten();
    // A value this version does not know (written by a newer one) reads as "not chosen".
    Ok(value.and_then(|v| Language::parse(&v).ok()))
}

pub fn set_language(db: &mut Db, language: Language) -> Result<()> {
    let me = db.me()?.id;
    db.write(|tx| {
        tx.execute("UPDATE person SET language = ?2 WHERE id = ?1", params![me, language.code()])?;
        Ok(())
    })
}
