//! A typed view of a compose file for the rules: services with their references, ports,
//! mounts and environment, and the declared networks, volumes, secrets and configs.
//!
//! Built leniently: a value of the wrong type is skipped here (the validator reports it),
//! so every rule sees only what compose itself would understand. `<<` merge keys are
//! resolved; explicit keys win over merged ones.

use squad_core::findings::Span;

use super::mounts::{self, Mount};
use super::ports::{self, Parsed};
use crate::yaml::{Node, Value};

/// Merged mappings nest at most this deep (anchors cannot recurse, but keep work bounded).
const MAX_MERGE_DEPTH: usize = 16;

/// The entries of a mapping with `<<` merge keys resolved: explicit entries first (all of
/// them, duplicates included, in document order), then merged entries whose key is not
/// already there (the first merged source wins).
pub(crate) fn entries(node: &Node) -> Vec<(&Node, &Node)> {
    let mut out = Vec::new();
    collect(node, &mut out, 0);
    out
}

fn collect<'a>(node: &'a Node, out: &mut Vec<(&'a Node, &'a Node)>, depth: usize) {
    let Some(map) = node.as_map() else {
        return;
    };
    let start = out.len();
    for (key, value) in map {
        if !is_merge_key(key) {
            out.push((key, value));
        }
    }
    if depth >= MAX_MERGE_DEPTH {
        return;
    }
    for (key, value) in map {
        if !is_merge_key(key) {
            continue;
        }
        let sources: Vec<&Node> = match &value.value {
            Value::Map(_) => vec![value],
            Value::Seq(items) => items.iter().collect(),
            Value::Scalar { .. } => Vec::new(),
        };
        for source in sources {
            let mut merged = Vec::new();
            collect(source, &mut merged, depth + 1);
            for (k, v) in merged {
                let present = out[start..].iter().any(|(existing, _)| {
                    existing.as_str().is_some() && existing.as_str() == k.as_str()
                });
                if !present {
                    out.push((k, v));
                }
            }
        }
    }
}

fn is_merge_key(key: &Node) -> bool {
    matches!(&key.value, Value::Scalar { text, plain: true } if text == "<<")
}

/// The first value of `key` among merged entries.
fn lookup<'a>(fields: &[(&'a Node, &'a Node)], key: &str) -> Option<&'a Node> {
    fields
        .iter()
        .find(|(k, _)| k.as_str() == Some(key))
        .map(|(_, v)| *v)
}

/// A name and where it is written.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Name<'a> {
    pub(crate) name: &'a str,
    pub(crate) span: Span,
}

/// A compose file, as the rules see it.
#[derive(Debug)]
pub(crate) struct Project<'a> {
    /// The top-level `version` key and value, if any.
    pub(crate) version: Option<(&'a Node, &'a Node)>,
    /// Whether the file includes others (`include:`): references may point into them.
    pub(crate) has_include: bool,
    /// Whether the file looks like an overlay of another (`docker-compose.override.yml`):
    /// services may get their image and declarations from the base file.
    pub(crate) is_overlay: bool,
    pub(crate) services: Vec<Service<'a>>,
    pub(crate) networks: Vec<Name<'a>>,
    pub(crate) volumes: Vec<Name<'a>>,
    pub(crate) secrets: Vec<Name<'a>>,
    pub(crate) configs: Vec<Name<'a>>,
}

impl<'a> Project<'a> {
    /// Read the model out of a parsed document.
    pub(crate) fn new(root: &'a Node, path: &str) -> Self {
        let top = entries(root);
        let names = |key: &str| -> Vec<Name<'a>> {
            lookup(&top, key)
                .map(|node| {
                    entries(node)
                        .into_iter()
                        .filter_map(|(k, _)| name_of(k))
                        .collect()
                })
                .unwrap_or_default()
        };
        let services = lookup(&top, "services")
            .map(|node| {
                entries(node)
                    .into_iter()
                    .filter(|(_, v)| v.as_map().is_some())
                    .filter_map(|(k, v)| Some(Service::new(k.as_str()?, k, v)))
                    .collect()
            })
            .unwrap_or_default();
        let file = path.rsplit(['/', '\\']).next().unwrap_or(path);
        Project {
            version: top
                .iter()
                .find(|(k, _)| k.as_str() == Some("version"))
                .copied(),
            has_include: lookup(&top, "include").is_some(),
            is_overlay: file.to_ascii_lowercase().contains("override"),
            services,
            networks: names("networks"),
            volumes: names("volumes"),
            secrets: names("secrets"),
            configs: names("configs"),
        }
    }

    /// The service called `name`.
    pub(crate) fn service(&self, name: &str) -> Option<&Service<'a>> {
        self.services.iter().find(|s| s.name == name)
    }

    /// Whether references to things this file does not declare may be fine: the file
    /// includes others or overlays a base file.
    pub(crate) fn is_partial(&self) -> bool {
        self.has_include || self.is_overlay
    }
}

fn name_of(node: &Node) -> Option<Name<'_>> {
    Some(Name {
        name: node
            .as_str()
            .filter(|_| matches!(node.value, Value::Scalar { .. }))?,
        span: node.span,
    })
}

/// A service's `depends_on` entry.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Dependency<'a> {
    pub(crate) name: Name<'a>,
    /// The `condition` value (long syntax).
    pub(crate) condition: Option<&'a Node>,
    /// `required: false` tolerates a missing service.
    pub(crate) required: bool,
}

/// An environment variable (or build argument) with a value written in the file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EnvVar<'a> {
    pub(crate) name: &'a str,
    /// The value as written: `None` for `KEY` alone (taken from the host) or a null.
    pub(crate) value: Option<&'a str>,
    /// The node holding the value (the `KEY=VALUE` item in list form).
    pub(crate) node: &'a Node,
}

/// What a service says about its healthcheck.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Health {
    /// No `healthcheck` key.
    Missing,
    /// `disable: true` or `test: ["NONE"]`, at this span.
    Disabled(Span),
    /// A healthcheck is defined.
    Defined,
}

/// A service.
#[derive(Debug)]
pub(crate) struct Service<'a> {
    pub(crate) name: &'a str,
    /// The service's key in `services`.
    pub(crate) key: &'a Node,
    /// Its entries, merge keys resolved.
    fields: Vec<(&'a Node, &'a Node)>,
    pub(crate) depends_on: Vec<Dependency<'a>>,
    pub(crate) ports: Vec<(&'a Node, Parsed)>,
    pub(crate) mounts: Vec<Mount<'a>>,
    pub(crate) environment: Vec<EnvVar<'a>>,
    pub(crate) build_args: Vec<EnvVar<'a>>,
    pub(crate) networks: Vec<Name<'a>>,
    pub(crate) secrets: Vec<Name<'a>>,
    pub(crate) configs: Vec<Name<'a>>,
    pub(crate) profiles: Vec<&'a str>,
}

impl<'a> Service<'a> {
    fn new(name: &'a str, key: &'a Node, node: &'a Node) -> Self {
        let fields = entries(node);
        let get = |k: &str| lookup(&fields, k);
        let build = get("build");
        Service {
            name,
            key,
            depends_on: get("depends_on").map(dependencies).unwrap_or_default(),
            ports: items(get("ports"))
                .map(|p| {
                    let parsed = match &p.value {
                        Value::Map(_) => ports::parse_long(p),
                        Value::Scalar { text, .. } => ports::parse_short(text),
                        Value::Seq(_) => Ok(None),
                    };
                    (p, parsed)
                })
                .collect(),
            mounts: items(get("volumes"))
                .filter(|m| !m.is_null())
                .map(mounts::parse)
                .collect(),
            environment: get("environment").map(variables).unwrap_or_default(),
            build_args: build
                .and_then(|b| b.get("args"))
                .map(variables)
                .unwrap_or_default(),
            networks: get("networks").map(list_or_keys).unwrap_or_default(),
            secrets: references(get("secrets"))
                .chain(references(build.and_then(|b| b.get("secrets"))))
                .collect(),
            configs: references(get("configs")).collect(),
            profiles: items(get("profiles")).filter_map(Node::as_str).collect(),
            fields,
        }
    }

    /// The value of a key of this service.
    pub(crate) fn get(&self, key: &str) -> Option<&'a Node> {
        lookup(&self.fields, key)
    }

    /// The key node and value of a key of this service.
    pub(crate) fn entry(&self, key: &str) -> Option<(&'a Node, &'a Node)> {
        self.fields
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .copied()
    }

    /// What the service says about its healthcheck.
    pub(crate) fn health(&self) -> Health {
        let Some(check) = self.get("healthcheck") else {
            return Health::Missing;
        };
        if let Some((key, value)) = check.entry("disable")
            && value.as_bool() == Some(true)
        {
            return Health::Disabled(key.span);
        }
        if let Some(test) = check.get("test") {
            let first = match &test.value {
                Value::Seq(items) => items.first().and_then(Node::as_str),
                Value::Scalar { text, .. } => Some(text.as_str()),
                Value::Map(_) => None,
            };
            if first == Some("NONE") {
                return Health::Disabled(test.span);
            }
        }
        Health::Defined
    }

    /// Whether the services' profiles make it run only when asked for.
    pub(crate) fn shares_profile_with(&self, other: &Service<'_>) -> bool {
        self.profiles.is_empty()
            || other.profiles.is_empty()
            || self.profiles.iter().any(|p| other.profiles.contains(p))
    }

    /// Services named by `links` (`name` or `name:alias`), `volumes_from` (`name[:mode]`, not
    /// `container:...`), `extends` (in this file), and `service:name` in `network_mode`,
    /// `pid` and `ipc`.
    pub(crate) fn service_references(&self) -> Vec<(&'static str, Name<'a>)> {
        let mut out = Vec::new();
        for link in items(self.get("links")) {
            if let Some(text) = link.as_str() {
                let name = text.split(':').next().unwrap_or(text);
                out.push((
                    "links",
                    Name {
                        name,
                        span: link.span,
                    },
                ));
            }
        }
        for from in items(self.get("volumes_from")) {
            if let Some(text) = from.as_str()
                && !text.starts_with("container:")
            {
                let name = text.split(':').next().unwrap_or(text);
                out.push((
                    "volumes_from",
                    Name {
                        name,
                        span: from.span,
                    },
                ));
            }
        }
        match self.get("extends") {
            Some(e) if e.as_map().is_some() => {
                if e.get("file").is_none()
                    && let Some(service) = e.get("service")
                    && let Some(name) = service.as_str()
                {
                    out.push((
                        "extends",
                        Name {
                            name,
                            span: service.span,
                        },
                    ));
                }
            }
            Some(e) => {
                if let Some(name) = e.as_str() {
                    out.push(("extends", Name { name, span: e.span }));
                }
            }
            None => {}
        }
        for key in ["network_mode", "pid", "ipc"] {
            if let Some(node) = self.get(key)
                && let Some(name) = node.as_str().and_then(|t| t.strip_prefix("service:"))
            {
                out.push((
                    key,
                    Name {
                        name,
                        span: node.span,
                    },
                ));
            }
        }
        out
    }
}

/// The items of a sequence, or nothing.
fn items(node: Option<&Node>) -> impl Iterator<Item = &Node> {
    node.and_then(Node::as_seq).unwrap_or(&[]).iter()
}

fn dependencies(node: &Node) -> Vec<Dependency<'_>> {
    match &node.value {
        Value::Seq(list) => list
            .iter()
            .filter_map(name_of)
            .map(|name| Dependency {
                name,
                condition: None,
                required: true,
            })
            .collect(),
        Value::Map(_) => entries(node)
            .into_iter()
            .filter_map(|(k, v)| {
                Some(Dependency {
                    name: name_of(k)?,
                    condition: v.get("condition"),
                    required: v.get("required").and_then(Node::as_bool) != Some(false),
                })
            })
            .collect(),
        Value::Scalar { .. } => Vec::new(),
    }
}

/// `environment`, `args`: a list of `KEY=VALUE` / `KEY`, or a mapping.
fn variables(node: &Node) -> Vec<EnvVar<'_>> {
    match &node.value {
        Value::Seq(list) => list
            .iter()
            .filter_map(|item| {
                let text = item.as_str()?;
                let (name, value) = match text.split_once('=') {
                    Some((n, v)) => (n, Some(v)),
                    None => (text, None),
                };
                Some(EnvVar {
                    name: name.trim(),
                    value,
                    node: item,
                })
            })
            .collect(),
        Value::Map(_) => entries(node)
            .into_iter()
            .filter_map(|(k, v)| {
                Some(EnvVar {
                    name: k.as_str()?,
                    value: if v.is_null() { None } else { v.as_str() },
                    node: v,
                })
            })
            .collect(),
        Value::Scalar { .. } => Vec::new(),
    }
}

/// A list of names or the keys of a mapping (service `networks`).
fn list_or_keys(node: &Node) -> Vec<Name<'_>> {
    match &node.value {
        Value::Seq(list) => list.iter().filter_map(name_of).collect(),
        Value::Map(_) => entries(node)
            .into_iter()
            .filter_map(|(k, _)| name_of(k))
            .collect(),
        Value::Scalar { .. } => Vec::new(),
    }
}

/// Service `secrets` / `configs`: names, or mappings with a `source`.
fn references(node: Option<&Node>) -> impl Iterator<Item = Name<'_>> {
    items(node).filter_map(|item| match &item.value {
        Value::Map(_) => item.get("source").and_then(name_of),
        _ => name_of(item),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    #[test]
    fn merge_keys_resolve_with_explicit_keys_winning() {
        let doc = yaml::parse(
            "x-base: &base\n  image: a:1\n  restart: always\nservices:\n  web:\n    <<: *base\n    image: b:2\n",
        )
        .unwrap();
        let project = Project::new(&doc, "compose.yaml");
        let web = project.service("web").unwrap();
        assert_eq!(web.get("image").and_then(Node::as_str), Some("b:2"));
        assert_eq!(web.get("restart").and_then(Node::as_str), Some("always"));
    }

    #[test]
    fn references_and_environment() {
        let doc = yaml::parse(
            "services:\n  web:\n    image: a:1\n    depends_on:\n      db:\n        condition: service_healthy\n    links: [cache:c]\n    environment:\n      - A=1\n      - B\n    networks: {front: {}}\n    secrets: [s, {source: t}]\n  db: {image: p:1}\n",
        )
        .unwrap();
        let project = Project::new(&doc, "compose.yaml");
        let web = project.service("web").unwrap();
        assert_eq!(web.depends_on[0].name.name, "db");
        assert_eq!(
            web.depends_on[0].condition.and_then(Node::as_str),
            Some("service_healthy")
        );
        assert_eq!(web.service_references()[0].1.name, "cache");
        assert_eq!(web.environment[0].value, Some("1"));
        assert_eq!(web.environment[1].value, None);
        assert_eq!(web.networks[0].name, "front");
        let secrets: Vec<_> = web.secrets.iter().map(|s| s.name).collect();
        assert_eq!(secrets, ["s", "t"]);
    }
}
