//! GA010 `missing-runs-on`: a job with steps but no runner.

use crate::ci::common::Ctx;
use crate::ci::github::model::Workflow;

declare_rule! {
    code: "GA010",
    name: "missing-runs-on",
    severity: Error,
    summary: "A job has no `runs-on` and does not call a reusable workflow.",
    help: "Add `runs-on:` with a pinned runner image, e.g. `ubuntu-24.04`.",
    references: ["actionlint:syntax-check"],
    doc: r#"## What it does
Reports a job that has neither `runs-on` nor `uses` (a job calling a reusable workflow runs
wherever that workflow says).

## Why is this bad?
GitHub rejects the workflow: a job must say what kind of machine runs it. Prefer a pinned
image (`ubuntu-24.04`) to `ubuntu-latest`, which moves to a new release under your feet.

## Example
```yaml
jobs:
  test:
    steps:
      - run: make test
```

Use instead:
```yaml
jobs:
  test:
    runs-on: ubuntu-24.04
    steps:
      - run: make test
```

## References
- [Workflow syntax: jobs.<job_id>.runs-on](https://docs.github.com/actions/reference/workflow-syntax-for-github-actions#jobsjob_idruns-on)
"#,
}

/// Report jobs without a runner.
pub(crate) fn check(wf: &Workflow<'_>, ctx: &mut Ctx<'_>) {
    for job in &wf.jobs {
        let mapping = job.node.as_map().is_some();
        let runs_on_given = job.node.get("runs-on").is_some();
        if mapping && job.uses.is_none() && job.runs_on.is_none() && !runs_on_given {
            ctx.report(
                &RULE,
                job.key.span,
                format!("job `{}` has no `runs-on`", job.id),
            );
        }
    }
}
