//! The OpenAPI document and the Swagger UI.

use serde_json::Value;

use crate::support::TestApp;

pub(crate) const COMMITTED: &str = include_str!("../../openapi/openapi.json");

#[test]
fn the_committed_document_is_what_the_code_generates() {
    let generated = thidua::api::openapi::document_json();
    assert!(
        generated == COMMITTED,
        "openapi/openapi.json is out of date; regenerate it with:\n\n    cargo run -- openapi > openapi/openapi.json\n"
    );
}

#[actix_web::test]
async fn the_served_document_is_the_committed_one() {
    let app = TestApp::spawn().await;
    let answer = app.get("/api/v1/openapi.json").await;
    assert_eq!(answer.status, 200);
    let committed: Value = serde_json::from_str(COMMITTED).unwrap();
    assert_eq!(answer.body, committed);
}

#[test]
fn the_document_is_openapi_3_1_with_info_servers_bearer_and_problem() {
    let doc: Value = serde_json::from_str(COMMITTED).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["info"]["title"], "thidua");
    assert!(doc["info"]["version"].is_string());
    assert!(doc["info"]["description"].as_str().unwrap().contains("05/KH-UBND"));
    assert!(!doc["servers"].as_array().unwrap().is_empty());
    assert_eq!(doc["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
    assert_eq!(doc["components"]["securitySchemes"]["bearer"]["bearerFormat"], "JWT");
    let problem = &doc["components"]["schemas"]["Problem"];
    for field in ["type", "title", "status", "detail", "code"] {
        assert!(problem["properties"][field].is_object(), "Problem.{field}");
    }
}

/// The name limit and the code rules the document states are those the
/// server checks (`domain::text`), for every body that has them.
#[test]
fn the_documented_text_rules_are_the_checked_ones() {
    use thidua::domain::text::{CODE_PATTERN, CRITERION_CODE_PATTERN, MAX_NAME};
    let doc: Value = serde_json::from_str(COMMITTED).unwrap();
    let schemas = &doc["components"]["schemas"];
    let names = [
        ("NewOrgUnit", "name"),
        ("OrgUnitChanges", "name"),
        ("NewUser", "display_name"),
        ("UserChanges", "display_name"),
        ("NewServiceAccount", "name"),
    ];
    for (schema, field) in names {
        assert_eq!(schemas[schema]["properties"][field]["maxLength"], MAX_NAME, "{schema}.{field}");
    }
    for schema in ["NewOrgUnit", "OrgUnitChanges", "NewCampaign", "CampaignChanges"] {
        assert_eq!(schemas[schema]["properties"]["code"]["pattern"], CODE_PATTERN, "{schema}.code");
    }
    assert_eq!(schemas["CriterionInput"]["properties"]["code"]["pattern"], CRITERION_CODE_PATTERN);
}

/// Each operation lists the errors it can give: 500 everywhere, 503 where the
/// database is used, 400/413/415/422 where a body is read, 400 where a query
/// is read, 404 where a path names something; every error is problem+json.
#[test]
fn every_operation_documents_its_error_answers() {
    let doc: Value = serde_json::from_str(COMMITTED).unwrap();
    let responses = &doc["components"]["responses"];
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let listed = op["responses"].as_object().unwrap();
            let has = |status: &str| listed.contains_key(status);
            let where_ = format!("{method} {path}");
            assert!(has("500"), "{where_} lists 500");
            let operator = op["tags"].as_array().unwrap().iter().any(|t| t == "operations");
            if !operator {
                assert!(has("503"), "{where_} lists 503");
            }
            let params = op["parameters"].as_array().cloned().unwrap_or_default();
            if params.iter().any(|p| p["in"] == "query") {
                assert!(has("400"), "{where_} lists 400");
            }
            if params.iter().any(|p| p["in"] == "path") {
                assert!(has("404"), "{where_} lists 404");
            }
            if op.get("requestBody").is_some() {
                for status in ["400", "413", "415", "422"] {
                    assert!(has(status), "{where_} lists {status}");
                }
            }
            // `security: []` says a public operation wants no token.
            if op.get("security").and_then(Value::as_array).is_some_and(|s| !s.is_empty()) {
                for status in ["401", "403"] {
                    assert!(has(status), "{where_} is secured and lists {status}");
                }
                assert!(op["x-callers"].as_array().is_some_and(|c| !c.is_empty()), "{where_} names its callers");
            }
            let header = |name: &str| params.iter().any(|p| p["in"] == "header" && p["name"] == name);
            if header("If-Match") {
                for status in ["400", "412", "428"] {
                    assert!(has(status), "{where_} takes If-Match and lists {status}");
                }
            }
            let creates = method == "post" && path.starts_with("/api/v1/") && !path.starts_with("/api/v1/auth/");
            assert_eq!(header("Idempotency-Key"), creates, "{where_}: Idempotency-Key on creating POSTs only");
            if creates {
                for status in ["409", "422"] {
                    assert!(has(status), "{where_} takes Idempotency-Key and lists {status}");
                }
            }
            for (status, response) in listed {
                if status.starts_with('4') || status.starts_with('5') {
                    let response = match response["$ref"].as_str() {
                        Some(reference) => &responses[reference.rsplit('/').next().unwrap()],
                        None => response,
                    };
                    assert!(
                        response["content"]["application/problem+json"].is_object(),
                        "{where_} {status} is problem+json"
                    );
                }
            }
        }
    }
}

/// Swagger UI is served whole from the binary: its page and scripts come
/// from this server and point at no other host.
#[actix_web::test]
async fn docs_render_swagger_ui_from_the_binary() {
    let app = TestApp::spawn().await;
    let redirect = app.get("/docs").await;
    assert_eq!(redirect.status, 308);
    assert_eq!(redirect.header("location"), Some("/docs/"));

    let page = app.get("/docs/").await;
    assert_eq!(page.status, 200);
    let html = page.body.as_str().unwrap();
    assert!(html.contains("swagger-ui"), "{html}");
    assert!(!html.contains("https://") && !html.contains("http://"), "no outside host: {html}");

    for asset in ["swagger-ui-bundle.js", "swagger-ui.css", "swagger-initializer.js"] {
        let answer = app.get(&format!("/docs/{asset}")).await;
        assert_eq!(answer.status, 200, "{asset}");
    }
    let initializer = app.get("/docs/swagger-initializer.js").await;
    let script = initializer.body.as_str().unwrap();
    assert!(script.contains("/api/v1/openapi.json"), "{script}");
    assert!(script.contains(r#""validatorUrl": "none""#) || script.contains(r#""validatorUrl":"none""#), "{script}");
    assert!(!script.contains("https://") && !script.contains("http://"), "no outside host: {script}");
}

#[test]
fn problem_codes_and_version_answers_are_documented_once() {
    let doc: Value = serde_json::from_str(COMMITTED).unwrap();
    // Every code a problem can carry is listed, and `code` refers to that list.
    let codes = doc["components"]["schemas"]["ErrorCode"]["enum"].as_array().expect("the ErrorCode enum");
    for code in ["validation_failed", "stale_version", "if_match_required", "period_locked", "invalid_grant"] {
        assert!(codes.contains(&Value::from(code)), "{code}");
    }
    assert_eq!(doc["components"]["schemas"]["Problem"]["properties"]["code"]["$ref"], "#/components/schemas/ErrorCode");
    // Every operation that reads If-Match answers 412 and 428 with the shared responses.
    let mut with_if_match = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let reads_if_match = operation["parameters"]
                .as_array()
                .is_some_and(|ps| ps.iter().any(|p| p["in"] == "header" && p["name"] == "If-Match"));
            if reads_if_match {
                with_if_match += 1;
                let responses = &operation["responses"];
                assert_eq!(responses["412"]["$ref"], "#/components/responses/StaleVersion", "{method} {path}");
                assert_eq!(responses["428"]["$ref"], "#/components/responses/IfMatchRequired", "{method} {path}");
            }
        }
    }
    assert!(with_if_match >= 10, "{with_if_match} operations read If-Match");
}

/// What client generators trip on: files typed as arrays of numbers, public
/// operations that do not say they want no token, tags used but not declared.
#[test]
fn files_are_binary_public_operations_say_so_and_every_tag_is_declared() {
    let document: Value = serde_json::from_str(COMMITTED).unwrap();
    let declared: Vec<&str> =
        document["tags"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    let file = &document["components"]["schemas"]["FileBytes"];
    assert_eq!((file["type"].as_str(), file["format"].as_str()), (Some("string"), Some("binary")));
    let mut files = 0;
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            for tag in operation["tags"].as_array().unwrap() {
                assert!(declared.contains(&tag.as_str().unwrap()), "{method} {path}: tag {tag} is not declared");
            }
            if operation["x-callers"].is_null() {
                assert_eq!(operation["security"], serde_json::json!([]), "{method} {path} is public");
            }
            for (status, response) in operation["responses"].as_object().unwrap() {
                for (media, content) in response["content"].as_object().into_iter().flatten() {
                    let schema = &content["schema"];
                    assert!(
                        !(schema["type"] == "array" && schema["items"]["type"] == "integer"),
                        "{method} {path} {status} {media}: a file as an array of numbers"
                    );
                    if schema["$ref"] == "#/components/schemas/FileBytes" {
                        files += 1;
                    }
                }
            }
        }
    }
    assert_eq!(files, 21, "five spreadsheets, two evidence downloads, seven papers as PDF and as DOCX");
}

/// Every list answer is a named page (`CampaignPage`) whose items refer to
/// the item's schema (`CampaignView`), and every plain array answered
/// refers to its item's schema: one client type per item and per page,
/// none invented for an inline object.
#[test]
fn every_list_answer_is_a_named_page_of_named_items() {
    let document: Value = serde_json::from_str(COMMITTED).unwrap();
    let schemas = document["components"]["schemas"].as_object().unwrap();
    let mut pages = 0;
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            for (status, response) in operation["responses"].as_object().unwrap() {
                for (media, content) in response["content"].as_object().into_iter().flatten() {
                    let schema = &content["schema"];
                    let where_ = format!("{method} {path} {status} {media}");
                    if schema["type"] == "array" {
                        let items = &schema["items"];
                        assert!(items["$ref"].is_string() || items["type"] == "string", "{where_}: inline items");
                        continue;
                    }
                    let Some(reference) = schema["$ref"].as_str() else { continue };
                    let name = reference.rsplit('/').next().unwrap();
                    let items = &schemas[name]["properties"]["items"];
                    if items["type"] != "array" {
                        continue;
                    }
                    let item =
                        items["items"]["$ref"].as_str().unwrap_or_else(|| panic!("{where_}: {name} inlines its items"));
                    let item = item.rsplit('/').next().unwrap();
                    // A page (`limit`, or the feed's cursor `next`) is named for its item; other
                    // answers holding items (`ProposalList`) keep their own names.
                    let properties = &schemas[name]["properties"];
                    if properties["limit"].is_object() || properties["next"].is_object() {
                        assert_eq!(
                            name,
                            format!("{}Page", item.trim_end_matches("View")),
                            "{where_}: the page of {item}"
                        );
                        pages += 1;
                    }
                }
            }
        }
    }
    assert!(pages >= 20, "{pages} list answers");
    assert!(!schemas.keys().any(|name| name.starts_with("List_")), "a page named by utoipa's generic");
    assert_eq!(schemas["CampaignPage"]["properties"]["items"]["items"]["$ref"], "#/components/schemas/CampaignView");
    for field in ["items", "total", "limit", "offset"] {
        assert!(schemas["CampaignPage"]["required"].as_array().unwrap().contains(&Value::from(field)), "{field}");
    }
}

/// The words a schema allows when it is a closed set: its `enum`, through
/// `$ref`s, `null` alternatives and arrays; `None` for any string.
pub(crate) fn words_of<'a>(document: &'a Value, schema: &'a Value) -> Option<Vec<&'a str>> {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.rsplit('/').next().unwrap();
        return words_of(document, &document["components"]["schemas"][name]);
    }
    if let Some(words) = schema["enum"].as_array() {
        return Some(words.iter().filter_map(Value::as_str).collect());
    }
    if schema["type"] == "array" {
        return words_of(document, &schema["items"]);
    }
    let alternatives = schema["oneOf"].as_array().or(schema["anyOf"].as_array())?;
    let typed: Vec<&Value> = alternatives.iter().filter(|a| a["type"] != "null").collect();
    match typed.as_slice() {
        [one] => words_of(document, one),
        _ => None,
    }
}

/// A field whose value is one of a few words is an enum in the document —
/// one named type for generated clients — wherever it appears: every
/// property named for a state, a kind, a role or a move is checked, and
/// the few such names that hold free text are listed with their reason.
#[test]
fn closed_sets_of_words_are_enums_not_any_string() {
    let document: Value = serde_json::from_str(COMMITTED).unwrap();
    let schemas = document["components"]["schemas"].as_object().unwrap();
    // (schema, field): free text, not a closed set.
    let free = [
        // The article a rule or bar comes from, cited in explanations.
        ("AwardRuleInput", "basis"),
        ("AwardRuleView", "basis"),
        ("AwardBarInput", "basis"),
        ("AwardBarView", "basis"),
        ("RuleView", "basis"),
        // Who or where public feedback came from.
        ("FeedbackInput", "source"),
        ("FeedbackView", "source"),
        ("FeedbackConsideredView", "source"),
        // The audit log's and the feed's actions grow with every use case (`create`, `put_values`, …).
        ("AuditEventView", "action"),
        ("ChangeView", "action"),
        ("WebhookChange", "action"),
        // `<kind>.<action>`, of the same open set.
        ("ChangeView", "type"),
        ("WebhookMessage", "type"),
        ("DeliveryView", "type"),
        // The decision a reorganisation carries out, by its number and title.
        ("NewReorganisation", "legal_basis"),
        ("ReorganisationView", "legal_basis"),
        // Accepted and ignored by every grant.
        ("PasswordGrant", "scope"),
        ("RefreshTokenGrant", "scope"),
        ("ClientCredentialsGrant", "scope"),
        // A problem's URI, `urn:thidua:problem:{code}`, whose `code` is the enum.
        ("Problem", "type"),
        // A file's media type, as uploaded.
        ("EvidenceView", "content_type"),
        ("ComplaintEvidenceView", "content_type"),
        // A service account's scopes, space-separated (OAuth's form); `MeView.scopes` lists them as `Scope`s.
        ("TokenResponse", "scope"),
    ];
    let closed_names =
        ["status", "kind", "role", "basis", "action", "entity", "type", "format", "source", "scopes", "scope"];
    let mut checked = 0;
    let mut any_string = Vec::new();
    for (name, schema) in schemas {
        for (field, property) in schema["properties"].as_object().into_iter().flatten() {
            let closed = closed_names.iter().any(|c| field == c || field.ends_with(&format!("_{c}")));
            if !closed || free.contains(&(name.as_str(), field.as_str())) {
                continue;
            }
            // A number (`Problem.status`, an HTTP status) or a date is no word.
            let type_ = &property["type"];
            let text = type_ == "string" || type_.as_array().is_some_and(|t| t.contains(&Value::from("string")));
            let dated = property["format"] == "date" || property["format"] == "date-time";
            if (type_.is_string() || type_.is_array()) && (!text || dated) {
                continue;
            }
            if words_of(&document, property).is_none() {
                any_string.push(format!("{name}.{field}"));
            }
            checked += 1;
        }
    }
    assert!(any_string.is_empty(), "any string, not an enum: {any_string:?}");
    assert!(checked >= 40, "{checked} closed-set fields checked");

    // The fields issue 18 named, each with its own words.
    let words = |schema: &str, field: &str| {
        words_of(&document, &document["components"]["schemas"][schema]["properties"][field])
            .unwrap_or_else(|| panic!("{schema}.{field} is an enum"))
    };
    assert!(words("MeView", "role").contains(&"service") && words("MeView", "role").contains(&"office"));
    assert_eq!(words("MeView", "kind"), ["user", "service_account"]);
    assert_eq!(words("EvidenceView", "kind"), ["file", "link"]);
    assert_eq!(words("ComplaintEvidenceView", "kind"), ["file", "link"]);
    assert_eq!(words("Scoreboard", "basis"), ["approved", "approved_and_submitted"]);
    assert_eq!(words("TokenResponse", "token_type"), ["Bearer"]);
    for status in ["draft", "submitted", "posted", "forwarded", "in_progress", "signed", "concluded", "revoked"] {
        assert!(words("Problem", "current_status").contains(&status), "Problem.current_status: {status}");
    }
    // Each history its own words: a nomination is never `submitted`, a report never `posted`.
    assert!(words("ReportHistoryEntry", "to_status").contains(&"submitted"));
    assert!(!words("ReportHistoryEntry", "to_status").contains(&"posted"));
    assert!(words("ReportHistoryEntry", "action").contains(&"reopen"));
    assert!(words("NominationHistoryEntry", "to_status").contains(&"posted"));
    assert!(!words("NominationHistoryEntry", "to_status").contains(&"submitted"));
    assert!(words("NominationHistoryEntry", "from_status").contains(&"reviewed"));
    assert!(words("NominationHistoryEntry", "action").contains(&"record_approved"));
    assert!(words("ComplaintHistoryEntry", "action").contains(&"create"));
    let history = |operation: &str| {
        document["paths"]
            .as_object()
            .unwrap()
            .values()
            .flat_map(|item| item.as_object().unwrap().values())
            .find(|o| o["operationId"] == operation)
            .map(|o| o["responses"]["200"]["content"]["application/json"]["schema"]["items"]["$ref"].clone())
            .unwrap()
    };
    assert_eq!(history("report_history"), "#/components/schemas/ReportHistoryEntry");
    assert_eq!(history("nomination_history"), "#/components/schemas/NominationHistoryEntry");
}

/// The schema a reference names, or the schema itself.
fn resolved<'a>(document: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(reference) => {
            resolved(document, &document["components"]["schemas"][reference.rsplit('/').next().unwrap()])
        }
        None => schema,
    }
}

/// The operation of this id.
fn operation<'a>(document: &'a Value, id: &str) -> &'a Value {
    document["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|item| item.as_object().unwrap().values())
        .find(|o| o["operationId"] == id)
        .unwrap_or_else(|| panic!("no operation {id}"))
}

/// A creation's body says what it requires: `{}` is invalid by the
/// document for every creating POST and for each grant of the token
/// request (JSON and form); a change (`PATCH`) has its own schema, with
/// nothing required. Creations and changes of one resource used to share
/// one all-optional schema, which told clients nothing.
#[test]
fn every_creation_body_requires_what_the_server_requires() {
    let document: Value = serde_json::from_str(COMMITTED).unwrap();
    let mut bodies = 0;
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let creates = method == "post" && operation["responses"]["201"].is_object();
            if !(creates || operation["operationId"] == "issue_token") {
                continue;
            }
            for (media, content) in operation["requestBody"]["content"].as_object().into_iter().flatten() {
                if media.starts_with("text/") {
                    continue; // a CSV file: its columns are checked, not a schema's fields
                }
                let schema = resolved(&document, &content["schema"]);
                let alternatives = match schema["oneOf"].as_array() {
                    Some(alternatives) => alternatives.iter().map(|a| resolved(&document, a)).collect(),
                    None => vec![schema],
                };
                for alternative in alternatives {
                    let required = alternative["required"].as_array().map(Vec::len).unwrap_or(0);
                    assert!(required > 0, "{method} {path} {media}: `{{}}` is a valid body by the document");
                    for field in alternative["required"].as_array().unwrap() {
                        let field = field.as_str().unwrap();
                        assert!(alternative["properties"][field].is_object(), "{method} {path}: {field} is described");
                    }
                }
                bodies += 1;
            }
        }
    }
    assert!(bodies >= 25, "{bodies} creation bodies checked");

    let schemas = &document["components"]["schemas"];
    let required = |name: &str| -> Vec<&str> {
        let mut fields: Vec<&str> =
            schemas[name]["required"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        fields.sort_unstable();
        fields
    };
    assert_eq!(
        required("NewCampaign"),
        ["code", "ends_on", "issued_on", "issuer_id", "period_type", "starts_on", "title"]
    );
    assert_eq!(required("NewPerson"), ["full_name", "org_unit_id"]);
    assert!(required("CampaignChanges").is_empty() && required("PersonChanges").is_empty());
    let body =
        |id: &str| operation(&document, id)["requestBody"]["content"]["application/json"]["schema"]["$ref"].clone();
    assert_eq!(body("create_campaign"), "#/components/schemas/NewCampaign");
    assert_eq!(body("update_campaign"), "#/components/schemas/CampaignChanges");
    assert_eq!(body("create_person"), "#/components/schemas/NewPerson");
    assert_eq!(body("update_person"), "#/components/schemas/PersonChanges");
    // A change is described as the creation is: the same fields, but the issuer (fixed once created).
    for (new, changes) in [("NewCampaign", "CampaignChanges"), ("NewPerson", "PersonChanges")] {
        let fields = |name: &str| -> Vec<String> {
            schemas[name]["properties"].as_object().unwrap().keys().filter(|k| *k != "issuer_id").cloned().collect()
        };
        assert_eq!(fields(new), fields(changes), "{new} and {changes}");
    }

    // The token request: one schema for JSON and form, one alternative per grant.
    let token = &operation(&document, "issue_token")["requestBody"]["content"];
    assert_eq!(token["application/json"]["schema"], token["application/x-www-form-urlencoded"]["schema"]);
    let grants: Vec<(&str, Vec<&str>)> = resolved(&document, &token["application/json"]["schema"])["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let a = resolved(&document, a);
            let grant = a["properties"]["grant_type"]["enum"][0].as_str().unwrap();
            (grant, a["required"].as_array().unwrap().iter().filter_map(Value::as_str).collect())
        })
        .collect();
    assert_eq!(
        grants,
        [
            ("password", vec!["username", "password"]),
            ("refresh_token", vec!["refresh_token"]),
            ("client_credentials", vec!["grant_type"]),
        ]
    );
}

/// What the document requires is what the server asks for: `{}` is
/// refused naming exactly the fields the creation's schema requires, and
/// the token endpoint answers it 400 `invalid_request` as before.
#[actix_web::test]
async fn an_empty_creation_is_refused_naming_the_documented_required_fields() {
    let document: Value = serde_json::from_str(COMMITTED).unwrap();
    let app = TestApp::spawn().await;
    for (path, schema) in [("/api/v1/campaigns", "NewCampaign"), ("/api/v1/people", "NewPerson")] {
        let answer = app.admin_json(reqwest::Method::POST, path, serde_json::json!({})).await;
        assert_eq!(answer.status, 422, "{path}: {}", answer.body);
        let mut named: Vec<&str> =
            answer.body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
        named.sort_unstable();
        let mut documented: Vec<&str> = document["components"]["schemas"][schema]["required"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        documented.sort_unstable();
        assert_eq!(named, documented, "{path}");
    }
    let token = app.call(reqwest::Method::POST, "/api/v1/auth/token").json(serde_json::json!({})).send().await;
    token.assert_problem(400, "invalid_request");
}

/// The `If-Match` and `Idempotency-Key` patterns the document states are
/// the server's own (`domain::if_match::PATTERN`, `http::idempotency`), on
/// every operation that reads them, and a value they match is one the
/// server reads: schemathesis' schema-valid headers are not refused.
#[test]
fn the_documented_header_patterns_are_the_parsed_ones() {
    use thidua::domain::if_match::{IfMatch, PATTERN};
    use thidua::http::idempotency::{MAX_KEY, key_pattern};
    let document: Value = serde_json::from_str(COMMITTED).unwrap();
    let (mut if_match, mut keys) = (0, 0);
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            for parameter in operation["parameters"].as_array().into_iter().flatten() {
                let schema = &parameter["schema"];
                if parameter["name"] == "If-Match" {
                    assert_eq!(schema["pattern"], PATTERN, "{method} {path}");
                    if_match += 1;
                }
                if parameter["name"] == "Idempotency-Key" {
                    assert_eq!(schema["pattern"], key_pattern().as_str(), "{method} {path}");
                    assert_eq!(schema["maxLength"], MAX_KEY, "{method} {path}");
                    keys += 1;
                }
            }
        }
    }
    assert!(if_match >= 30 && keys >= 40, "{if_match} If-Match, {keys} Idempotency-Key");

    let pattern = regex::Regex::new(PATTERN).unwrap();
    for good in ["*", " * ", "\"7\"", "W/\"7\"", "\"1\", \"2\"", "\"1\",,\"2\" ,", ", \"7\"", "\"ä\"", "", " , "] {
        assert!(pattern.is_match(good), "{good:?} is documented");
        assert!(IfMatch::parse(good).is_ok(), "{good:?} is read");
    }
    for bad in ["7", "\"7", "\"7\" \"8\"", "*, \"7\"", "W/7", "\"a b\""] {
        assert!(!pattern.is_match(bad), "{bad:?} is not documented");
    }
    let key = regex::Regex::new(&key_pattern()).unwrap();
    assert!(key.is_match("a") && key.is_match(&"~".repeat(MAX_KEY)));
    assert!(!key.is_match("") && !key.is_match("a b") && !key.is_match(&"a".repeat(MAX_KEY + 1)));
}

/// Every creation that answers where the new thing lives says so in the
/// document; a comment and a lock exception have no address of their own,
/// so their 201 sends no `Location`.
#[test]
fn every_creation_that_sends_location_documents_it() {
    let document: Value = serde_json::from_str(COMMITTED).unwrap();
    let without = ["/api/v1/reports/{id}/comments", "/api/v1/campaigns/{id}/lock-exceptions"];
    let mut with = 0;
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            for status in ["201", "202"] {
                let Some(response) = operation["responses"].get(status) else { continue };
                let documented = response["headers"].get("Location").is_some();
                assert_eq!(documented, !without.contains(&path.as_str()), "{method} {path} {status}: Location");
                with += usize::from(documented);
            }
        }
    }
    assert!(with >= 25, "{with} creations send Location");
}

/// `ETag` and `Location` are always sent where a success names them, so the
/// document says they are required and clients need not test for them.
#[test]
fn versions_and_places_of_successes_are_required_headers() {
    let document: Value = serde_json::from_str(COMMITTED).unwrap();
    let mut etags = 0;
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            for (status, response) in operation["responses"].as_object().unwrap() {
                for name in ["ETag", "Location"] {
                    let Some(header) = response["headers"].get(name) else { continue };
                    assert_eq!(header["required"], true, "{method} {path} {status}: {name} is required");
                    etags += usize::from(name == "ETag");
                }
            }
        }
    }
    assert!(etags >= 50, "{etags} answers send ETag");
}

/// Every problem answer documents `Content-Language` (`en` or `vi`): a
/// frontend may ask for Vietnamese words and must learn which it got.
#[test]
fn every_problem_answer_names_its_language() {
    let doc: Value = serde_json::from_str(COMMITTED).unwrap();
    let header = &doc["components"]["headers"]["Content-Language"];
    assert_eq!(header["schema"]["enum"], serde_json::json!(["en", "vi"]));
    let resolve = |response: &Value| -> Value {
        match response["$ref"].as_str() {
            Some(reference) => doc["components"]["responses"][reference.rsplit('/').next().unwrap()].clone(),
            None => response.clone(),
        }
    };
    let mut checked = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            for (status, response) in op["responses"].as_object().unwrap() {
                if !status.starts_with(['4', '5']) {
                    continue;
                }
                let response = resolve(response);
                assert_eq!(
                    response["headers"]["Content-Language"]["$ref"], "#/components/headers/Content-Language",
                    "{method} {path} {status}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 500, "{checked}");
}

/// utoipa names a schema after its Rust type, and of two types with one name
/// the document silently keeps one: a client is then typed by the other's
/// fields (complaints' required reason once described nominations' optional
/// one). Every wire type's name is its own.
#[test]
fn no_two_wire_types_share_a_schema_name() {
    let derive =
        regex::Regex::new(r"#\[derive\([^)]*\bToSchema\b[^)]*\)\]((?:\s*#\[[^\]]*\])*)\s*pub (?:struct|enum) (\w+)")
            .unwrap();
    let renamed = regex::Regex::new(r"schema\(\s*as\s*=\s*([\w:]+)").unwrap();
    let mut seen: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    let mut folders = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for found in derive.captures_iter(&text) {
                    // `#[schema(as = …)]` names the schema itself.
                    let name = renamed
                        .captures(&found[1])
                        .map_or_else(|| found[2].to_owned(), |n| n[1].rsplit("::").next().unwrap().to_owned());
                    seen.entry(name).or_default().push(path.display().to_string());
                }
            }
        }
    }
    assert!(seen.len() > 100, "the wire types were found: {}", seen.len());
    let shared: Vec<_> = seen.iter().filter(|(_, files)| files.len() > 1).collect();
    assert!(shared.is_empty(), "schema names used by more than one type: {shared:?}");
}

/// Every text a body must carry states the rule the server checks
/// (`domain::text`'s patterns: a name, a text of lines, or not blank), so a
/// client — and schemathesis — knows "   " or a control character is
/// refused. The few exceptions say why.
#[test]
fn every_required_text_states_its_rule() {
    let document: Value = serde_json::from_str(COMMITTED).unwrap();
    let schemas = document["components"]["schemas"].as_object().unwrap();
    let exempt = [
        // Secrets: any character counts, spaces too.
        ("NewUser", "password"),
        ("PasswordChange", "new_password"),
        ("PasswordReset", "new_password"),
        ("PasswordGrant", "password"),
        ("RefreshTokenGrant", "refresh_token"),
        ("ClientCredentialsGrant", "client_secret"),
        // Looked up as sent: a wrong one is the same 400 as an unknown one.
        ("PasswordGrant", "username"),
        ("ClientCredentialsGrant", "client_id"),
        // A URL, parsed and checked by the webhook rules (422 naming `url`).
        ("NewWebhook", "url"),
    ];
    let mut missing = Vec::new();
    for (name, schema) in schemas {
        for (field, property) in schema["properties"].as_object().into_iter().flatten() {
            let is_text = property["type"] == "string"
                || property["type"].as_array().is_some_and(|t| t.contains(&"string".into()));
            // Every free string carries the NUL rule; it is not the text's rule.
            let pattern = property["pattern"].as_str().filter(|p| *p != thidua::domain::text::NO_NUL_PATTERN);
            let rule_free = pattern.is_none() && property.get("format").is_none() && property.get("enum").is_none();
            if is_text
                && rule_free
                && property["minLength"].as_u64().is_some_and(|m| m >= 1)
                && !exempt.contains(&(name.as_str(), field.as_str()))
            {
                missing.push(format!("{name}.{field}"));
            }
        }
    }
    assert!(missing.is_empty(), "required text without its rule: {missing:?}");
    let reason = &schemas["ReasonInput"]["properties"]["reason"];
    assert_eq!(reason["pattern"], thidua::domain::text::TEXT_PATTERN);
}
