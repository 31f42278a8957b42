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
pub mod list;
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

use utoipa_actix_web::{scope, service_config::ServiceConfig};

use crate::auth::Action;

/// Every route of the service (but the Swagger UI and the fallback), in one list.
pub fn routes(config: &mut ServiceConfig) {
    config.service(health::healthz).service(health::readyz).service(health::metrics).service(
        scope("/api/v1")
            .service(openapi::openapi_json)
            .service(auth::token)
            .service(auth::refresh)
            .service(auth::logout)
            .service(me::me)
            .service(me::change_password)
            .service(org_units::list)
            .service(org_units::get)
            .service(org_units::create)
            .service(org_units::update)
            .service(people::list)
            .service(people::get)
            .service(people::create)
            .service(people::update)
            .service(users::list)
            .service(users::get)
            .service(users::create)
            .service(users::update)
            .service(users::reset_password)
            .service(service_accounts::list)
            .service(service_accounts::get)
            .service(service_accounts::create)
            .service(service_accounts::revoke)
            .service(settings::list)
            .service(settings::get)
            .service(settings::put)
            // `import` before `{id}`: the literal segment wins.
            .service(definitions::import)
            .service(campaigns::list)
            .service(campaigns::get)
            .service(campaigns::create)
            .service(campaigns::update)
            .service(campaigns::activate)
            .service(campaigns::close)
            .service(campaigns::participants)
            .service(campaigns::set_participants)
            .service(campaigns::list_periods)
            .service(campaigns::list_lock_exceptions)
            .service(campaigns::create_lock_exception)
            .service(definitions::export)
            .service(criteria::list)
            .service(criteria::get)
            .service(criteria::create)
            .service(criteria::update)
            .service(criteria::delete)
            .service(reports::create)
            .service(reports::list)
            .service(reports::get)
            .service(reports::put_values)
            .service(reports::put_value)
            .service(reports::submit)
            .service(reports::return_report)
            .service(reports::approve)
            .service(reports::reopen)
            .service(reports::history)
            .service(reports::comments)
            .service(reports::add_comment)
            .service(reports::work_queue)
            .service(evidence::upload)
            .service(evidence::add_link)
            .service(evidence::list)
            .service(evidence::download)
            .service(evidence::remove)
            .service(audit::list)
            .service(scoreboard::show)
            .service(scoreboard::show_preview)
            .service(scoreboard::list_values)
            .service(scoreboard::explain)
            .service(rollup::rollup),
    );
}

/// Who may call an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone, without a token.
    Public,
    /// A bearer token whose caller the policy allows this action.
    Requires(Action),
}

/// The access rule of each operation, by operation id — the handler asks the
/// policy for the same action. The OpenAPI document is completed from this
/// table (security, roles, 401/403), and the role-matrix test checks that the
/// server answers as it says. `None` for an unknown operation id.
pub fn access(operation_id: &str) -> Option<Access> {
    use Access::{Public, Requires};
    Some(match operation_id {
        "healthz" | "readyz" | "metrics" | "openapi" => Public,
        "issue_token" | "refresh_token" | "logout" => Public,
        "get_me" => Requires(Action::ReadSelf),
        "change_my_password" => Requires(Action::ChangeOwnPassword),
        "list_org_units" | "get_org_unit" => Requires(Action::ReadOrgUnits),
        "create_org_unit" | "update_org_unit" => Requires(Action::ManageOrgUnits),
        "list_people" | "get_person" => Requires(Action::ReadPeople),
        "create_person" | "update_person" => Requires(Action::ManagePeople),
        "list_users" | "get_user" | "create_user" | "update_user" | "reset_user_password" => {
            Requires(Action::ManageUsers)
        }
        "list_service_accounts" | "get_service_account" | "create_service_account" | "revoke_service_account" => {
            Requires(Action::ManageServiceAccounts)
        }
        "list_settings" | "get_setting" => Requires(Action::ReadSettings),
        "put_setting" => Requires(Action::WriteSettings),
        "list_campaigns"
        | "get_campaign"
        | "list_participants"
        | "list_periods"
        | "list_lock_exceptions"
        | "export_campaign"
        | "list_criteria"
        | "get_criterion" => Requires(Action::ReadCampaigns),
        "create_campaign"
        | "update_campaign"
        | "activate_campaign"
        | "close_campaign"
        | "set_participants"
        | "create_lock_exception"
        | "import_campaign"
        | "create_criterion"
        | "update_criterion"
        | "delete_criterion" => Requires(Action::ManageCampaigns),
        "list_reports" | "get_report" | "report_history" | "list_report_comments" | "work_queue" => {
            Requires(Action::ReadReports)
        }
        "add_report_comment" => Requires(Action::CommentReports),
        "list_evidence" | "download_evidence" => Requires(Action::ReadReports),
        "upload_evidence" | "add_evidence_link" | "delete_evidence" => Requires(Action::WriteReports),
        "create_report" | "put_report_values" | "put_report_value" | "submit_report" => Requires(Action::WriteReports),
        "return_report" | "approve_report" => Requires(Action::ReviewReports),
        "reopen_report" => Requires(Action::ReopenReports),
        "list_audit_events" => Requires(Action::ReadAudit),
        "get_scoreboard" | "explain_unit_score" | "list_scoreboard_values" => Requires(Action::ReadScoreboard),
        "preview_scoreboard" => Requires(Action::PreviewScoreboard),
        "campaign_rollup" => Requires(Action::ReadRollup),
        _ => return None,
    })
}
