//! Page layout for printed documents: text measured with the embedded font's glyph advances,
//! wrapped into lines, and cut into pages.
//!
//! Blocks become *chunks*: vertical pieces that are never split (a line, a table row). A chunk
//! may be glued to the next one (`keep_with_next`): a heading to the start of what follows, the
//! first two and last two lines of a paragraph to each other (no widows or orphans). A page
//! break never falls inside a glued run unless the run is taller than a page. A table's header
//! row is drawn again at the top of every page the table continues on.

use super::pdf::{Face, Fonts};

/// An RGB colour, 0.0–1.0.
pub type Rgb = (f32, f32, f32);

pub const TEXT: Rgb = (0.09, 0.13, 0.2);
pub const MUTED: Rgb = (0.36, 0.4, 0.47);
pub const ACCENT: Rgb = (0.12, 0.36, 0.75);
pub const RULE: Rgb = (0.82, 0.85, 0.9);
pub const HEADER_FILL: Rgb = (0.93, 0.95, 0.98);

#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub face: Face,
    pub size: f32,
    pub color: Rgb,
}

impl Style {
    pub const fn new(face: Face, size: f32, color: Rgb) -> Style {
        Style { face, size, color }
    }

    pub fn line_height(self) -> f32 {
        self.size * 1.4
    }
}

pub const BODY: Style = Style::new(Face::Regular, 10.0, TEXT);
pub const SMALL: Style = Style::new(Face::Regular, 9.0, TEXT);
pub const SMALL_BOLD: Style = Style::new(Face::Bold, 9.0, TEXT);
pub const HEADING: Style = Style::new(Face::Bold, 13.0, ACCENT);
pub const FOOTER: Style = Style::new(Face::Regular, 8.0, MUTED);

/// Spaces a line never breaks at: no-break space, narrow no-break space, figure space.
const NO_BREAK: [char; 3] = ['\u{a0}', '\u{202f}', '\u{2007}'];

/// Something drawn, positioned from the top-left of its chunk (y down, in points).
#[derive(Debug, Clone)]
pub enum Draw {
    /// `y` is the top of the line box; the baseline is derived from the style.
    Text {
        x: f32,
        y: f32,
        text: String,
        style: Style,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Rgb,
    },
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
}

impl Draw {
    fn shifted(&self, dy: f32) -> Draw {
        match self.clone() {
            Draw::Text { x, y, text, style } => Draw::Text { x, y: y + dy, text, style },
            Draw::Rect { x, y, w, h, color } => Draw::Rect { x, y: y + dy, w, h, color },
            Draw::Image { x, y, w, h } => Draw::Image { x, y: y + dy, w, h },
        }
    }
}

/// A vertical piece of the document that is never split across pages.
#[derive(Debug, Clone, Default)]
pub struct Chunk {
    pub height: f32,
    /// Space above it, dropped at the top of a page.
    pub space_before: f32,
    pub draws: Vec<Draw>,
    /// Must stay on the same page as the next chunk.
    pub keep_with_next: bool,
    /// For table rows: the table's header, drawn again on each new page the table reaches.
    pub repeat_header: Option<Box<Chunk>>,
}

/// What a document is made of, before layout.
#[derive(Debug, Clone)]
pub enum Block {
    Heading(String),
    /// A small bold heading inside a section, kept with what follows.
    Subheading(String),
    Paragraph {
        text: String,
        style: Style,
    },
    Bullets(Vec<String>),
    /// Bullets indented under the last item of the block before (e.g. under a numbered step).
    SubBullets(Vec<String>),
    Numbered(Vec<String>),
    /// Columns as fractions of the text width; a header row; rows of cells (cells may wrap).
    /// The columns whose index is in `right` are aligned right (numbers).
    Table {
        widths: Vec<f32>,
        header: Vec<String>,
        rows: Vec<Vec<String>>,
        right: Vec<usize>,
    },
    /// A chunk the caller laid out itself (the title block).
    Raw(Chunk),
}

pub struct Page {
    pub draws: Vec<Draw>,
}

/// The page geometry in points.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    pub width: f32,
    pub height: f32,
    pub margin_x: f32,
    pub margin_top: f32,
    /// Room at the bottom for the footer.
    pub margin_bottom: f32,
}

impl Frame {
    pub fn text_width(&self) -> f32 {
        self.width - 2.0 * self.margin_x
    }

    fn body_height(&self) -> f32 {
        self.height - self.margin_top - self.margin_bottom
    }
}

/// Measures and wraps text with the embedded fonts, and records characters they lack.
pub struct Typesetter<'f> {
    pub fonts: &'f Fonts,
    pub missing: std::cell::RefCell<Vec<char>>,
}

impl<'f> Typesetter<'f> {
    pub fn new(fonts: &'f Fonts) -> Typesetter<'f> {
        Typesetter { fonts, missing: Default::default() }
    }

    pub fn width(&self, text: &str, style: Style) -> f32 {
        let (w, missing) = self.fonts.measure(style.face, text, style.size);
        if !missing.is_empty() {
            let mut all = self.missing.borrow_mut();
            for c in missing {
                if !all.contains(&c) {
                    all.push(c);
                }
            }
        }
        w
    }

    /// Breaks `text` into lines no wider than `width`. Line breaks in the text are kept; a word
    /// wider than a line is broken between characters. No-break spaces (in `1 900,00`) join
    /// their words: only other white space breaks.
    pub fn wrap(&self, text: &str, style: Style, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            for word in paragraph.split(|c: char| c.is_whitespace() && !NO_BREAK.contains(&c)) {
                if word.is_empty() {
                    continue;
                }
                let candidate =
                    if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
                if self.width(&candidate, style) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                if self.width(word, style) <= width {
                    line = word.to_owned();
                } else {
                    for c in word.chars() {
                        let mut next = line.clone();
                        next.push(c);
                        if self.width(&next, style) > width && !line.is_empty() {
                            lines.push(std::mem::replace(&mut line, c.to_string()));
                        } else {
                            line = next;
                        }
                    }
                }
            }
            lines.push(line);
        }
        // Trailing empty lines from a final newline carry no text.
        while lines.len() > 1 && lines.last().is_some_and(String::is_empty) {
            lines.pop();
        }
        lines
    }

    /// Lines of text as chunks, one per line, glued so that no paragraph leaves a single line
    /// at the bottom or the top of a page.
    fn lines(
        &self,
        lines: Vec<String>,
        style: Style,
        x: f32,
        space_before: f32,
        marker: Option<(String, f32)>,
    ) -> Vec<Chunk> {
        let n = lines.len();
        let lh = style.line_height();
        lines
            .into_iter()
            .enumerate()
            .map(|(i, text)| {
                let mut draws = vec![Draw::Text { x, y: 0.0, text, style }];
                if i == 0 {
                    if let Some((m, mx)) = &marker {
                        draws.push(Draw::Text { x: *mx, y: 0.0, text: m.clone(), style });
                    }
                }
                Chunk {
                    height: lh,
                    space_before: if i == 0 { space_before } else { 0.0 },
                    draws,
                    // Lines 1–2 and the last two stay together; so do paragraphs of 3 lines or fewer.
                    keep_with_next: i + 1 < n && (i == 0 || i + 2 >= n || n <= 3),
                    repeat_header: None,
                }
            })
            .collect()
    }

    /// Turns blocks into chunks for a frame.
    pub fn chunks(&self, blocks: &[Block], frame: &Frame) -> Vec<Chunk> {
        let width = frame.text_width();
        let x0 = frame.margin_x;
        let mut out = Vec::new();
        for block in blocks {
            match block {
                Block::Heading(text) => {
                    let mut lines =
                        self.lines(self.wrap(text, HEADING, width), HEADING, x0, 16.0, None);
                    if let Some(last) = lines.last_mut() {
                        last.keep_with_next = true;
                        last.height += 4.0;
                    }
                    out.extend(lines);
                }
                Block::Subheading(text) => {
                    let mut lines =
                        self.lines(self.wrap(text, SMALL_BOLD, width), SMALL_BOLD, x0, 10.0, None);
                    if let Some(last) = lines.last_mut() {
                        last.keep_with_next = true;
                    }
                    out.extend(lines);
                }
                Block::Paragraph { text, style } => {
                    out.extend(self.lines(self.wrap(text, *style, width), *style, x0, 6.0, None));
                }
                Block::Bullets(items) | Block::SubBullets(items) | Block::Numbered(items) => {
                    let numbered = matches!(block, Block::Numbered(_));
                    let outer = if matches!(block, Block::SubBullets(_)) { 18.0 } else { 0.0 };
                    let indent = outer + if numbered { 18.0 } else { 14.0 };
                    if outer > 0.0 {
                        // Sub-items start on the page of the item they belong to.
                        if let Some(previous) = out.last_mut() {
                            previous.keep_with_next = true;
                        }
                    }
                    for (i, item) in items.iter().enumerate() {
                        let marker =
                            if numbered { format!("{}.", i + 1) } else { "•".to_owned() };
                        let lines = self.wrap(item, BODY, width - indent);
                        let space = if i == 0 { 6.0 } else { 3.0 };
                        out.extend(self.lines(
                            lines,
                            BODY,
                            x0 + indent,
                            space,
                            Some((marker, x0 + outer + 2.0)),
                        ));
                    }
                }
                Block::Table { widths, header, rows, right } => {
                    out.extend(self.table(widths, header, rows, right, frame))
                }
                Block::Raw(chunk) => out.push(chunk.clone()),
            }
        }
        out
    }

    fn table(
        &self,
        widths: &[f32],
        header: &[String],
        rows: &[Vec<String>],
        right: &[usize],
        frame: &Frame,
    ) -> Vec<Chunk> {
        let total = frame.text_width();
        let pad = 5.0;
        let columns: Vec<(f32, f32)> = widths
            .iter()
            .scan(frame.margin_x, |x, w| {
                let col = (*x, w * total);
                *x += w * total;
                Some(col)
            })
            .collect();
        let row = |cells: &[String], style: Style, fill: Option<Rgb>| -> Chunk {
            let wrapped: Vec<Vec<String>> = cells
                .iter()
                .zip(&columns)
                .map(|(cell, (_, w))| self.wrap(cell, style, w - 2.0 * pad))
                .collect();
            let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let height = lines as f32 * style.line_height() + 2.0 * pad;
            let mut draws = Vec::new();
            if let Some(color) = fill {
                draws.push(Draw::Rect { x: frame.margin_x, y: 0.0, w: total, h: height, color });
            }
            for (c, (cell_lines, (x, w))) in wrapped.iter().zip(&columns).enumerate() {
                for (i, line) in cell_lines.iter().enumerate() {
                    let x = if right.contains(&c) {
                        x + w - pad - self.width(line, style)
                    } else {
                        x + pad
                    };
                    draws.push(Draw::Text {
                        x,
                        y: pad + i as f32 * style.line_height(),
                        text: line.clone(),
                        style,
                    });
                }
            }
            // The rule under the row.
            draws.push(Draw::Rect {
                x: frame.margin_x,
                y: height - 0.6,
                w: total,
                h: 0.6,
                color: RULE,
            });
            Chunk { height, space_before: 0.0, draws, keep_with_next: false, repeat_header: None }
        };
        let head = Chunk {
            space_before: 8.0,
            keep_with_next: true,
            ..row(header, SMALL_BOLD, Some(HEADER_FILL))
        };
        let mut out = vec![head.clone()];
        let repeat = Box::new(Chunk { space_before: 0.0, ..head });
        let n = rows.len();
        for (i, cells) in rows.iter().enumerate() {
            let mut chunk = row(cells, SMALL, None);
            // Keep the header with the first row, and the last row with the one before it.
            chunk.keep_with_next = n >= 2 && i + 2 == n;
            chunk.repeat_header = Some(repeat.clone());
            out.push(chunk);
        }
        out
    }
}

/// Text that runs past the margins or into the footer: `(page, text)`. Empty for a good layout.
pub fn overflowing(pages: &[Page], frame: &Frame, ts: &Typesetter) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, page) in pages.iter().enumerate() {
        for d in &page.draws {
            if let Draw::Text { x, y, text, style } = d {
                let right = x + ts.width(text, *style);
                let bottom = y + style.line_height();
                let inside = *x >= frame.margin_x - 0.5
                    && right <= frame.width - frame.margin_x + 0.5
                    && *y >= frame.margin_top - 0.5
                    && bottom <= frame.height - frame.margin_bottom + 0.5;
                if !inside {
                    out.push((n + 1, text.clone()));
                }
            }
        }
    }
    out
}

/// Cuts chunks into pages.
pub fn paginate(chunks: Vec<Chunk>, frame: &Frame) -> Vec<Page> {
    let body = frame.body_height();
    let mut pages = vec![Page { draws: Vec::new() }];
    let mut y = 0.0_f32; // height used on the current page
    let mut i = 0;
    while i < chunks.len() {
        // The run of chunks glued to this one.
        let mut end = i;
        while end + 1 < chunks.len() && chunks[end].keep_with_next {
            end += 1;
        }
        let run_height: f32 = chunks[i..=end]
            .iter()
            .enumerate()
            .map(|(k, c)| c.height + if k == 0 && y == 0.0 { 0.0 } else { c.space_before })
            .sum();
        let fits = y + run_height <= body + 0.01;
        let taller_than_page = run_height > body;
        let count = if fits || taller_than_page { end - i + 1 } else { 0 };
        if count == 0 {
            if y > 0.0 {
                pages.push(Page { draws: Vec::new() });
                y = 0.0;
                place_header(&chunks[i], &mut pages, &mut y, frame);
            }
            continue;
        }
        for chunk in &chunks[i..i + count] {
            let space = if y == 0.0 { 0.0 } else { chunk.space_before };
            if y > 0.0 && y + space + chunk.height > body + 0.01 {
                // Only a run taller than a page gets here: break inside it.
                pages.push(Page { draws: Vec::new() });
                y = 0.0;
                place_header(chunk, &mut pages, &mut y, frame);
            }
            let space = if y == 0.0 { 0.0 } else { chunk.space_before };
            let top = frame.margin_top + y + space;
            let page = pages.last_mut().expect("a page");
            page.draws.extend(chunk.draws.iter().map(|d| d.shifted(top)));
            y += space + chunk.height;
        }
        i += count;
    }
    pages
}

/// At the top of a page, a table row brings its header along.
fn place_header(chunk: &Chunk, pages: &mut [Page], y: &mut f32, frame: &Frame) {
    if let Some(header) = &chunk.repeat_header {
        let page = pages.last_mut().expect("a page");
        page.draws.extend(header.draws.iter().map(|d| d.shifted(frame.margin_top + *y)));
        *y += header.height;
    }
}
