//! DC018 `host-network-mode`: `network_mode: host`.

use crate::compose::context::Ctx;
use crate::compose::rules::span_between;

declare_rule! {
    code: "DC018",
    name: "host-network-mode",
    severity: Warning,
    summary: "A service uses the host's network stack (`network_mode: host`).",
    help: "Use the default bridge network with explicit `ports` (bound to `127.0.0.1` for local-only access).",
    references: ["compose-lint:CL-0008"],
    doc: r#"## What it does
Checks for services with `network_mode: host`.

## Why is this bad?
The container shares the host's interfaces: everything it listens on is exposed on the
host without any `ports` entry (and host firewalls such as UFW rarely see it), it can reach
services bound to the host's `127.0.0.1`, and it escapes the network isolation between
containers. Only a few workloads need it (network monitoring agents, some VPNs).

## Example
```yaml
services:
  api:
    image: ghcr.io/acme/api:1.4.2
    network_mode: host
```

Use instead:
```yaml
services:
  api:
    image: ghcr.io/acme/api:1.4.2
    ports:
      - "127.0.0.1:8080:8080"
```

## References
- [compose-lint CL-0008](https://github.com/tmatens/compose-lint/blob/main/docs/rules/CL-0008.md)
- [CIS Docker Benchmark 5.10: do not share the host's network namespace](https://www.cisecurity.org/benchmark/docker)
"#,
}

/// Report services on the host network.
pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let project = ctx.project;
    for service in &project.services {
        let Some((key, value)) = service.entry("network_mode") else {
            continue;
        };
        if value.as_str() != Some("host") {
            continue;
        }
        ctx.report(
            &RULE,
            span_between(key.span, value.span),
            format!(
                "service `{}` uses the host network: its ports bypass Docker's isolation and port mapping",
                service.name
            ),
        );
    }
}
