//! Rules the gate suggests from what moderators removed: words and two-word phrases far
//! more frequent in recently removed ads than in published ones. An admin accepts one (it
//! becomes a scoring rule, audited like any other) or dismisses it (it is not suggested
//! again).
//!
//! The gate does not read ads: the capability that owns them registers a [`Source`] that
//! hands over the texts (see `ads::install`).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use futures_util::future::BoxFuture;
use sea_orm::entity::prelude::*;
use sea_orm::{QueryOrder, Set};
use serde::Serialize;
use utoipa::ToSchema;

use super::store;
use crate::platform::audit;
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::state::AppState;
use crate::platform::util::now;

/// One suggestion.
pub mod row {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "gate_rule_suggestions")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub pattern: String,
        /// `word` or `phrase`.
        pub match_kind: String,
        pub removed_count: i32,
        pub published_count: i32,
        /// `pending`, `accepted` or `dismissed`.
        pub status: String,
        pub created_at: i64,
        pub decided_by: Option<i64>,
        pub decided_at: Option<i64>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Where a suggestion stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SuggestionStatus {
    Pending,
    Accepted,
    Dismissed,
}

impl SuggestionStatus {
    fn as_str(self) -> &'static str {
        match self {
            SuggestionStatus::Pending => "pending",
            SuggestionStatus::Accepted => "accepted",
            SuggestionStatus::Dismissed => "dismissed",
        }
    }

    fn parse(s: &str) -> Self {
        match s {
            "accepted" => SuggestionStatus::Accepted,
            "dismissed" => SuggestionStatus::Dismissed,
            _ => SuggestionStatus::Pending,
        }
    }
}

/// A suggestion as the API shows it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Suggestion {
    pub id: i64,
    /// The word or phrase.
    pub pattern: String,
    /// `word` or `phrase`.
    pub match_kind: String,
    /// Recently removed ads that contain it.
    pub removed_count: i32,
    /// Published ads (of the same sample) that contain it.
    pub published_count: i32,
    pub status: SuggestionStatus,
    pub created_at: i64,
}

impl From<row::Model> for Suggestion {
    fn from(r: row::Model) -> Self {
        Suggestion {
            id: r.id,
            pattern: r.pattern,
            match_kind: r.match_kind,
            removed_count: r.removed_count,
            published_count: r.published_count,
            status: SuggestionStatus::parse(&r.status),
            created_at: r.created_at,
        }
    }
}

/// Texts to compare: recently removed ads and a sample of published ones.
#[derive(Clone, Debug, Default)]
pub struct Corpus {
    pub removed: Vec<String>,
    pub published: Vec<String>,
}

/// What hands the gate its texts.
pub type SourceFn = dyn Fn(AppState) -> BoxFuture<'static, AppResult<Corpus>> + Send + Sync;

/// The registered source, kept in the state's slots.
pub struct Source(pub Arc<SourceFn>);

/// Registers where the texts come from (once, at start-up).
pub fn register(state: &AppState, source: Arc<SourceFn>) {
    state.slots.insert(Arc::new(Source(source)));
}

/// Words too common to make a rule of, whatever the counts say.
const STOPWORDS: &[&str] = &[
    "the",
    "and",
    "for",
    "with",
    "you",
    "your",
    "are",
    "this",
    "that",
    "have",
    "from",
    "our",
    "not",
    "all",
    "can",
    "will",
    "was",
    "but",
    "has",
    "its",
    "per",
    "any",
    "one",
    "new",
    "now",
    "get",
    "just",
    "only",
    "very",
    "more",
    "also",
    "been",
    "they",
    "them",
    "their",
    "there",
    "here",
    "what",
    "when",
    "who",
    "how",
    "out",
    "about",
    "into",
    "than",
    "then",
    "some",
    "please",
    "contact",
    "call",
    "sale",
    "selling",
    "price",
    "good",
    "condition",
];

/// Removed ads a term must appear in before it is suggested.
const MIN_REMOVED: usize = 3;
/// How many times more often (per ad) a term must appear in removed than published ads.
const MIN_RATIO: f64 = 8.0;
/// Suggestions made in one run.
const MAX_NEW: usize = 15;

/// The distinct words and two-word phrases of a text, normalised like rules.
fn terms(text: &str) -> HashSet<(String, bool)> {
    let norm = antispam::normalize(text);
    let words: Vec<&str> = norm
        .text()
        .split(' ')
        .filter(|w| w.chars().count() >= 3)
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .collect();
    let mut out = HashSet::new();
    for (i, w) in words.iter().enumerate() {
        if STOPWORDS.contains(w) {
            continue;
        }
        out.insert(((*w).to_owned(), false));
        if let Some(next) = words.get(i + 1)
            && !STOPWORDS.contains(next)
        {
            out.insert((format!("{w} {next}"), true));
        }
    }
    out
}

/// A candidate rule: (pattern, is a phrase, removed ads with it, published ads with it).
type Candidate = (String, bool, usize, usize);

/// The words and phrases that set removed ads apart, best first.
pub fn candidates(corpus: &Corpus) -> Vec<Candidate> {
    let count = |texts: &[String]| {
        let mut df: HashMap<(String, bool), usize> = HashMap::new();
        for t in texts {
            for term in terms(t) {
                *df.entry(term).or_default() += 1;
            }
        }
        df
    };
    let (removed, published) = (count(&corpus.removed), count(&corpus.published));
    let (r_n, p_n) = (
        corpus.removed.len().max(1) as f64,
        corpus.published.len().max(1) as f64,
    );
    let min_removed = MIN_REMOVED.max((r_n * 0.02).ceil() as usize);
    let mut out: Vec<(f64, Candidate)> = removed
        .into_iter()
        .filter(|(_, r)| *r >= min_removed)
        .filter_map(|((term, phrase), r)| {
            let p = published.get(&(term.clone(), phrase)).copied().unwrap_or(0);
            let ratio = ((r as f64 + 0.5) / (r_n + 1.0)) / ((p as f64 + 0.5) / (p_n + 1.0));
            (ratio >= MIN_RATIO).then(|| (ratio.ln() * r as f64, (term, phrase, r, p)))
        })
        .collect();
    out.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.0.cmp(&b.1.0)));
    // A word that only ever appears inside a suggested phrase adds nothing of its own.
    let mut chosen: Vec<Candidate> = Vec::new();
    for (_, c) in out {
        let inside_phrase = !c.1
            && chosen
                .iter()
                .any(|p| p.1 && p.0.split(' ').any(|w| w == c.0) && p.2 >= c.2);
        if !inside_phrase {
            chosen.push(c);
        }
    }
    chosen
}

/// Compares removed and published ads and stores the new suggestions; returns how many.
pub async fn mine(state: &AppState) -> AppResult<usize> {
    let Some(source) = state.slots.get::<Source>() else {
        return Ok(0);
    };
    let corpus = (source.0)(state.clone()).await?;
    let found = tokio::task::spawn_blocking(move || candidates(&corpus))
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    let ruled: HashSet<String> = store::rules(&state.db)
        .await?
        .iter()
        .map(|r| antispam::normalize(&r.pattern).text().to_owned())
        .collect();
    let known: HashSet<String> = row::Entity::find()
        .all(&state.db)
        .await?
        .into_iter()
        .map(|r| r.pattern)
        .collect();
    let mut added = 0;
    for (pattern, phrase, r, p) in found {
        if added >= MAX_NEW || ruled.contains(&pattern) || known.contains(&pattern) {
            continue;
        }
        row::ActiveModel {
            pattern: Set(pattern),
            match_kind: Set(if phrase { "phrase" } else { "word" }.into()),
            removed_count: Set(i32::try_from(r).unwrap_or(i32::MAX)),
            published_count: Set(i32::try_from(p).unwrap_or(i32::MAX)),
            status: Set(SuggestionStatus::Pending.as_str().into()),
            created_at: Set(now()),
            ..Default::default()
        }
        .insert(&state.db)
        .await?;
        added += 1;
    }
    Ok(added)
}

/// Suggestions waiting for an admin, best first.
pub async fn pending(db: &impl ConnectionTrait) -> AppResult<Vec<Suggestion>> {
    Ok(row::Entity::find()
        .filter(row::Column::Status.eq(SuggestionStatus::Pending.as_str()))
        .order_by_desc(row::Column::RemovedCount)
        .order_by_asc(row::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(Suggestion::from)
        .collect())
}

/// Accepts or dismisses a pending suggestion; an accepted one becomes a scoring rule.
pub async fn decide(state: &AppState, id: i64, accept: bool, by: i64) -> AppResult<Suggestion> {
    let txn = crate::platform::db::write_txn(&state.db).await?;
    let status = if accept {
        SuggestionStatus::Accepted
    } else {
        SuggestionStatus::Dismissed
    };
    let claimed = row::Entity::update_many()
        .col_expr(
            row::Column::Status,
            sea_orm::sea_query::Expr::value(status.as_str()),
        )
        .col_expr(row::Column::DecidedBy, sea_orm::sea_query::Expr::value(by))
        .col_expr(
            row::Column::DecidedAt,
            sea_orm::sea_query::Expr::value(now()),
        )
        .filter(row::Column::Id.eq(id))
        .filter(row::Column::Status.eq(SuggestionStatus::Pending.as_str()))
        .exec(&txn)
        .await?;
    let found = row::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if claimed.rows_affected != 1 {
        return Err(AppError::Conflict("already_decided", FieldErrors::new()));
    }
    if accept {
        let kind = if found.match_kind == "phrase" {
            antispam::MatchKind::Phrase
        } else {
            antispam::MatchKind::Word
        };
        let rule =
            antispam::Rule::new(&found.pattern, kind, None, antispam::RuleAction::Score, 2.0);
        store::add_rules(&txn, &[rule], Some(by)).await?;
    }
    audit::record(
        &txn,
        Some(by),
        if accept {
            "gate.suggestion.accept"
        } else {
            "gate.suggestion.dismiss"
        },
        &format!("gate_suggestion:{id}"),
        None::<&()>,
        Some(&serde_json::json!({"pattern": found.pattern, "match": found.match_kind})),
    )
    .await?;
    txn.commit().await?;
    super::gate(state)?
        .refresh(&state.db)
        .await
        .map_err(AppError::Internal)?;
    Ok(Suggestion::from(found).with_status(status))
}

impl Suggestion {
    fn with_status(mut self, status: SuggestionStatus) -> Self {
        self.status = status;
        self
    }
}

/// Mines new suggestions every six hours.
pub fn spawn(state: AppState) {
    crate::platform::workers::every(
        "gate-suggestions",
        std::time::Duration::from_secs(6 * 3600),
        move || {
            let state = state.clone();
            async move {
                mine(&state)
                    .await
                    .map(|_| ())
                    .map_err(|e| anyhow::anyhow!("{e}"))
            }
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_sets_removed_ads_apart() {
        let removed: Vec<String> = (0..10)
            .map(|i| format!("Cheap phones {i}, pay the clearance levy first and we ship"))
            .collect();
        let published: Vec<String> = (0..40)
            .map(|i| format!("Cheap phones {i}, collect in Bellville, cash on collection"))
            .collect();
        let found = candidates(&Corpus { removed, published });
        let patterns: Vec<&str> = found.iter().map(|c| c.0.as_str()).collect();
        assert!(patterns.contains(&"clearance levy"), "{patterns:?}");
        // Common to both: never suggested.
        assert!(!patterns.contains(&"cheap phones"), "{patterns:?}");
        assert!(!patterns.contains(&"phones"), "{patterns:?}");
    }
}
