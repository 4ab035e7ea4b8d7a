//! `cargo xtask memory`: the app's memory on a big desk, as a partner would use it. The app
//! opens a copy of the benchmark's million-call database (made by `cargo xtask bench`), and
//! the proportional set size (PSS: shared libraries counted once) of the app and its WebKit
//! processes is read from /proc when idle, after every view has been visited, and after the
//! desk has been left on the Calls screen for a while. Printed, not asserted: a measurement.

use std::path::Path;
use std::time::Duration;

use super::{Driver, Session};
use crate::{step, Result};

/// Sums the PSS of every process whose name starts with one of `names`, in MiB.
fn pss_mib(names: &[&str]) -> Result<f64> {
    let mut kib = 0u64;
    for entry in std::fs::read_dir("/proc").map_err(|e| e.to_string())? {
        let Ok(entry) = entry else { continue };
        let path = entry.path();
        let Ok(comm) = std::fs::read_to_string(path.join("comm")) else { continue };
        if !names.iter().any(|n| comm.trim().starts_with(n)) {
            continue;
        }
        let Ok(rollup) = std::fs::read_to_string(path.join("smaps_rollup")) else { continue };
        for line in rollup.lines() {
            if let Some(v) = line.strip_prefix("Pss:") {
                kib += v.trim().trim_end_matches("kB").trim().parse::<u64>().unwrap_or(0);
            }
        }
    }
    Ok(kib as f64 / 1024.0)
}

/// Rounds of visiting every view; the first is broken down screen by screen.
const ROUNDS: usize = 12;

const PROCESSES: &[&str] = &["cspdesk-app", "WebKitWebProces", "WebKitNetworkPr"];

pub fn run(app: &Path, tauri_driver: &Path, db: &Path) -> Result {
    step("memory of the desktop app on a big desk");
    if !db.exists() {
        return Err(format!(
            "{} does not exist: `cargo xtask bench` makes it (a million demo calls)",
            db.display()
        ));
    }
    let app = app.canonicalize().map_err(|e| e.to_string())?;
    let data = tempfile::tempdir().map_err(|e| e.to_string())?;
    let folder = data.path().join("se.cspdesk.desk.dev");
    std::fs::create_dir_all(&folder).map_err(|e| e.to_string())?;
    cspdesk::db::backup_file(db, &folder.join("cspdesk.sqlite3")).map_err(|e| e.to_string())?;

    let driver = Driver::start(tauri_driver, data.path(), "C.UTF-8", &[])?;
    let s = Session::start(&driver.url, &app.display().to_string())?;
    s.find("[data-testid=calls-table]")?;
    std::thread::sleep(Duration::from_secs(5));
    let idle = pss_mib(PROCESSES)?;

    // What the first round adds, screen by screen (printed), to see where memory goes.
    let steps = std::cell::RefCell::new(Vec::<(String, f64)>::new());
    let first_round = std::cell::Cell::new(true);
    let mark = |what: &str| -> Result {
        if first_round.get() {
            steps.borrow_mut().push((what.to_owned(), pss_mib(PROCESSES)?));
        }
        Ok(())
    };
    let visit = |s: &Session| -> Result {
        for view in ["open", "overdue", "dueSoon", "waiting", "done", "all"] {
            s.click(&format!("[data-testid=calls-view-{view}]"))?;
            s.find("[data-testid=calls-table], [data-testid=calls-empty]")?;
            std::thread::sleep(Duration::from_millis(400));
        }
        s.click("[data-testid=sort-due]")?;
        std::thread::sleep(Duration::from_millis(400));
        s.send_keys("[data-testid=calls-customer]", "nord")?;
        std::thread::sleep(Duration::from_millis(400));
        s.send_keys("[data-testid=calls-customer]", "\u{E00C}")?;
        mark("the call views and sorts")?;
        s.click("[data-testid=nav-customers]")?;
        std::thread::sleep(Duration::from_secs(1));
        mark("Customers")?;
        s.click("[data-testid=nav-offering]")?;
        let start = std::time::Instant::now();
        // After Customers, whose list counts every customer's open calls (seconds, once).
        s.find("[data-testid=plan-editor]")?;
        if first_round.get() {
            println!("  the plan editor showed after {:.1} s", start.elapsed().as_secs_f64());
        }
        s.click("[data-testid=tab-profile]")?;
        s.find("[data-testid=profile-form]")?;
        mark("Offering")?;
        s.click("[data-testid=nav-terms]")?;
        std::thread::sleep(Duration::from_secs(2));
        mark("Terms (the PDF preview)")?;
        s.click("[data-testid=nav-settings]")?;
        s.click("[data-testid=nav-calls]")?;
        s.find("[data-testid=calls-table]")?;
        Ok(())
    };
    visit(&s)?;
    first_round.set(false);
    // The desk as it looks with a million calls, to look at.
    let shot = crate::root().join("target").join("screens").join("big-desk-calls.png");
    std::fs::create_dir_all(shot.parent().unwrap()).map_err(|e| e.to_string())?;
    std::fs::write(&shot, s.screenshot()?).map_err(|e| e.to_string())?;
    println!("  the Calls screen on this desk: {}", shot.display());
    // Round after round: a leak grows by about the same each round; caches and a heap that
    // has not been collected yet level off.
    let mut rounds = vec![pss_mib(PROCESSES)?];
    for _ in 1..ROUNDS {
        visit(&s)?;
        rounds.push(pss_mib(PROCESSES)?);
    }
    std::thread::sleep(Duration::from_secs(20));
    let settled = pss_mib(PROCESSES)?;
    let each: Vec<String> = PROCESSES
        .iter()
        .map(|p| pss_mib(&[p]).map(|m| format!("{p} {m:.0} MiB")))
        .collect::<Result<_>>()?;
    s.quit()?;
    let mut before = idle;
    for (what, mib) in steps.borrow().iter() {
        println!("  first round, after {what:<26} {mib:>7.0} MiB ({:+.0})", mib - before);
        before = *mib;
    }
    println!("PSS of the app and its WebKit processes on {}:", db.display());
    println!("  idle on the Calls screen      {idle:>7.0} MiB");
    let mut before = idle;
    for (n, mib) in rounds.iter().enumerate() {
        println!("  after round {:<2} of every view {mib:>7.0} MiB ({:+.0})", n + 1, mib - before);
        before = *mib;
    }
    let half = ROUNDS / 2;
    let (early, late) = (rounds[half - 1] - rounds[0], rounds[ROUNDS - 1] - rounds[half - 1]);
    println!(
        "  rounds 2-{half}: {:+.1} MiB a round; rounds {}-{ROUNDS}: {:+.1} MiB a round",
        early / (half - 1) as f64,
        half + 1,
        late / (ROUNDS - half) as f64
    );
    println!("  20 s later, on Calls          {settled:>7.0} MiB ({})", each.join(", "));
    Ok(())
}

/// `cargo xtask look-big`: screenshots of the screens a big desk strains, to look at (not a
/// test): Calls as it opens and while a view changes, Customers with similar names, and
/// Reports → SLA over more than a year, in English and Swedish, at 1280x800. Saved as
/// target/screens/big-*.png.
pub fn look(app: &Path, tauri_driver: &Path, db: &Path) -> Result {
    step("screenshots of a big desk");
    if !db.exists() {
        return Err(format!("{} does not exist: `cargo xtask bench` makes it", db.display()));
    }
    let app = app.canonicalize().map_err(|e| e.to_string())?;
    let data = tempfile::tempdir().map_err(|e| e.to_string())?;
    let folder = data.path().join("se.cspdesk.desk.dev");
    std::fs::create_dir_all(folder.join("backups")).map_err(|e| e.to_string())?;
    cspdesk::db::backup_file(db, &folder.join("cspdesk.sqlite3")).map_err(|e| e.to_string())?;
    // A backup named as just taken: the app then takes none on start (a 1.5 GB copy).
    let now = chrono::Utc::now().format("cspdesk-%Y-%m-%dT%H%M%SZ.sqlite3").to_string();
    std::fs::write(folder.join("backups").join(now), b"").map_err(|e| e.to_string())?;
    let dir = crate::root().join("target").join("screens");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    // An older desk (the benchmark's file keeps the schema it was made at) is upgraded on
    // start: the window says so meanwhile.
    let upgrading = cspdesk::db::upgrade_pending(&folder.join("cspdesk.sqlite3")).is_some();
    let driver = Driver::start(tauri_driver, data.path(), "C.UTF-8", &[])?;
    let started = std::time::Instant::now();
    let s = Session::start(&driver.url, &app.display().to_string())?;
    let window = started.elapsed();
    let said = if upgrading {
        s.find("[data-testid=opening]")?;
        Some(started.elapsed())
    } else {
        None
    };
    s.set_window_size(1280, 800)?;
    let shot = |name: &str| -> Result {
        let path = dir.join(format!("big-{name}.png"));
        std::fs::write(&path, s.screenshot()?).map_err(|e| e.to_string())?;
        println!("  {}", path.display());
        Ok(())
    };
    let pause = |ms: u64| std::thread::sleep(Duration::from_millis(ms));
    // Longer than `wait_until` waits: an upgrade copies the 1.5 GB desk first.
    let deadline = std::time::Instant::now() + Duration::from_secs(600);
    while s.execute("return !!document.querySelector('[data-testid=calls-table]')")?.as_bool()
        != Some(true)
    {
        if std::time::Instant::now() > deadline {
            return Err("no call list 10 minutes after the start".into());
        }
        pause(100);
    }
    let calls = started.elapsed();
    println!(
        "  start: the window in {:.1} s, the upgrade said after {}, the call list after {:.1} s",
        window.as_secs_f64(),
        said.map_or("– (no upgrade)".to_owned(), |d| format!("{:.1} s", d.as_secs_f64())),
        calls.as_secs_f64()
    );
    // How long a command waits while a report runs: the watcher asks what changed each second.
    let ask = || -> Result<f64> {
        let ms = s.execute(
            "const t0 = performance.now(); \
             return window.__TAURI_INTERNALS__.invoke('others_changes').then(() => performance.now() - t0);",
        )?;
        ms.as_f64().ok_or_else(|| format!("others_changes answered {ms}"))
    };
    println!("  others_changes with nothing running: {:.0} ms", ask()?);
    for lang in ["en", "sv"] {
        s.click("[data-testid=nav-settings]")?;
        s.click(&format!("[data-testid=language-{lang}]"))?;
        pause(500);
        s.click("[data-testid=nav-calls]")?;
        pause(150);
        shot(&format!("calls-opening-{lang}"))?;
        s.find("[data-testid=calls-table]")?;
        // Each view, screenshot a moment after it is chosen (the previous rows, dimmed and busy,
        // while a view takes that long).
        for view in ["done", "unassigned", "open"] {
            s.click(&format!("[data-testid=calls-view-{view}]"))?;
            pause(250);
            shot(&format!("calls-switching-{view}-{lang}"))?;
            s.find("[data-testid=calls-table][aria-busy=false]")?;
            pause(300);
        }
        s.execute("document.querySelector('[data-testid^=call-row-]').click()")?;
        s.find("[data-testid=call-detail]")?;
        pause(800);
        shot(&format!("calls-{lang}"))?;

        s.click("[data-testid=nav-customers]")?;
        s.find("[data-testid=customer-list] button")?;
        pause(1500);
        shot(&format!("customers-{lang}"))?;
        s.fill("aside input[type=search]", "Berg Advokat")?;
        pause(500);
        shot(&format!("customers-similar-{lang}"))?;

        s.click("[data-testid=nav-reports]")?;
        s.click("[data-testid=report-sla]")?;
        let year: i32 = chrono::Utc::now().format("%Y").to_string().parse().unwrap_or(2026);
        // Over a year's end (the weeks' labels), long enough for a debug build on a million calls.
        s.fill("[data-testid=sla-from]", &format!("{}-11\u{E007}", year - 1))?;
        s.fill("[data-testid=sla-to]", &format!("{year}-02\u{E007}"))?;
        s.execute("document.activeElement?.blur()")?;
        pause(300);
        println!("  others_changes while the SLA report over four months runs: {:.0} ms", ask()?);
        let deadline = std::time::Instant::now() + Duration::from_secs(240);
        loop {
            let done = s.execute(
                "const r = document.querySelector('[data-testid=sla-report]'); \
                 return !!r && r.getAttribute('aria-busy') === 'false' && \
                   !!document.querySelector('[data-testid=chart-hours]')",
            )?;
            if done == serde_json::json!(true) {
                break;
            }
            if std::time::Instant::now() > deadline {
                return Err("the SLA report did not come in 4 minutes".into());
            }
            pause(1000);
        }
        pause(500);
        shot(&format!("sla-{lang}"))?;
        s.execute("document.querySelector('[data-testid=chart-weeks]').scrollIntoView()")?;
        pause(300);
        shot(&format!("sla-weeks-{lang}"))?;
        s.execute("document.querySelector('[data-testid=chart-hours]').scrollIntoView()")?;
        pause(300);
        shot(&format!("sla-hours-{lang}"))?;
        let asked = std::time::Instant::now();
        s.click("[data-testid=report-billing]")?;
        let rows = s.wait_until("What to bill's rows", || {
            Ok(s.execute(
                "const l = document.querySelector('[data-testid=billing-table]'); \
                 return l ? l.querySelectorAll('tbody tr').length : 0",
            )?
            .as_u64()
            .filter(|n| *n > 0))
        })?;
        println!(
            "  What to bill: {rows} rows drawn {:.1} s after the click",
            asked.elapsed().as_secs_f64()
        );
        pause(4000);
        shot(&format!("billing-{lang}"))?;
    }
    s.quit()
}
