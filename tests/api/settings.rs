//! The settings table, end to end through the API, on both backends.

use serde_json::json;

use crate::support::TestApp;

#[actix_web::test]
async fn a_setting_is_written_read_and_listed() {
    let app = TestApp::spawn().await;
    let value = "Phong trào thi đua đẩy mạnh cải cách hành chính xã Đại Thắng năm 2023";
    let answer = app.admin_put("/api/v1/settings/campaign.title", json!({ "value": value })).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.body["key"], "campaign.title");
    assert_eq!(answer.body["value"], value);

    let read = app.admin_get("/api/v1/settings/campaign.title").await;
    assert_eq!(read.status, 200);
    assert_eq!(read.body["value"], value, "Vietnamese text survives the round trip");
    let updated_at = read.body["updated_at"].as_str().unwrap();
    assert!(updated_at.ends_with('Z'), "RFC 3339 UTC: {updated_at}");

    // Replacing keeps one row.
    app.admin_put("/api/v1/settings/campaign.title", json!({ "value": "khác" })).await;
    let list = app.admin_get("/api/v1/settings").await;
    assert_eq!(list.status, 200);
    assert_eq!(list.body["total"], 2, "instance.id and campaign.title: {}", list.body);
    let keys: Vec<&str> = list.body["items"].as_array().unwrap().iter().map(|i| i["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["campaign.title", "instance.id"]);
    assert_eq!(list.body["items"][0]["value"], "khác");
}

#[actix_web::test]
async fn lists_page_and_cap_the_limit() {
    let app = TestApp::spawn().await;
    for i in 0..5 {
        app.admin_put(&format!("/api/v1/settings/k{i}"), json!({ "value": i.to_string() })).await;
    }
    let page = app.admin_get("/api/v1/settings?limit=2&offset=1").await;
    assert_eq!(page.body["total"], 6);
    assert_eq!(page.body["limit"], 2);
    assert_eq!(page.body["offset"], 1);
    let keys: Vec<&str> = page.body["items"].as_array().unwrap().iter().map(|i| i["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["k0", "k1"], "instance.id sorts first and is skipped");

    let capped = app.admin_get("/api/v1/settings?limit=100000").await;
    assert_eq!(capped.body["limit"], 200);
}

#[actix_web::test]
async fn invalid_settings_are_refused_naming_the_field_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let answer = app.admin_put("/api/v1/settings/Bad%20Key", json!({ "value": "x".repeat(10_001) })).await;
    let body = answer.assert_problem(422, "validation_failed");
    let fields: Vec<(&str, &str)> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(fields, [("key", "invalid_key"), ("value", "too_long")]);
    assert_eq!(app.admin_get("/api/v1/settings").await.body["total"], 1, "only instance.id");
}

#[actix_web::test]
async fn an_unknown_setting_is_a_404_problem() {
    let app = TestApp::spawn().await;
    app.admin_get("/api/v1/settings/reward.base_salary_vnd").await.assert_problem(404, "not_found");
    app.admin_get("/api/v1/settings/NOT%20A%20KEY").await.assert_problem(404, "not_found");
}
