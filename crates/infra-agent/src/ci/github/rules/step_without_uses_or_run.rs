//! GA013 `step-without-uses-or-run`: a step that does nothing.

use crate::ci::common::Ctx;
use crate::ci::github::model::Workflow;

declare_rule! {
    code: "GA013",
    name: "step-without-uses-or-run",
    severity: Error,
    summary: "A step has neither `uses` nor `run`.",
    help: "Give the step an action to use (`uses`) or a script to run (`run`).",
    references: ["actionlint:syntax-check"],
    doc: r#"## What it does
Reports a step with neither `uses` nor `run`, often a mis-indented key that ended up in the
step before or after.

## Why is this bad?
A step must do something; GitHub rejects the workflow.

## Example
```yaml
steps:
  - name: Test
  - run: make test
```

Use instead:
```yaml
steps:
  - name: Test
    run: make test
```

## References
- [Workflow syntax: jobs.<job_id>.steps](https://docs.github.com/actions/reference/workflow-syntax-for-github-actions#jobsjob_idsteps)
"#,
}

/// Report steps with neither.
pub(crate) fn check(wf: &Workflow<'_>, ctx: &mut Ctx<'_>) {
    for job in &wf.jobs {
        for (i, step) in job.steps.iter().enumerate() {
            if step.node.get("uses").is_some() || step.node.get("run").is_some() {
                continue;
            }
            ctx.report(
                &RULE,
                step.node.span,
                format!("step {} of job `{}` has neither `uses` nor `run`", i + 1, job.id),
            );
        }
    }
}
