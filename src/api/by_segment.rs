//! The operations under `/api/v1`, registered in groups by the first
//! segment of their path (`reports`, `campaigns`, …), each group a scope
//! that only a path under its segment enters.
//!
//! actix tries a scope's resources one after the other, and a resource
//! with a parameter (`/reports/{id}`) is tried with its regex, captures
//! and all. Registered flat, a read of a report tried some sixty regexes
//! of the operations declared before it, a tenth of the workers' CPU at
//! 5,000 reads/s. Grouped, it compares a few path segments, then tries
//! the regexes of its own group only.
//!
//! No path can match operations of two groups (no operation's path starts
//! with a parameter), so a path is entered by its own group or by none, and
//! one that matches no operation of its group goes to the app's fallback,
//! as it did before. The order of the operations within a group is the
//! order they are declared in, and literal segments declared before
//! parameters still win.

use actix_web::dev::{HttpServiceFactory, Url};
use actix_web::guard::{Guard, GuardContext};
use utoipa_actix_web::{OpenApiFactory, scope, service_config::ServiceConfig};

use super::{Access, Routes};

/// Registers one operation on a scope's configuration.
type Register = Box<dyn FnOnce(&mut ServiceConfig)>;

/// The operations declared, grouped by the first segment of their path, the
/// groups in the order their first operation was declared.
#[derive(Default)]
pub struct BySegment {
    groups: Vec<(String, Vec<Register>)>,
}

impl Routes for BySegment {
    fn add<F>(&mut self, _: Access, handler: F)
    where
        F: HttpServiceFactory + OpenApiFactory + 'static,
    {
        let paths = handler.paths();
        let path = paths.paths.keys().next().expect("every operation has a path");
        let segment = first_segment(path).to_owned();
        let register: Register = Box::new(move |config| {
            config.service(handler);
        });
        match self.groups.iter_mut().find(|(known, _)| *known == segment) {
            Some((_, group)) => group.push(register),
            None => self.groups.push((segment, vec![register])),
        }
    }
}

impl BySegment {
    /// Registers the operations under `prefix`, each group as a scope of its
    /// own, entered only by a path whose segment after `prefix` is the group's.
    pub fn register_under(self, prefix: &'static str, config: &mut ServiceConfig) {
        config.service(scope(prefix).configure(|config| {
            for (segment, group) in self.groups {
                let under = UnderSegment { prefix, segment };
                config.service(scope("").guard(under).configure(|config| group.into_iter().for_each(|r| r(config))));
            }
        }));
    }
}

/// `reports` of `/reports/{id}/history`.
fn first_segment(path: &str) -> &str {
    let path = path.strip_prefix('/').unwrap_or(path);
    path.split('/').next().unwrap_or(path)
}

/// Whether a request's path is `prefix` + `/` + `segment`, alone or followed by `/…`.
struct UnderSegment {
    prefix: &'static str,
    segment: String,
}

impl Guard for UnderSegment {
    fn check(&self, ctx: &GuardContext<'_>) -> bool {
        let uri = &ctx.head().uri;
        // The router matches a path with its unreserved characters decoded
        // (`%72eports` is `reports`); so does this, when there is any.
        let decoded;
        let path = match uri.path().contains('%') {
            true => {
                decoded = Url::new(uri.clone());
                decoded.path()
            }
            false => uri.path(),
        };
        let rest = path.strip_prefix(self.prefix).and_then(|rest| rest.strip_prefix('/'));
        let rest = rest.and_then(|rest| rest.strip_prefix(self.segment.as_str()));
        rest.is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    }
}

#[cfg(test)]
mod tests {
    use actix_web::guard::Guard;
    use actix_web::test::TestRequest;

    use super::{UnderSegment, first_segment};

    #[test]
    fn an_operation_is_grouped_by_the_first_segment_of_its_path() {
        assert_eq!(first_segment("/reports/{id}/history"), "reports");
        assert_eq!(first_segment("/reports"), "reports");
        assert_eq!(first_segment("/openapi.json"), "openapi.json");
    }

    #[test]
    fn a_group_is_entered_only_by_paths_under_its_segment() {
        let under = UnderSegment { prefix: "/api/v1", segment: "reports".to_owned() };
        let enters = |path: &str| under.check(&TestRequest::with_uri(path).to_srv_request().guard_ctx());
        assert!(enters("/api/v1/reports"));
        assert!(enters("/api/v1/reports/r1/history"));
        assert!(enters("/api/v1/reports?status=draft"));
        assert!(enters("/api/v1/%72eports/r1"), "decoded as the router decodes it");
        assert!(!enters("/api/v1/reportsX"));
        assert!(!enters("/api/v1/work-queue"));
        assert!(!enters("/reports/r1"));
    }
}
