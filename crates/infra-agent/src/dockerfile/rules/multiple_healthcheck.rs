//! DF026 `multiple-healthcheck`: more than one HEALTHCHECK in a stage.

use crate::dockerfile::context::Ctx;
use crate::dockerfile::parser::{Dockerfile, Keyword};
use crate::dockerfile::rules::report_overridden;

declare_rule! {
    code: "DF026",
    name: "multiple-healthcheck",
    severity: Warning,
    summary: "A stage has several HEALTHCHECK instructions; only the last one counts.",
    help: "Keep one HEALTHCHECK per stage.",
    references: ["hadolint:DL3012"],
    doc: r#"## What it does
Checks for stages with more than one HEALTHCHECK, and points at each one that a later one
replaces.

## Why is this bad?
Only the last HEALTHCHECK of a stage is used. An earlier, different check is never run, and
whoever reads the first one is misled about how health is measured.

## Example
```dockerfile
FROM node:22.11.0-bookworm-slim
HEALTHCHECK CMD ["node", "healthcheck.js"]
HEALTHCHECK --interval=30s CMD ["node", "healthcheck.js"]
```

Use instead:
```dockerfile
FROM node:22.11.0-bookworm-slim
HEALTHCHECK --interval=30s CMD ["node", "healthcheck.js"]
```

## References
- [hadolint DL3012](https://github.com/hadolint/hadolint/wiki/DL3012)
- [Dockerfile reference: HEALTHCHECK](https://docs.docker.com/reference/dockerfile/#healthcheck)
"#,
}

/// Report overridden HEALTHCHECKs.
pub(crate) fn check(df: &Dockerfile<'_>, ctx: &mut Ctx<'_>) {
    report_overridden(df, ctx, &RULE, Keyword::Healthcheck);
}
