//! TF011 `gcs-bucket-uniform-access-disabled`: a Cloud Storage bucket with per-object ACLs.

use crate::terraform::Ctx;
use crate::terraform::model::{Module, attr, bool_value};

declare_rule! {
    code: "TF011",
    name: "gcs-bucket-uniform-access-disabled",
    severity: Warning,
    summary: "A Cloud Storage bucket does not enable uniform bucket-level access.",
    help: "Set `uniform_bucket_level_access = true` (and `public_access_prevention = \"enforced\"` for a private bucket).",
    references: ["checkov:CKV_GCP_29"],
    doc: r#"## What it does
Checks `google_storage_bucket` resources for `uniform_bucket_level_access = true`; a bucket
that sets it to `false` or leaves it out is reported.

## Why is this bad?
Without uniform bucket-level access, every object carries its own ACL in addition to the
bucket's IAM policy. Access then depends on two systems at once: one object uploaded with a
`publicRead` ACL is public even though the bucket's IAM policy is private, and auditing who
can read what means inspecting every object.

## Example
```hcl
resource "google_storage_bucket" "artifacts" {
  name     = "example-artifacts"
  location = "EU"
}
```

Use instead:
```hcl
resource "google_storage_bucket" "artifacts" {
  name                        = "example-artifacts"
  location                    = "EU"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
}
```

## References
- [checkov CKV_GCP_29](https://www.checkov.io/5.Policy%20Index/terraform.html)
- [Cloud Storage: uniform bucket-level access](https://cloud.google.com/storage/docs/uniform-bucket-level-access)
"#,
}

/// Report buckets without uniform bucket-level access.
pub(crate) fn check(module: &Module<'_>, ctx: &mut Ctx<'_>) {
    for (block, name) in module.resources("google_storage_bucket") {
        match attr(&block.body, "uniform_bucket_level_access") {
            Some(uniform) if bool_value(&uniform.value) == Some(false) => ctx.report(
                &RULE,
                module.span(&uniform.value),
                format!("`google_storage_bucket.{name}` disables uniform bucket-level access: object ACLs can grant access the IAM policy does not show"),
            ),
            Some(_) => {}
            None => ctx.report(
                &RULE,
                module.header_span(block),
                format!("`google_storage_bucket.{name}` does not set `uniform_bucket_level_access = true`"),
            ),
        }
    }
}
