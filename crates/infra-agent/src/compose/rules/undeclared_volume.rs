//! DC009 `undeclared-volume`: a service mounts a named volume the file does not declare.

use crate::compose::context::Ctx;
use crate::compose::model::Name;
use crate::compose::mounts::Source;
use crate::compose::rules::{node_span, report_undeclared};


declare_rule! {
    code: "DC009",
    name: "undeclared-volume",
    severity: Error,
    summary: "A service mounts a named volume that is not declared under the top-level `volumes`.",
    help: "Declare the volume under the top-level `volumes`; for a host folder, start the path with `./` or `/`.",
    references: [],
    doc: r#"## What it does
Checks that every named volume a service mounts (short syntax `name:/path`, or long syntax
`type: volume` with a `source`) is declared under the top-level `volumes`. Bind mounts are
not named volumes: a source starting with `.`, `/`, `~` or a drive letter, or containing a
`/`, is a host path. Skipped when the file uses `include` or is an override file.

## Why is this bad?
`docker compose` refuses the file (`service "db" refers to undefined volume db-data`).
Often the source was meant as a host folder and lacks its `./`: `data:/data` asks for a
named volume called `data`, not the `data` folder next to the file.

## Example
```yaml
services:
  db:
    image: postgres:16.4-alpine
    volumes:
      - db_data:/var/lib/postgresql/data
```

Use instead:
```yaml
services:
  db:
    image: postgres:16.4-alpine
    volumes:
      - db_data:/var/lib/postgresql/data
volumes:
  db_data:
```

## References
- [Compose Specification: volumes](https://github.com/compose-spec/compose-spec/blob/main/07-volumes.md)
- [Compose Specification: service volumes](https://github.com/compose-spec/compose-spec/blob/main/05-services.md#volumes)
"#,
}

/// Report named volumes used but not declared.
pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let project = ctx.project;
    if project.is_partial() {
        return;
    }
    let mut references = Vec::new();
    for service in &project.services {
        for mount in &service.mounts {
            if let Source::Volume(name) = &mount.source {
                let span = match mount.node.get("source") {
                    Some(source) => source.span,
                    None => node_span(mount.node),
                };
                references.push((service.name, name.as_str(), span));
            }
        }
    }
    let references = references
        .into_iter()
        .map(|(service, name, span)| (service, Name { name, span }))
        .collect();
    report_undeclared(ctx, &RULE, "volumes", &project.volumes, &[], references);
}

