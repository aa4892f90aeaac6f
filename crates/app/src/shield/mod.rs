//! The shield: what stands in front of the content gate and keeps automated and bulk
//! abuse out while people barely notice. IP blocks, rate limits that hold across
//! instances, a self-hosted proof-of-work CAPTCHA with an accessible fallback, honeypots
//! and fill-time checks, sign-up mail screening, and a record of every stop.

pub mod api;
pub mod blocks;
pub mod captcha;
pub mod cli;
pub mod email;
pub mod events;
pub mod forms;
pub mod guard;
pub mod limits;
pub mod office;
pub mod settings;

use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use forms::{CaptchaHeader, GuardFields, GuardView, Guarded};
pub use guard::{Attempt, Outcome, check};

use crate::platform::error::AppError;
use crate::platform::state::AppState;
use crate::platform::web::Ctx;

/// Every action the shield rate-limits.
pub const ACTIONS: &[&str] = &[
    "signup",
    "login",
    "password_reset",
    "verify_mail",
    "ad_post",
    "ad_edit",
    "spam_check",
    "report",
    "message",
];

/// Loads the blocks before the first request.
pub async fn install(state: &AppState) -> anyhow::Result<()> {
    blocks::refresh(state, true)
        .await
        .map_err(|e| anyhow::anyhow!("cannot load IP blocks: {e}"))?;
    Ok(())
}

/// Background jobs: pick up other instances' block changes, sweep spent counters.
pub fn spawn_workers(state: AppState) {
    let s = state.clone();
    crate::platform::workers::every("shield-blocks", Duration::from_secs(2), move || {
        let s = s.clone();
        async move {
            blocks::refresh(&s, false)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))
        }
    });
    let record = state.clone();
    crate::platform::workers::every(
        "shield-retention",
        crate::platform::retention::SWEEP_EVERY,
        move || {
            let s = record.clone();
            async move {
                let n = events::sweep(&s)
                    .await
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
                tracing::info!(rows = n, "old shield stops swept");
                Ok(())
            }
        },
    );
    crate::platform::workers::every("shield-sweep", Duration::from_secs(300), move || {
        let s = state.clone();
        async move {
            limits::sweep(&s.db)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            captcha::sweep(&s)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            Ok(())
        }
    });
}

/// Middleware: an address under a `no_access` block gets a 403 page for everything
/// (one hash probe per prefix length in use; no database work).
pub async fn enforce_access(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let ctx = req.extensions().get::<Ctx>().cloned();
    if let Some(ctx) = ctx
        && let Some(block) = blocks::lookup(&state, ctx.ip.as_deref())
        && block.severity == blocks::Severity::NoAccess
        && !ctx.is_staff()
    {
        if state
            .slots
            .get_or_default::<AccessLog>()
            .first_in_minute(ctx.ip.as_deref().unwrap_or(""))
        {
            events::record(
                &state,
                events::Event {
                    ip: ctx.ip.clone(),
                    user_id: ctx.user.as_ref().map(|u| u.id),
                    action: "access",
                    kind: "blocked",
                    rule: Some(block.cidr.to_string()),
                    detail: Some(req.uri().path().chars().take(200).collect()),
                },
            );
        }
        return AppError::Forbidden("address_blocked").into_response();
    }
    next.run(req).await
}

/// Admission control for writes: complete requests that change something (the body is
/// read and the session checked before, see `platform::web`) queue for one of a few lanes
/// before any other work, while reads never wait. Visitors (and anyone with a cookie that
/// is not a live session) share one small lane; logged-in people share a wider one; staff
/// are never queued.
///
/// A lane bounds both how many writes run at once and how many start each second: a
/// permit is held for at least [`Lane::slot`] even when the answer was quick (a refused
/// CAPTCHA takes well under a millisecond), so junk answered cheaply cannot come back fast
/// enough to take the CPU from people browsing. The answer itself is not delayed. A
/// busy site has tens of writes a second; each lane allows hundreds. When more than
/// [`MAX_WAITING`] requests already wait for a lane, the next is told to come back (429
/// with `Retry-After`) instead of queueing without end.
pub struct Lanes {
    anonymous: Lane,
    sessions: Lane,
}

/// The most requests that wait for one lane; beyond it, 429.
pub const MAX_WAITING: usize = 256;

struct Lane {
    permits: std::sync::Arc<tokio::sync::Semaphore>,
    waiting: std::sync::atomic::AtomicUsize,
    /// The shortest time one request holds its permit.
    slot: std::time::Duration,
}

impl Lane {
    fn new(permits: usize, slot_ms: u64) -> Self {
        Lane {
            permits: std::sync::Arc::new(tokio::sync::Semaphore::new(permits)),
            waiting: Default::default(),
            slot: std::time::Duration::from_millis(slot_ms),
        }
    }
}

impl Default for Lanes {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        // Visitors: one write per core at a time, at most 250 a second per core. People
        // with a session: twice as many at a time, at most 500 a second per core.
        Lanes {
            anonymous: Lane::new(cores, 4),
            sessions: Lane::new(2 * cores, 4),
        }
    }
}

/// Middleware (inside the request context): queues writes into their lane.
pub async fn admission(State(state): State<AppState>, req: Request, next: Next) -> Response {
    use axum::http::Method;
    use std::sync::atomic::Ordering;
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let user = req.extensions().get::<Ctx>().and_then(|c| c.user.clone());
    if user.as_ref().is_some_and(|u| u.role.is_staff()) {
        return next.run(req).await;
    }
    let lanes = state.slots.get_or_default::<Lanes>();
    let lane = if user.is_some() {
        &lanes.sessions
    } else {
        &lanes.anonymous
    };
    if lane.waiting.fetch_add(1, Ordering::Relaxed) >= MAX_WAITING {
        lane.waiting.fetch_sub(1, Ordering::Relaxed);
        return AppError::TooManyRequests {
            retry_after: 1,
            limit: MAX_WAITING as u32,
        }
        .into_response();
    }
    let permit = lane.permits.clone().acquire_owned().await;
    lane.waiting.fetch_sub(1, Ordering::Relaxed);
    let Ok(permit) = permit else {
        return next.run(req).await;
    };
    let started = tokio::time::Instant::now();
    let res = next.run(req).await;
    let until = started + lane.slot;
    if tokio::time::Instant::now() < until {
        tokio::spawn(async move {
            tokio::time::sleep_until(until).await;
            drop(permit);
        });
    }
    res
}

/// Remembers which blocked addresses were already recorded this minute, so a blocked
/// bot hammering the site leaves one line a minute in the record, not thousands.
#[derive(Default)]
struct AccessLog(std::sync::Mutex<(i64, std::collections::HashSet<String>)>);

impl AccessLog {
    fn first_in_minute(&self, ip: &str) -> bool {
        let minute = crate::platform::util::now() / 60;
        let mut g = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if g.0 != minute {
            *g = (minute, Default::default());
        }
        g.1.len() < 10_000 && g.1.insert(ip.to_string())
    }
}

/// The JSON API of this capability.
pub fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::challenge))
        .routes(routes!(api::list_blocks, api::add_block, api::lift_block))
        .routes(routes!(api::export_blocks))
        .routes(routes!(api::import_blocks))
        .routes(routes!(api::rollups, api::do_rollup))
        .routes(routes!(api::get_config, api::put_config))
        .routes(routes!(api::list_events))
        .routes(routes!(api::address))
        .routes(routes!(api::list_domains, api::add_domains))
        .routes(routes!(api::remove_domain))
}

/// The office pages of this capability.
pub fn page_routes() -> Router<AppState> {
    office::routes()
}
