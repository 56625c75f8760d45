//! Our own serde types for OpenRouter's chat completions body ("bring your own types").
//!
//! async-openai's types lack OpenRouter's `models`, `provider` and `usage.cost`, so the request
//! is ours, and the response is read leniently: fields whose type varies between servers
//! (numbers sent as strings, `content` as a list of parts, numeric error codes) are kept as
//! [`serde_json::Value`] and interpreted by hand, never indexed blindly.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::encode::{JsonText, SystemTexts, json_string};

use crate::model::{JsonSchemaFormat, ModelRequest, ProviderPreferences, Role};

/// The request body of `POST /chat/completions`.
#[derive(Debug, Serialize)]
pub(crate) struct WireRequest<'a> {
    model: &'a str,
    /// OpenRouter's ordered list of models to try: the primary, then the fallbacks.
    #[serde(skip_serializing_if = "Option::is_none")]
    models: Option<Vec<&'a str>>,
    messages: Vec<WireMessage>,
    #[serde(skip_serializing_if = "Option::is_none")]
    temperature: Option<f32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_tokens: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    response_format: Option<WireResponseFormat<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    provider: Option<&'a ProviderPreferences>,
    usage: WireUsageOption,
    stream: bool,
}

#[derive(Debug, Serialize)]
struct WireMessage {
    role: &'static str,
    /// Already written as a JSON string: see [`super::encode`].
    content: JsonText,
}

#[derive(Debug, Serialize)]
struct WireResponseFormat<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    json_schema: &'a JsonSchemaFormat,
}

#[derive(Debug, Serialize)]
struct WireUsageOption {
    include: bool,
}

impl<'a> WireRequest<'a> {
    /// The wire body for `request`; system texts are encoded through `system_texts`.
    pub(crate) fn new(
        request: &'a ModelRequest,
        system_texts: &SystemTexts,
    ) -> Result<Self, serde_json::Error> {
        let models = if request.fallback_models.is_empty() {
            None
        } else {
            let mut models: Vec<&str> = vec![request.model.as_str()];
            for fallback in &request.fallback_models {
                let fallback = fallback.as_str();
                if !fallback.trim().is_empty() && !models.contains(&fallback) {
                    models.push(fallback);
                }
            }
            Some(models)
        };
        Ok(Self {
            model: &request.model,
            models,
            messages: request
                .messages
                .iter()
                .map(|m| {
                    Ok(WireMessage {
                        role: match m.role {
                            Role::System => "system",
                            Role::User => "user",
                            Role::Assistant => "assistant",
                        },
                        content: match m.role {
                            Role::System => system_texts.encode(&m.content)?,
                            Role::User | Role::Assistant => {
                                JsonText::Owned(json_string(&m.content)?)
                            }
                        },
                    })
                })
                .collect::<Result<_, serde_json::Error>>()?,
            temperature: request.temperature,
            max_tokens: request.max_tokens,
            response_format: request
                .response_format
                .as_ref()
                .map(|schema| WireResponseFormat {
                    kind: "json_schema",
                    json_schema: schema,
                }),
            provider: request.provider.as_ref(),
            usage: WireUsageOption { include: true },
            stream: false,
        })
    }
}

/// A chat completion as read from a 200 body that is a JSON object without an `error`.
///
/// Every field is optional so that a missing one becomes a precise error (or a default) in the
/// provider instead of a parse failure.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct WireCompletion {
    #[serde(default)]
    pub(crate) id: Option<Value>,
    #[serde(default)]
    pub(crate) model: Option<Value>,
    #[serde(default)]
    pub(crate) choices: Option<Vec<WireChoice>>,
    /// Kept raw: a malformed `usage` must not cost a good answer.
    #[serde(default)]
    pub(crate) usage: Option<Value>,
}

/// One choice.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct WireChoice {
    #[serde(default)]
    pub(crate) message: Option<WireChoiceMessage>,
    /// Legacy completions put the text here.
    #[serde(default)]
    pub(crate) text: Option<Value>,
    #[serde(default)]
    pub(crate) finish_reason: Option<Value>,
    /// OpenRouter reports a provider failure inside the choice.
    #[serde(default)]
    pub(crate) error: Option<Value>,
}

/// The assistant message of a choice.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct WireChoiceMessage {
    /// A string, `null`, or a list of `{"type":"text","text":...}` parts.
    #[serde(default)]
    pub(crate) content: Option<Value>,
}

/// Token counts and cost; numbers may come as strings.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct WireUsage {
    #[serde(default)]
    pub(crate) prompt_tokens: Option<Value>,
    #[serde(default)]
    pub(crate) completion_tokens: Option<Value>,
    #[serde(default)]
    pub(crate) total_tokens: Option<Value>,
    /// OpenRouter's cost in credits (US dollars).
    #[serde(default)]
    pub(crate) cost: Option<Value>,
}

/// Text of a `content` value: a string, or the concatenated `text` of a list of parts.
pub(crate) fn content_text(content: &Value) -> Option<String> {
    match content {
        Value::String(s) => Some(s.clone()),
        Value::Array(parts) => {
            let mut out = String::new();
            for part in parts {
                match part {
                    Value::String(s) => out.push_str(s),
                    Value::Object(map) => {
                        if let Some(Value::String(s)) = map.get("text") {
                            out.push_str(s);
                        }
                    }
                    _ => {}
                }
            }
            Some(out)
        }
        _ => None,
    }
}

/// A count: a non-negative integer, a non-negative float (truncated), or a numeric string.
pub(crate) fn as_count(value: Option<&Value>) -> Option<u64> {
    match value? {
        Value::Number(n) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| f.is_finite() && *f >= 0.0)
                // Truncation is intended: token counts are whole numbers.
                .map(|f| f.min(u64::MAX as f64) as u64)
        }),
        Value::String(s) => s.trim().parse::<u64>().ok(),
        _ => None,
    }
}

/// An amount of money: a finite number or a numeric string.
pub(crate) fn as_amount(value: Option<&Value>) -> Option<f64> {
    let amount = match value? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    }?;
    amount.is_finite().then_some(amount)
}

/// A string or number as text; `null`, objects and empty strings give `None`.
pub(crate) fn as_text(value: Option<&Value>) -> Option<String> {
    text_of(value).map(Cow::into_owned)
}

/// [`as_text`], borrowing a string rather than copying it.
pub(crate) fn text_of(value: Option<&Value>) -> Option<Cow<'_, str>> {
    match value? {
        Value::String(s) => is_text(s).then_some(Cow::Borrowed(s.as_str())),
        Value::Number(n) => Some(Cow::Owned(n.to_string())),
        _ => None,
    }
}

/// [`as_text`] of a value the caller gives up: a string is moved, not copied.
pub(crate) fn into_text(value: Option<Value>) -> Option<String> {
    match value? {
        Value::String(s) => is_text(&s).then_some(s),
        other => text_of(Some(&other)).map(Cow::into_owned),
    }
}

/// Whether a string counts as text for [`as_text`]: it is not blank.
fn is_text(s: &str) -> bool {
    !s.trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Message;

    #[test]
    fn request_body_keeps_message_text_exact() {
        let text = "line one\n\t\"quoted\" \\ back\u{1} ctrl é€ \u{7f}";
        let system = format!("You are terse.\n{}", "A \"rule\".\n".repeat(60));
        let mut request = ModelRequest::new(
            "m/a",
            vec![Message::system(system.clone()), Message::user(text)],
        );
        request.max_tokens = Some(64);
        let cache = SystemTexts::default();
        for _ in 0..2 {
            let body = serde_json::to_string(&WireRequest::new(&request, &cache).expect("encodes"))
                .expect("serializes");
            let parsed: Value = serde_json::from_str(&body).expect("valid JSON");
            assert_eq!(parsed["messages"][0]["role"], "system");
            assert_eq!(parsed["messages"][0]["content"], system.as_str());
            assert_eq!(parsed["messages"][1]["role"], "user");
            assert_eq!(parsed["messages"][1]["content"], text);
            assert_eq!(parsed["max_tokens"], 64);
        }
    }

    #[test]
    fn moved_and_borrowed_text_agree() {
        use serde_json::json;
        let values = [
            json!("gen-1"),
            json!("  "),
            json!(""),
            json!(42),
            json!(2.5),
            json!(null),
            json!(true),
            json!({"id": "x"}),
            json!(["x"]),
        ];
        for value in values {
            let borrowed = as_text(Some(&value));
            assert_eq!(into_text(Some(value.clone())), borrowed, "{value}");
        }
        assert_eq!(as_text(Some(&json!(" gen-2 "))).as_deref(), Some(" gen-2 "));
        assert_eq!(as_text(Some(&json!(7))).as_deref(), Some("7"));
        assert_eq!(as_text(Some(&json!(" \t"))), None);
        assert_eq!(into_text(None), None);
    }
}
