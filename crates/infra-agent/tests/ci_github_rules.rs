//! The GitHub Actions rules on their fixtures: one fixture per rule
//! (`tests/fixtures/github-actions/<CODE>.yml`, YAML documents separated by `---`, each
//! checked as a workflow of its own), one snapshot per rule of that rule's findings. In the
//! fixtures, a line ending in `# fires` must get a finding of the rule, and no other line
//! may (syntax errors excepted: the parser decides where it gives up).

#[path = "support/findings_text.rs"]
mod findings_text;
#[path = "support/ci_fixtures.rs"]
mod support;

use std::path::PathBuf;

use infra_agent::ci::GithubActionsChecker;
use proptest::prelude::*;
use squad_core::check::Checker;
use squad_core::findings::Finding;
use support::{apply, edit_strategy, render};

const PATH: &str = ".github/workflows/fixture.yml";

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/github-actions")
}

fn check_rule(code: &str) -> Vec<Finding> {
    support::check_rule(&GithubActionsChecker, PATH, &fixtures(), code)
}

#[test]
fn every_rule_has_a_fixture_and_a_snapshot() {
    for rule in GithubActionsChecker.rules() {
        let findings = check_rule(rule.code);
        insta::assert_snapshot!(rule.code, render(&findings));
    }
}

#[test]
fn clean_workflows_have_no_findings() {
    let dir = fixtures().join("clean");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let src = std::fs::read_to_string(&path).unwrap();
        let findings = GithubActionsChecker.check(PATH, &src);
        assert!(findings.is_empty(), "{path:?}:\n{}", render(&findings));
        count += 1;
    }
    assert!(count >= 3);
}

#[test]
fn a_syntax_error_is_one_finding_at_its_line() {
    let findings = GithubActionsChecker.check(PATH, "on: push\njobs:\n  a: [1, 2\n");
    assert_eq!(findings.len(), 1, "{}", render(&findings));
    assert_eq!(findings[0].rule, "GA000");
    assert!(findings[0].line >= 3);
}

#[test]
fn findings_carry_rule_metadata() {
    let src = "on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n";
    let findings = GithubActionsChecker.check(PATH, src);
    let pin = findings.iter().find(|f| f.rule == "GA018").unwrap();
    assert_eq!(pin.name, "action-not-pinned-to-sha");
    assert_eq!(pin.references, ["zizmor:unpinned-uses"]);
    assert!(pin.help.as_deref().unwrap_or("").contains("commit SHA"));
    // The span is the `@v4`, not the whole line.
    assert_eq!((pin.line, pin.column, pin.end_column), (6, 31, 34));
}

fn assert_sane(src: &str) {
    support::assert_sane(&GithubActionsChecker, PATH, src);
}

fn valid_workflow() -> String {
    std::fs::read_to_string(fixtures().join("clean/release.yml")).expect("the clean fixture")
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
    fn never_panics_on_mutations_of_a_valid_workflow(edits in prop::collection::vec(edit_strategy(), 1..6)) {
        let mut src = valid_workflow();
        for edit in &edits {
            src = apply(&src, edit);
        }
        assert_sane(&src);
    }
}

#[test]
fn large_workflows_are_checked_in_linear_time() {
    use std::fmt::Write as _;
    // 20,000 jobs, each needing a missing job, half of them repeating an id: a quadratic
    // check would take minutes here.
    let mut src = String::from("on: push\njobs:\n");
    for i in 0..20_000 {
        let id = i / 2;
        let _ = write!(
            src,
            "  job-{id}:\n    needs: [missing-{i}]\n    runs-on: ubuntu-24.04\n    steps:\n      - id: s\n        run: echo {i}\n"
        );
    }
    let start = std::time::Instant::now();
    let findings = GithubActionsChecker.check(PATH, &src);
    assert!(findings.iter().filter(|f| f.rule == "GA008").count() == 20_000);
    assert!(findings.iter().filter(|f| f.rule == "GA005").count() == 10_000);
    assert!(start.elapsed().as_secs() < 30, "{:?}", start.elapsed());
}
