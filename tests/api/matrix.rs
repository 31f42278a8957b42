//! The role matrix: every operation × every kind of caller, as one table.
//!
//! Columns: anonymous, reporter of the unit (A), reporter of another unit of
//! the same commune (B), office, chairman, district, admin, service account
//! (district, scope `read`). Targets sit in reporter A's unit unless the row
//! says "foreign" (another commune of the same district). Every cell must
//! match; the rows must cover every operation of the OpenAPI document; and
//! the callers that get past authorisation must be those the document lists
//! for the operation (`x-callers`). Later issues add their operations here.

use std::collections::BTreeSet;

use reqwest::Method;
use serde_json::{Value, json};

use crate::support::fixture::{Fixture, PASSWORD};
use crate::support::{ADMIN_PASSWORD, SMALL_PDF_FORM, TestApp};

/// A marker body: the row sends a small multipart/form-data upload instead.
const MULTIPART: &str = "multipart upload";

const CALLERS: [&str; 8] =
    ["anonymous", "reporter.a", "reporter.b", "office", "chairman", "district", "admin", "service"];
/// The role (or service scope) of each column, as `x-callers` names it.
const CALLER_ROLES: [&str; 8] = ["", "reporter", "reporter", "office", "chairman", "superior", "admin", "service:read"];

struct Row {
    operation: &'static str,
    method: Method,
    path: &'static str,
    /// The body for the caller in column `n`.
    body: fn(&Fixture, usize) -> Option<Value>,
    /// Send `If-Match` with the target's current version (read by the admin from this path).
    if_match: Option<&'static str>,
    expect: [u16; 8],
}

fn none(_: &Fixture, _: usize) -> Option<Value> {
    None
}

fn rows() -> Vec<Row> {
    use Method as M;
    vec![
        // Public operations.
        Row { operation: "healthz", method: M::GET, path: "/healthz", body: none, if_match: None, expect: [200; 8] },
        Row { operation: "readyz", method: M::GET, path: "/readyz", body: none, if_match: None, expect: [200; 8] },
        Row { operation: "metrics", method: M::GET, path: "/metrics", body: none, if_match: None, expect: [200; 8] },
        Row {
            operation: "openapi",
            method: M::GET,
            path: "/api/v1/openapi.json",
            body: none,
            if_match: None,
            expect: [200; 8],
        },
        Row {
            operation: "issue_token",
            method: M::POST,
            path: "/api/v1/auth/token",
            body: |_, _| Some(json!({ "username": "admin", "password": ADMIN_PASSWORD })),
            if_match: None,
            expect: [200; 8],
        },
        Row {
            operation: "refresh_token",
            method: M::POST,
            path: "/api/v1/auth/refresh",
            body: |_, _| Some(json!({ "refresh_token": "not-a-refresh-token" })),
            if_match: None,
            expect: [400; 8],
        },
        Row {
            operation: "logout",
            method: M::POST,
            path: "/api/v1/auth/logout",
            body: |_, _| Some(json!({ "refresh_token": "not-a-refresh-token" })),
            if_match: None,
            expect: [204; 8],
        },
        // The caller's own account.
        Row {
            operation: "get_me",
            method: M::GET,
            path: "/api/v1/me",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 200],
        },
        Row {
            operation: "change_my_password",
            method: M::POST,
            path: "/api/v1/me/password",
            // A wrong current password: allowed callers get as far as checking it (422).
            body: |_, _| {
                Some(json!({ "current_password": "not the password", "new_password": "một mật khẩu mới đủ dài" }))
            },
            if_match: None,
            expect: [401, 422, 422, 422, 422, 422, 422, 403],
        },
        // Org units.
        Row {
            operation: "list_org_units",
            method: M::GET,
            path: "/api/v1/org-units",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 200],
        },
        Row {
            operation: "get_org_unit",
            method: M::GET,
            path: "/api/v1/org-units/{unit_a}",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 200],
        },
        Row {
            operation: "get_org_unit",
            method: M::GET,
            path: "/api/v1/org-units/{other_unit}",
            body: none,
            if_match: None,
            expect: [401, 404, 404, 404, 404, 200, 200, 200],
        },
        Row {
            operation: "create_org_unit",
            method: M::POST,
            path: "/api/v1/org-units",
            body: |f, n| {
                Some(
                    json!({ "code": format!("MOI-{n}"), "name": "Bộ phận mới", "kind": "sector", "parent_id": f.commune }),
                )
            },
            if_match: None,
            expect: [401, 403, 403, 403, 403, 403, 201, 403],
        },
        Row {
            operation: "update_org_unit",
            method: M::PATCH,
            path: "/api/v1/org-units/{unit_a}",
            body: |_, n| Some(json!({ "name": format!("Hội Nông dân xã ({n})") })),
            if_match: Some("/api/v1/org-units/{unit_a}"),
            expect: [401, 403, 403, 403, 403, 403, 200, 403],
        },
        // Reorganisations.
        Row {
            operation: "list_reorganisations",
            method: M::GET,
            path: "/api/v1/reorganisations",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 200],
        },
        Row {
            operation: "get_reorganisation",
            method: M::GET,
            path: "/api/v1/reorganisations/{reorganisation}",
            body: none,
            if_match: None,
            expect: [401, 404, 404, 404, 404, 200, 200, 200],
        },
        Row {
            operation: "create_reorganisation",
            method: M::POST,
            path: "/api/v1/reorganisations",
            body: |f, _| {
                Some(json!({ "kind": "rename", "effective_on": "2026-06-01", "reason": "Đổi tên theo nghị quyết",
                    "legal_basis": "Nghị quyết thử", "predecessors": [f.unit_b], "name": "Hội Nông dân xã (tên mới)" }))
            },
            if_match: None,
            expect: [401, 403, 403, 403, 403, 403, 201, 403],
        },
        // People.
        Row {
            operation: "list_people",
            method: M::GET,
            path: "/api/v1/people",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 200],
        },
        Row {
            operation: "get_person",
            method: M::GET,
            path: "/api/v1/people/{person_a}",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 200],
        },
        Row {
            operation: "get_person",
            method: M::GET,
            path: "/api/v1/people/{person_other}",
            body: none,
            if_match: None,
            expect: [401, 404, 404, 404, 404, 200, 200, 200],
        },
        Row {
            operation: "create_person",
            method: M::POST,
            path: "/api/v1/people",
            body: |f, _| Some(json!({ "org_unit_id": f.unit_a, "full_name": "Trần Văn Bình", "position": "Hội viên" })),
            if_match: None,
            expect: [401, 403, 403, 201, 403, 403, 201, 403],
        },
        Row {
            operation: "update_person",
            method: M::PATCH,
            path: "/api/v1/people/{person_a}",
            body: |_, n| Some(json!({ "position": format!("Chi hội trưởng ({n})") })),
            if_match: Some("/api/v1/people/{person_a}"),
            expect: [401, 403, 403, 200, 403, 403, 200, 403],
        },
        Row {
            operation: "update_person",
            method: M::PATCH,
            path: "/api/v1/people/{person_other}",
            body: |_, n| Some(json!({ "position": format!("Công chức ({n})") })),
            if_match: Some("/api/v1/people/{person_other}"),
            expect: [401, 403, 403, 404, 403, 403, 200, 403],
        },
        // Users.
        Row {
            operation: "list_users",
            method: M::GET,
            path: "/api/v1/users",
            body: none,
            if_match: None,
            expect: [401, 403, 403, 403, 403, 403, 200, 403],
        },
        Row {
            operation: "get_user",
            method: M::GET,
            path: "/api/v1/users/{target_user}",
            body: none,
            if_match: None,
            expect: [401, 403, 403, 403, 403, 403, 200, 403],
        },
        Row {
            operation: "create_user",
            method: M::POST,
            path: "/api/v1/users",
            body: |f, n| {
                Some(
                    json!({ "username": format!("moi.{n}"), "display_name": "Người mới", "role": "reporter", "org_unit_id": f.unit_a, "password": PASSWORD }),
                )
            },
            if_match: None,
            expect: [401, 403, 403, 403, 403, 403, 201, 403],
        },
        Row {
            operation: "update_user",
            method: M::PATCH,
            path: "/api/v1/users/{target_user}",
            body: |_, n| Some(json!({ "display_name": format!("Đổi tên ({n})") })),
            if_match: Some("/api/v1/users/{target_user}"),
            expect: [401, 403, 403, 403, 403, 403, 200, 403],
        },
        Row {
            operation: "reset_user_password",
            method: M::POST,
            path: "/api/v1/users/{target_user}/password",
            body: |_, _| Some(json!({ "new_password": "một mật khẩu mới đủ dài" })),
            if_match: None,
            expect: [401, 403, 403, 403, 403, 403, 204, 403],
        },
        // Service accounts.
        Row {
            operation: "list_service_accounts",
            method: M::GET,
            path: "/api/v1/service-accounts",
            body: none,
            if_match: None,
            expect: [401, 403, 403, 403, 403, 403, 200, 403],
        },
        Row {
            operation: "get_service_account",
            method: M::GET,
            path: "/api/v1/service-accounts/{service}",
            body: none,
            if_match: None,
            expect: [401, 403, 403, 403, 403, 403, 200, 403],
        },
        Row {
            operation: "create_service_account",
            method: M::POST,
            path: "/api/v1/service-accounts",
            body: |f, _| Some(json!({ "name": "Tích hợp", "org_unit_id": f.district, "scopes": ["read"] })),
            if_match: None,
            expect: [401, 403, 403, 403, 403, 403, 201, 403],
        },
        Row {
            operation: "revoke_service_account",
            method: M::POST,
            path: "/api/v1/service-accounts/{target_service}/revoke",
            body: none,
            if_match: None,
            expect: [401, 403, 403, 403, 403, 403, 200, 403],
        },
        // Settings.
        Row {
            operation: "list_settings",
            method: M::GET,
            path: "/api/v1/settings",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 403],
        },
        Row {
            operation: "get_setting",
            method: M::GET,
            path: "/api/v1/settings/instance.id",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 403],
        },
        Row {
            operation: "put_setting",
            method: M::PUT,
            path: "/api/v1/settings/council.pass_percent",
            body: |_, n| Some(json!({ "value": (60 + n).to_string() })),
            if_match: None,
            expect: [401, 403, 403, 403, 403, 403, 200, 403],
        },
        // Campaigns. Moves are aimed at campaigns that cannot make them, so
        // every allowed caller gets past authorisation to the same 409.
        Row {
            operation: "list_campaigns",
            method: M::GET,
            path: "/api/v1/campaigns",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 200],
        },
        Row {
            operation: "get_campaign",
            method: M::GET,
            path: "/api/v1/campaigns/{campaign}",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 200],
        },
        Row {
            operation: "get_campaign",
            method: M::GET,
            path: "/api/v1/campaigns/{other_campaign}",
            body: none,
            if_match: None,
            expect: [401, 404, 404, 404, 404, 200, 200, 200],
        },
        Row {
            operation: "create_campaign",
            method: M::POST,
            path: "/api/v1/campaigns",
            body: |f, n| {
                Some(
                    json!({ "code": format!("MOI/{n}"), "title": "Phong trào mới", "issuer_id": f.commune, "issued_on": "2024-01-01",
                    "starts_on": "2024-01-01", "ends_on": "2024-12-31", "period_type": "half" }),
                )
            },
            if_match: None,
            expect: [401, 403, 403, 201, 403, 403, 201, 403],
        },
        Row {
            operation: "update_campaign",
            method: M::PATCH,
            path: "/api/v1/campaigns/{campaign}",
            body: |_, n| Some(json!({ "description": format!("Mô tả ({n})") })),
            if_match: Some("/api/v1/campaigns/{campaign}"),
            expect: [401, 403, 403, 200, 403, 403, 200, 403],
        },
        Row {
            operation: "update_campaign",
            method: M::PATCH,
            path: "/api/v1/campaigns/{other_campaign}",
            body: |_, n| Some(json!({ "description": format!("Mô tả ({n})") })),
            if_match: Some("/api/v1/campaigns/{other_campaign}"),
            expect: [401, 403, 403, 404, 403, 403, 200, 403],
        },
        Row {
            operation: "activate_campaign",
            method: M::POST,
            path: "/api/v1/campaigns/{other_campaign}/activate",
            body: none,
            if_match: Some("/api/v1/campaigns/{other_campaign}"),
            expect: [401, 403, 403, 404, 403, 403, 409, 403],
        },
        Row {
            operation: "close_campaign",
            method: M::POST,
            path: "/api/v1/campaigns/{campaign}/close",
            body: none,
            if_match: Some("/api/v1/campaigns/{campaign}"),
            expect: [401, 403, 403, 409, 403, 403, 409, 403],
        },
        Row {
            operation: "list_participants",
            method: M::GET,
            path: "/api/v1/campaigns/{campaign}/participants",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 200],
        },
        Row {
            operation: "set_participants",
            method: M::PUT,
            path: "/api/v1/campaigns/{campaign}/participants",
            body: |f, _| Some(json!({ "org_units": [f.unit_a, f.unit_b] })),
            if_match: None,
            expect: [401, 403, 403, 200, 403, 403, 200, 403],
        },
        Row {
            operation: "list_periods",
            method: M::GET,
            path: "/api/v1/campaigns/{campaign}/periods",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 200],
        },
        Row {
            operation: "list_lock_exceptions",
            method: M::GET,
            path: "/api/v1/campaigns/{campaign}/lock-exceptions",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 200],
        },
        Row {
            operation: "create_lock_exception",
            method: M::POST,
            path: "/api/v1/campaigns/{campaign}/lock-exceptions",
            body: |f, _| {
                let expires = (chrono::Utc::now() + chrono::TimeDelta::days(7)).to_rfc3339();
                Some(
                    json!({ "period_id": "2023Q1", "org_unit_id": f.unit_a, "reason": "Nộp bổ sung", "expires_at": expires }),
                )
            },
            if_match: None,
            expect: [401, 403, 403, 201, 403, 403, 201, 403],
        },
        Row {
            operation: "export_campaign",
            method: M::GET,
            path: "/api/v1/campaigns/{campaign}/definition",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 200],
        },
        Row {
            operation: "import_campaign",
            method: M::POST,
            path: "/api/v1/campaigns/import",
            body: |f, n| {
                Some(json!({ "issuer_id": f.commune, "code": format!("NHAP/{n}"), "participants": [],
                    "definition": { "format": "thidua.campaign/1",
                        "campaign": { "code": "X", "title": "Nhập", "issued_on": "2024-01-01", "starts_on": "2024-01-01", "ends_on": "2024-12-31",
                            "period_type": "year", "legal_bases": [], "description": "", "submission_days": 5, "lock_days": 15, "results_public": false },
                        "criteria": [], "participants": [] } }))
            },
            if_match: None,
            expect: [401, 403, 403, 201, 403, 403, 201, 403],
        },
        // Criteria.
        Row {
            operation: "list_criteria",
            method: M::GET,
            path: "/api/v1/campaigns/{campaign}/criteria",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 200],
        },
        Row {
            operation: "get_criterion",
            method: M::GET,
            path: "/api/v1/campaigns/{campaign}/criteria/{criterion}",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 200],
        },
        Row {
            operation: "create_criterion",
            method: M::POST,
            path: "/api/v1/campaigns/{campaign}/criteria",
            body: |_, n| {
                Some(
                    json!({ "ordinal": 2, "code": format!("M{n}"), "title": "Tiêu chí mới", "measure": "count", "comparator": ">=", "target": 3 }),
                )
            },
            if_match: None,
            expect: [401, 403, 403, 201, 403, 403, 201, 403],
        },
        Row {
            operation: "update_criterion",
            method: M::PUT,
            path: "/api/v1/campaigns/{campaign}/criteria/{criterion}",
            body: |_, n| {
                Some(
                    json!({ "ordinal": 1, "code": "1", "title": format!("Tiêu chí thử ({n})"), "measure": "boolean", "comparator": "=" }),
                )
            },
            if_match: Some("/api/v1/campaigns/{campaign}/criteria/{criterion}"),
            expect: [401, 403, 403, 200, 403, 403, 200, 403],
        },
        Row {
            operation: "delete_criterion",
            method: M::DELETE,
            path: "/api/v1/campaigns/{campaign}/criteria/no-such-criterion",
            body: none,
            if_match: None,
            expect: [401, 403, 403, 404, 403, 403, 404, 403],
        },
        // Reports. A reporter reaches its own unit's only; moves are aimed at a
        // draft, so every allowed reviewer gets past authorisation to a 409.
        Row {
            operation: "list_reports",
            method: M::GET,
            path: "/api/v1/reports",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 200],
        },
        Row {
            operation: "get_report",
            method: M::GET,
            path: "/api/v1/reports/{report_a}",
            body: none,
            if_match: None,
            expect: [401, 200, 404, 200, 200, 200, 200, 200],
        },
        Row {
            operation: "report_history",
            method: M::GET,
            path: "/api/v1/reports/{report_a}/history",
            body: none,
            if_match: None,
            expect: [401, 200, 404, 200, 200, 200, 200, 200],
        },
        Row {
            operation: "create_report",
            method: M::POST,
            path: "/api/v1/reports",
            body: |f, _| {
                Some(
                    json!({ "campaign_id": f.active_campaign, "org_unit_id": f.unit_b, "period_id": f.current_period }),
                )
            },
            if_match: None,
            // Reporter A may not reach unit B (422 names the field); B creates it; then it exists.
            expect: [401, 422, 201, 409, 403, 403, 403, 403],
        },
        Row {
            operation: "create_import",
            method: M::POST,
            path: "/api/v1/imports?dry_run=true",
            body: |f, _| {
                Some(json!({ "rows": [{ "campaign": "BC/KH", "unit": "HOI-ND", "period": f.current_period,
                                        "criterion": "1", "achieved": true }] }))
            },
            if_match: None,
            // The office and `service:import` accounts (the matrix's service has `read`).
            expect: [401, 403, 403, 200, 403, 403, 403, 403],
        },
        Row {
            operation: "get_import",
            method: M::GET,
            path: "/api/v1/imports/no-such-import",
            body: none,
            if_match: None,
            expect: [401, 403, 403, 404, 403, 403, 403, 403],
        },
        Row {
            operation: "put_report_values",
            method: M::PUT,
            path: "/api/v1/reports/{report_a}/values",
            body: |_, n| {
                Some(json!({ "values": [{ "criterion": "1", "achieved": true, "note": format!("lần {n}") }] }))
            },
            if_match: Some("/api/v1/reports/{report_a}"),
            expect: [401, 200, 404, 200, 403, 403, 403, 403],
        },
        Row {
            operation: "put_report_value",
            method: M::PUT,
            path: "/api/v1/reports/{report_a}/values/1",
            body: |_, n| Some(json!({ "achieved": true, "note": format!("lần {n}") })),
            if_match: Some("/api/v1/reports/{report_a}"),
            expect: [401, 200, 404, 200, 403, 403, 403, 403],
        },
        Row {
            operation: "submit_report",
            method: M::POST,
            path: "/api/v1/reports/{report_a}/submit",
            body: none,
            if_match: Some("/api/v1/reports/{report_a}"),
            // Criterion 2 has no value yet: allowed callers get the list of what is missing.
            expect: [401, 422, 404, 422, 403, 403, 403, 403],
        },
        Row {
            operation: "return_report",
            method: M::POST,
            path: "/api/v1/reports/{report_a}/return",
            body: |_, _| Some(json!({ "reason": "Thiếu số liệu" })),
            if_match: Some("/api/v1/reports/{report_a}"),
            expect: [401, 403, 403, 409, 403, 403, 403, 403],
        },
        Row {
            operation: "approve_report",
            method: M::POST,
            path: "/api/v1/reports/{report_a}/approve",
            body: none,
            if_match: Some("/api/v1/reports/{report_a}"),
            expect: [401, 403, 403, 409, 403, 403, 403, 403],
        },
        Row {
            operation: "reopen_report",
            method: M::POST,
            path: "/api/v1/reports/{report_a}/reopen",
            body: |_, _| Some(json!({ "reason": "Sai số liệu" })),
            if_match: Some("/api/v1/reports/{report_a}"),
            expect: [401, 403, 403, 409, 409, 403, 403, 403],
        },
        Row {
            operation: "list_report_comments",
            method: M::GET,
            path: "/api/v1/reports/{report_a}/comments",
            body: none,
            if_match: None,
            expect: [401, 200, 404, 200, 200, 200, 200, 200],
        },
        Row {
            operation: "add_report_comment",
            method: M::POST,
            path: "/api/v1/reports/{report_a}/comments",
            body: |_, n| Some(json!({ "body": format!("Ý kiến ({n})") })),
            if_match: None,
            expect: [401, 201, 404, 201, 201, 201, 201, 403],
        },
        Row {
            operation: "work_queue",
            method: M::GET,
            path: "/api/v1/work-queue",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 200],
        },
        // Evidence. (`MULTIPART` stands for a small PDF sent as multipart/form-data.)
        Row {
            operation: "upload_evidence",
            method: M::POST,
            path: "/api/v1/reports/{report_a}/evidence",
            body: |_, _| Some(json!(MULTIPART)),
            if_match: None,
            expect: [401, 201, 404, 201, 403, 403, 403, 403],
        },
        Row {
            operation: "add_evidence_link",
            method: M::POST,
            path: "/api/v1/reports/{report_a}/evidence-links",
            body: |_, n| Some(json!({ "url": format!("https://example.org/{n}"), "title": "Minh chứng" })),
            if_match: None,
            expect: [401, 201, 404, 201, 403, 403, 403, 403],
        },
        Row {
            operation: "list_evidence",
            method: M::GET,
            path: "/api/v1/reports/{report_a}/evidence",
            body: none,
            if_match: None,
            expect: [401, 200, 404, 200, 200, 200, 200, 200],
        },
        // A link has no content to download: whoever may read gets as far as 409.
        Row {
            operation: "download_evidence",
            method: M::GET,
            path: "/api/v1/evidence/{evidence_link}/content",
            body: none,
            if_match: None,
            expect: [401, 409, 404, 409, 409, 409, 409, 409],
        },
        Row {
            operation: "delete_evidence",
            method: M::DELETE,
            path: "/api/v1/evidence/no-such-evidence",
            body: none,
            if_match: None,
            expect: [401, 404, 404, 404, 403, 403, 403, 403],
        },
        // The scoreboard.
        Row {
            operation: "get_scoreboard",
            method: M::GET,
            path: "/api/v1/campaigns/{active_campaign}/scoreboard",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 200],
        },
        Row {
            operation: "get_scoreboard",
            method: M::GET,
            path: "/api/v1/campaigns/{other_campaign}/scoreboard?format=csv",
            body: none,
            if_match: None,
            expect: [401, 404, 404, 404, 404, 200, 200, 200],
        },
        // The results report read like the scoreboard.
        Row {
            operation: "campaign_results_report",
            method: M::GET,
            path: "/api/v1/campaigns/{active_campaign}/results-report",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 200],
        },
        Row {
            operation: "campaign_results_report",
            method: M::GET,
            path: "/api/v1/campaigns/{other_campaign}/results-report?format=docx",
            body: none,
            if_match: None,
            expect: [401, 404, 404, 404, 404, 200, 200, 200],
        },
        Row {
            operation: "preview_scoreboard",
            method: M::GET,
            path: "/api/v1/campaigns/{active_campaign}/scoreboard/preview",
            body: none,
            if_match: None,
            expect: [401, 403, 403, 200, 403, 403, 403, 403],
        },
        Row {
            operation: "list_scoreboard_values",
            method: M::GET,
            path: "/api/v1/campaigns/{active_campaign}/scoreboard/values?format=xlsx",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 200],
        },
        Row {
            // Results are not public: reporter B may not read unit A's explanation.
            operation: "explain_unit_score",
            method: M::GET,
            path: "/api/v1/campaigns/{active_campaign}/scoreboard/units/{unit_a}",
            body: none,
            if_match: None,
            expect: [401, 200, 403, 200, 200, 200, 200, 200],
        },
        Row {
            operation: "campaign_rollup",
            method: M::GET,
            path: "/api/v1/campaigns/{active_campaign}/rollup",
            body: none,
            if_match: None,
            expect: [401, 403, 403, 403, 403, 200, 403, 200],
        },
        // Commendation reference data: every role and service:read.
        Row {
            operation: "list_award_legal_bases",
            method: M::GET,
            path: "/api/v1/award-reference/legal-bases",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 200],
        },
        Row {
            operation: "list_base_salaries",
            method: M::GET,
            path: "/api/v1/award-reference/base-salaries",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 200],
        },
        Row {
            operation: "list_award_types",
            method: M::GET,
            path: "/api/v1/award-types",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 200],
        },
        Row {
            operation: "get_award_type",
            method: M::GET,
            path: "/api/v1/award-types/at-giay-khen-xa",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 200],
        },
        Row {
            operation: "award_amount",
            method: M::GET,
            path: "/api/v1/award-types/at-giay-khen-xa/amount?subject_kind=individual&on=2023-12-20",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 200],
        },
        Row {
            operation: "get_award_legal_basis",
            method: M::GET,
            path: "/api/v1/award-reference/legal-bases/lb-nd-91-2017",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 200],
        },
        Row {
            operation: "get_base_salary",
            method: M::GET,
            path: "/api/v1/award-reference/base-salaries/bs-2023-07-01",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 200],
        },
        Row {
            operation: "create_award_legal_basis",
            method: M::POST,
            path: "/api/v1/award-reference/legal-bases",
            body: |_, _| {
                Some(json!({ "code": "matrix/2026/NĐ-CP", "title": "Nghị định thử", "issuer": "Chính phủ",
                    "in_force_from": "2026-01-01", "verified": false }))
            },
            if_match: None,
            expect: [401, 403, 403, 403, 403, 403, 201, 403],
        },
        Row {
            operation: "update_award_legal_basis",
            method: M::PUT,
            path: "/api/v1/award-reference/legal-bases/lb-nd-73-2024",
            body: |_, _| {
                Some(
                    json!({ "code": "73/2024/NĐ-CP", "title": "Nghị định quy định mức lương cơ sở", "issuer": "Chính phủ",
                    "issued_on": "2024-06-30", "in_force_from": "2024-07-01", "verified": true }),
                )
            },
            if_match: Some("/api/v1/award-reference/legal-bases/lb-nd-73-2024"),
            expect: [401, 403, 403, 403, 403, 403, 200, 403],
        },
        Row {
            operation: "create_base_salary",
            method: M::POST,
            path: "/api/v1/award-reference/base-salaries",
            body: |_, _| {
                Some(
                    json!({ "in_force_from": "2027-07-01", "amount_vnd": 2_700_000, "legal_basis_id": "lb-luong-co-so-2026",
                    "verified": false }),
                )
            },
            if_match: None,
            expect: [401, 403, 403, 403, 403, 403, 201, 403],
        },
        Row {
            operation: "update_base_salary",
            method: M::PUT,
            path: "/api/v1/award-reference/base-salaries/bs-2026-07-01",
            body: |_, _| {
                Some(
                    json!({ "in_force_from": "2026-07-01", "amount_vnd": 2_530_000, "legal_basis_id": "lb-luong-co-so-2026",
                    "verified": true }),
                )
            },
            if_match: Some("/api/v1/award-reference/base-salaries/bs-2026-07-01"),
            expect: [401, 403, 403, 403, 403, 403, 200, 403],
        },
        // Award rules and nominations. Ids that exist nowhere show who gets
        // past authorisation (404) and who does not (403); tests/api/nominations.rs
        // walks real nominations through every scope.
        Row {
            operation: "list_award_rules",
            method: M::GET,
            path: "/api/v1/campaigns/{campaign}/award-rules",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 200],
        },
        Row {
            operation: "list_award_rules",
            method: M::GET,
            path: "/api/v1/campaigns/{other_campaign}/award-rules",
            body: none,
            if_match: None,
            expect: [401, 404, 404, 404, 404, 200, 200, 200],
        },
        Row {
            operation: "create_award_rule",
            method: M::POST,
            path: "/api/v1/campaigns/{active_campaign}/award-rules",
            body: |_, _| {
                Some(json!({ "award_type_id": "at-giay-khen-xa", "subject_kind": "collective", "min_score": 90,
                    "basis": "Kế hoạch 05/KH-UBND §VI.1" }))
            },
            if_match: None,
            expect: [401, 403, 403, 201, 403, 403, 403, 403],
        },
        Row {
            operation: "get_award_rule",
            method: M::GET,
            path: "/api/v1/award-rules/no-such-rule",
            body: none,
            if_match: None,
            expect: [401, 404, 404, 404, 404, 404, 404, 404],
        },
        Row {
            operation: "update_award_rule",
            method: M::PUT,
            path: "/api/v1/award-rules/no-such-rule",
            body: |_, _| {
                Some(json!({ "award_type_id": "at-giay-khen-xa", "subject_kind": "collective", "basis": "§VI.1" }))
            },
            if_match: None,
            expect: [401, 403, 403, 404, 403, 403, 403, 403],
        },
        Row {
            operation: "delete_award_rule",
            method: M::DELETE,
            path: "/api/v1/award-rules/no-such-rule",
            body: none,
            if_match: None,
            expect: [401, 403, 403, 404, 403, 403, 403, 403],
        },
        Row {
            operation: "get_award_bar",
            method: M::GET,
            path: "/api/v1/campaigns/{campaign}/award-bar",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 200],
        },
        Row {
            operation: "put_award_bar",
            method: M::PUT,
            path: "/api/v1/campaigns/{campaign}/award-bar",
            body: |_, _| {
                Some(json!({ "barred_conducts": ["harassment"], "members_bar_collective": false, "basis": "§VI.2" }))
            },
            if_match: Some("/api/v1/campaigns/{campaign}/award-bar"),
            expect: [401, 403, 403, 200, 403, 403, 403, 403],
        },
        Row {
            operation: "create_nomination",
            method: M::POST,
            path: "/api/v1/nominations",
            body: |f, _| {
                Some(json!({ "campaign_id": f.active_campaign, "subject_kind": "collective", "org_unit_id": f.unit_a,
                    "award_type_id": "at-giay-khen-xa", "summary": "Dẫn đầu phong trào" }))
            },
            if_match: None,
            expect: [401, 403, 403, 201, 403, 403, 403, 403],
        },
        Row {
            operation: "list_nominations",
            method: M::GET,
            path: "/api/v1/nominations",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 403],
        },
        Row {
            operation: "get_nomination",
            method: M::GET,
            path: "/api/v1/nominations/no-such-nomination",
            body: none,
            if_match: None,
            expect: [401, 404, 404, 404, 404, 404, 404, 403],
        },
        Row {
            operation: "update_nomination",
            method: M::PUT,
            path: "/api/v1/nominations/no-such-nomination",
            body: |_, _| Some(json!({ "award_type_id": "at-giay-khen-xa", "summary": "Dẫn đầu" })),
            if_match: None,
            expect: [401, 403, 403, 404, 403, 403, 403, 403],
        },
        Row {
            operation: "propose_nomination",
            method: M::POST,
            path: "/api/v1/nominations/no-such-nomination/propose",
            body: none,
            if_match: None,
            expect: [401, 403, 403, 404, 403, 403, 403, 403],
        },
        Row {
            operation: "post_nomination",
            method: M::POST,
            path: "/api/v1/nominations/no-such-nomination/post",
            body: none,
            if_match: None,
            expect: [401, 403, 403, 404, 403, 403, 403, 403],
        },
        Row {
            operation: "forward_nomination",
            method: M::POST,
            path: "/api/v1/nominations/no-such-nomination/forward",
            body: none,
            if_match: None,
            expect: [401, 403, 403, 404, 403, 403, 403, 403],
        },
        Row {
            operation: "decide_nomination",
            method: M::POST,
            path: "/api/v1/nominations/no-such-nomination/decide",
            body: |_, _| Some(json!({ "outcome": "approve" })),
            if_match: None,
            expect: [401, 403, 403, 403, 404, 403, 403, 403],
        },
        Row {
            operation: "record_superior_decision",
            method: M::POST,
            path: "/api/v1/nominations/no-such-nomination/superior-decision",
            body: |_, _| {
                Some(json!({ "outcome": "approve", "decision_number": "1/QĐ-UBND", "decided_on": "2026-01-05",
                    "issuer": "Chủ tịch UBND huyện" }))
            },
            if_match: None,
            expect: [401, 403, 403, 403, 403, 404, 403, 403],
        },
        Row {
            operation: "withdraw_nomination",
            method: M::POST,
            path: "/api/v1/nominations/no-such-nomination/withdraw",
            body: |_, _| Some(json!({ "reason": "Rút" })),
            if_match: None,
            expect: [401, 403, 403, 404, 403, 403, 403, 403],
        },
        Row {
            operation: "nomination_history",
            method: M::GET,
            path: "/api/v1/nominations/no-such-nomination/history",
            body: none,
            if_match: None,
            expect: [401, 404, 404, 404, 404, 404, 404, 403],
        },
        Row {
            operation: "add_nomination_feedback",
            method: M::POST,
            path: "/api/v1/nominations/no-such-nomination/feedback",
            body: |_, _| Some(json!({ "received_on": "2026-01-05", "source": "Thôn 1", "body": "Đồng tình" })),
            if_match: None,
            expect: [401, 403, 403, 404, 403, 403, 403, 403],
        },
        Row {
            operation: "list_nomination_feedback",
            method: M::GET,
            path: "/api/v1/nominations/no-such-nomination/feedback",
            body: none,
            if_match: None,
            expect: [401, 404, 404, 404, 404, 404, 404, 403],
        },
        Row {
            operation: "nomination_eligibility",
            method: M::GET,
            path: "/api/v1/nominations/no-such-nomination/eligibility",
            body: none,
            if_match: None,
            expect: [401, 404, 404, 404, 404, 404, 404, 403],
        },
        Row {
            operation: "nomination_suggestions",
            method: M::GET,
            path: "/api/v1/campaigns/{active_campaign}/nominations/suggestions",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 403],
        },
        Row {
            operation: "nomination_proposal_list",
            method: M::GET,
            path: "/api/v1/campaigns/{active_campaign}/nominations/proposal-list",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 403],
        },
        Row {
            operation: "nomination_proposal_list",
            method: M::GET,
            path: "/api/v1/campaigns/{other_campaign}/nominations/proposal-list",
            body: none,
            if_match: None,
            expect: [401, 404, 404, 404, 404, 200, 200, 403],
        },
        // The proposal (Tờ trình) read like the proposal list.
        Row {
            operation: "nomination_proposal_document",
            method: M::GET,
            path: "/api/v1/campaigns/{active_campaign}/nominations/proposal-document?format=docx",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 403],
        },
        Row {
            operation: "nomination_proposal_document",
            method: M::GET,
            path: "/api/v1/campaigns/{other_campaign}/nominations/proposal-document",
            body: none,
            if_match: None,
            expect: [401, 404, 404, 404, 404, 200, 200, 403],
        },
        // The achievement report read like its nomination (who reads which: tests/api/papers.rs).
        Row {
            operation: "nomination_achievement_report",
            method: M::GET,
            path: "/api/v1/nominations/no-such-nomination/achievement-report?format=docx",
            body: none,
            if_match: None,
            expect: [401, 404, 404, 404, 404, 404, 404, 403],
        },
        // The complaints register: the office keeps it, the chairman reads it,
        // a reporter reads what concerns its own unit — never who complained.
        // Updates and moves go without If-Match (the admin, who reads versions
        // for the other rows, may not read complaints): the office gets past
        // authorisation to the 428.
        Row {
            operation: "list_complaints",
            method: M::GET,
            path: "/api/v1/complaints",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 403, 403, 403],
        },
        Row {
            operation: "create_complaint",
            method: M::POST,
            path: "/api/v1/complaints",
            body: |f, _| {
                Some(json!({ "received_on": "2023-06-02", "channel": "letter", "legal_kind": "complaint",
                    "conduct": "harassment", "incident_on": "2023-06-01", "org_unit_id": f.unit_a, "description": "Đơn thư." }))
            },
            if_match: None,
            expect: [401, 403, 403, 201, 403, 403, 403, 403],
        },
        Row {
            operation: "get_complaint",
            method: M::GET,
            path: "/api/v1/complaints/{complaint_a}",
            body: none,
            if_match: None,
            expect: [401, 200, 404, 200, 200, 403, 403, 403],
        },
        Row {
            operation: "update_complaint",
            method: M::PUT,
            path: "/api/v1/complaints/{complaint_a}",
            body: |f, _| {
                Some(json!({ "received_on": "2023-06-02", "channel": "letter", "legal_kind": "complaint",
                    "conduct": "harassment", "incident_on": "2023-06-01", "org_unit_id": f.unit_a, "description": "Đơn thư." }))
            },
            if_match: None,
            expect: [401, 403, 403, 428, 403, 403, 403, 403],
        },
        Row {
            operation: "get_complainant",
            method: M::GET,
            path: "/api/v1/complaints/{complaint_a}/complainant",
            body: none,
            if_match: None,
            expect: [401, 403, 403, 200, 200, 403, 403, 403],
        },
        Row {
            operation: "start_complaint",
            method: M::POST,
            path: "/api/v1/complaints/{complaint_a}/start",
            body: none,
            if_match: None,
            expect: [401, 403, 403, 428, 403, 403, 403, 403],
        },
        Row {
            operation: "conclude_complaint",
            method: M::POST,
            path: "/api/v1/complaints/{complaint_a}/conclude",
            body: |_, _| {
                Some(json!({ "outcome": "unfounded", "conclusion_number": "1/KL-UBND",
                    "conclusion_on": thidua::domain::today(), "conclusion_issuer": "Chủ tịch UBND xã" }))
            },
            if_match: None,
            expect: [401, 403, 403, 428, 403, 403, 403, 403],
        },
        Row {
            operation: "withdraw_complaint",
            method: M::POST,
            path: "/api/v1/complaints/{complaint_a}/withdraw",
            body: |_, _| Some(json!({ "reason": "Rút đơn" })),
            if_match: None,
            expect: [401, 403, 403, 428, 403, 403, 403, 403],
        },
        Row {
            operation: "decline_complaint",
            method: M::POST,
            path: "/api/v1/complaints/{complaint_a}/decline",
            body: |_, _| Some(json!({ "reason": "Không thuộc thẩm quyền" })),
            if_match: None,
            expect: [401, 403, 403, 428, 403, 403, 403, 403],
        },
        Row {
            operation: "complaint_history",
            method: M::GET,
            path: "/api/v1/complaints/{complaint_a}/history",
            body: none,
            if_match: None,
            expect: [401, 200, 404, 200, 200, 403, 403, 403],
        },
        Row {
            operation: "upload_complaint_evidence",
            method: M::POST,
            path: "/api/v1/complaints/{complaint_a}/evidence",
            body: |_, _| Some(json!(MULTIPART)),
            if_match: None,
            expect: [401, 403, 403, 201, 403, 403, 403, 403],
        },
        Row {
            operation: "add_complaint_evidence_link",
            method: M::POST,
            path: "/api/v1/complaints/{complaint_a}/evidence-links",
            body: |_, n| Some(json!({ "url": format!("https://example.org/don-{n}"), "title": "Đơn" })),
            if_match: None,
            expect: [401, 403, 403, 201, 403, 403, 403, 403],
        },
        Row {
            operation: "list_complaint_evidence",
            method: M::GET,
            path: "/api/v1/complaints/{complaint_a}/evidence",
            body: none,
            if_match: None,
            expect: [401, 200, 404, 200, 200, 403, 403, 403],
        },
        // A link has no content to download: whoever may read gets as far as 409.
        Row {
            operation: "download_complaint_evidence",
            method: M::GET,
            path: "/api/v1/complaints/{complaint_a}/evidence/{complaint_link}/content",
            body: none,
            if_match: None,
            expect: [401, 409, 404, 409, 409, 403, 403, 403],
        },
        Row {
            operation: "delete_complaint_evidence",
            method: M::DELETE,
            path: "/api/v1/complaints/{complaint_a}/evidence/no-such-evidence",
            body: none,
            if_match: None,
            expect: [401, 403, 403, 404, 403, 403, 403, 403],
        },
        // The council: the office keeps it; the chairman and admins read it.
        Row {
            operation: "list_council_members",
            method: M::GET,
            path: "/api/v1/council-members",
            body: none,
            if_match: None,
            expect: [401, 403, 403, 200, 200, 403, 200, 403],
        },
        Row {
            operation: "get_council_member",
            method: M::GET,
            path: "/api/v1/council-members/{council_member}",
            body: none,
            if_match: None,
            expect: [401, 403, 403, 200, 200, 403, 200, 403],
        },
        Row {
            operation: "create_council_member",
            method: M::POST,
            path: "/api/v1/council-members",
            body: |f, _| Some(json!({ "person_id": f.c().spare_person, "role": "member", "term_from": "2024-01-01" })),
            if_match: None,
            expect: [401, 403, 403, 201, 403, 403, 403, 403],
        },
        Row {
            operation: "update_council_member",
            method: M::PUT,
            path: "/api/v1/council-members/{council_member}",
            body: |_, _| Some(json!({ "role": "chair", "term_to": null })),
            if_match: Some("/api/v1/council-members/{council_member}"),
            expect: [401, 403, 403, 200, 403, 403, 403, 403],
        },
        Row {
            operation: "list_council_meetings",
            method: M::GET,
            path: "/api/v1/council-meetings",
            body: none,
            if_match: None,
            expect: [401, 403, 403, 200, 200, 403, 200, 403],
        },
        Row {
            operation: "get_council_meeting",
            method: M::GET,
            path: "/api/v1/council-meetings/{meeting}",
            body: none,
            if_match: None,
            expect: [401, 403, 403, 200, 200, 403, 200, 403],
        },
        Row {
            operation: "council_meeting_minutes",
            method: M::GET,
            path: "/api/v1/council-meetings/{meeting}/minutes",
            body: none,
            if_match: None,
            expect: [401, 403, 403, 200, 200, 403, 200, 403],
        },
        Row {
            operation: "council_meeting_minutes_document",
            method: M::GET,
            path: "/api/v1/council-meetings/{meeting}/minutes/document",
            body: none,
            if_match: None,
            expect: [401, 403, 403, 200, 200, 403, 200, 403],
        },
        Row {
            operation: "create_council_meeting",
            method: M::POST,
            path: "/api/v1/council-meetings",
            body: |f, _| {
                Some(json!({ "held_on": "2023-12-15", "title": "Họp Hội đồng", "nomination_ids": [f.c().posted] }))
            },
            if_match: None,
            expect: [401, 403, 403, 201, 403, 403, 403, 403],
        },
        Row {
            operation: "set_council_attendance",
            method: M::PUT,
            path: "/api/v1/council-meetings/{meeting}/attendance",
            body: |f, _| Some(json!({ "member_ids": [f.c().member] })),
            if_match: Some("/api/v1/council-meetings/{meeting}"),
            expect: [401, 403, 403, 200, 403, 403, 403, 403],
        },
        Row {
            operation: "set_council_votes",
            method: M::PUT,
            path: "/api/v1/council-meetings/{meeting}/votes/{considered}",
            body: |_, _| Some(json!({ "votes_for": 1, "votes_against": 0, "votes_total": 1 })),
            if_match: Some("/api/v1/council-meetings/{meeting}"),
            expect: [401, 403, 403, 200, 403, 403, 403, 403],
        },
        Row {
            operation: "conclude_council_meeting",
            method: M::POST,
            path: "/api/v1/council-meetings/{meeting}/conclude",
            body: none,
            if_match: Some("/api/v1/council-meetings/{meeting}"),
            expect: [401, 403, 403, 200, 403, 403, 403, 403],
        },
        // Reward funds: read by everyone in scope, kept by the office.
        Row {
            operation: "list_reward_funds",
            method: M::GET,
            path: "/api/v1/reward-funds",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 200],
        },
        Row {
            operation: "get_reward_fund",
            method: M::GET,
            path: "/api/v1/reward-funds/{fund}",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 200],
        },
        Row {
            operation: "create_reward_fund",
            method: M::POST,
            path: "/api/v1/reward-funds",
            body: |f, _| Some(json!({ "org_unit_id": f.commune, "year": 2031, "budget_vnd": 1_000_000 })),
            if_match: None,
            expect: [401, 403, 403, 201, 403, 403, 403, 403],
        },
        Row {
            operation: "update_reward_fund",
            method: M::PUT,
            path: "/api/v1/reward-funds/{fund}",
            body: |_, _| Some(json!({ "budget_vnd": 200_000_000 })),
            if_match: Some("/api/v1/reward-funds/{fund}"),
            expect: [401, 403, 403, 200, 403, 403, 403, 403],
        },
        // Award decisions: a signed one is read by everyone in scope, a draft
        // by the office and the chairman only; the office prepares, the chairman signs.
        Row {
            operation: "list_award_decisions",
            method: M::GET,
            path: "/api/v1/award-decisions",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 200],
        },
        Row {
            operation: "get_award_decision",
            method: M::GET,
            path: "/api/v1/award-decisions/{signed}",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 200],
        },
        Row {
            operation: "get_award_decision",
            method: M::GET,
            path: "/api/v1/award-decisions/{draft}",
            body: none,
            if_match: None,
            expect: [401, 404, 404, 200, 200, 404, 404, 404],
        },
        Row {
            operation: "get_award_decision_line",
            method: M::GET,
            path: "/api/v1/award-decisions/{signed}/lines/{signed_line}",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 200],
        },
        Row {
            operation: "create_award_decision",
            method: M::POST,
            path: "/api/v1/award-decisions",
            body: |f, _| {
                Some(json!({ "number": "20/QĐ-UBND", "signed_on": "2023-12-20", "signer_name": "Nguyễn Văn An",
                    "signer_title": "Chủ tịch UBND xã", "legal_basis_ids": ["lb-nd-91-2017"],
                    "nomination_ids": [f.c().approved_free] }))
            },
            if_match: None,
            expect: [401, 403, 403, 201, 403, 403, 403, 403],
        },
        Row {
            operation: "update_award_decision",
            method: M::PUT,
            path: "/api/v1/award-decisions/{draft}",
            body: |f, _| {
                Some(json!({ "number": "12/QĐ-UBND", "signed_on": "2023-12-21", "signer_name": "Nguyễn Văn An",
                    "signer_title": "Chủ tịch UBND xã", "legal_basis_ids": ["lb-nd-91-2017"],
                    "nomination_ids": [f.c().approved_draft] }))
            },
            if_match: Some("/api/v1/award-decisions/{draft}"),
            expect: [401, 403, 403, 200, 403, 403, 403, 403],
        },
        Row {
            operation: "sign_award_decision",
            method: M::POST,
            path: "/api/v1/award-decisions/{to_sign}/sign",
            body: none,
            if_match: Some("/api/v1/award-decisions/{to_sign}"),
            expect: [401, 403, 403, 403, 200, 403, 403, 403],
        },
        Row {
            operation: "revoke_award_decision_line",
            method: M::POST,
            path: "/api/v1/award-decisions/{signed}/lines/{signed_line}/revoke",
            body: |_, _| Some(json!({ "ground": "other", "reason": "Kiểm tra phân quyền" })),
            if_match: Some("/api/v1/award-decisions/{signed}/lines/{signed_line}"),
            expect: [401, 403, 403, 403, 200, 403, 403, 403],
        },
        // The decision's papers: the Quyết định read like the decision; a
        // Giấy khen by whoever reads the decision, a reporter its own unit's
        // only (the signed line is unit B's: reporter A gets 404).
        Row {
            operation: "get_award_decision_document",
            method: M::GET,
            path: "/api/v1/award-decisions/{signed}/document?format=pdf",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 200],
        },
        Row {
            operation: "get_award_decision_document",
            method: M::GET,
            path: "/api/v1/award-decisions/{draft}/document?format=docx",
            body: none,
            if_match: None,
            expect: [401, 404, 404, 200, 200, 404, 404, 404],
        },
        Row {
            operation: "get_award_decision_certificates",
            method: M::GET,
            path: "/api/v1/award-decisions/{signed}/certificates",
            body: none,
            if_match: None,
            expect: [401, 404, 200, 200, 200, 200, 200, 200],
        },
        Row {
            operation: "get_award_decision_line_certificate",
            method: M::GET,
            path: "/api/v1/award-decisions/{signed}/lines/{signed_line}/certificate",
            body: none,
            if_match: None,
            expect: [401, 404, 200, 200, 200, 200, 200, 200],
        },
        // Without If-Match: the office gets as far as 428 (the draft stays for the other columns).
        Row {
            operation: "delete_award_decision",
            method: M::DELETE,
            path: "/api/v1/award-decisions/{draft}",
            body: none,
            if_match: None,
            expect: [401, 403, 403, 428, 403, 403, 403, 403],
        },
        // The audit log.
        Row {
            operation: "list_audit_events",
            method: M::GET,
            path: "/api/v1/audit-events",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 403],
        },
        // The change feed: every role and the `read` scope; each reads its own.
        Row {
            operation: "list_changes",
            method: M::GET,
            path: "/api/v1/changes",
            body: none,
            if_match: None,
            expect: [401, 200, 200, 200, 200, 200, 200, 200],
        },
        // Webhooks: admins and the office, each within its scope. `{webhook}`
        // is the office's (the commune's); `{root_webhook}` the admin's.
        Row {
            operation: "list_webhooks",
            method: M::GET,
            path: "/api/v1/webhooks",
            body: none,
            if_match: None,
            expect: [401, 403, 403, 200, 403, 403, 200, 403],
        },
        Row {
            operation: "create_webhook",
            method: M::POST,
            path: "/api/v1/webhooks",
            body: |_, _| Some(json!({ "url": "http://127.0.0.1:9/hook", "types": ["report.submit"] })),
            if_match: None,
            expect: [401, 403, 403, 201, 403, 403, 201, 403],
        },
        Row {
            operation: "get_webhook",
            method: M::GET,
            path: "/api/v1/webhooks/{webhook}",
            body: none,
            if_match: None,
            expect: [401, 403, 403, 200, 403, 403, 200, 403],
        },
        Row {
            operation: "get_webhook",
            method: M::GET,
            path: "/api/v1/webhooks/{root_webhook}",
            body: none,
            if_match: None,
            expect: [401, 403, 403, 404, 403, 403, 200, 403],
        },
        Row {
            operation: "disable_webhook",
            method: M::POST,
            path: "/api/v1/webhooks/{webhook}/disable",
            body: none,
            if_match: None,
            expect: [401, 403, 403, 200, 403, 403, 200, 403],
        },
        Row {
            operation: "enable_webhook",
            method: M::POST,
            path: "/api/v1/webhooks/{webhook}/enable",
            body: none,
            if_match: None,
            expect: [401, 403, 403, 200, 403, 403, 200, 403],
        },
        Row {
            operation: "list_webhook_deliveries",
            method: M::GET,
            path: "/api/v1/webhooks/{webhook}/deliveries",
            body: none,
            if_match: None,
            expect: [401, 403, 403, 200, 403, 403, 200, 403],
        },
        Row {
            operation: "get_webhook_delivery",
            method: M::GET,
            path: "/api/v1/webhooks/{webhook}/deliveries/msg_none",
            body: none,
            if_match: None,
            expect: [401, 403, 403, 404, 403, 403, 404, 403],
        },
        Row {
            operation: "redeliver_webhook_delivery",
            method: M::POST,
            path: "/api/v1/webhooks/{webhook}/deliveries/msg_none/redeliver",
            body: none,
            if_match: None,
            expect: [401, 403, 403, 404, 403, 403, 404, 403],
        },
        Row {
            operation: "delete_webhook",
            method: M::DELETE,
            path: "/api/v1/webhooks/{root_webhook}",
            body: none,
            if_match: None,
            expect: [401, 403, 403, 404, 403, 403, 204, 403],
        },
    ]
}

#[actix_web::test]
async fn every_operation_answers_every_caller_as_the_matrix_says() {
    let app = TestApp::spawn().await;
    let fixture = Fixture::build(&app).await.with_commendations(&app).await;
    // A recorded reorganisation to read, outside the commune: the other
    // commune's unit renamed from 2020.
    let renamed = app
        .admin_json(
            Method::POST,
            "/api/v1/reorganisations",
            json!({ "kind": "rename", "effective_on": "2020-01-01", "reason": "Đổi tên", "legal_basis": "Nghị quyết thử",
                    "predecessors": [fixture.other_unit], "name": "Bộ phận một cửa" }),
        )
        .await;
    assert_eq!(renamed.status, 201, "{}", renamed.body);
    let reorganisation = crate::support::fixture::id_of(&renamed.body);
    let mut tokens: Vec<Option<String>> = vec![None];
    for username in &CALLERS[1..6] {
        tokens.push(Some(app.login(username, PASSWORD).await));
    }
    tokens.push(Some(app.admin.clone()));
    tokens.push(Some(fixture.service_token(&app).await));
    let hook = |token: String| {
        let app = &app;
        async move {
            let made = app
                .call(Method::POST, "/api/v1/webhooks")
                .bearer(&token)
                .json(json!({ "url": "http://127.0.0.1:9/hook" }))
                .send()
                .await;
            assert_eq!(made.status, 201, "{}", made.body);
            crate::support::fixture::id_of(&made.body)
        }
    };
    let webhook = hook(tokens[3].clone().unwrap()).await;
    let root_webhook = hook(app.admin.clone()).await;

    let document: Value = app.get("/api/v1/openapi.json").await.body;
    let mut mismatches = Vec::new();
    let mut covered = BTreeSet::new();
    for row in rows() {
        covered.insert(row.operation);
        let path = fixture
            .path(row.path)
            .replace("{reorganisation}", &reorganisation)
            .replace("{root_webhook}", &root_webhook)
            .replace("{webhook}", &webhook);
        let mut passed = BTreeSet::new();
        for (column, token) in tokens.iter().enumerate() {
            let mut call = app.call(row.method.clone(), &path);
            if let Some(token) = token {
                call = call.bearer(token);
            }
            if let Some(version_path) = row.if_match {
                let mut current = app.admin_get(&fixture.path(version_path)).await;
                // A draft award decision is read only by the office and the chairman.
                if current.status == 404 {
                    let office = tokens[3].as_deref().unwrap();
                    current = app.call(Method::GET, &fixture.path(version_path)).bearer(office).send().await;
                }
                call = call.header("if-match", current.header("etag").expect("an ETag"));
            }
            match (row.body)(&fixture, column) {
                Some(body) if body == json!(MULTIPART) => call = call.body(SMALL_PDF_FORM.0, SMALL_PDF_FORM.1),
                Some(body) => call = call.json(body),
                None => {}
            }
            let answer = call.send().await;
            if answer.status != row.expect[column] {
                mismatches.push(format!(
                    "{} {} as {}: expected {}, got {} {}",
                    row.method, row.path, CALLERS[column], row.expect[column], answer.status, answer.body
                ));
            }
            if ![401, 403].contains(&answer.status) && column > 0 {
                passed.insert(CALLER_ROLES[column]);
            }
            if answer.status >= 400 {
                assert_eq!(answer.header("content-type"), Some("application/problem+json"), "{}", row.path);
            }
        }
        // The document's callers are exactly those that got past authorisation.
        let operation = find_operation(&document, row.operation);
        if let Some(listed) = operation.get("x-callers").and_then(Value::as_array) {
            let listed: BTreeSet<&str> = listed.iter().filter_map(Value::as_str).collect();
            let passed_roles: BTreeSet<&str> = passed.iter().copied().collect();
            let in_columns: BTreeSet<&str> = listed.iter().copied().filter(|c| CALLER_ROLES.contains(c)).collect();
            if in_columns != passed_roles {
                mismatches.push(format!(
                    "{}: the document lists {listed:?}, the server let {passed_roles:?} through",
                    row.operation
                ));
            }
        }
    }
    assert!(mismatches.is_empty(), "{} cells differ:\n{}", mismatches.len(), mismatches.join("\n"));

    let documented: BTreeSet<String> = document["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|item| item.as_object().unwrap().values())
        .map(|op| op["operationId"].as_str().unwrap().to_owned())
        .collect();
    let covered: BTreeSet<String> = covered.into_iter().map(str::to_owned).collect();
    assert_eq!(documented, covered, "every documented operation has a row");
}

fn find_operation<'a>(document: &'a Value, id: &str) -> &'a Value {
    document["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|item| item.as_object().unwrap().values())
        .find(|op| op["operationId"] == id)
        .unwrap_or_else(|| panic!("no operation {id} in the document"))
}
