//! DF030 `secret-in-env-or-arg`: a password, token or key written into ENV or ARG.

use crate::dockerfile::context::Ctx;
use crate::dockerfile::parser::{Dockerfile, Instruction, Keyword};
use crate::dockerfile::rules::tls_verification_disabled;

declare_rule! {
    code: "DF030",
    name: "secret-in-env-or-arg",
    severity: Error,
    summary: "ENV or ARG gives a secret-looking variable (PASSWORD, TOKEN, API_KEY, …) a literal value.",
    help: "Pass secrets at run time (environment, orchestrator secrets) or at build time with `RUN --mount=type=secret`; never write them in the Dockerfile.",
    references: ["cwe:CWE-798"],
    doc: r#"## What it does
Checks ENV and ARG instructions that set a variable whose name says it holds a secret
(`PASSWORD`, `PASSWD`, `PASS`, `SECRET`, `TOKEN`, `API_KEY`, `ACCESS_KEY`, `PRIVATE_KEY`,
`CREDENTIALS`, …) to a literal value. Names that describe a secret rather than hold one
(`…_FILE`, `…_PATH`, `…_URL`, `…_NAME`, `…_ID`, `…_LENGTH`, `…_TTL`, …), values taken from
another variable (`$X`) and empty or boolean values are not reported. The finding never
repeats the value.

## Why is this bad?
ENV values are stored in the image configuration and ARG values in its build history:
anyone who can pull the image reads them with `docker inspect` or `docker history`, and the
secret ends up in every registry, cache and CI log the image passes through. Rotating it means
rebuilding and re-publishing every image.

## Example
```dockerfile
FROM node:22.11.0-bookworm-slim
ENV DATABASE_PASSWORD=s3cr3t
ARG NPM_TOKEN=npm_abcdef123456
```

Use instead:
```dockerfile
# syntax=docker/dockerfile:1
FROM node:22.11.0-bookworm-slim
RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
# DATABASE_PASSWORD comes from the runtime environment or an orchestrator secret.
```

## References
- [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
- [Docker build secrets](https://docs.docker.com/build/building/secrets/)
"#,
}

// The word lists are `matches!` patterns rather than slices: a match on string literals
// compiles to length checks and inline compares, a slice `contains` to a memcmp call per entry
// of the same length, for every part of every ENV and ARG name.

/// Name parts that mark a secret on their own.
fn is_secret_part(part: &[u8]) -> bool {
    matches!(
        part,
        b"password"
            | b"passwd"
            | b"pass"
            | b"passphrase"
            | b"secret"
            | b"secrets"
            | b"token"
            | b"apikey"
            | b"credential"
            | b"credentials"
            | b"privatekey"
    )
}

/// `<part>_KEY` names that hold key material.
fn is_key_prefix(part: &[u8]) -> bool {
    matches!(
        part,
        b"api"
            | b"access"
            | b"private"
            | b"secret"
            | b"auth"
            | b"signing"
            | b"encryption"
            | b"master"
            | b"license"
    )
}

/// Name parts that describe a secret rather than hold it.
fn is_descriptive_part(part: &[u8]) -> bool {
    matches!(
        part,
        b"file"
            | b"path"
            | b"dir"
            | b"url"
            | b"uri"
            | b"endpoint"
            | b"name"
            | b"id"
            | b"length"
            | b"len"
            | b"ttl"
            | b"expiry"
            | b"expires"
            | b"expiration"
            | b"timeout"
            | b"header"
            | b"type"
            | b"algorithm"
            | b"issuer"
            | b"audience"
            | b"enabled"
            | b"required"
            | b"mode"
            | b"size"
            | b"version"
            | b"location"
            | b"ref"
            | b"arn"
            | b"env"
            | b"field"
            | b"prefix"
    )
}

/// The set of the letters of `bytes`, case-insensitive, as bits: a letter's bit is its
/// position in the alphabet (from 1). Other bytes set some bit too (a digit the bit of a
/// letter), which only lets more names through to the exact test.
const fn letters(bytes: &[u8]) -> u32 {
    let mut set = 0;
    let mut k = 0;
    while k < bytes.len() {
        set |= 1 << ((bytes[k] | 0x20) & 31);
        k += 1;
    }
    set
}

/// Whether a variable name says it holds a secret.
pub(crate) fn is_secret_name(name: impl AsRef<[u8]>) -> bool {
    let name = name.as_ref();
    // Every secret part, and `key` after a key prefix, holds one of these words, so a name
    // that is a secret has every letter of one of them: most names (`NODE_ENV`, `PORT`) lack
    // a letter of each and are rejected on the set of their letters, one OR per byte, before
    // being split (a substring search per byte cost twice as much).
    const WORDS: [&[u8]; 5] = [b"pass", b"secret", b"token", b"key", b"credential"];
    const NEEDS: [u32; 5] = [
        letters(WORDS[0]),
        letters(WORDS[1]),
        letters(WORDS[2]),
        letters(WORDS[3]),
        letters(WORDS[4]),
    ];
    let has = letters(name);
    if !NEEDS.iter().any(|need| has & need == *need) {
        return false;
    }
    // Every ENV and ARG name goes through here: the parts are lowercased on the stack.
    let mut secret = false;
    let mut after_key_prefix = false;
    let parts = name
        .split(|b| matches!(b, b'_' | b'-' | b'.'))
        .filter(|p| !p.is_empty());
    for part in parts {
        let mut buf = [0u8; 16];
        let Some(lower) = buf.get_mut(..part.len()) else {
            // Longer than any listed word.
            after_key_prefix = false;
            continue;
        };
        for (l, b) in lower.iter_mut().zip(part) {
            *l = b.to_ascii_lowercase();
        }
        let part = &*lower;
        if is_descriptive_part(part) {
            return false;
        }
        secret |= is_secret_part(part) || (after_key_prefix && part == b"key");
        after_key_prefix = is_key_prefix(part);
    }
    secret
}

/// Whether a value is a literal that could be a secret.
fn is_literal_secret(value: &str) -> bool {
    let v = value.trim();
    !v.is_empty()
        && !v.contains('$')
        && !matches!(
            v.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "0" | "1" | "none" | "null"
        )
}

fn check_pairs(df: &Dockerfile<'_>, ctx: &mut Ctx<'_>, inst: &Instruction) {
    let keyword = inst.keyword();
    for pair in df.pairs(inst) {
        let Some(value) = pair.value else {
            continue;
        };
        tls_verification_disabled::check_env_pair(df, ctx, pair.key, &value);
        // The name's bytes: the letter test needs no `&str`, whose slicing checks character
        // boundaries (~25 instructions per pair); the text is only read for a finding.
        if !is_secret_name(df.text_bytes(pair.key)) || !is_literal_secret(&df.value(&value)) {
            continue;
        }
        let name = df.text(pair.key);
        let message = if keyword == Keyword::Arg {
            format!("ARG `{name}` has a literal default: build arguments are readable in the image history")
        } else {
            format!("ENV `{name}` has a literal value: it is stored in the image for anyone who can pull it")
        };
        ctx.report(&RULE, df.span(value.range), message);
    }
}

/// Report literal secrets in ENV and ARG, and for DF035 ([`tls_verification_disabled`])
/// the pairs that turn TLS verification off: one walk over the pairs serves both rules.
pub(crate) fn check(df: &Dockerfile<'_>, ctx: &mut Ctx<'_>) {
    let facts = ctx.facts;
    // The ENVs and ARGs in one walk in file order, then the triggers (the findings are sorted
    // afterwards): two chained iterators rather than four (ENV, its triggers, ARG, its
    // triggers), each step of which asked which of them was current.
    let triggers = facts.triggers(Keyword::Env, Keyword::Arg);
    for inst in facts.either(Keyword::Env, Keyword::Arg).chain(triggers) {
        check_pairs(df, ctx, inst);
    }
}

#[cfg(test)]
mod tests {
    use super::{is_secret_name, letters};

    #[test]
    fn the_letter_test_lets_every_name_with_a_word_through() {
        for word in ["pass", "secret", "token", "key", "credential"] {
            let need = letters(word.as_bytes());
            for (before, after) in [("", ""), ("A_", ""), ("", "_B"), ("x1-", ".9z"), ("é", "ß")] {
                for cased in [word.to_string(), word.to_ascii_uppercase()] {
                    let name = format!("{before}{cased}{after}");
                    assert_eq!(letters(name.as_bytes()) & need, need, "{name}");
                }
            }
        }
    }

    #[test]
    fn secret_names() {
        for name in [
            "DB_PASSWORD", "password", "NPM_TOKEN", "API_KEY", "apiKey_x", "AWS_SECRET_ACCESS_KEY",
            "GITHUB_TOKEN", "PRIVATE_KEY", "DJANGO_SECRET_KEY", "REDIS_PASS", "CREDENTIALS",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in [
            "PWD", "PASSWORD_FILE", "TOKEN_URL", "SECRET_NAME", "AWS_ACCESS_KEY_ID", "KEY",
            "PATH", "NODE_ENV", "PASSWORD_MIN_LENGTH", "TOKEN_TTL", "PASSENGER_APP_ENV",
        ] {
            assert!(!is_secret_name(name), "{name}");
        }
    }
}
