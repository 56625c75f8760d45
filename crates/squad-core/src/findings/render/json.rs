//! The JSON contract: `{"findings": [...], "summary": {...}}` and the rule listing.

use serde::Serialize;

use super::{sorted, to_pretty_json};
use crate::findings::{Finding, Rule, Severity, Summary};

#[derive(Serialize)]
struct Report<'a> {
    findings: &'a [Finding],
    summary: Summary,
}

#[derive(Serialize)]
struct RuleEntry {
    rule: &'static str,
    name: &'static str,
    severity: Severity,
    kinds: &'static [&'static str],
    summary: &'static str,
    references: &'static [&'static str],
}

/// Findings as the JSON of DESIGN.md: `{"findings": [...], "summary": {"files", "errors",
/// "warnings", "infos"}}`, pretty-printed, each finding's fields in the order of [`Finding`].
/// `files` is the number of files checked, which the findings alone cannot tell.
///
/// ```
/// use squad_core::findings::render::render_json;
///
/// let json: serde_json::Value = serde_json::from_str(&render_json(&[], 3)).unwrap();
/// assert_eq!(json["summary"]["files"], 3);
/// ```
pub fn render_json(findings: &[Finding], files: usize) -> String {
    let findings = sorted(findings);
    to_pretty_json(&Report {
        summary: Summary::of(files, &findings),
        findings: &findings,
    })
}

/// Rules as the JSON of `squad rules --format json`:
/// `[{"rule", "name", "severity", "kinds", "summary", "references"}]`, in the order given.
pub fn rules_json(rules: impl IntoIterator<Item = &'static Rule>) -> String {
    let entries: Vec<RuleEntry> = rules
        .into_iter()
        .map(|r| RuleEntry {
            rule: r.code,
            name: r.name,
            severity: r.severity,
            kinds: r.kinds,
            summary: r.summary,
            references: r.references,
        })
        .collect();
    to_pretty_json(&entries)
}
