//! Ads meet the gate: what ads know about a submission and its author goes into one
//! `antispam::Submission`, and the verdict comes back as a lifecycle decision.

use antispam::{AccountContext, Kind, Submission, Verdict};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

use super::entity::ad;
use super::lifecycle::Status;
use super::validate::AdInput;
use crate::accounts::entity::user;
use crate::gate::fingerprints::{self, Standing};
use crate::platform::auth::CurrentUser;
use crate::platform::error::AppResult;
use crate::platform::state::AppState;
use crate::platform::util::now;

/// What the author's record says, for the gate's account signals.
async fn context(
    db: &impl ConnectionTrait,
    author: Option<&CurrentUser>,
    ip: Option<&str>,
) -> AppResult<AccountContext> {
    let Some(me) = author else {
        let (_, by_ip) = crate::gate::service::recent_counts(db, None, ip).await?;
        return Ok(AccountContext {
            recent_by_ip: by_ip,
            ..Default::default()
        });
    };
    let created = user::Entity::find_by_id(me.id)
        .one(db)
        .await?
        .map(|u| u.created_at)
        .unwrap_or_else(now);
    let count = |statuses: &'static [&'static str]| {
        ad::Entity::find()
            .filter(ad::Column::OwnerId.eq(me.id))
            .filter(ad::Column::Status.is_in(statuses.iter().copied()))
            .count(db)
    };
    let approved = count(&["published", "expired"]).await?;
    let rejected = count(&["rejected"]).await?;
    let (by_user, by_ip) = crate::gate::service::recent_counts(db, Some(me.id), ip).await?;
    Ok(AccountContext {
        account_id: Some(me.id),
        account_age_hours: Some((now() - created).max(0) as f64 / 3600.0),
        email_verified: Some(me.verified),
        two_factor: false,
        approved_ads: approved.min(u32::MAX as u64) as u32,
        rejected_ads: rejected.min(u32::MAX as u64) as u32,
        recent_by_account: by_user,
        recent_by_ip: by_ip,
    })
}

/// The gate's verdict on an ad as typed; `editing` is the ad's own id for edits.
pub async fn judge(
    state: &AppState,
    author: Option<&CurrentUser>,
    ip: Option<&str>,
    input: &AdInput,
    editing: Option<i64>,
) -> AppResult<Verdict> {
    let gate = crate::gate::gate(state)?;
    let mut contacts = Vec::new();
    if let Some(phone) = &input.contact_phone {
        contacts.push(phone.clone());
    }
    let sub = Submission {
        kind: if editing.is_some() {
            Kind::AdEdit
        } else {
            Kind::Ad
        },
        ad_id: editing,
        title: input.title.clone(),
        body: input.description.clone(),
        category: Some(input.category.clone()),
        price: input.price_cents.map(|c| c as f64 / 100.0),
        currency: Some(input.currency.clone()),
        location: input.location.clone(),
        links: Vec::new(),
        contacts,
        context: context(&state.db, author, ip).await?,
    };
    Ok(gate.check(&sub))
}

/// Whether a verdict lets the ad go live without a person looking at it.
pub fn publishes(v: &Verdict) -> bool {
    v.action == antispam::Action::Accept
}

/// What a copy of an ad in this status means to the gate.
fn standing(status: &str) -> Standing {
    match Status::parse(status) {
        Some(Status::PendingReview | Status::Published | Status::Hidden) => Standing::Live,
        Some(Status::Rejected) => Standing::Rejected,
        Some(Status::Expired | Status::Deleted) => Standing::Inactive,
        None => Standing::Gone,
    }
}

/// Tells the gate what an ad now is, inside the transaction that changed it (every
/// instance reads it from there within seconds).
pub async fn store_fingerprint(conn: &impl ConnectionTrait, a: &ad::Model) -> AppResult<()> {
    match a.fingerprint {
        Some(fp) => fingerprints::store(conn, a.id, a.owner_id, standing(&a.status), fp).await,
        None => Ok(()),
    }
}

/// Tells this instance's near-duplicate index what an ad now is, after the commit.
pub fn remember(state: &AppState, a: &ad::Model) {
    if let (Ok(gate), Some(fp)) = (crate::gate::gate(state), a.fingerprint) {
        gate.remember_local(a.id, a.owner_id, standing(&a.status).indexed(), fp);
    }
}

/// Statuses a person has to look at.
pub fn needs_review(a: &ad::Model) -> bool {
    a.status == Status::PendingReview.as_str()
}

/// A stored ad as the gate's input.
pub async fn input_of(state: &AppState, a: &ad::Model) -> AppResult<AdInput> {
    let cats = super::service::category_map(&state.db).await?;
    Ok(AdInput {
        category: cats
            .get(&a.category_id)
            .map(|c| c.slug.clone())
            .unwrap_or_default(),
        title: a.title.clone(),
        description: a.description.clone(),
        price_cents: a.price_cents,
        currency: a.currency.clone(),
        location: a.location.clone(),
        contact_phone: a.contact_phone.clone(),
    })
}

/// The gate's verdict on an ad as it stands now, with its owner's record (a report
/// re-runs the gate so moderators see what it thinks today).
pub async fn judge_existing(state: &AppState, a: &ad::Model) -> AppResult<Verdict> {
    let input = input_of(state, a).await?;
    let owner = user::Entity::find_by_id(a.owner_id).one(&state.db).await?;
    let author = owner.map(crate::accounts::sessions::as_current);
    judge(state, author.as_ref(), None, &input, Some(a.id)).await
}
