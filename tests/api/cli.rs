//! The `thidua` command itself.

use std::process::Command;

use secrecy::ExposeSecret;
use serde_json::Value;
use thidua::cli;
use thidua::config::DatabaseUrl;

use crate::support::{TestApp, TestDatabase};

fn thidua() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_thidua"));
    command.env_remove("DATABASE_URL").env("RUST_LOG", "warn");
    command
}

/// A fresh database for the command line, and its `DATABASE_URL`.
fn fresh_database(dir: &tempfile::TempDir) -> (TestDatabase, String) {
    let database = TestDatabase::create(dir.path().join("cli.db"));
    let url = match database.url() {
        DatabaseUrl::Sqlite(path) => format!("sqlite://{}", path.display()),
        DatabaseUrl::Postgres(url) => url.expose_secret().to_owned(),
    };
    (database, url)
}

#[test]
fn a_bad_setting_stops_start_up_naming_the_variable() {
    for (variable, value) in [
        ("DATABASE_URL", "mysql://root@localhost/thidua"),
        ("THIDUA_BIND", "not-an-address"),
        ("THIDUA_LOG_FORMAT", "xml"),
        ("THIDUA_MAX_BODY_BYTES", "lots"),
    ] {
        let output = thidua().arg("serve").env(variable, value).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{variable}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(variable), "{variable}: {stderr}");
    }
}

#[test]
fn an_unknown_database_scheme_creates_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let output = thidua().arg("migrate").current_dir(dir.path()).env("DATABASE_URL", "thidua.db").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "no SQLite file named after the typo");
}

#[test]
fn openapi_prints_the_committed_document() {
    let output = thidua().arg("openapi").output().unwrap();
    assert!(output.status.success());
    assert_eq!(String::from_utf8(output.stdout).unwrap(), include_str!("../../openapi/openapi.json"));
}

#[test]
fn migrate_applies_once_then_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (_database, url) = fresh_database(&dir);
    let run = || {
        let output = thidua().arg("migrate").env("DATABASE_URL", &url).output().unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    };
    let applied: usize = run().split(' ').next().unwrap().parse().unwrap();
    assert_eq!(applied, std::fs::read_dir("migrations/sqlite").unwrap().count(), "every migration, once");
    assert!(run().starts_with("0 migration(s) applied"));
}

#[test]
fn settings_can_be_set_and_read_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let (_database, url) = fresh_database(&dir);
    let run = |args: &[&str]| thidua().args(args).env("DATABASE_URL", &url).output().unwrap();
    let default = run(&["settings", "get", "council.pass_percent"]);
    assert_eq!(String::from_utf8(default.stdout).unwrap(), "70\n", "the default while none is stored");
    assert!(run(&["settings", "set", "evidence.max_bytes", "2340000"]).status.success());
    let got = run(&["settings", "get", "evidence.max_bytes"]);
    assert_eq!(String::from_utf8(got.stdout).unwrap(), "2340000\n");
    let listed = String::from_utf8(run(&["settings", "list"]).stdout).unwrap();
    assert!(listed.lines().any(|l| l == "evidence.max_bytes\t2340000"), "{listed}");
    assert_eq!(listed.lines().count(), 7, "every known setting: {listed}");
    let bad = run(&["settings", "set", "Bad Key", "x"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("Bad Key"));
    let lots = run(&["settings", "set", "evidence.max_bytes", "lots"]);
    assert!(!lots.status.success());
    assert!(String::from_utf8_lossy(&lots.stderr).contains("value: The value must be a whole number"));
    let missing = run(&["settings", "get", "nope"]);
    assert!(!missing.status.success());
}

/// `thidua` with no settings at all serves on the embedded SQLite default
/// (created under ./data), and SIGTERM stops it cleanly.
#[test]
fn serve_uses_the_sqlite_default_and_stops_on_sigterm() {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpStream;

    let dir = tempfile::tempdir().unwrap();
    let mut child = thidua()
        .current_dir(dir.path())
        .env("THIDUA_BIND", "127.0.0.1:0")
        .env("THIDUA_LOG_FORMAT", "json")
        .env("RUST_LOG", "info")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let event = crate::support::subprocess::listening(&mut lines);
    assert_eq!(event["database"], "sqlite://./data/thidua.db");
    let addr = event["addr"].as_str().unwrap().to_owned();
    assert!(dir.path().join("data/thidua.db").exists(), "the SQLite file is created on first run");

    let mut stream = TcpStream::connect(&addr).unwrap();
    stream.write_all(b"GET /readyz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");

    let term = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(term.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "exits cleanly on SIGTERM: {status}");
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    assert!(rest.iter().any(|l| l.contains("\"stopped\"")), "{rest:?}");
}

/// The first start creates the admin with a generated password, written to
/// the log once; `thidua user` creates accounts and sets passwords.
#[test]
fn first_start_and_user_commands() {
    use std::io::Write;

    let dir = tempfile::tempdir().unwrap();
    let (_database, url) = fresh_database(&dir);
    let run = |args: &[&str], stdin: &str| {
        let mut child = thidua()
            .args(args)
            .env("DATABASE_URL", &url)
            .env("THIDUA_DATA_DIR", dir.path())
            .env("RUST_LOG", "info")
            .env_remove("THIDUA_ADMIN_PASSWORD")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    };
    let first = run(&["migrate"], "");
    let log = String::from_utf8_lossy(&first.stderr);
    assert!(log.contains("generated password") && log.contains("password="), "{log}");
    let second = run(&["migrate"], "");
    assert!(!String::from_utf8_lossy(&second.stderr).contains("password="), "written once");

    let created = run(
        &[
            "user",
            "create",
            "--username",
            "vanphong",
            "--display-name",
            "Phạm Thị Lan",
            "--role",
            "admin",
            "--org-unit",
            "ROOT",
        ],
        "mật khẩu dòng lệnh đủ dài\n",
    );
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
    let weak = run(
        &["user", "create", "--username", "yeu", "--display-name", "Yếu", "--role", "admin", "--org-unit", "ROOT"],
        "short\n",
    );
    assert!(!weak.status.success());
    assert!(String::from_utf8_lossy(&weak.stderr).contains("password"));
    let listed = String::from_utf8(run(&["user", "list"], "").stdout).unwrap();
    assert!(
        listed.contains("admin\tadmin\tactive") && listed.contains("vanphong\tadmin\tactive\tPhạm Thị Lan"),
        "{listed}"
    );
    let passwd = run(&["user", "passwd", "vanphong"], "một mật khẩu khác đủ dài\n");
    assert!(passwd.status.success(), "{}", String::from_utf8_lossy(&passwd.stderr));
    let missing = run(&["user", "passwd", "nobody"], "một mật khẩu khác đủ dài\n");
    assert!(!missing.status.success());
}

/// Runs a command's function as `thidua` runs it, off the test's async
/// workers: the command starts a runtime of its own.
async fn command<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(work).await.expect("the command does not panic")
}

/// The log of one record, as the admin reads it.
async fn log_of(app: &TestApp, entity: &str, id: &str) -> Vec<Value> {
    let answer = app.admin_get(&format!("/api/v1/audit-events?entity={entity}&entity_id={id}&limit=200")).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.body["items"].as_array().unwrap().clone()
}

/// The id of the account with `username`, as the admin lists it.
async fn user_id(app: &TestApp, username: &str) -> Option<String> {
    let users = app.admin_get("/api/v1/users?limit=200").await.body;
    users["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == username)
        .map(|u| u["id"].as_str().unwrap().to_owned())
}

/// `user create`, `user passwd` and `settings set` go through the use cases
/// the API calls, so each change is audited once, as the operator at the
/// machine (`system`), with no password or hash in the log.
#[actix_web::test]
async fn the_commands_that_change_a_record_are_audited_as_the_system() {
    const FIRST: &str = "mật khẩu dòng lệnh đủ dài";
    const SECOND: &str = "một mật khẩu khác đủ dài";
    let app = TestApp::spawn().await;
    let config = app.config.clone();
    let created = command(move || {
        let email = Some("Lan@DaiThang.gov.vn");
        cli::user_create(&config, "VanPhong", "Phạm Thị Lan", "admin", "ROOT", email, format!("{FIRST}\n").as_bytes())
    })
    .await;
    assert_eq!(created, Ok(()));
    let id = user_id(&app, "vanphong").await.expect("created, its username in lower case as the API stores it");
    app.login("vanphong", FIRST).await;
    assert_eq!(app.admin_get(&format!("/api/v1/users/{id}")).await.body["email"], "Lan@daithang.gov.vn");

    let config = app.config.clone();
    let changed = command(move || cli::user_passwd(&config, "vanphong", format!("{SECOND}\n").as_bytes())).await;
    assert_eq!(changed, Ok(()));
    app.login("vanphong", SECOND).await;

    let log = log_of(&app, "user", &id).await;
    let actions: Vec<&str> = log.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["create", "reset_password"], "one event per change: {log:#?}");
    for event in &log {
        assert_eq!(event["actor"], "system", "{event}");
        assert!(event["request_id"].as_str().unwrap().starts_with("cli:"), "{event}");
        assert_eq!(event["after"]["username"], "vanphong", "{event}");
        let text = event.to_string();
        for secret in [FIRST, SECOND, "$argon2", "password_hash"] {
            assert!(!text.contains(secret), "{secret:?} in {text}");
        }
    }
    assert_ne!(log[0]["request_id"], log[1]["request_id"], "each run is a request of its own");

    let config = app.config.clone();
    let set = command(move || cli::settings_set(&config, "evidence.max_bytes", "2340000")).await;
    assert_eq!(set, Ok(()));
    let log = log_of(&app, "setting", "evidence.max_bytes").await;
    assert_eq!(log.len(), 1, "{log:#?}");
    assert_eq!(log[0]["actor"], "system");
    assert_eq!(log[0]["action"], "put");
    assert_eq!(log[0]["after"]["value"], "2340000");
    assert!(log[0]["request_id"].as_str().unwrap().starts_with("cli:"));
}

/// The commands apply the use cases' rules, not rules of their own: what
/// the service refuses the command refuses, in the service's words, and
/// nothing is written.
#[actix_web::test]
async fn the_commands_refuse_what_the_service_refuses_in_its_words() {
    const STRONG: &str = "mật khẩu dòng lệnh đủ dài";
    let app = TestApp::spawn().await;
    let user_events = async || app.admin_get("/api/v1/audit-events?entity=user&limit=200").await.body["total"].clone();
    let events_before = user_events().await;
    let create = |username: &'static str, role: &'static str, password: &'static str| {
        let config = app.config.clone();
        command(move || {
            cli::user_create(&config, username, "Người thử", role, "ROOT", None, format!("{password}\n").as_bytes())
        })
    };

    let weak = create("yeu", "admin", "short").await.unwrap_err();
    let rule = thidua::domain::password::check_strength("short", "yeu").unwrap_err();
    assert!(weak.contains(&format!("password: The password {rule}.")), "{weak}");

    let misplaced = create("phong", "reporter", STRONG).await.unwrap_err();
    assert!(misplaced.contains("org_unit_id: A reporter cannot be bound to a root unit."), "{misplaced}");

    let taken = create("admin", "admin", STRONG).await.unwrap_err();
    assert!(taken.contains("Another account has this username."), "{taken}");

    let unknown_role = create("phong", "mayor", STRONG).await.unwrap_err();
    assert!(unknown_role.contains("role"), "{unknown_role}");

    assert_eq!(user_id(&app, "yeu").await, None);
    assert_eq!(user_id(&app, "phong").await, None);

    let config = app.config.clone();
    let weak_reset =
        command(move || cli::user_passwd(&config, "admin", "admin-12345678\n".as_bytes())).await.unwrap_err();
    let rule = thidua::domain::password::check_strength("admin-12345678", "admin").unwrap_err();
    assert!(weak_reset.contains(&format!("new_password: The password {rule}.")), "{weak_reset}");
    app.login("admin", crate::support::ADMIN_PASSWORD).await;

    let config = app.config.clone();
    let bad_key = command(move || cli::settings_set(&config, "Bad Key", "x")).await.unwrap_err();
    assert!(bad_key.contains("No setting has the key \"Bad Key\"."), "{bad_key}");
    let config = app.config.clone();
    let bad_value = command(move || cli::settings_set(&config, "council.pass_percent", "101")).await.unwrap_err();
    assert!(bad_value.contains("value: The value must be from 1 to 100."), "{bad_value}");
    let settings_log = app.admin_get("/api/v1/audit-events?entity=setting&limit=200").await.body;
    assert_eq!(settings_log["total"], 0, "{settings_log}");

    assert_eq!(user_events().await, events_before, "nothing refused is written");
}
