//! Mail for unread messages: when an answer from the office is still unread some minutes
//! after it arrived (5 by default, per person), one mail goes out with every unread
//! message of that conversation and a link. Several messages in that time make one mail;
//! a message read in time sends none; a person can turn these mails off, and every mail
//! has a working unsubscribe link. Claimed with a conditional update, so two instances
//! never send the same mail.

use sea_orm::entity::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{QueryOrder, Set};

use super::entity::{conversation, message, prefs};
use crate::accounts::entity::user;
use crate::platform::error::{AppError, AppResult};
use crate::platform::i18n::{Arg, I18n};
use crate::platform::mail::{Mail, enqueue};
use crate::platform::state::AppState;
use crate::platform::util::now;

/// Minutes an answer may stay unread before it is mailed, unless the person chose.
pub const DEFAULT_DELAY_MINUTES: i32 = 5;

/// A person's choice (the defaults when they made none).
pub async fn prefs_of(conn: &impl ConnectionTrait, user_id: i64) -> AppResult<prefs::Model> {
    Ok(prefs::Entity::find_by_id(user_id)
        .one(conn)
        .await?
        .unwrap_or(prefs::Model {
            user_id,
            unread_delay_minutes: DEFAULT_DELAY_MINUTES,
            unread_off: false,
        }))
}

/// Saves a person's choice.
pub async fn set_prefs(
    conn: &impl ConnectionTrait,
    user_id: i64,
    delay: i32,
    off: bool,
) -> AppResult<()> {
    if !(0..=1440).contains(&delay) {
        return Err(AppError::field("delay_minutes", "field-invalid"));
    }
    let am = prefs::ActiveModel {
        user_id: Set(user_id),
        unread_delay_minutes: Set(delay),
        unread_off: Set(off),
    };
    if prefs::Entity::find_by_id(user_id)
        .one(conn)
        .await?
        .is_some()
    {
        am.update(conn).await?;
    } else {
        am.insert(conn).await?;
    }
    Ok(())
}

/// The signed token of an unsubscribe link.
pub fn unsubscribe_token(state: &AppState, user_id: i64) -> String {
    antispam::pow::sign(
        format!("unsubscribe:{}", state.secret.0).as_bytes(),
        &[&user_id.to_string()],
    )
}

/// Whether an unsubscribe link is genuine.
pub fn check_unsubscribe(state: &AppState, user_id: i64, token: &str) -> bool {
    antispam::pow::verify_signature(
        format!("unsubscribe:{}", state.secret.0).as_bytes(),
        &[&user_id.to_string()],
        token,
    )
}

/// Sends every mail that is due; returns how many went out.
pub async fn run_once(state: &AppState) -> AppResult<usize> {
    let t = now();
    // Conversations with activity in the last week whose last message is not the user's.
    let candidates = conversation::Entity::find()
        .filter(conversation::Column::LastMessageAt.gt(t - 7 * 86_400))
        .order_by_asc(conversation::Column::LastMessageAt)
        .all(&state.db)
        .await?;
    let mut sent = 0;
    for c in candidates {
        let seen = c.user_read_upto.max(c.user_mailed_upto);
        let unread = message::Entity::find()
            .filter(message::Column::ConversationId.eq(c.id))
            .filter(message::Column::Id.gt(seen))
            .filter(message::Column::AuthorId.ne(c.user_id))
            .filter(message::Column::Internal.eq(false))
            .order_by_asc(message::Column::Id)
            .all(&state.db)
            .await?;
        let Some(first) = unread.first() else {
            continue;
        };
        let p = prefs_of(&state.db, c.user_id).await?;
        if p.unread_off || first.created_at > t - p.unread_delay_minutes as i64 * 60 {
            continue;
        }
        let Some(u) = user::Entity::find_by_id(c.user_id).one(&state.db).await? else {
            continue;
        };
        let newest = unread.last().map_or(seen, |m| m.id);
        let txn = crate::platform::db::write_txn(&state.db).await?;
        let claimed = conversation::Entity::update_many()
            .col_expr(conversation::Column::UserMailedUpto, Expr::value(newest))
            .filter(conversation::Column::Id.eq(c.id))
            .filter(conversation::Column::UserMailedUpto.eq(c.user_mailed_upto))
            .exec(&txn)
            .await?;
        if claimed.rows_affected != 1 {
            continue;
        }
        let i = I18n::new(u.language.as_deref().unwrap_or("en"));
        let base = &state.config.base_url;
        let quoted: Vec<String> = unread
            .iter()
            .map(|m| format!("> {}", m.body.replace('\n', "\n> ")))
            .collect();
        let body = i.t_with(
            "mail-unread-body",
            &[
                ("name", Arg::from(u.display_name.as_str())),
                ("count", Arg::Num(unread.len() as i64)),
                ("messages", Arg::from(quoted.join("\n\n").as_str())),
                (
                    "link",
                    Arg::from(format!("{base}/messages/{}", c.id).as_str()),
                ),
                (
                    "unsubscribe",
                    Arg::from(
                        format!(
                            "{base}/messages/unsubscribe?user={}&token={}",
                            u.id,
                            unsubscribe_token(state, u.id)
                        )
                        .as_str(),
                    ),
                ),
            ],
        );
        enqueue(
            &txn,
            Mail {
                to: u.email.clone(),
                subject: i.t("mail-unread-subject"),
                body,
            },
        )
        .await?;
        txn.commit().await?;
        sent += 1;
    }
    if sent > 0 {
        state.mail_wake.notify_one();
    }
    Ok(sent)
}
