//! What becomes of reports: a moderator's decision closes them and tells every reporter
//! ([`resolve`]), an appeal may turn them around, and each reporter (or holder of a
//! tracking code) sees where theirs stands. The office reads them through [`on_ad`] and
//! [`against_owner`].

use sea_orm::entity::prelude::*;
use sea_orm::{DatabaseTransaction, QueryOrder, QuerySelect, Set};
use serde::Serialize;
use utoipa::ToSchema;

use super::entity::report;
use crate::accounts::people;
use crate::platform::error::{AppError, AppResult};
use crate::platform::i18n::Arg;
use crate::platform::state::AppState;
use crate::platform::util::{now, sha256_hex};
use crate::platform::web::Ctx;
use crate::review::settings::ModerationConfig;

/// A report as stored, read-only for other capabilities.
pub type Report = report::Model;

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
    let the_ad = crate::ads::service::find_any(txn, ad_id).await?;
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
            if let Some(u) = people::get(txn, reporter).await? {
                let title = the_ad.as_ref().map(|a| a.title.clone()).unwrap_or_default();
                let i = crate::platform::i18n::I18n::new(u.language.as_deref().unwrap_or("en"));
                let outcome_text = i.t(&format!("report-outcome-{}", outcome.replace('_', "-")));
                people::tell(
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
    let cfg = crate::review::settings::current(state).await?;
    let subjects: Vec<String> = reports.iter().map(|r| format!("report:{}", r.id)).collect();
    let appealed = crate::review::appeals::existing(&state.db, &subjects).await?;
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

/// Reports against an owner's newest ads, counted up to `cap`: (all, upheld). "1,000 or
/// more" says enough, and stays fast for a seller with a hundred thousand ads.
pub async fn against_owner(
    conn: &impl ConnectionTrait,
    owner_id: i64,
    recent_ads: u64,
    cap: u64,
) -> AppResult<(u64, u64)> {
    let owned = || crate::ads::queries::recent_ids_of_owner(owner_id, recent_ads);
    let against = report::Entity::find()
        .filter(report::Column::AdId.in_subquery(owned()))
        .limit(cap)
        .count(conn)
        .await?;
    let upheld = report::Entity::find()
        .filter(report::Column::AdId.in_subquery(owned()))
        .filter(report::Column::Status.eq("upheld"))
        .limit(cap)
        .count(conn)
        .await?;
    Ok((against, upheld))
}

/// One report (for the office and appeals).
pub async fn get(conn: &impl ConnectionTrait, id: i64) -> AppResult<Option<Report>> {
    Ok(report::Entity::find_by_id(id).one(conn).await?)
}

/// An appeal by the reporter was upheld: their "no action" report was right after all.
/// The report becomes upheld (the ad is removed, points move); returns it.
pub async fn uphold_on_appeal(
    txn: &DatabaseTransaction,
    report_id: i64,
    note: &str,
    by: i64,
) -> AppResult<Report> {
    let r = get(txn, report_id).await?.ok_or(AppError::NotFound)?;
    let mut rm: report::ActiveModel = r.clone().into();
    rm.status = Set("upheld".into());
    rm.outcome = Set(Some("ad_removed".into()));
    rm.outcome_note = Set(Some(note.into()));
    rm.decided_by = Set(Some(by));
    rm.decided_at = Set(Some(now()));
    let saved = rm.update(txn).await?;
    let the_ad = crate::ads::service::find_any(txn, r.ad_id).await?;
    super::rewards::score(txn, &saved, the_ad.as_ref()).await?;
    Ok(saved)
}

/// An appeal by the owner was upheld: the ad is back, so the reports that took it down
/// were not right after all. Each becomes "no action" and its reporter is told.
pub async fn overturn_on_appeal(
    txn: &DatabaseTransaction,
    state: &AppState,
    ad_id: i64,
    title: &str,
    note: &str,
) -> AppResult<()> {
    for r in on_ad(txn, ad_id)
        .await?
        .into_iter()
        .filter(|r| r.status == "upheld")
    {
        let mut rm: report::ActiveModel = r.clone().into();
        rm.status = Set("rejected".into());
        rm.outcome = Set(Some("no_action".into()));
        rm.outcome_note = Set(Some(note.into()));
        rm.update(txn).await?;
        if let Some(reporter) = r.reporter_id {
            people::tell_id(
                txn,
                &state.config.base_url,
                reporter,
                "notice-ad-restored-after-appeal",
                &[("title", Arg::from(title)), ("note", Arg::from(note))],
                Some(&format!("/reports/{}", r.id)),
            )
            .await?;
        }
    }
    Ok(())
}
