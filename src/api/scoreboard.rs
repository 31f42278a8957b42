//! `/api/v1/campaigns/{id}/scoreboard`: who met which target, scored and
//! ranked (the rules are in `domain::score`), explained per unit, and the
//! counted values themselves — as JSON, CSV or XLSX.

use std::collections::HashMap;

use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::export::{self, Cell, Format, Sheet};
use super::scoreboard_cache::ScoreboardCache;
use crate::auth::policy::{Grant, not_found, results_grant};
use crate::auth::{Action, Principal, authorize};
use crate::db::scoreboard::{Counted, ReportCounts, statuses};
use crate::db::{self, Db, DbConnection};
use crate::domain::accounts::OrgUnit;
use crate::domain::campaign::{Campaign, Comparator, Criterion, Measure};
use crate::domain::org::{OrgKind, within};
use crate::domain::periods::{Period, periods};
use crate::domain::report::{Figures, Target};
use crate::domain::score::{
    Aggregation, CriterionTally, UnitTally, by_score_desc, commune_figure, counted_periods, ranks, round2, rule_text,
    unit_score,
};
use crate::error::{ApiError, FieldError};
use crate::http::extract::Query;
use crate::model::list::{List, PageParams};
use crate::service::campaigns::visible;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ScoreboardParams {
    /// One period (`2023Q1`); absent: the whole campaign — every period
    /// whose due day has passed, and every period that already has results.
    pub period: Option<String>,
    /// `json` (the default), `csv` or `xlsx`; overrides `Accept`.
    #[param(inline)]
    pub format: Option<Format>,
}

/// The campaign a scoreboard belongs to.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CampaignRef {
    pub id: String,
    pub code: String,
    pub title: String,
    pub issuer_id: String,
}

/// Reports of a unit in the counted periods.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, ToSchema)]
pub struct ReportTally {
    /// One per counted period.
    pub expected: i64,
    /// Submitted at least once.
    pub submitted: i64,
    /// First submitted by the due day.
    pub on_time: i64,
    pub approved: i64,
    /// Submitted and not yet reviewed: counted only in a preview, where they are provisional.
    pub awaiting_review: i64,
}

/// One unit's line on the scoreboard.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct UnitLine {
    /// Competition rank ("1, 2, 2, 4"); `null` when nothing applies to the unit.
    pub rank: Option<u32>,
    pub org_unit_id: String,
    pub code: String,
    pub name: String,
    pub kind: OrgKind,
    /// 100 × weight met ÷ weight applicable, to 2 decimals.
    pub score: Option<f64>,
    /// Criteria met, counted once per period.
    pub met: i64,
    /// Criteria that could be met (not-applicable values left out), once per period.
    pub applicable: i64,
    /// Ratios over a zero denominator: nothing to measure.
    pub not_applicable: i64,
    pub met_weight: f64,
    pub applicable_weight: f64,
    pub reports: ReportTally,
}

/// One criterion across the units on the scoreboard.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CriterionLine {
    pub criterion_id: String,
    pub code: String,
    pub parent_code: Option<String>,
    pub title: String,
    pub measure: Measure,
    pub comparator: Comparator,
    pub target: Option<f64>,
    /// The target in words: `≥ 65%`, `= 100%`, `achieved`.
    pub rule: String,
    pub weight: f64,
    pub aggregation: Aggregation,
    /// Ratios: the sums the commune-wide figure is formed from.
    pub numerator_sum: Option<f64>,
    pub denominator_sum: Option<f64>,
    /// The commune-wide figure: a percentage, or for counts the sum.
    pub value: Option<f64>,
    /// Whether the commune-wide figure meets the target; `null` when nothing was measured.
    pub meets_target: Option<bool>,
    /// Units on the scoreboard that report this criterion.
    pub units_reporting: i64,
    /// Counted values (one per unit and period).
    pub values: i64,
    pub met: i64,
    pub not_met: i64,
    pub not_applicable: i64,
}

/// A campaign's scoreboard for a period or the whole campaign.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Scoreboard {
    pub campaign: CampaignRef,
    /// The period asked for; `null` for the whole campaign.
    pub period: Option<String>,
    /// The periods counted.
    pub periods: Vec<String>,
    /// `true`: submitted reports not yet approved are counted too — provisional figures.
    pub preview: bool,
    /// `approved`, or `approved_and_submitted` in a preview.
    pub basis: String,
    pub generated_at: DateTime<Utc>,
    /// Best first; equal scores share a rank and are listed by unit code.
    pub units: Vec<UnitLine>,
    /// In the campaign's order.
    pub criteria: Vec<CriterionLine>,
}

/// What a scoreboard is computed over.
pub(super) struct Request<'a> {
    pub campaign: &'a Campaign,
    /// Units and figures inside this subtree.
    pub within: &'a str,
    pub period: Option<&'a str>,
    pub preview: bool,
    pub today: NaiveDate,
    /// Whether to compute the criteria's commune-wide figures (an explanation needs only the units).
    pub with_criteria: bool,
}

/// The periods a request counts; 400 naming `period` when the campaign has no such period.
fn periods_of(conn: &mut DbConnection, r: &Request<'_>) -> Result<Vec<Period>, ApiError> {
    let c = r.campaign;
    let all = periods(c.period_type, c.starts_on, c.ends_on, c.deadlines);
    match r.period {
        Some(asked) => match all.into_iter().find(|p| p.id == asked) {
            Some(period) => Ok(vec![period]),
            None => Err(ApiError::bad_request(
                "bad_query",
                format!("The campaign has no period {asked:?}."),
                vec![FieldError::new("period", "unknown_period", "Not a period of this campaign; see its /periods.")],
            )),
        },
        None => {
            let with_results = db::scoreboard::periods_with_results(conn, &c.id, statuses(r.preview))?;
            Ok(counted_periods(&all, r.today, &with_results))
        }
    }
}

/// Computes a scoreboard: three grouped queries, then the rules of `domain::score`.
pub(super) fn compute(conn: &mut DbConnection, r: &Request<'_>) -> Result<Scoreboard, ApiError> {
    let campaign = r.campaign;
    let counted_periods = periods_of(conn, r)?;
    let period_ids: Vec<String> = counted_periods.iter().map(|p| p.id.clone()).collect();
    let counted = Counted { campaign_id: &campaign.id, period_ids: &period_ids, statuses: statuses(r.preview) };
    let all = db::campaigns::participants(conn, &campaign.id)?;
    let participants = all.len();
    let units: Vec<OrgUnit> = all.into_iter().filter(|u| within(&u.path, r.within)).collect();
    let criteria = db::criteria::of_campaign(conn, &campaign.id)?;
    let mut tallies: HashMap<String, (UnitTally, ReportCounts)> = HashMap::new();
    for (unit, tally, counts) in db::scoreboard::unit_tallies(conn, &counted)? {
        tallies.insert(unit, (tally, counts));
    }
    let all_inside = units.len() == participants;
    let criterion_tallies: HashMap<String, CriterionTally> = match (r.with_criteria, r.preview, all_inside) {
        (false, ..) => HashMap::new(),
        // Approved figures of every participant: the totals kept at each approval.
        (true, false, true) => db::scoreboard::approved_tallies(conn, &campaign.id, &period_ids)?.into_iter().collect(),
        // A preview, or a caller who sees only some participants: summed from the values.
        (true, ..) => {
            db::scoreboard::criterion_tallies(conn, &counted, (!all_inside).then_some(r.within))?.into_iter().collect()
        }
    };

    let n_periods = i64::try_from(period_ids.len()).unwrap_or(i64::MAX);
    let mut lines: Vec<UnitLine> = units
        .iter()
        .map(|unit| {
            let reported: Vec<&Criterion> = criteria.iter().filter(|c| c.applies_to(unit.kind, &unit.id)).collect();
            let weight: f64 = reported.iter().map(|c| c.weight).sum();
            let n = i64::try_from(reported.len()).unwrap_or(i64::MAX);
            let (tally, c) = tallies.get(&unit.id).copied().unwrap_or_default();
            let s = unit_score(n, weight, n_periods, tally);
            UnitLine {
                rank: None,
                org_unit_id: unit.id.clone(),
                code: unit.code.clone(),
                name: unit.name.clone(),
                kind: unit.kind,
                score: s.score,
                met: s.met,
                applicable: s.applicable,
                not_applicable: s.not_applicable,
                met_weight: round2(s.met_weight),
                applicable_weight: round2(s.applicable_weight),
                reports: ReportTally {
                    expected: n_periods,
                    submitted: c.submitted,
                    on_time: c.on_time,
                    approved: c.approved,
                    awaiting_review: c.awaiting_review,
                },
            }
        })
        .collect();
    lines.sort_by(|a, b| by_score_desc(a.score, b.score).then_with(|| a.code.cmp(&b.code)));
    let scores: Vec<Option<f64>> = lines.iter().map(|l| l.score).collect();
    for (line, rank) in lines.iter_mut().zip(ranks(&scores)) {
        line.rank = rank;
    }

    let code_of = |id: &str| criteria.iter().find(|c| c.id == id).map(|c| c.code.clone());
    let criterion_lines = criteria
        .iter()
        .map(|c| {
            let tally = criterion_tallies.get(&c.id).copied().unwrap_or_default();
            let target = Target { measure: c.measure, comparator: c.comparator, target: c.target };
            let figure = commune_figure(target, &tally);
            let reporting = units.iter().filter(|u| c.applies_to(u.kind, &u.id)).count();
            CriterionLine {
                criterion_id: c.id.clone(),
                code: c.code.clone(),
                parent_code: c.parent_id.as_deref().and_then(code_of),
                title: c.title.clone(),
                measure: c.measure,
                comparator: c.comparator,
                target: c.target,
                rule: rule_text(target),
                weight: c.weight,
                aggregation: figure.aggregation,
                numerator_sum: tally.numerator_sum.filter(|_| c.measure == Measure::Ratio),
                denominator_sum: tally.denominator_sum.filter(|_| c.measure == Measure::Ratio),
                value: figure.value,
                meets_target: figure.meets_target,
                units_reporting: i64::try_from(reporting).unwrap_or(i64::MAX),
                values: tally.values,
                met: tally.met,
                not_met: tally.measured - tally.met,
                not_applicable: tally.not_applicable,
            }
        })
        .collect();
    Ok(Scoreboard {
        campaign: CampaignRef {
            id: campaign.id.clone(),
            code: campaign.code.clone(),
            title: campaign.title.clone(),
            issuer_id: campaign.issuer_id.clone(),
        },
        period: r.period.map(str::to_owned),
        periods: period_ids,
        preview: r.preview,
        basis: if r.preview { "approved_and_submitted" } else { "approved" }.to_owned(),
        generated_at: crate::domain::now(),
        units: lines,
        criteria: criterion_lines,
    })
}

/// Authorises `action`, finds the campaign (404 when it does not reach the
/// caller) and runs `load` with it on a blocking thread.
async fn with_campaign<T, F>(db: &Db, principal: &Principal, action: Action, id: String, load: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConnection, Campaign, Grant) -> Result<T, ApiError> + Send + 'static,
{
    let grant = authorize(principal, action)?;
    db.run(move |conn| {
        let campaign = visible(conn, &id, grant.within())?;
        load(conn, campaign, grant)
    })
    .await
}

fn today() -> NaiveDate {
    crate::domain::now().date_naive()
}

async fn answer(
    db: web::Data<Db>,
    cache: web::Data<ScoreboardCache>,
    principal: Principal,
    req: HttpRequest,
    id: String,
    params: ScoreboardParams,
    preview: bool,
) -> Result<HttpResponse, ApiError> {
    let format = Format::negotiate(&req, params.format);
    let action = if preview { Action::PreviewScoreboard } else { Action::ReadScoreboard };
    let board = with_campaign(&db, &principal, action, id, move |conn, campaign, grant| {
        let request = Request {
            campaign: &campaign,
            within: grant.within(),
            period: params.period.as_deref(),
            preview,
            today: today(),
            with_criteria: true,
        };
        cache.board(conn, &request)
    })
    .await?;
    if format == Format::Json {
        return Ok(HttpResponse::Ok().json(board));
    }
    let stem = file_stem(&board.campaign.code, board.period.as_deref(), if preview { "xem-truoc" } else { "xep-hang" });
    export::attachment(format, &stem, &[units_sheet(&board), criteria_sheet(&board)])
}

/// `05-KH-UBND_2023Q1_xep-hang`; `ca-ky` (the whole campaign) when no period.
fn file_stem(code: &str, period: Option<&str>, view: &str) -> String {
    format!("{}_{}_{view}", export::file_stem(code), period.unwrap_or("ca-ky"))
}

fn units_sheet(board: &Scoreboard) -> Sheet {
    let rows = board
        .units
        .iter()
        .map(|u| {
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
        })
        .collect();
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
        rows,
    }
}

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
        (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ))),
)]
#[get("/campaigns/{id}/scoreboard")]
pub async fn show(
    db: web::Data<Db>,
    cache: web::Data<ScoreboardCache>,
    principal: Principal,
    req: HttpRequest,
    id: web::Path<String>,
    params: Query<ScoreboardParams>,
) -> Result<HttpResponse, ApiError> {
    answer(db, cache, principal, req, id.into_inner(), params.0, false).await
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
        (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ))),
)]
#[get("/campaigns/{id}/scoreboard/preview")]
pub async fn show_preview(
    db: web::Data<Db>,
    cache: web::Data<ScoreboardCache>,
    principal: Principal,
    req: HttpRequest,
    id: web::Path<String>,
    params: Query<ScoreboardParams>,
) -> Result<HttpResponse, ApiError> {
    answer(db, cache, principal, req, id.into_inner(), params.0, true).await
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExplanationParams {
    /// One period; absent: the whole campaign (as the scoreboard counts it).
    pub period: Option<String>,
}

/// How one figure scored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Met,
    NotMet,
    /// A ratio over a zero denominator: left out of what could be met.
    NotApplicable,
    /// No approved report for the period: nothing met, everything could have been.
    NoCountedReport,
}

/// One criterion in one period, for one unit.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ExplainedValue {
    pub period_id: String,
    pub criterion_id: String,
    pub criterion_code: String,
    pub title: String,
    /// The rule applied: `≥ 65%`, `= 100%`, `achieved`.
    pub rule: String,
    pub weight: f64,
    /// The report the figure came from; `null` when the period has no counted report.
    pub report_id: Option<String>,
    pub figures: Option<Figures>,
    /// The percentage computed from the figures (ratios and percentages).
    pub computed_percentage: Option<f64>,
    pub outcome: Outcome,
    /// The weight when met, else 0.
    pub points: f64,
    /// The weight, or 0 when not applicable.
    pub possible_points: f64,
}

/// One of the unit's reports in the counted periods.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ExplainedReport {
    pub period_id: String,
    pub report_id: String,
    pub status: String,
    /// Whether its figures count: approved (or, in a preview, submitted).
    pub counted: bool,
    pub first_submitted_at: Option<DateTime<Utc>>,
    pub on_time: Option<bool>,
}

/// Why a unit ranks where it does.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Explanation {
    pub campaign: CampaignRef,
    pub period: Option<String>,
    pub periods: Vec<String>,
    /// The unit's line, as on the scoreboard.
    pub unit: UnitLine,
    /// The unit's reports in the counted periods, counted or not.
    pub reports: Vec<ExplainedReport>,
    /// Each criterion the unit reports, in each counted period; the points add up to `unit.met_weight`
    /// and the possible points to `unit.applicable_weight`.
    pub values: Vec<ExplainedValue>,
}

/// Why a unit scored what it did: each figure, the rule, met or not, the points, the report.
#[utoipa::path(
    tag = "scoreboard",
    operation_id = "explain_unit_score",
    description = "A reporter reads its own unit's explanation; other units' only when the campaign's results are \
                   public (403 otherwise).",
    params(
        ("id" = String, Path, description = "The campaign's id"),
        ("unit_id" = String, Path, description = "The participant unit's id"),
        ExplanationParams,
    ),
    responses((status = 200, description = "The explanation", body = Explanation)),
)]
#[get("/campaigns/{id}/scoreboard/units/{unit_id}")]
pub async fn explain(
    db: web::Data<Db>,
    cache: web::Data<ScoreboardCache>,
    principal: Principal,
    path: web::Path<(String, String)>,
    params: Query<ExplanationParams>,
) -> Result<web::Json<Explanation>, ApiError> {
    let (id, unit_id) = path.into_inner();
    let caller = principal.clone();
    let explanation = with_campaign(&db, &principal, Action::ReadScoreboard, id, move |conn, campaign, grant| {
        let request = Request {
            campaign: &campaign,
            within: grant.within(),
            period: params.0.period.as_deref(),
            preview: false,
            today: today(),
            with_criteria: false,
        };
        let board = cache.board(conn, &request)?;
        let unit = board.units.iter().find(|u| u.org_unit_id == unit_id).cloned().ok_or_else(not_found)?;
        let unit_row = db::org_units::get(conn, &unit.org_unit_id)?.ok_or_else(not_found)?;
        if results_grant(&caller, grant.clone(), campaign.results_public).check(&unit_row.path).is_err() {
            return Err(ApiError::forbidden(
                "The campaign's results are not public: a unit reads its own explanation.",
            ));
        }
        explain_unit(conn, &campaign, board, unit, &unit_row)
    })
    .await?;
    Ok(web::Json(explanation))
}

fn explain_unit(
    conn: &mut DbConnection,
    campaign: &Campaign,
    board: Scoreboard,
    unit: UnitLine,
    unit_row: &OrgUnit,
) -> Result<Explanation, ApiError> {
    let counted = Counted { campaign_id: &campaign.id, period_ids: &board.periods, statuses: statuses(false) };
    let (values, _) = db::scoreboard::counted_values(conn, &counted, &unit_row.path, Some(&unit.org_unit_id), None)?;
    let reports = db::scoreboard::unit_reports(conn, &campaign.id, &unit.org_unit_id, &board.periods)?;
    let criteria = db::criteria::of_campaign(conn, &campaign.id)?;
    let reported: Vec<&Criterion> = criteria.iter().filter(|c| c.applies_to(unit_row.kind, &unit_row.id)).collect();
    let mut explained = Vec::new();
    for period in &board.periods {
        for c in &reported {
            let target = Target { measure: c.measure, comparator: c.comparator, target: c.target };
            let value = values.iter().find(|v| &v.period_id == period && v.value.criterion_id == c.id);
            let outcome = match value {
                None => Outcome::NoCountedReport,
                Some(v) if v.value.computed.not_applicable => Outcome::NotApplicable,
                Some(v) if v.value.computed.met == Some(true) => Outcome::Met,
                Some(_) => Outcome::NotMet,
            };
            explained.push(ExplainedValue {
                period_id: period.clone(),
                criterion_id: c.id.clone(),
                criterion_code: c.code.clone(),
                title: c.title.clone(),
                rule: rule_text(target),
                weight: c.weight,
                report_id: value.map(|v| v.report_id.clone()),
                figures: value.map(|v| v.value.figures.clone()),
                computed_percentage: value.and_then(|v| v.value.computed.percentage),
                outcome,
                points: if outcome == Outcome::Met { c.weight } else { 0.0 },
                possible_points: if outcome == Outcome::NotApplicable { 0.0 } else { c.weight },
            });
        }
    }
    let counted_statuses = statuses(false);
    Ok(Explanation {
        campaign: board.campaign,
        period: board.period,
        periods: board.periods,
        unit,
        reports: reports
            .into_iter()
            .map(|r| ExplainedReport {
                counted: counted_statuses.contains(&r.status.as_str()),
                period_id: r.period_id,
                report_id: r.id,
                status: r.status,
                first_submitted_at: r.first_submitted_at.map(|t| t.and_utc()),
                on_time: r.submitted_on_time,
            })
            .collect(),
        values: explained,
    })
}

/// One counted value, as exported.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ValueLine {
    pub period_id: String,
    pub org_unit_id: String,
    pub org_unit_code: String,
    pub org_unit_name: String,
    pub criterion_id: String,
    pub criterion_code: String,
    pub report_id: String,
    pub figures: Figures,
    pub computed_percentage: Option<f64>,
    pub met: Option<bool>,
    pub not_applicable: bool,
    pub note: String,
}

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
        (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ))),
)]
#[get("/campaigns/{id}/scoreboard/values")]
pub async fn list_values(
    db: web::Data<Db>,
    principal: Principal,
    req: HttpRequest,
    id: web::Path<String>,
    params: Query<ScoreboardParams>,
    page: Query<PageParams>,
) -> Result<HttpResponse, ApiError> {
    let format = Format::negotiate(&req, params.0.format);
    let page = page.0.page();
    let caller = principal.clone();
    let paged = format == Format::Json;
    let (campaign, period, lines, total) =
        with_campaign(&db, &principal, Action::ReadScoreboard, id.into_inner(), move |conn, campaign, grant| {
            let grant = results_grant(&caller, grant, campaign.results_public);
            let request = Request {
                campaign: &campaign,
                within: grant.within(),
                period: params.0.period.as_deref(),
                preview: false,
                today: today(),
                with_criteria: false,
            };
            let period_ids: Vec<String> = periods_of(conn, &request)?.into_iter().map(|p| p.id).collect();
            let counted = Counted { campaign_id: &campaign.id, period_ids: &period_ids, statuses: statuses(false) };
            let window = paged.then(|| (i64::from(page.limit), i64::try_from(page.offset).unwrap_or(i64::MAX)));
            let (values, total) = db::scoreboard::counted_values(conn, &counted, grant.within(), None, window)?;
            let units: HashMap<String, OrgUnit> =
                db::campaigns::participants(conn, &campaign.id)?.into_iter().map(|u| (u.id.clone(), u)).collect();
            let codes: HashMap<String, String> =
                db::criteria::of_campaign(conn, &campaign.id)?.into_iter().map(|c| (c.id, c.code)).collect();
            let lines = values
                .into_iter()
                .map(|v| {
                    let unit = units.get(&v.org_unit_id);
                    ValueLine {
                        org_unit_code: unit.map(|u| u.code.clone()).unwrap_or_default(),
                        org_unit_name: unit.map(|u| u.name.clone()).unwrap_or_default(),
                        criterion_code: codes.get(&v.value.criterion_id).cloned().unwrap_or_default(),
                        period_id: v.period_id,
                        org_unit_id: v.org_unit_id,
                        criterion_id: v.value.criterion_id,
                        report_id: v.report_id,
                        figures: v.value.figures,
                        computed_percentage: v.value.computed.percentage,
                        met: v.value.computed.met,
                        not_applicable: v.value.computed.not_applicable,
                        note: v.value.note,
                    }
                })
                .collect::<Vec<_>>();
            Ok((campaign, params.0.period, lines, total))
        })
        .await?;
    if paged {
        return Ok(HttpResponse::Ok().json(List::new(lines, u64::try_from(total).unwrap_or(0), page)));
    }
    let rows = lines
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
        rows,
    };
    export::attachment(format, &file_stem(&campaign.code, period.as_deref(), "so-lieu"), &[sheet])
}
