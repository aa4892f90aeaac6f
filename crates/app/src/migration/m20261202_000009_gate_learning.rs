//! The gate's own stores for what it learns from the site: the fingerprints of every ad
//! (fed by ads, read by every instance to find copies), how often each rule fires and how
//! often a person overruled it, and the rules it suggests from removed ads.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use super::index;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000009_gate_learning"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("gate_fingerprints")
                .col(big_integer("ad_id").primary_key())
                .col(big_integer("owner_id"))
                .col(string("status"))
                .col(big_integer("fingerprint"))
                .col(big_integer("updated_at"))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "gate_fingerprints_updated",
            "gate_fingerprints",
            &["updated_at"],
            false,
        )
        .await?;
        // The fingerprints ads already stored; the ads capability recomputes them with
        // today's normalisation in the background (see `ads::fingerprints`).
        m.get_connection()
            .execute_unprepared(
                "INSERT INTO gate_fingerprints (ad_id, owner_id, status, fingerprint, updated_at) \
                 SELECT id, owner_id, status, fingerprint, updated_at FROM ads WHERE fingerprint IS NOT NULL",
            )
            .await?;
        m.create_table(
            Table::create()
                .table("gate_rule_stats")
                .col(big_integer("rule_id").primary_key())
                .col(big_integer("hits").default(0))
                .col(big_integer("held").default(0))
                .col(big_integer("false_positives").default(0))
                .col(big_integer_null("last_hit_at"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("gate_rule_suggestions")
                .col(big_pk_auto("id"))
                .col(string("pattern"))
                .col(string("match_kind"))
                .col(integer("removed_count"))
                .col(integer("published_count"))
                .col(string("status"))
                .col(big_integer("created_at"))
                .col(big_integer_null("decided_by"))
                .col(big_integer_null("decided_at"))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "gate_rule_suggestions_pattern",
            "gate_rule_suggestions",
            &["pattern"],
            true,
        )
        .await
    }
}
