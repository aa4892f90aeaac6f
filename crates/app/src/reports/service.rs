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
use crate::accounts::entity::user;
use crate::ads::entity::ad;
use crate::moderation::settings::{ModerationConfig, REASONS};
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::i18n::Arg;
use crate::platform::state::AppState;
use crate::platform::util::{now, random_token, sha256_hex};
use crate::platform::web::Ctx;

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

fn snapshot(a: &ad::Model) -> String {
    serde_json::json!({
        "title": a.title, "description": a.description, "price_cents": a.price_cents,
        "currency": a.currency, "location": a.location, "contact_phone": a.contact_phone,
        "category_id": a.category_id, "status": a.status, "updated_at": a.updated_at,
    })
    .to_string()
}

/// Files a report (or updates the same person's open one for this ad and reason).
pub async fn submit(state: &AppState, ctx: &Ctx, new: NewReport) -> AppResult<Submitted> {
    let mut f = FieldErrors::new();
    if !REASONS.contains(&new.reason.as_str()) {
        f.insert("reason".into(), "field-report-reason".into());
    }
    let comment = new
        .comment
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string);
    if comment
        .as_deref()
        .is_some_and(|c| c.chars().count() > MAX_COMMENT)
    {
        f.insert("comment".into(), "field-too-long".into());
    }
    if !f.is_empty() {
        return Err(AppError::Validation(f));
    }
    let cfg = crate::moderation::settings::current(state).await?;
    let target = ad::Entity::find_by_id(new.ad_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    if !crate::ads::service::is_public(&target, now()) && target.status != "hidden" {
        return Err(AppError::NotFound);
    }
    let reporter = ctx.user.as_ref().map(|u| u.id);
    if reporter == Some(target.owner_id) {
        return Err(AppError::Forbidden("own_ad"));
    }
    let anon = if reporter.is_none() {
        Some(anon_key(state, ctx).ok_or(AppError::BadRequest("no_address"))?)
    } else {
        None
    };
    let mut same = report::Entity::find()
        .filter(report::Column::AdId.eq(target.id))
        .filter(report::Column::Reason.eq(new.reason.as_str()))
        .order_by_desc(report::Column::Id);
    same = match (reporter, &anon) {
        (Some(id), _) => same.filter(report::Column::ReporterId.eq(id)),
        (None, Some(k)) => same.filter(report::Column::AnonKey.eq(k.as_str())),
        (None, None) => unreachable!("an anonymous report always has a key"),
    };
    let previous = same.one(&state.db).await?;
    let t = now();
    let severity = ModerationConfig::severity(&new.reason);
    let review_by = t + cfg.target_secs(severity);
    if let Some(p) = &previous {
        if p.status == "open" {
            let mut am: report::ActiveModel = p.clone().into();
            am.comment = Set(comment.clone().or(p.comment.clone()));
            am.updated_at = Set(t);
            let saved = am.update(&state.db).await?;
            return Ok(Submitted {
                report: saved,
                tracking_code: None,
                updated: true,
                review_by,
            });
        }
        let decided = p.decided_at.unwrap_or(p.updated_at);
        if decided > t - cfg.rereport_hours * 3600 && target.updated_at <= decided {
            return Err(AppError::Conflict("already_decided", FieldErrors::new()));
        }
    }
    let weight = cfg.weight(&new.reason) * reporter_factor(&state.db, &cfg, reporter).await?;
    let verdict = crate::ads::judge::judge_existing(state, &target).await?;
    let code = anon.as_ref().map(|_| random_token()[..12].to_string());
    let txn = crate::platform::db::write_txn(&state.db).await?;
    let saved = report::ActiveModel {
        ad_id: Set(target.id),
        reporter_id: Set(reporter),
        anon_key: Set(anon),
        code_hash: Set(code.as_deref().map(sha256_hex)),
        reason: Set(new.reason.clone()),
        comment: Set(comment),
        status: Set("open".into()),
        weight: Set(weight),
        snapshot: Set(snapshot(&target)),
        verdict: Set(serde_json::to_string(&verdict).ok()),
        created_at: Set(t),
        updated_at: Set(t),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let open: Vec<report::Model> = report::Entity::find()
        .filter(report::Column::AdId.eq(target.id))
        .filter(report::Column::Status.eq("open"))
        .all(&txn)
        .await?;
    let total: f64 = open.iter().map(|r| r.weight).sum();
    let top = open
        .iter()
        .map(|r| r.reason.as_str())
        .max_by_key(|r| ModerationConfig::severity(r))
        .unwrap_or(new.reason.as_str())
        .to_string();
    crate::moderation::queue::upsert(
        &txn,
        &cfg,
        "reported_ad",
        target.id,
        ModerationConfig::severity(&top),
        total,
        Some(&top),
        Some(target.category_id),
    )
    .await?;
    let mut hidden = None;
    if total >= cfg.hide_threshold && target.status == "published" {
        let saved_ad = crate::ads::service::moderate_in(
            &txn,
            target.id,
            crate::ads::lifecycle::Event::Hide,
            state.config.ad_lifetime_days,
        )
        .await?;
        if let Some(owner) = user::Entity::find_by_id(target.owner_id).one(&txn).await? {
            crate::moderation::enforcement::tell(
                &txn,
                &state.config.base_url,
                &owner,
                "notice-ad-hidden",
                &[("title", Arg::from(target.title.as_str()))],
                Some("/account/ads"),
            )
            .await?;
        }
        crate::platform::audit::record(
            &txn,
            None,
            "reports.ad.hide",
            &format!("ad:{}", target.id),
            Some(&serde_json::json!({"status": target.status})),
            Some(&serde_json::json!({"status": "hidden", "weight": total})),
        )
        .await?;
        hidden = Some(saved_ad);
    }
    if severity == 3 && previous.is_none() {
        alert_moderators(&txn, &target, &new.reason).await?;
    }
    if let Some(me) = reporter
        && let Some(u) = user::Entity::find_by_id(me).one(&txn).await?
    {
        let i = crate::platform::i18n::I18n::new(u.language.as_deref().unwrap_or("en"));
        let text = i.t1("notice-report-received", "title", &target.title);
        crate::platform::notify::notify(
            &txn,
            me,
            "report_received",
            &text,
            Some("/account/reports"),
        )
        .await?;
    }
    txn.commit().await?;
    if let Some(a) = &hidden {
        crate::ads::service::after_moderation(state, a, crate::ads::lifecycle::Event::Hide).await?;
    }
    Ok(Submitted {
        report: saved,
        tracking_code: code,
        updated: false,
        review_by,
    })
}

/// Tells every moderator and admin at once about a fraud or illegal-item report.
async fn alert_moderators(
    txn: &DatabaseTransaction,
    target: &ad::Model,
    reason: &str,
) -> AppResult<()> {
    let staff = user::Entity::find()
        .filter(user::Column::Role.is_in(["moderator", "admin"]))
        .filter(user::Column::Status.eq("active"))
        .all(txn)
        .await?;
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

/// Closes every open report on an ad with a moderator's decision: reporters are told
/// (on the site and by mail; anonymous ones see it on their status page), points move,
/// accuracy follows. `upheld` is whether the reports were right.
pub async fn resolve(
    txn: &DatabaseTransaction,
    state: &AppState,
    ad_id: i64,
    upheld: bool,
    outcome: &str,
    note: &str,
    by: i64,
) -> AppResult<Vec<report::Model>> {
    let t = now();
    let open = report::Entity::find()
        .filter(report::Column::AdId.eq(ad_id))
        .filter(report::Column::Status.eq("open"))
        .all(txn)
        .await?;
    let the_ad = ad::Entity::find_by_id(ad_id).one(txn).await?;
    let mut out = Vec::new();
    for r in open {
        let mut am: report::ActiveModel = r.clone().into();
        am.status = Set(if upheld { "upheld" } else { "rejected" }.into());
        am.outcome = Set(Some(outcome.into()));
        am.outcome_note = Set(Some(note.into()));
        am.decided_by = Set(Some(by));
        am.decided_at = Set(Some(t));
        am.updated_at = Set(t);
        let saved = am.update(txn).await?;
        if let Some(reporter) = r.reporter_id {
            super::rewards::score(txn, &saved, the_ad.as_ref()).await?;
            if let Some(u) = user::Entity::find_by_id(reporter).one(txn).await? {
                let title = the_ad.as_ref().map(|a| a.title.clone()).unwrap_or_default();
                let i = crate::platform::i18n::I18n::new(u.language.as_deref().unwrap_or("en"));
                let outcome_text = i.t(&format!("report-outcome-{}", outcome.replace('_', "-")));
                crate::moderation::enforcement::tell(
                    txn,
                    &state.config.base_url,
                    &u,
                    "notice-report-outcome",
                    &[
                        ("title", Arg::from(title.as_str())),
                        ("outcome", Arg::from(outcome_text.as_str())),
                        ("note", Arg::from(note)),
                    ],
                    Some(&format!("/reports/{}", saved.id)),
                )
                .await?;
            }
        }
        out.push(saved);
    }
    Ok(out)
}

/// A report as its reporter (or the holder of its tracking code) sees it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ReportStatus {
    pub id: i64,
    pub ad_id: i64,
    pub reason: String,
    pub comment: Option<String>,
    /// `open`, `upheld` or `rejected`.
    pub status: String,
    /// `ad_removed`, `account_suspended`, `ad_moved` or `no_action`.
    pub outcome: Option<String>,
    pub outcome_note: Option<String>,
    pub created_at: i64,
    pub decided_at: Option<i64>,
    /// When a moderator should have looked at it.
    pub review_by: i64,
    /// Whether a "no action" decision may still be appealed.
    pub can_appeal: bool,
}

/// The report's public face.
pub async fn status_of(state: &AppState, r: &report::Model) -> AppResult<ReportStatus> {
    Ok(statuses(state, std::slice::from_ref(r)).await?.remove(0))
}

/// The public faces of many reports, with one query for which were appealed.
pub async fn statuses(state: &AppState, reports: &[report::Model]) -> AppResult<Vec<ReportStatus>> {
    let cfg = crate::moderation::settings::current(state).await?;
    let subjects: Vec<String> = reports.iter().map(|r| format!("report:{}", r.id)).collect();
    let appealed = crate::moderation::appeals::existing(&state.db, &subjects).await?;
    Ok(reports
        .iter()
        .zip(&subjects)
        .map(|(r, subject)| ReportStatus {
            id: r.id,
            ad_id: r.ad_id,
            reason: r.reason.clone(),
            comment: r.comment.clone(),
            status: r.status.clone(),
            outcome: r.outcome.clone(),
            outcome_note: r.outcome_note.clone(),
            created_at: r.created_at,
            decided_at: r.decided_at,
            review_by: r.created_at + cfg.target_secs(ModerationConfig::severity(&r.reason)),
            can_appeal: r.reporter_id.is_some()
                && r.status == "rejected"
                && !appealed.contains(subject)
                && r.decided_at
                    .is_some_and(|d| d > now() - cfg.appeal_days * 86_400),
        })
        .collect())
}

/// A report the caller may see: their own, or an anonymous one with its code.
pub async fn find_for(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    code: Option<&str>,
) -> AppResult<report::Model> {
    let r = report::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let mine = ctx
        .user
        .as_ref()
        .is_some_and(|u| Some(u.id) == r.reporter_id || u.role.can_moderate());
    let by_code = match (code, &r.code_hash) {
        (Some(c), Some(h)) => sha256_hex(c.trim()) == *h,
        _ => false,
    };
    if mine || by_code {
        Ok(r)
    } else {
        Err(AppError::NotFound)
    }
}

/// The reports a person filed, newest first.
pub async fn mine(conn: &impl ConnectionTrait, user_id: i64) -> AppResult<Vec<report::Model>> {
    Ok(report::Entity::find()
        .filter(report::Column::ReporterId.eq(user_id))
        .order_by_desc(report::Column::Id)
        .limit(200)
        .all(conn)
        .await?)
}

/// All reports on an ad (for the office), newest first.
pub async fn on_ad(conn: &impl ConnectionTrait, ad_id: i64) -> AppResult<Vec<report::Model>> {
    Ok(report::Entity::find()
        .filter(report::Column::AdId.eq(ad_id))
        .order_by_desc(report::Column::Id)
        .limit(500)
        .all(conn)
        .await?)
}
