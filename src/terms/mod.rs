//! The customer-facing support-terms sheet: the offering as a customer reads it, as a PDF.
//!
//! `render` is pure: profile + plan (+ customer) + language + paper + effective date → bytes.
//! The same input gives the same bytes. Every sentence is written here, in English and Swedish;
//! the data comes from the offering, so nothing is typed twice.

pub(crate) mod layout;
pub(crate) mod pdf;
pub(crate) mod text;

use chrono::{Datelike, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::offering::{one_year_after, upcoming_closed_days, Bilingual, Day, Plan, Profile};
use crate::settings::Language;
use crate::{params, Error, Result};
use layout::{Block, Chunk, Draw, Frame, Typesetter, BODY, MUTED};
use text::Words;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    A4,
    Letter,
}

impl Paper {
    pub fn parse(field: &str, s: &str) -> Result<Paper> {
        match s.trim().to_ascii_lowercase().as_str() {
            "a4" => Ok(Paper::A4),
            "letter" => Ok(Paper::Letter),
            _ => Err(Error::invalid(
                field,
                crate::problem::ProblemCode::InvalidPaper,
                &[("value", s.trim().to_owned())],
            )),
        }
    }

    /// Width and height in points.
    pub fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

/// The customer a sheet is made for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetCustomer {
    pub name: String,
    pub tenant_domain: String,
}

/// Everything a sheet is made from.
pub struct Sheet<'a> {
    pub profile: &'a Profile,
    pub plan: &'a Plan,
    pub customer: Option<&'a SheetCustomer>,
    pub language: Language,
    pub paper: Paper,
    /// The date the terms take effect; also the document's date.
    pub effective: NaiveDate,
}

/// A rendered sheet.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Characters the embedded font cannot show (printed blank). Empty for every Latin script.
    pub missing_glyphs: Vec<char>,
    /// Warnings from the PDF writer; expected to be empty.
    pub warnings: Vec<String>,
    /// Every string printed, in order (for checks).
    pub strings: Vec<String>,
    /// Lines that do not fit inside the margins, as `(page, text)`; empty for a good layout.
    pub overflowing: Vec<(usize, String)>,
}

/// What a sheet is about: a plan, or a customer (with the customer's plan).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", content = "id", rename_all = "camelCase")]
pub enum Source {
    Plan(#[cfg_attr(feature = "ts", ts(type = "number"))] i64),
    Customer(#[cfg_attr(feature = "ts", ts(type = "number"))] i64),
}

/// The data a sheet is made from, read from the database.
pub struct Loaded {
    pub profile: Profile,
    pub plan: Plan,
    pub customer: Option<SheetCustomer>,
}

pub fn load(db: &crate::Db, source: Source) -> Result<Loaded> {
    let profile = crate::offering::load_profile(db)?;
    let (plan, customer) = match source {
        Source::Plan(id) => (crate::offering::load_plan(db, id)?, None),
        Source::Customer(id) => {
            let (customer, plan_id) = load_customer(db, id)?;
            (crate::offering::load_plan(db, plan_id)?, Some(customer))
        }
    };
    Ok(Loaded { profile, plan, customer })
}

/// What a face asks for: a sheet about `source`, in `language` (default: the profile's
/// document language), on `paper`, taking effect on `effective` (`YYYY-MM-DD`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "TermsRequest"))]
#[serde(rename_all = "camelCase")]
pub struct Request {
    pub source: Source,
    pub language: Option<Language>,
    pub paper: Paper,
    pub effective: String,
}

/// A rendered sheet and the file name to offer for it.
pub struct Made {
    pub rendered: Rendered,
    pub file_name: String,
    /// The partner's texts missing in the sheet's language (see [`missing_texts`]); the sheet
    /// prints the other language's for them.
    pub missing_texts: Vec<String>,
    /// The language the sheet is written in (the request's, else the document language).
    pub language: Language,
}

/// Reads what `request` names and renders the sheet: what the app's preview and export and
/// `cspdesk terms` all do.
pub fn make(db: &crate::Db, request: &Request) -> Result<Made> {
    let effective =
        NaiveDate::parse_from_str(request.effective.trim(), "%Y-%m-%d").map_err(|_| {
            Error::invalid(
                "effective",
                crate::problem::ProblemCode::InvalidDate,
                &[("value", request.effective.trim().to_owned())],
            )
        })?;
    let loaded = load(db, request.source)?;
    let language = request.language.unwrap_or(loaded.profile.document_language);
    let sheet = Sheet {
        profile: &loaded.profile,
        plan: &loaded.plan,
        customer: loaded.customer.as_ref(),
        language,
        paper: request.paper,
        effective,
    };
    Ok(Made {
        rendered: render(&sheet)?,
        file_name: file_name(&loaded, language),
        missing_texts: missing_texts(&loaded.plan, language),
        language,
    })
}

/// The default plan, for a sheet made without naming one.
pub fn default_source(db: &crate::Db) -> Result<Source> {
    crate::offering::default_plan_id(db).map(Source::Plan)
}

/// A customer a sheet can be made for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CustomerChoice {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub name: String,
}

/// What the Terms sheet screen offers to choose from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "TermsChoices"))]
#[serde(rename_all = "camelCase")]
pub struct Choices {
    pub plans: Vec<crate::offering::PlanSummary>,
    pub customers: Vec<CustomerChoice>,
    pub document_language: Language,
}

/// The plans (not archived) and customers (not archived) a sheet can be made for.
pub fn choices(db: &crate::Db) -> Result<Choices> {
    let customers = db
        .conn()
        .prepare("SELECT id, name FROM customer WHERE archived = 0 ORDER BY name COLLATE NOCASE")?
        .query_map(&[], |r| Ok(CustomerChoice { id: r.get(0)?, name: r.get(1)? }))?;
    let plans = crate::offering::list_plans(db)?.into_iter().filter(|p| !p.archived).collect();
    let document_language = crate::offering::load_profile(db)?.document_language;
    Ok(Choices { plans, customers, document_language })
}

/// A file name for the sheet: "Supportvillkor – Nordlys IT AB – Standard.pdf", without the
/// characters Windows and macOS do not allow in file names.
pub fn file_name(loaded: &Loaded, lang: Language) -> String {
    let w = Words::new(lang);
    let who = match &loaded.customer {
        Some(c) => c.name.clone(),
        None => loaded.plan.name.or_other(lang).to_owned(),
    };
    let name = format!("{} – {} – {}", w.title(), display_name(&loaded.profile, &w), who);
    let clean: String = name
        .chars()
        .filter(|c| {
            !matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') && !c.is_control()
        })
        .collect();
    format!("{}.pdf", clean.trim())
}

/// A customer's name, tenant and plan, for a per-customer sheet.
pub fn load_customer(db: &crate::Db, id: i64) -> Result<(SheetCustomer, i64)> {
    db.conn()
        .query_opt(
            "SELECT name, tenant_domain, plan_id FROM customer WHERE id = ?1",
            params![id],
            |r| Ok((SheetCustomer { name: r.get(0)?, tenant_domain: r.get(1)? }, r.get(2)?)),
        )?
        .ok_or_else(|| {
            Error::not_found(
                "customer",
                crate::problem::ProblemCode::NoSuchCustomer,
                &[("id", id.to_string())],
            )
        })
}

/// The sheet's title in a language.
pub fn title(lang: Language) -> &'static str {
    Words::new(lang).title()
}

pub fn render(sheet: &Sheet) -> Result<Rendered> {
    let paper = Stationery::new(sheet.profile, sheet.language, sheet.paper)?;
    let ts = paper.typesetter();
    let w = &paper.words;
    let mut blocks = vec![title_block(sheet, &paper, &ts)];
    blocks.extend(content(sheet, w));
    let partner = paper.partner.clone();
    let about = About {
        title: match sheet.customer {
            Some(c) => format!("{} – {} – {}", w.title(), partner, c.name),
            None => format!("{} – {}", w.title(), partner),
        },
        subject: format!("{}: {}", w.plan(), sheet.plan.name.or_other(sheet.language)),
        date: sheet.effective.and_time(NaiveTime::MIN).and_utc().timestamp(),
        footer_left: format!("{partner} · {} · {} {}", w.title(), w.version(), version(sheet)),
        author: partner,
    };
    paper.print(ts, &blocks, &about)
}

/// The partner's paper for one printed document: its fonts, the page on the chosen paper, the
/// logo and the partner's name, with the words of the document's language. Every printed
/// document (the terms sheet, the invoice basis, the service report, a person's record) is set
/// on it and ends in [`Stationery::print`].
pub(crate) struct Stationery<'a> {
    pub fonts: pdf::Fonts,
    pub frame: Frame,
    pub words: Words,
    /// The partner as documents name it ([`display_name`]).
    pub partner: String,
    profile: &'a Profile,
    /// The logo's bytes, if the profile has one.
    logo: Option<Vec<u8>>,
    /// The logo's size in pixels, when it can be read.
    logo_size: Option<(u32, u32)>,
}

impl<'a> Stationery<'a> {
    pub fn new(profile: &'a Profile, language: Language, paper: Paper) -> Result<Stationery<'a>> {
        let words = Words::new(language);
        Ok(Stationery {
            fonts: pdf::Fonts::load()?,
            frame: page_frame(paper),
            partner: display_name(profile, &words),
            logo: profile.logo.as_ref().and_then(|l| l.bytes()),
            logo_size: profile.logo.as_ref().and_then(|l| l.dimensions()),
            words,
            profile,
        })
    }

    pub fn typesetter(&self) -> Typesetter<'_> {
        Typesetter::new(&self.fonts)
    }

    /// The document's head ([`letterhead`]): the partner, `title` and `facts`.
    pub fn letterhead(&self, ts: &Typesetter, title: &str, facts: &[String]) -> Block {
        let number = self.words.registration_number(self.profile.registration_number.trim());
        Block::Raw(letterhead(
            ts,
            &self.frame,
            self.profile,
            &self.partner,
            &number,
            title,
            facts,
            self.logo_size,
        ))
    }

    /// Lays `blocks` out and writes the PDF ([`print`]).
    pub fn print(&self, ts: Typesetter, blocks: &[Block], about: &About) -> Result<Rendered> {
        print(ts, blocks, &self.frame, self.logo.as_deref(), &self.words, about)
    }
}

/// The page of every printed document on `paper`, in points.
pub(crate) fn page_frame(paper: Paper) -> Frame {
    let (width, height) = paper.size();
    Frame { width, height, margin_x: 56.0, margin_top: 54.0, margin_bottom: 64.0 }
}

/// What a printed document says about itself: its metadata, and the left of its footer.
pub(crate) struct About {
    pub title: String,
    pub author: String,
    pub subject: String,
    /// Creation and modification time, seconds since the Unix epoch (fixed by the content, so
    /// the same input gives the same bytes).
    pub date: i64,
    pub footer_left: String,
}

/// Lays `blocks` out on `frame` and writes the PDF: the pages, each with a footer ("page X of
/// Y" in `w`'s language), the metadata and `/Lang`. Every printed document ends here.
pub(crate) fn print(
    ts: Typesetter,
    blocks: &[Block],
    frame: &Frame,
    logo: Option<&[u8]>,
    w: &Words,
    about: &About,
) -> Result<Rendered> {
    let chunks = ts.chunks(blocks, frame);
    let pages = layout::paginate(chunks, frame);
    let overflowing = layout::overflowing(&pages, frame, &ts);
    let measure = |s: &str, style: layout::Style| ts.width(s, style);
    let page_of = |n: usize, total: usize| w.page_of(n, total);
    let meta = pdf::Meta {
        title: &about.title,
        author: &about.author,
        subject: &about.subject,
        lang: w.bcp47(),
        date: about.date,
        footer_left: &about.footer_left,
        footer_right: &page_of,
    };
    let written = pdf::write(ts.fonts, &pages, frame, logo, &meta, &measure)?;
    let strings = pages
        .iter()
        .flat_map(|p| p.draws.iter())
        .filter_map(|d| match d {
            Draw::Text { text, .. } => Some(text.clone()),
            _ => None,
        })
        .chain([about.footer_left.clone(), w.page_of(pages.len(), pages.len())])
        .collect();
    Ok(Rendered {
        bytes: written.bytes,
        pages: pages.len(),
        missing_glyphs: ts.missing.into_inner(),
        warnings: written.warnings,
        strings,
        overflowing,
    })
}

pub(crate) fn display_name(profile: &Profile, w: &Words) -> String {
    let name = profile.legal_name.trim();
    if name.is_empty() {
        w.your_partner().to_owned()
    } else {
        name.to_owned()
    }
}

/// A short version of the terms: it changes whenever the content does.
pub fn version(sheet: &Sheet) -> String {
    let mut h: u32 = 0x811c9dc5;
    let mut eat = |s: &str| {
        for b in s.bytes().chain([0]) {
            h ^= u32::from(b);
            h = h.wrapping_mul(0x01000193);
        }
    };
    eat(&serde_json::to_string(sheet.profile).unwrap_or_default());
    eat(&serde_json::to_string(sheet.plan).unwrap_or_default());
    if let Some(c) = sheet.customer {
        eat(&c.name);
        eat(&c.tenant_domain);
    }
    eat(sheet.language.code());
    eat(&sheet.effective.to_string());
    format!("{}.{:06x}", sheet.effective.year(), h & 0xff_ffff)
}

fn title_block(sheet: &Sheet, paper: &Stationery, ts: &Typesetter) -> Block {
    let w = &paper.words;
    let mut facts = Vec::new();
    if let Some(c) = sheet.customer {
        let tenant = if c.tenant_domain.trim().is_empty() {
            String::new()
        } else {
            format!(" ({})", c.tenant_domain.trim())
        };
        facts.push(format!("{}: {}{tenant}", w.for_customer(), c.name));
    }
    facts.push(format!("{}: {}", w.plan(), sheet.plan.name.or_other(sheet.language)));
    facts.push(format!(
        "{}: {} · {} {}",
        w.effective(),
        w.date(sheet.effective),
        w.version(),
        version(sheet)
    ));
    paper.letterhead(ts, w.title(), &facts)
}

/// The head of every printed document: the partner (name, registration number, postal
/// address), the logo on the right, the title and a few facts, and a rule. `number` is the
/// registration number as the document's language says it (unused when the profile has none).
#[allow(clippy::too_many_arguments)]
pub(crate) fn letterhead(
    ts: &Typesetter,
    frame: &Frame,
    profile: &Profile,
    partner: &str,
    number: &str,
    title: &str,
    facts: &[String],
    logo: Option<(u32, u32)>,
) -> Chunk {
    use layout::{Style, ACCENT, TEXT};
    use pdf::Face;
    let x = frame.margin_x;
    let mut draws = Vec::new();
    let mut logo_w = 0.0;
    if let Some((pw, ph)) = logo {
        let scale = (150.0 / pw as f32).min(52.0 / ph as f32);
        let (lw, lh) = (pw as f32 * scale, ph as f32 * scale);
        draws.push(Draw::Image { x: frame.width - frame.margin_x - lw, y: 0.0, w: lw, h: lh });
        logo_w = lw + 16.0;
    }
    let text_w = frame.text_width() - logo_w;
    let mut y = 0.0;
    let mut put = |lines: Vec<String>, style: Style, y: &mut f32| {
        for line in lines {
            draws.push(Draw::Text { x, y: *y, text: line, style });
            *y += style.line_height();
        }
    };
    let partner_style = Style::new(Face::Bold, 11.0, ACCENT);
    put(ts.wrap(partner, partner_style, text_w), partner_style, &mut y);
    // Who the partner is, as a customer-facing document should say: registration number and
    // postal address (its lines joined), when the profile has them.
    let mut company = Vec::new();
    if !profile.registration_number.trim().is_empty() {
        company.push(number.to_owned());
    }
    let address: Vec<&str> = profile
        .postal_address
        .lines()
        .map(|l| l.trim().trim_end_matches(','))
        .filter(|l| !l.is_empty())
        .collect();
    if !address.is_empty() {
        company.push(address.join(", "));
    }
    if !company.is_empty() {
        let company_style = Style::new(Face::Regular, 9.0, MUTED);
        put(ts.wrap(&company.join(" · "), company_style, text_w), company_style, &mut y);
        y += 2.0;
    }
    let title_style = Style::new(Face::Bold, 24.0, TEXT);
    put(ts.wrap(title, title_style, text_w), title_style, &mut y);
    y += 4.0;
    let facts_style = Style::new(Face::Regular, 10.0, MUTED);
    for f in facts {
        put(ts.wrap(f, facts_style, frame.text_width()), facts_style, &mut y);
    }
    y += 10.0;
    draws.push(Draw::Rect { x, y, w: frame.text_width(), h: 1.2, color: ACCENT });
    Chunk {
        height: y.max(56.0) + 6.0,
        space_before: 0.0,
        draws,
        keep_with_next: true,
        repeat_header: None,
    }
}

/// The sections of the sheet, in order.
fn content(sheet: &Sheet, w: &Words) -> Vec<Block> {
    let (profile, plan) = (sheet.profile, sheet.plan);
    let p = |text: String| Block::Paragraph { text, style: BODY };
    // The partner's own texts in the sheet's language; the other language's where one is
    // missing (the Terms screen and the CLI say which).
    let t = |text: &Bilingual| text.or_other(sheet.language).to_owned();
    let mut b = Vec::new();

    if !plan.description.is_empty() {
        b.push(p(t(&plan.description)));
    }

    // How to reach support.
    b.push(Block::Heading(w.h_contact().into()));
    b.push(p(w.contact_intro()));
    let rows: Vec<Vec<String>> = plan
        .contacts
        .iter()
        .map(|c| {
            let address = w.contact_address(c, profile);
            let mut when = w.availability(c.availability).to_owned();
            if !c.note.is_empty() {
                when = format!("{when}. {}", t(&c.note));
            }
            vec![w.contact_kind(c.method).to_owned(), address, when]
        })
        .collect();
    b.push(Block::Table {
        widths: vec![0.22, 0.43, 0.35],
        header: w.contact_header(),
        rows,
        right: vec![],
    });
    if !profile.support_website.trim().is_empty() {
        b.push(p(w.website(profile.support_website.trim())));
    }

    // The support we provide.
    b.push(Block::Heading(w.h_support().into()));
    b.push(p(w.support_model(&plan.support)));
    b.push(p(w.relationship(profile)));

    // Service hours.
    b.push(Block::Heading(w.h_hours().into()));
    let rows: Vec<Vec<String>> =
        Day::ALL.iter().map(|&d| vec![w.day(d).to_owned(), w.hours_of(plan, d)]).collect();
    b.push(Block::Table { widths: vec![0.3, 0.7], header: w.hours_header(), rows, right: vec![] });
    b.push(p(w.time_zone(&plan.hours.time_zone, plan.hours.holidays)));
    let customary = w.customary(&plan.hours);
    if !customary.is_empty() {
        b.push(p(customary));
    }
    let until = one_year_after(sheet.effective);
    let closed =
        upcoming_closed_days(&plan.hours, sheet.effective, until, usize::MAX, sheet.language);
    b.push(Block::Subheading(w.closed_intro()));
    if closed.is_empty() {
        b.push(p(w.no_closed_days()));
    } else {
        let rows = closed
            .iter()
            .map(|d| {
                let what = match d.closes_at {
                    Some(t) => w.open_until(&t.to_string()),
                    None => w.closed_all_day().to_owned(),
                };
                let label = if d.label.trim().is_empty() {
                    w.closed_all_day().to_owned()
                } else {
                    d.label.clone()
                };
                vec![w.date_with_day(d.date), label, what]
            })
            .collect();
        b.push(Block::Table {
            widths: vec![0.34, 0.38, 0.28],
            header: w.closed_header(),
            rows,
            right: vec![],
        });
    }

    // Targets.
    b.push(Block::Heading(w.h_targets().into()));
    b.push(p(w.targets_intro(plan.pauses)));
    let rows = plan
        .severities
        .iter()
        .map(|s| {
            let name = format!("{} – {}", s.code, t(&s.name));
            let clock = w.clock(s.clock);
            vec![
                name,
                t(&s.description),
                format!("{}\n{clock}", w.duration(s.first_response_minutes)),
                format!("{}\n{clock}", w.duration(s.resolution_minutes)),
            ]
        })
        .collect();
    b.push(Block::Table {
        widths: vec![0.19, 0.43, 0.19, 0.19],
        header: w.targets_header(),
        rows,
        right: vec![],
    });
    if let Some(goal) = plan.sla_goal_percent {
        b.push(p(w.sla_goal(goal)));
    }

    // Prices.
    b.push(Block::Heading(w.h_prices().into()));
    b.push(p(w.price(&plan.pricing)));
    b.push(p(w.vat(plan.pricing.vat_included).into()));

    // Scope.
    b.push(Block::Heading(w.h_included().into()));
    if plan.scope.included.is_empty() {
        b.push(p(w.nothing_listed().into()));
    } else {
        b.push(Block::Bullets(plan.scope.included.iter().map(t).collect()));
    }
    b.push(Block::Heading(w.h_excluded().into()));
    if plan.scope.excluded.is_empty() {
        b.push(p(w.nothing_listed().into()));
    } else {
        b.push(Block::Bullets(plan.scope.excluded.iter().map(t).collect()));
    }

    // How we handle a request.
    b.push(Block::Heading(w.h_handling().into()));
    b.push(p(w.handling_intro()));
    b.push(Block::Numbered(w.handling_steps(profile)));
    b.push(Block::SubBullets(w.categories()));

    // What the customer can do.
    b.push(Block::Heading(w.h_self_service().into()));
    b.push(Block::Bullets(w.self_service()));
    b
}

/// The partner's texts of `plan` that are written in the other language but not in `lang`, as
/// field paths (`severities[0].name`): a sheet in `lang` prints the other language's text for
/// them.
pub fn missing_texts(plan: &Plan, lang: Language) -> Vec<String> {
    let mut missing = Vec::new();
    let mut check = |field: String, text: &Bilingual| {
        if text.missing_in(lang) {
            missing.push(field);
        }
    };
    check("name".into(), &plan.name);
    check("description".into(), &plan.description);
    if plan.support.model == crate::offering::SupportModel::Outsourced {
        check("support.parts".into(), &plan.support.parts);
    }
    for (i, d) in plan.hours.closed_days.iter().enumerate() {
        check(format!("hours.closedDays[{i}].label"), &d.label);
    }
    for (i, c) in plan.contacts.iter().enumerate() {
        check(format!("contacts[{i}].note"), &c.note);
    }
    for (i, s) in plan.severities.iter().enumerate() {
        check(format!("severities[{i}].name"), &s.name);
        check(format!("severities[{i}].description"), &s.description);
    }
    for (i, text) in plan.scope.included.iter().enumerate() {
        check(format!("scope.included[{i}]"), text);
    }
    for (i, text) in plan.scope.excluded.iter().enumerate() {
        check(format!("scope.excluded[{i}]"), text);
    }
    missing
}
