//! `/account`: profile, password and address.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::accounts::{profile, service};
use crate::platform::auth::{Auth, CurrentUser};
use crate::platform::csrf::CsrfForm;
use crate::platform::error::{AppResult, FieldErrors};
use crate::platform::forms::NoticeQuery;
use crate::platform::forms::form_errors;
use crate::platform::render::page_with_status;
use crate::platform::state::AppState;
use crate::platform::web::Ctx;

#[derive(Template)]
#[template(path = "accounts/account.html")]
struct AccountPage {
    ctx: Ctx,
    email: String,
    verified: bool,
    display_name: String,
    new_email: String,
    notice: Option<String>,
    errors: FieldErrors,
}

impl AccountPage {
    fn new(ctx: Ctx, me: &CurrentUser) -> Self {
        AccountPage {
            ctx,
            email: me.email.clone(),
            verified: me.verified,
            display_name: me.display_name.clone(),
            new_email: String::new(),
            notice: None,
            errors: FieldErrors::new(),
        }
    }
}

pub async fn show(ctx: Ctx, Auth(me): Auth, Query(q): Query<NoticeQuery>) -> AppResult<Response> {
    let mut p = AccountPage::new(ctx, &me);
    p.notice = q.notice();
    page_with_status(&p, StatusCode::OK)
}

#[derive(Deserialize)]
pub struct ProfileForm {
    #[serde(default)]
    display_name: String,
}

pub async fn save_profile(
    State(state): State<AppState>,
    ctx: Ctx,
    Auth(me): Auth,
    CsrfForm(f): CsrfForm<ProfileForm>,
) -> AppResult<Response> {
    match profile::update_profile(&state, me.id, Some(&f.display_name), None).await {
        Ok(_) => Ok(Redirect::to("/account?notice=notice-saved").into_response()),
        Err(e) => {
            let mut p = AccountPage::new(ctx, &me);
            p.display_name = f.display_name;
            p.errors = form_errors(&p.ctx, e)?.0;
            page_with_status(&p, StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    ctx: Ctx,
    Auth(me): Auth,
    CsrfForm(f): CsrfForm<PasswordForm>,
) -> AppResult<Response> {
    match service::change_password(
        &state,
        &me,
        ctx.ip.as_deref(),
        &f.current_password,
        &f.new_password,
    )
    .await
    {
        Ok(()) => Ok(Redirect::to("/account?notice=notice-password-changed").into_response()),
        Err(e) => {
            let mut p = AccountPage::new(ctx, &me);
            p.errors = form_errors(&p.ctx, e)?.0;
            page_with_status(&p, StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}

#[derive(Deserialize)]
pub struct EmailForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_email: String,
}

pub async fn change_email(
    State(state): State<AppState>,
    ctx: Ctx,
    Auth(me): Auth,
    CsrfForm(f): CsrfForm<EmailForm>,
) -> AppResult<Response> {
    match service::change_email(
        &state,
        &me,
        ctx.ip.as_deref(),
        &f.current_password,
        &f.new_email,
    )
    .await
    {
        Ok(()) => Ok(Redirect::to("/account?notice=notice-email-change-sent").into_response()),
        Err(e) => {
            let mut p = AccountPage::new(ctx, &me);
            p.new_email = f.new_email;
            let (mut errors, _) = form_errors(&p.ctx, e)?;
            // Both forms have a current-password field; say which one was wrong.
            if let Some(v) = errors.remove("current_password") {
                errors.insert("email_current_password".into(), v);
            }
            p.errors = errors;
            page_with_status(&p, StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}
