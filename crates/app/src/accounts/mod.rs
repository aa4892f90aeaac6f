//! Accounts: registration with verified email, login, sessions, password and address
//! changes, language preference.

pub mod api;
pub mod entity;
pub mod mails;
pub mod pages;
pub mod people;
pub mod profile;
pub mod service;
pub mod sessions;
pub mod signups;
pub mod validate;

use std::time::Duration;

use axum::Router;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::platform::state::AppState;

/// The JSON API of this capability.
pub fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api::register))
        .routes(routes!(api::verify_email))
        .routes(routes!(api::resend_verification))
        .routes(routes!(api::login))
        .routes(routes!(api::logout))
        .routes(routes!(api::password_reset))
        .routes(routes!(api::password_reset_confirm))
        .routes(routes!(api::me, api::patch_me))
        .routes(routes!(api::change_password))
        .routes(routes!(api::change_email))
        .routes(routes!(signups::list))
        .routes(routes!(signups::decision))
}

/// The pages of this capability.
pub fn page_routes() -> Router<AppState> {
    use pages::*;
    Router::new()
        .route("/register", get(register::show).post(register::submit))
        .route("/login", get(login::show).post(login::submit))
        .route("/logout", post(login::logout))
        .route("/verify-email", get(verify::show).post(verify::submit_code))
        .route("/verify-email/resend", post(verify::resend))
        .route(
            "/forgot-password",
            get(password::show_forgot).post(password::submit_forgot),
        )
        .route(
            "/reset-password",
            get(password::show_reset).post(password::submit_reset),
        )
        .route("/account", get(account::show))
        .route("/account/profile", post(account::save_profile))
        .route("/account/password", post(account::change_password))
        .route("/account/email", post(account::change_email))
        .route("/language", post(language::switch))
        .route("/office/signups", get(crate::accounts::signups::show))
        .route(
            "/office/signups/{id}/{decision}",
            post(crate::accounts::signups::decide_page),
        )
}

/// Background jobs: the 12-hour verification reminder.
pub fn spawn_workers(state: AppState) {
    let sweeper = state.clone();
    crate::platform::workers::every(
        "verification-reminders",
        Duration::from_secs(60),
        move || {
            let state = state.clone();
            async move { service::send_reminders(&state).await.map(|_| ()) }
        },
    );
    crate::platform::workers::every(
        "accounts-retention",
        crate::platform::retention::SWEEP_EVERY,
        move || {
            let state = sweeper.clone();
            async move {
                let n = sweep(&state).await.map_err(|e| anyhow::anyhow!("{e}"))?;
                tracing::info!(rows = n, "expired sessions and used tokens swept");
                Ok(())
            }
        },
    );
}

/// Removes expired sessions and e-mail tokens used or expired longer ago than the
/// retention period; returns how many rows went.
pub async fn sweep(state: &AppState) -> crate::platform::error::AppResult<u64> {
    use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter};
    let t = crate::platform::util::now();
    let cutoff = crate::platform::retention::Retention::cutoff(state.config.retention.token_days);
    let sessions = entity::session::Entity::delete_many()
        .filter(entity::session::Column::ExpiresAt.lt(t))
        .exec(&state.db)
        .await?
        .rows_affected;
    let tokens = entity::email_token::Entity::delete_many()
        .filter(
            Condition::any()
                .add(entity::email_token::Column::UsedAt.lt(cutoff))
                .add(entity::email_token::Column::ExpiresAt.lt(cutoff)),
        )
        .exec(&state.db)
        .await?
        .rows_affected;
    Ok(sessions + tokens)
}
