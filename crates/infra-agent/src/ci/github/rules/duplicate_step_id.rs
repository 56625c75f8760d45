//! GA006 `duplicate-step-id`: two steps of a job with the same id.

use crate::ci::common::Ctx;
use std::collections::HashMap;

use crate::ci::github::model::Workflow;
use crate::yaml::Node;

declare_rule! {
    code: "GA006",
    name: "duplicate-step-id",
    severity: Error,
    summary: "Two steps of one job have the same id.",
    help: "Give each step a distinct id; `steps.<id>` must name one step.",
    references: ["actionlint:id"],
    doc: r#"## What it does
Reports a step `id` used by an earlier step of the same job (case-insensitively).

## Why is this bad?
GitHub rejects the workflow: `steps.<id>.outputs` must designate exactly one step.

## Example
```yaml
steps:
  - id: version
    run: echo "value=1" >> "$GITHUB_OUTPUT"
  - id: version
    run: echo "value=2" >> "$GITHUB_OUTPUT"
```

Use instead:
```yaml
steps:
  - id: app-version
    run: echo "value=1" >> "$GITHUB_OUTPUT"
  - id: api-version
    run: echo "value=2" >> "$GITHUB_OUTPUT"
```

## References
- [Workflow syntax: steps[*].id](https://docs.github.com/actions/reference/workflow-syntax-for-github-actions#jobsjob_idstepsid)
- [actionlint: id](https://github.com/rhysd/actionlint/blob/main/docs/checks.md)
"#,
}

/// Report step ids seen before in the same job.
pub(crate) fn check(wf: &Workflow<'_>, ctx: &mut Ctx<'_>) {
    for job in &wf.jobs {
        let ids: Vec<_> = job
            .steps
            .iter()
            .filter_map(|s| s.id)
            .filter_map(|n| n.as_str().map(|t| (n, t)))
            .collect();
        let mut seen: HashMap<String, &Node> = HashMap::new();
        for (node, id) in &ids {
            let first = seen.get(&id.to_ascii_lowercase()).copied();
            seen.entry(id.to_ascii_lowercase()).or_insert(node);
            if let Some(first) = first {
                ctx.report(
                    &RULE,
                    node.span,
                    format!(
                        "step id `{id}` is already used in job `{}` (line {})",
                        job.id, first.span.line
                    ),
                );
            }
        }
    }
}
