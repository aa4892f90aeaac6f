//! The messaging pages: "Message Admin" from an ad (or "Contact support"), my
//! conversations, a conversation that updates live (and works as plain forms without
//! JavaScript), resolving and rating; and the office inbox with staff notes.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::entity::conversation;
use super::service::{self, MessageOut, Summary, TOPICS};
use crate::accounts::pages::page_errors;
use crate::platform::auth::{Auth, Staff};
use crate::platform::csrf::{CsrfForm, EmptyForm};
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::render::page_with_status;
use crate::platform::state::AppState;
use crate::platform::util::format_time;
use crate::platform::web::Ctx;
use crate::shield::{Attempt, GuardView, Guarded, Outcome};

/// The messaging pages.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/messages", get(list))
        .route("/messages/new", get(new_form).post(new_submit))
        .route("/messages/{id}", get(thread).post(reply))
        .route("/messages/{id}/resolve", post(resolve))
        .route("/messages/{id}/rate", post(rate))
        .route("/office/inbox", get(inbox))
        .route("/messages/unsubscribe", get(unsubscribe))
}

#[derive(Template)]
#[template(path = "messaging/list.html")]
struct ListPage {
    ctx: Ctx,
    rows: Vec<(Summary, String)>,
    office: bool,
}

fn rows(list: Vec<Summary>) -> Vec<(Summary, String)> {
    list.into_iter()
        .map(|s| {
            let when = format_time(s.conversation.last_message_at);
            (s, when)
        })
        .collect()
}

async fn list(State(state): State<AppState>, ctx: Ctx, Auth(me): Auth) -> AppResult<Response> {
    let rows = rows(service::list(&state.db, &me, false, None).await?);
    page_with_status(
        &ListPage {
            ctx,
            rows,
            office: false,
        },
        StatusCode::OK,
    )
}

async fn inbox(
    State(state): State<AppState>,
    ctx: Ctx,
    Staff(me): Staff,
    Query(q): Query<service::InboxFilter>,
) -> AppResult<Response> {
    let rows = rows(service::list_filtered(&state.db, &me, true, &q).await?);
    page_with_status(
        &ListPage {
            ctx,
            rows,
            office: true,
        },
        StatusCode::OK,
    )
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct NewForm {
    #[serde(default)]
    topic: String,
    #[serde(default)]
    body: String,
    /// Kept as typed: a form read next to the guard's fields can only hold strings.
    #[serde(default)]
    ad_id: String,
}

impl NewForm {
    fn ad(&self) -> Option<i64> {
        self.ad_id.trim().parse().ok()
    }
}

#[derive(Template)]
#[template(path = "messaging/new.html")]
struct NewPage {
    ctx: Ctx,
    form: NewForm,
    ad_title: Option<String>,
    topics: &'static [&'static str],
    errors: FieldErrors,
    form_error: Option<String>,
    guard: GuardView,
}

async fn needs_captcha(
    state: &AppState,
    ctx: &Ctx,
    me: &crate::platform::auth::CurrentUser,
) -> AppResult<bool> {
    let first = service::list(&state.db, me, false, None).await?.is_empty();
    let new =
        crate::shield::guard::standing(state, ctx).await? <= crate::shield::guard::Standing::New;
    Ok(first && new)
}

async fn render_new(
    state: &AppState,
    ctx: Ctx,
    me: &crate::platform::auth::CurrentUser,
    form: NewForm,
    e: Option<AppError>,
) -> AppResult<Response> {
    let (status, errors, form_error) = page_errors(&ctx, e)?;
    let ad_title = match form.ad() {
        Some(id) => crate::ads::service::find_visible(&state.db, id, Some(me))
            .await
            .ok()
            .map(|a| a.title),
        None => None,
    };
    let captcha = needs_captcha(state, &ctx, me).await?;
    let guard = GuardView::new(state, &ctx, "message", captcha, &errors).await?;
    page_with_status(
        &NewPage {
            ctx,
            form,
            ad_title,
            topics: TOPICS,
            errors,
            form_error,
            guard,
        },
        status,
    )
}

#[derive(Deserialize)]
pub struct NewQuery {
    #[serde(default)]
    ad_id: Option<i64>,
}

async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Auth(me): Auth,
    Query(q): Query<NewQuery>,
) -> AppResult<Response> {
    let form = NewForm {
        ad_id: q.ad_id.map(|a| a.to_string()).unwrap_or_default(),
        ..Default::default()
    };
    render_new(&state, ctx, &me, form, None).await
}

async fn new_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Auth(me): Auth,
    CsrfForm(Guarded { form, guard }): CsrfForm<Guarded<NewForm>>,
) -> AppResult<Response> {
    let attempt = Attempt {
        action: "message",
        form: Some(&guard),
        captcha_header: None,
        captcha: needs_captcha(&state, &ctx, &me).await?,
    };
    let result = match crate::shield::check(&state, &ctx, attempt).await {
        Ok(Outcome::Trap) => return Ok(Redirect::to("/messages").into_response()),
        Ok(Outcome::Pass { .. }) => {
            service::start(
                &state,
                &me,
                form.ad(),
                form.topic.trim(),
                &form.body,
                ctx.ip.as_deref(),
            )
            .await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok((c, _)) => Ok(Redirect::to(&format!("/messages/{}", c.id)).into_response()),
        Err(e) => render_new(&state, ctx, &me, form, Some(e)).await,
    }
}

#[derive(Template)]
#[template(path = "messaging/thread.html")]
struct ThreadPage {
    ctx: Ctx,
    c: conversation::Model,
    messages: Vec<(MessageOut, String)>,
    staff: bool,
    last_event: i64,
    ad: Option<(String, String)>,
    errors: FieldErrors,
    form_error: Option<String>,
    body: String,
}

async fn render_thread(
    state: &AppState,
    ctx: Ctx,
    me: &crate::platform::auth::CurrentUser,
    id: i64,
    body: String,
    e: Option<AppError>,
) -> AppResult<Response> {
    let (status, errors, form_error) = page_errors(&ctx, e)?;
    let c = service::visible(&state.db, me, id).await?;
    let staff = me.role.is_staff() && c.user_id != me.id;
    let messages: Vec<(MessageOut, String)> = service::messages(&state.db, me, id)
        .await?
        .into_iter()
        .map(|m| {
            let when = format_time(m.created_at);
            (m, when)
        })
        .collect();
    if let Some((m, _)) = messages.last() {
        service::mark_read(state, me, id, m.id).await?;
    }
    let last_event = latest_event(state, me.id).await?;
    let ad = match c.ad_id {
        Some(ad_id) => {
            let cats = crate::ads::service::category_map(&state.db).await?;
            crate::ads::service::find_visible(&state.db, ad_id, Some(me))
                .await
                .ok()
                .and_then(|a| {
                    let slug = cats.get(&a.category_id)?.slug.clone();
                    Some((a.title.clone(), crate::ads::service::ad_url(&slug, &a.slug)))
                })
        }
        None => None,
    };
    page_with_status(
        &ThreadPage {
            ctx,
            c,
            messages,
            staff,
            last_event,
            ad,
            errors,
            form_error,
            body,
        },
        status,
    )
}

async fn latest_event(state: &AppState, user: i64) -> AppResult<i64> {
    use crate::platform::events::entity as ev;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
    let id: Option<i64> = ev::Entity::find()
        .select_only()
        .column(ev::Column::Id)
        .filter(ev::Column::UserId.eq(user))
        .order_by_desc(ev::Column::Id)
        .into_tuple()
        .one(&state.db)
        .await?;
    Ok(id.unwrap_or(0))
}

async fn thread(
    State(state): State<AppState>,
    ctx: Ctx,
    Auth(me): Auth,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    render_thread(&state, ctx, &me, id, String::new(), None).await
}

#[derive(Deserialize)]
pub struct ReplyForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    internal: Option<String>,
}

async fn reply(
    State(state): State<AppState>,
    ctx: Ctx,
    Auth(me): Auth,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<ReplyForm>,
) -> AppResult<Response> {
    let internal = f.internal.is_some();
    let result = service::reply(&state, &ctx, &me, id, &f.body, internal).await;
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/messages/{id}#latest")).into_response()),
        Err(e) => render_thread(&state, ctx, &me, id, f.body, Some(e)).await,
    }
}

async fn resolve(
    State(state): State<AppState>,
    Auth(me): Auth,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> AppResult<Response> {
    service::resolve(&state, &me, id).await?;
    Ok(Redirect::to(&format!("/messages/{id}")).into_response())
}

#[derive(Deserialize)]
pub struct RateForm {
    #[serde(default)]
    rating: i32,
    #[serde(default)]
    comment: String,
}

async fn rate(
    State(state): State<AppState>,
    ctx: Ctx,
    Auth(me): Auth,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<RateForm>,
) -> AppResult<Response> {
    match service::rate(&state, &me, id, f.rating, Some(&f.comment)).await {
        Ok(()) => Ok(
            Redirect::to(&format!("/messages/{id}?notice=notice-thanks-rating")).into_response(),
        ),
        Err(e) => render_thread(&state, ctx, &me, id, String::new(), Some(e)).await,
    }
}

#[derive(Deserialize)]
pub struct UnsubscribeQuery {
    #[serde(default)]
    user: i64,
    #[serde(default)]
    token: String,
}

#[derive(Template)]
#[template(path = "messaging/unsubscribed.html")]
struct UnsubscribedPage {
    ctx: Ctx,
}

/// The link in every unread-message mail: no login needed, the token proves who asked.
async fn unsubscribe(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<UnsubscribeQuery>,
) -> AppResult<Response> {
    if !super::mailer::check_unsubscribe(&state, q.user, &q.token) {
        return Err(AppError::NotFound);
    }
    let p = super::mailer::prefs_of(&state.db, q.user).await?;
    super::mailer::set_prefs(&state.db, q.user, p.unread_delay_minutes, true).await?;
    page_with_status(&UnsubscribedPage { ctx }, StatusCode::OK)
}
