//! Answering a question already asked without asking the model again.
//!
//! [`CacheClient`] looks a request up in a [`ResponseCache`] by [`ModelRequest::digest`] — the
//! model, messages, temperature and every other option — and calls the inner client only on a
//! miss. Only successful responses are stored. It sits outside retry, so a hit costs nothing.
//!
//! ```
//! use squad_core::model::ModelClient;
//! use squad_core::model::cache::{CacheClient, ResponseCache};
//!
//! fn cached(provider: impl ModelClient) -> impl ModelClient {
//!     // Kept in memory and under .squad-cache/, so the next run starts warm.
//!     CacheClient::new(provider, ResponseCache::with_dir(".squad-cache"))
//! }
//! ```

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::{ModelClient, ModelError, ModelRequest, ModelResponse};

/// Stored responses keyed by request digest, in memory and optionally in a directory.
///
/// Clones share the same entries and counters. The directory holds one `<digest>.json` file per
/// response, written atomically; a file that cannot be read or parsed counts as a miss (with a
/// warning) and is overwritten by the next answer. Entries never expire: the same request gets
/// the same answer for as long as the cache lives — delete the directory to start afresh.
#[derive(Debug, Clone, Default)]
pub struct ResponseCache {
    shared: Arc<Shared>,
}

#[derive(Debug, Default)]
struct Shared {
    memory: Mutex<HashMap<String, ModelResponse>>,
    dir: Option<PathBuf>,
    hits: AtomicU64,
    misses: AtomicU64,
}

/// The content of one cache file.
#[derive(Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    response: ModelResponse,
}

const CACHE_FILE_VERSION: u32 = 1;

impl ResponseCache {
    /// A cache that lives as long as the process.
    pub fn memory() -> Self {
        Self::default()
    }

    /// A cache in memory backed by `dir` (created on the first write), so it survives runs.
    pub fn with_dir(dir: impl Into<PathBuf>) -> Self {
        Self {
            shared: Arc::new(Shared {
                dir: Some(dir.into()),
                ..Shared::default()
            }),
        }
    }

    /// The directory backing the cache, if any.
    pub fn dir(&self) -> Option<&Path> {
        self.shared.dir.as_deref()
    }

    /// How many lookups found a response.
    pub fn hits(&self) -> u64 {
        self.shared.hits.load(Ordering::Relaxed)
    }

    /// How many lookups found nothing.
    pub fn misses(&self) -> u64 {
        self.shared.misses.load(Ordering::Relaxed)
    }

    /// The stored response for `key`, from memory or else from the directory; counts a hit or
    /// a miss.
    async fn get(&self, key: &str) -> Option<ModelResponse> {
        let found = match self.read_memory(key) {
            Some(response) => Some(response),
            None => self.read_file_entry(key).await,
        };
        let counter = if found.is_some() {
            &self.shared.hits
        } else {
            &self.shared.misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
        found
    }

    fn read_memory(&self, key: &str) -> Option<ModelResponse> {
        let memory = self.shared.memory.lock().unwrap_or_else(|e| e.into_inner());
        memory.get(key).cloned()
    }

    fn remember(&self, key: &str, response: &ModelResponse) {
        let mut memory = self.shared.memory.lock().unwrap_or_else(|e| e.into_inner());
        memory.insert(key.to_string(), response.clone());
    }

    async fn read_file_entry(&self, key: &str) -> Option<ModelResponse> {
        let path = self.shared.dir.as_ref()?.join(format!("{key}.json"));
        let bytes = match tokio::fs::read(&path).await {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return None,
            Err(e) => {
                tracing::warn!(path = %path.display(), error = %e, "cannot read model cache file; treating it as a miss");
                return None;
            }
        };
        match serde_json::from_slice::<CacheFile>(&bytes) {
            Ok(file) if file.version == CACHE_FILE_VERSION => {
                self.remember(key, &file.response);
                Some(file.response)
            }
            Ok(file) => {
                tracing::warn!(path = %path.display(), version = file.version, "model cache file has an unknown version; treating it as a miss");
                None
            }
            Err(e) => {
                tracing::warn!(path = %path.display(), error = %e, "model cache file is corrupt; treating it as a miss");
                None
            }
        }
    }

    /// Store `response` under `key`. A failure to write the directory only loses the entry for
    /// later runs, so it is a warning, not an error.
    async fn put(&self, key: &str, response: &ModelResponse) {
        self.remember(key, response);
        let Some(dir) = &self.shared.dir else {
            return;
        };
        let path = dir.join(format!("{key}.json"));
        let file = CacheFile {
            version: CACHE_FILE_VERSION,
            response: response.clone(),
        };
        let written = match serde_json::to_vec_pretty(&file) {
            Ok(bytes) => write_atomic(&path, &bytes).await,
            Err(e) => Err(io::Error::other(e)),
        };
        if let Err(e) = written {
            tracing::warn!(path = %path.display(), error = %e, "cannot write model cache file; the answer is cached in memory only");
        }
    }
}

/// Caches the successful responses of the inner client in a [`ResponseCache`].
///
/// Two concurrent calls with the same request may both reach the inner client; the later answer
/// replaces the earlier one.
#[derive(Debug, Clone)]
pub struct CacheClient<C> {
    inner: C,
    cache: ResponseCache,
}

impl<C> CacheClient<C> {
    /// Wrap `inner`, answering from `cache` when it can.
    pub fn new(inner: C, cache: ResponseCache) -> Self {
        Self { inner, cache }
    }

    /// The cache in use.
    pub fn cache(&self) -> &ResponseCache {
        &self.cache
    }

    /// How many calls were answered from the cache.
    pub fn hits(&self) -> u64 {
        self.cache.hits()
    }

    /// How many calls went to the inner client.
    pub fn misses(&self) -> u64 {
        self.cache.misses()
    }

    /// The wrapped client.
    pub fn inner(&self) -> &C {
        &self.inner
    }
}

#[async_trait]
impl<C: ModelClient> ModelClient for CacheClient<C> {
    async fn complete(&self, request: ModelRequest) -> Result<ModelResponse, ModelError> {
        self.complete_ref(&request).await
    }

    async fn complete_ref(&self, request: &ModelRequest) -> Result<ModelResponse, ModelError> {
        let key = request.digest();
        if let Some(response) = self.cache.get(&key).await {
            tracing::debug!(key = %key, "model cache hit");
            return Ok(response);
        }
        let response = self.inner.complete_ref(request).await?;
        self.cache.put(&key, &response).await;
        Ok(response)
    }
}

/// Write `bytes` to `path` so that readers see the old content or the new one, never a part:
/// write a temporary file beside it, then rename it over `path`. Creates missing parent
/// directories.
pub(crate) async fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    tokio::fs::create_dir_all(dir).await?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Unique per process and per call, so concurrent writers never share a temporary file.
    let temp = dir.join(format!(
        ".{name}.{}.{}.tmp",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    if let Err(e) = tokio::fs::write(&temp, bytes).await {
        let _ = tokio::fs::remove_file(&temp).await;
        return Err(e);
    }
    if let Err(e) = tokio::fs::rename(&temp, path).await {
        let _ = tokio::fs::remove_file(&temp).await;
        return Err(e);
    }
    Ok(())
}
