//! Turning templates into responses, the error page, and the embedded static files
//! (the binary carries its stylesheet and script, so one file is the whole site).

use askama::Template;
use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;

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
