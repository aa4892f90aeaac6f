//! The gate in the site: every ad, edit, message and sign-up is judged by the `antispam`
//! crate, the verdict is recorded, and people are told exactly why when they are stopped.

pub mod api;
pub mod cli;
pub mod entity;
pub mod explain;
pub mod fingerprints;
pub mod learn;
pub mod office;
pub mod pages;
pub mod service;
pub mod sitedata;
pub mod stats;
pub mod store;
pub mod suggest;

pub use service::{GateService, gate, install};

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::platform::state::AppState;

/// The JSON API of this capability.
pub fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::check))
        .routes(routes!(office::list_rules, office::add_rule))
        .routes(routes!(office::delete_rule))
        .routes(routes!(office::get_config, office::put_config))
        .routes(routes!(office::list_models))
        .routes(routes!(office::activate_model))
        .routes(routes!(office::audit_log))
        .routes(routes!(office::list_suggestions))
        .routes(routes!(office::mine_suggestions))
        .routes(routes!(office::accept_suggestion))
        .routes(routes!(office::dismiss_suggestion))
}

/// The admins' pages of this capability.
pub fn page_routes() -> axum::Router<AppState> {
    pages::routes()
}
