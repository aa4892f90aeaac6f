//! The review queue's tables: items that need a human, private notes on them, and
//! appeals (requests for a second look at a decision).

/// Something that needs a human: a held ad, a reported ad, an appeal, a held sign-up.
pub mod item {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize, utoipa::ToSchema)]
    #[sea_orm(table_name = "queue_items")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        /// `held_ad`, `reported_ad`, `appeal`, `signup`.
        pub kind: String,
        /// The ad, appeal or user it is about.
        pub subject_id: i64,
        /// `open`, `escalated` or `decided`.
        pub status: String,
        /// 3 fraud and illegal, 2 spam, offensive, held and appeals, 1 the rest.
        pub severity: i32,
        /// The weight of the reports behind it.
        pub weight: f64,
        /// The most serious reason given.
        pub reason: Option<String>,
        pub category_id: Option<i64>,
        pub claimed_by: Option<i64>,
        pub claimed_at: Option<i64>,
        /// When it should have been reviewed (sooner for heavier items).
        pub due_at: i64,
        pub created_at: i64,
        pub updated_at: i64,
        pub decided_by: Option<i64>,
        pub decided_at: Option<i64>,
        pub decision: Option<String>,
        /// Bumped on every change; a decision names the version it was made on.
        pub version: i32,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A private note staff leave on an item.
pub mod note {
    use sea_orm::entity::prelude::*;

    #[derive(
        Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, utoipa::ToSchema,
    )]
    #[sea_orm(table_name = "queue_notes")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub item_id: i64,
        pub author_id: i64,
        pub body: String,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A request for a second review.
pub mod appeal {
    use sea_orm::entity::prelude::*;

    #[derive(
        Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, utoipa::ToSchema,
    )]
    #[sea_orm(table_name = "appeals")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        /// `report:{id}` (a reporter against "no action"), `ad:{id}` (an owner against a
        /// removal or rejection), `action:{id}` (an owner against a strike or suspension).
        pub subject: String,
        pub by_user: i64,
        pub text: String,
        /// `open`, `upheld`, `denied`.
        pub status: String,
        /// Who made the decision being appealed (may not decide the appeal).
        pub original_moderator: Option<i64>,
        pub decided_by: Option<i64>,
        pub decided_at: Option<i64>,
        pub decision_note: Option<String>,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
