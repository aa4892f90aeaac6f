//! The admins' controls of the gate (`/api/v1/office/rules`, `/api/v1/office/gate/…`):
//! keyword rules, thresholds and weights, and which model version judges. A change holds
//! on this instance at once and on the others within seconds.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;

use super::store;
use crate::platform::auth::Admin;
use crate::platform::error::{AppError, AppResult};
use crate::platform::json::ApiJson;
use crate::platform::state::AppState;

/// A stored rule, in the import format plus its id and how it is doing.
#[derive(Serialize, ToSchema)]
pub struct RuleOut {
    pub id: i64,
    #[schema(value_type = Object)]
    #[serde(flatten)]
    pub rule: antispam::Rule,
    pub created_by: Option<i64>,
    pub created_at: i64,
    /// Submissions it matched.
    pub hits: i64,
    /// Of those, held or refused.
    pub held: i64,
    /// Of those, approved by a moderator after all.
    pub false_positives: i64,
}

async fn apply_now(state: &AppState) -> AppResult<()> {
    super::gate(state)?
        .refresh(&state.db)
        .await
        .map_err(AppError::Internal)?;
    Ok(())
}

/// Every keyword rule.
#[utoipa::path(get, path = "/api/v1/office/rules", tag = "gate", responses((status = 200, body = [RuleOut]), (status = 401), (status = 403)))]
pub async fn list_rules(State(state): State<AppState>, _a: Admin) -> AppResult<Json<Vec<RuleOut>>> {
    let rows = store::rules(&state.db).await?;
    let stats = super::stats::all(&state.db).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let s = stats.get(&r.id);
        out.push(RuleOut {
            id: r.id,
            rule: store::to_rule(r)?,
            created_by: r.created_by,
            created_at: r.created_at,
            hits: s.map_or(0, |s| s.hits),
            held: s.map_or(0, |s| s.held),
            false_positives: s.map_or(0, |s| s.false_positives),
        });
    }
    Ok(Json(out))
}

/// Add a rule: `{"pattern","match":"word"|"phrase"|"literal"|"regex","category","action":"block"|"hold"|"score","score"}`.
#[utoipa::path(post, path = "/api/v1/office/rules", tag = "gate", request_body = Object,
    responses((status = 201, body = RuleOut), (status = 401), (status = 403), (status = 422)))]
pub async fn add_rule(
    State(state): State<AppState>,
    Admin(me): Admin,
    ApiJson(rule): ApiJson<antispam::Rule>,
) -> AppResult<(StatusCode, Json<RuleOut>)> {
    if rule.pattern.trim().is_empty() {
        return Err(AppError::field("pattern", "field-required"));
    }
    let txn = crate::platform::db::write_txn(&state.db).await?;
    let saved = store::add_rules(&txn, std::slice::from_ref(&rule), Some(me.id))
        .await?
        .remove(0);
    txn.commit().await?;
    apply_now(&state).await?;
    Ok((
        StatusCode::CREATED,
        Json(RuleOut {
            id: saved.id,
            rule,
            created_by: saved.created_by,
            created_at: saved.created_at,
            hits: 0,
            held: 0,
            false_positives: 0,
        }),
    ))
}

/// Remove a rule.
#[utoipa::path(delete, path = "/api/v1/office/rules/{id}", tag = "gate", responses((status = 204), (status = 401), (status = 403), (status = 404)))]
pub async fn delete_rule(
    State(state): State<AppState>,
    Admin(me): Admin,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    store::delete_rule(&state.db, id, Some(me.id)).await?;
    apply_now(&state).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Thresholds, weights, blocked domains and the other settings of the gate.
#[utoipa::path(get, path = "/api/v1/office/gate/config", tag = "gate", responses((status = 200, body = Object), (status = 401), (status = 403)))]
pub async fn get_config(
    State(state): State<AppState>,
    _a: Admin,
) -> AppResult<Json<antispam::Config>> {
    Ok(Json(store::config(&state.db).await?))
}

/// Replace the gate's settings (validated; takes effect without a restart).
#[utoipa::path(put, path = "/api/v1/office/gate/config", tag = "gate", request_body = Object,
    responses((status = 200, body = Object), (status = 401), (status = 403), (status = 422)))]
pub async fn put_config(
    State(state): State<AppState>,
    Admin(me): Admin,
    ApiJson(cfg): ApiJson<antispam::Config>,
) -> AppResult<Json<antispam::Config>> {
    store::set_config(&state.db, &cfg, Some(me.id)).await?;
    apply_now(&state).await?;
    Ok(Json(cfg))
}

/// A stored model version.
#[derive(Serialize, ToSchema)]
pub struct ModelOut {
    pub version: i32,
    pub source: String,
    pub active: bool,
    pub created_at: i64,
}

/// Every stored model version.
#[utoipa::path(get, path = "/api/v1/office/gate/models", tag = "gate", responses((status = 200, body = [ModelOut]), (status = 401), (status = 403)))]
pub async fn list_models(
    State(state): State<AppState>,
    _a: Admin,
) -> AppResult<Json<Vec<ModelOut>>> {
    Ok(Json(
        store::models(&state.db)
            .await?
            .into_iter()
            .map(|(version, source, active, created_at)| ModelOut {
                version,
                source,
                active,
                created_at,
            })
            .collect(),
    ))
}

/// Make a stored version the one that judges (roll back a bad model).
#[utoipa::path(post, path = "/api/v1/office/gate/models/{version}/activate", tag = "gate", responses((status = 204), (status = 401), (status = 403), (status = 404)))]
pub async fn activate_model(
    State(state): State<AppState>,
    Admin(me): Admin,
    Path(version): Path<i32>,
) -> AppResult<StatusCode> {
    store::activate_model(&state.db, version, Some(me.id)).await?;
    apply_now(&state).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Rules the gate suggests from recently removed ads, waiting for an admin.
#[utoipa::path(get, path = "/api/v1/office/gate/suggestions", tag = "gate",
    responses((status = 200, body = [super::suggest::Suggestion]), (status = 401), (status = 403)))]
pub async fn list_suggestions(
    State(state): State<AppState>,
    _a: Admin,
) -> AppResult<Json<Vec<super::suggest::Suggestion>>> {
    Ok(Json(super::suggest::pending(&state.db).await?))
}

/// How many suggestions a run added.
#[derive(Serialize, ToSchema)]
pub struct Mined {
    pub added: usize,
}

/// Look for new suggestions now (it also happens every six hours).
#[utoipa::path(post, path = "/api/v1/office/gate/suggestions/mine", tag = "gate",
    responses((status = 200, body = Mined), (status = 401), (status = 403)))]
pub async fn mine_suggestions(State(state): State<AppState>, _a: Admin) -> AppResult<Json<Mined>> {
    Ok(Json(Mined {
        added: super::suggest::mine(&state).await?,
    }))
}

/// Accept a suggestion: it becomes a scoring rule (audited).
#[utoipa::path(post, path = "/api/v1/office/gate/suggestions/{id}/accept", tag = "gate",
    responses((status = 200, body = super::suggest::Suggestion), (status = 401), (status = 403), (status = 404), (status = 409, description = "already_decided")))]
pub async fn accept_suggestion(
    State(state): State<AppState>,
    Admin(me): Admin,
    Path(id): Path<i64>,
) -> AppResult<Json<super::suggest::Suggestion>> {
    Ok(Json(super::suggest::decide(&state, id, true, me.id).await?))
}

/// Dismiss a suggestion: it is not suggested again (audited).
#[utoipa::path(post, path = "/api/v1/office/gate/suggestions/{id}/dismiss", tag = "gate",
    responses((status = 200, body = super::suggest::Suggestion), (status = 401), (status = 403), (status = 404), (status = 409, description = "already_decided")))]
pub async fn dismiss_suggestion(
    State(state): State<AppState>,
    Admin(me): Admin,
    Path(id): Path<i64>,
) -> AppResult<Json<super::suggest::Suggestion>> {
    Ok(Json(
        super::suggest::decide(&state, id, false, me.id).await?,
    ))
}

/// Query of the audit log.
#[derive(serde::Deserialize, utoipa::IntoParams)]
pub struct AuditQuery {
    /// Subjects starting with this, e.g. `gate_rule` or `gate_rule:17`.
    pub subject: Option<String>,
}

/// The newest audit entries (admins): who changed what, when, before and after.
#[utoipa::path(get, path = "/api/v1/office/audit", tag = "gate", params(AuditQuery), responses((status = 200, body = [Object]), (status = 401), (status = 403)))]
pub async fn audit_log(
    State(state): State<AppState>,
    _a: Admin,
    axum::extract::Query(q): axum::extract::Query<AuditQuery>,
) -> AppResult<Json<Vec<crate::platform::audit::entry::Model>>> {
    Ok(Json(
        crate::platform::audit::recent(&state.db, q.subject.as_deref(), 200).await?,
    ))
}
