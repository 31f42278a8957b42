//! A load generator for requests that each change something once: sends
//! `POST` to every URL of a list exactly once (each with its own `If-Match`),
//! over `--concurrency` kept-alive connections, and prints how long it took.
//!
//! `bench/reports.py` uses it for submissions: a submission is good only
//! once, so the fixed-rate generators that repeat one request (oha) cannot
//! send them, and a Python client spends more of the machine's two cores
//! than the server it measures.
//!
//! Input on stdin, one request per line: `URL<TAB>If-Match value`.
//! Output on stdout, JSON: `{"requests", "seconds", "statuses": {code: n}}`.
//! Usage: `post_each --token TOKEN [--concurrency 8] < requests.tsv`

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let option = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let token = option("--token").expect("--token TOKEN");
    let concurrency: usize = option("--concurrency").map_or(8, |c| c.parse().expect("--concurrency N"));
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).expect("the requests on stdin");
    let requests: Arc<Vec<(String, String)>> = Arc::new(
        input
            .lines()
            .filter(|line| !line.is_empty())
            .map(|line| {
                let (url, etag) = line.split_once('\t').expect("URL<TAB>ETag");
                (url.to_owned(), etag.to_owned())
            })
            .collect(),
    );
    let client = reqwest::Client::builder().pool_max_idle_per_host(concurrency).build().expect("an HTTP client");
    // Every connection opened before the clock starts.
    let warm: Vec<_> = (0..concurrency)
        .map(|_| {
            let client = client.clone();
            let url = requests.first().map(|(url, _)| url.clone()).unwrap_or_default();
            tokio::spawn(async move {
                let base = url.split("/api/").next().unwrap_or_default().to_owned();
                let _ = client.get(format!("{base}/healthz")).send().await.map(|r| r.bytes());
            })
        })
        .collect();
    for task in warm {
        task.await.expect("a warm-up request");
    }
    let next = Arc::new(AtomicUsize::new(0));
    let statuses = Arc::new(Mutex::new(BTreeMap::<u16, usize>::new()));
    let started = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (client, requests, next, statuses, token) =
                (client.clone(), requests.clone(), next.clone(), statuses.clone(), token.clone());
            tokio::spawn(async move {
                while let Some((url, etag)) = requests.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let status = match client.post(url).bearer_auth(&token).header("if-match", etag).send().await {
                        Ok(response) => {
                            let status = response.status().as_u16();
                            let _ = response.bytes().await;
                            status
                        }
                        Err(_) => 0,
                    };
                    *statuses.lock().unwrap().entry(status).or_default() += 1;
                }
            })
        })
        .collect();
    for worker in workers {
        worker.await.expect("a worker");
    }
    let seconds = started.elapsed().as_secs_f64();
    let statuses = statuses.lock().unwrap();
    let counts: Vec<String> = statuses.iter().map(|(code, n)| format!("\"{code}\": {n}")).collect();
    println!(
        "{{\"requests\": {}, \"seconds\": {seconds:.4}, \"statuses\": {{{}}}}}",
        requests.len(),
        counts.join(", ")
    );
}
