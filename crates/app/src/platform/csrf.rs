//! CSRF protection for HTML forms: every form carries `_csrf`, an HMAC under the site
//! secret. For a logged-in person it is bound to their session (so it changes at every
//! login and dies with the session); for visitors to a `csrf` cookie seed the site issued
//! and signed (a cookie planted from elsewhere is not accepted as a seed). A cross-site
//! page can neither read the cookie nor compute the token. The JSON API is protected by
//! requiring a JSON body and a same-origin `Origin` header instead.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use hmac::{Hmac, Mac};
use serde::de::DeserializeOwned;
use sha2::Sha256;

use super::error::AppError;
use super::state::AppState;
use super::web::Ctx;

/// The cookie holding the visitor's CSRF seed.
pub const CSRF_COOKIE: &str = "csrf";

/// The token a form must echo for a given cookie value.
pub fn token_for(secret: &str, seed: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("hmac takes any key");
    mac.update(seed.as_bytes());
    hex::encode(&mac.finalize().into_bytes()[..16])
}

/// A new visitor seed: random, with the site's signature so it cannot be planted.
pub fn new_seed(secret: &str) -> String {
    let random = super::util::random_token();
    let sig = token_for(secret, &format!("csrf-seed:{random}"));
    format!("{random}.{sig}")
}

/// Whether a seed from a cookie is one the site issued.
pub fn seed_is_ours(secret: &str, seed: &str) -> bool {
    match seed.split_once('.') {
        Some((random, sig)) if random.len() >= 16 => constant_time_eq(
            sig.as_bytes(),
            token_for(secret, &format!("csrf-seed:{random}")).as_bytes(),
        ),
        _ => false,
    }
}

/// The token of a logged-in person: bound to their session.
pub fn session_token(secret: &str, session_id: &str) -> String {
    token_for(secret, &format!("session:{session_id}"))
}

/// Compares without stopping at the first difference, so timing reveals nothing.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A form that carries nothing but its CSRF token (buttons: log out, renew, approve…).
#[derive(serde::Deserialize)]
pub struct EmptyForm {}

/// Extractor: a url-encoded form whose `_csrf` field matches this visitor's token.
/// Rejects with 403 `csrf_failed` otherwise. Form structs keep every field a `String`
/// so a rejected form can be shown again exactly as typed.
pub struct CsrfForm<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = AppError;
    async fn from_request(req: Request, state: &AppState) -> Result<Self, AppError> {
        let (mut parts, body) = req.into_parts();
        let ctx = <Ctx as axum::extract::FromRequestParts<AppState>>::from_request_parts(
            &mut parts, state,
        )
        .await?;
        let req = Request::from_parts(parts, body);
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                AppError::TooLarge
            } else {
                AppError::BadRequest("invalid_body")
            }
        })?;
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes)
            .map_err(|_| AppError::BadRequest("invalid_body"))?;
        let sent = pairs
            .iter()
            .find(|(k, _)| k == "_csrf")
            .map(|(_, v)| v.as_str());
        if !sent.is_some_and(|s| constant_time_eq(s.as_bytes(), ctx.csrf.as_bytes())) {
            return Err(AppError::Forbidden("csrf_failed"));
        }
        let value = serde_urlencoded::from_bytes(&bytes)
            .map_err(|_| AppError::BadRequest("invalid_body"))?;
        Ok(CsrfForm(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_are_signed_and_sessions_bind_tokens() {
        let seed = new_seed("s1");
        assert!(seed_is_ours("s1", &seed));
        assert!(!seed_is_ours("s2", &seed));
        assert!(!seed_is_ours("s1", "aaaaaaaaaaaaaaaaaaaaaaaa"));
        assert_ne!(session_token("s1", "a"), session_token("s1", "b"));
    }

    #[test]
    fn tokens_depend_on_seed_and_secret() {
        let a = token_for("s1", "seed");
        assert_eq!(a, token_for("s1", "seed"));
        assert_ne!(a, token_for("s2", "seed"));
        assert_ne!(a, token_for("s1", "other"));
        assert_eq!(a.len(), 32);
    }
}
