//! DC001 `unknown-key`: a key the Compose Specification does not have at that place.

use crate::compose::context::Ctx;
use crate::compose::validate::IssueKind;

declare_rule! {
    code: "DC001",
    name: "unknown-key",
    severity: Error,
    summary: "A key that the Compose Specification does not define at this place.",
    help: "Fix the spelling (a close known key is suggested), move the key where it belongs, or prefix a custom key with `x-`.",
    references: [],
    doc: r#"## What it does
Checks every key of the file against the Compose Specification: the top level, services and
everything inside them (build, deploy, healthcheck, logging, ports and volumes in long
syntax, ...), and top-level networks, volumes, secrets and configs. A key close to a known
one gets a "did you mean". Extension keys starting with `x-` are allowed everywhere.

## Why is this bad?
`docker compose` rejects a file with an unknown key (`additional properties not allowed`).
Other tools are worse: they ignore it, so a misspelled `enviroment` or `helthcheck` silently
does nothing and the service runs without its settings.

## Example
```yaml
services:
  web:
    image: nginx:1.27.3
    enviroment:
      LOG_LEVEL: info
```

Use instead:
```yaml
services:
  web:
    image: nginx:1.27.3
    environment:
      LOG_LEVEL: info
```

## References
- [Compose Specification](https://github.com/compose-spec/compose-spec/blob/main/spec.md)
- [Compose file reference: extensions](https://docs.docker.com/reference/compose-file/extension/)
"#,
}

/// Report the validator's unknown keys.
pub(crate) fn check(ctx: &mut Ctx<'_>) {
    ctx.report_issues(&RULE, IssueKind::UnknownKey);
}
