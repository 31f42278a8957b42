//! The rows of an import, read from JSON or CSV into one shape: a report's
//! codes and a value entry read as the report API reads one (so a figure of
//! the wrong type is named alike). Each row is read on its own, so that
//! every bad row is listed, by its number.

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::error::{ApiError, FieldError};
use crate::model::imports::ImportProblem;
use crate::model::reports::ValueEntry;

/// The columns of a CSV import (and the fields of a JSON row).
pub const COLUMNS: [&str; 10] =
    ["campaign", "unit", "period", "criterion", "numerator", "denominator", "percentage", "count", "achieved", "note"];
/// Those every row must give.
const CODES: [&str; 4] = ["campaign", "unit", "period", "criterion"];
const NUMBERS: [&str; 4] = ["numerator", "denominator", "percentage", "count"];

/// One row, read.
#[derive(Debug, Clone, serde::Serialize, Deserialize)]
pub struct Row {
    /// From 1.
    pub number: u32,
    pub campaign: String,
    pub unit: String,
    pub period: String,
    /// The value's fields as sent (`criterion` and the figures), read again
    /// into a [`ValueEntry`] when the row is imported.
    pub value: Map<String, Value>,
}

impl Row {
    /// The value, as the report API reads a value.
    pub fn entry(&self) -> ValueEntry {
        serde_json::from_value(Value::Object(self.value.clone())).unwrap_or_else(|e| ValueEntry::Unreadable {
            criterion: None,
            errors: vec![FieldError::new("", "invalid", e.to_string())],
        })
    }
}

/// The rows read, and the problems of those that could not be.
#[derive(Debug, Default)]
pub struct Rows {
    pub rows: Vec<Row>,
    pub problems: Vec<ImportProblem>,
    /// How many rows the file has, readable or not.
    pub total: u32,
}

fn problem(row: u32, field: &str, code: &str, message: impl Into<String>) -> ImportProblem {
    ImportProblem { row, field: field.to_owned(), code: code.to_owned(), message: message.into() }
}

/// Reads one row given as a JSON object.
fn read_object(number: u32, object: Map<String, Value>, out: &mut Rows) {
    let mut faults = Vec::new();
    for key in object.keys().filter(|k| !COLUMNS.contains(&k.as_str())) {
        faults.push(problem(number, key, "unknown_field", format!("A row has no field {key:?}.")));
    }
    let mut code = |name: &str| match object.get(name) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Some(Value::String(_)) | None | Some(Value::Null) => {
            faults.push(problem(number, name, "required", format!("{name} is required.")));
            None
        }
        Some(_) => {
            faults.push(problem(number, name, "invalid", format!("{name} must be text.")));
            None
        }
    };
    let (campaign, unit, period, criterion) = (code("campaign"), code("unit"), code("period"), code("criterion"));
    if !faults.is_empty() {
        out.problems.extend(faults);
        return;
    }
    let (Some(campaign), Some(unit), Some(period), Some(criterion)) = (campaign, unit, period, criterion) else {
        return;
    };
    let mut value: Map<String, Value> =
        object.into_iter().filter(|(k, _)| !["campaign", "unit", "period"].contains(&k.as_str())).collect();
    value.insert("criterion".to_owned(), Value::String(criterion));
    out.rows.push(Row { number, campaign, unit, period, value });
}

/// Reads the rows of a JSON import (`{"rows": [...]}`).
pub fn from_json(rows: Vec<Value>) -> Rows {
    let mut out = Rows { total: u32::try_from(rows.len()).unwrap_or(u32::MAX), ..Rows::default() };
    for (index, row) in rows.into_iter().enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        match row {
            Value::Object(object) => read_object(number, object, &mut out),
            _ => out.problems.push(problem(number, "row", "invalid", "A row is an object.")),
        }
    }
    out
}

/// Reads the rows of a CSV import: UTF-8 (a byte order mark is skipped),
/// comma-separated, a header naming the columns of [`COLUMNS`] in any
/// order. An empty cell is a figure not given; a figure is a number
/// (`12`, `92.5`), `achieved` is `true` or `false`. A header naming an
/// unknown column, or lacking a code, is refused whole (422).
pub fn from_csv(body: &[u8]) -> Result<Rows, ApiError> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    if std::str::from_utf8(body).is_err() {
        return Err(ApiError::validation(vec![FieldError::new("body", "invalid", "A CSV import is UTF-8 text.")]));
    }
    let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(body);
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| ApiError::validation(vec![FieldError::new("header", "invalid", e.to_string())]))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let mut errors = Vec::new();
    for (index, name) in header.iter().enumerate() {
        if !COLUMNS.contains(&name.as_str()) {
            errors.push(FieldError::new(
                format!("header[{index}]"),
                "unknown_column",
                format!("No column is named {name:?}; the columns are {}.", COLUMNS.join(", ")),
            ));
        } else if header[..index].contains(name) {
            errors.push(FieldError::new(format!("header[{index}]"), "duplicate", format!("{name} is named twice.")));
        }
    }
    for code in CODES.iter().filter(|c| !header.iter().any(|h| h == *c)) {
        errors.push(FieldError::new("header", "required", format!("The header must name the column {code}.")));
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let mut out = Rows::default();
    for (index, record) in reader.records().enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        out.total = number;
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                out.problems.push(problem(number, "row", "invalid", e.to_string()));
                continue;
            }
        };
        if record.len() != header.len() {
            let message = format!("The row has {} cells; the header names {}.", record.len(), header.len());
            out.problems.push(problem(number, "row", "invalid", message));
            continue;
        }
        let mut object = Map::new();
        for (name, cell) in header.iter().zip(record.iter()) {
            let cell = cell.trim();
            if cell.is_empty() && name != "note" {
                continue;
            }
            let value = if NUMBERS.contains(&name.as_str()) {
                // Left as text when it is no number: then named as the JSON form names it.
                cell.parse::<f64>()
                    .ok()
                    .filter(|n| n.is_finite())
                    .and_then(serde_json::Number::from_f64)
                    .map_or_else(|| Value::String(cell.to_owned()), Value::Number)
            } else if name == "achieved" {
                match cell {
                    "true" => Value::Bool(true),
                    "false" => Value::Bool(false),
                    other => Value::String(other.to_owned()),
                }
            } else {
                Value::String(cell.to_owned())
            };
            object.insert(name.clone(), value);
        }
        read_object(number, object, &mut out);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_a_bom_and_columns_in_any_order() {
        let csv = "\u{feff}unit,campaign,period,criterion,numerator,denominator,note\n\
                   XA,TD,2025Q1,4.1,3,4,\"a, b\"\n\
                   XA,TD,2025Q1,4.2,x,4,\n";
        let rows = from_csv(csv.as_bytes()).unwrap();
        assert_eq!(rows.total, 2);
        assert_eq!(rows.rows.len(), 2);
        assert_eq!(rows.rows[0].unit, "XA");
        assert_eq!(rows.rows[0].value["numerator"], serde_json::json!(3.0));
        assert_eq!(rows.rows[0].value["note"], "a, b");
        let ValueEntry::Unreadable { errors, .. } = rows.rows[1].entry() else { panic!("x is no number") };
        assert_eq!(errors[0].field, "numerator");
    }

    #[test]
    fn a_header_without_codes_or_with_strangers_is_refused() {
        let error = from_csv(b"campaign,unit,criterion,colour\n").unwrap_err();
        let fields: Vec<_> = error.problem().errors.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
        assert_eq!(fields, [("header[3]", "unknown_column"), ("header", "required")]);
    }

    #[test]
    fn json_rows_lacking_codes_are_listed() {
        let rows = from_json(vec![
            serde_json::json!({"campaign": "TD", "unit": "XA", "period": "2025Q1", "criterion": "4.1", "count": 2}),
            serde_json::json!({"campaign": "TD", "period": "2025Q1", "criterion": "4.1", "colour": 1}),
            serde_json::json!(3),
        ]);
        assert_eq!(rows.rows.len(), 1);
        let problems: Vec<_> = rows.problems.iter().map(|p| (p.row, p.field.as_str(), p.code.as_str())).collect();
        assert_eq!(problems, [(2, "colour", "unknown_field"), (2, "unit", "required"), (3, "row", "invalid")]);
    }
}
