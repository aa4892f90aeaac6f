//! The office pages: the queue with counts and filters (`/office/queue`), one item with
//! its whole context and the decision forms (`/office/queue/{id}`), and the appeal form
//! everyone uses (`/appeals/new`). Decisions go through the same functions as the API.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::decide::{self, Decision};
use super::view::{self, ItemDetail, ItemOut};
use crate::gate::explain::explain_for_staff;
use crate::platform::auth::Moderator;
use crate::platform::csrf::CsrfForm;
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::forms::form_errors;
use crate::platform::render::{page, page_with_status};
use crate::platform::state::AppState;
use crate::platform::util::format_time;
use crate::platform::web::Ctx;
use crate::review::queue::{Counts, QueueQuery};
use crate::review::settings::REASONS;

/// The office pages of moderation.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/office/queue", get(queue))
        .route("/office/queue/bulk", post(bulk))
        .route("/office/queue/{id}", get(item))
        .route("/office/queue/{id}/decision", post(decision))
        .route("/office/queue/{id}/claim", post(claim))
        .route("/office/queue/{id}/notes", post(note))
        .route("/office/users/{id}/actions", post(user_action))
        .route("/appeals/new", get(appeal_form).post(appeal_submit))
}

#[derive(Template)]
#[template(path = "moderation/queue.html")]
struct QueuePage {
    ctx: Ctx,
    counts: Counts,
    items: Vec<(ItemOut, String)>,
    q: QueueQuery,
    categories: Vec<String>,
    reasons: &'static [&'static str],
    notice: Option<String>,
}

impl QueuePage {
    fn selected(&self, which: &str, value: &str) -> bool {
        let v = match which {
            "kind" => self.q.kind.as_deref(),
            "reason" => self.q.reason.as_deref(),
            "category" => self.q.category.as_deref(),
            _ => self.q.status.as_deref(),
        };
        v == Some(value)
    }
}

async fn queue(
    State(state): State<AppState>,
    ctx: Ctx,
    Moderator(me): Moderator,
    Query(q): Query<QueueQuery>,
) -> AppResult<Response> {
    let notice = q.notice.clone();
    let (counts, items) = view::queue_page(&state, &q, me.id).await?;
    let categories = crate::ads::service::category_slugs(&state.db).await?;
    page(&QueuePage {
        items: items
            .into_iter()
            .map(|i| {
                let due = format_time(i.due_at);
                (i, due)
            })
            .collect(),
        counts,
        q,
        categories,
        reasons: REASONS,
        notice: crate::platform::forms::notice(notice.as_deref()),
        ctx,
    })
}

#[derive(Template)]
#[template(path = "moderation/item.html")]
struct ItemPage {
    ctx: Ctx,
    d: ItemDetail,
    reasons_explained: Vec<String>,
    reasons: &'static [&'static str],
    categories: Vec<String>,
    errors: FieldErrors,
    form_error: Option<String>,
    notice: Option<String>,
}

async fn render_item(
    state: &AppState,
    ctx: Ctx,
    id: i64,
    e: Option<AppError>,
    notice: Option<String>,
) -> AppResult<Response> {
    let (status, errors, form_error) = crate::platform::forms::page_errors(&ctx, e)?;
    let d = view::detail(state, id).await?;
    let reasons_explained = d
        .verdict
        .as_ref()
        .map(|v| explain_for_staff(&ctx, v))
        .unwrap_or_default();
    let categories = crate::ads::service::category_slugs(&state.db).await?;
    page_with_status(
        &ItemPage {
            d,
            reasons_explained,
            reasons: REASONS,
            categories,
            errors,
            form_error,
            notice,
            ctx,
        },
        status,
    )
}

#[derive(Deserialize)]
pub struct NoticeOnly {
    #[serde(default)]
    notice: Option<String>,
}

async fn item(
    State(state): State<AppState>,
    ctx: Ctx,
    _m: Moderator,
    Path(id): Path<i64>,
    Query(n): Query<NoticeOnly>,
) -> AppResult<Response> {
    render_item(
        &state,
        ctx,
        id,
        None,
        crate::platform::forms::notice(n.notice.as_deref()),
    )
    .await
}

#[derive(Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    feedback: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    version: Option<i32>,
}

async fn decision(
    State(state): State<AppState>,
    ctx: Ctx,
    Moderator(me): Moderator,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<DecisionForm>,
) -> AppResult<Response> {
    // The feedback defaults to the reason's template in the moderator's language.
    let feedback = if f.feedback.trim().is_empty() && !f.reason.is_empty() {
        let key = format!("feedback-template-{}", f.reason.replace('_', "-"));
        let t = ctx.t(&key);
        (t != key).then_some(t)
    } else {
        Some(f.feedback.clone())
    };
    let d = Decision {
        action: f.action,
        reason: f.reason,
        feedback,
        category: Some(f.category).filter(|c| !c.is_empty()),
        version: f.version,
    };
    match decide::decide(&state, &me, id, &d).await {
        Ok(_) => Ok(Redirect::to("/office/queue?notice=notice-decision-saved").into_response()),
        Err(e) => render_item(&state, ctx, id, Some(e), None).await,
    }
}

async fn claim(
    State(state): State<AppState>,
    ctx: Ctx,
    Moderator(me): Moderator,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<crate::platform::csrf::EmptyForm>,
) -> AppResult<Response> {
    match crate::review::queue::claim(&state.db, id, me.id).await {
        Ok(_) => {
            Ok(Redirect::to(&format!("/office/queue/{id}?notice=notice-claimed")).into_response())
        }
        Err(e) => render_item(&state, ctx, id, Some(e), None).await,
    }
}

#[derive(Deserialize)]
pub struct NoteForm {
    #[serde(default)]
    body: String,
}

async fn note(
    State(state): State<AppState>,
    ctx: Ctx,
    Moderator(me): Moderator,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<NoteForm>,
) -> AppResult<Response> {
    match crate::review::queue::add_note(&state.db, id, me.id, &f.body).await {
        Ok(_) => Ok(Redirect::to(&format!("/office/queue/{id}")).into_response()),
        Err(e) => render_item(&state, ctx, id, Some(e), None).await,
    }
}

/// The bulk form: a checkbox `ids` per selected row, one action and reason for all.
async fn bulk(
    State(state): State<AppState>,
    Moderator(me): Moderator,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let ids: Vec<i64> = pairs
        .iter()
        .filter(|(k, _)| k == "ids")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    let d = Decision {
        action: get("action"),
        reason: get("reason"),
        ..Default::default()
    };
    let (_, conflicts) = decide::bulk(&state, &me, &ids, &d).await?;
    let notice = if conflicts.is_empty() {
        "notice-decision-saved"
    } else {
        "notice-bulk-some-conflicts"
    };
    Ok(Redirect::to(&format!("/office/queue?notice={notice}")).into_response())
}

#[derive(Deserialize)]
pub struct UserActionForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    days: Option<i64>,
    #[serde(default)]
    back: i64,
}

async fn user_action(
    State(state): State<AppState>,
    ctx: Ctx,
    Moderator(me): Moderator,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<UserActionForm>,
) -> AppResult<Response> {
    let until = f
        .days
        .map(|d| crate::platform::util::now() + d.clamp(1, 3650) * 86_400);
    let result = async {
        let txn = crate::platform::db::write_txn(&state.db).await?;
        let removed = if f.action == "remove_spammer" {
            if f.reason.trim().is_empty() {
                return Err(AppError::field("reason", "field-required"));
            }
            super::enforcement::remove_spammer(&txn, &state, id, f.reason.trim(), me.id).await?
        } else {
            super::enforcement::act(
                &txn,
                &state,
                id,
                &f.action,
                f.reason.trim(),
                until,
                Some(me.id),
            )
            .await?;
            Vec::new()
        };
        txn.commit().await?;
        state.mail_wake.notify_one();
        for a in &removed {
            crate::ads::service::after_moderation(&state, a, crate::ads::lifecycle::Event::Reject)
                .await?;
        }
        Ok(())
    }
    .await;
    match result {
        Ok(()) => Ok(Redirect::to(&format!(
            "/office/queue/{}?notice=notice-action-taken",
            f.back
        ))
        .into_response()),
        Err(e) => render_item(&state, ctx, f.back, Some(e), None).await,
    }
}

#[derive(Template)]
#[template(path = "moderation/appeal.html")]
struct AppealPage {
    ctx: Ctx,
    subject: String,
    token: String,
    text: String,
    errors: FieldErrors,
    form_error: Option<String>,
    done: bool,
}

#[derive(Deserialize, Default)]
pub struct AppealQuery {
    #[serde(default)]
    subject: String,
    #[serde(default)]
    token: String,
}

async fn appeal_form(ctx: Ctx, Query(q): Query<AppealQuery>) -> AppResult<Response> {
    if !ctx.logged_in() && q.token.is_empty() {
        return Err(AppError::Unauthorized);
    }
    page(&AppealPage {
        ctx,
        subject: q.subject,
        token: q.token,
        text: String::new(),
        errors: FieldErrors::new(),
        form_error: None,
        done: false,
    })
}

#[derive(Deserialize)]
pub struct AppealForm {
    #[serde(default)]
    subject: String,
    #[serde(default)]
    token: String,
    #[serde(default)]
    text: String,
}

async fn appeal_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    CsrfForm(f): CsrfForm<AppealForm>,
) -> AppResult<Response> {
    let who = match (&ctx.user, f.token.as_str()) {
        (Some(u), _) => Some(u.clone()),
        (None, t) if !t.is_empty() => {
            super::appeals::user_from_token(&state, f.subject.trim(), t).await?
        }
        _ => None,
    };
    let Some(me) = who else {
        return Err(AppError::Unauthorized);
    };
    let cfg = crate::review::settings::current(&state).await?;
    let result = super::appeals::create(&state, &cfg, &me, f.subject.trim(), &f.text).await;
    let (done, errors, form_error, status) = match result {
        Ok(_) => (true, FieldErrors::new(), None, StatusCode::CREATED),
        Err(e) => {
            let s = e.status_and_code().0;
            let (errors, form_error) = form_errors(&ctx, e)?;
            (false, errors, form_error, s)
        }
    };
    page_with_status(
        &AppealPage {
            ctx,
            subject: f.subject,
            token: f.token,
            text: f.text,
            errors,
            form_error,
            done,
        },
        status,
    )
}
