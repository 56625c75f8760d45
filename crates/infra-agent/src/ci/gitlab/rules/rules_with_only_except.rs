//! GL006 `rules-with-only-except`: `rules` and `only`/`except` in one job.

use crate::ci::common::Ctx;
use crate::ci::gitlab::model::Pipeline;

declare_rule! {
    code: "GL006",
    name: "rules-with-only-except",
    severity: Error,
    summary: "A job uses `rules` together with `only` or `except`.",
    help: "Express the `only`/`except` conditions as `rules` entries and remove `only`/`except`.",
    references: [],
    doc: r#"## What it does
Reports a job that has both `rules` and `only` or `except`.

## Why is this bad?
GitLab rejects the pipeline: "jobs:test config key may not be used with `rules`: only".
The two mechanisms cannot be combined in one job.

## Example
```yaml
test:
  script: make test
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
  only:
    - main
```

Use instead:
```yaml
test:
  script: make test
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_BRANCH == "main"
```

## References
- [`rules`](https://docs.gitlab.com/ci/yaml/#rules)
"#,
}

/// Report jobs mixing the two.
pub(crate) fn check(p: &Pipeline<'_>, ctx: &mut Ctx<'_>) {
    for job in p.jobs.iter().filter(|j| !j.hidden) {
        if job.get("rules").is_none() {
            continue;
        }
        for keyword in ["only", "except"] {
            if let Some(key) = job.key_of(keyword) {
                ctx.report(
                    &RULE,
                    key.span,
                    format!("job `{}` uses `{keyword}` together with `rules`, which GitLab rejects", job.name),
                );
            }
        }
    }
}
