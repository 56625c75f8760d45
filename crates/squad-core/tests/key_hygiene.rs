//! The API key never shows up in logs, Debug output or error messages, whatever the server
//! answers, through the whole standard stack.
#![allow(clippy::unwrap_used)]

use std::collections::HashMap;

use squad_core::config::Settings;
use squad_core::model::{Message, ModelRequest, RetryPolicy};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[path = "support/logs.rs"]
mod logs;
use logs::capture_logs;

#[tokio::test]
async fn the_key_is_absent_from_logs_debug_and_errors() {
    let key = format!("sk-or-v1-{}", "0123456789abcdef0123456789abcdefEXAMPLE");
    let (logs, _guard) = capture_logs();

    let server = MockServer::start().await;
    // The server echoes the key back in its error, as some proxies do.
    Mock::given(method("POST"))
        .and(path("/chat/completions"))
        .respond_with(
            ResponseTemplate::new(503)
                .set_body_json(serde_json::json!({"error": {"code": 503, "message": format!("upstream down for {key}")}})),
        )
        .mount(&server)
        .await;

    let vars: HashMap<&str, String> = HashMap::from([
        ("OPENROUTER_API_KEY", key.clone()),
        ("OPENROUTER_BASE_URL", server.uri()),
    ]);
    let mut settings = Settings::from_vars(|k| vars.get(k).cloned()).unwrap();
    settings.retry = RetryPolicy {
        max_attempts: 2,
        base_delay: std::time::Duration::from_millis(1),
        jitter: false,
        ..RetryPolicy::default()
    };
    let client = settings.client().unwrap().unwrap();
    let err = client
        .complete(ModelRequest::new(
            "test/model",
            vec![Message::user("hello")],
        ))
        .await
        .unwrap_err();

    assert!(
        !format!("{settings:?}").contains(&key),
        "settings Debug leaks the key"
    );
    assert!(
        !format!("{client:?}").contains(&key),
        "client Debug leaks the key"
    );
    assert!(
        !err.to_string().contains(&key),
        "error Display leaks the key: {err}"
    );
    assert!(
        !format!("{err:?}").contains(&key),
        "error Debug leaks the key"
    );
    let logs = logs.text();
    assert!(
        logs.contains("503") || logs.contains("retry"),
        "the retry was logged: {logs}"
    );
    assert!(!logs.contains(&key), "logs leak the key: {logs}");
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        2,
        "the 503 was retried once"
    );
}
