//! TF001 `missing-required-version`: a `terraform` block without `required_version`.

use crate::terraform::Ctx;
use crate::terraform::model::{Module, attr};

declare_rule! {
    code: "TF001",
    name: "missing-required-version",
    severity: Warning,
    summary: "The `terraform` block does not constrain the Terraform CLI version.",
    help: "Add `required_version = \">= 1.11.0, < 2.0.0\"` (or the range you test with) to the `terraform` block.",
    references: ["tflint:terraform_required_version"],
    doc: r#"## What it does
Checks that a `terraform` block sets `required_version`. The checker reads one file at a time,
so it reports the file that holds the `terraform` block (by convention `versions.tf`); a
file without a `terraform` block is never reported.

## Why is this bad?
Without a version constraint, any Terraform release runs the configuration: a newer major
release may change behaviour or upgrade the state format so that older releases (a
teammate's, the CI runner's) can no longer read it, and a release that is too old fails on
syntax it does not know with a confusing error.

## Example
```hcl
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
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
- [tflint terraform_required_version](https://github.com/terraform-linters/tflint-ruleset-terraform/blob/main/docs/rules/terraform_required_version.md)
- [Terraform settings: required_version](https://developer.hashicorp.com/terraform/language/terraform#terraform-required_version)
"#,
}

/// Report `terraform` blocks without `required_version`.
pub(crate) fn check(module: &Module<'_>, ctx: &mut Ctx<'_>) {
    for block in module.blocks("terraform") {
        if attr(&block.body, "required_version").is_some() {
            continue;
        }
        ctx.report(
            &RULE,
            module.span(&block.ident),
            "the `terraform` block has no `required_version`: any Terraform release may run this configuration",
        );
    }
}
