//! DC017 `privileged-container`: `privileged: true`.

use crate::compose::context::Ctx;
use crate::compose::rules::{is_truthy, span_between};

declare_rule! {
    code: "DC017",
    name: "privileged-container",
    severity: Error,
    summary: "A service runs with `privileged: true`: the container can take over the host.",
    help: "Remove `privileged`; add only the capabilities or devices the service needs (`cap_add`, `devices`).",
    references: ["compose-lint:CL-0002", "cwe:CWE-250"],
    doc: r#"## What it does
Checks for services with `privileged: true`.

## Why is this bad?
A privileged container gets every Linux capability and every host device, and runs
without the default seccomp and AppArmor profiles. Escaping to root on the host is one
well-known command away (mount the host disk, load a kernel module). Nearly every use has a
narrow alternative: `cap_add: [NET_ADMIN]`, `devices: [/dev/fuse]`, rootless Docker-in-Docker.

## Example
```yaml
services:
  vpn:
    image: ghcr.io/acme/vpn:3.1.0
    privileged: true
```

Use instead:
```yaml
services:
  vpn:
    image: ghcr.io/acme/vpn:3.1.0
    cap_drop: [ALL]
    cap_add: [NET_ADMIN]
    devices: ["/dev/net/tun"]
    security_opt: ["no-new-privileges:true"]
```

## References
- [compose-lint CL-0002](https://github.com/tmatens/compose-lint/blob/main/docs/rules/CL-0002.md)
- [CWE-250: Execution with Unnecessary Privileges](https://cwe.mitre.org/data/definitions/250.html)
- [OWASP Docker Security Cheat Sheet, rule 3](https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html)
"#,
}

/// Report privileged services.
pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let project = ctx.project;
    for service in &project.services {
        let Some((key, value)) = service.entry("privileged") else {
            continue;
        };
        if !is_truthy(value) {
            continue;
        }
        ctx.report(
            &RULE,
            span_between(key.span, value.span),
            format!(
                "service `{}` runs privileged: every capability and host device, no seccomp or AppArmor",
                service.name
            ),
        );
    }
}
