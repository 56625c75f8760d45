//! GA012 `step-with-uses-and-run`: a step that both runs an action and a script.

use crate::ci::common::Ctx;
use crate::ci::github::model::Workflow;

declare_rule! {
    code: "GA012",
    name: "step-with-uses-and-run",
    severity: Error,
    summary: "A step has both `uses` and `run`.",
    help: "Split it into two steps: one that `uses` the action, one that `run`s the script.",
    references: ["actionlint:syntax-check"],
    doc: r#"## What it does
Reports a step that has both `uses` (an action) and `run` (a script).

## Why is this bad?
A step is one or the other; GitHub rejects the workflow.

## Example
```yaml
steps:
  - uses: actions/setup-node@39370e3970a6d050c480ffad4ff0ed4d3fdee5af # v4.1.0
    run: npm ci
```

Use instead:
```yaml
steps:
  - uses: actions/setup-node@39370e3970a6d050c480ffad4ff0ed4d3fdee5af # v4.1.0
  - run: npm ci
```

## References
- [Workflow syntax: steps[*].uses](https://docs.github.com/actions/reference/workflow-syntax-for-github-actions#jobsjob_idstepsuses)
"#,
}

/// Report steps with both.
pub(crate) fn check(wf: &Workflow<'_>, ctx: &mut Ctx<'_>) {
    for job in &wf.jobs {
        for (i, step) in job.steps.iter().enumerate() {
            let (Some(_), Some(run)) = (step.uses, step.node.entry("run")) else {
                continue;
            };
            ctx.report(
                &RULE,
                run.0.span,
                format!("step {} of job `{}` has both `uses` and `run`", i + 1, job.id),
            );
        }
    }
}
