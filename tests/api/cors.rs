use crate::support::TestApp;

#[actix_web::test]
async fn only_configured_origins_may_call_from_a_browser() {
    let app = TestApp::spawn_with(|c| c.cors_origins = vec!["https://thidua.daithang.example".to_owned()]).await;

    let allowed =
        app.client.get(app.url("/healthz")).header("origin", "https://thidua.daithang.example").send().await.unwrap();
    assert_eq!(allowed.status(), 200);
    assert_eq!(allowed.headers()["access-control-allow-origin"], "https://thidua.daithang.example");
    // A browser script reads an export's file name, a creation's place and the version only when exposed.
    let exposed = allowed.headers()["access-control-expose-headers"].to_str().unwrap().to_ascii_lowercase();
    let exposed: Vec<&str> = exposed.split(',').map(str::trim).collect();
    for name in ["content-disposition", "location", "etag", "idempotent-replayed", "x-request-id"] {
        assert!(exposed.contains(&name), "{name} is exposed: {exposed:?}");
    }

    let preflight = app
        .client
        .request(reqwest::Method::OPTIONS, app.url("/api/v1/settings/a.b"))
        .header("origin", "https://thidua.daithang.example")
        .header("access-control-request-method", "PUT")
        .header("access-control-request-headers", "content-type, if-match")
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status(), 200);
    assert_eq!(preflight.headers()["access-control-allow-origin"], "https://thidua.daithang.example");

    let foreign = app.client.get(app.url("/healthz")).header("origin", "https://evil.example").send().await.unwrap();
    assert!(foreign.headers().get("access-control-allow-origin").is_none());
}
