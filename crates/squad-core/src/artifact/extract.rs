//! Turning a model's answer into files.

use std::borrow::Cow;
use std::fmt;

use super::fence::{FencedBlock, fenced_blocks};
use super::naming::block_name;
use super::path::{PathError, safe_relative_path};
use super::{Artifact, MAX_ARTIFACT_BYTES};

/// The files found in a model's answer, and the blocks refused.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extraction {
    /// The files, in order of first appearance; a file restated later keeps its first place
    /// and takes the later content.
    pub artifacts: Vec<Artifact>,
    /// Blocks that named a file but were refused; none of them is in `artifacts`.
    pub rejected: Vec<Rejected>,
}

/// A block that named a file and was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// The file name as the model wrote it.
    pub raw_path: String,
    /// Why it was refused.
    pub reason: RejectReason,
    /// 1-based line of the block's opening fence in the model's answer.
    pub line: u32,
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}: file {:?} refused: {}",
            self.line, self.raw_path, self.reason
        )
    }
}

/// Why a block was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RejectReason {
    /// Its file name is not a safe relative path.
    #[error(transparent)]
    Path(#[from] PathError),
    /// Its content is larger than [`MAX_ARTIFACT_BYTES`].
    #[error("content is {bytes} bytes; at most {MAX_ARTIFACT_BYTES} are allowed")]
    Oversize {
        /// The content's size in bytes.
        bytes: usize,
    },
}

/// Extract the files of a model's answer from its fenced code blocks.
///
/// Fences follow CommonMark (```` ``` ```` or `~~~`, 3 or more, closed by the same character at
/// least as long, opening fence indented at most 3 spaces, an unclosed block runs to the end).
/// A block's file name comes from, in order: the info string (`path=`, `file=`, `filename=`,
/// `title=`; then `yaml:compose.yml` or `dockerfile Dockerfile`); the label line just before the
/// fence (`### Dockerfile`, `**compose.yml**`, `` `infra/main.tf` ``, `File: x`...); a first
/// content line that is a comment naming the file (`# file: x`, `// file: x`, `# x.yml`), which
/// is then left out of the file; else `default_path(language)`. A block with no name and no
/// default is prose or example output and is skipped.
///
/// Names are checked with [`safe_relative_path`]; a block with a hostile name or more than
/// [`MAX_ARTIFACT_BYTES`] of content is refused and reported in [`Extraction::rejected`]. When
/// the same path comes twice the later block wins: models restate a corrected file.
///
/// Content is kept as written, except that `\r\n` becomes `\n` (a CRLF in a shell line or a
/// Dockerfile `RUN` breaks it) and it ends with exactly one newline.
///
/// ```
/// use squad_core::artifact::extract_files;
///
/// let answer = "Here you go.\n\n### Dockerfile\n```dockerfile\nFROM alpine:3.20\n```\n";
/// let found = extract_files(answer, &|_| None);
/// assert_eq!(found.artifacts[0].path, "Dockerfile");
/// assert_eq!(found.artifacts[0].content, "FROM alpine:3.20\n");
/// ```
pub fn extract_files(
    text: &str,
    default_path: &dyn Fn(Option<&str>) -> Option<String>,
) -> Extraction {
    let mut extraction = Extraction::default();
    for block in fenced_blocks(text) {
        let language = block.language();
        let named = block_name(&block, language.as_deref());
        let skip_first = named.as_ref().is_some_and(|n| n.from_first_line);
        let raw = match named {
            Some(named) => named.raw,
            None => match default_path(language.as_deref()) {
                Some(raw) => Cow::Owned(raw),
                None => continue,
            },
        };
        let path = match safe_relative_path(&raw) {
            Ok(path) => path,
            Err(e) => {
                extraction.reject(raw.into_owned(), e.into(), &block);
                continue;
            }
        };
        let content = content_of(&block, skip_first);
        if content.len() > MAX_ARTIFACT_BYTES {
            let bytes = content.len();
            extraction.reject(raw.into_owned(), RejectReason::Oversize { bytes }, &block);
            continue;
        }
        let artifact = Artifact {
            path,
            content,
            language,
            kind: None,
        };
        match extraction
            .artifacts
            .iter_mut()
            .find(|a| a.path == artifact.path)
        {
            Some(earlier) => *earlier = artifact,
            None => extraction.artifacts.push(artifact),
        }
    }
    extraction
}

impl Extraction {
    fn reject(&mut self, raw_path: String, reason: RejectReason, block: &FencedBlock<'_>) {
        self.rejected.push(Rejected {
            raw_path,
            reason,
            line: block.line,
        });
    }
}

/// The block's lines joined with `\n`, ending with exactly one newline (empty stays empty).
fn content_of(block: &FencedBlock<'_>, skip_first: bool) -> String {
    let text = block.text(usize::from(skip_first));
    let kept = text.trim_end_matches('\n');
    if kept.is_empty() {
        return String::new();
    }
    // One exact allocation: the text is usually borrowed from the answer.
    let mut content = String::with_capacity(kept.len() + 1);
    content.push_str(kept);
    content.push('\n');
    content
}
