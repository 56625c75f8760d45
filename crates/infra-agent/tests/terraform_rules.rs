//! Terraform rules: one fixture per rule (cases that must fire and must not), one snapshot of
//! each rule's findings on its fixture, clean files and every baseline without findings, and
//! a check that never panics on arbitrary input.
#![allow(clippy::unwrap_used)]

use infra_agent::terraform::{Cloud, TerraformChecker, terraform_baseline};
use proptest::prelude::*;
use squad_core::check::Checker;
use squad_core::findings::Finding;

#[path = "support/findings_text.rs"]
mod findings_text;
use findings_text::render;

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/terraform/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The findings of rule `code` on its own fixture, snapshotted.
fn check_rule(code: &str) {
    let name = format!("{code}.tf");
    let findings: Vec<Finding> = TerraformChecker
        .check(&name, &fixture(&name))
        .into_iter()
        .filter(|f| f.rule == code)
        .collect();
    assert!(!findings.is_empty(), "{code} does not fire on its fixture");
    insta::assert_snapshot!(code, render(&findings));
}

macro_rules! rule_tests {
    ($($test:ident => $code:literal),* $(,)?) => {
        $(
            #[test]
            fn $test() {
                check_rule($code);
            }
        )*

        #[test]
        fn every_rule_has_a_fixture_test() {
            let tested = [$($code),*];
            for rule in TerraformChecker.rules() {
                assert!(tested.contains(&rule.code), "{} has no fixture test", rule.code);
            }
        }
    };
}

rule_tests!(
    tf000_syntax_error => "TF000",
    tf001_missing_required_version => "TF001",
    tf002_provider_version_missing => "TF002",
    tf003_provider_version_unbounded => "TF003",
    tf004_provider_hardcoded_credentials => "TF004",
    tf005_hardcoded_secret => "TF005",
    tf006_s3_bucket_public_acl => "TF006",
    tf007_admin_port_open_to_internet => "TF007",
    tf008_ebs_volume_unencrypted => "TF008",
    tf009_rds_storage_unencrypted => "TF009",
    tf010_s3_bucket_without_encryption => "TF010",
    tf011_gcs_bucket_uniform_access_disabled => "TF011",
    tf012_secret_variable_not_sensitive => "TF012",
);

#[test]
fn a_syntax_error_is_the_only_finding() {
    let findings = TerraformChecker.check("TF000.tf", &fixture("TF000.tf"));
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!((findings[0].line, findings[0].rule.as_str()), (6, "TF000"));
}

#[test]
fn the_clean_fixture_has_no_findings() {
    let findings = TerraformChecker.check("clean.tf", &fixture("clean.tf"));
    assert!(findings.is_empty(), "{}", render(&findings));
}

#[test]
fn every_baseline_has_no_findings() {
    for cloud in Cloud::ALL {
        for (path, content) in terraform_baseline(cloud) {
            assert!(TerraformChecker.matches(&path, &content), "{path}");
            let findings = TerraformChecker.check(&path, &content);
            assert!(
                findings.is_empty(),
                "{cloud} {path}:\n{}",
                render(&findings)
            );
        }
    }
}

#[test]
fn findings_carry_the_rule_metadata() {
    let findings = TerraformChecker.check("TF006.tf", &fixture("TF006.tf"));
    let f = findings.iter().find(|f| f.rule == "TF006").unwrap();
    assert_eq!(f.name, "s3-bucket-public-acl");
    assert_eq!(f.references, ["checkov:CKV_AWS_20"]);
    assert!(f.help.is_some());
}

#[test]
fn secrets_never_appear_in_messages() {
    for name in ["TF004.tf", "TF005.tf"] {
        for f in TerraformChecker.check(name, &fixture(name)) {
            for secret in [
                "EXAMPLEKEY",
                "example-pass",
                "EXAMPLE-Passw0rd",
                "example-value",
            ] {
                assert!(!f.message.contains(secret), "{}", f.message);
            }
        }
    }
}

fn assert_sane(content: &str, findings: &[Finding]) {
    let lines = u32::try_from(content.split('\n').count()).unwrap();
    for f in findings {
        assert!(
            1 <= f.line && f.line <= f.end_line && f.end_line <= lines,
            "{f:?} outside 1..={lines}"
        );
        assert!(f.column >= 1);
    }
}

/// A valid file to mutate.
fn seed() -> String {
    terraform_baseline(Cloud::Aws)
        .into_iter()
        .map(|(_, c)| c)
        .collect::<Vec<_>>()
        .join("\n")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn never_panics_on_arbitrary_text(content in "\\PC*") {
        let findings = TerraformChecker.check("main.tf", &content);
        assert_sane(&content, &findings);
    }

    #[test]
    fn never_panics_on_hcl_like_text(content in "[a-z_\"{}=\\[\\]#\\n ,.$<>-]{0,200}") {
        let findings = TerraformChecker.check("main.tf", &content);
        assert_sane(&content, &findings);
    }

    #[test]
    fn never_panics_on_mutations_of_a_valid_file(
        cuts in proptest::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>(), "\\PC{0,4}"), 1..4)
    ) {
        let mut content = seed();
        for (at, len, insert) in cuts {
            let chars: Vec<char> = content.chars().collect();
            let start = at.index(chars.len() + 1);
            let end = (start + len.index(8)).min(chars.len());
            let mut next: String = chars[..start].iter().collect();
            next.push_str(&insert);
            next.extend(&chars[end..]);
            content = next;
        }
        let findings = TerraformChecker.check("main.tf", &content);
        assert_sane(&content, &findings);
    }
}
