//! Community reports, the moderation queue, enforcement and appeals, reporter points,
//! and on-site notifications (each with an ordered id per person).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use super::index;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261121_000006_moderation"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("reports")
                .col(big_pk_auto("id"))
                .col(big_integer("ad_id"))
                .col(big_integer_null("reporter_id"))
                .col(string_null("anon_key"))
                .col(string_null("code_hash"))
                .col(string("reason"))
                .col(text_null("comment"))
                .col(string("status"))
                .col(string_null("outcome"))
                .col(text_null("outcome_note"))
                .col(double("weight"))
                .col(text("snapshot"))
                .col(text_null("verdict"))
                .col(big_integer_null("decided_by"))
                .col(big_integer_null("decided_at"))
                .col(big_integer("created_at"))
                .col(big_integer("updated_at"))
                .to_owned(),
        )
        .await?;
        index(m, "reports_ad", "reports", &["ad_id", "status"], false).await?;
        index(
            m,
            "reports_reporter",
            "reports",
            &["reporter_id", "created_at"],
            false,
        )
        .await?;
        index(m, "reports_anon", "reports", &["anon_key", "ad_id"], false).await?;
        m.create_table(
            Table::create()
                .table("report_points")
                .col(big_pk_auto("id"))
                .col(big_integer("user_id"))
                .col(integer("points"))
                .col(string("reason"))
                .col(big_integer_null("report_id"))
                .col(big_integer("created_at"))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "report_points_user",
            "report_points",
            &["user_id", "created_at"],
            false,
        )
        .await?;
        index(
            m,
            "report_points_time",
            "report_points",
            &["created_at"],
            false,
        )
        .await?;
        m.create_table(
            Table::create()
                .table("queue_items")
                .col(big_pk_auto("id"))
                .col(string("kind"))
                .col(big_integer("subject_id"))
                .col(string("status"))
                .col(integer("severity"))
                .col(double("weight"))
                .col(string_null("reason"))
                .col(big_integer_null("category_id"))
                .col(big_integer_null("claimed_by"))
                .col(big_integer_null("claimed_at"))
                .col(big_integer("due_at"))
                .col(big_integer("created_at"))
                .col(big_integer("updated_at"))
                .col(big_integer_null("decided_by"))
                .col(big_integer_null("decided_at"))
                .col(string_null("decision"))
                .col(integer("version"))
                .to_owned(),
        )
        .await?;
        // The queue's order (most severe first, then the earliest review target) straight
        // from the index, without sorting 100,000 open items on every page view. Written
        // out because sea-query's index builder leaves the DESC out on SQLite.
        m.get_connection()
            .execute_unprepared(
                "CREATE INDEX queue_open ON queue_items (status, severity DESC, due_at)",
            )
            .await?;
        index(
            m,
            "queue_subject",
            "queue_items",
            &["kind", "subject_id", "status"],
            false,
        )
        .await?;
        m.create_table(
            Table::create()
                .table("queue_notes")
                .col(big_pk_auto("id"))
                .col(big_integer("item_id"))
                .col(big_integer("author_id"))
                .col(text("body"))
                .col(big_integer("created_at"))
                .to_owned(),
        )
        .await?;
        index(m, "queue_notes_item", "queue_notes", &["item_id"], false).await?;
        m.create_table(
            Table::create()
                .table("user_actions")
                .col(big_pk_auto("id"))
                .col(big_integer("user_id"))
                .col(string("action"))
                .col(text("reason"))
                .col(big_integer_null("until"))
                .col(big_integer_null("by_id"))
                .col(big_integer("created_at"))
                .col(big_integer_null("overruled_at"))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "user_actions_user",
            "user_actions",
            &["user_id", "created_at"],
            false,
        )
        .await?;
        m.create_table(
            Table::create()
                .table("appeals")
                .col(big_pk_auto("id"))
                .col(string("subject"))
                .col(big_integer("by_user"))
                .col(text("text"))
                .col(string("status"))
                .col(big_integer_null("original_moderator"))
                .col(big_integer_null("decided_by"))
                .col(big_integer_null("decided_at"))
                .col(text_null("decision_note"))
                .col(big_integer("created_at"))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "appeals_subject",
            "appeals",
            &["subject", "by_user"],
            false,
        )
        .await?;
        m.create_table(
            Table::create()
                .table("notifications")
                .col(big_pk_auto("id"))
                .col(big_integer("user_id"))
                .col(string("kind"))
                .col(text("text"))
                .col(string_null("link"))
                .col(big_integer("created_at"))
                .col(big_integer_null("read_at"))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "notifications_user",
            "notifications",
            &["user_id", "read_at"],
            false,
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("users")
                .add_column(boolean("leaderboard_opt_in").default(false))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("users")
                .add_column(big_integer_null("suspended_until"))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "reports",
            "report_points",
            "queue_items",
            "queue_notes",
            "user_actions",
            "appeals",
            "notifications",
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
