//! The shield's one entry point for a request that creates or changes something: IP
//! block, honeypot and fill time, rate limits, CAPTCHA, in that order (cheapest first).
//! Every stop is recorded; repeated stops from one address earn it an automatic block.

use std::net::IpAddr;

use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use super::blocks::{self, Severity};
use super::events::{self, Event};
use super::forms::{GuardFields, form_age_ms};
use super::limits::{self, Hit};
use super::settings;
use crate::platform::error::{AppError, AppResult};
use crate::platform::net::rate_key;
use crate::platform::state::AppState;
use crate::platform::util::{now, sha256_hex};
use crate::platform::web::Ctx;

/// The network a report limit is shared by (a /24 for IPv4; IPv6 is already counted per
/// /64 by address) and how many people's worth of reports it allows.
const NETWORK_PREFIX_V4: u8 = 24;
const NETWORK_SHARE: f64 = 3.0;

/// Stops a minute from one network after which it is throttled, its puzzles get harder
/// and each further stop counts as an offence (enough of them block it).
pub const NETWORK_STOPS_PER_MINUTE: u64 = 30;
/// Networks being stopped at once for the site to call it a flood and raise the puzzle
/// for everyone.
pub const FLOODING_NETWORKS: usize = 20;

/// How far back failed logins count towards needing a CAPTCHA.
pub const LOGIN_FAILURE_WINDOW: i64 = 15 * 60;

/// Actions that put something on the site (a `no_posting` block stops them).
const POSTING: &[&str] = &["signup", "ad_post", "ad_edit", "report", "message"];
/// Forms that create something, where a fill faster than a person types means a bot
/// (not logins: password managers fill those at once).
const CREATING: &[&str] = &["signup", "ad_post", "report", "message"];

/// How far the site trusts the person behind a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Standing {
    /// Not logged in.
    Visitor,
    /// Unverified, or younger than three days.
    New,
    Regular,
    /// Verified, two weeks old, at least three ads that went live.
    Trusted,
    Staff,
}

impl Standing {
    /// How much more (or less) than the configured limits this person may do.
    pub fn limit_factor(self) -> f64 {
        match self {
            Standing::Visitor | Standing::Regular => 1.0,
            Standing::New => 0.5,
            Standing::Trusted => 2.0,
            Standing::Staff => 100.0,
        }
    }
}

/// The standing of whoever sent the request.
pub async fn standing(state: &AppState, ctx: &Ctx) -> AppResult<Standing> {
    let Some(me) = &ctx.user else {
        return Ok(Standing::Visitor);
    };
    if me.role.is_staff() {
        return Ok(Standing::Staff);
    }
    let created = crate::accounts::entity::user::Entity::find_by_id(me.id)
        .one(&state.db)
        .await?
        .map_or_else(now, |u| u.created_at);
    let age = now() - created;
    if !me.verified || age < 3 * 86_400 {
        return Ok(Standing::New);
    }
    let live = crate::ads::entity::ad::Entity::find()
        .filter(crate::ads::entity::ad::Column::OwnerId.eq(me.id))
        .filter(crate::ads::entity::ad::Column::Status.is_in(["published", "expired"]))
        .count(&state.db)
        .await?;
    Ok(if live >= 3 && age >= 14 * 86_400 {
        Standing::Trusted
    } else {
        Standing::Regular
    })
}

fn ip_of(ctx: &Ctx) -> Option<IpAddr> {
    ctx.ip.as_deref().and_then(|i| i.parse().ok())
}

fn fail_key(ip: IpAddr) -> String {
    format!("login_fail|a|{}", rate_key(ip))
}

fn email_fail_key(email: &str) -> String {
    format!(
        "login_fail|e|{}",
        &sha256_hex(&email.trim().to_lowercase())[..32]
    )
}

/// The proof-of-work difficulty for this request: lower for trusted people, higher for an
/// address with recent failures and while the site is flooded.
pub async fn difficulty(state: &AppState, ctx: &Ctx) -> AppResult<u64> {
    let config = settings::current(state).await?;
    let base = config.captcha.difficulty;
    let mut d = match standing(state, ctx).await? {
        Standing::Visitor | Standing::New => base,
        Standing::Regular => base / 2,
        Standing::Trusted | Standing::Staff => base / 10,
    };
    if let Some(ip) = ip_of(ctx)
        && limits::peek(&state.db, &fail_key(ip), LOGIN_FAILURE_WINDOW).await?
            >= config.captcha.login_failures
    {
        d = d.saturating_mul(4);
    }
    let recorder = state.slots.get_or_default::<events::Recorder>();
    // The network that is being stopped pays more, not everybody: the puzzle gets harder
    // for all only in a flood from many networks at once.
    let noisy_network = recorder.network_stops(ctx.ip.as_deref()) >= NETWORK_STOPS_PER_MINUTE;
    let wide_flood = recorder.stops_per_minute() >= config.captcha.flood_per_minute as u64
        && recorder.flooding_networks() >= FLOODING_NETWORKS;
    if noisy_network || wide_flood {
        d = d.saturating_mul(4);
    }
    Ok(d.clamp(100, 50_000_000))
}

/// One request to check.
pub struct Attempt<'a> {
    /// `signup`, `login`, `password_reset`, `verify_mail`, `ad_post`, `ad_edit`,
    /// `report` or `message`.
    pub action: &'static str,
    /// The guard's fields of an HTML form (honeypot, fill time, CAPTCHA); `None` for API
    /// requests, which carry a CAPTCHA in `X-Captcha` instead.
    pub form: Option<&'a GuardFields>,
    pub captcha_header: Option<&'a str>,
    /// Whether this request must carry a solved CAPTCHA.
    pub captcha: bool,
}

/// What the shield decided.
#[derive(Debug)]
pub enum Outcome {
    /// Go ahead. `hold_signup` says why a new account must wait for a moderator (an
    /// `approval` block on the address, or the accessible question answered instead of
    /// the puzzle); `review` asks that what is created waits for a person (the question
    /// again); `limit` is the tightest window's state.
    Pass {
        limit: Option<Hit>,
        hold_signup: Option<String>,
        review: bool,
    },
    /// A bot tripped the honeypot or the fill time: answer as if it worked, store nothing.
    Trap,
}

fn event(ctx: &Ctx, action: &'static str, kind: &'static str, rule: Option<String>) -> Event {
    Event {
        ip: ctx.ip.clone(),
        user_id: ctx.user.as_ref().map(|u| u.id),
        action,
        kind,
        rule,
        detail: None,
    }
}

/// Counts an offence against the request's address; enough of them in the window
/// block the address automatically (longer for repeat offenders).
pub async fn offence(state: &AppState, ip: Option<&str>, why: &str) -> AppResult<()> {
    let Some(ip) = ip.and_then(|i| i.parse::<IpAddr>().ok()) else {
        return Ok(());
    };
    let config = settings::current(state).await?;
    if !config.auto_block.enabled {
        return Ok(());
    }
    let key = format!("offence|a|{}", rate_key(ip));
    let n = limits::bump(&state.db, &key, config.auto_block.window_seconds).await?;
    if n >= config.auto_block.offences
        && let Some(b) = blocks::auto_block(state, ip, why).await?
    {
        events::record(
            state,
            Event {
                ip: Some(ip.to_string()),
                user_id: None,
                action: "access",
                kind: "auto_block",
                rule: Some(b.cidr.clone()),
                detail: Some(b.reason.clone()),
            },
        );
    }
    Ok(())
}

/// Runs every check for `attempt`. Errors are what the person is told: 403 for a
/// blocked address, 429 with `Retry-After` for a limit, 422 on the `captcha` field.
pub async fn check(state: &AppState, ctx: &Ctx, attempt: Attempt<'_>) -> AppResult<Outcome> {
    let action = attempt.action;
    let mut hold_signup = None;
    let mut review = false;
    if let Some(block) = blocks::lookup(state, ctx.ip.as_deref()) {
        if block.severity >= Severity::NoPosting && POSTING.contains(&action) {
            events::record(
                state,
                event(ctx, action, "blocked", Some(block.cidr.to_string())),
            );
            return Err(AppError::Forbidden("address_blocked"));
        }
        if block.severity == Severity::Approval && action == "signup" {
            hold_signup = Some(format!("address {} needs approval", block.cidr));
        }
    }
    if let Some(form) = attempt.form {
        if !form.website.trim().is_empty() {
            events::record(state, event(ctx, action, "honeypot", None));
            offence(state, ctx.ip.as_deref(), "honeypot").await?;
            return Ok(Outcome::Trap);
        }
        let min = state.config.form_min_fill_ms as i64;
        match form_age_ms(state, &form.form_ts) {
            Some(age) if age >= min || !CREATING.contains(&action) => {}
            age => {
                let rule = age.map_or_else(|| "unsigned".to_string(), |a| format!("{a}ms"));
                events::record(state, event(ctx, action, "too_fast", Some(rule)));
                offence(state, ctx.ip.as_deref(), "form sent too fast").await?;
                return Ok(Outcome::Trap);
            }
        }
    }
    // The CAPTCHA before the limits: junk without a solved puzzle costs one hash and
    // never uses up the quota of the people who share its address.
    if attempt.captcha {
        let answer = match (attempt.form, attempt.captcha_header) {
            (Some(form), _) => form.answer(),
            (None, header) => super::captcha::Answer {
                pow: header.map(str::to_string),
                question: None,
            },
        };
        let verified = super::captcha::verify(state, ctx, action, &answer).await?;
        if verified == Ok(super::captcha::Passed::Question) {
            question_friction(state, ctx, action).await?;
            review = true;
            if action == "signup" {
                hold_signup = Some("answered the text question instead of the puzzle".into());
            }
        }
        if let Err(failure) = verified {
            events::record(
                state,
                event(ctx, action, "captcha_failed", Some(failure.as_str().into())),
            );
            // A wrong answer is someone trying; no answer at all is the cheapest bot,
            // refused without a database write until its network has been refused often:
            // then it is throttled, and each refusal is an offence towards a block.
            if failure != super::captcha::Failure::Missing
                && let Some(ip) = ip_of(ctx)
            {
                limits::bump(&state.db, &fail_key(ip), LOGIN_FAILURE_WINDOW).await?;
            }
            throttle_noisy_network(state, ctx, action).await?;
            let key = if failure == super::captcha::Failure::Missing {
                "field-captcha-required"
            } else {
                "field-captcha-failed"
            };
            return Err(AppError::field("captcha", key));
        }
    }
    let config = settings::current(state).await?;
    let mut tightest: Option<Hit> = None;
    if let Some(limit) = config.limit(action) {
        let factor = standing(state, ctx).await?.limit_factor();
        let mut keys = Vec::new();
        if let Some(ip) = ip_of(ctx) {
            keys.push((format!("{action}|a|{}", rate_key(ip)), factor));
            // Reports also per network: a room of accounts behind one router reporting
            // the same seller is one crowd, allowed a few people's worth.
            if action == "report" && crate::platform::net::canonical(ip).is_ipv4() {
                let net = crate::platform::net::Cidr::network(ip, NETWORK_PREFIX_V4);
                keys.push((format!("{action}|n|{net}"), factor * NETWORK_SHARE));
            }
        }
        if let Some(u) = &ctx.user {
            keys.push((format!("{action}|u|{}", u.id), factor));
        }
        for (key, factor) in keys {
            let hit = limits::hit(state, &key, limit, factor).await?;
            if !hit.allowed {
                events::record(
                    state,
                    event(
                        ctx,
                        action,
                        "throttled",
                        Some(format!("{action}:{}", hit.window)),
                    ),
                );
                offence(state, ctx.ip.as_deref(), "rate limit").await?;
                return Err(AppError::TooManyRequests {
                    retry_after: hit.reset.max(1) as u64,
                    limit: hit.limit,
                });
            }
            if tightest
                .as_ref()
                .is_none_or(|t| hit.remaining < t.remaining)
            {
                tightest = Some(hit);
            }
        }
    }
    Ok(Outcome::Pass {
        limit: tightest,
        hold_signup,
        review,
    })
}

/// A network stopped [`NETWORK_STOPS_PER_MINUTE`] times this minute gets 429 for the rest
/// of it, and each such request is an offence (enough block the network's address).
async fn throttle_noisy_network(
    state: &AppState,
    ctx: &Ctx,
    action: &'static str,
) -> AppResult<()> {
    let recorder = state.slots.get_or_default::<events::Recorder>();
    if recorder.network_stops(ctx.ip.as_deref()) < NETWORK_STOPS_PER_MINUTE {
        return Ok(());
    }
    events::record(
        state,
        event(ctx, action, "throttled", Some("network".into())),
    );
    offence(
        state,
        ctx.ip.as_deref(),
        "repeated refusals from one network",
    )
    .await?;
    Err(AppError::TooManyRequests {
        retry_after: 60,
        limit: NETWORK_STOPS_PER_MINUTE as u32,
    })
}

/// Answers to the accessible question per address per hour, whatever the action: enough
/// for a person without JavaScript, too few to be a bot's way around the puzzle.
pub const QUESTION_PER_HOUR: u32 = 6;

/// The accessible question is as easy for a script as for a person, so it is rationed
/// per address and recorded.
async fn question_friction(state: &AppState, ctx: &Ctx, action: &'static str) -> AppResult<()> {
    events::record(state, event(ctx, action, "captcha_question", None));
    let Some(ip) = ip_of(ctx) else {
        return Ok(());
    };
    let used = limits::bump(
        &state.db,
        &format!("captcha_question|a|{}", rate_key(ip)),
        3600,
    )
    .await?;
    if used > QUESTION_PER_HOUR {
        events::record(
            state,
            event(ctx, action, "throttled", Some("captcha_question".into())),
        );
        offence(state, ctx.ip.as_deref(), "too many text answers").await?;
        return Err(AppError::TooManyRequests {
            retry_after: 3600,
            limit: QUESTION_PER_HOUR,
        });
    }
    Ok(())
}

/// Whether a login from this request for `email` needs a CAPTCHA: after a few failures
/// from the address or for the address typed. Never a lock-out: the right password with
/// a solved CAPTCHA always gets in.
pub async fn login_needs_captcha(
    state: &AppState,
    ctx: &Ctx,
    email: Option<&str>,
) -> AppResult<bool> {
    let config = settings::current(state).await?;
    let n = config.captcha.login_failures;
    if let Some(ip) = ip_of(ctx)
        && limits::peek(&state.db, &fail_key(ip), LOGIN_FAILURE_WINDOW).await? >= n
    {
        return Ok(true);
    }
    if let Some(e) = email.filter(|e| !e.trim().is_empty()) {
        return Ok(limits::peek(&state.db, &email_fail_key(e), LOGIN_FAILURE_WINDOW).await? >= n);
    }
    Ok(false)
}

/// Counts a wrong password typed to confirm a change (a logged-in session) like a failed
/// login: against the address and the account, so the next login needs a CAPTCHA.
pub async fn password_failed(state: &AppState, ip: Option<&str>, email: &str) -> AppResult<()> {
    if let Some(ip) = ip.and_then(|i| i.parse::<IpAddr>().ok()) {
        limits::bump(&state.db, &fail_key(ip), LOGIN_FAILURE_WINDOW).await?;
    }
    limits::bump(&state.db, &email_fail_key(email), LOGIN_FAILURE_WINDOW).await?;
    events::record(
        state,
        Event {
            ip: ip.map(str::to_string),
            user_id: None,
            action: "login",
            kind: "login_failed",
            rule: Some("current_password".into()),
            detail: None,
        },
    );
    Ok(())
}

/// Counts a failed login against the address and the account name typed.
pub async fn login_failed(state: &AppState, ctx: &Ctx, email: &str) -> AppResult<()> {
    if let Some(ip) = ip_of(ctx) {
        limits::bump(&state.db, &fail_key(ip), LOGIN_FAILURE_WINDOW).await?;
    }
    limits::bump(&state.db, &email_fail_key(email), LOGIN_FAILURE_WINDOW).await?;
    events::record(state, event(ctx, "login", "login_failed", None));
    Ok(())
}
