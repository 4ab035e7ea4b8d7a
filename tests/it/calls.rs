//! Customers and the call log: validation, history, clocks, triage, search and lists.

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use cspdesk::calls::*;
use cspdesk::customers::*;
use cspdesk::holidays::Country;
use cspdesk::offering::{
    ensure_default_plan, list_plans, load_plan, load_profile, save_plan, save_profile, Defaults,
    EscalationCategory, Relationship,
};
use cspdesk::problem::ProblemCode;
use cspdesk::settings::Language;
use cspdesk::sla::ClockState;
use cspdesk::{Db, Error, ErrorKind};

const TZ: Tz = chrono_tz::Europe::Stockholm;

/// Wall-clock time in Stockholm.
pub(crate) fn t(s: &str) -> DateTime<Utc> {
    TZ.from_local_datetime(&NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap())
        .single()
        .unwrap()
        .with_timezone(&Utc)
}

// One action at a time, as the app does (done "now").
fn act(db: &mut Db, id: i64, action: Action, at: DateTime<Utc>) -> cspdesk::Result<Vec<Hint>> {
    apply(db, id, &[action], at, at)
}
fn respond(db: &mut Db, id: i64, at: DateTime<Utc>) -> cspdesk::Result<()> {
    act(db, id, Action::Respond, at).map(drop)
}
fn wait_on_customer(db: &mut Db, id: i64, at: DateTime<Utc>) -> cspdesk::Result<()> {
    act(db, id, Action::Wait, at).map(drop)
}
fn resume(db: &mut Db, id: i64, at: DateTime<Utc>) -> cspdesk::Result<()> {
    act(db, id, Action::Resume, at).map(drop)
}
fn resolve(db: &mut Db, id: i64, resolution: &str, at: DateTime<Utc>) -> cspdesk::Result<()> {
    act(db, id, Action::Resolve { resolution: resolution.into() }, at).map(drop)
}
fn set_call_status(db: &mut Db, id: i64, status: Status, at: DateTime<Utc>) -> cspdesk::Result<()> {
    act(db, id, Action::SetStatus { status }, at).map(drop)
}
fn check_service_health(
    db: &mut Db,
    id: i64,
    reference: &str,
    known_issue: bool,
    at: DateTime<Utc>,
) -> cspdesk::Result<()> {
    act(db, id, Action::Health { reference: reference.into(), known_issue }, at).map(drop)
}
fn troubleshoot(db: &mut Db, id: i64, notes: &str, at: DateTime<Utc>) -> cspdesk::Result<()> {
    act(db, id, Action::Troubleshoot { notes: notes.into() }, at).map(drop)
}
fn escalate(
    db: &mut Db,
    id: i64,
    escalation: &Escalation,
    at: DateTime<Utc>,
) -> cspdesk::Result<Vec<Hint>> {
    act(db, id, Action::Escalate { escalation: escalation.clone() }, at)
}
fn add_time(
    db: &mut Db,
    id: i64,
    minutes: u32,
    billable: bool,
    note: &str,
    at: DateTime<Utc>,
) -> cspdesk::Result<()> {
    act(db, id, Action::Time { minutes, billable, note: note.into() }, at).map(drop)
}

pub(crate) fn setup() -> (Db, i64, i64) {
    let mut db = crate::fresh_db();
    let (plan, customer) = setup_on(&mut db);
    (db, plan, customer)
}

/// The default plan and one customer on it, in `db`.
pub(crate) fn setup_on(db: &mut Db) -> (i64, i64) {
    let defaults = Defaults {
        time_zone: "Europe/Stockholm".into(),
        country: Some(Country::SE),
        language: Language::En,
    };
    ensure_default_plan(db, &defaults, t("2026-11-01 10:00")).unwrap();
    let plan = list_plans(db).unwrap()[0].id;
    let customer =
        add_customer(db, &customer("Södertälje Bygg AB", plan), t("2026-11-01 10:00")).unwrap();
    (plan, customer)
}

pub(crate) fn customer(name: &str, plan_id: i64) -> Customer {
    Customer {
        name: name.into(),
        tenant_domain: "sodertaljebygg.onmicrosoft.com".into(),
        tenant_id: Some("72F988BF-86F1-41AF-91AB-2D7CD011DB47".into()),
        registration_number: "556000-0000".into(),
        relationship: CustomerRelationship::Direct,
        plan_id,
        notes: String::new(),
        contacts: vec![Contact {
            id: None,
            name: "Åsa Lind".into(),
            email: "asa@sodertaljebygg.se".into(),
            phone: "+46 8 55 00 00".into(),
            role: "IT-ansvarig".into(),
            may_request_changes: true,
            anonymised: false,
        }],
        language: None,
        version: None,
    }
}

pub(crate) fn call(customer_id: i64, received: &str, severity: &str, summary: &str) -> NewCall {
    NewCall {
        customer_id,
        received_at: t(received),
        channel: Channel::Phone,
        contact_id: None,
        contact_name: "Åsa Lind".into(),
        service: Service::Teams,
        severity: severity.into(),
        summary: summary.into(),
        description: "Teams calls drop after about a minute for the whole office.".into(),
        assignee: None,
    }
}

fn count(db: &Db, table: &str) -> i64 {
    db.conn().query_row(&format!("SELECT count(*) FROM {table}"), &[], |r| r.get(0)).unwrap()
}

#[test]
fn customer_rules() {
    let (mut db, plan, _) = setup();
    type Edit = Box<dyn Fn(&mut Customer)>;
    let cases: Vec<(&str, Edit, &str, ProblemCode)> = vec![
        ("no name", Box::new(|c| c.name = " ".into()), "name", ProblemCode::Required),
        (
            "malformed GUID",
            Box::new(|c| c.tenant_id = Some("72f988bf-86f1-41af-91ab".into())),
            "tenantId",
            ProblemCode::InvalidGuid,
        ),
        (
            "bad domain",
            Box::new(|c| c.tenant_domain = "not a domain".into()),
            "tenantDomain",
            ProblemCode::InvalidDomain,
        ),
        (
            "contact without a name",
            Box::new(|c| c.contacts[0].name = String::new()),
            "contacts[0].name",
            ProblemCode::Required,
        ),
        (
            "bad contact e-mail",
            Box::new(|c| c.contacts[0].email = "asa".into()),
            "contacts[0].email",
            ProblemCode::InvalidEmail,
        ),
    ];
    for (name, edit, field, code) in cases {
        let mut c = customer("Kund AB", plan);
        edit(&mut c);
        let err = add_customer(&mut db, &c, t("2026-11-02 10:00")).unwrap_err();
        match &err {
            Error::Invalid(p) => {
                assert_eq!((p[0].field.as_str(), p[0].code), (field, code), "{name}")
            }
            other => panic!("{name}: {other:?}"),
        }
    }
    let err = add_customer(&mut db, &customer("Kund AB", 999), t("2026-11-02 10:00")).unwrap_err();
    assert_eq!(err.field(), Some("planId"));
    assert_eq!(count(&db, "customer"), 1, "nothing was added");
    let back = get_customer(&db, 1).unwrap();
    assert_eq!(
        back.tenant_id.as_deref(),
        Some("72f988bf-86f1-41af-91ab-2d7cd011db47"),
        "stored in lower case"
    );
    // Pasted from a tool that writes braces, or with spaces around: cleaned, not refused.
    for pasted in
        ["{72F988BF-86F1-41AF-91AB-2D7CD011DB47}", "  72f988bf-86f1-41af-91ab-2d7cd011db47 "]
    {
        let mut c = customer("Klistrad AB", plan);
        c.tenant_id = Some(pasted.into());
        assert!(c.problems().is_empty(), "{pasted}: {:?}", c.problems());
        let id = add_customer(&mut db, &c, t("2026-11-02 10:00")).unwrap();
        assert_eq!(
            get_customer(&db, id).unwrap().tenant_id.as_deref(),
            Some("72f988bf-86f1-41af-91ab-2d7cd011db47"),
            "{pasted}"
        );
    }
}

#[test]
fn a_logged_call_gets_its_due_times_and_history() {
    let (mut db, _, cust) = setup();
    // Severity A: first response 1 h, resolution 8 h, in service hours 08–17.
    let id = log_call(
        &mut db,
        &call(cust, "2026-11-23 10:00", "a", "Teams calls drop"),
        t("2026-11-23 10:01"),
    )
    .unwrap();
    let detail = get_call(&db, id, t("2026-11-23 10:30")).unwrap();
    assert_eq!(detail.row.first_response.due, Some(t("2026-11-23 11:00")));
    // 10:00–17:00 is seven hours; the eighth ends at 09:00 the next morning.
    assert_eq!(detail.row.resolution.due, Some(t("2026-11-24 09:00")));
    assert_eq!(detail.row.first_response.state, ClockState::OnTrack);
    assert_eq!(detail.row.status, Status::New);
    assert_eq!(detail.events.len(), 1);

    // 10:50 is over 80 % of the first hour.
    assert_eq!(
        get_call(&db, id, t("2026-11-23 10:50")).unwrap().row.first_response.state,
        ClockState::DueSoon
    );
    respond(&mut db, id, t("2026-11-23 10:40")).unwrap();
    let detail = get_call(&db, id, t("2026-11-23 12:00")).unwrap();
    assert_eq!(detail.row.first_response.state, ClockState::Met);
    assert_eq!(detail.row.status, Status::InProgress);
}

#[test]
fn waiting_on_the_customer_pauses_resolution_not_first_response() {
    let (mut db, _, cust) = setup();
    let id = log_call(
        &mut db,
        &call(cust, "2026-11-23 16:00", "A", "Mail stuck"),
        t("2026-11-23 16:00"),
    )
    .unwrap();
    assert_eq!(
        get_call(&db, id, t("2026-11-23 16:00")).unwrap().row.resolution.due,
        Some(t("2026-11-24 15:00"))
    );
    wait_on_customer(&mut db, id, t("2026-11-23 16:30")).unwrap();
    let paused = get_call(&db, id, t("2026-11-24 12:00")).unwrap();
    assert_eq!(paused.row.resolution.state, ClockState::Paused);
    assert_eq!(paused.row.resolution.due, None);
    assert_eq!(
        paused.row.first_response.due,
        Some(t("2026-11-23 17:00")),
        "first response does not pause"
    );
    resume(&mut db, id, t("2026-11-24 10:00")).unwrap();
    // 30 minutes Monday, then 7.5 hours from Tuesday 10:00: 08:00–10:00 Tuesday was paused.
    let resumed = get_call(&db, id, t("2026-11-24 10:00")).unwrap();
    assert_eq!(resumed.row.resolution.due, Some(t("2026-11-25 08:30")));

    resolve(&mut db, id, "Mailbox quota raised.", t("2026-11-24 11:00")).unwrap();
    let done = get_call(&db, id, t("2026-11-30 11:00")).unwrap();
    assert_eq!((done.row.status, done.row.resolution.state), (Status::Resolved, ClockState::Met));
    assert_eq!(
        done.first_response_at,
        Some(t("2026-11-24 11:00")),
        "resolving counts as a response"
    );
    let statuses: Vec<Happened> = done.events.iter().map(|e| e.what.clone()).collect();
    assert_eq!(
        statuses,
        [Status::New, Status::WaitingCustomer, Status::InProgress, Status::Resolved]
            .map(|status| Happened::Status { status })
    );

    // Closed calls can be reopened but not set waiting.
    set_call_status(&mut db, id, Status::Closed, t("2026-11-25 09:00")).unwrap();
    assert_eq!(
        wait_on_customer(&mut db, id, t("2026-11-25 10:00")).unwrap_err().kind(),
        ErrorKind::Conflict
    );
    set_call_status(&mut db, id, Status::InProgress, t("2026-11-26 09:00")).unwrap();
    assert_eq!(get_call(&db, id, t("2026-11-26 09:00")).unwrap().resolved_at, None);
}

#[test]
fn a_plan_change_recomputes_open_calls_and_keeps_their_pauses() {
    let (mut db, plan, cust) = setup();
    let id = log_call(&mut db, &call(cust, "2026-11-23 16:00", "A", "VPN"), t("2026-11-23 16:00"))
        .unwrap();
    wait_on_customer(&mut db, id, t("2026-11-23 16:30")).unwrap();
    resume(&mut db, id, t("2026-11-24 09:00")).unwrap();
    let mut p = load_plan(&db, plan).unwrap();
    for s in &mut p.severities {
        if s.code == "A" {
            s.resolution_minutes = 120;
        }
    }
    save_plan(&mut db, Some(plan), &p, t("2026-11-24 09:05")).unwrap();
    // 30 minutes Monday, paused until Tuesday 09:00, then 90 minutes.
    assert_eq!(
        get_call(&db, id, t("2026-11-24 09:05")).unwrap().row.resolution.due,
        Some(t("2026-11-24 10:30"))
    );
}

#[test]
fn bad_calls_are_refused_and_change_nothing() {
    let (mut db, _, cust) = setup();
    let now = t("2026-11-23 10:00");
    let huge = "x".repeat(1024 * 1024);
    let cases: Vec<(&str, NewCall, &str)> = vec![
        ("unknown customer", call(999, "2026-11-23 09:00", "A", "x"), "customerId"),
        ("severity not in the plan", call(cust, "2026-11-23 09:00", "Z", "x"), "severity"),
        ("1 MB summary", call(cust, "2026-11-23 09:00", "A", &huge), "summary"),
        (
            "control characters",
            call(cust, "2026-11-23 09:00", "A", "Teams\u{0}\u{1b}[31m"),
            "summary",
        ),
        ("empty summary", call(cust, "2026-11-23 09:00", "A", "  "), "summary"),
        ("received tomorrow", call(cust, "2026-11-24 09:00", "A", "x"), "receivedAt"),
    ];
    for (name, c, field) in cases {
        let err = log_call(&mut db, &c, now).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Validation, "{name}");
        assert_eq!(err.field(), Some(field), "{name}: {err}");
    }
    let err = log_call(&mut db, &call(cust, "2026-11-23 09:00", "Z", "x"), now).unwrap_err();
    assert!(err.to_string().contains("expected one of A, B, C"), "{err}");
    assert_eq!(
        (count(&db, "call"), count(&db, "call_event"), count(&db, "call_search")),
        (0, 0, 0)
    );
}

#[test]
fn escalation_guides_but_does_not_block() {
    let (mut db, _, cust) = setup();
    let id = log_call(
        &mut db,
        &call(cust, "2026-11-23 10:00", "B", "Outlook cannot connect"),
        t("2026-11-23 10:00"),
    )
    .unwrap();
    let ms = Escalation::Microsoft {
        category: EscalationCategory::Unavailable,
        reference: "2511230040001234".into(),
    };
    assert_eq!(
        escalate(&mut db, id, &ms, t("2026-11-23 10:30")).unwrap(),
        [Hint::CheckServiceHealthFirst]
    );
    assert_eq!(
        get_call(&db, id, t("2026-11-23 10:31")).unwrap().row.status,
        Status::WaitingMicrosoft
    );

    let mut profile = load_profile(&db).unwrap();
    profile.relationship = Relationship::IndirectReseller;
    profile.provider.name = "Distributör Nord AB".into();
    profile.provider.support_contact = "+46 10 100 00 00".into();
    save_profile(&mut db, &profile, t("2026-11-23 10:39")).unwrap();
    check_service_health(&mut db, id, "ex123456", false, t("2026-11-23 10:40")).unwrap();
    assert_eq!(
        escalate(&mut db, id, &ms, t("2026-11-23 10:45")).unwrap(),
        [Hint::EscalateViaProvider]
    );
    let via = Escalation::Provider { reference: "DN-88812".into() };
    assert!(escalate(&mut db, id, &via, t("2026-11-23 10:50")).unwrap().is_empty());
    let detail = get_call(&db, id, t("2026-11-23 11:00")).unwrap();
    assert_eq!(
        (detail.row.status, detail.health_reference.as_str()),
        (Status::WaitingProvider, "EX123456")
    );
    assert_eq!(detail.escalate_to, EscalationTarget::Provider, "an indirect reseller's default");
    // The history keeps what was chosen, as values.
    let history: Vec<&Happened> = detail
        .events
        .iter()
        .map(|e| &e.what)
        .filter(|w| matches!(w, Happened::Escalated { .. } | Happened::Health { .. }))
        .collect();
    assert_eq!(
        history,
        [
            &Happened::Escalated {
                to: EscalationTarget::Microsoft,
                category: Some(EscalationCategory::Unavailable),
                reference: "2511230040001234".into()
            },
            &Happened::Health { reference: "EX123456".into(), known_issue: false },
            &Happened::Escalated {
                to: EscalationTarget::Microsoft,
                category: Some(EscalationCategory::Unavailable),
                reference: "2511230040001234".into()
            },
            &Happened::Escalated {
                to: EscalationTarget::Provider,
                category: None,
                reference: "DN-88812".into()
            },
        ]
    );

    let err =
        check_service_health(&mut db, id, "not an id", true, t("2026-11-23 11:00")).unwrap_err();
    assert_eq!(err.field(), Some("healthReference"));
    assert_eq!(
        escalate(
            &mut db,
            id,
            &Escalation::Provider { reference: " ".into() },
            t("2026-11-23 11:00")
        )
        .unwrap_err()
        .field(),
        Some("reference")
    );
    add_time(&mut db, id, 25, true, "Troubleshooting with the customer", t("2026-11-23 11:00"))
        .unwrap();
    assert_eq!(
        add_time(&mut db, id, 0, true, "", t("2026-11-23 11:00")).unwrap_err().field(),
        Some("minutes")
    );
}

#[test]
fn search_takes_any_input_and_ranks_matches() {
    let (mut db, plan, cust) = setup();
    let other =
        add_customer(&mut db, &customer("Norrtälje Hamn AB", plan), t("2026-11-01 10:00")).unwrap();
    let a = log_call(
        &mut db,
        &call(cust, "2026-11-23 09:00", "A", "Teams calls drop"),
        t("2026-11-23 12:00"),
    )
    .unwrap();
    let mut mailbox = call(other, "2026-11-23 10:00", "C", "Shared mailbox permissions");
    mailbox.description = "Two users cannot open the shared mailbox.".into();
    let b = log_call(&mut db, &mailbox, t("2026-11-23 12:00")).unwrap();
    let find = |q: &str| -> Vec<i64> {
        let filter = CallFilter { query: Some(q.into()), ..CallFilter::default() };
        list_calls(&db, &filter, t("2026-11-23 12:00"), 50, 0)
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect()
    };
    assert_eq!(find("teams"), [a]);
    assert_eq!(find("sodertalje"), [a], "customer name, diacritics folded");
    assert_eq!(find("mailb"), [b], "the last word is a prefix");
    assert_eq!(find("norrtälje permissions"), [b]);
    for hostile in [
        "\"unbalanced",
        "AND OR NOT",
        "*",
        "-teams",
        "teams\" OR \"x",
        "NEAR(a b)",
        "col:umn",
        "(((",
        "'",
        "",
    ] {
        let _ = find(hostile); // never an error
    }
    assert!(find("").len() == 2, "an empty query lists everything");
}

#[test]
fn search_ranks_a_match_in_the_summary_above_newer_mentions() {
    let (mut db, _, cust) = setup();
    let older = log_call(
        &mut db,
        &call(cust, "2026-11-20 09:00", "B", "Firewall blocks Teams"),
        t("2026-11-23 12:00"),
    )
    .unwrap();
    let newer = log_call(
        &mut db,
        &call(cust, "2026-11-23 09:00", "B", "Printer offline"),
        t("2026-11-23 12:00"),
    )
    .unwrap();
    troubleshoot(&mut db, newer, "Not the firewall after all.", t("2026-11-23 10:00")).unwrap();
    let unrelated =
        log_call(&mut db, &call(cust, "2026-11-23 11:00", "B", "Licences"), t("2026-11-23 12:00"))
            .unwrap();
    let filter = CallFilter { query: Some("FIREWALL".into()), ..CallFilter::default() };
    let ids: Vec<i64> = list_calls(&db, &filter, t("2026-11-23 12:00"), 50, 0)
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(ids, [older, newer], "{unrelated} does not match");
    // A search with a filter and an explicit order.
    let filter = CallFilter {
        query: Some("firewall".into()),
        sort: Some(CallSort::Newest),
        ..CallFilter::default()
    };
    let ids: Vec<i64> = list_calls(&db, &filter, t("2026-11-23 12:00"), 50, 0)
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(ids, [newer, older]);
    let filter = CallFilter {
        query: Some("firew".into()),
        severity: Some("A".into()),
        ..CallFilter::default()
    };
    assert!(list_calls(&db, &filter, t("2026-11-23 12:00"), 50, 0).unwrap().is_empty());
}

#[test]
fn lists_filter_by_status_customer_severity_and_overdue() {
    let (mut db, plan, cust) = setup();
    let other =
        add_customer(&mut db, &customer("Norrtälje Hamn AB", plan), t("2026-11-01 10:00")).unwrap();
    let old = log_call(
        &mut db,
        &call(cust, "2026-11-20 09:00", "A", "Old and overdue"),
        t("2026-11-23 12:00"),
    )
    .unwrap();
    let fresh =
        log_call(&mut db, &call(other, "2026-11-23 11:55", "C", "Fresh"), t("2026-11-23 12:00"))
            .unwrap();
    let done =
        log_call(&mut db, &call(cust, "2026-11-23 08:00", "B", "Done"), t("2026-11-23 12:00"))
            .unwrap();
    resolve(&mut db, done, "Fixed", t("2026-11-23 09:00")).unwrap();
    let now = t("2026-11-23 12:00");
    let ids = |f: CallFilter| -> Vec<i64> {
        list_calls(&db, &f, now, 50, 0).unwrap().into_iter().map(|r| r.id).collect()
    };
    assert_eq!(ids(CallFilter::default()), [fresh, done, old], "newest first");
    assert_eq!(ids(CallFilter { overdue: true, ..Default::default() }), [old]);
    assert_eq!(ids(CallFilter { customer_id: Some(cust), ..Default::default() }), [done, old]);
    assert_eq!(ids(CallFilter { severity: Some("c".into()), ..Default::default() }), [fresh]);
    assert_eq!(ids(CallFilter { statuses: vec![Status::Resolved], ..Default::default() }), [done]);
    assert_eq!(
        ids(CallFilter { from: Some(t("2026-11-23 00:00")), ..Default::default() }),
        [fresh, done]
    );
    assert_eq!(
        list_calls(&db, &CallFilter::default(), now, 1, 1).unwrap()[0].id,
        done,
        "limit and offset"
    );
    let rows = list_calls(&db, &CallFilter::default(), now, 50, 0).unwrap();
    assert_eq!(rows[2].first_response.state, ClockState::Breached);
    assert_eq!(
        ids(CallFilter { sort: Some(CallSort::Oldest), ..Default::default() }),
        [old, done, fresh]
    );
    // Nearest due first: the overdue call, then the fresh one; the resolved call has none.
    assert_eq!(
        ids(CallFilter { sort: Some(CallSort::Due), ..Default::default() }),
        [old, fresh, done]
    );
    assert_eq!(
        ids(CallFilter { sort: Some(CallSort::Severity), ..Default::default() }),
        [old, done, fresh]
    );
    assert_eq!(
        ids(CallFilter { sort: Some(CallSort::Customer), ..Default::default() }),
        [fresh, done, old]
    );
    // 55 of the 60 minutes to a first response are used: due soon (over 80 %), not breached.
    let soon = log_call(&mut db, &call(cust, "2026-11-23 11:05", "A", "Soon"), now).unwrap();
    let due_soon = CallFilter { due_soon: true, ..Default::default() };
    let got: Vec<i64> =
        list_calls(&db, &due_soon, now, 50, 0).unwrap().into_iter().map(|r| r.id).collect();
    assert_eq!(got, [soon]);
    assert!(
        list_calls(&db, &due_soon, now, 50, 1).unwrap().is_empty(),
        "offset past the only match"
    );
}

#[test]
fn customers_with_calls_are_archived_not_deleted() {
    let (mut db, _, cust) = setup();
    log_call(&mut db, &call(cust, "2026-11-23 09:00", "A", "x"), t("2026-11-23 12:00")).unwrap();
    assert_eq!(delete_customer(&mut db, cust).unwrap_err().kind(), ErrorKind::Conflict);
    set_customer_archived(&mut db, cust, true, t("2026-11-02 10:00")).unwrap();
    assert!(list_customers(&db, false, 50, 0).unwrap().is_empty());
    assert_eq!(list_customers(&db, true, 50, 0).unwrap()[0].open_calls, 1);
    let err = log_call(&mut db, &call(cust, "2026-11-23 10:00", "A", "y"), t("2026-11-23 12:00"))
        .unwrap_err();
    assert_eq!(err.field(), Some("customerId"));
}

/// The type-ahead lists active customers by name, light; what logging a call offers comes for
/// the chosen customer only: its plan's severities in order and its contacts by name.
#[test]
fn picks_list_active_customers_and_choices_come_per_customer() {
    let (mut db, plan, first) = setup();
    let mut other = customer("åre Fjällbyrå AB", plan);
    other.contacts[0].name = "Örjan Berg".into();
    other.contacts.push(Contact {
        name: "Anna Berg".into(),
        email: "anna@are.se".into(),
        ..other.contacts[0].clone()
    });
    let second = add_customer(&mut db, &other, t("2026-11-01 10:00")).unwrap();
    let archived =
        add_customer(&mut db, &customer("Arkiv AB", plan), t("2026-11-01 10:00")).unwrap();
    set_customer_archived(&mut db, archived, true, t("2026-11-02 10:00")).unwrap();

    let picks = picks(&db).unwrap();
    let names: Vec<_> = picks.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Södertälje Bygg AB", "åre Fjällbyrå AB"]);
    assert_eq!(picks[0].id, first);
    assert_eq!(picks[0].tenant_domain, "sodertaljebygg.onmicrosoft.com");

    let choices = call_choices(&db, second).unwrap();
    let contacts: Vec<_> = choices.contacts.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(contacts, ["Anna Berg", "Örjan Berg"]);
    let codes: Vec<_> = choices.severities.iter().map(|s| s.code.as_str()).collect();
    let plan_codes: Vec<_> =
        load_plan(&db, plan).unwrap().severities.into_iter().map(|s| s.code).collect();
    assert_eq!(codes, plan_codes);
    assert!(choices.severities.iter().all(|s| !s.name.sv.is_empty() && !s.name.en.is_empty()));

    let mut sorted = plan_codes.clone();
    sorted.sort();
    assert_eq!(severity_codes(&db).unwrap(), sorted);

    let err = call_choices(&db, 9999).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
}

#[test]
fn fts_queries_quote_every_word() {
    assert_eq!(fts_query("teams drop"), "\"teams\" \"drop\"*");
    assert_eq!(fts_query("say \"hi"), "\"say\" \"hi\"*");
    assert_eq!(fts_query("   "), "");
}

/// History written by builds before the events held values (English text) is still read.
#[test]
fn history_from_older_builds_is_read_as_values() {
    let (mut db, _, cust) = setup();
    let id = log_call(
        &mut db,
        &call(cust, "2026-11-23 10:00", "B", "Old history"),
        t("2026-11-23 10:00"),
    )
    .unwrap();
    db.conn()
        .execute_batch(&format!(
            "INSERT INTO call_event (call_id, at, kind, detail) VALUES
                 ({id}, 1, 'health', 'EX123456 no known issue'),
                 ({id}, 2, 'health', 'MO98765 known issue'),
                 ({id}, 3, 'health', ' no known issue'),
                 ({id}, 4, 'escalated', 'microsoft 2511230040001234'),
                 ({id}, 5, 'escalated', 'provider TCK-1 2');"
        ))
        .unwrap();
    let events = get_call(&db, id, t("2026-11-23 11:00")).unwrap().events;
    let old: Vec<Happened> = events.iter().take(5).map(|e| e.what.clone()).collect();
    assert_eq!(
        old,
        [
            Happened::Health { reference: "EX123456".into(), known_issue: false },
            Happened::Health { reference: "MO98765".into(), known_issue: true },
            Happened::Health { reference: "".into(), known_issue: false },
            Happened::Escalated {
                to: EscalationTarget::Microsoft,
                category: None,
                reference: "2511230040001234".into()
            },
            Happened::Escalated {
                to: EscalationTarget::Provider,
                category: None,
                reference: "TCK-1 2".into()
            },
        ]
    );
}

/// A page far down any list is the same rows as that slice of the whole list, whether reached by
/// offset (the deep-page query counts ids only) or after its previous row (keyset), for every
/// order and the common filters.
#[test]
fn every_page_is_the_slice_of_the_whole_list() {
    use cspdesk::demo::{fill, DemoSize};
    let mut db = crate::fresh_db();
    let now = t("2026-11-30 12:00");
    fill(&mut db, &DemoSize { customers: 15, calls: 400, seed: 7 }, now).unwrap();
    // Calls logged at the same minute: equal keys in every order.
    for i in 0..6 {
        log_call(&mut db, &call(2, "2026-11-29 09:00", "B", &format!("Tie {i}")), now).unwrap();
    }
    let open = vec![Status::New, Status::InProgress, Status::WaitingCustomer];
    let sorts = [
        None,
        Some(CallSort::Oldest),
        Some(CallSort::Due),
        Some(CallSort::Severity),
        Some(CallSort::Customer),
    ];
    for sort in sorts {
        for filter in [
            CallFilter { sort, ..CallFilter::default() },
            CallFilter { sort, statuses: open.clone(), ..CallFilter::default() },
            CallFilter { sort, severity: Some("B".into()), ..CallFilter::default() },
            CallFilter { sort, customer_id: Some(3), ..CallFilter::default() },
            CallFilter { sort, query: Some("mailbox".into()), ..CallFilter::default() },
        ] {
            let all: Vec<i64> =
                list_calls(&db, &filter, now, 1000, 0).unwrap().iter().map(|r| r.id).collect();
            assert!(all.len() > 10, "{filter:?}: {} rows", all.len());
            for offset in [1, 7, all.len() as u32 - 3] {
                let page: Vec<i64> = list_calls(&db, &filter, now, 5, offset)
                    .unwrap()
                    .iter()
                    .map(|r| r.id)
                    .collect();
                let end = (offset as usize + 5).min(all.len());
                assert_eq!(page, all[offset as usize..end], "{filter:?} at offset {offset}");
                // The same page after the row before it (keyset paging).
                let after = CallFilter { after: Some(all[offset as usize - 1]), ..filter.clone() };
                let keyset: Vec<i64> =
                    list_calls(&db, &after, now, 5, 0).unwrap().iter().map(|r| r.id).collect();
                assert_eq!(
                    keyset,
                    all[offset as usize..end],
                    "{filter:?} after row {}",
                    offset - 1
                );
            }
        }
    }
}

/// "Due soon" from the stored warning instant agrees with the clock computed from the plan,
/// to the minute: severity A's first response (60 minutes) warns from 48 minutes on.
#[test]
fn due_soon_starts_at_the_warning_share_to_the_minute() {
    let (mut db, plan, cust) = setup();
    // Monday 2026-11-23, 10:00 Stockholm (09:00 UTC), inside service hours.
    let id =
        log_call(&mut db, &call(cust, "2026-11-23 10:00", "A", "Teams"), t("2026-11-23 10:00"))
            .unwrap();
    let due_soon = CallFilter { due_soon: true, ..Default::default() };
    let listed = |at: &str| -> Vec<i64> {
        list_calls(&db, &due_soon, t(at), 50, 0).unwrap().into_iter().map(|r| r.id).collect()
    };
    let hours = load_plan(&db, plan).unwrap().hours;
    let schedule = cspdesk::sla::Schedule::new(&hours).unwrap();
    for (at, expected) in [
        ("2026-11-23 10:47", ClockState::OnTrack),
        ("2026-11-23 10:48", ClockState::DueSoon),
        ("2026-11-23 10:59", ClockState::DueSoon),
        ("2026-11-23 11:00", ClockState::Breached),
    ] {
        let row = get_call(&db, id, t(at)).unwrap().row;
        assert_eq!(row.first_response.state, expected, "at {at}");
        let computed = cspdesk::sla::status(
            &schedule,
            cspdesk::sla::ClockInput {
                clock: cspdesk::offering::Clock::ServiceHours,
                start: t("2026-11-23 10:00"),
                target_minutes: 60,
                pauses: &[],
                met_at: None,
                warn_at: cspdesk::calls::WARN_AT,
            },
            t(at),
        );
        assert_eq!(computed.state, expected, "the computed clock at {at}");
        assert_eq!(listed(at).contains(&id), expected == ClockState::DueSoon, "listed at {at}");
    }
}

/// Two technicians work the same calls at the same moment, each on a connection of their own
/// (PostgreSQL under `cargo xtask test`, else one file): each call gets one first response and
/// is resolved once; the second "resolve" is told the call is already resolved.
#[test]
fn two_technicians_at_once_resolve_each_call_once() {
    let (mut a, b, _dir) = crate::two_connections();
    let defaults = Defaults {
        time_zone: "Europe/Stockholm".into(),
        country: Some(Country::SE),
        language: Language::En,
    };
    ensure_default_plan(&mut a, &defaults, t("2026-11-01 10:00")).unwrap();
    cspdesk::team::set_my_name(&mut a, "Anna").unwrap();
    let plan = list_plans(&a).unwrap()[0].id;
    let cust =
        add_customer(&mut a, &customer("Södertälje Bygg AB", plan), t("2026-11-01 10:00")).unwrap();
    let ids: Vec<i64> = (0..30)
        .map(|i| {
            log_call(
                &mut a,
                &call(cust, "2026-11-23 09:00", "B", &format!("call {i}")),
                t("2026-11-23 12:00"),
            )
            .unwrap()
        })
        .collect();
    let responded = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let told_responded = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let work = |mut db: Db, ids: Vec<i64>| {
        let (responded, told_responded) = (responded.clone(), told_responded.clone());
        std::thread::spawn(move || {
            let (mut resolved, mut told) = (0, 0);
            for id in ids {
                let at = t("2026-11-23 13:00");
                // Exactly one first response: the other is told who gave it.
                match apply(&mut db, id, &[Action::Respond], at, at) {
                    Ok(_) => responded.fetch_add(1, std::sync::atomic::Ordering::SeqCst),
                    Err(e) => {
                        let p = &e.problems()[0];
                        assert_eq!(p.code, ProblemCode::AlreadyResponded, "call {id}: {e}");
                        assert_eq!(p.params["who"], "Anna", "{p:?}");
                        assert_eq!(p.params["when"], at.to_rfc3339(), "{p:?}");
                        told_responded.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
                    }
                };
                let resolve = Action::Resolve { resolution: "Restarted the client".into() };
                match apply(&mut db, id, &[resolve], at, at) {
                    Ok(_) => resolved += 1,
                    Err(e)
                        if e.problems().iter().any(|p| p.code == ProblemCode::AlreadyResolved) =>
                    {
                        told += 1
                    }
                    Err(e) => panic!("call {id}: {e}"),
                }
            }
            (resolved, told, db)
        })
    };
    let first = work(a, ids.clone());
    let second = work(b, ids.clone());
    let (r1, t1, db) = first.join().unwrap();
    let (r2, t2, _) = second.join().unwrap();
    assert_eq!(r1 + r2, 30, "each call resolved once");
    assert_eq!(t1 + t2, 30, "the other technician told each time");
    assert_eq!(responded.load(std::sync::atomic::Ordering::SeqCst), 30, "each call answered once");
    assert_eq!(told_responded.load(std::sync::atomic::Ordering::SeqCst), 30);
    for id in ids {
        let detail = get_call(&db, id, t("2026-11-23 14:00")).unwrap();
        let count =
            |want: fn(&Happened) -> bool| detail.events.iter().filter(|e| want(&e.what)).count();
        assert_eq!(count(|h| matches!(h, Happened::Responded {})), 1, "call {id}");
        assert_eq!(
            count(|h| matches!(h, Happened::Status { status: Status::Resolved })),
            1,
            "call {id}"
        );
    }
}

/// Waiting on Microsoft or on the provider stops the resolution clock only where the plan says
/// so; changing the rule recomputes open calls, and the terms sheet states it in both languages.
#[test]
fn a_plan_decides_whether_waiting_on_microsoft_or_the_provider_pauses_resolution() {
    let (mut db, plan_id, cust) = setup();
    let id = log_call(
        &mut db,
        &call(cust, "2026-11-23 16:00", "A", "Tenant locked"),
        t("2026-11-23 16:00"),
    )
    .unwrap();
    let to_microsoft = Escalation::Microsoft {
        category: EscalationCategory::Defect,
        reference: "2511230040001234".into(),
    };
    escalate(&mut db, id, &to_microsoft, t("2026-11-23 16:30")).unwrap();
    // Off (as every plan was before schema 8): the clock runs on while Microsoft works.
    let running = get_call(&db, id, t("2026-11-24 12:00")).unwrap();
    assert_eq!(running.row.resolution.due, Some(t("2026-11-24 15:00")));
    assert_ne!(running.row.resolution.state, ClockState::Paused);

    // On: the open call is recomputed in the same save, and its clock stands still.
    let mut plan = load_plan(&db, plan_id).unwrap();
    plan.pauses.waiting_microsoft = true;
    save_plan(&mut db, Some(plan_id), &plan, t("2026-11-24 09:00")).unwrap();
    let paused = get_call(&db, id, t("2026-11-24 12:00")).unwrap();
    assert_eq!(
        (paused.row.resolution.state, paused.row.resolution.due),
        (ClockState::Paused, None)
    );
    resume(&mut db, id, t("2026-11-24 10:00")).unwrap();
    // As waiting on the customer: 30 minutes Monday, 7.5 hours from Tuesday 10:00.
    let resumed = get_call(&db, id, t("2026-11-24 10:00")).unwrap();
    assert_eq!(resumed.row.resolution.due, Some(t("2026-11-25 08:30")));
    // The provider's rule is its own: still off.
    assert!(!load_plan(&db, plan_id).unwrap().pauses.waiting_provider);

    // The terms sheet as printed, words joined (a paragraph wraps over lines).
    let sheet = |lang: Language| {
        let request = cspdesk::terms::Request {
            source: cspdesk::terms::Source::Plan(plan_id),
            language: Some(lang),
            paper: cspdesk::terms::Paper::A4,
            effective: "2026-12-01".into(),
        };
        let made = cspdesk::terms::make(&db, &request).unwrap();
        made.rendered.strings.join(" ").split_whitespace().collect::<Vec<_>>().join(" ")
    };
    assert!(sheet(Language::En).contains("also stands still while the problem is with Microsoft's support, but not while it is with our provider"));
    assert!(sheet(Language::Sv).contains("står också still medan problemet ligger hos Microsofts support, men inte medan det ligger hos vår leverantör"));
}

/// A call's number typed in the search box finds that call first ("1234" or "#1234"), along
/// with the calls whose texts hold the number.
#[test]
fn searching_by_a_calls_number_finds_it_first() {
    let (mut db, _, customer) = setup();
    let mut ids = Vec::new();
    for (i, summary) in ["Outlook hangs", "Printer offline", "Teams drops"].iter().enumerate() {
        let received = format!("2026-11-0{} 09:00", i + 2);
        ids.push(
            log_call(&mut db, &call(customer, &received, "B", summary), t(&received)).unwrap(),
        );
    }
    let mut quoted = call(customer, "2026-11-06 09:00", "C", "Follow-up");
    quoted.description = format!("Same as call {}", ids[1]);
    let quoting = log_call(&mut db, &quoted, t("2026-11-06 09:00")).unwrap();
    let found = |q: &str| -> Vec<i64> {
        let filter = CallFilter { query: Some(q.into()), ..CallFilter::default() };
        list_calls(&db, &filter, t("2026-11-20 12:00"), 50, 0)
            .unwrap()
            .iter()
            .map(|r| r.id)
            .collect()
    };
    assert_eq!(found(&ids[1].to_string()), vec![ids[1], quoting]);
    assert_eq!(found(&format!(" #{} ", ids[1])), vec![ids[1], quoting]);
    assert_eq!(found("987654321"), Vec::<i64>::new(), "no such call");
    // The other conditions still hold: a resolved-only list does not show an open call.
    let filter = CallFilter {
        query: Some(ids[0].to_string()),
        statuses: vec![Status::Resolved],
        ..CallFilter::default()
    };
    assert!(list_calls(&db, &filter, t("2026-11-20 12:00"), 50, 0).unwrap().is_empty());
}
