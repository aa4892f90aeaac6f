//! The moderation office's own table: actions taken on accounts.

/// A warning, strike, suspension or ban on an account.
pub mod action {
    use sea_orm::entity::prelude::*;

    #[derive(
        Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, utoipa::ToSchema,
    )]
    #[sea_orm(table_name = "user_actions")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub user_id: i64,
        /// `warn`, `strike`, `suspend`, `ban`.
        pub action: String,
        pub reason: String,
        /// End of a suspension.
        pub until: Option<i64>,
        /// The moderator; `None` for the ladder acting by itself.
        pub by_id: Option<i64>,
        pub created_at: i64,
        /// Set when an appeal undid it.
        pub overruled_at: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    impl Entity {
        /// The newest actions on an account (what a moderator just did, and what the
        /// ladder did after it).
        pub async fn find_latest(
            conn: &impl ConnectionTrait,
            user_id: i64,
        ) -> Result<Vec<Model>, DbErr> {
            use sea_orm::{QueryOrder, QuerySelect};
            Self::find()
                .filter(Column::UserId.eq(user_id))
                .order_by_desc(Column::Id)
                .limit(5)
                .all(conn)
                .await
        }
    }
}
