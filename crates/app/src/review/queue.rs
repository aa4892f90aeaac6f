//! The queue: one list of everything that needs a human, most urgent first (severity,
//! then how close it is to its review target, which heavier reports bring forward).
//! Items are opened or refreshed by the capabilities that create work (reports, held
//! ads, held sign-ups, appeals) and closed by a decision.

use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{Condition, QueryOrder, QuerySelect, Set};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::entity::{item, note};
use super::settings::ModerationConfig;
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::util::now;

/// What an item is about; the capability that owns that kind of subject opens it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// An ad the gate held (subject: the ad).
    HeldAd,
    /// An ad people reported (subject: the ad).
    ReportedAd,
    /// A request for a second look (subject: the appeal).
    Appeal,
    /// A sign-up held for approval (subject: the account).
    Signup,
}

impl Kind {
    /// Every kind, in the order the office lists them.
    pub const ALL: [Kind; 4] = [Kind::HeldAd, Kind::ReportedAd, Kind::Appeal, Kind::Signup];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::HeldAd => "held_ad",
            Kind::ReportedAd => "reported_ad",
            Kind::Appeal => "appeal",
            Kind::Signup => "signup",
        }
    }

    /// Parses a stored or typed name.
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether the subject is an ad.
    pub fn is_about_an_ad(self) -> bool {
        matches!(self, Kind::HeldAd | Kind::ReportedAd)
    }
}

/// An item of the queue as stored.
pub type Item = item::Model;
/// A private note on an item.
pub type Note = note::Model;

/// Statuses of items that still need someone.
pub const OPEN: &[&str] = &["open", "escalated"];

fn due(cfg: &ModerationConfig, created: i64, severity: i32, weight: f64) -> i64 {
    created + (cfg.target_secs(severity) as f64 / (1.0 + weight.max(0.0))) as i64
}

/// Opens an item for `(kind, subject)`, or refreshes the open one: the higher severity
/// and the new weight win, and its review target moves accordingly.
#[expect(
    clippy::too_many_arguments,
    reason = "one row of the queue, field by field"
)]
pub async fn upsert(
    conn: &impl ConnectionTrait,
    cfg: &ModerationConfig,
    kind: &str,
    subject_id: i64,
    severity: i32,
    weight: f64,
    reason: Option<&str>,
    category_id: Option<i64>,
) -> AppResult<item::Model> {
    let t = now();
    let existing = item::Entity::find()
        .filter(item::Column::Kind.eq(kind))
        .filter(item::Column::SubjectId.eq(subject_id))
        .filter(item::Column::Status.is_in(OPEN.iter().copied()))
        .one(conn)
        .await?;
    match existing {
        Some(found) => {
            let severity = Ord::max(severity, found.severity);
            let reason = if severity > found.severity || found.reason.is_none() {
                reason.map(str::to_string)
            } else {
                found.reason.clone()
            };
            let mut am: item::ActiveModel = found.clone().into();
            am.severity = Set(severity);
            am.weight = Set(weight);
            am.reason = Set(reason);
            am.due_at = Set(due(cfg, found.created_at, severity, weight));
            am.updated_at = Set(t);
            am.version = Set(found.version + 1);
            Ok(am.update(conn).await?)
        }
        None => Ok(item::ActiveModel {
            kind: Set(kind.into()),
            subject_id: Set(subject_id),
            status: Set("open".into()),
            severity: Set(severity),
            weight: Set(weight),
            reason: Set(reason.map(str::to_string)),
            category_id: Set(category_id),
            due_at: Set(due(cfg, t, severity, weight)),
            created_at: Set(t),
            updated_at: Set(t),
            version: Set(1),
            ..Default::default()
        }
        .insert(conn)
        .await?),
    }
}

/// The update that marks items decided (the caller adds which ones).
fn mark_decided(decision: &str, by: Option<i64>) -> sea_orm::UpdateMany<item::Entity> {
    let t = now();
    item::Entity::update_many()
        .col_expr(item::Column::Status, Expr::value("decided"))
        .col_expr(item::Column::Decision, Expr::value(decision))
        .col_expr(item::Column::DecidedBy, Expr::value(by))
        .col_expr(item::Column::DecidedAt, Expr::value(t))
        .col_expr(item::Column::UpdatedAt, Expr::value(t))
        .col_expr(
            item::Column::Version,
            Expr::col(item::Column::Version).add(1),
        )
}

/// Closes the open item about `(kind, subject)`, if any (a decision taken elsewhere,
/// e.g. on the held-ads page). Returns whether there was one.
pub async fn close_for(
    conn: &impl ConnectionTrait,
    kind: &str,
    subject_id: i64,
    decision: &str,
    by: Option<i64>,
) -> AppResult<bool> {
    let res = mark_decided(decision, by)
        .filter(item::Column::Kind.eq(kind))
        .filter(item::Column::SubjectId.eq(subject_id))
        .filter(item::Column::Status.is_in(OPEN.iter().copied()))
        .exec(conn)
        .await?;
    Ok(res.rows_affected > 0)
}

/// Claims an item for a decision, atomically: one winner when two decide at once.
/// `expected_version` (from the page the moderator looked at) makes a decision on a
/// stale view a conflict too.
pub async fn take_for_decision(
    conn: &impl ConnectionTrait,
    id: i64,
    decision: &str,
    by: i64,
    expected_version: Option<i32>,
) -> AppResult<item::Model> {
    let mut q = mark_decided(decision, Some(by))
        .filter(item::Column::Id.eq(id))
        .filter(item::Column::Status.is_in(OPEN.iter().copied()));
    if let Some(v) = expected_version {
        q = q.filter(item::Column::Version.eq(v));
    }
    let res = q.exec(conn).await?;
    let found = item::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    if res.rows_affected != 1 {
        let mut f = FieldErrors::new();
        f.insert("item".into(), "error-already-decided".into());
        return Err(AppError::Conflict("already_decided", f));
    }
    Ok(found)
}

/// Filters of the queue.
#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
pub struct QueueQuery {
    /// `held_ad`, `reported_ad`, `appeal`, `signup`.
    pub kind: Option<String>,
    /// `open` (default: open and escalated), `escalated`, `decided`.
    pub status: Option<String>,
    pub reason: Option<String>,
    /// A category slug.
    pub category: Option<String>,
    /// `true`: only items claimed by me.
    pub mine: Option<String>,
    pub page: Option<u64>,
    /// A notice to show (pages only).
    #[serde(default)]
    #[param(ignore)]
    pub notice: Option<String>,
}

/// How many items need someone, by kind.
#[derive(Clone, Debug, Default, Serialize, ToSchema)]
pub struct Counts {
    pub total: u64,
    pub held_ad: u64,
    pub reported_ad: u64,
    pub appeal: u64,
    pub signup: u64,
    pub escalated: u64,
    pub overdue: u64,
}

/// Items matching `q`, most urgent first, 50 a page. Without a status filter these are
/// the open items (escalated ones are listed apart, see [`escalated`]), so the order
/// comes straight from the `queue_open` index however long the queue is.
pub async fn list(
    conn: &impl ConnectionTrait,
    q: &QueueQuery,
    category_id: Option<i64>,
    me: i64,
) -> AppResult<Vec<item::Model>> {
    let status = match q.status.as_deref() {
        Some("decided") => "decided",
        Some("escalated") => "escalated",
        _ => "open",
    };
    let mut find = item::Entity::find().filter(item::Column::Status.eq(status));
    if let Some(k) = q.kind.as_deref().filter(|k| !k.is_empty()) {
        find = find.filter(item::Column::Kind.eq(k));
    }
    if let Some(r) = q.reason.as_deref().filter(|r| !r.is_empty()) {
        find = find.filter(item::Column::Reason.eq(r));
    }
    if let Some(c) = category_id {
        find = find.filter(item::Column::CategoryId.eq(c));
    }
    if q.mine.as_deref().is_some_and(|m| m == "true" || m == "1") {
        find = find.filter(item::Column::ClaimedBy.eq(me));
    }
    let find = if status == "decided" {
        find.order_by_desc(item::Column::DecidedAt)
    } else {
        find.order_by_desc(item::Column::Severity)
            .order_by_asc(item::Column::DueAt)
    };
    Ok(find
        .limit(50)
        .offset(Ord::min(q.page.unwrap_or(0), 10_000) * 50)
        .all(conn)
        .await?)
}

/// Escalated items (few; shown above the open ones).
pub async fn escalated(conn: &impl ConnectionTrait) -> AppResult<Vec<item::Model>> {
    Ok(item::Entity::find()
        .filter(item::Column::Status.eq("escalated"))
        .order_by_desc(item::Column::Severity)
        .order_by_asc(item::Column::DueAt)
        .limit(50)
        .all(conn)
        .await?)
}

/// The counts on top of the queue.
pub async fn counts(conn: &impl ConnectionTrait) -> AppResult<Counts> {
    let rows: Vec<(String, String, i64)> = item::Entity::find()
        .select_only()
        .column(item::Column::Kind)
        .column(item::Column::Status)
        .column_as(item::Column::Id.count(), "n")
        .filter(item::Column::Status.is_in(OPEN.iter().copied()))
        .group_by(item::Column::Kind)
        .group_by(item::Column::Status)
        .into_tuple()
        .all(conn)
        .await?;
    let mut c = Counts::default();
    for (kind, status, n) in rows {
        let n = n as u64;
        c.total += n;
        match kind.as_str() {
            "held_ad" => c.held_ad += n,
            "reported_ad" => c.reported_ad += n,
            "appeal" => c.appeal += n,
            "signup" => c.signup += n,
            _ => {}
        }
        if status == "escalated" {
            c.escalated += n;
        }
    }
    c.overdue = item::Entity::find()
        .filter(item::Column::Status.is_in(OPEN.iter().copied()))
        .filter(item::Column::DueAt.lt(now()))
        .count(conn)
        .await?;
    Ok(c)
}

/// Claims an item for the caller (a claim older than 30 minutes lapses), or 409 when
/// someone else is on it.
pub async fn claim(conn: &impl ConnectionTrait, id: i64, me: i64) -> AppResult<item::Model> {
    let t = now();
    let res = item::Entity::update_many()
        .col_expr(item::Column::ClaimedBy, Expr::value(me))
        .col_expr(item::Column::ClaimedAt, Expr::value(t))
        .col_expr(
            item::Column::Version,
            Expr::col(item::Column::Version).add(1),
        )
        .filter(item::Column::Id.eq(id))
        .filter(item::Column::Status.is_in(OPEN.iter().copied()))
        .filter(
            Condition::any()
                .add(item::Column::ClaimedBy.is_null())
                .add(item::Column::ClaimedBy.eq(me))
                .add(item::Column::ClaimedAt.lt(t - 1800)),
        )
        .exec(conn)
        .await?;
    let found = item::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    if res.rows_affected != 1 {
        return Err(AppError::Conflict("claimed", FieldErrors::new()));
    }
    Ok(found)
}

/// Adds a private note to an item.
pub async fn add_note(
    conn: &impl ConnectionTrait,
    id: i64,
    me: i64,
    body: &str,
) -> AppResult<Note> {
    let body = body.trim();
    if body.is_empty() || body.chars().count() > 5000 {
        return Err(AppError::field("body", "field-required"));
    }
    item::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(note::ActiveModel {
        item_id: Set(id),
        author_id: Set(me),
        body: Set(body.to_string()),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(conn)
    .await?)
}

/// One item.
pub async fn get(conn: &impl ConnectionTrait, id: i64) -> AppResult<Option<Item>> {
    Ok(item::Entity::find_by_id(id).one(conn).await?)
}

/// An item's private notes, oldest first.
pub async fn notes(conn: &impl ConnectionTrait, item_id: i64) -> AppResult<Vec<Note>> {
    Ok(note::Entity::find()
        .filter(note::Column::ItemId.eq(item_id))
        .order_by_asc(note::Column::Id)
        .all(conn)
        .await?)
}

/// The latest decided item of one of `kinds` about `subject_id` (who decided an ad).
pub async fn last_decided(
    conn: &impl ConnectionTrait,
    kinds: &[&str],
    subject_id: i64,
) -> AppResult<Option<Item>> {
    Ok(item::Entity::find()
        .filter(item::Column::SubjectId.eq(subject_id))
        .filter(item::Column::Kind.is_in(kinds.iter().copied()))
        .filter(item::Column::Status.eq("decided"))
        .order_by_desc(item::Column::DecidedAt)
        .one(conn)
        .await?)
}

/// Sets an open item's status without deciding it (`escalated`, or the same status to
/// record that it was touched), as one atomic step: 409 `already_decided` when it was
/// decided meanwhile or (with `expected_version`) changed since the caller looked.
pub async fn set_open_status(
    conn: &impl ConnectionTrait,
    id: i64,
    status: &str,
    expected_version: Option<i32>,
) -> AppResult<()> {
    let mut q = item::Entity::update_many()
        .col_expr(item::Column::Status, Expr::value(status))
        .col_expr(item::Column::UpdatedAt, Expr::value(now()))
        .col_expr(
            item::Column::Version,
            Expr::col(item::Column::Version).add(1),
        )
        .filter(item::Column::Id.eq(id))
        .filter(item::Column::Status.is_in(OPEN.iter().copied()));
    if let Some(v) = expected_version {
        q = q.filter(item::Column::Version.eq(v));
    }
    if q.exec(conn).await?.rows_affected != 1 {
        let mut f = FieldErrors::new();
        f.insert("item".into(), "error-already-decided".into());
        return Err(AppError::Conflict("already_decided", f));
    }
    Ok(())
}
