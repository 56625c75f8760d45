//! GL012 `hardcoded-credentials`: a password, token or key written in `variables`.

use crate::ci::common::{Ctx, is_credential_name, is_literal_secret};
use crate::ci::gitlab::model::Pipeline;
use crate::yaml::Node;

declare_rule! {
    code: "GL012",
    name: "hardcoded-credentials",
    severity: Warning,
    summary: "A password, token or API key is written as a literal in `variables`.",
    help: "Define it as a masked (and protected) CI/CD variable in the project settings, or use `id_tokens` with your cloud's OIDC federation.",
    references: ["cwe:CWE-798"],
    doc: r#"## What it does
Reports a literal value given to a variable whose name says it holds a credential (its last
word is `password`, `passwd`, `pwd`, `secret`, `token`, `apikey`, `passphrase`, `pat`, or it
ends with `api key`, `access key`, `secret key`, `private key`) in the global or a job's
`variables`. Values made of other variables (`$DB_PASSWORD`) are fine. It is a warning, not
an error, since job variables also configure throwaway service containers
(`POSTGRES_PASSWORD` of a test database).

## Why is this bad?
Everyone who can read the repository and its history can read the credential, and GitLab
cannot mask in the job log a value it does not know is secret.

## Example
```yaml
deploy:
  variables:
    API_TOKEN: tok-EXAMPLE-0000
  script: ./deploy.sh
```

Use instead:
```yaml
deploy:
  # API_TOKEN is a masked, protected CI/CD variable in Settings > CI/CD > Variables.
  script: ./deploy.sh
```

## References
- [GitLab CI/CD variables: mask a variable](https://docs.gitlab.com/ci/variables/#mask-a-cicd-variable)
- [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
"#,
}

/// Report literal credentials in variables.
pub(crate) fn check(p: &Pipeline<'_>, ctx: &mut Ctx<'_>) {
    scan(&p.variables, "the global `variables`", ctx);
    for job in &p.jobs {
        scan(&job.variables, &format!("the `variables` of job `{}`", job.name), ctx);
    }
}

fn scan(entries: &[(&Node, &Node)], place: &str, ctx: &mut Ctx<'_>) {
    for (key, value) in entries {
        let Some(name) = key.as_str() else { continue };
        let value = value.get("value").unwrap_or(value);
        if is_credential_name(name) && is_literal_secret(value) {
            ctx.report(
                &RULE,
                value.span,
                format!("`{name}` in {place} is a hardcoded credential"),
            );
        }
    }
}
