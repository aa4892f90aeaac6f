//! Accounts, sessions, mail tokens, categories, ads with their URL history, the mail outbox
//! and the search index.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::platform::db::search;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261120_000001_init"
    }
}

fn fk(
    from_table: &'static str,
    from_col: &'static str,
    to: &'static str,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from_table, from_col)
        .to(to, "id")
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn index(name: &'static str, table: &'static str, cols: &[&'static str]) -> IndexCreateStatement {
    let mut idx = Index::create();
    idx.name(name).table(table);
    for c in cols {
        idx.col(*c);
    }
    idx.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("settings")
                .col(string("key").primary_key())
                .col(text("value"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("users")
                .col(big_pk_auto("id"))
                .col(string_uniq("email"))
                .col(big_integer_null("email_verified_at"))
                .col(string("password_hash"))
                .col(string("display_name"))
                .col(string("role").default("user"))
                .col(string_null("language"))
                .col(string("status").default("active"))
                .col(big_integer("created_at"))
                .col(big_integer_null("reminder_sent_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "users_unverified",
            "users",
            &["email_verified_at", "created_at"],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("sessions")
                .col(string("id").primary_key())
                .col(big_integer("user_id"))
                .col(big_integer("created_at"))
                .col(big_integer("last_seen_at"))
                .col(big_integer("expires_at"))
                .col(big_integer("auth_at"))
                .col(string_null("ip"))
                .col(string_null("user_agent"))
                .foreign_key(&mut fk("sessions", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("sessions_user", "sessions", &["user_id"]))
            .await?;
        m.create_table(
            Table::create()
                .table("email_tokens")
                .col(big_pk_auto("id"))
                .col(big_integer("user_id"))
                .col(string("purpose"))
                .col(string_uniq("token_hash"))
                .col(string_null("code_hash"))
                .col(string_null("new_email"))
                .col(integer("attempts").default(0))
                .col(big_integer("created_at"))
                .col(big_integer("expires_at"))
                .col(big_integer_null("used_at"))
                .foreign_key(&mut fk("email_tokens", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "email_tokens_user",
            "email_tokens",
            &["user_id", "purpose", "created_at"],
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("categories")
                .col(big_pk_auto("id"))
                .col(string_uniq("slug"))
                .col(string("name"))
                .col(text("description"))
                .col(integer("position").default(0))
                .col(big_integer("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("ads")
                .col(big_pk_auto("id"))
                .col(big_integer("owner_id"))
                .col(big_integer("category_id"))
                .col(string("slug"))
                .col(string("title"))
                .col(text("description"))
                .col(big_integer_null("price_cents"))
                .col(string("currency"))
                .col(string("location"))
                .col(string_null("contact_phone"))
                .col(string("status"))
                .col(big_integer("created_at"))
                .col(big_integer("updated_at"))
                .col(big_integer_null("published_at"))
                .col(big_integer_null("expires_at"))
                // What search indexes: see platform::db::search::index_text.
                .col(text("search_title").default(""))
                .col(text("search_body").default(""))
                .foreign_key(&mut fk("ads", "owner_id", "users"))
                .foreign_key(
                    // A category with ads cannot vanish under them.
                    &mut fk("ads", "category_id", "categories")
                        .on_delete(ForeignKeyAction::Restrict)
                        .to_owned(),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "ads_listing",
            "ads",
            &["status", "category_id", "published_at", "expires_at"],
        ))
        .await?;
        m.create_index(index(
            "ads_price",
            "ads",
            &["category_id", "status", "price_cents", "expires_at"],
        ))
        .await?;
        // Listing and counting every live ad without reading the ads themselves.
        m.create_index(index(
            "ads_recent",
            "ads",
            &["status", "published_at", "expires_at"],
        ))
        .await?;
        m.create_index(index(
            "ads_price_all",
            "ads",
            &["status", "price_cents", "expires_at"],
        ))
        .await?;
        m.create_index(index("ads_owner", "ads", &["owner_id", "created_at"]))
            .await?;
        m.create_index(index("ads_expiry", "ads", &["status", "expires_at"]))
            .await?;
        m.create_table(
            Table::create()
                .table("ad_slugs")
                .col(big_pk_auto("id"))
                .col(big_integer("ad_id"))
                .col(big_integer("category_id"))
                .col(string("slug"))
                .col(big_integer("created_at"))
                .foreign_key(&mut fk("ad_slugs", "ad_id", "ads"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            index("ad_slugs_unique", "ad_slugs", &["category_id", "slug"])
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(index("ad_slugs_ad", "ad_slugs", &["ad_id"]))
            .await?;
        m.create_table(
            Table::create()
                .table("mail_outbox")
                .col(big_pk_auto("id"))
                .col(string("to_addr"))
                .col(string("subject"))
                .col(text("body_text"))
                .col(big_integer("created_at"))
                .col(big_integer("send_after"))
                .col(big_integer_null("sent_at"))
                .col(integer("attempts").default(0))
                .col(text_null("last_error"))
                .col(big_integer_null("claimed_until"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "mail_outbox_pending",
            "mail_outbox",
            &["sent_at", "send_after"],
        ))
        .await?;
        search::create_ad_index(m.get_connection()).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        search::drop_ad_index(m.get_connection()).await?;
        for t in [
            "mail_outbox",
            "ad_slugs",
            "ads",
            "categories",
            "email_tokens",
            "sessions",
            "users",
            "settings",
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
