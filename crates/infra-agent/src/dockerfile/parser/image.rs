//! Image references of FROM (`[registry/]name[:tag][@digest]`) and the substitution of the
//! global ARGs in them (`$BASE`, `${BASE}`, `${BASE:-node:22}`, …).

use super::TextRange;
use super::words;

/// The base image of a stage, after ARG substitution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ImageRef {
    /// The image token as written in the FROM.
    pub(crate) range: TextRange,
    /// The image after substitution.
    pub(crate) resolved: String,
    /// Whether every variable had a known value (otherwise the image comes from `--build-arg`
    /// at build time and the image rules stay quiet).
    pub(crate) exact: bool,
    /// Whether the raw token used variables.
    pub(crate) templated: bool,
    tag: Option<(usize, usize)>,
    digest: Option<(usize, usize)>,
}

impl ImageRef {
    pub(crate) fn new(range: TextRange, resolved: String, exact: bool, templated: bool) -> Self {
        // The digest follows the first `@`; the tag is after the last `:` before it, when that
        // follows the last `/` before it: when the last of the two is a `:`. `memchr` finds
        // each in a few instructions per word of the image, where a byte loop with a match
        // takes several per byte.
        let b = resolved.as_bytes();
        let before = words::find_byte(b'@', b).unwrap_or(b.len());
        let head = b.get(..before).unwrap_or(b);
        let digest = (before < b.len()).then_some((before + 1, b.len()));
        let tag = words::rfind_either(b'/', b':', head)
            .filter(|&c| head.get(c) == Some(&b':'))
            .map(|c| (c + 1, before));
        Self {
            range,
            resolved,
            exact,
            templated,
            tag,
            digest,
        }
    }

    /// The tag (after `:`), if any.
    pub(crate) fn tag(&self) -> Option<&str> {
        self.tag.and_then(|(s, e)| self.resolved.get(s..e))
    }

    /// The digest (after `@`), if any.
    pub(crate) fn digest(&self) -> Option<&str> {
        self.digest.and_then(|(s, e)| self.resolved.get(s..e))
    }

    /// `scratch`, the empty image.
    pub(crate) fn is_scratch(&self) -> bool {
        self.resolved.eq_ignore_ascii_case("scratch")
    }
}

/// What a variable name stands for during substitution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lookup<'v> {
    /// Declared with a known value.
    Value(&'v str),
    /// Declared without a default (or with an unknown one): set by `--build-arg`, if at all.
    Unknown,
    /// Never declared: BuildKit substitutes the empty string.
    Undeclared,
}

/// The bytes [`expand`] looks at: quotes, `$` and both escape characters.
static EXPAND_SPECIAL: [bool; 256] = super::byte_table(b"'\"$\\`");

/// Whether `raw` has nothing [`expand`] would change: it expands to itself, exactly.
pub(crate) fn is_plain(raw: &str) -> bool {
    plain_bytes(raw.as_bytes())
}

/// [`is_plain`] of the bytes `b`.
fn plain_bytes(b: &[u8]) -> bool {
    match b.len().checked_sub(8) {
        // Eight bytes at a time, the last eight read as one chunk that overlaps the one before
        // (bytes seen twice cannot change the answer): no byte loop for the tail. Images and
        // ARG values are ten to thirty bytes, which a byte loop walks at six instructions a
        // byte.
        Some(last) => words::chunks_of(b)
            .chain(words::chunk_at(b, last))
            .all(|x| !has_expand_special(x)),
        None => !b.iter().any(|&c| EXPAND_SPECIAL[usize::from(c)]),
    }
}

/// Whether the eight bytes of `x` hold one of [`EXPAND_SPECIAL`].
fn has_expand_special(x: u64) -> bool {
    (words::has(x, b'\'') | words::has(x, b'"') | words::has(x, b'$'))
        | (words::has(x, b'\\') | words::has(x, b'`'))
        != 0
}

/// Substitute variables in `raw` the way BuildKit's shell lexer does for FROM, with quotes
/// removed. Returns the result and whether it is exact (no unknown value was involved).
pub(crate) fn expand<'v>(
    raw: &str,
    escape: u8,
    lookup: &impl Fn(&str) -> Lookup<'v>,
) -> (String, bool) {
    // The usual templated image, `node:${NODE_VERSION}-bookworm-slim`: one `${NAME}` between
    // plain text, and a known value. Put together in one go, it costs half of the general walk.
    if let Some((prefix, name, suffix)) = one_braced_name(raw)
        && let Lookup::Value(value) = lookup(name)
    {
        let mut out = String::with_capacity(prefix.len() + value.len() + suffix.len());
        out.push_str(prefix);
        out.push_str(value);
        out.push_str(suffix);
        return (out, true);
    }
    let mut out = String::with_capacity(raw.len());
    let exact = expand_into(raw, escape, lookup, &mut out);
    (out, exact)
}

/// `raw` as `prefix${NAME}suffix` with nothing for [`expand`] in `prefix` and `suffix` (which
/// then expand to themselves), as its three parts.
fn one_braced_name(raw: &str) -> Option<(&str, &str, &str)> {
    let b = raw.as_bytes();
    let dollar = b.iter().position(|&c| EXPAND_SPECIAL[usize::from(c)])?;
    if b.get(dollar..dollar + 2) != Some(b"${") {
        return None;
    }
    let inner = raw.get(dollar + 2..)?;
    let n = name_len(inner);
    if n == 0 || inner.as_bytes().get(n) != Some(&b'}') {
        return None;
    }
    let suffix = inner.get(n + 1..)?;
    if !is_plain(suffix) {
        return None;
    }
    Some((raw.get(..dollar)?, inner.get(..n)?, suffix))
}

/// [`expand`] `raw`, appending the result to `out`; returns whether it is exact. The words of
/// `${NAME:-word}` expand straight into the caller's `out`, without a string of their own.
fn expand_into<'v>(
    raw: &str,
    escape: u8,
    lookup: &impl Fn(&str) -> Lookup<'v>,
    out: &mut String,
) -> bool {
    let mut exact = true;
    let mut rest = raw;
    let mut in_double = false;
    loop {
        // Copy the run of bytes that mean nothing here in one go, with one table load per byte.
        // The table holds both escape characters: the one not in use only sends its byte
        // through the match below, which copies it. Every byte of the table is ASCII, so the
        // run ends on a character boundary.
        let mut plain = 0;
        while rest
            .as_bytes()
            .get(plain)
            .is_some_and(|&b| !EXPAND_SPECIAL[usize::from(b)])
        {
            plain += 1;
        }
        let Some((run, special)) = rest.split_at_checked(plain) else {
            break;
        };
        if !run.is_empty() {
            out.push_str(run);
        }
        let Some(&c) = special.as_bytes().first() else {
            break;
        };
        let after = special.get(1..).unwrap_or("");
        rest = after;
        if c == escape {
            let mut chars = after.chars();
            if let Some(n) = chars.next() {
                out.push(n);
            }
            rest = chars.as_str();
        } else if c == b'\'' && !in_double {
            let end = after
                .bytes()
                .position(|b| b == b'\'')
                .unwrap_or(after.len());
            out.push_str(after.get(..end).unwrap_or(""));
            rest = after.get(end + 1..).unwrap_or("");
        } else if c == b'"' {
            in_double = !in_double;
        } else if c == b'$' {
            if let Some(inner_start) = after.strip_prefix('{') {
                let name = name_len(inner_start);
                // `${NAME}`, the common form, closes right after the name: no search for the
                // brace that closes it.
                let close = if inner_start.as_bytes().get(name) == Some(&b'}') {
                    Some(name)
                } else {
                    matching_brace(inner_start)
                };
                let Some(close) = close else {
                    out.push_str(special);
                    return false;
                };
                let inner = inner_start.get(..close).unwrap_or("");
                exact &= expand_braced(inner, name, escape, lookup, out);
                rest = inner_start.get(close + 1..).unwrap_or("");
                continue;
            }
            let name_len = name_len(after);
            if name_len > 0 {
                match lookup(after.get(..name_len).unwrap_or("")) {
                    Lookup::Value(v) => out.push_str(v),
                    Lookup::Unknown | Lookup::Undeclared => exact = false,
                }
                rest = after.get(name_len..).unwrap_or("");
                continue;
            }
            out.push('$');
        } else {
            out.push(char::from(c));
        }
    }
    exact
}

/// `${…}` contents (`inner`, whose name is `n` bytes long): `NAME`, `NAME:-word`, `NAME-word`,
/// `NAME:+word`, `NAME+word`, `NAME:?msg`, `NAME?msg`. Other operators (`#`, `%`, `/`) count
/// as unknown.
fn expand_braced<'v>(
    inner: &str,
    n: usize,
    escape: u8,
    lookup: &impl Fn(&str) -> Lookup<'v>,
    out: &mut String,
) -> bool {
    let name = inner.get(..n).unwrap_or("");
    let op = inner.get(n..).unwrap_or("");
    let value = lookup(name);
    let (colon, op) = match op.strip_prefix(':') {
        Some(r) => (true, r),
        None => (false, op),
    };
    let Some(kind) = op.chars().next() else {
        return match value {
            Lookup::Value(v) => {
                out.push_str(v);
                !colon
            }
            _ => false,
        };
    };
    let word = &op[kind.len_utf8()..];
    let set = match value {
        Lookup::Value(v) => !(colon && v.is_empty()),
        Lookup::Unknown | Lookup::Undeclared => false,
    };
    match kind {
        '-' => {
            if set {
                if let Lookup::Value(v) = value {
                    out.push_str(v);
                }
                true
            } else {
                expand_into(word, escape, lookup, out)
            }
        }
        '+' => {
            if set {
                expand_into(word, escape, lookup, out)
            } else {
                value != Lookup::Unknown
            }
        }
        '?' => {
            if let (true, Lookup::Value(v)) = (set, value) {
                out.push_str(v);
                true
            } else {
                false
            }
        }
        _ => false,
    }
}

fn name_len(s: &str) -> usize {
    let b = s.as_bytes();
    if !b
        .first()
        .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
    {
        return 0;
    }
    let mut n = 1;
    while b.get(n).is_some_and(|&c| NAME_BYTE[usize::from(c)]) {
        n += 1;
    }
    n
}

/// The bytes of a variable name after its first: letters, digits and `_`.
static NAME_BYTE: [bool; 256] =
    super::byte_table(b"_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

/// The offset of the `}` closing a `${`, counting nested `${…}`.
fn matching_brace(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut depth = 0usize;
    // Straight from brace to brace: the name between them is most of `s`.
    for i in memchr::memchr2_iter(b'{', b'}', b) {
        match b[i] {
            b'{' => depth += 1,
            _ if depth == 0 => return Some(i),
            _ => depth -= 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::{EXPAND_SPECIAL, is_plain, plain_bytes};

    /// [`plain_bytes`] agrees with a byte loop for every byte value at every position of
    /// strings of up to twenty bytes.
    #[test]
    fn plain_bytes_agrees_with_a_byte_loop() {
        for len in 1..=20 {
            for at in 0..len {
                for planted in 0..=255u8 {
                    let mut b = vec![b'a'; len];
                    b[at] = planted;
                    let naive = !b.iter().any(|&c| EXPAND_SPECIAL[usize::from(c)]);
                    assert_eq!(plain_bytes(&b), naive, "{len} {at} {planted}");
                }
            }
        }
        assert!(is_plain(""));
    }
}
