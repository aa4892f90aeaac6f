//! The messaging API (DESIGN.md section 4): start a conversation, list mine, read and
//! write its messages, mark them read; staff list the inbox.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::config::{self, MessagingConfig};
use super::entity::{canned, conversation, team_member};
use super::inbox::{self, InboxFilter, Summary};
use super::service::{self, MessageOut};
use super::{office, routing};
use crate::platform::auth::{Admin, Auth, Moderator, Staff};
use crate::platform::error::{AppError, AppResult};
use crate::platform::json::ApiJson;
use crate::platform::state::AppState;
use crate::platform::web::Ctx;
use crate::shield::{Attempt, CaptchaHeader};

#[derive(Deserialize, ToSchema)]
pub struct StartBody {
    pub ad_id: Option<i64>,
    /// `ad_help`, `policy`, `fraud`, `renew_edit`, `account`, `other`.
    pub topic: String,
    pub body: String,
}

#[derive(Serialize, ToSchema)]
pub struct Started {
    pub conversation: conversation::Model,
    pub message: MessageOut,
}

/// Start a conversation with the office (logged-in users; the first message of a new
/// account needs a solved CAPTCHA in `X-Captcha`).
#[utoipa::path(post, path = "/api/v1/conversations", tag = "messaging", request_body = StartBody,
    responses((status = 201, body = Started), (status = 401), (status = 404), (status = 422), (status = 429)))]
pub async fn start(
    State(state): State<AppState>,
    ctx: Ctx,
    Auth(me): Auth,
    header: CaptchaHeader,
    ApiJson(b): ApiJson<StartBody>,
) -> AppResult<(StatusCode, Json<Started>)> {
    let first = inbox::is_first(&state.db, me.id).await?;
    let new =
        crate::shield::guard::standing(&state, &ctx).await? <= crate::shield::guard::Standing::New;
    let attempt = Attempt {
        action: "message",
        form: None,
        captcha_header: header.0.as_deref(),
        captcha: first && new,
    };
    crate::shield::check(&state, &ctx, attempt).await?;
    let (c, m) = service::start(
        &state,
        &me,
        b.ad_id,
        b.topic.trim(),
        &b.body,
        ctx.ip.as_deref(),
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(Started {
            message: service::out(&m, c.user_id),
            conversation: c,
        }),
    ))
}

/// My conversations, newest first, with unread counts; `status` and `q` (words in the
/// messages) narrow them.
#[utoipa::path(get, path = "/api/v1/conversations", tag = "messaging", params(InboxFilter),
    responses((status = 200, body = [Summary]), (status = 401)))]
pub async fn mine(
    State(state): State<AppState>,
    Auth(me): Auth,
    Query(q): Query<InboxFilter>,
) -> AppResult<Json<Vec<Summary>>> {
    Ok(Json(inbox::mine(&state.db, &me, &q).await?))
}

/// A conversation's messages (internal notes only for staff).
#[utoipa::path(get, path = "/api/v1/conversations/{id}/messages", tag = "messaging",
    responses((status = 200, body = [MessageOut]), (status = 401), (status = 404)))]
pub async fn messages(
    State(state): State<AppState>,
    Auth(me): Auth,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<MessageOut>>> {
    Ok(Json(service::messages(&state.db, &me, id).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct PostBody {
    pub body: String,
    /// Staff only: a note the user never sees.
    #[serde(default)]
    pub internal: bool,
}

/// Write in a conversation.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/messages", tag = "messaging", request_body = PostBody,
    responses((status = 201, body = MessageOut), (status = 401), (status = 403), (status = 404), (status = 422), (status = 429)))]
pub async fn post(
    State(state): State<AppState>,
    ctx: Ctx,
    Auth(me): Auth,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<PostBody>,
) -> AppResult<(StatusCode, Json<MessageOut>)> {
    let m = service::reply(&state, &ctx, &me, id, &b.body, b.internal).await?;
    Ok((StatusCode::CREATED, Json(m)))
}

#[derive(Deserialize, ToSchema)]
pub struct ReadBody {
    pub up_to: i64,
}

/// Mark my side of a conversation read up to a message (the other side is told).
#[utoipa::path(post, path = "/api/v1/conversations/{id}/read", tag = "messaging", request_body = ReadBody,
    responses((status = 204), (status = 401), (status = 404)))]
pub async fn read(
    State(state): State<AppState>,
    Auth(me): Auth,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<ReadBody>,
) -> AppResult<StatusCode> {
    service::mark_read(&state, &me, id, b.up_to).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The office inbox within my scope (agents: my teams'), urgent first, then by last
/// activity; filters for status, assignment, urgency, team, SLA and words.
#[utoipa::path(get, path = "/api/v1/office/conversations", tag = "messaging", params(InboxFilter),
    responses((status = 200, body = [Summary]), (status = 401), (status = 403)))]
pub async fn office_inbox(
    State(state): State<AppState>,
    Staff(me): Staff,
    Query(q): Query<InboxFilter>,
) -> AppResult<Json<Vec<Summary>>> {
    Ok(Json(inbox::office(&state, &me, &q).await?))
}

/// Resolve a conversation (either side); the user may rate it afterwards.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/resolve", tag = "messaging",
    responses((status = 200, body = conversation::Model), (status = 401), (status = 404)))]
pub async fn resolve(
    State(state): State<AppState>,
    Auth(me): Auth,
    Path(id): Path<i64>,
) -> AppResult<Json<conversation::Model>> {
    Ok(Json(service::resolve(&state, &me, id).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct RateBody {
    /// 1 to 5.
    pub rating: i32,
    pub comment: Option<String>,
}

/// Rate a resolved conversation (its user).
#[utoipa::path(post, path = "/api/v1/conversations/{id}/rating", tag = "messaging", request_body = RateBody,
    responses((status = 204), (status = 401), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn rate(
    State(state): State<AppState>,
    Auth(me): Auth,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<RateBody>,
) -> AppResult<StatusCode> {
    service::rate(&state, &me, id, b.rating, b.comment.as_deref()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
pub struct AssignBody {
    /// A staff member's id; none to put it back in the team's queue.
    pub to: Option<i64>,
}

/// Assign a conversation: to myself, or (moderators, admins, the team's seniors) to a
/// colleague or nobody.
#[utoipa::path(post, path = "/api/v1/office/conversations/{id}/assign", tag = "messaging", request_body = AssignBody,
    responses((status = 200, body = conversation::Model), (status = 401), (status = 403), (status = 404), (status = 422)))]
pub async fn assign(
    State(state): State<AppState>,
    Staff(me): Staff,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<AssignBody>,
) -> AppResult<Json<conversation::Model>> {
    Ok(Json(office::assign(&state, &me, id, b.to).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct TransferBody {
    pub team: String,
}

/// Move a conversation to another team.
#[utoipa::path(post, path = "/api/v1/office/conversations/{id}/transfer", tag = "messaging", request_body = TransferBody,
    responses((status = 200, body = conversation::Model), (status = 401), (status = 403), (status = 404), (status = 422)))]
pub async fn transfer(
    State(state): State<AppState>,
    Staff(me): Staff,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<TransferBody>,
) -> AppResult<Json<conversation::Model>> {
    Ok(Json(
        office::transfer(&state, &me, id, b.team.trim()).await?,
    ))
}

/// A conversation's context: the ad (status, reports, gate signals) and the user's history.
#[utoipa::path(get, path = "/api/v1/office/conversations/{id}/context", tag = "messaging",
    responses((status = 200, body = office::Context), (status = 401), (status = 403), (status = 404)))]
pub async fn context(
    State(state): State<AppState>,
    Staff(me): Staff,
    Path(id): Path<i64>,
) -> AppResult<Json<office::Context>> {
    let c = service::visible(&state.db, &me, id).await?;
    Ok(Json(office::context(&state, &c).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct PresenceBody {
    pub available: bool,
}

/// Take conversations now (and get the team queue's waiting ones), or stop taking them.
#[utoipa::path(put, path = "/api/v1/office/presence", tag = "messaging", request_body = PresenceBody,
    responses((status = 204), (status = 401), (status = 403)))]
pub async fn presence(
    State(state): State<AppState>,
    Staff(me): Staff,
    ApiJson(b): ApiJson<PresenceBody>,
) -> AppResult<StatusCode> {
    routing::set_available(&state, &me, b.available).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The teams' members.
#[utoipa::path(get, path = "/api/v1/office/team-members", tag = "messaging",
    responses((status = 200, body = [team_member::Model]), (status = 401), (status = 403)))]
pub async fn members(
    State(state): State<AppState>,
    Staff(_staff): Staff,
) -> AppResult<Json<Vec<team_member::Model>>> {
    Ok(Json(routing::members(&state.db).await?))
}

/// Put a staff member in a team, or change their limit or seniority there (admins).
#[utoipa::path(post, path = "/api/v1/office/team-members", tag = "messaging", request_body = routing::Membership,
    responses((status = 200, body = team_member::Model), (status = 401), (status = 403), (status = 422)))]
pub async fn set_member(
    State(state): State<AppState>,
    Admin(me): Admin,
    ApiJson(b): ApiJson<routing::Membership>,
) -> AppResult<Json<team_member::Model>> {
    Ok(Json(routing::set_member(&state, &me, &b).await?))
}

/// Take a staff member out of a team (admins).
#[utoipa::path(delete, path = "/api/v1/office/team-members/{team}/{user_id}", tag = "messaging",
    responses((status = 204), (status = 401), (status = 403), (status = 404)))]
pub async fn remove_member(
    State(state): State<AppState>,
    Admin(me): Admin,
    Path((team, user_id)): Path<(String, i64)>,
) -> AppResult<StatusCode> {
    if routing::remove_member(&state, &me, &team, user_id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::NotFound)
    }
}

/// The messaging settings: teams, routing, urgent words, SLA targets, business hours.
#[utoipa::path(get, path = "/api/v1/office/messaging/config", tag = "messaging",
    responses((status = 200, body = MessagingConfig), (status = 401), (status = 403)))]
pub async fn get_config(
    State(state): State<AppState>,
    Staff(_staff): Staff,
) -> AppResult<Json<MessagingConfig>> {
    Ok(Json((*config::current(&state).await?).clone()))
}

/// Change the messaging settings (admins; validated and audited).
#[utoipa::path(put, path = "/api/v1/office/messaging/config", tag = "messaging", request_body = MessagingConfig,
    responses((status = 200, body = MessagingConfig), (status = 401), (status = 403), (status = 422)))]
pub async fn put_config(
    State(state): State<AppState>,
    Admin(me): Admin,
    ApiJson(b): ApiJson<MessagingConfig>,
) -> AppResult<Json<MessagingConfig>> {
    config::update(&state, me.id, b).await?;
    Ok(Json((*config::current(&state).await?).clone()))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct CannedQuery {
    pub team: Option<String>,
    #[serde(default)]
    pub language: String,
}

/// Canned replies (a team's and everyone's; the language asked for first).
#[utoipa::path(get, path = "/api/v1/office/canned", tag = "messaging", params(CannedQuery),
    responses((status = 200, body = [canned::Model]), (status = 401), (status = 403)))]
pub async fn canned_list(
    State(state): State<AppState>,
    Staff(_staff): Staff,
    Query(q): Query<CannedQuery>,
) -> AppResult<Json<Vec<canned::Model>>> {
    Ok(Json(
        office::canned_for(&state.db, q.team.as_deref(), &q.language).await?,
    ))
}

/// Add a canned reply (moderators and admins).
#[utoipa::path(post, path = "/api/v1/office/canned", tag = "messaging", request_body = office::NewCanned,
    responses((status = 201, body = canned::Model), (status = 401), (status = 403), (status = 422)))]
pub async fn canned_add(
    State(state): State<AppState>,
    Moderator(me): Moderator,
    ApiJson(b): ApiJson<office::NewCanned>,
) -> AppResult<(StatusCode, Json<canned::Model>)> {
    Ok((
        StatusCode::CREATED,
        Json(office::add_canned(&state, &me, b).await?),
    ))
}

/// Remove a canned reply (moderators and admins).
#[utoipa::path(delete, path = "/api/v1/office/canned/{id}", tag = "messaging",
    responses((status = 204), (status = 401), (status = 403), (status = 404)))]
pub async fn canned_delete(
    State(state): State<AppState>,
    Moderator(me): Moderator,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    office::delete_canned(&state, &me, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct MailPrefs {
    /// Minutes an answer may stay unread before it is mailed (0 to 1440; default 5).
    pub delay_minutes: i32,
    /// No mails for unread messages at all.
    pub off: bool,
}

/// How I hear about unread messages by mail.
#[utoipa::path(get, path = "/api/v1/me/message-mail", tag = "messaging",
    responses((status = 200, body = MailPrefs), (status = 401)))]
pub async fn get_mail_prefs(
    State(state): State<AppState>,
    Auth(me): Auth,
) -> AppResult<Json<MailPrefs>> {
    let p = super::mailer::prefs_of(&state.db, me.id).await?;
    Ok(Json(MailPrefs {
        delay_minutes: p.unread_delay_minutes,
        off: p.unread_off,
    }))
}

/// Change how I hear about unread messages by mail.
#[utoipa::path(put, path = "/api/v1/me/message-mail", tag = "messaging", request_body = MailPrefs,
    responses((status = 200, body = MailPrefs), (status = 401), (status = 422)))]
pub async fn put_mail_prefs(
    State(state): State<AppState>,
    Auth(me): Auth,
    ApiJson(b): ApiJson<MailPrefs>,
) -> AppResult<Json<MailPrefs>> {
    super::mailer::set_prefs(&state.db, me.id, b.delay_minutes, b.off).await?;
    Ok(Json(b))
}
