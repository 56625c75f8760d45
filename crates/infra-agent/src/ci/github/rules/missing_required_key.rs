//! GA003 `missing-required-key`: a required key is absent.

use crate::ci::common::Ctx;
use crate::ci::github::model::Workflow;
use crate::ci::schema::IssueKind;

declare_rule! {
    code: "GA003",
    name: "missing-required-key",
    severity: Error,
    summary: "A key that GitHub requires is absent.",
    help: "Add the key the message names.",
    references: ["actionlint:syntax-check"],
    doc: r#"## What it does
Reports required keys that are missing: the workflow's `on` and `jobs`, the `steps` of a job
that runs on a runner, the `cron` of a schedule, the `type` of a `workflow_call` input, the
`value` of a `workflow_call` output, the `group` of a `concurrency` mapping and the `image` of
a container or service.

## Why is this bad?
GitHub rejects the workflow; a workflow without `on` never runs at all.

## Example
```yaml
name: CI
jobs:
  test:
    runs-on: ubuntu-24.04
```

Use instead:
```yaml
name: CI
on: [push]
jobs:
  test:
    runs-on: ubuntu-24.04
    steps:
      - run: make test
```

## References
- [Workflow syntax for GitHub Actions](https://docs.github.com/actions/reference/workflow-syntax-for-github-actions)
"#,
}

/// Report the missing keys found while building the model, and jobs without steps.
pub(crate) fn check(wf: &Workflow<'_>, ctx: &mut Ctx<'_>) {
    for issue in wf.issues.iter().filter(|i| i.kind == IssueKind::Missing) {
        ctx.report(&RULE, issue.span, issue.message.clone());
    }
    for job in &wf.jobs {
        if job.uses.is_none() && !job.has_steps && job.node.as_map().is_some() {
            ctx.report(
                &RULE,
                job.key.span,
                format!("job `{}` has no `steps`: a job runs steps or calls a reusable workflow with `uses`", job.id),
            );
        }
    }
}
