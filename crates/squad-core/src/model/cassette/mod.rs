//! Record and replay: keep real model answers in a file and answer from it later.
//!
//! In [`CassetteMode::Record`] every successful call goes to the inner client and its request
//! and response are saved to the cassette; in [`CassetteMode::Replay`] calls are answered from
//! the cassette alone, so tests and demos run with no network and no key. The cassette sits
//! outermost in the stack, so a replay never reaches a provider.
//!
//! The file is pretty JSON, meant to be reviewed in a diff:
//!
//! ```json
//! {"version": 1, "interactions": [{"key": "<request digest>", "request": {...}, "response": {...}}]}
//! ```
//!
//! Requests hold no API key or header, so neither does a cassette.
//!
//! ```no_run
//! use squad_core::model::{Message, ModelClient, ModelRequest};
//! use squad_core::model::cassette::CassetteClient;
//!
//! # fn main() -> Result<(), squad_core::model::ModelError> {
//! let replay = CassetteClient::replay("tests/cassettes/dockerfile.json")?;
//! let request = ModelRequest::new("any/model", vec![Message::user("write a Dockerfile")]);
//! let response = futures::executor::block_on(replay.complete(request))?;
//! println!("{}", response.content);
//! # Ok(())
//! # }
//! ```

use std::collections::HashMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::cache::write_atomic;
use super::{ModelClient, ModelError, ModelRequest, ModelResponse};

/// Whether a cassette records real answers or replays recorded ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CassetteMode {
    /// Call the inner client and save each successful interaction.
    Record,
    /// Answer from the cassette only; an unrecorded request is an error.
    Replay,
}

impl CassetteMode {
    /// Parse the value of `SQUAD_CASSETTE_MODE`: `record` or `replay`, in any case, surrounding
    /// blanks ignored.
    pub fn from_env_value(value: &str) -> Result<Self, String> {
        let trimmed = value.trim();
        if trimmed.eq_ignore_ascii_case("record") {
            Ok(Self::Record)
        } else if trimmed.eq_ignore_ascii_case("replay") {
            Ok(Self::Replay)
        } else {
            Err(format!(
                "invalid SQUAD_CASSETTE_MODE {value:?}: expected one of: record, replay"
            ))
        }
    }
}

impl fmt::Display for CassetteMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Record => "record",
            Self::Replay => "replay",
        })
    }
}

/// The inner client of a replay-only cassette ([`CassetteClient::replay`]): it is never called,
/// and answers with [`ModelError::Config`] if it somehow is.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReplayOnly;

#[async_trait]
impl ModelClient for ReplayOnly {
    async fn complete(&self, request: ModelRequest) -> Result<ModelResponse, ModelError> {
        Err(ModelError::Config(format!(
            "a replay-only cassette has no model client to send {} to",
            request.describe()
        )))
    }
}

/// Records the interactions of an inner client to a cassette file, or replays them.
///
/// One type for both modes, so either can be boxed as `Box<dyn ModelClient>`: a replay-only
/// cassette is a `CassetteClient<ReplayOnly>`.
///
/// Recording calls the inner client every time (an interaction with the same request replaces
/// the old one) and rewrites the whole file atomically after each successful call, creating
/// parent directories. Errors of the inner client are returned and not recorded.
#[derive(Debug)]
pub struct CassetteClient<C> {
    inner: C,
    mode: CassetteMode,
    path: PathBuf,
    // A tokio mutex, held while the file is written, so concurrent recordings are written in
    // order and the last write holds every interaction.
    tape: tokio::sync::Mutex<Tape>,
}

/// The cassette file.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Tape {
    version: u32,
    interactions: Vec<Interaction>,
    #[serde(skip)]
    index: HashMap<String, usize>,
}

/// One recorded call.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Interaction {
    key: String,
    request: ModelRequest,
    response: ModelResponse,
}

const CASSETTE_VERSION: u32 = 1;

impl Tape {
    fn empty() -> Self {
        Self {
            version: CASSETTE_VERSION,
            ..Self::default()
        }
    }

    /// Read and check a cassette file. `Ok(None)` when it does not exist.
    fn load(path: &Path) -> Result<Option<Self>, ModelError> {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(config(path, format!("cannot be read: {e}"))),
        };
        let mut tape: Self = serde_json::from_slice(&bytes).map_err(|e| {
            config(
                path,
                format!("is not a valid cassette (expected {{\"version\": 1, \"interactions\": [...]}}): {e}"),
            )
        })?;
        if tape.version != CASSETTE_VERSION {
            return Err(config(
                path,
                format!(
                    "has version {}, but this build reads version {CASSETTE_VERSION}; record it again",
                    tape.version
                ),
            ));
        }
        tape.index = tape
            .interactions
            .iter()
            .enumerate()
            .map(|(i, interaction)| (interaction.key.clone(), i))
            .collect();
        Ok(Some(tape))
    }

    fn find(&self, key: &str) -> Option<&ModelResponse> {
        self.index
            .get(key)
            .and_then(|&i| self.interactions.get(i))
            .map(|interaction| &interaction.response)
    }

    fn upsert(&mut self, interaction: Interaction) {
        let slot = self
            .index
            .get(&interaction.key)
            .and_then(|&i| self.interactions.get_mut(i));
        match slot {
            Some(slot) => *slot = interaction,
            None => {
                self.index
                    .insert(interaction.key.clone(), self.interactions.len());
                self.interactions.push(interaction);
            }
        }
    }
}

fn config(path: &Path, what: String) -> ModelError {
    ModelError::Config(format!("cassette {} {what}", path.display()))
}

impl CassetteClient<ReplayOnly> {
    /// Replay the cassette at `path`, which must exist.
    ///
    /// Fails with [`ModelError::Config`] naming the file when it is missing, unreadable, not a
    /// cassette or of another version.
    pub fn replay(path: impl Into<PathBuf>) -> Result<Self, ModelError> {
        Self::open(CassetteMode::Replay, ReplayOnly, path)
    }
}

impl<C> CassetteClient<C> {
    /// Record the interactions of `inner` to the cassette at `path`, keeping what it already
    /// holds. A missing file is created on the first successful call.
    ///
    /// Fails with [`ModelError::Config`] when the file exists but cannot be read or is not a
    /// cassette: recording must not overwrite something it does not understand.
    pub fn record(inner: C, path: impl Into<PathBuf>) -> Result<Self, ModelError> {
        Self::open(CassetteMode::Record, inner, path)
    }

    /// Open the cassette at `path` in `mode`. In replay mode `inner` is never called, and the
    /// file must exist. The file is read now, so a bad cassette fails before any work starts.
    pub fn open(
        mode: CassetteMode,
        inner: C,
        path: impl Into<PathBuf>,
    ) -> Result<Self, ModelError> {
        let path = path.into();
        let tape = match (Tape::load(&path)?, mode) {
            (Some(tape), _) => tape,
            (None, CassetteMode::Record) => Tape::empty(),
            (None, CassetteMode::Replay) => {
                return Err(config(
                    &path,
                    "does not exist; record it first with SQUAD_CASSETTE_MODE=record".to_string(),
                ));
            }
        };
        Ok(Self {
            inner,
            mode,
            path,
            tape: tokio::sync::Mutex::new(tape),
        })
    }

    /// The mode of this cassette.
    pub fn mode(&self) -> CassetteMode {
        self.mode
    }

    /// The cassette file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The wrapped client.
    pub fn inner(&self) -> &C {
        &self.inner
    }
}

impl<C: ModelClient> CassetteClient<C> {
    async fn replay_call(&self, request: ModelRequest) -> Result<ModelResponse, ModelError> {
        let key = request.digest();
        let tape = self.tape.lock().await;
        match tape.find(&key) {
            Some(response) => Ok(response.clone()),
            None => Err(ModelError::NotRecorded {
                cassette: self.path.display().to_string(),
                request: request.describe(),
            }),
        }
    }

    async fn record_call(&self, request: ModelRequest) -> Result<ModelResponse, ModelError> {
        let key = request.digest();
        let response = self.inner.complete(request.clone()).await?;
        let mut tape = self.tape.lock().await;
        tape.upsert(Interaction {
            key,
            request,
            response: response.clone(),
        });
        let bytes = serde_json::to_vec_pretty(&*tape)
            .map_err(|e| config(&self.path, format!("cannot be serialized: {e}")))?;
        write_atomic(&self.path, &bytes)
            .await
            .map_err(|e| config(&self.path, format!("cannot be written: {e}")))?;
        Ok(response)
    }
}

#[async_trait]
impl<C: ModelClient> ModelClient for CassetteClient<C> {
    async fn complete(&self, request: ModelRequest) -> Result<ModelResponse, ModelError> {
        match self.mode {
            CassetteMode::Record => self.record_call(request).await,
            CassetteMode::Replay => self.replay_call(request).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mode_parses_any_case_and_blanks() {
        assert_eq!(
            CassetteMode::from_env_value("record"),
            Ok(CassetteMode::Record)
        );
        assert_eq!(
            CassetteMode::from_env_value(" RePlay\n"),
            Ok(CassetteMode::Replay)
        );
    }

    #[test]
    fn unknown_mode_lists_the_valid_values() {
        let err = CassetteMode::from_env_value("playback").unwrap_err();
        assert!(err.contains("\"playback\""), "{err}");
        assert!(err.contains("record, replay"), "{err}");
    }

    #[test]
    fn mode_displays_as_its_env_value() {
        for mode in [CassetteMode::Record, CassetteMode::Replay] {
            assert_eq!(CassetteMode::from_env_value(&mode.to_string()), Ok(mode));
        }
    }
}
