//! `/office/categories`: admins add, rename and remove categories.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{CategoryView, category_views};
use crate::ads::categories::{CategoryBody, create_category, delete_category, update_category};
use crate::ads::{queries, service};
use crate::platform::auth::Admin;
use crate::platform::csrf::CsrfForm;
use crate::platform::csrf::EmptyForm;
use crate::platform::error::{AppResult, FieldErrors};
use crate::platform::forms::NoticeQuery;
use crate::platform::forms::form_errors;
use crate::platform::render::page_with_status;
use crate::platform::state::AppState;
use crate::platform::web::Ctx;

#[derive(Template)]
#[template(path = "ads/office_categories.html")]
struct OfficePage {
    ctx: Ctx,
    categories: Vec<CategoryView>,
    notice: Option<String>,
    errors: FieldErrors,
    form_error: Option<String>,
    name: String,
    description: String,
}

async fn render(
    state: &AppState,
    ctx: Ctx,
    notice: Option<String>,
    e: Option<crate::platform::error::AppError>,
    name: String,
    description: String,
) -> AppResult<Response> {
    let cats = service::categories(&state.db).await?;
    let categories = category_views(&ctx, &cats, &queries::category_counts(state).await?);
    let (status, errors, form_error) = match e {
        None => (axum::http::StatusCode::OK, FieldErrors::new(), None),
        Some(e) => {
            let status = e.status_and_code().0;
            let (f, g) = form_errors(&ctx, e)?;
            (status, f, g)
        }
    };
    page_with_status(
        &OfficePage {
            ctx,
            categories,
            notice,
            errors,
            form_error,
            name,
            description,
        },
        status,
    )
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    _a: Admin,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    render(&state, ctx, q.notice(), None, String::new(), String::new()).await
}

#[derive(Deserialize)]
pub struct CategoryForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    position: String,
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    _a: Admin,
    CsrfForm(f): CsrfForm<CategoryForm>,
) -> AppResult<Response> {
    let body = CategoryBody {
        slug: None,
        name: Some(f.name.clone()),
        description: Some(f.description.clone()),
        position: f.position.trim().parse().ok(),
    };
    match create_category(&state, body).await {
        Ok(_) => Ok(Redirect::to("/office/categories?notice=notice-saved").into_response()),
        Err(e) => render(&state, ctx, None, Some(e), f.name, f.description).await,
    }
}

pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    _a: Admin,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<CategoryForm>,
) -> AppResult<Response> {
    let body = CategoryBody {
        slug: None,
        name: Some(f.name),
        description: Some(f.description),
        position: f.position.trim().parse().ok(),
    };
    match update_category(&state, id, body).await {
        Ok(_) => Ok(Redirect::to("/office/categories?notice=notice-saved").into_response()),
        Err(e) => render(&state, ctx, None, Some(e), String::new(), String::new()).await,
    }
}

pub async fn delete(
    State(state): State<AppState>,
    ctx: Ctx,
    _a: Admin,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> AppResult<Response> {
    match delete_category(&state, id).await {
        Ok(()) => {
            Ok(Redirect::to("/office/categories?notice=notice-category-deleted").into_response())
        }
        Err(e) => render(&state, ctx, None, Some(e), String::new(), String::new()).await,
    }
}
