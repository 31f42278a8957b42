//! The settings, end to end through the API, on both backends: only the
//! keys the service knows, each value checked against its key's rule.

use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use crate::support::fixture::{Fixture, PASSWORD};
use crate::support::{Answer, TestApp};

const KNOWN: [&str; 7] = [
    "council.pass_percent",
    "council.quorum_percent",
    "evidence.allowed_types",
    "evidence.max_bytes",
    "imports.async_above_rows",
    "instance.id",
    "nominations.posting_working_days",
];

fn keys(list: &Value) -> Vec<&str> {
    list["items"].as_array().unwrap().iter().map(|i| i["key"].as_str().unwrap()).collect()
}

#[actix_web::test]
async fn every_known_setting_is_listed_with_its_default_and_rule() {
    let app = TestApp::spawn().await;
    let list = app.admin_get("/api/v1/settings").await;
    assert_eq!(list.status, 200, "{}", list.body);
    assert_eq!(list.body["total"], KNOWN.len());
    assert_eq!(keys(&list.body), KNOWN);

    let quorum = &list.body["items"][1];
    assert_eq!(quorum["value"], "50", "the default while none is stored: {quorum}");
    assert_eq!(quorum["default"], "50");
    assert_eq!(quorum["updated_at"], Value::Null);
    assert_eq!(
        (quorum["type"].as_str(), quorum["minimum"].as_u64(), quorum["maximum"].as_u64()),
        (Some("integer"), Some(1), Some(99))
    );
    assert_eq!(quorum["changed_by"], "admin");
    assert!(quorum["description"].as_str().unwrap().contains("more than"), "{quorum}");

    let types = &list.body["items"][2];
    assert_eq!(types["type"], "media_types");
    assert!(types["value"].as_str().unwrap().split(' ').any(|t| t == "application/pdf"), "{types}");

    let id = app.admin_get("/api/v1/settings/instance.id").await;
    assert_eq!(id.status, 200, "{}", id.body);
    assert_eq!((id.body["type"].as_str(), id.body["changed_by"].as_str()), (Some("uuid"), Some("system")));
    assert_eq!(id.body["default"], Value::Null);
    assert!(id.body["updated_at"].as_str().unwrap().ends_with('Z'), "recorded at first start: {}", id.body);

    let page = app.admin_get("/api/v1/settings?limit=2&offset=1").await;
    assert_eq!((page.body["total"].as_u64(), page.body["limit"].as_u64()), (Some(7), Some(2)));
    assert_eq!(keys(&page.body), ["council.quorum_percent", "evidence.allowed_types"]);
    assert_eq!(app.admin_get("/api/v1/settings?limit=100000").await.body["limit"], 200);
}

#[actix_web::test]
async fn a_valid_value_is_stored_in_canonical_form_and_audited() {
    let app = TestApp::spawn().await;
    let put = app.admin_put("/api/v1/settings/council.quorum_percent", json!({ "value": " 066 " })).await;
    assert_eq!(put.status, 200, "{}", put.body);
    assert_eq!(put.body["value"], "66");
    assert!(put.body["updated_at"].as_str().unwrap().ends_with('Z'));

    let read = app.admin_get("/api/v1/settings/council.quorum_percent").await;
    assert_eq!((read.body["value"].as_str(), read.body["default"].as_str()), (Some("66"), Some("50")));

    let types = app
        .admin_put(
            "/api/v1/settings/evidence.allowed_types",
            json!({ "value": " Application/PDF  text/plain application/pdf" }),
        )
        .await;
    assert_eq!(types.status, 200, "{}", types.body);
    assert_eq!(types.body["value"], "application/pdf text/plain");

    app.admin_put("/api/v1/settings/council.quorum_percent", json!({ "value": "75" })).await;
    let events = app.admin_get("/api/v1/audit-events?entity=setting&entity_id=council.quorum_percent").await;
    let items = events.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{}", events.body);
    let replaced = items.iter().find(|e| !e["before"].is_null()).expect("the second write replaced the first");
    assert_eq!((replaced["before"]["value"].as_str(), replaced["after"]["value"].as_str()), (Some("66"), Some("75")));
}

#[actix_web::test]
async fn an_unknown_key_is_a_404_on_read_and_write_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    for key in ["a.b", "campaign.title", "reward.base_salary_vnd", "Bad%20Key"] {
        let path = format!("/api/v1/settings/{key}");
        app.admin_put(&path, json!({ "value": "1" })).await.assert_problem(404, "not_found");
        app.admin_get(&path).await.assert_problem(404, "not_found");
    }
    assert_eq!(app.admin_get("/api/v1/settings").await.body["total"], KNOWN.len());
    let events = app.admin_get("/api/v1/audit-events?entity=setting").await;
    assert_eq!(events.body["total"], 0, "{}", events.body);
}

#[actix_web::test]
async fn a_value_that_breaks_the_rule_is_a_422_naming_value_and_nothing_changes() {
    let app = TestApp::spawn().await;
    let cases = [
        ("evidence.max_bytes", "lots".to_owned(), "not_an_integer", "whole number from 1 to 104857600"),
        ("evidence.max_bytes", "0".to_owned(), "out_of_range", "from 1 to 104857600"),
        ("evidence.max_bytes", "104857601".to_owned(), "out_of_range", "from 1 to 104857600"),
        ("evidence.max_bytes", "1e6".to_owned(), "not_an_integer", "whole number"),
        ("evidence.max_bytes", "-5".to_owned(), "not_an_integer", "whole number"),
        ("council.quorum_percent", "100".to_owned(), "out_of_range", "from 1 to 99"),
        ("council.pass_percent", "70.5".to_owned(), "not_an_integer", "from 1 to 100"),
        ("council.pass_percent", "99999999999999999999".to_owned(), "out_of_range", "from 1 to 100"),
        ("nominations.posting_working_days", "61".to_owned(), "out_of_range", "from 1 to 60"),
        ("nominations.posting_working_days", "mười".to_owned(), "not_an_integer", "whole number"),
        ("evidence.allowed_types", "pdf".to_owned(), "invalid_media_type", "\"pdf\""),
        ("evidence.allowed_types", " ".to_owned(), "required", "at least one"),
        ("evidence.allowed_types", "x".repeat(10_001), "too_long", "at most 10000 characters"),
    ];
    for (key, value, code, rule) in cases {
        let answer = app.admin_put(&format!("/api/v1/settings/{key}"), json!({ "value": value })).await;
        let body = answer.assert_problem(422, "validation_failed");
        let error = &body["errors"][0];
        assert_eq!(
            (error["field"].as_str(), error["code"].as_str()),
            (Some("value"), Some(code)),
            "{key}={value}: {body}"
        );
        assert!(error["message"].as_str().unwrap().contains(rule), "{key}={value}: {body}");
    }
    let list = app.admin_get("/api/v1/settings").await;
    for item in list.body["items"].as_array().unwrap().iter().filter(|i| i["key"] != "instance.id") {
        assert_eq!(item["value"], item["default"], "{item}");
        assert_eq!(item["updated_at"], Value::Null, "nothing was stored: {item}");
    }
}

#[actix_web::test]
async fn the_instance_id_is_read_only_for_every_caller() {
    let app = TestApp::spawn().await;
    let before = app.admin_get("/api/v1/settings/instance.id").await.body["value"].clone();
    let answer =
        app.admin_put("/api/v1/settings/instance.id", json!({ "value": "0193a4f1-7c1e-7a2b-9d51-4be2c1d0f7aa" })).await;
    assert!(answer.assert_problem(409, "read_only_setting")["detail"].as_str().unwrap().contains("instance.id"));
    // Whatever the value: the key is refused before the value is read.
    app.admin_put("/api/v1/settings/instance.id", json!({ "value": "x" }))
        .await
        .assert_problem(409, "read_only_setting");
    assert_eq!(app.admin_get("/api/v1/settings/instance.id").await.body["value"], before);

    let config = app.config.clone();
    let cli = actix_web::rt::task::spawn_blocking(move || thidua::cli::settings_set(&config, "instance.id", "x"))
        .await
        .unwrap();
    assert!(cli.unwrap_err().contains("set by the service"), "the command line cannot change it either");
    assert_eq!(app.admin_get("/api/v1/settings/instance.id").await.body["value"], before);
}

async fn upload(app: &TestApp, token: &str, report: &str, mime: &str, bytes: Vec<u8>) -> Answer {
    let form = Form::new().part("file", Part::bytes(bytes).file_name("bien-ban").mime_str(mime).unwrap());
    let response = app
        .client
        .post(app.url(&format!("/api/v1/reports/{report}/evidence")))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    Answer::of(response).await
}

#[actix_web::test]
async fn the_evidence_limits_take_effect_and_a_refused_value_leaves_them_alone() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let reporter = app.login("reporter.a", PASSWORD).await;
    let text = |n: usize| "đ".repeat(n).into_bytes();

    assert_eq!(app.admin_put("/api/v1/settings/evidence.max_bytes", json!({ "value": "100" })).await.status, 200);
    upload(&app, &reporter, &f.report_a, "text/plain", text(60)).await.assert_problem(413, "payload_too_large");
    // "lots" is refused, not stored and ignored: the limit stays 100 bytes.
    app.admin_put("/api/v1/settings/evidence.max_bytes", json!({ "value": "lots" }))
        .await
        .assert_problem(422, "validation_failed");
    upload(&app, &reporter, &f.report_a, "text/plain", text(60)).await.assert_problem(413, "payload_too_large");
    let small = upload(&app, &reporter, &f.report_a, "text/plain", text(40)).await;
    assert_eq!(small.status, 201, "{}", small.body);

    let put = app.admin_put("/api/v1/settings/evidence.allowed_types", json!({ "value": "IMAGE/PNG" })).await;
    assert_eq!(put.status, 200, "{}", put.body);
    upload(&app, &reporter, &f.report_a, "text/plain", text(10)).await.assert_problem(415, "unsupported_media_type");
    let png = upload(&app, &reporter, &f.report_a, "image/png", vec![0x89, b'P', b'N', b'G']).await;
    assert_eq!(png.status, 201, "{}", png.body);
}

/// Rows written before the registry existed — a key it does not know, a
/// value that breaks the rule — do not stop the service: the unknown key is
/// ignored, the bad value reads as the default until a valid one replaces it.
#[actix_web::test]
async fn stored_settings_the_service_cannot_use_do_not_stop_it() {
    let app = TestApp::spawn().await;
    app.db
        .write(|conn| {
            thidua::db::settings::put(conn, "campaign.title", "Phong trào 2023")?;
            thidua::db::settings::put(conn, "evidence.max_bytes", "lots")?;
            thidua::db::settings::put(conn, "council.pass_percent", "150")
        })
        .await
        .unwrap();
    let app = app.restart(|_| {}).await;
    assert_eq!(app.get("/readyz").await.status, 200);

    let list = app.admin_get("/api/v1/settings").await;
    assert_eq!(keys(&list.body), KNOWN, "the unknown key is not a setting");
    app.admin_get("/api/v1/settings/campaign.title").await.assert_problem(404, "not_found");
    for (key, default) in [("evidence.max_bytes", "10485760"), ("council.pass_percent", "70")] {
        let read = app.admin_get(&format!("/api/v1/settings/{key}")).await;
        assert_eq!((read.body["value"].as_str(), &read.body["updated_at"]), (Some(default), &Value::Null), "{key}");
    }
    let put = app.admin_put("/api/v1/settings/council.pass_percent", json!({ "value": "80" })).await;
    assert_eq!(put.status, 200, "{}", put.body);
    let events = app.admin_get("/api/v1/audit-events?entity=setting&entity_id=council.pass_percent").await;
    assert_eq!(events.body["items"][0]["before"]["value"], "150", "the log keeps what was stored: {}", events.body);
    assert_eq!(app.admin_get("/api/v1/settings/council.pass_percent").await.body["value"], "80");
}
