//! Who is asking: roles, the logged-in person, password hashing, the sessions trait
//! (accounts stores them, in the database so they hold across instances) and extractors
//! that make every handler state who may call it.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use std::collections::HashSet;
use std::sync::Arc;

use futures_util::future::BoxFuture;
use tokio::sync::Semaphore;

use super::error::AppError;
use super::state::AppState;
use super::web::Ctx;

/// How long a login lasts.
pub const SESSION_DAYS: i64 = 30;
/// The cookie that carries the session token.
pub const SESSION_COOKIE: &str = "sid";

/// What a person may do on the site.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    User,
    Agent,
    Moderator,
    Admin,
}

impl Role {
    /// Parses the stored or typed name; unknown names are not roles.
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "user" => Some(Role::User),
            "agent" => Some(Role::Agent),
            "moderator" => Some(Role::Moderator),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::User => "user",
            Role::Agent => "agent",
            Role::Moderator => "moderator",
            Role::Admin => "admin",
        }
    }

    /// Agents, moderators and admins work in the office.
    pub fn is_staff(self) -> bool {
        self != Role::User
    }

    /// Moderators and admins may see and decide on any ad.
    pub fn can_moderate(self) -> bool {
        matches!(self, Role::Moderator | Role::Admin)
    }
}

/// The logged-in person of a request.
#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub verified: bool,
    pub language: Option<String>,
    /// SHA-256 of the session token (the session row's id).
    pub session_id: String,
    pub auth_at: i64,
}

/// Hashes a password with Argon2id off the async threads. `limit` bounds how many hashes
/// run at once: each takes 19 MiB and a core, so a flood of logins must queue, not
/// exhaust the machine's memory.
pub async fn hash_password(limit: &Semaphore, password: String) -> Result<String, AppError> {
    let _permit = limit.acquire().await.map_err(|e| anyhow::anyhow!(e))?;
    tokio::task::spawn_blocking(move || {
        let mut bytes = [0u8; 16];
        rand::RngCore::fill_bytes(&mut rand::rng(), &mut bytes);
        let salt = SaltString::encode_b64(&bytes).map_err(|e| anyhow::anyhow!("salt: {e}"))?;
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))
    })
    .await
    .map_err(|e| anyhow::anyhow!(e))?
    .map_err(AppError::Internal)
}

/// Checks a password against a stored hash off the async threads. A `None` hash still
/// costs one hash, so a login for an unknown email takes as long as for a known one.
pub async fn verify_password(limit: &Semaphore, password: String, hash: Option<String>) -> bool {
    let Ok(_permit) = limit.acquire().await else {
        return false;
    };
    tokio::task::spawn_blocking(move || {
        let dummy = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2P3bqaLqQ8EiRcBXv1fYJ3jS0m4H2a2w8C4q6lkZqYk";
        let stored = hash.as_deref().unwrap_or(dummy);
        let ok = PasswordHash::new(stored)
            .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
            .unwrap_or(false);
        ok && hash.is_some()
    })
    .await
    .unwrap_or(false)
}

/// Where sessions live: accounts owns the table and implements this, registering it with
/// [`register_sessions`] when the site starts; the request context and the socket checker
/// ask it who is behind a cookie and which sessions still hold.
pub trait Sessions: Send + Sync {
    /// The person behind a cookie token, if its session is live and they may still act.
    fn lookup<'a>(
        &'a self,
        state: &'a AppState,
        token: &'a str,
    ) -> BoxFuture<'a, Result<Option<CurrentUser>, AppError>>;
    /// Of these session ids (SHA-256 of tokens), the ones still live.
    fn live<'a>(
        &'a self,
        state: &'a AppState,
        ids: &'a [String],
    ) -> BoxFuture<'a, Result<HashSet<String>, AppError>>;
}

struct SessionStore(Arc<dyn Sessions>);

/// Installs the session store (once, at start).
pub fn register_sessions(state: &AppState, store: Arc<dyn Sessions>) {
    state.slots.insert(Arc::new(SessionStore(store)));
}

/// The installed session store.
pub fn sessions(state: &AppState) -> Result<Arc<dyn Sessions>, AppError> {
    state
        .slots
        .get::<SessionStore>()
        .map(|s| s.0.clone())
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("no session store is installed")))
}

/// Extractor: a logged-in user, or 401 (pages: a redirect to the login form).
pub struct Auth(pub CurrentUser);

impl<S: Send + Sync> FromRequestParts<S> for Auth {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let ctx = Ctx::from_request_parts(parts, state).await?;
        ctx.user.map(Auth).ok_or(AppError::Unauthorized)
    }
}

/// Extractor: a logged-in admin, or 401/403.
pub struct Admin(pub CurrentUser);

impl<S: Send + Sync> FromRequestParts<S> for Admin {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let Auth(user) = Auth::from_request_parts(parts, state).await?;
        if user.role == Role::Admin {
            Ok(Admin(user))
        } else {
            Err(AppError::Forbidden("forbidden"))
        }
    }
}

/// Extractor: a moderator or admin, or 401/403.
pub struct Moderator(pub CurrentUser);

impl<S: Send + Sync> FromRequestParts<S> for Moderator {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let Auth(user) = Auth::from_request_parts(parts, state).await?;
        if user.role.can_moderate() {
            Ok(Moderator(user))
        } else {
            Err(AppError::Forbidden("forbidden"))
        }
    }
}

/// Extractor: any staff member (agent, moderator, admin), or 401/403.
pub struct Staff(pub CurrentUser);

impl<S: Send + Sync> FromRequestParts<S> for Staff {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let Auth(user) = Auth::from_request_parts(parts, state).await?;
        if user.role.is_staff() {
            Ok(Staff(user))
        } else {
            Err(AppError::Forbidden("forbidden"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn password_hashes_verify_only_the_right_password() {
        let limit = Semaphore::new(1);
        let h = hash_password(&limit, "correct horse battery".into())
            .await
            .unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password(&limit, "correct horse battery".into(), Some(h.clone())).await);
        assert!(!verify_password(&limit, "wrong".into(), Some(h)).await);
        assert!(!verify_password(&limit, "anything".into(), None).await);
    }
}
