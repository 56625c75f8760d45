//! GA005 `duplicate-job-id`: two jobs with the same id.

use crate::ci::common::Ctx;
use std::collections::HashMap;

use crate::ci::github::model::{Job, Workflow};

declare_rule! {
    code: "GA005",
    name: "duplicate-job-id",
    severity: Error,
    summary: "Two jobs have the same id (ids are case-insensitive).",
    help: "Rename one of the jobs, and update the `needs` that name it.",
    references: ["actionlint:id"],
    doc: r#"## What it does
Reports a job id used twice in `jobs`, including ids that differ only in case (`Build` and
`build`), which GitHub treats as the same job.

## Why is this bad?
GitHub rejects the workflow. A YAML reader that accepts it keeps only one of the two jobs,
so a job silently disappears.

## Example
```yaml
jobs:
  test:
    runs-on: ubuntu-24.04
    steps: [{run: make unit}]
  Test:
    runs-on: ubuntu-24.04
    steps: [{run: make integration}]
```

Use instead:
```yaml
jobs:
  unit:
    runs-on: ubuntu-24.04
    steps: [{run: make unit}]
  integration:
    runs-on: ubuntu-24.04
    steps: [{run: make integration}]
```

## References
- [Workflow syntax: jobs.<job_id>](https://docs.github.com/actions/reference/workflow-syntax-for-github-actions#jobsjob_id)
- [actionlint: id](https://github.com/rhysd/actionlint/blob/main/docs/checks.md)
"#,
}

/// Report job ids seen before in the same `jobs` mapping.
pub(crate) fn check(wf: &Workflow<'_>, ctx: &mut Ctx<'_>) {
    let mut seen: HashMap<String, &Job<'_>> = HashMap::new();
    for job in &wf.jobs {
        let Some(first) = seen.get(&job.id.to_ascii_lowercase()).copied() else {
            seen.insert(job.id.to_ascii_lowercase(), job);
            continue;
        };
        let message = if first.id == job.id {
            format!("job `{}` is defined twice (first at line {})", job.id, first.key.span.line)
        } else {
            format!(
                "job id `{}` is the same as `{}` (line {}): job ids are case-insensitive",
                job.id, first.id, first.key.span.line
            )
        };
        ctx.report(&RULE, job.key.span, message);
    }
}
