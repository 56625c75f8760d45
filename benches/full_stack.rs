//! Calls per second through the full stack (prompt render, HTTP to a local server through the
//! standard decorator stack and the OpenRouter provider, artifact extraction, Dockerfile check)
//! beside raw async-openai calls to the same server with the same prompt.
//!
//! ```sh
//! cargo bench --bench full_stack
//! ```
//!
//! The server is a wiremock instance on 127.0.0.1 answering every call with a completion that
//! holds a clean Dockerfile, so no repair round runs: the figure is the overhead of one round.

use std::collections::HashMap;

use async_openai::config::OpenAIConfig;
use async_openai::types::chat::{
    ChatCompletionRequestSystemMessage, ChatCompletionRequestUserMessage,
    CreateChatCompletionRequestArgs,
};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use devops_squad::core::config::Settings;
use devops_squad::core::prompt::PromptVars;
use devops_squad::infra::dockerfile::baseline_dockerfile;
use devops_squad::infra::{InfrastructureEngineerAgent, Stack};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn completion_body() -> serde_json::Value {
    let content = format!(
        "Here is the Dockerfile.\n\n```dockerfile path=Dockerfile\n{}```\n",
        baseline_dockerfile(Stack::Node)
    );
    serde_json::json!({
        "id": "gen-bench",
        "object": "chat.completion",
        "created": 1,
        "model": "bench/model",
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": 900, "completion_tokens": 400, "total_tokens": 1300, "cost": 0.001}
    })
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let server = rt.block_on(async {
        // Recording would keep every request (5 KB each) for the whole run and slow the later
        // arms down: nothing here reads them back.
        let server = MockServer::builder()
            .disable_request_recording()
            .start()
            .await;
        Mock::given(method("POST"))
            .and(path("/chat/completions"))
            .respond_with(ResponseTemplate::new(200).set_body_json(completion_body()))
            .mount(&server)
            .await;
        server
    });

    let vars: HashMap<&str, String> = HashMap::from([
        ("OPENROUTER_API_KEY", "bench-not-a-key".to_string()),
        ("OPENROUTER_BASE_URL", server.uri()),
        ("SQUAD_MODEL", "bench/model".to_string()),
    ]);
    let settings = Settings::from_vars(|k| vars.get(k).cloned()).expect("settings");
    let generator = settings.generator(false).expect("generator");
    let agent = InfrastructureEngineerAgent::new(generator.clone());

    // The raw arm sends the very prompt the full stack sends.
    let rendered = generator
        .prompts()
        .get("infrastructure.dockerfile")
        .and_then(|p| {
            p.render(
                &PromptVars::new()
                    .set("stack", "node")
                    .set("requirements", "small image"),
            )
        })
        .expect("prompt renders");
    let raw = async_openai::Client::with_config(
        OpenAIConfig::new()
            .with_api_key("bench-not-a-key")
            .with_api_base(server.uri()),
    );
    let raw_request = CreateChatCompletionRequestArgs::default()
        .model("bench/model")
        .messages(vec![
            ChatCompletionRequestSystemMessage::from(rendered.system.as_str()).into(),
            ChatCompletionRequestUserMessage::from(rendered.user.as_str()).into(),
        ])
        .build()
        .expect("request");

    let mut group = c.benchmark_group("calls");
    group.throughput(Throughput::Elements(1));
    group.bench_function("raw_async_openai", |b| {
        b.to_async(&rt).iter(|| async {
            let response = raw
                .chat()
                .create(raw_request.clone())
                .await
                .expect("raw call");
            assert!(!response.choices.is_empty());
        })
    });
    let provider = devops_squad::core::model::openrouter::OpenRouterClient::new(
        devops_squad::core::model::openrouter::OpenRouterConfig::new("bench-not-a-key")
            .with_base_url(server.uri()),
    )
    .expect("provider");
    let stack = settings.client().expect("client").expect("a key is set");
    let model_request = devops_squad::core::model::ModelRequest::new(
        "bench/model",
        vec![
            devops_squad::core::model::Message::system(rendered.system.clone()),
            devops_squad::core::model::Message::user(rendered.user.clone()),
        ],
    );
    group.bench_function("provider_only", |b| {
        b.to_async(&rt).iter(|| async {
            use devops_squad::core::model::ModelClient;
            provider
                .complete(model_request.clone())
                .await
                .expect("call")
        })
    });
    group.bench_function("client_stack", |b| {
        b.to_async(&rt)
            .iter(|| async { stack.complete(model_request.clone()).await.expect("call") })
    });
    group.bench_function("full_stack", |b| {
        b.to_async(&rt).iter(|| async {
            let outcome = agent
                .generate_dockerfile(Stack::Node, "small image")
                .await
                .expect("task");
            assert!(!outcome.has_errors(), "{:?}", outcome.findings);
        })
    });
    group.finish();
}

/// The in-process stages of one round, to see where the full stack's overhead goes.
fn stages(c: &mut Criterion) {
    let prompts = devops_squad::core::prompt::PromptRegistry::embedded().expect("prompts");
    let prompt = prompts.get("infrastructure.dockerfile").expect("prompt");
    let vars = PromptVars::new()
        .set("stack", "node")
        .set("requirements", "small image");
    let answer = completion_body()["choices"][0]["message"]["content"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let dockerfile = baseline_dockerfile(Stack::Node);
    let checkers = devops_squad::infra::checkers();
    let mut group = c.benchmark_group("stages");
    group.bench_function("render_prompt", |b| {
        b.iter(|| prompt.render(&vars).expect("render"))
    });
    group.bench_function("extract_files", |b| {
        b.iter(|| devops_squad::core::artifact::extract_files(&answer, &|_| None))
    });
    group.bench_function("check_dockerfile", |b| {
        b.iter(|| checkers.check("Dockerfile", &dockerfile))
    });
    group.finish();
}

criterion_group!(benches, bench, stages);
criterion_main!(benches);
