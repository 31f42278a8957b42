//! Webhook rules: the Standard Webhooks signature, the secret's form, the
//! retry schedule, and which URLs and addresses a delivery may go to.

use std::net::IpAddr;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use ipnet::IpNet;
use sha2::Sha256;

/// The prefix of a secret as shown, as the Standard Webhooks specification writes it.
pub const SECRET_PREFIX: &str = "whsec_";
/// The longest URL accepted.
pub const MAX_URL_LEN: usize = 2000;
/// The longest wait between two attempts, whatever the base and the count.
pub const MAX_BACKOFF: Duration = Duration::from_secs(24 * 3600);

/// A new secret: `whsec_` and 32 random bytes in standard base64.
pub fn new_secret() -> String {
    let bytes: [u8; 32] = rand::random();
    format!("{SECRET_PREFIX}{}", STANDARD.encode(bytes))
}

/// `webhook-signature` for message `id` sent at `timestamp` (Unix seconds)
/// with `body`: `v1,` + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")),
/// the key being the secret's base64 part, decoded. `None` for a secret not
/// of that form (never one this service made).
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &[u8]) -> Option<String> {
    let key = STANDARD.decode(secret.strip_prefix(SECRET_PREFIX)?).ok()?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).ok()?;
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body);
    Some(format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes())))
}

/// How long to wait after the `failed`-th failed attempt in a row (from 1):
/// `base`, then twice as long each time, at most [`MAX_BACKOFF`].
pub fn backoff(base: Duration, failed: u32) -> Duration {
    let doublings = failed.saturating_sub(1).min(30);
    base.saturating_mul(1 << doublings).min(MAX_BACKOFF)
}

/// The shape [`check_url`] accepts, for the OpenAPI document: `http://` or
/// `https://`, a host name (its last label starting with a letter, so it is
/// never read as a broken IPv4 address) or an IPv4 address, an optional
/// port, then a path or query without spaces, NUL or a `#fragment`. Whether
/// the host resolves to public addresses is known only when it is looked up.
pub const URL_PATTERN: &str = concat!(
    r"^[Hh][Tt][Tt][Pp][Ss]?://",
    r"(?:(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)*[A-Za-z](?:[A-Za-z0-9-]*[A-Za-z0-9])?",
    r"|(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(?:\.(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3})",
    r"(?::(?:[0-9]{1,4}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?",
    r"(?:[/?][^\u0000-\u0020#\u007F]*)?$"
);

/// Why a URL is not one a webhook may call.
pub fn check_url(text: &str) -> Result<url::Url, String> {
    if text.chars().count() > MAX_URL_LEN {
        return Err(format!("at most {MAX_URL_LEN} characters"));
    }
    let url = url::Url::parse(text).map_err(|e| format!("not an absolute URL ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err("must be http:// or https://".to_owned());
    }
    if url.host().is_none() {
        return Err("names no host".to_owned());
    }
    // Credentials in a URL end up in logs and in every reader's view of the subscription.
    if !url.username().is_empty() || url.password().is_some() {
        return Err("must not hold a user name or password".to_owned());
    }
    if url.fragment().is_some() {
        return Err("must not have a #fragment".to_owned());
    }
    Ok(url)
}

/// `THIDUA_WEBHOOK_ALLOW_NETS`: addresses and CIDR ranges, comma- or space-separated.
pub fn parse_nets(raw: &str) -> Result<Vec<IpNet>, String> {
    raw.split([',', ' '])
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(|entry| {
            entry
                .parse::<IpNet>()
                .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                .map(|net| net.trunc())
                .map_err(|_| format!("{entry:?} is neither an IP address nor a CIDR range such as 127.0.0.0/8"))
        })
        .collect()
}

/// Why a delivery may not go to `address`: loopback, private, link-local,
/// unspecified, multicast and the other ranges that are not the public
/// internet are refused unless `allowed` (`THIDUA_WEBHOOK_ALLOW_NETS`)
/// holds the address.
pub fn check_address(address: IpAddr, allowed: &[IpNet]) -> Result<(), String> {
    // An IPv4 address written as IPv6 (::ffff:127.0.0.1) is judged as itself.
    let address = match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        v4 => v4,
    };
    if allowed.iter().any(|net| net.contains(&address)) {
        return Ok(());
    }
    match kind(address) {
        None => Ok(()),
        Some(kind) => Err(format!("{address} is a {kind} address")),
    }
}

/// The kind of a non-public address; `None` for a public one.
fn kind(address: IpAddr) -> Option<&'static str> {
    if address.is_loopback() {
        return Some("loopback");
    }
    if address.is_unspecified() {
        return Some("unspecified");
    }
    if address.is_multicast() {
        return Some("multicast");
    }
    match address {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            if v4.is_private() {
                Some("private")
            } else if v4.is_link_local() {
                Some("link-local")
            } else if a == 100 && (64..128).contains(&b) {
                Some("shared (carrier-grade NAT)")
            } else if v4.is_broadcast() || a == 0 || a >= 240 {
                Some("reserved")
            } else if v4.is_documentation() {
                Some("documentation")
            } else {
                None
            }
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            if first & 0xfe00 == 0xfc00 {
                Some("private (unique local)")
            } else if first & 0xffc0 == 0xfe80 {
                Some("link-local")
            } else if first == 0x2001 && v6.segments()[1] == 0x0db8 {
                Some("documentation")
            } else {
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_url_pattern_is_accepted() {
        let pattern = regex::Regex::new(URL_PATTERN).unwrap();
        let matching = [
            "https://tinh.gov.vn/hooks/thidua",
            "HTTP://127.0.0.1:8080/x?y=1&z=%20",
            "http://localhost:65535",
            "https://a-b.c9.example?q",
            "http://x/ệ/đường",
        ];
        for url in matching {
            assert!(pattern.is_match(url), "{url}");
            assert!(check_url(url).is_ok(), "{url}: {:?}", check_url(url));
        }
        let refused =
            ["ftp://x.vn", "http://u:p@x.vn", "http://x.vn/#f", "http://1.2.3.999", "http://x.vn:65536", "0", ""];
        for url in refused {
            assert!(!pattern.is_match(url), "{url}");
        }
    }

    /// The Standard Webhooks specification's own example.
    #[test]
    fn the_signature_is_the_specifications() {
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let body = br#"{"test": 2432232314}"#;
        let signature = sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1_614_265_330, body).unwrap();
        assert_eq!(signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        assert_eq!(sign("not-a-secret", "m", 1, b""), None);
    }

    #[test]
    fn a_new_secret_signs() {
        let secret = new_secret();
        assert!(secret.starts_with(SECRET_PREFIX));
        assert_eq!(STANDARD.decode(&secret[SECRET_PREFIX.len()..]).unwrap().len(), 32);
        assert!(sign(&secret, "m", 1, b"{}").is_some());
        assert_ne!(secret, new_secret());
    }

    #[test]
    fn the_wait_doubles_to_a_day() {
        let base = Duration::from_secs(30);
        let waits: Vec<u64> = (1..=5).map(|n| backoff(base, n).as_secs()).collect();
        assert_eq!(waits, [30, 60, 120, 240, 480]);
        assert_eq!(backoff(base, 0), base);
        assert_eq!(backoff(base, 40), MAX_BACKOFF);
    }

    #[test]
    fn only_plain_web_urls() {
        assert!(check_url("https://hooks.example.org/thidua?x=1").is_ok());
        assert!(check_url("http://10.0.0.1:8080/").is_ok(), "the address is judged apart");
        for bad in
            ["ftp://example.org/", "/relative", "https://u:p@example.org/", "https://example.org/#x", "mailto:a@b"]
        {
            assert!(check_url(bad).is_err(), "{bad}");
        }
        assert!(check_url(&format!("https://example.org/{}", "a".repeat(MAX_URL_LEN))).is_err());
    }

    #[test]
    fn addresses_off_the_internet_are_refused_unless_allowed() {
        for refused in [
            "127.0.0.1",
            "::1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "fe80::1",
            "fd00::1",
            "0.0.0.0",
            "::",
            "224.0.0.1",
            "100.64.0.1",
            "::ffff:127.0.0.1",
            "255.255.255.255",
        ] {
            assert!(check_address(refused.parse().unwrap(), &[]).is_err(), "{refused}");
        }
        for public in ["93.184.216.34", "2606:2800:220:1::1", "8.8.8.8"] {
            assert!(check_address(public.parse().unwrap(), &[]).is_ok(), "{public}");
        }
        let loopback: Vec<IpNet> = vec!["127.0.0.0/8".parse().unwrap(), "::1/128".parse().unwrap()];
        assert!(check_address("127.0.0.1".parse().unwrap(), &loopback).is_ok());
        assert!(check_address("::ffff:127.0.0.1".parse().unwrap(), &loopback).is_ok());
        assert!(check_address("10.0.0.1".parse().unwrap(), &loopback).is_err());
    }
}
