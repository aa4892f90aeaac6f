//! `/verify-email`: the link target, the code form and "send me a new one".

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::accounts::service;
use crate::platform::auth::Auth;
use crate::platform::csrf::CsrfForm;
use crate::platform::csrf::EmptyForm;
use crate::platform::error::{AppResult, FieldErrors};
use crate::platform::forms::{form_errors, notice};
use crate::platform::render::page_with_status;
use crate::platform::state::AppState;
use crate::platform::web::Ctx;

#[derive(Template)]
#[template(path = "accounts/verify.html")]
struct VerifyPage {
    ctx: Ctx,
    email: String,
    verified: bool,
    notice: Option<String>,
    errors: FieldErrors,
    form_error: Option<String>,
}

impl VerifyPage {
    fn new(ctx: Ctx) -> Self {
        let email = ctx
            .user
            .as_ref()
            .map(|u| u.email.clone())
            .unwrap_or_default();
        let verified = ctx.user.as_ref().is_some_and(|u| u.verified);
        VerifyPage {
            ctx,
            email,
            verified,
            notice: None,
            errors: FieldErrors::new(),
            form_error: None,
        }
    }
}

#[derive(Deserialize)]
pub struct VerifyQuery {
    token: Option<String>,
    notice: Option<String>,
}

/// With `?token=` this is the mailed link; without it, the code form.
pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<VerifyQuery>,
) -> AppResult<Response> {
    let mut p = VerifyPage::new(ctx);
    p.notice = notice(q.notice.as_deref());
    let mut status = StatusCode::OK;
    if let Some(token) = q.token {
        match service::verify_token(&state, &token).await {
            Ok(u) => {
                p.verified = true;
                p.email = u.email;
                if let Some(me) = p.ctx.user.as_mut().filter(|me| me.id == u.id) {
                    me.verified = true;
                }
            }
            Err(e) => {
                status = e.status_and_code().0;
                p.form_error = form_errors(&p.ctx, e)?.1;
            }
        }
    }
    page_with_status(&p, status)
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    code: String,
}

pub async fn submit_code(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(f): CsrfForm<CodeForm>,
) -> AppResult<Response> {
    let mut p = VerifyPage::new(ctx);
    p.email = f.email.clone();
    match service::verify_code(&state, &f.email, &f.code).await {
        Ok(u) => {
            p.verified = true;
            if let Some(me) = p.ctx.user.as_mut().filter(|me| me.id == u.id) {
                me.verified = true;
            }
            page_with_status(&p, StatusCode::OK)
        }
        Err(e) => {
            let status = e.status_and_code().0;
            (p.errors, p.form_error) = form_errors(&p.ctx, e)?;
            page_with_status(&p, status)
        }
    }
}

pub async fn resend(
    State(state): State<AppState>,
    ctx: Ctx,
    Auth(me): Auth,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> AppResult<Response> {
    match service::resend_verification(&state, me.id).await {
        Ok(()) => Ok(Redirect::to("/verify-email?notice=notice-verification-sent").into_response()),
        Err(e) => {
            let status = e.status_and_code().0;
            let mut p = VerifyPage::new(ctx);
            p.form_error = form_errors(&p.ctx, e)?.1;
            page_with_status(&p, status)
        }
    }
}
