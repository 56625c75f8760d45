//! DP005 `handler-allows-http`: an App Engine handler that serves plain HTTP.

use crate::deploy::formats::Format;
use crate::deploy::formats::app_engine::is_flex;
use crate::deploy::{Ctx, Doc};

declare_rule! {
    code: "DP005",
    name: "handler-allows-http",
    severity: Warning,
    summary: "An App Engine handler answers plain HTTP instead of redirecting to HTTPS.",
    help: "Add `secure: always` to the handler: App Engine then redirects HTTP requests to HTTPS.",
    references: ["cwe:CWE-319"],
    doc: r#"## What it does
Checks every handler of an App Engine `app.yaml` (standard environment) for
`secure: always`. A handler without `secure`, or with `secure: optional` or `secure: never`,
is reported. Flexible-environment services do not use handlers and are not checked.

## Why is this bad?
Without `secure: always`, App Engine serves the handler's URLs over plain HTTP as well:
cookies, tokens and form data of a user who follows an `http://` link travel unencrypted and
can be read or changed on the way. With it, HTTP requests are redirected to HTTPS before
reaching the application.

## Example
```yaml
runtime: python312
handlers:
  - url: /.*
    script: auto
```

Use instead:
```yaml
runtime: python312
handlers:
  - url: /.*
    script: auto
    secure: always
```

## References
- [CWE-319: Cleartext Transmission of Sensitive Information](https://cwe.mitre.org/data/definitions/319.html)
- [App Engine app.yaml: handlers element, `secure`](https://cloud.google.com/appengine/docs/standard/reference/app-yaml#handlers_element)
"#,
}

/// Report handlers that accept plain HTTP.
pub(crate) fn check(doc: &Doc, ctx: &mut Ctx<'_>) {
    if doc.format != Format::AppEngine || is_flex(&doc.root) {
        return;
    }
    let Some(handlers) = doc.root.get("handlers") else {
        return;
    };
    for handler in handlers.items().iter().filter(|h| h.is_map()) {
        let url = handler.get("url").and_then(|u| u.as_str()).unwrap_or("?");
        match handler.get("secure") {
            Some(secure) if secure.as_str() == Some("always") => {}
            Some(secure) => {
                let value = secure.scalar_text().unwrap_or_default();
                ctx.report(
                    &RULE,
                    secure.span,
                    format!("handler `{url}` has `secure: {value}`: it answers plain HTTP"),
                );
            }
            None => {
                let span = handler.entry("url").map_or(handler.span, |e| e.key_span);
                ctx.report(
                    &RULE,
                    span,
                    format!("handler `{url}` has no `secure: always`: it answers plain HTTP"),
                );
            }
        }
    }
}
