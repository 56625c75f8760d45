//! TF000 `syntax-error`: the file is not valid HCL.

use squad_core::findings::Span;

use crate::terraform::Ctx;
use crate::terraform::model::SyntaxError;

declare_rule! {
    code: "TF000",
    name: "syntax-error",
    severity: Error,
    summary: "The file is not valid HCL, so Terraform cannot read it.",
    help: "Fix the syntax at the reported position; `terraform fmt` and `terraform validate` show the same error.",
    references: [],
    doc: r#"## What it does
Reports a Terraform file that does not parse as HCL (the HashiCorp Configuration Language),
at the line and column where the parser gave up. No other rule runs on such a file.

## Why is this bad?
`terraform init`, `plan` and `apply` refuse a file with a syntax error: nothing in the
configuration can be planned until it is fixed. Common causes are an unclosed brace or string,
an attribute without a value, an attribute defined twice in one block, or a bad escape
sequence.

## Example
```hcl
resource "aws_s3_bucket" "logs" {
  bucket =
}
```

Use instead:
```hcl
resource "aws_s3_bucket" "logs" {
  bucket = "example-logs"
}
```

## References
- [HCL native syntax specification](https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md)
- [Terraform configuration syntax](https://developer.hashicorp.com/terraform/language/syntax/configuration)
"#,
}

/// Report the one finding of a file that does not parse.
pub(crate) fn report(ctx: &mut Ctx<'_>, error: &SyntaxError) {
    let span = Span::new(error.line, error.column, error.line, error.column + 1);
    ctx.report(&RULE, span, format!("invalid HCL: {}", error.message));
}
