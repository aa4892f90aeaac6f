//! `/classifieds/{category}/{slug}`: the ad page. Old URLs answer 301 to the current one.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use sea_orm::EntityTrait;

use crate::accounts::entity::user;
use crate::ads::lifecycle::Status;
use crate::ads::service::{self, Resolved};
use crate::ads::view::AdView;
use crate::platform::error::{AppError, AppResult};
use crate::platform::render::page_with_status;
use crate::platform::state::AppState;
use crate::platform::util::format_time;
use crate::platform::web::Ctx;

#[derive(Template)]
#[template(path = "ads/ad.html")]
struct AdPage {
    ctx: Ctx,
    ad: AdView,
    seller: String,
    seller_since: String,
    is_owner: bool,
    public: bool,
    expired: bool,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((cat, slug)): Path<(String, String)>,
) -> AppResult<Response> {
    crate::platform::render::cached(&state, &ctx, || build(&state, ctx.clone(), cat, slug)).await
}

async fn build(state: &AppState, ctx: Ctx, cat: String, slug: String) -> AppResult<Response> {
    let (a, c) = match service::resolve(&state.db, &cat, &slug).await? {
        Resolved::Moved(url) => {
            return Ok((StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, url)]).into_response());
        }
        Resolved::Current(found) => *found,
    };
    let expired = a.status == Status::Expired.as_str();
    let visible = service::can_view(&a, ctx.user.as_ref());
    // An expired ad still says what it was, with 410, so links from elsewhere explain themselves.
    if !visible && !expired {
        return Err(AppError::NotFound);
    }
    let owner = user::Entity::find_by_id(a.owner_id).one(&state.db).await?;
    let is_owner = ctx.user.as_ref().is_some_and(|u| u.id == a.owner_id);
    let public = service::is_public(&a, crate::platform::util::now());
    let cats = std::iter::once((c.id, c)).collect();
    let view = AdView::new(&ctx, &a, &cats);
    let status = if expired && !visible {
        StatusCode::GONE
    } else {
        StatusCode::OK
    };
    page_with_status(
        &AdPage {
            seller: owner
                .as_ref()
                .map(|o| o.display_name.clone())
                .unwrap_or_default(),
            seller_since: owner.map(|o| format_time(o.created_at)).unwrap_or_default(),
            ad: view,
            is_owner,
            public,
            expired,
            ctx,
        },
        status,
    )
}
