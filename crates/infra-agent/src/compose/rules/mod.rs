//! The compose rules: one file per rule, each with its `RULE` description (whose `doc` is
//! the user documentation, in ruff's sections) and a `check` function.
//!
//! Codes are stable: a new rule takes the next free code, a retired code is never reused.

use squad_core::findings::{Rule, Span};

use super::context::Ctx;
use crate::yaml::{Node, Value};

/// Declare a rule's `RULE` static with this family's kind (see `squad_core::declare_rule!`).
macro_rules! declare_rule {
    ($($field:tt)*) => {
        squad_core::declare_rule!(kinds: ["compose"], $($field)*);
    };
}

/// A rule's check.
pub(crate) type CheckFn = fn(&mut Ctx<'_>);

macro_rules! register {
    ($($rule:ident),* $(,)?) => {
        $(pub(crate) mod $rule;)*

        /// Every rule, in code order.
        pub(crate) static RULES: &[&Rule] = &[$(&$rule::RULE),*];

        /// Every rule's check, in the order of `RULES`.
        pub(crate) static CHECKS: &[CheckFn] = &[$($rule::check),*];
    };
}

/// A span from the start of `from` to the end of `to` (a key and its value).
pub(crate) fn span_between(from: Span, to: Span) -> Span {
    Span::new(from.line, from.column, to.end_line, to.end_column)
}

/// Whether a scalar is a true boolean as compose casts it (`true`, `yes`, `on`).
pub(crate) fn is_truthy(node: &Node) -> bool {
    match &node.value {
        Value::Scalar { text, .. } => matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "yes" | "on" | "y"
        ),
        _ => false,
    }
}

/// Where to point for a node: a scalar itself, a mapping by its first key, a list by its
/// first line.
pub(crate) fn node_span(node: &Node) -> Span {
    match &node.value {
        Value::Scalar { .. } => node.span,
        Value::Map(entries) => match entries.first() {
            Some((key, _)) => key.span,
            None => super::validate::first_line(node.span),
        },
        Value::Seq(_) => super::validate::first_line(node.span),
    }
}

/// Where to point for a port entry: a short-syntax entry itself; in long syntax, the field
/// `prefer` names when present (`published`, `target`), else the entry's first key.
pub(crate) fn port_span(node: &Node, prefer: &[&str]) -> Span {
    prefer
        .iter()
        .find_map(|field| node.as_map().and(node.get(field)))
        .map_or_else(|| node_span(node), |value| value.span)
}

register! {
    syntax_error,
    unknown_key,
    wrong_type,
    duplicate_key,
    obsolete_version_key,
    invalid_duration,
    invalid_value,
    undeclared_service,
    undeclared_network,
    undeclared_volume,
    undeclared_secret,
    undeclared_config,
    missing_image_and_build,
    invalid_port,
    duplicate_host_port,
    service_image_untagged,
    service_image_tag_latest,
    privileged_container,
    host_network_mode,
    docker_socket_mount,
    plaintext_secret_in_environment,
    healthy_condition_without_healthcheck,
    depends_on_cycle,
    duplicate_container_name,
    host_namespace_shared,
}

/// Report each reference in `references` (service name, referenced name) to something the
/// top-level `section` does not declare; `implicit` names need no declaration.
pub(crate) fn report_undeclared(
    ctx: &mut Ctx<'_>,
    rule: &'static Rule,
    section: &str,
    declared: &[super::model::Name<'_>],
    implicit: &[&str],
    references: Vec<(&str, super::model::Name<'_>)>,
) {
    let names: Vec<&str> = declared.iter().map(|d| d.name).collect();
    let singular = section.strip_suffix('s').unwrap_or(section);
    for (service, reference) in references {
        if names.contains(&reference.name) || implicit.contains(&reference.name) {
            continue;
        }
        let mut message = format!(
            "service `{service}` uses the {singular} `{}`, which is not declared under the top-level `{section}`",
            reference.name
        );
        if let Some(close) = super::text::did_you_mean(reference.name, &names) {
            message.push_str(&format!(": did you mean `{close}`?"));
        }
        ctx.report(rule, reference.span, message);
    }
}

/// An image reference, read for its tag and digest (interpolations masked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ImageRef {
    /// The tag, when there is one (`VAR` when it is interpolated).
    pub(crate) tag: Option<String>,
    /// Whether the image is pinned by digest (`@sha256:...`).
    pub(crate) digest: bool,
    /// Whether the last path component (the name) comes from interpolation, so that the
    /// tag may hide inside the variable (`image: ${APP_IMAGE}`).
    pub(crate) name_interpolated: bool,
}

/// Read an image reference: `[registry[:port]/]path/name[:tag][@digest]`.
pub(crate) fn image_ref(text: &str) -> ImageRef {
    let masked = super::text::mask_interpolations(text.trim());
    let (name, digest) = match masked.split_once('@') {
        Some((name, _)) => (name, true),
        None => (masked.as_str(), false),
    };
    let last = name.rsplit('/').next().unwrap_or(name);
    let (base, tag) = match last.split_once(':') {
        Some((base, tag)) => (base, Some(tag.to_string())),
        None => (last, None),
    };
    ImageRef {
        tag,
        digest,
        name_interpolated: base.contains("VAR") && super::text::has_interpolation(text),
    }
}

/// The services that pull an image (`image` without `build`), with the image node.
pub(crate) fn pulled_images<'p>(
    project: &'p super::model::Project<'p>,
) -> impl Iterator<Item = (&'p super::model::Service<'p>, &'p Node)> {
    project.services.iter().filter_map(|s| {
        if s.get("build").is_some() {
            return None;
        }
        let image = s.get("image")?;
        image.as_str().map(|_| (s, image))
    })
}
