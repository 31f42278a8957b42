//! OpenAPI links: how the answer of one operation feeds the next, so a
//! client generator — and schemathesis' stateful phase — can walk the
//! report workflow the way a unit and the office do: the work queue names
//! a report that is due, it is created, filled, submitted and approved.

use serde_json::{Value, json};
use utoipa::openapi::link::LinkBuilder;
use utoipa::openapi::{OpenApi, RefOr};

/// One link: from an operation's answer to another operation.
struct Link {
    from: &'static str,
    status: &'static str,
    name: &'static str,
    to: &'static str,
    description: &'static str,
    parameters: &'static [(&'static str, &'static str)],
    body: fn() -> Option<Value>,
}

const REPORT: &[(&str, &str)] = &[("path.id", "$response.body#/id"), ("header.If-Match", "$response.header.ETag")];
const REPORT_ID: &[(&str, &str)] = &[("path.id", "$response.body#/id")];

fn none() -> Option<Value> {
    None
}

/// A count of 1 for the report's first criterion.
fn fill() -> Option<Value> {
    Some(json!({ "values": [{ "criterion": "$response.body#/applicable_criteria/0", "count": 1 }] }))
}

const LINKS: &[Link] = &[
    Link {
        from: "work_queue",
        status: "200",
        name: "CreateDueReport",
        to: "create_report",
        description: "Create the first report that is due.",
        parameters: &[],
        body: || {
            Some(json!({
                "campaign_id": "$response.body#/due/0/campaign_id",
                "org_unit_id": "$response.body#/due/0/org_unit_id",
                "period_id": "$response.body#/due/0/period_id",
            }))
        },
    },
    Link {
        from: "work_queue",
        status: "200",
        name: "ApproveFirstToReview",
        to: "approve_report",
        description: "Approve the first report waiting for review (its version is its ETag's).",
        parameters: &[
            ("path.id", "$response.body#/to_review/0/id"),
            ("header.If-Match", "\"{$response.body#/to_review/0/version}\""),
        ],
        body: none,
    },
    Link {
        from: "work_queue",
        status: "200",
        name: "GetDueReport",
        to: "get_report",
        description: "Read the first due report that exists already.",
        parameters: &[("path.id", "$response.body#/due/0/report_id")],
        body: none,
    },
    Link {
        from: "get_report",
        status: "200",
        name: "PutValues",
        to: "put_report_values",
        description: "Fill in the report read (see create_report's link of the same name).",
        parameters: REPORT,
        body: fill,
    },
    Link {
        from: "create_report",
        status: "201",
        name: "GetReport",
        to: "get_report",
        description: "Read the report created.",
        parameters: REPORT_ID,
        body: none,
    },
    Link {
        from: "create_report",
        status: "201",
        name: "PutValues",
        to: "put_report_values",
        description: "Fill in the report created: a count of 1 for its first criterion (a count criterion's \
                      figure; any other measure answers 422 naming the figure it needs).",
        parameters: REPORT,
        body: fill,
    },
    Link {
        from: "put_report_values",
        status: "200",
        name: "Submit",
        to: "submit_report",
        description: "Submit the report just filled in.",
        parameters: REPORT,
        body: none,
    },
    Link {
        from: "submit_report",
        status: "200",
        name: "Approve",
        to: "approve_report",
        description: "Approve the report just submitted.",
        parameters: REPORT,
        body: none,
    },
    Link {
        from: "submit_report",
        status: "200",
        name: "Return",
        to: "return_report",
        description: "Return the report just submitted.",
        parameters: REPORT,
        body: none,
    },
    Link {
        from: "approve_report",
        status: "200",
        name: "History",
        to: "report_history",
        description: "Read the history of the report just approved.",
        parameters: REPORT_ID,
        body: none,
    },
    // A webhook subscription made, then read, managed and its log read.
    webhook("GetWebhook", "get_webhook", "Read the subscription made."),
    webhook("Deliveries", "list_webhook_deliveries", "Read the subscription's delivery log."),
    webhook("Disable", "disable_webhook", "Disable the subscription made."),
    webhook("Enable", "enable_webhook", "Enable the subscription made."),
    webhook("Delete", "delete_webhook", "Delete the subscription made."),
];

const fn webhook(name: &'static str, to: &'static str, description: &'static str) -> Link {
    Link { from: "create_webhook", status: "201", name, to, description, parameters: REPORT_ID, body: none }
}

/// Adds every link to the answers of its source operation.
pub fn add_links(openapi: &mut OpenApi) {
    for link in LINKS {
        let response = openapi
            .paths
            .paths
            .values_mut()
            .flat_map(|item| {
                [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch].into_iter().flatten()
            })
            .find(|operation| operation.operation_id.as_deref() == Some(link.from))
            .and_then(|operation| operation.responses.responses.get_mut(link.status));
        let Some(RefOr::T(response)) = response else {
            panic!("link {}: operation {} has no inline {} answer", link.name, link.from, link.status);
        };
        let mut built = LinkBuilder::new().operation_id(link.to).description(link.description);
        for (name, expression) in link.parameters {
            built = built.parameter(*name, *expression);
        }
        built = built.request_body((link.body)());
        response.links.insert(link.name.to_owned(), RefOr::T(built.build()));
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_link_leads_to_an_operation() {
        let document = super::super::document();
        let ids: Vec<String> = document
            .paths
            .paths
            .values()
            .flat_map(|item| [&item.get, &item.put, &item.post, &item.delete, &item.patch].into_iter().flatten())
            .filter_map(|operation| operation.operation_id.clone())
            .collect();
        for link in super::LINKS {
            assert!(ids.iter().any(|id| id == link.to), "{} leads to {}", link.name, link.to);
        }
    }
}
