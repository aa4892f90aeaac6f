//! Accounts as the other capabilities see them: a [`Person`] (never a password hash) and
//! the few questions and changes others may ask of the users table. Nobody outside
//! accounts touches that table.

use std::collections::HashMap;

use sea_orm::entity::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{Condition, QueryOrder, QuerySelect};

use super::entity::user;
use crate::platform::auth::{CurrentUser, Role};
use crate::platform::error::{AppError, AppResult};

/// An account, read-only, as another capability may see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub language: Option<String>,
    /// `active`, `pending_approval`, `suspended` or `banned`.
    pub status: String,
    pub verified: bool,
    pub created_at: i64,
    pub signup_ip: Option<String>,
    pub held_reason: Option<String>,
    pub suspended_until: Option<i64>,
    pub leaderboard_opt_in: bool,
}

impl From<user::Model> for Person {
    fn from(u: user::Model) -> Self {
        Person {
            id: u.id,
            role: Role::parse(&u.role).unwrap_or(Role::User),
            verified: u.email_verified_at.is_some(),
            email: u.email,
            display_name: u.display_name,
            language: u.language,
            status: u.status,
            created_at: u.created_at,
            signup_ip: u.signup_ip,
            held_reason: u.held_reason,
            suspended_until: u.suspended_until,
            leaderboard_opt_in: u.leaderboard_opt_in,
        }
    }
}

impl Person {
    /// Whether the account may use the site now: active, or suspended until a time that
    /// has passed (a suspension ends by itself).
    pub fn may_act(&self, at: i64) -> bool {
        self.status == "active"
            || (self.status == "suspended" && self.suspended_until.is_some_and(|s| s <= at))
    }

    /// The person acting without a session (a signed link, the gate judging their ads).
    pub fn as_current(&self) -> CurrentUser {
        CurrentUser {
            id: self.id,
            email: self.email.clone(),
            display_name: self.display_name.clone(),
            role: self.role,
            verified: self.verified,
            language: self.language.clone(),
            session_id: String::new(),
            auth_at: 0,
        }
    }
}

/// One account.
pub async fn get(conn: &impl ConnectionTrait, id: i64) -> AppResult<Option<Person>> {
    Ok(user::Entity::find_by_id(id)
        .one(conn)
        .await?
        .map(Person::from))
}

/// One account that must exist (404 otherwise).
pub async fn need(conn: &impl ConnectionTrait, id: i64) -> AppResult<Person> {
    get(conn, id).await?.ok_or(AppError::NotFound)
}

/// Several accounts by id.
pub async fn many(conn: &impl ConnectionTrait, ids: &[i64]) -> AppResult<HashMap<i64, Person>> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        for u in user::Entity::find()
            .filter(user::Column::Id.is_in(chunk.iter().copied()))
            .all(conn)
            .await?
        {
            out.insert(u.id, Person::from(u));
        }
    }
    Ok(out)
}

/// Active accounts with one of `roles`, or (when `or_ids` is not empty) one of those ids.
pub async fn active(
    conn: &impl ConnectionTrait,
    roles: &[Role],
    or_ids: &[i64],
) -> AppResult<Vec<Person>> {
    let mut who = Condition::any().add(user::Column::Role.is_in(roles.iter().map(|r| r.as_str())));
    if !or_ids.is_empty() {
        who = who.add(user::Column::Id.is_in(or_ids.iter().copied()));
    }
    Ok(user::Entity::find()
        .filter(user::Column::Status.eq("active"))
        .filter(who)
        .order_by_asc(user::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(Person::from)
        .collect())
}

/// Of these ids, the accounts that are active.
pub async fn active_ids(conn: &impl ConnectionTrait, ids: &[i64]) -> AppResult<Vec<i64>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::Id.is_in(ids.iter().copied()))
        .filter(user::Column::Status.eq("active"))
        .into_tuple()
        .all(conn)
        .await?)
}

/// Accounts created from an address, newest first (an address's history).
pub async fn signed_up_from(
    conn: &impl ConnectionTrait,
    ip: &str,
    except: Option<i64>,
    limit: u64,
) -> AppResult<Vec<Person>> {
    let mut q = user::Entity::find().filter(user::Column::SignupIp.eq(ip));
    if let Some(id) = except {
        q = q.filter(user::Column::Id.ne(id));
    }
    Ok(q.order_by_desc(user::Column::Id)
        .limit(limit)
        .all(conn)
        .await?
        .into_iter()
        .map(Person::from)
        .collect())
}

/// How many accounts there are.
pub async fn count(conn: &impl ConnectionTrait) -> AppResult<u64> {
    Ok(user::Entity::find().count(conn).await?)
}

/// Whether another account uses the same mailbox (same canonical address, written
/// differently).
pub async fn mailbox_taken(
    conn: &impl ConnectionTrait,
    canonical: &str,
    email: &str,
) -> AppResult<bool> {
    Ok(user::Entity::find()
        .filter(user::Column::EmailCanonical.eq(canonical))
        .filter(user::Column::Email.ne(email))
        .count(conn)
        .await?
        > 0)
}

/// Shows the person by name on the reporters' leaderboard, or not.
pub async fn set_leaderboard_opt_in(
    conn: &impl ConnectionTrait,
    id: i64,
    opt_in: bool,
) -> AppResult<()> {
    user::Entity::update_many()
        .col_expr(user::Column::LeaderboardOptIn, Expr::value(opt_in))
        .filter(user::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Sets an account's standing (`active`, `suspended` until a time, `banned`). Anything
/// but active ends every session of the account at once.
pub async fn set_status(
    conn: &impl ConnectionTrait,
    id: i64,
    status: &str,
    until: Option<i64>,
) -> AppResult<()> {
    user::Entity::update_many()
        .col_expr(user::Column::Status, Expr::value(status))
        .col_expr(user::Column::SuspendedUntil, Expr::value(until))
        .filter(user::Column::Id.eq(id))
        .exec(conn)
        .await?;
    if status != "active" {
        super::sessions::delete_user_sessions(conn, id, None).await?;
    }
    Ok(())
}

/// Tells a person (on the site and by mail, in their language) what was done and why.
pub async fn tell(
    conn: &impl ConnectionTrait,
    base_url: &str,
    p: &Person,
    key: &str,
    args: &[(&'static str, crate::platform::i18n::Arg)],
    link: Option<&str>,
) -> AppResult<()> {
    use crate::platform::i18n::{Arg, I18n};
    let i = I18n::new(p.language.as_deref().unwrap_or("en"));
    let mut all: Vec<(&'static str, Arg)> = args.to_vec();
    all.push(("name", Arg::from(p.display_name.as_str())));
    let text = i.t_with(key, &all);
    crate::platform::notify::notify(conn, p.id, key, &text, link).await?;
    let url = link
        .map(|l| format!("{base_url}{l}"))
        .unwrap_or_else(|| base_url.to_string());
    crate::platform::mail::enqueue(
        conn,
        crate::platform::mail::Mail {
            to: p.email.clone(),
            subject: i.t(&format!("{key}-subject")),
            body: format!("{text}\n\n{url}\n"),
        },
    )
    .await?;
    Ok(())
}

/// [`tell`] by account id; nothing when the account is gone.
pub async fn tell_id(
    conn: &impl ConnectionTrait,
    base_url: &str,
    id: i64,
    key: &str,
    args: &[(&'static str, crate::platform::i18n::Arg)],
    link: Option<&str>,
) -> AppResult<()> {
    match get(conn, id).await? {
        Some(p) => tell(conn, base_url, &p, key, args, link).await,
        None => Ok(()),
    }
}
