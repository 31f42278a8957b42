//! A paper as both renderers see it: blocks of paragraphs, side-by-side
//! columns (the NĐ 30/2020 header, the recipients beside the signature)
//! and tables, on A4 pages. The documents build one `Paper`; `docx` and
//! `pdf` draw the same `Paper`, so the two files say the same thing.

use crate::domain::paper::nfc;

/// Body text size, in points (NĐ 30/2020: 13–14).
pub const BODY_PT: f32 = 13.0;
/// Table and recipients' text size.
pub const SMALL_PT: f32 = 12.0;

/// Page margins in millimetres (NĐ 30/2020: top and bottom 20–25, left 30–35, right 15–20).
pub const MARGIN_TOP_MM: f32 = 20.0;
pub const MARGIN_BOTTOM_MM: f32 = 20.0;
pub const MARGIN_LEFT_MM: f32 = 30.0;
pub const MARGIN_RIGHT_MM: f32 = 15.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Orientation {
    Portrait,
    /// A Giấy khen is printed across the sheet.
    Landscape,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
    /// Both edges (the body of an administrative text).
    Justify,
}

/// A run of text in one style.
#[derive(Clone, Debug)]
pub struct Span {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
}

/// A paragraph.
#[derive(Clone, Debug)]
pub struct Para {
    pub spans: Vec<Span>,
    pub align: Align,
    pub size: f32,
    /// Indent the first line (1 cm), as body paragraphs are.
    pub indent: bool,
    /// Space after, in points.
    pub after: f32,
    /// A short centred rule below (the line under the issuer's name and the motto),
    /// as a fraction of the column's width.
    pub rule: Option<f32>,
}

impl Para {
    pub fn new(align: Align) -> Self {
        Para { spans: Vec::new(), align, size: BODY_PT, indent: false, after: 0.0, rule: None }
    }
    /// A body paragraph: justified, first line indented, 6 pt after.
    pub fn body(text: impl AsRef<str>) -> Self {
        Para { indent: true, after: 6.0, ..Para::new(Align::Justify) }.text(text)
    }
    pub fn text(mut self, text: impl AsRef<str>) -> Self {
        self.spans.push(Span { text: nfc(text.as_ref()), bold: false, italic: false });
        self
    }
    pub fn bold(mut self, text: impl AsRef<str>) -> Self {
        self.spans.push(Span { text: nfc(text.as_ref()), bold: true, italic: false });
        self
    }
    pub fn italic(mut self, text: impl AsRef<str>) -> Self {
        self.spans.push(Span { text: nfc(text.as_ref()), bold: false, italic: true });
        self
    }
    pub fn bold_italic(mut self, text: impl AsRef<str>) -> Self {
        self.spans.push(Span { text: nfc(text.as_ref()), bold: true, italic: true });
        self
    }
    pub fn size(mut self, size: f32) -> Self {
        self.size = size;
        self
    }
    pub fn after(mut self, points: f32) -> Self {
        self.after = points;
        self
    }
    pub fn rule(mut self, fraction: f32) -> Self {
        self.rule = Some(fraction);
        self
    }
    /// Its text, runs joined.
    pub fn plain(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }
}

/// A column of a side-by-side block: its share of the text width.
#[derive(Clone, Debug)]
pub struct Column {
    pub share: f32,
    pub paras: Vec<Para>,
}

/// A table cell.
#[derive(Clone, Debug)]
pub struct Cell {
    pub text: String,
    pub align: Align,
    pub bold: bool,
}

impl Cell {
    pub fn left(text: impl AsRef<str>) -> Self {
        Cell { text: nfc(text.as_ref()), align: Align::Left, bold: false }
    }
    pub fn center(text: impl AsRef<str>) -> Self {
        Cell { text: nfc(text.as_ref()), align: Align::Center, bold: false }
    }
    pub fn right(text: impl AsRef<str>) -> Self {
        Cell { text: nfc(text.as_ref()), align: Align::Right, bold: false }
    }
    pub fn bold(mut self) -> Self {
        self.bold = true;
        self
    }
}

/// A ruled table: a header row repeated on each page, then the rows.
#[derive(Clone, Debug)]
pub struct Table {
    /// Each column's share of the text width (they sum to 1).
    pub shares: Vec<f32>,
    pub header: Vec<Cell>,
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Clone, Debug)]
pub enum Block {
    Para(Para),
    Columns(Vec<Column>),
    Table(Table),
    /// Vertical space, in points.
    Space(f32),
    /// A bar chart: one bar per label, values drawn to scale.
    Bars(Bars),
}

/// A horizontal bar chart (the results report's unit scores).
#[derive(Clone, Debug)]
pub struct Bars {
    pub title: String,
    pub bars: Vec<(String, f64)>,
    /// The value a full bar stands for.
    pub max: f64,
}

/// A whole paper: pages of blocks (each page starts on a new sheet).
#[derive(Clone, Debug)]
pub struct Paper {
    pub orientation: Orientation,
    /// A double frame around each page (a certificate's border).
    pub framed: bool,
    pub pages: Vec<Vec<Block>>,
}
