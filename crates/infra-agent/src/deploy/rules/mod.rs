//! The deployment-configuration rules: one file per rule, each with its `RULE` description
//! (whose `doc` is the user documentation, in ruff's sections) and a `check` function.
//!
//! Codes are stable: a new rule takes the next free code, a retired code is never reused.

use squad_core::findings::Rule;

use super::{Ctx, Doc};

/// Declare a rule's `RULE` static with this family's kind (see `squad_core::declare_rule!`).
macro_rules! declare_rule {
    ($($field:tt)*) => {
        squad_core::declare_rule!(kinds: ["deploy"], $($field)*);
    };
}

/// A rule's check, run on a file that parsed.
pub(crate) type CheckFn = fn(&Doc, &mut Ctx<'_>);

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
    unknown_key,
    invalid_value,
    missing_required_key,
    plaintext_secret,
    handler_allows_http,
    missing_security_headers,
    retired_runtime,
);
