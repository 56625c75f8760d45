//! DF013 `apt-get-missing-no-install-recommends`: apt-get install pulls recommended packages.

use crate::dockerfile::cli::{Program, apt_get_install, has_long};
use crate::dockerfile::context::Ctx;
use crate::dockerfile::parser::Dockerfile;

declare_rule! {
    code: "DF013",
    name: "apt-get-missing-no-install-recommends",
    severity: Info,
    summary: "apt-get install without `--no-install-recommends`.",
    help: "Add `--no-install-recommends` and list the packages you need explicitly.",
    references: ["hadolint:DL3015"],
    doc: r#"## What it does
Checks `apt-get install` (and `apt install`) commands that neither pass
`--no-install-recommends` nor set `APT::Install-Recommends` to false.

## Why is this bad?
By default apt also installs every "recommended" package: documentation, extra tools,
sometimes whole language runtimes. The image grows, and so does the set of packages with
vulnerabilities to patch, for software the application never uses.

## Example
```dockerfile
FROM debian:12.8-slim
RUN apt-get update \
 && apt-get install -y git=1:2.39.5-0+deb12u1 \
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
- [hadolint DL3015](https://github.com/hadolint/hadolint/wiki/DL3015)
- [Docker best practices: apt-get](https://docs.docker.com/build/building/best-practices/#apt-get)
"#,
}

/// Report apt-get install without `--no-install-recommends`.
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
            let disabled = has_long(args, "--no-install-recommends")
                || args.iter().any(|w| {
                    let v = w.value();
                    v.contains("Install-Recommends=false") || v.contains("Install-Recommends=0")
                });
            if !disabled {
                ctx.report(
                    &RULE,
                    script.span(df, install),
                    format!("`{name} install` without `--no-install-recommends` also installs recommended packages"),
                );
            }
        }
    }
}
