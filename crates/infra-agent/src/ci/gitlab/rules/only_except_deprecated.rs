//! GL007 `only-except-deprecated`: `only`/`except` instead of `rules`.

use crate::ci::common::Ctx;
use crate::ci::gitlab::model::Pipeline;

declare_rule! {
    code: "GL007",
    name: "only-except-deprecated",
    severity: Info,
    summary: "`only`/`except` are not developed any more; `rules` replaces them.",
    help: "Rewrite the condition with `rules:` (`if:`, `changes:`, `exists:`).",
    references: [],
    doc: r#"## What it does
Reports each use of `only` or `except` in a job or template.

## Why is this bad?
GitLab no longer develops `only` and `except` and recommends `rules`, which can express
everything they do, combine conditions, set `when` and variables per condition, and run
merge request pipelines. The two cannot be mixed in one job (GL006).

## Example
```yaml
deploy:
  script: ./deploy.sh
  only:
    - main
```

Use instead:
```yaml
deploy:
  script: ./deploy.sh
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
```

## References
- [`only` / `except`](https://docs.gitlab.com/ci/yaml/deprecated_keywords/#only--except)
- [`rules`](https://docs.gitlab.com/ci/yaml/#rules)
"#,
}

/// Report every only/except key.
pub(crate) fn check(p: &Pipeline<'_>, ctx: &mut Ctx<'_>) {
    for job in &p.jobs {
        for keyword in ["only", "except"] {
            if let Some(key) = job.key_of(keyword) {
                ctx.report(
                    &RULE,
                    key.span,
                    format!("job `{}` uses `{keyword}`: prefer `rules`", job.name),
                );
            }
        }
    }
}
