//! A [`Paper`] as PDF, with krilla: A4, the NĐ 30/2020 margins, Liberation
//! Serif (Times-metric, full Vietnamese) embedded as a subset from the
//! repository's `assets/fonts/` — no system font, no external program.
//!
//! Two steps: `lay_out` breaks the blocks into lines and pages (positions in
//! points from the page's top left), then `draw` writes them. Text width is
//! the font's own advance widths (skrifa), so what is centred is centred.

use std::collections::HashMap;
use std::sync::LazyLock;

use krilla::Document;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};
use skrifa::raw::TableProvider;

use super::layout::{
    Align, Bars, Block, Column, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM, MARGIN_TOP_MM, Orientation, Paper,
    Para, SMALL_PT, Table,
};
use crate::domain::paper::decimal;
use crate::error::ApiError;

static REGULAR: &[u8] = include_bytes!("../../../assets/fonts/LiberationSerif-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../../../assets/fonts/LiberationSerif-Bold.ttf");
static ITALIC: &[u8] = include_bytes!("../../../assets/fonts/LiberationSerif-Italic.ttf");

const PT_PER_MM: f32 = 72.0 / 25.4;
/// A4 in points.
const A4_SHORT: f32 = 210.0 * PT_PER_MM;
const A4_LONG: f32 = 297.0 * PT_PER_MM;
/// Line height as a multiple of the font size.
const LEADING: f32 = 1.25;
/// Space between a cell's rule and its text.
const PAD: f32 = 3.0;

/// One face: krilla's font and each character's advance per em.
struct Face {
    font: Font,
    widths: HashMap<char, f32>,
    fallback: f32,
}

impl Face {
    fn load(bytes: &'static [u8]) -> Face {
        let font = Font::new(bytes.into(), 0).expect("the shipped font parses");
        let parsed = skrifa::FontRef::new(bytes).expect("the shipped font parses");
        let upem = f32::from(parsed.head().map(|h| h.units_per_em()).unwrap_or(2048));
        let metrics = parsed.glyph_metrics(Size::unscaled(), LocationRef::default());
        let widths = parsed
            .charmap()
            .mappings()
            .filter_map(|(code, glyph)| Some((char::from_u32(code)?, metrics.advance_width(glyph)? / upem)))
            .collect();
        Face { font, widths, fallback: 0.5 }
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.widths.get(&c).copied().unwrap_or(self.fallback)).sum::<f32>() * size
    }
}

struct Faces {
    regular: Face,
    bold: Face,
    italic: Face,
}

impl Faces {
    fn get(&self, bold: bool, italic: bool) -> &Face {
        match (bold, italic) {
            (true, _) => &self.bold,
            (false, true) => &self.italic,
            (false, false) => &self.regular,
        }
    }
}

/// Parsed once: building the width tables costs a few milliseconds.
static FACES: LazyLock<Faces> =
    LazyLock::new(|| Faces { regular: Face::load(REGULAR), bold: Face::load(BOLD), italic: Face::load(ITALIC) });

/// What is drawn on a page.
enum Op {
    Text { x: f32, baseline: f32, size: f32, bold: bool, italic: bool, text: String },
    Line { from: (f32, f32), to: (f32, f32), width: f32 },
    Bar { x: f32, y: f32, w: f32, h: f32 },
}

/// The page being filled.
struct Sheet {
    width: f32,
    height: f32,
    left: f32,
    text_width: f32,
    top: f32,
    bottom: f32,
    pages: Vec<Vec<Op>>,
    y: f32,
}

impl Sheet {
    fn new(orientation: Orientation) -> Sheet {
        let (width, height) = match orientation {
            Orientation::Portrait => (A4_SHORT, A4_LONG),
            Orientation::Landscape => (A4_LONG, A4_SHORT),
        };
        let left = MARGIN_LEFT_MM * PT_PER_MM;
        let top = MARGIN_TOP_MM * PT_PER_MM;
        Sheet {
            width,
            height,
            left,
            text_width: width - left - MARGIN_RIGHT_MM * PT_PER_MM,
            top,
            bottom: height - MARGIN_BOTTOM_MM * PT_PER_MM,
            pages: Vec::new(),
            y: top,
        }
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.top;
    }

    /// Starts a new page unless `height` more fits on this one.
    fn room_for(&mut self, height: f32) {
        if self.y + height > self.bottom && self.y > self.top {
            self.new_page();
        }
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        self.pages.last_mut().expect("a page")
    }
}

/// A word in its style, with the space before it.
struct Word {
    text: String,
    bold: bool,
    italic: bool,
    width: f32,
    space: f32,
}

/// A laid-out line: its words and their natural width.
struct Line {
    words: Vec<Word>,
    width: f32,
}

/// Breaks a paragraph's spans into lines of at most `width` points (the
/// first `indent` narrower); a word longer than a line stands alone.
fn break_lines(para: &Para, width: f32, indent: f32) -> Vec<Line> {
    let faces = &*FACES;
    let mut words: Vec<Word> = Vec::new();
    let mut after_space = true;
    for span in &para.spans {
        if span.text.is_empty() {
            continue;
        }
        let face = faces.get(span.bold, span.italic);
        let space = face.width(" ", para.size);
        // A span that follows the previous one with no space between glues onto its last word.
        let mut glue = !span.text.starts_with(' ') && !after_space && !words.is_empty();
        after_space = span.text.ends_with(' ');
        for piece in span.text.split(' ') {
            if piece.is_empty() {
                glue = false;
                continue;
            }
            let w = face.width(piece, para.size);
            words.push(Word {
                text: piece.to_owned(),
                bold: span.bold,
                italic: span.italic,
                width: w,
                space: if glue { 0.0 } else { space },
            });
            glue = false;
        }
    }
    let mut lines: Vec<Line> = Vec::new();
    let mut current = Line { words: Vec::new(), width: 0.0 };
    for word in words {
        let limit = if lines.is_empty() { width - indent } else { width };
        let gap = if current.words.is_empty() { 0.0 } else { word.space };
        if !current.words.is_empty() && current.width + gap + word.width > limit {
            lines.push(std::mem::replace(&mut current, Line { words: Vec::new(), width: 0.0 }));
            current.width = word.width;
        } else {
            current.width += gap + word.width;
        }
        current.words.push(word);
    }
    if !current.words.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

/// Lays out a paragraph at `x` in `width` from the sheet's `y`, breaking
/// pages when `breakable`; answers the height used.
fn para_ops(sheet: &mut Sheet, para: &Para, x: f32, width: f32, y: f32, breakable: bool) -> (Vec<Op>, f32) {
    let indent = if para.indent { 28.35 } else { 0.0 };
    let lines = break_lines(para, width, indent);
    let line_height = para.size * LEADING;
    let mut ops = Vec::new();
    let mut y = y;
    let count = lines.len();
    for (i, line) in lines.into_iter().enumerate() {
        if breakable && y + line_height > sheet.bottom {
            let page = std::mem::take(&mut ops);
            sheet.ops().extend(page);
            sheet.new_page();
            y = sheet.y;
        }
        let first = if i == 0 { indent } else { 0.0 };
        let free = width - first - line.width;
        let (mut cursor, stretch) = match para.align {
            Align::Left => (x + first, 0.0),
            Align::Center => (x + free / 2.0, 0.0),
            Align::Right => (x + free, 0.0),
            Align::Justify if i + 1 < count && line.words.len() > 1 => {
                (x + first, free.max(0.0) / (line.words.len() - 1) as f32)
            }
            Align::Justify => (x + first, 0.0),
        };
        let baseline = y + para.size;
        // Words of one style with natural spaces go out as one string, so a
        // reader extracts the line as written; a stretched line word by word.
        let mut pending: Option<(f32, bool, bool, String)> = None;
        for (j, word) in line.words.into_iter().enumerate() {
            let gap = if j == 0 { 0.0 } else { word.space + stretch };
            let x_word = cursor + gap;
            cursor = x_word + word.width;
            let joinable = stretch == 0.0 || word.space == 0.0;
            match &mut pending {
                Some((_, b, it, text)) if *b == word.bold && *it == word.italic && joinable => {
                    if j > 0 && word.space > 0.0 {
                        text.push(' ');
                    }
                    text.push_str(&word.text);
                }
                _ => {
                    if let Some((px, b, it, text)) = pending.take() {
                        ops.push(Op::Text { x: px, baseline, size: para.size, bold: b, italic: it, text });
                    }
                    pending = Some((x_word, word.bold, word.italic, word.text));
                }
            }
        }
        if let Some((px, b, it, mut text)) = pending {
            // A wrapped line ends in the space it broke at, so a reader
            // extracting the text (or copying it) gets `Giấy khen của`, not `khencủa`.
            if i + 1 < count {
                text.push(' ');
            }
            ops.push(Op::Text { x: px, baseline, size: para.size, bold: b, italic: it, text });
        }
        y += line_height;
    }
    if let Some(fraction) = para.rule {
        let w = width * fraction;
        let start = x + (width - w) / 2.0;
        ops.push(Op::Line { from: (start, y + 3.0), to: (start + w, y + 3.0), width: 0.6 });
        y += 8.0;
    }
    y += para.after;
    if breakable {
        sheet.ops().extend(ops);
        sheet.y = y;
        return (Vec::new(), 0.0);
    }
    let height = y;
    (ops, height)
}

fn columns(sheet: &mut Sheet, cols: &[Column]) {
    let mut all = Vec::new();
    let mut bottom = sheet.y;
    let mut x = sheet.left;
    for col in cols {
        let width = sheet.text_width * col.share;
        let mut y = sheet.y;
        for para in &col.paras {
            let (ops, end) = para_ops(sheet, para, x, width, y, false);
            all.extend(ops);
            y = end;
        }
        bottom = bottom.max(y);
        x += width;
    }
    let height = bottom - sheet.y;
    if sheet.y + height > sheet.bottom && sheet.y > sheet.top {
        // Lay it out again at the top of a new page.
        sheet.new_page();
        return columns(sheet, cols);
    }
    sheet.ops().extend(all);
    sheet.y = bottom;
}

/// A row's cells laid out from `y`: the ops and the row's height.
fn row_ops(sheet: &mut Sheet, shares: &[f32], cells: &[super::layout::Cell], y: f32) -> (Vec<Op>, f32) {
    let mut ops = Vec::new();
    let mut x = sheet.left;
    let mut height: f32 = 0.0;
    let mut edges = vec![x];
    for (share, cell) in shares.iter().zip(cells) {
        let width = sheet.text_width * share;
        let mut para = Para::new(cell.align).size(SMALL_PT);
        para = if cell.bold { para.bold(&cell.text) } else { para.text(&cell.text) };
        let (cell_ops, end) = para_ops(sheet, &para, x + PAD, width - 2.0 * PAD, y + PAD, false);
        ops.extend(cell_ops);
        height = height.max(end - y + PAD);
        x += width;
        edges.push(x);
    }
    let bottom = y + height;
    for edge in &edges {
        ops.push(Op::Line { from: (*edge, y), to: (*edge, bottom), width: 0.5 });
    }
    let right = *edges.last().unwrap_or(&x);
    ops.push(Op::Line { from: (sheet.left, y), to: (right, y), width: 0.5 });
    ops.push(Op::Line { from: (sheet.left, bottom), to: (right, bottom), width: 0.5 });
    (ops, height)
}

fn table(sheet: &mut Sheet, table: &Table) {
    let header = |sheet: &mut Sheet| {
        let (ops, h) = row_ops(sheet, &table.shares, &table.header, sheet.y);
        sheet.ops().extend(ops);
        sheet.y += h;
    };
    sheet.room_for(SMALL_PT * LEADING * 3.0 + 4.0 * PAD);
    header(sheet);
    for row in &table.rows {
        let (ops, h) = row_ops(sheet, &table.shares, row, sheet.y);
        if sheet.y + h > sheet.bottom {
            sheet.new_page();
            header(sheet);
            let (ops, h) = row_ops(sheet, &table.shares, row, sheet.y);
            sheet.ops().extend(ops);
            sheet.y += h;
        } else {
            sheet.ops().extend(ops);
            sheet.y += h;
        }
    }
    sheet.y += 6.0;
}

fn bars(sheet: &mut Sheet, chart: &Bars) {
    let title = Para::new(Align::Center).bold(&chart.title).after(4.0);
    para_ops(sheet, &title, sheet.left, sheet.text_width, sheet.y, true);
    let label_width = sheet.text_width * 0.38;
    let value_width = sheet.text_width * 0.1;
    let full = sheet.text_width - label_width - value_width;
    let bar_height = SMALL_PT;
    for (label, value) in &chart.bars {
        sheet.room_for(bar_height + 5.0);
        let y = sheet.y;
        let para = Para::new(Align::Left).size(SMALL_PT - 1.0).text(label);
        let (mut ops, _) = para_ops(sheet, &para, sheet.left, label_width - PAD, y, false);
        let share = if chart.max > 0.0 { (value / chart.max).clamp(0.0, 1.0) as f32 } else { 0.0 };
        let w = full * share;
        ops.push(Op::Bar { x: sheet.left + label_width, y: y + 1.0, w: w.max(0.5), h: bar_height - 2.0 });
        let number = Para::new(Align::Left).size(SMALL_PT - 1.0).text(decimal(*value));
        let (value_ops, _) = para_ops(sheet, &number, sheet.left + label_width + w + PAD, value_width, y, false);
        ops.extend(value_ops);
        sheet.ops().extend(ops);
        sheet.y += bar_height + 5.0;
    }
    sheet.y += 6.0;
}

fn lay_out(paper: &Paper) -> Sheet {
    let mut sheet = Sheet::new(paper.orientation);
    for page in &paper.pages {
        sheet.new_page();
        for block in page {
            match block {
                Block::Para(para) => {
                    let (x, w) = (sheet.left, sheet.text_width);
                    let y = sheet.y;
                    para_ops(&mut sheet, para, x, w, y, true);
                }
                Block::Columns(cols) => columns(&mut sheet, cols),
                Block::Table(t) => table(&mut sheet, t),
                Block::Space(points) => sheet.y = (sheet.y + points).min(sheet.bottom),
                Block::Bars(chart) => bars(&mut sheet, chart),
            }
        }
    }
    sheet
}

fn frame(surface: &mut krilla::surface::Surface<'_>, width: f32, height: f32) {
    for (inset, stroke) in [(12.0 * PT_PER_MM, 2.0), (14.0 * PT_PER_MM, 0.6)] {
        let mut path = PathBuilder::new();
        path.move_to(inset, inset);
        path.line_to(width - inset, inset);
        path.line_to(width - inset, height - inset);
        path.line_to(inset, height - inset);
        path.close();
        if let Some(path) = path.finish() {
            surface.set_fill(None);
            surface.set_stroke(Some(Stroke { width: stroke, ..Default::default() }));
            surface.draw_path(&path);
        }
    }
}

/// Renders a paper as PDF bytes, titled `title`.
pub fn render(paper: &Paper, title: &str) -> Result<Vec<u8>, ApiError> {
    let sheet = lay_out(paper);
    let faces = &*FACES;
    let mut document = Document::new();
    document.set_metadata(Metadata::new().title(title.to_owned()).language("vi".to_owned()));
    for ops in &sheet.pages {
        let settings = PageSettings::from_wh(sheet.width, sheet.height)
            .ok_or_else(|| ApiError::internal(&"the page size is not positive"))?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        if paper.framed {
            frame(&mut surface, sheet.width, sheet.height);
        }
        for op in ops {
            match op {
                Op::Text { x, baseline, size, bold, italic, text } => {
                    surface.set_stroke(None);
                    surface.set_fill(Some(Fill::default()));
                    let face = faces.get(*bold, *italic);
                    surface.draw_text(
                        Point::from_xy(*x, *baseline),
                        face.font.clone(),
                        *size,
                        text,
                        false,
                        TextDirection::Auto,
                    );
                }
                Op::Line { from, to, width } => {
                    let mut path = PathBuilder::new();
                    path.move_to(from.0, from.1);
                    path.line_to(to.0, to.1);
                    if let Some(path) = path.finish() {
                        surface.set_fill(None);
                        surface.set_stroke(Some(Stroke { width: *width, ..Default::default() }));
                        surface.draw_path(&path);
                    }
                }
                Op::Bar { x, y, w, h } => {
                    let mut path = PathBuilder::new();
                    path.move_to(*x, *y);
                    path.line_to(x + w, *y);
                    path.line_to(x + w, y + h);
                    path.line_to(*x, y + h);
                    path.close();
                    if let Some(path) = path.finish() {
                        surface.set_stroke(None);
                        surface.set_fill(Some(Fill {
                            paint: krilla::color::rgb::Color::new(70, 110, 170).into(),
                            opacity: NormalizedF32::ONE,
                            rule: Default::default(),
                        }));
                        surface.draw_path(&path);
                    }
                }
            }
        }
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| ApiError::internal(&format!("{e:?}")))
}
