//! Property tests: the Dockerfile checker never panics, whatever the input, and every finding
//! stays within the file.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use infra_agent::Stack;
use infra_agent::dockerfile::{DockerfileChecker, baseline_dockerfile, parse};
use proptest::prelude::*;
use squad_core::check::Checker;

/// Check `content` and assert that every finding is inside it.
fn assert_findings_in_bounds(content: &str) {
    let lines = content.lines().count().max(1) as u32;
    for f in DockerfileChecker.check("Dockerfile", content) {
        assert!(
            f.line >= 1 && f.line <= lines,
            "line {} outside 1..={lines}: {f:?}",
            f.line
        );
        assert!(
            f.end_line >= f.line && f.end_line <= lines,
            "end line {} outside {}..={lines}: {f:?}",
            f.end_line,
            f.line
        );
        assert!(f.column >= 1 && f.end_column >= 1, "{f:?}");
    }
    // The parse tree's own accessors hold up too.
    let df = parse(content);
    for e in df.syntax_errors() {
        assert!(e.span().line >= 1 && e.span().line <= lines, "{e:?}");
    }
}

/// Valid Dockerfiles to mutate: the baselines, the rule fixtures and a sample of every syntax
/// feature.
fn seeds() -> Vec<String> {
    let mut seeds: Vec<String> = Stack::ALL.iter().map(|s| baseline_dockerfile(*s)).collect();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dockerfile");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the fixtures folder")
        .map(|e| e.expect("a fixture entry").path())
        .collect();
    files.sort();
    for file in files {
        seeds.push(std::fs::read_to_string(file).expect("a readable fixture"));
    }
    seeds.push(
        "# syntax=docker/dockerfile:1\n# escape=`\nARG BASE=mcr.microsoft.com/windows/servercore:ltsc2022\n\
FROM ${BASE:-x} AS build\nRUN dir C:\\ `\n  # comment inside\n\n  && echo ok\nCOPY <<-A <<'B' C:\\dst\\\n\tone\n\tA\ntwo\nB\n\
ONBUILD RUN <<EOF\necho é\nEOF\nHEALTHCHECK --interval=5s CMD [\"cmd\", \"/c\", \"exit 0\"]\nENV a=\"x y\" b='z'\n"
            .to_string(),
    );
    seeds
}

/// A mutation of a file's lines or bytes.
#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    InsertText(usize, String),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let text = prop_oneof![
        Just("\\".to_string()),
        Just("`".to_string()),
        Just("<<EOF".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("[\"".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("${".to_string()),
        Just("--mount=".to_string()),
        Just("é".to_string()),
        Just("\u{feff}".to_string()),
        Just("#".to_string()),
        Just(" | ".to_string()),
        any::<char>().prop_map(|c| c.to_string()),
        ".{0,8}",
    ];
    prop_oneof![
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (any::<usize>(), text).prop_map(|(at, s)| Mutation::InsertText(at, s)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

/// The largest char boundary of `s` not after `at`.
fn boundary(s: &str, at: usize) -> usize {
    let mut at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply(content: &str, mutation: &Mutation) -> String {
    let mut lines: Vec<&str> = content.split_inclusive('\n').collect();
    match mutation {
        Mutation::DeleteLine(i) if !lines.is_empty() => {
            let i = i % lines.len();
            lines.remove(i);
            lines.concat()
        }
        Mutation::DuplicateLine(i) if !lines.is_empty() => {
            let i = i % lines.len();
            lines.insert(i, lines[i]);
            lines.concat()
        }
        Mutation::SwapLines(a, b) if !lines.is_empty() => {
            let (a, b) = (a % lines.len(), b % lines.len());
            lines.swap(a, b);
            lines.concat()
        }
        Mutation::InsertText(at, text) => {
            let at = boundary(content, at % (content.len() + 1));
            format!("{}{text}{}", &content[..at], &content[at..])
        }
        Mutation::Truncate(at) => {
            let at = boundary(content, at % (content.len() + 1));
            content[..at].to_string()
        }
        _ => content.to_string(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn never_panics_on_arbitrary_strings(content in any::<String>()) {
        assert_findings_in_bounds(&content);
    }

    #[test]
    fn never_panics_on_dockerfile_like_noise(
        content in "([A-Za-z]{1,11}|[ \t]|\\\\|`|<<-?['\"]?E?O?F?['\"]?|\\[|\\]|\"|'|\\$\\{?|[=:@/,.#|&;()-]|\r?\n|é|\u{feff}){0,120}"
    ) {
        assert_findings_in_bounds(&content);
    }

    #[test]
    fn never_panics_on_mutated_dockerfiles(
        seed in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let seeds = seeds();
        let mut content = seeds[seed.index(seeds.len())].clone();
        for m in &mutations {
            content = apply(&content, m);
        }
        assert_findings_in_bounds(&content);
    }
}

#[test]
fn every_prefix_of_every_seed_is_handled() {
    // Exhaustive truncation: each seed cut at every char boundary.
    for seed in seeds() {
        for (at, _) in seed.char_indices() {
            assert_findings_in_bounds(&seed[..at]);
        }
    }
}
