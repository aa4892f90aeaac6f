//! Load generator for `scripts/bench-ws`: opens one WebSocket per session token in
//! `TOKENS` (lines `token<TAB>conversation_id`), waits, then has an agent post messages
//! into random conversations at `RATE` a second for `SECS` seconds, and reports how long
//! each message took from the send to its receipt on the user's socket (p50, p99).
//!
//!     cargo run --release --example ws_bench -- BASE TOKENS AGENT_COOKIE RATE SECS

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures_util::StreamExt;
use tokio::sync::Mutex;
use tokio_tungstenite::tungstenite::{Message, client::IntoClientRequest};

fn micros() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_micros()
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (base, tokens, agent, rate, secs) = (
        args[1].clone(),
        std::fs::read_to_string(&args[2])?,
        args[3].clone(),
        args[4].parse::<u64>()?,
        args[5].parse::<u64>()?,
    );
    let sessions: Vec<(String, i64)> = tokens
        .lines()
        .filter_map(|l| {
            let (t, c) = l.split_once('\t')?;
            Some((t.to_string(), c.parse().ok()?))
        })
        .collect();
    let latencies = Arc::new(Mutex::new(Vec::<u128>::new()));
    let ws_base = base.replace("http://", "ws://");
    let mut opened = 0;
    for chunk in sessions.chunks(250) {
        let mut tasks = Vec::new();
        for (token, _) in chunk {
            let mut req = format!("{ws_base}/api/v1/events").into_client_request()?;
            req.headers_mut()
                .insert("cookie", format!("sid={token}").parse()?);
            tasks.push(tokio_tungstenite::connect_async(req));
        }
        for t in futures_util::future::join_all(tasks).await {
            let (mut ws, _) = t?;
            opened += 1;
            let lat = latencies.clone();
            tokio::spawn(async move {
                while let Some(Ok(msg)) = ws.next().await {
                    if let Message::Text(text) = msg
                        && let Some(sent) = text.split("bench t=").nth(1).and_then(|r| {
                            r.split(|c: char| !c.is_ascii_digit())
                                .next()?
                                .parse::<u128>()
                                .ok()
                        })
                    {
                        lat.lock().await.push(micros().saturating_sub(sent));
                    }
                }
            });
        }
    }
    println!("CONNECTED {opened}");
    // Time for the server's memory to settle while everything is idle.
    tokio::time::sleep(Duration::from_secs(5)).await;
    println!("IDLE_DONE");
    tokio::time::sleep(Duration::from_secs(2)).await;
    let http = reqwest::Client::new();
    let total = rate * secs;
    let mut tick = tokio::time::interval(Duration::from_micros(1_000_000 / rate.max(1)));
    let mut sends = Vec::new();
    for i in 0..total {
        tick.tick().await;
        let conv = sessions[(i as usize * 7919) % sessions.len()].1;
        let req = http
            .post(format!("{base}/api/v1/conversations/{conv}/messages"))
            .header("cookie", agent.clone())
            .json(&serde_json::json!({"body": format!("bench t={}", micros())}))
            .send();
        sends.push(tokio::spawn(req));
    }
    let mut failed = 0;
    for s in sends {
        if !matches!(s.await, Ok(Ok(r)) if r.status() == 201) {
            failed += 1;
        }
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let mut l = latencies.lock().await.clone();
    l.sort_unstable();
    let pct = |p: f64| {
        l.get(((l.len() as f64 * p) as usize).min(l.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0) as f64
            / 1000.0
    };
    println!(
        "RESULT sockets={opened} sent={total} failed_sends={failed} received={} p50_ms={:.2} p99_ms={:.2} max_ms={:.2}",
        l.len(),
        pct(0.5),
        pct(0.99),
        l.last().copied().unwrap_or(0) as f64 / 1000.0
    );
    Ok(())
}
