use crate::support::TestApp;

#[actix_web::test]
async fn metrics_count_requests_by_route_pattern_and_status() {
    let app = TestApp::spawn().await;
    app.admin_get("/api/v1/settings/instance.id").await;
    app.admin_get("/api/v1/settings/instance.id").await;
    app.admin_get("/api/v1/settings/missing").await;
    app.get("/no/such/route").await;

    let answer = app.get("/metrics").await;
    assert_eq!(answer.status, 200);
    assert!(answer.header("content-type").unwrap().starts_with("text/plain; version=0.0.4"));
    let text = answer.body.as_str().unwrap();
    let line = |series: &str| text.lines().find(|l| l.starts_with(series)).map(|l| l.rsplit(' ').next().unwrap());
    assert_eq!(
        line(r#"thidua_http_requests_total{method="GET",route="/api/v1/settings/{key}",status="200"}"#),
        Some("2"),
        "{text}"
    );
    assert_eq!(
        line(r#"thidua_http_requests_total{method="GET",route="/api/v1/settings/{key}",status="404"}"#),
        Some("1")
    );
    assert_eq!(line(r#"thidua_http_requests_total{method="GET",route="unmatched",status="404"}"#), Some("1"));
    assert!(text.contains("thidua_http_request_duration_seconds_bucket"), "a latency histogram");
    assert!(!text.contains("/no/such/route"), "raw paths never become labels");
}
