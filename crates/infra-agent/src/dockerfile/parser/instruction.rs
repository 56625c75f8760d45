//! One logical line to an [`Instruction`]: keyword, flags, then the argument form of the keyword
//! (BuildKit's `newNodeFromLine` and the `dispatch` table, plus the argument-count checks of
//! its `instructions.Parse`).

use super::words::{self, JsonArray, is_blank};
use super::{
    Args, CmdForm, Healthcheck, Instruction, Items, Keyword, Pair, Store, TextRange, Token,
    TokenKind, allocate_once,
};

/// Errors found while parsing a line, as ranges of the logical text.
pub(super) type Errors = Vec<(TextRange, String)>;

/// Whether `keyword` accepts the flag `name`, and if so whether the flag needs a value. A
/// match rather than a table of names: the compiler compares `name` with each candidate of
/// the keyword in a few integer loads, where a search of a table calls `memcmp` for each.
fn flag_needs_value(keyword: Keyword, name: &[u8]) -> Option<bool> {
    match (keyword, name) {
        (Keyword::From, b"platform")
        | (Keyword::Run, b"mount" | b"network" | b"security" | b"device")
        | (Keyword::Copy, b"from" | b"chown" | b"chmod" | b"exclude")
        | (Keyword::Add, b"chown" | b"chmod" | b"checksum" | b"exclude")
        | (
            Keyword::Healthcheck,
            b"interval" | b"timeout" | b"start-period" | b"start-interval" | b"retries",
        ) => Some(true),
        (Keyword::Copy, b"link" | b"parents")
        | (Keyword::Add, b"link" | b"keep-git-dir" | b"unpack") => Some(false),
        _ => None,
    }
}

/// Parse the logical line `text[from..to]`, where `text` (the source, or the joined text of
/// continued lines) sits at `base` in the logical text. Its flags, tokens and pairs go to
/// `store`.
///
/// The line is read as bytes of the whole buffer, and its positions are offsets in `text`:
/// taking the line as a `str` of its own checked both its ends for character boundaries, some
/// sixteen instructions for every instruction; only the forms that read text take a `str`.
pub(super) fn parse_line(
    text: &str,
    from: usize,
    to: usize,
    base: usize,
    escape: u8,
    errors: &mut Errors,
    store: &mut Store,
) -> Instruction {
    let b = text.as_bytes().get(..to).unwrap_or_default();
    let start = words::skip_blanks(b, from);
    let mut end = b.len();
    while end > start && is_blank(b[end - 1]) {
        end -= 1;
    }
    // The keyword ends at the first blank, which is at `end` at the latest (blanks before `end`
    // were trimmed), and so do the blanks after it.
    let (keyword, kw_end) = keyword_at(b, start, end);
    let rest_start = words::skip_blanks(b, kw_end).min(end);
    let keyword_range = TextRange::new(base + start, base + kw_end);

    // ONBUILD's own "flags" would be its trigger's: BuildKit extracts flags from "RUN --x",
    // which stops at RUN, so there are none. Most instructions have no flags: their arguments
    // do not start with `--` (the byte after a last byte before `end` is a trimmed blank), and
    // they skip the flag scan and its checks (some fifty instructions).
    let (flags, args_start) = if b.get(rest_start..rest_start + 2) == Some(b"--") {
        allocate_once(&mut store.flags, 8);
        let (flags, args_start) =
            words::extract_flags(text, rest_start, end, base, &mut store.flags);
        check_flags(text, base, keyword, flags.of(&store.flags), errors);
        (flags, args_start.min(end))
    } else {
        (Items::since(&store.flags, store.flags.len()), rest_start)
    };
    let rest = TextRange::new(base + args_start, base + end);
    // The arguments as bytes for the forms read byte by byte (exec form, words), as text only
    // for those that need it: taking a `str` range checks both ends for character boundaries.
    let rest_bytes = b.get(args_start..end).unwrap_or(&[]);
    let rest_text = || text.get(args_start..end).unwrap_or("");

    // The keyword's name only for messages: most lines have none, and looking it up is a
    // table load for every instruction.
    let name = || keyword.as_str();
    let need_one = |errors: &mut Errors| {
        errors.push((
            keyword_range,
            format!("{} requires at least one argument", name()),
        ));
    };

    // The arguments first and the instruction last, built in place as the return value: an
    // instruction is some 130 bytes, and filling one in after building it costs a copy.
    let args = match keyword {
        Keyword::Unknown => {
            let keyword_text = text.get(start..kw_end).unwrap_or("");
            errors.push((keyword_range, unknown_instruction(keyword_text)));
            shell_or_none(rest)
        }
        Keyword::Run | Keyword::Cmd | Keyword::Entrypoint => {
            let before = errors.len();
            let args = maybe_json(rest_bytes, rest, keyword, errors, &mut store.tokens);
            if args == Args::None && errors.len() == before {
                errors.push((keyword_range, format!("{} has no command", name())));
            }
            args
        }
        Keyword::Shell => match maybe_json(rest_bytes, rest, keyword, errors, &mut store.tokens) {
            Args::Exec(items) if items.is_empty() => {
                need_one(errors);
                Args::Exec(items)
            }
            args @ Args::Exec(_) => args,
            Args::None => {
                need_one(errors);
                Args::None
            }
            other => {
                errors.push((
                    rest,
                    "SHELL requires the arguments to be in JSON form, e.g. SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]".to_string(),
                ));
                other
            }
        },
        Keyword::Add | Keyword::Copy | Keyword::Volume => {
            let tokens = &mut store.tokens;
            let args = if rest_bytes.first() == Some(&b'[') {
                match words::json_array(rest_bytes, rest.start, tokens) {
                    JsonArray::Strings(items) => Args::Exec(items),
                    JsonArray::NotStrings => {
                        errors.push((rest, not_strings()));
                        Args::None
                    }
                    JsonArray::Invalid => {
                        Args::Words(words::split_blank(rest_bytes, rest.start, tokens))
                    }
                }
            } else {
                Args::Words(words::split_blank(rest_bytes, rest.start, tokens))
            };
            let n = match &args {
                Args::Exec(items) | Args::Words(items) => items.len(),
                _ => 0,
            };
            if keyword == Keyword::Volume {
                if n == 0 {
                    need_one(errors);
                }
            } else if n < 2 {
                errors.push((
                    keyword_range,
                    format!(
                        "{} requires at least two arguments: the sources and the destination",
                        name()
                    ),
                ));
            }
            args
        }
        Keyword::From => {
            let words = words::split_blank(rest_bytes, rest.start, &mut store.tokens);
            check_from(text, base, words.of(&store.tokens), keyword_range, errors);
            Args::Words(words)
        }
        Keyword::Expose => {
            let words = words::split_blank(rest_bytes, rest.start, &mut store.tokens);
            if words.is_empty() {
                need_one(errors);
            }
            Args::Words(words)
        }
        Keyword::Env | Keyword::Label => {
            allocate_once(&mut store.pairs, 8);
            name_values(rest_text(), rest, escape, keyword, errors, &mut store.pairs)
        }
        Keyword::Arg => {
            allocate_once(&mut store.pairs, 8);
            names_or_values(rest_text(), rest, escape, errors, &mut store.pairs)
        }
        Keyword::Maintainer | Keyword::User | Keyword::Workdir | Keyword::Stopsignal => {
            if rest.is_empty() {
                errors.push((
                    keyword_range,
                    format!("{} requires exactly one argument", name()),
                ));
                Args::None
            } else {
                Args::Shell(rest)
            }
        }
        Keyword::Healthcheck => healthcheck(
            rest_text(),
            rest,
            keyword_range,
            keyword,
            errors,
            &mut store.tokens,
        ),
        Keyword::Onbuild => {
            if rest.is_empty() {
                need_one(errors);
                Args::None
            } else {
                let inner = parse_line(text, args_start, end, base, escape, errors, store);
                match inner.keyword {
                    Keyword::Onbuild => errors.push((
                        inner.keyword_range,
                        "chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed".to_string(),
                    )),
                    Keyword::From | Keyword::Maintainer => errors.push((
                        inner.keyword_range,
                        format!(
                            "{} isn't allowed as an ONBUILD trigger",
                            inner.keyword.as_str()
                        ),
                    )),
                    _ => {}
                }
                Args::Onbuild(Box::new(inner))
            }
        }
    };
    Instruction {
        keyword,
        keyword_range,
        start_line: 0,
        end_line: 0,
        flags,
        rest,
        args,
        heredocs: Items::default(),
        stage: None,
    }
}

/// The keyword of the word at `start` of `b` and where it ends: the first blank at or after
/// `start`, at most `end` (`words::skip_word`, then [`Keyword::at`]). Most keywords have
/// fewer than eight letters and a blank after them: one load of the line's first eight bytes
/// finds that blank and is the keyword's key, where the two steps loaded and tested those
/// bytes each (the longer keywords, and the end of a file, take the two steps).
fn keyword_at(b: &[u8], start: usize, end: usize) -> (Keyword, usize) {
    if let Some(chunk) = words::chunk_at(b, start) {
        let hits = words::below(chunk, b'!');
        // The lowest byte below `!` is exact: when it is a blank, the word ends there (a
        // control byte that is not a blank belongs to the word).
        let at = start + words::first_hit(hits);
        if hits != 0 && b.get(at).is_some_and(|&c| is_blank(c)) {
            let kw_end = at.min(end);
            return (Keyword::in_chunk(chunk, kw_end - start), kw_end);
        }
    }
    let kw_end = words::skip_word(b, start).min(end);
    (Keyword::at(b, start, kw_end), kw_end)
}

fn shell_or_none(rest: TextRange) -> Args {
    if rest.is_empty() {
        Args::None
    } else {
        Args::Shell(rest)
    }
}

fn not_strings() -> String {
    "when using JSON array syntax, arrays must be comprised of strings only".to_string()
}

/// `parseMaybeJSON`: a JSON array of strings is exec form; anything else is shell form.
fn maybe_json(
    rest_bytes: &[u8],
    rest: TextRange,
    keyword: Keyword,
    errors: &mut Errors,
    tokens: &mut Vec<Token>,
) -> Args {
    if rest_bytes.first() != Some(&b'[') {
        return shell_or_none(rest);
    }
    match words::json_array(rest_bytes, rest.start, tokens) {
        JsonArray::Strings(items) => Args::Exec(items),
        JsonArray::NotStrings => {
            errors.push((rest, not_strings()));
            Args::None
        }
        JsonArray::Invalid => {
            // BuildKit quietly falls back to shell form here, running `/bin/sh -c '["node", …'`;
            // that is never what the author meant, so it is reported.
            errors.push((
                rest,
                format!(
                    "the {} arguments start with `[` but are not a valid JSON array of strings \
                     (check quotes, commas and the closing `]`); Docker would run them as a shell command",
                    keyword.as_str()
                ),
            ));
            Args::Shell(rest)
        }
    }
}

fn check_flags(
    text: &str,
    base: usize,
    keyword: Keyword,
    flags: &[super::Flag],
    errors: &mut Errors,
) {
    // The name as text only for a message: most flags are fine, and their bytes suffice.
    let name_of = |flag: &super::Flag| {
        text.get(flag.name.start - base..flag.name.end - base)
            .unwrap_or("")
    };
    for flag in flags {
        let name = text
            .as_bytes()
            .get(flag.name.start - base..flag.name.end - base)
            .unwrap_or(&[]);
        match flag_needs_value(keyword, name) {
            None => errors.push((
                flag.range,
                format!(
                    "unknown flag `--{}` for {}",
                    name_of(flag),
                    keyword.as_str()
                ),
            )),
            Some(true) if flag.value.is_none_or(TextRange::is_empty) => {
                let name = name_of(flag);
                errors.push((
                    flag.range,
                    format!("flag `--{name}` needs a value: `--{name}=…`"),
                ));
            }
            Some(_) => {}
        }
    }
}

fn check_from(text: &str, base: usize, words: &[Token], kw: TextRange, errors: &mut Errors) {
    let word = |i: usize| {
        words
            .get(i)
            .and_then(|t| text.get(t.range.start - base..t.range.end - base))
            .unwrap_or("")
    };
    match words.len() {
        0 => errors.push((
            kw,
            "FROM requires an image: `FROM image[:tag] [AS name]`".to_string(),
        )),
        1 => {}
        3 if word(1).eq_ignore_ascii_case("as") => {
            let name = word(2);
            if !valid_stage_name(name) {
                errors.push((
                    words[2].range,
                    format!(
                        "invalid name for build stage: {name:?}, name can't start with a number or contain symbols"
                    ),
                ));
            }
        }
        _ => errors.push((
            kw,
            "FROM requires either one or three arguments: `FROM image[:tag] [AS name]`".to_string(),
        )),
    }
}

/// BuildKit's `^[a-z][a-z0-9-_.]*$`, case-insensitively.
fn valid_stage_name(name: &str) -> bool {
    let b = name.as_bytes();
    b.first().is_some_and(u8::is_ascii_alphabetic) && b.iter().all(|&c| STAGE_NAME[usize::from(c)])
}

/// The bytes of a stage name: letters, digits, `-`, `_` and `.` (one table load a byte, where
/// the tests of the character classes take some twelve instructions).
static STAGE_NAME: [bool; 256] =
    words::byte_table(b"-_.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

/// ENV and LABEL (`rest_text`, which is `rest` of the logical text): `key=value …`, or the
/// legacy `KEY name value`.
fn name_values(
    rest_text: &str,
    rest: TextRange,
    escape: u8,
    keyword: Keyword,
    errors: &mut Errors,
    pairs: &mut Vec<Pair>,
) -> Args {
    let name = keyword.as_str();
    let mut words = words::split_shell_words(rest_text, rest.start, escape);
    let word_bytes = |r: TextRange| {
        let b = rest_text.as_bytes();
        b.get(r.start - rest.start..r.end - rest.start)
            .unwrap_or(&[])
    };
    let Some(first_word) = words.next() else {
        errors.push((rest, format!("{name} requires at least one argument")));
        return Args::None;
    };
    let Some(first_eq) = words::first_equals(word_bytes(first_word)) else {
        // Legacy form: the first word is the name, everything after the whitespace the value.
        let b = rest_text.as_bytes();
        let mut k = 0;
        while k < b.len() && !is_blank(b[k]) {
            k += 1;
        }
        let mut v = k;
        while v < b.len() && is_blank(b[v]) {
            v += 1;
        }
        if v >= b.len() {
            errors.push((
                rest,
                format!("{name} must have two arguments: `{name} key=value`"),
            ));
            return Args::Pairs(Items::push(
                pairs,
                Pair {
                    key: TextRange::new(rest.start, rest.start + k),
                    value: None,
                },
            ));
        }
        return Args::Pairs(Items::push(
            pairs,
            Pair {
                key: TextRange::new(rest.start, rest.start + k),
                value: Some(Token {
                    range: TextRange::new(rest.start + v, rest.end),
                    kind: TokenKind::Quoted,
                }),
            },
        ));
    };
    let first = pairs.len();
    // The first word's `=` is known already: the loop takes each word with its `=`.
    let mut word = Some((first_word, Some(first_eq)));
    while let Some((w, eq)) = word {
        match eq {
            None => errors.push((
                w,
                format!(
                    "syntax error - can't find = in {:?}. Must be of the form: name=value",
                    rest_text
                        .get(w.start - rest.start..w.end - rest.start)
                        .unwrap_or("")
                ),
            )),
            Some(eq) => {
                if eq == 0 {
                    errors.push((w, format!("{name} names can not be blank")));
                }
                pairs.push(Pair {
                    key: TextRange::new(w.start, w.start + eq),
                    value: Some(Token {
                        range: TextRange::new(w.start + eq + 1, w.end),
                        kind: TokenKind::Quoted,
                    }),
                });
            }
        }
        word = words
            .next()
            .map(|w| (w, words::first_equals(word_bytes(w))));
    }
    Args::Pairs(Items::since(pairs, first))
}

/// ARG (`rest_text`, which is `rest` of the logical text): `name` or `name=value`, several per
/// line.
fn names_or_values(
    rest_text: &str,
    rest: TextRange,
    escape: u8,
    errors: &mut Errors,
    pairs: &mut Vec<Pair>,
) -> Args {
    let b = rest_text.as_bytes();
    let first = pairs.len();
    for w in words::split_shell_words(rest_text, rest.start, escape) {
        let word = b
            .get(w.start - rest.start..w.end - rest.start)
            .unwrap_or(&[]);
        pairs.push(match words::first_equals(word) {
            Some(eq) => {
                if eq == 0 {
                    errors.push((w, "ARG names can not be blank".to_string()));
                }
                Pair {
                    key: TextRange::new(w.start, w.start + eq),
                    value: Some(Token {
                        range: TextRange::new(w.start + eq + 1, w.end),
                        kind: TokenKind::Quoted,
                    }),
                }
            }
            None => Pair {
                key: w,
                value: None,
            },
        });
    }
    if pairs.len() == first {
        errors.push((rest, "ARG requires at least one argument".to_string()));
        return Args::None;
    }
    Args::Pairs(Items::since(pairs, first))
}

fn healthcheck(
    rest_text: &str,
    rest: TextRange,
    kw: TextRange,
    keyword: Keyword,
    errors: &mut Errors,
    tokens: &mut Vec<Token>,
) -> Args {
    let b = rest_text.as_bytes();
    let mut t = 0;
    while t < b.len() && !is_blank(b[t]) {
        t += 1;
    }
    let kind = rest_text.get(..t).unwrap_or("");
    let mut a = t;
    while a < b.len() && is_blank(b[a]) {
        a += 1;
    }
    let after = rest_text.get(a..).unwrap_or("");
    let after_range = TextRange::new(rest.start + a, rest.end);
    if kind.is_empty() {
        errors.push((
            kw,
            "HEALTHCHECK requires an argument: `NONE` or `CMD …`".to_string(),
        ));
        return Args::None;
    }
    if kind.eq_ignore_ascii_case("none") {
        if !after.is_empty() {
            errors.push((
                after_range,
                "HEALTHCHECK NONE takes no arguments".to_string(),
            ));
        }
        return Args::Healthcheck(Healthcheck::None);
    }
    if !kind.eq_ignore_ascii_case("cmd") {
        errors.push((
            TextRange::new(rest.start, rest.start + t),
            format!("unknown type {kind:?} in HEALTHCHECK (try CMD)"),
        ));
        return Args::None;
    }
    let before = errors.len();
    let args = maybe_json(after.as_bytes(), after_range, keyword, errors, tokens);
    if args == Args::None && errors.len() == before {
        errors.push((kw, "missing command after HEALTHCHECK CMD".to_string()));
    }
    let form = match args {
        Args::Exec(items) => CmdForm::Exec(items),
        Args::Shell(range) => CmdForm::Shell(range),
        _ => CmdForm::None,
    };
    Args::Healthcheck(Healthcheck::Cmd(form))
}

/// "unknown instruction: X", with the closest keyword when it is a likely typo.
fn unknown_instruction(word: &str) -> String {
    let upper = word.to_ascii_uppercase();
    let best = Keyword::KNOWN
        .iter()
        .map(|k| (crate::suggest::levenshtein(&upper, k.as_str()), k.as_str()))
        .min();
    match best {
        Some((d, k)) if d == 1 || (d == 2 && upper.len() > 4) => {
            format!("unknown instruction: {word} (did you mean {k}?)")
        }
        _ => format!("unknown instruction: {word}"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::Keyword;
    use super::super::words::{BLANK, is_blank};
    use super::{STAGE_NAME, keyword_at};

    /// `keyword_at` finds the keyword and its end that a byte loop to the first blank and
    /// `Keyword::at` find, with every byte value planted at every position of lines of a short
    /// and a long keyword, from the line's start and after a blank, and with every end.
    #[test]
    fn keyword_at_reads_what_a_byte_loop_reads() {
        for sample in [
            &b"WORKDIR /app x"[..],
            b"run a",
            b"HEALTHCHECK NONE",
            b"Copy  a b c d",
        ] {
            for planted in 0..=255u8 {
                for at in 0..sample.len() {
                    let mut b = sample.to_vec();
                    b[at] = planted;
                    for start in [0, 1] {
                        let mut end = b.len();
                        while end > start && is_blank(b[end - 1]) {
                            end -= 1;
                        }
                        for end in start..=end {
                            let mut i = start;
                            while b.get(i).is_some_and(|&c| !BLANK[usize::from(c)]) {
                                i += 1;
                            }
                            let kw_end = i.min(end);
                            let expected = (Keyword::at(&b, start, kw_end), kw_end);
                            assert_eq!(keyword_at(&b, start, end), expected, "{b:?} {start} {end}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn stage_name_table_holds_the_bytes_of_the_character_classes() {
        for b in 0..=255u8 {
            let expected = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.');
            assert_eq!(STAGE_NAME[usize::from(b)], expected, "{b}");
        }
    }
}
