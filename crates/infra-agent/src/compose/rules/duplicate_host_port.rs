//! DC014 `duplicate-host-port`: two mappings publish the same host port.

use squad_core::findings::Span;

use crate::compose::context::Ctx;
use crate::compose::ports::PortMapping;
use crate::compose::rules::port_span;

declare_rule! {
    code: "DC014",
    name: "duplicate-host-port",
    severity: Error,
    summary: "Two port mappings publish the same host port, address and protocol.",
    help: "Publish one of them on another host port, or on another host address (`127.0.0.1:...`).",
    references: ["dclint:no-duplicate-exported-ports"],
    doc: r#"## What it does
Checks the fixed host ports published by all services (short and long syntax, ranges
included) and reports a mapping whose host port, protocol and address collide with an
earlier one. An address collides with the same address and with "all interfaces" (no
address, `0.0.0.0` or `::`). `8080:80/tcp` and `8080:80/udp` do not collide. Ranges that
let Docker pick a free port (`8000-8010:80`) and ports using `${VAR}` are not checked, nor
are two services whose profiles never run together.

## Why is this bad?
The second container fails to start (`Bind for 0.0.0.0:8080 failed: port is already
allocated`) after the first one is up, leaving the project half started.

## Example
```yaml
services:
  api:
    image: ghcr.io/acme/api:1.4.2
    ports: ["8080:8080"]
  admin:
    image: ghcr.io/acme/admin:2.0.1
    ports: ["8080:3000"]
```

Use instead:
```yaml
services:
  api:
    image: ghcr.io/acme/api:1.4.2
    ports: ["8080:8080"]
  admin:
    image: ghcr.io/acme/admin:2.0.1
    ports: ["8081:3000"]
```

## References
- [Compose Specification: ports](https://github.com/compose-spec/compose-spec/blob/main/05-services.md#ports)
- [docker-compose-linter no-duplicate-exported-ports](https://github.com/zavoloklom/docker-compose-linter/blob/main/docs/rules/no-duplicate-exported-ports-rule.md)
"#,
}

struct Published<'m> {
    service: usize,
    span: Span,
    mapping: &'m PortMapping,
}

/// Report host ports published twice.
pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let project = ctx.project;
    let mut seen: Vec<Published<'_>> = Vec::new();
    for (index, service) in project.services.iter().enumerate() {
        for (node, parsed) in &service.ports {
            let Ok(Some(mapping)) = parsed else {
                continue;
            };
            let Some(host) = mapping.fixed_host() else {
                continue;
            };
            let clash = seen.iter().find(|earlier| {
                let earlier_host = earlier.mapping.fixed_host();
                earlier.mapping.protocol == mapping.protocol
                    && earlier_host.is_some_and(|h| h.overlaps(host))
                    && addresses_collide(earlier.mapping, mapping)
                    && project.services[earlier.service].shares_profile_with(service)
            });
            let span = port_span(node, &["published"]);
            if let Some(earlier) = clash {
                let owner = if earlier.service == index {
                    "this service".to_string()
                } else {
                    format!("service `{}`", project.services[earlier.service].name)
                };
                let address = mapping.bound_address().unwrap_or("all interfaces");
                ctx.report(
                    &RULE,
                    span,
                    format!(
                        "host port {host}/{} on {address} is already published by {owner} (line {})",
                        mapping.protocol, earlier.span.line
                    ),
                );
                continue;
            }
            seen.push(Published {
                service: index,
                span,
                mapping,
            });
        }
    }
}

fn addresses_collide(a: &PortMapping, b: &PortMapping) -> bool {
    match (a.bound_address(), b.bound_address()) {
        (None, _) | (_, None) => true,
        (Some(x), Some(y)) => x == y,
    }
}
