//! Writes made at the same time: on SQLite they queue for one writer, which
//! commits those that queued together (group commit), each in a savepoint of
//! its own. Whatever the batching, every write keeps its own fate: one that
//! fails or panics leaves nothing behind and takes no other write down.
//! The same test runs on PostgreSQL, where each write is its own transaction.

use std::time::Duration;

use thidua::db::{self, Db, DbError};

use crate::support::{TestDatabase, postgres_server, test_config};

#[actix_web::test]
async fn concurrent_writes_each_keep_their_own_fate() {
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::create(dir.path().join("writes.db"));
    // test_config gives the database ten seconds: on PostgreSQL each panic
    // costs its connection and the writes after it wait for new ones.
    let config = test_config(dir.path(), database.url());
    let mut conn = db::connect_once(&config.database, Duration::from_secs(5)).unwrap();
    db::migrations::run_pending(&mut conn).unwrap();
    drop(conn);
    let db = Db::new(&config);

    // The first write holds the writer a moment, so on SQLite the others
    // queue behind it and are committed together in the next batch.
    let slow = db.write(|conn| {
        std::thread::sleep(Duration::from_millis(100));
        db::settings::put(conn, "w.slow", "1")
    });
    let others = (0..30).map(|i| {
        let db = db.clone();
        async move {
            db.write(move |conn| -> Result<(), DbError> {
                db::settings::put(conn, &format!("w.{i}"), "written")?;
                match i % 3 {
                    0 => Ok(()),
                    // Fails after writing: its write must be undone, alone.
                    1 => Err(DbError::Other(format!("write {i} refuses"))),
                    _ => panic!("write {i} panics"),
                }
            })
            .await
        }
    });
    let (slow, outcomes) = futures_util::join!(slow, futures_util::future::join_all(others));
    slow.unwrap();

    for (i, outcome) in outcomes.into_iter().enumerate() {
        let stored = db.run(move |conn| db::settings::get(conn, &format!("w.{i}"))).await.unwrap();
        match i % 3 {
            0 => {
                assert!(outcome.is_ok(), "write {i}: {outcome:?}");
                assert_eq!(stored.map(|s| s.value), Some("written".to_owned()), "write {i} is kept");
            }
            1 => {
                assert!(
                    matches!(&outcome, Err(DbError::Other(m)) if m == &format!("write {i} refuses")),
                    "{outcome:?}"
                );
                assert!(stored.is_none(), "write {i} failed and left nothing");
            }
            _ => {
                assert!(matches!(outcome, Err(DbError::Other(_))), "write {i} panicked: {outcome:?}");
                assert!(stored.is_none(), "write {i} panicked and left nothing");
            }
        }
    }
    // The writer is still there after the panics.
    db.write(|conn| db::settings::put(conn, "w.after", "1")).await.unwrap();
    assert!(db.run(|conn| db::settings::get(conn, "w.after")).await.unwrap().is_some());
}

/// A batch whose commit fails is refused as a whole, and the writer goes on
/// (it also opens a new connection, which this test cannot tell apart from
/// the old one recovering). SQLite only: the fault is a write that ends the
/// batch's transaction itself, which SQLite's COMMIT then refuses (PostgreSQL
/// would only warn, and there each write is its own transaction anyway).
#[actix_web::test]
async fn after_a_batch_that_cannot_commit_the_writer_goes_on() {
    use diesel::RunQueryDsl;
    if postgres_server().is_some() {
        eprintln!("failed-commit test: runs on SQLite only (the one writer)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let database = TestDatabase::create(dir.path().join("commit.db"));
    let config = test_config(dir.path(), database.url());
    let mut conn = db::connect_once(&config.database, Duration::from_secs(5)).unwrap();
    db::migrations::run_pending(&mut conn).unwrap();
    drop(conn);
    let db = Db::new(&config);

    let rogue = db
        .write(|conn| -> Result<(), DbError> {
            db::settings::put(conn, "w.rogue", "1")?;
            diesel::sql_query("ROLLBACK").execute(conn)?;
            Ok(())
        })
        .await;
    assert!(rogue.is_err(), "a write whose batch was not committed is told so: {rogue:?}");
    assert!(db.run(|conn| db::settings::get(conn, "w.rogue")).await.unwrap().is_none());

    for i in 0..3 {
        let key = format!("w.after.{i}");
        db.write({
            let key = key.clone();
            move |conn| db::settings::put(conn, &key, "1")
        })
        .await
        .unwrap_or_else(|e| panic!("write {i} after the failed batch: {e:?}"));
        assert!(db.run(move |conn| db::settings::get(conn, &key)).await.unwrap().is_some(), "write {i} is kept");
    }
}
