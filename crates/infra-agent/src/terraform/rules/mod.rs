//! The Terraform rules: one file per rule, each with its `RULE` description (whose `doc` is
//! the user documentation, in ruff's sections) and a `check` function.
//!
//! Codes are stable: a new rule takes the next free code, a retired code is never reused.

use squad_core::findings::Rule;

use super::Ctx;
use super::model::Module;

/// Declare a rule's `RULE` static with this family's kind (see `squad_core::declare_rule!`).
macro_rules! declare_rule {
    ($($field:tt)*) => {
        squad_core::declare_rule!(kinds: ["terraform"], $($field)*);
    };
}

/// A rule's check, run on a file that parsed.
pub(crate) type CheckFn = fn(&Module<'_>, &mut Ctx<'_>);

pub(crate) mod syntax_error;

macro_rules! register {
    ($($rule:ident),* $(,)?) => {
        $(pub(crate) mod $rule;)*

        /// Every rule, in code order.
        pub(crate) static RULES: &[&Rule] = &[&syntax_error::RULE, $(&$rule::RULE),*];

        /// The check of every rule but the syntax error, in the order of `RULES`.
        pub(crate) static CHECKS: &[CheckFn] = &[$($rule::check),*];
    };
}

register!(
    missing_required_version,
    provider_version_missing,
    provider_version_unbounded,
    provider_hardcoded_credentials,
    hardcoded_secret,
    s3_bucket_public_acl,
    admin_port_open_to_internet,
    ebs_volume_unencrypted,
    rds_storage_unencrypted,
    s3_bucket_without_encryption,
    gcs_bucket_uniform_access_disabled,
    secret_variable_not_sensitive,
);
