//! One error type for the whole app. Handlers return `Result<_, AppError>`; the response
//! carries an [`ErrorInfo`] that the error-rendering middleware turns into JSON for the API
//! or a translated page for people (it knows the request's language, the handler need not).

use std::collections::BTreeMap;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use sea_orm::{DbErr, SqlErr};

/// Per-field problems: field name → Fluent key of the message.
pub type FieldErrors = BTreeMap<String, String>;

/// What an error can say beyond its code and fields, for the reader (a refused
/// submission's reasons: the gate's verdict). Platform renders it without knowing what it
/// is; the capability that made it reads it back with [`AppError::detail`].
pub trait ErrorDetail: std::fmt::Debug + Send + Sync + 'static {
    /// Adds to the JSON error body for the reader of `ctx` (staff may be told more).
    fn extend_body(&self, ctx: &super::web::Ctx, body: &mut serde_json::Value);
    /// Itself, for downcasting.
    fn as_any(&self) -> &dyn std::any::Any;
}

/// Everything that can go wrong in a request, with a stable snake_case code.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("validation failed")]
    Validation(FieldErrors),
    #[error("not logged in")]
    Unauthorized,
    #[error("authentication failed ({0})")]
    Unauthenticated(&'static str),
    #[error("gone ({0})")]
    Gone(&'static str),
    #[error("forbidden ({0})")]
    Forbidden(&'static str),
    #[error("not found")]
    NotFound,
    #[error("conflict ({0})")]
    Conflict(&'static str, FieldErrors),
    #[error("bad request ({0})")]
    BadRequest(&'static str),
    /// A submission refused with more to say than a code (the gate's verdict): 422.
    #[error("refused ({0})")]
    Refused(&'static str, std::sync::Arc<dyn ErrorDetail>),
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("request body too large")]
    TooLarge,
    #[error("request body too slow")]
    RequestTimeout,
    #[error("too many requests")]
    TooManyRequests {
        /// Seconds until the window that refused ends.
        retry_after: u64,
        /// That window's limit (for the `RateLimit-Limit` header).
        limit: u32,
    },
    #[error("service unavailable: {0}")]
    Unavailable(String),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    /// The detail of a refusal, when it is of type `T`.
    pub fn detail<T: 'static>(&self) -> Option<&T> {
        match self {
            AppError::Refused(_, d) => d.as_any().downcast_ref::<T>(),
            _ => None,
        }
    }

    /// A validation error on one field.
    pub fn field(field: &str, key: &str) -> Self {
        let mut f = FieldErrors::new();
        f.insert(field.into(), key.into());
        AppError::Validation(f)
    }

    /// The HTTP status and stable code of this error.
    pub fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            AppError::Validation(_) => (StatusCode::UNPROCESSABLE_ENTITY, "validation_failed"),
            AppError::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            AppError::Unauthenticated(code) => (StatusCode::UNAUTHORIZED, code),
            AppError::Gone(code) => (StatusCode::GONE, code),
            AppError::Forbidden(code) => (StatusCode::FORBIDDEN, code),
            AppError::NotFound => (StatusCode::NOT_FOUND, "not_found"),
            AppError::Conflict(code, _) => (StatusCode::CONFLICT, code),
            AppError::BadRequest(code) => (StatusCode::BAD_REQUEST, code),
            AppError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
            AppError::RequestTimeout => (StatusCode::REQUEST_TIMEOUT, "request_timeout"),
            AppError::Refused(code, _) => (StatusCode::UNPROCESSABLE_ENTITY, code),
            AppError::UnsupportedMediaType => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type")
            }
            AppError::TooManyRequests { .. } => {
                (StatusCode::TOO_MANY_REQUESTS, "too_many_requests")
            }
            AppError::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, "service_unavailable"),
            AppError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

/// What the renderer needs to know about an error; stored in the response's extensions.
#[derive(Clone, Debug)]
pub struct ErrorInfo {
    pub status: StatusCode,
    pub code: &'static str,
    pub fields: FieldErrors,
    pub retry_after: Option<u64>,
    /// The limit that refused a throttled request.
    pub rate_limit: Option<u32>,
    /// What a refusal has to say beyond its code (see [`ErrorDetail`]).
    pub detail: Option<std::sync::Arc<dyn ErrorDetail>>,
}

impl ErrorInfo {
    /// An error that did not come from a handler (axum rejections, body limits, 404s).
    pub fn from_status(status: StatusCode) -> Self {
        let code = match status {
            StatusCode::NOT_FOUND => "not_found",
            StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
            StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
            StatusCode::REQUEST_TIMEOUT => "request_timeout",
            StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
            StatusCode::UNPROCESSABLE_ENTITY | StatusCode::BAD_REQUEST => "invalid_body",
            StatusCode::UNAUTHORIZED => "unauthorized",
            StatusCode::FORBIDDEN => "forbidden",
            StatusCode::TOO_MANY_REQUESTS => "too_many_requests",
            StatusCode::SERVICE_UNAVAILABLE => "service_unavailable",
            s if s.is_client_error() => "bad_request",
            _ => "internal",
        };
        ErrorInfo {
            status,
            code,
            fields: FieldErrors::new(),
            retry_after: None,
            rate_limit: None,
            detail: None,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        match &self {
            AppError::Internal(e) => tracing::error!(error = ?e, "internal error"),
            AppError::Unavailable(e) => tracing::warn!(error = %e, "database unavailable"),
            _ => {}
        }
        let (retry_after, rate_limit) = match self {
            AppError::TooManyRequests { retry_after, limit } => (Some(retry_after), Some(limit)),
            _ => (None, None),
        };
        let detail = match &self {
            AppError::Refused(_, d) => Some(d.clone()),
            _ => None,
        };
        let fields = match self {
            AppError::Validation(f) | AppError::Conflict(_, f) => f,
            _ => FieldErrors::new(),
        };
        let mut res = status.into_response();
        res.extensions_mut().insert(ErrorInfo {
            status,
            code,
            fields,
            retry_after,
            rate_limit,
            detail,
        });
        res
    }
}

impl From<DbErr> for AppError {
    fn from(e: DbErr) -> Self {
        match &e {
            DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => AppError::Unavailable(e.to_string()),
            _ if is_connection_failure(&e) => AppError::Unavailable(e.to_string()),
            _ => match e.sql_err() {
                Some(SqlErr::UniqueConstraintViolation(_)) => {
                    AppError::Conflict("conflict", FieldErrors::new())
                }
                _ => AppError::Internal(e.into()),
            },
        }
    }
}

/// A query that failed because the database went away, not because of the query:
/// I/O and pool errors, and PostgreSQL's connection (08) and operator-intervention (57P)
/// classes, e.g. a server shutting down or refusing connections.
fn is_connection_failure(e: &DbErr) -> bool {
    use sea_orm::RuntimeErr;
    use sea_orm::sqlx::Error as Sqlx;
    let runtime = match e {
        DbErr::Conn(r) | DbErr::Exec(r) | DbErr::Query(r) => r,
        _ => return false,
    };
    let RuntimeErr::SqlxError(sqlx) = runtime else {
        return false;
    };
    match sqlx.as_ref() {
        Sqlx::Io(_)
        | Sqlx::PoolTimedOut
        | Sqlx::PoolClosed
        | Sqlx::WorkerCrashed
        | Sqlx::Tls(_) => true,
        Sqlx::Database(db) => db
            .code()
            .is_some_and(|c| c.starts_with("08") || c.starts_with("57P")),
        Sqlx::Protocol(_) => true,
        _ => false,
    }
}

/// `Retry-After` and the `RateLimit-*` fields for a throttled request, for handlers that
/// render their own page (a form shown again, filled) instead of the error page.
pub fn retry_headers(e: &AppError) -> axum::http::HeaderMap {
    let mut h = axum::http::HeaderMap::new();
    if let AppError::TooManyRequests { retry_after, limit } = e {
        h.insert(axum::http::header::RETRY_AFTER, (*retry_after).into());
        h.insert("ratelimit-limit", (*limit).into());
        h.insert("ratelimit-remaining", 0.into());
        h.insert("ratelimit-reset", (*retry_after).into());
    }
    h
}

/// Shorthand for handler results.
pub type AppResult<T> = Result<T, AppError>;
