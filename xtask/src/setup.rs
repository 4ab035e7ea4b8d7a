//! Installs what the build and the tests need and can be installed: Debian/Ubuntu packages (as
//! root; otherwise it prints the one line to run), the UI's npm packages, and tauri-driver.

use std::path::Path;
use std::process::Command;

use crate::{cmd, npm, root, step, Result, StatusOk};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Build,
    Test,
}

const BUILD_PACKAGES: &[&str] =
    &["build-essential", "pkg-config", "libwebkit2gtk-4.1-dev", "libssl-dev", "file"];
const TEST_PACKAGES: &[&str] = &[
    "xvfb",
    "xauth",
    "webkit2gtk-driver",
    "qpdf",
    "poppler-utils",
    "postgresql",
    // zizmor's virtual environment (`python3 -m venv`).
    "python3-venv",
];

pub fn system_packages(purpose: Purpose) -> Result {
    if !cfg!(target_os = "linux") || !Path::new("/etc/debian_version").exists() {
        return Ok(()); // Windows and macOS ship WebView2 / WKWebView; other Linuxes: see README.
    }
    let mut wanted: Vec<&str> = BUILD_PACKAGES.to_vec();
    if purpose == Purpose::Test {
        wanted.extend(TEST_PACKAGES);
    }
    let missing: Vec<&str> = wanted.into_iter().filter(|p| !installed(p)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    let line = format!(
        "apt-get install -y -o DPkg::Lock::Timeout=300 --no-install-recommends {}",
        missing.join(" ")
    );
    // A CI runner's user (GitHub's) may use sudo without a password; a developer is asked.
    let sudo =
        !is_root() && cmd("sudo", &["-n", "true"]).output().is_ok_and(|o| o.status.success());
    if !is_root() && !sudo {
        return Err(format!(
            "these system packages are missing: {}.\nInstall them with:\n\n    sudo apt-get update && sudo {line}\n",
            missing.join(" ")
        ));
    }
    step(&format!("installing system packages: {}", missing.join(" ")));
    let apt = |args: &[&str]| {
        let mut c = if sudo {
            cmd("sudo", &["-n", "DEBIAN_FRONTEND=noninteractive", "apt-get"])
        } else {
            cmd("apt-get", &[])
        };
        c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        c
    };
    apt(&["update", "-qq"]).status_ok()?;
    apt(&["install", "-y", "-qq", "-o", "DPkg::Lock::Timeout=300", "--no-install-recommends"])
        .args(&missing)
        .status_ok()
}

fn installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

/// `npm ci` in ui/ when node_modules is missing or older than package-lock.json.
pub fn npm_packages() -> Result {
    let ui = root().join("ui");
    let lock = ui.join("package-lock.json");
    let stamp = ui.join("node_modules").join(".package-lock.json");
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let fresh = matches!((modified(&stamp), modified(&lock)), (Some(s), Some(l)) if s >= l);
    if fresh {
        return Ok(());
    }
    step("installing the UI's npm packages");
    npm(&["ci", "--no-audit", "--no-fund"]).status_ok()
}

/// tauri-driver, the WebDriver server for Tauri apps, from crates.io. Returns how to run it:
/// by name when it is on PATH, else by the path `cargo install` put it at.
pub fn tauri_driver() -> Result<std::path::PathBuf> {
    if Command::new("tauri-driver").arg("--help").output().is_ok() {
        return Ok("tauri-driver".into());
    }
    let installed = cargo_home().join("bin").join(if cfg!(windows) {
        "tauri-driver.exe"
    } else {
        "tauri-driver"
    });
    if !installed.exists() {
        step("installing tauri-driver");
        crate::cmd(
            std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()),
            &["install", "tauri-driver", "--locked", "--version", "^2"],
        )
        .status_ok()?;
    }
    Ok(installed)
}

fn cargo_home() -> std::path::PathBuf {
    std::env::var_os("CARGO_HOME").map(Into::into).unwrap_or_else(|| {
        let home = std::env::var_os("HOME")
            .or_else(|| std::env::var_os("USERPROFILE"))
            .unwrap_or_default();
        std::path::PathBuf::from(home).join(".cargo")
    })
}

/// zizmor, the GitHub Actions auditor, from PyPI into a virtual environment of its own under
/// target/tools (its version in the folder's name, so a new pin makes a new one). Returns its
/// executable.
pub fn zizmor() -> Result<std::path::PathBuf> {
    const VERSION: &str = "1.32.0";
    let venv = crate::target_dir().join("tools").join(format!("zizmor-{VERSION}"));
    let bin = |name: &str| {
        if cfg!(windows) {
            venv.join("Scripts").join(format!("{name}.exe"))
        } else {
            venv.join("bin").join(name)
        }
    };
    let zizmor = bin("zizmor");
    if zizmor.exists() {
        return Ok(zizmor);
    }
    step(&format!("installing zizmor {VERSION} (PyPI) into {}", venv.display()));
    let python = if cfg!(windows) { "python" } else { "python3" };
    cmd(python, &["-m", "venv", "--clear"]).arg(&venv).status_ok()?;
    cmd(bin("python"), &["-m", "pip", "install", "--quiet", "--disable-pip-version-check"])
        .arg(format!("zizmor=={VERSION}"))
        .status_ok()?;
    Ok(zizmor)
}
