//! The month-end reports: SLA (met, breached, running, times in the clock's own terms) and
//! workload (weeks, services, channels, escalations, time), as worked examples on the default
//! plan: Stockholm, weekdays 08:00–17:00, Swedish holidays; A 60 / 480 minutes, B 240 / 1,620,
//! C 480 / 2,700, all on service hours.

use chrono::{DateTime, Utc};
use cspdesk::billing::{close_month, Month};
use cspdesk::calls::{apply, get_call, log_call, Action, Channel, Escalation, NewCall, Service};
use cspdesk::customers::add_customer;
use cspdesk::offering::{load_plan, save_plan, Bilingual, Clock, EscalationCategory, Severity};
use cspdesk::problem::ProblemCode;
use cspdesk::reports::*;
use cspdesk::sla::ClockState;
use cspdesk::{Db, Error};

use crate::calls::{call, customer, setup, t};

fn month(s: &str) -> Month {
    s.parse().unwrap()
}

/// Logs `c` as done when it was received.
fn log(db: &mut Db, c: NewCall) -> i64 {
    let at = c.received_at;
    log_call(db, &c, at).unwrap()
}

/// Does `action` to call `id` at `at` (Stockholm), as done then.
fn act(db: &mut Db, id: i64, action: Action, at: &str) {
    apply(db, id, &[action], t(at), t(at)).unwrap();
}

fn resolve() -> Action {
    Action::Resolve { resolution: "Fixed.".into() }
}

fn clock(
    with_target: i64,
    (met, breached, running): (i64, i64, i64),
    on_time_percent: Option<f64>,
    (median, p90): (Option<i64>, Option<i64>),
) -> ClockFigures {
    ClockFigures {
        with_target,
        met,
        breached,
        running,
        on_time_percent,
        median_minutes: median,
        p90_minutes: p90,
    }
}

/// The SLA of December 2026 for two customers, worked by hand:
///
/// | call | sev | received         | first response          | resolution                        |
/// |------|-----|------------------|-------------------------|-----------------------------------|
/// | X    | A   | Wed 23 Dec 16:30 | Mon 28 08:20: 50, met   | Mon 28 15:00: 30 + 420 = 450, met |
/// | P    | A   | Tue 1 Dec 09:00  | 09:30: 30, met          | waits 10:00 → Wed 14:00; resolved Wed 16:00: 60 + 120 = 180, met |
/// | B    | A   | Thu 3 Dec 10:00  | 11:30: 90, breached     | Fri 4 11:00: 420 + 180 = 600, breached |
/// | R    | B   | Wed 30 Dec 15:00 | none yet: running       | running                           |
/// | O    | C   | Mon 7 Dec 09:00  | 10:00: 60, met          | none, due Mon 14 09:00: breached  |
/// | K    | P1  | Sat 12 Dec 10:00 | 10:20: 20, met          | 15:00: 300 > 240, breached        |
///
/// X's clocks stand still from Wednesday 17:00 over Christmas Eve, Christmas Day and the weekend
/// to Monday 08:00. P, without its pause, would have counted 960 minutes: breached. P1 is a
/// calendar clock (30 / 240 minutes), so K's Saturday counts.
#[test]
fn sla_per_severity_customer_and_total() {
    let (mut db, plan_id, sodertalje) = setup();
    let alfa = add_customer(&mut db, &customer("Alfa Konsult AB", plan_id), t("2026-11-01 10:00"))
        .unwrap();
    let mut plan = load_plan(&db, plan_id).unwrap();
    plan.severities.push(Severity {
        code: "P1".into(),
        name: Bilingual::new("Prio 1", "Priority 1"),
        description: Bilingual::new("Dygnet runt.", "Around the clock."),
        first_response_minutes: 30,
        resolution_minutes: 240,
        clock: Clock::Calendar,
    });
    save_plan(&mut db, Some(plan_id), &plan, t("2026-11-01 10:00")).unwrap();

    let x = log(&mut db, call(sodertalje, "2026-12-23 16:30", "A", "Mail stuck"));
    act(&mut db, x, Action::Respond, "2026-12-28 08:20");
    act(&mut db, x, resolve(), "2026-12-28 15:00");

    let p = log(&mut db, call(sodertalje, "2026-12-01 09:00", "A", "Licences"));
    act(&mut db, p, Action::Respond, "2026-12-01 09:30");
    act(&mut db, p, Action::Wait, "2026-12-01 10:00");
    act(&mut db, p, Action::Resume, "2026-12-02 14:00");
    act(&mut db, p, resolve(), "2026-12-02 16:00");

    let b = log(&mut db, call(sodertalje, "2026-12-03 10:00", "A", "Teams down"));
    act(&mut db, b, Action::Respond, "2026-12-03 11:30");
    act(&mut db, b, resolve(), "2026-12-04 11:00");

    let r = log(&mut db, call(alfa, "2026-12-30 15:00", "B", "Calendar sharing"));
    let o = log(&mut db, call(alfa, "2026-12-07 09:00", "C", "New mailbox"));
    act(&mut db, o, Action::Respond, "2026-12-07 10:00");
    let k = log(&mut db, call(alfa, "2026-12-12 10:00", "P1", "Tenant locked"));
    act(&mut db, k, Action::Respond, "2026-12-12 10:20");
    act(&mut db, k, resolve(), "2026-12-12 15:00");

    // Not December's on Stockholm's clocks, though the first is in UTC.
    log(&mut db, call(alfa, "2027-01-01 00:30", "A", "New Year"));
    log(&mut db, call(alfa, "2026-11-30 23:30", "A", "November"));

    let now = t("2026-12-30 16:00");
    let report = sla_report(&db, month("2026-12"), month("2026-12"), None, now).unwrap();
    assert_eq!((report.from, report.to), (month("2026-12"), month("2026-12")));

    let a = SlaFigures {
        calls: 3,
        first_response: clock(3, (2, 1, 0), Some(200.0 / 3.0), (Some(50), Some(90))),
        resolution: clock(3, (2, 1, 0), Some(200.0 / 3.0), (Some(450), Some(600))),
    };
    let rows: Vec<(&str, &str, Option<Clock>)> =
        report.severities.iter().map(|s| (s.code.as_str(), s.name.en.as_str(), s.clock)).collect();
    assert_eq!(
        rows,
        [
            ("A", "Critical", Some(Clock::ServiceHours)),
            ("B", "Moderate", Some(Clock::ServiceHours)),
            ("C", "Minimal", Some(Clock::ServiceHours)),
            ("P1", "Priority 1", Some(Clock::Calendar)),
        ]
    );
    assert_eq!(report.severities[0].name.sv, "Kritisk");
    assert_eq!(report.severities[0].figures, a);
    assert_eq!(
        report.severities[1].figures,
        SlaFigures {
            calls: 1,
            first_response: clock(1, (0, 0, 1), None, (None, None)),
            resolution: clock(1, (0, 0, 1), None, (None, None)),
        }
    );
    assert_eq!(
        report.severities[2].figures,
        SlaFigures {
            calls: 1,
            first_response: clock(1, (1, 0, 0), Some(100.0), (Some(60), Some(60))),
            resolution: clock(1, (0, 1, 0), Some(0.0), (None, None)),
        }
    );
    assert_eq!(
        report.severities[3].figures,
        SlaFigures {
            calls: 1,
            first_response: clock(1, (1, 0, 0), Some(100.0), (Some(20), Some(20))),
            resolution: clock(1, (0, 1, 0), Some(0.0), (Some(300), Some(300))),
        }
    );

    // Customers by name.
    let customers: Vec<(i64, &str)> =
        report.customers.iter().map(|c| (c.customer_id, c.customer.as_str())).collect();
    assert_eq!(customers, [(alfa, "Alfa Konsult AB"), (sodertalje, "Södertälje Bygg AB")]);
    assert_eq!(
        report.customers[0].figures,
        SlaFigures {
            calls: 3,
            first_response: clock(3, (2, 0, 1), Some(100.0), (Some(20), Some(60))),
            resolution: clock(3, (0, 2, 1), Some(0.0), (Some(300), Some(300))),
        }
    );
    assert_eq!(report.customers[1].figures, a);

    // First-response times 20 30 50 60 90: median the 3rd, 90th percentile the 5th.
    // Resolution times 180 300 450 600: median the 2nd, 90th percentile the 4th.
    assert_eq!(
        report.total,
        SlaFigures {
            calls: 6,
            first_response: clock(6, (4, 1, 1), Some(80.0), (Some(50), Some(90))),
            resolution: clock(6, (2, 3, 1), Some(40.0), (Some(300), Some(600))),
        }
    );

    // The report decides as the call's own clock does.
    for (id, first, resolution) in [
        (x, ClockState::Met, ClockState::Met),
        (p, ClockState::Met, ClockState::Met),
        (b, ClockState::Breached, ClockState::Breached),
        (o, ClockState::Met, ClockState::Breached),
        (k, ClockState::Met, ClockState::Breached),
    ] {
        let row = get_call(&db, id, now).unwrap().row;
        assert_eq!((row.first_response.state, row.resolution.state), (first, resolution), "{id}");
    }
    assert!(matches!(
        get_call(&db, r, now).unwrap().row.first_response.state,
        ClockState::OnTrack | ClockState::DueSoon
    ));

    // Later, R's first response (due Mon 4 Jan 10:00, after New Year's Eve and Day) is
    // breached while still awaited; its resolution is still running.
    let later =
        sla_report(&db, month("2026-12"), month("2026-12"), None, t("2027-01-04 10:00")).unwrap();
    assert_eq!(
        later.severities[1].figures,
        SlaFigures {
            calls: 1,
            first_response: clock(1, (0, 1, 0), Some(0.0), (None, None)),
            resolution: clock(1, (0, 0, 1), None, (None, None)),
        }
    );
    let before =
        sla_report(&db, month("2026-12"), month("2026-12"), None, t("2027-01-04 09:59")).unwrap();
    assert_eq!(before.severities[1].figures.first_response.running, 1);

    // One customer: its calls only, and every severity of its plan.
    let one = sla_report(&db, month("2026-12"), month("2026-12"), Some(sodertalje), now).unwrap();
    assert_eq!(one.total, a);
    assert_eq!(one.customers.len(), 1);
    assert_eq!(one.severities.iter().map(|s| s.figures.calls).collect::<Vec<_>>(), [3, 0, 0, 0]);

    // A range: November's call too (one A call, still awaiting its first response).
    let range = sla_report(&db, month("2026-11"), month("2026-12"), None, now).unwrap();
    assert_eq!(range.total.calls, 7);
    assert_eq!(range.severities[0].figures.first_response.breached, 2);
}

/// Met is an answer at or before the instant the clock makes due, not a count of minutes: a
/// response on Saturday to a call due Friday 17:00 counted no more than the target (the
/// weekend is closed), yet came after the due instant.
#[test]
fn met_is_at_or_before_the_due_instant() {
    let (mut db, _, cust) = setup();
    // 30 minutes Monday and 30 Tuesday: due Tuesday 08:30.
    let on_time = log(&mut db, call(cust, "2026-12-07 16:30", "A", "On time"));
    act(&mut db, on_time, Action::Respond, "2026-12-08 08:30");
    let late = log(&mut db, call(cust, "2026-12-14 16:30", "A", "A minute late"));
    act(&mut db, late, Action::Respond, "2026-12-15 08:31");
    // Due Friday 17:00; answered Saturday after 60 minutes of service hours.
    let saturday = log(&mut db, call(cust, "2026-12-11 16:00", "A", "Saturday"));
    act(&mut db, saturday, Action::Respond, "2026-12-12 10:00");

    let now = t("2026-12-31 12:00");
    let report = sla_report(&db, month("2026-12"), month("2026-12"), None, now).unwrap();
    assert_eq!(
        report.total.first_response,
        clock(3, (1, 2, 0), Some(100.0 / 3.0), (Some(60), Some(61)))
    );
    assert_eq!(report.total.resolution, clock(3, (0, 3, 0), Some(0.0), (None, None)));
    let state = |id| get_call(&db, id, now).unwrap().row.first_response.state;
    assert_eq!(
        [state(on_time), state(late), state(saturday)],
        [ClockState::Met, ClockState::Breached, ClockState::Breached]
    );
}

/// Waiting on Microsoft stops the resolution clock in the report only where the plan says so,
/// as it does on the call.
#[test]
fn waiting_on_microsoft_pauses_where_the_plan_says_so() {
    let (mut db, plan_id, cust) = setup();
    // Mon 7 Dec 09:00, handed to Microsoft 10:00, back Tue 10:00, resolved Tue 11:00.
    let id = log(&mut db, call(cust, "2026-12-07 09:00", "A", "Tenant locked"));
    act(&mut db, id, Action::Respond, "2026-12-07 09:10");
    let escalation = Escalation::Microsoft {
        category: EscalationCategory::Defect,
        reference: "2512070040001234".into(),
    };
    act(&mut db, id, Action::Escalate { escalation }, "2026-12-07 10:00");
    act(&mut db, id, Action::Resume, "2026-12-08 10:00");
    act(&mut db, id, resolve(), "2026-12-08 11:00");
    let now = t("2026-12-31 12:00");
    let resolution = |db: &Db| {
        sla_report(db, month("2026-12"), month("2026-12"), None, now).unwrap().total.resolution
    };
    // The clock runs while Microsoft works: 480 minutes Monday (due 17:00), 180 Tuesday.
    assert_eq!(resolution(&db), clock(1, (0, 1, 0), Some(0.0), (Some(660), Some(660))));

    let mut plan = load_plan(&db, plan_id).unwrap();
    plan.pauses.waiting_microsoft = true;
    save_plan(&mut db, Some(plan_id), &plan, t("2026-12-31 12:00")).unwrap();
    // 09:00–10:00 Monday and 10:00–11:00 Tuesday.
    assert_eq!(resolution(&db), clock(1, (1, 0, 0), Some(100.0), (Some(120), Some(120))));
}

/// December 2026 by ISO week (W49 from Monday 30 November to W53 from Monday 28 December),
/// service, channel and escalation, and time per customer by work month.
#[test]
fn workload_per_week_service_channel_escalation_and_customer() {
    let (mut db, plan_id, sodertalje) = setup();
    let alfa = add_customer(&mut db, &customer("Alfa Konsult AB", plan_id), t("2026-11-01 10:00"))
        .unwrap();
    let with = |c: NewCall, service: Service, channel: Channel| NewCall { service, channel, ..c };
    let time = |minutes, billable| Action::Time { minutes, billable, note: String::new() };

    // 00:30 on 1 December in Stockholm: still 30 November in UTC, but December's (W49).
    let c1 = log(
        &mut db,
        with(call(sodertalje, "2026-12-01 00:30", "C", "c1"), Service::Teams, Channel::Phone),
    );
    act(&mut db, c1, time(45, true), "2026-12-01 10:00");
    act(&mut db, c1, time(15, false), "2026-12-01 10:05");
    act(&mut db, c1, resolve(), "2026-12-01 10:10");
    // Received in November, resolved in W49; its time is November's work.
    let c2 = log(
        &mut db,
        with(call(sodertalje, "2026-11-30 10:00", "C", "c2"), Service::Teams, Channel::Phone),
    );
    act(&mut db, c2, time(20, true), "2026-11-30 11:00");
    act(&mut db, c2, resolve(), "2026-12-02 09:00");
    // W50: two calls handed to Microsoft.
    let c3 = log(
        &mut db,
        with(call(alfa, "2026-12-08 09:00", "B", "c3"), Service::ExchangeOnline, Channel::Email),
    );
    act(&mut db, c3, time(30, true), "2026-12-08 09:30");
    let to_microsoft = |category| Action::Escalate {
        escalation: Escalation::Microsoft { category, reference: "2512080040001234".into() },
    };
    act(&mut db, c3, to_microsoft(EscalationCategory::Defect), "2026-12-08 10:00");
    let c4 = log(
        &mut db,
        with(call(alfa, "2026-12-09 09:00", "B", "c4"), Service::ExchangeOnline, Channel::Portal),
    );
    act(&mut db, c4, to_microsoft(EscalationCategory::Regional), "2026-12-09 10:00");
    // W51: handed to the provider.
    let c5 = log(
        &mut db,
        with(call(sodertalje, "2026-12-15 09:00", "B", "c5"), Service::EntraId, Channel::Phone),
    );
    let to_provider =
        Action::Escalate { escalation: Escalation::Provider { reference: "DIST-1".into() } };
    act(&mut db, c5, to_provider, "2026-12-15 10:00");
    // W52: resolved, then reopened and not resolved again.
    let c8 = log(
        &mut db,
        with(call(sodertalje, "2026-12-22 09:00", "C", "c8"), Service::Intune, Channel::OnSite),
    );
    act(&mut db, c8, resolve(), "2026-12-23 09:00");
    act(&mut db, c8, Action::Reopen, "2026-12-28 09:00");
    // W53, late on New Year's Eve; its time, 50 minutes later, is January's work.
    let c6 = log(
        &mut db,
        with(call(sodertalje, "2026-12-31 23:30", "C", "c6"), Service::Teams, Channel::Chat),
    );
    act(&mut db, c6, time(10, true), "2027-01-01 00:20");
    // January's on Stockholm's clocks, though still 31 December in UTC.
    log(&mut db, with(call(alfa, "2027-01-01 00:30", "C", "c7"), Service::Teams, Channel::Phone));

    // December closed; 25 minutes of December's work added later are billed in January, and
    // are still December's work.
    close_month(&mut db, month("2026-12"), t("2027-01-02 08:00")).unwrap();
    apply(&mut db, c3, &[time(25, true)], t("2026-12-20 12:00"), t("2027-01-05 09:00")).unwrap();

    let report = workload_report(&db, month("2026-12"), month("2026-12"), None).unwrap();
    assert_eq!((report.received, report.resolved), (6, 2));
    let weeks: Vec<(i32, u32, String, i64, i64)> = report
        .weeks
        .iter()
        .map(|w| (w.iso_year, w.week, w.monday.to_string(), w.received, w.resolved))
        .collect();
    assert_eq!(
        weeks,
        [
            (2026, 49, "2026-11-30".into(), 1, 2),
            (2026, 50, "2026-12-07".into(), 2, 0),
            (2026, 51, "2026-12-14".into(), 1, 0),
            (2026, 52, "2026-12-21".into(), 1, 0),
            (2026, 53, "2026-12-28".into(), 1, 0),
        ]
    );
    let services: Vec<(Service, i64, i64)> =
        report.services.iter().map(|s| (s.service, s.received, s.resolved)).collect();
    assert_eq!(
        services,
        [
            (Service::ExchangeOnline, 2, 0),
            (Service::Teams, 2, 2),
            (Service::EntraId, 1, 0),
            (Service::Intune, 1, 0),
        ]
    );
    let channels: Vec<(Channel, i64, i64)> =
        report.channels.iter().map(|c| (c.channel, c.received, c.resolved)).collect();
    assert_eq!(
        channels,
        [
            (Channel::Phone, 2, 2),
            (Channel::Email, 1, 0),
            (Channel::Portal, 1, 0),
            (Channel::Chat, 1, 0),
            (Channel::OnSite, 1, 0),
        ]
    );
    let categories: Vec<(EscalationCategory, i64)> =
        report.escalations.microsoft.iter().map(|c| (c.category, c.calls)).collect();
    assert_eq!(
        categories,
        [
            (EscalationCategory::Undocumented, 0),
            (EscalationCategory::Unavailable, 0),
            (EscalationCategory::Defect, 1),
            (EscalationCategory::Network, 0),
            (EscalationCategory::Regional, 1),
        ]
    );
    assert_eq!((report.escalations.microsoft_total, report.escalations.provider), (2, 1));
    assert_eq!(
        report.customers,
        [
            CustomerLoad {
                customer_id: alfa,
                customer: "Alfa Konsult AB".into(),
                received: 2,
                resolved: 0,
                billable_minutes: 55,
                non_billable_minutes: 0,
            },
            CustomerLoad {
                customer_id: sodertalje,
                customer: "Södertälje Bygg AB".into(),
                received: 4,
                resolved: 2,
                billable_minutes: 45,
                non_billable_minutes: 15,
            },
        ]
    );
    assert_eq!((report.billable_minutes, report.non_billable_minutes), (100, 15));

    // One customer.
    let one = workload_report(&db, month("2026-12"), month("2026-12"), Some(alfa)).unwrap();
    assert_eq!((one.received, one.resolved, one.billable_minutes), (2, 0, 55));
    assert_eq!(one.weeks.iter().map(|w| w.received).collect::<Vec<_>>(), [0, 2, 0, 0, 0]);
    assert_eq!(one.escalations.provider, 0);
    assert_eq!(one.customers.len(), 1);

    // Two months: from W44 (Monday 26 October) on; c2 and its time are November's.
    let both = workload_report(&db, month("2026-11"), month("2026-12"), None).unwrap();
    assert_eq!((both.weeks.len(), both.weeks[0].monday.to_string()), (10, "2026-10-26".into()));
    assert_eq!((both.received, both.resolved, both.billable_minutes), (7, 2, 120));

    // January: c6's time and c7.
    let january = workload_report(&db, month("2027-01"), month("2027-01"), None).unwrap();
    assert_eq!((january.received, january.billable_minutes), (1, 10));
    assert_eq!((january.weeks[0].iso_year, january.weeks[0].week), (2026, 53));
}

#[test]
fn a_customer_without_calls_an_unknown_customer_and_a_backward_range() {
    let (mut db, plan_id, _) = setup();
    let quiet =
        add_customer(&mut db, &customer("Tyst AB", plan_id), t("2026-11-01 10:00")).unwrap();
    let now: DateTime<Utc> = t("2026-12-31 12:00");
    let dec = month("2026-12");
    let sla = sla_report(&db, dec, dec, Some(quiet), now).unwrap();
    let nothing = clock(0, (0, 0, 0), None, (None, None));
    assert_eq!(
        sla.customers,
        [CustomerSla {
            customer_id: quiet,
            customer: "Tyst AB".into(),
            figures: SlaFigures {
                calls: 0,
                first_response: nothing.clone(),
                resolution: nothing.clone()
            },
            goal_percent: Some(90),
        }]
    );
    assert_eq!(sla.goal_percent, Some(90), "the starter plan promises 90 % on time");
    assert_eq!(sla.severities.len(), 3);
    let load = workload_report(&db, dec, dec, Some(quiet)).unwrap();
    assert_eq!((load.received, load.customers.len(), load.weeks.len()), (0, 1, 5));
    assert!(load.services.is_empty() && load.channels.is_empty());

    let code = |e: &Error| e.problems()[0].code;
    assert_eq!(
        code(&sla_report(&db, dec, dec, Some(999), now).unwrap_err()),
        ProblemCode::NoSuchCustomer
    );
    assert_eq!(
        code(&workload_report(&db, dec, dec, Some(999)).unwrap_err()),
        ProblemCode::NoSuchCustomer
    );
    let backward = sla_report(&db, dec, month("2026-11"), None, now).unwrap_err();
    assert_eq!(
        (backward.problems()[0].field.as_str(), code(&backward)),
        ("to", ProblemCode::OutOfRange)
    );
    assert!(workload_report(&db, dec, month("2026-11"), None).is_err());

    // The wire shape: camelCase numbers and codes, months as text.
    let json = serde_json::to_value(&sla).unwrap();
    assert_eq!(json["from"], "2026-12");
    assert_eq!(json["total"]["firstResponse"]["onTimePercent"], serde_json::Value::Null);
    assert_eq!(json["severities"][0]["clock"], "service_hours");
    let json = serde_json::to_value(&load).unwrap();
    assert_eq!(json["weeks"][0]["monday"], "2026-11-30");
    assert_eq!(json["escalations"]["microsoft"][2]["category"], "defect");
}
