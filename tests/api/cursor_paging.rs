//! Walking a list by cursor (`?after=`): in the order of `(updated_at, id)`,
//! every item comes, and none twice unless it changed after the walk passed
//! it, while records are created and updated between pages — which offset
//! paging does not promise.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use reqwest::Method;
use serde_json::{Value, json};

use crate::support::TestApp;

/// The lists an integrator walks.
const LISTS: [&str; 5] =
    ["/api/v1/reports", "/api/v1/org-units", "/api/v1/people", "/api/v1/campaigns", "/api/v1/nominations"];

fn items(page: &Value) -> Vec<Value> {
    page["items"].as_array().unwrap().clone()
}

/// One page of a walk: `after` empty for the first.
async fn walk_page(app: &TestApp, list: &str, limit: u32, after: &str) -> Value {
    let answer = app.admin_get(&format!("{list}?limit={limit}&after={after}")).await;
    assert_eq!(answer.status, 200, "{list}: {}", answer.body);
    assert_eq!(answer.body["offset"], 0, "{list}");
    assert_eq!(answer.body["limit"], limit, "{list}");
    answer.body
}

/// `(updated_at, id)` of an item, the order a walk follows.
fn key(item: &Value) -> (chrono::DateTime<chrono::Utc>, String) {
    (item["updated_at"].as_str().unwrap().parse().unwrap(), item["id"].as_str().unwrap().to_owned())
}

async fn create_person(app: &TestApp, unit: &str, name: &str) -> Value {
    let created =
        app.admin_json(Method::POST, "/api/v1/people", json!({ "org_unit_id": unit, "full_name": name })).await;
    assert_eq!(created.status, 201, "{}", created.body);
    created.body
}

async fn rename_person(app: &TestApp, id: &str, name: &str) {
    let current = app.admin_get(&format!("/api/v1/people/{id}")).await.body;
    let renamed = app
        .call(Method::PATCH, &format!("/api/v1/people/{id}"))
        .bearer(&app.admin)
        .header("if-match", &format!("\"{}\"", current["version"]))
        .json(json!({ "full_name": name }))
        .send()
        .await;
    assert_eq!(renamed.status, 200, "{}", renamed.body);
}

#[actix_web::test]
async fn a_walk_by_cursor_yields_every_item_once_while_writes_happen() {
    let app = TestApp::spawn().await;
    let unit = app.admin_get("/api/v1/org-units?limit=1").await.body["items"][0]["id"].as_str().unwrap().to_owned();
    for n in 0..10 {
        create_person(&app, &unit, &format!("Người thứ {n}")).await;
    }

    // (id, updated_at) in the order the walk answered them; the ids changed
    // after the walk had answered them (these, and only these, may come again).
    let mut seen: Vec<(chrono::DateTime<chrono::Utc>, String)> = Vec::new();
    let mut changed_after_seen = BTreeSet::new();
    let mut after = String::new();
    let mut pages = 0;
    let last_page = loop {
        let page = walk_page(&app, "/api/v1/people", 3, &after).await;
        pages += 1;
        assert!(pages < 40, "the walk ends");
        seen.extend(items(&page).iter().map(key));
        let Some(next) = page["next"].as_str() else { break page };
        assert_eq!(items(&page).len(), 3, "only the last page is short");
        after = next.to_owned();
        // Between pages: a new person, one already answered renamed, and
        // one not reached yet renamed (it moves on, and must still come once).
        create_person(&app, &unit, &format!("Người mới {pages}")).await;
        let (_, passed) = seen[seen.len() - 1 - (pages % 3)].clone();
        rename_person(&app, &passed, &format!("Đổi tên {pages}")).await;
        changed_after_seen.insert(passed);
        let all = items(&app.admin_get("/api/v1/people?limit=200").await.body);
        if let Some(ahead) = all.iter().map(key).find(|(_, id)| !seen.iter().any(|(_, s)| s == id)) {
            rename_person(&app, &ahead.1, &format!("Đổi tên trước {pages}")).await;
        }
    };
    assert!(pages >= 5, "the walk took several pages ({pages})");
    assert!(last_page["next"].is_null());

    // In the walk's order, and no version of an item twice.
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "ascending (updated_at, id): {seen:?}");
    // An item comes again only when it changed after the walk passed it.
    let mut times: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, id) in &seen {
        *times.entry(id).or_default() += 1;
    }
    for (id, count) in &times {
        assert!(*count == 1 || changed_after_seen.contains(*id), "{id} came {count} times");
    }
    // Every person there is now came, its last time as it is now.
    let now = items(&app.admin_get("/api/v1/people?limit=200").await.body);
    assert_eq!(last_page["total"], now.len());
    for item in &now {
        let (at, id) = key(item);
        let last = seen.iter().rev().find(|(_, s)| *s == id).unwrap_or_else(|| panic!("{id} was skipped"));
        assert_eq!(last.0, at, "{id} came last as it is now");
    }
    assert_eq!(times.len(), now.len());
}

#[actix_web::test]
async fn each_walked_list_yields_what_offset_paging_lists() {
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
    for list in LISTS {
        let listed = app.admin_get(&format!("{list}?limit=200")).await.body;
        let total = listed["total"].as_u64().unwrap();
        assert!(total > 1 && total <= 200, "{list}: {total} to compare in one page");
        let mut walked = Vec::new();
        let mut after = String::new();
        loop {
            let page = walk_page(&app, list, 2, &after).await;
            assert_eq!(page["total"], total, "{list}: total counts every match, wherever the page starts");
            walked.extend(items(&page).iter().map(key));
            match page["next"].as_str() {
                Some(next) => after = next.to_owned(),
                None => break,
            }
        }
        assert!(walked.windows(2).all(|w| w[0] < w[1]), "{list}: ascending (updated_at, id)");
        let mut expected: Vec<_> = items(&listed).iter().map(key).collect();
        expected.sort();
        assert_eq!(walked, expected, "{list}");
        // Filters apply to a walk as to a page by offset.
        let since = walked[walked.len() / 2].0.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
        let filtered = app.admin_get(&format!("{list}?limit=200&after=&updated_since={since}")).await.body;
        let expected: Vec<_> = walked
            .iter()
            .filter(|(at, _)| at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true) >= since)
            .cloned()
            .collect();
        assert_eq!(items(&filtered).iter().map(key).collect::<Vec<_>>(), expected, "{list}");
        assert_eq!(filtered["total"], expected.len(), "{list}");
    }
}

#[actix_web::test]
async fn a_malformed_cursor_is_a_400_naming_after() {
    let app = TestApp::spawn().await;
    let feed = app.admin_get("/api/v1/changes").await.body["next"].as_str().unwrap().to_owned();
    for list in LISTS {
        for cursor in ["nonsense", "k2.!!", "k2.", "k2.05.a", "k1.NTphYmM", feed.as_str()] {
            let answer = app.admin_get(&format!("{list}?after={cursor}")).await;
            let problem = answer.assert_problem(400, "invalid_query");
            assert_eq!(problem["errors"][0]["field"], "after", "{list} {cursor}: {problem}");
        }
        let answer = app.admin_get(&format!("{list}?after=&offset=2")).await;
        let problem = answer.assert_problem(400, "invalid_query");
        assert_eq!(problem["errors"][0]["field"], "offset", "{list}: {problem}");
        // Paging by offset answers no cursor.
        let page = app.admin_get(&format!("{list}?limit=1")).await;
        assert_eq!(page.status, 200, "{list}: {}", page.body);
        assert!(page.body["next"].is_null(), "{list}");
    }
}
