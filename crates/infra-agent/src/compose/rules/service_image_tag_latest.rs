//! DC016 `service-image-tag-latest`: a service image tagged `latest`.

use crate::compose::context::Ctx;
use crate::compose::rules::{image_ref, pulled_images};

declare_rule! {
    code: "DC016",
    name: "service-image-tag-latest",
    severity: Warning,
    summary: "A service image uses the moving `latest` tag.",
    help: "Pin the image to a version tag (`redis:7.4.1-alpine`), or to a digest for full reproducibility.",
    references: ["compose-lint:CL-0004"],
    doc: r#"## What it does
Checks the `image` of each service that pulls its image for the `latest` tag, unless a
digest pins it (`nginx:latest@sha256:...`). Services with `build` are not checked: their
`image` names what they build.

## Why is this bad?
`latest` is whatever the publisher pushed last: a deploy can jump a major version without
any change to the file, and nobody can tell afterwards which version ran. This is the
compose counterpart of hadolint's DL3007 for `FROM`.

## Example
```yaml
services:
  cache:
    image: redis:latest
```

Use instead:
```yaml
services:
  cache:
    image: redis:7.4.1-alpine
```

## References
- [compose-lint CL-0004: image not pinned to version](https://github.com/tmatens/compose-lint/blob/main/docs/rules/CL-0004.md)
- [hadolint DL3007](https://github.com/hadolint/hadolint/wiki/DL3007)
"#,
}

/// Report pulled images tagged `latest`.
pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let project = ctx.project;
    for (service, image) in pulled_images(project) {
        let text = image.as_str().unwrap_or_default();
        let reference = image_ref(text);
        if reference.digest || reference.tag.as_deref() != Some("latest") {
            continue;
        }
        ctx.report(
            &RULE,
            image.span,
            format!(
                "image `{text}` of service `{}` uses the `latest` tag: pin a version",
                service.name
            ),
        );
    }
}
