//! The database goes away mid-run and comes back: 503 with `Retry-After`
//! while it is gone, liveness unaffected, and recovery with no restart.
//!
//! PostgreSQL only (SQLite is a file inside the process and cannot "go
//! away"); the database is cut off by a proxy in front of it, so the server
//! the other tests share keeps running.

use std::time::Duration;

use secrecy::ExposeSecret;
use serde_json::json;
use thidua::config::DatabaseUrl;

use crate::support::proxy::{Proxy, host_port, through};
use crate::support::{TestApp, TestDatabase, postgres_server, test_config};

#[actix_web::test]
async fn the_database_going_away_gives_503_and_the_service_recovers() {
    let Some(server) = postgres_server() else {
        eprintln!("outage test: runs on PostgreSQL only; set THIDUA_TEST_DATABASE_URL");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::create(dir.path().join("unused.db"));
    let DatabaseUrl::Postgres(direct) = database.url() else { unreachable!() };
    let proxy = Proxy::start(host_port(&server)).await;
    let mut config = test_config(dir.path(), DatabaseUrl::Postgres(through(direct.expose_secret(), proxy.addr).into()));
    config.db_timeout = Duration::from_millis(500);
    let app = TestApp::start(config, database, dir).await;
    assert_eq!(app.get("/readyz").await.status, 200);
    assert_eq!(app.admin_get("/api/v1/settings").await.status, 200);

    proxy.down();
    let ready = app.get("/readyz").await;
    ready.assert_problem(503, "database_unavailable");
    assert_eq!(ready.header("retry-after"), Some("1"));
    for answer in [
        app.admin_get("/api/v1/settings").await,
        app.admin_get("/api/v1/settings/instance.id").await,
        app.admin_put("/api/v1/settings/a.b", json!({"value": "x"})).await,
    ] {
        let body = answer.assert_problem(503, "database_unavailable");
        assert_eq!(answer.header("retry-after"), Some("1"));
        let text = body.to_string().to_lowercase();
        assert!(!text.contains("server") && !text.contains("connection"), "no database text: {text}");
    }
    assert_eq!(app.get("/healthz").await.status, 200, "liveness does not need the database");

    proxy.up();
    let mut recovered = false;
    for _ in 0..20 {
        if app.get("/readyz").await.status == 200 {
            recovered = true;
            break;
        }
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(recovered, "readiness comes back without a restart");
    let write = app.admin_put("/api/v1/settings/a.b", json!({"value": "back"})).await;
    assert_eq!(write.status, 200, "{}", write.body);
    assert_eq!(app.admin_get("/api/v1/settings/a.b").await.body["value"], "back");
}
