//! Categories: listing for everyone, management for admins (API and the office page).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::entity::{ad, category};
use super::{queries, service, slug};
use crate::accounts::validate::Check;
use crate::platform::auth::Admin;
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::json::ApiJson;
use crate::platform::state::AppState;
use crate::platform::util::now;

/// A category with its number of live ads.
#[derive(Serialize, ToSchema)]
pub struct CategoryOut {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub position: i32,
    pub ad_count: i64,
}

/// All categories.
#[utoipa::path(get, path = "/api/v1/categories", tag = "categories", responses((status = 200, body = [CategoryOut])))]
pub async fn list(State(state): State<AppState>) -> AppResult<Json<Vec<CategoryOut>>> {
    let counts: std::collections::HashMap<i64, i64> = queries::category_counts(&state)
        .await?
        .iter()
        .copied()
        .collect();
    Ok(Json(
        service::categories(&state.db)
            .await?
            .into_iter()
            .map(|c| CategoryOut {
                ad_count: counts.get(&c.id).copied().unwrap_or(0),
                id: c.id,
                slug: c.slug,
                name: c.name,
                description: c.description,
                position: c.position,
            })
            .collect(),
    ))
}

/// A new category or changes to one. The slug is fixed once made, so URLs never break.
#[derive(Deserialize, ToSchema, Default)]
pub struct CategoryBody {
    /// Only on creation; derived from the name when omitted.
    pub slug: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub position: Option<i32>,
}

fn check_text(check: &mut Check, field: &str, v: Option<&str>, max: usize) -> Option<String> {
    let v = v?.trim();
    let r = if v.is_empty() {
        Err("field-required")
    } else if v.chars().count() > max {
        Err("field-too-long")
    } else {
        Ok(v.to_string())
    };
    check.take(field, r)
}

/// Creates a category (admin).
pub async fn create_category(state: &AppState, b: CategoryBody) -> AppResult<category::Model> {
    let mut check = Check::default();
    let name = check_text(
        &mut check,
        "name",
        Some(b.name.as_deref().unwrap_or("")),
        60,
    );
    let description = check_text(
        &mut check,
        "description",
        Some(b.description.as_deref().unwrap_or("")),
        300,
    );
    let slug_src = b
        .slug
        .clone()
        .filter(|s| !s.trim().is_empty())
        .or(name.clone())
        .unwrap_or_default();
    let new_slug = slug::slugify(&slug_src);
    check.finish()?;
    if category::Entity::find()
        .filter(category::Column::Slug.eq(&new_slug))
        .count(&state.db)
        .await?
        > 0
    {
        let mut f = FieldErrors::new();
        f.insert("slug".into(), "field-slug-taken".into());
        return Err(AppError::Conflict("slug_taken", f));
    }
    Ok(category::ActiveModel {
        slug: Set(new_slug),
        name: Set(name.unwrap_or_default()),
        description: Set(description.unwrap_or_default()),
        position: Set(b.position.unwrap_or(100)),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(&state.db)
    .await?)
}

/// Changes name, description or position (admin).
pub async fn update_category(
    state: &AppState,
    id: i64,
    b: CategoryBody,
) -> AppResult<category::Model> {
    let mut check = Check::default();
    if b.slug.is_some() {
        check.take::<()>("slug", Err("field-slug-fixed"));
    }
    let name = check_text(&mut check, "name", b.name.as_deref(), 60);
    let description = check_text(&mut check, "description", b.description.as_deref(), 300);
    check.finish()?;
    let c = category::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut am: category::ActiveModel = c.into();
    if let Some(n) = name {
        am.name = Set(n);
    }
    if let Some(d) = description {
        am.description = Set(d);
    }
    if let Some(p) = b.position {
        am.position = Set(p);
    }
    Ok(am.update(&state.db).await?)
}

/// Removes an empty category (admin); one that still holds ads is refused.
pub async fn delete_category(state: &AppState, id: i64) -> AppResult<()> {
    let c = category::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    if ad::Entity::find()
        .filter(ad::Column::CategoryId.eq(c.id))
        .count(&state.db)
        .await?
        > 0
    {
        return Err(AppError::Conflict("category_not_empty", FieldErrors::new()));
    }
    // The count above is a friendly early answer; the foreign key (RESTRICT) is what
    // keeps an ad posted a moment ago from being taken down with the category.
    category::Entity::delete_by_id(c.id)
        .exec(&state.db)
        .await
        .map_err(|e| match e.sql_err() {
            Some(sea_orm::SqlErr::ForeignKeyConstraintViolation(_)) => {
                AppError::Conflict("category_not_empty", FieldErrors::new())
            }
            _ => e.into(),
        })?;
    Ok(())
}

fn out(c: category::Model) -> CategoryOut {
    CategoryOut {
        id: c.id,
        slug: c.slug,
        name: c.name,
        description: c.description,
        position: c.position,
        ad_count: 0,
    }
}

/// Create a category (admins).
#[utoipa::path(post, path = "/api/v1/categories", tag = "categories", request_body = CategoryBody,
    responses((status = 201, body = CategoryOut), (status = 401), (status = 403), (status = 409, description = "slug_taken"), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    _admin: Admin,
    ApiJson(b): ApiJson<CategoryBody>,
) -> AppResult<(StatusCode, Json<CategoryOut>)> {
    Ok((
        StatusCode::CREATED,
        Json(out(create_category(&state, b).await?)),
    ))
}

/// Change a category (admins).
#[utoipa::path(patch, path = "/api/v1/categories/{id}", tag = "categories", request_body = CategoryBody,
    responses((status = 200, body = CategoryOut), (status = 401), (status = 403), (status = 404), (status = 422)))]
pub async fn patch(
    State(state): State<AppState>,
    _admin: Admin,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<CategoryBody>,
) -> AppResult<Json<CategoryOut>> {
    Ok(Json(out(update_category(&state, id, b).await?)))
}

/// Delete an empty category (admins).
#[utoipa::path(delete, path = "/api/v1/categories/{id}", tag = "categories",
    responses((status = 204), (status = 401), (status = 403), (status = 404), (status = 409, description = "category_not_empty")))]
pub async fn delete(
    State(state): State<AppState>,
    _admin: Admin,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    delete_category(&state, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
