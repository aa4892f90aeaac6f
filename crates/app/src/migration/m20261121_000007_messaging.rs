//! Messaging between users and the office, and the per-person event log that real-time
//! delivery resumes from.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261121_000007_messaging"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("events")
                .col(big_pk_auto("id"))
                .col(big_integer("user_id"))
                .col(string("kind"))
                .col(text("payload"))
                .col(big_integer("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("events_user")
                .table("events")
                .col("user_id")
                .col("id")
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("conversations")
                .col(big_pk_auto("id"))
                .col(big_integer("user_id"))
                .col(big_integer_null("ad_id"))
                .col(string("topic"))
                .col(string("team"))
                .col(string("status"))
                .col(boolean("urgent"))
                .col(big_integer_null("assigned_to"))
                .col(big_integer("user_read_upto"))
                .col(big_integer("staff_read_upto"))
                .col(big_integer("user_mailed_upto"))
                .col(integer_null("rating"))
                .col(text_null("rating_comment"))
                .col(big_integer("created_at"))
                .col(big_integer("updated_at"))
                .col(big_integer("last_message_at"))
                .to_owned(),
        )
        .await?;
        for (name, cols) in [
            ("conversations_user", &["user_id", "last_message_at"][..]),
            (
                "conversations_inbox",
                &["status", "urgent", "last_message_at"][..],
            ),
        ] {
            let mut idx = Index::create();
            idx.name(name).table("conversations");
            for c in cols {
                idx.col(*c);
            }
            m.create_index(idx.to_owned()).await?;
        }
        m.create_table(
            Table::create()
                .table("messages")
                .col(big_pk_auto("id"))
                .col(big_integer("conversation_id"))
                .col(big_integer("author_id"))
                .col(text("body"))
                .col(boolean("internal"))
                .col(big_integer("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("messages_conversation")
                .table("messages")
                .col("conversation_id")
                .col("id")
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("mail_prefs")
                .col(big_integer("user_id").primary_key())
                .col(integer("unread_delay_minutes"))
                .col(boolean("unread_off"))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["events", "conversations", "messages", "mail_prefs"] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
