use crate::support::TestApp;

#[actix_web::test]
async fn healthz_answers_with_the_security_headers_and_a_request_id() {
    let app = TestApp::spawn().await;
    let answer = app.get("/healthz").await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body["status"], "ok");
    assert_eq!(answer.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(answer.header("x-frame-options"), Some("DENY"));
    assert_eq!(answer.header("cache-control"), Some("no-store"));
    assert_eq!(answer.header("referrer-policy"), Some("no-referrer"));
    let id = answer.header("x-request-id").expect("a generated request id");
    assert!(uuid::Uuid::parse_str(id).is_ok(), "a UUID: {id}");
}

#[actix_web::test]
async fn a_sane_request_id_is_kept_and_an_insane_one_replaced() {
    let app = TestApp::spawn().await;
    let kept = app.client.get(app.url("/healthz")).header("x-request-id", "district-call-42").send().await.unwrap();
    assert_eq!(kept.headers()["x-request-id"], "district-call-42");

    let long = "x".repeat(300);
    for insane in ["has spaces", "<script>alert(1)</script>", long.as_str()] {
        let replaced = app.client.get(app.url("/healthz")).header("x-request-id", insane).send().await.unwrap();
        let id = replaced.headers()["x-request-id"].to_str().unwrap();
        assert_ne!(id, insane);
        assert!(uuid::Uuid::parse_str(id).is_ok(), "replaced by a UUID: {id}");
    }
}

#[actix_web::test]
async fn readyz_reads_the_database() {
    let app = TestApp::spawn().await;
    let answer = app.get("/readyz").await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.body["status"], "ready");
    assert_eq!(answer.body["database"], app.db.backend());
}

/// A database that answers but lost its schema is not ready; liveness does
/// not care; readiness comes back by itself once the table is back.
#[actix_web::test]
async fn readyz_fails_on_a_broken_database_and_recovers() {
    use diesel::RunQueryDsl;

    let app = TestApp::spawn().await;
    let sql = |statement: &'static str| {
        let db = app.db.clone();
        async move {
            db.run(move |conn| diesel::sql_query(statement).execute(conn).map_err(thidua::db::DbError::from))
                .await
                .unwrap();
        }
    };
    sql("ALTER TABLE settings RENAME TO settings_moved").await;

    let answer = app.get("/readyz").await;
    answer.assert_problem(503, "database_unavailable");
    assert_eq!(answer.header("retry-after"), Some("1"));
    assert!(!answer.body.to_string().to_lowercase().contains("settings_moved"), "no database text reaches the client");
    assert!(!answer.body.to_string().to_lowercase().contains("no such table"), "no database text reaches the client");
    assert_eq!(app.get("/healthz").await.status, 200);
    app.admin_get("/api/v1/settings").await.assert_problem(500, "internal");

    sql("ALTER TABLE settings_moved RENAME TO settings").await;
    assert_eq!(app.get("/readyz").await.status, 200);
}
