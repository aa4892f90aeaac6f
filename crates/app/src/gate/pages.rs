//! `/office/gate`: the admins' page for the gate (keyword rules, thresholds and weights,
//! blocked link domains, model versions, rule files in and out) and `/office/audit`,
//! the audit log, searchable by subject and never editable. The same store functions as
//! the API, so every change is audited and holds on every instance within seconds.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::store;
use crate::platform::auth::Admin;
use crate::platform::csrf::{CsrfForm, EmptyForm};
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::forms::NoticeQuery;
use crate::platform::render::page_with_status;
use crate::platform::state::AppState;
use crate::platform::util::format_time;
use crate::platform::web::Ctx;

/// The gate's pages.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/office/gate", get(show))
        .route("/office/gate/config", post(save_config))
        .route("/office/gate/rules", post(add_rule))
        .route("/office/gate/rules/{id}/delete", post(delete_rule))
        .route("/office/gate/rules/import", post(import_rules))
        .route("/office/gate/rules.jsonl", get(export_rules))
        .route("/office/gate/models/{version}/activate", post(activate))
        .route("/office/gate/suggestions/mine", post(mine))
        .route("/office/gate/suggestions/{id}/accept", post(accept))
        .route("/office/gate/suggestions/{id}/dismiss", post(dismiss))
        .route("/office/audit", get(audit))
}

async fn apply_now(state: &AppState) -> AppResult<()> {
    super::gate(state)?
        .refresh(&state.db)
        .await
        .map_err(AppError::Internal)?;
    Ok(())
}

pub struct RuleRow {
    pub id: i64,
    pub pattern: String,
    pub kind: String,
    pub category: String,
    pub action: String,
    pub score: String,
    pub hits: i64,
    pub held: i64,
    pub false_positives: i64,
}

pub struct ModelRow {
    pub version: i32,
    pub source: String,
    pub active: bool,
    pub created: String,
}

#[derive(Template)]
#[template(path = "gate/office.html")]
struct GatePage {
    ctx: Ctx,
    notice: Option<String>,
    errors: FieldErrors,
    form_error: Option<String>,
    hold: String,
    reject: String,
    weights: Vec<(String, String)>,
    blocked_domains: String,
    rules: Vec<RuleRow>,
    models: Vec<ModelRow>,
    categories: Vec<String>,
    suggestions: Vec<super::suggest::Suggestion>,
    /// How much the site's own model counts against the shipped one, in percent.
    site_trust: i64,
}

async fn render(
    state: &AppState,
    ctx: Ctx,
    notice: Option<String>,
    e: Option<AppError>,
) -> AppResult<Response> {
    let (status, errors, form_error) = crate::platform::forms::page_errors(&ctx, e)?;
    let cfg = store::config(&state.db).await?;
    let weights = match serde_json::to_value(&cfg.weights) {
        Ok(serde_json::Value::Object(m)) => {
            m.into_iter().map(|(k, v)| (k, v.to_string())).collect()
        }
        _ => Vec::new(),
    };
    let stats = super::stats::all(&state.db).await?;
    let rules = store::rules(&state.db)
        .await?
        .into_iter()
        .map(|r| {
            let s = stats.get(&r.id);
            RuleRow {
                id: r.id,
                pattern: r.pattern,
                kind: r.match_kind,
                category: r.category.unwrap_or_default(),
                action: r.action,
                score: format!("{:.1}", r.score),
                hits: s.map_or(0, |s| s.hits),
                held: s.map_or(0, |s| s.held),
                false_positives: s.map_or(0, |s| s.false_positives),
            }
        })
        .collect();
    let suggestions = super::suggest::pending(&state.db).await?;
    let site_trust = (super::gate(state)?.site_model_trust() * 100.0).round() as i64;
    let models = store::models(&state.db)
        .await?
        .into_iter()
        .map(|(version, source, active, at)| ModelRow {
            version,
            source,
            active,
            created: format_time(at),
        })
        .collect();
    let categories = crate::ads::service::category_slugs(&state.db).await?;
    page_with_status(
        &GatePage {
            ctx,
            notice,
            errors,
            form_error,
            hold: cfg.hold_threshold.to_string(),
            reject: cfg.reject_threshold.to_string(),
            weights,
            blocked_domains: cfg.blocked_domains.join("\n"),
            rules,
            models,
            categories,
            suggestions,
            site_trust,
        },
        status,
    )
}

async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    _a: Admin,
    Query(q): Query<NoticeQuery>,
) -> AppResult<Response> {
    render(&state, ctx, q.notice(), None).await
}

const SAVED: &str = "/office/gate?notice=notice-settings-saved";

/// Thresholds, weights (`weight.<name>`) and blocked domains from the form.
fn read_config(
    mut cfg: antispam::Config,
    pairs: &[(String, String)],
) -> Result<antispam::Config, FieldErrors> {
    let mut f = FieldErrors::new();
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.trim());
    let num = |f: &mut FieldErrors, name: &str, v: Option<&str>, into: &mut f64| {
        if let Some(v) = v {
            match v.parse::<f64>() {
                Ok(n) if n.is_finite() => *into = n,
                _ => {
                    f.insert(name.into(), "field-invalid".into());
                }
            }
        }
    };
    num(
        &mut f,
        "hold_threshold",
        get("hold_threshold"),
        &mut cfg.hold_threshold,
    );
    num(
        &mut f,
        "reject_threshold",
        get("reject_threshold"),
        &mut cfg.reject_threshold,
    );
    if let Ok(serde_json::Value::Object(mut w)) = serde_json::to_value(&cfg.weights) {
        for (name, value) in w.iter_mut() {
            if let Some(v) = get(&format!("weight.{name}")) {
                match v.parse::<f64>() {
                    Ok(n) if n.is_finite() => *value = serde_json::json!(n),
                    _ => {
                        f.insert(format!("weight.{name}"), "field-invalid".into());
                    }
                }
            }
        }
        if let Ok(weights) = serde_json::from_value(serde_json::Value::Object(w)) {
            cfg.weights = weights;
        }
    }
    if let Some(list) = get("blocked_domains") {
        cfg.blocked_domains = list
            .lines()
            .map(|l| l.trim().trim_start_matches("*.").to_lowercase())
            .filter(|l| !l.is_empty())
            .collect();
    }
    if cfg.hold_threshold > cfg.reject_threshold {
        f.insert("hold_threshold".into(), "field-hold-above-reject".into());
    }
    if f.is_empty() { Ok(cfg) } else { Err(f) }
}

async fn save_config(
    State(state): State<AppState>,
    ctx: Ctx,
    Admin(me): Admin,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let current = store::config(&state.db).await?;
    let result = match read_config(current, &pairs) {
        Ok(cfg) => store::set_config(&state.db, &cfg, Some(me.id)).await,
        Err(f) => Err(AppError::Validation(f)),
    };
    match result {
        Ok(()) => {
            apply_now(&state).await?;
            Ok(Redirect::to(SAVED).into_response())
        }
        Err(e) => render(&state, ctx, None, Some(e)).await,
    }
}

#[derive(Deserialize)]
pub struct RuleForm {
    #[serde(default)]
    pattern: String,
    #[serde(default, rename = "match")]
    match_kind: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    score: String,
}

async fn add_rule(
    State(state): State<AppState>,
    ctx: Ctx,
    Admin(me): Admin,
    CsrfForm(form): CsrfForm<RuleForm>,
) -> AppResult<Response> {
    let json = serde_json::json!({
        "pattern": form.pattern.trim(),
        "match": form.match_kind,
        "category": Some(form.category.trim()).filter(|c| !c.is_empty()),
        "action": form.action,
        "score": form.score.trim().parse::<f64>().unwrap_or(0.0),
    });
    let result = match serde_json::from_value::<antispam::Rule>(json) {
        Ok(rule) if !rule.pattern.is_empty() => {
            let txn = crate::platform::db::write_txn(&state.db).await?;
            match store::add_rules(&txn, &[rule], Some(me.id)).await {
                Ok(_) => txn.commit().await.map_err(AppError::from),
                Err(e) => Err(e),
            }
        }
        _ => Err(AppError::field("pattern", "field-rule-invalid")),
    };
    match result {
        Ok(()) => {
            apply_now(&state).await?;
            Ok(Redirect::to(SAVED).into_response())
        }
        Err(e) => render(&state, ctx, None, Some(e)).await,
    }
}

async fn delete_rule(
    State(state): State<AppState>,
    Admin(me): Admin,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> AppResult<Response> {
    store::delete_rule(&state.db, id, Some(me.id)).await?;
    apply_now(&state).await?;
    Ok(Redirect::to(SAVED).into_response())
}

#[derive(Deserialize)]
pub struct ImportForm {
    #[serde(default)]
    text: String,
}

async fn import_rules(
    State(state): State<AppState>,
    ctx: Ctx,
    Admin(me): Admin,
    CsrfForm(form): CsrfForm<ImportForm>,
) -> AppResult<Response> {
    let result = match antispam::parse_rules_jsonl(&form.text) {
        Ok(rules) if !rules.is_empty() => {
            let txn = crate::platform::db::write_txn(&state.db).await?;
            match store::add_rules(&txn, &rules, Some(me.id)).await {
                Ok(_) => txn.commit().await.map_err(AppError::from),
                Err(e) => Err(e),
            }
        }
        _ => Err(AppError::field("text", "field-rules-file-invalid")),
    };
    match result {
        Ok(()) => {
            apply_now(&state).await?;
            Ok(Redirect::to(SAVED).into_response())
        }
        Err(e) => render(&state, ctx, None, Some(e)).await,
    }
}

async fn export_rules(State(state): State<AppState>, _a: Admin) -> AppResult<Response> {
    let rules = store::rules(&state.db)
        .await?
        .iter()
        .map(store::to_rule)
        .collect::<AppResult<Vec<_>>>()?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/jsonl; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"gate-rules.jsonl\"",
            ),
        ],
        antispam::rules_to_jsonl(&rules),
    )
        .into_response())
}

async fn activate(
    State(state): State<AppState>,
    Admin(me): Admin,
    Path(version): Path<i32>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> AppResult<Response> {
    store::activate_model(&state.db, version, Some(me.id)).await?;
    apply_now(&state).await?;
    Ok(Redirect::to(SAVED).into_response())
}

async fn mine(
    State(state): State<AppState>,
    _a: Admin,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> AppResult<Response> {
    super::suggest::mine(&state).await?;
    Ok(Redirect::to("/office/gate?notice=notice-suggestions-mined#suggestions").into_response())
}

async fn decide_suggestion(
    state: &AppState,
    id: i64,
    accept: bool,
    me: i64,
) -> AppResult<Response> {
    match super::suggest::decide(state, id, accept, me).await {
        Ok(_) | Err(AppError::Conflict(..)) => Ok(Redirect::to(
            "/office/gate?notice=notice-settings-saved#suggestions",
        )
        .into_response()),
        Err(e) => Err(e),
    }
}

async fn accept(
    State(state): State<AppState>,
    Admin(me): Admin,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> AppResult<Response> {
    decide_suggestion(&state, id, true, me.id).await
}

async fn dismiss(
    State(state): State<AppState>,
    Admin(me): Admin,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> AppResult<Response> {
    decide_suggestion(&state, id, false, me.id).await
}

pub struct AuditRow {
    pub when: String,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub before: String,
    pub after: String,
}

#[derive(Template)]
#[template(path = "gate/audit.html")]
struct AuditPage {
    ctx: Ctx,
    subject: String,
    rows: Vec<AuditRow>,
}

#[derive(Deserialize)]
pub struct AuditQuery {
    #[serde(default)]
    subject: Option<String>,
}

async fn audit(
    State(state): State<AppState>,
    ctx: Ctx,
    _a: Admin,
    Query(q): Query<AuditQuery>,
) -> AppResult<Response> {
    let subject = q.subject.unwrap_or_default();
    let rows = crate::platform::audit::recent(&state.db, Some(subject.trim()), 300)
        .await?
        .into_iter()
        .map(|e| AuditRow {
            when: format_time(e.created_at),
            actor: e
                .actor_id
                .map_or_else(|| "command line".to_string(), |a| format!("#{a}")),
            action: e.action,
            subject: e.subject,
            before: e.before.unwrap_or_default(),
            after: e.after.unwrap_or_default(),
        })
        .collect();
    page_with_status(&AuditPage { ctx, subject, rows }, StatusCode::OK)
}
