//! Conversations with the office: a user starts one (about an ad or not) with a topic
//! and a first message; staff answer; either side's messages reach the other live. Every
//! message goes through the gate, and every change writes the events people must hear
//! about in the same transaction, then wakes their connections.

use sea_orm::entity::prelude::*;
use sea_orm::{DatabaseTransaction, QueryOrder, QuerySelect, Set};
use serde::Serialize;
use utoipa::ToSchema;

use super::entity::{conversation, message};
use crate::accounts::entity::user;
use crate::platform::auth::CurrentUser;
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::events;
use crate::platform::state::AppState;
use crate::platform::util::now;

/// The topics a conversation can have.
pub const TOPICS: &[&str] = &[
    "ad_help",
    "policy",
    "fraud",
    "renew_edit",
    "account",
    "other",
];
/// Words that make a message urgent (besides the fraud topic and the gate's judgement).
pub const URGENT_WORDS: &[&str] = &[
    "scam",
    "scammed",
    "stolen",
    "police",
    "threat",
    "threatened",
    "fraud",
];
/// The longest message.
pub const MAX_BODY: usize = 5000;

/// The team a topic goes to.
pub fn team_for(topic: &str) -> &'static str {
    match topic {
        "fraud" => "trust_safety",
        "ad_help" | "renew_edit" => "ad_support",
        _ => "general",
    }
}

/// Whether a message asks for someone at once.
pub fn is_urgent(topic: &str, body: &str, verdict: &antispam::Verdict) -> bool {
    let lower = body.to_lowercase();
    topic == "fraud"
        || lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| URGENT_WORDS.contains(&w))
        || verdict.signals.iter().any(|s| s.name == "rejected_contact")
}

fn check_body(body: &str) -> AppResult<String> {
    let body = body.trim();
    if body.is_empty() {
        return Err(AppError::field("body", "field-required"));
    }
    if body.chars().count() > MAX_BODY {
        return Err(AppError::field("body", "field-too-long"));
    }
    Ok(body.to_string())
}

/// The office staff who hear about conversations (agents, moderators, admins).
async fn staff_ids(conn: &impl ConnectionTrait) -> AppResult<Vec<i64>> {
    Ok(user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::Role.is_in(["agent", "moderator", "admin"]))
        .filter(user::Column::Status.eq("active"))
        .into_tuple()
        .all(conn)
        .await?)
}

/// The gate's verdict on a message; a refusal is the error that explains it.
async fn judge(
    state: &AppState,
    me: &CurrentUser,
    body: &str,
    ip: Option<&str>,
) -> AppResult<antispam::Verdict> {
    let gate = crate::gate::gate(state)?;
    let (by_user, by_ip) = crate::gate::service::recent_counts(&state.db, Some(me.id), ip).await?;
    let verdict = gate.check(&antispam::Submission {
        kind: antispam::Kind::Message,
        body: body.to_string(),
        context: antispam::AccountContext {
            account_id: Some(me.id),
            email_verified: Some(me.verified),
            recent_by_account: by_user,
            recent_by_ip: by_ip,
            ..Default::default()
        },
        ..Default::default()
    });
    let subject = crate::gate::service::Subject {
        kind: "message",
        id: None,
        user_id: Some(me.id),
        ip,
    };
    crate::gate::service::record(&state.db, &subject, &verdict, gate.model_version()).await?;
    if verdict.action == antispam::Action::Reject {
        return Err(AppError::Rejected(Box::new(verdict)));
    }
    Ok(verdict)
}

/// A message as it goes out on the wire and in the API.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct MessageOut {
    pub id: i64,
    pub conversation_id: i64,
    pub author_id: i64,
    /// `user` or `staff`.
    pub from: String,
    pub body: String,
    pub internal: bool,
    pub created_at: i64,
}

fn out(m: &message::Model, user_id: i64) -> MessageOut {
    MessageOut {
        id: m.id,
        conversation_id: m.conversation_id,
        author_id: m.author_id,
        from: if m.author_id == user_id {
            "user"
        } else {
            "staff"
        }
        .into(),
        body: m.body.clone(),
        internal: m.internal,
        created_at: m.created_at,
    }
}

/// Writes a message and the events for everyone who must see it; returns whom to wake.
async fn add_message(
    txn: &DatabaseTransaction,
    c: &conversation::Model,
    author: i64,
    body: &str,
    internal: bool,
) -> AppResult<(message::Model, Vec<i64>)> {
    let m = message::ActiveModel {
        conversation_id: Set(c.id),
        author_id: Set(author),
        body: Set(body.into()),
        internal: Set(internal),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let payload = serde_json::json!({"message": out(&m, c.user_id), "conversation_id": c.id, "urgent": c.urgent});
    let mut woken = Vec::new();
    if !internal {
        events::emit(txn, c.user_id, "message", &payload).await?;
        woken.push(c.user_id);
    }
    for s in staff_ids(txn).await? {
        events::emit(txn, s, "message", &payload).await?;
        woken.push(s);
    }
    Ok((m, woken))
}

/// Starts a conversation with its first message.
pub async fn start(
    state: &AppState,
    me: &CurrentUser,
    ad_id: Option<i64>,
    topic: &str,
    body: &str,
    ip: Option<&str>,
) -> AppResult<(conversation::Model, message::Model)> {
    let mut f = FieldErrors::new();
    if !TOPICS.contains(&topic) {
        f.insert("topic".into(), "field-invalid".into());
    }
    let body = match check_body(body) {
        Ok(b) => Some(b),
        Err(AppError::Validation(e)) => {
            f.extend(e);
            None
        }
        Err(e) => return Err(e),
    };
    if !f.is_empty() {
        return Err(AppError::Validation(f));
    }
    let body = body.expect("checked");
    if let Some(id) = ad_id {
        crate::ads::service::find_visible(&state.db, id, Some(me)).await?;
    }
    let verdict = judge(state, me, &body, ip).await?;
    let t = now();
    let txn = crate::platform::db::write_txn(&state.db).await?;
    let c = conversation::ActiveModel {
        user_id: Set(me.id),
        ad_id: Set(ad_id),
        topic: Set(topic.into()),
        team: Set(team_for(topic).into()),
        status: Set("open".into()),
        urgent: Set(is_urgent(topic, &body, &verdict)),
        user_read_upto: Set(0),
        staff_read_upto: Set(0),
        user_mailed_upto: Set(0),
        created_at: Set(t),
        updated_at: Set(t),
        last_message_at: Set(t),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let (m, woken) = add_message(&txn, &c, me.id, &body, false).await?;
    if c.urgent {
        // Urgent conversations jump the inbox and reach the seniors at once.
        let seniors = user::Entity::find()
            .filter(user::Column::Role.is_in(["moderator", "admin"]))
            .filter(user::Column::Status.eq("active"))
            .all(&txn)
            .await?;
        for s in seniors {
            let i = crate::platform::i18n::I18n::new(s.language.as_deref().unwrap_or("en"));
            let text = i.t("notice-urgent-conversation");
            crate::platform::notify::notify(
                &txn,
                s.id,
                "urgent_conversation",
                &text,
                Some(&format!("/messages/{}", c.id)),
            )
            .await?;
        }
    }
    txn.commit().await?;
    events::publish(state, &woken).await;
    Ok((c, m))
}

/// A conversation the caller may see: their own, or any for staff.
pub async fn visible(
    conn: &impl ConnectionTrait,
    me: &CurrentUser,
    id: i64,
) -> AppResult<conversation::Model> {
    let c = conversation::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    if c.user_id == me.id || me.role.is_staff() {
        Ok(c)
    } else {
        Err(AppError::NotFound)
    }
}

/// A reply from the site or the API: the shield's limits for users (staff are not
/// limited), then [`post`].
pub async fn reply(
    state: &AppState,
    ctx: &crate::platform::web::Ctx,
    me: &CurrentUser,
    id: i64,
    body: &str,
    internal: bool,
) -> AppResult<message::Model> {
    if !me.role.is_staff() {
        let attempt = crate::shield::Attempt {
            action: "message",
            form: None,
            captcha_header: None,
            captcha: false,
        };
        crate::shield::check(state, ctx, attempt).await?;
    }
    post(state, me, id, body, internal, ctx.ip.as_deref()).await
}

/// Posts a message (staff may mark it internal: a note the user never sees). A user
/// writing into a resolved conversation reopens it; staff answering leave it waiting on
/// the user.
pub async fn post(
    state: &AppState,
    me: &CurrentUser,
    id: i64,
    body: &str,
    internal: bool,
    ip: Option<&str>,
) -> AppResult<message::Model> {
    let body = check_body(body)?;
    let c = visible(&state.db, me, id).await?;
    let staff = me.role.is_staff() && c.user_id != me.id;
    if internal && !staff {
        return Err(AppError::Forbidden("staff_only"));
    }
    if !staff {
        judge(state, me, &body, ip).await?;
    }
    let txn = crate::platform::db::write_txn(&state.db).await?;
    let t = now();
    let mut am: conversation::ActiveModel = c.clone().into();
    if !internal {
        am.status = Set(if staff { "waiting" } else { "open" }.into());
        am.last_message_at = Set(t);
    }
    if staff && c.assigned_to.is_none() && !internal {
        am.assigned_to = Set(Some(me.id));
    }
    am.updated_at = Set(t);
    let c = am.update(&txn).await?;
    let (m, woken) = add_message(&txn, &c, me.id, &body, internal).await?;
    txn.commit().await?;
    events::publish(state, &woken).await;
    Ok(m)
}

/// The messages the caller may see, oldest first (users never see internal notes).
pub async fn messages(
    conn: &impl ConnectionTrait,
    me: &CurrentUser,
    id: i64,
) -> AppResult<Vec<MessageOut>> {
    let c = visible(conn, me, id).await?;
    let mut q = message::Entity::find()
        .filter(message::Column::ConversationId.eq(c.id))
        .order_by_asc(message::Column::Id)
        .limit(1000);
    if !me.role.is_staff() || c.user_id == me.id {
        q = q.filter(message::Column::Internal.eq(false));
    }
    Ok(q.all(conn)
        .await?
        .iter()
        .map(|m| out(m, c.user_id))
        .collect())
}

/// Marks a conversation read up to a message for the caller's side, and tells the other side.
pub async fn mark_read(state: &AppState, me: &CurrentUser, id: i64, up_to: i64) -> AppResult<()> {
    let c = visible(&state.db, me, id).await?;
    let staff = me.role.is_staff() && c.user_id != me.id;
    let txn = crate::platform::db::write_txn(&state.db).await?;
    let mut am: conversation::ActiveModel = c.clone().into();
    if staff {
        am.staff_read_upto = Set(up_to.max(c.staff_read_upto));
    } else {
        am.user_read_upto = Set(up_to.max(c.user_read_upto));
    }
    am.update(&txn).await?;
    let payload = serde_json::json!({"conversation_id": c.id, "by": if staff { "staff" } else { "user" }, "up_to": up_to});
    let woken = if staff {
        events::emit(&txn, c.user_id, "read", &payload).await?;
        vec![c.user_id]
    } else {
        let mut w = Vec::new();
        for s in staff_ids(&txn).await? {
            events::emit(&txn, s, "read", &payload).await?;
            w.push(s);
        }
        w
    };
    txn.commit().await?;
    events::publish(state, &woken).await;
    Ok(())
}

/// A conversation in a list, with the caller's unread count.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Summary {
    #[serde(flatten)]
    pub conversation: conversation::Model,
    pub unread: u64,
}

/// The caller's conversations (users: their own; staff with `inbox`: everyone's,
/// urgent first), newest activity first.
pub async fn list(
    conn: &impl ConnectionTrait,
    me: &CurrentUser,
    inbox: bool,
    status: Option<&str>,
) -> AppResult<Vec<Summary>> {
    list_filtered(
        conn,
        me,
        inbox,
        &InboxFilter {
            status: status.map(str::to_string),
            ..Default::default()
        },
    )
    .await
}

/// The office inbox's filters.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::IntoParams)]
pub struct InboxFilter {
    /// `open`, `waiting`, `resolved`.
    pub status: Option<String>,
    /// `me` (assigned to me) or `none` (unassigned).
    pub assigned: Option<String>,
    /// `true`: urgent only.
    pub urgent: Option<String>,
    /// A team: `trust_safety`, `ad_support`, `general`.
    pub team: Option<String>,
}

/// [`list`] with the inbox's filters.
pub async fn list_filtered(
    conn: &impl ConnectionTrait,
    me: &CurrentUser,
    inbox: bool,
    f: &InboxFilter,
) -> AppResult<Vec<Summary>> {
    let mut q = conversation::Entity::find();
    if inbox && me.role.is_staff() {
        q = q.order_by_desc(conversation::Column::Urgent);
        match f.assigned.as_deref() {
            Some("me") => q = q.filter(conversation::Column::AssignedTo.eq(me.id)),
            Some("none") => q = q.filter(conversation::Column::AssignedTo.is_null()),
            _ => {}
        }
        if f.urgent.as_deref() == Some("true") {
            q = q.filter(conversation::Column::Urgent.eq(true));
        }
        if let Some(t) = f.team.as_deref().filter(|t| !t.is_empty()) {
            q = q.filter(conversation::Column::Team.eq(t));
        }
    } else {
        q = q.filter(conversation::Column::UserId.eq(me.id));
    }
    if let Some(s) = f.status.as_deref().filter(|s| !s.is_empty()) {
        q = q.filter(conversation::Column::Status.eq(s));
    }
    let rows = q
        .order_by_desc(conversation::Column::LastMessageAt)
        .limit(200)
        .all(conn)
        .await?;
    let staff_side = inbox && me.role.is_staff();
    let counts = unread_counts(conn, &rows, staff_side).await?;
    Ok(rows
        .into_iter()
        .map(|c| Summary {
            unread: counts.get(&c.id).copied().unwrap_or(0),
            conversation: c,
        })
        .collect())
}

/// Unread messages per conversation for one side, in one query for a whole page: the
/// user's side counts the office's (non-internal) messages after the user's read mark,
/// the office's side counts the user's after the office's.
async fn unread_counts(
    conn: &impl ConnectionTrait,
    rows: &[conversation::Model],
    staff_side: bool,
) -> AppResult<std::collections::HashMap<i64, u64>> {
    use sea_orm::sea_query::{Expr, ExprTrait, Query};
    if rows.is_empty() {
        return Ok(Default::default());
    }
    let (m, c) = (message::Entity, conversation::Entity);
    let read = if staff_side {
        conversation::Column::StaffReadUpto
    } else {
        conversation::Column::UserReadUpto
    };
    let mut q = Query::select();
    q.column((m, message::Column::ConversationId))
        .expr_as(Expr::col((m, message::Column::Id)).count(), "n")
        .from(m)
        .inner_join(
            c,
            Expr::col((c, conversation::Column::Id)).equals((m, message::Column::ConversationId)),
        )
        .and_where(Expr::col((m, message::Column::ConversationId)).is_in(rows.iter().map(|r| r.id)))
        .and_where(Expr::col((m, message::Column::Id)).gt(Expr::col((c, read))));
    if staff_side {
        q.and_where(
            Expr::col((m, message::Column::AuthorId)).equals((c, conversation::Column::UserId)),
        );
    } else {
        q.and_where(
            Expr::col((m, message::Column::AuthorId))
                .ne(Expr::col((c, conversation::Column::UserId))),
        )
        .and_where(Expr::col((m, message::Column::Internal)).eq(false));
    }
    q.group_by_col((m, message::Column::ConversationId));
    let mut out = std::collections::HashMap::new();
    for row in conn.query_all(&q).await? {
        let id: i64 = row.try_get("", "conversation_id")?;
        let n: i64 = row.try_get("", "n")?;
        out.insert(id, Ord::max(n, 0) as u64);
    }
    Ok(out)
}

/// Resolves a conversation (either side), or rates a resolved one (the user, 1 to 5).
pub async fn resolve(
    state: &AppState,
    me: &CurrentUser,
    id: i64,
) -> AppResult<conversation::Model> {
    let c = visible(&state.db, me, id).await?;
    let txn = crate::platform::db::write_txn(&state.db).await?;
    let mut am: conversation::ActiveModel = c.clone().into();
    am.status = Set("resolved".into());
    am.updated_at = Set(now());
    let saved = am.update(&txn).await?;
    crate::platform::audit::record(
        &txn,
        Some(me.id),
        "messaging.conversation.resolve",
        &format!("conversation:{id}"),
        Some(&serde_json::json!({"status": c.status})),
        Some(&serde_json::json!({"status": "resolved"})),
    )
    .await?;
    let payload = serde_json::json!({"conversation_id": id, "status": "resolved"});
    events::emit(&txn, c.user_id, "conversation", &payload).await?;
    txn.commit().await?;
    events::publish(state, &[c.user_id]).await;
    Ok(saved)
}

/// The user's rating of a resolved conversation (1 to 5, optional comment).
pub async fn rate(
    state: &AppState,
    me: &CurrentUser,
    id: i64,
    rating: i32,
    comment: Option<&str>,
) -> AppResult<()> {
    let c = visible(&state.db, me, id).await?;
    if c.user_id != me.id {
        return Err(AppError::Forbidden("not_yours"));
    }
    if c.status != "resolved" {
        return Err(AppError::Conflict("not_resolved", FieldErrors::new()));
    }
    if !(1..=5).contains(&rating) {
        return Err(AppError::field("rating", "field-invalid"));
    }
    let mut am: conversation::ActiveModel = c.into();
    am.rating = Set(Some(rating));
    am.rating_comment = Set(comment
        .map(|s| s.trim().chars().take(1000).collect())
        .filter(|s: &String| !s.is_empty()));
    am.update(&state.db).await?;
    Ok(())
}
