//! What staff do with a conversation besides answering: take it or hand it to a
//! colleague, move it to another team, and read its context (the ad with its status,
//! reports and gate signals; the user's other conversations, ads and strikes). Canned
//! replies per language and team.

use sea_orm::entity::prelude::*;
use sea_orm::{QueryOrder, QuerySelect, Set};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::entity::{canned, conversation, team_member};
use super::service::visible;
use super::{clocks, routing};
use crate::accounts::entity::user;
use crate::platform::auth::CurrentUser;
use crate::platform::error::{AppError, AppResult};
use crate::platform::events;
use crate::platform::state::AppState;
use crate::platform::util::now;

/// Whether `me` may hand conversations of `team` to others: moderators, admins and the
/// team's seniors.
async fn may_dispatch(
    conn: &impl ConnectionTrait,
    me: &CurrentUser,
    team: &str,
) -> AppResult<bool> {
    if me.role.can_moderate() {
        return Ok(true);
    }
    Ok(team_member::Entity::find()
        .filter(team_member::Column::Team.eq(team))
        .filter(team_member::Column::UserId.eq(me.id))
        .filter(team_member::Column::Senior.eq(true))
        .one(conn)
        .await?
        .is_some())
}

/// Assigns a conversation: to oneself (any staff member who can see it), to nobody (its
/// assignee or a dispatcher), or to a colleague (a dispatcher; the colleague must be
/// staff who may see the conversation).
pub async fn assign(
    state: &AppState,
    me: &CurrentUser,
    id: i64,
    to: Option<i64>,
) -> AppResult<conversation::Model> {
    let c = visible(&state.db, me, id).await?;
    if !me.role.is_staff() {
        return Err(AppError::NotFound);
    }
    let dispatcher = may_dispatch(&state.db, me, &c.team).await?;
    match to {
        Some(t) if t == me.id => {}
        None if c.assigned_to == Some(me.id) || dispatcher => {}
        Some(_) if dispatcher => {}
        _ => return Err(AppError::Forbidden("not_dispatcher")),
    }
    if let Some(t) = to {
        let who = user::Entity::find_by_id(t)
            .one(&state.db)
            .await?
            .filter(|u| u.status == "active")
            .ok_or_else(|| AppError::field("to", "field-invalid"))?;
        let cu = crate::accounts::sessions::as_current(who);
        if !cu.role.is_staff() || !routing::scope(&state.db, &cu).await?.covers(&c, t) {
            return Err(AppError::field("to", "field-invalid"));
        }
    }
    let txn = crate::platform::db::write_txn(&state.db).await?;
    let mut am: conversation::ActiveModel = c.clone().into();
    am.assigned_to = Set(to);
    am.updated_at = Set(now());
    let saved = am.update(&txn).await?;
    crate::platform::audit::record(
        &txn,
        Some(me.id),
        "messaging.conversation.assign",
        &format!("conversation:{id}"),
        Some(&serde_json::json!({"assigned_to": c.assigned_to})),
        Some(&serde_json::json!({"assigned_to": to})),
    )
    .await?;
    let payload = serde_json::json!({"conversation_id": id, "assigned_to": to});
    let mut woken = routing::audience(&txn, &saved).await?;
    events::emit_to(&txn, &woken, "assigned", &payload).await?;
    if let Some(t) = to.filter(|t| *t != me.id) {
        let who = user::Entity::find_by_id(t).one(&txn).await?;
        if let Some(who) = who {
            let i = crate::platform::i18n::I18n::new(who.language.as_deref().unwrap_or("en"));
            let text = i.tn("notice-conversation-assigned", "id", id);
            crate::platform::notify::notify(
                &txn,
                t,
                "conversation_assigned",
                &text,
                Some(&format!("/messages/{id}")),
            )
            .await?;
            woken.push(t);
        }
    }
    txn.commit().await?;
    events::publish(state, &woken).await;
    Ok(saved)
}

/// Moves a conversation to another team: its clocks take the new team's targets and it
/// goes to that team's queue (or straight to a free agent there).
pub async fn transfer(
    state: &AppState,
    me: &CurrentUser,
    id: i64,
    team: &str,
) -> AppResult<conversation::Model> {
    let c = visible(&state.db, me, id).await?;
    if !me.role.is_staff() || c.user_id == me.id {
        return Err(AppError::NotFound);
    }
    let cfg = super::config::current(state).await?;
    if !cfg.teams.contains_key(team) {
        return Err(AppError::field("team", "field-invalid"));
    }
    if c.team == team {
        return Ok(c);
    }
    let t = now();
    let txn = crate::platform::db::write_txn(&state.db).await?;
    let mut am: conversation::ActiveModel = c.clone().into();
    am.team = Set(team.to_string());
    am.assigned_to = Set(None);
    am.updated_at = Set(t);
    let mut saved = am.update(&txn).await?;
    clocks::retarget(&txn, &cfg, &saved).await?;
    crate::platform::audit::record(
        &txn,
        Some(me.id),
        "messaging.conversation.transfer",
        &format!("conversation:{id}"),
        Some(&serde_json::json!({"team": c.team, "assigned_to": c.assigned_to})),
        Some(&serde_json::json!({"team": team})),
    )
    .await?;
    if saved.status != "resolved"
        && let Some(agent) = routing::assign_next(&txn, &cfg, &saved, t).await?
    {
        saved.assigned_to = Some(agent);
    }
    let payload =
        serde_json::json!({"conversation_id": id, "team": team, "assigned_to": saved.assigned_to});
    let woken = routing::audience(&txn, &saved).await?;
    events::emit_to(&txn, &woken, "assigned", &payload).await?;
    txn.commit().await?;
    events::publish(state, &woken).await;
    Ok(saved)
}

/// The ad a conversation is about, as staff see it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct AdContext {
    pub id: i64,
    pub title: String,
    pub url: String,
    pub status: String,
    pub open_reports: u64,
    pub reports: u64,
    /// The gate's signals at the ad's last judgement: `(name, evidence)`.
    pub signals: Vec<(String, String)>,
}

/// Everything staff need beside the thread.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Context {
    pub ad: Option<AdContext>,
    pub user: crate::moderation::view::PosterHistory,
    /// The user's other conversations: `(id, topic, status)`, newest first.
    pub others: Vec<(i64, String, String)>,
    pub assignee: Option<String>,
}

/// The context of a conversation for staff.
pub async fn context(state: &AppState, c: &conversation::Model) -> AppResult<Context> {
    let ad = match c.ad_id {
        Some(ad_id) => match crate::ads::service::find_any(&state.db, ad_id).await? {
            Some(a) => {
                let cats = crate::ads::service::category_map(&state.db).await?;
                let slug = cats
                    .get(&a.category_id)
                    .map(|c| c.slug.clone())
                    .unwrap_or_default();
                let reports = crate::reports::outcomes::on_ad(&state.db, ad_id).await?;
                let verdict = crate::gate::service::latest(&state.db, "ad", ad_id).await?;
                Some(AdContext {
                    id: a.id,
                    url: crate::ads::service::ad_url(&slug, &a.slug),
                    title: a.title,
                    status: a.status,
                    open_reports: reports.iter().filter(|r| r.status == "open").count() as u64,
                    reports: reports.len() as u64,
                    signals: verdict
                        .map(|v| {
                            v.signals
                                .into_iter()
                                .map(|s| (s.name, s.evidence))
                                .collect()
                        })
                        .unwrap_or_default(),
                })
            }
            None => None,
        },
        None => None,
    };
    let user = crate::moderation::view::history(state, c.user_id).await?;
    let others = conversation::Entity::find()
        .select_only()
        .column(conversation::Column::Id)
        .column(conversation::Column::Topic)
        .column(conversation::Column::Status)
        .filter(conversation::Column::UserId.eq(c.user_id))
        .filter(conversation::Column::Id.ne(c.id))
        .order_by_desc(conversation::Column::LastMessageAt)
        .limit(20)
        .into_tuple()
        .all(&state.db)
        .await?;
    let assignee = match c.assigned_to {
        Some(a) => user::Entity::find_by_id(a)
            .one(&state.db)
            .await?
            .map(|u| u.display_name),
        None => None,
    };
    Ok(Context {
        ad,
        user,
        others,
        assignee,
    })
}

/// A canned reply as admins write it.
#[derive(Clone, Debug, Deserialize, ToSchema)]
pub struct NewCanned {
    /// A team key, or none for every team.
    pub team: Option<String>,
    /// A language the site speaks (`en`, `af`).
    pub language: String,
    pub title: String,
    pub body: String,
}

/// Adds a canned reply (moderators and admins).
pub async fn add_canned(
    state: &AppState,
    me: &CurrentUser,
    n: NewCanned,
) -> AppResult<canned::Model> {
    let mut f = crate::platform::error::FieldErrors::new();
    let cfg = super::config::current(state).await?;
    let team = n.team.filter(|t| !t.trim().is_empty());
    if team.as_ref().is_some_and(|t| !cfg.teams.contains_key(t)) {
        f.insert("team".into(), "field-invalid".into());
    }
    if !crate::platform::i18n::I18n::is_supported(&n.language) {
        f.insert("language".into(), "field-invalid".into());
    }
    let (title, body) = (n.title.trim(), n.body.trim());
    if title.is_empty() || title.chars().count() > 100 {
        f.insert("title".into(), "field-required".into());
    }
    if body.is_empty() || body.chars().count() > super::service::MAX_BODY {
        f.insert("body".into(), "field-required".into());
    }
    if !f.is_empty() {
        return Err(AppError::Validation(f));
    }
    let txn = crate::platform::db::write_txn(&state.db).await?;
    let saved = canned::ActiveModel {
        team: Set(team),
        language: Set(n.language),
        title: Set(title.into()),
        body: Set(body.into()),
        created_by: Set(me.id),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    crate::platform::audit::record(
        &txn,
        Some(me.id),
        "messaging.canned.add",
        &format!("canned:{}", saved.id),
        None::<&serde_json::Value>,
        Some(&serde_json::json!(saved)),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// Removes a canned reply (moderators and admins).
pub async fn delete_canned(state: &AppState, me: &CurrentUser, id: i64) -> AppResult<()> {
    let txn = crate::platform::db::write_txn(&state.db).await?;
    let c = canned::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    canned::Entity::delete_by_id(id).exec(&txn).await?;
    crate::platform::audit::record(
        &txn,
        Some(me.id),
        "messaging.canned.delete",
        &format!("canned:{id}"),
        Some(&serde_json::json!(c)),
        None::<&serde_json::Value>,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Canned replies for a conversation: its team's and everyone's, in its language first.
pub async fn canned_for(
    conn: &impl ConnectionTrait,
    team: Option<&str>,
    language: &str,
) -> AppResult<Vec<canned::Model>> {
    let mut q = canned::Entity::find();
    if let Some(t) = team {
        q = q.filter(
            sea_orm::Condition::any()
                .add(canned::Column::Team.is_null())
                .add(canned::Column::Team.eq(t)),
        );
    }
    let mut all = q.order_by_asc(canned::Column::Title).all(conn).await?;
    all.sort_by_key(|c| c.language != language);
    Ok(all)
}
