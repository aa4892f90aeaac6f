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
    // A new name passes the gate like a sign-up's: names are shown beside every ad and
    // message. A name cannot wait for review, so what the gate would hold is refused.
    if let Some(n) = name.as_deref().filter(|n| *n != u.display_name) {
        let gate = crate::gate::gate(state)?;
        let verdict = gate.check(&antispam::Submission {
            kind: antispam::Kind::Profile,
            title: n.to_string(),
            context: antispam::AccountContext {
                account_id: Some(u.id),
                email_verified: Some(u.email_verified_at.is_some()),
                ..Default::default()
            },
            ..Default::default()
        });
        let subject = crate::gate::service::Subject {
            kind: "profile",
            id: Some(u.id),
            user_id: Some(u.id),
            ip: None,
        };
        crate::gate::service::record(&state.db, &gate, &subject, &verdict).await?;
        if verdict.action != antispam::Action::Accept {
            return Err(crate::gate::explain::refused(verdict));
        }
    }
    let mut am: user::ActiveModel = u.into();
    if let Some(n) = name {
        am.display_name = Set(n);
    }
    if let Some(l) = language {
        am.language = Set(Some(l));
    }
    Ok(am.update(&state.db).await?)
}
