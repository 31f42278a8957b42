//! Spreadsheet exports, shared by every resource that offers them (the
//! scoreboard, the proposal list, award decisions): a view is a table of
//! cells, answered as JSON by its handler, or here as CSV (UTF-8 with a BOM,
//! so Excel reads Vietnamese correctly) or as an XLSX workbook with one sheet
//! per view, so that each file follows one format.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse};
use rust_xlsxwriter::{Format as CellFormat, Workbook};

use crate::error::ApiError;
use crate::model::scoreboard::Format;

pub const CSV: &str = "text/csv; charset=utf-8";
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// `?format=` when given, else the first of CSV or XLSX the `Accept`
/// header names, else JSON.
pub fn negotiate(req: &HttpRequest, asked: Option<Format>) -> Format {
    if let Some(format) = asked {
        return format;
    }
    let accept = req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or("");
    let position = |mime: &str| accept.find(mime);
    match (position("text/csv"), position(XLSX)) {
        (Some(csv), Some(xlsx)) if xlsx < csv => Format::Xlsx,
        (Some(_), _) => Format::Csv,
        (None, Some(_)) => Format::Xlsx,
        (None, None) => Format::Json,
    }
}

/// One cell of a sheet.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    /// A whole number.
    Integer(i64),
    /// A number shown with two decimals (scores, percentages).
    Decimal(f64),
    Empty,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Self {
        Cell::Text(s.into())
    }

    pub fn decimal(v: Option<f64>) -> Self {
        v.map_or(Cell::Empty, Cell::Decimal)
    }

    pub fn integer(v: Option<i64>) -> Self {
        v.map_or(Cell::Empty, Cell::Integer)
    }

    /// A yes/no in Vietnamese: `Đạt` / `Không đạt`, empty when unknown.
    pub fn met(v: Option<bool>) -> Self {
        match v {
            Some(true) => Cell::text("Đạt"),
            Some(false) => Cell::text("Không đạt"),
            None => Cell::Empty,
        }
    }

    fn csv(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Integer(n) => n.to_string(),
            Cell::Decimal(v) => format!("{v:.2}"),
            Cell::Empty => String::new(),
        }
    }
}

/// A table: a sheet of a workbook, or the whole of a CSV file.
#[derive(Clone, Debug)]
pub struct Sheet {
    /// At most 31 characters, none of `[]:*?/\` (Excel's rule).
    pub name: &'static str,
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

/// The table as CSV bytes: a BOM, a header line, one line per row.
pub fn csv_bytes(sheet: &Sheet) -> Result<Vec<u8>, ApiError> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        writer.write_record(&sheet.headers).map_err(|e| ApiError::internal(&e))?;
        for row in &sheet.rows {
            writer.write_record(row.iter().map(Cell::csv)).map_err(|e| ApiError::internal(&e))?;
        }
        writer.flush().map_err(|e| ApiError::internal(&e))?;
    }
    Ok(out)
}

/// The tables as an XLSX workbook, one sheet each, with bold frozen headers,
/// filters, and number formats.
pub fn xlsx_bytes(sheets: &[Sheet]) -> Result<Vec<u8>, ApiError> {
    let failed = |e: rust_xlsxwriter::XlsxError| ApiError::internal(&e);
    let mut workbook = Workbook::new();
    let bold = CellFormat::new().set_bold();
    let whole = CellFormat::new().set_num_format("#,##0");
    let decimal = CellFormat::new().set_num_format("#,##0.00");
    for sheet in sheets {
        let ws = workbook.add_worksheet();
        ws.set_name(sheet.name).map_err(failed)?;
        for (col, title) in sheet.headers.iter().enumerate() {
            let col = u16::try_from(col).unwrap_or(u16::MAX);
            ws.write_string_with_format(0, col, *title, &bold).map_err(failed)?;
            ws.set_column_width(col, (title.chars().count() as f64 + 2.0).clamp(10.0, 40.0)).map_err(failed)?;
        }
        for (i, row) in sheet.rows.iter().enumerate() {
            let r = u32::try_from(i + 1).unwrap_or(u32::MAX);
            for (col, cell) in row.iter().enumerate() {
                let col = u16::try_from(col).unwrap_or(u16::MAX);
                match cell {
                    Cell::Text(s) => ws.write_string(r, col, s).map(|_| ()),
                    Cell::Integer(n) => ws.write_number_with_format(r, col, *n as f64, &whole).map(|_| ()),
                    Cell::Decimal(v) => ws.write_number_with_format(r, col, *v, &decimal).map(|_| ()),
                    Cell::Empty => Ok(()),
                }
                .map_err(failed)?;
            }
        }
        ws.set_freeze_panes(1, 0).map_err(failed)?;
        let last_col = u16::try_from(sheet.headers.len().saturating_sub(1)).unwrap_or(0);
        let last_row = u32::try_from(sheet.rows.len()).unwrap_or(u32::MAX);
        ws.autofilter(0, 0, last_row, last_col).map_err(failed)?;
    }
    workbook.save_to_buffer().map_err(failed)
}

/// A file to download, named `stem` plus the format's extension.
pub fn attachment(format: Format, stem: &str, sheets: &[Sheet]) -> Result<HttpResponse, ApiError> {
    let (body, content_type, extension) = match format {
        Format::Csv => (csv_bytes(&sheets[0])?, CSV, "csv"),
        Format::Xlsx => (xlsx_bytes(sheets)?, XLSX, "xlsx"),
        Format::Json => return Err(ApiError::internal(&"a JSON view is not an attachment")),
    };
    // `filename` for old clients (ASCII only), `filename*` with the real name (RFC 6266).
    let ascii: String = stem.chars().map(|c| if c.is_ascii() { c } else { '_' }).collect();
    let encoded: String = form_urlencoded::byte_serialize(stem.as_bytes()).collect::<String>().replace('+', "%20");
    let disposition = format!("attachment; filename=\"{ascii}.{extension}\"; filename*=UTF-8''{encoded}.{extension}");
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((
            header::CONTENT_DISPOSITION,
            HeaderValue::from_str(&disposition).map_err(|e| ApiError::internal(&e))?,
        ))
        .body(body))
}

/// A file name part from free text: letters, digits and `-` only
/// (`05/KH-UBND` → `05-KH-UBND`), so every file system takes it.
pub fn file_stem(part: &str) -> String {
    let mut out = String::new();
    for c in part.chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_owned()
}

/// `05-KH-UBND_2023Q1_xep-hang`; `ca-ky` (the whole campaign) when no period.
pub fn download_stem(code: &str, period: Option<&str>, view: &str) -> String {
    format!("{}_{}_{view}", file_stem(code), period.unwrap_or("ca-ky"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_starts_with_a_bom_and_keeps_vietnamese() {
        let sheet = Sheet {
            name: "Xếp hạng",
            headers: vec!["Đơn vị", "Điểm"],
            rows: vec![vec![Cell::text("Văn phòng, Thống kê"), Cell::Decimal(87.5)]],
        };
        let bytes = csv_bytes(&sheet).unwrap();
        assert_eq!(&bytes[..3], [0xEF, 0xBB, 0xBF]);
        assert_eq!(String::from_utf8(bytes[3..].to_vec()).unwrap(), "Đơn vị,Điểm\n\"Văn phòng, Thống kê\",87.50\n");
    }

    #[test]
    fn file_stems_are_plain() {
        assert_eq!(file_stem("05/KH-UBND"), "05-KH-UBND");
        assert_eq!(file_stem("Đại Thắng / 2023"), "Đại-Thắng-2023");
    }
}
