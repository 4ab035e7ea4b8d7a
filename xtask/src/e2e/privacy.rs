//! A request about a person, in the window: a contact's record saved as a PDF, then the
//! contact anonymised with every mention redacted; the CLI (a second user) sees the erasure in
//! the log and finds the person no more.

use serde_json::json;

use super::billing::Cli;
use super::Ctx;
use crate::Result;

const PERSON: &str = "Märta Sjöström-Lind";

pub fn request_about_a_person(ctx: &Ctx) -> Result {
    let cli = Cli::new(ctx.app, ctx.db_path())?;
    let customer =
        cli.id(&["customer", "add", "--name", "Sjöström Konsult AB", "--contact", PERSON])?;
    let id = customer.to_string();
    cli.run(&[
        "call",
        "log",
        "--customer",
        &id,
        "--severity",
        "B",
        "--summary",
        "VPN drops",
        "--contact",
        PERSON,
        "--description",
        &format!("{PERSON} loses the VPN at noon"),
    ])?;
    cli.run(&[
        "call",
        "log",
        "--customer",
        &id,
        "--severity",
        "C",
        "--summary",
        "New laptop",
        "--contact",
        "Olof",
        "--description",
        &format!("Same setup as {PERSON}"),
    ])?;

    let s = ctx.session()?;
    s.click("[data-testid=nav-customers]")?;
    s.find("[data-testid=customer-list] button")?;
    s.execute_with(
        "[...document.querySelectorAll('[data-testid=customer-list] button')]\
           .find((b) => b.textContent.includes(arguments[0])).click()",
        json!(["Sjöström Konsult AB"]),
    )?;
    s.click("[data-testid=contact-0-privacy]")?;
    let en = |key: &str| ctx.catalogs.get("en", key);
    let held = en("privacy.held")?
        .replace("{calls}", &en("privacy.held.calls.one")?.replace("{count}", "1"))
        .replace("{mentions}", &en("privacy.held.mentions.one")?.replace("{count}", "1"));
    s.wait_text("[data-testid=privacy-held]", |t| t == held, &held)?;
    s.wait_inner_text("[data-testid=privacy-mentions]", "Same setup as")?;
    ctx.save_screenshot(&s, "privacy-dialog-en.png")?;

    // What is held, as a PDF for them.
    s.click("[data-testid=privacy-pdf]")?;
    s.find("[data-testid=privacy-pdf-saved]")?;
    let exports = ctx.data.join("exports");
    let pdf = std::fs::read_dir(&exports)
        .map_err(|e| format!("{}: {e}", exports.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("personal-data-contact-"))
        })
        .ok_or("the PDF of what is held is not in the exports folder")?;
    let bytes = std::fs::read(&pdf).map_err(|e| e.to_string())?;
    if !bytes.starts_with(b"%PDF") {
        return Err(format!("{} is not a PDF", pdf.display()));
    }

    // Anonymised, every mention replaced (the default).
    s.click("[data-testid=privacy-dialog-submit]")?;
    // "Anonymised (N records). Logged in the erasure log.": N is the log's, checked below.
    let done = en("privacy.anonymised")?;
    let (before, after) = done.split_once("{records}").ok_or("the catalog's sentence")?;
    let shown = s.wait_inner_text("main", after)?;
    if !shown.contains(before) {
        return Err(format!("no confirmation in {shown:?}"));
    }
    s.find("[data-testid=contact-0-anonymised]")?;
    s.quit()?;

    let found = cli.run(&["person", "find", "Sjöström-Lind"])?;
    if !found.contains("No contact person") {
        return Err(format!("the CLI still finds the person: {found}"));
    }
    let log: serde_json::Value = serde_json::from_str(&cli.run(&["erasure", "log", "--json"])?)
        .map_err(|e| e.to_string())?;
    let kinds: Vec<&str> =
        log.as_array().into_iter().flatten().filter_map(|e| e["kind"].as_str()).collect();
    if kinds != ["redact", "anonymise"] {
        return Err(format!("the erasure log: {log}"));
    }
    let list: serde_json::Value =
        serde_json::from_str(&cli.run(&["call", "list", "--customer", &id, "--json"])?)
            .map_err(|e| e.to_string())?;
    for call in list.as_array().into_iter().flatten() {
        let shown = cli.run(&["call", "show", &call["id"].to_string(), "--json"])?;
        if shown.contains("Sjöström-Lind") || !shown.contains("[…]") {
            return Err(format!("the call still names the person, or lost its text: {shown}"));
        }
    }
    Ok(())
}
