//! The messaging API (DESIGN.md section 4): start a conversation, list mine, read and
//! write its messages, mark them read; staff list the inbox.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::entity::conversation;
use super::service::{self, MessageOut, Summary};
use crate::platform::auth::{Auth, Staff};
use crate::platform::error::AppResult;
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
    let first = service::list(&state.db, &me, false, None).await?.is_empty();
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
            message: MessageOut {
                id: m.id,
                conversation_id: c.id,
                author_id: m.author_id,
                from: "user".into(),
                body: m.body,
                internal: false,
                created_at: m.created_at,
            },
            conversation: c,
        }),
    ))
}

/// My conversations, newest first, with unread counts.
#[utoipa::path(get, path = "/api/v1/conversations", tag = "messaging",
    responses((status = 200, body = [Summary]), (status = 401)))]
pub async fn mine(State(state): State<AppState>, Auth(me): Auth) -> AppResult<Json<Vec<Summary>>> {
    Ok(Json(service::list(&state.db, &me, false, None).await?))
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
    let c = service::visible(&state.db, &me, id).await?;
    Ok((
        StatusCode::CREATED,
        Json(MessageOut {
            id: m.id,
            conversation_id: id,
            author_id: m.author_id,
            from: if m.author_id == c.user_id {
                "user"
            } else {
                "staff"
            }
            .into(),
            body: m.body,
            internal: m.internal,
            created_at: m.created_at,
        }),
    ))
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

/// The office inbox: every conversation, urgent first, then by last activity; filters for
/// status, mine or unassigned, urgent, and team.
#[utoipa::path(get, path = "/api/v1/office/conversations", tag = "messaging", params(service::InboxFilter),
    responses((status = 200, body = [Summary]), (status = 401), (status = 403)))]
pub async fn inbox(
    State(state): State<AppState>,
    Staff(me): Staff,
    Query(q): Query<service::InboxFilter>,
) -> AppResult<Json<Vec<Summary>>> {
    Ok(Json(
        service::list_filtered(&state.db, &me, true, &q).await?,
    ))
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
