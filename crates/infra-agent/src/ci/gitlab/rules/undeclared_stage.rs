//! GL004 `undeclared-stage`: a job in a stage that `stages` does not declare.

use crate::ci::common::{Ctx, did_you_mean, suggestion_suffix};
use crate::ci::gitlab::model::{Pipeline, Resolved};

declare_rule! {
    code: "GL004",
    name: "undeclared-stage",
    severity: Error,
    summary: "A job's `stage` is not declared in `stages`.",
    help: "Add the stage to `stages`, or fix the job's `stage`.",
    references: [],
    doc: r#"## What it does
Reports a job whose stage (its own `stage`, one inherited through `extends`, or the default
`test`) is not in `stages`, or, when the file declares no `stages`, not one of GitLab's
defaults `.pre`, `build`, `test`, `deploy`, `.post`. `.pre` and `.post` always exist. When
the file has no `stages` but an `include`, the stages may come from the included file and
nothing is reported; nor is a job without a `stage` of its own in a file with an `include`
(a job of the same name there may set it), nor a stage given as a `$[[ inputs.… ]]`.

## Why is this bad?
GitLab rejects the pipeline: "chosen stage does not exist; available stages are …".

## Example
```yaml
stages: [build, test]
deploy:
  stage: deploy
  script: ./deploy.sh
```

Use instead:
```yaml
stages: [build, test, deploy]
deploy:
  stage: deploy
  script: ./deploy.sh
```

## References
- [`stages`](https://docs.gitlab.com/ci/yaml/#stages)
- [`stage`](https://docs.gitlab.com/ci/yaml/#stage)
"#,
}

const DEFAULT_STAGES: &[&str] = &["build", "test", "deploy"];

/// Report jobs in undeclared stages.
pub(crate) fn check(p: &Pipeline<'_>, ctx: &mut Ctx<'_>) {
    if p.stages.is_none() && p.has_include {
        return;
    }
    let declared: Vec<&str> = match &p.stages {
        Some(stages) => stages.iter().filter_map(|s| s.as_str()).collect(),
        None => DEFAULT_STAGES.to_vec(),
    };
    let mut known = vec![".pre"];
    known.extend(&declared);
    known.push(".post");
    for job in p.jobs.iter().filter(|j| !j.hidden) {
        let (stage, span) = match p.resolve(job, "stage") {
            Resolved::Unknown => continue,
            // A job of the same name in an included file may set the stage.
            Resolved::Absent if p.has_include => continue,
            Resolved::Absent => ("test", job.key.span),
            Resolved::Found(node) => {
                let Some(text) = node.as_str() else { continue };
                let own = job.get("stage").is_some_and(|n| std::ptr::eq(n, node));
                (text, if own { node.span } else { job.key.span })
            }
        };
        // `$[[ inputs.stage ]]` is interpolated from the spec inputs before GitLab reads it.
        if known.contains(&stage) || stage.contains("$[[") {
            continue;
        }
        let available = known
            .iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let implicit = if job.get("stage").is_none() && matches!(p.resolve(job, "stage"), Resolved::Absent) {
            " (the default when a job has no `stage`)"
        } else {
            ""
        };
        ctx.report(
            &RULE,
            span,
            format!(
                "job `{}` is in stage `{stage}`{implicit}, which is not declared; stages are {available}{}",
                job.name,
                suggestion_suffix(did_you_mean(stage, &declared))
            ),
        );
    }
}
