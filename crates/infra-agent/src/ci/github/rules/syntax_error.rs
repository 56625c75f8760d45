//! GA000 `syntax-error`: the file is not valid YAML.

use crate::ci::common::Ctx;
use crate::yaml::YamlError;
use squad_core::findings::Span;

declare_rule! {
    code: "GA000",
    name: "syntax-error",
    severity: Error,
    summary: "The workflow is not valid YAML.",
    help: "Fix the YAML at this line; nothing else in the file can be checked until it parses.",
    references: ["actionlint:syntax-check"],
    doc: r#"## What it does
Reports a workflow file that is not valid YAML, at the line where the parser gave up.

## Why is this bad?
GitHub refuses to run a workflow it cannot parse, and shows the error only in the Actions
tab after the push. No other rule can look at the file until it parses.

## Example
```yaml
on: push
jobs:
  build:
    runs-on: ubuntu-24.04
    steps:
      - run: echo "unterminated
```

Use instead:
```yaml
on: push
jobs:
  build:
    runs-on: ubuntu-24.04
    steps:
      - run: echo "terminated"
```

## References
- [Workflow syntax for GitHub Actions](https://docs.github.com/actions/reference/workflow-syntax-for-github-actions)
- [actionlint: syntax-check](https://github.com/rhysd/actionlint/blob/main/docs/checks.md)
"#,
}

/// Report the parser's error.
pub(crate) fn report(err: &YamlError, ctx: &mut Ctx<'_>) {
    let line = err.line.max(1);
    let column = err.column.max(1);
    ctx.report(
        &RULE,
        Span::new(line, column, line, column + 1),
        format!("invalid YAML: {}", err.message),
    );
}
