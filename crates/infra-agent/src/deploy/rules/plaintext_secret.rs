//! DP004 `plaintext-secret`: a secret written as a literal environment variable value.

use crate::deploy::{Ctx, Doc};
use crate::terraform::text::plaintext_secret;

declare_rule! {
    code: "DP004",
    name: "plaintext-secret",
    severity: Error,
    summary: "An environment variable in the configuration holds a secret in plain text.",
    help: "Keep secrets in the platform's secret store and reference them; the configuration is committed with the code.",
    references: ["cwe:CWE-798", "cwe:CWE-312"],
    doc: r#"## What it does
Checks the environment variables a deployment configuration defines — `env` and `build.env`
of `vercel.json`, `[vars]` of Wrangler (and of each `[env.<name>]`), `env_variables` and
`build_env_variables` of `app.yaml`, `build.env` and `run.env` of `apprunner.yaml` — for
literal secrets: a secret-sounding name (`API_KEY`, `DB_PASSWORD`, `JWT_SECRET`,
`STRIPE_SECRET_KEY`...) with a literal value, a URL with a password in it, or a value shaped
like a well-known credential. The finding's help names the platform's secret store.

## Why is this bad?
These files are committed with the code: every clone, fork, CI log and support bundle carries
the secret, and the Git history keeps it after it is removed. Each platform has a store that
injects secrets at runtime without them ever being in the repository: `vercel env`,
`wrangler secret put`, Secret Manager, Secrets Manager / SSM through `run.secrets`.

## Example
```toml
name = "api"
main = "src/index.ts"
compatibility_date = "2026-11-01"

[vars]
API_TOKEN = "tok_live_EXAMPLE"
```

Use instead:
```toml
name = "api"
main = "src/index.ts"
compatibility_date = "2026-11-01"

# npx wrangler secret put API_TOKEN
[vars]
LOG_LEVEL = "info"
```

## References
- [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
- [CWE-312: Cleartext Storage of Sensitive Information](https://cwe.mitre.org/data/definitions/312.html)
- [Cloudflare Workers: secrets](https://developers.cloudflare.com/workers/configuration/secrets/)
- [AWS App Runner: referencing secrets](https://docs.aws.amazon.com/apprunner/latest/dg/env-variable.html)
"#,
}

/// Report literal secrets among the environment variables.
pub(crate) fn check(doc: &Doc, ctx: &mut Ctx<'_>) {
    for secret in doc.format.secrets(&doc.root) {
        let Some(value) = secret.node.as_str() else {
            continue;
        };
        let Some(what) = plaintext_secret(&secret.name, value) else {
            continue;
        };
        let finding = RULE
            .finding(
                ctx.path(),
                secret.node.span,
                format!("`{}` is {what} in plain text in {}", secret.path, doc.format.file_name()),
            )
            .with_help(doc.format.secret_help(&secret.name));
        ctx.push(finding);
    }
}
