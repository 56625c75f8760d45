//! Secret redaction for untrusted text, applied before the text reaches a model.
//!
//! [`redact`] finds well-known credential shapes (cloud keys, forge and chat tokens, private key
//! blocks, JWTs, connection-string passwords) and high-entropy values assigned to secret-sounding
//! names, and replaces each with `[REDACTED:<kind>]`. The result reports where each secret was,
//! as a 1-based line and column (in characters) of the ORIGINAL text, and what kind it was —
//! never the value itself, so a [`Redacted`] or a [`Redaction`] is safe to print or log.
//!
//! Redaction is idempotent: redacting an already redacted text changes nothing and reports
//! nothing, because a `[REDACTED:...]` marker never matches a pattern.
//!
//! ```
//! use squad_core::redact::{redact, SecretKind};
//!
//! let key = ["AKIA", "IOSFODNN7EXAMPLE"].concat();
//! let out = redact(&format!("export AWS_ACCESS_KEY_ID={key}"));
//! assert_eq!(out.text, "export AWS_ACCESS_KEY_ID=[REDACTED:aws-access-key-id]");
//! assert_eq!(out.found[0].kind, SecretKind::AwsAccessKeyId);
//! assert_eq!((out.found[0].line, out.found[0].column), (1, 26));
//! ```

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

use regex::{Captures, Regex, RegexSet};
use serde::{Deserialize, Serialize};

/// The kind of secret a [`Redaction`] replaced. Displays (and serializes) as kebab-case, the
/// name used in the `[REDACTED:<kind>]` marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum SecretKind {
    /// An AWS access key id (`AKIA`/`ASIA` followed by 16 upper-case letters or digits).
    AwsAccessKeyId,
    /// An AWS secret access key assigned to `aws_secret_access_key` (40 characters).
    AwsSecretAccessKey,
    /// A GitHub token (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, `github_pat_`).
    GithubToken,
    /// A GitLab personal access token (`glpat-`).
    GitlabToken,
    /// A Slack token (`xoxb-`, `xoxp-`, `xoxa-`, `xoxr-`, `xoxs-`).
    SlackToken,
    /// A Slack incoming-webhook URL (`https://hooks.slack.com/...`).
    SlackWebhookUrl,
    /// A Stripe secret or restricted key (`sk_live_`, `rk_live_`, `sk_test_`, `rk_test_`).
    StripeKey,
    /// A PEM/OpenSSH/PGP private key block, from its BEGIN line through its END line.
    PrivateKey,
    /// A JSON Web Token (three base64url segments, the first starting `eyJ`).
    Jwt,
    /// The password of a `scheme://user:password@host` URL (only the password is replaced).
    ConnectionStringPassword,
    /// A high-entropy value assigned to a secret-sounding name (`password`, `token`, `api_key`...).
    GenericSecret,
}

impl SecretKind {
    /// The kebab-case name, as in `[REDACTED:<name>]`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AwsAccessKeyId => "aws-access-key-id",
            Self::AwsSecretAccessKey => "aws-secret-access-key",
            Self::GithubToken => "github-token",
            Self::GitlabToken => "gitlab-token",
            Self::SlackToken => "slack-token",
            Self::SlackWebhookUrl => "slack-webhook-url",
            Self::StripeKey => "stripe-key",
            Self::PrivateKey => "private-key",
            Self::Jwt => "jwt",
            Self::ConnectionStringPassword => "connection-string-password",
            Self::GenericSecret => "generic-secret",
        }
    }

    /// The text that replaces a secret of this kind: `[REDACTED:<kind>]`.
    pub fn marker(self) -> String {
        format!("[REDACTED:{}]", self.as_str())
    }
}

impl fmt::Display for SecretKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a secret was found: its kind and where it started in the original text. It never holds
/// the secret itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Redaction {
    /// What was replaced.
    pub kind: SecretKind,
    /// 1-based line of the secret's first character in the original text.
    pub line: u32,
    /// 1-based column, in characters, of the secret's first character in the original text.
    pub column: u32,
}

/// The result of [`redact`]: the text with every secret replaced, and what was replaced where.
///
/// Its `Debug` output shows only redacted text, so it is safe to log.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Redacted {
    /// The input with each secret replaced by `[REDACTED:<kind>]`.
    pub text: String,
    /// One entry per replaced secret, in order of position.
    pub found: Vec<Redaction>,
}

/// Replace every secret found in `text` with `[REDACTED:<kind>]`.
///
/// Patterns apply one after the other, most specific first, each to the text the previous ones
/// produced: a GitHub token assigned to `token=` is a [`SecretKind::GithubToken`], not a
/// [`SecretKind::GenericSecret`], and a marker left by one pattern never matches a later one.
pub fn redact(text: &str) -> Redacted {
    let (text, found) = redact_parts(text);
    Redacted {
        text: text.into_owned(),
        found,
    }
}

/// [`redact`], with the text borrowed when nothing was replaced (the usual case): a caller that
/// only reads it, such as the prompt renderer, saves a copy.
pub(crate) fn redact_parts(text: &str) -> (Cow<'_, str>, Vec<Redaction>) {
    // A short text (the usual requirements line) costs more in per-search set-up than in
    // scanning: one search for all the shapes at once settles the common case, no secret at
    // all, and before it a byte scan settles texts without a byte every shape needs. When no
    // pattern matches the text, the loop below changes nothing and finds nothing.
    if text.len() <= SHORT_TEXT && (!may_hold_secret(text) || !ANY_PATTERN.is_match(text)) {
        return (Cow::Borrowed(text), Vec::new());
    }
    // Accepted secrets as byte ranges of the ORIGINAL text, sorted by start.
    let mut accepted: Vec<Secret> = Vec::new();
    // Borrowed until a secret is replaced.
    let mut current = Cow::Borrowed(text);
    for pattern in PATTERNS.iter() {
        // Most texts hold no secret of most shapes: a plain search, without capture slots, the
        // marker scan and the candidate loop below, settles that cheaply. When it finds nothing,
        // `captures_at` from 0 would have found nothing either.
        if !pattern.regex.is_match(&current) {
            continue;
        }
        // Markers, from this call or an earlier one, are opaque: no secret may overlap one.
        let markers: Vec<(usize, usize)> = MARKER
            .find_iter(&current)
            .map(|m| (m.start(), m.end()))
            .collect();
        let mut new = Vec::new();
        // Search by hand rather than with `captures_iter`: after a rejected candidate the search
        // resumes inside it, so a rejected value (a URL, a reference) cannot hide a secret that
        // sits within it, such as `?token=...` in a URL.
        let mut at = 0;
        while at <= current.len() {
            let Some(caps) = pattern.regex.captures_at(&current, at) else {
                break;
            };
            let whole = caps.get_match();
            let secret = pattern.groups.iter().find_map(|&g| caps.get(g));
            let kept = secret.filter(|secret| {
                !secret.as_str().is_empty()
                    && !markers
                        .iter()
                        .any(|&(start, end)| secret.start() < end && start < secret.end())
                    && pattern
                        .accept
                        .is_none_or(|accept| accept(&caps, secret.as_str()))
            });
            at = match (kept, secret) {
                (Some(kept), _) => {
                    if let (Some(start), Some(end)) = (
                        to_original(kept.start(), &accepted),
                        to_original(kept.end(), &accepted),
                    ) {
                        new.push(Secret {
                            start,
                            end,
                            kind: pattern.kind,
                        });
                    }
                    kept.end()
                }
                (None, Some(rejected)) if rejected.start() > whole.start() => rejected.start(),
                (None, _) => next_char(&current, whole.start()),
            };
        }
        if !new.is_empty() {
            accepted.extend(new);
            accepted.sort_by_key(|s| s.start);
            current = Cow::Owned(apply(text, &accepted));
        }
    }

    let mut found = Vec::with_capacity(accepted.len());
    let (mut line, mut column) = (1u32, 1u32);
    let mut cursor = 0;
    for secret in &accepted {
        // Count through the previous secret too: positions are in the original text.
        for ch in text[cursor..secret.start].chars() {
            if ch == '\n' {
                line = line.saturating_add(1);
                column = 1;
            } else {
                column = column.saturating_add(1);
            }
        }
        found.push(Redaction {
            kind: secret.kind,
            line,
            column,
        });
        cursor = secret.start;
    }
    (current, found)
}

/// Bytes of which every pattern of [`PATTERNS`] needs one to match (each shape has one as a
/// literal, case-sensitively): `-` (`-----BEGIN`, `glpat-`, `xoxb-`), `:` or `=` (every
/// assignment, `://`), `_` (`ghp_`, `github_pat_`, `sk_live_`), `A` (`AKIA`, `ASIA`), `J`
/// (`eyJ`). A new pattern must keep this true: see the test `every_pattern_needs_a_key_byte`.
const KEY_BYTES: [u8; 6] = [b'-', b':', b'=', b'_', b'A', b'J'];

/// Whether `text` holds one of [`KEY_BYTES`]: without one, no pattern can match. A short plain
/// requirement ("small image") is settled by this scan, without the regex set's search
/// (~300 instructions, measured on the Dockerfile prompt's render).
fn may_hold_secret(text: &str) -> bool {
    text.bytes().any(|b| KEY_BYTES.contains(&b))
}

/// The byte offset of the character after the one at `at`, or past the end.
fn next_char(text: &str, at: usize) -> usize {
    text[at..]
        .chars()
        .next()
        .map_or(text.len() + 1, |c| at + c.len_utf8())
}

/// A secret's byte range in the original text.
#[derive(Debug, Clone, Copy)]
struct Secret {
    start: usize,
    end: usize,
    kind: SecretKind,
}

/// The original text with each secret replaced by its marker.
fn apply(text: &str, secrets: &[Secret]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    for secret in secrets {
        out.push_str(&text[cursor..secret.start]);
        out.push_str(&secret.kind.marker());
        cursor = secret.end;
    }
    out.push_str(&text[cursor..]);
    out
}

/// Map an offset of the partly redacted text back to the original text; `None` when it falls
/// strictly inside a marker.
fn to_original(offset: usize, secrets: &[Secret]) -> Option<usize> {
    // `current` = original with markers, so an offset before a marker keeps its distance to it.
    let mut shift: isize = 0;
    for secret in secrets {
        let marker_len = MARKER_PREFIX.len() + secret.kind.as_str().len() + 1;
        let marker_start = secret.start.checked_add_signed(shift)?;
        let marker_end = marker_start + marker_len;
        if offset <= marker_start {
            break;
        }
        if offset < marker_end {
            return None;
        }
        shift += marker_len as isize - (secret.end - secret.start) as isize;
    }
    offset.checked_add_signed(-shift)
}

/// One secret shape. `groups` lists the capture groups that may hold the secret (the first that
/// participated is used); `[0]` means the whole match.
struct Pattern {
    kind: SecretKind,
    regex: Regex,
    groups: &'static [usize],
    accept: Option<fn(&Captures<'_>, &str) -> bool>,
}

fn pattern(
    kind: SecretKind,
    re: &str,
    groups: &'static [usize],
    accept: Option<fn(&Captures<'_>, &str) -> bool>,
) -> Pattern {
    Pattern {
        kind,
        regex: Regex::new(re).expect("built-in secret pattern is a valid regex"),
        groups,
        accept,
    }
}

/// Texts up to this many bytes are first searched for every pattern at once ([`ANY_PATTERN`]):
/// on longer ones the patterns' own literal prefilters scan faster than one combined search.
const SHORT_TEXT: usize = 1024;

/// Every pattern of [`PATTERNS`], as one set.
static ANY_PATTERN: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new(PATTERNS.iter().map(|p| p.regex.as_str()))
        .expect("the built-in secret patterns form a valid set")
});

/// In priority order: the most specific shapes first, the generic assignment last.
static PATTERNS: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    vec![
        // A full block; a block cut before its END (a truncated log) still hides its body lines.
        pattern(
            SecretKind::PrivateKey,
            r"-----BEGIN[A-Z0-9 ]* PRIVATE KEY(?: BLOCK)?-----(?:(?s:.*?)-----END[A-Z0-9 ]* PRIVATE KEY(?: BLOCK)?-----|(?:\r?\n(?:[A-Za-z0-9+/=]+|[A-Za-z-]+:[^\r\n]*)?\r?(?m:$))*)",
            &[0],
            None,
        ),
        pattern(
            SecretKind::AwsAccessKeyId,
            r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b",
            &[0],
            None,
        ),
        pattern(
            SecretKind::AwsSecretAccessKey,
            r#"(?i)aws[_-]?secret[_-]?(?:access[_-]?)?key["']?\s*(?::=|=>|[:=])\s*["']?([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)"#,
            &[1],
            None,
        ),
        pattern(
            SecretKind::GithubToken,
            r"\b(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,})\b",
            &[0],
            None,
        ),
        pattern(
            SecretKind::GitlabToken,
            r"\bglpat-[A-Za-z0-9_.-]{20,}",
            &[0],
            None,
        ),
        pattern(
            SecretKind::SlackWebhookUrl,
            r"https://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/-]{20,}",
            &[0],
            None,
        ),
        // Real Slack tokens continue with a numeric id; `xoxb-your-token` does not.
        pattern(
            SecretKind::SlackToken,
            r"\bxox[abprs]-[0-9]+-[A-Za-z0-9-]{8,}",
            &[0],
            None,
        ),
        pattern(
            SecretKind::StripeKey,
            r"\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}\b",
            &[0],
            None,
        ),
        pattern(
            SecretKind::Jwt,
            r"\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{16,}",
            &[0],
            None,
        ),
        pattern(
            SecretKind::ConnectionStringPassword,
            r"\b[A-Za-z][A-Za-z0-9+.-]*://[^\s:/@]*:([^\s/@]+)@",
            &[1],
            Some(|_, value| !looks_like_placeholder(value)),
        ),
        pattern(
            SecretKind::GenericSecret,
            r#"(?i)(?P<key>[a-z0-9_.-]*(?:password|passwd|secret|token|api[_.-]?key|apikey|access[_.-]?key|auth[_.-]?key|private[_.-]?key|credentials?)[a-z0-9_.-]*)["']?\s*(?::=|=>|[:=])[ \t]*(?:"([^"\r\n]*)"|'([^'\r\n]*)'|([^\s"'`,;]+))"#,
            &[2, 3, 4],
            Some(accept_generic),
        ),
    ]
});

/// The minimum Shannon entropy, in bits per character, of a generic secret's value.
const MIN_ENTROPY: f64 = 3.0;
/// The minimum length, in characters, of a generic secret's value.
const MIN_LEN: usize = 8;

/// How every marker starts.
const MARKER_PREFIX: &str = "[REDACTED:";

/// A marker left by a redaction, now or in an earlier pass.
static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\[REDACTED:[a-z0-9-]+\]").expect("built-in marker pattern is a valid regex")
});

/// Keys that name a secret without holding it (`secret_name`, `token_url`, `password_file`...).
static NON_SECRET_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:name|names|file|path|dir|url|uri|endpoint|ref|type|id|length|len|ttl|expiry|expires|expiration|header|field|env|var|policy|mode|prompt|count|size|limit|min|max|rotation|izer|less|format|algorithm|provider|store|backend|version|enabled|required)$",
    )
    .expect("built-in key pattern is a valid regex")
});

/// Bare values that are code, file or URL references rather than literals:
/// `process.env.API_TOKEN`, `API_TOKEN`, `get_token()`, `/run/secrets/db`, `https://...`
/// (credentials inside a URL are found by their own patterns).
static CODE_REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+|[A-Z_]+|.*[()\[\]{}<>].*|(?:\.{1,2}|~)?/[\w.-]+(?:/[\w.-]*)*|[A-Za-z][A-Za-z0-9+.-]*://.*)$",
    )
    .expect("built-in reference pattern is a valid regex")
});

fn accept_generic(caps: &Captures<'_>, value: &str) -> bool {
    let key = caps.name("key").map_or("", |m| m.as_str());
    if NON_SECRET_KEY.is_match(key) {
        return false;
    }
    let bare = caps.get(4).is_some();
    if bare && CODE_REFERENCE.is_match(value) {
        return false;
    }
    value.chars().count() >= MIN_LEN
        && !looks_like_placeholder(value)
        && shannon_entropy(value) >= MIN_ENTROPY
}

/// Values that stand for a secret instead of being one: `changeme`, `${VAR}`, `$VAR`, `%VAR%`,
/// `{{ .Values.x }}`, `<your-key>`, `xxxx`, `****`, anything saying "example".
fn looks_like_placeholder(value: &str) -> bool {
    const WORDS: &[&str] = &[
        "changeme",
        "change_me",
        "change-me",
        "example",
        "placeholder",
        "your_",
        "your-",
        "yourpass",
        "yoursecret",
        "yourtoken",
        "dummy",
        "sample",
        "redacted",
        "xxxx",
        "****",
        "...",
    ];
    let lower = value.to_ascii_lowercase();
    if WORDS.iter().any(|w| lower.contains(w)) {
        return true;
    }
    if value.starts_with('$') || value.starts_with('%') {
        return true;
    }
    if ["${", "{{", "{%", "$("].iter().any(|s| value.contains(s)) {
        return true;
    }
    if value.starts_with('<') && value.ends_with('>') {
        return true;
    }
    let mut chars = value.chars();
    match chars.next() {
        Some(first) => chars.all(|c| c == first),
        None => true,
    }
}

/// Shannon entropy of `value`, in bits per character.
fn shannon_entropy(value: &str) -> f64 {
    let mut counts: HashMap<char, usize> = HashMap::new();
    let mut total = 0usize;
    for ch in value.chars() {
        *counts.entry(ch).or_default() += 1;
        total += 1;
    }
    if total == 0 {
        return 0.0;
    }
    let total = total as f64;
    counts
        .values()
        .map(|&n| {
            let p = n as f64 / total;
            -p * p.log2()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Every fixture secret is built by concatenation or repetition so that no real-looking
    // credential sits in this file, and most carry EXAMPLE/FAKE in their body.

    fn aws_key_id() -> String {
        ["AKIA", "IOSFODNN7EXAMPLE"].concat()
    }

    fn aws_secret() -> String {
        // 40 characters of the AWS documentation's example shape.
        ["wJalrXUtnFEMI/K7MDENG/", "bPxRfiCYEXAMPLEKEY"].concat()
    }

    fn github_token() -> String {
        ["ghp_", &"FAKE0fake1".repeat(4)].concat()
    }

    fn kinds(r: &Redacted) -> Vec<SecretKind> {
        r.found.iter().map(|f| f.kind).collect()
    }

    fn assert_single(text: &str, kind: SecretKind, secret: &str) {
        let r = redact(text);
        assert_eq!(kinds(&r), vec![kind], "in {text:?}");
        assert!(!r.text.contains(secret), "secret left in {:?}", r.text);
        assert!(r.text.contains(&kind.marker()), "{:?}", r.text);
    }

    fn assert_clean(text: &str) {
        let r = redact(text);
        assert!(r.found.is_empty(), "unexpected {:?} in {text:?}", r.found);
        assert_eq!(r.text, text);
    }

    #[test]
    fn the_set_matches_when_any_pattern_matches() {
        let texts = [
            String::new(),
            "small image".to_string(),
            "password = hunter2hunter2".to_string(),
            format!("key {}", aws_key_id()),
            "postgres://app:s3cr3t-Pa55@db:5432/app".to_string(),
            "-----BEGIN RSA PRIVATE KEY-----\nabc\n".to_string(),
            "use ${DB_PASSWORD} from the environment".to_string(),
            "[REDACTED:jwt] and token: [REDACTED:github-token]".to_string(),
        ];
        for text in &texts {
            let any = PATTERNS.iter().any(|p| p.regex.is_match(text));
            assert_eq!(ANY_PATTERN.is_match(text), any, "{text:?}");
        }
    }

    #[test]
    fn display_is_kebab_case_and_matches_serde() {
        assert_eq!(SecretKind::AwsAccessKeyId.to_string(), "aws-access-key-id");
        assert_eq!(
            SecretKind::ConnectionStringPassword.marker(),
            "[REDACTED:connection-string-password]"
        );
        for kind in [
            SecretKind::AwsAccessKeyId,
            SecretKind::AwsSecretAccessKey,
            SecretKind::GithubToken,
            SecretKind::GitlabToken,
            SecretKind::SlackToken,
            SecretKind::SlackWebhookUrl,
            SecretKind::StripeKey,
            SecretKind::PrivateKey,
            SecretKind::Jwt,
            SecretKind::ConnectionStringPassword,
            SecretKind::GenericSecret,
        ] {
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{kind}\""));
        }
    }

    #[test]
    fn aws_access_key_id_fires() {
        let key = aws_key_id();
        assert_single(
            &format!("AWS_ACCESS_KEY_ID={key}"),
            SecretKind::AwsAccessKeyId,
            &key,
        );
        let temp = ["ASIA", "FAKEKEY0EXAMPLE1"].concat();
        assert_single(&format!("id: {temp}"), SecretKind::AwsAccessKeyId, &temp);
    }

    #[test]
    fn aws_access_key_id_lookalikes_do_not_fire() {
        // Too short, too long, lower case, wrong prefix.
        assert_clean(&["AKIA", "IOSFODNN7EXAMPL"].concat());
        assert_clean(&["AKIA", "IOSFODNN7EXAMPLEX"].concat());
        assert_clean(&["akia", "iosfodnn7example"].concat());
        assert_clean(&["AKIB", "IOSFODNN7EXAMPLE"].concat());
    }

    #[test]
    fn aws_secret_access_key_fires_in_assignments() {
        let secret = aws_secret();
        for text in [
            format!("aws_secret_access_key = {secret}"),
            format!("AWS_SECRET_ACCESS_KEY=\"{secret}\""),
            format!("\"aws-secret-access-key\": \"{secret}\""),
        ] {
            let r = redact(&text);
            assert_eq!(kinds(&r), vec![SecretKind::AwsSecretAccessKey], "{text}");
            assert!(!r.text.contains(&secret));
            assert!(r.text.contains("aws"), "the key name stays: {}", r.text);
        }
    }

    #[test]
    fn aws_secret_access_key_lookalikes_do_not_fire() {
        // 39 characters; a 40-character string without the key name.
        let short = &aws_secret()[..39];
        assert_clean(&format!("aws_secret_access_key = {short}"));
        let secret = aws_secret();
        let r = redact(&format!("value = {secret}"));
        assert!(!kinds(&r).contains(&SecretKind::AwsSecretAccessKey));
    }

    #[test]
    fn github_tokens_fire() {
        for prefix in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"] {
            let token = [prefix, &"FAKE0fake1".repeat(4)].concat();
            assert_single(&format!("x {token} y"), SecretKind::GithubToken, &token);
        }
        let pat = [
            "github_pat_",
            &"FAKE0fake1".repeat(3),
            "_",
            &"Z9".repeat(20),
        ]
        .concat();
        assert_single(&pat, SecretKind::GithubToken, &pat);
    }

    #[test]
    fn github_lookalikes_do_not_fire() {
        assert_clean("ghp_short");
        assert_clean(&["ghx_", &"FAKE0fake1".repeat(4)].concat());
        assert_clean("github_pat_example");
    }

    #[test]
    fn gitlab_token_fires_and_lookalike_does_not() {
        let token = ["glpat-", "FAKEfake0123456789ab"].concat();
        assert_single(&format!("token {token}"), SecretKind::GitlabToken, &token);
        assert_clean("glpat-short");
    }

    #[test]
    fn slack_tokens_fire() {
        for prefix in ["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-"] {
            let token = [prefix, "000000000000-", "FAKEfakeFAKEfake"].concat();
            assert_single(&format!("{token}\n"), SecretKind::SlackToken, &token);
        }
    }

    #[test]
    fn slack_lookalikes_do_not_fire() {
        assert_clean("set SLACK_TOKEN to xoxb-your-token-here");
        assert_clean(&["xoxz-", "000000000000-", "FAKEfakeFAKEfake"].concat());
    }

    #[test]
    fn slack_webhook_fires_and_placeholder_does_not() {
        let url = [
            "https://hooks.slack.com/services/",
            "T00000000/B00000000/",
            "FAKEfakeFAKEfakeFAKE",
        ]
        .concat();
        assert_single(
            &format!("SLACK_WEBHOOK_URL={url}"),
            SecretKind::SlackWebhookUrl,
            &url,
        );
        assert_clean("SLACK_WEBHOOK_URL=https://hooks.slack.com/services/...");
    }

    #[test]
    fn stripe_keys_fire_but_publishable_keys_do_not() {
        for prefix in ["sk_live_", "rk_live_", "sk_test_"] {
            let key = [prefix, "FAKEfake00000000"].concat();
            assert_single(&format!("{key},"), SecretKind::StripeKey, &key);
        }
        assert_clean(&["pk_live_", "FAKEfake00000000"].concat());
        assert_clean("sk_live_short");
    }

    #[test]
    fn private_key_block_is_replaced_whole() {
        let block = [
            "-----BEGIN RSA PRIVATE KEY-----\n",
            "FAKEfakeFAKEfake\n",
            "EXAMPLEexample==\n",
            "-----END RSA PRIVATE KEY-----",
        ]
        .concat();
        let text = format!("key:\n{block}\nafter");
        let r = redact(&text);
        assert_eq!(r.text, "key:\n[REDACTED:private-key]\nafter");
        assert_eq!(
            r.found,
            vec![Redaction {
                kind: SecretKind::PrivateKey,
                line: 2,
                column: 1
            }]
        );
        let openssh = [
            "-----BEGIN OPENSSH PRIVATE KEY-----\nFAKE\n",
            "-----END OPENSSH PRIVATE KEY-----",
        ]
        .concat();
        assert_single(&openssh, SecretKind::PrivateKey, "FAKE");
    }

    #[test]
    fn truncated_private_key_hides_its_body_but_not_the_prose_after() {
        let text = [
            "-----BEGIN PRIVATE KEY-----\n",
            "FAKEfakeFAKEfake\n",
            "EXAMPLEexample==\n",
            "log line cut here",
        ]
        .concat();
        let r = redact(&text);
        assert_eq!(r.text, "[REDACTED:private-key]\nlog line cut here");
    }

    #[test]
    fn public_keys_and_certificates_do_not_fire() {
        assert_clean("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----");
        assert_clean("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----");
    }

    #[test]
    fn jwt_fires_and_two_segments_do_not() {
        let jwt = [
            "eyJhbGciOiJIUzI1NiJ9",
            ".",
            "eyJzdWIiOiJGQUtFIn0",
            ".",
            "FAKEfakeFAKEfakeFAKEfake",
        ]
        .concat();
        assert_single(
            &format!("Authorization: Bearer {jwt}"),
            SecretKind::Jwt,
            &jwt,
        );
        assert_clean("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJGQUtFIn0");
    }

    #[test]
    fn connection_string_password_only_the_password_is_replaced() {
        let text = [
            "DATABASE_URL=postgres://app:",
            "Fake-Pa55word",
            "@db:5432/app",
        ]
        .concat();
        let r = redact(&text);
        assert_eq!(
            r.text,
            "DATABASE_URL=postgres://app:[REDACTED:connection-string-password]@db:5432/app"
        );
        assert_eq!(r.found[0].column, 29);
        // Redis style: no user name.
        let r = redact(&["redis://:", "Fake-Pa55word", "@cache:6379"].concat());
        assert_eq!(
            r.text,
            "redis://:[REDACTED:connection-string-password]@cache:6379"
        );
    }

    #[test]
    fn connection_string_placeholders_and_non_credentials_do_not_fire() {
        assert_clean("postgres://app:${DB_PASSWORD}@db:5432/app");
        assert_clean("postgres://app:<password>@db/app");
        assert_clean("https://example.com:8443/path");
        assert_clean("ssh://git@github.com:22/org/repo.git");
        assert_clean("git@github.com:org/repo.git");
    }

    #[test]
    fn generic_high_entropy_assignments_fire() {
        let value = ["Zq8v", "T3mW", "9pL2", "xK7r"].concat();
        for text in [
            format!("password = \"{value}\""),
            format!("DB_PASSWORD={value}"),
            format!("api_key: '{value}'"),
            format!("\"apiKey\": \"{value}\""),
            format!("client_secret := {value}"),
            format!("x-api-key: {value}"),
        ] {
            let r = redact(&text);
            assert_eq!(kinds(&r), vec![SecretKind::GenericSecret], "{text}");
            assert!(!r.text.contains(&value), "{}", r.text);
        }
        let r = redact(&format!("password = \"{value}\""));
        assert_eq!(r.text, "password = \"[REDACTED:generic-secret]\"");
    }

    #[test]
    fn generic_placeholders_and_references_do_not_fire() {
        for text in [
            "password = changeme",
            "password: ${DB_PASSWORD}",
            "api_key = \"<your-key>\"",
            "token: xxxxxxxxxxxx",
            "secret = \"my-example-secret-value\"",
            "POSTGRES_PASSWORD: pass",
            "token = process.env.API_TOKEN",
            "token: API_TOKEN_VALUE",
            "password = get_password()",
            "password_file: /run/secrets/db_password",
            "secretName: my-db-secret",
            "max_tokens = 4096",
            "GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}",
            "password: \"{{ .Values.db.password }}\"",
            "password = aaaaaaaaaaaa",
            "the token: is passed in a header",
        ] {
            assert_clean(text);
        }
    }

    #[test]
    fn a_rejected_value_does_not_hide_a_secret_inside_it() {
        let value = ["Zq8v", "T3mW", "9pL2", "xK7r"].concat();
        let text = format!("api_key_source: https://auth.internal/cb?token={value}&x=1");
        let r = redact(&text);
        assert_eq!(kinds(&r), vec![SecretKind::GenericSecret]);
        // A bare value runs to the next space or quote: over-redacting `&x=1` is the safe side.
        assert_eq!(
            r.text,
            "api_key_source: https://auth.internal/cb?token=[REDACTED:generic-secret]"
        );
        assert_clean("token_endpoint: https://auth.internal/oauth2/token");
        assert_clean("api_key: https://vault.internal/v1/secret/data/app");
    }

    #[test]
    fn low_entropy_values_do_not_fire() {
        // 12 characters but only two distinct ones: about 1 bit per character.
        assert_clean("password = abababababab");
        assert!(shannon_entropy("abababababab") < MIN_ENTROPY);
        assert!(shannon_entropy(&["Zq8v", "T3mW", "9pL2", "xK7r"].concat()) >= MIN_ENTROPY);
    }

    #[test]
    fn specific_kind_wins_over_generic() {
        let token = github_token();
        let r = redact(&format!("GITHUB_TOKEN={token}"));
        assert_eq!(kinds(&r), vec![SecretKind::GithubToken]);
        assert_eq!(r.text, "GITHUB_TOKEN=[REDACTED:github-token]");
        let secret = aws_secret();
        let r = redact(&format!("aws_secret_access_key = \"{secret}\""));
        assert_eq!(kinds(&r), vec![SecretKind::AwsSecretAccessKey]);
    }

    #[test]
    fn positions_are_in_the_original_text_in_characters() {
        let key = aws_key_id();
        let token = github_token();
        // Line 2 starts with multi-byte characters: columns count characters, not bytes.
        let text = format!("first line\nété: {key}\n\n  {token}");
        let r = redact(&text);
        assert_eq!(
            r.found,
            vec![
                Redaction {
                    kind: SecretKind::AwsAccessKeyId,
                    line: 2,
                    column: 6
                },
                Redaction {
                    kind: SecretKind::GithubToken,
                    line: 4,
                    column: 3
                },
            ]
        );
    }

    #[test]
    fn positions_after_a_multi_line_secret_stay_in_the_original() {
        let block = [
            "-----BEGIN EC PRIVATE KEY-----\nFAKE\nFAKE\n",
            "-----END EC PRIVATE KEY-----",
        ]
        .concat();
        let key = aws_key_id();
        let r = redact(&format!("{block}\nid={key}"));
        assert_eq!(r.found[1].kind, SecretKind::AwsAccessKeyId);
        assert_eq!((r.found[1].line, r.found[1].column), (5, 4));
    }

    #[test]
    fn several_secrets_on_one_line() {
        let key = aws_key_id();
        let token = github_token();
        let stripe = ["sk_test_", "FAKEfake00000000"].concat();
        let text = format!("{key} {token} {stripe}");
        let r = redact(&text);
        assert_eq!(
            r.text,
            "[REDACTED:aws-access-key-id] [REDACTED:github-token] [REDACTED:stripe-key]"
        );
        let columns: Vec<u32> = r.found.iter().map(|f| f.column).collect();
        assert_eq!(columns, vec![1, 22, 67]);
        assert!(r.found.iter().all(|f| f.line == 1));
    }

    #[test]
    fn redacting_twice_changes_nothing_more() {
        let value = ["Zq8v", "T3mW", "9pL2", "xK7r"].concat();
        let text = format!(
            "{}\n{}\npassword: {value}\nurl = mysql://root:{value}@db/app\ntoken=\"{}\"\n{}",
            aws_key_id(),
            format_args!("aws_secret_access_key={}", aws_secret()),
            github_token(),
            [
                "-----BEGIN PRIVATE KEY-----\nFAKE\n",
                "-----END PRIVATE KEY-----"
            ]
            .concat(),
        );
        let once = redact(&text);
        assert_eq!(once.found.len(), 6, "{:?}", once.found);
        let twice = redact(&once.text);
        assert_eq!(twice.text, once.text);
        assert!(twice.found.is_empty(), "{:?}", twice.found);
    }

    #[test]
    fn markers_already_in_the_text_are_opaque() {
        // Found by the property test: a private key between `x://` and `@` leaves a marker
        // that must not be read as `user:password` on the next pass.
        let text = [
            "x://-----BEGIN PRIVATE KEY-----\nFAKE\n",
            "-----END PRIVATE KEY-----@",
        ]
        .concat();
        let once = redact(&text);
        assert_eq!(once.text, "x://[REDACTED:private-key]@");
        assert_clean(&once.text);
        assert_clean("token = \"[REDACTED:github-token]\" and pg://u:[REDACTED:jwt]@h");
    }

    #[test]
    fn debug_output_never_shows_the_secret() {
        let key = aws_key_id();
        let r = redact(&format!("key {key}"));
        let debug = format!("{r:?}");
        assert!(!debug.contains(&key));
        assert!(!format!("{:?}", r.found[0]).contains(&key));
    }

    #[test]
    fn may_hold_secret_is_a_byte_search() {
        // Every byte value at every position of a short text.
        for b in 0u8..=0xff {
            for at in 0..4 {
                let mut bytes = vec![b'x'; 4];
                bytes[at] = b;
                let text = String::from_utf8_lossy(&bytes);
                let plain = text
                    .bytes()
                    .any(|b| matches!(b, b'-' | b':' | b'=' | b'_' | b'A' | b'J'));
                assert_eq!(may_hold_secret(&text), plain, "{text:?}");
            }
        }
    }

    /// Each pattern's own examples (the fragments of the tests above) hold a key byte, and no
    /// pattern matches a text made of everything else: the patterns' literals with the key
    /// bytes left out, and every other ASCII character.
    #[test]
    fn every_pattern_needs_a_key_byte() {
        assert_eq!(
            PATTERNS.len(),
            11,
            "a new pattern: check KEY_BYTES covers it"
        );
        let value = ["Zq8v", "T3mW", "9pL2", "xK7r"].concat();
        for sample in [
            aws_key_id(),
            github_token(),
            format!("password={value}"),
            format!("pg://u:{value}@h"),
            format!("aws_secret_access_key={}", aws_secret()),
            ["eyJhbGciOiJIUzI1NiJ9", ".e30.", "FAKEfakeFAKEfakeFAKE"].concat(),
            ["xoxb-", "0000-", "FAKEfakeFAKE"].concat(),
            ["sk_live_", "FAKEfake00000000"].concat(),
            [
                "-----BEGIN PRIVATE KEY-----\nFAKE\n",
                "-----END PRIVATE KEY-----",
            ]
            .concat(),
        ] {
            assert!(!redact(&sample).found.is_empty(), "{sample:?}");
            assert!(may_hold_secret(&sample), "{sample:?}");
        }
        let others: String = (0u8..0x80)
            .filter(|b| !KEY_BYTES.contains(b))
            .map(char::from)
            .collect();
        let stripped = |s: &str| -> String {
            s.chars()
                .filter(|c| !KEY_BYTES.iter().any(|&k| char::from(k) == *c))
                .collect()
        };
        let mut texts = vec![others.clone()];
        for pattern in PATTERNS.iter() {
            texts.push(stripped(pattern.regex.as_str()));
        }
        for words in [
            "BEGIN RSA PRIVATE KEY KIA SIA IOSFODNN7EXAMPLE ghp github pat glpat xoxb sk rk live",
            "test eyJhbGciOiJIUzI1NiJ9.e30.FAKEfake https //hooks.slack.com/services/T000/B000/XXXX",
            "aws secret access key password passwd token apikey api key credentials \"Zq8vT3mW9pL2xK7r\"",
            "postgres //user hunter2secret@db/x secret 'Zq8vT3mW9pL2xK7r' token Zq8vT3mW9pL2xK7r",
        ] {
            texts.push(stripped(words));
            texts.push(format!("{} {others} {}", stripped(words), stripped(words)));
        }
        for text in texts {
            assert!(!may_hold_secret(&text), "{text:?}");
            assert!(!ANY_PATTERN.is_match(&text), "{text:?}");
            assert!(
                PATTERNS.iter().all(|p| !p.regex.is_match(&text)),
                "{text:?}"
            );
        }
    }

    #[test]
    fn text_without_secrets_is_unchanged() {
        let text = "FROM node:20-alpine\nRUN npm ci\n# token bucket rate limiting\n";
        assert_clean(text);
        assert_clean("");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// Texts assembled from secret-shaped fragments and separators: redaction is a fixpoint.
        #[test]
        fn redaction_is_idempotent(parts in proptest::collection::vec(0usize..20, 0..16)) {
            let value = ["Zq8v", "T3mW", "9pL2", "xK7r"].concat();
            let fragments = [
                aws_key_id(),
                github_token(),
                format!("password={value}"),
                format!("token: \"{value}\""),
                format!("pg://u:{value}@h"),
                ["-----BEGIN PRIVATE KEY-----\nFAKE\n", "-----END PRIVATE KEY-----"].concat(),
                "-----BEGIN RSA PRIVATE KEY-----\nFAKE".to_owned(),
                format!("aws_secret_access_key={}", aws_secret()),
                ["eyJhbGciOiJIUzI1NiJ9", ".e30.", "FAKEfakeFAKEfakeFAKE"].concat(),
                ["xoxb-", "0000-", "FAKEfakeFAKE"].concat(),
                ["sk_live_", "FAKEfake00000000"].concat(),
                " ".to_owned(),
                "\n".to_owned(),
                "=".to_owned(),
                ":".to_owned(),
                "\"".to_owned(),
                "x".to_owned(),
                "@".to_owned(),
                "/".to_owned(),
                "_".to_owned(),
            ];
            let text: String = parts.iter().map(|&i| fragments[i].as_str()).collect();
            let once = redact(&text);
            let twice = redact(&once.text);
            proptest::prop_assert_eq!(&twice.text, &once.text);
            proptest::prop_assert!(twice.found.is_empty(), "{:?} in {:?}", twice.found, once.text);
        }

        /// Any text at all: no panic (multi-byte characters included), and a fixpoint.
        #[test]
        fn any_text_is_handled(text in "(?s).{0,200}") {
            let once = redact(&text);
            let twice = redact(&once.text);
            proptest::prop_assert_eq!(&twice.text, &once.text);
            proptest::prop_assert!(twice.found.is_empty());
        }
    }
}
