//! DC004 `obsolete-version-key`: the top-level `version` key.

use crate::compose::context::Ctx;
use crate::compose::rules::span_between;

declare_rule! {
    code: "DC004",
    name: "obsolete-version-key",
    severity: Warning,
    summary: "The top-level `version` key is obsolete: Compose ignores it.",
    help: "Remove the `version` line; the Compose Specification has no file format version.",
    references: ["dclint:no-version-field"],
    doc: r#"## What it does
Checks for a top-level `version` key (`version: "3.9"`).

## Why is this bad?
Since Compose v2 and the Compose Specification, `version` means nothing: it does not select
a file format or enable features, and `docker compose` prints a warning that it is obsolete.
Keeping it suggests that limits of the old `2.x`/`3.x` formats still apply, and that
`docker-compose` v1, which needed it, is still in use.

## Example
```yaml
version: "3.9"
services:
  web:
    image: nginx:1.27.3
```

Use instead:
```yaml
services:
  web:
    image: nginx:1.27.3
```

## References
- [Compose Specification: version and name](https://github.com/compose-spec/compose-spec/blob/main/04-version-and-name.md)
- [docker-compose-linter no-version-field](https://github.com/zavoloklom/docker-compose-linter/blob/main/docs/rules/no-version-field-rule.md)
"#,
}

/// Report the top-level `version` key.
pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let Some((key, value)) = ctx.project.version else {
        return;
    };
    let span = if value.is_null() {
        key.span
    } else {
        span_between(key.span, value.span)
    };
    ctx.report(
        &RULE,
        span,
        "the top-level `version` is obsolete: Compose ignores it, remove it",
    );
}
