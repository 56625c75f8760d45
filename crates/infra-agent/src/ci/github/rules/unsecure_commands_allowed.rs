//! GA021 `unsecure-commands-allowed`: `ACTIONS_ALLOW_UNSECURE_COMMANDS` re-enables forgeable commands.

use crate::ci::common::Ctx;
use crate::ci::github::model::Workflow;
use crate::ci::github::rules::env_and_inputs;

declare_rule! {
    code: "GA021",
    name: "unsecure-commands-allowed",
    severity: Error,
    summary: "`ACTIONS_ALLOW_UNSECURE_COMMANDS: true` re-enables `::set-env` and `::add-path`.",
    help: "Remove the variable and write to $GITHUB_ENV / $GITHUB_PATH instead.",
    references: ["checkov:CKV_GHA_1"],
    doc: r#"## What it does
Reports `ACTIONS_ALLOW_UNSECURE_COMMANDS` set to `true` in any `env`.

## Why is this bad?
It turns back on the `::set-env` and `::add-path` commands that GitHub disabled because any
text a step prints, such as an issue title echoed to the log, can use them to set
`LD_PRELOAD`, `NODE_OPTIONS` or `PATH` for the following steps and run code.

## Example
```yaml
env:
  ACTIONS_ALLOW_UNSECURE_COMMANDS: true
```

Use instead:
```yaml
steps:
  - run: echo "$HOME/.local/bin" >> "$GITHUB_PATH"
```

## References
- [GitHub Actions: deprecating set-env and add-path commands](https://github.blog/changelog/2020-10-01-github-actions-deprecating-set-env-and-add-path-commands/)
- [checkov CKV_GHA_1](https://www.checkov.io/5.Policy%20Index/github_actions.html)
"#,
}

/// Report the variable set to true.
pub(crate) fn check(wf: &Workflow<'_>, ctx: &mut Ctx<'_>) {
    for (place, entries) in env_and_inputs(wf) {
        for (key, value) in entries {
            if key.as_str() != Some("ACTIONS_ALLOW_UNSECURE_COMMANDS") {
                continue;
            }
            let on = value.as_bool() == Some(true)
                || value.as_str().is_some_and(|t| t.trim().eq_ignore_ascii_case("true"));
            if on {
                ctx.report(
                    &RULE,
                    key.span,
                    format!("{place} sets ACTIONS_ALLOW_UNSECURE_COMMANDS to true"),
                );
            }
        }
    }
}
