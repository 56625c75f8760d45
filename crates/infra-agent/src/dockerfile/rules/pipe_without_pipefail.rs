//! DF010 `pipe-without-pipefail`: a pipe in RUN without pipefail.

use crate::dockerfile::context::{Ctx, ShellKind};
use crate::dockerfile::parser::Dockerfile;

declare_rule! {
    code: "DF010",
    name: "pipe-without-pipefail",
    severity: Warning,
    summary: "RUN pipes commands without `pipefail`: a failure before `|` goes unnoticed.",
    help: "Put `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` before the RUN (Debian and Ubuntu's /bin/sh is dash), or start the script with `set -o pipefail` where the shell supports it (bash, Alpine's ash).",
    references: ["hadolint:DL4006"],
    doc: r#"## What it does
Checks RUN instructions (heredoc scripts included) that contain a pipe `|` while neither the
stage's SHELL has `-o pipefail` nor the script ran `set -o pipefail` (or `set -eo pipefail`, …)
before the pipe. Stages whose SHELL is PowerShell or cmd are skipped.

## Why is this bad?
A pipeline's status is the status of its last command. In
`RUN wget -O - https://example.com/install.sh | bash`, if the download fails, `bash` reads an
empty script, succeeds, and the build goes on with nothing installed.

## Example
```dockerfile
FROM debian:12.8-slim
RUN wget -q -O - https://example.com/key.asc | gpg --dearmor -o /usr/share/keyrings/example.gpg
```

Use instead:
```dockerfile
FROM debian:12.8-slim
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN wget -q -O - https://example.com/key.asc | gpg --dearmor -o /usr/share/keyrings/example.gpg
```

## References
- [hadolint DL4006](https://github.com/hadolint/hadolint/wiki/DL4006)
- [Docker best practices: using pipes](https://docs.docker.com/build/building/best-practices/#using-pipes)
"#,
}

/// Report the first unprotected pipe of each RUN.
pub(crate) fn check(df: &Dockerfile<'_>, ctx: &mut Ctx<'_>) {
    let facts = ctx.facts;
    for run in &facts.runs {
        if run.shell != (ShellKind::Posix { pipefail: false }) {
            continue;
        }
        let unprotected = run.scripts().find_map(|script| {
            script
                .parsed
                .pipes
                .iter()
                .find(|(offset, _)| !script.sets_pipefail_before(*offset))
                .map(|(offset, _)| script.span_of(df, *offset, offset + 1))
        });
        if let Some(span) = unprotected {
            ctx.report(
                &RULE,
                span,
                "pipe without pipefail: the RUN succeeds even if a command before `|` fails",
            );
        }
    }
}
