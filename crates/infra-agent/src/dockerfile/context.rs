//! What the rules share: the RUN scripts tokenized once, the shell of each stage, and the
//! sink findings go to.

use std::ops::Range;

use squad_core::findings::{Finding, Rule, Span};

use super::cli::Program;
use super::parser::{
    Args, CommandLine, Dockerfile, Instruction, Keyword, TextRange, chunks_of, has,
};
use super::shell::{self, Command, Word, basename};

/// Where a script's offsets point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// Offsets are relative to `base` in the Dockerfile's logical text.
    Text(usize),
    /// Offsets are relative to `base` in the source (heredoc bodies).
    Source(usize),
}

/// A tokenized script and where it comes from.
#[derive(Debug, Clone)]
pub(crate) struct Script<'d> {
    pub(crate) origin: Origin,
    pub(crate) parsed: shell::Script<'d>,
}

impl Script<'_> {
    /// The span of byte range `start..end` of this script.
    pub(crate) fn span_of(&self, df: &Dockerfile<'_>, start: usize, end: usize) -> Span {
        match self.origin {
            Origin::Text(base) => df.span(TextRange::new(base + start, base + end)),
            Origin::Source(base) => df.src_span(TextRange::new(base + start, base + end)),
        }
    }

    /// The span of a word of this script.
    pub(crate) fn span(&self, df: &Dockerfile<'_>, word: &Word<'_>) -> Span {
        self.span_of(df, word.start, word.end)
    }

    /// Whether `set -o pipefail` (or `set -eo pipefail`, …) runs before offset `before`.
    pub(crate) fn sets_pipefail_before(&self, before: usize) -> bool {
        self.parsed.commands.iter().any(|c| {
            let argv = c.argv();
            argv.first().is_some_and(|w| w.raw == "set")
                && argv.first().is_some_and(|w| w.start < before)
                && argv.windows(2).any(|p| {
                    p[0].raw.starts_with('-') && p[0].raw.ends_with('o') && p[1].is("pipefail")
                })
        })
    }
}

/// The shell RUN instructions of a stage run with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ShellKind {
    /// A POSIX shell; `pipefail` tells whether SHELL set `-o pipefail`.
    Posix { pipefail: bool },
    /// PowerShell or cmd.exe: the shell rules do not apply.
    Other,
}

/// A RUN instruction (top level or an ONBUILD trigger) with its scripts.
#[derive(Debug, Clone)]
pub(crate) struct Run<'d> {
    pub(crate) inst: &'d Instruction,
    pub(crate) stage: Option<usize>,
    pub(crate) shell: ShellKind,
    /// The first script (the command line, or the exec form's argv), held here rather than
    /// in `more`: most RUNs have no other, and a vector of one was an allocation per RUN.
    /// Empty (no command, no pipe) when the RUN has no script the shell rules read.
    first: Script<'d>,
    /// The heredoc bodies the command line runs as scripts.
    more: Vec<Script<'d>>,
}

impl<'d> Run<'d> {
    /// The scripts: the command line (or exec-form argv) first, then the heredoc bodies.
    pub(crate) fn scripts(&self) -> impl Iterator<Item = &Script<'d>> {
        std::iter::once(&self.first).chain(&self.more)
    }

    /// Every command of every script, with its script. The first script's commands are
    /// chained to the others' directly, not through a flattening of all scripts: the rules
    /// that read commands walk this on every RUN.
    pub(crate) fn commands(&self) -> impl Iterator<Item = (&Script<'d>, &Command<'d>)> {
        let first = &self.first;
        let more = self
            .more
            .iter()
            .flat_map(|s| s.parsed.commands.iter().map(move |c| (s, c)));
        first
            .parsed
            .commands
            .iter()
            .map(move |c| (first, c))
            .chain(more)
    }

    /// Whether a `--mount=type=cache` of this RUN targets a path starting with one of
    /// `prefixes` (or a path under one of them).
    ///
    /// The mounts are read when asked, not in [`Facts::new`]: only the rules about apk, apt
    /// and pip ask, once they found their command, and most RUNs have none of these.
    pub(crate) fn has_cache_mount(&self, df: &Dockerfile<'_>, prefixes: &[&str]) -> bool {
        df.flags_named(self.inst, "mount")
            .filter_map(|f| cache_target(f.value.map_or("", |v| df.text(v))))
            .any(|target| {
                prefixes.iter().any(|p| {
                    let p = p.trim_end_matches('/');
                    target
                        .strip_prefix(p)
                        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
                })
            })
    }
}

/// `str::trim`, skipped when both ends are printable ASCII (the usual case).
fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// The target of a `--mount` value (`type=cache,target=/root/.npm`) if it is a cache mount.
fn cache_target(value: &str) -> Option<&str> {
    // `type=cache` needs the word: most mounts (bind, secret, ssh) are rejected on a search.
    if !value.contains("cache") {
        return None;
    }
    let mut is_cache = false;
    let mut target = "";
    // Split at byte positions rather than with `split(',')`/`split_once('=')`: every RUN
    // mount goes through here, and the char searchers cost more than these short values.
    let mut rest = Some(value);
    while let Some(options) = rest {
        let (part, next) = match options.bytes().position(|b| b == b',') {
            Some(comma) => (&options[..comma], Some(&options[comma + 1..])),
            None => (options, None),
        };
        rest = next;
        let (k, v) = match part.bytes().position(|b| b == b'=') {
            Some(eq) => (&part[..eq], &part[eq + 1..]),
            None => (part, ""),
        };
        match trim(k) {
            "type" => is_cache = trim(v) == "cache",
            "target" | "dst" | "destination" => target = trim(v),
            _ => {}
        }
    }
    is_cache.then(|| target.trim_end_matches('/'))
}

/// Facts computed once per file for all rules.
#[derive(Debug, Clone)]
pub(crate) struct Facts<'d> {
    pub(crate) runs: Vec<Run<'d>>,
    instructions: &'d [Instruction],
    by_keyword: KeywordSpans,
    /// The [`Program`]s some RUN command runs, as bits.
    programs: u8,
}

/// How many [`Keyword`]s there are: the known ones and `Unknown`.
const KEYWORDS: usize = Keyword::KNOWN.len() + 1;

/// Where the top-level instructions of each keyword are: from the first to one past the last.
///
/// Most rules are about one or two keywords (ADD, COPY, EXPOSE, USER, …): with these spans
/// each walks only the part of the file where its keywords are (often one instruction)
/// instead of the whole file. Two numbers per keyword rather than a list of positions: no
/// allocation, and filling it is one write per instruction.
///
/// The positions are `u32`: half the bytes to clear and to move with [`Facts`] on every check.
/// A file of more than four billion instructions would saturate them (and is not a Dockerfile
/// anyone checks).
#[derive(Debug, Clone)]
struct KeywordSpans([(u32, u32); KEYWORDS]);

impl KeywordSpans {
    /// No keyword seen: every span is `u32::MAX..0`, an empty range.
    fn new() -> Self {
        Self([(u32::MAX, 0); KEYWORDS])
    }

    /// Record instruction `at` (instructions are added in file order).
    fn add(&mut self, keyword: Keyword, at: u32) {
        let span = &mut self.0[slot(keyword)];
        // Without a branch (one per instruction, on whether its keyword was seen before):
        // the start is the least position seen, the end one past the last.
        span.0 = span.0.min(at);
        span.1 = at + 1;
    }

    /// The span of `keyword`; empty (`u32::MAX..0`) when no instruction has it.
    fn of(&self, keyword: Keyword) -> Range<usize> {
        let (start, end) = self.0[slot(keyword)];
        start as usize..end as usize
    }
}

/// The place of `keyword` in [`KeywordSpans`].
fn slot(keyword: Keyword) -> usize {
    keyword as usize
}

impl<'d> Facts<'d> {
    /// Whether some RUN command runs `program`: the rules about apt, apk, pip, npm and wget
    /// return at once when it does not, instead of reading every command.
    pub(crate) fn runs_program(&self, program: Program) -> bool {
        self.programs & program.bit() != 0
    }

    /// Whether at most one top-level instruction has `keyword` (found from the span alone).
    pub(crate) fn at_most_one(&self, keyword: Keyword) -> bool {
        self.by_keyword.of(keyword).len() <= 1
    }

    /// The top-level instructions with `keyword` and their indices, in file order.
    pub(crate) fn positions(
        &self,
        keyword: Keyword,
    ) -> impl DoubleEndedIterator<Item = (usize, &'d Instruction)> + Clone {
        let span = self.by_keyword.of(keyword);
        let start = span.start;
        self.instructions
            .get(span)
            .unwrap_or(&[])
            .iter()
            .enumerate()
            .filter(move |(_, inst)| inst.keyword == keyword)
            .map(move |(i, inst)| (start + i, inst))
    }

    /// The top-level instructions with `keyword`, in file order (not ONBUILD triggers).
    pub(crate) fn instructions(
        &self,
        keyword: Keyword,
    ) -> impl DoubleEndedIterator<Item = &'d Instruction> + Clone {
        self.instructions
            .get(self.by_keyword.of(keyword))
            .unwrap_or(&[])
            .iter()
            .filter(move |inst| inst.keyword == keyword)
    }

    /// The top-level instructions with keyword `a` or `b`, in file order: one walk over the
    /// part of the file where either is.
    pub(crate) fn either(
        &self,
        a: Keyword,
        b: Keyword,
    ) -> impl Iterator<Item = &'d Instruction> + Clone {
        let (x, y) = (self.by_keyword.of(a), self.by_keyword.of(b));
        let span = if x.is_empty() {
            y
        } else if y.is_empty() {
            x
        } else {
            x.start.min(y.start)..x.end.max(y.end)
        };
        self.instructions
            .get(span)
            .unwrap_or(&[])
            .iter()
            .filter(move |inst| inst.keyword == a || inst.keyword == b)
    }

    /// The ONBUILD triggers with keyword `a` or `b`, in file order.
    pub(crate) fn triggers(&self, a: Keyword, b: Keyword) -> impl Iterator<Item = &'d Instruction> {
        self.instructions(Keyword::Onbuild)
            .filter_map(Instruction::onbuild_trigger)
            .filter(move |t| t.keyword == a || t.keyword == b)
    }

    /// The instructions with `keyword`: the top-level ones, then the ONBUILD triggers (rules
    /// that look into ONBUILD; the findings are sorted afterwards).
    pub(crate) fn with_triggers(&self, keyword: Keyword) -> impl Iterator<Item = &'d Instruction> {
        let triggers = self
            .instructions(Keyword::Onbuild)
            .filter_map(Instruction::onbuild_trigger)
            .filter(move |t| t.keyword == keyword);
        self.instructions(keyword).chain(triggers)
    }

    pub(crate) fn new(df: &'d Dockerfile<'_>) -> Self {
        let mut runs = Vec::new();
        // The shell each stage ends with, for the stages built on it (`FROM <stage>`). Only
        // kept when some stage has such a parent: most files have none, and the list was an
        // allocation on every check.
        let inherits = df.stages.iter().any(|s| s.parent.is_some());
        let mut shells: Vec<ShellKind> =
            Vec::with_capacity(if inherits { df.stages.len() } else { 0 });
        let mut shell = ShellKind::Posix { pipefail: false };
        let mut by_keyword = KeywordSpans::new();
        let mut programs = 0;
        // The base image of the last stage read and its shell: stages often share their base
        // image (`FROM node:… AS deps`, `FROM node:… AS runtime`), whose test is then done once.
        let mut last_base: Option<(Option<&str>, ShellKind)> = None;
        // Positions counted as `u32` here rather than converted (and saturated) per instruction.
        let mut at: u32 = 0;
        for inst in &df.instructions {
            by_keyword.add(inst.keyword, at);
            at = at.saturating_add(1).min(u32::MAX - 1);
            if inst.keyword == Keyword::From {
                let stage = inst.stage.and_then(|s| df.stages.get(s));
                shell = match stage.and_then(|s| s.parent).and_then(|p| shells.get(p)) {
                    Some(parent) => *parent,
                    None => {
                        let image = stage.and_then(|s| s.base_image());
                        match last_base {
                            Some((last, kind)) if last == image => kind,
                            _ => {
                                let kind = default_shell(image);
                                last_base = Some((image, kind));
                                kind
                            }
                        }
                    }
                };
                if inherits {
                    shells.push(shell);
                }
                continue;
            }
            if inst.keyword == Keyword::Shell {
                if let Some(CommandLine::Exec(items)) = df.command(inst) {
                    let values: Vec<_> = items.iter().map(|t| df.value(t)).collect();
                    let values: Vec<&str> = values.iter().map(|v| v.as_ref()).collect();
                    shell = shell_kind(&values);
                    if let Some(last) = shells.last_mut() {
                        *last = shell;
                    }
                }
                continue;
            }
            let target = match &inst.args {
                Args::Onbuild(inner) => inner.as_ref(),
                _ => inst,
            };
            if target.keyword == Keyword::Run {
                let (first, more) = scripts(df, target, shell);
                let run = Run {
                    inst: target,
                    stage: inst.stage,
                    shell,
                    first: first.unwrap_or(Script {
                        origin: Origin::Text(0),
                        parsed: shell::Script::default(),
                    }),
                    more,
                };
                for (_, cmd) in run.commands() {
                    programs |= Program::of(cmd).map_or(0, Program::bit);
                }
                shell::reserve_first(&mut runs, 4);
                runs.push(run);
            }
        }
        Self {
            runs,
            instructions: &df.instructions,
            by_keyword,
            programs,
        }
    }
}

/// The default shell of an image: cmd on Windows images, `/bin/sh -c` elsewhere (an image
/// whose name holds `windows`, `servercore` or `nanoserver`, in any case).
fn default_shell(image: Option<&str>) -> ShellKind {
    let image = image.unwrap_or("").as_bytes();
    // Each word holds a `w` or a `v` at a known place (`w`indows, ser`v`ercore,
    // nanoser`v`er): the image is searched for these letters (in most images, only the `w`
    // of `bookworm` is found), and only there is a word compared. `v`, `w`, `V` and `W` are
    // the only bytes that `| 0x21` turns into `w`.
    let word_at = |start: Option<usize>, word: &str| {
        start
            .and_then(|s| image.get(s..s + word.len()))
            .is_some_and(|head| head.eq_ignore_ascii_case(word.as_bytes()))
    };
    let found = |at: usize| match image.get(at) {
        Some(b'w' | b'W') => word_at(Some(at), "windows"),
        _ => word_at(at.checked_sub(3), "servercore") || word_at(at.checked_sub(7), "nanoserver"),
    };
    let is_word_letter = |at: usize| image.get(at).is_some_and(|&c| c | 0x21 == b'w');
    // Eight bytes at a time, read in place: a high bit marks each byte that may be such a
    // letter (the lowest exactly, the ones above it maybe not: each is tested again). The
    // copy of the image into a folded buffer and `memchr`'s iterator (whose tail is read a
    // byte at a time) cost ~210 instructions on `node:22.11.0-bookworm-slim`.
    let tail_start = image.len() - image.len() % 8;
    let in_chunks = chunks_of(image).enumerate().any(|(k, x)| {
        let mut hits = has(x | 0x2121_2121_2121_2121, b'w');
        while hits != 0 {
            let at = k * 8 + (hits.trailing_zeros() / 8) as usize;
            if is_word_letter(at) && found(at) {
                return true;
            }
            hits &= hits - 1;
        }
        false
    });
    let windows = in_chunks || (tail_start..image.len()).any(|at| is_word_letter(at) && found(at));
    if windows {
        ShellKind::Other
    } else {
        ShellKind::Posix { pipefail: false }
    }
}

/// The shell set by `SHELL ["…", …]`.
fn shell_kind(argv: &[&str]) -> ShellKind {
    let program = argv
        .first()
        .map_or("", |p| basename(p))
        .to_ascii_lowercase();
    let program = program.trim_end_matches(".exe");
    if matches!(
        program,
        "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh" | "mksh" | "busybox"
    ) {
        let pipefail = argv
            .windows(2)
            .any(|p| p[0].starts_with('-') && p[0].ends_with('o') && p[1] == "pipefail");
        ShellKind::Posix { pipefail }
    } else {
        ShellKind::Other
    }
}

const SHELLS: &[&str] = &["sh", "bash", "ash", "dash", "zsh", "ksh", "mksh"];

/// The scripts of a RUN: its shell-form command, then the heredocs it runs as scripts, or for
/// exec form, its argv as one command (or the script of `["sh", "-c", "…"]`).
fn scripts<'d>(
    df: &'d Dockerfile<'_>,
    inst: &'d Instruction,
    shell: ShellKind,
) -> (Option<Script<'d>>, Vec<Script<'d>>) {
    let mut out = Vec::new();
    if shell == ShellKind::Other {
        return (None, out);
    }
    let first = match df.command(inst) {
        Some(CommandLine::Shell(range)) => {
            let line = shell::parse(df.text(range));
            for heredoc in df.heredocs(inst) {
                let runs_as_script = line.commands.iter().any(|c| {
                    c.heredocs.iter().any(|h| *h == heredoc.name)
                        && match c.argv() {
                            [] => true,
                            [program, options @ ..] => {
                                SHELLS.contains(&basename(program.raw))
                                    && options.iter().all(|o| o.is_option())
                            }
                        }
                });
                let body = df.src(heredoc.body);
                if runs_as_script && !foreign_shebang(body) {
                    out.push(Script {
                        origin: Origin::Source(heredoc.body.start),
                        parsed: shell::parse(body),
                    });
                }
            }
            Some(Script {
                origin: Origin::Text(range.start),
                parsed: line,
            })
        }
        Some(CommandLine::Exec(items)) => {
            let inner = |i: usize| {
                items.get(i).map(|t| {
                    let r = t.range;
                    TextRange::new(
                        (r.start + 1).min(r.end),
                        r.end.saturating_sub(1).max(r.start),
                    )
                })
            };
            let program = inner(0).map_or("", |r| basename(df.text(r)));
            let dash_c = inner(1).is_some_and(|r| df.text(r) == "-c");
            if SHELLS.contains(&program) && dash_c {
                inner(2)
                    .filter(|r| !df.text(*r).contains('\\'))
                    .map(|r| Script {
                        origin: Origin::Text(r.start),
                        parsed: shell::parse(df.text(r)),
                    })
            } else {
                let words = (0..items.len())
                    .filter_map(inner)
                    .map(|r| Word::new(df.text(r), r.start, r.end))
                    .collect();
                Some(Script {
                    origin: Origin::Text(0),
                    parsed: shell::Script {
                        commands: vec![Command::new(words, Vec::new())],
                        pipes: Vec::new(),
                    },
                })
            }
        }
        None => None,
    };
    (first, out)
}

/// A body whose shebang names a non-shell interpreter (`#!/usr/bin/env python3`).
fn foreign_shebang(body: &str) -> bool {
    let Some(line) = body.lines().next().and_then(|l| l.strip_prefix("#!")) else {
        return false;
    };
    let mut parts = line.split_whitespace();
    let mut program = parts.next().map_or("", basename);
    if program == "env" {
        program = parts.find(|p| !p.starts_with('-')).unwrap_or("");
    }
    !SHELLS.contains(&program)
}

/// The rules' view of one check: shared facts and the findings reported so far.
#[derive(Debug)]
pub(crate) struct Ctx<'d> {
    path: &'d str,
    pub(crate) facts: &'d Facts<'d>,
    findings: Vec<Finding>,
}

impl<'d> Ctx<'d> {
    pub(crate) fn new(path: &'d str, facts: &'d Facts<'d>) -> Self {
        Self {
            path,
            facts,
            findings: Vec::new(),
        }
    }

    /// Report a finding of `rule` at `span`. Cold and out of line: most checks report
    /// nothing, and the paths that lead here (with their message formatting) are then laid
    /// out away from the rules' fast paths.
    #[cold]
    #[inline(never)]
    pub(crate) fn report(&mut self, rule: &'static Rule, span: Span, message: impl Into<String>) {
        self.findings.push(rule.finding(self.path, span, message));
    }

    pub(crate) fn into_findings(self) -> Vec<Finding> {
        self.findings
    }
}

#[cfg(test)]
mod tests {
    use super::{ShellKind, default_shell};

    #[test]
    fn default_shell_finds_the_windows_words_anywhere_in_any_case() {
        let plain = |image: &str| {
            let lower = image.to_ascii_lowercase();
            ["windows", "servercore", "nanoserver"]
                .iter()
                .any(|w| lower.contains(w))
        };
        let mut images = vec![
            String::new(),
            "node:22-bookworm-slim".to_string(),
            "wsn".to_string(),
            "wiNdowsservercore".to_string(),
            "nanoserve".to_string(),
            "se".to_string(),
            "w".to_string(),
            format!("{}windows", "x".repeat(60)),
            format!("{}windows", "x".repeat(57)),
            format!("{}Servercore:1", "mcr.microsoft.com/".repeat(4)),
            format!("{}bookworm", "node/".repeat(13)),
        ];
        for word in ["windows", "servercore", "nanoserver"] {
            for cased in [
                word.to_string(),
                word.to_ascii_uppercase(),
                "Wi".to_string() + &word[2..],
            ] {
                for (before, after) in [("", ""), ("mcr/", ":ltsc2022"), ("nna", "s"), ("é", "ß")]
                {
                    images.push(format!("{before}{cased}{after}"));
                    // Every truncation: the word cut short must not match.
                    let whole = format!("{before}{cased}");
                    for end in 0..whole.len() {
                        if let Some(cut) = whole.get(..end) {
                            images.push(cut.to_string());
                        }
                    }
                }
            }
        }
        for image in &images {
            let windows = default_shell(Some(image)) == ShellKind::Other;
            assert_eq!(windows, plain(image), "{image}");
        }
    }

    #[test]
    fn default_shell_reads_every_byte_value_at_every_position() {
        // The chunked search against a plain byte loop: every byte value at every position
        // of images of every length around the eight-byte chunks, alone and next to the
        // rest of each word (so that a missed or misplaced letter changes the answer).
        let plain = |image: &[u8]| {
            ["windows", "servercore", "nanoserver"].iter().any(|w| {
                image
                    .windows(w.len())
                    .any(|win| win.eq_ignore_ascii_case(w.as_bytes()))
            })
        };
        let check = |image: &[u8]| {
            let Ok(text) = std::str::from_utf8(image) else {
                return;
            };
            let windows = default_shell(Some(text)) == ShellKind::Other;
            assert_eq!(windows, plain(image), "{text:?}");
        };
        for len in 0..26 {
            for at in 0..len {
                for value in 0..=127u8 {
                    let mut image = vec![b'x'; len];
                    image[at] = value;
                    check(&image);
                    for (word, letter) in [("windows", 0), ("servercore", 3), ("nanoserver", 7)] {
                        // The word with its `w` or `v` replaced by `value`, placed so that
                        // this letter falls on `at`.
                        let Some(start) = at.checked_sub(letter) else {
                            continue;
                        };
                        if start + word.len() > len {
                            continue;
                        }
                        let mut image = vec![b'x'; len];
                        image[start..start + word.len()].copy_from_slice(word.as_bytes());
                        image[at] = value;
                        check(&image);
                    }
                }
            }
        }
    }
}
