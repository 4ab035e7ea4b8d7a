//! The one error type of the core, with a coarse [`ErrorKind`] that the shells map to their own
//! wire formats (IPC, exit codes).
//!
//! Everything a user can get wrong (a field, a missing record, a clash with the data) is a
//! [`Problem`]: a field path, a code the UI translates and an English message for the CLI.
//! Only faults of the file or the database carry free English text.

use std::path::PathBuf;

use crate::problem::{Problem, ProblemCode};

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input with one or more problems, each naming its field.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Problem>),
    /// The input names something that does not exist (a call, a customer, a plan).
    #[error("{0}")]
    NotFound(Problem),
    /// The request clashes with the data (a plan still in use, a call already resolved).
    #[error("{0}")]
    Conflict(Problem),
    #[error(
        "this database was written by a newer version of CSP Desk (schema version {found}; \
         this version understands up to {known}). Install the newest CSP Desk to open it; \
         the file was not changed."
    )]
    NewerSchema { found: u32, known: u32 },
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    /// The database file could not be opened or migrated; the message says which and why.
    #[error("{0}")]
    Database(String),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("database server: {}", describe_postgres(.0))]
    Postgres(postgres::Error),
    /// The team server could not be reached or refused the connection; the message says which
    /// server and why (the password never shown).
    #[error("{0}")]
    Unreachable(String),
}

/// A server error with its own message (and detail), not only its code.
fn describe_postgres(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => match db.detail() {
            Some(detail) => format!("{} ({detail})", db.message()),
            None => db.message().to_owned(),
        },
        None => e.to_string(),
    }
}

/// What went wrong, in the broad terms a user interface acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The input is wrong: show it next to the field and keep what the user typed.
    Validation,
    NotFound,
    /// The request clashes with the data (a duplicate name, a plan still in use).
    Conflict,
    /// The file or the database failed.
    Storage,
}

impl Error {
    /// One problem with one field.
    pub fn invalid(
        field: impl Into<String>,
        code: ProblemCode,
        params: &[(&str, String)],
    ) -> Error {
        Error::Invalid(vec![Problem::with(field, code, params)])
    }

    pub fn not_found(
        field: impl Into<String>,
        code: ProblemCode,
        params: &[(&str, String)],
    ) -> Error {
        Error::NotFound(Problem::with(field, code, params))
    }

    pub fn conflict(
        field: impl Into<String>,
        code: ProblemCode,
        params: &[(&str, String)],
    ) -> Error {
        Error::Conflict(Problem::with(field, code, params))
    }

    /// `Ok(())` when there are no problems, else all of them.
    pub fn check(problems: Vec<Problem>) -> Result<()> {
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(problems))
        }
    }

    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Invalid(_) => ErrorKind::Validation,
            Error::NotFound(_) => ErrorKind::NotFound,
            Error::Conflict(_) => ErrorKind::Conflict,
            Error::NewerSchema { .. }
            | Error::Io { .. }
            | Error::Database(_)
            | Error::Sqlite(_)
            | Error::Postgres(_)
            | Error::Unreachable(_) => ErrorKind::Storage,
        }
    }

    /// The problems of an error the user can act on; empty for storage faults.
    pub fn problems(&self) -> &[Problem] {
        match self {
            Error::Invalid(problems) => problems,
            Error::NotFound(p) | Error::Conflict(p) => std::slice::from_ref(p),
            _ => &[],
        }
    }

    /// The problems, mutable (the CLI renames fields to its option names).
    pub fn problems_mut(&mut self) -> &mut [Problem] {
        match self {
            Error::Invalid(problems) => problems,
            Error::NotFound(p) | Error::Conflict(p) => std::slice::from_mut(p),
            _ => &mut [],
        }
    }

    /// The field a validation error is about, if any.
    pub fn field(&self) -> Option<&str> {
        self.problems().first().map(|p| p.field.as_str())
    }

    /// Whether the team server went away (the connection is closed, or could not be made):
    /// the app connects again on the next action.
    pub fn is_disconnected(&self) -> bool {
        match self {
            // Closed, or the server shutting down (57P..) or the connection failing (08...).
            Error::Postgres(e) => {
                e.is_closed()
                    || e.code()
                        .is_some_and(|c| c.code().starts_with("57P") || c.code().starts_with("08"))
                    || (e.as_db_error().is_none() && e.to_string().contains("connection"))
            }
            Error::Unreachable(_) => true,
            _ => false,
        }
    }

    /// Whether SQLite answered "busy" or "locked": another writer held the file too long.
    pub fn is_busy(&self) -> bool {
        matches!(
            self,
            Error::Sqlite(e) if matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
            )
        )
    }
}
