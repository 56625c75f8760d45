//! DF034 `expose-ssh-port`: EXPOSE 22.

use crate::dockerfile::context::Ctx;
use crate::dockerfile::parser::{Dockerfile, TextRange};

declare_rule! {
    code: "DF034",
    name: "expose-ssh-port",
    severity: Warning,
    summary: "The image exposes port 22 (SSH).",
    help: "Do not run SSH in containers: use `docker exec` / `kubectl exec` to get a shell.",
    references: ["checkov:CKV_DOCKER_1"],
    doc: r#"## What it does
Checks for EXPOSE of port 22, alone or inside a range.

## Why is this bad?
An SSH server in a container is a second, long-lived entry point with its own keys or
passwords to manage and patch, and it is a favourite target of scanners. Containers are
entered with `docker exec` or `kubectl exec`, which reuse the platform's access control.

## Example
```dockerfile
FROM ubuntu:24.04
EXPOSE 22 8080
```

Use instead:
```dockerfile
FROM ubuntu:24.04
EXPOSE 8080
```

## References
- [checkov CKV_DOCKER_1](https://www.checkov.io/5.Policy%20Index/dockerfile.html)
- [Dockerfile reference: EXPOSE](https://docs.docker.com/reference/dockerfile/#expose)
"#,
}

/// Report EXPOSE of port 22: the EXPOSE walk of [`super::expose_invalid_port::check`] splits
/// each argument once for both rules and calls [`check_range`] with every valid one.
pub(crate) fn check(_df: &Dockerfile<'_>, _ctx: &mut Ctx<'_>) {}

/// Report the EXPOSE argument at `at` if its port range `(lo, hi)` holds 22.
pub(crate) fn check_range(df: &Dockerfile<'_>, ctx: &mut Ctx<'_>, at: TextRange, (lo, hi): (u64, u64)) {
    if lo <= 22 && 22 <= hi {
        ctx.report(
            &RULE,
            df.span(at),
            "port 22 (SSH) is exposed: containers should not run an SSH server",
        );
    }
}
