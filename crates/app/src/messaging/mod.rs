//! Messaging between users and the office (the first part: conversations threaded by ad
//! and user, messages through the gate and the shield, staff notes, read state, and live
//! delivery through the event stream that resumes after a reconnect).

pub mod api;
pub mod entity;
pub mod mailer;
pub mod pages;
pub mod service;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::platform::state::AppState;

/// The JSON API of this capability.
pub fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::start, api::mine))
        .routes(routes!(api::messages, api::post))
        .routes(routes!(api::read))
        .routes(routes!(api::inbox))
        .routes(routes!(api::get_mail_prefs, api::put_mail_prefs))
}

/// The pages of this capability.
pub fn page_routes() -> axum::Router<AppState> {
    pages::routes()
}

/// Background job: mail for unread answers.
pub fn spawn_workers(state: AppState) {
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
