//! DC015 `service-image-untagged`: a service image without a tag or digest.

use crate::compose::context::Ctx;
use crate::compose::rules::{image_ref, pulled_images};

declare_rule! {
    code: "DC015",
    name: "service-image-untagged",
    severity: Warning,
    summary: "A service image has no tag: Docker pulls `latest`, whatever that is today.",
    help: "Pin the image to a version tag (`postgres:16.4-alpine`), or to a digest for full reproducibility.",
    references: ["compose-lint:CL-0004", "dclint:service-image-require-explicit-tag"],
    doc: r#"## What it does
Checks the `image` of each service that pulls its image (a service with `build` names the
image it builds, so its tag is not checked) for a missing tag and digest. Images whose name
comes from a variable (`image: ${APP_IMAGE}`) are not checked.

## Why is this bad?
An image without a tag is `latest`: each `docker compose pull` may bring a new major
version, so the same file deploys different software from one day to the next, rollbacks
are guesswork, and a compromised upstream push reaches you silently. This is the compose
counterpart of hadolint's DL3006 for `FROM`.

## Example
```yaml
services:
  db:
    image: postgres
```

Use instead:
```yaml
services:
  db:
    image: postgres:16.4-alpine
```

## References
- [compose-lint CL-0004: image not pinned to version](https://github.com/tmatens/compose-lint/blob/main/docs/rules/CL-0004.md)
- [docker-compose-linter service-image-require-explicit-tag](https://github.com/zavoloklom/docker-compose-linter/blob/main/docs/rules/service-image-require-explicit-tag-rule.md)
- [hadolint DL3006](https://github.com/hadolint/hadolint/wiki/DL3006)
"#,
}

/// Report pulled images without tag or digest.
pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let project = ctx.project;
    for (service, image) in pulled_images(project) {
        let text = image.as_str().unwrap_or_default();
        let reference = image_ref(text);
        if reference.tag.is_some() || reference.digest || reference.name_interpolated {
            continue;
        }
        ctx.report(
            &RULE,
            image.span,
            format!(
                "image `{text}` of service `{}` has no tag, so it is `latest`: pin a version",
                service.name
            ),
        );
    }
}
