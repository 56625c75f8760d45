//! The OpenRouter provider against a local wiremock server (127.0.0.1, no network).

// `allow-unwrap-in-tests` covers #[test] functions only, not this file's helpers.
#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::time::Duration;

use serde_json::{Value, json};
use squad_core::model::openrouter::{ApiKey, DEFAULT_BASE_URL, OpenRouterClient, OpenRouterConfig};
use squad_core::model::{
    FinishReason, JsonSchemaFormat, Message, ModelClient, ModelError, ModelRequest, ModelResponse,
    ProviderPreferences,
};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[path = "support/logs.rs"]
mod logs;
use logs::capture_logs;

const KEY: &str = "sk-or-v1-test-SECRET-0123456789";

fn request() -> ModelRequest {
    ModelRequest::new(
        "anthropic/claude-sonnet-4.5",
        vec![
            Message::system("You write Dockerfiles."),
            Message::user("A Dockerfile for a Rust service"),
        ],
    )
}

fn config(server: &MockServer) -> OpenRouterConfig {
    OpenRouterConfig::new(KEY).with_base_url(server.uri())
}

fn client(server: &MockServer) -> OpenRouterClient {
    OpenRouterClient::new(config(server)).unwrap()
}

async fn server_with(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/chat/completions"))
        .respond_with(template)
        .mount(&server)
        .await;
    server
}

async fn answer(template: ResponseTemplate) -> Result<ModelResponse, ModelError> {
    let server = server_with(template).await;
    client(&server).complete(request()).await
}

async fn answer_error(template: ResponseTemplate) -> ModelError {
    answer(template).await.unwrap_err()
}

fn error_body(code: Value, message: &str) -> Value {
    json!({ "error": { "code": code, "message": message } })
}

fn completion(content: Value, finish_reason: Value) -> Value {
    json!({
        "id": "gen-123",
        "object": "chat.completion",
        "model": "anthropic/claude-sonnet-4.5",
        "choices": [{
            "index": 0,
            "message": { "role": "assistant", "content": content },
            "finish_reason": finish_reason
        }],
        "usage": { "prompt_tokens": 12, "completion_tokens": 5, "total_tokens": 17, "cost": 0.00042 }
    })
}

async fn only_request(server: &MockServer) -> wiremock::Request {
    let mut requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "exactly one HTTP request (no retry)");
    requests.remove(0)
}

fn header(request: &wiremock::Request, name: &str) -> Option<String> {
    request
        .headers
        .get(name)
        .map(|v| v.to_str().unwrap().to_string())
}

// ---------------------------------------------------------------- success

#[tokio::test]
async fn success_maps_content_model_id_finish_reason_and_usage() {
    let mut body = completion(json!("FROM rust:1.95"), json!("stop"));
    body["model"] = json!("anthropic/claude-sonnet-4.5:served-by-fallback");
    let response = answer(ResponseTemplate::new(200).set_body_json(body))
        .await
        .unwrap();
    assert_eq!(response.content, "FROM rust:1.95");
    assert_eq!(
        response.model,
        "anthropic/claude-sonnet-4.5:served-by-fallback"
    );
    assert_eq!(response.id, "gen-123");
    assert_eq!(response.finish_reason, FinishReason::Stop);
    assert_eq!(response.usage.prompt_tokens, 12);
    assert_eq!(response.usage.completion_tokens, 5);
    assert_eq!(response.usage.total_tokens, 17);
    assert_eq!(response.usage.cost_usd, Some(0.00042));
}

#[tokio::test]
async fn success_with_sparse_body_uses_defaults() {
    // No model, no id, no usage, null content, no finish_reason: an Ollama-like minimum.
    let body = json!({ "choices": [{ "message": { "role": "assistant", "content": null } }] });
    let response = answer(ResponseTemplate::new(200).set_body_json(body))
        .await
        .unwrap();
    assert_eq!(response.content, "");
    assert_eq!(response.model, "anthropic/claude-sonnet-4.5");
    assert_eq!(response.id, "");
    assert_eq!(response.usage.total_tokens, 0);
    assert_eq!(response.usage.cost_usd, None);

    let body = json!({
        "choices": [{ "message": { "content": "ok" } }],
        "usage": { "prompt_tokens": "3", "completion_tokens": 4.0 }
    });
    let response = answer(ResponseTemplate::new(200).set_body_json(body))
        .await
        .unwrap();
    assert_eq!(response.finish_reason, FinishReason::Stop);
    assert_eq!(response.usage.prompt_tokens, 3);
    assert_eq!(response.usage.completion_tokens, 4);
    assert_eq!(response.usage.total_tokens, 7);
}

#[tokio::test]
async fn malformed_usage_does_not_cost_the_answer() {
    let mut body = completion(json!("ok"), json!("stop"));
    body["usage"] = json!("lots");
    let response = answer(ResponseTemplate::new(200).set_body_json(body))
        .await
        .unwrap();
    assert_eq!(response.content, "ok");
    assert_eq!(response.usage, squad_core::model::Usage::default());
}

#[tokio::test]
async fn content_given_as_parts_is_joined() {
    let body = completion(
        json!([{ "type": "text", "text": "part one, " }, { "type": "text", "text": "part two" }]),
        json!("stop"),
    );
    let response = answer(ResponseTemplate::new(200).set_body_json(body))
        .await
        .unwrap();
    assert_eq!(response.content, "part one, part two");
}

#[tokio::test]
async fn other_finish_reasons_are_kept() {
    let body = completion(json!(""), json!("content_filter"));
    let response = answer(ResponseTemplate::new(200).set_body_json(body))
        .await
        .unwrap();
    assert_eq!(response.finish_reason, FinishReason::ContentFilter);
}

// ---------------------------------------------------------------- the request sent

#[tokio::test]
async fn request_carries_auth_app_headers_fallbacks_provider_and_schema() {
    let server = server_with(
        ResponseTemplate::new(200).set_body_json(completion(json!("{}"), json!("stop"))),
    )
    .await;
    let client = OpenRouterClient::new(
        config(&server)
            .with_app_url("https://squad.example")
            .with_app_title("Squad Test"),
    )
    .unwrap();
    let mut req = request();
    req.fallback_models = vec!["openai/gpt-5".into(), "google/gemini-2.5-pro".into()];
    req.temperature = Some(0.25);
    req.max_tokens = Some(900);
    req.provider = Some(ProviderPreferences {
        order: Some(vec!["anthropic".into(), "bedrock".into()]),
        allow_fallbacks: Some(false),
        data_collection: Some("deny".into()),
        ..Default::default()
    });
    req.response_format = Some(JsonSchemaFormat {
        name: "plan".into(),
        schema: json!({ "type": "object", "properties": { "steps": { "type": "array" } } }),
        strict: true,
    });
    client.complete(req).await.unwrap();

    let sent = only_request(&server).await;
    assert_eq!(sent.url.path(), "/chat/completions");
    assert_eq!(
        header(&sent, "authorization").as_deref(),
        Some(format!("Bearer {KEY}").as_str())
    );
    assert_eq!(
        header(&sent, "http-referer").as_deref(),
        Some("https://squad.example")
    );
    assert_eq!(
        header(&sent, "x-openrouter-title").as_deref(),
        Some("Squad Test")
    );
    assert_eq!(header(&sent, "x-title").as_deref(), Some("Squad Test"));
    assert_eq!(
        header(&sent, "content-type").as_deref(),
        Some("application/json")
    );

    let body: Value = sent.body_json().unwrap();
    assert_eq!(body["model"], "anthropic/claude-sonnet-4.5");
    assert_eq!(
        body["models"],
        json!([
            "anthropic/claude-sonnet-4.5",
            "openai/gpt-5",
            "google/gemini-2.5-pro"
        ])
    );
    assert_eq!(
        body["messages"],
        json!([
            { "role": "system", "content": "You write Dockerfiles." },
            { "role": "user", "content": "A Dockerfile for a Rust service" }
        ])
    );
    assert_eq!(body["temperature"], json!(0.25));
    assert_eq!(body["max_tokens"], json!(900));
    assert_eq!(
        body["provider"],
        json!({ "order": ["anthropic", "bedrock"], "allow_fallbacks": false, "data_collection": "deny" })
    );
    assert_eq!(
        body["response_format"],
        json!({
            "type": "json_schema",
            "json_schema": {
                "name": "plan",
                "schema": { "type": "object", "properties": { "steps": { "type": "array" } } },
                "strict": true
            }
        })
    );
    assert_eq!(body["usage"], json!({ "include": true }));
    assert_eq!(body["stream"], json!(false));
}

#[tokio::test]
async fn plain_request_sends_no_optional_fields_and_no_referer() {
    let server = server_with(
        ResponseTemplate::new(200).set_body_json(completion(json!("hi"), json!("stop"))),
    )
    .await;
    client(&server).complete(request()).await.unwrap();

    let sent = only_request(&server).await;
    assert_eq!(header(&sent, "http-referer"), None);
    assert_eq!(
        header(&sent, "x-openrouter-title").as_deref(),
        Some("devops-squad")
    );
    assert_eq!(header(&sent, "x-title").as_deref(), Some("devops-squad"));
    // async-openai's OpenAI-only headers must not leak to another provider.
    assert_eq!(header(&sent, "openai-organization"), None);
    assert_eq!(header(&sent, "openai-project"), None);

    let body: Value = sent.body_json().unwrap();
    let keys: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for absent in [
        "models",
        "provider",
        "response_format",
        "temperature",
        "max_tokens",
    ] {
        assert!(!keys.contains(&absent), "{absent} must not be sent: {body}");
    }
    assert_eq!(body["usage"]["include"], json!(true));
}

#[tokio::test]
async fn key_with_surrounding_whitespace_is_trimmed() {
    let server = server_with(
        ResponseTemplate::new(200).set_body_json(completion(json!("hi"), json!("stop"))),
    )
    .await;
    let client = OpenRouterClient::new(
        OpenRouterConfig::new(format!(" {KEY}\n")).with_base_url(server.uri()),
    )
    .unwrap();
    client.complete(request()).await.unwrap();
    let sent = only_request(&server).await;
    assert_eq!(
        header(&sent, "authorization").as_deref(),
        Some(format!("Bearer {KEY}").as_str())
    );
}

#[tokio::test]
async fn no_title_headers_when_title_disabled() {
    let server = server_with(
        ResponseTemplate::new(200).set_body_json(completion(json!("hi"), json!("stop"))),
    )
    .await;
    let client = OpenRouterClient::new(config(&server).without_app_title()).unwrap();
    client.complete(request()).await.unwrap();
    let sent = only_request(&server).await;
    assert_eq!(header(&sent, "x-openrouter-title"), None);
    assert_eq!(header(&sent, "x-title"), None);
}

#[tokio::test]
async fn base_url_with_path_and_trailing_slash() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v1/chat/completions"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(completion(json!("hi"), json!("stop"))),
        )
        .mount(&server)
        .await;
    let client = OpenRouterClient::new(
        OpenRouterConfig::new(KEY).with_base_url(format!("{}/api/v1/", server.uri())),
    )
    .unwrap();
    assert_eq!(client.base_url(), format!("{}/api/v1", server.uri()));
    assert_eq!(client.complete(request()).await.unwrap().content, "hi");
}

// ---------------------------------------------------------------- HTTP errors

#[tokio::test]
async fn status_400_with_numeric_code() {
    let error = answer_error(ResponseTemplate::new(400).set_body_json(error_body(
        json!(400),
        "anthropic/claude-x is not a valid model ID",
    )))
    .await;
    assert_eq!(
        error,
        ModelError::BadRequest {
            code: Some("400".into()),
            message: "anthropic/claude-x is not a valid model ID".into()
        }
    );
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn status_400_with_string_code_and_without_code() {
    let error = answer_error(
        ResponseTemplate::new(400)
            .set_body_json(error_body(json!("context_length_exceeded"), "too long")),
    )
    .await;
    assert_eq!(
        error,
        ModelError::BadRequest {
            code: Some("context_length_exceeded".into()),
            message: "too long".into()
        }
    );
    let error = answer_error(
        ResponseTemplate::new(400).set_body_json(json!({ "error": { "message": "bad" } })),
    )
    .await;
    assert_eq!(
        error,
        ModelError::BadRequest {
            code: None,
            message: "bad".into()
        }
    );
}

#[tokio::test]
async fn status_401_is_auth() {
    let error = answer_error(
        ResponseTemplate::new(401)
            .set_body_json(error_body(json!(401), "No auth credentials found")),
    )
    .await;
    assert_eq!(
        error,
        ModelError::Auth {
            message: "No auth credentials found".into()
        }
    );
    assert!(!error.is_retryable());
    assert!(!error.is_model_specific());
}

#[tokio::test]
async fn status_402_with_numeric_code_is_insufficient_credits() {
    let error = answer_error(
        ResponseTemplate::new(402)
            .set_body_json(json!({ "error": { "code": 402, "message": "Insufficient credits" } })),
    )
    .await;
    assert_eq!(
        error,
        ModelError::InsufficientCredits {
            message: "Insufficient credits".into()
        }
    );
}

#[tokio::test]
async fn status_403_is_moderation_with_reasons() {
    let error = answer_error(ResponseTemplate::new(403).set_body_json(json!({
        "error": {
            "code": 403,
            "message": "Input was flagged",
            "metadata": {
                "reasons": ["violence", "self-harm"],
                "flagged_input": "...",
                "model_slug": "openai/gpt-5"
            }
        }
    })))
    .await;
    assert_eq!(
        error,
        ModelError::Moderation {
            message: "Input was flagged".into(),
            reasons: vec!["violence".into(), "self-harm".into()]
        }
    );
}

#[tokio::test]
async fn status_403_without_metadata_has_no_reasons() {
    let error =
        answer_error(ResponseTemplate::new(403).set_body_json(error_body(json!(403), "flagged")))
            .await;
    assert_eq!(
        error,
        ModelError::Moderation {
            message: "flagged".into(),
            reasons: vec![]
        }
    );
}

#[tokio::test]
async fn status_403_that_is_not_moderation_is_a_plain_http_error() {
    // A proxy or a key without access to the route: nothing in the body speaks of moderation.
    let error = answer_error(ResponseTemplate::new(403).set_body_json(error_body(
        json!(403),
        "Key not allowed to access this route",
    )))
    .await;
    assert_eq!(
        error,
        ModelError::Http {
            status: 403,
            code: Some("403".into()),
            message: "Key not allowed to access this route".into()
        }
    );
    // Not something another model or a retry can fix.
    assert!(!error.is_model_specific() && !error.is_retryable());

    let error = answer_error(
        ResponseTemplate::new(403).set_body_raw("<html><h1>403 Forbidden</h1></html>", "text/html"),
    )
    .await;
    assert!(
        matches!(&error, ModelError::Http { status: 403, message, .. } if message.contains("Forbidden")),
        "{error:?}"
    );
}

#[tokio::test]
async fn status_403_with_only_the_flagged_input_is_moderation() {
    let error = answer_error(ResponseTemplate::new(403).set_body_json(json!({
        "error": {"code": 403, "message": "Request refused", "metadata": {"flagged_input": "..."}}
    })))
    .await;
    assert_eq!(
        error,
        ModelError::Moderation {
            message: "Request refused".into(),
            reasons: vec![]
        }
    );
}

#[tokio::test]
async fn status_408_is_server_timeout() {
    let error = answer_error(
        ResponseTemplate::new(408).set_body_json(error_body(json!(408), "Request timed out")),
    )
    .await;
    assert_eq!(error, ModelError::Timeout { after: None });
    assert!(error.is_retryable());
}

#[tokio::test]
async fn status_429_with_retry_after_seconds() {
    let server = server_with(
        ResponseTemplate::new(429)
            .insert_header("Retry-After", "7")
            .set_body_json(error_body(json!(429), "Rate limit exceeded")),
    )
    .await;
    let error = client(&server).complete(request()).await.unwrap_err();
    assert_eq!(
        error,
        ModelError::RateLimited {
            retry_after: Some(Duration::from_secs(7)),
            message: "Rate limit exceeded".into()
        }
    );
    assert_eq!(error.retry_after(), Some(Duration::from_secs(7)));
    assert!(error.is_retryable());
    // The provider itself never retries: that is the retry decorator's job.
    only_request(&server).await;
}

#[tokio::test]
async fn status_429_without_or_with_bad_retry_after() {
    let error =
        answer_error(ResponseTemplate::new(429).set_body_json(error_body(json!(429), "slow down")))
            .await;
    assert_eq!(
        error,
        ModelError::RateLimited {
            retry_after: None,
            message: "slow down".into()
        }
    );
    let error = answer_error(
        ResponseTemplate::new(429)
            .insert_header("Retry-After", "soon-ish")
            .set_body_json(error_body(json!(429), "slow down")),
    )
    .await;
    assert_eq!(error.retry_after(), None);
}

#[tokio::test]
async fn status_429_with_http_date_retry_after() {
    let future = answer_error(
        ResponseTemplate::new(429).insert_header("Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT"),
    )
    .await;
    assert!(future.retry_after().unwrap() > Duration::from_secs(365 * 24 * 3600));
    let past = answer_error(
        ResponseTemplate::new(429).insert_header("Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT"),
    )
    .await;
    assert_eq!(past.retry_after(), Some(Duration::ZERO));
    // Empty body: the message falls back to the status reason.
    assert!(
        matches!(&past, ModelError::RateLimited { message, .. } if message.contains("Too Many Requests")),
        "{past:?}"
    );
}

#[tokio::test]
async fn status_502_and_503_are_upstream() {
    for (status, message) in [
        (502, "provider returned error"),
        (503, "no provider available"),
    ] {
        let server = server_with(
            ResponseTemplate::new(status).set_body_json(error_body(json!(status), message)),
        )
        .await;
        let error = client(&server).complete(request()).await.unwrap_err();
        assert_eq!(
            error,
            ModelError::Upstream {
                status,
                message: message.into()
            }
        );
        assert!(error.is_retryable());
        only_request(&server).await;
    }
}

#[tokio::test]
async fn status_502_names_the_provider_from_metadata() {
    let error = answer_error(ResponseTemplate::new(502).set_body_json(json!({
        "error": { "code": 502, "message": "upstream error", "metadata": { "provider_name": "Together" } }
    })))
    .await;
    assert_eq!(
        error,
        ModelError::Upstream {
            status: 502,
            message: "upstream error (provider: Together)".into()
        }
    );
}

#[tokio::test]
async fn status_503_with_html_body() {
    let html = "<html>\n<head><title>503 Service Temporarily Unavailable</title></head>\n<body>\n<center><h1>503 Service Temporarily Unavailable</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n";
    let error = answer_error(ResponseTemplate::new(503).set_body_raw(html, "text/html")).await;
    let ModelError::Upstream { status, message } = &error else {
        panic!("expected Upstream, got {error:?}");
    };
    assert_eq!(*status, 503);
    assert!(
        message.starts_with("503 Service Temporarily Unavailable"),
        "{message}"
    );
    assert!(!message.contains('<'), "{message}");
    assert!(message.chars().count() <= 201, "{message}");
}

#[tokio::test]
async fn status_500_with_empty_or_long_text_body() {
    let error = answer_error(ResponseTemplate::new(500)).await;
    assert_eq!(
        error,
        ModelError::Upstream {
            status: 500,
            message: "Internal Server Error (empty body)".into()
        }
    );
    let error =
        answer_error(ResponseTemplate::new(504).set_body_string("gateway timeout ".repeat(500)))
            .await;
    let ModelError::Upstream {
        status: 504,
        message,
    } = &error
    else {
        panic!("expected Upstream 504, got {error:?}");
    };
    assert!(message.starts_with("gateway timeout gateway timeout"));
    assert!(message.ends_with('…'));
    assert_eq!(message.chars().count(), 201);
}

#[tokio::test]
async fn other_statuses_are_http() {
    let error = answer_error(
        ResponseTemplate::new(404).set_body_json(error_body(json!("not_found"), "No such route")),
    )
    .await;
    assert_eq!(
        error,
        ModelError::Http {
            status: 404,
            code: Some("not_found".into()),
            message: "No such route".into()
        }
    );
    // Ollama-style body.
    let error = answer_error(
        ResponseTemplate::new(422).set_body_json(json!({ "error": "model 'x' not found" })),
    )
    .await;
    assert_eq!(
        error,
        ModelError::Http {
            status: 422,
            code: None,
            message: "model 'x' not found".into()
        }
    );
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let server = server_with(
        ResponseTemplate::new(307).insert_header("Location", "https://elsewhere.example/v1"),
    )
    .await;
    let error = client(&server).complete(request()).await.unwrap_err();
    let ModelError::Http {
        status: 307,
        message,
        ..
    } = &error
    else {
        panic!("expected Http 307, got {error:?}");
    };
    assert!(
        message.contains("https://elsewhere.example/v1"),
        "{message}"
    );
    only_request(&server).await;
}

// ---------------------------------------------------------------- odd 200 bodies

#[tokio::test]
async fn ok_status_with_error_object_is_error_in_body() {
    let error = answer_error(
        ResponseTemplate::new(200)
            .set_body_json(json!({ "error": { "code": 502, "message": "provider down" } })),
    )
    .await;
    assert_eq!(
        error,
        ModelError::ErrorInBody {
            code: Some("502".into()),
            message: "provider down".into()
        }
    );
    assert!(error.is_retryable());
}

#[tokio::test]
async fn ok_status_with_error_in_choice_is_error_in_body() {
    let body = json!({
        "id": "gen-1",
        "choices": [{
            "message": { "content": "" },
            "finish_reason": "error",
            "error": { "code": "server_error", "message": "stream broke" }
        }]
    });
    let error = answer_error(ResponseTemplate::new(200).set_body_json(body)).await;
    assert_eq!(
        error,
        ModelError::ErrorInBody {
            code: Some("server_error".into()),
            message: "stream broke".into()
        }
    );
}

#[tokio::test]
async fn ok_status_with_invalid_json() {
    let error = answer_error(
        ResponseTemplate::new(200).set_body_raw("{\"choices\": [ oops", "application/json"),
    )
    .await;
    let ModelError::InvalidJson { detail } = &error else {
        panic!("expected InvalidJson, got {error:?}");
    };
    assert!(detail.contains("{\"choices\": [ oops"), "{detail}");
}

#[tokio::test]
async fn ok_status_with_an_html_page_is_invalid_json_and_its_body_is_not_logged() {
    let (logs, _guard) = capture_logs();
    // A captive portal or proxy login page, far longer than any message should carry.
    let page = format!(
        "<html><body>Please sign in to the proxy{}</body></html>",
        " MARKER-DEEP-IN-THE-PAGE".repeat(20_000)
    );
    let error = answer_error(ResponseTemplate::new(200).set_body_raw(page, "text/html")).await;
    let ModelError::InvalidJson { detail } = &error else {
        panic!("expected InvalidJson, got {error:?}");
    };
    assert!(detail.contains("text/html"), "{detail}");
    assert!(detail.contains("Please sign in to the proxy"), "{detail}");
    assert!(error.to_string().len() < 1_000, "{error}");
    // Our own debug line quotes the start of the page; the page itself (480 KB) stays out.
    let logged = logs.text();
    assert!(
        logged.len() < 5_000,
        "the page went into the logs: {} bytes of logs",
        logged.len()
    );
}

#[tokio::test]
async fn ok_status_with_json_labelled_as_text_is_still_read() {
    let body = completion(json!("FROM scratch"), json!("stop")).to_string();
    let response =
        answer(ResponseTemplate::new(200).set_body_raw(body, "text/plain; charset=utf-8"))
            .await
            .unwrap();
    assert_eq!(response.content, "FROM scratch");
    assert_eq!(response.usage.total_tokens, 17);
}

#[tokio::test]
async fn ok_status_with_empty_choices() {
    let body = json!({ "id": "gen-1", "model": "m", "choices": [] });
    let error = answer_error(ResponseTemplate::new(200).set_body_json(body)).await;
    assert_eq!(error, ModelError::NoChoices);
    let error = answer_error(ResponseTemplate::new(200).set_body_json(json!({ "id": "x" }))).await;
    assert_eq!(error, ModelError::NoChoices);
}

#[tokio::test]
async fn finish_reason_length_is_truncated() {
    let error = answer_error(ResponseTemplate::new(200).set_body_json(completion(
        json!("FROM rust:1.95\nRUN car"),
        json!("length"),
    )))
    .await;
    assert_eq!(
        error,
        ModelError::Truncated {
            partial: "FROM rust:1.95\nRUN car".into()
        }
    );
}

#[tokio::test]
async fn odd_bodies_never_panic_and_give_typed_errors() {
    let huge = "x".repeat(2_000_000);
    let huge_json_string = format!("\"{huge}\"");
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let bodies: Vec<(&str, String)> = vec![
        ("empty", String::new()),
        ("null", "null".into()),
        ("array", "[]".into()),
        ("number", "42".into()),
        ("choices null", r#"{"choices":null}"#.into()),
        ("empty choice", r#"{"choices":[{}]}"#.into()),
        ("choice null", r#"{"choices":[null]}"#.into()),
        ("choices object", r#"{"choices":{"a":1}}"#.into()),
        (
            "content number",
            r#"{"choices":[{"message":{"content":5}}]}"#.into(),
        ),
        ("error string", r#"{"error":"boom"}"#.into()),
        ("error number", r#"{"error":500}"#.into()),
        ("huge text", huge.clone()),
        ("huge json string", huge_json_string),
        ("deep nesting", deep),
        (
            "binary",
            String::from_utf8_lossy(&[0xff, 0xfe, 0x00, 0x01]).into_owned(),
        ),
        ("terminal escapes", "\u{1b}]0;pwned\u{7}\u{1b}[2J".into()),
        (
            "escapes in message",
            r#"{"error":{"message":"\u001b[31mred\u0000"}}"#.into(),
        ),
    ];
    for status in [200u16, 400, 403, 429, 503] {
        for (name, body) in &bodies {
            let result = answer(
                ResponseTemplate::new(status).set_body_raw(body.clone(), "application/json"),
            )
            .await;
            let error = match result {
                Ok(response) => {
                    // Only a well-formed choice may succeed.
                    assert_eq!(status, 200, "{name}: {response:?}");
                    continue;
                }
                Err(error) => error,
            };
            let shown = error.to_string();
            assert!(
                !shown.chars().any(char::is_control),
                "{name} ({status}): control characters in {shown:?}"
            );
            assert!(
                shown.len() < 2_000,
                "{name} ({status}): message too long: {} bytes",
                shown.len()
            );
            let expected_kind = match status {
                400 => matches!(error, ModelError::BadRequest { .. }),
                // None of these bodies speaks of moderation.
                403 => matches!(error, ModelError::Http { status: 403, .. }),
                429 => matches!(error, ModelError::RateLimited { .. }),
                503 => matches!(error, ModelError::Upstream { status: 503, .. }),
                _ => matches!(
                    error,
                    ModelError::InvalidJson { .. }
                        | ModelError::NoChoices
                        | ModelError::ErrorInBody { .. }
                ),
            };
            assert!(expected_kind, "{name} ({status}): {error:?}");
        }
    }
}

// ---------------------------------------------------------------- transport

#[tokio::test]
async fn connection_refused_is_network() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = OpenRouterClient::new(
        OpenRouterConfig::new(KEY).with_base_url(format!("http://127.0.0.1:{port}/api/v1")),
    )
    .unwrap();
    let error = client.complete(request()).await.unwrap_err();
    let ModelError::Network(message) = &error else {
        panic!("expected Network, got {error:?}");
    };
    assert!(message.contains(&port.to_string()), "{message}");
    assert!(error.is_retryable());
    assert!(!error.to_string().contains(KEY));
}

// ---------------------------------------------------------------- secrets

#[test]
fn debug_of_client_config_and_key_hides_the_key() {
    let config = OpenRouterConfig::new(KEY)
        .with_base_url("http://127.0.0.1:9/v1")
        .with_app_url("https://squad.example");
    let client = OpenRouterClient::new(config.clone()).unwrap();
    let shown_client = format!("{client:?}");
    let shown_config = format!("{config:?}");
    for shown in [&shown_client, &shown_config] {
        assert!(!shown.contains(KEY), "{shown}");
        assert!(!shown.contains("SECRET"), "{shown}");
    }
    assert!(
        shown_client.contains("http://127.0.0.1:9/v1"),
        "{shown_client}"
    );
    assert!(
        shown_client.contains("https://squad.example"),
        "{shown_client}"
    );
    assert!(shown_client.contains("devops-squad"), "{shown_client}");
    assert_eq!(format!("{:?}", ApiKey::new(KEY)), "ApiKey(****)");
    assert_eq!(ApiKey::new(KEY).to_string(), "ApiKey(****)");
    assert_eq!(ApiKey::new(KEY).expose(), KEY);
}

#[tokio::test]
async fn auth_errors_never_show_the_key_even_when_echoed() {
    let bodies = [
        error_body(json!(401), "No auth credentials found"),
        error_body(json!(401), &format!("Invalid API key: {KEY}")),
        json!({ "error": { "code": KEY, "message": format!("key {KEY} revoked") } }),
    ];
    for body in bodies {
        let error = answer_error(ResponseTemplate::new(401).set_body_json(body)).await;
        assert!(matches!(error, ModelError::Auth { .. }), "{error:?}");
        assert!(!error.to_string().contains(KEY), "{error}");
        assert!(!format!("{error:?}").contains(KEY), "{error:?}");
    }
    let error = answer_error(
        ResponseTemplate::new(200).set_body_string(format!("not json, your key is {KEY}")),
    )
    .await;
    assert!(matches!(error, ModelError::InvalidJson { .. }), "{error:?}");
    assert!(!error.to_string().contains(KEY), "{error}");
    // An echoed key straddling the cut of a long message leaves no fragment behind.
    let long = format!("{}{KEY}{}", "y".repeat(995), "z".repeat(50));
    let error = answer_error(
        ResponseTemplate::new(200).set_body_json(json!({ "error": { "message": long } })),
    )
    .await;
    assert!(matches!(error, ModelError::ErrorInBody { .. }), "{error:?}");
    assert!(!error.to_string().contains("sk-or"), "{error}");
    let error = answer_error(
        ResponseTemplate::new(401).set_body_json(json!({ "error": { "message": long } })),
    )
    .await;
    assert!(matches!(error, ModelError::Auth { .. }), "{error:?}");
    assert!(!error.to_string().contains("sk-or"), "{error}");
}

// ---------------------------------------------------------------- configuration

fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |name| map.get(name).cloned()
}

#[test]
fn config_from_vars_without_key_is_offline() {
    assert_eq!(OpenRouterConfig::from_vars(vars(&[])).unwrap(), None);
    assert_eq!(
        OpenRouterConfig::from_vars(vars(&[("OPENROUTER_API_KEY", "  ")])).unwrap(),
        None
    );
}

#[test]
fn config_from_vars_defaults_and_overrides() {
    let config = OpenRouterConfig::from_vars(vars(&[("OPENROUTER_API_KEY", "sk-1234\n")]))
        .unwrap()
        .unwrap();
    assert_eq!(config.api_key.expose(), "sk-1234");
    assert_eq!(config.base_url, DEFAULT_BASE_URL);
    assert_eq!(config.app_url, None);
    assert_eq!(config.app_title.as_deref(), Some("devops-squad"));
    assert_eq!(config, OpenRouterConfig::new("sk-1234"));

    let config = OpenRouterConfig::from_vars(vars(&[
        ("OPENROUTER_API_KEY", "sk-1234"),
        ("OPENROUTER_BASE_URL", "http://localhost:11434/v1"),
        ("SQUAD_APP_URL", "https://squad.example"),
        ("SQUAD_APP_TITLE", "My Squad"),
    ]))
    .unwrap()
    .unwrap();
    assert_eq!(config.base_url, "http://localhost:11434/v1");
    assert_eq!(config.app_url.as_deref(), Some("https://squad.example"));
    assert_eq!(config.app_title.as_deref(), Some("My Squad"));

    let config = OpenRouterConfig::from_vars(vars(&[
        ("OPENROUTER_API_KEY", "sk-1234"),
        ("SQUAD_APP_TITLE", ""),
    ]))
    .unwrap()
    .unwrap();
    assert_eq!(config.app_title, None);
}

#[test]
fn config_rejects_bad_base_urls_with_a_fix() {
    for bad in [
        "openrouter.ai/api/v1",
        "ftp://openrouter.ai/api/v1",
        "http://",
        "https://openrouter.ai/api/v1?x=1",
        "not a url",
    ] {
        let error = OpenRouterConfig::from_vars(vars(&[
            ("OPENROUTER_API_KEY", KEY),
            ("OPENROUTER_BASE_URL", bad),
        ]))
        .unwrap_err();
        let ModelError::Config(message) = &error else {
            panic!("{bad}: expected Config, got {error:?}");
        };
        assert!(message.contains("OPENROUTER_BASE_URL"), "{bad}: {message}");
        assert!(!message.contains(KEY));
        assert!(OpenRouterClient::new(OpenRouterConfig::new(KEY).with_base_url(bad)).is_err());
    }
    let error = OpenRouterClient::new(
        OpenRouterConfig::new(KEY).with_base_url("https://user:pw@openrouter.ai/api/v1"),
    )
    .unwrap_err();
    assert!(
        matches!(&error, ModelError::Config(m) if !m.contains("pw@")),
        "{error:?}"
    );
}

#[test]
fn config_rejects_keys_and_headers_that_cannot_be_sent() {
    let error = OpenRouterClient::new(OpenRouterConfig::new("sk-abc\ndef-SECRET")).unwrap_err();
    assert!(
        matches!(&error, ModelError::Config(m) if m.contains("OPENROUTER_API_KEY") && !m.contains("SECRET")),
        "{error:?}"
    );
    let error = OpenRouterClient::new(OpenRouterConfig::new("")).unwrap_err();
    assert!(matches!(&error, ModelError::Config(m) if m.contains("OPENROUTER_API_KEY")));
    let error = OpenRouterClient::new(OpenRouterConfig::new(KEY).with_app_title("bad\r\ntitle"))
        .unwrap_err();
    assert!(matches!(&error, ModelError::Config(m) if m.contains("SQUAD_APP_TITLE")));
    let error =
        OpenRouterClient::new(OpenRouterConfig::new(KEY).with_app_url("https://x\n")).unwrap_err();
    assert!(matches!(&error, ModelError::Config(m) if m.contains("SQUAD_APP_URL")));
    // A non-ASCII title is fine (sent as UTF-8 bytes).
    OpenRouterClient::new(OpenRouterConfig::new(KEY).with_app_title("Équipe DevOps")).unwrap();
}

#[test]
fn client_is_object_safe_behind_arc() {
    let client: std::sync::Arc<dyn ModelClient> =
        std::sync::Arc::new(OpenRouterClient::new(OpenRouterConfig::new(KEY)).unwrap());
    assert!(!format!("{client:?}").contains(KEY));
}
