//! DF000 `syntax-error`: the Dockerfile does not parse.

use crate::dockerfile::context::Ctx;
use crate::dockerfile::parser::Dockerfile;

declare_rule! {
    code: "DF000",
    name: "syntax-error",
    severity: Error,
    summary: "The Dockerfile does not parse: BuildKit would refuse it or misread it.",
    help: "Fix the syntax at this line; the message says what the parser expected.",
    references: [],
    doc: r#"## What it does
Reports what the Dockerfile parser could not read: an unknown instruction, FROM without an
image, a heredoc (`<<EOF`) whose terminator line never comes, a file that ends inside a line
continuation, an unknown or value-less flag, a JSON array that is not valid JSON, `ONBUILD FROM`,
an instruction other than ARG before the first FROM, and the like. Parsing goes on after an
error, so every error of a file is reported at once.

## Why is this bad?
`docker build` stops at the first of these errors, or worse, silently reads the line another
way: `CMD ["node", "server.js"` (missing `]`) is not an error for Docker, it runs
`/bin/sh -c '["node", "server.js"'` and the container exits at once.

## Example
```dockerfile
FROM node:22.11.0-bookworm-slim
RUNN npm ci
CMD ["node", "server.js"
```

Use instead:
```dockerfile
FROM node:22.11.0-bookworm-slim
RUN npm ci
CMD ["node", "server.js"]
```

## References
- [Dockerfile reference](https://docs.docker.com/reference/dockerfile/)
- [Dockerfile reference: here-documents](https://docs.docker.com/reference/dockerfile/#here-documents)
- [Dockerfile reference: parser directives](https://docs.docker.com/reference/dockerfile/#parser-directives)
"#,
}

/// Report every syntax error the parser collected.
pub(crate) fn check(df: &Dockerfile<'_>, ctx: &mut Ctx<'_>) {
    for error in df.syntax_errors() {
        ctx.report(&RULE, error.span(), error.message());
    }
}
