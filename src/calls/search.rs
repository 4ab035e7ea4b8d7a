//! Full-text search over calls: the user's words as an FTS5 query, and the ranking of the
//! newest matches (summary > customer > description > notes and resolution).

use crate::db::{dyn_params, Conn, Engine, Value};

use crate::Result;

/// A search ranks the most recent this many matching calls.
pub const RANKED_MATCHES: u32 = 500;

/// On PostgreSQL, how many of the newest calls a search reads first (see `best_matches`).
const NEWEST_FIRST: i64 = 20_000;

/// The ids of the best matches, best first: `from_where` (the list's FROM, joins and WHERE,
/// including the MATCH) read newest first. Ranking every match of a common word in a million
/// calls with FTS5's bm25 takes a tenth of a second, so the newest [`RANKED_MATCHES`] matches
/// (cheap: the index is read in rowid order and stops early) are ranked here.
pub(super) fn best_matches(
    conn: &Conn,
    from_where: &str,
    args: Vec<Value>,
    input: &str,
) -> Result<Vec<i64>> {
    let words = search_words(input);
    let columns = "SELECT call.id, call.summary, customer.name, call.description, call.troubleshooting_notes, call.resolution";
    let score = |r: &crate::db::Row| -> Result<(u32, i64)> {
        let texts: [String; 5] = [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?];
        Ok((relevance(&words, &texts), r.get(0)?))
    };
    let mut scored: Vec<(u32, i64)> = match conn.engine() {
        Engine::Sqlite => conn.query_map(
            &format!(
                "{columns} {from_where} ORDER BY {} DESC LIMIT {RANKED_MATCHES}",
                full_text(Engine::Sqlite).order
            ),
            &dyn_params(&args),
            &score,
        )?,
        // PostgreSQL's planner cannot know how many calls two words match together, and a
        // wrong guess either walks every call newest first testing each (277 ms over a million
        // calls for words that never meet) or reads every match of a common word (143 ms).
        // So: the newest calls first, where a common search finds its matches at once; only
        // when they hold too few, the older ones through the index (`+ 0` keeps the planner
        // from walking them in id order).
        Engine::Postgres => {
            let floor: i64 = conn
                .query_row("SELECT coalesce(max(id), 0) FROM call", &[], |r| r.get::<i64>(0))?
                .saturating_sub(NEWEST_FIRST);
            let mut newer = args.clone();
            newer.push(Value::Int(floor));
            let mut found = conn.query_map(
                &format!(
                    "{columns} {from_where} AND call_search.call_id > ? ORDER BY call_search.call_id DESC LIMIT {RANKED_MATCHES}"
                ),
                &dyn_params(&newer),
                &score,
            )?;
            let missing = RANKED_MATCHES as usize - found.len();
            if missing > 0 {
                let mut older = args;
                older.push(Value::Int(floor));
                found.extend(conn.query_map(
                    &format!(
                        "{columns} {from_where} AND call_search.call_id <= ? ORDER BY call_search.call_id + 0 DESC LIMIT {missing}"
                    ),
                    &dyn_params(&older),
                    &score,
                )?);
            }
            found
        }
    };
    // Higher score first; newer (larger id) first among equals.
    scored.sort_by(|a, b| b.cmp(a));
    Ok(scored.into_iter().map(|(_, id)| id).collect())
}

/// The words of a search, folded like the index folds them; the last one may be a prefix.
fn search_words(input: &str) -> Vec<String> {
    input
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(16)
        .map(fold)
        .collect()
}

/// Lower case without diacritics: "Södertälje" → "sodertalje".
fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
            'ç' | 'ć' | 'č' => 'c',
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' | 'ń' | 'ň' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ő' => 'o',
            'ù' | 'ú' | 'û' | 'ü' | 'ű' | 'ů' => 'u',
            'ý' | 'ÿ' => 'y',
            'ł' => 'l',
            'ř' => 'r',
            'š' | 'ś' => 's',
            'ž' | 'ź' | 'ż' => 'z',
            other => other,
        })
        .collect()
}

/// How well a call matches: each search word found in the summary counts 6, in the customer's
/// name 4, in the description 2, in notes or resolution 1. The last word matches as a prefix.
fn relevance(words: &[String], texts: &[String; 5]) -> u32 {
    const WEIGHTS: [u32; 5] = [6, 4, 2, 1, 1];
    let folded: Vec<Vec<String>> = texts.iter().map(|t| search_words(t)).collect();
    let mut score = 0;
    for (i, word) in words.iter().enumerate() {
        let last = i + 1 == words.len();
        for (tokens, weight) in folded.iter().zip(WEIGHTS) {
            if tokens.iter().any(|t| t == word || (last && t.starts_with(word.as_str()))) {
                score += weight;
            }
        }
    }
    score
}

/// How each engine's full-text index joins a call, matches a query and orders matches newest
/// first: SQLite's FTS5 table `call_search` by rowid, PostgreSQL's tsvector table by call id.
pub(super) struct FullText {
    pub join: &'static str,
    /// The condition, with the query's `?`.
    pub matches: &'static str,
    pub order: &'static str,
}

pub(super) fn full_text(engine: Engine) -> FullText {
    match engine {
        Engine::Sqlite => FullText {
            join: " JOIN call_search ON call_search.rowid = call.id",
            matches: "call_search MATCH ?",
            order: "call_search.rowid",
        },
        Engine::Postgres => FullText {
            join: " JOIN call_search ON call_search.call_id = call.id",
            matches: "call_search.document @@ to_tsquery('simple', ?)",
            order: "call_search.call_id",
        },
    }
}

/// A user's words as the engine's query: [`fts_query`] for SQLite, [`ts_query`] for
/// PostgreSQL. Empty when there is no word to look for.
pub(super) fn match_query(engine: Engine, input: &str) -> String {
    match engine {
        Engine::Sqlite => fts_query(input),
        Engine::Postgres => ts_query(input),
    }
}

/// A user's words as a PostgreSQL tsquery: folded like the index, each word quoted (only
/// letters and digits remain, so no input is an error), all required, the last as a prefix.
pub fn ts_query(input: &str) -> String {
    let words = search_words(input);
    match words.split_last() {
        Some((last, rest)) => {
            let mut parts: Vec<String> = rest.iter().map(|w| format!("'{w}'")).collect();
            parts.push(format!("'{last}':*"));
            parts.join(" & ")
        }
        None => String::new(),
    }
}

/// A user's words as an FTS5 query: each word quoted (so quotes, operators and unbalanced input
/// are plain text), all words required, the last one as a prefix.
pub fn fts_query(input: &str) -> String {
    let words: Vec<String> = input
        .split(|c: char| c.is_whitespace() || (c.is_ascii_punctuation() && c != '-' && c != '\''))
        .filter(|w| !w.is_empty())
        .take(16)
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect();
    match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} {last}*", rest.join(" ")),
        Some((last, _)) => format!("{last}*"),
        None => String::new(),
    }
}
