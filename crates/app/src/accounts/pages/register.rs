//! `/register`.

use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::form_errors;
use crate::accounts::service::{self, Registration};
use crate::platform::auth::{self, SESSION_COOKIE, SESSION_DAYS};
use crate::platform::csrf::CsrfForm;
use crate::platform::error::{AppResult, FieldErrors};
use crate::platform::render::{page, page_with_status};
use crate::platform::state::AppState;
use crate::platform::web::Ctx;

#[derive(Template)]
#[template(path = "accounts/register.html")]
struct RegisterPage {
    ctx: Ctx,
    email: String,
    display_name: String,
    errors: FieldErrors,
    form_error: Option<String>,
}

pub async fn show(ctx: Ctx) -> AppResult<Response> {
    page(&RegisterPage {
        ctx,
        email: String::new(),
        display_name: String::new(),
        errors: FieldErrors::new(),
        form_error: None,
    })
}

#[derive(Deserialize)]
pub struct RegisterForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    display_name: String,
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(f): CsrfForm<RegisterForm>,
) -> AppResult<Response> {
    let reg = Registration {
        email: f.email.clone(),
        password: f.password,
        display_name: f.display_name.clone(),
        language: None,
        ip: ctx.ip.clone(),
    };
    match service::register(&state, reg, &ctx.i18n).await {
        Ok(u) => {
            let token =
                auth::create_session(&state.db, u.id, ctx.ip.clone(), ctx.user_agent.clone())
                    .await?;
            let mut res =
                Redirect::to("/verify-email?notice=notice-verification-sent").into_response();
            res.headers_mut().append(
                header::SET_COOKIE,
                ctx.cookie(SESSION_COOKIE, token, SESSION_DAYS),
            );
            Ok(res)
        }
        Err(crate::platform::error::AppError::Rejected(v)) => {
            let mut reasons = crate::platform::web::explain(&ctx, &v);
            reasons.insert(0, ctx.t("error-rejected-signup"));
            page_with_status(
                &RegisterPage {
                    email: f.email,
                    display_name: f.display_name,
                    errors: FieldErrors::new(),
                    form_error: Some(reasons.join(" ")),
                    ctx,
                },
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Err(e) => {
            let (errors, form_error) = form_errors(e)?;
            let status = if errors.contains_key("email") && errors["email"] == "field-email-taken" {
                StatusCode::CONFLICT
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            page_with_status(
                &RegisterPage {
                    ctx,
                    email: f.email,
                    display_name: f.display_name,
                    errors,
                    form_error,
                },
                status,
            )
        }
    }
}
