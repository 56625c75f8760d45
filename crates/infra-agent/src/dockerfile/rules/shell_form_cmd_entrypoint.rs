//! DF023 `shell-form-cmd-entrypoint`: CMD or ENTRYPOINT in shell form.

use crate::dockerfile::context::Ctx;
use crate::dockerfile::parser::{CommandLine, Dockerfile, Keyword};

declare_rule! {
    code: "DF023",
    name: "shell-form-cmd-entrypoint",
    severity: Warning,
    summary: "CMD or ENTRYPOINT in shell form: the process does not receive signals.",
    help: "Use the exec (JSON array) form, e.g. `CMD [\"node\", \"server.js\"]`.",
    references: ["hadolint:DL3025"],
    doc: r#"## What it does
Checks for CMD and ENTRYPOINT written in shell form (`CMD node server.js`) instead of exec form
(`CMD ["node", "server.js"]`).

## Why is this bad?
In shell form Docker runs `/bin/sh -c "node server.js"`: the shell is PID 1 and does not
forward SIGTERM, so `docker stop` and Kubernetes wait for the grace period and then kill the
application without a clean shutdown. An ENTRYPOINT in shell form also ignores CMD and
`docker run` arguments.

## Example
```dockerfile
FROM node:22.11.0-bookworm-slim
CMD node server.js
```

Use instead:
```dockerfile
FROM node:22.11.0-bookworm-slim
CMD ["node", "server.js"]
```

## References
- [hadolint DL3025](https://github.com/hadolint/hadolint/wiki/DL3025)
- [Dockerfile reference: shell and exec form](https://docs.docker.com/reference/dockerfile/#shell-and-exec-form)
"#,
}

/// Report shell-form CMD and ENTRYPOINT.
pub(crate) fn check(df: &Dockerfile<'_>, ctx: &mut Ctx<'_>) {
    let facts = ctx.facts;
    // One walk over the part of the file where either keyword is, rather than two chained.
    for inst in facts.either(Keyword::Cmd, Keyword::Entrypoint) {
        let Some(CommandLine::Shell(range)) = df.command(inst) else {
            continue;
        };
        let keyword = inst.keyword().as_str();
        ctx.report(
            &RULE,
            df.span(range),
            format!("{keyword} in shell form runs under `/bin/sh -c`, which does not pass signals to the process: use the JSON array form"),
        );
    }
}
