//! A person with an account: visitors who registered, and staff.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub email: String,
    pub email_verified_at: Option<i64>,
    pub password_hash: String,
    pub display_name: String,
    pub role: String,
    pub language: Option<String>,
    pub status: String,
    pub created_at: i64,
    pub reminder_sent_at: Option<i64>,
    /// The address with dots and `+tags` removed where the provider ignores them.
    pub email_canonical: Option<String>,
    /// Where the account was created from (for an address's history).
    pub signup_ip: Option<String>,
    /// Why a sign-up waits for a moderator (`status = pending_approval`).
    pub held_reason: Option<String>,
    /// Shown by name on the reporters' leaderboard (otherwise anonymous there).
    pub leaderboard_opt_in: bool,
    /// End of a temporary suspension (`status = suspended`).
    pub suspended_until: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
