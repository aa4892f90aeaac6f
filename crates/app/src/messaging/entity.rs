//! Conversations between a user and the office, and their messages.

/// One conversation, about an ad or not.
pub mod conversation {
    use sea_orm::entity::prelude::*;

    #[derive(
        Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, utoipa::ToSchema,
    )]
    #[sea_orm(table_name = "conversations")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        /// The user who started it.
        pub user_id: i64,
        pub ad_id: Option<i64>,
        /// `ad_help`, `policy`, `fraud`, `renew_edit`, `account`, `other`.
        pub topic: String,
        /// `trust_safety`, `ad_support` or `general`.
        pub team: String,
        /// `open`, `waiting` (on the user) or `resolved`.
        pub status: String,
        pub urgent: bool,
        pub assigned_to: Option<i64>,
        /// The last message id each side has read.
        pub user_read_upto: i64,
        pub staff_read_upto: i64,
        /// The last message the user was mailed about (one mail per batch of unread).
        pub user_mailed_upto: i64,
        pub rating: Option<i32>,
        pub rating_comment: Option<String>,
        pub created_at: i64,
        pub updated_at: i64,
        pub last_message_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// One message; `internal` ones are staff notes the user never sees.
pub mod message {
    use sea_orm::entity::prelude::*;

    #[derive(
        Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, utoipa::ToSchema,
    )]
    #[sea_orm(table_name = "messages")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub conversation_id: i64,
        pub author_id: i64,
        pub body: String,
        pub internal: bool,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// How a person wants to hear about unread messages by mail.
pub mod prefs {
    use sea_orm::entity::prelude::*;

    #[derive(
        Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, utoipa::ToSchema,
    )]
    #[sea_orm(table_name = "mail_prefs")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub user_id: i64,
        /// Minutes a message may stay unread before it is mailed.
        pub unread_delay_minutes: i32,
        pub unread_off: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
