use actix_web::{HttpRequest, HttpResponse, get, web};

use crate::error::ApiError;
use crate::http::extract::Query;
use crate::http::sheets::{self, Cell, Rows, Sheet, download_stem, negotiate};
use crate::model::nominations::{ProposalList, ProposalParams, SuggestionParams, Suggestions};
use crate::model::scoreboard::Format;
use crate::service::Caller;
use crate::service::nominations::proposals;
use crate::state::AppState;

/// Who attains each of the campaign's collective award rules on the approved
/// scoreboard of a period (or the whole campaign), with the score, rank and
/// targets read, marked when already nominated.
#[utoipa::path(
    tag = "nominations",
    operation_id = "nomination_suggestions",
    params(("id" = String, Path, description = "The campaign's id"), SuggestionParams),
    responses((status = 200, description = "The units attaining each rule, best first", body = Suggestions)),
)]
#[get("/campaigns/{id}/nominations/suggestions")]
pub async fn suggestions(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
    params: Query<SuggestionParams>,
) -> Result<web::Json<Suggestions>, ApiError> {
    let (id, period) = (id.into_inner(), params.0.period);
    let caches = state.caches.clone();
    let answer =
        state.db.run(move |conn| proposals::suggestions(conn, &caller, &caches, &id, period.as_deref())).await?;
    Ok(web::Json(answer))
}

/// The danh sách đề nghị: the campaign's nominations put forward (every
/// status but draft and withdrawn) — no., name, position/unit, award,
/// summary, status — as JSON, CSV or XLSX.
#[utoipa::path(
    tag = "nominations",
    operation_id = "nomination_proposal_list",
    params(("id" = String, Path, description = "The campaign's id"), ProposalParams),
    responses((status = 200, description = "JSON by default; `text/csv` (UTF-8 with BOM) or the XLSX workbook by `Accept` or `?format=`", content(
        (ProposalList = "application/json"),
        (String = "text/csv"),
        (crate::model::file::FileBytes = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ))),
)]
#[get("/campaigns/{id}/nominations/proposal-list")]
pub async fn proposal_list(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    id: web::Path<String>,
    params: Query<ProposalParams>,
) -> Result<HttpResponse, ApiError> {
    let ProposalParams { period, format } = params.0;
    let format = negotiate(&req, format);
    let id = id.into_inner();
    let list = state.db.run(move |conn| proposals::proposal_list(conn, &caller, &id, period.as_deref())).await?;
    if format == Format::Json {
        return Ok(HttpResponse::Ok().json(list));
    }
    let stem = download_stem(&list.campaign.code, list.period.as_deref(), "danh-sach-de-nghi");
    sheets::attachment(format, &stem, vec![proposal_sheet(&list)]).await
}

/// Trạng thái in the list's words.
fn status_text(list_status: crate::domain::nomination::NominationStatus) -> &'static str {
    use crate::domain::nomination::NominationStatus as S;
    match list_status {
        S::Draft => "Dự thảo",
        S::Proposed => "Đã đề nghị",
        S::Posted => "Đang công khai",
        S::Reviewed => "Hội đồng đã xét",
        S::Approved => "Được khen thưởng",
        S::Rejected => "Không khen thưởng",
        S::Forwarded => "Đã trình cấp trên",
        S::Withdrawn => "Đã rút",
    }
}

fn proposal_sheet(list: &ProposalList) -> Sheet {
    let rows = list
        .items
        .iter()
        .map(|l| {
            vec![
                Cell::Integer(i64::from(l.no)),
                Cell::text(&l.name),
                Cell::text(&l.position_unit),
                Cell::text(&l.award),
                Cell::text(&l.summary),
                Cell::text(status_text(l.status)),
            ]
        })
        .collect();
    Sheet {
        name: "Danh sách đề nghị",
        headers: vec![
            "STT",
            "Họ và tên / Tên tập thể",
            "Chức vụ, đơn vị",
            "Hình thức khen thưởng",
            "Tóm tắt thành tích",
            "Trạng thái",
        ],
        rows: Rows::Built(rows),
    }
}
