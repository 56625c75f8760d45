//! The one-line-per-finding text the rule tests and their snapshots compare:
//! `line:column-end_line:end_column RULE message`.

use squad_core::findings::Finding;

pub(crate) fn render(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|f| {
            format!(
                "{}:{}-{}:{} {} {}",
                f.line, f.column, f.end_line, f.end_column, f.rule, f.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}
