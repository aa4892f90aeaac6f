//! `POST /api/v1/spam/check`: the pre-submission check the post form calls while the user
//! types. It judges the draft exactly as posting would, records nothing and stores nothing,
//! and answers only what the writer would be told: it needs a session and is rate-limited,
//! so it is no oracle for tuning spam against the gate.

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

use crate::ads::validate::AdForm;
use crate::gate::explain::{WriterVerdict, explain, for_writer};
use crate::platform::auth::Auth;
use crate::platform::error::AppResult;
use crate::platform::json::ApiJson;
use crate::platform::state::AppState;
use crate::platform::web::Ctx;

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
    pub verdict: WriterVerdict,
    /// The reasons' sentences, for forms that only show text.
    pub explanation: Vec<String>,
}

/// Check a draft ad against the gate without posting it (logged-in people only).
#[utoipa::path(post, path = "/api/v1/spam/check", tag = "ads", request_body = DraftBody,
    responses((status = 200, body = CheckResult), (status = 401), (status = 403, description = "address_blocked"),
        (status = 422), (status = 429, description = "too many checks; see Retry-After")))]
pub async fn check(
    State(state): State<AppState>,
    Auth(me): Auth,
    ctx: Ctx,
    ApiJson(b): ApiJson<DraftBody>,
) -> AppResult<Json<CheckResult>> {
    let attempt = crate::shield::Attempt {
        action: "spam_check",
        form: None,
        captcha_header: None,
        captcha: false,
    };
    crate::shield::check(&state, &ctx, attempt).await?;
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
        crate::ads::judge::judge(&state, Some(&me), ctx.ip.as_deref(), &input, None).await?;
    Ok(Json(CheckResult {
        verdict: for_writer(&ctx.i18n, &verdict),
        explanation: explain(&ctx, &verdict),
    }))
}
