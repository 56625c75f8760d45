//! A service's `volumes`: the short syntax `[SOURCE:]TARGET[:MODE]` (Windows drive letters
//! included) and the long syntax, reduced to what the rules need: is the source a named
//! volume, a host path or a pipe, and which.

use super::text::{has_interpolation, mask_interpolations};
use crate::yaml::Node;

/// What a mount's source is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Source {
    /// A named volume, which must be declared under the top-level `volumes`.
    Volume(String),
    /// A host path (bind mount), as written, interpolations masked as `VAR`.
    Host(String),
    /// A named pipe (Windows), e.g. `\\.\pipe\docker_engine`.
    Pipe(String),
    /// No source: an anonymous volume, a tmpfs, or a source that interpolation decides.
    None,
}

/// One entry of a service's `volumes`.
#[derive(Debug, Clone)]
pub(crate) struct Mount<'a> {
    /// The entry (for spans).
    pub(crate) node: &'a Node,
    /// Its source.
    pub(crate) source: Source,
}

/// Read one `volumes` entry of a service.
pub(crate) fn parse(node: &Node) -> Mount<'_> {
    let source = match node.as_str() {
        Some(text) if node.as_map().is_none() => short_source(text),
        _ => long_source(node),
    };
    Mount { node, source }
}

fn short_source(text: &str) -> Source {
    let rest_after_drive = if has_drive(text) { 2 } else { 0 };
    let Some(colon) = text
        .get(rest_after_drive..)
        .and_then(|rest| rest.find(':'))
        .map(|i| i + rest_after_drive)
    else {
        // Only a target: an anonymous volume.
        return Source::None;
    };
    classify(text.get(..colon).unwrap_or(""), None)
}

fn long_source(node: &Node) -> Source {
    let source = node.get("source").and_then(Node::as_str).unwrap_or("");
    let kind = node.get("type").and_then(Node::as_str);
    classify(source, kind)
}

fn classify(source: &str, kind: Option<&str>) -> Source {
    if source.is_empty() {
        return Source::None;
    }
    match kind {
        Some("bind") => return Source::Host(mask_interpolations(source)),
        Some("npipe") => return Source::Pipe(source.to_string()),
        Some("volume") if !has_interpolation(source) => {
            return Source::Volume(source.to_string());
        }
        Some(_) => return Source::None,
        None => {}
    }
    if source.starts_with(r"\\") {
        return Source::Pipe(source.to_string());
    }
    let masked = mask_interpolations(source);
    let is_path = masked.starts_with(['.', '/', '~', '\\'])
        || has_drive(&masked)
        || masked.contains(['/', '\\']);
    if is_path {
        Source::Host(masked)
    } else if has_interpolation(source) {
        Source::None
    } else {
        Source::Volume(source.to_string())
    }
}

/// `C:\...` or `C:/...`.
fn has_drive(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && matches!(b[2], b'\\' | b'/')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    fn source(text: &str) -> Source {
        short_source(text)
    }

    #[test]
    fn short_syntax() {
        assert_eq!(
            source("db_data:/var/lib/postgresql/data"),
            Source::Volume("db_data".into())
        );
        assert_eq!(source("./src:/app/src:ro"), Source::Host("./src".into()));
        assert_eq!(
            source("/var/run/docker.sock:/var/run/docker.sock"),
            Source::Host("/var/run/docker.sock".into())
        );
        assert_eq!(source("C:\\data:/data"), Source::Host("C:\\data".into()));
        assert_eq!(source("/app/node_modules"), Source::None);
        assert_eq!(source("${DATA}:/data"), Source::None);
        assert_eq!(source("${HOME}/x:/x"), Source::Host("VAR/x".into()));
        assert_eq!(
            source("~/.aws:/root/.aws:ro"),
            Source::Host("~/.aws".into())
        );
        assert_eq!(
            source(r"\\.\pipe\docker_engine:\\.\pipe\docker_engine"),
            Source::Pipe(r"\\.\pipe\docker_engine".into())
        );
    }

    #[test]
    fn long_syntax() {
        let doc = yaml::parse("- type: volume\n  source: data\n  target: /d\n- type: bind\n  source: /srv\n  target: /s\n- type: tmpfs\n  target: /t\n").unwrap();
        let items = doc.as_seq().unwrap();
        assert_eq!(parse(&items[0]).source, Source::Volume("data".into()));
        assert_eq!(parse(&items[1]).source, Source::Host("/srv".into()));
        assert_eq!(parse(&items[2]).source, Source::None);
    }
}
