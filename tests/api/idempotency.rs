//! `Idempotency-Key`: a retried create creates nothing twice.

use reqwest::Method;
use serde_json::json;

use crate::support::fixture::{Fixture, PASSWORD};
use crate::support::subprocess::Subprocess;
use crate::support::{Call, TestApp};

#[actix_web::test]
async fn a_retried_create_gives_the_first_answer_and_creates_nothing_twice() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let reporter = app.login("reporter.b", PASSWORD).await;
    let body = unit_b_report(&f);
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

/// Unit B's report of the active campaign's current period, as a create body.
fn unit_b_report(f: &Fixture) -> serde_json::Value {
    json!({ "campaign_id": f.active_campaign, "org_unit_id": f.unit_b, "period_id": f.current_period })
}

/// `POST /reports` of `body` by `token`, sent with the Idempotency-Key `key`.
fn keyed_report(app: &TestApp, token: &str, key: &str, body: &serde_json::Value) -> Call {
    app.call(Method::POST, "/api/v1/reports").bearer(token).header("idempotency-key", key).json(body.clone())
}

/// Thirty clients retrying at once with one key: one report, thirty identical answers.
#[actix_web::test]
async fn concurrent_duplicates_wait_for_the_first_answer() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let reporter = app.login("reporter.b", PASSWORD).await;
    let body = unit_b_report(&f);
    let send = || keyed_report(&app, &reporter, "cung-luc", &body).send();
    let answers = futures_util::future::join_all((0..30).map(|_| send())).await;
    let mut ids = std::collections::BTreeSet::new();
    for answer in &answers {
        assert_eq!(answer.status, 201, "{}", answer.body);
        ids.insert(answer.body["id"].as_str().unwrap().to_owned());
    }
    assert_eq!(ids.len(), 1, "every answer names the one report");
    assert_eq!(answers.iter().filter(|a| a.header("idempotent-replayed").is_none()).count(), 1);
    let reports =
        app.call(Method::GET, &format!("/api/v1/reports?org_unit_id={}", f.unit_b)).bearer(&reporter).send().await;
    assert_eq!(reports.body["total"], 1, "created once");
}

/// A replay is an answer like any other: a caller who may no longer call
/// (here: deactivated) gets 401, not the stored answer.
#[actix_web::test]
async fn a_replay_is_given_only_to_a_caller_who_may_still_call() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let reporter = app.login("reporter.b", PASSWORD).await;
    let body = unit_b_report(&f);
    let send = || keyed_report(&app, &reporter, "truoc-khi-nghi", &body).send();
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

/// The server dies (`kill -9`) while a keyed create is between its key's
/// claim and its commit: the retry, to the restarted server, is carried out
/// at once (not a 409 for a key held by work that never committed), and
/// creates the unit once.
///
/// The create is held mid-transaction by a lock the test takes on the
/// table it inserts into (PostgreSQL: `LOCK TABLE org_units`, which lets
/// the key's insert through; SQLite: the database's write lock, which holds
/// the whole transaction, so there the test shows the same outcome from the
/// other side of the claim).
#[actix_web::test]
async fn a_key_whose_work_died_before_its_commit_is_free_at_once() {
    use diesel::{Connection, RunQueryDsl};

    let dir = tempfile::tempdir().unwrap();
    let database = crate::support::TestDatabase::create(dir.path().join("crash.db"));
    let url = match database.url() {
        thidua::config::DatabaseUrl::Sqlite(path) => format!("sqlite://{}", path.display()),
        thidua::config::DatabaseUrl::Postgres(url) => secrecy::ExposeSecret::expose_secret(&url).to_owned(),
    };
    let server = Subprocess::start(&url, dir.path());
    let client = reqwest::Client::new();
    let token = server.token(&client).await;
    let root = client
        .get(server.url("/api/v1/org-units?kind=root"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap()["items"][0]["id"]
        .clone();
    let body = json!({ "code": "HUYEN-SAP", "name": "Huyện thử", "kind": "district", "parent_id": root });

    // Hold the create mid-transaction.
    let lock = match &database.url() {
        thidua::config::DatabaseUrl::Postgres(_) => {
            let mut conn = diesel::PgConnection::establish(&url).unwrap();
            diesel::sql_query("BEGIN").execute(&mut conn).unwrap();
            diesel::sql_query("LOCK TABLE org_units IN EXCLUSIVE MODE").execute(&mut conn).unwrap();
            Lock::Postgres(conn)
        }
        thidua::config::DatabaseUrl::Sqlite(path) => {
            let mut conn = diesel::SqliteConnection::establish(&path.display().to_string()).unwrap();
            diesel::sql_query("BEGIN IMMEDIATE").execute(&mut conn).unwrap();
            Lock::Sqlite(conn)
        }
    };
    let send = {
        let (client, url, token, body) = (client.clone(), server.url("/api/v1/org-units"), token.clone(), body.clone());
        move || {
            client
                .post(url.clone())
                .bearer_auth(token.clone())
                .header("idempotency-key", "truoc-sap")
                .json(&body)
                .send()
        }
    };
    let held = tokio::spawn(send());
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    assert!(!held.is_finished(), "the create waits for the lock");
    let server = server.kill();
    drop(lock);
    let server = Subprocess::start(&server.0, &server.1);
    assert!(held.await.unwrap().is_err(), "the killed server never answered");

    let token = server.token(&client).await;
    let retried = client
        .post(server.url("/api/v1/org-units"))
        .bearer_auth(&token)
        .header("idempotency-key", "truoc-sap")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(retried.status(), 201, "{:?}", retried.text().await);
    assert!(retried.headers().get("idempotent-replayed").is_none(), "carried out, not replayed");
    let again = client
        .post(server.url("/api/v1/org-units"))
        .bearer_auth(&token)
        .header("idempotency-key", "truoc-sap")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(again.headers().get("idempotent-replayed").map(|v| v.to_str().unwrap()), Some("true"));
    let units = client
        .get(server.url("/api/v1/org-units?kind=district"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    let created = units["items"].as_array().unwrap().iter().filter(|u| u["code"] == "HUYEN-SAP").count();
    assert_eq!(created, 1);
    drop(server);
    drop(database);
}

/// A lock on the database held by the test.
#[allow(dead_code)] // Held for its effect: dropping the connection releases it.
enum Lock {
    Postgres(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}
