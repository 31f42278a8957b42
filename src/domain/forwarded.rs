//! Who the client is behind reverse proxies.
//!
//! A proxy that terminates TLS makes every request arrive from its own
//! address. Only when that direct peer is a trusted proxy do the forwarding
//! headers count: the `Forwarded` header (RFC 7239), or else
//! `X-Forwarded-For`, is walked from the right — the hop the trusted peer
//! itself added — past every trusted proxy, and the first untrusted hop is
//! the client. From any other peer the headers are ignored, so a client
//! cannot choose its own address by sending them. A header that does not
//! parse is ignored as a whole (the peer is then the client), never an error.

use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;

use ipnet::IpNet;

/// The proxies whose forwarding headers are believed: addresses and CIDR ranges.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// `10.0.0.5, 172.30.0.0/24 ::1` — commas or spaces between entries; a
    /// bare address is that one address. Empty: no proxy is trusted.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let mut nets = Vec::new();
        for entry in raw.split([',', ' ']).map(str::trim).filter(|e| !e.is_empty()) {
            let net = match entry.parse::<IpNet>() {
                Ok(net) => net,
                Err(_) => entry
                    .parse::<IpAddr>()
                    .map(IpNet::from)
                    .map_err(|_| format!("{entry:?} is neither an IP address nor a CIDR range such as 10.0.0.0/8"))?,
            };
            nets.push(net.trunc());
        }
        Ok(Self(nets))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn trusts(&self, address: IpAddr) -> bool {
        let address = canonical(address);
        self.0.iter().any(|net| net.contains(&address))
    }
}

/// What the request says about its client, as the service believes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Client {
    /// The client's address; `None` only when the transport gives no peer.
    pub address: Option<IpAddr>,
    /// `https` or `http`: as a trusted proxy received the request, else as it arrived here.
    pub scheme: &'static str,
}

/// The client of a request that came from `peer`, with the forwarding
/// headers' values as received (every instance of each header, in order).
pub fn client(
    trusted: &TrustedProxies,
    peer: Option<IpAddr>,
    forwarded: &[&str],
    x_forwarded_for: &[&str],
    x_forwarded_proto: &[&str],
    own_scheme: &'static str,
) -> Client {
    let direct = Client { address: peer.map(canonical), scheme: own_scheme };
    let Some(peer) = peer.map(canonical) else { return direct };
    if !trusted.trusts(peer) {
        return direct;
    }
    let (hops, forwarded_proto) = match parse_forwarded(forwarded) {
        Some(elements) if !elements.is_empty() => {
            let proto = elements.last().and_then(|e| e.proto);
            (elements.into_iter().map(|e| e.address).collect(), proto)
        }
        _ => (parse_x_forwarded_for(x_forwarded_for).unwrap_or_default(), None),
    };
    let address = hops.iter().rev().copied().find(|hop| !trusted.trusts(*hop)).or_else(|| hops.first().copied());
    let proto = forwarded_proto.or_else(|| last_proto(x_forwarded_proto));
    Client { address: Some(address.unwrap_or(peer)), scheme: proto.unwrap_or(own_scheme) }
}

/// An IPv4 address seen through an IPv6 socket (`::ffff:10.0.0.1`) is that IPv4 address.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        v4 => v4,
    }
}

struct Element {
    address: IpAddr,
    proto: Option<&'static str>,
}

/// Every element of the `Forwarded` headers; `None` when any does not parse
/// or names no address (`for=unknown`, an obfuscated `_hidden` node).
fn parse_forwarded(values: &[&str]) -> Option<Vec<Element>> {
    let mut elements = Vec::new();
    for value in values {
        for element in value.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let mut address = None;
            let mut proto = None;
            for pair in element.split(';').map(str::trim).filter(|p| !p.is_empty()) {
                let (name, raw) = pair.split_once('=')?;
                let raw = raw.trim();
                let unquoted = raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')).unwrap_or(raw);
                match name.trim().to_ascii_lowercase().as_str() {
                    "for" => address = Some(node(unquoted)?),
                    "proto" => proto = Some(scheme(unquoted)?),
                    _ => {}
                }
            }
            elements.push(Element { address: address?, proto });
        }
    }
    Some(elements)
}

/// A `for=` node: `192.0.2.60`, `192.0.2.60:4711`, `[2001:db8::17]`, `[2001:db8::17]:4711`.
fn node(raw: &str) -> Option<IpAddr> {
    if let Some(rest) = raw.strip_prefix('[') {
        let (v6, port) = rest.split_once(']')?;
        if !(port.is_empty() || port.strip_prefix(':').is_some_and(|p| p.parse::<u16>().is_ok())) {
            return None;
        }
        return v6.parse::<std::net::Ipv6Addr>().ok().map(|a| canonical(IpAddr::V6(a)));
    }
    raw.parse::<IpAddr>().ok().or_else(|| raw.parse::<SocketAddr>().ok().map(|s| s.ip())).map(canonical)
}

/// Every address of the `X-Forwarded-For` headers, left to right; `None`
/// when any entry is not an address.
fn parse_x_forwarded_for(values: &[&str]) -> Option<Vec<IpAddr>> {
    let mut hops = Vec::new();
    for value in values {
        for entry in value.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            hops.push(node(entry)?);
        }
    }
    Some(hops)
}

/// The scheme the nearest proxy saw (the last value), when it is one we know.
fn last_proto(values: &[&str]) -> Option<&'static str> {
    values.iter().flat_map(|v| v.split(',')).map(str::trim).rfind(|v| !v.is_empty()).and_then(scheme)
}

fn scheme(raw: &str) -> Option<&'static str> {
    match raw.to_ascii_lowercase().as_str() {
        "https" => Some("https"),
        "http" => Some("http"),
        _ => None,
    }
}

impl FromStr for TrustedProxies {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn proxies(s: &str) -> TrustedProxies {
        TrustedProxies::parse(s).unwrap()
    }

    fn xff(trusted: &str, peer: &str, header: &[&str]) -> Client {
        client(&proxies(trusted), Some(ip(peer)), &[], header, &[], "http")
    }

    #[test]
    fn the_setting_takes_addresses_and_ranges() {
        let t = proxies("10.0.0.5, 172.30.0.0/24 ::1");
        assert!(t.trusts(ip("10.0.0.5")) && !t.trusts(ip("10.0.0.6")));
        assert!(t.trusts(ip("172.30.0.200")) && !t.trusts(ip("172.30.1.1")));
        assert!(t.trusts(ip("::1")));
        assert!(t.trusts(ip("::ffff:10.0.0.5")), "an IPv4 peer on an IPv6 socket");
        assert!(proxies("").is_empty());
        assert!(TrustedProxies::parse("10.0.0.0/33").is_err());
        assert!(TrustedProxies::parse("proxy.local").unwrap_err().contains("proxy.local"));
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_sends() {
        let c = xff("", "198.51.100.7", &["203.0.113.9"]);
        assert_eq!(c.address, Some(ip("198.51.100.7")));
        let c = client(
            &proxies("10.0.0.1"),
            Some(ip("198.51.100.7")),
            &["for=203.0.113.9;proto=https"],
            &[],
            &["https"],
            "http",
        );
        assert_eq!(c, Client { address: Some(ip("198.51.100.7")), scheme: "http" });
    }

    #[test]
    fn a_trusted_peer_is_walked_from_the_right_to_the_first_untrusted_hop() {
        // The client forged the first entry; the trusted proxy appended the real one.
        let c = xff("10.0.0.0/8", "10.0.0.2", &["1.2.3.4, 203.0.113.9, 10.0.0.7"]);
        assert_eq!(c.address, Some(ip("203.0.113.9")));
        // Two header lines read as one list.
        let c = xff("10.0.0.0/8", "10.0.0.2", &["1.2.3.4", "203.0.113.9"]);
        assert_eq!(c.address, Some(ip("203.0.113.9")));
        // Every hop trusted: the farthest one.
        let c = xff("10.0.0.0/8", "10.0.0.2", &["10.1.1.1, 10.2.2.2"]);
        assert_eq!(c.address, Some(ip("10.1.1.1")));
        // No header: the proxy itself.
        assert_eq!(xff("10.0.0.0/8", "10.0.0.2", &[]).address, Some(ip("10.0.0.2")));
    }

    #[test]
    fn forwarded_wins_over_x_forwarded_for_and_carries_the_scheme() {
        let t = proxies("10.0.0.2");
        let c = client(
            &t,
            Some(ip("10.0.0.2")),
            &[r#"for=192.0.2.43, for="[2001:db8:cafe::17]:4711";proto=https"#],
            &["198.51.100.1"],
            &[],
            "http",
        );
        assert_eq!(c, Client { address: Some(ip("2001:db8:cafe::17")), scheme: "https" });
        let c = client(&t, Some(ip("10.0.0.2")), &[], &["198.51.100.1"], &["https"], "http");
        assert_eq!(c, Client { address: Some(ip("198.51.100.1")), scheme: "https" });
        assert_eq!(node("192.0.2.60:4711"), Some(ip("192.0.2.60")));
    }

    #[test]
    fn malformed_headers_are_ignored_whole() {
        let t = proxies("10.0.0.2");
        let peer = Some(ip("10.0.0.2"));
        for bad in ["not-an-ip", "1.2.3.4, ", "1.2.3.4, x", "[::1", "999.1.1.1", "1.2.3.4:99999"] {
            let c = client(&t, peer, &[], &[bad], &["gopher"], "http");
            let expected = if bad == "1.2.3.4, " { ip("1.2.3.4") } else { ip("10.0.0.2") };
            assert_eq!(c, Client { address: Some(expected), scheme: "http" }, "{bad:?}");
        }
        for bad in ["for=unknown", "for=_hidden", "for", "for=\"[::1]x\"", "proto=https"] {
            // Forwarded unusable: X-Forwarded-For is read instead.
            let c = client(&t, peer, &[bad], &["198.51.100.1"], &[], "http");
            assert_eq!(c.address, Some(ip("198.51.100.1")), "{bad:?}");
        }
    }
}
