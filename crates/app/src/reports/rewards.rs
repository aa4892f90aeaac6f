//! Points for good reporters: more for fraud caught early, none for reports that were
//! not upheld, a small penalty for repeated bad faith; badges at milestones; a
//! leaderboard that shows names only of those who asked to be shown.

use sea_orm::entity::prelude::*;
use sea_orm::{DatabaseTransaction, QueryOrder, QuerySelect, Set};
use serde::Serialize;
use utoipa::ToSchema;

use super::entity::{points, report};
use crate::platform::error::AppResult;
use crate::platform::util::now;

/// Points for an upheld report.
pub const UPHELD: i32 = 5;
/// Extra for fraud or an illegal item reported within a day of the ad going live.
pub const EARLY_FRAUD: i32 = 10;
/// Taken when a reporter's third rejected report within 30 days comes in (and each after).
pub const BAD_FAITH: i32 = -3;

async fn add(
    txn: &DatabaseTransaction,
    user_id: i64,
    pts: i32,
    reason: &str,
    report_id: i64,
) -> AppResult<()> {
    points::ActiveModel {
        user_id: Set(user_id),
        points: Set(pts),
        reason: Set(reason.into()),
        report_id: Set(Some(report_id)),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// Moves a reporter's points for a decided report.
pub async fn score(
    txn: &DatabaseTransaction,
    r: &report::Model,
    the_ad: Option<&crate::ads::Ad>,
) -> AppResult<()> {
    let Some(reporter) = r.reporter_id else {
        return Ok(());
    };
    if r.status == "upheld" {
        add(txn, reporter, UPHELD, "upheld", r.id).await?;
        let early = the_ad
            .and_then(|a| a.published_at)
            .is_some_and(|p| r.created_at - p <= 86_400);
        if early && matches!(r.reason.as_str(), "fraud" | "prohibited") {
            add(txn, reporter, EARLY_FRAUD, "early_fraud", r.id).await?;
        }
    } else if r.status == "rejected" {
        let recent = report::Entity::find()
            .filter(report::Column::ReporterId.eq(reporter))
            .filter(report::Column::Status.eq("rejected"))
            .filter(report::Column::DecidedAt.gt(now() - 30 * 86_400))
            .count(txn)
            .await?;
        if recent >= 3 {
            add(txn, reporter, BAD_FAITH, "bad_faith", r.id).await?;
        }
    }
    Ok(())
}

/// One line of the leaderboard.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Leader {
    pub rank: usize,
    /// The display name, or `None` for reporters who did not opt in.
    pub name: Option<String>,
    pub points: i64,
}

/// The top reporters by points, this month (`month`) or of all time.
pub async fn leaderboard(conn: &impl ConnectionTrait, month: bool) -> AppResult<Vec<Leader>> {
    let mut q = points::Entity::find()
        .select_only()
        .column(points::Column::UserId)
        .column_as(points::Column::Points.sum(), "total");
    if month {
        let t = time::OffsetDateTime::from_unix_timestamp(now())
            .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
        let start = t
            .replace_day(1)
            .map(|d| d.replace_time(time::Time::MIDNIGHT))
            .unwrap_or(t)
            .unix_timestamp();
        q = q.filter(points::Column::CreatedAt.gte(start));
    }
    let rows: Vec<(i64, Option<i64>)> = q
        .group_by(points::Column::UserId)
        .order_by_desc(points::Column::Points.sum())
        .limit(50)
        .into_tuple()
        .all(conn)
        .await?;
    let mut out = Vec::new();
    for (user_id, total) in rows {
        let total = total.unwrap_or(0);
        if total <= 0 {
            continue;
        }
        let u = crate::accounts::people::get(conn, user_id).await?;
        out.push(Leader {
            rank: out.len() + 1,
            name: u.filter(|u| u.leaderboard_opt_in).map(|u| u.display_name),
            points: total,
        });
        if out.len() == 20 {
            break;
        }
    }
    Ok(out)
}
