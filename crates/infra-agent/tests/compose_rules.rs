//! The compose rules on their fixtures: one fixture per rule (cases that must fire and must
//! not), one snapshot of that rule's findings per fixture, the rules' own documentation
//! examples, clean files, and a never-panic property test.
#![allow(clippy::unwrap_used)] // helpers outside #[test] functions

use std::path::{Path, PathBuf};

use infra_agent::compose::ComposeChecker;
use proptest::prelude::*;
use squad_core::check::Checker;
use squad_core::findings::{Finding, Severity};

#[path = "support/findings_text.rs"]
mod findings_text;
use findings_text::render;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/compose")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every line number a finding gives lies within the file.
fn assert_lines_within(content: &str, findings: &[Finding]) {
    let lines = u32::try_from(content.lines().count().max(1)).unwrap();
    for f in findings {
        assert!(
            f.line >= 1 && f.line <= lines && f.end_line >= f.line,
            "finding outside the file ({lines} lines): {f:?}"
        );
    }
}

#[test]
fn each_rule_fires_on_its_fixture_and_matches_its_snapshot() {
    for rule in ComposeChecker.rules() {
        let path = fixtures().join(format!("{}.yml", rule.code));
        let content = read(&path);
        let findings: Vec<Finding> = ComposeChecker
            .check(&format!("{}.yml", rule.code), &content)
            .into_iter()
            .filter(|f| f.rule == rule.code)
            .collect();
        assert!(
            !findings.is_empty(),
            "{} does not fire on its fixture",
            rule.code
        );
        assert_lines_within(&content, &findings);
        for f in &findings {
            assert_eq!(f.name, rule.name);
            assert_eq!(
                f.references,
                rule.references
                    .iter()
                    .map(|r| r.to_string())
                    .collect::<Vec<_>>()
            );
        }
        insta::assert_snapshot!(format!("{}_{}", rule.code, rule.name), render(&findings));
    }
}

#[test]
fn rules_are_documented_in_ruff_sections() {
    let rules = ComposeChecker.rules();
    assert!(rules.len() >= 16, "only {} rules", rules.len());
    for (i, rule) in rules.iter().enumerate() {
        assert_eq!(
            rule.code,
            format!("DC{i:03}"),
            "codes are dense and in order"
        );
        assert!(rule.code.starts_with("DC"));
        assert_eq!(rule.kinds, ["compose"]);
        assert!(
            rule.name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'-'),
            "{} is not kebab-case",
            rule.name
        );
        let mut last = 0;
        for section in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "Use instead:",
            "## References",
        ] {
            let at = rule
                .doc
                .find(section)
                .unwrap_or_else(|| panic!("{} lacks {section}", rule.code));
            assert!(at >= last, "{}: {section} out of order", rule.code);
            last = at;
        }
        for reference in rule.references {
            let (tool, id) = reference.split_once(':').unwrap();
            assert!(
                ["compose-lint", "dclint", "cwe"].contains(&tool) && !id.is_empty(),
                "{reference}"
            );
        }
    }
}

/// The fenced yaml blocks after `## Example` and after `Use instead:`.
fn doc_examples(doc: &str) -> (String, String) {
    let block_after = |marker: &str| {
        let start = doc.find(marker).unwrap() + marker.len();
        let open = doc[start..].find("```yaml\n").unwrap() + start + "```yaml\n".len();
        let close = doc[open..].find("```").unwrap() + open;
        doc[open..close].to_string()
    };
    (block_after("## Example"), block_after("Use instead:"))
}

#[test]
fn documentation_examples_fire_and_their_fixes_are_clean() {
    for rule in ComposeChecker.rules() {
        let (bad, good) = doc_examples(rule.doc);
        let fired = ComposeChecker.check("compose.yaml", &bad);
        assert!(
            fired.iter().any(|f| f.rule == rule.code),
            "{}: its example does not fire:\n{}",
            rule.code,
            render(&fired)
        );
        let fixed = ComposeChecker.check("compose.yaml", &good);
        assert!(
            fixed.is_empty(),
            "{}: its fix is not clean:\n{}",
            rule.code,
            render(&fixed)
        );
    }
}

#[test]
fn clean_files_give_no_finding() {
    let dir = fixtures().join("clean");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let findings = ComposeChecker.check("compose.yaml", &read(&path));
        assert!(
            findings.is_empty(),
            "{}:\n{}",
            path.display(),
            render(&findings)
        );
        count += 1;
    }
    assert!(count >= 2);
}

#[test]
fn the_seed_stack_as_written_gets_the_expected_findings() {
    let content = read(&fixtures().join("seed-original.yml"));
    let findings = ComposeChecker.check("docker/docker-compose.dev.yml", &content);
    insta::assert_snapshot!("seed-original", render(&findings));
    let codes: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
    assert!(codes.contains(&"DC004"), "version");
    assert!(codes.contains(&"DC020"), "POSTGRES_PASSWORD: pass");
    // Tags such as `postgres:16` are tags: pinning finer is advice, not a finding.
    assert!(!codes.contains(&"DC015") && !codes.contains(&"DC016"));
}

#[test]
fn a_syntax_error_is_one_finding_at_its_line() {
    let content = read(&fixtures().join("DC000.yml"));
    let findings = ComposeChecker.check("compose.yaml", &content);
    assert_eq!(findings.len(), 1, "{}", render(&findings));
    assert_eq!(findings[0].rule, "DC000");
    assert_eq!(findings[0].severity, Severity::Error);
    assert!((5..=6).contains(&findings[0].line), "{:?}", findings[0]);
    // An error at the very end of the file still points inside it.
    for text in ["services:\n  web: [a, b\n", "%0", "a: 1\n---\n%"] {
        let findings = ComposeChecker.check("compose.yaml", text);
        assert_eq!(findings.len(), 1, "{text:?}");
        assert_lines_within(text, &findings);
    }
}

#[test]
fn severities_follow_what_compose_does() {
    let content = read(&fixtures().join("DC021.yml"));
    let findings: Vec<Finding> = ComposeChecker
        .check("compose.yaml", &content)
        .into_iter()
        .filter(|f| f.rule == "DC021")
        .collect();
    let severities: Vec<Severity> = findings.iter().map(|f| f.severity).collect();
    assert_eq!(
        severities,
        [Severity::Warning, Severity::Error, Severity::Error],
        "missing healthcheck warns (the image may have one), a disabled one is an error"
    );
}

#[test]
fn override_and_include_files_may_reference_what_they_do_not_declare() {
    let overlay = "services:\n  web:\n    depends_on: [db]\n    networks: [front]\n    environment:\n      LOG_LEVEL: debug\n";
    assert!(
        ComposeChecker
            .check("docker-compose.override.yml", overlay)
            .is_empty()
    );
    let base = ComposeChecker.check("docker-compose.yml", overlay);
    let codes: Vec<&str> = base.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(codes, ["DC012", "DC007", "DC008"]);
}

const VALID: &str = include_str!("fixtures/compose/clean/full-spec.yml");

/// Text pieces that YAML and compose give meaning to, for mutations.
const PIECES: &[&str] = &[
    ":",
    "-",
    " ",
    "  ",
    "\n",
    "[",
    "]",
    "{",
    "}",
    "'",
    "\"",
    "&a",
    "*a",
    "<<: ",
    "${",
    "}",
    "#",
    "|",
    ">",
    "!!",
    "?",
    ",",
    "\t",
    "é",
    "🦀",
    "\u{feff}",
    "services:",
    "ports:",
    "- \"8080:80\"",
    "depends_on: [x]",
    "~",
    "null",
    "0x",
    "99999",
];

fn mutate(base: &str, edits: &[(usize, usize, usize)]) -> String {
    let mut text = base.to_string();
    for &(at, len, piece) in edits {
        let chars: Vec<char> = text.chars().collect();
        let at = at % (chars.len() + 1);
        let end = (at + len % 8).min(chars.len());
        let mut next: String = chars[..at].iter().collect();
        next.push_str(PIECES[piece % PIECES.len()]);
        next.extend(&chars[end..]);
        text = next;
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn never_panics_on_arbitrary_text(content in "\\PC{0,400}") {
        let findings = ComposeChecker.check("compose.yaml", &content);
        assert_lines_within(&content, &findings);
        let _ = ComposeChecker.matches("x.yml", &content);
    }

    #[test]
    fn never_panics_on_mutations_of_a_valid_file(
        edits in proptest::collection::vec((0usize..8000, 0usize..64, 0usize..64), 1..6)
    ) {
        let content = mutate(VALID, &edits);
        let findings = ComposeChecker.check("compose.yaml", &content);
        assert_lines_within(&content, &findings);
    }
}
