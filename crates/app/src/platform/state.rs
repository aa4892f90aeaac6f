//! The shared application state, handed to every handler as an extractor.

use std::ops::Deref;
use std::sync::Arc;

use axum::body::Bytes;
use sea_orm::DatabaseConnection;
use tokio::sync::Notify;

use super::cache::TtlCache;

use super::config::{Config, Secret};

/// Everything a request may need; built once per process.
pub struct App {
    pub db: DatabaseConnection,
    pub config: Config,
    /// Site-wide signing key (CSRF tokens); lives in the database so all instances agree.
    pub secret: Secret,
    /// Bounds concurrent password hashing (memory- and CPU-hard by design).
    pub hashing: tokio::sync::Semaphore,
    /// Wakes the mail worker as soon as a mail is queued.
    pub mail_wake: Notify,
    /// Responses for anonymous visitors: (language, path) → (status, content type, body).
    pub pages: TtlCache<String, (u16, &'static str, Bytes)>,
    /// Per-capability state (see [`Slots`]).
    pub slots: Slots,
    /// Small aggregates (id → count) that many pages show, by name.
    pub counts: TtlCache<&'static str, Arc<Vec<(i64, i64)>>>,
}

/// State that capabilities keep for the life of the process (the gate's compiled rules,
/// its near-duplicate index…), by type. `platform` stores it without knowing what it is.
#[derive(Default)]
pub struct Slots(
    std::sync::RwLock<
        std::collections::HashMap<std::any::TypeId, Arc<dyn std::any::Any + Send + Sync>>,
    >,
);

impl Slots {
    /// Stores (or replaces) the value of type `T`.
    pub fn insert<T: std::any::Any + Send + Sync>(&self, value: Arc<T>) {
        self.0
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(std::any::TypeId::of::<T>(), value);
    }

    /// The value of type `T`, created (once, under the lock) on first use.
    pub fn get_or_default<T: Default + std::any::Any + Send + Sync>(&self) -> Arc<T> {
        if let Some(v) = self.get::<T>() {
            return v;
        }
        let mut map = self.0.write().unwrap_or_else(|e| e.into_inner());
        map.entry(std::any::TypeId::of::<T>())
            .or_insert_with(|| Arc::new(T::default()))
            .clone()
            .downcast::<T>()
            .expect("a slot holds the type it is keyed by")
    }

    /// The value of type `T`, if a capability stored one.
    pub fn get<T: std::any::Any + Send + Sync>(&self) -> Option<Arc<T>> {
        let map = self.0.read().unwrap_or_else(|e| e.into_inner());
        map.get(&std::any::TypeId::of::<T>())
            .cloned()
            .and_then(|v| v.downcast::<T>().ok())
    }
}

/// Cheap to clone handle on [`App`] (crates.io's `AppState(Arc<App>)` pattern).
#[derive(Clone)]
pub struct AppState(pub Arc<App>);

impl Deref for AppState {
    type Target = App;
    fn deref(&self) -> &App {
        &self.0
    }
}
