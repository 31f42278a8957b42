//! Deadline reminders: a report a unit owes is reminded once —
//! `report.due_soon` within the days before its due day, `report.overdue`
//! after it — by webhook (signed, to subscriptions of those types whose
//! creator may read the unit) and by e-mail to the unit's users with an
//! address; with two instances on one database and across a restart. A unit
//! that submitted is not reminded. Users' e-mail addresses are checked.

use std::time::Duration;

use chrono::{Datelike, Days, NaiveDate};
use reqwest::Method;
use serde_json::{Value, json};

use crate::reports::with_etag;
use crate::support::TestApp;
use crate::support::fixture::PASSWORD;
use crate::support::receiver::{Received, Receiver};
use crate::support::smtp::SmtpSink;
use crate::webhooks::subscribe;

/// Reminders every 100 ms, the lease held a second, e-mailed to `smtp`.
fn quick_reminders(config: &mut thidua::config::Config, smtp: &str) {
    config.reminders.interval = Duration::from_millis(100);
    config.reminders.lease = Duration::from_secs(1);
    config.reminders.days_before = 3;
    config.reminders.smtp = Some(thidua::config::SmtpConfig {
        url: secrecy::SecretString::from(smtp.to_owned()),
        from: "Thi đua <thidua@example.vn>".to_owned(),
    });
}

/// Another instance of the service on `app`'s database, with quick reminders.
struct Instance {
    handle: actix_web::dev::ServerHandle,
    background: Vec<tokio::task::AbortHandle>,
}

impl Instance {
    async fn start(app: &TestApp, smtp: &str) -> Self {
        let mut config = app.config.clone();
        quick_reminders(&mut config, smtp);
        let running = thidua::app::start(config).await.expect("another instance starts");
        let handle = running.server.handle();
        actix_web::rt::spawn(running.server);
        Self { handle, background: running.background }
    }

    async fn stop(self) {
        self.background.iter().for_each(tokio::task::AbortHandle::abort);
        self.handle.stop(false).await;
    }
}

fn created(answer: crate::support::Answer) -> String {
    assert_eq!(answer.status, 201, "{}", answer.body);
    answer.body["id"].as_str().unwrap().to_owned()
}

fn month(day: NaiveDate) -> String {
    format!("{}M{:02}", day.year(), day.month())
}

/// An active monthly campaign of `issuer` running only on `day`, due the
/// next day and locked ten days after, with one yes/no criterion.
async fn campaign(app: &TestApp, code: &str, issuer: &str, day: NaiveDate, units: &[&str]) -> String {
    let body = json!({ "code": code, "title": "Phong trào nhắc hạn", "issuer_id": issuer,
        "issued_on": day.to_string(), "starts_on": day.to_string(), "ends_on": day.to_string(),
        "period_type": "month", "submission_days": 1, "lock_days": 10 });
    let id = created(app.admin_json(Method::POST, "/api/v1/campaigns", body).await);
    let criterion =
        json!({ "ordinal": 1, "code": "1", "title": "Đạt hay không", "measure": "boolean", "comparator": "=" });
    created(app.admin_json(Method::POST, &format!("/api/v1/campaigns/{id}/criteria"), criterion).await);
    let participants = app
        .admin_json(Method::PUT, &format!("/api/v1/campaigns/{id}/participants"), json!({ "org_units": units }))
        .await;
    assert_eq!(participants.status, 200, "{}", participants.body);
    let current = app.admin_get(&format!("/api/v1/campaigns/{id}")).await;
    let activated = app
        .call(Method::POST, &format!("/api/v1/campaigns/{id}/activate"))
        .bearer(&app.admin)
        .header("if-match", current.header("etag").unwrap())
        .send()
        .await;
    assert_eq!(activated.status, 200, "{}", activated.body);
    id
}

async fn user(app: &TestApp, username: &str, role: &str, unit: &str, email: Option<&str>) -> String {
    let body = json!({ "username": username, "display_name": format!("Cán bộ {username}"), "role": role,
        "org_unit_id": unit, "password": PASSWORD, "email": email });
    created(app.admin_json(Method::POST, "/api/v1/users", body).await)
}

/// The reminders among the messages received: (type, campaign, unit, period).
fn reminders(received: &[Received]) -> Vec<(String, String, String, String)> {
    let mut found: Vec<_> = received
        .iter()
        .map(Received::json)
        .filter(|m| matches!(m["type"].as_str(), Some("report.due_soon" | "report.overdue")))
        .map(|m| {
            let record = &m["data"]["record"];
            let text = |v: &Value| v.as_str().unwrap().to_owned();
            (text(&m["type"]), text(&record["campaign_id"]), text(&record["org_unit_id"]), text(&record["period_id"]))
        })
        .collect();
    found.sort();
    found
}

#[actix_web::test]
async fn a_report_owed_is_reminded_once_by_webhook_and_mail_across_instances_and_restarts() {
    let app = TestApp::spawn_with(|c| {
        c.webhooks.poll = Duration::from_millis(50);
        c.webhooks.backoff = Duration::from_millis(100);
    })
    .await;
    let sink = SmtpSink::start().await;
    let today = thidua::domain::today();
    let app_ref = &app;
    let unit = |code: &'static str, name: &'static str, kind: &'static str, parent: String| {
        let body = json!({ "code": code, "name": name, "kind": kind, "parent_id": parent });
        async move { created(app_ref.admin_json(Method::POST, "/api/v1/org-units", body).await) }
    };
    let root = app.admin_get("/api/v1/org-units?kind=root").await.body["items"][0]["id"].as_str().unwrap().to_owned();
    let district = unit("HUYEN-NHAC", "Huyện Nhắc", "district", root).await;
    let commune = unit("XA-NHAC", "Xã Nhắc Hạn", "commune", district.clone()).await;
    let late = unit("NHAC-HND", "Hội Nông dân", "mass_organisation", commune.clone()).await;
    let done = unit("NHAC-DTN", "Đoàn Thanh niên", "mass_organisation", commune.clone()).await;
    let elsewhere = unit("XA-KHAC-NHAC", "Xã Khác", "commune", district.clone()).await;
    user(&app, "late.mail", "reporter", &late, Some("hoinongdan@xanhac.gov.vn")).await;
    user(&app, "late.nomail", "reporter", &late, None).await;
    let gone = user(&app, "late.gone", "reporter", &late, Some("nghiviec@xanhac.gov.vn")).await;
    let deactivated = app.admin_get(&format!("/api/v1/users/{gone}")).await;
    let off = app
        .call(Method::PATCH, &format!("/api/v1/users/{gone}"))
        .bearer(&app.admin)
        .header("if-match", deactivated.header("etag").unwrap())
        .json(json!({ "active": false }))
        .send()
        .await;
    assert_eq!(off.status, 200, "{}", off.body);
    user(&app, "done.mail", "reporter", &done, Some("doanthanhnien@xanhac.gov.vn")).await;
    user(&app, "office.nhac", "office", &commune, None).await;
    user(&app, "office.khac", "office", &elsewhere, None).await;

    // Due tomorrow (within 3 days): both units owe it; one submits.
    let soon = campaign(&app, "NHAC/1", &commune, today, &[&late, &done]).await;
    // Due two days ago, not yet locked: overdue.
    let past = today - Days::new(3);
    let overdue = campaign(&app, "NHAC/2", &commune, past, &[&late]).await;
    let reporter = app.login("done.mail", PASSWORD).await;
    let report = app
        .call(Method::POST, "/api/v1/reports")
        .bearer(&reporter)
        .json(json!({ "campaign_id": soon, "org_unit_id": done, "period_id": month(today) }))
        .send()
        .await;
    let report = created(report);
    let values = json!({ "values": [{ "criterion": "1", "achieved": true }] });
    let filled =
        with_etag(&app, &reporter, Method::PUT, &format!("/api/v1/reports/{report}/values"), &report, Some(values))
            .await;
    assert_eq!(filled.status, 200, "{}", filled.body);
    let submitted =
        with_etag(&app, &reporter, Method::POST, &format!("/api/v1/reports/{report}/submit"), &report, None).await;
    assert_eq!(submitted.status, 200, "{}", submitted.body);

    // The whole report family; only the overdue ones; a commune that does not read these units.
    let (everything, overdue_only, other_commune) =
        (Receiver::start().await, Receiver::start().await, Receiver::start().await);
    let (_, secret) = subscribe(&app, &app.admin, &everything.url, json!(["report"])).await;
    let office = app.login("office.nhac", PASSWORD).await;
    let (_, office_secret) = subscribe(&app, &office, &overdue_only.url, json!(["report.overdue"])).await;
    let khac = app.login("office.khac", PASSWORD).await;
    subscribe(&app, &khac, &other_commune.url, json!([])).await;

    // Two instances on the one database, both running the scheduler.
    let first = Instance::start(&app, &sink.url).await;
    let second = Instance::start(&app, &sink.url).await;
    let expected = {
        let mut e = vec![
            ("report.due_soon".to_owned(), soon.clone(), late.clone(), month(today)),
            ("report.overdue".to_owned(), overdue.clone(), late.clone(), month(past)),
        ];
        e.sort();
        e
    };
    everything.wait_for("both reminders", |r| reminders(r).len() >= 2).await;
    overdue_only.wait_for("the overdue reminder", |r| !reminders(r).is_empty()).await;
    sink.wait_for("both e-mails", |m| m.len() >= 2).await;
    // Time for a repeat to show, were there one.
    actix_web::rt::time::sleep(Duration::from_millis(1500)).await;

    let received = everything.received();
    assert_eq!(reminders(&received), expected, "each once, none for the unit that submitted");
    for message in &received {
        assert!(message.signed_with(&secret), "{message:?}");
        let body = message.json();
        assert_eq!(body["data"]["actor"], "system", "{body}");
        assert_eq!(body["data"]["entity"], "report", "{body}");
        assert_eq!(body["data"]["entity_id"], "", "the unit has not begun the report: {body}");
        let record = &body["data"]["record"];
        assert_eq!(record["org_unit_name"], "Hội Nông dân", "{body}");
        let due = if body["type"] == "report.due_soon" { today + Days::new(1) } else { past + Days::new(1) };
        assert_eq!(record["due_on"], due.to_string(), "{body}");
        assert!(record["report_id"].is_null() && record["status"].is_null(), "{body}");
    }
    let office_got = overdue_only.received();
    assert_eq!(office_got.len(), 1, "{office_got:?}");
    assert!(office_got[0].signed_with(&office_secret));
    assert_eq!(reminders(&office_got), expected[1..], "of its types only");
    assert!(other_commune.received().is_empty(), "its creator does not read these units");

    let mails = sink.mails();
    assert_eq!(mails.len(), 2, "{mails:#?}");
    let mut subjects = Vec::new();
    for mail in &mails {
        assert_eq!(mail.to, ["hoinongdan@xanhac.gov.vn"], "active users with an address only: {mail:#?}");
        assert_eq!(mail.from, "thidua@example.vn");
        let subject = mail.header("subject").unwrap();
        let body = mail.body();
        assert!(body.contains("Hội Nông dân") && body.contains("Phong trào nhắc hạn"), "{body}");
        subjects.push(subject);
    }
    subjects.sort();
    let dmy = |d: NaiveDate| d.format("%d/%m/%Y").to_string();
    assert_eq!(
        subjects,
        [
            format!("Báo cáo quá hạn: NHAC/2 – {} – hạn {}", month(past), dmy(past + Days::new(1))),
            format!("Nhắc hạn báo cáo: NHAC/1 – {} – hạn {}", month(today), dmy(today + Days::new(1))),
        ]
    );
    let overdue_mail = mails.iter().find(|m| m.header("subject").unwrap().contains("NHAC/2")).unwrap();
    assert!(overdue_mail.body().contains(&format!("Hạn nộp: {}", dmy(past + Days::new(1)))));

    // The change feed shows them too.
    let feed = app.admin_get("/api/v1/changes?types=report.due_soon,report.overdue&limit=1000").await;
    assert_eq!(feed.status, 200, "{}", feed.body);
    assert_eq!(feed.body["items"].as_array().unwrap().len(), 2, "{}", feed.body);

    // Stopped and started again, with the scheduler on: nothing is sent again.
    first.stop().await;
    second.stop().await;
    let app = app.restart(|c| quick_reminders(c, &sink.url)).await;
    // The lease of the stopped instances (a second) runs out; then several runs.
    actix_web::rt::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(reminders(&everything.received()), expected, "not again after a restart");
    assert_eq!(sink.mails().len(), 2, "no e-mail again after a restart");
    drop(app);
}

#[actix_web::test]
async fn a_users_email_is_optional_checked_and_can_be_removed() {
    let app = TestApp::spawn().await;
    let root = app.admin_get("/api/v1/org-units?kind=root").await.body["items"][0]["id"].as_str().unwrap().to_owned();
    let district = created(
        app.admin_json(
            Method::POST,
            "/api/v1/org-units",
            json!({ "code": "HUYEN-MAIL", "name": "Huyện thư", "kind": "district", "parent_id": root }),
        )
        .await,
    );
    let body = |email: Value| {
        json!({ "username": "thu.dien.tu", "display_name": "Cán bộ", "role": "superior",
            "org_unit_id": district, "password": PASSWORD, "email": email })
    };
    for bad in ["khong-phai-thu", "a@localhost", "a b@x.vn"] {
        let refused = app.admin_json(Method::POST, "/api/v1/users", body(json!(bad))).await;
        let problem = refused.assert_problem(422, "validation_failed");
        assert_eq!(problem["errors"][0]["field"], "email", "{problem}");
    }
    let made = app.admin_json(Method::POST, "/api/v1/users", body(json!("Thu@Huyen.GOV.vn"))).await;
    assert_eq!(made.status, 201, "{}", made.body);
    assert_eq!(made.body["email"], "Thu@huyen.gov.vn");
    let id = made.body["id"].as_str().unwrap().to_owned();
    let change = |etag: String, changes: Value| {
        app.call(Method::PATCH, &format!("/api/v1/users/{id}"))
            .bearer(&app.admin)
            .header("if-match", &etag)
            .json(changes)
            .send()
    };
    let etag = |answer: &crate::support::Answer| answer.header("etag").unwrap().to_owned();
    let kept = change(etag(&made), json!({ "display_name": "Cán bộ huyện" })).await;
    assert_eq!((kept.status, &kept.body["email"]), (200, &json!("Thu@huyen.gov.vn")), "absent: kept");
    let refused = change(etag(&kept), json!({ "email": "@x.vn" })).await;
    assert_eq!(refused.assert_problem(422, "validation_failed")["errors"][0]["field"], "email");
    let removed = change(etag(&kept), json!({ "email": null })).await;
    assert_eq!((removed.status, &removed.body["email"]), (200, &Value::Null), "null: removed");
    let none = app
        .admin_json(
            Method::POST,
            "/api/v1/users",
            json!({ "username": "khong.thu", "display_name": "Cán bộ",
        "role": "superior", "org_unit_id": district, "password": PASSWORD }),
        )
        .await;
    assert_eq!((none.status, &none.body["email"]), (201, &Value::Null), "{}", none.body);
}

#[actix_web::test]
async fn a_refused_mail_is_tried_again_at_the_next_runs_then_given_up() {
    let sink = SmtpSink::start().await;
    let app = TestApp::spawn_with(|c| quick_reminders(c, &sink.url)).await;
    let today = thidua::domain::today();
    let root = app.admin_get("/api/v1/org-units?kind=root").await.body["items"][0]["id"].as_str().unwrap().to_owned();
    let app_ref = &app;
    let unit = |code: &'static str, kind: &'static str, parent: String| {
        let body = json!({ "code": code, "name": format!("Đơn vị {code}"), "kind": kind, "parent_id": parent });
        async move { created(app_ref.admin_json(Method::POST, "/api/v1/org-units", body).await) }
    };
    let district = unit("HUYEN-THU", "district", root).await;
    let commune = unit("XA-THU", "commune", district).await;
    let first = unit("THU-1", "sector", commune.clone()).await;
    let second = unit("THU-2", "sector", commune.clone()).await;
    user(&app, "thu.mot", "reporter", &first, Some("mot@xathu.gov.vn")).await;
    user(&app, "thu.hai", "reporter", &second, Some("hai@xathu.gov.vn")).await;

    // Refused twice, then accepted: sent once.
    sink.refuse_next(2);
    campaign(&app, "THU/1", &commune, today, &[&first]).await;
    let mails = sink.wait_for("the mail, at its third attempt", |m| !m.is_empty()).await;
    assert_eq!(sink.refused(), 2);
    assert_eq!(mails[0].to, ["mot@xathu.gov.vn"]);

    // Refused every time: given up after five attempts; the scheduler goes on.
    sink.refuse_next(100);
    campaign(&app, "THU/2", &commune, today - Days::new(3), &[&second]).await;
    let give_up = std::time::Instant::now() + Duration::from_secs(60);
    while sink.refused() < 2 + 5 {
        assert!(std::time::Instant::now() < give_up, "only {} refused", sink.refused());
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    actix_web::rt::time::sleep(Duration::from_millis(1000)).await;
    assert_eq!(sink.refused(), 2 + 5, "five attempts, then given up");
    assert_eq!(sink.mails().len(), 1, "each reminder once");
    let feed = app.admin_get("/api/v1/changes?types=report.due_soon,report.overdue").await;
    assert_eq!(feed.body["items"].as_array().unwrap().len(), 2, "both emitted: {}", feed.body);
}

/// A reminder's e-mail is claimed before it is sent: of two senders (an
/// instance that took the scheduler's lease over while the first was still
/// sending), only the first gets it; a claim left by a sender that stopped
/// runs out and is taken again; a sent one is never claimed.
#[actix_web::test]
async fn a_reminder_email_is_claimed_by_one_sender_at_a_time() {
    use diesel::RunQueryDsl;
    use thidua::db::{DbError, reminders};

    let app = TestApp::spawn().await;
    let f = crate::support::fixture::Fixture::build(&app).await;
    let insert = format!(
        "INSERT INTO reminders (id, kind, campaign_id, org_unit_id, period_id, due_on, event_id, created_at, mail_status) \
         VALUES ('rem_claim', 'due_soon', '{}', '{}', '{}', '2026-12-31', 'ev', '2026-12-01 00:00:00', 'pending')",
        f.active_campaign, f.unit_a, f.current_period
    );
    app.db.run(move |conn| diesel::sql_query(insert).execute(conn).map_err(DbError::from)).await.unwrap();
    let at = |minute: u32| NaiveDate::from_ymd_opt(2026, 12, 2).unwrap().and_hms_opt(8, minute, 0).unwrap();
    let claim = |now, until| app.db.run(move |conn| reminders::claim_mail(conn, "rem_claim", now, until));
    assert!(claim(at(0), at(15)).await.unwrap(), "the first sender claims it");
    assert!(!claim(at(1), at(16)).await.unwrap(), "a second sender, while the claim holds, does not");
    let pending = app.db.run(move |conn| reminders::pending_mail(conn, at(1), 10)).await.unwrap();
    assert!(pending.is_empty(), "a claimed e-mail is not read as pending");
    assert!(claim(at(16), at(31)).await.unwrap(), "a claim run out is taken again");
    app.db.run(|conn| reminders::mailed(conn, "rem_claim", "sent", None)).await.unwrap();
    assert!(!claim(at(59), at(59)).await.unwrap(), "a sent e-mail is never claimed");
}
