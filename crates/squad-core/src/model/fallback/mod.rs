//! Client-side model fallback: ask the next model when one fails in a model-specific way.
//!
//! This complements OpenRouter's server-side fallback (the request's `fallback_models`, sent as
//! `models`): the server-side list only helps with OpenRouter, while [`FallbackClient`] works
//! with any OpenAI-compatible server and also covers failures OpenRouter does not fall back on,
//! such as a cut answer.
//!
//! ```
//! use squad_core::model::ModelClient;
//! use squad_core::model::fallback::FallbackClient;
//!
//! fn with_fallbacks(provider: impl ModelClient) -> impl ModelClient {
//!     FallbackClient::new(provider, vec!["openai/gpt-5-mini".into(), "qwen/qwen3-coder".into()])
//! }
//! ```

use async_trait::async_trait;

use super::{ModelClient, ModelError, ModelRequest, ModelResponse};

/// Tries the request's own model, then each fallback model in order.
///
/// For a fallback the request is sent unchanged but for its `model`. The chain moves on only when
/// the error [is model-specific](ModelError::is_model_specific) (a 5xx, a timeout, a rate limit, a
/// cut answer, a rejected request...); any other error (a bad key, no credits) would be the same
/// for every model and is returned at once.
///
/// When every model fails the error is [`ModelError::AllModelsFailed`], naming the models tried
/// and keeping the last error. A model listed twice (or equal to the request's) is tried once;
/// when the chain holds a single model its error is returned unchanged, so a `FallbackClient`
/// with no fallbacks configured is transparent.
#[derive(Debug, Clone)]
pub struct FallbackClient<C> {
    inner: C,
    models: Vec<String>,
}

impl<C> FallbackClient<C> {
    /// Wrap `inner`, falling back to `models` in order.
    pub fn new(inner: C, models: Vec<String>) -> Self {
        Self { inner, models }
    }

    /// The fallback models, in order.
    pub fn models(&self) -> &[String] {
        &self.models
    }

    /// The wrapped client.
    pub fn inner(&self) -> &C {
        &self.inner
    }

    /// The models to try for `first`, in order, each once: the request's model, then each
    /// fallback model not already in the chain.
    fn chain<'a>(&'a self, first: &'a str) -> Vec<&'a str> {
        let mut chain = vec![first];
        for model in &self.models {
            if !chain.contains(&model.as_str()) {
                chain.push(model);
            }
        }
        chain
    }

    /// Whether some fallback model differs from `first`: when none does, the chain is the
    /// request's model alone, and nothing need be built for it.
    fn has_fallback(&self, first: &str) -> bool {
        self.models.iter().any(|m| m != first)
    }
}

#[async_trait]
impl<C: ModelClient> ModelClient for FallbackClient<C> {
    async fn complete(&self, request: ModelRequest) -> Result<ModelResponse, ModelError> {
        self.complete_ref(&request).await
    }

    async fn complete_ref(&self, request: &ModelRequest) -> Result<ModelResponse, ModelError> {
        if !self.has_fallback(&request.model) {
            // Nothing to fall back to: the request goes through as it is, without a copy.
            return self.inner.complete_ref(request).await;
        }
        let chain = self.chain(&request.model);
        let mut last = None;
        for (index, model) in chain.iter().enumerate() {
            let mut attempt = request.clone();
            (*model).clone_into(&mut attempt.model);
            let error = match self.inner.complete_ref(&attempt).await {
                Ok(response) => return Ok(response),
                Err(error) => error,
            };
            if !error.is_model_specific() {
                return Err(error);
            }
            if let Some(next) = chain.get(index + 1) {
                tracing::warn!(
                    model = %model,
                    next = %next,
                    error = %error,
                    "model failed; falling back to the next model"
                );
            }
            last = Some(error);
        }
        match last {
            Some(last) if chain.len() > 1 => Err(ModelError::AllModelsFailed {
                tried: chain.join(", "),
                last: Box::new(last),
            }),
            Some(last) => Err(last),
            // The chain always holds the request's own model, so this is never reached.
            None => Err(ModelError::Config(format!(
                "fallback chain for {} is empty",
                request.describe()
            ))),
        }
    }
}
