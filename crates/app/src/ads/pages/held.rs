//! `/office/held`: ads the gate held, with its reasons, for a moderator to approve or
//! reject. (The full moderation queue replaces this page; the decisions stay the same.)

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::ads::entity::ad;
use crate::ads::lifecycle::{Event, Status};
use crate::ads::service;
use crate::ads::view::AdView;
use crate::gate::explain::explain_for_staff;
use crate::platform::auth::Moderator;
use crate::platform::csrf::CsrfForm;
use crate::platform::csrf::EmptyForm;
use crate::platform::error::AppResult;
use crate::platform::forms::NoticeQuery;
use crate::platform::render::page;
use crate::platform::state::AppState;
use crate::platform::web::Ctx;

struct HeldItem {
    ad: AdView,
    score: String,
    reasons: Vec<String>,
}

#[derive(Template)]
#[template(path = "ads/held.html")]
struct HeldPage {
    ctx: Ctx,
    items: Vec<HeldItem>,
    notice: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    _m: Moderator,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    let held = ad::Entity::find()
        .filter(ad::Column::Status.eq(Status::PendingReview.as_str()))
        .order_by_asc(ad::Column::UpdatedAt)
        .limit(200)
        .all(&state.db)
        .await?;
    let cats = service::category_map(&state.db).await?;
    let mut items = Vec::with_capacity(held.len());
    for a in &held {
        let verdict = crate::gate::service::latest(&state.db, "ad", a.id).await?;
        items.push(HeldItem {
            ad: AdView::new(&ctx, a, &cats),
            score: verdict
                .as_ref()
                .map(|v| format!("{:.1}", v.score))
                .unwrap_or_default(),
            reasons: verdict
                .as_ref()
                .map(|v| explain_for_staff(&ctx, v))
                .unwrap_or_default(),
        });
    }
    page(&HeldPage {
        ctx,
        items,
        notice: q.notice(),
    })
}

pub async fn approve(
    State(state): State<AppState>,
    Moderator(me): Moderator,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> AppResult<Response> {
    service::moderate(&state, &me, id, Event::Approve).await?;
    Ok(Redirect::to("/office/held?notice=notice-ad-approved").into_response())
}

pub async fn reject(
    State(state): State<AppState>,
    Moderator(me): Moderator,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> AppResult<Response> {
    service::moderate(&state, &me, id, Event::Reject).await?;
    Ok(Redirect::to("/office/held?notice=notice-ad-rejected").into_response())
}
