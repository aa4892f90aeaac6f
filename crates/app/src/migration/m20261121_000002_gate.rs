//! The gate's records: every verdict, and each ad's near-duplicate fingerprint.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261121_000002_gate"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("ads")
                .add_column(big_integer_null("fingerprint"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("gate_verdicts")
                .col(big_pk_auto("id"))
                .col(string("subject_kind"))
                .col(big_integer_null("subject_id"))
                .col(big_integer_null("user_id"))
                .col(string_null("ip"))
                .col(string("action"))
                .col(double("score"))
                .col(text("signals"))
                .col(integer_null("model_version"))
                .col(big_integer("created_at"))
                .to_owned(),
        )
        .await?;
        for (name, cols) in [
            (
                "gate_verdicts_subject",
                &["subject_kind", "subject_id", "created_at"][..],
            ),
            ("gate_verdicts_user", &["user_id", "created_at"][..]),
            ("gate_verdicts_ip", &["ip", "created_at"][..]),
            ("gate_verdicts_time", &["created_at"][..]),
        ] {
            let mut idx = Index::create();
            idx.name(name).table("gate_verdicts");
            for c in cols {
                idx.col(*c);
            }
            m.create_index(idx.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("gate_verdicts").to_owned())
            .await?;
        m.alter_table(
            Table::alter()
                .table("ads")
                .drop_column("fingerprint")
                .to_owned(),
        )
        .await
    }
}
