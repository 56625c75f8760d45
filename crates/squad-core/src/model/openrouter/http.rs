//! The HTTP transport under async-openai, and the mapping of HTTP failures to [`ModelError`].
//!
//! async-openai's default executor retries 429/5xx by itself and its error parsing drops the
//! status, the `Retry-After` header and any body whose `error.code` is a number (OpenRouter's
//! always is). So the client runs on our own tower service: it executes the request that
//! async-openai built (URL, auth, headers, JSON body) with one reqwest client, returns 2xx
//! JSON responses untouched, and turns every other status into an [`HttpFailure`] carried in
//! `OpenAIError::Boxed`, which the provider downcasts and maps with [`HttpFailure::into_error`].
//! A 2xx body that is not JSON (a proxy's HTML page) becomes a [`NotJson`] the same way, so
//! that async-openai never logs it whole.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use async_openai::error::OpenAIError;
use async_openai::middleware::HttpRequestFactory;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap, LOCATION, RETRY_AFTER};
use serde_json::Value;

use super::wire::as_text;
use crate::model::ModelError;

/// How much of an error body we keep (enough for any JSON error object).
const MAX_ERROR_BODY: usize = 64 * 1024;

/// How many characters of a body go into a message.
pub(crate) const SNIPPET_CHARS: usize = 200;

/// A non-2xx answer, read by our transport before async-openai could lose its details.
#[derive(Debug)]
pub(crate) struct HttpFailure {
    pub(crate) status: StatusCode,
    pub(crate) retry_after: Option<Duration>,
    pub(crate) location: Option<String>,
    /// The start of the body (at most [`MAX_ERROR_BODY`] bytes), lossily decoded, with the API
    /// key already removed.
    pub(crate) body: String,
}

impl fmt::Display for HttpFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)
    }
}

impl std::error::Error for HttpFailure {}

/// The tower service that executes async-openai's requests with `http`, without retrying.
///
/// `secret` is removed from every error body it keeps, so a server echoing the key cannot put
/// it in an error message.
pub(crate) fn transport(
    http: reqwest::Client,
    secret: String,
) -> impl tower::Service<
    HttpRequestFactory,
    Response = reqwest::Response,
    Error = OpenAIError,
    Future = impl Future<Output = Result<reqwest::Response, OpenAIError>> + Send + 'static,
> + Clone
+ Send
+ Sync
+ 'static {
    // Shared, not copied: every call takes a reference count instead of a new string.
    let secret: std::sync::Arc<str> = secret.into();
    tower::service_fn(move |factory: HttpRequestFactory| {
        let http = http.clone();
        let secret = std::sync::Arc::clone(&secret);
        async move {
            let request = factory.build().await?;
            let response = http.execute(request).await?;
            if response.status().is_success() {
                if labelled_json(response.headers()) {
                    return Ok(response);
                }
                return unlabelled_success(response, &secret).await;
            }
            let failure = read_failure(response, &secret).await;
            Err(OpenAIError::Boxed(Box::new(failure)))
        }
    })
}

/// A 2xx answer whose body is not JSON (a proxy's HTML page, a plain-text notice).
///
/// Caught here because async-openai logs the whole body at ERROR level before reporting a body
/// it cannot parse; this keeps only its start, with the key removed.
#[derive(Debug)]
pub(crate) struct NotJson {
    pub(crate) status: StatusCode,
    pub(crate) content_type: String,
    /// The start of the body, lossily decoded, the key removed.
    pub(crate) body: String,
}

impl fmt::Display for NotJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "HTTP {} with content-type {}, not JSON",
            self.status, self.content_type
        )
    }
}

impl std::error::Error for NotJson {}

/// Whether a 2xx answer says it is JSON, or says nothing about its type.
fn labelled_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(CONTENT_TYPE) else {
        return true;
    };
    let media = value
        .to_str()
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .trim();
    media.eq_ignore_ascii_case("application/json")
        || media.eq_ignore_ascii_case("text/json")
        || media
            .get(media.len().saturating_sub(5)..)
            .is_some_and(|end| end.eq_ignore_ascii_case("+json"))
}

/// A 2xx answer labelled as something else than JSON: passed on when the body is a JSON object
/// all the same (some servers label JSON `text/plain`), otherwise a [`NotJson`] failure.
async fn unlabelled_success(
    response: reqwest::Response,
    secret: &str,
) -> Result<reqwest::Response, OpenAIError> {
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.bytes().await?;
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
        let mut rebuilt = http::Response::new(bytes);
        *rebuilt.status_mut() = status;
        *rebuilt.headers_mut() = headers;
        return Ok(reqwest::Response::from(rebuilt));
    }
    let content_type = headers
        .get(CONTENT_TYPE)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .unwrap_or_default();
    let start = bytes.get(..MAX_ERROR_BODY).unwrap_or(&bytes);
    Err(OpenAIError::Boxed(Box::new(NotJson {
        status,
        content_type: snippet(&content_type, 80),
        body: redact(&String::from_utf8_lossy(start), secret),
    })))
}

async fn read_failure(mut response: reqwest::Response, secret: &str) -> HttpFailure {
    let status = response.status();
    let header = |name| {
        response
            .headers()
            .get(name)
            .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
            .map(str::to_string)
    };
    let retry_after = header(RETRY_AFTER).and_then(|v| parse_retry_after(&v, SystemTime::now()));
    let location = header(LOCATION);
    let mut bytes = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                let room = MAX_ERROR_BODY.saturating_sub(bytes.len());
                bytes.extend_from_slice(chunk.get(..room.min(chunk.len())).unwrap_or_default());
                if bytes.len() >= MAX_ERROR_BODY {
                    break;
                }
            }
            Ok(None) => break,
            Err(e) => {
                // The status says what happened; a lost body only costs the details.
                tracing::debug!(%status, error = %e, "could not read the error body");
                break;
            }
        }
    }
    HttpFailure {
        status,
        retry_after,
        location,
        body: redact(&String::from_utf8_lossy(&bytes), secret),
    }
}

impl HttpFailure {
    /// The typed error for this status and body.
    pub(crate) fn into_error(self) -> ModelError {
        let details = ErrorDetails::from_body(&self.body);
        let message = details
            .message
            .clone()
            .unwrap_or_else(|| fallback_message(self.status, &self.body));
        let code = details.code;
        let status = self.status.as_u16();
        match status {
            400 => ModelError::BadRequest { code, message },
            401 => ModelError::Auth { message },
            402 => ModelError::InsufficientCredits { message },
            // OpenRouter's 403 is a moderation refusal, and says so (reasons, the flagged input,
            // or the words). A 403 that does not is a plain refusal (a proxy, a key without
            // access): calling it moderation would send the user, and the fallback decorator,
            // the wrong way.
            403 if details.flagged || says_moderation(&message) => ModelError::Moderation {
                message,
                reasons: details.reasons,
            },
            408 => ModelError::Timeout { after: None },
            429 => ModelError::RateLimited {
                retry_after: self.retry_after,
                message,
            },
            500..=599 => ModelError::Upstream { status, message },
            300..=399 => {
                let message = match &self.location {
                    Some(location) => format!(
                        "{message}; redirected to {}: set OPENROUTER_BASE_URL to the final URL",
                        snippet(location, SNIPPET_CHARS)
                    ),
                    None => message,
                };
                ModelError::Http {
                    status,
                    code,
                    message,
                }
            }
            _ => ModelError::Http {
                status,
                code,
                message,
            },
        }
    }
}

/// What an error body says, whatever the server's dialect.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct ErrorDetails {
    pub(crate) code: Option<String>,
    pub(crate) message: Option<String>,
    pub(crate) reasons: Vec<String>,
    /// The body carries OpenRouter's moderation metadata (`reasons` or `flagged_input`).
    pub(crate) flagged: bool,
}

/// Whether an error message speaks of moderation.
fn says_moderation(message: &str) -> bool {
    let message = message.to_ascii_lowercase();
    message.contains("flagged") || message.contains("moderation")
}

impl ErrorDetails {
    /// Read a body as OpenRouter/OpenAI (`{"error":{"code","message","metadata"}}`), Ollama
    /// (`{"error":"..."}`), vLLM (`{"message","code"}`) or FastAPI (`{"detail":...}`).
    pub(crate) fn from_body(body: &str) -> Self {
        match serde_json::from_str::<Value>(body) {
            Ok(value) => Self::from_value(&value),
            Err(_) => Self::default(),
        }
    }

    /// Read a parsed body; see [`ErrorDetails::from_body`].
    pub(crate) fn from_value(value: &Value) -> Self {
        let Value::Object(top) = value else {
            return Self::default();
        };
        match top.get("error") {
            Some(Value::Object(error)) => Self::from_error_object(error),
            Some(Value::String(message)) if !message.trim().is_empty() => Self {
                code: error_code(top.get("code")),
                message: Some(snippet(message, SNIPPET_CHARS * 5)),
                reasons: Vec::new(),
                flagged: false,
            },
            _ => {
                let message = match (top.get("message"), top.get("detail")) {
                    (Some(Value::String(m)), _) if !m.trim().is_empty() => Some(m.clone()),
                    (_, Some(Value::String(d))) if !d.trim().is_empty() => Some(d.clone()),
                    (_, Some(detail @ (Value::Array(_) | Value::Object(_)))) => {
                        Some(detail.to_string())
                    }
                    _ => None,
                };
                Self {
                    code: error_code(top.get("code")),
                    message: message.map(|m| snippet(&m, SNIPPET_CHARS * 5)),
                    reasons: Vec::new(),
                    flagged: false,
                }
            }
        }
    }

    fn from_error_object(error: &serde_json::Map<String, Value>) -> Self {
        let metadata = error.get("metadata").and_then(Value::as_object);
        let reasons = match metadata.and_then(|m| m.get("reasons")) {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|r| as_text(Some(r)))
                .map(|r| snippet(&r, SNIPPET_CHARS))
                .collect(),
            Some(other) => as_text(Some(other)).into_iter().collect(),
            None => Vec::new(),
        };
        let provider = metadata
            .and_then(|m| m.get("provider_name"))
            .and_then(|p| as_text(Some(p)));
        let message = match error.get("message") {
            Some(Value::String(m)) if !m.trim().is_empty() => Some(m.clone()),
            _ => None,
        }
        .map(|m| match provider {
            Some(provider) if !m.contains(&provider) => format!("{m} (provider: {provider})"),
            _ => m,
        })
        .map(|m| snippet(&m, SNIPPET_CHARS * 5));
        let flagged = metadata.is_some_and(|m| {
            m.get("flagged_input").is_some_and(|f| !f.is_null())
                || m.get("reasons").is_some_and(|r| !r.is_null())
        });
        Self {
            code: error_code(error.get("code")),
            message,
            reasons,
            flagged,
        }
    }
}

/// An error code (number or string) as one short line of text.
fn error_code(value: Option<&Value>) -> Option<String> {
    as_text(value)
        .map(|code| snippet(&code, 100))
        .filter(|code| !code.is_empty())
}

/// A message for a body that carried none: its text (tags stripped, one line, cut), else the
/// status reason.
fn fallback_message(status: StatusCode, body: &str) -> String {
    let text = if body.trim_start().starts_with('<') {
        strip_tags(body)
    } else {
        body.to_string()
    };
    let text = snippet(&text, SNIPPET_CHARS);
    if !text.is_empty() {
        return text;
    }
    match status.canonical_reason() {
        Some(reason) => format!("{reason} (empty body)"),
        None => format!("HTTP {} (empty body)", status.as_u16()),
    }
}

fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len().min(4096));
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// `text` on one line (runs of whitespace become one space, other control characters such as
/// terminal escapes are dropped), cut to `max` characters with an ellipsis. Never splits a
/// character.
pub(crate) fn snippet(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    let words = text
        .split_whitespace()
        .map(|w| w.chars().filter(|c| !c.is_control()).collect::<String>())
        .filter(|w| !w.is_empty());
    for word in words {
        if count > 0 {
            if count >= max {
                out.push('…');
                return out;
            }
            out.push(' ');
            count += 1;
        }
        for c in word.chars() {
            if count >= max {
                out.push('…');
                return out;
            }
            out.push(c);
            count += 1;
        }
    }
    out
}

/// `text` with every occurrence of `secret` replaced by `****` (when the secret is long enough
/// to be one).
pub(crate) fn redact(text: &str, secret: &str) -> String {
    if secret.len() >= 4 && text.contains(secret) {
        text.replace(secret, "****")
    } else {
        text.to_string()
    }
}

/// The error for a transport failure (no HTTP answer).
pub(crate) fn transport_error(error: &reqwest::Error, connect_timeout: Duration) -> ModelError {
    if error.is_builder() {
        return ModelError::Config(format!(
            "could not build the HTTP request: {}",
            chain(error)
        ));
    }
    if error.is_timeout() && error.is_connect() {
        return ModelError::Timeout {
            after: Some(connect_timeout),
        };
    }
    ModelError::Network(chain(error))
}

/// An error and its sources on one line, without repeating a source already said.
fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut out = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !text.is_empty() && !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = cause.source();
    }
    out
}

/// Parse a `Retry-After` value: delta-seconds, or an HTTP-date (IMF-fixdate, RFC 850 or asctime)
/// counted from `now` (a date in the past means "now"). Anything else gives `None`.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Absurdly long digit strings saturate rather than being ignored.
        return Some(Duration::from_secs(
            value.parse::<u64>().unwrap_or(u64::MAX),
        ));
    }
    let at = parse_http_date(value)?;
    let now = now.duration_since(UNIX_EPOCH).ok()?.as_secs();
    Some(Duration::from_secs(at.saturating_sub(now)))
}

/// Seconds since the Unix epoch of an HTTP-date (RFC 9110 §5.6.7), GMT only.
fn parse_http_date(value: &str) -> Option<u64> {
    let parts: Vec<&str> = value.split_whitespace().collect();
    let (day, month, year, time) = match parts.as_slice() {
        // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
        [weekday, day, month, year, time, "GMT"] if weekday.ends_with(',') => {
            (*day, *month, year.parse::<u64>().ok()?, *time)
        }
        // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
        [weekday, date, time, "GMT"] if weekday.ends_with(',') => {
            let mut fields = date.split('-');
            let (day, month, yy) = (fields.next()?, fields.next()?, fields.next()?);
            if fields.next().is_some() || yy.len() != 2 {
                return None;
            }
            let yy = yy.parse::<u64>().ok()?;
            (
                day,
                month,
                if yy < 70 { 2000 + yy } else { 1900 + yy },
                *time,
            )
        }
        // asctime: Sun Nov  6 08:49:37 1994
        [_weekday, month, day, time, year] => (*day, *month, year.parse::<u64>().ok()?, *time),
        _ => return None,
    };
    if !(1..=2).contains(&day.len()) || !day.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let day: u64 = day.parse().ok()?;
    let month = 1 + [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    .iter()
    .position(|m| *m == month)? as u64;
    let mut hms = time.split(':');
    let (h, m, s) = (hms.next()?, hms.next()?, hms.next()?);
    if hms.next().is_some() || [h, m, s].iter().any(|f| f.len() != 2) {
        return None;
    }
    let (h, m, s): (u64, u64, u64) = (h.parse().ok()?, m.parse().ok()?, s.parse().ok()?);
    if !(1970..=9999).contains(&year)
        || day == 0
        || day > days_in_month(year, month)
        || h > 23
        || m > 59
        || s > 60
    {
        return None;
    }
    Some(days_since_epoch(year, month, day) * 86_400 + h * 3600 + m * 60 + s)
}

fn is_leap(year: u64) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_month(year: u64, month: u64) -> u64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to the given date (year >= 1970).
fn days_since_epoch(year: u64, month: u64, day: u64) -> u64 {
    let years: u64 = (1970..year)
        .map(|y| if is_leap(y) { 366 } else { 365 })
        .sum();
    let months: u64 = (1..month).map(|m| days_in_month(year, m)).sum();
    years + months + day - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn retry_after_delta_seconds() {
        assert_eq!(parse_retry_after("7", at(0)), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after(" 120 ", at(0)),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after("0", at(0)), Some(Duration::ZERO));
    }

    #[test]
    fn retry_after_garbage_is_ignored() {
        for garbage in [
            "",
            " ",
            "-5",
            "1.5",
            "soon",
            "7s",
            "Sun, 32 Nov 1994 08:49:37 GMT",
        ] {
            assert_eq!(parse_retry_after(garbage, at(0)), None, "{garbage:?}");
        }
    }

    #[test]
    fn retry_after_http_dates() {
        // 1994-11-06T08:49:37Z
        let date = 784_111_777;
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(date));
        assert_eq!(
            parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"),
            Some(date)
        );
        assert_eq!(parse_http_date("Sun Nov  6 08:49:37 1994"), Some(date));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", at(date - 30)),
            Some(Duration::from_secs(30))
        );
        // In the past: wait no more.
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", at(date + 30)),
            Some(Duration::ZERO)
        );
        // Leap day.
        assert_eq!(
            parse_http_date("Thu, 29 Feb 2024 00:00:00 GMT"),
            Some(1_709_164_800)
        );
        assert_eq!(parse_http_date("Thu, 29 Feb 2023 00:00:00 GMT"), None);
    }

    #[test]
    fn snippet_cuts_on_characters() {
        assert_eq!(snippet("  a \n b  ", 10), "a b");
        assert_eq!(snippet("ééééé", 3), "ééé…");
        assert_eq!(snippet("", 3), "");
        assert_eq!(snippet("abc def", 3), "abc…");
        assert_eq!(snippet("\u{1b}[31mred\u{0} \u{7}", 10), "[31mred");
    }

    #[test]
    fn error_details_dialects() {
        let d = ErrorDetails::from_body(
            r#"{"error":{"code":403,"message":"flagged","metadata":{"reasons":["violence"],"provider_name":"X"}}}"#,
        );
        assert_eq!(d.code.as_deref(), Some("403"));
        assert_eq!(d.message.as_deref(), Some("flagged (provider: X)"));
        assert_eq!(d.reasons, vec!["violence".to_string()]);

        let d = ErrorDetails::from_body(r#"{"error":"model not found"}"#);
        assert_eq!(d.message.as_deref(), Some("model not found"));

        let d = ErrorDetails::from_body(r#"{"object":"error","message":"bad","code":400}"#);
        assert_eq!(d.code.as_deref(), Some("400"));
        assert_eq!(d.message.as_deref(), Some("bad"));

        let d = ErrorDetails::from_body(r#"{"detail":"Not Found"}"#);
        assert_eq!(d.message.as_deref(), Some("Not Found"));

        assert_eq!(ErrorDetails::from_body("<html>"), ErrorDetails::default());
        assert_eq!(ErrorDetails::from_body("null"), ErrorDetails::default());
    }

    #[test]
    fn html_bodies_lose_their_tags() {
        let message = fallback_message(
            StatusCode::SERVICE_UNAVAILABLE,
            "<html><head><title>503 Service Unavailable</title></head><body><h1>down</h1></body></html>",
        );
        assert_eq!(message, "503 Service Unavailable down");
        assert_eq!(
            fallback_message(StatusCode::BAD_GATEWAY, ""),
            "Bad Gateway (empty body)"
        );
    }

    #[test]
    fn redact_removes_the_secret() {
        assert_eq!(redact("bad key sk-123456", "sk-123456"), "bad key ****");
        assert_eq!(redact("abc", ""), "abc");
    }
}
