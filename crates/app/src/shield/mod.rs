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

/// Admission control for writes: requests that change something queue for one of a few
/// lanes before any work is done on them (no session lookup, no body parsing), while
/// reads never wait. A flood of junk posts then waits its turn in memory instead of
/// taking the CPU from people browsing. Visitors without a session share one small
/// lane; logged-in people share a wider one. Staff pages and reads are never queued.
pub struct Lanes {
    anonymous: tokio::sync::Semaphore,
    sessions: tokio::sync::Semaphore,
}

impl Default for Lanes {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Lanes {
            anonymous: tokio::sync::Semaphore::new(cores),
            sessions: tokio::sync::Semaphore::new(2 * cores),
        }
    }
}

/// Middleware (outside the request context): queues writes into their lane.
pub async fn admission(State(state): State<AppState>, req: Request, next: Next) -> Response {
    use axum::http::Method;
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let has_session = req
        .headers()
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|c| {
            c.trim()
                .split_once('=')
                .is_some_and(|(name, _)| name == crate::platform::auth::SESSION_COOKIE)
        });
    let lanes = state.slots.get_or_default::<Lanes>();
    let lane = if has_session {
        &lanes.sessions
    } else {
        &lanes.anonymous
    };
    let Ok(_permit) = lane.acquire().await else {
        return next.run(req).await;
    };
    next.run(req).await
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
