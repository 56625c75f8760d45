//! A limit on how long one call may take.
//!
//! [`TimeoutClient`] sits innermost in the stack, right around the provider, so the limit is per
//! attempt: the retry decorator outside it can try again after a slow answer.
//!
//! ```
//! use std::time::Duration;
//! use squad_core::model::ModelClient;
//! use squad_core::model::timeout::TimeoutClient;
//!
//! fn with_limit(provider: impl ModelClient) -> impl ModelClient {
//!     TimeoutClient::new(provider, Duration::from_secs(90))
//! }
//! ```

use std::time::Duration;

use async_trait::async_trait;

use super::{ModelClient, ModelError, ModelRequest, ModelResponse};

/// Fails a call with [`ModelError::Timeout`] when the inner client takes longer than a limit.
///
/// The inner call is dropped (so its HTTP request is cancelled) when the limit passes.
#[derive(Debug, Clone)]
pub struct TimeoutClient<C> {
    inner: C,
    after: Duration,
}

impl<C> TimeoutClient<C> {
    /// Wrap `inner` so that each call fails after `after`.
    pub fn new(inner: C, after: Duration) -> Self {
        Self { inner, after }
    }

    /// The limit of one call.
    pub fn limit(&self) -> Duration {
        self.after
    }

    /// The wrapped client.
    pub fn inner(&self) -> &C {
        &self.inner
    }
}

#[async_trait]
impl<C: ModelClient> ModelClient for TimeoutClient<C> {
    async fn complete(&self, request: ModelRequest) -> Result<ModelResponse, ModelError> {
        self.complete_ref(&request).await
    }

    async fn complete_ref(&self, request: &ModelRequest) -> Result<ModelResponse, ModelError> {
        match tokio::time::timeout(self.after, self.inner.complete_ref(request)).await {
            Ok(result) => result,
            Err(_elapsed) => Err(ModelError::Timeout {
                after: Some(self.after),
            }),
        }
    }
}
