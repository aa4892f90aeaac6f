//! What a guarded HTML form carries besides its own fields: a honeypot people never see,
//! the signed time the form was shown (bots post faster than people type), and the
//! CAPTCHA answer. [`Guarded`] reads them next to the form's own struct; [`GuardView`]
//! renders them (`templates/shield/guard.html`).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use serde::Deserialize;

use super::captcha::{self, Challenge};
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::state::AppState;
use crate::platform::web::Ctx;

/// The honeypot's field name: a name autofill and bots both like to fill.
pub const HONEYPOT: &str = "website";

/// The guard's fields of a submitted form (all optional: absent means empty).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct GuardFields {
    #[serde(default)]
    pub website: String,
    #[serde(default)]
    pub form_ts: String,
    #[serde(default)]
    pub captcha_token: String,
    #[serde(default)]
    pub captcha_number: String,
    #[serde(default)]
    pub captcha_qtoken: String,
    #[serde(default)]
    pub captcha_answer: String,
}

impl GuardFields {
    /// The CAPTCHA answer in the form's fields.
    pub fn answer(&self) -> captcha::Answer {
        captcha::Answer {
            pow: (!self.captcha_token.is_empty() && !self.captcha_number.is_empty())
                .then(|| format!("{}.{}", self.captcha_token, self.captcha_number.trim())),
            question: (!self.captcha_qtoken.is_empty())
                .then(|| (self.captcha_qtoken.clone(), self.captcha_answer.clone())),
        }
    }
}

/// A form struct together with the guard's fields, read from the same body:
/// `CsrfForm(Guarded { form, guard })`.
#[derive(Clone, Debug, Deserialize)]
pub struct Guarded<T> {
    #[serde(flatten)]
    pub form: T,
    #[serde(flatten)]
    pub guard: GuardFields,
}

/// The `X-Captcha: token.number` header of an API request.
pub struct CaptchaHeader(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for CaptchaHeader {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        Ok(CaptchaHeader(
            parts
                .headers
                .get("x-captcha")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string),
        ))
    }
}

fn ts_key(state: &AppState) -> Vec<u8> {
    format!("form-ts:{}", state.secret.0).into_bytes()
}

/// The signed moment a form was shown, in milliseconds.
pub fn form_ts(state: &AppState) -> String {
    let ms = now_ms().to_string();
    let sig = antispam::pow::sign(&ts_key(state), &[&ms]);
    format!("{ms}.{sig}")
}

/// How many milliseconds ago a signed form time was made; `None` when it is not ours.
pub fn form_age_ms(state: &AppState, ts: &str) -> Option<i64> {
    let (ms, sig) = ts.trim().split_once('.')?;
    if !antispam::pow::verify_signature(&ts_key(state), &[ms], sig) {
        return None;
    }
    Some(now_ms() - ms.parse::<i64>().ok()?)
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// What `templates/shield/guard.html` needs.
#[derive(Clone, Debug)]
pub struct GuardView {
    pub ts: String,
    pub min_fill_ms: u64,
    pub captcha: Option<Challenge>,
    /// The translated reason the last answer was refused.
    pub error: Option<String>,
}

impl GuardView {
    /// The guard for a form of `action`, with a fresh CAPTCHA when `with_captcha`, and the
    /// message of a refused answer from `errors` (field `captcha`).
    pub async fn new(
        state: &AppState,
        ctx: &Ctx,
        action: &str,
        with_captcha: bool,
        errors: &FieldErrors,
    ) -> AppResult<GuardView> {
        let captcha = if with_captcha {
            let difficulty = super::guard::difficulty(state, ctx).await?;
            Some(captcha::issue(state, ctx, action, difficulty))
        } else {
            None
        };
        let creating = matches!(action, "signup" | "ad_post" | "report" | "message");
        Ok(GuardView {
            ts: form_ts(state),
            min_fill_ms: if creating {
                state.config.form_min_fill_ms
            } else {
                0
            },
            captcha,
            error: errors.get("captcha").map(|k| ctx.t(k)),
        })
    }
}
