//! Database connection, migrations and site settings. One code path for SQLite and
//! PostgreSQL; the only per-backend SQL lives in [`search`].

pub mod search;

use std::time::Duration;

use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    DbErr, SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait,
};
use sea_orm_migration::MigratorTrait;

use crate::migration::Migrator;

/// Connects with short timeouts, so a missing database is reported at once and requests
/// during an outage fail fast with 503 instead of hanging.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut opts = ConnectOptions::new(url.to_string());
    let sqlite = url.starts_with("sqlite:");
    opts.connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(5))
        .max_connections(if sqlite { 8 } else { 16 })
        .min_connections(1)
        .test_before_acquire(false)
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|o| {
            o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
                .create_if_missing(true)
        });
    Database::connect(opts).await
}

/// Begins a transaction that will write. On SQLite it takes the write lock at BEGIN
/// (IMMEDIATE): a deferred transaction that reads, then writes after another writer
/// committed, fails with SQLITE_BUSY_SNAPSHOT instead of waiting its turn.
pub async fn write_txn(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

/// Brings the schema up to date. Safe to call on every start.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// Refreshes the query planner's statistics. PostgreSQL's autovacuum does this by itself;
/// SQLite needs asking, and without statistics it picks poor indexes on large tables
/// (a category page went from 0.5 ms to 25 ms at 100,000 ads). Cheap when nothing changed.
///
/// Small databases are left alone: statistics taken on a nearly empty database told the
/// planner every table was tiny, and bulk inserts then slowed down quadratically (30,000
/// ads took 26 s instead of 7 s).
pub async fn optimize(db: &impl ConnectionTrait, thorough: bool) -> Result<(), DbErr> {
    if db.get_database_backend() == DbBackend::Sqlite {
        let pages = db
            .query_one_raw(Statement::from_string(
                DbBackend::Sqlite,
                "PRAGMA page_count",
            ))
            .await?
            .map(|r| r.try_get_by_index::<i64>(0))
            .transpose()?
            .unwrap_or(0);
        if pages < 4096 && !thorough {
            return Ok(());
        }
        let sql = if thorough {
            "ANALYZE"
        } else {
            "PRAGMA optimize=0x10002"
        };
        db.execute_unprepared(sql).await?;
    }
    Ok(())
}

/// Reads a site setting.
pub async fn get_setting(db: &impl ConnectionTrait, key: &str) -> Result<Option<String>, DbErr> {
    let backend = db.get_database_backend();
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            placeholders(backend, "SELECT value FROM settings WHERE key = ?"),
            [key.into()],
        ))
        .await?;
    row.map(|r| r.try_get::<String>("", "value")).transpose()
}

/// Stores a setting unless one is already there, and returns whichever value won; several
/// instances starting at once agree on one value.
pub async fn init_setting(
    db: &impl ConnectionTrait,
    key: &str,
    value: &str,
) -> Result<String, DbErr> {
    let backend = db.get_database_backend();
    db.execute_raw(Statement::from_sql_and_values(
        backend,
        placeholders(
            backend,
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
        ),
        [key.into(), value.into()],
    ))
    .await?;
    get_setting(db, key)
        .await?
        .ok_or_else(|| DbErr::Custom(format!("setting {key} vanished")))
}

/// Overwrites a setting that exists (see [`init_setting`]).
pub async fn set_setting(db: &impl ConnectionTrait, key: &str, value: &str) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    db.execute_raw(Statement::from_sql_and_values(
        backend,
        placeholders(backend, "UPDATE settings SET value = ? WHERE key = ?"),
        [value.into(), key.into()],
    ))
    .await?;
    Ok(())
}

/// Rewrites `?` placeholders into `$1, $2…` for PostgreSQL, so raw SQL is written once.
pub fn placeholders(backend: DbBackend, sql: &str) -> String {
    if backend != DbBackend::Postgres {
        return sql.to_string();
    }
    let mut out = String::with_capacity(sql.len() + 8);
    let mut n = 0;
    for ch in sql.chars() {
        if ch == '?' {
            n += 1;
            out.push('$');
            out.push_str(&n.to_string());
        } else {
            out.push(ch);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_for_postgres_only() {
        assert_eq!(
            placeholders(DbBackend::Postgres, "a = ? AND b = ?"),
            "a = $1 AND b = $2"
        );
        assert_eq!(placeholders(DbBackend::Sqlite, "a = ?"), "a = ?");
    }
}
