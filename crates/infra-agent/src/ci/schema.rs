//! The checks every typed CI model makes while it is built from the YAML tree: keys that the
//! format does not know (with "did you mean"), values of the wrong type, missing required keys.
//! The model builders record [`Issue`]s; a rule per issue kind reports them.

use std::collections::HashSet;
use std::fmt::Write as _;

use squad_core::findings::Span;

use super::common::{did_you_mean, suggestion_suffix};
use crate::yaml::{Node, Value};

/// The types a key accepts, as a set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ty(u8);

impl Ty {
    /// Any non-null scalar (YAML `1` and `true` are fine where a string is expected).
    pub(crate) const STR: Ty = Ty(1);
    /// A number.
    pub(crate) const NUM: Ty = Ty(2);
    /// A boolean.
    pub(crate) const BOOL: Ty = Ty(4);
    /// A sequence.
    pub(crate) const SEQ: Ty = Ty(8);
    /// A mapping.
    pub(crate) const MAP: Ty = Ty(16);
    /// A null (a key with nothing after it).
    pub(crate) const NULL: Ty = Ty(32);
    /// A string holding a GitHub `${{ … }}` expression, evaluated to whatever type is needed.
    pub(crate) const EXPR: Ty = Ty(64);

    /// Both sets.
    pub(crate) const fn or(self, other: Ty) -> Ty {
        Ty(self.0 | other.0)
    }

    const fn has(self, other: Ty) -> bool {
        self.0 & other.0 != 0
    }

    /// Whether `node` is of one of these types. A GitLab `!reference` tag stands for any value.
    pub(crate) fn accepts(self, node: &Node) -> bool {
        if is_reference(node) {
            return true;
        }
        match &node.value {
            Value::Seq(_) => self.has(Ty::SEQ),
            Value::Map(_) => self.has(Ty::MAP),
            Value::Scalar { text, .. } => {
                if node.is_null() {
                    return self.has(Ty::NULL);
                }
                if self.has(Ty::STR) {
                    return true;
                }
                if self.has(Ty::EXPR) && text.contains("${{") {
                    return true;
                }
                match node.type_name() {
                    "boolean" => self.has(Ty::BOOL),
                    "number" => self.has(Ty::NUM),
                    _ => false,
                }
            }
        }
    }

    /// "a string or a sequence", for messages.
    pub(crate) fn describe(self) -> String {
        let names: Vec<&str> = [
            (Ty::STR, "a string"),
            (Ty::NUM, "a number"),
            (Ty::BOOL, "a boolean"),
            (Ty::SEQ, "a sequence"),
            (Ty::MAP, "a mapping"),
            (Ty::NULL, "nothing"),
            (Ty::EXPR, "a ${{ }} expression"),
        ]
        .iter()
        .filter(|(t, _)| self.has(*t))
        .map(|(_, n)| *n)
        .collect();
        let mut out = String::new();
        for (i, name) in names.iter().enumerate() {
            if i > 0 {
                out.push_str(if i + 1 == names.len() { " or " } else { ", " });
            }
            out.push_str(name);
        }
        out
    }
}

/// What is wrong with a key or value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IssueKind {
    /// A key the format does not know in this place.
    UnknownKey,
    /// A value of the wrong type, or not one of the allowed values.
    WrongType,
    /// A required key that is absent.
    Missing,
}

/// One problem found while building a model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Issue {
    /// What kind of problem.
    pub(crate) kind: IssueKind,
    /// Where.
    pub(crate) span: Span,
    /// The finding's message.
    pub(crate) message: String,
}

/// The issue collector the model builders share.
#[derive(Debug, Default)]
pub(crate) struct Schema {
    /// The issues so far, in the order found.
    pub(crate) issues: Vec<Issue>,
}

impl Schema {
    /// Record an issue.
    pub(crate) fn issue(&mut self, kind: IssueKind, span: Span, message: impl Into<String>) {
        self.issues.push(Issue {
            kind,
            span,
            message: message.into(),
        });
    }

    /// Check that `node` is of type `ty`; `what` names it in the message ("`timeout-minutes`").
    pub(crate) fn expect(&mut self, node: &Node, what: &str, ty: Ty) -> bool {
        if ty.accepts(node) {
            return true;
        }
        self.issue(
            IssueKind::WrongType,
            node.span,
            format!(
                "{what} must be {}, not {}",
                ty.describe(),
                article(node.type_name())
            ),
        );
        false
    }

    /// Check that the scalar `node` is one of `allowed` (an expression passes when `expr`).
    pub(crate) fn expect_one_of(
        &mut self,
        node: &Node,
        what: &str,
        allowed: &[&'static str],
        expr: bool,
    ) -> bool {
        let Some(text) = node.as_str() else {
            return self.expect(node, what, Ty::STR);
        };
        if allowed.contains(&text) || (expr && text.contains("${{")) {
            return true;
        }
        let mut message = format!("{what} must be one of {}, not `{text}`", list(allowed));
        message.push_str(&suggestion_suffix(did_you_mean(text, allowed)));
        self.issue(IssueKind::WrongType, node.span, message);
        false
    }

    /// The entries of the mapping `node` (merge keys `<<` expanded, the mapping's own keys
    /// after the merged ones), reporting keys not in `known` as unknown in `context`, e.g.
    /// "job `build`". A node that is not a mapping is reported as of the wrong type.
    pub(crate) fn map<'n>(
        &mut self,
        node: &'n Node,
        context: &str,
        known: &[&'static str],
    ) -> Vec<(&'n Node, &'n Node)> {
        if node.is_null() || is_reference(node) {
            return Vec::new();
        }
        if !self.expect(node, context, Ty::MAP) {
            return Vec::new();
        }
        let entries = merged_entries(node);
        for (key, _) in &entries {
            let name = key.as_str().unwrap_or("");
            if !known.contains(&name) {
                self.unknown_key(key, context, known);
            }
        }
        entries
            .into_iter()
            .filter(|(k, _)| k.as_str().is_some_and(|name| known.contains(&name)))
            .collect()
    }

    /// Report `key` as unknown in `context`, with a suggestion from `known`.
    pub(crate) fn unknown_key(&mut self, key: &Node, context: &str, known: &[&'static str]) {
        let name = key.as_str().unwrap_or("");
        let mut message = format!("unknown key `{name}` in {context}");
        message.push_str(&suggestion_suffix(did_you_mean(name, known)));
        self.issue(IssueKind::UnknownKey, key.span, message);
    }

    /// Report that `what` is required in `context`, at `span`.
    pub(crate) fn missing(&mut self, span: Span, what: &str, context: &str) {
        self.issue(
            IssueKind::Missing,
            span,
            format!("{context} has no {what}, which is required"),
        );
    }
}

/// Whether `node` is a GitLab `!reference [job, key]`: it stands for a value taken from
/// elsewhere, of whatever type the place needs.
pub(crate) fn is_reference(node: &Node) -> bool {
    node.tag.as_deref() == Some("reference")
}

/// A mapping's entries with YAML merge keys (`<<: *anchor`, `<<: [*a, *b]`) expanded: the
/// merged entries first, so that a lookup of the last occurrence sees the mapping's own.
pub(crate) fn merged_entries(node: &Node) -> Vec<(&Node, &Node)> {
    let Some(entries) = node.as_map() else {
        return Vec::new();
    };
    let mut own = Vec::with_capacity(entries.len());
    let mut merged = Vec::new();
    for (key, value) in entries {
        if key.as_str() == Some("<<") && key.tag.is_none() {
            match &value.value {
                Value::Map(m) => merged.extend(m.iter().map(|(k, v)| (k, v))),
                Value::Seq(items) => {
                    for item in items {
                        if let Some(m) = item.as_map() {
                            merged.extend(m.iter().map(|(k, v)| (k, v)));
                        }
                    }
                }
                Value::Scalar { .. } => {}
            }
            continue;
        }
        own.push((key, value));
    }
    // A merged key the mapping also sets itself is overridden: drop the merged one.
    if !merged.is_empty() {
        let own_keys: HashSet<&str> = own.iter().filter_map(|(k, _)| k.as_str()).collect();
        merged.retain(|(k, _)| !k.as_str().is_some_and(|k| own_keys.contains(k)));
    }
    merged.extend(own);
    merged
}

/// The last value of `key` among `entries` (merged entries come first, so own keys win).
pub(crate) fn lookup<'n>(entries: &[(&'n Node, &'n Node)], key: &str) -> Option<&'n Node> {
    entries
        .iter()
        .rev()
        .find(|(k, _)| k.as_str() == Some(key))
        .map(|(_, v)| *v)
}

/// "a string", "an integer": the type name with its article.
fn article(type_name: &str) -> String {
    match type_name {
        "null" => "empty".to_string(),
        "mapping" => "a mapping".to_string(),
        "sequence" => "a sequence".to_string(),
        "number" => "a number".to_string(),
        "boolean" => "a boolean".to_string(),
        other => format!("a {other}"),
    }
}

/// "`a`, `b` or `c`".
pub(crate) fn list(items: &[&str]) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(if i + 1 == items.len() { " or " } else { ", " });
        }
        let _ = write!(out, "`{item}`");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    #[test]
    fn types_and_messages() {
        let doc = yaml::parse("a: 1\nb: true\nc: x\nd: ${{ x }}\ne:\nf: [1]\n").unwrap();
        let mut s = Schema::default();
        assert!(s.expect(doc.get("a").unwrap(), "`a`", Ty::NUM));
        assert!(s.expect(doc.get("a").unwrap(), "`a`", Ty::STR));
        assert!(!s.expect(doc.get("c").unwrap(), "`c`", Ty::BOOL));
        assert!(s.expect(doc.get("d").unwrap(), "`d`", Ty::BOOL.or(Ty::EXPR)));
        assert!(!s.expect(doc.get("e").unwrap(), "`e`", Ty::STR));
        assert!(!s.expect(doc.get("f").unwrap(), "`f`", Ty::MAP));
        let messages: Vec<&str> = s.issues.iter().map(|i| i.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`c` must be a boolean, not a string",
                "`e` must be a string, not empty",
                "`f` must be a mapping, not a sequence"
            ]
        );
    }

    #[test]
    fn merge_keys_and_unknown_keys() {
        let doc = yaml::parse(
            "base: &b {image: x, stage: one}\njob:\n  <<: *b\n  stage: two\n  scirpt: y\n",
        )
        .unwrap();
        let mut s = Schema::default();
        let entries = s.map(
            doc.get("job").unwrap(),
            "job `job`",
            &["image", "stage", "script"],
        );
        assert_eq!(lookup(&entries, "stage").unwrap().as_str(), Some("two"));
        assert_eq!(lookup(&entries, "image").unwrap().as_str(), Some("x"));
        assert_eq!(s.issues.len(), 1);
        assert_eq!(
            s.issues[0].message,
            "unknown key `scirpt` in job `job` (did you mean `script`?)"
        );
    }
}
