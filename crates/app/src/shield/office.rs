//! The shield's office pages: an overview of what it stopped with the settings
//! (`/office/shield`), the block list (`/office/blocks`) and one address's history
//! (`/office/addresses/{ip}`). Moderators see and block; admins also change settings,
//! import lists, roll blocks up and edit the mail-domain lists.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::api::{AddressHistory, history};
use super::blocks::{self, ListQuery, NewBlock, Rollup};
use super::settings::{self, Screen, ShieldConfig};
use super::{email, events};
use crate::platform::auth::{Admin, Moderator};
use crate::platform::csrf::CsrfForm;
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::forms::NoticeQuery;
use crate::platform::render::page_with_status;
use crate::platform::state::AppState;
use crate::platform::util::{format_time, now};
use crate::platform::web::Ctx;

/// The shield's pages.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/office/shield", get(overview))
        .route("/office/shield/settings", post(save_settings))
        .route("/office/shield/domains", post(add_domains))
        .route("/office/shield/domains/remove", post(remove_domain))
        .route("/office/blocks", get(block_list).post(add_block))
        .route("/office/blocks/lift", post(lift_block))
        .route("/office/blocks/import", post(import_blocks))
        .route("/office/blocks/rollup", post(rollup))
        .route("/office/addresses/{ip}", get(address))
}

/// One row of the record as pages show it.
pub struct EventRow {
    pub when: String,
    pub ip: String,
    pub user: String,
    pub action: String,
    pub kind: String,
    pub rule: String,
}

fn rows(list: Vec<events::entity::Model>) -> Vec<EventRow> {
    list.into_iter()
        .map(|e| EventRow {
            when: format_time(e.created_at),
            ip: e.ip.unwrap_or_default(),
            user: e.user_id.map(|u| u.to_string()).unwrap_or_default(),
            action: e.action,
            kind: e.kind,
            rule: e.rule.unwrap_or_default(),
        })
        .collect()
}

/// A settings row: one action's two windows.
pub struct LimitRow {
    pub action: String,
    pub short_limit: u32,
    pub short_seconds: i64,
    pub long_limit: u32,
    pub long_seconds: i64,
}

#[derive(Template)]
#[template(path = "shield/overview.html")]
struct OverviewPage {
    ctx: Ctx,
    notice: Option<String>,
    errors: FieldErrors,
    form_error: Option<String>,
    counts: Vec<(String, i64)>,
    recent: Vec<EventRow>,
    config: ShieldConfig,
    limits: Vec<LimitRow>,
    ladder: String,
    domains: Vec<email::entity::Model>,
    domain_counts: email::DomainCounts,
}

impl OverviewPage {
    fn screen_options(&self) -> [(&'static str, &'static str); 3] {
        [
            ("allow", "office-screen-allow"),
            ("approval", "office-screen-approval"),
            ("refuse", "office-screen-refuse"),
        ]
    }

    fn is_screen(&self, which: &str, value: &str) -> bool {
        self.screen_of(which) == value
    }

    fn screen_of(&self, which: &str) -> &'static str {
        let s = match which {
            "disposable" => self.config.email.disposable,
            "blocked" => self.config.email.blocked,
            _ => self.config.email.duplicate,
        };
        match s {
            Screen::Allow => "allow",
            Screen::Approval => "approval",
            Screen::Refuse => "refuse",
        }
    }
}

async fn overview_page(
    state: &AppState,
    ctx: Ctx,
    notice: Option<String>,
    config: Option<ShieldConfig>,
    e: Option<AppError>,
) -> AppResult<Response> {
    let (status, errors, form_error) = crate::platform::forms::page_errors(&ctx, e)?;
    let config = match config {
        Some(c) => c,
        None => (*settings::current(state).await?).clone(),
    };
    let limits = config
        .limits
        .iter()
        .map(|(a, l)| LimitRow {
            action: a.clone(),
            short_limit: l.short.limit,
            short_seconds: l.short.seconds,
            long_limit: l.long.limit,
            long_seconds: l.long.seconds,
        })
        .collect();
    let ladder = config
        .auto_block
        .ladder_seconds
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let counts = events::counts_by_kind(&state.db, now() - 86_400).await?;
    let recent = rows(events::list(&state.db, &Default::default(), 50).await?);
    let domains = email::list(state, None).await?;
    let domain_counts = email::counts(state).await?;
    page_with_status(
        &OverviewPage {
            ctx,
            notice,
            errors,
            form_error,
            counts,
            recent,
            config,
            limits,
            ladder,
            domains,
            domain_counts,
        },
        status,
    )
}

async fn overview(
    State(state): State<AppState>,
    ctx: Ctx,
    _m: Moderator,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    overview_page(&state, ctx, q.notice(), None, None).await
}

/// Reads the settings form (flat fields: `short_limit.signup`, `captcha_difficulty`…).
fn parse_settings(
    current: &ShieldConfig,
    pairs: &[(String, String)],
) -> Result<ShieldConfig, FieldErrors> {
    let mut c = current.clone();
    let mut f = FieldErrors::new();
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.trim());
    fn num<T: std::str::FromStr>(f: &mut FieldErrors, name: &str, v: Option<&str>, into: &mut T) {
        if let Some(v) = v {
            match v.parse() {
                Ok(n) => *into = n,
                Err(_) => {
                    f.insert(name.into(), "field-invalid".into());
                }
            }
        }
    }
    for (action, limit) in c.limits.iter_mut() {
        num(
            &mut f,
            &format!("short_limit.{action}"),
            get(&format!("short_limit.{action}")),
            &mut limit.short.limit,
        );
        num(
            &mut f,
            &format!("short_seconds.{action}"),
            get(&format!("short_seconds.{action}")),
            &mut limit.short.seconds,
        );
        num(
            &mut f,
            &format!("long_limit.{action}"),
            get(&format!("long_limit.{action}")),
            &mut limit.long.limit,
        );
        num(
            &mut f,
            &format!("long_seconds.{action}"),
            get(&format!("long_seconds.{action}")),
            &mut limit.long.seconds,
        );
    }
    num(
        &mut f,
        "captcha_difficulty",
        get("captcha_difficulty"),
        &mut c.captcha.difficulty,
    );
    num(
        &mut f,
        "login_failures",
        get("login_failures"),
        &mut c.captcha.login_failures,
    );
    num(
        &mut f,
        "flood_per_minute",
        get("flood_per_minute"),
        &mut c.captcha.flood_per_minute,
    );
    c.auto_block.enabled = get("auto_enabled").is_some();
    num(
        &mut f,
        "auto_offences",
        get("auto_offences"),
        &mut c.auto_block.offences,
    );
    num(
        &mut f,
        "auto_window",
        get("auto_window"),
        &mut c.auto_block.window_seconds,
    );
    if let Some(l) = get("auto_ladder") {
        match l
            .split(',')
            .map(|s| s.trim().parse::<i64>())
            .collect::<Result<Vec<_>, _>>()
        {
            Ok(v) => c.auto_block.ladder_seconds = v,
            Err(_) => {
                f.insert("auto_ladder".into(), "field-invalid".into());
            }
        }
    }
    num(&mut f, "rollup_min", get("rollup_min"), &mut c.rollup_min);
    for (name, slot) in [
        ("email_disposable", &mut c.email.disposable),
        ("email_blocked", &mut c.email.blocked),
        ("email_duplicate", &mut c.email.duplicate),
    ] {
        match get(name) {
            Some("allow") => *slot = Screen::Allow,
            Some("approval") => *slot = Screen::Approval,
            Some("refuse") => *slot = Screen::Refuse,
            Some(_) => {
                f.insert(name.into(), "field-invalid".into());
            }
            None => {}
        }
    }
    if f.is_empty() { Ok(c) } else { Err(f) }
}

async fn save_settings(
    State(state): State<AppState>,
    ctx: Ctx,
    Admin(me): Admin,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let current = (*settings::current(&state).await?).clone();
    let result = match parse_settings(&current, &pairs) {
        Ok(new) => settings::update(&state, Some(me.id), new.clone())
            .await
            .map_err(|e| (e, Some(new))),
        Err(f) => Err((AppError::Validation(f), None)),
    };
    match result {
        Ok(_) => {
            super::limits::forget_refusals(&state);
            Ok(Redirect::to("/office/shield?notice=notice-settings-saved").into_response())
        }
        Err((e, typed)) => overview_page(&state, ctx, None, typed, Some(e)).await,
    }
}

#[derive(Deserialize)]
pub struct DomainForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    domains: String,
}

async fn add_domains(
    State(state): State<AppState>,
    ctx: Ctx,
    Admin(me): Admin,
    CsrfForm(form): CsrfForm<DomainForm>,
) -> AppResult<Response> {
    let list: Vec<String> = form.domains.lines().map(str::to_string).collect();
    match email::add(&state, Some(me.id), &form.kind, &list).await {
        Ok(_) => Ok(Redirect::to("/office/shield?notice=notice-settings-saved").into_response()),
        Err(e) => overview_page(&state, ctx, None, None, Some(e)).await,
    }
}

#[derive(Deserialize)]
pub struct RemoveDomainForm {
    #[serde(default)]
    domain: String,
}

async fn remove_domain(
    State(state): State<AppState>,
    Admin(me): Admin,
    CsrfForm(form): CsrfForm<RemoveDomainForm>,
) -> AppResult<Response> {
    email::remove(&state, Some(me.id), &form.domain).await?;
    Ok(Redirect::to("/office/shield?notice=notice-settings-saved").into_response())
}

/// A block as the list shows it.
pub struct BlockRow {
    pub cidr: String,
    pub severity: String,
    pub reason: String,
    pub source: String,
    pub created: String,
    pub expires: String,
    pub lifted: bool,
    pub active: bool,
}

#[derive(Template)]
#[template(path = "shield/blocks.html")]
struct BlocksPage {
    ctx: Ctx,
    notice: Option<String>,
    errors: FieldErrors,
    form_error: Option<String>,
    q: String,
    all: bool,
    rows: Vec<BlockRow>,
    rollups: Vec<Rollup>,
    new: NewBlockForm,
    loaded: usize,
}

impl BlocksPage {
    fn rollup_line(&self, r: &Rollup) -> String {
        use crate::platform::i18n::Arg;
        self.ctx.t_with(
            "office-rollup-line",
            &[
                ("range", Arg::from(r.range.as_str())),
                ("count", Arg::Num(r.addresses.len() as i64)),
            ],
        )
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct NewBlockForm {
    #[serde(default)]
    cidr: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    severity: String,
    #[serde(default)]
    expires: String,
}

async fn blocks_page(
    state: &AppState,
    ctx: Ctx,
    q: ListQuery,
    notice: Option<String>,
    new: NewBlockForm,
    e: Option<AppError>,
) -> AppResult<Response> {
    let (status, errors, form_error) = crate::platform::forms::page_errors(&ctx, e)?;
    let t = now();
    let rows = blocks::list(&state.db, &q)
        .await?
        .into_iter()
        .map(|b| BlockRow {
            active: b.lifted_at.is_none() && b.expires_at.is_none_or(|e| e > t),
            cidr: b.cidr,
            severity: b.severity,
            reason: b.reason,
            source: b.source,
            created: format_time(b.created_at),
            expires: b.expires_at.map(format_time).unwrap_or_default(),
            lifted: b.lifted_at.is_some(),
        })
        .collect();
    let min = settings::current(state).await?.rollup_min;
    page_with_status(
        &BlocksPage {
            ctx,
            notice,
            errors,
            form_error,
            q: q.q.clone().unwrap_or_default(),
            all: q.all.unwrap_or(false),
            rows,
            rollups: blocks::rollup_suggestions(state, min),
            new,
            loaded: blocks::matcher(state).len(),
        },
        status,
    )
}

/// The list page's query: search, include lifted, and a notice after an action.
#[derive(Deserialize, Default)]
pub struct BlocksQuery {
    #[serde(default)]
    q: Option<String>,
    #[serde(default)]
    all: Option<String>,
    #[serde(default)]
    notice: Option<String>,
}

async fn block_list(
    State(state): State<AppState>,
    ctx: Ctx,
    _m: Moderator,
    Query(q): Query<BlocksQuery>,
) -> AppResult<Response> {
    let notice = crate::platform::forms::notice(q.notice.as_deref());
    let list = ListQuery {
        q: q.q,
        all: Some(q.all.is_some_and(|a| !a.is_empty())),
        page: None,
    };
    blocks_page(&state, ctx, list, notice, NewBlockForm::default(), None).await
}

async fn add_block(
    State(state): State<AppState>,
    ctx: Ctx,
    Moderator(me): Moderator,
    CsrfForm(form): CsrfForm<NewBlockForm>,
) -> AppResult<Response> {
    let new = NewBlock {
        cidr: form.cidr.clone(),
        reason: form.reason.clone(),
        severity: Some(form.severity.clone()),
        expires: Some(form.expires.clone()),
    };
    match blocks::add(&state, Some(me.id), &new, "manual").await {
        Ok(_) => Ok(Redirect::to("/office/blocks?notice=notice-block-added").into_response()),
        Err(e) => blocks_page(&state, ctx, ListQuery::default(), None, form, Some(e)).await,
    }
}

#[derive(Deserialize)]
pub struct CidrForm {
    #[serde(default)]
    cidr: String,
}

async fn lift_block(
    State(state): State<AppState>,
    Moderator(me): Moderator,
    CsrfForm(form): CsrfForm<CidrForm>,
) -> AppResult<Response> {
    match blocks::lift(&state, Some(me.id), &form.cidr).await {
        Ok(_) | Err(AppError::NotFound) => {
            Ok(Redirect::to("/office/blocks?notice=notice-block-lifted").into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct ImportForm {
    #[serde(default)]
    text: String,
    #[serde(default)]
    severity: String,
    #[serde(default)]
    expires: String,
    #[serde(default)]
    reason: String,
}

async fn import_blocks(
    State(state): State<AppState>,
    ctx: Ctx,
    Admin(me): Admin,
    CsrfForm(form): CsrfForm<ImportForm>,
) -> AppResult<Response> {
    let body = super::api::ImportBody {
        text: form.text,
        severity: Some(form.severity),
        expires: Some(form.expires),
        reason: Some(form.reason),
    };
    let result = async {
        let severity = blocks::Severity::parse(body.severity.as_deref().unwrap_or(""))
            .unwrap_or(blocks::Severity::NoPosting);
        let expires = blocks::parse_duration(body.expires.as_deref().unwrap_or(""))
            .map_err(|k| AppError::field("expires", k))?;
        let reason = body
            .reason
            .clone()
            .filter(|r| !r.trim().is_empty())
            .unwrap_or_else(|| "imported blocklist".into());
        blocks::import(&state, Some(me.id), &body.text, severity, expires, &reason).await
    }
    .await;
    match result {
        Ok(r) => {
            let notice = ctx.t_with(
                "notice-blocks-imported",
                &[
                    ("added", crate::platform::i18n::Arg::Num(r.added as i64)),
                    (
                        "invalid",
                        crate::platform::i18n::Arg::Num(r.invalid.len() as i64),
                    ),
                ],
            );
            blocks_page(
                &state,
                ctx,
                ListQuery::default(),
                Some(notice),
                NewBlockForm::default(),
                None,
            )
            .await
        }
        Err(e) => {
            blocks_page(
                &state,
                ctx,
                ListQuery::default(),
                None,
                NewBlockForm::default(),
                Some(e),
            )
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct RollupForm {
    #[serde(default)]
    range: String,
}

async fn rollup(
    State(state): State<AppState>,
    Admin(me): Admin,
    CsrfForm(form): CsrfForm<RollupForm>,
) -> AppResult<Response> {
    blocks::rollup(
        &state,
        Some(me.id),
        &form.range,
        "several blocked addresses in one network",
    )
    .await?;
    Ok(Redirect::to("/office/blocks?notice=notice-block-added").into_response())
}

#[derive(Template)]
#[template(path = "shield/address.html")]
struct AddressPage {
    ctx: Ctx,
    h: AddressHistory,
    events: Vec<EventRow>,
    blocks: Vec<BlockRow>,
    verdicts: Vec<(String, String, String, String)>,
}

async fn address(
    State(state): State<AppState>,
    ctx: Ctx,
    _m: Moderator,
    Path(ip): Path<String>,
) -> AppResult<Response> {
    let mut h = history(&state, &ip).await.map_err(|_| AppError::NotFound)?;
    let t = now();
    let blocks = h
        .blocks
        .iter()
        .map(|b| BlockRow {
            active: b.lifted_at.is_none() && b.expires_at.is_none_or(|e| e > t),
            cidr: b.cidr.clone(),
            severity: b.severity.clone(),
            reason: b.reason.clone(),
            source: b.source.clone(),
            created: format_time(b.created_at),
            expires: b.expires_at.map(format_time).unwrap_or_default(),
            lifted: b.lifted_at.is_some(),
        })
        .collect();
    let events = rows(std::mem::take(&mut h.events));
    let verdicts = h
        .verdicts
        .iter()
        .map(|(k, a, s, at)| (k.clone(), a.clone(), format!("{s:.2}"), format_time(*at)))
        .collect();
    page_with_status(
        &AddressPage {
            ctx,
            h,
            events,
            blocks,
            verdicts,
        },
        StatusCode::OK,
    )
}
