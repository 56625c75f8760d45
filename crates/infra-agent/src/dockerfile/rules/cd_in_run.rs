//! DF009 `cd-in-run`: cd inside RUN.

use crate::dockerfile::context::{Ctx, Script};
use crate::dockerfile::parser::Dockerfile;
use crate::dockerfile::shell::Word;

declare_rule! {
    code: "DF009",
    name: "cd-in-run",
    severity: Warning,
    summary: "RUN changes directory with cd.",
    help: "Set the directory with WORKDIR (absolute path) before the RUN.",
    references: ["hadolint:DL3003"],
    doc: r#"## What it does
Checks for `cd` commands in RUN instructions (heredoc scripts included).

## Why is this bad?
`cd` lasts only until the end of that RUN, so the next instruction silently runs somewhere
else, and the directory a command runs in is buried in a shell line. WORKDIR sets it for all
following instructions, creates it if needed and is visible at a glance.

## Example
```dockerfile
FROM golang:1.23.3-bookworm
COPY . /src
RUN cd /src && go build -o /out/app .
```

Use instead:
```dockerfile
FROM golang:1.23.3-bookworm
WORKDIR /src
COPY . .
RUN go build -o /out/app .
```

## References
- [hadolint DL3003](https://github.com/hadolint/hadolint/wiki/DL3003)
- [Dockerfile reference: WORKDIR](https://docs.docker.com/reference/dockerfile/#workdir)
"#,
}

/// Report `cd` in RUN: the walk over RUN commands of [`super::sudo_in_run::check`] reads each
/// command once for several rules and calls [`check_first_word`] with each command's first word.
pub(crate) fn check(_df: &Dockerfile<'_>, _ctx: &mut Ctx<'_>) {}

/// Report the command of `script` whose first word is `first` if that word is `cd`.
pub(crate) fn check_first_word(
    df: &Dockerfile<'_>,
    ctx: &mut Ctx<'_>,
    script: &Script<'_>,
    first: &Word<'_>,
) {
    if first.raw == "cd" {
        ctx.report(
            &RULE,
            script.span(df, first),
            "cd in RUN only lasts for this RUN: use WORKDIR to change directory",
        );
    }
}
