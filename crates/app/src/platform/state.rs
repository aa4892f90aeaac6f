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
    /// Small aggregates (id → count) that many pages show, by name.
    pub counts: TtlCache<&'static str, Arc<Vec<(i64, i64)>>>,
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
