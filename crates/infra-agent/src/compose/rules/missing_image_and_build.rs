//! DC012 `missing-image-and-build`: a service with neither `image` nor `build`.

use crate::compose::context::Ctx;

declare_rule! {
    code: "DC012",
    name: "missing-image-and-build",
    severity: Error,
    summary: "A service has neither `image` nor `build`: compose has nothing to run.",
    help: "Add `image:` with a pinned tag, or `build:` with the folder holding its Dockerfile.",
    references: [],
    doc: r#"## What it does
Checks that each service has an `image`, a `build`, an `extends` (which may provide them)
or a `provider`. Skipped for override files (`*override*`), whose services usually only
add to a base file.

## Why is this bad?
`docker compose` refuses the project (`service "worker" has neither an image nor a build
context specified`).

## Example
```yaml
services:
  worker:
    command: ["python", "-m", "app.worker"]
```

Use instead:
```yaml
services:
  worker:
    build: .
    command: ["python", "-m", "app.worker"]
```

## References
- [Compose Specification: image](https://github.com/compose-spec/compose-spec/blob/main/05-services.md#image)
- [Compose Build Specification](https://github.com/compose-spec/compose-spec/blob/main/build.md)
"#,
}

/// Report services with nothing to run.
pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let project = ctx.project;
    if project.is_overlay {
        return;
    }
    for service in &project.services {
        if ["image", "build", "extends", "provider"]
            .iter()
            .any(|k| service.get(k).is_some())
        {
            continue;
        }
        ctx.report(
            &RULE,
            service.key.span,
            format!(
                "service `{}` has neither `image` nor `build`: compose has nothing to run",
                service.name
            ),
        );
    }
}
