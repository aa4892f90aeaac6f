//! Sign-ups that wait for a moderator (`pending_approval`): held by an `approval` block
//! on the address, by mail screening or by the gate. A moderator approves or rejects each;
//! the person is told by mail either way, and the decision is on the audit log. Two
//! moderators deciding at once cannot both win: the second gets 409.

use askama::Template;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::entity::user;
use super::service::{PENDING_APPROVAL, user_i18n};
use crate::platform::auth::Moderator;
use crate::platform::csrf::{CsrfForm, EmptyForm};
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::forms::NoticeQuery;
use crate::platform::i18n::Arg;
use crate::platform::json::ApiJson;
use crate::platform::mail::{Mail, enqueue};
use crate::platform::render::page;
use crate::platform::state::AppState;
use crate::platform::util::{format_time, now};
use crate::platform::web::Ctx;

/// A sign-up waiting for a decision.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct PendingSignup {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub created_at: i64,
    pub signup_ip: Option<String>,
    /// Why it waits (an address block, the mail address, the gate's score).
    pub reason: Option<String>,
}

/// The oldest waiting sign-ups first.
pub async fn pending(state: &AppState) -> AppResult<Vec<PendingSignup>> {
    Ok(user::Entity::find()
        .filter(user::Column::Status.eq(PENDING_APPROVAL))
        .order_by_asc(user::Column::Id)
        .limit(500)
        .all(&state.db)
        .await?
        .into_iter()
        .map(|u| PendingSignup {
            id: u.id,
            email: u.email,
            display_name: u.display_name,
            created_at: u.created_at,
            signup_ip: u.signup_ip,
            reason: u.held_reason,
        })
        .collect())
}

/// Approves or rejects a waiting sign-up, mails the person, audits the decision.
pub async fn decide(
    state: &AppState,
    actor: i64,
    id: i64,
    approve: bool,
    reason: &str,
) -> AppResult<()> {
    let txn = crate::platform::db::write_txn(&state.db).await?;
    decide_in(&txn, state, actor, id, approve, reason).await?;
    crate::review::queue::close_for(
        &txn,
        "signup",
        id,
        if approve { "approve" } else { "reject" },
        Some(actor),
    )
    .await?;
    txn.commit().await?;
    state.mail_wake.notify_one();
    Ok(())
}

/// [`decide`] inside the caller's transaction (the moderation queue's decisions).
pub async fn decide_in(
    txn: &sea_orm::DatabaseTransaction,
    state: &AppState,
    actor: i64,
    id: i64,
    approve: bool,
    reason: &str,
) -> AppResult<()> {
    let Some(before) = user::Entity::find_by_id(id).one(txn).await? else {
        return Err(AppError::NotFound);
    };
    let status = if approve { "active" } else { "rejected" };
    let claimed = user::Entity::update_many()
        .col_expr(user::Column::Status, Expr::value(status))
        .filter(user::Column::Id.eq(id))
        .filter(user::Column::Status.eq(PENDING_APPROVAL))
        .exec(txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(AppError::Conflict("not_pending", FieldErrors::new()));
    }
    if approve {
        crate::gate::stats::overruled(txn, "signup", id).await?;
    }
    let i = user_i18n(&before);
    let key = if approve {
        "mail-signup-approved"
    } else {
        "mail-signup-rejected"
    };
    enqueue(
        txn,
        Mail {
            to: before.email.clone(),
            subject: i.t(&format!("{key}-subject")),
            body: i.t_with(
                &format!("{key}-body"),
                &[
                    ("name", Arg::from(before.display_name.as_str())),
                    ("reason", Arg::from(reason)),
                    (
                        "link",
                        Arg::from(format!("{}/login", state.config.base_url).as_str()),
                    ),
                ],
            ),
        },
    )
    .await?;
    crate::platform::audit::record(
        txn,
        Some(actor),
        if approve {
            "accounts.signup.approve"
        } else {
            "accounts.signup.reject"
        },
        &format!("user:{id}"),
        Some(&serde_json::json!({"status": before.status, "held_reason": before.held_reason})),
        Some(&serde_json::json!({"status": status, "reason": reason, "at": now()})),
    )
    .await?;
    Ok(())
}

/// Sign-ups waiting for a moderator.
#[utoipa::path(get, path = "/api/v1/office/signups", tag = "auth",
    responses((status = 200, body = [PendingSignup]), (status = 401), (status = 403)))]
pub async fn list(
    State(state): State<AppState>,
    _m: Moderator,
) -> AppResult<Json<Vec<PendingSignup>>> {
    Ok(Json(pending(&state).await?))
}

/// A decision on a waiting sign-up.
#[derive(Deserialize, ToSchema)]
pub struct Decision {
    /// `approve` or `reject`.
    pub action: String,
    #[serde(default)]
    pub reason: String,
}

/// Approve or reject a waiting sign-up (409 if someone decided first).
#[utoipa::path(post, path = "/api/v1/office/signups/{id}/decision", tag = "auth", request_body = Decision,
    responses((status = 204), (status = 401), (status = 403), (status = 404), (status = 409, description = "not_pending"), (status = 422)))]
pub async fn decision(
    State(state): State<AppState>,
    Moderator(me): Moderator,
    Path(id): Path<i64>,
    ApiJson(d): ApiJson<Decision>,
) -> AppResult<axum::http::StatusCode> {
    let approve = match d.action.as_str() {
        "approve" => true,
        "reject" => false,
        _ => return Err(AppError::field("action", "field-invalid")),
    };
    decide(&state, me.id, id, approve, d.reason.trim()).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

struct Row {
    item: PendingSignup,
    when: String,
}

#[derive(Template)]
#[template(path = "accounts/signups.html")]
struct SignupsPage {
    ctx: Ctx,
    rows: Vec<Row>,
    notice: Option<String>,
}

/// `/office/signups`.
pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    _m: Moderator,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    let rows = pending(&state)
        .await?
        .into_iter()
        .map(|item| Row {
            when: format_time(item.created_at),
            item,
        })
        .collect();
    page(&SignupsPage {
        ctx,
        rows,
        notice: q.notice(),
    })
}

/// `/office/signups/{id}/approve` and `/reject`.
pub async fn decide_page(
    State(state): State<AppState>,
    Moderator(me): Moderator,
    Path((id, what)): Path<(i64, String)>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> AppResult<Response> {
    let approve = match what.as_str() {
        "approve" => true,
        "reject" => false,
        _ => return Err(AppError::NotFound),
    };
    match decide(&state, me.id, id, approve, "").await {
        Ok(()) => Ok(Redirect::to("/office/signups?notice=notice-decision-saved").into_response()),
        Err(AppError::Conflict(..)) => {
            Ok(Redirect::to("/office/signups?notice=notice-already-decided").into_response())
        }
        Err(e) => Err(e),
    }
}
