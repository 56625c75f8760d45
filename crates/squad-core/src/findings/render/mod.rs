//! Renderers of findings: text for people, JSON for scripts, SARIF 2.1.0 for code-scanning UIs.
//!
//! Every renderer shows findings in the order of [`sort_findings`], so
//! output does not depend on the order checkers ran in, and ends with a newline.
//!
//! - [`render_text`]: actionlint/rustc-like diagnostics with the source line and a marker
//!   under the exact span.
//! - [`render_json`] and [`rules_json`]: the JSON contract of DESIGN.md.
//! - [`render_sarif`]: one SARIF run with the rules and results.

mod json;
mod sarif;
mod text;

pub use json::{render_json, rules_json};
pub use sarif::render_sarif;
pub use text::render_text;

use super::{Finding, sort_findings};

/// A sorted copy of `findings`.
fn sorted(findings: &[Finding]) -> Vec<Finding> {
    let mut sorted = findings.to_vec();
    sort_findings(&mut sorted);
    sorted
}

/// Pretty-printed JSON ending with a newline. Serializing these plain types cannot fail; if
/// it ever did, the output is still JSON and says why instead of panicking.
fn to_pretty_json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    let mut out = serde_json::to_string_pretty(value).unwrap_or_else(|e| {
        serde_json::json!({ "error": format!("could not serialize the report: {e}") }).to_string()
    });
    out.push('\n');
    out
}
