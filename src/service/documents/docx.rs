//! A [`Paper`] as DOCX (WordprocessingML), with docx-rs: what an office
//! edits before signing. A4, the NĐ 30/2020 margins, Times New Roman (the
//! decree's font, on every office's machine; the PDF embeds its metric
//! twin) at 13 pt. Side-by-side blocks are borderless tables, as offices'
//! own templates lay out the header and the signature.

use std::io::Cursor;

use docx_rs::{
    AlignmentType, BreakType, Docx, LineSpacing, PageMargin, PageOrientationType, Paragraph, Run, RunFonts, Shading,
    ShdType, SpecialIndentType, Table, TableCell, TableLayoutType, TableRow, VAlignType, WidthType,
};

use super::layout::{
    Align, Bars, Block, Cell, Column, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM, MARGIN_TOP_MM, Orientation,
    Paper, Para, SMALL_PT,
};
use crate::domain::paper::decimal;
use crate::error::ApiError;

const TWIPS_PER_MM: f32 = 1440.0 / 25.4;
const A4_SHORT: u32 = 11906;
const A4_LONG: u32 = 16838;
const FONT: &str = "Times New Roman";

fn twips(mm: f32) -> i32 {
    (mm * TWIPS_PER_MM).round() as i32
}

/// Half-points, as WordprocessingML sizes text.
fn half_points(points: f32) -> usize {
    (points * 2.0).round() as usize
}

fn alignment(align: Align) -> AlignmentType {
    match align {
        Align::Left => AlignmentType::Left,
        Align::Center => AlignmentType::Center,
        Align::Right => AlignmentType::Right,
        Align::Justify => AlignmentType::Both,
    }
}

fn paragraph(para: &Para) -> Paragraph {
    let mut p = Paragraph::new()
        .align(alignment(para.align))
        .line_spacing(LineSpacing::new().before(0).after((para.after * 20.0) as u32));
    if para.indent {
        p = p.indent(None, Some(SpecialIndentType::FirstLine(567)), None, None);
    }
    for span in &para.spans {
        let mut run = Run::new().add_text(&span.text).size(half_points(para.size));
        if span.bold {
            run = run.bold();
        }
        if span.italic {
            run = run.italic();
        }
        p = p.add_run(run);
    }
    p
}

/// The short rule under a heading: non-breaking spaces underlined, so it is
/// a line on the page and no text in the file.
fn rule(fraction: f32, width_twips: f32) -> Paragraph {
    // A 13 pt non-breaking space is about 65 twips wide.
    let count = ((width_twips * fraction) / 65.0).round().max(1.0) as usize;
    Paragraph::new()
        .align(AlignmentType::Center)
        .line_spacing(LineSpacing::new().before(0).after(60).line(200))
        .add_run(Run::new().add_text("\u{a0}".repeat(count)).underline("single").size(half_points(6.0)))
}

fn paragraphs(paras: &[Para], width_twips: f32) -> Vec<Paragraph> {
    let mut out = Vec::new();
    for para in paras {
        out.push(paragraph(para));
        if let Some(fraction) = para.rule {
            out.push(rule(fraction, width_twips));
        }
    }
    out
}

fn columns(cols: &[Column], text_width: f32) -> Table {
    let cells = cols
        .iter()
        .map(|col| {
            let width = text_width * col.share;
            let mut cell = TableCell::new().width(width as usize, WidthType::Dxa);
            for p in paragraphs(&col.paras, width) {
                cell = cell.add_paragraph(p);
            }
            cell
        })
        .collect();
    let grid = cols.iter().map(|c| (text_width * c.share) as usize).collect();
    Table::without_borders(vec![TableRow::new(cells)]).set_grid(grid).layout(TableLayoutType::Fixed)
}

fn cell(c: &Cell, width: f32) -> TableCell {
    let mut para = Para::new(c.align).size(SMALL_PT);
    para = if c.bold { para.bold(&c.text) } else { para.text(&c.text) };
    TableCell::new()
        .width(width as usize, WidthType::Dxa)
        .vertical_align(VAlignType::Center)
        .add_paragraph(paragraph(&para))
}

fn table(t: &super::layout::Table, text_width: f32) -> Table {
    let widths: Vec<f32> = t.shares.iter().map(|s| s * text_width).collect();
    let row = |cells: &[Cell]| TableRow::new(cells.iter().zip(&widths).map(|(c, w)| cell(c, *w)).collect());
    let mut rows = vec![row(&t.header)];
    rows.extend(t.rows.iter().map(|r| row(r)));
    Table::new(rows).set_grid(widths.iter().map(|w| *w as usize).collect()).layout(TableLayoutType::Fixed)
}

/// One borderless row per bar: the label, a shaded cell as long as the value, the value.
fn bars(chart: &Bars, text_width: f32) -> Vec<Table> {
    let label = text_width * 0.38;
    let value_cell = text_width * 0.1;
    let full = text_width - label - value_cell;
    chart
        .bars
        .iter()
        .map(|(name, value)| {
            let share = if chart.max > 0.0 { (value / chart.max).clamp(0.0, 1.0) as f32 } else { 0.0 };
            let bar = (full * share).max(20.0);
            let rest = (full - bar).max(0.0) + value_cell;
            let small = |text: String| paragraph(&Para::new(Align::Left).size(SMALL_PT - 1.0).text(text));
            let cells = vec![
                TableCell::new().width(label as usize, WidthType::Dxa).add_paragraph(small(name.clone())),
                TableCell::new()
                    .width(bar as usize, WidthType::Dxa)
                    .shading(Shading::new().shd_type(ShdType::Clear).fill("466EAA"))
                    .add_paragraph(Paragraph::new()),
                TableCell::new().width(rest as usize, WidthType::Dxa).add_paragraph(small(decimal(*value))),
            ];
            Table::without_borders(vec![TableRow::new(cells)])
                .set_grid(vec![label as usize, bar as usize, rest as usize])
                .layout(TableLayoutType::Fixed)
        })
        .collect()
}

/// Renders a paper as DOCX bytes.
pub fn render(paper: &Paper) -> Result<Vec<u8>, ApiError> {
    let (w, h) = match paper.orientation {
        Orientation::Portrait => (A4_SHORT, A4_LONG),
        Orientation::Landscape => (A4_LONG, A4_SHORT),
    };
    let text_width = w as f32 - (twips(MARGIN_LEFT_MM) + twips(MARGIN_RIGHT_MM)) as f32;
    let mut docx = Docx::new()
        .page_size(w, h)
        .page_orient(match paper.orientation {
            Orientation::Portrait => PageOrientationType::Portrait,
            Orientation::Landscape => PageOrientationType::Landscape,
        })
        .page_margin(PageMargin {
            top: twips(MARGIN_TOP_MM),
            bottom: twips(MARGIN_BOTTOM_MM),
            left: twips(MARGIN_LEFT_MM),
            right: twips(MARGIN_RIGHT_MM),
            header: twips(10.0),
            footer: twips(10.0),
            gutter: 0,
        })
        .default_fonts(RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT).east_asia(FONT))
        .default_size(half_points(super::layout::BODY_PT));
    for (i, page) in paper.pages.iter().enumerate() {
        if i > 0 {
            docx = docx.add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)));
        }
        for block in page {
            docx = match block {
                Block::Para(para) => {
                    paragraphs(std::slice::from_ref(para), text_width).into_iter().fold(docx, |d, p| d.add_paragraph(p))
                }
                Block::Columns(cols) => docx.add_table(columns(cols, text_width)),
                Block::Table(t) => docx.add_table(table(t, text_width)).add_paragraph(Paragraph::new()),
                Block::Space(points) => docx.add_paragraph(
                    Paragraph::new().line_spacing(LineSpacing::new().before(0).after(0).line((points * 20.0) as i32)),
                ),
                Block::Bars(chart) => {
                    let title = paragraph(&Para::new(Align::Center).bold(&chart.title).after(4.0));
                    bars(chart, text_width).into_iter().fold(docx.add_paragraph(title), |d, t| d.add_table(t))
                }
            };
        }
    }
    let mut out = Cursor::new(Vec::new());
    docx.build().pack(&mut out).map_err(|e| ApiError::internal(&e))?;
    Ok(out.into_inner())
}
