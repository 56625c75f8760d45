//! GA024 `if-always-true`: an `if:` whose text around `${{ }}` makes it a non-empty string.

use crate::ci::common::Ctx;
use crate::ci::github::expr::expressions;
use crate::ci::github::model::Workflow;
use crate::yaml::Node;

declare_rule! {
    code: "GA024",
    name: "if-always-true",
    severity: Error,
    summary: "An `if:` mixes `${{ }}` with other text, so it is a non-empty string and always true.",
    help: "Write the whole condition inside one expression, or without braces: `if: github.ref == 'refs/heads/main' && success()`.",
    references: ["actionlint:if-cond"],
    doc: r#"## What it does
Reports `if:` conditions of jobs and steps that contain `${{ … }}` but are not exactly one
expression: text before or after it, or two expressions joined by text.

## Why is this bad?
GitHub evaluates the expressions, pastes their values into the surrounding text and tests
the resulting string, which is never empty: the condition is always true, and the job or
step that was meant to be guarded always runs (a deploy on every branch, say).

## Example
```yaml
- run: ./deploy.sh
  if: ${{ github.ref == 'refs/heads/main' }} && ${{ success() }}
```

Use instead:
```yaml
- run: ./deploy.sh
  if: github.ref == 'refs/heads/main' && success()
```

## References
- [Expressions: conditions](https://docs.github.com/actions/writing-workflows/choosing-what-your-workflow-does/evaluate-expressions-in-workflows-and-actions)
- [actionlint: if-cond](https://github.com/rhysd/actionlint/blob/main/docs/checks.md)
"#,
}

/// Report always-true conditions.
pub(crate) fn check(wf: &Workflow<'_>, ctx: &mut Ctx<'_>) {
    for job in &wf.jobs {
        if let Some(cond) = job.if_cond {
            check_one(cond, &format!("job `{}`", job.id), ctx);
        }
        for (i, step) in job.steps.iter().enumerate() {
            if let Some(cond) = step.if_cond {
                check_one(cond, &format!("step {} of job `{}`", i + 1, job.id), ctx);
            }
        }
    }
}

fn check_one(node: &Node, owner: &str, ctx: &mut Ctx<'_>) {
    let Some(text) = node.as_str() else { return };
    let exprs = expressions(text);
    let Some(first) = exprs.first() else { return };
    let trimmed = text.trim();
    let whole = exprs.len() == 1 && first.closed && first.source(text) == trimmed;
    if whole || !exprs.iter().all(|e| e.closed) {
        return;
    }
    ctx.report(
        &RULE,
        node.span,
        format!("the `if:` of {owner} is text around `${{{{ }}}}`, which is always true"),
    );
}
