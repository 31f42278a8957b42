//! A small organisation built through the API, with one account per role:
//!
//! ```text
//! ROOT (admin)
//! └─ HUYEN-VU-BAN (district; the district user, the service account)
//!    ├─ XA-DAI-THANG (commune; the chairman)
//!    │  ├─ HOI-ND   (mass organisation; reporter A, person P1)
//!    │  ├─ DOAN-TN  (mass organisation; reporter B)
//!    │  └─ VP-TK    (sector: Văn phòng – Thống kê; the office user)
//!    └─ XA-KHAC (commune)
//!       └─ KHAC-TP (sector; person P2)
//! ```

use reqwest::Method;
use serde_json::{Value, json};

use super::TestApp;
use super::commendations::Commendations;

/// Every fixture user's password.
pub const PASSWORD: &str = "mật khẩu thử nghiệm 2023";

pub struct Fixture {
    pub district: String,
    pub commune: String,
    pub unit_a: String,
    pub unit_b: String,
    pub office_unit: String,
    pub other_commune: String,
    pub other_unit: String,
    pub person_a: String,
    pub person_other: String,
    /// A user that operations act on (not one of the callers).
    pub target_user: String,
    pub service_client_id: String,
    pub service_secret: String,
    /// A service account that operations act on.
    pub target_service: String,
    pub service_id: String,
    /// A draft campaign of the commune, with one criterion and units A and B taking part.
    pub campaign: String,
    pub criterion: String,
    /// A draft campaign of the other commune.
    pub other_campaign: String,
    /// An active campaign of the commune, monthly, running now; units A and B take part.
    pub active_campaign: String,
    /// The period of `active_campaign` that holds today.
    pub current_period: String,
    /// Unit A's draft report for the current period.
    pub report_a: String,
    /// A link given as evidence on `report_a`.
    pub evidence_link: String,
    /// A complaint about unit A (person P1), received, with a complainant; recorded by the office.
    pub complaint_a: String,
    /// A link given as evidence on `complaint_a`.
    pub complaint_link: String,
    /// The council and award decisions, when asked for ([`Fixture::with_commendations`]).
    pub commendations: Option<Commendations>,
}

impl Fixture {
    pub async fn build(app: &TestApp) -> Self {
        let unit = |code: &'static str, name: &'static str, kind: &'static str, parent: String| {
            let body = json!({ "code": code, "name": name, "kind": kind, "parent_id": parent });
            async move { created(app.admin_json(Method::POST, "/api/v1/org-units", body).await) }
        };
        let root =
            app.admin_get("/api/v1/org-units?kind=root").await.body["items"][0]["id"].as_str().unwrap().to_owned();
        let district = unit("HUYEN-VU-BAN", "Huyện Vụ Bản", "district", root).await;
        let commune = unit("XA-DAI-THANG", "Xã Đại Thắng", "commune", district.clone()).await;
        let unit_a = unit("HOI-ND", "Hội Nông dân", "mass_organisation", commune.clone()).await;
        let unit_b = unit("DOAN-TN", "Đoàn Thanh niên", "mass_organisation", commune.clone()).await;
        let office_unit = unit("VP-TK", "Văn phòng – Thống kê", "sector", commune.clone()).await;
        let other_commune = unit("XA-KHAC", "Xã Khác", "commune", district.clone()).await;
        let other_unit = unit("KHAC-TP", "Tư pháp – Hộ tịch", "sector", other_commune.clone()).await;

        for (username, role, unit) in [
            ("reporter.a", "reporter", &unit_a),
            ("reporter.b", "reporter", &unit_b),
            ("office", "office", &office_unit),
            ("chairman", "chairman", &commune),
            ("district", "superior", &district),
            ("target", "reporter", &unit_a),
        ] {
            let body = json!({
                "username": username, "display_name": username, "role": role,
                "org_unit_id": unit, "password": PASSWORD,
            });
            created(app.admin_json(Method::POST, "/api/v1/users", body).await);
        }
        let target_user = app.admin_get("/api/v1/users?role=reporter").await.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["username"] == "target")
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();

        let person = |unit: &String, name: &'static str| {
            let body = json!({ "org_unit_id": unit, "full_name": name, "position": "Cán bộ" });
            async move { created(app.admin_json(Method::POST, "/api/v1/people", body).await) }
        };
        let person_a = person(&unit_a, "Nguyễn Thị Hoa").await;
        let person_other = person(&other_unit, "Lê Văn Nam").await;

        let service = app
            .admin_json(
                Method::POST,
                "/api/v1/service-accounts",
                json!({ "name": "Hệ thống báo cáo huyện", "org_unit_id": district, "scopes": ["read"] }),
            )
            .await;
        assert_eq!(service.status, 201, "{}", service.body);
        let target_service = created(
            app.admin_json(
                Method::POST,
                "/api/v1/service-accounts",
                json!({ "name": "Nhập liệu", "org_unit_id": district, "scopes": ["import"] }),
            )
            .await,
        );
        let campaign_body = |code: &str, issuer: &String| {
            json!({
                "code": code, "title": "Phong trào thử nghiệm", "issuer_id": issuer,
                "issued_on": "2023-02-10", "starts_on": "2023-02-10", "ends_on": "2023-12-31",
                "period_type": "quarter",
            })
        };
        let campaign =
            created(app.admin_json(Method::POST, "/api/v1/campaigns", campaign_body("TEST/KH", &commune)).await);
        let criterion = created(
            app.admin_json(
                Method::POST,
                &format!("/api/v1/campaigns/{campaign}/criteria"),
                json!({ "ordinal": 1, "code": "1", "title": "Tiêu chí thử", "measure": "boolean", "comparator": "=" }),
            )
            .await,
        );
        let participants = app
            .admin_json(
                Method::PUT,
                &format!("/api/v1/campaigns/{campaign}/participants"),
                json!({ "org_units": [unit_a, unit_b] }),
            )
            .await;
        assert_eq!(participants.status, 200, "{}", participants.body);
        let other_campaign =
            created(app.admin_json(Method::POST, "/api/v1/campaigns", campaign_body("KHAC/KH", &other_commune)).await);
        let today = thidua::domain::today();
        let body = json!({
            "code": "BC/KH", "title": "Phong trào đang chạy", "issuer_id": commune,
            "issued_on": today.to_string(), "starts_on": (today - chrono::Days::new(40)).to_string(),
            "ends_on": (today + chrono::Days::new(300)).to_string(), "period_type": "month",
        });
        let active_campaign = created(app.admin_json(Method::POST, "/api/v1/campaigns", body).await);
        for criterion in [
            json!({ "ordinal": 1, "code": "1", "title": "Đạt hay không", "measure": "boolean", "comparator": "=" }),
            json!({ "ordinal": 2, "code": "2", "title": "Tỷ lệ hồ sơ đúng hạn", "measure": "ratio", "comparator": ">=", "target": 90,
                    "numerator_label": "Hồ sơ đúng hạn", "denominator_label": "Tổng số hồ sơ" }),
        ] {
            created(
                app.admin_json(Method::POST, &format!("/api/v1/campaigns/{active_campaign}/criteria"), criterion).await,
            );
        }
        app.admin_json(
            Method::PUT,
            &format!("/api/v1/campaigns/{active_campaign}/participants"),
            json!({ "org_units": [unit_a, unit_b] }),
        )
        .await;
        let current = app.admin_get(&format!("/api/v1/campaigns/{active_campaign}")).await;
        let activated = app
            .call(Method::POST, &format!("/api/v1/campaigns/{active_campaign}/activate"))
            .bearer(&app.admin)
            .header("if-match", current.header("etag").unwrap())
            .send()
            .await;
        assert_eq!(activated.status, 200, "{}", activated.body);
        let current_period = format!("{}M{:02}", chrono::Datelike::year(&today), chrono::Datelike::month(&today));
        let office = app.login("office", PASSWORD).await;
        let report = app
            .call(Method::POST, "/api/v1/reports")
            .bearer(&office)
            .json(json!({ "campaign_id": active_campaign, "org_unit_id": unit_a, "period_id": current_period }))
            .send()
            .await;
        let report_a = created(report);
        let link = app
            .call(Method::POST, &format!("/api/v1/reports/{report_a}/evidence-links"))
            .bearer(&office)
            .json(json!({ "url": "https://example.org/bien-ban", "title": "Biên bản" }))
            .send()
            .await;
        let evidence_link = created(link);
        let complaint = app
            .call(Method::POST, "/api/v1/complaints")
            .bearer(&office)
            .json(json!({
                "received_on": today.to_string(), "channel": "hotline", "legal_kind": "feedback", "conduct": "delay",
                "incident_on": today.to_string(), "org_unit_id": unit_a, "person_id": person_a,
                "description": "Hẹn trả kết quả nhiều lần.", "complainant": { "name": "Người phản ánh", "contact": "0900 000 000" },
            }))
            .send()
            .await;
        let complaint_a = created(complaint);
        let link = app
            .call(Method::POST, &format!("/api/v1/complaints/{complaint_a}/evidence-links"))
            .bearer(&office)
            .json(json!({ "url": "https://example.org/phieu-tiep-nhan", "title": "Phiếu tiếp nhận" }))
            .send()
            .await;
        let complaint_link = created(link);
        Self {
            complaint_a,
            complaint_link,
            commendations: None,
            evidence_link,
            active_campaign,
            current_period,
            report_a,
            campaign,
            criterion,
            other_campaign,
            district,
            commune,
            unit_a,
            unit_b,
            office_unit,
            other_commune,
            other_unit,
            person_a,
            person_other,
            target_user,
            service_client_id: service.body["client_id"].as_str().unwrap().to_owned(),
            service_secret: service.body["client_secret"].as_str().unwrap().to_owned(),
            service_id: service.body["id"].as_str().unwrap().to_owned(),
            target_service,
        }
    }

    /// An access token for the fixture's service account.
    pub async fn service_token(&self, app: &TestApp) -> String {
        let answer = app
            .call(Method::POST, "/api/v1/auth/token")
            .json(json!({ "client_id": self.service_client_id, "client_secret": self.service_secret }))
            .send()
            .await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        answer.body["access_token"].as_str().unwrap().to_owned()
    }

    /// The fixture with the council and award-decision records built on its commune.
    pub async fn with_commendations(mut self, app: &TestApp) -> Self {
        let built =
            Commendations::build(app, &self.commune, &self.unit_a, &self.unit_b, &self.person_a, &self.campaign).await;
        self.commendations = Some(built);
        self
    }

    /// The council and award-decision records (built by [`Fixture::with_commendations`]).
    pub fn c(&self) -> &Commendations {
        self.commendations.as_ref().expect("the fixture was built with_commendations")
    }

    /// Replaces `{name}` placeholders with the fixture's ids.
    pub fn path(&self, template: &str) -> String {
        let template = match &self.commendations {
            Some(c) => c.path(template),
            None => template.to_owned(),
        };
        template
            .replace("{district}", &self.district)
            .replace("{commune}", &self.commune)
            .replace("{unit_a}", &self.unit_a)
            .replace("{unit_b}", &self.unit_b)
            .replace("{office_unit}", &self.office_unit)
            .replace("{other_commune}", &self.other_commune)
            .replace("{other_unit}", &self.other_unit)
            .replace("{person_a}", &self.person_a)
            .replace("{person_other}", &self.person_other)
            .replace("{target_user}", &self.target_user)
            .replace("{service}", &self.service_id)
            .replace("{target_service}", &self.target_service)
            .replace("{campaign}", &self.campaign)
            .replace("{criterion}", &self.criterion)
            .replace("{other_campaign}", &self.other_campaign)
            .replace("{active_campaign}", &self.active_campaign)
            .replace("{current_period}", &self.current_period)
            .replace("{report_a}", &self.report_a)
            .replace("{evidence_link}", &self.evidence_link)
            .replace("{complaint_a}", &self.complaint_a)
            .replace("{complaint_link}", &self.complaint_link)
    }
}

/// The id of what a 201 answer created.
fn created(answer: super::Answer) -> String {
    assert_eq!(answer.status, 201, "{}", answer.body);
    id_of(&answer.body)
}

pub fn id_of(body: &Value) -> String {
    body["id"].as_str().expect("an id").to_owned()
}
