//! Validation of the file names a model gives its artifacts.
//!
//! A model's output is untrusted text: a file name in it must never reach outside the output
//! folder, name a device, or be something one operating system accepts and another refuses.

use std::borrow::Cow;
use std::fmt;

use super::trim_ascii_byte;

/// The longest path, and the longest component, in bytes (the common file-system limit).
pub const MAX_PATH_BYTES: usize = 255;

/// Why a file name given by a model was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PathError {
    /// Nothing was left once `./` and separators were removed.
    #[error("empty path: the file needs a name")]
    Empty,
    /// `/x` or `\x`: rooted outside the output folder.
    #[error("absolute path: a generated file must be relative to the output folder")]
    Absolute,
    /// `C:`, `c:/x`, `C:\x`: a Windows drive.
    #[error("drive letter `{letter}:`: a generated file must be relative to the output folder")]
    DriveLetter {
        /// The drive letter, as written.
        letter: char,
    },
    /// `\\server\share` or `//server/share`: a network location.
    #[error("UNC path (\\\\server\\share): a generated file must be relative to the output folder")]
    Unc,
    /// A `..` component, which could climb out of the output folder.
    #[error("`..` component: a generated file must stay inside the output folder")]
    ParentComponent,
    /// NUL or another control character.
    #[error("control character {} in the path", Escaped(*.ch))]
    ControlCharacter {
        /// The character.
        ch: char,
    },
    /// `~` or `~user`: the home folder of whoever writes the file.
    #[error("home-folder prefix `~`: a generated file must be relative to the output folder")]
    HomePrefix,
    /// A character Windows refuses in file names (`< > : " | ? *`); `:` would also open an
    /// NTFS alternate data stream.
    #[error("character `{ch}` is not allowed in a file name on Windows")]
    ReservedCharacter {
        /// The character.
        ch: char,
    },
    /// The whole path is longer than [`MAX_PATH_BYTES`].
    #[error("path is {bytes} bytes long; at most {MAX_PATH_BYTES} are allowed")]
    TooLong {
        /// Its length in bytes.
        bytes: usize,
    },
    /// One component is longer than [`MAX_PATH_BYTES`].
    #[error("a path component is {bytes} bytes long; at most {MAX_PATH_BYTES} are allowed")]
    ComponentTooLong {
        /// The component's length in bytes.
        bytes: usize,
    },
    /// A Windows device name (`CON`, `NUL`, `PRN`, `AUX`, `COM1`-`COM9`, `LPT1`-`LPT9`), with or
    /// without an extension.
    #[error("`{name}` is a reserved device name on Windows")]
    ReservedName {
        /// The component, as written.
        name: String,
    },
    /// A component ends with `.` or a space, which Windows silently strips: `.. ` would become
    /// `..` there, and `a.` would collide with `a`.
    #[error("`{component}` ends with a dot or a space, which Windows strips from file names")]
    TrailingDotOrSpace {
        /// The component, as written.
        component: String,
    },
    /// A component starts with a space: legal, but never meant, and invisible in a listing.
    #[error("`{component}` starts with a space")]
    LeadingSpace {
        /// The component, as written.
        component: String,
    },
    /// The path ends with a separator, so it names a folder, not a file.
    #[error("path ends with a separator: it names a folder, not a file")]
    TrailingSlash,
}

/// Shows a control character as `U+0000`.
struct Escaped(char);

impl fmt::Display for Escaped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "U+{:04X}", u32::from(self.0))
    }
}

/// Check a file name given by a model and normalise it to a safe relative path.
///
/// Surrounding spaces are trimmed, `\` becomes `/`, `.` components (so a leading `./`) are
/// dropped and repeated separators are collapsed. Anything that could escape the output folder
/// or misbehave on some system is refused with a [`PathError`]: an empty name, an absolute path,
/// a drive letter, a UNC path, a `..` component, a control character, a `~` prefix, a path or
/// component over 255 bytes, a Windows device name or reserved character, a component ending
/// with `.` or a space (Windows strips them, so `.. ` would climb) or starting with a space, a
/// trailing separator.
///
/// ```
/// use squad_core::artifact::{safe_relative_path, PathError};
///
/// assert_eq!(safe_relative_path(r".\infra\\main.tf").as_deref(), Ok("infra/main.tf"));
/// assert_eq!(safe_relative_path("../../.ssh/authorized_keys"), Err(PathError::ParentComponent));
/// ```
pub fn safe_relative_path(raw: &str) -> Result<String, PathError> {
    // Printable ASCII (the usual name) holds no control character; anything else is decoded.
    if !raw.bytes().all(|b| (0x20..0x7f).contains(&b))
        && let Some(ch) = raw.chars().find(|c| c.is_control())
    {
        return Err(PathError::ControlCharacter { ch });
    }
    let trimmed = trim_ascii_byte(raw, b' ');
    if trimmed.is_empty() {
        return Err(PathError::Empty);
    }
    // Borrowed unless there is a `\\` to turn into `/`.
    let unified = if trimmed.as_bytes().contains(&b'\\') {
        Cow::Owned(trimmed.replace('\\', "/"))
    } else {
        Cow::Borrowed(trimmed)
    };
    if unified.starts_with("//") {
        return Err(PathError::Unc);
    }
    if unified.starts_with('/') {
        return Err(PathError::Absolute);
    }
    if unified.ends_with('/') {
        return Err(PathError::TrailingSlash);
    }
    // Only counted: the components are joined again only when one was dropped.
    let mut components = 0usize;
    let mut dropped = false;
    // Components split by a byte search rather than `split('/')`, whose char searcher costs
    // more to set up than a usual path's few bytes take to read.
    let mut rest = Some(&*unified);
    while let Some(text) = rest {
        let (component, after) = match text.as_bytes().iter().position(|&b| b == b'/') {
            Some(at) => (text.get(..at).unwrap_or(""), text.get(at + 1..)),
            None => (text, None),
        };
        rest = after;
        match component {
            "" | "." => {
                dropped = true;
                continue;
            }
            ".." => return Err(PathError::ParentComponent),
            _ => {}
        }
        // Checked on the first component left, so `./~/x` and `./C:/x` are caught too.
        if components == 0 {
            let mut chars = component.chars();
            if let (Some(letter), Some(':')) = (chars.next(), chars.next())
                && letter.is_ascii_alphabetic()
            {
                return Err(PathError::DriveLetter { letter });
            }
            if component.starts_with('~') {
                return Err(PathError::HomePrefix);
            }
        }
        if component.starts_with(' ') {
            return Err(PathError::LeadingSpace {
                component: component.to_string(),
            });
        }
        if component.ends_with(['.', ' ']) {
            return Err(PathError::TrailingDotOrSpace {
                component: component.to_string(),
            });
        }
        if component.len() > MAX_PATH_BYTES {
            return Err(PathError::ComponentTooLong {
                bytes: component.len(),
            });
        }
        // All ASCII, so the first such byte is the first such character.
        if let Some(&b) = component
            .as_bytes()
            .iter()
            .find(|b| matches!(b, b'<' | b'>' | b':' | b'"' | b'|' | b'?' | b'*'))
        {
            return Err(PathError::ReservedCharacter { ch: char::from(b) });
        }
        if is_reserved_device_name(component) {
            return Err(PathError::ReservedName {
                name: component.to_string(),
            });
        }
        components += 1;
    }
    if components == 0 {
        return Err(PathError::Empty);
    }
    // Nothing dropped: the path is already normal, one copy makes it.
    let path = if dropped {
        unified
            .split('/')
            .filter(|component| !matches!(*component, "" | "."))
            .collect::<Vec<_>>()
            .join("/")
    } else {
        unified.into_owned()
    };
    if path.len() > MAX_PATH_BYTES {
        return Err(PathError::TooLong { bytes: path.len() });
    }
    Ok(path)
}

/// Whether Windows reserves this component for a device: the part before the first `.`,
/// without trailing spaces, compared case-insensitively.
fn is_reserved_device_name(component: &str) -> bool {
    // Bytes: `.` and ` ` are ASCII, and the char searchers cost more than these few bytes.
    let bytes = component.as_bytes();
    let stem = bytes
        .iter()
        .position(|&b| b == b'.')
        .map_or(bytes, |dot| &bytes[..dot]);
    let stem = &stem[..stem.len() - stem.iter().rev().take_while(|&&b| b == b' ').count()];
    // No device name is longer than 4 bytes; a stem that short is upper-cased in an array
    // rather than a new string.
    if stem.len() > 4 {
        return false;
    }
    let mut buffer = [0u8; 4];
    let upper = &mut buffer[..stem.len()];
    upper.copy_from_slice(stem);
    upper.make_ascii_uppercase();
    matches!(
        &*upper,
        b"CON"
            | b"PRN"
            | b"AUX"
            | b"NUL"
            | [b'C', b'O', b'M', b'1'..=b'9']
            | [b'L', b'P', b'T', b'1'..=b'9']
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(raw: &str) -> String {
        match safe_relative_path(raw) {
            Ok(path) => path,
            Err(e) => panic!("{raw:?} was refused: {e}"),
        }
    }

    fn err(raw: &str) -> PathError {
        match safe_relative_path(raw) {
            Ok(path) => panic!("{raw:?} was accepted as {path:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn ordinary_names_are_normalised() {
        assert_eq!(ok("Dockerfile"), "Dockerfile");
        assert_eq!(ok("./docker-compose.yml"), "docker-compose.yml");
        assert_eq!(ok(".github/workflows/ci.yml"), ".github/workflows/ci.yml");
        assert_eq!(
            ok(r"infra\modules\vpc\main.tf"),
            "infra/modules/vpc/main.tf"
        );
        assert_eq!(ok("infra//main.tf"), "infra/main.tf");
        assert_eq!(ok("./a/./b.txt"), "a/b.txt");
        assert_eq!(ok("  k8s/deployment.yaml "), "k8s/deployment.yaml");
        assert_eq!(ok(".env.example"), ".env.example");
        assert_eq!(ok("docs/conséquences.md"), "docs/conséquences.md");
        // Names that merely contain a device name or `~` are fine.
        assert_eq!(ok("console.log"), "console.log");
        assert_eq!(ok("COM10"), "COM10");
        assert_eq!(ok("LPT0.txt"), "LPT0.txt");
        assert_eq!(ok("backup~"), "backup~");
        assert_eq!(ok("a/~b"), "a/~b");
        assert_eq!(ok("a..b/c...d"), "a..b/c...d");
    }

    #[test]
    fn escapes_from_the_output_folder_are_refused() {
        assert_eq!(err("/etc/passwd"), PathError::Absolute);
        assert_eq!(err(r"\Windows\System32"), PathError::Absolute);
        assert_eq!(
            err("../../.ssh/authorized_keys"),
            PathError::ParentComponent
        );
        assert_eq!(err("a/../../b"), PathError::ParentComponent);
        assert_eq!(err(r"a\..\b"), PathError::ParentComponent);
        assert_eq!(err(".."), PathError::ParentComponent);
        assert_eq!(err(r"C:\Windows\x"), PathError::DriveLetter { letter: 'C' });
        assert_eq!(err("c:/x"), PathError::DriveLetter { letter: 'c' });
        assert_eq!(err("C:"), PathError::DriveLetter { letter: 'C' });
        assert_eq!(err(r"\\server\share"), PathError::Unc);
        assert_eq!(err("//server/share"), PathError::Unc);
        assert_eq!(err("~/.bashrc"), PathError::HomePrefix);
        assert_eq!(err("~root/.bashrc"), PathError::HomePrefix);
        assert_eq!(err("./~"), PathError::HomePrefix);
        assert_eq!(err(".//C:/x"), PathError::DriveLetter { letter: 'C' });
    }

    #[test]
    fn malformed_names_are_refused() {
        assert_eq!(err(""), PathError::Empty);
        assert_eq!(err("   "), PathError::Empty);
        assert_eq!(err("."), PathError::Empty);
        assert_eq!(err("./"), PathError::TrailingSlash);
        assert_eq!(err("infra/"), PathError::TrailingSlash);
        assert_eq!(err(r"infra\"), PathError::TrailingSlash);
        assert_eq!(err("foo\0bar"), PathError::ControlCharacter { ch: '\0' });
        assert_eq!(
            err("Dockerfile\n"),
            PathError::ControlCharacter { ch: '\n' }
        );
        assert_eq!(
            err("a\u{1b}[31m"),
            PathError::ControlCharacter { ch: '\u{1b}' }
        );
        // `a:b.txt` is relative to the current folder of drive A on Windows.
        assert_eq!(err("a:b.txt"), PathError::DriveLetter { letter: 'a' });
        assert_eq!(err("ab:c.txt"), PathError::ReservedCharacter { ch: ':' });
        assert_eq!(err("what?.md"), PathError::ReservedCharacter { ch: '?' });
        assert_eq!(
            err("./ ~"),
            PathError::LeadingSpace {
                component: " ~".into()
            }
        );
        assert!(matches!(err("a/ b"), PathError::LeadingSpace { .. }));
        for raw in [".. /x", "a/... /b", "...", "file.", "dir /x", r". \."] {
            assert!(
                matches!(err(raw), PathError::TrailingDotOrSpace { .. }),
                "{raw:?}"
            );
        }
    }

    #[test]
    fn windows_device_names_are_refused() {
        for name in [
            "CON",
            "con",
            "PRN",
            "AUX",
            "NUL",
            "nul.txt",
            "Nul.tar.gz",
            "COM1",
            "com9.log",
            "LPT1",
            "lpt5.txt",
            "aux ",
            "dir/CON",
            "CON/x",
        ] {
            assert!(
                matches!(err(name), PathError::ReservedName { .. }),
                "{name:?}"
            );
        }
    }

    #[test]
    fn long_names_are_refused() {
        let long = "a".repeat(300);
        assert_eq!(err(&long), PathError::ComponentTooLong { bytes: 300 });
        let deep = vec!["abcdefghij"; 30].join("/");
        assert_eq!(err(&deep), PathError::TooLong { bytes: deep.len() });
        let exact = "b".repeat(255);
        assert_eq!(ok(&exact), exact);
        // Multi-byte characters count in bytes.
        let wide = "é".repeat(128);
        assert_eq!(err(&wide), PathError::ComponentTooLong { bytes: 256 });
    }

    #[test]
    fn errors_say_what_was_wrong() {
        assert_eq!(
            err("foo\0bar").to_string(),
            "control character U+0000 in the path"
        );
        assert_eq!(
            err("c:/x").to_string(),
            "drive letter `c:`: a generated file must be relative to the output folder"
        );
        assert_eq!(
            err("nul.txt").to_string(),
            "`nul.txt` is a reserved device name on Windows"
        );
    }
}
