//! `/login` and `/logout`.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::accounts::service;
use crate::platform::auth::{SESSION_COOKIE, SESSION_DAYS};
use crate::platform::csrf::CsrfForm;
use crate::platform::csrf::EmptyForm;
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::forms::{form_errors, notice, safe_next};
use crate::platform::render::{page, page_with_status};
use crate::platform::state::AppState;
use crate::platform::web::Ctx;
use crate::shield::{Attempt, GuardView, Guarded, Outcome};

#[derive(Template)]
#[template(path = "accounts/login.html")]
struct LoginPage {
    ctx: Ctx,
    email: String,
    next: String,
    notice: Option<String>,
    form_error: Option<String>,
    guard: GuardView,
}

#[derive(Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
    notice: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<LoginQuery>,
) -> AppResult<Response> {
    let next = safe_next(q.next.as_deref().unwrap_or("/"));
    let captcha = crate::shield::guard::login_needs_captcha(&state, &ctx, None).await?;
    let guard = GuardView::new(&state, &ctx, "login", captcha, &FieldErrors::new()).await?;
    page(&LoginPage {
        ctx,
        email: String::new(),
        next,
        notice: notice(q.notice.as_deref()),
        form_error: None,
        guard,
    })
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(Guarded { form: f, guard }): CsrfForm<Guarded<LoginForm>>,
) -> AppResult<Response> {
    let next = safe_next(&f.next);
    let captcha = crate::shield::guard::login_needs_captcha(&state, &ctx, Some(&f.email)).await?;
    let attempt = Attempt {
        action: "login",
        form: Some(&guard),
        captcha_header: None,
        captcha,
    };
    let result = match crate::shield::check(&state, &ctx, attempt).await {
        // A bot that filled the honeypot is told the password was wrong.
        Ok(Outcome::Trap) => Err(AppError::Unauthenticated("invalid_credentials")),
        Ok(Outcome::Pass { .. }) => {
            let r = service::login(&state, &f.email, &f.password).await;
            if matches!(r, Err(AppError::Unauthenticated(_))) {
                crate::shield::guard::login_failed(&state, &ctx, &f.email).await?;
            }
            r
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(u) => {
            let token = crate::accounts::sessions::create_session(
                &state.db,
                u.id,
                ctx.ip.clone(),
                ctx.user_agent.clone(),
            )
            .await?;
            let mut res = Redirect::to(&next).into_response();
            res.headers_mut().append(
                header::SET_COOKIE,
                ctx.cookie(SESSION_COOKIE, token, SESSION_DAYS),
            );
            Ok(res)
        }
        Err(e) => {
            let status = match e.status_and_code().0 {
                s if s.is_client_error() => s,
                _ => StatusCode::UNAUTHORIZED,
            };
            let wait = crate::platform::error::retry_headers(&e);
            let (errors, form_error) = form_errors(&ctx, e)?;
            let captcha =
                crate::shield::guard::login_needs_captcha(&state, &ctx, Some(&f.email)).await?;
            let guard = GuardView::new(&state, &ctx, "login", captcha, &errors).await?;
            let mut res = page_with_status(
                &LoginPage {
                    ctx,
                    email: f.email,
                    next,
                    notice: None,
                    form_error,
                    guard,
                },
                status,
            )?;
            res.headers_mut().extend(wait);
            Ok(res)
        }
    }
}

pub async fn logout(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> AppResult<Response> {
    if let Some(u) = &ctx.user {
        crate::accounts::sessions::delete_session(&state.db, &u.session_id).await?;
    }
    let mut res = Redirect::to("/").into_response();
    res.headers_mut().append(
        header::SET_COOKIE,
        ctx.cookie(SESSION_COOKIE, String::new(), 0),
    );
    Ok(res)
}
