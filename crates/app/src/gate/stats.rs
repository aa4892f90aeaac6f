//! How each keyword rule is doing: how often it fires, how often it held something, and
//! how often a moderator then approved what it held (a false positive). Shown beside the
//! rules on the gate page, so admins see which rules earn their keep.

use sea_orm::{ConnectionTrait, EntityTrait, Statement};

use crate::platform::db::placeholders;
use crate::platform::error::AppResult;
use crate::platform::util::now;

/// One rule's counts.
pub mod row {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "gate_rule_stats")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub rule_id: i64,
        pub hits: i64,
        pub held: i64,
        pub false_positives: i64,
        pub last_hit_at: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// The rule ids (store ids, as recorded) a verdict's keyword signals carry.
fn rule_ids(verdict: &antispam::Verdict) -> Vec<i64> {
    let mut ids: Vec<i64> = verdict
        .signals
        .iter()
        .filter(|s| s.name == "keyword")
        .filter_map(|s| s.rule.map(i64::from))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Counts the rules a recorded verdict matched, in the caller's transaction.
pub async fn hits(conn: &impl ConnectionTrait, verdict: &antispam::Verdict) -> AppResult<()> {
    let held = i64::from(verdict.action != antispam::Action::Accept);
    let backend = conn.get_database_backend();
    for id in rule_ids(verdict) {
        conn.execute_raw(Statement::from_sql_and_values(
            backend,
            placeholders(
                backend,
                "INSERT INTO gate_rule_stats (rule_id, hits, held, false_positives, last_hit_at) \
                 VALUES (?, 1, ?, 0, ?) ON CONFLICT (rule_id) DO UPDATE SET \
                 hits = gate_rule_stats.hits + 1, held = gate_rule_stats.held + excluded.held, \
                 last_hit_at = excluded.last_hit_at",
            ),
            [id.into(), held.into(), now().into()],
        ))
        .await?;
    }
    Ok(())
}

/// A moderator approved what the gate held: each rule of the latest verdict on it that
/// held counts one false positive (in the caller's transaction).
pub async fn overruled(conn: &impl ConnectionTrait, kind: &str, id: i64) -> AppResult<()> {
    let Some(verdict) = super::service::latest(conn, kind, id).await? else {
        return Ok(());
    };
    if verdict.action == antispam::Action::Accept {
        return Ok(());
    }
    let backend = conn.get_database_backend();
    for rule in rule_ids(&verdict) {
        conn.execute_raw(Statement::from_sql_and_values(
            backend,
            placeholders(
                backend,
                "UPDATE gate_rule_stats SET false_positives = false_positives + 1 WHERE rule_id = ?",
            ),
            [rule.into()],
        ))
        .await?;
    }
    Ok(())
}

/// Every rule's counts, by rule id.
pub async fn all(
    conn: &impl ConnectionTrait,
) -> AppResult<std::collections::HashMap<i64, row::Model>> {
    Ok(row::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|r| (r.rule_id, r))
        .collect())
}
