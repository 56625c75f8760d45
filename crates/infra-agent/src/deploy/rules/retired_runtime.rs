//! DP007 `retired-runtime`: an App Runner managed runtime that is no longer supported.

use crate::deploy::formats::Format;
use crate::deploy::formats::apprunner::RETIRED_RUNTIMES;
use crate::deploy::{Ctx, Doc};

declare_rule! {
    code: "DP007",
    name: "retired-runtime",
    severity: Warning,
    summary: "apprunner.yaml uses a managed runtime App Runner no longer supports.",
    help: "Move to a supported runtime (python311, nodejs22, corretto11) or to an image-based service built from a Dockerfile.",
    references: ["cwe:CWE-1104"],
    doc: r#"## What it does
Checks the `runtime` of `apprunner.yaml` against the managed runtimes App Runner ended
support for on 2025-12-01: `python3` (Python 3.7/3.8), `nodejs12`, `nodejs14`, `nodejs16`,
`nodejs18`, `go1` (Go 1.18), `dotnet6`, `php81` and `ruby31`.

## Why is this bad?
A retired runtime no longer receives language or operating-system security updates, and App
Runner stops building new deployments on it: the next deployment of the service fails, often
at the worst moment. The language versions behind these runtimes are past their upstream
end of life too.

## Example
```yaml
version: 1.0
runtime: nodejs18
build:
  commands:
    build:
      - npm ci
run:
  command: node server.js
```

Use instead:
```yaml
version: 1.0
runtime: nodejs22
build:
  commands:
    build:
      - npm ci
run:
  command: node server.js
```

## References
- [CWE-1104: Use of Unmaintained Third Party Components](https://cwe.mitre.org/data/definitions/1104.html)
- [App Runner: end of support for managed runtime versions](https://docs.aws.amazon.com/apprunner/latest/dg/service-source-code.html)
"#,
}

/// Report a retired App Runner runtime.
pub(crate) fn check(doc: &Doc, ctx: &mut Ctx<'_>) {
    if doc.format != Format::AppRunner {
        return;
    }
    let Some(runtime) = doc.root.get("runtime") else {
        return;
    };
    let Some(name) = runtime.as_str() else {
        return;
    };
    if let Some((_, instead)) = RETIRED_RUNTIMES.iter().find(|(r, _)| *r == name) {
        ctx.report(
            &RULE,
            runtime.span,
            format!("App Runner ended support for `{name}` on 2025-12-01: use {instead}"),
        );
    }
}
