//! GA020 `deprecated-workflow-command`: `::set-output` and friends in a script.

use squad_core::findings::Severity;

use crate::ci::common::Ctx;
use crate::ci::github::model::Workflow;

declare_rule! {
    code: "GA020",
    name: "deprecated-workflow-command",
    severity: Warning,
    summary: "A script uses a deprecated (`::set-output`, `::save-state`) or disabled (`::set-env`, `::add-path`) workflow command.",
    help: "Append to the environment files instead: `echo \"name=value\" >> \"$GITHUB_OUTPUT\"` (or $GITHUB_STATE, $GITHUB_ENV, $GITHUB_PATH).",
    references: ["actionlint:deprecated-commands"],
    doc: r#"## What it does
Reports the stdout workflow commands `::set-output`, `::save-state` (deprecated since
October 2022) and `::set-env`, `::add-path` (disabled since November 2020; reported as
errors, since the step fails) in `run:` scripts.

## Why is this bad?
Commands read from a step's output can be forged by anything the step prints, such as a log
line holding user input; that is why `set-env` and `add-path` were disabled. The environment
files `$GITHUB_OUTPUT`, `$GITHUB_STATE`, `$GITHUB_ENV` and `$GITHUB_PATH` replace them.

## Example
```yaml
- id: version
  run: echo "::set-output name=version::$(cat VERSION)"
```

Use instead:
```yaml
- id: version
  run: echo "version=$(cat VERSION)" >> "$GITHUB_OUTPUT"
```

## References
- [Deprecating save-state and set-output commands](https://github.blog/changelog/2022-10-11-github-actions-deprecating-save-state-and-set-output-commands/)
- [Workflow commands: environment files](https://docs.github.com/actions/reference/workflow-commands-for-github-actions#environment-files)
- [actionlint: deprecated-commands](https://github.com/rhysd/actionlint/blob/main/docs/checks.md)
"#,
}

/// (command, replacement file, disabled rather than deprecated)
const COMMANDS: &[(&str, &str, bool)] = &[
    ("::set-output", "$GITHUB_OUTPUT", false),
    ("::save-state", "$GITHUB_STATE", false),
    ("::set-env", "$GITHUB_ENV", true),
    ("::add-path", "$GITHUB_PATH", true),
];

/// Report the commands in run scripts.
pub(crate) fn check(wf: &Workflow<'_>, ctx: &mut Ctx<'_>) {
    for job in &wf.jobs {
        for step in &job.steps {
            let Some(run) = step.run else { continue };
            let Some(text) = run.as_str() else { continue };
            for (command, file, disabled) in COMMANDS {
                for (at, _) in text.match_indices(command) {
                    let next = text.as_bytes().get(at + command.len());
                    if !matches!(next, Some(b' ' | b':')) {
                        continue;
                    }
                    let span = ctx.locate(run, at, command);
                    let (state, severity) = if *disabled {
                        ("disabled (the step fails)", Severity::Error)
                    } else {
                        ("deprecated", Severity::Warning)
                    };
                    let finding = ctx
                        .finding(
                            &RULE,
                            span,
                            format!("`{command}` is {state}: write to {file} instead"),
                        )
                        .with_severity(severity);
                    ctx.push(finding);
                }
            }
        }
    }
}
