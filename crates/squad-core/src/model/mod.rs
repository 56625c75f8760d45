//! The model layer: one normalized request in, one normalized response out.
//!
//! Provider wire types never cross the [`ModelClient`] trait. Decorators wrap an inner client
//! and implement the same trait, keeping the typed [`ModelError`]. The documented order of
//! composition, outermost first, is:
//!
//! ```text
//! Cassette (record/replay) -> Cache -> Retry (total deadline) -> Fallback -> Timeout (per attempt) -> provider
//! ```
//!
//! The cassette sits outside so a replay never reaches the network; the cache sits outside retry
//! so a hit costs nothing; timeout is per attempt so retry can try again after a slow answer.

use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

mod error;
pub use error::ModelError;

pub mod cache;
pub mod cassette;
pub mod fallback;
pub mod openrouter;
pub mod retry;
pub mod timeout;

pub use cache::{CacheClient, ResponseCache};
pub use cassette::{CassetteClient, CassetteMode};
pub use fallback::FallbackClient;
pub use retry::{RetryClient, RetryPolicy};
pub use timeout::TimeoutClient;

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Instructions that frame the conversation.
    System,
    /// The caller.
    User,
    /// The model.
    Assistant,
}

/// One message of a conversation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Message {
    /// Who wrote it.
    pub role: Role,
    /// Its text.
    pub content: String,
}

impl Message {
    /// A system message.
    pub fn system(content: impl Into<String>) -> Self {
        Self {
            role: Role::System,
            content: content.into(),
        }
    }
    /// A user message.
    pub fn user(content: impl Into<String>) -> Self {
        Self {
            role: Role::User,
            content: content.into(),
        }
    }
    /// An assistant message.
    pub fn assistant(content: impl Into<String>) -> Self {
        Self {
            role: Role::Assistant,
            content: content.into(),
        }
    }
}

/// Ask the model for JSON that follows a schema (OpenAI/OpenRouter `response_format`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonSchemaFormat {
    /// A short name for the schema.
    pub name: String,
    /// The JSON Schema the answer must follow.
    pub schema: serde_json::Value,
    /// Whether the provider must follow the schema strictly.
    pub strict: bool,
}

/// OpenRouter provider routing preferences (the `provider` object of a request).
///
/// Every field is optional; unset fields are not sent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProviderPreferences {
    /// Providers to try, in order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<Vec<String>>,
    /// Whether other providers may serve the request when those in `order` fail.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_fallbacks: Option<bool>,
    /// Only use providers that support every parameter of the request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub require_parameters: Option<bool>,
    /// `"allow"` or `"deny"` providers that may store prompts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_collection: Option<String>,
    /// Providers never to use.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ignore: Option<Vec<String>>,
    /// Sort providers by `"price"`, `"throughput"` or `"latency"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
}

/// A normalized completion request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelRequest {
    /// The model id, e.g. `anthropic/claude-sonnet-4.5`.
    pub model: String,
    /// Models OpenRouter may fall back to, in order (sent as `models`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fallback_models: Vec<String>,
    /// The conversation.
    pub messages: Vec<Message>,
    /// Sampling temperature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temperature: Option<f32>,
    /// Upper bound on completion tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_tokens: Option<u32>,
    /// Ask for JSON following a schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_format: Option<JsonSchemaFormat>,
    /// OpenRouter provider routing preferences.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<ProviderPreferences>,
}

impl ModelRequest {
    /// A request for `model` with `messages` and no other option set.
    pub fn new(model: impl Into<String>, messages: Vec<Message>) -> Self {
        Self {
            model: model.into(),
            fallback_models: Vec::new(),
            messages,
            temperature: None,
            max_tokens: None,
            response_format: None,
            provider: None,
        }
    }

    /// A stable hex digest of everything in the request that can change the answer.
    ///
    /// Used as the cache key and the cassette key: two requests with the same digest are the
    /// same question.
    pub fn digest(&self) -> String {
        use sha2::{Digest, Sha256};
        // serde_json writes struct fields in declaration order, so this is deterministic.
        // It cannot fail for these types; should it ever, hash the Debug form rather than
        // collapse every request onto one key.
        let bytes = serde_json::to_vec(self).unwrap_or_else(|_| format!("{self:?}").into_bytes());
        hex::encode(Sha256::digest(&bytes))
    }

    /// A short description for error messages: the model and the start of the last user message.
    pub fn describe(&self) -> String {
        let last = self
            .messages
            .iter()
            .rev()
            .find(|m| m.role == Role::User)
            .map(|m| m.content.as_str())
            .unwrap_or("");
        let first_line = last
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .trim();
        let mut short: String = first_line.chars().take(80).collect();
        if first_line.chars().count() > 80 {
            short.push('…');
        }
        format!("model {} with prompt \"{}\"", self.model, short)
    }
}

/// Why the model stopped.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FinishReason {
    /// It finished its answer.
    Stop,
    /// It hit the token limit (the answer is cut).
    Length,
    /// A content filter stopped it.
    ContentFilter,
    /// It asked for a tool call.
    ToolCalls,
    /// Another reason, as the provider named it.
    Other(String),
}

impl FinishReason {
    /// Parse a provider's `finish_reason` string.
    pub fn parse(s: &str) -> Self {
        match s {
            "stop" | "end_turn" | "eos" => Self::Stop,
            "length" | "max_tokens" => Self::Length,
            "content_filter" => Self::ContentFilter,
            "tool_calls" | "function_call" => Self::ToolCalls,
            other => Self::Other(other.to_string()),
        }
    }
}

/// Tokens and money spent on one or more calls.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Usage {
    /// Tokens in the prompt.
    pub prompt_tokens: u64,
    /// Tokens in the completion.
    pub completion_tokens: u64,
    /// Both.
    pub total_tokens: u64,
    /// Cost in US dollars, when the provider reported it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_usd: Option<f64>,
}

impl std::ops::AddAssign for Usage {
    fn add_assign(&mut self, rhs: Self) {
        // Saturating: a hostile server's token counts must not panic a debug build.
        self.prompt_tokens = self.prompt_tokens.saturating_add(rhs.prompt_tokens);
        self.completion_tokens = self.completion_tokens.saturating_add(rhs.completion_tokens);
        self.total_tokens = self.total_tokens.saturating_add(rhs.total_tokens);
        self.cost_usd = match (self.cost_usd, rhs.cost_usd) {
            (None, None) => None,
            (a, b) => Some(a.unwrap_or(0.0) + b.unwrap_or(0.0)),
        };
    }
}

/// A normalized completion response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelResponse {
    /// The text of the first choice.
    pub content: String,
    /// The model that answered (may differ from the one asked when a fallback served it).
    pub model: String,
    /// The provider's generation id.
    pub id: String,
    /// Why the model stopped.
    pub finish_reason: FinishReason,
    /// Tokens and cost.
    pub usage: Usage,
}

/// A model client: one normalized request in, one normalized response out.
///
/// Object-safe: hold it as `Arc<dyn ModelClient>`. Implementations must not panic on any input
/// or any response body.
#[async_trait]
pub trait ModelClient: Send + Sync + fmt::Debug {
    /// Send one request and wait for its answer.
    async fn complete(&self, request: ModelRequest) -> Result<ModelResponse, ModelError>;

    /// [`Self::complete`] for a borrowed request. The default copies the request and calls
    /// `complete`, so an implementation needs only that one. This crate's clients and
    /// decorators read the request in place, so that it goes through the whole stack, and
    /// through every retry, without a copy; the generator calls this one.
    async fn complete_ref(&self, request: &ModelRequest) -> Result<ModelResponse, ModelError> {
        self.complete(request.clone()).await
    }
}

#[async_trait]
impl<T: ModelClient + ?Sized> ModelClient for Arc<T> {
    async fn complete(&self, request: ModelRequest) -> Result<ModelResponse, ModelError> {
        (**self).complete(request).await
    }
    async fn complete_ref(&self, request: &ModelRequest) -> Result<ModelResponse, ModelError> {
        (**self).complete_ref(request).await
    }
}

#[async_trait]
impl<T: ModelClient + ?Sized> ModelClient for Box<T> {
    async fn complete(&self, request: ModelRequest) -> Result<ModelResponse, ModelError> {
        (**self).complete(request).await
    }
    async fn complete_ref(&self, request: &ModelRequest) -> Result<ModelResponse, ModelError> {
        (**self).complete_ref(request).await
    }
}
