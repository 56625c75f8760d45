//! DC023 `duplicate-container-name`: two services with the same `container_name`.

use crate::compose::context::Ctx;
use crate::compose::text::has_interpolation;

declare_rule! {
    code: "DC023",
    name: "duplicate-container-name",
    severity: Error,
    summary: "Two services set the same `container_name`.",
    help: "Give each service its own `container_name`, or drop `container_name` and let compose name containers.",
    references: ["dclint:no-duplicate-container-names"],
    doc: r#"## What it does
Checks that no two services set the same literal `container_name`.

## Why is this bad?
Container names are unique per Docker engine: the second container fails to be created
(`Conflict. The container name "/app" is already in use`) once the first is running.

## Example
```yaml
services:
  api:
    image: ghcr.io/acme/api:1.4.2
    container_name: app
  worker:
    image: ghcr.io/acme/worker:1.4.2
    container_name: app
```

Use instead:
```yaml
services:
  api:
    image: ghcr.io/acme/api:1.4.2
    container_name: app-api
  worker:
    image: ghcr.io/acme/worker:1.4.2
    container_name: app-worker
```

## References
- [Compose Specification: container_name](https://github.com/compose-spec/compose-spec/blob/main/05-services.md#container_name)
- [docker-compose-linter no-duplicate-container-names](https://github.com/zavoloklom/docker-compose-linter/blob/main/docs/rules/no-duplicate-container-names-rule.md)
"#,
}

/// Report repeated container names.
pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let project = ctx.project;
    let mut seen: Vec<(&str, &str, u32)> = Vec::new();
    for service in &project.services {
        let Some(node) = service.get("container_name") else {
            continue;
        };
        let Some(name) = node.as_str().filter(|n| !n.is_empty() && !has_interpolation(n)) else {
            continue;
        };
        if let Some((_, owner, line)) = seen.iter().find(|(n, _, _)| *n == name) {
            let message = format!(
                "container name `{name}` of service `{}` is already used by service `{owner}` (line {line})",
                service.name
            );
            ctx.report(&RULE, node.span, message);
            continue;
        }
        seen.push((name, service.name, node.span.line));
    }
}
