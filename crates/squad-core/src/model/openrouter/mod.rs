//! The OpenRouter provider, which also speaks to any OpenAI-compatible server (a proxy,
//! Ollama, vLLM, a test server) by base URL.
//!
//! Built on async-openai's chat API with our own request/response types ("bring your own
//! types"): OpenRouter's `models` (fallback list), `provider` preferences and `usage.cost` are
//! not in async-openai's types. async-openai builds the URL, the `Authorization` header, the app
//! headers and the JSON body; the HTTP exchange runs on our own tower service, which does not
//! retry (the [`crate::model::retry`] decorator does) and keeps the status, `Retry-After` and
//! body of a failed call so that each failure becomes the right [`ModelError`]:
//!
//! | answer | error |
//! |---|---|
//! | 400 | [`ModelError::BadRequest`] |
//! | 401 | [`ModelError::Auth`] |
//! | 402 | [`ModelError::InsufficientCredits`] |
//! | 403 with moderation metadata (`reasons`, `flagged_input`) or a message that speaks of it | [`ModelError::Moderation`] (`error.metadata.reasons`) |
//! | any other 403 (a proxy, a key without access) | [`ModelError::Http`] with status 403 |
//! | 408 | [`ModelError::Timeout`] with `after: None` |
//! | 429 | [`ModelError::RateLimited`] (`Retry-After` as seconds or HTTP-date) |
//! | 5xx | [`ModelError::Upstream`] |
//! | other statuses (redirects are not followed) | [`ModelError::Http`] |
//! | 200 with an `error` object | [`ModelError::ErrorInBody`] |
//! | 200 that is not a completion object, or not JSON (its content type and start are quoted) | [`ModelError::InvalidJson`] |
//! | 200 with no choices | [`ModelError::NoChoices`] |
//! | `finish_reason: "length"` | [`ModelError::Truncated`] |
//! | no connection | [`ModelError::Network`] ([`ModelError::Timeout`] after [`CONNECT_TIMEOUT`]) |
//!
//! Error codes (numbers or strings) are kept as text. Messages come from the body, or from its
//! text (cut to 200 characters) or the status reason when it is not JSON. The API key is never
//! logged, never shown by `Debug`, and removed from any error message a server echoes it in.
//!
//! There is no overall deadline here (the [`crate::model::timeout`] decorator sets one); only
//! connecting is bounded, by [`CONNECT_TIMEOUT`].

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_openai::Client;
use async_openai::config::OpenAIConfig;
use async_openai::error::OpenAIError;
use async_trait::async_trait;
use reqwest::header::HeaderName;
use serde::Deserialize;
use serde_json::Value;

use crate::model::{FinishReason, ModelClient, ModelError, ModelRequest, ModelResponse, Usage};

mod config;
mod encode;
mod http;
mod reply;
mod wire;

pub use config::{ApiKey, DEFAULT_APP_TITLE, DEFAULT_BASE_URL, OpenRouterConfig};

use http::{ErrorDetails, HttpFailure, NotJson, SNIPPET_CHARS, redact, snippet};
use reply::{Choice, Choices, IntoValue, Loose, Message, Reply, Top};
use wire::{
    WireCompletion, WireRequest, WireUsage, as_amount, as_count, as_text, content_text, into_text,
    text_of,
};

/// How long connecting to the server may take before the call fails.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A [`ModelClient`] for OpenRouter or any OpenAI-compatible chat completions server.
///
/// Cheap to clone (the connection pool is shared). `Debug` shows the base URL and app headers,
/// never the key.
#[derive(Clone)]
pub struct OpenRouterClient {
    client: Client<OpenAIConfig>,
    api_key: ApiKey,
    base_url: String,
    app_url: Option<String>,
    app_title: Option<String>,
    /// Shared by clones, like the connection pool.
    system_texts: Arc<encode::SystemTexts>,
}

impl fmt::Debug for OpenRouterClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OpenRouterClient")
            .field("base_url", &self.base_url)
            .field("app_url", &self.app_url)
            .field("app_title", &self.app_title)
            .field("api_key", &self.api_key)
            .finish()
    }
}

impl OpenRouterClient {
    /// A client for `config`, after [`OpenRouterConfig::validate`]. No request is sent.
    pub fn new(config: OpenRouterConfig) -> Result<Self, ModelError> {
        config.validate()?;
        // A key pasted with a trailing newline or space would be refused by the server.
        let api_key = ApiKey::new(config.api_key.expose().trim());
        let base_url = config.base_url.trim().trim_end_matches('/').to_string();
        let http = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            // A redirected POST would be replayed as a GET; say where to point instead.
            .redirect(reqwest::redirect::Policy::none())
            // Retrying is the retry decorator's job, with backoff and a deadline. reqwest's own
            // policy retries only HTTP/2 and HTTP/3 refusals, which this HTTP/1 build never
            // sees, yet copies every request's headers and extensions in case it might; with
            // no retries allowed it keeps no copy.
            .retry(reqwest::retry::never().max_retries_per_request(0))
            .user_agent(concat!("devops-squad/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ModelError::Config(format!("could not create the HTTP client: {e}")))?;

        // Org/project are emptied so OPENAI_ORG_ID / OPENAI_PROJECT_ID from the environment are
        // never sent to another provider.
        let mut openai = OpenAIConfig::new()
            .with_api_key(api_key.expose())
            .with_api_base(base_url.as_str())
            .with_org_id("")
            .with_project_id("");
        fn header_error(name: &'static str) -> impl Fn(OpenAIError) -> ModelError {
            move |_| ModelError::Config(format!("the {name} header value is invalid"))
        }
        if let Some(app_url) = &config.app_url {
            openai = openai
                .with_header(HeaderName::from_static("http-referer"), app_url.as_bytes())
                .map_err(header_error("HTTP-Referer (SQUAD_APP_URL)"))?;
        }
        if let Some(title) = &config.app_title {
            for name in ["x-openrouter-title", "x-title"] {
                openai = openai
                    .with_header(HeaderName::from_static(name), title.as_bytes())
                    .map_err(header_error("title (SQUAD_APP_TITLE)"))?;
            }
        }

        let transport = http::transport(http.clone(), api_key.expose().to_string());
        let client = Client::build(http, openai).with_http_service(transport);
        Ok(Self {
            client,
            api_key,
            base_url,
            app_url: config.app_url,
            app_title: config.app_title,
            system_texts: Arc::default(),
        })
    }

    /// A client configured from the environment ([`OpenRouterConfig::from_env`]); `Ok(None)`
    /// when `OPENROUTER_API_KEY` is not set (offline mode).
    pub fn from_env() -> Result<Option<Self>, ModelError> {
        OpenRouterConfig::from_env()?.map(Self::new).transpose()
    }

    /// The API root requests go to (without a trailing slash).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    fn map_error(&self, error: OpenAIError) -> ModelError {
        let secret = self.api_key.expose();
        match error {
            OpenAIError::Boxed(boxed) => match boxed.downcast::<HttpFailure>() {
                Ok(failure) => failure.into_error(),
                Err(other) => match other.downcast::<NotJson>() {
                    Ok(not_json) => ModelError::InvalidJson {
                        detail: format!("{not_json}; {}", body_preview(&not_json.body)),
                    },
                    Err(other) => match other.downcast::<reqwest::Error>() {
                        Ok(e) => http::transport_error(&e, CONNECT_TIMEOUT),
                        Err(other) => ModelError::Network(other.to_string()),
                    },
                },
            },
            OpenAIError::Reqwest(e) => http::transport_error(&e, CONNECT_TIMEOUT),
            OpenAIError::JSONDeserialize(e, body) => ModelError::InvalidJson {
                detail: format!(
                    "{}; {}",
                    snippet(&e.to_string(), SNIPPET_CHARS),
                    body_preview(&redact(&body, secret))
                ),
            },
            // Our transport answers every non-2xx itself; kept for completeness.
            OpenAIError::ApiError(response) => HttpFailure {
                status: response.status_code,
                retry_after: None,
                location: None,
                body: serde_json::json!({ "error": {
                    "message": response.api_error.message,
                    "code": response.api_error.code,
                }})
                .to_string(),
            }
            .into_error(),
            OpenAIError::InvalidArgument(message) => ModelError::Config(message),
            other => ModelError::Network(other.to_string()),
        }
    }
}

#[async_trait]
impl ModelClient for OpenRouterClient {
    async fn complete(&self, request: ModelRequest) -> Result<ModelResponse, ModelError> {
        self.complete_ref(&request).await
    }

    async fn complete_ref(&self, request: &ModelRequest) -> Result<ModelResponse, ModelError> {
        let started = Instant::now();
        let wire = WireRequest::new(request, &self.system_texts).map_err(|e| {
            ModelError::Config(format!("the request could not be written as JSON: {e}"))
        })?;
        tracing::debug!(
            model = %request.model,
            fallbacks = request.fallback_models.len(),
            messages = request.messages.len(),
            base_url = %self.base_url,
            "chat completion request"
        );
        // The body is read in one pass into a `Reply`, which accepts any JSON.
        let outcome = match self.client.chat().create_byot::<_, Reply>(&wire).await {
            Ok(reply) => read_reply(reply, &request.model, self.api_key.expose()),
            Err(error) => Err(self.map_error(error)),
        }
        .map_err(|e| redact_error(e, self.api_key.expose()));
        let elapsed_ms = started.elapsed().as_millis();
        match &outcome {
            Ok(response) => tracing::debug!(
                model = %response.model,
                id = %response.id,
                prompt_tokens = response.usage.prompt_tokens,
                completion_tokens = response.usage.completion_tokens,
                cost_usd = response.usage.cost_usd,
                elapsed_ms,
                "chat completion answered"
            ),
            Err(error) => tracing::debug!(
                model = %request.model,
                %error,
                elapsed_ms,
                "chat completion failed"
            ),
        }
        outcome
    }
}

/// Turn a 200 body into a response, or the error it describes.
fn read_reply(
    reply: Reply,
    requested_model: &str,
    secret: &str,
) -> Result<ModelResponse, ModelError> {
    match reply {
        Loose::Typed(top) => match ordinary_finish(&top) {
            Some(finish_reason) => Ok(ordinary_completion(top, finish_reason, requested_model)),
            None => interpret(top.into_value(), requested_model, secret),
        },
        other => interpret(other.into_value(), requested_model, secret),
    }
}

/// The finish reason of `top` when [`interpret`] would read it as a successful answer from the
/// first choice's message: no error member, every choice an object whose message is absent,
/// null or an object, and a first choice with a message whose content is a string or null,
/// which did not stop for an error or at the token limit. `None` for anything else.
fn ordinary_finish(top: &Top) -> Option<FinishReason> {
    if top.error.as_ref().is_some_and(|e| !e.is_null()) {
        return None;
    }
    let Some(Loose::Typed(Choices(choices))) = &top.choices else {
        return None;
    };
    let every_choice_readable = choices.iter().all(|choice| match choice {
        Loose::Typed(choice) => matches!(
            choice.message,
            None | Some(Loose::Typed(_)) | Some(Loose::Other(Value::Null))
        ),
        Loose::Other(_) => false,
    });
    let Some(Loose::Typed(first)) = choices.first() else {
        return None;
    };
    let Some(Loose::Typed(message)) = &first.message else {
        return None;
    };
    let content = match &message.content {
        None | Some(Value::Null) => "",
        Some(Value::String(s)) => s.as_str(),
        Some(_) => return None,
    };
    if !every_choice_readable || first.error.as_ref().is_some_and(|e| !e.is_null()) {
        return None;
    }
    let reason = text_of(first.finish_reason.as_ref());
    if reason.as_deref() == Some("error") {
        return None;
    }
    Some(finish_reason(reason.as_deref(), content)).filter(|r| *r != FinishReason::Length)
}

/// The response of an ordinary successful completion (see [`ordinary_finish`], which gave
/// `finish_reason`), taken from the typed parts without building a `Value` tree. Every value
/// is computed by the same helpers [`interpret`] uses, so the two agree (a property test holds
/// them together).
fn ordinary_completion(
    top: Top,
    finish_reason: FinishReason,
    requested_model: &str,
) -> ModelResponse {
    let Top {
        id,
        model,
        choices,
        usage,
        ..
    } = top;
    // The first choice's message content; `ordinary_finish` made sure it is a string or none.
    let content = match choices {
        Some(Loose::Typed(Choices(choices))) => match choices.into_iter().next() {
            Some(Loose::Typed(Choice {
                message:
                    Some(Loose::Typed(Message {
                        content: Some(Value::String(s)),
                        ..
                    })),
                ..
            })) => s,
            _ => String::new(),
        },
        _ => String::new(),
    };
    // As the lenient reading does: a `usage` that is not an object counts as none given.
    let usage = match usage {
        Some(Loose::Typed(usage)) => usage_of(
            as_count(usage.prompt_tokens.as_ref()),
            as_count(usage.completion_tokens.as_ref()),
            as_count(usage.total_tokens.as_ref()),
            as_amount(usage.cost.as_ref()),
        ),
        Some(Loose::Other(other)) => wire_usage(Some(other)),
        None => wire_usage(None),
    };
    ModelResponse {
        content,
        model: into_text(model).unwrap_or_else(|| requested_model.to_string()),
        id: into_text(id).unwrap_or_default(),
        finish_reason,
        usage,
    }
}

/// A choice's finish reason: the provider's own (not blank, not `error`, which the callers
/// handle), or `stop` for an answer that gives none.
fn finish_reason(reason: Option<&str>, content: &str) -> FinishReason {
    match reason {
        Some(reason) => FinishReason::parse(reason),
        None if !content.is_empty() => FinishReason::Stop,
        None => FinishReason::Other("unknown".to_string()),
    }
}

/// Usage from the counts a body gave: missing counts are 0, a missing total is their sum, a
/// cost that is not a finite number is unknown.
fn usage_of(
    prompt_tokens: Option<u64>,
    completion_tokens: Option<u64>,
    total_tokens: Option<u64>,
    cost_usd: Option<f64>,
) -> Usage {
    let prompt_tokens = prompt_tokens.unwrap_or(0);
    let completion_tokens = completion_tokens.unwrap_or(0);
    Usage {
        prompt_tokens,
        completion_tokens,
        total_tokens: total_tokens.unwrap_or(prompt_tokens.saturating_add(completion_tokens)),
        cost_usd: cost_usd.filter(|c| c.is_finite()),
    }
}

/// Turn a 200 body into a response, or the error it describes (the lenient reading).
fn interpret(
    body: Value,
    requested_model: &str,
    secret: &str,
) -> Result<ModelResponse, ModelError> {
    let invalid = |what: String, body: &Value| ModelError::InvalidJson {
        detail: format!(
            "{what}; {}",
            body_preview(&redact(&body.to_string(), secret))
        ),
    };
    let Value::Object(object) = &body else {
        return Err(invalid(
            format!("expected a chat completion object, got {}", kind(&body)),
            &body,
        ));
    };
    if let Some(error) = object.get("error").filter(|e| !e.is_null()) {
        return Err(error_in_body(error, secret));
    }
    let completion = WireCompletion::deserialize(&body)
        .map_err(|e| invalid(snippet(&e.to_string(), SNIPPET_CHARS), &body))?;
    let Some(choice) = completion.choices.and_then(|c| c.into_iter().next()) else {
        return Err(ModelError::NoChoices);
    };
    if let Some(error) = choice.error.as_ref().filter(|e| !e.is_null()) {
        return Err(error_in_body(error, secret));
    }
    let content = match (&choice.message, &choice.text) {
        (Some(message), _) => match &message.content {
            None | Some(Value::Null) => String::new(),
            Some(value) => content_text(value).ok_or_else(|| {
                invalid(
                    format!("choices[0].message.content is {}", kind(value)),
                    &body,
                )
            })?,
        },
        (None, Some(Value::String(text))) => text.clone(),
        (None, _) => return Err(invalid("choices[0] has no message".to_string(), &body)),
    };
    let reason = as_text(choice.finish_reason.as_ref());
    if reason.as_deref() == Some("error") {
        return Err(ModelError::ErrorInBody {
            code: None,
            message: "the provider stopped with finish_reason=error".to_string(),
        });
    }
    let finish_reason = finish_reason(reason.as_deref(), &content);
    if finish_reason == FinishReason::Length {
        return Err(ModelError::Truncated { partial: content });
    }
    Ok(ModelResponse {
        content,
        model: as_text(completion.model.as_ref()).unwrap_or_else(|| requested_model.to_string()),
        id: as_text(completion.id.as_ref()).unwrap_or_default(),
        finish_reason,
        usage: wire_usage(completion.usage),
    })
}

/// Usage from a body's `usage` value; one that does not read as usage counts as none given.
fn wire_usage(usage: Option<Value>) -> Usage {
    let usage = usage
        .and_then(|u| WireUsage::deserialize(&u).ok())
        .unwrap_or_default();
    usage_of(
        as_count(usage.prompt_tokens.as_ref()),
        as_count(usage.completion_tokens.as_ref()),
        as_count(usage.total_tokens.as_ref()),
        as_amount(usage.cost.as_ref()),
    )
}

/// The error of a 200 body's (or choice's) `error` value.
fn error_in_body(error: &Value, secret: &str) -> ModelError {
    // Redact before the message is cut, so no part of an echoed key survives the cut.
    let error = serde_json::from_str::<Value>(&redact(&error.to_string(), secret))
        .unwrap_or_else(|_| error.clone());
    let details = ErrorDetails::from_value(&serde_json::json!({ "error": error }));
    ModelError::ErrorInBody {
        code: details.code,
        message: details.message.unwrap_or_else(|| {
            let text = snippet(&error.to_string(), SNIPPET_CHARS);
            format!("the server reported an error without a message: {text}")
        }),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn body_preview(body: &str) -> String {
    if body.trim().is_empty() {
        "the body is empty".to_string()
    } else {
        format!("the body starts with: {}", snippet(body, SNIPPET_CHARS))
    }
}

/// `error` with the key removed from every message it carries.
fn redact_error(error: ModelError, secret: &str) -> ModelError {
    let r = |s: String| redact(&s, secret);
    match error {
        ModelError::BadRequest { code, message } => ModelError::BadRequest {
            code: code.map(r),
            message: r(message),
        },
        ModelError::Auth { message } => ModelError::Auth {
            message: r(message),
        },
        ModelError::InsufficientCredits { message } => ModelError::InsufficientCredits {
            message: r(message),
        },
        ModelError::Moderation { message, reasons } => ModelError::Moderation {
            message: r(message),
            reasons: reasons.into_iter().map(r).collect(),
        },
        ModelError::RateLimited {
            retry_after,
            message,
        } => ModelError::RateLimited {
            retry_after,
            message: r(message),
        },
        ModelError::Upstream { status, message } => ModelError::Upstream {
            status,
            message: r(message),
        },
        ModelError::Http {
            status,
            code,
            message,
        } => ModelError::Http {
            status,
            code: code.map(r),
            message: r(message),
        },
        ModelError::ErrorInBody { code, message } => ModelError::ErrorInBody {
            code: code.map(r),
            message: r(message),
        },
        ModelError::InvalidJson { detail } => ModelError::InvalidJson { detail: r(detail) },
        ModelError::Truncated { partial } => ModelError::Truncated { partial },
        ModelError::Network(message) => ModelError::Network(r(message)),
        ModelError::Config(message) => ModelError::Config(r(message)),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::{Value, json};

    use super::{Loose, Reply, interpret, ordinary_completion, ordinary_finish, read_reply};

    /// `None` stands for "member absent". Most picks (85 in 100) give the ordinary value, the
    /// one a well-behaved server sends, so that many bodies take the fast reading and each odd
    /// value still shows up in hundreds of them.
    fn member(pick: usize, options: &[Option<Value>]) -> Option<Value> {
        options[ordinary(pick, options.len())].clone()
    }

    /// Index 0 for most picks, any index for the rest.
    fn ordinary(pick: usize, len: usize) -> usize {
        if pick < 85 { 0 } else { pick % len }
    }

    fn count_options() -> Vec<Option<Value>> {
        vec![
            Some(json!(12)),
            None,
            Some(Value::Null),
            Some(json!(0)),
            Some(json!(10.7)),
            Some(json!("12")),
            Some(json!(-1)),
        ]
    }

    fn body(picks: &[usize]) -> Value {
        let text_options = |s: &str| {
            vec![
                Some(json!(s)),
                None,
                Some(Value::Null),
                Some(json!("")),
                Some(json!("  ")),
                Some(json!(7)),
            ]
        };
        let content = member(
            picks[0],
            &[
                Some(json!("FROM scratch\n")),
                None,
                Some(Value::Null),
                Some(json!("")),
                Some(json!([{"type": "text", "text": "a"}, "b"])),
                Some(json!(5)),
            ],
        );
        let message = match ordinary(picks[1], 3) {
            1 => None,
            2 => Some(Value::Null),
            _ => Some(match content {
                Some(c) => json!({"role": "assistant", "content": c}),
                None => json!({"role": "assistant"}),
            }),
        };
        let finish = member(
            picks[2],
            &[
                Some(json!("stop")),
                None,
                Some(Value::Null),
                Some(json!("")),
                Some(json!("length")),
                Some(json!("error")),
                Some(json!("end_turn")),
                Some(json!("weird")),
                Some(json!(3)),
            ],
        );
        let mut choice = serde_json::Map::new();
        // Members neither reading looks at.
        choice.insert("index".to_string(), json!(0));
        choice.insert("logprobs".to_string(), Value::Null);
        for (name, value) in [
            ("message", message),
            ("finish_reason", finish),
            (
                "error",
                member(
                    picks[3],
                    &[None, Some(Value::Null), Some(json!({"message": "x"}))],
                ),
            ),
            (
                "text",
                member(picks[4], &[None, Some(json!("legacy text"))]),
            ),
        ] {
            if let Some(value) = value {
                choice.insert(name.to_string(), value);
            }
        }
        let choices = member(
            picks[5],
            &[
                Some(json!([Value::Object(choice.clone())])),
                None,
                Some(Value::Null),
                Some(json!([])),
                Some(json!([Value::Object(choice.clone()), {"message": 1}])),
                Some(json!("not a list")),
                Some(json!([Value::Object(choice.clone()), null])),
                Some(json!([Value::Object(choice.clone()), {"message": null}])),
            ],
        );
        let counts = count_options();
        let mut usage = serde_json::Map::new();
        for (i, name) in ["prompt_tokens", "completion_tokens", "total_tokens"]
            .into_iter()
            .enumerate()
        {
            if let Some(v) = member(picks[6 + i], &counts) {
                usage.insert(name.to_string(), v);
            }
        }
        if let Some(v) = member(
            picks[9],
            &[
                Some(json!(0.25)),
                None,
                Some(json!("0.1")),
                Some(Value::Null),
            ],
        ) {
            usage.insert("cost".to_string(), v);
        }
        let usage = match ordinary(picks[10], 4) {
            1 => None,
            2 => Some(Value::Null),
            3 => Some(json!("lots")),
            _ => Some(Value::Object(usage)),
        };
        let mut top = serde_json::Map::new();
        top.insert("object".to_string(), json!("chat.completion"));
        top.insert("created".to_string(), json!(1_700_000_000));
        for (name, value) in [
            ("id", member(picks[11], &text_options("gen-1"))),
            ("model", member(picks[12], &text_options("vendor/model"))),
            ("choices", choices),
            ("usage", usage),
            (
                "error",
                member(
                    picks[13],
                    &[
                        None,
                        Some(Value::Null),
                        Some(json!({"message": "boom", "code": 502})),
                    ],
                ),
            ),
        ] {
            if let Some(value) = value {
                top.insert(name.to_string(), value);
            }
        }
        match ordinary(picks[14], 4) {
            1 => json!([Value::Object(top)]),
            2 => json!("a string body"),
            3 => json!(42),
            _ => Value::Object(top),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// The fast reading of ordinary bodies never disagrees with the lenient one.
        #[test]
        fn fast_reading_agrees_with_lenient_reading(picks in proptest::collection::vec(0usize..100, 15)) {
            let body = body(&picks);
            let text = body.to_string();
            let lenient = interpret(body.clone(), "asked/model", "sk-or-v1-not-a-key");
            // Any JSON reads as a Reply: async-openai never sees a body it cannot read.
            let reply = |text: &str| serde_json::from_str::<Reply>(text).expect("any JSON is a Reply");
            if let Loose::Typed(top) = reply(&text)
                && let Some(finish_reason) = ordinary_finish(&top)
            {
                let fast = ordinary_completion(top, finish_reason, "asked/model");
                prop_assert_eq!(Some(&fast), lenient.as_ref().ok(), "{}", text);
            }
            let read = read_reply(reply(&text), "asked/model", "sk-or-v1-not-a-key");
            prop_assert_eq!(format!("{read:?}"), format!("{lenient:?}"));
        }
    }

    #[test]
    fn an_ordinary_body_takes_the_fast_reading() {
        let text = json!({
            "id": "gen-1", "model": "vendor/model",
            "choices": [{"message": {"role": "assistant", "content": "hi \"there\""}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5, "cost": 0.001}
        })
        .to_string();
        let Ok(Loose::Typed(top)) = serde_json::from_str::<Reply>(&text) else {
            panic!("an object reads as one");
        };
        let finish_reason = ordinary_finish(&top).expect("an ordinary body");
        let response = ordinary_completion(top, finish_reason, "asked");
        assert_eq!(response.content, "hi \"there\"");
        assert_eq!(response.id, "gen-1");
        assert_eq!(response.usage.total_tokens, 5);
        assert_eq!(response.usage.cost_usd, Some(0.001));
    }
}
