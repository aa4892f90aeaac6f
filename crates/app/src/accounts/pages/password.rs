//! `/forgot-password` and `/reset-password`.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::form_errors;
use crate::accounts::pages::NoticeQuery;
use crate::accounts::service;
use crate::platform::csrf::CsrfForm;
use crate::platform::error::{AppResult, FieldErrors};
use crate::platform::render::{page, page_with_status};
use crate::platform::state::AppState;
use crate::platform::web::Ctx;

#[derive(Template)]
#[template(path = "accounts/forgot.html")]
struct ForgotPage {
    ctx: Ctx,
    email: String,
    notice: Option<String>,
    errors: FieldErrors,
}

pub async fn show_forgot(ctx: Ctx, Query(q): Query<NoticeQuery>) -> AppResult<Response> {
    page(&ForgotPage {
        ctx,
        email: String::new(),
        notice: q.notice(),
        errors: FieldErrors::new(),
    })
}

#[derive(Deserialize)]
pub struct ForgotForm {
    #[serde(default)]
    email: String,
}

pub async fn submit_forgot(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(f): CsrfForm<ForgotForm>,
) -> AppResult<Response> {
    match service::request_password_reset(&state, &f.email).await {
        Ok(()) => Ok(Redirect::to("/forgot-password?notice=notice-reset-sent").into_response()),
        Err(e) => {
            let (errors, _) = form_errors(e)?;
            page_with_status(
                &ForgotPage {
                    ctx,
                    email: f.email,
                    notice: None,
                    errors,
                },
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
    }
}

#[derive(Template)]
#[template(path = "accounts/reset.html")]
struct ResetPage {
    ctx: Ctx,
    token: String,
    errors: FieldErrors,
    form_error: Option<String>,
}

#[derive(Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

pub async fn show_reset(ctx: Ctx, Query(q): Query<TokenQuery>) -> AppResult<Response> {
    page(&ResetPage {
        ctx,
        token: q.token,
        errors: FieldErrors::new(),
        form_error: None,
    })
}

#[derive(Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    password: String,
}

pub async fn submit_reset(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(f): CsrfForm<ResetForm>,
) -> AppResult<Response> {
    match service::reset_password(&state, &f.token, &f.password).await {
        Ok(_) => Ok(Redirect::to("/login?notice=notice-password-reset").into_response()),
        Err(e) => {
            let status = e.status_and_code().0;
            let (errors, form_error) = form_errors(e)?;
            page_with_status(
                &ResetPage {
                    ctx,
                    token: f.token,
                    errors,
                    form_error,
                },
                status,
            )
        }
    }
}
