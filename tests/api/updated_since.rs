//! `updated_since` on the lists an integration syncs: only what changed at
//! or after the instant, so a caller fetches what is new since its last call.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::TestApp;

/// The list's items changed at or after `since` (RFC 3339, in UTC).
async fn changed_since(app: &TestApp, list: &str, since: DateTime<Utc>) -> Vec<Value> {
    let since = since.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let answer = app.admin_get(&format!("{list}?limit=200&updated_since={since}")).await;
    assert_eq!(answer.status, 200, "{list}: {}", answer.body);
    assert_eq!(answer.body["total"], answer.body["items"].as_array().unwrap().len(), "{list}");
    answer.body["items"].as_array().unwrap().clone()
}

fn updated_at(item: &Value) -> DateTime<Utc> {
    item["updated_at"].as_str().unwrap().parse().unwrap()
}

#[actix_web::test]
async fn each_synced_list_answers_only_what_changed_since() {
    let app = TestApp::spawn().await;
    crate::campaigns::load_demo(&app).await;
    thidua::demo::results::load(&app.db, Arc::default()).await.unwrap();
    thidua::demo::commendations::load(&app.db, Arc::default()).await.unwrap();
    // A second campaign: plan 05 reused for 2024.
    let plan = crate::campaigns::demo_campaign(&app).await;
    let definition =
        app.admin_get(&format!("/api/v1/campaigns/{}/definition", plan["id"].as_str().unwrap())).await.body;
    let reused = app
        .admin_json(
            Method::POST,
            "/api/v1/campaigns/import",
            json!({ "issuer_id": plan["issuer_id"], "definition": definition, "code": "07/KH-UBND",
                    "issued_on": "2024-01-01", "starts_on": "2024-01-01", "ends_on": "2024-12-31" }),
        )
        .await;
    assert_eq!(reused.status, 201, "{}", reused.body);

    for list in ["/api/v1/org-units", "/api/v1/people", "/api/v1/campaigns", "/api/v1/nominations"] {
        let all = app.admin_get(&format!("{list}?limit=200")).await.body["items"].as_array().unwrap().clone();
        assert!(all.len() > 1, "{list} has records to tell apart");
        // From the newest change on: exactly the records changed then or later.
        let newest = all.iter().map(updated_at).max().unwrap();
        let expected = all.iter().filter(|i| updated_at(i) >= newest).count();
        let since = changed_since(&app, list, newest).await;
        assert_eq!(since.len(), expected, "{list}");
        assert!(since.len() < all.len(), "{list}: older records are left out");
        assert!(changed_since(&app, list, newest + chrono::Duration::microseconds(1)).await.is_empty(), "{list}");
    }

    // A unit renamed now is what a sync from just before finds, and all it finds.
    let before = Utc::now();
    let units = app.admin_get("/api/v1/org-units?code=DT-DTN").await;
    let unit = &units.body["items"][0];
    let renamed = app
        .call(Method::PATCH, &format!("/api/v1/org-units/{}", unit["id"].as_str().unwrap()))
        .bearer(&app.admin)
        .header("if-match", &format!("\"{}\"", unit["version"]))
        .json(json!({ "name": "Đoàn Thanh niên Cộng sản Hồ Chí Minh" }))
        .send()
        .await;
    assert_eq!(renamed.status, 200, "{}", renamed.body);
    let found = changed_since(&app, "/api/v1/org-units", before).await;
    let codes: Vec<&str> = found.iter().map(|u| u["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["DT-DTN"]);
}

#[actix_web::test]
async fn a_malformed_instant_is_a_400_naming_the_parameter() {
    let app = TestApp::spawn().await;
    for list in ["/api/v1/org-units", "/api/v1/people", "/api/v1/campaigns", "/api/v1/nominations"] {
        let answer = app.admin_get(&format!("{list}?updated_since=yesterday")).await;
        let problem = answer.assert_problem(400, "invalid_query");
        assert_eq!(problem["errors"][0]["field"], "updated_since", "{list}: {problem}");
    }
}
