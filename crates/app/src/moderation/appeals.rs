//! Appeals, both ways: a reporter asks for a second look at "no action", an owner at a
//! removal, rejection, strike or suspension. Once each, within the admins' window, with
//! a text. A different moderator than the one who decided must decide it; an upheld
//! appeal undoes the decision by itself and both sides are told.

use sea_orm::DatabaseTransaction;
use sea_orm::entity::prelude::*;

use super::entity::action;
use crate::accounts::people;
use crate::ads::lifecycle::Event;
use crate::platform::auth::CurrentUser;
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::i18n::Arg;
use crate::platform::state::AppState;
use crate::platform::util::now;
use crate::review::appeals::{self as store, Appeal};
use crate::review::settings::ModerationConfig;

/// A token that lets a suspended or banned person (who cannot log in) appeal the
/// action on their account: sent in the mail that tells them.
pub fn token(state: &AppState, subject: &str, user_id: i64) -> String {
    antispam::pow::sign(
        format!("appeal:{}", state.secret.0).as_bytes(),
        &[subject, &user_id.to_string()],
    )
}

/// The account an appeal token speaks for, if it is genuine (only for `action:` subjects).
pub async fn user_from_token(
    state: &AppState,
    subject: &str,
    tok: &str,
) -> AppResult<Option<CurrentUser>> {
    let Some(id) = subject
        .strip_prefix("action:")
        .and_then(|i| i.parse::<i64>().ok())
    else {
        return Ok(None);
    };
    let Some(a) = action::Entity::find_by_id(id).one(&state.db).await? else {
        return Ok(None);
    };
    if !antispam::pow::verify_signature(
        format!("appeal:{}", state.secret.0).as_bytes(),
        &[subject, &a.user_id.to_string()],
        tok,
    ) {
        return Ok(None);
    }
    Ok(people::get(&state.db, a.user_id)
        .await?
        .map(|p| p.as_current()))
}

/// What an appeal is about, checked: who decided it and when.
struct Target {
    decided_by: Option<i64>,
    decided_at: i64,
}

fn refused(code: &'static str) -> AppError {
    AppError::Conflict(code, FieldErrors::new())
}

async fn target(conn: &impl ConnectionTrait, me: &CurrentUser, subject: &str) -> AppResult<Target> {
    let (kind, id) = subject
        .split_once(':')
        .and_then(|(k, i)| Some((k, i.parse::<i64>().ok()?)))
        .ok_or_else(|| AppError::field("subject", "field-invalid"))?;
    match kind {
        "report" => {
            let r = crate::reports::outcomes::get(conn, id)
                .await?
                .ok_or(AppError::NotFound)?;
            if r.reporter_id != Some(me.id) {
                return Err(AppError::NotFound);
            }
            if r.status != "rejected" {
                return Err(refused("not_appealable"));
            }
            Ok(Target {
                decided_by: r.decided_by,
                decided_at: r.decided_at.unwrap_or(r.updated_at),
            })
        }
        "ad" => {
            let a = crate::ads::service::find_any(conn, id)
                .await?
                .ok_or(AppError::NotFound)?;
            if a.owner_id != me.id {
                return Err(AppError::NotFound);
            }
            if a.status != "rejected" {
                return Err(refused("not_appealable"));
            }
            let decided =
                crate::review::queue::last_decided(conn, &["held_ad", "reported_ad"], id).await?;
            Ok(Target {
                decided_by: decided.as_ref().and_then(|d| d.decided_by),
                decided_at: decided.and_then(|d| d.decided_at).unwrap_or(a.updated_at),
            })
        }
        "action" => {
            let a = action::Entity::find_by_id(id)
                .one(conn)
                .await?
                .ok_or(AppError::NotFound)?;
            if a.user_id != me.id {
                return Err(AppError::NotFound);
            }
            if a.action == "warn" || a.overruled_at.is_some() {
                return Err(refused("not_appealable"));
            }
            Ok(Target {
                decided_by: a.by_id,
                decided_at: a.created_at,
            })
        }
        _ => Err(AppError::field("subject", "field-invalid")),
    }
}

/// Files an appeal and puts it in the queue.
pub async fn create(
    state: &AppState,
    cfg: &ModerationConfig,
    me: &CurrentUser,
    subject: &str,
    text: &str,
) -> AppResult<Appeal> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > 2000 {
        return Err(AppError::field("text", "field-appeal-text"));
    }
    let t = target(&state.db, me, subject).await?;
    if t.decided_at < now() - cfg.appeal_days * 86_400 {
        return Err(refused("appeal_too_late"));
    }
    if store::exists(&state.db, subject).await? {
        return Err(refused("already_appealed"));
    }
    let txn = crate::platform::db::write_txn(&state.db).await?;
    // One appeal per person and subject, whatever the timing: the unique index settles a
    // race between two tabs.
    let saved = store::open(&txn, subject, me.id, text, t.decided_by).await?;
    crate::review::queue::upsert(&txn, cfg, "appeal", saved.id, 2, 1.0, Some("appeal"), None)
        .await?;
    txn.commit().await?;
    Ok(saved)
}

/// Decides an appeal (the queue item is already taken by `me`). Upholding undoes the
/// original decision.
pub async fn decide(
    txn: &DatabaseTransaction,
    state: &AppState,
    me: &CurrentUser,
    appeal_id: i64,
    uphold: bool,
    note: &str,
) -> AppResult<()> {
    let a = store::get(txn, appeal_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if a.original_moderator == Some(me.id) {
        return Err(AppError::Forbidden("same_moderator"));
    }
    store::close(txn, &a, uphold, me.id, note).await?;
    let base = state.config.base_url.clone();
    let key = if uphold {
        "notice-appeal-upheld"
    } else {
        "notice-appeal-denied"
    };
    people::tell(
        txn,
        &base,
        &people::need(txn, a.by_user).await?,
        key,
        &[("note", Arg::from(note))],
        None,
    )
    .await?;
    crate::platform::audit::record(
        txn,
        Some(me.id),
        if uphold {
            "moderation.appeal.uphold"
        } else {
            "moderation.appeal.deny"
        },
        &format!("appeal:{}", a.id),
        Some(&a),
        Some(&serde_json::json!({"note": note})),
    )
    .await?;
    if !uphold {
        return Ok(());
    }
    let (kind, id) = a
        .subject
        .split_once(':')
        .and_then(|(k, i)| Some((k.to_string(), i.parse::<i64>().ok()?)))
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("appeal subject {}", a.subject)))?;
    match kind.as_str() {
        // The reporter was right after all: the ad comes down, the owner is told.
        "report" => {
            let r = crate::reports::outcomes::uphold_on_appeal(txn, id, note, me.id).await?;
            if let Some(the_ad) = crate::ads::service::find_any(txn, r.ad_id).await?
                && matches!(the_ad.status.as_str(), "published" | "hidden")
            {
                crate::ads::service::moderate_in(
                    txn,
                    the_ad.id,
                    Event::Reject,
                    state.config.ad_lifetime_days,
                )
                .await?;
                people::tell_id(
                    txn,
                    &base,
                    the_ad.owner_id,
                    "notice-ad-removed",
                    &[
                        ("title", Arg::from(the_ad.title.as_str())),
                        ("reason", Arg::from(note)),
                    ],
                    Some(&format!("/appeals/new?subject=ad:{}", the_ad.id)),
                )
                .await?;
            }
        }
        // The owner was right: the ad is back, and its reporters are told.
        "ad" => {
            let restored = crate::ads::service::moderate_in(
                txn,
                id,
                Event::Approve,
                state.config.ad_lifetime_days,
            )
            .await?;
            crate::reports::outcomes::overturn_on_appeal(txn, state, id, &restored.title, note)
                .await?;
        }
        "action" => {
            let act = action::Entity::find_by_id(id)
                .one(txn)
                .await?
                .ok_or(AppError::NotFound)?;
            crate::moderation::enforcement::overrule(txn, &act).await?;
        }
        _ => {}
    }
    Ok(())
}
