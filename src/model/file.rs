//! The bytes of a file sent as a response body (a spreadsheet, a stored
//! evidence file): OpenAPI's `type: string, format: binary`, which client
//! generators turn into a Blob or bytes — never an array of numbers.

use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
use utoipa::openapi::{RefOr, Schema};

/// A file's bytes, in the media type the response names.
pub struct FileBytes;

impl utoipa::PartialSchema for FileBytes {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
            .description(Some("The file's bytes, in the media type the response names."))
            .into()
    }
}

impl utoipa::ToSchema for FileBytes {}
