//! DF028 `missing-healthcheck`: no HEALTHCHECK in the final stage.

use crate::dockerfile::context::Ctx;
use crate::dockerfile::parser::{Dockerfile, Keyword};
use crate::dockerfile::rules::final_stage_chain;

declare_rule! {
    code: "DF028",
    name: "missing-healthcheck",
    severity: Warning,
    summary: "The final stage has no HEALTHCHECK.",
    help: "Add a HEALTHCHECK in exec form that probes the application, e.g. `HEALTHCHECK CMD [\"/app\", \"--health\"]`; use `HEALTHCHECK NONE` to say there is none on purpose.",
    references: ["checkov:CKV_DOCKER_2"],
    doc: r#"## What it does
Checks that the final stage, or a stage it builds on, has a HEALTHCHECK instruction.
`HEALTHCHECK NONE` counts: it states that the image has no check on purpose.

## Why is this bad?
Without a health check, Docker and Compose only know whether the process is alive, not
whether it answers: a deadlocked server stays "running" forever, `depends_on:
condition: service_healthy` cannot work, and rolling updates cannot wait for the new version
to be ready.

## Example
```dockerfile
FROM python:3.12.7-slim-bookworm
COPY . /app
CMD ["uvicorn", "main:app", "--host", "0.0.0.0"]
```

Use instead:
```dockerfile
FROM python:3.12.7-slim-bookworm
COPY . /app
HEALTHCHECK --interval=30s --timeout=3s CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=2)"]
CMD ["uvicorn", "main:app", "--host", "0.0.0.0"]
```

## References
- [checkov CKV_DOCKER_2](https://www.checkov.io/5.Policy%20Index/dockerfile.html)
- [Dockerfile reference: HEALTHCHECK](https://docs.docker.com/reference/dockerfile/#healthcheck)
"#,
}

/// Report a final stage without HEALTHCHECK.
pub(crate) fn check(df: &Dockerfile<'_>, ctx: &mut Ctx<'_>) {
    let chain = final_stage_chain(df);
    let Some(last) = chain.clone().next() else {
        return;
    };
    let facts = ctx.facts;
    let has_check = chain.clone().any(|stage| {
        facts
            .instructions(Keyword::Healthcheck)
            .any(|i| i.stage == Some(stage.index))
    });
    if has_check {
        return;
    }
    let Some(from) = df.instructions().get(last.from) else {
        return;
    };
    ctx.report(
        &RULE,
        df.keyword_span(from),
        "the final stage has no HEALTHCHECK: nothing tells a hung container from a healthy one",
    );
}
