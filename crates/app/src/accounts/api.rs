//! The accounts JSON API (`/api/v1/auth/…`, `/api/v1/me…`).

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::entity::user;
use super::service::{self, Registration};
use crate::platform::auth::{self, Auth, CurrentUser, SESSION_COOKIE, SESSION_DAYS};
use crate::platform::error::{AppError, AppResult};
use crate::platform::json::ApiJson;
use crate::platform::state::AppState;
use crate::platform::web::Ctx;
use crate::shield::{Attempt, CaptchaHeader, Outcome};

/// Runs the shield for an API request; returns why a new account must wait for
/// approval, if it must. API requests carry no form, so nothing can be trapped.
async fn shield(
    state: &AppState,
    ctx: &Ctx,
    action: &'static str,
    captcha: bool,
    header: &CaptchaHeader,
) -> AppResult<Option<String>> {
    let attempt = Attempt {
        action,
        form: None,
        captcha_header: header.0.as_deref(),
        captcha,
    };
    match crate::shield::check(state, ctx, attempt).await? {
        Outcome::Pass { hold_signup, .. } => Ok(hold_signup),
        Outcome::Trap => Err(AppError::BadRequest("invalid_body")),
    }
}

/// An account as its owner sees it.
#[derive(Serialize, ToSchema)]
pub struct Me {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: auth::Role,
    pub verified: bool,
    pub language: String,
    /// `active`, or `pending_approval` while a moderator has to look at a new account.
    pub status: String,
}

impl From<&user::Model> for Me {
    fn from(u: &user::Model) -> Self {
        Me {
            id: u.id,
            email: u.email.clone(),
            display_name: u.display_name.clone(),
            role: auth::Role::parse(&u.role).unwrap_or(auth::Role::User),
            verified: u.email_verified_at.is_some(),
            language: u.language.clone().unwrap_or_else(|| "en".into()),
            status: u.status.clone(),
        }
    }
}

impl From<&CurrentUser> for Me {
    fn from(u: &CurrentUser) -> Self {
        Me {
            id: u.id,
            email: u.email.clone(),
            display_name: u.display_name.clone(),
            role: u.role,
            verified: u.verified,
            language: u.language.clone().unwrap_or_else(|| "en".into()),
            status: "active".into(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
pub struct RegisterBody {
    pub email: String,
    pub password: String,
    pub display_name: String,
    pub language: Option<String>,
}

/// Opens a session and answers with the account and the session cookie.
pub async fn start_session(
    state: &AppState,
    ctx: &Ctx,
    u: &user::Model,
    status: StatusCode,
) -> AppResult<Response> {
    let token = crate::accounts::sessions::create_session(
        &state.db,
        u.id,
        ctx.ip.clone(),
        ctx.user_agent.clone(),
    )
    .await?;
    let mut res = (status, Json(Me::from(u))).into_response();
    res.headers_mut().append(
        header::SET_COOKIE,
        ctx.cookie(SESSION_COOKIE, token, SESSION_DAYS),
    );
    Ok(res)
}

/// Register: the account starts unverified and a verification mail is queued. Needs a
/// solved CAPTCHA (`GET /api/v1/captcha?action=signup`) in `X-Captcha`. A sign-up the
/// shield or the gate wants a person to see first comes back with
/// `status: "pending_approval"`.
#[utoipa::path(post, path = "/api/v1/auth/register", tag = "auth", request_body = RegisterBody,
    responses((status = 201, body = Me), (status = 403, description = "address_blocked"), (status = 409, description = "email_taken"), (status = 422, description = "validation_failed (also a missing or wrong `captcha`)"), (status = 429)))]
pub async fn register(
    State(state): State<AppState>,
    ctx: Ctx,
    header: CaptchaHeader,
    ApiJson(b): ApiJson<RegisterBody>,
) -> AppResult<Response> {
    let hold = shield(&state, &ctx, "signup", true, &header).await?;
    let reg = Registration {
        email: b.email,
        password: b.password,
        display_name: b.display_name,
        language: b.language,
        ip: ctx.ip.clone(),
        hold,
    };
    let u = service::register(&state, reg, &ctx.i18n).await?;
    start_session(&state, &ctx, &u, StatusCode::CREATED).await
}

#[derive(Deserialize, ToSchema)]
pub struct VerifyBody {
    pub token: Option<String>,
    pub email: Option<String>,
    pub code: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Verified {
    pub verified: bool,
    pub email: String,
}

/// Verify an address with the link's token or with the six-digit code.
#[utoipa::path(post, path = "/api/v1/auth/verify-email", tag = "auth", request_body = VerifyBody,
    responses((status = 200, body = Verified), (status = 400, description = "token_invalid"), (status = 410, description = "token_expired"), (status = 422, description = "validation_failed")))]
pub async fn verify_email(
    State(state): State<AppState>,
    ApiJson(b): ApiJson<VerifyBody>,
) -> AppResult<Json<Verified>> {
    let u = match (b.token, b.email, b.code) {
        (Some(token), _, _) => service::verify_token(&state, &token).await?,
        (None, Some(email), Some(code)) => service::verify_code(&state, &email, &code).await?,
        _ => return Err(AppError::field("token", "field-required")),
    };
    Ok(Json(Verified {
        verified: true,
        email: u.email,
    }))
}

/// Send a new verification mail to the logged-in user (rate-limited).
#[utoipa::path(post, path = "/api/v1/auth/resend-verification", tag = "auth",
    responses((status = 202), (status = 401), (status = 409, description = "already_verified"), (status = 429)))]
pub async fn resend_verification(
    State(state): State<AppState>,
    ctx: Ctx,
    Auth(me): Auth,
) -> AppResult<StatusCode> {
    shield(&state, &ctx, "verify_mail", false, &CaptchaHeader(None)).await?;
    service::resend_verification(&state, me.id).await?;
    Ok(StatusCode::ACCEPTED)
}

#[derive(Deserialize, ToSchema)]
pub struct LoginBody {
    pub email: String,
    pub password: String,
}

/// Log in; sets the session cookie. Wrong address and wrong password answer alike.
/// After a few failures from the address or for the account, a solved CAPTCHA
/// (`X-Captcha`) is needed too: the answer then is 422 on the `captcha` field. Never a
/// lock-out: the right password with a CAPTCHA always gets in.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginBody,
    responses((status = 200, body = Me), (status = 401, description = "invalid_credentials"), (status = 403, description = "account_suspended"), (status = 422, description = "captcha needed"), (status = 429)))]
pub async fn login(
    State(state): State<AppState>,
    ctx: Ctx,
    header: CaptchaHeader,
    ApiJson(b): ApiJson<LoginBody>,
) -> AppResult<Response> {
    let captcha = crate::shield::guard::login_needs_captcha(&state, &ctx, Some(&b.email)).await?;
    shield(&state, &ctx, "login", captcha, &header).await?;
    match service::login(&state, &b.email, &b.password).await {
        Ok(u) => start_session(&state, &ctx, &u, StatusCode::OK).await,
        Err(e) => {
            if matches!(e, AppError::Unauthenticated(_)) {
                crate::shield::guard::login_failed(&state, &ctx, &b.email).await?;
            }
            Err(e)
        }
    }
}

/// Log out this session.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", responses((status = 204)))]
pub async fn logout(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    if let Some(u) = &ctx.user {
        crate::accounts::sessions::delete_session(&state.db, &u.session_id).await?;
    }
    let mut res = StatusCode::NO_CONTENT.into_response();
    res.headers_mut().append(
        header::SET_COOKIE,
        ctx.cookie(SESSION_COOKIE, String::new(), 0),
    );
    Ok(res)
}

#[derive(Deserialize, ToSchema)]
pub struct ResetRequestBody {
    pub email: String,
}

/// Ask for a password reset link. Always 202, whether or not the address has an account.
#[utoipa::path(post, path = "/api/v1/auth/password-reset", tag = "auth", request_body = ResetRequestBody,
    responses((status = 202), (status = 422)))]
pub async fn password_reset(
    State(state): State<AppState>,
    ctx: Ctx,
    header: CaptchaHeader,
    ApiJson(b): ApiJson<ResetRequestBody>,
) -> AppResult<StatusCode> {
    shield(&state, &ctx, "password_reset", true, &header).await?;
    service::request_password_reset(&state, &b.email).await?;
    Ok(StatusCode::ACCEPTED)
}

#[derive(Deserialize, ToSchema)]
pub struct ResetConfirmBody {
    pub token: String,
    pub password: String,
}

/// Set a new password with the mailed token; every session of the account ends.
#[utoipa::path(post, path = "/api/v1/auth/password-reset/confirm", tag = "auth", request_body = ResetConfirmBody,
    responses((status = 204), (status = 400, description = "token_invalid"), (status = 410, description = "token_expired"), (status = 422)))]
pub async fn password_reset_confirm(
    State(state): State<AppState>,
    ApiJson(b): ApiJson<ResetConfirmBody>,
) -> AppResult<StatusCode> {
    service::reset_password(&state, &b.token, &b.password).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The logged-in account.
#[utoipa::path(get, path = "/api/v1/me", tag = "auth", responses((status = 200, body = Me), (status = 401)))]
pub async fn me(Auth(me): Auth) -> Json<Me> {
    Json(Me::from(&me))
}

#[derive(Deserialize, ToSchema)]
pub struct MePatch {
    pub display_name: Option<String>,
    pub language: Option<String>,
}

/// Change display name or language.
#[utoipa::path(patch, path = "/api/v1/me", tag = "auth", request_body = MePatch, responses((status = 200, body = Me), (status = 401), (status = 422)))]
pub async fn patch_me(
    State(state): State<AppState>,
    Auth(me): Auth,
    ApiJson(b): ApiJson<MePatch>,
) -> AppResult<Json<Me>> {
    let u = super::profile::update_profile(
        &state,
        me.id,
        b.display_name.as_deref(),
        b.language.as_deref(),
    )
    .await?;
    Ok(Json(Me::from(&u)))
}

#[derive(Deserialize, ToSchema)]
pub struct PasswordChangeBody {
    pub current_password: String,
    pub new_password: String,
}

/// Change the password (asks for the current one); other sessions are logged out.
#[utoipa::path(post, path = "/api/v1/me/password", tag = "auth", request_body = PasswordChangeBody,
    responses((status = 204), (status = 401, description = "not logged in, or session_ended after repeated wrong passwords"), (status = 422, description = "wrong current password or weak new one"), (status = 429)))]
pub async fn change_password(
    State(state): State<AppState>,
    Auth(me): Auth,
    ctx: Ctx,
    ApiJson(b): ApiJson<PasswordChangeBody>,
) -> AppResult<StatusCode> {
    service::change_password(
        &state,
        &me,
        ctx.ip.as_deref(),
        &b.current_password,
        &b.new_password,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct EmailChangeBody {
    pub current_password: String,
    pub new_email: String,
}

/// Start a change of address (asks for the password); the new address must confirm.
#[utoipa::path(post, path = "/api/v1/me/email", tag = "auth", request_body = EmailChangeBody,
    responses((status = 202), (status = 401, description = "not logged in, or session_ended after repeated wrong passwords"), (status = 409, description = "email_taken"), (status = 422), (status = 429)))]
pub async fn change_email(
    State(state): State<AppState>,
    Auth(me): Auth,
    ctx: Ctx,
    ApiJson(b): ApiJson<EmailChangeBody>,
) -> AppResult<StatusCode> {
    service::change_email(
        &state,
        &me,
        ctx.ip.as_deref(),
        &b.current_password,
        &b.new_email,
    )
    .await?;
    Ok(StatusCode::ACCEPTED)
}
