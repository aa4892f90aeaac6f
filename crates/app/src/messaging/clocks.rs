//! SLA clocks: each conversation runs a first-response clock and a resolution clock from
//! its first message, a next-response clock whenever the user writes and waits, all in
//! business time. Waiting on the user pauses the resolution clock. A clock warns its
//! people before it runs out and alerts them when it does; stopped clocks stay as the
//! record of every hit and miss.

use std::collections::HashMap;

use sea_orm::entity::prelude::*;
use sea_orm::{QueryOrder, QuerySelect, Set};
use serde::Serialize;
use utoipa::ToSchema;

use super::config::MessagingConfig;
use super::entity::{conversation, sla_clock};
use crate::accounts::entity::user;
use crate::platform::error::AppResult;
use crate::platform::state::AppState;

pub const FIRST: &str = "first_response";
pub const NEXT: &str = "next_response";
pub const RESOLUTION: &str = "resolution";

fn priority(c: &conversation::Model) -> &'static str {
    if c.urgent { "urgent" } else { "normal" }
}

async fn start_clock(
    conn: &impl ConnectionTrait,
    cfg: &MessagingConfig,
    c: &conversation::Model,
    kind: &str,
    t: i64,
) -> AppResult<()> {
    let targets = cfg.targets(&c.team, priority(c));
    let minutes = match kind {
        FIRST => targets.first_response,
        NEXT => targets.next_response,
        _ => targets.resolution,
    };
    sla_clock::ActiveModel {
        conversation_id: Set(c.id),
        kind: Set(kind.into()),
        team: Set(c.team.clone()),
        priority: Set(priority(c).into()),
        started_at: Set(t),
        due_at: Set(cfg.calendar.add(t, minutes * 60)),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

async fn running(conn: &impl ConnectionTrait, cid: i64) -> AppResult<Vec<sla_clock::Model>> {
    Ok(sla_clock::Entity::find()
        .filter(sla_clock::Column::ConversationId.eq(cid))
        .filter(sla_clock::Column::StoppedAt.is_null())
        .all(conn)
        .await?)
}

async fn stop(conn: &impl ConnectionTrait, k: sla_clock::Model, t: i64) -> AppResult<()> {
    let met = k.breached_at.is_none() && (k.paused_at.is_some() || t <= k.due_at);
    let mut am: sla_clock::ActiveModel = k.into();
    am.stopped_at = Set(Some(t));
    am.met = Set(Some(met));
    am.update(conn).await?;
    Ok(())
}

/// A new conversation: the first response and the resolution start counting.
pub async fn on_start(
    conn: &impl ConnectionTrait,
    cfg: &MessagingConfig,
    c: &conversation::Model,
    t: i64,
) -> AppResult<()> {
    start_clock(conn, cfg, c, FIRST, t).await?;
    start_clock(conn, cfg, c, RESOLUTION, t).await
}

/// The office answered: the response clock stops and the resolution clock pauses while
/// the conversation waits on the user.
pub async fn on_staff_reply(
    conn: &impl ConnectionTrait,
    cfg: &MessagingConfig,
    c: &conversation::Model,
    t: i64,
) -> AppResult<()> {
    for k in running(conn, c.id).await? {
        if k.kind == RESOLUTION {
            if k.paused_at.is_none() {
                let left = cfg.calendar.between(t, k.due_at);
                let mut am: sla_clock::ActiveModel = k.into();
                am.paused_at = Set(Some(t));
                am.remaining_secs = Set(Some(left));
                am.update(conn).await?;
            }
        } else {
            stop(conn, k, t).await?;
        }
    }
    Ok(())
}

/// The user wrote: the office owes an answer again, and the resolution clock runs on (or
/// starts again for a conversation that was resolved and is now reopened).
pub async fn on_user_message(
    conn: &impl ConnectionTrait,
    cfg: &MessagingConfig,
    c: &conversation::Model,
    t: i64,
) -> AppResult<()> {
    let clocks = running(conn, c.id).await?;
    if !clocks.iter().any(|k| k.kind != RESOLUTION) {
        start_clock(conn, cfg, c, NEXT, t).await?;
    }
    match clocks.into_iter().find(|k| k.kind == RESOLUTION) {
        Some(k) if k.paused_at.is_some() => {
            let due = cfg.calendar.add(t, k.remaining_secs.unwrap_or(0));
            let mut am: sla_clock::ActiveModel = k.into();
            am.paused_at = Set(None);
            am.remaining_secs = Set(None);
            am.due_at = Set(due);
            am.update(conn).await?;
        }
        Some(_) => {}
        None => start_clock(conn, cfg, c, RESOLUTION, t).await?,
    }
    Ok(())
}

/// The conversation is resolved: every clock stops, met or not.
pub async fn on_resolve(conn: &impl ConnectionTrait, cid: i64, t: i64) -> AppResult<()> {
    for k in running(conn, cid).await? {
        stop(conn, k, t).await?;
    }
    Ok(())
}

/// The conversation moved to another team or became urgent: running clocks are recounted
/// from their start with the new targets.
pub async fn retarget(
    conn: &impl ConnectionTrait,
    cfg: &MessagingConfig,
    c: &conversation::Model,
) -> AppResult<()> {
    for k in running(conn, c.id).await? {
        if k.paused_at.is_some() {
            continue;
        }
        let targets = cfg.targets(&c.team, priority(c));
        let minutes = match k.kind.as_str() {
            FIRST => targets.first_response,
            NEXT => targets.next_response,
            _ => targets.resolution,
        };
        let due = cfg.calendar.add(k.started_at, minutes * 60);
        let mut am: sla_clock::ActiveModel = k.into();
        am.team = Set(c.team.clone());
        am.priority = Set(priority(c).into());
        am.due_at = Set(due);
        am.update(conn).await?;
    }
    Ok(())
}

/// What staff see on a conversation: the clock that runs out first.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Due {
    pub kind: String,
    pub due_at: i64,
    /// Seconds left (negative: breached that long ago).
    pub left_secs: i64,
    pub breached: bool,
}

/// The clock that runs out first for each of these conversations (none while paused).
pub async fn due_for(
    conn: &impl ConnectionTrait,
    ids: &[i64],
    t: i64,
) -> AppResult<HashMap<i64, Due>> {
    let mut out: HashMap<i64, Due> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let clocks = sla_clock::Entity::find()
        .filter(sla_clock::Column::ConversationId.is_in(ids.iter().copied()))
        .filter(sla_clock::Column::StoppedAt.is_null())
        .filter(sla_clock::Column::PausedAt.is_null())
        .order_by_asc(sla_clock::Column::DueAt)
        .all(conn)
        .await?;
    for k in clocks {
        out.entry(k.conversation_id).or_insert(Due {
            left_secs: k.due_at - t,
            breached: k.due_at <= t,
            kind: k.kind,
            due_at: k.due_at,
        });
    }
    Ok(out)
}

/// Conversation ids with a running clock due before `before` (for the inbox's "due soon"
/// and "breached" filters).
pub fn due_before(before: i64) -> sea_orm::sea_query::SelectStatement {
    use sea_orm::sea_query::{Expr, ExprTrait, Query};
    Query::select()
        .column(sla_clock::Column::ConversationId)
        .from(sla_clock::Entity)
        .and_where(Expr::col(sla_clock::Column::StoppedAt).is_null())
        .and_where(Expr::col(sla_clock::Column::PausedAt).is_null())
        .and_where(Expr::col(sla_clock::Column::DueAt).lte(before))
        .to_owned()
}

/// Who hears about a clock: the assignee, the team's seniors, and when the team has no
/// seniors, the moderators and admins.
async fn people_for(
    conn: &impl ConnectionTrait,
    c: &conversation::Model,
) -> AppResult<Vec<user::Model>> {
    let seniors = super::routing::seniors_of(conn, &c.team).await?;
    let mut q = user::Entity::find().filter(user::Column::Status.eq("active"));
    let mut ids = seniors.clone();
    ids.extend(c.assigned_to);
    q = if seniors.is_empty() {
        q.filter(
            sea_orm::Condition::any()
                .add(user::Column::Id.is_in(ids))
                .add(user::Column::Role.is_in(["moderator", "admin"])),
        )
    } else {
        q.filter(user::Column::Id.is_in(ids))
    };
    Ok(q.all(conn).await?)
}

/// What one pass of the SLA watch did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Tick {
    pub warned: u64,
    pub breached: u64,
}

/// Warns before clocks run out and alerts when they do, each once. `t` is now (a
/// parameter so tests can move time).
pub async fn tick(state: &AppState, t: i64) -> AppResult<Tick> {
    let cfg = super::config::current(state).await?;
    let soon = t + cfg.warn_before_minutes * 60;
    let clocks = sla_clock::Entity::find()
        .filter(sla_clock::Column::StoppedAt.is_null())
        .filter(sla_clock::Column::PausedAt.is_null())
        .filter(sla_clock::Column::BreachedAt.is_null())
        .filter(sla_clock::Column::DueAt.lte(soon))
        .order_by_asc(sla_clock::Column::DueAt)
        .limit(500)
        .all(&state.db)
        .await?;
    let mut done = Tick::default();
    for k in clocks {
        let breach = k.due_at <= t;
        if !breach && k.warned_at.is_some() {
            continue;
        }
        let txn = crate::platform::db::write_txn(&state.db).await?;
        // Claim the clock first: with several instances only one alerts.
        let mut claim = sla_clock::Entity::update_many()
            .filter(sla_clock::Column::Id.eq(k.id))
            .filter(sla_clock::Column::StoppedAt.is_null())
            .filter(sla_clock::Column::BreachedAt.is_null());
        claim = if breach {
            claim.col_expr(sla_clock::Column::BreachedAt, Expr::value(t))
        } else {
            claim
                .filter(sla_clock::Column::WarnedAt.is_null())
                .col_expr(sla_clock::Column::WarnedAt, Expr::value(t))
        };
        if claim.exec(&txn).await?.rows_affected == 0 {
            continue;
        }
        let Some(c) = conversation::Entity::find_by_id(k.conversation_id)
            .one(&txn)
            .await?
        else {
            txn.commit().await?;
            continue;
        };
        let key = if breach {
            "notice-sla-breached"
        } else {
            "notice-sla-warning"
        };
        let link = format!("/messages/{}", c.id);
        let mut woken = Vec::new();
        for u in people_for(&txn, &c).await? {
            let i = crate::platform::i18n::I18n::new(u.language.as_deref().unwrap_or("en"));
            let text = i.t_with(
                key,
                &[
                    ("id", c.id.into()),
                    (
                        "clock",
                        crate::platform::i18n::Arg::Str(
                            i.t(&format!("sla-{}", k.kind.replace('_', "-"))),
                        ),
                    ),
                ],
            );
            crate::platform::notify::notify(&txn, u.id, key, &text, Some(&link)).await?;
            woken.push(u.id);
        }
        if breach {
            crate::platform::audit::record(
                &txn,
                None,
                "messaging.sla.breach",
                &format!("conversation:{}", c.id),
                None::<&serde_json::Value>,
                Some(&serde_json::json!({"clock": k.kind, "due_at": k.due_at, "team": k.team})),
            )
            .await?;
            done.breached += 1;
        } else {
            done.warned += 1;
        }
        txn.commit().await?;
        crate::platform::events::publish(state, &woken).await;
    }
    Ok(done)
}
