//! Shared by the GitHub Actions and GitLab CI rule tests: fixtures of YAML documents separated
//! by `---` with `# fires` markers, the one-line rendering of findings used in snapshots, the
//! bounds every finding must respect, and random edits for the proptests.
#![allow(dead_code, clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::path::Path;

use proptest::prelude::*;
use squad_core::check::Checker;
use squad_core::findings::Finding;

/// The documents of a fixture, each padded with blank lines so that its line numbers are
/// those of the fixture file.
pub(crate) fn documents(src: &str) -> Vec<String> {
    let mut docs = Vec::new();
    let mut current = String::new();
    let mut start = 0;
    for (i, line) in src.lines().enumerate() {
        if line == "---" {
            docs.push(format!("{}{current}", "\n".repeat(start)));
            current.clear();
            start = i + 1;
        } else {
            current.push_str(line);
            current.push('\n');
        }
    }
    docs.push(format!("{}{current}", "\n".repeat(start)));
    docs
}

pub(crate) use crate::findings_text::render;

/// Check a rule's fixture in `dir` as files at `path`: its findings of that rule, against
/// the `# fires` markers.
pub(crate) fn check_rule(
    checker: &dyn Checker,
    path: &str,
    dir: &Path,
    code: &str,
) -> Vec<Finding> {
    let file = dir.join(format!("{code}.yml"));
    let src = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file:?}: {e}"));
    let findings: Vec<Finding> = documents(&src)
        .iter()
        .flat_map(|doc| checker.check(path, doc))
        .filter(|f| f.rule == code)
        .collect();
    assert!(!findings.is_empty(), "{code} does not fire on its fixture");
    if !code.ends_with("000") {
        let marked: BTreeSet<u32> = src
            .lines()
            .enumerate()
            .filter(|(_, l)| l.trim_end().ends_with("# fires"))
            .map(|(i, _)| i as u32 + 1)
            .collect();
        let found: BTreeSet<u32> = findings.iter().map(|f| f.line).collect();
        assert_eq!(
            found,
            marked,
            "{code}: lines with findings vs lines marked `# fires`\n{}",
            render(&findings)
        );
    }
    findings
}

/// Every finding lies inside the file and has a well-formed span.
pub(crate) fn assert_sane(checker: &dyn Checker, path: &str, src: &str) {
    let findings = checker.check(path, src);
    let lines = src.split('\n').count() as u32;
    for f in findings {
        assert!(
            f.line >= 1 && f.line <= lines.max(1),
            "{f:?} outside {lines} lines"
        );
        assert!(f.end_line >= f.line, "{f:?}");
        assert!(f.column >= 1, "{f:?}");
    }
}

/// A random edit of a text, on characters (never splitting one).
#[derive(Debug, Clone)]
pub(crate) enum Edit {
    Delete(usize, usize),
    Insert(usize, String),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    Indent(usize, bool),
}

pub(crate) fn edit_strategy() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 0usize..40).prop_map(|(a, n)| Edit::Delete(a, n)),
        (
            any::<usize>(),
            "[ -~\n\t:{}\\[\\]'\"#$|>&*!-]{0,12}|\\PC{0,4}"
        )
            .prop_map(|(a, s)| Edit::Insert(a, s)),
        any::<usize>().prop_map(Edit::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::SwapLines(a, b)),
        (any::<usize>(), any::<bool>()).prop_map(|(a, more)| Edit::Indent(a, more)),
    ]
}

pub(crate) fn apply(src: &str, edit: &Edit) -> String {
    let chars: Vec<char> = src.chars().collect();
    let mut lines: Vec<String> = src.split('\n').map(str::to_string).collect();
    match edit {
        Edit::Delete(at, n) => {
            let at = at % (chars.len() + 1);
            let end = (at + n).min(chars.len());
            chars[..at].iter().chain(&chars[end..]).collect()
        }
        Edit::Insert(at, s) => {
            let at = at % (chars.len() + 1);
            let mut out: String = chars[..at].iter().collect();
            out.push_str(s);
            out.extend(&chars[at..]);
            out
        }
        Edit::DuplicateLine(i) => {
            let i = i % lines.len();
            let line = lines[i].clone();
            lines.insert(i, line);
            lines.join("\n")
        }
        Edit::SwapLines(a, b) => {
            let (a, b) = (a % lines.len(), b % lines.len());
            lines.swap(a, b);
            lines.join("\n")
        }
        Edit::Indent(i, more) => {
            let i = i % lines.len();
            if *more {
                lines[i].insert_str(0, "  ");
            } else {
                lines[i] = lines[i].trim_start().to_string();
            }
            lines.join("\n")
        }
    }
}
