//! Every change is audited: one table walks every mutating operation of the
//! document, each sent with its own `X-Request-Id`, and then the log must
//! hold exactly one event for that request — naming the caller, the record
//! and the action, with the record before the change (when it existed) and
//! after it (unless it is gone). The table must cover every mutating
//! operation, as the role matrix covers every operation.

use std::collections::{BTreeSet, HashMap};

use reqwest::Method;
use serde_json::{Value, json};

use crate::support::fixture::{Fixture, PASSWORD};
use crate::support::{SMALL_PDF_FORM, TestApp};

/// Operations that change no record: signing in and out.
const NOT_RECORD_CHANGES: [&str; 3] = ["issue_token", "refresh_token", "logout"];

struct Step {
    operation: &'static str,
    method: Method,
    /// Fixture placeholders (`{unit_a}`), and `{created:<operation>}` for what an earlier step created.
    path: &'static str,
    caller: &'static str,
    body: fn(&Fixture) -> Body,
    /// Send `If-Match` with the version read (as the admin) from this path.
    if_match: Option<&'static str>,
    entity: &'static str,
    action: &'static str,
    /// Whether the event must carry the record before the change, and after it.
    before: bool,
    after: bool,
}

enum Body {
    None,
    Json(Value),
    SmallPdf,
}

fn none(_: &Fixture) -> Body {
    Body::None
}

fn steps() -> Vec<Step> {
    use Method as M;
    let step = |operation, method, path, caller, body, if_match, (entity, action, before, after)| Step {
        operation,
        method,
        path,
        caller,
        body,
        if_match,
        entity,
        action,
        before,
        after,
    };
    vec![
        step(
            "create_org_unit",
            M::POST,
            "/api/v1/org-units",
            "admin",
            |f| {
                Body::Json(
                    json!({ "code": "AUDIT-1", "name": "Bộ phận Một cửa", "kind": "sector", "parent_id": f.commune }),
                )
            },
            None,
            ("org_unit", "create", false, true),
        ),
        step(
            "update_org_unit",
            M::PATCH,
            "/api/v1/org-units/{unit_b}",
            "admin",
            |_| Body::Json(json!({ "name": "Đoàn Thanh niên Cộng sản Hồ Chí Minh" })),
            Some("/api/v1/org-units/{unit_b}"),
            ("org_unit", "update", true, true),
        ),
        step(
            "create_reorganisation",
            M::POST,
            "/api/v1/reorganisations",
            "admin",
            |f| {
                Body::Json(json!({ "kind": "rename", "effective_on": "2026-01-01", "reason": "Đổi tên theo nghị quyết",
                    "legal_basis": "Nghị quyết thử", "predecessors": [f.unit_b], "name": "Đoàn Thanh niên xã (tên mới)" }))
            },
            None,
            ("reorganisation", "create", false, true),
        ),
        step(
            "create_award_legal_basis",
            M::POST,
            "/api/v1/award-reference/legal-bases",
            "admin",
            |_| {
                Body::Json(json!({ "code": "audit/2026/NĐ-CP", "title": "Nghị định thử", "issuer": "Chính phủ",
                "in_force_from": "2026-01-01", "verified": false }))
            },
            None,
            ("award_legal_basis", "create", false, true),
        ),
        step(
            "update_award_legal_basis",
            M::PUT,
            "/api/v1/award-reference/legal-bases/lb-nd-152-2025",
            "admin",
            |_| {
                Body::Json(json!({ "code": "152/2025/NĐ-CP", "title": "Nghị định về thi đua, khen thưởng",
                "issuer": "Chính phủ", "in_force_from": "2025-07-01", "verified": false }))
            },
            Some("/api/v1/award-reference/legal-bases/lb-nd-152-2025"),
            ("award_legal_basis", "update", true, true),
        ),
        step(
            "create_base_salary",
            M::POST,
            "/api/v1/award-reference/base-salaries",
            "admin",
            |_| {
                Body::Json(json!({ "in_force_from": "2027-07-01", "amount_vnd": 2_700_000,
                "legal_basis_id": "lb-luong-co-so-2026", "verified": false }))
            },
            None,
            ("base_salary", "create", false, true),
        ),
        step(
            "update_base_salary",
            M::PUT,
            "/api/v1/award-reference/base-salaries/bs-2026-07-01",
            "admin",
            |_| {
                Body::Json(json!({ "in_force_from": "2026-07-01", "amount_vnd": 2_530_000,
                "legal_basis_id": "lb-luong-co-so-2026", "verified": true }))
            },
            Some("/api/v1/award-reference/base-salaries/bs-2026-07-01"),
            ("base_salary", "update", true, true),
        ),
        step(
            "create_person",
            M::POST,
            "/api/v1/people",
            "office",
            |f| Body::Json(json!({ "org_unit_id": f.unit_a, "full_name": "Trần Văn Bình", "position": "Hội viên" })),
            None,
            ("person", "create", false, true),
        ),
        step(
            "update_person",
            M::PATCH,
            "/api/v1/people/{person_a}",
            "office",
            |_| Body::Json(json!({ "position": "Chủ tịch Hội" })),
            Some("/api/v1/people/{person_a}"),
            ("person", "update", true, true),
        ),
        step(
            "create_user",
            M::POST,
            "/api/v1/users",
            "admin",
            |f| {
                Body::Json(json!({ "username": "audit.user", "display_name": "Người mới", "role": "reporter",
                "org_unit_id": f.unit_a, "password": PASSWORD }))
            },
            None,
            ("user", "create", false, true),
        ),
        step(
            "update_user",
            M::PATCH,
            "/api/v1/users/{target_user}",
            "admin",
            |_| Body::Json(json!({ "display_name": "Tên mới" })),
            Some("/api/v1/users/{target_user}"),
            ("user", "update", true, true),
        ),
        step(
            "reset_user_password",
            M::POST,
            "/api/v1/users/{target_user}/password",
            "admin",
            |_| Body::Json(json!({ "new_password": "một mật khẩu mới đủ dài" })),
            None,
            ("user", "reset_password", true, true),
        ),
        // Reporter B's last step: its tokens stop working after this.
        step(
            "change_my_password",
            M::POST,
            "/api/v1/me/password",
            "reporter.b",
            |_| Body::Json(json!({ "current_password": PASSWORD, "new_password": "một mật khẩu khác đủ dài" })),
            None,
            ("user", "change_password", true, true),
        ),
        step(
            "create_service_account",
            M::POST,
            "/api/v1/service-accounts",
            "admin",
            |f| Body::Json(json!({ "name": "Một cửa điện tử", "org_unit_id": f.district, "scopes": ["read"] })),
            None,
            ("service_account", "create", false, true),
        ),
        step(
            "revoke_service_account",
            M::POST,
            "/api/v1/service-accounts/{target_service}/revoke",
            "admin",
            none,
            None,
            ("service_account", "revoke", true, true),
        ),
        // A webhook of the commune's campaigns, made by the office: the campaign
        // steps below give it deliveries (`{delivery}`: its first).
        step(
            "create_webhook",
            M::POST,
            "/api/v1/webhooks",
            "office",
            |_| Body::Json(json!({ "url": "http://127.0.0.1:9/hook", "types": ["campaign"] })),
            None,
            ("webhook", "create", false, true),
        ),
        step(
            "put_setting",
            M::PUT,
            "/api/v1/settings/council.quorum_percent",
            "admin",
            |_| Body::Json(json!({ "value": "60" })),
            None,
            ("setting", "put", false, true),
        ),
        // Campaigns: the fixture's draft campaign is defined, activated and closed.
        step(
            "create_campaign",
            M::POST,
            "/api/v1/campaigns",
            "office",
            |f| {
                Body::Json(json!({ "code": "AUDIT/KH", "title": "Phong trào mới", "issuer_id": f.commune,
                "issued_on": "2024-01-01", "starts_on": "2024-01-01", "ends_on": "2024-12-31", "period_type": "half" }))
            },
            None,
            ("campaign", "create", false, true),
        ),
        step(
            "update_campaign",
            M::PATCH,
            "/api/v1/campaigns/{campaign}",
            "office",
            |_| Body::Json(json!({ "description": "Mô tả mới" })),
            Some("/api/v1/campaigns/{campaign}"),
            ("campaign", "update", true, true),
        ),
        step(
            "create_criterion",
            M::POST,
            "/api/v1/campaigns/{campaign}/criteria",
            "office",
            |_| {
                Body::Json(json!({ "ordinal": 2, "code": "2", "title": "Tiêu chí mới", "measure": "count",
                "comparator": ">=", "target": 3 }))
            },
            None,
            ("criterion", "create", false, true),
        ),
        step(
            "update_criterion",
            M::PUT,
            "/api/v1/campaigns/{campaign}/criteria/{criterion}",
            "office",
            |_| {
                Body::Json(json!({ "ordinal": 1, "code": "1", "title": "Tiêu chí đã sửa", "measure": "boolean",
                "comparator": "=" }))
            },
            Some("/api/v1/campaigns/{campaign}/criteria/{criterion}"),
            ("criterion", "update", true, true),
        ),
        step(
            "delete_criterion",
            M::DELETE,
            "/api/v1/campaigns/{campaign}/criteria/{created:create_criterion}",
            "office",
            none,
            None,
            ("criterion", "delete", true, false),
        ),
        step(
            "set_participants",
            M::PUT,
            "/api/v1/campaigns/{campaign}/participants",
            "office",
            |f| Body::Json(json!({ "org_units": [f.unit_a] })),
            None,
            ("campaign_participants", "set", true, true),
        ),
        step(
            "activate_campaign",
            M::POST,
            "/api/v1/campaigns/{campaign}/activate",
            "office",
            none,
            Some("/api/v1/campaigns/{campaign}"),
            ("campaign", "activate", true, true),
        ),
        step(
            "close_campaign",
            M::POST,
            "/api/v1/campaigns/{campaign}/close",
            "office",
            none,
            Some("/api/v1/campaigns/{campaign}"),
            ("campaign", "close", true, true),
        ),
        step(
            "import_campaign",
            M::POST,
            "/api/v1/campaigns/import",
            "office",
            |f| {
                Body::Json(json!({ "issuer_id": f.commune, "code": "NHAP/AUDIT", "participants": [],
                "definition": { "format": "thidua.campaign/1",
                    "campaign": { "code": "X", "title": "Nhập", "issued_on": "2024-01-01", "starts_on": "2024-01-01",
                        "ends_on": "2024-12-31", "period_type": "year", "legal_bases": [], "description": "",
                        "submission_days": 5, "lock_days": 15, "results_public": false },
                    "criteria": [], "participants": [] } }))
            },
            None,
            ("campaign", "import", false, true),
        ),
        step(
            "create_lock_exception",
            M::POST,
            "/api/v1/campaigns/{active_campaign}/lock-exceptions",
            "office",
            |f| {
                let expires = (chrono::Utc::now() + chrono::TimeDelta::days(7)).to_rfc3339();
                Body::Json(json!({ "period_id": f.current_period, "org_unit_id": f.unit_a, "reason": "Nộp bổ sung",
                "expires_at": expires }))
            },
            None,
            ("lock_exception", "create", false, true),
        ),
        // Reports: unit A's report is filled, given evidence, and taken through every move.
        step(
            "create_report",
            M::POST,
            "/api/v1/reports",
            "office",
            |f| {
                Body::Json(
                    json!({ "campaign_id": f.active_campaign, "org_unit_id": f.unit_b, "period_id": f.current_period }),
                )
            },
            None,
            ("report", "create", false, true),
        ),
        // A bulk import filling unit B's new report: one event, with the import's id.
        step(
            "create_import",
            M::POST,
            "/api/v1/imports",
            "office",
            |f| {
                Body::Json(json!({ "rows": [{ "campaign": "BC/KH", "unit": "DOAN-TN", "period": f.current_period,
                                               "criterion": "2", "numerator": 9, "denominator": 10 }] }))
            },
            None,
            ("report", "import", true, true),
        ),
        step(
            "put_report_values",
            M::PUT,
            "/api/v1/reports/{report_a}/values",
            "reporter.a",
            |_| {
                Body::Json(json!({ "values": [
                { "criterion": "1", "achieved": true },
                { "criterion": "2", "numerator": 19, "denominator": 20 },
            ] }))
            },
            Some("/api/v1/reports/{report_a}"),
            ("report", "put_values", true, true),
        ),
        step(
            "put_report_value",
            M::PUT,
            "/api/v1/reports/{report_a}/values/2",
            "reporter.a",
            |_| Body::Json(json!({ "numerator": 20, "denominator": 20 })),
            Some("/api/v1/reports/{report_a}"),
            ("report", "put_values", true, true),
        ),
        step(
            "add_evidence_link",
            M::POST,
            "/api/v1/reports/{report_a}/evidence-links",
            "reporter.a",
            |_| Body::Json(json!({ "url": "https://example.org/so-theo-doi", "title": "Sổ theo dõi" })),
            None,
            ("evidence", "add_link", false, true),
        ),
        step(
            "upload_evidence",
            M::POST,
            "/api/v1/reports/{report_a}/evidence",
            "reporter.a",
            |_| Body::SmallPdf,
            None,
            ("evidence", "upload", false, true),
        ),
        step(
            "delete_evidence",
            M::DELETE,
            "/api/v1/evidence/{evidence_link}",
            "reporter.a",
            none,
            None,
            ("evidence", "delete", true, true),
        ),
        step(
            "add_report_comment",
            M::POST,
            "/api/v1/reports/{report_a}/comments",
            "office",
            |_| Body::Json(json!({ "body": "Đề nghị bổ sung biên bản." })),
            None,
            ("report_comment", "create", false, true),
        ),
        step(
            "submit_report",
            M::POST,
            "/api/v1/reports/{report_a}/submit",
            "reporter.a",
            none,
            Some("/api/v1/reports/{report_a}"),
            ("report", "submit", true, true),
        ),
        step(
            "return_report",
            M::POST,
            "/api/v1/reports/{report_a}/return",
            "office",
            |_| Body::Json(json!({ "reason": "Thiếu biên bản" })),
            Some("/api/v1/reports/{report_a}"),
            ("report", "return", true, true),
        ),
        step(
            "submit_report",
            M::POST,
            "/api/v1/reports/{report_a}/submit",
            "reporter.a",
            none,
            Some("/api/v1/reports/{report_a}"),
            ("report", "submit", true, true),
        ),
        step(
            "approve_report",
            M::POST,
            "/api/v1/reports/{report_a}/approve",
            "office",
            none,
            Some("/api/v1/reports/{report_a}"),
            ("report", "approve", true, true),
        ),
        step(
            "reopen_report",
            M::POST,
            "/api/v1/reports/{report_a}/reopen",
            "chairman",
            |_| Body::Json(json!({ "reason": "Sai số liệu" })),
            Some("/api/v1/reports/{report_a}"),
            ("report", "reopen", true, true),
        ),
        // Award rules and nominations: a rule added, corrected and removed; the
        // bar set; a nomination drafted, edited, proposed, posted, given
        // feedback and withdrawn; reviewed ones decided, forwarded and decided above.
        step(
            "create_award_rule",
            M::POST,
            "/api/v1/campaigns/{active_campaign}/award-rules",
            "office",
            |_| {
                Body::Json(json!({ "award_type_id": "at-giay-khen-xa", "subject_kind": "collective", "min_score": 90,
                "all_targets_met": true, "basis": "Kế hoạch 05/KH-UBND §VI.1" }))
            },
            None,
            ("award_rule", "create", false, true),
        ),
        step(
            "update_award_rule",
            M::PUT,
            "/api/v1/award-rules/{created:create_award_rule}",
            "office",
            |_| {
                Body::Json(json!({ "award_type_id": "at-giay-khen-xa", "subject_kind": "collective", "min_score": 85,
                "max_rank": 3, "basis": "Kế hoạch 05/KH-UBND §VI.1" }))
            },
            Some("/api/v1/award-rules/{created:create_award_rule}"),
            ("award_rule", "update", true, true),
        ),
        step(
            "delete_award_rule",
            M::DELETE,
            "/api/v1/award-rules/{created:create_award_rule}",
            "office",
            none,
            Some("/api/v1/award-rules/{created:create_award_rule}"),
            ("award_rule", "delete", true, false),
        ),
        step(
            "put_award_bar",
            M::PUT,
            "/api/v1/campaigns/{active_campaign}/award-bar",
            "office",
            |_| {
                Body::Json(json!({ "barred_conducts": ["bureaucracy", "harassment"], "members_bar_collective": true,
                "basis": "Kế hoạch 05/KH-UBND §VI.2" }))
            },
            Some("/api/v1/campaigns/{active_campaign}/award-bar"),
            ("award_rule", "put_bar", true, true),
        ),
        step(
            "create_nomination",
            M::POST,
            "/api/v1/nominations",
            "office",
            |f| {
                Body::Json(json!({ "campaign_id": f.active_campaign, "period_id": f.current_period,
                "subject_kind": "collective", "org_unit_id": f.unit_a, "award_type_id": "at-giay-khen-xa",
                "summary": "Dẫn đầu phong trào", "achievement_text": "" }))
            },
            None,
            ("nomination", "create", false, true),
        ),
        step(
            "update_nomination",
            M::PUT,
            "/api/v1/nominations/{created:create_nomination}",
            "office",
            |_| {
                Body::Json(json!({ "award_type_id": "at-giay-khen-xa", "summary": "Dẫn đầu phong trào thi đua",
                "achievement_text": "Hoàn thành 100% chỉ tiêu." }))
            },
            Some("/api/v1/nominations/{created:create_nomination}"),
            ("nomination", "update", true, true),
        ),
        step(
            "propose_nomination",
            M::POST,
            "/api/v1/nominations/{created:create_nomination}/propose",
            "office",
            none,
            Some("/api/v1/nominations/{created:create_nomination}"),
            ("nomination", "propose", true, true),
        ),
        step(
            "post_nomination",
            M::POST,
            "/api/v1/nominations/{created:create_nomination}/post",
            "office",
            none,
            Some("/api/v1/nominations/{created:create_nomination}"),
            ("nomination", "post", true, true),
        ),
        step(
            "add_nomination_feedback",
            M::POST,
            "/api/v1/nominations/{created:create_nomination}/feedback",
            "office",
            |_| {
                let today = thidua::domain::today().to_string();
                Body::Json(json!({ "received_on": today, "source": "Hòm thư góp ý", "body": "Đồng tình." }))
            },
            None,
            ("nomination", "add_feedback", false, true),
        ),
        step(
            "withdraw_nomination",
            M::POST,
            "/api/v1/nominations/{created:create_nomination}/withdraw",
            "office",
            |_| Body::Json(json!({ "reason": "Đề nghị lại vào cuối năm" })),
            Some("/api/v1/nominations/{created:create_nomination}"),
            ("nomination", "withdraw", true, true),
        ),
        step(
            "decide_nomination",
            M::POST,
            "/api/v1/nominations/{created:reviewed_commune}/decide",
            "chairman",
            |_| Body::Json(json!({ "outcome": "reject", "reason": "Chưa đủ thành tích" })),
            Some("/api/v1/nominations/{created:reviewed_commune}"),
            ("nomination", "reject", true, true),
        ),
        step(
            "forward_nomination",
            M::POST,
            "/api/v1/nominations/{created:reviewed_district}/forward",
            "office",
            none,
            Some("/api/v1/nominations/{created:reviewed_district}"),
            ("nomination", "forward", true, true),
        ),
        step(
            "record_superior_decision",
            M::POST,
            "/api/v1/nominations/{created:reviewed_district}/superior-decision",
            "district",
            |_| {
                Body::Json(json!({ "outcome": "approve", "decision_number": "215/QĐ-UBND",
                "decided_on": thidua::domain::today().to_string(), "issuer": "Chủ tịch UBND huyện Vụ Bản" }))
            },
            Some("/api/v1/nominations/{created:reviewed_district}"),
            ("nomination", "record_approved", true, true),
        ),
        // The complaints register: a complaint recorded with its complainant,
        // corrected, given evidence, started and concluded; the fixture's is
        // withdrawn; another is declined.
        step(
            "create_complaint",
            M::POST,
            "/api/v1/complaints",
            "office",
            |f| Body::Json(complaint(f, json!({ "name": "Đỗ Thị Kín", "contact": "0911 222 333" }))),
            None,
            ("complaint", "create", false, true),
        ),
        step(
            "update_complaint",
            M::PUT,
            "/api/v1/complaints/{created:create_complaint}",
            "office",
            |f| Body::Json(complaint(f, json!({ "name": "Đỗ Thị Kín", "contact": "kin.do@example.org" }))),
            Some("/api/v1/complaints/{created:create_complaint}"),
            ("complaint", "update", true, true),
        ),
        step(
            "add_complaint_evidence_link",
            M::POST,
            "/api/v1/complaints/{created:create_complaint}/evidence-links",
            "office",
            |_| Body::Json(json!({ "url": "https://example.org/don-thu", "title": "Đơn thư" })),
            None,
            ("complaint_evidence", "add_link", false, true),
        ),
        step(
            "upload_complaint_evidence",
            M::POST,
            "/api/v1/complaints/{created:create_complaint}/evidence",
            "office",
            |_| Body::SmallPdf,
            None,
            ("complaint_evidence", "upload", false, true),
        ),
        step(
            "delete_complaint_evidence",
            M::DELETE,
            "/api/v1/complaints/{created:create_complaint}/evidence/{created:add_complaint_evidence_link}",
            "office",
            none,
            None,
            ("complaint_evidence", "delete", true, true),
        ),
        step(
            "start_complaint",
            M::POST,
            "/api/v1/complaints/{created:create_complaint}/start",
            "office",
            none,
            Some("/api/v1/complaints/{created:create_complaint}"),
            ("complaint", "start", true, true),
        ),
        step(
            "conclude_complaint",
            M::POST,
            "/api/v1/complaints/{created:create_complaint}/conclude",
            "office",
            |_| {
                Body::Json(json!({ "outcome": "partly_founded", "conclusion_number": "15/KL-UBND",
                "conclusion_on": "2023-07-20", "conclusion_issuer": "Chủ tịch UBND xã Đại Thắng" }))
            },
            Some("/api/v1/complaints/{created:create_complaint}"),
            ("complaint", "conclude", true, true),
        ),
        step(
            "withdraw_complaint",
            M::POST,
            "/api/v1/complaints/{complaint_a}/withdraw",
            "office",
            |_| Body::Json(json!({ "reason": "Người phản ánh rút đơn." })),
            Some("/api/v1/complaints/{complaint_a}"),
            ("complaint", "withdraw", true, true),
        ),
        step(
            "create_complaint",
            M::POST,
            "/api/v1/complaints",
            "office",
            |f| Body::Json(complaint(f, Value::Null)),
            None,
            ("complaint", "create", false, true),
        ),
        step(
            "decline_complaint",
            M::POST,
            "/api/v1/complaints/{created:create_complaint}/decline",
            "office",
            |_| Body::Json(json!({ "reason": "Không thuộc thẩm quyền của xã." })),
            Some("/api/v1/complaints/{created:create_complaint}"),
            ("complaint", "decline", true, true),
        ),
        step(
            "create_council_member",
            M::POST,
            "/api/v1/council-members",
            "office",
            |f| Body::Json(json!({ "person_id": f.c().spare_person, "role": "member", "term_from": "2024-01-01" })),
            None,
            ("council_member", "create", false, true),
        ),
        step(
            "update_council_member",
            M::PUT,
            "/api/v1/council-members/{council_member}",
            "office",
            |_| Body::Json(json!({ "role": "chair", "term_to": "2026-06-30" })),
            Some("/api/v1/council-members/{council_member}"),
            ("council_member", "update", true, true),
        ),
        step(
            "create_council_meeting",
            M::POST,
            "/api/v1/council-meetings",
            "office",
            |f| {
                Body::Json(
                    json!({ "held_on": "2023-12-15", "title": "Họp Hội đồng", "nomination_ids": [f.c().posted] }),
                )
            },
            None,
            ("council_meeting", "create", false, true),
        ),
        step(
            "set_council_attendance",
            M::PUT,
            "/api/v1/council-meetings/{empty_meeting}/attendance",
            "office",
            |f| Body::Json(json!({ "member_ids": [f.c().member] })),
            Some("/api/v1/council-meetings/{empty_meeting}"),
            ("council_meeting", "record_attendance", true, true),
        ),
        step(
            "set_council_votes",
            M::PUT,
            "/api/v1/council-meetings/{meeting}/votes/{considered}",
            "office",
            |_| Body::Json(json!({ "votes_for": 1, "votes_against": 0, "votes_total": 1 })),
            Some("/api/v1/council-meetings/{meeting}"),
            ("council_meeting", "record_votes", true, true),
        ),
        // A meeting considering nothing: its conclusion is one event (each nomination moved adds its own).
        step(
            "conclude_council_meeting",
            M::POST,
            "/api/v1/council-meetings/{empty_meeting}/conclude",
            "office",
            none,
            Some("/api/v1/council-meetings/{empty_meeting}"),
            ("council_meeting", "conclude", true, true),
        ),
        step(
            "create_reward_fund",
            M::POST,
            "/api/v1/reward-funds",
            "office",
            |f| Body::Json(json!({ "org_unit_id": f.commune, "year": 2031, "budget_vnd": 1_000_000 })),
            None,
            ("reward_fund", "create", false, true),
        ),
        step(
            "update_reward_fund",
            M::PUT,
            "/api/v1/reward-funds/{fund}",
            "office",
            |_| Body::Json(json!({ "budget_vnd": 200_000_000 })),
            Some("/api/v1/reward-funds/{fund}"),
            ("reward_fund", "update", true, true),
        ),
        step(
            "create_award_decision",
            M::POST,
            "/api/v1/award-decisions",
            "office",
            |f| {
                Body::Json(json!({ "number": "20/QĐ-UBND", "signed_on": "2023-12-20", "signer_name": "Nguyễn Văn An",
                    "signer_title": "Chủ tịch UBND xã", "legal_basis_ids": ["lb-nd-91-2017"],
                    "nomination_ids": [f.c().approved_free] }))
            },
            None,
            ("award_decision", "create", false, true),
        ),
        step(
            "update_award_decision",
            M::PUT,
            "/api/v1/award-decisions/{draft}",
            "office",
            |f| {
                Body::Json(json!({ "number": "12/QĐ-UBND", "signed_on": "2023-12-21", "signer_name": "Nguyễn Văn An",
                    "signer_title": "Chủ tịch UBND xã", "legal_basis_ids": ["lb-nd-91-2017"],
                    "nomination_ids": [f.c().approved_draft] }))
            },
            Some("/api/v1/award-decisions/{draft}"),
            ("award_decision", "update", true, true),
        ),
        step(
            "sign_award_decision",
            M::POST,
            "/api/v1/award-decisions/{to_sign}/sign",
            "chairman",
            none,
            Some("/api/v1/award-decisions/{to_sign}"),
            ("award_decision", "sign", true, true),
        ),
        step(
            "revoke_award_decision_line",
            M::POST,
            "/api/v1/award-decisions/{signed}/lines/{signed_line}/revoke",
            "chairman",
            |_| Body::Json(json!({ "ground": "later_violation", "reason": "Kết luận số 05/KL-UBND" })),
            Some("/api/v1/award-decisions/{signed}/lines/{signed_line}"),
            ("award_decision", "revoke_line", true, true),
        ),
        step(
            "delete_award_decision",
            M::DELETE,
            "/api/v1/award-decisions/{draft}",
            "office",
            none,
            Some("/api/v1/award-decisions/{draft}"),
            ("award_decision", "delete", true, false),
        ),
        step(
            "disable_webhook",
            M::POST,
            "/api/v1/webhooks/{created:create_webhook}/disable",
            "office",
            none,
            None,
            ("webhook", "disable", true, true),
        ),
        step(
            "enable_webhook",
            M::POST,
            "/api/v1/webhooks/{created:create_webhook}/enable",
            "office",
            none,
            None,
            ("webhook", "enable", true, true),
        ),
        step(
            "redeliver_webhook_delivery",
            M::POST,
            "/api/v1/webhooks/{created:create_webhook}/deliveries/{delivery}/redeliver",
            "office",
            none,
            None,
            ("webhook", "redeliver", false, true),
        ),
        step(
            "delete_webhook",
            M::DELETE,
            "/api/v1/webhooks/{created:create_webhook}",
            "office",
            none,
            None,
            ("webhook", "delete", true, false),
        ),
    ]
}

/// A complaint about unit A received in 2023, with this complainant (`null`: none).
fn complaint(f: &Fixture, complainant: Value) -> Value {
    json!({ "received_on": "2023-07-03", "channel": "one_stop_desk", "legal_kind": "denunciation",
        "conduct": "harassment", "incident_on": "2023-07-01", "org_unit_id": f.unit_a,
        "description": "Cán bộ gây phiền hà khi nhận hồ sơ.", "complainant": complainant })
}

/// Every `POST`, `PUT`, `PATCH` and `DELETE` of the document.
fn mutating_operations(app_doc: &Value) -> BTreeSet<String> {
    let mut operations = BTreeSet::new();
    for item in app_doc["paths"].as_object().unwrap().values() {
        for method in ["post", "put", "patch", "delete"] {
            if let Some(id) = item[method]["operationId"].as_str() {
                operations.insert(id.to_owned());
            }
        }
    }
    operations
}

#[test]
fn the_table_covers_every_mutating_operation() {
    let doc: Value = serde_json::from_str(include_str!("../../openapi/openapi.json")).unwrap();
    let covered: BTreeSet<String> = steps().iter().map(|s| s.operation.to_owned()).collect();
    let expected: BTreeSet<String> =
        mutating_operations(&doc).into_iter().filter(|op| !NOT_RECORD_CHANGES.contains(&op.as_str())).collect();
    assert_eq!(
        expected.difference(&covered).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "mutating operations without a step"
    );
    assert_eq!(covered.difference(&expected).collect::<Vec<_>>(), Vec::<&String>::new(), "steps of no operation");
}

/// The id of the first delivery in the log at `path`, once the dispatcher wrote one.
async fn first_delivery(app: &TestApp, token: &str, path: &str) -> String {
    let give_up = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let log = app.call(Method::GET, path).bearer(token).send().await;
        if let Some(id) = log.body["items"][0]["id"].as_str() {
            return id.to_owned();
        }
        assert!(std::time::Instant::now() < give_up, "no delivery in {path}: {}", log.body);
        actix_web::rt::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[actix_web::test]
async fn every_change_is_audited_once_with_actor_request_and_record() {
    let app = TestApp::spawn().await;
    let fixture = Fixture::build(&app).await.with_commendations(&app).await;
    let mut tokens = HashMap::from([("admin", app.admin.clone())]);
    for user in ["office", "chairman", "reporter.a", "reporter.b", "district"] {
        tokens.insert(user, app.login(user, PASSWORD).await);
    }
    let mut actors = HashMap::new();
    for (user, token) in &tokens {
        let me = app.call(Method::GET, "/api/v1/me").bearer(token).send().await;
        actors.insert(*user, format!("user:{}", me.body["id"].as_str().unwrap()));
    }

    let mut created: HashMap<&str, String> = HashMap::new();
    // Nominations the council reviewed (a stand-in until the council's endpoints are merged).
    created.extend(crate::support::standins::reviewed_nominations(&app, &fixture).await);
    // Every password this run sends, and the client secret it is shown: none may reach the log.
    let mut secrets: Vec<String> = vec![PASSWORD.to_owned()];
    let steps = steps();
    for (n, step) in steps.iter().enumerate() {
        let resolve = |template: &str| {
            let mut path = fixture.path(template);
            for (operation, id) in &created {
                path = path.replace(&format!("{{created:{operation}}}"), id);
            }
            path
        };
        let mut path = resolve(step.path);
        if path.contains("{delivery}") {
            let deliveries = resolve("/api/v1/webhooks/{created:create_webhook}/deliveries");
            path = path.replace("{delivery}", &first_delivery(&app, &tokens["office"], &deliveries).await);
        }
        let mut call = app
            .call(step.method.clone(), &path)
            .bearer(&tokens[step.caller])
            .header("x-request-id", &format!("audit-trail-{n}"));
        if let Some(source) = step.if_match {
            // Read by the step's caller: whoever changes a record may read it (the admin may not read them all).
            let current = app.call(Method::GET, &resolve(source)).bearer(&tokens[step.caller]).send().await;
            call = call.header("if-match", current.header("etag").expect("an ETag"));
        }
        call = match (step.body)(&fixture) {
            Body::None => call,
            Body::Json(body) => call.json(body),
            Body::SmallPdf => call.body(SMALL_PDF_FORM.0, SMALL_PDF_FORM.1),
        };
        let answer = call.send().await;
        assert!((200..300).contains(&answer.status), "{} {path}: {} {}", step.operation, answer.status, answer.body);
        if let Some(id) = answer.body["id"].as_str() {
            created.insert(step.operation, id.to_owned());
        }
        if let Body::Json(sent) = (step.body)(&fixture) {
            secrets.extend(["password", "new_password"].iter().filter_map(|f| sent[f].as_str().map(str::to_owned)));
            // A complainant's identity is kept from the log like a secret.
            secrets
                .extend(["name", "contact"].iter().filter_map(|f| sent["complainant"][f].as_str().map(str::to_owned)));
        }
        secrets.extend(["client_secret", "secret"].iter().filter_map(|f| answer.body[f].as_str().map(str::to_owned)));
    }

    // The whole log, as the admin reads it (its scope is the root), with the
    // kinds of record only the commune's office reads (complaints).
    let mut events: Vec<Value> = Vec::new();
    for reader in [&app.admin, &tokens["office"]] {
        let mut read = 0;
        loop {
            let path = format!("/api/v1/audit-events?limit=200&offset={read}");
            let page = app.call(Method::GET, &path).bearer(reader).send().await;
            assert_eq!(page.status, 200, "{}", page.body);
            let items = page.body["items"].as_array().unwrap().clone();
            read += items.len();
            let done = items.len() < 200;
            for item in items {
                if !events.iter().any(|seen| seen["id"] == item["id"]) {
                    events.push(item);
                }
            }
            if done {
                break;
            }
        }
    }
    let mut failures = Vec::new();
    for (n, step) in steps.iter().enumerate() {
        let request = format!("audit-trail-{n}");
        let of_request: Vec<&Value> = events.iter().filter(|e| e["request_id"] == request.as_str()).collect();
        let [event] = of_request.as_slice() else {
            failures.push(format!("{} ({request}): {} events", step.operation, of_request.len()));
            continue;
        };
        let expected = (step.entity, step.action, actors[step.caller].as_str(), step.before, step.after);
        let found = (
            event["entity"].as_str().unwrap_or_default(),
            event["action"].as_str().unwrap_or_default(),
            event["actor"].as_str().unwrap_or_default(),
            !event["before"].is_null(),
            !event["after"].is_null(),
        );
        if found != expected {
            failures.push(format!("{} ({request}): expected {expected:?}, found {found:?}", step.operation));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(secrets.len() >= 4, "the run sent passwords and was shown a secret: {secrets:?}");
    for event in &events {
        let text = event.to_string();
        assert!(!secrets.iter().any(|s| text.contains(s.as_str())), "a secret in the log: {text}");
        assert!(!text.contains("argon2"), "a password hash in the log: {text}");
    }
}
