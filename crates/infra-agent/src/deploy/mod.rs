//! Deployment configurations: the checker of `vercel.json`, `wrangler.toml` (and
//! `wrangler.json[c]`), App Engine's `app.yaml` and App Runner's `apprunner.yaml`, its rules,
//! and baseline configurations per [`Stack`](crate::Stack) and [`DeployPlatform`].
//!
//! ```
//! use infra_agent::deploy::DeployConfigChecker;
//! use squad_core::check::Checker;
//!
//! let toml = "name = \"api\"\nmain = \"src/index.js\"\ncompatibility_date = \"2026-13-01\"\n";
//! let findings = DeployConfigChecker.check("wrangler.toml", toml);
//! assert!(findings.iter().any(|f| f.rule == "DP002" && f.line == 3), "{findings:?}");
//! ```
//!
//! Every format is read into one positioned tree and checked against a schema written from
//! the platform's documentation (unknown keys, types, required keys, values), then by the
//! rules that need more than a schema (secrets in plain text, insecure settings).

mod baseline;
mod formats;
mod json;
mod rules;
mod schema;
mod tree;

use squad_core::check::Checker;
use squad_core::findings::{Finding, Rule, Span, sort_findings};

pub use baseline::{DeployPlatform, UnknownPlatform, deployment_baseline};

use crate::terraform::text::{LineIndex, clamp_to_file};
use formats::Format;
use schema::Issue;
use tree::Node;

/// The checker of deployment configurations (kind `deploy`).
#[derive(Debug, Clone, Copy, Default)]
pub struct DeployConfigChecker;

impl DeployConfigChecker {
    /// The kind of artifact this checker handles.
    pub const KIND: &'static str = "deploy";
}

impl Checker for DeployConfigChecker {
    fn kind(&self) -> &'static str {
        Self::KIND
    }

    /// `vercel.json`, `wrangler.toml`, `wrangler.json`, `wrangler.jsonc`, `apprunner.yaml`, and
    /// `app.yaml` / `app.yml` when a line starts with `runtime:` (App Engine's required key; other
    /// tools name files `app.yaml` too).
    fn matches(&self, path: &str, content: &str) -> bool {
        match Format::from_name(path) {
            Some(Format::AppEngine) => content
                .trim_start_matches('\u{feff}')
                .lines()
                .any(|l| l.starts_with("runtime:")),
            Some(_) => true,
            None => false,
        }
    }

    fn rules(&self) -> &'static [&'static Rule] {
        rules::RULES
    }

    /// Check one file; the format comes from the file name, or from the content when the name
    /// is not one of the known ones.
    fn check(&self, path: &str, content: &str) -> Vec<Finding> {
        let src = content.strip_prefix('\u{feff}').unwrap_or(content);
        let format = Format::from_name(path).unwrap_or_else(|| Format::sniff(src));
        let mut ctx = Ctx::new(path);
        match format.parse(src) {
            Err(e) => rules::syntax_error::report(&mut ctx, &e),
            Ok(root) => {
                let doc = Doc::new(format, root);
                for check in rules::CHECKS {
                    check(&doc, &mut ctx);
                }
            }
        }
        let mut findings = ctx.findings;
        clamp_to_file(&mut findings, LineIndex::new(src).line_count());
        sort_findings(&mut findings);
        findings
    }
}

/// A file that is not valid in its format's syntax.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub(crate) line: u32,
    pub(crate) column: u32,
    pub(crate) message: String,
}

/// A parsed deployment configuration and what its schema walk found.
#[derive(Debug)]
pub(crate) struct Doc {
    pub(crate) format: Format,
    pub(crate) root: Node,
    pub(crate) issues: Vec<Issue>,
}

impl Doc {
    fn new(format: Format, root: Node) -> Self {
        let mut issues = schema::validate(&root, format.schema(), format.flavor());
        format.extra(&root, &mut issues);
        Self {
            format,
            root,
            issues,
        }
    }
}

/// Collects the findings of one file.
#[derive(Debug)]
pub(crate) struct Ctx<'a> {
    path: &'a str,
    findings: Vec<Finding>,
}

impl<'a> Ctx<'a> {
    fn new(path: &'a str) -> Self {
        Self {
            path,
            findings: Vec::new(),
        }
    }

    /// Report a finding of `rule` at `span`.
    pub(crate) fn report(&mut self, rule: &'static Rule, span: Span, message: impl Into<String>) {
        self.findings.push(rule.finding(self.path, span, message));
    }

    /// Report a finding built by the rule (another severity or help).
    pub(crate) fn push(&mut self, finding: Finding) {
        self.findings.push(finding);
    }

    /// The file being checked.
    pub(crate) fn path(&self) -> &'a str {
        self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_four_formats() {
        let c = DeployConfigChecker;
        assert!(c.matches("vercel.json", ""));
        assert!(c.matches("web/wrangler.toml", ""));
        assert!(c.matches("wrangler.jsonc", ""));
        assert!(c.matches("apprunner.yaml", ""));
        assert!(c.matches("app.yaml", "runtime: python312\n"));
        assert!(c.matches("svc/app.yml", "service: api\nruntime: go122\n"));
        assert!(!c.matches("app.yaml", "name: not app engine\n  runtime: x\n"));
        assert!(!c.matches("package.json", "{}"));
        assert!(!c.matches("apprunner.yml", "version: 1.0\n"));
    }

    #[test]
    fn codes_are_unique_and_documented() {
        let mut codes: Vec<&str> = rules::RULES.iter().map(|r| r.code).collect();
        assert!(codes.iter().all(|c| c.starts_with("DP")));
        let n = codes.len();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), n);
        for rule in rules::RULES {
            assert_eq!(rule.kinds, ["deploy"]);
            let problems = rule.description_problems();
            assert!(problems.is_empty(), "{problems:?}");
        }
    }

    #[test]
    fn unknown_names_are_sniffed_from_content() {
        assert_eq!(Format::sniff("{\"framework\": \"nextjs\"}"), Format::Vercel);
        assert_eq!(
            Format::sniff("// c\n{\"compatibility_date\": \"2026-01-01\"}"),
            Format::WranglerJson
        );
        assert_eq!(
            Format::sniff("version: 1.0\nruntime: python311\nrun:\n  command: x\n"),
            Format::AppRunner
        );
        assert_eq!(Format::sniff("runtime: python312\n"), Format::AppEngine);
        assert_eq!(Format::sniff("name = \"w\"\n"), Format::WranglerToml);
    }
}
