//! Project automation in Rust, so it runs the same on Linux, Windows and macOS.
//!
//! `cargo xtask run` installs what is missing, builds the UI and starts the desktop app;
//! `cargo xtask test` is the whole suite, the one command CI runs. See `cargo xtask help`.

#[cfg(target_os = "linux")]
mod bundle_check;
#[cfg(target_os = "linux")]
mod e2e;
#[cfg(target_os = "linux")]
mod postgres;
mod setup;
#[cfg(target_os = "linux")]
mod webdriver;
mod workflows;

/// tauri-driver has no macOS driver, and on Windows it needs Edge's driver, which this project
/// does not set up: end-to-end tests run on Linux.
#[cfg(not(target_os = "linux"))]
mod e2e {
    pub fn run(
        _app: &std::path::Path,
        _driver: &std::path::Path,
        _screenshots: Option<&std::path::Path>,
    ) -> crate::Result {
        Err("end-to-end tests run on Linux only (tauri-driver with WebKitWebDriver)".into())
    }
}

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

type Result<T = ()> = std::result::Result<T, String>;

const HELP: &str = "\
cargo xtask <command>

  run          install what is missing, build the UI, start the desktop app (development data folder)
  test         the whole suite: format, the GitHub workflows, clippy, Rust tests (the core's
               also on a throwaway PostgreSQL), UI checks and tests, bindings and catalog
               freshness, end-to-end tests in a real window, the .deb started (Linux, on CI)
  test-postgres  only the core's tests on PostgreSQL (a throwaway server on Linux, or the one
               in CSPDESK_TEST_POSTGRES)
  e2e          only the end-to-end tests (after the app is built)
  screenshots  run the end-to-end tests and save screenshots to docs/screenshots/
  bench        benchmarks of the core (optimised build): rendering the terms sheet, every view
               of the call list and a backup at a million calls
  memory       the desktop app's memory (PSS) on the benchmark's million-call desk (Linux)
  look-big     screenshots of Calls, Customers and Reports on that desk (or CSPDESK_BIG_DB)
  bindings     regenerate ui/src/lib/bindings.ts from the Rust types
  bundle       build installers: .msi/.exe on Windows, .dmg on macOS, .deb on Linux
  bundle-check build the .deb, unpack it into a temporary root and check that the installed
               app starts under Xvfb and creates its database (Linux)
  workflows    check the GitHub workflows: actionlint and zizmor (also part of test)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(),
        Some("test") => test(),
        Some("e2e") => e2e_only(None),
        Some("screenshots") => e2e_only(Some(&root().join("docs").join("screenshots"))),
        Some("bindings") => bindings(),
        #[cfg(target_os = "linux")]
        Some("memory") => memory(),
        #[cfg(target_os = "linux")]
        Some("look-big") => look_big(),
        Some("test-postgres") => core_tests_on_postgres(),
        Some("bench") => bench(),
        Some("bundle") => bundle(),
        #[cfg(target_os = "linux")]
        Some("bundle-check") => check_deb(),
        Some("workflows") => workflows::lint(),
        Some("help") | None => {
            print!("{HELP}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command '{other}'\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result {
    setup::system_packages(setup::Purpose::Build)?;
    setup::npm_packages()?;
    let app = build_app()?;
    step("starting CSP Desk");
    cmd(&app, &[]).current_dir(root()).status_ok()
}

fn test() -> Result {
    setup::system_packages(setup::Purpose::Test)?;
    setup::npm_packages()?;
    let driver = if cfg!(target_os = "linux") { Some(setup::tauri_driver()?) } else { None };
    let app_feature = ["--features", "cspdesk-app/custom-protocol"];

    step("rustfmt");
    cargo(&["fmt", "--all", "--", "--check"]).status_ok()?;
    workflows::lint()?;
    build_ui()?;
    step("clippy");
    cargo(&["clippy", "--workspace", "--all-targets", "--locked"])
        .args(app_feature)
        .args(["--", "-D", "warnings"])
        .status_ok()?;
    step("Rust tests (core, CLI, desktop shell, bindings freshness)");
    let mut tests = cargo(&["test", "--workspace", "--locked"]);
    tests.args(app_feature);
    if cfg!(target_os = "linux") {
        // setup installed qpdf and poppler: the terms-sheet tests must use them.
        tests.env("CSPDESK_REQUIRE_PDF_TOOLS", "1");
    }
    tests.status_ok()?;
    core_tests_on_postgres()?;
    step("UI type check (svelte-check)");
    npm(&["run", "check"]).status_ok()?;
    step("UI unit tests and message catalogs (vitest)");
    npm(&["test"]).status_ok()?;
    let app = build_app()?;
    if let Some(driver) = driver {
        e2e::run(&app, &driver, None)?;
    } else {
        println!(
            "\nEnd-to-end tests run on Linux only (tauri-driver drives WebKitGTK): not run here."
        );
    }
    // A release build of its own: on CI (CI=true, a cold target/) about 8 more minutes of the
    // 90; on a developer's machine 4–5 minutes after every change of the Rust code, for a
    // check that changes with the packaging: there, `cargo xtask bundle-check` runs it.
    #[cfg(target_os = "linux")]
    if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) {
        check_deb()?;
    } else {
        println!("\nThe .deb check runs on CI (CI=true); here: cargo xtask bundle-check.");
    }
    step("all tests passed");
    Ok(())
}

/// The core's tests of customers, calls, the offering and settings again, on PostgreSQL: the
/// server in CSPDESK_TEST_POSTGRES (a throwaway database: each test makes a schema there), or
/// on Linux a throwaway cluster started here and stopped after, even when a test fails.
fn core_tests_on_postgres() -> Result {
    let run = |url: &str| {
        step("the core's and the CLI's tests on PostgreSQL");
        cargo(&["test", "-p", "cspdesk", "--test", "it", "--locked"])
            .env("CSPDESK_TEST_POSTGRES", url)
            .status_ok()?;
        cargo(&["test", "-p", "cspdesk-cli", "--test", "cli", "--locked"])
            .env("CSPDESK_TEST_POSTGRES", url)
            .status_ok()
    };
    match std::env::var("CSPDESK_TEST_POSTGRES") {
        Ok(url) if !url.is_empty() => run(&url),
        #[cfg(target_os = "linux")]
        _ => {
            let server = postgres::Cluster::start()?;
            run(&server.url)
        }
        #[cfg(not(target_os = "linux"))]
        _ => {
            println!(
                "\nnotice: the core's tests ran on SQLite only; set CSPDESK_TEST_POSTGRES to a throwaway PostgreSQL database to run them there too."
            );
            Ok(())
        }
    }
}

fn e2e_only(screenshots: Option<&Path>) -> Result {
    let driver = setup::tauri_driver()?;
    let app = build_app()?;
    e2e::run(&app, &driver, screenshots)
}

#[cfg(target_os = "linux")]
fn memory() -> Result {
    let driver = setup::tauri_driver()?;
    let app = build_app()?;
    let db = root().join("target").join("tmp").join("calls-1000000.sqlite3");
    e2e::memory::run(&app, &driver, &db)
}

/// Screenshots of the screens a big desk strains (target/screens/big-*.png), on a copy of the
/// benchmark's million-call desk.
#[cfg(target_os = "linux")]
fn look_big() -> Result {
    let driver = setup::tauri_driver()?;
    let app = build_app()?;
    let db = std::env::var_os("CSPDESK_BIG_DB")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target").join("tmp").join("calls-1000000.sqlite3"));
    e2e::memory::look(&app, &driver, &db)
}

/// The core's benchmarks; on Linux also on PostgreSQL, in a cluster kept under target/tmp
/// (its million-call desk is copied there once and reused).
fn bench() -> Result {
    let mut run = cargo(&["bench", "-p", "cspdesk"]);
    // Stopped (its folder kept) when this returns.
    #[cfg(target_os = "linux")]
    let _server = {
        setup::system_packages(setup::Purpose::Test)?;
        let server = postgres::Cluster::start_kept(
            root().join("target").join("tmp").join("postgres-bench"),
        )?;
        run.env("CSPDESK_BENCH_POSTGRES", &server.url);
        server
    };
    step("benchmarks");
    run.status_ok()
}

fn bindings() -> Result {
    step("regenerating ui/src/lib/bindings.ts");
    cargo(&["test", "-p", "cspdesk-app", "--lib", "bindings"])
        .env("UPDATE_BINDINGS", "1")
        .status_ok()
}

fn bundle() -> Result {
    setup::system_packages(setup::Purpose::Build)?;
    setup::npm_packages()?;
    let bundles = if cfg!(target_os = "windows") {
        "msi,nsis"
    } else if cfg!(target_os = "macos") {
        "dmg"
    } else {
        "deb"
    };
    step(&format!("building installers ({bundles})"));
    // The Tauri CLI from ui/node_modules; it builds the UI (beforeBuildCommand, run in ui/) and
    // a release app.
    let cli = if cfg!(windows) { "tauri.cmd" } else { "tauri" };
    let mut args = vec!["build", "--bundles", bundles];
    // The updater's artifacts are signed with the private key only the release holds
    // (docs/releasing.md); without it the CLI would refuse to bundle, so they are left out.
    if std::env::var_os("TAURI_SIGNING_PRIVATE_KEY").is_none() {
        args.extend(["--config", r#"{"bundle":{"createUpdaterArtifacts":false}}"#]);
    }
    cmd(root().join("ui").join("node_modules").join(".bin").join(cli), &args)
        .current_dir(root())
        .env("TAURI_APP_PATH", root().join("src-tauri"))
        .env("TAURI_FRONTEND_PATH", root().join("ui"))
        // The CLI reads CI as its --ci flag and refuses any value but true or false (CI=1 is
        // common); it never asks anything here either way.
        .env("CI", "true")
        .status_ok()?;
    println!("Installers are in {}", bundle_dir().display());
    Ok(())
}

/// The .deb built, unpacked into a temporary root and started (docs/releasing.md).
#[cfg(target_os = "linux")]
fn check_deb() -> Result {
    bundle()?;
    bundle_check::run(&bundle_dir())
}

fn bundle_dir() -> PathBuf {
    target_dir().join("release").join("bundle")
}

/// Builds the UI and the desktop app with the UI embedded (a debug build: it keeps its data in
/// the development folder). Returns the app binary.
fn build_app() -> Result<PathBuf> {
    build_ui()?;
    step("building the desktop app (and the CLI, the second user of end-to-end tests)");
    cargo(&[
        "build",
        "-p",
        "cspdesk-app",
        "-p",
        "cspdesk-cli",
        "--features",
        "cspdesk-app/custom-protocol",
    ])
    .status_ok()?;
    let exe = if cfg!(windows) { "cspdesk-app.exe" } else { "cspdesk-app" };
    Ok(target_dir().join("debug").join(exe))
}

fn build_ui() -> Result {
    step("building the UI");
    npm(&["run", "build"]).status_ok()
}

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").into()
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), PathBuf::from)
}

pub fn step(what: &str) {
    println!("\n==> {what}");
}

pub fn cmd(program: impl AsRef<std::ffi::OsStr>, args: &[&str]) -> Command {
    let mut c = Command::new(program);
    c.args(args);
    c
}

fn cargo(args: &[&str]) -> Command {
    let mut c = cmd(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()), args);
    c.current_dir(root());
    c
}

pub fn npm(args: &[&str]) -> Command {
    let mut c = cmd(if cfg!(windows) { "npm.cmd" } else { "npm" }, args);
    c.current_dir(root().join("ui"));
    c
}

pub trait StatusOk {
    /// Runs the command to the end; an error names it and its exit status.
    fn status_ok(&mut self) -> Result;
}

impl StatusOk for Command {
    fn status_ok(&mut self) -> Result {
        let status =
            self.status().map_err(|e| format!("cannot start {:?}: {e}", self.get_program()))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!(
                "{:?} {:?} failed ({status})",
                self.get_program(),
                self.get_args().collect::<Vec<_>>()
            ))
        }
    }
}
