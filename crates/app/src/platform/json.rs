//! `ApiJson<T>`: the JSON body extractor of the API. Unlike axum's `Json`, a missing or
//! mistyped field is a 422 naming that field (like every other validation error), not a
//! bare 400/422 with a parser message.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use serde::de::DeserializeOwned;

use super::error::{AppError, FieldErrors};

/// A JSON request body, checked field by field.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| {
                let mime = ct
                    .split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase();
                mime == "application/json"
                    || (mime.starts_with("application/") && mime.ends_with("+json"))
            });
        if !is_json {
            return Err(AppError::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                AppError::TooLarge
            } else {
                AppError::BadRequest("invalid_body")
            }
        })?;
        parse(&bytes).map(ApiJson)
    }
}

/// Parses a body, turning a field-level problem into a per-field 422.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let inner = e.inner();
        if inner.is_syntax() || inner.is_eof() {
            return AppError::BadRequest("invalid_body");
        }
        let path = e.path().to_string();
        let message = inner.to_string();
        let (field, key) = match message
            .strip_prefix("missing field `")
            .and_then(|m| m.split('`').next())
        {
            Some(missing) if path == "." => (missing.to_string(), "field-required"),
            Some(missing) => (format!("{path}.{missing}"), "field-required"),
            None => (path, "field-invalid"),
        };
        let mut fields = FieldErrors::new();
        fields.insert(field, key.to_string());
        AppError::Validation(fields)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[expect(dead_code, reason = "only the parse outcome matters here")]
    struct Body {
        title: String,
        price: Option<f64>,
    }

    #[test]
    fn missing_and_mistyped_fields_are_named() {
        let Err(AppError::Validation(f)) = parse::<Body>(br#"{"price": 3}"#) else {
            panic!()
        };
        assert_eq!(f.get("title").map(String::as_str), Some("field-required"));
        let Err(AppError::Validation(f)) = parse::<Body>(br#"{"title": "x", "price": "cheap"}"#)
        else {
            panic!()
        };
        assert_eq!(f.get("price").map(String::as_str), Some("field-invalid"));
        assert!(matches!(
            parse::<Body>(b"{nope"),
            Err(AppError::BadRequest("invalid_body"))
        ));
        assert!(parse::<Body>(br#"{"title": "ok"}"#).is_ok());
    }
}
