//! DF004 `maintainer-deprecated`: the MAINTAINER instruction.

use crate::dockerfile::context::Ctx;
use crate::dockerfile::parser::{Dockerfile, Keyword};

declare_rule! {
    code: "DF004",
    name: "maintainer-deprecated",
    severity: Warning,
    summary: "MAINTAINER is deprecated.",
    help: "Use `LABEL org.opencontainers.image.authors=\"…\"` instead.",
    references: ["hadolint:DL4000", "checkov:CKV_DOCKER_6"],
    doc: r#"## What it does
Checks for the MAINTAINER instruction.

## Why is this bad?
MAINTAINER has been deprecated since Docker 1.13. It sets a field that tools no longer read,
while the OCI annotation `org.opencontainers.image.authors` is what registries and scanners
show.

## Example
```dockerfile
FROM alpine:3.20
MAINTAINER Jane Doe <jane@example.com>
```

Use instead:
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
```

## References
- [hadolint DL4000](https://github.com/hadolint/hadolint/wiki/DL4000)
- [checkov CKV_DOCKER_6](https://www.checkov.io/5.Policy%20Index/dockerfile.html)
- [Dockerfile reference: MAINTAINER (deprecated)](https://docs.docker.com/reference/dockerfile/#maintainer-deprecated)
"#,
}

/// Report MAINTAINER instructions.
pub(crate) fn check(df: &Dockerfile<'_>, ctx: &mut Ctx<'_>) {
    let facts = ctx.facts;
    for inst in facts.instructions(Keyword::Maintainer) {
        ctx.report(
            &RULE,
            df.keyword_span(inst),
            "MAINTAINER is deprecated: use LABEL org.opencontainers.image.authors",
        );
    }
}
