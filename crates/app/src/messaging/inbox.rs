//! Lists of conversations: a user's own ("My messages"), and the office inbox with its
//! filters (unassigned, mine, my teams, urgent, SLA due soon, breached, by status or
//! team) and full-text search, each row with the reader's unread count and, for staff,
//! the SLA clock that runs out first and who has it.

use std::collections::HashMap;

use sea_orm::entity::prelude::*;
use sea_orm::{Condition, QueryOrder, QuerySelect};
use serde::Serialize;
use utoipa::ToSchema;

use super::clocks::{self, Due};
use super::entity::{conversation, message};
use super::routing::{self, Scope};
use crate::accounts::entity::user;
use crate::platform::auth::CurrentUser;
use crate::platform::db::search::{MessageScope, search_messages};
use crate::platform::error::AppResult;
use crate::platform::state::AppState;
use crate::platform::util::now;

/// A conversation in a list, with the reader's unread count.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Summary {
    #[serde(flatten)]
    pub conversation: conversation::Model,
    pub unread: u64,
    /// Staff only: the SLA clock that runs out first (none while waiting on the user).
    pub due: Option<Due>,
    /// Staff only: the name of whoever has it.
    pub assignee: Option<String>,
}

/// The inbox's filters (and, for users, `status` and `q` over their own).
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::IntoParams)]
pub struct InboxFilter {
    /// `open`, `waiting`, `resolved`.
    pub status: Option<String>,
    /// `me` (assigned to me), `none` (unassigned) or `team` (my teams').
    pub assigned: Option<String>,
    /// `true`: urgent only.
    pub urgent: Option<String>,
    /// A team key.
    pub team: Option<String>,
    /// `soon` (an SLA clock runs out within the warning time) or `breached`.
    pub sla: Option<String>,
    /// Words to find in the messages.
    pub q: Option<String>,
}

fn some(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Search words, when the query holds any (punctuation alone filters nothing).
fn words(q: &Option<String>) -> Option<&str> {
    some(q).filter(|t| !crate::platform::db::search::query_terms(t).is_empty())
}

/// A user's own conversations, newest activity first.
pub async fn mine(
    conn: &impl ConnectionTrait,
    me: &CurrentUser,
    f: &InboxFilter,
) -> AppResult<Vec<Summary>> {
    let mut q = conversation::Entity::find().filter(conversation::Column::UserId.eq(me.id));
    if let Some(s) = some(&f.status) {
        q = q.filter(conversation::Column::Status.eq(s));
    }
    if let Some(text) = words(&f.q) {
        let hits = search_messages(conn, text, &MessageScope::User(me.id), 200).await?;
        q = q.filter(conversation::Column::Id.is_in(hits.into_iter().map(|(c, _)| c)));
    }
    let rows = q
        .order_by_desc(conversation::Column::LastMessageAt)
        .limit(200)
        .all(conn)
        .await?;
    let counts = unread_counts(conn, &rows, false).await?;
    Ok(rows
        .into_iter()
        .map(|c| Summary {
            unread: counts.get(&c.id).copied().unwrap_or(0),
            conversation: c,
            due: None,
            assignee: None,
        })
        .collect())
}

/// Whether a user has never written to the office.
pub async fn is_first(conn: &impl ConnectionTrait, user_id: i64) -> AppResult<bool> {
    Ok(conversation::Entity::find()
        .filter(conversation::Column::UserId.eq(user_id))
        .one(conn)
        .await?
        .is_none())
}

/// The office inbox within the staff member's scope: urgent first, then newest activity.
pub async fn office(
    state: &AppState,
    me: &CurrentUser,
    f: &InboxFilter,
) -> AppResult<Vec<Summary>> {
    let conn = &state.db;
    let t = now();
    let scope = routing::scope(conn, me).await?;
    let mut q = conversation::Entity::find();
    if let Scope::Teams(teams) = &scope {
        q = q.filter(
            Condition::any()
                .add(conversation::Column::Team.is_in(teams.clone()))
                .add(conversation::Column::AssignedTo.eq(me.id)),
        );
    }
    match some(&f.assigned) {
        Some("me") => q = q.filter(conversation::Column::AssignedTo.eq(me.id)),
        Some("none") => q = q.filter(conversation::Column::AssignedTo.is_null()),
        Some("team") => {
            let mine = routing::teams_of(conn, me.id).await?;
            q = q.filter(conversation::Column::Team.is_in(mine));
        }
        _ => {}
    }
    if some(&f.urgent) == Some("true") {
        q = q.filter(conversation::Column::Urgent.eq(true));
    }
    if let Some(team) = some(&f.team) {
        q = q.filter(conversation::Column::Team.eq(team));
    }
    if let Some(s) = some(&f.status) {
        q = q.filter(conversation::Column::Status.eq(s));
    }
    match some(&f.sla) {
        Some("soon") => {
            let cfg = super::config::current(state).await?;
            let soon = t + cfg.warn_before_minutes * 60;
            q = q
                .filter(conversation::Column::Id.in_subquery(clocks::due_before(soon)))
                .filter(conversation::Column::Id.not_in_subquery(clocks::due_before(t)));
        }
        Some("breached") => {
            q = q.filter(conversation::Column::Id.in_subquery(clocks::due_before(t)));
        }
        _ => {}
    }
    if let Some(text) = words(&f.q) {
        let ms = match &scope {
            Scope::All => MessageScope::All,
            Scope::Teams(t) => MessageScope::Teams(t.clone()),
        };
        let hits = search_messages(conn, text, &ms, 200).await?;
        q = q.filter(conversation::Column::Id.is_in(hits.into_iter().map(|(c, _)| c)));
    }
    let rows = q
        .order_by_desc(conversation::Column::Urgent)
        .order_by_desc(conversation::Column::LastMessageAt)
        .limit(200)
        .all(conn)
        .await?;
    let counts = unread_counts(conn, &rows, true).await?;
    let ids: Vec<i64> = rows.iter().map(|c| c.id).collect();
    let mut due = clocks::due_for(conn, &ids, t).await?;
    let names = names(conn, rows.iter().filter_map(|c| c.assigned_to)).await?;
    Ok(rows
        .into_iter()
        .map(|c| Summary {
            unread: counts.get(&c.id).copied().unwrap_or(0),
            due: due.remove(&c.id),
            assignee: c.assigned_to.and_then(|a| names.get(&a).cloned()),
            conversation: c,
        })
        .collect())
}

/// Display names of these people, in one query.
pub async fn names(
    conn: &impl ConnectionTrait,
    ids: impl Iterator<Item = i64>,
) -> AppResult<HashMap<i64, String>> {
    let mut ids: Vec<i64> = ids.collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::DisplayName)
        .filter(user::Column::Id.is_in(ids))
        .into_tuple::<(i64, String)>()
        .all(conn)
        .await?
        .into_iter()
        .collect())
}

/// Unread messages per conversation for one side, in one query for a whole page: the
/// user's side counts the office's (non-internal) messages after the user's read mark,
/// the office's side counts the user's after the office's.
async fn unread_counts(
    conn: &impl ConnectionTrait,
    rows: &[conversation::Model],
    staff_side: bool,
) -> AppResult<std::collections::HashMap<i64, u64>> {
    use sea_orm::sea_query::{Expr, ExprTrait, Query};
    if rows.is_empty() {
        return Ok(Default::default());
    }
    let (m, c) = (message::Entity, conversation::Entity);
    let read = if staff_side {
        conversation::Column::StaffReadUpto
    } else {
        conversation::Column::UserReadUpto
    };
    let mut q = Query::select();
    q.column((m, message::Column::ConversationId))
        .expr_as(Expr::col((m, message::Column::Id)).count(), "n")
        .from(m)
        .inner_join(
            c,
            Expr::col((c, conversation::Column::Id)).equals((m, message::Column::ConversationId)),
        )
        .and_where(Expr::col((m, message::Column::ConversationId)).is_in(rows.iter().map(|r| r.id)))
        .and_where(Expr::col((m, message::Column::Id)).gt(Expr::col((c, read))));
    if staff_side {
        q.and_where(
            Expr::col((m, message::Column::AuthorId)).equals((c, conversation::Column::UserId)),
        );
    } else {
        q.and_where(
            Expr::col((m, message::Column::AuthorId))
                .ne(Expr::col((c, conversation::Column::UserId))),
        )
        .and_where(Expr::col((m, message::Column::Internal)).eq(false));
    }
    q.group_by_col((m, message::Column::ConversationId));
    let mut out = std::collections::HashMap::new();
    for row in conn.query_all(&q).await? {
        let id: i64 = row.try_get("", "conversation_id")?;
        let n: i64 = row.try_get("", "n")?;
        out.insert(id, Ord::max(n, 0) as u64);
    }
    Ok(out)
}
