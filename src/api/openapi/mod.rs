//! The OpenAPI document: generated from the same route list the server runs
//! (utoipa-actix-web), then completed with the answers every operation can
//! give whatever its handler says — bad input, database down, our own fault —
//! so the document lists every status each operation can return.

mod links;
mod strings;
mod text;
mod webhooks;

use actix_web::get;
use utoipa::OpenApi as _;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::{Operation, PathItem};
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::{ContentBuilder, Object, ObjectBuilder, OpenApi, Ref, RefOr, Type};
use utoipa_actix_web::AppExt;

use super::Access;
use crate::auth::{BEARER, BearerScheme};
use crate::error::{FieldError, PROBLEM_JSON, Problem};
use crate::model::reminders::ReminderRecord;
use crate::model::settings::{SettingKey, WritableSettingKey};
use crate::model::webhooks::{WebhookChange, WebhookMessage};
use utoipa::openapi::extensions::ExtensionsBuilder;
use utoipa::openapi::security::SecurityRequirement;

#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "thidua",
        description = "REST API for running an administrative-reform emulation movement \
(phong trào thi đua cải cách hành chính) as plan 05/KH-UBND of xã Đại Thắng (2023) describes it: \
units report their figures on the plan's criteria each period, the commune office reviews and \
approves them, and approved figures are scored and ranked.\n\n\
Every error is an RFC 9457 `application/problem+json` body carrying the request id; every \
response carries `X-Request-Id`. A problem's `title`, `detail` and field messages are English, or \
Vietnamese when `Accept-Language` prefers `vi`; `Content-Language` says which, and the codes, \
fields and statuses never change with it.\n\n\
How to sign in, version, retry, page and read errors, in one page: `docs/integrating.md` in the \
project's repository.",
        license(name = "MIT", identifier = "MIT"),
        contact(name = "The thidua maintainers"),
    ),
    servers((url = "/", description = "The server that serves this document")),
    tags(
        (name = "auth", description = "Tokens: sign in (password or client credentials), refresh, sign out"),
        (name = "me", description = "The caller's own account"),
        (name = "org-units", description = "The organisation tree: district → commune → its units"),
        (name = "people", description = "Cán bộ, công chức: the individuals who can be nominated"),
        (name = "users", description = "User accounts (admins)"),
        (name = "service-accounts", description = "Machine clients for district integration (admins)"),
        (name = "campaigns", description = "Campaigns (phong trào thi đua): definition, participants, periods, lock exceptions, export and import"),
        (name = "criteria", description = "A campaign's criteria (tiêu chí thi đua)"),
        (name = "reports", description = "Reports (báo cáo): one unit's figures per campaign and period, and their review"),
        (name = "imports", description = "Bulk imports of figures by codes, as JSON or CSV"),
        (name = "scoreboard", description = "The scoreboard (bảng xếp hạng): approved figures scored and ranked, each score explained, the values sheet, the roll-up of communes"),
        (name = "evidence", description = "Evidence (tài liệu kiểm chứng): files and links supporting a report"),
        (name = "award-reference", description = "Commendation reference data (khen thưởng): legal bases, base salaries, award types with dated coefficients, and amounts"),
        (name = "nominations", description = "Nominations (đề nghị khen thưởng): each campaign's award rules and bar, nominations and their workflow, eligibility explained rule by rule, suggestions, the proposal list"),
        (name = "complaints", description = "The complaints register (phản ánh, kiến nghị; khiếu nại; tố cáo): complaints against a unit or a person, their handling, conclusion and evidence; the complainant is answered by one operation only, to the office and the chairman, and every read is audited"),
        (name = "council", description = "The commune's emulation and commendation council (Hội đồng Thi đua – Khen thưởng): members, meetings, attendance, votes, conclusion and minutes"),
        (name = "award-decisions", description = "Award decisions (quyết định khen thưởng) with their amounts, revocations and exports, and the reward funds"),
        (name = "audit", description = "The append-only audit log"),
        (name = "changes", description = "The change feed: what changed, in commit order, paged by a cursor"),
        (name = "webhooks", description = "Webhooks: the change feed pushed to a URL, signed as Standard Webhooks does, with retries and a delivery log (the messages: the document's `webhooks`)"),
        (name = "settings", description = "Service-wide settings"),
        (name = "operations", description = "Liveness, readiness and metrics for operators"),
    ),
    // The path parameters' enums are named so that clients get one type of key each.
    components(schemas(Problem, FieldError, SettingKey, WritableSettingKey, WebhookMessage, WebhookChange, ReminderRecord), responses(super::responses::ReportLocked)),
    modifiers(&BearerScheme),
)]
struct ApiDoc;

/// This document, as JSON.
///
/// The OpenAPI 3.1 document generated from the routes: the same as
/// `openapi/openapi.json` in the project's repository.
#[utoipa::path(
    tag = "operations",
    operation_id = "openapi",
    responses((status = 200, description = "The OpenAPI 3.1 document of this API", body = Object, content_type = "application/json")),
)]
#[get("/openapi.json")]
pub async fn openapi_json(state: actix_web::web::Data<crate::state::AppState>) -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok().content_type("application/json").body(state.openapi_json.clone())
}

/// The complete document, as `/api/v1/openapi.json` serves it and
/// `openapi/openapi.json` keeps it.
pub fn document() -> OpenApi {
    let (_, mut openapi) =
        actix_web::App::new().into_utoipa_app().openapi(ApiDoc::openapi()).configure(super::routes).split_for_parts();
    add_standard_responses(&mut openapi);
    links::add_links(&mut openapi);
    webhooks::add_webhooks(&mut openapi);
    name_list_items(&mut openapi);
    name_record_kinds(&mut openapi);
    text::add_text_patterns(&mut openapi);
    strings::add_string_rules(&mut openapi);
    openapi
}

/// The kinds of record the audit log and the change feed name are the
/// service's (`service::audit::Entity`, `service::changes::KINDS`), which
/// the wire types cannot see: their schemas are named here, from those lists.
fn name_record_kinds(openapi: &mut OpenApi) {
    use crate::service::audit::Entity;
    use utoipa::openapi::schema::Schema;

    let Some(components) = openapi.components.as_mut() else { return };
    let kinds = [
        ("AuditEntity", "The kind of record an audit event names.", &Entity::ALL[..], &["AuditEventView"][..]),
        (
            "ChangeEntity",
            "The kind of record the change feed follows (and a webhook message carries).",
            &crate::service::changes::KINDS[..],
            &["ChangeView", "WebhookChange"][..],
        ),
    ];
    for (name, description, entities, views) in kinds {
        let words: Vec<&str> = entities.iter().map(|e| e.as_str()).collect();
        let schema =
            ObjectBuilder::new().schema_type(Type::String).description(Some(description)).enum_values(Some(words));
        components.schemas.insert(name.to_owned(), schema.into());
        for view in views {
            let Some(RefOr::T(Schema::Object(object))) = components.schemas.get_mut(*view) else {
                panic!("{view} is an object schema")
            };
            let field = object.properties.get_mut("entity").unwrap_or_else(|| panic!("{view} has an entity"));
            *field = Ref::from_schema_name(name).into();
        }
    }
}

/// The name of the page of a list of `item`s: `CampaignView` → `CampaignPage`.
pub fn page_name(item: &str) -> String {
    format!("{}Page", item.strip_suffix("View").unwrap_or(item))
}

/// A page (`List<T>`) is named by utoipa `List_CampaignView` and inlines its
/// item's schema, and generators then invent a type per list
/// (`ListCampaignViewItemsInner`). Each page is named for its item instead
/// (`CampaignPage`, as the change feed's `ChangePage`), and its items refer
/// to the item's own schema (`CampaignView`), which is added under its name
/// when nothing else named it; the answers' references follow the rename.
fn name_list_items(openapi: &mut OpenApi) {
    use utoipa::openapi::schema::{ArrayItems, Schema};

    let Some(components) = openapi.components.as_mut() else { return };
    // `CursorList<T>`, a list also walked by cursor, is named the same way.
    let lists: Vec<(String, String)> = components
        .schemas
        .keys()
        .filter_map(|name| {
            let item = name.strip_prefix("List_").or_else(|| name.strip_prefix("CursorList_"))?;
            Some((name.clone(), item.to_owned()))
        })
        .collect();
    let mut renamed = std::collections::BTreeMap::new();
    for (list, item) in lists {
        let mut page = components.schemas.remove(&list).expect("listed above");
        if let RefOr::T(Schema::Object(object)) = &mut page
            && let Some(RefOr::T(Schema::Array(array))) = object.properties.get_mut("items")
            && let ArrayItems::RefOrSchema(items) = &mut array.items
            && !matches!(**items, RefOr::Ref(_))
        {
            let inline = std::mem::replace(&mut **items, RefOr::Ref(Ref::from_schema_name(&item)));
            components.schemas.entry(item.clone()).or_insert(inline);
        }
        let name = page_name(&item);
        assert!(components.schemas.insert(name.clone(), page).is_none(), "{name} is named twice");
        renamed.insert(Ref::from_schema_name(&list).ref_location, Ref::from_schema_name(&name));
    }
    // Lists are answers: only the answers' schemas refer to them.
    for item in openapi.paths.paths.values_mut() {
        for operation in operations(item) {
            for response in operation.responses.responses.values_mut() {
                let RefOr::T(response) = response else { continue };
                for content in response.content.values_mut() {
                    if let RefOr::T(content) = content
                        && let Some(RefOr::Ref(reference)) = &mut content.schema
                        && let Some(page) = renamed.get(&reference.ref_location)
                    {
                        *reference = page.clone();
                    }
                }
            }
        }
    }
}

/// The document as pretty JSON with a final newline — the committed file's form.
pub fn document_json() -> String {
    to_json(&document())
}

/// `document` as pretty JSON with a final newline.
pub fn to_json(document: &OpenApi) -> String {
    let mut json = document.to_pretty_json().expect("the document serialises");
    json.push('\n');
    json
}

/// How an `If-Match` is read (RFC 9110 §13.1.1), added to each one's description.
const IF_MATCH_FORMS: &str = "`*` for any current version, or entity tags as the `ETag` gives them (`\"7\"`, \
     comma-separated); it holds when one of them is the current `ETag` by the strong comparison, so a weak \
     `W/\"7\"` never does.";

/// Shared answers, kept once under `components/responses`.
const STANDARD: [(&str, &str, &str); 11] = [
    (
        "400",
        "BadRequest",
        "The request could not be read: malformed JSON, a query parameter of the wrong type, one the operation \
         does not take, or a cursor (`after`) no page gave (`invalid_query`), or an `If-Match` that is neither `*` nor entity tags (`invalid_if_match`).",
    ),
    ("401", "Unauthorized", "No access token, or one that is invalid, expired or revoked."),
    ("403", "Forbidden", "The caller's role does not allow this operation."),
    ("404", "NotFound", "No such resource, or none the caller may see."),
    (
        "412",
        "StaleVersion",
        "`If-Match` names no current version: the resource changed since it was read, or the tag is weak, \
         which the strong comparison never matches (`stale_version`).",
    ),
    ("428", "IfMatchRequired", "No `If-Match` header: send the version read, as its ETag (`if_match_required`)."),
    ("413", "PayloadTooLarge", "The request body is larger than `THIDUA_MAX_BODY_BYTES`."),
    ("415", "UnsupportedMediaType", "The request body is not `application/json`."),
    ("422", "ValidationFailed", "The values break the rules listed in `errors`."),
    ("500", "InternalError", "An unexpected fault of the service; it has been logged."),
    ("503", "Unavailable", "The database is unavailable; retry after `Retry-After` seconds."),
];

fn add_standard_responses(openapi: &mut OpenApi) {
    let components = openapi.components.get_or_insert_with(Default::default);
    components.headers.insert(
        "X-Request-Id".to_owned(),
        RefOr::T(
            HeaderBuilder::new()
                .schema(Some(Object::with_type(Type::String)))
                .description(Some("The request's id: the client's own when sane, otherwise generated."))
                .build(),
        ),
    );
    let mut language = HeaderBuilder::new()
        .schema(Some(ObjectBuilder::new().schema_type(Type::String).enum_values(Some(["en", "vi"]))))
        .description(Some(
            "The language of the problem's words: `vi` when the request's `Accept-Language` prefers Vietnamese, \
             otherwise `en`.",
        ))
        .build();
    // Always sent; written flat as OpenAPI 3.1's `required` (see `mark_always_sent`).
    language.extensions.get_or_insert_with(Default::default).insert("required".to_owned(), true.into());
    components.headers.insert("Content-Language".to_owned(), RefOr::T(language));
    for (status, name, description) in STANDARD {
        let mut response = ResponseBuilder::new()
            .description(description)
            .content(PROBLEM_JSON, ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build())
            .header_ref("X-Request-Id", Ref::new("#/components/headers/X-Request-Id"));
        if status == "401" {
            response = response.header(
                "WWW-Authenticate",
                HeaderBuilder::new()
                    .schema(Some(Object::with_type(Type::String)))
                    .description(Some("`Bearer realm=\"thidua\"`, with `error=\"invalid_token\"` for a bad token."))
                    .build(),
            );
        }
        if status == "503" {
            response = response.header(
                "Retry-After",
                HeaderBuilder::new()
                    .schema(Some(Object::with_type(Type::Integer)))
                    .description(Some("Seconds to wait before retrying."))
                    .build(),
            );
        }
        components.responses.insert(name.to_owned(), RefOr::T(response.build()));
    }
    // The shared answers declared with the routes (`api::responses`) carry the request id too.
    for response in components.responses.values_mut() {
        if let RefOr::T(response) = response {
            add_request_id_header(response);
            add_language_header(response);
        }
    }

    for (path, item) in openapi.paths.paths.iter_mut() {
        if let Some(post) = item.post.as_mut()
            && crate::http::idempotency::applies(&actix_web::http::Method::POST, path)
        {
            add_idempotency_key(post);
        }
        for operation in operations(item) {
            // Operator endpoints answer without the database (readyz lists its own 503).
            let uses_database = !operation.tags.iter().flatten().any(|t| t == "operations");
            complete(operation, uses_database);
        }
    }
}

/// The optional `Idempotency-Key` header, and what it can answer.
fn add_idempotency_key(operation: &mut Operation) {
    use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
    let parameter = ParameterBuilder::new()
        .name("Idempotency-Key")
        .parameter_in(ParameterIn::Header)
        .required(utoipa::openapi::Required::False)
        .description(Some(
            "Send the same key again to retry safely: the same request gets the first answer again (with \
             `Idempotent-Replayed: true`) and creates nothing twice; another request with the key is 422. The key \
             is claimed in the transaction that does the work, so a request that was refused or never committed \
             leaves it free. A duplicate sent while the first is being answered waits for the first's answer; \
             after 5 seconds it is 409 `idempotency_in_progress` with `Retry-After`. 409 \
             `idempotency_answer_lost` means the work was done but its answer was lost (the server stopped in \
             between): read the resource instead.",
        ))
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .min_length(Some(1))
                .max_length(Some(crate::http::idempotency::MAX_KEY))
                .pattern(Some(crate::http::idempotency::key_pattern())),
        ))
        .build();
    operation.parameters.get_or_insert_with(Vec::new).push(RefOr::T(parameter));
    // A malformed key is 400; a key reused for another request is 422.
    for (status, name) in [("400", "BadRequest"), ("422", "ValidationFailed")] {
        operation
            .responses
            .responses
            .entry(status.to_owned())
            .or_insert_with(|| RefOr::Ref(Ref::new(format!("#/components/responses/{name}"))));
    }
    operation.responses.responses.entry("409".to_owned()).or_insert_with(|| {
        RefOr::T(
            ResponseBuilder::new()
                .description(
                    "A state conflict; or the first request with this Idempotency-Key is still being answered \
                     (`Retry-After` says when to retry), or its answer was lost",
                )
                .content(PROBLEM_JSON, ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build())
                .build(),
        )
    });
}

fn operations(item: &mut PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.options,
        &mut item.head,
        &mut item.patch,
        &mut item.trace,
    ]
    .into_iter()
    .filter_map(Option::as_mut)
}

fn complete(operation: &mut Operation, uses_database: bool) {
    use utoipa::openapi::path::ParameterIn;

    let id = operation.operation_id.clone().unwrap_or_default();
    let access = super::access(&id).unwrap_or_else(|| panic!("operation {id:?} is not declared in any routes()"));
    let secured = match access {
        // Said outright, so that tools need not guess that no token is wanted.
        Access::Public => {
            operation.security = Some(Vec::new());
            false
        }
        Access::Requires(action) => {
            let callers = action.callers();
            operation.security = Some(vec![SecurityRequirement::new(BEARER, Vec::<String>::new())]);
            let note = format!("\n\n**Callers:** {}.", callers.join(", "));
            operation.description = Some(operation.description.take().unwrap_or_default() + &note);
            let extensions = ExtensionsBuilder::new().add("x-callers", serde_json::json!(callers)).build();
            operation.extensions.get_or_insert_with(Default::default).merge(extensions);
            true
        }
    };

    // The forms of `If-Match`, said once for every operation that reads it.
    for p in operation.parameters.iter_mut().flatten().filter_map(|p| match p {
        RefOr::T(p) => Some(p),
        RefOr::Ref(_) => None,
    }) {
        if matches!(p.parameter_in, ParameterIn::Header) && p.name.eq_ignore_ascii_case("if-match") {
            let said = p.description.take().unwrap_or_default();
            p.description = Some(format!("{said}: {IF_MATCH_FORMS}"));
            p.schema = Some(
                ObjectBuilder::new().schema_type(Type::String).pattern(Some(crate::domain::if_match::PATTERN)).into(),
            );
        }
    }
    let params = operation.parameters.iter().flatten().filter_map(|p| match p {
        RefOr::T(p) => Some((p.parameter_in.clone(), p.name.clone())),
        RefOr::Ref(_) => None,
    });
    let (mut has_path, mut has_if_match) = (false, false);
    for (place, name) in params {
        has_path |= matches!(place, ParameterIn::Path);
        has_if_match |= matches!(place, ParameterIn::Header) && name.eq_ignore_ascii_case("if-match");
    }
    let has_body = operation.request_body.is_some();

    let mut wanted = vec!["500"];
    if secured {
        wanted.extend(["401", "403"]);
    }
    // Every operation refuses a query parameter it does not take (`http::strict_query`).
    wanted.push("400");
    if has_path {
        wanted.push("404");
    }
    if has_body {
        wanted.extend(["413", "415", "422"]);
    }
    // An operation that reads `If-Match` needs it (428) and checks it (412).
    if has_if_match {
        wanted.extend(["412", "428"]);
    }
    if uses_database {
        wanted.push("503");
    }
    let responses = &mut operation.responses.responses;
    for status in wanted {
        let name = STANDARD.iter().find(|(s, _, _)| *s == status).map(|(_, n, _)| *n).unwrap();
        responses
            .entry(status.to_owned())
            .or_insert_with(|| RefOr::Ref(Ref::new(format!("#/components/responses/{name}"))));
    }
    for (status, response) in responses.iter_mut() {
        if let RefOr::T(response) = response {
            add_request_id_header(response);
            if status.starts_with('2') {
                mark_always_sent(response);
            }
            // Every error answer is a problem; an operation names only its own cases (a 409's codes).
            if status.starts_with(['4', '5']) && response.content.is_empty() {
                let problem = ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build();
                response.content.insert(PROBLEM_JSON.to_owned(), RefOr::T(problem));
            }
            add_language_header(response);
        }
    }
}

/// A success that names its version or its new place always sends them
/// (`http::precondition`, `http::attachments`, the creations), so clients
/// get `ETag` and `Location` typed as present rather than optional.
fn mark_always_sent(response: &mut Response) {
    for (name, header) in response.headers.iter_mut() {
        if let RefOr::T(header) = header
            && (name == "ETag" || name == "Location")
        {
            // utoipa's `Header` has no `required` field (OpenAPI 3.1 §4.8.21 has);
            // its extensions are written flat into the header object.
            header.extensions.get_or_insert_with(Default::default).insert("required".to_owned(), true.into());
        }
    }
}

/// A problem answer says the language of its words (`http::context`).
fn add_language_header(response: &mut Response) {
    if response.content.contains_key(PROBLEM_JSON) {
        response
            .headers
            .entry("Content-Language".to_owned())
            .or_insert_with(|| RefOr::Ref(Ref::new("#/components/headers/Content-Language")));
    }
}

fn add_request_id_header(response: &mut Response) {
    response
        .headers
        .entry("X-Request-Id".to_owned())
        .or_insert_with(|| RefOr::Ref(Ref::new("#/components/headers/X-Request-Id")));
}
