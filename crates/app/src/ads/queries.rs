//! Read-side queries: listings, search results and an owner's ads.

use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::entity::ad;
use super::lifecycle::Status;
use crate::platform::db::search::{self, AdSearch};
use crate::platform::error::AppResult;
use crate::platform::util::now;

/// Ads shown per page.
pub const PER_PAGE: u64 = 20;
/// Deepest page we serve; past that, people should search.
pub const MAX_PAGE: u64 = 500;

/// How a listing is ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Newest,
    PriceLow,
    PriceHigh,
    Relevance,
}

impl Sort {
    /// Parses the `sort=` parameter; unknown values fall back to the default.
    pub fn parse(s: Option<&str>, searching: bool) -> Sort {
        match s {
            Some("newest") => Sort::Newest,
            Some("price_asc") => Sort::PriceLow,
            Some("price_desc") => Sort::PriceHigh,
            _ if searching => Sort::Relevance,
            _ => Sort::Newest,
        }
    }

    /// The parameter value.
    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Newest => "newest",
            Sort::PriceLow => "price_asc",
            Sort::PriceHigh => "price_desc",
            Sort::Relevance => "relevance",
        }
    }
}

/// A listing request.
#[derive(Clone, Debug, Default)]
pub struct Listing {
    pub text: String,
    pub category_id: Option<i64>,
    pub min_price_cents: Option<i64>,
    pub max_price_cents: Option<i64>,
    pub sort: Sort,
    pub page: u64,
}

/// One page of public ads and the total number of matches.
pub async fn list(
    state: &crate::platform::state::AppState,
    l: &Listing,
) -> AppResult<(Vec<ad::Model>, u64)> {
    let db = &state.db;
    let page = l.page.clamp(1, MAX_PAGE);
    let t = now();
    if !search::query_terms(&l.text).is_empty() && l.sort == Sort::Relevance {
        let (ids, total) = search::search_ads(
            db,
            &AdSearch {
                text: l.text.clone(),
                category_id: l.category_id,
                min_price_cents: l.min_price_cents,
                max_price_cents: l.max_price_cents,
                now: t,
                limit: PER_PAGE,
                offset: (page - 1) * PER_PAGE,
            },
        )
        .await?;
        return Ok((by_ids_in_order(db, &ids).await?, total));
    }
    let mut q = ad::Entity::find()
        .filter(ad::Column::Status.eq(Status::Published.as_str()))
        .filter(ad::Column::ExpiresAt.gt(t));
    if !search::query_terms(&l.text).is_empty() {
        // Searching with an explicit sort: take the matches, then order them.
        let (ids, _) = search::search_ads(
            db,
            &AdSearch {
                text: l.text.clone(),
                category_id: l.category_id,
                now: t,
                limit: 1000,
                offset: 0,
                ..Default::default()
            },
        )
        .await?;
        q = q.filter(ad::Column::Id.is_in(ids));
    }
    if let Some(c) = l.category_id {
        q = q.filter(ad::Column::CategoryId.eq(c));
    }
    if let Some(p) = l.min_price_cents {
        q = q.filter(ad::Column::PriceCents.gte(p));
    }
    if let Some(p) = l.max_price_cents {
        q = q.filter(ad::Column::PriceCents.lte(p));
    }
    q = match l.sort {
        // Each order runs along an index to its end (…, expires_at, id), so a page is
        // read straight off the index instead of sorting every live ad.
        Sort::PriceLow => q
            .filter(ad::Column::PriceCents.is_not_null())
            .order_by_asc(ad::Column::PriceCents)
            .order_by_asc(ad::Column::ExpiresAt)
            .order_by_asc(ad::Column::Id),
        Sort::PriceHigh => q
            .filter(ad::Column::PriceCents.is_not_null())
            .order_by_desc(ad::Column::PriceCents)
            .order_by_desc(ad::Column::ExpiresAt)
            .order_by_desc(ad::Column::Id),
        _ => q
            .order_by_desc(ad::Column::PublishedAt)
            .order_by_desc(ad::Column::ExpiresAt)
            .order_by_desc(ad::Column::Id),
    };
    let unfiltered = search::query_terms(&l.text).is_empty()
        && l.min_price_cents.is_none()
        && l.max_price_cents.is_none();
    let total = if unfiltered {
        // The per-category counts are kept for every page anyway; no second scan.
        let counts = category_counts(state).await?;
        counts
            .iter()
            .filter(|(c, _)| l.category_id.is_none_or(|id| id == *c))
            .map(|(_, n)| *n as u64)
            .sum()
    } else {
        q.clone().count(db).await?
    };
    let items = q
        .offset((page - 1) * PER_PAGE)
        .limit(PER_PAGE)
        .all(db)
        .await?;
    // The kept counts may be a second old; the page itself is exact, so never show a
    // total that contradicts it (a short page is the last one: its end is the total).
    let seen = (page - 1) * PER_PAGE + items.len() as u64;
    let total = if (items.len() as u64) < PER_PAGE && (!items.is_empty() || page == 1) {
        seen
    } else {
        total.max(seen)
    };
    Ok((items, total))
}

/// Loads ads keeping the order of `ids` (search ranking).
pub async fn by_ids_in_order(db: &impl ConnectionTrait, ids: &[i64]) -> AppResult<Vec<ad::Model>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut found = ad::Entity::find()
        .filter(ad::Column::Id.is_in(ids.to_vec()))
        .all(db)
        .await?;
    found.sort_by_key(|a| ids.iter().position(|id| *id == a.id).unwrap_or(usize::MAX));
    Ok(found)
}

/// Every ad of one owner, newest first, deleted ones left out.
pub async fn owned_by(db: &impl ConnectionTrait, owner_id: i64) -> AppResult<Vec<ad::Model>> {
    Ok(ad::Entity::find()
        .filter(ad::Column::OwnerId.eq(owner_id))
        .filter(ad::Column::Status.ne(Status::Deleted.as_str()))
        .order_by_desc(ad::Column::CreatedAt)
        .order_by_desc(ad::Column::Id)
        .all(db)
        .await?)
}

/// Number of public ads per category id, as shown on most pages: kept for a few seconds,
/// because counting every live ad for every visitor is the most expensive query we have.
pub async fn category_counts(
    state: &crate::platform::state::AppState,
) -> AppResult<std::sync::Arc<Vec<(i64, i64)>>> {
    if let Some(c) = state.counts.get(&"ads_by_category") {
        return Ok(c);
    }
    let fresh = std::sync::Arc::new(counts_by_category(&state.db).await?);
    state.counts.put("ads_by_category", fresh.clone());
    Ok(fresh)
}

/// Number of public ads per category id, counted now.
pub async fn counts_by_category(db: &impl ConnectionTrait) -> AppResult<Vec<(i64, i64)>> {
    Ok(ad::Entity::find()
        .select_only()
        .column(ad::Column::CategoryId)
        .column_as(ad::Column::Id.count(), "n")
        .filter(ad::Column::Status.eq(Status::Published.as_str()))
        .filter(ad::Column::ExpiresAt.gt(now()))
        .group_by(ad::Column::CategoryId)
        .into_tuple::<(i64, i64)>()
        .all(db)
        .await?)
}

/// The titles of these ads (for readable rows elsewhere).
pub async fn titles(
    db: &impl ConnectionTrait,
    ids: Vec<i64>,
) -> AppResult<std::collections::HashMap<i64, String>> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(ad::Entity::find()
        .select_only()
        .column(ad::Column::Id)
        .column(ad::Column::Title)
        .filter(ad::Column::Id.is_in(ids))
        .into_tuple::<(i64, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// An owner's ads in one of `statuses`.
pub async fn of_owner_in(
    db: &impl ConnectionTrait,
    owner_id: i64,
    statuses: &[&str],
) -> AppResult<Vec<ad::Model>> {
    Ok(ad::Entity::find()
        .filter(ad::Column::OwnerId.eq(owner_id))
        .filter(ad::Column::Status.is_in(statuses.iter().copied()))
        .all(db)
        .await?)
}

/// How many of an owner's ads are in each status.
pub async fn status_counts_of_owner(
    db: &impl ConnectionTrait,
    owner_id: i64,
) -> AppResult<Vec<(String, u64)>> {
    let rows: Vec<(String, i64)> = ad::Entity::find()
        .select_only()
        .column(ad::Column::Status)
        .column_as(ad::Column::Id.count(), "n")
        .filter(ad::Column::OwnerId.eq(owner_id))
        .group_by(ad::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(s, n)| (s, n as u64)).collect())
}

/// How many of an owner's ads were ever public (published now, or expired).
pub async fn ever_public_of_owner(db: &impl ConnectionTrait, owner_id: i64) -> AppResult<u64> {
    Ok(ad::Entity::find()
        .filter(ad::Column::OwnerId.eq(owner_id))
        .filter(ad::Column::Status.is_in([Status::Published.as_str(), Status::Expired.as_str()]))
        .count(db)
        .await?)
}

/// A subquery of the ids of an owner's newest `limit` ads (for counting what concerns
/// them elsewhere without a list of ids: a bulk seller may have a hundred thousand).
pub fn recent_ids_of_owner(owner_id: i64, limit: u64) -> sea_orm::sea_query::SelectStatement {
    sea_orm::sea_query::Query::select()
        .column(ad::Column::Id)
        .from(ad::Entity)
        .and_where(ad::Column::OwnerId.eq(owner_id))
        .order_by(ad::Column::CreatedAt, sea_orm::Order::Desc)
        .limit(limit)
        .to_owned()
}

/// Other owners who put one of this owner's phone numbers in their ads (at most `limit`).
pub async fn owners_sharing_phones(
    db: &impl ConnectionTrait,
    owner_id: i64,
    limit: u64,
) -> AppResult<Vec<i64>> {
    let phones: Vec<Option<String>> = ad::Entity::find()
        .select_only()
        .column(ad::Column::ContactPhone)
        .filter(ad::Column::OwnerId.eq(owner_id))
        .filter(ad::Column::ContactPhone.is_not_null())
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    let phones: Vec<String> = phones.into_iter().flatten().collect();
    if phones.is_empty() {
        return Ok(Vec::new());
    }
    Ok(ad::Entity::find()
        .select_only()
        .column(ad::Column::OwnerId)
        .filter(ad::Column::ContactPhone.is_in(phones))
        .filter(ad::Column::OwnerId.ne(owner_id))
        .distinct()
        .limit(limit)
        .into_tuple()
        .all(db)
        .await?)
}

/// Prices of live ads by category slug (what the gate's price check compares against).
pub async fn live_prices_by_category(
    db: &impl ConnectionTrait,
) -> AppResult<std::collections::BTreeMap<String, Vec<f64>>> {
    let slugs: std::collections::HashMap<i64, String> = super::entity::category::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.slug))
        .collect();
    let rows: Vec<(i64, i64)> = ad::Entity::find()
        .select_only()
        .column(ad::Column::CategoryId)
        .column(ad::Column::PriceCents)
        .filter(ad::Column::Status.eq(Status::Published.as_str()))
        .filter(ad::Column::PriceCents.gt(0))
        .into_tuple()
        .all(db)
        .await?;
    let mut out: std::collections::BTreeMap<String, Vec<f64>> = Default::default();
    for (cat, cents) in rows {
        if let Some(slug) = slugs.get(&cat) {
            out.entry(slug.clone())
                .or_default()
                .push(cents as f64 / 100.0);
        }
    }
    Ok(out)
}
