//! A CommonMark fenced-code-block scanner, just enough for the way models write files.
//!
//! A fence is 3 or more backticks or tildes, indented by at most 3 spaces. It is closed by a
//! line of the same character, at least as long, with nothing after it but spaces; a block left
//! open at the end of the text runs to the end. Up to the opening fence's indentation is removed
//! from each content line, as CommonMark does for fences inside list items.

use std::borrow::Cow;

use super::{first_word, trim_ascii_byte};

/// One fenced block of a model's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FencedBlock<'a> {
    /// 1-based line of the opening fence.
    pub(crate) line: u32,
    /// The info string, trimmed (`yaml`, `dockerfile path=Dockerfile`...).
    pub(crate) info: &'a str,
    /// The nearest non-blank line before the fence, when it is not the end of another block.
    pub(crate) label: Option<&'a str>,
    /// The answer's text from the first content line to the closing fence line (or the end),
    /// line endings and indentation included: the content is sliced out of it, not copied
    /// line by line, and most blocks need no change to it.
    body: &'a str,
    /// The opening fence's indentation, removed from the content lines.
    indent: usize,
    /// Whether the body holds a `\r`, seen by the search for the closing fence.
    has_cr: bool,
}

impl<'a> FencedBlock<'a> {
    /// The language tag: the first token of the info string, lowercased, without a `:path`
    /// suffix. `None` when the info string is empty or starts with an attribute.
    pub(crate) fn language(&self) -> Option<String> {
        let first = first_word(self.info)?;
        // One pass over the bytes rather than a search for each of `=` and `:`: the tag is a
        // few ASCII bytes, and a search's set-up costs more than reading them.
        let bytes = first.as_bytes();
        if bytes.first() == Some(&b'{') {
            return None;
        }
        let mut colon = None;
        for (at, &b) in bytes.iter().enumerate() {
            if b == b'=' {
                return None;
            }
            if b == b':' && colon.is_none() {
                colon = Some(at);
            }
        }
        let tag = colon.and_then(|colon| first.get(..colon)).unwrap_or(first);
        let lang = trim_ascii_byte(tag, b',');
        if lang.is_empty() {
            return None;
        }
        // Tags are usually lower-case ASCII already: a plain copy then.
        if lang
            .bytes()
            .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
        {
            Some(lang.to_owned())
        } else {
            Some(lang.to_lowercase())
        }
    }

    /// The content lines, without line endings and with the fence's indentation removed.
    pub(crate) fn lines(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        let indent = self.indent;
        self.body
            .split_inclusive('\n')
            .map(move |line| dedent(strip_line_ending(line), indent))
    }

    /// The first content line, if any.
    pub(crate) fn first_line(&self) -> Option<&'a str> {
        self.lines().next()
    }

    /// The content lines joined with `\n`, from the `skip`-th line on.
    pub(crate) fn text(&self, skip: usize) -> Cow<'a, str> {
        // Usually the lines need neither a `\r` nor indentation removed: the text is then a
        // slice of the answer, with the last line's ending left out.
        if self.indent == 0 && !self.has_cr {
            let mut body = self.body;
            for _ in 0..skip {
                body = body.split_once('\n').map_or("", |(_, rest)| rest);
            }
            return Cow::Borrowed(body.strip_suffix('\n').unwrap_or(body));
        }
        let mut text = String::with_capacity(self.body.len());
        for (index, line) in self.lines().skip(skip).enumerate() {
            if index > 0 {
                text.push('\n');
            }
            text.push_str(line);
        }
        Cow::Owned(text)
    }
}

/// The opening fence of a line: its indentation, character and length, and the info string.
struct Fence<'a> {
    indent: usize,
    ch: char,
    len: usize,
    info: &'a str,
}

/// A line without its `\n` or `\r\n` ending.
fn strip_line_ending(line: &str) -> &str {
    let line = line.strip_suffix('\n').unwrap_or(line);
    line.strip_suffix('\r').unwrap_or(line)
}

/// The line that starts at byte `start` of `text`, without its ending, and where the next
/// line starts.
fn line_at(text: &str, start: usize) -> (&str, usize) {
    let end =
        memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |at| start + at + 1);
    (strip_line_ending(&text[start..end]), end)
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

/// Where the line closing `fence` starts and where the line after it starts, searching the
/// lines of `text` from byte `from` (a line start), `None` when the block runs to the end; and
/// whether the body (from `from` to that line) holds a `\r`.
///
/// A closing line starts with the fence character after at most 3 spaces, so only the
/// occurrences of that character are looked at, not every line: content rarely holds it.
/// The first `\r` is searched for in the same pass, so that the content needs no pass of its
/// own to learn whether it has CRLF line ends (~200 instructions on a Dockerfile answer).
fn closing_line(text: &str, from: usize, fence: &Fence<'_>) -> (Option<(usize, usize)>, bool) {
    let bytes = text.as_bytes();
    let mut at = from;
    // The fence character is `` ` `` or `~`: one byte.
    let ch = u8::try_from(fence.ch).unwrap_or(b'`');
    let mut has_cr = false;
    loop {
        let found = if has_cr {
            memchr::memchr(ch, &bytes[at..])
        } else {
            memchr::memchr2(ch, b'\r', &bytes[at..])
        };
        let Some(found) = found else {
            return (None, has_cr);
        };
        let ch_at = at + found;
        if bytes[ch_at] == b'\r' {
            // Before any closing line: the spaces before a fence character are not `\r`.
            has_cr = true;
            at = ch_at + 1;
            continue;
        }
        // The start of the line holding this occurrence: back over at most 3 spaces, then
        // either the search start (a line start) or just after a `\n`.
        let spaces = bytes[from..ch_at]
            .iter()
            .rev()
            .take(4)
            .take_while(|&&b| b == b' ')
            .count();
        let start = ch_at - spaces;
        let (line, next) = line_at(text, start);
        if spaces <= 3 && (start == from || bytes[start - 1] == b'\n') && closes(line, fence) {
            return (Some((start, next)), has_cr);
        }
        // Nothing else on this line can start it, but it is content: so is a `\r` in it.
        has_cr = has_cr || bytes[ch_at..next].contains(&b'\r');
        at = next;
    }
}

/// How many times the ASCII `byte` occurs in `text`: memchr's counting iterator, which reads
/// 32 bytes at a time (block bodies are the whole answer, less a few lines). Measured on a
/// Dockerfile answer, it costs two thirds of a `u8` count per 255-byte chunk.
fn count_byte(text: &str, byte: u8) -> usize {
    memchr::memchr_iter(byte, text.as_bytes()).count()
}

/// Every fenced block of `text`, in order.
pub(crate) fn fenced_blocks(text: &str) -> FencedBlocks<'_> {
    FencedBlocks {
        text,
        start: 0,
        number: 0,
        uncounted: "",
        closed: false,
    }
}

/// The iterator of [`fenced_blocks`]: a block is found when it is asked for, so the caller's
/// loop needs no vector of them.
pub(crate) struct FencedBlocks<'a> {
    text: &'a str,
    /// Where the next line starts.
    start: usize,
    /// The number of the line before `start`, less the lines of `uncounted`.
    number: u32,
    /// The body of the block last returned, whose lines are not counted yet: they are counted
    /// only when another block follows, and an answer usually holds one block, so the count
    /// (a pass over the whole body, 480 instructions of the 6.2k of a Dockerfile answer's
    /// extraction) is usually not needed at all.
    uncounted: &'a str,
    /// Whether that block had a closing line, which counts too.
    closed: bool,
}

impl<'a> Iterator for FencedBlocks<'a> {
    type Item = FencedBlock<'a>;

    fn next(&mut self) -> Option<FencedBlock<'a>> {
        let text = self.text;
        let mut label: Option<&str> = None;
        while self.start < text.len() {
            let (line, next) = line_at(text, self.start);
            self.number = self.number.saturating_add(1);
            self.start = next;
            let Some(fence) = opening_fence(line) else {
                if !line.trim().is_empty() {
                    label = Some(line);
                }
                continue;
            };
            if !self.uncounted.is_empty() || self.closed {
                // The content lines and the closing line of the previous block.
                let lines = count_byte(self.uncounted, b'\n') + usize::from(self.closed);
                self.number = self
                    .number
                    .saturating_add(u32::try_from(lines).unwrap_or(u32::MAX));
            }
            let (closing, has_cr) = closing_line(text, next, &fence);
            let (body_end, after) = closing.unwrap_or((text.len(), text.len()));
            let body = &text[next..body_end];
            self.uncounted = body;
            self.closed = after > body_end;
            self.start = after;
            return Some(FencedBlock {
                line: self.number,
                info: fence.info,
                label,
                body,
                indent: fence.indent,
                has_cr,
            });
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every block of `text`, collected.
    fn all_blocks(text: &str) -> Vec<FencedBlock<'_>> {
        fenced_blocks(text).collect()
    }

    #[test]
    fn backtick_and_tilde_fences() {
        let text = "intro\n```yaml\na: 1\n```\nmiddle\n~~~~ dockerfile\nFROM x\n~~~\n~~~~\nend\n";
        let blocks = all_blocks(text);
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].line, 2);
        assert_eq!(blocks[0].info, "yaml");
        assert_eq!(blocks[0].lines().collect::<Vec<_>>(), vec!["a: 1"]);
        assert_eq!(blocks[0].label, Some("intro"));
        assert_eq!(blocks[1].line, 6);
        // A shorter closing fence is content.
        assert_eq!(blocks[1].lines().collect::<Vec<_>>(), vec!["FROM x", "~~~"]);
        assert_eq!(blocks[1].label, Some("middle"));
    }

    #[test]
    fn a_longer_fence_holds_a_shorter_one() {
        let text = "````markdown\n# Readme\n```sh\nmake\n```\n````\n";
        let blocks = all_blocks(text);
        assert_eq!(blocks.len(), 1);
        assert_eq!(
            blocks[0].lines().collect::<Vec<_>>(),
            vec!["# Readme", "```sh", "make", "```"]
        );
    }

    #[test]
    fn indentation_rules() {
        let text =
            "1. item\n   ```yaml\n   a:\n     b: 1\n  c: 2\n   ```\n    ```\n    not a fence\n";
        let blocks = all_blocks(text);
        assert_eq!(blocks.len(), 1);
        assert_eq!(
            blocks[0].lines().collect::<Vec<_>>(),
            vec!["a:", "  b: 1", "c: 2"]
        );
        assert_eq!(blocks[0].label, Some("1. item"));
    }

    #[test]
    fn unterminated_block_runs_to_the_end() {
        let blocks = all_blocks("x\n```toml\na = 1\n\nb = 2\n");
        assert_eq!(blocks.len(), 1);
        assert_eq!(
            blocks[0].lines().collect::<Vec<_>>(),
            vec!["a = 1", "", "b = 2"]
        );
        let blocks = all_blocks("```toml\na = 1");
        assert_eq!(blocks[0].lines().collect::<Vec<_>>(), vec!["a = 1"]);
    }

    #[test]
    fn backticks_in_a_backtick_info_string_are_inline_code() {
        assert!(all_blocks("```not `a` fence\nx\n```\n").len() == 1);
        // The first line is not a fence, so the third opens one that runs to the end.
        assert_eq!(all_blocks("```not `a` fence\nx\n```\n")[0].line, 3);
    }

    #[test]
    fn crlf_and_language() {
        let blocks = all_blocks("```YAML:docker-compose.yml\r\nservices: {}\r\n```\r\n");
        assert_eq!(blocks[0].lines().collect::<Vec<_>>(), vec!["services: {}"]);
        assert_eq!(blocks[0].language().as_deref(), Some("yaml"));
        let blocks = all_blocks("``` path=Dockerfile\nFROM x\n```\n");
        assert_eq!(blocks[0].language(), None);
    }

    /// A block as the reference scanner sees it: line, info, label and content lines.
    type ReferenceBlock<'a> = (u32, &'a str, Option<&'a str>, Vec<&'a str>);

    /// The straightforward line-by-line scanner `fenced_blocks` replaced, kept as the
    /// specification.
    fn reference_blocks(text: &str) -> Vec<ReferenceBlock<'_>> {
        let mut blocks = Vec::new();
        let mut label: Option<&str> = None;
        let mut open: Option<(Fence<'_>, ReferenceBlock<'_>)> = None;
        let lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
        for (index, line) in lines.enumerate() {
            let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
            match open.take() {
                Some((fence, mut block)) => {
                    if closes(line, &fence) {
                        blocks.push(block);
                        label = None;
                    } else {
                        block.3.push(dedent(line, fence.indent));
                        open = Some((fence, block));
                    }
                }
                None => {
                    if let Some(fence) = opening_fence(line) {
                        let block = (number, fence.info, label.take(), Vec::new());
                        open = Some((fence, block));
                    } else if !line.trim().is_empty() {
                        label = Some(line);
                    }
                }
            }
        }
        if let Some((_, mut block)) = open {
            if text.ends_with('\n') && block.3.last() == Some(&"") {
                block.3.pop();
            }
            blocks.push(block);
        }
        blocks
    }

    mod same_as_the_line_scanner {
        use proptest::prelude::*;

        use super::*;

        fn fence_text() -> impl Strategy<Value = String> {
            prop::collection::vec(
                prop_oneof![
                    Just("```"),
                    Just("````"),
                    Just("~~~"),
                    Just("`"),
                    Just("~"),
                    Just("\n"),
                    Just("\n"),
                    Just("\r\n"),
                    Just("\r"),
                    Just(" "),
                    Just("   "),
                    Just("\t"),
                    Just("yaml"),
                    Just("x"),
                    Just("é"),
                ],
                0..60,
            )
            .prop_map(|parts| parts.concat())
        }

        proptest! {
            #[test]
            fn blocks_lines_and_text(text in fence_text()) {
                let blocks = all_blocks(&text);
                let expected = reference_blocks(&text);
                prop_assert_eq!(blocks.len(), expected.len());
                for (block, (line, info, label, lines)) in blocks.iter().zip(expected) {
                    prop_assert_eq!(block.line, line);
                    prop_assert_eq!(block.info, info);
                    prop_assert_eq!(block.label, label);
                    prop_assert_eq!(block.lines().collect::<Vec<_>>(), lines.clone());
                    prop_assert_eq!(block.first_line(), lines.first().copied());
                    for skip in 0..3 {
                        let joined = lines.get(skip..).unwrap_or(&[]).join("\n");
                        prop_assert_eq!(block.text(skip), joined);
                    }
                }
            }
        }
    }
}
