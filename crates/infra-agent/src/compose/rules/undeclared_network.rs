//! DC008 `undeclared-network`: a service joins a network the file does not declare.

use crate::compose::context::Ctx;
use crate::compose::rules::report_undeclared;

declare_rule! {
    code: "DC008",
    name: "undeclared-network",
    severity: Error,
    summary: "A service joins a network that is not declared under the top-level `networks`.",
    help: "Declare the network under the top-level `networks` (with `external: true` if it is created elsewhere), or fix the name.",
    references: [],
    doc: r#"## What it does
Checks that every network a service lists under `networks` (list or mapping form) is
declared under the top-level `networks`. The implicit `default` network needs no
declaration. Skipped when the file uses `include` or is an override file.

## Why is this bad?
`docker compose` refuses the file (`service "api" refers to undefined network backend`).

## Example
```yaml
services:
  api:
    image: ghcr.io/acme/api:1.4.2
    networks: [backend]
```

Use instead:
```yaml
services:
  api:
    image: ghcr.io/acme/api:1.4.2
    networks: [backend]
networks:
  backend:
    internal: true
```

## References
- [Compose Specification: networks](https://github.com/compose-spec/compose-spec/blob/main/06-networks.md)
"#,
}

/// Report networks used but not declared.
pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let project = ctx.project;
    if project.is_partial() {
        return;
    }
    let references = project
        .services
        .iter()
        .flat_map(|s| s.networks.iter().map(move |n| (s.name, *n)))
        .collect();
    report_undeclared(ctx, &RULE, "networks", &project.networks, &["default"], references);
}
