//! The appeals table: one request for a second look per person and subject, kept beside
//! the queue it goes into. What an appeal may be about and what upholding it undoes is the
//! moderation office's business; this module only stores them.

use std::collections::{HashMap, HashSet};

use sea_orm::entity::prelude::*;
use sea_orm::{QueryOrder, QuerySelect, Set};

use super::entity::appeal;
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::util::now;

/// An appeal as stored.
pub type Appeal = appeal::Model;

/// Which of these subjects (`report:1`, `ad:2`, `action:3`) were already appealed.
pub async fn existing(
    conn: &impl ConnectionTrait,
    subjects: &[String],
) -> AppResult<HashSet<String>> {
    if subjects.is_empty() {
        return Ok(Default::default());
    }
    let found: Vec<String> = appeal::Entity::find()
        .select_only()
        .column(appeal::Column::Subject)
        .filter(appeal::Column::Subject.is_in(subjects.iter().cloned()))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(found.into_iter().collect())
}

/// Whether someone already appealed this subject.
pub async fn exists(conn: &impl ConnectionTrait, subject: &str) -> AppResult<bool> {
    Ok(appeal::Entity::find()
        .filter(appeal::Column::Subject.eq(subject))
        .count(conn)
        .await?
        > 0)
}

/// Stores a new open appeal. A second one by the same person on the same subject (two
/// tabs at once) is refused by the unique index: 409 `already_appealed`.
pub async fn open(
    conn: &impl ConnectionTrait,
    subject: &str,
    by_user: i64,
    text: &str,
    original_moderator: Option<i64>,
) -> AppResult<Appeal> {
    appeal::ActiveModel {
        subject: Set(subject.into()),
        by_user: Set(by_user),
        text: Set(text.into()),
        status: Set("open".into()),
        original_moderator: Set(original_moderator),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(conn)
    .await
    .map_err(|e| match AppError::from(e) {
        AppError::Conflict(..) => AppError::Conflict("already_appealed", FieldErrors::new()),
        other => other,
    })
}

/// One appeal.
pub async fn get(conn: &impl ConnectionTrait, id: i64) -> AppResult<Option<Appeal>> {
    Ok(appeal::Entity::find_by_id(id).one(conn).await?)
}

/// A person's appeals, newest first.
pub async fn by_user(conn: &impl ConnectionTrait, user_id: i64) -> AppResult<Vec<Appeal>> {
    Ok(appeal::Entity::find()
        .filter(appeal::Column::ByUser.eq(user_id))
        .order_by_desc(appeal::Column::Id)
        .limit(100)
        .all(conn)
        .await?)
}

/// The subjects of these appeals (for readable queue rows).
pub async fn subjects(
    conn: &impl ConnectionTrait,
    ids: Vec<i64>,
) -> AppResult<HashMap<i64, String>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(appeal::Entity::find()
        .select_only()
        .column(appeal::Column::Id)
        .column(appeal::Column::Subject)
        .filter(appeal::Column::Id.is_in(ids))
        .into_tuple::<(i64, String)>()
        .all(conn)
        .await?
        .into_iter()
        .collect())
}

/// Records the decision on an open appeal (409 `already_decided` when it is not open).
pub async fn close(
    conn: &impl ConnectionTrait,
    a: &Appeal,
    upheld: bool,
    by: i64,
    note: &str,
) -> AppResult<()> {
    if a.status != "open" {
        return Err(AppError::Conflict("already_decided", FieldErrors::new()));
    }
    let mut am: appeal::ActiveModel = a.clone().into();
    am.status = Set(if upheld { "upheld" } else { "denied" }.into());
    am.decided_by = Set(Some(by));
    am.decided_at = Set(Some(now()));
    am.decision_note = Set(Some(note.into()));
    am.update(conn).await?;
    Ok(())
}
