//! The moderation office: the queue (kept by `review`) as staff see it, decisions with
//! reasons and feedback (one handler per kind, calling the owner of the subject), claims,
//! private notes, bulk actions, enforcement on accounts with a ladder for repeat
//! offenders, appeals that undo themselves, all on the audit log.

pub mod api;
pub mod appeals;
pub mod decide;
pub mod enforcement;
pub mod entity;
pub mod out;
pub mod pages;
pub mod view;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::platform::state::AppState;

/// The JSON API of this capability.
pub fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::list))
        .routes(routes!(api::bulk))
        .routes(routes!(api::show))
        .routes(routes!(api::decision))
        .routes(routes!(api::claim))
        .routes(routes!(api::add_note))
        .routes(routes!(api::act))
        .routes(routes!(api::user))
        .routes(routes!(api::get_config, api::put_config))
        .routes(routes!(api::create_appeal, api::my_appeals))
}

/// The office pages of this capability.
pub fn page_routes() -> axum::Router<AppState> {
    pages::routes()
}
