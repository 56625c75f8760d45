//! GitHub Actions workflows: a typed model of workflow syntax, the rules (actionlint and
//! zizmor equivalents) and the checker.
//!
//! ```
//! use infra_agent::ci::GithubActionsChecker;
//! use squad_core::check::Checker;
//!
//! let workflow = "on: pull_request\njobs:\n  t:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ github.event.pull_request.title }}\n";
//! let findings = GithubActionsChecker.check(".github/workflows/t.yml", workflow);
//! let codes: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
//! assert!(codes.contains(&"GA015"), "{codes:?}"); // script injection
//! assert!(codes.contains(&"GA016"), "{codes:?}"); // no top-level permissions
//! ```

mod cron;
mod expr;
mod model;
mod rules;
mod uses;

use squad_core::check::Checker;
use squad_core::findings::{Finding, Rule};

use super::common::Ctx;
use crate::yaml;

/// The artifact kind of GitHub Actions workflows.
pub(crate) const KIND: &str = "github-actions";

/// The checker of GitHub Actions workflows (kind `github-actions`).
#[derive(Debug, Clone, Copy, Default)]
pub struct GithubActionsChecker;

impl GithubActionsChecker {
    /// The kind of artifact this checker handles.
    pub const KIND: &'static str = KIND;
}

impl Checker for GithubActionsChecker {
    fn kind(&self) -> &'static str {
        KIND
    }

    /// `.github/workflows/*.yml` and `*.yaml`; any other YAML whose top level has both `on:`
    /// and `jobs:` keys (but not a GitLab `.gitlab-ci.yml`).
    fn matches(&self, path: &str, content: &str) -> bool {
        let path = path.replace('\\', "/");
        let lower = path.to_ascii_lowercase();
        let yaml_ext = lower.ends_with(".yml") || lower.ends_with(".yaml");
        if lower.contains(".github/workflows/") && yaml_ext {
            return true;
        }
        if lower.ends_with(".gitlab-ci.yml") || lower.ends_with(".gitlab-ci.yaml") {
            return false;
        }
        let name = lower.rsplit('/').next().unwrap_or(&lower);
        if !yaml_ext && name.contains('.') {
            return false;
        }
        has_top_level_keys(content)
    }

    fn rules(&self) -> &'static [&'static Rule] {
        rules::RULES
    }

    fn check(&self, path: &str, content: &str) -> Vec<Finding> {
        let mut ctx = Ctx::new(path, content);
        match yaml::parse(content) {
            Err(err) => rules::syntax_error::report(&err, &mut ctx),
            Ok(root) => {
                let wf = model::Workflow::build(&root);
                for check in rules::CHECKS {
                    check(&wf, &mut ctx);
                }
            }
        }
        ctx.into_findings()
    }
}

/// Whether `content` has `on:` and `jobs:` keys at column 0 (within its first lines).
fn has_top_level_keys(content: &str) -> bool {
    let mut on = false;
    let mut jobs = false;
    for line in content.lines().take(2_000) {
        let key = line.split(':').next().unwrap_or("");
        if line.len() == key.len() || key.starts_with([' ', '\t', '#', '-']) {
            continue;
        }
        match key.trim_matches(['"', '\'']).trim_end() {
            "on" => on = true,
            "jobs" => jobs = true,
            _ => {}
        }
    }
    on && jobs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_paths_and_content() {
        let c = GithubActionsChecker;
        assert!(c.matches(".github/workflows/ci.yml", ""));
        assert!(c.matches("repo\\.github\\workflows\\ci.yaml", ""));
        assert!(c.matches("pipeline.yml", "name: x\non: push\njobs:\n  a: {}\n"));
        assert!(c.matches("pipeline.yml", "\"on\":\n  push:\njobs: {}\n"));
        assert!(!c.matches("docker-compose.yml", "services:\n  web: {}\n"));
        assert!(!c.matches(".gitlab-ci.yml", "on: x\njobs: y\n"));
        assert!(!c.matches("notes.txt", "on: x\njobs: y\n"));
    }

    #[test]
    fn rule_codes_are_unique_and_documented() {
        let rules = GithubActionsChecker.rules();
        assert!(rules.len() >= 14);
        for (i, rule) in rules.iter().enumerate() {
            assert_eq!(
                rule.code,
                format!("GA{i:03}"),
                "codes are dense and ordered"
            );
            let problems = rule.description_problems();
            assert!(problems.is_empty(), "{problems:?}");
            assert_eq!(rule.kinds, [KIND]);
        }
    }
}
