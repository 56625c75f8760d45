//! TF006 `s3-bucket-public-acl`: an S3 bucket ACL that grants the world read (or write) access.

use crate::terraform::Ctx;
use crate::terraform::model::{Module, attr, str_value};

declare_rule! {
    code: "TF006",
    name: "s3-bucket-public-acl",
    severity: Error,
    summary: "An S3 bucket has the canned ACL `public-read` or `public-read-write`.",
    help: "Remove the ACL (buckets are private and ACLs disabled by default); serve public content through CloudFront with an origin access control.",
    references: ["checkov:CKV_AWS_20"],
    doc: r#"## What it does
Checks the `acl` of `aws_s3_bucket` (the argument AWS provider v4 deprecated) and of
`aws_s3_bucket_acl` for the canned ACLs `public-read` and `public-read-write`.

## Why is this bad?
`public-read` lets anyone on the internet list and download every object of the bucket;
`public-read-write` also lets anyone upload, overwrite and delete them. Public buckets are
a leading cause of data leaks, and a writable one gets filled with malware or a bill.

## Example
```hcl
resource "aws_s3_bucket_acl" "assets" {
  bucket = aws_s3_bucket.assets.id
  acl    = "public-read"
}
```

Use instead:
```hcl
resource "aws_s3_bucket_public_access_block" "assets" {
  bucket                  = aws_s3_bucket.assets.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
```

## References
- [checkov CKV_AWS_20](https://www.checkov.io/5.Policy%20Index/terraform.html)
- [Amazon S3: blocking public access](https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html)
- [Amazon S3: canned ACLs](https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl)
"#,
}

/// Report public canned ACLs on S3 buckets.
pub(crate) fn check(module: &Module<'_>, ctx: &mut Ctx<'_>) {
    for ty in ["aws_s3_bucket", "aws_s3_bucket_acl"] {
        for (block, name) in module.resources(ty) {
            let Some(acl) = attr(&block.body, "acl") else {
                continue;
            };
            let Some(value) = str_value(&acl.value) else {
                continue;
            };
            let access = match value.as_ref() {
                "public-read" => "read",
                "public-read-write" => "read and write",
                _ => continue,
            };
            ctx.report(
                &RULE,
                module.span(&acl.value),
                format!("`{ty}.{name}` gives everyone on the internet {access} access (`acl = \"{value}\"`)"),
            );
        }
    }
}
