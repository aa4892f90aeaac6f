//! Run-time settings stored as one JSON value each: read by every instance through a
//! short in-process cache, replaced by admins with validation and an audit entry. The
//! shield and the moderation office keep their settings this way.

use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::db::{get_setting, init_setting, set_setting, write_txn};
use super::error::{AppError, AppResult};
use super::state::AppState;

/// How long an instance trusts its copy before reading the setting again.
pub const REFRESH: Duration = Duration::from_secs(2);

/// The process's copy of the setting of type `T`.
pub struct Cached<T>(RwLock<Option<(Instant, Arc<T>)>>);

impl<T> Default for Cached<T> {
    fn default() -> Self {
        Cached(RwLock::new(None))
    }
}

/// A settings type: where it is stored, and how an older stored form is completed.
pub trait Setting: Serialize + DeserializeOwned + Default + Send + Sync + 'static {
    /// The key in the `settings` table.
    const KEY: &'static str;
    /// The audit log's name for a change, e.g. `shield.config.update`.
    const AUDIT_ACTION: &'static str;
    /// Fills in what a value stored by an older version does not have.
    fn complete(self) -> Self {
        self
    }
}

fn remember<T: Setting>(state: &AppState, value: Arc<T>) {
    *state
        .slots
        .get_or_default::<Cached<T>>()
        .0
        .write()
        .unwrap_or_else(|e| e.into_inner()) = Some((Instant::now(), value));
}

/// The current value (at most [`REFRESH`] old on other instances, fresh on this one
/// after a change); the defaults when nothing was stored.
pub async fn current<T: Setting>(state: &AppState) -> AppResult<Arc<T>> {
    let slot = state.slots.get_or_default::<Cached<T>>();
    if let Some((at, v)) = slot.0.read().unwrap_or_else(|e| e.into_inner()).as_ref()
        && at.elapsed() < REFRESH
    {
        return Ok(v.clone());
    }
    let value = Arc::new(
        get_setting(&state.db, T::KEY)
            .await?
            .and_then(|s| serde_json::from_str::<T>(&s).ok())
            .map(T::complete)
            .unwrap_or_default(),
    );
    remember(state, value.clone());
    Ok(value)
}

/// Replaces the value (the caller validated it), with the value before and after on
/// the audit log.
pub async fn replace<T: Setting>(
    state: &AppState,
    actor: Option<i64>,
    new: T,
) -> AppResult<Arc<T>> {
    let before = current::<T>(state).await?;
    let json = serde_json::to_string(&new).map_err(|e| AppError::Internal(e.into()))?;
    let txn = write_txn(&state.db).await?;
    init_setting(&txn, T::KEY, &json).await?;
    set_setting(&txn, T::KEY, &json).await?;
    super::audit::record(
        &txn,
        actor,
        T::AUDIT_ACTION,
        T::KEY,
        Some(&*before),
        Some(&new),
    )
    .await?;
    txn.commit().await?;
    let new = Arc::new(new);
    remember(state, new.clone());
    Ok(new)
}
