//! Every URL an ad ever had: the current one and the old ones that 301 to it. Unique per
//! category, so a new ad can never take over an old ad's address.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ad_slugs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub ad_id: i64,
    pub category_id: i64,
    pub slug: String,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
