//! GA008 `needs-undefined-job`: `needs` names a job that does not exist.

use std::collections::HashSet;

use crate::ci::common::{Ctx, did_you_mean, suggestion_suffix};
use crate::ci::github::model::Workflow;

declare_rule! {
    code: "GA008",
    name: "needs-undefined-job",
    severity: Error,
    summary: "`needs` names a job that is not defined in the workflow.",
    help: "Name a job id defined under `jobs`.",
    references: ["actionlint:job-needs"],
    doc: r#"## What it does
Reports each job named in `needs` that is not a job of this workflow (ids are compared
case-insensitively, as GitHub does), with a suggestion when one is close.

## Why is this bad?
GitHub rejects the workflow. It typically happens when a job is renamed and the jobs
depending on it are not updated.

## Example
```yaml
jobs:
  build:
    runs-on: ubuntu-24.04
    steps: [{run: make}]
  deploy:
    needs: biuld
    runs-on: ubuntu-24.04
    steps: [{run: make deploy}]
```

Use instead:
```yaml
jobs:
  build:
    runs-on: ubuntu-24.04
    steps: [{run: make}]
  deploy:
    needs: build
    runs-on: ubuntu-24.04
    steps: [{run: make deploy}]
```

## References
- [Workflow syntax: jobs.<job_id>.needs](https://docs.github.com/actions/reference/workflow-syntax-for-github-actions#jobsjob_idneeds)
- [actionlint: job-needs](https://github.com/rhysd/actionlint/blob/main/docs/checks.md)
"#,
}

/// Report `needs` entries naming no job.
pub(crate) fn check(wf: &Workflow<'_>, ctx: &mut Ctx<'_>) {
    let ids: Vec<&str> = wf.jobs.iter().map(|j| j.id).collect();
    let lower: HashSet<String> = ids.iter().map(|id| id.to_ascii_lowercase()).collect();
    for job in &wf.jobs {
        for need in &job.needs {
            let Some(name) = need.as_str() else { continue };
            if name.contains("${{") || lower.contains(&name.to_ascii_lowercase()) {
                continue;
            }
            ctx.report(
                &RULE,
                need.span,
                format!(
                    "job `{}` needs `{name}`, which is not a job of this workflow{}",
                    job.id,
                    suggestion_suffix(did_you_mean(name, &ids))
                ),
            );
        }
    }
}
