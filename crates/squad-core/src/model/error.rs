//! Typed model errors: every failure a caller must tell apart.

use std::time::Duration;

/// Everything that can go wrong between a [`super::ModelRequest`] and its
/// [`super::ModelResponse`].
///
/// `status`, `code` and `message` are what the server said, kept as they came. Messages never
/// contain the API key.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ModelError {
    /// 400: the request is malformed or names an unknown model/parameter.
    #[error(
        "the model server rejected the request (HTTP 400{}): {message}. Check the model id and parameters",
        code_suffix(code)
    )]
    BadRequest {
        /// The provider's error code, when it gave one.
        code: Option<String>,
        /// The provider's message.
        message: String,
    },
    /// 401: the key is missing, wrong or revoked.
    #[error(
        "the model server refused the API key (HTTP 401): {message}. Set OPENROUTER_API_KEY to a valid key"
    )]
    Auth {
        /// The provider's message.
        message: String,
    },
    /// 402: the account has no credits left.
    #[error(
        "the account behind the API key has no credits left (HTTP 402): {message}. Add credits or use a free model"
    )]
    InsufficientCredits {
        /// The provider's message.
        message: String,
    },
    /// 403: the input was flagged by moderation.
    #[error("the input was flagged by moderation (HTTP 403): {message}")]
    Moderation {
        /// The provider's message.
        message: String,
        /// Why it was flagged, when the provider said (OpenRouter `metadata.reasons`).
        reasons: Vec<String>,
    },
    /// 408 from the server, or the client-side deadline passed.
    #[error("the model did not answer in time ({}): retry later or raise the timeout", timeout_origin(*after))]
    Timeout {
        /// The client-side limit that passed; `None` when the server answered 408.
        after: Option<Duration>,
    },
    /// 429: too many requests.
    #[error("rate limited by the model server (HTTP 429){}: {message}", retry_after_suffix(*retry_after))]
    RateLimited {
        /// How long the server asked us to wait (Retry-After), when it said.
        retry_after: Option<Duration>,
        /// The provider's message.
        message: String,
    },
    /// 502/503 (and other 5xx): the upstream model or provider is down or overloaded.
    #[error(
        "the model provider is unavailable (HTTP {status}): {message}. Retry later or add fallback models"
    )]
    Upstream {
        /// The HTTP status.
        status: u16,
        /// The provider's message.
        message: String,
    },
    /// Any other HTTP error status.
    #[error(
        "the model server answered HTTP {status}{}: {message}",
        code_suffix(code)
    )]
    Http {
        /// The HTTP status.
        status: u16,
        /// The provider's error code, when it gave one.
        code: Option<String>,
        /// The provider's message.
        message: String,
    },
    /// HTTP 200 whose body is an error object (OpenRouter does this when a provider fails
    /// mid-request).
    #[error(
        "the model server answered 200 with an error{}: {message}",
        code_suffix(code)
    )]
    ErrorInBody {
        /// The error code inside the body, when given.
        code: Option<String>,
        /// The message inside the body.
        message: String,
    },
    /// The body is not the JSON we expected.
    #[error("the model server's answer is not valid completion JSON: {detail}")]
    InvalidJson {
        /// What failed to parse, with the start of the body.
        detail: String,
    },
    /// The body has no choices.
    #[error("the model server answered with no choices")]
    NoChoices,
    /// The model hit the token limit: the answer is cut.
    #[error(
        "the answer was cut at the token limit (finish_reason=length); raise max_tokens or shorten the prompt"
    )]
    Truncated {
        /// What the model had written before the cut.
        partial: String,
    },
    /// The server could not be reached.
    #[error("could not reach the model server: {0}. Check OPENROUTER_BASE_URL and the network")]
    Network(String),
    /// Replay mode was asked for a request the cassette does not hold.
    #[error(
        "the cassette {cassette} has no recording for {request}; record it with SQUAD_CASSETTE_MODE=record"
    )]
    NotRecorded {
        /// The cassette file.
        cassette: String,
        /// The request, described by model and prompt.
        request: String,
    },
    /// The client is misconfigured (bad URL, header, cassette file...).
    #[error("model client configuration error: {0}")]
    Config(String),
    /// Every model of a fallback chain failed; the last error is kept.
    #[error("every model failed ({tried}); last error: {last}")]
    AllModelsFailed {
        /// The models tried, comma separated.
        tried: String,
        /// The error of the last one.
        last: Box<ModelError>,
    },
}

fn code_suffix(code: &Option<String>) -> String {
    code.as_ref()
        .map(|c| format!(", code {c}"))
        .unwrap_or_default()
}

fn timeout_origin(after: Option<Duration>) -> String {
    match after {
        Some(d) => format!("no answer within {:.1}s", d.as_secs_f64()),
        None => "the server answered HTTP 408".to_string(),
    }
}

fn retry_after_suffix(retry_after: Option<Duration>) -> String {
    retry_after
        .map(|d| format!(", retry after {}s", d.as_secs()))
        .unwrap_or_default()
}

impl ModelError {
    /// Whether trying the same request again may succeed.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Timeout { .. }
            | Self::RateLimited { .. }
            | Self::Upstream { .. }
            | Self::ErrorInBody { .. }
            | Self::Network(_) => true,
            Self::Http { status, .. } => *status >= 500,
            Self::AllModelsFailed { last, .. } => last.is_retryable(),
            _ => false,
        }
    }

    /// Whether another model might succeed where this one failed (used by the fallback
    /// decorator): everything retryable, plus a cut answer or a moderation refusal, which are
    /// model-specific, and a 400 (OpenRouter answers 400 for an unknown or retired model id).
    /// Auth, credits and configuration errors are the same for every model.
    pub fn is_model_specific(&self) -> bool {
        self.is_retryable()
            || matches!(
                self,
                Self::Truncated { .. }
                    | Self::Moderation { .. }
                    | Self::NoChoices
                    | Self::InvalidJson { .. }
            )
            || matches!(self, Self::BadRequest { .. })
    }

    /// How long the server asked us to wait, when it said.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::RateLimited { retry_after, .. } => *retry_after,
            Self::AllModelsFailed { last, .. } => last.retry_after(),
            _ => None,
        }
    }
}
