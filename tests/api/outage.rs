//! The database goes away mid-run, or the network to it falls silent, and
//! comes back: 503 with `Retry-After` while it is gone, in bounded time,
//! liveness unaffected, and recovery with no restart.
//!
//! PostgreSQL only (SQLite is a file inside the process and cannot "go
//! away"); the database is cut off by a proxy in front of it, so the server
//! the other tests share keeps running.

use std::future::Future;
use std::time::{Duration, Instant};

use diesel::RunQueryDsl;
use diesel::dsl::sql;
use diesel::sql_types::{Integer, Text};
use secrecy::ExposeSecret;
use serde_json::json;
use thidua::config::DatabaseUrl;
use thidua::db::DbError;

use crate::support::proxy::{Proxy, host_port, through};
use crate::support::{Answer, TestApp, TestDatabase, postgres_server, test_config};

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
        app.admin_put("/api/v1/settings/nominations.posting_working_days", json!({"value": "12"})).await,
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
    let write = app.admin_put("/api/v1/settings/nominations.posting_working_days", json!({"value": "15"})).await;
    assert_eq!(write.status, 200, "{}", write.body);
    assert_eq!(app.admin_get("/api/v1/settings/nominations.posting_working_days").await.body["value"], "15");
}

/// The network to the database falls silent — sockets stay open, nothing
/// gets through, nothing is refused — and heals: meanwhile every request
/// that needs the database answers 503 within the database timeout plus
/// 2 s; afterwards the service answers again within 10 s, no restart.
#[actix_web::test]
async fn a_silent_partition_gives_503_in_bounded_time_and_the_service_recovers() {
    let Some(server) = postgres_server() else {
        eprintln!("partition test: runs on PostgreSQL only; set THIDUA_TEST_DATABASE_URL");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::create(dir.path().join("unused.db"));
    let DatabaseUrl::Postgres(direct) = database.url() else { unreachable!() };
    let proxy = Proxy::start(host_port(&server)).await;
    let mut config = test_config(dir.path(), DatabaseUrl::Postgres(through(direct.expose_secret(), proxy.addr).into()));
    config.db_timeout = Duration::from_millis(500);
    // The bound: the database timeout plus 2 s.
    let bound = config.db_timeout + Duration::from_secs(2);
    let app = TestApp::start(config, database, dir).await;
    // Two pooled connections, idle long enough to be asked whether they are
    // alive at their next checkout; the settings read then freshens one. In
    // the silence the write meets it mid-work, readiness stalls in the
    // pool's question to the other, and the rest wait for a new connection.
    let (a, b) = futures_util::future::join(app.get("/readyz"), app.get("/readyz")).await;
    assert_eq!((a.status, b.status), (200, 200));
    actix_web::rt::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(app.admin_get("/api/v1/settings").await.status, 200);

    proxy.partition();
    let write = answered_within(
        bound,
        app.admin_put("/api/v1/settings/nominations.posting_working_days", json!({"value": "17"})),
    )
    .await;
    let ready = answered_within(bound, app.get("/readyz")).await;
    let read = answered_within(bound, app.admin_get("/api/v1/settings")).await;
    let one = answered_within(bound, app.admin_get("/api/v1/settings/instance.id")).await;
    for answer in [&write, &ready, &read, &one] {
        let body = answer.assert_problem(503, "database_unavailable");
        assert_eq!(answer.header("retry-after"), Some("1"));
        let text = body.to_string().to_lowercase();
        assert!(!text.contains("server") && !text.contains("connection"), "no database text: {text}");
    }
    assert_eq!(app.get("/healthz").await.status, 200, "liveness does not need the database");

    proxy.heal();
    let healed = Instant::now();
    while app.get("/readyz").await.status != 200 {
        assert!(healed.elapsed() < Duration::from_secs(10), "readiness is back within 10 s of healing");
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
    // The write answered 503 went on when its bytes got through, and was
    // rolled back rather than committed behind the client's back.
    let kept = app.admin_get("/api/v1/settings/nominations.posting_working_days").await;
    assert_eq!(kept.body["value"], "10", "the default, not the lost 17: {}", kept.body);
    assert!(kept.body["updated_at"].is_null(), "never stored: {}", kept.body);
    let write = app.admin_put("/api/v1/settings/nominations.posting_working_days", json!({"value": "15"})).await;
    assert_eq!(write.status, 200, "{}", write.body);
    assert_eq!(app.admin_get("/api/v1/settings/nominations.posting_working_days").await.body["value"], "15");
}

/// The answer to `request`, which must come within `bound`.
async fn answered_within(bound: Duration, request: impl Future<Output = Answer>) -> Answer {
    let asked = Instant::now();
    let answer = actix_web::rt::time::timeout(bound + Duration::from_secs(5), request)
        .await
        .unwrap_or_else(|_| panic!("no answer {:?} after the request; the bound is {bound:?}", asked.elapsed()));
    let took = asked.elapsed();
    assert!(took <= bound, "answered after {took:?}; the bound is {bound:?}");
    answer
}

/// The server cancels a statement past `statement_timeout` — here the one
/// `DATABASE_URL`'s `options` choose, which the service keeps — and the
/// connection is replaced, not reused: with a pool of one, the work waiting
/// for it gets a new connection at once.
#[actix_web::test]
async fn a_statement_past_its_timeout_is_cancelled_and_its_connection_replaced() {
    if postgres_server().is_none() {
        eprintln!("statement timeout test: runs on PostgreSQL only; set THIDUA_TEST_DATABASE_URL");
        return;
    }
    let app = TestApp::spawn_with(|config| {
        let DatabaseUrl::Postgres(url) = &config.database else { unreachable!() };
        let url = url.expose_secret();
        let separator = if url.contains('?') { '&' } else { '?' };
        config.database = DatabaseUrl::Postgres(format!("{url}{separator}options=-c%20statement_timeout%3D200").into());
        config.db_pool_size = 1;
        config.db_timeout = Duration::from_millis(1500);
    })
    .await;
    let setting = |name: &'static str| {
        app.db.run(move |conn| {
            diesel::select(sql::<Text>(&format!("current_setting('{name}')")))
                .get_result::<String>(conn)
                .map_err(DbError::from)
        })
    };
    assert_eq!(setting("statement_timeout").await.unwrap(), "200ms", "the URL's own value is kept");
    assert_eq!(setting("idle_in_transaction_session_timeout").await.unwrap(), "1500ms");
    let backend = || {
        app.db.run(|conn| {
            diesel::select(sql::<Integer>("pg_backend_pid()")).get_result::<i32>(conn).map_err(DbError::from)
        })
    };
    let before = backend().await.unwrap();

    let asked = Instant::now();
    let sleep = app
        .db
        .run(|conn| diesel::select(sql::<Text>("pg_sleep(5)::text")).get_result::<String>(conn).map_err(DbError::from));
    // Asks while the sleep holds the only connection: the pool must open
    // its replacement and hand it over, not leave this one waiting.
    let waiting = async {
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        backend().await
    };
    let (slept, after) = futures_util::future::join(sleep, waiting).await;
    assert!(matches!(slept, Err(DbError::Unavailable(_))), "{slept:?}");
    let after = after.unwrap();
    assert!(asked.elapsed() < Duration::from_secs(1), "cancelled and replaced after {:?}", asked.elapsed());
    assert_ne!(after, before, "a new connection");
}
