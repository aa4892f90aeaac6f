//! `/post` and `/ads/{id}/edit`: the ad form. A refused form comes back exactly as typed.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::{CategoryView, category_views};
use crate::ads::service;
use crate::ads::validate::AdForm;
use crate::ads::view::AdView;
use crate::platform::auth::Auth;
use crate::platform::csrf::CsrfForm;
use crate::platform::error::{AppResult, FieldErrors};
use crate::platform::forms::form_errors;
use crate::platform::render::page_with_status;
use crate::platform::state::AppState;
use crate::platform::web::Ctx;
use crate::shield::{Guarded, Outcome};

#[derive(Template)]
#[template(path = "ads/form.html")]
struct FormPage {
    ctx: Ctx,
    /// `None` for a new ad.
    editing: Option<i64>,
    form: AdForm,
    categories: Vec<CategoryView>,
    errors: FieldErrors,
    form_error: Option<String>,
    /// The gate's reasons when it refused the ad, in the reader's language.
    reasons: Vec<String>,
    can_post: bool,
    guard: crate::shield::GuardView,
}

async fn render(
    state: &AppState,
    ctx: Ctx,
    editing: Option<i64>,
    form: AdForm,
    e: Option<crate::platform::error::AppError>,
) -> AppResult<Response> {
    let cats = service::categories(&state.db).await?;
    let categories = category_views(&ctx, &cats, &[]);
    let can_post = ctx.user.as_ref().is_some_and(|u| u.verified);
    let verdict = e.as_ref().and_then(crate::gate::explain::verdict_of);
    let reasons = verdict
        .map(|v| crate::gate::explain::explain(&ctx, v))
        .unwrap_or_default();
    let refused = verdict.is_some();
    let wait = e
        .as_ref()
        .map(crate::platform::error::retry_headers)
        .unwrap_or_default();
    let (status, errors, form_error) = match e {
        None => (StatusCode::OK, FieldErrors::new(), None),
        Some(_) if refused => (
            StatusCode::UNPROCESSABLE_ENTITY,
            FieldErrors::new(),
            Some("error-rejected-by-gate".to_string()),
        ),
        Some(e) => {
            let status = e.status_and_code().0;
            let (errors, form_error) = form_errors(&ctx, e)?;
            (status, errors, form_error)
        }
    };
    // New ads need a CAPTCHA (easy for trusted accounts); edits do not.
    let guard = crate::shield::GuardView::new(
        state,
        &ctx,
        if editing.is_some() {
            "ad_edit"
        } else {
            "ad_post"
        },
        editing.is_none(),
        &errors,
    )
    .await?;
    let mut res = page_with_status(
        &FormPage {
            ctx,
            editing,
            form,
            categories,
            errors,
            form_error,
            reasons,
            can_post,
            guard,
        },
        status,
    )?;
    res.headers_mut().extend(wait);
    Ok(res)
}

/// Runs the shield on a submitted ad form.
async fn shield(
    state: &AppState,
    ctx: &Ctx,
    action: &'static str,
    guard: &crate::shield::GuardFields,
) -> AppResult<crate::shield::Outcome> {
    let attempt = crate::shield::Attempt {
        action,
        form: Some(guard),
        captcha_header: None,
        captcha: action == "ad_post",
    };
    crate::shield::check(state, ctx, attempt).await
}

pub async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Auth(_): Auth,
) -> AppResult<Response> {
    let form = AdForm {
        currency: state.config.default_currency.clone(),
        ..Default::default()
    };
    render(&state, ctx, None, form, None).await
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Auth(me): Auth,
    CsrfForm(Guarded { form, guard }): CsrfForm<Guarded<AdForm>>,
) -> AppResult<Response> {
    let result = match form.validate(&state.config.default_currency) {
        Ok(input) => match shield(&state, &ctx, "ad_post", &guard).await {
            // A bot is shown its ads as if the ad had gone in for review.
            Ok(Outcome::Trap) => return Ok(Redirect::to("/account/ads").into_response()),
            Ok(Outcome::Pass { review, .. }) => {
                service::create(&state, &me, ctx.ip.as_deref(), input, review).await
            }
            Err(e) => Err(e),
        },
        Err(e) => Err(e),
    };
    match result {
        Ok(posted) => {
            let cats = service::category_map(&state.db).await?;
            Ok(Redirect::to(&AdView::new(&ctx, &posted.ad, &cats).url).into_response())
        }
        Err(e) => render(&state, ctx, None, form, Some(e)).await,
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Auth(me): Auth,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let a = service::find_owned(&state.db, id, &me).await?;
    let cats = service::category_map(&state.db).await?;
    let form = AdForm {
        category: cats
            .get(&a.category_id)
            .map(|c| c.slug.clone())
            .unwrap_or_default(),
        title: a.title,
        description: a.description,
        price: a
            .price_cents
            .map(|c| format!("{}.{:02}", c / 100, c % 100))
            .unwrap_or_default(),
        currency: a.currency,
        location: a.location,
        contact_phone: a.contact_phone.unwrap_or_default(),
    };
    render(&state, ctx, Some(id), form, None).await
}

pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Auth(me): Auth,
    Path(id): Path<i64>,
    CsrfForm(Guarded { form, guard }): CsrfForm<Guarded<AdForm>>,
) -> AppResult<Response> {
    let result = match form.validate(&state.config.default_currency) {
        Ok(input) => match shield(&state, &ctx, "ad_edit", &guard).await {
            Ok(Outcome::Trap) => return Ok(Redirect::to("/account/ads").into_response()),
            Ok(Outcome::Pass { review, .. }) => {
                service::update(&state, &me, ctx.ip.as_deref(), id, input, review).await
            }
            Err(e) => Err(e),
        },
        Err(e) => Err(e),
    };
    match result {
        Ok(posted) => {
            let cats = service::category_map(&state.db).await?;
            Ok(Redirect::to(&AdView::new(&ctx, &posted.ad, &cats).url).into_response())
        }
        Err(e) => render(&state, ctx, Some(id), form, Some(e)).await,
    }
}
