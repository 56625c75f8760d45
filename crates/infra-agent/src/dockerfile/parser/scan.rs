//! The line-level pass of BuildKit's `parser.Parse`: directives, comments, continuations,
//! heredoc bodies; then build stages and the substitution of global ARGs in FROM.

use squad_core::findings::Span;

use super::image::{self, ImageRef, Lookup};
use super::instruction::{self, Errors};
use super::words::{self, unquote};
use super::{
    Args, Comment, Directive, Directives, Dockerfile, Heredoc, Instruction, Items, Keyword,
    Segment, Stage, Store, SyntaxError, TextRange, allocate_once,
};

pub(super) fn parse(src: &str) -> Dockerfile<'_> {
    let source = src.strip_prefix('\u{feff}').unwrap_or(src);
    let line_starts = line_starts(source.as_bytes());
    // Every instruction takes at least one line: sized once, they never grow.
    // The small vectors are sized up front too: growing a vector from empty costs more than
    // allocating it at the size that real files need (a few comments, stages and ARGs).
    let lines = line_starts.len();
    let mut scanner = Scanner {
        df: Dockerfile {
            source,
            line_starts,
            // Allocated on the first line continuation, if any.
            text: String::new(),
            segments: Vec::new(),
            escape: b'\\',
            directives: Directives::default(),
            instructions: Vec::with_capacity(lines),
            store: Store {
                // Allocated on the first flag, if any.
                flags: Vec::new(),
                tokens: Vec::with_capacity(lines),
                // Allocated on the first ENV, LABEL or ARG, if any.
                pairs: Vec::new(),
            },
            stages: Vec::with_capacity(4),
            // Allocated on the first heredoc, if any.
            heredoc_store: Vec::new(),
            // Allocated on the first comment, if any.
            comments: Vec::new(),
            errors: Vec::new(),
        },
        global_args: GlobalArgs::default(),
    };
    scanner.run();
    // `finish` borrows the scanner and the Dockerfile is moved out once: a `finish(self)`
    // copied the whole scanner in and the Dockerfile out (two copies of some 400 bytes).
    scanner.finish();
    scanner.df
}

/// `str::trim_start`, with a byte loop over the ASCII whitespace real files have: it runs on
/// every line. The Unicode-aware trim runs only when a non-ASCII character follows.
fn trim_start(s: &str) -> &str {
    // Most lines start with their first word: nothing to trim, and nothing to count.
    if s.as_bytes().first().is_none_or(|&b| b.is_ascii_graphic()) {
        return s;
    }
    let b = s.as_bytes();
    let mut ascii = 0;
    while b
        .get(ascii)
        .is_some_and(|&c| ASCII_WHITESPACE[usize::from(c)])
    {
        ascii += 1;
    }
    let rest = s.get(ascii..).unwrap_or("");
    if rest.as_bytes().first().is_some_and(|b| !b.is_ascii()) {
        rest.trim_start()
    } else {
        rest
    }
}

/// The ASCII whitespace of `str::trim_start`.
static ASCII_WHITESPACE: [bool; 256] = words::byte_table(b" \t\n\x0b\x0c\r");

/// `s.contains("<<")`, with `memchr` for `<`: most lines have none, and the substring search
/// costs hundreds of instructions to set up for every RUN, COPY and ADD.
fn has_double_less(b: &[u8]) -> bool {
    let mut found = false;
    words::for_each_byte(b'<', b, |i| {
        found |= b.get(i + 1) == Some(&b'<');
    });
    found
}

/// The byte offset of the start of every line of `source` (none for an empty source).
fn line_starts(source: &[u8]) -> Vec<usize> {
    let mut starts = Vec::with_capacity(source.len() / 24 + 1);
    if source.is_empty() {
        return starts;
    }
    starts.push(0);
    words::for_each_byte(b'\n', source, |nl| starts.push(nl + 1));
    // A final newline starts no line.
    if starts.last() == Some(&source.len()) {
        starts.pop();
    }
    starts
}

/// The global ARGs, in order: the first four in place, the rest in a vector. Most files
/// declare one or two (`ARG NODE_VERSION=22`): a vector would be an allocation (and a free)
/// in every parse, some 140 instructions.
#[derive(Default)]
struct GlobalArgs {
    first: [GlobalArg; 4],
    len: usize,
    more: Vec<GlobalArg>,
}

impl GlobalArgs {
    fn push(&mut self, arg: GlobalArg) {
        match self.first.get_mut(self.len) {
            Some(slot) => {
                *slot = arg;
                self.len += 1;
            }
            None => self.more.push(arg),
        }
    }

    fn iter(&self) -> impl DoubleEndedIterator<Item = &GlobalArg> {
        self.first
            .get(..self.len)
            .unwrap_or(&[])
            .iter()
            .chain(&self.more)
    }
}

/// A global ARG (declared before the first FROM) and its default, if known.
#[derive(Default)]
struct GlobalArg {
    /// The name, as a range of the logical text (which only grows, so the range stays valid).
    name: TextRange,
    value: Option<ArgValue>,
}

/// A global ARG's known default.
enum ArgValue {
    /// Written without quotes, escapes or variables (as most are): the logical text is the
    /// value, and no string is allocated for it.
    Plain(TextRange),
    /// After substitution and unquoting.
    Expanded(String),
}

struct Scanner<'a> {
    df: Dockerfile<'a>,
    global_args: GlobalArgs,
}

/// A line number as the 1-based `u32` of spans.
fn line_no(idx: usize) -> u32 {
    u32::try_from(idx + 1).unwrap_or(u32::MAX)
}

impl<'a> Scanner<'a> {
    fn line_count(&self) -> usize {
        self.df.line_starts.len()
    }

    /// Start and end (line end and trailing `\r` excluded) of line `idx`.
    fn bounds(&self, idx: usize) -> (usize, usize) {
        let b = self.df.source.as_bytes();
        let start = self.df.line_starts.get(idx).copied().unwrap_or(0);
        // A line ends right before the `\n` the next line starts after; the last line ends at
        // the end of the source, or before a final `\n`.
        let mut end = match self.df.line_starts.get(idx + 1) {
            Some(&next) => next.saturating_sub(1),
            None => b.len() - usize::from(b.last() == Some(&b'\n')),
        };
        while end > start && b.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        (start, end.max(start))
    }

    fn line(&self, idx: usize) -> (usize, &'a str) {
        let (s, e) = self.bounds(idx);
        (s, self.df.source.get(s..e).unwrap_or(""))
    }

    fn error(&mut self, span: Span, message: impl Into<String>) {
        self.df.errors.push(SyntaxError {
            span,
            message: message.into(),
        });
    }

    fn run(&mut self) {
        let n = self.line_count();
        let mut idx = 0;
        let mut in_directives = true;
        while idx < n {
            let (start, end) = self.bounds(idx);
            // Most lines start with their keyword: nothing to trim, and neither a comment nor
            // a directive (which ends the directives).
            let first = self.df.source.as_bytes().get(start);
            if first.is_some_and(u8::is_ascii_alphabetic) {
                in_directives = false;
                idx = self.instruction(idx, start, end) + 1;
                continue;
            }
            let raw = self.df.source.get(start..end).unwrap_or("");
            let trimmed = trim_start(raw);
            let lead = raw.len() - trimmed.len();
            if in_directives {
                in_directives = self.directive(idx, start + lead, trimmed);
            }
            if let Some(body) = trimmed.strip_prefix('#') {
                let body_start = start + lead + 1 + (body.len() - trim_start(body).len());
                allocate_once(&mut self.df.comments, n / 4 + 1);
                self.df.comments.push(Comment {
                    line: line_no(idx),
                    body: TextRange::new(body_start, start + raw.trim_end().len()),
                });
                idx += 1;
                continue;
            }
            if trimmed.is_empty() {
                idx += 1;
                continue;
            }
            idx = self.instruction(idx, start + lead, start + raw.len()) + 1;
        }
    }

    /// Read a parser directive; returns whether directives may still follow.
    fn directive(&mut self, idx: usize, off: usize, line: &str) -> bool {
        if idx == 0 && line.starts_with("#!") {
            return true;
        }
        let Some((name, value)) = parse_directive(line) else {
            return false;
        };
        let name_text = line.get(name.0..name.1).unwrap_or("");
        let value_text = line.get(value.0..value.1).unwrap_or("");
        let Some(key) = ["syntax", "escape", "check"]
            .into_iter()
            .find(|k| name_text.eq_ignore_ascii_case(k))
        else {
            return false;
        };
        // The whole line, for errors only: counting its characters is not worth it otherwise.
        let span = || {
            Span::new(
                line_no(idx),
                1,
                line_no(idx),
                u32::try_from(line.chars().count() + 1).unwrap_or(u32::MAX),
            )
        };
        let seen = self
            .df
            .directives
            .iter()
            .any(|d| self.df.src(d.name).eq_ignore_ascii_case(key));
        if seen {
            self.error(
                span(),
                format!("only one {key} parser directive can be used"),
            );
            return true;
        }
        if key == "escape" {
            match value_text {
                "\\" => self.df.escape = b'\\',
                "`" => self.df.escape = b'`',
                other => self.error(
                    span(),
                    format!(
                        "invalid escape token {other:?}: the escape directive takes `\\` or `` ` ``"
                    ),
                ),
            }
        }
        self.df.directives.push(Directive {
            line: line_no(idx),
            name: TextRange::new(off + name.0, off + name.1),
            value: TextRange::new(off + value.0, off + value.1),
        });
        true
    }

    /// Where a line's content ends and whether it continues: the escape character followed
    /// only by spaces or tabs (BuildKit's `\\[ \t]*$`). A line that does not continue ends
    /// before those spaces and tabs: the instruction's parse trims them anyway, and need not
    /// walk them a second time.
    fn continuation(&self, start: usize, end: usize) -> (usize, bool) {
        let b = self.df.source.as_bytes();
        let mut e = end;
        while e > start && matches!(b.get(e - 1), Some(b' ' | b'\t')) {
            e -= 1;
        }
        if e > start && b.get(e - 1) == Some(&self.df.escape) {
            (e - 1, true)
        } else {
            (e, false)
        }
    }

    fn push_segment(&mut self, src_start: usize, src_end: usize, idx: usize) {
        self.df.segments.push(Segment {
            text_start: self.df.text.len(),
            src_start,
            line: line_no(idx),
        });
        let piece = self.df.source.get(src_start..src_end).unwrap_or("");
        self.df.text.push_str(piece);
    }

    /// Read the instruction starting on line `first` at `start` (the line ends at `first_end`);
    /// returns its last line index.
    fn instruction(&mut self, first: usize, start: usize, first_end: usize) -> usize {
        let (part_end, cont) = self.continuation(start, first_end);
        let mut last = first;
        // Most instructions take one line: their logical line is that source line, and their
        // ranges are source offsets. Only continued instructions are joined into the text
        // buffer (see `Dockerfile::text`).
        let logical = if cont {
            self.join(first, start, part_end, &mut last)
        } else {
            TextRange::new(start, part_end)
        };
        let mut errors = Errors::new();
        // The buffer the logical line lies in, where it lies there, and the buffer's base.
        let (text, from, to, base) = if cont {
            let joined = self.df.joined_base();
            (
                self.df.text.as_str(),
                logical.start - joined,
                logical.end - joined,
                joined,
            )
        } else {
            (self.df.source, start, part_end, 0)
        };
        let mut inst = instruction::parse_line(
            text,
            from,
            to,
            base,
            self.df.escape,
            &mut errors,
            &mut self.df.store,
        );
        let line = text.as_bytes().get(from..to).unwrap_or_default();
        inst.start_line = line_no(first);

        let heredoc_kw = match &inst.args {
            Args::Onbuild(inner) => inner.keyword,
            _ => inst.keyword,
        };
        // BuildKit looks for heredoc openers in the whole logical line, so `<<EOF` may follow
        // a run of `--mount` flags on continuation lines (as `docker init` writes it).
        if matches!(heredoc_kw, Keyword::Run | Keyword::Copy | Keyword::Add)
            && has_double_less(line)
        {
            let heredocs = self.heredocs(logical, &mut last);
            match &mut inst.args {
                Args::Onbuild(inner) => inner.heredocs = heredocs,
                _ => inst.heredocs = heredocs,
            }
        }
        inst.end_line = if last == first {
            inst.start_line
        } else {
            line_no(last)
        };
        if let Args::Onbuild(inner) = &mut inst.args {
            inner.start_line = inst.start_line;
            inner.end_line = inst.end_line;
        }
        // Most lines have no error: the test spares them setting up and dropping an iterator.
        if !errors.is_empty() {
            for (range, message) in errors {
                let span = self.df.span(range);
                self.error(span, message);
            }
        }
        self.place(inst);
        last
    }

    /// Join the lines of an instruction that continues after its first line (which starts at
    /// `start` and whose content ends at `part_end`) into the text buffer, advancing `last` to
    /// its last line; returns the logical line's range.
    fn join(&mut self, first: usize, start: usize, part_end: usize, last: &mut usize) -> TextRange {
        let n = self.line_count();
        if self.df.text.capacity() == 0 {
            // The joined lines of this and every later instruction fit in the rest of the
            // source, and the segments in its lines: allocated once, on the first continuation.
            // Both are still empty: made with their capacity, which allocates straight away,
            // where `reserve` goes through the vector's growth path (some 75 instructions).
            self.df.text = String::with_capacity(self.df.source.len() - start);
            self.df.segments = Vec::with_capacity(n - first);
        }
        let text_start = self.df.text.len();
        self.push_segment(start, part_end, first);
        let mut cont = true;
        let mut cont_line = first;
        while cont {
            if *last + 1 >= n {
                let span = self.src_line_span(cont_line);
                self.error(
                    span,
                    "the file ends inside a line continuation: the last instruction ends with the escape character",
                );
                break;
            }
            *last += 1;
            let (ls, raw) = self.line(*last);
            let t = trim_start(raw);
            if t.starts_with('#') || t.is_empty() {
                // BuildKit drops comment and empty lines inside a continuation.
                continue;
            }
            let (pe, c) = self.continuation(ls, ls + raw.len());
            self.push_segment(ls, pe, *last);
            cont = c;
            cont_line = *last;
        }
        let joined = self.df.joined_base();
        TextRange::new(joined + text_start, joined + self.df.text.len())
    }

    fn src_line_span(&self, idx: usize) -> Span {
        let (s, e) = self.bounds(idx);
        self.df.src_span(TextRange::new(s, e))
    }

    /// Find the heredoc openers of the logical line and read their bodies (which start after
    /// its last line), advancing `last`.
    fn heredocs(&mut self, logical: TextRange, last: &mut usize) -> Items {
        let n = self.line_count();
        let line = self.df.text(logical);
        let openers: Vec<(TextRange, bool, String, bool)> =
            words::split_shell_words(line, logical.start, b'\\')
                .filter_map(|w| {
                    let (chomp, name, quoted) = words::heredoc_word(self.df.text(w))?;
                    Some((w, chomp, name, quoted))
                })
                .collect();
        let first = self.df.heredoc_store.len();
        for (word, chomp, name, quoted) in openers {
            let body_idx = *last + 1;
            let body_start = self
                .df
                .line_starts
                .get(body_idx)
                .copied()
                .unwrap_or(self.df.source.len());
            let mut body_end = None;
            let mut idx = body_idx;
            while idx < n {
                let (ls, raw) = self.line(idx);
                let candidate = if chomp {
                    raw.trim_start_matches('\t')
                } else {
                    raw
                };
                if candidate == name {
                    body_end = Some(ls);
                    break;
                }
                idx += 1;
            }
            let end = match body_end {
                Some(end) => {
                    *last = idx;
                    end
                }
                None => {
                    let span = self.df.span(word);
                    self.error(
                        span,
                        format!(
                            "unterminated heredoc: no line `{name}` closes the heredoc opened here"
                        ),
                    );
                    *last = n.saturating_sub(1).max(*last);
                    self.df.source.len()
                }
            };
            self.df.heredoc_store.push(Heredoc {
                word,
                name,
                chomp,
                quoted,
                body: TextRange::new(body_start, end.max(body_start)),
                body_line: line_no(body_idx),
            });
        }
        Items::since(&self.df.heredoc_store, first)
    }

    /// Attach an instruction to its stage, opening a stage at FROM.
    ///
    /// Inlined into the scan, so that the usual instruction (after a FROM, and not one) takes
    /// the last stage without a call; FROM and what comes before the first FROM go through
    /// [`Scanner::place_first`] (measured: the call cost ~30 instructions per instruction).
    #[inline]
    fn place(&mut self, mut inst: Instruction) {
        if inst.keyword != Keyword::From
            && let Some(stage) = self.df.stages.last()
        {
            inst.stage = Some(stage.index);
            self.df.instructions.push(inst);
            return;
        }
        self.place_first(inst);
    }

    /// [`Scanner::place`] for a FROM, which opens a stage, and for an instruction before the
    /// first FROM.
    #[inline(never)]
    fn place_first(&mut self, inst: Instruction) {
        let idx = self.df.instructions.len();
        let keyword = inst.keyword;
        // Pushed first and given its stage in place: an instruction is some 130 bytes, and
        // every move of it a copy.
        self.df.instructions.push(inst);
        let Some(inst) = self.df.instructions.last() else {
            return;
        };
        let stage = if keyword == Keyword::From {
            let stage = self.stage(inst, idx);
            let index = stage.index;
            if let Some(prev) = self.df.stages.last_mut() {
                prev.end = idx;
            }
            self.df.stages.push(stage);
            Some(index)
        } else if keyword == Keyword::Arg {
            self.global_arg(idx);
            None
        } else {
            if keyword != Keyword::Unknown {
                let span = self.df.keyword_span(inst);
                self.error(
                    span,
                    format!(
                        "{} before the first FROM: only ARG may come before FROM",
                        keyword.as_str()
                    ),
                );
            }
            None
        };
        if let Some(inst) = self.df.instructions.last_mut() {
            inst.stage = stage;
        }
    }

    fn lookup(&self, name: &str) -> Lookup<'_> {
        match self
            .global_args
            .iter()
            .rev()
            .find(|a| self.df.text(a.name) == name)
        {
            Some(GlobalArg {
                value: Some(ArgValue::Plain(range)),
                ..
            }) => Lookup::Value(self.df.text(*range)),
            Some(GlobalArg {
                value: Some(ArgValue::Expanded(v)),
                ..
            }) => Lookup::Value(v),
            Some(_) => Lookup::Unknown,
            None => Lookup::Undeclared,
        }
    }

    /// Record the pairs of the ARG `self.df.instructions[idx]`, which precedes every FROM.
    fn global_arg(&mut self, idx: usize) {
        let Some(inst) = self.df.instructions.get(idx) else {
            return;
        };
        for &pair in self.df.pairs(inst) {
            let name = pair.key;
            let value = pair.value.and_then(|v| {
                let raw = self.df.text(v.range);
                if image::is_plain(raw) {
                    return Some(ArgValue::Plain(v.range));
                }
                let (value, exact) = image::expand(raw, self.df.escape, &|n| self.lookup(n));
                exact.then_some(ArgValue::Expanded(value))
            });
            self.global_args.push(GlobalArg { name, value });
        }
    }

    fn stage(&self, inst: &Instruction, from: usize) -> Stage {
        let index = self.df.stages.len();
        let words = self.df.operands(inst);
        let name = match words {
            [_, as_kw, name] if self.df.text(as_kw.range).eq_ignore_ascii_case("as") => {
                Some((self.df.text(name.range).to_ascii_lowercase(), name.range))
            }
            _ => None,
        };
        let image = words.first().map(|w| {
            let raw = self.df.text(w.range);
            if image::is_plain(raw) {
                // Nothing to substitute or unquote (most images): the token is the image.
                return ImageRef::new(w.range, raw.to_owned(), true, false);
            }
            let templated = raw.contains('$');
            let (resolved, exact) = if templated || raw.contains(['"', '\'']) {
                image::expand(raw, self.df.escape, &|n| self.lookup(n))
            } else {
                (unquote(raw, self.df.escape).into_owned(), true)
            };
            ImageRef::new(w.range, resolved, exact, templated)
        });
        let parent = image.as_ref().and_then(|img| {
            self.df.stages.iter().rposition(|s| {
                s.name
                    .as_ref()
                    .is_some_and(|(n, _)| n.eq_ignore_ascii_case(&img.resolved))
            })
        });
        Stage {
            index,
            from,
            end: from + 1,
            name,
            image,
            parent,
        }
    }

    fn finish(&mut self) {
        let count = self.df.instructions.len();
        if let Some(last) = self.df.stages.last_mut() {
            last.end = count;
        }
        if count == 0 {
            self.error(
                Span::file_start(),
                "file with no instructions: a Dockerfile needs at least a FROM",
            );
        } else if self.df.stages.is_empty() {
            let span = self
                .df
                .instructions
                .first()
                .map_or(Span::file_start(), |i| self.df.keyword_span(i));
            self.error(
                span,
                "no FROM instruction: a Dockerfile needs at least one build stage",
            );
        }
    }
}

/// The letters and digits of a directive's name: one table load a byte, where the tests of the
/// three ranges take some ten instructions.
static ALPHANUMERIC: [bool; 256] =
    words::byte_table(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

/// `^#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.+?)[ \t]*$`, as byte ranges of `line`.
fn parse_directive(line: &str) -> Option<((usize, usize), (usize, usize))> {
    let b = line.as_bytes();
    if b.first() != Some(&b'#') {
        return None;
    }
    let skip = |mut i: usize| {
        while i < b.len() && matches!(b[i], b' ' | b'\t') {
            i += 1;
        }
        i
    };
    let ns = skip(1);
    if !b.get(ns).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let mut ne = ns;
    while b.get(ne).is_some_and(|&c| ALPHANUMERIC[usize::from(c)]) {
        ne += 1;
    }
    let eq = skip(ne);
    if b.get(eq) != Some(&b'=') {
        return None;
    }
    let vs = skip(eq + 1);
    let mut ve = b.len();
    while ve > vs && matches!(b[ve - 1], b' ' | b'\t') {
        ve -= 1;
    }
    (ve > vs).then_some(((ns, ne), (vs, ve)))
}

#[cfg(test)]
mod tests {
    use super::ALPHANUMERIC;

    #[test]
    fn alphanumeric_table_holds_the_ascii_letters_and_digits() {
        for b in 0..=255u8 {
            assert_eq!(
                ALPHANUMERIC[usize::from(b)],
                b.is_ascii_alphanumeric(),
                "{b}"
            );
        }
    }
}
