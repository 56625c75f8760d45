//! GA019 `action-pinned-to-branch`: an action that runs whatever a branch holds today.

use crate::ci::common::Ctx;
use crate::ci::github::model::Workflow;
use crate::ci::github::uses::{self, Uses};

declare_rule! {
    code: "GA019",
    name: "action-pinned-to-branch",
    severity: Error,
    summary: "An action or reusable workflow is referenced by a branch (`@main`, `@master`…).",
    help: "Pin the full commit SHA of a release and keep its tag in a comment: `uses: owner/repo@<sha> # v1.2.3`.",
    references: ["zizmor:unpinned-uses"],
    doc: r#"## What it does
Reports `uses:` references whose ref is a branch: `main`, `master`, `develop`, `dev`,
`trunk`, `HEAD`, `stable`, `nightly`, `canary`, `refs/heads/…`, or a `feature/`, `fix/`,
`release/`, `hotfix/` branch.

## Why is this bad?
Worse than a tag (GA018): a branch moves with every push by design, so each run executes
code nobody reviewed, possibly unfinished, with your token and secrets. A compromise of the
action's repository reaches you at the next run.

## Example
```yaml
steps:
  - uses: some-org/deploy-action@main
```

Use instead:
```yaml
steps:
  - uses: some-org/deploy-action@0123456789abcdef0123456789abcdef01234567 # v2.3.1
```

## References
- [Security hardening: using third-party actions](https://docs.github.com/actions/security-guides/security-hardening-for-github-actions#using-third-party-actions)
- [zizmor: unpinned-uses](https://docs.zizmor.sh/audits/#unpinned-uses)
"#,
}

/// Report branch references.
pub(crate) fn check(wf: &Workflow<'_>, ctx: &mut Ctx<'_>) {
    for job in &wf.jobs {
        let nodes = job.uses.into_iter().chain(job.steps.iter().filter_map(|s| s.uses));
        for node in nodes {
            let text = node.as_str().unwrap_or("");
            let Uses::Remote { name, git_ref, at } = uses::parse(text) else {
                continue;
            };
            if !uses::is_branch(git_ref) {
                continue;
            }
            let needle = &text.trim()[at..];
            let offset = text.find(needle).unwrap_or(0);
            let span = ctx.locate(node, offset, needle);
            ctx.report(
                &RULE,
                span,
                format!("`{name}` is referenced by the branch `{git_ref}`: every run gets whatever it holds that day"),
            );
        }
    }
}
