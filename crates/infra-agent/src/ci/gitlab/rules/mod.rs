//! The GitLab CI rules: one file per rule, each with its `RULE` description (whose `doc` is
//! the user documentation, in ruff's sections) and a `check` function.
//!
//! Codes are stable: a new rule takes the next free code, a retired code is never reused.

use squad_core::findings::Rule;

use super::model::Pipeline;
use crate::ci::common::Ctx;

/// Declare a rule's `RULE` static with this family's kind (see `squad_core::declare_rule!`).
macro_rules! declare_rule {
    ($($field:tt)*) => {
        squad_core::declare_rule!(kinds: [crate::ci::gitlab::KIND], $($field)*);
    };
}

/// A rule's check.
pub(crate) type CheckFn = fn(&Pipeline<'_>, &mut Ctx<'_>);

macro_rules! register {
    ($($rule:ident),* $(,)?) => {
        pub(crate) mod syntax_error;
        $(pub(crate) mod $rule;)*

        /// Every rule, in code order.
        pub(crate) static RULES: &[&Rule] = &[&syntax_error::RULE, $(&$rule::RULE),*];

        /// Every rule's check but the syntax error's (reported by the checker itself).
        pub(crate) static CHECKS: &[CheckFn] = &[$($rule::check),*];
    };
}

register!(
    unknown_keyword,
    wrong_type,
    duplicate_key,
    undeclared_stage,
    needs_unknown_job,
    rules_with_only_except,
    only_except_deprecated,
    extends_unknown_template,
    image_untagged,
    image_tag_latest,
    job_without_script,
    hardcoded_credentials,
);

/// The tag of an image reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ImageTag<'t> {
    /// Pinned by `@sha256:` digest.
    Digest,
    /// Built from CI/CD variables: cannot tell.
    Variable,
    /// `name:tag`.
    Tag(&'t str),
    /// No tag: Docker pulls `latest`.
    Untagged,
}

/// The tag of `reference` (`registry:5000/group/app:1.2` has tag `1.2`).
pub(crate) fn image_tag(reference: &str) -> ImageTag<'_> {
    let reference = reference.trim();
    if reference.contains('$') {
        return ImageTag::Variable;
    }
    if reference.contains('@') {
        return ImageTag::Digest;
    }
    let last = reference.rsplit('/').next().unwrap_or(reference);
    match last.split_once(':') {
        Some((_, tag)) if !tag.is_empty() => ImageTag::Tag(tag),
        _ => ImageTag::Untagged,
    }
}

/// Every image reference of the pipeline: global and `default` ones, then each job's.
pub(crate) fn all_images<'p>(p: &'p Pipeline<'_>) -> Vec<&'p crate::yaml::Node> {
    p.images
        .iter()
        .copied()
        .chain(p.jobs.iter().flat_map(|j| j.images.iter().copied()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_tags() {
        assert_eq!(image_tag("registry:5000/app"), ImageTag::Untagged);
        assert_eq!(image_tag("registry:5000/app:1.2"), ImageTag::Tag("1.2"));
        assert_eq!(image_tag("node"), ImageTag::Untagged);
        assert_eq!(image_tag("node@sha256:abc"), ImageTag::Digest);
        assert_eq!(
            image_tag("$CI_REGISTRY_IMAGE:$CI_COMMIT_SHA"),
            ImageTag::Variable
        );
    }
}
