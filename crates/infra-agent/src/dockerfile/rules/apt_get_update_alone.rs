//! DF036 `apt-get-update-alone`: a package index update in a RUN of its own.

use crate::dockerfile::cli::{APK_VALUE_OPTIONS, Program, apt, subcommand};
use crate::dockerfile::context::Ctx;
use crate::dockerfile::parser::Dockerfile;

declare_rule! {
    code: "DF036",
    name: "apt-get-update-alone",
    severity: Warning,
    summary: "`apt-get update` (or `apk update`) runs without an install in the same RUN.",
    help: "Update and install in the same RUN: `RUN apt-get update && apt-get install -y … && rm -rf /var/lib/apt/lists/*`.",
    references: ["checkov:CKV_DOCKER_5"],
    doc: r#"## What it does
Checks RUN instructions that refresh the package index (`apt-get update`, `apt update`,
`apk update`) without installing or upgrading anything with the same package manager in that
RUN.

## Why is this bad?
The RUN with only `update` is cached as its own layer. Later, when the install line changes,
Docker reuses the old cached index: apt then asks the mirror for package versions that no
longer exist and the build fails, or it installs outdated packages. Updating and installing
in one RUN keeps them consistent.

## Example
```dockerfile
FROM debian:12.8-slim
RUN apt-get update
RUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
```

Use instead:
```dockerfile
FROM debian:12.8-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 \
 && rm -rf /var/lib/apt/lists/*
```

## References
- [checkov CKV_DOCKER_5](https://www.checkov.io/5.Policy%20Index/dockerfile.html)
- [Docker best practices: apt-get](https://docs.docker.com/build/building/best-practices/#apt-get)
"#,
}

/// Report index updates without an install.
pub(crate) fn check(df: &Dockerfile<'_>, ctx: &mut Ctx<'_>) {
    let facts = ctx.facts;
    if !facts.runs_program(Program::Apt) && !facts.runs_program(Program::Apk) {
        return;
    }
    for run in &facts.runs {
        let mut updates = Vec::new();
        let mut apt_installs = false;
        let mut apk_installs = false;
        for (script, cmd) in run.commands() {
            if let Some((name, sub, _)) = apt(cmd) {
                match sub.value().as_ref() {
                    "update" => updates.push((false, name, script.span(df, sub))),
                    "install" | "upgrade" | "dist-upgrade" | "full-upgrade" | "build-dep"
                    | "reinstall" => apt_installs = true,
                    _ => {}
                }
            } else if cmd.name() == Some("apk") {
                let Some((sub, _)) = subcommand(cmd.args(), APK_VALUE_OPTIONS) else {
                    continue;
                };
                match sub.value().as_ref() {
                    "update" => updates.push((true, "apk", script.span(df, sub))),
                    "add" | "upgrade" | "fix" => apk_installs = true,
                    _ => {}
                }
            }
        }
        for (is_apk, name, span) in updates {
            if (is_apk && apk_installs) || (!is_apk && apt_installs) {
                continue;
            }
            ctx.report(
                &RULE,
                span,
                format!("`{name} update` without an install in the same RUN: its cached layer goes stale"),
            );
        }
    }
}
