//! The ads JSON API (`/api/v1/ads…`, `/api/v1/me/ads`).

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::lifecycle::{Event, Status};
use super::queries::{self, Listing, PER_PAGE, Sort};
use super::service;
use super::validate::{AdForm, parse_price};
use super::view::AdOut;
use crate::gate::explain::{WriterVerdict, for_writer};
use crate::platform::auth::Auth;
use crate::platform::error::{AppError, AppResult};
use crate::platform::json::ApiJson;
use crate::platform::render::cached;
use crate::platform::state::AppState;
use crate::platform::web::Ctx;

/// A new ad, or the full new content of an edited one.
#[derive(Deserialize, ToSchema)]
pub struct AdBody {
    /// Category slug.
    pub category: String,
    pub title: String,
    pub description: String,
    /// Price in major units (e.g. 1250.50); omit for "on request".
    pub price: Option<f64>,
    /// ISO 4217 code; the site's default when omitted.
    pub currency: Option<String>,
    pub location: String,
    pub contact_phone: Option<String>,
}

impl AdBody {
    /// The body as a form, so pages and the API validate the same way.
    pub fn into_form(self) -> AdForm {
        AdForm {
            category: self.category,
            title: self.title,
            description: self.description,
            price: self
                .price
                .map(|p| {
                    if p.is_finite() && p >= 0.0 {
                        format!("{p:.2}")
                    } else {
                        "invalid".into()
                    }
                })
                .unwrap_or_default(),
            currency: self.currency.unwrap_or_default(),
            location: self.location,
            contact_phone: self.contact_phone.unwrap_or_default(),
        }
    }
}

/// What posting answers.
#[derive(Serialize, ToSchema)]
pub struct Created {
    pub id: i64,
    pub url: String,
    /// `published`, or `pending_review` when the gate held it for a person.
    pub status: Status,
    /// What the gate decided, in words for the writer (never scores or rules).
    pub verdict: WriterVerdict,
    /// The gate's full verdict (`{action, score, signals}`), for staff only.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub staff_verdict: Option<antispam::Verdict>,
}

/// Runs the shield for an API request (no form, so nothing to trap).
async fn shield(
    state: &AppState,
    ctx: &Ctx,
    action: &'static str,
    captcha: bool,
    header: &crate::shield::CaptchaHeader,
) -> AppResult<()> {
    let attempt = crate::shield::Attempt {
        action,
        form: None,
        captcha_header: header.0.as_deref(),
        captcha,
    };
    crate::shield::check(state, ctx, attempt).await.map(|_| ())
}

/// Post an ad (verified accounts only), with a solved CAPTCHA in `X-Captcha`
/// (`GET /api/v1/captcha?action=ad_post`; easy for trusted accounts).
#[utoipa::path(post, path = "/api/v1/ads", tag = "ads", request_body = AdBody,
    responses((status = 201, body = Created), (status = 401), (status = 403, description = "email_not_verified, address_blocked"),
        (status = 422, description = "validation_failed (also a missing or wrong `captcha`), or rejected_by_gate with `verdict` and a translated `explanation`"),
        (status = 429, description = "too many ads; see Retry-After")))]
pub async fn create(
    State(state): State<AppState>,
    Auth(me): Auth,
    ctx: Ctx,
    header: crate::shield::CaptchaHeader,
    ApiJson(b): ApiJson<AdBody>,
) -> AppResult<(StatusCode, Json<Created>)> {
    let input = b.into_form().validate(&state.config.default_currency)?;
    shield(&state, &ctx, "ad_post", true, &header).await?;
    let posted = service::create(&state, &me, ctx.ip.as_deref(), input, false).await?;
    let out = AdOut::new(&posted.ad, &service::category_map(&state.db).await?);
    Ok((
        StatusCode::CREATED,
        Json(Created {
            id: out.id,
            url: out.url,
            status: out.status,
            verdict: for_writer(&ctx.i18n, &posted.verdict),
            staff_verdict: ctx.is_staff().then_some(posted.verdict),
        }),
    ))
}

#[derive(Deserialize, IntoParams)]
pub struct ListQuery {
    /// Words to search for.
    pub q: Option<String>,
    /// Category slug.
    pub category: Option<String>,
    pub page: Option<String>,
    /// `newest`, `price_asc`, `price_desc` (default: relevance when searching, else newest).
    pub sort: Option<String>,
    pub min_price: Option<String>,
    pub max_price: Option<String>,
}

/// A page of ads.
#[derive(Serialize, ToSchema)]
pub struct AdPage {
    pub items: Vec<AdOut>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// Turns query parameters into a listing, refusing what makes no sense.
pub async fn listing_from(state: &AppState, q: &ListQuery) -> AppResult<Listing> {
    let mut check = crate::accounts::validate::Check::default();
    let min = q
        .min_price
        .as_deref()
        .and_then(|p| check.take("min_price", parse_price(p)))
        .flatten();
    let max = q
        .max_price
        .as_deref()
        .and_then(|p| check.take("max_price", parse_price(p)))
        .flatten();
    let page = match q.page.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        None => 1,
        Some(p) => match p.parse::<u64>() {
            Ok(n) if (1..=queries::MAX_PAGE).contains(&n) => n,
            _ => {
                check.take::<()>("page", Err("field-page-invalid"));
                1
            }
        },
    };
    check.finish()?;
    let category_id = match q.category.as_deref().filter(|c| !c.is_empty()) {
        Some(slug) => Some(
            service::categories(&state.db)
                .await?
                .into_iter()
                .find(|c| c.slug == slug)
                .ok_or_else(|| AppError::field("category", "field-category-unknown"))?
                .id,
        ),
        None => None,
    };
    let text = q.q.clone().unwrap_or_default();
    let searching = !text.trim().is_empty();
    Ok(Listing {
        text,
        category_id,
        min_price_cents: min,
        max_price_cents: max,
        sort: Sort::parse(q.sort.as_deref(), searching),
        page,
    })
}

/// Browse or search public ads.
#[utoipa::path(get, path = "/api/v1/ads", tag = "ads", params(ListQuery),
    responses((status = 200, body = AdPage), (status = 422)))]
pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    cached(&state, &ctx, || async {
        let l = listing_from(&state, &q).await?;
        let (items, total) = queries::list(&state, &l).await?;
        let cats = service::category_map(&state.db).await?;
        Ok(Json(AdPage {
            items: items.iter().map(|a| AdOut::new(a, &cats)).collect(),
            total,
            page: l.page,
            per_page: PER_PAGE,
        })
        .into_response())
    })
    .await
}

/// One ad: public ads for everyone, others for their owner and moderators.
#[utoipa::path(get, path = "/api/v1/ads/{id}", tag = "ads", responses((status = 200, body = AdOut), (status = 404)))]
pub async fn get_one(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    cached(&state, &ctx, || async {
        let a = service::find_visible(&state.db, id, ctx.user.as_ref()).await?;
        Ok(Json(AdOut::new(&a, &service::category_map(&state.db).await?)).into_response())
    })
    .await
}

/// Edit one's own ad (all fields). A new title or category moves its URL; the old one redirects.
#[utoipa::path(patch, path = "/api/v1/ads/{id}", tag = "ads", request_body = AdBody,
    responses((status = 200, body = AdOut), (status = 401), (status = 403, description = "not_owner"), (status = 404), (status = 409, description = "invalid_transition"), (status = 422)))]
pub async fn patch(
    State(state): State<AppState>,
    Auth(me): Auth,
    ctx: Ctx,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<AdBody>,
) -> AppResult<Json<AdOut>> {
    let input = b.into_form().validate(&state.config.default_currency)?;
    shield(
        &state,
        &ctx,
        "ad_edit",
        false,
        &crate::shield::CaptchaHeader(None),
    )
    .await?;
    let posted = service::update(&state, &me, ctx.ip.as_deref(), id, input, false).await?;
    Ok(Json(AdOut::new(
        &posted.ad,
        &service::category_map(&state.db).await?,
    )))
}

/// Delete one's own ad.
#[utoipa::path(delete, path = "/api/v1/ads/{id}", tag = "ads",
    responses((status = 204), (status = 401), (status = 403, description = "not_owner"), (status = 404)))]
pub async fn delete(
    State(state): State<AppState>,
    Auth(me): Auth,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    service::owner_event(&state, &me, id, Event::Delete).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Renew one's own published or expired ad for another period.
#[utoipa::path(post, path = "/api/v1/ads/{id}/renew", tag = "ads",
    responses((status = 200, body = AdOut), (status = 401), (status = 403, description = "not_owner"), (status = 404), (status = 409, description = "invalid_transition")))]
pub async fn renew(
    State(state): State<AppState>,
    Auth(me): Auth,
    Path(id): Path<i64>,
) -> AppResult<Json<AdOut>> {
    let saved = service::owner_event(&state, &me, id, Event::Renew).await?;
    Ok(Json(AdOut::new(
        &saved,
        &service::category_map(&state.db).await?,
    )))
}

/// The logged-in user's own ads in every status.
#[utoipa::path(get, path = "/api/v1/me/ads", tag = "ads", responses((status = 200, body = [AdOut]), (status = 401)))]
pub async fn mine(State(state): State<AppState>, Auth(me): Auth) -> AppResult<Json<Vec<AdOut>>> {
    let cats = service::category_map(&state.db).await?;
    Ok(Json(
        queries::owned_by(&state.db, me.id)
            .await?
            .iter()
            .map(|a| AdOut::new(a, &cats))
            .collect(),
    ))
}
