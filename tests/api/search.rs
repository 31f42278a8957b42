//! `q` on units, people, users and campaigns finds names typed without
//! diacritics; people are listed in Vietnamese alphabetical order.

use diesel::RunQueryDsl;
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::TestApp;
use crate::support::fixture::{Fixture, PASSWORD, id_of};

/// The ids a list answers for `path` (as the admin, or `token`'s caller).
async fn ids(app: &TestApp, token: Option<&str>, path: &str) -> Vec<String> {
    let answer = match token {
        Some(token) => app.call(Method::GET, path).bearer(token).send().await,
        None => app.admin_get(path).await,
    };
    assert_eq!(answer.status, 200, "{path}: {}", answer.body);
    let items = answer.body["items"].as_array().unwrap();
    assert_eq!(answer.body["total"], items.len(), "{path}: one page holds them all");
    items.iter().map(|i| i["id"].as_str().unwrap().to_owned()).collect()
}

/// `text` percent-encoded for a query string.
fn q(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { char::from(b).to_string() } else { format!("%{b:02X}") })
        .collect()
}

#[actix_web::test]
async fn a_search_finds_names_typed_without_diacritics_in_each_list() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;

    // Units, by name or code, however the name is typed.
    for typed in ["dai thang", "DAI  THANG", "Đại Thắng", "đai thang", "xa-dai"] {
        assert_eq!(
            ids(&app, None, &format!("/api/v1/org-units?q={}", q(typed))).await,
            [f.commune.as_str()],
            "{typed}"
        );
    }
    // `d` finds `đ`: "Đoàn Thanh niên".
    assert_eq!(ids(&app, None, "/api/v1/org-units?q=doan").await, [f.unit_b.as_str()]);
    // The search stays inside the caller's scope.
    let office = app.login("office", PASSWORD).await;
    assert_eq!(ids(&app, None, "/api/v1/org-units?q=khac").await.len(), 2, "the other commune and its unit");
    assert!(ids(&app, Some(&office), "/api/v1/org-units?q=khac").await.is_empty());
    // `%` and `_` are letters to look for, not wildcards.
    assert!(ids(&app, None, "/api/v1/org-units?q=%25").await.is_empty());
    assert!(ids(&app, None, "/api/v1/org-units?q=_").await.is_empty());
    // A blank search filters nothing.
    assert_eq!(ids(&app, None, "/api/v1/org-units?q=%20%20").await, ids(&app, None, "/api/v1/org-units").await);

    // People, by name.
    assert_eq!(ids(&app, None, "/api/v1/people?q=nguyen%20thi%20hoa").await, [f.person_a.as_str()]);
    assert_eq!(ids(&app, Some(&office), "/api/v1/people?q=HOA").await, [f.person_a.as_str()]);

    // Accounts, by display name or username.
    let body = json!({ "username": "anh.tran", "display_name": "Trần Thị Ánh", "role": "reporter", "org_unit_id": f.unit_a, "password": PASSWORD });
    let anh = id_of(&app.admin_json(Method::POST, "/api/v1/users", body).await.body);
    assert_eq!(ids(&app, None, "/api/v1/users?q=tran%20thi%20anh").await, [anh.as_str()]);
    assert_eq!(ids(&app, None, "/api/v1/users?q=anh.tr").await, [anh.as_str()]);
    // Renamed, it is found by its new name only.
    let read = app.admin_get(&format!("/api/v1/users/{anh}")).await;
    let etag = read.header("etag").unwrap().to_owned();
    let renamed = app
        .call(Method::PATCH, &format!("/api/v1/users/{anh}"))
        .bearer(&app.admin)
        .header("if-match", &etag)
        .json(json!({ "display_name": "Trần Thị Ngọc Ánh" }))
        .send()
        .await;
    assert_eq!(renamed.status, 200, "{}", renamed.body);
    assert_eq!(ids(&app, None, "/api/v1/users?q=ngoc").await, [anh.as_str()]);

    // Campaigns, by title or code.
    let body = json!({
        "code": "12/KH-UBND", "title": "Kế hoạch cải cách hành chính năm 2024", "issuer_id": f.commune,
        "issued_on": "2024-01-05", "starts_on": "2024-01-05", "ends_on": "2024-12-31", "period_type": "quarter",
    });
    let campaign = id_of(&app.admin_json(Method::POST, "/api/v1/campaigns", body).await.body);
    assert_eq!(ids(&app, None, "/api/v1/campaigns?q=cai%20cach%20hanh%20chinh").await, [campaign.as_str()]);
    assert_eq!(ids(&app, Some(&office), "/api/v1/campaigns?q=12%2Fkh").await, [campaign.as_str()]);
    assert!(ids(&app, Some(&office), "/api/v1/campaigns?q=khong%20co").await.is_empty());
}

#[actix_web::test]
async fn a_search_text_that_breaks_the_rule_is_a_400_naming_q() {
    let app = TestApp::spawn().await;
    for list in ["org-units", "people", "users", "campaigns"] {
        let long = app.admin_get(&format!("/api/v1/{list}?q={}", "a".repeat(101))).await;
        let body = long.assert_problem(400, "bad_query");
        assert_eq!(body["errors"][0]["field"], "q", "{list}: {body}");
        assert!(body["errors"][0]["message"].as_str().unwrap().contains("100 characters"), "{body}");
        let control = app.admin_get(&format!("/api/v1/{list}?q=a%07b")).await;
        assert_eq!(control.assert_problem(400, "bad_query")["errors"][0]["field"], "q");
        assert_eq!(app.admin_get(&format!("/api/v1/{list}?q={}", "a".repeat(100))).await.status, 200);
    }
    // Checked before anything else: a subtree outside the scope (an empty
    // answer) does not let a C1 control character through.
    let outside = app.admin_get("/api/v1/org-units?q=a%C2%89b&subtree_of=").await;
    assert_eq!(outside.assert_problem(400, "bad_query")["errors"][0]["field"], "q");
}

const NAMES_IN_ORDER: [&str; 7] =
    ["An Văn Tài", "Âu Thị Hằng", "Bùi Thị Ánh", "Dương Thị Cúc", "Đỗ Văn Long", "Ông Văn Bảy", "Ưng Thị Lan"];

/// Adds [`NAMES_IN_ORDER`] to `unit` backwards. In code-point order Â, Ô,
/// Đ and Ư would all come after D.
async fn add_backwards(app: &TestApp, unit: &str) {
    for name in NAMES_IN_ORDER.iter().rev() {
        let body = json!({ "org_unit_id": unit, "full_name": name, "position": "Cán bộ" });
        assert_eq!(app.admin_json(Method::POST, "/api/v1/people", body).await.status, 201);
    }
}

/// The names `/people` lists for `unit`, in its order.
async fn names_of(app: &TestApp, unit: &str) -> Vec<String> {
    let list = app.admin_get(&format!("/api/v1/people?org_unit_id={unit}")).await;
    assert_eq!(list.status, 200, "{}", list.body);
    list.body["items"].as_array().unwrap().iter().map(|p| p["full_name"].as_str().unwrap().to_owned()).collect()
}

#[actix_web::test]
async fn people_are_listed_in_vietnamese_alphabetical_order() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    add_backwards(&app, &f.unit_b).await;
    assert_eq!(names_of(&app, &f.unit_b).await, NAMES_IN_ORDER);
    // Paging keeps the order.
    let second = app.admin_get(&format!("/api/v1/people?org_unit_id={}&limit=3&offset=3", f.unit_b)).await;
    let names: Vec<&str> =
        second.body["items"].as_array().unwrap().iter().map(|p| p["full_name"].as_str().unwrap()).collect();
    assert_eq!(names, NAMES_IN_ORDER[3..6]);
}

/// Rows written before the keys existed get them when the migrations next
/// run: the keys are emptied here, as the migration adding them leaves them.
#[actix_web::test]
async fn rows_from_before_the_keys_get_them_when_the_migrations_run() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    add_backwards(&app, &f.unit_b).await;
    let config = app.config.clone();
    actix_web::rt::task::spawn_blocking(move || {
        let mut conn = thidua::db::connect_once(&config.database, config.db_timeout).unwrap();
        for table in ["org_units", "users", "campaigns"] {
            diesel::sql_query(format!("UPDATE {table} SET search_key = ''")).execute(&mut conn).unwrap();
        }
        diesel::sql_query("UPDATE people SET search_key = '', sort_key = ''").execute(&mut conn).unwrap();
    })
    .await
    .unwrap();
    assert!(ids(&app, None, "/api/v1/org-units?q=dai%20thang").await.is_empty(), "the keys are gone");

    let config = app.config.clone();
    let applied = actix_web::rt::task::spawn_blocking(move || thidua::app::prepare_database(&config))
        .await
        .unwrap()
        .expect("the migrations run");
    assert_eq!(applied, Vec::<String>::new(), "no migration was pending");
    assert_eq!(ids(&app, None, "/api/v1/org-units?q=dai%20thang").await, [f.commune.as_str()]);
    assert_eq!(ids(&app, None, "/api/v1/users?q=reporter.a").await.len(), 1);
    assert_eq!(ids(&app, None, "/api/v1/campaigns?q=test%2Fkh").await, [f.campaign.as_str()]);
    assert_eq!(names_of(&app, &f.unit_b).await, NAMES_IN_ORDER);
    let found: Value = app.admin_get("/api/v1/people?q=hoa").await.body;
    assert_eq!(found["items"][0]["id"], f.person_a.as_str());
}
