//! Who is asking: password hashing, sessions stored in the app database (so they hold
//! across instances), and extractors that make every handler state who may call it.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use tokio::sync::Semaphore;

use super::error::AppError;
use super::util::{now, random_token, sha256_hex};
use super::web::Ctx;
use crate::accounts::entity::{session, user};

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

/// Opens a session for a user; returns the token for the cookie (only its hash is stored).
pub async fn create_session(
    db: &impl ConnectionTrait,
    user_id: i64,
    ip: Option<String>,
    user_agent: Option<String>,
) -> Result<String, AppError> {
    let token = random_token();
    let t = now();
    session::ActiveModel {
        id: Set(sha256_hex(&token)),
        user_id: Set(user_id),
        created_at: Set(t),
        last_seen_at: Set(t),
        expires_at: Set(t + SESSION_DAYS * 86_400),
        auth_at: Set(t),
        ip: Set(ip),
        user_agent: Set(user_agent.map(|ua| ua.chars().take(255).collect())),
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// Whether a session is past what its owner's role allows: staff sessions end after
/// an idle time and an absolute lifetime (a stolen office session is worth hours, not a
/// month); users keep theirs for [`SESSION_DAYS`].
pub fn staff_session_over(
    config: &super::config::Config,
    role: Role,
    s: &session::Model,
    at: i64,
) -> bool {
    role.is_staff()
        && (at - s.last_seen_at > config.staff_session_idle_secs
            || at - s.created_at > config.staff_session_max_secs)
}

/// Of these session ids, the ones still live: not expired, not past a staff limit, and
/// of an account that may still act (one query, for the sockets of an instance).
pub async fn live_sessions(
    db: &impl ConnectionTrait,
    config: &super::config::Config,
    ids: &[String],
) -> Result<std::collections::HashSet<String>, AppError> {
    let t = now();
    let mut live = std::collections::HashSet::new();
    for chunk in ids.chunks(500) {
        let rows = session::Entity::find()
            .filter(session::Column::Id.is_in(chunk.iter().cloned()))
            .filter(session::Column::ExpiresAt.gt(t))
            .all(db)
            .await?;
        let users: std::collections::HashMap<i64, user::Model> = user::Entity::find()
            .filter(user::Column::Id.is_in(rows.iter().map(|r| r.user_id)))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u))
            .collect();
        for s in rows {
            if let Some(u) = users.get(&s.user_id)
                && may_act(u, t)
                && !staff_session_over(config, Role::parse(&u.role).unwrap_or(Role::User), &s, t)
            {
                live.insert(s.id);
            }
        }
    }
    Ok(live)
}

/// Resolves a cookie token to the user behind it, if the session is live and the account
/// may still log in. Touches `last_seen_at` at most every five minutes.
pub async fn lookup_session(
    db: &impl ConnectionTrait,
    config: &super::config::Config,
    token: &str,
) -> Result<Option<CurrentUser>, AppError> {
    let id = sha256_hex(token);
    let t = now();
    let Some(s) = session::Entity::find_by_id(id.clone()).one(db).await? else {
        return Ok(None);
    };
    if s.expires_at <= t {
        session::Entity::delete_by_id(id).exec(db).await?;
        return Ok(None);
    }
    let Some(u) = user::Entity::find_by_id(s.user_id).one(db).await? else {
        return Ok(None);
    };
    if !may_act(&u, t) {
        return Ok(None);
    }
    let role = Role::parse(&u.role).unwrap_or(Role::User);
    if staff_session_over(config, role, &s, t) {
        session::Entity::delete_by_id(id).exec(db).await?;
        return Ok(None);
    }
    // Staff sessions keep their idle clock to the minute; others every five minutes.
    let touch_after = if role.is_staff() { 60 } else { 300 };
    if t - s.last_seen_at > touch_after {
        session::Entity::update_many()
            .col_expr(
                session::Column::LastSeenAt,
                sea_orm::sea_query::Expr::value(t),
            )
            .filter(session::Column::Id.eq(id.clone()))
            .exec(db)
            .await?;
    }
    Ok(Some(CurrentUser {
        id: u.id,
        email: u.email,
        display_name: u.display_name,
        role: Role::parse(&u.role).unwrap_or(Role::User),
        verified: u.email_verified_at.is_some(),
        language: u.language,
        session_id: s.id,
        auth_at: s.auth_at,
    }))
}

impl CurrentUser {
    /// An account acting without a session (a signed link, the gate judging its ads).
    pub fn from_account(u: user::Model) -> CurrentUser {
        CurrentUser {
            id: u.id,
            role: Role::parse(&u.role).unwrap_or(Role::User),
            verified: u.email_verified_at.is_some(),
            email: u.email,
            display_name: u.display_name,
            language: u.language,
            session_id: String::new(),
            auth_at: 0,
        }
    }
}

/// Whether an account may use the site now: active, or suspended until a time that has
/// passed (a suspension ends by itself).
pub fn may_act(u: &user::Model, at: i64) -> bool {
    u.status == "active" || (u.status == "suspended" && u.suspended_until.is_some_and(|s| s <= at))
}

/// Ends one session (logout).
pub async fn delete_session(db: &impl ConnectionTrait, session_id: &str) -> Result<(), AppError> {
    session::Entity::delete_by_id(session_id.to_string())
        .exec(db)
        .await?;
    Ok(())
}

/// Ends every session of a user except, optionally, the current one (after a password change).
pub async fn delete_user_sessions(
    db: &impl ConnectionTrait,
    user_id: i64,
    keep: Option<&str>,
) -> Result<(), AppError> {
    let mut q = session::Entity::delete_many().filter(session::Column::UserId.eq(user_id));
    if let Some(keep) = keep {
        q = q.filter(session::Column::Id.ne(keep.to_string()));
    }
    q.exec(db).await?;
    Ok(())
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
