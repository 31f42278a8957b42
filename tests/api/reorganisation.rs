//! Units that merge and levels that disappear: the demo's 2025 reorganisation
//! (xã Liên Minh, Vĩnh Hào and Đại Thắng into xã Liên Minh under tỉnh Ninh
//! Bình), history kept as it was, the superior role, and the refusals.

use reqwest::Method;
use serde_json::{Value, json};

use crate::demo::demo_with_results;
use crate::reports::as_user;
use crate::support::TestApp;
use crate::support::fixture::id_of;

/// The demo with its 2023 results and its 2025 reorganisation.
async fn reorganised(app: &TestApp) -> Vec<(String, String)> {
    let passwords = demo_with_results(app).await;
    assert!(thidua::demo::reorganisation::load(&app.db).await.unwrap(), "recorded");
    assert!(!thidua::demo::reorganisation::load(&app.db).await.unwrap(), "recorded once");
    passwords
}

async fn unit(app: &TestApp, code: &str, on: &str) -> Value {
    let found = app.admin_get(&format!("/api/v1/org-units?code={code}&on={on}")).await;
    assert_eq!(found.status, 200, "{}", found.body);
    found.body["items"][0].clone()
}

async fn codes_on(app: &TestApp, on: &str) -> Vec<String> {
    let list = app.admin_get(&format!("/api/v1/org-units?on={on}&limit=200")).await;
    assert_eq!(list.status, 200, "{}", list.body);
    list.body["items"].as_array().unwrap().iter().map(|u| u["code"].as_str().unwrap().to_owned()).collect()
}

#[actix_web::test]
async fn a_merger_keeps_2023_as_it_was_and_opens_the_new_tree() {
    let app = TestApp::spawn().await;
    let passwords = reorganised(&app).await;

    // The tree as it stood, and as it stands.
    let before = codes_on(&app, "2023-06-30").await;
    let after = codes_on(&app, "2025-07-01").await;
    for code in ["TINH-NAM-DINH", "HUYEN-VU-BAN", "XA-DAI-THANG", "XA-VINH-HAO", "XA-LIEN-MINH", "DT-TP-HT"] {
        assert!(before.contains(&code.to_owned()), "{code} in 2023");
        assert!(!after.contains(&code.to_owned()), "{code} closed by 2025-07-01");
    }
    for code in ["TINH-NINH-BINH", "XA-LIEN-MINH-2025"] {
        assert!(!before.contains(&code.to_owned()), "{code} not yet in 2023");
        assert!(after.contains(&code.to_owned()), "{code} from 2025-07-01");
    }
    assert_eq!(codes_on(&app, "2025-06-30").await, before, "nothing changed before the day");
    let today = app.admin_get("/api/v1/org-units?limit=200").await;
    assert!(today.body["items"].as_array().unwrap().iter().all(|u| u["valid_to"].is_null()), "today: open units only");
    let all = app.admin_get("/api/v1/org-units?include_closed=true&limit=200").await;
    assert!(all.body["total"].as_u64().unwrap() > today.body["total"].as_u64().unwrap());

    // Names and lineage as they were.
    let dai_thang = unit(&app, "XA-DAI-THANG", "2023-06-30").await;
    assert_eq!(dai_thang["label"], "Xã Đại Thắng, huyện Vụ Bản, tỉnh Nam Định");
    assert_eq!(dai_thang["valid_to"], "2025-07-01");
    let successor = unit(&app, "XA-LIEN-MINH-2025", "2025-07-01").await;
    assert_eq!(successor["label"], "Xã Liên Minh, tỉnh Ninh Bình");
    assert_eq!(successor["valid_from"], "2025-07-01");
    assert_eq!(successor["predecessors"].as_array().unwrap().len(), 3);
    assert_eq!(dai_thang["successors"], json!([successor["id"]]));
    let read = app.admin_get(&format!("/api/v1/org-units/{}?on=2023-06-30", dai_thang["id"].as_str().unwrap())).await;
    assert_eq!(read.body["label"], "Xã Đại Thắng, huyện Vụ Bản, tỉnh Nam Định");

    // The reorganisations, their basis and their units.
    let list = app.admin_get("/api/v1/reorganisations").await;
    assert_eq!(list.status, 200, "{}", list.body);
    assert_eq!(list.body["total"], 2);
    let communes =
        list.body["items"].as_array().unwrap().iter().find(|r| r["successors"][0]["code"] == "XA-LIEN-MINH-2025");
    let communes = communes.expect("the communes' merger").clone();
    assert_eq!(communes["kind"], "merge");
    assert_eq!(communes["effective_on"], "2025-07-01");
    let names: Vec<&str> =
        communes["predecessors"].as_array().unwrap().iter().map(|u| u["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"Xã Đại Thắng") && names.contains(&"Xã Vĩnh Hào"), "{names:?}");
    let one = app.admin_get(&format!("/api/v1/reorganisations/{}", communes["id"].as_str().unwrap())).await;
    assert_eq!(one.body, communes);
    let audit = app.admin_get("/api/v1/audit-events?entity=reorganisation").await;
    assert_eq!(audit.status, 200, "{}", audit.body);
    assert_eq!(audit.body["total"], 2, "{}", audit.body);

    // The 2023 campaign, its reports and its scoreboard still say xã Đại Thắng.
    let chairman = as_user(&app, &passwords, "chutich").await;
    let campaign = app.admin_get("/api/v1/campaigns?code=05/KH-UBND").await.body["items"][0].clone();
    let campaign_id = campaign["id"].as_str().unwrap();
    assert_eq!(campaign["issuer_id"], dai_thang["id"]);
    assert_eq!(campaign["issuer_label"], "Xã Đại Thắng, huyện Vụ Bản, tỉnh Nam Định");
    let board =
        app.call(Method::GET, &format!("/api/v1/campaigns/{campaign_id}/scoreboard")).bearer(&chairman).send().await;
    assert_eq!(board.status, 200, "the moved chairman reads the predecessor's board: {}", board.body);
    // …and finds the predecessor's campaign and reports in the lists.
    let listed = app.call(Method::GET, "/api/v1/campaigns?code=05/KH-UBND").bearer(&chairman).send().await;
    assert_eq!(listed.body["items"][0]["id"], campaign_id, "{}", listed.body);
    let reports = app
        .call(Method::GET, &format!("/api/v1/reports?campaign_id={campaign_id}&status=approved&limit=100"))
        .bearer(&chairman)
        .send()
        .await;
    assert_eq!(reports.body["total"], 24, "{}", reports.body);
    let none = app
        .call(Method::GET, &format!("/api/v1/reports?campaign_id={campaign_id}&status=returned"))
        .bearer(&chairman)
        .send()
        .await;
    assert_eq!(none.body["total"], 0, "the filters apply to the predecessor's reports too");
    assert!(board.body["units"].as_array().unwrap().iter().any(|u| u["name"] == "Tư pháp – Hộ tịch"));
    let xlsx = app
        .call(Method::GET, &format!("/api/v1/campaigns/{campaign_id}/scoreboard?format=csv"))
        .bearer(&chairman)
        .send()
        .await;
    assert_eq!(xlsx.status, 200);
    assert!(String::from_utf8_lossy(&xlsx.bytes).contains("Hội Nông dân"));

    // The superior at the province (the district's account, moved there)
    // sees the successor and, through lineage, the predecessors' results.
    let superior = as_user(&app, &passwords, "huyenvuban").await;
    let me = app.call(Method::GET, "/api/v1/me").bearer(&superior).send().await;
    assert_eq!(me.body["role"], "superior", "{}", me.body);
    let tree = app.call(Method::GET, "/api/v1/org-units?kind=commune").bearer(&superior).send().await;
    assert_eq!(
        tree.body["items"].as_array().unwrap().iter().map(|u| &u["code"]).collect::<Vec<_>>(),
        ["XA-LIEN-MINH-2025"]
    );
    let rollup =
        app.call(Method::GET, &format!("/api/v1/campaigns/{campaign_id}/rollup")).bearer(&superior).send().await;
    assert_eq!(rollup.status, 200, "{}", rollup.body);
    let line = &rollup.body["communes"][0];
    assert_eq!(line["issuer"]["name"], "Xã Đại Thắng");
    assert_eq!(line["successor"]["code"], "XA-LIEN-MINH-2025", "labelled by the unit that carries it on");
    assert!(line["score"].is_number());
}

#[actix_web::test]
async fn a_user_of_a_closed_unit_reads_but_does_not_act() {
    let app = TestApp::spawn().await;
    let passwords = reorganised(&app).await;
    let reporter = as_user(&app, &passwords, "tuphap").await;
    let reports = app.call(Method::GET, "/api/v1/reports?limit=5").bearer(&reporter).send().await;
    assert_eq!(reports.status, 200, "{}", reports.body);
    assert!(reports.body["total"].as_u64().unwrap() > 0, "its 2023 reports");
    let report = &reports.body["items"][0];
    let one = app
        .call(Method::GET, &format!("/api/v1/reports/{}", report["id"].as_str().unwrap()))
        .bearer(&reporter)
        .send()
        .await;
    assert_eq!(one.status, 200);
    let create = app
        .call(Method::POST, "/api/v1/reports")
        .bearer(&reporter)
        .json(json!({ "campaign_id": report["campaign_id"], "org_unit_id": report["org_unit_id"], "period_id": "2023Q4" }))
        .send()
        .await;
    let problem = create.assert_problem(403, "unit_closed");
    assert!(problem["detail"].as_str().unwrap().contains("2025-07-01"), "{problem}");

    // Moved, the office acts in its new commune.
    let office = as_user(&app, &passwords, "vanphong").await;
    let me = app.call(Method::GET, "/api/v1/me").bearer(&office).send().await;
    let commune = unit(&app, "XA-LIEN-MINH-2025", "2025-07-01").await;
    assert_eq!(me.body["org_unit"]["id"], commune["id"], "{}", me.body);
    let person = app
        .call(Method::POST, "/api/v1/people")
        .bearer(&office)
        .json(json!({ "org_unit_id": commune["id"], "full_name": "Đặng Thị Thu", "position": "Công chức Văn phòng – Thống kê" }))
        .send()
        .await;
    assert_eq!(person.status, 201, "{}", person.body);
}

/// A merge request of the demo's communes into a new one, with `change` applied.
async fn attempt(app: &TestApp, change: impl FnOnce(&mut Value)) -> crate::support::Answer {
    let province = app
        .admin_json(
            Method::POST,
            "/api/v1/org-units",
            json!({ "code": "TINH-THU", "name": "Tỉnh Thử", "kind": "province", "parent_id": root(app).await }),
        )
        .await;
    let province = if province.status == 201 {
        id_of(&province.body)
    } else {
        unit(app, "TINH-THU", "2026-01-01").await["id"].as_str().unwrap().to_owned()
    };
    let mut body = json!({
        "kind": "merge",
        "effective_on": "2025-07-01",
        "reason": "Thử",
        "legal_basis": "Phương án thử",
        "predecessors": [
            unit(app, "XA-LIEN-MINH", "2023-01-01").await["id"],
            unit(app, "XA-VINH-HAO", "2023-01-01").await["id"],
        ],
        "successors": [{ "code": "XA-MOI", "name": "Xã Mới", "parent_id": province }],
    });
    change(&mut body);
    app.admin_json(Method::POST, "/api/v1/reorganisations", body).await
}

async fn root(app: &TestApp) -> Value {
    app.admin_get("/api/v1/org-units?kind=root").await.body["items"][0]["id"].clone()
}

#[actix_web::test]
async fn bad_reorganisations_are_refused_and_change_nothing() {
    let app = TestApp::spawn().await;
    demo_with_results(&app).await;
    let units_before = app.admin_get("/api/v1/org-units?include_closed=true&limit=200").await.body["total"].clone();

    // A successor below one of the units that close.
    let dai_thang = unit(&app, "XA-DAI-THANG", "2023-01-01").await;
    let cycle = attempt(&app, |b| {
        b["predecessors"] = json!([dai_thang["id"]]);
        b["successors"] = json!([{ "org_unit_id": dai_thang["id"] }]);
    })
    .await;
    cycle.assert_problem(409, "cycle");
    // A successor of another level.
    let level = attempt(&app, |b| b["successors"][0]["kind"] = json!("district")).await;
    let problem = level.assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["field"], "successors[0].kind", "{problem}");
    assert_eq!(problem["errors"][0]["code"], "wrong_level");
    // Records that would lose their unit: Đại Thắng's 2023 campaign runs on past 2023-06-01.
    let orphaning = attempt(&app, |b| {
        b["predecessors"] = json!([dai_thang["id"]]);
        b["effective_on"] = json!("2023-06-01");
    })
    .await;
    let problem = orphaning.assert_problem(409, "records_after_closing");
    assert!(problem["detail"].as_str().unwrap().contains("05/KH-UBND"), "{problem}");
    // Counts for the kind, and the texts.
    let counts = attempt(&app, |b| {
        b["kind"] = json!("split");
        b["reason"] = json!("");
    })
    .await;
    let fields: Vec<String> = counts.assert_problem(422, "validation_failed")["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect();
    assert!(fields.contains(&"predecessors".to_owned()) && fields.contains(&"reason".to_owned()), "{fields:?}");

    // Nothing of the refused requests was written.
    let units_after = app.admin_get("/api/v1/org-units?include_closed=true&limit=200").await.body["total"].clone();
    assert_eq!(units_after, units_before.as_u64().unwrap() + 1, "only the test province");
    assert_eq!(app.admin_get("/api/v1/reorganisations").await.body["total"], 0);

    // The merger lands once; the same units again on the same date are refused.
    let merged = attempt(&app, |_| {}).await;
    assert_eq!(merged.status, 201, "{}", merged.body);
    assert_eq!(merged.header("location").unwrap(), format!("/api/v1/reorganisations/{}", id_of(&merged.body)));
    let twice = attempt(&app, |b| b["successors"][0]["code"] = json!("XA-MOI-2")).await;
    twice.assert_problem(409, "already_reorganised");
    // A rename before the date a unit began is refused too.
    let new_commune = unit(&app, "XA-MOI", "2025-07-01").await;
    let rename = app
        .admin_json(
            Method::POST,
            "/api/v1/reorganisations",
            json!({ "kind": "rename", "effective_on": "2025-07-01", "reason": "Đổi tên", "legal_basis": "Thử",
                    "predecessors": [new_commune["id"]], "name": "Xã Mới Hơn" }),
        )
        .await;
    let problem = rename.assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["field"], "effective_on");
    assert_eq!(problem["errors"][0]["code"], "before_valid_from");
    // A rename dated after today is refused: the stored name is the current one.
    let later = (thidua::domain::today() + chrono::Duration::days(2)).to_string();
    let future = app
        .admin_json(
            Method::POST,
            "/api/v1/reorganisations",
            json!({ "kind": "rename", "effective_on": later, "reason": "Đổi tên", "legal_basis": "Thử",
                    "predecessors": [new_commune["id"]], "name": "Xã Tương Lai" }),
        )
        .await;
    let problem = future.assert_problem(422, "validation_failed");
    assert_eq!(problem["errors"][0]["field"], "effective_on", "{problem}");
    assert_eq!(problem["errors"][0]["code"], "in_future");
    assert_eq!(unit(&app, "XA-MOI", "2025-07-01").await["name"], "Xã Mới", "nothing renamed");
    // A rename from a later day keeps the old name for the days before.
    let rename = app
        .admin_json(
            Method::POST,
            "/api/v1/reorganisations",
            json!({ "kind": "rename", "effective_on": "2026-01-01", "reason": "Đổi tên", "legal_basis": "Thử",
                    "predecessors": [new_commune["id"]], "name": "Xã Mới Hơn", "code": "XA-MOI-HON" }),
        )
        .await;
    assert_eq!(rename.status, 201, "{}", rename.body);
    assert_eq!(rename.body["predecessors"][0]["name"], "Xã Mới");
    assert_eq!(rename.body["successors"][0]["name"], "Xã Mới Hơn");
    assert_eq!(unit(&app, "XA-MOI-HON", "2025-12-31").await["name"], "Xã Mới");
    // A 2023 unit renamed in 2024: the 2023 scoreboard keeps the old name.
    let tu_phap = unit(&app, "DT-TP-HT", "2023-06-30").await;
    let rename = app
        .admin_json(
            Method::POST,
            "/api/v1/reorganisations",
            json!({ "kind": "rename", "effective_on": "2024-01-01", "reason": "Đổi tên", "legal_basis": "Thử",
                    "predecessors": [tu_phap["id"]], "name": "Tư pháp – Hộ tịch và Chứng thực" }),
        )
        .await;
    assert_eq!(rename.status, 201, "{}", rename.body);
    let campaign = app.admin_get("/api/v1/campaigns?code=05/KH-UBND").await.body["items"][0]["id"].clone();
    let board = app.admin_get(&format!("/api/v1/campaigns/{}/scoreboard", campaign.as_str().unwrap())).await;
    let line =
        board.body["units"].as_array().unwrap().iter().find(|u| u["org_unit_id"] == tu_phap["id"]).unwrap().clone();
    assert_eq!(line["name"], "Tư pháp – Hộ tịch", "named as in 2023");
    assert_eq!(unit(&app, "DT-TP-HT", "2024-01-01").await["name"], "Tư pháp – Hộ tịch và Chứng thực");

    let id = new_commune["id"].as_str().unwrap();
    assert_eq!(app.admin_get(&format!("/api/v1/org-units/{id}?on=2025-12-31")).await.body["name"], "Xã Mới");
    assert_eq!(app.admin_get(&format!("/api/v1/org-units/{id}?on=2026-01-01")).await.body["name"], "Xã Mới Hơn");
}

/// An account of the `district` role from before the role became `superior`
/// still signs in and works after the migration; the old name is still
/// accepted on input.
#[actix_web::test]
async fn a_district_account_from_before_the_migration_still_works() {
    let app = TestApp::spawn().await;
    let config = app.config.clone();
    let district = app
        .admin_json(
            Method::POST,
            "/api/v1/org-units",
            json!({ "code": "HUYEN-CU", "name": "Huyện Cũ", "kind": "district", "parent_id": root(&app).await }),
        )
        .await;
    let district = id_of(&district.body);
    let password = "mật khẩu của huyện cũ";
    let hash = thidua::auth::passwords::hash_blocking(config.auth.argon2, password).unwrap();
    let unit = district.clone();
    actix_web::rt::task::spawn_blocking(move || {
        use diesel::RunQueryDsl;
        let mut conn = thidua::db::connect_once(&config.database, config.db_timeout).unwrap();
        // Back to before the reorganisation's migration (and any after it).
        loop {
            let reverted = thidua::db::migrations::revert_last(&mut conn).unwrap();
            if reverted == "20261202000013" {
                break;
            }
            assert!(reverted.as_str() > "20261202000013", "reverted past it: {reverted}");
        }
        let now = chrono::Utc::now().naive_utc();
        let insert = diesel::sql_query(format!(
            "INSERT INTO users (id, username, display_name, role, org_unit_id, password_hash, credentials_version, \
             active, version, created_at, updated_at) VALUES ('u-huyen-cu', 'huyencu', 'Huyện cũ', 'district', \
             '{unit}', '{hash}', 1, TRUE, 1, '{now}', '{now}')"
        ));
        match &mut conn {
            thidua::db::DbConnection::Sqlite(c) => insert.execute(c).unwrap(),
            thidua::db::DbConnection::Postgres(c) => insert.execute(c).unwrap(),
        };
        thidua::db::migrations::run_pending(&mut conn).unwrap();
    })
    .await
    .unwrap();
    let app = app.restart(|_| {}).await;
    let token = app.login("huyencu", password).await;
    let me = app.call(Method::GET, "/api/v1/me").bearer(&token).send().await;
    assert_eq!(me.status, 200, "{}", me.body);
    assert_eq!(me.body["role"], "superior");
    let nominations = app.call(Method::GET, "/api/v1/nominations").bearer(&token).send().await;
    assert_eq!(nominations.status, 200, "{}", nominations.body);

    // `district` on input, for one release: it is the superior role.
    let created = app
        .admin_json(
            Method::POST,
            "/api/v1/users",
            json!({ "username": "huyenmoi", "display_name": "Huyện mới", "role": "district",
                    "org_unit_id": district, "password": "một mật khẩu đủ dài" }),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.body["role"], "superior");
}

#[actix_web::test]
async fn a_split_opens_its_units_and_moves_the_users_and_people_listed() {
    let app = TestApp::spawn().await;
    let f = crate::support::fixture::Fixture::build(&app).await;
    let user = app
        .admin_json(
            Method::POST,
            "/api/v1/users",
            json!({ "username": "tuphap.khac", "display_name": "Cán bộ Tư pháp", "role": "reporter",
                    "org_unit_id": f.other_unit, "password": "mật khẩu đủ dài 2024" }),
        )
        .await;
    assert_eq!(user.status, 201, "{}", user.body);
    let user = id_of(&user.body);
    let split = |tu_phap: &str, ho_tich: &str| {
        json!({ "kind": "split", "effective_on": "2024-06-01", "reason": "Tách bộ phận", "legal_basis": "Quyết định thử",
                "predecessors": [f.other_unit],
                "successors": [
                    { "code": tu_phap, "name": "Tư pháp", "parent_id": f.other_commune },
                    { "code": ho_tich, "name": "Hộ tịch", "parent_id": f.other_commune }],
                "move_users": [{ "id": user, "to": tu_phap }],
                "move_people": [{ "id": f.person_other, "to": ho_tich }] })
    };
    // The closed unit keeps its code for the days before: a successor may not take it.
    let taken = app.admin_json(Method::POST, "/api/v1/reorganisations", split("KHAC-TP", "KHAC-HT")).await;
    let problem = taken.assert_problem(409, "code_taken");
    assert_eq!(problem["errors"][0]["field"], "successors[0].code", "{problem}");
    assert!(problem["detail"].as_str().unwrap().contains("KHAC-TP"), "{problem}");
    assert_eq!(app.admin_get("/api/v1/reorganisations").await.body["total"], 0, "nothing written");
    let split = app.admin_json(Method::POST, "/api/v1/reorganisations", split("KHAC-TP-2024", "KHAC-HT-2024")).await;
    assert_eq!(split.status, 201, "{}", split.body);
    assert_eq!(split.body["kind"], "split");
    let mut codes: Vec<&str> =
        split.body["successors"].as_array().unwrap().iter().map(|u| u["code"].as_str().unwrap()).collect();
    codes.sort_unstable();
    assert_eq!(codes, ["KHAC-HT-2024", "KHAC-TP-2024"]);
    assert_eq!(split.body["predecessors"][0]["name"], "Tư pháp – Hộ tịch");

    // The tree on each side of the day.
    let before = codes_on(&app, "2024-05-31").await;
    let after = codes_on(&app, "2024-06-01").await;
    assert!(before.contains(&"KHAC-TP".to_owned()) && !before.contains(&"KHAC-HT-2024".to_owned()), "{before:?}");
    assert!(!after.contains(&"KHAC-TP".to_owned()) && after.contains(&"KHAC-HT-2024".to_owned()), "{after:?}");
    let closed = unit(&app, "KHAC-TP", "2024-05-31").await;
    assert_eq!(closed["valid_to"], "2024-06-01");
    let mut successors: Vec<String> =
        closed["successors"].as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_owned()).collect();
    successors.sort();
    let mut opened: Vec<String> =
        split.body["successors"].as_array().unwrap().iter().map(|u| u["id"].as_str().unwrap().to_owned()).collect();
    opened.sort();
    assert_eq!(successors, opened, "the closed unit links to both");

    // Who moved where.
    let tu_phap = unit(&app, "KHAC-TP-2024", "2024-06-01").await;
    let ho_tich = unit(&app, "KHAC-HT-2024", "2024-06-01").await;
    assert_eq!(tu_phap["predecessors"], json!([closed["id"]]), "each successor links back");
    assert_eq!(ho_tich["predecessors"], json!([closed["id"]]));
    assert_eq!(split.body["predecessors"][0]["id"], closed["id"]);
    assert_eq!(app.admin_get(&format!("/api/v1/users/{user}")).await.body["org_unit_id"], tu_phap["id"]);
    assert_eq!(app.admin_get(&format!("/api/v1/people/{}", f.person_other)).await.body["org_unit_id"], ho_tich["id"]);
    let audit = app.admin_get("/api/v1/audit-events?entity=reorganisation").await;
    assert_eq!(audit.body["total"], 1, "one event for the whole split: {}", audit.body);
}

/// The demo's 2023 report of Tư pháp – Hộ tịch for `period`.
async fn tu_phap_report(app: &TestApp, period: &str) -> Value {
    let campaign = app.admin_get("/api/v1/campaigns?code=05/KH-UBND").await.body["items"][0]["id"].clone();
    let tu_phap = unit(app, "DT-TP-HT", "2023-06-30").await;
    let list = app.admin_get(&format!("/api/v1/reports?campaign_id={}&limit=100", campaign.as_str().unwrap())).await;
    assert_eq!(list.status, 200, "{}", list.body);
    let found = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["org_unit_id"] == tu_phap["id"] && r["period_id"] == period);
    let id = found.unwrap_or_else(|| panic!("a {period} report: {}", list.body))["id"].as_str().unwrap().to_owned();
    let one = app.admin_get(&format!("/api/v1/reports/{id}")).await;
    assert_eq!(one.status, 200, "{}", one.body);
    one.body
}

#[actix_web::test]
async fn a_2023_report_and_nomination_keep_their_units_2023_labels() {
    let app = TestApp::spawn().await;
    demo_with_results(&app).await;
    assert!(thidua::demo::commendations::load(&app.db, std::sync::Arc::default()).await.unwrap() > 0);
    assert!(thidua::demo::reorganisation::load(&app.db).await.unwrap(), "recorded");

    let commune = "xã Đại Thắng, huyện Vụ Bản, tỉnh Nam Định";
    for _ in 0..2 {
        // Built, then sent again as kept.
        let report = tu_phap_report(&app, "2023Q4").await;
        assert_eq!(report["org_unit_label"], format!("Tư pháp – Hộ tịch, {commune}"), "{report}");
    }
    let nominations = app.admin_get("/api/v1/nominations?limit=100").await;
    assert_eq!(nominations.status, 200, "{}", nominations.body);
    let items = nominations.body["items"].as_array().unwrap();
    assert!(!items.is_empty(), "{}", nominations.body);
    for nomination in items {
        let label = nomination["org_unit_label"].as_str().unwrap();
        assert!(label.ends_with(commune) || label == "Xã Đại Thắng, huyện Vụ Bản, tỉnh Nam Định", "{nomination}");
        let one = app.admin_get(&format!("/api/v1/nominations/{}", nomination["id"].as_str().unwrap())).await;
        assert_eq!(one.body["org_unit_label"], nomination["org_unit_label"]);
    }
}

#[actix_web::test]
async fn a_kept_report_answer_follows_a_rename() {
    let app = TestApp::spawn().await;
    demo_with_results(&app).await;
    for _ in 0..2 {
        let report = tu_phap_report(&app, "2023Q4").await;
        assert!(report["org_unit_label"].as_str().unwrap().starts_with("Tư pháp – Hộ tịch, xã Đại Thắng"), "{report}");
    }
    let tu_phap = unit(&app, "DT-TP-HT", "2023-06-30").await;
    let rename = app
        .admin_json(
            Method::POST,
            "/api/v1/reorganisations",
            json!({ "kind": "rename", "effective_on": "2023-10-01", "reason": "Đổi tên", "legal_basis": "Thử",
                    "predecessors": [tu_phap["id"]], "name": "Tư pháp – Chứng thực" }),
        )
        .await;
    assert_eq!(rename.status, 201, "{}", rename.body);
    let report = tu_phap_report(&app, "2023Q4").await;
    assert!(report["org_unit_label"].as_str().unwrap().starts_with("Tư pháp – Chứng thực, xã Đại Thắng"), "{report}");
    let report = tu_phap_report(&app, "2023Q1").await;
    assert!(report["org_unit_label"].as_str().unwrap().starts_with("Tư pháp – Hộ tịch, xã Đại Thắng"), "{report}");
}
