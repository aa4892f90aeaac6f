//! The gate's answer: one action, one score and the reasons behind it.

use serde::{Deserialize, Serialize};

/// What the app should do with a submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Publish right away.
    Accept,
    /// Keep it out of sight until a moderator looks at it.
    Hold,
    /// Refuse it; the user sees why.
    Reject,
}

/// One reason that contributed to a verdict. Moderators read these, so `evidence` quotes what
/// the user actually wrote (or the ad id / count behind the signal).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signal {
    /// Stable snake_case name (`keyword`, `links`, `duplicate_other`, …) the app can count
    /// and translate.
    pub name: String,
    /// Contribution to the total score; negative for signals of trust.
    pub score: f64,
    /// What fired, in words a moderator understands.
    pub evidence: String,
    /// The writer's own words that set the signal off, as they wrote them: what the app
    /// may show the writer ("your title contains '082 555 1234'"), unlike `evidence`,
    /// which is for staff.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quotes: Vec<String>,
    /// For `keyword` signals: the position of the rule that matched in the list the gate
    /// was built with, so the app can count each rule's hits and false positives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<u32>,
}

impl Signal {
    /// Convenience constructor.
    pub fn new(name: &str, score: f64, evidence: impl Into<String>) -> Self {
        Self {
            name: name.to_owned(),
            score,
            evidence: evidence.into(),
            quotes: Vec::new(),
            rule: None,
        }
    }

    /// The same signal with the writer's words that set it off.
    pub fn with_quotes(mut self, quotes: Vec<String>) -> Self {
        self.quotes = quotes;
        self
    }
}

/// The explainable outcome for one submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// What to do.
    pub action: Action,
    /// Sum of all signal scores.
    pub score: f64,
    /// Every signal that fired, highest score first.
    pub signals: Vec<Signal>,
}

impl Verdict {
    /// A one-line explanation for logs and moderator queues, e.g.
    /// `hold (score 7.5): keyword +6 'Western Union'; links +1.5 3 links`.
    pub fn explain(&self) -> String {
        let action = match self.action {
            Action::Accept => "accept",
            Action::Hold => "hold",
            Action::Reject => "reject",
        };
        let reasons: Vec<String> = self
            .signals
            .iter()
            .map(|s| format!("{} {:+} {}", s.name, round2(s.score), s.evidence))
            .collect();
        if reasons.is_empty() {
            format!("{action} (score {}): no signals", round2(self.score))
        } else {
            format!(
                "{action} (score {}): {}",
                round2(self.score),
                reasons.join("; ")
            )
        }
    }

    /// The signal with the given name, if it fired.
    pub fn signal(&self, name: &str) -> Option<&Signal> {
        self.signals.iter().find(|s| s.name == name)
    }
}

/// Round for display and for stable JSON.
pub(crate) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
