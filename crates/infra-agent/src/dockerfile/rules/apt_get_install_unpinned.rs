//! DF011 `apt-get-install-unpinned`: apt-get install without versions.

use crate::dockerfile::cli::{APT_VALUE_OPTIONS, Program, apt_get_install, positionals};
use crate::dockerfile::context::Ctx;
use crate::dockerfile::parser::Dockerfile;

declare_rule! {
    code: "DF011",
    name: "apt-get-install-unpinned",
    severity: Warning,
    summary: "apt-get install of a package without a pinned version.",
    help: "Pin the version: `apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8` (`apt-cache policy curl` shows the candidates).",
    references: ["hadolint:DL3008"],
    doc: r#"## What it does
Checks `apt-get install` (and `apt install`) arguments for packages without a version
(`curl` instead of `curl=7.88.1-10+deb12u8`). A release (`curl/bookworm-backports`), a local
`.deb` file and arguments built from variables are accepted.

## Why is this bad?
Without a version, every build installs whatever the mirror has that day: a rebuild of the
same commit can pull a new major version that breaks the application, and there is no record
of what the image contained.

## Example
```dockerfile
FROM debian:12.8-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
```

Use instead:
```dockerfile
FROM debian:12.8-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 \
 && rm -rf /var/lib/apt/lists/*
```

## References
- [hadolint DL3008](https://github.com/hadolint/hadolint/wiki/DL3008)
- [Docker best practices: apt-get](https://docs.docker.com/build/building/best-practices/#apt-get)
"#,
}

fn is_pinned(package: &str) -> bool {
    package.contains(['=', '/']) || package.ends_with(".deb") || package.contains('$')
}

/// Report each unpinned package.
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
            for (_, word) in positionals(args, APT_VALUE_OPTIONS) {
                if word.start == install.start || is_pinned(&word.value()) {
                    continue;
                }
                ctx.report(
                    &RULE,
                    script.span(df, word),
                    format!(
                        "`{name} install` of `{}` without a version: pin it as `{}=<version>`",
                        word.value(),
                        word.value()
                    ),
                );
            }
        }
    }
}
