//! Webhooks across processes: `thidua serve` killed (`kill -9`) between a
//! change's commit and its delivery loses nothing; two instances on one
//! database deliver each change once.

use std::collections::HashMap;
use std::time::Duration;

use serde_json::{Value, json};

use crate::support::receiver::{Received, Receiver, Reply};
use crate::support::subprocess::Subprocess;
use crate::support::{LOOPBACK_NETS, TestDatabase};

const ENV: [(&str, &str); 3] = [
    ("THIDUA_WEBHOOK_ALLOW_NETS", LOOPBACK_NETS),
    ("THIDUA_WEBHOOK_POLL_MS", "50"),
    ("THIDUA_WEBHOOK_BACKOFF_MS", "100"),
];

/// A database for servers of their own, and its URL.
fn database(dir: &std::path::Path) -> (TestDatabase, String) {
    let database = TestDatabase::create(dir.join("hooks.db"));
    let url = match database.url() {
        thidua::config::DatabaseUrl::Sqlite(path) => format!("sqlite://{}", path.display()),
        thidua::config::DatabaseUrl::Postgres(url) => secrecy::ExposeSecret::expose_secret(&url).to_owned(),
    };
    (database, url)
}

async fn call(client: &reqwest::Client, server: &Subprocess, token: &str, path: &str, body: Value) -> Value {
    let answer = client.post(server.url(path)).bearer_auth(token).json(&body).send().await.unwrap();
    let status = answer.status();
    let body: Value = answer.json().await.unwrap();
    assert_eq!(status, 201, "{body}");
    body
}

/// A district under the root, to issue campaigns.
async fn district(client: &reqwest::Client, server: &Subprocess, token: &str) -> String {
    let units = client.get(server.url("/api/v1/org-units?kind=root")).bearer_auth(token).send().await.unwrap();
    let root = units.json::<Value>().await.unwrap()["items"][0]["id"].clone();
    let body = json!({ "code": "HUYEN-HOOK", "name": "Huyện thử", "kind": "district", "parent_id": root });
    call(client, server, token, "/api/v1/org-units", body).await["id"].as_str().unwrap().to_owned()
}

fn campaign(code: &str, issuer: &str) -> Value {
    json!({ "code": code, "title": "Phong trào thử webhook", "issuer_id": issuer,
        "issued_on": "2023-02-10", "starts_on": "2023-02-10", "ends_on": "2023-12-31", "period_type": "quarter" })
}

/// How many times each campaign's change was received and answered 2xx.
fn accepted(received: &[Received]) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for message in received.iter().filter(|m| m.accepted()) {
        *counts.entry(message.json()["data"]["entity_id"].as_str().unwrap().to_owned()).or_default() += 1;
    }
    counts
}

#[actix_web::test]
async fn nothing_is_lost_when_the_server_is_killed_between_commit_and_delivery() {
    let dir = tempfile::tempdir().unwrap();
    let (_database, url) = database(dir.path());
    let receiver = Receiver::start().await;
    // Nothing gets through before the kill.
    receiver.otherwise(Reply::Status(503));
    let server = Subprocess::start_with(&url, dir.path(), &ENV);
    let client = reqwest::Client::new();
    let token = server.token(&client).await;
    let root = district(&client, &server, &token).await;
    let subscription =
        call(&client, &server, &token, "/api/v1/webhooks", json!({ "url": receiver.url, "types": ["campaign"] })).await;
    let secret = subscription["secret"].as_str().unwrap().to_owned();
    let mut made = Vec::new();
    for n in 0..5 {
        let created = call(&client, &server, &token, "/api/v1/campaigns", campaign(&format!("KILL/{n}"), &root)).await;
        made.push(created["id"].as_str().unwrap().to_owned());
    }
    // Committed, and at most tried and refused: killed before any is delivered.
    let (url, dir_path) = server.kill();
    assert!(accepted(&receiver.received()).is_empty());

    receiver.otherwise(Reply::Status(204));
    let _server = Subprocess::start_with(&url, &dir_path, &ENV);
    receiver.wait_for("every change after the restart", |r| made.iter().all(|id| accepted(r).contains_key(id))).await;
    actix_web::rt::time::sleep(Duration::from_millis(500)).await;
    let received = receiver.received();
    let counts = accepted(&received);
    assert!(made.iter().all(|id| counts[id] == 1), "each once: {counts:?}");
    assert_eq!(counts.len(), made.len(), "{counts:?}");
    assert!(received.iter().all(|m| m.signed_with(&secret)));
}

#[actix_web::test]
async fn two_instances_on_one_database_deliver_each_change_once() {
    let dir = tempfile::tempdir().unwrap();
    let (_database, url) = database(dir.path());
    let receiver = Receiver::start().await;
    let first = Subprocess::start_with(&url, dir.path(), &ENV);
    let second = Subprocess::start_with(&url, dir.path(), &ENV);
    let client = reqwest::Client::new();
    let tokens = [first.token(&client).await, second.token(&client).await];
    let root = district(&client, &first, &tokens[0]).await;
    call(&client, &first, &tokens[0], "/api/v1/webhooks", json!({ "url": receiver.url, "types": ["campaign"] })).await;
    let mut made = Vec::new();
    for n in 0..30 {
        let (server, token) = if n % 2 == 0 { (&first, &tokens[0]) } else { (&second, &tokens[1]) };
        let created = call(&client, server, token, "/api/v1/campaigns", campaign(&format!("HAI/{n}"), &root)).await;
        made.push(created["id"].as_str().unwrap().to_owned());
    }
    receiver.wait_for("all thirty", |r| made.iter().all(|id| accepted(r).contains_key(id))).await;
    // Time for a second delivery to show, were there one.
    actix_web::rt::time::sleep(Duration::from_secs(1)).await;
    let received = receiver.received();
    let counts = accepted(&received);
    assert!(counts.values().all(|n| *n == 1), "each once: {counts:?}");
    assert_eq!(received.len(), made.len(), "no message twice");
}
