//! GL009 `image-untagged`: an image without a tag, so `latest`.

use crate::ci::common::Ctx;
use crate::ci::gitlab::model::Pipeline;
use crate::ci::gitlab::rules::{ImageTag, all_images, image_tag};

declare_rule! {
    code: "GL009",
    name: "image-untagged",
    severity: Warning,
    summary: "An `image` or service has no tag, so every run pulls whatever `latest` is that day.",
    help: "Pin a version tag (`node:22.12.0-bookworm-slim`), or a digest for full reproducibility.",
    references: ["hadolint:DL3006"],
    doc: r#"## What it does
Reports job, template, `default` and global images and services given without a tag or
digest. References built from variables (`$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA`) are skipped.

## Why is this bad?
Without a tag Docker pulls `latest`: a new major version of the tool arrives in the middle
of a release, runs differ from one runner to the next, and a failure cannot be reproduced.
(The same problem as hadolint's DL3006 for `FROM`.)

## Example
```yaml
test:
  image: python
  services: [postgres]
  script: pytest
```

Use instead:
```yaml
test:
  image: python:3.12.8-slim-bookworm
  services: ["postgres:16.6"]
  script: pytest
```

## References
- [`image`](https://docs.gitlab.com/ci/yaml/#image)
- [hadolint DL3006](https://github.com/hadolint/hadolint/wiki/DL3006)
"#,
}

/// Report untagged images.
pub(crate) fn check(p: &Pipeline<'_>, ctx: &mut Ctx<'_>) {
    for node in all_images(p) {
        let Some(reference) = node.as_str() else { continue };
        if image_tag(reference) == ImageTag::Untagged {
            ctx.report(
                &RULE,
                node.span,
                format!("image `{}` has no tag: it pulls `latest`", reference.trim()),
            );
        }
    }
}
