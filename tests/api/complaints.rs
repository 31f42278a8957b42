//! The complaints register (issue 13): a complaint's life from receipt to
//! conclusion, withdrawal or refusal; validation naming each field; the
//! complainant kept from every answer but one, each read of it audited; the
//! scope of each role; and `If-Match` on every change — on both backends.

use reqwest::Method;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use crate::support::fixture::{Fixture, PASSWORD, id_of};
use crate::support::{Answer, TestApp};

/// A complainant whose identity must reach no answer but `/complainant`.
const NAME: &str = "Phạm Thị Bí Mật";
const CONTACT: &str = "0987 654 321, xóm Đông";

/// The fixture and a token per role.
struct Register {
    app: TestApp,
    f: Fixture,
    office: String,
    chairman: String,
    reporter_a: String,
    reporter_b: String,
    district: String,
}

impl Register {
    async fn open() -> Self {
        let app = TestApp::spawn().await;
        let f = Fixture::build(&app).await;
        let office = app.login("office", PASSWORD).await;
        let chairman = app.login("chairman", PASSWORD).await;
        let reporter_a = app.login("reporter.a", PASSWORD).await;
        let reporter_b = app.login("reporter.b", PASSWORD).await;
        let district = app.login("district", PASSWORD).await;
        Self { app, f, office, chairman, reporter_a, reporter_b, district }
    }

    /// A request as `token`, with a JSON body and `If-Match` when given.
    async fn send(
        &self,
        token: &str,
        method: Method,
        path: &str,
        body: Option<Value>,
        if_match: Option<&str>,
    ) -> Answer {
        let mut call = self.app.call(method, path).bearer(token);
        if let Some(version) = if_match {
            call = call.header("if-match", version);
        }
        if let Some(body) = body {
            call = call.json(body);
        }
        call.send().await
    }

    async fn get(&self, token: &str, path: &str) -> Answer {
        self.send(token, Method::GET, path, None, None).await
    }

    /// Records a complaint as the office (201 expected); answers its id.
    async fn record(&self, body: Value) -> String {
        let answer = self.send(&self.office, Method::POST, "/api/v1/complaints", Some(body), None).await;
        assert_eq!(answer.status, 201, "{}", answer.body);
        id_of(&answer.body)
    }

    /// Moves a complaint as the office at its current version.
    async fn move_to(&self, id: &str, step: &str, body: Option<Value>) -> Answer {
        let etag = self.etag(id).await;
        self.send(&self.office, Method::POST, &format!("/api/v1/complaints/{id}/{step}"), body, Some(&etag)).await
    }

    async fn etag(&self, id: &str) -> String {
        let current = self.get(&self.office, &format!("/api/v1/complaints/{id}")).await;
        assert_eq!(current.status, 200, "{}", current.body);
        current.header("etag").expect("an ETag").to_owned()
    }

    /// Every audit event `token` may read, page by page.
    async fn audit_log(&self, token: &str, query: &str) -> Vec<Value> {
        let mut events = Vec::new();
        loop {
            let path = format!("/api/v1/audit-events?limit=200&offset={}{query}", events.len());
            let page = self.get(token, &path).await;
            assert_eq!(page.status, 200, "{}", page.body);
            let items = page.body["items"].as_array().unwrap().clone();
            let done = items.len() < 200;
            events.extend(items);
            if done {
                return events;
            }
        }
    }
}

/// A complaint about unit A, valid as it is; `changes` replace its fields.
fn complaint(f: &Fixture, changes: Value) -> Value {
    let mut body = json!({
        "received_on": "2023-05-10", "channel": "one_stop_desk", "legal_kind": "denunciation",
        "conduct": "harassment", "incident_on": "2023-05-08", "org_unit_id": f.unit_a, "person_id": f.person_a,
        "description": "Cán bộ yêu cầu nộp thêm giấy tờ không có trong quy định.\nĐã hẹn ba lần.",
        "complainant": { "name": NAME, "contact": CONTACT },
    });
    body.as_object_mut().unwrap().extend(changes.as_object().unwrap().clone());
    body
}

fn conclusion(on: &str) -> Value {
    json!({ "outcome": "founded", "conclusion_number": "15/KL-UBND", "conclusion_on": on,
        "conclusion_issuer": "Chủ tịch UBND xã Đại Thắng" })
}

/// Asserts that no answer text holds the complainant's identity.
fn assert_no_identity(what: &str, answer: &[u8]) {
    let text = String::from_utf8_lossy(answer);
    for secret in [NAME, CONTACT, "0987 654 321"] {
        assert!(!text.contains(secret), "{what} holds the complainant ({secret}): {text}");
    }
}

fn fields(answer: &Answer) -> Vec<&str> {
    answer.body["errors"].as_array().map_or_else(Vec::new, |e| e.iter().map(|e| e["field"].as_str().unwrap()).collect())
}

#[actix_web::test]
async fn a_complaint_is_recorded_corrected_moved_and_concluded() {
    let r = Register::open().await;
    let f = &r.f;

    // Recorded: 201 with Location and ETag, `received`, the complainant marked but not shown.
    let created = r.send(&r.office, Method::POST, "/api/v1/complaints", Some(complaint(f, json!({}))), None).await;
    assert_eq!(created.status, 201, "{}", created.body);
    let id = id_of(&created.body);
    assert_eq!(created.header("location"), Some(format!("/api/v1/complaints/{id}").as_str()));
    assert_eq!(created.header("etag"), Some("\"1\""));
    let c = &created.body;
    assert_eq!(
        (c["status"].as_str(), c["version"].as_i64(), c["has_complainant"].as_bool()),
        (Some("received"), Some(1), Some(true))
    );
    assert_eq!(
        (c["org_unit_id"].as_str(), c["person_id"].as_str()),
        (Some(f.unit_a.as_str()), Some(f.person_a.as_str()))
    );
    assert_eq!(c["description"], "Cán bộ yêu cầu nộp thêm giấy tờ không có trong quy định.\nĐã hẹn ba lần.");
    assert!(c["outcome"].is_null() && c.get("complainant").is_none(), "{c}");
    assert_no_identity("the creation's answer", &created.bytes);

    // Read back with its ETag.
    let read = r.get(&r.chairman, &format!("/api/v1/complaints/{id}")).await;
    assert_eq!((read.status, read.header("etag")), (200, Some("\"1\"")));
    assert_eq!(read.body, created.body);

    // Corrected: the complainant left out stays as recorded.
    let path = format!("/api/v1/complaints/{id}");
    let mut body = complaint(f, json!({ "conduct": "arrogance", "incident_on": "2023-05-09" }));
    body.as_object_mut().unwrap().remove("complainant");
    let updated = r.send(&r.office, Method::PUT, &path, Some(body), Some("\"1\"")).await;
    assert_eq!(updated.status, 200, "{}", updated.body);
    assert_eq!(updated.header("etag"), Some("\"2\""));
    assert_eq!(
        (updated.body["conduct"].as_str(), updated.body["has_complainant"].as_bool()),
        (Some("arrogance"), Some(true))
    );
    let who = r.get(&r.office, &format!("{path}/complainant")).await;
    assert_eq!((who.body["name"].as_str(), who.body["contact"].as_str()), (Some(NAME), Some(CONTACT)));

    // Started, given evidence, concluded.
    let started = r.move_to(&id, "start", None).await;
    assert_eq!((started.status, started.body["status"].as_str()), (200, Some("in_progress")), "{}", started.body);
    assert_eq!(started.header("etag"), Some("\"3\""));
    let link = r
        .send(
            &r.office,
            Method::POST,
            &format!("{path}/evidence-links"),
            Some(json!({ "url": "https://example.org/bien-ban-xac-minh", "title": "Biên bản xác minh" })),
            None,
        )
        .await;
    assert_eq!(link.status, 201, "{}", link.body);
    let link_id = id_of(&link.body);
    assert_eq!(link.header("location"), Some(format!("{path}/evidence/{link_id}").as_str()));
    let pdf = b"%PDF-1.4 bien ban lam viec".to_vec();
    let form = Form::new()
        .part("file", Part::bytes(pdf.clone()).file_name("biên bản.pdf").mime_str("application/pdf").unwrap())
        .text("title", "Biên bản làm việc");
    let response = r
        .app
        .client
        .post(r.app.url(&format!("{path}/evidence")))
        .bearer_auth(&r.office)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let file = Answer::of(response).await;
    assert_eq!(file.status, 201, "{}", file.body);
    assert_eq!((file.body["kind"].as_str(), file.body["title"].as_str()), (Some("file"), Some("Biên bản làm việc")));
    let file_id = id_of(&file.body);
    let download = r.get(&r.reporter_a, &format!("{path}/evidence/{file_id}/content")).await;
    assert_eq!((download.status, download.bytes.clone()), (200, pdf));
    assert_eq!(download.header("content-type"), Some("application/pdf"));
    assert!(download.header("content-disposition").unwrap().contains("filename*=UTF-8''bi%C3%AAn%20b%E1%BA%A3n.pdf"));
    r.get(&r.reporter_a, &format!("{path}/evidence/{link_id}/content")).await.assert_problem(409, "evidence_is_a_link");
    let exe = Form::new()
        .part("file", Part::bytes(vec![0x4d, 0x5a]).file_name("x.exe").mime_str("application/x-msdownload").unwrap());
    let response = r
        .app
        .client
        .post(r.app.url(&format!("{path}/evidence")))
        .bearer_auth(&r.office)
        .multipart(exe)
        .send()
        .await
        .unwrap();
    Answer::of(response).await.assert_problem(415, "unsupported_media_type");

    let deleted = r.send(&r.office, Method::DELETE, &format!("{path}/evidence/{link_id}"), None, None).await;
    assert_eq!(deleted.status, 204, "{}", deleted.body);
    let listed = r.get(&r.reporter_a, &format!("{path}/evidence")).await;
    let ids: Vec<&str> = listed.body.as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [file_id.as_str()], "the deleted link is kept but not listed");
    let all = r.get(&r.reporter_a, &format!("{path}/evidence?include_deleted=true")).await;
    assert_eq!(all.body.as_array().unwrap().len(), 2);
    assert!(all.body[0]["deleted_at"].is_string(), "{}", all.body);

    // A conclusion needs its document; then the complaint is final.
    let concluded = r.move_to(&id, "conclude", Some(conclusion("2023-06-20"))).await;
    assert_eq!(concluded.status, 200, "{}", concluded.body);
    let c = &concluded.body;
    assert_eq!(
        (c["status"].as_str(), c["outcome"].as_str(), c["conclusion_number"].as_str(), c["conclusion_on"].as_str()),
        (Some("concluded"), Some("founded"), Some("15/KL-UBND"), Some("2023-06-20"))
    );
    assert_eq!(c["conclusion_issuer"], "Chủ tịch UBND xã Đại Thắng");
    let etag = r.etag(&id).await;
    let refused = r.send(&r.office, Method::PUT, &path, Some(complaint(f, json!({}))), Some(&etag)).await;
    assert_eq!(refused.assert_problem(409, "complaint_final")["current_status"], "concluded");
    for (step, body) in
        [("start", None), ("conclude", Some(conclusion("2023-06-21"))), ("withdraw", Some(json!({ "reason": "Rút" })))]
    {
        let again = r.move_to(&id, step, body).await;
        assert_eq!(again.assert_problem(409, "illegal_move")["current_status"], "concluded", "{step}");
    }
    r.send(&r.office, Method::DELETE, &format!("{path}/evidence/{file_id}"), None, None)
        .await
        .assert_problem(409, "complaint_final");
    // The concluding document may still be attached afterwards.
    let late = r
        .send(
            &r.office,
            Method::POST,
            &format!("{path}/evidence-links"),
            Some(json!({ "url": "https://example.org/ket-luan-15", "title": "Kết luận 15/KL-UBND" })),
            None,
        )
        .await;
    assert_eq!(late.status, 201, "{}", late.body);

    // The history: recorded, started, concluded.
    let history = r.get(&r.reporter_a, &format!("{path}/history")).await;
    assert_eq!(history.status, 200, "{}", history.body);
    let steps: Vec<(&str, Option<&str>, &str)> = history
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["action"].as_str().unwrap(), e["from_status"].as_str(), e["to_status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        steps,
        [
            ("create", None, "received"),
            ("start", Some("received"), "in_progress"),
            ("conclude", Some("in_progress"), "concluded")
        ]
    );
    assert!(history.body[0]["actor"].as_str().unwrap().starts_with("user:"));

    // Withdrawn from in progress, declined from received, each with its reason; declining an open case is refused.
    let withdrawn = r.record(complaint(f, json!({ "complainant": null }))).await;
    assert_eq!(r.move_to(&withdrawn, "start", None).await.status, 200);
    r.move_to(&withdrawn, "decline", Some(json!({ "reason": "Không thuộc thẩm quyền" })))
        .await
        .assert_problem(409, "illegal_move");
    let answer = r.move_to(&withdrawn, "withdraw", Some(json!({ "reason": "  Người tố cáo rút đơn.  " }))).await;
    assert_eq!(
        (answer.body["status"].as_str(), answer.body["status_reason"].as_str()),
        (Some("withdrawn"), Some("Người tố cáo rút đơn."))
    );
    assert!(!answer.body["has_complainant"].as_bool().unwrap());
    let declined = r.record(complaint(f, json!({}))).await;
    let answer = r.move_to(&declined, "decline", Some(json!({ "reason": "Đơn nặc danh" }))).await;
    assert_eq!((answer.status, answer.body["status"].as_str()), (200, Some("not_accepted")), "{}", answer.body);
    let history = r.get(&r.office, &format!("/api/v1/complaints/{declined}/history")).await;
    assert_eq!(history.body[1]["reason"], "Đơn nặc danh");
    let direct = r.record(complaint(f, json!({}))).await;
    let answer = r
        .move_to(
            &direct,
            "conclude",
            Some(json!({ "outcome": "unfounded", "conclusion_number": "2/KL-UBND",
        "conclusion_on": "2023-05-10", "conclusion_issuer": "Chủ tịch UBND xã" })),
        )
        .await;
    assert_eq!(
        (answer.status, answer.body["outcome"].as_str()),
        (200, Some("unfounded")),
        "a received complaint may be concluded at once"
    );
}

#[actix_web::test]
async fn bad_input_is_a_422_naming_each_field() {
    let r = Register::open().await;
    let f = &r.f;
    let create = |body: Value| r.send(&r.office, Method::POST, "/api/v1/complaints", Some(body), None);
    let tomorrow = (chrono::Utc::now() + chrono::TimeDelta::days(2)).date_naive().to_string();

    let cases: Vec<(Value, Vec<&str>)> = vec![
        (json!({ "received_on": tomorrow, "incident_on": "2023-05-08" }), vec!["received_on"]),
        (json!({ "incident_on": "2023-05-11" }), vec!["incident_on"]),
        (json!({ "org_unit_id": "no-such-unit", "person_id": null }), vec!["org_unit_id"]),
        (json!({ "org_unit_id": f.other_unit, "person_id": null }), vec!["org_unit_id"]),
        (json!({ "person_id": "no-such-person" }), vec!["person_id"]),
        (json!({ "person_id": f.person_other }), vec!["person_id"]),
        (json!({ "org_unit_id": f.unit_b }), vec!["person_id"]),
        (json!({ "description": "  \n " }), vec!["description"]),
        (json!({ "description": "a\u{0}b" }), vec!["description"]),
        (json!({ "description": "ệ".repeat(20_001) }), vec!["description"]),
        (json!({ "complainant": { "name": "" } }), vec!["complainant.name"]),
        // A NUL is refused at the edge, before any other rule is read.
        (json!({ "complainant": { "name": "A\u{0}", "contact": "x".repeat(501) } }), vec!["complainant.name"]),
        (json!({ "complainant": { "name": "A", "contact": "x".repeat(501) } }), vec!["complainant.contact"]),
        (json!({ "channel": "fax" }), vec!["channel"]),
        (json!({ "received_on": "10/05/2023" }), vec!["received_on"]),
        (json!({ "conduct": "rudeness" }), vec!["conduct"]),
        (
            json!({ "received_on": tomorrow, "incident_on": "2099-01-01", "description": "" }),
            vec!["received_on", "incident_on", "description"],
        ),
    ];
    for (changes, expected) in cases {
        let answer = create(complaint(f, changes.clone())).await;
        answer.assert_problem(422, "validation_failed");
        assert_eq!(fields(&answer), expected, "{changes}: {}", answer.body);
    }
    let mut missing = complaint(f, json!({}));
    missing.as_object_mut().unwrap().remove("org_unit_id");
    let answer = create(missing).await;
    assert_eq!((fields(&answer), answer.body["errors"][0]["code"].as_str()), (vec!["org_unit_id"], Some("required")));
    let answer = create(complaint(f, json!({ "person_id": f.person_other }))).await;
    assert_eq!(answer.body["errors"][0]["code"], "not_found", "a person outside the scope is not confirmed");
    let answer = create(complaint(f, json!({ "org_unit_id": f.unit_b }))).await;
    assert_eq!(answer.body["errors"][0]["code"], "not_in_unit");
    // A blank contact and an empty person are taken as none.
    let ok =
        create(complaint(f, json!({ "person_id": "", "complainant": { "name": "Ẩn danh", "contact": " " } }))).await;
    assert_eq!(ok.status, 201, "{}", ok.body);
    assert!(ok.body["person_id"].is_null());

    // The moves' bodies.
    let id = r.record(complaint(f, json!({}))).await;
    for (step, body, field) in [
        ("withdraw", json!({ "reason": "   " }), "reason"),
        ("withdraw", json!({}), "reason"),
        ("decline", json!({ "reason": "x".repeat(2_001) }), "reason"),
        (
            "conclude",
            json!({ "outcome": "founded", "conclusion_number": "", "conclusion_on": "2023-06-01", "conclusion_issuer": "UBND" }),
            "conclusion_number",
        ),
        (
            "conclude",
            json!({ "outcome": "founded", "conclusion_number": "1", "conclusion_on": "2023-05-09", "conclusion_issuer": "UBND" }),
            "conclusion_on",
        ),
        (
            "conclude",
            json!({ "outcome": "founded", "conclusion_number": "1", "conclusion_on": tomorrow, "conclusion_issuer": "UBND" }),
            "conclusion_on",
        ),
        (
            "conclude",
            json!({ "outcome": "maybe", "conclusion_number": "1", "conclusion_on": "2023-06-01", "conclusion_issuer": "UBND" }),
            "outcome",
        ),
        (
            "conclude",
            json!({ "outcome": "founded", "conclusion_on": "2023-06-01", "conclusion_issuer": "UBND" }),
            "conclusion_number",
        ),
        (
            "conclude",
            json!({ "outcome": "founded", "conclusion_number": "1", "conclusion_on": "2023-06-01", "conclusion_issuer": "\u{7}" }),
            "conclusion_issuer",
        ),
    ] {
        let answer = r.move_to(&id, step, Some(body.clone())).await;
        answer.assert_problem(422, "validation_failed");
        assert_eq!(fields(&answer), [field], "{step} {body}: {}", answer.body);
    }
    assert_eq!(r.get(&r.office, &format!("/api/v1/complaints/{id}")).await.body["status"], "received", "nothing moved");

    // Evidence links.
    let answer = r
        .send(
            &r.office,
            Method::POST,
            &format!("/api/v1/complaints/{id}/evidence-links"),
            Some(json!({ "url": "javascript:alert(1)", "title": "" })),
            None,
        )
        .await;
    assert_eq!(fields(&answer), ["url", "title"], "{}", answer.body);

    // The list's filters.
    for (query, field) in [("year=1800", "year"), ("received_from=2023-06-01&received_to=2023-05-01", "received_to")] {
        let answer = r.get(&r.office, &format!("/api/v1/complaints?{query}")).await;
        answer.assert_problem(422, "validation_failed");
        assert_eq!(fields(&answer), [field], "{query}");
    }
    for query in ["status=lost", "year=two", "received_from=yesterday", "conduct=rudeness"] {
        r.get(&r.office, &format!("/api/v1/complaints?{query}")).await.assert_problem(400, "invalid_query");
    }
}

#[actix_web::test]
async fn the_complainant_is_answered_to_the_office_and_the_chairman_alone_and_every_read_is_audited() {
    let r = Register::open().await;
    let f = &r.f;
    let id = r.record(complaint(f, json!({}))).await;
    let path = format!("/api/v1/complaints/{id}");
    let link = r
        .send(
            &r.office,
            Method::POST,
            &format!("{path}/evidence-links"),
            Some(json!({ "url": "https://example.org/don", "title": "Đơn tố cáo" })),
            None,
        )
        .await;
    assert_eq!(link.status, 201, "{}", link.body);
    assert_eq!(r.move_to(&id, "start", None).await.status, 200);
    // Corrected with another contact: the log marks the change, never the contact.
    let etag = r.etag(&id).await;
    let changed = complaint(f, json!({ "complainant": { "name": NAME, "contact": "0987 654 321, thôn Tây" } }));
    assert_eq!(r.send(&r.office, Method::PUT, &path, Some(changed), Some(&etag)).await.status, 200);
    let etag = r.etag(&id).await;
    assert_eq!(r.send(&r.office, Method::PUT, &path, Some(complaint(f, json!({}))), Some(&etag)).await.status, 200);

    // A reporter of the unit reads the complaint, the list, the history, the
    // evidence and the log — never who complained — and may not ask.
    for answer in [
        r.get(&r.reporter_a, &path).await,
        r.get(&r.reporter_a, "/api/v1/complaints").await,
        r.get(&r.reporter_a, &format!("/api/v1/complaints?org_unit_id={}&person_id={}", f.unit_a, f.person_a)).await,
        r.get(&r.reporter_a, &format!("{path}/history")).await,
        r.get(&r.reporter_a, &format!("{path}/evidence?include_deleted=true")).await,
    ] {
        assert_eq!(answer.status, 200, "{}", answer.body);
        assert_no_identity("a reporter's answer", &answer.bytes);
    }
    let listed = r.get(&r.reporter_a, "/api/v1/complaints").await;
    assert!(listed.body["items"].as_array().unwrap().iter().any(|c| c["id"] == id.as_str()));
    let reporter_log = r.audit_log(&r.reporter_a, "").await;
    let about_it: Vec<&Value> = reporter_log.iter().filter(|e| e["entity_id"] == id.as_str()).collect();
    assert!(about_it.len() >= 4, "the reporter reads the complaint's events: {about_it:#?}");
    assert_no_identity("the reporter's audit log", serde_json::to_string(&reporter_log).unwrap().as_bytes());
    r.get(&r.reporter_a, &format!("{path}/complainant")).await.assert_problem(403, "forbidden");

    // The office's lists never hold it either.
    for answer in [
        r.get(&r.office, "/api/v1/complaints?limit=200").await,
        r.get(&r.chairman, "/api/v1/complaints?status=in_progress").await,
        r.get(&r.office, &path).await,
    ] {
        assert_eq!(answer.status, 200, "{}", answer.body);
        assert_no_identity("a list or a read", &answer.bytes);
    }

    // Each read by the office or the chairman is one more audit event, which names no one.
    let reads = async || {
        r.audit_log(&r.office, &format!("&entity=complaint&entity_id={id}"))
            .await
            .into_iter()
            .filter(|e| e["action"] == "read_complainant")
            .collect::<Vec<Value>>()
    };
    assert!(reads().await.is_empty());
    let mut seen = 0;
    for token in [&r.office, &r.chairman, &r.office] {
        let who = r.get(token, &format!("{path}/complainant")).await;
        assert_eq!(who.status, 200, "{}", who.body);
        assert_eq!(
            (
                who.body["complaint_id"].as_str(),
                who.body["recorded"].as_bool(),
                who.body["name"].as_str(),
                who.body["contact"].as_str()
            ),
            (Some(id.as_str()), Some(true), Some(NAME), Some(CONTACT))
        );
        seen += 1;
        let events = reads().await;
        assert_eq!(events.len(), seen, "one event per read");
        let me = r.get(token, "/api/v1/me").await;
        let last = events.last().unwrap();
        assert_eq!(last["actor"], format!("user:{}", me.body["id"].as_str().unwrap()));
        assert_eq!((last["entity"].as_str(), last["entity_id"].as_str()), (Some("complaint"), Some(id.as_str())));
        assert_no_identity("a read_complainant event", last.to_string().as_bytes());
    }
    // A complaint with no complainant answers so, and the read is audited all the same.
    let anonymous = r.record(complaint(f, json!({ "complainant": null }))).await;
    let who = r.get(&r.chairman, &format!("/api/v1/complaints/{anonymous}/complainant")).await;
    assert_eq!((who.body["recorded"].as_bool(), who.body["name"].is_null()), (Some(false), true), "{}", who.body);
    let log = r.audit_log(&r.office, &format!("&entity_id={anonymous}")).await;
    assert!(log.iter().any(|e| e["action"] == "read_complainant"));

    // The log marks the complainant and nothing more of it, whoever reads it.
    let log = r.audit_log(&r.office, &format!("&entity=complaint&entity_id={id}")).await;
    let marks: Vec<(&str, &str)> = log
        .iter()
        .filter(|e| e["action"] != "read_complainant")
        .map(|e| (e["action"].as_str().unwrap(), e["after"]["complainant"].as_str().unwrap()))
        .collect();
    assert_eq!(marks, [("create", "recorded"), ("start", "recorded"), ("update", "changed"), ("update", "changed")]);
    assert_no_identity(
        "the office's audit log",
        serde_json::to_string(&r.audit_log(&r.office, "").await).unwrap().as_bytes(),
    );
    assert_no_identity(
        "the chairman's audit log",
        serde_json::to_string(&r.audit_log(&r.chairman, "").await).unwrap().as_bytes(),
    );
    // Removed: the answer says so, the log marks it.
    let etag = r.etag(&id).await;
    let removed =
        r.send(&r.office, Method::PUT, &path, Some(complaint(f, json!({ "complainant": null }))), Some(&etag)).await;
    assert_eq!(removed.body["has_complainant"], false, "{}", removed.body);
    let last = r.audit_log(&r.office, &format!("&entity=complaint&entity_id={id}")).await.pop().unwrap();
    assert_eq!(
        (last["before"]["complainant"].as_str(), last["after"]["complainant"].as_str()),
        (Some("recorded"), Some("none"))
    );
}

#[actix_web::test]
async fn each_role_reaches_the_complaints_of_its_scope_only() {
    let r = Register::open().await;
    let f = &r.f;
    let about_a = r.record(complaint(f, json!({}))).await;
    let about_b = r
        .record(complaint(f, json!({ "org_unit_id": f.unit_b, "person_id": null, "received_on": "2024-02-01", "incident_on": "2024-01-15",
            "legal_kind": "feedback", "conduct": "delay", "channel": "portal" })))
        .await;
    // Another commune's office records one about its own unit.
    let body = json!({ "username": "office.khac", "display_name": "Văn phòng xã khác", "role": "office",
        "org_unit_id": f.other_unit, "password": PASSWORD });
    assert_eq!(r.app.admin_json(Method::POST, "/api/v1/users", body).await.status, 201);
    let other_office = r.app.login("office.khac", PASSWORD).await;
    let elsewhere = r
        .send(
            &other_office,
            Method::POST,
            "/api/v1/complaints",
            Some(complaint(f, json!({ "org_unit_id": f.other_unit, "person_id": f.person_other }))),
            None,
        )
        .await;
    assert_eq!(elsewhere.status, 201, "{}", elsewhere.body);
    let elsewhere = id_of(&elsewhere.body);

    // Outside the grant: 404, as if it did not exist — for every operation.
    let etag = "\"1\"";
    for (token, id) in
        [(&r.reporter_b, &about_a), (&r.reporter_a, &about_b), (&r.office, &elsewhere), (&r.chairman, &elsewhere)]
    {
        for sub in ["", "/history", "/evidence", "/evidence/x/content"] {
            r.get(token, &format!("/api/v1/complaints/{id}{sub}")).await.assert_problem(404, "not_found");
        }
    }
    for (method, sub, body) in [
        (Method::PUT, "", Some(complaint(f, json!({})))),
        (Method::POST, "/start", None),
        (Method::POST, "/withdraw", Some(json!({ "reason": "Rút" }))),
        (Method::POST, "/evidence-links", Some(json!({ "url": "https://example.org/x", "title": "x" }))),
        (Method::DELETE, "/evidence/x", None),
    ] {
        let answer = r.send(&r.office, method, &format!("/api/v1/complaints/{elsewhere}{sub}"), body, Some(etag)).await;
        answer.assert_problem(404, "not_found");
    }
    r.get(&r.chairman, &format!("/api/v1/complaints/{elsewhere}/complainant")).await.assert_problem(404, "not_found");
    r.get(&other_office, &format!("/api/v1/complaints/{about_a}/complainant")).await.assert_problem(404, "not_found");
    // The district and the admin do not read the register; a service account neither.
    for token in [&r.district, &r.app.admin, &f.service_token(&r.app).await] {
        r.get(token, "/api/v1/complaints").await.assert_problem(403, "forbidden");
    }

    // Lists follow the grant: a reporter sees its own unit's, the chairman and the office their commune's.
    let ids = |answer: &Answer| -> Vec<String> {
        assert_eq!(answer.status, 200, "{}", answer.body);
        answer.body["items"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_owned()).collect()
    };
    let a_ids = ids(&r.get(&r.reporter_a, "/api/v1/complaints?limit=200").await);
    assert!(
        a_ids.contains(&about_a)
            && a_ids.contains(&f.complaint_a)
            && !a_ids.contains(&about_b)
            && !a_ids.contains(&elsewhere)
    );
    assert_eq!(ids(&r.get(&r.reporter_b, "/api/v1/complaints").await), [about_b.as_str()]);
    let commune = r.get(&r.chairman, "/api/v1/complaints").await;
    assert_eq!(commune.body["total"], 3, "{}", commune.body);
    assert_eq!(ids(&r.get(&other_office, "/api/v1/complaints").await), [elsewhere.as_str()]);

    // The filters.
    let query = async |q: String| ids(&r.get(&r.office, &format!("/api/v1/complaints?{q}")).await);
    assert_eq!(query(format!("org_unit_id={}", f.unit_b)).await, [about_b.as_str()]);
    assert_eq!(query(format!("org_unit_id={}", f.commune)).await.len(), 3, "a unit's subtree");
    assert!(query(format!("org_unit_id={}", f.other_commune)).await.is_empty(), "never beyond the grant");
    assert!(query("org_unit_id=no-such-unit".into()).await.is_empty());
    assert_eq!(query(format!("person_id={}", f.person_a)).await.len(), 2);
    assert_eq!(query("year=2024".into()).await, [about_b.as_str()]);
    assert_eq!(query("year=2023".into()).await, [about_a.as_str()]);
    assert_eq!(query("received_from=2024-01-01&received_to=2024-12-31".into()).await, [about_b.as_str()]);
    assert_eq!(query("received_to=2023-12-31".into()).await, [about_a.as_str()]);
    assert_eq!(query("legal_kind=denunciation&conduct=harassment&status=received".into()).await, [about_a.as_str()]);
    // `channel` is no filter: refused, rather than ignored into a wider list.
    let unknown = r.get(&r.office, "/api/v1/complaints?channel=portal&conduct=delay").await;
    assert_eq!(unknown.assert_problem(400, "invalid_query")["errors"][0]["field"], "channel");
    assert!(query("outcome=founded".into()).await.is_empty());
    assert_eq!(r.move_to(&about_a, "conclude", Some(conclusion("2023-06-01"))).await.status, 200);
    assert_eq!(query("outcome=founded".into()).await, [about_a.as_str()]);
    assert_eq!(query("status=concluded&outcome=founded&year=2023".into()).await, [about_a.as_str()]);
    // Newest received first, paged.
    let page = r.get(&r.office, "/api/v1/complaints?limit=1&offset=1").await;
    assert_eq!(
        (page.body["total"].as_i64(), page.body["limit"].as_i64(), page.body["offset"].as_i64()),
        (Some(3), Some(1), Some(1))
    );
    let first = r.get(&r.office, "/api/v1/complaints?limit=1").await;
    assert_eq!(first.body["items"][0]["id"], f.complaint_a.as_str(), "received today, the latest");
}

#[actix_web::test]
async fn every_change_needs_the_version_read() {
    let r = Register::open().await;
    let f = &r.f;
    let id = r.record(complaint(f, json!({}))).await;
    let path = format!("/api/v1/complaints/{id}");
    let changes: Vec<(Method, String, Option<Value>)> = vec![
        (Method::PUT, path.clone(), Some(complaint(f, json!({})))),
        (Method::POST, format!("{path}/start"), None),
        (Method::POST, format!("{path}/conclude"), Some(conclusion("2023-06-01"))),
        (Method::POST, format!("{path}/withdraw"), Some(json!({ "reason": "Rút đơn" }))),
        (Method::POST, format!("{path}/decline"), Some(json!({ "reason": "Không thụ lý" }))),
    ];
    for (method, target, body) in &changes {
        r.send(&r.office, method.clone(), target, body.clone(), None).await.assert_problem(428, "if_match_required");
        r.send(&r.office, method.clone(), target, body.clone(), Some("\"7\""))
            .await
            .assert_problem(412, "stale_version");
    }
    // Checked after the scope and the values: a bad body without If-Match is 422, a reporter's 403.
    r.send(&r.office, Method::POST, &format!("{path}/withdraw"), Some(json!({ "reason": "" })), None)
        .await
        .assert_problem(422, "validation_failed");
    r.send(&r.reporter_a, Method::POST, &format!("{path}/start"), None, None).await.assert_problem(403, "forbidden");
    assert_eq!(r.get(&r.office, &path).await.body["version"], 1, "nothing changed");

    // Two moves at once from the same version: exactly one lands.
    let (start, decline) = (format!("{path}/start"), format!("{path}/decline"));
    let (a, b) = tokio::join!(
        r.send(&r.office, Method::POST, &start, None, Some("\"1\"")),
        r.send(&r.office, Method::POST, &decline, Some(json!({ "reason": "Không thụ lý" })), Some("\"1\"")),
    );
    let mut statuses = [a.status, b.status];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 412], "{} / {}", a.body, b.body);
    let history = r.get(&r.office, &format!("{path}/history")).await;
    assert_eq!(history.body.as_array().unwrap().len(), 2, "one move recorded: {}", history.body);
}

/// The lengths the document publishes for the register's text are those the service checks.
#[test]
fn the_documented_text_limits_are_the_checked_ones() {
    use thidua::domain::complaint::{MAX_CONTACT, MAX_DOCUMENT_NUMBER, MAX_REASON};
    use thidua::domain::text::{MAX_DESCRIPTION, MAX_NAME};
    let doc: Value = serde_json::from_str(include_str!("../../openapi/openapi.json")).unwrap();
    let schemas = &doc["components"]["schemas"];
    for (schema, field, max) in [
        ("ComplaintInput", "description", MAX_DESCRIPTION),
        ("ComplainantInput", "name", MAX_NAME),
        ("ComplainantInput", "contact", MAX_CONTACT),
        ("ConcludeInput", "conclusion_number", MAX_DOCUMENT_NUMBER),
        ("ConcludeInput", "conclusion_issuer", MAX_NAME),
        ("ReasonInput", "reason", MAX_REASON),
    ] {
        assert_eq!(schemas[schema]["properties"][field]["maxLength"], max, "{schema}.{field}");
    }
}
