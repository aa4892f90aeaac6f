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
        /// The detected language of the first message (ISO 639-1), when sure enough.
        pub language: Option<String>,
        /// The last message each side's device has received (acknowledged on its socket).
        pub user_delivered_upto: i64,
        pub staff_delivered_upto: i64,
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
        /// What full-text search indexes (see `platform::db::search::index_text`).
        #[serde(skip)]
        pub search_text: String,
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

/// A staff member's place in a team.
pub mod team_member {
    use sea_orm::entity::prelude::*;

    #[derive(
        Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, utoipa::ToSchema,
    )]
    #[sea_orm(table_name = "team_members")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub team: String,
        pub user_id: i64,
        /// The most open conversations assigned to them at once.
        pub max_open: i32,
        /// Seniors hear about urgent conversations and SLA breaches at once.
        pub senior: bool,
        /// When they were last given a conversation (round robin: the longest idle first).
        pub last_assigned_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Whether a staff member takes conversations now, and their last sign of life.
pub mod presence {
    use sea_orm::entity::prelude::*;

    #[derive(
        Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, utoipa::ToSchema,
    )]
    #[sea_orm(table_name = "presence")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub user_id: i64,
        pub available: bool,
        pub seen_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// One SLA clock of a conversation: running (`stopped_at` null), paused while waiting on
/// the user, or stopped with whether it was met. Stopped clocks are the record of hits and
/// misses.
pub mod sla_clock {
    use sea_orm::entity::prelude::*;

    #[derive(
        Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, utoipa::ToSchema,
    )]
    #[sea_orm(table_name = "sla_clocks")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub conversation_id: i64,
        /// `first_response`, `next_response` or `resolution`.
        pub kind: String,
        pub team: String,
        /// `urgent` or `normal`.
        pub priority: String,
        pub started_at: i64,
        pub due_at: i64,
        pub paused_at: Option<i64>,
        /// Business seconds left when paused.
        pub remaining_secs: Option<i64>,
        pub warned_at: Option<i64>,
        pub breached_at: Option<i64>,
        pub stopped_at: Option<i64>,
        pub met: Option<bool>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A prepared answer staff can drop into a reply, per language and optionally per team.
pub mod canned {
    use sea_orm::entity::prelude::*;

    #[derive(
        Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, utoipa::ToSchema,
    )]
    #[sea_orm(table_name = "canned_replies")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub team: Option<String>,
        pub language: String,
        pub title: String,
        pub body: String,
        pub created_by: i64,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
