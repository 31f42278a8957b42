//! The SSRF guard: a webhook may call only public addresses (or those
//! `THIDUA_WEBHOOK_ALLOW_NETS` allows). Checked when a subscription is
//! made, and again at every delivery by the HTTP client's own resolver, so
//! a name that resolves elsewhere later (DNS rebinding) is refused at the
//! moment of connecting, not only when it was checked.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use ipnet::IpNet;
use url::{Host, Url};
use webhook_http::dns::{Addrs, Name, Resolve, Resolving};

use crate::domain::webhook::check_address;

/// Why a URL's host may not be called.
#[derive(Debug)]
pub enum Refusal {
    /// The name does not resolve.
    Unresolvable(String),
    /// It resolves to an address that is not allowed.
    Refused(String),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Unresolvable(why) | Refusal::Refused(why) => f.write_str(why),
        }
    }
}

/// The addresses `url`'s host stands for, when every one is allowed.
pub async fn resolve(url: &Url, allow: &[IpNet]) -> Result<Vec<SocketAddr>, Refusal> {
    let port = url.port_or_known_default().unwrap_or(443);
    let addresses = match url.host() {
        Some(Host::Ipv4(ip)) => vec![SocketAddr::new(IpAddr::V4(ip), port)],
        Some(Host::Ipv6(ip)) => vec![SocketAddr::new(IpAddr::V6(ip), port)],
        Some(Host::Domain(name)) => lookup(name, port).await?,
        None => return Err(Refusal::Unresolvable("the URL names no host".to_owned())),
    };
    allowed(addresses, allow)
}

/// A literal address in `url` (which no resolver sees), checked; a name passes.
pub fn check_literal(url: &Url, allow: &[IpNet]) -> Result<(), Refusal> {
    let literal = match url.host() {
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip),
        _ => return Ok(()),
    };
    check_address(literal, allow).map_err(|why| Refusal::Refused(format!("the URL's host {why}")))
}

async fn lookup(name: &str, port: u16) -> Result<Vec<SocketAddr>, Refusal> {
    let found = tokio::net::lookup_host((name, port))
        .await
        .map_err(|e| Refusal::Unresolvable(format!("the host {name:?} does not resolve ({e})")))?;
    let found: Vec<SocketAddr> = found.collect();
    if found.is_empty() {
        return Err(Refusal::Unresolvable(format!("the host {name:?} resolves to no address")));
    }
    Ok(found)
}

fn allowed(addresses: Vec<SocketAddr>, allow: &[IpNet]) -> Result<Vec<SocketAddr>, Refusal> {
    for address in &addresses {
        check_address(address.ip(), allow).map_err(|why| Refusal::Refused(format!("the host resolves to {why}")))?;
    }
    Ok(addresses)
}

/// The delivery client's resolver: the system's, with every address checked.
pub struct GuardedResolver {
    pub allow: Arc<Vec<IpNet>>,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow = self.allow.clone();
        let name = name.as_str().to_owned();
        Box::pin(async move {
            // Port 0: the client puts the URL's in.
            let found = lookup(&name, 0).await.and_then(|found| allowed(found, &allow));
            match found {
                Ok(addresses) => Ok(Box::new(addresses.into_iter()) as Addrs),
                Err(refusal) => Err(refusal.to_string().into()),
            }
        })
    }
}
