//! The office's side of messaging: teams and their members, who is on duty, SLA clocks,
//! canned replies, the detected language of a conversation, and full-text search over
//! messages.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use super::index;

use crate::platform::db::search;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261121_000008_office"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("team_members")
                .col(big_pk_auto("id"))
                .col(string("team"))
                .col(big_integer("user_id"))
                .col(integer("max_open"))
                .col(boolean("senior"))
                .col(big_integer("last_assigned_at"))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "team_members_unique",
            "team_members",
            &["team", "user_id"],
            true,
        )
        .await?;
        index(m, "team_members_user", "team_members", &["user_id"], false).await?;
        m.create_table(
            Table::create()
                .table("presence")
                .col(big_integer("user_id").primary_key())
                .col(boolean("available"))
                .col(big_integer("seen_at"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("sla_clocks")
                .col(big_pk_auto("id"))
                .col(big_integer("conversation_id"))
                .col(string("kind"))
                .col(string("team"))
                .col(string("priority"))
                .col(big_integer("started_at"))
                .col(big_integer("due_at"))
                .col(big_integer_null("paused_at"))
                .col(big_integer_null("remaining_secs"))
                .col(big_integer_null("warned_at"))
                .col(big_integer_null("breached_at"))
                .col(big_integer_null("stopped_at"))
                .col(boolean_null("met"))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "sla_clocks_conversation",
            "sla_clocks",
            &["conversation_id", "kind"],
            false,
        )
        .await?;
        index(
            m,
            "sla_clocks_running",
            "sla_clocks",
            &["stopped_at", "due_at"],
            false,
        )
        .await?;
        index(m, "sla_clocks_report", "sla_clocks", &["started_at"], false).await?;
        m.create_table(
            Table::create()
                .table("canned_replies")
                .col(big_pk_auto("id"))
                .col(string_null("team"))
                .col(string("language"))
                .col(string("title"))
                .col(text("body"))
                .col(big_integer("created_by"))
                .col(big_integer("created_at"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("conversations")
                .add_column(string_null("language"))
                .to_owned(),
        )
        .await?;
        // SQLite adds one column per ALTER.
        for col in ["user_delivered_upto", "staff_delivered_upto"] {
            m.alter_table(
                Table::alter()
                    .table("conversations")
                    .add_column(big_integer(col).default(0))
                    .to_owned(),
            )
            .await?;
        }
        index(
            m,
            "conversations_team",
            "conversations",
            &["team", "status"],
            false,
        )
        .await?;
        index(
            m,
            "conversations_assigned",
            "conversations",
            &["assigned_to", "status"],
            false,
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("messages")
                .add_column(text("search_text").default(""))
                .to_owned(),
        )
        .await?;
        search::create_message_index(m.get_connection()).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        search::drop_message_index(m.get_connection()).await?;
        for t in ["team_members", "presence", "sla_clocks", "canned_replies"] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
