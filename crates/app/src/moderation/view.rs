//! What the office sees: queue rows with a readable subject, and one item with its whole
//! context (the ad as reported and as it is now, the reports, the gate's signals, the
//! poster's history and accounts that share their address or phone, private notes).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use sea_orm::entity::prelude::*;
use sea_orm::{QueryOrder, QuerySelect};
use serde::Serialize;
use utoipa::ToSchema;

use super::entity::action;
use super::out::{ActionOut, AppealOut, NoteOut};
use crate::accounts::people;
use crate::ads::Ad;
use crate::platform::error::{AppError, AppResult};
use crate::platform::state::AppState;
use crate::platform::util::now;
use crate::review::queue::{self, Counts, Item, QueueQuery};

/// A queue row.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ItemOut {
    pub id: i64,
    pub kind: String,
    /// What it is about, readable: an ad's title, an account's address, an appeal.
    pub subject: String,
    pub subject_id: i64,
    pub status: String,
    /// Higher first: severity, then how far past (or close to) its review target.
    pub priority: f64,
    pub severity: i32,
    pub weight: f64,
    pub reason: Option<String>,
    pub due_at: i64,
    pub overdue: bool,
    pub claimed_by: Option<i64>,
    pub version: i32,
    pub created_at: i64,
}

fn priority(i: &Item, t: i64) -> f64 {
    let span = (i.due_at - i.created_at).max(60) as f64;
    let elapsed = (t - i.created_at).max(0) as f64;
    i.severity as f64 * 10.0 + (elapsed / span).min(5.0)
}

/// Counts change slowly; a page that is reloaded all day need not count every time.
#[derive(Default)]
struct CountCache(Mutex<Option<(Instant, Counts)>>);

async fn cached_counts(state: &AppState) -> AppResult<Counts> {
    let slot = match state.slots.get::<CountCache>() {
        Some(s) => s,
        None => {
            state
                .slots
                .insert(std::sync::Arc::new(CountCache::default()));
            state.slots.get::<CountCache>().expect("inserted")
        }
    };
    if let Some((at, c)) = slot.0.lock().unwrap_or_else(|e| e.into_inner()).as_ref()
        && at.elapsed() < Duration::from_secs(2)
    {
        return Ok(c.clone());
    }
    let c = queue::counts(&state.db).await?;
    *slot.0.lock().unwrap_or_else(|e| e.into_inner()) = Some((Instant::now(), c.clone()));
    Ok(c)
}

/// Readable subjects for a page of items (one query per kind).
pub async fn rows(conn: &impl ConnectionTrait, items: Vec<Item>) -> AppResult<Vec<ItemOut>> {
    let ids = |k: &str| -> Vec<i64> {
        items
            .iter()
            .filter(|i| i.kind == k || (k == "ad" && i.kind.ends_with("_ad")))
            .map(|i| i.subject_id)
            .collect()
    };
    let ads = crate::ads::queries::titles(conn, ids("ad")).await?;
    let users: HashMap<i64, String> = people::many(conn, &ids("signup"))
        .await?
        .into_iter()
        .map(|(id, p)| (id, p.email))
        .collect();
    let appeals = crate::review::appeals::subjects(conn, ids("appeal")).await?;
    let t = now();
    Ok(items
        .into_iter()
        .map(|i| {
            let subject = match i.kind.as_str() {
                "signup" => users.get(&i.subject_id).cloned(),
                "appeal" => appeals
                    .get(&i.subject_id)
                    .map(|s| format!("appeal against {s}")),
                _ => ads.get(&i.subject_id).cloned(),
            }
            .unwrap_or_else(|| format!("#{}", i.subject_id));
            ItemOut {
                priority: priority(&i, t),
                overdue: i.due_at < t,
                id: i.id,
                kind: i.kind,
                subject,
                subject_id: i.subject_id,
                status: i.status,
                severity: i.severity,
                weight: i.weight,
                reason: i.reason,
                due_at: i.due_at,
                claimed_by: i.claimed_by,
                version: i.version,
                created_at: i.created_at,
            }
        })
        .collect())
}

/// The counts and one page of the queue.
pub async fn queue_page(
    state: &AppState,
    q: &QueueQuery,
    me: i64,
) -> AppResult<(Counts, Vec<ItemOut>)> {
    let category_id = match q.category.as_deref().filter(|c| !c.is_empty()) {
        Some(slug) => Some(
            crate::ads::service::categories(&state.db)
                .await?
                .into_iter()
                .find(|c| c.slug == slug)
                .map(|c| c.id)
                .ok_or_else(|| AppError::field("category", "field-category-unknown"))?,
        ),
        None => None,
    };
    let mut items = Vec::new();
    let plain = q.status.is_none() && q.page.unwrap_or(0) == 0;
    if plain {
        items.extend(queue::escalated(&state.db).await?);
    }
    items.extend(queue::list(&state.db, q, category_id, me).await?);
    Ok((cached_counts(state).await?, rows(&state.db, items).await?))
}

/// One field of the ad that changed since a report.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Change {
    pub field: String,
    pub reported: String,
    pub now: String,
}

/// A report as the office sees it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ReportOut {
    pub id: i64,
    pub reason: String,
    pub comment: Option<String>,
    pub weight: f64,
    pub status: String,
    pub created_at: i64,
    /// `None` for anonymous reports.
    pub reporter_id: Option<i64>,
}

/// The ad as it is now.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct AdNow {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub price_cents: Option<i64>,
    pub location: String,
    pub contact_phone: Option<String>,
    pub status: String,
    pub url: String,
    pub owner_id: i64,
}

/// An account's record.
#[derive(Clone, Debug, Default, Serialize, ToSchema)]
pub struct PosterHistory {
    pub user_id: i64,
    pub email: String,
    pub display_name: String,
    pub status: String,
    pub created_at: i64,
    /// Status → number of ads.
    pub ads: HashMap<String, u64>,
    pub reports_against: u64,
    pub upheld_against: u64,
    pub actions: Vec<ActionOut>,
    /// Other accounts that signed up from the same address or put the same phone
    /// number in an ad: `(id, email)`.
    pub related: Vec<(i64, String)>,
}

/// Everything about one item.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ItemDetail {
    pub item: ItemOut,
    pub ad: Option<AdNow>,
    /// What changed between the first open report's snapshot and now.
    pub changes: Vec<Change>,
    pub reports: Vec<ReportOut>,
    /// The gate's verdict (at the newest report, or when the ad was last judged).
    #[schema(value_type = Object)]
    pub verdict: Option<antispam::Verdict>,
    pub poster: Option<PosterHistory>,
    pub notes: Vec<NoteOut>,
    pub appeal: Option<AppealOut>,
}

/// Reports counted in an account's record at most (shown as "1,000 or more").
pub const HISTORY_CAP: u64 = 1000;
/// An account's record counts reports on this many of its newest ads.
pub const RECENT_ADS: u64 = 500;

/// An account's record (404 for a missing account).
pub async fn history(state: &AppState, user_id: i64) -> AppResult<PosterHistory> {
    let u = people::need(&state.db, user_id).await?;
    let counts = crate::ads::queries::status_counts_of_owner(&state.db, user_id).await?;
    // Reports on their latest ads, bounded: a bulk seller may have a hundred thousand.
    let (against, upheld) =
        crate::reports::outcomes::against_owner(&state.db, user_id, RECENT_ADS, HISTORY_CAP)
            .await?;
    let actions = action::Entity::find()
        .filter(action::Column::UserId.eq(user_id))
        .order_by_desc(action::Column::Id)
        .limit(50)
        .all(&state.db)
        .await?;
    let mut related: Vec<(i64, String)> = Vec::new();
    if let Some(ip) = &u.signup_ip {
        related.extend(
            people::signed_up_from(&state.db, ip, Some(user_id), 20)
                .await?
                .into_iter()
                .map(|p| (p.id, p.email)),
        );
    }
    let owners = crate::ads::queries::owners_sharing_phones(&state.db, user_id, 20).await?;
    related.extend(
        people::many(&state.db, &owners)
            .await?
            .into_values()
            .map(|p| (p.id, p.email)),
    );
    related.sort();
    related.dedup();
    Ok(PosterHistory {
        user_id,
        email: u.email,
        display_name: u.display_name,
        status: u.status,
        created_at: u.created_at,
        ads: counts.into_iter().collect(),
        reports_against: against,
        upheld_against: upheld,
        actions: actions.into_iter().map(ActionOut::from).collect(),
        related,
    })
}

fn changes(snapshot: &serde_json::Value, a: &Ad) -> Vec<Change> {
    let now = serde_json::json!({
        "title": a.title, "description": a.description, "price_cents": a.price_cents,
        "location": a.location, "contact_phone": a.contact_phone, "category_id": a.category_id,
        "status": a.status,
    });
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    };
    [
        "title",
        "description",
        "price_cents",
        "location",
        "contact_phone",
        "category_id",
        "status",
    ]
    .iter()
    .filter(|f| snapshot[**f] != now[**f])
    .map(|f| Change {
        field: (*f).to_owned(),
        reported: text(&snapshot[*f]),
        now: text(&now[*f]),
    })
    .collect()
}

/// One item with everything a moderator needs to decide it.
pub async fn detail(state: &AppState, id: i64) -> AppResult<ItemDetail> {
    let it = queue::get(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let notes = queue::notes(&state.db, id)
        .await?
        .into_iter()
        .map(NoteOut::from)
        .collect();
    let mut out = ItemDetail {
        item: rows(&state.db, vec![it.clone()]).await?.remove(0),
        ad: None,
        changes: Vec::new(),
        reports: Vec::new(),
        verdict: None,
        poster: None,
        notes,
        appeal: None,
    };
    let ad_id = match it.kind.as_str() {
        "held_ad" | "reported_ad" => Some(it.subject_id),
        "appeal" => {
            let a = crate::review::appeals::get(&state.db, it.subject_id).await?;
            let target = a
                .as_ref()
                .and_then(|a| a.subject.strip_prefix("ad:").and_then(|i| i.parse().ok()));
            let by = a.as_ref().map(|a| a.by_user);
            out.appeal = a.map(AppealOut::from);
            if let Some(u) = by {
                out.poster = Some(history(state, u).await?);
            }
            target
        }
        "signup" => {
            out.poster = Some(history(state, it.subject_id).await?);
            None
        }
        _ => None,
    };
    if let Some(ad_id) = ad_id
        && let Some(a) = crate::ads::service::find_any(&state.db, ad_id).await?
    {
        let cats = crate::ads::service::category_map(&state.db).await?;
        let url = cats
            .get(&a.category_id)
            .map(|c| crate::ads::service::ad_url(&c.slug, &a.slug))
            .unwrap_or_default();
        let reports = crate::reports::outcomes::on_ad(&state.db, a.id).await?;
        if let Some(first_open) = reports
            .iter()
            .filter(|r| r.status == "open")
            .min_by_key(|r| r.id)
            && let Ok(snap) = serde_json::from_str::<serde_json::Value>(&first_open.snapshot)
        {
            out.changes = changes(&snap, &a);
        }
        out.verdict = match reports.first().and_then(|r| r.verdict.as_deref()) {
            Some(v) => serde_json::from_str(v).ok(),
            None => crate::gate::service::latest(&state.db, "ad", a.id).await?,
        };
        out.reports = reports
            .into_iter()
            .map(|r| ReportOut {
                id: r.id,
                reason: r.reason,
                comment: r.comment,
                weight: r.weight,
                status: r.status,
                created_at: r.created_at,
                reporter_id: r.reporter_id,
            })
            .collect();
        if out.poster.is_none() {
            out.poster = Some(history(state, a.owner_id).await?);
        }
        out.ad = Some(AdNow {
            id: a.id,
            title: a.title,
            description: a.description,
            price_cents: a.price_cents,
            location: a.location,
            contact_phone: a.contact_phone,
            status: a.status,
            url,
            owner_id: a.owner_id,
        });
    }
    Ok(out)
}
