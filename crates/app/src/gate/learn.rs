//! The classifier learns from people: every moderator decision (and, later, every upheld
//! report) is a labelled example. Examples are queued with the decision and folded into a
//! new model version in batches, so a burst of decisions costs one model write.

use sea_orm::entity::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, QueryOrder, QuerySelect};

use super::store;
use crate::platform::error::{AppError, AppResult};
use crate::platform::state::AppState;
use crate::platform::util::now;

/// A queued example.
pub mod feedback {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "gate_feedback")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub text: String,
        pub is_spam: bool,
        /// `approve`, `reject`, later `report_upheld`…
        pub source: String,
        pub subject_id: Option<i64>,
        pub applied: bool,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Model versions made from feedback that are kept besides the active one.
const KEEP_FEEDBACK_VERSIONS: u64 = 5;

/// Queues one labelled example, inside the caller's transaction.
pub async fn queue(
    conn: &impl ConnectionTrait,
    text: &str,
    is_spam: bool,
    source: &str,
    subject_id: Option<i64>,
) -> AppResult<()> {
    feedback::ActiveModel {
        text: Set(text.to_string()),
        is_spam: Set(is_spam),
        source: Set(source.to_string()),
        subject_id: Set(subject_id),
        applied: Set(false),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

/// Folds every queued example into a new active model version; returns how many.
///
/// The learning happens before any write: reading the examples and the model takes no
/// lock, and the write transaction (short) only claims the examples and stores the new
/// version, so a retraining never holds SQLite's write lock while it computes. Safe with
/// several instances: the examples are claimed with a conditional update, and a model
/// that changed in the meantime (another instance applied other examples) means this
/// round is dropped and retried with the newer model.
pub async fn apply(state: &AppState) -> AppResult<usize> {
    let pending = feedback::Entity::find()
        .filter(feedback::Column::Applied.eq(false))
        .order_by_asc(feedback::Column::Id)
        .limit(10_000)
        .all(&state.db)
        .await?;
    if pending.is_empty() {
        return Ok(0);
    }
    // The site's own model learns; the first decisions start it (naive Bayes, so each
    // later decision is one more count).
    let current = store::site_model(&state.db).await?;
    let base_version = current.as_ref().map(|(v, _)| *v);
    let mut model = current.map_or_else(antispam::Model::new, |(_, m)| m);
    let examples: Vec<(String, bool)> = pending
        .iter()
        .map(|f| (f.text.clone(), f.is_spam))
        .collect();
    let model = tokio::task::spawn_blocking(move || {
        for (text, spam) in &examples {
            model.learn(text, *spam);
        }
        model
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))?;
    let txn = crate::platform::db::write_txn(&state.db).await?;
    if store::site_model(&txn).await?.map(|(v, _)| v) != base_version {
        return Ok(0); // another instance saved a model meanwhile; retry next round
    }
    let ids: Vec<i64> = pending.iter().map(|f| f.id).collect();
    let claimed = feedback::Entity::update_many()
        .col_expr(feedback::Column::Applied, Expr::value(true))
        .filter(feedback::Column::Id.is_in(ids.clone()))
        .filter(feedback::Column::Applied.eq(false))
        .exec(&txn)
        .await?;
    if claimed.rows_affected != ids.len() as u64 {
        return Ok(0); // another instance is applying them; the transaction rolls back
    }
    store::save_model(&txn, &model, "feedback", None).await?;
    prune(&txn).await?;
    txn.commit().await?;
    super::gate(state)?
        .refresh(&state.db)
        .await
        .map_err(AppError::Internal)?;
    Ok(pending.len())
}

/// Drops old feedback-made versions that are not active (each is the size of a model).
async fn prune(conn: &impl ConnectionTrait) -> AppResult<()> {
    use store::model;
    let old: Vec<i64> = model::Entity::find()
        .select_only()
        .column(model::Column::Id)
        .filter(model::Column::Source.eq("feedback"))
        .filter(model::Column::Active.eq(false))
        .order_by_desc(model::Column::Version)
        .offset(KEEP_FEEDBACK_VERSIONS)
        .limit(1_000_000) // SQLite knows no OFFSET without LIMIT
        .into_tuple()
        .all(conn)
        .await?;
    if !old.is_empty() {
        model::Entity::delete_many()
            .filter(model::Column::Id.is_in(old))
            .exec(conn)
            .await?;
    }
    Ok(())
}

/// Applies queued feedback every minute.
pub fn spawn(state: AppState) {
    crate::platform::workers::every(
        "gate-learning",
        std::time::Duration::from_secs(60),
        move || {
            let state = state.clone();
            async move {
                apply(&state)
                    .await
                    .map(|_| ())
                    .map_err(|e| anyhow::anyhow!("{e}"))
            }
        },
    );
}
