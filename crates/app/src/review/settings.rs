//! The moderation office's run-time settings: how much each report reason weighs, when
//! reports hide an ad, the review targets, the enforcement ladder and the appeal window.
//! One JSON setting, changed by admins through the API; every instance sees it within
//! seconds.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::state::AppState;

/// Every reason a report can give, most serious first.
pub const REASONS: &[&str] = &[
    "fraud",
    "prohibited",
    "spam",
    "offensive",
    "suspicious",
    "wrong_category",
    "other",
];

/// One rung of the enforcement ladder: `strikes` strikes within `within_days` lead to
/// `action` (`suspend` for `days`, or `ban`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Rung {
    pub strikes: u32,
    pub within_days: i64,
    pub action: String,
    #[serde(default)]
    pub days: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ModerationConfig {
    /// Reason → weight of one report from an average reporter.
    pub reason_weights: BTreeMap<String, f64>,
    /// Weighted reports on an ad at which it is hidden at once, pending review.
    pub hide_threshold: f64,
    /// Anonymous reports count this much of a logged-in reporter's.
    pub anonymous_factor: f64,
    /// Hours within which an item should be reviewed, by severity (3 = fraud, illegal).
    pub target_hours: BTreeMap<String, i64>,
    /// Checked from the highest rung down after every strike.
    pub ladder: Vec<Rung>,
    /// Days after a decision in which it may be appealed.
    pub appeal_days: i64,
    /// Hours after a decision in which the same report is refused (unless the ad changed).
    pub rereport_hours: i64,
    /// Independent reporters (verified accounts on different networks) it takes to hide an
    /// ad before a moderator looks; anonymous and unverified reports never count.
    pub hide_min_reporters: u32,
    /// Decided reports and upheld share from which one reporter's fraud or illegal-item
    /// report hides an ad on its own.
    pub trusted_reporter_decided: u64,
    pub trusted_reporter_accuracy: f64,
}

impl Default for ModerationConfig {
    fn default() -> Self {
        let reason_weights = [
            ("fraud", 3.0),
            ("prohibited", 3.0),
            ("spam", 1.5),
            ("offensive", 1.5),
            ("suspicious", 1.0),
            ("wrong_category", 0.5),
            ("other", 0.5),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let target_hours = [("3", 2), ("2", 12), ("1", 48)]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        ModerationConfig {
            reason_weights,
            hide_threshold: 4.0,
            anonymous_factor: 0.4,
            target_hours,
            ladder: vec![
                Rung {
                    strikes: 3,
                    within_days: 90,
                    action: "suspend".into(),
                    days: 7,
                },
                Rung {
                    strikes: 5,
                    within_days: 180,
                    action: "ban".into(),
                    days: 0,
                },
            ],
            appeal_days: 20,
            rereport_hours: 24,
            hide_min_reporters: 2,
            trusted_reporter_decided: 5,
            trusted_reporter_accuracy: 0.8,
        }
    }
}

impl ModerationConfig {
    /// How serious a reason is: 3 for fraud and illegal items, 2 for spam and offensive
    /// content, 1 for the rest.
    pub fn severity(reason: &str) -> i32 {
        match reason {
            "fraud" | "prohibited" => 3,
            "spam" | "offensive" => 2,
            _ => 1,
        }
    }

    /// The weight of one average report for `reason`.
    pub fn weight(&self, reason: &str) -> f64 {
        self.reason_weights.get(reason).copied().unwrap_or(0.5)
    }

    /// Seconds in which an item of `severity` should be reviewed.
    pub fn target_secs(&self, severity: i32) -> i64 {
        self.target_hours
            .get(&severity.to_string())
            .copied()
            .unwrap_or(48)
            * 3600
    }

    fn validate(&self) -> AppResult<()> {
        let mut f = FieldErrors::new();
        if !self.hide_threshold.is_finite() || self.hide_threshold <= 0.0 {
            f.insert("hide_threshold".into(), "field-invalid".into());
        }
        if !(0.0..=1.0).contains(&self.anonymous_factor) {
            f.insert("anonymous_factor".into(), "field-invalid".into());
        }
        if self
            .reason_weights
            .values()
            .any(|w| !(0.0..=100.0).contains(w))
        {
            f.insert("reason_weights".into(), "field-invalid".into());
        }
        if self.ladder.iter().any(|r| {
            r.strikes == 0
                || r.within_days < 1
                || !matches!(r.action.as_str(), "suspend" | "ban")
                || (r.action == "suspend" && r.days < 1)
        }) {
            f.insert("ladder".into(), "field-invalid".into());
        }
        if self.appeal_days < 1 || self.rereport_hours < 0 {
            f.insert("appeal_days".into(), "field-invalid".into());
        }
        // One reporter alone must never hide an ad, whatever the weights.
        if self.hide_min_reporters < 2 {
            f.insert("hide_min_reporters".into(), "field-invalid".into());
        }
        if !(0.5..=1.0).contains(&self.trusted_reporter_accuracy)
            || self.trusted_reporter_decided < 3
        {
            f.insert("trusted_reporter_accuracy".into(), "field-invalid".into());
        }
        if f.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(f))
        }
    }
}

impl crate::platform::settings::Setting for ModerationConfig {
    const KEY: &'static str = "moderation_config";
    const AUDIT_ACTION: &'static str = "moderation.config.update";
}

/// The current settings.
pub async fn current(state: &AppState) -> AppResult<Arc<ModerationConfig>> {
    crate::platform::settings::current(state).await
}

/// Replaces the settings (validated, audited).
pub async fn update(state: &AppState, actor: i64, new: ModerationConfig) -> AppResult<()> {
    new.validate()?;
    crate::platform::settings::replace(state, Some(actor), new).await?;
    Ok(())
}
