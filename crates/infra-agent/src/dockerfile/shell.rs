//! Just enough of a POSIX shell tokenizer to lint RUN scripts: words with their quoting,
//! simple commands split on `;`, `&&`, `||`, `|`, `&`, newlines and parentheses, redirections
//! (and the bodies of heredocs the script itself opens) set aside, pipes recorded.
//!
//! It does not execute or expand anything: `$(…)`, `${…}` and backquotes stay inside the word
//! they appear in. Offsets are bytes of the script text; every cut is at an ASCII byte, so
//! slicing never splits a character.

use std::borrow::Cow;

use super::parser::byte_table;

/// A word of a command, as written (quotes included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Word<'s> {
    pub(crate) raw: &'s str,
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// Whether `raw` has quotes or backslashes: the rules ask for values many times per word,
    /// so whether there is anything to resolve is found out once.
    quoted: bool,
}

impl<'s> Word<'s> {
    /// The word `raw` at `start..end` of its script.
    pub(crate) fn new(raw: &'s str, start: usize, end: usize) -> Self {
        Self {
            raw,
            start,
            end,
            quoted: raw.bytes().any(|b| matches!(b, b'\'' | b'"' | b'\\')),
        }
    }

    /// A word whose quoting the tokenizer found while reading it: `quoted` may be true of a
    /// word without quotes (the value is then the same, copied), never false of one with.
    fn read(raw: &'s str, start: usize, end: usize, quoted: bool) -> Self {
        Self {
            raw,
            start,
            end,
            quoted,
        }
    }

    /// The word's value: quotes removed, backslash escapes resolved, nothing expanded.
    pub(crate) fn value(&self) -> Cow<'s, str> {
        let raw = self.raw;
        if !self.quoted {
            return Cow::Borrowed(raw);
        }
        let mut out = String::with_capacity(raw.len());
        let mut chars = raw.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\'' => {
                    for d in chars.by_ref() {
                        if d == '\'' {
                            break;
                        }
                        out.push(d);
                    }
                }
                '"' => {
                    while let Some(d) = chars.next() {
                        match d {
                            '"' => break,
                            '\\' => match chars.peek() {
                                Some(&n) if matches!(n, '$' | '`' | '"' | '\\') => {
                                    out.push(n);
                                    chars.next();
                                }
                                Some('\n') => {
                                    chars.next();
                                }
                                _ => out.push('\\'),
                            },
                            _ => out.push(d),
                        }
                    }
                }
                '\\' => match chars.next() {
                    Some('\n') | None => {}
                    Some(n) => out.push(n),
                },
                _ => out.push(c),
            }
        }
        Cow::Owned(out)
    }

    /// The value when it is the raw text itself (no quotes, no backslashes): read in place,
    /// without the call and the `Cow` of [`Word::value`].
    pub(crate) fn plain(&self) -> Option<&'s str> {
        (!self.quoted).then_some(self.raw)
    }

    /// Whether the value is exactly `s`.
    pub(crate) fn is(&self, s: &str) -> bool {
        self.raw == s || self.value() == s
    }

    /// Whether the word looks like an option (`-x`, `--long`).
    pub(crate) fn is_option(&self) -> bool {
        self.raw.starts_with('-') && self.raw.len() > 1
    }
}

/// A simple command: its words, redirections and heredocs removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Command<'s> {
    pub(crate) words: Vec<Word<'s>>,
    /// Delimiters of the heredocs (`<<EOF`) this command reads.
    pub(crate) heredocs: Vec<Cow<'s, str>>,
    /// Where [`Command::argv`] and [`Command::program`] start in `words`: every rule asks for
    /// them, so they are worked out once, when the command is complete.
    argv_start: usize,
    program_start: usize,
    name: Option<&'s str>,
}

/// Words that start a compound command or prefix a command without being it. A `matches!`
/// rather than a slice: it compiles to a length switch and inline compares, where `contains`
/// compared every entry, and every command goes through here.
fn is_prefix_word(word: &str) -> bool {
    matches!(
        word,
        "if" | "then" | "else" | "elif" | "do" | "while" | "until" | "!" | "{" | "time"
    )
}

/// Words after which there is no command to look at.
fn is_not_command(word: &str) -> bool {
    matches!(
        word,
        "for" | "case" | "esac" | "fi" | "done" | "}" | "function" | "select" | "in"
    )
}

impl<'s> Command<'s> {
    /// A command of `words`.
    pub(crate) fn new(words: Vec<Word<'s>>, heredocs: Vec<Cow<'s, str>>) -> Self {
        let mut cmd = Self {
            words,
            heredocs,
            argv_start: 0,
            program_start: 0,
            name: None,
        };
        cmd.locate_program();
        cmd
    }

    fn locate_program(&mut self) {
        let argv = argv_of(&self.words);
        let (program, name) = program_of(argv);
        self.argv_start = self.words.len() - argv.len();
        self.program_start = self.words.len() - program.len();
        self.name = name;
    }

    /// The words from the command name on: leading `NAME=value` assignments and keywords such as
    /// `then`, `do`, `!` skipped. Empty for `for …`, `case …`, `fi`, `done`.
    pub(crate) fn argv(&self) -> &[Word<'s>] {
        self.words.get(self.argv_start..).unwrap_or(&[])
    }

    /// The argv of the program actually run: wrappers such as `sudo`, `env`, `exec`,
    /// `command`, `nohup` and their options skipped.
    pub(crate) fn program(&self) -> &[Word<'s>] {
        self.words.get(self.program_start..).unwrap_or(&[])
    }

    /// The program's name (path stripped), e.g. `apt-get` for `/usr/bin/apt-get`.
    pub(crate) fn name(&self) -> Option<&'s str> {
        self.name
    }

    /// The arguments after the program name.
    pub(crate) fn args(&self) -> &[Word<'s>] {
        self.program().get(1..).unwrap_or(&[])
    }
}

/// See [`Command::argv`]; always a suffix of `words`.
fn argv_of<'w, 's>(words: &'w [Word<'s>]) -> &'w [Word<'s>] {
    let mut i = 0;
    while let Some(w) = words.get(i) {
        if is_assignment(w.raw) || is_prefix_word(w.raw) {
            i += 1;
            continue;
        }
        if is_not_command(w.raw) {
            return &[];
        }
        break;
    }
    words.get(i..).unwrap_or(&[])
}

/// See [`Command::program`]; always a suffix of `argv`. With the program's name (see
/// [`Command::name`]), the basename found on the way rather than looked for again.
fn program_of<'w, 's>(mut argv: &'w [Word<'s>]) -> (&'w [Word<'s>], Option<&'s str>) {
    loop {
        let Some(first) = argv.first() else {
            return (argv, None);
        };
        let name = basename(first.raw);
        let skip_options = match name {
            "sudo" | "env" | "nohup" | "exec" | "command" => true,
            "nice" => {
                // `nice -n 10 cmd`
                let mut rest = &argv[1..];
                if rest.first().is_some_and(|w| w.raw == "-n") {
                    rest = rest.get(2..).unwrap_or(&[]);
                }
                argv = rest;
                continue;
            }
            _ => false,
        };
        if !skip_options {
            return (argv, Some(name));
        }
        let mut rest = &argv[1..];
        while let Some(w) = rest.first() {
            if w.is_option() || is_assignment(w.raw) {
                // `sudo -u user cmd`: the user is an option value.
                let takes_value = matches!(w.raw, "-u" | "-g" | "-C" | "-p" | "-h" | "-U");
                rest = rest.get(if takes_value { 2 } else { 1 }..).unwrap_or(&[]);
            } else {
                break;
            }
        }
        argv = rest;
    }
}

/// `NAME=value`.
pub(crate) fn is_assignment(word: &str) -> bool {
    let b = word.as_bytes();
    let Some(eq) = b.iter().position(|&c| c == b'=') else {
        return false;
    };
    eq > 0
        && (b[0].is_ascii_alphabetic() || b[0] == b'_')
        && b[..eq]
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == b'_')
}

/// The last path component of a command word.
pub(crate) fn basename(word: &str) -> &str {
    // A byte scan: `rsplit('/')` costs a char searcher per call, and this runs for every
    // command of every rule.
    match word.as_bytes().iter().rposition(|&b| b == b'/') {
        Some(slash) => word.get(slash + 1..).unwrap_or(""),
        None => word,
    }
}

/// A tokenized script.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Script<'s> {
    pub(crate) commands: Vec<Command<'s>>,
    /// Offsets of the `|` pipe operators, with the index of the command they follow.
    pub(crate) pipes: Vec<(usize, usize)>,
}

struct Tokenizer<'s> {
    s: &'s str,
    b: &'s [u8],
    i: usize,
    script: Script<'s>,
    cur: Command<'s>,
    /// The next word is the target of a redirection (`>` file, `<<` delimiter).
    target: Option<Redirect>,
    /// Heredocs opened on the current line: (delimiter, strip tabs).
    pending: Vec<(String, bool)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Redirect {
    File,
    Heredoc { chomp: bool },
}

/// The bytes [`Tokenizer::word_end`] looks at; every other byte is part of the word.
static WORD_SPECIAL: [bool; 256] = byte_table(b" \t\r\n;&|<>()\\'`\"$");

/// Tokenize a script.
pub(crate) fn parse(s: &str) -> Script<'_> {
    let mut t = Tokenizer {
        s,
        b: s.as_bytes(),
        i: 0,
        script: Script::default(),
        cur: Command::default(),
        target: None,
        pending: Vec::new(),
    };
    t.run();
    t.script
}

impl<'s> Tokenizer<'s> {
    fn finish(&mut self) {
        self.target = None;
        let mut cmd = std::mem::take(&mut self.cur);
        if !cmd.words.is_empty() || !cmd.heredocs.is_empty() {
            cmd.locate_program();
            reserve_first(&mut self.script.commands, 4);
            self.script.commands.push(cmd);
        }
    }

    fn peek(&self, k: usize) -> u8 {
        self.b.get(self.i + k).copied().unwrap_or(0)
    }

    fn run(&mut self) {
        while self.i < self.b.len() {
            let c = self.b[self.i];
            match c {
                b' ' | b'\t' | b'\r' => self.i += 1,
                b'\\' if self.peek(1) == b'\n' => self.i += 2,
                b'\\' if self.peek(1) == b'\r' && self.peek(2) == b'\n' => self.i += 3,
                b'\n' => {
                    self.finish();
                    self.i += 1;
                    self.skip_heredoc_bodies();
                }
                b'#' => {
                    while self.i < self.b.len() && self.b[self.i] != b'\n' {
                        self.i += 1;
                    }
                }
                b';' => {
                    self.finish();
                    self.i += if matches!(self.peek(1), b';' | b'&') {
                        2
                    } else {
                        1
                    };
                }
                b'&' => match self.peek(1) {
                    b'&' => {
                        self.finish();
                        self.i += 2;
                    }
                    b'>' => {
                        self.i += if self.peek(2) == b'>' { 3 } else { 2 };
                        self.target = Some(Redirect::File);
                    }
                    _ => {
                        self.finish();
                        self.i += 1;
                    }
                },
                b'|' => {
                    if self.peek(1) == b'|' {
                        self.finish();
                        self.i += 2;
                    } else {
                        let before = self.script.commands.len();
                        self.finish();
                        let after_cmd = self.script.commands.len().max(before);
                        self.script
                            .pipes
                            .push((self.i, after_cmd.saturating_sub(1)));
                        self.i += if self.peek(1) == b'&' { 2 } else { 1 };
                    }
                }
                b'(' | b')' => {
                    self.finish();
                    self.i += 1;
                }
                b'<' | b'>' => self.redirect(c),
                _ => self.word(),
            }
        }
        self.finish();
    }

    fn redirect(&mut self, c: u8) {
        let (len, kind) = if c == b'<' {
            match (self.peek(1), self.peek(2)) {
                (b'<', b'<') => (3, Redirect::File),
                (b'<', b'-') => (3, Redirect::Heredoc { chomp: true }),
                (b'<', _) => (2, Redirect::Heredoc { chomp: false }),
                (b'&' | b'>', _) => (2, Redirect::File),
                _ => (1, Redirect::File),
            }
        } else {
            match self.peek(1) {
                b'>' | b'&' | b'|' => (2, Redirect::File),
                _ => (1, Redirect::File),
            }
        };
        self.i += len;
        self.target = Some(kind);
    }

    fn word(&mut self) {
        let start = self.i;
        let (end, quoted) = self.word_end(start);
        self.i = end.max(start + 1).min(self.b.len());
        let raw = self.s.get(start..end).unwrap_or("");
        // `2>file`, `2>&1`: the digits belong to the redirection. The next byte first: it
        // rules out almost every word without reading it.
        if matches!(self.peek(0), b'<' | b'>') && raw.bytes().all(|b| b.is_ascii_digit()) {
            return;
        }
        let word = Word::read(raw, start, end, quoted);
        match self.target.take() {
            Some(Redirect::File) => {}
            Some(Redirect::Heredoc { chomp }) => {
                let name = word.value();
                self.pending.push((name.to_string(), chomp));
                self.cur.heredocs.push(name);
            }
            None => {
                reserve_first(&mut self.cur.words, 8);
                self.cur.words.push(word);
            }
        }
    }

    /// The end of the word starting at `i`, and whether it may hold quotes or backslashes
    /// (see [`Word::read`]): found on the way, instead of reading the word again.
    fn word_end(&self, mut i: usize) -> (usize, bool) {
        let b = self.b;
        let mut quoted = false;
        while i < b.len() {
            if !WORD_SPECIAL[usize::from(b[i])] {
                i += 1;
                continue;
            }
            match b[i] {
                b' ' | b'\t' | b'\r' | b'\n' | b';' | b'&' | b'|' | b'<' | b'>' | b'(' | b')' => {
                    break;
                }
                b'\\' => {
                    quoted = true;
                    i += 2;
                }
                b'\'' => {
                    quoted = true;
                    i = find(b, i + 1, b'\'').map_or(b.len(), |j| j + 1);
                }
                b'"' => {
                    quoted = true;
                    i = self.double_quoted_end(i + 1);
                }
                // Substitutions are skipped unread: they may hold quotes.
                b'`' => {
                    quoted = true;
                    i = find(b, i + 1, b'`').map_or(b.len(), |j| j + 1);
                }
                b'$' if matches!(b.get(i + 1), Some(b'(')) => {
                    quoted = true;
                    i = self.paren_end(i + 1);
                }
                b'$' if matches!(b.get(i + 1), Some(b'{')) => {
                    quoted = true;
                    i = find(b, i + 2, b'}').map_or(b.len(), |j| j + 1);
                }
                _ => i += 1,
            }
        }
        (i.min(b.len()), quoted)
    }

    fn double_quoted_end(&self, mut i: usize) -> usize {
        let b = self.b;
        while i < b.len() {
            match b[i] {
                b'"' => return i + 1,
                b'\\' => i += 2,
                b'$' if matches!(b.get(i + 1), Some(b'(')) => i = self.paren_end(i + 1),
                _ => i += 1,
            }
        }
        b.len()
    }

    /// The offset after the `)` matching the `(` at `i`.
    fn paren_end(&self, mut i: usize) -> usize {
        let b = self.b;
        let mut depth = 0usize;
        while i < b.len() {
            match b[i] {
                b'(' => depth += 1,
                b')' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return i + 1;
                    }
                }
                b'\\' => i += 1,
                b'\'' => i = find(b, i + 1, b'\'').unwrap_or(b.len()),
                b'"' => i = self.double_quoted_end(i + 1).saturating_sub(1),
                _ => {}
            }
            i += 1;
        }
        b.len()
    }

    /// After a newline: skip the bodies of the heredocs opened on the line just ended.
    fn skip_heredoc_bodies(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        for (name, chomp) in pending {
            while self.i < self.b.len() {
                let end = find(self.b, self.i, b'\n').unwrap_or(self.b.len());
                let line = self.s.get(self.i..end).unwrap_or("");
                let line = line.strip_suffix('\r').unwrap_or(line);
                let line = if chomp {
                    line.trim_start_matches('\t')
                } else {
                    line
                };
                self.i = (end + 1).min(self.b.len());
                if line == name {
                    break;
                }
            }
        }
    }
}

/// Give an unallocated vector room for `n` items. The first `push` would allocate too, through
/// the growth path (`grow_one`, `finish_grow`), which cost ~70 instructions more than
/// allocating at once; every command's words and every script's commands start here.
pub(crate) fn reserve_first<T>(items: &mut Vec<T>, n: usize) {
    if items.capacity() == 0 {
        *items = Vec::with_capacity(n);
    }
}

fn find(b: &[u8], from: usize, needle: u8) -> Option<usize> {
    b.get(from..)?
        .iter()
        .position(|&c| c == needle)
        .map(|p| p + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(s: &str) -> Vec<Vec<String>> {
        parse(s)
            .commands
            .iter()
            .map(|c| c.words.iter().map(|w| w.value().into_owned()).collect())
            .collect()
    }

    #[test]
    fn splits_commands_on_operators() {
        assert_eq!(
            names("apt-get update && apt-get install -y curl; echo ok || true"),
            [
                vec!["apt-get", "update"],
                vec!["apt-get", "install", "-y", "curl"],
                vec!["echo", "ok"],
                vec!["true"]
            ]
        );
    }

    #[test]
    fn pipes_are_recorded() {
        let s = parse("curl -fsSL https://x | sh && echo a || b");
        assert_eq!(s.pipes.len(), 1);
        assert_eq!(s.pipes[0].1, 0);
        assert_eq!(s.commands.len(), 4);
    }

    #[test]
    fn quotes_and_substitutions_stay_in_words() {
        assert_eq!(
            names(r#"echo "a b" 'c;d' $(cat x | y) ${V:-z} `q r` e\ f"#),
            [vec![
                "echo",
                "a b",
                "c;d",
                "$(cat x | y)",
                "${V:-z}",
                "`q r`",
                "e f"
            ]]
        );
        assert!(parse("echo $(a | b)").pipes.is_empty());
    }

    #[test]
    fn redirections_are_removed() {
        assert_eq!(
            names("make 2>&1 >/dev/null < in.txt &>> log build"),
            [vec!["make", "build"]]
        );
    }

    #[test]
    fn heredoc_bodies_are_skipped() {
        let s = parse("cat <<-EOF > /etc/x\n\tapt-get install curl\n\tEOF\necho done\n");
        assert_eq!(s.commands.len(), 2);
        assert_eq!(s.commands[0].heredocs, ["EOF"]);
        assert_eq!(s.commands[1].words[0].raw, "echo");
    }

    #[test]
    fn argv_and_program_skip_prefixes_and_wrappers() {
        let s = parse(
            "DEBIAN_FRONTEND=noninteractive sudo -E apt-get install x; if true; then env A=1 pip install y; fi",
        );
        assert_eq!(s.commands[0].name(), Some("apt-get"));
        assert_eq!(s.commands[0].argv()[0].raw, "sudo");
        assert_eq!(s.commands[2].name(), Some("pip"));
        assert_eq!(s.commands[3].name(), None);
    }

    #[test]
    fn comments_and_continuations() {
        assert_eq!(
            names("echo a \\\n  b # c d\n# whole\nls"),
            [vec!["echo", "a", "b"], vec!["ls"]]
        );
    }

    #[test]
    fn never_panics_on_unbalanced_input() {
        for s in [
            "\"", "'", "$(", "${", "`", "\\", "a \\é", "é$(é", "<<", "2>", "|", "&", "\"\\",
        ] {
            let _ = parse(s);
        }
    }
}
