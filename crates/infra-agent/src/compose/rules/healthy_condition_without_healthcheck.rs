//! DC021 `healthy-condition-without-healthcheck`: waiting for a service that cannot become
//! healthy.

use squad_core::findings::Severity;

use crate::compose::context::Ctx;
use crate::compose::model::Health;

declare_rule! {
    code: "DC021",
    name: "healthy-condition-without-healthcheck",
    severity: Warning,
    summary: "`depends_on` waits for `service_healthy` on a service without a healthcheck (or with it disabled).",
    help: "Give the dependency a `healthcheck` (`pg_isready`, `redis-cli ping`, an HTTP probe), or wait for `service_started`.",
    references: [],
    doc: r#"## What it does
Checks each `depends_on` entry with `condition: service_healthy` against the service it
waits for: that service should define a `healthcheck`. A dependency that disables its
healthcheck (`disable: true` or `test: ["NONE"]`) is an error; one that defines none is a
warning, since its image may carry a Dockerfile `HEALTHCHECK` this file cannot see.
Services using `extends` are not checked (they may inherit one).

## Why is this bad?
A container without a healthcheck never becomes healthy: `docker compose up` stops with
`dependency failed to start: container db has no healthcheck configured`, and the
dependent service never starts.

## Example
```yaml
services:
  api:
    image: ghcr.io/acme/api:1.4.2
    depends_on:
      db:
        condition: service_healthy
  db:
    image: postgres:16.4-alpine
```

Use instead:
```yaml
services:
  api:
    image: ghcr.io/acme/api:1.4.2
    depends_on:
      db:
        condition: service_healthy
  db:
    image: postgres:16.4-alpine
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U postgres"]
      interval: 10s
      timeout: 5s
      retries: 5
```

## References
- [Compose Specification: depends_on](https://github.com/compose-spec/compose-spec/blob/main/05-services.md#depends_on)
- [Compose: control startup order](https://docs.docker.com/compose/how-tos/startup-order/)
"#,
}

/// Report `service_healthy` conditions on services that cannot become healthy.
pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let project = ctx.project;
    for service in &project.services {
        for dependency in &service.depends_on {
            let Some(condition) = dependency.condition else {
                continue;
            };
            if condition.as_str() != Some("service_healthy") {
                continue;
            }
            let Some(target) = project.service(dependency.name.name) else {
                continue;
            };
            if target.get("extends").is_some() {
                continue;
            }
            match target.health() {
                Health::Defined => {}
                Health::Missing => ctx.report(
                    &RULE,
                    condition.span,
                    format!(
                        "service `{}` waits for `{}` to be healthy, but `{}` has no healthcheck: unless its image defines one, it never becomes healthy",
                        service.name, target.name, target.name
                    ),
                ),
                Health::Disabled(span) => ctx.report_as(
                    &RULE,
                    Severity::Error,
                    condition.span,
                    format!(
                        "service `{}` waits for `{}` to be healthy, but `{}` disables its healthcheck (line {}): it never becomes healthy",
                        service.name, target.name, target.name, span.line
                    ),
                ),
            }
        }
    }
}
