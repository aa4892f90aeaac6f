//! `/account/ads`: the owner's ads in every status, with renew and delete.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};

use crate::ads::lifecycle::Event;
use crate::ads::view::AdView;
use crate::ads::{queries, service};
use crate::platform::auth::Auth;
use crate::platform::csrf::CsrfForm;
use crate::platform::csrf::EmptyForm;
use crate::platform::error::AppResult;
use crate::platform::forms::NoticeQuery;
use crate::platform::render::page;
use crate::platform::state::AppState;
use crate::platform::web::Ctx;

#[derive(Template)]
#[template(path = "ads/mine.html")]
struct MinePage {
    ctx: Ctx,
    ads: Vec<AdView>,
    notice: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Auth(me): Auth,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    let cats = service::category_map(&state.db).await?;
    let ads = queries::owned_by(&state.db, me.id)
        .await?
        .iter()
        .map(|a| AdView::new(&ctx, a, &cats))
        .collect();
    page(&MinePage {
        ctx,
        ads,
        notice: q.notice(),
    })
}

pub async fn renew(
    State(state): State<AppState>,
    Auth(me): Auth,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> AppResult<Response> {
    service::owner_event(&state, &me, id, Event::Renew).await?;
    Ok(Redirect::to("/account/ads?notice=notice-ad-renewed").into_response())
}

pub async fn delete(
    State(state): State<AppState>,
    Auth(me): Auth,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> AppResult<Response> {
    service::owner_event(&state, &me, id, Event::Delete).await?;
    Ok(Redirect::to("/account/ads?notice=notice-ad-deleted").into_response())
}
