//! GL002 `wrong-type`: a value of the wrong type, or not one of the allowed values.

use crate::ci::common::Ctx;
use crate::ci::gitlab::model::Pipeline;
use crate::ci::schema::IssueKind;

declare_rule! {
    code: "GL002",
    name: "wrong-type",
    severity: Error,
    summary: "A value of the wrong type, a value outside the allowed set, or a missing required key.",
    help: "Give the keyword a value of the type the message names.",
    references: [],
    doc: r#"## What it does
Reports values whose type does not fit the keyword (a job that is not a mapping, `stages`
that is not a list, `tags` given as a string, a `coverage` that is not a `/regex/`), values
outside a keyword's allowed set (`when`, `cache:policy`) and required keys that are missing
(the `name` of an image mapping, the `job` of a `needs` entry). A `!reference` tag stands
for any value.

## Why is this bad?
GitLab rejects the pipeline with a message such as "jobs:test:tags config should be an array
of strings".

## Example
```yaml
test:
  tags: docker
  when: sometimes
  coverage: 'Lines: (\d+)%'
  script: npm test
```

Use instead:
```yaml
test:
  tags: [docker]
  when: on_success
  coverage: '/Lines: (\d+)%/'
  script: npm test
```

## References
- [CI/CD YAML syntax reference](https://docs.gitlab.com/ci/yaml/)
"#,
}

/// Report the type errors and missing keys found while building the model.
pub(crate) fn check(p: &Pipeline<'_>, ctx: &mut Ctx<'_>) {
    for issue in p.issues.iter().filter(|i| i.kind != IssueKind::UnknownKey) {
        ctx.report(&RULE, issue.span, issue.message.clone());
    }
}
