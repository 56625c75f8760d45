//! Text helpers shared by the Terraform and deployment-config checkers: byte offsets to
//! line/column spans, the "does this name hold a secret" heuristic, and "did you mean".
//!
//! They live here rather than in a crate-level module because each checker family owns its own
//! folder; the deployment checkers import them from `crate::terraform::text`.

use std::ops::Range;

use squad_core::findings::{Finding, Span};
use squad_core::redact::SecretKind;

/// Maps byte offsets of one source text to 1-based lines and columns (in characters).
#[derive(Debug, Clone)]
pub(crate) struct LineIndex<'a> {
    src: &'a str,
    /// Byte offset of the first character of each line.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Index the line starts of `src`.
    pub(crate) fn new(src: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            src.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Self { src, starts }
    }

    /// The 1-based (line, column) of a byte offset; offsets past the end map to the end, and
    /// offsets inside a multi-byte character to that character.
    pub(crate) fn position(&self, offset: usize) -> (u32, u32) {
        let mut offset = offset.min(self.src.len());
        while !self.src.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let column = self.src.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        (to_u32(line), to_u32(column))
    }

    /// The span of a byte range. An empty range gives a one-position span.
    pub(crate) fn span(&self, range: Range<usize>) -> Span {
        let (line, column) = self.position(range.start);
        let (end_line, end_column) = self.position(range.end.max(range.start));
        if (end_line, end_column) <= (line, column) {
            return Span::new(line, column, line, column + 1);
        }
        Span::new(line, column, end_line, end_column)
    }

    /// The span of an optional byte range (hcl and toml nodes built by hand have none).
    pub(crate) fn span_or_start(&self, range: Option<Range<usize>>) -> Span {
        range.map_or(Span::new(1, 1, 1, 2), |r| self.span(r))
    }

    /// How many lines the text has (a trailing newline opens one more, empty, line).
    pub(crate) fn line_count(&self) -> u32 {
        to_u32(self.starts.len())
    }
}

/// Keep every finding inside the file: parsers sometimes report the position just past the end.
pub(crate) fn clamp_to_file(findings: &mut [Finding], lines: u32) {
    let last = lines.max(1);
    for f in findings {
        f.line = f.line.clamp(1, last);
        f.end_line = f.end_line.clamp(f.line, last);
        f.column = f.column.max(1);
        if f.end_line == f.line && f.end_column <= f.column {
            f.end_column = f.column + 1;
        }
    }
}

/// Whether a key or variable name says its value is a credential: `password`, `db_password`,
/// `API_KEY`, `clientSecret`, `auth-token`, `secret_access_key`, `private_key`... and not
/// `password_length`, `secret_name`, `token_url`, `kms_key_id` or `NEXT_PUBLIC_API_KEY`
/// (public by design).
pub(crate) fn is_secret_name(name: &str) -> bool {
    let words = words(name);
    if words
        .iter()
        .any(|w| matches!(w.as_str(), "public" | "publishable"))
    {
        return false;
    }
    let Some(last) = words.last() else {
        return false;
    };
    let second_last = words.len().checked_sub(2).and_then(|i| words.get(i));
    match last.as_str() {
        "password" | "passwd" | "pwd" | "passphrase" | "secret" | "token" | "credentials"
        | "apikey" | "secretkey" | "accesskey" | "privatekey" => true,
        "key" => second_last.is_some_and(|w| {
            matches!(
                w.as_str(),
                "api" | "access" | "secret" | "private" | "signing" | "encryption" | "master"
            )
        }),
        // `secret_string` (Secrets Manager), `secret_data` (Secret Manager).
        "string" | "data" | "value" => second_last.is_some_and(|w| w == "secret"),
        _ => false,
    }
}

/// The lowercase words of a name split at `_`, `-`, `.`, spaces and camelCase humps.
fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut prev_lower = false;
    for ch in name.chars() {
        if !ch.is_alphanumeric() {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            prev_lower = false;
            continue;
        }
        if ch.is_uppercase() && prev_lower && !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        prev_lower = ch.is_lowercase() || ch.is_ascii_digit();
        word.extend(ch.to_lowercase());
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Whether a literal value stands for a secret kept elsewhere rather than the secret itself:
/// an ARN (Secrets Manager, SSM), a Secret Manager resource name, an interpolation or a
/// platform reference (`@secret`, `$VAR`, `${VAR}`, `{{ ... }}`, `sm://...`).
pub(crate) fn is_reference_value(value: &str) -> bool {
    let v = value.trim();
    v.starts_with("arn:")
        || v.starts_with('@')
        || v.starts_with('$')
        || v.starts_with("{{")
        || v.starts_with("sm://")
        || v.starts_with("ssm:")
        || (v.starts_with("projects/") && v.contains("/secrets/"))
}

/// Whether a literal has the shape of a well-known credential (cloud keys, forge and chat
/// tokens, private key blocks, JWTs, passwords inside connection URLs), whatever its key.
pub(crate) fn secret_shape(value: &str) -> Option<SecretKind> {
    squad_core::redact::redact(value)
        .found
        .first()
        .map(|r| r.kind)
}

/// Whether a literal assigned to `key` is a plaintext credential: a secret-sounding key with a
/// non-empty value that is not a reference to a secret store, a URL with a password in it, or
/// a value with the shape of a well-known credential whatever its key. Returns what it looks
/// like, for the message (never the value).
pub(crate) fn plaintext_secret(key: &str, value: &str) -> Option<String> {
    if value.trim().is_empty() || is_reference_value(value) {
        return None;
    }
    if let Some(kind) = secret_shape(value) {
        return Some(describe_kind(kind).to_string());
    }
    if url_has_password(value) {
        return Some("a password inside a URL".to_string());
    }
    is_secret_name(key).then(|| "a literal credential".to_string())
}

/// A secret kind in words, with its article.
fn describe_kind(kind: SecretKind) -> &'static str {
    match kind {
        SecretKind::AwsAccessKeyId => "an AWS access key id",
        SecretKind::AwsSecretAccessKey => "an AWS secret access key",
        SecretKind::GithubToken => "a GitHub token",
        SecretKind::GitlabToken => "a GitLab token",
        SecretKind::SlackToken => "a Slack token",
        SecretKind::SlackWebhookUrl => "a Slack webhook URL",
        SecretKind::StripeKey => "a Stripe key",
        SecretKind::PrivateKey => "a private key",
        SecretKind::Jwt => "a JSON Web Token",
        SecretKind::ConnectionStringPassword => "a password inside a URL",
        _ => "a literal credential",
    }
}

/// Whether a value is a `scheme://user:password@host...` URL with a literal password
/// (placeholders included: a default password is still a password in the configuration).
pub(crate) fn url_has_password(value: &str) -> bool {
    let Some((scheme, rest)) = value.trim().split_once("://") else {
        return false;
    };
    if scheme.is_empty()
        || !scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    {
        return false;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let Some((userinfo, _host)) = authority.rsplit_once('@') else {
        return false;
    };
    let Some((_user, password)) = userinfo.split_once(':') else {
        return false;
    };
    !password.is_empty() && !password.starts_with('$') && !password.starts_with('%')
}

/// The known name closest to `given`, when it is close enough to be a typo.
pub(crate) fn did_you_mean<'k>(
    given: &str,
    known: impl IntoIterator<Item = &'k str>,
) -> Option<&'k str> {
    let given_lower = given.to_lowercase();
    let limit = (given.chars().count() / 3).clamp(1, 3);
    known
        .into_iter()
        .map(|k| (crate::suggest::osa(&given_lower, &k.to_lowercase()), k))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, k)| k)
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_and_lines() {
        let src = "ab\né = \"x\"\n";
        let idx = LineIndex::new(src);
        assert_eq!(idx.position(0), (1, 1));
        assert_eq!(idx.position(3), (2, 1));
        // After `é` (2 bytes) comes a space: column 2.
        assert_eq!(idx.position(5), (2, 2));
        // Inside `é`: the character's own column.
        assert_eq!(idx.position(4), (2, 1));
        assert_eq!(idx.position(1000), (3, 1));
        assert_eq!(idx.line_count(), 3);
        assert_eq!(idx.span(3..5), Span::new(2, 1, 2, 2));
        assert_eq!(idx.span(4..4), Span::new(2, 1, 2, 2));
    }

    #[test]
    fn secret_names() {
        for name in [
            "password",
            "db_password",
            "DB_PASSWORD",
            "master_password",
            "API_KEY",
            "apiKey",
            "clientSecret",
            "client_secret",
            "auth-token",
            "GITHUB_TOKEN",
            "secret_key",
            "aws_secret_access_key",
            "private_key",
            "secret_string",
            "JWT_SECRET",
            "STRIPE_SECRET_KEY",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in [
            "password_length",
            "secret_name",
            "token_url",
            "kms_key_id",
            "NEXT_PUBLIC_API_KEY",
            "key",
            "ssh_key_name",
            "secret_string_wo_version",
            "tokens_per_minute",
            "",
            "__",
        ] {
            assert!(!is_secret_name(name), "{name}");
        }
    }

    #[test]
    fn references_and_shapes() {
        assert!(is_reference_value(
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:x"
        ));
        assert!(is_reference_value("projects/p/secrets/s/versions/latest"));
        assert!(is_reference_value("@db-password"));
        assert!(!is_reference_value("hunter2"));
        let key = ["AKIA", "IOSFODNN7EXAMPLE"].concat();
        assert_eq!(secret_shape(&key), Some(SecretKind::AwsAccessKeyId));
        assert!(secret_shape("postgres://app:s3cr3t-value@db:5432/app").is_some());
        assert_eq!(secret_shape("production"), None);
        assert!(plaintext_secret("DB_PASSWORD", "hunter2").is_some());
        assert!(plaintext_secret("DB_PASSWORD", "").is_none());
        assert!(plaintext_secret("DB_PASSWORD", "arn:aws:ssm:eu-west-1:1:parameter/db").is_none());
        assert!(plaintext_secret("LOG_LEVEL", "info").is_none());
        assert!(plaintext_secret("NOTE", &key).is_some());
        assert!(url_has_password("postgres://app:changeme@db:5432/app"));
        assert!(url_has_password("redis://:pw@cache:6379/0"));
        assert!(!url_has_password("postgres://app@db:5432/app"));
        assert!(!url_has_password("postgres://app:${DB_PASSWORD}@db/app"));
        assert!(!url_has_password("https://example.com/a:b@c"));
        assert!(!url_has_password("not a url"));
    }

    #[test]
    fn suggestions() {
        assert_eq!(
            did_you_mean("compatability_date", ["compatibility_date", "main"]),
            Some("compatibility_date")
        );
        assert_eq!(
            did_you_mean("buildComand", ["buildCommand", "build"]),
            Some("buildCommand")
        );
        assert_eq!(did_you_mean("zzz", ["name", "main"]), None);
        assert_eq!(did_you_mean("nmae", ["name", "main"]), Some("name"));
    }
}
