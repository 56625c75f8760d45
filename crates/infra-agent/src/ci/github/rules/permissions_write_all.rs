//! GA017 `permissions-write-all`: the token may write everything.

use crate::ci::common::Ctx;
use crate::ci::github::model::{Permissions, Workflow};

declare_rule! {
    code: "GA017",
    name: "permissions-write-all",
    severity: Warning,
    summary: "`permissions: write-all` gives the token write access to every scope.",
    help: "List only the scopes the job needs, e.g. `permissions: {contents: read, packages: write}`.",
    references: ["zizmor:excessive-permissions", "checkov:CKV2_GHA_1"],
    doc: r#"## What it does
Reports `permissions: write-all`, at the top of the workflow or on a job.

## Why is this bad?
Every step of the job, including third-party actions, gets a token that can push to the
repository, create releases, change issues and pull requests and publish packages. A
compromised step turns into a compromised repository.

## Example
```yaml
permissions: write-all
```

Use instead:
```yaml
permissions:
  contents: read
  pull-requests: write
```

## References
- [Controlling permissions for GITHUB_TOKEN](https://docs.github.com/actions/writing-workflows/choosing-what-your-workflow-does/controlling-permissions-for-github_token)
- [zizmor: excessive-permissions](https://docs.zizmor.sh/audits/#excessive-permissions)
- [checkov CKV2_GHA_1](https://www.checkov.io/5.Policy%20Index/github_actions.html)
"#,
}

/// Report write-all at the workflow and job levels.
pub(crate) fn check(wf: &Workflow<'_>, ctx: &mut Ctx<'_>) {
    let levels = std::iter::once(("the workflow".to_string(), wf.permissions.as_ref())).chain(
        wf.jobs
            .iter()
            .map(|j| (format!("job `{}`", j.id), j.permissions.as_ref())),
    );
    for (owner, perms) in levels {
        let Some(Permissions { value, .. }) = perms else {
            continue;
        };
        if value.as_str() == Some("write-all") {
            ctx.report(
                &RULE,
                value.span,
                format!("{owner} grants `write-all`: the token can write to every scope"),
            );
        }
    }
}
