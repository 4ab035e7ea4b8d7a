//! Integration tests of the core library: one test binary, a module per area.

mod calls;
mod db;
mod holidays;
mod offering;
mod safety;
mod settings;
mod sla;
mod terms;
