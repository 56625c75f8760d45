//! Test helpers for code built on squad-core (compiled with the `testkit` feature).
//!
//! [`ScriptedClient`] is a [`ModelClient`] that answers from a queue of scripted results, so a
//! test can drive agents and decorators without a network or a model key.
//!
//! ```
//! use squad_core::model::{Message, ModelClient, ModelError, ModelRequest};
//! use squad_core::testkit::ScriptedClient;
//!
//! let client = ScriptedClient::new()
//!     .with_error(ModelError::Upstream { status: 503, message: "overloaded".into() })
//!     .with_text("FROM rust:1.95-slim");
//! // The test keeps `client`; the code under test owns a clone.
//! let stack = client.clone();
//! let request = ModelRequest::new("any/model", vec![Message::user("write a Dockerfile")]);
//!
//! let first = futures::executor::block_on(stack.complete(request.clone()));
//! assert!(matches!(first, Err(ModelError::Upstream { status: 503, .. })));
//! let second = futures::executor::block_on(stack.complete(request)).unwrap();
//! assert_eq!(second.content, "FROM rust:1.95-slim");
//! assert_eq!(second.model, "scripted/model");
//!
//! assert_eq!(client.requests().len(), 2);
//! assert_eq!(client.remaining(), 0);
//! ```

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};

use async_trait::async_trait;

use crate::model::{FinishReason, ModelClient, ModelError, ModelRequest, ModelResponse, Usage};

/// A [`ModelClient`] that returns queued results in order and remembers every request.
///
/// Clones share one queue and one request log, so a test keeps a handle while the client stack
/// owns a clone. When the queue is empty a call fails with [`ModelError::Config`] naming the
/// request, so a test that asks more than it scripted fails loudly.
#[derive(Debug, Clone, Default)]
pub struct ScriptedClient {
    state: Arc<Mutex<Script>>,
}

#[derive(Debug, Default)]
struct Script {
    queue: VecDeque<Result<ModelResponse, ModelError>>,
    requests: Vec<ModelRequest>,
    texts_pushed: u64,
}

impl ScriptedClient {
    /// A client with nothing scripted yet.
    pub fn new() -> Self {
        Self::default()
    }

    // A panicking test thread must not turn every later call into a second panic.
    fn script(&self) -> MutexGuard<'_, Script> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queue a successful answer with `content`: model `scripted/model`, id `gen-N` (N counts
    /// the texts queued, from 1), finish reason stop, usage 10 prompt + 20 completion = 30
    /// tokens.
    pub fn push_text(&self, content: impl Into<String>) -> &Self {
        let mut script = self.script();
        script.texts_pushed += 1;
        let response = ModelResponse {
            content: content.into(),
            model: "scripted/model".to_string(),
            id: format!("gen-{}", script.texts_pushed),
            finish_reason: FinishReason::Stop,
            usage: Usage {
                prompt_tokens: 10,
                completion_tokens: 20,
                total_tokens: 30,
                cost_usd: None,
            },
        };
        script.queue.push_back(Ok(response));
        self
    }

    /// Queue a response exactly as given.
    pub fn push_response(&self, response: ModelResponse) -> &Self {
        self.script().queue.push_back(Ok(response));
        self
    }

    /// Queue an error.
    pub fn push_error(&self, error: ModelError) -> &Self {
        self.script().queue.push_back(Err(error));
        self
    }

    /// Builder form of [`ScriptedClient::push_text`].
    pub fn with_text(self, content: impl Into<String>) -> Self {
        self.push_text(content);
        self
    }

    /// Builder form of [`ScriptedClient::push_response`].
    pub fn with_response(self, response: ModelResponse) -> Self {
        self.push_response(response);
        self
    }

    /// Builder form of [`ScriptedClient::push_error`].
    pub fn with_error(self, error: ModelError) -> Self {
        self.push_error(error);
        self
    }

    /// Every request received so far, in order (including those that found the queue empty).
    pub fn requests(&self) -> Vec<ModelRequest> {
        self.script().requests.clone()
    }

    /// How many scripted results are still queued.
    pub fn remaining(&self) -> usize {
        self.script().queue.len()
    }
}

#[async_trait]
impl ModelClient for ScriptedClient {
    async fn complete(&self, request: ModelRequest) -> Result<ModelResponse, ModelError> {
        let mut script = self.script();
        let result = script.queue.pop_front().unwrap_or_else(|| {
            Err(ModelError::Config(format!(
                "ScriptedClient: no scripted response left for {}",
                request.describe()
            )))
        });
        script.requests.push(request);
        result
    }
}
