//! The office's run-time settings for messaging: the teams, which topic goes to which
//! team, routing rules on category, language and keywords, the urgent words, SLA targets
//! per team and priority, business hours and holidays. One JSON setting, changed by
//! admins through the API and seen by every instance within seconds.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::sla::Calendar;
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::state::AppState;

/// A routing rule: when every condition it sets holds, the conversation goes to `team`.
/// Rules are tried in order; the first match wins, else the topic's team.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Rule {
    /// The ad's category slug.
    #[serde(default)]
    pub category: Option<String>,
    /// The detected language of the first message (ISO 639-1, e.g. `af`).
    #[serde(default)]
    pub language: Option<String>,
    /// Any of these words in the first message (lowercase, whole words).
    #[serde(default)]
    pub keywords: Vec<String>,
    pub team: String,
}

/// Targets of one team and priority, in business minutes.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Targets {
    pub first_response: i64,
    pub next_response: i64,
    pub resolution: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct MessagingConfig {
    /// Team key → name shown to staff.
    pub teams: BTreeMap<String, String>,
    /// Topic → team key.
    pub topic_teams: BTreeMap<String, String>,
    pub rules: Vec<Rule>,
    /// Words that make a message urgent, besides the fraud topic and the gate's judgement.
    pub urgent_words: Vec<String>,
    /// `team/priority` (priority `urgent` or `normal`), or `*/priority` for every team.
    pub targets: BTreeMap<String, Targets>,
    /// When the office works; SLA clocks only run then.
    pub calendar: Calendar,
    /// A warning goes out this many minutes before a clock runs out.
    pub warn_before_minutes: i64,
    /// How many open conversations an agent carries unless their membership says otherwise.
    pub default_max_open: i32,
    /// Seconds after an agent's last sign of life at which they count as offline.
    pub online_secs: i64,
}

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

impl Default for MessagingConfig {
    fn default() -> Self {
        let t = |f, n, r| Targets {
            first_response: f,
            next_response: n,
            resolution: r,
        };
        MessagingConfig {
            teams: map(&[
                ("trust_safety", "Trust & Safety"),
                ("ad_support", "Ad Support"),
                ("general", "General"),
            ]),
            topic_teams: map(&[
                ("fraud", "trust_safety"),
                ("ad_help", "ad_support"),
                ("renew_edit", "ad_support"),
                ("policy", "general"),
                ("account", "general"),
                ("other", "general"),
            ]),
            rules: Vec::new(),
            urgent_words: [
                "scam",
                "scammed",
                "stolen",
                "police",
                "threat",
                "threatened",
                "fraud",
                "blackmail",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            targets: [
                ("*/urgent".to_string(), t(30, 60, 8 * 60)),
                ("*/normal".to_string(), t(4 * 60, 8 * 60, 3 * 8 * 60)),
            ]
            .into_iter()
            .collect(),
            calendar: Calendar::default(),
            warn_before_minutes: 15,
            default_max_open: 10,
            online_secs: 90,
        }
    }
}

impl MessagingConfig {
    /// The team a new conversation goes to.
    pub fn route(
        &self,
        topic: &str,
        category: Option<&str>,
        language: Option<&str>,
        body: &str,
    ) -> String {
        let lower = body.to_lowercase();
        let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).collect();
        for r in &self.rules {
            let cat_ok = r.category.as_deref().is_none_or(|c| Some(c) == category);
            let lang_ok = r.language.as_deref().is_none_or(|l| Some(l) == language);
            let kw_ok = r.keywords.is_empty()
                || r.keywords
                    .iter()
                    .any(|k| words.contains(&k.to_lowercase().as_str()));
            if cat_ok && lang_ok && kw_ok {
                return r.team.clone();
            }
        }
        self.topic_teams
            .get(topic)
            .cloned()
            .unwrap_or_else(|| "general".into())
    }

    /// Whether a message's words ask for someone at once.
    pub fn urgent_words_in(&self, body: &str) -> bool {
        let lower = body.to_lowercase();
        lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| self.urgent_words.iter().any(|u| u == w))
    }

    /// The targets of a team and priority.
    pub fn targets(&self, team: &str, priority: &str) -> Targets {
        self.targets
            .get(&format!("{team}/{priority}"))
            .or_else(|| self.targets.get(&format!("*/{priority}")))
            .copied()
            .unwrap_or(Targets {
                first_response: 240,
                next_response: 480,
                resolution: 1440,
            })
    }

    fn validate(&self) -> AppResult<()> {
        let mut f = FieldErrors::new();
        if self.teams.is_empty() || self.teams.keys().any(|k| k.is_empty() || k.len() > 40) {
            f.insert("teams".into(), "field-invalid".into());
        }
        let known = |t: &String| self.teams.contains_key(t);
        if !self.topic_teams.values().all(known)
            || !super::service::TOPICS
                .iter()
                .all(|t| self.topic_teams.contains_key(*t))
        {
            f.insert("topic_teams".into(), "field-invalid".into());
        }
        if !self.rules.iter().all(|r| known(&r.team)) {
            f.insert("rules".into(), "field-invalid".into());
        }
        if self
            .targets
            .values()
            .any(|t| t.first_response < 1 || t.next_response < 1 || t.resolution < 1)
            || !self
                .targets
                .keys()
                .all(|k| k.ends_with("/urgent") || k.ends_with("/normal"))
        {
            f.insert("targets".into(), "field-invalid".into());
        }
        if let Err(field) = self.calendar.validate() {
            f.insert(format!("calendar.{field}"), "field-invalid".into());
        }
        if !(0..=24 * 60).contains(&self.warn_before_minutes) {
            f.insert("warn_before_minutes".into(), "field-invalid".into());
        }
        if !(1..=500).contains(&self.default_max_open) {
            f.insert("default_max_open".into(), "field-invalid".into());
        }
        if !(30..=3600).contains(&self.online_secs) {
            f.insert("online_secs".into(), "field-invalid".into());
        }
        if f.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(f))
        }
    }
}

impl crate::platform::settings::Setting for MessagingConfig {
    const KEY: &'static str = "messaging_config";
    const AUDIT_ACTION: &'static str = "messaging.config.update";
}

/// The current settings.
pub async fn current(state: &AppState) -> AppResult<Arc<MessagingConfig>> {
    crate::platform::settings::current(state).await
}

/// Replaces the settings (validated, audited).
pub async fn update(state: &AppState, actor: i64, new: MessagingConfig) -> AppResult<()> {
    new.validate()?;
    crate::platform::settings::replace(state, Some(actor), new).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_route_before_topics_and_all_conditions_must_hold() {
        let mut c = MessagingConfig::default();
        assert_eq!(c.route("fraud", None, None, "hi"), "trust_safety");
        assert_eq!(c.route("renew_edit", None, None, "hi"), "ad_support");
        c.rules.push(Rule {
            category: Some("vehicles".into()),
            language: None,
            keywords: vec!["papers".into()],
            team: "trust_safety".into(),
        });
        c.rules.push(Rule {
            category: None,
            language: Some("af".into()),
            keywords: vec![],
            team: "general".into(),
        });
        assert_eq!(
            c.route("ad_help", Some("vehicles"), None, "Where are the PAPERS?"),
            "trust_safety"
        );
        assert_eq!(
            c.route("ad_help", Some("vehicles"), None, "paperslip"),
            "ad_support"
        );
        assert_eq!(c.route("ad_help", None, Some("af"), "Hallo"), "general");
    }

    #[test]
    fn targets_fall_back_to_every_team() {
        let mut c = MessagingConfig::default();
        assert_eq!(c.targets("general", "urgent").first_response, 30);
        c.targets.insert(
            "general/urgent".into(),
            Targets {
                first_response: 5,
                next_response: 10,
                resolution: 60,
            },
        );
        assert_eq!(c.targets("general", "urgent").first_response, 5);
        assert_eq!(c.targets("ad_support", "urgent").first_response, 30);
        assert!(c.validate().is_ok());
        c.targets.get_mut("general/urgent").unwrap().resolution = 0;
        assert!(c.validate().is_err());
    }
}
