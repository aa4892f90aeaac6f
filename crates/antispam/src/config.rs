//! Tunable weights and thresholds. The app keeps a [`Config`] in its settings and rebuilds the
//! [`crate::Gate`] when staff change it; nothing here is compiled in for good.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::Error;

/// Typical prices for one category, computed by the app from live ads. Prices far below the
/// lower fence are "too good to be true"; far above the upper fence, likely typos or bait.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PriceStats {
    /// First quartile.
    pub q1: f64,
    /// Median.
    pub median: f64,
    /// Third quartile.
    pub q3: f64,
}

impl PriceStats {
    /// Lower fence: Tukey's `q1 - 1.5·IQR`, but never below a tenth of the median (prices are
    /// skewed, so the plain fence is often negative and would never fire).
    pub fn low_fence(&self) -> f64 {
        (self.q1 - 1.5 * (self.q3 - self.q1)).max(self.median * 0.1)
    }

    /// Upper fence: `q3 + 3·IQR` (generous: expensive items are legitimate more often).
    pub fn high_fence(&self) -> f64 {
        self.q3 + 3.0 * (self.q3 - self.q1)
    }
}

/// Score each signal adds when it fires. Defaults are set so that one strong signal holds
/// and two or three together reject.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Weights {
    /// Per kind of obfuscation found (homoglyphs, zero-width, leetspeak…).
    pub obfuscation: f64,
    /// Per link beyond `Config::free_links` (counted up to five extra links).
    pub link: f64,
    /// A link through a URL shortener.
    pub link_shortener: f64,
    /// A link to a blocked domain.
    pub blocked_domain: f64,
    /// A link whose shown domain differs from its target.
    pub link_mismatch: f64,
    /// A phone number or e-mail in the title.
    pub contact_in_title: f64,
    /// A contact moderators already rejected.
    pub rejected_contact: f64,
    /// Mostly capital letters.
    pub shouting: f64,
    /// Runs of `!!!!`, `$$$$` or emoji.
    pub punctuation_run: f64,
    /// One word repeated over and over.
    pub keyword_stuffing: f64,
    /// An ad with (almost) no description.
    pub too_short: f64,
    /// A price far below the category's usual range (far above scores half).
    pub price_outlier: f64,
    /// Near-duplicate of another live ad by the same account.
    pub duplicate_own: f64,
    /// Near-duplicate of another account's live ad.
    pub duplicate_other: f64,
    /// Near-duplicate of an ad moderators rejected.
    pub duplicate_rejected: f64,
    /// The site's own classifier, once it has learned enough: contributes
    /// `classifier · (2p − 1)` when p > 0.5.
    pub classifier: f64,
    /// The site's classifier's bonus for clearly clean text: `-classifier_ham · (1 − 2p)`
    /// when p < 0.5.
    pub classifier_ham: f64,
    /// The shipped classifier (trained on ads written for it, not on this site): a weak
    /// signal, always kept below the hold threshold (whatever this says) so it can add to
    /// others but never hold an ad alone.
    pub classifier_base: f64,
    /// The shipped classifier's bonus for clearly clean text.
    pub classifier_base_ham: f64,
    /// Account younger than a day.
    pub new_account_day: f64,
    /// Account younger than a week.
    pub new_account_week: f64,
    /// E-mail not verified.
    pub unverified: f64,
    /// Per rejected ad in the account's history (capped at 5).
    pub rejected_history: f64,
    /// Trusted account (enough approved ads, or two-factor on); should be negative.
    pub trusted_account: f64,
    /// Too many recent submissions by account or IP.
    pub velocity: f64,
    /// Moving the buyer to WhatsApp, Telegram or e-mail.
    pub off_platform: f64,
    /// A phone number spelled out or spaced to dodge filters.
    pub spelled_number: f64,
    /// "Number in the photo".
    pub number_in_photo: f64,
    /// Money asked before a job, a viewing or a delivery.
    pub advance_fee: f64,
    /// The seller is abroad and sends keys or goods.
    pub seller_abroad: f64,
    /// Gift cards, crypto or money transfer as payment.
    pub risky_payment: f64,
    /// Pay or returns no honest offer gives.
    pub income_claim: f64,
    /// Promotion of a channel, page or referral code.
    pub promo_spam: f64,
    /// Keyword lists and hashtags.
    pub tag_list: f64,
    /// A referral or affiliate link.
    pub referral_link: f64,
    /// A link to a throwaway top-level domain (`.xyz`, `.top`…).
    pub risky_domain: f64,
    /// Branded goods with words that admit a copy.
    pub counterfeit: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Self {
            obfuscation: 2.0,
            link: 0.75,
            link_shortener: 5.0,
            blocked_domain: 12.0,
            link_mismatch: 4.0,
            contact_in_title: 5.0,
            rejected_contact: 8.0,
            shouting: 0.8,
            punctuation_run: 1.0,
            keyword_stuffing: 4.5,
            too_short: 1.5,
            price_outlier: 4.0,
            duplicate_own: 3.0,
            duplicate_other: 4.0,
            duplicate_rejected: 7.0,
            classifier: 8.0,
            classifier_ham: 3.0,
            classifier_base: 4.5,
            classifier_base_ham: 1.0,
            new_account_day: 1.5,
            new_account_week: 0.75,
            unverified: 1.0,
            rejected_history: 1.5,
            trusted_account: -3.0,
            velocity: 3.0,
            off_platform: 3.5,
            spelled_number: 6.0,
            number_in_photo: 6.0,
            advance_fee: 6.0,
            seller_abroad: 2.5,
            risky_payment: 3.5,
            income_claim: 3.0,
            promo_spam: 3.5,
            tag_list: 4.5,
            referral_link: 3.5,
            risky_domain: 2.0,
            counterfeit: 4.0,
        }
    }
}

/// Everything the gate needs besides rules and model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// Score at or above which a submission is held for review.
    pub hold_threshold: f64,
    /// Score at or above which a submission is rejected.
    pub reject_threshold: f64,
    /// Per-signal weights.
    pub weights: Weights,
    /// Links allowed before each further one adds `weights.link`.
    pub free_links: usize,
    /// Domains (and their subdomains) nobody may link to.
    pub blocked_domains: Vec<String>,
    /// Phone numbers and e-mail addresses moderators have rejected before.
    pub rejected_contacts: Vec<String>,
    /// Typical prices per category slug.
    pub price_stats: BTreeMap<String, PriceStats>,
    /// Largest SimHash Hamming distance that counts as a near-duplicate (at most 3, the
    /// limit the index guarantees to find).
    pub near_dup_distance: u32,
    /// Approved ads from which an account counts as trusted.
    pub trusted_after_approved: u32,
    /// Submissions per window an account may make before `velocity` fires.
    pub velocity_account_limit: u32,
    /// Submissions per window an IP may make before `velocity` fires.
    pub velocity_ip_limit: u32,
    /// Ads whose description has fewer words than this are `too_short`.
    pub min_description_words: usize,
    /// Examples of each class (spam and ham) the site's own classifier must have learned
    /// before it speaks with full weight (rspamd's `min_learns`); below that its say grows
    /// from nothing at a quarter of this, and the shipped classifier covers the rest.
    pub min_learned: u64,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            hold_threshold: 5.0,
            reject_threshold: 12.0,
            weights: Weights::default(),
            free_links: 2,
            blocked_domains: Vec::new(),
            rejected_contacts: Vec::new(),
            price_stats: BTreeMap::new(),
            near_dup_distance: 3,
            trusted_after_approved: 5,
            velocity_account_limit: 5,
            velocity_ip_limit: 20,
            min_description_words: 5,
            min_learned: 200,
        }
    }
}

impl Config {
    /// Reject configurations that would make the gate meaningless or crash-prone.
    pub fn validate(&self) -> Result<(), Error> {
        if !self.hold_threshold.is_finite() || !self.reject_threshold.is_finite() {
            return Err(Error::InvalidConfig("thresholds must be finite".into()));
        }
        if self.hold_threshold > self.reject_threshold {
            return Err(Error::InvalidConfig(format!(
                "hold_threshold {} is above reject_threshold {}",
                self.hold_threshold, self.reject_threshold
            )));
        }
        if self.near_dup_distance > 3 {
            return Err(Error::InvalidConfig(
                "near_dup_distance above 3 is not supported by the index".into(),
            ));
        }
        for (slug, p) in &self.price_stats {
            if !(p.q1 >= 0.0 && p.q1 <= p.median && p.median <= p.q3 && p.q3.is_finite()) {
                return Err(Error::InvalidConfig(format!(
                    "price_stats[{slug}] must satisfy 0 <= q1 <= median <= q3"
                )));
            }
        }
        Ok(())
    }
}
