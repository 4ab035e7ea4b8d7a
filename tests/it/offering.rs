//! The offering: defaults, validation, storage, and the offering file.

use chrono::{DateTime, TimeZone, Utc};
use cspdesk::holidays::Country;
use cspdesk::offering::file::{export, import, parse};
use cspdesk::offering::*;
use cspdesk::problem::ProblemCode;
use cspdesk::settings::Language;
use cspdesk::{Db, Error, ErrorKind};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 12, 0, 0).unwrap()
}

fn swedish() -> Defaults {
    Defaults {
        time_zone: "Europe/Stockholm".into(),
        country: Some(Country::SE),
        language: Language::Sv,
    }
}

fn db_with_default() -> (Db, i64) {
    let mut db = crate::fresh_db();
    assert!(ensure_default_plan(&mut db, &swedish(), now()).unwrap());
    let id = list_plans(&db).unwrap()[0].id;
    (db, id)
}

fn t(s: &str) -> TimeOfDay {
    s.parse().unwrap()
}

/// A profile that passes every check.
fn profile() -> Profile {
    Profile {
        legal_name: "Ångström & Łukasiewicz IT AB".into(),
        registration_number: "556677-8899".into(),
        postal_address: "Storgatan 1\n111 22 Stockholm".into(),
        support_website: "https://support.example.se".into(),
        support_email: "support@example.se".into(),
        support_phone: "+46 8 123 456 78".into(),
        logo: None,
        relationship: Relationship::DirectBill,
        provider: Provider::default(),
        microsoft_route: MicrosoftRoute::PartnerCenter,
        microsoft_route_other: String::new(),
        document_language: Language::Sv,
        version: None,
    }
}

#[test]
fn a_new_database_gets_one_ready_plan_and_only_once() {
    let (mut db, id) = db_with_default();
    let plan = load_plan(&db, id).unwrap();
    assert!(plan.problems().is_empty(), "{:?}", plan.problems());
    assert!(plan.is_default);
    assert_eq!(plan.hours.time_zone, "Europe/Stockholm");
    assert_eq!(plan.hours.holidays, Some(Country::SE));
    assert_eq!(plan.hours.windows.len(), 5);
    assert_eq!(plan.hours.windows[0], Window { day: Day::Mon, start: t("08:00"), end: t("17:00") });
    assert_eq!(
        plan.severities.iter().map(|s| s.code.as_str()).collect::<Vec<_>>(),
        ["A", "B", "C"]
    );
    assert_eq!(
        plan.contacts.iter().map(|c| c.method).collect::<Vec<_>>(),
        [ContactKind::Phone, ContactKind::Email]
    );
    assert_eq!(plan.pricing.currency, "SEK");
    assert_eq!(plan.severities[0].name.get(Language::Sv), "Kritisk");
    assert_eq!(plan.severities[0].name.get(Language::En), "Critical");
    assert_eq!(load_profile(&db).unwrap().document_language, Language::Sv);
    assert!(!ensure_default_plan(&mut db, &swedish(), now()).unwrap());
    assert_eq!(list_plans(&db).unwrap().len(), 1);
}

#[test]
fn an_unknown_os_time_zone_falls_back_to_utc() {
    let plan = default_plan(&Defaults {
        time_zone: "Mars/Olympus".into(),
        country: None,
        language: Language::En,
    });
    assert_eq!(plan.hours.time_zone, "UTC");
    assert_eq!(plan.pricing.currency, "EUR");
    assert_eq!(plan.severities[0].name, Bilingual::new("Kritisk", "Critical"));
    assert!(plan.problems().is_empty());
}

#[test]
fn a_plan_with_everything_round_trips_through_the_database() {
    let (mut db, id) = db_with_default();
    let mut plan = load_plan(&db, id).unwrap();
    plan.name = "Premium".into();
    plan.support = Support {
        model: SupportModel::Outsourced,
        company: "Nordic Helpdesk Oy".into(),
        parts: "Nights and weekends".into(),
    };
    plan.hours.windows = vec![
        Window { day: Day::Mon, start: t("08:00"), end: t("12:00") },
        Window { day: Day::Mon, start: t("13:00"), end: t("17:00") },
        Window { day: Day::Sat, start: t("00:00"), end: t("24:00") },
    ];
    plan.hours.closed_days = vec![
        ClosedDay {
            date: "2027-04-30".parse().unwrap(),
            label: "Valborgsmässoafton".into(),
            closes_at: Some(t("13:00")),
        },
        ClosedDay {
            date: "2027-08-13".parse().unwrap(),
            label: "Kick-off".into(),
            closes_at: None,
        },
    ];
    plan.contacts.push(ContactMethod {
        method: ContactKind::Portal,
        address: "https://help.example.se".into(),
        availability: Availability::Always,
        note: "Ärenden dygnet runt".into(),
    });
    plan.pricing.model = PriceModel::Block {
        hours: 10,
        price: 950_000,
        rollover: true,
        overage_rate: 110_000,
        low_balance_hours: Some(3),
    };
    plan.severities.push(Severity {
        code: "D".into(),
        name: "Planerad".into(),
        description: Bilingual::default(),
        first_response_minutes: 24 * 60,
        resolution_minutes: 30 * 24 * 60,
        clock: Clock::Calendar,
    });
    plan.scope.excluded.push("Skrivare".into());
    plan.escalated_by = EscalatedBy::Provider;
    save_plan(&mut db, Some(id), &plan, now()).unwrap();
    assert_eq!(load_plan(&db, id).unwrap(), Plan { version: Some(2), ..plan.clone() });

    for model in [
        PriceModel::Included {},
        PriceModel::PerIncident { price: 150_000 },
        PriceModel::Hourly { rate: 120_000, increment_minutes: 15, minimum_minutes: 30 },
        PriceModel::Monthly { price: 9_900, basis: MonthlyBasis::PerUser },
    ] {
        plan.pricing.model = model;
        plan.version = None; // each save from the latest copy, without asking
        save_plan(&mut db, Some(id), &plan, now()).unwrap();
        assert_eq!(load_plan(&db, id).unwrap().pricing, plan.pricing);
    }
}

#[test]
fn the_profile_round_trips_with_a_logo() {
    let (mut db, _) = db_with_default();
    let mut p = profile();
    p.logo = Some(Logo::from_bytes(include_bytes!("../../icons/128x128.png")));
    p.relationship = Relationship::IndirectReseller;
    p.provider = Provider {
        name: "Distributör Nord AB".into(),
        support_contact: "+46 10 100 00 00".into(),
        escalation: "Portal: partner.example.com".into(),
    };
    save_profile(&mut db, &p, now()).unwrap();
    let back = load_profile(&db).unwrap();
    assert_eq!(back, Profile { version: Some(2), ..p.clone() });
    assert_eq!(back.logo.unwrap().dimensions(), Some((128, 128)));
}

/// One validation rule per line: change a valid plan, expect exactly one problem.
#[test]
fn plan_rules() {
    type Edit = fn(&mut Plan);
    let cases: &[(&str, Edit, &str, ProblemCode)] = &[
        ("empty name", |p| p.name = "  ".into(), "name", ProblemCode::Required),
        ("long name", |p| p.name.en = "x".repeat(81), "name.en", ProblemCode::TooLong),
        (
            "control character",
            |p| p.name.sv = "Bas\u{7}ic".into(),
            "name.sv",
            ProblemCode::ControlCharacters,
        ),
        (
            "outsourced without company",
            |p| p.support.model = SupportModel::Outsourced,
            "support.company",
            ProblemCode::Required,
        ),
        (
            "bad time zone",
            |p| p.hours.time_zone = "Europe/Stokholm".into(),
            "hours.timeZone",
            ProblemCode::InvalidTimeZone,
        ),
        (
            "window ends before it starts",
            |p| p.hours.windows[0].end = "07:00".parse().unwrap(),
            "hours.windows[0].end",
            ProblemCode::WindowOrder,
        ),
        (
            "overlapping windows",
            |p| {
                p.hours.windows.push(Window {
                    day: Day::Mon,
                    start: "16:00".parse().unwrap(),
                    end: "18:00".parse().unwrap(),
                })
            },
            "hours.windows[5].start",
            ProblemCode::WindowOverlap,
        ),
        (
            "same closed day twice",
            |p| p.hours.closed_days = vec![closed("2027-01-02"), closed("2027-01-02")],
            "hours.closedDays[1].date",
            ProblemCode::DuplicateDate,
        ),
        (
            "shortened day closing at midnight",
            |p| {
                p.hours.closed_days = vec![ClosedDay {
                    closes_at: Some("00:00".parse().unwrap()),
                    ..closed("2027-01-02")
                }]
            },
            "hours.closedDays[0].closesAt",
            ProblemCode::ClosesAtOutsideHours,
        ),
        ("no contact", |p| p.contacts.clear(), "contacts", ProblemCode::NoContacts),
        (
            "portal without address",
            |p| p.contacts[0].method = ContactKind::Portal,
            "contacts[0].address",
            ProblemCode::Required,
        ),
        (
            "bad e-mail",
            |p| p.contacts[1].address = "support.example.se".into(),
            "contacts[1].address",
            ProblemCode::InvalidEmail,
        ),
        (
            "bad phone",
            |p| p.contacts[0].address = "call us".into(),
            "contacts[0].address",
            ProblemCode::InvalidPhone,
        ),
        (
            "bad currency",
            |p| p.pricing.currency = "kr".into(),
            "pricing.currency",
            ProblemCode::InvalidCurrency,
        ),
        (
            "free incident",
            |p| p.pricing.model = PriceModel::PerIncident { price: 0 },
            "pricing.model.price",
            ProblemCode::NotPositive,
        ),
        (
            "increment of 90 minutes",
            |p| {
                p.pricing.model =
                    PriceModel::Hourly { rate: 1, increment_minutes: 90, minimum_minutes: 0 }
            },
            "pricing.model.incrementMinutes",
            ProblemCode::OutOfRange,
        ),
        (
            "block of no hours",
            |p| {
                p.pricing.model = PriceModel::Block {
                    hours: 0,
                    price: 1,
                    rollover: false,
                    overage_rate: 1,
                    low_balance_hours: None,
                }
            },
            "pricing.model.hours",
            ProblemCode::NotPositive,
        ),
        ("no severity", |p| p.severities.clear(), "severities", ProblemCode::NoSeverities),
        (
            "same code twice",
            |p| p.severities[1].code = "a".into(),
            "severities[1].code",
            ProblemCode::DuplicateCode,
        ),
        (
            "zero target",
            |p| p.severities[0].resolution_minutes = 0,
            "severities[0].resolutionMinutes",
            ProblemCode::NotPositive,
        ),
        (
            "response after resolution",
            |p| p.severities[0].first_response_minutes = 9 * 60,
            "severities[0].firstResponseMinutes",
            ProblemCode::ResponseAfterResolution,
        ),
        (
            "empty scope item",
            |p| p.scope.excluded.push(Bilingual::default()),
            "scope.excluded[4]",
            ProblemCode::Required,
        ),
        ("archived default", |p| p.archived = true, "archived", ProblemCode::DefaultArchived),
    ];
    let valid = default_plan(&swedish());
    assert!(valid.problems().is_empty());
    for (name, edit, field, code) in cases {
        let mut plan = valid.clone();
        edit(&mut plan);
        let problems = plan.problems();
        assert_eq!(problems.len(), 1, "{name}: {problems:?}");
        assert_eq!((problems[0].field.as_str(), problems[0].code), (*field, *code), "{name}");
        assert!(!problems[0].message.is_empty());
    }
}

fn closed(date: &str) -> ClosedDay {
    ClosedDay { date: date.parse().unwrap(), label: Bilingual::default(), closes_at: None }
}

#[test]
fn profile_rules() {
    type Edit = fn(&mut Profile);
    let cases: &[(&str, Edit, &str, ProblemCode)] = &[
        (
            "bad website",
            |p| p.support_website = "support example".into(),
            "supportWebsite",
            ProblemCode::InvalidWebsite,
        ),
        (
            "bad e-mail",
            |p| p.support_email = "a@b".into(),
            "supportEmail",
            ProblemCode::InvalidEmail,
        ),
        (
            "bad phone",
            |p| p.support_phone = "ring oss".into(),
            "supportPhone",
            ProblemCode::InvalidPhone,
        ),
        (
            "reseller without provider",
            |p| {
                p.relationship = Relationship::IndirectReseller;
                p.provider.support_contact = "x".into()
            },
            "provider.name",
            ProblemCode::Required,
        ),
        (
            "other route unnamed",
            |p| p.microsoft_route = MicrosoftRoute::Other,
            "microsoftRouteOther",
            ProblemCode::Required,
        ),
        (
            "logo that is text",
            |p| p.logo = Some(Logo { mime: "image/png".into(), data: "aGVsbG8=".into() }),
            "logo",
            ProblemCode::LogoFormat,
        ),
        (
            "logo too large",
            |p| p.logo = Some(Logo::from_bytes(&vec![0u8; 600 * 1024])),
            "logo",
            ProblemCode::LogoTooLarge,
        ),
        (
            "logo too small",
            |p| p.logo = Some(Logo::from_bytes(&tiny_png(8, 8))),
            "logo",
            ProblemCode::LogoDimensions,
        ),
    ];
    assert!(profile().problems().is_empty());
    for (name, edit, field, code) in cases {
        let mut p = profile();
        edit(&mut p);
        let problems = p.problems();
        assert_eq!(problems.len(), 1, "{name}: {problems:?}");
        assert_eq!((problems[0].field.as_str(), problems[0].code), (*field, *code), "{name}");
    }
}

/// The first bytes of a PNG of the given size (enough for the header check).
fn tiny_png(w: u32, h: u32) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    b.extend(w.to_be_bytes());
    b.extend(h.to_be_bytes());
    b.extend([8, 6, 0, 0, 0]);
    b
}

#[test]
fn store_rules_names_default_archive_delete() {
    let (mut db, standard) = db_with_default();
    let copy = duplicate_plan(&mut db, standard, now()).unwrap();
    let copy_plan = load_plan(&db, copy).unwrap();
    assert_eq!(copy_plan.name, Bilingual::same("Standard (2)"));
    assert!(!copy_plan.is_default);

    // A taken name, case-insensitively.
    let mut clash = copy_plan.clone();
    clash.name = "STANDARD".into();
    let err = save_plan(&mut db, Some(copy), &clash, now()).unwrap_err();
    assert!(matches!(&err, Error::Invalid(p) if p[0].code == ProblemCode::NameTaken), "{err:?}");

    // Making the copy the default takes it from the other plan.
    let mut premium = copy_plan.clone();
    premium.is_default = true;
    save_plan(&mut db, Some(copy), &premium, now()).unwrap();
    assert!(!load_plan(&db, standard).unwrap().is_default);

    // The default cannot be un-defaulted, archived or deleted; the other can.
    premium.is_default = false;
    premium.version = load_plan(&db, copy).unwrap().version;
    assert_eq!(
        save_plan(&mut db, Some(copy), &premium, now()).unwrap_err().field(),
        Some("isDefault")
    );
    assert_eq!(
        set_plan_archived(&mut db, copy, true, now()).unwrap_err().field(),
        Some("archived")
    );
    assert_eq!(delete_plan(&mut db, copy).unwrap_err().kind(), ErrorKind::Validation);
    set_plan_archived(&mut db, standard, true, now()).unwrap();
    assert!(list_plans(&db).unwrap().iter().any(|p| p.id == standard && p.archived));

    // A plan a customer uses is not deleted.
    db.conn()
        .execute(
            "INSERT INTO customer (name, plan_id, created_at) VALUES ('Kund AB', ?1, 0)",
            cspdesk::params![standard],
        )
        .unwrap();
    let err = delete_plan(&mut db, standard).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert!(err.to_string().contains("archive it instead"), "{err}");
    assert_eq!(load_plan(&db, 9999).unwrap_err().kind(), ErrorKind::NotFound);
}

#[test]
fn a_severity_used_by_calls_survives_edits_and_cannot_be_removed() {
    let (mut db, id) = db_with_default();
    let severity_id: i64 =
        db.conn().query_row("SELECT id FROM severity WHERE code = 'B'", &[], |r| r.get(0)).unwrap();
    db.conn()
        .execute_batch(&format!(
            "INSERT INTO customer (id, name, plan_id, created_at) VALUES (1, 'Kund AB', {id}, 0);
             INSERT INTO call (customer_id, received_at, channel, service, severity_id, summary, updated_at)
             VALUES (1, 0, 'phone', 'teams', {severity_id}, 'Teams', 0);"
        ))
        .unwrap();
    let mut plan = load_plan(&db, id).unwrap();
    plan.severities.reverse();
    plan.severities[1].name = "Medel".into();
    save_plan(&mut db, Some(id), &plan, now()).unwrap();
    let (code, name): (String, String) = db
        .conn()
        .query_row(
            "SELECT code, name_sv FROM severity WHERE id = ?1",
            cspdesk::params![severity_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (code.as_str(), name.as_str()),
        ("B", "Medel"),
        "the call's severity row was kept and updated"
    );

    plan.severities.retain(|s| s.code != "B");
    let err = save_plan(&mut db, Some(id), &plan, now()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert_eq!(load_plan(&db, id).unwrap().severities.len(), 3, "nothing was written");
}

fn rich_offering() -> Db {
    let (mut db, id) = db_with_default();
    let mut p = profile();
    p.logo = Some(Logo::from_bytes(include_bytes!("../../icons/32x32.png")));
    save_profile(&mut db, &p, now()).unwrap();
    let copy = duplicate_plan(&mut db, id, now()).unwrap();
    let mut premium = load_plan(&db, copy).unwrap();
    premium.name = "Premium ø æ ő ř".into();
    premium.pricing.model =
        PriceModel::Hourly { rate: 125_000, increment_minutes: 15, minimum_minutes: 30 };
    premium.hours.closed_days.push(ClosedDay {
        date: "2027-04-30".parse().unwrap(),
        label: "Valborg".into(),
        closes_at: Some(t("13:00")),
    });
    save_plan(&mut db, Some(copy), &premium, now()).unwrap();
    db
}

#[test]
fn export_import_export_is_byte_identical() {
    let db = rich_offering();
    let first = export(&db).unwrap();
    let mut other = crate::fresh_db();
    let summary = import(&mut other, first.as_bytes(), now()).unwrap();
    assert_eq!(summary.created.len(), 2);
    let second = export(&other).unwrap();
    assert_eq!(first, second);

    // Importing into the database it came from updates in place.
    let mut same = rich_offering();
    let summary = import(&mut same, first.as_bytes(), now()).unwrap();
    assert_eq!(summary.updated.len(), 2);
    assert_eq!(export(&same).unwrap(), first);
}

/// A version-1 file (one string per text, in the profile's document language) still imports:
/// its texts land in that language, and the starter plan's texts get both.
#[test]
fn a_version_1_file_imports_its_texts_in_the_document_language() {
    let v1 = r#"{
      "format": "cspdesk-offering",
      "version": 1,
      "profile": {
        "legalName": "Nordlys IT AB", "registrationNumber": "556677-8899",
        "postalAddress": "Storgatan 1\n111 22 Stockholm", "supportWebsite": "",
        "supportEmail": "", "supportPhone": "", "logo": null, "relationship": "directBill",
        "provider": { "name": "", "supportContact": "", "escalation": "" },
        "microsoftRoute": "partnerCenter", "microsoftRouteOther": "", "documentLanguage": "sv"
      },
      "plans": [{
        "name": "Standard", "description": "Support för era Microsoft-molntjänster under kontorstid.",
        "isDefault": true, "archived": false,
        "support": { "model": "direct", "company": "", "parts": "" },
        "hours": { "timeZone": "Europe/Stockholm",
                   "windows": [{ "day": "mon", "start": "08:00", "end": "17:00" }],
                   "holidays": "SE",
                   "closedDays": [{ "date": "2027-04-30", "label": "Valborgsmässoafton", "closesAt": "13:00" }] },
        "contacts": [{ "method": "phone", "address": "+46 8 555 000 00", "availability": "serviceHours", "note": "Växel" }],
        "pricing": { "currency": "SEK", "vatIncluded": false, "model": { "kind": "included" } },
        "severities": [
          { "code": "A", "name": "Kritisk", "description": "Egen beskrivning", "firstResponseMinutes": 60,
            "resolutionMinutes": 480, "clock": "serviceHours" }
        ],
        "scope": { "included": ["Köp, ändring och uppsägning av prenumerationer"], "excluded": ["Skrivare"] },
        "escalatedBy": "partner"
      }]
    }"#;
    let file = parse(v1.as_bytes()).expect("version 1 is read");
    // A text that is not a string is named with its path, in version-1 terms.
    let bad = v1.replace(r#""label": "Valborgsmässoafton""#, r#""label": 5"#);
    let err = parse(bad.as_bytes()).unwrap_err();
    assert_eq!(err.field(), Some("plans[0].hours.closedDays[0].label"), "{err}");
    assert!(err.to_string().contains("expected a string"), "{err}");
    assert_eq!(file.version, cspdesk::offering::file::VERSION);
    let plan = &file.plans[0];
    assert_eq!(plan.name, Bilingual::same("Standard"));
    assert_eq!(
        plan.description.get(Language::En),
        "Support for your Microsoft cloud services during office hours."
    );
    assert_eq!(
        plan.hours.closed_days[0].label,
        Bilingual::only(Language::Sv, "Valborgsmässoafton")
    );
    assert_eq!(plan.contacts[0].note, Bilingual::only(Language::Sv, "Växel"));
    assert_eq!(plan.severities[0].name, Bilingual::new("Kritisk", "Critical"));
    assert_eq!(plan.severities[0].description, Bilingual::only(Language::Sv, "Egen beskrivning"));
    assert_eq!(
        plan.scope.included[0].get(Language::En),
        "Buying, changing and cancelling subscriptions"
    );
    assert_eq!(plan.scope.excluded[0], Bilingual::only(Language::Sv, "Skrivare"));
    let mut db = crate::fresh_db();
    import(&mut db, v1.as_bytes(), now()).unwrap();
    let (_, stored) = plan_by_name(&db, "standard").unwrap().unwrap();
    assert_eq!(&Plan { version: None, ..stored.clone() }, plan);
    // What is missing in English is what the partner wrote in Swedish only.
    assert_eq!(
        cspdesk::terms::missing_texts(&stored, Language::En),
        [
            "hours.closedDays[0].label",
            "contacts[0].note",
            "severities[0].description",
            "scope.excluded[0]"
        ]
    );
    assert!(cspdesk::terms::missing_texts(&stored, Language::Sv).is_empty());
}

#[test]
fn a_malformed_file_changes_nothing_and_names_the_json_path() {
    let mut db = rich_offering();
    let before = export(&db).unwrap();
    let good: serde_json::Value = serde_json::from_str(&before).unwrap();
    let edit = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut v = good.clone();
        f(&mut v);
        serde_json::to_string(&v).unwrap()
    };
    let cases: Vec<(&str, String, &str)> = vec![
        ("not JSON", "{ \"format\": ".into(), "file"),
        ("another format", edit(&|v| v["format"] = "something-else".into()), "format"),
        (
            "a newer version",
            edit(&|v| v["version"] = (cspdesk::offering::file::VERSION + 1).into()),
            "version",
        ),
        (
            "unknown field",
            edit(&|v| v["plans"][1]["hours"]["colour"] = "blue".into()),
            "plans[1].hours",
        ),
        (
            "wrong type",
            edit(&|v| v["plans"][0]["severities"][2]["resolutionMinutes"] = "soon".into()),
            "plans[0].severities[2].resolutionMinutes",
        ),
        (
            "bad time",
            edit(&|v| v["plans"][0]["hours"]["windows"][0]["end"] = "25:00".into()),
            "plans[0].hours.windows[0].end",
        ),
        (
            "unknown price model",
            edit(&|v| v["plans"][0]["pricing"]["model"]["kind"] = "barter".into()),
            "plans[0].pricing.model",
        ),
        (
            "rule broken",
            edit(&|v| v["plans"][1]["severities"][0]["code"] = "B".into()),
            "plans[1].severities[1].code",
        ),
        ("two defaults", edit(&|v| v["plans"][1]["isDefault"] = true.into()), "plans"),
        (
            "two plans, one name",
            edit(&|v| v["plans"][1]["name"]["en"] = "standard".into()),
            "plans[1].name.en",
        ),
        (
            "bad profile",
            edit(&|v| v["profile"]["supportEmail"] = "nope".into()),
            "profile.supportEmail",
        ),
    ];
    for (name, json, field) in cases {
        let err = import(&mut db, json.as_bytes(), now()).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Validation, "{name}: {err}");
        let got = err.field().unwrap_or_default();
        assert!(
            got.starts_with(field),
            "{name}: the error names {got:?}, expected {field:?} ({err})"
        );
        assert_eq!(export(&db).unwrap(), before, "{name}: the offering changed");
    }
    assert!(parse(before.as_bytes()).is_ok());
}

#[test]
fn import_refuses_to_drop_a_plan_customers_use() {
    let mut db = rich_offering();
    let before = export(&db).unwrap();
    let premium = list_plans(&db).unwrap().into_iter().find(|p| !p.is_default).unwrap();
    db.conn()
        .execute(
            "INSERT INTO customer (name, plan_id, created_at) VALUES ('Kund AB', ?1, 0)",
            cspdesk::params![premium.id],
        )
        .unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&before).unwrap();
    v["plans"].as_array_mut().unwrap().pop();
    let err = import(&mut db, v.to_string().as_bytes(), now()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert_eq!(err.problems()[0].code, cspdesk::problem::ProblemCode::PlanMissingFromFile);
    assert!(err.to_string().contains("is not in the file"), "{err}");
    assert_eq!(export(&db).unwrap(), before);
}

#[test]
fn upcoming_closed_days_merge_holidays_and_own_days_on_open_weekdays() {
    let mut plan = default_plan(&swedish());
    plan.hours.closed_days = vec![
        ClosedDay {
            date: "2026-12-23".parse().unwrap(),
            label: "Julstädning".into(),
            closes_at: Some(t("13:00")),
        },
        // Our own label wins over the national one on the same date.
        ClosedDay { date: "2026-12-24".parse().unwrap(), label: "Stängt".into(), closes_at: None },
        // A Saturday: the plan is closed anyway, so it is not listed.
        ClosedDay { date: "2026-12-19".parse().unwrap(), label: "Lördag".into(), closes_at: None },
    ];
    let days = upcoming_closed_days(
        &plan.hours,
        "2026-12-01".parse().unwrap(),
        "2027-12-31".parse().unwrap(),
        6,
        Language::Sv,
    );
    let got: Vec<(String, &str, bool)> =
        days.iter().map(|d| (d.date.to_string(), d.label.as_str(), d.public_holiday)).collect();
    assert_eq!(
        got,
        [
            ("2026-12-23".to_string(), "Julstädning", false),
            ("2026-12-24".to_string(), "Stängt", false),
            ("2026-12-25".to_string(), "Juldagen", true),
            // 26 December 2026 is a Saturday: not listed.
            ("2026-12-31".to_string(), "Nyårsafton", true),
            ("2027-01-01".to_string(), "Nyårsdagen", true),
            ("2027-01-06".to_string(), "Trettondedag jul", true),
        ]
    );
    assert_eq!(days[0].closes_at, Some(t("13:00")));

    plan.hours.holidays = Some(Country::US);
    let days = upcoming_closed_days(
        &plan.hours,
        "2027-12-01".parse().unwrap(),
        "2027-12-31".parse().unwrap(),
        10,
        Language::En,
    );
    assert!(
        days.iter()
            .any(|d| d.label == "New Year's Day (observed)" && d.date.to_string() == "2027-12-31"),
        "{days:?}"
    );
    assert_eq!(one_year_after("2028-02-29".parse().unwrap()).to_string(), "2029-02-28");
}

#[test]
fn the_documented_example_is_a_valid_offering_file() {
    let doc = include_str!("../../docs/offering-format.md");
    let start = doc.find("```json\n").expect("an example") + "```json\n".len();
    let end = start + doc[start..].find("```").unwrap();
    let mut db = crate::fresh_db();
    let example = &doc.as_bytes()[start..end];
    assert_eq!(
        parse(example).unwrap().version,
        cspdesk::offering::file::VERSION,
        "the current version"
    );
    let summary = import(&mut db, example, now()).unwrap();
    assert_eq!(summary.created, ["Standard"]);
    let (_, plan) = plan_by_name(&db, "Standard").unwrap().unwrap();
    assert_eq!(cspdesk::terms::missing_texts(&plan, Language::En), ["scope.excluded[0]"]);
    assert_eq!(load_profile(&db).unwrap().relationship, Relationship::IndirectReseller);
}

/// A new plan starts from the partner's own settings (its default plan's), not the computer's.
#[test]
fn a_new_plan_starts_from_the_partners_own_settings() {
    let (mut db, standard) = db_with_default();
    let mut own = load_plan(&db, standard).unwrap();
    own.hours.time_zone = "Europe/Oslo".into();
    own.hours.holidays = Some(Country::NO);
    own.hours.customary_days = ServiceHours::default_customary_days(Some(Country::NO));
    own.hours.windows.truncate(2);
    own.pricing.currency = "NOK".into();
    own.pricing.vat_included = true;
    own.contacts[0].address = "+47 22 00 00 00".into();
    save_plan(&mut db, Some(standard), &own, now()).unwrap();

    let computer = Defaults { time_zone: "UTC".into(), country: None, language: Language::En };
    let new = new_plan(&db, &computer).unwrap();
    assert!(new.name.is_empty() && !new.is_default);
    assert_eq!(new.hours, own.hours);
    assert_eq!(new.contacts, own.contacts);
    assert_eq!((new.pricing.currency.as_str(), new.pricing.vat_included), ("NOK", true));
    assert_eq!(
        new.severities, own.severities,
        "the starter's targets and texts, in both languages"
    );
    assert_eq!(new.severities[0].name, Bilingual::new("Kritisk", "Critical"));

    let empty = crate::fresh_db();
    let new = new_plan(&empty, &computer).unwrap();
    assert_eq!((new.hours.time_zone.as_str(), new.pricing.currency.as_str()), ("UTC", "EUR"));
}

/// Who escalates follows the profile's relationship; a plan that says otherwise gets a warning
/// (not an error), and the sheet never says both.
#[test]
fn escalation_follows_the_relationship_and_a_contrary_plan_is_warned() {
    let mut indirect = profile();
    indirect.relationship = Relationship::IndirectReseller;
    indirect.provider.name = "Distributör Nord AB".into();
    indirect.provider.support_contact = "+46 10 100 00 00".into();
    let mut plan = default_plan(&swedish());
    plan.escalated_by = EscalatedBy::Partner;
    assert_eq!(escalation_route(&indirect), EscalatedBy::Provider);
    let warnings = plan_warnings(&indirect, &plan);
    assert_eq!(warnings.len(), 1);
    assert_eq!(
        (warnings[0].field.as_str(), warnings[0].code),
        ("escalatedBy", ProblemCode::EscalationFollowsProvider)
    );
    assert_eq!(warnings[0].params["provider"], "Distributör Nord AB");
    assert!(plan.problems().is_empty(), "a warning does not stop saving");
    plan.escalated_by = EscalatedBy::Provider;
    assert!(plan_warnings(&indirect, &plan).is_empty());

    let direct = profile();
    assert_eq!(direct.relationship, Relationship::DirectBill);
    assert_eq!(plan_warnings(&direct, &plan)[0].code, ProblemCode::EscalationFollowsPartner);

    // The sheet of the contrary plan names the provider, never "ourselves".
    plan.escalated_by = EscalatedBy::Partner;
    for lang in [Language::Sv, Language::En] {
        let sheet = cspdesk::terms::Sheet {
            profile: &indirect,
            plan: &plan,
            customer: None,
            language: lang,
            paper: cspdesk::terms::Paper::A4,
            effective: "2026-11-24".parse().unwrap(),
        };
        let text = cspdesk::terms::render(&sheet).unwrap().strings.join(" ");
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            !text.contains("to Microsoft ourselves") && !text.contains("lämnar vi själva över"),
            "{lang:?}: {text}"
        );
        assert!(
            text.contains("escalates them to Microsoft")
                || text.contains("som eskalerar dem till Microsoft"),
            "{lang:?}: {text}"
        );
    }
}

/// The first-start checklist: each step is done by what the partner did, and stays done.
#[test]
fn first_steps_follow_what_the_partner_has_done() {
    use cspdesk::info::{first_steps, FirstSteps};
    let (mut db, standard) = db_with_default();
    let none = FirstSteps { profile: false, plan: false, customer: false };
    assert_eq!(first_steps(&db).unwrap(), none, "the starter plan was not saved by the partner");
    let mut p = load_profile(&db).unwrap();
    p.legal_name = "Nordlys IT AB".into();
    save_profile(&mut db, &p, now()).unwrap();
    assert!(!first_steps(&db).unwrap().profile, "a name without a way to reach support");
    p.version = load_profile(&db).unwrap().version;
    p.support_email = "support@nordlys.se".into();
    save_profile(&mut db, &p, now()).unwrap();
    assert!(first_steps(&db).unwrap().profile);
    let plan = load_plan(&db, standard).unwrap();
    save_plan(&mut db, Some(standard), &plan, now()).unwrap();
    assert!(first_steps(&db).unwrap().plan);
    let customer = cspdesk::customers::Customer {
        name: "Åkerlund Bygg AB".into(),
        tenant_domain: String::new(),
        tenant_id: None,
        registration_number: String::new(),
        relationship: cspdesk::customers::CustomerRelationship::Direct,
        plan_id: standard,
        notes: String::new(),
        contacts: Vec::new(),
        language: None,
        version: None,
    };
    cspdesk::customers::add_customer(&mut db, &customer, now()).unwrap();
    let all = first_steps(&db).unwrap();
    assert!(all.done(), "{all:?}");
}

/// Plans in a file are matched to stored plans before anything is written: a file whose plans
/// would land on the same stored plan (one by its Swedish name, one by its English) is refused.
#[test]
fn an_import_whose_plans_name_one_stored_plan_twice_is_refused() {
    let (mut db, standard) = db_with_default();
    let mut basic = load_plan(&db, standard).unwrap();
    basic.name = Bilingual::new("Bas", "Basic");
    basic.is_default = false;
    save_plan(&mut db, None, &basic, now()).unwrap();
    let before = export(&db).unwrap();
    let mut file: serde_json::Value = serde_json::from_str(&before).unwrap();
    let plans = file["plans"].as_array_mut().unwrap();
    let mut english_only = plans[1].clone();
    plans[1]["name"] = serde_json::json!({ "sv": "Bas", "en": "" });
    english_only["name"] = serde_json::json!({ "sv": "", "en": "Basic" });
    plans.push(english_only);
    let err = import(&mut db, file.to_string().as_bytes(), now()).unwrap_err();
    assert_eq!(err.field(), Some("plans[2].name"), "{err}");
    assert_eq!(err.problems()[0].code, ProblemCode::PlanNameAmbiguous);
    assert_eq!(export(&db).unwrap(), before, "nothing was written");
}

#[test]
fn duplicating_a_plan_with_a_non_ascii_capital_twice_gives_free_names() {
    let (mut db, standard) = db_with_default();
    let mut plan = load_plan(&db, standard).unwrap();
    plan.name = Bilingual::new("Årsavtal", "Annual");
    save_plan(&mut db, Some(standard), &plan, now()).unwrap();
    let one = duplicate_plan(&mut db, standard, now()).unwrap();
    let two = duplicate_plan(&mut db, standard, now()).unwrap();
    assert_eq!(load_plan(&db, one).unwrap().name, Bilingual::new("Årsavtal (2)", "Annual (2)"));
    assert_eq!(load_plan(&db, two).unwrap().name, Bilingual::new("Årsavtal (3)", "Annual (3)"));
}

#[test]
fn a_new_plan_of_an_indirect_reseller_escalates_through_its_provider() {
    let (mut db, _) = db_with_default();
    let mut p = profile();
    p.relationship = Relationship::IndirectReseller;
    p.provider.name = "Distributör Nord AB".into();
    p.provider.support_contact = "+46 10 100 00 00".into();
    save_profile(&mut db, &p, now()).unwrap();
    let new = new_plan(&db, &swedish()).unwrap();
    assert_eq!(new.escalated_by, EscalatedBy::Provider);
    assert!(plan_warnings(&p, &new).is_empty());
}

/// The pause rules travel in the offering file (format 3); a format-2 file, written before
/// them, imports with both off, as its clocks counted.
#[test]
fn pause_rules_round_trip_and_a_version_2_file_has_none() {
    let (mut db, id) = db_with_default();
    let mut plan = load_plan(&db, id).unwrap();
    plan.pauses = ClockPauses { waiting_microsoft: true, waiting_provider: true };
    plan.version = None;
    save_plan(&mut db, Some(id), &plan, now()).unwrap();
    let json = export(&db).unwrap();
    assert!(json.contains("\"waitingMicrosoft\": true"), "{json}");
    let (mut other, _) = db_with_default();
    import(&mut other, json.as_bytes(), now()).unwrap();
    assert_eq!(plan_by_name(&other, "Standard").unwrap().unwrap().1.pauses, plan.pauses);

    let mut v2: serde_json::Value = serde_json::from_str(&json).unwrap();
    v2["version"] = 2.into();
    for p in v2["plans"].as_array_mut().unwrap() {
        p.as_object_mut().unwrap().remove("pauses");
    }
    import(&mut other, v2.to_string().as_bytes(), now()).unwrap();
    assert_eq!(plan_by_name(&other, "Standard").unwrap().unwrap().1.pauses, ClockPauses::default());
}

/// Customary days: a file from before format 5 closes what the calendar closed then; a plan's
/// own choices (closed, open until, open) round-trip; days that are not its calendar's are
/// refused with their field.
#[test]
fn a_plan_chooses_its_customary_days() {
    use cspdesk::holidays::Holiday;
    let (mut db, standard) = db_with_default();
    let json = export(&db).unwrap();
    let file: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(file["version"], 5);
    assert_eq!(file["plans"][0]["hours"]["holidays"], "SE");
    assert_eq!(
        file["plans"][0]["hours"]["customaryDays"],
        serde_json::json!([
            { "day": "holy_saturday", "closesAt": null },
            { "day": "midsummer_eve", "closesAt": null },
            { "day": "christmas_eve", "closesAt": null },
            { "day": "new_years_eve", "closesAt": null },
        ]),
        "a new Swedish plan closes the days a Swedish office closes"
    );

    // A format-4 file has no list: its plans close what the calendar closed then.
    let mut old = file.clone();
    old["version"] = 4.into();
    old["plans"][0]["hours"].as_object_mut().unwrap().remove("customaryDays");
    old["plans"][0]["hours"]["holidays"] = "DK".into();
    old["plans"][0]["hours"]["timeZone"] = "Europe/Copenhagen".into();
    let parsed = parse(old.to_string().as_bytes()).unwrap();
    assert_eq!(
        parsed.plans[0].hours.customary_days,
        ServiceHours::default_customary_days(Some(Country::DK))
    );

    // The plan's own choices survive the database and the file.
    let mut plan = load_plan(&db, standard).unwrap();
    plan.hours.customary_days = vec![
        CustomaryDay { day: Holiday::EpiphanyEve, closes_at: Some("13:00".parse().unwrap()) },
        CustomaryDay { day: Holiday::MidsummerEve, closes_at: None },
        CustomaryDay { day: Holiday::AllSaintsEve, closes_at: Some("12:00".parse().unwrap()) },
        CustomaryDay { day: Holiday::ChristmasEve, closes_at: None },
    ];
    save_plan(&mut db, Some(standard), &plan, now()).unwrap();
    let stored = load_plan(&db, standard).unwrap();
    assert_eq!(stored.hours.customary_days, plan.hours.customary_days);
    let exported = export(&db).unwrap();
    assert_eq!(
        parse(exported.as_bytes()).unwrap().plans[0].hours.customary_days,
        plan.hours.customary_days
    );

    // What is not the calendar's, twice, or outside the day is refused, naming the field.
    let mut bad = stored.clone();
    bad.hours.customary_days = vec![
        CustomaryDay { day: Holiday::DayAfterThanksgiving, closes_at: None },
        CustomaryDay { day: Holiday::ChristmasEve, closes_at: None },
        CustomaryDay { day: Holiday::ChristmasEve, closes_at: Some("24:00".parse().unwrap()) },
    ];
    let Err(Error::Invalid(problems)) = save_plan(&mut db, Some(standard), &bad, now()) else {
        panic!("saved a plan with a US customary day on a Swedish calendar")
    };
    let found: Vec<(&str, ProblemCode)> =
        problems.iter().map(|p| (p.field.as_str(), p.code)).collect();
    assert_eq!(
        found,
        [
            ("hours.customaryDays[0].day", ProblemCode::NotCustomaryDay),
            ("hours.customaryDays[2].day", ProblemCode::DuplicateCustomaryDay),
            ("hours.customaryDays[2].closesAt", ProblemCode::ClosesAtOutsideHours),
        ]
    );
    assert!(
        problems[0].message.contains("Twelfth Night, Maundy Thursday"),
        "{}",
        problems[0].message
    );
    assert_eq!(load_plan(&db, standard).unwrap().hours.customary_days, plan.hours.customary_days);

    // Without a calendar there are no customary days to choose.
    let mut none = stored;
    none.hours.holidays = None;
    assert!(matches!(save_plan(&mut db, Some(standard), &none, now()), Err(Error::Invalid(_))));
}

/// The editor's preview shows the customary days as the plan has them.
#[test]
fn customary_days_show_in_the_preview_as_the_plan_has_them() {
    use chrono::NaiveDate;
    use cspdesk::holidays::Holiday;
    let (db, standard) = db_with_default();
    let mut plan = load_plan(&db, standard).unwrap();
    plan.hours.customary_days = vec![
        CustomaryDay { day: Holiday::WalpurgisNight, closes_at: Some("13:00".parse().unwrap()) },
        CustomaryDay { day: Holiday::AllSaintsEve, closes_at: Some("13:00".parse().unwrap()) },
        CustomaryDay { day: Holiday::ChristmasEve, closes_at: None },
    ];
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    let days =
        upcoming_closed_days(&plan.hours, d("2027-04-01"), d("2027-12-31"), 50, Language::En);
    let find = |date: &str| days.iter().find(|x| x.date == d(date));
    assert_eq!(find("2027-04-30").unwrap().closes_at, Some("13:00".parse().unwrap()));
    assert_eq!(find("2027-04-30").unwrap().label, "Walpurgis Night");
    assert_eq!(find("2027-11-05").unwrap().label, "All Saints' Eve");
    assert_eq!(find("2027-12-24").unwrap().closes_at, None);
    assert!(find("2027-06-25").is_none(), "Midsummer Eve is open as usual in this plan");
    assert!(find("2027-12-31").is_none(), "so is New Year's Eve");
}
