//! Month end in the window: a desk with billing data of four pricing models (made with the CLI,
//! the way a second user changes the same file), the Reports screen on last month, a
//! customer's total and lines, the block's ledger, closing the month and reopening it with a
//! reason; and the same screen in Swedish with no English on it.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::Datelike;
use serde_json::{json, Value};

use super::{main_text, no_english, Ctx};
use crate::webdriver::Session;
use crate::Result;

/// The `cspdesk` command line next to the app binary, on the scenario's database.
pub struct Cli {
    program: PathBuf,
    db: PathBuf,
}

impl Cli {
    pub fn new(app: &Path, db: PathBuf) -> Result<Cli> {
        if let Some(folder) = db.parent() {
            std::fs::create_dir_all(folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        }
        let program = app.with_file_name(if cfg!(windows) { "cspdesk.exe" } else { "cspdesk" });
        Ok(Cli { program, db })
    }

    /// Runs `cspdesk --db <db> args…`; its standard output, trimmed.
    pub fn run(&self, args: &[&str]) -> Result<String> {
        let out = Command::new(&self.program)
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .output()
            .map_err(|e| format!("{}: {e}", self.program.display()))?;
        if !out.status.success() {
            return Err(format!(
                "cspdesk {args:?} failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
    }

    /// Runs a command that prints a new id first (`customer add`, `call log`).
    pub fn id(&self, args: &[&str]) -> Result<String> {
        let out = self.run(args)?;
        out.split_whitespace()
            .next()
            .filter(|id| id.chars().all(|c| c.is_ascii_digit()))
            .map(str::to_owned)
            .ok_or_else(|| format!("cspdesk {args:?} printed {out:?}, not an id"))
    }

    /// Adds plans to the desk's offering (a copy of its first plan with another name and price).
    pub fn add_plans(&self, plans: &[(&str, &str, &str, Value)]) -> Result {
        let mut offering: Value = serde_json::from_str(&self.run(&["offering", "export"])?)
            .map_err(|e| format!("the exported offering: {e}"))?;
        let first = offering["plans"][0].clone();
        let list = offering["plans"].as_array_mut().ok_or("the exported offering has no plans")?;
        for (sv, en, currency, model) in plans {
            let mut plan = first.clone();
            plan["name"] = json!({ "sv": sv, "en": en });
            plan["isDefault"] = json!(false);
            plan["pricing"] = json!({ "currency": currency, "vatIncluded": false, "model": model });
            list.push(plan);
        }
        let file = self.db.with_file_name("offering-with-prices.json");
        std::fs::write(&file, offering.to_string())
            .map_err(|e| format!("{}: {e}", file.display()))?;
        self.run(&["offering", "import", &file.display().to_string()]).map(drop)
    }
}

/// The month before this one on this computer's clock (the app's default), "YYYY-MM".
pub fn last_month() -> String {
    let today = chrono::Local::now().date_naive();
    let last = today.with_day(1).and_then(|d| d.pred_opt()).unwrap_or(today);
    format!("{:04}-{:02}", last.year(), last.month())
}

/// The month after `month` ("YYYY-MM").
pub fn next_month(month: &str) -> String {
    add_months(month, 1)
}

/// `month` ("YYYY-MM") moved by `by` months (negative: back).
pub fn add_months(month: &str, by: i32) -> String {
    let (year, number) = month.split_once('-').unwrap_or((month, "1"));
    let (year, number) = (year.parse::<i32>().unwrap_or(2000), number.parse::<i32>().unwrap_or(1));
    let index = year * 12 + number - 1 + by;
    format!("{:04}-{:02}", index.div_euclid(12), index.rem_euclid(12) + 1)
}

/// "October 2026" / "Oktober 2026": a month as the screen's heading names it.
pub fn month_name(month: &str, lang: &str) -> String {
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    const SV: [&str; 12] = [
        "Januari",
        "Februari",
        "Mars",
        "April",
        "Maj",
        "Juni",
        "Juli",
        "Augusti",
        "September",
        "Oktober",
        "November",
        "December",
    ];
    let (year, number) = month.split_once('-').unwrap_or((month, "1"));
    let i = number.parse::<usize>().unwrap_or(1).clamp(1, 12) - 1;
    format!("{} {year}", if lang == "sv" { SV[i] } else { EN[i] })
}

/// Text as a person reads it: the no-break spaces of formatted numbers as spaces.
pub fn plain(s: &str) -> String {
    s.replace(['\u{a0}', '\u{202f}'], " ")
}

/// The ids the scenario looks at.
pub struct Desk {
    pub month: String,
    pub hourly: String,
    pub block: String,
    pub outlook_call: String,
}

/// A desk with something to bill last month for four customers (hourly with the per-call
/// rounding, a block with an adjustment, per incident, a block in euros run into overage) and
/// two customers with nothing to bill.
pub fn prepare(cli: &Cli) -> Result<Desk> {
    let month = last_month();
    let at = |day: u32, hour: u32| format!("{month}-{day:02}T{hour:02}:00:00Z");
    // Two customers on the starter plan (support included) with nothing this month; the first
    // command makes the database.
    cli.id(&[
        "customer",
        "add",
        "--name",
        "Ek Transport AB",
        "--registration-number",
        "556012-7773",
    ])?;
    cli.id(&["customer", "add", "--name", "Lindqvist Bygg AB"])?;
    cli.add_plans(&[
        ("Löpande timdebitering", "Hourly support", "SEK", json!({ "kind": "hourly", "rate": 95000, "incrementMinutes": 30, "minimumMinutes": 60 })),
        ("Timbank 10 tim", "Block of 10 hours", "SEK", json!({ "kind": "block", "hours": 10, "price": 850000, "rollover": true, "overageRate": 110000, "lowBalanceHours": 5 })),
        ("Per ärende", "Per incident", "SEK", json!({ "kind": "per_incident", "price": 150000 })),
        ("Timbank 5 tim", "Block of 5 hours", "EUR", json!({ "kind": "block", "hours": 5, "price": 50000, "rollover": false, "overageRate": 12000 })),
    ])?;
    let customer = |name: &str, plan: &str| {
        cli.id(&[
            "customer",
            "add",
            "--name",
            name,
            "--plan",
            plan,
            "--registration-number",
            "556677-8899",
        ])
    };
    let hourly = customer("Norrsken Redovisning AB", "Hourly support")?;
    let block = customer("Vasa Fastighetsförvaltning AB", "Block of 10 hours")?;
    let incident = customer("Kustbyggarna i Halland AB", "Per incident")?;
    let euro = customer("Helsinki Design Studio Oy", "Block of 5 hours")?;

    // A call with its time entries (minutes, billable), one hour apart from its logging on.
    let call = |customer: &str, day: u32, summary: &str, times: &[(u32, bool)]| -> Result<String> {
        let id = cli.id(&[
            "call",
            "log",
            "--customer",
            customer,
            "--severity",
            "B",
            "--summary",
            summary,
            "--at",
            &at(day, 7),
        ])?;
        for (i, (minutes, billable)) in times.iter().enumerate() {
            let when = at(day, 8 + i as u32);
            let m = minutes.to_string();
            let mut args = vec!["call", "update", &id, "--minutes", &m, "--at", &when];
            if !billable {
                args.push("--not-billable");
            }
            cli.run(&args)?;
        }
        Ok(id)
    };
    // 45 + 45 + 5 minutes on one call bill 2 hours (rounded up per call to 30 minutes, at least
    // 60); 20 minutes bill the minimum hour; 15 minutes of no-charge time bill nothing.
    let outlook_call = call(
        &hourly,
        5,
        "Outlook asks for the password again and again",
        &[(45, true), (45, true), (5, true)],
    )?;
    call(&hourly, 12, "New employee: licence and mailbox", &[(20, true)])?;
    call(&hourly, 20, "Question about MFA", &[(15, false)])?;
    // The block: 10 hours bought, 1.5 added, 7.5 used: 4 hours left, carried over.
    cli.run(&["block", "add", "--customer", &block, "--month", &month])?;
    cli.run(&[
        "block",
        "adjust",
        "--customer",
        &block,
        "--month",
        &month,
        "--hours",
        "1,5",
        "--reason",
        "Goodwill for the slow answer",
    ])?;
    call(&block, 3, "SharePoint site permissions for the board", &[(120, true), (30, true)])?;
    call(&block, 17, "Intune enrolment of 12 new laptops", &[(300, true), (30, false)])?;
    // Per incident: two calls resolved in the month.
    for (day, summary) in
        [(6, "Teams meetings drop after ten minutes"), (14, "Shared mailbox missing in Outlook")]
    {
        let id = call(&incident, day, summary, &[])?;
        cli.run(&[
            "call",
            "resolve",
            &id,
            "--resolution",
            "Fixed with the customer",
            "--at",
            &at(day, 15),
        ])?;
    }
    // In euros: 5 hours bought, 6 h 20 min used: 1 h 20 min beyond the block.
    cli.run(&["block", "add", "--customer", &euro, "--month", &month])?;
    call(&euro, 9, "Azure subscription access for a consultant", &[(180, true), (200, true)])?;
    Ok(Desk { month, hourly, block, outlook_call })
}

pub fn month_end(ctx: &Ctx) -> Result {
    let cli = Cli::new(ctx.app, ctx.db_path())?;
    let desk = prepare(&cli)?;
    let month = desk.month.as_str();
    // What the core computes, to tell a wrong screen from a changed rule.
    let report: Value =
        serde_json::from_str(&cli.run(&["report", "billing", "--month", month, "--json"])?)
            .map_err(|e| format!("report billing --json: {e}"))?;
    let total = report
        .as_array()
        .and_then(|all| {
            all.iter().find(|b| {
                b["customerId"].as_u64().map(|id| id.to_string()).as_deref()
                    == Some(desk.hourly.as_str())
            })
        })
        .map(|b| b["total"].clone());
    if total != Some(json!(356250)) {
        return Err(format!("the core bills the hourly customer {total:?}, the scenario expects 356250 (3 h at 950.00 + 25 % VAT)"));
    }

    let s = ctx.session()?;
    s.set_window_size(1280, 800)?;
    let en = |key: &str| ctx.catalogs.get("en", key);
    s.click("[data-testid=nav-reports]")?;
    ctx.expect_screen(&s, "reports", "en")?;

    // Last month is shown at first; a step back and a typed month find it again.
    s.wait_value("[data-testid=month-input]", month)?;
    s.click("[data-testid=month-previous]")?;
    s.wait_until("the previous month", || {
        Ok((s.value("[data-testid=month-input]")? != month).then_some(()))
    })?;
    s.fill("[data-testid=month-input]", &format!("{month}\u{E007}"))?;
    let name = month_name(month, "en");
    s.wait_text("[data-testid=month-name]", |t| t == name, &name)?;
    s.find("[data-testid=month-open]")?;

    // Every customer with something to bill, with its total; the others counted, not listed.
    let row = |id: &str| format!("[data-testid=basis-row-{id}]");
    s.wait_text(
        &format!("[data-testid=basis-total-{}]", desk.hourly),
        |t| plain(t) == "SEK 3,562.50",
        "SEK 3,562.50",
    )?;
    let quiet = en("billing.quiet.other")?.replace("{count}", "2");
    s.wait_text("[data-testid=billing-quiet]", |t| t.contains(&quiet), &quiet)?;
    let rows = s.execute("return document.querySelectorAll('[data-testid^=basis-row-]').length")?;
    if rows != json!(4) {
        return Err(format!("the table lists {rows} customers; 4 have something to bill"));
    }
    // 3562.50 + 10625.00 (the block) + 3750.00 (two incidents) in SEK; the euro block apart.
    s.wait_text(
        "[data-testid=currency-total-SEK]",
        |t| plain(t).contains("SEK 17,937.50"),
        "SEK 17,937.50",
    )?;
    // 500.00 for the block and 1.33 h (1 h 20 min, as printed) at 120.00 beyond it, + 25 % VAT.
    s.wait_text("[data-testid=currency-total-EUR]", |t| plain(t).contains("€824.50"), "€824.50")?;
    // Nothing focused: the picture shows the screen as it is read.
    s.execute("document.activeElement?.blur()")?;
    super::screens::save(ctx, &s, "reports-en.png")?;

    // A customer's lines, opened from the keyboard: the rounded hours of a call, and the
    // no-charge time shown as not charged.
    s.execute(&format!("document.querySelector('{}').focus()", row(&desk.hourly)))?;
    s.send_keys(&row(&desk.hourly), "\u{E007}")?;
    s.wait_inner_text("[data-testid=basis-customer]", "Norrsken Redovisning AB")?;
    let line = format!(
        "Support, call #{}: Outlook asks for the password again and again",
        desk.outlook_call
    );
    let first = s.wait_inner_text("[data-testid=line-0]", &line)?;
    if !(plain(&first).contains("2.00")
        && plain(&first).contains("SEK 950.00")
        && plain(&first).contains("SEK 1,900.00"))
    {
        return Err(format!(
            "the call's line reads {first:?}; expected 2.00 h at SEK 950.00, SEK 1,900.00"
        ));
    }
    s.wait_inner_text("[data-testid=line-2]", en("basis.notCharged")?)?;
    s.wait_text("[data-testid=basis-total]", |t| plain(t) == "SEK 3,562.50", "SEK 3,562.50")?;
    // Escape goes back to the list, to the same row.
    s.send_keys("[data-testid=basis-back]", "\u{E00C}")?;
    s.find("[data-testid=billing-table]")?;
    let focused = s.execute("return document.activeElement?.dataset?.testid ?? ''")?;
    if focused != json!(format!("basis-row-{}", desk.hourly)) {
        return Err(format!("back from the customer, the focus is on {focused}, not its row"));
    }

    // The block's ledger: 0 + 10 + 1.50 − 7.50 = 4.00 hours; an owner adjusts it, with a
    // reason, and no hours at all are refused in the dialog.
    s.execute(&format!("document.querySelector('{}').click()", row(&desk.block)))?;
    s.wait_text("[data-testid=block-remaining]", |t| t == "4.00", "4.00")?;
    super::screens::save(ctx, &s, "reports-basis-en.png")?;
    s.click("[data-testid=block-adjust]")?;
    s.fill("[data-testid=adjust-hours]", "0")?;
    s.fill("[data-testid=adjust-reason]", "Counted twice")?;
    s.click("[data-testid=block-adjust-dialog-submit]")?;
    s.wait_inner_text("[data-testid=block-adjust-dialog]", en("block.adjust.range")?)?;
    s.fill("[data-testid=adjust-hours]", "-0,5")?;
    s.click("[data-testid=block-adjust-dialog-submit]")?;
    s.wait_text(
        "[data-testid=basis-banner]",
        |t| t == en("block.adjusted").unwrap_or_default(),
        "adjusted",
    )?;
    s.wait_text("[data-testid=block-adjustments]", |t| t == "1.00", "1.00")?;
    s.wait_text("[data-testid=block-remaining]", |t| t == "3.50", "3.50")?;
    s.click("[data-testid=basis-back]")?;

    // Closing: a confirmation that says what it means, then the month is closed.
    s.click("[data-testid=close-month]")?;
    s.wait_inner_text("[data-testid=confirm-dialog]", en("billing.close.body")?)?;
    s.click("[data-testid=confirm-yes]")?;
    s.find("[data-testid=month-closed]")?;
    let done = en("billing.closed.done")?.replace("{months}", &name);
    s.wait_text("[data-testid=billing-banner]", |t| t == done, &done)?;
    let listed = cli.run(&["month", "list"])?;
    if !listed.starts_with(&format!("Closed through {month}")) {
        return Err(format!("after closing in the window, the CLI lists {listed:?}"));
    }
    if s.execute("return !!document.querySelector('[data-testid=close-month]')")? != json!(false) {
        return Err("a closed month still offers to close it".into());
    }
    // Its block can no longer be changed, and the basis says it is the stored one.
    s.execute(&format!("document.querySelector('{}').click()", row(&desk.block)))?;
    s.wait_inner_text("[data-testid=basis-block]", en("block.closed")?)?;
    s.wait_inner_text("[data-testid=basis-detail]", en("basis.stored")?)?;
    if s.execute("return !!document.querySelector('[data-testid=block-adjust]')")? != json!(false) {
        return Err("a closed month's block can still be adjusted".into());
    }
    s.click("[data-testid=basis-back]")?;

    // Reopening asks for a reason; without one it cannot be sent.
    s.click("[data-testid=reopen-month]")?;
    s.find("[data-testid=reopen-dialog]")?;
    let disabled = "return document.querySelector('[data-testid=reopen-dialog-submit]').disabled";
    if s.execute(disabled)? != json!(true) {
        return Err("the month can be reopened without a reason".into());
    }
    let reason = "A call was billed to the wrong customer";
    s.fill("[data-testid=reopen-reason]", reason)?;
    s.click("[data-testid=reopen-dialog-submit]")?;
    s.find("[data-testid=month-open]")?;
    let done = en("billing.reopened.done")?.replace("{month}", &name);
    s.wait_text("[data-testid=billing-banner]", |t| t == done, &done)?;
    let log = s.text_content("[data-testid=month-log]")?;
    if !log.contains(reason) {
        return Err(format!("the history does not hold the reason: {log:?}"));
    }
    let listed = cli.run(&["month", "list"])?;
    if !listed.contains(&format!("{month} reopened")) || !listed.contains(reason) {
        return Err(format!("after reopening in the window, the CLI lists {listed:?}"));
    }

    // The block's 3.50 hours carry into this month, under the plan's warning at 5: the
    // customer's page warns.
    s.click("[data-testid=nav-customers]")?;
    s.find("[data-testid=customer-list] button")?;
    s.execute_with(
        "[...document.querySelectorAll('[data-testid=customer-list] button')]\
           .find((b) => b.textContent.includes(arguments[0])).click()",
        json!(["Vasa Fastighetsförvaltning AB"]),
    )?;
    let low = en("block.low")?.replace("{hours}", "3.50").replace("{limit}", "5");
    s.wait_text("[data-testid=customer-block]", |t| t == low, &low)?;
    // A new call for the customer warns the same, and can still be logged.
    s.send_keys("body", "\u{E009}n\u{E000}")?;
    s.find("[data-testid=new-call-dialog]")?;
    s.send_keys("[data-testid=new-call-customer]", "Vasa Fastighet")?;
    s.wait_inner_text("[data-testid=new-call-dialog]", "Vasa Fastighetsförvaltning AB")?;
    s.send_keys("[data-testid=new-call-customer]", "\u{E007}")?;
    s.wait_text("[data-testid=new-call-block-low]", |t| t == low, &low)?;
    s.send_keys("[data-testid=new-call-customer]", "\u{E00C}")?;
    s.click("[data-testid=nav-reports]")?;

    // In Swedish: the same month and figures, and no English.
    swedish(ctx, &s, &desk)?;
    s.quit()
}

fn swedish(ctx: &Ctx, s: &Session, desk: &Desk) -> Result {
    s.click("[data-testid=nav-settings]")?;
    s.click("[data-testid=language-sv]")?;
    ctx.expect_screen(s, "settings", "sv")?;
    s.click("[data-testid=nav-reports]")?;
    ctx.expect_screen(s, "reports", "sv")?;
    let name = month_name(&desk.month, "sv");
    s.wait_text("[data-testid=month-name]", |t| t == name, &name)?;
    s.wait_text(
        &format!("[data-testid=basis-total-{}]", desk.hourly),
        |t| plain(t) == "3 562,50 kr",
        "3 562,50 kr",
    )?;
    no_english(ctx, &main_text(s)?, "the Reports screen")?;
    super::screens::save(ctx, s, "reports-sv.png")?;
    s.execute(&format!(
        "document.querySelector('[data-testid=basis-row-{}]').click()",
        desk.block
    ))?;
    s.wait_text("[data-testid=block-remaining]", |t| t == "3,50", "3,50")?;
    no_english(ctx, &main_text(s)?, "a customer's basis")?;
    super::screens::save(ctx, s, "reports-basis-sv.png")?;
    s.click("[data-testid=basis-back]")?;
    s.click("[data-testid=nav-settings]")?;
    s.click("[data-testid=language-en]")?;
    ctx.expect_screen(s, "settings", "en")
}
