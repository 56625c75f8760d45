//! DF018 `pip-install-missing-no-cache-dir`: pip install that keeps its cache in the image.

use crate::dockerfile::cli::{Program, has_long, is_falsy, pip_install};
use crate::dockerfile::context::{Ctx, Run};
use crate::dockerfile::parser::Dockerfile;
use crate::dockerfile::rules::stage_env;

declare_rule! {
    code: "DF018",
    name: "pip-install-missing-no-cache-dir",
    severity: Warning,
    summary: "pip install without `--no-cache-dir` leaves pip's download cache in the image.",
    help: "Add `--no-cache-dir`, set `ENV PIP_NO_CACHE_DIR=1`, or mount a cache: `RUN --mount=type=cache,target=/root/.cache/pip pip install …`.",
    references: ["hadolint:DL3042"],
    doc: r#"## What it does
Checks `pip install` and `python -m pip install` commands without `--no-cache-dir`, unless
the stage sets `PIP_NO_CACHE_DIR` or the RUN mounts a cache on pip's cache directory
(`/root/.cache/pip`, or any `…/.cache/pip`). `uv pip install` has its own cache and is not
checked.

## Why is this bad?
pip keeps every downloaded wheel under `~/.cache/pip`. In an image that cache is dead weight,
often as large as the installed packages themselves, shipped to every host that pulls it.

## Example
```dockerfile
FROM python:3.12.7-slim-bookworm
RUN pip install -r requirements.txt
```

Use instead:
```dockerfile
# syntax=docker/dockerfile:1
FROM python:3.12.7-slim-bookworm
RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
```

## References
- [hadolint DL3042](https://github.com/hadolint/hadolint/wiki/DL3042)
- [pip: caching](https://pip.pypa.io/en/stable/topics/caching/)
"#,
}

/// Whether the RUN keeps pip's cache out of the image by a cache mount or `PIP_NO_CACHE_DIR`.
fn cache_handled(df: &Dockerfile<'_>, run: &Run<'_>) -> bool {
    let cached = run.has_cache_mount(df, &["/root/.cache/pip", "/root/.cache"])
        || df.flags_named(run.inst, "mount").any(|f| {
            f.value
                .is_some_and(|v| df.text(v).contains("type=cache") && df.text(v).contains(".cache/pip"))
        });
    cached
        || stage_env(df, run.stage, run.inst.start_line(), "PIP_NO_CACHE_DIR")
            .is_some_and(|v| !v.is_empty())
}

/// Report pip install that keeps its cache.
pub(crate) fn check(df: &Dockerfile<'_>, ctx: &mut Ctx<'_>) {
    let facts = ctx.facts;
    if !facts.runs_program(Program::Pip) {
        return;
    }
    for run in &facts.runs {
        // Asked only once a pip install is found: most RUNs have none.
        let mut handled = None;
        for (script, cmd) in run.commands() {
            let Some((uv, install, args)) = pip_install(cmd) else {
                continue;
            };
            if *handled.get_or_insert_with(|| cache_handled(df, run)) {
                break;
            }
            if uv || args.iter().any(|w| w.raw.starts_with("--no-cache-dir") && {
                let v = w.raw.strip_prefix("--no-cache-dir=").unwrap_or("1");
                !is_falsy(v)
            }) || has_long(args, "--no-cache")
            {
                continue;
            }
            ctx.report(
                &RULE,
                script.span(df, install),
                "`pip install` without `--no-cache-dir` leaves pip's cache in the image",
            );
        }
    }
}
