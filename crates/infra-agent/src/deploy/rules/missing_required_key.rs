//! DP003 `missing-required-key`: a key the platform requires is absent.

use crate::deploy::schema::IssueKind;
use crate::deploy::{Ctx, Doc};

declare_rule! {
    code: "DP003",
    name: "missing-required-key",
    severity: Error,
    summary: "A key the platform requires is missing.",
    help: "Add the key the message names.",
    references: [],
    doc: r#"## What it does
Checks that the keys each platform requires are present:
- Wrangler: `name`, `compatibility_date`, and `main` unless the project only serves `assets`
  or is a Pages project (`pages_build_output_dir`);
- `app.yaml`: `runtime`, and `url` in every handler;
- `apprunner.yaml`: `version`, `runtime`, `build.commands.build` and `run.command`, and
  `name` with `value` (or `value-from`) in every environment variable or secret;
- `vercel.json`: the `source`, `destination`, `headers`, `path` or `schedule` of each route,
  header rule and cron job.

## Why is this bad?
The deployment fails, or, for Wrangler's `compatibility_date`, the Worker would run with
whatever behaviour the runtime's defaults give at upload time; Wrangler refuses to deploy
without it.

## Example
```toml
name = "api"
main = "src/index.ts"
```

Use instead:
```toml
name = "api"
main = "src/index.ts"
compatibility_date = "2026-11-01"
```

## References
- [Cloudflare: Wrangler configuration, required keys](https://developers.cloudflare.com/workers/wrangler/configuration/)
- [Google App Engine: app.yaml reference](https://cloud.google.com/appengine/docs/standard/reference/app-yaml)
- [AWS App Runner: configuration file reference](https://docs.aws.amazon.com/apprunner/latest/dg/config-file-ref.html)
"#,
}

/// Report the missing keys the schema walk found.
pub(crate) fn check(doc: &Doc, ctx: &mut Ctx<'_>) {
    for issue in doc.issues.iter().filter(|i| i.kind == IssueKind::MissingKey) {
        ctx.report(&RULE, issue.span, issue.message.clone());
    }
}
