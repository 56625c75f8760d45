//! Checked generation: repair rounds, offline baselines, hostile paths, JSON answers, and the
//! redaction of secrets from everything the model server receives.
#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::sync::Arc;

use squad_core::check::{Checker, CheckerSet};
use squad_core::config::Settings;
use squad_core::findings::{Finding, Rule, Severity, Span};
use squad_core::generate::{BaselineOutput, GenerateError, GenerateOptions, Generator, Mode, Task};
use squad_core::model::{ModelError, Usage};
use squad_core::prompt::{PromptRegistry, PromptVars};
use squad_core::testkit::ScriptedClient;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

static NO_BAD: Rule = Rule {
    code: "TST001",
    name: "bad-word",
    severity: Severity::Error,
    kinds: &["note"],
    summary: "The note says BAD",
    help: "Write GOOD instead",
    doc: "## What it does\nTest rule.\n",
    references: &[],
};

static SHOUTING: Rule = Rule {
    code: "TST002",
    name: "shouting",
    severity: Severity::Warning,
    kinds: &["note"],
    summary: "The note shouts",
    help: "",
    doc: "## What it does\nTest rule.\n",
    references: &[],
};

/// A checker of `.txt` notes: an error for each line holding BAD, a warning for `!!`.
#[derive(Debug)]
struct NoteChecker;

impl Checker for NoteChecker {
    fn kind(&self) -> &'static str {
        "note"
    }
    fn matches(&self, path: &str, _content: &str) -> bool {
        path.ends_with(".txt")
    }
    fn rules(&self) -> &'static [&'static Rule] {
        static RULES: &[&Rule] = &[&NO_BAD, &SHOUTING];
        RULES
    }
    fn check(&self, path: &str, content: &str) -> Vec<Finding> {
        let mut out = Vec::new();
        for (i, line) in content.lines().enumerate() {
            let n = i as u32 + 1;
            if let Some(col) = line.find("BAD") {
                let col = col as u32 + 1;
                out.push(NO_BAD.finding(path, Span::new(n, col, n, col + 3), "the note says BAD"));
            }
            if line.contains("!!") {
                out.push(SHOUTING.finding(path, Span::line(n, line.len() as u32), "too loud"));
            }
        }
        out
    }
}

const FILES_PROMPT: &str = r#"+++
id = "test.note"
version = 1
description = "Write a note"
model = "front/matter-model"
temperature = 0.1
output = "files"

[[inputs]]
name = "topic"
description = "What the note is about"

[[inputs]]
name = "requirements"
description = "Free text from the user"
required = false
untrusted = true
+++
=== system ===
You write notes as files.
=== user ===
Write a note about {{ topic }}.
{% if requirements %}{{ requirements }}{% endif %}
"#;

const JSON_PROMPT: &str = r#"+++
id = "test.data"
version = 1
description = "Return data"
output = "json"

[[inputs]]
name = "topic"
description = "What the data is about"
+++
=== system ===
You answer in JSON.
=== user ===
Give a count for {{ topic }}.
"#;

fn registry() -> (tempfile::TempDir, Arc<PromptRegistry>) {
    let dir = tempfile::tempdir().unwrap();
    for (task, text) in [("note", FILES_PROMPT), ("data", JSON_PROMPT)] {
        let folder = dir.path().join("test").join(task);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("v1.md"), text).unwrap();
    }
    let registry = PromptRegistry::from_dir(dir.path()).unwrap();
    (dir, Arc::new(registry))
}

fn note_task(topic: &str) -> Task {
    Task::new(
        "test.note",
        PromptVars::new().set("topic", topic),
        CheckerSet::new().with(NoteChecker),
    )
    .with_default_path(|lang| (lang == Some("text")).then(|| "note.txt".to_string()))
    .with_baseline(|| {
        BaselineOutput::files([(
            "notes/baseline.txt".to_string(),
            "GOOD and calm\n".to_string(),
        )])
    })
}

fn answer(files: &[(&str, &str)]) -> String {
    let mut s = String::from("Here you go.\n\n");
    for (path, content) in files {
        s.push_str(&format!("```text path={path}\n{content}\n```\n\n"));
    }
    s
}

#[tokio::test]
async fn a_repair_round_turns_a_failing_artifact_into_a_passing_one() {
    let (_dir, prompts) = registry();
    let client = ScriptedClient::new();
    client.push_text(answer(&[("note.txt", "this is BAD")]));
    client.push_text(answer(&[("note.txt", "this is GOOD")]));
    let generator = Generator::new(
        Arc::new(client.clone()),
        prompts,
        GenerateOptions::default(),
    );

    let outcome = generator.run(&note_task("rust")).await.unwrap();

    assert_eq!(outcome.rounds, 2);
    assert_eq!(outcome.mode, Mode::Model);
    assert!(outcome.findings.is_empty(), "{:?}", outcome.findings);
    assert_eq!(
        outcome.artifact("note.txt").unwrap().content,
        "this is GOOD\n"
    );
    assert_eq!(
        outcome.artifact("note.txt").unwrap().kind.as_deref(),
        Some("note")
    );
    assert_eq!(outcome.prompt, "test.note@v1");
    // Usage is summed over both rounds (the scripted client reports 30 tokens a call).
    assert_eq!(outcome.usage.total_tokens, 60);

    let requests = client.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0].model, "front/matter-model",
        "the prompt's model is used"
    );
    assert_eq!(requests[0].temperature, Some(0.1));
    let repair = &requests[1].messages.last().unwrap().content;
    assert!(
        repair.contains("TST001"),
        "the repair message names the rule: {repair}"
    );
    assert!(repair.contains("note.txt:1"), "and the line: {repair}");
    assert!(
        repair.contains("the note says BAD"),
        "and the message: {repair}"
    );
    // The conversation carries the model's first answer before the repair request.
    assert!(
        requests[1]
            .messages
            .iter()
            .any(|m| m.content.contains("this is BAD"))
    );
}

#[tokio::test]
async fn repair_stops_after_the_configured_rounds_and_keeps_the_findings() {
    let (_dir, prompts) = registry();
    let client = ScriptedClient::new();
    for _ in 0..3 {
        client.push_text(answer(&[("note.txt", "still BAD")]));
    }
    let generator = Generator::new(
        Arc::new(client.clone()),
        prompts,
        GenerateOptions::default(),
    );
    let outcome = generator.run(&note_task("rust")).await.unwrap();
    assert_eq!(outcome.rounds, 3, "one answer and two repair rounds");
    assert!(outcome.has_errors());
    assert_eq!(outcome.findings[0].rule, "TST001");
    assert_eq!(client.remaining(), 0);

    let client = ScriptedClient::new();
    client.push_text(answer(&[("note.txt", "still BAD")]));
    let options = GenerateOptions {
        max_repair_rounds: 0,
        ..GenerateOptions::default()
    };
    let (_dir2, prompts) = registry();
    let generator = Generator::new(Arc::new(client.clone()), prompts, options);
    let outcome = generator.run(&note_task("rust")).await.unwrap();
    assert_eq!(outcome.rounds, 1);
}

#[tokio::test]
async fn warnings_alone_do_not_trigger_a_repair_round() {
    let (_dir, prompts) = registry();
    let client = ScriptedClient::new();
    client.push_text(answer(&[("note.txt", "GOOD!!")]));
    let generator = Generator::new(
        Arc::new(client.clone()),
        prompts,
        GenerateOptions::default(),
    );
    let outcome = generator.run(&note_task("rust")).await.unwrap();
    assert_eq!(outcome.rounds, 1);
    assert_eq!(outcome.findings.len(), 1);
    assert_eq!(outcome.findings[0].severity, Severity::Warning);
}

#[tokio::test]
async fn a_repair_answer_may_resend_only_the_changed_file() {
    let (_dir, prompts) = registry();
    let client = ScriptedClient::new();
    client.push_text(answer(&[("a.txt", "fine"), ("b.txt", "BAD")]));
    client.push_text(answer(&[("b.txt", "fixed")]));
    let generator = Generator::new(Arc::new(client), prompts, GenerateOptions::default());
    let outcome = generator.run(&note_task("rust")).await.unwrap();
    let paths: Vec<_> = outcome.artifacts.iter().map(|a| a.path.as_str()).collect();
    assert_eq!(paths, ["a.txt", "b.txt"]);
    assert_eq!(outcome.artifact("b.txt").unwrap().content, "fixed\n");
    assert!(!outcome.has_errors());
}

#[tokio::test]
async fn hostile_artifact_paths_are_rejected_reported_and_never_kept() {
    let (_dir, prompts) = registry();
    let client = ScriptedClient::new();
    client.push_text(answer(&[
        ("../../.ssh/authorized_keys", "ssh-ed25519 AAAA"),
        ("/etc/passwd", "root::0:0"),
    ]));
    client.push_text(answer(&[("C:\\Windows\\evil.txt", "x")]));
    client.push_text(answer(&[("notes/ok.txt", "GOOD")]));
    let generator = Generator::new(
        Arc::new(client.clone()),
        prompts,
        GenerateOptions::default(),
    );
    let outcome = generator.run(&note_task("rust")).await.unwrap();
    assert_eq!(
        outcome.rounds, 3,
        "each rejection is an error the model is asked to fix"
    );
    let paths: Vec<_> = outcome.artifacts.iter().map(|a| a.path.as_str()).collect();
    assert_eq!(paths, ["notes/ok.txt"]);
    let repair = client.requests()[1]
        .messages
        .last()
        .unwrap()
        .content
        .clone();
    assert!(repair.contains("SQ001"), "{repair}");
    assert!(repair.contains("authorized_keys"), "{repair}");

    let out = tempfile::tempdir().unwrap();
    let written = outcome.write_to(out.path(), false).unwrap();
    assert_eq!(written, vec![out.path().join("notes/ok.txt")]);
}

#[tokio::test]
async fn an_answer_without_files_is_an_error_finding() {
    let (_dir, prompts) = registry();
    let client = ScriptedClient::new();
    client.push_text("I would write a note that says GOOD.");
    client.push_text("```text\nGOOD\n```");
    let generator = Generator::new(
        Arc::new(client.clone()),
        prompts,
        GenerateOptions::default(),
    );
    let outcome = generator.run(&note_task("rust")).await.unwrap();
    assert_eq!(outcome.rounds, 2);
    assert_eq!(
        outcome.artifact("note.txt").unwrap().content,
        "GOOD\n",
        "default path for an unnamed block"
    );
    assert!(
        client.requests()[1]
            .messages
            .last()
            .unwrap()
            .content
            .contains("SQ003")
    );
}

#[tokio::test]
async fn offline_mode_runs_the_baseline_through_the_same_checks() {
    let (_dir, prompts) = registry();
    let generator = Generator::offline(prompts);
    let outcome = generator.run(&note_task("rust")).await.unwrap();
    assert_eq!(outcome.mode, Mode::Offline);
    assert_eq!(outcome.rounds, 0);
    assert_eq!(outcome.model, None);
    assert_eq!(outcome.usage, Usage::default());
    assert_eq!(outcome.artifacts[0].path, "notes/baseline.txt");
    assert_eq!(outcome.artifacts[0].kind.as_deref(), Some("note"));
    assert!(outcome.findings.is_empty());

    // A baseline that fails its own checker shows its findings (the agents' tests forbid this).
    let task = note_task("rust")
        .with_baseline(|| BaselineOutput::files([("x.txt".to_string(), "BAD".to_string())]));
    let outcome = generator.run(&task).await.unwrap();
    assert!(outcome.has_errors());

    // A missing input is the same error offline as with a model.
    let task = Task::new("test.note", PromptVars::new(), CheckerSet::new());
    let err = generator.run(&task).await.unwrap_err();
    assert!(err.to_string().contains("topic"), "{err}");

    let task = Task::new(
        "test.note",
        PromptVars::new().set("topic", "x"),
        CheckerSet::new(),
    );
    let err = generator.run(&task).await.unwrap_err();
    assert!(matches!(err, GenerateError::NoBaseline(_)), "{err}");
}

#[tokio::test]
async fn json_answers_are_parsed_checked_and_repaired() {
    let (_dir, prompts) = registry();
    let client = ScriptedClient::new();
    client.push_text("Sure! {\"count\": ");
    client.push_text("```json\n{\"count\": -1}\n```");
    client.push_text("{\"count\": 3}");
    let generator = Generator::new(
        Arc::new(client.clone()),
        prompts,
        GenerateOptions::default(),
    );
    let task = Task::new(
        "test.data",
        PromptVars::new().set("topic", "x"),
        CheckerSet::new(),
    )
    .with_data_check(|v| match v.get("count").and_then(|c| c.as_i64()) {
        Some(n) if n >= 0 => vec![],
        _ => vec![NO_BAD.finding(
            "<data>",
            Span::file_start(),
            "count must be a non-negative integer",
        )],
    });
    let outcome = generator.run(&task).await.unwrap();
    assert_eq!(outcome.rounds, 3);
    assert_eq!(outcome.data, Some(serde_json::json!({"count": 3})));
    assert!(
        client.requests()[1]
            .messages
            .last()
            .unwrap()
            .content
            .contains("SQ004")
    );
    assert!(
        client.requests()[2]
            .messages
            .last()
            .unwrap()
            .content
            .contains("non-negative")
    );
}

#[tokio::test]
async fn model_errors_name_the_prompt() {
    let (_dir, prompts) = registry();
    let client = ScriptedClient::new();
    client.push_error(ModelError::Auth {
        message: "bad key".into(),
    });
    let generator = Generator::new(Arc::new(client), prompts, GenerateOptions::default());
    let err = generator.run(&note_task("rust")).await.unwrap_err();
    let text = err.to_string();
    assert!(text.contains("test.note@v1"), "{text}");
    assert!(text.contains("OPENROUTER_API_KEY"), "{text}");
}

/// The whole stack from the environment, against a server on 127.0.0.1: a fake AWS key planted
/// in the requirements must not appear in any request body the server received.
#[tokio::test]
async fn a_planted_aws_key_never_reaches_the_model_server() {
    let server = MockServer::start().await;
    let body = serde_json::json!({
        "id": "gen-1", "model": "test/model", "object": "chat.completion", "created": 1,
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": answer(&[("note.txt", "BAD")])}}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}
    });
    Mock::given(method("POST"))
        .and(path("/chat/completions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;

    let (dir, _) = registry();
    let vars: HashMap<&str, String> = HashMap::from([
        ("OPENROUTER_API_KEY", "test-key-not-secret".to_string()),
        ("OPENROUTER_BASE_URL", server.uri()),
        ("SQUAD_PROMPTS_DIR", dir.path().display().to_string()),
    ]);
    let settings = Settings::from_vars(|k| vars.get(k).cloned()).unwrap();
    let generator = settings.generator(false).unwrap();
    // Built by concatenation so no key-shaped literal sits in the repository.
    let key = format!("AKIA{}", "Q4EXAMPLE7TESTK1");
    let secret = format!("wJalrXUtnFEMI/K7MDENG/{}", "bPxRfiCYEXAMPLEKEY");
    let requirements = format!(
        "deploy with aws_access_key_id = {key}\naws_secret_access_key = {secret}\nand DATABASE_URL=postgres://app:{}@db:5432/app",
        "s3cr3tPassw0rd"
    );
    let task = Task::new(
        "test.note",
        PromptVars::new()
            .set("topic", "deploy")
            .set("requirements", requirements.as_str()),
        CheckerSet::new().with(NoteChecker),
    );
    let outcome = generator.run(&task).await.unwrap();
    assert_eq!(outcome.rounds, 3, "the stack went through the repair loop");
    assert!(
        outcome.redactions >= 3,
        "redactions: {}",
        outcome.redactions
    );

    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 3);
    for request in received {
        let body = String::from_utf8_lossy(&request.body);
        assert!(!body.contains(&key), "the access key id leaked: {body}");
        assert!(!body.contains(&secret), "the secret key leaked");
        assert!(
            !body.contains("s3cr3tPassw0rd"),
            "the database password leaked"
        );
        assert!(body.contains("REDACTED"), "the redaction marker is there");
    }
}
