//! PLACEHOLDER: text, JSON and SARIF renderers.
