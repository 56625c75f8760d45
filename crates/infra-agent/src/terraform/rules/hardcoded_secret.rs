//! TF005 `hardcoded-secret`: a literal password, token or key in a resource, module, local or
//! variable default.

use hcl::edit::structure::Block;

use crate::terraform::Ctx;
use crate::terraform::model::{Module, attr, label, str_value, visit_assignments};
use crate::terraform::text::plaintext_secret;

declare_rule! {
    code: "TF005",
    name: "hardcoded-secret",
    severity: Error,
    summary: "A secret (password, token, key) is written as a literal in the configuration.",
    help: "Pass it in a `sensitive` variable without default, generate it (`random_password`), or let the service manage it (`manage_master_user_password`); prefer write-only arguments (`*_wo`) so it stays out of the state.",
    references: ["cwe:CWE-798"],
    doc: r#"## What it does
Checks resources, data sources, modules, locals and outputs for secret-sounding arguments
(`password`, `master_password`, `auth_token`, `secret_string`, `api_key`, ...) assigned a
literal string, for any literal shaped like a well-known credential (cloud keys, tokens,
private key blocks, passwords inside connection URLs), for the literal `value` of an
`aws_ssm_parameter` of type `SecureString`, and for a literal `default` of a variable whose
name is secret-sounding. Provider blocks are `provider-hardcoded-credentials`' business.

## Why is this bad?
A literal secret is readable by everyone with access to the repository, its forks, its
history and the CI logs, and it cannot be rotated without a commit. It also ends up in plan
output and in the state file in plain text.

## Example
```hcl
resource "aws_db_instance" "main" {
  engine            = "postgres"
  instance_class    = "db.t4g.micro"
  username          = "app"
  password          = "Sup3rS3cret!"
  storage_encrypted = true
}
```

Use instead:
```hcl
resource "aws_db_instance" "main" {
  engine                      = "postgres"
  instance_class              = "db.t4g.micro"
  username                    = "app"
  manage_master_user_password = true
  storage_encrypted           = true
}
```

## References
- [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
- [Terraform: sensitive data in state](https://developer.hashicorp.com/terraform/language/state/sensitive-data)
- [Terraform: write-only arguments](https://developer.hashicorp.com/terraform/language/resources/ephemeral#write-only-arguments)
"#,
}

/// Report literal secrets outside provider and terraform blocks.
pub(crate) fn check(module: &Module<'_>, ctx: &mut Ctx<'_>) {
    for block in module.body.blocks() {
        match block.ident.as_str() {
            "provider" | "terraform" => {}
            "variable" => check_variable(module, ctx, block),
            _ => check_block(module, ctx, block),
        }
    }
}

fn check_block(module: &Module<'_>, ctx: &mut Ctx<'_>, block: &Block) {
    visit_assignments(&block.body, &mut |key, value| {
        let Some(text) = str_value(value) else {
            return;
        };
        if let Some(what) = plaintext_secret(key, &text) {
            ctx.report(&RULE, module.span(value), format!("`{key}` holds {what}"));
        }
    });
    if label(block, 0) == Some("aws_ssm_parameter")
        && attr(&block.body, "type")
            .and_then(|t| str_value(&t.value))
            .is_some_and(|t| t == "SecureString")
        && let Some(value) = attr(&block.body, "value")
        && let Some(text) = str_value(&value.value)
        && !text.trim().is_empty()
        && plaintext_secret("value", &text).is_none()
    {
        ctx.report(
            &RULE,
            module.span(&value.value),
            "the `SecureString` parameter's `value` is a literal: the secret is in the configuration",
        );
    }
}

fn check_variable(module: &Module<'_>, ctx: &mut Ctx<'_>, block: &Block) {
    let name = label(block, 0).unwrap_or("");
    let Some(default) = attr(&block.body, "default") else {
        return;
    };
    if let Some(text) = str_value(&default.value) {
        if let Some(what) = plaintext_secret(name, &text) {
            ctx.report(
                &RULE,
                module.span(&default.value),
                format!("the default of variable `{name}` is {what}"),
            );
        }
        return;
    }
    // An object or list default: look inside for secret-sounding keys.
    check_block(module, ctx, block);
}
