//! Deployment-configuration rules: fixtures per rule (`<CODE>[.<case>].<file name>`, checked
//! under the file name), one snapshot of each rule's findings, every Stack × platform baseline
//! without findings, and a check that never panics on arbitrary input.
#![allow(clippy::unwrap_used)]

use infra_agent::Stack;
use infra_agent::deploy::{DeployConfigChecker, DeployPlatform, deployment_baseline};
use proptest::prelude::*;
use squad_core::check::Checker;
use squad_core::findings::{Finding, Severity};

#[path = "support/findings_text.rs"]
mod findings_text;
use findings_text::render;

const NAMES: [&str; 6] = [
    "apprunner.yaml",
    "app.yaml",
    "vercel.json",
    "wrangler.toml",
    "wrangler.jsonc",
    "wrangler.json",
];

fn dir() -> String {
    format!("{}/tests/fixtures/deploy", env!("CARGO_MANIFEST_DIR"))
}

/// The file name a fixture is checked as: `DP004.vercel.json` → `vercel.json`.
fn logical_name(fixture: &str) -> &'static str {
    NAMES
        .into_iter()
        .find(|n| {
            fixture
                .strip_suffix(n)
                .is_some_and(|head| head.ends_with('.'))
        })
        .unwrap_or_else(|| panic!("{fixture}: name it <CODE>[.<case>].<file name>"))
}

/// The fixtures whose names start with `prefix.`, sorted.
fn fixtures(prefix: &str) -> Vec<(String, String)> {
    let mut names: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with(&format!("{prefix}.")))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| {
            let content = std::fs::read_to_string(format!("{}/{n}", dir())).unwrap();
            (n, content)
        })
        .collect()
}

/// The findings of rule `code` on each of its fixtures, snapshotted file by file.
fn check_rule(code: &str) {
    let mut out = Vec::new();
    let mut total = 0;
    for (name, content) in fixtures(code) {
        let path = logical_name(&name);
        let findings: Vec<Finding> = DeployConfigChecker
            .check(path, &content)
            .into_iter()
            .filter(|f| f.rule == code)
            .collect();
        total += findings.len();
        out.push(format!("# {name} (as {path})\n{}", render(&findings)));
    }
    assert!(total > 0, "{code} does not fire on its fixtures");
    insta::assert_snapshot!(code, out.join("\n\n"));
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
            for rule in DeployConfigChecker.rules() {
                assert!(tested.contains(&rule.code), "{} has no fixture test", rule.code);
            }
        }
    };
}

rule_tests!(
    dp000_syntax_error => "DP000",
    dp001_unknown_key => "DP001",
    dp002_invalid_value => "DP002",
    dp003_missing_required_key => "DP003",
    dp004_plaintext_secret => "DP004",
    dp005_handler_allows_http => "DP005",
    dp006_missing_security_headers => "DP006",
    dp007_retired_runtime => "DP007",
);

#[test]
fn a_syntax_error_is_the_only_finding() {
    for (name, content) in fixtures("DP000") {
        let findings = DeployConfigChecker.check(logical_name(&name), &content);
        if name.ends_with(".jsonc") {
            assert!(
                findings.iter().all(|f| f.rule != "DP000"),
                "{name}: {findings:?}"
            );
        } else {
            assert_eq!(findings.len(), 1, "{name}: {findings:?}");
            assert_eq!(findings[0].rule, "DP000");
        }
    }
}

#[test]
fn unknown_wrangler_keys_are_warnings_elsewhere_errors() {
    for (name, content) in fixtures("DP001") {
        let path = logical_name(&name);
        let expected = if path.starts_with("wrangler") {
            Severity::Warning
        } else {
            Severity::Error
        };
        for f in DeployConfigChecker.check(path, &content) {
            if f.rule == "DP001" {
                assert_eq!(f.severity, expected, "{name}: {f:?}");
            }
        }
    }
}

#[test]
fn plaintext_secret_help_names_the_platform_store() {
    let (_, content) = &fixtures("DP004.wrangler")[0];
    let f = DeployConfigChecker
        .check("wrangler.toml", content)
        .into_iter()
        .find(|f| f.rule == "DP004")
        .unwrap();
    assert!(f.help.unwrap().contains("wrangler secret put API_TOKEN"));
    assert!(!f.message.contains("EXAMPLE"), "{}", f.message);
}

#[test]
fn the_clean_fixture_has_no_findings() {
    for (name, content) in fixtures("clean") {
        let findings = DeployConfigChecker.check(logical_name(&name), &content);
        assert!(findings.is_empty(), "{name}:\n{}", render(&findings));
    }
}

#[test]
fn every_baseline_has_no_findings() {
    let mut checked = 0;
    for stack in Stack::ALL {
        for platform in DeployPlatform::ALL {
            for (path, content) in deployment_baseline(stack, platform) {
                if !DeployConfigChecker.matches(&path, &content) {
                    assert!(
                        path == "DEPLOY.md" || path.starts_with("cloudflare/"),
                        "{stack} {platform}: {path} is not checked"
                    );
                    continue;
                }
                checked += 1;
                let findings = DeployConfigChecker.check(&path, &content);
                assert!(
                    findings.is_empty(),
                    "{stack} {platform} {path}:\n{}\n---\n{content}",
                    render(&findings)
                );
            }
        }
    }
    // Vercel and GCP for every stack, Cloudflare for every stack, AWS for the four with a
    // managed runtime.
    assert_eq!(checked, 7 + 7 + 7 + 4);
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

fn seeds() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for platform in DeployPlatform::ALL {
        for (path, content) in deployment_baseline(Stack::PythonDjango, platform) {
            if path != "DEPLOY.md" && !path.starts_with("cloudflare/") {
                out.push((path, content));
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn never_panics_on_arbitrary_text(content in "\\PC*", name in prop::sample::select(NAMES.to_vec())) {
        let findings = DeployConfigChecker.check(name, &content);
        assert_sane(&content, &findings);
    }

    #[test]
    fn never_panics_on_config_like_text(
        content in "[a-z_\"{}=:\\[\\]#\\n ,.\\-\\\\/*]{0,200}",
        name in prop::sample::select(NAMES.to_vec()),
    ) {
        let findings = DeployConfigChecker.check(name, &content);
        assert_sane(&content, &findings);
    }

    #[test]
    fn never_panics_on_mutations_of_valid_files(
        which in any::<prop::sample::Index>(),
        cuts in proptest::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>(), "\\PC{0,4}"), 1..4),
    ) {
        let seeds = seeds();
        let (path, mut content) = seeds[which.index(seeds.len())].clone();
        for (at, len, insert) in cuts {
            let chars: Vec<char> = content.chars().collect();
            let start = at.index(chars.len() + 1);
            let end = (start + len.index(8)).min(chars.len());
            let mut next: String = chars[..start].iter().collect();
            next.push_str(&insert);
            next.extend(&chars[end..]);
            content = next;
        }
        let findings = DeployConfigChecker.check(&path, &content);
        assert_sane(&content, &findings);
    }
}
