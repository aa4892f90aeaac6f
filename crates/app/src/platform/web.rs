//! HTTP plumbing shared by every capability: the per-request context (who, which
//! language, CSRF token), the body read under a deadline, and error rendering (JSON for
//! the API, a translated page for people). The router is assembled in `app.rs`.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::Method;
use axum::http::header::{self, HeaderValue};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use cookie::{Cookie, SameSite};

use super::auth::{CurrentUser, SESSION_COOKIE};
use super::csrf::{CSRF_COOKIE, token_for};
use super::error::{AppError, ErrorInfo};
use super::i18n::I18n;
use super::render::{Rendered, error_page};
use super::state::AppState;

/// The largest request body we accept (an ad with a long description fits many times).
pub const BODY_LIMIT: usize = 64 * 1024;

/// Middleware (outermost for writes): reads the whole body, with a deadline
/// (`Config::body_deadline_secs`, 15 s by default: a person on a slow phone sends 64 KiB
/// in a few seconds; a client trickling a byte every few seconds is holding a socket open
/// on purpose), before anything else is done for the request. A slow sender gets 408 and
/// costs the site one socket and at most [`BODY_LIMIT`] bytes of memory: it never holds
/// an admission lane, a session lookup or a database connection while it trickles.
pub async fn read_body(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let is_api = req.uri().path().starts_with("/api/");
    let i18n = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|h| h.to_str().ok())
        .and_then(I18n::from_accept_language)
        .unwrap_or_default();
    let (parts, body) = req.into_parts();
    let deadline = std::time::Duration::from_secs(state.config.body_deadline_secs.max(1));
    match tokio::time::timeout(deadline, axum::body::to_bytes(body, BODY_LIMIT)).await {
        Err(_) => render(is_api, &i18n, AppError::RequestTimeout.into_response()),
        Ok(Err(_)) => render(is_api, &i18n, AppError::TooLarge.into_response()),
        Ok(Ok(bytes)) => {
            next.run(Request::from_parts(parts, axum::body::Body::from(bytes)))
                .await
        }
    }
}

/// What every handler and template knows about the request.
#[derive(Clone, Debug)]
pub struct Ctx {
    pub user: Option<CurrentUser>,
    pub i18n: I18n,
    /// The token forms must echo in `_csrf`.
    pub csrf: String,
    /// Path and query of the request, for "come back here" links.
    pub path: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub secure_cookies: bool,
    /// Unread notifications of the logged-in person (pages only; 0 for the API).
    pub unread: u64,
}

impl Ctx {
    /// Translates a key in the request's language (the templates' main helper).
    pub fn t(&self, key: impl AsRef<str>) -> String {
        self.i18n.t(key.as_ref())
    }

    /// Translates with one string argument.
    pub fn t1(&self, key: &str, name: &'static str, value: impl AsRef<str>) -> String {
        self.i18n.t1(key, name, value.as_ref())
    }

    /// Translates with one number argument.
    pub fn tn(
        &self,
        key: &str,
        name: &'static str,
        value: impl std::borrow::Borrow<i64>,
    ) -> String {
        self.i18n.tn(key, name, *value.borrow())
    }

    /// Translates with several arguments.
    pub fn t_with(&self, key: &str, args: &[(&'static str, super::i18n::Arg)]) -> String {
        self.i18n.t_with(key, args)
    }

    /// The request's language code.
    pub fn lang(&self) -> &'static str {
        self.i18n.code()
    }

    /// Whether someone is logged in.
    pub fn logged_in(&self) -> bool {
        self.user.is_some()
    }

    /// Whether the logged-in person works in the office.
    pub fn is_staff(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.role.is_staff())
    }

    /// Whether the logged-in person may moderate.
    pub fn can_moderate(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.role.can_moderate())
    }

    /// Whether the logged-in person is an admin.
    pub fn is_admin(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| u.role == super::auth::Role::Admin)
    }

    /// The display name of the logged-in person, or nothing.
    pub fn display_name(&self) -> &str {
        self.user
            .as_ref()
            .map(|u| u.display_name.as_str())
            .unwrap_or("")
    }

    /// A session cookie with the site's flags (HttpOnly, SameSite=Lax, Secure on https).
    pub fn cookie(&self, name: &'static str, value: String, max_age_days: i64) -> HeaderValue {
        let c = Cookie::build((name, value))
            .path("/")
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(self.secure_cookies)
            .max_age(cookie::time::Duration::days(max_age_days))
            .build();
        HeaderValue::from_str(&c.to_string()).expect("cookie values are ASCII")
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        parts
            .extensions
            .get::<Ctx>()
            .cloned()
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("context middleware missing")))
    }
}

fn cookies(parts: &Parts) -> Vec<Cookie<'static>> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| Cookie::split_parse(v.to_string()).filter_map(Result::ok))
        .collect()
}

/// Builds the [`Ctx`], runs the handler, then renders any error in the right format and
/// language and sets the CSRF cookie for new visitors.
/// Middleware: the request context (session, language, CSRF token, client address) for
/// every handler, and error bodies rendered as JSON or a translated page.
pub async fn context(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let (mut parts, body) = req.into_parts();
    let jar = cookies(&parts);
    let get = |name: &str| {
        jar.iter()
            .find(|c| c.name() == name)
            .map(|c| c.value().to_string())
    };
    let is_api = parts.uri.path().starts_with("/api/");
    let mut i18n = get("lang")
        .filter(|l| I18n::is_supported(l))
        .map(|l| I18n::new(&l))
        .or_else(|| {
            parts
                .headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|h| h.to_str().ok())
                .and_then(I18n::from_accept_language)
        })
        .unwrap_or_default();
    let user = match get(SESSION_COOKIE) {
        Some(token) => {
            match async { super::auth::sessions(&state)?.lookup(&state, &token).await }.await {
                Ok(u) => u,
                Err(e) => return render(is_api, &i18n, e.into_response()),
            }
        }
        None => None,
    };
    if let Some(lang) = user.as_ref().and_then(|u| u.language.as_deref()) {
        i18n = I18n::new(lang);
    }
    let (seed, new_seed) = match get(CSRF_COOKIE) {
        Some(s) if super::csrf::seed_is_ours(&state.secret.0, &s) => (s, false),
        _ => (super::csrf::new_seed(&state.secret.0), true),
    };
    let csrf = match &user {
        Some(u) => super::csrf::session_token(&state.secret.0, &u.session_id),
        None => token_for(&state.secret.0, &seed),
    };
    let ip = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| {
            // Every X-Forwarded-For line, in order: a proxy that appends a line of its own
            // must not let the client's forged first line win.
            let forwarded: Vec<&str> = parts
                .headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .collect();
            let forwarded = (!forwarded.is_empty()).then(|| forwarded.join(","));
            super::net::client_ip(
                addr.ip(),
                forwarded.as_deref(),
                &state.config.trusted_proxies,
            )
            .to_string()
        });
    let ctx = Ctx {
        user,
        i18n: i18n.clone(),
        csrf,
        path: parts
            .uri
            .path_and_query()
            .map(|p| p.to_string())
            .unwrap_or_else(|| "/".into()),
        ip,
        user_agent: parts
            .headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
        secure_cookies: state.config.secure_cookies(),
        unread: 0,
    };
    let mut ctx = ctx;
    if !is_api
        && parts.method == Method::GET
        && let Some(u) = &ctx.user
    {
        ctx.unread = super::notify::unread(&state.db, u.id).await.unwrap_or(0);
    }
    if is_api && is_cross_origin_write(&parts) {
        return render(
            true,
            &i18n,
            AppError::Forbidden("cross_origin").into_response(),
        );
    }
    parts.extensions.insert(ctx.clone());
    let response = next.run(Request::from_parts(parts, body)).await;
    let status = response.status();
    let wants_login = !is_api
        && response
            .extensions()
            .get::<ErrorInfo>()
            .is_some_and(|i| i.code == "unauthorized");
    let mut response = if wants_login {
        let next = url::form_urlencoded::byte_serialize(ctx.path.as_bytes()).collect::<String>();
        Redirect::to(&format!("/login?next={next}")).into_response()
    } else if status.is_client_error() || status.is_server_error() {
        render_with_ctx(is_api, &ctx, response)
    } else {
        response
    };
    if new_seed {
        response
            .headers_mut()
            .append(header::SET_COOKIE, ctx.cookie(CSRF_COOKIE, seed, 365));
    }
    response
}

/// A write to the API carrying an `Origin` from another site is refused: together with the
/// JSON-only bodies this keeps other sites from acting with a visitor's cookie.
fn is_cross_origin_write(parts: &Parts) -> bool {
    if matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    let Some(origin) = parts
        .headers
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
    else {
        return false;
    };
    let host = parts
        .headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let origin_host = origin.split("://").nth(1).unwrap_or(origin);
    origin == "null" || !origin_host.eq_ignore_ascii_case(host)
}

fn render(is_api: bool, i18n: &I18n, response: Response) -> Response {
    let ctx = Ctx {
        user: None,
        i18n: i18n.clone(),
        csrf: String::new(),
        path: "/".into(),
        ip: None,
        user_agent: None,
        secure_cookies: false,
        unread: 0,
    };
    render_with_ctx(is_api, &ctx, response)
}

/// Turns an error response into the body people and programs expect. Responses a handler
/// rendered itself (a form shown again with its errors) pass through untouched.
fn render_with_ctx(is_api: bool, ctx: &Ctx, response: Response) -> Response {
    if response.extensions().get::<Rendered>().is_some() {
        return response;
    }
    let info = response
        .extensions()
        .get::<ErrorInfo>()
        .cloned()
        .unwrap_or_else(|| ErrorInfo::from_status(response.status()));
    let message_key = format!("error-{}", info.code.replace('_', "-"));
    let mut out = if is_api {
        let fields: serde_json::Map<String, serde_json::Value> = info
            .fields
            .iter()
            .map(|(k, v)| (k.clone(), ctx.t(v).into()))
            .collect();
        let mut body = serde_json::json!({"error": info.code, "message": ctx.t(&message_key), "fields": fields});
        if let Some(detail) = &info.detail {
            detail.extend_body(ctx, &mut body);
        }
        (info.status, axum::Json(body)).into_response()
    } else if let Some(secs) = info.retry_after {
        // Say when to come back, not just "later".
        let minutes = secs.div_ceil(60) as i64;
        error_page(
            ctx,
            info.status,
            &ctx.tn("error-too-many-requests-wait", "minutes", minutes),
        )
    } else {
        error_page(ctx, info.status, &message_key)
    };
    if let Some(secs) = info.retry_after {
        let h = out.headers_mut();
        h.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        // The IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers).
        if let Some(limit) = info.rate_limit {
            h.insert("ratelimit-limit", HeaderValue::from(limit));
            h.insert("ratelimit-remaining", HeaderValue::from(0));
            h.insert("ratelimit-reset", HeaderValue::from(secs));
        }
    }
    out
}
