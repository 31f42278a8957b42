//! The tables, written by hand for both backends: only SQL types that
//! PostgreSQL and SQLite share (see STACK.md on `MultiConnection`).

diesel::table! {
    /// Service-wide settings as key/value text; later issues read their knobs here.
    settings (key) {
        key -> Text,
        value -> Text,
        updated_at -> Timestamp,
    }
}
