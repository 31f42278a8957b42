//! Campaigns, criteria and periods — and plan 05/KH-UBND built in.

use reqwest::Method;
use serde_json::{Value, json};

use crate::support::TestApp;
use crate::support::fixture::{Fixture, id_of};

/// Loads the demo into the app's database, as `thidua demo` does: on a
/// connection of its own, outside the pool, whose requests' work is bounded
/// by the database timeout (the demo hashes a password per account).
pub(crate) async fn load_demo(app: &TestApp) -> thidua::demo::Loaded {
    let config = app.config.clone();
    actix_web::rt::task::spawn_blocking(move || {
        let mut conn = thidua::db::connect_once(&config.database, config.db_timeout)?;
        thidua::demo::load(&mut conn, &config)
    })
    .await
    .unwrap()
    .expect("the demo loads")
}

pub(crate) async fn demo_campaign(app: &TestApp) -> Value {
    let found = app.admin_get("/api/v1/campaigns?code=05/KH-UBND").await;
    assert_eq!(found.body["total"], 1, "{}", found.body);
    found.body["items"][0].clone()
}

/// The 16 titles of section IV of the plan, as the plan writes them.
fn plan_titles() -> Vec<(String, String)> {
    include_str!("../../docs/plan-05-KH-UBND-2023.md")
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let number = cells.get(1)?.parse::<u32>().ok()?;
            Some((number.to_string(), cells.get(2)?.to_string()))
        })
        .collect()
}

#[actix_web::test]
async fn the_demo_holds_the_plan_word_for_word() {
    let app = TestApp::spawn().await;
    let first = load_demo(&app).await;
    assert!(first.created_campaign);
    assert_eq!(first.new_users.len(), 5, "one user per role but admin");
    let campaign = demo_campaign(&app).await;
    assert_eq!(campaign["status"], "active");
    assert_eq!(campaign["starts_on"], "2023-02-10");
    assert_eq!(campaign["ends_on"], "2023-12-31");
    assert_eq!(campaign["legal_bases"].as_array().unwrap().len(), 5);
    let id = campaign["id"].as_str().unwrap();

    let criteria = app.admin_get(&format!("/api/v1/campaigns/{id}/criteria")).await.body;
    let criteria = criteria.as_array().unwrap();
    assert_eq!(criteria.len(), 17, "16 criteria and 9's sub-criterion");
    let titles = plan_titles();
    assert_eq!(titles.len(), 16);
    for (number, title) in &titles {
        let ours =
            criteria.iter().find(|c| c["code"] == number.as_str()).unwrap_or_else(|| panic!("criterion {number}"));
        assert_eq!(ours["title"], title.as_str(), "criterion {number} word for word");
        assert!(ours["parent_id"].is_null());
    }
    let nine = criteria.iter().find(|c| c["code"] == "9").unwrap();
    let sub = criteria.iter().find(|c| c["code"] == "9.1").unwrap();
    assert_eq!(sub["parent_id"], nine["id"]);
    assert_eq!((nine["comparator"].as_str(), nine["target"].as_f64()), (Some(">="), Some(70.0)));
    assert_eq!((sub["measure"].as_str(), sub["target"].as_f64()), (Some("ratio"), Some(60.0)));
    assert!(nine["title"].as_str().unwrap().ends_with(sub["title"].as_str().unwrap()));
    let seven = criteria.iter().find(|c| c["code"] == "7").unwrap();
    assert_eq!(
        (seven["measure"].as_str(), seven["comparator"].as_str(), seven["target"].as_f64()),
        (Some("ratio"), Some(">="), Some(65.0))
    );
    assert_eq!(criteria.iter().filter(|c| c["measure"] == "boolean").count(), 4, "1, 13, 14, 15");
    assert_eq!(criteria.iter().find(|c| c["code"] == "10").unwrap()["measure"], "percentage");
    // The order: by ordinal, 9.1 right after 9.
    let codes: Vec<&str> = criteria.iter().map(|c| c["code"].as_str().unwrap()).collect();
    assert_eq!(&codes[8..11], ["9", "9.1", "10"]);

    let periods = app.admin_get(&format!("/api/v1/campaigns/{id}/periods")).await.body;
    let ids: Vec<&str> = periods.as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["2023Q1", "2023Q2", "2023Q3", "2023Q4"]);
    assert_eq!(periods[0]["starts_on"], "2023-02-10");
    assert_eq!(periods[0]["partial"], true);
    assert_eq!(periods[0]["due_on"], "2023-04-05");
    assert_eq!(periods[0]["locks_after"], "2023-04-15");
    assert_eq!(periods[0]["locked"], true, "2023 is long past");

    let participants = app.admin_get(&format!("/api/v1/campaigns/{id}/participants")).await.body;
    let names: Vec<&str> = participants.as_array().unwrap().iter().map(|u| u["name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 12);
    for name in ["Văn phòng – Thống kê", "Tư pháp – Hộ tịch", "Ủy ban MTTQ", "Hội Cựu chiến binh", "Công an xã"]
    {
        assert!(names.contains(&name), "{name}");
    }

    // Loading twice changes nothing.
    let units = app.admin_get("/api/v1/org-units").await.body["total"].clone();
    let again = load_demo(&app).await;
    assert_eq!((again.created_units, again.created_campaign, again.new_users.len()), (0, false, 0));
    assert_eq!(app.admin_get("/api/v1/org-units").await.body["total"], units);
    assert_eq!(app.admin_get(&format!("/api/v1/campaigns/{id}/criteria")).await.body.as_array().unwrap().len(), 17);
    assert_eq!(app.admin_get("/api/v1/people").await.body["total"], 5);
}

#[actix_web::test]
async fn invalid_definitions_are_refused_naming_the_field_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let criteria_path = format!("/api/v1/campaigns/{}/criteria", f.campaign);
    let before = app.admin_get(&criteria_path).await.body.as_array().unwrap().len();
    let add = |body: Value| app.admin_json(Method::POST, &criteria_path, body);
    let field_and_code = |answer: &crate::support::Answer| {
        let e = &answer.assert_problem(422, "validation_failed")["errors"][0];
        (e["field"].as_str().unwrap().to_owned(), e["code"].as_str().unwrap().to_owned())
    };
    let ratio = |target: f64| {
        json!({ "ordinal": 5, "code": "5", "title": "Tỷ lệ", "measure": "ratio", "comparator": ">=", "target": target,
                "numerator_label": "Số hồ sơ đúng hạn", "denominator_label": "Tổng số hồ sơ" })
    };

    let out_of_range = add(ratio(120.0)).await;
    assert_eq!(field_and_code(&out_of_range), ("target".to_owned(), "out_of_range".to_owned()));
    let yes_no_at_least =
        add(json!({ "ordinal": 5, "code": "5", "title": "Có/không", "measure": "boolean", "comparator": ">=" })).await;
    assert_eq!(field_and_code(&yes_no_at_least), ("comparator".to_owned(), "does_not_fit_measure".to_owned()));
    let unlabelled = add(
        json!({ "ordinal": 5, "code": "5", "title": "Tỷ lệ", "measure": "ratio", "comparator": "=", "target": 100 }),
    )
    .await;
    assert_eq!(field_and_code(&unlabelled).0, "numerator_label");
    let foreign_parent = add(json!({ "ordinal": 5, "code": "5", "title": "Con", "measure": "boolean", "comparator": "=",
        "parent_id": app.admin_json(Method::POST, &format!("/api/v1/campaigns/{}/criteria", f.other_campaign),
            json!({ "ordinal": 1, "code": "1", "title": "Khác", "measure": "boolean", "comparator": "=" })).await.body["id"] })).await;
    assert_eq!(field_and_code(&foreign_parent), ("parent_id".to_owned(), "other_campaign".to_owned()));
    let duplicate =
        add(json!({ "ordinal": 1, "code": "1", "title": "Trùng", "measure": "boolean", "comparator": "=" })).await;
    duplicate.assert_problem(409, "code_taken");
    assert_eq!(app.admin_get(&criteria_path).await.body.as_array().unwrap().len(), before, "nothing was written");

    // The campaign itself.
    let create = |body: Value| app.admin_json(Method::POST, "/api/v1/campaigns", body);
    let backwards =
        create(json!({ "code": "NGUOC/KH", "title": "Ngược", "issuer_id": f.commune, "issued_on": "2023-01-01",
        "starts_on": "2023-06-01", "ends_on": "2023-01-01", "period_type": "month" }))
        .await;
    assert_eq!(field_and_code(&backwards), ("ends_on".to_owned(), "before_start".to_owned()));
    let from_a_unit = create(json!({ "code": "U/KH", "title": "Ban", "issuer_id": f.unit_a, "issued_on": "2023-01-01",
        "starts_on": "2023-01-01", "ends_on": "2023-12-31", "period_type": "month" }))
    .await;
    assert_eq!(field_and_code(&from_a_unit), ("issuer_id".to_owned(), "cannot_issue".to_owned()));
    let missing = create(json!({ "code": "THIEU/KH", "issuer_id": f.commune })).await;
    let fields: Vec<&str> =
        missing.body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["title", "issued_on", "starts_on", "ends_on", "period_type"]);

    // Participants outside the issuer's subtree.
    let outside = app
        .admin_json(
            Method::PUT,
            &format!("/api/v1/campaigns/{}/participants", f.campaign),
            json!({ "org_units": [f.unit_a, f.other_unit] }),
        )
        .await;
    assert_eq!(field_and_code(&outside), ("org_units[1]".to_owned(), "outside_issuer".to_owned()));
    let participants = app.admin_get(&format!("/api/v1/campaigns/{}/participants", f.campaign)).await;
    assert_eq!(participants.body.as_array().unwrap().len(), 2, "unchanged");
}

async fn with_version(
    app: &TestApp,
    method: Method,
    path: &str,
    version_of: &str,
    body: Option<Value>,
) -> crate::support::Answer {
    let current = app.admin_get(version_of).await;
    let mut call = app.call(method, path).bearer(&app.admin).header("if-match", current.header("etag").unwrap());
    if let Some(body) = body {
        call = call.json(body);
    }
    call.send().await
}

#[actix_web::test]
async fn a_campaign_goes_draft_active_closed_and_only_a_draft_changes() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let campaign = format!("/api/v1/campaigns/{}", f.other_campaign);
    let activate = format!("{campaign}/activate");
    with_version(&app, Method::POST, &activate, &campaign, None).await.assert_problem(409, "incomplete_definition");

    app.admin_json(
        Method::POST,
        &format!("{campaign}/criteria"),
        json!({ "ordinal": 1, "code": "1", "title": "Đạt", "measure": "boolean", "comparator": "=" }),
    )
    .await;
    app.admin_json(Method::PUT, &format!("{campaign}/participants"), json!({ "org_units": ["KHAC-TP"] })).await;
    let active = with_version(&app, Method::POST, &activate, &campaign, None).await;
    assert_eq!(active.status, 200, "{}", active.body);
    assert_eq!(active.body["status"], "active");

    with_version(&app, Method::PATCH, &campaign, &campaign, Some(json!({ "title": "Khác" })))
        .await
        .assert_problem(409, "campaign_not_draft");
    app.admin_json(
        Method::POST,
        &format!("{campaign}/criteria"),
        json!({ "ordinal": 2, "code": "2", "title": "Mới", "measure": "boolean", "comparator": "=" }),
    )
    .await
    .assert_problem(409, "campaign_not_draft");
    app.admin_json(Method::PUT, &format!("{campaign}/participants"), json!({ "org_units": [] }))
        .await
        .assert_problem(409, "campaign_not_draft");
    with_version(&app, Method::POST, &activate, &campaign, None).await.assert_problem(409, "illegal_status_change");

    // Lock exceptions: the period must exist and the unit take part.
    let exceptions = format!("{campaign}/lock-exceptions");
    let exception = |period: &str, unit: &str| {
        let body = json!({ "period_id": period, "org_unit_id": unit, "reason": "Báo cáo bổ sung",
            "expires_at": (chrono::Utc::now() + chrono::TimeDelta::days(3)).to_rfc3339() });
        app.admin_json(Method::POST, &exceptions, body)
    };
    let wrong_period = exception("2022Q4", &f.other_unit).await;
    assert_eq!(wrong_period.assert_problem(422, "validation_failed")["errors"][0]["field"], "period_id");
    let not_participant = exception("2023Q1", &f.unit_a).await;
    assert_eq!(not_participant.assert_problem(422, "validation_failed")["errors"][0]["code"], "not_a_participant");
    let opened = exception("2023Q1", &f.other_unit).await;
    assert_eq!(opened.status, 201, "{}", opened.body);
    let listed = app.admin_get(&format!("{campaign}/lock-exceptions")).await;
    assert_eq!(listed.body[0]["reason"], "Báo cáo bổ sung");

    let closed = with_version(&app, Method::POST, &format!("{campaign}/close"), &campaign, None).await;
    assert_eq!(closed.body["status"], "closed");
    exception("2023Q2", &f.other_unit).await.assert_problem(409, "campaign_closed");
}

#[actix_web::test]
async fn a_definition_exports_and_imports_into_another_commune() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    load_demo(&app).await;
    let demo = demo_campaign(&app).await;
    let exported = app.admin_get(&format!("/api/v1/campaigns/{}/definition", demo["id"].as_str().unwrap())).await.body;
    assert_eq!(exported["format"], "thidua.campaign/1");
    assert_eq!(exported["criteria"].as_array().unwrap().len(), 17);
    assert_eq!(exported["participants"].as_array().unwrap().len(), 12);
    let sub = exported["criteria"].as_array().unwrap().iter().find(|c| c["code"] == "9.1").unwrap();
    assert_eq!(sub["parent_code"], "9");

    // Into another commune, for 2024: the units there differ, so participants come later.
    let import = |definition: Value| {
        app.admin_json(
            Method::POST,
            "/api/v1/campaigns/import",
            json!({ "issuer_id": f.other_commune, "definition": definition, "code": "07/KH-UBND",
                    "issued_on": "2024-01-15", "starts_on": "2024-01-15", "ends_on": "2024-12-31", "participants": [] }),
        )
    };
    let campaigns_before = app.admin_get("/api/v1/campaigns").await.body["total"].clone();
    let mut broken = exported.clone();
    broken["criteria"][3]["target"] = json!(150);
    broken["criteria"][5]["comparator"] = json!("<");
    let refused = import(broken).await;
    refused.assert_problem(422, "validation_failed");
    assert_eq!(
        refused.body["errors"][0]["field"], "definition.criteria[5].comparator",
        "the body is read first: {}",
        refused.body
    );
    let mut broken = exported.clone();
    broken["criteria"][3]["target"] = json!(150);
    let refused = import(broken).await;
    assert_eq!(refused.assert_problem(422, "validation_failed")["errors"][0]["field"], "definition.criteria[3].target");
    assert_eq!(app.admin_get("/api/v1/campaigns").await.body["total"], campaigns_before, "nothing half-written");

    let imported = import(exported.clone()).await;
    assert_eq!(imported.status, 201, "{}", imported.body);
    assert_eq!(imported.body["status"], "draft");
    assert_eq!(imported.body["code"], "07/KH-UBND");
    assert_eq!(imported.body["issuer_id"], f.other_commune.as_str());
    let copy = app.admin_get(&format!("/api/v1/campaigns/{}/criteria", id_of(&imported.body))).await.body;
    let copy = copy.as_array().unwrap();
    assert_eq!(copy.len(), 17);
    let titles: Vec<&str> = copy.iter().map(|c| c["title"].as_str().unwrap()).collect();
    let originals: Vec<&str> =
        exported["criteria"].as_array().unwrap().iter().map(|c| c["title"].as_str().unwrap()).collect();
    assert_eq!(titles, originals);
    let nine = copy.iter().find(|c| c["code"] == "9").unwrap();
    assert_eq!(copy.iter().find(|c| c["code"] == "9.1").unwrap()["parent_id"], nine["id"]);
    let periods = app.admin_get(&format!("/api/v1/campaigns/{}/periods", id_of(&imported.body))).await.body;
    assert_eq!(periods[0]["id"], "2024Q1");
    assert_eq!(periods[0]["starts_on"], "2024-01-15");

    // The same code again is a conflict.
    import(exported).await.assert_problem(409, "code_taken");
}

#[actix_web::test]
async fn campaigns_reach_down_the_tree_but_not_across() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let district_plan = app
        .admin_json(
            Method::POST,
            "/api/v1/campaigns",
            json!({ "code": "25/KH-UBND", "title": "Kế hoạch của huyện", "issuer_id": f.district, "issued_on": "2023-02-09",
                    "starts_on": "2023-02-09", "ends_on": "2023-12-31", "period_type": "year" }),
        )
        .await;
    assert_eq!(district_plan.status, 201);
    let reporter = app.login("reporter.a", crate::support::fixture::PASSWORD).await;
    let seen = app.call(Method::GET, "/api/v1/campaigns").bearer(&reporter).send().await.body;
    let codes: Vec<&str> = seen["items"].as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap()).collect();
    let mut codes = codes;
    codes.sort_unstable();
    assert_eq!(
        codes,
        ["25/KH-UBND", "BC/KH", "TEST/KH"],
        "the district's and its own commune's, not the other commune's"
    );

    // The office reads the district's plan but does not manage it.
    let office = app.login("office", crate::support::fixture::PASSWORD).await;
    let path = format!("/api/v1/campaigns/{}", id_of(&district_plan.body));
    let read = app.call(Method::GET, &path).bearer(&office).send().await;
    assert_eq!(read.status, 200);
    let change = app
        .call(Method::PATCH, &path)
        .bearer(&office)
        .header("if-match", read.header("etag").unwrap())
        .json(json!({ "title": "Sửa" }))
        .send()
        .await;
    change.assert_problem(403, "forbidden");
}

/// The audit events of one record, oldest first, as `token` reads them.
async fn audit_events(app: &TestApp, token: &str, entity: &str, id: &str) -> Vec<Value> {
    let path = format!("/api/v1/audit-events?entity={entity}&entity_id={id}&limit=200");
    let answer = app.call(Method::GET, &path).bearer(token).send().await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.body["items"].as_array().unwrap().clone()
}

/// One change to send, with its own request id.
struct Step {
    method: Method,
    path: String,
    body: Option<Value>,
    /// Where to read the `ETag` sent as `If-Match`, for the changes that need it.
    version_of: Option<String>,
    status: u16,
}

impl Step {
    fn new(method: Method, path: impl Into<String>, body: Option<Value>, status: u16) -> Self {
        Self { method, path: path.into(), body, version_of: None, status }
    }

    fn if_match(self, version_of: impl Into<String>) -> Self {
        Self { version_of: Some(version_of.into()), ..self }
    }
}

/// The one event a step must add: `action` on the record `entity`/`id`.
struct Expected<'a> {
    entity: &'a str,
    /// `None`: the record the step created.
    id: Option<&'a str>,
    action: &'a str,
    /// Whether the event holds the record as it was before the change…
    before: bool,
    /// …and as it is after.
    after: bool,
}

impl<'a> Expected<'a> {
    fn created(entity: &'a str) -> Self {
        Self { entity, id: None, action: "create", before: false, after: true }
    }

    fn changed(entity: &'a str, id: &'a str, action: &'a str) -> Self {
        Self { entity, id: Some(id), action, before: true, after: true }
    }
}

/// A caller whose changes are checked against the audit log.
struct Audited<'a> {
    app: &'a TestApp,
    token: String,
    /// How the log names the caller: `user:<id>`.
    actor: String,
}

impl Audited<'_> {
    /// Sends `step` and checks it added exactly one event to the record's
    /// log, by this caller, with the request's id; answers the step's body
    /// and the event.
    async fn send(&self, step: Step, expected: Expected<'_>) -> (Value, Value) {
        let request_id = format!("audit-{}", uuid::Uuid::now_v7().simple());
        let earlier = match expected.id {
            Some(id) => audit_events(self.app, &self.token, expected.entity, id).await.len(),
            None => 0,
        };
        let mut call =
            self.app.call(step.method.clone(), &step.path).bearer(&self.token).header("x-request-id", &request_id);
        if let Some(version_of) = &step.version_of {
            let current = self.app.call(Method::GET, version_of).bearer(&self.token).send().await;
            call = call.header("if-match", current.header("etag").unwrap());
        }
        if let Some(body) = step.body {
            call = call.json(body);
        }
        let answer = call.send().await;
        assert_eq!(answer.status, step.status, "{} {}: {}", step.method, step.path, answer.body);
        let id = expected.id.map_or_else(|| id_of(&answer.body), str::to_owned);
        let events = audit_events(self.app, &self.token, expected.entity, &id).await;
        let what = format!("{} {} ({} {id})", step.method, step.path, expected.entity);
        assert_eq!(events.len(), earlier + 1, "one new event for {what}: {events:?}");
        let event = events.last().unwrap().clone();
        assert_eq!(event["action"], expected.action, "{what}: {event}");
        assert_eq!(event["actor"], self.actor.as_str(), "{what}: {event}");
        assert_eq!(event["request_id"], request_id.as_str(), "{what}: {event}");
        assert_eq!(!event["before"].is_null(), expected.before, "before, {what}: {event}");
        assert_eq!(!event["after"].is_null(), expected.after, "after, {what}: {event}");
        (answer.body, event)
    }
}

/// `before` and `after` of an event, as one pair to compare.
fn before_after<'a>(event: &'a Value, field: &str) -> (&'a Value, &'a Value) {
    (&event["before"][field], &event["after"][field])
}

#[actix_web::test]
async fn every_change_to_a_campaign_is_audited_once_with_its_request() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let password = crate::support::fixture::PASSWORD;
    let token = app.login("office", password).await;
    let me = app.call(Method::GET, "/api/v1/me").bearer(&token).send().await.body;
    let office = Audited { app: &app, actor: format!("user:{}", me["id"].as_str().unwrap()), token };

    // The campaign: create, update.
    let body = json!({ "code": "AUDIT/KH", "title": "Phong trào có nhật ký", "issuer_id": f.commune,
        "issued_on": "2023-01-05", "starts_on": "2023-01-05", "ends_on": "2023-12-31", "period_type": "quarter" });
    let (campaign, event) =
        office.send(Step::new(Method::POST, "/api/v1/campaigns", Some(body), 201), Expected::created("campaign")).await;
    assert_eq!(event["after"]["code"], "AUDIT/KH");
    let campaign = id_of(&campaign);
    let path = format!("/api/v1/campaigns/{campaign}");
    let update = Step::new(Method::PATCH, &path, Some(json!({ "title": "Tên mới" })), 200).if_match(&path);
    let (_, event) = office.send(update, Expected::changed("campaign", &campaign, "update")).await;
    assert_eq!(before_after(&event, "title"), (&json!("Phong trào có nhật ký"), &json!("Tên mới")));

    // Its criteria: create, update, delete.
    let criteria = format!("{path}/criteria");
    let criterion = |code: &str| json!({ "ordinal": 1, "code": code, "title": "Tiêu chí", "measure": "boolean", "comparator": "=" });
    let add = |code: &str| Step::new(Method::POST, &criteria, Some(criterion(code)), 201);
    let (kept, _) = office.send(add("1"), Expected::created("criterion")).await;
    let kept = id_of(&kept);
    let kept_path = format!("{criteria}/{kept}");
    let replace = Step::new(Method::PUT, &kept_path, Some(criterion("1a")), 200).if_match(&kept_path);
    let (_, event) = office.send(replace, Expected::changed("criterion", &kept, "update")).await;
    assert_eq!(before_after(&event, "code"), (&json!("1"), &json!("1a")));
    let (removed, _) = office.send(add("2"), Expected::created("criterion")).await;
    let removed = id_of(&removed);
    let delete = Step::new(Method::DELETE, format!("{criteria}/{removed}"), None, 204);
    let deleted = Expected { after: false, ..Expected::changed("criterion", &removed, "delete") };
    let (_, event) = office.send(delete, deleted).await;
    assert_eq!(event["before"]["code"], "2");

    // Its participants, as unit ids.
    let units = json!({ "org_units": ["HOI-ND"] });
    let participants = Step::new(Method::PUT, format!("{path}/participants"), Some(units), 200);
    let (_, event) = office.send(participants, Expected::changed("campaign_participants", &campaign, "set")).await;
    assert_eq!((&event["before"], &event["after"]), (&json!([]), &json!([f.unit_a])));

    // Activate, open a lock exception, close.
    let activate = Step::new(Method::POST, format!("{path}/activate"), None, 200).if_match(&path);
    let (_, event) = office.send(activate, Expected::changed("campaign", &campaign, "activate")).await;
    assert_eq!(before_after(&event, "status"), (&json!("draft"), &json!("active")));
    let exception = json!({ "period_id": "2023Q1", "org_unit_id": f.unit_a, "reason": "Báo cáo bổ sung",
        "expires_at": (chrono::Utc::now() + chrono::TimeDelta::days(3)).to_rfc3339() });
    let open = Step::new(Method::POST, format!("{path}/lock-exceptions"), Some(exception), 201);
    let (exception, event) = office.send(open, Expected::created("lock_exception")).await;
    assert_eq!(event["after"]["period_id"], "2023Q1");
    let close = Step::new(Method::POST, format!("{path}/close"), None, 200).if_match(&path);
    let (_, event) = office.send(close, Expected::changed("campaign", &campaign, "close")).await;
    assert_eq!(before_after(&event, "status"), (&json!("active"), &json!("closed")));

    // An import: one event for the new campaign, with its criteria and participants.
    let exported = app.call(Method::GET, &format!("/api/v1/campaigns/{}/definition", f.campaign)).bearer(&office.token);
    let import = json!({ "issuer_id": f.commune, "definition": exported.send().await.body, "code": "AUDIT-COPY/KH" });
    let imported = Expected { action: "import", ..Expected::created("campaign") };
    let (copy, event) =
        office.send(Step::new(Method::POST, "/api/v1/campaigns/import", Some(import), 201), imported).await;
    assert_eq!(event["after"]["code"], "AUDIT-COPY/KH");
    assert_eq!(event["after"]["criteria"][0]["code"], "1", "{event}");
    assert_eq!(event["after"]["participants"], json!([f.unit_a, f.unit_b]), "{event}");

    // Read by those who may read the campaign: the commune's chairman sees the
    // same events; a reporter of the other commune sees none of them.
    let chairman = app.login("chairman", password).await;
    let body = json!({ "username": "reporter.khac", "display_name": "reporter.khac", "role": "reporter",
        "org_unit_id": f.other_unit, "password": password });
    assert_eq!(app.admin_json(Method::POST, "/api/v1/users", body).await.status, 201);
    let stranger = app.login("reporter.khac", password).await;
    let copy = id_of(&copy);
    let exception = id_of(&exception);
    for (entity, record) in [
        ("campaign", &campaign),
        ("criterion", &kept),
        ("criterion", &removed),
        ("campaign_participants", &campaign),
        ("lock_exception", &exception),
        ("campaign", &copy),
    ] {
        let seen = audit_events(&app, &office.token, entity, record).await;
        assert!(!seen.is_empty(), "{entity} {record}");
        assert_eq!(audit_events(&app, &chairman, entity, record).await, seen, "{entity} {record}");
        assert!(audit_events(&app, &stranger, entity, record).await.is_empty(), "{entity} {record}");
    }
}

#[actix_web::test]
async fn the_events_of_a_campaign_issued_above_reach_the_communes_below() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let body = json!({ "code": "HUYEN/KH", "title": "Phong trào của huyện", "issuer_id": f.district,
        "issued_on": "2023-01-05", "starts_on": "2023-01-05", "ends_on": "2023-12-31", "period_type": "quarter" });
    let created = app.admin_json(Method::POST, "/api/v1/campaigns", body).await;
    assert_eq!(created.status, 201, "{}", created.body);
    let district_campaign = id_of(&created.body);

    // The commune's office reads the district's campaign, and so its events;
    // not those of a campaign of a sibling commune, which it cannot read.
    let office = app.login("office", crate::support::fixture::PASSWORD).await;
    let read = app.call(Method::GET, &format!("/api/v1/campaigns/{district_campaign}")).bearer(&office).send().await;
    assert_eq!(read.status, 200, "{}", read.body);
    let events = audit_events(&app, &office, "campaign", &district_campaign).await;
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0]["action"], "create");
    assert!(!audit_events(&app, &app.admin, "campaign", &f.other_campaign).await.is_empty());
    assert!(audit_events(&app, &office, "campaign", &f.other_campaign).await.is_empty());
}

#[actix_web::test]
async fn setting_participants_takes_as_many_round_trips_for_two_units_as_for_one() {
    // A province's campaign lists thousands of units: each used to cost
    // two look-ups and an INSERT, and 2,000 outran the database timeout.
    let app = TestApp::spawn_with(|c| c.db_pool_size = 1).await;
    let f = Fixture::build(&app).await;
    let draft = app
        .admin_json(
            Method::POST,
            "/api/v1/campaigns",
            json!({ "code": "DEM/KH", "title": "Đếm lượt", "issuer_id": f.commune, "issued_on": "2023-01-01",
                "starts_on": "2023-01-01", "ends_on": "2023-12-31", "period_type": "month" }),
        )
        .await;
    assert_eq!(draft.status, 201, "{}", draft.body);
    let path = format!("/api/v1/campaigns/{}/participants", draft.body["id"].as_str().unwrap());
    // The fewest over rounds: background work shares the counter.
    let mut fewest = [u64::MAX; 2];
    for _ in 0..3 {
        for (i, units) in [vec![f.unit_a.clone()], vec![f.unit_a.clone(), f.unit_b.clone()]].into_iter().enumerate() {
            let before = app.db.round_trips();
            let set = app.admin_json(Method::PUT, &path, json!({ "org_units": units })).await;
            let trips = app.db.round_trips() - before;
            assert_eq!(set.status, 200, "{}", set.body);
            fewest[i] = fewest[i].min(trips);
        }
    }
    let listed = app.admin_get(&path).await.body;
    assert_eq!(listed.as_array().unwrap().len(), 2, "{listed}");
    assert_eq!(fewest[0], fewest[1], "round trips grow with the units: {fewest:?}");
    // SQLite is a file in this process: its counter stays 0.
    if app.db.backend() == "postgres" {
        assert!(fewest[0] > 0, "PostgreSQL counts them: {fewest:?}");
    }
}
