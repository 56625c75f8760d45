//! Dockerfile rules: one fixture per rule (`tests/fixtures/dockerfile/<CODE>.Dockerfile`) with
//! cases marked `# fire:` (must be reported) and `# ok:` (must not), and one insta snapshot per
//! rule of the findings it produces there.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::path::PathBuf;

use infra_agent::Stack;
use infra_agent::dockerfile::{DockerfileChecker, baseline_dockerfile};
use squad_core::check::Checker;
use squad_core::findings::{Finding, Rule};

#[path = "support/findings_text.rs"]
mod findings_text;
use findings_text::render;

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dockerfile")
}

fn codes(findings: &[Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.rule.as_str()).collect()
}

/// The cases of a fixture: (first line, last line, must fire), one per `# fire:` / `# ok:`
/// comment, up to the next one. Lines before the first such comment belong to no case.
fn cases(content: &str) -> Vec<(usize, usize, bool)> {
    let mut out: Vec<(usize, usize, bool)> = Vec::new();
    for (i, line) in content.lines().enumerate() {
        let t = line.trim();
        let fire = t.starts_with("# fire");
        if fire || t.starts_with("# ok") {
            out.push((i + 1, i + 1, fire));
        } else if let Some(last) = out.last_mut() {
            last.1 = i + 1;
        }
    }
    out
}

/// Run a rule on its fixture: it fires at least once, only in `fire` cases, in every `fire`
/// case, and its findings match the snapshot.
fn check_fixture(code: &str) {
    let path = fixtures_dir().join(format!("{code}.Dockerfile"));
    let content = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{code}: cannot read {}: {e}", path.display()));
    let file = format!("{code}.Dockerfile");
    let findings: Vec<Finding> = DockerfileChecker
        .check(&file, &content)
        .into_iter()
        .filter(|f| f.rule == code)
        .collect();
    assert!(
        !findings.is_empty(),
        "{code} does not fire on its own fixture"
    );

    let cases = cases(&content);
    for f in &findings {
        let line = f.line as usize;
        let fire = cases
            .iter()
            .any(|&(start, end, fire)| fire && (start..=end).contains(&line));
        assert!(
            fire,
            "{code} fired on line {line}, outside the `# fire` cases: {}",
            f.message
        );
    }
    for &(start, end, fire) in &cases {
        if fire {
            assert!(
                findings
                    .iter()
                    .any(|f| (start..=end).contains(&(f.line as usize))),
                "{code}: the `# fire` case on line {start} has no finding"
            );
        }
    }
    insta::assert_snapshot!(code, render(&findings));
}

macro_rules! rule_fixtures {
    ($($test:ident => $code:literal),* $(,)?) => {
        $(
            #[test]
            fn $test() {
                check_fixture($code);
            }
        )*

        const FIXTURE_CODES: &[&str] = &[$($code),*];
    };
}

rule_fixtures! {
    df000_syntax_error => "DF000",
    df001_image_untagged => "DF001",
    df002_duplicate_stage_name => "DF002",
    df003_copy_from_unknown_stage => "DF003",
    df004_maintainer_deprecated => "DF004",
    df005_relative_workdir => "DF005",
    df006_last_user_root => "DF006",
    df007_image_tag_latest => "DF007",
    df008_sudo_in_run => "DF008",
    df009_cd_in_run => "DF009",
    df010_pipe_without_pipefail => "DF010",
    df011_apt_get_install_unpinned => "DF011",
    df012_apt_lists_not_deleted => "DF012",
    df013_apt_get_missing_no_install_recommends => "DF013",
    df014_apt_instead_of_apt_get => "DF014",
    df015_apk_add_unpinned => "DF015",
    df016_apk_add_missing_no_cache => "DF016",
    df017_pip_install_unpinned => "DF017",
    df018_pip_install_missing_no_cache_dir => "DF018",
    df019_npm_install_unpinned => "DF019",
    df020_wget_without_progress_flag => "DF020",
    df021_consecutive_run_instructions => "DF021",
    df022_add_instead_of_copy => "DF022",
    df023_shell_form_cmd_entrypoint => "DF023",
    df024_multiple_cmd => "DF024",
    df025_multiple_entrypoint => "DF025",
    df026_multiple_healthcheck => "DF026",
    df027_expose_invalid_port => "DF027",
    df028_missing_healthcheck => "DF028",
    df029_missing_user => "DF029",
    df030_secret_in_env_or_arg => "DF030",
    df031_apt_get_install_missing_yes => "DF031",
    df032_copy_from_own_stage => "DF032",
    df033_copy_multiple_sources_dest_not_dir => "DF033",
    df034_expose_ssh_port => "DF034",
    df035_tls_verification_disabled => "DF035",
    df036_apt_get_update_alone => "DF036",
}

#[test]
fn every_rule_has_a_fixture_test_and_every_fixture_a_rule() {
    let rules: BTreeSet<&str> = DockerfileChecker.rules().iter().map(|r| r.code).collect();
    let tested: BTreeSet<&str> = FIXTURE_CODES.iter().copied().collect();
    assert_eq!(
        rules, tested,
        "rules without a fixture test, or tests without a rule"
    );
    let files: BTreeSet<String> = std::fs::read_dir(fixtures_dir())
        .unwrap()
        .map(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .trim_end_matches(".Dockerfile")
                .to_string()
        })
        .collect();
    let rule_names: BTreeSet<String> = rules.iter().map(|c| c.to_string()).collect();
    assert_eq!(files, rule_names, "fixture files and rules differ");
}

#[test]
fn at_least_28_rules_with_unique_codes_and_names() {
    let rules = DockerfileChecker.rules();
    assert!(rules.len() >= 29, "only {} rules", rules.len());
    let codes: BTreeSet<&str> = rules.iter().map(|r| r.code).collect();
    let names: BTreeSet<&str> = rules.iter().map(|r| r.name).collect();
    assert_eq!(codes.len(), rules.len(), "duplicate codes");
    assert_eq!(names.len(), rules.len(), "duplicate names");
    let mut registry = squad_core::findings::RuleRegistry::new();
    registry.register(rules).unwrap();
    assert_eq!(registry.get("DF007").unwrap().name, "image-tag-latest");
}

fn check_rule_description(rule: &Rule) -> Result<(), String> {
    let code_ok = rule.code.len() == 5
        && rule.code.starts_with("DF")
        && rule.code[2..].bytes().all(|b| b.is_ascii_digit());
    if !code_ok {
        return Err("code is not DFnnn".into());
    }
    let kebab = !rule.name.is_empty()
        && rule
            .name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !rule.name.starts_with('-')
        && !rule.name.ends_with('-');
    if !kebab {
        return Err(format!("name {:?} is not kebab-case", rule.name));
    }
    if rule.kinds != ["dockerfile"] {
        return Err("kinds must be [\"dockerfile\"]".into());
    }
    if rule.summary.is_empty() || rule.help.is_empty() {
        return Err("empty summary or help".into());
    }
    // The five sections, in order.
    let mut at = 0;
    for section in [
        "## What it does\n",
        "## Why is this bad?\n",
        "## Example\n",
        "Use instead:\n",
        "## References\n",
    ] {
        let found = rule.doc[at..]
            .find(section)
            .ok_or_else(|| format!("doc lacks {section:?} (after the previous section)"))?;
        at += found + section.len();
    }
    let example = &rule.doc[rule.doc.find("## Example").unwrap_or(0)..];
    if example.matches("```dockerfile\n").count() < 2 {
        return Err("Example and Use instead need ```dockerfile blocks".into());
    }
    const TOOLS: &[&str] = &["hadolint", "checkov", "cwe"];
    for reference in rule.references {
        let (tool, id) = reference
            .split_once(':')
            .ok_or_else(|| format!("reference {reference:?} is not tool:ID"))?;
        if !TOOLS.contains(&tool) || id.is_empty() {
            return Err(format!("reference {reference:?} names an unknown tool"));
        }
    }
    if rule.code != "DF000" && rule.references.is_empty() {
        return Err("no peer-tool reference".into());
    }
    Ok(())
}

#[test]
fn every_rule_is_documented_in_ruff_sections() {
    let problems: Vec<String> = DockerfileChecker
        .rules()
        .iter()
        .filter_map(|r| {
            check_rule_description(r)
                .err()
                .map(|e| format!("{}: {e}", r.code))
        })
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_checker_reports_only_its_rules() {
    let known: BTreeSet<&str> = DockerfileChecker.rules().iter().map(|r| r.code).collect();
    for code in FIXTURE_CODES {
        let content =
            std::fs::read_to_string(fixtures_dir().join(format!("{code}.Dockerfile"))).unwrap();
        for f in DockerfileChecker.check("Dockerfile", &content) {
            assert!(known.contains(f.rule.as_str()), "unknown rule {}", f.rule);
            let rule = DockerfileChecker
                .rules()
                .iter()
                .find(|r| r.code == f.rule)
                .unwrap();
            assert_eq!(f.severity, rule.severity);
            assert_eq!(f.name, rule.name);
        }
    }
}

/// Rules about the final stage can only show one outcome per fixture file; these are the
/// other outcomes.
#[test]
fn whole_file_rules_stay_quiet_when_satisfied() {
    let clean = |code: &str, src: &str| {
        let findings = DockerfileChecker.check("Dockerfile", src);
        assert!(
            !codes(&findings).contains(&code),
            "{code} fired on:\n{src}\n{}",
            render(&findings)
        );
    };
    clean(
        "DF028",
        "FROM node:22.11.0-bookworm-slim\nHEALTHCHECK CMD [\"node\", \"h.js\"]\n",
    );
    clean(
        "DF028",
        "FROM node:22.11.0-bookworm-slim\nHEALTHCHECK NONE\n",
    );
    clean(
        "DF028",
        "FROM node:22.11.0-bookworm-slim AS base\nHEALTHCHECK CMD [\"node\", \"h.js\"]\nFROM base\n",
    );
    clean("DF028", "# only a comment\n");
    clean("DF029", "FROM node:22.11.0-bookworm-slim\nUSER node\n");
    clean(
        "DF029",
        "FROM node:22.11.0-bookworm-slim AS base\nUSER node\nFROM base\n",
    );
    clean("DF029", "FROM gcr.io/distroless/static-debian12:nonroot\n");
    clean(
        "DF006",
        "FROM node:22.11.0-bookworm-slim\nUSER root\nRUN id\nUSER node\n",
    );
    clean(
        "DF006",
        "FROM alpine:3.20 AS a\nUSER root\nFROM node:22.11.0-bookworm-slim\n",
    );
    clean(
        "DF012",
        "FROM debian:12.8-slim AS build\nRUN apt-get update && apt-get install -y --no-install-recommends gcc=4:12.2.0-3\nFROM debian:12.8-slim\nUSER 1000\n",
    );
}

#[test]
fn findings_are_sorted_and_spans_are_well_formed() {
    for code in FIXTURE_CODES {
        let content =
            std::fs::read_to_string(fixtures_dir().join(format!("{code}.Dockerfile"))).unwrap();
        let findings = DockerfileChecker.check("Dockerfile", &content);
        let lines = content.lines().count() as u32;
        let mut sorted = findings.clone();
        squad_core::findings::sort_findings(&mut sorted);
        assert_eq!(findings, sorted, "{code}: findings are not sorted");
        for f in &findings {
            assert!(f.line >= 1 && f.line <= lines.max(1), "{code}: {f:?}");
            assert!(
                f.end_line >= f.line && f.end_line <= lines.max(1),
                "{code}: {f:?}"
            );
            assert!(f.column >= 1, "{code}: {f:?}");
            assert!(
                f.end_line > f.line || f.end_column >= f.column,
                "{code}: {f:?}"
            );
        }
    }
}

#[test]
fn spans_point_at_the_offending_token() {
    let src = "FROM node:latest\nRUN apt-get update && apt-get install -y --no-install-recommends curl \\\n    git=1:2.39.5 && rm -rf /var/lib/apt/lists/*\n";
    let findings = DockerfileChecker.check("Dockerfile", src);
    let df007 = findings.iter().find(|f| f.rule == "DF007").unwrap();
    assert_eq!(
        (df007.line, df007.column, df007.end_line, df007.end_column),
        (1, 6, 1, 17),
        "the image reference"
    );
    let df011 = findings.iter().find(|f| f.rule == "DF011").unwrap();
    assert_eq!(
        (df011.line, df011.column, df011.end_line, df011.end_column),
        (2, 66, 2, 70),
        "the package name"
    );
    assert!(df011.message.contains("`curl`"));
}

#[test]
fn inline_ignore_comments() {
    let src = "FROM debian:12.8-slim\n\
# hadolint ignore=DL3008,DL3015\n\
RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n\
# squad-ignore=DF011 pinned by the base image\n\
RUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*\n\
RUN apt-get update && apt-get install -y --no-install-recommends wget && rm -rf /var/lib/apt/lists/*\n\
USER 1000\n\
HEALTHCHECK NONE\n";
    let findings = DockerfileChecker.check("Dockerfile", src);
    let df011: Vec<u32> = findings
        .iter()
        .filter(|f| f.rule == "DF011")
        .map(|f| f.line)
        .collect();
    assert_eq!(df011, [6], "{}", render(&findings));
    assert!(
        !codes(&findings).contains(&"DF013"),
        "{}",
        render(&findings)
    );
    // File-wide.
    let src = "# hadolint global ignore=DL3059\n# squad-ignore-file=DF029,DF028\nFROM debian:12.8-slim\nRUN true\nRUN true\n";
    assert!(DockerfileChecker.check("Dockerfile", src).is_empty());
    // Syntax errors cannot be silenced.
    let src = "# squad-ignore=DF000\nFROMM x\n";
    assert!(codes(&DockerfileChecker.check("Dockerfile", src)).contains(&"DF000"));
}

#[test]
fn matches_dockerfile_names_and_content() {
    let c = DockerfileChecker;
    assert_eq!(c.kind(), "dockerfile");
    for name in [
        "Dockerfile",
        "docker/Dockerfile",
        "api.Dockerfile",
        "Dockerfile.prod",
        "Containerfile",
        "a\\b\\Dockerfile",
    ] {
        assert!(c.matches(name, ""), "{name}");
    }
    assert!(!c.matches("Dockerfile.dockerignore", "FROM x"));
    assert!(!c.matches("compose.yaml", "services:\n  web: {}\n"));
    assert!(c.matches("build.txt", "# comment\nARG V=1\n\nfrom alpine:3.20\n"));
    assert!(!c.matches("notes.txt", "RUN echo\nFROM x\n"));
    assert!(!c.matches("notes.txt", "from here on, things change"));
}

#[test]
fn every_baseline_is_clean() {
    for stack in Stack::ALL {
        let dockerfile = baseline_dockerfile(stack);
        let findings = DockerfileChecker.check("Dockerfile", &dockerfile);
        assert!(
            findings.is_empty(),
            "baseline for {stack} has findings:\n{}\n---\n{dockerfile}",
            render(&findings)
        );
        assert!(
            dockerfile.starts_with("# syntax=docker/dockerfile:1\n"),
            "{stack}"
        );
        assert_eq!(
            dockerfile,
            baseline_dockerfile(stack),
            "{stack}: not deterministic"
        );
    }
}

#[test]
fn baselines_have_the_production_essentials() {
    for stack in Stack::ALL {
        let dockerfile = baseline_dockerfile(stack);
        let df = infra_agent::dockerfile::parse(&dockerfile);
        assert!(df.stages().len() >= 2, "{stack}: not multi-stage");
        let last = df.stages().last().unwrap();
        let image = last.base_image().unwrap();
        assert!(
            image.contains(':') && !image.ends_with(":latest"),
            "{stack}: {image}"
        );
        for needed in [
            "USER ",
            "HEALTHCHECK ",
            "EXPOSE ",
            "CMD [",
            "--mount=type=cache",
        ] {
            assert!(dockerfile.contains(needed), "{stack}: no {needed}");
        }
        let healthcheck = df
            .instructions()
            .iter()
            .find(|i| i.keyword() == infra_agent::dockerfile::Keyword::Healthcheck)
            .unwrap();
        assert!(
            healthcheck.is_exec_form(),
            "{stack}: HEALTHCHECK not in exec form"
        );
        let lines: Vec<&str> = dockerfile.lines().collect();
        let probe = lines[healthcheck.start_line() as usize - 1..healthcheck.end_line() as usize]
            .join("\n");
        assert!(
            !probe.contains("curl") && !probe.contains("wget"),
            "{stack}: the health check needs curl or wget: {probe}"
        );
    }
}
