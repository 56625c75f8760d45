//! The deployment formats: how to recognise each file, parse it, and where its schema, its
//! cross-key checks and its environment variables are.

pub(crate) mod app_engine;
pub(crate) mod apprunner;
pub(crate) mod vercel;
pub(crate) mod wrangler;

use toml::de::DeTable;

use super::schema::{Issue, Ty};
use super::tree::{self, Flavor, Node, Value};
use super::{SyntaxError, json};
use crate::terraform::text::LineIndex;
use crate::yaml;

/// A deployment configuration format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// `vercel.json`.
    Vercel,
    /// `wrangler.toml`.
    WranglerToml,
    /// `wrangler.json` or `wrangler.jsonc` (JSON with comments and trailing commas).
    WranglerJson,
    /// `app.yaml` of Google App Engine.
    AppEngine,
    /// `apprunner.yaml` of AWS App Runner.
    AppRunner,
}

/// A literal environment variable value, a candidate plaintext secret.
#[derive(Debug)]
pub(crate) struct Secret<'a> {
    /// Where it is, e.g. `env.production.vars.API_TOKEN`.
    pub(crate) path: String,
    /// The variable's name.
    pub(crate) name: String,
    /// Its value.
    pub(crate) node: &'a Node,
}

impl Format {
    /// The format of a file, from its name.
    pub(crate) fn from_name(path: &str) -> Option<Format> {
        let name = path
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(path)
            .to_ascii_lowercase();
        match name.as_str() {
            "vercel.json" => Some(Self::Vercel),
            "wrangler.toml" => Some(Self::WranglerToml),
            "wrangler.json" | "wrangler.jsonc" => Some(Self::WranglerJson),
            "app.yaml" | "app.yml" => Some(Self::AppEngine),
            "apprunner.yaml" => Some(Self::AppRunner),
            _ => None,
        }
    }

    /// The format of a file whose name says nothing (checked with `--kind deploy`).
    pub(crate) fn sniff(content: &str) -> Format {
        let trimmed = content.trim_start_matches('\u{feff}').trim_start();
        if trimmed.starts_with('{') || trimmed.starts_with("//") || trimmed.starts_with("/*") {
            return if content.contains("compatibility_date") {
                Self::WranglerJson
            } else {
                Self::Vercel
            };
        }
        let top_level = |key: &str| content.lines().any(|l| l.starts_with(key));
        if top_level("runtime:") && top_level("run:") {
            Self::AppRunner
        } else if top_level("runtime:") {
            Self::AppEngine
        } else {
            Self::WranglerToml
        }
    }

    /// The file name, for messages.
    pub(crate) fn file_name(self) -> &'static str {
        match self {
            Self::Vercel => "vercel.json",
            Self::WranglerToml => "wrangler.toml",
            Self::WranglerJson => "wrangler.json",
            Self::AppEngine => "app.yaml",
            Self::AppRunner => "apprunner.yaml",
        }
    }

    pub(crate) fn flavor(self) -> Flavor {
        match self {
            Self::Vercel | Self::WranglerJson => Flavor::Json,
            Self::WranglerToml => Flavor::Toml,
            Self::AppEngine | Self::AppRunner => Flavor::Yaml,
        }
    }

    pub(crate) fn is_wrangler(self) -> bool {
        matches!(self, Self::WranglerToml | Self::WranglerJson)
    }

    /// Parse a document of this format.
    pub(crate) fn parse(self, src: &str) -> Result<Node, SyntaxError> {
        match self {
            Self::Vercel | Self::WranglerJson => json::parse(src, self == Self::WranglerJson)
                .map_err(|e| SyntaxError {
                    line: e.line,
                    column: e.column,
                    message: format!("invalid JSON: {}", e.message),
                }),
            Self::WranglerToml => {
                let lines = LineIndex::new(src);
                match DeTable::parse(src) {
                    Ok(table) => Ok(tree::from_toml(&table, &lines)),
                    Err(e) => {
                        let (line, column) = e.span().map_or((1, 1), |s| lines.position(s.start));
                        Err(SyntaxError {
                            line,
                            column,
                            message: format!("invalid TOML: {}", e.message().trim()),
                        })
                    }
                }
            }
            Self::AppEngine | Self::AppRunner => match yaml::parse(src) {
                Ok(node) => Ok(tree::from_yaml(&node)),
                Err(e) => Err(SyntaxError {
                    line: e.line,
                    column: e.column,
                    message: format!("invalid YAML: {}", e.message),
                }),
            },
        }
    }

    pub(crate) fn schema(self) -> &'static Ty {
        match self {
            Self::Vercel => &vercel::SCHEMA,
            Self::WranglerToml | Self::WranglerJson => &wrangler::SCHEMA,
            Self::AppEngine => &app_engine::SCHEMA,
            Self::AppRunner => &apprunner::SCHEMA,
        }
    }

    /// Checks across keys that the schema cannot express.
    pub(crate) fn extra(self, root: &Node, issues: &mut Vec<Issue>) {
        match self {
            Self::Vercel => vercel::extra(root, issues),
            Self::WranglerToml | Self::WranglerJson => wrangler::extra(root, issues),
            Self::AppEngine => app_engine::extra(root, issues),
            Self::AppRunner => {}
        }
    }

    /// The literal values of the environment variables the file defines.
    pub(crate) fn secrets(self, root: &Node) -> Vec<Secret<'_>> {
        match self {
            Self::Vercel => vercel::secrets(root),
            Self::WranglerToml | Self::WranglerJson => wrangler::secrets(root),
            Self::AppEngine => app_engine::secrets(root),
            Self::AppRunner => apprunner::secrets(root),
        }
    }

    /// Where a secret belongs instead, for the help of a plaintext-secret finding.
    pub(crate) fn secret_help(self, name: &str) -> String {
        match self {
            Self::Vercel => format!(
                "Remove it from vercel.json and add it as an encrypted environment variable: `vercel env add {name} production`."
            ),
            Self::WranglerToml | Self::WranglerJson => format!(
                "Remove it from the configuration and run `npx wrangler secret put {name}`; the Worker reads it as `env.{name}` like a var."
            ),
            Self::AppEngine => format!(
                "Store it in Secret Manager (`gcloud secrets create {name}`) and read it at startup with the service account; app.yaml is deployed with the code."
            ),
            Self::AppRunner => format!(
                "Move it to `run.secrets` as `name: {name}` with `value-from:` the ARN of a Secrets Manager secret or SSM SecureString parameter."
            ),
        }
    }
}

/// The string values of a mapping of environment variables.
pub(crate) fn dict_secrets<'a>(node: Option<&'a Node>, path: &str) -> Vec<Secret<'a>> {
    node.map(Node::entries)
        .unwrap_or(&[])
        .iter()
        .filter(|e| matches!(e.value.value, Value::Str(_)))
        .map(|e| Secret {
            path: format!("{path}.{}", e.key),
            name: e.key.clone(),
            node: &e.value,
        })
        .collect()
}

/// The string values of a list of `{name, value}` environment variables.
pub(crate) fn env_list_secrets<'a>(node: Option<&'a Node>, path: &str) -> Vec<Secret<'a>> {
    node.map(Node::items)
        .unwrap_or(&[])
        .iter()
        .filter_map(|item| {
            let name = item.get("name")?.as_str()?;
            let value = item.get("value")?;
            matches!(value.value, Value::Str(_)).then(|| Secret {
                path: format!("{path}[{name}]"),
                name: name.to_string(),
                node: value,
            })
        })
        .collect()
}
