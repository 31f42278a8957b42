//! The scoreboard against figures computed by hand, on plan 05's real
//! criteria: ties, a unit with no report, a returned report, criterion 9 and
//! its sub-criterion, ratios over zero, yes/no criteria, a weight of 3.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::Datelike;
use reqwest::Method;
use serde_json::{Value, json};

use crate::reports::{all_values, as_user, with_etag};
use crate::support::TestApp;
use crate::support::fixture::id_of;

/// The six participants, by code, and what happens to their report this quarter.
pub(crate) const APPROVED: [&str; 3] = ["DT-TP-HT", "DT-HND", "DT-VH-XH"];
pub(crate) const RETURNED: &str = "DT-DC-XD";
pub(crate) const SUBMITTED: &str = "DT-TC-KT";
const NO_REPORT: &str = "DT-CA";

pub(crate) struct Plan {
    pub(crate) campaign: String,
    pub(crate) period: String,
    pub(crate) passwords: Vec<(String, String)>,
    pub(crate) office: String,
}

fn unit_code_ids(app_units: &Value) -> Vec<(String, String)> {
    app_units["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| (u["code"].as_str().unwrap().to_owned(), u["id"].as_str().unwrap().to_owned()))
        .collect()
}

/// Plan 05/KH-UBND imported from the first day of this quarter (so the whole
/// campaign is this quarter), criterion 7 weighing 3, six participants.
async fn plan(app: &TestApp) -> Plan {
    let loaded = crate::campaigns::load_demo(app).await;
    let passwords: Vec<(String, String)> = loaded.new_users.into_iter().map(|(u, _, p)| (u, p)).collect();
    let demo = app.admin_get("/api/v1/campaigns?code=05/KH-UBND").await.body["items"][0].clone();
    let mut definition =
        app.admin_get(&format!("/api/v1/campaigns/{}/definition", demo["id"].as_str().unwrap())).await.body;
    for criterion in definition["criteria"].as_array_mut().unwrap() {
        if criterion["code"] == "7" {
            criterion["weight"] = json!(3.0);
        }
    }
    let today = thidua::domain::today();
    let quarter_start = chrono::NaiveDate::from_ymd_opt(today.year(), today.month0() / 3 * 3 + 1, 1).unwrap();
    let mut participants: Vec<&str> = APPROVED.to_vec();
    participants.extend([RETURNED, SUBMITTED, NO_REPORT]);
    let imported = app
        .admin_json(
            Method::POST,
            "/api/v1/campaigns/import",
            json!({ "issuer_id": demo["issuer_id"], "definition": definition, "code": "05/KH-UBND-DIEM",
                    "issued_on": quarter_start.to_string(), "starts_on": quarter_start.to_string(),
                    "ends_on": format!("{}-12-31", today.year()), "participants": participants }),
        )
        .await;
    assert_eq!(imported.status, 201, "{}", imported.body);
    let campaign = id_of(&imported.body);
    let activated = app
        .call(Method::POST, &format!("/api/v1/campaigns/{campaign}/activate"))
        .bearer(&app.admin)
        .header("if-match", imported.header("etag").unwrap())
        .send()
        .await;
    assert_eq!(activated.status, 200, "{}", activated.body);
    let office = as_user(app, &passwords, "vanphong").await;
    Plan { campaign, period: format!("{}Q{}", today.year(), today.month0() / 3 + 1), passwords, office }
}

/// The office fills in a unit's report and takes it as far as `until`.
async fn report(app: &TestApp, plan: &Plan, unit: &str, values: Value, until: &str) -> String {
    let token = &plan.office;
    let created = app
        .call(Method::POST, "/api/v1/reports")
        .bearer(token)
        .json(json!({ "campaign_id": plan.campaign, "org_unit_id": unit, "period_id": plan.period }))
        .send()
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let id = id_of(&created.body);
    let put = with_etag(app, token, Method::PUT, &format!("/api/v1/reports/{id}/values"), &id, Some(values)).await;
    assert_eq!(put.status, 200, "{}", put.body);
    let moves: &[&str] = match until {
        "submitted" => &["submit"],
        "returned" => &["submit", "return"],
        _ => &["submit", "approve"],
    };
    for step in moves {
        let body = (*step == "return").then(|| json!({ "reason": "Thiếu minh chứng tiêu chí 5" }));
        let moved = with_etag(app, token, Method::POST, &format!("/api/v1/reports/{id}/{step}"), &id, body).await;
        assert_eq!(moved.status, 200, "{step}: {}", moved.body);
    }
    id
}

/// Criterion 7 at 12/20 (60% < 65%), and no procedure with online payment:
/// 9 at 0/10 fails, 9.1 at 0/0 is not applicable.
fn weaker_values() -> Value {
    let mut values = all_values(0, 0);
    for v in values["values"].as_array_mut().unwrap() {
        match v["criterion"].as_str().unwrap() {
            "7" => *v = json!({ "criterion": "7", "numerator": 12, "denominator": 20 }),
            "9.1" => *v = json!({ "criterion": "9.1", "numerator": 0, "denominator": 0 }),
            _ => {}
        }
    }
    values
}

/// Builds the fixture; returns the plan, unit ids by code and report ids by unit code.
pub(crate) async fn scored(app: &TestApp) -> (Plan, Vec<(String, String)>, Vec<(String, String)>) {
    let plan = plan(app).await;
    let units = unit_code_ids(&app.admin_get("/api/v1/org-units?limit=200").await.body);
    let unit = |code: &str| units.iter().find(|(c, _)| c == code).unwrap().1.clone();
    let mut reports = Vec::new();
    for (code, values, until) in [
        ("DT-TP-HT", all_values(8, 5), "submitted"),
        ("DT-HND", all_values(8, 5), "submitted"),
        ("DT-VH-XH", weaker_values(), "submitted"),
        (RETURNED, all_values(8, 5), "returned"),
        (SUBMITTED, all_values(8, 5), "submitted"),
    ] {
        reports.push((code.to_owned(), report(app, &plan, &unit(code), values, until).await));
    }
    // The three approvals at once: the kept totals of a period must add up
    // whichever approval writes a criterion's row first.
    let office = &plan.office;
    let approvals = reports.iter().filter(|(code, _)| APPROVED.contains(&code.as_str())).map(|(_, id)| {
        let path = format!("/api/v1/reports/{id}/approve");
        async move { with_etag(app, office, Method::POST, &path, id, None).await }
    });
    for approved in futures_util::future::join_all(approvals).await {
        assert_eq!(approved.status, 200, "{}", approved.body);
    }
    (plan, units, reports)
}

/// (code, rank, score, met, applicable, not applicable, met weight, applicable weight)
type Expected = (&'static str, Option<u64>, Option<f64>, i64, i64, i64, f64, f64);

fn assert_units(board: &Value, expected: &[Expected]) {
    let units = board["units"].as_array().unwrap();
    let got: Vec<Expected> = units
        .iter()
        .map(|u| {
            let code: &'static str = [APPROVED.as_slice(), &[RETURNED, SUBMITTED, NO_REPORT]]
                .concat()
                .into_iter()
                .find(|c| u["code"] == *c)
                .unwrap();
            (
                code,
                u["rank"].as_u64(),
                u["score"].as_f64(),
                u["met"].as_i64().unwrap(),
                u["applicable"].as_i64().unwrap(),
                u["not_applicable"].as_i64().unwrap(),
                u["met_weight"].as_f64().unwrap(),
                u["applicable_weight"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, expected, "{board}");
}

fn criterion<'a>(board: &'a Value, code: &str) -> &'a Value {
    board["criteria"].as_array().unwrap().iter().find(|c| c["code"] == code).unwrap()
}

fn unit_line<'a>(board: &'a Value, code: &str) -> &'a Value {
    board["units"].as_array().unwrap().iter().find(|u| u["code"] == code).unwrap()
}

#[actix_web::test]
async fn the_scoreboard_matches_the_hand_computed_figures() {
    let app = TestApp::spawn().await;
    let (plan, _, report_ids) = scored(&app).await;
    let reporter = as_user(&app, &plan.passwords, "tuphap").await;
    let path = format!("/api/v1/campaigns/{}/scoreboard?period={}", plan.campaign, plan.period);
    let board = app.call(Method::GET, &path).bearer(&reporter).send().await;
    assert_eq!(board.status, 200, "{}", board.body);
    let board = board.body;
    assert_eq!((board["preview"].as_bool(), board["basis"].as_str()), (Some(false), Some("approved")));
    assert_eq!(board["periods"], json!([plan.period]));

    // 17 criteria weighing 19 (criterion 7 weighs 3). Full marks but 5 and 14,
    // with 2 at 0/0: 16 of 18. The weaker unit misses 5, 7 (3 points), 9 and
    // 14, with 2 and 9.1 not applicable: 11 of 17. Returned, submitted and
    // missing reports count nothing: 0 of 19. Equal scores share a rank, by code.
    assert_units(
        &board,
        &[
            ("DT-HND", Some(1), Some(88.89), 14, 16, 1, 16.0, 18.0),
            ("DT-TP-HT", Some(1), Some(88.89), 14, 16, 1, 16.0, 18.0),
            ("DT-VH-XH", Some(3), Some(64.71), 11, 15, 2, 11.0, 17.0),
            ("DT-CA", Some(4), Some(0.0), 0, 17, 0, 0.0, 19.0),
            ("DT-DC-XD", Some(4), Some(0.0), 0, 17, 0, 0.0, 19.0),
            ("DT-TC-KT", Some(4), Some(0.0), 0, 17, 0, 0.0, 19.0),
        ],
    );
    let reports = |code| unit_line(&board, code)["reports"].clone();
    assert_eq!(
        reports("DT-HND"),
        json!({ "expected": 1, "submitted": 1, "on_time": 1, "approved": 1, "awaiting_review": 0 })
    );
    assert_eq!(
        reports(RETURNED),
        json!({ "expected": 1, "submitted": 1, "on_time": 1, "approved": 0, "awaiting_review": 0 })
    );
    assert_eq!(
        reports(SUBMITTED),
        json!({ "expected": 1, "submitted": 1, "on_time": 1, "approved": 0, "awaiting_review": 1 })
    );
    assert_eq!(
        reports(NO_REPORT),
        json!({ "expected": 1, "submitted": 0, "on_time": 0, "approved": 0, "awaiting_review": 0 })
    );

    // Commune-wide figures: sums over sums of the three approved reports.
    let fields = |code| {
        let c = criterion(&board, code);
        (
            c["aggregation"].as_str().unwrap().to_owned(),
            c["numerator_sum"].as_f64(),
            c["denominator_sum"].as_f64(),
            c["value"].as_f64(),
            c["meets_target"].as_bool(),
            (c["met"].as_i64().unwrap(), c["not_met"].as_i64().unwrap(), c["not_applicable"].as_i64().unwrap()),
        )
    };
    let ratio = "ratio_of_sums".to_owned();
    // 13 + 13 + 12 over 3 × 20: 63.33%, under 65% — although two units of three met it.
    assert_eq!(fields("7"), (ratio.clone(), Some(38.0), Some(60.0), Some(63.33), Some(false), (2, 1, 0)));
    assert_eq!(fields("9"), (ratio.clone(), Some(16.0), Some(30.0), Some(53.33), Some(false), (2, 1, 0)));
    assert_eq!(fields("9.1"), (ratio.clone(), Some(6.0), Some(10.0), Some(60.0), Some(true), (2, 0, 1)));
    assert_eq!(fields("2"), (ratio.clone(), Some(0.0), Some(0.0), None, None, (0, 0, 3)));
    assert_eq!(fields("5"), (ratio, Some(690.0), Some(708.0), Some(97.46), Some(false), (0, 3, 0)));
    assert_eq!(fields("10"), ("mean_of_percentages".into(), None, None, Some(92.5), Some(true), (3, 0, 0)));
    assert_eq!(fields("14"), ("share_achieved".into(), None, None, Some(0.0), Some(false), (0, 3, 0)));
    assert_eq!(fields("1"), ("share_achieved".into(), None, None, Some(100.0), Some(true), (3, 0, 0)));
    assert_eq!(criterion(&board, "7")["weight"], 3.0);
    assert_eq!(criterion(&board, "9.1")["parent_code"], "9");
    assert_eq!(criterion(&board, "7")["units_reporting"], 6);
    assert_eq!(criterion(&board, "7")["rule"], "≥ 65%");

    // The whole campaign is this quarter so far: the same board.
    let whole = app
        .call(Method::GET, &format!("/api/v1/campaigns/{}/scoreboard", plan.campaign))
        .bearer(&reporter)
        .send()
        .await;
    assert_eq!((whole.body["period"].clone(), whole.body["periods"].clone()), (Value::Null, json!([plan.period])));
    assert_eq!(whole.body["units"], board["units"]);

    // The office's preview counts the submitted report, and says so.
    let preview = app
        .call(Method::GET, &format!("/api/v1/campaigns/{}/scoreboard/preview?period={}", plan.campaign, plan.period))
        .bearer(&plan.office)
        .send()
        .await;
    assert_eq!(preview.status, 200, "{}", preview.body);
    assert_eq!(
        (preview.body["preview"].as_bool(), preview.body["basis"].as_str()),
        (Some(true), Some("approved_and_submitted"))
    );
    assert_units(
        &preview.body,
        &[
            ("DT-HND", Some(1), Some(88.89), 14, 16, 1, 16.0, 18.0),
            ("DT-TC-KT", Some(1), Some(88.89), 14, 16, 1, 16.0, 18.0),
            ("DT-TP-HT", Some(1), Some(88.89), 14, 16, 1, 16.0, 18.0),
            ("DT-VH-XH", Some(4), Some(64.71), 11, 15, 2, 11.0, 17.0),
            ("DT-CA", Some(5), Some(0.0), 0, 17, 0, 0.0, 19.0),
            ("DT-DC-XD", Some(5), Some(0.0), 0, 17, 0, 0.0, 19.0),
        ],
    );
    assert_eq!(criterion(&preview.body, "7")["numerator_sum"], 51.0, "13 more from the submitted report");
    let not_office = app
        .call(Method::GET, &format!("/api/v1/campaigns/{}/scoreboard/preview", plan.campaign))
        .bearer(&reporter)
        .send()
        .await;
    not_office.assert_problem(403, "forbidden");

    // Approving the waiting report changes the board at once (nothing stale is kept).
    let waiting = &report_ids.iter().find(|(code, _)| code == SUBMITTED).unwrap().1;
    let approve = format!("/api/v1/reports/{waiting}/approve");
    assert_eq!(with_etag(&app, &plan.office, Method::POST, &approve, waiting, None).await.status, 200);
    let after = app.call(Method::GET, &path).bearer(&reporter).send().await.body;
    assert_eq!(
        (unit_line(&after, SUBMITTED)["rank"].as_u64(), unit_line(&after, SUBMITTED)["score"].as_f64()),
        (Some(1), Some(88.89))
    );
    assert_eq!(criterion(&after, "7")["numerator_sum"], 51.0);
    // Reopening it takes its figures out again.
    let chairman = as_user(&app, &plan.passwords, "chutich").await;
    let reopen = format!("/api/v1/reports/{waiting}/reopen");
    let reopened = with_etag(
        &app,
        &chairman,
        Method::POST,
        &reopen,
        waiting,
        Some(json!({ "reason": "Kiểm tra lại tiêu chí 7" })),
    )
    .await;
    assert_eq!(reopened.status, 200, "{}", reopened.body);
    let back = app.call(Method::GET, &path).bearer(&reporter).send().await.body;
    assert_eq!(back["criteria"], board["criteria"], "the totals are as before the approval");
    assert_eq!(unit_line(&back, SUBMITTED)["score"], 0.0);

    // A period the campaign does not have: 400 naming the parameter.
    let bad = app
        .call(Method::GET, &format!("/api/v1/campaigns/{}/scoreboard?period=1999Q1", plan.campaign))
        .bearer(&reporter)
        .send()
        .await;
    assert_eq!(bad.assert_problem(400, "bad_query")["errors"][0]["field"], "period");
}

#[actix_web::test]
async fn an_explanation_adds_up_to_the_score_and_respects_scope() {
    let app = TestApp::spawn().await;
    let (plan, units, reports) = scored(&app).await;
    let unit = |code: &str| units.iter().find(|(c, _)| c == code).unwrap().1.clone();
    let report_of = |code: &str| reports.iter().find(|(c, _)| c == code).unwrap().1.clone();
    let explain = |code: &str| {
        format!("/api/v1/campaigns/{}/scoreboard/units/{}?period={}", plan.campaign, unit(code), plan.period)
    };

    let weaker = app.call(Method::GET, &explain("DT-VH-XH")).bearer(&plan.office).send().await;
    assert_eq!(weaker.status, 200, "{}", weaker.body);
    let body = &weaker.body;
    assert_eq!((body["unit"]["rank"].as_u64(), body["unit"]["score"].as_f64()), (Some(3), Some(64.71)));
    let values = body["values"].as_array().unwrap();
    assert_eq!(values.len(), 17);
    let sum = |key: &str| values.iter().map(|v| v[key].as_f64().unwrap()).sum::<f64>();
    assert_eq!((sum("points"), sum("possible_points")), (11.0, 17.0));
    let value = |code: &str| values.iter().find(|v| v["criterion_code"] == code).unwrap();
    assert_eq!(
        (value("7")["outcome"].as_str(), value("7")["points"].as_f64(), value("7")["possible_points"].as_f64()),
        (Some("not_met"), Some(0.0), Some(3.0))
    );
    assert_eq!(value("7")["figures"]["numerator"], 12.0);
    assert_eq!(value("7")["computed_percentage"], 60.0);
    assert_eq!(value("7")["rule"], "≥ 65%");
    assert_eq!(value("9.1")["outcome"], "not_applicable");
    assert_eq!(value("9.1")["possible_points"], 0.0);
    assert_eq!(value("1")["outcome"], "met");
    assert_eq!(value("1")["report_id"], report_of("DT-VH-XH"));
    assert_eq!(body["reports"][0]["counted"], true);

    // A returned report is listed, not counted: nothing met, everything possible.
    let returned = app.call(Method::GET, &explain(RETURNED)).bearer(&plan.office).send().await.body;
    assert_eq!(returned["reports"][0]["status"], "returned");
    assert_eq!(returned["reports"][0]["counted"], false);
    let values = returned["values"].as_array().unwrap();
    assert!(values.iter().all(|v| v["outcome"] == "no_counted_report" && v["report_id"].is_null()));
    assert_eq!(values.iter().map(|v| v["possible_points"].as_f64().unwrap()).sum::<f64>(), 19.0);

    // A reporter reads its own unit's explanation, not another's: results are not public.
    let reporter = as_user(&app, &plan.passwords, "tuphap").await;
    assert_eq!(app.call(Method::GET, &explain("DT-TP-HT")).bearer(&reporter).send().await.status, 200);
    app.call(Method::GET, &explain("DT-VH-XH")).bearer(&reporter).send().await.assert_problem(403, "forbidden");
    // Its raw values: its own unit's only.
    let values_path = format!("/api/v1/campaigns/{}/scoreboard/values?period={}", plan.campaign, plan.period);
    let own = app.call(Method::GET, &values_path).bearer(&reporter).send().await.body;
    assert_eq!(own["total"], 17);
    assert!(own["items"].as_array().unwrap().iter().all(|v| v["org_unit_code"] == "DT-TP-HT"));
    // The office reads every counted value, a page at a time.
    let page = app.call(Method::GET, &format!("{values_path}&limit=10")).bearer(&plan.office).send().await.body;
    assert_eq!((page["total"].as_u64(), page["items"].as_array().unwrap().len()), (Some(51), 10));

    // A campaign that publishes its results: every participant reads every explanation.
    let mut definition = app.admin_get(&format!("/api/v1/campaigns/{}/definition", plan.campaign)).await.body;
    definition["campaign"]["results_public"] = json!(true);
    let issuer = app.admin_get(&format!("/api/v1/campaigns/{}", plan.campaign)).await.body["issuer_id"].clone();
    let public = app
        .admin_json(
            Method::POST,
            "/api/v1/campaigns/import",
            json!({ "issuer_id": issuer, "definition": definition, "code": "05/KH-UBND-CONG-KHAI" }),
        )
        .await;
    assert_eq!(public.status, 201, "{}", public.body);
    let open = format!("/api/v1/campaigns/{}/scoreboard/units/{}", id_of(&public.body), unit("DT-VH-XH"));
    let read = app.call(Method::GET, &open).bearer(&reporter).send().await;
    assert_eq!(read.status, 200, "{}", read.body);

    // A unit that does not take part: 404.
    let outsider = format!("/api/v1/campaigns/{}/scoreboard/units/{}", plan.campaign, unit("DT-HLHPN"));
    app.call(Method::GET, &outsider).bearer(&plan.office).send().await.assert_problem(404, "not_found");
}

#[actix_web::test]
async fn exports_open_in_a_spreadsheet_with_vietnamese_intact() {
    let app = TestApp::spawn().await;
    let (plan, _, _) = scored(&app).await;
    let base = format!("/api/v1/campaigns/{}/scoreboard?period={}", plan.campaign, plan.period);
    let board = app.call(Method::GET, &base).bearer(&plan.office).send().await.body;

    // CSV by Accept: a BOM, then UTF-8 with the Vietnamese headers and names.
    let csv = app.call(Method::GET, &base).bearer(&plan.office).header("accept", "text/csv").send().await;
    assert_eq!(csv.status, 200);
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    let disposition = csv.header("content-disposition").unwrap();
    assert!(
        disposition.contains(&format!("filename=\"05-KH-UBND-DIEM_{}_xep-hang.csv\"", plan.period)),
        "{disposition}"
    );
    assert_eq!(&csv.bytes[..3], [0xEF, 0xBB, 0xBF]);
    let text = std::str::from_utf8(&csv.bytes[3..]).expect("UTF-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 7);
    assert_eq!(
        lines[0],
        "Hạng,Mã đơn vị,Tên đơn vị,Điểm (thang 100),Số tiêu chí đạt,Số tiêu chí áp dụng,Không áp dụng,\
         Báo cáo phải nộp,Đã nộp,Nộp đúng hạn,Đã duyệt,Chờ duyệt"
    );
    assert_eq!(lines[1], "1,DT-HND,Hội Nông dân,88.89,14,16,1,1,1,1,1,0");
    assert_eq!(lines[3], "3,DT-VH-XH,Văn hóa – Xã hội,64.71,11,15,2,1,1,1,1,0");

    // XLSX by ?format=: one sheet per view, its cells the JSON's.
    let xlsx = app.call(Method::GET, &format!("{base}&format=xlsx")).bearer(&plan.office).send().await;
    assert_eq!(xlsx.status, 200);
    assert_eq!(xlsx.header("content-type"), Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(xlsx.bytes.clone())).expect("a workbook");
    assert_eq!(workbook.sheet_names(), ["Xếp hạng đơn vị", "Theo tiêu chí"]);
    let units = workbook.worksheet_range("Xếp hạng đơn vị").unwrap();
    assert_eq!(units.get((0, 3)), Some(&Data::String("Điểm (thang 100)".into())));
    let json_units = board["units"].as_array().unwrap();
    assert_eq!(units.height(), json_units.len() + 1);
    for (i, u) in json_units.iter().enumerate() {
        let row = i + 1;
        assert_eq!(units.get((row, 0)), Some(&Data::Float(u["rank"].as_f64().unwrap())), "row {row}");
        assert_eq!(units.get((row, 1)), Some(&Data::String(u["code"].as_str().unwrap().into())));
        assert_eq!(units.get((row, 2)), Some(&Data::String(u["name"].as_str().unwrap().into())));
        assert_eq!(units.get((row, 3)), Some(&Data::Float(u["score"].as_f64().unwrap())));
        assert_eq!(units.get((row, 10)), Some(&Data::Float(u["reports"]["approved"].as_f64().unwrap())));
    }
    let criteria = workbook.worksheet_range("Theo tiêu chí").unwrap();
    for (i, c) in board["criteria"].as_array().unwrap().iter().enumerate() {
        let row = i + 1;
        assert_eq!(criteria.get((row, 0)), Some(&Data::String(c["code"].as_str().unwrap().into())));
        assert_eq!(criteria.get((row, 1)), Some(&Data::String(c["title"].as_str().unwrap().into())));
        let value = c["value"].as_f64().map_or(Data::Empty, Data::Float);
        assert_eq!(criteria.get((row, 6)).cloned().unwrap_or(Data::Empty), value, "criterion {}", c["code"]);
        let verdict = match c["meets_target"].as_bool() {
            Some(true) => Data::String("Đạt".into()),
            Some(false) => Data::String("Không đạt".into()),
            None => Data::Empty,
        };
        assert_eq!(criteria.get((row, 7)).cloned().unwrap_or(Data::Empty), verdict);
    }

    // The approved values themselves: 3 reports × 17 criteria.
    let values = app
        .call(
            Method::GET,
            &format!("/api/v1/campaigns/{}/scoreboard/values?period={}&format=csv", plan.campaign, plan.period),
        )
        .bearer(&plan.office)
        .send()
        .await;
    assert_eq!(values.status, 200);
    assert!(values.header("content-disposition").unwrap().contains("_so-lieu.csv"));
    let text = std::str::from_utf8(&values.bytes[3..]).unwrap();
    assert_eq!(text.lines().count(), 1 + 51);
    assert!(text.lines().next().unwrap().starts_with("Kỳ báo cáo,Mã đơn vị,Tên đơn vị,Mã tiêu chí,Tử số,Mẫu số"));
    assert!(text.contains(",DT-VH-XH,Văn hóa – Xã hội,7,12.00,20.00,,,,60.00,Không đạt,"), "{text}");
}

/// Xã Đại An, another commune of huyện Vụ Bản, created by the administrator.
async fn dai_an(app: &TestApp) -> crate::support::Answer {
    let district = app.admin_get("/api/v1/org-units?code=HUYEN-VU-BAN").await.body["items"][0]["id"].clone();
    let commune = app
        .admin_json(
            Method::POST,
            "/api/v1/org-units",
            json!({ "code": "XA-DAI-AN", "name": "Xã Đại An", "kind": "commune", "parent_id": district }),
        )
        .await;
    assert_eq!(commune.status, 201, "{}", commune.body);
    commune
}

#[actix_web::test]
async fn the_district_compares_the_communes_running_the_plan() {
    let app = TestApp::spawn().await;
    let (plan, _, _) = scored(&app).await;
    // Another commune of huyện Vụ Bản copies the plan's definition under another code.
    let commune = dai_an(&app).await;
    let sector = app
        .admin_json(
            Method::POST,
            "/api/v1/org-units",
            json!({ "code": "DA-VP", "name": "Văn phòng xã Đại An", "kind": "sector", "parent_id": commune.body["id"] }),
        )
        .await;
    assert_eq!(sector.status, 201, "{}", sector.body);
    let definition = app.admin_get(&format!("/api/v1/campaigns/{}/definition", plan.campaign)).await.body;
    assert!(definition["campaign"]["lineage"].is_string(), "an export names its original");
    let copy = app
        .admin_json(
            Method::POST,
            "/api/v1/campaigns/import",
            json!({ "issuer_id": commune.body["id"], "definition": definition, "code": "12/KH-UBND", "participants": ["DA-VP"] }),
        )
        .await;
    assert_eq!(copy.status, 201, "{}", copy.body);
    assert_eq!(copy.body["lineage"], definition["campaign"]["lineage"]);

    let district_user = as_user(&app, &plan.passwords, "huyenvuban").await;
    let rollup = app
        .call(Method::GET, &format!("/api/v1/campaigns/{}/rollup?period={}", plan.campaign, plan.period))
        .bearer(&district_user)
        .send()
        .await;
    assert_eq!(rollup.status, 200, "{}", rollup.body);
    let communes = rollup.body["communes"].as_array().unwrap();
    // The plan's 2023 original, also Đại Thắng's, is another year: not rolled up.
    assert_eq!(communes.len(), 2, "{}", rollup.body);
    // Đại Thắng: 16 criteria measured commune-wide (2 is 0/0); 12 meet the
    // target, weighing 12 of 18 (7, which weighs 3, does not).
    let dai_thang = &communes[0];
    assert_eq!(dai_thang["issuer"]["code"], "XA-DAI-THANG");
    assert_eq!(
        (
            dai_thang["rank"].as_u64(),
            dai_thang["score"].as_f64(),
            dai_thang["criteria_met"].as_i64(),
            dai_thang["criteria_measured"].as_i64()
        ),
        (Some(1), Some(66.67), Some(12), Some(16))
    );
    assert_eq!(dai_thang["units"], 6);
    assert_eq!(
        dai_thang["reports"],
        json!({ "expected": 6, "submitted": 5, "on_time": 5, "approved": 3, "awaiting_review": 1 })
    );
    let mean = dai_thang["mean_unit_score"].as_f64().unwrap();
    assert!((mean - (88.89 * 2.0 + 64.71) / 6.0).abs() < 0.01, "{mean}");
    // Đại An has no approved report: nothing measured, no rank.
    let dai_an = &communes[1];
    assert_eq!(
        (dai_an["issuer"]["code"].as_str(), dai_an["rank"].as_u64(), dai_an["score"].as_f64()),
        (Some("XA-DAI-AN"), None, None)
    );
    assert_eq!(dai_an["campaign"]["code"], "12/KH-UBND");
    // Criterion by criterion, side by side.
    let seven = rollup.body["criteria"].as_array().unwrap().iter().find(|c| c["code"] == "7").unwrap();
    assert_eq!(seven["communes"].as_array().unwrap().len(), 2);
    assert_eq!(seven["communes"][0]["value"], 63.33);
    assert_eq!(seven["communes"][1]["value"], Value::Null);
    assert_eq!(seven["communes_meeting"], 0);
    let one = rollup.body["criteria"].as_array().unwrap().iter().find(|c| c["code"] == "1").unwrap();
    assert_eq!(one["communes_meeting"], 1);
}

#[actix_web::test]
async fn migrating_an_existing_database_rebuilds_the_same_scoreboard() {
    let app = TestApp::spawn().await;
    let (plan, _, _) = scored(&app).await;
    let path = format!("/api/v1/campaigns/{}/scoreboard?period={}", plan.campaign, plan.period);
    let before = app.call(Method::GET, &path).bearer(&plan.office).send().await.body;
    // The whole campaign's board and preview read the units' kept totals, which 000019 fills.
    let wholes = [
        format!("/api/v1/campaigns/{}/scoreboard", plan.campaign),
        format!("/api/v1/campaigns/{}/scoreboard/preview", plan.campaign),
    ];
    let mut wholes_before = Vec::new();
    for whole in &wholes {
        wholes_before.push(app.call(Method::GET, whole).bearer(&plan.office).send().await.body);
    }

    // Back to the schema before the scoreboard (000007 and 000008 reverted: the
    // report totals and the criterion totals are gone; every later migration
    // goes on the way); the restart migrates again, and the migrations'
    // backfills must give the same figures.
    let mut reverted: Vec<String> = Vec::new();
    while !reverted.last().is_some_and(|name| name.ends_with("000007")) {
        reverted.push(app.db.run(thidua::db::migrations::revert_last).await.unwrap());
        assert!(reverted.len() < 100, "000007 never reverted: {reverted:?}");
    }
    assert!(reverted.iter().any(|name| name.ends_with("000008")), "{reverted:?}");
    let app = app.restart(|_| {}).await;
    let after = app.call(Method::GET, &path).bearer(&plan.office).send().await.body;
    assert_eq!(after["criteria"], before["criteria"]);
    let without_on_time = |board: &Value| {
        let mut units = board["units"].clone();
        for unit in units.as_array_mut().unwrap() {
            unit["reports"].as_object_mut().unwrap().remove("on_time");
        }
        units
    };
    assert_eq!(without_on_time(&after), without_on_time(&before));
    for (whole, before) in wholes.iter().zip(&wholes_before) {
        let after = app.call(Method::GET, whole).bearer(&plan.office).send().await.body;
        assert_eq!(after["criteria"], before["criteria"], "{whole}");
        assert_eq!(without_on_time(&after), without_on_time(before), "{whole}");
        assert_eq!(after["units"].as_array().map(Vec::len), Some(6), "{whole}");
    }
    // Submissions from before the on-time flag existed are not known to be on time (the migration says so).
    assert!(after["units"].as_array().unwrap().iter().all(|u| u["reports"]["on_time"] == 0));
}

#[actix_web::test]
async fn a_kept_board_follows_a_participant_moved_out_of_the_callers_scope() {
    let app = TestApp::spawn().await;
    let plan = plan(&app).await;
    let board_path = format!("/api/v1/campaigns/{}/scoreboard", plan.campaign);
    let codes = |board: &Value| -> Vec<String> {
        let mut codes: Vec<String> =
            board["units"].as_array().unwrap().iter().map(|u| u["code"].as_str().unwrap().to_owned()).collect();
        codes.sort();
        codes
    };
    let before = app.call(Method::GET, &board_path).bearer(&plan.office).send().await;
    assert_eq!(before.status, 200, "{}", before.body);
    assert!(codes(&before.body).contains(&NO_REPORT.to_owned()), "{}", before.body);

    // The police unit moves to another commune, out of the commune office's scope.
    let commune = dai_an(&app).await;
    let unit = app.admin_get(&format!("/api/v1/org-units?code={NO_REPORT}")).await.body["items"][0].clone();
    let unit_path = format!("/api/v1/org-units/{}", unit["id"].as_str().unwrap());
    let current = app.admin_get(&unit_path).await;
    let moved = app
        .call(Method::PATCH, &unit_path)
        .bearer(&app.admin)
        .header("if-match", current.header("etag").unwrap())
        .json(json!({ "parent_id": commune.body["id"] }))
        .send()
        .await;
    assert_eq!(moved.status, 200, "{}", moved.body);

    // The office's board is computed again over where its participants now sit;
    // the administrator, who sees the whole tree, still sees all six.
    let after = app.call(Method::GET, &board_path).bearer(&plan.office).send().await;
    assert_eq!(after.status, 200, "{}", after.body);
    let mut expected = codes(&before.body);
    expected.retain(|code| code != NO_REPORT);
    assert_eq!(codes(&after.body), expected);
    assert_eq!(codes(&app.admin_get(&board_path).await.body).len(), 6);
}
