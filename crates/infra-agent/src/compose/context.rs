//! What the rules share: the parsed document, its typed model, the validator's issues, and
//! the sink findings go to.

use std::collections::HashSet;

use squad_core::findings::{Finding, Rule, Severity, Span};

use super::model::Project;
use super::validate::{Issue, IssueKind};
use crate::yaml::Node;

/// The context a rule's check runs in.
#[derive(Debug)]
pub(crate) struct Ctx<'a> {
    /// The file's path, for findings.
    pub(crate) path: &'a str,
    /// The parsed document.
    pub(crate) root: &'a Node,
    /// The typed model.
    pub(crate) project: &'a Project<'a>,
    /// What the schema validator found.
    issues: &'a [Issue],
    findings: Vec<Finding>,
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(
        path: &'a str,
        root: &'a Node,
        project: &'a Project<'a>,
        issues: &'a [Issue],
    ) -> Self {
        Self {
            path,
            root,
            project,
            issues,
            findings: Vec::new(),
        }
    }

    /// Report a finding of `rule` at `span`.
    pub(crate) fn report(&mut self, rule: &'static Rule, span: Span, message: impl Into<String>) {
        self.findings.push(rule.finding(self.path, span, message));
    }

    /// Report a finding of `rule` with another severity than the rule's default.
    pub(crate) fn report_as(
        &mut self,
        rule: &'static Rule,
        severity: Severity,
        span: Span,
        message: impl Into<String>,
    ) {
        self.findings.push(
            rule.finding(self.path, span, message)
                .with_severity(severity),
        );
    }

    /// Report every validator issue of `kind` as a finding of `rule`.
    pub(crate) fn report_issues(&mut self, rule: &'static Rule, kind: IssueKind) {
        let issues = self.issues;
        for issue in issues.iter().filter(|i| i.kind == kind) {
            self.report(rule, issue.span, issue.message.clone());
        }
    }

    /// The findings, without repeats: a mapping merged into several services (`<<: *x`) is
    /// checked once per service but reported once, at its own place.
    pub(crate) fn into_findings(self) -> Vec<Finding> {
        let mut seen: HashSet<(String, Span)> = HashSet::with_capacity(self.findings.len());
        self.findings
            .into_iter()
            .filter(|f| seen.insert((f.rule.clone(), f.span())))
            .collect()
    }
}
