//! `GET /api/v1/events?after=ID`: the WebSocket every page and app listens on. First
//! every stored event after `after` (a client that reconnects loses nothing), then live
//! ones as they are committed, in id order, never twice. Too far behind, the client is
//! told `{"type":"resync"}` and should reload. Pings every 25 s keep proxies from
//! closing an idle socket; a client silent for 75 s is dropped.

use std::time::{Duration, Instant};

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tokio::sync::broadcast::error::RecvError;

use super::error::AppError;
use super::events::{self, Wire};
use super::state::AppState;
use super::web::Ctx;

/// What a capability does when a client speaks on its socket or shows it is alive. The
/// platform knows no capability: messaging registers these at start-up.
pub type InboundHook = std::sync::Arc<
    dyn Fn(AppState, i64, serde_json::Value) -> futures_util::future::BoxFuture<'static, ()>
        + Send
        + Sync,
>;
/// Called for staff when their socket opens and at every heartbeat.
pub type AliveHook = std::sync::Arc<
    dyn Fn(AppState, i64) -> futures_util::future::BoxFuture<'static, ()> + Send + Sync,
>;

#[derive(Default)]
struct Hooks {
    inbound: std::sync::RwLock<Option<InboundHook>>,
    alive: std::sync::RwLock<Option<AliveHook>>,
}

/// Registers what to do with JSON a client sends on its socket.
pub fn on_inbound(state: &AppState, hook: InboundHook) {
    *state
        .slots
        .get_or_default::<Hooks>()
        .inbound
        .write()
        .unwrap_or_else(|e| e.into_inner()) = Some(hook);
}

/// Registers what to do when a staff member's socket shows they are alive.
pub fn on_alive(state: &AppState, hook: AliveHook) {
    *state
        .slots
        .get_or_default::<Hooks>()
        .alive
        .write()
        .unwrap_or_else(|e| e.into_inner()) = Some(hook);
}

fn inbound_hook(state: &AppState) -> Option<InboundHook> {
    state
        .slots
        .get_or_default::<Hooks>()
        .inbound
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
}

async fn alive(state: &AppState, user: i64, staff: bool) {
    if !staff {
        return;
    }
    let hook = state
        .slots
        .get_or_default::<Hooks>()
        .alive
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    if let Some(h) = hook {
        h(state.clone(), user).await;
    }
}

/// The most a client may say in one frame (typing, receipts): anything longer is ignored.
const MAX_INBOUND: usize = 1024;
/// What a client may say on its socket: bursts of up to this many frames…
const INBOUND_BURST: f64 = 20.0;
/// …refilled at this many a second. Frames beyond are dropped: a script flooding its
/// socket with signals cannot make the server write for every one.
const INBOUND_PER_SEC: f64 = 2.0;

const PING_EVERY: Duration = Duration::from_secs(25);
const DEAD_AFTER: Duration = Duration::from_secs(75);
const BATCH: u64 = 500;

#[derive(Deserialize)]
pub struct EventsQuery {
    /// The last event id this client saw; absent: only what happens from now on.
    pub after: Option<i64>,
}

/// Upgrades to the event stream of the logged-in person.
pub async fn handler(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<EventsQuery>,
    ws: WebSocketUpgrade,
) -> Response {
    let Some(user) = ctx.user else {
        return AppError::Unauthorized.into_response();
    };
    ws.read_buffer_size(4096)
        .write_buffer_size(0)
        .on_upgrade(move |socket| async move {
            if let Err(e) = run(state, user.id, user.role.is_staff(), q.after, socket).await {
                tracing::debug!(error = %e, "event stream ended");
            }
        })
}

async fn send(socket: &mut WebSocket, value: &impl serde::Serialize) -> anyhow::Result<()> {
    socket
        .send(Message::Text(serde_json::to_string(value)?.into()))
        .await?;
    Ok(())
}

/// Sends everything after `last`; returns the new last id.
async fn catch_up(
    state: &AppState,
    user: i64,
    mut last: i64,
    socket: &mut WebSocket,
) -> anyhow::Result<i64> {
    loop {
        let batch = events::since(&state.db, user, last, BATCH)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let n = batch.len() as u64;
        for e in batch {
            last = e.id;
            send(socket, &Wire::from(e)).await?;
        }
        if n < BATCH {
            return Ok(last);
        }
    }
}

async fn run(
    state: AppState,
    user: i64,
    staff: bool,
    after: Option<i64>,
    mut socket: WebSocket,
) -> anyhow::Result<()> {
    alive(&state, user, staff).await;
    // Subscribe before reading the backlog, so nothing committed in between is missed.
    let mut wake = events::subscribe(&state, user);
    let mut last = match after {
        Some(a)
            if events::too_old(&state.db, user, a)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))? =>
        {
            send(&mut socket, &serde_json::json!({"type": "resync"})).await?;
            events::latest(&state.db, user)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?
        }
        Some(a) => a,
        None => events::latest(&state.db, user)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?,
    };
    last = catch_up(&state, user, last, &mut socket).await?;
    let mut ping = tokio::time::interval(PING_EVERY);
    ping.tick().await;
    let mut heard = Instant::now();
    let mut allowance = INBOUND_BURST;
    let mut refilled = Instant::now();
    loop {
        tokio::select! {
            woke = wake.recv() => match woke {
                Ok(()) | Err(RecvError::Lagged(_)) => last = catch_up(&state, user, last, &mut socket).await?,
                Err(RecvError::Closed) => return Ok(()),
            },
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return Ok(()),
                Some(Ok(Message::Text(t))) => {
                    heard = Instant::now();
                    allowance = (allowance
                        + refilled.elapsed().as_secs_f64() * INBOUND_PER_SEC)
                        .min(INBOUND_BURST);
                    refilled = Instant::now();
                    let allowed = allowance >= 1.0;
                    if allowed {
                        allowance -= 1.0;
                    }
                    if allowed
                        && t.len() <= MAX_INBOUND
                        && let Ok(v) = serde_json::from_str::<serde_json::Value>(&t)
                        && let Some(h) = inbound_hook(&state)
                    {
                        h(state.clone(), user, v).await;
                    }
                }
                Some(Ok(_)) => heard = Instant::now(),
            },
            _ = ping.tick() => {
                if heard.elapsed() > DEAD_AFTER {
                    return Ok(());
                }
                alive(&state, user, staff).await;
                socket.send(Message::Ping(Vec::new().into())).await?;
            }
        }
    }
}
