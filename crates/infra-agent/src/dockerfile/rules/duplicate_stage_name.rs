//! DF002 `duplicate-stage-name`: two build stages with one name.

use crate::dockerfile::context::Ctx;
use crate::dockerfile::parser::Dockerfile;

declare_rule! {
    code: "DF002",
    name: "duplicate-stage-name",
    severity: Error,
    summary: "Two build stages share a name (`FROM … AS build` twice).",
    help: "Give every stage its own name.",
    references: ["hadolint:DL3024", "checkov:CKV_DOCKER_11"],
    doc: r#"## What it does
Checks for `FROM … AS name` where an earlier stage already has that name (names are compared
case-insensitively, as BuildKit does).

## Why is this bad?
BuildKit refuses the file, and even where a builder accepts it, `COPY --from=name` and
`--target name` become ambiguous: which stage they mean depends on the builder.

## Example
```dockerfile
FROM node:22.11.0-bookworm-slim AS build
RUN npm ci
FROM node:22.11.0-bookworm-slim AS build
RUN npm run build
```

Use instead:
```dockerfile
FROM node:22.11.0-bookworm-slim AS deps
RUN npm ci
FROM node:22.11.0-bookworm-slim AS build
RUN npm run build
```

## References
- [hadolint DL3024](https://github.com/hadolint/hadolint/wiki/DL3024)
- [checkov CKV_DOCKER_11](https://www.checkov.io/5.Policy%20Index/dockerfile.html)
- [Multi-stage builds: name your build stages](https://docs.docker.com/build/building/multi-stage/#name-your-build-stages)
"#,
}

/// Report the second and later stages of a name.
pub(crate) fn check(df: &Dockerfile<'_>, ctx: &mut Ctx<'_>) {
    let stages = df.stages();
    for (i, stage) in stages.iter().enumerate() {
        let Some((name, range)) = &stage.name else {
            continue;
        };
        let first = stages[..i]
            .iter()
            .find(|s| s.name.as_ref().is_some_and(|(n, _)| n == name));
        let Some(first) = first else {
            continue;
        };
        let line = df
            .instructions()
            .get(first.from)
            .map_or(0, |inst| inst.start_line());
        ctx.report(
            &RULE,
            df.span(*range),
            format!("stage name `{name}` is already used by the stage on line {line}"),
        );
    }
}
