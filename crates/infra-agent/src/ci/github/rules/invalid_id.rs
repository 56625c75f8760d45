//! GA007 `invalid-id`: a job or step id with characters GitHub does not allow.

use crate::ci::common::Ctx;
use crate::ci::github::model::Workflow;

declare_rule! {
    code: "GA007",
    name: "invalid-id",
    severity: Error,
    summary: "A job or step id does not start with a letter or `_`, or has characters other than letters, digits, `-` and `_`.",
    help: "Use only letters, digits, `-` and `_`, starting with a letter or `_`.",
    references: ["actionlint:id"],
    doc: r#"## What it does
Reports job ids and step ids that GitHub does not accept: they must start with a letter or
`_` and contain only alphanumeric characters, `-` and `_`.

## Why is this bad?
GitHub rejects the workflow, and such an id could not be referenced in `needs` or in
`steps.<id>` expressions anyway.

## Example
```yaml
jobs:
  1st build:
    runs-on: ubuntu-24.04
    steps:
      - id: get.version
        run: echo "v=1" >> "$GITHUB_OUTPUT"
```

Use instead:
```yaml
jobs:
  build:
    runs-on: ubuntu-24.04
    steps:
      - id: get-version
        run: echo "v=1" >> "$GITHUB_OUTPUT"
```

## References
- [Workflow syntax: jobs.<job_id>](https://docs.github.com/actions/reference/workflow-syntax-for-github-actions#jobsjob_id)
- [actionlint: id](https://github.com/rhysd/actionlint/blob/main/docs/checks.md)
"#,
}

/// Whether `id` is a valid job or step id.
pub(crate) fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Report invalid job and step ids.
pub(crate) fn check(wf: &Workflow<'_>, ctx: &mut Ctx<'_>) {
    for job in &wf.jobs {
        if !is_valid_id(job.id) {
            ctx.report(&RULE, job.key.span, format!("invalid job id `{}`", job.id));
        }
        for step in &job.steps {
            let Some(node) = step.id else { continue };
            let id = node.as_str().unwrap_or("");
            if !id.contains("${{") && !is_valid_id(id) {
                ctx.report(&RULE, node.span, format!("invalid step id `{id}` in job `{}`", job.id));
            }
        }
    }
}
