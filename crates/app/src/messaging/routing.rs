//! Who handles a conversation: the language of its first message, the team its topic and
//! the routing rules give it, and the agent it is assigned to. Assignment is round robin
//! among the team's agents who are online and below their own limit of open
//! conversations (the longest without a new one first); when nobody is free it waits in
//! the team's queue and is handed out as soon as someone is.

use std::collections::HashMap;

use sea_orm::entity::prelude::*;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{DatabaseTransaction, QueryOrder, QuerySelect, Set};

use super::config::MessagingConfig;
use super::entity::{conversation, presence, team_member};
use crate::accounts::entity::user;
use crate::platform::auth::CurrentUser;
use crate::platform::error::AppResult;
use crate::platform::state::AppState;
use crate::platform::util::now;

/// Function words of the languages the site speaks: a sentence or two of support
/// request is too short for trigram statistics to tell English from Afrikaans, but not
/// for counting these. Words both languages share ("is", "my", "in", "was") are left out.
const FUNCTION_WORDS: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "the", "a", "an", "are", "i", "you", "to", "and", "of", "it", "for", "this", "that",
            "with", "have", "how", "what", "do", "can", "please", "would", "like", "because",
            "not", "be", "on", "why", "where", "when", "there", "has", "me", "your", "our", "we",
            "they", "from", "but", "no", "yes", "will",
        ],
    ),
    (
        "af",
        &[
            "die",
            "n",
            "ek",
            "jy",
            "en",
            "van",
            "dit",
            "vir",
            "hierdie",
            "met",
            "het",
            "hoe",
            "wat",
            "kan",
            "asseblief",
            "want",
            "nie",
            "wil",
            "graag",
            "op",
            "sy",
            "hulle",
            "ons",
            "om",
            "te",
            "jou",
            "waar",
            "wanneer",
            "daar",
            "maar",
            "nee",
            "ja",
            "sal",
            "hoekom",
            "my",
            "baie",
            "dankie",
        ],
    ),
];

/// The language of a message (ISO 639-1 where there is one): the site's own languages by
/// their function words, others when the trigram detector is sure.
pub fn detect_language(body: &str) -> Option<String> {
    let lower = body.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut scores: Vec<(usize, &str)> = FUNCTION_WORDS
        .iter()
        .map(|(code, list)| (words.iter().filter(|w| list.contains(w)).count(), *code))
        .collect();
    scores.sort_by_key(|s| std::cmp::Reverse(s.0));
    if scores[0].0 >= 2 && scores[0].0 > scores.get(1).map_or(0, |s| s.0) {
        return Some(scores[0].1.to_string());
    }
    let info = whatlang::detect(body)?;
    if !info.is_reliable() {
        return None;
    }
    let short = match info.lang().code() {
        "eng" => "en",
        "afr" => "af",
        "zul" => "zu",
        "xho" => "xh",
        "por" => "pt",
        "fra" => "fr",
        "deu" => "de",
        "spa" => "es",
        "nld" => "nl",
        "ita" => "it",
        "ara" => "ar",
        "hin" => "hi",
        "cmn" => "zh",
        "rus" => "ru",
        other => other,
    };
    Some(short.to_string())
}

/// What a staff member may see of the conversations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Moderators, admins, and every agent while no team has members yet.
    All,
    /// An agent: their teams' conversations (and any assigned to them).
    Teams(Vec<String>),
}

/// The teams a person belongs to.
pub async fn teams_of(conn: &impl ConnectionTrait, user_id: i64) -> AppResult<Vec<String>> {
    Ok(team_member::Entity::find()
        .select_only()
        .column(team_member::Column::Team)
        .filter(team_member::Column::UserId.eq(user_id))
        .into_tuple()
        .all(conn)
        .await?)
}

/// Whether the office has set up its teams (any membership at all).
async fn teams_in_use(conn: &impl ConnectionTrait) -> AppResult<bool> {
    Ok(team_member::Entity::find().one(conn).await?.is_some())
}

/// The staff member's scope.
pub async fn scope(conn: &impl ConnectionTrait, me: &CurrentUser) -> AppResult<Scope> {
    if me.role.can_moderate() || !teams_in_use(conn).await? {
        return Ok(Scope::All);
    }
    Ok(Scope::Teams(teams_of(conn, me.id).await?))
}

impl Scope {
    /// Whether a conversation is within the scope of `me`.
    pub fn covers(&self, c: &conversation::Model, me: i64) -> bool {
        match self {
            Scope::All => true,
            Scope::Teams(t) => c.assigned_to == Some(me) || t.contains(&c.team),
        }
    }
}

/// The staff who hear about a conversation live: its team, its assignee, moderators and
/// admins (every staff member while no team has members).
pub async fn audience(conn: &impl ConnectionTrait, c: &conversation::Model) -> AppResult<Vec<i64>> {
    let staff = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::Role)
        .filter(user::Column::Role.is_in(["agent", "moderator", "admin"]))
        .filter(user::Column::Status.eq("active"))
        .into_tuple::<(i64, String)>()
        .all(conn)
        .await?;
    if !teams_in_use(conn).await? {
        return Ok(staff.into_iter().map(|(id, _)| id).collect());
    }
    let members: Vec<i64> = team_member::Entity::find()
        .select_only()
        .column(team_member::Column::UserId)
        .filter(team_member::Column::Team.eq(&c.team))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(staff
        .into_iter()
        .filter(|(id, role)| role != "agent" || members.contains(id) || c.assigned_to == Some(*id))
        .map(|(id, _)| id)
        .collect())
}

/// Writes a staff member's presence: always the sign of life, and their availability
/// when given (a first sign of life counts as available).
async fn upsert_presence(
    conn: &impl ConnectionTrait,
    user_id: i64,
    available: Option<bool>,
    t: i64,
) -> AppResult<()> {
    let mut update = vec![presence::Column::SeenAt];
    if available.is_some() {
        update.push(presence::Column::Available);
    }
    presence::Entity::insert(presence::ActiveModel {
        user_id: Set(user_id),
        available: Set(available.unwrap_or(true)),
        seen_at: Set(t),
    })
    .on_conflict(
        OnConflict::column(presence::Column::UserId)
            .update_columns(update)
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// Records a sign of life of a staff member (their event stream is open).
pub async fn touch(conn: &impl ConnectionTrait, user_id: i64, t: i64) -> AppResult<()> {
    upsert_presence(conn, user_id, None, t).await
}

/// An agent takes conversations, or stops taking new ones (a break, the end of a shift).
pub async fn set_available(state: &AppState, me: &CurrentUser, available: bool) -> AppResult<()> {
    let t = now();
    upsert_presence(&state.db, me.id, Some(available), t).await?;
    if available {
        drain(state, t).await?;
    }
    Ok(())
}

/// Whether a staff member takes conversations (new members do until they say otherwise).
pub async fn is_available(conn: &impl ConnectionTrait, user_id: i64) -> AppResult<bool> {
    Ok(presence::Entity::find_by_id(user_id)
        .one(conn)
        .await?
        .is_none_or(|p| p.available))
}

/// The seniors of a team.
pub async fn seniors_of(conn: &impl ConnectionTrait, team: &str) -> AppResult<Vec<i64>> {
    Ok(team_member::Entity::find()
        .select_only()
        .column(team_member::Column::UserId)
        .filter(team_member::Column::Team.eq(team))
        .filter(team_member::Column::Senior.eq(true))
        .into_tuple()
        .all(conn)
        .await?)
}

/// Which of these people are available and were seen within the online window.
pub async fn online_among(
    conn: &impl ConnectionTrait,
    cfg: &MessagingConfig,
    people: &[i64],
    t: i64,
) -> AppResult<Vec<i64>> {
    Ok(presence::Entity::find()
        .select_only()
        .column(presence::Column::UserId)
        .filter(presence::Column::UserId.is_in(people.iter().copied()))
        .filter(presence::Column::Available.eq(true))
        .filter(presence::Column::SeenAt.gte(t - cfg.online_secs))
        .into_tuple()
        .all(conn)
        .await?)
}

/// Open conversations assigned to each of these people.
async fn open_counts(conn: &impl ConnectionTrait, people: &[i64]) -> AppResult<HashMap<i64, i64>> {
    let rows: Vec<(Option<i64>, i64)> = conversation::Entity::find()
        .select_only()
        .column(conversation::Column::AssignedTo)
        .column_as(conversation::Column::Id.count(), "n")
        .filter(conversation::Column::AssignedTo.is_in(people.iter().copied()))
        .filter(conversation::Column::Status.ne("resolved"))
        .group_by(conversation::Column::AssignedTo)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(who, n)| who.map(|w| (w, n)))
        .collect())
}

/// A team's agents who can take a conversation now, next in turn first, with room left.
async fn free_agents(
    conn: &impl ConnectionTrait,
    cfg: &MessagingConfig,
    team: &str,
    t: i64,
) -> AppResult<Vec<(team_member::Model, i64)>> {
    let members = team_member::Entity::find()
        .filter(team_member::Column::Team.eq(team))
        .order_by_asc(team_member::Column::LastAssignedAt)
        .order_by_asc(team_member::Column::Id)
        .all(conn)
        .await?;
    if members.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = members.iter().map(|m| m.user_id).collect();
    let online = online_among(conn, cfg, &ids, t).await?;
    let active: Vec<i64> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::Id.is_in(online.clone()))
        .filter(user::Column::Status.eq("active"))
        .into_tuple()
        .all(conn)
        .await?;
    let counts = open_counts(conn, &active).await?;
    Ok(members
        .into_iter()
        .filter(|m| active.contains(&m.user_id))
        .map(|m| {
            let room = i64::from(m.max_open) - counts.get(&m.user_id).copied().unwrap_or(0);
            (m, room)
        })
        .filter(|(_, room)| *room > 0)
        .collect())
}

/// Hands a conversation to the next free agent of its team, if any (and if nobody took
/// it meanwhile); returns who got it.
pub async fn assign_next(
    txn: &DatabaseTransaction,
    cfg: &MessagingConfig,
    c: &conversation::Model,
    t: i64,
) -> AppResult<Option<i64>> {
    let Some((m, _)) = free_agents(txn, cfg, &c.team, t).await?.into_iter().next() else {
        return Ok(None);
    };
    let taken = conversation::Entity::update_many()
        .filter(conversation::Column::Id.eq(c.id))
        .filter(conversation::Column::AssignedTo.is_null())
        .col_expr(conversation::Column::AssignedTo, Expr::value(m.user_id))
        .exec(txn)
        .await?;
    if taken.rows_affected == 0 {
        return Ok(None);
    }
    team_member::Entity::update_many()
        .filter(team_member::Column::Id.eq(m.id))
        .col_expr(team_member::Column::LastAssignedAt, Expr::value(t))
        .exec(txn)
        .await?;
    crate::platform::audit::record(
        txn,
        None,
        "messaging.conversation.assign",
        &format!("conversation:{}", c.id),
        None::<&serde_json::Value>,
        Some(&serde_json::json!({"assigned_to": m.user_id, "by": "round_robin"})),
    )
    .await?;
    Ok(Some(m.user_id))
}

/// Hands out the teams' waiting conversations (urgent first, then the oldest) to agents
/// who are free now; returns how many were assigned.
pub async fn drain(state: &AppState, t: i64) -> AppResult<u64> {
    let cfg = super::config::current(state).await?;
    let waiting = conversation::Entity::find()
        .filter(conversation::Column::AssignedTo.is_null())
        .filter(conversation::Column::Status.ne("resolved"))
        .order_by_desc(conversation::Column::Urgent)
        .order_by_asc(conversation::Column::CreatedAt)
        .limit(200)
        .all(&state.db)
        .await?;
    let mut assigned = 0;
    let mut full: Vec<String> = Vec::new();
    for c in waiting {
        if full.contains(&c.team) {
            continue;
        }
        // A read first: with nobody free in the team (the usual case for a worker that
        // runs every ten seconds) no write transaction is opened at all.
        if free_agents(&state.db, &cfg, &c.team, t).await?.is_empty() {
            full.push(c.team.clone());
            continue;
        }
        let txn = crate::platform::db::write_txn(&state.db).await?;
        match assign_next(&txn, &cfg, &c, t).await? {
            Some(agent) => {
                let payload = serde_json::json!({"conversation_id": c.id, "assigned_to": agent});
                crate::platform::events::emit(&txn, agent, "assigned", &payload).await?;
                txn.commit().await?;
                crate::platform::events::publish(state, &[agent]).await;
                assigned += 1;
            }
            None => {
                txn.commit().await?;
                full.push(c.team.clone());
            }
        }
    }
    Ok(assigned)
}

/// A membership as admins set it.
#[derive(Clone, Debug, serde::Deserialize, utoipa::ToSchema)]
pub struct Membership {
    pub team: String,
    pub user_id: i64,
    /// Default: the settings' `default_max_open`.
    pub max_open: Option<i32>,
    #[serde(default)]
    pub senior: bool,
}

/// Adds a staff member to a team or changes their place in it (admins).
pub async fn set_member(
    state: &AppState,
    actor: &CurrentUser,
    m: &Membership,
) -> AppResult<team_member::Model> {
    use crate::platform::error::AppError;
    let cfg = super::config::current(state).await?;
    if !cfg.teams.contains_key(&m.team) {
        return Err(AppError::field("team", "field-invalid"));
    }
    let max_open = m.max_open.unwrap_or(cfg.default_max_open);
    if !(1..=500).contains(&max_open) {
        return Err(AppError::field("max_open", "field-invalid"));
    }
    let who = user::Entity::find_by_id(m.user_id)
        .one(&state.db)
        .await?
        .ok_or_else(|| AppError::field("user_id", "field-invalid"))?;
    if !crate::platform::auth::Role::parse(&who.role).is_some_and(|r| r.is_staff()) {
        return Err(AppError::field("user_id", "field-invalid"));
    }
    let txn = crate::platform::db::write_txn(&state.db).await?;
    let existing = team_member::Entity::find()
        .filter(team_member::Column::Team.eq(&m.team))
        .filter(team_member::Column::UserId.eq(m.user_id))
        .one(&txn)
        .await?;
    let before = existing.as_ref().map(|e| serde_json::json!(e));
    let saved = match existing {
        Some(e) => {
            let mut am: team_member::ActiveModel = e.into();
            am.max_open = Set(max_open);
            am.senior = Set(m.senior);
            am.update(&txn).await?
        }
        None => {
            team_member::ActiveModel {
                team: Set(m.team.clone()),
                user_id: Set(m.user_id),
                max_open: Set(max_open),
                senior: Set(m.senior),
                last_assigned_at: Set(0),
                ..Default::default()
            }
            .insert(&txn)
            .await?
        }
    };
    crate::platform::audit::record(
        &txn,
        Some(actor.id),
        "messaging.team.member",
        &format!("user:{}", m.user_id),
        before.as_ref(),
        Some(&serde_json::json!(saved)),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// Takes a staff member out of a team (admins); their open conversations stay assigned.
pub async fn remove_member(
    state: &AppState,
    actor: &CurrentUser,
    team: &str,
    user_id: i64,
) -> AppResult<bool> {
    let txn = crate::platform::db::write_txn(&state.db).await?;
    let gone = team_member::Entity::delete_many()
        .filter(team_member::Column::Team.eq(team))
        .filter(team_member::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?
        .rows_affected;
    if gone > 0 {
        crate::platform::audit::record(
            &txn,
            Some(actor.id),
            "messaging.team.remove",
            &format!("user:{user_id}"),
            Some(&serde_json::json!({"team": team})),
            None::<&serde_json::Value>,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(gone > 0)
}

/// One member of a team as the team board shows them.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct BoardMember {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub senior: bool,
    pub max_open: i32,
    pub open: i64,
    pub available: bool,
    pub online: bool,
}

/// A team on the board: its people and how many conversations wait for someone.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct BoardTeam {
    pub key: String,
    pub name: String,
    pub members: Vec<BoardMember>,
    pub waiting: u64,
}

/// Who is in which team, online and how loaded, in a fixed number of queries.
pub async fn board(state: &AppState) -> AppResult<Vec<BoardTeam>> {
    let cfg = super::config::current(state).await?;
    let t = now();
    let all = members(&state.db).await?;
    let ids: Vec<i64> = all.iter().map(|m| m.user_id).collect();
    let people: HashMap<i64, (String, String)> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::DisplayName)
        .column(user::Column::Email)
        .filter(user::Column::Id.is_in(ids.clone()))
        .into_tuple::<(i64, String, String)>()
        .all(&state.db)
        .await?
        .into_iter()
        .map(|(id, n, e)| (id, (n, e)))
        .collect();
    let presence: HashMap<i64, presence::Model> = presence::Entity::find()
        .filter(presence::Column::UserId.is_in(ids.clone()))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|p| (p.user_id, p))
        .collect();
    let open = open_counts(&state.db, &ids).await?;
    let waiting: HashMap<String, i64> = conversation::Entity::find()
        .select_only()
        .column(conversation::Column::Team)
        .column_as(conversation::Column::Id.count(), "n")
        .filter(conversation::Column::AssignedTo.is_null())
        .filter(conversation::Column::Status.ne("resolved"))
        .group_by(conversation::Column::Team)
        .into_tuple::<(String, i64)>()
        .all(&state.db)
        .await?
        .into_iter()
        .collect();
    Ok(cfg
        .teams
        .iter()
        .map(|(key, name)| BoardTeam {
            key: key.clone(),
            name: name.clone(),
            waiting: waiting.get(key).copied().unwrap_or(0).max(0) as u64,
            members: all
                .iter()
                .filter(|m| &m.team == key)
                .map(|m| {
                    let (name, email) = people.get(&m.user_id).cloned().unwrap_or_default();
                    let p = presence.get(&m.user_id);
                    BoardMember {
                        user_id: m.user_id,
                        name,
                        email,
                        senior: m.senior,
                        max_open: m.max_open,
                        open: open.get(&m.user_id).copied().unwrap_or(0),
                        available: p.is_none_or(|p| p.available),
                        online: p.is_some_and(|p| p.available && p.seen_at >= t - cfg.online_secs),
                    }
                })
                .collect(),
        })
        .collect())
}

/// Every membership, for the office.
pub async fn members(conn: &impl ConnectionTrait) -> AppResult<Vec<team_member::Model>> {
    Ok(team_member::Entity::find()
        .order_by_asc(team_member::Column::Team)
        .order_by_asc(team_member::Column::UserId)
        .all(conn)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_detected_when_clear() {
        assert_eq!(
            detect_language("Goeiemiddag, ek wil graag my advertensie hernu want dit het verval.")
                .as_deref(),
            Some("af")
        );
        assert_eq!(
            detect_language("Hello, I would like to renew my advertisement because it expired.")
                .as_deref(),
            Some("en")
        );
        assert_eq!(
            detect_language("Hallo, my kar is gesteel. Wat moet ek doen?").as_deref(),
            Some("af")
        );
        assert_eq!(detect_language("ok"), None);
    }
}
