//! Word splitting as BuildKit does it: whitespace-delimited words, quote-aware words
//! (`parseWords`), builder flags (`extractBuilderFlags`), JSON string arrays and heredoc words.
//! Everything returns ranges; values are decoded on demand.

use std::borrow::Cow;

use super::{Flag, Items, TextRange, Token, TokenKind};

/// The whitespace of BuildKit's `reWhitespace` (`[\t\v\f\r ]+`).
pub(super) fn is_blank(b: u8) -> bool {
    BLANK[usize::from(b)]
}

/// The first byte at or after `i` that is not blank, or the end of `b`.
pub(super) fn skip_blanks(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(|&c| BLANK[usize::from(c)]) {
        i += 1;
    }
    i.min(b.len())
}

/// The first blank at or after `i`, or the end of `b`: the end of the word at `i`.
///
/// Eight bytes at a time, like [`skip_flag_plain`]: a chunk with no byte below `!` holds no
/// blank, and its lowest byte below `!` is exact (a control byte that is not a blank, such as
/// a newline, belongs to the word: the search goes on after it).
pub(super) fn skip_word(b: &[u8], mut i: usize) -> usize {
    while let Some(x) = chunk_at(b, i) {
        let hits = below(x, b'!');
        if hits == 0 {
            i += 8;
            continue;
        }
        let at = i + first_hit(hits);
        if b.get(at).is_none_or(|&c| BLANK[usize::from(c)]) {
            return at.min(b.len());
        }
        i = at + 1;
    }
    while b.get(i).is_some_and(|&c| !BLANK[usize::from(c)]) {
        i += 1;
    }
    i.min(b.len())
}

/// Whitespace-delimited words (`parseStringsWhitespaceDelimited`): quotes mean nothing here.
/// They are appended to `out`.
pub(super) fn split_blank(b: &[u8], base: usize, out: &mut Vec<Token>) -> Items {
    let first = out.len();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && is_blank(b[i]) {
            i += 1;
        }
        let start = i;
        i = skip_word(b, i);
        if i > start {
            out.push(Token {
                range: TextRange::new(base + start, base + i),
                kind: TokenKind::Plain,
            });
        }
    }
    Items::since(out, first)
}

/// Quote-aware words (`parseWords`): whitespace separates words outside quotes, the escape
/// character protects the next character (except inside single quotes). The words keep their
/// quotes and escapes; `unquote` reads their values. An iterator, so that callers turn each
/// word into what they need without an intermediate vector.
pub(crate) fn split_shell_words(s: &str, base: usize, escape: u8) -> ShellWords<'_> {
    ShellWords {
        s,
        base,
        escape,
        i: 0,
    }
}

/// The words of [`split_shell_words`].
#[derive(Debug, Clone)]
pub(crate) struct ShellWords<'s> {
    s: &'s str,
    base: usize,
    escape: u8,
    i: usize,
}

impl ShellWords<'_> {
    /// The length of the whitespace character at byte `i`, 0 if there is none. Bytes rather
    /// than chars: quotes and both escape characters are ASCII, so only non-ASCII bytes need
    /// decoding (to test for Unicode whitespace, as `char::is_whitespace` does). Inlined for
    /// the ASCII test, which runs before every word.
    #[inline]
    fn whitespace_len(&self, i: usize, c: u8) -> usize {
        if c.is_ascii() {
            usize::from(matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'))
        } else {
            self.unicode_whitespace_len(i, c)
        }
    }

    /// [`ShellWords::whitespace_len`] of a non-ASCII byte.
    #[cold]
    fn unicode_whitespace_len(&self, i: usize, c: u8) -> usize {
        let blank = self
            .s
            .get(i..)
            .and_then(|rest| rest.chars().next())
            .is_some_and(char::is_whitespace);
        if blank { utf8_len(c) } else { 0 }
    }

    /// The length of the character after byte `i` (skipped by the escape character).
    fn next_char_len(&self, i: usize) -> usize {
        self.s.as_bytes().get(i + 1).map_or(0, |&n| utf8_len(n))
    }
}

impl Iterator for ShellWords<'_> {
    type Item = TextRange;

    fn next(&mut self) -> Option<TextRange> {
        let b = self.s.as_bytes();
        loop {
            let &c = b.get(self.i)?;
            match self.whitespace_len(self.i, c) {
                0 => break,
                len => self.i += len,
            }
        }
        let start = self.i;
        let mut quote = None;
        while let Some(&c) = b.get(self.i) {
            match quote {
                // The common case first: a run of ASCII bytes with no meaning here.
                None if !SHELL_WORD_SPECIAL[usize::from(c)] => {
                    self.i = skip_shell_plain(b, self.i + 1);
                    continue;
                }
                None => {
                    if self.whitespace_len(self.i, c) > 0 {
                        break;
                    }
                    if c == b'\'' || c == b'"' {
                        quote = Some(c);
                    } else if c == self.escape {
                        self.i += self.next_char_len(self.i);
                    }
                }
                Some(q) => {
                    if c == q {
                        quote = None;
                    } else if c == self.escape && q != b'\'' {
                        self.i += self.next_char_len(self.i);
                    }
                }
            }
            self.i += utf8_len(c);
        }
        self.i = self.i.min(b.len());
        Some(TextRange::new(self.base + start, self.base + self.i))
    }
}

/// The first byte at or after `i` that [`SHELL_WORD_SPECIAL`] holds, or the end of `b`: eight
/// bytes at a time like [`skip_flag_plain`]. A chunk is plain when no byte is below `!` (the
/// whitespace, and other control bytes), a quote, an escape character or non-ASCII; the lowest
/// hit is exact, and a control byte that is not whitespace is plain (the search goes on).
fn skip_shell_plain(b: &[u8], i: usize) -> usize {
    skip_plain(b, i, &SHELL_WORD_SPECIAL, |x| {
        below(x, b'!') | has(x, b'\'') | has(x, b'"') | has(x, b'\\') | has(x, b'`') | (x & HIGH)
    })
}

/// The length of the UTF-8 sequence that starts with byte `lead`.
const fn utf8_len(lead: u8) -> usize {
    match lead {
        0xf0.. => 4,
        0xe0.. => 3,
        0xc0.. => 2,
        _ => 1,
    }
}

/// The value of a quoted word as BuildKit's shell lexer reads it, without variable expansion:
/// single quotes are literal, double quotes let the escape character protect `"`, `$` and
/// itself, and outside quotes the escape character protects any character.
pub(crate) fn unquote(raw: &str, escape: u8) -> Cow<'_, str> {
    if !raw.bytes().any(|b| b == b'\'' || b == b'"' || b == escape) {
        return Cow::Borrowed(raw);
    }
    let escape = char::from(escape);
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' {
            for d in chars.by_ref() {
                if d == '\'' {
                    break;
                }
                out.push(d);
            }
        } else if c == '"' {
            while let Some(d) = chars.next() {
                if d == '"' {
                    break;
                }
                if d == escape {
                    match chars.peek() {
                        Some(&n) if n == '"' || n == '$' || n == escape => {
                            out.push(n);
                            chars.next();
                        }
                        _ => out.push(d),
                    }
                } else {
                    out.push(d);
                }
            }
        } else if c == escape {
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A membership table of the bytes of `set`. The scanning loops skip the bytes that mean
/// nothing to them (most bytes) with one table load each, instead of a chain of compares.
pub(crate) const fn byte_table(set: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut k = 0;
    while k < set.len() {
        table[set[k] as usize] = true;
        k += 1;
    }
    table
}

/// [`byte_table`] of `set`, with every byte of `range` added.
const fn byte_table_with(set: &[u8], range: std::ops::Range<usize>) -> [bool; 256] {
    let mut table = byte_table(set);
    let mut b = range.start;
    while b < range.end {
        table[b] = true;
        b += 1;
    }
    table
}

/// The bytes that end or change the reading of a flag word outside quotes: whitespace
/// (BuildKit's blanks and newlines), quotes and the backslash.
static FLAG_SPECIAL: [bool; 256] = byte_table(b" \t\r\n\x0b\x0c'\"\\");

/// The bytes [`ShellWords`] looks at outside quotes: ASCII whitespace, quotes, both escape
/// characters, and the non-ASCII bytes (which may be Unicode whitespace).
static SHELL_WORD_SPECIAL: [bool; 256] = byte_table_with(b" \t\n\x0b\x0c\r'\"\\`", 0x80..256);

/// The bytes that end or change the reading of a JSON string: the quote, the backslash and
/// the control characters (which JSON forbids in strings).
static JSON_STRING_SPECIAL: [bool; 256] = byte_table_with(b"\"\\", 0..0x20);

/// The blanks of [`is_blank`] and the newline: the whitespace between builder flags.
static BLANK_OR_NEWLINE: [bool; 256] = byte_table(b" \t\r\n\x0b\x0c");

/// The blanks of [`is_blank`].
pub(super) static BLANK: [bool; 256] = byte_table(b" \t\r\x0b\x0c");

/// Builder flags at the start of `text[from..to]` (`extractBuilderFlags`): every leading word
/// that starts with `--`, up to the first other word or a bare `--`. Appends the flags to
/// `flags` (`text` sits at `base` in the logical text) and returns them with the offset in
/// `text` where the arguments start.
pub(super) fn extract_flags(
    text: &str,
    from: usize,
    to: usize,
    base: usize,
    flags: &mut Vec<Flag>,
) -> (Items, usize) {
    let b = text.as_bytes().get(..to).unwrap_or(text.as_bytes());
    let first = flags.len();
    let mut i = from;
    loop {
        while b.get(i).is_some_and(|&c| BLANK_OR_NEWLINE[usize::from(c)]) {
            i += 1;
        }
        // Most instructions have no flags: their first word does not start with `--`.
        if b.get(i) != Some(&b'-') || b.get(i + 1) != Some(&b'-') {
            return (Items::since(flags, first), i.min(b.len()));
        }
        let start = i;
        let end = flag_end(text, b, start);
        i = end;
        if end - start == 2 {
            // A bare `--` ends the flags.
            return (Items::since(flags, first), end);
        }
        let word = b.get(start + 2..end).unwrap_or(&[]);
        let (name_len, value) = match first_equals(word) {
            Some(eq) => {
                let mut vs = start + 2 + eq + 1;
                let mut ve = end;
                let v = b.get(vs..ve).unwrap_or(&[]);
                if v.len() >= 2 && (v[0] == b'"' || v[0] == b'\'') && v.last() == Some(&v[0]) {
                    vs += 1;
                    ve -= 1;
                }
                (eq, Some(TextRange::new(base + vs, base + ve)))
            }
            None => (word.len(), None),
        };
        flags.push(Flag {
            range: TextRange::new(base + start, base + end),
            name: TextRange::new(base + start + 2, base + start + 2 + name_len),
            value,
        });
    }
}

/// The end of the flag word that starts at `start` with `--`: the first blank or newline
/// outside quotes, a backslash protecting the byte after it. `b` is `s` up to where the flags
/// may go.
fn flag_end(s: &str, b: &[u8], start: usize) -> usize {
    let mut i = skip_flag_plain(b, start);
    // Most flags have no quotes or backslashes: the run of plain bytes ends at the flag's end.
    if b.get(i).is_none_or(|&c| BLANK_OR_NEWLINE[usize::from(c)]) {
        return i.min(b.len());
    }
    let mut quote = 0u8;
    while i < b.len() {
        // Runs of bytes without meaning here (most of a flag) are skipped with one table
        // load per byte.
        if quote == 0 {
            i = skip_flag_plain(b, i);
        }
        let Some(&c) = b.get(i) else {
            break;
        };
        if quote != 0 {
            if c == quote {
                quote = 0;
            } else if c == b'\\' {
                i += 1;
            }
        } else if is_blank(c) || c == b'\n' {
            break;
        } else if c == b'\'' || c == b'"' {
            quote = c;
        } else if c == b'\\' {
            i += 1;
        }
        i += 1;
    }
    // A backslash may have skipped the first byte of a character.
    let mut end = i.min(b.len());
    while !s.is_char_boundary(end) {
        end += 1;
    }
    end
}

/// The first byte at or after `i` that [`FLAG_SPECIAL`] holds, or the end of `b`.
///
/// Flags such as `--mount=type=cache,target=/root/.npm` are long runs of plain bytes, so runs
/// are skipped eight bytes at a time: a chunk is plain when no byte is below `#` (the blanks
/// and newlines, other control bytes, and `!` and `"`) and none is `'` or `\`.
fn skip_flag_plain(b: &[u8], i: usize) -> usize {
    // A hit may be a plain byte below `#` (a `!`, or a control byte other than a blank).
    skip_plain(b, i, &FLAG_SPECIAL, |x| {
        below(x, b'#') | has(x, b'\'') | has(x, b'\\')
    })
}

/// The first byte at or after `i` that `special` holds, or the end of `b`, eight bytes at a
/// time: `candidates(x)` sets a high bit (as [`below`] and [`has`] do) at every byte of the
/// chunk `x` that `special` holds, and maybe at some plain bytes too. The lowest bit is exact
/// (see [`below`]), so only that byte is looked up in the table: when it is plain after all,
/// the search goes on after it. The last few bytes go through the table one by one.
fn skip_plain(
    b: &[u8],
    mut i: usize,
    special: &[bool; 256],
    candidates: impl Fn(u64) -> u64,
) -> usize {
    while let Some(x) = chunk_at(b, i) {
        let hits = candidates(x);
        if hits == 0 {
            i += 8;
            continue;
        }
        let at = i + first_hit(hits);
        if b.get(at).is_none_or(|&c| special[usize::from(c)]) {
            return at;
        }
        i = at + 1;
    }
    while b.get(i).is_some_and(|&c| !special[usize::from(c)]) {
        i += 1;
    }
    i
}

/// The first byte at or after `i` that [`JSON_STRING_SPECIAL`] holds, or the end of `b`, eight
/// bytes at a time like [`skip_flag_plain`]: exec-form commands (a HEALTHCHECK's inline script)
/// are long strings. A chunk is plain when no byte is a control byte, `"` or `\`.
fn skip_json_plain(b: &[u8], i: usize) -> usize {
    skip_plain(b, i, &JSON_STRING_SPECIAL, |x| {
        below(x, 0x20) | has(x, b'"') | has(x, b'\\')
    })
}

/// The offset of the first `=` of the word `b` (a flag's `mount=type=cache,…`, an ENV or LABEL
/// pair's `KEY=value`), eight bytes at a time: a byte loop walks the name at some six
/// instructions a byte.
pub(super) fn first_equals(b: &[u8]) -> Option<usize> {
    let mut i = 0;
    while let Some(x) = chunk_at(b, i) {
        let hits = has(x, b'=');
        if hits != 0 {
            // The lowest hit is exact (see [`below`]).
            return Some(i + first_hit(hits));
        }
        i += 8;
    }
    let tail = b.get(i..)?;
    tail.iter().position(|&c| c == b'=').map(|k| i + k)
}

/// Call `f` with the offset of every `needle` in `haystack`, in order.
///
/// On x86-64 with `memchr`'s SSE2 searcher, called directly: the crate's generic functions
/// choose their searcher through a function pointer on every call, which for the short lines
/// of a Dockerfile costs about a third of the search (some 25 instructions a line). SSE2 is
/// part of x86-64, so the searcher is always there; the generic iterator is the fallback.
pub(super) fn for_each_byte(needle: u8, haystack: &[u8], mut f: impl FnMut(usize)) {
    #[cfg(target_arch = "x86_64")]
    if let Some(searcher) = memchr::arch::x86_64::sse2::memchr::One::new(needle) {
        searcher.iter(haystack).for_each(f);
        return;
    }
    memchr::memchr_iter(needle, haystack).for_each(&mut f);
}

/// `memchr::memchr`, with the SSE2 searcher called directly, as in [`for_each_byte`] (for a
/// thirty-byte image the indirect call is a third of the search).
pub(super) fn find_byte(needle: u8, haystack: &[u8]) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    if let Some(searcher) = memchr::arch::x86_64::sse2::memchr::One::new(needle) {
        return searcher.find(haystack);
    }
    memchr::memchr(needle, haystack)
}

/// `memchr::memrchr2`, with the SSE2 searcher called directly, as in [`find_byte`].
pub(super) fn rfind_either(a: u8, b: u8, haystack: &[u8]) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    if let Some(searcher) = memchr::arch::x86_64::sse2::memchr::Two::new(a, b) {
        return searcher.rfind(haystack);
    }
    memchr::memrchr2(a, b, haystack)
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The eight bytes of `b` from `i`, as one little-endian word, if there are eight.
pub(super) fn chunk_at(b: &[u8], i: usize) -> Option<u64> {
    let chunk = b.get(i..i.checked_add(8)?)?;
    <[u8; 8]>::try_from(chunk).ok().map(u64::from_le_bytes)
}

/// The whole eight-byte chunks of `b`, in order, as [`chunk_at`] reads them.
pub(crate) fn chunks_of(b: &[u8]) -> impl Iterator<Item = u64> + '_ {
    b.chunks_exact(8)
        .filter_map(|c| <[u8; 8]>::try_from(c).ok().map(u64::from_le_bytes))
}

/// A high bit where `x` has a byte below `n` (at most 0x80): exactly at the lowest such byte;
/// bytes above it may be reported too (a borrow runs on), so only the lowest hit is a
/// position.
pub(super) const fn below(x: u64, n: u8) -> u64 {
    x.wrapping_sub(ONES * n as u64) & !x & HIGH
}

/// Like [`below`], for the bytes of `x` equal to `c`.
pub(crate) const fn has(x: u64, c: u8) -> u64 {
    below(x ^ repeat(c), 1)
}

/// The offset in its chunk of the lowest byte [`below`] or [`has`] reports (which is exact).
pub(super) const fn first_hit(hits: u64) -> usize {
    (hits.trailing_zeros() / 8) as usize
}

/// `b` in every byte of a word.
const fn repeat(b: u8) -> u64 {
    ONES * b as u64
}

/// The outcome of reading `[ … ]` as a JSON array.
#[derive(Debug)]
pub(super) enum JsonArray {
    /// An array of strings: exec form.
    Strings(Items),
    /// Valid JSON array, but not only strings: BuildKit rejects it.
    NotStrings,
    /// Not valid JSON: BuildKit silently runs it as a shell command.
    Invalid,
}

const fn is_json_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

fn skip_json_space(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && is_json_space(b[i]) {
        i += 1;
    }
    i
}

/// Read `s` (which starts with `[`) as a JSON array of strings, appending them to `tokens`.
pub(super) fn json_array(s: &[u8], base: usize, tokens: &mut Vec<Token>) -> JsonArray {
    let first = tokens.len();
    if json_strings(s, base, tokens).is_some() {
        return JsonArray::Strings(Items::since(tokens, first));
    }
    tokens.truncate(first);
    // The slow path runs only on malformed input: tell "not strings" from "not JSON".
    match serde_json::from_slice::<serde_json::Value>(s) {
        Ok(serde_json::Value::Array(_)) => JsonArray::NotStrings,
        _ => JsonArray::Invalid,
    }
}

/// Appends the strings to `items`; `None` (with some strings appended) if `s` is not a JSON
/// array of strings.
fn json_strings(b: &[u8], base: usize, items: &mut Vec<Token>) -> Option<()> {
    let mut i = skip_json_space(b, 0);
    if b.get(i) != Some(&b'[') {
        return None;
    }
    i = skip_json_space(b, i + 1);
    if b.get(i) == Some(&b']') {
        i += 1;
    } else {
        loop {
            if b.get(i) != Some(&b'"') {
                return None;
            }
            let start = i;
            i += 1;
            loop {
                i = skip_json_plain(b, i);
                match *b.get(i)? {
                    b'"' => {
                        i += 1;
                        break;
                    }
                    b'\\' => match *b.get(i + 1)? {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => i += 2,
                        b'u' => {
                            let hex = b.get(i + 2..i + 6)?;
                            if !hex.iter().all(u8::is_ascii_hexdigit) {
                                return None;
                            }
                            i += 6;
                        }
                        _ => return None,
                    },
                    c if c < 0x20 => return None,
                    _ => i += 1,
                }
            }
            items.push(Token {
                range: TextRange::new(base + start, base + i),
                kind: TokenKind::Json,
            });
            i = skip_json_space(b, i);
            match *b.get(i)? {
                b',' => i = skip_json_space(b, i + 1),
                b']' => {
                    i += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    (skip_json_space(b, i) == b.len()).then_some(())
}

/// The value of a JSON string literal (quotes included in `raw`).
pub(super) fn json_string_value(raw: &str) -> Cow<'_, str> {
    let inner = raw
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .unwrap_or(raw);
    if !inner.contains('\\') {
        return Cow::Borrowed(inner);
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('u') => {
                let hi = hex4(&mut chars);
                let code = if (0xD800..0xDC00).contains(&hi) {
                    let rest = chars.as_str();
                    if rest.starts_with("\\u") {
                        chars.next();
                        chars.next();
                        let lo = hex4(&mut chars);
                        0x10000 + ((hi - 0xD800) << 10) + lo.wrapping_sub(0xDC00)
                    } else {
                        hi
                    }
                } else {
                    hi
                };
                out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    Cow::Owned(out)
}

fn hex4(chars: &mut std::str::Chars<'_>) -> u32 {
    let mut v = 0u32;
    for _ in 0..4 {
        let d = chars.next().and_then(|c| c.to_digit(16)).unwrap_or(0);
        v = (v << 4) | d;
    }
    v
}

/// A heredoc opener word (`^(\d*)<<(-?)([^<]*)$` in BuildKit): whether it chomps tabs, the
/// delimiter and whether the delimiter was quoted.
pub(super) fn heredoc_word(raw: &str) -> Option<(bool, String, bool)> {
    let digits = raw.bytes().take_while(u8::is_ascii_digit).count();
    let after = raw.get(digits..)?.strip_prefix("<<")?;
    let (chomp, rest) = match after.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, after),
    };
    if rest.is_empty() || rest.contains('<') {
        return None;
    }
    if split_shell_words(rest, 0, b'\\').count() != 1 {
        return None;
    }
    let name = unquote(rest, b'\\');
    let quotes = |s: &str| s.bytes().filter(|&b| b == b'"' || b == b'\'').count();
    let quoted = quotes(&name) != quotes(rest);
    Some((chomp, name.into_owned(), quoted))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `scan` stops where a byte loop over `special` stops, from every start, when any byte
    /// value is planted at any of the first 20 positions of `sample` (followed by non-ASCII
    /// text, which no scan treats as special).
    fn assert_stops_where_a_byte_loop_stops(
        scan: fn(&[u8], usize) -> usize,
        special: &[bool; 256],
        sample: &[u8],
    ) {
        let naive = |b: &[u8], mut i: usize| {
            while b.get(i).is_some_and(|&c| !special[usize::from(c)]) {
                i += 1;
            }
            i
        };
        for planted in 0..=255u8 {
            for at in 0..20 {
                let mut b = sample.to_vec();
                b.truncate(20);
                b[at] = planted;
                b.extend_from_slice("é\u{2028}".as_bytes());
                for from in 0..b.len() {
                    assert_eq!(scan(&b, from), naive(&b, from), "{planted} {at}");
                }
            }
        }
    }

    /// The first `=` at or after `from`, as [`first_equals`] finds it in `b[from..]`.
    fn next_equals(b: &[u8], from: usize) -> usize {
        let rest = b.get(from..).unwrap_or(&[]);
        first_equals(rest).map_or(b.len(), |k| from + k)
    }

    #[test]
    fn first_equals_stops_where_a_byte_loop_stops() {
        assert_stops_where_a_byte_loop_stops(
            next_equals,
            &byte_table(b"="),
            b"start-period_20s_x_y",
        );
    }

    #[test]
    fn skip_flag_plain_stops_where_a_byte_loop_stops() {
        assert_stops_where_a_byte_loop_stops(
            skip_flag_plain,
            &FLAG_SPECIAL,
            b"--mount=type=cache,target=/x",
        );
    }

    #[test]
    fn skip_shell_plain_stops_where_a_byte_loop_stops() {
        assert_stops_where_a_byte_loop_stops(
            skip_shell_plain,
            &SHELL_WORD_SPECIAL,
            b"NODE_ENV=production_x",
        );
    }

    #[test]
    fn skip_json_plain_stops_where_a_byte_loop_stops() {
        assert_stops_where_a_byte_loop_stops(
            skip_json_plain,
            &JSON_STRING_SPECIAL,
            b"node -e fetch('http://x",
        );
    }
}
