//! The change feed: each change a caller may read, once, in commit order,
//! paged by a cursor that resumes from any page — while writes happen.

use std::collections::HashSet;

use futures_util::StreamExt;
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::TestApp;
use crate::support::fixture::{Fixture, PASSWORD, id_of};

/// Reads the feed from `after` to its end (for now), page by page.
async fn drain(app: &TestApp, token: &str, query: &str, mut after: Option<String>) -> (Vec<Value>, String) {
    let mut items = Vec::new();
    loop {
        let cursor = after.as_deref().map(|c| format!("&after={c}")).unwrap_or_default();
        let answer = app.call(Method::GET, &format!("/api/v1/changes?{query}{cursor}")).bearer(token).send().await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        items.extend(answer.body["items"].as_array().unwrap().iter().cloned());
        after = Some(answer.body["next"].as_str().unwrap().to_owned());
        if answer.body["more"] == false {
            return (items, after.unwrap());
        }
    }
}

/// Reads the feed as [`drain`] does until `done` holds for what was read:
/// on PostgreSQL a change shows once every older transaction on the server
/// has ended, other tests' included.
async fn drain_until(
    app: &TestApp,
    token: &str,
    query: &str,
    after: Option<String>,
    done: impl Fn(&[Value]) -> bool,
) -> (Vec<Value>, String) {
    let (mut items, mut next) = drain(app, token, query, after).await;
    let give_up = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !done(&items) && std::time::Instant::now() < give_up {
        actix_web::rt::time::sleep(std::time::Duration::from_millis(50)).await;
        let (more, later) = drain(app, token, query, Some(next)).await;
        items.extend(more);
        next = later;
    }
    assert!(done(&items), "the feed never showed what was awaited: {items:#?}");
    (items, next)
}

/// Whether the feed read holds the change `type` of record `id`.
fn holds(items: &[Value], kind: &str, id: &str) -> bool {
    items.iter().any(|i| i["type"] == kind && i["entity_id"] == id)
}

fn ids(items: &[Value]) -> Vec<String> {
    items.iter().map(|i| i["id"].as_str().unwrap().to_owned()).collect()
}

#[actix_web::test]
async fn each_caller_reads_the_changes_of_what_it_may_read() {
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    // The fixture's last change the feed follows: once it shows, all before it do.
    let fixture_done = |items: &[Value]| holds(items, "report.create", &f.report_a);
    let (all, _) = drain_until(&app, &app.admin, "limit=3", None, fixture_done).await;
    let types: Vec<&str> = all.iter().map(|i| i["type"].as_str().unwrap()).collect();
    assert!(types.contains(&"campaign.create") && types.contains(&"campaign.activate"), "{types:?}");
    assert!(types.contains(&"report.create"), "{types:?}");
    assert!(
        all.iter()
            .all(|i| ["report", "campaign", "nomination", "award_decision"].contains(&i["entity"].as_str().unwrap()))
    );
    let created = all.iter().find(|i| i["type"] == "report.create").unwrap();
    assert_eq!(created["entity_id"], f.report_a.as_str());
    assert_eq!(created["record"]["id"], f.report_a.as_str());
    let unique: HashSet<String> = ids(&all).into_iter().collect();
    assert_eq!(unique.len(), all.len(), "no change twice");

    let of = |items: &[Value], entity_id: &str| items.iter().any(|i| i["entity_id"] == entity_id);
    // Reporter A reads its unit's report; reporter B does not, but reads its commune's campaigns.
    let reporter_a = app.login("reporter.a", PASSWORD).await;
    let reporter_b = app.login("reporter.b", PASSWORD).await;
    let (seen_a, _) = drain(&app, &reporter_a, "", None).await;
    let (seen_b, _) = drain(&app, &reporter_b, "", None).await;
    assert!(of(&seen_a, &f.report_a));
    assert!(!of(&seen_b, &f.report_a), "{seen_b:#?}");
    assert!(of(&seen_b, &f.active_campaign) && of(&seen_b, &f.campaign));
    assert!(!of(&seen_b, &f.other_campaign), "another commune's campaign");
    // The district's system (scope `read`) reads the reports below it.
    let service = f.service_token(&app).await;
    let (seen_service, _) = drain(&app, &service, "", None).await;
    assert!(of(&seen_service, &f.report_a) && of(&seen_service, &f.other_campaign));

    // types: whole kinds or single types.
    let (campaigns, _) = drain(&app, &app.admin, "types=campaign", None).await;
    assert!(!campaigns.is_empty() && campaigns.iter().all(|i| i["entity"] == "campaign"));
    let (activations, _) = drain(&app, &app.admin, "types=campaign.activate,report", None).await;
    assert!(activations.iter().any(|i| i["type"] == "report.create"));
    assert!(
        activations.iter().all(|i| i["type"] == "campaign.activate" || i["entity"] == "report"),
        "{activations:#?}"
    );

    // Any cursor of the documented shape is a place: one past the end reads nothing yet.
    let beyond = app.call(Method::GET, "/api/v1/changes?after=c2.999999999999999999.0").bearer(&app.admin).send().await;
    assert_eq!((beyond.status, beyond.body["items"].as_array().map(Vec::len)), (200, Some(0)), "{}", beyond.body);
    for query in ["after=42", "after=c1.bm9wZQ", "after=c2.01.2", "types=user"] {
        let answer = app.call(Method::GET, &format!("/api/v1/changes?{query}")).bearer(&app.admin).send().await;
        let problem = answer.assert_problem(400, "invalid_query");
        let field = query.split('=').next().unwrap();
        assert_eq!(problem["errors"][0]["field"], field, "{query}");
    }
    // `limit` as on every list: 0 is raised to 1, a large one lowered to 1000.
    let one = app.call(Method::GET, "/api/v1/changes?limit=0").bearer(&app.admin).send().await;
    assert_eq!((one.status, one.body["items"].as_array().unwrap().len()), (200, 1), "{}", one.body);
}

/// Campaigns created many at a time while a reader follows the feed: the
/// reader gets each creation exactly once, in the order a later full read
/// gives, and a cursor from any earlier page resumes where it was.
#[actix_web::test]
async fn the_feed_read_during_concurrent_writes_yields_each_change_once_in_order() {
    const WRITES: usize = 1000;
    let app = TestApp::spawn().await;
    let root = app.admin_get("/api/v1/org-units?kind=root").await.body["items"][0]["id"].as_str().unwrap().to_owned();
    let district = json!({ "code": "HUYEN", "name": "Huyện", "kind": "district", "parent_id": root });
    let district = id_of(&app.admin_json(Method::POST, "/api/v1/org-units", district).await.body);
    let (_, start) = drain(&app, &app.admin, "", None).await;

    let writes = futures_util::stream::iter(0..WRITES)
        .map(|i| {
            let body = json!({
                "code": format!("FEED/{i}"), "title": "Phong trào", "issuer_id": district,
                "issued_on": "2023-02-10", "starts_on": "2023-02-10", "ends_on": "2023-12-31",
                "period_type": "quarter",
            });
            let app = &app;
            async move {
                let answer = app.admin_json(Method::POST, "/api/v1/campaigns", body).await;
                assert_eq!(answer.status, 201, "{}", answer.body);
                id_of(&answer.body)
            }
        })
        .buffer_unordered(32)
        .collect::<Vec<String>>();
    let done = std::sync::atomic::AtomicBool::new(false);
    let follow = async {
        let mut read = Vec::new();
        let mut cursors = Vec::new();
        let mut after = start.clone();
        let give_up = std::time::Instant::now() + std::time::Duration::from_secs(120);
        loop {
            // Whether the writes were done before this read: then it reads to the end.
            let last = done.load(std::sync::atomic::Ordering::SeqCst);
            let (items, next) = drain(&app, &app.admin, "types=campaign&limit=37", Some(after.clone())).await;
            cursors.push((read.len(), after.clone()));
            read.extend(items);
            after = next;
            // On PostgreSQL a change shows once every older transaction on
            // the server has ended (other tests' too): read on until all came.
            if last && (read.len() >= WRITES || std::time::Instant::now() > give_up) {
                return (read, cursors);
            }
            actix_web::rt::time::sleep(std::time::Duration::from_millis(5)).await;
        }
    };
    let writes = async {
        let created = writes.await;
        done.store(true, std::sync::atomic::Ordering::SeqCst);
        created
    };
    let (created, (read, cursors)) = futures_util::join!(writes, follow);

    assert!(cursors.len() > 2, "the feed was read while the writes happened: {} reads", cursors.len());
    let read_ids = ids(&read);
    let unique: HashSet<&String> = read_ids.iter().collect();
    assert_eq!(unique.len(), read_ids.len(), "a change was read twice");
    let entity_ids: HashSet<&str> = read.iter().map(|i| i["entity_id"].as_str().unwrap()).collect();
    assert_eq!(read.len(), WRITES, "each creation once");
    assert!(created.iter().all(|id| entity_ids.contains(id.as_str())), "no creation skipped");

    // In order: what was read piecewise is what one read after the writes gives.
    let (whole, _) = drain(&app, &app.admin, "types=campaign&limit=1000", Some(start)).await;
    assert_eq!(ids(&whole), read_ids);
    // A cursor from the past resumes: from each earlier read, the rest in the same order.
    for (count, cursor) in cursors.iter().step_by(cursors.len().div_ceil(8).max(1)) {
        let (rest, _) = drain(&app, &app.admin, "types=campaign&limit=100", Some(cursor.clone())).await;
        assert_eq!(ids(&rest), read_ids[*count..], "resumed from after {count}");
    }
    // Each item's own cursor resumes right after it.
    let (rest, _) =
        drain(&app, &app.admin, "types=campaign", Some(read[499]["cursor"].as_str().unwrap().to_owned())).await;
    assert_eq!(ids(&rest), read_ids[500..]);
}

/// PostgreSQL numbers changes in one order and commits them in another: a
/// change committed after a transaction still running that began before it
/// waits, so a reader's cursor never passes the older one's change.
#[actix_web::test]
async fn a_change_waits_for_older_transactions_still_running() {
    use diesel::connection::SimpleConnection;
    if crate::support::postgres_server().is_none() {
        return; // SQLite: one writer, nothing commits out of order.
    }
    let app = TestApp::spawn().await;
    let f = Fixture::build(&app).await;
    let (_, start) = drain_until(&app, &app.admin, "types=campaign", None, |items| {
        holds(items, "campaign.activate", &f.active_campaign)
    })
    .await;

    // An older transaction writes a change and stays open.
    let mut held = thidua::db::connect_once(&app.config.database, std::time::Duration::from_secs(5)).unwrap();
    held.batch_execute(
        "BEGIN; INSERT INTO audit_events (id, at, actor, entity, entity_id, action, unit_path)
         SELECT 'held-change', at, actor, entity, 'held', 'update', unit_path
         FROM audit_events WHERE entity = 'campaign' LIMIT 1;",
    )
    .unwrap();
    // A newer one commits.
    let body = json!({
        "code": "SAU/KH", "title": "Phong trào", "issuer_id": f.commune,
        "issued_on": "2023-02-10", "starts_on": "2023-02-10", "ends_on": "2023-12-31", "period_type": "quarter",
    });
    let later = id_of(&app.admin_json(Method::POST, "/api/v1/campaigns", body).await.body);
    let (waiting, next) = drain(&app, &app.admin, "types=campaign", Some(start.clone())).await;
    assert!(waiting.is_empty(), "nothing shows while an older transaction runs: {waiting:#?}");
    assert_eq!(next, start, "the cursor stays put");

    held.batch_execute("COMMIT;").unwrap();
    let (both, _) = drain_until(&app, &app.admin, "types=campaign", Some(next), |items| items.len() >= 2).await;
    let order: Vec<&str> = both.iter().map(|i| i["entity_id"].as_str().unwrap()).collect();
    assert_eq!(order, ["held", later.as_str()], "in the order of the transactions");
}
