//! Terraform: the checker of `*.tf` files, its rules (checkov/tflint equivalents) and baseline
//! configurations per [`Cloud`].
//!
//! ```
//! use infra_agent::terraform::TerraformChecker;
//! use squad_core::check::Checker;
//!
//! let tf = "resource \"aws_s3_bucket_acl\" \"site\" {\n  bucket = \"site\"\n  acl    = \"public-read\"\n}\n";
//! let findings = TerraformChecker.check("main.tf", tf);
//! assert!(findings.iter().any(|f| f.rule == "TF006"), "{findings:?}");
//! ```
//!
//! The checker sees one file at a time, so the rules are per file: `terraform` settings are
//! checked in the file that has the `terraform` block, and "an S3 bucket without encryption"
//! looks for the encryption resource in the same file (Terraform's convention of one concern
//! per file keeps a bucket and its configuration together).
//!
//! A finding is silenced for one block by a comment above or inside it, `# squad-ignore=TF010`
//! or checkov's `#checkov:skip=CKV_AWS_20:reason`, and for the file by
//! `# squad-ignore-file=TF003`.

mod baseline;
mod ignore;
mod model;
mod rules;
pub(crate) mod text;

use squad_core::check::Checker;
use squad_core::findings::{Finding, Rule, Span, sort_findings};

pub use baseline::{Cloud, UnknownCloud, terraform_baseline};

use model::Module;

/// The checker of Terraform files (kind `terraform`): `*.tf`.
#[derive(Debug, Clone, Copy, Default)]
pub struct TerraformChecker;

impl TerraformChecker {
    /// The kind of artifact this checker handles.
    pub const KIND: &'static str = "terraform";
}

impl Checker for TerraformChecker {
    fn kind(&self) -> &'static str {
        Self::KIND
    }

    /// Files named `*.tf` (not `*.tf.json`, which is JSON syntax, nor `*.tfvars`).
    fn matches(&self, path: &str, _content: &str) -> bool {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        name.to_ascii_lowercase().ends_with(".tf")
    }

    fn rules(&self) -> &'static [&'static Rule] {
        rules::RULES
    }

    fn check(&self, path: &str, content: &str) -> Vec<Finding> {
        // Columns are counted on the text without the byte-order mark, as editors show it.
        let src = content.strip_prefix('\u{feff}').unwrap_or(content);
        let lines = text::LineIndex::new(src).line_count();
        let mut ctx = Ctx::new(path);
        match Module::parse(src) {
            Err(e) => rules::syntax_error::report(&mut ctx, &e),
            Ok(module) => {
                for check in rules::CHECKS {
                    check(&module, &mut ctx);
                }
                let ignores = ignore::Ignores::of(src, &module);
                ctx.findings.retain(|f| !ignores.suppresses(f));
            }
        }
        let mut findings = ctx.findings;
        text::clamp_to_file(&mut findings, lines);
        sort_findings(&mut findings);
        findings
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_tf_files_only() {
        let c = TerraformChecker;
        assert!(c.matches("infra/main.tf", ""));
        assert!(c.matches("C:\\infra\\VERSIONS.TF", ""));
        assert!(!c.matches("main.tf.json", ""));
        assert!(!c.matches("prod.tfvars", ""));
        assert!(!c.matches("Dockerfile", "resource \"x\" \"y\" {}"));
    }

    #[test]
    fn codes_are_unique_and_prefixed() {
        let mut codes: Vec<&str> = rules::RULES.iter().map(|r| r.code).collect();
        assert!(codes.iter().all(|c| c.starts_with("TF")));
        let n = codes.len();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), n);
        for rule in rules::RULES {
            assert_eq!(rule.kinds, ["terraform"]);
            let problems = rule.description_problems();
            assert!(problems.is_empty(), "{problems:?}");
        }
    }

    #[test]
    fn comments_silence_findings_per_block_and_per_file() {
        let src = "# squad-ignore=TF010 encrypted by the platform module\nresource \"aws_s3_bucket\" \"a\" {\n  bucket = \"a\"\n}\n\nresource \"aws_s3_bucket\" \"b\" {\n  #checkov:skip=CKV_AWS_20:a public website\n  acl = \"public-read\"\n}\n";
        let codes: Vec<(String, u32)> = TerraformChecker
            .check("main.tf", src)
            .into_iter()
            .map(|f| (f.rule, f.line))
            .collect();
        assert_eq!(codes, [("TF010".to_string(), 6)]);
        let whole = format!("# squad-ignore-file=TF010\n{src}");
        assert!(TerraformChecker.check("main.tf", &whole).is_empty());
    }

    #[test]
    fn a_byte_order_mark_is_not_a_syntax_error() {
        let findings = TerraformChecker.check("main.tf", "\u{feff}locals {\n  a = 1\n}\n");
        assert!(findings.is_empty(), "{findings:?}");
    }
}
