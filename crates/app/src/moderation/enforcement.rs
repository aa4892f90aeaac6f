//! What moderators do to accounts: warn, strike, suspend until a date, ban; the ladder
//! that escalates repeat offenders by itself; and "remove spammer" in one step. Every
//! action is recorded, audited, and the person is told why and how to appeal.

use sea_orm::entity::prelude::*;
use sea_orm::{DatabaseTransaction, QueryOrder, Set};
use serde::Deserialize;
use utoipa::ToSchema;

use super::entity::action;
use crate::accounts::people::{self, Person, tell};
use crate::platform::error::{AppError, AppResult};
use crate::platform::i18n::Arg;
use crate::platform::state::AppState;
use crate::platform::util::{format_time, now};

/// What a moderator asks for.
#[derive(Clone, Debug, Deserialize, ToSchema)]
pub struct ActionRequest {
    /// `warn`, `strike`, `suspend`, `ban`, or `remove_spammer`.
    pub action: String,
    pub reason: String,
    /// End of a suspension (Unix seconds); or use `days`.
    #[serde(default)]
    pub until: Option<i64>,
    #[serde(default)]
    pub days: Option<i64>,
}

async fn record(
    txn: &DatabaseTransaction,
    target: &Person,
    what: &str,
    reason: &str,
    until: Option<i64>,
    by: Option<i64>,
) -> AppResult<action::Model> {
    let saved = action::ActiveModel {
        user_id: Set(target.id),
        action: Set(what.into()),
        reason: Set(reason.into()),
        until: Set(until),
        by_id: Set(by),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    crate::platform::audit::record(
        txn,
        by,
        &format!("moderation.user.{what}"),
        &format!("user:{}", target.id),
        Some(&serde_json::json!({"status": target.status, "suspended_until": target.suspended_until})),
        Some(&saved),
    )
    .await?;
    Ok(saved)
}

/// Applies one action to an account (inside the caller's transaction) and, after a
/// strike, climbs the ladder if the admins' rules say so. Returns what was recorded.
pub async fn act(
    txn: &DatabaseTransaction,
    state: &AppState,
    target_id: i64,
    what: &str,
    reason: &str,
    until: Option<i64>,
    by: Option<i64>,
) -> AppResult<Vec<action::Model>> {
    let target = people::need(txn, target_id).await?;
    if target.role.is_staff() {
        return Err(AppError::Forbidden("staff_account"));
    }
    if reason.trim().is_empty() {
        return Err(AppError::field("reason", "field-required"));
    }
    let base = state.config.base_url.clone();
    let mut done = Vec::new();
    match what {
        "warn" | "strike" => {
            let a = record(txn, &target, what, reason, None, by).await?;
            let link = format!("/appeals/new?subject=action:{}", a.id);
            let key = if what == "warn" {
                "notice-you-were-warned"
            } else {
                "notice-you-got-a-strike"
            };
            let appeal = if what == "strike" {
                Some(link.as_str())
            } else {
                None
            };
            tell(
                txn,
                &base,
                &target,
                key,
                &[("reason", Arg::from(reason))],
                appeal,
            )
            .await?;
            done.push(a);
            if what == "strike" {
                done.extend(climb_ladder(txn, state, &target).await?);
            }
        }
        "suspend" | "ban" => {
            let until = if what == "suspend" {
                until.filter(|u| *u > now())
            } else {
                None
            };
            let a = record(txn, &target, what, reason, until, by).await?;
            let status = if what == "suspend" {
                "suspended"
            } else {
                "banned"
            };
            // Out at once: every session of the account ends.
            people::set_status(txn, target.id, status, until).await?;
            // They cannot log in, so the link carries what lets them appeal.
            let subject = format!("action:{}", a.id);
            let link = format!(
                "/appeals/new?subject={subject}&token={}",
                super::appeals::token(state, &subject, target.id)
            );
            let when = until.map_or_else(|| "-".to_string(), format_time);
            let key = if what == "suspend" {
                "notice-you-were-suspended"
            } else {
                "notice-you-were-banned"
            };
            tell(
                txn,
                &base,
                &target,
                key,
                &[
                    ("reason", Arg::from(reason)),
                    ("until", Arg::from(when.as_str())),
                ],
                Some(&link),
            )
            .await?;
            done.push(a);
        }
        _ => return Err(AppError::field("action", "field-invalid")),
    }
    Ok(done)
}

/// After a strike: the highest rung whose count of live strikes in its window is
/// reached acts (suspend for its days, or ban), unless the account already is.
async fn climb_ladder(
    txn: &DatabaseTransaction,
    state: &AppState,
    target: &Person,
) -> AppResult<Vec<action::Model>> {
    let cfg = crate::review::settings::current(state).await?;
    let strikes = action::Entity::find()
        .filter(action::Column::UserId.eq(target.id))
        .filter(action::Column::Action.eq("strike"))
        .filter(action::Column::OverruledAt.is_null())
        .order_by_desc(action::Column::CreatedAt)
        .all(txn)
        .await?;
    let t = now();
    let mut rungs = cfg.ladder.clone();
    rungs.sort_by_key(|r| std::cmp::Reverse(r.strikes));
    for rung in rungs {
        let n = strikes
            .iter()
            .filter(|s| s.created_at > t - rung.within_days * 86_400)
            .count() as u32;
        if n < rung.strikes {
            continue;
        }
        let reason = format!("{} strikes within {} days", n, rung.within_days);
        let current = people::need(txn, target.id).await?;
        return Ok(match rung.action.as_str() {
            "ban" if current.status != "banned" => {
                Box::pin(act(txn, state, target.id, "ban", &reason, None, None)).await?
            }
            "suspend" if current.status == "active" => {
                let until = Some(t + rung.days * 86_400);
                Box::pin(act(txn, state, target.id, "suspend", &reason, until, None)).await?
            }
            _ => Vec::new(),
        });
    }
    Ok(Vec::new())
}

/// Undoes an action an appeal overruled: a lifted suspension or ban restores the
/// account (unless another action still holds it).
pub async fn overrule(txn: &DatabaseTransaction, a: &action::Model) -> AppResult<()> {
    let mut am: action::ActiveModel = a.clone().into();
    am.overruled_at = Set(Some(now()));
    am.update(txn).await?;
    if matches!(a.action.as_str(), "suspend" | "ban") {
        let still = action::Entity::find()
            .filter(action::Column::UserId.eq(a.user_id))
            .filter(action::Column::Action.is_in(["suspend", "ban"]))
            .filter(action::Column::OverruledAt.is_null())
            .filter(action::Column::Id.ne(a.id))
            .all(txn)
            .await?
            .into_iter()
            .any(|o| o.action == "ban" || o.until.is_none_or(|u| u > now()));
        if !still && people::get(txn, a.user_id).await?.is_some() {
            people::set_status(txn, a.user_id, "active", None).await?;
        }
    }
    Ok(())
}

/// "Remove spammer": every live or waiting ad of the account is rejected, the account
/// is suspended without an end date, and its phone numbers and address go on the
/// gate's list of rejected contacts. Returns how many ads came down.
pub async fn remove_spammer(
    txn: &DatabaseTransaction,
    state: &AppState,
    target_id: i64,
    reason: &str,
    by: i64,
) -> AppResult<Vec<crate::ads::Ad>> {
    let target = people::need(txn, target_id).await?;
    let ads = crate::ads::queries::of_owner_in(
        txn,
        target_id,
        &["published", "pending_review", "hidden"],
    )
    .await?;
    let mut removed = Vec::new();
    for a in ads {
        let saved = crate::ads::service::moderate_in(
            txn,
            a.id,
            crate::ads::lifecycle::Event::Reject,
            state.config.ad_lifetime_days,
        )
        .await?;
        crate::review::queue::close_for(txn, "held_ad", a.id, "reject", Some(by)).await?;
        crate::review::queue::close_for(txn, "reported_ad", a.id, "reject", Some(by)).await?;
        crate::reports::outcomes::resolve(txn, state, a.id, true, "account_suspended", reason, by)
            .await?;
        removed.push(saved);
    }
    crate::gate::sitedata::remember_rejected(txn, std::slice::from_ref(&target.email)).await?;
    act(txn, state, target_id, "suspend", reason, None, Some(by)).await?;
    Ok(removed)
}
