//! The totals each unit keeps for the whole-campaign board (`unit_totals`,
//! written by every move): after approvals, a reopening, a re-approval and a
//! return, the whole campaign's board — read from the kept totals — equals
//! the board of its one counted period, which sums the reports themselves;
//! and so does the preview, which counts the reports awaiting review too.

use reqwest::Method;
use serde_json::{Value, json};

use crate::reports::{as_user, with_etag};
use crate::scoreboard::{APPROVED, Plan, RETURNED, SUBMITTED, scored};
use crate::support::TestApp;

/// The units' lines of the whole campaign's board (`view`: "scoreboard" or
/// "scoreboard/preview") and of its period's, which must be the same.
async fn both_boards(app: &TestApp, plan: &Plan, view: &str) -> (Value, Value) {
    let base = format!("/api/v1/campaigns/{}/{view}", plan.campaign);
    let whole = app.call(Method::GET, &base).bearer(&plan.office).send().await;
    assert_eq!(whole.status, 200, "{}", whole.body);
    // The quarter is the campaign's only period with results, and not yet due: the one counted.
    assert_eq!(whole.body["periods"], json!([plan.period]), "{}", whole.body);
    let period = app.call(Method::GET, &format!("{base}?period={}", plan.period)).bearer(&plan.office).send().await;
    assert_eq!(period.status, 200, "{}", period.body);
    (whole.body["units"].clone(), period.body["units"].clone())
}

/// The kept totals against the reports, on both views; answers the board's units.
async fn assert_kept_equal_recomputed(app: &TestApp, plan: &Plan, after: &str) -> Value {
    let (kept, recomputed) = both_boards(app, plan, "scoreboard/preview").await;
    assert_eq!(kept, recomputed, "preview after {after}");
    let (kept, recomputed) = both_boards(app, plan, "scoreboard").await;
    assert_eq!(kept, recomputed, "board after {after}");
    kept
}

fn line<'a>(units: &'a Value, code: &str) -> &'a Value {
    units.as_array().unwrap().iter().find(|u| u["code"] == code).unwrap()
}

#[actix_web::test]
async fn the_kept_unit_totals_equal_the_reports_after_every_move() {
    let app = TestApp::spawn().await;
    let (plan, _, reports) = scored(&app).await;
    let report = |code: &str| reports.iter().find(|(c, _)| c == code).unwrap().1.clone();
    let units = assert_kept_equal_recomputed(&app, &plan, "three approvals").await;
    let first = line(&units, APPROVED[0]);
    assert_eq!((first["reports"]["approved"].as_i64(), first["reports"]["submitted"].as_i64()), (Some(1), Some(1)));
    assert_eq!(line(&units, SUBMITTED)["reports"]["awaiting_review"], 1);
    let full_score = first["score"].clone();
    assert_ne!(full_score, json!(0.0), "{units}");

    // Reopened: its values leave the approved totals.
    let chairman = as_user(&app, &plan.passwords, "chutich").await;
    let reopened = report(APPROVED[0]);
    let path = format!("/api/v1/reports/{reopened}/reopen");
    let moved =
        with_etag(&app, &chairman, Method::POST, &path, &reopened, Some(json!({ "reason": "Sai số liệu" }))).await;
    assert_eq!(moved.status, 200, "{}", moved.body);
    let units = assert_kept_equal_recomputed(&app, &plan, "a reopening").await;
    let first = line(&units, APPROVED[0]);
    assert_eq!((first["reports"]["approved"].as_i64(), first["score"].as_f64()), (Some(0), Some(0.0)), "{units}");

    // Submitted again (not a first submission: the counts of submitted and on time stay) and approved again.
    for step in ["submit", "approve"] {
        let path = format!("/api/v1/reports/{reopened}/{step}");
        let moved = with_etag(&app, &plan.office, Method::POST, &path, &reopened, None).await;
        assert_eq!(moved.status, 200, "{step}: {}", moved.body);
        let units = assert_kept_equal_recomputed(&app, &plan, step).await;
        assert_eq!(line(&units, APPROVED[0])["reports"]["submitted"], 1, "{units}");
    }
    let units = assert_kept_equal_recomputed(&app, &plan, "a re-approval").await;
    assert_eq!(line(&units, APPROVED[0])["score"], full_score);

    // The report awaiting review returned, and the returned one submitted and approved.
    let waiting = report(SUBMITTED);
    let path = format!("/api/v1/reports/{waiting}/return");
    let moved =
        with_etag(&app, &plan.office, Method::POST, &path, &waiting, Some(json!({ "reason": "Thiếu số liệu" }))).await;
    assert_eq!(moved.status, 200, "{}", moved.body);
    assert_kept_equal_recomputed(&app, &plan, "a return").await;
    let returned = report(RETURNED);
    for step in ["submit", "approve"] {
        let path = format!("/api/v1/reports/{returned}/{step}");
        let moved = with_etag(&app, &plan.office, Method::POST, &path, &returned, None).await;
        assert_eq!(moved.status, 200, "{step}: {}", moved.body);
    }
    let units = assert_kept_equal_recomputed(&app, &plan, "approving the returned report").await;
    assert_eq!(line(&units, RETURNED)["reports"]["approved"], 1);
    assert_eq!(line(&units, SUBMITTED)["reports"]["awaiting_review"], 0);
}
