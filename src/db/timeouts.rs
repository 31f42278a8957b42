//! How long PostgreSQL may keep a connection waiting, all derived from one
//! bound (`THIDUA_DB_TIMEOUT_MS`): libpq's connect timeout, TCP keepalives
//! and `tcp_user_timeout` on the socket, and the session's statement and
//! idle-in-transaction timeouts. A `DATABASE_URL` that sets one of them
//! keeps its own value.
//!
//! libpq waits for an answer as long as the socket stays open, and a
//! network that falls silent (packets dropped, nothing reset) keeps it open:
//! TCP itself gives up only after about 15 minutes of retransmissions, and
//! probes an idle connection first after two hours (the system default
//! libpq keeps). The socket options make the kernel notice such a network
//! within a few seconds.

use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;

/// The URL with libpq's connection parameters for `bound` added (those it
/// does not set already): `connect_timeout`, TCP keepalives every `bound`
/// (rounded up to whole seconds, as libpq counts them), and
/// `tcp_user_timeout`, which closes the connection once data sent — a
/// query, a keepalive probe — has gone unacknowledged for `bound`.
pub(super) fn with_network_bounds(url: &str, bound: Duration) -> String {
    let seconds = bound.as_millis().div_ceil(1000).max(1);
    let parameters = [
        ("connect_timeout", seconds.to_string()),
        ("keepalives", "1".to_owned()),
        ("keepalives_idle", seconds.to_string()),
        ("keepalives_interval", seconds.to_string()),
        ("keepalives_count", KEEPALIVE_PROBES.to_string()),
        ("tcp_user_timeout", bound.as_millis().to_string()),
    ];
    let mut url = url.to_owned();
    for (name, value) in parameters {
        if !query(&url).any(|(key, _)| key == name) {
            let separator = if url.contains('?') { '&' } else { '?' };
            url = format!("{url}{separator}{name}={value}");
        }
    }
    url
}

/// Unanswered keepalive probes before the connection is given up where the
/// system lacks `TCP_USER_TIMEOUT` (which, where present, decides instead).
const KEEPALIVE_PROBES: u32 = 3;

/// Sets the session's `statement_timeout` (the server cancels a statement
/// running longer than `bound`) and `idle_in_transaction_session_timeout`
/// (the server ends a session left inside a transaction for longer — one
/// whose client fell silent while holding row locks, which would otherwise
/// stop every other writer of those rows), unless the URL's `options` set
/// them. The work of one request is given `bound` as a whole (see
/// `deadline`), so neither cuts work that could still be answered.
pub(super) fn bound_session(connection: &mut PgConnection, url: &str, bound: Duration) -> diesel::QueryResult<()> {
    let settings: String = ["statement_timeout", "idle_in_transaction_session_timeout"]
        .into_iter()
        .filter(|setting| !options_set(url, setting))
        .map(|setting| format!("SET {setting} = {};", bound.as_millis()))
        .collect();
    if settings.is_empty() { Ok(()) } else { connection.batch_execute(&settings) }
}

/// The URL's query parameters, as written (not percent-decoded).
fn query(url: &str) -> impl Iterator<Item = (&str, &str)> {
    let query = url.split_once('?').map_or("", |(_, query)| query);
    query.split('&').filter(|pair| !pair.is_empty()).map(|pair| pair.split_once('=').unwrap_or((pair, "")))
}

/// Whether the URL's `options` (`-c name=value` or `--name=value`) set `setting`.
fn options_set(url: &str, setting: &str) -> bool {
    query(url).filter(|(key, _)| *key == "options").any(|(_, value)| {
        // Enough decoding to find a name: `_` may be escaped, `-` stands for `_`.
        value.to_ascii_lowercase().replace("%5f", "_").replace('-', "_").contains(setting)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_network_bounds_are_added_in_whole_seconds_and_milliseconds() {
        assert_eq!(
            with_network_bounds("postgres://u@h/db", Duration::from_millis(1500)),
            "postgres://u@h/db?connect_timeout=2&keepalives=1&keepalives_idle=2&keepalives_interval=2\
             &keepalives_count=3&tcp_user_timeout=1500"
        );
        assert_eq!(
            with_network_bounds("postgres://u@h/db?sslmode=require", Duration::from_millis(50)),
            "postgres://u@h/db?sslmode=require&connect_timeout=1&keepalives=1&keepalives_idle=1\
             &keepalives_interval=1&keepalives_count=3&tcp_user_timeout=50"
        );
    }

    #[test]
    fn a_parameter_the_url_sets_is_kept() {
        let url = "postgres://u@h/db?keepalives=0&connect_timeout=10&tcp_user_timeout=0&keepalives_idle=60";
        assert_eq!(
            with_network_bounds(url, Duration::from_secs(1)),
            format!("{url}&keepalives_interval=1&keepalives_count=3")
        );
    }

    #[test]
    fn a_setting_in_the_options_is_found_however_written() {
        let url = "postgres://h/db?options=-c%20statement_timeout%3D5000&sslmode=disable";
        assert!(options_set(url, "statement_timeout"));
        assert!(!options_set(url, "idle_in_transaction_session_timeout"));
        assert!(options_set("postgres://h/db?options=--statement-timeout=5s", "statement_timeout"));
        assert!(options_set("postgres://h/db?options=-c%20statement%5Ftimeout=1", "statement_timeout"));
        assert!(!options_set("postgres://h/db?application_name=statement_timeout", "statement_timeout"));
    }
}
