//! The report path's statements on PostgreSQL (issue 19): how many round
//! trips a move or a value edit takes, and that PostgreSQL keeps one plan
//! for each rather than planning it at every run. On SQLite the same moves
//! land and are recorded.

use reqwest::Method;
use serde_json::json;

use crate::reports::with_etag;
use crate::support::TestApp;
use crate::support::fixture::{Fixture, PASSWORD};

/// Issue 19: on PostgreSQL a move or a value edit takes at most two round
/// trips to the server — one statement that reads and checks it, one that
/// writes it and commits — counted by the pool's round-trip counter (`Db::round_trips`:
/// every statement sent, every statement prepared). One pooled connection,
/// so each statement is prepared once, in the first round; each move's
/// fewest round trips over three rounds is asserted (a ping of a connection
/// idle for half a second, or the principal cache's renewal, only adds).
/// On SQLite (no round trips) the same moves land and are recorded.
#[actix_web::test]
async fn a_move_or_value_edit_takes_at_most_two_round_trips_on_postgres() {
    let app = TestApp::spawn_with(|c| c.db_pool_size = 1).await;
    let f = Fixture::build(&app).await;
    let office = app.login("office", PASSWORD).await;
    let report = f.report_a.clone();
    let values = json!({ "values": [{ "criterion": "1", "achieved": true }, { "criterion": "2", "numerator": 19, "denominator": 20 }] });
    let filled = with_etag(
        &app,
        &office,
        Method::PUT,
        &format!("/api/v1/reports/{report}/values"),
        &report,
        Some(values.clone()),
    )
    .await;
    assert_eq!(filled.status, 200, "{}", filled.body);
    let mut etag = filled.header("etag").unwrap().to_owned();
    // Each round edits the values (the report is editable again after a
    // reopening), then moves the report through review.
    let steps = ["values", "submit", "return", "submit", "approve", "reopen"];
    let moves = &steps[1..];
    let mut fewest = std::collections::BTreeMap::<&str, u64>::new();
    for round in 0..3 {
        for step in steps {
            let before = app.db.round_trips();
            let mut call = if step == "values" {
                let note = format!("Lần sửa {round}");
                let edited = json!({ "values": [{ "criterion": "2", "numerator": 18 + round, "denominator": 20, "note": note }] });
                app.call(Method::PUT, &format!("/api/v1/reports/{report}/values")).json(edited)
            } else {
                app.call(Method::POST, &format!("/api/v1/reports/{report}/{step}"))
            };
            call = call.bearer(&office).header("if-match", &etag);
            if matches!(step, "return" | "reopen") {
                call = call.json(json!({ "reason": "Xem lại" }));
            }
            let moved = call.send().await;
            let trips = app.db.round_trips() - before;
            assert_eq!(moved.status, 200, "{step}: {}", moved.body);
            etag = moved.header("etag").unwrap().to_owned();
            let kept = fewest.entry(step).or_insert(u64::MAX);
            *kept = (*kept).min(trips);
        }
    }
    if app.db.backend() == "postgres" {
        assert!(fewest.values().all(|trips| *trips <= 2), "round trips per move or edit: {fewest:?}");
    } else {
        assert!(fewest.values().all(|trips| *trips == 0), "SQLite counts none: {fewest:?}");
    }
    // Every move landed whole: its history entry, its audit event and the kept totals.
    let history = app.call(Method::GET, &format!("/api/v1/reports/{report}/history")).bearer(&office).send().await.body;
    assert_eq!(history.as_array().unwrap().len(), 15, "{history}");
    let audited = app.admin_get(&format!("/api/v1/audit-events?entity=report&entity_id={report}&limit=100")).await;
    assert_eq!(audited.status, 200, "{}", audited.body);
    let audited_moves = audited.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| moves.contains(&e["action"].as_str().unwrap_or("")))
        .count();
    assert_eq!(audited_moves, 15, "{}", audited.body);
    let audited_edits =
        audited.body["items"].as_array().unwrap().iter().filter(|e| e["action"] == "put_values").count();
    assert_eq!(audited_edits, 4, "{}", audited.body);
    // The last edit landed whole: its figures and note, the others kept.
    let read = app.call(Method::GET, &format!("/api/v1/reports/{report}")).bearer(&office).send().await.body;
    let value = |code: &str| read["values"].as_array().unwrap().iter().find(|v| v["criterion_code"] == code).cloned();
    let second = value("2").expect("criterion 2 has a value");
    assert_eq!((second["numerator"].as_f64(), second["note"].as_str()), (Some(20.0), Some("Lần sửa 2")), "{read}");
    assert_eq!(value("1").expect("criterion 1 kept")["achieved"], true, "{read}");
}

/// Issue 19: PostgreSQL plans a kept statement afresh for its first five
/// runs, then keeps a generic plan unless the fresh ones looked cheaper. The
/// report path's statements must not look cheaper planned afresh, or every
/// submission pays for planning again (a fifth of the server's CPU under a
/// burst of them, when a move's totals branch was folded away). One pooled
/// connection runs every statement here; after eight rounds of review, each
/// of its statements run more than five times has run on a generic plan.
#[actix_web::test]
async fn the_report_paths_statements_keep_one_plan_on_postgres() {
    let app = TestApp::spawn_with(|c| c.db_pool_size = 1).await;
    if app.db.backend() == "postgres" {
        // The planner is shown a province's values (a million rows on the
        // page they fill), before any statement is planned: with a handful,
        // every plan is cheap and the choice is never put to the test.
        let grown = "UPDATE pg_class SET reltuples = 1000000, relpages = 1 WHERE relname IN ('report_values', 'report_values_pkey')";
        app.db
            .run(move |conn| {
                use diesel::RunQueryDsl;
                diesel::sql_query(grown).execute(conn).map_err(thidua::db::DbError::from)
            })
            .await
            .unwrap();
    }
    let f = Fixture::build(&app).await;
    let office = app.login("office", PASSWORD).await;
    let report = f.report_a.clone();
    let values = json!({ "values": [{ "criterion": "1", "achieved": true }, { "criterion": "2", "numerator": 19, "denominator": 20 }] });
    let path = format!("/api/v1/reports/{report}/values");
    let filled = with_etag(&app, &office, Method::PUT, &path, &report, Some(values)).await;
    assert_eq!(filled.status, 200, "{}", filled.body);
    let mut etag = filled.header("etag").unwrap().to_owned();
    for _ in 0..8 {
        for step in ["submit", "return"] {
            let mut call = app.call(Method::POST, &format!("/api/v1/reports/{report}/{step}"));
            call = call.bearer(&office).header("if-match", &etag);
            if step == "return" {
                call = call.json(json!({ "reason": "Xem lại" }));
            }
            let moved = call.send().await;
            assert_eq!(moved.status, 200, "{step}: {}", moved.body);
            etag = moved.header("etag").unwrap().to_owned();
        }
    }
    let history = app.call(Method::GET, &format!("/api/v1/reports/{report}/history")).bearer(&office).send().await.body;
    assert_eq!(history.as_array().unwrap().len(), 16, "{history}");
    if app.db.backend() != "postgres" {
        return;
    }
    #[derive(diesel::QueryableByName)]
    struct Planned {
        #[diesel(sql_type = diesel::sql_types::Text)]
        statement: String,
    }
    let planned = app
        .db
        .run(|conn| {
            use diesel::RunQueryDsl;
            // A list of ids (`= ANY($1)`) is rightly planned for its length.
            let afresh = "SELECT statement FROM pg_prepared_statements
                          WHERE custom_plans > 5 AND generic_plans = 0 AND statement NOT LIKE '%= ANY($1)%'";
            diesel::sql_query(afresh).load::<Planned>(conn).map_err(thidua::db::DbError::from)
        })
        .await
        .unwrap();
    let afresh: Vec<&str> = planned.iter().map(|p| p.statement.as_str()).collect();
    assert!(afresh.is_empty(), "planned afresh at every run: {afresh:#?}");
}
