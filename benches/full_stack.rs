//! Calls per second through the full stack (prompt render, HTTP to a local server through the
//! standard decorator stack and the OpenRouter provider, artifact extraction, Dockerfile check)
//! beside raw async-openai calls to the same server with the same prompt.
//!
//! ```sh
//! cargo bench --bench full_stack            # everything
//! cargo bench --bench full_stack -- calls   # criterion: µs and calls/s per arm
//! cargo bench --bench full_stack -- ratio   # all arms interleaved, 1 then 8 calls in flight
//! cargo bench --bench full_stack -- ratio 1000  # the same, the server waiting 1 ms per answer
//! cargo bench --bench full_stack -- inplace # extraction and check timed right after a call
//! cargo bench --bench full_stack -- interference # the task and a call, each after the other
//! # instructions per call: run one arm N times under callgrind (see README.md)
//! valgrind --tool=callgrind target/release/deps/full_stack-HASH --bench instructions full 300
//! ```
//!
//! The server is a wiremock instance on 127.0.0.1 answering every call with a completion that
//! holds a clean Dockerfile, so no repair round runs: the figure is the overhead of one round.
//! It answers at once, unless `ratio` is given a delay in microseconds (its timer works in
//! whole milliseconds: 1000 gave answers in about 2.2 ms on this VM).
//!
//! Wall time on a small shared VM drifts by tens of percent over a minute, which moves
//! criterion's separate estimates of each arm apart. The `ratio` part therefore runs rounds of
//! one batch per arm, back to back, and reports per arm the median of the rounds' paired ratios
//! to raw and the ratio of the fast batches (10th percentiles), so that drift hits all alike:
//! first one call at a time (the latency a caller sees), then eight in flight (the throughput of
//! a tool that runs several tasks at once).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_openai::config::OpenAIConfig;
use async_openai::types::chat::{
    ChatCompletionRequestSystemMessage, ChatCompletionRequestUserMessage,
    CreateChatCompletionRequestArgs,
};
use criterion::{Criterion, Throughput, criterion_group};
use devops_squad::core::config::Settings;
use devops_squad::core::model::{ModelClient, ModelError, ModelRequest, ModelResponse};
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

/// The four arms, by the names of their criterion benchmarks.
#[derive(Debug, Clone, Copy)]
enum Arm {
    Raw,
    Provider,
    Stack,
    Full,
}

impl Arm {
    const ALL: [Arm; 4] = [Arm::Raw, Arm::Provider, Arm::Stack, Arm::Full];

    /// The criterion name (`raw_async_openai`, ...) or the short one (`raw`, ...).
    fn parse(name: &str) -> Option<Arm> {
        Self::ALL
            .into_iter()
            .find(|arm| name == arm.name() || name == arm.short_name())
    }

    /// The name `instructions` has always taken.
    fn short_name(self) -> &'static str {
        match self {
            Arm::Raw => "raw",
            Arm::Provider => "provider",
            Arm::Stack => "stack",
            Arm::Full => "full",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Arm::Raw => "raw_async_openai",
            Arm::Provider => "provider_only",
            Arm::Stack => "client_stack",
            Arm::Full => "full_stack",
        }
    }
}

/// The server, the clients and the requests every arm uses.
struct Arms {
    rt: tokio::runtime::Runtime,
    _server: MockServer,
    raw: async_openai::Client<OpenAIConfig>,
    raw_request: async_openai::types::chat::CreateChatCompletionRequest,
    provider: devops_squad::core::model::openrouter::OpenRouterClient,
    stack: std::sync::Arc<dyn devops_squad::core::model::ModelClient>,
    model_request: devops_squad::core::model::ModelRequest,
    agent: InfrastructureEngineerAgent,
}

impl Arms {
    /// The arms against a fresh server that waits `delay` before each answer.
    fn new(delay: Duration) -> Self {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let server = rt.block_on(async {
            // Recording would keep every request (5 KB each) for the whole run and slow the
            // later arms down: nothing here reads them back.
            let server = MockServer::builder()
                .disable_request_recording()
                .start()
                .await;
            Mock::given(method("POST"))
                .and(path("/chat/completions"))
                .respond_with(
                    ResponseTemplate::new(200)
                        .set_body_json(completion_body())
                        .set_delay(delay),
                )
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

        // The raw arm sends the very prompt the full stack sends, with the same parameters.
        let prompt = generator
            .prompts()
            .get("infrastructure.dockerfile")
            .expect("prompt");
        let rendered = prompt
            .render(
                &PromptVars::new()
                    .set("stack", "node")
                    .set("requirements", "small image"),
            )
            .expect("prompt renders");
        let raw = async_openai::Client::with_config(
            OpenAIConfig::new()
                .with_api_key("bench-not-a-key")
                .with_api_base(server.uri()),
        );
        let max_tokens = rendered
            .max_tokens
            .unwrap_or(generator.options().default_max_tokens);
        let mut raw_request = CreateChatCompletionRequestArgs::default();
        raw_request
            .model("bench/model")
            .max_tokens(max_tokens)
            .messages(vec![
                ChatCompletionRequestSystemMessage::from(rendered.system.as_str()).into(),
                ChatCompletionRequestUserMessage::from(rendered.user.as_str()).into(),
            ]);
        if let Some(t) = rendered.temperature {
            raw_request.temperature(t);
        }
        let raw_request = raw_request.build().expect("request");
        let provider = devops_squad::core::model::openrouter::OpenRouterClient::new(
            devops_squad::core::model::openrouter::OpenRouterConfig::new("bench-not-a-key")
                .with_base_url(server.uri()),
        )
        .expect("provider");
        let stack = settings.client().expect("client").expect("a key is set");
        let mut model_request = devops_squad::core::model::ModelRequest::new(
            "bench/model",
            vec![
                devops_squad::core::model::Message::system(rendered.system.clone()),
                devops_squad::core::model::Message::user(rendered.user.clone()),
            ],
        );
        model_request.max_tokens = Some(max_tokens);
        model_request.temperature = rendered.temperature;
        Self {
            rt,
            _server: server,
            raw,
            raw_request,
            provider,
            stack,
            model_request,
            agent,
        }
    }

    async fn raw_call(&self) {
        let response = self
            .raw
            .chat()
            .create(self.raw_request.clone())
            .await
            .expect("raw call");
        assert!(!response.choices.is_empty());
    }

    async fn provider_call(&self) {
        self.provider
            .complete(self.model_request.clone())
            .await
            .expect("provider call");
    }

    async fn stack_call(&self) {
        self.stack
            .complete(self.model_request.clone())
            .await
            .expect("client stack call");
    }

    /// One call of `arm`.
    async fn call(&self, arm: Arm) {
        match arm {
            Arm::Raw => self.raw_call().await,
            Arm::Provider => self.provider_call().await,
            Arm::Stack => self.stack_call().await,
            Arm::Full => self.full_stack_call().await,
        }
    }

    async fn full_stack_call(&self) {
        let outcome = self
            .agent
            .generate_dockerfile(Stack::Node, "small image")
            .await
            .expect("task");
        assert!(!outcome.has_errors(), "{:?}", outcome.findings);
    }
}

fn bench(c: &mut Criterion) {
    let arms = Arms::new(Duration::ZERO);
    let rt = &arms.rt;
    let mut group = c.benchmark_group("calls");
    group.throughput(Throughput::Elements(1));
    group.bench_function(Arm::Raw.name(), |b| b.to_async(rt).iter(|| arms.raw_call()));
    group.bench_function(Arm::Provider.name(), |b| {
        b.to_async(rt).iter(|| arms.provider_call())
    });
    group.bench_function(Arm::Stack.name(), |b| {
        b.to_async(rt).iter(|| arms.stack_call())
    });
    group.bench_function(Arm::Full.name(), |b| {
        b.to_async(rt).iter(|| arms.full_stack_call())
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

/// All four arms in rotating batches, first one call at a time, then with several calls in
/// flight; prints each arm's median and 10th percentile µs per call and, per arm, its calls per
/// second as a share of raw's: the median and quartiles of the rounds' paired ratios, and the
/// ratio of the 10th percentiles (the fast batches).
fn ratio() {
    let delay = count_argument("ratio", 1, 0, "a delay in microseconds");
    if delay > 0 {
        println!("ratio: the server waits {delay} µs before each answer");
    }
    let arms = Arc::new(Arms::new(Duration::from_micros(delay as u64)));
    for in_flight in [1, 8] {
        ratio_at(&arms, in_flight);
    }
}

/// [`ratio`] with `in_flight` calls at a time: that many tasks on the runtime, each making its
/// share of the batch's calls one after another.
///
/// Each round times one batch of every arm back to back; raw's batch time over an arm's is that
/// round's ratio for the arm. Pairing within a round cancels the VM's slow drift. One call at a
/// time, though, a batch runs in one of two modes (raw about 58 or about 120 µs a call here),
/// by where the runtime places the calling task against the server's thread: a median of times
/// can then sit on either side of the gap between modes, which made ratios of medians jump
/// between runs. The 10th percentiles compare the fast batches alone.
fn ratio_at(arms: &Arc<Arms>, in_flight: usize) {
    const BATCH: usize = 100;
    const ROUNDS: usize = 400;
    const ARMS: [Arm; 4] = Arm::ALL;
    // One round: every arm's batch, in `in_flight` lanes that go from one arm to the next
    // together (a barrier between arms). The lanes are spawned once per round and run every
    // arm: spawned anew for each batch, one call at a time, successive batches took the two
    // workers in turn and alternated between the fast and the slow mode, in step with the
    // rotation of the arms, so that raw and client_stack mostly shared a mode and
    // provider_only and full_stack the other. A lane still changes worker now and then.
    let round = |order: [Arm; 4]| async move {
        let barrier = Arc::new(tokio::sync::Barrier::new(in_flight));
        let mut lanes = tokio::task::JoinSet::new();
        for lane in 0..in_flight {
            let arms = Arc::clone(arms);
            let barrier = Arc::clone(&barrier);
            lanes.spawn(async move {
                let mut times = [0.0; 4];
                for arm in order {
                    barrier.wait().await;
                    let started = Instant::now();
                    for _ in 0..BATCH / in_flight {
                        arms.call(arm).await;
                    }
                    barrier.wait().await;
                    times[arm as usize] = started.elapsed().as_secs_f64() * 1e6
                        / (BATCH / in_flight * in_flight) as f64;
                }
                (lane, times)
            });
        }
        let mut first = [0.0; 4];
        while let Some(lane) = lanes.join_next().await {
            if let (0, times) = lane.expect("a lane of calls") {
                first = times;
            }
        }
        first
    };
    let mut times: [Vec<f64>; 4] = Default::default();
    arms.rt.block_on(async {
        // Warm-up: connections, lazily built tables, caches.
        round(ARMS).await;
        let started = Instant::now();
        for r in 0..ROUNDS {
            // Rotate which arm goes first, so that none always follows another.
            let order = std::array::from_fn(|i| ARMS[(r + i) % ARMS.len()]);
            for (arm, time) in round(order).await.into_iter().enumerate() {
                times[arm].push(time);
            }
            if started.elapsed() > Duration::from_secs(60) {
                break;
            }
        }
    });
    let rounds = times[0].len();
    // Per arm, the 10th percentile and the median µs per call.
    let per_arm = times.clone().map(|v| quantiles(v, [0.1, 0.5]));
    let [raw, provider, stack, full] = per_arm;
    let shares = [Arm::Provider, Arm::Stack, Arm::Full].map(|arm| {
        let paired = times[0]
            .iter()
            .zip(&times[arm as usize])
            .map(|(raw, time)| raw / time);
        let [low, median, high] = quantiles(paired.collect(), [0.25, 0.5, 0.75]);
        let fast = raw[0] / per_arm[arm as usize][0];
        format!(
            "{} {median:.3} ({low:.3}-{high:.3}; fast batches {fast:.3})",
            arm.name()
        )
    });
    println!(
        "ratio, {in_flight} in flight, {rounds} rounds of {BATCH} calls per arm: µs/call, \
         median (10th percentile): raw_async_openai {:.1} ({:.1}), provider_only {:.1} ({:.1}), \
         client_stack {:.1} ({:.1}), full_stack {:.1} ({:.1}); calls/s as a share of raw, \
         median of the rounds' paired ratios (quartiles; ratio of the 10th percentiles): {}",
        raw[1],
        raw[0],
        provider[1],
        provider[0],
        stack[1],
        stack[0],
        full[1],
        full[0],
        shares.join(", ")
    );
}

/// The quantiles `at` (fractions from 0 to 1) of `values`, by nearest rank (NaN when empty).
fn quantiles<const N: usize>(mut values: Vec<f64>, at: [f64; N]) -> [f64; N] {
    values.sort_by(f64::total_cmp);
    at.map(|q| {
        let rank = (values.len().saturating_sub(1) as f64 * q).round() as usize;
        values.get(rank).copied().unwrap_or(f64::NAN)
    })
}

/// `inplace [N]`: what extraction and the Dockerfile check cost where the full stack runs them,
/// right after a call, beside what they cost hot. N calls (default 20000), one at a time, each
/// through the client stack and then timed with `Instant`: extraction of the answer, the check
/// of its Dockerfile, and the same check once more at once; then N more calls that first check
/// another Dockerfile (the Go baseline) before the same steps, to tell the cost of code and
/// tables coming back into the caches from the cost of this file's own data.
fn in_place() {
    let calls = count_argument("inplace", 1, 20_000, "a number of calls");
    let arms = Arms::new(Duration::ZERO);
    let checkers = devops_squad::infra::checkers();
    let other = baseline_dockerfile(Stack::Go);
    for warm_first in [false, true] {
        // Nanoseconds: warm-up check, extraction, check, second check.
        let mut total = [0u128; 4];
        arms.rt.block_on(async {
            for _ in 0..calls {
                let response = arms
                    .stack
                    .complete(arms.model_request.clone())
                    .await
                    .expect("client stack call");
                let started = Instant::now();
                if warm_first {
                    std::hint::black_box(checkers.check("Dockerfile", &other));
                }
                let warmed = Instant::now();
                let extraction =
                    devops_squad::core::artifact::extract_files(&response.content, &|_| None);
                let extracted = Instant::now();
                let content = extraction
                    .artifacts
                    .first()
                    .map(|a| a.content.as_str())
                    .unwrap_or_default();
                std::hint::black_box(checkers.check("Dockerfile", content));
                let checked = Instant::now();
                std::hint::black_box(checkers.check("Dockerfile", content));
                let again = Instant::now();
                for (slot, (from, to)) in total.iter_mut().zip([
                    (started, warmed),
                    (warmed, extracted),
                    (extracted, checked),
                    (checked, again),
                ]) {
                    *slot += (to - from).as_nanos();
                }
            }
        });
        let [warm, extract, check, second] = total.map(|ns| ns as f64 / 1e3 / calls.max(1) as f64);
        let first = if warm_first {
            format!("after checking another Dockerfile ({warm:.2} µs)")
        } else {
            "right after the call".to_string()
        };
        println!(
            "in place, {calls} calls, µs per call {first}: extraction {extract:.2}, check \
             {check:.2}, the same check again {second:.2}"
        );
    }
}

/// A model client that answers every request at once with a copy of one response: the full
/// stack's own work with no network under it. Not the testkit's `ScriptedClient`, which needs
/// one queued answer per call and keeps a copy of every request, work that would be timed.
#[derive(Debug)]
struct Canned(ModelResponse);

#[async_trait::async_trait]
impl ModelClient for Canned {
    async fn complete(&self, _request: ModelRequest) -> Result<ModelResponse, ModelError> {
        Ok(self.0.clone())
    }
    async fn complete_ref(&self, _request: &ModelRequest) -> Result<ModelResponse, ModelError> {
        Ok(self.0.clone())
    }
}

/// `interference [N]`: how the product's own work and the HTTP exchange slow each other down.
///
/// The Dockerfile task runs on an in-memory model that answers what the server answers, so it
/// does every step of the full stack but the exchange (render, request, extraction, check,
/// outcome). One call at a time on the main thread, four pairs of N each (default 20000), the
/// second of each pair timed: the task after the task (hot), the task right after a raw call,
/// a raw call after a raw call, and a raw call right after the task. A first pass of the four
/// warms up and is not printed.
fn interference() {
    let calls = count_argument("interference", 1, 20_000, "a number of calls");
    let arms = Arms::new(Duration::ZERO);
    let answer = arms
        .rt
        .block_on(arms.provider.complete(arms.model_request.clone()));
    let prompts = devops_squad::core::prompt::PromptRegistry::embedded().expect("prompts");
    let agent = InfrastructureEngineerAgent::new(devops_squad::core::generate::Generator::new(
        Arc::new(Canned(answer.expect("provider call"))),
        Arc::new(prompts),
        Default::default(),
    ));
    let task = || async {
        let outcome = agent
            .generate_dockerfile(Stack::Node, "small image")
            .await
            .expect("task");
        assert!(!outcome.has_errors(), "{:?}", outcome.findings);
    };
    let pairs = [
        ("task after task", true, true),
        ("task right after a raw call", false, true),
        ("raw call after raw call", false, false),
        ("raw call right after the task", true, false),
    ];
    for pass in ["warm-up", "measured"] {
        let mut figures = Vec::new();
        for (name, task_first, task_timed) in pairs {
            let mut times = Vec::with_capacity(calls);
            arms.rt.block_on(async {
                for _ in 0..calls {
                    if task_first {
                        task().await;
                    } else {
                        arms.raw_call().await;
                    }
                    let started = Instant::now();
                    if task_timed {
                        task().await;
                    } else {
                        arms.raw_call().await;
                    }
                    times.push(started.elapsed().as_nanos() as f64 / 1e3);
                }
            });
            let [p10, median] = quantiles(times, [0.1, 0.5]);
            figures.push(format!("{name} {median:.2} ({p10:.2})"));
        }
        if pass == "measured" {
            println!(
                "interference, {calls} of each, µs median (10th percentile): {}",
                figures.join(", ")
            );
        }
    }
}

/// `instructions ARM N`: N calls of one arm and nothing else, to count instructions under
/// callgrind, which wall time on a shared VM cannot match for repeatability: the difference
/// between two N, divided by their difference, is one call. ARM is an arm's short name (`raw`,
/// `provider`, `stack`, `full`) or its criterion name (`raw_async_openai`, `provider_only`,
/// `client_stack`, `full_stack`).
fn instructions() {
    let name = argument(1).unwrap_or_default();
    let Some(arm) = Arm::parse(&name) else {
        let names: Vec<String> = Arm::ALL
            .iter()
            .map(|a| format!("{} ({})", a.short_name(), a.name()))
            .collect();
        eprintln!(
            "instructions: unknown arm {name:?}; name one of {}",
            names.join(", ")
        );
        std::process::exit(2);
    };
    let calls = count_argument("instructions", 2, 100, "a number of calls");
    let arms = Arms::new(Duration::ZERO);
    arms.rt.block_on(async {
        for _ in 0..calls {
            arms.call(arm).await;
        }
    });
}

/// The `index`th argument that is not an option (`--bench` and the like): 0 is the filter
/// (`ratio`, `instructions`, ...), the others are its own arguments.
fn argument(index: usize) -> Option<String> {
    std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .nth(index)
}

/// The whole number given as the `index`th argument (`what` it counts, for the message),
/// `default` when absent; exits with 2 and a message naming `mode` when it is not one.
fn count_argument(mode: &str, index: usize, default: usize, what: &str) -> usize {
    let Some(count) = argument(index) else {
        return default;
    };
    count.parse().unwrap_or_else(|_| {
        eprintln!("{mode}: {count:?} is not {what}");
        std::process::exit(2);
    })
}

criterion_group!(benches, bench, stages);

fn main() {
    // `cargo bench --bench full_stack -- FILTER`: the first argument that is not an option.
    let filter = argument(0).unwrap_or_default();
    if filter == "instructions" {
        instructions();
        return;
    }
    if filter == "interference" {
        interference();
        return;
    }
    if filter == "inplace" {
        in_place();
        return;
    }
    if filter != "ratio" {
        benches();
    }
    if filter.is_empty() || filter == "ratio" {
        ratio();
    }
    Criterion::default().configure_from_args().final_summary();
}
