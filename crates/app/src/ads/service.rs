//! Ad operations shared by the API and the pages: posting, editing, renewing, deleting,
//! finding an ad by its URL, and who may see what.

use std::collections::HashMap;

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::entity::{ad, ad_slug, category};
use super::judge;
use super::lifecycle::{self, Event, Status};
use super::slug;
use super::validate::AdInput;
use crate::gate;
use crate::platform::auth::CurrentUser;
use crate::platform::db::search::index_text;
use crate::platform::db::write_txn;
use crate::platform::error::{AppError, AppResult};
use crate::platform::state::AppState;
use crate::platform::util::now;

/// The public address of an ad.
pub fn ad_url(category_slug: &str, ad_slug: &str) -> String {
    format!("/classifieds/{category_slug}/{ad_slug}")
}

/// All categories in display order.
pub async fn categories(db: &impl ConnectionTrait) -> AppResult<Vec<category::Model>> {
    Ok(category::Entity::find()
        .order_by_asc(category::Column::Position)
        .order_by_asc(category::Column::Name)
        .all(db)
        .await?)
}

/// Categories by id, for building URLs of many ads at once.
pub async fn category_map(db: &impl ConnectionTrait) -> AppResult<HashMap<i64, category::Model>> {
    Ok(categories(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect())
}

/// Whether an ad is on the public site right now.
pub fn is_public(a: &ad::Model, at: i64) -> bool {
    a.status == Status::Published.as_str() && a.expires_at.is_none_or(|e| e > at)
}

/// Whether this viewer may see this ad: everyone for public ads, the owner and
/// moderators for the rest (deleted ads only for moderators).
pub fn can_view(a: &ad::Model, viewer: Option<&CurrentUser>) -> bool {
    if is_public(a, now()) {
        return true;
    }
    match viewer {
        Some(u) if u.role.can_moderate() => true,
        Some(u) => u.id == a.owner_id && a.status != Status::Deleted.as_str(),
        None => false,
    }
}

/// Loads an ad the viewer may see, or 404 (never revealing that a hidden ad exists).
pub async fn find_visible(
    db: &impl ConnectionTrait,
    id: i64,
    viewer: Option<&CurrentUser>,
) -> AppResult<ad::Model> {
    let a = ad::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if can_view(&a, viewer) {
        Ok(a)
    } else {
        Err(AppError::NotFound)
    }
}

/// Every category's slug, in the categories' order (for the office's move and rule forms).
pub async fn category_slugs(db: &impl ConnectionTrait) -> AppResult<Vec<String>> {
    Ok(categories(db).await?.into_iter().map(|c| c.slug).collect())
}

/// Any ad whatever its status, for the office's context panels (never for visitors).
pub async fn find_any(db: &impl ConnectionTrait, id: i64) -> AppResult<Option<ad::Model>> {
    Ok(ad::Entity::find_by_id(id).one(db).await?)
}

/// Loads an ad its owner wants to change: 404 if the caller cannot see it, 403 if they can
/// but it is not theirs.
pub async fn find_owned(
    db: &impl ConnectionTrait,
    id: i64,
    me: &CurrentUser,
) -> AppResult<ad::Model> {
    let a = find_visible(db, id, Some(me)).await?;
    if a.owner_id == me.id {
        Ok(a)
    } else {
        Err(AppError::Forbidden("not_owner"))
    }
}

async fn category_by_slug(db: &impl ConnectionTrait, slug: &str) -> AppResult<category::Model> {
    category::Entity::find()
        .filter(category::Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or_else(|| AppError::field("category", "field-category-unknown"))
}

/// Reserves a slug for `ad_id` in a category (reusing one the ad already had there).
async fn allocate_slug(
    txn: &DatabaseTransaction,
    category_id: i64,
    title: &str,
    ad_id: i64,
) -> AppResult<String> {
    let base = slug::slugify(title);
    let existing = ad_slug::Entity::find()
        .filter(ad_slug::Column::CategoryId.eq(category_id))
        .filter(
            ad_slug::Column::Slug
                .eq(base.clone())
                .or(ad_slug::Column::Slug.starts_with(format!("{base}-"))),
        )
        .all(txn)
        .await?;
    if let Some(own) = existing.iter().find(|s| s.ad_id == ad_id && s.slug == base) {
        return Ok(own.slug.clone());
    }
    let taken: Vec<String> = existing.into_iter().map(|s| s.slug).collect();
    let chosen = slug::first_free(&base, &taken);
    ad_slug::ActiveModel {
        ad_id: Set(ad_id),
        category_id: Set(category_id),
        slug: Set(chosen.clone()),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(chosen)
}

/// Applies a lifecycle event to a loaded ad, setting the dates that go with it.
fn apply(
    am: &mut ad::ActiveModel,
    current: Option<Status>,
    event: Event,
    lifetime_days: i64,
) -> AppResult<Status> {
    let to = lifecycle::next(current, event)
        .map_err(|_| AppError::Conflict("invalid_transition", Default::default()))?;
    let t = now();
    if lifecycle::starts_period(event, to) {
        am.expires_at = Set(Some(t + lifetime_days * 86_400));
        if current.is_none() || am.published_at.as_ref().is_none() {
            am.published_at = Set(Some(t));
        }
    }
    am.status = Set(to.as_str().to_string());
    am.updated_at = Set(t);
    Ok(to)
}

/// Retries a transaction that lost a race for a slug (two ads with one title at once).
async fn with_slug_retry<T, F, Fut>(mut attempt: F) -> AppResult<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = AppResult<T>>,
{
    for _ in 0..4 {
        match attempt().await {
            Err(AppError::Conflict("conflict", _)) => continue,
            other => return other,
        }
    }
    attempt().await
}

/// A posted ad and the gate's verdict on it.
pub struct Posted {
    pub ad: ad::Model,
    pub verdict: antispam::Verdict,
}

/// Posts a new ad through the gate. Only verified accounts may post; a rejected ad is
/// not stored and the error carries the verdict; a held one waits for review, as does
/// any ad when `review` (the shield let the request through the accessible question).
pub async fn create(
    state: &AppState,
    me: &CurrentUser,
    ip: Option<&str>,
    input: AdInput,
    review: bool,
) -> AppResult<Posted> {
    if !me.verified {
        return Err(AppError::Forbidden("email_not_verified"));
    }
    let cat = &category_by_slug(&state.db, &input.category).await?;
    let verdict = screen(state, me, ip, &input, None).await?;
    let publish = judge::publishes(&verdict) && !review;
    let (input, verdict) = (&input, &verdict);
    let saved = with_slug_retry(|| async move {
        let txn = write_txn(&state.db).await?;
        let t = now();
        let mut am = ad::ActiveModel {
            owner_id: Set(me.id),
            category_id: Set(cat.id),
            slug: Set(String::new()),
            title: Set(input.title.clone()),
            description: Set(input.description.clone()),
            price_cents: Set(input.price_cents),
            currency: Set(input.currency.clone()),
            location: Set(input.location.clone()),
            contact_phone: Set(input.contact_phone.clone()),
            status: Set(String::new()),
            created_at: Set(t),
            updated_at: Set(t),
            published_at: Set(None),
            expires_at: Set(None),
            search_title: Set(index_text(&[&input.title])),
            search_body: Set(index_text(&[&input.location, &input.description])),
            fingerprint: Set(Some(gate::fingerprints::of(
                &input.title,
                &input.description,
            ))),
            ..Default::default()
        };
        apply(
            &mut am,
            None,
            Event::Submit { publish },
            state.config.ad_lifetime_days,
        )?;
        let inserted = am.insert(&txn).await?;
        let chosen = allocate_slug(&txn, cat.id, &inserted.title, inserted.id).await?;
        let mut am: ad::ActiveModel = inserted.into();
        am.slug = Set(chosen);
        let saved = am.update(&txn).await?;
        judge::store_fingerprint(&txn, &saved).await?;
        record_verdict(state, &txn, "ad", Some(saved.id), me.id, ip, verdict).await?;
        queue_if_held(state, &txn, &saved, verdict).await?;
        txn.commit().await?;
        Ok(saved)
    })
    .await?;
    judge::remember(state, &saved);
    Ok(Posted {
        ad: saved,
        verdict: verdict.clone(),
    })
}

/// Asks the gate about an ad; a refusal is recorded (nothing else is written) and
/// comes back as the error that carries the verdict to the user.
async fn screen(
    state: &AppState,
    me: &CurrentUser,
    ip: Option<&str>,
    input: &AdInput,
    editing: Option<i64>,
) -> AppResult<antispam::Verdict> {
    let verdict = judge::judge(state, Some(me), ip, input, editing).await?;
    if verdict.action == antispam::Action::Reject {
        let kind = if editing.is_some() { "ad_edit" } else { "ad" };
        record_verdict(state, &state.db, kind, editing, me.id, ip, &verdict).await?;
        // Content the gate refuses counts against the address: a spammer who keeps
        // trying is blocked for a while, longer each time.
        crate::shield::guard::offence(state, ip, "ad rejected by the gate").await?;
        return Err(crate::gate::explain::refused(verdict));
    }
    Ok(verdict)
}

/// Records a verdict on an ad, in the caller's transaction.
async fn record_verdict(
    state: &AppState,
    db: &impl sea_orm::ConnectionTrait,
    kind: &'static str,
    id: Option<i64>,
    user_id: i64,
    ip: Option<&str>,
    verdict: &antispam::Verdict,
) -> AppResult<()> {
    let subject = gate::service::Subject {
        kind,
        id,
        user_id: Some(user_id),
        ip,
    };
    gate::service::record(db, &*gate::gate(state)?, &subject, verdict).await
}

/// Edits an ad: a new title or category gives it a new URL; the old one keeps redirecting.
/// Edits go through the gate like new ads: a refused edit leaves the ad as it was, a
/// held one takes the ad off the site until a person has looked.
pub async fn update(
    state: &AppState,
    me: &CurrentUser,
    ip: Option<&str>,
    id: i64,
    input: AdInput,
    review: bool,
) -> AppResult<Posted> {
    let cat = &category_by_slug(&state.db, &input.category).await?;
    find_owned(&state.db, id, me).await?;
    let verdict = screen(state, me, ip, &input, Some(id)).await?;
    let publish = me.verified && judge::publishes(&verdict) && !review;
    let (input, verdict) = (&input, &verdict);
    let saved = with_slug_retry(|| async move {
        let txn = write_txn(&state.db).await?;
        let current = find_owned(&txn, id, me).await?;
        let was = current.status.clone();
        let status = Status::parse(&current.status);
        let moved = current.category_id != cat.id
            || slug::slugify(&current.title) != slug::slugify(&input.title);
        let mut am: ad::ActiveModel = current.into();
        apply(
            &mut am,
            status,
            Event::Edit { publish },
            state.config.ad_lifetime_days,
        )?;
        if moved {
            am.slug = Set(allocate_slug(&txn, cat.id, &input.title, id).await?);
        }
        am.category_id = Set(cat.id);
        am.title = Set(input.title.clone());
        am.description = Set(input.description.clone());
        am.price_cents = Set(input.price_cents);
        am.currency = Set(input.currency.clone());
        am.location = Set(input.location.clone());
        am.contact_phone = Set(input.contact_phone.clone());
        am.search_title = Set(index_text(&[&input.title]));
        am.search_body = Set(index_text(&[&input.location, &input.description]));
        am.fingerprint = Set(Some(gate::fingerprints::of(
            &input.title,
            &input.description,
        )));
        let saved = save_if_status(&txn, am, &was).await?;
        judge::store_fingerprint(&txn, &saved).await?;
        record_verdict(state, &txn, "ad_edit", Some(id), me.id, ip, verdict).await?;
        queue_if_held(state, &txn, &saved, verdict).await?;
        txn.commit().await?;
        Ok(saved)
    })
    .await?;
    judge::remember(state, &saved);
    Ok(Posted {
        ad: saved,
        verdict: verdict.clone(),
    })
}

/// An ad the gate held goes into the moderation queue, weighed by its score.
async fn queue_if_held(
    state: &AppState,
    txn: &DatabaseTransaction,
    saved: &ad::Model,
    verdict: &antispam::Verdict,
) -> AppResult<()> {
    if saved.status != Status::PendingReview.as_str() {
        return Ok(());
    }
    let cfg = crate::review::settings::current(state).await?;
    let top = verdict
        .signals
        .iter()
        .filter(|s| s.score > 0.0)
        .max_by(|a, b| a.score.total_cmp(&b.score))
        .map(|s| s.name.clone());
    crate::review::queue::upsert(
        txn,
        &cfg,
        "held_ad",
        saved.id,
        2,
        (verdict.score / 5.0).max(0.0),
        top.as_deref(),
        Some(saved.category_id),
    )
    .await?;
    Ok(())
}

/// Writes an ad only if its status is still the one the change was decided on. On
/// PostgreSQL two requests can read the same status at once (a delete and a renew); the
/// second to write then gets 409 instead of silently undoing the first.
async fn save_if_status(
    txn: &DatabaseTransaction,
    am: ad::ActiveModel,
    expected: &str,
) -> AppResult<ad::Model> {
    let id = match &am.id {
        sea_orm::ActiveValue::Set(id) | sea_orm::ActiveValue::Unchanged(id) => *id,
        sea_orm::ActiveValue::NotSet => {
            return Err(AppError::Internal(anyhow::anyhow!("ad without id")));
        }
    };
    let res = ad::Entity::update_many()
        .set(am)
        .filter(ad::Column::Id.eq(id))
        .filter(ad::Column::Status.eq(expected))
        .exec(txn)
        .await?;
    if res.rows_affected != 1 {
        return Err(AppError::Conflict("conflict", Default::default()));
    }
    ad::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)
}

/// Applies an owner's lifecycle event (renew, delete) to their ad. Renewing puts the ad
/// back on the site, so it passes the gate again as it reads now (rules change, and an
/// expired ad may have been edited): refused text is refused, held text waits for review.
pub async fn owner_event(
    state: &AppState,
    me: &CurrentUser,
    id: i64,
    event: Event,
) -> AppResult<ad::Model> {
    let mut event = event;
    let mut verdict = None;
    if event == Event::Renew {
        let current = find_owned(&state.db, id, me).await?;
        let v = screen(
            state,
            me,
            None,
            &judge::input_of(state, &current).await?,
            Some(id),
        )
        .await?;
        if !judge::publishes(&v) {
            event = Event::Edit { publish: false };
        }
        verdict = Some(v);
    }
    let txn = write_txn(&state.db).await?;
    let current = find_owned(&txn, id, me).await?;
    let was = current.status.clone();
    let status = Status::parse(&current.status);
    let mut am: ad::ActiveModel = current.into();
    apply(&mut am, status, event, state.config.ad_lifetime_days)?;
    let saved = save_if_status(&txn, am, &was).await?;
    judge::store_fingerprint(&txn, &saved).await?;
    if let Some(v) = &verdict {
        record_verdict(state, &txn, "ad_edit", Some(id), me.id, None, v).await?;
        queue_if_held(state, &txn, &saved, v).await?;
    }
    txn.commit().await?;
    judge::remember(state, &saved);
    if event == Event::Delete {
        state.pages.clear();
    }
    Ok(saved)
}

/// A moderator's decision on an ad (approve a held one, reject one) in its own
/// transaction. The moderation office uses [`moderate_in`] to make it part of a larger
/// decision (reports resolved, people told, all or nothing).
pub async fn moderate(
    state: &AppState,
    moderator: &CurrentUser,
    id: i64,
    event: Event,
) -> AppResult<ad::Model> {
    if !moderator.role.can_moderate() {
        return Err(AppError::Forbidden("forbidden"));
    }
    let txn = write_txn(&state.db).await?;
    let saved = moderate_in(&txn, id, event, state.config.ad_lifetime_days).await?;
    let decision = if event == Event::Approve {
        "approve"
    } else {
        "reject"
    };
    crate::review::queue::close_for(&txn, "held_ad", id, decision, Some(moderator.id)).await?;
    txn.commit().await?;
    after_moderation(state, &saved, event).await?;
    Ok(saved)
}

/// Applies a moderation event to an ad inside the caller's transaction: the status
/// change (409 on a race or an impossible change), what the classifier learns from it,
/// and a rejected ad's phone number for the gate. Call [`after_moderation`] after commit.
pub async fn moderate_in(
    txn: &DatabaseTransaction,
    id: i64,
    event: Event,
    lifetime_days: i64,
) -> AppResult<ad::Model> {
    let current = ad::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let was = current.status.clone();
    let status = Status::parse(&current.status);
    let mut am: ad::ActiveModel = current.into();
    apply(&mut am, status, event, lifetime_days)?;
    let saved = save_if_status(txn, am, &was).await?;
    judge::store_fingerprint(txn, &saved).await?;
    // Approving what the gate held overrules the rules that held it.
    if event == Event::Approve && was == Status::PendingReview.as_str() {
        gate::stats::overruled(txn, "ad", id).await?;
    }
    // The decision teaches the classifier: approved is ham, rejected is spam.
    if matches!(event, Event::Approve | Event::Reject) {
        let text = format!("{}\n{}", saved.title, saved.description);
        let source = if event == Event::Approve {
            "approve"
        } else {
            "reject"
        };
        gate::learn::queue(txn, &text, event == Event::Reject, source, Some(saved.id)).await?;
    }
    // A rejected ad's phone number is recognised in the next ad that carries it.
    if event == Event::Reject
        && let Some(phone) = &saved.contact_phone
    {
        gate::sitedata::remember_rejected(txn, std::slice::from_ref(phone)).await?;
    }
    Ok(saved)
}

/// What follows a committed moderation event in this process: the near-duplicate index
/// learns the new status, and a rejected phone number holds at once.
pub async fn after_moderation(state: &AppState, saved: &ad::Model, event: Event) -> AppResult<()> {
    judge::remember(state, saved);
    // A takedown (or a restored ad) shows at once, not when cached pages expire.
    state.pages.clear();
    if event == Event::Reject && saved.contact_phone.is_some() {
        gate::gate(state)?
            .refresh(&state.db)
            .await
            .map_err(AppError::Internal)?;
    }
    Ok(())
}

/// Moves an ad to another category (a moderator's correction) inside the caller's
/// transaction; the old URL keeps redirecting.
pub async fn move_in(
    txn: &DatabaseTransaction,
    id: i64,
    category_slug: &str,
) -> AppResult<ad::Model> {
    let cat = category_by_slug(txn, category_slug).await?;
    let current = ad::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if current.category_id == cat.id {
        return Ok(current);
    }
    let title = current.title.clone();
    let mut am: ad::ActiveModel = current.into();
    am.slug = Set(allocate_slug(txn, cat.id, &title, id).await?);
    am.category_id = Set(cat.id);
    am.updated_at = Set(now());
    Ok(am.update(txn).await?)
}

/// Marks published ads whose time ran out as expired (and tells the gate, so their
/// owners may post them again); returns how many.
pub async fn expire_due(db: &DatabaseConnection) -> AppResult<u64> {
    use sea_orm::{QuerySelect, TransactionTrait};
    let to =
        lifecycle::next(Some(Status::Published), Event::Expire).map_err(|e| anyhow::anyhow!(e))?;
    let t = now();
    let due: Vec<i64> = ad::Entity::find()
        .select_only()
        .column(ad::Column::Id)
        .filter(ad::Column::Status.eq(Status::Published.as_str()))
        .filter(ad::Column::ExpiresAt.lte(t))
        .limit(10_000)
        .into_tuple()
        .all(db)
        .await?;
    if due.is_empty() {
        return Ok(0);
    }
    let txn = db.begin().await?;
    let res = ad::Entity::update_many()
        .col_expr(ad::Column::Status, Expr::value(to.as_str()))
        .col_expr(ad::Column::UpdatedAt, Expr::value(t))
        .filter(ad::Column::Id.is_in(due.clone()))
        .filter(ad::Column::Status.eq(Status::Published.as_str()))
        .exec(&txn)
        .await?;
    gate::fingerprints::restand_many(&txn, &due, gate::fingerprints::Standing::Inactive).await?;
    txn.commit().await?;
    Ok(res.rows_affected)
}

/// What a URL under `/classifieds/{category}/{slug}` points at.
pub enum Resolved {
    Current(Box<(ad::Model, category::Model)>),
    Moved(String),
}

/// Finds an ad by any URL it ever had.
pub async fn resolve(
    db: &impl ConnectionTrait,
    category_slug: &str,
    ad_slug_text: &str,
) -> AppResult<Resolved> {
    let cat = category::Entity::find()
        .filter(category::Column::Slug.eq(category_slug))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let entry = ad_slug::Entity::find()
        .filter(ad_slug::Column::CategoryId.eq(cat.id))
        .filter(ad_slug::Column::Slug.eq(ad_slug_text))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let a = ad::Entity::find_by_id(entry.ad_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if a.category_id == cat.id && a.slug == ad_slug_text {
        return Ok(Resolved::Current(Box::new((a, cat))));
    }
    let now_cat = category::Entity::find_by_id(a.category_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Resolved::Moved(ad_url(&now_cat.slug, &a.slug)))
}
