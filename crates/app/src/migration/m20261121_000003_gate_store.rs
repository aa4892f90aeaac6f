//! Where the gate's rules and models live, so every instance judges alike and admins can
//! change them while the site runs.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261121_000003_gate_store"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("gate_rules")
                .col(big_pk_auto("id"))
                .col(string("pattern"))
                .col(string("match_kind"))
                .col(string_null("category"))
                .col(string("action"))
                .col(double("score"))
                .col(big_integer_null("created_by"))
                .col(big_integer("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("gate_models")
                .col(big_pk_auto("id"))
                .col(integer_uniq("version"))
                .col(blob("bytes"))
                .col(string("source"))
                .col(boolean("active").default(false))
                .col(big_integer("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("gate_feedback")
                .col(big_pk_auto("id"))
                .col(text("text"))
                .col(boolean("is_spam"))
                .col(string("source"))
                .col(big_integer_null("subject_id"))
                .col(boolean("applied").default(false))
                .col(big_integer("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("gate_feedback_pending")
                .table("gate_feedback")
                .col("applied")
                .col("id")
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("gate_feedback").to_owned())
            .await?;
        m.drop_table(Table::drop().table("gate_models").to_owned())
            .await?;
        m.drop_table(Table::drop().table("gate_rules").to_owned())
            .await
    }
}
