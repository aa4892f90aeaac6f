//! What every form page needs: errors split into per-field and form-level messages, the
//! `?notice=` keys a page may show, and `next=` targets that stay on the site.

use crate::platform::error::{AppError, FieldErrors};
use crate::platform::web::Ctx;

/// Splits an error into what a form shows: per-field messages, or one form-level message.
/// Errors a form cannot show (database down, …) pass through to the error page.
pub fn form_errors(ctx: &Ctx, e: AppError) -> Result<(FieldErrors, Option<String>), AppError> {
    match e {
        AppError::Validation(f) => Ok((f, None)),
        AppError::Conflict(_, f) if !f.is_empty() => Ok((f, None)),
        AppError::Conflict(code, _)
        | AppError::BadRequest(code)
        | AppError::Gone(code)
        | AppError::Forbidden(code)
        | AppError::Unauthenticated(code) => Ok((
            FieldErrors::new(),
            Some(format!("error-{}", code.replace('_', "-"))),
        )),
        AppError::TooManyRequests { retry_after, .. } => Ok((
            FieldErrors::new(),
            Some(ctx.tn(
                "error-too-many-requests-wait",
                "minutes",
                retry_after.div_ceil(60) as i64,
            )),
        )),
        other => Err(other),
    }
}

/// What a page shows for an optional error: its status, the per-field messages and the
/// form-level message (200 and nothing without an error).
pub fn page_errors(
    ctx: &Ctx,
    e: Option<AppError>,
) -> Result<(axum::http::StatusCode, FieldErrors, Option<String>), AppError> {
    match e {
        None => Ok((axum::http::StatusCode::OK, FieldErrors::new(), None)),
        Some(e) => {
            let status = e.status_and_code().0;
            let (fields, form) = form_errors(ctx, e)?;
            Ok((status, fields, form))
        }
    }
}

/// A `next=` target that stays on this site.
pub fn safe_next(next: &str) -> String {
    // Browsers drop tabs and newlines and read `\` as `/`, so `/\t/evil` or `/\evil`
    // would leave the site: a path with any of them is refused outright.
    let clean = !next.chars().any(|c| c.is_control() || c == '\\');
    if clean && next.starts_with('/') && !next.starts_with("//") {
        next.to_string()
    } else {
        "/".to_string()
    }
}

/// `?notice=`: the flash message a page shows after a redirect.
#[derive(serde::Deserialize)]
pub struct NoticeQuery {
    notice: Option<String>,
}

impl NoticeQuery {
    /// The notice key, if it is one a page may show.
    pub fn notice(&self) -> Option<String> {
        notice(self.notice.as_deref())
    }
}

/// The flash notices a page may show when named in `?notice=`.
pub fn notice(key: Option<&str>) -> Option<String> {
    key.filter(|k| {
        k.starts_with("notice-")
            && k.len() < 60
            && k.chars().all(|c| c.is_ascii_lowercase() || c == '-')
    })
    .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_never_leaves_the_site() {
        assert_eq!(safe_next("/post"), "/post");
        assert_eq!(safe_next("//evil.example"), "/");
        assert_eq!(safe_next("https://evil.example"), "/");
        assert_eq!(safe_next("/\\evil.example"), "/");
        assert_eq!(safe_next("/\t/evil.example"), "/");
        assert_eq!(safe_next("/post\r\nSet-Cookie: x=1"), "/");
        assert_eq!(safe_next("/classifieds?q=bike"), "/classifieds?q=bike");
    }

    #[test]
    fn only_notice_keys_are_shown() {
        assert_eq!(
            notice(Some("notice-saved")).as_deref(),
            Some("notice-saved")
        );
        assert_eq!(notice(Some("error-internal")), None);
        assert_eq!(notice(Some("notice-<script>")), None);
    }
}
