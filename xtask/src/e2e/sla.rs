//! How the desk kept its promises, in the window: the month-end desk of the billing scenario
//! (eight calls last month, two of them resolved, 16 h 30 min of time), the Reports screen's SLA
//! and workload view reached from the keyboard, its figures checked against what the scenario
//! made, a chart's numbers shown, one customer picked, a month without calls, the same view in
//! Swedish with no English; then a customer's licensed users set in Customers, which takes the
//! "licensed users missing" warning off What to bill, and a change to a closed month refused,
//! in words.

use serde_json::json;

use super::billing::{self, month_name, plain, Cli};
use super::{main_text, no_english, Ctx};
use crate::webdriver::Session;
use crate::Result;

/// Customers on a plan charged per user, with no count of users at first: one gets its count
/// in Customers, the other right on its invoice basis.
const SCHOOL: &str = "Solberga Skolor AB";
const PRESCHOOL: &str = "Björkdala Förskola AB";

pub fn promises(ctx: &Ctx) -> Result {
    let cli = Cli::new(ctx.app, ctx.db_path())?;
    let desk = billing::prepare(&cli)?;
    let month = desk.month.as_str();
    cli.add_plans(&[(
        "Supportabonnemang",
        "Support subscription",
        "SEK",
        json!({ "kind": "monthly", "price": 12500, "basis": "per_user" }),
    )])?;
    let school =
        cli.id(&["customer", "add", "--name", SCHOOL, "--plan", "Support subscription"])?;
    let preschool =
        cli.id(&["customer", "add", "--name", PRESCHOOL, "--plan", "Support subscription"])?;

    let s = ctx.session()?;
    s.set_window_size(1280, 800)?;
    let en = |key: &str| ctx.catalogs.get("en", key);
    s.click("[data-testid=nav-reports]")?;
    ctx.expect_screen(&s, "reports", "en")?;

    // The SLA view from the keyboard: the tab of the view shown, then the arrow to the next.
    s.find("[data-testid=billing-table]")?;
    s.execute("document.querySelector('[data-testid=report-billing]').focus()")?;
    s.send_keys("[data-testid=report-billing]", "\u{E014}")?;
    let name = month_name(month, "en");
    s.wait_text("[data-testid=sla-period]", |t| t == name, &name)?;
    let focused = s.execute("return document.activeElement?.dataset?.testid ?? ''")?;
    if focused != json!("report-sla") {
        return Err(format!("after the arrow key the focus is on {focused}, not the SLA tab"));
    }

    // What the scenario made last month: 3 + 2 + 2 + 1 calls, the two per-incident ones
    // resolved; 115 + 450 + 380 minutes billable and 15 + 30 not.
    s.wait_text("[data-testid=kpi-received-value]", |t| t == "8", "8")?;
    s.wait_inner_text(
        "[data-testid=kpi-received]",
        &en("sla.kpi.resolved")?.replace("{count}", "2"),
    )?;
    wait_plain(&s, "[data-testid=kpi-hours]", "16 h 30 min")?;
    // The plans' goal (the starter plan's 90 %) under each on-time figure, red when below it.
    let goal = en("sla.kpi.goal")?.replace("{goal}", "90");
    for kpi in ["firstResponse", "resolution"] {
        let css = format!("[data-testid=kpi-{kpi}-goal]");
        wait_plain(&s, &css, &goal)?;
        let shown = s.execute(&format!(
            "const k = document.querySelector('[data-testid=kpi-{kpi}]'); \
             return [k.querySelector('.figure').textContent, \
                     k.querySelector('.goal').classList.contains('below')]"
        ))?;
        let percent: Option<f64> = shown[0]
            .as_str()
            .and_then(|t| t.trim().trim_end_matches('%').trim().replace(',', ".").parse().ok());
        let below = shown[1].as_bool().unwrap_or(false);
        if percent.is_some_and(|p| (p < 90.0) != below) {
            return Err(format!("{kpi}: {shown} is marked {below} below the goal of 90 %"));
        }
    }
    wait_plain(
        &s,
        "[data-testid=kpi-hours]",
        &en("sla.billableHours")?.replace("{hours}", "15 h 45 min"),
    )?;

    // A chart's numbers, one click away: the weeks add up to the month.
    s.click("[data-testid=chart-weeks-numbers]")?;
    let weeks = s.wait_inner_text("[data-testid=chart-weeks-table]", en("sla.total")?)?;
    let sums = row(&weeks, en("sla.total")?);
    if sums != ["8", "2"] {
        return Err(format!(
            "the weeks' table sums {sums:?}, not 8 received and 2 resolved: {weeks:?}"
        ));
    }
    let pressed = "return document.querySelector('[data-testid=chart-weeks-numbers]').getAttribute('aria-pressed')";
    if s.execute(pressed)? != json!("true") {
        return Err("the Show numbers button does not say it is pressed".into());
    }
    // Hours per customer: the hourly customer's 1 h 55 min billable and 15 min not.
    s.click("[data-testid=chart-hours-numbers]")?;
    let hours = s.wait_inner_text("[data-testid=chart-hours-table]", "Norrsken Redovisning AB")?;
    let norrsken = row(&hours, "Norrsken Redovisning AB");
    if norrsken.join(" ") != "1 h 55 min 15 min 2 h 10 min" {
        return Err(format!("the hourly customer's hours read {norrsken:?} in {hours:?}"));
    }
    s.click("[data-testid=chart-hours-numbers]")?;
    s.execute("document.activeElement?.blur(); document.querySelector('main').scrollTop = 0")?;
    super::screens::save(ctx, &s, "reports-sla-en.png")?;

    // One customer: its three calls.
    s.send_keys("[data-testid=sla-customer]", "Norrsken")?;
    s.wait_inner_text("#customer-filter-matches", "Norrsken Redovisning AB")?;
    s.send_keys("[data-testid=sla-customer]", "\u{E007}")?;
    s.wait_text("[data-testid=kpi-received-value]", |t| t == "3", "3")?;
    // Kept while visiting another screen, and named in the box.
    s.click("[data-testid=nav-calls]")?;
    s.click("[data-testid=nav-reports]")?;
    s.wait_value("[data-testid=sla-customer]", "Norrsken Redovisning AB")?;
    s.wait_text("[data-testid=kpi-received-value]", |t| t == "3", "3")?;
    // The month before has no calls, and the screen says so in words.
    s.click("[data-testid=sla-previous]")?;
    let before = month_name(&billing::add_months(month, -1), "en");
    let empty = en("sla.empty.title")?.replace("{period}", &before);
    s.wait_inner_text("[data-testid=empty-state]", &empty)?;
    s.wait_inner_text(
        "[data-testid=empty-state]",
        &en("sla.empty.customer")?.replace("{customer}", "Norrsken Redovisning AB"),
    )?;
    // Escape empties the customer box: all customers again; the next period is the month.
    s.send_keys("[data-testid=sla-customer]", "\u{E00C}")?;
    s.click("[data-testid=sla-next]")?;
    s.wait_text("[data-testid=kpi-received-value]", |t| t == "8", "8")?;

    swedish(ctx, &s, month)?;

    // Licensed users: the per-user customer (new this month, so billed from this month) is
    // flagged in What to bill...
    let this_month = billing::next_month(month);
    let this_name = month_name(&this_month, "en");
    let billing_month = |s: &Session| -> Result {
        s.click("[data-testid=nav-reports]")?;
        s.click("[data-testid=report-billing]")?;
        s.fill("[data-testid=month-input]", &format!("{this_month}\u{E007}"))?;
        s.wait_text("[data-testid=month-name]", |t| t == this_name, &this_name).map(drop)
    };
    billing_month(&s)?;
    s.find(&format!("[data-testid=users-missing-{school}]"))?;
    // ...its count is set in Customers, from this month on...
    open_customer(&s, SCHOOL)?;
    s.find("[data-testid=licensed-users-none]")?;
    s.click("[data-testid=licensed-users-change]")?;
    s.wait_value("[data-testid=users-from]", &this_month)?;
    s.fill("[data-testid=users-count]", "25")?;
    s.click("[data-testid=users-dialog-submit]")?;
    let saved = en("users.saved")?.replace("{users}", "25").replace("{month}", &this_name);
    s.wait_text("[data-testid=licensed-users-saved]", |t| t == saved, &saved)?;
    s.wait_inner_text("[data-testid=licensed-users-now]", "25 users")?;
    // Its documents in Swedish (the desk's profile writes English).
    s.execute(
        "const l = document.querySelector('[data-testid=customer-language]'); l.value = 'sv'; \
         l.dispatchEvent(new Event('change', { bubbles: true }))",
    )?;
    s.click("[data-testid=customer-save]")?;
    s.wait_inner_text("[data-testid=customer-form]", en("customer.saved")?)?;
    // ...and the warning is gone, the monthly fee billed: 25 × 125.00 + 25 % VAT.
    billing_month(&s)?;
    s.wait_text(
        &format!("[data-testid=basis-total-{school}]"),
        |t| plain(t) == "SEK 3,906.25",
        "SEK 3,906.25",
    )?;
    let flagged =
        format!("return !!document.querySelector('[data-testid=users-missing-{school}]')");
    if s.execute(&flagged)? != json!(false) {
        return Err(
            "the licensed users are set, and What to bill still says they are missing".into()
        );
    }
    // Its invoice basis as a PDF is offered in the customer's language, named.
    s.execute(&format!("document.querySelector('[data-testid=basis-row-{school}]').click()"))?;
    let swedish =
        en("basis.pdf.customerLanguage.named")?.replace("{language}", en("language.inline.sv")?);
    let chosen = "return document.querySelector('[data-testid=basis-pdf-language]')\
                  ?.selectedOptions[0]?.text ?? ''";
    s.wait_until(&format!("the PDF's language to read {swedish:?}"), || {
        Ok((s.execute(chosen)? == json!(swedish)).then_some(()))
    })?;
    s.click("[data-testid=basis-back]")?;

    // On the other customer's basis the warning offers the same change right there.
    s.execute(&format!("document.querySelector('[data-testid=basis-row-{preschool}]').click()"))?;
    s.wait_inner_text("[data-testid=basis-users-missing]", en("basis.usersMissing.set")?)?;
    s.execute("document.activeElement?.blur()")?;
    super::screens::save(ctx, &s, "reports-basis-users-en.png")?;
    s.click("[data-testid=basis-users-set]")?;
    s.wait_value("[data-testid=users-from]", &this_month)?;
    s.fill("[data-testid=users-count]", "12")?;
    s.click("[data-testid=users-dialog-submit]")?;
    s.wait_text(
        "[data-testid=basis-banner]",
        |t| t == en("basis.usersMissing.done").unwrap_or_default(),
        "the count recorded",
    )?;
    // 12 × 125.00 + 25 % VAT, and no warning.
    s.wait_text("[data-testid=basis-total]", |t| plain(t) == "SEK 1,875.00", "SEK 1,875.00")?;
    if s.execute("return !!document.querySelector('[data-testid=basis-users-missing]')")?
        != json!(false)
    {
        return Err("the count is recorded on the basis, and the warning stays".into());
    }

    // A month closed for billing keeps its count: a change from then on is refused, in words.
    cli.run(&["month", "close", month])?;
    open_customer(&s, SCHOOL)?;
    s.click("[data-testid=licensed-users-change]")?;
    s.fill("[data-testid=users-count]", "30")?;
    s.fill("[data-testid=users-from]", month)?;
    s.click("[data-testid=users-dialog-submit]")?;
    let refused = en("problem.month_closed")?.replace("{month}", &name);
    s.wait_inner_text("[data-testid=users-dialog]", &refused)?;
    s.click("[data-testid=users-dialog-cancel]")?;
    s.wait_inner_text("[data-testid=licensed-users-now]", "25 users")?;
    s.quit()
}

/// The SLA view in Swedish: the same figures in Swedish words, a chart's numbers shown, and no
/// English; then English again.
fn swedish(ctx: &Ctx, s: &Session, month: &str) -> Result {
    s.click("[data-testid=nav-settings]")?;
    s.click("[data-testid=language-sv]")?;
    ctx.expect_screen(s, "settings", "sv")?;
    s.click("[data-testid=nav-reports]")?;
    ctx.expect_screen(s, "reports", "sv")?;
    // The view chosen is kept while visiting Settings.
    let name = month_name(month, "sv");
    s.wait_text("[data-testid=sla-period]", |t| t == name, &name)?;
    s.wait_text("[data-testid=kpi-received-value]", |t| t == "8", "8")?;
    wait_plain(s, "[data-testid=kpi-hours]", "16 tim 30 min")?;
    no_english(ctx, &main_text(s)?, "the SLA view")?;
    s.click("[data-testid=chart-severity-numbers]")?;
    s.wait_inner_text("[data-testid=chart-severity-table]", ctx.catalogs.get("sv", "sla.total")?)?;
    no_english(ctx, &main_text(s)?, "the SLA view's numbers")?;
    s.execute("document.activeElement?.blur(); document.querySelector('main').scrollTop = 0")?;
    super::screens::save(ctx, s, "reports-sla-sv.png")?;
    s.click("[data-testid=nav-settings]")?;
    s.click("[data-testid=language-en]")?;
    ctx.expect_screen(s, "settings", "en")?;
    s.click("[data-testid=nav-reports]")?;
    ctx.expect_screen(s, "reports", "en")
}

/// Waits until the element's rendered text, its no-break spaces made plain, contains `want`.
fn wait_plain(s: &Session, css: &str, want: &str) -> Result {
    let script = format!("const e = document.querySelector({css:?}); return e ? e.innerText : ''");
    s.wait_until(&format!("{css} to show {want:?}"), || {
        let text = s.execute(&script)?.as_str().map(plain).unwrap_or_default();
        Ok(text.contains(want).then_some(()))
    })
}

/// Opens the customer named `name` in the Customers screen.
fn open_customer(s: &Session, name: &str) -> Result {
    s.click("[data-testid=nav-customers]")?;
    s.find("[data-testid=customer-list] button")?;
    let clicked = s.execute_with(
        "const b = [...document.querySelectorAll('[data-testid=customer-list] button')]\
           .find((b) => b.textContent.includes(arguments[0])); \
         if (b) b.click(); return !!b",
        json!([name]),
    )?;
    if clicked != json!(true) {
        return Err(format!("{name} is not in the customer list"));
    }
    s.wait_value("[data-testid=customer-name]", name)?;
    s.find("[data-testid=licensed-users]").map(drop)
}

/// The figures of the table row whose text begins with `head`, as read (no-break spaces plain),
/// split at the cells. A head cell shown as a block puts the figures on the next line.
fn row(table: &str, head: &str) -> Vec<String> {
    let lines: Vec<&str> = table.lines().collect();
    let Some(i) = lines.iter().position(|l| l.trim_start().starts_with(head)) else {
        return Vec::new();
    };
    let mut rest = lines[i].trim_start()[head.len()..].trim().to_owned();
    if rest.is_empty() {
        rest = lines.get(i + 1).copied().unwrap_or_default().to_owned();
    }
    plain(&rest).split('\t').map(|c| c.trim().to_owned()).filter(|c| !c.is_empty()).collect()
}
