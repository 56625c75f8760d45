//! A Dockerfile parser of our own, faithful to BuildKit's syntax.
//!
//! Why not the `dockerfile-parser` crate: it cannot read heredocs (`RUN <<EOF`, `COPY <<EOF`),
//! which BuildKit has understood since `dockerfile:1.4` and which generated Dockerfiles use, and
//! it keeps no column spans, which the rules need to point at the offending token.
//!
//! The parse follows BuildKit's `parser.Parse` step by step: parser directives at the top
//! (`# syntax=`, `# escape=`, `# check=`), whole-line comments, line continuations with the
//! escape character (comment and empty lines inside a continuation are dropped), heredocs
//! opened anywhere on the joined line and read after it, builder flags (`--mount=…`) before the arguments, and
//! then the per-instruction argument forms (JSON exec form or shell form, whitespace-delimited
//! words, `key=value` pairs, `HEALTHCHECK NONE|CMD`, `ONBUILD <instruction>`). Errors never stop
//! the parse: each is recorded with its location and parsing goes on with the next line.
//!
//! Layout: every position of an instruction is a byte range of its logical line. An instruction
//! on one line is its own logical line, and its ranges are ranges of the source. The logical
//! lines of instructions continued over several lines (continuations joined, exactly as BuildKit
//! joins them) are copied into one text buffer per file, whose ranges start past the source's
//! end ([`Dockerfile::joined_base`]); a table of segments maps those back to source lines and
//! columns. Heredoc bodies are ranges of the source itself. The flags, argument tokens and `key=value` pairs of all
//! instructions live in three vectors per file ([`Store`]), of which an instruction holds
//! ranges ([`Items`]): the parse allocates per file, not per instruction or per line.

mod image;
mod instruction;
mod scan;
mod words;

#[cfg(test)]
mod tests;

use std::borrow::Cow;

use squad_core::findings::Span;

pub(crate) use image::ImageRef;
pub(crate) use words::{byte_table, chunks_of, has, unquote};

/// Parse a Dockerfile. Never fails and never panics: syntax errors are collected in
/// [`Dockerfile::syntax_errors`] and as much of the file as possible is parsed.
///
/// ```
/// let df = infra_agent::dockerfile::parse("FROM alpine:3.20\nRUN echo hi\n");
/// assert_eq!(df.instructions().len(), 2);
/// assert!(df.syntax_errors().is_empty());
/// ```
pub fn parse(src: &str) -> Dockerfile<'_> {
    scan::parse(src)
}

/// A byte range of a [`Dockerfile`]'s logical text (see [`Dockerfile::text`]), or of its source
/// (heredoc bodies, comments, directives).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, PartialOrd, Ord, Hash)]
pub(crate) struct TextRange {
    pub(crate) start: usize,
    pub(crate) end: usize,
}

impl TextRange {
    pub(crate) const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    pub(crate) const fn is_empty(self) -> bool {
        self.end <= self.start
    }
}

/// A range of one of the vectors of a [`Store`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Items {
    start: usize,
    end: usize,
}

impl Items {
    /// The items pushed to `items` since it had `first` of them.
    pub(crate) fn since<T>(items: &[T], first: usize) -> Self {
        Self {
            start: first.min(items.len()),
            end: items.len(),
        }
    }

    /// Push `item` to `items` and return its range.
    pub(crate) fn push<T>(items: &mut Vec<T>, item: T) -> Self {
        let first = items.len();
        items.push(item);
        Self::since(items, first)
    }

    /// The items of this range in `items`.
    pub(crate) fn of<T>(self, items: &[T]) -> &[T] {
        items.get(self.start..self.end).unwrap_or(&[])
    }

    pub(crate) const fn len(self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub(crate) const fn is_empty(self) -> bool {
        self.end <= self.start
    }
}

/// Allocate `items` at `capacity` if it has no allocation yet: the per-file vectors that many
/// files never use (flags, pairs, comments) start empty and are allocated on their first
/// item, at the size real files need (made with their capacity, which allocates straight
/// away, where `reserve` goes through the vector's growth path). A file without flags, pairs
/// or comments spares an allocation and a free for each (some 130 instructions).
pub(crate) fn allocate_once<T>(items: &mut Vec<T>, capacity: usize) {
    if items.capacity() == 0 {
        *items = Vec::with_capacity(capacity);
    }
}

/// The flags, argument tokens and `key=value` pairs of all the instructions of a file.
#[derive(Debug, Clone, Default)]
pub(crate) struct Store {
    pub(crate) flags: Vec<Flag>,
    pub(crate) tokens: Vec<Token>,
    pub(crate) pairs: Vec<Pair>,
}

/// A parsed Dockerfile: its instructions, build stages and syntax errors.
#[derive(Debug, Clone)]
pub struct Dockerfile<'a> {
    /// The source, without a leading byte-order mark.
    pub(crate) source: &'a str,
    /// Byte offset of the start of every source line.
    pub(crate) line_starts: Vec<usize>,
    /// The logical line of every instruction continued over several lines, one after the other.
    pub(crate) text: String,
    /// Where each piece of `text` comes from, in `text` order.
    pub(crate) segments: Vec<Segment>,
    /// The escape character, `\` or `` ` ``.
    pub(crate) escape: u8,
    pub(crate) directives: Directives,
    pub(crate) instructions: Vec<Instruction>,
    /// What the instructions' [`Items`] point into.
    pub(crate) store: Store,
    pub(crate) stages: Vec<Stage>,
    /// The heredocs of all the instructions, in order (see [`Instruction::heredocs`]).
    pub(crate) heredoc_store: Vec<Heredoc>,
    pub(crate) comments: Vec<Comment>,
    pub(crate) errors: Vec<SyntaxError>,
}

/// A piece of the logical text copied verbatim from one source line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Segment {
    /// Where the piece starts in `text` (not in the logical offsets, which add the joined base).
    pub(crate) text_start: usize,
    pub(crate) src_start: usize,
    pub(crate) line: u32,
}

/// A parser directive (`# syntax=…`, `# escape=…`, `# check=…`), as source ranges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Directive {
    pub(crate) line: u32,
    pub(crate) name: TextRange,
    pub(crate) value: TextRange,
}

/// The parser directives of a file, in order. Held in place rather than in a vector: there are
/// at most three (one of each), and most files have one (`# syntax=`), whose vector would be
/// an allocation in every parse.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Directives {
    items: [Directive; 3],
    len: usize,
}

impl Directives {
    /// Add a directive; a fourth is dropped (the parser records one of each kind at most).
    pub(crate) fn push(&mut self, directive: Directive) {
        if let Some(slot) = self.items.get_mut(self.len) {
            *slot = directive;
            self.len += 1;
        }
    }
}

impl std::ops::Deref for Directives {
    type Target = [Directive];

    fn deref(&self) -> &[Directive] {
        self.items.get(..self.len).unwrap_or(&[])
    }
}

/// A whole-line comment outside any instruction: its line and the source range after `#`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Comment {
    pub(crate) line: u32,
    pub(crate) body: TextRange,
}

/// A syntax error: where, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub(crate) span: Span,
    pub(crate) message: String,
}

impl SyntaxError {
    /// Where the error is (1-based lines and columns).
    pub fn span(&self) -> Span {
        self.span
    }

    /// What is wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// An instruction keyword. Keywords are case-insensitive in Dockerfiles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Keyword {
    /// `ADD`
    Add,
    /// `ARG`
    Arg,
    /// `CMD`
    Cmd,
    /// `COPY`
    Copy,
    /// `ENTRYPOINT`
    Entrypoint,
    /// `ENV`
    Env,
    /// `EXPOSE`
    Expose,
    /// `FROM`
    From,
    /// `HEALTHCHECK`
    Healthcheck,
    /// `LABEL`
    Label,
    /// `MAINTAINER` (deprecated)
    Maintainer,
    /// `ONBUILD`
    Onbuild,
    /// `RUN`
    Run,
    /// `SHELL`
    Shell,
    /// `STOPSIGNAL`
    Stopsignal,
    /// `USER`
    User,
    /// `VOLUME`
    Volume,
    /// `WORKDIR`
    Workdir,
    /// Anything else (a syntax error).
    Unknown,
}

impl Keyword {
    /// Every known keyword, for suggestions.
    pub(crate) const KNOWN: [Keyword; 18] = [
        Self::Add,
        Self::Arg,
        Self::Cmd,
        Self::Copy,
        Self::Entrypoint,
        Self::Env,
        Self::Expose,
        Self::From,
        Self::Healthcheck,
        Self::Label,
        Self::Maintainer,
        Self::Onbuild,
        Self::Run,
        Self::Shell,
        Self::Stopsignal,
        Self::User,
        Self::Volume,
        Self::Workdir,
    ];

    /// The keyword of `word`, compared case-insensitively.
    #[cfg(test)]
    pub(crate) fn of(word: &str) -> Self {
        Self::at(word.as_bytes(), 0, word.len())
    }

    /// The keyword `line[start..end]`, compared case-insensitively: its bytes as one integer
    /// (little-endian, as [`keys`] holds them) matched against the keys, rather than eighteen
    /// case-insensitive compares (the keyword is read for every instruction). The integer is
    /// read from the line in one load when the line goes on far enough past the keyword (most
    /// do), its bytes past the keyword masked off: packing it a byte at a time costs some
    /// twelve instructions a letter. Each byte gets its `0x20` bit set, which lowers the case
    /// of a letter: a byte so set equals a lowercase letter only for that letter in either
    /// case, so the match needs no separate test that the word is made of letters.
    pub(crate) fn at(line: &[u8], start: usize, end: usize) -> Self {
        let len = end.saturating_sub(start);
        // No keyword is longer than HEALTHCHECK's eleven letters.
        if len == 0 || len > 11 {
            return Self::Unknown;
        }
        // The mask from a table: a 128-bit shift by a variable count is some ten instructions.
        let word_bytes = keys::WORD_MASKS[len];
        let raw = if let Some(wide) = line.get(start..start + 16) {
            <[u8; 16]>::try_from(wide).map_or(0, u128::from_le_bytes)
        } else if let Some(narrow) = line.get(start..start + 8).filter(|_| len <= 8) {
            <[u8; 8]>::try_from(narrow).map_or(0, |b| u128::from(u64::from_le_bytes(b)))
        } else {
            let word = line.get(start..end).unwrap_or(&[]);
            word.iter()
                .rev()
                .fold(0u128, |key, &b| key << 8 | u128::from(b))
        };
        Self::of_key((raw | keys::LOWER) & word_bytes)
    }

    /// The keyword of the first `len` bytes of `chunk` (eight bytes of a line, little-endian),
    /// as [`Keyword::at`] reads them, for a word that ends within the chunk.
    pub(crate) fn in_chunk(chunk: u64, len: usize) -> Self {
        match keys::WORD_MASKS.get(len) {
            Some(&word_bytes) if len > 0 => {
                Self::of_key((u128::from(chunk) | keys::LOWER) & word_bytes)
            }
            _ => Self::Unknown,
        }
    }

    /// The keyword of a key as [`keys`] holds them (the word's bytes with their `0x20` bit set).
    fn of_key(key: u128) -> Self {
        // One slot of a perfect hash, rather than a match over eighteen 128-bit keys (a tree
        // of some five double compares): the slot's key equals `key` only for its keyword.
        let (slot_key, keyword) = keys::SLOTS[keys::slot(key)];
        if slot_key == key {
            keyword
        } else {
            Self::Unknown
        }
    }

    /// The keyword in upper case, as the Dockerfile reference spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Add => "ADD",
            Self::Arg => "ARG",
            Self::Cmd => "CMD",
            Self::Copy => "COPY",
            Self::Entrypoint => "ENTRYPOINT",
            Self::Env => "ENV",
            Self::Expose => "EXPOSE",
            Self::From => "FROM",
            Self::Healthcheck => "HEALTHCHECK",
            Self::Label => "LABEL",
            Self::Maintainer => "MAINTAINER",
            Self::Onbuild => "ONBUILD",
            Self::Run => "RUN",
            Self::Shell => "SHELL",
            Self::Stopsignal => "STOPSIGNAL",
            Self::User => "USER",
            Self::Volume => "VOLUME",
            Self::Workdir => "WORKDIR",
            Self::Unknown => "UNKNOWN",
        }
    }
}

/// The keys [`Keyword::at`] matches: a byte per letter, in lower case, the first letter in the
/// lowest byte. No byte of a key is zero, so that the length of the word counts.
mod keys {
    use super::Keyword;

    /// The low `len` bytes set, at index `len`, for the words of one to eleven letters.
    pub(super) static WORD_MASKS: [u128; 12] = {
        let mut masks = [0u128; 12];
        let mut len = 1;
        while len < 12 {
            masks[len] = (1u128 << (8 * len)) - 1;
            len += 1;
        }
        masks
    };

    /// `0x20` in every byte: the bit that lowers the case of a letter.
    pub(super) const LOWER: u128 = u128::from_le_bytes([0x20; 16]);

    const fn key(word: &[u8]) -> u128 {
        let mut key = 0u128;
        let mut i = 0;
        while i < word.len() {
            key |= ((word[i] | 0x20) as u128) << (8 * i);
            i += 1;
        }
        key
    }

    pub(super) const ADD: u128 = key(b"ADD");
    pub(super) const ARG: u128 = key(b"ARG");
    pub(super) const CMD: u128 = key(b"CMD");
    pub(super) const COPY: u128 = key(b"COPY");
    pub(super) const ENTRYPOINT: u128 = key(b"ENTRYPOINT");
    pub(super) const ENV: u128 = key(b"ENV");
    pub(super) const EXPOSE: u128 = key(b"EXPOSE");
    pub(super) const FROM: u128 = key(b"FROM");
    pub(super) const HEALTHCHECK: u128 = key(b"HEALTHCHECK");
    pub(super) const LABEL: u128 = key(b"LABEL");
    pub(super) const MAINTAINER: u128 = key(b"MAINTAINER");
    pub(super) const ONBUILD: u128 = key(b"ONBUILD");
    pub(super) const RUN: u128 = key(b"RUN");
    pub(super) const SHELL: u128 = key(b"SHELL");
    pub(super) const STOPSIGNAL: u128 = key(b"STOPSIGNAL");
    pub(super) const USER: u128 = key(b"USER");
    pub(super) const VOLUME: u128 = key(b"VOLUME");
    pub(super) const WORKDIR: u128 = key(b"WORKDIR");

    /// The multiplier of [`slot`]: found by search so that the eighteen keys take eighteen
    /// different slots (`SLOTS` fails to compile otherwise).
    const MULTIPLIER: u64 = 0xbcfb_b050_acab_1a6b;

    /// The slot of a key in [`SLOTS`]: the top five bits of its low eight bytes times
    /// [`MULTIPLIER`]. The low bytes tell the keywords apart (the eighteen share no first eight
    /// letters), and the slot's full key is compared after.
    pub(super) const fn slot(key: u128) -> usize {
        ((key as u64).wrapping_mul(MULTIPLIER) >> 59) as usize
    }

    /// Every keyword at the slot of its key; the other slots hold a zero key, which no word
    /// has (a word is at least one byte, and every byte of a key has its `0x20` bit).
    pub(super) static SLOTS: [(u128, Keyword); 32] = {
        let all: [(u128, Keyword); 18] = [
            (ADD, Keyword::Add),
            (ARG, Keyword::Arg),
            (CMD, Keyword::Cmd),
            (COPY, Keyword::Copy),
            (ENTRYPOINT, Keyword::Entrypoint),
            (ENV, Keyword::Env),
            (EXPOSE, Keyword::Expose),
            (FROM, Keyword::From),
            (HEALTHCHECK, Keyword::Healthcheck),
            (LABEL, Keyword::Label),
            (MAINTAINER, Keyword::Maintainer),
            (ONBUILD, Keyword::Onbuild),
            (RUN, Keyword::Run),
            (SHELL, Keyword::Shell),
            (STOPSIGNAL, Keyword::Stopsignal),
            (USER, Keyword::User),
            (VOLUME, Keyword::Volume),
            (WORKDIR, Keyword::Workdir),
        ];
        let mut slots = [(0u128, Keyword::Unknown); 32];
        let mut i = 0;
        while i < all.len() {
            let s = slot(all[i].0);
            assert!(
                slots[s].0 == 0,
                "two keywords share a slot: change MULTIPLIER"
            );
            slots[s] = all[i];
            i += 1;
        }
        slots
    };
}

/// One instruction, with its lines and the ranges of its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    pub(crate) keyword: Keyword,
    pub(crate) keyword_range: TextRange,
    pub(crate) start_line: u32,
    pub(crate) end_line: u32,
    /// Builder flags (`--mount=…`) in order, in [`Store::flags`].
    pub(crate) flags: Items,
    /// The arguments after the flags, trimmed.
    pub(crate) rest: TextRange,
    pub(crate) args: Args,
    /// Heredocs opened on the instruction's logical line, in order, in
    /// [`Dockerfile::heredocs`]: a range rather than a vector of its own, so that an
    /// instruction owns no heap data and dropping the instructions walks none (an owned
    /// vector cost some 19 instructions of drop glue per instruction, heredoc or not).
    pub(crate) heredocs: Items,
    /// The build stage (index into [`Dockerfile::stages`]); `None` before the first FROM.
    pub(crate) stage: Option<usize>,
}

impl Instruction {
    /// The keyword.
    pub fn keyword(&self) -> Keyword {
        self.keyword
    }

    /// First source line, 1-based.
    pub fn start_line(&self) -> u32 {
        self.start_line
    }

    /// Last source line, 1-based: the last continuation line or heredoc terminator.
    pub fn end_line(&self) -> u32 {
        self.end_line
    }

    /// Whether the arguments are in exec (JSON array) form.
    pub fn is_exec_form(&self) -> bool {
        matches!(self.command_args(), Some(CmdForm::Exec(_)))
    }

    /// The instruction ONBUILD wraps, if this is an ONBUILD.
    pub fn onbuild_trigger(&self) -> Option<&Instruction> {
        match &self.args {
            Args::Onbuild(inner) => Some(inner),
            _ => None,
        }
    }

    /// The arguments of RUN, CMD, ENTRYPOINT, SHELL and HEALTHCHECK CMD when they are a
    /// command (exec or shell form); see [`Dockerfile::command`].
    fn command_args(&self) -> Option<CmdForm> {
        let command_keyword = matches!(
            self.keyword,
            Keyword::Run
                | Keyword::Cmd
                | Keyword::Entrypoint
                | Keyword::Shell
                | Keyword::Healthcheck
        );
        if !command_keyword {
            return None;
        }
        match self.args {
            Args::Healthcheck(Healthcheck::Cmd(form @ (CmdForm::Exec(_) | CmdForm::Shell(_)))) => {
                Some(form)
            }
            Args::Exec(items) => Some(CmdForm::Exec(items)),
            Args::Shell(range) => Some(CmdForm::Shell(range)),
            _ => None,
        }
    }
}

/// A builder flag such as `--mount=type=cache,target=/root/.npm`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Flag {
    /// The whole `--name=value` token.
    pub(crate) range: TextRange,
    /// The name, without `--`.
    pub(crate) name: TextRange,
    /// The value after `=`, without surrounding quotes.
    pub(crate) value: Option<TextRange>,
}

/// A token of an instruction's arguments and how to read its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    /// The raw token (for JSON strings, with the quotes).
    pub(crate) range: TextRange,
    pub(crate) kind: TokenKind,
}

/// How a token's value is obtained from its raw text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// The raw text is the value.
    Plain,
    /// A JSON string literal: strip the quotes and decode escapes.
    Json,
    /// Shell-like quoting with the Dockerfile's escape character (ENV, LABEL, ARG values).
    Quoted,
}

/// `key=value` (or `key` alone for ARG, or the legacy `ENV key value`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Pair {
    pub(crate) key: TextRange,
    pub(crate) value: Option<Token>,
}

/// The arguments of an instruction, in the form its keyword takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Args {
    /// Nothing after the keyword and flags.
    None,
    /// A JSON array of strings, in [`Store::tokens`].
    Exec(Items),
    /// Shell form, or the single string of USER, WORKDIR, MAINTAINER, STOPSIGNAL.
    Shell(TextRange),
    /// Whitespace-delimited words (FROM, EXPOSE, and ADD, COPY, VOLUME in shell form), in
    /// [`Store::tokens`].
    Words(Items),
    /// ENV, LABEL and ARG, in [`Store::pairs`].
    Pairs(Items),
    /// HEALTHCHECK.
    Healthcheck(Healthcheck),
    /// ONBUILD and the instruction it wraps.
    Onbuild(Box<Instruction>),
}

/// The two forms of HEALTHCHECK.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Healthcheck {
    /// `HEALTHCHECK NONE`: disable the base image's check.
    None,
    /// `HEALTHCHECK [flags] CMD …`.
    Cmd(CmdForm),
}

/// A command in the forms of [`Args`] it can take: its own type, so that HEALTHCHECK CMD's
/// nests in [`Args`] without a box (an allocation for every HEALTHCHECK).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CmdForm {
    /// No command (a syntax error).
    None,
    /// [`Args::Exec`].
    Exec(Items),
    /// [`Args::Shell`].
    Shell(TextRange),
}

/// The command of RUN, CMD, ENTRYPOINT, SHELL or HEALTHCHECK CMD.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CommandLine<'i> {
    /// Exec form: the JSON strings.
    Exec(&'i [Token]),
    /// Shell form: the command text.
    Shell(TextRange),
}

/// A heredoc opened by `<<NAME`, `<<-NAME`, `<<"NAME"` or `<<'NAME'`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Heredoc {
    /// The `<<NAME` word in the instruction's logical text.
    pub(crate) word: TextRange,
    /// The terminator, quotes removed.
    pub(crate) name: String,
    /// `<<-`: leading tabs are stripped from the body and the terminator line.
    pub(crate) chomp: bool,
    /// The name was quoted: the body is taken literally (no variable expansion).
    pub(crate) quoted: bool,
    /// The body as a range of the source, line ends included.
    pub(crate) body: TextRange,
    /// The first line of the body.
    pub(crate) body_line: u32,
}

/// A build stage: a FROM and the instructions up to the next FROM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    pub(crate) index: usize,
    /// Index of the FROM instruction.
    pub(crate) from: usize,
    /// One past the stage's last instruction index.
    pub(crate) end: usize,
    /// The `AS` name, lowercased, and its range.
    pub(crate) name: Option<(String, TextRange)>,
    /// The base image; `None` when FROM has no image (a syntax error).
    pub(crate) image: Option<ImageRef>,
    /// The earlier stage this one builds on (`FROM <stage name>`).
    pub(crate) parent: Option<usize>,
}

impl Stage {
    /// The stage name given with `AS`, lowercased.
    pub fn name(&self) -> Option<&str> {
        self.name.as_ref().map(|(n, _)| n.as_str())
    }

    /// The base image after ARG substitution (`FROM ${BASE}` with `ARG BASE=node:20` gives
    /// `node:20`), or the earlier stage's name.
    pub fn base_image(&self) -> Option<&str> {
        self.image.as_ref().map(|i| i.resolved.as_str())
    }
}

impl<'a> Dockerfile<'a> {
    /// The top-level instructions, in order (ONBUILD triggers are inside their ONBUILD).
    pub fn instructions(&self) -> &[Instruction] {
        &self.instructions
    }

    /// The build stages, in order.
    pub fn stages(&self) -> &[Stage] {
        &self.stages
    }

    /// The syntax errors found, in order.
    pub fn syntax_errors(&self) -> &[SyntaxError] {
        &self.errors
    }

    /// The escape character (`\` unless `# escape=` changed it).
    pub fn escape(&self) -> char {
        char::from(self.escape)
    }

    /// The source text (without a byte-order mark).
    pub fn source(&self) -> &'a str {
        self.source
    }

    /// Where the joined text starts in the offsets of the logical text: below are offsets of
    /// the source (instructions on one line), from here on offsets of [`Dockerfile::text`]
    /// (instructions continued over several lines). One past the source's end, so that an
    /// empty range at the end of the source stays in the source.
    pub(crate) fn joined_base(&self) -> usize {
        self.source.len() + 1
    }

    /// The buffer a range of the logical text lies in (the source or the joined text), and
    /// the range's offsets there.
    fn locate(&self, range: TextRange) -> (&str, usize, usize) {
        let joined = self.joined_base();
        if range.start < joined {
            (self.source, range.start, range.end)
        } else {
            (
                &self.text,
                range.start - joined,
                range.end.saturating_sub(joined),
            )
        }
    }

    /// The text of a range of the logical text.
    pub(crate) fn text(&self, range: TextRange) -> &str {
        let (text, start, end) = self.locate(range);
        text.get(start..end).unwrap_or("")
    }

    /// The bytes of a range of the logical text, without [`Dockerfile::text`]'s
    /// character-boundary checks: a rule that only tests bytes needs none (the parser's ranges
    /// start and end at ASCII bytes all the same).
    pub(crate) fn text_bytes(&self, range: TextRange) -> &[u8] {
        let (text, start, end) = self.locate(range);
        text.as_bytes().get(start..end).unwrap_or_default()
    }

    /// The text of a range of the source (heredoc bodies, comments, directives).
    pub(crate) fn src(&self, range: TextRange) -> &'a str {
        self.source.get(range.start..range.end).unwrap_or("")
    }

    /// A token's value: JSON strings decoded, quotes removed.
    pub(crate) fn value(&self, token: &Token) -> Cow<'_, str> {
        let raw = self.text(token.range);
        match token.kind {
            TokenKind::Plain => Cow::Borrowed(raw),
            TokenKind::Json => words::json_string_value(raw),
            TokenKind::Quoted => unquote(raw, self.escape),
        }
    }

    /// The heredocs opened on the logical line of `inst`, in order.
    pub(crate) fn heredocs(&self, inst: &Instruction) -> &[Heredoc] {
        inst.heredocs.of(&self.heredoc_store)
    }

    /// The builder flags of `inst`, in order.
    pub(crate) fn flags(&self, inst: &Instruction) -> &[Flag] {
        inst.flags.of(&self.store.flags)
    }

    /// The flags of `inst` named `name` (without `--`, case-sensitive like BuildKit).
    pub(crate) fn flags_named<'s>(
        &'s self,
        inst: &'s Instruction,
        name: &'s str,
    ) -> impl Iterator<Item = &'s Flag> + 's {
        self.flags(inst)
            .iter()
            .filter(move |f| self.text(f.name) == name)
    }

    /// The command of RUN, CMD, ENTRYPOINT, SHELL and HEALTHCHECK CMD.
    pub(crate) fn command<'s>(&'s self, inst: &'s Instruction) -> Option<CommandLine<'s>> {
        match inst.command_args()? {
            CmdForm::Exec(items) => Some(CommandLine::Exec(items.of(&self.store.tokens))),
            CmdForm::Shell(range) => Some(CommandLine::Shell(range)),
            CmdForm::None => None,
        }
    }

    /// The operands of FROM, EXPOSE, ADD, COPY and VOLUME (either form).
    pub(crate) fn operands(&self, inst: &Instruction) -> &[Token] {
        match inst.args {
            Args::Words(items) | Args::Exec(items) => items.of(&self.store.tokens),
            _ => &[],
        }
    }

    /// The `key=value` pairs of ENV, LABEL and ARG.
    pub(crate) fn pairs(&self, inst: &Instruction) -> &[Pair] {
        match inst.args {
            Args::Pairs(items) => items.of(&self.store.pairs),
            _ => &[],
        }
    }

    /// The value of the last flag of `inst` named `name`; `Some("")` for a flag without value.
    pub(crate) fn flag_value(&self, inst: &Instruction, name: &str) -> Option<&str> {
        self.flags_named(inst, name)
            .last()
            .map(|f| f.value.map_or("", |v| self.text(v)))
    }

    #[cfg(test)]
    /// A heredoc's body as BuildKit delivers it: for `<<-`, leading tabs are stripped from
    /// every line.
    pub(crate) fn heredoc_body(&self, heredoc: &Heredoc) -> Cow<'a, str> {
        let raw = self.src(heredoc.body);
        if !heredoc.chomp {
            return Cow::Borrowed(raw);
        }
        Cow::Owned(
            raw.split_inclusive('\n')
                .map(|l| l.trim_start_matches('\t'))
                .collect(),
        )
    }

    /// The instruction's keyword as written.
    #[cfg(test)]
    pub(crate) fn keyword_text(&self, inst: &Instruction) -> &str {
        self.text(inst.keyword_range)
    }

    /// The span of a range of the logical text.
    pub(crate) fn span(&self, range: TextRange) -> Span {
        let (line, column) = self.text_position(range.start, false);
        let (end_line, end_column) = if range.is_empty() {
            (line, column)
        } else {
            self.text_position(range.end, true)
        };
        Span::new(line, column, end_line, end_column)
    }

    /// The span of a range of the source.
    pub(crate) fn src_span(&self, range: TextRange) -> Span {
        let (line, column) = self.src_position(range.start);
        let (end_line, end_column) = if range.is_empty() {
            (line, column)
        } else {
            self.src_position(range.end)
        };
        Span::new(line, column, end_line, end_column)
    }

    /// The span of the instruction's keyword.
    pub(crate) fn keyword_span(&self, inst: &Instruction) -> Span {
        self.span(inst.keyword_range)
    }

    /// Line and column of a logical-text offset. For an exclusive end (`is_end`), the segment
    /// holding the byte before it decides, so a range never ends at the next line's start.
    fn text_position(&self, offset: usize, is_end: bool) -> (u32, u32) {
        let probe = if is_end {
            offset.saturating_sub(1)
        } else {
            offset
        };
        let joined = self.joined_base();
        if offset < joined {
            // A one-line instruction: the offset is the source's.
            return self.src_position_on(offset, probe);
        }
        let (offset, probe) = (offset - joined, probe.saturating_sub(joined));
        let idx = self
            .segments
            .partition_point(|s| s.text_start <= probe)
            .saturating_sub(1);
        let Some(seg) = self.segments.get(idx) else {
            return (1, 1);
        };
        let src = seg.src_start + offset.saturating_sub(seg.text_start);
        let line_start = usize::try_from(seg.line)
            .ok()
            .and_then(|l| l.checked_sub(1))
            .and_then(|i| self.line_starts.get(i))
            .copied()
            .unwrap_or(0);
        (seg.line, column_of(self.source, line_start, src))
    }

    /// Line and column of a source offset.
    fn src_position(&self, offset: usize) -> (u32, u32) {
        self.src_position_on(offset, offset)
    }

    /// Line and column of the source offset `offset`, on the line that holds `probe` (an end
    /// offset probes the byte before it, so that it stays on the line it ends).
    fn src_position_on(&self, offset: usize, probe: usize) -> (u32, u32) {
        let idx = self
            .line_starts
            .partition_point(|&s| s <= probe)
            .saturating_sub(1);
        let line_start = self.line_starts.get(idx).copied().unwrap_or(0);
        let line = u32::try_from(idx + 1).unwrap_or(u32::MAX);
        (line, column_of(self.source, line_start, offset))
    }
}

/// The 1-based character column of byte `offset` on the line starting at `line_start`.
fn column_of(source: &str, line_start: usize, offset: usize) -> u32 {
    let chars = source
        .get(line_start..offset)
        .map_or(offset.saturating_sub(line_start), |s| s.chars().count());
    u32::try_from(chars + 1).unwrap_or(u32::MAX)
}
