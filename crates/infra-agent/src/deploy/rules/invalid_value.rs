//! DP002 `invalid-value`: a value of the wrong type or outside what the platform accepts.

use crate::deploy::schema::IssueKind;
use crate::deploy::{Ctx, Doc};

declare_rule! {
    code: "DP002",
    name: "invalid-value",
    severity: Error,
    summary: "A value has the wrong type or is not one the platform accepts.",
    help: "Use the type and the values the message names; the platform's reference lists them.",
    references: [],
    doc: r#"## What it does
Checks the type of every known key (a string, a boolean, a list of objects...) and the
values the platforms constrain, for example:
- `vercel.json`: `version` 2, a known `framework` preset, paths starting with `/`, five-field
  cron schedules, redirect status codes, `routes` not mixed with `rewrites`/`headers`/...;
- Wrangler: `compatibility_date` a real `YYYY-MM-DD` date written as a string (a bare TOML
  date is not a string), `node_compat` removed in Wrangler v4, placement modes;
- `app.yaml`: runtime ids (`python312`, `nodejs22`...), `env`, `instance_class`, handler
  `secure`/`login` values, `runtime: custom` only with `env: flex`, and the `application` /
  `version` keys gcloud refuses;
- `apprunner.yaml`: `version: 1.0`, `<language><major>` runtimes, ports, environment
  variable names, `value-from` ARNs.

Keys defined twice are reported here too: only one of them takes effect.

## Why is this bad?
The platform rejects the file at deploy time, or worse, accepts it and does something else
than intended (a second `port` key silently wins, a date outside the calendar is refused by
the Workers runtime after the upload).

## Example
```yaml
version: 1.0
runtime: python3.11
build:
  commands:
    build:
      - pip3 install -r requirements.txt
run:
  command: python3 app.py
  network:
    port: 80800
```

Use instead:
```yaml
version: 1.0
runtime: python311
build:
  commands:
    build:
      - pip3 install -r requirements.txt
run:
  command: python3 app.py
  network:
    port: 8080
```

## References
- [Vercel: vercel.json](https://vercel.com/docs/project-configuration/vercel-json)
- [Cloudflare: compatibility dates](https://developers.cloudflare.com/workers/configuration/compatibility-dates/)
- [Google App Engine: app.yaml reference](https://cloud.google.com/appengine/docs/standard/reference/app-yaml)
- [AWS App Runner: configuration file reference](https://docs.aws.amazon.com/apprunner/latest/dg/config-file-ref.html)
"#,
}

/// Report wrong types and invalid values the schema walk found.
pub(crate) fn check(doc: &Doc, ctx: &mut Ctx<'_>) {
    for issue in doc
        .issues
        .iter()
        .filter(|i| matches!(i.kind, IssueKind::WrongType | IssueKind::InvalidValue))
    {
        ctx.report(&RULE, issue.span, issue.message.clone());
    }
}
