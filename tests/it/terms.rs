//! The support-terms sheet, checked with real PDF tools (qpdf, poppler) as a reader would see it.
//!
//! The tool checks run when the tools are installed; `cargo xtask test` installs them and sets
//! CSPDESK_REQUIRE_PDF_TOOLS=1, which makes a missing tool a failure.

use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use cspdesk::holidays::Country;
use cspdesk::offering::*;
use cspdesk::settings::Language;
use cspdesk::terms::{render, Paper, Rendered, Sheet, SheetCustomer};

fn profile(name: &str) -> Profile {
    Profile {
        legal_name: name.into(),
        registration_number: "556677-8899".into(),
        postal_address: "Storgatan 1\n111 22 Stockholm".into(),
        support_website: "https://support.example.se".into(),
        support_email: "support@example.se".into(),
        support_phone: "+46 8 123 456 78".into(),
        logo: Some(Logo::from_bytes(include_bytes!("../../icons/128x128.png"))),
        relationship: Relationship::IndirectReseller,
        provider: Provider {
            name: "Distributör Nord AB".into(),
            support_contact: "+46 10 100 00 00".into(),
            escalation: String::new(),
        },
        microsoft_route: MicrosoftRoute::PartnerCenter,
        microsoft_route_other: String::new(),
        document_language: Language::Sv,
        version: None,
    }
}

fn plan() -> Plan {
    let mut plan = default_plan(&Defaults {
        time_zone: "Europe/Stockholm".into(),
        country: Some(Country::SE),
        language: Language::Sv,
    });
    plan.name = "Premium".into();
    plan.hours.closed_days.push(ClosedDay {
        date: d("2027-04-30"),
        label: "Valborgsmässoafton".into(),
        closes_at: Some("13:00".parse().unwrap()),
    });
    plan.pricing.model =
        PriceModel::Hourly { rate: 125_000, increment_minutes: 15, minimum_minutes: 30 };
    plan.escalated_by = EscalatedBy::Provider;
    plan
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

const PARTNER: &str = "Åkerström & Ødegård Łódź Győr Řehoř Straße IT";

fn customer() -> SheetCustomer {
    SheetCustomer {
        name: "Bäckström Æble Ørsted Ő Ř Weißbier AB".into(),
        tenant_domain: "backstrom.onmicrosoft.com".into(),
    }
}

fn sheet<'a>(
    profile: &'a Profile,
    plan: &'a Plan,
    customer: Option<&'a SheetCustomer>,
    language: Language,
    paper: Paper,
) -> Sheet<'a> {
    Sheet { profile, plan, customer, language, paper, effective: d("2026-11-24") }
}

/// A sheet with nothing wrong: every glyph present, nothing outside the margins, no warnings.
pub(crate) fn assert_clean(r: &Rendered) {
    assert!(r.missing_glyphs.is_empty(), "characters without a glyph: {:?}", r.missing_glyphs);
    assert!(r.overflowing.is_empty(), "text outside the margins: {:?}", r.overflowing);
    assert!(r.warnings.is_empty(), "PDF writer warnings: {:?}", r.warnings);
    assert!(r.bytes.starts_with(b"%PDF-"), "not a PDF");
}

/// Runs a PDF tool on `pdf`; None when the tool is not installed (and not required).
pub(crate) fn tool(program: &str, args: &[&str], pdf: &Path) -> Option<String> {
    let out = match Command::new(program)
        .args(args)
        .arg(pdf)
        .args(if program == "pdftotext" { &["-"][..] } else { &[][..] })
        .output()
    {
        Ok(out) => out,
        Err(e) => {
            if std::env::var_os("CSPDESK_REQUIRE_PDF_TOOLS").is_some() {
                panic!(
                    "{program} is required (cargo xtask test installs qpdf and poppler-utils): {e}"
                );
            }
            eprintln!("skipping the {program} check: {e}");
            return None;
        }
    };
    assert!(
        out.status.success(),
        "{program} failed on {}: {}",
        pdf.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).expect("UTF-8 output"))
}

pub(crate) fn write(r: &Rendered, dir: &Path, name: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, &r.bytes).unwrap();
    path
}

/// What every printed document passes with the PDF tools (each skipped with a notice when not
/// installed, a failure under CSPDESK_REQUIRE_PDF_TOOLS, as `cargo xtask test` sets): qpdf finds
/// no error; exactly two fonts (regular and bold), each embedded, subset and with a Unicode map;
/// the page size `size` in points (as pdfinfo prints it); text without a replacement character.
/// Returns pdfinfo's output and pdftotext's as one line of words.
pub(crate) fn pdf_tools(path: &Path, size: [&str; 2]) -> (Option<String>, Option<String>) {
    if let Some(out) = tool("qpdf", &["--check"], path) {
        assert!(out.contains("No syntax or stream encoding errors"), "{out}");
    }
    if let Some(fonts) = tool("pdffonts", &[], path) {
        // Two header lines, then one row per font.
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert_eq!(rows.len(), 2, "{fonts}");
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            // name type encoding emb sub uni object ID: embedded, subset, with a Unicode map.
            assert_eq!(&cols[cols.len() - 5..cols.len() - 2], ["yes", "yes", "yes"], "{row}");
        }
    }
    let info = tool("pdfinfo", &[], path);
    if let Some(info) = &info {
        let line = info.lines().find(|l| l.starts_with("Page size:")).unwrap_or_default();
        assert!(line.contains(size[0]) && line.contains(size[1]), "{line}");
    }
    let text = tool("pdftotext", &["-enc", "UTF-8"], path).map(|t| words(&t));
    if let Some(text) = &text {
        assert!(!text.contains('\u{FFFD}'), "a replacement character in the text");
    }
    (info, text)
}

/// pdftotext's output as one line of words, so sentences wrapped across lines still match.
pub(crate) fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn both_languages_carry_every_section_and_pass_the_pdf_tools() {
    let dir = tempfile::tempdir().unwrap();
    let (profile, plan, customer) = (profile(PARTNER), plan(), customer());
    let cases = [
        (
            Language::En,
            Paper::A4,
            ["595.28 x 841.89", "(A4)"],
            vec![
                "Support terms",
                "How to reach support",
                "The support we provide",
                "Service hours",
                "Times are in the Europe/Stockholm time zone",
                "We are closed on the public holidays of Sweden",
                "Closed and shortened days in the coming twelve months",
                "Midsummer Eve",
                "Until 13:00",
                "Response and resolution targets",
                "Prices",
                "Support is charged by the hour at 1,250.00 SEK per hour",
                "All prices are shown without VAT",
                "What is included",
                "What is not included",
                "How we handle your request",
                "We check Microsoft's service health",
                "with the administrator rights you have given us",
                "handed over to our indirect provider, Distributör Nord AB",
                "Services that are unavailable",
                "Regional problems that affect many organisations at once",
                "What you can do yourself",
                "Microsoft 365 admin center and the Azure portal",
                "To buy more subscriptions",
                "Microsoft may contact you directly about service incidents",
                "Page 1 of",
            ],
        ),
        (
            Language::Sv,
            Paper::Letter,
            ["612 x 792", "(letter)"],
            vec![
                "Supportvillkor",
                "Så når ni supporten",
                "Supporten vi ger",
                "Öppettider",
                "Tiderna anges i tidszonen Europe/Stockholm",
                "Vi har stängt på allmänna helgdagar i Sverige",
                "Stängda dagar och halvdagar de kommande tolv månaderna",
                "Midsommarafton",
                "Till 13:00",
                "Svars- och lösningstider",
                "Priser",
                "Supporten debiteras per timme med 1 250,00 SEK per timme",
                "Alla priser anges exklusive moms",
                "Vad som ingår",
                "Vad som inte ingår",
                "Så hanterar vi ert ärende",
                "Vi kontrollerar Microsofts tjänststatus",
                "med de administratörsbehörigheter ni har gett oss",
                "vår indirekta leverantör, Distributör Nord AB",
                "Tjänster som inte är tillgängliga",
                "Regionala problem som påverkar många organisationer samtidigt",
                "Vad ni kan göra själva",
                "administrationscentret för Microsoft 365 och i Azure-portalen",
                "köpa fler prenumerationer",
                "Microsoft kan kontakta er direkt om driftstörningar",
                "Sida 1 av",
            ],
        ),
    ];
    for (lang, paper, size, sentences) in cases {
        let r = render(&sheet(&profile, &plan, Some(&customer), lang, paper)).unwrap();
        assert_clean(&r);
        let path = write(&r, dir.path(), &format!("terms-{lang:?}.pdf"));

        let (info, text) = pdf_tools(&path, size);
        if let Some(info) = info {
            assert!(info.contains(&format!("Pages:           {}", r.pages)), "{info}");
            let title = cspdesk::terms::title(lang);
            assert!(
                info.contains(&format!("Title:           {title} – {PARTNER} – {}", customer.name)),
                "{info}"
            );
            assert!(info.contains(&format!("Author:          {PARTNER}")), "{info}");
            assert!(info.contains("CreationDate:    Tue Nov 24 00:00:00 2026"), "{info}");
        }
        if let Some(text) = text {
            for s in sentences.iter().chain([
                &PARTNER,
                &customer.name.as_str(),
                &"backstrom.onmicrosoft.com",
                &"Premium",
            ]) {
                assert!(text.contains(s), "{lang:?}: {s:?} is not in the text:\n{text}");
            }
        }
        let catalog = String::from_utf8_lossy(&r.bytes);
        let lang_tag = if lang == Language::Sv { "/Lang(sv-SE)" } else { "/Lang(en-GB)" };
        assert!(catalog.contains(lang_tag), "no {lang_tag}");
    }
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let (profile, plan) = (profile(PARTNER), plan());
    let a = render(&sheet(&profile, &plan, None, Language::Sv, Paper::A4)).unwrap();
    let b = render(&sheet(&profile, &plan, None, Language::Sv, Paper::A4)).unwrap();
    assert_eq!(a.bytes, b.bytes);
    let mut later = sheet(&profile, &plan, None, Language::Sv, Paper::A4);
    later.effective = d("2026-12-01");
    assert_ne!(render(&later).unwrap().bytes, a.bytes, "the date is part of the document");
}

#[test]
fn long_inputs_lay_out_without_overflow() {
    let name = "Östergötlands Molntjänster & Säkerhetskonsulter Aktiebolag ÅÄÖ";
    assert!(name.chars().count() >= 60);
    let profile = profile(name);
    let mut plan = plan();
    plan.name = "Premium Plus med utökad jour och fjärrövervakning dygnet runt".into();
    plan.scope.included = (1..=40).map(|i| format!("Punkt {i}: administration av användare, licenser och delade postlådor i Exchange Online och Teams").into()).collect();
    plan.contacts = (0..12)
        .map(|i| ContactMethod {
            method: [ContactKind::Phone, ContactKind::Email, ContactKind::Portal, ContactKind::Chat, ContactKind::Remote][i % 5],
            address: match i % 5 {
                0 => format!("+46 8 555 {i:03} 00"),
                1 => format!("jour-avdelningen-{i}@overlangt-domannamn-for-support.example.se"),
                _ => format!("https://portal.example.se/support/{i}/ärenden/nytt-ärende-med-mycket-lång-adress"),
            },
            availability: if i % 2 == 0 { Availability::Always } else { Availability::ServiceHours },
            note: "Endast för allvarlighetsgrad A utanför kontorstid".into(),
        })
        .collect();
    plan.severities = (0..6)
        .map(|i| Severity {
            code: format!("S{i}"),
            name: format!("Nivå {i} – mycket lång benämning").into(),
            description: "Verksamheten påverkas i hög grad och det finns ingen tillfällig lösning tillgänglig för användarna".into(),
            first_response_minutes: 30 * (i + 1),
            resolution_minutes: 600 * (i + 1),
            clock: if i % 2 == 0 { Clock::Calendar } else { Clock::ServiceHours },
        })
        .collect();
    let customer = SheetCustomer {
        name: "Kund med ett riktigt långt namn i Norrbottens län Aktiebolag (publ)".into(),
        tenant_domain: "kund-med-langt-namn.onmicrosoft.com".into(),
    };
    for (lang, paper) in [(Language::Sv, Paper::A4), (Language::En, Paper::Letter)] {
        let r = render(&sheet(&profile, &plan, Some(&customer), lang, paper)).unwrap();
        assert_clean(&r);
        assert!(r.pages >= 3, "{lang:?}: {} pages", r.pages);
        for item in ["Punkt 40:", "S5 – Nivå 5"] {
            assert!(r.strings.iter().any(|s| s.contains(item)), "{lang:?}: {item} not printed");
        }
    }
}

#[test]
fn a_table_that_crosses_a_page_repeats_its_header() {
    let profile = profile(PARTNER);
    let mut plan = plan();
    // Open every day, so that every holiday and 50 own days are listed.
    plan.hours.windows = Day::ALL
        .iter()
        .map(|&day| Window { day, start: "08:00".parse().unwrap(), end: "17:00".parse().unwrap() })
        .collect();
    plan.hours.closed_days = (0..50)
        .map(|i| ClosedDay {
            date: d("2027-01-10") + chrono::Duration::days(i * 3),
            label: format!("Utbildningsdag {i}").into(),
            closes_at: None,
        })
        .collect();
    let r = render(&sheet(&profile, &plan, None, Language::En, Paper::A4)).unwrap();
    assert_clean(&r);
    let dir = tempfile::tempdir().unwrap();
    let path = write(&r, dir.path(), "long-table.pdf");
    // Every page that lists closed days starts that list with the header row.
    let mut pages_with_rows = 0;
    for page in 1..=r.pages {
        let Some(text) = tool(
            "pdftotext",
            &["-f", &page.to_string(), "-l", &page.to_string(), "-layout"],
            &path,
        ) else {
            return;
        };
        if text.contains("Utbildningsdag") {
            pages_with_rows += 1;
            let header = text.find("Occasion").unwrap_or(usize::MAX);
            let first_row = text.find("Utbildningsdag").unwrap();
            assert!(
                header < first_row,
                "page {page} lists closed days without the header first:\n{text}"
            );
        }
    }
    assert!(pages_with_rows >= 2, "the table did not cross a page ({pages_with_rows} pages)");
}

#[test]
fn a_missing_glyph_is_reported_not_hidden() {
    let profile = profile("Cloud 雲 Partners");
    let r = render(&sheet(&profile, &plan(), None, Language::En, Paper::A4)).unwrap();
    assert_eq!(r.missing_glyphs, ['雲']);
}

/// A database started on an English computer: its starter plan has both languages, so the
/// Swedish sheet carries none of the English texts; a text written only in English is printed
/// in English and named by `missing_texts`.
#[test]
fn a_swedish_sheet_prints_the_swedish_texts_and_names_what_is_missing() {
    let profile = profile(PARTNER);
    let mut plan = default_plan(&Defaults {
        time_zone: "Europe/Stockholm".into(),
        country: Some(Country::SE),
        language: Language::En,
    });
    assert!(cspdesk::terms::missing_texts(&plan, Language::Sv).is_empty());
    let english: Vec<String> = std::iter::once(plan.description.en.clone())
        .chain(plan.severities.iter().flat_map(|s| [s.name.en.clone(), s.description.en.clone()]))
        .chain(plan.scope.included.iter().chain(&plan.scope.excluded).map(|t| t.en.clone()))
        .collect();
    let r = render(&sheet(&profile, &plan, None, Language::Sv, Paper::A4)).unwrap();
    assert_clean(&r);
    let printed = words(&r.strings.join(" "));
    for text in &english {
        let first_words: String = text.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
        assert!(!printed.contains(&first_words), "English in the Swedish sheet: {text}");
    }
    assert!(printed.contains("Kritisk"), "{printed}");
    assert!(printed.contains("Org.nr 556677-8899 · Storgatan 1, 111 22 Stockholm"), "{printed}");

    plan.scope.excluded.push(Bilingual::only(Language::En, "On-site printers"));
    assert_eq!(cspdesk::terms::missing_texts(&plan, Language::Sv), ["scope.excluded[4]"]);
    let r = render(&sheet(&profile, &plan, None, Language::Sv, Paper::A4)).unwrap();
    assert!(words(&r.strings.join(" ")).contains("On-site printers"), "printed, not dropped");
    let r = render(&sheet(&profile, &plan, None, Language::En, Paper::A4)).unwrap();
    assert!(words(&r.strings.join(" ")).contains("Reg. no. 556677-8899"));
}

/// The sheet says what the plan does on each customary day, in the reader's language, and lists
/// the shortened ones among the closed days.
#[test]
fn the_sheet_states_the_plans_customary_days() {
    use cspdesk::holidays::Holiday;
    use cspdesk::offering::CustomaryDay;
    let profile = profile(PARTNER);
    let mut plan = plan();
    plan.hours.closed_days.clear();
    plan.hours.customary_days = vec![
        CustomaryDay { day: Holiday::WalpurgisNight, closes_at: Some("13:00".parse().unwrap()) },
        CustomaryDay { day: Holiday::AllSaintsEve, closes_at: Some("13:00".parse().unwrap()) },
        CustomaryDay { day: Holiday::ChristmasEve, closes_at: None },
    ];
    let en = render(&sheet(&profile, &plan, None, Language::En, Paper::A4)).unwrap();
    assert_clean(&en);
    let printed = words(&en.strings.join(" "));
    assert!(
        printed.contains(
            "On the days many take off by custom, we are closed on Christmas Eve, open until \
             13:00 on Walpurgis Night and All Saints' Eve and open as usual on Twelfth Night, \
             Maundy Thursday, Easter Saturday, Midsummer Eve and New Year's Eve."
        ),
        "{printed}"
    );
    let sv = render(&sheet(&profile, &plan, None, Language::Sv, Paper::A4)).unwrap();
    assert_clean(&sv);
    let printed = words(&sv.strings.join(" "));
    assert!(
        printed.contains(
            "Av dagarna som brukar vara lediga har vi stängt på julafton, öppet till 13:00 på \
             valborgsmässoafton och allhelgonaafton och öppet som vanligt på trettondagsafton, \
             skärtorsdagen, påskafton, midsommarafton och nyårsafton."
        ),
        "{printed}"
    );
    // Among the coming year's closed days (from 24 November 2026): Walpurgis Night, shortened.
    assert!(printed.contains("Valborgsmässoafton"), "{printed}");
    assert!(!printed.contains("Midsommarafton"), "open as usual, not listed: {printed}");
}
