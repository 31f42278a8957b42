//! Bulk imports of figures by codes (`/api/v1/imports`), as JSON and CSV:
//! reports created, filled and submitted by the report API's rules; every
//! bad row listed; all or nothing, or report by report; dry runs; the
//! queued form and its worker.

use reqwest::Method;
use serde_json::{Value, json};

use crate::support::fixture::{Fixture, PASSWORD};
use crate::support::{Answer, TestApp};

const CAMPAIGN: &str = "BC/KH";

fn row(unit: &str, period: &str, criterion: &str, figures: Value) -> Value {
    let mut row = json!({ "campaign": CAMPAIGN, "unit": unit, "period": period, "criterion": criterion });
    row.as_object_mut().unwrap().extend(figures.as_object().unwrap().clone());
    row
}

async fn import_json(app: &TestApp, token: &str, query: &str, rows: Vec<Value>) -> Answer {
    app.call(Method::POST, &format!("/api/v1/imports{query}")).bearer(token).json(json!({ "rows": rows })).send().await
}

async fn import_csv(app: &TestApp, token: &str, query: &str, csv: &str) -> Answer {
    app.call(Method::POST, &format!("/api/v1/imports{query}")).bearer(token).body("text/csv", csv).send().await
}

/// The report of `unit` for the fixture's active campaign and period, if any.
async fn report_of(app: &TestApp, office: &str, f: &Fixture, unit: &str) -> Option<Value> {
    let path = format!("/api/v1/reports?campaign_id={}&org_unit_id={unit}", f.active_campaign);
    let list = app.call(Method::GET, &path).bearer(office).send().await;
    let id = list.body["items"].as_array().unwrap().iter().find(|r| r["period_id"] == f.current_period.as_str())?["id"]
        .as_str()?
        .to_owned();
    Some(app.call(Method::GET, &format!("/api/v1/reports/{id}")).bearer(office).send().await.body)
}

fn figures_of(report: &Value, criterion: &str) -> Value {
    report["values"].as_array().unwrap().iter().find(|v| v["criterion_code"] == criterion).unwrap().clone()
}

async fn import_events(app: &TestApp) -> Vec<Value> {
    let events = app.admin_get("/api/v1/audit-events?entity=report&limit=200").await;
    events.body["items"].as_array().unwrap().iter().filter(|e| e["action"] == "import").cloned().collect()
}

#[actix_web::test]
async fn a_json_import_creates_fills_and_submits_reports_and_a_repeat_changes_nothing() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let office = app.login("office", PASSWORD).await;
    let p = f.current_period.as_str();
    let rows = vec![
        row("HOI-ND", p, "1", json!({ "achieved": true })),
        row("HOI-ND", p, "2", json!({ "numerator": 19, "denominator": 20, "note": "Một cửa" })),
        row("DOAN-TN", p, "1", json!({ "achieved": false })),
        row("DOAN-TN", p, "2", json!({ "numerator": 5, "denominator": 10 })),
    ];
    let done = import_json(&app, &office, "?submit=true", rows.clone()).await;
    assert_eq!(done.status, 201, "{}", done.body);
    assert_eq!(done.body["status"], "done");
    assert_eq!(
        done.body["summary"],
        json!({ "created": 1, "updated": 1, "unchanged": 0, "ignored": 0, "conflicts": 0 }),
        "unit A's report existed; unit B's is new"
    );
    assert_eq!(done.body["rows"], 4);
    let location = done.header("location").unwrap().to_owned();
    assert_eq!(location, format!("/api/v1/imports/{}", done.body["id"].as_str().unwrap()));

    for (unit, achieved, numerator, denominator) in [(&f.unit_a, true, 19.0, 20.0), (&f.unit_b, false, 5.0, 10.0)] {
        let report = report_of(&app, &office, &f, unit).await.expect("a report");
        assert_eq!(report["status"], "submitted", "{report}");
        assert_eq!(figures_of(&report, "1")["achieved"], achieved);
        assert_eq!(figures_of(&report, "2")["numerator"], numerator);
        assert_eq!(figures_of(&report, "2")["denominator"], denominator);
    }
    // One audit event per report changed, carrying the import's id.
    let events = import_events(&app).await;
    assert_eq!(events.len(), 2, "{events:?}");
    assert!(events.iter().all(|e| e["after"]["import_id"] == done.body["id"]));

    // The import is kept; the same file again changes nothing.
    let kept = app.call(Method::GET, &location).bearer(&office).send().await;
    assert_eq!(kept.status, 200);
    assert_eq!(kept.body["summary"], done.body["summary"]);
    let again = import_json(&app, &office, "?submit=true", rows).await;
    assert_eq!(again.status, 201, "{}", again.body);
    assert_eq!(again.body["summary"]["unchanged"], 2, "{}", again.body);
    assert_eq!(import_events(&app).await.len(), 2, "nothing changed, nothing audited");
    // Another commune's office does not see it; a reporter may not import.
    let reporter = app.login("reporter.a", PASSWORD).await;
    assert_eq!(app.call(Method::GET, &location).bearer(&reporter).send().await.status, 403);
}

#[actix_web::test]
async fn a_csv_import_with_a_bom_dry_run_first_then_real() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let office = app.login("office", PASSWORD).await;
    let p = &f.current_period;
    let csv = format!(
        "\u{feff}campaign,unit,period,criterion,numerator,denominator,achieved,note\r\n\
         {CAMPAIGN},DOAN-TN,{p},1,,,true,\"đạt, có biên bản\"\r\n\
         {CAMPAIGN},DOAN-TN,{p},2,45,50,,\r\n"
    );
    let checked = import_csv(&app, &office, "?dry_run=true&submit=true", &csv).await;
    assert_eq!(checked.status, 200, "{}", checked.body);
    assert_eq!(checked.body["status"], "checked");
    assert_eq!(checked.body["summary"]["created"], 1);
    assert!(checked.header("location").is_none());
    assert!(report_of(&app, &office, &f, &f.unit_b).await.is_none(), "a dry run writes nothing");
    let checked_id = checked.body["id"].as_str().unwrap();
    assert_eq!(
        app.call(Method::GET, &format!("/api/v1/imports/{checked_id}")).bearer(&office).send().await.status,
        404
    );

    let done = import_csv(&app, &office, "?submit=true", &csv).await;
    assert_eq!(done.status, 201, "{}", done.body);
    assert_eq!(done.body["summary"], checked.body["summary"], "the dry run said what the import did");
    let report = report_of(&app, &office, &f, &f.unit_b).await.unwrap();
    assert_eq!(report["status"], "submitted");
    assert_eq!(figures_of(&report, "2")["numerator"], 45.0);
    let note =
        report["values"].as_array().unwrap().iter().find(|v| v["criterion_code"] == "1").unwrap()["note"].clone();
    assert_eq!(note, "đạt, có biên bản");

    // A header naming an unknown column is refused whole; another type is 415.
    let bad = import_csv(&app, &office, "", "campaign,unit,period,criterion,colour\n").await;
    assert_eq!(bad.assert_problem(422, "validation_failed")["errors"][0]["code"], "unknown_column");
    let xml = app.call(Method::POST, "/api/v1/imports").bearer(&office).body("application/xml", "<rows/>").send().await;
    xml.assert_problem(415, "unsupported_media_type");
}

#[actix_web::test]
async fn bad_rows_are_each_listed_and_all_or_nothing_writes_nothing() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let office = app.login("office", PASSWORD).await;
    let p = f.current_period.clone();
    // A period of the campaign locked by now, if it has one.
    let periods =
        app.call(Method::GET, &format!("/api/v1/campaigns/{}/periods", f.active_campaign)).bearer(&office).send().await;
    let today = thidua::domain::today().to_string();
    let locked = periods
        .body
        .as_array()
        .or(periods.body["items"].as_array())
        .unwrap()
        .iter()
        .find(|period| period["locks_after"].as_str().unwrap() < today.as_str())
        .map(|period| period["id"].as_str().unwrap().to_owned());
    let csv_rows = [
        format!("{CAMPAIGN},NO-SUCH-UNIT,{p},1,,,true"), // 1: unknown unit
        format!("{CAMPAIGN},DOAN-TN,{p},9.9,,,true"),    // 2: unknown criterion
        format!("{CAMPAIGN},DOAN-TN,{p},2,30,20,"),      // 3: numerator > denominator
        format!("{CAMPAIGN},KHAC-TP,{p},1,,,true"),      // 4: a unit outside the caller's scope
        format!("{CAMPAIGN},HOI-ND,{p},2,abc,20,"),      // 5: a malformed number
        format!("{CAMPAIGN},HOI-ND,{p},1,,,true"),       // 6: a duplicate row…
        format!("{CAMPAIGN},HOI-ND,{p},1,,,true"),       // 7: …of this one
        format!("NO/SUCH,HOI-ND,{p},1,,,true"),          // 8: unknown campaign
        format!("{CAMPAIGN},DOAN-TN,{},1,,,true", locked.clone().unwrap_or_else(|| p.clone())), // 9: a locked period
    ];
    let csv = format!("campaign,unit,period,criterion,numerator,denominator,achieved\n{}\n", csv_rows.join("\n"));
    let refused = import_csv(&app, &office, "", &csv).await;
    let problem = refused.assert_problem(422, "validation_failed");
    let errors: Vec<(String, String)> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap().to_owned(), e["code"].as_str().unwrap().to_owned()))
        .collect();
    let has = |field: &str, code: &str| errors.iter().any(|(f, c)| f == field && c == code);
    assert!(has("rows[1].unit", "not_found"), "{errors:?}");
    assert!(has("rows[2].criterion", "not_applicable"), "{errors:?}");
    assert!(
        has("rows[3].numerator", "exceeds_denominator") || errors.iter().any(|(f, _)| f == "rows[3].numerator"),
        "{errors:?}"
    );
    assert!(has("rows[4].unit", "not_found"), "{errors:?}");
    assert!(has("rows[5].numerator", "invalid"), "{errors:?}");
    assert!(has("rows[6].criterion", "duplicate") && has("rows[7].criterion", "duplicate"), "{errors:?}");
    assert!(has("rows[8].campaign", "not_found"), "{errors:?}");
    if locked.is_some() {
        assert!(has("rows[9].period", "period_locked"), "{errors:?}");
    }
    assert!(report_of(&app, &office, &f, &f.unit_b).await.is_none(), "nothing written");
    assert!(import_events(&app).await.is_empty());
    let reports = app.call(Method::GET, "/api/v1/reports").bearer(&office).send().await;
    assert_eq!(reports.body["total"], 1, "only the fixture's report");

    // A dry run reports the same problems, in a 200.
    let checked = import_csv(&app, &office, "?dry_run=true", &csv).await;
    assert_eq!(checked.status, 200, "{}", checked.body);
    assert_eq!(checked.body["problems"].as_array().unwrap().len(), errors.len());

    // Report by report: the good report is written, the others listed.
    let good = format!("{CAMPAIGN},DOAN-TN,{p},2,18,20,");
    let mixed = format!("campaign,unit,period,criterion,numerator,denominator,achieved\n{}\n{good}\n", csv_rows[0]);
    let partly = import_csv(&app, &office, "?atomic=false", &mixed).await;
    assert_eq!(partly.status, 201, "{}", partly.body);
    assert_eq!(partly.body["summary"]["created"], 1);
    assert_eq!(partly.body["summary"]["conflicts"], 1);
    assert_eq!(partly.body["problems"][0]["row"], 1);
    assert_eq!(figures_of(&report_of(&app, &office, &f, &f.unit_b).await.unwrap(), "2")["numerator"], 18.0);
}

#[actix_web::test]
async fn strategies_ignore_what_they_leave_and_a_key_imports_once() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let office = app.login("office", PASSWORD).await;
    let p = f.current_period.as_str();
    let rows =
        vec![row("HOI-ND", p, "1", json!({ "achieved": true })), row("DOAN-TN", p, "1", json!({ "achieved": true }))];
    let create_only = import_json(&app, &office, "?strategy=create_only&dry_run=true", rows.clone()).await;
    assert_eq!(create_only.body["summary"]["created"], 1, "{}", create_only.body);
    assert_eq!(create_only.body["summary"]["ignored"], 1, "unit A's report exists");
    let update_only = import_json(&app, &office, "?strategy=update_only&dry_run=true", rows.clone()).await;
    assert_eq!(update_only.body["summary"]["updated"], 1, "{}", update_only.body);
    assert_eq!(update_only.body["summary"]["ignored"], 1, "unit B has none");

    let send = || {
        app.call(Method::POST, "/api/v1/imports")
            .bearer(&office)
            .header("idempotency-key", "nhap-1")
            .json(json!({ "rows": rows.clone() }))
            .send()
    };
    let first = send().await;
    assert_eq!(first.status, 201, "{}", first.body);
    let again = send().await;
    assert_eq!(again.status, 201);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.body["id"], first.body["id"]);
    assert_eq!(import_events(&app).await.len(), 2, "imported once");
}

#[actix_web::test]
async fn a_service_account_with_the_import_scope_imports_within_its_subtree() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let created = app
        .admin_json(
            Method::POST,
            "/api/v1/service-accounts",
            json!({ "name": "Một cửa", "org_unit_id": f.commune, "scopes": ["import"] }),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let token = app
        .call(Method::POST, "/api/v1/auth/token")
        .json(json!({ "client_id": created.body["client_id"], "client_secret": created.body["client_secret"] }))
        .send()
        .await
        .body["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let p = f.current_period.as_str();
    let done =
        import_json(&app, &token, "", vec![row("DOAN-TN", p, "2", json!({ "numerator": 9, "denominator": 10 }))]).await;
    assert_eq!(done.status, 201, "{}", done.body);
    assert_eq!(done.body["summary"]["created"], 1);
    let outside = import_json(&app, &token, "", vec![row("KHAC-TP", p, "1", json!({ "achieved": true }))]).await;
    assert_eq!(outside.assert_problem(422, "validation_failed")["errors"][0]["field"], "rows[1].unit");
    // A read-only service account may not.
    let read_only = f.service_token(&app).await;
    import_json(&app, &read_only, "", vec![]).await.assert_problem(403, "forbidden");
}

async fn wait_for(app: &TestApp, token: &str, location: &str) -> Value {
    for _ in 0..200 {
        let view = app.call(Method::GET, location).bearer(token).send().await;
        assert_eq!(view.status, 200, "{}", view.body);
        if !["queued", "running"].contains(&view.body["status"].as_str().unwrap()) {
            return view.body;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the import did not finish");
}

#[actix_web::test]
async fn a_large_import_is_queued_and_the_worker_finishes_it() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let office = app.login("office", PASSWORD).await;
    let setting = app.admin_put("/api/v1/settings/imports.async_above_rows", json!({ "value": "1" })).await;
    assert_eq!(setting.status, 200, "{}", setting.body);
    let p = f.current_period.as_str();
    let rows = vec![
        row("DOAN-TN", p, "1", json!({ "achieved": true })),
        row("DOAN-TN", p, "2", json!({ "numerator": 7, "denominator": 7 })),
    ];
    for query in ["?atomic=false", "?submit=true"] {
        let queued = import_json(&app, &office, query, rows.clone()).await;
        assert_eq!(queued.status, 202, "{}", queued.body);
        assert_eq!(queued.body["status"], "queued");
        let location = queued.header("location").unwrap().to_owned();
        let done = wait_for(&app, &office, &location).await;
        assert_eq!(done["status"], "done", "{done}");
        assert_eq!(done["rows_done"], 2);
    }
    let report = report_of(&app, &office, &f, &f.unit_b).await.unwrap();
    assert_eq!(report["status"], "submitted");
    assert_eq!(figures_of(&report, "2")["numerator"], 7.0);
    // Queued with a problem, all or nothing: refused, nothing written.
    let bad = import_json(
        &app,
        &office,
        "",
        vec![row("HOI-ND", p, "2", json!({ "numerator": 8, "denominator": 7 })), row("HOI-ND", p, "1", json!({}))],
    )
    .await;
    assert_eq!(bad.status, 202, "{}", bad.body);
    let refused = wait_for(&app, &office, bad.header("location").unwrap()).await;
    assert_eq!(refused["status"], "refused", "{refused}");
    assert!(!refused["problems"].as_array().unwrap().is_empty());
}

#[actix_web::test]
async fn an_import_left_running_by_a_dead_worker_is_finished_after_a_restart() {
    use diesel::prelude::*;
    use thidua::db::schema::imports;
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let office_id =
        app.admin_get("/api/v1/users?role=office").await.body["items"][0]["id"].as_str().unwrap().to_owned();
    let app = app.restart(|_| {}).await;
    // As a worker that died leaves it: running, its hold lapsed, its rows kept.
    let p = f.current_period.clone();
    let input = json!({
        "rows": [
            { "number": 1, "campaign": CAMPAIGN, "unit": "DOAN-TN", "period": p, "value": { "criterion": "1", "achieved": true } },
            { "number": 2, "campaign": CAMPAIGN, "unit": "DOAN-TN", "period": p, "value": { "criterion": "2", "numerator": 3, "denominator": 4 } },
        ],
        "problems": [], "total": 2,
    });
    let options = json!({ "dry_run": false, "strategy": "create_and_update", "submit": false, "atomic": true });
    let long_ago = (chrono::Utc::now() - chrono::TimeDelta::minutes(5)).naive_utc();
    let id = "0193a4f1-7c1e-7a2b-9d51-4be2c1d0f7aa".to_owned();
    let commune = f.commune.clone();
    let scope: String = app
        .db
        .run(move |conn: &mut thidua::db::DbConnection| {
            use thidua::db::schema::org_units;
            org_units::table.find(&commune).select(org_units::path).first(conn).map_err(thidua::db::DbError::from)
        })
        .await
        .unwrap();
    let row = id.clone();
    app.db
        .run(move |conn: &mut thidua::db::DbConnection| {
            diesel::insert_into(imports::table)
                .values((
                    imports::id.eq(&row),
                    imports::actor.eq(format!("user:{office_id}")),
                    imports::scope_path.eq(scope),
                    imports::options.eq(options.to_string()),
                    imports::status.eq("running"),
                    imports::total_rows.eq(2),
                    imports::done_rows.eq(0),
                    imports::input.eq(Some(input.to_string())),
                    imports::created_at.eq(long_ago),
                    imports::updated_at.eq(long_ago),
                ))
                .execute(conn)
                .map_err(thidua::db::DbError::from)
        })
        .await
        .unwrap();
    let office = app.login("office", PASSWORD).await;
    let done = wait_for(&app, &office, &format!("/api/v1/imports/{id}")).await;
    assert_eq!(done["status"], "done", "{done}");
    assert_eq!(done["summary"]["created"], 1, "{done}");
    let report = report_of(&app, &office, &f, &f.unit_b).await.unwrap();
    assert_eq!(figures_of(&report, "2")["numerator"], 3.0, "written once, whole");
    assert_eq!(import_events(&app).await.len(), 1);
}

/// The period of the fixture's monthly campaign `months` after the current one.
fn period_after(months: u32) -> String {
    let day = thidua::domain::today().checked_add_months(chrono::Months::new(months)).unwrap();
    format!("{}M{:02}", chrono::Datelike::year(&day), chrono::Datelike::month(&day))
}

/// An import's rows for `units` in `period`: both criteria, `bump` changing the figures.
fn rows_for(units: &[&str], period: &str, bump: u32) -> Vec<Value> {
    units
        .iter()
        .flat_map(|unit| {
            [
                row(unit, period, "1", json!({ "achieved": bump.is_multiple_of(2) })),
                row(unit, period, "2", json!({ "numerator": 10 + bump, "denominator": 20 })),
            ]
        })
        .collect()
}

#[actix_web::test]
async fn an_import_without_submission_writes_each_report_once_with_its_event_and_change() {
    use diesel::prelude::*;
    use thidua::db::schema::{audit_events, changes};
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let office = app.login("office", PASSWORD).await;
    let p = f.current_period.clone();
    // Unit A's report exists (the fixture's); unit B's is created.
    let rows = rows_for(&["HOI-ND", "DOAN-TN"], &p, 0);
    let checked = import_json(&app, &office, "?dry_run=true", rows.clone()).await;
    assert_eq!(checked.status, 200, "{}", checked.body);
    let done = import_json(&app, &office, "", rows.clone()).await;
    assert_eq!(done.status, 201, "{}", done.body);
    let summary = json!({ "created": 1, "updated": 1, "unchanged": 0, "ignored": 0, "conflicts": 0 });
    assert_eq!(done.body["summary"], summary);
    assert_eq!(checked.body["summary"], summary, "the dry run said what the import did");
    for unit in [&f.unit_a, &f.unit_b] {
        let report = report_of(&app, &office, &f, unit).await.unwrap();
        assert_eq!(report["status"], "draft");
        assert_eq!(figures_of(&report, "1")["achieved"], true);
        assert_eq!(figures_of(&report, "2")["numerator"], 10.0);
        assert_eq!(figures_of(&report, "2")["met"], false);
    }
    let report_a = report_of(&app, &office, &f, &f.unit_a).await.unwrap();
    assert_eq!(report_a["version"], 2, "raised once by the import");
    // One event per report, with the import's id, each in the change feed (the webhooks' outbox).
    let events = import_events(&app).await;
    assert_eq!(events.len(), 2, "{events:?}");
    assert!(events.iter().all(|e| e["after"]["import_id"] == done.body["id"]));
    assert_eq!(events.iter().filter(|e| e["before"]["status"].is_null()).count(), 1, "one created");
    let fed: i64 = app
        .db
        .run(|conn: &mut thidua::db::DbConnection| {
            changes::table
                .inner_join(audit_events::table.on(audit_events::id.eq(changes::event_id)))
                .filter(audit_events::action.eq("import"))
                .count()
                .get_result(conn)
                .map_err(thidua::db::DbError::from)
        })
        .await
        .unwrap();
    assert_eq!(fed, 2);
    // Again, one value changed: one report updated, the other unchanged.
    let mut again = rows.clone();
    again[3]["numerator"] = json!(19);
    let changed = import_json(&app, &office, "", again).await;
    assert_eq!(changed.body["summary"]["updated"], 1, "{}", changed.body);
    assert_eq!(changed.body["summary"]["unchanged"], 1, "{}", changed.body);
    assert_eq!(import_events(&app).await.len(), 3);
}

#[actix_web::test]
async fn an_import_takes_as_many_round_trips_for_two_reports_as_for_one() {
    let app = TestApp::spawn_with(|c| c.db_pool_size = 1).await;
    let _f = Fixture::build(&app).await;
    let office = app.login("office", PASSWORD).await;
    // Each import on its own periods: creates, then updates (a dry run, then
    // real); the fewest over rounds (background work shares the counter).
    let mut fewest = std::collections::BTreeMap::<(&str, usize), u64>::new();
    for (step, first_month) in [("create", 1), ("create", 2), ("create", 3)] {
        for (units, offset) in [(&["DOAN-TN"][..], 0), (&["HOI-ND", "DOAN-TN"][..], 3)] {
            let rows = rows_for(units, &period_after(first_month + offset), 0);
            let before = app.db.round_trips();
            let done = import_json(&app, &office, "", rows).await;
            let trips = app.db.round_trips() - before;
            assert_eq!(done.body["summary"]["created"], units.len(), "{}", done.body);
            let kept = fewest.entry((step, units.len())).or_insert(u64::MAX);
            *kept = (*kept).min(trips);
        }
    }
    for round in 1..4 {
        for (step, query) in [("dry run", "?dry_run=true"), ("update", "")] {
            for (units, month) in [(&["DOAN-TN"][..], 1), (&["HOI-ND", "DOAN-TN"][..], 4)] {
                let rows = rows_for(units, &period_after(month), round);
                let before = app.db.round_trips();
                let done = import_json(&app, &office, query, rows).await;
                let trips = app.db.round_trips() - before;
                assert_eq!(done.body["summary"]["updated"], units.len(), "{step}: {}", done.body);
                let kept = fewest.entry((step, units.len())).or_insert(u64::MAX);
                *kept = (*kept).min(trips);
            }
        }
    }
    for step in ["create", "dry run", "update"] {
        assert_eq!(fewest[&(step, 1)], fewest[&(step, 2)], "{step}: round trips grow with the reports: {fewest:?}");
    }
    // SQLite is a file in this process: its counter stays 0, and only the
    // summaries above are tested there.
    if app.db.backend() == "postgres" {
        assert!(fewest.values().all(|trips| *trips > 0), "PostgreSQL counts them: {fewest:?}");
    }
}
