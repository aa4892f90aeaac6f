//! Turning templates into responses, the error page, and the embedded static files
//! (the binary carries its stylesheet and script, so one file is the whole site).

use askama::Template;
use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;

use super::cache::Lookup;
use super::error::AppError;
use super::state::AppState;
use super::web::Ctx;

/// Marks a response a handler rendered completely itself (e.g. a form with its errors),
/// so the error renderer leaves it alone.
#[derive(Clone, Copy, Debug)]
pub struct Rendered;

/// Renders a template as a 200 page.
pub fn page<T: Template>(t: &T) -> Result<Response, AppError> {
    page_with_status(t, StatusCode::OK)
}

/// Renders a template with a status (422 for a form shown again with errors).
pub fn page_with_status<T: Template>(t: &T, status: StatusCode) -> Result<Response, AppError> {
    let body = t
        .render()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("template: {e}")))?;
    let mut res = (status, Html(body)).into_response();
    res.extensions_mut().insert(Rendered);
    Ok(res)
}

/// Serves anonymous visitors a page (or public API answer) made in the last few seconds,
/// or makes it with `build` and keeps it. Logged-in people always get a fresh one (it
/// shows their own state), and so does anything but a 200 or 410 HTML page or JSON.
pub async fn cached<F, Fut>(state: &AppState, ctx: &Ctx, build: F) -> Result<Response, AppError>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<Response, AppError>>,
{
    if ctx.user.is_some() {
        return build().await;
    }
    let Some(key) = cache_key(ctx) else {
        return build().await;
    };
    let serve = |(status, content_type, body): (u16, &'static str, Bytes)| {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
        let mut res = (status, [(header::CONTENT_TYPE, content_type)], body).into_response();
        res.extensions_mut().insert(Rendered);
        res
    };
    match state.pages.lookup(&key) {
        Lookup::Fresh(hit) => return Ok(serve(hit)),
        Lookup::Stale(hit) if !state.pages.claim_refresh(&key) => return Ok(serve(hit)),
        Lookup::Stale(_) => {}
        Lookup::Missing if state.pages.claim_refresh(&key) => {}
        Lookup::Missing => {
            // Someone is building this page right now: wait for theirs rather than
            // sending one more identical query to the database (bounded, then build).
            for _ in 0..200 {
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                if let Lookup::Fresh(hit) = state.pages.lookup(&key) {
                    return Ok(serve(hit));
                }
                if !state.pages.is_refreshing(&key) {
                    break; // theirs was not cacheable (a 404, an error): build our own
                }
            }
        }
    }
    let res = match build().await {
        Ok(res) => res,
        Err(e) => {
            state.pages.release(&key);
            return Err(e);
        }
    };
    let status = res.status();
    let content_type = match res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    {
        Some(t) if t.starts_with("text/html") && res.extensions().get::<Rendered>().is_some() => {
            "text/html; charset=utf-8"
        }
        Some("application/json") => "application/json",
        _ => "",
    };
    let cacheable =
        (status == StatusCode::OK || status == StatusCode::GONE) && !content_type.is_empty();
    if !cacheable {
        state.pages.release(&key);
        return Ok(res);
    }
    let (parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, 4 * 1024 * 1024)
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("page body: {e}")))?;
    state
        .pages
        .put(key, (status.as_u16(), content_type, bytes.clone()));
    Ok(Response::from_parts(parts, axum::body::Body::from(bytes)))
}

/// Query parameters a cached page may vary on; a request with any other is built fresh,
/// so nobody can fill the cache with `?x=1`, `?x=2`… copies of one page.
const CACHED_PARAMS: &[&str] = &["q", "category", "page", "sort", "min_price", "max_price"];

/// `lang|path?sorted known params`, or `None` when the request has unknown parameters.
fn cache_key(ctx: &Ctx) -> Option<String> {
    let (path, query) = ctx.path.split_once('?').unwrap_or((&ctx.path, ""));
    let mut pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    if pairs
        .iter()
        .any(|(k, _)| !CACHED_PARAMS.contains(&k.as_str()))
        || pairs.len() > CACHED_PARAMS.len()
    {
        return None;
    }
    pairs.sort();
    let canonical: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    Some(format!("{}|{path}?{canonical}", ctx.lang()))
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    ctx: &'a Ctx,
    status: u16,
    message_key: &'a str,
}

/// The friendly error page, in the visitor's language.
pub fn error_page(ctx: &Ctx, status: StatusCode, message_key: &str) -> Response {
    let t = ErrorPage {
        ctx,
        status: status.as_u16(),
        message_key,
    };
    match t.render() {
        Ok(body) => (status, Html(body)).into_response(),
        Err(_) => (status, ctx.t(message_key)).into_response(),
    }
}

const CSS: &str = include_str!("../../static/site.css");
const JS: &str = include_str!("../../static/site.js");

fn asset(content_type: &'static str, body: &'static str) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    res
}

/// `/static/site.css` and `/static/site.js`.
pub fn static_routes() -> Router<AppState> {
    Router::new()
        .route(
            "/static/site.css",
            get(|| async { asset("text/css; charset=utf-8", CSS) }),
        )
        .route(
            "/static/site.js",
            get(|| async { asset("text/javascript; charset=utf-8", JS) }),
        )
}
