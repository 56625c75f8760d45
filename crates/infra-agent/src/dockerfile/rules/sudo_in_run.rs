//! DF008 `sudo-in-run`: sudo inside RUN.

use crate::dockerfile::context::Ctx;
use crate::dockerfile::parser::Dockerfile;
use crate::dockerfile::rules::{cd_in_run, tls_verification_disabled};
use crate::dockerfile::shell::basename;

declare_rule! {
    code: "DF008",
    name: "sudo-in-run",
    severity: Error,
    summary: "RUN uses sudo.",
    help: "Drop sudo: switch users with USER (`USER root` for the step, then back to the app user).",
    references: ["hadolint:DL3004", "checkov:CKV2_DOCKER_1"],
    doc: r#"## What it does
Checks for commands run through `sudo` in RUN instructions (heredoc scripts included).

## Why is this bad?
Build steps already run as the current USER, and most images have no sudo at all, so the step
fails. Where sudo is installed, it brings a setuid binary and a sudoers configuration into
the image, and unpredictable TTY and signal behaviour; the Dockerfile's USER instruction is
the way to change users.

## Example
```dockerfile
FROM node:22.11.0-bookworm-slim
USER node
RUN sudo npm install --global pnpm@9.14.2
```

Use instead:
```dockerfile
FROM node:22.11.0-bookworm-slim
RUN npm install --global pnpm@9.14.2
USER node
```

## References
- [hadolint DL3004](https://github.com/hadolint/hadolint/wiki/DL3004)
- [checkov CKV2_DOCKER_1](https://www.checkov.io/5.Policy%20Index/dockerfile.html)
- [Docker best practices: USER](https://docs.docker.com/build/building/best-practices/#user)
"#,
}

/// Report sudo in RUN. The walk over every RUN command also serves DF009 ([`cd_in_run`]) and
/// the RUN part of DF035 ([`tls_verification_disabled`]): each rule walked all commands again.
pub(crate) fn check(df: &Dockerfile<'_>, ctx: &mut Ctx<'_>) {
    let facts = ctx.facts;
    for run in &facts.runs {
        for (script, cmd) in run.commands() {
            tls_verification_disabled::check_command(df, ctx, script, cmd);
            let Some(first) = cmd.argv().first() else {
                continue;
            };
            // `ends_with` first: only a word ending in `sudo` needs its basename.
            if first.raw.ends_with("sudo") && basename(first.raw) == "sudo" {
                ctx.report(
                    &RULE,
                    script.span(df, first),
                    "sudo in RUN: build steps run as the current USER; change it with USER instead",
                );
            } else {
                cd_in_run::check_first_word(df, ctx, script, first);
            }
        }
    }
}
