//! A classified ad. `status` only changes through `ads::lifecycle`.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ads")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub owner_id: i64,
    pub category_id: i64,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub price_cents: Option<i64>,
    pub currency: String,
    pub location: String,
    pub contact_phone: Option<String>,
    pub status: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub published_at: Option<i64>,
    pub expires_at: Option<i64>,
    /// Normalised title for full-text search (set with the title, never shown).
    pub search_title: String,
    /// Normalised location and description for full-text search.
    pub search_body: String,
    /// The gate's near-duplicate fingerprint (a u64 stored bit for bit).
    pub fingerprint: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
