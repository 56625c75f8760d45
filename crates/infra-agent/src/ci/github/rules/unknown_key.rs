//! GA001 `unknown-key`: a key that workflow syntax does not have here.

use crate::ci::common::Ctx;
use crate::ci::github::model::Workflow;
use crate::ci::schema::IssueKind;

declare_rule! {
    code: "GA001",
    name: "unknown-key",
    severity: Error,
    summary: "A key that workflow syntax does not know in this place.",
    help: "Fix the spelling (keys use dashes: `runs-on`, `timeout-minutes`) or remove the key.",
    references: ["actionlint:syntax-check", "actionlint:events"],
    doc: r#"## What it does
Reports keys that GitHub Actions does not know where they are written: a misspelled job or
step key, an event that does not exist, a permission scope that does not exist, or a key that
is not allowed in this kind of job (a job calling a reusable workflow takes no `runs-on` or
`steps`; only such a job takes `with` and `secrets`). A close known key is suggested.

## Why is this bad?
GitHub rejects the whole workflow when it meets an unknown key, and a typo such as
`runs_on` or `timeout_minute` is easy to miss in review.

## Example
```yaml
on: pull_requests
jobs:
  test:
    runs_on: ubuntu-24.04
    steps:
      - run: make test
```

Use instead:
```yaml
on: pull_request
jobs:
  test:
    runs-on: ubuntu-24.04
    steps:
      - run: make test
```

## References
- [Workflow syntax for GitHub Actions](https://docs.github.com/actions/reference/workflow-syntax-for-github-actions)
- [Events that trigger workflows](https://docs.github.com/actions/reference/events-that-trigger-workflows)
- [actionlint: syntax-check](https://github.com/rhysd/actionlint/blob/main/docs/checks.md)
"#,
}

/// Report the unknown keys found while building the model.
pub(crate) fn check(wf: &Workflow<'_>, ctx: &mut Ctx<'_>) {
    for issue in wf.issues.iter().filter(|i| i.kind == IssueKind::UnknownKey) {
        ctx.report(&RULE, issue.span, issue.message.clone());
    }
}
