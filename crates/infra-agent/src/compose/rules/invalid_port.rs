//! DC013 `invalid-port`: a port mapping compose or Docker cannot read.

use crate::compose::context::Ctx;
use crate::compose::ports::check_expose;
use crate::compose::rules::port_span;
use crate::yaml::Value;

declare_rule! {
    code: "DC013",
    name: "invalid-port",
    severity: Error,
    summary: "A `ports` or `expose` entry with invalid syntax, a port out of 1-65535, or mismatched ranges.",
    help: "Write ports as `[HOST_IP:][HOST:]CONTAINER[/PROTOCOL]`, e.g. `\"127.0.0.1:8080:80\"`, with ports from 1 to 65535.",
    references: [],
    doc: r#"## What it does
Checks every `ports` entry: the short syntax `[HOST_IP:][HOST:]CONTAINER[/PROTOCOL]` with
port ranges (`8000-8010:8000-8010`) and IPv6 host addresses in brackets (`[::1]:80:80`),
and the long syntax (`target`, `published`, `host_ip`, `protocol`). Ports must be between
1 and 65535, the host address must be an IP address, the protocol `tcp`, `udp` or `sctp`,
and a container range needs a host range of the same size. `expose` entries must be
container ports (`3000`, `8000-8010/udp`). Entries using `${VAR}` are not checked.

## Why is this bad?
Compose refuses the file, or Docker refuses to create the container once the project is
half started. A host name (`localhost:8080:80`) is a common mistake: Docker wants an IP.

## Example
```yaml
services:
  web:
    image: nginx:1.27.3
    ports:
      - "localhost:8080:80"
      - "80800:80"
```

Use instead:
```yaml
services:
  web:
    image: nginx:1.27.3
    ports:
      - "127.0.0.1:8080:80"
```

## References
- [Compose Specification: ports](https://github.com/compose-spec/compose-spec/blob/main/05-services.md#ports)
- [Compose Specification: expose](https://github.com/compose-spec/compose-spec/blob/main/05-services.md#expose)
"#,
}

/// Report unreadable ports.
pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let project = ctx.project;
    for service in &project.services {
        for (node, parsed) in &service.ports {
            if let Err(problem) = parsed {
                // Point at the long-syntax field the problem is about.
                let field: &[&str] = if problem.contains("target") {
                    &["target"]
                } else if problem.contains("published") {
                    &["published"]
                } else if problem.contains("IP address") {
                    &["host_ip"]
                } else {
                    &[]
                };
                ctx.report(
                    &RULE,
                    port_span(node, field),
                    format!("invalid port in service `{}`: {problem}", service.name),
                );
            }
        }
        let expose = service.get("expose").and_then(|e| e.as_seq()).unwrap_or(&[]);
        for item in expose {
            let Value::Scalar { text, .. } = &item.value else {
                continue;
            };
            if let Err(problem) = check_expose(text) {
                ctx.report(
                    &RULE,
                    item.span,
                    format!("invalid `expose` entry in service `{}`: {problem}", service.name),
                );
            }
        }
    }
}
