//! Plan 05/KH-UBND's commendation loop end to end, on the demo's approved
//! 2023 results, through the API alone: award rules → suggestions →
//! complaints → nominations → posting → the council (quorum and threshold
//! both ways) → the chairman's decisions, refused where a rule is not met →
//! award decisions with amounts checked by hand → a district Giấy khen
//! forwarded and recorded → a revoked line.

use reqwest::Method;
use serde_json::{Value, json};

use crate::demo::demo_with_results;
use crate::reports::as_user;
use crate::support::fixture::id_of;
use crate::support::{Answer, TestApp};

struct Walk<'a> {
    app: &'a TestApp,
}

impl Walk<'_> {
    async fn get(&self, token: &str, path: &str) -> Answer {
        let answer = self.app.call(Method::GET, path).bearer(token).send().await;
        assert_eq!(answer.status, 200, "GET {path}: {}", answer.body);
        answer
    }

    async fn send(&self, token: &str, method: Method, path: &str, body: Value) -> Answer {
        self.app.call(method, path).bearer(token).json(body).send().await
    }

    /// A POST that must create: answers the new id.
    async fn create(&self, token: &str, path: &str, body: Value) -> String {
        let answer = self.send(token, Method::POST, path, body).await;
        assert_eq!(answer.status, 201, "POST {path}: {}", answer.body);
        id_of(&answer.body)
    }

    /// A change with the `ETag` of `resource` (read by the same caller) in If-Match.
    async fn change(&self, token: &str, method: Method, resource: &str, path: &str, body: Value) -> Answer {
        let current = self.get(token, resource).await;
        self.app
            .call(method, path)
            .bearer(token)
            .header("if-match", current.header("etag").expect("an ETag"))
            .json(body)
            .send()
            .await
    }

    /// A nomination's move that must land.
    async fn nomination_move(&self, token: &str, id: &str, step: &str, body: Value) -> Answer {
        let path = format!("/api/v1/nominations/{id}");
        let moved = self.change(token, Method::POST, &path, &format!("{path}/{step}"), body).await;
        assert_eq!(moved.status, 200, "{step} {id}: {}", moved.body);
        moved
    }

    async fn rule(&self, token: &str, nomination: &str, code: &str) -> Value {
        let eligibility = self.get(token, &format!("/api/v1/nominations/{nomination}/eligibility")).await.body;
        eligibility["rules"].as_array().unwrap().iter().find(|r| r["code"] == code).cloned().expect("the rule")
    }
}

fn by_code(list: &Value, code: &str) -> String {
    let items = list["items"].as_array().unwrap_or_else(|| list.as_array().unwrap());
    items.iter().find(|i| i["code"] == code).unwrap_or_else(|| panic!("{code} in {list}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn person(list: &Value, name: &str) -> String {
    let found = list["items"].as_array().unwrap().iter().find(|p| p["full_name"] == name);
    found.unwrap_or_else(|| panic!("{name}"))["id"].as_str().unwrap().to_owned()
}

#[actix_web::test]
async fn the_commendation_loop_of_plan_05_from_results_to_revocation() {
    let app = TestApp::spawn().await;
    let passwords = demo_with_results(&app).await;
    let w = Walk { app: &app };
    let office = as_user(&app, &passwords, "vanphong").await;
    let chairman = as_user(&app, &passwords, "chutich").await;
    let district = as_user(&app, &passwords, "huyenvuban").await;
    let reporter = as_user(&app, &passwords, "hoinongdan").await;

    let campaign =
        w.get(&office, "/api/v1/campaigns?code=05/KH-UBND").await.body["items"][0]["id"].as_str().unwrap().to_owned();
    let units = w.get(&office, "/api/v1/org-units?limit=200").await.body;
    let unit = |code: &str| by_code(&units, code);
    let commune = unit("XA-DAI-THANG");
    let people = w.get(&office, "/api/v1/people?limit=200").await.body;

    // The plan's rules (§VI): a commune Giấy khen for a collective at 90 or
    // more with every target met, for an individual who completed the
    // year's tasks well; the district's for the best three collectives.
    let rules = format!("/api/v1/campaigns/{campaign}/award-rules");
    for rule in [
        json!({ "award_type_id": "at-giay-khen-xa", "subject_kind": "collective", "min_score": 90,
                "all_targets_met": true, "basis": "Kế hoạch 05/KH-UBND §VI.1" }),
        json!({ "award_type_id": "at-giay-khen-xa", "subject_kind": "individual", "min_rating": "completed_well",
                "basis": "Kế hoạch 05/KH-UBND §VI.1" }),
        json!({ "award_type_id": "at-giay-khen-huyen", "subject_kind": "collective", "min_score": 90,
                "all_targets_met": true, "max_rank": 3, "basis": "Kế hoạch 05/KH-UBND §VI.1" }),
    ] {
        w.create(&office, &rules, rule).await;
    }

    // Suggestions from the approved results: the four units that met every target.
    let suggested = w.get(&office, &format!("/api/v1/campaigns/{campaign}/nominations/suggestions")).await.body;
    let text = suggested.to_string();
    for code in ["DT-TP-HT", "DT-DC-XD", "DT-HND", "DT-CA"] {
        assert!(text.contains(&unit(code)), "{code} suggested: {suggested}");
    }
    assert!(!text.contains(&unit("DT-VH-XH")), "80 is not enough: {suggested}");

    // The register: founded harassment by Địa chính, a waste complaint about
    // Hội Nông dân still being handled, an unfounded one about Công an xã.
    let complaint = |code: &str, conduct: &str, incident: &str| {
        json!({ "received_on": "2023-09-04", "channel": "one_stop_desk", "legal_kind": "complaint",
                "conduct": conduct, "incident_on": incident, "org_unit_id": unit(code),
                "description": "Phản ánh của công dân về thái độ giải quyết hồ sơ.",
                "complainant": { "name": "Nguyễn Văn An", "contact": "0912 345 678" } })
    };
    let founded = w.create(&office, "/api/v1/complaints", complaint("DT-DC-XD", "harassment", "2023-08-15")).await;
    let pending = w.create(&office, "/api/v1/complaints", complaint("DT-HND", "waste", "2023-08-20")).await;
    let unfounded = w.create(&office, "/api/v1/complaints", complaint("DT-CA", "bureaucracy", "2023-08-25")).await;
    for (id, outcome) in [(&founded, "founded"), (&unfounded, "unfounded")] {
        let path = format!("/api/v1/complaints/{id}");
        let concluded = w
            .change(
                &office,
                Method::POST,
                &path,
                &format!("{path}/conclude"),
                json!({ "outcome": outcome, "conclusion_number": "21/KL-UBND", "conclusion_on": "2023-10-02",
                        "conclusion_issuer": "Chủ tịch UBND xã Đại Thắng" }),
            )
            .await;
        assert_eq!(concluded.status, 200, "{}", concluded.body);
    }
    let path = format!("/api/v1/complaints/{pending}");
    assert_eq!(w.change(&office, Method::POST, &path, &format!("{path}/start"), json!(null)).await.status, 200);
    // The reporter of Hội Nông dân sees the complaint about its unit, never who made it.
    let seen = w.get(&reporter, &path).await.body;
    assert!(!seen.to_string().contains("Nguyễn Văn An") && !seen.to_string().contains("0912"), "{seen}");

    // Nominations for the whole campaign.
    let collective = |code: &str, award: &str| {
        json!({ "campaign_id": campaign, "subject_kind": "collective", "org_unit_id": unit(code),
                "award_type_id": award, "summary": "Dẫn đầu phong trào cải cách hành chính năm 2023" })
    };
    let individual = |name: &str, rating: &str| {
        json!({ "campaign_id": campaign, "subject_kind": "individual", "person_id": person(&people, name),
                "award_type_id": "at-giay-khen-xa", "task_rating": rating,
                "summary": "Hoàn thành tốt nhiệm vụ cải cách hành chính năm 2023" })
    };
    let n = "/api/v1/nominations";
    let justice = w.create(&office, n, collective("DT-TP-HT", "at-giay-khen-xa")).await;
    let land = w.create(&office, n, collective("DT-DC-XD", "at-giay-khen-xa")).await;
    let farmers = w.create(&office, n, collective("DT-HND", "at-giay-khen-xa")).await;
    let police = w.create(&office, n, collective("DT-CA", "at-giay-khen-huyen")).await;
    let justice_again = w.create(&office, n, collective("DT-TP-HT", "at-giay-khen-huyen")).await;
    let mai = w.create(&office, n, individual("Trần Thị Mai", "completed_well")).await;
    let toan = w.create(&office, n, individual("Lê Văn Toàn", "completed_excellently")).await;
    let all = [&justice, &land, &farmers, &police, &justice_again, &mai, &toan];

    // Proposed, then posted from 1 December 2023 for ten working days (to the 15th).
    for id in all {
        w.nomination_move(&office, id, "propose", json!(null)).await;
        let posted = w.nomination_move(&office, id, "post", json!({ "posted_on": "2023-12-01" })).await;
        assert_eq!(posted.body["posted_until"], "2023-12-15", "{}", posted.body);
    }
    let feedback = w
        .send(
            &office,
            Method::POST,
            &format!("{n}/{justice}/feedback"),
            json!({ "received_on": "2023-12-05", "source": "Hòm thư góp ý", "body": "Nhân dân đồng tình." }),
        )
        .await;
    assert_eq!(feedback.status, 201, "{}", feedback.body);

    // The council: the chairman chairs, the office's official is the standing member.
    let mut members = Vec::new();
    for (name, role) in [("Nguyễn Văn Hùng", "chair"), ("Phạm Thị Lan", "standing_member"), ("Vũ Thị Hồng", "member")]
    {
        let body = json!({ "person_id": person(&people, name), "role": role, "term_from": "2021-07-01" });
        members.push(w.create(&office, "/api/v1/council-members", body).await);
    }
    let meeting = w
        .create(
            &office,
            "/api/v1/council-meetings",
            json!({ "held_on": "2023-12-18", "title": "Họp Hội đồng Thi đua – Khen thưởng xã xét khen thưởng năm 2023",
                    "nomination_ids": all }),
        )
        .await;
    let meeting_path = format!("/api/v1/council-meetings/{meeting}");
    let attend = |ids: Vec<String>| {
        let (w, office, meeting_path) = (&w, &office, &meeting_path);
        async move {
            let put = w
                .change(
                    office,
                    Method::PUT,
                    meeting_path,
                    &format!("{meeting_path}/attendance"),
                    json!({ "member_ids": ids }),
                )
                .await;
            assert_eq!(put.status, 200, "{}", put.body);
        }
    };
    // One of three present: no quorum (more than half must attend).
    attend(vec![members[2].clone()]).await;
    for id in all {
        let votes = json!({ "votes_for": 1, "votes_against": 0, "votes_total": 1 });
        let put = w.change(&office, Method::PUT, &meeting_path, &format!("{meeting_path}/votes/{id}"), votes).await;
        assert_eq!(put.status, 200, "{}", put.body);
    }
    let refused =
        w.change(&office, Method::POST, &meeting_path, &format!("{meeting_path}/conclude"), json!(null)).await;
    refused.assert_problem(409, "quorum_not_met");
    // All three present; Hội Nông dân gets two votes of three: short of 70 % of the members.
    attend(members.clone()).await;
    for id in all {
        let votes_for = if *id == farmers { 2 } else { 3 };
        let votes = json!({ "votes_for": votes_for, "votes_against": 3 - votes_for, "votes_total": 3 });
        let put = w.change(&office, Method::PUT, &meeting_path, &format!("{meeting_path}/votes/{id}"), votes).await;
        assert_eq!(put.status, 200, "{}", put.body);
    }
    let concluded =
        w.change(&office, Method::POST, &meeting_path, &format!("{meeting_path}/conclude"), json!(null)).await;
    assert_eq!(concluded.status, 200, "{}", concluded.body);
    let minutes = w.get(&chairman, &format!("{meeting_path}/minutes")).await.body;
    assert!(!minutes.to_string().contains("Nguyễn Văn An"), "no complainant in the minutes");
    for id in all {
        let nomination = w.get(&office, &format!("{n}/{id}")).await.body;
        assert_eq!(nomination["status"], "reviewed", "{nomination}");
        let expected = if *id == farmers { "failed" } else { "passed" };
        assert_eq!(nomination["council_result"], expected, "{nomination}");
    }

    // The chairman decides what is the commune's to decide.
    let decide = |id: String| {
        let (w, chairman) = (&w, &chairman);
        async move {
            let path = format!("/api/v1/nominations/{id}");
            w.change(chairman, Method::POST, &path, &format!("{path}/decide"), json!({ "outcome": "approve" })).await
        }
    };
    for id in [&justice, &mai, &toan] {
        let approved = decide(id.to_string()).await;
        assert_eq!(approved.status, 200, "{}", approved.body);
        assert_eq!(approved.body["status"], "approved");
    }
    // Địa chính: barred by the founded complaint, explained with plan 05 §VI.2.
    let barred = w.rule(&chairman, &land, "no_founded_complaint").await;
    assert_eq!(barred["outcome"], "not_met", "{barred}");
    assert_eq!(barred["basis"], "Kế hoạch 05/KH-UBND §VI.2");
    assert!(barred["explanation"].as_str().unwrap().contains(&founded), "{barred}");
    let refused = decide(land.clone()).await;
    let errors = refused.assert_problem(409, "not_eligible")["errors"].to_string();
    assert!(errors.contains("rules[no_founded_complaint]"), "{errors}");
    // Hội Nông dân: held by the complaint still being handled (and the council's vote).
    let held = w.rule(&chairman, &farmers, "no_founded_complaint").await;
    assert_eq!(held["outcome"], "pending", "{held}");
    decide(farmers.clone()).await.assert_problem(409, "not_eligible");
    // Tư pháp's second award for the same achievement: Luật 06/2022/QH15 Điều 5.
    let second = w.rule(&chairman, &justice_again, "one_achievement_one_reward").await;
    assert_eq!(second["outcome"], "not_met", "{second}");
    assert!(
        second["basis"].as_str().unwrap().contains("06/2022/QH15")
            && second["basis"].as_str().unwrap().contains("Điều 5"),
        "{second}"
    );

    // The district's Giấy khen is the district's to decide: forwarded, then recorded.
    decide(police.clone()).await.assert_problem(409, "must_be_forwarded");
    w.nomination_move(&office, &police, "forward", json!(null)).await;
    let forwarded = w.get(&district, n).await.body;
    let ids: Vec<&str> = forwarded["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [police.as_str()], "the district sees what was forwarded to it");
    let recorded = w
        .nomination_move(
            &district,
            &police,
            "superior-decision",
            json!({ "outcome": "approve", "decision_number": "215/QĐ-UBND", "decided_on": "2023-12-25",
                    "issuer": "Chủ tịch UBND huyện Vụ Bản" }),
        )
        .await;
    assert_eq!(recorded.body["status"], "approved");

    // The reward funds of 2023 and 2024.
    for year in [2023, 2024] {
        w.create(
            &office,
            "/api/v1/reward-funds",
            json!({ "org_unit_id": commune, "year": year, "budget_vnd": 10_000_000 }),
        )
        .await;
    }
    // 12/QĐ-UBND signed 2023-12-20 under NĐ 91/2017 on a base salary of 1,800,000:
    // 0.30 × 1,800,000 = 540,000 for Tư pháp – Hộ tịch, 0.15 × 1,800,000 = 270,000 for Trần Thị Mai.
    let sign = |id: String| {
        let (w, chairman) = (&w, &chairman);
        async move {
            let path = format!("/api/v1/award-decisions/{id}");
            let signed = w.change(chairman, Method::POST, &path, &format!("{path}/sign"), json!(null)).await;
            assert_eq!(signed.status, 200, "{}", signed.body);
            signed.body
        }
    };
    let decision = |number: &str, signed_on: &str, basis: &str, ids: Vec<&String>| {
        json!({ "number": number, "signed_on": signed_on, "signer_name": "Nguyễn Văn Hùng",
                "signer_title": "Chủ tịch UBND xã Đại Thắng", "legal_basis_ids": [basis], "nomination_ids": ids })
    };
    let december = w
        .create(
            &office,
            "/api/v1/award-decisions",
            decision("12/QĐ-UBND", "2023-12-20", "lb-nd-91-2017", vec![&justice, &mai]),
        )
        .await;
    let signed = sign(december.clone()).await;
    let line = |decision: &Value, nomination: &str| -> Value {
        decision["lines"].as_array().unwrap().iter().find(|l| l["nomination_id"] == nomination).cloned().unwrap()
    };
    let justice_line = line(&signed, &justice);
    assert_eq!(
        (
            justice_line["coefficient"].as_str(),
            justice_line["base_salary_vnd"].as_i64(),
            justice_line["amount_vnd"].as_i64()
        ),
        (Some("0.3"), Some(1_800_000), Some(540_000)),
        "{justice_line}"
    );
    let mai_line = line(&signed, &mai);
    assert_eq!(
        (mai_line["coefficient"].as_str(), mai_line["raw_amount_vnd"].as_i64(), mai_line["amount_vnd"].as_i64()),
        (Some("0.15"), Some(270_000), Some(270_000)),
        "{mai_line}"
    );
    assert_eq!(signed["total_vnd"], 810_000);
    // The same award to Lê Văn Toàn signed 2024-08-01: 0.3 × 2,340,000 = 702,000 → 710,000.
    let august = w
        .create(&office, "/api/v1/award-decisions", decision("07/QĐ-UBND", "2024-08-01", "lb-nd-98-2023", vec![&toan]))
        .await;
    let toan_line = line(&sign(august).await, &toan);
    assert_eq!(
        (
            toan_line["coefficient"].as_str(),
            toan_line["base_salary_vnd"].as_i64(),
            toan_line["raw_amount_vnd"].as_i64(),
            toan_line["amount_vnd"].as_i64()
        ),
        (Some("0.3"), Some(2_340_000), Some(702_000), Some(710_000)),
        "{toan_line}"
    );

    // A line revoked (never deleted): the money to recover goes back to the fund.
    let line_path = format!("/api/v1/award-decisions/{december}/lines/{}", mai_line["id"].as_str().unwrap());
    let revoked = w
        .change(&chairman, Method::POST, &line_path, &format!("{line_path}/revoke"),
            json!({ "ground": "later_violation", "reason": "Kết luận thanh tra số 05/KL-TTr phát hiện vi phạm trong năm 2023" }))
        .await;
    assert_eq!(revoked.status, 200, "{}", revoked.body);
    let after = w.get(&reporter, &format!("/api/v1/award-decisions/{december}")).await.body;
    let mai_after = line(&after, &mai);
    assert_eq!((mai_after["revoked"].as_bool(), mai_after["recover_vnd"].as_i64()), (Some(true), Some(270_000)));
    let funds = w.get(&office, "/api/v1/reward-funds?year=2023").await.body;
    assert_eq!(funds["items"][0]["committed_vnd"], 540_000, "{funds}");

    // The awarded list is every role's to read; its export opens in a spreadsheet.
    let csv =
        app.call(Method::GET, &format!("/api/v1/award-decisions/{december}?format=csv")).bearer(&reporter).send().await;
    assert_eq!(csv.status, 200);
    assert!(csv.bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
    assert!(String::from_utf8_lossy(&csv.bytes).contains("Tư pháp – Hộ tịch"));
}
