//! A small time-limited cache. Hot anonymous pages and expensive aggregates are served
//! from memory for a few seconds instead of being rebuilt for every visitor; entries
//! never outlive their time-to-live, so a change shows everywhere within it (also across
//! instances, which each keep their own).

use std::collections::{HashMap, HashSet};
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Values by key, each fresh for `ttl` and kept a while longer to be served while one
/// caller rebuilds it (so an expiring hot page does not send every visitor to the database).
pub struct TtlCache<K, V> {
    ttl: Duration,
    max_entries: usize,
    entries: Mutex<HashMap<K, (Instant, V)>>,
    refreshing: Mutex<HashSet<K>>,
}

/// What [`TtlCache::lookup`] found.
pub enum Lookup<V> {
    Fresh(V),
    /// Past its time but still usable while someone refreshes it.
    Stale(V),
    Missing,
}

/// How many lifetimes a stale entry may still be served while it is being rebuilt.
const STALE_FACTOR: u32 = 10;

impl<K: Eq + Hash, V: Clone> TtlCache<K, V> {
    /// A cache whose entries live `ttl` and which holds at most `max_entries`.
    pub fn new(ttl: Duration, max_entries: usize) -> Self {
        TtlCache {
            ttl,
            max_entries,
            entries: Mutex::new(HashMap::new()),
            refreshing: Mutex::new(HashSet::new()),
        }
    }

    /// Fresh, stale or missing.
    pub fn lookup(&self, key: &K) -> Lookup<V> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        match entries.get(key) {
            Some((at, v)) if at.elapsed() < self.ttl => Lookup::Fresh(v.clone()),
            Some((at, v)) if at.elapsed() < self.ttl * STALE_FACTOR => Lookup::Stale(v.clone()),
            _ => Lookup::Missing,
        }
    }

    /// Whether the caller is the one to rebuild `key` (only one at a time is).
    /// The claim ends with [`put`](Self::put) or [`release`](Self::release).
    pub fn claim_refresh(&self, key: &K) -> bool
    where
        K: Clone,
    {
        self.refreshing
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key.clone())
    }

    /// Whether someone holds the refresh claim for `key`.
    pub fn is_refreshing(&self, key: &K) -> bool {
        self.refreshing
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(key)
    }

    /// Gives up a refresh claim (the rebuild failed).
    pub fn release(&self, key: &K) {
        self.refreshing
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(key);
    }

    /// The value for `key` if it is still fresh.
    pub fn get(&self, key: &K) -> Option<V> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(key)
            .filter(|(at, _)| at.elapsed() < self.ttl)
            .map(|(_, v)| v.clone())
    }

    /// Forgets everything (after a change that must show at once, e.g. a takedown).
    pub fn clear(&self) {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    /// Stores a value; when full, stale entries go first, then everything (a cache, not a store).
    pub fn put(&self, key: K, value: V) {
        self.refreshing
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&key);
        if self.ttl.is_zero() {
            return;
        }
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= self.max_entries {
            let ttl = self.ttl;
            entries.retain(|_, (at, _)| at.elapsed() < ttl);
            if entries.len() >= self.max_entries {
                entries.clear();
            }
        }
        entries.insert(key, (Instant::now(), value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_expire_and_the_size_is_bounded() {
        let c = TtlCache::new(Duration::from_millis(30), 2);
        c.put("a", 1);
        assert_eq!(c.get(&"a"), Some(1));
        std::thread::sleep(Duration::from_millis(40));
        assert_eq!(c.get(&"a"), None);
        c.put("b", 2);
        c.put("c", 3);
        c.put("d", 4);
        assert_eq!(c.get(&"d"), Some(4));
        c.put("s", 5);
        std::thread::sleep(Duration::from_millis(40));
        assert!(matches!(c.lookup(&"s"), Lookup::Stale(5)));
        assert!(c.claim_refresh(&"s"), "the first caller rebuilds");
        assert!(
            !c.claim_refresh(&"s"),
            "the others are served the stale page"
        );
        c.put("s", 6);
        assert!(matches!(c.lookup(&"s"), Lookup::Fresh(6)));
        assert!(c.claim_refresh(&"s"), "a put ends the claim");
        let zero = TtlCache::new(Duration::ZERO, 10);
        assert!(zero.claim_refresh(&"x"));
        zero.put("x", 1);
        assert_eq!(zero.get(&"x"), None);
        assert!(
            !zero.is_refreshing(&"x"),
            "a cache that keeps nothing still ends the claim"
        );
    }
}
