//! Messaging between users and the office: conversations threaded by ad and user,
//! messages through the gate and the shield, staff notes, read state and live delivery
//! through the event stream that resumes after a reconnect; on the office's side teams,
//! routing and round-robin assignment, urgent escalation, SLA clocks in business time,
//! canned replies and full-text search.

pub mod api;
pub mod clocks;
pub mod config;
pub mod entity;
pub mod inbox;
pub mod mailer;
pub mod office;
pub mod office_pages;
pub mod pages;
pub mod routing;
pub mod service;
pub mod sla;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::platform::state::AppState;

/// Hooks the event stream up to messaging: staff sockets keep their presence fresh, and
/// clients' typing signals and delivery receipts reach the other side.
pub fn install(state: &AppState) {
    crate::platform::realtime::on_alive(
        state,
        std::sync::Arc::new(|state: AppState, user: i64| {
            Box::pin(async move {
                let t = crate::platform::util::now();
                if let Err(e) = routing::touch(&state.db, user, t).await {
                    tracing::warn!(error = %e, "could not record presence");
                }
            })
        }),
    );
    crate::platform::realtime::on_inbound(
        state,
        std::sync::Arc::new(|state: AppState, user: i64, v: serde_json::Value| {
            Box::pin(async move {
                if let Err(e) = service::inbound(&state, user, &v).await {
                    tracing::debug!(error = %e, "ignored a client signal");
                }
            })
        }),
    );
}

/// The JSON API of this capability.
pub fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::start, api::mine))
        .routes(routes!(api::messages, api::post))
        .routes(routes!(api::read))
        .routes(routes!(api::resolve))
        .routes(routes!(api::rate))
        .routes(routes!(api::office_inbox))
        .routes(routes!(api::assign))
        .routes(routes!(api::transfer))
        .routes(routes!(api::context))
        .routes(routes!(api::presence))
        .routes(routes!(api::members, api::set_member))
        .routes(routes!(api::remove_member))
        .routes(routes!(api::get_config, api::put_config))
        .routes(routes!(api::canned_list, api::canned_add))
        .routes(routes!(api::canned_delete))
        .routes(routes!(api::get_mail_prefs, api::put_mail_prefs))
}

/// The pages of this capability.
pub fn page_routes() -> axum::Router<AppState> {
    pages::routes()
}

/// Background jobs: mail for unread answers; the SLA watch and handing out the teams'
/// waiting conversations to agents who came online.
pub fn spawn_workers(state: AppState) {
    let watch = state.clone();
    crate::platform::workers::every(
        "messaging-sla-and-assignment",
        std::time::Duration::from_secs(10),
        move || {
            let state = watch.clone();
            async move {
                let t = crate::platform::util::now();
                clocks::tick(&state, t)
                    .await
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
                routing::drain(&state, t)
                    .await
                    .map(|_| ())
                    .map_err(|e| anyhow::anyhow!("{e}"))
            }
        },
    );
    crate::platform::workers::every(
        "unread-message-mail",
        std::time::Duration::from_secs(20),
        move || {
            let state = state.clone();
            async move {
                mailer::run_once(&state)
                    .await
                    .map(|_| ())
                    .map_err(|e| anyhow::anyhow!("{e}"))
            }
        },
    );
}
