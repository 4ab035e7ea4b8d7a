//! CSP Desk core: the domain of a Microsoft CSP partner's support desk.
//!
//! This crate holds the model, the storage, and (as the product grows) SLA clocks, reports and
//! the terms-sheet renderer. It knows nothing about Tauri, IPC, or where the database file lives,
//! and it never reads the clock or the environment: callers pass `now`, paths and locales in.

pub mod backups;
pub mod billing;
pub mod calls;
pub mod customers;
pub mod db;
pub mod demo;
mod edits;
mod enums;
pub mod error;
pub mod files;
pub mod holidays;
pub mod info;
pub mod offering;
pub mod privacy;
pub mod problem;
pub mod reports;
pub mod settings;
pub mod sla;
pub mod team;
pub mod terms;
pub mod when;

pub use db::Db;
pub use error::{Error, ErrorKind, Result};
