//! Every CI baseline (every stack x platform x deployment target) passes the CI checkers
//! without a single finding, and is deterministic.

use infra_agent::Stack;
use infra_agent::ci::{
    CiPlatform, DeployTarget, GithubActionsChecker, GitlabCiChecker, PINNED_ACTIONS, ci_baseline,
};
use squad_core::check::CheckerSet;

fn checkers() -> CheckerSet {
    CheckerSet::new()
        .with(GithubActionsChecker)
        .with(GitlabCiChecker)
}

fn all_baselines() -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    for stack in Stack::ALL {
        for ci in CiPlatform::ALL {
            for deploy in DeployTarget::ALL {
                out.push((
                    format!("{stack}/{ci}/{deploy}"),
                    ci_baseline(stack, ci, deploy),
                ));
            }
        }
    }
    out
}

#[test]
fn every_baseline_has_zero_findings() {
    let set = checkers();
    let mut failures = Vec::new();
    let mut pipelines = 0;
    for (combo, files) in all_baselines() {
        for (path, content) in &files {
            let Some((_, findings)) = set.check(path, content) else {
                continue;
            };
            pipelines += 1;
            for f in findings {
                failures.push(format!(
                    "{combo} {path}:{}:{} {} {} {}",
                    f.line, f.column, f.rule, f.severity, f.message
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // 7 stacks x (GitHub: ci.yml for 5 targets + deploy.yml for 4) + 7 x GitLab 5.
    assert_eq!(pipelines, 7 * 9 + 7 * 5);
}

#[test]
fn baselines_are_classified_as_their_platform() {
    let set = checkers();
    for (combo, files) in all_baselines() {
        for (path, content) in &files {
            let kind = set.classify(path, content);
            if path.starts_with(".github/workflows/") {
                assert_eq!(kind, Some("github-actions"), "{combo} {path}");
            } else if path == ".gitlab-ci.yml" {
                assert_eq!(kind, Some("gitlab-ci"), "{combo} {path}");
            } else {
                assert_eq!(kind, None, "{combo} {path}");
            }
        }
    }
}

#[test]
fn baselines_are_deterministic_and_complete() {
    for stack in Stack::ALL {
        for ci in CiPlatform::ALL {
            for deploy in DeployTarget::ALL {
                let a = ci_baseline(stack, ci, deploy);
                assert_eq!(a, ci_baseline(stack, ci, deploy));
                let paths: Vec<&str> = a.iter().map(|(p, _)| p.as_str()).collect();
                assert!(paths.contains(&"tools/guards/coverage_guard.ps1"));
                assert!(paths.contains(&"tools/guards/coverage_guard.sh"));
                let all = a.iter().map(|(_, c)| c.as_str()).collect::<String>();
                assert!(all.is_ascii(), "ASCII only (seed 000)");
                match ci {
                    CiPlatform::GithubActions => {
                        assert!(paths.contains(&".github/workflows/ci.yml"));
                        assert_eq!(
                            paths.contains(&".github/workflows/deploy.yml"),
                            deploy != DeployTarget::None
                        );
                    }
                    CiPlatform::GitlabCi => assert!(paths.contains(&".gitlab-ci.yml")),
                }
            }
        }
    }
}

fn file<'a>(files: &'a [(String, String)], path: &str) -> &'a str {
    files
        .iter()
        .find(|(p, _)| p == path)
        .map(|(_, c)| c.as_str())
        .unwrap_or_else(|| panic!("no {path}"))
}

#[test]
fn github_baselines_follow_the_hardening_rules() {
    for (combo, files) in all_baselines() {
        for (path, content) in &files {
            if !path.starts_with(".github/workflows/") {
                continue;
            }
            assert!(
                content.contains("\npermissions:\n  contents: read\n"),
                "{combo} {path}"
            );
            assert!(!content.contains("github.event."), "{combo} {path}");
            assert!(content.contains("timeout-minutes:"), "{combo} {path}");
            assert!(content.contains("concurrency:"), "{combo} {path}");
            for line in content
                .lines()
                .filter(|l| l.contains("uses: ") && !l.contains("./"))
            {
                let pinned = PINNED_ACTIONS.iter().any(|p| line.ends_with(&p.uses()));
                assert!(pinned, "{combo} {path}: {line}");
            }
        }
    }
    let ci = ci_baseline(Stack::Node, CiPlatform::GithubActions, DeployTarget::None);
    let workflow = file(&ci, ".github/workflows/ci.yml");
    assert!(workflow.contains("shell: pwsh"));
    assert!(workflow.contains("coverage_guard.ps1 -Format istanbul"));
    assert!(workflow.contains("cache: npm"));
    assert!(workflow.contains("docker/build-push-action@"));
    assert!(workflow.contains("  push:\n    branches: [main]\n"));
}

#[test]
fn deploy_workflows_use_the_target_tooling() {
    let gh = |stack, target| {
        let files = ci_baseline(stack, CiPlatform::GithubActions, target);
        file(&files, ".github/workflows/deploy.yml").to_string()
    };
    let vercel = gh(Stack::NextJs, DeployTarget::Vercel);
    assert!(vercel.contains("VERCEL_TOKEN: ${{ secrets.VERCEL_TOKEN }}"));
    assert!(vercel.contains("vercel deploy --prebuilt --prod"));
    assert!(!vercel.contains("id-token"));
    assert!(gh(Stack::Node, DeployTarget::Cloudflare).contains("wrangler@"));
    let aws = gh(Stack::Go, DeployTarget::Aws);
    assert!(aws.contains("aws-actions/configure-aws-credentials@"));
    assert!(
        aws.contains("      id-token: write  # OIDC"),
        "job-level escalation only"
    );
    assert!(!aws.contains("\npermissions:\n  contents: read\n  id-token"));
    let gcp = gh(Stack::PythonDjango, DeployTarget::Gcp);
    assert!(gcp.contains("google-github-actions/auth@"));
    assert!(gcp.contains("workload_identity_provider:"));

    let cache = |stack| {
        let files = ci_baseline(stack, CiPlatform::GithubActions, DeployTarget::None);
        file(&files, ".github/workflows/ci.yml").to_string()
    };
    assert!(cache(Stack::NextJs).contains("cache: pnpm"));
    assert!(cache(Stack::PythonFastapi).contains("cache: pip"));
    assert!(cache(Stack::Go).contains("go-version-file: go.mod"));
    assert!(cache(Stack::Rust).contains("Swatinem/rust-cache@"));
    assert!(cache(Stack::JavaSpring).contains("cache: maven"));
}

#[test]
fn gitlab_baselines_use_rules_caches_and_the_guard() {
    for stack in Stack::ALL {
        for deploy in DeployTarget::ALL {
            let files = ci_baseline(stack, CiPlatform::GitlabCi, deploy);
            let pipeline = file(&files, ".gitlab-ci.yml");
            assert!(!pipeline.contains("only:") && !pipeline.contains("except:"));
            assert!(pipeline.contains("coverage: '/coverage_guard: line coverage"));
            assert!(pipeline.contains("sh tools/guards/coverage_guard.sh --format"));
            assert!(pipeline.contains("  cache:\n    key:\n      files:"));
            assert_eq!(
                pipeline.contains("\ndeploy:\n"),
                deploy != DeployTarget::None
            );
        }
    }
    let aws = ci_baseline(Stack::Rust, CiPlatform::GitlabCi, DeployTarget::Aws);
    assert!(file(&aws, ".gitlab-ci.yml").contains("id_tokens:"));
}

#[test]
fn the_guards_agree_on_formats_and_threshold() {
    let files = ci_baseline(Stack::Go, CiPlatform::GitlabCi, DeployTarget::None);
    let ps1 = file(&files, "tools/guards/coverage_guard.ps1");
    let sh = file(&files, "tools/guards/coverage_guard.sh");
    for format in ["istanbul", "coveragepy", "gocover", "llvm-cov", "jacoco"] {
        assert!(ps1.contains(&format!("\"{format}\"")), "{format}");
        assert!(sh.contains(&format!("{format})")), "{format}");
    }
    assert!(ps1.contains("[double]$Min = 70"));
    assert!(sh.contains("min=70"));
    assert!(ps1.contains("$ErrorActionPreference = \"Stop\""));
    assert!(sh.starts_with("#!/bin/sh\n"));
}

#[test]
#[ignore = "writes the baselines to $CI_BASELINE_DUMP for inspection"]
fn dump() {
    let dir = std::env::var("CI_BASELINE_DUMP").unwrap();
    for (combo, files) in all_baselines() {
        for (path, content) in files {
            let p = std::path::Path::new(&dir)
                .join(combo.replace('/', "_"))
                .join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, content).unwrap();
        }
    }
}
