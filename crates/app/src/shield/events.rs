//! The shield's record: every block, throttle, honeypot hit, CAPTCHA failure and refused
//! sign-up, with time, address, account, action and rule. Written in small batches by a
//! background task, so that a flood of junk costs one insert per batch, not one per
//! request; analytics count from it and the office shows an address's history.
//!
//! Under a flood the record stays small: the same stop from the same address is written
//! twenty times a minute at most, and the rest of that minute as one summary line ("and
//! 1,980 more like it"). Rows older than the retention period are swept daily. The recorder also
//! counts each network's stops this minute, so that one network's junk throttles and
//! blocks that network, and raises the puzzle only for it.

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
    /// This minute's stops per network, and how many of each (address, action, kind) were
    /// written; what is beyond [`SAMPLE_PER_MINUTE`] waits for the minute's summary.
    window: Mutex<Window>,
}

/// Stops of one minute, by network and by kind of stop.
#[derive(Default)]
struct Window {
    minute: u64,
    by_network: std::collections::HashMap<String, u64>,
    by_network_last: std::collections::HashMap<String, u64>,
    written: std::collections::HashMap<(String, &'static str, &'static str), u64>,
    summary: std::collections::HashMap<(String, &'static str, &'static str), Event>,
}

/// The same stop from the same address is written this many times a minute at most.
pub const SAMPLE_PER_MINUTE: u64 = 20;
/// Networks remembered per minute (a flood from more is bounded in memory).
const MAX_NETWORKS: usize = 100_000;

impl Default for Recorder {
    fn default() -> Self {
        Recorder {
            tx: Mutex::new(None),
            minute: AtomicU64::new(0),
            stops: AtomicU64::new(0),
            last_minute_stops: AtomicU64::new(0),
            pending: AtomicU64::new(0),
            window: Mutex::new(Window::default()),
        }
    }
}

/// The network an address belongs to (a /24 or a /64), as the rate limits count it.
fn network_of(ip: Option<&str>) -> String {
    ip.and_then(|i| i.parse::<std::net::IpAddr>().ok())
        .map(|ip| {
            crate::platform::net::Cidr::network(ip, if ip.is_ipv4() { 24 } else { 64 }).to_string()
        })
        .unwrap_or_else(|| "-".into())
}

impl Recorder {
    /// Counts a stop for its network and says whether to write it (or leave it to the
    /// minute's summary). Returns the summary lines of the minute that just ended.
    fn sample(&self, event: &Event, stop: bool) -> (bool, Vec<Event>) {
        let minute = (now() / 60) as u64;
        let mut w = self.window.lock().unwrap_or_else(|e| e.into_inner());
        let mut ended = Vec::new();
        if w.minute != minute {
            let last = std::mem::take(&mut w.by_network);
            w.by_network_last = if w.minute + 1 == minute {
                last
            } else {
                Default::default()
            };
            w.written.clear();
            ended = std::mem::take(&mut w.summary).into_values().collect();
            w.minute = minute;
        }
        if stop {
            let net = network_of(event.ip.as_deref());
            if w.by_network.len() < MAX_NETWORKS || w.by_network.contains_key(&net) {
                *w.by_network.entry(net).or_default() += 1;
            }
        }
        let key = (
            event.ip.clone().unwrap_or_default(),
            event.action,
            event.kind,
        );
        let n = w.written.entry(key).or_default();
        *n += 1;
        if *n <= SAMPLE_PER_MINUTE {
            return (true, ended);
        }
        // One summary line per (address, action, kind) and minute, with the count.
        let count = *n - SAMPLE_PER_MINUTE;
        let detail = Some(format!("and {count} more like it this minute"));
        let room = w.summary.len() < MAX_NETWORKS;
        let key = (
            event.ip.clone().unwrap_or_default(),
            event.action,
            event.kind,
        );
        match w.summary.get_mut(&key) {
            Some(e) => e.detail = detail,
            None if room => {
                w.summary.insert(
                    key,
                    Event {
                        detail,
                        ..event.clone()
                    },
                );
            }
            None => {}
        }
        (false, ended)
    }

    /// Stops from the network of `ip` in this minute (or the last full one, if more).
    pub fn network_stops(&self, ip: Option<&str>) -> u64 {
        let minute = (now() / 60) as u64;
        let net = network_of(ip);
        let w = self.window.lock().unwrap_or_else(|e| e.into_inner());
        if w.minute + 1 < minute {
            return 0;
        }
        let this = if w.minute == minute {
            w.by_network.get(&net).copied().unwrap_or(0)
        } else {
            0
        };
        let last = if w.minute == minute {
            w.by_network_last.get(&net).copied().unwrap_or(0)
        } else {
            w.by_network.get(&net).copied().unwrap_or(0)
        };
        this.max(last)
    }

    /// How many networks are being stopped often (a dozen times a minute or more): a
    /// flood from many places, as opposed to one noisy network.
    pub fn flooding_networks(&self) -> usize {
        let w = self.window.lock().unwrap_or_else(|e| e.into_inner());
        w.by_network
            .values()
            .chain(w.by_network_last.values())
            .filter(|n| **n >= 12)
            .count()
    }

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

/// Queues an event for the record (or, beyond a few a minute of the same, for the
/// minute's summary line).
pub fn record(state: &AppState, event: Event) {
    let recorder = state.slots.get_or_default::<Recorder>();
    let stop = event.kind != "login_failed";
    if stop {
        recorder.count_stop();
    }
    let (write, ended) = recorder.sample(&event, stop);
    for summary in ended {
        enqueue(state, &recorder, summary);
    }
    if !write {
        return;
    }
    tracing::info!(
        ip = event.ip.as_deref().unwrap_or("-"),
        user = event.user_id,
        action = event.action,
        kind = event.kind,
        rule = event.rule.as_deref().unwrap_or("-"),
        "shield"
    );
    enqueue(state, &recorder, event);
}

fn enqueue(state: &AppState, recorder: &Recorder, event: Event) {
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

/// Removes stops older than the retention period; returns how many.
pub async fn sweep(state: &AppState) -> AppResult<u64> {
    let cutoff = crate::platform::retention::Retention::cutoff(state.config.retention.record_days);
    Ok(entity::Entity::delete_many()
        .filter(entity::Column::CreatedAt.lt(cutoff))
        .exec(&state.db)
        .await?
        .rows_affected)
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
