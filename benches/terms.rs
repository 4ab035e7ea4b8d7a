//! How long rendering a terms sheet takes: `cargo xtask bench`.

use chrono::NaiveDate;
use cspdesk::holidays::Country;
use cspdesk::offering::{
    default_plan, Defaults, Logo, MicrosoftRoute, Profile, Provider, Relationship,
};
use cspdesk::settings::Language;
use cspdesk::terms::{render, Paper, Sheet, SheetCustomer};

fn main() {
    divan::main();
}

fn profile() -> Profile {
    Profile {
        legal_name: "Nordlys IT & Säkerhet AB".into(),
        registration_number: "556677-8899".into(),
        postal_address: "Storgatan 1\n111 22 Stockholm".into(),
        support_website: "https://support.nordlys.se".into(),
        support_email: "support@nordlys.se".into(),
        support_phone: "+46 8 123 456 78".into(),
        logo: Some(Logo::from_bytes(include_bytes!("../icons/128x128.png"))),
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

/// The default Swedish plan, with a logo and a customer: a typical three-page sheet.
#[divan::bench(args = [Language::Sv, Language::En])]
fn render_sheet(bencher: divan::Bencher, language: Language) {
    let profile = profile();
    let plan = default_plan(&Defaults {
        time_zone: "Europe/Stockholm".into(),
        country: Some(Country::SE),
        language,
    });
    let customer = SheetCustomer {
        name: "Bäckström Bygg AB".into(),
        tenant_domain: "backstrom.onmicrosoft.com".into(),
    };
    let effective = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    bencher.bench(|| {
        let sheet = Sheet {
            profile: &profile,
            plan: &plan,
            customer: Some(&customer),
            language,
            paper: Paper::A4,
            effective,
        };
        divan::black_box(render(&sheet).unwrap())
    });
}
