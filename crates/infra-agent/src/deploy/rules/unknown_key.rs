//! DP001 `unknown-key`: a key the platform does not know (usually a typo).

use squad_core::findings::Severity;

use crate::deploy::schema::IssueKind;
use crate::deploy::{Ctx, Doc};

declare_rule! {
    code: "DP001",
    name: "unknown-key",
    severity: Error,
    summary: "A key is not part of the platform's configuration format.",
    help: "Fix the spelling (the message suggests the closest known key) or remove the key.",
    references: [],
    doc: r#"## What it does
Checks every key of `vercel.json`, `wrangler.toml`, `app.yaml` and `apprunner.yaml` against
the keys the platform documents, at every level (`headers[0].source`, `run.network.port`,
`handlers[0].secure`...), and suggests the closest known key. Vercel, gcloud and App Runner
refuse unknown keys, so the finding is an error; Wrangler only warns about them, so for
Wrangler files it is a warning.

## Why is this bad?
A misspelt key is silently a different key: `compatability_date` leaves the Worker without
a compatibility date, `buildComand` leaves Vercel's default build command in place. Where
the platform refuses unknown keys, the deployment fails after the build.

## Example
```toml
name = "api"
main = "src/index.ts"
compatability_date = "2026-11-01"
```

Use instead:
```toml
name = "api"
main = "src/index.ts"
compatibility_date = "2026-11-01"
```

## References
- [Vercel: vercel.json](https://vercel.com/docs/project-configuration/vercel-json)
- [Cloudflare: Wrangler configuration](https://developers.cloudflare.com/workers/wrangler/configuration/)
- [Google App Engine: app.yaml reference](https://cloud.google.com/appengine/docs/standard/reference/app-yaml)
- [AWS App Runner: configuration file reference](https://docs.aws.amazon.com/apprunner/latest/dg/config-file-ref.html)
"#,
}

/// Report the unknown keys the schema walk found.
pub(crate) fn check(doc: &Doc, ctx: &mut Ctx<'_>) {
    let severity = if doc.format.is_wrangler() {
        Severity::Warning
    } else {
        RULE.severity
    };
    for issue in doc.issues.iter().filter(|i| i.kind == IssueKind::UnknownKey) {
        let finding = RULE
            .finding(ctx.path(), issue.span, issue.message.clone())
            .with_severity(severity);
        ctx.push(finding);
    }
}
