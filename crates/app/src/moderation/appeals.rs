//! Appeals, both ways: a reporter asks for a second look at "no action", an owner at a
//! removal, rejection, strike or suspension. Once each, within the admins' window, with
//! a text. A different moderator than the one who decided must decide it; an upheld
//! appeal undoes the decision by itself and both sides are told.

use sea_orm::entity::prelude::*;
use sea_orm::{DatabaseTransaction, QueryOrder, Set};

use super::entity::{action, appeal, item};
use super::settings::ModerationConfig;
use crate::accounts::entity::user;
use crate::ads::entity::ad;
use crate::ads::lifecycle::Event;
use crate::platform::auth::CurrentUser;
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::i18n::Arg;
use crate::platform::state::AppState;
use crate::platform::util::now;

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
    let Some(u) = user::Entity::find_by_id(a.user_id).one(&state.db).await? else {
        return Ok(None);
    };
    Ok(Some(crate::accounts::sessions::as_current(u)))
}

/// Which of these subjects were already appealed (one query).
pub async fn existing(
    conn: &impl ConnectionTrait,
    subjects: &[String],
) -> AppResult<std::collections::HashSet<String>> {
    use sea_orm::QuerySelect;
    if subjects.is_empty() {
        return Ok(Default::default());
    }
    let found: Vec<String> = appeal::Entity::find()
        .select_only()
        .column(appeal::Column::Subject)
        .filter(appeal::Column::Subject.is_in(subjects.iter().cloned()))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(found.into_iter().collect())
}

/// Whether someone already appealed this subject.
pub async fn exists(conn: &impl ConnectionTrait, subject: &str) -> AppResult<bool> {
    Ok(appeal::Entity::find()
        .filter(appeal::Column::Subject.eq(subject))
        .count(conn)
        .await?
        > 0)
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
            let r = crate::reports::entity::report::Entity::find_by_id(id)
                .one(conn)
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
            let a = ad::Entity::find_by_id(id)
                .one(conn)
                .await?
                .ok_or(AppError::NotFound)?;
            if a.owner_id != me.id {
                return Err(AppError::NotFound);
            }
            if a.status != "rejected" {
                return Err(refused("not_appealable"));
            }
            let decided = item::Entity::find()
                .filter(item::Column::SubjectId.eq(id))
                .filter(item::Column::Kind.is_in(["held_ad", "reported_ad"]))
                .filter(item::Column::Status.eq("decided"))
                .order_by_desc(item::Column::DecidedAt)
                .one(conn)
                .await?;
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
) -> AppResult<appeal::Model> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > 2000 {
        return Err(AppError::field("text", "field-appeal-text"));
    }
    let t = target(&state.db, me, subject).await?;
    if t.decided_at < now() - cfg.appeal_days * 86_400 {
        return Err(refused("appeal_too_late"));
    }
    if exists(&state.db, subject).await? {
        return Err(refused("already_appealed"));
    }
    let txn = crate::platform::db::write_txn(&state.db).await?;
    // One appeal per person and subject, whatever the timing: the unique index settles a
    // race between two tabs.
    let saved = appeal::ActiveModel {
        subject: Set(subject.into()),
        by_user: Set(me.id),
        text: Set(text.into()),
        status: Set("open".into()),
        original_moderator: Set(t.decided_by),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| match AppError::from(e) {
        AppError::Conflict(..) => refused("already_appealed"),
        other => other,
    })?;
    super::queue::upsert(&txn, cfg, "appeal", saved.id, 2, 1.0, Some("appeal"), None).await?;
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
    let a = appeal::Entity::find_by_id(appeal_id)
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if a.original_moderator == Some(me.id) {
        return Err(AppError::Forbidden("same_moderator"));
    }
    if a.status != "open" {
        return Err(refused("already_decided"));
    }
    let mut am: appeal::ActiveModel = a.clone().into();
    am.status = Set(if uphold { "upheld" } else { "denied" }.into());
    am.decided_by = Set(Some(me.id));
    am.decided_at = Set(Some(now()));
    am.decision_note = Set(Some(note.into()));
    am.update(txn).await?;
    let base = state.config.base_url.clone();
    let appellant = user::Entity::find_by_id(a.by_user)
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let key = if uphold {
        "notice-appeal-upheld"
    } else {
        "notice-appeal-denied"
    };
    crate::moderation::enforcement::tell(
        txn,
        &base,
        &appellant,
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
            let r = crate::reports::entity::report::Entity::find_by_id(id)
                .one(txn)
                .await?
                .ok_or(AppError::NotFound)?;
            let mut rm: crate::reports::entity::report::ActiveModel = r.clone().into();
            rm.status = Set("upheld".into());
            rm.outcome = Set(Some("ad_removed".into()));
            rm.outcome_note = Set(Some(note.into()));
            rm.decided_by = Set(Some(me.id));
            rm.decided_at = Set(Some(now()));
            let saved = rm.update(txn).await?;
            let the_ad = ad::Entity::find_by_id(r.ad_id).one(txn).await?;
            crate::reports::rewards::score(txn, &saved, the_ad.as_ref()).await?;
            if let Some(the_ad) = the_ad
                && matches!(the_ad.status.as_str(), "published" | "hidden")
            {
                crate::ads::service::moderate_in(
                    txn,
                    the_ad.id,
                    Event::Reject,
                    state.config.ad_lifetime_days,
                )
                .await?;
                if let Some(owner) = user::Entity::find_by_id(the_ad.owner_id).one(txn).await? {
                    crate::moderation::enforcement::tell(
                        txn,
                        &base,
                        &owner,
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
            let reports = crate::reports::service::on_ad(txn, id).await?;
            for r in reports.iter().filter(|r| r.status == "upheld") {
                let mut rm: crate::reports::entity::report::ActiveModel = r.clone().into();
                rm.status = Set("rejected".into());
                rm.outcome = Set(Some("no_action".into()));
                rm.outcome_note = Set(Some(note.into()));
                rm.update(txn).await?;
                if let Some(reporter) = r.reporter_id
                    && let Some(u) = user::Entity::find_by_id(reporter).one(txn).await?
                {
                    crate::moderation::enforcement::tell(
                        txn,
                        &base,
                        &u,
                        "notice-ad-restored-after-appeal",
                        &[
                            ("title", Arg::from(restored.title.as_str())),
                            ("note", Arg::from(note)),
                        ],
                        Some(&format!("/reports/{}", r.id)),
                    )
                    .await?;
                }
            }
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
