//! DF017 `pip-install-unpinned`: pip install without versions.

use crate::dockerfile::cli::{PIP_VALUE_OPTIONS, Program, pip_install, positionals};
use crate::dockerfile::context::Ctx;
use crate::dockerfile::parser::Dockerfile;

declare_rule! {
    code: "DF017",
    name: "pip-install-unpinned",
    severity: Warning,
    summary: "pip install of a package without a pinned version.",
    help: "Pin the version (`pip install gunicorn==23.0.0`), or install from a locked requirements file (`pip install -r requirements.txt`).",
    references: ["hadolint:DL3013"],
    doc: r#"## What it does
Checks `pip install`, `python -m pip install` and `uv pip install` arguments for packages
without a version specifier (`==`, `>=`, `~=`, `<`, `!=`, `@ url`, …). Requirement files
(`-r`), constraints, editable installs, local paths, wheels, archives, URLs and arguments
built from variables are accepted.

## Why is this bad?
Without a version, each build installs the newest release: rebuilding the same commit can
bring a breaking major version, or a compromised release, into the image, and nothing records
what was installed.

## Example
```dockerfile
FROM python:3.12.7-slim-bookworm
RUN pip install --no-cache-dir gunicorn
```

Use instead:
```dockerfile
FROM python:3.12.7-slim-bookworm
RUN pip install --no-cache-dir gunicorn==23.0.0
```

## References
- [hadolint DL3013](https://github.com/hadolint/hadolint/wiki/DL3013)
- [pip: repeatable installs](https://pip.pypa.io/en/stable/topics/repeatable-installs/)
"#,
}

fn is_pinned(spec: &str) -> bool {
    let lower = spec.to_ascii_lowercase();
    spec.contains(['=', '<', '>', '@', '$', '/'])
        || spec.contains("!=")
        || spec.starts_with('.')
        || [".whl", ".tar.gz", ".zip", ".tgz"]
            .iter()
            .any(|ext| lower.ends_with(ext))
}

/// Report each unpinned package.
pub(crate) fn check(df: &Dockerfile<'_>, ctx: &mut Ctx<'_>) {
    let facts = ctx.facts;
    if !facts.runs_program(Program::Pip) {
        return;
    }
    for run in &facts.runs {
        for (script, cmd) in run.commands() {
            let Some((_, install, args)) = pip_install(cmd) else {
                continue;
            };
            for (_, word) in positionals(args, PIP_VALUE_OPTIONS) {
                if word.start <= install.start || is_pinned(&word.value()) {
                    continue;
                }
                ctx.report(
                    &RULE,
                    script.span(df, word),
                    format!(
                        "`pip install` of `{}` without a version: pin it as `{}==<version>`",
                        word.value(),
                        word.value()
                    ),
                );
            }
        }
    }
}
