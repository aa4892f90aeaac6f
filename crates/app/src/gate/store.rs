//! The gate's rules, configuration and models in the database. Every change bumps a
//! generation number; each instance reloads its gate when it sees a new one, so a rule an
//! admin adds holds on every instance within seconds, without a restart.

use antispam::{MatchKind, Model, Rule, RuleAction};
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::Set, QueryOrder};

use crate::platform::error::{AppError, AppResult};
use crate::platform::util::now;
use crate::platform::{audit, db};

/// One stored rule.
pub mod rule {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "gate_rules")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub pattern: String,
        pub match_kind: String,
        pub category: Option<String>,
        pub action: String,
        pub score: f64,
        pub created_by: Option<i64>,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// One stored classifier version.
pub mod model {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "gate_models")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub version: i32,
        pub bytes: Vec<u8>,
        /// Where it came from: `default`, `train:<file>`, `feedback`…
        pub source: String,
        pub active: bool,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

const GENERATION: &str = "gate_generation";
const CONFIG: &str = "gate_config";

fn kind_name(k: MatchKind) -> &'static str {
    match k {
        MatchKind::Word => "word",
        MatchKind::Phrase => "phrase",
        MatchKind::Literal => "literal",
        MatchKind::Regex => "regex",
    }
}

fn action_name(a: RuleAction) -> &'static str {
    match a {
        RuleAction::Block => "block",
        RuleAction::Hold => "hold",
        RuleAction::Score => "score",
    }
}

/// A stored row as the crate's rule (the names are the import format's).
pub fn to_rule(r: &rule::Model) -> AppResult<Rule> {
    let json = serde_json::json!({
        "pattern": r.pattern, "match": r.match_kind, "category": r.category, "action": r.action, "score": r.score,
    });
    serde_json::from_value(json)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("stored rule {}: {e}", r.id)))
}

/// The site's generation counter (0 before any change).
pub async fn generation(conn: &impl ConnectionTrait) -> AppResult<i64> {
    Ok(db::get_setting(conn, GENERATION)
        .await?
        .and_then(|g| g.parse().ok())
        .unwrap_or(0))
}

/// Marks a change so every instance reloads its gate.
pub async fn bump(conn: &impl ConnectionTrait) -> AppResult<()> {
    let next = generation(conn).await? + 1;
    db::init_setting(conn, GENERATION, "0").await?;
    db::set_setting(conn, GENERATION, &next.to_string()).await?;
    Ok(())
}

/// All rules, oldest first.
pub async fn rules(conn: &impl ConnectionTrait) -> AppResult<Vec<rule::Model>> {
    Ok(rule::Entity::find()
        .order_by_asc(rule::Column::Id)
        .all(conn)
        .await?)
}

/// Adds rules (after checking they compile together with the existing ones).
pub async fn add_rules(
    conn: &impl ConnectionTrait,
    new: &[Rule],
    by: Option<i64>,
) -> AppResult<Vec<rule::Model>> {
    let mut all: Vec<Rule> = rules(conn)
        .await?
        .iter()
        .map(to_rule)
        .collect::<AppResult<_>>()?;
    all.extend_from_slice(new);
    antispam::Gate::new(antispam::Config::default(), all, None).map_err(|e| {
        tracing::info!(error = %e, "rule refused");
        AppError::field("pattern", "field-rule-invalid")
    })?;
    let mut out = Vec::with_capacity(new.len());
    for r in new {
        let saved = rule::ActiveModel {
            pattern: Set(r.pattern.clone()),
            match_kind: Set(kind_name(r.match_kind).into()),
            category: Set(r.category.clone()),
            action: Set(action_name(r.action).into()),
            score: Set(r.score),
            created_by: Set(by),
            created_at: Set(now()),
            ..Default::default()
        }
        .insert(conn)
        .await?;
        audit::record(
            conn,
            by,
            "gate.rule.add",
            &format!("gate_rule:{}", saved.id),
            None::<&()>,
            Some(r),
        )
        .await?;
        out.push(saved);
    }
    bump(conn).await?;
    Ok(out)
}

/// Removes one rule; returns it.
pub async fn delete_rule(
    conn: &impl ConnectionTrait,
    id: i64,
    by: Option<i64>,
) -> AppResult<rule::Model> {
    let found = rule::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    rule::Entity::delete_by_id(id).exec(conn).await?;
    audit::record(
        conn,
        by,
        "gate.rule.delete",
        &format!("gate_rule:{id}"),
        Some(&to_rule(&found)?),
        None::<&()>,
    )
    .await?;
    bump(conn).await?;
    Ok(found)
}

/// The gate's configuration (thresholds, weights, lists), or the defaults.
pub async fn config(conn: &impl ConnectionTrait) -> AppResult<antispam::Config> {
    match db::get_setting(conn, CONFIG).await? {
        Some(json) => serde_json::from_str(&json)
            .map_err(|e| AppError::Internal(anyhow::anyhow!("gate config: {e}"))),
        None => Ok(antispam::Config::default()),
    }
}

/// Replaces the configuration after validating it.
pub async fn set_config(
    conn: &impl ConnectionTrait,
    cfg: &antispam::Config,
    by: Option<i64>,
) -> AppResult<()> {
    cfg.validate().map_err(|e| {
        tracing::info!(error = %e, "gate configuration refused");
        AppError::field("config", "field-invalid")
    })?;
    let before = config(conn).await?;
    let json = serde_json::to_string(cfg).map_err(|e| AppError::Internal(e.into()))?;
    db::init_setting(conn, CONFIG, &json).await?;
    db::set_setting(conn, CONFIG, &json).await?;
    audit::record(
        conn,
        by,
        "gate.config.set",
        "gate_config",
        Some(&before),
        Some(cfg),
    )
    .await?;
    bump(conn).await
}

/// Where the generic SMS and e-mail model of earlier versions came from: a site that still
/// has it active judges with the shipped in-domain model alone, and learns afresh.
const LEGACY_DEFAULT: &str = "default";

/// The site's own active model (trained here with `spam train` or learned from
/// moderators), if there is one; the shipped model is not stored.
pub async fn site_model(conn: &impl ConnectionTrait) -> AppResult<Option<(i32, Model)>> {
    let Some(row) = model::Entity::find()
        .filter(model::Column::Active.eq(true))
        .filter(model::Column::Source.ne(LEGACY_DEFAULT))
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let mut m = Model::from_bytes(&row.bytes)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("model {}: {e}", row.version)))?;
    m.version = row.version as u32;
    Ok(Some((row.version, m)))
}

/// Stores a model as the next version and makes it the active one.
pub async fn save_model(
    conn: &impl ConnectionTrait,
    m: &Model,
    source: &str,
    by: Option<i64>,
) -> AppResult<i32> {
    let latest = model::Entity::find()
        .order_by_desc(model::Column::Version)
        .one(conn)
        .await?;
    let version = latest.map_or(1, |l| l.version + 1);
    deactivate_models(conn).await?;
    model::ActiveModel {
        version: Set(version),
        bytes: Set(m.to_bytes()),
        source: Set(source.to_string()),
        active: Set(true),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    let (spam, ham) = m.documents();
    let after = serde_json::json!({"version": version, "source": source, "spam_documents": spam, "ham_documents": ham});
    audit::record(
        conn,
        by,
        "gate.model.save",
        &format!("gate_model:{version}"),
        None::<&()>,
        Some(&after),
    )
    .await?;
    bump(conn).await?;
    Ok(version)
}

/// Leaves no model active (the caller activates one in the same transaction).
async fn deactivate_models(conn: &impl ConnectionTrait) -> AppResult<()> {
    model::Entity::update_many()
        .col_expr(
            model::Column::Active,
            sea_orm::sea_query::Expr::value(false),
        )
        .exec(conn)
        .await?;
    Ok(())
}

/// Makes an earlier version the active one again (a bad model is rolled back).
pub async fn activate_model(
    conn: &impl ConnectionTrait,
    version: i32,
    by: Option<i64>,
) -> AppResult<()> {
    let exists = model::Entity::find()
        .filter(model::Column::Version.eq(version))
        .one(conn)
        .await?;
    if exists.is_none() {
        return Err(AppError::NotFound);
    }
    deactivate_models(conn).await?;
    model::Entity::update_many()
        .col_expr(model::Column::Active, sea_orm::sea_query::Expr::value(true))
        .filter(model::Column::Version.eq(version))
        .exec(conn)
        .await?;
    audit::record(
        conn,
        by,
        "gate.model.activate",
        &format!("gate_model:{version}"),
        None::<&()>,
        None::<&()>,
    )
    .await?;
    bump(conn).await
}

/// Every stored version: (version, source, active, created_at).
pub async fn models(conn: &impl ConnectionTrait) -> AppResult<Vec<(i32, String, bool, i64)>> {
    Ok(model::Entity::find()
        .order_by_asc(model::Column::Version)
        .all(conn)
        .await?
        .into_iter()
        .map(|m| (m.version, m.source, m.active, m.created_at))
        .collect())
}

/// A fresh site starts with the starter rules, stored so admins can change them, and
/// with no model of its own: the shipped one is a weak prior until moderators have taught
/// the site's own enough. Runs once: later starts find the rules there.
pub async fn seed(conn: &impl ConnectionTrait) -> AppResult<()> {
    if rule::Entity::find().count(conn).await? == 0
        && db::get_setting(conn, "gate_seeded").await?.is_none()
    {
        add_rules(conn, &antispam::starter_rules(), None).await?;
    }
    db::init_setting(conn, "gate_seeded", "1").await?;
    Ok(())
}
