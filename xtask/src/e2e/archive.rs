//! Everything in one file: Settings exports the desk the app has open as one archive, and the
//! CLI reads it into a new, empty desk that exports to the same bytes.

use super::billing::Cli;
use super::Ctx;
use crate::Result;

pub fn everything_out(ctx: &Ctx) -> Result {
    let exports = ctx.data.join("exports");
    let s = ctx.session()?;
    s.click("[data-testid=nav-settings]")?;
    ctx.expect_screen(&s, "settings", "en")?;
    s.click("[data-testid=archive-export]")?;
    let notice =
        s.wait_inner_text("[data-testid=archive-notice]", &exports.display().to_string())?;
    s.quit()?;
    let file = std::fs::read_dir(&exports)
        .map_err(|e| format!("{}: {e}", exports.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("cspdesk-archive-"))
        })
        .ok_or_else(|| {
            format!("the notice says {notice:?}, but no archive is in {}", exports.display())
        })?;
    let archive = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    let parsed: serde_json::Value =
        serde_json::from_slice(&archive).map_err(|e| format!("the archive is not JSON: {e}"))?;
    if parsed["format"] != "cspdesk-archive" {
        return Err(format!("the archive's format: {}", parsed["format"]));
    }

    // Read into a new desk by the CLI, and out again: the same bytes.
    let folder = ctx.data.join("from-archive");
    let cli = Cli::new(ctx.app, folder.join("cspdesk.sqlite3"))?;
    let path = file.display().to_string();
    cli.run(&["archive", "import", &path])?;
    let again = folder.join("again.json");
    cli.run(&["archive", "export", "--out", &again.display().to_string()])?;
    let second = std::fs::read(&again).map_err(|e| format!("{}: {e}", again.display()))?;
    if second != archive {
        return Err("the desk read from the app's archive exports different bytes".into());
    }
    Ok(())
}
