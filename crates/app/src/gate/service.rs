//! The gate in the site: one compiled [`antispam::Gate`] and near-duplicate index per
//! process, every verdict recorded, and the counts the gate's context needs.

use std::sync::{Arc, RwLock};

use antispam::{AdStatus, Gate, IndexedAd, NearDupIndex, Submission, Verdict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
};

use super::entity;
use crate::platform::error::{AppError, AppResult};
use crate::platform::state::AppState;
use crate::platform::util::now;

/// How far back "recent submissions" reach for the velocity signal.
pub const VELOCITY_WINDOW_SECS: i64 = 3600;

/// The process's gate: rules, models and the near-duplicate index.
pub struct GateService {
    gate: RwLock<Arc<Built>>,
    index: RwLock<NearDupIndex>,
    /// The store's generation this gate was built from.
    generation: std::sync::atomic::AtomicI64,
    /// The newest `gate_fingerprints.updated_at` this instance has read.
    fingerprints_seen: std::sync::atomic::AtomicI64,
}

/// A compiled gate and the store ids of its rules, in the order the gate numbers them.
struct Built {
    gate: Gate,
    rule_ids: Vec<i64>,
}

/// The classifier shipped with the `antispam` crate, parsed once per process.
static SHIPPED: std::sync::LazyLock<antispam::Model> =
    std::sync::LazyLock::new(antispam::default_model);

/// Compiles the stored rules, configuration and the site's own model (with the shipped
/// one as its weak prior) into a gate.
async fn build(db: &impl ConnectionTrait) -> anyhow::Result<Built> {
    let e = |e: AppError| anyhow::anyhow!("{e}");
    let stored = super::store::rules(db).await.map_err(e)?;
    let rule_ids = stored.iter().map(|r| r.id).collect();
    let rules = stored
        .iter()
        .map(super::store::to_rule)
        .collect::<AppResult<Vec<_>>>()
        .map_err(e)?;
    let config = super::store::config(db).await.map_err(e)?;
    let config = super::sitedata::merge(db, config).await.map_err(e)?;
    let model = super::store::site_model(db)
        .await
        .map_err(e)?
        .map(|(_, m)| m);
    Ok(Built {
        gate: Gate::new(config, rules, model)?.with_base(Some(SHIPPED.clone())),
        rule_ids,
    })
}

impl GateService {
    /// The site's rules, configuration and models, with the index filled from the
    /// fingerprints the gate keeps.
    pub async fn load(db: &impl ConnectionTrait) -> anyhow::Result<Self> {
        let gate = build(db).await?;
        let mut index = NearDupIndex::new();
        let rows = super::fingerprints::since(db, i64::MIN)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let mut newest = 0;
        for row in rows {
            newest = newest.max(row.updated_at);
            if let Some(entry) = super::fingerprints::entry(&row) {
                index.upsert(entry);
            }
        }
        let generation = super::store::generation(db)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        Ok(GateService {
            gate: RwLock::new(Arc::new(gate)),
            index: RwLock::new(index),
            generation: std::sync::atomic::AtomicI64::new(generation),
            fingerprints_seen: std::sync::atomic::AtomicI64::new(newest),
        })
    }

    /// Rebuilds the gate if rules, configuration or model changed since it was built
    /// (by this instance or another); returns whether it did.
    pub async fn refresh(&self, db: &impl ConnectionTrait) -> anyhow::Result<bool> {
        use std::sync::atomic::Ordering;
        let current = super::store::generation(db)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        if current == self.generation.load(Ordering::SeqCst) {
            return Ok(false);
        }
        let gate = build(db).await?;
        *self.gate.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(gate);
        self.generation.store(current, Ordering::SeqCst);
        Ok(true)
    }

    /// Reads the fingerprints other instances (or this one) stored since the last look,
    /// so a copy of an ad posted through another instance is recognised within seconds.
    /// Rows of the last few seconds are read again, because clocks of instances differ
    /// and a transaction may commit after a later one.
    pub async fn catch_up(&self, db: &impl ConnectionTrait) -> AppResult<usize> {
        use std::sync::atomic::Ordering;
        let seen = self.fingerprints_seen.load(Ordering::SeqCst);
        let rows = super::fingerprints::since(db, seen - CATCH_UP_OVERLAP_SECS).await?;
        if rows.is_empty() {
            return Ok(0);
        }
        let mut index = self.index.write().unwrap_or_else(|e| e.into_inner());
        let mut newest = seen;
        for row in &rows {
            newest = newest.max(row.updated_at);
            match super::fingerprints::entry(row) {
                Some(e) => index.upsert(e),
                None => {
                    index.remove(row.ad_id);
                }
            }
        }
        self.fingerprints_seen.store(newest, Ordering::SeqCst);
        Ok(rows.len())
    }

    /// Judges a submission against the current rules, models and stored ads.
    pub fn check(&self, sub: &Submission) -> Verdict {
        let built = self.gate.read().unwrap_or_else(|e| e.into_inner()).clone();
        let index = self.index.read().unwrap_or_else(|e| e.into_inner());
        built.gate.check(sub, &index)
    }

    /// A verdict as it is stored: each keyword signal's `rule` is the rule's store id
    /// (the gate numbers rules by position, which changes when rules do).
    fn with_rule_ids(&self, verdict: &Verdict) -> Verdict {
        let built = self.gate.read().unwrap_or_else(|e| e.into_inner()).clone();
        let mut v = verdict.clone();
        for s in &mut v.signals {
            s.rule = s
                .rule
                .and_then(|i| built.rule_ids.get(i as usize))
                .and_then(|id| u32::try_from(*id).ok());
        }
        v
    }

    /// The site model's version verdicts are recorded with (none while only the shipped
    /// model judges).
    pub fn model_version(&self) -> Option<i32> {
        let built = self.gate.read().unwrap_or_else(|e| e.into_inner());
        built.gate.model().map(|m| m.version as i32)
    }

    /// How much the site's own model counts against the shipped one (0 to 1).
    pub fn site_model_trust(&self) -> f64 {
        let built = self.gate.read().unwrap_or_else(|e| e.into_inner());
        built.gate.site_model_trust()
    }

    /// Tells this instance's near-duplicate index about an ad at once (other instances
    /// read it from the store within seconds).
    pub fn remember_local(
        &self,
        ad_id: i64,
        owner_id: i64,
        status: Option<AdStatus>,
        fingerprint: i64,
    ) {
        let mut index = self.index.write().unwrap_or_else(|e| e.into_inner());
        match status {
            Some(status) => index.upsert(IndexedAd {
                ad_id,
                owner_id,
                status,
                fingerprint: fingerprint as u64,
            }),
            None => {
                index.remove(ad_id);
            }
        }
    }
}

/// Seconds of fingerprints read again on every catch-up.
const CATCH_UP_OVERLAP_SECS: i64 = 5;

/// Stores the starter rules and model on a fresh site, builds the gate for this process
/// and keeps it in the state's slots.
pub async fn install(state: &AppState) -> anyhow::Result<()> {
    super::store::seed(&state.db)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    state
        .slots
        .insert(Arc::new(GateService::load(&state.db).await?));
    Ok(())
}

/// Keeps this instance's gate in step with the store: rules and models every 3 s, other
/// instances' ads every 2 s; old verdicts are swept daily.
pub fn spawn_refresh(state: AppState) {
    let fingerprints = state.clone();
    let sweeper = state.clone();
    crate::platform::workers::every(
        "gate-retention",
        crate::platform::retention::SWEEP_EVERY,
        move || {
            let state = sweeper.clone();
            async move {
                let n = sweep(&state).await.map_err(|e| anyhow::anyhow!("{e}"))?;
                tracing::info!(rows = n, "old verdicts swept");
                Ok(())
            }
        },
    );
    crate::platform::workers::every(
        "gate-refresh",
        std::time::Duration::from_secs(3),
        move || {
            let state = state.clone();
            async move {
                let gate = gate(&state).map_err(|e| anyhow::anyhow!("{e}"))?;
                gate.refresh(&state.db).await?;
                Ok(())
            }
        },
    );
    crate::platform::workers::every(
        "gate-fingerprints",
        std::time::Duration::from_secs(2),
        move || {
            let state = fingerprints.clone();
            async move {
                let gate = gate(&state).map_err(|e| anyhow::anyhow!("{e}"))?;
                gate.catch_up(&state.db)
                    .await
                    .map(|_| ())
                    .map_err(|e| anyhow::anyhow!("{e}"))
            }
        },
    );
}

/// The gate of this process.
pub fn gate(state: &AppState) -> AppResult<Arc<GateService>> {
    state
        .slots
        .get::<GateService>()
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("the gate was not installed")))
}

/// What was judged, for the record.
pub struct Subject<'a> {
    pub kind: &'static str,
    pub id: Option<i64>,
    pub user_id: Option<i64>,
    pub ip: Option<&'a str>,
}

/// Records a verdict, inside the caller's transaction, and counts the hits of the rules
/// it matched.
pub async fn record(
    db: &impl ConnectionTrait,
    gate: &GateService,
    subject: &Subject<'_>,
    verdict: &Verdict,
) -> AppResult<()> {
    let verdict = &gate.with_rule_ids(verdict);
    let model_version = gate.model_version();
    super::stats::hits(db, verdict).await?;
    entity::ActiveModel {
        subject_kind: Set(subject.kind.to_string()),
        subject_id: Set(subject.id),
        user_id: Set(subject.user_id),
        ip: Set(subject.ip.map(str::to_string)),
        action: Set(action_name(verdict).to_string()),
        score: Set(verdict.score),
        signals: Set(serde_json::to_string(&verdict.signals).map_err(|e| anyhow::anyhow!(e))?),
        model_version: Set(model_version),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// `accept`, `hold` or `reject`.
pub fn action_name(v: &Verdict) -> &'static str {
    match v.action {
        antispam::Action::Accept => "accept",
        antispam::Action::Hold => "hold",
        antispam::Action::Reject => "reject",
    }
}

/// Submissions in the velocity window by this account and from this address.
pub async fn recent_counts(
    db: &impl ConnectionTrait,
    user_id: Option<i64>,
    ip: Option<&str>,
) -> AppResult<(u32, u32)> {
    let since = now() - VELOCITY_WINDOW_SECS;
    let by_user = match user_id {
        Some(u) => {
            entity::Entity::find()
                .filter(entity::Column::UserId.eq(u))
                .filter(entity::Column::CreatedAt.gt(since))
                .count(db)
                .await?
        }
        None => 0,
    };
    let by_ip = match ip {
        Some(ip) => {
            entity::Entity::find()
                .filter(entity::Column::Ip.eq(ip))
                .filter(entity::Column::CreatedAt.gt(since))
                .count(db)
                .await?
        }
        None => 0,
    };
    Ok((
        by_user.min(u32::MAX as u64) as u32,
        by_ip.min(u32::MAX as u64) as u32,
    ))
}

/// The latest verdict on a subject, for the people who review it.
pub async fn latest(db: &impl ConnectionTrait, kind: &str, id: i64) -> AppResult<Option<Verdict>> {
    use sea_orm::QueryOrder;
    let Some(row) = entity::Entity::find()
        .filter(entity::Column::SubjectKind.is_in([kind.to_string(), format!("{kind}_edit")]))
        .filter(entity::Column::SubjectId.eq(id))
        .order_by_desc(entity::Column::Id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let signals = serde_json::from_str(&row.signals).unwrap_or_default();
    let action = match row.action.as_str() {
        "hold" => antispam::Action::Hold,
        "reject" => antispam::Action::Reject,
        _ => antispam::Action::Accept,
    };
    Ok(Some(Verdict {
        action,
        score: row.score,
        signals,
    }))
}

/// Removes verdicts older than the retention period (and feedback already learnt);
/// returns how many rows went.
pub async fn sweep(state: &AppState) -> AppResult<u64> {
    let cutoff = crate::platform::retention::Retention::cutoff(state.config.retention.record_days);
    let verdicts = entity::Entity::delete_many()
        .filter(entity::Column::CreatedAt.lt(cutoff))
        .exec(&state.db)
        .await?
        .rows_affected;
    let feedback = super::learn::feedback::Entity::delete_many()
        .filter(super::learn::feedback::Column::Applied.eq(true))
        .filter(super::learn::feedback::Column::CreatedAt.lt(cutoff))
        .exec(&state.db)
        .await?
        .rows_affected;
    Ok(verdicts + feedback)
}
