//! The GitLab CI rules on their fixtures: one fixture per rule
//! (`tests/fixtures/gitlab-ci/<CODE>.yml`, YAML documents separated by `---`, each checked as
//! a pipeline of its own), one snapshot per rule of that rule's findings. In the
//! fixtures, a line ending in `# fires` must get a finding of the rule, and no other line
//! may (syntax errors excepted: the parser decides where it gives up).

#[path = "support/findings_text.rs"]
mod findings_text;
#[path = "support/ci_fixtures.rs"]
mod support;

use std::path::PathBuf;

use infra_agent::ci::GitlabCiChecker;
use proptest::prelude::*;
use squad_core::check::Checker;
use squad_core::findings::Finding;
use support::{apply, edit_strategy, render};

const PATH: &str = ".gitlab-ci.yml";

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gitlab-ci")
}

fn check_rule(code: &str) -> Vec<Finding> {
    support::check_rule(&GitlabCiChecker, PATH, &fixtures(), code)
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
    support::assert_sane(&GitlabCiChecker, PATH, src);
}

fn valid_pipeline() -> String {
    std::fs::read_to_string(fixtures().join("clean/component.gitlab-ci.yml"))
        .expect("the clean fixture")
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
