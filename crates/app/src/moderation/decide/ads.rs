//! Decisions on items about an ad: a held ad (published or refused), a reported ad
//! (no action, removed, moved to the right category, hidden pending investigation). The
//! ad changes through `ads::service`; reports close through `reports::outcomes`.

use sea_orm::DatabaseTransaction;

use super::Kind;
use crate::accounts::people;
use crate::ads::Ad;
use crate::ads::lifecycle::Event;
use crate::platform::error::{AppError, AppResult};
use crate::platform::i18n::Arg;
use crate::platform::state::AppState;

/// The ads a decision changed, for what follows the commit (caches, fingerprints).
pub type Changed = Vec<(Ad, Event)>;

/// Hides the ad pending investigation and tells its owner.
pub async fn hide(
    txn: &DatabaseTransaction,
    state: &AppState,
    ad_id: i64,
    reason: &str,
) -> AppResult<Changed> {
    let saved =
        crate::ads::service::moderate_in(txn, ad_id, Event::Hide, state.config.ad_lifetime_days)
            .await?;
    tell_owner(txn, state, &saved, "notice-ad-hidden", reason, false).await?;
    Ok(vec![(saved, Event::Hide)])
}

/// Approves, rejects or moves the ad of a held or reported item (already taken by the
/// moderator); a reported ad's reports are closed with the outcome.
#[expect(
    clippy::too_many_arguments,
    reason = "a decision's parts, each needed by one of its branches"
)]
pub async fn decide(
    txn: &DatabaseTransaction,
    state: &AppState,
    moderator: i64,
    kind: Kind,
    ad_id: i64,
    action: &str,
    feedback: &str,
    category: Option<&str>,
) -> AppResult<Changed> {
    let reported = kind == Kind::ReportedAd;
    let mut changed = Changed::new();
    let outcome = match action {
        "move" => {
            crate::ads::service::move_in(txn, ad_id, category.unwrap_or("")).await?;
            changed.extend(
                publish_if(txn, state, ad_id, &["pending_review", "hidden", "rejected"]).await?,
            );
            Some((true, "ad_moved"))
        }
        "approve" => {
            changed.extend(publish_if(txn, state, ad_id, &["pending_review", "hidden"]).await?);
            Some((false, "no_action"))
        }
        "reject" => {
            let saved = crate::ads::service::moderate_in(
                txn,
                ad_id,
                Event::Reject,
                state.config.ad_lifetime_days,
            )
            .await?;
            let key = if reported {
                "notice-ad-removed"
            } else {
                "notice-ad-not-published"
            };
            tell_owner(txn, state, &saved, key, feedback, true).await?;
            changed.push((saved, Event::Reject));
            Some((true, "ad_removed"))
        }
        _ => return Err(AppError::field("action", "field-invalid")),
    };
    if reported && let Some((upheld, outcome)) = outcome {
        crate::reports::outcomes::resolve(txn, state, ad_id, upheld, outcome, feedback, moderator)
            .await?;
    }
    Ok(changed)
}

/// Publishes an ad that is in one of `from` (approving it); returns it when it changed.
async fn publish_if(
    txn: &DatabaseTransaction,
    state: &AppState,
    ad_id: i64,
    from: &[&str],
) -> AppResult<Option<(Ad, Event)>> {
    let current = crate::ads::service::find_any(txn, ad_id)
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
    a: &Ad,
    key: &str,
    reason: &str,
    appealable: bool,
) -> AppResult<()> {
    let link = if appealable {
        format!("/appeals/new?subject=ad:{}", a.id)
    } else {
        "/account/ads".to_string()
    };
    people::tell_id(
        txn,
        &state.config.base_url,
        a.owner_id,
        key,
        &[
            ("title", Arg::from(a.title.as_str())),
            ("reason", Arg::from(reason)),
        ],
        Some(&link),
    )
    .await
}
