//! The GitLab CI rules on their fixtures: one fixture per rule
//! (`tests/fixtures/gitlab-ci/<CODE>.yml`, YAML documents separated by `---`, each checked as
//! a pipeline of its own), one snapshot per rule of that rule's findings. In the
//! fixtures, a line ending in `# fires` must get a finding of the rule, and no other line
//! may (syntax errors excepted: the parser decides where it gives up).

use std::collections::BTreeSet;
use std::path::PathBuf;

use infra_agent::ci::GitlabCiChecker;
use proptest::prelude::*;
use squad_core::check::Checker;
use squad_core::findings::Finding;

const PATH: &str = ".gitlab-ci.yml";

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gitlab-ci")
}

/// The documents of a fixture, each padded with blank lines so that its line numbers are
/// those of the fixture file.
fn documents(src: &str) -> Vec<String> {
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

fn render(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|f| {
            format!(
                "{}:{}-{}:{} {} {}",
                f.line, f.column, f.end_line, f.end_column, f.rule, f.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Check a rule's fixture: its findings of that rule, against the `# fires` markers.
fn check_rule(code: &str) -> Vec<Finding> {
    let path = fixtures().join(format!("{code}.yml"));
    let src = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let findings: Vec<Finding> = documents(&src)
        .iter()
        .flat_map(|doc| GitlabCiChecker.check(PATH, doc))
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

#[test]
fn every_rule_has_a_fixture_and_a_snapshot() {
    for rule in GitlabCiChecker.rules() {
        let findings = check_rule(rule.code);
        insta::assert_snapshot!(rule.code, render(&findings));
    }
}

#[test]
fn clean_pipelines_have_no_findings() {
    let dir = fixtures().join("clean");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let src = std::fs::read_to_string(&path).unwrap();
        let findings = GitlabCiChecker.check(PATH, &src);
        assert!(findings.is_empty(), "{path:?}:\n{}", render(&findings));
        count += 1;
    }
    assert!(count >= 2);
}

#[test]
fn a_syntax_error_is_one_finding_at_its_line() {
    let findings = GitlabCiChecker.check(PATH, "stages: [test]\ntest:\n  script: [a, b\n");
    assert_eq!(findings.len(), 1, "{}", render(&findings));
    assert_eq!(findings[0].rule, "GL000");
    assert!(findings[0].line >= 3);
}

#[test]
fn findings_carry_rule_metadata() {
    let src = "stages: [build]\ntest:\n  stage: tests\n  script: make test\n";
    let findings = GitlabCiChecker.check(PATH, src);
    assert_eq!(findings.len(), 1, "{}", render(&findings));
    let f = &findings[0];
    assert_eq!(
        (f.rule.as_str(), f.name.as_str()),
        ("GL004", "undeclared-stage")
    );
    assert_eq!((f.line, f.column, f.end_column), (3, 10, 15));
    assert!(f.message.contains("`build`"), "{}", f.message);
    assert!(f.help.is_some());
}

fn assert_sane(src: &str) {
    let findings = GitlabCiChecker.check(PATH, src);
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

fn valid_pipeline() -> String {
    std::fs::read_to_string(fixtures().join("clean/component.gitlab-ci.yml"))
        .expect("the clean fixture")
}

/// A random edit of a text, on characters (never splitting one).
#[derive(Debug, Clone)]
enum Edit {
    Delete(usize, usize),
    Insert(usize, String),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    Indent(usize, bool),
}

fn edit_strategy() -> impl Strategy<Value = Edit> {
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

fn apply(src: &str, edit: &Edit) -> String {
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn never_panics_on_arbitrary_text(src in "\\PC{0,400}") {
        assert_sane(&src);
    }

    #[test]
    fn never_panics_on_yaml_like_text(src in "([a-z_-]{1,8}:( [ -~]{0,20})?\n( {2,6}- ?[ -~]{0,30}\n){0,3}){0,10}") {
        assert_sane(&src);
    }

    #[test]
    fn never_panics_on_mutations_of_a_valid_pipeline(edits in prop::collection::vec(edit_strategy(), 1..6)) {
        let mut src = valid_pipeline();
        for edit in &edits {
            src = apply(&src, edit);
        }
        assert_sane(&src);
    }
}

#[test]
fn large_pipelines_are_checked_in_linear_time() {
    use std::fmt::Write as _;
    // 20,000 jobs extending a chain of templates and needing missing jobs.
    let mut src = String::from(".t0:\n  stage: test\n");
    for i in 1..=10 {
        let _ = write!(src, ".t{i}:\n  extends: .t{}\n", i - 1);
    }
    for i in 0..20_000 {
        let _ = write!(
            src,
            "job-{i}:\n  extends: .t10\n  needs: [missing-{i}]\n  script: echo {i}\n"
        );
    }
    let start = std::time::Instant::now();
    let findings = GitlabCiChecker.check(PATH, &src);
    assert_eq!(
        findings.iter().filter(|f| f.rule == "GL005").count(),
        20_000
    );
    assert!(start.elapsed().as_secs() < 30, "{:?}", start.elapsed());
}
