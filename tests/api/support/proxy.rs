//! A TCP proxy that can cut the line or fall silent: the outage tests put it
//! between the service and PostgreSQL to stop "the database", or the network
//! to it, without touching the server other tests share.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

pub struct Proxy {
    pub addr: SocketAddr,
    up: Arc<AtomicBool>,
    cut: watch::Sender<u64>,
    silent: watch::Sender<bool>,
}

impl Proxy {
    /// Listens on a free loopback port and forwards to `upstream` (host:port).
    pub async fn start(upstream: String) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("proxy binds");
        let addr = listener.local_addr().unwrap();
        let up = Arc::new(AtomicBool::new(true));
        let (cut, _) = watch::channel(0_u64);
        let (silent, _) = watch::channel(false);
        let (accept_up, accept_cut, accept_silent) = (up.clone(), cut.clone(), silent.clone());
        actix_web::rt::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                if !accept_up.load(Ordering::SeqCst) {
                    continue; // dropped at once, as if refused
                }
                let upstream = upstream.clone();
                let mut cut = accept_cut.subscribe();
                let silent = accept_silent.subscribe();
                actix_web::rt::spawn(async move {
                    // A connection opened during a partition waits for it to heal.
                    open(&mut silent.clone()).await;
                    let Ok(server) = TcpStream::connect(&upstream).await else { return };
                    let (client_in, client_out) = client.into_split();
                    let (server_in, server_out) = server.into_split();
                    tokio::select! {
                        _ = pump(client_in, server_out, silent.clone()) => {}
                        _ = pump(server_in, client_out, silent) => {}
                        _ = cut.changed() => {}
                    }
                });
            }
        });
        Self { addr, up, cut, silent }
    }

    /// The database "stops": every open connection is cut, new ones are dropped.
    pub fn down(&self) {
        self.up.store(false, Ordering::SeqCst);
        self.cut.send_modify(|generation| *generation += 1);
    }

    /// The database is back.
    pub fn up(&self) {
        self.up.store(true, Ordering::SeqCst);
    }

    /// The network falls silent: connections stay open and new ones are
    /// accepted, but no byte goes through either way and none is refused or
    /// reset, as when a link or a firewall drops packets. The bytes wait
    /// where they are: in a real partition TCP retransmits what was lost,
    /// so a connection that neither side gave up resumes intact on healing.
    pub fn partition(&self) {
        self.silent.send_replace(true);
    }

    /// The network heals: what waited goes through.
    pub fn heal(&self) {
        self.silent.send_replace(false);
    }
}

/// Copies one direction of a connection while the network is not silent.
async fn pump(mut from: OwnedReadHalf, mut to: OwnedWriteHalf, mut silent: watch::Receiver<bool>) {
    let mut buffer = vec![0_u8; 16 * 1024];
    loop {
        open(&mut silent).await;
        let read = match from.read(&mut buffer).await {
            Ok(0) | Err(_) => break,
            Ok(read) => read,
        };
        // Bytes read just as the partition began are held like the rest.
        open(&mut silent).await;
        if to.write_all(&buffer[..read]).await.is_err() {
            break;
        }
    }
    let _ = to.shutdown().await;
}

/// Returns once the network is not (or no longer) silent.
async fn open(silent: &mut watch::Receiver<bool>) {
    let _ = silent.wait_for(|silent| !silent).await;
}

/// The `host:port` of a PostgreSQL URL.
pub fn host_port(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?']).next().unwrap_or(rest);
    let host = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    if host.contains(':') { host.to_owned() } else { format!("{host}:5432") }
}

/// `url` with its `host:port` replaced by `addr`.
pub fn through(url: &str, addr: SocketAddr) -> String {
    url.replacen(&host_port(url), &addr.to_string(), 1)
}
