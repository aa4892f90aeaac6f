//! Account operations shared by the JSON API and the pages: one place decides what
//! registering, verifying, logging in and changing credentials mean.

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};

use super::entity::{email_token, user};
use super::mails;
use super::validate::{self, Check};
use crate::platform::auth::{self, CurrentUser, Role};
use crate::platform::db::write_txn;
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::i18n::I18n;
use crate::platform::mail::enqueue;
use crate::platform::state::AppState;
use crate::platform::util::{now, random_code, random_token, sha256_hex};

/// Verification links and codes live this long.
pub const VERIFY_TTL: i64 = 24 * 3600;
/// Password reset links live this long.
pub const RESET_TTL: i64 = 3600;
/// Wrong codes allowed per code before it is spent.
pub const MAX_CODE_ATTEMPTS: i32 = 5;
/// Changing the password or the address needs the current password again.
pub const PURPOSE_VERIFY: &str = "verify";
pub const PURPOSE_RESET: &str = "reset";
pub const PURPOSE_CHANGE_EMAIL: &str = "change_email";

/// What a registration form carries.
pub struct Registration {
    pub email: String,
    pub password: String,
    pub display_name: String,
    pub language: Option<String>,
    /// The address the sign-up came from (for the gate's velocity signal and the record).
    pub ip: Option<String>,
    /// Why the shield wants a moderator to approve this account first (an `approval`
    /// block on the address), if it does.
    pub hold: Option<String>,
}

/// The status of an account that waits for a moderator's approval.
pub const PENDING_APPROVAL: &str = "pending_approval";

fn code_hash(user_id: i64, code: &str) -> String {
    sha256_hex(&format!("{user_id}:{code}"))
}

/// The language mails to this user are written in.
pub fn user_i18n(u: &user::Model) -> I18n {
    I18n::new(u.language.as_deref().unwrap_or("en"))
}

/// Creates an unverified account and queues its verification mail in one transaction.
pub async fn register(
    state: &AppState,
    form: Registration,
    request_lang: &I18n,
) -> AppResult<user::Model> {
    let mut check = Check::default();
    let email = check.take("email", validate::email(&form.email));
    check.take("password", validate::password(&form.password));
    let name = check.take("display_name", validate::display_name(&form.display_name));
    let language = match form.language.as_deref().filter(|l| !l.is_empty()) {
        Some(l) if I18n::is_supported(l) => l.to_string(),
        Some(_) => {
            check.take::<()>("language", Err("field-invalid"));
            String::new()
        }
        None => request_lang.code().to_string(),
    };
    check.finish()?;
    let (email, name) = (email.unwrap_or_default(), name.unwrap_or_default());
    if user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .count(&state.db)
        .await?
        > 0
    {
        return Err(email_taken());
    }
    // The address itself: throw-away providers, blocked domains and canonical duplicates
    // are refused or held, as the admins chose.
    let mut hold = form.hold.clone();
    if let Some(found) = crate::shield::email::screen(state, &email).await? {
        let refused = found.screen == crate::shield::settings::Screen::Refuse;
        crate::shield::events::record(
            state,
            crate::shield::events::Event {
                ip: form.ip.clone(),
                user_id: None,
                action: "signup",
                kind: if refused {
                    "email_refused"
                } else {
                    "email_held"
                },
                rule: Some(format!("{}:{}", found.kind, found.rule)),
                detail: None,
            },
        );
        if refused {
            return Err(AppError::field(
                "email",
                &format!("field-email-{}", found.kind),
            ));
        }
        hold.get_or_insert_with(|| format!("mail address: {}", found.kind));
    }
    // Sign-ups pass the gate too: a spam display name or a flood from one address is
    // stopped before an account exists.
    let gate = crate::gate::gate(state)?;
    let (_, by_ip) =
        crate::gate::service::recent_counts(&state.db, None, form.ip.as_deref()).await?;
    let verdict = gate.check(&antispam::Submission {
        kind: antispam::Kind::Profile,
        title: name.clone(),
        contacts: vec![email.clone()],
        context: antispam::AccountContext {
            recent_by_ip: by_ip,
            ..Default::default()
        },
        ..Default::default()
    });
    let subject = |id| crate::gate::service::Subject {
        kind: "signup",
        id,
        user_id: id,
        ip: form.ip.as_deref(),
    };
    if verdict.action == antispam::Action::Reject {
        crate::gate::service::record(&state.db, &gate, &subject(None), &verdict).await?;
        crate::shield::guard::offence(state, form.ip.as_deref(), "sign-up rejected by the gate")
            .await?;
        return Err(crate::gate::explain::refused(verdict));
    }
    if verdict.action == antispam::Action::Hold {
        hold.get_or_insert_with(|| format!("gate score {:.2}", verdict.score));
    }
    let hash = auth::hash_password(&state.hashing, form.password).await?;
    let txn = write_txn(&state.db).await?;
    let created = user::ActiveModel {
        email_canonical: Set(Some(crate::shield::email::canonical(&email))),
        email: Set(email),
        password_hash: Set(hash),
        display_name: Set(name),
        role: Set(Role::User.as_str().into()),
        language: Set(Some(language)),
        status: Set(if hold.is_some() {
            PENDING_APPROVAL.into()
        } else {
            "active".into()
        }),
        created_at: Set(now()),
        signup_ip: Set(form.ip.clone()),
        held_reason: Set(hold),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| match AppError::from(e) {
        AppError::Conflict(..) => email_taken(),
        other => other,
    })?;
    crate::gate::service::record(&txn, &gate, &subject(Some(created.id)), &verdict).await?;
    send_verification(state, &txn, &created, false).await?;
    if created.status == PENDING_APPROVAL {
        let cfg = crate::review::settings::current(state).await?;
        crate::review::queue::upsert(
            &txn,
            &cfg,
            "signup",
            created.id,
            1,
            0.0,
            created.held_reason.as_deref(),
            None,
        )
        .await?;
    }
    txn.commit().await?;
    state.mail_wake.notify_one();
    Ok(created)
}

fn email_taken() -> AppError {
    let mut f = FieldErrors::new();
    f.insert("email".into(), "field-email-taken".into());
    AppError::Conflict("email_taken", f)
}

/// Issues a fresh link and code and queues the mail (inside the caller's transaction).
pub async fn send_verification(
    state: &AppState,
    db: &impl sea_orm::ConnectionTrait,
    u: &user::Model,
    reminder: bool,
) -> AppResult<()> {
    let token = random_token();
    let code = random_code();
    let t = now();
    email_token::ActiveModel {
        user_id: Set(u.id),
        purpose: Set(PURPOSE_VERIFY.into()),
        token_hash: Set(sha256_hex(&token)),
        code_hash: Set(Some(code_hash(u.id, &code))),
        attempts: Set(0),
        created_at: Set(t),
        expires_at: Set(t + VERIFY_TTL),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let mail = mails::verification(
        &user_i18n(u),
        &state.config.base_url,
        &u.email,
        &u.display_name,
        &token,
        &code,
        reminder,
    );
    enqueue(db, mail).await?;
    Ok(())
}

/// A new verification mail on request: at most one a minute and five a day.
pub async fn resend_verification(state: &AppState, user_id: i64) -> AppResult<()> {
    let u = user::Entity::find_by_id(user_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    if u.email_verified_at.is_some() {
        return Err(AppError::Conflict("already_verified", FieldErrors::new()));
    }
    let t = now();
    let recent = email_token::Entity::find()
        .filter(email_token::Column::UserId.eq(u.id))
        .filter(email_token::Column::Purpose.eq(PURPOSE_VERIFY))
        .filter(email_token::Column::CreatedAt.gt(t - 86_400))
        .order_by_desc(email_token::Column::CreatedAt)
        .all(&state.db)
        .await?;
    if let Some(last) = recent.first()
        && t - last.created_at < 60
    {
        return Err(AppError::TooManyRequests {
            retry_after: (60 - (t - last.created_at)) as u64,
            limit: 1,
        });
    }
    if recent.len() >= 5 {
        let oldest = recent.last().map(|r| r.created_at).unwrap_or(t);
        return Err(AppError::TooManyRequests {
            retry_after: std::cmp::max(oldest + 86_400 - t, 1) as u64,
            limit: 5,
        });
    }
    let txn = write_txn(&state.db).await?;
    send_verification(state, &txn, &u, false).await?;
    txn.commit().await?;
    state.mail_wake.notify_one();
    Ok(())
}

/// Applies a link token (address verification or a confirmed change of address).
pub async fn verify_token(state: &AppState, token: &str) -> AppResult<user::Model> {
    let t = now();
    let found = email_token::Entity::find()
        .filter(email_token::Column::TokenHash.eq(sha256_hex(token.trim())))
        .filter(email_token::Column::Purpose.is_in([PURPOSE_VERIFY, PURPOSE_CHANGE_EMAIL]))
        .one(&state.db)
        .await?
        .ok_or(AppError::BadRequest("token_invalid"))?;
    if found.used_at.is_some() {
        let u = user::Entity::find_by_id(found.user_id)
            .one(&state.db)
            .await?
            .ok_or(AppError::NotFound)?;
        if found.purpose == PURPOSE_VERIFY && u.email_verified_at.is_some() {
            return Ok(u); // clicking the link twice is not an error
        }
        return Err(AppError::BadRequest("token_invalid"));
    }
    if found.expires_at <= t {
        return Err(AppError::Gone("token_expired"));
    }
    apply_token(state, found).await
}

/// Checks a six-digit code typed by the person who owns the address.
pub async fn verify_code(state: &AppState, email: &str, code: &str) -> AppResult<user::Model> {
    let email = validate::email(email).map_err(|k| AppError::field("email", k))?;
    let code = code.trim();
    if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(AppError::field("code", "field-code-invalid"));
    }
    let u = user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .one(&state.db)
        .await?
        .ok_or_else(|| AppError::field("code", "field-code-invalid"))?;
    if u.email_verified_at.is_some() {
        // Same answer as a wrong code: the form must not tell who has a verified account.
        return Err(AppError::field("code", "field-code-invalid"));
    }
    let t = now();
    let candidates = email_token::Entity::find()
        .filter(email_token::Column::UserId.eq(u.id))
        .filter(email_token::Column::Purpose.eq(PURPOSE_VERIFY))
        .filter(email_token::Column::UsedAt.is_null())
        .filter(email_token::Column::ExpiresAt.gt(t))
        .filter(email_token::Column::Attempts.lt(MAX_CODE_ATTEMPTS))
        .all(&state.db)
        .await?;
    let wanted = code_hash(u.id, code);
    match candidates
        .into_iter()
        .find(|c| c.code_hash.as_deref() == Some(wanted.as_str()))
    {
        Some(tok) => apply_token(state, tok).await,
        None => {
            email_token::Entity::update_many()
                .col_expr(
                    email_token::Column::Attempts,
                    Expr::col(email_token::Column::Attempts).add(1),
                )
                .filter(email_token::Column::UserId.eq(u.id))
                .filter(email_token::Column::Purpose.eq(PURPOSE_VERIFY))
                .filter(email_token::Column::UsedAt.is_null())
                .exec(&state.db)
                .await?;
            Err(AppError::field("code", "field-code-invalid"))
        }
    }
}

async fn apply_token(state: &AppState, tok: email_token::Model) -> AppResult<user::Model> {
    let t = now();
    let txn = write_txn(&state.db).await?;
    // Spend the token first, conditionally, so two clicks racing cannot both apply it.
    let spent = email_token::Entity::update_many()
        .col_expr(email_token::Column::UsedAt, Expr::value(t))
        .filter(email_token::Column::Id.eq(tok.id))
        .filter(email_token::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if spent.rows_affected != 1 {
        return Err(AppError::BadRequest("token_invalid"));
    }
    let u = user::Entity::find_by_id(tok.user_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let old_email = u.email.clone();
    let mut am: user::ActiveModel = u.into();
    am.email_verified_at = Set(Some(t));
    if tok.purpose == PURPOSE_CHANGE_EMAIL {
        let new_email = tok
            .new_email
            .clone()
            .ok_or(AppError::BadRequest("token_invalid"))?;
        am.email_canonical = Set(Some(crate::shield::email::canonical(&new_email)));
        am.email = Set(new_email);
    }
    let updated = am.update(&txn).await.map_err(|e| match AppError::from(e) {
        AppError::Conflict(..) => email_taken(),
        other => other,
    })?;
    if tok.purpose == PURPOSE_CHANGE_EMAIL {
        let notice = mails::security_notice(
            &user_i18n(&updated),
            &old_email,
            &updated.display_name,
            "notice-email-changed",
        );
        enqueue(&txn, notice).await?;
    }
    txn.commit().await?;
    state.mail_wake.notify_one();
    Ok(updated)
}

/// The account with this address (as typed: trimmed, any case), for the office's forms.
pub async fn find_by_email(
    conn: &impl sea_orm::ConnectionTrait,
    email: &str,
) -> AppResult<Option<user::Model>> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email.trim().to_lowercase()))
        .one(conn)
        .await?)
}

/// Checks credentials. Unknown address and wrong password give the same answer and take
/// the same time, so the form does not reveal who has an account.
pub async fn login(state: &AppState, email: &str, password: &str) -> AppResult<user::Model> {
    let email = email.trim().to_lowercase();
    let found = user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .one(&state.db)
        .await?;
    let ok = auth::verify_password(
        &state.hashing,
        password.to_string(),
        found.as_ref().map(|u| u.password_hash.clone()),
    )
    .await;
    match found {
        Some(u) if ok => {
            if u.status == PENDING_APPROVAL {
                return Err(AppError::Forbidden("account_pending_approval"));
            }
            if u.status == "banned" {
                return Err(AppError::Forbidden("account_banned"));
            }
            if !crate::accounts::sessions::may_act(&u, now()) {
                return Err(AppError::Forbidden("account_suspended"));
            }
            Ok(u)
        }
        _ => Err(AppError::Unauthenticated("invalid_credentials")),
    }
}

/// Queues a reset link if the address has an account; says nothing either way.
pub async fn request_password_reset(state: &AppState, email: &str) -> AppResult<()> {
    let email = validate::email(email).map_err(|k| AppError::field("email", k))?;
    let Some(u) = user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .one(&state.db)
        .await?
    else {
        return Ok(());
    };
    let t = now();
    let recent = email_token::Entity::find()
        .filter(email_token::Column::UserId.eq(u.id))
        .filter(email_token::Column::Purpose.eq(PURPOSE_RESET))
        .filter(email_token::Column::CreatedAt.gt(t - 3600))
        .count(&state.db)
        .await?;
    if recent >= 3 {
        return Ok(()); // enough mails for one hour; the answer stays the same
    }
    let token = random_token();
    let txn = write_txn(&state.db).await?;
    email_token::ActiveModel {
        user_id: Set(u.id),
        purpose: Set(PURPOSE_RESET.into()),
        token_hash: Set(sha256_hex(&token)),
        attempts: Set(0),
        created_at: Set(t),
        expires_at: Set(t + RESET_TTL),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    enqueue(
        &txn,
        mails::password_reset(
            &user_i18n(&u),
            &state.config.base_url,
            &u.email,
            &u.display_name,
            &token,
        ),
    )
    .await?;
    txn.commit().await?;
    state.mail_wake.notify_one();
    Ok(())
}

/// Sets a new password from a reset link and ends every session of the account.
pub async fn reset_password(
    state: &AppState,
    token: &str,
    password: &str,
) -> AppResult<user::Model> {
    validate::password(password).map_err(|k| AppError::field("password", k))?;
    let t = now();
    let tok = email_token::Entity::find()
        .filter(email_token::Column::TokenHash.eq(sha256_hex(token.trim())))
        .filter(email_token::Column::Purpose.eq(PURPOSE_RESET))
        .one(&state.db)
        .await?
        .ok_or(AppError::BadRequest("token_invalid"))?;
    if tok.used_at.is_some() {
        return Err(AppError::BadRequest("token_invalid"));
    }
    if tok.expires_at <= t {
        return Err(AppError::Gone("token_expired"));
    }
    let hash = auth::hash_password(&state.hashing, password.to_string()).await?;
    let txn = write_txn(&state.db).await?;
    let spent = email_token::Entity::update_many()
        .col_expr(email_token::Column::UsedAt, Expr::value(t))
        .filter(email_token::Column::Id.eq(tok.id))
        .filter(email_token::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if spent.rows_affected != 1 {
        return Err(AppError::BadRequest("token_invalid"));
    }
    let u = user::Entity::find_by_id(tok.user_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut am: user::ActiveModel = u.into();
    am.password_hash = Set(hash);
    // Reading the mail proves the address too.
    if am.email_verified_at.as_ref().is_none() {
        am.email_verified_at = Set(Some(t));
    }
    let u = am.update(&txn).await?;
    crate::accounts::sessions::delete_user_sessions(&txn, u.id, None).await?;
    spend_open_tokens(&txn, u.id).await?;
    txn.commit().await?;
    Ok(u)
}

/// Voids every unused mailed link and code of a user. After a password reset or change,
/// a link requested before it (say, a change of address by someone who knew the old
/// password) must not still work.
async fn spend_open_tokens(db: &impl sea_orm::ConnectionTrait, user_id: i64) -> AppResult<()> {
    email_token::Entity::update_many()
        .col_expr(email_token::Column::UsedAt, Expr::value(now()))
        .filter(email_token::Column::UserId.eq(user_id))
        .filter(email_token::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Wrong current passwords a session may type in [`REAUTH_WINDOW`] before it is ended and
/// its owner told: a stolen session must not become a way to guess the password.
pub const REAUTH_FAILURES: u32 = 5;
/// The window those failures are counted in.
pub const REAUTH_WINDOW: i64 = 15 * 60;

/// Checks the password a logged-in person types to confirm a sensitive change. Failures
/// count like failed logins (so the next login needs a CAPTCHA) and, per account; the
/// fifth in a quarter of an hour ends the session and mails the owner. A session past
/// that is refused before any hashing, so guessing costs the site nothing.
async fn check_current_password(
    state: &AppState,
    me: &CurrentUser,
    ip: Option<&str>,
    current: &str,
) -> AppResult<user::Model> {
    let key = format!("reauth_fail|u|{}", me.id);
    if crate::shield::limits::peek(&state.db, &key, REAUTH_WINDOW).await? >= REAUTH_FAILURES {
        return Err(AppError::TooManyRequests {
            retry_after: REAUTH_WINDOW as u64,
            limit: REAUTH_FAILURES,
        });
    }
    let u = user::Entity::find_by_id(me.id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    if auth::verify_password(
        &state.hashing,
        current.to_string(),
        Some(u.password_hash.clone()),
    )
    .await
    {
        return Ok(u);
    }
    let failures = crate::shield::limits::bump(&state.db, &key, REAUTH_WINDOW).await?;
    crate::shield::guard::password_failed(state, ip, &u.email).await?;
    if failures >= REAUTH_FAILURES {
        let txn = write_txn(&state.db).await?;
        crate::accounts::sessions::delete_session(&txn, &me.session_id).await?;
        enqueue(
            &txn,
            mails::security_notice(
                &user_i18n(&u),
                &u.email,
                &u.display_name,
                "notice-session-ended-guessing",
            ),
        )
        .await?;
        crate::platform::audit::record(
            &txn,
            Some(u.id),
            "accounts.session.end_guessing",
            &format!("user:{}", u.id),
            None::<&()>,
            Some(&serde_json::json!({"failures": failures, "ip": ip})),
        )
        .await?;
        txn.commit().await?;
        state.mail_wake.notify_one();
        return Err(AppError::Unauthenticated("session_ended"));
    }
    Err(AppError::field("current_password", "field-password-wrong"))
}

/// Changes the password after checking the current one; other sessions are logged out.
pub async fn change_password(
    state: &AppState,
    me: &CurrentUser,
    ip: Option<&str>,
    current: &str,
    new: &str,
) -> AppResult<()> {
    validate::password(new).map_err(|k| AppError::field("new_password", k))?;
    let u = check_current_password(state, me, ip, current).await?;
    let hash = auth::hash_password(&state.hashing, new.to_string()).await?;
    let txn = write_txn(&state.db).await?;
    let notice = mails::security_notice(
        &user_i18n(&u),
        &u.email,
        &u.display_name,
        "notice-password-changed",
    );
    let mut am: user::ActiveModel = u.into();
    am.password_hash = Set(hash);
    am.update(&txn).await?;
    crate::accounts::sessions::delete_user_sessions(&txn, me.id, Some(&me.session_id)).await?;
    spend_open_tokens(&txn, me.id).await?;
    enqueue(&txn, notice).await?;
    txn.commit().await?;
    state.mail_wake.notify_one();
    Ok(())
}

/// Starts a change of address: the new address must confirm before it replaces the old.
pub async fn change_email(
    state: &AppState,
    me: &CurrentUser,
    ip: Option<&str>,
    current: &str,
    new_email: &str,
) -> AppResult<()> {
    let new_email = validate::email(new_email).map_err(|k| AppError::field("new_email", k))?;
    let u = check_current_password(state, me, ip, current).await?;
    if new_email == u.email {
        return Err(AppError::field("new_email", "field-email-same"));
    }
    if user::Entity::find()
        .filter(user::Column::Email.eq(&new_email))
        .count(&state.db)
        .await?
        > 0
    {
        let mut f = FieldErrors::new();
        f.insert("new_email".into(), "field-email-taken".into());
        return Err(AppError::Conflict("email_taken", f));
    }
    let token = random_token();
    let t = now();
    let txn = write_txn(&state.db).await?;
    email_token::ActiveModel {
        user_id: Set(u.id),
        purpose: Set(PURPOSE_CHANGE_EMAIL.into()),
        token_hash: Set(sha256_hex(&token)),
        new_email: Set(Some(new_email.clone())),
        attempts: Set(0),
        created_at: Set(t),
        expires_at: Set(t + VERIFY_TTL),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    enqueue(
        &txn,
        mails::email_change(
            &user_i18n(&u),
            &state.config.base_url,
            &new_email,
            &u.display_name,
            &token,
        ),
    )
    .await?;
    txn.commit().await?;
    state.mail_wake.notify_one();
    Ok(())
}

/// Sends the one reminder to addresses still unverified 12 hours after sign-up.
pub async fn send_reminders(state: &AppState) -> anyhow::Result<usize> {
    let t = now();
    let due = user::Entity::find()
        .filter(user::Column::EmailVerifiedAt.is_null())
        .filter(user::Column::ReminderSentAt.is_null())
        .filter(user::Column::CreatedAt.lte(t - 12 * 3600))
        .filter(user::Column::CreatedAt.gt(t - 7 * 86_400))
        .all(&state.db)
        .await?;
    let mut sent = 0;
    for u in due {
        let txn = write_txn(&state.db).await?;
        let claimed = user::Entity::update_many()
            .col_expr(user::Column::ReminderSentAt, Expr::value(t))
            .filter(user::Column::Id.eq(u.id))
            .filter(user::Column::ReminderSentAt.is_null())
            .exec(&txn)
            .await?;
        if claimed.rows_affected == 1 {
            send_verification(state, &txn, &u, true)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            sent += 1;
        }
        txn.commit().await?;
    }
    if sent > 0 {
        state.mail_wake.notify_one();
    }
    Ok(sent)
}

/// Creates a staff account for `classifieds admin create`, or promotes an existing one.
/// Staff addresses count as verified: an operator typed them.
pub async fn create_staff(
    state: &AppState,
    email: &str,
    role: &str,
    password: &str,
    name: Option<&str>,
) -> AppResult<user::Model> {
    let role = Role::parse(role)
        .filter(|r| r.is_staff())
        .ok_or_else(|| AppError::field("role", "field-invalid"))?;
    let mut check = Check::default();
    let email = check.take("email", validate::email(email));
    check.take("password", validate::password(password));
    let name = match name {
        Some(n) => check.take("display_name", validate::display_name(n)),
        None => Some(role.as_str().to_string()),
    };
    check.finish()?;
    let email = email.unwrap_or_default();
    let hash = auth::hash_password(&state.hashing, password.to_string()).await?;
    let t = now();
    match user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .one(&state.db)
        .await?
    {
        Some(existing) => {
            let mut am: user::ActiveModel = existing.into();
            am.role = Set(role.as_str().into());
            am.password_hash = Set(hash);
            am.email_verified_at = Set(Some(t));
            Ok(am.update(&state.db).await?)
        }
        None => Ok(user::ActiveModel {
            email_canonical: Set(Some(crate::shield::email::canonical(&email))),
            email: Set(email),
            email_verified_at: Set(Some(t)),
            password_hash: Set(hash),
            display_name: Set(name.unwrap_or_default()),
            role: Set(role.as_str().into()),
            language: Set(None),
            status: Set("active".into()),
            created_at: Set(t),
            ..Default::default()
        }
        .insert(&state.db)
        .await?),
    }
}
