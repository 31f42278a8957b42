//! `Idempotency-Key`: a retried create creates nothing twice.

use reqwest::Method;
use serde_json::json;

use crate::support::TestApp;
use crate::support::fixture::{Fixture, PASSWORD};

#[actix_web::test]
async fn a_retried_create_gives_the_first_answer_and_creates_nothing_twice() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let reporter = app.login("reporter.b", PASSWORD).await;
    let body = json!({ "campaign_id": f.active_campaign, "org_unit_id": f.unit_b, "period_id": f.current_period });
    let send = |key: &'static str, body: serde_json::Value| {
        app.call(Method::POST, "/api/v1/reports").bearer(&reporter).header("idempotency-key", key).json(body).send()
    };

    let first = send("bao-cao-1", body.clone()).await;
    assert_eq!(first.status, 201, "{}", first.body);
    assert!(first.header("idempotent-replayed").is_none());
    let again = send("bao-cao-1", body.clone()).await;
    assert_eq!(again.status, 201, "{}", again.body);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.body["id"], first.body["id"]);
    assert_eq!(again.header("location"), first.header("location"));
    assert_eq!(again.header("etag"), first.header("etag"));
    assert_eq!(again.header("content-type"), Some("application/json"));

    let reports =
        app.call(Method::GET, &format!("/api/v1/reports?org_unit_id={}", f.unit_b)).bearer(&reporter).send().await;
    assert_eq!(reports.body["total"], 1, "created once");

    // The same key with another request is refused; without a key it is a plain duplicate.
    let other =
        send("bao-cao-1", json!({ "campaign_id": f.active_campaign, "org_unit_id": f.unit_b, "period_id": "2020M01" }))
            .await;
    assert_eq!(other.assert_problem(422, "validation_failed")["errors"][0]["code"], "idempotency_key_reused");
    let plain = app.call(Method::POST, "/api/v1/reports").bearer(&reporter).json(body).send().await;
    plain.assert_problem(409, "report_exists");

    // Another caller's identical key is another key.
    let office = app.login("office", PASSWORD).await;
    let theirs = app
        .call(Method::POST, &format!("/api/v1/reports/{}/comments", f.report_a))
        .bearer(&office)
        .header("idempotency-key", "bao-cao-1")
        .json(json!({ "body": "Một lần thôi" }))
        .send()
        .await;
    assert_eq!(theirs.status, 201);

    // A refused request keeps nothing: after fixing the body, the same key works.
    let criteria = format!("/api/v1/campaigns/{}/criteria", f.campaign);
    let bad = app
        .call(Method::POST, &criteria)
        .bearer(&app.admin)
        .header("idempotency-key", "tieu-chi")
        .json(
            json!({ "ordinal": 3, "code": "3", "title": "Ba", "measure": "ratio", "comparator": ">=", "target": 150 }),
        )
        .send()
        .await;
    bad.assert_problem(422, "validation_failed");
    let good = json!({ "ordinal": 3, "code": "3", "title": "Ba", "measure": "count", "comparator": ">=", "target": 1 });
    for _ in 0..3 {
        let answer = app
            .call(Method::POST, &criteria)
            .bearer(&app.admin)
            .header("idempotency-key", "tieu-chi")
            .json(good.clone())
            .send()
            .await;
        assert_eq!(answer.status, 201, "{}", answer.body);
    }
    let all = app.admin_get(&criteria).await.body;
    assert_eq!(all.as_array().unwrap().iter().filter(|c| c["code"] == "3").count(), 1);

    let bad_key = app
        .call(Method::POST, &criteria)
        .bearer(&app.admin)
        .header("idempotency-key", "có dấu")
        .json(good)
        .send()
        .await;
    bad_key.assert_problem(400, "invalid_idempotency_key");
}

#[actix_web::test]
async fn keys_are_kept_for_a_day() {
    use diesel::RunQueryDsl;

    let app = TestApp::spawn().await;
    let root = app.admin_get("/api/v1/org-units?kind=root").await.body["items"][0]["id"].clone();
    let send = |key: &'static str, code: &'static str| {
        app.call(Method::POST, "/api/v1/org-units")
            .bearer(&app.admin)
            .header("idempotency-key", key)
            .json(json!({ "code": code, "name": "Huyện thử", "kind": "district", "parent_id": root }))
            .send()
    };
    // Two keys a day and a minute old, as if sent yesterday, and one fresh.
    for (key, code) in [("hom-qua-1", "HUYEN-1"), ("hom-qua-2", "HUYEN-2"), ("hom-nay", "HUYEN-3")] {
        let created = send(key, code).await;
        assert_eq!(created.status, 201, "{}", created.body);
    }
    let age = match app.config.database {
        thidua::config::DatabaseUrl::Postgres(_) => {
            "UPDATE idempotency_keys SET created_at = created_at - INTERVAL '1441 minutes' WHERE key LIKE 'hom-qua-%'"
        }
        thidua::config::DatabaseUrl::Sqlite(_) => {
            "UPDATE idempotency_keys SET created_at = datetime(created_at, '-1441 minutes') WHERE key LIKE 'hom-qua-%'"
        }
    };
    let aged = app.db.run(move |conn| diesel::sql_query(age).execute(conn).map_err(thidua::db::DbError::from)).await;
    assert_eq!(aged.unwrap(), 2);

    // An expired key is free again: another request under it is answered anew, not refused.
    let reused = send("hom-qua-1", "HUYEN-4").await;
    assert_eq!(reused.status, 201, "{}", reused.body);
    assert!(reused.header("idempotent-replayed").is_none());
    // The purge deletes what is older than a day, and only that.
    let purged = app.db.run(thidua::db::idempotency::purge).await.unwrap();
    assert_eq!(purged, 1, "hom-qua-2; hom-qua-1 was claimed again today");
    assert_eq!(send("hom-nay", "HUYEN-3").await.header("idempotent-replayed"), Some("true"));
}

/// A replay is an answer like any other: a caller who may no longer call
/// (here: deactivated) gets 401, not the stored answer.
#[actix_web::test]
async fn a_replay_is_given_only_to_a_caller_who_may_still_call() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let reporter = app.login("reporter.b", PASSWORD).await;
    let body = json!({ "campaign_id": f.active_campaign, "org_unit_id": f.unit_b, "period_id": f.current_period });
    let send = || {
        app.call(Method::POST, "/api/v1/reports")
            .bearer(&reporter)
            .header("idempotency-key", "truoc-khi-nghi")
            .json(body.clone())
            .send()
    };
    assert_eq!(send().await.status, 201);
    assert_eq!(send().await.header("idempotent-replayed"), Some("true"));

    let me = app.call(Method::GET, "/api/v1/me").bearer(&reporter).send().await;
    let user = format!("/api/v1/users/{}", me.body["id"].as_str().unwrap());
    let etag = app.admin_get(&user).await.header("etag").unwrap().to_owned();
    let off =
        app.call(Method::PATCH, &user).bearer(&app.admin).header("if-match", &etag).json(json!({ "active": false }));
    assert_eq!(off.send().await.status, 200);

    let replay = send().await;
    replay.assert_problem(401, "invalid_token");
    assert!(replay.header("idempotent-replayed").is_none());
}

/// An operation is refused to a caller who may not call it before its body
/// is read: no 422 tells an outsider the shape of an admin operation.
#[actix_web::test]
async fn who_may_call_is_settled_before_the_body() {
    let app = TestApp::spawn().await;
    Fixture::build(&app).await;
    let reporter = app.login("reporter.b", PASSWORD).await;
    for body in [json!({}), json!({ "username": 7 }), json!(null)] {
        let refused = app.call(Method::POST, "/api/v1/users").bearer(&reporter).json(body.clone()).send().await;
        refused.assert_problem(403, "forbidden");
        let anonymous = app.call(Method::POST, "/api/v1/users").json(body).send().await;
        anonymous.assert_problem(401, "unauthenticated");
    }
    let malformed =
        app.call(Method::POST, "/api/v1/users").bearer(&reporter).body("application/json", "{").send().await;
    malformed.assert_problem(403, "forbidden");
    // The admin, who may, learns what the body lacks.
    let admin = app.call(Method::POST, "/api/v1/users").bearer(&app.admin).json(json!({})).send().await;
    admin.assert_problem(422, "validation_failed");
}
