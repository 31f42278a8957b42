//! Webhooks: a receiver on loopback is sent each change once, signed as
//! Standard Webhooks does (checked here with the secret), retried after
//! failures, never to an address off the internet unless allowed; what a
//! subscription is sent is what its creator may read, of its types.
//! Crashes and several instances: `webhooks_crash.rs`.

use std::collections::HashSet;
use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};

use crate::support::TestApp;
use crate::support::fixture::{Fixture, PASSWORD};
use crate::support::receiver::{Received, Receiver, Reply};

/// A server that looks for changes every 50 ms and retries after 100 ms, doubled.
async fn quick(adjust: impl FnOnce(&mut thidua::config::Config)) -> TestApp {
    TestApp::spawn_with(|c| {
        c.webhooks.poll = Duration::from_millis(50);
        c.webhooks.backoff = Duration::from_millis(100);
        adjust(c);
    })
    .await
}

/// Subscribes `url` as `token`'s caller: the subscription's id and secret.
pub async fn subscribe(app: &TestApp, token: &str, url: &str, types: Value) -> (String, String) {
    let answer = app
        .call(Method::POST, "/api/v1/webhooks")
        .bearer(token)
        .json(json!({ "url": url, "types": types }))
        .send()
        .await;
    assert_eq!(answer.status, 201, "{}", answer.body);
    let id = answer.body["id"].as_str().unwrap().to_owned();
    assert_eq!(answer.header("location"), Some(format!("/api/v1/webhooks/{id}").as_str()));
    (id, answer.body["secret"].as_str().unwrap().to_owned())
}

/// A campaign issued by `issuer`, made by the admin: one `campaign.create` change.
async fn campaign(app: &TestApp, code: &str, issuer: &str) -> String {
    let body = json!({ "code": code, "title": "Phong trào thử webhook", "issuer_id": issuer,
        "issued_on": "2023-02-10", "starts_on": "2023-02-10", "ends_on": "2023-12-31", "period_type": "quarter" });
    let answer = app.admin_json(Method::POST, "/api/v1/campaigns", body).await;
    assert_eq!(answer.status, 201, "{}", answer.body);
    answer.body["id"].as_str().unwrap().to_owned()
}

/// The record each message is about.
fn about(received: &[Received]) -> Vec<String> {
    received.iter().map(|r| r.json()["data"]["entity_id"].as_str().unwrap().to_owned()).collect()
}

fn accepted_about(received: &[Received], id: &str) -> usize {
    received.iter().filter(|r| r.accepted() && r.json()["data"]["entity_id"] == id).count()
}

async fn deliveries(app: &TestApp, token: &str, hook: &str) -> Value {
    let answer = app.call(Method::GET, &format!("/api/v1/webhooks/{hook}/deliveries")).bearer(token).send().await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.body
}

#[actix_web::test]
async fn a_receiver_gets_each_change_once_with_a_valid_signature() {
    let app = quick(|_| {}).await;
    // PostgreSQL: a transaction of the server left open meanwhile keeps the
    // fixture's changes unsettled (behind the feed's horizon) when the
    // subscription is made; they were committed before it all the same.
    let held = hold_a_transaction_open();
    let f = Fixture::build(&app).await;
    let receiver = Receiver::start().await;
    let (hook, secret) = subscribe(&app, &app.admin, &receiver.url, json!([])).await;
    drop(held);
    assert!(secret.starts_with("whsec_"), "{secret}");
    let shown = app.admin_get(&format!("/api/v1/webhooks/{hook}")).await;
    assert_eq!(shown.status, 200, "{}", shown.body);
    assert!(shown.body.get("secret").is_none(), "the secret is shown once: {}", shown.body);
    assert_eq!(shown.body["status"], "active");

    let made = [
        campaign(&app, "WH/1", &f.commune).await,
        campaign(&app, "WH/2", &f.other_commune).await,
        campaign(&app, "WH/3", &f.district).await,
    ];
    receiver.wait_for("the three campaigns", |r| made.iter().all(|id| accepted_about(r, id) == 1)).await;
    // Time for a repeat to show, were there one.
    actix_web::rt::time::sleep(Duration::from_millis(500)).await;
    let received = receiver.received();
    assert_eq!(sorted(about(&received)), sorted(made.to_vec()), "each change once, none from before the subscription");
    let now = chrono::Utc::now().timestamp();
    for message in &received {
        assert!(message.signed_with(&secret), "{message:?}");
        assert!(!message.signed_with(&thidua::domain::webhook::new_secret()), "another key does not verify");
        let sent: i64 = message.timestamp.parse().unwrap();
        assert!((now - sent).abs() < 60, "{sent} is now");
        let body = message.json();
        assert_eq!(body["type"], "campaign.create");
        assert_eq!(body["data"]["record"]["id"], body["data"]["entity_id"]);
        assert!(body["timestamp"].as_str().unwrap().ends_with('Z'), "{body}");
    }
    let ids: HashSet<&str> = received.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), 3, "each message its own webhook-id");
    // The change's id is the feed's.
    let feed = app.admin_get("/api/v1/changes?types=campaign.create&limit=1000").await.body;
    for message in &received {
        let event = &message.json()["data"]["id"];
        assert!(feed["items"].as_array().unwrap().iter().any(|i| &i["id"] == event), "{event} in the feed");
    }

    let log = deliveries(&app, &app.admin, &hook).await;
    assert_eq!(log["total"], 3, "{log}");
    for item in log["items"].as_array().unwrap() {
        assert_eq!(item["status"], "delivered", "{item}");
        assert_eq!(item["attempts"], 1, "{item}");
        assert_eq!(item["response_code"], 204, "{item}");
        assert!(ids.contains(item["id"].as_str().unwrap()), "the log's id is the webhook-id: {item}");
    }
}

/// On PostgreSQL, a connection inside a transaction that has an id, until dropped.
fn hold_a_transaction_open() -> Option<diesel::PgConnection> {
    use diesel::{Connection, RunQueryDsl};
    let server = crate::support::postgres_server()?;
    let mut conn = diesel::PgConnection::establish(&server).unwrap();
    diesel::sql_query("BEGIN").execute(&mut conn).unwrap();
    diesel::sql_query("SELECT pg_current_xact_id()").execute(&mut conn).unwrap();
    Some(conn)
}

fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids
}

#[actix_web::test]
async fn a_subscription_is_sent_only_what_its_creator_may_read_of_its_types() {
    let app = quick(|_| {}).await;
    let f = Fixture::build(&app).await;
    let office = app.login("office", PASSWORD).await;
    let (to_office, to_admin) = (Receiver::start().await, Receiver::start().await);
    let (office_hook, _) = subscribe(&app, &office, &to_office.url, json!(["campaign"])).await;
    let (admin_hook, _) = subscribe(&app, &app.admin, &to_admin.url, json!(["report.submit", "nomination"])).await;

    let ours = campaign(&app, "WH/XA", &f.commune).await;
    let foreign = campaign(&app, "WH/KHAC", &f.other_commune).await;
    let above = campaign(&app, "WH/HUYEN", &f.district).await;
    // Committed after the foreign one: once it is received, the foreign one was passed.
    let last = campaign(&app, "WH/CUOI", &f.commune).await;
    to_office.wait_for("the commune's last campaign", |r| accepted_about(r, &last) == 1).await;
    actix_web::rt::time::sleep(Duration::from_millis(300)).await;
    let expected = sorted(vec![ours, above, last]);
    assert_eq!(sorted(about(&to_office.received())), expected, "not the other commune's {foreign}");
    assert_eq!(deliveries(&app, &office, &office_hook).await["total"], 3);
    assert!(to_admin.received().is_empty(), "campaigns are not of its types");
    assert_eq!(deliveries(&app, &app.admin, &admin_hook).await["total"], 0);

    // The office reads its scope's subscriptions only; the admin every one.
    let listed = app.call(Method::GET, "/api/v1/webhooks").bearer(&office).send().await.body;
    assert_eq!(listed["total"], 1, "{listed}");
    let hidden = app.call(Method::GET, &format!("/api/v1/webhooks/{admin_hook}")).bearer(&office).send().await;
    hidden.assert_problem(404, "not_found");
    assert_eq!(app.admin_get("/api/v1/webhooks").await.body["total"], 2);
}

#[actix_web::test]
async fn a_delivery_is_tried_again_after_a_500_a_timeout_and_a_redirect() {
    let app = quick(|c| {
        c.webhooks.timeout = Duration::from_millis(300);
        c.webhooks.backoff = Duration::from_millis(200);
    })
    .await;
    let f = Fixture::build(&app).await;
    let receiver = Receiver::start().await;
    receiver.script(&[Reply::Status(500), Reply::Hang(Duration::from_secs(3)), Reply::Status(307)]);
    let (hook, secret) = subscribe(&app, &app.admin, &receiver.url, json!(["campaign.create"])).await;
    let made = campaign(&app, "WH/LAI", &f.commune).await;

    let received = receiver.wait_for("a fourth attempt", |r| r.len() >= 4).await;
    assert_eq!(received.len(), 4, "{received:#?}");
    assert!(received[3].accepted());
    for message in &received {
        assert_eq!(message.id, received[0].id, "one message, tried again");
        assert_eq!(message.body, received[0].body, "the same bytes every time");
        assert!(message.signed_with(&secret));
    }
    assert_eq!(received[0].json()["data"]["entity_id"], made.as_str());
    // Waits of 200, 400 and 800 ms, the timeout's 300 ms before the second.
    let gaps: Vec<Duration> = received.windows(2).map(|w| w[1].at - w[0].at).collect();
    assert!(gaps[0] >= Duration::from_millis(190), "{gaps:?}");
    assert!(gaps[1] >= Duration::from_millis(690), "{gaps:?}");
    assert!(gaps[2] >= Duration::from_millis(790), "{gaps:?}");

    let log = deliveries(&app, &app.admin, &hook).await;
    let item = &log["items"][0];
    assert_eq!((item["status"].as_str(), item["attempts"].as_u64()), (Some("delivered"), Some(4)), "{log}");
    assert_eq!(item["response_code"], 204);
    assert_eq!(item["id"], received[0].id.as_str());
}

#[actix_web::test]
async fn failures_give_up_a_delivery_disable_the_subscription_and_redelivery_sends_again() {
    let app = quick(|c| {
        c.webhooks.max_attempts = 2;
        c.webhooks.disable_after = 3;
        c.webhooks.backoff = Duration::from_millis(50);
    })
    .await;
    let f = Fixture::build(&app).await;
    let receiver = Receiver::start().await;
    receiver.otherwise(Reply::Status(500));
    let (hook, secret) = subscribe(&app, &app.admin, &receiver.url, json!(["campaign"])).await;
    let path = format!("/api/v1/webhooks/{hook}");
    // A second subscription that always takes its messages: once it has a
    // change, the dispatcher has passed it (on PostgreSQL the dispatcher
    // waits for every older transaction of the server to settle).
    let watcher = Receiver::start().await;
    subscribe(&app, &app.admin, &watcher.url, json!(["campaign"])).await;

    let first = campaign(&app, "WH/A", &f.commune).await;
    receiver.wait_for("two attempts", |r| r.len() >= 2).await;
    let log = wait_log(&app, &hook, |log| log["items"][0]["status"] == "failed").await;
    let failed = &log["items"][0];
    assert_eq!(failed["attempts"], 2, "{log}");
    assert_eq!(failed["response_code"], 500);
    assert!(failed["last_error"].as_str().unwrap().contains("500"), "{failed}");
    assert!(failed["next_attempt_at"].is_null(), "given up: {failed}");
    let failed_id = failed["id"].as_str().unwrap().to_owned();
    assert_eq!(app.admin_get(&path).await.body["status"], "active", "two failures of three");

    let second = campaign(&app, "WH/B", &f.commune).await;
    receiver.wait_for("the third failure", |r| r.len() >= 3).await;
    let hook_now = wait_get(&app, &path, |h| h["status"] == "disabled").await;
    assert_eq!(hook_now["disabled_reason"], "3 failed attempts in a row", "{hook_now}");
    // Made while disabled: never sent.
    let unsent = campaign(&app, "WH/C", &f.commune).await;
    watcher.wait_for("the change made while the first was disabled", |r| accepted_about(r, &unsent) == 1).await;
    assert_eq!(receiver.received().len(), 3, "nothing is sent to a disabled subscription");

    receiver.otherwise(Reply::Status(200));
    let enabled = app.admin_json(Method::POST, &format!("{path}/enable"), json!(null)).await;
    assert_eq!(enabled.status, 200, "{}", enabled.body);
    assert_eq!((enabled.body["status"].as_str(), enabled.body["failures"].as_u64()), (Some("active"), Some(0)));
    let again = app.admin_json(Method::POST, &format!("{path}/deliveries/{failed_id}/redeliver"), json!(null)).await;
    assert_eq!(again.status, 202, "{}", again.body);
    assert_eq!(again.header("location"), Some(format!("{path}/deliveries/{failed_id}").as_str()));
    assert_eq!(again.body["status"], "pending");
    let last = campaign(&app, "WH/D", &f.commune).await;
    let received = receiver
        .wait_for("the redelivery, the pending one and the next", |r| {
            [&first, &second, &last].iter().all(|id| accepted_about(r, id) == 1)
        })
        .await;
    assert!(received.iter().all(|r| r.signed_with(&secret)));
    let redelivered: Vec<&Received> = received.iter().filter(|r| r.id == failed_id).collect();
    assert_eq!(redelivered.len(), 3, "the same webhook-id again: {received:#?}");
    assert_eq!(accepted_about(&received, &unsent), 0);
    let log = deliveries(&app, &app.admin, &hook).await;
    assert_eq!(log["total"], 3, "no delivery of the change made while disabled: {log}");
    let only_failed = app.admin_get(&format!("{path}/deliveries?status=failed")).await.body;
    assert_eq!(only_failed["total"], 0, "{only_failed}");
    let missing = app.admin_json(Method::POST, &format!("{path}/deliveries/msg_none/redeliver"), json!(null)).await;
    missing.assert_problem(404, "not_found");
}

/// Reads the subscription's log until `done` holds (10 s at most).
async fn wait_log(app: &TestApp, hook: &str, done: impl Fn(&Value) -> bool) -> Value {
    wait_get(app, &format!("/api/v1/webhooks/{hook}/deliveries"), done).await
}

async fn wait_get(app: &TestApp, path: &str, done: impl Fn(&Value) -> bool) -> Value {
    let give_up = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let body = app.admin_get(path).await.body;
        if done(&body) {
            return body;
        }
        assert!(std::time::Instant::now() < give_up, "{path} never came to be: {body}");
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
}

#[actix_web::test]
async fn urls_off_the_internet_are_refused_when_subscribing_and_when_delivering() {
    let app = quick(|_| {}).await;
    let f = Fixture::build(&app).await;
    let receiver = Receiver::start().await;
    // Allowed (the test servers allow loopback) when it was made…
    let (hook, _) = subscribe(&app, &app.admin, &receiver.url, json!(["campaign"])).await;
    // …and no longer once the server is started without the setting.
    let app = app.restart(|c| c.webhooks.allow_nets = Vec::new()).await;
    for url in [
        receiver.url.as_str(),
        "http://localhost:9/hook",
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://10.0.0.8/hook",
        "http://192.168.1.20/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://0.0.0.0/hook",
    ] {
        let answer = app.admin_json(Method::POST, "/api/v1/webhooks", json!({ "url": url })).await;
        let problem = answer.assert_problem(422, "validation_failed");
        assert_eq!(problem["errors"][0]["field"], "url", "{url}: {problem}");
        assert_eq!(problem["errors"][0]["code"], "address_refused", "{url}: {problem}");
    }
    for (body, field) in [
        (json!({ "url": "ftp://example.org/hook" }), "url"),
        (json!({ "url": "https://user:pass@example.org/hook" }), "url"),
        (json!({ "url": "example.org/hook" }), "url"),
        (json!({ "url": "https://example.org/hook", "types": ["campaign", "reports"] }), "types[1]"),
        (json!({ "url": "https://example.org/hook", "types": ["report.Submit"] }), "types[0]"),
    ] {
        let problem = app.admin_json(Method::POST, "/api/v1/webhooks", body.clone()).await;
        let problem = problem.assert_problem(422, "validation_failed");
        assert_eq!(problem["errors"][0]["field"], field, "{body}: {problem}");
        assert_eq!(problem["errors"][0]["code"], "invalid", "{body}: {problem}");
    }

    campaign(&app, "WH/CAM", &f.commune).await;
    let log = wait_log(&app, &hook, |log| log["items"][0]["attempts"].as_u64().unwrap_or(0) >= 1).await;
    let error = log["items"][0]["last_error"].as_str().unwrap_or_else(|| panic!("{log}"));
    assert!(error.contains("loopback"), "{error}");
    assert!(log["items"][0]["response_code"].is_null(), "{log}");
    assert!(receiver.received().is_empty(), "refused at the moment of connecting");
}
