//! The shield's JSON API: CAPTCHA challenges for API clients, and for staff the blocks,
//! settings, record, an address's history and the mail-domain lists.

use std::net::IpAddr;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::blocks::{self, ImportReport, ListQuery, NewBlock, Rollup, Severity};
use super::captcha::{self, Challenge};
use super::settings::{self, ShieldConfig};
use super::{email, events};
use crate::platform::auth::{Admin, Moderator};
use crate::platform::error::{AppError, AppResult};
use crate::platform::json::ApiJson;
use crate::platform::state::AppState;
use crate::platform::web::Ctx;

#[derive(Deserialize, IntoParams)]
pub struct ChallengeQuery {
    /// The action the answer will be used for: `signup`, `login`, `password_reset`,
    /// `ad_post`, `report` or `message`.
    pub action: String,
}

/// A proof-of-work challenge. Solve it (find the number whose SHA-256 with the salt is
/// the challenge) and send `X-Captcha: <token>.<number>` with the request it is for.
#[utoipa::path(get, path = "/api/v1/captcha", tag = "shield", params(ChallengeQuery),
    responses((status = 200, body = Challenge), (status = 422)))]
pub async fn challenge(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ChallengeQuery>,
) -> AppResult<Json<Challenge>> {
    let action = super::ACTIONS
        .iter()
        .find(|a| **a == q.action)
        .ok_or_else(|| AppError::field("action", "field-invalid"))?;
    let difficulty = super::guard::difficulty(&state, &ctx).await?;
    Ok(Json(captcha::issue(&state, &ctx, action, difficulty)))
}

/// Active blocks (or all with `all=true`), newest first, searchable.
#[utoipa::path(get, path = "/api/v1/office/blocks", tag = "shield", params(ListQuery),
    responses((status = 200, body = [blocks::entity::Model]), (status = 401), (status = 403)))]
pub async fn list_blocks(
    State(state): State<AppState>,
    _m: Moderator,
    Query(q): Query<ListQuery>,
) -> AppResult<Json<Vec<blocks::entity::Model>>> {
    Ok(Json(blocks::list(&state.db, &q).await?))
}

/// Block an address or range: `{cidr, reason, severity?: approval|no_posting|no_access, expires?: "24h"|"7d"|…}`.
#[utoipa::path(post, path = "/api/v1/office/blocks", tag = "shield", request_body = NewBlock,
    responses((status = 201, body = blocks::entity::Model), (status = 401), (status = 403), (status = 422)))]
pub async fn add_block(
    State(state): State<AppState>,
    Moderator(me): Moderator,
    ApiJson(new): ApiJson<NewBlock>,
) -> AppResult<(StatusCode, Json<blocks::entity::Model>)> {
    let b = blocks::add(&state, Some(me.id), &new, "manual").await?;
    Ok((StatusCode::CREATED, Json(b)))
}

#[derive(Deserialize, IntoParams)]
pub struct LiftQuery {
    /// The exact address or range of the block.
    pub cidr: String,
}

/// Lift the active block on exactly this address or range.
#[utoipa::path(delete, path = "/api/v1/office/blocks", tag = "shield", params(LiftQuery),
    responses((status = 204), (status = 401), (status = 403), (status = 404), (status = 422)))]
pub async fn lift_block(
    State(state): State<AppState>,
    Moderator(me): Moderator,
    Query(q): Query<LiftQuery>,
) -> AppResult<StatusCode> {
    blocks::lift(&state, Some(me.id), &q.cidr).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The active blocks as a blocklist file (one range a line, `#` comments).
#[utoipa::path(get, path = "/api/v1/office/blocks/export", tag = "shield",
    responses((status = 200, content_type = "text/plain"), (status = 401), (status = 403)))]
pub async fn export_blocks(
    State(state): State<AppState>,
    _m: Moderator,
) -> AppResult<impl IntoResponse> {
    Ok((
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"blocklist.txt\"",
            ),
        ],
        blocks::export(&state.db).await?,
    ))
}

/// A shared blocklist to import.
#[derive(Deserialize, ToSchema)]
pub struct ImportBody {
    /// One address or range a line; `#` starts a comment.
    pub text: String,
    #[serde(default)]
    pub severity: Option<String>,
    #[serde(default)]
    pub expires: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
}

/// Import a blocklist; invalid lines are reported by number, the rest are added.
#[utoipa::path(post, path = "/api/v1/office/blocks/import", tag = "shield", request_body = ImportBody,
    responses((status = 200, body = ImportReport), (status = 401), (status = 403), (status = 422)))]
pub async fn import_blocks(
    State(state): State<AppState>,
    Admin(me): Admin,
    ApiJson(b): ApiJson<ImportBody>,
) -> AppResult<Json<ImportReport>> {
    let (severity, expires, reason) = import_options(&b)?;
    Ok(Json(
        blocks::import(&state, Some(me.id), &b.text, severity, expires, &reason).await?,
    ))
}

fn import_options(b: &ImportBody) -> AppResult<(Severity, Option<i64>, String)> {
    let severity = match b.severity.as_deref().filter(|s| !s.is_empty()) {
        None => Severity::NoPosting,
        Some(s) => {
            Severity::parse(s).ok_or_else(|| AppError::field("severity", "field-invalid"))?
        }
    };
    let expires = blocks::parse_duration(b.expires.as_deref().unwrap_or(""))
        .map_err(|k| AppError::field("expires", k))?;
    let reason = b
        .reason
        .clone()
        .filter(|r| !r.trim().is_empty())
        .unwrap_or_else(|| "imported blocklist".into());
    Ok((severity, expires, reason))
}

/// Neighbourhoods (/24, /64) where several single addresses are blocked.
#[utoipa::path(get, path = "/api/v1/office/blocks/rollups", tag = "shield",
    responses((status = 200, body = [Rollup]), (status = 401), (status = 403)))]
pub async fn rollups(State(state): State<AppState>, _m: Moderator) -> AppResult<Json<Vec<Rollup>>> {
    let min = settings::current(&state).await?.rollup_min;
    Ok(Json(blocks::rollup_suggestions(&state, min)))
}

#[derive(Deserialize, ToSchema)]
pub struct RollupBody {
    pub range: String,
    #[serde(default)]
    pub reason: Option<String>,
}

/// Confirm a roll-up: one block on the range replaces the single ones inside it.
#[utoipa::path(post, path = "/api/v1/office/blocks/rollups", tag = "shield", request_body = RollupBody,
    responses((status = 201, body = blocks::entity::Model), (status = 401), (status = 403), (status = 404)))]
pub async fn do_rollup(
    State(state): State<AppState>,
    Admin(me): Admin,
    ApiJson(b): ApiJson<RollupBody>,
) -> AppResult<(StatusCode, Json<blocks::entity::Model>)> {
    let reason = b
        .reason
        .filter(|r| !r.trim().is_empty())
        .unwrap_or_else(|| "several blocked addresses in one network".into());
    let m = blocks::rollup(&state, Some(me.id), &b.range, &reason).await?;
    Ok((StatusCode::CREATED, Json(m)))
}

/// The shield's settings: limits per action, CAPTCHA difficulty, automatic blocks, mail screening.
#[utoipa::path(get, path = "/api/v1/office/shield/config", tag = "shield",
    responses((status = 200, body = ShieldConfig), (status = 401), (status = 403)))]
pub async fn get_config(State(state): State<AppState>, _a: Admin) -> AppResult<Json<ShieldConfig>> {
    Ok(Json((*settings::current(&state).await?).clone()))
}

/// Replace the shield's settings; every instance applies them within seconds.
#[utoipa::path(put, path = "/api/v1/office/shield/config", tag = "shield", request_body = ShieldConfig,
    responses((status = 200, body = ShieldConfig), (status = 401), (status = 403), (status = 422)))]
pub async fn put_config(
    State(state): State<AppState>,
    Admin(me): Admin,
    ApiJson(new): ApiJson<ShieldConfig>,
) -> AppResult<Json<ShieldConfig>> {
    let saved = settings::update(&state, Some(me.id), new).await?;
    super::limits::forget_refusals(&state);
    Ok(Json((*saved).clone()))
}

#[derive(Deserialize, IntoParams)]
pub struct EventQuery {
    pub ip: Option<String>,
    pub user_id: Option<i64>,
    /// `blocked`, `throttled`, `honeypot`, `too_fast`, `captcha_failed`, `auto_block`,
    /// `email_refused`, `email_held`, `login_failed`.
    pub kind: Option<String>,
    pub since: Option<i64>,
    pub limit: Option<u64>,
}

/// The record of what the shield stopped, newest first.
#[utoipa::path(get, path = "/api/v1/office/shield/events", tag = "shield", params(EventQuery),
    responses((status = 200, body = [events::entity::Model]), (status = 401), (status = 403)))]
pub async fn list_events(
    State(state): State<AppState>,
    _m: Moderator,
    Query(q): Query<EventQuery>,
) -> AppResult<Json<Vec<events::entity::Model>>> {
    let filter = events::Filter {
        ip: q.ip,
        user_id: q.user_id,
        kind: q.kind,
        since: q.since,
    };
    Ok(Json(
        events::list(&state.db, &filter, q.limit.unwrap_or(100)).await?,
    ))
}

/// Everything the site knows about one address.
#[derive(Serialize, ToSchema)]
pub struct AddressHistory {
    pub ip: String,
    /// The block in force now, if any.
    pub active: Option<blocks::entity::Model>,
    /// Every block that ever covered it.
    pub blocks: Vec<blocks::entity::Model>,
    pub events: Vec<events::entity::Model>,
    /// Accounts created from it: `(id, email, status)`.
    pub signups: Vec<(i64, String, String)>,
    /// The gate's verdicts on submissions from it: `(kind, action, score, at)`.
    pub verdicts: Vec<(String, String, f64, i64)>,
}

/// Gathers an address's history (the office page shows the same).
pub async fn history(state: &AppState, ip: &str) -> AppResult<AddressHistory> {
    let addr: IpAddr = ip
        .parse()
        .map_err(|_| AppError::field("ip", "field-cidr-invalid"))?;
    let ip = crate::platform::net::canonical(addr).to_string();
    let all = blocks::history(&state.db, addr).await?;
    let active_id = blocks::lookup(state, Some(&ip)).map(|b| b.id);
    let active = all.iter().find(|b| Some(b.id) == active_id).cloned();
    let filter = events::Filter {
        ip: Some(ip.clone()),
        ..Default::default()
    };
    let events = events::list(&state.db, &filter, 200).await?;
    use crate::accounts::entity::user;
    let signups = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::Email)
        .column(user::Column::Status)
        .filter(user::Column::SignupIp.eq(&ip))
        .order_by_desc(user::Column::Id)
        .limit(100)
        .into_tuple()
        .all(&state.db)
        .await?;
    use crate::gate::entity as verdict;
    let verdicts = verdict::Entity::find()
        .select_only()
        .column(verdict::Column::SubjectKind)
        .column(verdict::Column::Action)
        .column(verdict::Column::Score)
        .column(verdict::Column::CreatedAt)
        .filter(verdict::Column::Ip.eq(&ip))
        .order_by_desc(verdict::Column::Id)
        .limit(100)
        .into_tuple()
        .all(&state.db)
        .await?;
    Ok(AddressHistory {
        ip,
        active,
        blocks: all,
        events,
        signups,
        verdicts,
    })
}

/// One address's history: blocks, stops, sign-ups and the gate's verdicts.
#[utoipa::path(get, path = "/api/v1/office/addresses/{ip}", tag = "shield",
    params(("ip" = String, Path, description = "An IPv4 or IPv6 address")),
    responses((status = 200, body = AddressHistory), (status = 401), (status = 403), (status = 422)))]
pub async fn address(
    State(state): State<AppState>,
    _m: Moderator,
    Path(ip): Path<String>,
) -> AppResult<Json<AddressHistory>> {
    Ok(Json(history(&state, &ip).await?))
}

#[derive(Deserialize, IntoParams)]
pub struct DomainQuery {
    /// `blocked` or `disposable`.
    pub kind: Option<String>,
}

/// Mail domains admins added (the shipped disposable list is not repeated here).
#[utoipa::path(get, path = "/api/v1/office/email-domains", tag = "shield", params(DomainQuery),
    responses((status = 200, body = [email::entity::Model]), (status = 401), (status = 403)))]
pub async fn list_domains(
    State(state): State<AppState>,
    _a: Admin,
    Query(q): Query<DomainQuery>,
) -> AppResult<Json<Vec<email::entity::Model>>> {
    Ok(Json(email::list(&state, q.kind.as_deref()).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct DomainsBody {
    /// `blocked` or `disposable`.
    pub kind: String,
    pub domains: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Added {
    pub added: u64,
}

/// Add mail domains to the blocked or the disposable list.
#[utoipa::path(post, path = "/api/v1/office/email-domains", tag = "shield", request_body = DomainsBody,
    responses((status = 200, body = Added), (status = 401), (status = 403), (status = 422)))]
pub async fn add_domains(
    State(state): State<AppState>,
    Admin(me): Admin,
    ApiJson(b): ApiJson<DomainsBody>,
) -> AppResult<Json<Added>> {
    let added = email::add(&state, Some(me.id), &b.kind, &b.domains).await?;
    Ok(Json(Added { added }))
}

/// Remove an admin-added mail domain.
#[utoipa::path(delete, path = "/api/v1/office/email-domains/{domain}", tag = "shield",
    params(("domain" = String, Path)),
    responses((status = 204), (status = 401), (status = 403), (status = 404)))]
pub async fn remove_domain(
    State(state): State<AppState>,
    Admin(me): Admin,
    Path(domain): Path<String>,
) -> AppResult<StatusCode> {
    email::remove(&state, Some(me.id), &domain).await?;
    Ok(StatusCode::NO_CONTENT)
}
