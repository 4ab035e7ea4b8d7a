//! Month end: the worked examples of `data/billing.json`, one per pricing model and rule, and
//! the rules of closing a month and of the block ledger.

use std::collections::HashMap;

use cspdesk::billing::*;
use cspdesk::calls::{apply, log_call, Action};
use cspdesk::customers::{add_customer, set_licensed_users};
use cspdesk::offering::{ensure_default_plan, list_plans, load_plan, save_plan, Defaults, Pricing};
use cspdesk::problem::ProblemCode;
use cspdesk::settings::Language;
use cspdesk::{Db, Error};
use serde::Deserialize;

use crate::calls::t;

#[derive(Deserialize)]
struct Cases {
    cases: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Case {
    name: String,
    pricing: Pricing,
    vat_rate: u32,
    steps: Vec<Step>,
    expect: Vec<Expect>,
}

#[derive(Deserialize)]
#[serde(untagged, deny_unknown_fields)]
enum Step {
    Call {
        call: String,
        at: String,
    },
    Time {
        time: String,
        at: String,
        minutes: u32,
        #[serde(default = "yes")]
        billable: bool,
    },
    Resolve {
        resolve: String,
        at: String,
    },
    Users {
        users: u32,
        from: String,
    },
    Block {
        block: String,
        hours: Option<u32>,
        price: Option<i64>,
    },
    Adjust {
        adjust: i64,
        month: String,
        reason: String,
    },
    Close {
        close: String,
        now: String,
    },
    Rate {
        rate: i64,
    },
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Expect {
    month: String,
    net: i64,
    vat: i64,
    total: i64,
    lines: Vec<serde_json::Value>,
    block: Option<[i64; 8]>,
    #[serde(default)]
    users_missing: bool,
    #[serde(default)]
    closed: bool,
    billable: Option<i64>,
    non_billable: Option<i64>,
}

fn month(s: &str) -> Month {
    s.parse().unwrap()
}

/// A desk with the default plan priced as `pricing`, and one customer on it since August.
pub(crate) fn desk(pricing: &Pricing, vat_rate: u32) -> (Db, i64, i64) {
    let mut db = crate::fresh_db();
    let defaults = Defaults {
        time_zone: "Europe/Stockholm".into(),
        country: Some(cspdesk::holidays::Country::SE),
        language: Language::En,
    };
    let start = t("2026-08-01 10:00");
    ensure_default_plan(&mut db, &defaults, start).unwrap();
    let plan_id = list_plans(&db).unwrap()[0].id;
    let mut plan = load_plan(&db, plan_id).unwrap();
    plan.pricing = pricing.clone();
    save_plan(&mut db, Some(plan_id), &plan, start).unwrap();
    let customer =
        add_customer(&mut db, &crate::calls::customer("Södertälje Bygg AB", plan_id), start)
            .unwrap();
    let settings = BillingSettings { vat_rate, ..BillingSettings::default() };
    save_billing_settings(&mut db, &settings).unwrap();
    (db, plan_id, customer)
}

fn line(l: &Line) -> serde_json::Value {
    let mut v = serde_json::json!([l.kind.code(), l.quantity, l.unit_price, l.amount]);
    if let Some(m) = l.work_month {
        v.as_array_mut().unwrap().push(m.to_string().into());
    }
    v
}

#[test]
fn worked_examples() {
    let text = include_str!("data/billing.json");
    let cases: Cases = serde_json::from_str(text).unwrap();
    assert!(cases.cases.len() >= 10);
    for case in &cases.cases {
        let (mut db, plan_id, customer) = desk(&case.pricing, case.vat_rate);
        let severity = load_plan(&db, plan_id).unwrap().severities[0].code.clone();
        let mut calls: HashMap<String, i64> = HashMap::new();
        for step in &case.steps {
            let done = match step {
                Step::Call { call, at } => {
                    let mut new = crate::calls::call(customer, at, &severity, call);
                    new.received_at = t(at);
                    log_call(&mut db, &new, t(at)).map(|id| {
                        calls.insert(call.clone(), id);
                    })
                }
                Step::Time { time, at, minutes, billable } => apply(
                    &mut db,
                    calls[time],
                    &[Action::Time { minutes: *minutes, billable: *billable, note: String::new() }],
                    t(at),
                    t(at),
                )
                .map(drop),
                Step::Resolve { resolve, at } => apply(
                    &mut db,
                    calls[resolve],
                    &[Action::Resolve { resolution: "Fixed.".into() }],
                    t(at),
                    t(at),
                )
                .map(drop),
                Step::Users { users, from } => {
                    set_licensed_users(&mut db, customer, month(from), *users)
                }
                Step::Block { block, hours, price } => add_block(
                    &mut db,
                    customer,
                    month(block),
                    *hours,
                    *price,
                    t("2026-08-02 10:00"),
                )
                .map(drop),
                Step::Adjust { adjust, month: m, reason } => adjust_block(
                    &mut db,
                    customer,
                    month(m),
                    *adjust,
                    reason,
                    t("2026-08-02 10:00"),
                )
                .map(drop),
                Step::Close { close, now } => close_month(&mut db, month(close), t(now)).map(drop),
                Step::Rate { rate } => {
                    let mut plan = load_plan(&db, plan_id).unwrap();
                    if let cspdesk::offering::PriceModel::Hourly { rate: r, .. } =
                        &mut plan.pricing.model
                    {
                        *r = *rate;
                    }
                    plan.version = None;
                    save_plan(&mut db, Some(plan_id), &plan, t("2026-11-02 09:00")).map(drop)
                }
            };
            done.unwrap_or_else(|e| panic!("{}: a step failed: {e}", case.name));
        }
        for e in &case.expect {
            let b = basis(&db, customer, month(&e.month)).unwrap();
            let got: Vec<serde_json::Value> = b.lines.iter().map(line).collect();
            let at = format!("{} ({})", case.name, e.month);
            assert_eq!(got, e.lines, "{at}: lines");
            assert_eq!((b.net, b.vat, b.total), (e.net, e.vat, e.total), "{at}: net, VAT, total");
            assert_eq!(b.net + b.vat, b.total, "{at}");
            assert_eq!(
                b.lines.iter().map(|l| l.amount).sum::<i64>(),
                if b.prices_include_vat { b.total } else { b.net },
                "{at}"
            );
            assert_eq!(b.users_missing, e.users_missing, "{at}: users missing");
            assert_eq!(b.closed, e.closed, "{at}: closed");
            assert_eq!(b.currency, case.pricing.currency, "{at}");
            if let Some(m) = e.billable {
                assert_eq!(b.billable_minutes, m, "{at}: billable minutes");
            }
            if let Some(m) = e.non_billable {
                assert_eq!(b.non_billable_minutes, m, "{at}: non-billable minutes");
            }
            match (e.block, b.block) {
                (Some(want), Some(k)) => {
                    let got = [
                        k.starting,
                        k.bought,
                        k.adjustments,
                        k.used,
                        k.remaining,
                        k.overage,
                        k.expired,
                        k.carried,
                    ];
                    assert_eq!(got, want, "{at}: block [starting, bought, adjustments, used, remaining, overage, expired, carried]");
                    assert_eq!(
                        k.starting + k.bought + k.adjustments - k.used,
                        k.remaining,
                        "{at}: the ledger's sum"
                    );
                }
                (None, None) => {}
                (want, got) => panic!("{at}: block {want:?}, got {got:?}"),
            }
        }
    }
}

#[test]
fn rounding_per_call() {
    assert_eq!(billed_minutes(95, 60, 60), 120);
    assert_eq!(billed_minutes(45, 60, 60) * 2 + billed_minutes(5, 60, 60), 180);
    assert_eq!(billed_minutes(0, 15, 30), 0);
    assert_eq!(billed_minutes(1, 15, 0), 15);
    assert_eq!(billed_minutes(30, 15, 30), 30);
}

fn code(e: Error) -> ProblemCode {
    match e {
        Error::Invalid(p) => p[0].code,
        Error::Conflict(p) | Error::NotFound(p) => p.code,
        other => panic!("not a problem: {other}"),
    }
}

#[test]
fn months_close_in_order_and_reopen_latest_first() {
    let pricing: Pricing = serde_json::from_value(serde_json::json!({
        "currency": "SEK", "vatIncluded": false,
        "model": { "kind": "block", "hours": 10, "price": 850000, "rollover": true, "overageRate": 110000 }
    }))
    .unwrap();
    let (mut db, _, customer) = desk(&pricing, 2500);
    add_block(&mut db, customer, month("2026-09"), None, None, t("2026-09-01 10:00")).unwrap();
    // Not over yet (in Stockholm, November ends at 23:00 UTC on the 30th).
    assert_eq!(
        code(close_month(&mut db, month("2026-11"), t("2026-11-30 23:59")).unwrap_err()),
        ProblemCode::MonthNotOver
    );
    // Closing October closes every month before it since the first customer came (August).
    let closed = close_month(&mut db, month("2026-10"), t("2026-11-02 08:00")).unwrap();
    assert_eq!(closed, [month("2026-08"), month("2026-09"), month("2026-10")]);
    assert_eq!(
        code(close_month(&mut db, month("2026-09"), t("2026-11-02 08:00")).unwrap_err()),
        ProblemCode::MonthClosed
    );
    // Nothing is added to a closed month.
    assert_eq!(
        code(
            add_block(&mut db, customer, month("2026-10"), None, None, t("2026-11-02 08:00"))
                .unwrap_err()
        ),
        ProblemCode::MonthClosed
    );
    assert_eq!(
        code(
            adjust_block(&mut db, customer, month("2026-09"), 60, "x", t("2026-11-02 08:00"))
                .unwrap_err()
        ),
        ProblemCode::MonthClosed
    );
    assert_eq!(
        code(set_licensed_users(&mut db, customer, month("2026-10"), 3).unwrap_err()),
        ProblemCode::MonthClosed
    );
    // The carried balance comes from what was stored.
    let nov = basis(&db, customer, month("2026-11")).unwrap();
    assert_eq!(nov.block.unwrap().starting, 600);
    // Reopening: only the latest, with a reason, recorded.
    assert_eq!(
        code(reopen_month(&mut db, month("2026-09"), "wrong", t("2026-11-03 08:00")).unwrap_err()),
        ProblemCode::LaterMonthClosed
    );
    assert_eq!(
        code(reopen_month(&mut db, month("2026-10"), " ", t("2026-11-03 08:00")).unwrap_err()),
        ProblemCode::Required
    );
    assert_eq!(
        code(reopen_month(&mut db, month("2026-11"), "x", t("2026-11-03 08:00")).unwrap_err()),
        ProblemCode::MonthNotClosed
    );
    reopen_month(
        &mut db,
        month("2026-10"),
        "The block was entered in the wrong month",
        t("2026-11-03 08:00"),
    )
    .unwrap();
    assert_eq!(
        closed_months(&db).unwrap().iter().map(|m| m.month).collect::<Vec<_>>(),
        [month("2026-09"), month("2026-08")]
    );
    let log = month_log(&db).unwrap();
    assert_eq!(log.len(), 4);
    assert_eq!(log[0].reason, "The block was entered in the wrong month");
    assert!(!basis(&db, customer, month("2026-10")).unwrap().closed);
    assert!(basis(&db, customer, month("2026-09")).unwrap().closed);
    // A block can now go into October.
    add_block(&mut db, customer, month("2026-10"), Some(2), Some(100), t("2026-11-03 08:00"))
        .unwrap();
    assert_eq!(block_entries(&db, customer).unwrap().len(), 2);
}

#[test]
fn bad_ledger_input_is_refused_and_changes_nothing() {
    let pricing: Pricing = serde_json::from_value(serde_json::json!({
        "currency": "SEK", "vatIncluded": false, "model": { "kind": "hourly", "rate": 95000, "incrementMinutes": 60, "minimumMinutes": 60 }
    }))
    .unwrap();
    let (mut db, _, customer) = desk(&pricing, 2500);
    let now = t("2026-11-03 08:00");
    assert_eq!(
        code(add_block(&mut db, customer, month("2026-11"), None, None, now).unwrap_err()),
        ProblemCode::NotBlockPlan
    );
    assert_eq!(
        code(add_block(&mut db, 999, month("2026-11"), None, None, now).unwrap_err()),
        ProblemCode::NoSuchCustomer
    );
    assert_eq!(
        code(adjust_block(&mut db, customer, month("2026-11"), 0, "why", now).unwrap_err()),
        ProblemCode::OutOfRange
    );
    assert_eq!(code(Month::parse("month", "november").unwrap_err()), ProblemCode::InvalidMonth);
    let bad = BillingSettings {
        vat_rate: 10_001,
        articles: ArticleCodes { hourly: "SUPPORT TIME".into(), ..ArticleCodes::default() },
    };
    let problems = match save_billing_settings(&mut db, &bad).unwrap_err() {
        Error::Invalid(p) => p,
        other => panic!("{other}"),
    };
    assert_eq!(
        problems.iter().map(|p| p.field.as_str()).collect::<Vec<_>>(),
        ["vatRate", "articles.hourly"]
    );
    assert_eq!(billing_settings(&db).unwrap().vat_rate, 2500);
    assert!(block_entries(&db, customer).unwrap().is_empty());
}

#[test]
fn the_invoice_basis_prints_in_both_languages_and_paper_sizes() {
    use crate::terms::{assert_clean, pdf_tools, write};
    use cspdesk::billing::pdf::{basis_pdf, money};
    use cspdesk::terms::Paper;
    let pricing: Pricing = serde_json::from_value(serde_json::json!({
        "currency": "SEK", "vatIncluded": false,
        "model": { "kind": "block", "hours": 10, "price": 850000, "rollover": true, "overageRate": 110000 }
    }))
    .unwrap();
    let (mut db, plan_id, customer) = desk(&pricing, 2500);
    let severity = load_plan(&db, plan_id).unwrap().severities[0].code.clone();
    add_block(&mut db, customer, month("2026-11"), None, None, t("2026-11-02 10:00")).unwrap();
    let mut new = crate::calls::call(
        customer,
        "2026-11-03 09:00",
        &severity,
        "Teams-samtal bryts – “ljud” saknas",
    );
    new.received_at = t("2026-11-03 09:00");
    let call = log_call(&mut db, &new, t("2026-11-03 09:00")).unwrap();
    for minutes in [300, 400] {
        apply(
            &mut db,
            call,
            &[Action::Time { minutes, billable: true, note: String::new() }],
            t("2026-11-04 10:00"),
            t("2026-11-04 10:00"),
        )
        .unwrap();
    }
    adjust_block(
        &mut db,
        customer,
        month("2026-11"),
        30,
        "Kompensation för avbrottet",
        t("2026-11-05 10:00"),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (lang, paper, size, sentences) in [
        (
            Language::Sv,
            Paper::A4,
            ["595", "841"],
            [
                "Fakturaunderlag november 2026",
                "Förbetalt timblock, 10,00 tim",
                "Tid utöver timbanken",
                "Moms 25 %",
                "Att betala (SEK)",
                "Kompensation för avbrottet",
                "Ingående saldo",
                "Sida 1 av 1",
            ],
        ),
        (
            Language::En,
            Paper::Letter,
            ["612", "792"],
            [
                "Invoice basis November 2026",
                "Prepaid block of hours, 10.00 h",
                "Time beyond the block",
                "VAT 25 %",
                "Total (SEK)",
                "Kompensation för avbrottet",
                "Balance at the start",
                "Page 1 of 1",
            ],
        ),
    ] {
        let made = basis_pdf(&db, customer, month("2026-11"), Some(lang), paper).unwrap();
        let r = &made.rendered;
        assert_clean(r);
        assert_eq!(r.pages, 1);
        // 700 min used of 600 + 30: 70 min over, 1,17 h at 1 100,00 an hour = 1 287,00 (the
        // printed hours times the rate).
        let over = money(128700, lang);
        assert!(
            r.strings.iter().any(|s| s == &over),
            "{lang:?}: {over} not printed: {:?}",
            r.strings
        );
        let again = basis_pdf(&db, customer, month("2026-11"), Some(lang), paper).unwrap();
        assert_eq!(again.rendered.bytes, r.bytes, "{lang:?}: the same input gives the same bytes");
        assert!(made.file_name.ends_with("-2026-11.pdf"), "{}", made.file_name);
        let path = write(r, dir.path(), &made.file_name);
        let (info, text) = pdf_tools(&path, size);
        if let Some(info) = info {
            assert!(info.contains("CreationDate:    Mon Nov 30 00:00:00 2026"), "{info}");
        }
        if let Some(text) = text {
            for s in sentences.iter().chain(&["Södertälje Bygg AB", "“ljud”"]) {
                assert!(text.contains(s), "{lang:?}: {s:?} is not in the text:\n{text}");
            }
        }
    }
}

#[test]
fn the_service_report_prints_in_the_customers_language() {
    use crate::terms::{assert_clean, pdf_tools, write};
    use cspdesk::reports::service::service_report_pdf;
    use cspdesk::terms::Paper;
    let pricing: Pricing = serde_json::from_value(serde_json::json!({
        "currency": "SEK", "vatIncluded": false,
        "model": { "kind": "block", "hours": 10, "price": 850000, "rollover": true, "overageRate": 110000 }
    }))
    .unwrap();
    let (mut db, plan_id, customer) = desk(&pricing, 2500);
    let severity = load_plan(&db, plan_id).unwrap().severities[0].code.clone();
    add_block(&mut db, customer, month("2026-11"), None, None, t("2026-11-02 10:00")).unwrap();
    let mut new = crate::calls::call(customer, "2026-11-03 09:00", &severity, "Teams-samtal bryts");
    new.received_at = t("2026-11-03 09:00");
    let call = log_call(&mut db, &new, t("2026-11-03 09:00")).unwrap();
    let at = t("2026-11-03 09:20");
    apply(
        &mut db,
        call,
        &[Action::Respond, Action::Time { minutes: 95, billable: true, note: String::new() }],
        at,
        at,
    )
    .unwrap();
    let escalation = cspdesk::calls::Escalation::Microsoft {
        category: cspdesk::offering::EscalationCategory::Unavailable,
        reference: "2611030040001234".into(),
    };
    let at = t("2026-11-03 10:00");
    apply(&mut db, call, &[Action::Escalate { escalation }], at, at).unwrap();
    // The customer reads Swedish; the profile's documents are in English.
    let mut c = cspdesk::customers::get_customer(&db, customer).unwrap();
    c.language = Some(Language::Sv);
    cspdesk::customers::update_customer(&mut db, customer, &c, t("2026-11-04 10:00")).unwrap();
    let now = t("2026-12-05 10:00");
    let dir = tempfile::tempdir().unwrap();
    for (lang, paper, sentences) in [
        (
            None,
            Paper::A4,
            &[
                "Servicerapport november 2026",
                "läget vid månadens slut",
                "1 ärende togs emot",
                "Lämnat över till Microsoft",
                "Tjänst otillgänglig",
                "2611030040001234",
                "Teams-samtal bryts (Microsoft Teams)",
                "Timbank: ingående 0,00 + köpt 10,00",
                "Sida 1 av 1",
            ][..],
        ),
        (
            Some(Language::En),
            Paper::Letter,
            &[
                "Service report November 2026",
                "1 call was received and 0 resolved",
                "figures as at the end of the month",
                "Handed over to Microsoft",
                "Service unavailable",
                "2611030040001234",
                "Time worked 1.58 h, of which 1.58 h billable.",
                "remaining 8.42 h",
                "Teams-samtal bryts (Microsoft Teams)",
                "Page 1 of 1",
            ],
        ),
    ] {
        let made = service_report_pdf(&db, customer, month("2026-11"), lang, paper, now).unwrap();
        assert_eq!(made.language, lang.unwrap_or(Language::Sv));
        assert_clean(&made.rendered);
        let again = service_report_pdf(&db, customer, month("2026-11"), lang, paper, now).unwrap();
        assert_eq!(
            again.rendered.bytes, made.rendered.bytes,
            "the same input gives the same bytes"
        );
        let path = write(&made.rendered, dir.path(), &made.file_name);
        let size = if paper == Paper::A4 { ["595", "841"] } else { ["612", "792"] };
        if let Some(text) = pdf_tools(&path, size).1 {
            for s in sentences.iter() {
                assert!(text.contains(s), "{lang:?}: {s:?} is not in the text:\n{text}");
            }
        }
    }
}

#[test]
fn time_and_calls_export_as_csv_by_the_plans_months() {
    let pricing: Pricing = serde_json::from_value(serde_json::json!({
        "currency": "SEK", "vatIncluded": false, "model": { "kind": "hourly", "rate": 95000, "incrementMinutes": 60, "minimumMinutes": 60 }
    }))
    .unwrap();
    let (mut db, plan_id, customer) = desk(&pricing, 2500);
    let severity = load_plan(&db, plan_id).unwrap().severities[0].code.clone();
    let mut ids = Vec::new();
    for (received, summary) in [
        ("2026-11-30 23:30", "Late on the last day"),
        ("2026-12-01 00:10", "Early on the first; \"quoted\""),
    ] {
        let mut new = crate::calls::call(customer, received, &severity, summary);
        new.received_at = t(received);
        let id = log_call(&mut db, &new, t(received)).unwrap();
        apply(
            &mut db,
            id,
            &[Action::Time { minutes: 90, billable: id % 2 == 0, note: "=cmd".into() }],
            t(received),
            t(received),
        )
        .unwrap();
        ids.push(id);
    }
    let nov = String::from_utf8(
        time_csv(&db, month("2026-11"), month("2026-11"), None, Language::Sv).unwrap(),
    )
    .unwrap();
    let rows: Vec<&str> = nov.split("\r\n").filter(|r| !r.is_empty()).collect();
    assert_eq!(rows.len(), 2, "{nov}");
    assert!(rows[1].starts_with("2026-11-30 23:30;"), "{}", rows[1]);
    assert!(rows[1].contains(";90;1,50;"), "{}", rows[1]);
    assert!(rows[1].contains(";'=cmd;2026-11;2026-11"), "a formula is text: {}", rows[1]);
    let both = String::from_utf8(
        calls_csv(&db, month("2026-11"), month("2026-12"), Some(customer), Language::En).unwrap(),
    )
    .unwrap();
    let rows: Vec<&str> = both.split("\r\n").filter(|r| !r.is_empty()).collect();
    assert_eq!(rows.len(), 3, "{both}");
    assert!(rows[0].starts_with("\u{feff}Call,Received,"));
    assert!(rows[2].starts_with(&format!("#{},2026-12-01 00:10,", ids[1])), "{}", rows[2]);
    assert!(rows[2].contains(",\"Early on the first; \"\"quoted\"\"\","), "{}", rows[2]);
    let dec = String::from_utf8(
        calls_csv(&db, month("2026-12"), month("2026-12"), None, Language::En).unwrap(),
    )
    .unwrap();
    assert_eq!(dec.split("\r\n").filter(|r| !r.is_empty()).count(), 2, "{dec}");
}

/// What changes later does not change what a month bills: an incident reopened and resolved
/// again is billed once, a customer's new plan bills from the month it was changed in, and an
/// archived customer's subscription stops after the month it was archived in.
#[test]
fn a_month_keeps_its_plan_its_incidents_and_its_subscription() {
    use cspdesk::customers::{get_customer, set_customer_archived, update_customer};
    let incident: Pricing = serde_json::from_value(serde_json::json!({
        "currency": "SEK", "vatIncluded": false, "model": { "kind": "per_incident", "price": 150000 }
    }))
    .unwrap();
    let (mut db, plan_id, customer) = desk(&incident, 2500);
    let severity = load_plan(&db, plan_id).unwrap().severities[0].code.clone();
    let mut new = crate::calls::call(customer, "2026-09-28 09:00", &severity, "Once");
    new.received_at = t("2026-09-28 09:00");
    let call = log_call(&mut db, &new, t("2026-09-28 09:00")).unwrap();
    apply(
        &mut db,
        call,
        &[Action::Resolve { resolution: "Fixed.".into() }],
        t("2026-09-29 10:00"),
        t("2026-09-29 10:00"),
    )
    .unwrap();
    close_month(&mut db, month("2026-09"), t("2026-10-02 08:00")).unwrap();
    apply(&mut db, call, &[Action::Reopen], t("2026-11-02 10:00"), t("2026-11-02 10:00")).unwrap();
    apply(
        &mut db,
        call,
        &[Action::Resolve { resolution: "Fixed again.".into() }],
        t("2026-11-03 10:00"),
        t("2026-11-03 10:00"),
    )
    .unwrap();
    assert_eq!(basis(&db, customer, month("2026-09")).unwrap().total, 187500);
    assert!(basis(&db, customer, month("2026-11")).unwrap().lines.is_empty(), "billed once");

    // From per incident to a subscription per tenant in November: October stays per incident.
    let mut monthly = load_plan(&db, plan_id).unwrap();
    monthly.name =
        cspdesk::offering::Bilingual { sv: "Abonnemang".into(), en: "Subscription".into() };
    monthly.is_default = false;
    monthly.version = None;
    monthly.pricing.model = cspdesk::offering::PriceModel::Monthly {
        price: 299000,
        basis: cspdesk::offering::MonthlyBasis::PerTenant,
    };
    let monthly_id = save_plan(&mut db, None, &monthly, t("2026-11-04 10:00")).unwrap();
    let mut c = get_customer(&db, customer).unwrap();
    c.plan_id = monthly_id;
    update_customer(&mut db, customer, &c, t("2026-11-04 10:00")).unwrap();
    assert_eq!(basis(&db, customer, month("2026-10")).unwrap().pricing, "per_incident");
    let nov = basis(&db, customer, month("2026-11")).unwrap();
    assert_eq!((nov.pricing.as_str(), nov.net), ("monthly", 299000));
    // The plan it billed cannot be deleted.
    assert_eq!(
        code(cspdesk::offering::delete_plan(&mut db, plan_id).unwrap_err()),
        ProblemCode::PlanInUse
    );

    // Archived in December: December still bills, January does not.
    set_customer_archived(&mut db, customer, true, t("2026-12-10 10:00")).unwrap();
    assert_eq!(basis(&db, customer, month("2026-12")).unwrap().net, 299000);
    assert!(basis(&db, customer, month("2027-01")).unwrap().lines.is_empty());
}

/// A plan promises a share of targets met: kept in the offering file (format 4; a format-3 file
/// has no goal), checked, and printed on the terms sheet.
#[test]
fn the_plans_sla_goal_is_kept_checked_and_printed() {
    use cspdesk::offering::file::{export, import};
    use cspdesk::terms::{make, Paper, Request, Source};
    let pricing: Pricing = serde_json::from_value(serde_json::json!({
        "currency": "SEK", "vatIncluded": false, "model": { "kind": "included" }
    }))
    .unwrap();
    let (mut db, plan_id, _) = desk(&pricing, 2500);
    assert_eq!(load_plan(&db, plan_id).unwrap().sla_goal_percent, Some(90), "a new desk's plan");
    let json = export(&db).unwrap();
    let mut file: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(file["version"], cspdesk::offering::file::VERSION);
    assert_eq!(file["plans"][0]["slaGoalPercent"], 90);
    // A format-3 file, written before goals: imported with none.
    file["version"] = 3.into();
    file["plans"][0].as_object_mut().unwrap().remove("slaGoalPercent");
    import(&mut db, file.to_string().as_bytes(), t("2026-11-05 10:00")).unwrap();
    assert_eq!(load_plan(&db, plan_id).unwrap().sla_goal_percent, None);

    let mut plan = load_plan(&db, plan_id).unwrap();
    plan.version = None;
    plan.sla_goal_percent = Some(0);
    let problems =
        match save_plan(&mut db, Some(plan_id), &plan, t("2026-11-05 10:00")).unwrap_err() {
            Error::Invalid(p) => p,
            other => panic!("{other}"),
        };
    assert_eq!(
        (problems[0].field.as_str(), problems[0].code),
        ("slaGoalPercent", ProblemCode::OutOfRange)
    );
    plan.sla_goal_percent = Some(95);
    save_plan(&mut db, Some(plan_id), &plan, t("2026-11-05 10:00")).unwrap();
    for (lang, says) in [
        (Language::En, "We aim to meet at least 95 %"),
        (Language::Sv, "Vi strävar efter att klara minst 95 %"),
    ] {
        let request = Request {
            source: Source::Plan(plan_id),
            language: Some(lang),
            paper: Paper::A4,
            effective: "2026-12-01".into(),
        };
        let text = make(&db, &request).unwrap().rendered.strings.join(" ");
        assert!(text.contains(says), "{lang:?}: {text}");
    }
}

/// A block plan warns when fewer hours than its threshold are left this month.
#[test]
fn a_block_warns_when_its_hours_run_low() {
    let pricing: Pricing = serde_json::from_value(serde_json::json!({
        "currency": "SEK", "vatIncluded": false,
        "model": { "kind": "block", "hours": 10, "price": 850000, "rollover": true, "overageRate": 110000, "lowBalanceHours": 2 }
    }))
    .unwrap();
    let (mut db, plan_id, customer) = desk(&pricing, 2500);
    let severity = load_plan(&db, plan_id).unwrap().severities[0].code.clone();
    add_block(&mut db, customer, month("2026-11"), None, None, t("2026-11-02 10:00")).unwrap();
    let now = t("2026-11-10 10:00");
    let status = block_status(&db, customer, now).unwrap().unwrap();
    assert_eq!(
        (status.remaining_minutes, status.low_balance_hours, status.low),
        (600, Some(2), false)
    );
    let mut new = crate::calls::call(customer, "2026-11-03 09:00", &severity, "Big job");
    new.received_at = t("2026-11-03 09:00");
    let call = log_call(&mut db, &new, t("2026-11-03 09:00")).unwrap();
    apply(
        &mut db,
        call,
        &[Action::Time { minutes: 481, billable: true, note: String::new() }],
        t("2026-11-04 10:00"),
        t("2026-11-04 10:00"),
    )
    .unwrap();
    let status = block_status(&db, customer, now).unwrap().unwrap();
    assert_eq!((status.remaining_minutes, status.low), (119, true), "1 h 59 min left, under 2 h");
    // The terms sheet says so; a plan of another kind has no block status.
    let sheet = cspdesk::terms::make(
        &db,
        &cspdesk::terms::Request {
            source: cspdesk::terms::Source::Plan(plan_id),
            language: Some(Language::En),
            paper: cspdesk::terms::Paper::A4,
            effective: "2026-12-01".into(),
        },
    )
    .unwrap();
    assert!(sheet
        .rendered
        .strings
        .join(" ")
        .contains("We tell you when fewer than 2 hours are left."));
    let hourly: Pricing = serde_json::from_value(serde_json::json!({
        "currency": "SEK", "vatIncluded": false, "model": { "kind": "hourly", "rate": 95000, "incrementMinutes": 60, "minimumMinutes": 60 }
    }))
    .unwrap();
    let (db, _, other) = desk(&hourly, 2500);
    assert_eq!(block_status(&db, other, now).unwrap(), None);
}

/// A block bought in November, then the customer moved to hourly billing in November: the
/// month bills by the hour, and the block sold is still on the basis.
#[test]
fn a_block_bought_before_a_plan_change_in_the_month_is_still_billed() {
    use cspdesk::customers::{get_customer, update_customer};
    let pricing: Pricing = serde_json::from_value(serde_json::json!({
        "currency": "SEK", "vatIncluded": false,
        "model": { "kind": "block", "hours": 10, "price": 850000, "rollover": true, "overageRate": 110000 }
    }))
    .unwrap();
    let (mut db, plan_id, customer) = desk(&pricing, 2500);
    cspdesk::billing::add_block(
        &mut db,
        customer,
        month("2026-11"),
        None,
        None,
        t("2026-11-02 10:00"),
    )
    .unwrap();
    let mut hourly = load_plan(&db, plan_id).unwrap();
    hourly.name = cspdesk::offering::Bilingual { sv: "Löpande".into(), en: "Hourly".into() };
    hourly.is_default = false;
    hourly.version = None;
    hourly.pricing.model = cspdesk::offering::PriceModel::Hourly {
        rate: 100000,
        increment_minutes: 30,
        minimum_minutes: 30,
    };
    let hourly_id = save_plan(&mut db, None, &hourly, t("2026-11-04 10:00")).unwrap();
    let mut c = get_customer(&db, customer).unwrap();
    c.plan_id = hourly_id;
    update_customer(&mut db, customer, &c, t("2026-11-04 10:00")).unwrap();
    let nov = basis(&db, customer, month("2026-11")).unwrap();
    assert_eq!(nov.pricing, "hourly");
    let lines: Vec<serde_json::Value> = nov.lines.iter().map(line).collect();
    assert_eq!(lines, [serde_json::json!(["block_bought", 1, 850000, 850000])]);
    assert_eq!((nov.net, nov.vat, nov.total), (850000, 212500, 1062500));
}
