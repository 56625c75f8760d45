//! DF015 `apk-add-unpinned`: apk add without versions.

use crate::dockerfile::cli::{APK_VALUE_OPTIONS, Program, apk_add, positionals};
use crate::dockerfile::context::Ctx;
use crate::dockerfile::parser::Dockerfile;

declare_rule! {
    code: "DF015",
    name: "apk-add-unpinned",
    severity: Warning,
    summary: "apk add of a package without a pinned version.",
    help: "Pin the version: `apk add --no-cache curl=8.11.0-r2` (or a constraint such as `curl~8.11`).",
    references: ["hadolint:DL3018"],
    doc: r#"## What it does
Checks `apk add` arguments for packages without a version constraint (`=`, `~`, `<`, `>`).
Local `.apk` files, the name given to `--virtual` and arguments built from variables are not
packages to pin.

## Why is this bad?
Without a version, each build installs whatever the Alpine mirror has that day, so rebuilding
the same commit can change the image, break the application, and leave no record of what it
contained.

## Example
```dockerfile
FROM alpine:3.20
RUN apk add --no-cache curl
```

Use instead:
```dockerfile
FROM alpine:3.20
RUN apk add --no-cache curl=8.11.0-r2
```

## References
- [hadolint DL3018](https://github.com/hadolint/hadolint/wiki/DL3018)
- [Alpine wiki: apk world constraints](https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper#Advanced_APK_Usage)
"#,
}

fn is_pinned(package: &str) -> bool {
    package.contains(['=', '~', '<', '>', '/', '$']) || package.ends_with(".apk")
}

/// Report each unpinned package.
pub(crate) fn check(df: &Dockerfile<'_>, ctx: &mut Ctx<'_>) {
    let facts = ctx.facts;
    if !facts.runs_program(Program::Apk) {
        return;
    }
    for run in &facts.runs {
        for (script, cmd) in run.commands() {
            let Some((add, args)) = apk_add(cmd) else {
                continue;
            };
            for (_, word) in positionals(args, APK_VALUE_OPTIONS) {
                if word.start == add.start || is_pinned(&word.value()) {
                    continue;
                }
                ctx.report(
                    &RULE,
                    script.span(df, word),
                    format!(
                        "`apk add` of `{}` without a version: pin it as `{}=<version>`",
                        word.value(),
                        word.value()
                    ),
                );
            }
        }
    }
}
