//! The shield's run-time settings: rate limits per action, CAPTCHA difficulty, automatic
//! blocks and sign-up screening. Stored as one JSON setting; admins change it through the
//! office page, the API or the CLI, and every instance picks the change up within seconds.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::state::AppState;

/// Everything an admin can tune.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ShieldConfig {
    /// Action name (`signup`, `login`, `ad_post`…) → its limits.
    pub limits: BTreeMap<String, Limit>,
    pub captcha: CaptchaConfig,
    pub auto_block: AutoBlockConfig,
    pub email: EmailPolicy,
    /// Single-address blocks in one /24 (IPv4) or /64 (IPv6) before a roll-up is proposed.
    pub rollup_min: u32,
}

/// A short and a long window; each counts separately per address and per account.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Limit {
    pub short: Window,
    pub long: Window,
}

/// At most `limit` requests per `seconds`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Window {
    pub limit: u32,
    pub seconds: i64,
}

/// Proof-of-work difficulty (the largest secret number, so the average work is half of it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct CaptchaConfig {
    /// For visitors and ordinary accounts.
    pub difficulty: u64,
    /// Failed logins from one address or for one account (15 minutes) before a login
    /// needs a CAPTCHA.
    pub login_failures: u32,
    /// Throttled or trapped requests per minute, site-wide, that count as a flood
    /// (difficulty goes up while it lasts).
    pub flood_per_minute: u32,
}

/// Automatic temporary blocks for addresses that keep offending.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct AutoBlockConfig {
    pub enabled: bool,
    /// Offences (throttled requests, gate rejections, honeypot hits) within `window_seconds`…
    pub offences: u32,
    pub window_seconds: i64,
    /// …block for these many seconds: the first time, the second time, and every time after.
    pub ladder_seconds: Vec<i64>,
}

/// What happens to a sign-up with each kind of address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Screen {
    Allow,
    /// The account is created but waits for a moderator.
    Approval,
    Refuse,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct EmailPolicy {
    /// Throw-away mailbox providers.
    pub disposable: Screen,
    /// Domains an admin blocked (their subdomains too).
    pub blocked: Screen,
    /// An address that is another account's address once dots and `+tags` are removed.
    pub duplicate: Screen,
}

fn w(limit: u32, seconds: i64) -> Window {
    Window { limit, seconds }
}

const MIN: i64 = 60;
const DAY: i64 = 86_400;

impl Default for ShieldConfig {
    fn default() -> Self {
        let limits = [
            ("signup", w(5, 10 * MIN), w(20, DAY)),
            ("login", w(20, 10 * MIN), w(200, DAY)),
            ("password_reset", w(5, 10 * MIN), w(20, DAY)),
            ("verify_mail", w(5, 10 * MIN), w(20, DAY)),
            ("ad_post", w(5, 10 * MIN), w(50, DAY)),
            ("ad_edit", w(20, 10 * MIN), w(200, DAY)),
            ("report", w(10, 10 * MIN), w(50, DAY)),
            ("message", w(20, 10 * MIN), w(300, DAY)),
            // The live check while someone types: generous for a person, useless as an
            // oracle for a script.
            ("spam_check", w(30, MIN), w(500, DAY)),
        ]
        .into_iter()
        .map(|(a, short, long)| (a.to_string(), Limit { short, long }))
        .collect();
        ShieldConfig {
            limits,
            captcha: CaptchaConfig::default(),
            auto_block: AutoBlockConfig::default(),
            email: EmailPolicy::default(),
            rollup_min: 3,
        }
    }
}

impl Default for CaptchaConfig {
    fn default() -> Self {
        CaptchaConfig {
            difficulty: 50_000,
            login_failures: 3,
            flood_per_minute: 300,
        }
    }
}

impl Default for AutoBlockConfig {
    fn default() -> Self {
        AutoBlockConfig {
            enabled: true,
            offences: 20,
            window_seconds: 3600,
            ladder_seconds: vec![3600, DAY, 7 * DAY],
        }
    }
}

impl Default for EmailPolicy {
    fn default() -> Self {
        EmailPolicy {
            disposable: Screen::Refuse,
            blocked: Screen::Refuse,
            duplicate: Screen::Approval,
        }
    }
}

impl ShieldConfig {
    /// The limits of an action (every action the site rate-limits has defaults).
    /// The limits of an action: the admins' when they set some, else the default (a site
    /// whose settings were saved before an action existed still limits it).
    pub fn limit(&self, action: &str) -> Option<Limit> {
        self.limits
            .get(action)
            .copied()
            .or_else(|| ShieldConfig::default().limits.get(action).copied())
    }

    /// Refuses settings that would break the site or make no sense, field by field.
    pub fn validate(&self) -> AppResult<()> {
        let mut f = FieldErrors::new();
        for (action, l) in &self.limits {
            if !super::ACTIONS.contains(&action.as_str()) {
                f.insert(format!("limits.{action}"), "field-invalid".into());
            }
            for (name, win) in [("short", l.short), ("long", l.long)] {
                if win.limit == 0 || win.seconds < 1 || win.seconds > 30 * DAY {
                    f.insert(format!("limits.{action}.{name}"), "field-invalid".into());
                }
            }
        }
        if !(1..=50_000_000).contains(&self.captcha.difficulty) {
            f.insert("captcha.difficulty".into(), "field-invalid".into());
        }
        if self.auto_block.ladder_seconds.is_empty()
            || self.auto_block.ladder_seconds.iter().any(|s| *s < 60)
            || self.auto_block.offences == 0
            || self.auto_block.window_seconds < 60
        {
            f.insert("auto_block".into(), "field-invalid".into());
        }
        if self.rollup_min < 2 {
            f.insert("rollup_min".into(), "field-invalid".into());
        }
        if f.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(f))
        }
    }
}

impl crate::platform::settings::Setting for ShieldConfig {
    const KEY: &'static str = "shield_config";
    const AUDIT_ACTION: &'static str = "shield.config.update";

    /// Actions a configuration stored by an older version does not name get their defaults.
    fn complete(mut self) -> Self {
        for (action, limit) in ShieldConfig::default().limits {
            self.limits.entry(action).or_insert(limit);
        }
        self
    }
}

/// The current settings (seconds old at most on other instances, fresh on this one).
pub async fn current(state: &AppState) -> AppResult<Arc<ShieldConfig>> {
    crate::platform::settings::current(state).await
}

/// Replaces the settings (validated, audited) and returns them.
pub async fn update(
    state: &AppState,
    actor: Option<i64>,
    new: ShieldConfig,
) -> AppResult<Arc<ShieldConfig>> {
    new.validate()?;
    crate::platform::settings::replace(state, actor, new).await
}
