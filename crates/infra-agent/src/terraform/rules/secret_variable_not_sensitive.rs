//! TF012 `secret-variable-not-sensitive`: a variable that holds a secret is not `sensitive`.

use crate::terraform::Ctx;
use crate::terraform::model::{Module, attr, bool_value, label};
use crate::terraform::text::is_secret_name;

declare_rule! {
    code: "TF012",
    name: "secret-variable-not-sensitive",
    severity: Warning,
    summary: "A variable whose name says it holds a secret is not marked `sensitive = true`.",
    help: "Add `sensitive = true` (and `ephemeral = true` when it only feeds write-only arguments); give it no default.",
    references: ["cwe:CWE-532"],
    doc: r#"## What it does
Checks `variable` blocks whose name is secret-sounding (`db_password`, `api_token`,
`client_secret`, `signing_key`, ...) for `sensitive = true`.

## Why is this bad?
Terraform prints variable values, and every value derived from them, in `plan` and `apply`
output, which CI systems keep in their logs. Marking the variable sensitive redacts it from
that output and makes Terraform refuse to show it in an output value that is not sensitive
too. (It is still written to the state: use write-only arguments and `ephemeral = true` to
keep it out of the state as well.)

## Example
```hcl
variable "db_password" {
  type = string
}
```

Use instead:
```hcl
variable "db_password" {
  type      = string
  sensitive = true
}
```

## References
- [CWE-532: Insertion of Sensitive Information into Log File](https://cwe.mitre.org/data/definitions/532.html)
- [Terraform: suppressing values in CLI output](https://developer.hashicorp.com/terraform/language/values/variables#suppressing-values-in-cli-output)
"#,
}

/// Report secret-sounding variables that are not sensitive.
pub(crate) fn check(module: &Module<'_>, ctx: &mut Ctx<'_>) {
    for block in module.blocks("variable") {
        let Some(name) = label(block, 0) else {
            continue;
        };
        if !is_secret_name(name) {
            continue;
        }
        let sensitive = attr(&block.body, "sensitive");
        // `sensitive = var.x` is not allowed by Terraform; anything but a literal `true` is reported.
        if sensitive.is_some_and(|s| bool_value(&s.value) == Some(true)) {
            continue;
        }
        let span = match sensitive {
            Some(s) => module.span(&s.value),
            None => block
                .labels
                .first()
                .map_or_else(|| module.span(&block.ident), |l| module.span(l)),
        };
        ctx.report(
            &RULE,
            span,
            format!("variable `{name}` holds a secret but is not `sensitive = true`: plan output shows its value"),
        );
    }
}
