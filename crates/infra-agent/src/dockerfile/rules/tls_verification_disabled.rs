//! DF035 `tls-verification-disabled`: certificate checks turned off in RUN or ENV.

use crate::dockerfile::cli::{has_long, has_short, pip_install};
use crate::dockerfile::context::{Ctx, Script};
use crate::dockerfile::parser::{Dockerfile, TextRange, Token};
#[cfg(doc)]
use crate::dockerfile::rules::secret_in_env_or_arg;
use crate::dockerfile::shell::{Command, Word};

declare_rule! {
    code: "DF035",
    name: "tls-verification-disabled",
    severity: Error,
    summary: "TLS certificate verification is turned off (curl -k, wget --no-check-certificate, NODE_TLS_REJECT_UNAUTHORIZED=0, …).",
    help: "Keep verification on; install the CA certificate you need (e.g. `ca-certificates`, or COPY your CA into the trust store) instead.",
    references: ["cwe:CWE-295"],
    doc: r#"## What it does
Checks for switches that disable TLS certificate verification while building or running the
image: `curl -k`/`--insecure`, `wget --no-check-certificate`, `pip install --trusted-host`,
`apk --allow-untrusted`, `apt-get --allow-unauthenticated`/`--allow-insecure-repositories`,
`git -c http.sslVerify=false`, `npm config set strict-ssl false`, and ENV variables
`NODE_TLS_REJECT_UNAUTHORIZED=0`, `PYTHONHTTPSVERIFY=0`, `GIT_SSL_NO_VERIFY`,
`NPM_CONFIG_STRICT_SSL=false`.

## Why is this bad?
Without verification, anyone on the network path (a compromised proxy, a hostile Wi-Fi, a
poisoned DNS) can serve their own packages or scripts, and they run inside the image. Set in
ENV, the switch also disables verification for the application at run time.

## Example
```dockerfile
FROM debian:12.8-slim
RUN curl -fsSLk https://example.com/install.sh -o /tmp/install.sh
ENV NODE_TLS_REJECT_UNAUTHORIZED=0
```

Use instead:
```dockerfile
FROM debian:12.8-slim
COPY corporate-ca.crt /usr/local/share/ca-certificates/
RUN update-ca-certificates \
 && curl -fsSL https://example.com/install.sh -o /tmp/install.sh
```

## References
- [CWE-295: Improper Certificate Validation](https://cwe.mitre.org/data/definitions/295.html)
- [curl: SSL certificate verification](https://curl.se/docs/sslcerts.html)
"#,
}

/// The offending word of a command, and what it does.
fn insecure_word<'a, 's>(cmd: &'a Command<'s>) -> Option<(&'a Word<'s>, &'static str)> {
    let name = cmd.name()?;
    let args = cmd.args();
    let find = |pred: &dyn Fn(&Word<'_>) -> bool| args.iter().find(|w| pred(w));
    match name {
        "curl" if has_short(args, 'k') || has_long(args, "--insecure") => find(&|w| {
            w.raw == "--insecure" || (w.raw.starts_with('-') && !w.raw.starts_with("--") && w.raw.contains('k'))
        })
        .map(|w| (w, "curl")),
        "wget" => find(&|w| w.raw == "--no-check-certificate")
            .map(|w| (w, "wget")),
        "apk" => find(&|w| w.raw == "--allow-untrusted")
            .map(|w| (w, "apk (unsigned packages are accepted)")),
        "apt-get" | "apt" => find(&|w| {
            matches!(w.raw, "--allow-unauthenticated" | "--allow-insecure-repositories")
                || w.value().contains("Verify-Peer=false")
                || w.value().contains("AllowInsecureRepositories=true")
        })
        .map(|w| (w, "apt (unauthenticated packages are accepted)")),
        "git" => find(&|w| {
            let v = w.value().to_ascii_lowercase();
            v == "http.sslverify=false" || v == "http.sslverify"
        })
        .filter(|w| {
            w.value().contains('=')
                || args
                    .iter()
                    .skip_while(|x| x.start != w.start)
                    .nth(1)
                    .is_some_and(|n| n.value().eq_ignore_ascii_case("false"))
        })
        .map(|w| (w, "git")),
        "npm" | "yarn" | "pnpm" => {
            // `ends_with` first: it rules out other words without the char-pattern trim.
            let is_strict = |v: &str| {
                v.ends_with("strict-ssl") && v.trim_start_matches('-') == "strict-ssl"
            };
            let strict = args.iter().position(|w| match w.plain() {
                Some(v) => is_strict(v),
                None => is_strict(&w.value()),
            })?;
            let next = args.get(strict + 1)?;
            next.is("false")
                .then(|| (&args[strict], "the package manager"))
        }
        _ => {
            let (_, install, pip_args) = pip_install(cmd)?;
            let _ = install;
            pip_args
                .iter()
                .find(|w| w.raw.starts_with("--trusted-host"))
                .map(|w| (w, "pip (for the trusted host)"))
        }
    }
}

/// Report an ENV or ARG `key=value` that turns verification off. Called by the ENV/ARG walk
/// of [`secret_in_env_or_arg::check`], which reads each pair once for both rules.
pub(crate) fn check_env_pair(df: &Dockerfile<'_>, ctx: &mut Ctx<'_>, key: TextRange, value: &Token) {
    // The names below are 17, 21 or 28 bytes long: other names (most) are passed over on
    // their range, without reading their text.
    if !matches!(key.end.saturating_sub(key.start), 17 | 21 | 28) {
        return;
    }
    let name = df.text(key);
    let value_is = |s: &str| df.value(value).eq_ignore_ascii_case(s);
    let insecure = match name {
        "NODE_TLS_REJECT_UNAUTHORIZED" | "PYTHONHTTPSVERIFY" => value_is("0"),
        "GIT_SSL_NO_VERIFY" => !value_is("") && !value_is("0") && !value_is("false"),
        "NPM_CONFIG_STRICT_SSL" | "npm_config_strict_ssl" => value_is("false"),
        _ => false,
    };
    if insecure {
        ctx.report(
            &RULE,
            df.span(value.range),
            format!("`{name}` turns TLS certificate verification off for everything in the image"),
        );
    }
}

/// Report a RUN command that turns verification off. Called by the walk over every RUN
/// command in [`super::sudo_in_run::check`], which reads each command once for several rules.
pub(crate) fn check_command(df: &Dockerfile<'_>, ctx: &mut Ctx<'_>, script: &Script<'_>, cmd: &Command<'_>) {
    if let Some((word, what)) = insecure_word(cmd) {
        ctx.report(
            &RULE,
            script.span(df, word),
            format!(
                "`{}` turns off certificate verification for {what}",
                word.value()
            ),
        );
    }
}

/// Report disabled certificate verification: done by the walk over RUN commands of
/// [`super::sudo_in_run::check`] (see [`check_command`]) and the ENV/ARG walk of
/// [`secret_in_env_or_arg::check`] (see [`check_env_pair`]), which serve several rules.
pub(crate) fn check(_df: &Dockerfile<'_>, _ctx: &mut Ctx<'_>) {}
