//! What the app hands to the gate: the text a user submitted plus what the app knows about
//! the account and the address it came from.

use serde::{Deserialize, Serialize};

/// What kind of submission this is; some signals only make sense for ads (price, too short,
/// near-duplicates, contact details in the title).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A new ad.
    #[default]
    Ad,
    /// A change to an existing ad (`Submission::ad_id` is set so it is not its own duplicate).
    AdEdit,
    /// A message to another user or to staff.
    Message,
    /// A sign-up or profile update (display name as title, bio as body).
    Profile,
}

impl Kind {
    /// Ads and ad edits get the ad-only checks.
    pub fn is_ad(self) -> bool {
        matches!(self, Kind::Ad | Kind::AdEdit)
    }
}

/// Facts about the submitter the app already knows. `None` means "unknown", which scores
/// nothing, so tools that check bare text (`classifieds spam check`) stay neutral.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct AccountContext {
    /// The submitting account, to tell own duplicates from other people's.
    pub account_id: Option<i64>,
    /// Age of the account in hours.
    pub account_age_hours: Option<f64>,
    /// Whether the e-mail address was verified.
    pub email_verified: Option<bool>,
    /// Whether two-factor authentication is on.
    pub two_factor: bool,
    /// Ads of this account moderators approved (or that went live and stayed).
    pub approved_ads: u32,
    /// Ads of this account moderators rejected.
    pub rejected_ads: u32,
    /// Submissions by this account in the app's velocity window (e.g. the last hour).
    pub recent_by_account: u32,
    /// Submissions from this IP address in the same window.
    pub recent_by_ip: u32,
}

/// One submission to judge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Submission {
    /// Ad, edit, message or profile.
    pub kind: Kind,
    /// The ad's own id when editing, so the near-duplicate check skips it.
    pub ad_id: Option<i64>,
    /// Title (or display name for profiles, subject for messages).
    pub title: String,
    /// Description, message body or bio.
    pub body: String,
    /// Category slug (`vehicles`, `jobs`, …); selects per-category rules and price ranges.
    pub category: Option<String>,
    /// Asking price, in `currency` (the site's currency when none is given).
    pub price: Option<f64>,
    /// ISO code of the price's currency (`ZAR`, `USD`…), when the app knows it.
    pub currency: Option<String>,
    /// Where the item is, as written: rules see it, near-duplicate fingerprints do not
    /// (the same ad posted in another town is still the same ad).
    pub location: String,
    /// Links given in separate form fields (website, video…), checked like links in the text.
    pub links: Vec<String>,
    /// Contact details given in separate form fields (phone, e-mail).
    pub contacts: Vec<String>,
    /// What the app knows about the submitter.
    pub context: AccountContext,
}

impl Submission {
    /// A new-ad submission with just a title, body and category; handy in tests and tools.
    pub fn ad(title: &str, body: &str, category: Option<&str>) -> Self {
        Self {
            kind: Kind::Ad,
            title: title.to_owned(),
            body: body.to_owned(),
            category: category.map(str::to_owned),
            ..Self::default()
        }
    }
}
