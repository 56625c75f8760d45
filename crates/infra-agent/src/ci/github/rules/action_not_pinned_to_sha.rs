//! GA018 `action-not-pinned-to-sha`: an action referenced by a movable tag.

use crate::ci::common::Ctx;
use crate::ci::github::model::Workflow;
use crate::ci::github::uses::{self, Uses};
use crate::yaml::Node;

declare_rule! {
    code: "GA018",
    name: "action-not-pinned-to-sha",
    severity: Warning,
    summary: "An action or reusable workflow is referenced by a tag, not a full commit SHA.",
    help: "Pin the full 40-character commit SHA and keep the tag in a comment: `uses: owner/repo@<sha> # v1.2.3` (pinact, Dependabot and Renovate update both).",
    references: ["zizmor:unpinned-uses"],
    doc: r#"## What it does
Reports `uses:` references to remote actions and reusable workflows whose ref is not a full
commit SHA (`@v4`, `@v4.2.2`, `@1.0`), and `docker://` images without an `@sha256:` digest.
Local actions (`./…`) are part of your commit and are fine. Branch refs are GA019.

## Why is this bad?
A tag is a pointer its owner, or whoever steals their credentials, can move: in March 2025
the tags of `tj-actions/changed-files` were rewritten to a commit that dumped the secrets of
every workflow using it. A commit SHA cannot be moved.

## Example
```yaml
steps:
  - uses: actions/checkout@v4
  - uses: docker://alpine:3.20
```

Use instead:
```yaml
steps:
  - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
  - uses: docker://alpine:3.20@sha256:<the image digest>
```

## References
- [Security hardening: using third-party actions](https://docs.github.com/actions/security-guides/security-hardening-for-github-actions#using-third-party-actions)
- [zizmor: unpinned-uses](https://docs.zizmor.sh/audits/#unpinned-uses)
"#,
}

/// Report tag-pinned remote references and digest-less container actions.
pub(crate) fn check(wf: &Workflow<'_>, ctx: &mut Ctx<'_>) {
    for job in &wf.jobs {
        let nodes = job.uses.into_iter().chain(job.steps.iter().filter_map(|s| s.uses));
        for node in nodes {
            check_one(node, ctx);
        }
    }
}

fn check_one(node: &Node, ctx: &mut Ctx<'_>) {
    let text = node.as_str().unwrap_or("");
    match uses::parse(text) {
        Uses::Remote { name, git_ref, at } => {
            if uses::is_commit_sha(git_ref) || uses::is_branch(git_ref) {
                return;
            }
            let needle = &text.trim()[at..];
            let offset = text.find(needle).unwrap_or(0);
            let span = ctx.locate(node, offset, needle);
            ctx.report(
                &RULE,
                span,
                format!("`{name}` is pinned to `{git_ref}`, a movable tag, not a commit SHA"),
            );
        }
        Uses::Docker { image } if !image.contains("@sha256:") => {
            ctx.report(
                &RULE,
                node.span,
                format!("container action `docker://{image}` has no `@sha256:` digest"),
            );
        }
        _ => {}
    }
}
