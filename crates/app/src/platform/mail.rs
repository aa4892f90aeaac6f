//! Outgoing mail. A mail is a row in `mail_outbox`, written in the same transaction as
//! the change it reports, so a crash can never lose it or send it for a change that was
//! rolled back. A worker delivers it by SMTP, or as an `.eml` file when no SMTP server is
//! configured. Several instances may run the worker: each mail is claimed before sending.
//!
//! Once a mail is handed over, the store keeps no working secret: the tokens of its links
//! and its one-time codes are blanked in the outbox row ([`scrub`]), and sent rows and
//! `.eml` files are swept after the retention period.

use std::path::PathBuf;
use std::time::Duration;

use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{QueryOrder, QuerySelect, Set};

use super::state::AppState;
use super::util::now;

/// The outbox table.
pub mod outbox {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "mail_outbox")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub to_addr: String,
        pub subject: String,
        pub body_text: String,
        pub created_at: i64,
        pub send_after: i64,
        pub sent_at: Option<i64>,
        pub attempts: i32,
        pub last_error: Option<String>,
        pub claimed_until: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A mail ready to queue.
#[derive(Clone, Debug)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// After this many failed attempts a mail is left for an operator to look at.
pub const MAX_ATTEMPTS: i32 = 8;

/// Queues a mail inside the caller's transaction.
pub async fn enqueue(db: &impl ConnectionTrait, mail: Mail) -> Result<(), DbErr> {
    let t = now();
    outbox::ActiveModel {
        to_addr: Set(mail.to),
        subject: Set(mail.subject),
        body_text: Set(mail.body),
        created_at: Set(t),
        send_after: Set(t),
        attempts: Set(0),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Where mail goes.
#[derive(Clone)]
pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(PathBuf),
}

impl Transport {
    /// SMTP when `SMTP_URL` is set, else `.eml` files in `<data-dir>/outbox/`.
    pub fn from_config(state: &AppState) -> anyhow::Result<Self> {
        match &state.config.smtp_url {
            Some(url) => Ok(Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(&url.0)?
                    .timeout(Some(Duration::from_secs(15)))
                    .build(),
            )),
            None => {
                let dir = state.config.data_dir.join("outbox");
                std::fs::create_dir_all(&dir)?;
                Ok(Transport::Files(dir))
            }
        }
    }

    async fn send(&self, id: i64, message: Message) -> anyhow::Result<()> {
        match self {
            Transport::Smtp(smtp) => {
                smtp.send(message).await?;
            }
            Transport::Files(dir) => {
                let tmp = dir.join(format!(".{id}.eml.tmp"));
                let path = dir.join(format!("{id:08}.eml"));
                tokio::fs::write(&tmp, message.formatted()).await?;
                tokio::fs::rename(&tmp, &path).await?;
            }
        }
        Ok(())
    }
}

/// Delivers what is due; returns how many mails went out.
pub async fn deliver_due(state: &AppState, transport: &Transport) -> anyhow::Result<usize> {
    let t = now();
    let due = outbox::Entity::find()
        .filter(outbox::Column::SentAt.is_null())
        .filter(outbox::Column::SendAfter.lte(t))
        .filter(outbox::Column::Attempts.lt(MAX_ATTEMPTS))
        .filter(
            outbox::Column::ClaimedUntil
                .is_null()
                .or(outbox::Column::ClaimedUntil.lt(t)),
        )
        .order_by_asc(outbox::Column::Id)
        .limit(50)
        .all(&state.db)
        .await?;
    let from: Mailbox = state.config.mail_from.parse()?;
    let mut sent = 0;
    for mail in due {
        let claimed = outbox::Entity::update_many()
            .col_expr(outbox::Column::ClaimedUntil, Expr::value(t + 120))
            .filter(outbox::Column::Id.eq(mail.id))
            .filter(outbox::Column::SentAt.is_null())
            .filter(
                outbox::Column::ClaimedUntil
                    .is_null()
                    .or(outbox::Column::ClaimedUntil.lt(t)),
            )
            .exec(&state.db)
            .await?;
        if claimed.rows_affected != 1 {
            continue; // another instance has it
        }
        let result = async {
            let message = Message::builder()
                .from(from.clone())
                .to(mail.to_addr.parse()?)
                .subject(mail.subject.clone())
                .header(ContentType::TEXT_PLAIN)
                .body(mail.body_text.clone())?;
            transport.send(mail.id, message).await
        }
        .await;
        let mut update = outbox::Entity::update_many()
            .col_expr(
                outbox::Column::ClaimedUntil,
                Expr::value(Option::<i64>::None),
            )
            .filter(outbox::Column::Id.eq(mail.id));
        match result {
            Ok(()) => {
                sent += 1;
                update = update
                    .col_expr(outbox::Column::SentAt, Expr::value(now()))
                    .col_expr(
                        outbox::Column::BodyText,
                        Expr::value(scrub(&mail.body_text)),
                    );
            }
            Err(e) => {
                tracing::warn!(mail = mail.id, error = %e, "mail delivery failed; will retry");
                let backoff = 30i64 << mail.attempts.clamp(0, 10);
                update = update
                    .col_expr(outbox::Column::Attempts, Expr::value(mail.attempts + 1))
                    .col_expr(outbox::Column::SendAfter, Expr::value(now() + backoff))
                    .col_expr(outbox::Column::LastError, Expr::value(e.to_string()));
            }
        }
        update.exec(&state.db).await?;
    }
    Ok(sent)
}

/// A delivered mail's text without its working secrets: link tokens (`token=…`,
/// `code=…`, `sig=…`) and six-digit codes are blanked, the rest is kept so the office can
/// still see what was sent.
pub fn scrub(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    for (i, line) in body.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let words: Vec<String> = line
            .split(' ')
            .map(|w| {
                let bare = w.trim_matches(|c: char| !c.is_ascii_alphanumeric());
                if bare.len() == 6 && bare.chars().all(|c| c.is_ascii_digit()) {
                    return w.replace(bare, "······");
                }
                let mut word = w.to_string();
                for key in ["token=", "code=", "sig="] {
                    while let Some(at) = word.find(key) {
                        let start = at + key.len();
                        let end = word[start..]
                            .find(['&', ' ', '#'])
                            .map_or(word.len(), |e| start + e);
                        if end == start {
                            break;
                        }
                        word.replace_range(start..end, "");
                        word.insert(start, '…');
                        if !word[start + '…'.len_utf8()..].contains(key) {
                            break;
                        }
                    }
                }
                word
            })
            .collect();
        out.push_str(&words.join(" "));
    }
    out
}

/// Removes sent mail older than the retention period, and `.eml` files of that age.
pub async fn sweep(state: &AppState) -> anyhow::Result<u64> {
    let cutoff = super::retention::Retention::cutoff(state.config.retention.sent_mail_days);
    let res = outbox::Entity::delete_many()
        .filter(outbox::Column::SentAt.lt(cutoff))
        .exec(&state.db)
        .await?;
    let dir = state.config.data_dir.join("outbox");
    if let Ok(mut entries) = tokio::fs::read_dir(&dir).await {
        let limit = std::time::SystemTime::now()
            - Duration::from_secs(
                (std::cmp::Ord::max(state.config.retention.sent_mail_days, 1) * 86_400) as u64,
            );
        while let Ok(Some(e)) = entries.next_entry().await {
            let old = e
                .metadata()
                .await
                .and_then(|m| m.modified())
                .is_ok_and(|m| m < limit);
            if old && e.path().extension().is_some_and(|x| x == "eml") {
                let _ = tokio::fs::remove_file(e.path()).await;
            }
        }
    }
    Ok(res.rows_affected)
}

/// Runs the delivery loop for the life of the process.
pub fn spawn_worker(state: AppState) -> anyhow::Result<()> {
    let transport = Transport::from_config(&state)?;
    tokio::spawn(async move {
        loop {
            match deliver_due(&state, &transport).await {
                Ok(n) if n > 0 => continue,
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "mail worker pass failed"),
            }
            let _ = tokio::time::timeout(Duration::from_secs(2), state.mail_wake.notified()).await;
        }
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::scrub;

    #[test]
    fn delivered_mail_keeps_no_working_secret() {
        let body = "Your code: 123456\nOr open https://x.example/verify-email?token=abcDEF_123-x&next=/ now.\nUnsubscribe: https://x.example/messages/unsubscribe?user=7&token=f00d";
        let s = scrub(body);
        assert!(
            !s.contains("123456") && !s.contains("abcDEF_123-x") && !s.contains("f00d"),
            "{s}"
        );
        assert!(
            s.contains("verify-email?token=…&next=/") && s.contains("user=7"),
            "{s}"
        );
        assert_eq!(
            scrub("Price R 150 000, call 082 555 1234"),
            "Price R 150 000, call 082 555 1234"
        );
    }
}
