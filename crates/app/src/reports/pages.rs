//! The reporting pages: the Report form (reasons, optional comment, a confirmation step
//! before it is sent), the thank-you page with what happens next, a report's status
//! page (also for anonymous reporters, by tracking code), my reports with my record,
//! the leaderboard, and my notifications. All plain forms that work without JavaScript.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::outcomes::ReportStatus;
use super::rewards::{self, Leader};
use super::service::{self, NewReport, Record};
use crate::platform::auth::Auth;
use crate::platform::csrf::CsrfForm;
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::render::{page, page_with_status};
use crate::platform::state::AppState;
use crate::platform::util::format_time;
use crate::platform::web::Ctx;
use crate::review::settings::REASONS;
use crate::shield::{Attempt, GuardView, Guarded, Outcome};

/// The reporting pages.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/ads/{id}/report", get(form).post(submit))
        .route("/reports/{id}", get(status))
        .route("/account/reports", get(mine))
        .route("/account/reports/leaderboard", post(opt_in))
        .route("/leaderboard", get(leaderboard))
        .route("/notifications", get(notifications))
        .route("/notifications/read", post(mark_read))
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct ReportForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    comment: String,
    /// Set on the confirmation step: send it now.
    #[serde(default)]
    confirm: String,
}

#[derive(Template)]
#[template(path = "reports/form.html")]
struct FormPage {
    ctx: Ctx,
    ad_id: i64,
    ad_title: String,
    form: ReportForm,
    reasons: Vec<(&'static str, String)>,
    errors: FieldErrors,
    form_error: Option<String>,
    guard: GuardView,
    /// Showing the confirmation step.
    confirming: bool,
    reason_label: String,
}

async fn reportable(state: &AppState, id: i64) -> AppResult<crate::ads::Ad> {
    let a = crate::ads::service::find_any(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !crate::ads::service::is_public(&a, crate::platform::util::now()) {
        return Err(AppError::NotFound);
    }
    Ok(a)
}

fn reasons(ctx: &Ctx) -> Vec<(&'static str, String)> {
    REASONS
        .iter()
        .map(|r| (*r, ctx.t(format!("report-reason-{}", r.replace('_', "-")))))
        .collect()
}

#[expect(clippy::too_many_arguments, reason = "one page, field by field")]
async fn render(
    state: &AppState,
    ctx: Ctx,
    a: &crate::ads::Ad,
    form: ReportForm,
    confirming: bool,
    e: Option<AppError>,
    status: StatusCode,
    guard_from: Option<&crate::shield::GuardFields>,
) -> AppResult<Response> {
    let wait = e
        .as_ref()
        .map(crate::platform::error::retry_headers)
        .unwrap_or_default();
    let had_error = e.is_some();
    let (error_status, errors, form_error) = crate::platform::forms::page_errors(&ctx, e)?;
    let status = if had_error { error_status } else { status };
    let mut guard = GuardView::new(state, &ctx, "report", ctx.user.is_none(), &errors).await?;
    // The confirmation step carries the fill time of the first step along.
    if let Some(g) = guard_from
        && !g.form_ts.is_empty()
    {
        guard.ts = g.form_ts.clone();
    }
    let reason_label = ctx.t(format!("report-reason-{}", form.reason.replace('_', "-")));
    let mut res = page_with_status(
        &FormPage {
            reasons: reasons(&ctx),
            ad_id: a.id,
            ad_title: a.title.clone(),
            form,
            errors,
            form_error,
            guard,
            confirming,
            reason_label,
            ctx,
        },
        status,
    )?;
    res.headers_mut().extend(wait);
    Ok(res)
}

async fn form(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let a = reportable(&state, id).await?;
    render(
        &state,
        ctx,
        &a,
        ReportForm::default(),
        false,
        None,
        StatusCode::OK,
        None,
    )
    .await
}

#[derive(Template)]
#[template(path = "reports/done.html")]
struct DonePage {
    ctx: Ctx,
    id: i64,
    code: Option<String>,
    review_by: String,
    updated: bool,
    ad_title: String,
}

async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    CsrfForm(Guarded { form: f, guard }): CsrfForm<Guarded<ReportForm>>,
) -> AppResult<Response> {
    let a = reportable(&state, id).await?;
    // Step one: check the fields and show what will be sent.
    let mut errors = FieldErrors::new();
    if !REASONS.contains(&f.reason.as_str()) {
        errors.insert("reason".into(), "field-report-reason".into());
    }
    if f.comment.trim().chars().count() > service::MAX_COMMENT {
        errors.insert("comment".into(), "field-too-long".into());
    }
    if !errors.is_empty() {
        return render(
            &state,
            ctx,
            &a,
            f,
            false,
            Some(AppError::Validation(errors)),
            StatusCode::OK,
            None,
        )
        .await;
    }
    if f.confirm != "1" {
        return render(&state, ctx, &a, f, true, None, StatusCode::OK, Some(&guard)).await;
    }
    let attempt = Attempt {
        action: "report",
        form: Some(&guard),
        captcha_header: None,
        captcha: ctx.user.is_none(),
    };
    let outcome = match crate::shield::check(&state, &ctx, attempt).await {
        Ok(o) => o,
        Err(e) => return render(&state, ctx, &a, f, true, Some(e), StatusCode::OK, None).await,
    };
    if matches!(outcome, Outcome::Trap) {
        // A bot is thanked like anyone else; nothing was stored.
        return page(&DonePage {
            ctx,
            id: 0,
            code: None,
            review_by: String::new(),
            updated: false,
            ad_title: a.title,
        });
    }
    let new = NewReport {
        ad_id: id,
        reason: f.reason.clone(),
        comment: Some(f.comment.clone()),
    };
    match service::submit(&state, &ctx, new).await {
        Ok(s) => page(&DonePage {
            id: s.report.id,
            code: s.tracking_code,
            review_by: format_time(s.review_by),
            updated: s.updated,
            ad_title: a.title,
            ctx,
        }),
        Err(e) => render(&state, ctx, &a, f, false, Some(e), StatusCode::OK, None).await,
    }
}

#[derive(Deserialize)]
pub struct CodeQuery {
    #[serde(default)]
    code: Option<String>,
}

#[derive(Template)]
#[template(path = "reports/status.html")]
struct StatusPage {
    ctx: Ctx,
    r: ReportStatus,
    created: String,
    review_by: String,
    decided: String,
    ad_url: Option<String>,
}

async fn ad_url(state: &AppState, ad_id: i64) -> AppResult<Option<String>> {
    let Some(a) = crate::ads::service::find_any(&state.db, ad_id).await? else {
        return Ok(None);
    };
    let cats = crate::ads::service::category_map(&state.db).await?;
    Ok(cats
        .get(&a.category_id)
        .map(|c| crate::ads::service::ad_url(&c.slug, &a.slug)))
}

async fn status(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<CodeQuery>,
) -> AppResult<Response> {
    let r = super::outcomes::find_for(&state, &ctx, id, q.code.as_deref()).await?;
    let s = super::outcomes::status_of(&state, &r).await?;
    page(&StatusPage {
        created: format_time(s.created_at),
        review_by: format_time(s.review_by),
        decided: s.decided_at.map(format_time).unwrap_or_default(),
        ad_url: ad_url(&state, s.ad_id).await?,
        r: s,
        ctx,
    })
}

#[derive(Template)]
#[template(path = "reports/mine.html")]
struct MinePage {
    ctx: Ctx,
    record: Record,
    accuracy: String,
    reports: Vec<(ReportStatus, String)>,
    opted_in: bool,
}

async fn mine(State(state): State<AppState>, ctx: Ctx, Auth(me): Auth) -> AppResult<Response> {
    let record = service::record_of(&state.db, me.id).await?;
    let reports: Vec<(ReportStatus, String)> =
        super::outcomes::statuses(&state, &super::outcomes::mine(&state.db, me.id).await?)
            .await?
            .into_iter()
            .map(|s| {
                let when = format_time(s.created_at);
                (s, when)
            })
            .collect();
    let opted_in = crate::accounts::people::get(&state.db, me.id)
        .await?
        .is_some_and(|u| u.leaderboard_opt_in);
    page(&MinePage {
        accuracy: record
            .accuracy
            .map(|a| format!("{:.0}%", a * 100.0))
            .unwrap_or_else(|| "–".into()),
        record,
        reports,
        opted_in,
        ctx,
    })
}

#[derive(Deserialize)]
pub struct OptInForm {
    #[serde(default)]
    opt_in: String,
}

async fn opt_in(
    State(state): State<AppState>,
    Auth(me): Auth,
    CsrfForm(f): CsrfForm<OptInForm>,
) -> AppResult<Response> {
    crate::accounts::people::set_leaderboard_opt_in(&state.db, me.id, f.opt_in == "1").await?;
    Ok(Redirect::to("/account/reports").into_response())
}

#[derive(Deserialize)]
pub struct BoardQuery {
    #[serde(default)]
    period: Option<String>,
}

#[derive(Template)]
#[template(path = "reports/leaderboard.html")]
struct BoardPage {
    ctx: Ctx,
    all_time: bool,
    leaders: Vec<Leader>,
}

async fn leaderboard(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<BoardQuery>,
) -> AppResult<Response> {
    let all_time = q.period.as_deref() == Some("all");
    page(&BoardPage {
        leaders: rewards::leaderboard(&state.db, !all_time).await?,
        all_time,
        ctx,
    })
}

#[derive(Template)]
#[template(path = "reports/notifications.html")]
struct NotificationsPage {
    ctx: Ctx,
    items: Vec<(crate::platform::notify::entity::Model, String)>,
    newest: i64,
}

async fn notifications(
    State(state): State<AppState>,
    ctx: Ctx,
    Auth(me): Auth,
) -> AppResult<Response> {
    let p = crate::platform::notify::recent(&state.db, me.id, 100).await?;
    let newest = p.items.first().map_or(0, |n| n.id);
    page(&NotificationsPage {
        items: p
            .items
            .into_iter()
            .map(|n| {
                let when = format_time(n.created_at);
                (n, when)
            })
            .collect(),
        newest,
        ctx,
    })
}

#[derive(Deserialize)]
pub struct ReadForm {
    #[serde(default)]
    up_to: i64,
}

async fn mark_read(
    State(state): State<AppState>,
    Auth(me): Auth,
    CsrfForm(f): CsrfForm<ReadForm>,
) -> AppResult<Response> {
    crate::platform::notify::mark_read(&state.db, me.id, f.up_to).await?;
    Ok(Redirect::to("/notifications").into_response())
}
