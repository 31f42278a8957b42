//! The background worker of queued imports: one per process, woken when an
//! import is queued and every few seconds besides (another instance may
//! have queued one). An import is taken by one conditional update
//! (`db::imports::take`), so of several instances on one PostgreSQL one
//! writes it; the taker renews its hold at every commit, and an import
//! whose worker stopped writing for [`LEASE`] (its process died) is taken
//! again.
//!
//! After a restart: an all-or-nothing import (and a dry run) is one
//! transaction, so it had written nothing and is run again whole; one
//! written report by report commits every [`super::CHUNK`] reports with
//! its progress, and resumes after the last commit.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

use super::rows::Rows;
use super::{Group, Progress, Queued, Writing, ending, plan, started, status_word, write_reports};
use crate::auth::Action;
use crate::auth::principal::of_actor;
use crate::db::{self, Db, DbError};
use crate::error::ApiError;
use crate::model::imports::{ImportOptions, ImportProblem, ImportStatus};
use crate::service::{Caches, Caller};

/// How long an import stays with a worker that stopped writing it.
const LEASE: chrono::TimeDelta = chrono::TimeDelta::seconds(10);
/// How often the worker looks for imports it was not told of.
const POLL: Duration = Duration::from_secs(2);

/// Wakes the worker of this process.
#[derive(Clone, Debug, Default)]
pub struct Queue(Arc<Notify>);

impl Queue {
    /// Tells the worker an import is queued.
    pub fn wake(&self) {
        self.0.notify_one();
    }
}

/// Runs the worker until the process ends.
pub async fn run(db: Db, caches: Arc<Caches>) {
    loop {
        match db.run(db::imports::unfinished).await {
            Ok(ids) => {
                for id in ids {
                    if let Err(error) = work_on(&db, &caches, &id).await {
                        tracing::warn!(import = %id, %error, "an import could not be finished now");
                    }
                }
            }
            Err(error) => tracing::warn!(%error, "queued imports could not be read"),
        }
        tokio::select! {
            () = caches.import_queue.0.notified() => {}
            () = tokio::time::sleep(POLL) => {}
        }
    }
}

/// Why a step of the worker ends.
enum Stop {
    /// Every report tried, and the import ends rolled back (a dry run, or refused).
    Undone(ImportStatus, Progress),
    Failed(ApiError),
}

impl From<DbError> for Stop {
    fn from(error: DbError) -> Self {
        Stop::Failed(error.into())
    }
}

impl From<ApiError> for Stop {
    fn from(error: ApiError) -> Self {
        Stop::Failed(error)
    }
}

/// Takes the import `id` if it is free and writes it to its end.
async fn work_on(db: &Db, caches: &Arc<Caches>, id: &str) -> Result<(), ApiError> {
    let taken = {
        let id = id.to_owned();
        db.write_in_background(move |conn| {
            if !db::imports::take(conn, &id, LEASE)? {
                return Ok::<_, DbError>(None);
            }
            let Some(record) = db::imports::get(conn, &id)? else { return Ok(None) };
            // The rows, read once here: a look at the progress leaves them be.
            Ok(Some((record, db::imports::input(conn, &id)?)))
        })
        .await?
    };
    let Some((record, input)) = taken else { return Ok(()) };
    let options: ImportOptions = serde_json::from_str(&record.options).map_err(|e| ApiError::internal(&e))?;
    let Some(input) = input.as_deref() else {
        return end(db, id, ImportStatus::Failed, failure("The import's rows are gone.")).await;
    };
    let queued: Queued = serde_json::from_str(input).map_err(|e| ApiError::internal(&e))?;
    let actor = record.actor.clone();
    let principal = db.run(move |conn| of_actor(conn, &actor)).await?;
    let Some(principal) = principal else {
        return end(db, id, ImportStatus::Failed, failure("The account that asked for the import is gone.")).await;
    };
    // The import's id stands for the request in the audit log of every change it makes.
    let caller = Caller::new(principal, format!("import:{id}"));
    if caller.may(Action::ImportFigures).is_err() {
        return end(db, id, ImportStatus::Failed, failure("The account that asked may no longer import.")).await;
    }
    let rows = Rows { rows: queued.rows, problems: queued.problems, total: queued.total };
    if options.atomic || options.dry_run {
        whole(db, caches, caller, id, options, rows).await
    } else {
        by_chunks(db, caches, caller, id, options, rows).await
    }
}

/// An all-or-nothing import, or a dry run: one transaction.
async fn whole(
    db: &Db,
    caches: &Arc<Caches>,
    caller: Caller,
    id: &str,
    options: ImportOptions,
    rows: Rows,
) -> Result<(), ApiError> {
    let (caches, id_owned) = (caches.clone(), id.to_owned());
    let outcome = db
        .write_in_background(move |conn| {
            let grant = caller.may(Action::ImportFigures)?;
            let writing = Writing { caller: &caller, caches: &caches, grant: &grant, import_id: &id_owned, options };
            let total = rows.total;
            let (groups, unresolved) = plan(conn, &grant, rows.rows)?;
            let mut progress = started(rows.problems, unresolved);
            write_reports(conn, &writing, &groups, &mut progress, groups.len())?;
            progress.rows_done = total;
            let status = ending(options, &progress);
            if status != ImportStatus::Done {
                return Err(Stop::Undone(status, progress));
            }
            let outcome = serde_json::to_string(&progress).map_err(|e| ApiError::internal(&e))?;
            db::imports::finish(
                conn,
                &id_owned,
                status_word(status),
                i32::try_from(total).unwrap_or(i32::MAX),
                &outcome,
            )?;
            Ok(())
        })
        .await;
    match outcome {
        Ok(()) => Ok(()),
        Err(Stop::Undone(status, progress)) => end(db, id, status, progress).await,
        Err(Stop::Failed(error)) => fail_or_retry(db, id, error).await,
    }
}

/// An import written report by report: a commit every [`super::CHUNK`]
/// reports, with the progress.
async fn by_chunks(
    db: &Db,
    caches: &Arc<Caches>,
    caller: Caller,
    id: &str,
    options: ImportOptions,
    rows: Rows,
) -> Result<(), ApiError> {
    let grant = caller.may(Action::ImportFigures)?;
    let total = rows.total;
    let planned = {
        let grant = grant.clone();
        db.write_in_background(move |conn| plan(conn, &grant, rows.rows).map(|(g, u)| (g, u, rows.problems))).await
    };
    let (groups, unresolved, problems) = match planned {
        Ok(planned) => planned,
        Err(error) => return fail_or_retry(db, id, error).await,
    };
    let groups: Arc<Vec<Group>> = Arc::new(groups);
    let first = started(problems, unresolved);
    let caller = Arc::new(caller);
    loop {
        let (groups, caches, caller, grant, id_owned) =
            (groups.clone(), caches.clone(), caller.clone(), grant.clone(), id.to_owned());
        let first = first.clone();
        let step = db
            .write_in_background(move |conn| {
                // Where the last commit left it (after a restart too).
                let record = db::imports::get(conn, &id_owned)?.ok_or(DbError::NotFound)?;
                let mut progress = match &record.outcome {
                    Some(text) => serde_json::from_str(text).map_err(|e| ApiError::internal(&e))?,
                    None => first,
                };
                let writing =
                    Writing { caller: &caller, caches: &caches, grant: &grant, import_id: &id_owned, options };
                let upto = progress.next_report + super::CHUNK;
                write_reports(conn, &writing, &groups, &mut progress, upto)?;
                let finished = progress.next_report >= groups.len();
                if finished {
                    progress.rows_done = total;
                }
                let outcome = serde_json::to_string(&progress).map_err(|e| ApiError::internal(&e))?;
                let done = i32::try_from(progress.rows_done).unwrap_or(i32::MAX);
                if finished {
                    db::imports::finish(conn, &id_owned, "done", done, &outcome)?;
                } else {
                    db::imports::progress(conn, &id_owned, done, &outcome)?;
                }
                Ok::<_, ApiError>(finished)
            })
            .await;
        match step {
            Ok(true) => return Ok(()),
            Ok(false) => {}
            Err(error) => return fail_or_retry(db, id, error).await,
        }
    }
}

/// The service failed under the import: it is left to be taken again once
/// its hold lapses when the database is unavailable; any other failure ends it.
async fn fail_or_retry(db: &Db, id: &str, error: ApiError) -> Result<(), ApiError> {
    if error.problem().status == 503 {
        return Err(error);
    }
    tracing::error!(import = %id, %error, "an import failed");
    end(
        db,
        id,
        ImportStatus::Failed,
        failure("The service failed while writing the import; nothing of the failed step was written."),
    )
    .await
}

fn failure(message: &str) -> Progress {
    Progress {
        problems: vec![ImportProblem {
            row: 0,
            field: "import".to_owned(),
            code: "failed".to_owned(),
            message: message.to_owned(),
        }],
        ..Progress::default()
    }
}

/// Ends the import `id` with `status` and what it found.
async fn end(db: &Db, id: &str, status: ImportStatus, mut progress: Progress) -> Result<(), ApiError> {
    progress.summary.conflicts = u32::try_from(progress.problems.len()).unwrap_or(u32::MAX);
    let outcome = serde_json::to_string(&progress).map_err(|e| ApiError::internal(&e))?;
    let (id, done) = (id.to_owned(), i32::try_from(progress.rows_done).unwrap_or(i32::MAX));
    db.write_in_background(move |conn| db::imports::finish(conn, &id, status_word(status), done, &outcome)).await?;
    Ok(())
}
