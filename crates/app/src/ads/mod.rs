//! Ads: categories, posting, the lifecycle, clean URLs, browsing and search.

pub mod api;
pub mod categories;
pub mod demo;
pub mod entity;
pub mod gatefeed;
pub mod judge;
pub mod lifecycle;
pub mod pages;
pub mod queries;
pub mod service;
pub mod slug;
pub mod validate;
pub mod view;

/// An ad as stored, read-only for other capabilities (they change ads through
/// `service`).
pub type Ad = entity::ad::Model;
/// A category as stored.
pub type Category = entity::category::Model;

use std::time::Duration;

use axum::Router;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::platform::state::AppState;

/// The JSON API of this capability.
pub fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(categories::list, categories::create))
        .routes(routes!(categories::patch, categories::delete))
        .routes(routes!(api::create, api::list))
        .routes(routes!(api::get_one, api::patch, api::delete))
        .routes(routes!(api::renew))
        .routes(routes!(api::mine))
}

/// The pages of this capability.
pub fn page_routes() -> Router<AppState> {
    use pages::*;
    Router::new()
        .route("/", get(home::show))
        .route("/classifieds", get(browse::all))
        .route("/classifieds/{category}", get(browse::category))
        .route("/classifieds/{category}/{slug}", get(ad::show))
        .route("/post", get(post::new_form).post(post::create))
        .route("/ads/{id}/edit", get(post::edit_form).post(post::update))
        .route("/ads/{id}/renew", post(mine::renew))
        .route("/ads/{id}/delete", post(mine::delete))
        .route("/account/ads", get(mine::show))
        .route("/office/held", get(held::show))
        .route("/office/held/{id}/approve", post(held::approve))
        .route("/office/held/{id}/reject", post(held::reject))
        .route("/office/categories", get(office::show).post(office::create))
        .route("/office/categories/{id}", post(office::update))
        .route("/office/categories/{id}/delete", post(office::delete))
}

/// Tells the capabilities below what ads hand them (the gate's texts for suggestions).
pub fn install(state: &AppState) {
    gatefeed::register(state);
}

/// Background jobs: expiry of ads whose time ran out, and (once) fingerprints recomputed
/// for a new recipe.
pub fn spawn_workers(state: AppState) {
    let fingerprints = state.clone();
    tokio::spawn(async move {
        match gatefeed::refingerprint(&fingerprints).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(ads = n, "fingerprints recomputed"),
            Err(e) => tracing::error!(error = %e, "fingerprints not recomputed"),
        }
    });
    crate::platform::workers::every("ad-expiry", Duration::from_secs(60), move || {
        let state = state.clone();
        async move {
            service::expire_due(&state.db)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            Ok(())
        }
    });
}
