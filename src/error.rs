//! The one error type of the core, with a coarse [`ErrorKind`] that the shells map to their own
//! wire formats (IPC, exit codes).

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input that breaks a rule. `field` names the field (or JSON path) as the user knows it.
    #[error("{field}: {message}")]
    Validation { field: String, message: String },
    /// Input with one or more problems, each naming its field.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<crate::problem::Problem>),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
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
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Error {
        Error::Validation { field: field.into(), message: message.into() }
    }

    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Validation { .. } | Error::Invalid(_) => ErrorKind::Validation,
            Error::NotFound(_) => ErrorKind::NotFound,
            Error::Conflict(_) => ErrorKind::Conflict,
            Error::NewerSchema { .. }
            | Error::Io { .. }
            | Error::Database(_)
            | Error::Sqlite(_) => ErrorKind::Storage,
        }
    }

    /// The field a validation error is about, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Validation { field, .. } => Some(field),
            Error::Invalid(problems) => problems.first().map(|p| p.field.as_str()),
            _ => None,
        }
    }
}
