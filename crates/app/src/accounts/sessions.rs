//! Sessions: stored in the site's database (so they hold across instances), only the
//! token's hash kept. Staff sessions idle out and have a lifetime; users keep theirs for
//! [`SESSION_DAYS`]. Implements the platform's [`Sessions`] trait.

use std::collections::HashSet;

use futures_util::future::BoxFuture;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::entity::{session, user};
use crate::platform::auth::{CurrentUser, Role, SESSION_DAYS, Sessions};
use crate::platform::config::Config;
use crate::platform::error::AppError;
use crate::platform::state::AppState;
use crate::platform::util::{now, random_token, sha256_hex};

/// The accounts' session store, installed at start.
pub struct Store;

impl Sessions for Store {
    fn lookup<'a>(
        &'a self,
        state: &'a AppState,
        token: &'a str,
    ) -> BoxFuture<'a, Result<Option<CurrentUser>, AppError>> {
        Box::pin(lookup_session(&state.db, &state.config, token))
    }

    fn live<'a>(
        &'a self,
        state: &'a AppState,
        ids: &'a [String],
    ) -> BoxFuture<'a, Result<HashSet<String>, AppError>> {
        Box::pin(live_sessions(&state.db, &state.config, ids))
    }
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
pub fn staff_session_over(config: &Config, role: Role, s: &session::Model, at: i64) -> bool {
    role.is_staff()
        && (at - s.last_seen_at > config.staff_session_idle_secs
            || at - s.created_at > config.staff_session_max_secs)
}

/// Of these session ids, the ones still live: not expired, not past a staff limit, and
/// of an account that may still act (one query, for the sockets of an instance).
pub async fn live_sessions(
    db: &impl ConnectionTrait,
    config: &Config,
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
    config: &Config,
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

/// An account acting without a session (a signed link, the gate judging its ads).
pub fn as_current(u: user::Model) -> CurrentUser {
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
