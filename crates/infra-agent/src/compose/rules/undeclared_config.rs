//! DC011 `undeclared-config`: a service uses a config the file does not declare.

use crate::compose::context::Ctx;
use crate::compose::rules::report_undeclared;

declare_rule! {
    code: "DC011",
    name: "undeclared-config",
    severity: Error,
    summary: "A service uses a config that is not declared under the top-level `configs`.",
    help: "Declare the config under the top-level `configs` with its `file`, `content`, `environment` or `external: true`.",
    references: [],
    doc: r#"## What it does
Checks that every config named in a service's `configs` (short name or long syntax
`source`) is declared under the top-level `configs`. Skipped when the file uses `include`
or is an override file.

## Why is this bad?
`docker compose` refuses the file (`service "proxy" refers to undefined config caddyfile`).

## Example
```yaml
services:
  proxy:
    image: caddy:2.8.4-alpine
    configs:
      - source: caddyfile
        target: /etc/caddy/Caddyfile
```

Use instead:
```yaml
services:
  proxy:
    image: caddy:2.8.4-alpine
    configs:
      - source: caddyfile
        target: /etc/caddy/Caddyfile
configs:
  caddyfile:
    file: ./caddy/Caddyfile
```

## References
- [Compose Specification: configs](https://github.com/compose-spec/compose-spec/blob/main/08-configs.md)
"#,
}

/// Report configs used but not declared.
pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let project = ctx.project;
    if project.is_partial() {
        return;
    }
    let references = project
        .services
        .iter()
        .flat_map(|s| s.configs.iter().map(move |n| (s.name, *n)))
        .collect();
    report_undeclared(ctx, &RULE, "configs", &project.configs, &[], references);
}
