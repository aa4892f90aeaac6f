//! Full-text search over ads behind one trait, [`SearchDialect`], with an SQLite FTS5 and a
//! PostgreSQL `tsvector` implementation. This is one of the two modules allowed to hold
//! per-backend SQL.
//!
//! Both backends index the same text, made in Rust by [`index_text`] (ASCII, lowercase,
//! words only), and queries go through the same function, so "cafe" finds "Café" and
//! "1.6" finds "1.6" on either database: their own tokenisers never get to disagree.

use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement, Value};

use super::placeholders;

/// What differs between the two databases' full-text search.
pub trait SearchDialect: Sync {
    /// DDL that builds the index over `ads.search_title` and `ads.search_body`.
    fn create(&self) -> &'static [&'static str];
    /// DDL that removes it.
    fn drop(&self) -> &'static str;
    /// `FROM … WHERE <match ?>` over the ads aliased `a`.
    fn matching(&self) -> &'static str;
    /// The rank expression, lower is better.
    fn rank(&self) -> &'static str;
    /// Whether [`rank`](Self::rank) takes the query as a parameter.
    fn rank_takes_query(&self) -> bool;
    /// The match expression for normalised terms, each matched as a prefix, all required.
    fn query(&self, terms: &[String]) -> String;
    /// DDL that builds the index over `messages.search_text`.
    fn create_messages(&self) -> &'static [&'static str];
    /// DDL that removes it.
    fn drop_messages(&self) -> &'static str;
    /// `FROM … WHERE <match ?>` over the messages aliased `m`.
    fn message_matching(&self) -> &'static str;
}

/// SQLite FTS5, an external-content table kept in step by triggers.
pub struct Sqlite;

impl SearchDialect for Sqlite {
    fn create(&self) -> &'static [&'static str] {
        &[
            "CREATE VIRTUAL TABLE ads_fts USING fts5(search_title, search_body, \
             content='ads', content_rowid='id', tokenize='unicode61', prefix='2 3 4')",
            "CREATE TRIGGER ads_fts_ai AFTER INSERT ON ads BEGIN \
             INSERT INTO ads_fts(rowid, search_title, search_body) VALUES (new.id, new.search_title, new.search_body); END",
            "CREATE TRIGGER ads_fts_ad AFTER DELETE ON ads BEGIN \
             INSERT INTO ads_fts(ads_fts, rowid, search_title, search_body) VALUES ('delete', old.id, old.search_title, old.search_body); END",
            "CREATE TRIGGER ads_fts_au AFTER UPDATE OF search_title, search_body ON ads BEGIN \
             INSERT INTO ads_fts(ads_fts, rowid, search_title, search_body) VALUES ('delete', old.id, old.search_title, old.search_body); \
             INSERT INTO ads_fts(rowid, search_title, search_body) VALUES (new.id, new.search_title, new.search_body); END",
        ]
    }
    fn drop(&self) -> &'static str {
        "DROP TABLE IF EXISTS ads_fts"
    }
    // CROSS JOIN pins the full-text index as the outer loop; left to itself the planner
    // may walk every ad and run the match per row (seconds at 100,000 ads).
    fn matching(&self) -> &'static str {
        "FROM ads_fts CROSS JOIN ads a ON a.id = ads_fts.rowid WHERE ads_fts MATCH ?"
    }
    fn rank(&self) -> &'static str {
        "bm25(ads_fts, 10.0, 1.0)"
    }
    fn rank_takes_query(&self) -> bool {
        false
    }
    fn query(&self, terms: &[String]) -> String {
        terms
            .iter()
            .map(|t| format!("\"{t}\"*"))
            .collect::<Vec<_>>()
            .join(" ")
    }
    fn create_messages(&self) -> &'static [&'static str] {
        &[
            "CREATE VIRTUAL TABLE messages_fts USING fts5(search_text, \
             content='messages', content_rowid='id', tokenize='unicode61', prefix='2 3 4')",
            "CREATE TRIGGER messages_fts_ai AFTER INSERT ON messages BEGIN \
             INSERT INTO messages_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
            "CREATE TRIGGER messages_fts_ad AFTER DELETE ON messages BEGIN \
             INSERT INTO messages_fts(messages_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
        ]
    }
    fn drop_messages(&self) -> &'static str {
        "DROP TABLE IF EXISTS messages_fts"
    }
    fn message_matching(&self) -> &'static str {
        "FROM messages_fts CROSS JOIN messages m ON m.id = messages_fts.rowid \
         JOIN conversations c ON c.id = m.conversation_id WHERE messages_fts MATCH ?"
    }
}

/// PostgreSQL: a generated `tsvector` column with a GIN index.
pub struct Postgres;

impl SearchDialect for Postgres {
    fn create(&self) -> &'static [&'static str] {
        &[
            "ALTER TABLE ads ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (\
             setweight(to_tsvector('simple', search_title), 'A') || \
             setweight(to_tsvector('simple', search_body), 'C')) STORED",
            "CREATE INDEX ads_search ON ads USING GIN (search_vector)",
        ]
    }
    fn drop(&self) -> &'static str {
        "DROP INDEX IF EXISTS ads_search"
    }
    fn matching(&self) -> &'static str {
        "FROM ads a WHERE a.search_vector @@ to_tsquery('simple', ?)"
    }
    fn rank(&self) -> &'static str {
        "-ts_rank(a.search_vector, to_tsquery('simple', ?))"
    }
    fn rank_takes_query(&self) -> bool {
        true
    }
    fn query(&self, terms: &[String]) -> String {
        terms
            .iter()
            .map(|t| format!("{t}:*"))
            .collect::<Vec<_>>()
            .join(" & ")
    }
    fn create_messages(&self) -> &'static [&'static str] {
        &[
            "ALTER TABLE messages ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (\
             to_tsvector('simple', search_text)) STORED",
            "CREATE INDEX messages_search ON messages USING GIN (search_vector)",
        ]
    }
    fn drop_messages(&self) -> &'static str {
        "DROP INDEX IF EXISTS messages_search"
    }
    fn message_matching(&self) -> &'static str {
        "FROM messages m JOIN conversations c ON c.id = m.conversation_id \
         WHERE m.search_vector @@ to_tsquery('simple', ?)"
    }
}

/// The dialect of a connection.
pub fn dialect(backend: DbBackend) -> Result<&'static dyn SearchDialect, DbErr> {
    match backend {
        DbBackend::Sqlite => Ok(&Sqlite),
        DbBackend::Postgres => Ok(&Postgres),
        other => Err(DbErr::Custom(format!("unsupported database {other:?}"))),
    }
}

/// Creates the index structures for ad search (called from the first migration).
pub async fn create_ad_index(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    for sql in dialect(db.get_database_backend())?.create() {
        db.execute_unprepared(sql).await?;
    }
    Ok(())
}

/// Drops what [`create_ad_index`] made.
pub async fn drop_ad_index(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    let sql = dialect(db.get_database_backend())?.drop();
    db.execute_unprepared(sql).await.map(|_| ())
}

/// Creates the index structures for message search.
pub async fn create_message_index(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    for sql in dialect(db.get_database_backend())?.create_messages() {
        db.execute_unprepared(sql).await?;
    }
    Ok(())
}

/// Drops what [`create_message_index`] made.
pub async fn drop_message_index(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    let sql = dialect(db.get_database_backend())?.drop_messages();
    db.execute_unprepared(sql).await.map(|_| ())
}

/// Who is searching messages, and so what they may find.
#[derive(Clone, Debug)]
pub enum MessageScope {
    /// A user: their own conversations, never staff notes.
    User(i64),
    /// Staff of these teams (agents).
    Teams(Vec<String>),
    /// Everything (moderators and admins).
    All,
}

/// Conversations whose messages match a query, with the newest matching message of each,
/// newest first.
pub async fn search_messages(
    db: &impl ConnectionTrait,
    text: &str,
    scope: &MessageScope,
    limit: u64,
) -> Result<Vec<(i64, i64)>, DbErr> {
    let terms = query_terms(text);
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    let backend = db.get_database_backend();
    let d = dialect(backend)?;
    let mut sql = format!(
        "SELECT m.conversation_id AS cid, MAX(m.id) AS mid {}",
        d.message_matching()
    );
    let mut values: Vec<Value> = vec![d.query(&terms).into()];
    match scope {
        MessageScope::User(id) => {
            sql.push_str(" AND c.user_id = ? AND m.internal = ?");
            values.push((*id).into());
            values.push(false.into());
        }
        MessageScope::Teams(teams) if teams.is_empty() => return Ok(Vec::new()),
        MessageScope::Teams(teams) => {
            sql.push_str(" AND c.team IN (");
            sql.push_str(&vec!["?"; teams.len()].join(", "));
            sql.push(')');
            values.extend(teams.iter().map(|t| Value::from(t.clone())));
        }
        MessageScope::All => {}
    }
    sql.push_str(" GROUP BY m.conversation_id ORDER BY mid DESC LIMIT ?");
    values.push((limit as i64).into());
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            placeholders(backend, &sql),
            values,
        ))
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get::<i64>("", "cid")?, r.try_get::<i64>("", "mid")?)))
        .collect()
}

/// The text both backends index: transliterated to ASCII, lowercase, words separated by
/// single spaces ("Café Crème 1.6L" → "cafe creme 1 6l").
pub fn index_text(parts: &[&str]) -> String {
    let mut out = String::new();
    for part in parts {
        for word in deunicode::deunicode(part).split(|c: char| !c.is_ascii_alphanumeric()) {
            if !word.is_empty() {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&word.to_ascii_lowercase());
            }
        }
    }
    out
}

/// What a visitor searched for; only published, unexpired ads are ever found.
#[derive(Clone, Debug, Default)]
pub struct AdSearch {
    pub text: String,
    pub category_id: Option<i64>,
    pub min_price_cents: Option<i64>,
    pub max_price_cents: Option<i64>,
    pub now: i64,
    pub limit: u64,
    pub offset: u64,
}

/// The words of a query, normalised exactly like the indexed text, so nothing of a
/// query syntax can get through.
pub fn query_terms(text: &str) -> Vec<String> {
    index_text(&[text])
        .split(' ')
        .filter(|w| !w.is_empty())
        .take(12)
        .map(str::to_string)
        .collect()
}

/// Ranked ad ids for a search, best first, with the total number of matches.
pub async fn search_ads(db: &impl ConnectionTrait, q: &AdSearch) -> Result<(Vec<i64>, u64), DbErr> {
    let terms = query_terms(&q.text);
    if terms.is_empty() {
        return Ok((Vec::new(), 0));
    }
    let backend = db.get_database_backend();
    let d = dialect(backend)?;
    let (from_match, rank, query) = (d.matching(), d.rank(), d.query(&terms));
    let mut filters =
        String::from(" AND a.status = 'published' AND (a.expires_at IS NULL OR a.expires_at > ?)");
    let mut values: Vec<Value> = vec![query.clone().into(), q.now.into()];
    if let Some(c) = q.category_id {
        filters.push_str(" AND a.category_id = ?");
        values.push(c.into());
    }
    if let Some(p) = q.min_price_cents {
        filters.push_str(" AND a.price_cents >= ?");
        values.push(p.into());
    }
    if let Some(p) = q.max_price_cents {
        filters.push_str(" AND a.price_cents <= ?");
        values.push(p.into());
    }
    let count_sql = format!("SELECT COUNT(*) AS n {from_match}{filters}");
    let count_values = values.clone();
    // The rank is computed inside (SQLite's bm25 only works next to its MATCH) and the
    // window count outside, so one pass gives both the page and the total. PostgreSQL's
    // rank takes the query as a parameter, and the SELECT list comes first.
    let mut page_values = Vec::with_capacity(values.len() + 3);
    if d.rank_takes_query() {
        page_values.push(query.into());
    }
    page_values.extend(values);
    page_values.push((q.limit as i64).into());
    page_values.push((q.offset as i64).into());
    let page_sql = format!(
        "SELECT id, COUNT(*) OVER () AS total FROM (SELECT a.id AS id, {rank} AS score {from_match}{filters}) ranked \
         ORDER BY score, id DESC LIMIT ? OFFSET ?"
    );
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            placeholders(backend, &page_sql),
            page_values,
        ))
        .await?;
    let ids = rows
        .iter()
        .map(|r| r.try_get::<i64>("", "id"))
        .collect::<Result<Vec<_>, _>>()?;
    let total = match rows.first() {
        Some(r) => r.try_get::<i64>("", "total")?,
        None if q.offset == 0 => 0,
        // A page past the end: count on its own.
        None => db
            .query_one_raw(Statement::from_sql_and_values(
                backend,
                placeholders(backend, &count_sql),
                count_values,
            ))
            .await?
            .map(|r| r.try_get::<i64>("", "n"))
            .transpose()?
            .unwrap_or(0),
    };
    Ok((ids, total.max(0) as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_syntax_cannot_leak_into_the_match_expression() {
        assert_eq!(
            query_terms("bmw \"OR\" x3* -NEAR(a)"),
            vec!["bmw", "or", "x3", "near", "a"]
        );
        assert!(query_terms("\"*()-").is_empty());
    }

    #[test]
    fn both_databases_index_the_same_words() {
        assert_eq!(
            index_text(&["Café Crème", "Toyota 1.6L"]),
            "cafe creme toyota 1 6l"
        );
        assert_eq!(query_terms("CAFÉ"), vec!["cafe"]);
        assert_eq!(query_terms("Продам"), vec!["prodam"]);
    }
}
