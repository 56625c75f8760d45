//! TF009 `rds-storage-unencrypted`: an `aws_db_instance` without `storage_encrypted = true`.

use crate::terraform::Ctx;
use crate::terraform::model::{Module, attr, bool_value, str_value};

declare_rule! {
    code: "TF009",
    name: "rds-storage-unencrypted",
    severity: Warning,
    summary: "An RDS database instance does not encrypt its storage.",
    help: "Set `storage_encrypted = true` (and `kms_key_id` for a customer-managed key) when creating the instance.",
    references: ["checkov:CKV_AWS_16"],
    doc: r#"## What it does
Checks `aws_db_instance` resources for `storage_encrypted = true`. Read replicas
(`replicate_source_db`) inherit the source's encryption and Aurora instances
(`engine = "aurora-..."`) take it from their cluster, so they are not reported when they
omit the argument.

## Why is this bad?
Without it, the database files, automated backups, snapshots and logs are stored
unencrypted. Encryption can only be chosen when the instance is created: turning it on later
means restoring an encrypted copy of a snapshot into a new instance, with downtime.

## Example
```hcl
resource "aws_db_instance" "main" {
  engine                      = "postgres"
  instance_class              = "db.t4g.micro"
  allocated_storage           = 20
  username                    = "app"
  manage_master_user_password = true
}
```

Use instead:
```hcl
resource "aws_db_instance" "main" {
  engine                      = "postgres"
  instance_class              = "db.t4g.micro"
  allocated_storage           = 20
  username                    = "app"
  manage_master_user_password = true
  storage_encrypted           = true
}
```

## References
- [checkov CKV_AWS_16](https://www.checkov.io/5.Policy%20Index/terraform.html)
- [Encrypting Amazon RDS resources](https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html)
"#,
}

/// Report RDS instances with unencrypted storage.
pub(crate) fn check(module: &Module<'_>, ctx: &mut Ctx<'_>) {
    for (block, name) in module.resources("aws_db_instance") {
        match attr(&block.body, "storage_encrypted") {
            Some(encrypted) if bool_value(&encrypted.value) == Some(false) => ctx.report(
                &RULE,
                module.span(&encrypted.value),
                format!("`aws_db_instance.{name}` sets `storage_encrypted = false`: data, backups and snapshots are unencrypted"),
            ),
            Some(_) => {}
            None => {
                let replica = attr(&block.body, "replicate_source_db").is_some();
                let aurora = attr(&block.body, "engine")
                    .and_then(|e| str_value(&e.value))
                    .is_some_and(|e| e.starts_with("aurora"));
                if !replica && !aurora {
                    ctx.report(
                        &RULE,
                        module.header_span(block),
                        format!("`aws_db_instance.{name}` does not set `storage_encrypted = true`"),
                    );
                }
            }
        }
    }
}
