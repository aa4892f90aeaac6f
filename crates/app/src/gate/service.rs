//! The gate in the site: one compiled [`antispam::Gate`] and near-duplicate index per
//! process, every verdict recorded, and the counts the gate's context needs.

use std::sync::{Arc, RwLock};

use antispam::{AdStatus, Gate, IndexedAd, NearDupIndex, Submission, Verdict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QuerySelect, Set,
};

use super::entity;
use crate::platform::error::{AppError, AppResult};
use crate::platform::state::AppState;
use crate::platform::util::now;

/// How far back "recent submissions" reach for the velocity signal.
pub const VELOCITY_WINDOW_SECS: i64 = 3600;

/// The process's gate: rules, model and the near-duplicate index.
pub struct GateService {
    gate: RwLock<Arc<Gate>>,
    index: RwLock<NearDupIndex>,
    /// The store's generation this gate was built from.
    generation: std::sync::atomic::AtomicI64,
}

/// Compiles the stored rules, configuration and active model into a gate.
async fn build(db: &impl ConnectionTrait) -> anyhow::Result<Gate> {
    let e = |e: AppError| anyhow::anyhow!("{e}");
    let rules = super::store::rules(db)
        .await
        .map_err(e)?
        .iter()
        .map(super::store::to_rule)
        .collect::<AppResult<Vec<_>>>()
        .map_err(e)?;
    let config = super::store::config(db).await.map_err(e)?;
    let config = super::sitedata::merge(db, config).await.map_err(e)?;
    let model = super::store::active_model(db)
        .await
        .map_err(e)?
        .map(|(_, m)| m);
    Ok(Gate::new(config, rules, model)?)
}

impl GateService {
    /// The site's rules, configuration and active model, with the index filled from
    /// stored ads.
    pub async fn load(db: &impl ConnectionTrait) -> anyhow::Result<Self> {
        let gate = build(db).await?;
        let mut index = NearDupIndex::new();
        let rows: Vec<(i64, i64, String, Option<i64>)> = crate::ads::entity::ad::Entity::find()
            .select_only()
            .column(crate::ads::entity::ad::Column::Id)
            .column(crate::ads::entity::ad::Column::OwnerId)
            .column(crate::ads::entity::ad::Column::Status)
            .column(crate::ads::entity::ad::Column::Fingerprint)
            .filter(crate::ads::entity::ad::Column::Fingerprint.is_not_null())
            .into_tuple()
            .all(db)
            .await?;
        for (ad_id, owner_id, status, fp) in rows {
            if let Some(entry) = entry(ad_id, owner_id, &status, fp) {
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

    /// Judges a submission against the current rules, model and stored ads.
    pub fn check(&self, sub: &Submission) -> Verdict {
        let gate = self.gate.read().unwrap_or_else(|e| e.into_inner()).clone();
        let index = self.index.read().unwrap_or_else(|e| e.into_inner());
        gate.check(sub, &index)
    }

    /// The model version verdicts are recorded with.
    pub fn model_version(&self) -> Option<i32> {
        let gate = self.gate.read().unwrap_or_else(|e| e.into_inner());
        gate.model().map(|m| m.version as i32)
    }

    /// Tells the near-duplicate index about an ad's current text and status.
    pub fn remember_ad(&self, ad_id: i64, owner_id: i64, status: &str, fingerprint: Option<i64>) {
        let mut index = self.index.write().unwrap_or_else(|e| e.into_inner());
        match entry(ad_id, owner_id, status, fingerprint) {
            Some(e) => index.upsert(e),
            None => {
                index.remove(ad_id);
            }
        }
    }
}

/// Deleted ads leave the index; rejected ones stay, because copies of them are suspect.
fn entry(ad_id: i64, owner_id: i64, status: &str, fingerprint: Option<i64>) -> Option<IndexedAd> {
    let status = match status {
        "rejected" => AdStatus::Rejected,
        "deleted" => return None,
        _ => AdStatus::Live,
    };
    Some(IndexedAd {
        ad_id,
        owner_id,
        status,
        fingerprint: fingerprint? as u64,
    })
}

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

/// Keeps this instance's gate in step with the store.
pub fn spawn_refresh(state: AppState) {
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
}

/// The gate of this process.
pub fn gate(state: &AppState) -> AppResult<Arc<GateService>> {
    state
        .slots
        .get::<GateService>()
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("the gate was not installed")))
}

/// A fingerprint as stored (u64 bits in an i64 column).
pub fn fingerprint(title: &str, body: &str) -> i64 {
    antispam::fingerprint(title, body) as i64
}

/// What was judged, for the record.
pub struct Subject<'a> {
    pub kind: &'static str,
    pub id: Option<i64>,
    pub user_id: Option<i64>,
    pub ip: Option<&'a str>,
}

/// Records a verdict, inside the caller's transaction.
pub async fn record(
    db: &impl ConnectionTrait,
    subject: &Subject<'_>,
    verdict: &Verdict,
    model_version: Option<i32>,
) -> AppResult<()> {
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
