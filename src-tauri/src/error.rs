//! Errors as they cross IPC: `{ kind, message, field }`, so the UI can show a validation
//! problem next to its field and a storage fault in a banner, keeping the user's input.

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ApiErrorKind {
    Validation,
    NotFound,
    Conflict,
    Storage,
    Internal,
    /// A server on the network could not be reached (the update check): the app works on.
    Network,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ApiError {
    pub kind: ApiErrorKind,
    pub message: String,
    /// For validation errors: the field, as named in the form.
    #[ts(optional = nullable)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Every problem found (validation, not found, conflict), each with its field and a code
    /// the UI translates.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<cspdesk::problem::Problem>>", optional)]
    pub problems: Vec<cspdesk::problem::Problem>,
}

impl ApiError {
    pub fn storage(message: impl Into<String>) -> ApiError {
        ApiError {
            kind: ApiErrorKind::Storage,
            message: message.into(),
            field: None,
            problems: Vec::new(),
        }
    }

    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError {
            kind: ApiErrorKind::Internal,
            message: message.into(),
            field: None,
            problems: Vec::new(),
        }
    }
}

impl From<cspdesk::Error> for ApiError {
    fn from(e: cspdesk::Error) -> ApiError {
        let kind = match e.kind() {
            cspdesk::ErrorKind::Validation => ApiErrorKind::Validation,
            cspdesk::ErrorKind::NotFound => ApiErrorKind::NotFound,
            cspdesk::ErrorKind::Conflict => ApiErrorKind::Conflict,
            cspdesk::ErrorKind::Storage => ApiErrorKind::Storage,
        };
        let field = e.field().map(str::to_owned);
        let problems = e.problems().to_vec();
        // The UI shows its own translation of the problems' codes; `message` is for logs.
        let message = match problems.first() {
            Some(p) => p.message.clone(),
            None => e.to_string(),
        };
        ApiError { kind, message, field, problems }
    }
}
