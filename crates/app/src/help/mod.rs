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

#[derive(Template)]
#[template(path = "help/report.html")]
struct ReportGuide {
    ctx: Ctx,
}

async fn report_guide(ctx: Ctx) -> AppResult<Response> {
    page(&ReportGuide { ctx })
}

/// `/help` and `/help/report` (how to spot and report spam and scams).
pub fn page_routes() -> Router<AppState> {
    Router::new()
        .route("/help", get(index))
        .route("/help/report", get(report_guide))
}
