//! What the gate learns from the site itself, besides the classifier: each category's
//! usual prices (so "too good to be true" has a yardstick) and the phone numbers and
//! addresses moderators rejected (so they are recognised in the next ad). Kept apart from
//! the admins' configuration, which they edit and which is audited; merged at build time.

use std::collections::BTreeMap;

use antispam::PriceStats;
use sea_orm::ConnectionTrait;

use crate::platform::db;
use crate::platform::error::{AppError, AppResult};
use crate::platform::state::AppState;

const PRICES: &str = "gate_price_stats";
const REJECTED: &str = "gate_rejected_contacts";
/// Live ads a category needs before its prices say what is normal.
pub const MIN_PRICED_ADS: usize = 20;
/// The rejected contacts remembered (the oldest are forgotten first).
const MAX_REJECTED: usize = 20_000;

fn json_err(e: serde_json::Error) -> AppError {
    AppError::Internal(e.into())
}

/// Typical prices per category slug, as last computed.
pub async fn price_stats(conn: &impl ConnectionTrait) -> AppResult<BTreeMap<String, PriceStats>> {
    Ok(match db::get_setting(conn, PRICES).await? {
        Some(s) => serde_json::from_str(&s).map_err(json_err)?,
        None => BTreeMap::new(),
    })
}

/// Contacts moderators rejected, oldest first.
pub async fn rejected_contacts(conn: &impl ConnectionTrait) -> AppResult<Vec<String>> {
    Ok(match db::get_setting(conn, REJECTED).await? {
        Some(s) => serde_json::from_str(&s).map_err(json_err)?,
        None => Vec::new(),
    })
}

/// The admins' configuration with the site's own data added: the admins' price figures
/// win for a category they set, and both contact lists count.
pub async fn merge(
    conn: &impl ConnectionTrait,
    mut cfg: antispam::Config,
) -> AppResult<antispam::Config> {
    for (slug, stats) in price_stats(conn).await? {
        cfg.price_stats.entry(slug).or_insert(stats);
    }
    cfg.rejected_contacts.extend(rejected_contacts(conn).await?);
    Ok(cfg)
}

/// The value at quantile `q` of sorted `v` (linear interpolation).
fn quantile(v: &[f64], q: f64) -> f64 {
    let pos = q * (v.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    v[lo] + (v[hi] - v[lo]) * (pos - lo as f64)
}

/// Quartiles of a category's prices, when there are enough of them.
pub fn stats_of(mut prices: Vec<f64>) -> Option<PriceStats> {
    if prices.len() < MIN_PRICED_ADS {
        return None;
    }
    prices.sort_by(|a, b| a.total_cmp(b));
    Some(PriceStats {
        q1: quantile(&prices, 0.25),
        median: quantile(&prices, 0.5),
        q3: quantile(&prices, 0.75),
    })
}

/// Stores every category's typical prices, from the prices of its live ads (by category
/// slug) that the owner of the ads hands over; the gate is rebuilt (on every instance)
/// only when they changed.
pub async fn store_prices(
    state: &AppState,
    prices: BTreeMap<String, Vec<f64>>,
) -> AppResult<usize> {
    let stats: BTreeMap<String, PriceStats> = prices
        .into_iter()
        .filter_map(|(slug, prices)| Some((slug, stats_of(prices)?)))
        .collect();
    if stats == price_stats(&state.db).await? {
        return Ok(stats.len());
    }
    let json = serde_json::to_string(&stats).map_err(json_err)?;
    let txn = db::write_txn(&state.db).await?;
    db::init_setting(&txn, PRICES, &json).await?;
    db::set_setting(&txn, PRICES, &json).await?;
    super::store::bump(&txn).await?;
    txn.commit().await?;
    super::gate(state)?
        .refresh(&state.db)
        .await
        .map_err(AppError::Internal)?;
    Ok(stats.len())
}

/// Remembers contacts from an ad a moderator rejected (in the caller's transaction).
pub async fn remember_rejected(conn: &impl ConnectionTrait, contacts: &[String]) -> AppResult<()> {
    let fresh: Vec<String> = contacts
        .iter()
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect();
    if fresh.is_empty() {
        return Ok(());
    }
    let mut list = rejected_contacts(conn).await?;
    let before = list.len();
    for c in fresh {
        if !list.contains(&c) {
            list.push(c);
        }
    }
    if list.len() == before {
        return Ok(());
    }
    if list.len() > MAX_REJECTED {
        list.drain(..list.len() - MAX_REJECTED);
    }
    let json = serde_json::to_string(&list).map_err(json_err)?;
    db::init_setting(conn, REJECTED, &json).await?;
    db::set_setting(conn, REJECTED, &json).await?;
    super::store::bump(conn).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quartiles_need_enough_prices_and_interpolate() {
        assert_eq!(stats_of(vec![1.0; MIN_PRICED_ADS - 1]), None);
        let s = stats_of((1..=21).map(|n| n as f64 * 100.0).collect()).unwrap();
        assert_eq!((s.q1, s.median, s.q3), (600.0, 1100.0, 1600.0));
    }
}
