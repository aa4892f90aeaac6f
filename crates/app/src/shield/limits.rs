//! Rate limits that hold across every instance: fixed-window counters in the database,
//! a short and a long window per action, counted per address (IPv6 by /64) and per
//! account. A key that is already over its limit is remembered in memory until its window
//! ends, so a flood from one key costs no database work at all after the first refusal.

use std::collections::HashMap;
use std::sync::Mutex;

use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict, Query};

use super::settings::{Limit, Window};
use crate::platform::error::AppResult;
use crate::platform::state::AppState;
use crate::platform::util::now;

/// The outcome of counting one request against one key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub allowed: bool,
    /// The tightest window's limit and what is left of it (for `RateLimit-*` headers).
    pub limit: u32,
    pub remaining: u32,
    /// Seconds until the window that decided ends.
    pub reset: i64,
    /// `short` or `long`: which window decided.
    pub window: &'static str,
}

/// Keys known to be over a limit, until when (per process; only a shortcut).
#[derive(Default)]
pub struct Denied(Mutex<HashMap<String, (i64, Hit)>>);

fn table() -> Alias {
    Alias::new("rate_counters")
}

/// Adds one to `key`'s counter for the window containing `at`; returns the new count.
async fn increment(
    db: &impl ConnectionTrait,
    key: &str,
    window_start: i64,
    expires_at: i64,
) -> AppResult<u32> {
    let count = Alias::new("count");
    let stmt = Query::insert()
        .into_table(table())
        .columns([
            Alias::new("key"),
            Alias::new("window_start"),
            count.clone(),
            Alias::new("expires_at"),
        ])
        .values_panic([key.into(), window_start.into(), 1.into(), expires_at.into()])
        .on_conflict(
            OnConflict::columns([Alias::new("key"), Alias::new("window_start")])
                .value(count.clone(), Expr::col((table(), count.clone())).add(1))
                .to_owned(),
        )
        .returning_col(count.clone())
        .to_owned();
    let row = db
        .query_one(&stmt)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the counter upsert returned no row"))?;
    let n: i32 = row.try_get("", "count")?;
    Ok(Ord::max(n, 0) as u32)
}

async fn decrement(db: &impl ConnectionTrait, key: &str, window_start: i64) -> AppResult<()> {
    let count = Alias::new("count");
    let stmt = Query::update()
        .table(table())
        .value(count.clone(), Expr::col(count).sub(1))
        .and_where(Expr::col(Alias::new("key")).eq(key))
        .and_where(Expr::col(Alias::new("window_start")).eq(window_start))
        .to_owned();
    db.execute(&stmt).await?;
    Ok(())
}

/// The current count of `key` in the window of `seconds`, without counting.
pub async fn peek(db: &impl ConnectionTrait, key: &str, seconds: i64) -> AppResult<u32> {
    let t = now();
    let start = t - t.rem_euclid(seconds);
    let stmt = Query::select()
        .column(Alias::new("count"))
        .from(table())
        .and_where(Expr::col(Alias::new("key")).eq(key))
        .and_where(Expr::col(Alias::new("window_start")).eq(start))
        .to_owned();
    let row = db.query_one(&stmt).await?;
    Ok(match row {
        Some(r) => Ord::max(r.try_get::<i32>("", "count")?, 0) as u32,
        None => 0,
    })
}

/// Counts one event for `key` in a window of `seconds` (no limit: failures, offences).
pub async fn bump(db: &impl ConnectionTrait, key: &str, seconds: i64) -> AppResult<u32> {
    let t = now();
    let start = t - t.rem_euclid(seconds);
    increment(db, key, start, start + seconds).await
}

fn scaled(w: Window, factor: f64) -> u32 {
    Ord::max((w.limit as f64 * factor).round() as u32, 1)
}

/// Counts one request for `key` against both windows of `limit`, scaled by `factor`
/// (below 1 for new accounts, above 1 for trusted ones). A refused request is not
/// counted, so `Retry-After` stays true for someone who waits as told.
pub async fn hit(state: &AppState, key: &str, limit: Limit, factor: f64) -> AppResult<Hit> {
    let t = now();
    let denied = state.slots.get_or_default::<Denied>();
    if let Some((until, hit)) = denied
        .0
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(key)
        .cloned()
        && until > t
    {
        return Ok(Hit {
            reset: until - t,
            ..hit
        });
    }
    let mut counted: Vec<i64> = Vec::new();
    let mut tightest: Option<Hit> = None;
    for (name, win) in [("short", limit.short), ("long", limit.long)] {
        let max = scaled(win, factor);
        let start = t - t.rem_euclid(win.seconds);
        let n = increment(&state.db, key, start, start + win.seconds).await?;
        let reset = start + win.seconds - t;
        if n > max {
            // Give the counts back: this request does not happen.
            decrement(&state.db, key, start).await?;
            for s in counted {
                decrement(&state.db, key, s).await?;
            }
            let hit = Hit {
                allowed: false,
                limit: max,
                remaining: 0,
                reset,
                window: name,
            };
            let mut map = denied.0.lock().unwrap_or_else(|e| e.into_inner());
            if map.len() > 100_000 {
                map.retain(|_, (until, _)| *until > t);
            }
            map.insert(key.to_string(), (t + reset, hit.clone()));
            return Ok(hit);
        }
        counted.push(start);
        let remaining = max - n;
        if tightest.as_ref().is_none_or(|h| remaining < h.remaining) {
            tightest = Some(Hit {
                allowed: true,
                limit: max,
                remaining,
                reset,
                window: name,
            });
        }
    }
    Ok(tightest.expect("two windows were counted"))
}

/// Forgets the in-memory refusals (after an admin changed the limits).
pub fn forget_refusals(state: &AppState) {
    state
        .slots
        .get_or_default::<Denied>()
        .0
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clear();
}

/// Deletes counters whose window is over.
pub async fn sweep(db: &impl ConnectionTrait) -> AppResult<u64> {
    let stmt = Query::delete()
        .from_table(table())
        .and_where(Expr::col(Alias::new("expires_at")).lt(now()))
        .to_owned();
    let res = db.execute(&stmt).await?;
    Ok(res.rows_affected())
}
