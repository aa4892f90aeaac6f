//! Events a person must hear about, stored in the same transaction as the change with an
//! id that orders them per person, and the hub that delivers them live. A client that
//! reconnects asks for everything after the last id it saw; nothing is lost or shown twice.
//! In one process the hub is a broadcast channel; with PostgreSQL, instances tell each
//! other through `NOTIFY` so a person connected to one sees a change made on another.

use std::sync::Arc;

use sea_orm::entity::prelude::*;
use sea_orm::{QueryOrder, QuerySelect, Set, Statement};
use serde::Serialize;
use tokio::sync::broadcast;

use super::error::AppResult;
use super::state::AppState;
use super::util::now;

/// One stored event.
pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "events")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub user_id: i64,
        /// `message`, `conversation`, `read`, `notification`…
        pub kind: String,
        /// JSON.
        pub payload: String,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Events a client may ask to resume from; further back it is told to resync.
pub const RETAINED_SECS: i64 = 7 * 86_400;

/// An event as a client receives it: `{id, type, …payload}`.
#[derive(Clone, Debug, Serialize)]
pub struct Wire {
    pub id: i64,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(flatten)]
    pub payload: serde_json::Value,
}

impl From<entity::Model> for Wire {
    fn from(m: entity::Model) -> Self {
        Wire {
            id: m.id,
            kind: m.kind,
            payload: serde_json::from_str(&m.payload).unwrap_or(serde_json::Value::Null),
        }
    }
}

/// Stores an event for a person (in the caller's transaction).
pub async fn emit(
    conn: &impl ConnectionTrait,
    user_id: i64,
    kind: &str,
    payload: &serde_json::Value,
) -> AppResult<i64> {
    let saved = entity::ActiveModel {
        user_id: Set(user_id),
        kind: Set(kind.to_string()),
        payload: Set(payload.to_string()),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(saved.id)
}

/// Stores the same event for several people in one statement (in the caller's
/// transaction): a message to a team is one insert, not one per member.
pub async fn emit_to(
    conn: &impl ConnectionTrait,
    users: &[i64],
    kind: &str,
    payload: &serde_json::Value,
) -> AppResult<()> {
    if users.is_empty() {
        return Ok(());
    }
    let (t, text) = (now(), payload.to_string());
    entity::Entity::insert_many(users.iter().map(|u| entity::ActiveModel {
        user_id: Set(*u),
        kind: Set(kind.to_string()),
        payload: Set(text.clone()),
        created_at: Set(t),
        ..Default::default()
    }))
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// The newest event id of a person (0 when none): where a page's socket starts.
pub async fn latest(conn: &impl ConnectionTrait, user_id: i64) -> AppResult<i64> {
    let id: Option<i64> = entity::Entity::find()
        .select_only()
        .column(entity::Column::Id)
        .filter(entity::Column::UserId.eq(user_id))
        .order_by_desc(entity::Column::Id)
        .into_tuple()
        .one(conn)
        .await?;
    Ok(id.unwrap_or(0))
}

/// A person's events after `after`, oldest first, at most `limit`.
pub async fn since(
    conn: &impl ConnectionTrait,
    user_id: i64,
    after: i64,
    limit: u64,
) -> AppResult<Vec<entity::Model>> {
    Ok(entity::Entity::find()
        .filter(entity::Column::UserId.eq(user_id))
        .filter(entity::Column::Id.gt(after))
        .order_by_asc(entity::Column::Id)
        .limit(limit)
        .all(conn)
        .await?)
}

/// Whether resuming after `after` would miss events already forgotten.
pub async fn too_old(conn: &impl ConnectionTrait, user_id: i64, after: i64) -> AppResult<bool> {
    if after == 0 {
        return Ok(false);
    }
    let oldest: Option<i64> = entity::Entity::find()
        .select_only()
        .column(entity::Column::Id)
        .filter(entity::Column::UserId.eq(user_id))
        .order_by_asc(entity::Column::Id)
        .into_tuple()
        .one(conn)
        .await?;
    Ok(oldest.is_some_and(|o| after < o - 1))
}

/// Forgets events older than the retention.
pub async fn sweep(conn: &impl ConnectionTrait) -> AppResult<u64> {
    Ok(entity::Entity::delete_many()
        .filter(entity::Column::CreatedAt.lt(now() - RETAINED_SECS))
        .exec(conn)
        .await?
        .rows_affected)
}

/// The process's hub: one wake-up channel per connected person, so a message wakes only
/// the sockets of the people it concerns (not every socket in the process).
#[derive(Default)]
pub struct Hub {
    channels: std::sync::Mutex<std::collections::HashMap<i64, broadcast::Sender<()>>>,
}

impl Hub {
    fn wake(&self, user: i64) {
        let mut map = self.channels.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(tx) = map.get(&user)
            && tx.send(()).is_err()
        {
            // Nobody listens any more: forget the channel.
            map.remove(&user);
        }
    }
}

fn hub(state: &AppState) -> Arc<Hub> {
    state.slots.get_or_default::<Hub>()
}

/// Listens for "new events" signals for one person.
pub fn subscribe(state: &AppState, user: i64) -> broadcast::Receiver<()> {
    let h = hub(state);
    let mut map = h.channels.lock().unwrap_or_else(|e| e.into_inner());
    map.entry(user)
        .or_insert_with(|| broadcast::channel(16).0)
        .subscribe()
}

/// After a commit: wakes the connections of these people here, and on PostgreSQL on
/// every other instance too.
pub async fn publish(state: &AppState, users: &[i64]) {
    let h = hub(state);
    for u in users {
        h.wake(*u);
    }
    if state.db.get_database_backend() == sea_orm::DbBackend::Postgres && !users.is_empty() {
        let list = users
            .iter()
            .map(|u| u.to_string())
            .collect::<Vec<_>>()
            .join(",");
        let stmt = Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            "SELECT pg_notify('classifieds_events', $1)",
            [format!("{}|{list}", instance_id(state)).into()],
        );
        if let Err(e) = state.db.execute_raw(stmt).await {
            tracing::warn!(error = %e, "could not notify other instances");
        }
    }
}

/// Wakes this process's sockets of these people (no message to other instances: each
/// instance runs its own notification waker).
pub fn wake_local(state: &AppState, users: &[i64]) {
    let h = hub(state);
    for u in users {
        h.wake(*u);
    }
}

/// A random id for this process, so it ignores its own notifications.
fn instance_id(state: &AppState) -> Arc<String> {
    #[derive(Default)]
    struct Id(std::sync::OnceLock<Arc<String>>);
    state
        .slots
        .get_or_default::<Id>()
        .0
        .get_or_init(|| Arc::new(super::util::random_token()))
        .clone()
}

/// On PostgreSQL: relays other instances' notifications into this process's hub.
pub fn spawn_listener(state: AppState) {
    if state.db.get_database_backend() != sea_orm::DbBackend::Postgres {
        return;
    }
    tokio::spawn(async move {
        let me = instance_id(&state);
        loop {
            let pool = state.db.get_postgres_connection_pool().clone();
            match sea_orm::sqlx::postgres::PgListener::connect_with(&pool).await {
                Ok(mut l) => {
                    if l.listen("classifieds_events").await.is_ok() {
                        while let Ok(n) = l.recv().await {
                            let Some((from, users)) = n.payload().split_once('|') else {
                                continue;
                            };
                            if from == me.as_str() {
                                continue;
                            }
                            let h = hub(&state);
                            for u in users.split(',').filter_map(|u| u.parse::<i64>().ok()) {
                                h.wake(u);
                            }
                        }
                    }
                }
                Err(e) => tracing::warn!(error = %e, "event listener cannot connect"),
            }
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        }
    });
}
