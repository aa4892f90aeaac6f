//! `POST /api/v1/spam/check`: the pre-submission check the post form calls while the user
//! types. It judges the draft exactly as posting would, records nothing and stores nothing.

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

use crate::ads::validate::AdForm;
use crate::platform::error::AppResult;
use crate::platform::json::ApiJson;
use crate::platform::state::AppState;
use crate::platform::web::{Ctx, explain};

/// A draft ad: every field may still be missing while the user types.
#[derive(serde::Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct DraftBody {
    pub category: String,
    pub title: String,
    pub description: String,
    pub price: Option<f64>,
    pub location: String,
    pub contact_phone: String,
}

/// The verdict a draft would get, and why, in the reader's language.
#[derive(Serialize, ToSchema)]
pub struct CheckResult {
    #[schema(value_type = Object)]
    pub verdict: antispam::Verdict,
    pub explanation: Vec<String>,
}

/// Check a draft ad against the gate without posting it.
#[utoipa::path(post, path = "/api/v1/spam/check", tag = "ads", request_body = DraftBody,
    responses((status = 200, body = CheckResult), (status = 422)))]
pub async fn check(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(b): ApiJson<DraftBody>,
) -> AppResult<Json<CheckResult>> {
    let form = AdForm {
        category: b.category,
        title: b.title,
        description: b.description,
        price: b.price.map(|p| format!("{p:.2}")).unwrap_or_default(),
        currency: String::new(),
        location: b.location,
        contact_phone: b.contact_phone,
    };
    let input = form.validate_draft(&state.config.default_currency);
    let verdict =
        crate::ads::judge::judge(&state, ctx.user.as_ref(), ctx.ip.as_deref(), &input, None)
            .await?;
    let explanation = explain(&ctx, &verdict);
    Ok(Json(CheckResult {
        verdict,
        explanation,
    }))
}
