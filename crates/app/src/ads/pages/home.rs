//! `/`: search, categories, newest ads.

use askama::Template;
use axum::extract::State;
use axum::response::Response;

use super::{CategoryView, category_views};
use crate::ads::queries::{self, Listing};
use crate::ads::service;
use crate::ads::view::AdView;
use crate::platform::error::AppResult;
use crate::platform::render::page;
use crate::platform::state::AppState;
use crate::platform::web::Ctx;

#[derive(Template)]
#[template(path = "ads/home.html")]
struct HomePage {
    ctx: Ctx,
    categories: Vec<CategoryView>,
    latest: Vec<AdView>,
}

pub async fn show(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    crate::platform::render::cached(&state, &ctx, || build(&state, ctx.clone())).await
}

async fn build(state: &AppState, ctx: Ctx) -> AppResult<Response> {
    let cats = service::categories(&state.db).await?;
    let counts = queries::category_counts(state).await?;
    let (ads, _) = queries::list(
        state,
        &Listing {
            page: 1,
            ..Default::default()
        },
    )
    .await?;
    let map = cats.iter().map(|c| (c.id, c.clone())).collect();
    let latest = ads
        .iter()
        .take(12)
        .map(|a| AdView::new(&ctx, a, &map))
        .collect();
    page(&HomePage {
        categories: category_views(&ctx, &cats, &counts),
        latest,
        ctx,
    })
}
