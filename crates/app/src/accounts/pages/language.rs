//! `POST /language`: the footer's language switcher (a cookie, and the profile when logged in).

use axum::Form;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::accounts::profile;
use crate::platform::error::{AppError, AppResult};
use crate::platform::forms::safe_next;
use crate::platform::i18n::I18n;
use crate::platform::state::AppState;
use crate::platform::web::Ctx;

#[derive(Deserialize)]
pub struct LanguageForm {
    #[serde(default)]
    lang: String,
    #[serde(default)]
    back: String,
}

/// Deliberately without a CSRF token: the switcher sits on pages served from the cache to
/// anonymous visitors, and the worst a forged request can do is change a language (the
/// SameSite=Lax session cookie is not sent with a cross-site POST, so no profile changes).
pub async fn switch(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(f): Form<LanguageForm>,
) -> AppResult<Response> {
    if !I18n::is_supported(&f.lang) {
        return Err(AppError::field("lang", "field-invalid"));
    }
    if let Some(u) = &ctx.user {
        profile::update_profile(&state, u.id, None, Some(&f.lang)).await?;
    }
    let mut res = Redirect::to(&safe_next(&f.back)).into_response();
    res.headers_mut()
        .append(header::SET_COOKIE, ctx.cookie("lang", f.lang, 365));
    Ok(res)
}
