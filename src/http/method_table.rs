//! Every operation the service answers — path, method, who may call it and
//! the query parameters it takes — for the gate (`http::gate`, which
//! authorises before a body is read), the 400 of a query parameter the
//! operation does not take (`http::strict_query`) and the 405s of the
//! fallback. It is read from the OpenAPI document, which is built from the
//! routes themselves, so they cannot disagree — and a client that follows
//! the document never sends a query parameter that is refused.

use actix_web::dev::ResourceDef;
use utoipa::openapi::OpenApi;
use utoipa::openapi::path::ParameterIn;

use crate::auth::Action;

/// One method of a path: the action it needs (`None`: public) and the names
/// of its query parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operation {
    pub method: &'static str,
    pub needs: Option<Action>,
    pub query: Vec<String>,
}

/// Every documented path with its operations, most specific paths first.
pub struct MethodTable(Vec<KnownPath>);

/// A documented path: its pattern, the literal text it starts with, and its operations.
struct KnownPath {
    pattern: ResourceDef,
    /// Up to the first `{parameter}`: a path that does not start with it
    /// cannot match, and is passed over without running the pattern's regex
    /// (the gate looks up every request here, among some hundred paths).
    literal: String,
    operations: Vec<Operation>,
}

impl MethodTable {
    /// `access` tells, by operation id, what an operation needs: an action,
    /// or `None` for a public one.
    pub fn from_openapi(openapi: &OpenApi, access: impl Fn(&str) -> Option<Action>) -> Self {
        let mut table: Vec<(String, Vec<Operation>)> = openapi
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let operations = [
                    ("GET", &item.get),
                    ("POST", &item.post),
                    ("PUT", &item.put),
                    ("PATCH", &item.patch),
                    ("DELETE", &item.delete),
                ]
                .into_iter()
                .filter_map(|(method, operation)| {
                    let operation = operation.as_ref()?;
                    let id = operation.operation_id.as_deref().unwrap_or_default();
                    Some(Operation { method, needs: access(id), query: query_names(operation) })
                })
                .collect();
                (path.clone(), operations)
            })
            .collect();
        // The router tries a literal segment before a `{parameter}` in the
        // same place (`/campaigns/import` before `/campaigns/{id}`); so does
        // the first match here.
        table.sort_by_cached_key(|(path, _)| path.split('/').map(|s| s.starts_with('{')).collect::<Vec<_>>());
        let paths = table.into_iter().map(|(path, operations)| {
            let literal = path.split('{').next().unwrap_or_default().to_owned();
            // OpenAPI's `{name}` templates are actix's pattern syntax too.
            KnownPath { pattern: ResourceDef::new(path), literal, operations }
        });
        Self(paths.collect())
    }

    /// The operations of the path `path` matches, or `None` when no route has that path.
    /// `path` as the router reads it (`match_info().as_str()`: `%72eports` is
    /// `reports`), so that a lookup and the routing agree on every request.
    pub fn operations(&self, path: &str) -> Option<&[Operation]> {
        let mut candidates = self.0.iter().filter(|known| path.starts_with(&known.literal));
        candidates.find(|known| known.pattern.is_match(path)).map(|known| known.operations.as_slice())
    }

    /// The methods `path` answers, or `None` when no route has that path.
    pub fn allowed(&self, path: &str) -> Option<Vec<&'static str>> {
        self.operations(path).map(|operations| operations.iter().map(|o| o.method).collect())
    }

    /// The operation a request names, when a route has it.
    pub fn operation(&self, method: &str, path: &str) -> Option<&Operation> {
        self.operations(path)?.iter().find(|o| o.method == method)
    }
}

fn query_names(operation: &utoipa::openapi::path::Operation) -> Vec<String> {
    use utoipa::openapi::RefOr;
    operation
        .parameters
        .iter()
        .flatten()
        .filter_map(|p| match p {
            RefOr::T(p) if matches!(p.parameter_in, ParameterIn::Query) => Some(p.name.clone()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use utoipa::openapi::path::{OperationBuilder, PathItemBuilder, PathsBuilder};
    use utoipa::openapi::{HttpMethod, OpenApiBuilder};

    use super::*;

    fn item(id: &str) -> utoipa::openapi::PathItem {
        PathItemBuilder::new()
            .operation(HttpMethod::Post, OperationBuilder::new().operation_id(Some(id)).build())
            .build()
    }

    #[test]
    fn a_literal_segment_wins_over_a_parameter() {
        let paths = PathsBuilder::new()
            .path("/api/v1/campaigns/{id}", item("update"))
            .path("/api/v1/campaigns/import", item("import"));
        let document = OpenApiBuilder::new().paths(paths).build();
        let table = MethodTable::from_openapi(&document, |id| match id {
            "import" => Some(Action::ManageCampaigns),
            _ => None,
        });
        let import = table.operation("POST", "/api/v1/campaigns/import").unwrap();
        assert_eq!(import.needs, Some(Action::ManageCampaigns));
        assert_eq!(table.operation("POST", "/api/v1/campaigns/c1").unwrap().needs, None);
        assert_eq!(table.operation("POST", "/api/v1/campaigns/c1").unwrap().query, Vec::<String>::new());
        assert_eq!(table.operation("GET", "/api/v1/campaigns/c1"), None);
        assert_eq!(table.allowed("/api/v1/campaigns/c1"), Some(vec!["POST"]));
        assert_eq!(table.allowed("/api/v1/nothing"), None);
        assert_eq!(table.allowed("/api/v1/campaigns"), None, "a literal prefix alone is no match");
    }
}
