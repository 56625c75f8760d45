//! The values a prompt is rendered with.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::Value;

/// Named values for [`super::Prompt::render`]: strings, lists of strings or any JSON value.
///
/// ```
/// use squad_core::prompt::PromptVars;
///
/// let vars = PromptVars::new()
///     .set("stack", "nextjs")
///     .set_list("services", ["db", "redis"]);
/// assert_eq!(vars.get("stack").and_then(|v| v.as_str()), Some("nextjs"));
/// ```
///
/// Its `Debug` output lists the names only: values may hold user code or secrets.
#[derive(Clone, Default, PartialEq)]
pub struct PromptVars {
    values: BTreeMap<String, Value>,
}

impl PromptVars {
    /// No values.
    pub fn new() -> Self {
        Self::default()
    }

    /// Set a string value, replacing any previous value of that name.
    #[must_use]
    pub fn set(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.set_json(name, Value::String(value.into()))
    }

    /// Set a list of strings.
    #[must_use]
    pub fn set_list<I, S>(self, name: impl Into<String>, values: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let list = values
            .into_iter()
            .map(|s| Value::String(s.into()))
            .collect();
        self.set_json(name, Value::Array(list))
    }

    /// Set any JSON value. `null` counts as not given: the default applies, or a required input
    /// is reported missing.
    #[must_use]
    pub fn set_json(mut self, name: impl Into<String>, value: Value) -> Self {
        self.values.insert(name.into(), value);
        self
    }

    /// The value of `name`, if set.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.values.get(name)
    }

    /// The names that are set, in sorted order.
    pub fn names(&self) -> impl Iterator<Item = &str> + '_ {
        self.values.keys().map(String::as_str)
    }

    /// Whether no value is set.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

impl fmt::Debug for PromptVars {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PromptVars")
            .field("names", &self.values.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_sets_strings_lists_and_json() {
        let vars = PromptVars::new()
            .set("stack", "nextjs")
            .set_list("services", ["db", "redis"])
            .set_json("extra", serde_json::json!({"a": 1}));
        assert_eq!(vars.get("stack"), Some(&Value::from("nextjs")));
        assert_eq!(
            vars.get("services"),
            Some(&serde_json::json!(["db", "redis"]))
        );
        assert_eq!(
            vars.names().collect::<Vec<_>>(),
            ["extra", "services", "stack"]
        );
        assert!(!vars.is_empty());
    }

    #[test]
    fn debug_shows_names_not_values() {
        let vars = PromptVars::new().set("requirements", "very private text");
        let debug = format!("{vars:?}");
        assert!(debug.contains("requirements"));
        assert!(!debug.contains("very private"));
    }
}
