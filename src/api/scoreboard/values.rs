//! The counted values, as JSON pages or one CSV or XLSX file.

use actix_web::{HttpRequest, HttpResponse, get, web};

use crate::error::ApiError;
use crate::http::extract::Query;
use crate::http::sheets::{self, Cell, Rows, Sheet, download_stem, negotiate};
use crate::model::list::{List, PageParams};
use crate::model::scoreboard::{Format, ScoreboardParams, ValueLine};
use crate::service::{self, Caller};
use crate::state::AppState;

/// The approved values themselves, one per unit, period and criterion: to check the
/// scoreboard's sums, or to work on them in a spreadsheet.
#[utoipa::path(
    tag = "scoreboard",
    operation_id = "list_scoreboard_values",
    description = "JSON pages (`limit`/`offset`) by default; `text/csv` (UTF-8 with BOM) or XLSX by `Accept` or \
                   `?format=` give every value in one file. A reporter gets its own unit's values unless the \
                   campaign's results are public.",
    params(("id" = String, Path, description = "The campaign's id"), ScoreboardParams, PageParams),
    responses((status = 200, description = "The counted values", content(
        (List<ValueLine> = "application/json"),
        (String = "text/csv"),
        (crate::model::file::FileBytes = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ))),
)]
#[get("/campaigns/{id}/scoreboard/values")]
pub async fn list_values(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    id: web::Path<String>,
    params: Query<ScoreboardParams>,
    page: Query<PageParams>,
) -> Result<HttpResponse, ApiError> {
    let ScoreboardParams { period, format } = params.0;
    let format = negotiate(&req, format);
    let page = page.0.page();
    // JSON answers a page; a file holds every value.
    let paged = format == Format::Json;
    let (id, asked) = (id.into_inner(), period.clone());
    let values = state
        .db
        .run(move |conn| service::scoreboard::values::list(conn, &caller, &id, asked.as_deref(), paged.then_some(page)))
        .await?;
    if paged {
        return Ok(HttpResponse::Ok().json(List::new(values.lines, u64::try_from(values.total).unwrap_or(0), page)));
    }
    let rows = values
        .lines
        .iter()
        .map(|v| {
            vec![
                Cell::text(&v.period_id),
                Cell::text(&v.org_unit_code),
                Cell::text(&v.org_unit_name),
                Cell::text(&v.criterion_code),
                Cell::decimal(v.figures.numerator),
                Cell::decimal(v.figures.denominator),
                Cell::decimal(v.figures.percentage),
                Cell::decimal(v.figures.count),
                match v.figures.achieved {
                    Some(true) => Cell::text("Có"),
                    Some(false) => Cell::text("Không"),
                    None => Cell::Empty,
                },
                Cell::decimal(v.computed_percentage),
                if v.not_applicable { Cell::text("Không áp dụng") } else { Cell::met(v.met) },
                Cell::text(&v.note),
                Cell::text(&v.report_id),
            ]
        })
        .collect();
    let sheet = Sheet {
        name: "Số liệu đã duyệt",
        headers: vec![
            "Kỳ báo cáo",
            "Mã đơn vị",
            "Tên đơn vị",
            "Mã tiêu chí",
            "Tử số",
            "Mẫu số",
            "Tỷ lệ báo cáo (%)",
            "Số lượng",
            "Đạt được",
            "Tỷ lệ tính (%)",
            "Đánh giá",
            "Ghi chú",
            "Mã báo cáo",
        ],
        rows: Rows::Built(rows),
    };
    sheets::attachment(format, &download_stem(&values.campaign_code, period.as_deref(), "so-lieu"), vec![sheet]).await
}
