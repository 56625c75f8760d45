//! DF005 `relative-workdir`: WORKDIR with a relative path.

use crate::dockerfile::context::Ctx;
use crate::dockerfile::parser::{Args, Dockerfile, Keyword, unquote};

declare_rule! {
    code: "DF005",
    name: "relative-workdir",
    severity: Warning,
    summary: "WORKDIR with a relative path.",
    help: "Use an absolute path, e.g. `WORKDIR /app`.",
    references: ["hadolint:DL3000", "checkov:CKV_DOCKER_10"],
    doc: r#"## What it does
Checks for WORKDIR paths that are not absolute: not starting with `/` (or a drive letter on
Windows images) nor with a variable.

## Why is this bad?
A relative WORKDIR is resolved against the previous WORKDIR, which may come from the base
image and change when the base image does. The Dockerfile no longer says where files go.

## Example
```dockerfile
FROM node:22.11.0-bookworm-slim
WORKDIR app
```

Use instead:
```dockerfile
FROM node:22.11.0-bookworm-slim
WORKDIR /app
```

## References
- [hadolint DL3000](https://github.com/hadolint/hadolint/wiki/DL3000)
- [checkov CKV_DOCKER_10](https://www.checkov.io/5.Policy%20Index/dockerfile.html)
- [Dockerfile reference: WORKDIR](https://docs.docker.com/reference/dockerfile/#workdir)
"#,
}

fn is_absolute(path: &str) -> bool {
    let b = path.as_bytes();
    path.starts_with(['/', '$', '\\'])
        || (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':')
}

/// Report relative WORKDIR paths.
pub(crate) fn check(df: &Dockerfile<'_>, ctx: &mut Ctx<'_>) {
    let facts = ctx.facts;
    for inst in facts.instructions(Keyword::Workdir) {
        let Args::Shell(range) = inst.args else {
            continue;
        };
        // The usual WORKDIR (`/app`) starts with a slash, which unquoting keeps (it is no quote
        // and no escape character): absolute without building the unquoted value, nor
        // slicing the text (with its character-boundary checks).
        if df.text_bytes(range).first() == Some(&b'/') {
            continue;
        }
        let raw = df.text(range);
        let path = unquote(raw, df.escape);
        if is_absolute(&path) {
            continue;
        }
        ctx.report(
            &RULE,
            df.span(range),
            format!("WORKDIR `{path}` is relative: it depends on the WORKDIR before it"),
        );
    }
}
