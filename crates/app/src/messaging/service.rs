//! Conversations with the office: a user starts one (about an ad or not) with a topic
//! and a first message; staff answer; either side's messages reach the other live. Every
//! message goes through the gate, and every change writes the events people must hear
//! about in the same transaction, then wakes their connections.

use sea_orm::entity::prelude::*;
use sea_orm::{DatabaseTransaction, QueryOrder, QuerySelect, Set};
use serde::Serialize;
use utoipa::ToSchema;

use super::entity::{conversation, message};
use super::{clocks, routing};
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
/// The longest message.
pub const MAX_BODY: usize = 5000;

/// Whether a message asks for someone at once: the fraud topic, the admins' urgent words,
/// or the gate recognising a contact of a known scammer.
pub fn is_urgent(
    cfg: &super::config::MessagingConfig,
    topic: &str,
    body: &str,
    verdict: &antispam::Verdict,
) -> bool {
    topic == "fraud"
        || cfg.urgent_words_in(body)
        || verdict.signals.iter().any(|s| s.name == "rejected_contact")
}

fn check_body(body: &str) -> AppResult<String> {
    let cleaned = crate::platform::util::clean_text(body);
    let body = cleaned.trim();
    if body.is_empty() {
        return Err(AppError::field("body", "field-required"));
    }
    if body.chars().count() > MAX_BODY {
        return Err(AppError::field("body", "field-too-long"));
    }
    Ok(body.to_string())
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
    crate::gate::service::record(&state.db, &gate, &subject, &verdict).await?;
    if verdict.action == antispam::Action::Reject {
        return Err(crate::gate::explain::refused(verdict));
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

/// A stored message as the wire and the API show it (`from` relative to the conversation's user).
pub fn out(m: &message::Model, user_id: i64) -> MessageOut {
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
        search_text: Set(crate::platform::db::search::index_text(&[body])),
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
    let staff: Vec<i64> = routing::audience(txn, c)
        .await?
        .into_iter()
        .filter(|s| *s != c.user_id)
        .collect();
    events::emit_to(txn, &staff, "message", &payload).await?;
    woken.extend(staff);
    Ok((m, woken))
}

/// Tells the seniors at once that a conversation became urgent: the team's seniors, and
/// the moderators and admins.
async fn alert_seniors(
    txn: &DatabaseTransaction,
    cfg: &super::config::MessagingConfig,
    base_url: &str,
    c: &conversation::Model,
) -> AppResult<Vec<i64>> {
    let team_seniors = routing::seniors_of(txn, &c.team).await?;
    let seniors = user::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(user::Column::Role.is_in(["moderator", "admin"]))
                .add(user::Column::Id.is_in(team_seniors)),
        )
        .filter(user::Column::Status.eq("active"))
        .all(txn)
        .await?;
    // Everyone on the list hears on the site; when none of them is online (a night, a
    // weekend), they are mailed too, so an urgent conversation never waits for a login.
    let ids: Vec<i64> = seniors.iter().map(|s| s.id).collect();
    let nobody_on_duty = routing::online_among(txn, cfg, &ids, now())
        .await?
        .is_empty();
    let link = format!("/messages/{}", c.id);
    let mut woken = Vec::new();
    for s in seniors {
        let i = crate::platform::i18n::I18n::new(s.language.as_deref().unwrap_or("en"));
        let text = i.t("notice-urgent-conversation");
        crate::platform::notify::notify(txn, s.id, "urgent_conversation", &text, Some(&link))
            .await?;
        if nobody_on_duty {
            crate::platform::mail::enqueue(
                txn,
                crate::platform::mail::Mail {
                    to: s.email.clone(),
                    subject: i.t("mail-urgent-conversation-subject"),
                    body: format!("{text}\n\n{base_url}{link}\n"),
                },
            )
            .await?;
        }
        woken.push(s.id);
    }
    Ok(woken)
}

/// Starts a conversation with its first message: routed to a team, assigned to a free
/// agent when there is one, its SLA clocks started, urgent ones raised at once.
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
    let category = match ad_id {
        Some(id) => {
            let ad = crate::ads::service::find_visible(&state.db, id, Some(me)).await?;
            crate::ads::service::category_map(&state.db)
                .await?
                .get(&ad.category_id)
                .map(|c| c.slug.clone())
        }
        None => None,
    };
    let verdict = judge(state, me, &body, ip).await?;
    let cfg = super::config::current(state).await?;
    let language = routing::detect_language(&body);
    let team = cfg.route(topic, category.as_deref(), language.as_deref(), &body);
    let t = now();
    let txn = crate::platform::db::write_txn(&state.db).await?;
    let mut c = conversation::ActiveModel {
        user_id: Set(me.id),
        ad_id: Set(ad_id),
        topic: Set(topic.into()),
        team: Set(team),
        status: Set("open".into()),
        urgent: Set(is_urgent(&cfg, topic, &body, &verdict)),
        user_read_upto: Set(0),
        staff_read_upto: Set(0),
        user_mailed_upto: Set(0),
        created_at: Set(t),
        updated_at: Set(t),
        last_message_at: Set(t),
        language: Set(language),
        user_delivered_upto: Set(0),
        staff_delivered_upto: Set(0),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    clocks::on_start(&txn, &cfg, &c, t).await?;
    if let Some(agent) = routing::assign_next(&txn, &cfg, &c, t).await? {
        c.assigned_to = Some(agent);
    }
    let (m, mut woken) = add_message(&txn, &c, me.id, &body, false).await?;
    if c.urgent {
        woken.extend(alert_seniors(&txn, &cfg, &state.config.base_url, &c).await?);
    }
    txn.commit().await?;
    events::publish(state, &woken).await;
    Ok((c, m))
}

/// A conversation the caller may see: their own, or one within a staff member's scope
/// (their teams' for agents once teams are set up).
pub async fn visible(
    conn: &impl ConnectionTrait,
    me: &CurrentUser,
    id: i64,
) -> AppResult<conversation::Model> {
    let c = conversation::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    if c.user_id == me.id
        || (me.role.is_staff() && routing::scope(conn, me).await?.covers(&c, me.id))
    {
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
) -> AppResult<MessageOut> {
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
/// writing into a resolved conversation reopens it and owes the office an answer clock;
/// staff answering stop it and leave the conversation waiting on the user.
pub async fn post(
    state: &AppState,
    me: &CurrentUser,
    id: i64,
    body: &str,
    internal: bool,
    ip: Option<&str>,
) -> AppResult<MessageOut> {
    let body = check_body(body)?;
    let c = visible(&state.db, me, id).await?;
    let staff = me.role.is_staff() && c.user_id != me.id;
    if internal && !staff {
        return Err(AppError::Forbidden("staff_only"));
    }
    let cfg = super::config::current(state).await?;
    let verdict = if staff {
        None
    } else {
        Some(judge(state, me, &body, ip).await?)
    };
    let txn = crate::platform::db::write_txn(&state.db).await?;
    let t = now();
    let mut am: conversation::ActiveModel = c.clone().into();
    let status = if staff { "waiting" } else { "open" };
    if !internal {
        am.status = Set(status.into());
        am.last_message_at = Set(t);
    }
    if staff && c.assigned_to.is_none() && !internal {
        am.assigned_to = Set(Some(me.id));
    }
    let raised = verdict
        .as_ref()
        .is_some_and(|v| !c.urgent && is_urgent(&cfg, &c.topic, &body, v));
    if raised {
        am.urgent = Set(true);
    }
    am.updated_at = Set(t);
    let c2 = am.update(&txn).await?;
    if !internal && c.status != status {
        crate::platform::audit::record(
            &txn,
            Some(me.id),
            "messaging.conversation.status",
            &format!("conversation:{id}"),
            Some(&serde_json::json!({"status": c.status})),
            Some(&serde_json::json!({"status": status})),
        )
        .await?;
    }
    if raised {
        clocks::retarget(&txn, &cfg, &c2).await?;
    }
    if !internal {
        if staff {
            clocks::on_staff_reply(&txn, &cfg, &c2, t).await?;
        } else {
            clocks::on_user_message(&txn, &cfg, &c2, t).await?;
        }
    }
    let (m, mut woken) = add_message(&txn, &c2, me.id, &body, internal).await?;
    if raised {
        woken.extend(alert_seniors(&txn, &cfg, &state.config.base_url, &c2).await?);
    }
    txn.commit().await?;
    events::publish(state, &woken).await;
    Ok(out(&m, c2.user_id))
}

/// The messages the caller may see, oldest first (users never see internal notes).
pub async fn messages(
    conn: &impl ConnectionTrait,
    me: &CurrentUser,
    id: i64,
) -> AppResult<Vec<MessageOut>> {
    let c = visible(conn, me, id).await?;
    messages_in(conn, me, &c).await
}

/// [`messages`] of a conversation already checked with [`visible`].
pub async fn messages_in(
    conn: &impl ConnectionTrait,
    me: &CurrentUser,
    c: &conversation::Model,
) -> AppResult<Vec<MessageOut>> {
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
    mark_read_in(state, me, c, up_to).await
}

/// [`mark_read`] of a conversation already checked with [`visible`].
pub async fn mark_read_in(
    state: &AppState,
    me: &CurrentUser,
    c: conversation::Model,
    up_to: i64,
) -> AppResult<()> {
    let staff = me.role.is_staff() && c.user_id != me.id;
    let mark = if staff {
        c.staff_read_upto
    } else {
        c.user_read_upto
    };
    if up_to <= mark {
        // Already read that far (every view of a read thread): nothing to write or tell.
        return Ok(());
    }
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
        let staff = routing::audience(&txn, &c).await?;
        events::emit_to(&txn, &staff, "read", &payload).await?;
        staff
    };
    txn.commit().await?;
    events::publish(state, &woken).await;
    Ok(())
}

/// A signal a client sent on its socket: `{"type":"typing","conversation_id":…}` tells
/// the other side someone is typing; `{"type":"received","conversation_id":…,"up_to":…}`
/// records that this side's device got the messages up to that id and tells the other
/// side they were delivered. Anything else, or a conversation the sender may not see, is
/// ignored.
pub async fn inbound(state: &AppState, user_id: i64, v: &serde_json::Value) -> AppResult<()> {
    let kind = v.get("type").and_then(|t| t.as_str()).unwrap_or("");
    let Some(cid) = v.get("conversation_id").and_then(|c| c.as_i64()) else {
        return Ok(());
    };
    if !matches!(kind, "typing" | "received") {
        return Ok(());
    }
    let Some(u) = user::Entity::find_by_id(user_id).one(&state.db).await? else {
        return Ok(());
    };
    let me = crate::accounts::sessions::as_current(u);
    let c = visible(&state.db, &me, cid).await?;
    let staff = me.role.is_staff() && c.user_id != me.id;
    let by = if staff { "staff" } else { "user" };
    let txn = crate::platform::db::write_txn(&state.db).await?;
    let payload = if kind == "typing" {
        serde_json::json!({"conversation_id": cid, "by": by, "at": now()})
    } else {
        let up_to = v.get("up_to").and_then(|n| n.as_i64()).unwrap_or(0);
        let col = if staff {
            conversation::Column::StaffDeliveredUpto
        } else {
            conversation::Column::UserDeliveredUpto
        };
        let moved = conversation::Entity::update_many()
            .filter(conversation::Column::Id.eq(cid))
            .filter(col.lt(up_to))
            .col_expr(col, sea_orm::sea_query::Expr::value(up_to))
            .exec(&txn)
            .await?;
        if moved.rows_affected == 0 {
            return Ok(());
        }
        serde_json::json!({"conversation_id": cid, "by": by, "up_to": up_to})
    };
    let event = if kind == "typing" {
        "typing"
    } else {
        "delivered"
    };
    let woken = if staff {
        vec![c.user_id]
    } else {
        routing::audience(&txn, &c).await?
    };
    events::emit_to(&txn, &woken, event, &payload).await?;
    txn.commit().await?;
    events::publish(state, &woken).await;
    Ok(())
}

/// Resolves a conversation (either side), or rates a resolved one (the user, 1 to 5).
pub async fn resolve(
    state: &AppState,
    me: &CurrentUser,
    id: i64,
) -> AppResult<conversation::Model> {
    let c = visible(&state.db, me, id).await?;
    if c.status == "resolved" {
        return Ok(c);
    }
    let t = now();
    let txn = crate::platform::db::write_txn(&state.db).await?;
    let mut am: conversation::ActiveModel = c.clone().into();
    am.status = Set("resolved".into());
    am.updated_at = Set(t);
    let saved = am.update(&txn).await?;
    clocks::on_resolve(&txn, id, t).await?;
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
    let mut woken = vec![c.user_id];
    woken.extend(routing::audience(&txn, &c).await?);
    woken.sort_unstable();
    woken.dedup();
    events::emit_to(&txn, &woken, "conversation", &payload).await?;
    txn.commit().await?;
    events::publish(state, &woken).await;
    // A resolved conversation frees its agent for the next one waiting.
    routing::drain(state, t).await?;
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
