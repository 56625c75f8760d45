//! Provider settings: the API key, the base URL and the app attribution headers.

use std::fmt;

use reqwest::header::HeaderValue;

use crate::model::ModelError;

/// OpenRouter's OpenAI-compatible API root.
pub const DEFAULT_BASE_URL: &str = "https://openrouter.ai/api/v1";

/// The app title sent as `X-OpenRouter-Title` / `X-Title` unless told otherwise.
pub const DEFAULT_APP_TITLE: &str = "devops-squad";

/// A model API key.
///
/// `Debug` and `Display` print `ApiKey(****)`, never the key, so the key cannot leak through
/// logs, error messages or `{:?}` of a struct that holds it. Read it with [`ApiKey::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wrap a key.
    pub fn new(key: impl Into<String>) -> Self {
        Self(key.into())
    }

    /// The key itself. Only the code that builds the `Authorization` header should call this.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the key is empty or only whitespace.
    pub fn is_blank(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(****)")
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(****)")
    }
}

impl From<String> for ApiKey {
    fn from(key: String) -> Self {
        Self(key)
    }
}

impl From<&str> for ApiKey {
    fn from(key: &str) -> Self {
        Self(key.to_string())
    }
}

/// Settings of an [`super::OpenRouterClient`].
///
/// Works for any OpenAI-compatible server (a proxy, Ollama, vLLM, a test server): point
/// `base_url` at it. `Debug` never shows the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenRouterConfig {
    /// The API key, sent as `Authorization: Bearer <key>`.
    pub api_key: ApiKey,
    /// The API root; `/chat/completions` is appended to it.
    pub base_url: String,
    /// Your app's URL, sent as `HTTP-Referer` (OpenRouter app attribution).
    pub app_url: Option<String>,
    /// Your app's name, sent as `X-OpenRouter-Title` and `X-Title`.
    pub app_title: Option<String>,
}

impl OpenRouterConfig {
    /// Settings for `api_key` with OpenRouter's base URL, no app URL and the app title
    /// `devops-squad`.
    pub fn new(api_key: impl Into<ApiKey>) -> Self {
        Self {
            api_key: api_key.into(),
            base_url: DEFAULT_BASE_URL.to_string(),
            app_url: None,
            app_title: Some(DEFAULT_APP_TITLE.to_string()),
        }
    }

    /// Use another OpenAI-compatible server.
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// Send `HTTP-Referer: <app_url>`.
    pub fn with_app_url(mut self, app_url: impl Into<String>) -> Self {
        self.app_url = Some(app_url.into());
        self
    }

    /// Send `X-OpenRouter-Title: <title>` and `X-Title: <title>`.
    pub fn with_app_title(mut self, app_title: impl Into<String>) -> Self {
        self.app_title = Some(app_title.into());
        self
    }

    /// Send no app title header at all.
    pub fn without_app_title(mut self) -> Self {
        self.app_title = None;
        self
    }

    /// Read the settings from the process environment; see [`OpenRouterConfig::from_vars`].
    pub fn from_env() -> Result<Option<Self>, ModelError> {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// Read the settings through `var` (a lookup such as `std::env::var(..).ok()`).
    ///
    /// - `OPENROUTER_API_KEY`: absent or blank → `Ok(None)` (offline mode). Surrounding
    ///   whitespace (a trailing newline from `$(cat keyfile)`) is removed.
    /// - `OPENROUTER_BASE_URL`: absent or blank → [`DEFAULT_BASE_URL`].
    /// - `SQUAD_APP_URL`: absent or blank → no `HTTP-Referer`.
    /// - `SQUAD_APP_TITLE`: absent → [`DEFAULT_APP_TITLE`]; set but blank → no title headers.
    ///
    /// The result is validated ([`OpenRouterConfig::validate`]); an invalid value is a
    /// [`ModelError::Config`] naming the variable to fix.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Option<Self>, ModelError> {
        let key = match var("OPENROUTER_API_KEY") {
            Some(key) if !key.trim().is_empty() => key.trim().to_string(),
            _ => return Ok(None),
        };
        let mut config = Self::new(key);
        if let Some(url) = non_blank(var("OPENROUTER_BASE_URL")) {
            config.base_url = url;
        }
        config.app_url = non_blank(var("SQUAD_APP_URL"));
        if let Some(title) = var("SQUAD_APP_TITLE") {
            config.app_title = non_blank(Some(title));
        }
        config.validate()?;
        Ok(Some(config))
    }

    /// Check every setting can be used, without touching the network.
    ///
    /// The key (surrounding whitespace aside, which the client removes) must be non-blank and
    /// fit in an HTTP header; the base URL must be an absolute
    /// `http`/`https` URL with a host, no credentials, no query and no fragment; the app URL
    /// and title must fit in an HTTP header. Messages name the variable to fix and never
    /// contain the key.
    pub fn validate(&self) -> Result<(), ModelError> {
        if self.api_key.is_blank() {
            return Err(ModelError::Config(
                "the API key is empty; set OPENROUTER_API_KEY to your key, or unset it to run offline"
                    .to_string(),
            ));
        }
        if HeaderValue::from_str(&format!("Bearer {}", self.api_key.expose().trim())).is_err() {
            return Err(ModelError::Config(
                "the API key contains characters that cannot be sent in an HTTP header \
                 (control characters, line breaks or non-ASCII); check OPENROUTER_API_KEY for \
                 stray quotes or pasted text"
                    .to_string(),
            ));
        }
        validate_base_url(&self.base_url)?;
        if let Some(app_url) = &self.app_url
            && HeaderValue::from_str(app_url).is_err()
        {
            return Err(ModelError::Config(format!(
                "the app URL {app_url:?} cannot be sent as the HTTP-Referer header \
                 (control characters or non-ASCII); fix SQUAD_APP_URL"
            )));
        }
        if let Some(title) = &self.app_title
            && HeaderValue::from_bytes(title.as_bytes()).is_err()
        {
            return Err(ModelError::Config(format!(
                "the app title {title:?} cannot be sent as an HTTP header (control characters \
                 or line breaks); fix SQUAD_APP_TITLE"
            )));
        }
        Ok(())
    }
}

fn non_blank(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

fn validate_base_url(base_url: &str) -> Result<(), ModelError> {
    let fix = "set OPENROUTER_BASE_URL to an http(s) URL such as https://openrouter.ai/api/v1 \
               or http://localhost:11434/v1";
    let url = reqwest::Url::parse(base_url.trim()).map_err(|e| {
        ModelError::Config(format!(
            "the base URL {base_url:?} is not a valid URL ({e}); {fix}"
        ))
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(ModelError::Config(format!(
            "the base URL {base_url:?} uses the scheme {:?}, not http or https; {fix}",
            url.scheme()
        )));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(ModelError::Config(format!(
            "the base URL {base_url:?} has no host; {fix}"
        )));
    }
    if !url.username().is_empty() || url.password().is_some() {
        // Not echoing the URL: it holds credentials.
        return Err(ModelError::Config(
            "the base URL contains credentials (user:password@); remove them from \
             OPENROUTER_BASE_URL and put the key in OPENROUTER_API_KEY"
                .to_string(),
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(ModelError::Config(format!(
            "the base URL {base_url:?} has a query or fragment, but /chat/completions is \
             appended to it; {fix}"
        )));
    }
    Ok(())
}
