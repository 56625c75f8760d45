//! DC010 `undeclared-secret`: a service uses a secret the file does not declare.

use crate::compose::context::Ctx;
use crate::compose::rules::report_undeclared;

declare_rule! {
    code: "DC010",
    name: "undeclared-secret",
    severity: Error,
    summary: "A service (or its build) uses a secret that is not declared under the top-level `secrets`.",
    help: "Declare the secret under the top-level `secrets` with its `file`, `environment` or `external: true`.",
    references: [],
    doc: r#"## What it does
Checks that every secret named in a service's `secrets` or `build.secrets` (short name or
long syntax `source`) is declared under the top-level `secrets`. Skipped when the file uses
`include` or is an override file.

## Why is this bad?
`docker compose` refuses the file (`service "api" refers to undefined secret db_password`).

## Example
```yaml
services:
  db:
    image: postgres:16.4-alpine
    environment:
      POSTGRES_PASSWORD_FILE: /run/secrets/db_password
    secrets: [db_password]
```

Use instead:
```yaml
services:
  db:
    image: postgres:16.4-alpine
    environment:
      POSTGRES_PASSWORD_FILE: /run/secrets/db_password
    secrets: [db_password]
secrets:
  db_password:
    environment: POSTGRES_PASSWORD
```

## References
- [Compose Specification: secrets](https://github.com/compose-spec/compose-spec/blob/main/09-secrets.md)
"#,
}

/// Report secrets used but not declared.
pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let project = ctx.project;
    if project.is_partial() {
        return;
    }
    let references = project
        .services
        .iter()
        .flat_map(|s| s.secrets.iter().map(move |n| (s.name, *n)))
        .collect();
    report_undeclared(ctx, &RULE, "secrets", &project.secrets, &[], references);
}
