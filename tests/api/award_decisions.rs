//! Award decisions: drafts over approved commune-level nominations, the
//! chairman's signature computing each amount by the regime in force on the
//! signing date (checked by hand), the reward fund charged in the same
//! transaction — and refused past its budget, even by two signatures at
//! once — revocation, exports, and who sees drafts and signed decisions.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use reqwest::Method;
use serde_json::{Value, json};

use crate::council::{get, post, with_etag};
use crate::support::fixture::{Fixture, PASSWORD, id_of};
use crate::support::nominations::{self, Nomination, Subject};
use crate::support::{Answer, TestApp};

struct Prepared {
    app: TestApp,
    f: Fixture,
    office: String,
    chairman: String,
}

async fn prepared() -> Prepared {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let office = app.login("office", PASSWORD).await;
    let chairman = app.login("chairman", PASSWORD).await;
    Prepared { app, f, office, chairman }
}

impl Prepared {
    fn person(&self) -> Subject {
        Subject::Person { person: self.f.person_a.clone(), unit: self.f.unit_a.clone() }
    }

    fn unit(&self) -> Subject {
        Subject::Unit(self.f.unit_b.clone())
    }

    /// A nomination the commune's chairman approved for the commune's Giấy khen.
    async fn approved(&self, subject: Subject) -> String {
        nominations::nomination(&self.app, Nomination::giay_khen(&self.f.campaign, subject, "approved")).await
    }

    async fn fund(&self, year: i32, budget_vnd: i64) -> String {
        let body = json!({ "org_unit_id": self.f.commune, "year": year, "budget_vnd": budget_vnd });
        let answer = post(&self.app, &self.office, "/api/v1/reward-funds", body).await;
        assert_eq!(answer.status, 201, "{}", answer.body);
        id_of(&answer.body)
    }

    async fn draft(&self, number: &str, signed_on: &str, nominations: &[&str]) -> Answer {
        let body = json!({
            "number": number, "signed_on": signed_on, "signer_name": "Nguyễn Văn An", "signer_title": "Chủ tịch UBND xã",
            "legal_basis_ids": ["lb-luat-06-2022-qh15", "lb-nd-91-2017"], "nomination_ids": nominations,
        });
        post(&self.app, &self.office, "/api/v1/award-decisions", body).await
    }

    async fn drafted(&self, number: &str, signed_on: &str, nominations: &[&str]) -> String {
        let answer = self.draft(number, signed_on, nominations).await;
        assert_eq!(answer.status, 201, "{}", answer.body);
        id_of(&answer.body)
    }

    async fn sign(&self, id: &str, body: Option<Value>) -> Answer {
        let path = format!("/api/v1/award-decisions/{id}");
        with_etag(&self.app, &self.chairman, Method::POST, &format!("{path}/sign"), &path, body).await
    }

    async fn fund_now(&self, id: &str) -> Value {
        get(&self.app, &self.office, &format!("/api/v1/reward-funds/{id}")).await.body
    }
}

/// Revokes the line at `line_path` with its current ETag.
async fn revoke_line(app: &TestApp, token: &str, line_path: &str, body: Value) -> Answer {
    with_etag(app, token, Method::POST, &format!("{line_path}/revoke"), line_path, Some(body)).await
}

fn line(decision: &Value, ordinal: i64) -> &Value {
    decision["lines"].as_array().unwrap().iter().find(|l| l["ordinal"] == ordinal).unwrap()
}

#[actix_web::test]
async fn a_decision_signed_on_2023_12_20_pays_270000_a_person_and_540000_a_collective() {
    let p = prepared().await;
    let fund = p.fund(2023, 10_000_000).await;
    let (person, unit) = (p.approved(p.person()).await, p.approved(p.unit()).await);
    let draft = p.draft("12/QĐ-UBND", "2023-12-20", &[&person, &unit]).await;
    assert_eq!(draft.status, 201, "{}", draft.body);
    assert_eq!(draft.header("etag"), Some("\"1\""));
    let d = &draft.body;
    assert_eq!(
        (d["status"].as_str(), d["total_vnd"].as_i64(), d["org_unit_id"].as_str()),
        (Some("draft"), Some(0), Some(p.f.commune.as_str()))
    );
    assert_eq!(
        (line(d, 1)["subject_name"].as_str(), line(d, 1)["amount_vnd"].clone()),
        (Some("Nguyễn Thị Hoa"), Value::Null)
    );
    assert_eq!(line(d, 2)["subject_name"], "Đoàn Thanh niên");
    let id = id_of(d);

    let signed = p.sign(&id, None).await;
    assert_eq!(signed.status, 200, "{}", signed.body);
    let d = &signed.body;
    assert_eq!(
        (d["status"].as_str(), d["total_vnd"].as_i64(), d["fund_id"].as_str()),
        (Some("signed"), Some(810_000), Some(fund.as_str()))
    );
    assert!(d["signed_by"].as_str().unwrap().starts_with("user:"));
    // 0.15 × 1,800,000 = 270,000 (NĐ 91/2017, base salary from 2023-07-01).
    let individual = line(d, 1);
    assert_eq!(
        (
            individual["coefficient"].as_str(),
            individual["coefficient_id"].as_str(),
            individual["base_salary_vnd"].as_i64(),
            individual["base_salary_id"].as_str(),
            individual["raw_amount_vnd"].as_i64(),
            individual["amount_vnd"].as_i64(),
            individual["legal_basis_id"].as_str(),
        ),
        (
            Some("0.15"),
            Some("ac-giay-khen-xa-individual-2017"),
            Some(1_800_000),
            Some("bs-2023-07-01"),
            Some(270_000),
            Some(270_000),
            Some("lb-nd-91-2017")
        )
    );
    // 0.3 × 1,800,000 = 540,000.
    let collective = line(d, 2);
    assert_eq!(
        (collective["coefficient"].as_str(), collective["raw_amount_vnd"].as_i64(), collective["amount_vnd"].as_i64()),
        (Some("0.3"), Some(540_000), Some(540_000))
    );
    let f = p.fund_now(&fund).await;
    assert_eq!(
        (f["budget_vnd"].as_i64(), f["committed_vnd"].as_i64(), f["remaining_vnd"].as_i64()),
        (Some(10_000_000), Some(810_000), Some(9_190_000))
    );
    let log = p.app.admin_get(&format!("/api/v1/audit-events?entity=award_decision&entity_id={id}")).await.body;
    let actions: Vec<&str> = log["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["create", "sign"]);
    assert_eq!(log["items"][1]["after"]["lines"][0]["amount_vnd"], 270_000);
}

#[actix_web::test]
async fn the_same_award_signed_on_2024_08_01_is_0_3_times_2340000_rounded_up_to_710000() {
    let p = prepared().await;
    let fund = p.fund(2024, 5_000_000).await;
    let (person, unit) = (p.approved(p.person()).await, p.approved(p.unit()).await);
    let id = p.drafted("05/QĐ-UBND", "2024-08-01", &[&person, &unit]).await;
    let signed = p.sign(&id, None).await;
    assert_eq!(signed.status, 200, "{}", signed.body);
    let individual = line(&signed.body, 1);
    assert_eq!(
        (
            individual["coefficient"].as_str(),
            individual["coefficient_id"].as_str(),
            individual["base_salary_vnd"].as_i64(),
            individual["base_salary_id"].as_str(),
            individual["raw_amount_vnd"].as_i64(),
            individual["amount_vnd"].as_i64(),
            individual["legal_basis_id"].as_str(),
        ),
        (
            Some("0.3"),
            Some("ac-giay-khen-xa-individual-2024"),
            Some(2_340_000),
            Some("bs-2024-07-01"),
            Some(702_000),
            Some(710_000),
            Some("lb-nd-98-2023")
        )
    );
    // 0.6 × 2,340,000 = 1,404,000 → 1,410,000.
    assert_eq!(line(&signed.body, 2)["amount_vnd"], 1_410_000);
    assert_eq!(signed.body["total_vnd"], 2_120_000);
    assert_eq!(p.fund_now(&fund).await["committed_vnd"], 2_120_000, "charged to the fund of 2024, the signing year");
}

#[actix_web::test]
async fn a_draft_takes_only_approved_commune_awards_on_no_other_decision() {
    let p = prepared().await;
    let app = &p.app;
    let ok = p.approved(p.person()).await;
    let proposed = nominations::nomination(app, Nomination::giay_khen(&p.f.campaign, p.unit(), "proposed")).await;
    let forwarded = nominations::nomination(
        app,
        Nomination { forwarded: true, ..Nomination::giay_khen(&p.f.campaign, p.unit(), "approved") },
    )
    .await;
    let district = nominations::nomination(
        app,
        Nomination { award_type: "at-giay-khen-huyen", ..Nomination::giay_khen(&p.f.campaign, p.unit(), "approved") },
    )
    .await;
    let foreign = nominations::nomination(
        app,
        Nomination::giay_khen(&p.f.other_campaign, Subject::Unit(p.f.other_unit.clone()), "approved"),
    )
    .await;

    // 422: the values.
    let body = json!({ "number": "QĐ-UBND", "signed_on": "2023-12-20", "signer_name": " ", "signer_title": "Chủ tịch",
        "legal_basis_ids": ["no-such-basis"], "nomination_ids": [ok, foreign, ok] });
    let answer = post(app, &p.office, "/api/v1/award-decisions", body).await;
    let errors = answer.assert_problem(422, "validation_failed")["errors"].clone();
    let fields: Vec<&str> = errors.as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["number", "signer_name", "legal_basis_ids[0]", "nomination_ids[2]", "nomination_ids[1]"]);
    let empty = json!({ "number": "1/QĐ", "signed_on": "2023-12-20", "signer_name": "A", "signer_title": "B",
        "legal_basis_ids": [], "nomination_ids": [] });
    post(app, &p.office, "/api/v1/award-decisions", empty).await.assert_problem(422, "validation_failed");

    // 409: not approved, forwarded, not the commune's award — each named.
    let refused = p.draft("12/QĐ-UBND", "2023-12-20", &[&ok, &proposed, &forwarded, &district]).await;
    let problem = refused.assert_problem(409, "nomination_not_awardable");
    let named: Vec<(String, String)> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap().to_owned(), e["code"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(
        named,
        [
            (format!("nominations[{proposed}]"), "not_approved".to_owned()),
            (format!("nominations[{forwarded}]"), "forwarded".to_owned()),
            (format!("nominations[{district}]"), "not_commune_level".to_owned()),
        ]
    );

    // The number is the issuer's once; a nomination is on one decision.
    let first = p.drafted("12/QĐ-UBND", "2023-12-20", &[&ok]).await;
    let other = p.approved(p.unit()).await;
    let taken = p.draft("12/QĐ-UBND", "2023-12-21", &[&other]).await;
    assert_eq!(taken.assert_problem(409, "number_taken")["errors"][0]["field"], "number");
    let twice = p.draft("13/QĐ-UBND", "2023-12-21", &[&other, &ok]).await;
    let problem = twice.assert_problem(409, "nomination_on_decision");
    assert_eq!(problem["errors"][0]["field"], format!("nominations[{ok}]"));
    assert!(problem["detail"].as_str().unwrap().contains("12/QĐ-UBND"));

    // A draft changes whole while a draft, and may be deleted; its nominations are free again.
    let path = format!("/api/v1/award-decisions/{first}");
    let body = json!({ "number": "12/QĐ-UBND", "signed_on": "2023-12-22", "signer_name": "Nguyễn Văn An",
        "signer_title": "Chủ tịch UBND xã", "legal_basis_ids": ["lb-nd-91-2017"], "nomination_ids": [other, ok] });
    let changed = with_etag(app, &p.office, Method::PUT, &path, &path, Some(body)).await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!((changed.body["signed_on"].as_str(), changed.body["version"].as_i64()), (Some("2023-12-22"), Some(2)));
    assert_eq!(
        (line(&changed.body, 1)["nomination_id"].as_str(), line(&changed.body, 2)["nomination_id"].as_str()),
        (Some(other.as_str()), Some(ok.as_str()))
    );
    let deleted = with_etag(app, &p.office, Method::DELETE, &path, &path, None).await;
    assert_eq!(deleted.status, 204, "{}", deleted.body);
    get(app, &p.office, &path).await.assert_problem(404, "not_found");
    assert_eq!(
        p.draft("12/QĐ-UBND", "2023-12-20", &[&ok, &other]).await.status,
        201,
        "number and nominations are free again"
    );
}

#[actix_web::test]
async fn a_signed_decision_never_changes_and_its_lines_are_revoked_not_deleted() {
    let p = prepared().await;
    let app = &p.app;
    let fund = p.fund(2023, 10_000_000).await;
    let (person, unit) = (p.approved(p.person()).await, p.approved(p.unit()).await);
    let id = p.drafted("12/QĐ-UBND", "2023-12-20", &[&person, &unit]).await;
    let path = format!("/api/v1/award-decisions/{id}");

    // A draft's line is not revoked: it is taken off the draft instead.
    let draft_line = get(app, &p.chairman, &path).await.body["lines"][0]["id"].as_str().unwrap().to_owned();
    let line_path = format!("{path}/lines/{draft_line}");
    let revoke = |body: Value| revoke_line(app, &p.chairman, &line_path, body);
    revoke(json!({ "ground": "false_declaration", "reason": "Khai man" }))
        .await
        .assert_problem(409, "decision_not_signed");

    assert_eq!(p.sign(&id, None).await.status, 200);
    p.sign(&id, None).await.assert_problem(409, "decision_signed");
    let body = json!({ "number": "12/QĐ-UBND", "signed_on": "2023-12-20", "signer_name": "A", "signer_title": "B",
        "legal_basis_ids": ["lb-nd-91-2017"], "nomination_ids": [person] });
    with_etag(app, &p.office, Method::PUT, &path, &path, Some(body)).await.assert_problem(409, "decision_signed");
    with_etag(app, &p.office, Method::DELETE, &path, &path, None).await.assert_problem(409, "decision_signed");

    // 422: no reason, more than the amount; 403 for the office.
    revoke(json!({ "ground": "later_violation", "reason": "  " })).await.assert_problem(422, "validation_failed");
    let too_much = revoke(json!({ "ground": "later_violation", "reason": "Kết luận", "recover_vnd": 270_001 })).await;
    assert_eq!(too_much.assert_problem(422, "validation_failed")["errors"][0]["field"], "recover_vnd");
    with_etag(
        app,
        &p.office,
        Method::POST,
        &format!("{line_path}/revoke"),
        &line_path,
        Some(json!({ "ground": "other", "reason": "x" })),
    )
    .await
    .assert_problem(403, "forbidden");

    let reason = "Kết luận số 05/KL-UBND ngày 10/3/2024: phản ánh đúng, xảy ra trong năm được khen";
    let revoked = revoke(json!({ "ground": "later_violation", "reason": reason })).await;
    assert_eq!(revoked.status, 200, "{}", revoked.body);
    let l = &revoked.body;
    assert_eq!(
        (
            l["revoked"].as_bool(),
            l["revoke_ground"].as_str(),
            l["revoke_reason"].as_str(),
            l["recover_vnd"].as_i64(),
            l["amount_vnd"].as_i64()
        ),
        (Some(true), Some("later_violation"), Some(reason), Some(270_000), Some(270_000)),
        "the whole amount by default, the line kept"
    );
    assert_eq!(revoked.header("etag"), Some("\"2\""));
    revoke(json!({ "ground": "later_violation", "reason": reason })).await.assert_problem(409, "line_revoked");
    let stale = app
        .call(Method::POST, &format!("{line_path}/revoke"))
        .bearer(&p.chairman)
        .header("if-match", "\"1\"")
        .json(json!({ "ground": "other", "reason": "x" }))
        .send()
        .await;
    stale.assert_problem(412, "stale_version");

    // The second line, recovering part of it.
    let decision = get(app, &p.chairman, &path).await.body;
    assert_eq!((decision["lines"].as_array().unwrap().len(), decision["recovered_vnd"].as_i64()), (2, Some(270_000)));
    let second = format!("{path}/lines/{}", line(&decision, 2)["id"].as_str().unwrap());
    let partly = with_etag(
        app,
        &p.chairman,
        Method::POST,
        &format!("{second}/revoke"),
        &second,
        Some(json!({ "ground": "forged_documents", "reason": "Hồ sơ giả mạo", "recover_vnd": 40_000 })),
    )
    .await;
    assert_eq!(partly.body["recover_vnd"], 40_000, "{}", partly.body);
    let f = p.fund_now(&fund).await;
    assert_eq!(f["committed_vnd"], 810_000 - 270_000 - 40_000, "the recovered money goes back to the fund");
    let log = app.admin_get(&format!("/api/v1/audit-events?entity=award_decision&entity_id={id}")).await.body;
    let actions: Vec<&str> = log["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["create", "sign", "revoke_line", "revoke_line"]);
}

#[actix_web::test]
async fn the_fund_refuses_what_exceeds_it_unless_the_chairman_gives_a_reason() {
    let p = prepared().await;
    let app = &p.app;
    let fund = p.fund(2023, 500_000).await;
    let (person, unit) = (p.approved(p.person()).await, p.approved(p.unit()).await);
    let id = p.drafted("12/QĐ-UBND", "2023-12-20", &[&person, &unit]).await;

    let refused = p.sign(&id, None).await;
    let detail = refused.assert_problem(409, "fund_exceeded")["detail"].as_str().unwrap().to_owned();
    for figure in ["500000 đồng budgeted", "0 committed", "500000 remaining", "totals 810000", "310000 over"] {
        assert!(detail.contains(figure), "{figure:?} in {detail}");
    }
    let d = get(app, &p.chairman, &format!("/api/v1/award-decisions/{id}")).await.body;
    assert_eq!(
        (d["status"].as_str(), line(&d, 1)["amount_vnd"].clone()),
        (Some("draft"), Value::Null),
        "nothing was written"
    );
    assert_eq!(p.fund_now(&fund).await["committed_vnd"], 0);

    // The budget cannot fall below what is committed; it may rise.
    let fund_path = format!("/api/v1/reward-funds/{fund}");
    let signed = p.sign(&id, Some(json!({ "over_budget_reason": "Bổ sung dự toán theo Nghị quyết HĐND xã" }))).await;
    assert_eq!(signed.status, 200, "{}", signed.body);
    assert_eq!(signed.body["over_budget_reason"], "Bổ sung dự toán theo Nghị quyết HĐND xã");
    let f = p.fund_now(&fund).await;
    assert_eq!((f["committed_vnd"].as_i64(), f["remaining_vnd"].as_i64()), (Some(810_000), Some(-310_000)));
    let lower =
        with_etag(app, &p.office, Method::PUT, &fund_path, &fund_path, Some(json!({ "budget_vnd": 800_000 }))).await;
    lower.assert_problem(409, "budget_below_committed");
    let raised =
        with_etag(app, &p.office, Method::PUT, &fund_path, &fund_path, Some(json!({ "budget_vnd": 1_000_000 }))).await;
    assert_eq!((raised.status, raised.body["remaining_vnd"].as_i64()), (200, Some(190_000)));
    let log = app.admin_get(&format!("/api/v1/audit-events?entity=award_decision&entity_id={id}")).await.body;
    assert_eq!(log["items"][1]["after"]["over_budget_reason"], "Bổ sung dự toán theo Nghị quyết HĐND xã");
    // One fund per issuer and year; only a commune of the caller's scope has one.
    let again = post(
        app,
        &p.office,
        "/api/v1/reward-funds",
        json!({ "org_unit_id": p.f.commune, "year": 2023, "budget_vnd": 1 }),
    )
    .await;
    again.assert_problem(409, "already_exists");
    let not_commune = post(
        app,
        &p.office,
        "/api/v1/reward-funds",
        json!({ "org_unit_id": p.f.unit_a, "year": 2024, "budget_vnd": -1 }),
    )
    .await;
    let codes: Vec<&str> = not_commune.assert_problem(422, "validation_failed")["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["not_an_issuer", "negative"]);
    post(
        app,
        &p.office,
        "/api/v1/reward-funds",
        json!({ "org_unit_id": p.f.other_commune, "year": 2024, "budget_vnd": 1 }),
    )
    .await
    .assert_problem(422, "validation_failed");
    let list = get(app, &p.office, "/api/v1/reward-funds?year=2023").await.body;
    assert_eq!((list["total"].as_i64(), list["items"][0]["org_unit_name"].as_str()), (Some(1), Some("Xã Đại Thắng")));
}

#[actix_web::test]
async fn without_a_fund_for_the_year_a_decision_is_signed_only_with_a_reason() {
    let p = prepared().await;
    p.fund(2024, 10_000_000).await;
    let person = p.approved(p.person()).await;
    let id = p.drafted("12/QĐ-UBND", "2023-12-20", &[&person]).await;
    let refused = p.sign(&id, Some(json!({ "over_budget_reason": "  " }))).await;
    assert!(refused.assert_problem(409, "no_fund")["detail"].as_str().unwrap().contains("2023"));
    let signed = p.sign(&id, Some(json!({ "over_budget_reason": "Chi từ nguồn kinh phí khác" }))).await;
    assert_eq!(signed.status, 200, "{}", signed.body);
    assert_eq!((signed.body["fund_id"].clone(), signed.body["total_vnd"].as_i64()), (Value::Null, Some(270_000)));
}

#[actix_web::test]
async fn a_line_without_a_coefficient_or_a_base_salary_on_the_signing_day_is_named() {
    let p = prepared().await;
    let person = p.approved(p.person()).await;
    // Before the award type's first coefficient (2017-10-01) and any base salary.
    let early = p.drafted("1/QĐ-UBND", "2017-06-01", &[&person]).await;
    let problem = p.sign(&early, Some(json!({ "over_budget_reason": "Thử" }))).await;
    let body = problem.assert_problem(409, "amount_unavailable");
    assert_eq!(
        (body["errors"][0]["field"].as_str(), body["errors"][0]["code"].as_str()),
        (Some("lines[1]"), Some("no_coefficient"))
    );
    let path = format!("/api/v1/award-decisions/{early}");
    let body = json!({ "number": "1/QĐ-UBND", "signed_on": "2018-01-01", "signer_name": "A", "signer_title": "B",
        "legal_basis_ids": ["lb-nd-91-2017"], "nomination_ids": [person] });
    with_etag(&p.app, &p.office, Method::PUT, &path, &path, Some(body)).await;
    // A coefficient (from 2017-10-01), but the first base salary is of 2018-07-01.
    let problem = p.sign(&early, Some(json!({ "over_budget_reason": "Thử" }))).await;
    assert_eq!(problem.assert_problem(409, "amount_unavailable")["errors"][0]["code"], "no_base_salary");
}

#[actix_web::test]
async fn the_decision_exports_its_list_as_csv_and_xlsx() {
    let p = prepared().await;
    let app = &p.app;
    p.fund(2023, 10_000_000).await;
    let (person, unit) = (p.approved(p.person()).await, p.approved(p.unit()).await);
    let id = p.drafted("12/QĐ-UBND", "2023-12-20", &[&person, &unit]).await;
    p.sign(&id, None).await;
    let path = format!("/api/v1/award-decisions/{id}");
    let first = get(app, &p.chairman, &path).await.body["lines"][0]["id"].as_str().unwrap().to_owned();
    let line_path = format!("{path}/lines/{first}");
    let revoked = with_etag(
        app,
        &p.chairman,
        Method::POST,
        &format!("{line_path}/revoke"),
        &line_path,
        Some(json!({ "ground": "false_declaration", "reason": "Khai man thành tích" })),
    )
    .await;
    assert_eq!(revoked.status, 200, "{}", revoked.body);
    let reporter = app.login("reporter.b", PASSWORD).await;

    let csv = get(app, &reporter, &format!("{path}?format=csv")).await;
    assert_eq!(csv.status, 200);
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    assert!(
        csv.header("content-disposition").unwrap().contains("khen-thuong.csv"),
        "{:?}",
        csv.header("content-disposition")
    );
    assert_eq!(&csv.bytes[..3], [0xEF, 0xBB, 0xBF], "a BOM");
    let text = String::from_utf8(csv.bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "STT,Họ và tên / Tập thể,Đơn vị,Hình thức khen thưởng,Hệ số,Mức lương cơ sở (đồng),Số tiền (đồng),Thu hồi"
    );
    let today = thidua::domain::today();
    assert_eq!(
        lines[1],
        format!(
            "1,Nguyễn Thị Hoa,Hội Nông dân,Giấy khen của Chủ tịch UBND xã,0.15,1800000,270000,\"Đã thu hồi ngày {today}, thu hồi 270000 đồng\""
        )
    );
    assert_eq!(lines[2], "2,Đoàn Thanh niên,Đoàn Thanh niên,Giấy khen của Chủ tịch UBND xã,0.30,1800000,540000,");

    let xlsx = app
        .call(Method::GET, &path)
        .bearer(&reporter)
        .header("accept", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .send()
        .await;
    assert_eq!(xlsx.status, 200);
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(xlsx.bytes.clone())).unwrap();
    let sheet = workbook.worksheet_range("Danh sách khen thưởng").unwrap();
    let row =
        |r: u32| -> Vec<Data> { (0..8).map(|c| sheet.get_value((r, c)).cloned().unwrap_or(Data::Empty)).collect() };
    assert_eq!(row(0)[6], Data::String("Số tiền (đồng)".into()));
    assert_eq!(row(2)[1], Data::String("Đoàn Thanh niên".into()));
    assert_eq!(
        (row(2)[4].clone(), row(2)[5].clone(), row(2)[6].clone()),
        (Data::Float(0.3), Data::Float(1_800_000.0), Data::Float(540_000.0))
    );
    assert!(matches!(&row(1)[7], Data::String(s) if s.starts_with("Đã thu hồi")));
    // JSON stays the default, with its ETag.
    let json = get(app, &reporter, &path).await;
    assert_eq!((json.status, json.header("etag").is_some()), (200, true));
}

#[actix_web::test]
async fn drafts_are_the_office_and_chairmans_and_signed_decisions_everyone_in_scope() {
    let p = prepared().await;
    let app = &p.app;
    p.fund(2023, 10_000_000).await;
    let (person, unit) = (p.approved(p.person()).await, p.approved(p.unit()).await);
    let draft = p.drafted("11/QĐ-UBND", "2023-12-20", &[&person]).await;
    let signed = p.drafted("12/QĐ-UBND", "2023-12-20", &[&unit]).await;
    assert_eq!(p.sign(&signed, None).await.status, 200);
    let service = p.f.service_token(app).await;
    let body = json!({ "username": "reporter.khac", "display_name": "Xã khác", "role": "reporter", "org_unit_id": p.f.other_unit, "password": PASSWORD });
    assert_eq!(app.admin_json(Method::POST, "/api/v1/users", body).await.status, 201);
    let mut tokens = vec![
        ("office", p.office.clone()),
        ("chairman", p.chairman.clone()),
        ("admin", app.admin.clone()),
        ("service", service),
    ];
    for user in ["reporter.a", "reporter.b", "district", "reporter.khac"] {
        tokens.push((user, app.login(user, PASSWORD).await));
    }
    for (who, token) in &tokens {
        let sees_draft = ["office", "chairman"].contains(who);
        let in_scope = *who != "reporter.khac";
        let draft_read = get(app, token, &format!("/api/v1/award-decisions/{draft}")).await.status;
        assert_eq!(draft_read, if sees_draft { 200 } else { 404 }, "{who} reads the draft");
        let signed_read = get(app, token, &format!("/api/v1/award-decisions/{signed}")).await.status;
        assert_eq!(signed_read, if in_scope { 200 } else { 404 }, "{who} reads the signed decision");
        let csv = get(app, token, &format!("/api/v1/award-decisions/{signed}?format=csv")).await.status;
        assert_eq!(csv, signed_read, "{who} exports it as it reads it");
        let list = get(app, token, "/api/v1/award-decisions?year=2023").await.body;
        let expected = match (sees_draft, in_scope) {
            (true, _) => 2,
            (false, true) => 1,
            (false, false) => 0,
        };
        assert_eq!(list["total"], expected, "{who}: {list}");
    }
    let office = &p.office;
    assert_eq!(get(app, office, "/api/v1/award-decisions?status=draft").await.body["total"], 1);
    assert_eq!(get(app, office, "/api/v1/award-decisions?year=2024").await.body["total"], 0);
    assert_eq!(get(app, office, "/api/v1/award-decisions?award_type_id=at-giay-khen-xa").await.body["total"], 2);
    assert_eq!(get(app, office, "/api/v1/award-decisions?award_type_id=at-giay-khen-huyen").await.body["total"], 0);
    assert_eq!(
        get(app, office, &format!("/api/v1/award-decisions?campaign_id={}", p.f.campaign)).await.body["total"],
        2
    );
    assert_eq!(
        get(app, office, &format!("/api/v1/award-decisions?campaign_id={}", p.f.other_campaign)).await.body["total"],
        0
    );
    // Only the chairman signs; only the office prepares.
    assert_eq!(p.sign(&draft, None).await.status, 200, "the chairman signs");
    let reporter = app.login("reporter.a", PASSWORD).await;
    post(app, &reporter, "/api/v1/reward-funds", json!({ "org_unit_id": p.f.commune, "year": 2030, "budget_vnd": 1 }))
        .await
        .assert_problem(403, "forbidden");
}

#[actix_web::test]
async fn two_signatures_cannot_spend_the_fund_beyond_its_budget() {
    let p = prepared().await;
    let fund = p.fund(2023, 600_000).await;
    let (first, second) = (p.approved(p.unit()).await, p.approved(Subject::Unit(p.f.unit_a.clone())).await);
    let a = p.drafted("12/QĐ-UBND", "2023-12-20", &[&first]).await;
    let b = p.drafted("13/QĐ-UBND", "2023-12-20", &[&second]).await;
    let sign = |id: String| {
        let call = p
            .app
            .call(Method::POST, &format!("/api/v1/award-decisions/{id}/sign"))
            .bearer(&p.chairman)
            .header("if-match", "\"1\"");
        call.send()
    };
    let (one, two) = futures_util::join!(sign(a), sign(b));
    let mut statuses = [one.status, two.status];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409], "{} / {}", one.body, two.body);
    let refused = if one.status == 409 { &one } else { &two };
    refused.assert_problem(409, "fund_exceeded");
    assert_eq!(p.fund_now(&fund).await["committed_vnd"], 540_000, "exactly one decision is charged");
}

#[actix_web::test]
async fn two_signatures_of_one_decision_land_once() {
    let p = prepared().await;
    let fund = p.fund(2023, 10_000_000).await;
    let person = p.approved(p.person()).await;
    let id = p.drafted("12/QĐ-UBND", "2023-12-20", &[&person]).await;
    let sign = || {
        p.app
            .call(Method::POST, &format!("/api/v1/award-decisions/{id}/sign"))
            .bearer(&p.chairman)
            .header("if-match", "\"1\"")
            .send()
    };
    let (one, two) = futures_util::join!(sign(), sign());
    let mut statuses = [one.status, two.status];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 412], "{} / {}", one.body, two.body);
    assert_eq!(p.fund_now(&fund).await["committed_vnd"], 270_000, "charged once");
}

#[actix_web::test]
async fn a_decision_keeps_the_communes_name_of_its_day_after_a_rename() {
    let p = prepared().await;
    let nomination = p.approved(p.person()).await;
    let id = p.drafted("12/QĐ-UBND", "2023-12-20", &[&nomination]).await;
    let path = format!("/api/v1/award-decisions/{id}");
    let before = get(&p.app, &p.office, &path).await.body;
    let label = before["org_unit_label"].as_str().unwrap().to_owned();
    assert!(label.starts_with("Xã Đại Thắng, "), "{label}");
    let unit_name = before["lines"][0]["org_unit_name"].clone();

    let renamed = p
        .app
        .admin_json(
            Method::POST,
            "/api/v1/reorganisations",
            json!({ "kind": "rename", "effective_on": "2024-01-01", "reason": "Đổi tên", "legal_basis": "Nghị quyết thử",
                    "predecessors": [p.f.commune], "name": "Xã Liên Minh", "code": "XA-LIEN-MINH-MOI" }),
        )
        .await;
    assert_eq!(renamed.status, 201, "{}", renamed.body);

    let after = get(&p.app, &p.office, &path).await.body;
    assert_eq!(after["org_unit_name"], "Xã Đại Thắng", "named as on 2023-12-20");
    assert_eq!(after["org_unit_label"], label.as_str());
    assert_eq!(after["lines"][0]["org_unit_name"], unit_name);
    // A nomination is named as on its achievement's last day (the 2023
    // campaign's), though it was made after the rename's day.
    let made = get(&p.app, &p.office, "/api/v1/nominations?limit=100").await.body;
    let made = made["items"].as_array().unwrap().iter().find(|n| n["id"] == nomination.as_str()).unwrap();
    assert!(made["org_unit_label"].as_str().unwrap().contains("xã Đại Thắng"), "{made}");
    let campaign = get(&p.app, &p.office, &format!("/api/v1/campaigns/{}", p.f.campaign)).await.body;
    assert!(campaign["issuer_label"].as_str().unwrap().starts_with("Xã "), "{campaign}");
}
