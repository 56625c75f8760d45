//! Checks a parsed compose file against [`schema`](super::schema): unknown keys (with a
//! "did you mean"), values of the wrong type, invalid durations and values outside a fixed
//! set. Produces [`Issue`]s once; the rules `unknown-key`, `wrong-type`, `invalid-duration`
//! and `invalid-value` each report their own kind.

use squad_core::findings::Span;

use super::model::entries;
use super::schema::{FILE, Obj, SERVICE, Ty, quoted_list};
use super::text::{check_duration, check_size, did_you_mean};
use crate::yaml::{Node, Value};

/// What kind of problem an [`Issue`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IssueKind {
    /// A key the object does not have.
    UnknownKey,
    /// A value of the wrong type (a list where a mapping goes, ...).
    WrongType,
    /// A duration compose cannot read.
    InvalidDuration,
    /// A value outside the allowed set, or a malformed name or size.
    InvalidValue,
}

/// One problem found by the validator.
#[derive(Debug, Clone)]
pub(crate) struct Issue {
    pub(crate) kind: IssueKind,
    pub(crate) span: Span,
    pub(crate) message: String,
}

/// Validate a whole document.
pub(crate) fn validate(root: &Node) -> Vec<Issue> {
    let mut v = Validator::default();
    if root.as_map().is_none() {
        v.issues.push(Issue {
            kind: IssueKind::WrongType,
            span: first_line(root.span),
            message: format!(
                "a compose file is a mapping of top-level keys (`services`, `networks`, ...), found {}",
                article(root)
            ),
        });
        return v.issues;
    }
    v.object(root, &FILE);
    v.issues
}

#[derive(Debug, Clone)]
enum Label<'a> {
    Key(&'a str),
    Index(usize),
}

#[derive(Default)]
struct Validator<'a> {
    issues: Vec<Issue>,
    /// Where we are, with the span of each key (or list item) on the way.
    path: Vec<(Label<'a>, Span)>,
}

impl<'a> Validator<'a> {
    fn path_text(&self) -> String {
        let mut out = String::new();
        for (label, _) in &self.path {
            match label {
                Label::Key(k) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                }
                Label::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        if out.is_empty() {
            "the top level".to_string()
        } else {
            format!("`{out}`")
        }
    }

    /// Where to point for a problem with `node`: a scalar itself, or the key that holds a
    /// collection (a whole mapping is too wide to underline).
    fn span_of(&self, node: &Node) -> Span {
        let empty =
            node.span.line == node.span.end_line && node.span.column == node.span.end_column;
        if matches!(node.value, Value::Scalar { .. }) && !empty {
            return node.span;
        }
        match self.path.last() {
            Some((_, span)) => *span,
            None => first_line(node.span),
        }
    }

    fn push(&mut self, kind: IssueKind, span: Span, message: String) {
        self.issues.push(Issue {
            kind,
            span,
            message,
        });
    }

    fn wrong_type(&mut self, node: &Node, ty: &Ty) {
        let message = format!(
            "{} must be {}, found {}",
            self.path_text(),
            ty.describe(),
            article(node)
        );
        let span = self.span_of(node);
        self.push(IssueKind::WrongType, span, message);
    }

    fn check(&mut self, node: &'a Node, ty: &'static Ty) {
        match ty {
            Ty::Any => {}
            Ty::List(item) => match node.as_seq() {
                Some(items) => {
                    for (i, child) in items.iter().enumerate() {
                        self.path.push((Label::Index(i), first_line(child.span)));
                        self.check(child, item);
                        self.path.pop();
                    }
                }
                None => self.wrong_type(node, ty),
            },
            Ty::Map(value_ty) | Ty::Named(value_ty) => {
                if node.as_map().is_none() {
                    self.wrong_type(node, ty);
                    return;
                }
                self.merge_keys(node);
                for (key, value) in entries(node) {
                    let Some(name) = key.as_str().filter(|_| is_scalar(key)) else {
                        self.push(
                            IssueKind::WrongType,
                            first_line(key.span),
                            format!("keys of {} must be strings", self.path_text()),
                        );
                        continue;
                    };
                    if matches!(ty, Ty::Named(_)) && !valid_name(name) {
                        self.push(
                            IssueKind::InvalidValue,
                            key.span,
                            format!(
                                "`{name}` is not a valid name in {}: use letters, digits, `.`, `_` and `-`",
                                self.path_text()
                            ),
                        );
                    }
                    self.path.push((Label::Key(name), key.span));
                    self.check(value, value_ty);
                    self.path.pop();
                }
            }
            Ty::Obj(obj) => self.object(node, obj),
            Ty::OneOf(alternatives) => self.one_of(node, ty, alternatives),
            scalar => self.scalar(node, scalar),
        }
    }

    /// `<<` merge keys must merge a mapping or a list of mappings.
    fn merge_keys(&mut self, node: &Node) {
        for (key, value) in node.as_map().unwrap_or(&[]) {
            if key.as_str() != Some("<<") {
                continue;
            }
            let ok = match &value.value {
                Value::Map(_) => true,
                Value::Seq(items) => items.iter().all(|i| i.as_map().is_some()),
                Value::Scalar { .. } => false,
            };
            if !ok {
                self.push(
                    IssueKind::WrongType,
                    key.span,
                    format!(
                        "the merge key `<<` in {} must merge a mapping or a list of mappings",
                        self.path_text()
                    ),
                );
            }
        }
    }

    fn object(&mut self, node: &'a Node, obj: &'static Obj) {
        if node.as_map().is_none() {
            self.wrong_type(node, &Ty::Obj(obj));
            return;
        }
        self.merge_keys(node);
        for (key, value) in entries(node) {
            let Some(name) = key.as_str().filter(|_| is_scalar(key)) else {
                self.push(
                    IssueKind::WrongType,
                    first_line(key.span),
                    format!("keys of {} must be strings", self.path_text()),
                );
                continue;
            };
            if name.starts_with("x-") {
                continue;
            }
            match obj.field(name) {
                Some(ty) => {
                    self.path.push((Label::Key(name), key.span));
                    self.check(value, ty);
                    self.path.pop();
                }
                None => self.unknown_key(key, name, obj),
            }
        }
    }

    fn unknown_key(&mut self, key: &Node, name: &str, obj: &'static Obj) {
        let place = if self.path.is_empty() {
            "at the top level".to_string()
        } else {
            format!("in {}", self.path_text())
        };
        let mut message = format!("unknown key `{name}` {place}");
        if let Some(suggestion) = did_you_mean(name, &obj.keys()) {
            message.push_str(&format!(": did you mean `{suggestion}`?"));
        } else if self.path.is_empty() && SERVICE.field(name).is_some() {
            message.push_str(&format!(
                ": `{name}` is a service key, it belongs under `services.<name>`"
            ));
        } else if std::ptr::eq(obj, &SERVICE)
            && matches!(
                name,
                "interval" | "test" | "retries" | "timeout" | "start_period"
            )
        {
            message.push_str(": it belongs under `healthcheck`");
        }
        self.push(IssueKind::UnknownKey, key.span, message);
    }

    fn one_of(&mut self, node: &'a Node, ty: &'static Ty, alternatives: &'static [Ty]) {
        if matches!(node.value, Value::Scalar { .. }) {
            let scalars: Vec<&'static Ty> = alternatives
                .iter()
                .filter(|t| fits_shape(t, node))
                .collect();
            if scalars.iter().any(|t| self.accepts(node, t)) {
                return;
            }
            // One candidate with a more precise complaint than its type (an invalid duration
            // or value): that complaint. Otherwise: the type, with every alternative.
            match scalars.as_slice() {
                [only]
                    if scalar_issue(node, only)
                        .is_some_and(|(kind, _)| kind != IssueKind::WrongType) =>
                {
                    self.check(node, only)
                }
                _ => self.wrong_type(node, ty),
            }
            return;
        }
        match alternatives.iter().find(|t| fits_shape(t, node)) {
            Some(alternative) => self.check(node, alternative),
            None => self.wrong_type(node, ty),
        }
    }

    /// Whether a scalar is accepted by `ty` without any issue.
    fn accepts(&self, node: &Node, ty: &Ty) -> bool {
        match ty {
            Ty::OneOf(alternatives) => alternatives.iter().any(|t| self.accepts(node, t)),
            Ty::Any => true,
            _ => scalar_issue(node, ty).is_none(),
        }
    }

    fn scalar(&mut self, node: &Node, ty: &Ty) {
        let Some((kind, detail)) = scalar_issue(node, ty) else {
            return;
        };
        let message = match kind {
            IssueKind::WrongType => {
                self.wrong_type(node, ty);
                return;
            }
            _ => format!("{}: {detail}", self.path_text()),
        };
        let span = self.span_of(node);
        self.push(kind, span, message);
    }
}

/// Whether `node` has the shape `ty` wants (scalar, sequence or mapping).
fn fits_shape(ty: &Ty, node: &Node) -> bool {
    match (ty, &node.value) {
        (Ty::Any, _) => true,
        (Ty::OneOf(alternatives), _) => alternatives.iter().any(|t| fits_shape(t, node)),
        (Ty::List(_), Value::Seq(_)) => true,
        (Ty::Map(_) | Ty::Named(_) | Ty::Obj(_), Value::Map(_)) => true,
        (Ty::Null, Value::Scalar { .. }) => node.is_null(),
        (
            Ty::Str
            | Ty::Int
            | Ty::Num
            | Ty::Bool
            | Ty::Scalar
            | Ty::Duration
            | Ty::Size
            | Ty::Enum(_)
            | Ty::Restart
            | Ty::PullPolicy,
            Value::Scalar { .. },
        ) => true,
        _ => false,
    }
}

/// What is wrong with a scalar for `ty`, if anything.
fn scalar_issue(node: &Node, ty: &Ty) -> Option<(IssueKind, String)> {
    let wrong = Some((IssueKind::WrongType, String::new()));
    let Value::Scalar { text, .. } = &node.value else {
        return wrong;
    };
    if matches!(ty, Ty::Null) {
        return if node.is_null() { None } else { wrong };
    }
    if node.is_null() {
        return wrong;
    }
    let kind = node.type_name();
    // `${VAR}` is only known after interpolation: any scalar type may hold it.
    if kind == "string" && text.contains('$') {
        return None;
    }
    match ty {
        Ty::Str => (kind == "boolean").then_some((IssueKind::WrongType, String::new())),
        Ty::Int => (!is_integer(text)).then_some((IssueKind::WrongType, String::new())),
        Ty::Num => (text.trim().parse::<f64>().is_err() && node.as_i64().is_none())
            .then_some((IssueKind::WrongType, String::new())),
        Ty::Bool => {
            let lower = text.to_ascii_lowercase();
            let ok = matches!(
                lower.as_str(),
                "true" | "false" | "yes" | "no" | "y" | "n" | "on" | "off"
            );
            (!ok).then_some((IssueKind::WrongType, String::new()))
        }
        Ty::Scalar => None,
        Ty::Duration => {
            if kind == "number" {
                return Some((
                    IssueKind::InvalidDuration,
                    format!("`{text}` has no unit: write a duration such as `{text}s`"),
                ));
            }
            check_duration(text)
                .err()
                .map(|e| (IssueKind::InvalidDuration, e))
        }
        Ty::Size => {
            if node.as_i64().is_some() {
                return None;
            }
            check_size(text).err().map(|e| (IssueKind::InvalidValue, e))
        }
        Ty::Enum(values) => {
            if values.contains(&text.as_str()) {
                return None;
            }
            let mut detail = format!("`{text}` is not one of {}", quoted_list(values));
            if let Some(s) = did_you_mean(text, values) {
                detail.push_str(&format!(": did you mean `{s}`?"));
            }
            Some((IssueKind::InvalidValue, detail))
        }
        Ty::Restart => restart_issue(text).map(|d| (IssueKind::InvalidValue, d)),
        Ty::PullPolicy => pull_policy_issue(text).map(|d| (IssueKind::InvalidValue, d)),
        _ => wrong,
    }
}

const RESTART: &[&str] = &["no", "always", "on-failure", "unless-stopped"];

fn restart_issue(text: &str) -> Option<String> {
    if RESTART.contains(&text) {
        return None;
    }
    if let Some(count) = text.strip_prefix("on-failure:") {
        if !count.is_empty() && count.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        return Some(format!(
            "`{text}`: the retry count of `on-failure:N` must be a whole number"
        ));
    }
    let mut detail = format!(
        "`{text}` is not a restart policy (use {}, or `on-failure:N`)",
        quoted_list(RESTART)
    );
    if let Some(s) = did_you_mean(text, RESTART) {
        detail.push_str(&format!(": did you mean `{s}`?"));
    }
    Some(detail)
}

const PULL_POLICIES: &[&str] = &[
    "always",
    "never",
    "missing",
    "build",
    "daily",
    "weekly",
    "refresh",
    "if_not_present",
];

fn pull_policy_issue(text: &str) -> Option<String> {
    if PULL_POLICIES.contains(&text) {
        return None;
    }
    if let Some(every) = text.strip_prefix("every_") {
        return check_duration(every)
            .err()
            .map(|e| format!("`{text}`: {e}"));
    }
    let mut detail = format!(
        "`{text}` is not a pull policy (use {} or `every_<duration>`)",
        quoted_list(PULL_POLICIES)
    );
    if let Some(s) = did_you_mean(text, PULL_POLICIES) {
        detail.push_str(&format!(": did you mean `{s}`?"));
    }
    Some(detail)
}

fn is_integer(text: &str) -> bool {
    let digits = text.trim().strip_prefix(['-', '+']).unwrap_or(text.trim());
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        || digits
            .strip_prefix("0x")
            .is_some_and(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_hexdigit()))
        || digits
            .strip_prefix("0o")
            .is_some_and(|o| !o.is_empty() && o.bytes().all(|b| (b'0'..=b'7').contains(&b)))
}

fn is_scalar(node: &Node) -> bool {
    matches!(node.value, Value::Scalar { .. })
}

/// Names of services, networks, volumes, secrets and configs: `[a-zA-Z0-9._-]+`.
fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// "a string", "a list", "null", ... for messages.
fn article(node: &Node) -> &'static str {
    match node.type_name() {
        "sequence" => "a list",
        "mapping" => "a mapping",
        "null" => "nothing (null)",
        "boolean" => "a boolean",
        "number" => "a number",
        _ => "a string",
    }
}

/// The first line of a span (collections span many lines; findings point at the first).
pub(crate) fn first_line(span: Span) -> Span {
    if span.end_line == span.line {
        return span;
    }
    Span::new(span.line, span.column, span.line, span.column + 1)
}
