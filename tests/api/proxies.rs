//! Behind a reverse proxy: only a trusted proxy's forwarding headers name
//! the client, and that one address is what the login throttle counts and
//! the audit log records. The headers sent here are the ones the README's
//! nginx and Caddy configurations (deploy/) make those proxies send.

use reqwest::Method;
use serde_json::json;

use crate::support::{ADMIN_PASSWORD, Answer, TestApp};

const ATTACKER: &str = "203.0.113.7";
const NEIGHBOUR: &str = "198.51.100.9";

/// The test client connects from the loopback address: trusting it makes
/// the test client a proxy.
async fn behind_proxy() -> TestApp {
    TestApp::spawn_with(|c| c.trusted_proxies = "127.0.0.1, ::1".parse().unwrap()).await
}

async fn sign_in(app: &TestApp, username: &str, password: &str, headers: &[(&str, &str)]) -> Answer {
    let mut call =
        app.call(Method::POST, "/api/v1/auth/token").json(json!({ "username": username, "password": password }));
    for (name, value) in headers {
        call = call.header(name, value);
    }
    call.send().await
}

/// As many failures as the per-address throttle allows, each on another
/// (unknown) account, so no account's own count grows past one.
async fn flood(app: &TestApp, headers: &[(&str, &str)]) {
    for n in 0..app.config.auth.login_max_failures_per_address {
        let failed = sign_in(app, &format!("nobody{n}"), "wrong", headers).await;
        assert_eq!(failed.status, 400, "{}", failed.body);
    }
}

#[actix_web::test]
async fn a_flood_from_one_forwarded_address_delays_that_address_only() {
    let app = behind_proxy().await;
    // nginx's `$proxy_add_x_forwarded_for`: what came in, then the peer it saw.
    flood(&app, &[("x-forwarded-for", &format!("10.9.9.9, {ATTACKER}"))]).await;

    let attacker = sign_in(&app, "admin", ADMIN_PASSWORD, &[("x-forwarded-for", ATTACKER)]).await;
    attacker.assert_problem(429, "too_many_attempts");
    assert!(attacker.header("retry-after").is_some());
    // Another client behind the same proxy signs in at once, with either header.
    let neighbour = sign_in(&app, "admin", ADMIN_PASSWORD, &[("x-forwarded-for", NEIGHBOUR)]).await;
    assert_eq!(neighbour.status, 200, "{}", neighbour.body);
    let forwarded = sign_in(&app, "admin", ADMIN_PASSWORD, &[("forwarded", "for=192.0.2.60;proto=https")]).await;
    assert_eq!(forwarded.status, 200, "{}", forwarded.body);
    // A client forging the attacker's address in front of its own is still itself.
    let forging =
        sign_in(&app, "admin", ADMIN_PASSWORD, &[("x-forwarded-for", &format!("{ATTACKER}, {NEIGHBOUR}"))]).await;
    assert_eq!(forging.status, 200, "{}", forging.body);
}

#[actix_web::test]
async fn without_a_trusted_proxy_forged_headers_change_nothing() {
    let app = TestApp::spawn().await;
    flood(&app, &[("x-forwarded-for", ATTACKER)]).await;
    // Every request came from the loopback peer, whatever it claimed.
    for headers in [[("x-forwarded-for", NEIGHBOUR)], [("forwarded", "for=192.0.2.60")]] {
        sign_in(&app, "admin", ADMIN_PASSWORD, &headers).await.assert_problem(429, "too_many_attempts");
    }
}

/// The client address of the newest audit event of a setting.
async fn audited_address(app: &TestApp, key: &str) -> serde_json::Value {
    let events = app.admin_get(&format!("/api/v1/audit-events?entity=setting&entity_id={key}&limit=100")).await;
    assert_eq!(events.status, 200, "{}", events.body);
    events.body["items"].as_array().unwrap().last().expect("an event")["client_address"].clone()
}

#[actix_web::test]
async fn the_audit_log_records_the_forwarded_client() {
    let app = behind_proxy().await;
    let put = |value: &'static str, headers: Vec<(&'static str, String)>| {
        let mut call = app
            .call(Method::PUT, "/api/v1/settings/nominations.posting_working_days")
            .bearer(&app.admin)
            .json(json!({ "value": value }));
        for (name, v) in headers {
            call = call.header(name, &v);
        }
        call.send()
    };
    let changed = put("1", vec![("x-forwarded-for", format!("10.1.2.3, {ATTACKER}"))]).await;
    assert!(changed.status == 200 || changed.status == 201, "{}", changed.body);
    assert_eq!(audited_address(&app, "nominations.posting_working_days").await, json!(ATTACKER));

    // Malformed headers are ignored whole: the peer is the client, never a 500.
    for (name, bad) in [
        ("forwarded", "for=garbage"),
        ("x-forwarded-for", "1.2.3.4, not-an-address"),
        ("forwarded", "for=\"[2001:db8::1\""),
        ("x-forwarded-for", "999.999.1.1"),
    ] {
        let changed = put("2", vec![(name, bad.to_owned())]).await;
        assert!(changed.status == 200 || changed.status == 201, "{name}: {bad}: {}", changed.body);
        assert_eq!(
            audited_address(&app, "nominations.posting_working_days").await,
            json!("127.0.0.1"),
            "{name}: {bad}"
        );
    }

    // Untrusted, the same headers are not believed.
    let app = TestApp::spawn().await;
    let changed = app
        .call(Method::PUT, "/api/v1/settings/nominations.posting_working_days")
        .bearer(&app.admin)
        .header("x-forwarded-for", ATTACKER)
        .json(json!({ "value": "3" }))
        .send()
        .await;
    assert!(changed.status == 200 || changed.status == 201, "{}", changed.body);
    assert_eq!(audited_address(&app, "nominations.posting_working_days").await, json!("127.0.0.1"));
}

/// The proxy configurations the README shows are the files in deploy/, and
/// they send the headers these tests send.
#[test]
fn the_readme_shows_the_proxy_configurations_the_tests_use() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let nginx = std::fs::read_to_string(root.join("deploy/nginx.conf")).unwrap();
    let caddy = std::fs::read_to_string(root.join("deploy/Caddyfile")).unwrap();
    assert!(readme.contains(&nginx), "the README shows deploy/nginx.conf as it is");
    assert!(readme.contains(&caddy), "the README shows deploy/Caddyfile as it is");
    assert!(nginx.contains("proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;"));
    assert!(nginx.contains("proxy_set_header X-Forwarded-Proto $scheme;"));
    // Caddy's reverse_proxy sets X-Forwarded-For and -Proto itself.
    assert!(caddy.contains("reverse_proxy"));
}

/// `docker compose --profile proxy up` puts Caddy at the address thidua trusts.
#[test]
fn the_compose_file_has_a_valid_proxy_profile() {
    use yaml_rust2::{Yaml, YamlLoader};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("docker-compose.yml")).unwrap();
    let docs = YamlLoader::load_from_str(&text).expect("docker-compose.yml is YAML");
    let services = &docs[0]["services"];
    let proxy = &services["proxy"];
    assert_eq!(proxy["profiles"][0].as_str(), Some("proxy"), "the proxy is optional");
    assert!(services["thidua"]["profiles"].is_badvalue(), "thidua runs without the profile");
    let address = proxy["networks"]["default"]["ipv4_address"].as_str().expect("the proxy's fixed address");
    let trusted = services["thidua"]["environment"]["THIDUA_TRUSTED_PROXIES"].as_str().expect("the setting filled in");
    let proxies: thidua::domain::forwarded::TrustedProxies = trusted.parse().unwrap();
    assert!(proxies.trusts(address.parse().unwrap()), "thidua trusts the proxy's address");
    let subnet = docs[0]["networks"]["default"]["ipam"]["config"][0]["subnet"].as_str().unwrap();
    let subnet: thidua::domain::forwarded::TrustedProxies = subnet.parse().unwrap();
    assert!(subnet.trusts(address.parse().unwrap()), "the address lies in the network");
    let mounts: Vec<&str> = proxy["volumes"].as_vec().unwrap().iter().filter_map(Yaml::as_str).collect();
    assert!(mounts.contains(&"./deploy/Caddyfile:/etc/caddy/Caddyfile:ro"), "{mounts:?}");
    assert_eq!(proxy["environment"]["THIDUA_UPSTREAM"].as_str(), Some("thidua:8080"));
}
