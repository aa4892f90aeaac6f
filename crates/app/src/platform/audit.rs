//! The audit log every capability writes its staff and operator actions to. Written in
//! the same transaction as the action, never updated or deleted.

use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::Set, QueryOrder, QuerySelect};
use serde::Serialize;

use super::error::AppResult;
use super::util::now;

/// One entry.
pub mod entry {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "audit_log")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        /// The account that acted; `None` for the command line.
        pub actor_id: Option<i64>,
        /// What was done, e.g. `gate.rule.add`.
        pub action: String,
        /// What it was done to, e.g. `gate_rule:17`, `gate_config`.
        pub subject: String,
        /// JSON of the state before and after, where there is one.
        pub before: Option<String>,
        pub after: Option<String>,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Records an action (inside the caller's transaction).
pub async fn record<B: Serialize, A: Serialize>(
    conn: &impl ConnectionTrait,
    actor_id: Option<i64>,
    action: &str,
    subject: &str,
    before: Option<&B>,
    after: Option<&A>,
) -> AppResult<()> {
    let json = |v: Option<String>| v;
    entry::ActiveModel {
        actor_id: Set(actor_id),
        action: Set(action.to_string()),
        subject: Set(subject.to_string()),
        before: Set(json(before.and_then(|b| serde_json::to_string(b).ok()))),
        after: Set(json(after.and_then(|a| serde_json::to_string(a).ok()))),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// The newest entries, optionally for subjects starting with `prefix`.
pub async fn recent(
    conn: &impl ConnectionTrait,
    prefix: Option<&str>,
    limit: u64,
) -> AppResult<Vec<entry::Model>> {
    let mut q = entry::Entity::find()
        .order_by_desc(entry::Column::Id)
        .limit(limit.min(1000));
    if let Some(p) = prefix.filter(|p| !p.is_empty()) {
        q = q.filter(entry::Column::Subject.starts_with(p));
    }
    Ok(q.all(conn).await?)
}
