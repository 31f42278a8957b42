//! Every path the service answers, with its methods and the query
//! parameters each operation takes: for the 405s of the fallback and the
//! 400 of a query parameter no operation takes. It is read from the OpenAPI
//! document, which is built from the routes themselves, so the two cannot
//! disagree — and a client that follows the document never sends a query
//! parameter that is refused.

use std::collections::HashMap;

use actix_web::dev::ResourceDef;
use utoipa::openapi::OpenApi;
use utoipa::openapi::path::{Operation, ParameterIn};

/// Every documented path with the methods it answers.
pub struct MethodTable {
    paths: Vec<(ResourceDef, Vec<&'static str>)>,
    /// By path template (`/api/v1/reports/{id}`, actix's pattern syntax
    /// too), each method's operation with the names of its query parameters.
    queries: HashMap<String, Vec<(&'static str, Vec<String>)>>,
}

impl MethodTable {
    pub fn from_openapi(openapi: &OpenApi) -> Self {
        let mut paths = Vec::new();
        let mut queries = HashMap::new();
        for (path, item) in &openapi.paths.paths {
            let operations = [
                ("GET", &item.get),
                ("POST", &item.post),
                ("PUT", &item.put),
                ("PATCH", &item.patch),
                ("DELETE", &item.delete),
            ];
            let operations: Vec<_> = operations
                .into_iter()
                .filter_map(|(method, operation)| operation.as_ref().map(|o| (method, query_names(o))))
                .collect();
            // OpenAPI's `{name}` templates are actix's pattern syntax too.
            paths.push((ResourceDef::new(path.as_str()), operations.iter().map(|(method, _)| *method).collect()));
            queries.insert(path.clone(), operations);
        }
        Self { paths, queries }
    }

    /// The methods `path` answers, or `None` when no route has that path.
    pub fn allowed(&self, path: &str) -> Option<&[&'static str]> {
        self.paths.iter().find(|(def, _)| def.is_match(path)).map(|(_, methods)| methods.as_slice())
    }

    /// The query parameters the operation at route `pattern` (as actix
    /// matched it) takes under `method`; `None` for what the document does
    /// not hold (Swagger UI's files, a method the path does not answer).
    pub fn query_parameters(&self, pattern: &str, method: &str) -> Option<&[String]> {
        let operations = self.queries.get(pattern)?;
        operations.iter().find(|(m, _)| *m == method).map(|(_, names)| names.as_slice())
    }
}

fn query_names(operation: &Operation) -> Vec<String> {
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
