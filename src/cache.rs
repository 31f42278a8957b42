//! The one in-process cache type: a map behind a mutex with a bound on its
//! size. Every cache of the service (accounts by token subject, campaign
//! definitions, report answers, scoreboards) is one of these, so locking,
//! poisoning and the bound are decided here once.
//!
//! Each use decides what makes an entry current (a version, a fingerprint,
//! an age) and checks it when reading; this type only keeps entries. When it
//! is full it starts over: every bound here is far above what an
//! installation uses, so the rare reset costs a few recomputations, and no
//! per-entry bookkeeping is paid on every read.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Entries by key, at most `capacity` of them.
#[derive(Debug)]
pub struct BoundedCache<K, V> {
    entries: Mutex<HashMap<K, V>>,
    capacity: usize,
}

impl<K: Eq + Hash, V: Clone> BoundedCache<K, V> {
    pub fn new(capacity: usize) -> Self {
        Self { entries: Mutex::new(HashMap::new()), capacity }
    }

    /// The entry kept for `key`, if `current` says it still holds.
    pub fn get_if<Q>(&self, key: &Q, current: impl FnOnce(&V) -> bool) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        self.lock().get(key).filter(|value| current(value)).cloned()
    }

    /// The entry kept for `key`.
    pub fn get<Q>(&self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        self.get_if(key, |_| true)
    }

    /// Keeps `value` under `key`, replacing what was there; a full cache starts over first.
    pub fn insert(&self, key: K, value: V) {
        let mut entries = self.lock();
        if entries.len() >= self.capacity && !entries.contains_key(&key) {
            entries.clear();
        }
        entries.insert(key, value);
    }

    /// How many entries are kept.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<K, V>> {
        // A panic while holding the lock leaves at worst one entry missing or stale-checked.
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_is_returned_while_it_is_current() {
        let cache = BoundedCache::new(4);
        cache.insert("a".to_owned(), 1);
        assert_eq!(cache.get("a"), Some(1));
        assert_eq!(cache.get_if("a", |v| *v == 2), None);
        assert_eq!(cache.get("b"), None);
    }

    #[test]
    fn a_full_cache_starts_over_but_replacing_a_key_does_not() {
        let cache = BoundedCache::new(2);
        cache.insert(1, "one");
        cache.insert(2, "two");
        cache.insert(2, "deux");
        assert_eq!(cache.len(), 2);
        cache.insert(3, "three");
        assert_eq!(cache.len(), 1);
        assert_eq!(cache.get(&1), None);
        assert_eq!(cache.get(&3), Some("three"));
    }
}
