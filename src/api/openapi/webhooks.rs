//! The document's `webhooks` (OpenAPI 3.1): the messages a subscription
//! (`POST /api/v1/webhooks`) is sent — one entry per kind of record, each a
//! POST with the Standard Webhooks headers and a `WebhookMessage` body.

use utoipa::openapi::path::{HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn, PathItem};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::{ContentBuilder, Object, OpenApi, PathsBuilder, Ref, Required, Type};

/// Each kind the change feed follows, with the actions it is sent for.
const KINDS: [(&str, &str); 4] = [
    (
        "report",
        "A report changed: `report.create`, `report.put_values`, `report.import`, and its workflow moves \
         (`report.submit`, `report.return`, `report.approve`, `report.reopen`); or a deadline reminder of a \
         report a unit owes (`report.due_soon` within `THIDUA_REMINDER_DAYS_BEFORE` days of its due day, \
         `report.overdue` once it has passed; once per campaign, unit and period), whose `record` is a \
         `ReminderRecord` and `entity_id` the report's id, empty when the unit has not begun it.",
    ),
    (
        "campaign",
        "A campaign changed: `campaign.create`, `campaign.update`, `campaign.import`, and its moves \
         (`campaign.activate`, `campaign.close`).",
    ),
    (
        "nomination",
        "A nomination changed: `nomination.create`, `nomination.update`, `nomination.add_feedback`, and its \
         workflow moves (`nomination.propose`, `nomination.post`, `nomination.review`, `nomination.approve`, \
         `nomination.reject`, `nomination.forward`, `nomination.record_approved`, `nomination.record_rejected`, \
         `nomination.withdraw`).",
    ),
    (
        "award_decision",
        "An award decision changed: `award_decision.create`, `award_decision.update`, `award_decision.delete`, \
         `award_decision.sign`, `award_decision.revoke_line`.",
    ),
];

const HEADERS: [(&str, &str); 3] = [
    (
        "webhook-id",
        "The message's id (the delivery's, `msg_…`): the same on every attempt and redelivery, so a receiver \
         drops a message it already handled.",
    ),
    (
        "webhook-timestamp",
        "When this attempt was sent, in Unix seconds; refuse messages far from your clock (5 minutes, say) \
         to stop replays.",
    ),
    (
        "webhook-signature",
        "`v1,` + base64(HMAC-SHA256(key, \"{webhook-id}.{webhook-timestamp}.{body}\")), the key being the \
         subscription's secret without `whsec_`, base64-decoded; the body as sent, byte for byte. Compare in \
         constant time.",
    ),
];

pub fn add_webhooks(openapi: &mut OpenApi) {
    let mut paths = PathsBuilder::new();
    for (kind, description) in KINDS {
        let mut operation = OperationBuilder::new()
            .operation_id(Some(format!("webhook_{kind}")))
            .tag("webhooks")
            .summary(Some(format!("A `{kind}` change, sent to each subscription that wants it")))
            .description(Some(format!(
                "{description} Sent as a POST to the subscription's URL, once per change (at least once: \
                 repeats carry the same `webhook-id`), only when the subscription's creator may read the \
                 record. Any 2xx answer delivers it; anything else, no answer within \
                 `THIDUA_WEBHOOK_TIMEOUT_MS` or a redirect is a failure, tried again after \
                 `THIDUA_WEBHOOK_BACKOFF_MS`, doubled each time, up to `THIDUA_WEBHOOK_MAX_ATTEMPTS` attempts."
            )))
            .request_body(Some(
                RequestBodyBuilder::new()
                    .required(Some(Required::True))
                    .content(
                        "application/json",
                        ContentBuilder::new().schema(Some(Ref::from_schema_name("WebhookMessage"))).build(),
                    )
                    .build(),
            ))
            // The receiver knows the message by its signature, not by a scheme of ours.
            .securities(Some(Vec::<utoipa::openapi::security::SecurityRequirement>::new()))
            .response("200", ResponseBuilder::new().description("Received (any 2xx)").build())
            .response(
                "default",
                ResponseBuilder::new().description("Not received: the message is tried again later").build(),
            );
        for (name, description) in HEADERS {
            operation = operation.parameter(
                ParameterBuilder::new()
                    .name(name)
                    .parameter_in(ParameterIn::Header)
                    .required(Required::True)
                    .description(Some(description))
                    .schema(Some(Object::with_type(Type::String))),
            );
        }
        paths = paths.path(kind, PathItem::new(HttpMethod::Post, operation.build()));
    }
    openapi.webhooks = Some(paths.build());
}
