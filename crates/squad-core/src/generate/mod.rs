//! Checked generation: render → call → extract → check → repair, and the offline mode.
//!
//! One [`Task`] names a prompt, its inputs, the checkers of the artifacts it produces and a
//! deterministic baseline. [`Generator::run`] either asks the model (then repairs the answer
//! while an error-severity finding remains, at most [`GenerateOptions::max_repair_rounds`]
//! times) or, in offline mode, runs the baseline; both go through the same checks.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::artifact::{self, Artifact, RejectReason};
use crate::check::CheckerSet;
use crate::findings::{Finding, Severity, Span, sort_findings};
use crate::model::{JsonSchemaFormat, Message, ModelClient, ModelError, ModelRequest, Usage};
use crate::prompt::{OutputKind, Prompt, PromptError, PromptRegistry, PromptVars, RenderedParts};

mod outcome;
pub mod rules;

pub use outcome::{TaskOutcome, WriteError};

/// The model used when neither SQUAD_MODEL nor the prompt's front matter names one.
pub const DEFAULT_MODEL: &str = "anthropic/claude-sonnet-4.5";

/// Whether a task's output came from a model or from its deterministic baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// A model wrote it.
    Model,
    /// The built-in deterministic baseline wrote it (no key, or `--offline`).
    Offline,
}

/// What a baseline produces: files, typed data, or both.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BaselineOutput {
    /// Files, as (relative path, content).
    pub files: Vec<(String, String)>,
    /// Typed data, for tasks whose output is JSON.
    pub data: Option<serde_json::Value>,
}

impl BaselineOutput {
    /// A baseline of files.
    pub fn files(files: impl IntoIterator<Item = (String, String)>) -> Self {
        Self {
            files: files.into_iter().collect(),
            data: None,
        }
    }

    /// A baseline of data.
    pub fn data(data: serde_json::Value) -> Self {
        Self {
            files: Vec::new(),
            data: Some(data),
        }
    }
}

type BaselineFn = dyn Fn() -> BaselineOutput + Send + Sync;
type DataCheckFn = dyn Fn(&serde_json::Value) -> Vec<Finding> + Send + Sync;
type DefaultPathFn = dyn Fn(Option<&str>) -> Option<String> + Send + Sync;

/// One task: a prompt, its inputs, how to check what comes back, and its offline baseline.
#[derive(Clone)]
pub struct Task {
    /// Prompt id, `agent.task` (newest version) or `agent.task@vN`.
    pub prompt: String,
    /// The prompt's inputs.
    pub vars: PromptVars,
    /// Checkers for the files the task produces.
    pub checkers: CheckerSet,
    default_path: Option<Arc<DefaultPathFn>>,
    data_check: Option<Arc<DataCheckFn>>,
    baseline: Option<Arc<BaselineFn>>,
}

impl fmt::Debug for Task {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Task")
            .field("prompt", &self.prompt)
            .field("vars", &self.vars)
            .field("kinds", &self.checkers.kinds())
            .field("has_baseline", &self.baseline.is_some())
            .finish_non_exhaustive()
    }
}

impl Task {
    /// A task for `prompt` with `vars`, checked by `checkers`.
    pub fn new(prompt: impl Into<String>, vars: PromptVars, checkers: CheckerSet) -> Self {
        Self {
            prompt: prompt.into(),
            vars,
            checkers,
            default_path: None,
            data_check: None,
            baseline: None,
        }
    }

    /// Where a fenced block without a file name goes, by its language tag (`None`: skip it).
    pub fn with_default_path(
        mut self,
        f: impl Fn(Option<&str>) -> Option<String> + Send + Sync + 'static,
    ) -> Self {
        self.default_path = Some(Arc::new(f));
        self
    }

    /// Check JSON data (shape, values) and report problems as findings, which go back to the
    /// model like any other. Typically deserializes into the task's typed output.
    pub fn with_data_check(
        mut self,
        f: impl Fn(&serde_json::Value) -> Vec<Finding> + Send + Sync + 'static,
    ) -> Self {
        self.data_check = Some(Arc::new(f));
        self
    }

    /// The deterministic output used in offline mode.
    pub fn with_baseline(mut self, f: impl Fn() -> BaselineOutput + Send + Sync + 'static) -> Self {
        self.baseline = Some(Arc::new(f));
        self
    }
}

/// Options of the checked-generation loop.
#[derive(Debug, Clone, PartialEq)]
pub struct GenerateOptions {
    /// Repair rounds after the first answer while an error-severity finding remains.
    pub max_repair_rounds: u32,
    /// Model to use whatever the prompt says (SQUAD_MODEL).
    pub model: Option<String>,
    /// Models OpenRouter may fall back to (SQUAD_FALLBACK_MODELS), sent as `models`.
    pub fallback_models: Vec<String>,
    /// Completion token limit when the prompt sets none.
    pub default_max_tokens: u32,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        Self {
            max_repair_rounds: 2,
            model: None,
            fallback_models: Vec::new(),
            default_max_tokens: 8192,
        }
    }
}

/// Why a task could not produce an outcome at all. Findings are not errors: they are part of
/// a successful [`TaskOutcome`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GenerateError {
    /// The prompt is unknown, or an input is missing or undeclared.
    #[error(transparent)]
    Prompt(#[from] PromptError),
    /// The model call failed (after the client's own retries and fallbacks).
    #[error("{prompt}: {source}")]
    Model {
        /// The prompt, as `agent.task@vN`.
        prompt: String,
        /// What went wrong.
        #[source]
        source: ModelError,
    },
    /// Offline mode was asked for a task that has no baseline.
    #[error("{0} has no offline baseline; set OPENROUTER_API_KEY to run it with a model")]
    NoBaseline(String),
}

/// Runs tasks: with a model client, or offline on baselines.
#[derive(Debug, Clone)]
pub struct Generator {
    client: Option<Arc<dyn ModelClient>>,
    prompts: Arc<PromptRegistry>,
    options: GenerateOptions,
}

impl Generator {
    /// A generator that asks `client`.
    pub fn new(
        client: Arc<dyn ModelClient>,
        prompts: Arc<PromptRegistry>,
        options: GenerateOptions,
    ) -> Self {
        Self {
            client: Some(client),
            prompts,
            options,
        }
    }

    /// A generator that runs every task on its deterministic baseline.
    pub fn offline(prompts: Arc<PromptRegistry>) -> Self {
        Self {
            client: None,
            prompts,
            options: GenerateOptions::default(),
        }
    }

    /// The same generator, forced offline.
    pub fn to_offline(&self) -> Self {
        Self {
            client: None,
            prompts: self.prompts.clone(),
            options: self.options.clone(),
        }
    }

    /// Whether tasks run on baselines.
    pub fn is_offline(&self) -> bool {
        self.client.is_none()
    }

    /// The prompt registry.
    pub fn prompts(&self) -> &PromptRegistry {
        &self.prompts
    }

    /// The options.
    pub fn options(&self) -> &GenerateOptions {
        &self.options
    }

    /// Run one task.
    pub async fn run(&self, task: &Task) -> Result<TaskOutcome, GenerateError> {
        let prompt = self.prompts.get(&task.prompt)?;
        // Render even offline: a missing input is the same error in both modes.
        let rendered = prompt.render_parts(&task.vars)?;
        match &self.client {
            None => self.run_offline(task, prompt, rendered),
            Some(client) => {
                self.run_model(client.as_ref(), task, prompt, rendered)
                    .await
            }
        }
    }

    fn run_offline(
        &self,
        task: &Task,
        prompt: &Prompt,
        rendered: RenderedParts<'_>,
    ) -> Result<TaskOutcome, GenerateError> {
        let baseline = task
            .baseline
            .as_ref()
            .ok_or_else(|| GenerateError::NoBaseline(prompt.prompt_ref()))?;
        let output = baseline();
        let mut artifacts = Vec::new();
        let mut findings = Vec::new();
        for (path, content) in output.files {
            match artifact::safe_relative_path(&path) {
                Ok(path) => artifacts.push(Artifact {
                    path,
                    content,
                    language: None,
                    kind: None,
                }),
                Err(e) => findings.push(rules::UNSAFE_ARTIFACT_PATH.finding(
                    path,
                    Span::file_start(),
                    e.to_string(),
                )),
            }
        }
        findings.extend(check_artifacts(&task.checkers, &mut artifacts));
        if let (Some(data), Some(check)) = (&output.data, &task.data_check) {
            findings.extend(check(data));
        }
        sort_findings(&mut findings);
        Ok(TaskOutcome {
            artifacts,
            findings,
            data: output.data,
            usage: Usage::default(),
            rounds: 0,
            prompt: prompt.prompt_ref(),
            model: None,
            mode: Mode::Offline,
            redactions: rendered.redactions.len(),
        })
    }

    /// The request of one round: the rendered messages, then the earlier rounds' answers and
    /// repair messages. Built anew each round rather than cloned, so that the first round (most
    /// tasks need no other) copies the system text once.
    fn request(
        &self,
        prompt: &Prompt,
        rendered: &RenderedParts<'_>,
        history: &[Message],
    ) -> ModelRequest {
        let model = match (&self.options.model, prompt.model()) {
            (Some(model), _) => model.clone(),
            (None, Some(model)) => model.to_owned(),
            (None, None) => DEFAULT_MODEL.to_owned(),
        };
        let mut messages = Vec::with_capacity(2 + history.len());
        messages.push(Message::system(&*rendered.system));
        messages.push(Message::user(&*rendered.user));
        messages.extend_from_slice(history);
        let mut request = ModelRequest::new(model, messages);
        request.fallback_models = self.options.fallback_models.clone();
        request.temperature = prompt.temperature();
        request.max_tokens = Some(
            prompt
                .max_tokens()
                .unwrap_or(self.options.default_max_tokens),
        );
        if prompt.output() == OutputKind::Json
            && let Some(schema) = prompt.output_schema()
        {
            request.response_format = Some(JsonSchemaFormat {
                name: prompt.id().replace('.', "_"),
                schema: schema.clone(),
                strict: true,
            });
        }
        request
    }

    async fn run_model(
        &self,
        client: &dyn ModelClient,
        task: &Task,
        prompt: &Prompt,
        rendered: RenderedParts<'_>,
    ) -> Result<TaskOutcome, GenerateError> {
        let output = prompt.output();
        let mut history: Vec<Message> = Vec::new();
        let mut usage = Usage::default();
        let mut rounds = 0u32;
        let mut artifacts: Vec<Artifact> = Vec::new();
        let mut data = None;
        loop {
            rounds += 1;
            let request = self.request(prompt, &rendered, &history);
            let response =
                client
                    .complete(request)
                    .await
                    .map_err(|source| GenerateError::Model {
                        prompt: prompt.prompt_ref(),
                        source,
                    })?;
            usage += response.usage;

            let mut findings = Vec::new();
            match output {
                OutputKind::Files => {
                    let default_path =
                        |lang: Option<&str>| task.default_path.as_ref().and_then(|f| f(lang));
                    let extraction = artifact::extract_files(&response.content, &default_path);
                    for rejected in &extraction.rejected {
                        findings.push(rejection_finding(rejected));
                    }
                    merge_artifacts(&mut artifacts, extraction.artifacts);
                    if artifacts.is_empty() && extraction.rejected.is_empty() {
                        findings.push(rules::NO_ARTIFACT.finding(
                            "<answer>",
                            Span::file_start(),
                            "the answer contains no file: no fenced code block with a file path",
                        ));
                    }
                    findings.extend(check_artifacts(&task.checkers, &mut artifacts));
                }
                OutputKind::Json => match artifact::extract_json(&response.content) {
                    Ok(value) => {
                        if let Some(check) = &task.data_check {
                            findings.extend(check(&value));
                        }
                        data = Some(value);
                    }
                    Err(e) => findings.push(rules::INVALID_JSON_ANSWER.finding(
                        "<answer>",
                        Span::file_start(),
                        e.to_string(),
                    )),
                },
            }
            sort_findings(&mut findings);

            let has_errors = findings.iter().any(|f| f.severity == Severity::Error);
            if !has_errors || rounds > self.options.max_repair_rounds {
                return Ok(TaskOutcome {
                    artifacts,
                    findings,
                    data,
                    usage,
                    rounds,
                    prompt: prompt.prompt_ref(),
                    model: Some(response.model),
                    mode: Mode::Model,
                    redactions: rendered.redactions.len(),
                });
            }
            tracing::info!(
                prompt = %prompt.reference(),
                round = rounds,
                errors = findings.iter().filter(|f| f.severity == Severity::Error).count(),
                "asking the model to repair its answer"
            );
            history.push(Message::assistant(response.content));
            history.push(Message::user(repair_message(&findings, output)));
        }
    }
}

/// Replace earlier files with later ones of the same path (a repair answer may resend only the
/// files it changed), keeping first-seen order.
fn merge_artifacts(into: &mut Vec<Artifact>, new: Vec<Artifact>) {
    for a in new {
        match into.iter_mut().find(|x| x.path == a.path) {
            Some(slot) => *slot = a,
            None => into.push(a),
        }
    }
}

/// Classify each artifact and run the checkers of its kind.
pub fn check_artifacts(checkers: &CheckerSet, artifacts: &mut [Artifact]) -> Vec<Finding> {
    let mut findings = Vec::new();
    for a in artifacts.iter_mut() {
        let kind = match a.kind.as_deref() {
            Some(k) => Some(k.to_string()),
            None => checkers.classify(&a.path, &a.content).map(str::to_string),
        };
        if let Some(kind) = kind {
            findings.extend(checkers.check_as(&kind, &a.path, &a.content));
            a.kind = Some(kind);
        }
    }
    findings
}

fn rejection_finding(rejected: &artifact::Rejected) -> Finding {
    let span = Span::line(rejected.line, 1);
    match &rejected.reason {
        RejectReason::Oversize { bytes } => rules::ARTIFACT_TOO_LARGE.finding(
            rejected.raw_path.clone(),
            span,
            format!(
                "{} is {bytes} bytes, over the {} byte limit; it was not kept",
                rejected.raw_path,
                artifact::MAX_ARTIFACT_BYTES
            ),
        ),
        reason => rules::UNSAFE_ARTIFACT_PATH.finding(
            "<answer>",
            span,
            format!(
                "the path {:?} was rejected: {reason}; the file was not kept",
                rejected.raw_path
            ),
        ),
    }
}

/// The message that sends findings back to the model.
fn repair_message(findings: &[Finding], output: OutputKind) -> String {
    let mut msg = String::from(
        "Deterministic linters checked your answer and found these problems. Fix every error \
         (and the warnings where you can) and answer again in the same format.\n\n",
    );
    for f in findings.iter().filter(|f| f.severity >= Severity::Warning) {
        msg.push_str(&format!(
            "- {} {} [{}] {}:{}: {}",
            f.severity, f.rule, f.name, f.path, f.line, f.message
        ));
        if let Some(help) = &f.help {
            msg.push_str(&format!(" (fix: {help})"));
        }
        msg.push('\n');
    }
    msg.push('\n');
    msg.push_str(match output {
        OutputKind::Files => {
            "Send every file again in full, one fenced block per file with `path=<relative path>` in the info string."
        }
        OutputKind::Json => "Send the whole JSON document again, and nothing else.",
    });
    msg
}
