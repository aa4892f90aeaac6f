//! The shield's record: every block, throttle, honeypot hit, CAPTCHA failure and refused
//! sign-up, with time, address, account, action and rule. Written in small batches by a
//! background task, so that a flood of junk costs one insert per batch, not one per
//! request; analytics count from it and the office shows an address's history.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use sea_orm::entity::prelude::*;
use sea_orm::{QueryOrder, QuerySelect, Set};
use tokio::sync::mpsc;

use crate::platform::error::AppResult;
use crate::platform::state::AppState;
use crate::platform::util::now;

/// One stored event.
pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(
        Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, utoipa::ToSchema,
    )]
    #[sea_orm(table_name = "shield_events")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub created_at: i64,
        pub ip: Option<String>,
        pub user_id: Option<i64>,
        /// What was being attempted: `signup`, `login`, `ad_post`, `access`…
        pub action: String,
        /// What the shield did: `blocked`, `throttled`, `honeypot`, `too_fast`,
        /// `captcha_failed`, `auto_block`, `email_refused`, `email_held`, `login_failed`.
        pub kind: String,
        /// Which rule or block: `short`/`long` window, a CIDR, a mail domain…
        pub rule: Option<String>,
        pub detail: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// An event before it is stored.
#[derive(Clone, Debug)]
pub struct Event {
    pub ip: Option<String>,
    pub user_id: Option<i64>,
    pub action: &'static str,
    pub kind: &'static str,
    pub rule: Option<String>,
    pub detail: Option<String>,
}

/// The process's writer: a queue and a count of recent stops (to notice a flood).
pub struct Recorder {
    tx: Mutex<Option<mpsc::UnboundedSender<(i64, Event)>>>,
    /// Stops in the current minute and the minute they belong to.
    minute: AtomicU64,
    stops: AtomicU64,
    last_minute_stops: AtomicU64,
    /// Events handed to the writer but not yet stored.
    pending: AtomicU64,
}

impl Default for Recorder {
    fn default() -> Self {
        Recorder {
            tx: Mutex::new(None),
            minute: AtomicU64::new(0),
            stops: AtomicU64::new(0),
            last_minute_stops: AtomicU64::new(0),
            pending: AtomicU64::new(0),
        }
    }
}

impl Recorder {
    fn count_stop(&self) {
        let minute = (now() / 60) as u64;
        let seen = self.minute.swap(minute, Ordering::Relaxed);
        if seen != minute {
            let before = self.stops.swap(0, Ordering::Relaxed);
            self.last_minute_stops.store(
                if seen + 1 == minute { before } else { 0 },
                Ordering::Relaxed,
            );
        }
        self.stops.fetch_add(1, Ordering::Relaxed);
    }

    /// Requests stopped per minute on this instance (the larger of this minute so far and
    /// the last full one).
    pub fn stops_per_minute(&self) -> u64 {
        let minute = (now() / 60) as u64;
        if self.minute.load(Ordering::Relaxed) + 1 < minute {
            return 0;
        }
        self.stops
            .load(Ordering::Relaxed)
            .max(self.last_minute_stops.load(Ordering::Relaxed))
    }
}

/// Queues an event for the record.
pub fn record(state: &AppState, event: Event) {
    let recorder = state.slots.get_or_default::<Recorder>();
    if event.kind != "login_failed" {
        recorder.count_stop();
    }
    tracing::info!(
        ip = event.ip.as_deref().unwrap_or("-"),
        user = event.user_id,
        action = event.action,
        kind = event.kind,
        rule = event.rule.as_deref().unwrap_or("-"),
        "shield"
    );
    let mut tx = recorder.tx.lock().unwrap_or_else(|e| e.into_inner());
    if tx.is_none() {
        *tx = Some(spawn_writer(state.clone()));
    }
    recorder.pending.fetch_add(1, Ordering::SeqCst);
    if let Some(t) = tx.as_ref()
        && t.send((now(), event)).is_err()
    {
        recorder.pending.fetch_sub(1, Ordering::SeqCst);
    }
}

fn spawn_writer(state: AppState) -> mpsc::UnboundedSender<(i64, Event)> {
    let (tx, mut rx) = mpsc::unbounded_channel::<(i64, Event)>();
    tokio::spawn(async move {
        let mut batch = Vec::new();
        while rx.recv_many(&mut batch, 500).await > 0 {
            let n = batch.len() as u64;
            let rows: Vec<entity::ActiveModel> = batch
                .drain(..)
                .map(|(at, e)| entity::ActiveModel {
                    created_at: Set(at),
                    ip: Set(e.ip),
                    user_id: Set(e.user_id),
                    action: Set(e.action.to_string()),
                    kind: Set(e.kind.to_string()),
                    rule: Set(e.rule),
                    detail: Set(e.detail.map(|d| d.chars().take(500).collect())),
                    ..Default::default()
                })
                .collect();
            let mut tries = 0;
            loop {
                match entity::Entity::insert_many(rows.clone())
                    .exec(&state.db)
                    .await
                {
                    Ok(_) => break,
                    Err(e) if tries < 5 => {
                        tries += 1;
                        tracing::warn!(error = %e, "shield record write failed; retrying");
                        tokio::time::sleep(Duration::from_millis(200 * tries)).await;
                    }
                    Err(e) => {
                        tracing::error!(error = %e, lost = n, "shield record write failed");
                        break;
                    }
                }
            }
            state
                .slots
                .get_or_default::<Recorder>()
                .pending
                .fetch_sub(n, Ordering::SeqCst);
            // Let a burst gather into the next batch instead of one insert per event.
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    });
    tx
}

/// Waits until every queued event is stored (tests and graceful shutdown).
pub async fn flush(state: &AppState) {
    let recorder = state.slots.get_or_default::<Recorder>();
    for _ in 0..200 {
        if recorder.pending.load(Ordering::SeqCst) == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// Filters for reading the record.
#[derive(Default, Clone, Debug)]
pub struct Filter {
    pub ip: Option<String>,
    pub user_id: Option<i64>,
    pub kind: Option<String>,
    pub since: Option<i64>,
}

/// The newest events matching `filter`.
pub async fn list(
    db: &impl ConnectionTrait,
    filter: &Filter,
    limit: u64,
) -> AppResult<Vec<entity::Model>> {
    let mut q = entity::Entity::find()
        .order_by_desc(entity::Column::Id)
        .limit(limit.clamp(1, 1000));
    if let Some(ip) = &filter.ip {
        q = q.filter(entity::Column::Ip.eq(ip.as_str()));
    }
    if let Some(u) = filter.user_id {
        q = q.filter(entity::Column::UserId.eq(u));
    }
    if let Some(k) = &filter.kind {
        q = q.filter(entity::Column::Kind.eq(k.as_str()));
    }
    if let Some(s) = filter.since {
        q = q.filter(entity::Column::CreatedAt.gte(s));
    }
    Ok(q.all(db).await?)
}

/// Counts of events by kind since a time (for the office summary and analytics).
pub async fn counts_by_kind(
    db: &impl ConnectionTrait,
    since: i64,
) -> AppResult<Vec<(String, i64)>> {
    Ok(entity::Entity::find()
        .select_only()
        .column(entity::Column::Kind)
        .column_as(entity::Column::Id.count(), "n")
        .filter(entity::Column::CreatedAt.gte(since))
        .group_by(entity::Column::Kind)
        .order_by_asc(entity::Column::Kind)
        .into_tuple()
        .all(db)
        .await?)
}
