//! The reporting API: report an ad (with or without an account), follow a report, my
//! reports with my track record, the leaderboard, and my notifications.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::outcomes::ReportStatus;
use super::rewards::{self, Leader};
use super::service::{self, NewReport, Record};
use crate::platform::auth::Auth;
use crate::platform::error::{AppError, AppResult};
use crate::platform::json::ApiJson;
use crate::platform::state::AppState;
use crate::platform::web::Ctx;
use crate::shield::{Attempt, CaptchaHeader};

#[derive(Deserialize, ToSchema)]
pub struct ReportBody {
    /// `spam`, `fraud`, `offensive`, `wrong_category`, `prohibited`, `suspicious`, `other`.
    pub reason: String,
    /// Up to 1,000 characters.
    #[serde(default)]
    pub comment: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Reported {
    pub id: i64,
    pub status: String,
    /// Anonymous reports only: follow the report at `/reports/{id}?code=…` (shown once).
    pub tracking_code: Option<String>,
    /// When a moderator should have looked at it.
    pub review_by: i64,
    /// A second report for the same ad and reason updated the first.
    pub updated: bool,
}

/// Report an ad. Works without an account (then a solved CAPTCHA is needed in
/// `X-Captcha`, and the answer carries a tracking code).
#[utoipa::path(post, path = "/api/v1/ads/{id}/reports", tag = "reports", request_body = ReportBody,
    responses((status = 201, body = Reported), (status = 200, body = Reported, description = "the same report, updated"),
        (status = 403, description = "own_ad, address_blocked"), (status = 404), (status = 409, description = "already_decided"), (status = 422), (status = 429)))]
pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    header: CaptchaHeader,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<ReportBody>,
) -> AppResult<(StatusCode, Json<Reported>)> {
    let attempt = Attempt {
        action: "report",
        form: None,
        captcha_header: header.0.as_deref(),
        captcha: ctx.user.is_none(),
    };
    crate::shield::check(&state, &ctx, attempt).await?;
    let s = service::submit(
        &state,
        &ctx,
        NewReport {
            ad_id: id,
            reason: b.reason,
            comment: b.comment,
        },
    )
    .await?;
    let status = if s.updated {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((
        status,
        Json(Reported {
            id: s.report.id,
            status: s.report.status,
            tracking_code: s.tracking_code,
            review_by: s.review_by,
            updated: s.updated,
        }),
    ))
}

#[derive(Deserialize, IntoParams)]
pub struct CodeQuery {
    /// The code an anonymous report was given.
    pub tracking_code: Option<String>,
}

/// Where a report stands: its own reporter, or anyone with its tracking code.
#[utoipa::path(get, path = "/api/v1/reports/{id}", tag = "reports", params(CodeQuery),
    responses((status = 200, body = ReportStatus), (status = 404)))]
pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<CodeQuery>,
) -> AppResult<Json<ReportStatus>> {
    let r = super::outcomes::find_for(&state, &ctx, id, q.tracking_code.as_deref()).await?;
    Ok(Json(super::outcomes::status_of(&state, &r).await?))
}

#[derive(Serialize, ToSchema)]
pub struct MyReports {
    pub record: Record,
    pub reports: Vec<ReportStatus>,
}

/// My reports, my accuracy, points and badges.
#[utoipa::path(get, path = "/api/v1/me/reports", tag = "reports",
    responses((status = 200, body = MyReports), (status = 401)))]
pub async fn mine(State(state): State<AppState>, Auth(me): Auth) -> AppResult<Json<MyReports>> {
    let reports =
        super::outcomes::statuses(&state, &super::outcomes::mine(&state.db, me.id).await?).await?;
    Ok(Json(MyReports {
        record: service::record_of(&state.db, me.id).await?,
        reports,
    }))
}

#[derive(Deserialize, IntoParams)]
pub struct BoardQuery {
    /// `month` (default) or `all`.
    pub period: Option<String>,
}

/// The reporters with the most points (names only for those who opted in).
#[utoipa::path(get, path = "/api/v1/leaderboard", tag = "reports", params(BoardQuery),
    responses((status = 200, body = [Leader])))]
pub async fn leaderboard(
    State(state): State<AppState>,
    Query(q): Query<BoardQuery>,
) -> AppResult<Json<Vec<Leader>>> {
    let month = q.period.as_deref() != Some("all");
    Ok(Json(rewards::leaderboard(&state.db, month).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct OptIn {
    pub opt_in: bool,
}

/// Show (or stop showing) my display name on the leaderboard.
#[utoipa::path(put, path = "/api/v1/me/leaderboard", tag = "reports", request_body = OptIn,
    responses((status = 204), (status = 401)))]
pub async fn opt_in(
    State(state): State<AppState>,
    Auth(me): Auth,
    ApiJson(b): ApiJson<OptIn>,
) -> AppResult<StatusCode> {
    crate::accounts::people::set_leaderboard_opt_in(&state.db, me.id, b.opt_in).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// My notifications, newest first, with the unread count.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "reports",
    responses((status = 200, body = crate::platform::notify::Page), (status = 401)))]
pub async fn notifications(
    State(state): State<AppState>,
    Auth(me): Auth,
) -> AppResult<Json<crate::platform::notify::Page>> {
    Ok(Json(
        crate::platform::notify::recent(&state.db, me.id, 50).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct ReadBody {
    /// Everything up to this notification id is read.
    pub up_to: i64,
}

/// Mark notifications as read.
#[utoipa::path(post, path = "/api/v1/notifications/read", tag = "reports", request_body = ReadBody,
    responses((status = 204), (status = 401)))]
pub async fn mark_read(
    State(state): State<AppState>,
    Auth(me): Auth,
    ApiJson(b): ApiJson<ReadBody>,
) -> AppResult<StatusCode> {
    if b.up_to < 0 {
        return Err(AppError::field("up_to", "field-invalid"));
    }
    crate::platform::notify::mark_read(&state.db, me.id, b.up_to).await?;
    Ok(StatusCode::NO_CONTENT)
}
