//! DF025 `multiple-entrypoint`: more than one ENTRYPOINT in a stage.

use crate::dockerfile::context::Ctx;
use crate::dockerfile::parser::{Dockerfile, Keyword};
use crate::dockerfile::rules::report_overridden;

declare_rule! {
    code: "DF025",
    name: "multiple-entrypoint",
    severity: Warning,
    summary: "A stage has several ENTRYPOINT instructions; only the last one counts.",
    help: "Keep one ENTRYPOINT per stage.",
    references: ["hadolint:DL4004"],
    doc: r#"## What it does
Checks for stages with more than one ENTRYPOINT, and points at each ENTRYPOINT that a later one
replaces.

## Why is this bad?
Only the last ENTRYPOINT of a stage takes effect; the others suggest a startup sequence that
never happens.

## Example
```dockerfile
FROM eclipse-temurin:21.0.5_11-jre
ENTRYPOINT ["/docker-entrypoint.sh"]
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
```

Use instead:
```dockerfile
FROM eclipse-temurin:21.0.5_11-jre
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
```

## References
- [hadolint DL4004](https://github.com/hadolint/hadolint/wiki/DL4004)
- [Dockerfile reference: ENTRYPOINT](https://docs.docker.com/reference/dockerfile/#entrypoint)
"#,
}

/// Report overridden ENTRYPOINTs.
pub(crate) fn check(df: &Dockerfile<'_>, ctx: &mut Ctx<'_>) {
    report_overridden(df, ctx, &RULE, Keyword::Entrypoint);
}
