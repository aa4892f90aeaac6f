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
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
