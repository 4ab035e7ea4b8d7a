//! The call list at scale: a million calls (`cspdesk demo`), then the first page, a search and
//! the overdue list. `cargo xtask bench`; the database is made once and kept in the target
//! directory (set CSPDESK_BENCH_CALLS to change its size).

use std::path::PathBuf;
use std::sync::OnceLock;

use chrono::Utc;
use cspdesk::calls::{list_calls, CallFilter};
use cspdesk::demo::{fill, DemoSize};
use cspdesk::Db;

fn main() {
    divan::main();
}

fn calls() -> u32 {
    std::env::var("CSPDESK_BENCH_CALLS").ok().and_then(|s| s.parse().ok()).unwrap_or(1_000_000)
}

fn path() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let path =
            PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("calls-{}.sqlite3", calls()));
        if !path.exists() {
            let partial = path.with_extension("partial");
            let _ = std::fs::remove_file(&partial);
            let mut db = Db::open(&partial).unwrap();
            let started = std::time::Instant::now();
            fill(&mut db, &DemoSize { customers: 2_000, calls: calls(), seed: 1 }, Utc::now())
                .unwrap();
            eprintln!("made {} demo calls in {:.0} s", calls(), started.elapsed().as_secs_f64());
            drop(db);
            std::fs::rename(&partial, &path).unwrap();
        }
        path
    })
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
