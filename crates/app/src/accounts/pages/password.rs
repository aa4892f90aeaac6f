//! `/forgot-password` and `/reset-password`.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::accounts::service;
use crate::platform::csrf::CsrfForm;
use crate::platform::error::{AppResult, FieldErrors};
use crate::platform::forms::NoticeQuery;
use crate::platform::forms::form_errors;
use crate::platform::render::{page, page_with_status};
use crate::platform::state::AppState;
use crate::platform::web::Ctx;
use crate::shield::{Attempt, GuardView, Guarded, Outcome};

#[derive(Template)]
#[template(path = "accounts/forgot.html")]
struct ForgotPage {
    ctx: Ctx,
    email: String,
    notice: Option<String>,
    errors: FieldErrors,
    guard: GuardView,
}

pub async fn show_forgot(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    let guard = GuardView::new(&state, &ctx, "password_reset", true, &FieldErrors::new()).await?;
    page(&ForgotPage {
        ctx,
        email: String::new(),
        notice: q.notice(),
        errors: FieldErrors::new(),
        guard,
    })
}

const RESET_SENT: &str = "/forgot-password?notice=notice-reset-sent";

#[derive(Deserialize)]
pub struct ForgotForm {
    #[serde(default)]
    email: String,
}

pub async fn submit_forgot(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(Guarded { form: f, guard }): CsrfForm<Guarded<ForgotForm>>,
) -> AppResult<Response> {
    let attempt = Attempt {
        action: "password_reset",
        form: Some(&guard),
        captcha_header: None,
        captcha: true,
    };
    let result = match crate::shield::check(&state, &ctx, attempt).await {
        Ok(Outcome::Trap) => Ok(()),
        Ok(Outcome::Pass { .. }) => service::request_password_reset(&state, &f.email).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(Redirect::to(RESET_SENT).into_response()),
        Err(e) => {
            let status = e.status_and_code().0;
            let wait = crate::platform::error::retry_headers(&e);
            let (mut errors, form_error) = form_errors(&ctx, e)?;
            if let Some(message) = form_error {
                errors.insert("email".into(), message);
            }
            let guard = GuardView::new(&state, &ctx, "password_reset", true, &errors).await?;
            let mut res = page_with_status(
                &ForgotPage {
                    ctx,
                    email: f.email,
                    notice: None,
                    errors,
                    guard,
                },
                status,
            )?;
            res.headers_mut().extend(wait);
            Ok(res)
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
            let (errors, form_error) = form_errors(&ctx, e)?;
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
