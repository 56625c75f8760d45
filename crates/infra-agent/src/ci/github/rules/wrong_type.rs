//! GA002 `wrong-type`: a value of the wrong type, or not one of the allowed values.

use crate::ci::common::Ctx;
use crate::ci::github::model::Workflow;
use crate::ci::schema::IssueKind;

declare_rule! {
    code: "GA002",
    name: "wrong-type",
    severity: Error,
    summary: "A value of the wrong type, or not one of the values the key allows.",
    help: "Give the key a value of the type the message names.",
    references: ["actionlint:syntax-check"],
    doc: r#"## What it does
Reports values whose type does not fit the key (a string for `timeout-minutes`, a mapping
for `needs`, a single value for a matrix variable) and values outside a key's allowed set (a
permission level other than `read`, `write` or `none`, an input `type` GitHub does not know).
Where GitHub evaluates an expression, `${{ … }}` is accepted in place of a number or boolean.

## Why is this bad?
GitHub rejects the workflow, or worse, reads the value differently from what was meant.

## Example
```yaml
permissions:
  contents: readonly
jobs:
  test:
    runs-on: ubuntu-24.04
    timeout-minutes: ten
    strategy:
      matrix:
        node: 22
    steps:
      - run: npm test
```

Use instead:
```yaml
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-24.04
    timeout-minutes: 10
    strategy:
      matrix:
        node: [22]
    steps:
      - run: npm test
```

## References
- [Workflow syntax for GitHub Actions](https://docs.github.com/actions/reference/workflow-syntax-for-github-actions)
- [actionlint: syntax-check](https://github.com/rhysd/actionlint/blob/main/docs/checks.md)
"#,
}

/// Report the type errors found while building the model.
pub(crate) fn check(wf: &Workflow<'_>, ctx: &mut Ctx<'_>) {
    for issue in wf.issues.iter().filter(|i| i.kind == IssueKind::WrongType) {
        ctx.report(&RULE, issue.span, issue.message.clone());
    }
}
