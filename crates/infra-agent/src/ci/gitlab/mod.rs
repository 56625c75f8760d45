//! GitLab CI pipelines: a typed model of `.gitlab-ci.yml` (global keywords, jobs, hidden
//! templates, `extends`, `!reference`), the rules and the checker.
//!
//! ```
//! use infra_agent::ci::GitlabCiChecker;
//! use squad_core::check::Checker;
//!
//! let pipeline = "stages: [build]\ntest:\n  stage: test\n  script: make test\n";
//! let findings = GitlabCiChecker.check(".gitlab-ci.yml", pipeline);
//! assert_eq!(findings[0].rule, "GL004"); // `test` is not a declared stage
//! ```

mod model;
mod rules;

use squad_core::check::Checker;
use squad_core::findings::{Finding, Rule};

use super::common::Ctx;
use crate::yaml::{self, Node, YamlError};

/// The artifact kind of GitLab CI pipelines.
pub(crate) const KIND: &str = "gitlab-ci";

/// The checker of GitLab CI pipelines (kind `gitlab-ci`).
#[derive(Debug, Clone, Copy, Default)]
pub struct GitlabCiChecker;

impl GitlabCiChecker {
    /// The kind of artifact this checker handles.
    pub const KIND: &'static str = KIND;
}

impl Checker for GitlabCiChecker {
    fn kind(&self) -> &'static str {
        KIND
    }

    /// `.gitlab-ci.yml` and `*.gitlab-ci.yml` (`.yaml` too).
    fn matches(&self, path: &str, _content: &str) -> bool {
        let lower = path.replace('\\', "/").to_ascii_lowercase();
        let name = lower.rsplit('/').next().unwrap_or(&lower);
        name.ends_with(".gitlab-ci.yml") || name.ends_with(".gitlab-ci.yaml")
    }

    fn rules(&self) -> &'static [&'static Rule] {
        rules::RULES
    }

    fn check(&self, path: &str, content: &str) -> Vec<Finding> {
        let mut ctx = Ctx::new(path, content);
        match parse(content) {
            Err(err) => rules::syntax_error::report(&err, &mut ctx),
            Ok(root) => {
                let pipeline = model::Pipeline::build(&root);
                for check in rules::CHECKS {
                    check(&pipeline, &mut ctx);
                }
            }
        }
        ctx.into_findings()
    }
}

/// Parse the pipeline. A CI/CD component or a file with `spec:inputs` has a header document
/// (`spec:`) and the pipeline after `---`: then the second document is the pipeline. It is
/// parsed with the header's lines blanked, so positions stay those of the file.
fn parse(content: &str) -> Result<Node, YamlError> {
    let first = yaml::parse(content)?;
    let header_only = first
        .as_map()
        .is_some_and(|m| !m.is_empty() && m.iter().all(|(k, _)| k.as_str() == Some("spec")));
    if !header_only {
        return Ok(first);
    }
    let mut seen_content = false;
    let mut offset = 0;
    for (i, line) in content.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_end();
        if trimmed == "---" && seen_content {
            let rest = &content[offset + line.len()..];
            let padded = format!("{}{rest}", "\n".repeat(i + 1));
            return yaml::parse(&padded);
        }
        if !trimmed.is_empty() && !trimmed.starts_with('#') && trimmed != "---" {
            seen_content = true;
        }
        offset += line.len();
    }
    Ok(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_paths() {
        let c = GitlabCiChecker;
        assert!(c.matches(".gitlab-ci.yml", ""));
        assert!(c.matches("ci/deploy.gitlab-ci.yml", ""));
        assert!(c.matches("C:\\repo\\.gitlab-ci.yaml", ""));
        assert!(!c.matches(".github/workflows/ci.yml", ""));
        assert!(!c.matches("gitlab-ci.yml.bak", ""));
    }

    #[test]
    fn spec_header_is_skipped_with_positions_kept() {
        let src = "spec:\n  inputs:\n    stage: {default: test}\n---\nbuild:\n  stage: nope\n  script: make\n";
        let findings = GitlabCiChecker.check(".gitlab-ci.yml", src);
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!((findings[0].rule.as_str(), findings[0].line), ("GL004", 6));
    }

    #[test]
    fn rule_codes_are_unique_and_documented() {
        let rules = GitlabCiChecker.rules();
        assert!(rules.len() >= 6);
        for (i, rule) in rules.iter().enumerate() {
            assert_eq!(
                rule.code,
                format!("GL{i:03}"),
                "codes are dense and ordered"
            );
            let problems = rule.description_problems();
            assert!(problems.is_empty(), "{problems:?}");
            assert_eq!(rule.kinds, [KIND]);
        }
    }
}
