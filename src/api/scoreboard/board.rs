//! The scoreboard and its preview, as JSON, CSV or XLSX.

use std::sync::Arc;

use actix_web::{HttpRequest, HttpResponse, get, web};

use crate::error::ApiError;
use crate::http::extract::Query;
use crate::http::sheets::{self, Cell, Rows, Sheet, download_stem, negotiate};
use crate::model::scoreboard::{Format, Scoreboard, ScoreboardParams};
use crate::service::Caller;
use crate::service::scoreboard::board::{self, Counting};
use crate::state::AppState;

const SCOREBOARD_FORMATS: &str = "JSON by default; `text/csv` (UTF-8 with BOM: the units view) or the XLSX \
                                  workbook (sheets: units, criteria) by `Accept` or `?format=`";

/// The scoreboard of a campaign, from approved figures only.
#[utoipa::path(
    tag = "scoreboard",
    operation_id = "get_scoreboard",
    description = "Per unit: criteria met / applicable, the weighted score on a 100-point scale, the rank (equal \
                   scores share a rank, the next one skips), reports expected / submitted / on time / approved. Per \
                   criterion: the commune-wide figure (ratios: sum of numerators over sum of denominators), whether \
                   it meets the target, how many units met it. Only approved reports count.",
    params(("id" = String, Path, description = "The campaign's id"), ScoreboardParams),
    responses((status = 200, description = SCOREBOARD_FORMATS, content(
        (Scoreboard = "application/json"),
        (String = "text/csv"),
        (crate::model::file::FileBytes = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ))),
)]
#[get("/campaigns/{id}/scoreboard")]
pub async fn show(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    id: web::Path<String>,
    params: Query<ScoreboardParams>,
) -> Result<HttpResponse, ApiError> {
    answer(state, caller, &req, id.into_inner(), params.0, Counting::Approved).await
}

/// The scoreboard with submitted reports counted too, for the office before it approves.
#[utoipa::path(
    tag = "scoreboard",
    operation_id = "preview_scoreboard",
    description = "The same as the scoreboard, but reports still waiting for review count as if approved. The \
                   answer says `preview: true` and each unit's `reports.awaiting_review` says how many of its \
                   figures are provisional.",
    params(("id" = String, Path, description = "The campaign's id"), ScoreboardParams),
    responses((status = 200, description = SCOREBOARD_FORMATS, content(
        (Scoreboard = "application/json"),
        (String = "text/csv"),
        (crate::model::file::FileBytes = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ))),
)]
#[get("/campaigns/{id}/scoreboard/preview")]
pub async fn show_preview(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    id: web::Path<String>,
    params: Query<ScoreboardParams>,
) -> Result<HttpResponse, ApiError> {
    answer(state, caller, &req, id.into_inner(), params.0, Counting::WithSubmitted).await
}

/// Reads the board counting what `counting` says, and answers it in the format asked.
async fn answer(
    state: web::Data<AppState>,
    caller: Caller,
    req: &HttpRequest,
    id: String,
    ScoreboardParams { period, format }: ScoreboardParams,
    counting: Counting,
) -> Result<HttpResponse, ApiError> {
    let format = negotiate(req, format);
    let caches = state.caches.clone();
    let board = state
        .db
        .run(move |conn| board::board(conn, &caller, &caches.scoreboards, counting, &id, period.as_deref()))
        .await?;
    // A file is named after the view: the ranking, or its preview.
    let view = match counting {
        Counting::Approved => "xep-hang",
        Counting::WithSubmitted => "xem-truoc",
    };
    render(format, board, view).await
}

/// The board as JSON, or as a file named after the campaign, the period and `view`.
async fn render(format: Format, board: Arc<Scoreboard>, view: &str) -> Result<HttpResponse, ApiError> {
    if format == Format::Json {
        return Ok(HttpResponse::Ok().json(&*board));
    }
    let stem = download_stem(&board.campaign.code, board.period.as_deref(), view);
    let sheets = vec![units_sheet(&board), criteria_sheet(&board)];
    sheets::attachment(format, &stem, sheets).await
}

/// One row per unit, each made as the file is written (a province's board has
/// tens of thousands: their cells are never all held at once).
fn units_sheet(board: &Arc<Scoreboard>) -> Sheet {
    let board = Arc::clone(board);
    let rows = Rows::each(board.units.len(), move |i| {
        let u = &board.units[i];
        vec![
            Cell::integer(u.rank.map(i64::from)),
            Cell::text(&u.code),
            Cell::text(&u.name),
            Cell::decimal(u.score),
            Cell::Integer(u.met),
            Cell::Integer(u.applicable),
            Cell::Integer(u.not_applicable),
            Cell::Integer(u.reports.expected),
            Cell::Integer(u.reports.submitted),
            Cell::Integer(u.reports.on_time),
            Cell::Integer(u.reports.approved),
            Cell::Integer(u.reports.awaiting_review),
        ]
    });
    Sheet {
        name: "Xếp hạng đơn vị",
        headers: vec![
            "Hạng",
            "Mã đơn vị",
            "Tên đơn vị",
            "Điểm (thang 100)",
            "Số tiêu chí đạt",
            "Số tiêu chí áp dụng",
            "Không áp dụng",
            "Báo cáo phải nộp",
            "Đã nộp",
            "Nộp đúng hạn",
            "Đã duyệt",
            "Chờ duyệt",
        ],
        rows,
    }
}

fn criteria_sheet(board: &Scoreboard) -> Sheet {
    let rows = board
        .criteria
        .iter()
        .map(|c| {
            vec![
                Cell::text(&c.code),
                Cell::text(&c.title),
                Cell::text(&c.rule),
                Cell::Decimal(c.weight),
                Cell::decimal(c.numerator_sum),
                Cell::decimal(c.denominator_sum),
                Cell::decimal(c.value),
                Cell::met(c.meets_target),
                Cell::Integer(c.units_reporting),
                Cell::Integer(c.met),
                Cell::Integer(c.not_met),
                Cell::Integer(c.not_applicable),
            ]
        })
        .collect();
    Sheet {
        name: "Theo tiêu chí",
        headers: vec![
            "Mã tiêu chí",
            "Tiêu chí",
            "Chỉ tiêu",
            "Trọng số",
            "Tổng tử số",
            "Tổng mẫu số",
            "Kết quả toàn xã",
            "Đánh giá",
            "Số đơn vị thực hiện",
            "Đạt",
            "Không đạt",
            "Không áp dụng",
        ],
        rows: Rows::Built(rows),
    }
}
