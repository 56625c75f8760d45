//! GL011 `job-without-script`: a job with nothing to run.

use crate::ci::common::Ctx;
use crate::ci::gitlab::model::{Pipeline, Resolved};

declare_rule! {
    code: "GL011",
    name: "job-without-script",
    severity: Error,
    summary: "A job has no `script` (nor `trigger` or `run`), itself or through `extends`.",
    help: "Add a `script:`, or hide the job (`.name`) if it is a template.",
    references: [],
    doc: r#"## What it does
Reports a visible job with neither `script`, `trigger` (a downstream pipeline) nor `run`
(CI steps), in itself or in the templates it `extends`. Hidden jobs are templates and are
not reported; nor is anything in a file with an `include`, where a job may complete the job
of the same name of the included file.

## Why is this bad?
GitLab rejects the pipeline: "jobs:build config should implement the script:, run:, or
trigger: keyword". Often the job was meant as a template and lacks its leading dot.

## Example
```yaml
node-defaults:
  image: node:22.12.0-bookworm-slim
test:
  extends: node-defaults
  script: npm test
```

Use instead:
```yaml
.node-defaults:
  image: node:22.12.0-bookworm-slim
test:
  extends: .node-defaults
  script: npm test
```

## References
- [`script`](https://docs.gitlab.com/ci/yaml/#script)
- [`extends`](https://docs.gitlab.com/ci/yaml/#extends)
"#,
}

/// Report jobs without anything to run.
pub(crate) fn check(p: &Pipeline<'_>, ctx: &mut Ctx<'_>) {
    // With an include, a job here may complete one of the same name there (`sast:` setting
    // only `stage` over the SAST template's job).
    if p.has_include {
        return;
    }
    for job in p.jobs.iter().filter(|j| !j.hidden) {
        let mut absent = true;
        for keyword in ["script", "trigger", "run"] {
            match p.resolve(job, keyword) {
                Resolved::Absent => {}
                Resolved::Found(_) | Resolved::Unknown => absent = false,
            }
        }
        if absent {
            ctx.report(
                &RULE,
                job.key.span,
                format!("job `{}` has no `script`, `trigger` or `run`", job.name),
            );
        }
    }
}
