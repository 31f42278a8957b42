//! Every change an admin makes to the organisation's records — org units,
//! people, users, service accounts, settings — and a user's change of their
//! own password is audited: one event per change, naming the actor and the
//! request, with the record before and after, and never a secret. The events
//! of accounts are the admins'; a setting's are everyone's.

use reqwest::Method;
use serde_json::{Value, json};

use crate::support::fixture::id_of;
use crate::support::{Answer, TestApp};

/// The passwords of this test: none may appear in the log.
const FIRST_PASSWORD: &str = "mật khẩu đầu tiên 2024";
const RESET_PASSWORD: &str = "mật khẩu đặt lại 2024";
const OWN_PASSWORD: &str = "mật khẩu tự đổi 2024";
const OFFICE_PASSWORD: &str = "mật khẩu văn phòng 2024";

/// One change to send, and the record whose log it must add to.
struct Change<'a> {
    /// Who sends it, and the actor the log must name.
    token: &'a str,
    actor: &'a str,
    method: Method,
    path: String,
    body: Value,
    /// For updates: the version read, as its ETag.
    if_match: Option<String>,
    entity: &'a str,
    /// The record's id; `None` for a creation (taken from the answer).
    entity_id: Option<String>,
    action: &'a str,
}

/// The log of one record, as the admin reads it.
async fn log_of(app: &TestApp, token: &str, entity: &str, id: &str) -> Vec<Value> {
    let path = format!("/api/v1/audit-events?entity={entity}&entity_id={id}&limit=200");
    let answer = app.call(Method::GET, &path).bearer(token).send().await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.body["items"].as_array().unwrap().clone()
}

/// Sends `change` with a request id of its own and checks that exactly one
/// new event of the record carries it, as it should; returns the answer.
async fn audited(app: &TestApp, secrets: &[&str], change: Change<'_>) -> Answer {
    let earlier = match &change.entity_id {
        Some(id) => log_of(app, &app.admin, change.entity, id).await.len(),
        None => 0,
    };
    let request_id = format!("audit-{}-{}-{earlier}", change.entity, change.action);
    let mut call = app.call(change.method, &change.path).bearer(change.token).header("x-request-id", &request_id);
    if let Some(tag) = &change.if_match {
        call = call.header("if-match", tag);
    }
    let answer = call.json(change.body).send().await;
    assert!(answer.status < 300, "{} {}: {} {}", change.action, change.path, answer.status, answer.body);

    let id = change.entity_id.unwrap_or_else(|| id_of(&answer.body));
    let log = log_of(app, &app.admin, change.entity, &id).await;
    assert_eq!(log.len(), earlier + 1, "one new event for {} {}: {log:#?}", change.entity, change.action);
    let event = log.last().unwrap();
    assert_eq!(event["action"], change.action, "{event}");
    assert_eq!(event["actor"], change.actor, "{event}");
    assert_eq!(event["request_id"], request_id.as_str(), "{event}");
    assert!(event["after"].is_object(), "the record after: {event}");
    if earlier == 0 {
        assert!(event["before"].is_null(), "nothing before the record's first change: {event}");
    } else {
        assert!(event["before"].is_object(), "the record before: {event}");
    }
    assert_no_secret(event, secrets);
    answer
}

fn assert_no_secret(event: &Value, secrets: &[&str]) {
    let text = event.to_string();
    for secret in secrets {
        assert!(!text.contains(secret), "a secret in the log: {text}");
    }
    assert!(!text.contains("argon2"), "a password hash in the log: {text}");
    assert!(!text.contains("secret") && !text.contains("hash"), "a secret's field in the log: {text}");
}

/// The ETag of what `path` answers the admin.
async fn etag(app: &TestApp, path: &str) -> Option<String> {
    Some(app.admin_get(path).await.header("etag").expect("an ETag").to_owned())
}

#[actix_web::test]
async fn every_admin_change_and_own_password_change_is_audited_once_without_secrets() {
    let app = TestApp::spawn().await;
    let admin = format!("user:{}", app.admin_get("/api/v1/me").await.body["id"].as_str().unwrap());
    let root = app.admin_get("/api/v1/org-units?kind=root").await.body["items"][0]["id"].as_str().unwrap().to_owned();
    let passwords = [FIRST_PASSWORD, RESET_PASSWORD, OWN_PASSWORD, OFFICE_PASSWORD];
    let by_admin = |method: Method, path: String, body: Value, entity: &'static str, action: &'static str| Change {
        token: &app.admin,
        actor: &admin,
        method,
        path,
        body,
        if_match: None,
        entity,
        entity_id: None,
        action,
    };

    // Org units: created, then renamed.
    let body = json!({ "code": "HUYEN-A", "name": "Huyện A", "kind": "district", "parent_id": root });
    let created =
        audited(&app, &passwords, by_admin(Method::POST, "/api/v1/org-units".into(), body, "org_unit", "create")).await;
    let district = id_of(&created.body);
    let body = json!({ "code": "XA-A", "name": "Xã A", "kind": "commune", "parent_id": district });
    let commune = id_of(
        &audited(&app, &passwords, by_admin(Method::POST, "/api/v1/org-units".into(), body, "org_unit", "create"))
            .await
            .body,
    );
    let path = format!("/api/v1/org-units/{district}");
    let rename = Change {
        if_match: etag(&app, &path).await,
        entity_id: Some(district.clone()),
        ..by_admin(Method::PATCH, path, json!({ "name": "Huyện A mới" }), "org_unit", "update")
    };
    audited(&app, &passwords, rename).await;

    // People: added, then given another position.
    let body = json!({ "org_unit_id": commune, "full_name": "Trần Văn Bình", "position": "Cán bộ" });
    let person = id_of(
        &audited(&app, &passwords, by_admin(Method::POST, "/api/v1/people".into(), body, "person", "create"))
            .await
            .body,
    );
    let path = format!("/api/v1/people/{person}");
    let promote = Change {
        if_match: etag(&app, &path).await,
        entity_id: Some(person.clone()),
        ..by_admin(Method::PATCH, path, json!({ "position": "Chủ tịch" }), "person", "update")
    };
    audited(&app, &passwords, promote).await;

    // Users: created, renamed, their password reset; then they change it themselves.
    let body = json!({
        "username": "nguoidung.a", "display_name": "Người dùng A", "role": "reporter",
        "org_unit_id": commune, "password": FIRST_PASSWORD,
    });
    let user = id_of(
        &audited(&app, &passwords, by_admin(Method::POST, "/api/v1/users".into(), body, "user", "create")).await.body,
    );
    let path = format!("/api/v1/users/{user}");
    let rename = Change {
        if_match: etag(&app, &path).await,
        entity_id: Some(user.clone()),
        ..by_admin(Method::PATCH, path, json!({ "display_name": "Người dùng A mới" }), "user", "update")
    };
    audited(&app, &passwords, rename).await;
    let body = json!({ "new_password": RESET_PASSWORD });
    let reset = Change {
        entity_id: Some(user.clone()),
        ..by_admin(Method::POST, format!("/api/v1/users/{user}/password"), body, "user", "reset_password")
    };
    audited(&app, &passwords, reset).await;
    let own_token = app.login("nguoidung.a", RESET_PASSWORD).await;
    let own_actor = format!("user:{user}");
    let body = json!({ "current_password": RESET_PASSWORD, "new_password": OWN_PASSWORD });
    let own = Change {
        token: &own_token,
        actor: &own_actor,
        entity_id: Some(user.clone()),
        ..by_admin(Method::POST, "/api/v1/me/password".into(), body, "user", "change_password")
    };
    audited(&app, &passwords, own).await;

    // Service accounts: created (with a secret shown once), then revoked.
    let body = json!({ "name": "Hệ thống huyện", "org_unit_id": district, "scopes": ["read", "import"] });
    let created = audited(
        &app,
        &passwords,
        by_admin(Method::POST, "/api/v1/service-accounts".into(), body, "service_account", "create"),
    )
    .await;
    let account = id_of(&created.body);
    let client_secret = created.body["client_secret"].as_str().expect("the secret, shown once").to_owned();
    let mut secrets: Vec<&str> = passwords.to_vec();
    secrets.push(&client_secret);
    let revoke = Change {
        entity_id: Some(account.clone()),
        ..by_admin(
            Method::POST,
            format!("/api/v1/service-accounts/{account}/revoke"),
            json!({}),
            "service_account",
            "revoke",
        )
    };
    audited(&app, &secrets, revoke).await;

    // A setting: stored, then replaced.
    for value in ["55", "60"] {
        let put = Change {
            entity_id: Some("council.quorum_percent".to_owned()),
            ..by_admin(
                Method::PUT,
                "/api/v1/settings/council.quorum_percent".into(),
                json!({ "value": value }),
                "setting",
                "put",
            )
        };
        audited(&app, &secrets, put).await;
    }

    // Nowhere in the whole log a secret.
    let all = app.admin_get("/api/v1/audit-events?limit=200").await;
    assert_eq!(all.status, 200, "{}", all.body);
    for event in all.body["items"].as_array().unwrap() {
        assert_no_secret(event, &secrets);
    }

    // An office user sees no account's events (they are the admins'), but a setting's (everyone reads settings).
    let body = json!({ "code": "VP-A", "name": "Văn phòng A", "kind": "sector", "parent_id": commune });
    let office_unit = id_of(&app.admin_json(Method::POST, "/api/v1/org-units", body).await.body);
    let body = json!({
        "username": "vanphong.a", "display_name": "Văn phòng A", "role": "office",
        "org_unit_id": office_unit, "password": OFFICE_PASSWORD,
    });
    assert_eq!(app.admin_json(Method::POST, "/api/v1/users", body).await.status, 201);
    let office = app.login("vanphong.a", OFFICE_PASSWORD).await;
    assert!(log_of(&app, &office, "user", &user).await.is_empty(), "a user's events are the admins'");
    assert!(log_of(&app, &office, "service_account", &account).await.is_empty(), "so are a service account's");
    let setting = log_of(&app, &office, "setting", "council.quorum_percent").await;
    assert_eq!(setting.len(), 2, "every role reads a setting's events: {setting:#?}");
}
