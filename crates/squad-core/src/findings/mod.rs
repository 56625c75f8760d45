//! Findings, rules and the rule registry.
//!
//! A [`Finding`] serializes exactly as the JSON contract in DESIGN.md: `rule`, `name`,
//! `severity`, `path`, 1-based `line`/`column`/`end_line`/`end_column`, `message`, `help`,
//! `references` (`tool:ID` of the equivalent peer rule). Renderers for text, JSON and SARIF
//! 2.1.0 live in [`render`].

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

pub mod render;

/// How bad a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing.
    Info,
    /// Should be fixed.
    Warning,
    /// Must be fixed: makes `squad check` exit 1 and triggers a repair round.
    Error,
}

impl Severity {
    /// The lowercase name used in JSON and text output.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A 1-based, inclusive-start region of a file. `end_column` points one past the last
/// character, so a one-character span has `end_column = column + 1`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub struct Span {
    /// First line, 1-based.
    pub line: u32,
    /// First column, 1-based, in characters.
    pub column: u32,
    /// Last line, 1-based.
    pub end_line: u32,
    /// Column after the last character, 1-based.
    pub end_column: u32,
}

impl Span {
    /// A span from `(line, column)` to `(end_line, end_column)`.
    pub const fn new(line: u32, column: u32, end_line: u32, end_column: u32) -> Self {
        Self {
            line,
            column,
            end_line,
            end_column,
        }
    }

    /// A whole line of `len` characters.
    pub const fn line(line: u32, len: u32) -> Self {
        Self {
            line,
            column: 1,
            end_line: line,
            end_column: len + 1,
        }
    }

    /// The start of a file (line 1, column 1), for findings about a whole file.
    pub const fn file_start() -> Self {
        Self {
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 1,
        }
    }
}

/// A rule's static description. Rule codes are stable; names describe the bad pattern.
///
/// `doc` is the rule's user documentation in ruff's sections (`## What it does`,
/// `## Why is this bad?`, `## Example`, `Use instead:`, `## References`): `squad rules CODE`
/// prints it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Stable code, e.g. `DF007`.
    pub code: &'static str,
    /// Kebab-case name of the bad pattern, e.g. `image-tag-latest`.
    pub name: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// Artifact kinds the rule applies to, e.g. `["dockerfile"]`.
    pub kinds: &'static [&'static str],
    /// One sentence for listings.
    pub summary: &'static str,
    /// Default help text attached to findings.
    pub help: &'static str,
    /// Full documentation (markdown, ruff's sections).
    pub doc: &'static str,
    /// Equivalent rules of peer tools, as `tool:ID`.
    pub references: &'static [&'static str],
}

/// The sections every rule's documentation has, in order (ruff's layout).
pub const DOC_SECTIONS: [&str; 5] = [
    "## What it does",
    "## Why is this bad?",
    "## Example",
    "Use instead:",
    "## References",
];

impl Rule {
    /// What is wrong with this rule's description, for the tests of every checker family: a
    /// missing or misplaced doc section, a name that is not kebab-case, a summary or kinds left
    /// empty, a reference not written `tool:ID`. Empty when the rule is well described.
    pub fn description_problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut at = 0;
        for section in DOC_SECTIONS {
            match self.doc.get(at..).and_then(|rest| rest.find(section)) {
                Some(found) => at += found + section.len(),
                None => problems.push(format!(
                    "{}: doc lacks `{section}` (or has it out of order)",
                    self.code
                )),
            }
        }
        let kebab = !self.name.is_empty()
            && self.name.split('-').all(|w| {
                !w.is_empty()
                    && w.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            });
        if !kebab {
            problems.push(format!(
                "{}: name {:?} is not kebab-case",
                self.code, self.name
            ));
        }
        if self.summary.trim().is_empty() {
            problems.push(format!("{}: empty summary", self.code));
        }
        if self.kinds.is_empty() {
            problems.push(format!("{}: no kinds", self.code));
        }
        for reference in self.references {
            let well_formed = reference.split_once(':').is_some_and(|(tool, id)| {
                !tool.is_empty()
                    && !id.is_empty()
                    && tool.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
            });
            if !well_formed {
                problems.push(format!(
                    "{}: reference {reference:?} is not `tool:ID`",
                    self.code
                ));
            }
        }
        problems
    }

    /// A finding of this rule at `span` of `path`, with the rule's default severity and help.
    pub fn finding(
        &'static self,
        path: impl Into<String>,
        span: Span,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            rule: self.code.to_string(),
            name: self.name.to_string(),
            severity: self.severity,
            path: path.into(),
            line: span.line,
            column: span.column,
            end_line: span.end_line,
            end_column: span.end_column,
            message: message.into(),
            help: (!self.help.is_empty()).then(|| self.help.to_string()),
            references: self.references.iter().map(|r| r.to_string()).collect(),
        }
    }
}

/// Declare a rule's `RULE` static, as checkers do in one file per rule. The rule's
/// documentation (`doc`, in ruff's sections) is both the item's doc comment and the text that
/// `squad rules CODE` prints.
///
/// ```
/// mod image_tag_latest {
///     squad_core::declare_rule! {
///         kinds: ["dockerfile"],
///         code: "XX007",
///         name: "image-tag-latest",
///         severity: Warning,
///         summary: "FROM uses the `latest` tag",
///         help: "Pin the image to a version tag",
///         references: ["hadolint:DL3007"],
///         doc: "## What it does\nFlags `FROM image:latest`.\n",
///     }
/// }
/// assert_eq!(image_tag_latest::RULE.kinds, ["dockerfile"]);
/// ```
#[macro_export]
macro_rules! declare_rule {
    (
        kinds: [$($kind:expr),* $(,)?],
        code: $code:literal,
        name: $name:literal,
        severity: $severity:ident,
        summary: $summary:literal,
        help: $help:literal,
        references: [$($reference:literal),* $(,)?],
        doc: $doc:literal $(,)?
    ) => {
        #[doc = $doc]
        pub(crate) static RULE: $crate::findings::Rule = $crate::findings::Rule {
            code: $code,
            name: $name,
            severity: $crate::findings::Severity::$severity,
            kinds: &[$($kind),*],
            summary: $summary,
            help: $help,
            doc: $doc,
            references: &[$($reference),*],
        };
    };
}

/// One problem found in one file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Finding {
    /// Rule code.
    pub rule: String,
    /// Rule name.
    pub name: String,
    /// Severity.
    pub severity: Severity,
    /// The file, as given (relative for generated artifacts).
    pub path: String,
    /// First line, 1-based.
    pub line: u32,
    /// First column, 1-based.
    pub column: u32,
    /// Last line, 1-based.
    pub end_line: u32,
    /// Column after the last character, 1-based.
    pub end_column: u32,
    /// What is wrong, here.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    /// Equivalent peer rules, as `tool:ID`.
    pub references: Vec<String>,
}

impl Finding {
    /// Replace the severity.
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// Replace the help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The span this finding covers.
    pub fn span(&self) -> Span {
        Span::new(self.line, self.column, self.end_line, self.end_column)
    }
}

/// Counts of findings by severity, and of files looked at (the JSON `summary`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Files checked.
    pub files: usize,
    /// Error-severity findings.
    pub errors: usize,
    /// Warning-severity findings.
    pub warnings: usize,
    /// Info-severity findings.
    pub infos: usize,
}

impl Summary {
    /// Count `findings` over `files` files.
    pub fn of(files: usize, findings: &[Finding]) -> Self {
        let count = |s| findings.iter().filter(|f| f.severity == s).count();
        Self {
            files,
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
        }
    }
}

/// Sort findings the way every renderer shows them: by path, line, column, then rule.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (&a.path, a.line, a.column, &a.rule, &a.message)
            .cmp(&(&b.path, b.line, b.column, &b.rule, &b.message))
    });
}

/// The registry of every known rule, looked up by code or name.
#[derive(Debug, Clone, Default)]
pub struct RuleRegistry {
    rules: BTreeMap<&'static str, &'static Rule>,
}

/// A rule registered twice under the same code with different content.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("rule code {code} is registered twice ({first} and {second})")]
pub struct DuplicateRule {
    /// The code.
    pub code: &'static str,
    /// The first rule's name.
    pub first: &'static str,
    /// The second rule's name.
    pub second: &'static str,
}

impl RuleRegistry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add rules. Registering the very same rule twice is harmless; two different rules with
    /// one code is an error.
    pub fn register(&mut self, rules: &[&'static Rule]) -> Result<(), DuplicateRule> {
        for rule in rules {
            if let Some(existing) = self.rules.get(rule.code) {
                if *existing != *rule {
                    return Err(DuplicateRule {
                        code: rule.code,
                        first: existing.name,
                        second: rule.name,
                    });
                }
                continue;
            }
            self.rules.insert(rule.code, rule);
        }
        Ok(())
    }

    /// Find a rule by code (case-insensitive) or by name.
    pub fn get(&self, code_or_name: &str) -> Option<&'static Rule> {
        let upper = code_or_name.to_ascii_uppercase();
        self.rules.get(upper.as_str()).copied().or_else(|| {
            self.rules
                .values()
                .copied()
                .find(|r| r.name == code_or_name)
        })
    }

    /// Every rule with this name, by code (families share names such as `syntax-error`).
    pub fn find_by_name(&self, name: &str) -> Vec<&'static Rule> {
        self.rules
            .values()
            .copied()
            .filter(|r| r.name == name)
            .collect()
    }

    /// Every rule, by code.
    pub fn iter(&self) -> impl Iterator<Item = &'static Rule> + '_ {
        self.rules.values().copied()
    }

    /// How many rules.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}
