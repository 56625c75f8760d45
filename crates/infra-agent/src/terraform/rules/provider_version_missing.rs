//! TF002 `provider-version-missing`: a `required_providers` entry without a version constraint.

use hcl::edit::expr::Expression;

use crate::terraform::Ctx;
use crate::terraform::model::{Module, object_get};

declare_rule! {
    code: "TF002",
    name: "provider-version-missing",
    severity: Warning,
    summary: "A provider in `required_providers` has no `version` constraint.",
    help: "Add `version = \"~> X.Y\"` next to `source`, and commit `.terraform.lock.hcl`.",
    references: ["tflint:terraform_required_providers"],
    doc: r#"## What it does
Checks every entry of `terraform { required_providers { ... } }` for a `version` constraint.

## Why is this bad?
Without a constraint, `terraform init` installs the newest release of the provider. A new
major release of a provider routinely removes arguments and changes defaults, so the same
configuration plans differently, or fails, from one day to the next and from one machine to
another. The dependency lock file pins the exact build, but only once it exists and is
committed; the constraint says which upgrades `terraform init -upgrade` may take.

## Example
```hcl
terraform {
  required_version = ">= 1.11.0, < 2.0.0"
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}
```

Use instead:
```hcl
terraform {
  required_version = ">= 1.11.0, < 2.0.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }
}
```

## References
- [tflint terraform_required_providers](https://github.com/terraform-linters/tflint-ruleset-terraform/blob/main/docs/rules/terraform_required_providers.md)
- [Terraform: provider requirements](https://developer.hashicorp.com/terraform/language/providers/requirements)
"#,
}

/// Report `required_providers` entries that have no version constraint.
pub(crate) fn check(module: &Module<'_>, ctx: &mut Ctx<'_>) {
    for terraform in module.blocks("terraform") {
        for providers in terraform.body.get_blocks("required_providers") {
            for entry in providers.body.attributes() {
                // `aws = "~> 5.0"` is the pre-0.13 shorthand: the string is the constraint.
                if !matches!(entry.value, Expression::Object(_))
                    || object_get(&entry.value, "version").is_some()
                {
                    continue;
                }
                ctx.report(
                    &RULE,
                    module.span(&entry.key),
                    format!(
                        "provider `{}` has no version constraint: `terraform init` installs its newest release",
                        entry.key.as_str()
                    ),
                );
            }
        }
    }
}
