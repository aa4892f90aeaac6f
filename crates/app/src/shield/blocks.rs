//! IP blocks: single addresses and CIDR ranges, IPv4 and IPv6, each with a severity, a
//! reason, who added it and an optional expiry. Every instance keeps the active blocks in
//! memory, indexed by prefix length so a lookup costs one hash probe per distinct prefix
//! length in use (not per block), and reloads them when the stored generation changes.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, RwLock};

use sea_orm::entity::prelude::*;
use sea_orm::{Condition, QueryOrder, QuerySelect, Set};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::platform::db;
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::net::Cidr;
use crate::platform::state::AppState;
use crate::platform::util::now;

/// A stored block.
pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(
        Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, utoipa::ToSchema,
    )]
    #[sea_orm(table_name = "ip_blocks")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        /// Canonical form: `203.0.113.0/24`, `2001:db8::/48`, or one address.
        pub cidr: String,
        /// `approval`, `no_posting` or `no_access`.
        pub severity: String,
        pub reason: String,
        /// `manual`, `auto`, `import` or `rollup`.
        pub source: String,
        pub created_by: Option<i64>,
        pub created_at: i64,
        /// `None`: permanent.
        pub expires_at: Option<i64>,
        pub lifted_at: Option<i64>,
        pub lifted_by: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// How much a block keeps out, weakest first.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Sign-ups from here wait for a moderator's approval.
    Approval,
    /// No sign-ups, ads, messages or reports from here.
    NoPosting,
    /// Nothing at all from here.
    NoAccess,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Approval => "approval",
            Severity::NoPosting => "no_posting",
            Severity::NoAccess => "no_access",
        }
    }

    /// Also accepts the CLI's spelling (`no-posting`).
    pub fn parse(s: &str) -> Option<Severity> {
        match s.trim().replace('-', "_").as_str() {
            "approval" => Some(Severity::Approval),
            "no_posting" => Some(Severity::NoPosting),
            "no_access" => Some(Severity::NoAccess),
            _ => None,
        }
    }
}

/// An active block as the matcher holds it.
#[derive(Clone, Debug)]
pub struct Active {
    pub id: i64,
    pub cidr: Cidr,
    pub severity: Severity,
    pub expires_at: Option<i64>,
    pub source: String,
}

/// The in-memory matcher: (family, prefix length) → network → block.
#[derive(Default)]
pub struct Matcher {
    by_prefix: HashMap<(bool, u8), HashMap<IpAddr, Vec<Active>>>,
    /// Prefix lengths present, so a lookup tries only those.
    prefixes: Vec<(bool, u8)>,
    len: usize,
}

impl Matcher {
    fn build(blocks: Vec<Active>) -> Matcher {
        let mut m = Matcher::default();
        for b in blocks {
            m.len += 1;
            m.by_prefix
                .entry((b.cidr.addr.is_ipv4(), b.cidr.prefix))
                .or_default()
                .entry(b.cidr.addr)
                .or_default()
                .push(b);
        }
        m.prefixes = m.by_prefix.keys().copied().collect();
        m.prefixes.sort();
        m
    }

    /// The strongest unexpired block covering `ip`.
    pub fn lookup(&self, ip: IpAddr, at: i64) -> Option<&Active> {
        let ip = crate::platform::net::canonical(ip);
        let v4 = ip.is_ipv4();
        self.prefixes
            .iter()
            .filter(|(fam, _)| *fam == v4)
            .filter_map(|&(fam, prefix)| {
                let net = Cidr::network(ip, prefix).addr;
                self.by_prefix.get(&(fam, prefix))?.get(&net)
            })
            .flatten()
            .filter(|b| b.expires_at.is_none_or(|e| e > at))
            .max_by_key(|b| b.severity)
    }

    /// How many blocks are loaded.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether no block is loaded.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Every loaded block.
    pub fn all(&self) -> impl Iterator<Item = &Active> {
        self.by_prefix.values().flat_map(|m| m.values()).flatten()
    }
}

/// The process's blocks and the generation they were loaded at.
#[derive(Default)]
pub struct Blocks {
    matcher: RwLock<Arc<Matcher>>,
    generation: AtomicI64,
    loaded: std::sync::atomic::AtomicBool,
}

const GENERATION: &str = "shield_blocks_generation";

async fn generation(conn: &impl ConnectionTrait) -> AppResult<i64> {
    Ok(db::get_setting(conn, GENERATION)
        .await?
        .and_then(|g| g.parse().ok())
        .unwrap_or(0))
}

async fn bump(conn: &impl ConnectionTrait) -> AppResult<()> {
    let next = generation(conn).await? + 1;
    db::init_setting(conn, GENERATION, "0").await?;
    db::set_setting(conn, GENERATION, &next.to_string()).await?;
    Ok(())
}

fn active_condition(at: i64) -> Condition {
    Condition::all()
        .add(entity::Column::LiftedAt.is_null())
        .add(
            Condition::any()
                .add(entity::Column::ExpiresAt.is_null())
                .add(entity::Column::ExpiresAt.gt(at)),
        )
}

fn to_active(b: &entity::Model) -> Option<Active> {
    Some(Active {
        id: b.id,
        cidr: b.cidr.parse().ok()?,
        severity: Severity::parse(&b.severity)?,
        expires_at: b.expires_at,
        source: b.source.clone(),
    })
}

/// Reloads the matcher when another instance (or the CLI) changed the blocks.
pub async fn refresh(state: &AppState, force: bool) -> AppResult<()> {
    let slot = state.slots.get_or_default::<Blocks>();
    let current = generation(&state.db).await?;
    if !force
        && slot.loaded.load(Ordering::SeqCst)
        && current == slot.generation.load(Ordering::SeqCst)
    {
        return Ok(());
    }
    let rows = entity::Entity::find()
        .filter(active_condition(now()))
        .all(&state.db)
        .await?;
    let matcher = Matcher::build(rows.iter().filter_map(to_active).collect());
    *slot.matcher.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(matcher);
    slot.generation.store(current, Ordering::SeqCst);
    slot.loaded.store(true, Ordering::SeqCst);
    Ok(())
}

/// The process's current matcher.
pub fn matcher(state: &AppState) -> Arc<Matcher> {
    state
        .slots
        .get_or_default::<Blocks>()
        .matcher
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
}

/// The strongest active block on an address (as the request context spells it).
pub fn lookup(state: &AppState, ip: Option<&str>) -> Option<Active> {
    let ip: IpAddr = ip?.parse().ok()?;
    matcher(state).lookup(ip, now()).cloned()
}

/// What a new block says.
#[derive(Clone, Debug, Deserialize, ToSchema)]
pub struct NewBlock {
    /// An address or CIDR range.
    pub cidr: String,
    pub reason: String,
    /// `approval`, `no_posting` (default) or `no_access`.
    #[serde(default)]
    pub severity: Option<String>,
    /// `24h`, `7d`, a number of seconds followed by `s`, `m`, `h` or `d`; empty: permanent.
    #[serde(default)]
    pub expires: Option<String>,
}

/// Parses `24h`, `7d`, `90m`, `3600s` (or `permanent` / empty) into seconds.
pub fn parse_duration(s: &str) -> Result<Option<i64>, &'static str> {
    let s = s.trim();
    if s.is_empty() || s.eq_ignore_ascii_case("permanent") || s == "never" {
        return Ok(None);
    }
    let (num, unit) = s.split_at(s.len() - 1);
    let mult = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return Err("field-duration-invalid"),
    };
    let n: i64 = num.parse().map_err(|_| "field-duration-invalid")?;
    if n <= 0 || n > 3650 {
        return Err("field-duration-invalid");
    }
    Ok(Some(n * mult))
}

/// Checks a new block's fields; each problem is named by field.
pub fn validate(new: &NewBlock) -> AppResult<(Cidr, Severity, Option<i64>, String)> {
    let mut f = FieldErrors::new();
    let cidr = new.cidr.parse::<Cidr>().map_err(|_| ()).ok();
    if cidr.is_none() {
        f.insert("cidr".into(), "field-cidr-invalid".into());
    }
    let severity = match new.severity.as_deref().filter(|s| !s.is_empty()) {
        None => Some(Severity::NoPosting),
        Some(s) => Severity::parse(s),
    };
    if severity.is_none() {
        f.insert("severity".into(), "field-invalid".into());
    }
    let expires = match parse_duration(new.expires.as_deref().unwrap_or("")) {
        Ok(e) => e,
        Err(k) => {
            f.insert("expires".into(), k.into());
            None
        }
    };
    let reason = new.reason.trim().to_string();
    if reason.is_empty() || reason.chars().count() > 500 {
        f.insert("reason".into(), "field-required".into());
    }
    if let Some(c) = cidr
        && c.prefix < if c.addr.is_ipv4() { 8 } else { 16 }
    {
        // A typo like /1 would lock out half the internet.
        f.insert("cidr".into(), "field-cidr-too-wide".into());
    }
    if !f.is_empty() {
        return Err(AppError::Validation(f));
    }
    Ok((
        cidr.expect("checked"),
        severity.expect("checked"),
        expires,
        reason,
    ))
}

/// Adds a block (audited; every instance sees it within seconds, this one at once).
/// An active block on the same range is replaced by the new one.
pub async fn add(
    state: &AppState,
    actor: Option<i64>,
    new: &NewBlock,
    source: &str,
) -> AppResult<entity::Model> {
    let (cidr, severity, expires, reason) = validate(new)?;
    let txn = db::write_txn(&state.db).await?;
    let model = insert(&txn, actor, cidr, severity, expires, &reason, source).await?;
    txn.commit().await?;
    refresh(state, true).await?;
    Ok(model)
}

async fn insert(
    conn: &impl ConnectionTrait,
    actor: Option<i64>,
    cidr: Cidr,
    severity: Severity,
    expires: Option<i64>,
    reason: &str,
    source: &str,
) -> AppResult<entity::Model> {
    let t = now();
    let cidr_text = cidr.to_string();
    let replaced = entity::Entity::find()
        .filter(entity::Column::Cidr.eq(&cidr_text))
        .filter(active_condition(t))
        .all(conn)
        .await?;
    for old in &replaced {
        let mut a: entity::ActiveModel = old.clone().into();
        a.lifted_at = Set(Some(t));
        a.lifted_by = Set(actor);
        a.update(conn).await?;
    }
    let model = entity::ActiveModel {
        cidr: Set(cidr_text.clone()),
        severity: Set(severity.as_str().into()),
        reason: Set(reason.to_string()),
        source: Set(source.to_string()),
        created_by: Set(actor),
        created_at: Set(t),
        expires_at: Set(expires.map(|e| t + e)),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    crate::platform::audit::record(
        conn,
        actor,
        "shield.block.add",
        &format!("ip_block:{cidr_text}"),
        replaced.first(),
        Some(&model),
    )
    .await?;
    bump(conn).await?;
    Ok(model)
}

/// Lifts every active block on exactly this range; `NotFound` when there is none.
pub async fn lift(state: &AppState, actor: Option<i64>, cidr: &str) -> AppResult<u64> {
    let cidr: Cidr = cidr
        .parse()
        .map_err(|_| AppError::field("cidr", "field-cidr-invalid"))?;
    let t = now();
    let txn = db::write_txn(&state.db).await?;
    let rows = entity::Entity::find()
        .filter(entity::Column::Cidr.eq(cidr.to_string()))
        .filter(active_condition(t))
        .all(&txn)
        .await?;
    if rows.is_empty() {
        return Err(AppError::NotFound);
    }
    for row in &rows {
        let mut a: entity::ActiveModel = row.clone().into();
        a.lifted_at = Set(Some(t));
        a.lifted_by = Set(actor);
        let after = a.update(&txn).await?;
        crate::platform::audit::record(
            &txn,
            actor,
            "shield.block.lift",
            &format!("ip_block:{}", row.cidr),
            Some(row),
            Some(&after),
        )
        .await?;
    }
    bump(&txn).await?;
    txn.commit().await?;
    refresh(state, true).await?;
    Ok(rows.len() as u64)
}

/// Search and paging for the block list.
#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct ListQuery {
    /// Part of an address or range, or of the reason.
    #[serde(default)]
    pub q: Option<String>,
    /// Include lifted and expired blocks.
    #[serde(default)]
    pub all: Option<bool>,
    #[serde(default)]
    pub page: Option<u64>,
}

/// Blocks, newest first, 100 a page.
pub async fn list(conn: &impl ConnectionTrait, q: &ListQuery) -> AppResult<Vec<entity::Model>> {
    let mut find = entity::Entity::find()
        .order_by_desc(entity::Column::Id)
        .limit(100)
        .offset(q.page.unwrap_or(0).min(10_000) * 100);
    if !q.all.unwrap_or(false) {
        find = find.filter(active_condition(now()));
    }
    if let Some(text) = q.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        find = find.filter(
            Condition::any()
                .add(entity::Column::Cidr.contains(text))
                .add(entity::Column::Reason.contains(text)),
        );
    }
    Ok(find.all(conn).await?)
}

/// Every stored block whose range covers `ip`, active or not, newest first: one query
/// over the ranges of every prefix length that contain it.
pub async fn history(conn: &impl ConnectionTrait, ip: IpAddr) -> AppResult<Vec<entity::Model>> {
    let ip = crate::platform::net::canonical(ip);
    let max = if ip.is_ipv4() { 32 } else { 128 };
    let ranges: Vec<String> = (0..=max)
        .map(|p| Cidr::network(ip, p).to_string())
        .collect();
    Ok(entity::Entity::find()
        .filter(entity::Column::Cidr.is_in(ranges))
        .order_by_desc(entity::Column::Id)
        .limit(200)
        .all(conn)
        .await?)
}

/// The active blocks as a shareable blocklist file: one range a line, reason as comment.
pub async fn export(conn: &impl ConnectionTrait) -> AppResult<String> {
    let rows = entity::Entity::find()
        .filter(active_condition(now()))
        .order_by_asc(entity::Column::Id)
        .all(conn)
        .await?;
    let mut out = String::from("# SayPro Classifieds blocklist: one address or range a line\n");
    for r in rows {
        let reason = r.reason.replace(['\n', '\r'], " ");
        out.push_str(&format!("{}  # {} ({})\n", r.cidr, reason, r.severity));
    }
    Ok(out)
}

/// What an import did, line by line.
#[derive(Clone, Debug, Default, Serialize, ToSchema)]
pub struct ImportReport {
    pub added: u64,
    /// Lines that were empty or only a comment.
    pub skipped: u64,
    /// `(line number, the line)` that were not an address or range.
    pub invalid: Vec<(usize, String)>,
}

/// Imports a shared blocklist (one address or range a line, `#` comments). Every valid
/// line is added in one transaction; invalid lines are reported, not fatal.
pub async fn import(
    state: &AppState,
    actor: Option<i64>,
    text: &str,
    severity: Severity,
    expires: Option<i64>,
    reason: &str,
) -> AppResult<ImportReport> {
    let mut report = ImportReport::default();
    let mut ranges = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let content = line.split(['#', ';']).next().unwrap_or("").trim();
        if content.is_empty() {
            report.skipped += 1;
            continue;
        }
        let first = content.split_whitespace().next().unwrap_or("");
        match first.parse::<Cidr>() {
            Ok(c) if c.prefix >= if c.addr.is_ipv4() { 8 } else { 16 } => ranges.push(c),
            _ => report
                .invalid
                .push((i + 1, line.chars().take(100).collect())),
        }
    }
    ranges.sort();
    ranges.dedup();
    let txn = db::write_txn(&state.db).await?;
    for c in ranges {
        insert(&txn, actor, c, severity, expires, reason, "import").await?;
        report.added += 1;
    }
    txn.commit().await?;
    refresh(state, true).await?;
    Ok(report)
}

/// A proposed roll-up: several single-address blocks inside one /24 or /64.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Rollup {
    pub range: String,
    pub addresses: Vec<String>,
}

/// Neighbourhoods with at least `min` active single-address blocks (strongest first).
pub fn rollup_suggestions(state: &AppState, min: u32) -> Vec<Rollup> {
    let m = matcher(state);
    let t = now();
    let mut groups: HashMap<Cidr, Vec<String>> = HashMap::new();
    for b in m.all() {
        if b.cidr.is_host() && b.expires_at.is_none_or(|e| e > t) {
            groups
                .entry(Cidr::neighbourhood(b.cidr.addr))
                .or_default()
                .push(b.cidr.to_string());
        }
    }
    let covered = |range: &Cidr| {
        m.all().any(|b| {
            !b.cidr.is_host() && b.cidr.prefix <= range.prefix && b.cidr.contains(range.addr)
        })
    };
    let mut out: Vec<Rollup> = groups
        .into_iter()
        .filter(|(range, a)| a.len() >= min as usize && !covered(range))
        .map(|(range, mut addresses)| {
            addresses.sort();
            addresses.dedup();
            Rollup {
                range: range.to_string(),
                addresses,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.addresses
            .len()
            .cmp(&a.addresses.len())
            .then(a.range.cmp(&b.range))
    });
    out
}

/// Replaces the single blocks inside `range` by one block on the range (an admin
/// confirmed it). The strongest severity and the latest expiry of the singles carry over.
pub async fn rollup(
    state: &AppState,
    actor: Option<i64>,
    range: &str,
    reason: &str,
) -> AppResult<entity::Model> {
    let range: Cidr = range
        .parse()
        .map_err(|_| AppError::field("range", "field-cidr-invalid"))?;
    let t = now();
    let singles: Vec<Active> = matcher(state)
        .all()
        .filter(|b| {
            b.cidr.is_host() && range.contains(b.cidr.addr) && b.expires_at.is_none_or(|e| e > t)
        })
        .cloned()
        .collect();
    if singles.is_empty() {
        return Err(AppError::NotFound);
    }
    let severity = singles.iter().map(|b| b.severity).max().expect("non-empty");
    let expires = if singles.iter().any(|b| b.expires_at.is_none()) {
        None
    } else {
        singles
            .iter()
            .filter_map(|b| b.expires_at)
            .max()
            .map(|e| e - t)
    };
    let txn = db::write_txn(&state.db).await?;
    let model = insert(&txn, actor, range, severity, expires, reason, "rollup").await?;
    for s in &singles {
        let row = entity::Entity::find_by_id(s.id).one(&txn).await?;
        if let Some(row) = row {
            let mut a: entity::ActiveModel = row.into();
            a.lifted_at = Set(Some(t));
            a.lifted_by = Set(actor);
            a.update(&txn).await?;
        }
    }
    txn.commit().await?;
    refresh(state, true).await?;
    Ok(model)
}

/// Blocks an offending address for the next step of the admins' ladder: the first
/// automatic block lasts the first step, a repeat offender's the next, and so on.
pub async fn auto_block(
    state: &AppState,
    ip: IpAddr,
    why: &str,
) -> AppResult<Option<entity::Model>> {
    let config = super::settings::current(state).await?;
    if !config.auto_block.enabled {
        return Ok(None);
    }
    // What one offender controls: an IPv4 address, or an IPv6 /64.
    let host = if crate::platform::net::canonical(ip).is_ipv4() {
        Cidr::host(ip)
    } else {
        Cidr::network(ip, 64)
    };
    if lookup(state, Some(&ip.to_string())).is_some_and(|b| b.severity >= Severity::NoPosting) {
        return Ok(None);
    }
    let earlier = entity::Entity::find()
        .filter(entity::Column::Cidr.eq(host.to_string()))
        .filter(entity::Column::Source.eq("auto"))
        .filter(entity::Column::CreatedAt.gt(now() - 90 * 86_400))
        .count(&state.db)
        .await? as usize;
    let ladder = &config.auto_block.ladder_seconds;
    let secs = ladder[earlier.min(ladder.len() - 1)];
    let txn = db::write_txn(&state.db).await?;
    let model = insert(
        &txn,
        None,
        host,
        Severity::NoPosting,
        Some(secs),
        &format!("automatic: {why} (offence {})", earlier + 1),
        "auto",
    )
    .await?;
    txn.commit().await?;
    refresh(state, true).await?;
    Ok(Some(model))
}
