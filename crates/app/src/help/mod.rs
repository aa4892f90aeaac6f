//! The help pages. The full help center is its own capability later; this is the
//! first guide every visitor needs: how the site works and how to stay safe.

use askama::Template;
use axum::Router;
use axum::response::Response;
use axum::routing::get;

use crate::platform::error::AppResult;
use crate::platform::render::page;
use crate::platform::state::AppState;
use crate::platform::web::Ctx;

#[derive(Template)]
#[template(path = "help/index.html")]
struct HelpPage {
    ctx: Ctx,
}

async fn index(ctx: Ctx) -> AppResult<Response> {
    page(&HelpPage { ctx })
}

/// `/help`.
pub fn page_routes() -> Router<AppState> {
    Router::new().route("/help", get(index))
}
