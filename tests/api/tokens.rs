//! Tokens: bad access tokens, refresh rotation and reuse, logout, OAuth
//! forms, service accounts, throttling, password changes, stored hashes.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::Method;
use secrecy::SecretString;
use serde_json::{Value, json};
use thidua::auth::tokens::{Claims, Tokens, unix_now};

use crate::support::fixture::{Fixture, PASSWORD};
use crate::support::{ADMIN_PASSWORD, Answer, JWT_SECRET, TestApp};

fn signer(secret: &str) -> Tokens {
    Tokens::new(&SecretString::from(secret.to_owned()), std::time::Duration::from_secs(900))
}

/// The claims of a good token of `token`, to alter.
fn claims_of(token: &str) -> Claims {
    signer(JWT_SECRET).verify(token).expect("a good token")
}

fn b64(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(value.to_string())
}

/// A token with any header and claims, signed with HMAC-SHA256 or SHA-512 under `secret`.
fn raw_token(header: Value, claims: Value, algorithm: jsonwebtoken::Algorithm) -> String {
    let key = jsonwebtoken::EncodingKey::from_secret(JWT_SECRET.as_bytes());
    let mut h = jsonwebtoken::Header::new(algorithm);
    if let Some(kind) = header.get("typ").and_then(Value::as_str) {
        h.typ = Some(kind.to_owned());
    }
    jsonwebtoken::encode(&h, &claims, &key).unwrap()
}

async fn me(app: &TestApp, authorization: Option<&str>) -> Answer {
    let mut call = app.call(Method::GET, "/api/v1/me");
    if let Some(value) = authorization {
        call = call.header("authorization", value);
    }
    call.send().await
}

async fn password_login(app: &TestApp, username: &str, password: &str) -> Answer {
    app.call(Method::POST, "/api/v1/auth/token")
        .json(json!({ "username": username, "password": password }))
        .send()
        .await
}

#[actix_web::test]
async fn bad_access_tokens_are_all_401_problems() {
    let app = TestApp::spawn().await;
    let fixture = Fixture::build(&app).await;
    let good = app.login("reporter.a", PASSWORD).await;
    assert_eq!(me(&app, Some(&format!("Bearer {good}"))).await.status, 200, "the good token works");
    let now = unix_now();
    let base = claims_of(&good);
    let altered = |change: fn(&mut Claims)| {
        let mut claims = base.clone();
        change(&mut claims);
        signer(JWT_SECRET).sign(&claims)
    };
    let payload = serde_json::to_value(&base).unwrap();
    let without_jti = {
        let mut claims = payload.clone();
        claims.as_object_mut().unwrap().remove("jti");
        raw_token(json!({}), claims, jsonwebtoken::Algorithm::HS256)
    };
    let login = password_login(&app, "reporter.b", PASSWORD).await;
    let refresh_token = login.body["refresh_token"].as_str().unwrap().to_owned();

    // A user deactivated after their token was issued.
    let deactivated = app.login("target", PASSWORD).await;
    let target = app.admin_get(&format!("/api/v1/users/{}", fixture.target_user)).await;
    let off = app
        .call(Method::PATCH, &format!("/api/v1/users/{}", fixture.target_user))
        .bearer(&app.admin)
        .header("if-match", target.header("etag").unwrap())
        .json(json!({ "active": false }))
        .send()
        .await;
    assert_eq!(off.status, 200, "{}", off.body);

    let cases: Vec<(&str, Option<String>)> = vec![
        ("no token", None),
        ("not bearer", Some(format!("Basic {good}"))),
        ("malformed", Some("Bearer not.a.jwt".to_owned())),
        ("empty bearer", Some("Bearer ".to_owned())),
        ("wrong signature", Some(format!("Bearer {}", signer(&"x".repeat(40)).sign(&base)))),
        ("alg none", Some(format!("Bearer {}.{}.", b64(&json!({"alg": "none", "typ": "JWT"})), b64(&payload)))),
        (
            "another algorithm (HS512)",
            Some(format!("Bearer {}", raw_token(json!({}), payload.clone(), jsonwebtoken::Algorithm::HS512))),
        ),
        ("expired", Some(format!("Bearer {}", altered(|c| c.exp = unix_now() - 60)))),
        ("not yet valid", Some(format!("Bearer {}", altered(|c| c.nbf = unix_now() + 120)))),
        ("wrong issuer", Some(format!("Bearer {}", altered(|c| c.iss = "someone-else".to_owned())))),
        ("wrong audience", Some(format!("Bearer {}", altered(|c| c.aud = "another-api".to_owned())))),
        ("missing jti", Some(format!("Bearer {without_jti}"))),
        ("refresh token as access token", Some(format!("Bearer {refresh_token}"))),
        ("typ is not access", Some(format!("Bearer {}", altered(|c| c.typ = "refresh".to_owned())))),
        ("older credentials version", Some(format!("Bearer {}", altered(|c| c.ver -= 1)))),
        ("changed role", Some(format!("Bearer {}", altered(|c| c.role = "admin".to_owned())))),
        ("unknown subject", Some(format!("Bearer {}", altered(|c| c.sub = "user:nobody".to_owned())))),
        ("deactivated user", Some(format!("Bearer {deactivated}"))),
    ];
    assert!(now > 0);
    for (case, header) in cases {
        let answer = me(&app, header.as_deref()).await;
        assert_eq!(answer.status, 401, "{case}: {}", answer.body);
        let code = answer.body["code"].as_str().unwrap_or_default();
        assert!(["unauthenticated", "invalid_token"].contains(&code), "{case}: {}", answer.body);
        answer.assert_problem(401, code);
        assert!(answer.header("www-authenticate").unwrap().starts_with("Bearer"), "{case}");
    }
}

#[actix_web::test]
async fn refresh_tokens_rotate_and_a_replay_revokes_the_family() {
    let app = TestApp::spawn().await;
    let first = password_login(&app, "admin", ADMIN_PASSWORD).await;
    assert_eq!(first.status, 200);
    assert_eq!(first.body["token_type"], "Bearer");
    assert_eq!(first.body["expires_in"], 900);
    assert_eq!(first.header("cache-control"), Some("no-store"));
    let r1 = first.body["refresh_token"].as_str().unwrap().to_owned();

    let refresh = |token: String| {
        let app = &app;
        async move { app.call(Method::POST, "/api/v1/auth/refresh").json(json!({ "refresh_token": token })).send().await }
    };
    let second = refresh(r1.clone()).await;
    assert_eq!(second.status, 200, "{}", second.body);
    let r2 = second.body["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(r1, r2, "rotated");
    let access = second.body["access_token"].as_str().unwrap();
    assert_eq!(me(&app, Some(&format!("Bearer {access}"))).await.status, 200);

    // Another sign-in of the same account, which a replay elsewhere must not touch.
    let other = password_login(&app, "admin", ADMIN_PASSWORD).await;
    let other_access = format!("Bearer {}", other.body["access_token"].as_str().unwrap());

    // r1 again: a replay. It fails, and so does r2, its successor.
    let replay = refresh(r1).await;
    replay.assert_problem(400, "invalid_grant");
    assert_eq!(replay.body["error"], "invalid_grant");
    refresh(r2).await.assert_problem(400, "invalid_grant");
    // The family's access tokens stop at the next request, the first one's too.
    for token in [access, first.body["access_token"].as_str().unwrap()] {
        me(&app, Some(&format!("Bearer {token}"))).await.assert_problem(401, "invalid_token");
    }
    assert_eq!(me(&app, Some(&other_access)).await.status, 200, "the other sign-in stands");

    // The same through the token endpoint's OAuth form.
    let form = app
        .call(Method::POST, "/api/v1/auth/token")
        .body(
            "application/x-www-form-urlencoded",
            format!("grant_type=password&username=admin&password={}", urlencode(ADMIN_PASSWORD)),
        )
        .send()
        .await;
    assert_eq!(form.status, 200, "{}", form.body);
    let r3 = form.body["refresh_token"].as_str().unwrap();
    let rotated = app
        .call(Method::POST, "/api/v1/auth/token")
        .body("application/x-www-form-urlencoded", format!("grant_type=refresh_token&refresh_token={r3}"))
        .send()
        .await;
    assert_eq!(rotated.status, 200, "{}", rotated.body);

    // Logout revokes the sign-in.
    let r4 = rotated.body["refresh_token"].as_str().unwrap().to_owned();
    let signed_in = format!("Bearer {}", rotated.body["access_token"].as_str().unwrap());
    assert_eq!(me(&app, Some(&signed_in)).await.status, 200);
    let out = app.call(Method::POST, "/api/v1/auth/logout").json(json!({ "refresh_token": r4 })).send().await;
    assert_eq!(out.status, 204);
    refresh(r4).await.assert_problem(400, "invalid_grant");
    me(&app, Some(&signed_in)).await.assert_problem(401, "invalid_token");
}

fn urlencode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[actix_web::test]
async fn token_requests_that_do_not_fit_are_oauth_problems() {
    let app = TestApp::spawn().await;
    let token = |body: Value| app.call(Method::POST, "/api/v1/auth/token").json(body).send();
    token(json!({ "username": "admin", "password": "wrong password" })).await.assert_problem(400, "invalid_grant");
    token(json!({ "username": "nobody", "password": "wrong password" })).await.assert_problem(400, "invalid_grant");
    let missing = token(json!({ "grant_type": "password", "username": "admin" })).await;
    missing.assert_problem(400, "invalid_request");
    assert_eq!(missing.body["errors"][0]["field"], "password");
    token(json!({ "grant_type": "authorization_code" })).await.assert_problem(400, "unsupported_grant_type");
    token(json!({ "client_id": "svc-nope", "client_secret": "nope" })).await.assert_problem(401, "invalid_client");
    let xml = app.call(Method::POST, "/api/v1/auth/token").body("application/xml", "<x/>").send().await;
    xml.assert_problem(415, "unsupported_media_type");
}

#[actix_web::test]
async fn service_accounts_get_tokens_by_client_credentials_until_revoked() {
    let app = TestApp::spawn().await;
    let fixture = Fixture::build(&app).await;
    // In the body, or by HTTP Basic as RFC 6749 prefers.
    let token = fixture.service_token(&app).await;
    let basic = base64::engine::general_purpose::STANDARD
        .encode(format!("{}:{}", fixture.service_client_id, fixture.service_secret));
    let by_basic = app
        .call(Method::POST, "/api/v1/auth/token")
        .header("authorization", &format!("Basic {basic}"))
        .body("application/x-www-form-urlencoded", "grant_type=client_credentials")
        .send()
        .await;
    assert_eq!(by_basic.status, 200, "{}", by_basic.body);
    assert!(by_basic.body.get("refresh_token").is_none(), "no refresh token for a service account");
    assert_eq!(by_basic.body["scope"], "read");

    let who = me(&app, Some(&format!("Bearer {token}"))).await;
    assert_eq!(who.body["kind"], "service_account");
    assert_eq!(who.body["scopes"], json!(["read"]));
    // Reads the district's subtree, both communes.
    let units = app.call(Method::GET, "/api/v1/org-units").bearer(&token).send().await;
    assert_eq!(units.body["total"], 7, "the district and all below it: {}", units.body);

    let revoked = app
        .call(Method::POST, &format!("/api/v1/service-accounts/{}/revoke", fixture.service_id))
        .bearer(&app.admin)
        .send()
        .await;
    assert_eq!(revoked.status, 200);
    assert_eq!(revoked.body["active"], false);
    assert_eq!(me(&app, Some(&format!("Bearer {token}"))).await.status, 401, "its tokens stop at once");
    let again = app
        .call(Method::POST, "/api/v1/auth/token")
        .json(json!({ "client_id": fixture.service_client_id, "client_secret": fixture.service_secret }))
        .send()
        .await;
    again.assert_problem(401, "invalid_client");
}

#[actix_web::test]
async fn failed_logins_are_throttled_per_account_with_retry_after() {
    let app = TestApp::spawn_with(|c| c.auth.login_max_failures = 3).await;
    let _fixture = Fixture::build(&app).await;
    for _ in 0..3 {
        password_login(&app, "admin", "wrong password").await.assert_problem(400, "invalid_grant");
    }
    let locked = password_login(&app, "admin", ADMIN_PASSWORD).await;
    locked.assert_problem(429, "too_many_attempts");
    let wait: u64 = locked.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=31).contains(&wait), "a bounded back-off: {wait}");
    // Another account from the same address is not locked by it, nor are tokens already issued.
    assert_eq!(password_login(&app, "office", PASSWORD).await.status, 200);
    assert_eq!(me(&app, Some(&format!("Bearer {}", app.admin))).await.status, 200);
}

#[actix_web::test]
async fn a_successful_login_resets_the_count() {
    let app = TestApp::spawn_with(|c| c.auth.login_max_failures = 3).await;
    for _ in 0..2 {
        for _ in 0..2 {
            password_login(&app, "admin", "wrong password").await.assert_problem(400, "invalid_grant");
        }
        assert_eq!(password_login(&app, "admin", ADMIN_PASSWORD).await.status, 200);
    }
}

#[actix_web::test]
async fn failed_logins_are_throttled_per_client_address() {
    let app = TestApp::spawn_with(|c| c.auth.login_max_failures_per_address = 3).await;
    for username in ["a.one", "a.two", "a.three"] {
        password_login(&app, username, "wrong password").await.assert_problem(400, "invalid_grant");
    }
    password_login(&app, "admin", ADMIN_PASSWORD).await.assert_problem(429, "too_many_attempts");
}

#[actix_web::test]
async fn changing_the_password_revokes_tokens() {
    let app = TestApp::spawn().await;
    let _fixture = Fixture::build(&app).await;
    let login = password_login(&app, "office", PASSWORD).await;
    let access = login.body["access_token"].as_str().unwrap().to_owned();
    let refresh = login.body["refresh_token"].as_str().unwrap().to_owned();
    let change = |current: &str, new: &str| {
        app.call(Method::POST, "/api/v1/me/password")
            .bearer(&access)
            .json(json!({ "current_password": current, "new_password": new }))
            .send()
    };
    let weak = change(PASSWORD, "password1234").await;
    assert_eq!(weak.assert_problem(422, "validation_failed")["errors"][0]["field"], "new_password");
    let wrong = change("not my password", "một mật khẩu mới đủ dài").await;
    assert_eq!(wrong.assert_problem(422, "validation_failed")["errors"][0]["code"], "incorrect");

    assert_eq!(change(PASSWORD, "một mật khẩu mới đủ dài").await.status, 204);
    assert_eq!(me(&app, Some(&format!("Bearer {access}"))).await.status, 401, "the old access token stops");
    let old_refresh =
        app.call(Method::POST, "/api/v1/auth/refresh").json(json!({ "refresh_token": refresh })).send().await;
    old_refresh.assert_problem(400, "invalid_grant");
    password_login(&app, "office", PASSWORD).await.assert_problem(400, "invalid_grant");
    assert_eq!(password_login(&app, "office", "một mật khẩu mới đủ dài").await.status, 200);
}

#[actix_web::test]
async fn passwords_are_stored_as_argon2id_and_rehashed_when_the_cost_rises() {
    use thidua::auth::passwords::stored_cost;
    use thidua::config::Argon2Cost;

    let app = TestApp::spawn().await;
    let _fixture = Fixture::build(&app).await;
    let stored = |app: &TestApp| {
        let db = app.db.clone();
        async move { db.run(|conn| thidua::db::users::credentials(conn, "office")).await.unwrap().unwrap().2 }
    };
    let hash = stored(&app).await;
    let (algorithm, cost) = stored_cost(&hash).unwrap();
    assert_eq!(algorithm, "argon2id");
    assert!(cost.memory_kib >= 19_456 && cost.iterations >= 2 && cost.parallelism >= 1, "{cost:?}");
    assert!(!app.admin_get("/api/v1/users").await.body.to_string().contains("$argon2"), "no answer holds a hash");

    let app = app.restart(|c| c.auth.argon2 = Argon2Cost { iterations: 3, ..Argon2Cost::MINIMUM }).await;
    assert_eq!(stored(&app).await, hash, "unchanged until the next login");
    app.login("office", PASSWORD).await;
    let rehashed = stored(&app).await;
    assert_ne!(rehashed, hash);
    assert_eq!(stored_cost(&rehashed).unwrap().1.iterations, 3);
    app.login("office", PASSWORD).await;
}

/// Deactivating an account stops its refresh tokens too, not only its access tokens.
#[actix_web::test]
async fn a_deactivated_account_cannot_refresh() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let login = password_login(&app, "target", PASSWORD).await;
    let refresh = login.body["refresh_token"].as_str().unwrap().to_owned();
    let user = app.admin_get(&format!("/api/v1/users/{}", f.target_user)).await;
    let off = app
        .call(Method::PATCH, &format!("/api/v1/users/{}", f.target_user))
        .bearer(&app.admin)
        .header("if-match", user.header("etag").unwrap())
        .json(json!({ "active": false }))
        .send()
        .await;
    assert_eq!(off.status, 200, "{}", off.body);
    let refreshed =
        app.call(Method::POST, "/api/v1/auth/refresh").json(json!({ "refresh_token": refresh })).send().await;
    refreshed.assert_problem(400, "invalid_grant");
    password_login(&app, "target", PASSWORD).await.assert_problem(400, "invalid_grant");
}
