//! Login throttling: how long a key (an account or a client address) is
//! locked after repeated failures. The lock grows with each failure past the
//! threshold but never beyond a cap, so an attacker can delay a real user,
//! never lock them out for good; and failures older than the window are
//! forgotten.

use std::time::Duration;

/// The throttle's settings.
#[derive(Clone, Copy, Debug)]
pub struct ThrottleRule {
    /// Failures allowed before the first lock.
    pub max_failures: u32,
    /// The first lock; each further failure doubles it.
    pub base_lock: Duration,
    /// The longest lock.
    pub max_lock: Duration,
    /// Failures older than this are forgotten.
    pub window: Duration,
}

impl ThrottleRule {
    /// How long to lock after the `failures`-th failure in the window (`None`: not yet).
    pub fn lock_after(&self, failures: u32) -> Option<Duration> {
        if failures < self.max_failures {
            return None;
        }
        let doublings = (failures - self.max_failures).min(20);
        Some(self.base_lock.saturating_mul(1 << doublings).min(self.max_lock))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_grow_and_stay_bounded() {
        let rule = ThrottleRule {
            max_failures: 5,
            base_lock: Duration::from_secs(30),
            max_lock: Duration::from_secs(900),
            window: Duration::from_secs(3600),
        };
        assert_eq!(rule.lock_after(4), None);
        assert_eq!(rule.lock_after(5), Some(Duration::from_secs(30)));
        assert_eq!(rule.lock_after(6), Some(Duration::from_secs(60)));
        assert_eq!(rule.lock_after(9), Some(Duration::from_secs(480)));
        assert_eq!(rule.lock_after(10), Some(Duration::from_secs(900)));
        assert_eq!(rule.lock_after(10_000), Some(Duration::from_secs(900)));
    }
}
