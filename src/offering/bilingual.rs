//! Texts a partner writes for its customers, in both languages the sheet is printed in.

use serde::{Deserialize, Serialize};

use crate::problem::{ProblemCode, Problems};
use crate::settings::Language;

/// A text in Swedish and in English. Either may be empty while the partner has not written it
/// yet; a sheet in a language whose text is missing prints the other one and says so (see
/// [`crate::terms::missing_texts`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Bilingual {
    pub sv: String,
    pub en: String,
}

impl Bilingual {
    pub fn new(sv: impl Into<String>, en: impl Into<String>) -> Bilingual {
        Bilingual { sv: sv.into(), en: en.into() }
    }

    /// A text written in one language only.
    pub fn only(lang: Language, text: impl Into<String>) -> Bilingual {
        let mut b = Bilingual::default();
        *b.slot_mut(lang) = text.into();
        b
    }

    /// The same text in both (a name that is not translated, such as "Standard").
    pub fn same(text: impl Into<String>) -> Bilingual {
        let text = text.into();
        Bilingual { sv: text.clone(), en: text }
    }

    /// The text in `lang`, trimmed; empty when it was not written.
    pub fn get(&self, lang: Language) -> &str {
        match lang {
            Language::Sv => self.sv.trim(),
            Language::En => self.en.trim(),
        }
    }

    pub fn slot_mut(&mut self, lang: Language) -> &mut String {
        match lang {
            Language::Sv => &mut self.sv,
            Language::En => &mut self.en,
        }
    }

    /// The text in `lang`, or in the other language when it is missing there.
    pub fn or_other(&self, lang: Language) -> &str {
        let text = self.get(lang);
        if text.is_empty() {
            self.get(other(lang))
        } else {
            text
        }
    }

    /// Whether the text is written in the other language but not in `lang`.
    pub fn missing_in(&self, lang: Language) -> bool {
        self.get(lang).is_empty() && !self.get(other(lang)).is_empty()
    }

    pub fn is_empty(&self) -> bool {
        self.sv.trim().is_empty() && self.en.trim().is_empty()
    }

    pub fn trimmed(&self) -> Bilingual {
        Bilingual { sv: self.sv.trim().to_owned(), en: self.en.trim().to_owned() }
    }

    /// Whether either language's text equals `text`, ignoring case.
    pub fn matches(&self, text: &str) -> bool {
        let text = text.trim().to_lowercase();
        !text.is_empty()
            && (self.sv.trim().to_lowercase() == text || self.en.trim().to_lowercase() == text)
    }
}

/// The same text in both languages (names that are not translated; tests).
impl From<&str> for Bilingual {
    fn from(text: &str) -> Bilingual {
        Bilingual::same(text)
    }
}

impl From<String> for Bilingual {
    fn from(text: String) -> Bilingual {
        Bilingual::same(text)
    }
}

impl std::fmt::Display for Bilingual {
    /// Both texts, "svensk / English", or the one that exists: for messages and logs that
    /// have no language of their own.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (sv, en) = (self.sv.trim(), self.en.trim());
        match (sv.is_empty(), en.is_empty()) {
            (false, false) if sv == en => f.write_str(sv),
            (false, false) => write!(f, "{sv} / {en}"),
            (false, true) => f.write_str(sv),
            _ => f.write_str(en),
        }
    }
}

pub(crate) fn other(lang: Language) -> Language {
    match lang {
        Language::Sv => Language::En,
        Language::En => Language::Sv,
    }
}

impl Problems {
    /// A text in both languages: each checked like [`Problems::text`] at `field.sv` and
    /// `field.en`; when `required`, at least one of them must be written (problem at `field`).
    pub fn bilingual(&mut self, field: &str, value: &Bilingual, required: bool, max: usize) {
        self.bilingual_impl(field, value, required, max, false);
    }

    /// Like [`Problems::bilingual`], with line breaks allowed.
    pub fn bilingual_multiline(
        &mut self,
        field: &str,
        value: &Bilingual,
        required: bool,
        max: usize,
    ) {
        self.bilingual_impl(field, value, required, max, true);
    }

    fn bilingual_impl(
        &mut self,
        field: &str,
        value: &Bilingual,
        required: bool,
        max: usize,
        lines: bool,
    ) {
        if required && value.is_empty() {
            self.add(field, ProblemCode::Required);
            return;
        }
        for (lang, text) in [("sv", &value.sv), ("en", &value.en)] {
            let f = format!("{field}.{lang}");
            if lines {
                self.multiline(&f, text, false, max);
            } else {
                self.text(&f, text, false, max);
            }
        }
    }
}
