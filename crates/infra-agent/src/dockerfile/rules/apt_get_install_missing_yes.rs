//! DF031 `apt-get-install-missing-yes`: apt-get install that would prompt.

use crate::dockerfile::cli::{Program, apt_get_install, has_long, has_short};
use crate::dockerfile::context::Ctx;
use crate::dockerfile::parser::Dockerfile;

declare_rule! {
    code: "DF031",
    name: "apt-get-install-missing-yes",
    severity: Warning,
    summary: "apt-get install without `-y`: the build stops at the confirmation prompt.",
    help: "Add `-y` (`--yes`).",
    references: ["hadolint:DL3014"],
    doc: r#"## What it does
Checks `apt-get install` (and `apt install`) commands without `-y`, `--yes`, `--assume-yes`
or `-qq` (which implies `-y`).

## Why is this bad?
Without it, apt asks "Do you want to continue? [Y/n]" as soon as a package has dependencies.
A build has no one to answer: apt reads end-of-input, aborts, and the build fails, often only
once the package list changes.

## Example
```dockerfile
FROM debian:12.8-slim
RUN apt-get update \
 && apt-get install --no-install-recommends git=1:2.39.5-0+deb12u1 \
 && rm -rf /var/lib/apt/lists/*
```

Use instead:
```dockerfile
FROM debian:12.8-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends git=1:2.39.5-0+deb12u1 \
 && rm -rf /var/lib/apt/lists/*
```

## References
- [hadolint DL3014](https://github.com/hadolint/hadolint/wiki/DL3014)
- [apt-get(8)](https://manpages.debian.org/bookworm/apt/apt-get.8.en.html)
"#,
}

/// Report apt-get install without a yes option.
pub(crate) fn check(df: &Dockerfile<'_>, ctx: &mut Ctx<'_>) {
    let facts = ctx.facts;
    if !facts.runs_program(Program::Apt) {
        return;
    }
    for run in &facts.runs {
        for (script, cmd) in run.commands() {
            let Some((name, install, args)) = apt_get_install(cmd) else {
                continue;
            };
            let yes = has_short(args, 'y')
                || has_long(args, "--yes")
                || has_long(args, "--assume-yes")
                || args.iter().any(|w| matches!(w.raw, "-qq" | "-q=2" | "--quiet=2"));
            if !yes {
                ctx.report(
                    &RULE,
                    script.span(df, install),
                    format!("`{name} install` without `-y` stops at the confirmation prompt"),
                );
            }
        }
    }
}
