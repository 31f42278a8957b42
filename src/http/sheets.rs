//! Spreadsheet exports, shared by every resource that offers them (the
//! scoreboard, the proposal list, award decisions): a view is a table of
//! cells, answered as JSON by its handler, or here as CSV (UTF-8 with a BOM,
//! so Excel reads Vietnamese correctly) or as an XLSX workbook with one sheet
//! per view, so that each file follows one format.
//!
//! Files are streamed, so that a board of 20,000 units never has its file
//! (nor every row's cells) in memory: a CSV is written a few hundred rows
//! at a time as the client reads it; a workbook is written row by row in
//! rust_xlsxwriter's constant-memory mode into an unnamed temporary file
//! (off the async workers), which is then sent in chunks. A sheet's rows
//! may be made one at a time from what the caller holds ([`Rows::each`]).

use std::io::{Read, Seek, SeekFrom};
use std::sync::Arc;

use actix_web::http::header::{self, HeaderValue};
use actix_web::web::{self, Bytes};
use actix_web::{HttpRequest, HttpResponse};
use futures_util::stream::{self, Stream, StreamExt};
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

/// The rows of a sheet: built beforehand (a short list), or made one at a
/// time when the file is written (a board of thousands of units: only the
/// row being written has its cells).
#[derive(Clone)]
pub enum Rows {
    Built(Vec<Vec<Cell>>),
    Each { count: usize, row: Arc<dyn Fn(usize) -> Vec<Cell> + Send + Sync> },
}

impl Rows {
    /// `count` rows, the `i`th made by `row(i)` when it is written.
    pub fn each(count: usize, row: impl Fn(usize) -> Vec<Cell> + Send + Sync + 'static) -> Self {
        Rows::Each { count, row: Arc::new(row) }
    }

    pub fn len(&self) -> usize {
        match self {
            Rows::Built(rows) => rows.len(),
            Rows::Each { count, .. } => *count,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Calls `f` with the cells of row `i` (< `len()`).
    fn with_row<T>(&self, i: usize, f: impl FnOnce(&[Cell]) -> T) -> T {
        match self {
            Rows::Built(rows) => f(&rows[i]),
            Rows::Each { row, .. } => f(&row(i)),
        }
    }
}

impl From<Vec<Vec<Cell>>> for Rows {
    fn from(rows: Vec<Vec<Cell>>) -> Self {
        Rows::Built(rows)
    }
}

impl std::fmt::Debug for Rows {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rows").field("len", &self.len()).finish_non_exhaustive()
    }
}

/// A table: a sheet of a workbook, or the whole of a CSV file.
#[derive(Clone, Debug)]
pub struct Sheet {
    /// At most 31 characters, none of `[]:*?/\` (Excel's rule).
    pub name: &'static str,
    pub headers: Vec<&'static str>,
    pub rows: Rows,
}

/// Rows per piece of a streamed CSV (a few tens of kilobytes).
const CSV_ROWS_PER_CHUNK: usize = 256;

/// Piece `k` of the table as CSV: a BOM and the header line (`k` = 0), then
/// the rows of chunk `k - 1`.
fn csv_chunk(sheet: &Sheet, k: usize) -> Result<Vec<u8>, std::io::Error> {
    let mut out = Vec::new();
    if k == 0 {
        out.extend_from_slice("\u{feff}".as_bytes());
    }
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        if k == 0 {
            writer.write_record(&sheet.headers)?;
        } else {
            let start = (k - 1) * CSV_ROWS_PER_CHUNK;
            for i in start..(start + CSV_ROWS_PER_CHUNK).min(sheet.rows.len()) {
                sheet.rows.with_row(i, |row| writer.write_record(row.iter().map(Cell::csv)))?;
            }
        }
        writer.flush()?;
    }
    Ok(out)
}

/// The table as CSV, piece by piece as the client reads it: a BOM, a
/// header line, one line per row.
fn csv_stream(sheet: Sheet) -> impl Stream<Item = Result<Bytes, std::io::Error>> + 'static {
    let chunks = 1 + sheet.rows.len().div_ceil(CSV_ROWS_PER_CHUNK);
    stream::iter(0..chunks).map(move |k| csv_chunk(&sheet, k).map(Bytes::from))
}

/// The table as CSV bytes, whole (for tests and small tables).
pub fn csv_bytes(sheet: &Sheet) -> Result<Vec<u8>, ApiError> {
    let mut out = Vec::new();
    for k in 0..1 + sheet.rows.len().div_ceil(CSV_ROWS_PER_CHUNK) {
        out.extend(csv_chunk(sheet, k).map_err(|e| ApiError::internal(&e))?);
    }
    Ok(out)
}

/// Writes the tables as an XLSX workbook, one sheet each, with bold frozen
/// headers, filters, and number formats, into `out`. Each sheet in
/// constant-memory mode: a row's cells go to the library's temporary file
/// as soon as the next row starts.
pub fn write_xlsx(sheets: &[Sheet], out: impl std::io::Write + Send) -> Result<(), ApiError> {
    let failed = |e: rust_xlsxwriter::XlsxError| ApiError::internal(&e);
    let mut workbook = Workbook::new();
    let bold = CellFormat::new().set_bold();
    let whole = CellFormat::new().set_num_format("#,##0");
    let decimal = CellFormat::new().set_num_format("#,##0.00");
    for sheet in sheets {
        let ws = workbook.add_worksheet_with_constant_memory().map_err(failed)?;
        ws.set_name(sheet.name).map_err(failed)?;
        for (col, title) in sheet.headers.iter().enumerate() {
            let col = u16::try_from(col).unwrap_or(u16::MAX);
            ws.set_column_width(col, (title.chars().count() as f64 + 2.0).clamp(10.0, 40.0)).map_err(failed)?;
            ws.write_string_with_format(0, col, *title, &bold).map_err(failed)?;
        }
        for i in 0..sheet.rows.len() {
            let r = u32::try_from(i + 1).unwrap_or(u32::MAX);
            sheet.rows.with_row(i, |row| write_row(ws, r, row, &whole, &decimal)).map_err(failed)?;
        }
        ws.set_freeze_panes(1, 0).map_err(failed)?;
        let last_col = u16::try_from(sheet.headers.len().saturating_sub(1)).unwrap_or(0);
        let last_row = u32::try_from(sheet.rows.len()).unwrap_or(u32::MAX);
        ws.autofilter(0, 0, last_row, last_col).map_err(failed)?;
    }
    workbook.save_to_writer(out).map_err(failed)
}

/// The tables as XLSX bytes, whole (for tests and small tables).
pub fn xlsx_bytes(sheets: &[Sheet]) -> Result<Vec<u8>, ApiError> {
    let mut out = Vec::new();
    write_xlsx(sheets, &mut out)?;
    Ok(out)
}

fn write_row(
    ws: &mut rust_xlsxwriter::Worksheet,
    r: u32,
    row: &[Cell],
    whole: &CellFormat,
    decimal: &CellFormat,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    for (col, cell) in row.iter().enumerate() {
        let col = u16::try_from(col).unwrap_or(u16::MAX);
        match cell {
            Cell::Text(s) => ws.write_string(r, col, s).map(|_| ()),
            Cell::Integer(n) => ws.write_number_with_format(r, col, *n as f64, whole).map(|_| ()),
            Cell::Decimal(v) => ws.write_number_with_format(r, col, *v, decimal).map(|_| ()),
            Cell::Empty => Ok(()),
        }?;
    }
    Ok(())
}

/// Bytes read from a finished file per piece sent.
const FILE_CHUNK: usize = 64 * 1024;

/// The workbook written into an unnamed temporary file (gone when closed),
/// off the async workers, then read back piece by piece as the client takes it.
async fn xlsx_stream(sheets: Vec<Sheet>) -> Result<impl Stream<Item = Result<Bytes, std::io::Error>>, ApiError> {
    let file = web::block(move || {
        let mut file = tempfile::tempfile().map_err(|e| ApiError::internal(&e))?;
        write_xlsx(&sheets, std::io::BufWriter::new(&mut file))?;
        file.seek(SeekFrom::Start(0)).map_err(|e| ApiError::internal(&e))?;
        Ok::<_, ApiError>(file)
    })
    .await
    .map_err(|e| ApiError::internal(&e))??;
    Ok(stream::unfold(Some(file), |file| async move {
        let mut file = file?;
        let read = web::block(move || {
            let mut piece = vec![0; FILE_CHUNK];
            let n = file.read(&mut piece)?;
            piece.truncate(n);
            Ok::<_, std::io::Error>((file, piece))
        })
        .await
        .map_err(std::io::Error::other)
        .and_then(|read| read);
        match read {
            Ok((_, piece)) if piece.is_empty() => None,
            Ok((file, piece)) => Some((Ok(Bytes::from(piece)), Some(file))),
            Err(e) => Some((Err(e), None)),
        }
    }))
}

/// A file to download, named `stem` plus the format's extension, streamed.
pub async fn attachment(format: Format, stem: &str, sheets: Vec<Sheet>) -> Result<HttpResponse, ApiError> {
    let (content_type, extension) = match format {
        Format::Csv => (CSV, "csv"),
        Format::Xlsx => (XLSX, "xlsx"),
        Format::Json => return Err(ApiError::internal(&"a JSON view is not an attachment")),
    };
    // `filename` for old clients (ASCII only), `filename*` with the real name (RFC 6266).
    let ascii: String = stem.chars().map(|c| if c.is_ascii() { c } else { '_' }).collect();
    let encoded: String = form_urlencoded::byte_serialize(stem.as_bytes()).collect::<String>().replace('+', "%20");
    let disposition = format!("attachment; filename=\"{ascii}.{extension}\"; filename*=UTF-8''{encoded}.{extension}");
    let mut response = HttpResponse::Ok();
    response.content_type(content_type).insert_header((
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&disposition).map_err(|e| ApiError::internal(&e))?,
    ));
    Ok(match format {
        // A CSV holds the first table only.
        Format::Csv => {
            let first = sheets.into_iter().next().ok_or_else(|| ApiError::internal(&"a CSV of no table"))?;
            response.streaming(csv_stream(first))
        }
        _ => response.streaming(xlsx_stream(sheets).await?),
    })
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
            rows: vec![vec![Cell::text("Văn phòng, Thống kê"), Cell::Decimal(87.5)]].into(),
        };
        let bytes = csv_bytes(&sheet).unwrap();
        assert_eq!(&bytes[..3], [0xEF, 0xBB, 0xBF]);
        assert_eq!(String::from_utf8(bytes[3..].to_vec()).unwrap(), "Đơn vị,Điểm\n\"Văn phòng, Thống kê\",87.50\n");
    }

    #[test]
    fn rows_made_one_at_a_time_come_out_in_order_across_pieces() {
        let n = CSV_ROWS_PER_CHUNK * 2 + 3;
        let sheet = Sheet {
            name: "Xếp hạng",
            headers: vec!["Hạng"],
            rows: Rows::each(n, |i| vec![Cell::Integer(i64::try_from(i).unwrap())]),
        };
        let text = String::from_utf8(csv_bytes(&sheet).unwrap()).unwrap();
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines.len(), n + 1);
        assert_eq!((lines[0], lines[1], lines[n]), ("Hạng", "0", &*(n - 1).to_string()));
        let bytes = xlsx_bytes(&[sheet]).unwrap();
        assert_eq!(&bytes[..2], b"PK");
    }

    #[test]
    fn file_stems_are_plain() {
        assert_eq!(file_stem("05/KH-UBND"), "05-KH-UBND");
        assert_eq!(file_stem("Đại Thắng / 2023"), "Đại-Thắng-2023");
    }
}
