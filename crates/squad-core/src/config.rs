//! Settings read from the environment (DESIGN.md's table) and the standard client stack.
//!
//! | variable | meaning |
//! |---|---|
//! | `OPENROUTER_API_KEY` | model key; absent → offline mode |
//! | `OPENROUTER_BASE_URL` | OpenAI-compatible base URL |
//! | `SQUAD_MODEL` | model id, over the prompt's own |
//! | `SQUAD_FALLBACK_MODELS` | comma list, sent as OpenRouter `models` |
//! | `SQUAD_APP_URL`, `SQUAD_APP_TITLE` | HTTP-Referer, X-OpenRouter-Title |
//! | `SQUAD_PROMPTS_DIR` | prompts folder instead of the embedded copy |
//! | `SQUAD_CASSETTE`, `SQUAD_CASSETTE_MODE` | record/replay file and mode |

use std::path::PathBuf;
use std::sync::{Arc, Once};
use std::time::Duration;

use crate::generate::{GenerateOptions, Generator};
use crate::model::cassette::{CassetteClient, CassetteMode};
use crate::model::fallback::FallbackClient;
use crate::model::openrouter::{OpenRouterClient, OpenRouterConfig};
use crate::model::retry::{RetryClient, RetryPolicy};
use crate::model::timeout::TimeoutClient;
use crate::model::{ModelClient, ModelError};
use crate::prompt::{PromptError, PromptRegistry};

/// A configuration problem: the message names the variable and what to do.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// An environment variable has a value that cannot be used.
    #[error("{name}: {message}")]
    Variable {
        /// The variable.
        name: &'static str,
        /// What is wrong and what would be right.
        message: String,
    },
    /// The model client could not be built.
    #[error(transparent)]
    Model(#[from] ModelError),
    /// The prompts could not be loaded.
    #[error(transparent)]
    Prompt(#[from] PromptError),
}

/// Everything the environment configures.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The provider, when a key is set.
    pub provider: Option<OpenRouterConfig>,
    /// SQUAD_MODEL.
    pub model: Option<String>,
    /// SQUAD_FALLBACK_MODELS.
    pub fallback_models: Vec<String>,
    /// SQUAD_PROMPTS_DIR.
    pub prompts_dir: Option<PathBuf>,
    /// SQUAD_CASSETTE and SQUAD_CASSETTE_MODE.
    pub cassette: Option<(PathBuf, CassetteMode)>,
    /// Limit on one model call.
    pub attempt_timeout: Duration,
    /// Retry policy around each call.
    pub retry: RetryPolicy,
}

static OFFLINE_NOTICE: Once = Once::new();

impl Settings {
    /// Read the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// Read settings through `var` (tests pass a map instead of mutating the environment).
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let non_empty = |name: &str| {
            var(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let provider = OpenRouterConfig::from_vars(&var)?;
        let fallback_models = non_empty("SQUAD_FALLBACK_MODELS")
            .map(|v| {
                v.split(',')
                    .map(|m| m.trim().to_string())
                    .filter(|m| !m.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let cassette = match (
            non_empty("SQUAD_CASSETTE"),
            non_empty("SQUAD_CASSETTE_MODE"),
        ) {
            (None, None) => None,
            (None, Some(_)) => {
                return Err(ConfigError::Variable {
                    name: "SQUAD_CASSETTE",
                    message: "SQUAD_CASSETTE_MODE is set but SQUAD_CASSETTE is not; set it to the cassette file".into(),
                });
            }
            (Some(path), mode) => {
                let mode = match mode {
                    Some(m) => CassetteMode::from_env_value(&m).map_err(|message| {
                        ConfigError::Variable {
                            name: "SQUAD_CASSETTE_MODE",
                            message,
                        }
                    })?,
                    // Without a key there is nothing to record from: replay is the only useful mode.
                    None if provider.is_none() => CassetteMode::Replay,
                    None => CassetteMode::Record,
                };
                Some((PathBuf::from(path), mode))
            }
        };
        Ok(Self {
            provider,
            model: non_empty("SQUAD_MODEL"),
            fallback_models,
            prompts_dir: non_empty("SQUAD_PROMPTS_DIR").map(PathBuf::from),
            cassette,
            attempt_timeout: Duration::from_secs(180),
            retry: RetryPolicy::default(),
        })
    }

    /// The model client stack, or `None` in offline mode (no key and no cassette to replay).
    ///
    /// Order, outermost first: cassette → retry (total deadline) → fallback → timeout (per
    /// attempt) → OpenRouter provider.
    pub fn client(&self) -> Result<Option<Arc<dyn ModelClient>>, ConfigError> {
        let live: Option<Arc<dyn ModelClient>> = match &self.provider {
            None => None,
            Some(config) => {
                let provider = OpenRouterClient::new(config.clone())?;
                let timed = TimeoutClient::new(provider, self.attempt_timeout);
                let fallback = FallbackClient::new(timed, self.fallback_models.clone());
                Some(Arc::new(RetryClient::new(fallback, self.retry)))
            }
        };
        match (&self.cassette, live) {
            (Some((path, CassetteMode::Replay)), _) => {
                Ok(Some(Arc::new(CassetteClient::replay(path.clone())?)))
            }
            (Some((path, CassetteMode::Record)), Some(live)) => {
                Ok(Some(Arc::new(CassetteClient::record(live, path.clone())?)))
            }
            (Some((_, CassetteMode::Record)), None) => Err(ConfigError::Variable {
                name: "SQUAD_CASSETTE_MODE",
                message: "record needs a model: set OPENROUTER_API_KEY, or use replay".into(),
            }),
            (None, live) => Ok(live),
        }
    }

    /// The prompt registry: SQUAD_PROMPTS_DIR or the embedded copy.
    pub fn prompts(&self) -> Result<PromptRegistry, ConfigError> {
        Ok(match &self.prompts_dir {
            Some(dir) => PromptRegistry::from_dir(dir)?,
            None => PromptRegistry::embedded()?,
        })
    }

    /// A generator: offline when asked, or when there is no client. The first time offline
    /// mode is chosen for want of a key, it is said once, clearly.
    pub fn generator(&self, offline: bool) -> Result<Generator, ConfigError> {
        let prompts = Arc::new(self.prompts()?);
        if offline {
            return Ok(Generator::offline(prompts));
        }
        match self.client()? {
            Some(client) => Ok(Generator::new(
                client,
                prompts,
                GenerateOptions {
                    model: self.model.clone(),
                    fallback_models: self.fallback_models.clone(),
                    ..GenerateOptions::default()
                },
            )),
            None => {
                OFFLINE_NOTICE.call_once(|| {
                    tracing::warn!(
                        "OPENROUTER_API_KEY is not set: running offline on the built-in deterministic baselines \
                         (set it to generate with a model)"
                    );
                });
                Ok(Generator::offline(prompts))
            }
        }
    }
}
