//! Full-text search over ads: SQLite FTS5 or PostgreSQL `tsvector`, behind one function.
//! This is one of the two modules allowed to hold per-backend SQL.

use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement, Value};

use super::placeholders;

/// Creates the index structures for ad search (called from the first migration).
pub async fn create_ad_index(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    let statements: &[&str] = match db.get_database_backend() {
        DbBackend::Sqlite => &[
            "CREATE VIRTUAL TABLE ads_fts USING fts5(title, description, location, \
             content='ads', content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3 4')",
            "CREATE TRIGGER ads_fts_ai AFTER INSERT ON ads BEGIN \
             INSERT INTO ads_fts(rowid, title, description, location) VALUES (new.id, new.title, new.description, new.location); END",
            "CREATE TRIGGER ads_fts_ad AFTER DELETE ON ads BEGIN \
             INSERT INTO ads_fts(ads_fts, rowid, title, description, location) VALUES ('delete', old.id, old.title, old.description, old.location); END",
            "CREATE TRIGGER ads_fts_au AFTER UPDATE OF title, description, location ON ads BEGIN \
             INSERT INTO ads_fts(ads_fts, rowid, title, description, location) VALUES ('delete', old.id, old.title, old.description, old.location); \
             INSERT INTO ads_fts(rowid, title, description, location) VALUES (new.id, new.title, new.description, new.location); END",
        ],
        DbBackend::Postgres => &[
            "ALTER TABLE ads ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (\
             setweight(to_tsvector('simple', coalesce(title, '')), 'A') || \
             setweight(to_tsvector('simple', coalesce(location, '')), 'B') || \
             setweight(to_tsvector('simple', coalesce(description, '')), 'C')) STORED",
            "CREATE INDEX ads_search ON ads USING GIN (search_vector)",
        ],
        other => return Err(DbErr::Custom(format!("unsupported database {other:?}"))),
    };
    for sql in statements {
        db.execute_unprepared(sql).await?;
    }
    Ok(())
}

/// Drops what [`create_ad_index`] made.
pub async fn drop_ad_index(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    let sql = match db.get_database_backend() {
        DbBackend::Postgres => "DROP INDEX IF EXISTS ads_search",
        _ => "DROP TABLE IF EXISTS ads_fts",
    };
    db.execute_unprepared(sql).await.map(|_| ())
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

/// The words of a query, stripped of every character a query syntax could use.
pub fn query_terms(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(12)
        .map(|w| w.to_lowercase())
        .collect()
}

/// Ranked ad ids for a search, best first, with the total number of matches.
pub async fn search_ads(db: &impl ConnectionTrait, q: &AdSearch) -> Result<(Vec<i64>, u64), DbErr> {
    let terms = query_terms(&q.text);
    if terms.is_empty() {
        return Ok((Vec::new(), 0));
    }
    let backend = db.get_database_backend();
    // SQLite: CROSS JOIN pins the full-text index as the outer loop; left to itself the
    // planner may walk every ad and run the match per row (seconds at 100,000 ads).
    let (from_match, rank, query) = match backend {
        DbBackend::Sqlite => (
            "FROM ads_fts CROSS JOIN ads a ON a.id = ads_fts.rowid WHERE ads_fts MATCH ?",
            "bm25(ads_fts, 10.0, 1.0, 3.0)",
            terms
                .iter()
                .map(|t| format!("\"{t}\"*"))
                .collect::<Vec<_>>()
                .join(" "),
        ),
        _ => (
            "FROM ads a WHERE a.search_vector @@ to_tsquery('simple', ?)",
            "-ts_rank(a.search_vector, to_tsquery('simple', ?))",
            terms
                .iter()
                .map(|t| format!("{t}:*"))
                .collect::<Vec<_>>()
                .join(" & "),
        ),
    };
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
    if backend == DbBackend::Postgres {
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
}
