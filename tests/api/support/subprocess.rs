//! `thidua serve` as a process of its own: for tests that kill it, or that
//! check what the command itself does.

use serde_json::{Value, json};

/// Reads a JSON log (`THIDUA_LOG_FORMAT=json`) until the server says it
/// listens; gives that event (its `addr`, its `database`).
pub fn listening(lines: &mut impl Iterator<Item = std::io::Result<String>>) -> Value {
    loop {
        let line = lines.next().expect("the server logs before it exits").unwrap();
        let Ok(event) = serde_json::from_str::<Value>(&line) else { continue };
        if event["message"] == "thidua is listening" {
            return event;
        }
    }
}

pub const PASSWORD: &str = "mật khẩu của máy chủ con";

/// `thidua serve` as a process of its own, so that it can be killed.
pub struct Subprocess {
    child: std::process::Child,
    addr: String,
    url: String,
    dir: std::path::PathBuf,
}

impl Subprocess {
    pub fn start(url: &str, dir: &std::path::Path) -> Self {
        Self::start_with(url, dir, &[])
    }

    /// As [`Subprocess::start`], with more environment variables.
    pub fn start_with(url: &str, dir: &std::path::Path, env: &[(&str, &str)]) -> Self {
        use std::io::{BufRead, BufReader};

        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_thidua"))
            .arg("serve")
            .envs(env.iter().copied())
            .env_remove("DATABASE_URL")
            .env("DATABASE_URL", url)
            .env("THIDUA_DATA_DIR", dir)
            .env("THIDUA_BIND", "127.0.0.1:0")
            .env("THIDUA_ADMIN_PASSWORD", PASSWORD)
            .env("THIDUA_LOG_FORMAT", "json")
            .env("RUST_LOG", "info")
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let addr = listening(&mut lines)["addr"].as_str().unwrap().to_owned();
        // Keep reading, so the server never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Self { child, addr, url: url.to_owned(), dir: dir.to_owned() }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub async fn token(&self, client: &reqwest::Client) -> String {
        let answer = client
            .post(self.url("/api/v1/auth/token"))
            .json(&json!({ "username": "admin", "password": PASSWORD }))
            .send()
            .await
            .unwrap();
        answer.json::<serde_json::Value>().await.unwrap()["access_token"].as_str().unwrap().to_owned()
    }

    /// SIGKILL: no shutdown, no rollback but the database's own. Gives back
    /// what starts it again.
    pub fn kill(mut self) -> (String, std::path::PathBuf) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
        (std::mem::take(&mut self.url), std::mem::take(&mut self.dir))
    }
}

impl Drop for Subprocess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
