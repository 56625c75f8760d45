//! TF004 `provider-hardcoded-credentials`: credentials written into a `provider` block.

use crate::terraform::Ctx;
use crate::terraform::model::{Module, label, str_value, visit_assignments};
use crate::terraform::text::plaintext_secret;

declare_rule! {
    code: "TF004",
    name: "provider-hardcoded-credentials",
    severity: Error,
    summary: "A `provider` block holds a literal credential (access key, secret key, token, password).",
    help: "Remove it: let the provider read its credentials from the environment, a profile, OIDC or workload identity.",
    references: ["checkov:CKV_AWS_41", "cwe:CWE-798"],
    doc: r#"## What it does
Checks `provider` blocks (and the blocks nested in them, such as `assume_role`) for literal
credentials: `access_key`, `secret_key`, `token`, `password`, `client_secret`, `api_token`
and other secret-sounding arguments assigned a string, and any value shaped like a well-known
credential (an AWS access key id, a GitHub token, a private key block). A reference such as
`var.token` is not reported: `secret-variable-not-sensitive` covers the variable.

## Why is this bad?
The credential is now in the repository, in every clone and fork, in CI logs that print the
configuration, and in the Git history long after the line is deleted. Anyone who reads it
acts with the provider's permissions, usually broad ones. Rotating it breaks every checkout
that still has the old value.

## Example
```hcl
provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIA...EXAMPLE"
  secret_key = "wJalr...EXAMPLEKEY"
}
```

Use instead:
```hcl
# Credentials come from the environment (AWS_PROFILE, OIDC in CI, an instance role).
provider "aws" {
  region = "eu-west-1"
}
```

## References
- [checkov CKV_AWS_41](https://www.checkov.io/5.Policy%20Index/terraform.html)
- [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
- [AWS provider: authentication and configuration](https://registry.terraform.io/providers/hashicorp/aws/latest/docs#authentication-and-configuration)
"#,
}

/// Report literal credentials in provider blocks.
pub(crate) fn check(module: &Module<'_>, ctx: &mut Ctx<'_>) {
    for provider in module.blocks("provider") {
        let name = label(provider, 0).unwrap_or("?");
        visit_assignments(&provider.body, &mut |key, value| {
            let Some(text) = str_value(value) else {
                return;
            };
            // Google's `credentials` is usually a path to a key file; only its JSON content is a secret.
            let what = if key == "credentials" {
                text.contains("private_key")
                    .then(|| "a service account key".to_string())
            } else {
                plaintext_secret(key, &text)
            };
            if let Some(what) = what {
                ctx.report(
                    &RULE,
                    module.span(value),
                    format!("provider `{name}` has {what} in `{key}`"),
                );
            }
        });
    }
}
