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
use super::inbox::{self, InboxFilter, Summary};
use super::service::{self, MessageOut, TOPICS};
use crate::platform::auth::Auth;
use crate::platform::csrf::{CsrfForm, EmptyForm};
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::forms::{NoticeQuery, page_errors};
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
        .route("/messages/mail", post(mail_prefs))
        .merge(super::office_pages::routes())
        .route("/messages/unsubscribe", get(unsubscribe))
}

#[derive(Template)]
#[template(path = "messaging/list.html")]
pub(super) struct ListPage {
    pub(super) ctx: Ctx,
    pub(super) rows: Vec<Row>,
    pub(super) office: bool,
    pub(super) filter: InboxFilter,
    pub(super) teams: Vec<(String, String)>,
    pub(super) available: bool,
    /// A user's own list: how they hear about unread answers by mail.
    pub(super) prefs: Option<super::entity::prefs::Model>,
    pub(super) notice: Option<String>,
}

/// A conversation in a list as the page shows it.
pub(super) struct Row {
    s: Summary,
    when: String,
    /// "2h 05m" left, or overdue, for staff.
    sla: Option<(String, bool)>,
    team: String,
}

/// "1d 2h", "2h 05m" or "7m": how long, for an SLA column.
pub fn span(secs: i64) -> String {
    let m = secs.abs() / 60;
    let (d, h, m) = (m / 1440, (m / 60) % 24, m % 60);
    if d > 0 {
        format!("{d}d {h}h")
    } else if h > 0 {
        format!("{h}h {m:02}m")
    } else {
        format!("{m}m")
    }
}

/// "2h 05m left" or "10m overdue", and whether it is overdue.
pub(super) fn sla_label(ctx: &Ctx, d: &super::clocks::Due) -> (String, bool) {
    let key = if d.breached {
        "sla-overdue"
    } else {
        "sla-left"
    };
    (ctx.i18n.t1(key, "time", &span(d.left_secs)), d.breached)
}

pub(super) fn rows(ctx: &Ctx, list: Vec<Summary>, teams: &[(String, String)]) -> Vec<Row> {
    list.into_iter()
        .map(|s| {
            let sla = s.due.as_ref().map(|d| sla_label(ctx, d));
            let team = teams
                .iter()
                .find(|(k, _)| *k == s.conversation.team)
                .map(|(_, n)| n.clone())
                .unwrap_or_else(|| s.conversation.team.clone());
            Row {
                when: format_time(s.conversation.last_message_at),
                s,
                sla,
                team,
            }
        })
        .collect()
}

async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Auth(me): Auth,
    Query(q): Query<InboxFilter>,
    Query(n): Query<NoticeQuery>,
) -> AppResult<Response> {
    let rows = rows(&ctx, inbox::mine(&state.db, &me, &q).await?, &[]);
    let prefs = Some(super::mailer::prefs_of(&state.db, me.id).await?);
    page_with_status(
        &ListPage {
            ctx,
            rows,
            office: false,
            filter: q,
            teams: Vec::new(),
            available: false,
            prefs,
            notice: n.notice(),
        },
        StatusCode::OK,
    )
}

#[derive(Deserialize)]
pub struct MailPrefsForm {
    #[serde(default)]
    delay: String,
    #[serde(default)]
    off: Option<String>,
}

async fn mail_prefs(
    State(state): State<AppState>,
    Auth(me): Auth,
    CsrfForm(f): CsrfForm<MailPrefsForm>,
) -> AppResult<Response> {
    let delay: i32 = f
        .delay
        .trim()
        .parse()
        .map_err(|_| AppError::field("delay", "field-invalid"))?;
    super::mailer::set_prefs(&state.db, me.id, delay, f.off.is_some()).await?;
    Ok(Redirect::to("/messages?notice=notice-saved").into_response())
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
    let first = inbox::is_first(&state.db, me.id).await?;
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
    /// Staff only: the context panel, canned replies and teams.
    office: Option<super::office_pages::OfficeView>,
    /// `user` or `staff`: which messages are the reader's own.
    side: &'static str,
    /// How far the other side has read and received.
    other_read: i64,
    other_delivered: i64,
    notice: Option<String>,
}

pub(super) async fn render_thread(
    state: &AppState,
    ctx: Ctx,
    me: &crate::platform::auth::CurrentUser,
    id: i64,
    body: String,
    e: Option<AppError>,
) -> AppResult<Response> {
    render_thread_with(state, ctx, me, id, body, e, None).await
}

async fn render_thread_with(
    state: &AppState,
    ctx: Ctx,
    me: &crate::platform::auth::CurrentUser,
    id: i64,
    body: String,
    e: Option<AppError>,
    notice: Option<String>,
) -> AppResult<Response> {
    let (status, errors, form_error) = page_errors(&ctx, e)?;
    // The event id first: whatever changes after it reaches the page over its socket,
    // even when it lands between the reads below.
    let last_event = crate::platform::events::latest(&state.db, me.id).await?;
    let c = service::visible(&state.db, me, id).await?;
    let staff = me.role.is_staff() && c.user_id != me.id;
    let office = if staff {
        Some(super::office_pages::office_view(state, &ctx, &c).await?)
    } else {
        None
    };
    let (side, other_read, other_delivered) = if staff {
        ("staff", c.user_read_upto, c.user_delivered_upto)
    } else {
        ("user", c.staff_read_upto, c.staff_delivered_upto)
    };
    let messages: Vec<(MessageOut, String)> = service::messages_in(&state.db, me, &c)
        .await?
        .into_iter()
        .map(|m| {
            let when = format_time(m.created_at);
            (m, when)
        })
        .collect();
    if let Some((m, _)) = messages.last() {
        service::mark_read_in(state, me, c.clone(), m.id).await?;
    }
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
            office,
            side,
            other_read,
            other_delivered,
            notice,
        },
        status,
    )
}

#[derive(Deserialize)]
pub struct ThreadQuery {
    /// Staff without JavaScript: a canned reply to start the answer from.
    canned: Option<i64>,
}

async fn thread(
    State(state): State<AppState>,
    ctx: Ctx,
    Auth(me): Auth,
    Path(id): Path<i64>,
    Query(q): Query<ThreadQuery>,
    Query(n): Query<NoticeQuery>,
) -> AppResult<Response> {
    let body = match q.canned.filter(|_| me.role.is_staff()) {
        Some(cid) => {
            use sea_orm::EntityTrait;
            super::entity::canned::Entity::find_by_id(cid)
                .one(&state.db)
                .await?
                .map(|c| c.body)
                .unwrap_or_default()
        }
        None => String::new(),
    };
    render_thread_with(&state, ctx, &me, id, body, None, n.notice()).await
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
