//! `cargo xtask bundle-check`: the .deb as a user gets it. Unpacked with `dpkg-deb -x` into a
//! temporary root (no container, no root rights, nothing installed on this machine), its
//! control data and files checked, its libraries resolved, and its program started under Xvfb
//! with XDG_DATA_HOME in a temporary folder whose name is not ASCII ("Åsa"): it must create its
//! database there (the release data folder, without `.dev`) with the default plan in it.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::{step, Result, StatusOk};

/// How long the installed app may take to create its database (it takes about a second).
const START_TIMEOUT: Duration = Duration::from_secs(60);

pub fn run(bundle_dir: &Path) -> Result {
    let conf: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(crate::root().join("src-tauri").join("tauri.conf.json"))
            .map_err(|e| format!("cannot read tauri.conf.json: {e}"))?,
    )
    .map_err(|e| format!("tauri.conf.json: {e}"))?;
    let version = conf["version"].as_str().ok_or("tauri.conf.json has no version")?;
    let identifier = conf["identifier"].as_str().ok_or("tauri.conf.json has no identifier")?;
    let deb = find_deb(&bundle_dir.join("deb"), version)?;
    step(&format!("checking {}", deb.display()));
    let started = Instant::now();

    let field = |name: &str| -> Result<String> {
        let out = Command::new("dpkg-deb")
            .args(["-f"])
            .arg(&deb)
            .arg(name)
            .output()
            .map_err(|e| format!("cannot run dpkg-deb: {e}"))?;
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
    };
    let depends = field("Depends")?;
    for needed in ["libwebkit2gtk-4.1-0", "libgtk-3-0"] {
        if !depends.contains(needed) {
            return Err(format!("the .deb's Depends ({depends}) lacks {needed}"));
        }
    }
    if field("Version")? != version {
        return Err(format!("the .deb's Version is not {version}"));
    }

    let temp = tempfile::Builder::new()
        .prefix("cspdesk-deb-")
        .tempdir()
        .map_err(|e| format!("cannot make a temporary folder: {e}"))?;
    let installed = temp.path().join("root");
    Command::new("dpkg-deb").arg("-x").arg(&deb).arg(&installed).status_ok()?;
    let program = only_program(&installed.join("usr").join("bin"))?;
    for (what, dir) in [
        ("a .desktop file", installed.join("usr/share/applications")),
        ("icons", installed.join("usr/share/icons/hicolor")),
    ] {
        if std::fs::read_dir(&dir).map_or(true, |mut d| d.next().is_none()) {
            return Err(format!("the .deb has no {what} ({})", dir.display()));
        }
    }
    let ldd = Command::new("ldd").arg(&program).output().map_err(|e| format!("ldd: {e}"))?;
    let missing: Vec<String> = String::from_utf8_lossy(&ldd.stdout)
        .lines()
        .filter(|l| l.contains("not found"))
        .map(|l| l.trim().to_owned())
        .collect();
    if !missing.is_empty() {
        return Err(format!("the installed program lacks libraries: {}", missing.join(", ")));
    }

    // The user's folders, all temporary, under a name that is not ASCII.
    let home = temp.path().join("Åsa");
    let data = home.join(".local").join("share");
    let database = data.join(identifier).join("cspdesk.sqlite3");
    std::fs::create_dir_all(&data).map_err(|e| e.to_string())?;
    let log_path = temp.path().join("app.log");
    let log = std::fs::File::create(&log_path).map_err(|e| e.to_string())?;
    let launched = Instant::now();
    let child = Command::new("xvfb-run")
        .args(["-a", "-s", "-screen 0 1280x800x24"])
        .arg(&program)
        .env("XDG_DATA_HOME", &data)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_CACHE_HOME", home.join(".cache"))
        // No session bus: the single-instance plugin must not hand over to a running CSP Desk.
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .stdin(Stdio::null())
        .stdout(log.try_clone().map_err(|e| e.to_string())?)
        .stderr(log)
        .process_group(0)
        .spawn()
        .map_err(|e| format!("cannot start xvfb-run: {e}"))?;
    let mut app = Group(child);
    let appeared = loop {
        if database.metadata().is_ok_and(|m| m.len() > 0) {
            break Some(launched.elapsed());
        }
        if let Ok(Some(status)) = app.0.try_wait() {
            return Err(format!(
                "the installed app exited ({status}) before creating {}:\n{}",
                database.display(),
                std::fs::read_to_string(&log_path).unwrap_or_default()
            ));
        }
        if launched.elapsed() > START_TIMEOUT {
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    // Let the app finish its first start (the default plan) before it is stopped.
    std::thread::sleep(Duration::from_secs(2));
    drop(app);
    let Some(appeared) = appeared else {
        return Err(format!(
            "the installed app created no database at {} within {} s:\n{}",
            database.display(),
            START_TIMEOUT.as_secs(),
            std::fs::read_to_string(&log_path).unwrap_or_default()
        ));
    };
    let db = cspdesk::Db::open(&database).map_err(|e| format!("{}: {e}", database.display()))?;
    let plans = cspdesk::offering::list_plans(&db).map_err(|e| e.to_string())?;
    if plans.is_empty() {
        return Err(format!("{} holds no plan", database.display()));
    }
    println!(
        "The installed app made {} ({} plan) {:.1} s after launch; the check took {:.1} s.",
        database.display(),
        plans.len(),
        appeared.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The .deb of this version: Tauri names it `<productName>_<version>_<arch>.deb`.
fn find_deb(dir: &Path, version: &str) -> Result<PathBuf> {
    let needle = format!("_{version}_");
    std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.extension().is_some_and(|x| x == "deb")
                && p.file_name().is_some_and(|n| n.to_string_lossy().contains(&needle))
        })
        .ok_or_else(|| format!("no .deb of version {version} in {}", dir.display()))
}

/// The one program the package installs in /usr/bin.
fn only_program(bin: &Path) -> Result<PathBuf> {
    let programs: Vec<PathBuf> = std::fs::read_dir(bin)
        .map_err(|e| format!("the .deb installs nothing in /usr/bin: {e}"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    match programs.as_slice() {
        [one] => Ok(one.clone()),
        _ => Err(format!("the .deb installs {} programs in /usr/bin, not one", programs.len())),
    }
}

/// xvfb-run, Xvfb and the app in one process group, stopped together.
struct Group(std::process::Child);

impl Drop for Group {
    fn drop(&mut self) {
        crate::e2e::stop_group(&mut self.0);
    }
}
