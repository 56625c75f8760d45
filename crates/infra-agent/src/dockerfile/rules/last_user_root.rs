//! DF006 `last-user-root`: the final stage's last USER is root.

use crate::dockerfile::context::Ctx;
use crate::dockerfile::parser::{Args, Dockerfile, Keyword, unquote};
use crate::dockerfile::rules::final_stage_chain;

declare_rule! {
    code: "DF006",
    name: "last-user-root",
    severity: Warning,
    summary: "The image runs as root: the last USER of the final stage is root.",
    help: "Switch back to an unprivileged user after the steps that need root, e.g. `USER 10001:10001`.",
    references: ["hadolint:DL3002", "checkov:CKV_DOCKER_8"],
    doc: r#"## What it does
Checks whether the last USER instruction of the final stage (or of the stages it builds on)
is `root` or UID `0`.

## Why is this bad?
The container's process then runs as root. Any flaw in the application gives an attacker root
inside the container, a much shorter step to the host, to mounted volumes and to the network.
Switching to root for installation steps is fine; the image must switch back.

## Example
```dockerfile
FROM node:22.11.0-bookworm-slim
USER node
RUN npm ci
USER root
CMD ["node", "server.js"]
```

Use instead:
```dockerfile
FROM node:22.11.0-bookworm-slim
USER root
RUN npm ci
USER node
CMD ["node", "server.js"]
```

## References
- [hadolint DL3002](https://github.com/hadolint/hadolint/wiki/DL3002)
- [checkov CKV_DOCKER_8](https://www.checkov.io/5.Policy%20Index/dockerfile.html)
- [Docker best practices: USER](https://docs.docker.com/build/building/best-practices/#user)
"#,
}

/// Report a final USER of root.
pub(crate) fn check(df: &Dockerfile<'_>, ctx: &mut Ctx<'_>) {
    let facts = ctx.facts;
    let last_user = final_stage_chain(df).find_map(|stage| {
        facts
            .instructions(Keyword::User)
            .rev()
            .find(|i| i.stage == Some(stage.index))
    });
    let Some(inst) = last_user else {
        return;
    };
    let Args::Shell(range) = inst.args else {
        return;
    };
    // Unquoting only removes characters: a user of `root` or `0` has an `r` or a `0` as
    // written. Most USERs (`node`, `app`, `10001`) are passed over without unquoting, on the
    // bytes of the range (no character-boundary checks).
    if !df.text_bytes(range).iter().any(|&b| b == b'r' || b == b'0') {
        return;
    }
    let raw = df.text(range);
    let value = unquote(raw, df.escape);
    // A byte search rather than `split(':')`: the char searcher cost more than the rest of
    // the rule.
    let user = value
        .bytes()
        .position(|b| b == b':')
        .map_or(&*value, |colon| &value[..colon]);
    if user == "root" || user == "0" {
        ctx.report(
            &RULE,
            df.span(range),
            format!("the image runs as root: `USER {value}` is the final stage's last USER"),
        );
    }
}
