//! The organisation tree, people and users: the rules beyond who may call.

use reqwest::Method;
use serde_json::json;

use crate::support::TestApp;
use crate::support::fixture::{Fixture, PASSWORD, id_of};

async fn patch(app: &TestApp, path: &str, body: serde_json::Value) -> crate::support::Answer {
    let current = app.admin_get(path).await;
    app.call(Method::PATCH, path)
        .bearer(&app.admin)
        .header("if-match", current.header("etag").unwrap())
        .json(body)
        .send()
        .await
}

#[actix_web::test]
async fn units_keep_their_vietnamese_names_and_the_tree_its_shape() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let unit = app.admin_get(&format!("/api/v1/org-units/{}", f.office_unit)).await;
    assert_eq!(unit.body["name"], "Văn phòng – Thống kê");
    assert_eq!(unit.header("etag"), Some("\"1\""));

    // Filters: children, kind, subtree, code.
    let children = app.admin_get(&format!("/api/v1/org-units?parent_id={}", f.commune)).await;
    assert_eq!(children.body["total"], 3);
    let communes = app.admin_get("/api/v1/org-units?kind=commune").await;
    assert_eq!(communes.body["total"], 2);
    let subtree = app.admin_get(&format!("/api/v1/org-units?subtree_of={}", f.other_commune)).await;
    assert_eq!(subtree.body["total"], 2);
    let by_code = app.admin_get("/api/v1/org-units?code=HOI-ND").await;
    assert_eq!(by_code.body["items"][0]["id"], f.unit_a.as_str());

    // A reporter sees its commune, not the other one, even when it asks for it.
    let reporter = app.login("reporter.a", PASSWORD).await;
    let seen = app.call(Method::GET, "/api/v1/org-units").bearer(&reporter).send().await;
    assert_eq!(seen.body["total"], 4, "the commune and its three units: {}", seen.body);
    let other = app
        .call(Method::GET, &format!("/api/v1/org-units?subtree_of={}", f.other_commune))
        .bearer(&reporter)
        .send()
        .await;
    assert_eq!(other.body["total"], 0);
}

#[actix_web::test]
async fn invalid_units_are_refused_naming_the_field_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let before = app.admin_get("/api/v1/org-units").await.body["total"].clone();
    let create = |body| app.admin_json(Method::POST, "/api/v1/org-units", body);

    let wrong_parent =
        create(json!({ "code": "X1", "name": "Ban mới", "kind": "sector", "parent_id": f.district })).await;
    assert_eq!(wrong_parent.assert_problem(422, "validation_failed")["errors"][0]["code"], "wrong_parent_kind");
    let bad = create(json!({ "code": "có dấu", "name": "  ", "kind": "sector", "parent_id": f.commune })).await;
    let fields: Vec<&str> = bad.assert_problem(422, "validation_failed")["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["code", "name"]);
    let village = create(json!({ "code": "X0", "name": "Thôn", "kind": "village", "parent_id": f.commune })).await;
    assert_eq!(village.assert_problem(422, "validation_failed")["errors"][0]["field"], "kind");
    let long = create(json!({ "code": "X2", "name": "ệ".repeat(201), "kind": "sector", "parent_id": f.commune })).await;
    long.assert_problem(422, "validation_failed");
    let root_kind = create(json!({ "code": "X3", "name": "Gốc", "kind": "root", "parent_id": f.commune })).await;
    root_kind.assert_problem(422, "validation_failed");
    let taken = create(json!({ "code": "HOI-ND", "name": "Trùng mã", "kind": "sector", "parent_id": f.commune })).await;
    assert_eq!(taken.assert_problem(409, "code_taken")["errors"][0]["field"], "code");
    let nowhere =
        create(json!({ "code": "X4", "name": "Mồ côi", "kind": "sector", "parent_id": "no-such-unit" })).await;
    assert_eq!(nowhere.assert_problem(422, "validation_failed")["errors"][0]["field"], "parent_id");

    assert_eq!(app.admin_get("/api/v1/org-units").await.body["total"], before, "nothing was written");
}

#[actix_web::test]
async fn moves_keep_the_tree_a_tree() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;

    // A commune may not move under its own units, nor a unit under itself.
    let cycle = patch(&app, &format!("/api/v1/org-units/{}", f.district), json!({ "parent_id": f.commune })).await;
    cycle.assert_problem(409, "cycle");
    let own = patch(&app, &format!("/api/v1/org-units/{}", f.commune), json!({ "parent_id": f.commune })).await;
    own.assert_problem(409, "cycle");

    // Moving a commune's unit to the other commune moves it in scope too.
    let moved = patch(&app, &format!("/api/v1/org-units/{}", f.unit_b), json!({ "parent_id": f.other_commune })).await;
    assert_eq!(moved.status, 200, "{}", moved.body);
    assert_eq!(moved.body["parent_id"], f.other_commune.as_str());
    assert_eq!(moved.body["version"], 2);
    let below = app.admin_get(&format!("/api/v1/org-units?subtree_of={}", f.other_commune)).await;
    assert_eq!(below.body["total"], 3);
    let office = app.login("office", PASSWORD).await;
    let hidden = app.call(Method::GET, &format!("/api/v1/org-units/{}", f.unit_b)).bearer(&office).send().await;
    hidden.assert_problem(404, "not_found");

    // Moving a whole commune carries its units along.
    let new_district = app
        .admin_json(
            Method::POST,
            "/api/v1/org-units",
            json!({ "code": "HUYEN-Y-YEN", "name": "Huyện Ý Yên", "kind": "district", "parent_id": app.admin_get("/api/v1/org-units?kind=root").await.body["items"][0]["id"] }),
        )
        .await;
    let new_district = id_of(&new_district.body);
    let carried =
        patch(&app, &format!("/api/v1/org-units/{}", f.other_commune), json!({ "parent_id": new_district })).await;
    assert_eq!(carried.status, 200, "{}", carried.body);
    let under = app.admin_get(&format!("/api/v1/org-units?subtree_of={new_district}")).await;
    assert_eq!(under.body["total"], 4, "the district, the commune and its two units");
    // A carried unit changed where it sits: a new version, so a new ETag.
    let carried_unit = app.admin_get(&format!("/api/v1/org-units/{}", f.unit_b)).await;
    assert_eq!(carried_unit.body["version"], 3, "{}", carried_unit.body);
    assert_eq!(carried_unit.header("etag"), Some("\"3\""));
    assert_eq!(app.admin_get(&format!("/api/v1/org-units/{}", f.other_commune)).await.body["version"], 2);
}

#[actix_web::test]
async fn deactivation_and_versions() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let commune = format!("/api/v1/org-units/{}", f.commune);
    patch(&app, &commune, json!({ "active": false })).await.assert_problem(409, "has_active_children");
    let unit = format!("/api/v1/org-units/{}", f.unit_b);
    let off = patch(&app, &unit, json!({ "active": false })).await;
    assert_eq!(off.body["active"], false);
    assert_eq!(app.admin_get(&unit).await.status, 200, "a deactivated unit is kept");
    let under_inactive = app
        .admin_json(
            Method::POST,
            "/api/v1/org-units",
            json!({ "code": "X9", "name": "Ban", "kind": "sector", "parent_id": f.unit_b }),
        )
        .await;
    under_inactive.assert_problem(422, "validation_failed");

    // If-Match: required, and checked.
    let no_header = app.call(Method::PATCH, &unit).bearer(&app.admin).json(json!({ "name": "Tên mới" })).send().await;
    no_header.assert_problem(428, "if_match_required");
    let stale = app
        .call(Method::PATCH, &unit)
        .bearer(&app.admin)
        .header("if-match", "\"1\"")
        .json(json!({ "name": "Tên mới" }))
        .send()
        .await;
    stale.assert_problem(412, "stale_version");
    assert_ne!(app.admin_get(&unit).await.body["name"], "Tên mới", "nothing was written");

    let root = app.admin_get("/api/v1/org-units?kind=root").await.body["items"][0]["id"].as_str().unwrap().to_owned();
    patch(&app, &format!("/api/v1/org-units/{root}"), json!({ "active": false }))
        .await
        .assert_problem(409, "root_is_fixed");
}

#[actix_web::test]
async fn people_belong_to_units_in_scope_and_link_to_one_user() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let office = app.login("office", PASSWORD).await;
    let create = |body| app.call(Method::POST, "/api/v1/people").bearer(&office).json(body).send();

    let foreign = create(json!({ "org_unit_id": f.other_unit, "full_name": "Ngoài xã" })).await;
    assert_eq!(foreign.assert_problem(422, "validation_failed")["errors"][0]["field"], "org_unit_id");
    let nameless = create(json!({ "org_unit_id": f.unit_a })).await;
    assert_eq!(nameless.assert_problem(422, "validation_failed")["errors"][0]["field"], "full_name");

    let users = app.admin_get("/api/v1/users?role=office").await;
    let office_user = users.body["items"][0]["id"].as_str().unwrap().to_owned();
    let linked = create(json!({ "org_unit_id": f.office_unit, "full_name": "Phạm Thị Lan", "position": "Công chức Văn phòng – Thống kê", "user_id": office_user })).await;
    assert_eq!(linked.status, 201, "{}", linked.body);
    assert_eq!(linked.body["user_id"], office_user.as_str());
    let twice =
        create(json!({ "org_unit_id": f.office_unit, "full_name": "Người khác", "user_id": office_user })).await;
    twice.assert_problem(409, "user_already_linked");

    let mine =
        app.call(Method::GET, &format!("/api/v1/people?org_unit_id={}", f.office_unit)).bearer(&office).send().await;
    assert_eq!(mine.body["total"], 1);
    assert_eq!(mine.body["items"][0]["full_name"], "Phạm Thị Lan");
}

#[actix_web::test]
async fn accounts_fit_their_units_and_admins_cannot_lock_themselves_out() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let create = |body| app.admin_json(Method::POST, "/api/v1/users", body);
    let misplaced = create(json!({ "username": "huyen2", "display_name": "Huyện", "role": "superior", "org_unit_id": f.commune, "password": PASSWORD })).await;
    assert_eq!(misplaced.assert_problem(422, "validation_failed")["errors"][0]["code"], "role_does_not_fit");
    let taken = create(json!({ "username": "Office", "display_name": "Trùng", "role": "office", "org_unit_id": f.office_unit, "password": PASSWORD })).await;
    taken.assert_problem(409, "username_taken");
    let weak = create(json!({ "username": "yeu", "display_name": "Yếu", "role": "reporter", "org_unit_id": f.unit_a, "password": "123456789012" })).await;
    assert_eq!(weak.assert_problem(422, "validation_failed")["errors"][0]["field"], "password");

    let me = app.call(Method::GET, "/api/v1/me").bearer(&app.admin).send().await;
    let own = format!("/api/v1/users/{}", me.body["id"].as_str().unwrap());
    patch(&app, &own, json!({ "active": false })).await.assert_problem(409, "cannot_lock_out_self");
    patch(&app, &own, json!({ "role": "superior" })).await.assert_problem(409, "cannot_lock_out_self");
    // A demotion to a role that fits no root unit breaks a rule of the body first (422 before 409).
    let misfit = patch(&app, &own, json!({ "role": "office" })).await;
    assert_eq!(misfit.assert_problem(422, "validation_failed")["errors"][0]["code"], "role_does_not_fit");

    // A reset password works at once and the old one stops.
    let reset = app
        .admin_json(
            Method::POST,
            &format!("/api/v1/users/{}/password", f.target_user),
            json!({ "new_password": "một mật khẩu mới đủ dài" }),
        )
        .await;
    assert_eq!(reset.status, 204);
    app.login("target", "một mật khẩu mới đủ dài").await; // asserts 200
    let old = app
        .call(Method::POST, "/api/v1/auth/token")
        .json(json!({ "username": "target", "password": PASSWORD }))
        .send()
        .await;
    old.assert_problem(400, "invalid_grant");
}
