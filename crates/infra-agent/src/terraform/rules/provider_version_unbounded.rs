//! TF003 `provider-version-unbounded`: a provider constraint with no upper bound (`>= 5.0`).

use hcl::edit::expr::Expression;

use crate::terraform::Ctx;
use crate::terraform::model::{Module, object_get, str_value};

declare_rule! {
    code: "TF003",
    name: "provider-version-unbounded",
    severity: Warning,
    summary: "A provider version constraint has only lower bounds, so any future major release matches.",
    help: "Use the pessimistic operator (`~> 6.0` allows 6.x) or add an upper bound (`>= 6.0, < 7.0`).",
    references: ["tflint:terraform_required_providers"],
    doc: r#"## What it does
Checks the `version` of every `required_providers` entry for an upper bound: a constraint made
only of `>=`, `>` or `!=` parts is reported. `~>`, `<`, `<=` and an exact version bound it.

`required_version` (the Terraform CLI itself) is not checked: a lower bound alone is the
documented practice there, since Terraform keeps compatibility within major version 1.

## Why is this bad?
`>= 5.0` accepts 6.0, 7.0 and every later major release. Providers make breaking changes in
major releases (removed arguments, new defaults, resources split in two), so
`terraform init -upgrade`, or a first `init` without a lock file, can pull a release that
breaks the configuration.

## Example
```hcl
terraform {
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = ">= 6.0"
    }
  }
}
```

Use instead:
```hcl
terraform {
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 7.0"
    }
  }
}
```

## References
- [Terraform: version constraints](https://developer.hashicorp.com/terraform/language/expressions/version-constraints)
- [tflint terraform_required_providers](https://github.com/terraform-linters/tflint-ruleset-terraform/blob/main/docs/rules/terraform_required_providers.md)
"#,
}

/// Whether a constraint string (`">= 1.2, < 2.0"`) bounds versions from above. An empty or
/// unreadable constraint counts as bounded: other rules deal with it.
pub(crate) fn has_upper_bound(constraint: &str) -> bool {
    let parts: Vec<&str> = constraint
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        return true;
    }
    parts.iter().any(|part| {
        !(part.starts_with(">=") || part.starts_with('>') || part.starts_with("!="))
    })
}

/// Report provider constraints without an upper bound.
pub(crate) fn check(module: &Module<'_>, ctx: &mut Ctx<'_>) {
    for terraform in module.blocks("terraform") {
        for providers in terraform.body.get_blocks("required_providers") {
            for entry in providers.body.attributes() {
                let version = match &entry.value {
                    Expression::Object(_) => object_get(&entry.value, "version"),
                    other => Some(other),
                };
                let Some(version) = version else {
                    continue;
                };
                let Some(constraint) = str_value(version) else {
                    continue;
                };
                if has_upper_bound(&constraint) {
                    continue;
                }
                ctx.report(
                    &RULE,
                    module.span(version),
                    format!(
                        "provider `{}` accepts any release from `{}` on, including future major versions",
                        entry.key.as_str(),
                        constraint.trim()
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::has_upper_bound;

    #[test]
    fn bounds() {
        for bounded in ["~> 6.0", ">= 6.0, < 7.0", "6.1.0", "= 6.1.0", "<= 6", ""] {
            assert!(has_upper_bound(bounded), "{bounded}");
        }
        for open in [">= 6.0", "> 5", ">= 5.0, != 5.3.0"] {
            assert!(!has_upper_bound(open), "{open}");
        }
    }
}
