//! The council: members with roles and terms, meetings over posted
//! nominations, attendance and votes, the quorum and the threshold both
//! ways, the conclusion moving every nomination to `reviewed` in one
//! transaction, the minutes, and who may see what.

use reqwest::Method;
use serde_json::{Value, json};

use crate::support::fixture::{Fixture, PASSWORD, id_of};
use crate::support::nominations::{self, Complaint, Nomination, Subject};
use crate::support::{Answer, TestApp};

/// A call carrying `If-Match` with the version `token` reads at `source`.
pub(crate) async fn with_etag(
    app: &TestApp,
    token: &str,
    method: Method,
    path: &str,
    source: &str,
    body: Option<Value>,
) -> Answer {
    let current = app.call(Method::GET, source).bearer(token).send().await;
    let mut call = app.call(method, path).bearer(token).header("if-match", current.header("etag").unwrap_or("\"0\""));
    if let Some(body) = body {
        call = call.json(body);
    }
    call.send().await
}

pub(crate) async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> Answer {
    app.call(Method::POST, path).bearer(token).json(body).send().await
}

pub(crate) async fn get(app: &TestApp, token: &str, path: &str) -> Answer {
    app.call(Method::GET, path).bearer(token).send().await
}

/// A commune with its council seated: the fixture, the office's and the
/// chairman's tokens, and `seats` members (the first the chair) in office
/// from 2021-07-01 — people of units A and B and of the office.
pub(crate) struct Seated {
    pub app: TestApp,
    pub f: Fixture,
    pub office: String,
    pub chairman: String,
    pub members: Vec<String>,
}

pub(crate) async fn seated(seats: usize) -> Seated {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let office = app.login("office", PASSWORD).await;
    let chairman = app.login("chairman", PASSWORD).await;
    let mut members = Vec::new();
    for n in 0..seats {
        let unit = [&f.office_unit, &f.unit_a, &f.unit_b][n % 3];
        let person = post(
            &app,
            &office,
            "/api/v1/people",
            json!({ "org_unit_id": unit, "full_name": format!("Thành viên Hội đồng {n}"), "position": "Cán bộ" }),
        )
        .await;
        assert_eq!(person.status, 201, "{}", person.body);
        let role = match n {
            0 => "chair",
            1 => "standing_member",
            _ => "member",
        };
        let body = json!({ "person_id": id_of(&person.body), "role": role, "term_from": "2021-07-01" });
        let member = post(&app, &office, "/api/v1/council-members", body).await;
        assert_eq!(member.status, 201, "{}", member.body);
        members.push(id_of(&member.body));
    }
    Seated { app, f, office, chairman, members }
}

impl Seated {
    /// A posted nomination of a person of unit A (or of unit B itself when `collective`).
    pub async fn posted(&self, collective: bool) -> String {
        let subject = if collective {
            Subject::Unit(self.f.unit_b.clone())
        } else {
            Subject::Person { person: self.f.person_a.clone(), unit: self.f.unit_a.clone() }
        };
        nominations::nomination(&self.app, Nomination::giay_khen(&self.f.campaign, subject, "posted")).await
    }

    /// A meeting on 2023-12-15 considering `nominations`.
    pub async fn meeting(&self, nominations: &[&str]) -> String {
        let body = json!({ "held_on": "2023-12-15", "title": "Họp xét khen thưởng năm 2023", "notes": "Biên bản số 01",
            "nomination_ids": nominations });
        let answer = post(&self.app, &self.office, "/api/v1/council-meetings", body).await;
        assert_eq!(answer.status, 201, "{}", answer.body);
        id_of(&answer.body)
    }

    pub async fn attend(&self, meeting: &str, members: &[String]) -> Answer {
        let path = format!("/api/v1/council-meetings/{meeting}");
        let body = json!({ "member_ids": members });
        with_etag(&self.app, &self.office, Method::PUT, &format!("{path}/attendance"), &path, Some(body)).await
    }

    pub async fn vote(&self, meeting: &str, nomination: &str, votes: (i32, i32, i32)) -> Answer {
        let path = format!("/api/v1/council-meetings/{meeting}");
        let body = json!({ "votes_for": votes.0, "votes_against": votes.1, "votes_total": votes.2 });
        with_etag(&self.app, &self.office, Method::PUT, &format!("{path}/votes/{nomination}"), &path, Some(body)).await
    }

    pub async fn conclude(&self, meeting: &str) -> Answer {
        let path = format!("/api/v1/council-meetings/{meeting}");
        with_etag(&self.app, &self.office, Method::POST, &format!("{path}/conclude"), &path, None).await
    }
}

#[actix_web::test]
async fn members_are_seated_with_one_chair_and_their_terms_end() {
    let s = seated(3).await;
    let (app, f) = (&s.app, &s.f);
    let list = get(app, &s.office, "/api/v1/council-members").await;
    assert_eq!(list.status, 200, "{}", list.body);
    assert_eq!(list.body["total"], 3);
    let chair = &list.body["items"][0];
    assert_eq!((chair["role"].as_str(), chair["org_unit_id"].as_str()), (Some("chair"), Some(f.commune.as_str())));
    assert_eq!(chair["full_name"], "Thành viên Hội đồng 0");
    assert_eq!(get(app, &s.chairman, "/api/v1/council-members").await.body["total"], 3, "the chairman reads it");

    // A person outside the commune, an unknown one, a term ending before it starts: 422 naming the field.
    let bad =
        json!({ "person_id": f.person_other, "role": "member", "term_from": "2021-07-01", "term_to": "2021-01-01" });
    let answer = post(app, &s.office, "/api/v1/council-members", bad).await;
    let problem = answer.assert_problem(422, "validation_failed");
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["person_id", "term_to"]);

    // One seat per person at a time; one chair at a time.
    let person = chair["person_id"].as_str().unwrap();
    let again = post(
        app,
        &s.office,
        "/api/v1/council-members",
        json!({ "person_id": person, "role": "member", "term_from": "2023-01-01" }),
    )
    .await;
    assert_eq!(again.assert_problem(409, "already_exists")["errors"][0]["field"], "person_id");
    let second_chair = post(
        app,
        &s.office,
        "/api/v1/council-members",
        json!({ "person_id": f.person_a, "role": "chair", "term_from": "2023-01-01" }),
    )
    .await;
    second_chair.assert_problem(409, "chair_taken");

    // The chair's term ends; a new chair may follow the day after.
    let chair_path = format!("/api/v1/council-members/{}", s.members[0]);
    let ended = with_etag(
        app,
        &s.office,
        Method::PUT,
        &chair_path,
        &chair_path,
        Some(json!({ "role": "chair", "term_to": "2023-12-31" })),
    )
    .await;
    assert_eq!(ended.status, 200, "{}", ended.body);
    assert_eq!((ended.body["term_to"].as_str(), ended.body["version"].as_i64()), (Some("2023-12-31"), Some(2)));
    let next_chair = post(
        app,
        &s.office,
        "/api/v1/council-members",
        json!({ "person_id": f.person_a, "role": "chair", "term_from": "2024-01-01" }),
    )
    .await;
    assert_eq!(next_chair.status, 201, "{}", next_chair.body);
    let in_2024 = get(app, &s.office, "/api/v1/council-members?on=2024-03-01").await.body;
    assert_eq!(in_2024["total"], 3, "the old chair left, the new one came: {in_2024}");
    let stale = app
        .call(Method::PUT, &chair_path)
        .bearer(&s.office)
        .header("if-match", "\"1\"")
        .json(json!({ "role": "member", "term_to": null }))
        .send()
        .await;
    stale.assert_problem(412, "stale_version");

    // Reporters neither keep nor read the council; the chairman reads it only.
    let reporter = app.login("reporter.a", PASSWORD).await;
    get(app, &reporter, "/api/v1/council-members").await.assert_problem(403, "forbidden");
    post(
        app,
        &s.chairman,
        "/api/v1/council-members",
        json!({ "person_id": f.person_a, "role": "member", "term_from": "2025-01-01" }),
    )
    .await
    .assert_problem(403, "forbidden");
}

#[actix_web::test]
async fn a_meeting_considers_only_posted_nominations_whose_posting_ended() {
    let s = seated(3).await;
    let (app, f) = (&s.app, &s.f);
    let ready = s.posted(false).await;
    let proposed =
        nominations::nomination(app, Nomination::giay_khen(&f.campaign, Subject::Unit(f.unit_a.clone()), "proposed"))
            .await;
    let late = nominations::nomination(
        app,
        Nomination {
            posted_until: Some("2023-12-20"),
            ..Nomination::giay_khen(&f.campaign, Subject::Unit(f.unit_b.clone()), "posted")
        },
    )
    .await;
    let foreign = nominations::nomination(
        app,
        Nomination::giay_khen(&f.other_campaign, Subject::Unit(f.other_unit.clone()), "posted"),
    )
    .await;

    let body = |ids: Vec<&str>| json!({ "held_on": "2023-12-15", "title": "Họp Hội đồng", "nomination_ids": ids });
    let unknown =
        post(app, &s.office, "/api/v1/council-meetings", body(vec![&ready, &foreign, "no-such", &ready])).await;
    let errors = unknown.assert_problem(422, "validation_failed")["errors"].clone();
    let named: Vec<(&str, &str)> = errors
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        named,
        [("nomination_ids[3]", "duplicate"), ("nomination_ids[1]", "not_found"), ("nomination_ids[2]", "not_found")]
    );

    let not_ready = post(app, &s.office, "/api/v1/council-meetings", body(vec![&ready, &proposed, &late])).await;
    let problem = not_ready.assert_problem(409, "nomination_not_ready");
    let named: Vec<(&str, &str)> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(named, [("nomination_ids[1]", "not_posted"), ("nomination_ids[2]", "posting_not_over")]);
    assert!(problem["detail"].as_str().unwrap().contains(&proposed), "{problem}");

    let meeting = s.meeting(&[&ready]).await;
    let read = get(app, &s.chairman, &format!("/api/v1/council-meetings/{meeting}")).await;
    assert_eq!(read.status, 200, "{}", read.body);
    assert_eq!(read.header("etag"), Some("\"1\""));
    assert_eq!(read.body["status"], "open");
    assert_eq!(read.body["nominations"][0]["subject_name"], "Nguyễn Thị Hoa");
    assert_eq!(read.body["nominations"][0]["votes"], Value::Null);
    let list = get(app, &s.office, "/api/v1/council-meetings?status=open&year=2023").await;
    assert_eq!((list.body["total"].as_i64(), list.body["items"][0]["nominations"].as_i64()), (Some(1), Some(1)));
    assert_eq!(get(app, &s.office, "/api/v1/council-meetings?year=2024").await.body["total"], 0);
}

#[actix_web::test]
async fn the_quorum_and_the_threshold_decide_both_ways_and_the_conclusion_moves_every_nomination() {
    let s = seated(7).await;
    let app = &s.app;
    let (passing, failing) = (s.posted(false).await, s.posted(true).await);
    let meeting = s.meeting(&[&passing, &failing]).await;

    // Three of seven: no quorum (more than half, at least 4, must attend).
    assert_eq!(s.attend(&meeting, &s.members[..3]).await.status, 200);
    let no_quorum = s.conclude(&meeting).await;
    let problem = no_quorum.assert_problem(409, "quorum_not_met");
    let detail = problem["detail"].as_str().unwrap();
    assert!(detail.contains("3 of the 7 members") && detail.contains("at least 4"), "{detail}");

    // Five attend; votes on one nomination only: the other is named as missing.
    let attended = s.attend(&meeting, &s.members[..5]).await;
    assert_eq!(attended.body["present_member_ids"].as_array().unwrap().len(), 5);
    // 5 for of 7 in office is 71 %: passes the default 70 %.
    assert_eq!(s.vote(&meeting, &passing, (5, 0, 5)).await.status, 200);
    let missing = s.conclude(&meeting).await;
    let problem = missing.assert_problem(409, "votes_missing");
    assert_eq!(problem["errors"][0]["field"], format!("votes[{failing}]"));
    // 4 for of 5 present is 80 %, but of the 7 in office only 57 %: fails.
    assert_eq!(s.vote(&meeting, &failing, (4, 1, 5)).await.status, 200);
    assert_eq!(nominations::stored(app, &passing).await.0, "posted", "nothing moved before the conclusion");

    let concluded = s.conclude(&meeting).await;
    assert_eq!(concluded.status, 200, "{}", concluded.body);
    let body = &concluded.body;
    assert_eq!(body["status"], "concluded");
    assert_eq!(
        (body["members_in_office"].as_i64(), body["quorum_percent"].as_i64(), body["pass_percent"].as_i64()),
        (Some(7), Some(50), Some(70))
    );
    let result = |id: &str| {
        body["nominations"].as_array().unwrap().iter().find(|n| n["nomination_id"] == id).unwrap()["result"].clone()
    };
    assert_eq!((result(&passing), result(&failing)), (json!("passed"), json!("failed")));

    // Each nomination moved posted → reviewed, with its meeting, result, version, history and audit.
    for (id, outcome) in [(&passing, "passed"), (&failing, "failed")] {
        let (status, version, meeting_id, council_result) = nominations::stored(app, id).await;
        assert_eq!(
            (status.as_str(), version, meeting_id.as_deref(), council_result.as_deref()),
            ("reviewed", 4, Some(meeting.as_str()), Some(outcome))
        );
        let events = nominations::events(app, id).await;
        assert_eq!(events.len(), 1);
        assert_eq!(
            (events[0].0.as_str(), events[0].1.as_deref(), events[0].2.as_str()),
            ("review", Some("posted"), "reviewed")
        );
        assert!(events[0].3.as_deref().unwrap().contains(outcome), "{:?}", events[0]);
        let log = app.admin_get(&format!("/api/v1/audit-events?entity=nomination&entity_id={id}")).await.body;
        assert_eq!(log["total"], 1, "{log}");
        assert_eq!(
            (log["items"][0]["action"].as_str(), log["items"][0]["after"]["council_result"].as_str()),
            (Some("review"), Some(outcome))
        );
    }
    let log =
        get(app, &s.office, &format!("/api/v1/audit-events?entity=council_meeting&entity_id={meeting}&limit=200"))
            .await
            .body;
    let actions: Vec<&str> = log["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(
        actions,
        ["create", "record_attendance", "record_attendance", "record_votes", "record_votes", "conclude"]
    );

    // Concluded for good: the old ETag is stale, a fresh one meets the 409.
    let stale = app
        .call(Method::POST, &format!("/api/v1/council-meetings/{meeting}/conclude"))
        .bearer(&s.office)
        .header("if-match", "\"5\"")
        .send()
        .await;
    stale.assert_problem(412, "stale_version");
    s.conclude(&meeting).await.assert_problem(409, "meeting_concluded");
    s.vote(&meeting, &passing, (6, 0, 6)).await.assert_problem(422, "validation_failed");
    s.vote(&meeting, &passing, (5, 0, 5)).await.assert_problem(409, "meeting_concluded");
}

#[actix_web::test]
async fn the_settings_move_the_quorum_and_the_threshold() {
    let s = seated(4).await;
    let app = &s.app;
    for (key, value) in [("council.quorum_percent", "75"), ("council.pass_percent", "50")] {
        let put = app.admin_put(&format!("/api/v1/settings/{key}"), json!({ "value": value })).await;
        assert_eq!(put.status, 200, "{}", put.body);
    }
    let nomination = s.posted(false).await;
    let meeting = s.meeting(&[&nomination]).await;
    // Three of four is 75 %: not more than 75 %.
    s.attend(&meeting, &s.members[..3]).await;
    assert_eq!(s.vote(&meeting, &nomination, (2, 1, 3)).await.status, 200);
    let problem = s.conclude(&meeting).await;
    assert!(problem.assert_problem(409, "quorum_not_met")["detail"].as_str().unwrap().contains("more than 75 %"));
    s.attend(&meeting, &s.members).await;
    // 2 of 4 in office is 50 %: at least half passes.
    let concluded = s.conclude(&meeting).await;
    assert_eq!(concluded.status, 200, "{}", concluded.body);
    assert_eq!(concluded.body["nominations"][0]["result"], "passed");
    assert_eq!(
        (concluded.body["quorum_percent"].as_i64(), concluded.body["pass_percent"].as_i64()),
        (Some(75), Some(50))
    );
    // The figures stay fixed on the meeting whatever the settings say later.
    app.admin_put("/api/v1/settings/council.pass_percent", json!({ "value": "90" })).await;
    let minutes = get(app, &s.office, &format!("/api/v1/council-meetings/{meeting}/minutes")).await.body;
    assert_eq!(
        (minutes["threshold"]["pass_percent"].as_i64(), minutes["threshold"]["votes_needed"].as_i64()),
        (Some(50), Some(2))
    );
}

#[actix_web::test]
async fn votes_and_attendance_are_checked() {
    let s = seated(5).await;
    let app = &s.app;
    let nomination = s.posted(false).await;
    let other = s.posted(true).await;
    let meeting = s.meeting(&[&nomination]).await;

    // Attendance: members of this council in office that day, each once.
    let late = post(
        app,
        &s.office,
        "/api/v1/people",
        json!({ "org_unit_id": s.f.unit_a, "full_name": "Người mới", "position": "Ủy viên" }),
    )
    .await;
    let newcomer = post(
        app,
        &s.office,
        "/api/v1/council-members",
        json!({ "person_id": id_of(&late.body), "role": "member", "term_from": "2024-01-01" }),
    )
    .await;
    let newcomer = id_of(&newcomer.body);
    let bad = s.attend(&meeting, &[s.members[0].clone(), s.members[0].clone(), newcomer, "no-such".into()]).await;
    let codes: Vec<&str> = bad.assert_problem(422, "validation_failed")["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["duplicate", "not_in_office", "not_a_member"]);

    s.attend(&meeting, &s.members[..3]).await;
    let more_than_present = s.vote(&meeting, &nomination, (4, 0, 4)).await;
    assert_eq!(more_than_present.assert_problem(422, "validation_failed")["errors"][0]["code"], "more_than_present");
    let more_than_cast = s.vote(&meeting, &nomination, (2, 2, 3)).await;
    assert_eq!(more_than_cast.assert_problem(422, "validation_failed")["errors"][0]["code"], "less_than_cast");
    s.vote(&meeting, &nomination, (-1, 0, 3)).await.assert_problem(422, "validation_failed");
    s.vote(&meeting, &other, (1, 0, 1)).await.assert_problem(404, "not_found");
    assert_eq!(s.vote(&meeting, &nomination, (3, 0, 3)).await.status, 200);
    // Fewer present than the ballots already cast: correct the votes first.
    let fewer = s.attend(&meeting, &s.members[..2]).await;
    assert_eq!(
        fewer.assert_problem(409, "votes_exceed_attendance")["errors"][0]["field"],
        format!("votes[{nomination}]")
    );
    // No If-Match, an old one.
    let path = format!("/api/v1/council-meetings/{meeting}/votes/{nomination}");
    let body = json!({ "votes_for": 1, "votes_against": 0, "votes_total": 1 });
    app.call(Method::PUT, &path)
        .bearer(&s.office)
        .json(body.clone())
        .send()
        .await
        .assert_problem(428, "if_match_required");
    app.call(Method::PUT, &path)
        .bearer(&s.office)
        .header("if-match", "\"1\"")
        .json(body)
        .send()
        .await
        .assert_problem(412, "stale_version");
}

#[actix_web::test]
async fn a_nomination_that_moved_meanwhile_fails_the_whole_conclusion() {
    let s = seated(3).await;
    let app = &s.app;
    let (first, second) = (s.posted(false).await, s.posted(true).await);
    let meeting = s.meeting(&[&first, &second]).await;
    s.attend(&meeting, &s.members).await;
    s.vote(&meeting, &first, (3, 0, 3)).await;
    s.vote(&meeting, &second, (3, 0, 3)).await;
    nominations::set_status(app, &second, "withdrawn").await;

    let problem = s.conclude(&meeting).await;
    let body = problem.assert_problem(409, "nomination_moved");
    assert_eq!(body["errors"][0]["field"], format!("nominations[{second}]"));
    assert!(body["detail"].as_str().unwrap().contains(&second));
    // Nothing was written: the meeting is open, the first nomination still posted, no history.
    let read = get(app, &s.office, &format!("/api/v1/council-meetings/{meeting}")).await.body;
    assert_eq!((read["status"].as_str(), read["nominations"][0]["result"].clone()), (Some("open"), Value::Null));
    assert_eq!(nominations::stored(app, &first).await.0, "posted");
    assert!(nominations::events(app, &first).await.is_empty());
}

#[actix_web::test]
async fn the_minutes_show_who_came_the_votes_feedback_and_complaints_never_the_complainant() {
    let s = seated(4).await;
    let (app, f) = (&s.app, &s.f);
    let person = s.posted(false).await;
    let unit = s.posted(true).await;
    nominations::feedback(app, &person, "2023-12-01", "Hòm thư góp ý", "Đồng chí Hoa tận tình với dân").await;
    let complaint = |unit: &String, person: Option<&String>, incident_on, status, outcome| Complaint {
        unit: unit.clone(),
        person: person.cloned(),
        incident_on,
        legal_kind: "feedback",
        conduct: "harassment",
        status,
        outcome,
        complainant_name: "Người Phản Ánh Bí Mật",
        complainant_contact: "0912 345 678",
    };
    let founded = nominations::complaint(
        app,
        complaint(&f.unit_a, Some(&f.person_a), "2023-05-02", "concluded", Some("founded")),
    )
    .await;
    // Outside the campaign, about another unit: not considered.
    nominations::complaint(app, complaint(&f.unit_a, Some(&f.person_a), "2022-05-02", "concluded", Some("founded")))
        .await;
    let pending = nominations::complaint(app, complaint(&f.unit_b, None, "2023-09-09", "received", None)).await;

    let meeting = s.meeting(&[&person, &unit]).await;
    s.attend(&meeting, &s.members[..3]).await;
    s.vote(&meeting, &person, (3, 0, 3)).await;
    let minutes = get(app, &s.chairman, &format!("/api/v1/council-meetings/{meeting}/minutes")).await;
    assert_eq!(minutes.status, 200, "{}", minutes.body);
    let m = &minutes.body;
    assert_eq!((m["org_unit_name"].as_str(), m["status"].as_str()), (Some("Xã Đại Thắng"), Some("open")));
    assert_eq!(m["present"].as_array().unwrap().len(), 3);
    assert_eq!(m["absent"].as_array().unwrap().len(), 1);
    assert_eq!(m["present"][0]["role"], "chair");
    assert_eq!(
        (
            m["quorum"]["members_in_office"].as_i64(),
            m["quorum"]["present"].as_i64(),
            m["quorum"]["needed"].as_i64(),
            m["quorum"]["met"].as_bool()
        ),
        (Some(4), Some(3), Some(3), Some(true))
    );
    assert_eq!(m["threshold"]["votes_needed"], 3, "70 % of 4, rounded up");
    let of = |id: &str| m["nominations"].as_array().unwrap().iter().find(|n| n["nomination_id"] == id).unwrap().clone();
    let (p, u) = (of(&person), of(&unit));
    assert_eq!(
        (p["result"].as_str(), p["votes"]["votes_for"].as_i64()),
        (Some("passed"), Some(3)),
        "what the votes give so far"
    );
    assert_eq!(u["votes"], Value::Null);
    assert_eq!(
        (p["achievement_from"].as_str(), p["achievement_to"].as_str()),
        (Some("2023-02-10"), Some("2023-12-31"))
    );
    assert_eq!(p["feedback"][0]["body"], "Đồng chí Hoa tận tình với dân");
    let complaints = p["complaints"].as_array().unwrap();
    assert_eq!(complaints.len(), 1, "{complaints:?}");
    assert_eq!(
        (
            complaints[0]["id"].as_str(),
            complaints[0]["legal_kind"].as_str(),
            complaints[0]["conduct"].as_str(),
            complaints[0]["outcome"].as_str()
        ),
        (Some(founded.as_str()), Some("feedback"), Some("harassment"), Some("founded"))
    );
    assert_eq!(
        (u["complaints"][0]["id"].as_str(), u["complaints"][0]["status"].as_str()),
        (Some(pending.as_str()), Some("received"))
    );
    let text = m.to_string();
    assert!(!text.contains("Bí Mật") && !text.contains("0912"), "the complainant is never in the minutes: {text}");
    assert!(!text.contains("complainant"), "{text}");
}

#[actix_web::test]
async fn another_communes_council_is_not_found() {
    let s = seated(2).await;
    let (app, f) = (&s.app, &s.f);
    let nomination = s.posted(false).await;
    let meeting = s.meeting(&[&nomination]).await;
    let body = json!({ "username": "office.khac", "display_name": "VP xã khác", "role": "office", "org_unit_id": f.other_unit, "password": PASSWORD });
    assert_eq!(app.admin_json(Method::POST, "/api/v1/users", body).await.status, 201);
    let other = app.login("office.khac", PASSWORD).await;
    get(app, &other, &format!("/api/v1/council-meetings/{meeting}")).await.assert_problem(404, "not_found");
    get(app, &other, &format!("/api/v1/council-meetings/{meeting}/minutes")).await.assert_problem(404, "not_found");
    get(app, &other, &format!("/api/v1/council-members/{}", s.members[0])).await.assert_problem(404, "not_found");
    assert_eq!(get(app, &other, "/api/v1/council-members").await.body["total"], 0);
    assert_eq!(get(app, &other, "/api/v1/council-meetings").await.body["total"], 0);
    // Its own council is its commune's.
    let person = post(
        app,
        &other,
        "/api/v1/people",
        json!({ "org_unit_id": f.other_unit, "full_name": "Chủ tịch xã khác", "position": "Chủ tịch" }),
    )
    .await;
    let seat = post(
        app,
        &other,
        "/api/v1/council-members",
        json!({ "person_id": id_of(&person.body), "role": "chair", "term_from": "2021-07-01" }),
    )
    .await;
    assert_eq!((seat.status, seat.body["org_unit_id"].as_str()), (201, Some(f.other_commune.as_str())));
    // And it cannot put another commune's nomination before it.
    let answer = post(
        app,
        &other,
        "/api/v1/council-meetings",
        json!({ "held_on": "2023-12-15", "title": "Họp", "nomination_ids": [nomination] }),
    )
    .await;
    answer.assert_problem(422, "validation_failed");
}
