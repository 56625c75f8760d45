//! GL001 `unknown-keyword`: a keyword GitLab CI does not have here.

use crate::ci::common::Ctx;
use crate::ci::gitlab::model::Pipeline;
use crate::ci::schema::IssueKind;

declare_rule! {
    code: "GL001",
    name: "unknown-keyword",
    severity: Error,
    summary: "A keyword GitLab CI does not know in this place.",
    help: "Fix the spelling (keywords use underscores: `before_script`, `allow_failure`) or remove it.",
    references: [],
    doc: r#"## What it does
Reports unknown keywords in jobs, `default`, `workflow`, `rules` entries, `needs` entries,
`include` entries, `image`, `services`, `cache`, `artifacts` and `environment`, and top-level
keys that are a misspelled global keyword (`stage:` for `stages:`) rather than a job. A close
keyword is suggested. Hidden jobs (`.name`) are not checked: they may hold any YAML.

## Why is this bad?
GitLab rejects the pipeline ("jobs:build config contains unknown keys: scripts"), and a
misspelled global keyword silently becomes a job definition.

## Example
```yaml
variable:
  NODE_ENV: test
test:
  scripts:
    - npm test
```

Use instead:
```yaml
variables:
  NODE_ENV: test
test:
  script:
    - npm test
```

## References
- [CI/CD YAML syntax reference](https://docs.gitlab.com/ci/yaml/)
"#,
}

/// Report the unknown keywords found while building the model.
pub(crate) fn check(p: &Pipeline<'_>, ctx: &mut Ctx<'_>) {
    for issue in p.issues.iter().filter(|i| i.kind == IssueKind::UnknownKey) {
        ctx.report(&RULE, issue.span, issue.message.clone());
    }
}
