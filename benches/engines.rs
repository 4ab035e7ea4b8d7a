//! The team engine beside the solo one: the same core calls on the same million calls, in the
//! SQLite file `calls` makes and in PostgreSQL (the server in CSPDESK_BENCH_POSTGRES, which
//! `cargo xtask bench` starts and keeps under target/tmp; the desk is copied there once with
//! `db::copy`). Prints one table, best of 20 runs each, and the first page beside the same
//! query run by `psql` on the same data.

use std::time::Instant;

use chrono::Utc;
use cspdesk::calls::{list_calls, log_call, CallFilter, Channel, NewCall, Service};
use cspdesk::Db;

const CALLS: u32 = 1_000_000;

fn best(runs: u32, mut f: impl FnMut()) -> f64 {
    (0..runs)
        .map(|_| {
            let started = Instant::now();
            f();
            started.elapsed().as_secs_f64() * 1e3
        })
        .fold(f64::MAX, f64::min)
}

fn sqlite_desk() -> Db {
    let path = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("calls-{CALLS}.sqlite3"));
    if !path.exists() {
        let partial = path.with_extension("partial");
        let _ = std::fs::remove_file(&partial);
        let mut db = Db::open(&partial).unwrap();
        cspdesk::demo::fill(
            &mut db,
            &cspdesk::demo::DemoSize { customers: 2_000, calls: CALLS, seed: 1 },
            Utc::now(),
        )
        .unwrap();
        drop(db);
        std::fs::rename(&partial, &path).unwrap();
    }
    Db::open(&path).unwrap()
}

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
    };
    let ms = best(20, || {
        std::hint::black_box(log_call(db, &call, now).unwrap());
    });
    out.push(("logging a call", ms));
    out
}

/// The first page's rows read by psql (its own \timing, best of 5).
fn psql_first_page(url: &str) -> Option<f64> {
    let sql = "SELECT call.id, call.received_at, customer.name, severity.code, call.service, call.summary, call.status, call.first_response_due, call.first_response_at, call.resolution_due, call.resolved_at FROM call JOIN customer ON customer.id = call.customer_id JOIN severity ON severity.id = call.severity_id ORDER BY call.received_at DESC, call.id DESC LIMIT 100;";
    let script = format!("\\timing on\n{}", sql.repeat(5).replace(';', ";\n"));
    let out = std::process::Command::new("psql")
        .args(["-X", "-q", "-o", "/dev/null", url])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(script.as_bytes())?;
            child.wait_with_output()
        })
        .ok()?;
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    text.lines()
        .filter_map(|l| l.strip_prefix("Time: ")?.split_whitespace().next()?.parse::<f64>().ok())
        .reduce(f64::min)
}

fn main() {
    let Ok(url) = std::env::var("CSPDESK_BENCH_POSTGRES") else {
        eprintln!("notice: CSPDESK_BENCH_POSTGRES is not set (`cargo xtask bench` sets it on Linux); PostgreSQL not measured");
        return;
    };
    let mut sqlite = sqlite_desk();
    let mut pg = Db::connect(&url, None).unwrap();
    let calls = cspdesk::info::db_info(&pg).map(|i| i.calls).unwrap_or(0);
    if calls == 0 {
        let started = Instant::now();
        let tables = cspdesk::db::copy::copy(&sqlite, &mut pg).unwrap();
        let rows: u64 = tables.iter().map(|t| t.rows).sum();
        eprintln!(
            "copied the {CALLS}-call desk to PostgreSQL: {rows} rows in {:.0} s (`cspdesk db copy`)",
            started.elapsed().as_secs_f64()
        );
    }
    let ours_sqlite = measure(&mut sqlite);
    let ours_pg = measure(&mut pg);
    println!("{CALLS} calls, best of 20 (ms):");
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
