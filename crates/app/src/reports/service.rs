//! Reports from the user's side: one per person per ad and reason, anonymous ones
//! followed with a tracking code, each weighed by its reason and the reporter's track
//! record, the gate's verdict and a snapshot of the ad attached. Enough weight hides the
//! ad at once; fraud and illegal items go to the top of the queue and alert moderators.
//! When a moderator decides, [`resolve`] tells every reporter and moves their points.

use sea_orm::entity::prelude::*;
use sea_orm::{DatabaseTransaction, QueryOrder, QuerySelect, Set};
use serde::Serialize;
use utoipa::ToSchema;

use super::entity::{points, report};
use crate::accounts::people;
use crate::ads::Ad;
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::i18n::Arg;
use crate::platform::state::AppState;
use crate::platform::util::{now, random_token, sha256_hex};
use crate::platform::web::Ctx;
use crate::review::settings::{ModerationConfig, REASONS};

/// The longest comment a report may carry.
pub const MAX_COMMENT: usize = 1000;
/// Decided reports a reporter's accuracy is computed over.
pub const ACCURACY_WINDOW: u64 = 100;

/// What a person reports.
#[derive(Clone, Debug)]
pub struct NewReport {
    pub ad_id: i64,
    pub reason: String,
    pub comment: Option<String>,
}

/// What reporting did.
#[derive(Clone, Debug)]
pub struct Submitted {
    pub report: report::Model,
    /// Only for anonymous reports, only now: the code to follow the report with.
    pub tracking_code: Option<String>,
    /// A second report for the same ad and reason updated the first.
    pub updated: bool,
    /// When a moderator should have looked at it.
    pub review_by: i64,
}

fn anon_key(state: &AppState, ctx: &Ctx) -> Option<String> {
    let ip: std::net::IpAddr = ctx.ip.as_deref()?.parse().ok()?;
    Some(sha256_hex(&format!(
        "report:{}:{}",
        state.secret.0,
        crate::platform::net::rate_key(ip)
    )))
}

/// A salted hash of the reporter's network (IPv4 /24, IPv6 /48): several accounts on one
/// network are one voice when it comes to hiding an ad.
fn network_key(state: &AppState, ctx: &Ctx) -> Option<String> {
    let ip: std::net::IpAddr = ctx.ip.as_deref()?.parse().ok()?;
    let net = crate::platform::net::Cidr::network(ip, if ip.is_ipv4() { 24 } else { 48 });
    Some(sha256_hex(&format!("network:{}:{net}", state.secret.0)))
}

/// A reporter's track record over their last [`ACCURACY_WINDOW`] decided reports.
#[derive(Clone, Debug, Default, Serialize, ToSchema)]
pub struct Record {
    pub decided: u64,
    pub upheld: u64,
    /// Upheld share, when at least one report was decided.
    pub accuracy: Option<f64>,
    pub points: i64,
    pub badges: Vec<String>,
    pub open: u64,
}

/// The track record of a reporter.
pub async fn record_of(conn: &impl ConnectionTrait, user_id: i64) -> AppResult<Record> {
    let recent: Vec<String> = report::Entity::find()
        .select_only()
        .column(report::Column::Status)
        .filter(report::Column::ReporterId.eq(user_id))
        .filter(report::Column::Status.ne("open"))
        .order_by_desc(report::Column::DecidedAt)
        .limit(ACCURACY_WINDOW)
        .into_tuple()
        .all(conn)
        .await?;
    let decided = recent.len() as u64;
    let upheld = recent.iter().filter(|s| *s == "upheld").count() as u64;
    let all_upheld = report::Entity::find()
        .filter(report::Column::ReporterId.eq(user_id))
        .filter(report::Column::Status.eq("upheld"))
        .count(conn)
        .await?;
    let open = report::Entity::find()
        .filter(report::Column::ReporterId.eq(user_id))
        .filter(report::Column::Status.eq("open"))
        .count(conn)
        .await?;
    let pts: Option<i64> = points::Entity::find()
        .select_only()
        .column_as(points::Column::Points.sum(), "s")
        .filter(points::Column::UserId.eq(user_id))
        .into_tuple::<Option<i64>>()
        .one(conn)
        .await?
        .flatten();
    Ok(Record {
        decided,
        upheld,
        accuracy: (decided > 0).then(|| upheld as f64 / decided as f64),
        points: pts.unwrap_or(0),
        badges: badges(all_upheld),
        open,
    })
}

/// Badges at milestones of upheld reports.
pub fn badges(upheld: u64) -> Vec<String> {
    [
        (1, "first_catch"),
        (10, "sharp_eye"),
        (50, "guardian"),
        (100, "sentinel"),
    ]
    .iter()
    .filter(|(n, _)| upheld >= *n)
    .map(|(_, b)| (*b).to_owned())
    .collect()
}

/// How much a reporter's word counts: anonymous least; otherwise 0.5 to 1.5 with their
/// accuracy (1.0 until three of their reports were decided).
pub async fn reporter_factor(
    conn: &impl ConnectionTrait,
    cfg: &ModerationConfig,
    reporter: Option<i64>,
) -> AppResult<f64> {
    let Some(id) = reporter else {
        return Ok(cfg.anonymous_factor);
    };
    let r = record_of(conn, id).await?;
    Ok(match r.accuracy {
        Some(a) if r.decided >= 3 => 0.5 + a,
        _ => 1.0,
    })
}

fn snapshot(a: &Ad) -> String {
    serde_json::json!({
        "title": a.title, "description": a.description, "price_cents": a.price_cents,
        "currency": a.currency, "location": a.location, "contact_phone": a.contact_phone,
        "category_id": a.category_id, "status": a.status, "updated_at": a.updated_at,
    })
    .to_string()
}

/// Who is reporting, as the reports store knows them.
struct Reporter {
    user: Option<i64>,
    /// `u:<id>` or `a:<address hash>`: one open report per key and ad.
    key: String,
    anon: Option<String>,
    network: Option<String>,
    /// A verified account's report may count towards hiding; nobody else's does.
    counts_for_hide: bool,
}

fn reporter(state: &AppState, ctx: &Ctx) -> AppResult<Reporter> {
    let user = ctx.user.as_ref().map(|u| u.id);
    let anon = match user {
        Some(_) => None,
        None => Some(anon_key(state, ctx).ok_or(AppError::BadRequest("no_address"))?),
    };
    let key = match (user, &anon) {
        (Some(id), _) => format!("u:{id}"),
        (None, Some(k)) => format!("a:{k}"),
        (None, None) => return Err(AppError::BadRequest("no_address")),
    };
    Ok(Reporter {
        user,
        key,
        anon,
        network: network_key(state, ctx),
        counts_for_hide: ctx.user.as_ref().is_some_and(|u| u.verified),
    })
}

/// The reason and comment of a report, checked.
fn checked(new: &NewReport) -> AppResult<Option<String>> {
    let mut f = FieldErrors::new();
    if !REASONS.contains(&new.reason.as_str()) {
        f.insert("reason".into(), "field-report-reason".into());
    }
    let comment = new
        .comment
        .as_deref()
        .map(crate::platform::util::clean_text)
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty());
    if comment
        .as_deref()
        .is_some_and(|c| c.chars().count() > MAX_COMMENT)
    {
        f.insert("comment".into(), "field-too-long".into());
    }
    if f.is_empty() {
        Ok(comment)
    } else {
        Err(AppError::Validation(f))
    }
}

/// The reporter's open report on an ad, whatever its reason.
async fn open_report_of(
    conn: &impl ConnectionTrait,
    ad_id: i64,
    key: &str,
) -> AppResult<Option<report::Model>> {
    Ok(report::Entity::find()
        .filter(report::Column::AdId.eq(ad_id))
        .filter(report::Column::ReporterKey.eq(key))
        .filter(report::Column::Status.eq("open"))
        .one(conn)
        .await?)
}

/// Files a report. One reporter counts once per ad: a second report (any reason, or the
/// same sent twice at once) updates the first, keeping the stronger reason.
pub async fn submit(state: &AppState, ctx: &Ctx, new: NewReport) -> AppResult<Submitted> {
    let comment = checked(&new)?;
    let cfg = crate::review::settings::current(state).await?;
    let target = crate::ads::service::find_any(&state.db, new.ad_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !crate::ads::service::is_public(&target, now()) && target.status != "hidden" {
        return Err(AppError::NotFound);
    }
    let who = reporter(state, ctx)?;
    if who.user == Some(target.owner_id) {
        return Err(AppError::Forbidden("own_ad"));
    }
    let review_by = now() + cfg.target_secs(ModerationConfig::severity(&new.reason));
    if let Some(open) = open_report_of(&state.db, target.id, &who.key).await? {
        return strengthen(state, &cfg, open, &new.reason, comment, review_by).await;
    }
    refuse_repeat(&state.db, &cfg, &target, &who.key).await?;
    match file(state, &cfg, &target, &who, &new.reason, comment.clone()).await {
        Ok((saved, code)) => Ok(Submitted {
            report: saved,
            tracking_code: code,
            updated: false,
            review_by,
        }),
        // The same reporter's identical request won a race: this one is that report.
        Err(AppError::Conflict("conflict", _)) => {
            let open = open_report_of(&state.db, target.id, &who.key)
                .await?
                .ok_or(AppError::Conflict("conflict", FieldErrors::new()))?;
            strengthen(state, &cfg, open, &new.reason, comment, review_by).await
        }
        Err(e) => Err(e),
    }
}

/// A report of something decided a short while ago, on an ad unchanged since, is
/// refused: people cannot reopen a decision by reporting again.
async fn refuse_repeat(
    conn: &impl ConnectionTrait,
    cfg: &ModerationConfig,
    target: &Ad,
    key: &str,
) -> AppResult<()> {
    let last = report::Entity::find()
        .filter(report::Column::AdId.eq(target.id))
        .filter(report::Column::ReporterKey.eq(key))
        .filter(report::Column::Status.is_in(["upheld", "rejected"]))
        .order_by_desc(report::Column::Id)
        .one(conn)
        .await?;
    if let Some(p) = last {
        let decided = p.decided_at.unwrap_or(p.updated_at);
        if decided > now() - cfg.rereport_hours * 3600 && target.updated_at <= decided {
            return Err(AppError::Conflict("already_decided", FieldErrors::new()));
        }
    }
    Ok(())
}

/// The reporter's open report gains a stronger reason (never a weaker one) and the new
/// comment; its weight and the queue item follow.
async fn strengthen(
    state: &AppState,
    cfg: &ModerationConfig,
    open: report::Model,
    reason: &str,
    comment: Option<String>,
    review_by: i64,
) -> AppResult<Submitted> {
    let stronger = ModerationConfig::severity(reason) > ModerationConfig::severity(&open.reason)
        || (ModerationConfig::severity(reason) == ModerationConfig::severity(&open.reason)
            && cfg.weight(reason) > cfg.weight(&open.reason));
    let txn = crate::platform::db::write_txn(&state.db).await?;
    let mut am: report::ActiveModel = open.clone().into();
    if stronger {
        let factor = open.weight / cfg.weight(&open.reason).max(f64::EPSILON);
        am.reason = Set(reason.to_string());
        am.weight = Set(cfg.weight(reason) * factor);
    }
    am.comment = Set(comment.or(open.comment.clone()));
    am.updated_at = Set(now());
    let saved = am.update(&txn).await?;
    let target = crate::ads::service::find_any(&txn, saved.ad_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let hidden = weigh(&txn, state, cfg, &target).await?;
    txn.commit().await?;
    after(state, hidden).await?;
    Ok(Submitted {
        report: saved,
        tracking_code: None,
        updated: true,
        review_by,
    })
}

/// Stores a new report and weighs the ad's reports; returns the report and, for an
/// anonymous one, its tracking code. A concurrent duplicate fails on the unique index
/// (`Conflict("conflict")`), and nothing of it is kept.
async fn file(
    state: &AppState,
    cfg: &ModerationConfig,
    target: &Ad,
    who: &Reporter,
    reason: &str,
    comment: Option<String>,
) -> AppResult<(report::Model, Option<String>)> {
    let weight = cfg.weight(reason) * reporter_factor(&state.db, cfg, who.user).await?;
    let verdict = crate::ads::judge::judge_existing(state, target).await?;
    let code = who.anon.as_ref().map(|_| random_token()[..12].to_string());
    let t = now();
    let txn = crate::platform::db::write_txn(&state.db).await?;
    let saved = report::ActiveModel {
        ad_id: Set(target.id),
        reporter_id: Set(who.user),
        anon_key: Set(who.anon.clone()),
        code_hash: Set(code.as_deref().map(sha256_hex)),
        reason: Set(reason.to_string()),
        comment: Set(comment),
        status: Set("open".into()),
        weight: Set(weight),
        snapshot: Set(snapshot(target)),
        verdict: Set(serde_json::to_string(&verdict).ok()),
        created_at: Set(t),
        updated_at: Set(t),
        reporter_key: Set(Some(who.key.clone())),
        network_key: Set(who.network.clone()),
        counts_for_hide: Set(who.counts_for_hide),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let hidden = weigh(&txn, state, cfg, target).await?;
    if ModerationConfig::severity(reason) == 3 {
        alert_moderators(&txn, target, reason).await?;
    }
    if let Some(me) = who.user {
        received(&txn, me, &target.title).await?;
    }
    txn.commit().await?;
    after(state, hidden).await?;
    Ok((saved, code))
}

/// Tells a reporter their report arrived.
async fn received(txn: &DatabaseTransaction, me: i64, title: &str) -> AppResult<()> {
    if let Some(u) = people::get(txn, me).await? {
        let i = crate::platform::i18n::I18n::new(u.language.as_deref().unwrap_or("en"));
        let text = i.t1("notice-report-received", "title", title);
        crate::platform::notify::notify(
            txn,
            me,
            "report_received",
            &text,
            Some("/account/reports"),
        )
        .await?;
    }
    Ok(())
}

/// Whether an ad's open reports may hide it before a moderator looks: verified reporters
/// on different networks (one voice per network) whose weight reaches the threshold, or
/// one reporter with a proven track record reporting fraud or an illegal item.
pub async fn may_hide(
    conn: &impl ConnectionTrait,
    cfg: &ModerationConfig,
    open: &[report::Model],
) -> AppResult<bool> {
    let eligible: Vec<&report::Model> = open.iter().filter(|r| r.counts_for_hide).collect();
    let mut per_network: std::collections::HashMap<&str, (i64, f64)> = Default::default();
    for r in &eligible {
        let (Some(net), Some(user)) = (r.network_key.as_deref(), r.reporter_id) else {
            continue;
        };
        let e = per_network.entry(net).or_insert((user, 0.0));
        if r.weight > e.1 {
            *e = (user, r.weight);
        }
    }
    let accounts: std::collections::HashSet<i64> = per_network.values().map(|(u, _)| *u).collect();
    let weight: f64 = per_network.values().map(|(_, w)| *w).sum();
    if accounts.len() >= cfg.hide_min_reporters as usize
        && per_network.len() >= cfg.hide_min_reporters as usize
        && weight >= cfg.hide_threshold
    {
        return Ok(true);
    }
    for r in eligible {
        if ModerationConfig::severity(&r.reason) == 3
            && let Some(user) = r.reporter_id
        {
            let rec = record_of(conn, user).await?;
            if rec.decided >= cfg.trusted_reporter_decided
                && rec
                    .accuracy
                    .is_some_and(|a| a >= cfg.trusted_reporter_accuracy)
            {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// Puts the ad's open reports in the queue with their total weight and, when they may,
/// hides it; returns the hidden ad. A hide another request already made is no error.
async fn weigh(
    txn: &DatabaseTransaction,
    state: &AppState,
    cfg: &ModerationConfig,
    target: &Ad,
) -> AppResult<Option<Ad>> {
    let open: Vec<report::Model> = report::Entity::find()
        .filter(report::Column::AdId.eq(target.id))
        .filter(report::Column::Status.eq("open"))
        .all(txn)
        .await?;
    let total: f64 = open.iter().map(|r| r.weight).sum();
    let top = open
        .iter()
        .map(|r| r.reason.as_str())
        .max_by_key(|r| ModerationConfig::severity(r))
        .unwrap_or("other")
        .to_string();
    crate::review::queue::upsert(
        txn,
        cfg,
        "reported_ad",
        target.id,
        ModerationConfig::severity(&top),
        total,
        Some(&top),
        Some(target.category_id),
    )
    .await?;
    if target.status != "published" || !may_hide(txn, cfg, &open).await? {
        return Ok(None);
    }
    let hidden = match crate::ads::service::moderate_in(
        txn,
        target.id,
        crate::ads::lifecycle::Event::Hide,
        state.config.ad_lifetime_days,
    )
    .await
    {
        Ok(a) => a,
        Err(AppError::Conflict(..)) => return Ok(None),
        Err(e) => return Err(e),
    };
    people::tell_id(
        txn,
        &state.config.base_url,
        target.owner_id,
        "notice-ad-hidden",
        &[("title", Arg::from(target.title.as_str()))],
        Some("/account/ads"),
    )
    .await?;
    crate::platform::audit::record(
        txn,
        None,
        "reports.ad.hide",
        &format!("ad:{}", target.id),
        Some(&serde_json::json!({"status": target.status})),
        Some(&serde_json::json!({"status": "hidden", "weight": total})),
    )
    .await?;
    Ok(Some(hidden))
}

/// What follows a committed hide in this process.
async fn after(state: &AppState, hidden: Option<Ad>) -> AppResult<()> {
    if let Some(a) = &hidden {
        crate::ads::service::after_moderation(state, a, crate::ads::lifecycle::Event::Hide).await?;
    }
    Ok(())
}

/// Tells every moderator and admin at once about a fraud or illegal-item report.
async fn alert_moderators(txn: &DatabaseTransaction, target: &Ad, reason: &str) -> AppResult<()> {
    use crate::platform::auth::Role;
    let staff = people::active(txn, &[Role::Moderator, Role::Admin], &[]).await?;
    for s in staff {
        let i = crate::platform::i18n::I18n::new(s.language.as_deref().unwrap_or("en"));
        let text = i.t_with(
            "notice-urgent-report",
            &[
                ("title", Arg::from(target.title.as_str())),
                (
                    "reason",
                    Arg::from(
                        i.t(&format!("report-reason-{}", reason.replace('_', "-")))
                            .as_str(),
                    ),
                ),
            ],
        );
        crate::platform::notify::notify(txn, s.id, "urgent_report", &text, Some("/office/queue"))
            .await?;
    }
    Ok(())
}
