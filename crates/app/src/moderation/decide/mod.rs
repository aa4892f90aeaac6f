//! Decisions on queue items: approve, reject with a reason and feedback, hide pending
//! investigation, move to the right category, escalate. A decision is one transaction:
//! the item, the ad, the reports, the people told, the audit entry. Two moderators on
//! one item cannot both win: the second gets 409 `already_decided`.

mod ads;

use sea_orm::DatabaseTransaction;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::accounts::people;
use crate::platform::auth::{CurrentUser, Role};
use crate::platform::error::{AppError, AppResult};
use crate::platform::state::AppState;
use crate::review::queue::{self, Item, Kind};

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

/// Who may decide an item: what a moderator escalated is for admins; nobody decides on
/// their own ad (appeals against one's own decision are refused in `appeals`).
async fn may_decide(
    conn: &impl sea_orm::ConnectionTrait,
    me: &CurrentUser,
    it: &Item,
    kind: Kind,
) -> AppResult<()> {
    if it.status == "escalated" && me.role != Role::Admin {
        return Err(AppError::Forbidden("escalated_to_admins"));
    }
    if kind.is_about_an_ad()
        && crate::ads::service::find_any(conn, it.subject_id)
            .await?
            .is_some_and(|a| a.owner_id == me.id)
    {
        return Err(AppError::Forbidden("own_ad_decision"));
    }
    Ok(())
}

/// The decisions a moderator may take.
const ACTIONS: &[&str] = &["approve", "reject", "hide", "escalate", "move"];

/// Applies a decision. Returns the item as it is afterwards.
pub async fn decide(
    state: &AppState,
    me: &CurrentUser,
    item_id: i64,
    d: &Decision,
) -> AppResult<Item> {
    if !ACTIONS.contains(&d.action.as_str()) {
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
    let before = queue::get(&txn, item_id).await?.ok_or(AppError::NotFound)?;
    let kind = Kind::parse(&before.kind)
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("queue item kind {}", before.kind)))?;
    may_decide(&txn, me, &before, kind).await?;
    let changed = match d.action.as_str() {
        "hide" => {
            if !kind.is_about_an_ad() {
                return Err(AppError::field("action", "field-invalid"));
            }
            queue::set_open_status(&txn, item_id, &before.status, d.version).await?;
            ads::hide(&txn, state, before.subject_id, reason).await?
        }
        "escalate" => {
            queue::set_open_status(&txn, item_id, "escalated", d.version).await?;
            escalate(&txn, me, item_id, reason).await?;
            Vec::new()
        }
        action => {
            queue::take_for_decision(&txn, item_id, action, me.id, d.version).await?;
            let approve = action == "approve";
            match kind {
                Kind::HeldAd | Kind::ReportedAd => {
                    ads::decide(
                        &txn,
                        state,
                        me.id,
                        kind,
                        before.subject_id,
                        action,
                        &feedback,
                        d.category.as_deref(),
                    )
                    .await?
                }
                Kind::Appeal if action != "move" => {
                    super::appeals::decide(&txn, state, me, before.subject_id, approve, &feedback)
                        .await?;
                    Vec::new()
                }
                Kind::Signup if action != "move" => {
                    crate::accounts::signups::decide_in(
                        &txn,
                        state,
                        me.id,
                        before.subject_id,
                        approve,
                        &feedback,
                    )
                    .await?;
                    Vec::new()
                }
                _ => return Err(AppError::field("action", "field-invalid")),
            }
        }
    };
    crate::platform::audit::record(
        &txn,
        Some(me.id),
        &format!("moderation.decision.{}", d.action),
        &format!("queue:{item_id}"),
        Some(&before),
        Some(&serde_json::json!({"action": d.action, "reason": reason, "feedback": feedback, "category": d.category})),
    )
    .await?;
    let after = queue::get(&txn, item_id).await?.ok_or(AppError::NotFound)?;
    txn.commit().await?;
    state.mail_wake.notify_one();
    for (a, event) in &changed {
        crate::ads::service::after_moderation(state, a, *event).await?;
    }
    Ok(after)
}

/// Puts a note on an escalated item and tells every admin.
async fn escalate(
    txn: &DatabaseTransaction,
    me: &CurrentUser,
    item_id: i64,
    reason: &str,
) -> AppResult<()> {
    queue::add_note(txn, item_id, me.id, &format!("escalated: {reason}")).await?;
    for a in people::active(txn, &[Role::Admin], &[]).await? {
        let i = crate::platform::i18n::I18n::new(a.language.as_deref().unwrap_or("en"));
        let text = i.t1("notice-item-escalated", "reason", reason);
        crate::platform::notify::notify(
            txn,
            a.id,
            "escalated",
            &text,
            Some(&format!("/office/queue/{item_id}")),
        )
        .await?;
    }
    Ok(())
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
