//! Every operation the service answers — path, method and who may call it —
//! for the gate (`http::gate`, which authorises before a body is read) and
//! for the 405s of the fallback. It is read from the OpenAPI document, which
//! is built from the routes themselves, so the three cannot disagree.

use actix_web::dev::ResourceDef;
use utoipa::openapi::OpenApi;

use crate::auth::Action;

/// One method of a path and the action it needs (`None`: public).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operation {
    pub method: &'static str,
    pub needs: Option<Action>,
}

/// Every documented path with its operations, most specific paths first.
pub struct MethodTable(Vec<(ResourceDef, Vec<Operation>)>);

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
                    let id = operation.as_ref()?.operation_id.as_deref().unwrap_or_default();
                    Some(Operation { method, needs: access(id) })
                })
                .collect();
                (path.clone(), operations)
            })
            .collect();
        // The router tries a literal segment before a `{parameter}` in the
        // same place (`/campaigns/import` before `/campaigns/{id}`); so does
        // the first match here.
        table.sort_by_cached_key(|(path, _)| path.split('/').map(|s| s.starts_with('{')).collect::<Vec<_>>());
        // OpenAPI's `{name}` templates are actix's pattern syntax too.
        Self(table.into_iter().map(|(path, operations)| (ResourceDef::new(path.as_str()), operations)).collect())
    }

    /// The operations of the path `path` matches, or `None` when no route has that path.
    pub fn operations(&self, path: &str) -> Option<&[Operation]> {
        self.0.iter().find(|(def, _)| def.is_match(path)).map(|(_, operations)| operations.as_slice())
    }

    /// The methods `path` answers, or `None` when no route has that path.
    pub fn allowed(&self, path: &str) -> Option<Vec<&'static str>> {
        self.operations(path).map(|operations| operations.iter().map(|o| o.method).collect())
    }

    /// The operation a request names, when a route has it.
    pub fn operation(&self, method: &str, path: &str) -> Option<Operation> {
        self.operations(path)?.iter().find(|o| o.method == method).copied()
    }
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
        assert_eq!(table.operation("GET", "/api/v1/campaigns/c1"), None);
        assert_eq!(table.allowed("/api/v1/campaigns/c1"), Some(vec!["POST"]));
        assert_eq!(table.allowed("/api/v1/nothing"), None);
    }
}
