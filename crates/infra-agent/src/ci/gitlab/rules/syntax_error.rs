//! GL000 `syntax-error`: the file is not valid YAML.

use crate::ci::common::Ctx;
use crate::yaml::YamlError;
use squad_core::findings::Span;

declare_rule! {
    code: "GL000",
    name: "syntax-error",
    severity: Error,
    summary: "The pipeline is not valid YAML.",
    help: "Fix the YAML at this line; nothing else in the file can be checked until it parses.",
    references: [],
    doc: r#"## What it does
Reports a `.gitlab-ci.yml` that is not valid YAML, at the line where the parser gave up.

## Why is this bad?
GitLab creates no pipeline at all for a file it cannot parse, and says so only in the
pipeline editor or as a failed pipeline without jobs.

## Example
```yaml
test:
  script:
    - echo "unterminated
```

Use instead:
```yaml
test:
  script:
    - echo "terminated"
```

## References
- [CI/CD YAML syntax reference](https://docs.gitlab.com/ci/yaml/)
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
