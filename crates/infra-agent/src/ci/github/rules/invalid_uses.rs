//! GA014 `invalid-uses`: a `uses` value that is not an action or workflow reference.

use crate::ci::common::Ctx;
use crate::ci::github::model::Workflow;
use crate::ci::github::uses::{self, Uses};

declare_rule! {
    code: "GA014",
    name: "invalid-uses",
    severity: Error,
    summary: "A `uses` value is not `owner/repo[/path]@ref`, `./path` or `docker://image`.",
    help: "Write `owner/repo@<full commit sha> # vX.Y.Z`, `./path/to/local/action`, or `docker://image@sha256:…`.",
    references: ["actionlint:action"],
    doc: r#"## What it does
Checks the form of every `uses`: a remote action or reusable workflow needs `owner/repo`, an
optional path and an `@ref`; a local one starts with `./`; a container action starts with
`docker://`. A job's `uses` must name a workflow file (`.github/workflows/*.yml`). Expressions
are not allowed, since `uses` is read before expressions are evaluated.

## Why is this bad?
GitHub rejects the workflow, or fails the job when it cannot resolve the action.

## Example
```yaml
jobs:
  test:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout
      - uses: actions/setup-node@${{ env.SETUP_NODE }}
```

Use instead:
```yaml
jobs:
  test:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
      - uses: actions/setup-node@39370e3970a6d050c480ffad4ff0ed4d3fdee5af # v4.1.0
```

## References
- [Workflow syntax: steps[*].uses](https://docs.github.com/actions/reference/workflow-syntax-for-github-actions#jobsjob_idstepsuses)
- [Reusing workflows](https://docs.github.com/actions/using-workflows/reusing-workflows)
- [actionlint: action](https://github.com/rhysd/actionlint/blob/main/docs/checks.md)
"#,
}

/// Report malformed `uses` of steps and jobs.
pub(crate) fn check(wf: &Workflow<'_>, ctx: &mut Ctx<'_>) {
    for job in &wf.jobs {
        if let Some(node) = job.uses {
            let text = node.as_str().unwrap_or("");
            match uses::parse(text) {
                Uses::Invalid(reason) => ctx.report(&RULE, node.span, reason),
                Uses::Docker { .. } => ctx.report(
                    &RULE,
                    node.span,
                    format!("job `{}` can call a reusable workflow, not a container (`{text}`)", job.id),
                ),
                Uses::Remote { name, .. } if !is_workflow_path(name) => ctx.report(
                    &RULE,
                    node.span,
                    format!(
                        "job `{}` uses `{text}`, which is not a workflow file: write `owner/repo/.github/workflows/<file>.yml@ref`",
                        job.id
                    ),
                ),
                Uses::Local if !is_workflow_path(text) => ctx.report(
                    &RULE,
                    node.span,
                    format!("job `{}` uses `{text}`, which is not a workflow file under `./.github/workflows/`", job.id),
                ),
                _ => {}
            }
        }
        for step in &job.steps {
            let Some(node) = step.uses else { continue };
            if let Uses::Invalid(reason) = uses::parse(node.as_str().unwrap_or("")) {
                ctx.report(&RULE, node.span, reason);
            }
        }
    }
}

fn is_workflow_path(name: &str) -> bool {
    name.contains(".github/workflows/") && (name.ends_with(".yml") || name.ends_with(".yaml"))
}
