//! The shield at the edge: IP blocks, rate-limit counters shared by every instance,
//! spent CAPTCHA puzzles, the record of everything it stopped, screened mail domains,
//! and what sign-up screening needs on accounts.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261121_000005_shield"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("ip_blocks")
                .col(big_pk_auto("id"))
                .col(string("cidr"))
                .col(string("severity"))
                .col(text("reason"))
                .col(string("source"))
                .col(big_integer_null("created_by"))
                .col(big_integer("created_at"))
                .col(big_integer_null("expires_at"))
                .col(big_integer_null("lifted_at"))
                .col(big_integer_null("lifted_by"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ip_blocks_cidr")
                .table("ip_blocks")
                .col("cidr")
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("rate_counters")
                .col(string("key"))
                .col(big_integer("window_start"))
                .col(integer("count"))
                .col(big_integer("expires_at"))
                .primary_key(Index::create().col("key").col("window_start"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("rate_counters_expiry")
                .table("rate_counters")
                .col("expires_at")
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("captcha_spent")
                .col(string("tag").primary_key())
                .col(big_integer("expires_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("captcha_spent_expiry")
                .table("captcha_spent")
                .col("expires_at")
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("shield_events")
                .col(big_pk_auto("id"))
                .col(big_integer("created_at"))
                .col(string_null("ip"))
                .col(big_integer_null("user_id"))
                .col(string("action"))
                .col(string("kind"))
                .col(string_null("rule"))
                .col(text_null("detail"))
                .to_owned(),
        )
        .await?;
        for (name, cols) in [
            ("shield_events_ip", &["ip", "created_at"][..]),
            ("shield_events_time", &["created_at"][..]),
            ("shield_events_user", &["user_id", "created_at"][..]),
        ] {
            let mut idx = Index::create();
            idx.name(name).table("shield_events");
            for c in cols {
                idx.col(*c);
            }
            m.create_index(idx.to_owned()).await?;
        }
        m.create_table(
            Table::create()
                .table("email_domains")
                .col(string("domain").primary_key())
                .col(string("kind"))
                .col(big_integer_null("added_by"))
                .col(big_integer("created_at"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("users")
                .add_column(string_null("email_canonical"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("users")
                .add_column(string_null("signup_ip"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("users")
                .add_column(text_null("held_reason"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("users_email_canonical")
                .table("users")
                .col("email_canonical")
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("users_signup_ip")
                .table("users")
                .col("signup_ip")
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "ip_blocks",
            "rate_counters",
            "captcha_spent",
            "shield_events",
            "email_domains",
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
