//! Message texts written as JSON strings, with the system prompts of recent calls kept encoded.
//!
//! serde_json's writer escapes a string one byte at a time, about ten instructions a byte. A
//! task's system prompt is several kilobytes and goes out unchanged with every call of that
//! task (and again with each repair round), so writing it was one of the larger costs of a
//! call. Texts are escaped by json-escape-simd instead (a property test holds its output
//! byte-equal to serde_json's), and the last few system texts keep their encoding, found again
//! by comparing the text itself: a hit costs a length check and one comparison of the bytes.

use std::sync::{Arc, Mutex, PoisonError};

use serde_json::value::RawValue;

/// How many distinct system texts keep their encoding: one per task a process runs often.
const CAPACITY: usize = 32;

/// Shorter texts are encoded each time: keeping them would not save anything measurable.
const MIN_CACHED_BYTES: usize = 256;

/// `text` as a JSON string literal (quotes included), to be written into the body verbatim.
///
/// `RawValue::from_string` reads the escaped text back once to vouch for it; serde_json's
/// reader skips plain runs eight bytes at a time, so both passes together cost a fraction of
/// serde_json's writer.
pub(crate) fn json_string(text: &str) -> Result<Box<RawValue>, serde_json::Error> {
    let mut escaped = Vec::new();
    json_escape_simd::escape_into(text, &mut escaped);
    match String::from_utf8(escaped)
        .ok()
        .and_then(|json| RawValue::from_string(json).ok())
    {
        Some(json) => Ok(json),
        // Not expected to happen: serde_json's own writer is the fallback.
        None => serde_json::value::to_raw_value(text),
    }
}

/// A message text written as a JSON string: shared with the cache, or made for one request.
#[derive(Debug)]
pub(crate) enum JsonText {
    /// A system text's encoding, kept by [`SystemTexts`].
    Shared(Arc<RawValue>),
    /// Any other text's, made for this request alone.
    Owned(Box<RawValue>),
}

impl std::ops::Deref for JsonText {
    type Target = RawValue;
    fn deref(&self) -> &RawValue {
        match self {
            Self::Shared(json) => json,
            Self::Owned(json) => json,
        }
    }
}

impl serde::Serialize for JsonText {
    /// Written into the body verbatim.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(serializer)
    }
}

/// The encodings of the most recently sent system texts, most recent first.
#[derive(Default)]
pub(crate) struct SystemTexts {
    recent: Mutex<Vec<Entry>>,
}

struct Entry {
    text: Box<str>,
    json: Arc<RawValue>,
}

impl SystemTexts {
    /// The JSON string for the system text `text`, from the cache when it was sent lately.
    pub(crate) fn encode(&self, text: &str) -> Result<JsonText, serde_json::Error> {
        if text.len() < MIN_CACHED_BYTES {
            return json_string(text).map(JsonText::Owned);
        }
        // A panic elsewhere while the lock was held leaves the list consistent: every change
        // below is a single Vec operation.
        let mut recent = self.recent.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(at) = recent.iter().position(|e| *e.text == *text) {
            let json = Arc::clone(&recent[at].json);
            if at > 0 {
                let entry = recent.remove(at);
                recent.insert(0, entry);
            }
            return Ok(JsonText::Shared(json));
        }
        drop(recent);
        let json: Arc<RawValue> = Arc::from(json_string(text)?);
        let mut recent = self.recent.lock().unwrap_or_else(PoisonError::into_inner);
        if !recent.iter().any(|e| *e.text == *text) {
            recent.truncate(CAPACITY - 1);
            recent.insert(
                0,
                Entry {
                    text: text.into(),
                    json: Arc::clone(&json),
                },
            );
        }
        Ok(JsonText::Shared(json))
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Characters that exercise every escaping branch: quotes, backslashes, each control
    /// character, DEL (which JSON leaves alone), multi-byte text and plain ASCII.
    fn tricky_text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                (0u32..0x20).prop_map(|c| char::from_u32(c).unwrap_or('x').to_string()),
                Just("\"".to_string()),
                Just("\\".to_string()),
                Just("\u{7f}".to_string()),
                Just("é€𝄞\u{2028}".to_string()),
                "[ -~]{0,40}",
            ],
            0..60,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// The fast escaping writes exactly what serde_json writes, so a server sees the same
        /// body either way.
        #[test]
        fn json_string_matches_serde_json(text in tricky_text()) {
            let fast = json_string(&text).expect("encodes");
            prop_assert_eq!(fast.get(), serde_json::to_string(&text).expect("serde_json"));
        }

        /// Whatever the order of texts, the cache gives each text its own encoding.
        #[test]
        fn cached_encoding_is_the_texts_own(picks in proptest::collection::vec(0usize..40, 1..200)) {
            let texts: Vec<String> = (0..40)
                .map(|i| format!("system prompt {i}\n\"rules\"\t{}", "x".repeat(300 + i % 3)))
                .collect();
            let cache = SystemTexts::default();
            for i in picks {
                let json = cache.encode(&texts[i]).expect("encodes");
                prop_assert_eq!(json.get(), serde_json::to_string(&texts[i]).expect("serde_json"));
            }
            prop_assert!(cache.recent.lock().expect("lock").len() <= CAPACITY);
        }
    }

    #[test]
    fn a_repeated_system_text_is_encoded_once() {
        let cache = SystemTexts::default();
        let text = format!("You are a careful engineer.\n{}", "Rule.\n".repeat(100));
        let first = cache.encode(&text).expect("encodes");
        let second = cache.encode(&text).expect("encodes");
        let (JsonText::Shared(first), JsonText::Shared(second)) = (first, second) else {
            panic!("a long system text is kept");
        };
        assert!(Arc::ptr_eq(&first, &second));
        // Same length, other bytes: not confused with the first.
        let other = text.replacen("careful", "CAREFUL", 1);
        let third = cache.encode(&other).expect("encodes");
        assert_eq!(
            third.get(),
            serde_json::to_string(&other).expect("serde_json")
        );
        // Short texts are not kept.
        cache.encode("short").expect("encodes");
        assert_eq!(cache.recent.lock().expect("lock").len(), 2);
    }
}
