//! DF020 `wget-without-progress-flag`: wget's progress bar in the build log.

use crate::dockerfile::cli::{Program, has_long, has_short};
use crate::dockerfile::context::Ctx;
use crate::dockerfile::parser::Dockerfile;

declare_rule! {
    code: "DF020",
    name: "wget-without-progress-flag",
    severity: Info,
    summary: "wget without `--progress`, `-q` or `-nv` floods the build log.",
    help: "Use `wget --progress=dot:giga …`, or `-q` / `-nv` for quiet output.",
    references: ["hadolint:DL3047"],
    doc: r#"## What it does
Checks `wget` commands without `--progress=…`, `-q` (`--quiet`) or `-nv` (`--no-verbose`).

## Why is this bad?
Without a terminal, wget prints a progress line every few kilobytes: a large download writes
thousands of lines into the build log, hiding the output that matters and slowing CI log
viewers.

## Example
```dockerfile
FROM debian:12.8-slim
RUN wget https://example.com/tool.tar.gz
```

Use instead:
```dockerfile
FROM debian:12.8-slim
RUN wget --progress=dot:giga https://example.com/tool.tar.gz
```

## References
- [hadolint DL3047](https://github.com/hadolint/hadolint/wiki/DL3047)
- [GNU Wget manual: --progress](https://www.gnu.org/software/wget/manual/wget.html#Download-Options)
"#,
}

/// Report noisy wget commands.
pub(crate) fn check(df: &Dockerfile<'_>, ctx: &mut Ctx<'_>) {
    let facts = ctx.facts;
    if !facts.runs_program(Program::Wget) {
        return;
    }
    for run in &facts.runs {
        for (script, cmd) in run.commands() {
            if cmd.name() != Some("wget") {
                continue;
            }
            let args = cmd.args();
            let quiet = has_long(args, "--progress")
                || has_long(args, "--quiet")
                || has_long(args, "--no-verbose")
                || has_short(args, 'q')
                || args.iter().any(|w| w.raw == "-nv");
            if quiet {
                continue;
            }
            if let Some(program) = cmd.program().first() {
                ctx.report(
                    &RULE,
                    script.span(df, program),
                    "wget without `--progress=dot:giga`, `-q` or `-nv` fills the build log with progress lines",
                );
            }
        }
    }
}
