//! DF014 `apt-instead-of-apt-get`: the interactive `apt` in RUN.

use crate::dockerfile::cli::Program;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::parser::Dockerfile;

declare_rule! {
    code: "DF014",
    name: "apt-instead-of-apt-get",
    severity: Warning,
    summary: "RUN uses `apt`, the interactive front end, instead of `apt-get`.",
    help: "Use apt-get (or apt-cache for queries) in scripts.",
    references: ["hadolint:DL3027", "checkov:CKV_DOCKER_9"],
    doc: r#"## What it does
Checks for the `apt` command in RUN instructions.

## Why is this bad?
`apt` is meant for people at a terminal: its output and options are not a stable interface,
and it warns so itself ("apt does not have a stable CLI interface. Use with caution in
scripts"). `apt-get` and `apt-cache` are the script-safe tools.

## Example
```dockerfile
FROM ubuntu:24.04
RUN apt update && apt install -y curl
```

Use instead:
```dockerfile
FROM ubuntu:24.04
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl=8.5.0-2ubuntu10.5 \
 && rm -rf /var/lib/apt/lists/*
```

## References
- [hadolint DL3027](https://github.com/hadolint/hadolint/wiki/DL3027)
- [checkov CKV_DOCKER_9](https://www.checkov.io/5.Policy%20Index/dockerfile.html)
"#,
}

/// Report the `apt` command.
pub(crate) fn check(df: &Dockerfile<'_>, ctx: &mut Ctx<'_>) {
    let facts = ctx.facts;
    if !facts.runs_program(Program::Apt) {
        return;
    }
    for run in &facts.runs {
        for (script, cmd) in run.commands() {
            let Some(program) = cmd.program().first() else {
                continue;
            };
            if cmd.name() == Some("apt") {
                ctx.report(
                    &RULE,
                    script.span(df, program),
                    "`apt` has no stable command-line interface for scripts: use apt-get",
                );
            }
        }
    }
}
