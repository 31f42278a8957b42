//! An SMTP sink on loopback: speaks just enough SMTP (220; EHLO/HELO 250;
//! MAIL, RCPT 250; DATA 354, the message up to "\r\n.\r\n", 250; QUIT 221)
//! and records every message, with its envelope. It can refuse the next
//! messages (451 after their data: a temporary failure, to try again).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// One message as received.
#[derive(Clone, Debug, Default)]
pub struct Mail {
    pub from: String,
    pub to: Vec<String>,
    /// The message as sent after DATA (dots unstuffed), headers and body.
    pub data: String,
}

impl Mail {
    /// A header's value, unfolded, with its RFC 2047 words (`=?utf-8?b?…?=`) decoded.
    pub fn header(&self, name: &str) -> Option<String> {
        let (head, _) = self.data.split_once("\r\n\r\n")?;
        let unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ");
        let prefix = format!("{}:", name.to_ascii_lowercase());
        let line = unfolded.split("\r\n").find(|l| l.to_ascii_lowercase().starts_with(&prefix))?;
        Some(decode_words(line[prefix.len()..].trim()))
    }

    /// The body, decoded when it is base64.
    pub fn body(&self) -> String {
        let (_, body) = self.data.split_once("\r\n\r\n").unwrap_or_default();
        let base64 = self.header("content-transfer-encoding").is_some_and(|e| e.eq_ignore_ascii_case("base64"));
        if !base64 {
            return body.to_owned();
        }
        let joined: String = body.split_whitespace().collect();
        String::from_utf8(STANDARD.decode(joined).expect("a base64 body")).expect("a UTF-8 body")
    }
}

/// Decodes the `=?charset?b?…?=` words of a header (adjacent words join without their space).
fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut last_was_word = false;
    for (n, token) in value.split(' ').enumerate() {
        let word = token
            .strip_prefix("=?")
            .and_then(|t| t.strip_suffix("?="))
            .and_then(|t| t.split_once('?'))
            .and_then(|(_, rest)| rest.split_once('?'))
            .filter(|(encoding, _)| encoding.eq_ignore_ascii_case("b"))
            .and_then(|(_, text)| STANDARD.decode(text).ok())
            .and_then(|bytes| String::from_utf8(bytes).ok());
        match word {
            Some(text) => {
                if n > 0 && !last_was_word {
                    out.push(' ');
                }
                out.push_str(&text);
                last_was_word = true;
            }
            None => {
                if n > 0 {
                    out.push(' ');
                }
                out.push_str(token);
                last_was_word = false;
            }
        }
    }
    out
}

#[derive(Default)]
struct Shared {
    mails: Mutex<Vec<Mail>>,
    /// Messages still to refuse.
    refuse: Mutex<usize>,
    /// Messages refused so far.
    refused: Mutex<usize>,
}

pub struct SmtpSink {
    /// `THIDUA_SMTP_URL` for it.
    pub url: String,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl SmtpSink {
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let shared = Arc::new(Shared::default());
        let kept = shared.clone();
        let task = actix_web::rt::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                actix_web::rt::spawn(session(stream, kept.clone()));
            }
        });
        Self { url: format!("smtp://{addr}"), shared, task }
    }

    /// The messages accepted.
    pub fn mails(&self) -> Vec<Mail> {
        self.shared.mails.lock().unwrap().clone()
    }

    /// Refuses the next `n` messages (451 once their data is sent).
    pub fn refuse_next(&self, n: usize) {
        *self.shared.refuse.lock().unwrap() = n;
    }

    /// How many messages were refused.
    pub fn refused(&self) -> usize {
        *self.shared.refused.lock().unwrap()
    }

    /// Waits (60 s at most) until what was received satisfies `done`.
    pub async fn wait_for(&self, what: &str, done: impl Fn(&[Mail]) -> bool) -> Vec<Mail> {
        let give_up = Instant::now() + Duration::from_secs(60);
        loop {
            let mails = self.mails();
            if done(&mails) {
                return mails;
            }
            assert!(Instant::now() < give_up, "never received {what}: {mails:#?}");
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// One SMTP conversation; a message is kept once its final dot is answered 250.
async fn session(stream: TcpStream, shared: Arc<Shared>) {
    let (reader, mut writer) = stream.into_split();
    let mut reader = BufReader::new(reader);
    let mut mail = Mail::default();
    if writer.write_all(b"220 sink ESMTP\r\n").await.is_err() {
        return;
    }
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
            return;
        }
        let command = line.trim_end().to_owned();
        let upper = command.to_ascii_uppercase();
        let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            b"250 sink\r\n"
        } else if upper.starts_with("MAIL FROM:") {
            mail = Mail { from: address(&command["MAIL FROM:".len()..]), ..Mail::default() };
            b"250 OK\r\n"
        } else if upper.starts_with("RCPT TO:") {
            mail.to.push(address(&command["RCPT TO:".len()..]));
            b"250 OK\r\n"
        } else if upper == "DATA" {
            if writer.write_all(b"354 go ahead\r\n").await.is_err() {
                return;
            }
            let mut data = String::new();
            loop {
                line.clear();
                if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
                    return;
                }
                if line == ".\r\n" {
                    break;
                }
                data.push_str(line.strip_prefix('.').filter(|_| line.starts_with("..")).unwrap_or(&line));
            }
            mail.data = data;
            let mut refuse = shared.refuse.lock().unwrap();
            if *refuse > 0 {
                *refuse -= 1;
                *shared.refused.lock().unwrap() += 1;
                b"451 4.3.0 try again later\r\n"
            } else {
                shared.mails.lock().unwrap().push(std::mem::take(&mut mail));
                b"250 queued\r\n"
            }
        } else if upper == "QUIT" {
            let _ = writer.write_all(b"221 bye\r\n").await;
            return;
        } else {
            b"250 OK\r\n"
        };
        if writer.write_all(reply).await.is_err() {
            return;
        }
    }
}

/// `<a@b>` (and any parameters after it) → `a@b`.
fn address(text: &str) -> String {
    let text = text.trim();
    match (text.find('<'), text.find('>')) {
        (Some(start), Some(end)) if start < end => text[start + 1..end].to_owned(),
        _ => text.split_whitespace().next().unwrap_or_default().to_owned(),
    }
}
