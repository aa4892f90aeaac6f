//! Reports about ads, and the points reporters earn.

/// One person's report about one ad, for one reason.
pub mod report {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, serde::Serialize)]
    #[sea_orm(table_name = "reports")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub ad_id: i64,
        /// `None` for an anonymous report.
        pub reporter_id: Option<i64>,
        /// For anonymous reports: a salted hash of the address (abuse limits only).
        #[serde(skip)]
        pub anon_key: Option<String>,
        /// Hash of the tracking code an anonymous reporter follows it with.
        #[serde(skip)]
        pub code_hash: Option<String>,
        pub reason: String,
        pub comment: Option<String>,
        /// `open`, `upheld` or `rejected`.
        pub status: String,
        /// `ad_removed`, `account_suspended` or `no_action`.
        pub outcome: Option<String>,
        /// The moderator's explanation.
        pub outcome_note: Option<String>,
        /// How much it counted (reason × the reporter's track record).
        pub weight: f64,
        /// The ad as the reporter saw it (JSON).
        pub snapshot: String,
        /// The gate's verdict on the ad at report time (JSON).
        pub verdict: Option<String>,
        pub decided_by: Option<i64>,
        pub decided_at: Option<i64>,
        pub created_at: i64,
        pub updated_at: i64,
        /// Who reported, whatever the reason: `u:<user id>` or `a:<address hash>`. At most
        /// one open report per reporter and ad (a unique index).
        #[serde(skip)]
        pub reporter_key: Option<String>,
        /// A salted hash of the reporter's network (a /24 or /48): reporters on one
        /// network count as one when an ad is hidden.
        #[serde(skip)]
        pub network_key: Option<String>,
        /// Whether it may count towards hiding the ad before a moderator looks: verified
        /// accounts only, never anonymous or unverified ones.
        #[serde(skip)]
        pub counts_for_hide: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A change to a reporter's points.
pub mod points {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "report_points")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub user_id: i64,
        pub points: i32,
        /// `upheld`, `early_fraud`, `bad_faith`.
        pub reason: String,
        pub report_id: Option<i64>,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
