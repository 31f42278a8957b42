//! The built-in demo's 2023 results: entered through the use cases as the
//! demo's office, approved, and ranked as the plan's figures say.

use std::sync::Arc;

use serde_json::Value;

use crate::reports::as_user;
use crate::support::TestApp;

/// Loads the demo and its results; answers the demo accounts' passwords.
pub(crate) async fn demo_with_results(app: &TestApp) -> Vec<(String, String)> {
    let loaded = crate::campaigns::load_demo(app).await;
    let approved = thidua::demo::results::load(&app.db, Arc::default()).await.unwrap();
    assert_eq!(approved, 24, "six units, four quarters");
    loaded.new_users.into_iter().map(|(u, _, p)| (u, p)).collect()
}

#[actix_web::test]
async fn the_demo_ranks_its_2023_results_as_entered() {
    let app = TestApp::spawn().await;
    let passwords = demo_with_results(&app).await;
    assert_eq!(thidua::demo::results::load(&app.db, Arc::default()).await.unwrap(), 0, "loading twice adds nothing");

    let chairman = as_user(&app, &passwords, "chutich").await;
    let campaigns = app.call(reqwest::Method::GET, "/api/v1/campaigns?code=05/KH-UBND").bearer(&chairman).send().await;
    let campaign = campaigns.body["items"][0]["id"].as_str().unwrap().to_owned();
    let board = app
        .call(reqwest::Method::GET, &format!("/api/v1/campaigns/{campaign}/scoreboard"))
        .bearer(&chairman)
        .send()
        .await;
    assert_eq!(board.status, 200, "{}", board.body);
    assert_eq!(board.body["periods"], serde_json::json!(["2023Q1", "2023Q2", "2023Q3", "2023Q4"]));
    let line = |code: &str| -> (Option<u64>, Option<f64>, i64, i64) {
        let units = board.body["units"].as_array().unwrap();
        let u: &Value = units.iter().find(|u| u["code"] == code).unwrap();
        (u["rank"].as_u64(), u["score"].as_f64(), u["met"].as_i64().unwrap(), u["applicable"].as_i64().unwrap())
    };
    // 16 criteria a quarter, criterion 2 (0 of 0) not applicable: 64 applicable.
    for every in ["DT-TP-HT", "DT-DC-XD", "DT-HND", "DT-CA"] {
        assert_eq!(line(every), (Some(1), Some(100.0), 64, 64), "{every}");
    }
    assert_eq!(line("DT-VP-TK"), (Some(5), Some(93.75), 60, 64), "criterion 14 missed each quarter");
    assert_eq!(line("DT-VH-XH"), (Some(6), Some(80.0), 48, 60), "7, 9 and 14 missed; 9.1 not applicable");
}

#[actix_web::test]
async fn the_demo_posts_nominations_showing_each_eligibility_outcome() {
    let app = TestApp::spawn().await;
    let passwords = demo_with_results(&app).await;
    assert_eq!(thidua::demo::commendations::load(&app.db, Arc::default()).await.unwrap(), 7);
    assert_eq!(thidua::demo::commendations::load(&app.db, Arc::default()).await.unwrap(), 0, "loaded once");

    let chairman = as_user(&app, &passwords, "chutich").await;
    let get = |path: String| {
        let (app, chairman) = (&app, &chairman);
        async move { app.call(reqwest::Method::GET, &path).bearer(chairman).send().await.body }
    };
    let listed = get("/api/v1/nominations?limit=50".to_owned()).await;
    let items = listed["items"].as_array().unwrap();
    assert_eq!(items.len(), 7, "{listed}");
    assert!(items.iter().all(|n| n["status"] == "posted" && n["posted_until"] == "2023-12-15"), "{listed}");
    let units = get("/api/v1/org-units?limit=200".to_owned()).await;
    let unit = |code: &str| -> String {
        units["items"].as_array().unwrap().iter().find(|u| u["code"] == code).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let outcome = |code: &str, award: &str, rule: &str| {
        let nomination = items
            .iter()
            .find(|n| {
                n["org_unit_id"] == unit(code).as_str() && n["award_type_id"] == award && n["person_id"].is_null()
            })
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let get = &get;
        let rule = rule.to_owned();
        async move {
            let e = get(format!("/api/v1/nominations/{nomination}/eligibility")).await;
            e["rules"].as_array().unwrap().iter().find(|r| r["code"] == rule.as_str()).unwrap()["outcome"].clone()
        }
    };
    assert_eq!(outcome("DT-TP-HT", "at-giay-khen-xa", "attainment").await, "met");
    assert_eq!(outcome("DT-TP-HT", "at-giay-khen-xa", "no_founded_complaint").await, "met");
    assert_eq!(outcome("DT-DC-XD", "at-giay-khen-xa", "no_founded_complaint").await, "not_met");
    assert_eq!(outcome("DT-HND", "at-giay-khen-xa", "no_founded_complaint").await, "pending");
    assert_eq!(outcome("DT-CA", "at-giay-khen-huyen", "no_founded_complaint").await, "met", "unfounded");
    assert_eq!(outcome("DT-CA", "at-giay-khen-huyen", "authority").await, "not_met", "the district decides");
    let council = get("/api/v1/council-members".to_owned()).await;
    assert_eq!(council["items"].as_array().map_or(0, Vec::len), 3, "{council}");
}
