//! The call list at scale: a million calls (`cspdesk demo`), then the first page, a search and
//! the overdue list. `cargo xtask bench`; the database is made once and kept in the target
//! directory (set CSPDESK_BENCH_CALLS to change its size).

mod common;

use std::sync::OnceLock;

use chrono::Utc;
use common::{calls, path};
use cspdesk::calls::{list_calls, CallFilter};
use cspdesk::Db;

fn main() {
    divan::main();
}

fn open() -> Db {
    Db::open(path()).unwrap()
}

#[divan::bench]
fn first_page(bencher: divan::Bencher) {
    let db = open();
    bencher.bench_local(|| {
        divan::black_box(list_calls(&db, &CallFilter::default(), Utc::now(), 50, 0).unwrap())
    });
}

#[divan::bench(args = ["outbox", "teams drop", "sodertalje", "mailbox permissions"])]
fn search(bencher: divan::Bencher, words: &str) {
    let db = open();
    let filter = CallFilter { query: Some(words.to_owned()), ..CallFilter::default() };
    bencher.bench_local(|| divan::black_box(list_calls(&db, &filter, Utc::now(), 50, 0).unwrap()));
}

#[divan::bench]
fn overdue(bencher: divan::Bencher) {
    let db = open();
    let filter = CallFilter { overdue: true, ..CallFilter::default() };
    bencher.bench_local(|| divan::black_box(list_calls(&db, &filter, Utc::now(), 50, 0).unwrap()));
}

/// Every view and order of the Calls screen, as the app asks for its first page of 100.
const VIEWS: &[&str] = &[
    "all, newest",
    "open, due first",
    "overdue",
    "due soon",
    "waiting",
    "done",
    "all, oldest",
    "all, by due time",
    "all, by customer",
    "all, by severity",
    "open, by customer",
    "open, by severity",
    "one customer",
    "unassigned",
    "Unassigned view (open, nobody's, due first)",
    "mine (no call assigned)",
    "Mine view (open, mine, due first)",
    "page 2 (offset 100)",
    "offset 10 000",
    "offset 500 000",
    "after row 500 000",
    "open, by due, offset 1 000",
    "open, by due, after row 1 000",
];

fn view_filter(name: &str) -> (CallFilter, u32) {
    use cspdesk::calls::{CallSort, Status};
    let open = vec![
        Status::New,
        Status::InProgress,
        Status::WaitingCustomer,
        Status::WaitingMicrosoft,
        Status::WaitingProvider,
    ];
    let all = CallFilter::default();
    let sorted =
        |sort, statuses: Vec<Status>| CallFilter { sort: Some(sort), statuses, ..all.clone() };
    match name {
        "all, newest" => (all, 0),
        "open, due first" => (sorted(CallSort::Due, open), 0),
        "overdue" => (CallFilter { overdue: true, ..all }, 0),
        "due soon" => (CallFilter { due_soon: true, ..all }, 0),
        "waiting" => (CallFilter { statuses: open[2..].to_vec(), ..all }, 0),
        "done" => (CallFilter { statuses: vec![Status::Resolved, Status::Closed], ..all }, 0),
        "all, oldest" => (sorted(CallSort::Oldest, vec![]), 0),
        "all, by due time" => (sorted(CallSort::Due, vec![]), 0),
        "all, by customer" => (sorted(CallSort::Customer, vec![]), 0),
        "all, by severity" => (sorted(CallSort::Severity, vec![]), 0),
        "open, by customer" => (sorted(CallSort::Customer, open), 0),
        "open, by severity" => (sorted(CallSort::Severity, open), 0),
        "one customer" => (CallFilter { customer_id: Some(1), ..all }, 0),
        "unassigned" => (CallFilter { unassigned: true, ..all }, 0),
        "Unassigned view (open, nobody's, due first)" => {
            (CallFilter { unassigned: true, ..sorted(CallSort::Due, open) }, 0)
        }
        "mine (no call assigned)" => (CallFilter { assignee: Some(1), ..all }, 0),
        "Mine view (open, mine, due first)" => {
            (CallFilter { assignee: Some(1), ..sorted(CallSort::Due, open) }, 0)
        }
        "page 2 (offset 100)" => (all, 100),
        "offset 10 000" => (all, 10_000),
        "offset 500 000" => (all, 500_000),
        "open, by due, offset 1 000" => (sorted(CallSort::Due, open), 1_000),
        "after row 500 000" => (CallFilter { after: Some(anchor(&all, 500_000)), ..all }, 0),
        "open, by due, after row 1 000" => {
            let filter = sorted(CallSort::Due, open);
            (CallFilter { after: Some(anchor(&filter, 1_000)), ..filter }, 0)
        }
        other => panic!("unknown view {other}"),
    }
}

/// The id of the `n`th row of a list (1-based): where "Show more" or `--after` continues.
fn anchor(filter: &CallFilter, n: u32) -> i64 {
    list_calls(&open(), filter, Utc::now(), 1, n - 1).unwrap()[0].id
}

#[divan::bench(args = VIEWS)]
fn view(bencher: divan::Bencher, name: &str) {
    report_views();
    let db = open();
    let (filter, offset) = view_filter(name);
    bencher.bench_local(|| {
        divan::black_box(list_calls(&db, &filter, Utc::now(), 100, offset).unwrap())
    });
}

/// Once: each view's first page against the plain first page (best of 5 each), and the plain
/// first page against the same rows read by the sqlite3 shell.
fn report_views() {
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| {
        let db = open();
        let best = |filter: &CallFilter, offset: u32| {
            (0..5)
                .map(|_| {
                    let started = std::time::Instant::now();
                    divan::black_box(list_calls(&db, filter, Utc::now(), 100, offset).unwrap());
                    started.elapsed().as_secs_f64()
                })
                .fold(f64::MAX, f64::min)
        };
        let first = best(&CallFilter::default(), 0);
        eprintln!("call list views at {} calls, first page of 100 (best of 5):", calls());
        for name in VIEWS {
            let (filter, offset) = view_filter(name);
            let t = best(&filter, offset);
            eprintln!("  {name:<22} {:>9.2} ms  {:>6.1} x the first page", t * 1e3, t / first);
        }
        compare_first_page_with_the_shell(first);
    });
}

/// The rows of the first page, read by the sqlite3 shell (its own timer, best of 5).
fn compare_first_page_with_the_shell(ours: f64) {
    compare_with_the_shell("first page", ours, "rows with their clocks", common::FIRST_PAGE_SQL);
}

/// Prints `ours` (seconds) against the best of 5 runs of `sql` in the sqlite3 shell.
fn compare_with_the_shell(what: &str, ours: f64, ours_reads: &str, sql: &str) {
    // ".timer on" prints "Run Time: real 0.001 user ... sys ..." per statement.
    let script = format!(".output /dev/null\n.timer on\n{}", sql.repeat(5));
    let path = path().display().to_string();
    if let Some(shell) = common::shell_best("sqlite3", &[&path], &script, "Run Time: real ", false)
    {
        eprintln!(
            "{what}: CSP Desk {:.2} ms ({ours_reads}), sqlite3 shell {:.2} ms (the rows only), ratio {:.1}",
            ours * 1e3,
            shell * 1e3,
            ours / shell
        );
    }
}

/// The Customers screen: every customer with its count of open calls (the app asks for up to
/// 10 000), and the light list the call filter and the new-call form type ahead in.
#[divan::bench]
fn customer_list(bencher: divan::Bencher) {
    let db = open();
    compare_customer_list_with_the_shell(&db);
    bencher.bench_local(|| {
        divan::black_box(cspdesk::customers::list_customers(&db, false, 10_000, 0).unwrap())
    });
}

#[divan::bench]
fn customer_picks(bencher: divan::Bencher) {
    let db = open();
    bencher.bench_local(|| divan::black_box(cspdesk::customers::picks(&db).unwrap()));
}

fn compare_customer_list_with_the_shell(db: &Db) {
    let ours = (0..5)
        .map(|_| {
            let started = std::time::Instant::now();
            divan::black_box(cspdesk::customers::list_customers(db, false, 10_000, 0).unwrap());
            started.elapsed().as_secs_f64()
        })
        .fold(f64::MAX, f64::min);
    let sql = "SELECT c.id, c.name, c.tenant_domain, p.name_sv, p.name_en, c.archived, (SELECT count(*) FROM call WHERE call.customer_id = c.id AND call.status NOT IN ('resolved', 'closed')) FROM customer c JOIN plan p ON p.id = c.plan_id WHERE c.archived = 0 ORDER BY c.name COLLATE NOCASE, c.id LIMIT 10000;";
    compare_with_the_shell("customer list", ours, "the same rows", sql);
}

/// A consistent copy of the million-call file (`cspdesk backup`), and once, for comparison, the
/// sqlite3 shell's `.backup` of the same file: the ratio is printed.
#[divan::bench(sample_count = 3)]
fn backup(bencher: divan::Bencher) {
    let dir = tempfile::tempdir().unwrap();
    compare_backup_with_the_shell(dir.path());
    let mut n = 0;
    // A new file name per run; the copies are deleted with the folder, outside the timing.
    bencher
        .with_inputs(|| {
            n += 1;
            dir.path().join(format!("copy-{n}.sqlite3"))
        })
        .bench_local_values(|dest| cspdesk::db::backup_file(path(), &dest).unwrap());
}

/// Each copy made twice, alternately, and the faster of each kept: the first copy of a file
/// also pays for reading it into the page cache.
fn compare_backup_with_the_shell(dir: &std::path::Path) {
    let mut ours = f64::MAX;
    let mut shell = f64::MAX;
    for round in 0..2 {
        let dest = dir.join(format!("ours-{round}.sqlite3"));
        let started = std::time::Instant::now();
        cspdesk::db::backup_file(path(), &dest).unwrap();
        ours = ours.min(started.elapsed().as_secs_f64());
        let _ = std::fs::remove_file(dest);

        let dest = dir.join(format!("shell-{round}.sqlite3"));
        let started = std::time::Instant::now();
        let status = std::process::Command::new("sqlite3")
            .arg(path())
            .arg(format!(".backup '{}'", dest.display()))
            .status();
        if !status.is_ok_and(|s| s.success()) {
            eprintln!("backup: the sqlite3 shell is not installed; no comparison (apt-get install sqlite3)");
            return;
        }
        shell = shell.min(started.elapsed().as_secs_f64());
        let _ = std::fs::remove_file(dest);
    }
    eprintln!(
        "backup of {} calls (best of 2): CSP Desk {ours:.2} s, sqlite3 shell .backup {shell:.2} s, ratio {:.2}",
        calls(),
        ours / shell
    );
}
