//! Backups and restore in the window: the app backs up on start, "Back up now" adds a verified
//! copy, a customer added afterwards (through the CLI, as a second user would) is gone after
//! the backup is restored (what it holds shown and confirmed first), and back after the restore
//! is undone; the backups moved to a synced folder and back; a file that is not a CSP Desk
//! database refused in words; a backup that fails is shown in the status bar until one
//! succeeds; the section in Swedish shows no English. Screenshots of the section in both
//! languages at 1280x800. (The folder and file dialogs are answered through the debug build's
//! `CSPDESK_E2E_PICK_FOLDER` and `CSPDESK_E2E_PICK_FILE`.)

use std::path::Path;

use super::billing::Cli;
use super::{main_text, no_english, Ctx};
use crate::webdriver::Session;
use crate::Result;

const BEFORE: &str = "Lindgren Redovisning AB";
const AFTER: &str = "Holmberg Fastigheter AB";

pub fn restore_and_undo(ctx: &Ctx) -> Result {
    let cli = Cli::new(ctx.app, ctx.db_path())?;
    cli.id(&["customer", "add", "--name", BEFORE])?;
    let en = |key: &str| ctx.catalogs.get("en", key);
    let count = |key: &str, n: u32| -> Result<String> {
        let form = if n == 1 { "one" } else { "other" };
        Ok(en(&format!("{key}.{form}"))?.replace("{count}", &n.to_string()))
    };

    let s = ctx.session()?;
    s.set_window_size(1280, 800)?;
    s.click("[data-testid=nav-settings]")?;
    ctx.expect_screen(&s, "settings", "en")?;
    // On start, with no backup yet, the app took one by itself.
    s.wait_until("the backup taken on start", || {
        let rows =
            s.execute("return document.querySelectorAll('[data-testid=backup-row]').length")?;
        if rows.as_u64().unwrap_or(0) > 0 {
            return Ok(Some(()));
        }
        // The list is read when the section opens: look again.
        s.click("[data-testid=nav-calls]")?;
        s.click("[data-testid=nav-settings]")?;
        Ok(None)
    })?;
    let folder = ctx.db_path().with_file_name("backups");
    s.wait_inner_text("[data-testid=backups-folder]", "backups")?;

    s.click("[data-testid=backup-now]")?;
    s.wait_inner_text("[data-testid=backups-notice]", en("backups.done")?)?;
    let made = files(&folder)?;
    if made.is_empty() || made.iter().any(|n| !n.starts_with("cspdesk-") || n.contains(':')) {
        return Err(format!("the backup folder holds {made:?}"));
    }

    // A second user adds a customer after the backup; the app shows it within a second.
    cli.id(&["customer", "add", "--name", AFTER])?;
    s.wait_inner_text("[data-testid=status-counts]", &count("status.customers", 2)?)?;

    // The newest backup: what it holds, then the restore.
    s.click("[data-testid=backup-row] [data-testid=backup-restore]")?;
    let question =
        s.wait_inner_text("[data-testid=confirm-dialog]", &count("status.customers", 1)?)?;
    for holds in [count("status.calls", 0)?, count("backups.entries", 0)?] {
        if !question.contains(&holds) {
            return Err(format!("the question does not say {holds:?}: {question:?}"));
        }
    }
    s.click("[data-testid=confirm-yes]")?;
    let restored = en("backups.restored")?;
    let restored = restored.split('{').next().unwrap_or(restored).trim();
    s.wait_inner_text("[data-testid=restore-notice]", restored)?;
    s.wait_inner_text("[data-testid=status-counts]", &count("status.customers", 1)?)?;
    if customers(&cli)?.contains(AFTER) {
        return Err(format!("{AFTER} is still in the database after the restore"));
    }
    s.execute("document.activeElement?.blur(); document.querySelector('[data-testid=backups-card]').scrollIntoView()")?;
    super::screens::save(ctx, &s, "settings-backups-en.png")?;

    // The undo: the desk as it was before the restore.
    s.click("[data-testid=restore-undo]")?;
    s.wait_inner_text("[data-testid=backups-notice]", en("backups.undone")?)?;
    s.wait_inner_text("[data-testid=status-counts]", &count("status.customers", 2)?)?;
    let names = customers(&cli)?;
    if !(names.contains(BEFORE) && names.contains(AFTER)) {
        return Err(format!("after the undo the customers are {names}"));
    }
    s.click("[data-testid=nav-customers]")?;
    s.wait_inner_text("main", AFTER)?;

    elsewhere(ctx, &s)?;
    failure_in_the_status_bar(ctx, &s)?;
    swedish(ctx, &s)?;
    s.quit()
}

/// What the app's folder and file dialogs answer in this scenario (`CSPDESK_E2E_PICK_FOLDER`,
/// `CSPDESK_E2E_PICK_FILE`): a synced folder, and a file that is not a CSP Desk database.
pub fn picks(data: &Path) -> (String, String) {
    let folder = data.join("OneDrive - Lindgren").join("CSP Desk");
    (folder.display().to_string(), data.join("letter.sqlite3").display().to_string())
}

/// Backups moved to a synced folder (backed up into at once) and back; a file that is not a
/// CSP Desk database chosen to restore is refused in words, and nothing changes.
fn elsewhere(ctx: &Ctx, s: &Session) -> Result {
    let en = |key: &str| ctx.catalogs.get("en", key);
    let (folder, letter) = picks(ctx.data);
    s.click("[data-testid=nav-settings]")?;
    s.click("[data-testid=backup-folder]")?;
    s.wait_inner_text("[data-testid=backups-notice]", en("backups.folderChanged")?)?;
    s.wait_inner_text("[data-testid=backups-folder]", "OneDrive - Lindgren")?;
    let synced = files(Path::new(&folder))?;
    if synced.len() != 1 {
        return Err(format!("the synced folder holds {synced:?}"));
    }
    s.click("[data-testid=backup-default-folder]")?;
    s.wait_until("the default folder again", || {
        let shown = s.text("[data-testid=backups-folder]")?;
        Ok((!shown.contains("OneDrive")).then_some(()))
    })?;

    std::fs::write(&letter, "Dear customer, ...").map_err(|e| e.to_string())?;
    let cli = Cli::new(ctx.app, ctx.db_path())?;
    let before = customers(&cli)?;
    s.click("[data-testid=backup-restore-other]")?;
    let refused = en("problem.not_csp_desk_database")?.replace("{path}", &letter);
    s.wait_inner_text("[data-testid=backups-notice]", &refused)?;
    if s.execute("return document.querySelector('[data-testid=confirm-dialog]') !== null")?
        != serde_json::Value::Bool(false)
    {
        return Err("a file that is not a CSP Desk database was offered for restoring".into());
    }
    if customers(&cli)? != before {
        return Err("refusing a file changed the database".into());
    }
    Ok(())
}

/// A backup folder that cannot be made: the status bar says so until a backup succeeds.
fn failure_in_the_status_bar(ctx: &Ctx, s: &Session) -> Result {
    let settings = ctx.db_path().with_file_name("backups.json");
    let blocker = ctx.data.join("not-a-folder");
    std::fs::write(&blocker, "a file").map_err(|e| e.to_string())?;
    let json = serde_json::json!({ "folder": blocker.join("backups") });
    std::fs::write(&settings, json.to_string()).map_err(|e| e.to_string())?;
    s.click("[data-testid=nav-settings]")?;
    s.click("[data-testid=backup-now]")?;
    let failed = ctx.catalogs.get("en", "status.backupFailed")?;
    s.wait_inner_text("[data-testid=status-backup-failed]", failed)?;
    s.find("[data-testid=backups-failure]")?;
    // Still there on another screen.
    s.click("[data-testid=nav-calls]")?;
    s.find("[data-testid=status-backup-failed]")?;
    // Back to the default folder: the next backup succeeds and the status bar clears.
    std::fs::remove_file(&settings).map_err(|e| e.to_string())?;
    s.click("[data-testid=status-backup-failed]")?;
    ctx.expect_screen(s, "settings", "en")?;
    s.click("[data-testid=backup-now]")?;
    s.wait_inner_text("[data-testid=backups-notice]", ctx.catalogs.get("en", "backups.done")?)?;
    s.wait_until("the status bar to clear", || {
        let shown = s.execute(
            "return document.querySelector('[data-testid=status-backup-failed]') !== null",
        )?;
        Ok((shown == serde_json::Value::Bool(false)).then_some(()))
    })
}

/// The section and the question in Swedish: no English, and the screenshot.
fn swedish(ctx: &Ctx, s: &Session) -> Result {
    let sv = |key: &str| ctx.catalogs.get("sv", key);
    s.click("[data-testid=language-sv]")?;
    ctx.expect_screen(s, "settings", "sv")?;
    s.wait_inner_text("[data-testid=backups-card]", sv("backups.title")?)?;
    // Let the screen settle in its new language before it is scrolled and photographed.
    std::thread::sleep(std::time::Duration::from_millis(500));
    s.execute("document.activeElement?.blur(); document.querySelector('[data-testid=backups-card]').scrollIntoView()")?;
    super::screens::save(ctx, s, "settings-backups-sv.png")?;
    let card = s.wait_inner_text("[data-testid=backups-card]", sv("backups.title")?)?;
    no_english(ctx, &card, "Settings → Backups")?;
    s.click("[data-testid=backup-row] [data-testid=backup-restore]")?;
    let dialog = s.wait_inner_text("[data-testid=confirm-dialog]", sv("backups.confirm.title")?)?;
    super::screens::save(ctx, s, "settings-backups-restore-sv.png")?;
    no_english(ctx, &dialog, "the restore question")?;
    no_english(ctx, &main_text(s)?, "Settings behind the restore question")?;
    s.click("[data-testid=confirm-no]")?;
    s.click("[data-testid=language-en]")?;
    ctx.expect_screen(s, "settings", "en")
}

fn files(folder: &Path) -> Result<Vec<String>> {
    let entries = std::fs::read_dir(folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    Ok(entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect())
}

fn customers(cli: &Cli) -> Result<String> {
    cli.run(&["customer", "list", "--all"])
}
