//! Community reporting: a Report button on every ad, anonymous reports with a tracking
//! code, weights by reason and track record, the outcome told to the reporter, points,
//! badges and a leaderboard.

pub mod api;
pub mod entity;
pub mod outcomes;
pub mod pages;
pub mod rewards;
pub mod service;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::platform::state::AppState;

/// The JSON API of this capability.
pub fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::create))
        .routes(routes!(api::show))
        .routes(routes!(api::mine))
        .routes(routes!(api::leaderboard))
        .routes(routes!(api::opt_in))
        .routes(routes!(api::notifications))
        .routes(routes!(api::mark_read))
}

/// The pages of this capability.
pub fn page_routes() -> axum::Router<AppState> {
    pages::routes()
}
