//! What the office's API answers: view types made for it, never the tables' rows.

use serde::Serialize;
use utoipa::ToSchema;

use super::entity::action;
use crate::review::appeals::Appeal;
use crate::review::queue::{Item, Note};

/// A queue item as it is after a decision or a claim.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ItemState {
    pub id: i64,
    /// `held_ad`, `reported_ad`, `appeal` or `signup`.
    pub kind: String,
    /// The ad, appeal or account it is about.
    pub subject_id: i64,
    /// `open`, `escalated` or `decided`.
    pub status: String,
    /// 3 fraud and illegal, 2 spam, offensive, held and appeals, 1 the rest.
    pub severity: i32,
    pub weight: f64,
    pub reason: Option<String>,
    pub category_id: Option<i64>,
    pub claimed_by: Option<i64>,
    pub claimed_at: Option<i64>,
    pub due_at: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub decided_by: Option<i64>,
    pub decided_at: Option<i64>,
    pub decision: Option<String>,
    /// Name it in the next decision: a decision on a stale view is a conflict.
    pub version: i32,
}

impl From<Item> for ItemState {
    fn from(i: Item) -> Self {
        ItemState {
            id: i.id,
            kind: i.kind,
            subject_id: i.subject_id,
            status: i.status,
            severity: i.severity,
            weight: i.weight,
            reason: i.reason,
            category_id: i.category_id,
            claimed_by: i.claimed_by,
            claimed_at: i.claimed_at,
            due_at: i.due_at,
            created_at: i.created_at,
            updated_at: i.updated_at,
            decided_by: i.decided_by,
            decided_at: i.decided_at,
            decision: i.decision,
            version: i.version,
        }
    }
}

/// A private note on an item.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct NoteOut {
    pub id: i64,
    pub item_id: i64,
    pub author_id: i64,
    pub body: String,
    pub created_at: i64,
}

impl From<Note> for NoteOut {
    fn from(n: Note) -> Self {
        NoteOut {
            id: n.id,
            item_id: n.item_id,
            author_id: n.author_id,
            body: n.body,
            created_at: n.created_at,
        }
    }
}

/// An appeal as its author (and the office) sees it. Who made the decision appealed
/// against stays with the office.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct AppealOut {
    pub id: i64,
    /// `report:{id}`, `ad:{id}` or `action:{id}`.
    pub subject: String,
    pub by_user: i64,
    pub text: String,
    /// `open`, `upheld` or `denied`.
    pub status: String,
    pub decided_at: Option<i64>,
    pub decision_note: Option<String>,
    pub created_at: i64,
}

impl From<Appeal> for AppealOut {
    fn from(a: Appeal) -> Self {
        AppealOut {
            id: a.id,
            subject: a.subject,
            by_user: a.by_user,
            text: a.text,
            status: a.status,
            decided_at: a.decided_at,
            decision_note: a.decision_note,
            created_at: a.created_at,
        }
    }
}

/// An action on an account.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ActionOut {
    pub id: i64,
    pub user_id: i64,
    /// `warn`, `strike`, `suspend` or `ban`.
    pub action: String,
    pub reason: String,
    /// End of a suspension.
    pub until: Option<i64>,
    /// The moderator; none when the ladder acted by itself.
    pub by_id: Option<i64>,
    pub created_at: i64,
    /// When an appeal undid it.
    pub overruled_at: Option<i64>,
}

impl From<action::Model> for ActionOut {
    fn from(a: action::Model) -> Self {
        ActionOut {
            id: a.id,
            user_id: a.user_id,
            action: a.action,
            reason: a.reason,
            until: a.until,
            by_id: a.by_id,
            created_at: a.created_at,
            overruled_at: a.overruled_at,
        }
    }
}
