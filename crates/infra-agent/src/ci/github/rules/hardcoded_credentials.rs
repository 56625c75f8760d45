//! GA022 `hardcoded-credentials`: a password, token or key written in the workflow.

use crate::ci::common::{Ctx, is_credential_name, is_literal_secret};
use crate::ci::github::model::Workflow;
use crate::ci::github::rules::env_and_inputs;

declare_rule! {
    code: "GA022",
    name: "hardcoded-credentials",
    severity: Error,
    summary: "A password, token or API key is written as a literal in `env`, `with` or `credentials`.",
    help: "Store it as an encrypted secret and reference it: `${{ secrets.NAME }}`; better, use OIDC (`id-token: write`) and no long-lived secret at all.",
    references: ["actionlint:credentials", "cwe:CWE-798"],
    doc: r#"## What it does
Reports a literal value given to a variable or input whose name says it holds a credential
(its last word is `password`, `passwd`, `pwd`, `secret`, `token`, `apikey`, `passphrase`,
`pat`, or it ends with `api key`, `access key`, `secret key`, `private key`) in the
workflow's, a job's or a step's `env`, a step's or a reusable-workflow call's `with`, a job
container's `env`, and container and service `credentials`. Values that are expressions
(`${{ secrets.X }}`) or shell variables (`$X`) are fine. The `env` of `services` containers
is not checked: it configures a throwaway database for the job, not an account of yours.

## Why is this bad?
Everyone who can read the repository, its forks and its history can read the credential,
and the workflow logs cannot mask a value GitHub does not know is secret.

## Example
```yaml
steps:
  - run: ./publish.sh
    env:
      NPM_TOKEN: npm_EXAMPLE0000000000000000000000000
```

Use instead:
```yaml
steps:
  - run: ./publish.sh
    env:
      NPM_TOKEN: ${{ secrets.NPM_TOKEN }}
```

## References
- [Using secrets in GitHub Actions](https://docs.github.com/actions/security-guides/using-secrets-in-github-actions)
- [actionlint: credentials](https://github.com/rhysd/actionlint/blob/main/docs/checks.md)
- [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
"#,
}

/// Report literal credentials.
pub(crate) fn check(wf: &Workflow<'_>, ctx: &mut Ctx<'_>) {
    for (place, entries) in env_and_inputs(wf) {
        for (key, value) in entries {
            let Some(name) = key.as_str() else { continue };
            if is_credential_name(name) && is_literal_secret(value) {
                ctx.report(
                    &RULE,
                    value.span,
                    format!("`{name}` in {place} is a hardcoded credential"),
                );
            }
        }
    }
}
