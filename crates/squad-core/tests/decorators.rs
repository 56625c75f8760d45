//! Behaviour of the model decorators (timeout, retry, fallback, cache, cassette) over the
//! scripted test client. Time is tokio's paused clock: no test really sleeps.
#![allow(clippy::unwrap_used)]

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use squad_core::model::cache::{CacheClient, ResponseCache};
use squad_core::model::cassette::{CassetteClient, CassetteMode};
use squad_core::model::fallback::FallbackClient;
use squad_core::model::retry::{RetryClient, RetryPolicy};
use squad_core::model::timeout::TimeoutClient;
use squad_core::model::{Message, ModelClient, ModelError, ModelRequest, ModelResponse};
use squad_core::testkit::ScriptedClient;
use tokio::time::Instant;

// ---------------------------------------------------------------- helpers

fn request(prompt: &str) -> ModelRequest {
    ModelRequest::new("primary/model", vec![Message::user(prompt)])
}

fn upstream(message: &str) -> ModelError {
    ModelError::Upstream {
        status: 503,
        message: message.to_string(),
    }
}

fn auth() -> ModelError {
    ModelError::Auth {
        message: "invalid key".to_string(),
    }
}

fn no_jitter(max_attempts: u32, base: Duration) -> RetryPolicy {
    RetryPolicy {
        max_attempts,
        base_delay: base,
        max_delay: Duration::from_secs(30),
        total_deadline: Duration::from_secs(120),
        jitter: false,
    }
}

fn models_asked(client: &ScriptedClient) -> Vec<String> {
    client.requests().into_iter().map(|r| r.model).collect()
}

/// Waits the next scripted delay (on tokio's clock) before letting the inner client answer.
#[derive(Debug)]
struct Delayed {
    inner: ScriptedClient,
    delays: Mutex<VecDeque<Duration>>,
}

impl Delayed {
    fn new(inner: ScriptedClient, delays: &[Duration]) -> Self {
        Self {
            inner,
            delays: Mutex::new(delays.iter().copied().collect()),
        }
    }
}

#[async_trait]
impl ModelClient for Delayed {
    async fn complete(&self, request: ModelRequest) -> Result<ModelResponse, ModelError> {
        let delay = self
            .delays
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .pop_front()
            .unwrap_or_default();
        tokio::time::sleep(delay).await;
        self.inner.complete(request).await
    }
}

/// Remembers when (on tokio's clock) each call started.
#[derive(Debug, Clone)]
struct Timed {
    inner: ScriptedClient,
    calls: Arc<Mutex<Vec<Instant>>>,
}

impl Timed {
    fn new(inner: ScriptedClient) -> Self {
        Self {
            inner,
            calls: Arc::default(),
        }
    }

    /// The time between consecutive calls.
    fn gaps(&self) -> Vec<Duration> {
        let calls = self.calls.lock().unwrap_or_else(|e| e.into_inner());
        calls.windows(2).map(|w| w[1] - w[0]).collect()
    }
}

#[async_trait]
impl ModelClient for Timed {
    async fn complete(&self, request: ModelRequest) -> Result<ModelResponse, ModelError> {
        self.calls
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(Instant::now());
        self.inner.complete(request).await
    }
}

// ---------------------------------------------------------------- scripted client

#[tokio::test]
async fn scripted_client_answers_in_order_then_names_the_unscripted_request() {
    let client = ScriptedClient::new().with_text("one").with_text("two");
    assert_eq!(client.remaining(), 2);

    let first = client.complete(request("first")).await.unwrap();
    let second = client.complete(request("second")).await.unwrap();
    assert_eq!(
        (first.content.as_str(), first.id.as_str()),
        ("one", "gen-1")
    );
    assert_eq!(
        (second.content.as_str(), second.id.as_str()),
        ("two", "gen-2")
    );
    assert_eq!(first.usage.total_tokens, 30);

    let err = client
        .complete(request("a third question"))
        .await
        .unwrap_err();
    match err {
        ModelError::Config(message) => {
            assert!(message.contains("ScriptedClient"), "{message}");
            assert!(message.contains("a third question"), "{message}");
        }
        other => panic!("expected a Config error, got {other:?}"),
    }
    assert_eq!(client.requests().len(), 3);
}

// ---------------------------------------------------------------- timeout

#[tokio::test(start_paused = true)]
async fn timeout_fires_when_the_inner_client_is_slow() {
    let slow = Delayed::new(
        ScriptedClient::new().with_text("too late"),
        &[Duration::from_secs(60)],
    );
    let client = TimeoutClient::new(slow, Duration::from_secs(5));

    let started = Instant::now();
    let err = client.complete(request("hello")).await.unwrap_err();

    assert_eq!(
        err,
        ModelError::Timeout {
            after: Some(Duration::from_secs(5))
        }
    );
    assert_eq!(started.elapsed(), Duration::from_secs(5));
    assert!(err.to_string().contains("5.0s"), "{err}");
}

#[tokio::test(start_paused = true)]
async fn timeout_lets_a_timely_answer_through() {
    let slow = Delayed::new(
        ScriptedClient::new().with_text("in time"),
        &[Duration::from_secs(4)],
    );
    let client = TimeoutClient::new(slow, Duration::from_secs(5));

    let response = client.complete(request("hello")).await.unwrap();
    assert_eq!(response.content, "in time");
}

#[tokio::test(start_paused = true)]
async fn retry_tries_again_after_a_per_attempt_timeout() {
    let scripted = ScriptedClient::new().with_text("answer");
    let slow_then_fast = Delayed::new(
        scripted.clone(),
        &[Duration::from_secs(60), Duration::from_millis(10)],
    );
    let client = RetryClient::new(
        TimeoutClient::new(slow_then_fast, Duration::from_secs(5)),
        no_jitter(3, Duration::from_millis(100)),
    );

    let started = Instant::now();
    let response = client.complete(request("hello")).await.unwrap();

    assert_eq!(response.content, "answer");
    // The slow attempt was dropped at 5s, before it reached the scripted client.
    assert_eq!(scripted.requests().len(), 1);
    assert_eq!(started.elapsed(), Duration::from_millis(5110));
}

// ---------------------------------------------------------------- retry

#[tokio::test(start_paused = true)]
async fn retry_succeeds_after_two_503s() {
    let scripted = ScriptedClient::new()
        .with_error(upstream("overloaded"))
        .with_error(upstream("still overloaded"))
        .with_text("finally");
    let client = RetryClient::new(scripted.clone(), RetryPolicy::default());

    let response = client.complete(request("hello")).await.unwrap();

    assert_eq!(response.content, "finally");
    assert_eq!(scripted.requests().len(), 3);
    assert!(scripted.requests().iter().all(|r| *r == request("hello")));
}

#[tokio::test(start_paused = true)]
async fn retry_does_not_retry_a_401() {
    let scripted = ScriptedClient::new().with_error(auth()).with_text("unused");
    let client = RetryClient::new(scripted.clone(), RetryPolicy::default());

    let started = Instant::now();
    let err = client.complete(request("hello")).await.unwrap_err();

    assert_eq!(err, auth());
    assert_eq!(scripted.requests().len(), 1);
    assert_eq!(started.elapsed(), Duration::ZERO);
}

#[tokio::test(start_paused = true)]
async fn retry_waits_at_least_the_retry_after_the_server_asked_for() {
    let scripted = ScriptedClient::new()
        .with_error(ModelError::RateLimited {
            retry_after: Some(Duration::from_secs(7)),
            message: "slow down".to_string(),
        })
        .with_text("ok");
    let client = RetryClient::new(scripted.clone(), no_jitter(4, Duration::from_millis(100)));

    let started = Instant::now();
    let response = client.complete(request("hello")).await.unwrap();
    let elapsed = started.elapsed();

    assert_eq!(response.content, "ok");
    assert!(elapsed >= Duration::from_secs(7), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(8), "{elapsed:?}");
}

#[tokio::test(start_paused = true)]
async fn retry_backoff_doubles_between_attempts() {
    let scripted = ScriptedClient::new();
    for i in 0..4 {
        scripted.push_error(upstream(&format!("failure {i}")));
    }
    scripted.push_text("ok");
    let timed = Timed::new(scripted.clone());
    let client = RetryClient::new(timed.clone(), no_jitter(5, Duration::from_millis(100)));

    client.complete(request("hello")).await.unwrap();

    let gaps: Vec<u128> = timed.gaps().iter().map(Duration::as_millis).collect();
    assert_eq!(gaps, [100, 200, 400, 800]);
}

#[tokio::test(start_paused = true)]
async fn retry_with_jitter_waits_between_half_and_full_backoff() {
    let scripted = ScriptedClient::new();
    for i in 0..3 {
        scripted.push_error(upstream(&format!("failure {i}")));
    }
    scripted.push_text("ok");
    let timed = Timed::new(scripted);
    let policy = RetryPolicy {
        jitter: true,
        ..no_jitter(4, Duration::from_secs(1))
    };
    let client = RetryClient::new(timed.clone(), policy);

    client.complete(request("hello")).await.unwrap();

    for (gap, full) in timed.gaps().into_iter().zip([1000, 2000, 4000]) {
        let full = Duration::from_millis(full);
        assert!(gap >= full / 2 && gap <= full, "{gap:?} vs {full:?}");
    }
}

#[tokio::test(start_paused = true)]
async fn retry_returns_the_last_error_when_attempts_run_out() {
    let scripted = ScriptedClient::new()
        .with_error(upstream("first"))
        .with_error(upstream("second"))
        .with_error(upstream("third"))
        .with_text("never reached");
    let client = RetryClient::new(scripted.clone(), no_jitter(3, Duration::from_millis(100)));

    let err = client.complete(request("hello")).await.unwrap_err();

    assert_eq!(err, upstream("third"));
    assert_eq!(scripted.requests().len(), 3);
    assert_eq!(scripted.remaining(), 1);
}

#[tokio::test(start_paused = true)]
async fn retry_stops_before_the_total_deadline_without_a_pointless_sleep() {
    let scripted = ScriptedClient::new();
    for i in 1..=10 {
        scripted.push_error(upstream(&format!("failure {i}")));
    }
    let policy = RetryPolicy {
        total_deadline: Duration::from_millis(2500),
        ..no_jitter(10, Duration::from_secs(1))
    };
    let client = RetryClient::new(scripted.clone(), policy);

    let started = Instant::now();
    let err = client.complete(request("hello")).await.unwrap_err();

    // Attempt 1 at 0s, wait 1s, attempt 2 at 1s; waiting 2s more would end at 3s > 2.5s.
    assert_eq!(err, upstream("failure 2"));
    assert_eq!(scripted.requests().len(), 2);
    assert_eq!(started.elapsed(), Duration::from_secs(1));
}

#[tokio::test(start_paused = true)]
async fn retry_gives_up_when_retry_after_passes_the_deadline() {
    let limited = ModelError::RateLimited {
        retry_after: Some(Duration::from_secs(600)),
        message: "come back later".to_string(),
    };
    let scripted = ScriptedClient::new()
        .with_error(limited.clone())
        .with_text("unused");
    let client = RetryClient::new(scripted.clone(), RetryPolicy::default());

    let started = Instant::now();
    let err = client.complete(request("hello")).await.unwrap_err();

    assert_eq!(err, limited);
    assert_eq!(started.elapsed(), Duration::ZERO);
}

// ---------------------------------------------------------------- fallback

#[tokio::test]
async fn fallback_moves_to_the_next_model_on_503() {
    let scripted = ScriptedClient::new()
        .with_error(upstream("primary down"))
        .with_text("from b");
    let client = FallbackClient::new(scripted.clone(), vec!["b".into(), "c".into()]);
    let mut asked = request("hello");
    asked.temperature = Some(0.3);
    asked.max_tokens = Some(512);

    let response = client.complete(asked.clone()).await.unwrap();

    assert_eq!(response.content, "from b");
    assert_eq!(models_asked(&scripted), ["primary/model", "b"]);
    // Only the model changes.
    let second = &scripted.requests()[1];
    assert_eq!(
        ModelRequest {
            model: asked.model.clone(),
            ..second.clone()
        },
        asked
    );
}

#[tokio::test]
async fn fallback_does_not_move_on_after_a_401() {
    let scripted = ScriptedClient::new().with_error(auth()).with_text("unused");
    let client = FallbackClient::new(scripted.clone(), vec!["b".into(), "c".into()]);

    let err = client.complete(request("hello")).await.unwrap_err();

    assert_eq!(err, auth());
    assert_eq!(models_asked(&scripted), ["primary/model"]);
}

#[tokio::test]
async fn fallback_names_every_model_when_all_fail() {
    let scripted = ScriptedClient::new()
        .with_error(upstream("a down"))
        .with_error(ModelError::Truncated {
            partial: "FROM".to_string(),
        })
        .with_error(upstream("c down"));
    let client = FallbackClient::new(scripted.clone(), vec!["b".into(), "c".into()]);

    let err = client.complete(request("hello")).await.unwrap_err();

    match &err {
        ModelError::AllModelsFailed { tried, last } => {
            assert_eq!(tried, "primary/model, b, c");
            assert_eq!(**last, upstream("c down"));
        }
        other => panic!("expected AllModelsFailed, got {other:?}"),
    }
    assert!(err.to_string().contains("primary/model, b, c"), "{err}");
    // Retry outside the fallback still sees a retryable error.
    assert!(err.is_retryable());
}

#[tokio::test]
async fn fallback_tries_each_model_once_and_is_transparent_alone() {
    let scripted = ScriptedClient::new()
        .with_error(upstream("down"))
        .with_error(upstream("b down"))
        .with_error(upstream("alone"));
    let client = FallbackClient::new(
        scripted.clone(),
        vec!["primary/model".into(), "b".into(), "b".into()],
    );
    let err = client.complete(request("hello")).await.unwrap_err();
    assert!(
        matches!(&err, ModelError::AllModelsFailed { tried, .. } if tried == "primary/model, b"),
        "{err:?}"
    );

    let alone = FallbackClient::new(scripted.clone(), Vec::new());
    assert_eq!(
        alone.complete(request("hello")).await.unwrap_err(),
        upstream("alone")
    );
    assert_eq!(
        models_asked(&scripted),
        ["primary/model", "b", "primary/model"]
    );
}

// ---------------------------------------------------------------- cache

#[tokio::test]
async fn cache_hit_returns_the_same_response_without_calling_again() {
    let scripted = ScriptedClient::new().with_text("cached answer");
    let client = CacheClient::new(scripted.clone(), ResponseCache::memory());

    let first = client.complete(request("hello")).await.unwrap();
    let second = client.complete(request("hello")).await.unwrap();

    assert_eq!(first, second);
    assert_eq!(scripted.requests().len(), 1);
    assert_eq!((client.hits(), client.misses()), (1, 1));
}

#[tokio::test]
async fn cache_misses_when_the_temperature_differs() {
    let scripted = ScriptedClient::new().with_text("cold").with_text("warm");
    let client = CacheClient::new(scripted.clone(), ResponseCache::memory());
    let mut cold = request("hello");
    cold.temperature = Some(0.0);
    let mut warm = request("hello");
    warm.temperature = Some(0.7);

    assert_eq!(client.complete(cold).await.unwrap().content, "cold");
    assert_eq!(client.complete(warm).await.unwrap().content, "warm");
    assert_eq!(scripted.requests().len(), 2);
    assert_eq!((client.hits(), client.misses()), (0, 2));
}

#[tokio::test]
async fn cache_does_not_keep_errors() {
    let scripted = ScriptedClient::new()
        .with_error(upstream("down"))
        .with_text("ok");
    let client = CacheClient::new(scripted.clone(), ResponseCache::memory());

    assert!(client.complete(request("hello")).await.is_err());
    assert_eq!(
        client.complete(request("hello")).await.unwrap().content,
        "ok"
    );
    assert_eq!(scripted.requests().len(), 2);
}

#[tokio::test]
async fn dir_cache_survives_a_new_client() {
    let dir = tempfile::tempdir().unwrap();
    let cache_dir = dir.path().join("cache");
    let first_run = ScriptedClient::new().with_text("remembered");
    let first = CacheClient::new(first_run, ResponseCache::with_dir(&cache_dir));
    let answer = first.complete(request("hello")).await.unwrap();
    assert!(
        cache_dir
            .join(format!("{}.json", request("hello").digest()))
            .is_file()
    );

    let second_run = ScriptedClient::new();
    let second = CacheClient::new(second_run.clone(), ResponseCache::with_dir(&cache_dir));
    assert_eq!(second.complete(request("hello")).await.unwrap(), answer);
    assert!(second_run.requests().is_empty());
    assert_eq!(second.hits(), 1);
    // No temporary file is left behind.
    let files: Vec<_> = std::fs::read_dir(&cache_dir).unwrap().collect();
    assert_eq!(files.len(), 1);
}

#[tokio::test]
async fn corrupt_cache_file_is_a_miss_and_gets_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir
        .path()
        .join(format!("{}.json", request("hello").digest()));
    std::fs::write(&file, b"{ not json").unwrap();

    let scripted = ScriptedClient::new().with_text("fresh");
    let client = CacheClient::new(scripted.clone(), ResponseCache::with_dir(dir.path()));
    assert_eq!(
        client.complete(request("hello")).await.unwrap().content,
        "fresh"
    );
    assert_eq!((client.hits(), client.misses()), (0, 1));
    assert_eq!(scripted.requests().len(), 1);

    let later = CacheClient::new(ScriptedClient::new(), ResponseCache::with_dir(dir.path()));
    assert_eq!(
        later.complete(request("hello")).await.unwrap().content,
        "fresh"
    );
}

// ---------------------------------------------------------------- cassette

#[tokio::test]
async fn cassette_replays_a_recording_without_an_inner_client() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/cassettes/hello.json");
    let scripted = ScriptedClient::new().with_text("recorded answer");
    let recorder = CassetteClient::record(scripted.clone(), &path).unwrap();
    assert_eq!(recorder.mode(), CassetteMode::Record);
    let recorded = recorder.complete(request("hello")).await.unwrap();

    let replay = CassetteClient::replay(&path).unwrap();
    assert_eq!(replay.mode(), CassetteMode::Replay);
    assert_eq!(replay.complete(request("hello")).await.unwrap(), recorded);
    assert_eq!(scripted.requests().len(), 1);

    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(file["version"], 1);
    assert_eq!(file["interactions"][0]["key"], request("hello").digest());
    assert_eq!(
        file["interactions"][0]["request"]["messages"][0]["content"],
        "hello"
    );
    assert_eq!(
        file["interactions"][0]["response"]["content"],
        "recorded answer"
    );
}

#[tokio::test]
async fn replay_miss_names_the_prompt() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cassette.json");
    let recorder =
        CassetteClient::record(ScriptedClient::new().with_text("answer"), &path).unwrap();
    recorder.complete(request("hello")).await.unwrap();

    let replay = CassetteClient::replay(&path).unwrap();
    let err = replay
        .complete(request("write a compose file for postgres"))
        .await
        .unwrap_err();

    match &err {
        ModelError::NotRecorded { cassette, request } => {
            assert_eq!(cassette, &path.display().to_string());
            assert!(
                request.contains("write a compose file for postgres"),
                "{request}"
            );
        }
        other => panic!("expected NotRecorded, got {other:?}"),
    }
    assert!(
        err.to_string().contains("SQUAD_CASSETTE_MODE=record"),
        "{err}"
    );
}

#[tokio::test]
async fn record_does_not_write_inner_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cassette.json");
    let scripted = ScriptedClient::new()
        .with_error(upstream("down"))
        .with_text("ok");
    let recorder = CassetteClient::record(scripted, &path).unwrap();

    assert_eq!(
        recorder.complete(request("fails")).await.unwrap_err(),
        upstream("down")
    );
    assert!(!path.exists());

    recorder.complete(request("works")).await.unwrap();
    let replay = CassetteClient::replay(&path).unwrap();
    assert!(matches!(
        replay.complete(request("fails")).await,
        Err(ModelError::NotRecorded { .. })
    ));
    assert_eq!(
        replay.complete(request("works")).await.unwrap().content,
        "ok"
    );
}

#[tokio::test]
async fn recording_the_same_request_again_replaces_it_and_keeps_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cassette.json");
    let first = CassetteClient::record(
        ScriptedClient::new().with_text("old").with_text("other"),
        &path,
    )
    .unwrap();
    first.complete(request("hello")).await.unwrap();
    first.complete(request("other")).await.unwrap();

    // A new recorder keeps what the file holds.
    let second = CassetteClient::record(ScriptedClient::new().with_text("new"), &path).unwrap();
    second.complete(request("hello")).await.unwrap();

    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(file["interactions"].as_array().unwrap().len(), 2);
    let replay = CassetteClient::replay(&path).unwrap();
    assert_eq!(
        replay.complete(request("hello")).await.unwrap().content,
        "new"
    );
    assert_eq!(
        replay.complete(request("other")).await.unwrap().content,
        "other"
    );
}

#[test]
fn replaying_a_missing_or_corrupt_cassette_is_a_config_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.json");
    let err = CassetteClient::replay(&missing).unwrap_err();
    assert!(
        matches!(&err, ModelError::Config(m) if m.contains("missing.json") && m.contains("does not exist")),
        "{err:?}"
    );

    let corrupt = dir.path().join("corrupt.json");
    std::fs::write(&corrupt, "[1, 2").unwrap();
    let err = CassetteClient::replay(&corrupt).unwrap_err();
    assert!(
        matches!(&err, ModelError::Config(m) if m.contains("corrupt.json") && m.contains("not a valid cassette")),
        "{err:?}"
    );

    let future = dir.path().join("future.json");
    std::fs::write(&future, r#"{"version": 2, "interactions": []}"#).unwrap();
    let err = CassetteClient::replay(&future).unwrap_err();
    assert!(
        matches!(&err, ModelError::Config(m) if m.contains("future.json") && m.contains("version 2")),
        "{err:?}"
    );

    // Recording must not overwrite a file it does not understand.
    let err = CassetteClient::record(ScriptedClient::new(), &corrupt).unwrap_err();
    assert!(matches!(err, ModelError::Config(_)), "{err:?}");
    assert_eq!(std::fs::read_to_string(&corrupt).unwrap(), "[1, 2");
}

// ---------------------------------------------------------------- the whole stack

#[tokio::test(start_paused = true)]
async fn the_documented_stack_composes_and_boxes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stack.json");
    let scripted = ScriptedClient::new()
        .with_error(upstream("primary down"))
        .with_error(upstream("fallback down"))
        .with_error(upstream("primary down again"))
        .with_text("served by the fallback");
    let stack: Box<dyn ModelClient> = Box::new(
        CassetteClient::record(
            CacheClient::new(
                RetryClient::new(
                    FallbackClient::new(
                        TimeoutClient::new(scripted.clone(), Duration::from_secs(30)),
                        vec!["fallback/model".into()],
                    ),
                    RetryPolicy::default(),
                ),
                ResponseCache::memory(),
            ),
            &path,
        )
        .unwrap(),
    );

    let response = stack.complete(request("hello")).await.unwrap();
    assert_eq!(response.content, "served by the fallback");
    assert_eq!(
        models_asked(&scripted),
        [
            "primary/model",
            "fallback/model",
            "primary/model",
            "fallback/model"
        ]
    );

    // A replay of the same run needs no client at all.
    let replay: Box<dyn ModelClient> = Box::new(CassetteClient::replay(&path).unwrap());
    assert_eq!(replay.complete(request("hello")).await.unwrap(), response);
}

// ---------------------------------------------------------------- borrowed requests

/// A client written with only `complete` (as users write theirs) still works under the
/// decorators when the stack is called with a borrowed request, retries included, and sees
/// the request exactly as given.
#[tokio::test(start_paused = true)]
async fn a_borrowed_request_reaches_a_by_value_client_unchanged_through_retries() {
    let scripted = ScriptedClient::new()
        .with_error(upstream("busy"))
        .with_text("done");
    let stack = RetryClient::new(
        FallbackClient::new(
            TimeoutClient::new(scripted.clone(), Duration::from_secs(5)),
            Vec::new(),
        ),
        no_jitter(3, Duration::from_millis(10)),
    );
    let mut asked = request("the question");
    asked.max_tokens = Some(99);
    let response = stack.complete_ref(&asked).await.unwrap();
    assert_eq!(response.content, "done");
    assert_eq!(scripted.requests(), vec![asked.clone(), asked]);
}
