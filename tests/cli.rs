//! The `squad` command as a user runs it: exit codes, formats, messages.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output};

fn squad(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_squad"))
        .args(args)
        .current_dir(cwd)
        .env_remove("OPENROUTER_API_KEY")
        .env_remove("SQUAD_CASSETTE")
        .env_remove("SQUAD_CASSETTE_MODE")
        .env_remove("SQUAD_PROMPTS_DIR")
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const CLEAN: &str = "# syntax=docker/dockerfile:1\nFROM alpine:3.20.3\nRUN addgroup -S app && adduser -S app -G app\nUSER app\nHEALTHCHECK --interval=30s CMD [\"true\"]\nCMD [\"sh\", \"-c\", \"echo ok\"]\n";

#[test]
fn check_exits_0_on_a_clean_file_and_1_on_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Dockerfile"), CLEAN).unwrap();
    let out = squad(&["check", "Dockerfile"], dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );

    // A secret in ENV is an error-severity finding.
    std::fs::write(
        dir.path().join("Dockerfile"),
        CLEAN.replace("USER app\n", "USER app\nENV DB_PASSWORD=hunter2hunter2\n"),
    )
    .unwrap();
    let out = squad(&["check", "Dockerfile"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("Dockerfile:5:"),
        "the finding names its line: {stdout}"
    );
    assert!(
        stdout.contains("ENV DB_PASSWORD"),
        "the source line is shown: {stdout}"
    );
}

#[test]
fn a_file_that_fails_to_parse_is_a_finding_with_its_line_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Dockerfile"),
        "FROM alpine:3.20.3\nRUN <<EOF\necho never closed\n",
    )
    .unwrap();
    let out = squad(&["check", "--format", "json", "Dockerfile"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let syntax: Vec<_> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "DF000")
        .collect();
    assert_eq!(syntax.len(), 1, "{json}");
    assert_eq!(syntax[0]["severity"], "error");
    assert!(syntax[0]["line"].as_u64().unwrap() >= 2);
}

#[test]
fn an_unreadable_path_is_a_clear_message_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = squad(&["check", "no/such/Dockerfile"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("no/such/Dockerfile"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_file_of_unknown_kind_asks_for_kind_and_a_bad_kind_lists_the_known_ones() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "hello\n").unwrap();
    let out = squad(&["check", "notes.txt"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--kind"),
        "{}",
        text(&out.stderr)
    );

    let out = squad(&["check", "--kind", "nope", "notes.txt"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("dockerfile"),
        "{}",
        text(&out.stderr)
    );

    std::fs::write(dir.path().join("build.txt"), CLEAN).unwrap();
    let out = squad(&["check", "--kind", "dockerfile", "build.txt"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
}

#[test]
fn check_json_follows_the_design_contract_and_sarif_is_2_1_0() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Dockerfile"),
        "FROM node:latest\nCMD node server.js\n",
    )
    .unwrap();
    let out = squad(&["check", "--format", "json", "."], dir.path());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &json["findings"][0];
    for key in [
        "rule",
        "name",
        "severity",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "message",
        "help",
        "references",
    ] {
        assert!(first.get(key).is_some(), "missing {key} in {first}");
    }
    assert_eq!(json["summary"]["files"], 1);
    let latest = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["references"][0] == "hadolint:DL3007")
        .unwrap();
    assert_eq!(
        (latest["line"].as_u64(), latest["path"].as_str()),
        (Some(1), Some("Dockerfile"))
    );

    let out = squad(&["check", "--format", "sarif", "Dockerfile"], dir.path());
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(!sarif["runs"][0]["results"].as_array().unwrap().is_empty());
}

#[test]
fn rules_lists_every_rule_and_explains_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = squad(&["rules", "--format", "json"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let rules: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules = rules.as_array().unwrap();
    assert!(rules.len() >= 29, "{}", rules.len());
    for key in ["rule", "name", "severity", "kinds", "summary", "references"] {
        assert!(rules[0].get(key).is_some(), "missing {key}");
    }
    let out = squad(&["rules", "DF000"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let doc = text(&out.stdout);
    assert!(
        doc.contains("## What it does") && doc.contains("## Why is this bad?"),
        "{doc}"
    );

    let out = squad(
        &["rules", "image-tag-latest", "--format", "json"],
        dir.path(),
    );
    let named: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<_> = named
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rule"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"DF007") && codes.len() >= 2,
        "a shared name lists every rule: {codes:?}"
    );

    let out = squad(&["rules", "NOPE999"], dir.path());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn run_offline_produces_a_clean_dockerfile_and_writes_it_without_overwriting() {
    let dir = tempfile::tempdir().unwrap();
    let out = squad(
        &[
            "run",
            "infrastructure",
            "dockerfile",
            "--stack",
            "go",
            "--format",
            "json",
            "--out",
            "out",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["mode"], "offline");
    assert_eq!(json["prompt"], "infrastructure.dockerfile@v1");
    assert_eq!(json["summary"]["errors"], 0);
    assert!(dir.path().join("out/Dockerfile").exists());
    assert!(
        text(&out.stderr).contains("OPENROUTER_API_KEY"),
        "offline mode is said: {}",
        text(&out.stderr)
    );

    // A second run into the same folder refuses to overwrite.
    let out = squad(
        &[
            "run",
            "infra",
            "dockerfile",
            "--stack",
            "go",
            "--out",
            "out",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--force"),
        "{}",
        text(&out.stderr)
    );

    let out = squad(
        &["run", "infra", "dockerfile", "--stack", "cobol"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("nextjs"),
        "valid stacks are listed: {}",
        text(&out.stderr)
    );
}

#[test]
fn prompts_list_and_render() {
    let dir = tempfile::tempdir().unwrap();
    let out = squad(&["prompts", "list"], dir.path());
    assert!(text(&out.stdout).contains("infrastructure.dockerfile@v1"));
    let out = squad(
        &[
            "prompts",
            "render",
            "infrastructure.dockerfile@v1",
            "--var",
            "stack=go",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("=== user ==="));
    let out = squad(
        &["prompts", "render", "infrastructure.dockerfile"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("stack"), "{}", text(&out.stderr));
}
