//! DC000 `syntax-error`: a compose file that is not valid YAML.

use squad_core::findings::{Finding, Span};

use crate::compose::context::Ctx;
use crate::yaml::YamlError;

declare_rule! {
    code: "DC000",
    name: "syntax-error",
    severity: Error,
    summary: "The file is not valid YAML, so compose cannot read it.",
    help: "Fix the YAML at the reported line: indentation, an unclosed bracket or quote, a tab.",
    references: [],
    doc: r#"## What it does
Reports a compose file that does not parse as YAML, at the line and column where the parser
gave up. Nothing else is checked in a file that does not parse.

## Why is this bad?
`docker compose` refuses the whole file: no service starts. The position given is where the
parser noticed the problem; the cause is often on the line just above (a missing `:`, an
indentation change, an unclosed `[` or quote).

## Example
```yaml
services:
  web:
    image: "nginx:1.27.3
    ports: ["8080:80"]
```

Use instead:
```yaml
services:
  web:
    image: "nginx:1.27.3"
    ports: ["8080:80"]
```

## References
- [YAML 1.2 specification](https://yaml.org/spec/1.2.2/)
- [Compose file reference](https://docs.docker.com/reference/compose-file/)
"#,
}

/// The one finding of a file that does not parse. The parser may give up one line past the
/// end (a missing closing bracket): the finding then points at the end of the last line.
pub(crate) fn finding(path: &str, error: &YamlError, source: &str) -> Finding {
    let lines = u32::try_from(source.lines().count()).unwrap_or(u32::MAX).max(1);
    let (line, column) = if error.line > lines {
        let last = source.lines().last().unwrap_or("");
        let width = u32::try_from(last.chars().count()).unwrap_or(u32::MAX);
        (lines, width.saturating_add(1))
    } else {
        (error.line.max(1), error.column.max(1))
    };
    RULE.finding(
        path,
        Span::new(line, column, line, column.saturating_add(1)),
        format!("invalid YAML: {}", error.message),
    )
}

/// Syntax errors are reported before any other check runs (see [`finding`]).
pub(crate) fn check(_ctx: &mut Ctx<'_>) {}
