//! Messaging between users and the office (the first part: conversations threaded by ad
//! and user, messages through the gate and the shield, staff notes, read state, and live
//! delivery through the event stream that resumes after a reconnect).

pub mod api;
pub mod entity;
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
}

/// The pages of this capability.
pub fn page_routes() -> axum::Router<AppState> {
    pages::routes()
}
