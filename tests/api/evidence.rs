//! Evidence: files (multipart, SHA-256, in the object store) and links.

use diesel::RunQueryDsl;
use reqwest::Method;
use reqwest::multipart::{Form, Part};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::campaigns::{demo_campaign, load_demo};
use crate::reports::{as_user, justice_draft, with_etag};
use crate::support::fixture::{Fixture, PASSWORD, id_of};
use crate::support::{Answer, TestApp};

const PDF: &[u8] = b"%PDF-1.4\n% bien ban kiem tra\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

async fn upload(
    app: &TestApp,
    token: &str,
    report: &str,
    name: &str,
    mime: &str,
    bytes: Vec<u8>,
    criterion: Option<&str>,
) -> Answer {
    let mut form = Form::new()
        .part("file", Part::bytes(bytes).file_name(name.to_owned()).mime_str(mime).unwrap())
        .text("title", "Biên bản kiểm tra");
    if let Some(c) = criterion {
        form = form.text("criterion", c.to_owned());
    }
    let response = app
        .client
        .post(app.url(&format!("/api/v1/reports/{report}/evidence")))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    Answer::of(response).await
}

#[actix_web::test]
async fn files_and_links_support_a_report() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let reporter = app.login("reporter.a", PASSWORD).await;
    let report = f.report_a.clone();

    let stored = upload(&app, &reporter, &report, "biên bản quý.pdf", "application/pdf", PDF.to_vec(), Some("2")).await;
    assert_eq!(stored.status, 201, "{}", stored.body);
    let sha: String = Sha256::digest(PDF).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(stored.body["sha256"], sha.as_str());
    assert_eq!(stored.body["size_bytes"], PDF.len());
    assert_eq!(stored.body["kind"], "file");
    assert_eq!(stored.body["filename"], "biên bản quý.pdf");
    assert!(stored.body["criterion_id"].is_string(), "linked to criterion 2");
    let id = stored.body["id"].as_str().unwrap().to_owned();

    // Downloaded as stored, authorised like the report.
    let download =
        app.client.get(app.url(&format!("/api/v1/evidence/{id}/content"))).bearer_auth(&reporter).send().await.unwrap();
    assert_eq!(download.status(), 200);
    assert_eq!(download.headers()["content-type"], "application/pdf");
    assert!(
        download.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("filename*=UTF-8''bi%C3%AAn%20b%E1%BA%A3n")
    );
    assert_eq!(download.bytes().await.unwrap().as_ref(), PDF);
    let stranger = app.login("reporter.b", PASSWORD).await;
    app.call(Method::GET, &format!("/api/v1/evidence/{id}/content"))
        .bearer(&stranger)
        .send()
        .await
        .assert_problem(404, "not_found");

    // Types and sizes follow the settings.
    let exe = upload(&app, &reporter, &report, "x.exe", "application/x-msdownload", vec![0x4d, 0x5a], None).await;
    assert_eq!(exe.assert_problem(415, "unsupported_media_type")["errors"][0]["code"], "type_not_allowed");
    app.admin_json(Method::PUT, "/api/v1/settings/evidence.max_bytes", json!({ "value": "64" })).await;
    upload(&app, &reporter, &report, "big.pdf", "application/pdf", PDF.repeat(3), None)
        .await
        .assert_problem(413, "payload_too_large");

    let link = app.call(Method::POST, &format!("/api/v1/reports/{report}/evidence-links")).bearer(&reporter)
        .json(json!({ "url": "https://daithang.vuban.namdinh.gov.vn/thu-tuc-hanh-chinh", "title": "Trang công khai TTHC", "criterion": "1" }))
        .send().await;
    assert_eq!(link.status, 201, "{}", link.body);
    let bad_link = app
        .call(Method::POST, &format!("/api/v1/reports/{report}/evidence-links"))
        .bearer(&reporter)
        .json(json!({ "url": "javascript:alert(1)", "title": "x" }))
        .send()
        .await;
    assert_eq!(bad_link.assert_problem(422, "validation_failed")["errors"][0]["field"], "url");

    // Deleted evidence is kept for the audit trail.
    let gone = app.call(Method::DELETE, &format!("/api/v1/evidence/{id}")).bearer(&reporter).send().await;
    assert_eq!(gone.status, 204);
    let listed =
        app.call(Method::GET, &format!("/api/v1/reports/{report}/evidence")).bearer(&reporter).send().await.body;
    let listed = listed.as_array().unwrap();
    assert!(listed.iter().all(|e| e["kind"] == "link"), "the deleted file is not listed: {listed:?}");
    assert_eq!(listed.len(), 2, "the fixture's link and this one");
    let all = app
        .call(Method::GET, &format!("/api/v1/reports/{report}/evidence?include_deleted=true"))
        .bearer(&reporter)
        .send()
        .await
        .body;
    let deleted = all.as_array().unwrap().iter().find(|e| e["id"] == id.as_str()).unwrap();
    assert!(deleted["deleted_at"].is_string());
    let download = app.call(Method::GET, &format!("/api/v1/evidence/{id}/content")).bearer(&reporter).send().await;
    assert_eq!(download.status, 200, "the file itself stays");
    let log = app.admin_get(&format!("/api/v1/audit-events?entity=evidence&entity_id={id}")).await.body;
    let actions: Vec<&str> = log["items"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["upload", "delete"]);
    // The deletion is recorded with the item before and after it.
    let deletion = &log["items"][1];
    assert_eq!(deletion["before"]["id"], id.as_str(), "{deletion}");
    assert!(deletion["before"]["deleted_at"].is_null(), "{deletion}");
    assert!(deletion["after"]["deleted_at"].is_string(), "{deletion}");

    // Once submitted, evidence no longer changes.
    let current = app.call(Method::GET, &format!("/api/v1/reports/{report}")).bearer(&reporter).send().await;
    let values = json!({ "values": [{ "criterion": "1", "achieved": true }, { "criterion": "2", "numerator": 1, "denominator": 1 }] });
    let put = app
        .call(Method::PUT, &format!("/api/v1/reports/{report}/values"))
        .bearer(&reporter)
        .header("if-match", current.header("etag").unwrap())
        .json(values)
        .send()
        .await;
    let submitted = app
        .call(Method::POST, &format!("/api/v1/reports/{report}/submit"))
        .bearer(&reporter)
        .header("if-match", put.header("etag").unwrap())
        .send()
        .await;
    assert_eq!(submitted.status, 200, "{}", submitted.body);
    let late = upload(&app, &reporter, &report, "muon.pdf", "application/pdf", PDF.to_vec(), None).await;
    assert_eq!(late.assert_problem(409, "report_not_editable")["current_status"], "submitted");
}

/// Evidence follows the report's one rule for edits: in a locked period it
/// is refused exactly as a value edit is, and accepted again once the office
/// opens a lock exception for the unit and period.
#[actix_web::test]
async fn evidence_in_a_locked_period_waits_for_a_lock_exception() {
    let app = TestApp::spawn().await;
    let passwords: Vec<(String, String)> =
        load_demo(&app).await.new_users.into_iter().map(|(u, _, p)| (u, p)).collect();
    let reporter = as_user(&app, &passwords, "tuphap").await;
    let office = as_user(&app, &passwords, "vanphong").await;
    let campaign = demo_campaign(&app).await["id"].as_str().unwrap().to_owned();
    let unit =
        app.admin_get("/api/v1/org-units?code=DT-TP-HT").await.body["items"][0]["id"].as_str().unwrap().to_owned();
    // The plan's 2023Q4 is long locked: the office opens it for Tư pháp – Hộ tịch.
    let open_period = || {
        let (app, office, campaign, unit) = (&app, &office, &campaign, &unit);
        async move {
            let exception = app
                .call(Method::POST, &format!("/api/v1/campaigns/{campaign}/lock-exceptions"))
                .bearer(office)
                .json(json!({ "period_id": "2023Q4", "org_unit_id": unit, "reason": "Bổ sung báo cáo quý IV",
                              "expires_at": (chrono::Utc::now() + chrono::TimeDelta::days(2)).to_rfc3339() }))
                .send()
                .await;
            assert_eq!(exception.status, 201, "{}", exception.body);
        }
    };
    open_period().await;
    let report = id_of(&justice_draft(&app, &reporter, &campaign, "2023Q4").await.body);
    let add_link = || {
        let (app, reporter, report) = (&app, &reporter, &report);
        async move {
            app.call(Method::POST, &format!("/api/v1/reports/{report}/evidence-links"))
                .bearer(reporter)
                .json(json!({ "url": "https://daithang.vuban.namdinh.gov.vn/tthc", "title": "Trang TTHC", "criterion": "2" }))
                .send()
                .await
        }
    };
    let kept = add_link().await;
    assert_eq!(kept.status, 201, "{}", kept.body);
    let delete = |id: String| {
        let (app, reporter) = (&app, &reporter);
        async move { app.call(Method::DELETE, &format!("/api/v1/evidence/{id}")).bearer(reporter).send().await }
    };

    // The exception ends: the period is locked for the unit again.
    let expire = "UPDATE lock_exceptions SET expires_at = created_at";
    let expired = app.db.run(move |conn| diesel::sql_query(expire).execute(conn).map_err(thidua::db::DbError::from));
    assert_eq!(expired.await.unwrap(), 1);
    let values = format!("/api/v1/reports/{report}/values");
    let edit = || {
        with_etag(
            &app,
            &reporter,
            Method::PUT,
            &values,
            &report,
            Some(json!({ "values": [{ "criterion": "1", "achieved": true }] })),
        )
    };
    let refused = edit().await;
    refused.assert_problem(409, "period_locked");
    let answer = |a: &Answer| (a.status, a.body["code"].clone());
    let file = || upload(&app, &reporter, &report, "bien-ban.pdf", "application/pdf", PDF.to_vec(), Some("2"));
    assert_eq!(answer(&file().await), answer(&refused), "an upload is refused as the edit is");
    assert_eq!(answer(&add_link().await), answer(&refused), "a link is refused as the edit is");
    assert_eq!(answer(&delete(id_of(&kept.body)).await), answer(&refused), "a deletion is refused as the edit is");

    // Under a new exception, evidence changes again, as the values do.
    open_period().await;
    assert_eq!(edit().await.status, 200);
    let stored = file().await;
    assert_eq!(stored.status, 201, "{}", stored.body);
    let linked = add_link().await;
    assert_eq!(linked.status, 201, "{}", linked.body);
    assert_eq!(delete(id_of(&kept.body)).await.status, 204);
}
