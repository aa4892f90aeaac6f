//! The self-hosted CAPTCHA: a signed, expiring, single-use proof-of-work puzzle that our
//! own script solves invisibly in the browser, and for browsers without JavaScript (or
//! people who need it) a plain arithmetic question with a labelled text field. Both are
//! stateless until spent: the signature proves we issued them, the spent table refuses
//! a second use.
//!
//! A script reads the question as easily as a person, so answering it is never cheaper
//! than the puzzle: its token is spent by the first answer, right or wrong, and what is
//! done through it meets friction on the server instead (see [`Passed::Question`]: a
//! sign-up waits for a moderator, an ad for review, logins are few).

use rand::Rng;
use sea_orm::{ActiveValue::Set, EntityTrait};
use serde::Serialize;
use utoipa::ToSchema;

use crate::platform::error::AppResult;
use crate::platform::state::AppState;
use crate::platform::util::now;
use crate::platform::web::Ctx;

/// How long a puzzle or question may be answered (a slow form fill must not fail).
pub const TTL: i64 = 2 * 3600;

/// A spent puzzle, kept until it would have expired anyway.
pub mod spent {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "captcha_spent")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub tag: String,
        pub expires_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// A challenge as forms and API clients receive it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Challenge {
    pub algorithm: String,
    pub salt: String,
    pub challenge: String,
    pub max_number: u64,
    /// Send back `token` + `.` + the number found (form field `captcha_token` plus
    /// `captcha_number`, or the `X-Captcha` header of an API request).
    pub token: String,
    /// The accessible alternative.
    pub question: Question,
}

/// "What is 3 plus 4?": a question a screen reader reads and a person answers in digits.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Question {
    pub token: String,
    /// The question in the request's language.
    pub text: String,
}

fn key(state: &AppState) -> Vec<u8> {
    format!("captcha:{}", state.secret.0).into_bytes()
}

/// Who a puzzle was issued to: an account's id, or `-` for visitors. A puzzle made easy
/// for a trusted account is refused from anyone else.
pub fn subject(ctx: &Ctx) -> String {
    ctx.user
        .as_ref()
        .map_or_else(|| "-".to_string(), |u| u.id.to_string())
}

/// Issues a puzzle and a question for `action` at `difficulty`.
pub fn issue(state: &AppState, ctx: &Ctx, action: &str, difficulty: u64) -> Challenge {
    let mut rng = rand::rng();
    let nonce: u64 = rng.random();
    let expires = now() + TTL;
    let salt = format!(
        "{action}:{}:{expires}:{difficulty}:{nonce:016x}",
        subject(ctx)
    );
    let puzzle = antispam::pow::puzzle(&salt, rng.random_range(0..=difficulty), difficulty);
    let sig = antispam::pow::sign(&key(state), &["pow", &salt, &puzzle.challenge]);
    let (a, b) = (rng.random_range(1..=9i64), rng.random_range(1..=9i64));
    let qsalt = format!(
        "{action}:{}:{expires}:{:016x}",
        subject(ctx),
        rng.random::<u64>()
    );
    let qsig = antispam::pow::sign(&key(state), &["q", &qsalt, &(a + b).to_string()]);
    Challenge {
        algorithm: puzzle.algorithm,
        token: format!("{salt}.{}.{sig}", puzzle.challenge),
        salt,
        challenge: puzzle.challenge,
        max_number: difficulty,
        question: Question {
            token: format!("{qsalt}.{qsig}"),
            text: ctx.t_with(
                "captcha-question",
                &[
                    ("a", crate::platform::i18n::Arg::Num(a)),
                    ("b", crate::platform::i18n::Arg::Num(b)),
                ],
            ),
        },
    }
}

/// Why an answer was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// Nothing was sent.
    Missing,
    /// Not ours, for another action or person, altered, or simply wrong.
    Wrong,
    Expired,
    /// Already used once.
    Replayed,
}

impl Failure {
    pub fn as_str(self) -> &'static str {
        match self {
            Failure::Missing => "missing",
            Failure::Wrong => "wrong",
            Failure::Expired => "expired",
            Failure::Replayed => "replayed",
        }
    }
}

/// How an answer passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Passed {
    /// The proof of work: it cost the client what the difficulty says.
    Work,
    /// The accessible question: cheap for anyone, so the action is slowed down on the
    /// server instead.
    Question,
}

/// What a client sent back.
#[derive(Clone, Debug, Default)]
pub struct Answer {
    /// `token.number` for the puzzle.
    pub pow: Option<String>,
    /// `token` and the typed answer for the question.
    pub question: Option<(String, String)>,
}

/// Splits `salt.challenge.sig[.number]` (the salt never holds a dot).
fn parts(s: &str) -> Option<Vec<&str>> {
    let p: Vec<&str> = s.trim().split('.').collect();
    (p.len() >= 3).then_some(p)
}

/// Checks the salt's action, subject and expiry; returns the expiry.
fn check_salt(salt: &str, action: &str, subject: &str) -> Result<i64, Failure> {
    let f: Vec<&str> = salt.split(':').collect();
    if f.len() < 4 || f[0] != action || f[1] != subject {
        return Err(Failure::Wrong);
    }
    let expires: i64 = f[2].parse().map_err(|_| Failure::Wrong)?;
    if expires < now() {
        return Err(Failure::Expired);
    }
    Ok(expires)
}

/// Verifies an answer for `action` and spends it. Either a solved puzzle or a right
/// answer to the question passes.
pub async fn verify(
    state: &AppState,
    ctx: &Ctx,
    action: &str,
    answer: &Answer,
) -> AppResult<Result<Passed, Failure>> {
    let subject = subject(ctx);
    let mut outcome: Result<Passed, Failure> = Err(Failure::Missing);
    if let Some(pow) = answer.pow.as_deref().filter(|p| !p.trim().is_empty()) {
        outcome = match parts(pow) {
            Some(p) if p.len() == 4 => {
                let (salt, challenge, sig, number) = (p[0], p[1], p[2], p[3]);
                match check_salt(salt, action, &subject) {
                    Err(f) => Err(f),
                    Ok(expires) => {
                        let ok_sig = antispam::pow::verify_signature(
                            &key(state),
                            &["pow", salt, challenge],
                            sig,
                        );
                        let ok_work = number
                            .parse::<u64>()
                            .is_ok_and(|n| antispam::pow::check(salt, challenge, n));
                        if ok_sig && ok_work {
                            spend(state, sig, expires).await?.map(|()| Passed::Work)
                        } else {
                            Err(Failure::Wrong)
                        }
                    }
                }
            }
            _ => Err(Failure::Wrong),
        };
    }
    if outcome.is_err()
        && let Some((token, typed)) = &answer.question
        && !typed.trim().is_empty()
    {
        let q = match token.trim().rsplit_once('.') {
            Some((qsalt, qsig)) => match check_salt(qsalt, action, &subject) {
                Err(f) => Err(f),
                Ok(expires) => {
                    // Spent by its first answer, right or wrong: no guessing 1 to 18.
                    let tag = format!("q:{}", crate::platform::util::sha256_hex(qsalt));
                    match spend(state, &tag, expires).await? {
                        Err(f) => Err(f),
                        Ok(()) => {
                            let typed: String =
                                typed.chars().filter(|c| c.is_ascii_digit()).collect();
                            if !typed.is_empty()
                                && antispam::pow::verify_signature(
                                    &key(state),
                                    &["q", qsalt, &typed],
                                    qsig,
                                )
                            {
                                Ok(Passed::Question)
                            } else {
                                Err(Failure::Wrong)
                            }
                        }
                    }
                }
            },
            None => Err(Failure::Wrong),
        };
        // The question's answer decides when it was the only thing sent.
        if q.is_ok() || outcome == Err(Failure::Missing) {
            outcome = q;
        }
    }
    Ok(outcome)
}

/// Marks a puzzle spent; a second use is a replay.
async fn spend(state: &AppState, tag: &str, expires: i64) -> AppResult<Result<(), Failure>> {
    let res = spent::Entity::insert(spent::ActiveModel {
        tag: Set(tag.to_string()),
        expires_at: Set(expires),
    })
    .exec(&state.db)
    .await;
    match res {
        Ok(_) => Ok(Ok(())),
        Err(e) => match crate::platform::error::AppError::from(e) {
            crate::platform::error::AppError::Conflict(..) => Ok(Err(Failure::Replayed)),
            other => Err(other),
        },
    }
}

/// Deletes spent puzzles that have expired anyway.
pub async fn sweep(state: &AppState) -> AppResult<u64> {
    use sea_orm::{ColumnTrait, QueryFilter};
    let res = spent::Entity::delete_many()
        .filter(spent::Column::ExpiresAt.lt(now()))
        .exec(&state.db)
        .await?;
    Ok(res.rows_affected)
}
