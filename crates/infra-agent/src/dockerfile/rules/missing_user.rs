//! DF029 `missing-user`: no USER in the final stage.

use crate::dockerfile::context::Ctx;
use crate::dockerfile::parser::{Dockerfile, Keyword};
use crate::dockerfile::rules::final_stage_chain;

declare_rule! {
    code: "DF029",
    name: "missing-user",
    severity: Warning,
    summary: "The final stage sets no USER: the container runs as the base image's user, usually root.",
    help: "Create or pick an unprivileged user and end the final stage with `USER <name or uid>`.",
    references: ["checkov:CKV_DOCKER_3"],
    doc: r#"## What it does
Checks that the final stage, or a stage it builds on, has a USER instruction. Base images
that run as a non-root user by default (tags such as distroless `:nonroot`) are accepted
without one.

## Why is this bad?
Most base images run as root. Without USER, the application runs as root in the container,
so any remote code execution gets root there, with an easier path to the host and to mounted
files.

## Example
```dockerfile
FROM node:22.11.0-bookworm-slim
COPY . /app
CMD ["node", "/app/server.js"]
```

Use instead:
```dockerfile
FROM node:22.11.0-bookworm-slim
COPY --chown=node:node . /app
USER node
CMD ["node", "/app/server.js"]
```

## References
- [checkov CKV_DOCKER_3](https://www.checkov.io/5.Policy%20Index/dockerfile.html)
- [Docker best practices: USER](https://docs.docker.com/build/building/best-practices/#user)
"#,
}

/// Report a final stage without USER.
pub(crate) fn check(df: &Dockerfile<'_>, ctx: &mut Ctx<'_>) {
    let chain = final_stage_chain(df);
    let Some(last) = chain.clone().next() else {
        return;
    };
    let facts = ctx.facts;
    let has_user = chain.clone().any(|stage| {
        facts
            .instructions(Keyword::User)
            .any(|i| i.stage == Some(stage.index))
    });
    if has_user {
        return;
    }
    let root_image = chain.last().and_then(|s| s.image.as_ref());
    if root_image.is_some_and(|img| img.resolved.to_ascii_lowercase().contains("nonroot")) {
        return;
    }
    let Some(from) = df.instructions().get(last.from) else {
        return;
    };
    ctx.report(
        &RULE,
        df.keyword_span(from),
        "the final stage sets no USER: the container runs as root unless the base image says otherwise",
    );
}
