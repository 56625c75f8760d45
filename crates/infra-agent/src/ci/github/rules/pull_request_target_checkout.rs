//! GA023 `pull-request-target-checkout`: untrusted PR code checked out with a privileged token.

use crate::ci::common::Ctx;
use crate::ci::github::model::Workflow;
use crate::yaml::Node;

declare_rule! {
    code: "GA023",
    name: "pull-request-target-checkout",
    severity: Warning,
    summary: "A `pull_request_target` workflow checks out the pull request's head.",
    help: "Use `pull_request` to build and test fork code; keep `pull_request_target` for jobs that never check out or run the PR's code.",
    references: ["zizmor:dangerous-triggers", "cwe:CWE-829"],
    doc: r#"## What it does
In a workflow triggered by `pull_request_target`, reports `actions/checkout` steps whose `ref`
or `repository` points at the pull request's head (`github.event.pull_request.head.sha`,
`.head.ref`, `github.head_ref`, `refs/pull/…`, the head repository) and scripts that run
`gh pr checkout`.

## Why is this bad?
`pull_request_target` runs in the context of the base repository: with secrets and a token
that can write, even for a pull request from a fork. Checking out the fork's code and then
building or testing it (`npm install` runs its scripts, a test runs its code) hands those
secrets to whoever opened the pull request ("pwn request").

## Example
```yaml
on: pull_request_target
jobs:
  test:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: npm ci && npm test
```

Use instead:
```yaml
on: pull_request
jobs:
  test:
    runs-on: ubuntu-24.04
    permissions:
      contents: read
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
      - run: npm ci && npm test
```

## References
- [Keeping your GitHub Actions and workflows secure: preventing pwn requests](https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/)
- [zizmor: dangerous-triggers](https://docs.zizmor.sh/audits/#dangerous-triggers)
- [CWE-829: Inclusion of Functionality from Untrusted Control Sphere](https://cwe.mitre.org/data/definitions/829.html)
"#,
}

/// Expressions and refs that designate the pull request's head.
const HEAD_MARKERS: &[&str] = &[
    "github.event.pull_request.head.sha",
    "github.event.pull_request.head.ref",
    "github.event.pull_request.head.repo.full_name",
    "github.event.pull_request.merge_commit_sha",
    "github.head_ref",
    "refs/pull/",
];

/// Report head checkouts in pull_request_target workflows.
pub(crate) fn check(wf: &Workflow<'_>, ctx: &mut Ctx<'_>) {
    if !wf.has_event("pull_request_target") {
        return;
    }
    for job in &wf.jobs {
        for step in &job.steps {
            let checkout = step
                .uses
                .and_then(|u| u.as_str())
                .is_some_and(|u| u.to_ascii_lowercase().starts_with("actions/checkout@"));
            if checkout {
                for input in ["ref", "repository"] {
                    if let Some(value) = step.input(input)
                        && let Some(marker) = head_marker(value)
                    {
                        ctx.report(
                            &RULE,
                            value.span,
                            format!(
                                "job `{}` checks out the pull request head (`{marker}`) in a `pull_request_target` workflow, which runs with secrets",
                                job.id
                            ),
                        );
                    }
                }
            }
            if let Some(run) = step.run
                && let Some(text) = run.as_str()
                && let Some(at) = text.find("gh pr checkout")
            {
                let span = ctx.locate(run, at, "gh pr checkout");
                ctx.report(
                    &RULE,
                    span,
                    format!(
                        "job `{}` runs `gh pr checkout` in a `pull_request_target` workflow, which runs with secrets",
                        job.id
                    ),
                );
            }
        }
    }
}

fn head_marker(value: &Node) -> Option<&'static str> {
    let text = value.as_str()?.to_ascii_lowercase().replace(' ', "");
    HEAD_MARKERS.iter().copied().find(|m| text.contains(m))
}
