//! A webhook receiver on loopback: records every message it is sent and
//! answers as the test scripts it (a status, or no answer for a while).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::dev::ServerHandle;
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;

/// How the receiver answers one message.
#[derive(Clone, Copy, Debug)]
pub enum Reply {
    Status(u16),
    /// Answers 204 after this long: longer than the sender waits is a timeout.
    Hang(Duration),
}

/// One message as received.
#[derive(Clone, Debug)]
pub struct Received {
    pub id: String,
    pub timestamp: String,
    pub signature: String,
    pub body: Vec<u8>,
    /// What the receiver answered (a hang counts as its late 204).
    pub reply: Reply,
    pub at: Instant,
}

impl Received {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }

    /// Whether the signature is `v1,` + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")),
    /// computed here from the secret as shown (`whsec_` + base64 key).
    pub fn signed_with(&self, secret: &str) -> bool {
        let key = STANDARD.decode(secret.strip_prefix("whsec_").expect("a whsec_ secret")).unwrap();
        let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
        mac.update(format!("{}.{}.", self.id, self.timestamp).as_bytes());
        mac.update(&self.body);
        let expected = format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()));
        self.signature.split(' ').any(|s| s == expected)
    }

    /// Whether it was received (the receiver answered 2xx in time is the sender's business).
    pub fn accepted(&self) -> bool {
        matches!(self.reply, Reply::Status(200..=299))
    }
}

#[derive(Default)]
struct Shared {
    received: Mutex<Vec<Received>>,
    script: Mutex<VecDeque<Reply>>,
    /// The answer once the script is used up; 204 unless set.
    otherwise: Mutex<Option<Reply>>,
}

pub struct Receiver {
    /// The URL to subscribe.
    pub url: String,
    shared: Arc<Shared>,
    handle: ServerHandle,
}

impl Receiver {
    pub async fn start() -> Self {
        let shared = Arc::new(Shared::default());
        let data = web::Data::from(shared.clone());
        let server = HttpServer::new(move || App::new().app_data(data.clone()).default_service(web::to(receive)))
            .workers(1)
            .bind("127.0.0.1:0")
            .unwrap();
        let addr = server.addrs()[0];
        let server = server.run();
        let handle = server.handle();
        actix_web::rt::spawn(server);
        Self { url: format!("http://{addr}/hook"), shared, handle }
    }

    /// The next answers, in order.
    pub fn script(&self, replies: &[Reply]) {
        self.shared.script.lock().unwrap().extend(replies.iter().copied());
    }

    /// The answer once the script is used up.
    pub fn otherwise(&self, reply: Reply) {
        *self.shared.otherwise.lock().unwrap() = Some(reply);
    }

    pub fn received(&self) -> Vec<Received> {
        self.shared.received.lock().unwrap().clone()
    }

    /// Waits (60 s at most) until what was received satisfies `done`.
    pub async fn wait_for(&self, what: &str, done: impl Fn(&[Received]) -> bool) -> Vec<Received> {
        let give_up = Instant::now() + Duration::from_secs(60);
        loop {
            let received = self.received();
            if done(&received) {
                return received;
            }
            assert!(Instant::now() < give_up, "never received {what}: {received:#?}");
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        drop(self.handle.stop(false));
    }
}

async fn receive(request: HttpRequest, body: web::Bytes, shared: web::Data<Shared>) -> HttpResponse {
    let header =
        |name: &str| request.headers().get(name).map(|v| v.to_str().unwrap_or_default().to_owned()).unwrap_or_default();
    let reply = shared.script.lock().unwrap().pop_front();
    let reply = reply.or(*shared.otherwise.lock().unwrap()).unwrap_or(Reply::Status(204));
    shared.received.lock().unwrap().push(Received {
        id: header("webhook-id"),
        timestamp: header("webhook-timestamp"),
        signature: header("webhook-signature"),
        body: body.to_vec(),
        reply,
        at: Instant::now(),
    });
    match reply {
        Reply::Status(code) => HttpResponse::build(actix_web::http::StatusCode::from_u16(code).unwrap()).finish(),
        Reply::Hang(wait) => {
            actix_web::rt::time::sleep(wait).await;
            HttpResponse::NoContent().finish()
        }
    }
}
