//! The team engine beside the solo one: the same core calls on the same million calls, in the
//! SQLite file `calls` makes and in PostgreSQL (the server in CSPDESK_BENCH_POSTGRES, which
//! `cargo xtask bench` starts and keeps under target/tmp; the desk is copied there once with
//! `db::copy`). Prints one table, best of 20 runs each, and the first page beside the same
//! query run by `psql` on the same data.

mod common;

use std::time::Instant;

use chrono::Utc;
use cspdesk::calls::{list_calls, log_call, CallFilter, Channel, NewCall, Service};
use cspdesk::Db;

use common::best;

/// The operations measured, each as the app asks for it.
fn measure(db: &mut Db) -> Vec<(&'static str, f64)> {
    let now = Utc::now();
    let first = CallFilter::default();
    let search = CallFilter { query: Some("mailbox permissions".into()), ..CallFilter::default() };
    let common = CallFilter { query: Some("outlook".into()), ..CallFilter::default() };
    let overdue = CallFilter { overdue: true, ..CallFilter::default() };
    let mut out = Vec::new();
    for (what, filter) in [
        ("first page of the call list", &first),
        ("search \"mailbox permissions\" (0 hits)", &search),
        ("search \"outlook\"", &common),
        ("overdue calls", &overdue),
    ] {
        let ms = best(20, || {
            std::hint::black_box(list_calls(db, filter, now, 100, 0).unwrap());
        });
        out.push((what, ms));
    }
    let call = NewCall {
        customer_id: 1,
        received_at: now,
        channel: Channel::Phone,
        contact_id: None,
        contact_name: "Bench".into(),
        service: Service::Teams,
        severity: "B".into(),
        summary: "Benchmark call".into(),
        description: String::new(),
        assignee: None,
    };
    let ms = best(20, || {
        std::hint::black_box(log_call(db, &call, now).unwrap());
    });
    out.push(("logging a call", ms));
    out
}

/// The first page's rows read by psql (its own \timing, best of 5), in ms.
fn psql_first_page(url: &str) -> Option<f64> {
    let script = format!("\\timing on\n{}", common::FIRST_PAGE_SQL.repeat(5).replace(';', ";\n"));
    common::shell_best("psql", &["-X", "-q", "-o", "/dev/null", url], &script, "Time: ", true)
        .map(|s| s * 1e3)
}

fn main() {
    let Ok(url) = std::env::var("CSPDESK_BENCH_POSTGRES") else {
        eprintln!("notice: CSPDESK_BENCH_POSTGRES is not set (`cargo xtask bench` sets it on Linux); PostgreSQL not measured");
        return;
    };
    let mut sqlite = Db::open(common::path()).unwrap();
    let mut pg = Db::connect(&url, None).unwrap();
    let calls = cspdesk::info::db_info(&pg).map(|i| i.calls).unwrap_or(0);
    if calls == 0 {
        let started = Instant::now();
        let tables = cspdesk::db::copy::copy(&sqlite, &mut pg).unwrap();
        let rows: u64 = tables.iter().map(|t| t.rows).sum();
        eprintln!(
            "copied the {}-call desk to PostgreSQL: {rows} rows in {:.0} s (`cspdesk db copy`)",
            common::calls(),
            started.elapsed().as_secs_f64()
        );
    }
    let ours_sqlite = measure(&mut sqlite);
    let ours_pg = measure(&mut pg);
    println!("{} calls, best of 20 (ms):", common::calls());
    println!("  {:<40} {:>9} {:>12}", "", "SQLite", "PostgreSQL");
    for ((what, s), (_, p)) in ours_sqlite.iter().zip(&ours_pg) {
        println!("  {what:<40} {s:>9.2} {p:>12.2}");
    }
    match psql_first_page(&url) {
        Some(raw) => println!(
            "first page: CSP Desk on PostgreSQL {:.2} ms (rows with their clocks), psql {raw:.2} ms (the rows only), ratio {:.1}",
            ours_pg[0].1,
            ours_pg[0].1 / raw
        ),
        None => println!("first page: psql gave no timing; no comparison"),
    }
}
