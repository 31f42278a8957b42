//! Every path the service answers, with its methods, for the 405s of the
//! fallback. It is read from the OpenAPI document, which is built from the
//! routes themselves, so the two cannot disagree.

use actix_web::dev::ResourceDef;
use utoipa::openapi::OpenApi;

/// Every documented path with the methods it answers.
pub struct MethodTable(Vec<(ResourceDef, Vec<&'static str>)>);

impl MethodTable {
    pub fn from_openapi(openapi: &OpenApi) -> Self {
        let table = openapi
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let methods = [
                    ("GET", item.get.is_some()),
                    ("POST", item.post.is_some()),
                    ("PUT", item.put.is_some()),
                    ("PATCH", item.patch.is_some()),
                    ("DELETE", item.delete.is_some()),
                ]
                .into_iter()
                .filter_map(|(method, present)| present.then_some(method))
                .collect();
                // OpenAPI's `{name}` templates are actix's pattern syntax too.
                (ResourceDef::new(path.as_str()), methods)
            })
            .collect();
        Self(table)
    }

    /// The methods `path` answers, or `None` when no route has that path.
    pub fn allowed(&self, path: &str) -> Option<&[&'static str]> {
        self.0.iter().find(|(def, _)| def.is_match(path)).map(|(_, methods)| methods.as_slice())
    }
}
