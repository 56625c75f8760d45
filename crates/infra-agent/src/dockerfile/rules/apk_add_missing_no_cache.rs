//! DF016 `apk-add-missing-no-cache`: apk add that keeps its index in the image.

use crate::dockerfile::cli::{Program, apk_add, has_long};
use crate::dockerfile::context::Ctx;
use crate::dockerfile::parser::Dockerfile;

declare_rule! {
    code: "DF016",
    name: "apk-add-missing-no-cache",
    severity: Info,
    summary: "apk add without `--no-cache` leaves the package index in the image.",
    help: "Use `apk add --no-cache …` (no `apk update` needed), or a cache mount on /var/cache/apk.",
    references: ["hadolint:DL3019"],
    doc: r#"## What it does
Checks `apk add` commands without `--no-cache`, unless the RUN mounts a cache on
`/var/cache/apk` (or `/etc/apk/cache`).

## Why is this bad?
Without `--no-cache`, apk keeps its downloaded index under `/var/cache/apk` in the layer: dead
weight in every copy of the image. `--no-cache` fetches a fresh index and removes it, so no
separate `apk update` is needed either.

## Example
```dockerfile
FROM alpine:3.20
RUN apk update && apk add curl=8.11.0-r2
```

Use instead:
```dockerfile
FROM alpine:3.20
RUN apk add --no-cache curl=8.11.0-r2
```

## References
- [hadolint DL3019](https://github.com/hadolint/hadolint/wiki/DL3019)
- [Docker docs: cache mounts](https://docs.docker.com/build/cache/optimize/#use-cache-mounts)
"#,
}

/// Report apk add without `--no-cache`.
pub(crate) fn check(df: &Dockerfile<'_>, ctx: &mut Ctx<'_>) {
    let facts = ctx.facts;
    if !facts.runs_program(Program::Apk) {
        return;
    }
    for run in &facts.runs {
        // Whether the RUN mounts a cache on apk's: asked once, and only for an `apk add`
        // without `--no-cache` (reading the mounts costs more than finding the command).
        let mut cached = None;
        for (script, cmd) in run.commands() {
            let Some((add, args)) = apk_add(cmd) else {
                continue;
            };
            if has_long(args, "--no-cache") {
                continue;
            }
            if *cached.get_or_insert_with(|| {
                run.has_cache_mount(df, &["/var/cache/apk", "/etc/apk/cache"])
            }) {
                break;
            }
            ctx.report(
                &RULE,
                script.span(df, add),
                "`apk add` without `--no-cache` keeps the package index in the image",
            );
        }
    }
}
