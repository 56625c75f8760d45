//! DP000 `syntax-error`: the file is not valid JSON, TOML or YAML.

use squad_core::findings::Span;

use crate::deploy::{Ctx, SyntaxError};

declare_rule! {
    code: "DP000",
    name: "syntax-error",
    severity: Error,
    summary: "The deployment configuration is not valid JSON, TOML or YAML.",
    help: "Fix the syntax at the reported position; the platform's CLI refuses the file as it is.",
    references: [],
    doc: r#"## What it does
Reports a deployment configuration that does not parse, at the line and column where the
parser gave up: `vercel.json` as strict JSON (no comments, no trailing commas),
`wrangler.json`/`wrangler.jsonc` as JSON with comments, `wrangler.toml` as TOML, and
`app.yaml` / `apprunner.yaml` as YAML. No other rule runs on such a file.

## Why is this bad?
`vercel deploy`, `wrangler deploy`, `gcloud app deploy` and App Runner all stop at a file they
cannot read, often with a less precise message, after the build has already run.

## Example
```json
{
  "cleanUrls": true,
}
```

Use instead:
```json
{
  "cleanUrls": true
}
```

## References
- [RFC 8259: JSON](https://www.rfc-editor.org/rfc/rfc8259)
- [TOML v1.0.0](https://toml.io/en/v1.0.0)
- [YAML 1.2](https://yaml.org/spec/1.2.2/)
"#,
}

/// Report the one finding of a file that does not parse.
pub(crate) fn report(ctx: &mut Ctx<'_>, error: &SyntaxError) {
    let span = Span::new(error.line, error.column, error.line, error.column + 1);
    ctx.report(&RULE, span, error.message.clone());
}
