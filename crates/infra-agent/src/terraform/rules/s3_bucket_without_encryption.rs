//! TF010 `s3-bucket-without-encryption`: an S3 bucket with no server-side encryption
//! configuration in the same file.

use crate::terraform::Ctx;
use crate::terraform::model::{Module, attr, references, str_value};

declare_rule! {
    code: "TF010",
    name: "s3-bucket-without-encryption",
    severity: Warning,
    summary: "An S3 bucket has no server-side encryption configuration.",
    help: "Add an `aws_s3_bucket_server_side_encryption_configuration` for the bucket (SSE-KMS with `bucket_key_enabled = true`).",
    references: ["checkov:CKV_AWS_19"],
    doc: r#"## What it does
Checks that every `aws_s3_bucket` of the file is covered by server-side encryption: an
`aws_s3_bucket_server_side_encryption_configuration` in the same file whose `bucket` refers
to it (`aws_s3_bucket.<name>.id`, or the same literal name), or the inline
`server_side_encryption_configuration` block of AWS provider v3. A configuration whose
`bucket` is computed some other way (a variable) is assumed to cover the file's buckets.

## Why is this bad?
Since January 2023 S3 encrypts new objects with S3-managed keys (SSE-S3) when nothing else is
configured, so the data is not stored in the clear. Leaving the choice implicit still means
the bucket uses keys nobody controls: no key policy limits who can decrypt, no CloudTrail
record of each decryption, no way to revoke access by disabling the key. An explicit
configuration with SSE-KMS states the intent, makes the key part of the access model and,
with bucket keys, keeps the KMS cost low.

## Example
```hcl
resource "aws_s3_bucket" "artifacts" {
  bucket = "example-artifacts"
}
```

Use instead:
```hcl
resource "aws_s3_bucket" "artifacts" {
  bucket = "example-artifacts"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.artifacts.arn
    }
    bucket_key_enabled = true
  }
}
```

## References
- [checkov CKV_AWS_19](https://www.checkov.io/5.Policy%20Index/terraform.html)
- [Amazon S3 default encryption](https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html)
- [Reducing the cost of SSE-KMS with S3 Bucket Keys](https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html)
"#,
}

/// What the encryption configurations of a file apply to.
enum Covered<'m> {
    /// A configuration targets a bucket this file cannot resolve: assume every bucket.
    Everything,
    /// Buckets by resource name and by literal bucket name.
    Some {
        names: Vec<&'m str>,
        literals: Vec<String>,
    },
}

fn covered<'m>(module: &'m Module<'_>) -> Covered<'m> {
    let mut names = Vec::new();
    let mut literals = Vec::new();
    for (config, _) in module.resources("aws_s3_bucket_server_side_encryption_configuration") {
        let Some(bucket) = attr(&config.body, "bucket") else {
            continue;
        };
        if let Some(literal) = str_value(&bucket.value) {
            literals.push(literal.into_owned());
            continue;
        }
        let targets: Vec<&str> = references(&bucket.value)
            .into_iter()
            .filter(|(root, _)| *root == "aws_s3_bucket")
            .map(|(_, name)| name)
            .collect();
        if targets.is_empty() {
            return Covered::Everything;
        }
        names.extend(targets);
    }
    Covered::Some { names, literals }
}

/// Report buckets without an encryption configuration.
pub(crate) fn check(module: &Module<'_>, ctx: &mut Ctx<'_>) {
    let Covered::Some { names, literals } = covered(module) else {
        return;
    };
    for (bucket, name) in module.resources("aws_s3_bucket") {
        if names.contains(&name)
            || bucket.body.has_blocks("server_side_encryption_configuration")
            || attr(&bucket.body, "bucket")
                .and_then(|b| str_value(&b.value))
                .is_some_and(|b| literals.iter().any(|l| *l == b))
        {
            continue;
        }
        ctx.report(
            &RULE,
            module.header_span(bucket),
            format!("`aws_s3_bucket.{name}` has no server-side encryption configuration in this file"),
        );
    }
}
