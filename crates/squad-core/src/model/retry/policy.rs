//! When to try again and how long to wait first.

use std::time::Duration;

use crate::model::ModelError;

/// How [`super::RetryClient`] retries: exponential backoff with optional equal jitter, bounded
/// by a number of attempts and a total deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first one included (0 is treated as 1).
    pub max_attempts: u32,
    /// The wait before the first retry; each further retry doubles it.
    pub base_delay: Duration,
    /// The longest backoff (a server's Retry-After may still ask for more).
    pub max_delay: Duration,
    /// No retry starts after this much time since the first attempt began: when the next wait
    /// would pass it, the last error is returned at once.
    pub total_deadline: Duration,
    /// Wait a random time in `[d/2, d]` instead of `d` ("equal jitter"), so that many clients
    /// failing together do not retry together.
    pub jitter: bool,
}

impl Default for RetryPolicy {
    /// 4 attempts, 500 ms base, 30 s max backoff, 120 s total deadline, jitter on.
    fn default() -> Self {
        Self {
            max_attempts: 4,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            total_deadline: Duration::from_secs(120),
            jitter: true,
        }
    }
}

impl RetryPolicy {
    /// The backoff before retry number `retry` (1 for the first retry), without jitter:
    /// `base_delay * 2^(retry - 1)`, capped at `max_delay`.
    pub fn backoff(&self, retry: u32) -> Duration {
        let exponent = retry.saturating_sub(1);
        2u32.checked_pow(exponent)
            .and_then(|factor| self.base_delay.checked_mul(factor))
            .map_or(self.max_delay, |d| d.min(self.max_delay))
    }

    /// The wait before retry number `retry` after `error`: the backoff, jittered when jitter is
    /// on, and never shorter than the error's Retry-After.
    pub(crate) fn delay(&self, retry: u32, error: &ModelError) -> Duration {
        let backoff = self.backoff(retry);
        let waited = if self.jitter {
            equal_jitter(backoff)
        } else {
            backoff
        };
        match error.retry_after() {
            Some(asked) => waited.max(asked),
            None => waited,
        }
    }

    /// The number of attempts actually made at most.
    pub(crate) fn attempts(&self) -> u32 {
        self.max_attempts.max(1)
    }
}

/// A random duration in `[d/2, d]`.
fn equal_jitter(d: Duration) -> Duration {
    let nanos = u64::try_from(d.as_nanos()).unwrap_or(u64::MAX);
    let half = nanos / 2;
    Duration::from_nanos(rand::random_range(half..=nanos))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(jitter: bool) -> RetryPolicy {
        RetryPolicy {
            max_attempts: 10,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(1),
            total_deadline: Duration::from_secs(60),
            jitter,
        }
    }

    fn upstream() -> ModelError {
        ModelError::Upstream {
            status: 503,
            message: "down".into(),
        }
    }

    #[test]
    fn backoff_doubles_then_caps() {
        let p = policy(false);
        let ms: Vec<u128> = (1..=6).map(|r| p.backoff(r).as_millis()).collect();
        assert_eq!(ms, [100, 200, 400, 800, 1000, 1000]);
    }

    #[test]
    fn backoff_does_not_overflow_on_huge_retry_numbers() {
        let p = policy(false);
        assert_eq!(p.backoff(40), Duration::from_secs(1));
        assert_eq!(p.backoff(u32::MAX), Duration::from_secs(1));
    }

    #[test]
    fn jitter_stays_within_half_and_full_backoff() {
        let p = policy(true);
        for retry in 1..=5 {
            let full = p.backoff(retry);
            for _ in 0..200 {
                let d = p.delay(retry, &upstream());
                assert!(
                    d >= full / 2 && d <= full,
                    "{d:?} outside [{:?}, {full:?}]",
                    full / 2
                );
            }
        }
    }

    #[test]
    fn retry_after_wins_over_a_shorter_backoff_but_not_a_longer_one() {
        let p = policy(false);
        let limited = |secs| ModelError::RateLimited {
            retry_after: Some(Duration::from_secs(secs)),
            message: "slow down".into(),
        };
        // Retry-After above max_delay is still honoured: the server knows best.
        assert_eq!(p.delay(1, &limited(7)), Duration::from_secs(7));
        let p = RetryPolicy {
            base_delay: Duration::from_secs(10),
            max_delay: Duration::from_secs(30),
            ..p
        };
        assert_eq!(p.delay(1, &limited(2)), Duration::from_secs(10));
    }

    #[test]
    fn zero_attempts_still_makes_one() {
        let p = RetryPolicy {
            max_attempts: 0,
            ..RetryPolicy::default()
        };
        assert_eq!(p.attempts(), 1);
    }
}
