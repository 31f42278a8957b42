//! The README's walk, run as a newcomer would paste it: every shell block
//! marked `<!-- walk -->`, in order, in one shell, against a fresh demo
//! server — its accounts' passwords read from what `thidua demo` printed.

use std::path::Path;
use std::process::{Command, Output};

use secrecy::ExposeSecret;
use thidua::config::DatabaseUrl;

use crate::support::{ADMIN_PASSWORD, TestApp, TestDatabase, test_config};

const README: &str = include_str!("../../README.md");
/// The line that marks the next shell block as part of the walk.
const MARK: &str = "<!-- walk -->";
/// Where the README's blocks expect the server.
const README_SERVER: &str = "http://127.0.0.1:8080";

/// The marked blocks' text, in the README's order.
fn walk_blocks(readme: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut lines = readme.lines();
    while let Some(line) = lines.next() {
        if line.trim() != MARK {
            continue;
        }
        assert_eq!(lines.next(), Some("```sh"), "a walk mark stands right above a ```sh block");
        let block: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
        blocks.push(block.join("\n"));
    }
    blocks
}

/// Runs `blocks` in one bash, in `dir`, against `base`. Any command that
/// fails stops it, and so does any error answer: `curl` is given
/// `--fail-with-body`, which a newcomer's plain `curl -s` lacks.
fn run(blocks: &[String], base: &str, dir: &Path) -> Output {
    let mut script = String::from("set -euo pipefail\ncurl() { command curl --fail-with-body --show-error \"$@\"; }\n");
    for (i, block) in blocks.iter().enumerate() {
        script.push_str(&format!("echo '== walk block {}' >&2\n", i + 1));
        script.push_str(&block.replace(README_SERVER, base));
        script.push('\n');
    }
    Command::new("bash").arg("-c").arg(script).current_dir(dir).output().expect("bash runs")
}

fn shown(output: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[actix_web::test]
async fn the_readme_walk_runs_top_to_bottom_on_a_fresh_demo() {
    let blocks = walk_blocks(README);
    assert!(blocks.len() >= 4, "the walk's blocks are marked: {}", blocks.len());

    // `cargo run --release -- demo > demo-accounts.txt`, on a fresh database.
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().to_owned();
    let database = TestDatabase::create(folder.join("thidua.db"));
    let url = match database.url() {
        DatabaseUrl::Sqlite(path) => format!("sqlite://{}", path.display()),
        DatabaseUrl::Postgres(url) => url.expose_secret().to_owned(),
    };
    let demo = Command::new(env!("CARGO_BIN_EXE_thidua"))
        .arg("demo")
        .env("DATABASE_URL", url)
        .env("THIDUA_DATA_DIR", &folder)
        .env("THIDUA_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    assert!(demo.status.success(), "{}", shown(&demo));
    std::fs::write(folder.join("demo-accounts.txt"), &demo.stdout).unwrap();
    let config = test_config(&folder, database.url());
    let app = TestApp::start(config, database, dir).await;

    // The shell waits on the server, which answers on this thread's runtime.
    let (base, at) = (app.base.clone(), folder.clone());
    let walked = actix_web::rt::task::spawn_blocking(move || run(&blocks, &base, &at)).await.unwrap();
    assert!(walked.status.success(), "{}", shown(&walked));

    // What the walk did is there: the report approved after a return, the
    // export an XLSX file, the plan reused as a draft.
    let units = app.admin_get("/api/v1/org-units?code=DT-DTN").await;
    let unit = units.body["items"][0]["id"].as_str().unwrap().to_owned();
    let reports = app.admin_get(&format!("/api/v1/reports?org_unit_id={unit}&period_id=2023Q4")).await;
    let report = &reports.body["items"][0];
    assert_eq!((&report["status"], &report["version"]), (&"approved".into(), &7.into()), "{}", reports.body);
    let history = app.admin_get(&format!("/api/v1/reports/{}/history", report["id"].as_str().unwrap())).await;
    let moves: Vec<&str> = history.body.as_array().unwrap().iter().map(|m| m["to_status"].as_str().unwrap()).collect();
    assert_eq!(moves, ["submitted", "returned", "submitted", "approved"], "{}", history.body);
    let xlsx = std::fs::read(folder.join("scoreboard-2023Q4.xlsx")).unwrap();
    assert!(xlsx.starts_with(b"PK"), "an XLSX file is a zip");
    let drafts = app.admin_get("/api/v1/campaigns?code=07/KH-UBND").await;
    assert_eq!(drafts.body["items"][0]["status"], "draft", "{}", drafts.body);
    let stdout = String::from_utf8_lossy(&walked.stdout);
    assert!(stdout.contains("vanphong office Văn phòng – Thống kê"), "{stdout}");
    assert!(stdout.contains("2023Q4 approved"), "{stdout}");

    // And the walk would fail on an error answer: signing in with a wrong password.
    let (base, at) = (app.base.clone(), folder.clone());
    let wrong = vec![format!(
        "curl -s {README_SERVER}/api/v1/auth/token -H 'content-type: application/json' \
         -d '{{\"username\":\"vanphong\",\"password\":\"not-it\"}}'"
    )];
    let refused = actix_web::rt::task::spawn_blocking(move || run(&wrong, &base, &at)).await.unwrap();
    assert!(!refused.status.success(), "{}", shown(&refused));
    assert!(String::from_utf8_lossy(&refused.stdout).contains("invalid_grant"), "{}", shown(&refused));
}
