//! Every verdict the gate gave, with what it saw: the record analytics counts from.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "gate_verdicts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `ad`, `ad_edit`, `message`, `signup`.
    pub subject_kind: String,
    pub subject_id: Option<i64>,
    pub user_id: Option<i64>,
    pub ip: Option<String>,
    /// `accept`, `hold` or `reject`.
    pub action: String,
    pub score: f64,
    /// The signals as JSON.
    pub signals: String,
    pub model_version: Option<i32>,
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
