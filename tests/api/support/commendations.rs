//! Council and award-decision records for the role matrix and the audit
//! trail, built on the fixture's commune: a council with one member, two
//! meetings, a reward fund, and decisions in each state. Nominations come
//! from `support::nominations` (the stand-in for their endpoints).
//!
//! ```text
//! member        chair since 2021-07-01; `spare_person` has no seat
//! meeting       2023-12-15, open, considers `considered`, member present
//! empty_meeting 2023-12-15, open, considers nothing
//! posted        a posted nomination no meeting considers
//! fund          2023, 100,000,000 đồng
//! draft         12/QĐ-UBND over `approved_draft`
//! to_sign       13/QĐ-UBND over `approved_to_sign`
//! signed        14/QĐ-UBND, signed, its line `signed_line`
//! approved_free an approved nomination on no decision
//! ```

use reqwest::Method;
use serde_json::{Value, json};

use super::fixture::{PASSWORD, id_of};
use super::nominations::{self, Nomination, Subject};
use super::{Answer, TestApp};

#[derive(Clone, Debug)]
pub struct Commendations {
    pub member: String,
    pub spare_person: String,
    pub meeting: String,
    pub considered: String,
    pub empty_meeting: String,
    pub posted: String,
    pub fund: String,
    pub draft: String,
    pub approved_draft: String,
    pub to_sign: String,
    pub signed: String,
    pub signed_line: String,
    pub approved_free: String,
}

async fn send(app: &TestApp, token: &str, method: Method, path: &str, etag: Option<&str>, body: Value) -> Answer {
    let mut call = app.call(method, path).bearer(token).json(body);
    if let Some(etag) = etag {
        call = call.header("if-match", etag);
    }
    call.send().await
}

fn created(answer: Answer) -> String {
    assert!((200..300).contains(&answer.status), "{}", answer.body);
    id_of(&answer.body)
}

impl Commendations {
    /// Builds the records in the commune of the fixture (`commune`, its
    /// units `unit_a` and `unit_b`, `person_a`, the draft `campaign`).
    pub async fn build(
        app: &TestApp,
        commune: &str,
        unit_a: &str,
        unit_b: &str,
        person_a: &str,
        campaign: &str,
    ) -> Self {
        let office = app.login("office", PASSWORD).await;
        let chairman = app.login("chairman", PASSWORD).await;
        let person = |name: &str| json!({ "org_unit_id": unit_a, "full_name": name, "position": "Ủy viên" });
        let seated =
            created(send(app, &office, Method::POST, "/api/v1/people", None, person("Chủ tịch Hội đồng")).await);
        let spare_person =
            created(send(app, &office, Method::POST, "/api/v1/people", None, person("Ủy viên mới")).await);
        let member = created(
            send(
                app,
                &office,
                Method::POST,
                "/api/v1/council-members",
                None,
                json!({ "person_id": seated, "role": "chair", "term_from": "2021-07-01" }),
            )
            .await,
        );

        let n = |subject: Subject, status| Nomination::giay_khen(campaign, subject, status);
        let person_subject = || Subject::Person { person: person_a.to_owned(), unit: unit_a.to_owned() };
        let considered = nominations::nomination(app, n(person_subject(), "posted")).await;
        let posted = nominations::nomination(app, n(Subject::Unit(unit_b.to_owned()), "posted")).await;
        let meeting_body =
            |ids: Vec<&str>| json!({ "held_on": "2023-12-15", "title": "Họp Hội đồng", "nomination_ids": ids });
        let meeting = created(
            send(app, &office, Method::POST, "/api/v1/council-meetings", None, meeting_body(vec![&considered])).await,
        );
        let attendance = json!({ "member_ids": [member] });
        let path = format!("/api/v1/council-meetings/{meeting}/attendance");
        assert_eq!(send(app, &office, Method::PUT, &path, Some("\"1\""), attendance).await.status, 200);
        let empty_meeting =
            created(send(app, &office, Method::POST, "/api/v1/council-meetings", None, meeting_body(vec![])).await);

        let fund_body = json!({ "org_unit_id": commune, "year": 2023, "budget_vnd": 100_000_000 });
        let fund = created(send(app, &office, Method::POST, "/api/v1/reward-funds", None, fund_body).await);
        let approved = || n(Subject::Unit(unit_b.to_owned()), "approved");
        let approved_draft = nominations::nomination(app, approved()).await;
        let approved_to_sign = nominations::nomination(app, approved()).await;
        let approved_signed = nominations::nomination(app, approved()).await;
        let approved_free = nominations::nomination(app, approved()).await;
        let decision = |number: &str, nomination: &str| {
            json!({ "number": number, "signed_on": "2023-12-20", "signer_name": "Nguyễn Văn An",
                "signer_title": "Chủ tịch UBND xã", "legal_basis_ids": ["lb-nd-91-2017"], "nomination_ids": [nomination] })
        };
        let draft = created(
            send(app, &office, Method::POST, "/api/v1/award-decisions", None, decision("12/QĐ-UBND", &approved_draft))
                .await,
        );
        let to_sign = created(
            send(
                app,
                &office,
                Method::POST,
                "/api/v1/award-decisions",
                None,
                decision("13/QĐ-UBND", &approved_to_sign),
            )
            .await,
        );
        let signed = created(
            send(app, &office, Method::POST, "/api/v1/award-decisions", None, decision("14/QĐ-UBND", &approved_signed))
                .await,
        );
        let path = format!("/api/v1/award-decisions/{signed}/sign");
        let answer = send(app, &chairman, Method::POST, &path, Some("\"1\""), json!({})).await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        let signed_line = answer.body["lines"][0]["id"].as_str().unwrap().to_owned();
        Self {
            member,
            spare_person,
            meeting,
            considered,
            empty_meeting,
            posted,
            fund,
            draft,
            approved_draft,
            to_sign,
            signed,
            signed_line,
            approved_free,
        }
    }

    /// Replaces the `{name}` placeholders of these records.
    pub fn path(&self, template: &str) -> String {
        template
            .replace("{council_member}", &self.member)
            .replace("{empty_meeting}", &self.empty_meeting)
            .replace("{meeting}", &self.meeting)
            .replace("{considered}", &self.considered)
            .replace("{fund}", &self.fund)
            .replace("{draft}", &self.draft)
            .replace("{to_sign}", &self.to_sign)
            .replace("{signed_line}", &self.signed_line)
            .replace("{signed}", &self.signed)
    }
}
