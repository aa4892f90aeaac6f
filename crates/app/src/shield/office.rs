//! The shield's office pages (filled in below).

use axum::Router;

use crate::platform::state::AppState;

/// The shield's pages.
pub fn routes() -> Router<AppState> {
    Router::new()
}
