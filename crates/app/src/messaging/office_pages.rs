//! The office's pages around the inbox: the inbox itself with its filters and the
//! agent's availability, taking, handing over and moving conversations, the context
//! beside a thread, and the team board (who is in which team, online, and how loaded;
//! canned replies).

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::entity::conversation;
use super::inbox::{self, InboxFilter};
use super::pages::{ListPage, render_thread, rows, sla_label};
use super::{office, routing};
use crate::platform::auth::Staff;
use crate::platform::csrf::CsrfForm;
use crate::platform::error::{AppError, AppResult};
use crate::platform::render::page_with_status;
use crate::platform::state::AppState;
use crate::platform::web::Ctx;

/// The office's messaging pages.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/office/inbox", get(inbox_page))
        .route("/office/presence", post(presence))
        .route("/messages/{id}/assign", post(assign))
        .route("/messages/{id}/transfer", post(transfer))
        .route("/office/team", get(team_board))
        .route("/office/team/members", post(team_member_add))
        .route("/office/team/members/remove", post(team_member_remove))
        .route("/office/canned", post(canned_add))
        .route("/office/canned/{id}/delete", post(canned_delete))
}

#[derive(Template)]
#[template(path = "messaging/team.html")]
struct TeamPage {
    ctx: Ctx,
    teams: Vec<routing::BoardTeam>,
    canned: Vec<super::entity::canned::Model>,
    errors: crate::platform::error::FieldErrors,
    form_error: Option<String>,
    notice: Option<String>,
}

async fn render_board(
    state: &AppState,
    ctx: Ctx,
    e: Option<AppError>,
    notice: Option<String>,
) -> AppResult<Response> {
    let (status, errors, form_error) = crate::platform::forms::page_errors(&ctx, e)?;
    let teams = routing::board(state).await?;
    let canned = office::canned_for(&state.db, None, ctx.i18n.code()).await?;
    page_with_status(
        &TeamPage {
            ctx,
            teams,
            canned,
            errors,
            form_error,
            notice,
        },
        status,
    )
}

/// The team board: every team's people, online or not, their load against their limit,
/// and the team's waiting conversations; admins change the teams, moderators the canned
/// replies.
async fn team_board(
    State(state): State<AppState>,
    ctx: Ctx,
    Staff(_me): Staff,
    Query(n): Query<crate::platform::forms::NoticeQuery>,
) -> AppResult<Response> {
    render_board(&state, ctx, None, n.notice()).await
}

#[derive(Deserialize)]
pub struct MemberForm {
    #[serde(default)]
    team: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    max_open: String,
    #[serde(default)]
    senior: Option<String>,
}

async fn team_member_add(
    State(state): State<AppState>,
    ctx: Ctx,
    crate::platform::auth::Admin(me): crate::platform::auth::Admin,
    CsrfForm(f): CsrfForm<MemberForm>,
) -> AppResult<Response> {
    let result = async {
        let who = crate::accounts::service::find_by_email(&state.db, f.email.trim())
            .await?
            .ok_or_else(|| AppError::field("email", "field-invalid"))?;
        let max_open = match f.max_open.trim() {
            "" => None,
            n => Some(
                n.parse()
                    .map_err(|_| AppError::field("max_open", "field-invalid"))?,
            ),
        };
        routing::set_member(
            &state,
            &me,
            &routing::Membership {
                team: f.team.trim().to_string(),
                user_id: who.id,
                max_open,
                senior: f.senior.is_some(),
            },
        )
        .await
    }
    .await;
    match result {
        Ok(_) => Ok(Redirect::to("/office/team?notice=notice-saved").into_response()),
        Err(AppError::Validation(mut fields)) => {
            // The form asks for an email where the API takes an id.
            if let Some(v) = fields.remove("user_id") {
                fields.insert("email".into(), v);
            }
            render_board(&state, ctx, Some(AppError::Validation(fields)), None).await
        }
        Err(e) => render_board(&state, ctx, Some(e), None).await,
    }
}

#[derive(Deserialize)]
pub struct RemoveForm {
    #[serde(default)]
    team: String,
    #[serde(default)]
    user_id: String,
}

async fn team_member_remove(
    State(state): State<AppState>,
    crate::platform::auth::Admin(me): crate::platform::auth::Admin,
    CsrfForm(f): CsrfForm<RemoveForm>,
) -> AppResult<Response> {
    let user_id: i64 = f
        .user_id
        .trim()
        .parse()
        .map_err(|_| AppError::field("user_id", "field-invalid"))?;
    if !routing::remove_member(&state, &me, f.team.trim(), user_id).await? {
        return Err(AppError::NotFound);
    }
    Ok(Redirect::to("/office/team?notice=notice-saved").into_response())
}

#[derive(Deserialize)]
pub struct CannedForm {
    #[serde(default)]
    team: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
}

async fn canned_add(
    State(state): State<AppState>,
    ctx: Ctx,
    crate::platform::auth::Moderator(me): crate::platform::auth::Moderator,
    CsrfForm(f): CsrfForm<CannedForm>,
) -> AppResult<Response> {
    let n = office::NewCanned {
        team: Some(f.team),
        language: f.language,
        title: f.title,
        body: f.body,
    };
    match office::add_canned(&state, &me, n).await {
        Ok(_) => Ok(Redirect::to("/office/team?notice=notice-saved").into_response()),
        Err(e) => render_board(&state, ctx, Some(e), None).await,
    }
}

async fn canned_delete(
    State(state): State<AppState>,
    crate::platform::auth::Moderator(me): crate::platform::auth::Moderator,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<crate::platform::csrf::EmptyForm>,
) -> AppResult<Response> {
    office::delete_canned(&state, &me, id).await?;
    Ok(Redirect::to("/office/team?notice=notice-saved").into_response())
}

async fn inbox_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Staff(me): Staff,
    Query(q): Query<InboxFilter>,
) -> AppResult<Response> {
    let cfg = super::config::current(&state).await?;
    let teams: Vec<(String, String)> = cfg.teams.clone().into_iter().collect();
    let rows = rows(&ctx, inbox::office(&state, &me, &q).await?, &teams);
    let available = routing::is_available(&state.db, me.id).await?;
    page_with_status(
        &ListPage {
            ctx,
            rows,
            office: true,
            filter: q,
            teams,
            available,
            prefs: None,
            notice: None,
        },
        StatusCode::OK,
    )
}

#[derive(Deserialize)]
pub struct PresenceForm {
    #[serde(default)]
    available: String,
}

async fn presence(
    State(state): State<AppState>,
    Staff(me): Staff,
    CsrfForm(f): CsrfForm<PresenceForm>,
) -> AppResult<Response> {
    routing::set_available(&state, &me, f.available == "1").await?;
    Ok(Redirect::to("/office/inbox").into_response())
}

/// What staff see beside a thread.
pub struct OfficeView {
    pub(super) context: office::Context,
    pub(super) canned: Vec<super::entity::canned::Model>,
    pub(super) teams: Vec<(String, String)>,
    pub(super) sla: Option<(String, bool)>,
    pub(super) strikes: usize,
}

pub(super) async fn office_view(
    state: &AppState,
    ctx: &Ctx,
    c: &conversation::Model,
) -> AppResult<OfficeView> {
    let cfg = super::config::current(state).await?;
    let context = office::context(state, c).await?;
    let language = c
        .language
        .clone()
        .unwrap_or_else(|| ctx.i18n.code().to_string());
    let canned = office::canned_for(&state.db, Some(&c.team), &language).await?;
    let due = super::clocks::due_for(&state.db, &[c.id], crate::platform::util::now())
        .await?
        .remove(&c.id);
    let sla = due.as_ref().map(|d| sla_label(ctx, d));
    let strikes = context
        .user
        .actions
        .iter()
        .filter(|a| a.action == "strike")
        .count();
    Ok(OfficeView {
        context,
        canned,
        teams: cfg.teams.clone().into_iter().collect(),
        sla,
        strikes,
    })
}

#[derive(Deserialize)]
pub struct AssignForm {
    /// `me`, `none`, or a staff member's id.
    #[serde(default)]
    to: String,
}

async fn assign(
    State(state): State<AppState>,
    ctx: Ctx,
    Staff(me): Staff,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<AssignForm>,
) -> AppResult<Response> {
    let to = match f.to.trim() {
        "me" => Some(me.id),
        "none" | "" => None,
        other => match other.parse() {
            Ok(n) => Some(n),
            Err(_) => return Err(AppError::field("to", "field-invalid")),
        },
    };
    match office::assign(&state, &me, id, to).await {
        Ok(_) => Ok(Redirect::to(&format!("/messages/{id}")).into_response()),
        Err(e) => render_thread(&state, ctx, &me, id, String::new(), Some(e)).await,
    }
}

#[derive(Deserialize)]
pub struct TransferForm {
    #[serde(default)]
    team: String,
}

async fn transfer(
    State(state): State<AppState>,
    ctx: Ctx,
    Staff(me): Staff,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<TransferForm>,
) -> AppResult<Response> {
    match office::transfer(&state, &me, id, f.team.trim()).await {
        Ok(_) => Ok(Redirect::to(&format!("/messages/{id}")).into_response()),
        Err(e) => render_thread(&state, ctx, &me, id, String::new(), Some(e)).await,
    }
}
