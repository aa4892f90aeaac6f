//! The fingerprints of every ad, kept by the gate: ads tell it (in the same transaction
//! as the change) what an ad now reads and whether it is live, rejected or gone, and every
//! instance builds its near-duplicate index from here, so copies are found whichever
//! instance took the original.

use antispam::{AdStatus, IndexedAd};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::OnConflict;
use sea_orm::{QueryOrder, Set};

use crate::platform::error::AppResult;
use crate::platform::util::now;

/// One ad's fingerprint.
pub mod row {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "gate_fingerprints")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub ad_id: i64,
        pub owner_id: i64,
        /// `live`, `rejected`, `inactive`, or `gone` (forgotten).
        pub status: String,
        pub fingerprint: i64,
        pub updated_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// What a copy of an ad means, by the ad's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// On the site or waiting for review: another account's copy is suspect, and the
    /// owner's own is a repost.
    Live,
    /// Refused by a moderator: any copy is suspect.
    Rejected,
    /// Expired or withdrawn: another account's copy is suspect, the owner's is not.
    Inactive,
    /// Forgotten: no longer compared.
    Gone,
}

impl Standing {
    fn as_str(self) -> &'static str {
        match self {
            Standing::Live => "live",
            Standing::Rejected => "rejected",
            Standing::Inactive => "inactive",
            Standing::Gone => "gone",
        }
    }

    fn parse(s: &str) -> Standing {
        match s {
            "live" => Standing::Live,
            "rejected" => Standing::Rejected,
            "inactive" => Standing::Inactive,
            _ => Standing::Gone,
        }
    }

    /// How the near-duplicate index knows it (`None`: not at all).
    pub fn indexed(self) -> Option<AdStatus> {
        match self {
            Standing::Live => Some(AdStatus::Live),
            Standing::Rejected => Some(AdStatus::Rejected),
            Standing::Inactive => Some(AdStatus::Inactive),
            Standing::Gone => None,
        }
    }
}

/// The fingerprint of an ad as the gate compares it: its title and description, never its
/// location (the same ad in another town is still the same ad).
pub fn of(title: &str, description: &str) -> i64 {
    antispam::fingerprint(title, description) as i64
}

/// Stores what an ad now is, inside the caller's transaction.
pub async fn store(
    conn: &impl ConnectionTrait,
    ad_id: i64,
    owner_id: i64,
    standing: Standing,
    fingerprint: i64,
) -> AppResult<()> {
    row::Entity::insert(row::ActiveModel {
        ad_id: Set(ad_id),
        owner_id: Set(owner_id),
        status: Set(standing.as_str().to_string()),
        fingerprint: Set(fingerprint),
        updated_at: Set(now()),
    })
    .on_conflict(
        OnConflict::column(row::Column::AdId)
            .update_columns([
                row::Column::OwnerId,
                row::Column::Status,
                row::Column::Fingerprint,
                row::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec(conn)
    .await?;
    Ok(())
}

/// Changes only the standing of some ads (an expiry), keeping their texts' fingerprints;
/// nothing happens for ads the gate never saw.
pub async fn restand_many(
    conn: &impl ConnectionTrait,
    ad_ids: &[i64],
    standing: Standing,
) -> AppResult<()> {
    use sea_orm::sea_query::Expr;
    row::Entity::update_many()
        .col_expr(row::Column::Status, Expr::value(standing.as_str()))
        .col_expr(row::Column::UpdatedAt, Expr::value(now()))
        .filter(row::Column::AdId.is_in(ad_ids.iter().copied()))
        .exec(conn)
        .await?;
    Ok(())
}

/// Rows changed at or after `since` (seconds), oldest first.
pub async fn since(conn: &impl ConnectionTrait, since: i64) -> AppResult<Vec<row::Model>> {
    Ok(row::Entity::find()
        .filter(row::Column::UpdatedAt.gte(since))
        .order_by_asc(row::Column::UpdatedAt)
        .all(conn)
        .await?)
}

/// The index entry for a row, or `None` when it is to be forgotten.
pub fn entry(row: &row::Model) -> Option<IndexedAd> {
    Some(IndexedAd {
        ad_id: row.ad_id,
        owner_id: row.owner_id,
        status: Standing::parse(&row.status).indexed()?,
        fingerprint: row.fingerprint as u64,
    })
}
