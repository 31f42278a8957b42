//! Keeping the prepared statements of the hot UPDATEs.
//!
//! Diesel prepares every `UPDATE` afresh on each call: an `AsChangeset` with
//! optional fields writes different SQL from call to call, so Diesel marks
//! every update as unsafe to cache. The statement cache, though, is keyed
//! by the SQL text when a query has no static id, so an update whose text
//! varies simply takes one entry per shape. [`Prepared`] says so for the
//! updates on the report path (a submission, an edit, an approval): each
//! has a handful of shapes fixed in the code. Preparing the move's
//! `UPDATE … RETURNING` was a sixth of SQLite's one writer's time, and
//! PostgreSQL parses and plans it on every call otherwise.
//!
//! The same holds for the report path's own SQL on PostgreSQL (a move's
//! read and its one statement of data-modifying CTEs, a value edit's):
//! Diesel never keeps a `sql_query`, and parsing, analysing and planning
//! those CTEs afresh took a third of the server's CPU under a burst of
//! submissions — more than running them.

use diesel::backend::Backend;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::{QueryResult, RunQueryDsl};

/// `query`, its prepared statement kept by the connection (keyed by its SQL
/// text). Only for statements whose text takes a bounded number of shapes:
/// each shape stays prepared for the connection's life.
pub fn prepared<Q>(query: Q) -> Prepared<Q> {
    Prepared(query)
}

/// See [`prepared`].
#[derive(Debug, Clone, Copy)]
pub struct Prepared<Q>(Q);

impl<Q, DB> QueryFragment<DB> for Prepared<Q>
where
    DB: Backend,
    Q: QueryFragment<DB>,
{
    fn walk_ast<'b>(&'b self, pass: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        self.0.walk_ast(pass)
    }

    fn is_safe_to_cache_prepared(&self, _backend: &DB) -> QueryResult<bool> {
        Ok(true)
    }
}

/// No static id: the cache then keys the statement by its SQL text and bind types.
impl<Q> QueryId for Prepared<Q> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Q: Query> Query for Prepared<Q> {
    type SqlType = Q::SqlType;
}

impl<Q, Conn> RunQueryDsl<Conn> for Prepared<Q> {}

#[cfg(test)]
mod tests {
    use diesel::pg::Pg;
    use diesel::prelude::*;
    use diesel::query_builder::QueryFragment;
    use diesel::sqlite::Sqlite;

    use super::prepared;
    use crate::db::schema::reports;

    #[test]
    fn a_prepared_update_is_kept_where_diesel_would_prepare_it_again() {
        let update = || diesel::update(reports::table.find("r")).set(reports::version.eq(2)).returning(reports::id);
        assert!(!update().is_safe_to_cache_prepared(&Sqlite).unwrap(), "Diesel now keeps UPDATEs itself");
        assert!(prepared(update()).is_safe_to_cache_prepared(&Sqlite).unwrap());
        let sql = |q: &dyn QueryFragment<Sqlite>| {
            let mut builder = diesel::sqlite::SqliteQueryBuilder::new();
            q.to_sql(&mut builder, &Sqlite).unwrap();
            diesel::query_builder::QueryBuilder::finish(builder)
        };
        assert_eq!(sql(&prepared(update())), sql(&update()), "the same statement");
    }

    #[test]
    fn a_prepared_sql_query_is_kept_where_diesel_would_prepare_it_again() {
        let query = || diesel::sql_query("SELECT $1").bind::<diesel::sql_types::Text, _>("r");
        assert!(!query().is_safe_to_cache_prepared(&Pg).unwrap(), "Diesel now keeps a sql_query itself");
        assert!(prepared(query()).is_safe_to_cache_prepared(&Pg).unwrap());
    }
}
