//! Times as people type them: RFC 3339, or a wall-clock "YYYY-MM-DD HH:MM" in a time zone the
//! caller names (the computer's). A wall-clock time the clocks skip, or one they repeat, is
//! refused with a message that says which, never guessed.

use chrono::{DateTime, LocalResult, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::problem::ProblemCode;
use crate::{Error, Result};

/// Reads `s` as an instant; a wall-clock time is read in `tz`.
pub fn parse_instant(field: &str, s: &str, tz: Tz) -> Result<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    let naive = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M"))
        .map_err(|_| Error::invalid(field, ProblemCode::InvalidDateTime, &[("value", s.into())]))?;
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(a, b) => Err(Error::invalid(
            field,
            ProblemCode::LocalTimeAmbiguous,
            &[("value", s.into()), ("first", a.to_rfc3339()), ("second", b.to_rfc3339())],
        )),
        LocalResult::None => {
            Err(Error::invalid(field, ProblemCode::LocalTimeMissing, &[("value", s.into())]))
        }
    }
}

/// A time zone as the environment gives it (`Europe/Stockholm`, `:Europe/Stockholm`, or a path
/// ending in `zoneinfo/Europe/Stockholm`); `None` when it names no IANA zone.
pub fn zone_from_env(value: &str) -> Option<Tz> {
    let name = value.trim().trim_start_matches(':');
    let name = name.rsplit_once("zoneinfo/").map_or(name, |(_, zone)| zone);
    name.parse().ok()
}
