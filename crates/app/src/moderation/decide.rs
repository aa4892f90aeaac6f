//! Decisions on queue items: approve, reject with a reason and feedback, hide pending
//! investigation, move to the right category, escalate. A decision is one transaction:
//! the item, the ad, the reports, the people told, the audit entry. Two moderators on
//! one item cannot both win: the second gets 409 `already_decided`.

use sea_orm::DatabaseTransaction;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, ExprTrait};
use serde::Deserialize;
use utoipa::ToSchema;

use super::entity::item;
use crate::accounts::entity::user;
use crate::ads::entity::ad;
use crate::ads::lifecycle::Event;
use crate::platform::auth::CurrentUser;
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::i18n::Arg;
use crate::platform::state::AppState;
use crate::platform::util::now;

/// A moderator's decision.
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
pub struct Decision {
    /// `approve` (no action / restore / uphold an appeal), `reject` (remove / refuse /
    /// deny an appeal), `hide`, `escalate`, `move`.
    pub action: String,
    /// Why (required to reject, hide and escalate); one of the report reasons or free text.
    #[serde(default)]
    pub reason: String,
    /// What the poster (or reporter) is told, in the moderator's words.
    #[serde(default)]
    pub feedback: Option<String>,
    /// For `move`: the right category's slug.
    #[serde(default)]
    pub category: Option<String>,
    /// The item version the moderator looked at (a decision on a stale view is a conflict).
    #[serde(default)]
    pub version: Option<i32>,
}

fn conflict() -> AppError {
    let mut f = FieldErrors::new();
    f.insert("item".into(), "error-already-decided".into());
    AppError::Conflict("already_decided", f)
}

/// Who may decide an item: what a moderator escalated is for admins; nobody decides on
/// their own ad (appeals against one's own decision are refused in `appeals`).
async fn may_decide(
    conn: &impl sea_orm::ConnectionTrait,
    me: &CurrentUser,
    it: &item::Model,
) -> AppResult<()> {
    if it.status == "escalated" && me.role != crate::platform::auth::Role::Admin {
        return Err(AppError::Forbidden("escalated_to_admins"));
    }
    let about_an_ad = matches!(it.kind.as_str(), "held_ad" | "reported_ad");
    if about_an_ad
        && crate::ads::service::find_any(conn, it.subject_id)
            .await?
            .is_some_and(|a| a.owner_id == me.id)
    {
        return Err(AppError::Forbidden("own_ad_decision"));
    }
    Ok(())
}

/// Applies a decision. Returns the item as it is afterwards.
pub async fn decide(
    state: &AppState,
    me: &CurrentUser,
    item_id: i64,
    d: &Decision,
) -> AppResult<item::Model> {
    if !matches!(
        d.action.as_str(),
        "approve" | "reject" | "hide" | "escalate" | "move"
    ) {
        return Err(AppError::field("action", "field-invalid"));
    }
    let reason = d.reason.trim();
    if reason.is_empty() && matches!(d.action.as_str(), "reject" | "hide" | "escalate") {
        return Err(AppError::field("reason", "field-required"));
    }
    let feedback = d
        .feedback
        .as_deref()
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .unwrap_or(reason)
        .to_string();
    let txn = crate::platform::db::write_txn(&state.db).await?;
    let before = item::Entity::find_by_id(item_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    may_decide(&txn, me, &before).await?;
    let mut changed_ads: Vec<(ad::Model, Event)> = Vec::new();
    match d.action.as_str() {
        "hide" | "escalate" => {
            let status = if d.action == "escalate" {
                "escalated"
            } else {
                before.status.as_str()
            };
            let mut q = item::Entity::update_many()
                .col_expr(item::Column::Status, Expr::value(status))
                .col_expr(item::Column::UpdatedAt, Expr::value(now()))
                .col_expr(
                    item::Column::Version,
                    Expr::col(item::Column::Version).add(1),
                )
                .filter(item::Column::Id.eq(item_id))
                .filter(item::Column::Status.is_in(super::queue::OPEN.iter().copied()));
            if let Some(v) = d.version {
                q = q.filter(item::Column::Version.eq(v));
            }
            if q.exec(&txn).await?.rows_affected != 1 {
                return Err(conflict());
            }
            if d.action == "hide" {
                if !matches!(before.kind.as_str(), "reported_ad" | "held_ad") {
                    return Err(AppError::field("action", "field-invalid"));
                }
                let saved = crate::ads::service::moderate_in(
                    &txn,
                    before.subject_id,
                    Event::Hide,
                    state.config.ad_lifetime_days,
                )
                .await?;
                tell_owner(&txn, state, &saved, "notice-ad-hidden", reason, false).await?;
                changed_ads.push((saved, Event::Hide));
            } else {
                super::queue::add_note(&txn, item_id, me.id, &format!("escalated: {reason}"))
                    .await?;
                let admins = user::Entity::find()
                    .filter(user::Column::Role.eq("admin"))
                    .all(&txn)
                    .await?;
                for a in admins {
                    let i = crate::platform::i18n::I18n::new(a.language.as_deref().unwrap_or("en"));
                    let text = i.t1("notice-item-escalated", "reason", reason);
                    crate::platform::notify::notify(
                        &txn,
                        a.id,
                        "escalated",
                        &text,
                        Some(&format!("/office/queue/{item_id}")),
                    )
                    .await?;
                }
            }
        }
        action => {
            super::queue::take_for_decision(&txn, item_id, action, me.id, d.version).await?;
            match (before.kind.as_str(), action) {
                ("held_ad" | "reported_ad", "move") => {
                    let slug = d.category.as_deref().unwrap_or("");
                    crate::ads::service::move_in(&txn, before.subject_id, slug).await?;
                    changed_ads.extend(
                        publish_if(
                            &txn,
                            state,
                            before.subject_id,
                            &["pending_review", "hidden", "rejected"],
                        )
                        .await?,
                    );
                    if before.kind == "reported_ad" {
                        crate::reports::service::resolve(
                            &txn,
                            state,
                            before.subject_id,
                            true,
                            "ad_moved",
                            &feedback,
                            me.id,
                        )
                        .await?;
                    }
                }
                ("held_ad" | "reported_ad", "approve") => {
                    changed_ads.extend(
                        publish_if(
                            &txn,
                            state,
                            before.subject_id,
                            &["pending_review", "hidden"],
                        )
                        .await?,
                    );
                    if before.kind == "reported_ad" {
                        crate::reports::service::resolve(
                            &txn,
                            state,
                            before.subject_id,
                            false,
                            "no_action",
                            &feedback,
                            me.id,
                        )
                        .await?;
                    }
                }
                ("held_ad" | "reported_ad", "reject") => {
                    let saved = crate::ads::service::moderate_in(
                        &txn,
                        before.subject_id,
                        Event::Reject,
                        state.config.ad_lifetime_days,
                    )
                    .await?;
                    tell_owner(
                        &txn,
                        state,
                        &saved,
                        if before.kind == "held_ad" {
                            "notice-ad-not-published"
                        } else {
                            "notice-ad-removed"
                        },
                        &feedback,
                        true,
                    )
                    .await?;
                    if before.kind == "reported_ad" {
                        crate::reports::service::resolve(
                            &txn,
                            state,
                            before.subject_id,
                            true,
                            "ad_removed",
                            &feedback,
                            me.id,
                        )
                        .await?;
                    }
                    changed_ads.push((saved, Event::Reject));
                }
                ("appeal", "approve" | "reject") => {
                    super::appeals::decide(
                        &txn,
                        state,
                        me,
                        before.subject_id,
                        action == "approve",
                        &feedback,
                    )
                    .await?;
                }
                ("signup", "approve" | "reject") => {
                    crate::accounts::signups::decide_in(
                        &txn,
                        state,
                        me.id,
                        before.subject_id,
                        action == "approve",
                        &feedback,
                    )
                    .await?;
                }
                _ => return Err(AppError::field("action", "field-invalid")),
            }
        }
    }
    crate::platform::audit::record(
        &txn,
        Some(me.id),
        &format!("moderation.decision.{}", d.action),
        &format!("queue:{item_id}"),
        Some(&before),
        Some(&serde_json::json!({"action": d.action, "reason": reason, "feedback": feedback, "category": d.category})),
    )
    .await?;
    let after = item::Entity::find_by_id(item_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    txn.commit().await?;
    state.mail_wake.notify_one();
    for (a, event) in &changed_ads {
        crate::ads::service::after_moderation(state, a, *event).await?;
    }
    Ok(after)
}

/// Publishes an ad that is in one of `from` (approving it); returns it when it changed.
async fn publish_if(
    txn: &DatabaseTransaction,
    state: &AppState,
    ad_id: i64,
    from: &[&str],
) -> AppResult<Option<(ad::Model, Event)>> {
    let current = ad::Entity::find_by_id(ad_id)
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if !from.contains(&current.status.as_str()) {
        return Ok(None);
    }
    let saved =
        crate::ads::service::moderate_in(txn, ad_id, Event::Approve, state.config.ad_lifetime_days)
            .await?;
    Ok(Some((saved, Event::Approve)))
}

/// Tells an ad's owner what happened to it, with the reason and, for a removal or
/// rejection, how to appeal.
async fn tell_owner(
    txn: &DatabaseTransaction,
    state: &AppState,
    a: &ad::Model,
    key: &str,
    reason: &str,
    appealable: bool,
) -> AppResult<()> {
    let Some(owner) = user::Entity::find_by_id(a.owner_id).one(txn).await? else {
        return Ok(());
    };
    let link = if appealable {
        format!("/appeals/new?subject=ad:{}", a.id)
    } else {
        "/account/ads".to_string()
    };
    crate::moderation::enforcement::tell(
        txn,
        &state.config.base_url,
        &owner,
        key,
        &[
            ("title", Arg::from(a.title.as_str())),
            ("reason", Arg::from(reason)),
        ],
        Some(&link),
    )
    .await
}

/// Bulk decisions for a wave of the same spam: each item is decided on its own (one
/// conflict does not stop the others); returns `(decided, conflicts)`.
pub async fn bulk(
    state: &AppState,
    me: &CurrentUser,
    ids: &[i64],
    d: &Decision,
) -> AppResult<(Vec<i64>, Vec<i64>)> {
    if ids.is_empty() || ids.len() > 500 {
        return Err(AppError::field("ids", "field-invalid"));
    }
    let (mut done, mut conflicts) = (Vec::new(), Vec::new());
    let single = Decision {
        version: None,
        ..d.clone()
    };
    for id in ids {
        match decide(state, me, *id, &single).await {
            Ok(_) => done.push(*id),
            Err(AppError::Conflict(..)) | Err(AppError::NotFound) => conflicts.push(*id),
            Err(e) => return Err(e),
        }
    }
    Ok((done, conflicts))
}
