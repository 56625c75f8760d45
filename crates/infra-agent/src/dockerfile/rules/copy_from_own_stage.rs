//! DF032 `copy-from-own-stage`: `COPY --from` the stage the COPY is in.

use crate::dockerfile::context::Ctx;
use crate::dockerfile::parser::{Dockerfile, TextRange};

declare_rule! {
    code: "DF032",
    name: "copy-from-own-stage",
    severity: Error,
    summary: "`COPY --from=name` names the stage the COPY belongs to.",
    help: "Copy within a stage with `RUN cp`, or `--from` an earlier stage.",
    references: ["hadolint:DL3023"],
    doc: r#"## What it does
Checks for `COPY --from=<name>` inside the stage called `<name>` itself.

## Why is this bad?
A stage cannot copy from itself: its filesystem is still being built. BuildKit rejects the
reference as a circular dependency.

## Example
```dockerfile
FROM node:22.11.0-bookworm-slim AS build
RUN npm run build
COPY --from=build /app/dist /srv
```

Use instead:
```dockerfile
FROM node:22.11.0-bookworm-slim AS build
RUN npm run build
FROM nginx:1.27.3-alpine
COPY --from=build /app/dist /usr/share/nginx/html
```

## References
- [hadolint DL3023](https://github.com/hadolint/hadolint/wiki/DL3023)
- [Dockerfile reference: COPY --from](https://docs.docker.com/reference/dockerfile/#copy---from)
"#,
}

/// Report `COPY --from` the current stage: done by the COPY walk of
/// [`super::copy_from_unknown_stage::check`], which reads each `--from` once for both rules
/// (see [`check_from`]).
pub(crate) fn check(_df: &Dockerfile<'_>, _ctx: &mut Ctx<'_>) {}

/// Report `--from` value `range` of a COPY in stage `current` if it names that stage.
pub(crate) fn check_from(df: &Dockerfile<'_>, ctx: &mut Ctx<'_>, current: usize, range: TextRange) {
    let Some(name) = df.stages().get(current).and_then(|s| s.name()) else {
        return;
    };
    // The value's bytes: no character-boundary checks on every `--from`.
    if df.text_bytes(range).eq_ignore_ascii_case(name.as_bytes()) {
        ctx.report(
            &RULE,
            df.span(range),
            format!("`--from={}` refers to the stage this COPY is in", df.text(range)),
        );
    }
}
