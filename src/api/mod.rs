//! The HTTP API: one module per resource, handlers thin, each described by
//! `#[utoipa::path]` so the document and the routes come from one list.

pub mod audit;
pub mod auth;
pub mod campaigns;
pub mod criteria;
pub mod definitions;
pub mod evidence;
pub mod export;
pub mod health;
pub mod me;
pub mod openapi;
pub mod org_units;
pub mod people;
pub mod reports;
pub mod rollup;
pub mod scoreboard;
pub mod scoreboard_cache;
pub mod service_accounts;
pub mod settings;
pub mod users;

use std::collections::HashMap;
use std::sync::LazyLock;

use actix_web::dev::HttpServiceFactory;
use utoipa_actix_web::OpenApiFactory;
use utoipa_actix_web::{scope, service_config::ServiceConfig};

use crate::auth::Action;

/// Who may call an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone, without a token.
    Public,
    /// A bearer token whose caller the policy allows this action.
    Requires(Action),
}

/// Where each resource module declares its operations: a handler with the
/// access rule it applies. The server registers them, and the same
/// declaration gives the access table ([`access`]) from which the OpenAPI
/// document's security, `x-callers` and 401/403 answers are written.
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
    config.service(scope("/api/v1").configure(|config| v1(config)));
}

/// The operators' endpoints, outside `/api/v1`.
fn operator(r: &mut impl Routes) {
    r.add(Access::Public, health::healthz);
    r.add(Access::Public, health::readyz);
    r.add(Access::Public, health::metrics);
}

/// The operations under `/api/v1`, in the order actix tries them.
fn v1(r: &mut impl Routes) {
    use Access::{Public, Requires};
    r.add(Public, openapi::openapi_json);
    r.add(Public, auth::token);
    r.add(Public, auth::refresh);
    r.add(Public, auth::logout);
    r.add(Requires(Action::ReadSelf), me::me);
    r.add(Requires(Action::ChangeOwnPassword), me::change_password);
    r.add(Requires(Action::ReadOrgUnits), org_units::list);
    r.add(Requires(Action::ReadOrgUnits), org_units::get);
    r.add(Requires(Action::ManageOrgUnits), org_units::create);
    r.add(Requires(Action::ManageOrgUnits), org_units::update);
    r.add(Requires(Action::ReadPeople), people::list);
    r.add(Requires(Action::ReadPeople), people::get);
    r.add(Requires(Action::ManagePeople), people::create);
    r.add(Requires(Action::ManagePeople), people::update);
    r.add(Requires(Action::ManageUsers), users::list);
    r.add(Requires(Action::ManageUsers), users::get);
    r.add(Requires(Action::ManageUsers), users::create);
    r.add(Requires(Action::ManageUsers), users::update);
    r.add(Requires(Action::ManageUsers), users::reset_password);
    r.add(Requires(Action::ManageServiceAccounts), service_accounts::list);
    r.add(Requires(Action::ManageServiceAccounts), service_accounts::get);
    r.add(Requires(Action::ManageServiceAccounts), service_accounts::create);
    r.add(Requires(Action::ManageServiceAccounts), service_accounts::revoke);
    r.add(Requires(Action::ReadSettings), settings::list);
    r.add(Requires(Action::ReadSettings), settings::get);
    r.add(Requires(Action::WriteSettings), settings::put);
    // `import` before `{id}`: the literal segment wins.
    r.add(Requires(Action::ManageCampaigns), definitions::import);
    r.add(Requires(Action::ReadCampaigns), campaigns::list);
    r.add(Requires(Action::ReadCampaigns), campaigns::get);
    r.add(Requires(Action::ManageCampaigns), campaigns::create);
    r.add(Requires(Action::ManageCampaigns), campaigns::update);
    r.add(Requires(Action::ManageCampaigns), campaigns::activate);
    r.add(Requires(Action::ManageCampaigns), campaigns::close);
    r.add(Requires(Action::ReadCampaigns), campaigns::participants);
    r.add(Requires(Action::ManageCampaigns), campaigns::set_participants);
    r.add(Requires(Action::ReadCampaigns), campaigns::list_periods);
    r.add(Requires(Action::ReadCampaigns), campaigns::list_lock_exceptions);
    r.add(Requires(Action::ManageCampaigns), campaigns::create_lock_exception);
    r.add(Requires(Action::ReadCampaigns), definitions::export);
    r.add(Requires(Action::ReadCampaigns), criteria::list);
    r.add(Requires(Action::ReadCampaigns), criteria::get);
    r.add(Requires(Action::ManageCampaigns), criteria::create);
    r.add(Requires(Action::ManageCampaigns), criteria::update);
    r.add(Requires(Action::ManageCampaigns), criteria::delete);
    reports::routes(r);
    evidence::routes(r);
    audit::routes(r);
    r.add(Requires(Action::ReadScoreboard), scoreboard::show);
    r.add(Requires(Action::PreviewScoreboard), scoreboard::show_preview);
    r.add(Requires(Action::ReadScoreboard), scoreboard::list_values);
    r.add(Requires(Action::ReadScoreboard), scoreboard::explain);
    r.add(Requires(Action::ReadRollup), rollup::rollup);
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
