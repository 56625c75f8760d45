//! DF024 `multiple-cmd`: more than one CMD in a stage.

use crate::dockerfile::context::Ctx;
use crate::dockerfile::parser::{Dockerfile, Keyword};
use crate::dockerfile::rules::report_overridden;

declare_rule! {
    code: "DF024",
    name: "multiple-cmd",
    severity: Warning,
    summary: "A stage has several CMD instructions; only the last one counts.",
    help: "Keep one CMD per stage.",
    references: ["hadolint:DL4003"],
    doc: r#"## What it does
Checks for stages with more than one CMD, and points at each CMD that a later one replaces.

## Why is this bad?
Only the last CMD of a stage takes effect. The earlier ones are dead code that misleads the
reader about what the container runs, often left over from an edit.

## Example
```dockerfile
FROM python:3.12.7-slim-bookworm
CMD ["python", "manage.py", "migrate"]
CMD ["gunicorn", "config.wsgi"]
```

Use instead:
```dockerfile
FROM python:3.12.7-slim-bookworm
CMD ["gunicorn", "config.wsgi"]
```

## References
- [hadolint DL4003](https://github.com/hadolint/hadolint/wiki/DL4003)
- [Dockerfile reference: CMD](https://docs.docker.com/reference/dockerfile/#cmd)
"#,
}

/// Report overridden CMDs.
pub(crate) fn check(df: &Dockerfile<'_>, ctx: &mut Ctx<'_>) {
    report_overridden(df, ctx, &RULE, Keyword::Cmd);
}
