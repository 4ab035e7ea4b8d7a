//! Writing laid-out pages as PDF with printpdf: the embedded, subset Noto Sans fonts, the logo,
//! document metadata, `/Lang`, and a document ID derived from the content so that the same
//! input gives the same bytes.

use printpdf::{
    Color, FontId, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point,
    Pt, RawImage, Rect, Rgb as PdfRgb, TextItem, XObjectTransform,
};

use super::layout::{Draw, Frame, Page, Rgb, Style, FOOTER};
use crate::{Error, Result};

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Bold.ttf");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    Regular,
    Bold,
}

/// The two faces of the embedded font, parsed once per document.
pub struct Fonts {
    regular: ParsedFont,
    bold: ParsedFont,
}

impl Fonts {
    pub fn load() -> Result<Fonts> {
        let parse = |bytes: &[u8], name: &str| {
            ParsedFont::from_bytes(bytes, 0, &mut Vec::new())
                .ok_or_else(|| Error::Database(format!("the embedded font {name} cannot be read")))
        };
        Ok(Fonts { regular: parse(REGULAR, "Noto Sans")?, bold: parse(BOLD, "Noto Sans Bold")? })
    }

    fn font(&self, face: Face) -> &ParsedFont {
        match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
        }
    }

    /// The width of `text` at `size` points, and the characters the font has no glyph for.
    pub fn measure(&self, face: Face, text: &str, size: f32) -> (f32, Vec<char>) {
        let font = self.font(face);
        let units = f32::from(font.pdf_font_metrics.units_per_em.max(1));
        let mut width = 0.0;
        let mut missing = Vec::new();
        for c in text.chars() {
            match font.lookup_glyph_index(u32::from(c)) {
                Some(gid) if gid != 0 => width += f32::from(font.get_horizontal_advance(gid)),
                _ => missing.push(c),
            }
        }
        (width * size / units, missing)
    }
}

/// What the document says about itself.
pub struct Meta<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub subject: &'a str,
    /// BCP 47, e.g. `sv-SE`.
    pub lang: &'a str,
    /// Creation and modification time, seconds since the Unix epoch.
    pub date: i64,
    pub footer_left: &'a str,
    /// "Page {page} of {pages}".
    pub footer_right: &'a dyn Fn(usize, usize) -> String,
}

/// The finished document: PDF bytes, and warnings printpdf gave (expected to be none).
pub struct Written {
    pub bytes: Vec<u8>,
    pub warnings: Vec<String>,
}

pub fn write(
    fonts: &Fonts,
    pages: &[Page],
    frame: &Frame,
    logo: Option<&[u8]>,
    meta: &Meta,
    measure: &dyn Fn(&str, Style) -> f32,
) -> Result<Written> {
    let mut doc = PdfDocument::new(meta.title);
    let date = printpdf::OffsetDateTime::from_unix_timestamp(meta.date).map_err(|e| {
        Error::invalid(
            "effective",
            crate::problem::ProblemCode::InvalidDate,
            &[("value", e.to_string())],
        )
    })?;
    let info = &mut doc.metadata.info;
    info.author = meta.author.to_owned();
    info.subject = meta.subject.to_owned();
    info.creator = "CSP Desk".to_owned();
    info.producer = "CSP Desk".to_owned();
    info.creation_date = date;
    info.modification_date = date;
    info.metadata_date = date;

    // Fixed resource names instead of printpdf's counter-based ones, so the same input gives the
    // same bytes. A font's first six letters are its subset tag (ISO 32000-1, 9.6.4).
    let regular = FontId("NOTOSR".to_owned());
    let bold = FontId("NOTOSB".to_owned());
    let font_map = &mut doc.resources.fonts.map;
    font_map.insert(regular.clone(), printpdf::PdfFont::new(fonts.regular.clone()));
    font_map.insert(bold.clone(), printpdf::PdfFont::new(fonts.bold.clone()));
    let mut warnings = Vec::new();
    let image = match logo {
        Some(bytes) => {
            let raw = RawImage::decode_from_bytes(bytes, &mut warnings).map_err(|e| {
                Error::invalid(
                    "logo",
                    crate::problem::ProblemCode::LogoUnprintable,
                    &[("detail", e.to_string())],
                )
            })?;
            let size = (raw.width as f32, raw.height as f32);
            let id = printpdf::XObjectId("LOGO".to_owned());
            doc.resources.xobjects.map.insert(id.clone(), printpdf::XObject::Image(raw));
            Some((id, size))
        }
        None => None,
    };

    let total = pages.len();
    let mut pdf_pages = Vec::with_capacity(total);
    for (n, page) in pages.iter().enumerate() {
        let mut ops = Vec::new();
        for draw in &page.draws {
            emit(&mut ops, draw, frame, &regular, &bold, image.as_ref());
        }
        // The footer, added once the page count is known.
        let y = frame.height - frame.margin_bottom + 22.0;
        let rule = Draw::Rect {
            x: frame.margin_x,
            y: y - 6.0,
            w: frame.text_width(),
            h: 0.6,
            color: super::layout::RULE,
        };
        emit(&mut ops, &rule, frame, &regular, &bold, None);
        let right = (meta.footer_right)(n + 1, total);
        let right_x = frame.width - frame.margin_x - measure(&right, FOOTER);
        let left = truncate(meta.footer_left, right_x - frame.margin_x - 12.0, measure);
        emit(
            &mut ops,
            &Draw::Text { x: frame.margin_x, y, text: left, style: FOOTER },
            frame,
            &regular,
            &bold,
            None,
        );
        emit(
            &mut ops,
            &Draw::Text { x: right_x, y, text: right, style: FOOTER },
            frame,
            &regular,
            &bold,
            None,
        );
        pdf_pages.push(PdfPage::new(Mm::from(Pt(frame.width)), Mm::from(Pt(frame.height)), ops));
    }
    doc.with_pages(pdf_pages);

    let options = PdfSaveOptions { subset_fonts: true, ..PdfSaveOptions::default() };
    let mut lopdf = doc.to_lopdf_document(&options, &mut warnings);
    set_language_and_id(&mut lopdf, meta.lang, pages)?;
    let mut bytes = Vec::new();
    lopdf
        .save_to(&mut bytes)
        .map_err(|e| Error::Database(format!("the PDF could not be written: {e}")))?;
    // Decoding the logo reports its steps as Info; only warnings and errors matter.
    let warnings = warnings
        .iter()
        .filter(|w| w.severity != printpdf::PdfParseErrorSeverity::Info)
        .map(|w| format!("page {}: {}", w.page + 1, w.msg))
        .collect();
    Ok(Written { bytes, warnings })
}

fn color(c: Rgb) -> Color {
    Color::Rgb(PdfRgb { r: c.0, g: c.1, b: c.2, icc_profile: None })
}

fn emit(
    ops: &mut Vec<Op>,
    draw: &Draw,
    frame: &Frame,
    regular: &FontId,
    bold: &FontId,
    image: Option<&(printpdf::XObjectId, (f32, f32))>,
) {
    match draw {
        Draw::Text { x, y, text, style } => {
            if text.is_empty() {
                return;
            }
            // The baseline: half the leading, then the font's ascent (about 0.88 em for Noto Sans).
            let baseline = y + (style.line_height() - style.size) / 2.0 + style.size * 0.88;
            let font = match style.face {
                Face::Regular => regular.clone(),
                Face::Bold => bold.clone(),
            };
            ops.extend([
                Op::SaveGraphicsState,
                Op::SetFillColor { col: color(style.color) },
                Op::StartTextSection,
                Op::SetFont { font: PdfFontHandle::External(font), size: Pt(style.size) },
                Op::SetTextCursor { pos: Point { x: Pt(*x), y: Pt(frame.height - baseline) } },
                Op::ShowText { items: vec![TextItem::Text(text.clone())] },
                Op::EndTextSection,
                Op::RestoreGraphicsState,
            ]);
        }
        Draw::Rect { x, y, w, h, color: c } => {
            ops.extend([
                Op::SaveGraphicsState,
                Op::SetFillColor { col: color(*c) },
                Op::DrawRectangle {
                    rectangle: Rect::from_xywh(Pt(*x), Pt(frame.height - y - h), Pt(*w), Pt(*h)),
                },
                Op::RestoreGraphicsState,
            ]);
        }
        Draw::Image { x, y, w, h } => {
            if let Some((id, (pw, ph))) = image {
                ops.push(Op::UseXobject {
                    id: id.clone(),
                    transform: XObjectTransform {
                        translate_x: Some(Pt(*x)),
                        translate_y: Some(Pt(frame.height - y - h)),
                        scale_x: Some(w / pw),
                        scale_y: Some(h / ph),
                        dpi: Some(72.0),
                        ..XObjectTransform::default()
                    },
                });
            }
        }
    }
}

/// Shortens `text` with an ellipsis to fit `width`.
fn truncate(text: &str, width: f32, measure: &dyn Fn(&str, Style) -> f32) -> String {
    if measure(text, FOOTER) <= width {
        return text.to_owned();
    }
    let mut out: String = text.to_owned();
    while !out.is_empty() && measure(&format!("{out}…"), FOOTER) > width {
        out.pop();
    }
    format!("{}…", out.trim_end())
}

/// `/Lang` in the catalog, and an `/ID` made from the content instead of printpdf's random one.
fn set_language_and_id(doc: &mut lopdf::Document, lang: &str, pages: &[Page]) -> Result<()> {
    use lopdf::{Object, StringFormat};
    let root = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| Error::Database(format!("the PDF has no catalog: {e}")))?;
    let catalog = doc
        .get_object_mut(root)
        .and_then(Object::as_dict_mut)
        .map_err(|e| Error::Database(format!("the PDF catalog cannot be changed: {e}")))?;
    catalog.set("Lang", Object::String(lang.as_bytes().to_vec(), StringFormat::Literal));
    let id = format!("{:032x}", content_hash(pages, lang));
    let id = Object::String(id.into_bytes(), StringFormat::Literal);
    doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    Ok(())
}

/// FNV-1a over everything drawn: the same pages give the same ID.
fn content_hash(pages: &[Page], lang: &str) -> u128 {
    let mut h: u128 = 0x6c62272e07bb014262b821756295c58d;
    let mut eat = |bytes: &[u8]| {
        for b in bytes {
            h ^= u128::from(*b);
            h = h.wrapping_mul(0x0000000001000000000000000000013B);
        }
    };
    eat(lang.as_bytes());
    for page in pages {
        eat(b"\x0cpage");
        for d in &page.draws {
            eat(format!("{d:?}").as_bytes());
        }
    }
    h
}
