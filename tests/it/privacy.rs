//! Requests about a person: access, anonymising with redaction, erasing with their calls, the
//! erasure log, and no trace left in the file, its write-ahead log or the search index.

use std::path::Path;

use cspdesk::calls::{apply, Action, CallFilter};
use cspdesk::customers::{add_customer, get_customer, Contact};
use cspdesk::privacy::{
    anonymise, erase_with_calls, erasure_log, find_people, person_record, ErasureKind, REDACTED,
};
use cspdesk::problem::ProblemCode;
use cspdesk::{Db, Error};

use crate::calls::{call, customer, setup_on, t};

const NAME: &str = "Åsa Lindqvist-Berg";
const EMAIL: &str = "asa.lindqvist-berg@fjallbygg.se";

/// A customer with two contacts: Åsa (who raised a call, is mentioned in Olle's and in a time
/// note, the customer's notes and her own call's texts) and Olle. Returns (customer, Åsa, Olle,
/// Åsa's call, Olle's call).
fn desk(db: &mut Db) -> (i64, i64, i64, i64, i64) {
    let (plan, _) = setup_on(db);
    let mut c = customer("Fjällbygg AB", plan);
    c.tenant_domain = "fjallbygg.onmicrosoft.com".into();
    c.tenant_id = None;
    c.notes = format!("{NAME} decides on licences.");
    c.contacts = vec![
        Contact {
            id: None,
            name: NAME.into(),
            email: EMAIL.into(),
            phone: "+46 70 123 45 67".into(),
            role: "Ekonomichef".into(),
            may_request_changes: true,
            anonymised: false,
        },
        Contact {
            id: None,
            name: "Olle Ek".into(),
            email: "olle@fjallbygg.se".into(),
            phone: String::new(),
            role: String::new(),
            may_request_changes: false,
            anonymised: false,
        },
    ];
    let id = add_customer(db, &c, t("2026-11-02 09:00")).unwrap();
    let contacts = get_customer(db, id).unwrap().contacts;
    let id_of = |name: &str| contacts.iter().find(|c| c.name == name).and_then(|c| c.id).unwrap();
    let (asa, olle) = (id_of(NAME), id_of("Olle Ek"));

    let mut hers = call(id, "2026-11-03 09:00", "B", "Cannot sign in");
    hers.contact_id = Some(asa);
    hers.contact_name = String::new();
    hers.description = format!("{NAME} is locked out; reach her at {EMAIL}.");
    let hers = cspdesk::calls::log_call(db, &hers, t("2026-11-03 09:00")).unwrap();
    let note = format!("Walked {} through the reset", NAME.to_uppercase());
    let at = t("2026-11-03 10:00");
    let act = |a: Action| vec![a];
    apply(
        db,
        hers,
        &act(Action::Troubleshoot { notes: "Checked the sign-in logs".into() }),
        at,
        at,
    )
    .unwrap();
    apply(db, hers, &act(Action::Time { minutes: 45, billable: true, note }), at, at).unwrap();

    let mut his = call(id, "2026-11-04 09:00", "C", "Shared mailbox");
    his.contact_id = Some(olle);
    his.contact_name = String::new();
    his.description = format!("Olle needs the same mailbox as {NAME}.");
    let his = cspdesk::calls::log_call(db, &his, t("2026-11-04 09:00")).unwrap();
    // Taken by phone before she was saved as a contact: her name, no link.
    let mut named = call(id, "2026-11-05 09:00", "C", "Printer offline");
    named.contact_name = NAME.to_uppercase();
    named.description = "Printer on floor 2".into();
    cspdesk::calls::log_call(db, &named, t("2026-11-05 09:00")).unwrap();
    (id, asa, olle, hers, his)
}

fn text_of(db: &Db, call: i64) -> String {
    db.conn()
        .query_row(
            "SELECT summary || ' ' || description || ' ' || troubleshooting_notes FROM call WHERE id = ?1",
            cspdesk::params![call],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn access_lists_what_is_held_and_anonymising_keeps_the_calls_and_redacts_every_mention() {
    let mut db = crate::fresh_db();
    let (customer, asa, olle, hers, his) = desk(&mut db);

    let found = find_people(&db, "lindqvist").unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].contact_id, found[0].calls, found[0].anonymised), (asa, 2, false));
    assert_eq!(find_people(&db, "ÅSA LINDQVIST").unwrap().len(), 1, "any case");
    assert_eq!(find_people(&db, "@fjallbygg.se").unwrap().len(), 2);
    let err = find_people(&db, "  ").unwrap_err();
    assert!(matches!(&err, Error::Invalid(p) if p[0].field == "text"), "{err:?}");

    let record = person_record(&db, asa).unwrap();
    assert_eq!(record.calls.len(), 2, "hers, and the one taken under her name");
    assert_eq!(record.calls[0].id, hers);
    assert_eq!(record.role, "Ekonomichef");
    let places: Vec<(&str, &str)> =
        record.mentions.iter().map(|m| (m.table.as_str(), m.field.as_str())).collect();
    assert_eq!(
        places,
        [("call", "description"), ("time_entry", "note"), ("customer", "notes")],
        "Olle's call, the time note on hers, the customer's notes (her own call is listed above)"
    );
    assert_eq!(record.mentions[0].call_id, Some(his));

    let erased = anonymise(&mut db, asa, true, t("2026-11-20 12:00")).unwrap();
    let kinds: Vec<ErasureKind> = erased.logged.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, [ErasureKind::Anonymise, ErasureKind::Redact]);
    assert_eq!(erased.logged[1].records, 4, "her call's description, Olle's, the note, the notes");
    assert!(erased.mentions.is_empty());

    // The calls and the time stay: billing and the SLA figures do not change.
    let after = person_record(&db, asa).unwrap();
    assert!(
        after.person.anonymised && after.person.name.is_empty() && after.person.email.is_empty()
    );
    assert_eq!(after.calls.len(), 1, "the call under her name is hers no more: the name is gone");
    let minutes: i64 = db
        .conn()
        .query_row(
            "SELECT sum(minutes) FROM time_entry WHERE call_id = ?1",
            cspdesk::params![hers],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(minutes, 45);
    for call in [hers, his] {
        let text = text_of(&db, call);
        assert!(!text.to_lowercase().contains("lindqvist"), "{text}");
        assert!(text.contains(REDACTED), "{text}");
    }
    assert_eq!(
        get_customer(&db, customer).unwrap().notes,
        format!("{REDACTED} decides on licences.")
    );
    assert!(find_people(&db, "lindqvist").unwrap().is_empty());
    // The customer can still be saved, and an anonymised contact cannot be named again.
    let mut c = get_customer(&db, customer).unwrap();
    let at = c.contacts.iter().position(|k| k.id == Some(asa)).unwrap();
    assert!(c.contacts[at].anonymised && c.contacts[at].name.is_empty());
    c.contacts[at].name = "Someone".into();
    cspdesk::customers::update_customer(&mut db, customer, &c, t("2026-11-21 09:00")).unwrap();
    let again = get_customer(&db, customer).unwrap();
    assert!(again.contacts.iter().any(|k| k.id == Some(asa) && k.anonymised && k.name.is_empty()));
    assert_eq!(find_people(&db, "olle").unwrap()[0].contact_id, olle, "Olle is untouched");

    // The log says what, when, by whom and how much; never who.
    let log = erasure_log(&db).unwrap();
    assert_eq!(log.len(), 2);
    assert!(log.iter().all(|e| e.contact_id == asa && e.customer_id == customer));
    let json = serde_json::to_string(&log).unwrap();
    assert!(!json.to_lowercase().contains("lindqvist") && !json.contains("Åsa"), "{json}");
}

#[test]
fn erasing_with_calls_is_refused_for_a_closed_month_and_otherwise_takes_their_history() {
    let mut db = crate::fresh_db();
    let (_, asa, olle, hers, his) = desk(&mut db);
    // October is closed; a call of Olle's with time billed in it.
    let mut old =
        call(get_customer(&db, 1).map(|_| 1).unwrap_or(1), "2026-10-05 09:00", "C", "Printer");
    old.customer_id = db
        .conn()
        .query_row("SELECT customer_id FROM contact WHERE id = ?1", cspdesk::params![olle], |r| {
            r.get(0)
        })
        .unwrap();
    old.contact_id = Some(olle);
    old.contact_name = String::new();
    let old = cspdesk::calls::log_call(&mut db, &old, t("2026-10-05 09:00")).unwrap();
    let at = t("2026-10-05 10:00");
    apply(
        &mut db,
        old,
        &[Action::Time { minutes: 30, billable: true, note: String::new() }],
        at,
        at,
    )
    .unwrap();
    cspdesk::billing::close_month(&mut db, "2026-10".parse().unwrap(), t("2026-11-20 12:00"))
        .unwrap();

    let before = cspdesk::db::copy::checksums(&db).unwrap();
    let err = erase_with_calls(&mut db, olle, false, t("2026-11-20 12:00")).unwrap_err();
    match &err {
        Error::Conflict(p) => {
            assert_eq!((p.field.as_str(), p.code), ("calls", ProblemCode::CallInClosedMonth));
            assert_eq!(p.params["month"], "2026-10");
            assert_eq!(p.params["call"], old.to_string());
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(cspdesk::db::copy::checksums(&db).unwrap(), before, "nothing changed");

    // Åsa's calls are all in November: they go, with their history and time.
    let erased = erase_with_calls(&mut db, asa, false, t("2026-11-20 12:00")).unwrap();
    assert_eq!(erased.logged.len(), 1);
    assert_eq!(erased.logged[0].kind, ErasureKind::Erase);
    let count =
        |sql: &str| db.conn().query_row(sql, cspdesk::params![hers], |r| r.get::<i64>(0)).unwrap();
    assert_eq!(count("SELECT count(*) FROM call WHERE id = ?1"), 0);
    assert_eq!(count("SELECT count(*) FROM time_entry WHERE call_id = ?1"), 0);
    assert_eq!(count("SELECT count(*) FROM call_event WHERE call_id = ?1"), 0);
    // 1 contact + 1 call + its events + 1 time entry.
    assert!(erased.logged[0].records >= 4, "{:?}", erased.logged);
    // Not redacted: what still mentions her is listed for review.
    let places: Vec<(String, Option<i64>)> =
        erased.mentions.iter().map(|m| (m.table.clone(), m.call_id)).collect();
    assert_eq!(places, [("call".to_owned(), Some(his)), ("customer".to_owned(), None)]);
    assert!(matches!(
        person_record(&db, asa),
        Err(Error::NotFound(p)) if p.code == ProblemCode::NoSuchContact
    ));
}

/// The bytes of the database file and its write-ahead log, as one lower-case text.
fn file_text(path: &Path) -> String {
    let mut bytes = std::fs::read(path).unwrap();
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    bytes.extend(std::fs::read(wal).unwrap_or_default());
    String::from_utf8_lossy(&bytes).to_lowercase()
}

/// The search index's own terms (fts5vocab), so a term stored prefix-compressed is still seen.
fn indexed_terms(db: &Db) -> Vec<String> {
    let conn = db.sqlite_connection();
    conn.execute_batch(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.terms USING fts5vocab(main, call_search, row)",
    )
    .unwrap();
    let mut stmt = conn.prepare("SELECT term FROM temp.terms").unwrap();
    stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

#[test]
fn an_erased_person_leaves_no_trace_in_the_file_its_log_or_the_search_index() {
    for redact_and_erase in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cspdesk.sqlite3");
        let mut db = Db::open(&path).unwrap();
        let (_, asa, _, hers, _) = desk(&mut db);
        // Edited a few times: old versions of her texts were written and overwritten.
        for i in 0..5 {
            let at = t("2026-11-03 11:00");
            let notes = format!("Round {i}: {NAME} tried again");
            apply(&mut db, hers, &[Action::Troubleshoot { notes }], at, at).unwrap();
        }
        let search = |db: &Db| {
            let filter = CallFilter { query: Some("lindqvist".into()), ..CallFilter::default() };
            cspdesk::calls::list_calls(db, &filter, t("2026-11-20 12:00"), 50, 0).unwrap().len()
        };
        assert!(search(&db) > 0);
        assert!(file_text(&path).contains("lindqvist-berg"), "the test must see her before");
        assert!(indexed_terms(&db).iter().any(|t| t == "lindqvist"));

        if redact_and_erase {
            erase_with_calls(&mut db, asa, true, t("2026-11-20 12:00")).unwrap();
        } else {
            anonymise(&mut db, asa, true, t("2026-11-20 12:00")).unwrap();
        }
        assert_eq!(search(&db), 0);
        let terms = indexed_terms(&db);
        assert!(!terms.iter().any(|t| t.starts_with("lindqvist") || t == "70"), "{terms:?}");
        let text = file_text(&path);
        for trace in ["lindqvist", "+46 70 123 45 67", "ekonomichef"] {
            assert!(
                !text.contains(trace),
                "{trace} is still in the file (erase: {redact_and_erase})"
            );
        }
        drop(db);
        let text = file_text(&path);
        assert!(!text.contains("lindqvist"), "after closing (erase: {redact_and_erase})");
    }
}

/// The answer to a request of access on paper, in both languages: everything checks with the
/// PDF tools, and the same record gives the same bytes.
#[test]
fn what_is_held_prints_in_both_languages() {
    use crate::terms::{assert_clean, pdf_tools, words, write};
    use cspdesk::settings::Language;
    use cspdesk::terms::Paper;
    let mut db = crate::fresh_db();
    let (_, asa, ..) = desk(&mut db);
    let dir = tempfile::tempdir().unwrap();
    for (lang, title, calls) in [
        (Language::En, "Personal data we hold", "Support requests you raised"),
        (Language::Sv, "Personuppgifter vi har", "Ärenden du har anmält"),
    ] {
        let made =
            cspdesk::privacy::person_pdf(&db, asa, Some(lang), Paper::A4, t("2026-11-20 12:00"))
                .unwrap();
        assert_clean(&made.rendered);
        let printed = words(&made.rendered.strings.join(" "));
        for want in [title, calls, NAME, EMAIL, "Cannot sign in", "Olle needs the same mailbox"] {
            assert!(printed.contains(want), "{lang:?}: {want} not printed in {printed}");
        }
        let again =
            cspdesk::privacy::person_pdf(&db, asa, Some(lang), Paper::A4, t("2026-11-20 12:00"))
                .unwrap();
        assert!(again.rendered.bytes == made.rendered.bytes, "not reproducible");
        let path = write(&made.rendered, dir.path(), &made.file_name);
        if let (_, Some(text)) = pdf_tools(&path, ["595.28", "841.89"]) {
            assert!(text.contains(title), "{text}");
        }
    }
}

/// A customer that leaves takes its records along: its details, contacts and every call with
/// its history and time.
#[test]
fn a_customers_record_holds_its_calls_with_their_history_and_time() {
    let mut db = crate::fresh_db();
    let (customer, asa, _, hers, his) = desk(&mut db);
    let record = cspdesk::privacy::customer_record(&db, customer).unwrap();
    assert_eq!(record.customer.name, "Fjällbygg AB");
    assert!(record.customer.contacts.iter().any(|c| c.id == Some(asa)));
    let ids: Vec<i64> = record.calls.iter().map(|c| c.id).collect();
    assert_eq!(ids.len(), 3, "hers, his and the one under her name");
    assert_eq!(ids[..2], [hers, his]);
    let first = &record.calls[0];
    assert_eq!(first.contact, NAME);
    assert_eq!(first.time.iter().map(|t| t.minutes).sum::<i64>(), 45);
    assert!(first.history.iter().any(|e| e.kind == "troubleshooting"), "{:?}", first.history);
    let json = serde_json::to_value(&record).unwrap();
    assert_eq!(json["format"], "cspdesk-customer");
    assert!(matches!(cspdesk::privacy::customer_record(&db, 999_999), Err(Error::NotFound(_))));
}
