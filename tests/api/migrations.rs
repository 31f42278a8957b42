use thidua::app::prepare_database;

use crate::support::TestApp;

/// Migrations ran at start; running them again applies nothing and keeps
/// the data (the installation id included).
#[actix_web::test]
async fn migrations_are_idempotent() {
    let app = TestApp::spawn().await;
    let before = app.admin_get("/api/v1/settings/instance.id").await;
    assert_eq!(before.status, 200);

    let config = app.config.clone();
    let applied = actix_web::rt::task::spawn_blocking(move || {
        let first = prepare_database(&config).expect("second run");
        let second = prepare_database(&config).expect("third run");
        (first, second)
    })
    .await
    .unwrap();
    assert_eq!(applied, (vec![], vec![]));

    let after = app.admin_get("/api/v1/settings/instance.id").await;
    assert_eq!(after.body["value"], before.body["value"]);
}
