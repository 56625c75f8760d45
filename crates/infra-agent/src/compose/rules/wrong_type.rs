//! DC002 `wrong-type`: a value of the wrong type for its key.

use crate::compose::context::Ctx;
use crate::compose::validate::IssueKind;

declare_rule! {
    code: "DC002",
    name: "wrong-type",
    severity: Error,
    summary: "A value whose type does not fit its key (a list where a mapping goes, a string for a boolean, ...).",
    help: "Write the value in one of the forms the message names; most list-or-mapping keys accept both forms.",
    references: [],
    doc: r#"## What it does
Checks the type of every value the Compose Specification types: strings, integers, booleans,
lists, mappings, and keys that accept several forms (`environment` as a list or a mapping,
`build` as a string or a mapping, `ports` entries as strings or mappings, ...). Values that
use `${VAR}` interpolation are accepted wherever a scalar is, since only their interpolated
value has a type. Strings compose converts itself (`"3"` for a number, `"yes"` for a
boolean) are accepted too.

## Why is this bad?
`docker compose` refuses the file (`services.web.ports must be a list`). An LLM or a hasty
edit often mixes the two syntaxes of a key, e.g. a mapping of ports or a string where the
healthcheck `test` list goes.

## Example
```yaml
services:
  web:
    image: nginx:1.27.3
    ports:
      http: "8080:80"
    read_only: sometimes
```

Use instead:
```yaml
services:
  web:
    image: nginx:1.27.3
    ports:
      - "8080:80"
    read_only: true
```

## References
- [Compose Specification: services](https://github.com/compose-spec/compose-spec/blob/main/05-services.md)
"#,
}

/// Report the validator's type errors.
pub(crate) fn check(ctx: &mut Ctx<'_>) {
    ctx.report_issues(&RULE, IssueKind::WrongType);
}
