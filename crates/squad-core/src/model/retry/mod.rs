//! Trying a failed call again, with backoff and a total deadline.
//!
//! [`RetryClient`] retries only errors for which [`ModelError::is_retryable`] is true (timeouts,
//! rate limits, 5xx, network errors); anything else — a bad key, no credits, a rejected request —
//! is returned at once. It sits outside the fallback and timeout decorators, so one attempt is
//! one pass over the fallback chain, each call of which is bounded by the timeout.
//!
//! ```
//! use std::time::Duration;
//! use squad_core::model::ModelClient;
//! use squad_core::model::retry::{RetryClient, RetryPolicy};
//! use squad_core::model::timeout::TimeoutClient;
//!
//! fn resilient(provider: impl ModelClient) -> impl ModelClient {
//!     let policy = RetryPolicy { max_attempts: 3, ..RetryPolicy::default() };
//!     RetryClient::new(TimeoutClient::new(provider, Duration::from_secs(90)), policy)
//! }
//! ```

use async_trait::async_trait;
use tokio::time::Instant;

use super::{ModelClient, ModelError, ModelRequest, ModelResponse};

mod policy;
pub use policy::RetryPolicy;

/// Retries retryable errors of the inner client following a [`RetryPolicy`].
///
/// When the attempts are used up, or when waiting for the next one would pass the policy's total
/// deadline, the last error is returned unchanged (no pointless final sleep). A call in flight
/// is not cut by the deadline: bound each attempt with
/// [`TimeoutClient`](super::timeout::TimeoutClient).
#[derive(Debug, Clone)]
pub struct RetryClient<C> {
    inner: C,
    policy: RetryPolicy,
}

impl<C> RetryClient<C> {
    /// Wrap `inner`, retrying as `policy` says.
    pub fn new(inner: C, policy: RetryPolicy) -> Self {
        Self { inner, policy }
    }

    /// The policy in force.
    pub fn policy(&self) -> &RetryPolicy {
        &self.policy
    }

    /// The wrapped client.
    pub fn inner(&self) -> &C {
        &self.inner
    }
}

#[async_trait]
impl<C: ModelClient> ModelClient for RetryClient<C> {
    async fn complete(&self, request: ModelRequest) -> Result<ModelResponse, ModelError> {
        self.complete_ref(&request).await
    }

    async fn complete_ref(&self, request: &ModelRequest) -> Result<ModelResponse, ModelError> {
        let started = Instant::now();
        let attempts = self.policy.attempts();
        let mut attempt = 1;
        loop {
            let error = match self.inner.complete_ref(request).await {
                Ok(response) => return Ok(response),
                Err(error) => error,
            };
            if !error.is_retryable() || attempt >= attempts {
                return Err(error);
            }
            let delay = self.policy.delay(attempt, &error);
            let elapsed = started.elapsed();
            if elapsed.saturating_add(delay) > self.policy.total_deadline {
                tracing::warn!(
                    attempt,
                    elapsed = ?elapsed,
                    delay = ?delay,
                    deadline = ?self.policy.total_deadline,
                    error = %error,
                    "model call failed; not retrying: the next attempt would start past the total deadline"
                );
                return Err(error);
            }
            tracing::warn!(
                attempt,
                max_attempts = attempts,
                delay = ?delay,
                model = %request.model,
                error = %error,
                "model call failed; retrying"
            );
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }
}
