//! Commendation reference data (issue 13): the seeded figures and the amount
//! of an award on a signing date, on both backends.

use serde_json::Value;

use crate::support::TestApp;

fn items(body: &Value) -> &Vec<Value> {
    body["items"].as_array().expect("a list")
}

#[actix_web::test]
async fn the_seeded_base_salaries_read_back_with_their_marks() {
    let app = TestApp::spawn().await;
    let answer = app.admin_get("/api/v1/award-reference/base-salaries").await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let rows: Vec<(&str, i64, bool)> = items(&answer.body)
        .iter()
        .map(|r| {
            (r["in_force_from"].as_str().unwrap(), r["amount_vnd"].as_i64().unwrap(), r["verified"].as_bool().unwrap())
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("2018-07-01", 1_390_000, true),
            ("2019-07-01", 1_490_000, false),
            ("2023-07-01", 1_800_000, true),
            ("2024-07-01", 2_340_000, true),
            ("2026-07-01", 2_530_000, false),
        ]
    );
    assert_eq!(answer.body["total"], 5);

    // Every row names a legal basis that exists.
    let bases = app.admin_get("/api/v1/award-reference/legal-bases").await;
    assert_eq!(bases.status, 200, "{}", bases.body);
    let ids: Vec<&str> = items(&bases.body).iter().map(|b| b["id"].as_str().unwrap()).collect();
    for row in items(&answer.body) {
        assert!(ids.contains(&row["legal_basis_id"].as_str().unwrap()), "{row}");
    }
    let by_code = |code: &str| items(&bases.body).iter().find(|b| b["code"] == code).cloned().expect(code);
    let law = by_code("06/2022/QH15");
    assert_eq!((law["in_force_from"].as_str(), law["verified"].as_bool()), (Some("2024-01-01"), Some(true)));
    assert_eq!(by_code("91/2017/NĐ-CP")["in_force_to"], "2023-12-31");
    assert_eq!(by_code("98/2023/NĐ-CP")["verified"], true);
    let nd152 = by_code("152/2025/NĐ-CP");
    assert_eq!((nd152["verified"].as_bool(), nd152["issued_on"].is_null()), (Some(false), true));
}

#[actix_web::test]
async fn the_seeded_award_types_carry_their_subjects_and_dated_coefficients() {
    let app = TestApp::spawn().await;
    let answer = app.admin_get("/api/v1/award-types").await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    let codes: Vec<&str> = items(&answer.body).iter().map(|t| t["code"].as_str().unwrap()).collect();
    assert_eq!(
        codes,
        [
            "chien-si-thi-dua-co-so",
            "giay-khen-huyen",
            "giay-khen-xa",
            "lao-dong-tien-tien",
            "tap-the-lao-dong-tien-tien"
        ]
    );

    let commune = app.admin_get("/api/v1/award-types/at-giay-khen-xa").await;
    assert_eq!(commune.status, 200, "{}", commune.body);
    assert_eq!(commune.header("etag"), Some("\"1\""));
    assert_eq!(commune.body["kind"], "certificate");
    assert_eq!(commune.body["issuing_level"], "commune");
    assert_eq!(commune.body["subjects"], serde_json::json!(["individual", "collective", "household"]));
    let coefficients: Vec<(&str, &str, &str, bool)> = commune.body["coefficients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["subject_kind"].as_str().unwrap(),
                c["valid_from"].as_str().unwrap(),
                c["coefficient"].as_str().unwrap(),
                c["verified"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        coefficients,
        [
            ("collective", "2017-10-01", "0.3", true),
            ("collective", "2024-01-01", "0.6", false),
            ("household", "2024-01-01", "0.3", false),
            ("individual", "2017-10-01", "0.15", true),
            ("individual", "2024-01-01", "0.3", false),
        ]
    );

    let district = app.admin_get("/api/v1/award-types/at-giay-khen-huyen").await;
    assert_eq!(district.body["issuing_level"], "district");
    assert_eq!(district.body["valid_to"], "2025-06-30");
    let title = app.admin_get("/api/v1/award-types/at-chien-si-thi-dua-co-so").await;
    assert_eq!(title.body["kind"], "title");
    assert_eq!(title.body["subjects"], serde_json::json!(["individual"]));
    assert_eq!(title.body["coefficients"][0]["coefficient"], "1");
}

async fn amount(app: &TestApp, award: &str, subject: &str, on: &str) -> crate::support::Answer {
    app.admin_get(&format!("/api/v1/award-types/{award}/amount?subject_kind={subject}&on={on}")).await
}

#[actix_web::test]
async fn plan_05s_worked_amounts_follow_the_signing_date() {
    let app = TestApp::spawn().await;
    let cases = [
        ("at-giay-khen-xa", "individual", "2023-12-20", "0.15", 1_800_000, 270_000, 270_000),
        ("at-giay-khen-xa", "collective", "2023-12-20", "0.3", 1_800_000, 540_000, 540_000),
        ("at-giay-khen-huyen", "individual", "2023-12-20", "0.3", 1_800_000, 540_000, 540_000),
        ("at-giay-khen-huyen", "collective", "2023-12-20", "0.6", 1_800_000, 1_080_000, 1_080_000),
        ("at-giay-khen-xa", "individual", "2024-08-01", "0.3", 2_340_000, 702_000, 710_000),
    ];
    for (award, subject, on, coefficient, base, raw, rounded) in cases {
        let answer = amount(&app, award, subject, on).await;
        let body = &answer.body;
        assert_eq!(answer.status, 200, "{award} {subject} {on}: {body}");
        assert_eq!(body["award_type_id"], award);
        assert_eq!(body["subject_kind"], subject);
        assert_eq!(body["on"], on);
        assert_eq!(body["coefficient"]["coefficient"], coefficient, "{body}");
        assert_eq!(body["base_salary"]["amount_vnd"], base, "{body}");
        assert_eq!(body["raw_amount_vnd"], raw, "{body}");
        assert_eq!(body["amount_vnd"], rounded, "{body}");
        assert_eq!(body["rounding_step_vnd"], 10_000);
        assert!(body["rounding_rule"].as_str().unwrap().contains("Điều 68"), "{body}");
    }

    // December 2023: NĐ 91/2017's verified coefficient, NĐ 24/2023's base salary.
    let december = amount(&app, "at-giay-khen-xa", "individual", "2023-12-20").await;
    let codes: Vec<&str> =
        december.body["legal_bases"].as_array().unwrap().iter().map(|b| b["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"91/2017/NĐ-CP") && codes.contains(&"24/2023/NĐ-CP"), "{codes:?}");
    assert_eq!(december.body["coefficient"]["verified"], true);

    // August 2024: the unconfirmed 0.3 shows it is unconfirmed.
    let august = amount(&app, "at-giay-khen-xa", "individual", "2024-08-01").await;
    assert_eq!(august.body["coefficient"]["verified"], false, "{}", august.body);
    assert_eq!(august.body["coefficient"]["legal_basis_id"], "lb-nd-98-2023");
    assert_eq!(august.body["base_salary"]["in_force_from"], "2024-07-01");
    assert_eq!(august.body["verified"], false);
}

#[actix_web::test]
async fn an_amount_that_cannot_be_computed_names_the_parameter() {
    let app = TestApp::spawn().await;
    // Households receive a Giấy khen only from 2024.
    let household = amount(&app, "at-giay-khen-xa", "household", "2023-12-20").await;
    let body = household.assert_problem(422, "validation_failed");
    assert_eq!(body["errors"][0]["field"], "subject_kind", "{body}");
    assert_eq!(body["errors"][0]["code"], "no_coefficient", "{body}");
    assert_eq!(amount(&app, "at-giay-khen-xa", "household", "2024-01-01").await.status, 200);

    // No base salary before the first row.
    let early = amount(&app, "at-giay-khen-xa", "individual", "2018-01-01").await;
    let body = early.assert_problem(422, "validation_failed");
    assert_eq!(body["errors"][0]["field"], "on", "{body}");
    assert_eq!(body["errors"][0]["code"], "no_base_salary", "{body}");

    // The district's Giấy khen ends with the districts.
    let gone = amount(&app, "at-giay-khen-huyen", "individual", "2025-07-01").await;
    let body = gone.assert_problem(422, "validation_failed");
    assert_eq!(body["errors"][0]["field"], "on", "{body}");
    assert_eq!(body["errors"][0]["code"], "award_type_not_in_force", "{body}");
    assert_eq!(amount(&app, "at-giay-khen-huyen", "individual", "2025-06-30").await.status, 200);

    // A word the API does not know is a bad query, naming the parameter.
    let bad = amount(&app, "at-giay-khen-xa", "family", "2023-12-20").await;
    let body = bad.assert_problem(400, "invalid_query");
    assert_eq!(body["errors"][0]["field"], "subject_kind", "{body}");
    let missing = app.admin_get("/api/v1/award-types/at-giay-khen-xa/amount?subject_kind=individual").await;
    assert_eq!(missing.status, 400, "{}", missing.body);
}

#[actix_web::test]
async fn an_unknown_award_type_is_404() {
    let app = TestApp::spawn().await;
    amount(&app, "at-bang-khen", "individual", "2023-12-20").await.assert_problem(404, "not_found");
    app.admin_get("/api/v1/award-types/at-bang-khen").await.assert_problem(404, "not_found");
}

#[actix_web::test]
async fn an_admin_records_and_corrects_base_salaries_and_the_amount_follows() {
    use reqwest::Method;
    use serde_json::json;

    let app = TestApp::spawn().await;
    // A new base salary from 2027-07-01 moves the amounts signed from then.
    let body = json!({ "in_force_from": "2027-07-01", "amount_vnd": 2_700_000,
        "legal_basis_id": "lb-luong-co-so-2026", "verified": false });
    let created = app.admin_json(Method::POST, "/api/v1/award-reference/base-salaries", body.clone()).await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.header("etag"), Some("\"1\""));
    let location = created.header("location").unwrap().to_owned();
    assert_eq!(app.admin_get(&location).await.body["amount_vnd"], 2_700_000);
    let later = amount(&app, "at-giay-khen-xa", "individual", "2027-08-01").await;
    assert_eq!(
        (later.body["raw_amount_vnd"].as_i64(), later.body["amount_vnd"].as_i64()),
        (Some(810_000), Some(810_000))
    );

    // An unknown legal basis and a zero amount: 422 naming each; the same day twice: 409 naming the day.
    let invalid = app
        .admin_json(
            Method::POST,
            "/api/v1/award-reference/base-salaries",
            json!({ "in_force_from": "2027-07-01", "amount_vnd": 0, "legal_basis_id": "lb-none", "verified": false }),
        )
        .await;
    let problem = invalid.assert_problem(422, "validation_failed");
    let fields: Vec<(&str, &str)> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(fields, [("amount_vnd", "not_positive"), ("legal_basis_id", "unknown")]);
    let twice = app
        .admin_json(
            Method::POST,
            "/api/v1/award-reference/base-salaries",
            json!({ "in_force_from": "2027-07-01", "amount_vnd": 2_600_000, "legal_basis_id": "lb-luong-co-so-2026",
                "verified": false }),
        )
        .await;
    let problem = twice.assert_problem(409, "already_exists");
    assert_eq!(problem["errors"][0]["field"], "in_force_from");

    // Confirming the 2026 figure needs the version read.
    let path = "/api/v1/award-reference/base-salaries/bs-2026-07-01";
    let confirm = json!({ "in_force_from": "2026-07-01", "amount_vnd": 2_530_000,
        "legal_basis_id": "lb-luong-co-so-2026", "verified": true });
    let stale =
        app.call(Method::PUT, path).bearer(&app.admin).header("if-match", "\"7\"").json(confirm.clone()).send().await;
    stale.assert_problem(412, "stale_version");
    let updated = app.call(Method::PUT, path).bearer(&app.admin).header("if-match", "\"1\"").json(confirm).send().await;
    assert_eq!(updated.status, 200, "{}", updated.body);
    assert_eq!((updated.body["verified"].as_bool(), updated.body["version"].as_i64()), (Some(true), Some(2)));
    assert_eq!(updated.header("etag"), Some("\"2\""));

    // A legal basis's dates must be in order (422), and its code is unique (409).
    let basis = |to: &str| {
        json!({ "code": "91/2017/NĐ-CP", "title": "x", "issuer": "Chính phủ", "in_force_from": "2017-10-01",
            "in_force_to": to, "verified": true })
    };
    let backwards = app.admin_json(Method::POST, "/api/v1/award-reference/legal-bases", basis("2017-01-01")).await;
    assert_eq!(backwards.assert_problem(422, "validation_failed")["errors"][0]["field"], "in_force_to");
    let taken = app.admin_json(Method::POST, "/api/v1/award-reference/legal-bases", basis("2030-01-01")).await;
    assert_eq!(taken.assert_problem(409, "code_taken")["errors"][0]["field"], "code");
}
