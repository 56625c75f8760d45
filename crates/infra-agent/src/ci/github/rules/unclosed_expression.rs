//! GA025 `unclosed-expression`: `${{` without its `}}`.

use crate::ci::common::Ctx;
use crate::ci::github::expr::expressions;
use crate::ci::github::model::Workflow;
use crate::yaml::{Node, Value};

declare_rule! {
    code: "GA025",
    name: "unclosed-expression",
    severity: Error,
    summary: "A `${{` expression is never closed with `}}`.",
    help: "Close the expression with `}}`.",
    references: ["actionlint:expression"],
    doc: r#"## What it does
Reports a `${{` in any string of the workflow that has no matching `}}` (a `}}` inside a
quoted string literal of the expression does not count).

## Why is this bad?
GitHub fails to parse the expression and rejects the workflow, or the job fails when it
evaluates the value.

## Example
```yaml
- run: echo "${{ github.sha }"
```

Use instead:
```yaml
- run: echo "${{ github.sha }}"
```

## References
- [Expressions](https://docs.github.com/actions/writing-workflows/choosing-what-your-workflow-does/evaluate-expressions-in-workflows-and-actions)
- [actionlint: expression](https://github.com/rhysd/actionlint/blob/main/docs/checks.md)
"#,
}

/// Report unclosed expressions anywhere in the document.
pub(crate) fn check(wf: &Workflow<'_>, ctx: &mut Ctx<'_>) {
    walk(wf.root, ctx);
}

fn walk(node: &Node, ctx: &mut Ctx<'_>) {
    match &node.value {
        Value::Scalar { text, .. } => {
            if let Some(open) = expressions(text).into_iter().find(|e| !e.closed) {
                let span = ctx.locate(node, open.start, "${{");
                ctx.report(&RULE, span, "`${{` is never closed with `}}`");
            }
        }
        Value::Seq(items) => items.iter().for_each(|i| walk(i, ctx)),
        Value::Map(entries) => entries.iter().for_each(|(_, v)| walk(v, ctx)),
    }
}
