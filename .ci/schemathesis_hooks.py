"""A stricter reading of schemathesis's positive_data_acceptance for thidua.

A request that fits the OpenAPI document must not be refused for its
shape: every shape rule the server checks is stated in the document. It may
still be refused for the state it meets, which no schema can state: an id
that names nothing, a stale or reused key, a password the strength check
finds weak, a day outside a window counted from today, a rule across two
fields or against a stored record. Those refusals name their field and a
rule code listed here, each with why it is not a shape; any other 400 or
422 answer to a schema-valid request fails the run (ST902). The README's
development section keeps the same list.
"""

import json
import re

import schemathesis
from schemathesis.core.failures import Failure

# Rule codes that only the stored records, the clock, the network or
# another field decide.
STATE_RULES = {
    "not_found": "the id or code names no record (or none the caller may use)",
    "unknown": "the id names no record",
    "unknown_period": "the campaign has no period of that id",
    "idempotency_key_reused": "the key was used before with another request",
    "invalid_grant": "the credentials or the refresh token match no account or live token",
    "incorrect": "the current password is not the stored one",
    "weak_password": "the strength estimate weighs the words around it (user name, display name)",
    "no_coefficient": "the award type's coefficients in force that day",
    "no_base_salary": "the base salary in force that day",
    "award_type_not_in_force": "the award type's days in force",
    "wrong_parent_kind": "the kind of the stored parent",
    "role_does_not_fit": "the kind of the stored unit against the role",
    "does_not_fit_measure": "a comparator against the criterion's measure, another field",
    "not_allowed": "a field the other fields' values leave no room for",
    "before_start": "a last day before a first day, another field",
    "unresolvable": "the webhook's host does not resolve (the network's answer)",
    "address_refused": "the webhook's host resolves to a refused address (the network's answer)",
    # A report's values: the campaign's criteria decide what each value takes.
    "not_applicable": "the criterion does not apply to the unit's kind (the campaign's definition)",
    "missing": "a criterion the report has no stored value for, on submitting",
    "duplicate": "two entries of one criterion in a list (uniqueness by a key, which no schema states)",
    "above_denominator": "a numerator above its denominator, another field",
    "inconsistent_with_parent": "a value against its parent criterion's value",
    # Complaints: a day against another day of the same complaint.
    "before_received_from": "a range's last day before its first day, another field",
    "after_received_on": "a day after the complaint's day of receipt, another field or the stored complaint",
    "before_received_on": "a day before the complaint's day of receipt, another field or the stored complaint",
    # Commendations: the stored award type, unit or council decide.
    "not_for_collectives": "the award type or the nominee's kind (a person or a unit), another field",
    "not_an_issuer": "the stored unit's kind: only a commune, district or province issues",
    "not_a_member": "the stored council's members on that day",
    "ambiguous": "two fields naming one thing (by id and by code), or a code several stored records share",
    "in_the_future": "a day after today (the clock)",
}

# (field, code): codes shared with shape rules, state only on these fields
# (each a regular expression matching the whole name or code).
STATE_FIELD_RULES = {
    (r"(values\[[^\]]+\]\.)?(numerator|denominator|percentage|count|achieved)", "required"):
        "the criterion's measure decides which figures a value needs",
    ("expires_at", "out_of_range"): "a window counted from now",
    (r"(definition\.campaign\.)?lock_days", "out_of_range"):
        "not before the due day, another field (submission_days)",
    (r"(definition\.criteria\[\d+\]\.)?target", "required"):
        "a target the criterion's measure requires, another field",
    (r"(definition\.criteria\[\d+\]\.)?(numerator|denominator)_label", "required"):
        "a ratio's labels, which the criterion's measure requires, another field",
    (r"(definition\.campaign\.)?ends_on", "too_long"): "at most ten years after starts_on, another field",
    (r"task_rating|org_unit_id|person_id", "required"): "the nominee's kind (a person or a unit) decides, another field",
    (r"predecessors|successors", "count"): "how many units the reorganisation's kind takes, another field",
    ("name", "required"): "a rename's new name, which the reorganisation's kind requires, another field "
    "(every other required name is required in the document)",
    ("offset", "invalid"): "not with after, another parameter: a walk by cursor starts where its cursor says",
    ("client_id", "required"): "required unless HTTP Basic credentials come in the Authorization header",
    ("client_secret", "required"): "required unless HTTP Basic credentials come in the Authorization header",
    # A setting's value: the key in the path decides its rule.
    ("value", "not_an_integer"): "the setting named in the path",
    ("value", "out_of_range"): "the setting named in the path",
    ("value", "invalid_media_type"): "the setting named in the path",
    ("value", "invalid_id"): "the setting named in the path",
    ("value", "too_many"): "the setting named in the path",
    ("value", "required"): "the setting named in the path",
    # A CSV import's header: the grammar of a CSV file, which the
    # operation's description states and a JSON Schema string cannot.
    (r"header(\[\d+\])?", "(unknown_column|duplicate|required|invalid)"):
        "a CSV file's header, stated in the operation's description",
}


class ShapeRuleRefused(Failure):
    code = "ST902"
    checks = ("schema_valid_request_accepted",)
    kind_title = "Schema-valid request refused for its shape"


def _rules(response):
    try:
        body = json.loads(response.content or b"{}")
    except ValueError:
        return None
    errors = body.get("errors") if isinstance(body, dict) else None
    if errors:
        return [(e.get("field"), e.get("code")) for e in errors if isinstance(e, dict)]
    if isinstance(body, dict) and body.get("code"):
        return [(None, body["code"])]
    return None


def _is_state(rule):
    field, code = rule
    if code in STATE_RULES:
        return True
    return any(re.fullmatch(c, code or "") and re.fullmatch(f, field or "") for (f, c) in STATE_FIELD_RULES)


@schemathesis.check
def schema_valid_request_accepted(ctx, response, case):
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return None
    if response.status_code not in (400, 422):
        return None
    rules = _rules(response)
    if rules and all(_is_state(rule) for rule in rules):
        return None
    shapes = [r for r in (rules or []) if not _is_state(r)]
    raise ShapeRuleRefused(
        operation=case.operation.label,
        message=f"A request that fits the document was refused with {response.status_code} for "
        f"{shapes or 'an unnamed rule'}: state it in the document, or list it in "
        ".ci/schemathesis_hooks.py with why no schema can state it.",
    )
