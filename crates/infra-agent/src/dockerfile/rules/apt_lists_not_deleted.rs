//! DF012 `apt-lists-not-deleted`: apt-get update without removing /var/lib/apt/lists.

use crate::dockerfile::cli::{Program, apt};
use crate::dockerfile::context::Ctx;
use crate::dockerfile::parser::Dockerfile;
use crate::dockerfile::rules::final_stage_chain;

declare_rule! {
    code: "DF012",
    name: "apt-lists-not-deleted",
    severity: Info,
    summary: "apt-get update leaves its package lists in the image.",
    help: "End the same RUN with `rm -rf /var/lib/apt/lists/*`, or use a cache mount (`RUN --mount=type=cache,target=/var/lib/apt/lists …`).",
    references: ["hadolint:DL3009"],
    doc: r#"## What it does
Checks RUN instructions of the final stage (and of the stages it builds on) that run
`apt-get update` but do not delete `/var/lib/apt/lists` in the same RUN, and do not mount a
cache on it. Earlier build stages are not checked: their files never reach the image.

## Why is this bad?
The package lists weigh tens of megabytes and are useless at run time. Deleting them in a
later RUN does not help: they stay in the layer that created them.

## Example
```dockerfile
FROM debian:12.8-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates=20230311
```

Use instead:
```dockerfile
FROM debian:12.8-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates=20230311 \
 && rm -rf /var/lib/apt/lists/*
```

## References
- [hadolint DL3009](https://github.com/hadolint/hadolint/wiki/DL3009)
- [Docker best practices: apt-get](https://docs.docker.com/build/building/best-practices/#apt-get)
"#,
}

/// Report `apt-get update` whose lists stay in the final image.
pub(crate) fn check(df: &Dockerfile<'_>, ctx: &mut Ctx<'_>) {
    let facts = ctx.facts;
    if !facts.runs_program(Program::Apt) {
        return;
    }
    for run in &facts.runs {
        if !run
            .stage
            .is_some_and(|s| final_stage_chain(df).any(|shipped| shipped.index == s))
        {
            continue;
        }
        let update = run.commands().find_map(|(script, cmd)| {
            let (name, sub, _) = apt(cmd)?;
            sub.is("update").then(|| (name, script.span(df, sub)))
        });
        let Some((name, span)) = update else {
            continue;
        };
        let cleaned = run.commands().any(|(_, cmd)| {
            cmd.name() == Some("rm")
                && cmd
                    .args()
                    .iter()
                    .any(|w| w.value().starts_with("/var/lib/apt/lists"))
        });
        if cleaned || run.has_cache_mount(df, &["/var/lib/apt/lists", "/var/lib/apt"]) {
            continue;
        }
        ctx.report(
            &RULE,
            span,
            format!("`{name} update` without `rm -rf /var/lib/apt/lists/*` in the same RUN: the lists ship in the image"),
        );
    }
}
