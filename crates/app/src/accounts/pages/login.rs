//! `/login` and `/logout`.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{form_errors, notice, safe_next};
use crate::accounts::service;
use crate::platform::auth::{self, SESSION_COOKIE, SESSION_DAYS};
use crate::platform::csrf::CsrfForm;
use crate::platform::csrf::EmptyForm;
use crate::platform::error::AppResult;
use crate::platform::render::{page, page_with_status};
use crate::platform::state::AppState;
use crate::platform::web::Ctx;

#[derive(Template)]
#[template(path = "accounts/login.html")]
struct LoginPage {
    ctx: Ctx,
    email: String,
    next: String,
    notice: Option<String>,
    form_error: Option<String>,
}

#[derive(Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
    notice: Option<String>,
}

pub async fn show(ctx: Ctx, Query(q): Query<LoginQuery>) -> AppResult<Response> {
    let next = safe_next(q.next.as_deref().unwrap_or("/"));
    page(&LoginPage {
        ctx,
        email: String::new(),
        next,
        notice: notice(q.notice.as_deref()),
        form_error: None,
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
    CsrfForm(f): CsrfForm<LoginForm>,
) -> AppResult<Response> {
    let next = safe_next(&f.next);
    match service::login(&state, &f.email, &f.password).await {
        Ok(u) => {
            let token =
                auth::create_session(&state.db, u.id, ctx.ip.clone(), ctx.user_agent.clone())
                    .await?;
            let mut res = Redirect::to(&next).into_response();
            res.headers_mut().append(
                header::SET_COOKIE,
                ctx.cookie(SESSION_COOKIE, token, SESSION_DAYS),
            );
            Ok(res)
        }
        Err(e) => {
            let (_, form_error) = form_errors(e)?;
            page_with_status(
                &LoginPage {
                    ctx,
                    email: f.email,
                    next,
                    notice: None,
                    form_error,
                },
                StatusCode::UNAUTHORIZED,
            )
        }
    }
}

pub async fn logout(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> AppResult<Response> {
    if let Some(u) = &ctx.user {
        auth::delete_session(&state.db, &u.session_id).await?;
    }
    let mut res = Redirect::to("/").into_response();
    res.headers_mut().append(
        header::SET_COOKIE,
        ctx.cookie(SESSION_COOKIE, String::new(), 0),
    );
    Ok(res)
}
