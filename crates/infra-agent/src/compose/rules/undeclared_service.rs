//! DC007 `undeclared-service`: a reference to a service the file does not define.

use crate::compose::context::Ctx;
use crate::compose::text::did_you_mean;

declare_rule! {
    code: "DC007",
    name: "undeclared-service",
    severity: Error,
    summary: "`depends_on`, `links`, `extends`, `volumes_from` or `service:` names a service that is not defined.",
    help: "Fix the name (a close service is suggested) or define the service.",
    references: [],
    doc: r#"## What it does
Checks that the services named in `depends_on`, `links` (`name` or `name:alias`),
`volumes_from` (not `container:...`), `extends` within the same file, and `service:name` in
`network_mode`, `pid` and `ipc` are services of this file. A `depends_on` entry with
`required: false` may name a missing service. The check is skipped when the file uses
`include` or is an override file (`*override*`), since the service may be defined there.

## Why is this bad?
`docker compose` refuses the file (`service "web" depends on undefined service "dbb"`), so
nothing starts. A renamed service whose old name lingers in `depends_on` is the usual cause.

## Example
```yaml
services:
  web:
    image: nginx:1.27.3
    depends_on: [api]
  backend:
    image: ghcr.io/acme/api:1.4.2
```

Use instead:
```yaml
services:
  web:
    image: nginx:1.27.3
    depends_on: [backend]
  backend:
    image: ghcr.io/acme/api:1.4.2
```

## References
- [Compose Specification: depends_on](https://github.com/compose-spec/compose-spec/blob/main/05-services.md#depends_on)
- [Compose Specification: extends](https://github.com/compose-spec/compose-spec/blob/main/05-services.md#extends)
"#,
}

/// Report references to services that are not defined.
pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let project = ctx.project;
    if project.is_partial() {
        return;
    }
    let names: Vec<&str> = project.services.iter().map(|s| s.name).collect();
    for service in &project.services {
        let mut references: Vec<_> = service
            .depends_on
            .iter()
            .filter(|d| d.required)
            .map(|d| ("depends_on", d.name))
            .collect();
        references.extend(service.service_references());
        for (via, reference) in references {
            if names.contains(&reference.name) {
                continue;
            }
            let mut message = format!(
                "`{via}` of service `{}` names `{}`, which is not a service of this file",
                service.name, reference.name
            );
            if let Some(close) = did_you_mean(reference.name, &names) {
                message.push_str(&format!(": did you mean `{close}`?"));
            }
            ctx.report(&RULE, reference.span, message);
        }
    }
}
