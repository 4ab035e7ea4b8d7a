//! What the benchmarks share: the million-call demo desk, kept in the target directory, the
//! first page's rows as plain SQL, and a database shell's own timing of a query.

use std::path::PathBuf;
use std::sync::OnceLock;

use chrono::Utc;
use cspdesk::demo::{fill, DemoSize};
use cspdesk::Db;

/// How many calls the desk holds (CSPDESK_BENCH_CALLS, else a million).
pub fn calls() -> u32 {
    std::env::var("CSPDESK_BENCH_CALLS").ok().and_then(|s| s.parse().ok()).unwrap_or(1_000_000)
}

/// The demo desk's file, made once (2,000 customers) and renamed into place when whole. Its
/// name carries the schema the demo was made for: a new demo (schema 9 added time and
/// billing) makes a new file.
pub fn path() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
            "calls-{}-s{}.sqlite3",
            calls(),
            cspdesk::db::latest_version()
        ));
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

/// The rows of the call list's first page, without their clocks: what a shell is timed on.
#[allow(dead_code)] // the billing benchmark reads other rows
pub const FIRST_PAGE_SQL: &str = "SELECT call.id, call.received_at, customer.name, severity.code, call.service, call.summary, call.status, call.first_response_due, call.first_response_at, call.resolution_due, call.resolved_at FROM call JOIN customer ON customer.id = call.customer_id JOIN severity ON severity.id = call.severity_id ORDER BY call.received_at DESC, call.id DESC LIMIT 100;";

/// Runs `script` through `program args` and gives the best of the timings it prints on lines
/// starting with `prefix` (milliseconds when `in_ms`, else seconds), in seconds. None when the
/// program is missing or printed no timing (said on stderr).
pub fn shell_best(
    program: &str,
    args: &[&str],
    script: &str,
    prefix: &str,
    in_ms: bool,
) -> Option<f64> {
    let out = std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(script.as_bytes())?;
            child.wait_with_output()
        });
    let Ok(out) = out else {
        eprintln!("{program} is not installed; no comparison");
        return None;
    };
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    let best = text
        .lines()
        .filter_map(|l| l.strip_prefix(prefix)?.split_whitespace().next()?.parse::<f64>().ok())
        .reduce(f64::min);
    if best.is_none() {
        eprintln!("no timing from {program}: {text}");
    }
    best.map(|t| if in_ms { t / 1e3 } else { t })
}

/// The best of `runs` timings of `f`, in milliseconds.
#[allow(dead_code)] // not every benchmark times this way
pub fn best(runs: u32, mut f: impl FnMut()) -> f64 {
    (0..runs)
        .map(|_| {
            let started = std::time::Instant::now();
            f();
            started.elapsed().as_secs_f64() * 1e3
        })
        .fold(f64::MAX, f64::min)
}
