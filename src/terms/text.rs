//! Every sentence of the terms sheet, in English and Swedish, and the formatting of dates,
//! durations and money in each.

use chrono::{Datelike, NaiveDate};

use crate::holidays::Country;
use crate::offering::{
    Availability, Clock, ContactKind, ContactMethod, Day, EscalatedBy, EscalationCategory, Plan,
    PriceModel, Pricing, Profile, Relationship, ServiceHours, Support, SupportModel, TimeOfDay,
};
use crate::settings::Language;

const MONTHS_EN: [&str; 12] = [
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
const MONTHS_SV: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

pub struct Words {
    sv: bool,
}

impl Words {
    fn lang(&self) -> Language {
        if self.sv {
            Language::Sv
        } else {
            Language::En
        }
    }

    pub fn new(lang: Language) -> Words {
        Words { sv: lang == Language::Sv }
    }

    /// The English or the Swedish of a text, as the document's language says.
    pub(crate) fn pick<'a>(&self, en: &'a str, sv: &'a str) -> &'a str {
        if self.sv {
            sv
        } else {
            en
        }
    }

    pub fn bcp47(&self) -> &'static str {
        if self.sv {
            "sv-SE"
        } else {
            "en-GB"
        }
    }

    pub fn title(&self) -> &'static str {
        if self.sv {
            "Supportvillkor"
        } else {
            "Support terms"
        }
    }

    pub fn version(&self) -> &'static str {
        self.pick("version", "version")
    }

    pub fn plan(&self) -> &'static str {
        if self.sv {
            "Supportplan"
        } else {
            "Support plan"
        }
    }

    pub fn for_customer(&self) -> &'static str {
        if self.sv {
            "Kund"
        } else {
            "Customer"
        }
    }

    pub fn effective(&self) -> &'static str {
        if self.sv {
            "Gäller från"
        } else {
            "Effective from"
        }
    }

    pub fn your_partner(&self) -> &'static str {
        if self.sv {
            "Er Microsoft-partner"
        } else {
            "Your Microsoft partner"
        }
    }

    pub fn page_of(&self, n: usize, total: usize) -> String {
        if self.sv {
            format!("Sida {n} av {total}")
        } else {
            format!("Page {n} of {total}")
        }
    }

    /// "November 2026" / "november 2026".
    pub fn month_year(&self, month: u32, year: i32) -> String {
        let names = if self.sv { &MONTHS_SV } else { &MONTHS_EN };
        format!("{} {year}", names[(month.clamp(1, 12) - 1) as usize])
    }

    pub fn date(&self, d: NaiveDate) -> String {
        const EN: [&str; 12] = MONTHS_EN;
        const SV: [&str; 12] = MONTHS_SV;
        let month = d.month0() as usize;
        if self.sv {
            format!("{} {} {}", d.day(), SV[month], d.year())
        } else {
            format!("{} {} {}", d.day(), EN[month], d.year())
        }
    }

    pub fn date_with_day(&self, d: NaiveDate) -> String {
        let day = self.day(Day::from_chrono(d.weekday()));
        format!("{day} {}", self.date(d))
    }

    pub fn day(&self, d: Day) -> &'static str {
        let i = d.index() as usize;
        if self.sv {
            ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"][i]
        } else {
            ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][i]
        }
    }

    // How to reach support.

    pub fn h_contact(&self) -> &'static str {
        if self.sv {
            "Så når ni supporten"
        } else {
            "How to reach support"
        }
    }

    pub fn contact_intro(&self) -> String {
        self.pick(
            "Contact us in any of these ways. Say which company you are calling from and describe what is not working; we log every request and keep you informed until it is solved.",
            "Kontakta oss på något av dessa sätt. Berätta vilket företag ni ringer från och vad som inte fungerar; vi registrerar varje ärende och håller er informerade tills det är löst.",
        )
        .to_owned()
    }

    pub fn contact_header(&self) -> Vec<String> {
        let h: [&str; 3] = if self.sv {
            ["Kontaktväg", "Nummer eller adress", "Bemannad"]
        } else {
            ["Method", "Number or address", "Staffed"]
        };
        h.map(str::to_owned).to_vec()
    }

    pub fn contact_kind(&self, k: ContactKind) -> &'static str {
        match k {
            ContactKind::Phone => self.pick("Phone", "Telefon"),
            ContactKind::Email => self.pick("E-mail", "E-post"),
            ContactKind::Portal => self.pick("Web portal", "Webbportal"),
            ContactKind::Chat => self.pick("Chat", "Chatt"),
            ContactKind::Remote => self.pick("Remote session", "Fjärrsession"),
        }
    }

    pub fn contact_address(&self, c: &ContactMethod, profile: &Profile) -> String {
        let own = c.address.trim();
        let fallback = match c.method {
            ContactKind::Phone => profile.support_phone.trim(),
            ContactKind::Email => profile.support_email.trim(),
            _ => "",
        };
        match (own, fallback) {
            ("", "") => self.pick("Ask us for the details", "Fråga oss om uppgifterna").to_owned(),
            ("", f) => f.to_owned(),
            (a, _) => a.to_owned(),
        }
    }

    pub fn availability(&self, a: Availability) -> &'static str {
        match a {
            Availability::ServiceHours => self.pick("During service hours", "Under öppettiderna"),
            Availability::Always => {
                self.pick("Around the clock, every day", "Dygnet runt, alla dagar")
            }
        }
    }

    pub fn registration_number(&self, number: &str) -> String {
        if self.sv {
            format!("Org.nr {number}")
        } else {
            format!("Reg. no. {number}")
        }
    }

    pub fn website(&self, url: &str) -> String {
        if self.sv {
            format!("Mer om vår support finns på {url}.")
        } else {
            format!("More about our support is on {url}.")
        }
    }

    // The support we provide.

    pub fn h_support(&self) -> &'static str {
        if self.sv {
            "Supporten vi ger"
        } else {
            "The support we provide"
        }
    }

    pub fn support_model(&self, s: &Support) -> String {
        let company = s.company.trim();
        let parts = s.parts.or_other(self.lang());
        match (s.model, self.sv) {
            (SupportModel::Direct, false) => "Support is given by our own staff: the people who answer when you contact us are the people who solve your problem.".into(),
            (SupportModel::Direct, true) => "Supporten ges av vår egen personal: de som svarar när ni kontaktar oss är också de som löser problemet.".into(),
            (SupportModel::Outsourced, false) if parts.is_empty() => format!("We have engaged {company} to give support on our behalf. They handle your requests in our name, and we remain responsible for the support you receive."),
            (SupportModel::Outsourced, true) if parts.is_empty() => format!("Vi har anlitat {company} för att ge support åt oss. De hanterar era ärenden i vårt namn, och vi har fortsatt ansvaret för den support ni får."),
            (SupportModel::Outsourced, false) => format!("Our own staff give support, except for the following, which {company} handles on our behalf: {parts}. We remain responsible for all the support you receive."),
            (SupportModel::Outsourced, true) => format!("Vår egen personal ger supporten, utom följande som {company} sköter åt oss: {parts}. Vi har fortsatt ansvaret för all support ni får."),
            (SupportModel::Resold, false) => format!("The support in this plan is delivered by {company}, and we resell it to you. You always contact us; we make sure {company} handles your request."),
            (SupportModel::Resold, true) => format!("Supporten i den här planen levereras av {company} och säljs vidare av oss. Ni kontaktar alltid oss; vi ser till att {company} hanterar ert ärende."),
        }
    }

    pub fn relationship(&self, p: &Profile) -> String {
        let provider = p.provider.name.trim();
        match (p.relationship, self.sv) {
            (Relationship::DirectBill, false) => "As a Microsoft Cloud Solution Provider we buy your Microsoft subscriptions directly from Microsoft. We are your first point of contact for everything about them.".into(),
            (Relationship::DirectBill, true) => "Som Microsoft Cloud Solution Provider köper vi era Microsoft-prenumerationer direkt från Microsoft. Vi är er första kontakt för allt som rör dem.".into(),
            (Relationship::IndirectReseller, false) => format!("As a Microsoft Cloud Solution Provider reseller we buy your Microsoft subscriptions through our distributor, {provider}. You always contact us; we involve {provider} when that is needed."),
            (Relationship::IndirectReseller, true) => format!("Som återförsäljare i Microsofts Cloud Solution Provider-program köper vi era Microsoft-prenumerationer via vår distributör, {provider}. Ni kontaktar alltid oss; vi tar in {provider} när det behövs."),
        }
    }

    // Service hours.

    pub fn h_hours(&self) -> &'static str {
        if self.sv {
            "Öppettider"
        } else {
            "Service hours"
        }
    }

    pub fn hours_header(&self) -> Vec<String> {
        let h: [&str; 2] = if self.sv { ["Dag", "Öppet"] } else { ["Day", "Open"] };
        h.map(str::to_owned).to_vec()
    }

    pub fn hours_of(&self, plan: &Plan, day: Day) -> String {
        let windows: Vec<_> = plan.hours.windows.iter().filter(|w| w.day == day).collect();
        if windows.is_empty() {
            return self.pick("Closed", "Stängt").to_owned();
        }
        if windows.len() == 1
            && windows[0].start.minutes() == 0
            && windows[0].end.minutes() == 24 * 60
        {
            return self.pick("Around the clock", "Dygnet runt").to_owned();
        }
        windows.iter().map(|w| format!("{}–{}", w.start, w.end)).collect::<Vec<_>>().join(", ")
    }

    pub fn time_zone(&self, tz: &str, holidays: Option<Country>) -> String {
        let lang = if self.sv { Language::Sv } else { Language::En };
        let zone = if self.sv {
            format!("Tiderna anges i tidszonen {tz}.")
        } else {
            format!("Times are in the {tz} time zone.")
        };
        let holidays = match holidays {
            Some(c) if self.sv => {
                format!(" Vi har stängt på allmänna helgdagar i {}.", c.name(lang))
            }
            Some(c) => format!(" We are closed on the public holidays of {}.", c.name(lang)),
            None if self.sv => " Vi har öppet som vanligt på allmänna helgdagar.".to_owned(),
            None => " We are open as usual on public holidays.".to_owned(),
        };
        zone + &holidays
    }

    /// What the plan does on its calendar's customary days, closed, shortened and open, in one
    /// sentence; empty without a calendar or customary days.
    pub fn customary(&self, hours: &ServiceHours) -> String {
        let lang = if self.sv { Language::Sv } else { Language::En };
        let Some(country) = hours.holidays else { return String::new() };
        let (mut closed, mut open) = (Vec::new(), Vec::new());
        let mut until: Vec<(TimeOfDay, Vec<String>)> = Vec::new();
        for c in crate::holidays::customary_days(country) {
            let name = c.holiday.name_in_text(lang);
            match hours.customary(c.holiday) {
                None => open.push(name),
                Some(None) => closed.push(name),
                Some(Some(t)) => match until.iter_mut().find(|(u, _)| *u == t) {
                    Some((_, names)) => names.push(name),
                    None => until.push((t, vec![name])),
                },
            }
        }
        let mut parts = Vec::new();
        if !closed.is_empty() {
            parts.push(if self.sv {
                format!("stängt på {}", self.and(&closed))
            } else {
                format!("closed on {}", self.and(&closed))
            });
        }
        for (t, names) in &until {
            parts.push(if self.sv {
                format!("öppet till {t} på {}", self.and(names))
            } else {
                format!("open until {t} on {}", self.and(names))
            });
        }
        if !open.is_empty() {
            parts.push(if self.sv {
                format!("öppet som vanligt på {}", self.and(&open))
            } else {
                format!("open as usual on {}", self.and(&open))
            });
        }
        if parts.is_empty() {
            return String::new();
        }
        if self.sv {
            format!("Av dagarna som brukar vara lediga har vi {}.", self.and(&parts))
        } else {
            format!("On the days many take off by custom, we are {}.", self.and(&parts))
        }
    }

    /// "a, b and c" / "a, b och c".
    fn and<S: AsRef<str>>(&self, items: &[S]) -> String {
        let items: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
        match items.as_slice() {
            [] => String::new(),
            [one] => (*one).to_owned(),
            [rest @ .., last] => {
                format!("{} {} {last}", rest.join(", "), self.pick("and", "och"))
            }
        }
    }

    pub fn closed_intro(&self) -> String {
        self.pick(
            "Closed and shortened days in the coming twelve months",
            "Stängda dagar och halvdagar de kommande tolv månaderna",
        )
        .to_owned()
    }

    pub fn no_closed_days(&self) -> String {
        self.pick(
            "There are no closed days on our open weekdays in the coming twelve months.",
            "Det finns inga stängda dagar på våra öppna veckodagar de kommande tolv månaderna.",
        )
        .to_owned()
    }

    pub fn closed_header(&self) -> Vec<String> {
        let h: [&str; 3] =
            if self.sv { ["Datum", "Anledning", "Öppet"] } else { ["Date", "Occasion", "Open"] };
        h.map(str::to_owned).to_vec()
    }

    pub fn closed_all_day(&self) -> &'static str {
        self.pick("Closed", "Stängt")
    }

    pub fn open_until(&self, time: &str) -> String {
        if self.sv {
            format!("Till {time}")
        } else {
            format!("Until {time}")
        }
    }

    // Targets.

    pub fn h_targets(&self) -> &'static str {
        if self.sv {
            "Svars- och lösningstider"
        } else {
            "Response and resolution targets"
        }
    }

    /// The plan's promise about the targets as a whole.
    pub fn sla_goal(&self, goal: u8) -> String {
        if self.sv {
            format!("Vi strävar efter att klara minst {goal} % av målen för första svar och lösning varje månad, och redovisar utfallet i en månatlig servicerapport.")
        } else {
            format!("We aim to meet at least {goal} % of the first-response and resolution targets every month, and report the outcome in a monthly service report.")
        }
    }

    pub fn targets_intro(&self, pauses: crate::offering::ClockPauses) -> String {
        let mut text = self
            .pick(
                "You choose the severity when you contact us, and we agree on it together. These are the times within which we aim to give you a first response and to solve the problem. Times counted in service hours only run while we are open; times around the clock run every hour of every day. While we wait for information from you, the resolution time stands still.",
                "Ni anger allvarlighetsgraden när ni kontaktar oss, och vi kommer överens om den tillsammans. Det här är tiderna inom vilka vi siktar på att ge ett första svar och att lösa problemet. Tider i öppettid räknas bara när vi har öppet; tider dygnet runt räknas varje timme alla dagar. Medan vi väntar på uppgifter från er står lösningstiden still.",
            )
            .to_owned();
        // The plan's own rules for the waits that are not the customer's (stated either way).
        text.push(' ');
        text.push_str(match (pauses.waiting_microsoft, pauses.waiting_provider) {
            (true, true) => self.pick(
                "It also stands still while the problem is with Microsoft's support or with our provider.",
                "Den står också still medan problemet ligger hos Microsofts support eller hos vår leverantör.",
            ),
            (true, false) => self.pick(
                "It also stands still while the problem is with Microsoft's support, but not while it is with our provider.",
                "Den står också still medan problemet ligger hos Microsofts support, men inte medan det ligger hos vår leverantör.",
            ),
            (false, true) => self.pick(
                "It also stands still while the problem is with our provider, but not while it is with Microsoft's support.",
                "Den står också still medan problemet ligger hos vår leverantör, men inte medan det ligger hos Microsofts support.",
            ),
            (false, false) => self.pick(
                "It keeps running while the problem is with Microsoft's support or with our provider.",
                "Den fortsätter att räknas medan problemet ligger hos Microsofts support eller hos vår leverantör.",
            ),
        });
        text
    }

    pub fn targets_header(&self) -> Vec<String> {
        let h: [&str; 4] = if self.sv {
            ["Allvarlighetsgrad", "Vad den innebär", "Första svar", "Lösning"]
        } else {
            ["Severity", "What it means", "First response", "Resolution"]
        };
        h.map(str::to_owned).to_vec()
    }

    pub fn clock(&self, c: Clock) -> &'static str {
        match c {
            Clock::ServiceHours => self.pick("in service hours", "i öppettid"),
            Clock::Calendar => self.pick("around the clock", "dygnet runt"),
        }
    }

    /// 30 minutes, 1 hour, 4 hours, 1 hour 30 minutes.
    pub fn duration(&self, minutes: u32) -> String {
        let (h, m) = (minutes / 60, minutes % 60);
        let hours = match (h, self.sv) {
            (0, _) => String::new(),
            (1, false) => "1 hour".into(),
            (n, false) => format!("{n} hours"),
            (1, true) => "1 timme".into(),
            (n, true) => format!("{n} timmar"),
        };
        let mins = match (m, self.sv) {
            (0, _) => String::new(),
            (1, false) => "1 minute".into(),
            (n, false) => format!("{n} minutes"),
            (1, true) => "1 minut".into(),
            (n, true) => format!("{n} minuter"),
        };
        [hours, mins].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ")
    }

    // Prices.

    pub fn h_prices(&self) -> &'static str {
        if self.sv {
            "Priser"
        } else {
            "Prices"
        }
    }

    /// An amount in minor units, in the language's number format: 1,250.00 SEK or 1 250,00 SEK.
    pub fn money(&self, minor: i64, currency: &str) -> String {
        let negative = minor < 0;
        let minor = minor.unsigned_abs();
        let (units, cents) = (minor / 100, minor % 100);
        let digits = units.to_string();
        let sep = if self.sv { '\u{a0}' } else { ',' };
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(sep);
            }
            grouped.push(c);
        }
        let decimal = if self.sv { ',' } else { '.' };
        format!("{}{grouped}{decimal}{cents:02}\u{a0}{currency}", if negative { "−" } else { "" })
    }

    pub fn price(&self, p: &Pricing) -> String {
        let money = |minor: i64| self.money(minor, &p.currency);
        match (&p.model, self.sv) {
            (PriceModel::Included {}, false) => "Support under this plan is included in the price of your subscriptions: there is no separate charge.".into(),
            (PriceModel::Included {}, true) => "Supporten i den här planen ingår i priset för era prenumerationer: den debiteras inte separat.".into(),
            (PriceModel::PerIncident { price }, false) => format!("Each support request is charged at {}, however long it takes.", money(*price)),
            (PriceModel::PerIncident { price }, true) => format!("Varje supportärende debiteras med {}, oavsett hur lång tid det tar.", money(*price)),
            (PriceModel::Hourly { rate, increment_minutes, minimum_minutes }, false) => {
                let minimum = if *minimum_minutes > 0 { format!(", with at least {} charged per request and month", self.duration(*minimum_minutes)) } else { String::new() };
                format!("Support is charged by the hour at {} per hour. The time of each request in a month is added up and rounded up to steps of {} minutes{minimum}.", money(*rate), increment_minutes)
            }
            (PriceModel::Hourly { rate, increment_minutes, minimum_minutes }, true) => {
                let minimum = if *minimum_minutes > 0 { format!(", och minst {} debiteras per ärende och månad", self.duration(*minimum_minutes)) } else { String::new() };
                format!("Supporten debiteras per timme med {} per timme. Tiden för varje ärende under en månad läggs ihop och avrundas uppåt till steg om {} minuter{minimum}.", money(*rate), increment_minutes)
            }
            (PriceModel::Monthly { price, basis }, sv) => {
                let per = match (basis, sv) {
                    (crate::offering::MonthlyBasis::PerUser, false) => "per user",
                    (crate::offering::MonthlyBasis::PerTenant, false) => "for your organisation",
                    (crate::offering::MonthlyBasis::PerUser, true) => "per användare",
                    (crate::offering::MonthlyBasis::PerTenant, true) => "för er organisation",
                };
                if sv {
                    format!("Supporten kostar {} per månad {per}.", money(*price))
                } else {
                    format!("Support costs {} a month {per}.", money(*price))
                }
            }
            (PriceModel::Block { hours, price, rollover, overage_rate, low_balance_hours }, false) => format!(
                "You prepay a block of {hours} support hours for {}. Time beyond the block is charged at {} per hour. {}{}",
                money(*price),
                money(*overage_rate),
                if *rollover { "Hours you do not use carry over to the next period." } else { "Hours you do not use expire at the end of the period." },
                low_balance_hours.map(|h| format!(" We tell you when fewer than {h} hours are left.")).unwrap_or_default()
            ),
            (PriceModel::Block { hours, price, rollover, overage_rate, low_balance_hours }, true) => format!(
                "Ni betalar i förskott för en timbank om {hours} supporttimmar för {}. Tid utöver timbanken debiteras med {} per timme. {}{}",
                money(*price),
                money(*overage_rate),
                if *rollover { "Timmar ni inte använder förs över till nästa period." } else { "Timmar ni inte använder förfaller när perioden är slut." },
                low_balance_hours.map(|h| format!(" Vi säger till när färre än {h} timmar återstår.")).unwrap_or_default()
            ),
        }
    }

    pub fn vat(&self, included: bool) -> &'static str {
        match (included, self.sv) {
            (true, false) => "All prices include VAT.",
            (false, false) => "All prices are shown without VAT.",
            (true, true) => "Alla priser anges inklusive moms.",
            (false, true) => "Alla priser anges exklusive moms.",
        }
    }

    // Scope.

    pub fn h_included(&self) -> &'static str {
        if self.sv {
            "Vad som ingår"
        } else {
            "What is included"
        }
    }

    pub fn h_excluded(&self) -> &'static str {
        if self.sv {
            "Vad som inte ingår"
        } else {
            "What is not included"
        }
    }

    pub fn nothing_listed(&self) -> &'static str {
        self.pick("Nothing is listed.", "Inget anges.")
    }

    // How we handle a request.

    pub fn h_handling(&self) -> &'static str {
        if self.sv {
            "Så hanterar vi ert ärende"
        } else {
            "How we handle your request"
        }
    }

    pub fn handling_intro(&self) -> String {
        self.pick(
            "We work through every request in the same order:",
            "Vi arbetar med varje ärende i samma ordning:",
        )
        .to_owned()
    }

    /// The steps of handling a request; who escalates follows the profile
    /// ([`crate::offering::escalation_route`]), so the sheet never says both.
    pub fn handling_steps(&self, profile: &Profile) -> Vec<String> {
        let provider = profile.provider.name.trim();
        let via_provider = crate::offering::escalation_route(profile) == EscalatedBy::Provider
            && !provider.is_empty();
        let (one, two, three) = if self.sv {
            (
                "Vi kontrollerar Microsofts tjänststatus för att se om problemet redan är känt och dokumenterat. I så fall berättar vi vad Microsoft gör åt det och när en lösning väntas.".to_owned(),
                "Om det inte förklarar problemet felsöker vi själva programvara, inställningar och konfiguration i er miljö, med de administratörsbehörigheter ni har gett oss.".to_owned(),
                if via_provider {
                    format!("Problem som bara Microsoft kan åtgärda lämnar vi över till vår indirekta leverantör, {provider}, som eskalerar dem till Microsoft. Vi följer upp ärendet och håller er informerade tills det är löst. Det gäller problem av dessa slag:")
                } else {
                    "Problem som bara Microsoft kan åtgärda lämnar vi själva över till Microsoft. Vi följer upp ärendet och håller er informerade tills det är löst. Det gäller problem av dessa slag:".to_owned()
                },
            )
        } else {
            (
                "We check Microsoft's service health to see whether the problem is already known and documented. If it is, we tell you what Microsoft is doing about it and when a fix is expected.".to_owned(),
                "If that does not explain it, we troubleshoot the software, settings and configuration in your environment ourselves, with the administrator rights you have given us.".to_owned(),
                if via_provider {
                    format!("Problems only Microsoft can fix are handed over to our indirect provider, {provider}, who escalates them to Microsoft. We follow the case up and keep you informed until it is solved. This applies to problems of these kinds:")
                } else {
                    "Problems only Microsoft can fix we hand over to Microsoft ourselves. We follow the case up and keep you informed until it is solved. This applies to problems of these kinds:".to_owned()
                },
            )
        };
        vec![one, two, three]
    }

    pub fn categories(&self) -> Vec<String> {
        EscalationCategory::ALL
            .iter()
            .map(|c| {
                match c {
                    EscalationCategory::Undocumented => self.pick("Undocumented problems where a service does not work as its service description says", "Odokumenterade problem där en tjänst inte fungerar som tjänstebeskrivningen anger"),
                    EscalationCategory::Unavailable => self.pick("Services that are unavailable", "Tjänster som inte är tillgängliga"),
                    EscalationCategory::Defect => self.pick("Bugs and other faults in how a service looks or works", "Buggar och andra fel i hur en tjänst ser ut eller fungerar"),
                    EscalationCategory::Network => self.pick("Large-scale network disruptions", "Storskaliga nätverksstörningar"),
                    EscalationCategory::Regional => self.pick("Regional problems that affect many organisations at once", "Regionala problem som påverkar många organisationer samtidigt"),
                }
                .to_owned()
            })
            .collect()
    }

    // Self-service.

    pub fn h_self_service(&self) -> &'static str {
        if self.sv {
            "Vad ni kan göra själva"
        } else {
            "What you can do yourself"
        }
    }

    pub fn self_service(&self) -> Vec<String> {
        let items: [&str; 4] = if self.sv {
            [
                "I administrationscentret för Microsoft 365 och i Azure-portalen kan ni följa tjänststatus, läsa meddelanden i Meddelandecenter och hantera era egna användare och inställningar.",
                "Vill ni köpa fler prenumerationer, ändra eller säga upp dem kontaktar ni oss: vi hanterar era prenumerationer.",
                "Microsoft kan kontakta er direkt om driftstörningar och annan driftinformation.",
                "All annan kommunikation om era prenumerationer kommer från oss.",
            ]
        } else {
            [
                "In the Microsoft 365 admin center and the Azure portal you can follow service health, read the Message center and manage your own users and settings.",
                "To buy more subscriptions, or to change or cancel them, contact us: we manage your subscriptions.",
                "Microsoft may contact you directly about service incidents and other operational matters.",
                "All other communication about your subscriptions comes from us.",
            ]
        };
        items.map(str::to_owned).to_vec()
    }
}
