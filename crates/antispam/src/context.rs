//! Account and behaviour signals: who is posting matters as much as what. New, unverified or
//! previously rejected accounts score higher; long-standing accounts with approved ads or
//! two-factor authentication earn a discount; bursts of submissions look like bots.

use crate::config::Config;
use crate::submission::AccountContext;
use crate::verdict::Signal;

/// Context signals for one submission.
pub(crate) fn signals(config: &Config, ctx: &AccountContext, out: &mut Vec<Signal>) {
    let w = &config.weights;
    if let Some(age) = ctx.account_age_hours.filter(|a| a.is_finite()) {
        if age < 24.0 {
            out.push(Signal::new(
                "new_account",
                w.new_account_day,
                format!("account is {age:.0} hour(s) old"),
            ));
        } else if age < 24.0 * 7.0 {
            out.push(Signal::new(
                "new_account",
                w.new_account_week,
                format!("account is {:.0} day(s) old", age / 24.0),
            ));
        }
    }
    if ctx.email_verified == Some(false) {
        out.push(Signal::new(
            "unverified",
            w.unverified,
            "e-mail address not verified",
        ));
    }
    if ctx.rejected_ads > 0 {
        let n = ctx.rejected_ads.min(5);
        out.push(Signal::new(
            "rejected_history",
            w.rejected_history * f64::from(n),
            format!(
                "{} ad(s) rejected before, {} approved",
                ctx.rejected_ads, ctx.approved_ads
            ),
        ));
    }
    let approved_enough = ctx.approved_ads >= config.trusted_after_approved
        && ctx.approved_ads > ctx.rejected_ads * 4;
    if approved_enough || (ctx.two_factor && ctx.rejected_ads == 0) {
        let mut why = Vec::new();
        if approved_enough {
            why.push(format!("{} approved ads", ctx.approved_ads));
        }
        if ctx.two_factor {
            why.push("two-factor on".to_owned());
        }
        let score = if approved_enough && ctx.two_factor {
            w.trusted_account * 1.5
        } else {
            w.trusted_account
        };
        out.push(Signal::new("trusted_account", score, why.join(", ")));
    }
    let mut bursts = Vec::new();
    if ctx.recent_by_account > config.velocity_account_limit {
        bursts.push(format!(
            "{} recent submissions by this account",
            ctx.recent_by_account
        ));
    }
    if ctx.recent_by_ip > config.velocity_ip_limit {
        bursts.push(format!(
            "{} recent submissions from this IP",
            ctx.recent_by_ip
        ));
    }
    if !bursts.is_empty() {
        out.push(Signal::new(
            "velocity",
            w.velocity * bursts.len() as f64,
            bursts.join(", "),
        ));
    }
}
