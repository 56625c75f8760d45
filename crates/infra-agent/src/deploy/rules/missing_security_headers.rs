//! DP006 `missing-security-headers`: a Vercel project that sets no anti-sniffing or
//! anti-framing header.

use squad_core::findings::Span;

use crate::deploy::formats::Format;
use crate::deploy::tree::Node;
use crate::deploy::{Ctx, Doc};

declare_rule! {
    code: "DP006",
    name: "missing-security-headers",
    severity: Warning,
    summary: "vercel.json sets no `X-Content-Type-Options: nosniff` or no frame protection for all paths.",
    help: "Add a `headers` rule for `/(.*)` with `X-Content-Type-Options: nosniff` and `X-Frame-Options: DENY` (or a CSP with `frame-ancestors`).",
    references: ["cwe:CWE-1021"],
    doc: r#"## What it does
Checks that `vercel.json` has a `headers` rule whose `source` covers every path (`/(.*)`,
`/:path*`) and that sets:
- `X-Content-Type-Options: nosniff`, and
- frame protection: `X-Frame-Options` (`DENY` or `SAMEORIGIN`) or a
  `Content-Security-Policy` with a `frame-ancestors` directive.

Vercel adds `Strict-Transport-Security` to its deployments itself, so HSTS is not required
here. Projects configured with the legacy `routes` are not checked (their headers live in
the routes). A framework can also set these headers itself (Next.js `headers()` in
`next.config.js`); then set them in one place and silence this rule.

## Why is this bad?
Without `nosniff`, a browser may execute an uploaded file it guesses is a script. Without
frame protection, any site can load the pages in an invisible frame and trick users into
clicking (clickjacking). Neither header is sent by default.

## Example
```json
{
  "framework": "nextjs"
}
```

Use instead:
```json
{
  "framework": "nextjs",
  "headers": [
    {
      "source": "/(.*)",
      "headers": [
        { "key": "X-Content-Type-Options", "value": "nosniff" },
        { "key": "X-Frame-Options", "value": "DENY" }
      ]
    }
  ]
}
```

## References
- [CWE-1021: Improper Restriction of Rendered UI Layers](https://cwe.mitre.org/data/definitions/1021.html)
- [OWASP HTTP Headers Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/HTTP_Headers_Cheat_Sheet.html)
- [Vercel: headers in vercel.json](https://vercel.com/docs/project-configuration/vercel-json#headers)
"#,
}

const CATCH_ALL: &[&str] = &["/(.*)", "/:path*", "/:path(.*)", "/(.*)?", "/:all*"];

/// The `(name, value)` pairs set on every path.
fn global_headers(root: &Node) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let Some(rules) = root.get("headers") else {
        return out;
    };
    for rule in rules.items() {
        let covers_all = rule
            .get("source")
            .and_then(Node::as_str)
            .is_some_and(|s| CATCH_ALL.contains(&s));
        if !covers_all || rule.get("has").is_some() || rule.get("missing").is_some() {
            continue;
        }
        for header in rule.get("headers").map(Node::items).unwrap_or(&[]) {
            if let (Some(k), Some(v)) = (
                header.get("key").and_then(Node::as_str),
                header.get("value").and_then(Node::as_str),
            ) {
                out.push((k.to_ascii_lowercase(), v.to_ascii_lowercase()));
            }
        }
    }
    out
}

/// Report a Vercel project without the two headers.
pub(crate) fn check(doc: &Doc, ctx: &mut Ctx<'_>) {
    if doc.format != Format::Vercel || !doc.root.is_map() || doc.root.get("routes").is_some() {
        return;
    }
    let headers = global_headers(&doc.root);
    let has = |name: &str, ok: &dyn Fn(&str) -> bool| {
        headers.iter().any(|(k, v)| k == name && ok(v))
    };
    let mut missing = Vec::new();
    if !has("x-content-type-options", &|v| v.trim() == "nosniff") {
        missing.push("`X-Content-Type-Options: nosniff`");
    }
    if !has("x-frame-options", &|v| matches!(v.trim(), "deny" | "sameorigin"))
        && !has("content-security-policy", &|v| v.contains("frame-ancestors"))
    {
        missing.push("frame protection (`X-Frame-Options` or CSP `frame-ancestors`)");
    }
    if missing.is_empty() {
        return;
    }
    let span = doc
        .root
        .entry("headers")
        .map_or(Span::new(1, 1, 1, 2), |e| e.key_span);
    ctx.report(
        &RULE,
        span,
        format!("no header rule for all paths sets {}", missing.join(", nor ")),
    );
}
