//! Near-duplicate detection with 64-bit SimHash.
//!
//! Spammers repost the same ad with small changes; honest users repost their own ads too
//! (which we only mildly discourage). A SimHash fingerprint of the normalised title + body
//! changes by only a few bits for small edits. The [`NearDupIndex`] finds every stored
//! fingerprint within Hamming distance 3 without scanning: the 64 bits are split into four
//! 16-bit blocks, and two fingerprints that differ in at most 3 bits must agree exactly on
//! at least one block (pigeonhole), so only ads sharing a block value are compared.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::hashing::{fnv1a, mix64};
use crate::normalize::{Normalized, normalize};

/// Text below this many normalised words gets no fingerprint match: "iPhone 12 for sale"
/// collides by nature and says nothing about spam.
pub(crate) const MIN_WORDS: usize = 5;

/// The text the gate and [`fingerprint`] both hash, so the app's stored fingerprints match
/// what the gate computes.
pub(crate) fn joined(title: &str, body: &str) -> String {
    let mut s = String::with_capacity(title.len() + body.len() + 1);
    s.push_str(title);
    s.push('\n');
    s.push_str(body);
    s
}

/// SimHash fingerprint of an ad, for the app to store with it and load into a
/// [`NearDupIndex`].
pub fn fingerprint(title: &str, body: &str) -> u64 {
    fingerprint_normalized(&normalize(&joined(title, body)))
}

/// SimHash over 3-word shingles of normalised text (single words for texts under 3 words).
pub(crate) fn fingerprint_normalized(norm: &Normalized) -> u64 {
    let words: Vec<&str> = norm.text().split(' ').filter(|w| !w.is_empty()).collect();
    let mut acc = [0i32; 64];
    let mut add = |h: u64| {
        for (bit, a) in acc.iter_mut().enumerate() {
            if h >> bit & 1 == 1 {
                *a += 1;
            } else {
                *a -= 1;
            }
        }
    };
    if words.len() < 3 {
        for w in &words {
            add(mix64(fnv1a(w.as_bytes(), 0x51)));
        }
    } else {
        for win in words.windows(3) {
            let h = fnv1a(
                win[2].as_bytes(),
                fnv1a(win[1].as_bytes(), fnv1a(win[0].as_bytes(), 0x53)),
            );
            add(mix64(h));
        }
    }
    acc.iter()
        .enumerate()
        .fold(0u64, |fp, (bit, a)| if *a > 0 { fp | 1 << bit } else { fp })
}

/// Moderation state of a stored ad.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdStatus {
    /// Published (or pending) ad.
    Live,
    /// Ad moderators rejected; copies of it are suspicious.
    Rejected,
    /// Expired or withdrawn by its owner: another account copying it is suspicious, its
    /// owner posting it again is not.
    Inactive,
}

/// One ad as stored in the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexedAd {
    /// The ad.
    pub ad_id: i64,
    /// Its owner's account.
    pub owner_id: i64,
    /// Live or rejected.
    pub status: AdStatus,
    /// From [`fingerprint`].
    pub fingerprint: u64,
}

/// A stored ad close to the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NearDup {
    /// The stored ad.
    pub ad: IndexedAd,
    /// Hamming distance between fingerprints.
    pub distance: u32,
}

const BLOCKS: usize = 4;
const BUCKETS: usize = 1 << 16;

/// In-memory index of ad fingerprints, filled by the app at start-up and kept current as ads
/// are created, edited, rejected or deleted.
#[derive(Debug, Clone, Default)]
pub struct NearDupIndex {
    entries: Vec<Option<IndexedAd>>,
    free: Vec<u32>,
    by_id: HashMap<i64, u32>,
    /// Per block: block value → entry slots. Allocated on first insert.
    bands: Vec<Vec<Vec<u32>>>,
}

fn block(fp: u64, b: usize) -> usize {
    (fp >> (16 * b) & 0xFFFF) as usize
}

impl NearDupIndex {
    /// An empty index.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of stored ads.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// Whether no ad is stored.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// Add an ad or replace the stored version of it (same `ad_id`).
    pub fn upsert(&mut self, ad: IndexedAd) {
        self.remove(ad.ad_id);
        if self.bands.is_empty() {
            self.bands = vec![vec![Vec::new(); BUCKETS]; BLOCKS];
        }
        let slot = match self.free.pop() {
            Some(s) => {
                self.entries[s as usize] = Some(ad);
                s
            }
            None => {
                self.entries.push(Some(ad));
                u32::try_from(self.entries.len() - 1).unwrap_or(u32::MAX)
            }
        };
        for (b, band) in self.bands.iter_mut().enumerate() {
            band[block(ad.fingerprint, b)].push(slot);
        }
        self.by_id.insert(ad.ad_id, slot);
    }

    /// Forget an ad (deleted, expired). Returns whether it was stored.
    pub fn remove(&mut self, ad_id: i64) -> bool {
        let Some(slot) = self.by_id.remove(&ad_id) else {
            return false;
        };
        if let Some(old) = self.entries[slot as usize].take() {
            for (b, band) in self.bands.iter_mut().enumerate() {
                band[block(old.fingerprint, b)].retain(|s| *s != slot);
            }
        }
        self.free.push(slot);
        true
    }

    /// Stored ads within `max_distance` (≤ 3 is guaranteed complete) of `fp`, except
    /// `exclude` (the ad being edited), nearest first, ties by ad id.
    pub fn query(&self, fp: u64, max_distance: u32, exclude: Option<i64>) -> Vec<NearDup> {
        let mut out: Vec<NearDup> = Vec::new();
        if self.bands.is_empty() {
            return out;
        }
        let mut seen: Vec<u32> = Vec::new();
        for (b, band) in self.bands.iter().enumerate() {
            for &slot in &band[block(fp, b)] {
                if seen.contains(&slot) {
                    continue;
                }
                seen.push(slot);
                let Some(ad) = self.entries[slot as usize] else {
                    continue;
                };
                let distance = (ad.fingerprint ^ fp).count_ones();
                if distance <= max_distance && Some(ad.ad_id) != exclude {
                    out.push(NearDup { ad, distance });
                }
            }
        }
        out.sort_by_key(|d| (d.distance, d.ad.ad_id));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ad(id: i64, owner: i64, status: AdStatus, fp: u64) -> IndexedAd {
        IndexedAd {
            ad_id: id,
            owner_id: owner,
            status,
            fingerprint: fp,
        }
    }

    #[test]
    fn small_edits_keep_fingerprint_close() {
        let a = fingerprint(
            "Toyota Corolla 2015 for sale",
            "Well kept Toyota Corolla, one owner, full service history, new tyres, 120000 km. Serious buyers only, viewing in Pretoria east.",
        );
        let b = fingerprint(
            "TOYOTA COROLLA 2015 for sale!!",
            "Well kept Toyota Corolla, one owner, full service history, new tyres, 120000 km. Serious buyers only, viewing in Pretoria.",
        );
        let c = fingerprint(
            "Golden retriever puppies",
            "Beautiful golden retriever puppies looking for loving homes, vaccinated and dewormed, parents on site.",
        );
        assert!((a ^ b).count_ones() <= 12, "{}", (a ^ b).count_ones());
        assert!((a ^ c).count_ones() > 16, "{}", (a ^ c).count_ones());
        assert_eq!(
            a,
            fingerprint(
                "Toyota Corolla 2015 for sale",
                "Well kept Toyota Corolla, one owner, full service history, new tyres, 120000 km. Serious buyers only, viewing in Pretoria east."
            )
        );
    }

    #[test]
    fn index_finds_all_within_three_bits_and_excludes() {
        let mut idx = NearDupIndex::new();
        let base = 0x0123_4567_89AB_CDEFu64;
        // Flip one bit in each of three different blocks: no block-exact... except the fourth.
        let near = base ^ (1 | 1 << 20 | 1 << 40);
        idx.upsert(ad(1, 10, AdStatus::Live, near));
        idx.upsert(ad(2, 11, AdStatus::Rejected, base ^ 1));
        idx.upsert(ad(3, 12, AdStatus::Live, !base));
        let hits = idx.query(base, 3, None);
        assert_eq!(
            hits.iter()
                .map(|h| (h.ad.ad_id, h.distance))
                .collect::<Vec<_>>(),
            vec![(2, 1), (1, 3)]
        );
        assert_eq!(idx.query(base, 3, Some(2)).len(), 1);
        assert!(idx.query(base, 0, None).is_empty());
    }

    #[test]
    fn upsert_replaces_and_remove_forgets() {
        let mut idx = NearDupIndex::new();
        idx.upsert(ad(1, 10, AdStatus::Live, 42));
        idx.upsert(ad(1, 10, AdStatus::Rejected, 42));
        assert_eq!(idx.len(), 1);
        assert_eq!(idx.query(42, 0, None)[0].ad.status, AdStatus::Rejected);
        assert!(idx.remove(1));
        assert!(!idx.remove(1));
        assert!(idx.query(42, 3, None).is_empty());
        idx.upsert(ad(5, 10, AdStatus::Live, 43));
        assert_eq!(idx.query(42, 3, None)[0].ad.ad_id, 5);
    }
}
