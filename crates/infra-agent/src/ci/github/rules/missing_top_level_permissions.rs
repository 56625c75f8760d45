//! GA016 `missing-top-level-permissions`: jobs run with the default token permissions.

use crate::ci::common::Ctx;
use crate::ci::github::model::Workflow;

declare_rule! {
    code: "GA016",
    name: "missing-top-level-permissions",
    severity: Warning,
    summary: "The workflow sets no top-level `permissions`, so jobs without their own get the default token permissions.",
    help: "Add `permissions: {contents: read}` at the top and grant more per job, only where needed.",
    references: ["zizmor:excessive-permissions"],
    doc: r#"## What it does
Reports a workflow without a top-level `permissions` block, unless every job sets its own.

## Why is this bad?
Without it, the `GITHUB_TOKEN` of each job gets the repository's or organization's default
permissions, which on older repositories is read and write on everything. Any compromised
step (a hijacked action, an injected script) can then push code, publish packages or approve
pull requests. Least privilege means declaring read-only at the top and escalating per job.

## Example
```yaml
on: push
jobs:
  test:
    runs-on: ubuntu-24.04
    steps:
      - run: make test
```

Use instead:
```yaml
on: push
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-24.04
    steps:
      - run: make test
```

## References
- [Controlling permissions for GITHUB_TOKEN](https://docs.github.com/actions/writing-workflows/choosing-what-your-workflow-does/controlling-permissions-for-github_token)
- [zizmor: excessive-permissions](https://docs.zizmor.sh/audits/#excessive-permissions)
"#,
}

/// Report a missing top-level block when some job relies on the defaults.
pub(crate) fn check(wf: &Workflow<'_>, ctx: &mut Ctx<'_>) {
    if wf.permissions.is_some() || wf.root.get("permissions").is_some() || wf.jobs.is_empty() {
        return;
    }
    let defaulted: Vec<&str> = wf
        .jobs
        .iter()
        .filter(|j| j.node.get("permissions").is_none())
        .map(|j| j.id)
        .collect();
    if defaulted.is_empty() {
        return;
    }
    let span = wf
        .on_key
        .or(wf.jobs_key)
        .map_or(wf.root.span, |k| k.span);
    let jobs = defaulted
        .iter()
        .take(3)
        .map(|j| format!("`{j}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let more = if defaulted.len() > 3 { ", …" } else { "" };
    ctx.report(
        &RULE,
        span,
        if defaulted.len() == 1 {
            format!("no top-level `permissions`: job {jobs} runs with the default GITHUB_TOKEN permissions")
        } else {
            format!("no top-level `permissions`: jobs {jobs}{more} run with the default GITHUB_TOKEN permissions")
        },
    );
}
