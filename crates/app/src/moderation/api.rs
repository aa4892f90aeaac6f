//! The office's JSON API: the queue, items with their whole context, decisions, claims,
//! notes, bulk actions, actions on accounts, settings; and appeals for everyone.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::decide::{self, Decision};
use super::enforcement::{self, ActionRequest};
use super::out::{ActionOut, AppealOut, ItemState, NoteOut};
use super::view::{self, ItemDetail, ItemOut};
use crate::platform::auth::{Admin, Auth, Moderator};
use crate::platform::error::{AppError, AppResult};
use crate::platform::json::ApiJson;
use crate::platform::state::AppState;
use crate::review::queue::{self, Counts, QueueQuery};
use crate::review::settings::{self, ModerationConfig};

#[derive(Serialize, ToSchema)]
pub struct QueueOut {
    pub counts: Counts,
    pub items: Vec<ItemOut>,
}

/// Everything that needs a human, most urgent first, with counts on top.
#[utoipa::path(get, path = "/api/v1/office/queue", tag = "moderation", params(QueueQuery),
    responses((status = 200, body = QueueOut), (status = 401), (status = 403)))]
pub async fn list(
    State(state): State<AppState>,
    Moderator(me): Moderator,
    Query(q): Query<QueueQuery>,
) -> AppResult<Json<QueueOut>> {
    let (counts, items) = view::queue_page(&state, &q, me.id).await?;
    Ok(Json(QueueOut { counts, items }))
}

/// One item with the ad as reported and as it is now, every report, the gate's
/// signals, the poster's history and the private notes.
#[utoipa::path(get, path = "/api/v1/office/queue/{id}", tag = "moderation",
    responses((status = 200, body = ItemDetail), (status = 401), (status = 403), (status = 404)))]
pub async fn show(
    State(state): State<AppState>,
    _m: Moderator,
    Path(id): Path<i64>,
) -> AppResult<Json<ItemDetail>> {
    Ok(Json(view::detail(&state, id).await?))
}

/// Decide: `{action: approve|reject|hide|escalate|move, reason, feedback?, category?, version?}`.
#[utoipa::path(post, path = "/api/v1/office/queue/{id}/decision", tag = "moderation", request_body = Decision,
    responses((status = 200, body = ItemState), (status = 401), (status = 403, description = "same_moderator (appeals)"), (status = 404), (status = 409, description = "already_decided"), (status = 422)))]
pub async fn decision(
    State(state): State<AppState>,
    Moderator(me): Moderator,
    Path(id): Path<i64>,
    ApiJson(d): ApiJson<Decision>,
) -> AppResult<Json<ItemState>> {
    Ok(Json(decide::decide(&state, &me, id, &d).await?.into()))
}

/// Claim an item (409 `claimed` if someone else is on it; a claim lapses after 30 minutes).
#[utoipa::path(post, path = "/api/v1/office/queue/{id}/claim", tag = "moderation",
    responses((status = 200, body = ItemState), (status = 401), (status = 403), (status = 404), (status = 409)))]
pub async fn claim(
    State(state): State<AppState>,
    Moderator(me): Moderator,
    Path(id): Path<i64>,
) -> AppResult<Json<ItemState>> {
    Ok(Json(queue::claim(&state.db, id, me.id).await?.into()))
}

#[derive(Deserialize, ToSchema)]
pub struct NoteBody {
    pub body: String,
}

/// Leave a private note on an item (staff only ever see these).
#[utoipa::path(post, path = "/api/v1/office/queue/{id}/notes", tag = "moderation", request_body = NoteBody,
    responses((status = 201, body = NoteOut), (status = 401), (status = 403), (status = 404), (status = 422)))]
pub async fn add_note(
    State(state): State<AppState>,
    Moderator(me): Moderator,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<NoteBody>,
) -> AppResult<(StatusCode, Json<NoteOut>)> {
    Ok((
        StatusCode::CREATED,
        Json(queue::add_note(&state.db, id, me.id, &b.body).await?.into()),
    ))
}

#[derive(Deserialize, ToSchema)]
pub struct BulkBody {
    pub ids: Vec<i64>,
    #[serde(flatten)]
    pub decision: Decision,
}

#[derive(Serialize, ToSchema)]
pub struct BulkOut {
    pub decided: Vec<i64>,
    /// Items someone else decided first (or that are gone).
    pub conflicts: Vec<i64>,
}

/// One decision for many items (a wave of the same spam).
#[utoipa::path(post, path = "/api/v1/office/queue/bulk", tag = "moderation", request_body = BulkBody,
    responses((status = 200, body = BulkOut), (status = 401), (status = 403), (status = 422)))]
pub async fn bulk(
    State(state): State<AppState>,
    Moderator(me): Moderator,
    ApiJson(b): ApiJson<BulkBody>,
) -> AppResult<Json<BulkOut>> {
    let (decided, conflicts) = decide::bulk(&state, &me, &b.ids, &b.decision).await?;
    Ok(Json(BulkOut { decided, conflicts }))
}

/// Act on an account: `{action: warn|strike|suspend|ban|remove_spammer, reason, until?|days?}`.
#[utoipa::path(post, path = "/api/v1/office/users/{id}/actions", tag = "moderation", request_body = ActionRequest,
    responses((status = 201, body = [ActionOut]), (status = 401), (status = 403), (status = 404), (status = 422)))]
pub async fn act(
    State(state): State<AppState>,
    Moderator(me): Moderator,
    Path(id): Path<i64>,
    ApiJson(r): ApiJson<ActionRequest>,
) -> AppResult<(StatusCode, Json<Vec<ActionOut>>)> {
    let until = r.until.or_else(|| {
        r.days
            .map(|d| crate::platform::util::now() + d.clamp(1, 3650) * 86_400)
    });
    let txn = crate::platform::db::write_txn(&state.db).await?;
    let done = if r.action == "remove_spammer" {
        if r.reason.trim().is_empty() {
            return Err(AppError::field("reason", "field-required"));
        }
        let removed = enforcement::remove_spammer(&txn, &state, id, r.reason.trim(), me.id).await?;
        let out = super::entity::action::Entity::find_latest(&txn, id)
            .await?
            .into_iter()
            .map(ActionOut::from)
            .collect();
        txn.commit().await?;
        state.mail_wake.notify_one();
        for a in &removed {
            crate::ads::service::after_moderation(&state, a, crate::ads::lifecycle::Event::Reject)
                .await?;
        }
        return Ok((StatusCode::CREATED, Json(out)));
    } else {
        enforcement::act(
            &txn,
            &state,
            id,
            &r.action,
            r.reason.trim(),
            until,
            Some(me.id),
        )
        .await?
    };
    txn.commit().await?;
    state.mail_wake.notify_one();
    Ok((
        StatusCode::CREATED,
        Json(done.into_iter().map(ActionOut::from).collect()),
    ))
}

/// An account's record as the office sees it.
#[utoipa::path(get, path = "/api/v1/office/users/{id}", tag = "moderation",
    responses((status = 200, body = view::PosterHistory), (status = 401), (status = 403), (status = 404)))]
pub async fn user(
    State(state): State<AppState>,
    _m: Moderator,
    Path(id): Path<i64>,
) -> AppResult<Json<view::PosterHistory>> {
    Ok(Json(view::history(&state, id).await?))
}

/// The moderation settings: report weights, hide threshold, review targets, ladder, appeal window.
#[utoipa::path(get, path = "/api/v1/office/moderation/config", tag = "moderation",
    responses((status = 200, body = ModerationConfig), (status = 401), (status = 403)))]
pub async fn get_config(
    State(state): State<AppState>,
    _a: Admin,
) -> AppResult<Json<ModerationConfig>> {
    Ok(Json((*settings::current(&state).await?).clone()))
}

/// Replace the moderation settings.
#[utoipa::path(put, path = "/api/v1/office/moderation/config", tag = "moderation", request_body = ModerationConfig,
    responses((status = 200, body = ModerationConfig), (status = 401), (status = 403), (status = 422)))]
pub async fn put_config(
    State(state): State<AppState>,
    Admin(me): Admin,
    ApiJson(c): ApiJson<ModerationConfig>,
) -> AppResult<Json<ModerationConfig>> {
    settings::update(&state, me.id, c.clone()).await?;
    Ok(Json(c))
}

#[derive(Deserialize, ToSchema)]
pub struct AppealBody {
    /// `report:{id}`, `ad:{id}` or `action:{id}`.
    pub subject: String,
    pub text: String,
    /// For a suspended or banned account, which cannot log in: the token from the
    /// mail that told them.
    #[serde(default)]
    pub token: Option<String>,
}

/// Appeal a decision, once, within the window (20 days by default).
#[utoipa::path(post, path = "/api/v1/appeals", tag = "moderation", request_body = AppealBody,
    responses((status = 201, body = AppealOut), (status = 401), (status = 404), (status = 409, description = "already_appealed, appeal_too_late, not_appealable"), (status = 422)))]
pub async fn create_appeal(
    State(state): State<AppState>,
    ctx: crate::platform::web::Ctx,
    ApiJson(b): ApiJson<AppealBody>,
) -> AppResult<(StatusCode, Json<AppealOut>)> {
    let me = match (ctx.user, b.token.as_deref()) {
        (Some(u), _) => u,
        (None, Some(t)) => super::appeals::user_from_token(&state, b.subject.trim(), t)
            .await?
            .ok_or(AppError::Unauthorized)?,
        (None, None) => return Err(AppError::Unauthorized),
    };
    let cfg = settings::current(&state).await?;
    let a = super::appeals::create(&state, &cfg, &me, b.subject.trim(), &b.text).await?;
    Ok((StatusCode::CREATED, Json(a.into())))
}

/// My appeals and where they stand.
#[utoipa::path(get, path = "/api/v1/appeals", tag = "moderation",
    responses((status = 200, body = [AppealOut]), (status = 401)))]
pub async fn my_appeals(
    State(state): State<AppState>,
    Auth(me): Auth,
) -> AppResult<Json<Vec<AppealOut>>> {
    Ok(Json(
        crate::review::appeals::by_user(&state.db, me.id)
            .await?
            .into_iter()
            .map(AppealOut::from)
            .collect(),
    ))
}
