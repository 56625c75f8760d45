//! DF007 `image-tag-latest`: FROM an image tagged `latest`.

use crate::dockerfile::context::Ctx;
use crate::dockerfile::parser::Dockerfile;
use crate::dockerfile::rules::shown_image;

declare_rule! {
    code: "DF007",
    name: "image-tag-latest",
    severity: Warning,
    summary: "FROM uses the `latest` tag: builds are not reproducible.",
    help: "Pin the base image to a version tag (e.g. `node:22.11.0-bookworm-slim`), or add a digest.",
    references: ["hadolint:DL3007", "checkov:CKV_DOCKER_7"],
    doc: r#"## What it does
Checks for FROM instructions whose image is tagged `latest` and has no digest, including
through a global ARG default (`ARG BASE=node:latest`, `FROM ${BASE}`).

## Why is this bad?
`latest` is whatever the publisher pushed last. Two builds of the same commit can get
different runtimes, a major upgrade arrives unannounced, and rolling back to "the same image"
is impossible. A digest pins the exact image even when the tag is `latest`.

## Example
```dockerfile
FROM node:latest
```

Use instead:
```dockerfile
FROM node:22.11.0-bookworm-slim
```

## References
- [hadolint DL3007](https://github.com/hadolint/hadolint/wiki/DL3007)
- [checkov CKV_DOCKER_7](https://www.checkov.io/5.Policy%20Index/dockerfile.html)
- [Docker best practices: pin base image versions](https://docs.docker.com/build/building/best-practices/#pin-base-image-versions)
"#,
}

/// Report base images tagged `latest` without a digest (a digest pins it all the same).
pub(crate) fn check(df: &Dockerfile<'_>, ctx: &mut Ctx<'_>) {
    for stage in df.stages() {
        let Some(image) = &stage.image else {
            continue;
        };
        if !image.exact || image.digest().is_some() || image.tag() != Some("latest") {
            continue;
        }
        let shown = shown_image(df, image);
        ctx.report(
            &RULE,
            df.span(image.range),
            format!("base image {shown} uses the `latest` tag: pin a version"),
        );
    }
}
