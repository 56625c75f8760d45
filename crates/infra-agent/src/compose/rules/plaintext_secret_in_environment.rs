//! DC020 `plaintext-secret-in-environment`: a password, token or key written in the file.

use crate::compose::context::Ctx;
use crate::compose::model::EnvVar;
use crate::compose::rules::node_span;
use crate::compose::text::has_interpolation;

declare_rule! {
    code: "DC020",
    name: "plaintext-secret-in-environment",
    severity: Error,
    summary: "A password, token or key is written in the compose file (environment or build argument).",
    help: "Take the value from the environment (`${DB_PASSWORD:?set DB_PASSWORD in .env}`, with `.env` kept out of git), or mount a compose secret and point a `*_FILE` variable at `/run/secrets/<name>`.",
    references: ["compose-lint:CL-0020", "compose-lint:CL-0021", "cwe:CWE-798"],
    doc: r#"## What it does
Checks `environment` and `build.args` (list and mapping forms) for:
- a variable whose name says it holds a credential (its last part is `PASSWORD`, `PASSWD`,
  `PASS`, `PWD`, `SECRET`, `TOKEN`, `APIKEY`, `CREDENTIALS`, or `KEY` after `API`,
  `PRIVATE`, `ACCESS`, `SECRET`, `SIGNING`, `ENCRYPTION`, `MASTER`, `AUTH` or `CLIENT`),
  with a literal value;
- any value that is a URL with a literal password (`postgres://app:hunter2@db/app`).

Values built from `${VAR}` interpolation, empty values, boolean flags (`true`, `yes`, `0`,
`1`), variables ending in `_FILE` (they hold a path to a secret file) and toggles such as
`MYSQL_ALLOW_EMPTY_PASSWORD` or `MYSQL_RANDOM_ROOT_PASSWORD` are fine.

## Why is this bad?
The compose file is committed, copied into CI logs by `docker compose config`, and shared:
the credential leaks with it. Placeholder values such as `changeme` are reported too: they
reach production unchanged more often than anyone admits. Build arguments are worse: they
are stored in the image's history.

## Example
```yaml
services:
  db:
    image: postgres:16.4-alpine
    environment:
      POSTGRES_PASSWORD: changeme
  api:
    image: ghcr.io/acme/api:1.4.2
    environment:
      DATABASE_URL: postgres://app:changeme@db:5432/app
```

Use instead:
```yaml
services:
  db:
    image: postgres:16.4-alpine
    environment:
      POSTGRES_PASSWORD_FILE: /run/secrets/db_password
    secrets: [db_password]
  api:
    image: ghcr.io/acme/api:1.4.2
    environment:
      DATABASE_URL: postgres://app:${DB_PASSWORD:?set DB_PASSWORD in .env}@db:5432/app
secrets:
  db_password:
    environment: DB_PASSWORD
```

## References
- [compose-lint CL-0020](https://github.com/tmatens/compose-lint/blob/main/docs/rules/CL-0020.md)
- [compose-lint CL-0021](https://github.com/tmatens/compose-lint/blob/main/docs/rules/CL-0021.md)
- [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
- [Compose: secrets](https://docs.docker.com/compose/how-tos/use-secrets/)
"#,
}

/// Last name parts that mark a credential on their own.
const SECRET_WORDS: &[&str] = &[
    "PASSWORD",
    "PASSWD",
    "SECRET",
    "TOKEN",
    "APIKEY",
    "CREDENTIALS",
    "CREDENTIAL",
];

/// Name parts that make a following `KEY` a credential.
const KEY_QUALIFIERS: &[&str] = &[
    "API",
    "PRIVATE",
    "ACCESS",
    "SECRET",
    "SIGNING",
    "ENCRYPTION",
    "MASTER",
    "AUTH",
    "CLIENT",
];

/// Whether a variable's name says it holds a credential.
pub(crate) fn is_secret_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    if upper.ends_with("_FILE") || upper.contains("ALLOW_EMPTY") || upper.contains("RANDOM_") {
        return false;
    }
    let parts: Vec<&str> = upper
        .split(['_', '-', '.'])
        .filter(|p| !p.is_empty())
        .collect();
    let Some((last, before)) = parts.split_last() else {
        return false;
    };
    if SECRET_WORDS.iter().any(|w| last.ends_with(w)) {
        return true;
    }
    if matches!(*last, "PASS" | "PWD") {
        // `PWD` alone is the shell's working directory.
        return !before.is_empty();
    }
    if *last == "KEY" {
        return before.last().is_some_and(|p| KEY_QUALIFIERS.contains(p));
    }
    ["SECRETKEY", "PRIVATEKEY", "ACCESSKEY"]
        .iter()
        .any(|w| last.ends_with(w))
}

/// Whether a value is a literal worth reporting (not empty, not interpolated, not a flag).
fn is_literal_secret(value: &str) -> bool {
    let value = value.trim();
    if value.is_empty() || has_interpolation(value) {
        return false;
    }
    !matches!(
        value.to_ascii_lowercase().as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "0" | "1" | "null" | "~"
    )
}

/// The literal password of a URL's user information, if any (`scheme://user:pass@host`).
fn url_password(value: &str) -> Option<&str> {
    let (_, rest) = value.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let (userinfo, _) = authority.rsplit_once('@')?;
    let (_, password) = userinfo.split_once(':')?;
    (!password.is_empty() && !has_interpolation(password)).then_some(password)
}

fn check_variable(ctx: &mut Ctx<'_>, service: &str, what: &str, var: &EnvVar<'_>) {
    let Some(value) = var.value else {
        return;
    };
    let span = node_span(var.node);
    if is_secret_name(var.name) && is_literal_secret(value) {
        ctx.report(
            &RULE,
            span,
            format!(
                "{what} `{}` of service `{service}` holds a literal secret: take it from the environment or a compose secret",
                var.name
            ),
        );
        return;
    }
    if url_password(value).is_some() {
        ctx.report(
            &RULE,
            span,
            format!(
                "{what} `{}` of service `{service}` is a URL with a literal password: interpolate the password (`${{DB_PASSWORD}}`)",
                var.name
            ),
        );
    }
}

/// Report literal secrets in environments and build arguments.
pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let project = ctx.project;
    for service in &project.services {
        for var in &service.environment {
            check_variable(ctx, service.name, "environment variable", var);
        }
        for var in &service.build_args {
            check_variable(ctx, service.name, "build argument", var);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names() {
        for name in [
            "POSTGRES_PASSWORD",
            "JWT_SECRET",
            "GITHUB_TOKEN",
            "STRIPE_API_KEY",
            "AWS_SECRET_ACCESS_KEY",
            "DJANGO_SECRET_KEY",
            "db_pass",
            "dbPassword",
            "GF_SECURITY_ADMIN_PASSWORD",
            "OPENAI_APIKEY",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in [
            "POSTGRES_PASSWORD_FILE",
            "GF_SECURITY_ADMIN_PASSWORD__FILE",
            "TOKEN_TTL",
            "PASSWORD_MIN_LENGTH",
            "PWD",
            "MYSQL_ALLOW_EMPTY_PASSWORD",
            "PUBLIC_KEY",
            "KEY",
            "PASSPORT_STRATEGY",
        ] {
            assert!(!is_secret_name(name), "{name}");
        }
    }

    #[test]
    fn url_passwords() {
        assert_eq!(url_password("postgres://u:p@db/x"), Some("p"));
        assert_eq!(url_password("redis://:p@redis:6379/0"), Some("p"));
        assert_eq!(url_password("postgres://u:${P}@db/x"), None);
        assert_eq!(url_password("postgres://u@db/x"), None);
        assert_eq!(url_password("http://example.com/a:b@c"), None);
    }
}
