//! Every error, actix's own included, is problem+json with the request id.

use reqwest::Method;
use serde_json::{Value, json};

use crate::support::TestApp;

/// A setting any admin may write (a whole number from 1 to 60): the body
/// every check below sends is read before its value is judged.
const SETTING: &str = "/api/v1/settings/nominations.posting_working_days";

#[actix_web::test]
async fn an_unknown_route_is_a_404_problem() {
    let app = TestApp::spawn().await;
    for path in ["/nope", "/api/v1/nope", "/api/v2/settings"] {
        let answer = app.get(path).await;
        let body = answer.assert_problem(404, "not_found");
        assert_eq!(body["instance"], path);
        assert_eq!(answer.header("x-frame-options"), Some("DENY"));
    }
}

#[actix_web::test]
async fn a_wrong_method_is_a_405_problem_with_allow() {
    let app = TestApp::spawn().await;
    let answer = app.send(Method::POST, "/healthz", "application/json", "{}").await;
    answer.assert_problem(405, "method_not_allowed");
    assert_eq!(answer.header("allow"), Some("GET"));

    let answer = app.admin_send(Method::DELETE, "/api/v1/settings/instance.id", "application/json", "").await;
    answer.assert_problem(405, "method_not_allowed");
    assert_eq!(answer.header("allow"), Some("GET, PUT"));
}

#[actix_web::test]
async fn malformed_json_is_a_400_problem() {
    let app = TestApp::spawn().await;
    for body in ["{", "not json", "{\"value\": \"x\"} trailing", ""] {
        let answer = app.admin_send(Method::PUT, SETTING, "application/json", body).await;
        answer.assert_problem(400, "malformed_json");
    }
    assert_eq!(app.admin_get(SETTING).await.body["updated_at"], Value::Null, "nothing was written");
}

#[actix_web::test]
async fn json_of_the_wrong_shape_is_a_422_naming_the_field() {
    let app = TestApp::spawn().await;
    let answer = app.admin_put(SETTING, json!({"value": 5})).await;
    let body = answer.assert_problem(422, "validation_failed");
    assert_eq!(body["errors"][0]["field"], "value");

    let answer = app.admin_put(SETTING, json!({})).await;
    let body = answer.assert_problem(422, "validation_failed");
    assert_eq!(body["errors"][0]["field"], "value");
    assert_eq!(body["errors"][0]["code"], "required");
}

#[actix_web::test]
async fn a_wrong_content_type_is_a_415_problem() {
    let app = TestApp::spawn().await;
    for content_type in ["text/plain", "application/x-www-form-urlencoded", "application/xml"] {
        let answer = app.admin_send(Method::PUT, SETTING, content_type, r#"{"value":"12"}"#).await;
        answer.assert_problem(415, "unsupported_media_type");
    }
    // `+json` media types are JSON.
    let answer = app.admin_send(Method::PUT, SETTING, "application/merge-patch+json", r#"{"value":"12"}"#).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
}

#[actix_web::test]
async fn a_body_over_the_limit_is_a_413_problem() {
    let app = TestApp::spawn_with(|config| config.max_body_bytes = 1_024).await;
    let big = json!({ "value": "x".repeat(2_000) }).to_string();
    let answer = app.admin_send(Method::PUT, SETTING, "application/json", big).await;
    answer.assert_problem(413, "payload_too_large");
    assert_eq!(app.admin_get(SETTING).await.body["updated_at"], Value::Null, "nothing was written");

    // Chunked, with no Content-Length to refuse up front.
    let chunks: Vec<Result<String, std::io::Error>> = (0..40).map(|_| Ok("x".repeat(100))).collect();
    let stream = futures_util::stream::iter(chunks);
    let response = app
        .client
        .put(app.url(SETTING))
        .bearer_auth(&app.admin)
        .header("content-type", "application/json")
        .body(reqwest::Body::wrap_stream(stream))
        .send()
        .await
        .unwrap();
    crate::support::Answer::of(response).await.assert_problem(413, "payload_too_large");
}

#[actix_web::test]
async fn a_bad_query_parameter_is_a_400_naming_it() {
    let app = TestApp::spawn().await;
    for query in ["limit=abc", "limit=-1", "offset=x"] {
        let answer = app.admin_get(&format!("/api/v1/settings?{query}")).await;
        let body = answer.assert_problem(400, "invalid_query");
        let field = query.split('=').next().unwrap();
        assert_eq!(body["errors"][0]["field"], field, "{body}");
    }
}

#[actix_web::test]
async fn a_nul_character_is_refused_at_the_edge_naming_where_it_was() {
    let app = TestApp::spawn().await;
    // The anonymous sign-in, as JSON and as a form: 422 naming the field.
    let json_login = app
        .call(Method::POST, "/api/v1/auth/token")
        .json(json!({ "username": "admin\u{0}", "password": "x" }))
        .send()
        .await;
    assert_eq!(json_login.assert_problem(422, "validation_failed")["errors"][0]["field"], "username");
    let form_login = app
        .send(Method::POST, "/api/v1/auth/token", "application/x-www-form-urlencoded", "username=admin%00&password=x")
        .await;
    let errors = &form_login.assert_problem(422, "validation_failed")["errors"];
    assert_eq!((errors[0]["field"].as_str(), errors[0]["code"].as_str()), (Some("username"), Some("nul_character")));

    // Deep in a body: the path to it.
    let nested = app.admin_json(Method::PUT, SETTING, json!({ "value": "tên\u{0}" })).await;
    let error = &nested.assert_problem(422, "validation_failed")["errors"][0];
    assert_eq!((error["field"].as_str(), error["code"].as_str()), (Some("value"), Some("nul_character")));
    assert_eq!(app.admin_get(SETTING).await.body["updated_at"], Value::Null, "nothing was written");
    // An escaped backslash followed by u0000 is text, not a NUL: the key's own rule judges it.
    let text = app.admin_json(Method::PUT, SETTING, json!({ "value": "C:\\u0000" })).await;
    let error = &text.assert_problem(422, "validation_failed")["errors"][0];
    assert_eq!(
        (error["field"].as_str(), error["code"].as_str()),
        (Some("value"), Some("not_an_integer")),
        "{}",
        text.body
    );

    // What the operation does not read (a key no field names, and all under
    // it) is never stored: a NUL there is no fault, in JSON or in a form.
    let unread = app
        .call(Method::POST, "/api/v1/auth/token")
        .json(json!({ "username": "admin", "password": "x", "ghi\u{0}chú": { "a": "b\u{0}" }, "x": ["\u{0}"] }))
        .send()
        .await;
    unread.assert_problem(400, "invalid_grant");
    let unread_form = app
        .send(
            Method::POST,
            "/api/v1/auth/token",
            "application/x-www-form-urlencoded",
            "username=admin&password=x&n%00=%00",
        )
        .await;
    unread_form.assert_problem(400, "invalid_grant");
    // Beside a whole number written `5.0` (read as 5), and beside a field of
    // the wrong kind (answered for what it is): still not a fault.
    let whole = app
        .admin_json(Method::POST, "/api/v1/campaigns", json!({ "submission_days": 5.0, "x": { "\u{0}": "\u{0}" } }))
        .await;
    let fields = crate::support::fields(whole.assert_problem(422, "validation_failed"));
    assert!(fields.iter().all(|(_, code)| code != "nul_character") && !fields.is_empty(), "{fields:?}");
    let wrong =
        app.admin_json(Method::POST, "/api/v1/campaigns", json!({ "submission_days": "five", "x": ["\u{0}"] })).await;
    assert_eq!(
        crate::support::fields(wrong.assert_problem(422, "validation_failed"))[0].0,
        "submission_days",
        "{}",
        wrong.body
    );

    // A query parameter: 400 naming it; a path segment: 400.
    let query = app.admin_get("/api/v1/org-units?parent_id=%00").await;
    assert_eq!(query.assert_problem(400, "invalid_query")["errors"][0]["field"], "parent_id");
    for path in ["/api/v1/org-units/%00", "/api/v1/settings/a%00b", "/api/v1/reports/x%00/submit"] {
        app.admin_get(path).await.assert_problem(400, "invalid_path");
    }
}

/// `Accept-Language: vi` gives a problem's words in Vietnamese — title,
/// detail, each field's message — and the same codes, fields and status;
/// `Content-Language` says which language came.
#[actix_web::test]
async fn a_problem_speaks_vietnamese_when_asked_and_keeps_its_codes() {
    let app = TestApp::spawn().await;
    let unauthenticated = |language: Option<&'static str>| {
        let call = app.call(Method::GET, "/api/v1/me");
        async move {
            match language {
                Some(l) => call.header("accept-language", l).send().await,
                None => call.send().await,
            }
        }
    };
    let english = unauthenticated(None).await;
    assert_eq!(english.assert_problem(401, "unauthenticated")["title"], "Unauthorized");
    assert_eq!(english.header("content-language"), Some("en"));
    let vietnamese = unauthenticated(Some("vi-VN,vi;q=0.9,en;q=0.8")).await;
    let body = vietnamese.assert_problem(401, "unauthenticated");
    assert_eq!(body["title"], "Chưa xác thực");
    assert_eq!(body["detail"], "Thao tác này cần mã truy cập (bearer token).");
    assert_eq!(vietnamese.header("content-language"), Some("vi"));
    let vary: Vec<&str> = vietnamese.headers.get_all("vary").iter().filter_map(|v| v.to_str().ok()).collect();
    assert!(vary.iter().any(|v| v.to_ascii_lowercase().contains("accept-language")), "{vary:?}");
    // English preferred, or a language we do not speak: English.
    let preferred = unauthenticated(Some("en-US,vi;q=0.5")).await;
    assert_eq!(preferred.body["title"], "Unauthorized");
    assert_eq!(unauthenticated(Some("fr")).await.header("content-language"), Some("en"));

    // A 422 names the same fields by the same rules, in Vietnamese words.
    let root = app.admin_get("/api/v1/org-units?kind=root").await.body["items"][0]["id"].clone();
    let body = json!({ "code": "X", "name": "x".repeat(201), "kind": "district", "parent_id": root });
    let send = |language: &'static str| {
        let body = body.clone();
        let call = app.call(Method::POST, "/api/v1/org-units").bearer(&app.admin).json(body);
        async move { call.header("accept-language", language).send().await }
    };
    let (en, vi) = (send("en").await, send("vi").await);
    let (en, vi) =
        (en.assert_problem(422, "validation_failed").clone(), vi.assert_problem(422, "validation_failed").clone());
    assert_eq!(vi["title"], "Dữ liệu không hợp lệ");
    let fields = |b: &Value| -> Vec<(String, String)> {
        b["errors"].as_array().unwrap().iter().map(|e| (e["field"].to_string(), e["code"].to_string())).collect()
    };
    assert_eq!(fields(&vi), fields(&en));
    assert!(!fields(&vi).is_empty());
    for (e, v) in en["errors"].as_array().unwrap().iter().zip(vi["errors"].as_array().unwrap()) {
        assert_ne!(e["message"], v["message"], "{v}");
    }
    let name = vi["errors"].as_array().unwrap().iter().find(|e| e["field"] == "name").unwrap_or_else(|| panic!("{vi}"));
    assert_eq!(name["message"], "Tối đa 200 ký tự.");

    // actix's own answers too: an unknown route.
    let missing = app.call(Method::GET, "/api/v1/khong-co").header("accept-language", "vi").send().await;
    assert_eq!(missing.assert_problem(404, "not_found")["title"], "Không tìm thấy");
}
