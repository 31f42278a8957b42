//! The HTTP API: one module per resource, handlers thin, each described by
//! `#[utoipa::path]` so the document and the routes come from one list.

pub mod audit;
pub mod auth;
pub mod award_decisions;
pub mod award_rules;
pub mod awards;
mod by_segment;
pub mod campaigns;
pub mod changes;
pub mod complaints;
pub mod council;
pub mod criteria;
pub mod evidence;
pub mod health;
pub mod imports;
pub mod me;
pub mod nominations;
pub mod openapi;
pub mod org_units;
pub mod people;
pub mod reorganisations;
pub mod reports;
pub mod responses;
pub mod reward_funds;
pub mod scoreboard;
pub mod service_accounts;
pub mod settings;
pub mod users;
pub mod webhooks;

use std::collections::HashMap;
use std::sync::LazyLock;

use actix_web::dev::HttpServiceFactory;
use utoipa_actix_web::OpenApiFactory;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Action;
use by_segment::BySegment;

/// Who may call an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone, without a token.
    Public,
    /// A bearer token whose caller the policy allows this action.
    Requires(Action),
}

/// Where each resource module declares its operations: a handler with the
/// access rule its use case applies (the use case asks the policy itself,
/// whoever calls it). The server registers the handlers, and the same
/// declaration gives the access table ([`access`]) from which the OpenAPI
/// document's security, `x-callers` and 401/403 answers are written; the
/// role-matrix test holds the two to the same answers.
pub trait Routes {
    fn add<F>(&mut self, access: Access, handler: F)
    where
        F: HttpServiceFactory + OpenApiFactory + 'static;
}

impl Routes for ServiceConfig<'_> {
    fn add<F>(&mut self, _: Access, handler: F)
    where
        F: HttpServiceFactory + OpenApiFactory + 'static,
    {
        self.service(handler);
    }
}

/// Collects the access rule of every operation id, without a server.
#[derive(Default)]
struct AccessTable(HashMap<String, Access>);

impl Routes for AccessTable {
    fn add<F>(&mut self, access: Access, handler: F)
    where
        F: HttpServiceFactory + OpenApiFactory + 'static,
    {
        for item in handler.paths().paths.into_values() {
            let operations =
                [item.get, item.put, item.post, item.delete, item.patch, item.head, item.options, item.trace];
            for operation in operations.into_iter().flatten() {
                let id = operation.operation_id.expect("every operation has an id");
                let earlier = self.0.insert(id.clone(), access);
                assert!(earlier.is_none(), "operation {id:?} is declared twice");
            }
        }
    }
}

/// Every route of the service (but the Swagger UI and the fallback), in one list.
pub fn routes(config: &mut ServiceConfig) {
    operator(config);
    let mut operations = BySegment::default();
    v1(&mut operations);
    operations.register_under("/api/v1", config);
}

/// The operators' endpoints, outside `/api/v1`.
fn operator(r: &mut impl Routes) {
    health::routes(r);
}

/// The operations under `/api/v1`; actix tries those of a first segment in
/// this order (see [`by_segment`]).
fn v1(r: &mut impl Routes) {
    r.add(Access::Public, openapi::openapi_json);
    auth::routes(r);
    me::routes(r);
    org_units::routes(r);
    reorganisations::routes(r);
    people::routes(r);
    users::routes(r);
    service_accounts::routes(r);
    settings::routes(r);
    // `campaigns::routes` declares `import` before the `{id}` routes: the literal segment wins.
    campaigns::routes(r);
    criteria::routes(r);
    reports::routes(r);
    imports::routes(r);
    evidence::routes(r);
    audit::routes(r);
    changes::routes(r);
    webhooks::routes(r);
    scoreboard::routes(r);
    awards::routes(r);
    award_rules::routes(r);
    nominations::routes(r);
    complaints::routes(r);
    council::routes(r);
    reward_funds::routes(r);
    award_decisions::routes(r);
}

/// The access rule of an operation, by operation id, as the routes declare
/// it; `None` for an unknown operation id.
pub fn access(operation_id: &str) -> Option<Access> {
    static TABLE: LazyLock<HashMap<String, Access>> = LazyLock::new(|| {
        let mut table = AccessTable::default();
        operator(&mut table);
        v1(&mut table);
        table.0
    });
    TABLE.get(operation_id).copied()
}
