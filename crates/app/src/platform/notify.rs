//! On-site notifications: what a person must hear about (a report's outcome, a strike,
//! an appeal's result), written in the same transaction as the change, in the person's
//! language, with an id that orders them per person. The header shows the unread count.

use sea_orm::entity::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{QueryOrder, QuerySelect, Set};
use serde::Serialize;
use utoipa::ToSchema;

use super::error::AppResult;
use super::util::now;

/// One notification.
pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(
        Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, utoipa::ToSchema,
    )]
    #[sea_orm(table_name = "notifications")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub user_id: i64,
        /// `report_outcome`, `report_received`, `strike`, `appeal_outcome`, `urgent_report`…
        pub kind: String,
        /// Already in the person's language.
        pub text: String,
        pub link: Option<String>,
        pub created_at: i64,
        pub read_at: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Stores a notification (in the caller's transaction).
pub async fn notify(
    conn: &impl ConnectionTrait,
    user_id: i64,
    kind: &str,
    text: &str,
    link: Option<&str>,
) -> AppResult<()> {
    entity::ActiveModel {
        user_id: Set(user_id),
        kind: Set(kind.to_string()),
        text: Set(text.to_string()),
        link: Set(link.map(str::to_string)),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    // The same transaction stores the live event for the header's bell; see [`spawn_waker`].
    super::events::emit(
        conn,
        user_id,
        "notification",
        &serde_json::json!({"kind": kind, "text": text, "link": link}),
    )
    .await?;
    Ok(())
}

/// Wakes the sockets of people who got a notification, on every instance, a second or
/// two after it was committed, so the bell updates live wherever in the code the
/// notification came from (no caller has to remember to wake anyone). Looks a little
/// behind the newest id it saw, because PostgreSQL may commit ids out of order; waking a
/// socket twice costs nothing.
pub fn spawn_waker(state: super::state::AppState) {
    use super::events::entity as ev;
    tokio::spawn(async move {
        let mut last: i64 = ev::Entity::find()
            .select_only()
            .column(ev::Column::Id)
            .order_by_desc(ev::Column::Id)
            .into_tuple::<i64>()
            .one(&state.db)
            .await
            .ok()
            .flatten()
            .unwrap_or(0);
        let mut seen = std::collections::HashSet::new();
        let mut tick = tokio::time::interval(std::time::Duration::from_millis(1500));
        loop {
            tick.tick().await;
            let rows: Result<Vec<(i64, i64)>, _> = ev::Entity::find()
                .select_only()
                .column(ev::Column::Id)
                .column(ev::Column::UserId)
                .filter(ev::Column::Id.gt(last - 50))
                .filter(ev::Column::Kind.eq("notification"))
                .order_by_asc(ev::Column::Id)
                .limit(2000)
                .into_tuple()
                .all(&state.db)
                .await;
            let Ok(rows) = rows else { continue };
            let fresh: Vec<i64> = rows
                .iter()
                .filter(|(id, _)| *id > last || !seen.contains(id))
                .map(|(_, u)| *u)
                .collect();
            if let Some((id, _)) = rows.last() {
                last = last.max(*id);
            }
            seen.extend(rows.iter().map(|(id, _)| *id));
            seen.retain(|id| *id > last - 50);
            if !fresh.is_empty() {
                super::events::wake_local(&state, &fresh);
            }
        }
    });
}

/// How many notifications a person has not read.
pub async fn unread(conn: &impl ConnectionTrait, user_id: i64) -> AppResult<u64> {
    Ok(entity::Entity::find()
        .filter(entity::Column::UserId.eq(user_id))
        .filter(entity::Column::ReadAt.is_null())
        .count(conn)
        .await?)
}

/// A page of notifications as the API returns them.
#[derive(Serialize, ToSchema)]
pub struct Page {
    pub unread: u64,
    pub items: Vec<entity::Model>,
}

/// The newest notifications of a person, newest first.
pub async fn recent(conn: &impl ConnectionTrait, user_id: i64, limit: u64) -> AppResult<Page> {
    Ok(Page {
        unread: unread(conn, user_id).await?,
        items: entity::Entity::find()
            .filter(entity::Column::UserId.eq(user_id))
            .order_by_desc(entity::Column::Id)
            .limit(limit.clamp(1, 200))
            .all(conn)
            .await?,
    })
}

/// Marks every notification of a person up to `up_to` (inclusive) as read.
pub async fn mark_read(conn: &impl ConnectionTrait, user_id: i64, up_to: i64) -> AppResult<u64> {
    let res = entity::Entity::update_many()
        .col_expr(entity::Column::ReadAt, Expr::value(now()))
        .filter(entity::Column::UserId.eq(user_id))
        .filter(entity::Column::Id.lte(up_to))
        .filter(entity::Column::ReadAt.is_null())
        .exec(conn)
        .await?;
    Ok(res.rows_affected)
}

/// Removes notifications read longer ago than the retention period; returns how many.
pub async fn sweep(state: &super::state::AppState) -> super::error::AppResult<u64> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let cutoff = super::retention::Retention::cutoff(state.config.retention.read_notification_days);
    Ok(entity::Entity::delete_many()
        .filter(entity::Column::ReadAt.lt(cutoff))
        .exec(&state.db)
        .await?
        .rows_affected)
}
