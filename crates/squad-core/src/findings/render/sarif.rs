//! SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

use std::fmt::Write as _;

use serde::Serialize;

use super::{sorted, to_pretty_json};
use crate::findings::{Finding, Rule, Severity};

const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const TOOL_NAME: &str = "devops-squad";

/// SARIF's name for a severity.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

// The SARIF objects written, in the order SARIF documents list their properties. Only what
// devops-squad fills in is modelled.

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'a str,
    information_uri: &'static str,
    rules: Vec<Descriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    id: &'static str,
    name: &'static str,
    short_description: Text,
    full_description: Text,
    help: Help,
    default_configuration: Configuration,
    properties: Properties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: &'static str,
    markdown: &'static str,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Properties {
    tags: &'static [&'static str],
    references: &'static [&'static str],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: [Location; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<u32>,
    end_line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<u32>,
}

/// Findings as a SARIF 2.1.0 log with one run.
///
/// `tool.driver` lists `rules` (id, name, short and full description, help with the rule's
/// markdown documentation, default level, and the artifact kinds and peer references as
/// properties); each result points at its rule by `ruleId` and, when the rule is in `rules`,
/// by `ruleIndex`. Levels map `error`/`warning`/`info` to `error`/`warning`/`note`. Locations
/// use `/` separators with characters outside a URI percent-encoded, and regions count columns
/// in Unicode code points, as findings do (`columnKind: unicodeCodePoints`).
///
/// ```
/// use squad_core::findings::render::render_sarif;
///
/// let log: serde_json::Value = serde_json::from_str(&render_sarif(&[], &[], "0.1.0")).unwrap();
/// assert_eq!(log["version"], "2.1.0");
/// assert_eq!(log["runs"][0]["tool"]["driver"]["name"], "devops-squad");
/// ```
pub fn render_sarif(findings: &[Finding], rules: &[&'static Rule], tool_version: &str) -> String {
    let results = sorted(findings)
        .iter()
        .map(|f| result(f, rules.iter().position(|r| r.code == f.rule)))
        .collect();
    to_pretty_json(&Log {
        schema: SARIF_SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: TOOL_NAME,
                    version: tool_version,
                    information_uri: env!("CARGO_PKG_REPOSITORY"),
                    rules: rules.iter().map(|r| descriptor(r)).collect(),
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    })
}

fn descriptor(rule: &'static Rule) -> Descriptor {
    let help_text = if rule.help.is_empty() {
        rule.summary
    } else {
        rule.help
    };
    let markdown = if rule.doc.trim().is_empty() {
        help_text
    } else {
        rule.doc
    };
    Descriptor {
        id: rule.code,
        name: rule.name,
        short_description: Text {
            text: rule.summary.to_string(),
        },
        full_description: Text {
            text: doc_section(rule.doc, "What it does").unwrap_or_else(|| rule.summary.to_string()),
        },
        help: Help {
            text: help_text,
            markdown,
        },
        default_configuration: Configuration {
            level: level(rule.severity),
        },
        properties: Properties {
            tags: rule.kinds,
            references: rule.references,
        },
    }
}

/// The text of a `## title` section of a rule's documentation, joined into one paragraph.
fn doc_section(doc: &str, title: &str) -> Option<String> {
    let mut lines = doc.lines().skip_while(|l| {
        let heading = l.trim_start();
        !(heading.starts_with('#') && heading.trim_start_matches('#').trim() == title)
    });
    lines.next()?;
    let text = lines
        .take_while(|l| !l.trim_start().starts_with('#'))
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    (!text.is_empty()).then_some(text)
}

fn result(finding: &Finding, rule_index: Option<usize>) -> SarifResult {
    let mut text = finding.message.clone();
    if let Some(help) = &finding.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    SarifResult {
        rule_id: finding.rule.clone(),
        rule_index,
        level: level(finding.severity),
        message: Text { text },
        locations: [Location {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation {
                    uri: uri_of(&finding.path),
                },
                region: region(finding),
            },
        }],
    }
}

/// The region of a finding; none when the finding has no line (SARIF lines start at 1), and no
/// columns when it has no column.
fn region(finding: &Finding) -> Option<Region> {
    if finding.line == 0 {
        return None;
    }
    let end_line = finding.end_line.max(finding.line);
    let has_columns = finding.column > 0 && finding.end_column > 0;
    // On one line the end may not come before the start.
    let end_column = if end_line == finding.line {
        finding.end_column.max(finding.column)
    } else {
        finding.end_column
    };
    Some(Region {
        start_line: finding.line,
        start_column: (finding.column > 0).then_some(finding.column),
        end_line,
        end_column: has_columns.then_some(end_column),
    })
}

/// A path as a relative URI reference: `/` separators, and every byte that is not an RFC 3986
/// unreserved character, `/` or a safe sub-delimiter percent-encoded (spaces, `%`, `#`, `?`, `:`
/// and non-ASCII included).
fn uri_of(path: &str) -> String {
    let mut uri = String::with_capacity(path.len());
    for byte in path.replace('\\', "/").bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            let _ = write!(uri, "%{byte:02X}");
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris() {
        assert_eq!(uri_of("infra/main.tf"), "infra/main.tf");
        assert_eq!(uri_of(r"k8s\my app.yaml"), "k8s/my%20app.yaml");
        assert_eq!(uri_of("100%#?.txt"), "100%25%23%3F.txt");
        assert_eq!(uri_of("café"), "caf%C3%A9");
    }

    #[test]
    fn doc_sections() {
        let doc =
            "## What it does\nChecks that\nimages are pinned.\n\n## Why is this bad?\nDrift.\n";
        assert_eq!(
            doc_section(doc, "What it does").as_deref(),
            Some("Checks that images are pinned.")
        );
        assert_eq!(doc_section(doc, "Example"), None);
        assert_eq!(doc_section("", "What it does"), None);
    }
}
