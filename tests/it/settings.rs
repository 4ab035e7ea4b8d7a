//! Settings stored in the database.

use cspdesk::settings::{self, Language};
use cspdesk::ErrorKind;

#[test]
fn language_is_unset_until_chosen_and_then_kept() {
    let mut db = crate::fresh_db();
    assert_eq!(settings::language(&db).unwrap(), None);
    settings::set_language(&mut db, Language::Sv).unwrap();
    assert_eq!(settings::language(&db).unwrap(), Some(Language::Sv));
    settings::set_language(&mut db, Language::En).unwrap();
    assert_eq!(settings::language(&db).unwrap(), Some(Language::En));
}

#[test]
fn a_language_written_by_a_newer_version_reads_as_unset() {
    let db = crate::fresh_db();
    db.conn().execute("INSERT INTO setting (key, value) VALUES ('language', 'fi')", &[]).unwrap();
    assert_eq!(settings::language(&db).unwrap(), None);
}

#[test]
fn os_locales_map_to_languages() {
    let cases = [
        ("sv-SE", Language::Sv),
        ("sv_FI.UTF-8", Language::Sv),
        ("SV", Language::Sv),
        ("en-US", Language::En),
        ("nb-NO", Language::En),
        ("C", Language::En),
        ("", Language::En),
    ];
    for (tag, expected) in cases {
        assert_eq!(Language::from_locale(tag), expected, "{tag:?}");
    }
}

#[test]
fn parsing_a_language_names_the_field_and_the_choices() {
    assert_eq!(Language::parse(" SV ").unwrap(), Language::Sv);
    let err = Language::parse("de").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Validation);
    assert_eq!(err.field(), Some("language"));
    assert!(err.to_string().contains("expected en or sv"), "{err}");
}
