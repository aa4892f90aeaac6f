//! `/register`.

use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::accounts::service::{self, Registration};
use crate::platform::auth::{SESSION_COOKIE, SESSION_DAYS};
use crate::platform::csrf::CsrfForm;
use crate::platform::error::{AppResult, FieldErrors};
use crate::platform::forms::form_errors;
use crate::platform::render::{page, page_with_status};
use crate::platform::state::AppState;
use crate::platform::web::Ctx;
use crate::shield::{Attempt, GuardView, Guarded, Outcome};

#[derive(Template)]
#[template(path = "accounts/register.html")]
struct RegisterPage {
    ctx: Ctx,
    email: String,
    display_name: String,
    errors: FieldErrors,
    form_error: Option<String>,
    guard: GuardView,
}

pub async fn show(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let guard = GuardView::new(&state, &ctx, "signup", true, &FieldErrors::new()).await?;
    page(&RegisterPage {
        ctx,
        email: String::new(),
        display_name: String::new(),
        errors: FieldErrors::new(),
        form_error: None,
        guard,
    })
}

/// Where a new account (or a bot that thinks it made one) is sent.
const WELCOME: &str = "/verify-email?notice=notice-verification-sent";

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
    CsrfForm(Guarded { form: f, guard }): CsrfForm<Guarded<RegisterForm>>,
) -> AppResult<Response> {
    let attempt = Attempt {
        action: "signup",
        form: Some(&guard),
        captcha_header: None,
        captcha: true,
    };
    let result = match crate::shield::check(&state, &ctx, attempt).await {
        Ok(Outcome::Trap) => return Ok(Redirect::to(WELCOME).into_response()),
        Ok(Outcome::Pass { hold_signup, .. }) => {
            let reg = Registration {
                email: f.email.clone(),
                password: f.password,
                display_name: f.display_name.clone(),
                language: None,
                ip: ctx.ip.clone(),
                hold: hold_signup,
            };
            service::register(&state, reg, &ctx.i18n).await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(u) if u.status == service::PENDING_APPROVAL => {
            Ok(Redirect::to("/login?notice=notice-signup-pending").into_response())
        }
        Ok(u) => {
            let token = crate::accounts::sessions::create_session(
                &state.db,
                u.id,
                ctx.ip.clone(),
                ctx.user_agent.clone(),
            )
            .await?;
            let mut res = Redirect::to(WELCOME).into_response();
            res.headers_mut().append(
                header::SET_COOKIE,
                ctx.cookie(SESSION_COOKIE, token, SESSION_DAYS),
            );
            Ok(res)
        }
        Err(e) if crate::gate::explain::verdict_of(&e).is_some() => {
            let v = crate::gate::explain::verdict_of(&e).expect("checked above");
            let mut reasons = crate::gate::explain::explain(&ctx, v);
            reasons.insert(0, ctx.t("error-rejected-signup"));
            let guard = GuardView::new(&state, &ctx, "signup", true, &FieldErrors::new()).await?;
            page_with_status(
                &RegisterPage {
                    email: f.email,
                    display_name: f.display_name,
                    errors: FieldErrors::new(),
                    form_error: Some(reasons.join(" ")),
                    ctx,
                    guard,
                },
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Err(e) => {
            let status = e.status_and_code().0;
            let wait = crate::platform::error::retry_headers(&e);
            let (errors, form_error) = form_errors(&ctx, e)?;
            let guard = GuardView::new(&state, &ctx, "signup", true, &errors).await?;
            let mut res = page_with_status(
                &RegisterPage {
                    ctx,
                    email: f.email,
                    display_name: f.display_name,
                    errors,
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
