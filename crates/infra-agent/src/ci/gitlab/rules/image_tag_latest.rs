//! GL010 `image-tag-latest`: an image pinned to the moving `latest` tag.

use crate::ci::common::Ctx;
use crate::ci::gitlab::model::Pipeline;
use crate::ci::gitlab::rules::{ImageTag, all_images, image_tag};

declare_rule! {
    code: "GL010",
    name: "image-tag-latest",
    severity: Warning,
    summary: "An `image` or service uses the `latest` tag.",
    help: "Pin a version tag (`docker:27.4.1`), or a digest for full reproducibility.",
    references: ["hadolint:DL3007"],
    doc: r#"## What it does
Reports job, template, `default` and global images and services tagged `latest`.

## Why is this bad?
`latest` moves with every release of the image: the pipeline that passed yesterday can fail
today without a change of yours, and nobody can tell which version ran. (The same problem as
hadolint's DL3007 for `FROM`.)

## Example
```yaml
build:
  image: docker:latest
  services: ["docker:latest-dind"]
  script: docker build .
```

Use instead:
```yaml
build:
  image: docker:27.4.1
  services: ["docker:27.4.1-dind"]
  script: docker build .
```

## References
- [`image`](https://docs.gitlab.com/ci/yaml/#image)
- [hadolint DL3007](https://github.com/hadolint/hadolint/wiki/DL3007)
"#,
}

/// Report images tagged latest.
pub(crate) fn check(p: &Pipeline<'_>, ctx: &mut Ctx<'_>) {
    for node in all_images(p) {
        let Some(reference) = node.as_str() else { continue };
        if image_tag(reference) == ImageTag::Tag("latest") {
            ctx.report(
                &RULE,
                node.span,
                format!("image `{}` uses the moving `latest` tag", reference.trim()),
            );
        }
    }
}
