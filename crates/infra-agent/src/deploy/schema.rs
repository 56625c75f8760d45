//! A small schema language for the deployment formats, and the walk that checks a document
//! against it: unknown keys (with "did you mean"), wrong types, invalid values and missing
//! required keys, each at its line.
//!
//! The schemas are written by this project from each platform's documentation; they describe
//! the keys a user writes, not every internal detail, and leave `Any` where a platform's
//! structure is large or still moving.

use squad_core::findings::Span;

use super::tree::{Flavor, Node, Value};
use crate::terraform::text::did_you_mean;

/// A value check: `Some(message)` when the value is invalid.
pub(crate) type Check = fn(&Node) -> Option<String>;

/// The expected type of a value.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Ty {
    /// Anything: not checked.
    Any,
    Str,
    Bool,
    /// A whole number.
    Int,
    /// Any number.
    Num,
    /// A string, number or boolean.
    Scalar,
    /// `null` or the inner type.
    Nullable(&'static Ty),
    /// One of several types, chosen by the value's shape.
    OneOf(&'static [Ty]),
    /// A list of values of the inner type.
    Seq(&'static Ty),
    /// A mapping with these known keys; others are unknown.
    Map(&'static [Field]),
    /// Like `Map`, but no key is required (a Wrangler environment inherits the top level).
    Inherit(&'static [Field]),
    /// A mapping with free keys whose values have the inner type.
    Dict(&'static Ty),
}

/// One known key of a mapping.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Field {
    pub(crate) name: &'static str,
    pub(crate) ty: Ty,
    pub(crate) required: bool,
    pub(crate) check: Option<Check>,
}

impl Field {
    pub(crate) const fn new(name: &'static str, ty: Ty) -> Self {
        Self {
            name,
            ty,
            required: false,
            check: None,
        }
    }

    pub(crate) const fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub(crate) const fn check(mut self, check: Check) -> Self {
        self.check = Some(check);
        self
    }
}

/// What is wrong with a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IssueKind {
    UnknownKey,
    WrongType,
    InvalidValue,
    MissingKey,
}

/// One problem found by the schema walk or a format's own checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Issue {
    pub(crate) kind: IssueKind,
    pub(crate) span: Span,
    pub(crate) message: String,
}

impl Issue {
    pub(crate) fn new(kind: IssueKind, span: Span, message: impl Into<String>) -> Self {
        Self {
            kind,
            span,
            message: message.into(),
        }
    }
}

/// Check `root` against `ty`.
pub(crate) fn validate(root: &Node, ty: &Ty, flavor: Flavor) -> Vec<Issue> {
    let mut walk = Walk {
        flavor,
        issues: Vec::new(),
    };
    walk.node(root, ty, "", first_line(root.span), 0);
    walk.issues
}

/// The first position of a span, as a one-character span (for "missing" findings).
pub(crate) fn first_line(span: Span) -> Span {
    Span::new(span.line, span.column, span.line, span.column + 1)
}

/// Deeper than this the walk stops: the parsers already bound nesting, this is a second guard.
const MAX_DEPTH: usize = 160;

struct Walk {
    flavor: Flavor,
    issues: Vec<Issue>,
}

/// `a.b`, `a[0]`, or the key alone at the top level.
pub(crate) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

impl Walk {
    fn node(&mut self, node: &Node, ty: &Ty, path: &str, anchor: Span, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        if !shape_matches(node, ty) {
            let what = if path.is_empty() {
                "the file".to_string()
            } else {
                format!("`{path}`")
            };
            let mut message = format!(
                "{what} must be {}, not {}",
                describe(ty, self.flavor),
                node.type_name(self.flavor)
            );
            if matches!(node.value, Value::Date(_)) && shape_matches(&string_node(), ty) {
                message.push_str(": put it in quotes");
            }
            self.issues
                .push(Issue::new(IssueKind::WrongType, node.span, message));
            return;
        }
        match ty {
            Ty::Nullable(inner) if !matches!(node.value, Value::Null) => {
                self.node(node, inner, path, anchor, depth + 1);
            }
            Ty::OneOf(options) => {
                if let Some(inner) = options.iter().find(|t| shape_matches(node, t)) {
                    self.node(node, inner, path, anchor, depth + 1);
                }
            }
            Ty::Seq(inner) => {
                for (i, item) in node.items().iter().enumerate() {
                    let item_path = format!("{path}[{i}]");
                    self.node(item, inner, &item_path, first_line(item.span), depth + 1);
                }
            }
            Ty::Dict(inner) => {
                for entry in node.entries() {
                    let child = join(path, &entry.key);
                    self.node(&entry.value, inner, &child, entry.key_span, depth + 1);
                }
            }
            Ty::Map(fields) => self.map(node, fields, true, path, anchor, depth),
            Ty::Inherit(fields) => self.map(node, fields, false, path, anchor, depth),
            _ => {}
        }
    }

    fn map(
        &mut self,
        node: &Node,
        fields: &[Field],
        required: bool,
        path: &str,
        anchor: Span,
        depth: usize,
    ) {
        let entries = node.entries();
        for (i, entry) in entries.iter().enumerate() {
            let child = join(path, &entry.key);
            if let Some(first) = entries[..i].iter().find(|e| e.key == entry.key) {
                self.issues.push(Issue::new(
                    IssueKind::InvalidValue,
                    entry.key_span,
                    format!(
                        "`{child}` is defined twice (first on line {}): only one of them counts",
                        first.key_span.line
                    ),
                ));
                continue;
            }
            let Some(field) = fields.iter().find(|f| f.name == entry.key) else {
                let mut message = if path.is_empty() {
                    format!("unknown top-level key `{}`", entry.key)
                } else {
                    format!("unknown key `{}` in `{path}`", entry.key)
                };
                if let Some(close) = did_you_mean(&entry.key, fields.iter().map(|f| f.name)) {
                    message.push_str(&format!(": did you mean `{close}`?"));
                }
                self.issues
                    .push(Issue::new(IssueKind::UnknownKey, entry.key_span, message));
                continue;
            };
            let before = self.issues.len();
            self.node(&entry.value, &field.ty, &child, entry.key_span, depth + 1);
            let typed = self.issues.len() == before;
            if let (true, Some(check)) = (typed, field.check)
                && let Some(problem) = check(&entry.value)
            {
                self.issues.push(Issue::new(
                    IssueKind::InvalidValue,
                    entry.value.span,
                    format!("`{child}`: {problem}"),
                ));
            }
        }
        if !required {
            return;
        }
        for field in fields.iter().filter(|f| f.required) {
            if node.entry(field.name).is_some() {
                continue;
            }
            let message = if path.is_empty() {
                format!("missing the required top-level key `{}`", field.name)
            } else {
                format!("`{path}` is missing the required key `{}`", field.name)
            };
            self.issues.push(Issue::new(
                IssueKind::MissingKey,
                first_line(anchor),
                message,
            ));
        }
    }
}

fn string_node() -> Node {
    Node {
        value: Value::Str(String::new()),
        span: Span::default(),
    }
}

/// Whether a value has the shape a type asks for (not its contents).
pub(crate) fn shape_matches(node: &Node, ty: &Ty) -> bool {
    match (ty, &node.value) {
        (Ty::Any, _)
        | (Ty::Str, Value::Str(_))
        | (Ty::Bool, Value::Bool(_))
        | (Ty::Int, Value::Int(_))
        | (Ty::Num, Value::Int(_) | Value::Float(_))
        | (Ty::Scalar, Value::Str(_) | Value::Int(_) | Value::Float(_) | Value::Bool(_))
        | (Ty::Nullable(_), Value::Null)
        | (Ty::Seq(_), Value::Seq(_))
        | (Ty::Map(_) | Ty::Inherit(_) | Ty::Dict(_), Value::Map(_)) => true,
        (Ty::Nullable(inner), _) => shape_matches(node, inner),
        (Ty::OneOf(options), _) => options.iter().any(|t| shape_matches(node, t)),
        _ => false,
    }
}

/// The expected type in words.
pub(crate) fn describe(ty: &Ty, flavor: Flavor) -> String {
    match ty {
        Ty::Any => "any value".to_string(),
        Ty::Str => "a string".to_string(),
        Ty::Bool => "a boolean (true or false)".to_string(),
        Ty::Int => "a whole number".to_string(),
        Ty::Num => "a number".to_string(),
        Ty::Scalar => "a string, number or boolean".to_string(),
        Ty::Nullable(inner) => format!("{} or null", describe(inner, flavor)),
        Ty::OneOf(options) => options
            .iter()
            .map(|t| describe(t, flavor))
            .collect::<Vec<_>>()
            .join(" or "),
        Ty::Seq(inner) => {
            let list = match flavor {
                Flavor::Yaml => "a sequence",
                _ => "an array",
            };
            match inner {
                Ty::Any => list.to_string(),
                _ => format!("{list} of {}", plural(&describe(inner, flavor))),
            }
        }
        Ty::Map(_) | Ty::Inherit(_) | Ty::Dict(_) => match flavor {
            Flavor::Json => "an object",
            Flavor::Toml => "a table",
            Flavor::Yaml => "a mapping",
        }
        .to_string(),
    }
}

/// "a string" → "strings", "an object" → "objects" (for "an array of ...").
fn plural(singular: &str) -> String {
    let bare = singular
        .strip_prefix("a ")
        .or_else(|| singular.strip_prefix("an "))
        .unwrap_or(singular);
    let (head, tail) = bare.split_once(' ').unwrap_or((bare, ""));
    let head = if head.ends_with('s') {
        head.to_string()
    } else {
        format!("{head}s")
    };
    if tail.is_empty() {
        head
    } else {
        format!("{head} {tail}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deploy::json;

    static HEADER: [Field; 2] = [
        Field::new("key", Ty::Str).required(),
        Field::new("value", Ty::Str).required(),
    ];
    static ROOT: [Field; 3] = [
        Field::new("name", Ty::Str).required(),
        Field::new("port", Ty::Int).check(|n| match n.value {
            Value::Int(p) if !(1..=65535).contains(&p) => Some(format!("{p} is not a port")),
            _ => None,
        }),
        Field::new("headers", Ty::Seq(&Ty::Map(&HEADER))),
    ];

    fn issues(src: &str) -> Vec<(IssueKind, u32, String)> {
        let doc = json::parse(src, false).unwrap();
        validate(&doc, &Ty::Map(&ROOT), Flavor::Json)
            .into_iter()
            .map(|i| (i.kind, i.span.line, i.message))
            .collect()
    }

    #[test]
    fn the_walk_reports_each_kind_at_its_line() {
        let found = issues(
            "{\n\"nmae\": \"x\",\n\"port\": 70000,\n\"headers\": [{\"key\": 1}],\n\"port\": 1\n}",
        );
        assert_eq!(
            found,
            [
                (
                    IssueKind::UnknownKey,
                    2,
                    "unknown top-level key `nmae`: did you mean `name`?".to_string()
                ),
                (
                    IssueKind::InvalidValue,
                    3,
                    "`port`: 70000 is not a port".to_string()
                ),
                (
                    IssueKind::WrongType,
                    4,
                    "`headers[0].key` must be a string, not a number".to_string()
                ),
                (
                    IssueKind::MissingKey,
                    4,
                    "`headers[0]` is missing the required key `value`".to_string()
                ),
                (
                    IssueKind::InvalidValue,
                    5,
                    "`port` is defined twice (first on line 3): only one of them counts"
                        .to_string()
                ),
                (
                    IssueKind::MissingKey,
                    1,
                    "missing the required top-level key `name`".to_string()
                ),
            ]
        );
    }

    #[test]
    fn descriptions() {
        assert_eq!(
            describe(&Ty::Seq(&Ty::Str), Flavor::Json),
            "an array of strings"
        );
        static MAPS: Ty = Ty::Seq(&Ty::Map(&HEADER));
        assert_eq!(describe(&MAPS, Flavor::Yaml), "a sequence of mappings");
        assert_eq!(
            describe(&Ty::Nullable(&Ty::Str), Flavor::Toml),
            "a string or null"
        );
    }
}
