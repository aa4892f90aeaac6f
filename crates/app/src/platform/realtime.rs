//! `GET /api/v1/events?after=ID`: the WebSocket every page and app listens on. First
//! every stored event after `after` (a client that reconnects loses nothing), then live
//! ones as they are committed, in id order, never twice. Too far behind, the client is
//! told `{"type":"resync"}` and should reload. Pings every 25 s keep proxies from
//! closing an idle socket; a client silent for 75 s is dropped.
//!
//! A socket lives no longer than its session: every few seconds one query per instance
//! checks the sessions of all open sockets, and the sockets of sessions that ended
//! (logout, a password change elsewhere, a ban, expiry, a staff idle timeout) are told
//! `{"type":"session_ended"}` and closed. Handshakes from other sites' pages are refused,
//! frames are small, and one person has a handful of sockets at most.

use std::time::{Duration, Instant};

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tokio::sync::broadcast::error::RecvError;

use super::error::{AppError, AppResult};
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

/// The largest frame or message a client may send; anything bigger closes the socket.
pub const MAX_FRAME: usize = 4 * 1024;
/// Open sockets one person may have on one instance (tabs, phone, laptop).
pub const MAX_SOCKETS_PER_USER: usize = 8;
/// How often the sessions of open sockets are checked.
pub const SESSION_CHECK_EVERY: Duration = Duration::from_secs(3);

const PING_EVERY: Duration = Duration::from_secs(25);
const DEAD_AFTER: Duration = Duration::from_secs(75);
const BATCH: u64 = 500;

#[derive(Deserialize)]
pub struct EventsQuery {
    /// The last event id this client saw; absent: only what happens from now on.
    pub after: Option<i64>,
}

/// The open sockets of this instance, with the session each belongs to.
#[derive(Default)]
pub struct Sockets {
    next: std::sync::atomic::AtomicU64,
    open: std::sync::Mutex<std::collections::HashMap<u64, OpenSocket>>,
}

struct OpenSocket {
    user: i64,
    session: String,
    /// Set to `true` when the session ended.
    ended: tokio::sync::watch::Sender<bool>,
}

/// Frees a socket's place when it closes, however it closes.
struct Registration {
    state: AppState,
    id: u64,
}

impl Drop for Registration {
    fn drop(&mut self) {
        let sockets = self.state.slots.get_or_default::<Sockets>();
        sockets
            .open
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&self.id);
    }
}

/// Takes a place for a socket of `user`, or refuses one more than
/// [`MAX_SOCKETS_PER_USER`].
fn register(
    state: &AppState,
    user: i64,
    session: &str,
) -> Option<(Registration, tokio::sync::watch::Receiver<bool>)> {
    let sockets = state.slots.get_or_default::<Sockets>();
    let mut open = sockets.open.lock().unwrap_or_else(|e| e.into_inner());
    if open.values().filter(|s| s.user == user).count() >= MAX_SOCKETS_PER_USER {
        return None;
    }
    let id = sockets
        .next
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let (tx, rx) = tokio::sync::watch::channel(false);
    open.insert(
        id,
        OpenSocket {
            user,
            session: session.to_string(),
            ended: tx,
        },
    );
    Some((
        Registration {
            state: state.clone(),
            id,
        },
        rx,
    ))
}

/// Closes the sockets whose sessions ended; returns how many.
pub async fn close_ended_sessions(state: &AppState) -> AppResult<usize> {
    let sockets = state.slots.get_or_default::<Sockets>();
    let sessions: Vec<String> = {
        let open = sockets.open.lock().unwrap_or_else(|e| e.into_inner());
        let mut v: Vec<String> = open.values().map(|s| s.session.clone()).collect();
        v.sort();
        v.dedup();
        v
    };
    if sessions.is_empty() {
        return Ok(0);
    }
    let live = super::auth::sessions(state)?.live(state, &sessions).await?;
    let open = sockets.open.lock().unwrap_or_else(|e| e.into_inner());
    let mut closed = 0;
    for s in open.values().filter(|s| !live.contains(&s.session)) {
        if !*s.ended.borrow() {
            let _ = s.ended.send(true);
            closed += 1;
        }
    }
    Ok(closed)
}

/// Checks the sessions of open sockets every few seconds (each instance its own).
pub fn spawn_session_checker(state: AppState) {
    super::workers::every("socket-sessions", SESSION_CHECK_EVERY, move || {
        let state = state.clone();
        async move {
            close_ended_sessions(&state)
                .await
                .map(|_| ())
                .map_err(|e| anyhow::anyhow!("{e}"))
        }
    });
}

/// Whether a handshake comes from another site's page: a browser always says where the
/// page is from; a script without an `Origin` is no cross-site page.
fn foreign_origin(headers: &axum::http::HeaderMap) -> bool {
    let Some(origin) = headers
        .get(axum::http::header::ORIGIN)
        .and_then(|o| o.to_str().ok())
    else {
        return false;
    };
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let origin_host = origin.split("://").nth(1).unwrap_or(origin);
    origin == "null" || !origin_host.eq_ignore_ascii_case(host)
}

/// Upgrades to the event stream of the logged-in person.
pub async fn handler(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: axum::http::HeaderMap,
    Query(q): Query<EventsQuery>,
    ws: WebSocketUpgrade,
) -> Response {
    let Some(user) = ctx.user else {
        return AppError::Unauthorized.into_response();
    };
    if foreign_origin(&headers) {
        return AppError::Forbidden("cross_origin").into_response();
    }
    let Some((registration, ended)) = register(&state, user.id, &user.session_id) else {
        return AppError::TooManyRequests {
            retry_after: 30,
            limit: MAX_SOCKETS_PER_USER as u32,
        }
        .into_response();
    };
    ws.read_buffer_size(4096)
        .write_buffer_size(0)
        .max_message_size(MAX_FRAME)
        .max_frame_size(MAX_FRAME)
        .on_upgrade(move |socket| async move {
            let _registration = registration;
            if let Err(e) = run(state, user.id, user.role.is_staff(), q.after, socket, ended).await
            {
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
    mut ended: tokio::sync::watch::Receiver<bool>,
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
            _ = ended.changed() => {
                let _ = send(&mut socket, &serde_json::json!({"type": "session_ended"})).await;
                let _ = socket.send(Message::Close(None)).await;
                return Ok(());
            }
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
