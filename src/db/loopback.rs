//! No TLS to a PostgreSQL server on this machine, unless asked for.
//!
//! libpq's default `sslmode=prefer` negotiates TLS whenever the server
//! offers it (Debian's and most packaged servers do, with a self-signed
//! certificate), so a server on 127.0.0.1 was reached through TLS: every
//! round trip encrypted and decrypted on both sides, on the same cores that
//! answer the requests, to protect traffic that never leaves the machine.
//! `prefer` checks no certificate either, so it stops no one who could see
//! that traffic. A URL that names `sslmode` keeps it.

/// The URL with `sslmode=disable` added when every host it names is a
/// loopback address (`localhost`, `127.x.x.x`, `::1`) and it sets no
/// `sslmode` itself; otherwise the URL as it is.
pub(super) fn without_tls_on_loopback(url: &str) -> String {
    let query = url.split_once('?').map_or("", |(_, query)| query);
    let sets_sslmode = query.split('&').any(|pair| pair.split('=').next() == Some("sslmode"));
    if sets_sslmode || !all_hosts_loopback(url) {
        return url.to_owned();
    }
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}sslmode=disable")
}

/// Whether the URL names hosts, and all of them are loopback addresses. A
/// URL without a host (a Unix socket, or one chosen by `PGHOST`) is left to
/// libpq: no TLS is used over a socket anyway.
fn all_hosts_loopback(url: &str) -> bool {
    let Some((_, rest)) = url.split_once("://") else { return false };
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    // The user and password end at the last `@`.
    let hosts = authority.rsplit_once('@').map_or(authority, |(_, hosts)| hosts);
    if hosts.is_empty() {
        return false;
    }
    hosts.split(',').all(|host| {
        let name = match host.strip_prefix('[') {
            Some(bracketed) => bracketed.split(']').next().unwrap_or(""),
            None => host.split(':').next().unwrap_or(""),
        };
        name.eq_ignore_ascii_case("localhost")
            || name.parse::<std::net::IpAddr>().is_ok_and(|address| address.is_loopback())
    })
}

#[cfg(test)]
mod tests {
    use super::without_tls_on_loopback;

    #[test]
    fn a_loopback_server_is_reached_without_tls() {
        for url in [
            "postgres://postgres@127.0.0.1:5432/thidua",
            "postgresql://u:p%40ss@localhost/thidua",
            "postgres://u@[::1]:5432/db",
            "postgres://u@127.0.0.2,localhost:5433/db",
        ] {
            assert_eq!(without_tls_on_loopback(url), format!("{url}?sslmode=disable"), "{url}");
        }
        assert_eq!(
            without_tls_on_loopback("postgres://u@127.0.0.1/db?application_name=x"),
            "postgres://u@127.0.0.1/db?application_name=x&sslmode=disable"
        );
    }

    #[test]
    fn another_host_or_a_chosen_sslmode_is_kept() {
        for url in [
            "postgres://u@db.example.org/db",
            "postgres://u@10.0.0.5:5432/db",
            "postgres://u@127.0.0.1,db.example.org/db",
            "postgres://u@127.0.0.1/db?sslmode=require",
            "postgres://u@localhost/db?connect_timeout=2&sslmode=verify-full",
            "postgres:///db?host=/var/run/postgresql",
            "postgres://u:127.0.0.1@db.example.org/db",
        ] {
            assert_eq!(without_tls_on_loopback(url), url, "{url}");
        }
    }
}
