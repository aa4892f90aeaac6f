//! Profile settings: display name and language.

use sea_orm::{ActiveModelTrait, EntityTrait, Set};

use super::entity::user;
use super::validate::{self, Check};
use crate::platform::error::{AppError, AppResult};
use crate::platform::i18n::I18n;
use crate::platform::state::AppState;

/// Updates what was given and leaves the rest.
pub async fn update_profile(
    state: &AppState,
    user_id: i64,
    name: Option<&str>,
    language: Option<&str>,
) -> AppResult<user::Model> {
    let mut check = Check::default();
    let name = name.and_then(|n| check.take("display_name", validate::display_name(n)));
    let language = match language {
        Some(l) if I18n::is_supported(l) => Some(l.to_string()),
        Some(_) => check.take("language", Err("field-invalid")),
        None => None,
    };
    check.finish()?;
    let u = user::Entity::find_by_id(user_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut am: user::ActiveModel = u.into();
    if let Some(n) = name {
        am.display_name = Set(n);
    }
    if let Some(l) = language {
        am.language = Set(Some(l));
    }
    Ok(am.update(&state.db).await?)
}
