//! GL008 `extends-unknown-template`: `extends` names a job or template that does not exist.

use std::collections::HashSet;

use crate::ci::common::{Ctx, did_you_mean, suggestion_suffix};
use crate::ci::gitlab::model::Pipeline;

declare_rule! {
    code: "GL008",
    name: "extends-unknown-template",
    severity: Error,
    summary: "`extends` names a job or hidden template that is not in the pipeline.",
    help: "Name an existing job or `.template`, or include the file that defines it.",
    references: [],
    doc: r#"## What it does
Reports each name in `extends` that is not a job or hidden job (`.name`) of this file. When
the file has an `include`, templates may come from it and nothing is reported.

## Why is this bad?
GitLab rejects the pipeline: "job: unknown keys in `extends` (.tempalte)".

## Example
```yaml
.node-job:
  image: node:22.12.0-bookworm-slim
test:
  extends: .node_job
  script: npm test
```

Use instead:
```yaml
.node-job:
  image: node:22.12.0-bookworm-slim
test:
  extends: .node-job
  script: npm test
```

## References
- [`extends`](https://docs.gitlab.com/ci/yaml/#extends)
"#,
}

/// Report unknown templates.
pub(crate) fn check(p: &Pipeline<'_>, ctx: &mut Ctx<'_>) {
    if p.has_include {
        return;
    }
    let names: Vec<&str> = p.jobs.iter().map(|j| j.name).collect();
    let known: HashSet<&str> = names.iter().copied().collect();
    for job in &p.jobs {
        for parent in &job.extends {
            let Some(name) = parent.as_str() else { continue };
            if known.contains(name) || name.contains("$[[") {
                continue;
            }
            ctx.report(
                &RULE,
                parent.span,
                format!(
                    "job `{}` extends `{name}`, which is not defined in this pipeline{}",
                    job.name,
                    suggestion_suffix(did_you_mean(name, &names))
                ),
            );
        }
    }
}
