//! A CommonMark fenced-code-block scanner, just enough for the way models write files.
//!
//! A fence is 3 or more backticks or tildes, indented by at most 3 spaces. It is closed by a
//! line of the same character, at least as long, with nothing after it but spaces; a block left
//! open at the end of the text runs to the end. Up to the opening fence's indentation is removed
//! from each content line, as CommonMark does for fences inside list items.

/// One fenced block of a model's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FencedBlock<'a> {
    /// 1-based line of the opening fence.
    pub(crate) line: u32,
    /// The info string, trimmed (`yaml`, `dockerfile path=Dockerfile`...).
    pub(crate) info: &'a str,
    /// The content lines, without line endings.
    pub(crate) lines: Vec<&'a str>,
    /// The nearest non-blank line before the fence, when it is not the end of another block.
    pub(crate) label: Option<&'a str>,
}

impl FencedBlock<'_> {
    /// The language tag: the first token of the info string, lowercased, without a `:path`
    /// suffix. `None` when the info string is empty or starts with an attribute.
    pub(crate) fn language(&self) -> Option<String> {
        let first = self.info.split_whitespace().next()?;
        if first.contains('=') || first.starts_with('{') {
            return None;
        }
        let lang = first.split(':').next().unwrap_or(first).trim_matches(',');
        (!lang.is_empty()).then(|| lang.to_lowercase())
    }
}

/// The opening fence of a line: its indentation, character and length, and the info string.
struct Fence<'a> {
    indent: usize,
    ch: char,
    len: usize,
    info: &'a str,
}

/// Split text into lines without their `\n` or `\r\n` endings.
pub(crate) fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l))
}

/// Leading spaces (not tabs) of a line, and the rest.
fn indentation(line: &str) -> (usize, &str) {
    let rest = line.trim_start_matches(' ');
    (line.len() - rest.len(), rest)
}

/// How many times `ch` repeats at the start of `s`; `ch` is ASCII, so that is also bytes.
fn run_length(s: &str, ch: char) -> usize {
    s.chars().take_while(|&c| c == ch).count()
}

fn opening_fence(line: &str) -> Option<Fence<'_>> {
    let (indent, rest) = indentation(line);
    if indent > 3 {
        return None;
    }
    let ch = rest.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let len = run_length(rest, ch);
    if len < 3 {
        return None;
    }
    let info = rest.get(len..).unwrap_or("").trim();
    // CommonMark: a backtick fence's info string may not contain a backtick (that is inline code).
    if ch == '`' && info.contains('`') {
        return None;
    }
    Some(Fence {
        indent,
        ch,
        len,
        info,
    })
}

fn closes(line: &str, fence: &Fence<'_>) -> bool {
    let (indent, rest) = indentation(line);
    if indent > 3 {
        return false;
    }
    let len = run_length(rest, fence.ch);
    len >= fence.len && rest.get(len..).is_some_and(|tail| tail.trim().is_empty())
}

/// Remove up to `indent` leading spaces.
fn dedent(line: &str, indent: usize) -> &str {
    let (spaces, _) = indentation(line);
    line.get(spaces.min(indent)..).unwrap_or(line)
}

/// Every fenced block of `text`, in order.
pub(crate) fn fenced_blocks(text: &str) -> Vec<FencedBlock<'_>> {
    let mut blocks = Vec::new();
    let mut label: Option<&str> = None;
    let mut open: Option<(Fence<'_>, FencedBlock<'_>)> = None;
    for (index, line) in split_lines(text).enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        match open.take() {
            Some((fence, mut block)) => {
                if closes(line, &fence) {
                    blocks.push(block);
                    label = None;
                } else {
                    block.lines.push(dedent(line, fence.indent));
                    open = Some((fence, block));
                }
            }
            None => {
                if let Some(fence) = opening_fence(line) {
                    let block = FencedBlock {
                        line: number,
                        info: fence.info,
                        lines: Vec::new(),
                        label: label.take(),
                    };
                    open = Some((fence, block));
                } else if !line.trim().is_empty() {
                    label = Some(line);
                }
            }
        }
    }
    if let Some((_, mut block)) = open {
        // `split` yields an empty last piece when the text ends with a newline; it is not a line.
        if text.ends_with('\n') && block.lines.last() == Some(&"") {
            block.lines.pop();
        }
        blocks.push(block);
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backtick_and_tilde_fences() {
        let text = "intro\n```yaml\na: 1\n```\nmiddle\n~~~~ dockerfile\nFROM x\n~~~\n~~~~\nend\n";
        let blocks = fenced_blocks(text);
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].line, 2);
        assert_eq!(blocks[0].info, "yaml");
        assert_eq!(blocks[0].lines, vec!["a: 1"]);
        assert_eq!(blocks[0].label, Some("intro"));
        assert_eq!(blocks[1].line, 6);
        // A shorter closing fence is content.
        assert_eq!(blocks[1].lines, vec!["FROM x", "~~~"]);
        assert_eq!(blocks[1].label, Some("middle"));
    }

    #[test]
    fn a_longer_fence_holds_a_shorter_one() {
        let text = "````markdown\n# Readme\n```sh\nmake\n```\n````\n";
        let blocks = fenced_blocks(text);
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0].lines, vec!["# Readme", "```sh", "make", "```"]);
    }

    #[test]
    fn indentation_rules() {
        let text =
            "1. item\n   ```yaml\n   a:\n     b: 1\n  c: 2\n   ```\n    ```\n    not a fence\n";
        let blocks = fenced_blocks(text);
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0].lines, vec!["a:", "  b: 1", "c: 2"]);
        assert_eq!(blocks[0].label, Some("1. item"));
    }

    #[test]
    fn unterminated_block_runs_to_the_end() {
        let blocks = fenced_blocks("x\n```toml\na = 1\n\nb = 2\n");
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0].lines, vec!["a = 1", "", "b = 2"]);
        let blocks = fenced_blocks("```toml\na = 1");
        assert_eq!(blocks[0].lines, vec!["a = 1"]);
    }

    #[test]
    fn backticks_in_a_backtick_info_string_are_inline_code() {
        assert!(fenced_blocks("```not `a` fence\nx\n```\n").len() == 1);
        // The first line is not a fence, so the third opens one that runs to the end.
        assert_eq!(fenced_blocks("```not `a` fence\nx\n```\n")[0].line, 3);
    }

    #[test]
    fn crlf_and_language() {
        let blocks = fenced_blocks("```YAML:docker-compose.yml\r\nservices: {}\r\n```\r\n");
        assert_eq!(blocks[0].lines, vec!["services: {}"]);
        assert_eq!(blocks[0].language().as_deref(), Some("yaml"));
        let blocks = fenced_blocks("``` path=Dockerfile\nFROM x\n```\n");
        assert_eq!(blocks[0].language(), None);
    }
}
