//! DC024 `host-namespace-shared`: `pid: host` or `ipc: host`.

use crate::compose::context::Ctx;
use crate::compose::rules::span_between;

declare_rule! {
    code: "DC024",
    name: "host-namespace-shared",
    severity: Warning,
    summary: "A service shares the host's process or IPC namespace (`pid: host`, `ipc: host`).",
    help: "Remove `pid: host` / `ipc: host`; to share with another container, use `service:<name>`.",
    references: ["compose-lint:CL-0010"],
    doc: r#"## What it does
Checks for services with `pid: host` or `ipc: host`.

## Why is this bad?
With the host's PID namespace the container sees every process of the host, can signal
them, and can read their environment (often full of secrets) through `/proc/<pid>/environ`.
With the host's IPC namespace it can read and write the shared memory of host processes.

## Example
```yaml
services:
  agent:
    image: ghcr.io/acme/agent:2.3.0
    pid: host
```

Use instead:
```yaml
services:
  agent:
    image: ghcr.io/acme/agent:2.3.0
    pid: "service:app"
  app:
    image: ghcr.io/acme/app:1.0.0
```

## References
- [compose-lint CL-0010](https://github.com/tmatens/compose-lint/blob/main/docs/rules/CL-0010.md)
- [CIS Docker Benchmark 5.16 and 5.17](https://www.cisecurity.org/benchmark/docker)
"#,
}

/// Report services sharing the host's PID or IPC namespace.
pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let project = ctx.project;
    for service in &project.services {
        for key_name in ["pid", "ipc"] {
            let Some((key, value)) = service.entry(key_name) else {
                continue;
            };
            if value.as_str() != Some("host") {
                continue;
            }
            let what = if key_name == "pid" { "process" } else { "IPC" };
            ctx.report(
                &RULE,
                span_between(key.span, value.span),
                format!(
                    "service `{}` shares the host's {what} namespace (`{key_name}: host`)",
                    service.name
                ),
            );
        }
    }
}
