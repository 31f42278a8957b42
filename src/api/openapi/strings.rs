//! The rules every string a request carries is held to, stated wherever the
//! document leaves a string unconstrained: no NUL character (U+0000) in any
//! text the service reads (refused at the edge: PostgreSQL cannot store it),
//! no NUL in a map's keys, and dates and times as RFC 3339 writes them
//! (`2023-12-31`, `2023-12-31T17:00:00Z`), which a `format` alone does not
//! bind for every generator. The patterns come from `domain::text`, where
//! they are tested against the checks.
//!
//! The walk covers every parameter, and every schema a request body reaches
//! (following `$ref`s), but no schema only an answer uses.

use std::collections::BTreeSet;

use utoipa::openapi::schema::{AdditionalProperties, ArrayItems, KnownFormat, Schema, SchemaFormat, SchemaType, Type};
use utoipa::openapi::{ObjectBuilder, OpenApi, RefOr};

use super::operations;
use crate::domain::text::{DATE_PATTERN, DATE_TIME_PATTERN, NO_NUL_PATTERN};

pub fn add_string_rules(openapi: &mut OpenApi) {
    let mut requested = BTreeSet::new();
    for item in openapi.paths.paths.values_mut() {
        for operation in operations(item) {
            for parameter in operation.parameters.iter_mut().flatten() {
                if let RefOr::T(parameter) = parameter
                    && let Some(schema) = parameter.schema.as_mut()
                {
                    constrain(schema, &mut requested);
                }
            }
            if let Some(RefOr::T(body)) = operation.request_body.as_mut() {
                for content in body.content.values_mut() {
                    if let RefOr::T(content) = content
                        && let Some(schema) = content.schema.as_mut()
                    {
                        constrain(schema, &mut requested);
                    }
                }
            }
        }
    }
    // The schemas the requests name, and those they name in turn.
    let Some(components) = openapi.components.as_mut() else { return };
    let mut done = BTreeSet::new();
    while let Some(name) = requested.iter().find(|n| !done.contains(*n)).cloned() {
        done.insert(name.clone());
        if let Some(schema) = components.schemas.get_mut(&name) {
            constrain(schema, &mut requested);
        }
    }
}

/// States the string rules on `schema` and what it holds, and collects the
/// components it refers to.
fn constrain(schema: &mut RefOr<Schema>, refs: &mut BTreeSet<String>) {
    match schema {
        RefOr::Ref(reference) => {
            if let Some(name) = reference.ref_location.strip_prefix("#/components/schemas/") {
                refs.insert(name.to_owned());
            }
        }
        RefOr::T(schema) => constrain_schema(schema, refs),
    }
}

fn constrain_schema(schema: &mut Schema, refs: &mut BTreeSet<String>) {
    match schema {
        Schema::Object(object) => {
            let is_string = match &object.schema_type {
                SchemaType::Type(t) => *t == Type::String,
                SchemaType::Array(types) => types.contains(&Type::String),
                SchemaType::AnyValue => false,
            };
            let free = object.pattern.is_none() && object.enum_values.is_none() && object.content_media_type.is_empty();
            if is_string && free {
                object.pattern = match &object.format {
                    None => Some(NO_NUL_PATTERN.to_owned()),
                    Some(SchemaFormat::KnownFormat(KnownFormat::Date)) => Some(DATE_PATTERN.to_owned()),
                    Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)) => Some(DATE_TIME_PATTERN.to_owned()),
                    Some(_) => None,
                };
            }
            // A map's keys are read (a struct's unknown keys are not: see `http::extract`).
            let is_map = object.properties.is_empty()
                && matches!(object.additional_properties.as_deref(), Some(AdditionalProperties::RefOr(_)));
            if is_map && object.property_names.is_none() {
                let names = ObjectBuilder::new().schema_type(Type::String).pattern(Some(NO_NUL_PATTERN)).build();
                object.property_names = Some(Box::new(Schema::Object(names)));
            }
            for property in object.properties.values_mut() {
                constrain(property, refs);
            }
            if let Some(additional) = object.additional_properties.as_mut()
                && let AdditionalProperties::RefOr(inner) = additional.as_mut()
            {
                constrain(inner, refs);
            }
        }
        Schema::Array(array) => {
            if let ArrayItems::RefOrSchema(items) = &mut array.items {
                constrain(items, refs);
            }
            for item in &mut array.prefix_items {
                constrain_schema(item, refs);
            }
        }
        Schema::OneOf(one_of) => one_of.items.iter_mut().for_each(|s| constrain(s, refs)),
        Schema::AllOf(all_of) => all_of.items.iter_mut().for_each(|s| constrain(s, refs)),
        Schema::AnyOf(any_of) => any_of.items.iter_mut().for_each(|s| constrain(s, refs)),
        _ => {}
    }
}
