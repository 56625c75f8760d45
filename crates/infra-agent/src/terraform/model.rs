//! A parsed Terraform file and the small amount of evaluation the rules need.
//!
//! Parsing uses `hcl::edit` (hcl-edit) rather than `hcl::Body`: hcl-edit keeps the byte span of
//! every block, attribute, key and value, which become the findings' lines and columns. Values
//! are read only when they are literals: anything computed (a variable, a reference, a function
//! call, an interpolation) is unknown, and the rules say nothing about unknowns.

use std::borrow::Cow;

use hcl::edit::expr::{Array, Expression, ObjectKey, TraversalOperator, UnaryOperator};
use hcl::edit::structure::{Attribute, Block, Body};
use hcl::edit::template::{Element, Template};
use squad_core::findings::Span;

use super::text::LineIndex;

/// A Terraform file that parsed.
#[derive(Debug)]
pub(crate) struct Module<'a> {
    /// The top-level body.
    pub(crate) body: Body,
    lines: LineIndex<'a>,
}

/// A file that is not valid HCL: where hcl-edit gave up, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub(crate) line: u32,
    pub(crate) column: u32,
    pub(crate) message: String,
}

impl<'a> Module<'a> {
    /// Parse `src` (without a byte-order mark: the caller strips it so columns stay right).
    pub(crate) fn parse(src: &'a str) -> Result<Self, SyntaxError> {
        match hcl::edit::parser::parse_body(src) {
            Ok(body) => Ok(Self {
                body,
                lines: LineIndex::new(src),
            }),
            Err(e) => Err(SyntaxError {
                line: u32::try_from(e.location().line()).unwrap_or(u32::MAX),
                column: u32::try_from(e.location().column()).unwrap_or(u32::MAX),
                message: e.message().to_string(),
            }),
        }
    }

    /// Where a parsed node is.
    pub(crate) fn span(&self, node: &impl hcl::edit::Span) -> Span {
        self.lines.span_or_start(node.span())
    }

    /// The header of a block: from its identifier to its last label
    /// (`resource "aws_ebs_volume" "data"`).
    pub(crate) fn header_span(&self, block: &Block) -> Span {
        let start = self.span(&block.ident);
        match block.labels.last() {
            Some(last) => {
                let end = self.span(last);
                Span::new(start.line, start.column, end.end_line, end.end_column)
            }
            None => start,
        }
    }

    /// The top-level blocks named `ident` (`terraform`, `provider`, `variable`, ...).
    pub(crate) fn blocks<'m>(&'m self, ident: &'m str) -> impl Iterator<Item = &'m Block> + 'm {
        self.body.get_blocks(ident)
    }

    /// The `resource "<ty>" "<name>"` blocks, with their names.
    pub(crate) fn resources<'m>(
        &'m self,
        ty: &'m str,
    ) -> impl Iterator<Item = (&'m Block, &'m str)> + 'm {
        self.blocks("resource").filter_map(move |b| {
            (label(b, 0)? == ty).then_some(())?;
            Some((b, label(b, 1)?))
        })
    }
}

/// The `i`th label of a block.
pub(crate) fn label(block: &Block, i: usize) -> Option<&str> {
    block.labels.get(i).map(|l| l.as_str())
}

/// The attribute `key` of a body.
pub(crate) fn attr<'b>(body: &'b Body, key: &str) -> Option<&'b Attribute> {
    body.get_attribute(key)
}

/// The literal string value of an expression: a quoted string, or a template (quoted or
/// heredoc) made only of literal text.
pub(crate) fn str_value(expr: &Expression) -> Option<Cow<'_, str>> {
    match expr {
        Expression::String(s) => Some(Cow::Borrowed(s.value().as_str())),
        Expression::StringTemplate(t) => literal_template(t),
        Expression::HeredocTemplate(h) => literal_template(&h.template),
        Expression::Parenthesis(p) => str_value(p.inner()),
        _ => None,
    }
}

fn literal_template(template: &Template) -> Option<Cow<'_, str>> {
    let mut out = String::new();
    for element in template.iter() {
        match element {
            Element::Literal(text) => out.push_str(text.value()),
            Element::Interpolation(_) | Element::Directive(_) => return None,
        }
    }
    Some(Cow::Owned(out))
}

/// The literal boolean value of an expression (`true`, or the string `"true"`, which Terraform
/// converts).
pub(crate) fn bool_value(expr: &Expression) -> Option<bool> {
    match expr {
        Expression::Bool(b) => Some(*b.value()),
        _ => match str_value(expr)?.as_ref() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        },
    }
}

/// The literal integer value of an expression (`22`, `-1`, or the string `"22"`).
pub(crate) fn int_value(expr: &Expression) -> Option<i64> {
    match expr {
        Expression::Number(n) => n.value().as_i64(),
        Expression::UnaryOp(op) if *op.operator.value() == UnaryOperator::Neg => {
            int_value(&op.expr).and_then(i64::checked_neg)
        }
        Expression::Parenthesis(p) => int_value(p.inner()),
        _ => str_value(expr)?.trim().parse().ok(),
    }
}

/// The value of `key` in a literal object (`{ key = ... }` or `{ "key" = ... }`).
pub(crate) fn object_get<'e>(expr: &'e Expression, key: &str) -> Option<&'e Expression> {
    let Expression::Object(object) = expr else {
        return None;
    };
    object
        .iter()
        .find_map(|(k, v)| (object_key(k)? == key).then(|| v.expr()))
}

/// The text of an object key written as an identifier or a literal string.
pub(crate) fn object_key(key: &ObjectKey) -> Option<Cow<'_, str>> {
    match key {
        ObjectKey::Ident(ident) => Some(Cow::Borrowed(ident.value().as_str())),
        ObjectKey::Expression(e) => str_value(e),
    }
}

/// The items of a literal list (`[...]`).
pub(crate) fn array(expr: &Expression) -> Option<&Array> {
    match expr {
        Expression::Array(a) => Some(a),
        Expression::Parenthesis(p) => array(p.inner()),
        _ => None,
    }
}

/// The `(root, attribute)` of every reference inside an expression: `aws_s3_bucket.logs.id`
/// gives `("aws_s3_bucket", "logs")`, `var.name` gives `("var", "name")`.
pub(crate) fn references(expr: &Expression) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    collect_references(expr, &mut out, 0);
    out
}

/// hcl-edit refuses nesting deeper than 64; this bound only protects against a future change.
const MAX_DEPTH: usize = 256;

fn collect_references<'e>(expr: &'e Expression, out: &mut Vec<(&'e str, &'e str)>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let mut visit = |e: &'e Expression| collect_references(e, out, depth + 1);
    match expr {
        Expression::Traversal(t) => {
            if let (Expression::Variable(root), Some(first)) = (&t.expr, t.operators.first())
                && let TraversalOperator::GetAttr(attr) = first.value()
            {
                out.push((root.value().as_str(), attr.value().as_str()));
            }
            collect_references(&t.expr, out, depth + 1);
            for op in &t.operators {
                if let TraversalOperator::Index(e) = op.value() {
                    collect_references(e, out, depth + 1);
                }
            }
        }
        Expression::Array(a) => a.iter().for_each(visit),
        Expression::Object(o) => {
            for (k, v) in o.iter() {
                if let ObjectKey::Expression(e) = k {
                    collect_references(e, out, depth + 1);
                }
                collect_references(v.expr(), out, depth + 1);
            }
        }
        Expression::StringTemplate(t) => template_references(t, out, depth),
        Expression::HeredocTemplate(h) => template_references(&h.template, out, depth),
        Expression::Parenthesis(p) => visit(p.inner()),
        Expression::Conditional(c) => {
            visit(&c.cond_expr);
            visit(&c.true_expr);
            visit(&c.false_expr);
        }
        Expression::FuncCall(f) => f.args.iter().for_each(visit),
        Expression::UnaryOp(op) => visit(&op.expr),
        Expression::BinaryOp(op) => {
            visit(&op.lhs_expr);
            visit(&op.rhs_expr);
        }
        Expression::ForExpr(f) => {
            visit(&f.intro.collection_expr);
            if let Some(k) = &f.key_expr {
                visit(k);
            }
            visit(&f.value_expr);
        }
        Expression::Null(_)
        | Expression::Bool(_)
        | Expression::Number(_)
        | Expression::String(_)
        | Expression::Variable(_) => {}
    }
}

fn template_references<'e>(
    template: &'e Template,
    out: &mut Vec<(&'e str, &'e str)>,
    depth: usize,
) {
    for element in template.iter() {
        if let Element::Interpolation(i) = element {
            collect_references(&i.expr, out, depth + 1);
        }
    }
}

/// Call `f(key, value)` for every attribute of `body` and of its nested blocks, and for every
/// entry of the literal objects they hold (`environment { variables = { DB_PASSWORD = "..." } }`
/// gives `DB_PASSWORD`). `dynamic` blocks are skipped: their content is computed.
pub(crate) fn visit_assignments<'b>(body: &'b Body, f: &mut dyn FnMut(&'b str, &'b Expression)) {
    visit_body(body, f, 0);
}

fn visit_body<'b>(body: &'b Body, f: &mut dyn FnMut(&'b str, &'b Expression), depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    for attribute in body.attributes() {
        f(attribute.key.as_str(), &attribute.value);
        visit_objects(&attribute.value, f, depth + 1);
    }
    for block in body.blocks() {
        if block.ident.as_str() != "dynamic" {
            visit_body(&block.body, f, depth + 1);
        }
    }
}

fn visit_objects<'b>(
    expr: &'b Expression,
    f: &mut dyn FnMut(&'b str, &'b Expression),
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    match expr {
        Expression::Object(object) => {
            for (key, value) in object.iter() {
                if let ObjectKey::Ident(ident) = key {
                    f(ident.value().as_str(), value.expr());
                } else if let ObjectKey::Expression(Expression::String(s)) = key {
                    f(s.value().as_str(), value.expr());
                }
                visit_objects(value.expr(), f, depth + 1);
            }
        }
        Expression::Array(items) => {
            for item in items.iter() {
                visit_objects(item, f, depth + 1);
            }
        }
        Expression::Parenthesis(p) => visit_objects(p.inner(), f, depth + 1),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(src: &str) -> Expression {
        let body = hcl::edit::parser::parse_body(&format!("v = {src}\n")).unwrap();
        body.get_attribute("v").unwrap().value.clone()
    }

    #[test]
    fn literals() {
        assert_eq!(str_value(&value("\"a\"")).as_deref(), Some("a"));
        assert_eq!(str_value(&value("\"a$${b}\"")).as_deref(), Some("a${b}"));
        assert_eq!(str_value(&value("\"a${var.b}\"")), None);
        assert_eq!(
            str_value(&value("<<EOT\nhello\nEOT\n")).as_deref(),
            Some("hello\n")
        );
        assert_eq!(int_value(&value("22")), Some(22));
        assert_eq!(int_value(&value("-1")), Some(-1));
        assert_eq!(int_value(&value("\"3389\"")), Some(3389));
        assert_eq!(int_value(&value("var.port")), None);
        assert_eq!(bool_value(&value("false")), Some(false));
        assert_eq!(bool_value(&value("\"true\"")), Some(true));
    }

    #[test]
    fn references_are_found_everywhere() {
        let expr = value(
            "\"${aws_s3_bucket.logs.id}-${var.env}\" == local.x ? [data.a.b] : {k = module.m.out}",
        );
        let refs = references(&expr);
        assert_eq!(
            refs,
            [
                ("aws_s3_bucket", "logs"),
                ("var", "env"),
                ("local", "x"),
                ("data", "a"),
                ("module", "m"),
            ]
        );
    }
}
