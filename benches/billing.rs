//! Month end on the million-call desk (2,000 customers, about 3 million time entries, every
//! month but the last two closed, as `cspdesk demo` makes it): one customer's invoice basis,
//! every customer's, the printed basis, and the month's SLA and workload reports, best of 20
//! in-process, each beside the rows it reads fetched by the sqlite3 shell on the same file (its
//! own timer, best of 5; the ratio printed). Targets (issue 11): one customer < 20 ms, all
//! customers < 100 ms, the SLA report < 100 ms, a PDF < 20 ms.

mod common;

use chrono::Utc;
use cspdesk::billing::{basis, month_bases, pdf::basis_pdf, Month};
use cspdesk::settings::Language;
use cspdesk::terms::Paper;
use cspdesk::Db;

use common::best;

/// The month's time per call, as the basis reads it; `customer` narrows it to one.
fn time_sql(month: Month, customer: Option<i64>) -> String {
    let only = customer.map(|c| format!(" AND c.customer_id = {c}")).unwrap_or_default();
    format!(
        "SELECT c.id, c.customer_id, c.summary, t.work_month,
                sum(CASE WHEN t.billable = 1 THEN t.minutes ELSE 0 END),
                sum(CASE WHEN t.billable = 0 THEN t.minutes ELSE 0 END)
         FROM time_entry t JOIN call c ON c.id = t.call_id
         WHERE t.billing_month = '{month}'{only} GROUP BY c.id, t.work_month ORDER BY c.id, t.work_month;"
    )
}

fn shell_ms(sql: &str) -> Option<f64> {
    let path = common::path().display().to_string();
    let script = format!(".timer on\n.output /dev/null\n{}", format!("{sql}\n").repeat(5));
    common::shell_best("sqlite3", &[&path], &script, "Run Time: real ", false).map(|s| s * 1e3)
}

fn main() {
    let db = Db::open(common::path()).unwrap();
    let zone: chrono_tz::Tz = "Europe/Stockholm".parse().unwrap();
    let month = Month::of(Utc::now(), zone).previous();
    let (entries, bases_stored): (i64, i64) = db
        .conn()
        .query_row(
            "SELECT (SELECT count(*) FROM time_entry), (SELECT count(*) FROM closed_basis)",
            &[],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    // The customer with the most time in the month (an hourly or block plan: the most work).
    let customer: i64 = db
        .conn()
        .query_row(
            "SELECT c.customer_id FROM time_entry t JOIN call c ON c.id = t.call_id
             WHERE t.billing_month = ?1 GROUP BY c.customer_id ORDER BY count(*) DESC LIMIT 1",
            cspdesk::params![month.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    let one = basis(&db, customer, month).unwrap();
    let all = month_bases(&db, month).unwrap();
    let lines: usize = all.iter().map(|b| b.lines.len()).sum();
    println!(
        "{} calls, {entries} time entries, {bases_stored} stored bases of closed months; {month}: {} customers billed, {lines} lines; customer {customer}: {} lines",
        common::calls(),
        all.len(),
        one.lines.len()
    );
    let one_ms = best(20, || {
        std::hint::black_box(basis(&db, customer, month).unwrap());
    });
    let all_ms = best(20, || {
        std::hint::black_box(month_bases(&db, month).unwrap());
    });
    let pdf_ms = best(20, || {
        std::hint::black_box(
            basis_pdf(&db, customer, month, Some(Language::Sv), Paper::A4).unwrap(),
        );
    });
    let now = Utc::now();
    let sla_ms = best(20, || {
        std::hint::black_box(cspdesk::reports::sla_report(&db, month, month, None, now).unwrap());
    });
    let workload_ms = best(20, || {
        std::hint::black_box(cspdesk::reports::workload_report(&db, month, month, None).unwrap());
    });
    let (start, end) = month.range(zone);
    let month_calls = format!(
        "SELECT c.id, c.customer_id, c.severity_id, c.received_at, c.first_response_at, c.resolved_at, e.at, e.detail
         FROM call c LEFT JOIN call_event e ON e.call_id = c.id AND e.kind = 'status'
         WHERE c.received_at >= {} AND c.received_at < {};",
        start.timestamp(),
        end.timestamp()
    );
    let pages =
        basis_pdf(&db, customer, month, Some(Language::Sv), Paper::A4).unwrap().rendered.pages;
    for (what, ours, target, sql) in [
        ("one customer's month", one_ms, 20.0, Some(time_sql(month, Some(customer)))),
        ("every customer's month", all_ms, 100.0, Some(time_sql(month, None))),
        ("the printed basis (PDF)", pdf_ms, 20.0, None),
        ("the SLA report, all", sla_ms, 100.0, Some(month_calls.clone())),
        ("the workload report, all", workload_ms, 100.0, Some(month_calls)),
    ] {
        let verdict = if ours < target { "within" } else { "OVER" };
        let shell = sql.as_deref().and_then(shell_ms);
        match shell {
            Some(raw) => println!(
                "  {what:<26} {ours:>8.2} ms ({verdict} the {target:.0} ms target); sqlite3 shell, the month's {} only: {raw:.2} ms, ratio {:.1}",
                if what.contains("report") { "calls and their status changes" } else { "time rows" },
                ours / raw
            ),
            None => println!("  {what:<26} {ours:>8.2} ms ({verdict} the {target:.0} ms target){}", if what.contains("PDF") { format!(", {pages} pages") } else { String::new() }),
        }
    }
}
