//! What ads hand the gate, which never reads ads itself: the texts it mines rule
//! suggestions from, and fingerprints recomputed when the gate's normalisation changes.

use std::sync::Arc;

use futures_util::FutureExt;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};

use super::entity::ad;
use super::lifecycle::Status;
use crate::gate::suggest::Corpus;
use crate::platform::db;
use crate::platform::error::AppResult;
use crate::platform::state::AppState;
use crate::platform::util::now;

/// Removed ads looked at for suggestions: the last 90 days, at most this many.
const REMOVED_SAMPLE: u64 = 2_000;
/// Published ads they are compared with.
const PUBLISHED_SAMPLE: u64 = 5_000;
/// The fingerprint recipe stored ads were last computed with (antispam's normalisation
/// learned complete leetspeak in version 2).
const FINGERPRINT_VERSION: &str = "2";

/// Registers ads as the gate's source of texts for rule suggestions.
pub fn register(state: &AppState) {
    crate::gate::suggest::register(
        state,
        Arc::new(|state: AppState| async move { corpus(&state).await }.boxed()),
    );
}

async fn texts(state: &AppState, status: Status, since: i64, limit: u64) -> AppResult<Vec<String>> {
    let rows: Vec<(String, String)> = ad::Entity::find()
        .select_only()
        .column(ad::Column::Title)
        .column(ad::Column::Description)
        .filter(ad::Column::Status.eq(status.as_str()))
        .filter(ad::Column::UpdatedAt.gte(since))
        .order_by_desc(ad::Column::UpdatedAt)
        .limit(limit)
        .into_tuple()
        .all(&state.db)
        .await?;
    Ok(rows.into_iter().map(|(t, d)| format!("{t}\n{d}")).collect())
}

async fn corpus(state: &AppState) -> AppResult<Corpus> {
    let since = now() - 90 * 86_400;
    Ok(Corpus {
        removed: texts(state, Status::Rejected, since, REMOVED_SAMPLE).await?,
        published: texts(state, Status::Published, 0, PUBLISHED_SAMPLE).await?,
    })
}

/// Recomputes the fingerprints of ads stored with an older recipe, a thousand per
/// transaction, and tells the gate; returns how many. Runs once per recipe.
pub async fn refingerprint(state: &AppState) -> AppResult<u64> {
    const KEY: &str = "ads_fingerprint_version";
    if db::get_setting(&state.db, KEY).await?.as_deref() == Some(FINGERPRINT_VERSION) {
        return Ok(0);
    }
    let mut after = 0i64;
    let mut done = 0u64;
    loop {
        let batch = ad::Entity::find()
            .filter(ad::Column::Id.gt(after))
            .order_by_asc(ad::Column::Id)
            .limit(1_000)
            .all(&state.db)
            .await?;
        let Some(last) = batch.last() else { break };
        after = last.id;
        let txn = db::write_txn(&state.db).await?;
        for a in batch {
            let fp = crate::gate::fingerprints::of(&a.title, &a.description);
            if a.fingerprint == Some(fp) {
                continue;
            }
            let mut am: ad::ActiveModel = a.into();
            am.fingerprint = Set(Some(fp));
            let saved = sea_orm::ActiveModelTrait::update(am, &txn).await?;
            super::judge::store_fingerprint(&txn, &saved).await?;
            done += 1;
        }
        txn.commit().await?;
    }
    db::init_setting(&state.db, KEY, FINGERPRINT_VERSION).await?;
    db::set_setting(&state.db, KEY, FINGERPRINT_VERSION).await?;
    Ok(done)
}

/// Hands the gate the prices of live ads per category, for its "far below the usual
/// price" signal. Returns how many categories have enough prices to compare with.
pub async fn refresh_prices(state: &AppState) -> AppResult<usize> {
    let prices = super::queries::live_prices_by_category(&state.db).await?;
    crate::gate::sitedata::store_prices(state, prices).await
}
