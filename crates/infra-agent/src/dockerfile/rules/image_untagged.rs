//! DF001 `image-untagged`: FROM an image without a tag or digest.

use crate::dockerfile::context::Ctx;
use crate::dockerfile::parser::Dockerfile;
use crate::dockerfile::rules::shown_image;

declare_rule! {
    code: "DF001",
    name: "image-untagged",
    severity: Warning,
    summary: "FROM names an image without a tag or digest, which means `latest`.",
    help: "Pin the base image to a version tag (e.g. `node:22.11.0-bookworm-slim`), or a digest.",
    references: ["hadolint:DL3006"],
    doc: r#"## What it does
Checks for FROM instructions whose image has neither a tag (`:22.11.0`) nor a digest
(`@sha256:…`). Images given through a global ARG (`ARG BASE=node` then `FROM ${BASE}`) are
checked with the ARG's default. `scratch`, earlier build stages and images whose ARG has no
default are left alone.

## Why is this bad?
An image without a tag is `latest`: a moving target. The same Dockerfile builds a different
image from one day to the next, a rebuild can pick up a new major version of the runtime, and
nobody can tell which base an image was built on.

## Example
```dockerfile
FROM python
```

Use instead:
```dockerfile
FROM python:3.12.7-slim-bookworm
```

## References
- [hadolint DL3006](https://github.com/hadolint/hadolint/wiki/DL3006)
- [Docker best practices: pin base image versions](https://docs.docker.com/build/building/best-practices/#pin-base-image-versions)
"#,
}

/// Report untagged base images.
pub(crate) fn check(df: &Dockerfile<'_>, ctx: &mut Ctx<'_>) {
    for stage in df.stages() {
        let Some(image) = &stage.image else {
            continue;
        };
        if !image.exact || stage.parent.is_some() || image.is_scratch() {
            continue;
        }
        if image.tag().is_some() || image.digest().is_some() {
            continue;
        }
        let shown = shown_image(df, image);
        ctx.report(
            &RULE,
            df.span(image.range),
            format!("base image {shown} has no tag: it means `latest`, which changes under you"),
        );
    }
}
