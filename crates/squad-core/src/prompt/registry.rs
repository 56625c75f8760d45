//! Loading prompts (embedded, from a folder, or as the environment says) and finding them by
//! `agent.task[@vN]`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use include_dir::{Dir, include_dir};

use super::front_matter::{self, PromptSpec};
use super::render::{LoopProblem, Part, Prompt, loop_problem, tera_message};
use super::{InputKind, PromptError, PromptVars, RenderedPrompt};

/// The environment variable naming a prompt folder to use instead of the embedded prompts.
pub const PROMPTS_DIR_ENV: &str = "SQUAD_PROMPTS_DIR";

/// The workspace's `prompts/` folder, compiled in.
static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../prompts");

/// Every prompt, every version, with their templates compiled once at load time.
#[derive(Debug, Clone)]
pub struct PromptRegistry {
    prompts: BTreeMap<String, BTreeMap<u32, Prompt>>,
}

/// One prompt file found while loading, before parsing.
struct SourceFile {
    /// The path below the prompt root, as `/`-separated components.
    components: Vec<String>,
    /// How errors name the file.
    display: String,
    /// The file's text, or why it could not be read as text.
    text: Result<String, String>,
}

impl PromptRegistry {
    /// The prompts compiled into this crate (the workspace's `prompts/` folder at build time).
    pub fn embedded() -> Result<Self, PromptError> {
        let mut files = Vec::new();
        collect_embedded(&EMBEDDED, &mut files);
        Self::from_sources(files, Path::new("embedded:prompts"))
    }

    /// The prompts of a folder laid out as `<agent>/<task>/v<N>.md`.
    ///
    /// Other files (a README at the root, hidden files, files that do not end in `.md`) are
    /// ignored; a `.md` file in a task folder not named `v<N>.md` is an error.
    pub fn from_dir(path: impl AsRef<Path>) -> Result<Self, PromptError> {
        let root = path.as_ref();
        if !root.is_dir() {
            return Err(PromptError::DirNotFound {
                path: root.to_path_buf(),
            });
        }
        let mut files = Vec::new();
        collect_dir(root, root, 0, &mut files)?;
        Self::from_sources(files, root)
    }

    /// The folder named by `SQUAD_PROMPTS_DIR` when it is set (and not empty), else the
    /// embedded prompts.
    pub fn from_env() -> Result<Self, PromptError> {
        Self::from_env_with(|name| std::env::var(name).ok())
    }

    /// [`Self::from_env`] reading variables through `get` (for tests).
    pub fn from_env_with(get: impl Fn(&str) -> Option<String>) -> Result<Self, PromptError> {
        match get(PROMPTS_DIR_ENV).filter(|dir| !dir.trim().is_empty()) {
            Some(dir) => {
                let path = PathBuf::from(dir);
                Self::from_dir(&path).map_err(|e| match e {
                    PromptError::DirNotFound { path } => PromptError::EnvDirNotFound {
                        var: PROMPTS_DIR_ENV,
                        path,
                    },
                    other => other,
                })
            }
            None => Self::embedded(),
        }
    }

    /// The prompt `agent.task` in its newest version, or `agent.task@vN` in version N.
    pub fn get(&self, reference: &str) -> Result<&Prompt, PromptError> {
        // Most references are a plain id. A known id is a valid reference without a version
        // (ids are checked when the prompts load), so parsing it would change nothing.
        let (id, version, versions) = match self.prompts.get(reference) {
            Some(versions) => (reference, None, versions),
            None => {
                let (id, version) = parse_reference(reference)?;
                let Some(versions) = self.prompts.get(id) else {
                    return Err(PromptError::UnknownPrompt {
                        id: id.to_owned(),
                        known: self.ids().map(str::to_owned).collect(),
                    });
                };
                (id, version, versions)
            }
        };
        let found = match version {
            Some(v) => versions.get(&v),
            None => versions.values().next_back(),
        };
        found.ok_or_else(|| PromptError::UnknownVersion {
            id: id.to_owned(),
            version: version.unwrap_or_default(),
            known: versions.keys().copied().collect(),
        })
    }

    /// Find `reference` (see [`Self::get`]) and render it with `vars`.
    pub fn render(
        &self,
        reference: &str,
        vars: &PromptVars,
    ) -> Result<RenderedPrompt, PromptError> {
        self.get(reference)?.render(vars)
    }

    /// Every prompt id, sorted.
    pub fn ids(&self) -> impl Iterator<Item = &str> + '_ {
        self.prompts.keys().map(String::as_str)
    }

    /// The versions of `id`, oldest first; empty when the id is unknown.
    pub fn versions(&self, id: &str) -> Vec<u32> {
        self.prompts
            .get(id)
            .map(|versions| versions.keys().copied().collect())
            .unwrap_or_default()
    }

    /// Every prompt in every version, sorted by id then version.
    pub fn iter(&self) -> impl Iterator<Item = &Prompt> + '_ {
        self.prompts.values().flat_map(BTreeMap::values)
    }

    /// Parse every file, compile every template into one tera instance, and index the prompts.
    fn from_sources(mut files: Vec<SourceFile>, root: &Path) -> Result<Self, PromptError> {
        files.sort_by(|a, b| a.components.cmp(&b.components));
        let mut specs: Vec<(PromptSpec, String)> = Vec::new();
        for file in files {
            let Some((id, version)) = locate(&file)? else {
                continue;
            };
            let text = file.text.map_err(|message| PromptError::InvalidFile {
                file: file.display.clone(),
                message,
            })?;
            let spec = front_matter::parse(&file.display, &id, version, &text)?;
            specs.push((spec, file.display));
        }
        if specs.is_empty() {
            return Err(PromptError::NoPrompts {
                path: root.to_path_buf(),
            });
        }

        // Check each template on its own first, so a syntax error names its file.
        let mut templates = Vec::with_capacity(specs.len() * 2);
        for (spec, display) in &specs {
            for (section, body) in [("system", &spec.system), ("user", &spec.user)] {
                let name = template_name(spec, section);
                tera::Template::new(&name, None, body).map_err(|e| PromptError::InvalidFile {
                    file: display.clone(),
                    message: format!("{section} template: {}", tera_message(&e)),
                })?;
                templates.push((name, body.clone()));
            }
        }
        let mut tera = tera::Tera::default();
        // Prompts are markdown sent to a model: nothing is HTML-escaped.
        tera.autoescape_on(Vec::new());
        tera.add_raw_templates(templates)
            .map_err(|e| PromptError::InvalidFile {
                file: root.display().to_string(),
                message: tera_message(&e),
            })?;
        let tera = Arc::new(tera);

        let mut prompts: BTreeMap<String, BTreeMap<u32, Prompt>> = BTreeMap::new();
        for (spec, display) in specs {
            check_loops(&tera, &spec, &display)?;
            let system = Part::new(&tera, template_name(&spec, "system"));
            let user = Part::new(&tera, template_name(&spec, "user"));
            prompts.entry(spec.id.clone()).or_default().insert(
                spec.version,
                Prompt::new(spec, display, Arc::clone(&tera), system, user),
            );
        }
        Ok(Self { prompts })
    }
}

/// Every `{% for %}` loop of the templates of `spec` must walk a list (see [`loop_problem`]):
/// a loop over a plain input needs the input declared `kind = "list"`.
fn check_loops(tera: &tera::Tera, spec: &PromptSpec, display: &str) -> Result<(), PromptError> {
    let lists: Vec<&str> = spec
        .inputs
        .iter()
        .filter(|input| input.kind == InputKind::List)
        .map(|input| input.name.as_str())
        .collect();
    for section in ["system", "user"] {
        let Ok(template) = tera.get_template(&template_name(spec, section)) else {
            continue;
        };
        let Some(problem) = loop_problem(&template.ast, &lists) else {
            continue;
        };
        let what = match problem {
            LoopProblem::Name(name) if spec.inputs.iter().any(|input| input.name == name) => {
                format!(
                    "iterates over input `{name}` with `{{% for ... in {name} %}}`: declare it with kind = \"list\" in its [[inputs]] entry, so that a value that is not a list is refused before rendering"
                )
            }
            LoopProblem::Name(name) => format!(
                "iterates over `{name}` with `{{% for ... in {name} %}}`, which is not an input declared with kind = \"list\" (a loop variable or a {{% set %}} value is a string or of unknown kind, and tera fails on some strings): loop over a list input, or over `{name} | split(pat=\",\")`"
            ),
            LoopProblem::Filter(filter) => format!(
                "iterates over a value whose filter `{filter}` does not give a list (tera fails on some strings): loop over a list input, or end the filters with `split(pat=...)` or filters from list to list ({})",
                super::render::LIST_TO_LIST_FILTERS.join(", ")
            ),
            LoopProblem::KeyValue => "iterates with `{% for key, value in ... %}`, but inputs are strings or lists, never maps: loop with `{% for item in name %}` over a list input".to_owned(),
            LoopProblem::Expression => "iterates over an expression that is not sure to be a list (tera fails on some strings): loop over a list input, an array literal, `range(...)`, or a value split with `split(pat=...)`".to_owned(),
        };
        return Err(PromptError::InvalidFile {
            file: display.to_owned(),
            message: format!("the {section} template {what}"),
        });
    }
    Ok(())
}

fn template_name(spec: &PromptSpec, section: &str) -> String {
    format!("{}@v{}/{section}", spec.id, spec.version)
}

/// Split `agent.task[@vN]`.
fn parse_reference(reference: &str) -> Result<(&str, Option<u32>), PromptError> {
    let invalid = || PromptError::InvalidReference {
        reference: reference.to_owned(),
    };
    let (id, version) = match reference.split_once('@') {
        Some((id, version)) => {
            let number = version.strip_prefix('v').ok_or_else(invalid)?;
            let version = parse_version(number).ok_or_else(invalid)?;
            (id, Some(version))
        }
        None => (reference, None),
    };
    match id.split_once('.') {
        Some((agent, task)) if is_segment(agent) && is_segment(task) => Ok((id, version)),
        _ => Err(invalid()),
    }
}

/// A version number as written in a file name or reference: no sign, no leading zero, >= 1.
fn parse_version(text: &str) -> Option<u32> {
    if text.is_empty() || text.starts_with('0') || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// An agent or task folder name.
fn is_segment(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some('a'..='z'))
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The id and version a file's path says, `None` for files that are not prompts.
fn locate(file: &SourceFile) -> Result<Option<(String, u32)>, PromptError> {
    let [agent, task, name] = file.components.as_slice() else {
        return Ok(None);
    };
    let Some(stem) = name.strip_suffix(".md") else {
        return Ok(None);
    };
    let invalid = |message: String| PromptError::InvalidFile {
        file: file.display.clone(),
        message,
    };
    let version = stem
        .strip_prefix('v')
        .and_then(parse_version)
        .ok_or_else(|| {
            invalid(format!(
                "`{name}` is not a prompt file name: name it v<N>.md with N >= 1 (v1.md, v2.md...)"
            ))
        })?;
    for segment in [agent, task] {
        if !is_segment(segment) {
            return Err(invalid(format!(
                "folder `{segment}` cannot be part of a prompt id: use lower-case letters, digits and `_`, starting with a letter"
            )));
        }
    }
    Ok(Some((format!("{agent}.{task}"), version)))
}

fn collect_embedded(dir: &Dir<'static>, out: &mut Vec<SourceFile>) {
    for file in dir.files() {
        let components: Vec<String> = file
            .path()
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let display = format!("embedded:{}", components.join("/"));
        let text = file
            .contents_utf8()
            .map(str::to_owned)
            .ok_or_else(|| "the file is not UTF-8 text".to_owned());
        out.push(SourceFile {
            components,
            display,
            text,
        });
    }
    for sub in dir.dirs() {
        collect_embedded(sub, out);
    }
}

/// Walk `dir` down to the task folders (`<agent>/<task>/`), skipping hidden entries.
fn collect_dir(
    root: &Path,
    dir: &Path,
    depth: usize,
    out: &mut Vec<SourceFile>,
) -> Result<(), PromptError> {
    let io = |path: &Path, e: std::io::Error| PromptError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let entries = std::fs::read_dir(dir).map_err(|e| io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| io(dir, e))?;
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            if depth < 2 {
                collect_dir(root, &path, depth + 1, out)?;
            }
            continue;
        }
        let Ok(relative) = path.strip_prefix(root) else {
            continue;
        };
        let components = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let text = std::fs::read(&path)
            .map_err(|e| e.to_string())
            .and_then(|bytes| {
                String::from_utf8(bytes).map_err(|_| "the file is not UTF-8 text".to_owned())
            });
        out.push(SourceFile {
            components,
            display: path.display().to_string(),
            text,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_parse() {
        assert_eq!(
            parse_reference("infrastructure.dockerfile").unwrap(),
            ("infrastructure.dockerfile", None)
        );
        assert_eq!(
            parse_reference("infrastructure.ci_cd@v12").unwrap(),
            ("infrastructure.ci_cd", Some(12))
        );
        for bad in [
            "dockerfile",
            "a.b@1",
            "a.b@v0",
            "a.b@v01",
            "a.b@latest",
            "A.b",
            "a.b.c",
            "a.b@v1@v2",
        ] {
            assert!(
                matches!(
                    parse_reference(bad),
                    Err(PromptError::InvalidReference { .. })
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn embedded_prompts_load() {
        let registry = PromptRegistry::embedded().unwrap();
        assert!(registry.ids().any(|id| id == "infrastructure.dockerfile"));
        for prompt in registry.iter() {
            assert!(
                prompt.source().starts_with("embedded:"),
                "{}",
                prompt.source()
            );
        }
    }
}
