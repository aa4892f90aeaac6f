//! Closing the attacks of the hardening pass: one open report per reporter and ad
//! (enforced by the database, so concurrent duplicates cannot slip in), the network and
//! standing of each reporter (so hiding needs independent people), and one appeal per
//! person and subject.

use sea_orm_migration::prelude::*;

use super::index;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000010_hardening"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            ColumnDef::new("reporter_key").string().null().to_owned(),
            ColumnDef::new("network_key").string().null().to_owned(),
            ColumnDef::new("counts_for_hide")
                .boolean()
                .not_null()
                .default(false)
                .to_owned(),
        ] {
            m.alter_table(Table::alter().table("reports").add_column(col).to_owned())
                .await?;
        }
        let db = m.get_connection();
        db.execute_unprepared(
            "UPDATE reports SET reporter_key = CASE WHEN reporter_id IS NOT NULL \
             THEN 'u:' || CAST(reporter_id AS TEXT) ELSE 'a:' || anon_key END",
        )
        .await?;
        // Earlier duplicates (one person, one ad, several open reports) are merged into the
        // first: kept for the record, no longer counted.
        db.execute_unprepared(
            "UPDATE reports SET status = 'merged' WHERE status = 'open' AND id NOT IN \
             (SELECT MIN(id) FROM reports WHERE status = 'open' GROUP BY ad_id, reporter_key)",
        )
        .await?;
        db.execute_unprepared(
            "CREATE UNIQUE INDEX reports_one_open_per_reporter ON reports (ad_id, reporter_key) \
             WHERE status = 'open'",
        )
        .await?;
        // One appeal per person and subject: later duplicates keep their text under a
        // subject of their own.
        db.execute_unprepared(
            "UPDATE appeals SET subject = subject || ':duplicate:' || CAST(id AS TEXT) \
             WHERE id NOT IN (SELECT MIN(id) FROM appeals GROUP BY subject, by_user)",
        )
        .await?;
        index(
            m,
            "appeals_one_per_person",
            "appeals",
            &["subject", "by_user"],
            true,
        )
        .await
    }
}
