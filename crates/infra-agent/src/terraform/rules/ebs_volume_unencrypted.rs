//! TF008 `ebs-volume-unencrypted`: an `aws_ebs_volume` without `encrypted = true`.

use crate::terraform::Ctx;
use crate::terraform::model::{Module, attr, bool_value};

declare_rule! {
    code: "TF008",
    name: "ebs-volume-unencrypted",
    severity: Warning,
    summary: "An EBS volume is not encrypted at rest.",
    help: "Set `encrypted = true` (and `kms_key_id` for a customer-managed key), or enable `aws_ebs_encryption_by_default`.",
    references: ["checkov:CKV_AWS_3"],
    doc: r#"## What it does
Checks `aws_ebs_volume` resources for `encrypted = true`. A volume that sets
`encrypted = false` is always reported; one that omits `encrypted` is not reported when the
same file enables `aws_ebs_encryption_by_default`, which encrypts every new volume of the
region.

## Why is this bad?
An unencrypted volume, and every snapshot taken from it, stores its data in the clear: a
snapshot shared by mistake, or copied to another account, exposes everything on it.
Encryption at rest with KMS costs nothing in performance for current instance types and is
required by most compliance frameworks. It cannot be turned on for an existing volume without
copying it.

## Example
```hcl
resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 100
}
```

Use instead:
```hcl
resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 100
  encrypted         = true
}
```

## References
- [checkov CKV_AWS_3](https://www.checkov.io/5.Policy%20Index/terraform.html)
- [Amazon EBS encryption](https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html)
"#,
}

/// Report EBS volumes that are not encrypted.
pub(crate) fn check(module: &Module<'_>, ctx: &mut Ctx<'_>) {
    let by_default = module
        .resources("aws_ebs_encryption_by_default")
        .any(|(b, _)| attr(&b.body, "enabled").is_none_or(|a| bool_value(&a.value) != Some(false)));
    for (block, name) in module.resources("aws_ebs_volume") {
        match attr(&block.body, "encrypted") {
            Some(encrypted) if bool_value(&encrypted.value) == Some(false) => ctx.report(
                &RULE,
                module.span(&encrypted.value),
                format!("`aws_ebs_volume.{name}` sets `encrypted = false`: its data and snapshots are stored unencrypted"),
            ),
            None if !by_default => ctx.report(
                &RULE,
                module.header_span(block),
                format!("`aws_ebs_volume.{name}` does not set `encrypted = true`"),
            ),
            _ => {}
        }
    }
}
